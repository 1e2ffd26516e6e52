/* gj-client-https.c: the client's requests over HTTPS, the peer pinned
 *
 * Every request of a laptop goes through _gj_client_send(): it presents
 * this device's certificate, accepts only the certificate of the device
 * expected (the district server's id, or a paired laptop's), and turns
 * any answer but a success into an error that names the other side and
 * carries its own words.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-client"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "gj-changeset.h"
#include "gj-client-private.h"
#include "gj-json-scan.h"
#include "gj-no-authorities.h"
#include "gj-sync-error.h"

static gboolean
accept_certificate_cb (SoupMessage          *msg,
                       GTlsCertificate      *cert,
                       GTlsCertificateFlags  errors,
                       gpointer              user_data)
{
  Pin *pin = user_data;
  g_autofree char *id = gj_certificate_device_id (cert);

  g_free (pin->seen);
  pin->seen = g_strdup (id);
  if (id != NULL && (pin->expected == NULL || g_str_has_prefix (id, pin->expected)))
    return TRUE;
  pin->mismatch = TRUE;
  return FALSE;
}

/* The error code of a refusal with the HTTP @status. */
/* Reads the answer on @stream, refusing one over GJ_CHANGESET_MAX_BYTES
 * (no answer of the protocol is larger: a page is bounded so, a chunk of
 * a file is 4 MB), so that a peer cannot make this device hold whatever
 * it sends before any check has looked at it. */
static GBytes *
read_bounded (GInputStream  *stream,
              GCancellable  *cancellable,
              GError       **error)
{
  g_autoptr(GByteArray) buf = g_byte_array_new ();
  gsize block = 64 * 1024;

  for (;;)
    {
      gsize got = 0;
      gsize at = buf->len;

      if (buf->len > GJ_CHANGESET_MAX_BYTES)
        {
          g_set_error (error, GJ_SYNC_ERROR, GJ_SYNC_ERROR_TOO_LARGE,
                       _("The other device's answer is larger than 16 MB; none of it was used"));
          return NULL;
        }
      g_byte_array_set_size (buf, at + block);
      if (!g_input_stream_read_all (stream, buf->data + at, block, &got, cancellable, error))
        return NULL;
      g_byte_array_set_size (buf, at + got);
      if (got < block)
        return g_byte_array_free_to_bytes (g_steal_pointer (&buf));
      block = MIN (block * 2, 1024 * 1024);
    }
}

static GjSyncError
status_code (guint status)
{
  switch (status)
    {
    case SOUP_STATUS_FORBIDDEN:
    case SOUP_STATUS_UNAUTHORIZED:
      return GJ_SYNC_ERROR_NOT_TRUSTED;
    case SOUP_STATUS_NOT_FOUND:
      return GJ_SYNC_ERROR_NO_SUCH_ADDRESS;
    case SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE:
      return GJ_SYNC_ERROR_TOO_LARGE;
    default:
      return GJ_SYNC_ERROR_PEER;
    }
}

GBytes *
_gj_client_send (SoupSession  *session,
                 SoupMessage  *msg,
                 GjIdentity   *identity,
                 Pin          *pin,
                 GError      **error)
{
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GError) local = NULL;
  g_autoptr(GInputStream) stream = NULL;
  guint status;

  soup_message_set_tls_client_certificate (msg, gj_identity_get_certificate (identity));
  g_signal_connect (msg, "accept-certificate", G_CALLBACK (accept_certificate_cb), pin);
  stream = soup_session_send (session, msg, pin->cancellable, &local);
  if (stream != NULL)
    {
      body = read_bounded (stream, pin->cancellable, &local);
      if (body == NULL && local->domain == GJ_SYNC_ERROR)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return NULL;
        }
    }
  if (body == NULL)
    {
      if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_propagate_error (error, g_steal_pointer (&local));
      else if (pin->mismatch && pin->peer_name)
        g_set_error (error, GJ_SYNC_ERROR, GJ_SYNC_ERROR_NOT_TRUSTED,
                     _("The computer at %s is not the laptop “%s” this one was paired with (its "
                       "certificate does not match); nothing was sent"),
                     g_uri_get_host (soup_message_get_uri (msg)), pin->peer_name);
      else if (pin->mismatch)
        g_set_error (error, GJ_SYNC_ERROR, GJ_SYNC_ERROR_NOT_TRUSTED,
                     _("The server at %s is not the district server this device was enrolled on "
                       "(its certificate does not match); nothing was sent"),
                     g_uri_get_host (soup_message_get_uri (msg)));
      else if (pin->peer_name)
        g_set_error (error, GJ_SYNC_ERROR, GJ_SYNC_ERROR_UNREACHABLE,
                     _("Could not reach the laptop “%s”: %s"), pin->peer_name, local->message);
      else
        g_set_error (error, GJ_SYNC_ERROR, GJ_SYNC_ERROR_UNREACHABLE,
                     _("Could not reach the district server: %s"), local->message);
      return NULL;
    }
  status = soup_message_get_status (msg);
  if (status != SOUP_STATUS_OK && status != SOUP_STATUS_ACCEPTED)
    {
      g_autoptr(JsonParser) parser = json_parser_new ();
      const char *text = NULL;
      JsonNode *root;

      /* The other side's words, if it is who it says: bounded first, since
       * json-glib recurses once per nesting level. */
      if (gj_json_scan_message (body) &&
          json_parser_load_from_data (parser, g_bytes_get_data (body, NULL),
                                      g_bytes_get_size (body), NULL) &&
          (root = json_parser_get_root (parser)) && JSON_NODE_HOLDS_OBJECT (root))
        text = json_object_get_string_member_with_default (json_node_get_object (root), "error", NULL);
      /* A request the other side does not know (an older version) has no
       * words of its own; a file it does not have (yet) has. */
      if (status == SOUP_STATUS_NOT_FOUND && text == NULL)
        g_set_error (error, GJ_SYNC_ERROR, GJ_SYNC_ERROR_NO_SUCH_ADDRESS,
                     _("The other device does not know the request “%s”"),
                     g_uri_get_path (soup_message_get_uri (msg)));
      else if (pin->peer_name)
        g_set_error (error, GJ_SYNC_ERROR, status_code (status),
                     _("The laptop “%s” refused: %s"), pin->peer_name,
                     text ? text : soup_status_get_phrase (status));
      else
        g_set_error (error, GJ_SYNC_ERROR, status_code (status),
                     _("The district server refused: %s"),
                     text ? text : soup_status_get_phrase (status));
      return NULL;
    }
  return g_steal_pointer (&body);
}

static GBytes *
https_request (GjExchangeTransport *transport,
               const char          *method,
               const char          *path_and_query,
               const char          *content_type,
               GBytes              *body,
               GError             **error)
{
  HttpsTransport *self = (HttpsTransport *) transport;
  g_autofree char *uri = g_strconcat (self->url, path_and_query, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, uri);
  GBytes *reply;

  if (msg == NULL)
    {
      g_set_error (error, GJ_SYNC_ERROR, GJ_SYNC_ERROR_UNREACHABLE,
                   _("“%s” is not an address to sync with"), self->url);
      return NULL;
    }
  if (body != NULL)
    soup_message_set_request_body_from_bytes (msg, content_type, body);
  reply = _gj_client_send (self->session, msg, self->identity, self->pin, error);
  /* Refusals are filed under the id the peer's certificate showed. */
  transport->peer_id = self->pin->seen;
  return reply;
}

SoupSession *
_gj_client_new_session (void)
{
  static gsize set_up = 0;
  SoupSession *session;

  if (g_once_init_enter (&set_up))
    {
      /* libsoup only sets a session's "tls-database" on a connection once
       * it is created, too late, so the database without authorities
       * becomes the process's default: sync is the only TLS a Gongjian
       * process speaks. It also makes the pin apply to every certificate:
       * one an authority vouched for would not reach accept_certificate_cb. */
      g_autoptr(GTlsDatabase) none = gj_no_authorities_new ();

      g_tls_backend_set_default_database (g_tls_backend_get_default (), none);
      g_once_init_leave (&set_up, 1);
    }
  /* No content decoder: bodies are gzip'd by us and inflated with a size
   * limit, and no proxy: the server is addressed directly. */
  session = soup_session_new_with_options ("timeout", 60, "proxy-resolver", NULL, NULL);
  soup_session_remove_feature_by_type (session, SOUP_TYPE_CONTENT_DECODER);
  return session;
}

void
_gj_client_https_init (HttpsTransport *https,
                       SoupSession    *session,
                       GjIdentity     *identity,
                       Pin            *pin,
                       const char     *url)
{
  memset (https, 0, sizeof *https);
  https->parent.request = https_request;
  https->parent.peer_is_laptop = pin->peer_name != NULL;
  https->session = session;
  https->identity = identity;
  https->pin = pin;
  https->url = url;
}
