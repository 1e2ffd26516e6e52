/* gj-server.c: the HTTPS endpoint of the district server or of a laptop
 *
 * Every connection is mutual TLS. The TLS layer accepts any client
 * certificate because devices sign their own; who may do what is decided
 * per request from the certificate's fingerprint and the registry:
 *
 *   POST /v1/enroll   a new device redeems a one-time token (server)
 *   POST /v1/pair     a colleague's laptop asks to pair (laptop)
 *   GET  /v1/changes  an enrolled or paired device pulls its street's changes
 *   POST /v1/changes  an enrolled or paired device pushes its changes
 *   /v1/files/…       an enrolled or paired device sends or fetches the
 *                     attached files its street's records name
 *                     (gj-file-exchange.c, gj-server-files.c)
 *
 * A laptop serves the same changes as the server, limited to its own
 * street, to the laptops a person here has accepted (gj-pairing.c).
 *
 * Changeset bodies are gzip'd JSON (gj-changeset.c). Errors are JSON
 * objects {"error": "..."} with a sentence a person can act on. Connections
 * reach libsoup only once they have authenticated (gj-server-door.c).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-server"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "gj-changeset.h"
#include "gj-data-error.h"
#include "gj-exchange.h"
#include "gj-json-scan.h"
#include "gj-pairing.h"
#include "gj-server-private.h"
#include "gj-site-names.h"
#include "gj-sync-error.h"

/* Enrolment and pairing requests are small JSON objects. */
#define MAX_JSON_REQUEST (64 * 1024)

G_DEFINE_FINAL_TYPE (GjServer, gj_server, G_TYPE_OBJECT)

enum { PAIR_REQUESTED, CHANGES_APPLIED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void
gj_server_finalize (GObject *object)
{
  GjServer *self = GJ_SERVER (object);

  if (self->service)
    {
      g_socket_service_stop (self->service);
      g_socket_listener_close (G_SOCKET_LISTENER (self->service));
      g_clear_object (&self->service);
    }
  _gj_server_drop_unauthenticated (self);
  if (self->soup)
    soup_server_disconnect (self->soup);
  g_clear_object (&self->soup);
  g_clear_object (&self->store);
  g_clear_object (&self->registry);
  g_clear_object (&self->identity);
  g_clear_object (&self->blobs);
  G_OBJECT_CLASS (gj_server_parent_class)->finalize (object);
}

static void
gj_server_class_init (GjServerClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gj_server_finalize;

  /* A laptop asked to pair (peer mode only): its device id, the name it
   * gives, and the code to compare with the one on its screen. Emitted in
   * the thread that runs the server's main context. */
  signals[PAIR_REQUESTED] = g_signal_new ("pair-requested", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE,
                                          3, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING);
  /* A device pushed changes that altered records here (its device id). */
  signals[CHANGES_APPLIED] = g_signal_new ("changes-applied", G_TYPE_FROM_CLASS (klass),
                                           G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE,
                                           1, G_TYPE_STRING);
}

static void
gj_server_init (GjServer *self)
{
}

static void
reply_json (SoupServerMessage *msg,
            guint              status,
            JsonBuilder       *b)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (b);
  gsize len;
  char *text;

  json_generator_set_root (gen, root);
  text = json_generator_to_data (gen, &len);
  soup_server_message_set_status (msg, status, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_TAKE, text, len);
}

static void
reply_error (SoupServerMessage *msg,
             guint              status,
             const char        *message)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "error");
  json_builder_add_string_value (b, message);
  json_builder_end_object (b);
  reply_json (msg, status, b);
  g_message ("%s %s: %u %s", soup_server_message_get_method (msg),
             g_uri_get_path (soup_server_message_get_uri (msg)), status, message);
}

void
_gj_server_reply_error (SoupServerMessage *msg,
                        guint              status,
                        const char        *message)
{
  reply_error (msg, status, message);
}

/* The device id of the connection's client certificate. The handshake is
 * ours (see gj_server_listen), so libsoup never sees the certificate; the
 * id travels on the remote address object, which libsoup keeps for the
 * connection's whole life and hands back with every message. */
static char *
peer_device_id (SoupServerMessage *msg)
{
  GSocketAddress *remote = soup_server_message_get_remote_address (msg);

  return remote ? g_strdup (g_object_get_data (G_OBJECT (remote), "gj-device-id")) : NULL;
}

static void
request_started_cb (SoupServer        *server,
                    SoupServerMessage *msg,
                    gpointer           user_data)
{
  /* One exchange per connection, so a connection of a device that is
   * revoked meanwhile cannot go on, and an idle one holds nothing. A page
   * is thousands of cells, so the extra handshake is cheap. */
  soup_message_headers_replace (soup_server_message_get_response_headers (msg),
                                "Connection", "close");
}

/* An enrolled, unrevoked device with a street, or NULL after replying.
 * Called before the body is read and again when it is handled. */
static GjDevice *
authorize (GjServer          *self,
           SoupServerMessage *msg,
           gboolean           touch)
{
  g_autofree char *id = peer_device_id (msg);
  GjDevice *device;

  if (id == NULL)
    {
      reply_error (msg, SOUP_STATUS_UNAUTHORIZED,
                   _("This connection has no device certificate; only Gongjian devices can sync"));
      return NULL;
    }
  device = gj_registry_lookup (self->registry, id);
  if (self->peer_mode && (device == NULL || device->revoked || device->street_id == NULL))
    {
      reply_error (msg, SOUP_STATUS_FORBIDDEN,
                   device && device->revoked
                   ? _("This laptop was unpaired by its user; pair again to sync with it")
                   : _("The two laptops are not paired yet; pair them and compare the code "
                       "on both screens"));
      gj_device_free (device);
      return NULL;
    }
  if (device == NULL || device->revoked || device->street_id == NULL)
    {
      reply_error (msg, SOUP_STATUS_FORBIDDEN,
                   device && device->revoked
                   ? _("This device was revoked by the district administrator")
                   : _("This device is not enrolled on the district server; enrol it with a token "
                       "from the district administrator"));
      gj_device_free (device);
      return NULL;
    }
  if (touch)
    gj_registry_touch (self->registry, id);
  return device;
}

static JsonObject *
parse_json_body (SoupServerMessage *msg)
{
  SoupMessageBody *body = soup_server_message_get_request_body (msg);
  g_autoptr(GBytes) bytes = soup_message_body_flatten (body);
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);
  JsonNode *root;

  /* Anyone may send an enrolment or pairing request: its nesting and size
   * are bounded before json-glib builds anything. */
  if (!gj_json_scan_message (bytes) ||
      !json_parser_load_from_data (parser, data ? data : "", len, NULL) ||
      !(root = json_parser_get_root (parser)) || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  return json_object_ref (json_node_get_object (root));
}

static const char *
member_string (JsonObject *o,
               const char *name)
{
  JsonNode *n = json_object_get_member (o, name);

  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (n);
}

/* NULL without @error when neither the records nor the registry know the
 * street; a store that cannot be read is an error, not an unknown street. */
static char *
street_id_by_name (GjServer    *self,
                   const char  *name,
                   GError     **error)
{
  GjFilter f = { "name", name };
  GjQuery q = { .filters = &f, .n_filters = 1 };
  g_autoptr(GPtrArray) found = gj_store_list (self->store, gj_schema_lookup ("street"), &q, error);

  if (found == NULL)
    return NULL;
  if (found->len > 0)
    return g_strdup (((GjRecord *) found->pdata[0])->id);
  return gj_registry_street_id_for (self->registry, name);
}

static void
handle_enroll (GjServer          *self,
               SoupServerMessage *msg)
{
  g_autoptr(JsonObject) req = parse_json_body (msg);
  g_autoptr(GError) error = NULL;
  g_autofree char *device_id = peer_device_id (msg);
  g_autofree char *street_name = NULL;
  g_autofree char *street_id = NULL;
  g_autofree char *redeemed = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  const char *token, *name, *laptop_street, *laptop_street_name, *laptop_site;
  gboolean again = FALSE;

  if (device_id == NULL)
    {
      reply_error (msg, SOUP_STATUS_UNAUTHORIZED,
                   _("This connection has no device certificate; only Gongjian devices can enrol"));
      return;
    }
  if (req == NULL || (token = member_string (req, "token")) == NULL)
    {
      reply_error (msg, SOUP_STATUS_BAD_REQUEST, _("The enrolment request is malformed"));
      return;
    }
  name = member_string (req, "name");
  laptop_street = member_string (req, "street_id");
  laptop_street_name = member_string (req, "street_name");
  laptop_site = member_string (req, "site");

  if (laptop_site != NULL && g_strcmp0 (laptop_site, gj_store_get_site_id (self->store)) == 0)
    {
      reply_error (msg, SOUP_STATUS_CONFLICT,
                   _("This database is a copy of the district server's own; use a new database"));
      return;
    }

  street_name = gj_registry_token_street (self->registry, token, device_id, &again, &error);
  if (street_name == NULL)
    {
      reply_error (msg, SOUP_STATUS_FORBIDDEN, error->message);
      return;
    }

  /* Asked again by the device that redeemed the token (its answer was
   * lost): the street it was given then, not one worked out anew. */
  if (again)
    {
      g_autoptr(GjDevice) known = gj_registry_lookup (self->registry, device_id);

      if (known != NULL)
        street_id = g_strdup (known->street_id);
    }
  /* The street's id comes from the server's records if it has them, else
   * from the first laptop of that street to enrol. */
  if (street_id == NULL && !(street_id = street_id_by_name (self, street_name, &error)) &&
      error != NULL)
    {
      reply_error (msg, SOUP_STATUS_INTERNAL_SERVER_ERROR, error->message);
      return;
    }
  if (street_id == NULL && laptop_street != NULL &&
      g_strcmp0 (laptop_street_name, street_name) == 0)
    street_id = g_strdup (laptop_street);
  if (street_id == NULL)
    {
      g_autofree char *m = g_strdup_printf (_("The district server has no records of %s yet; "
                                              "enrol a laptop of that street that has its "
                                              "records first"), street_name);
      reply_error (msg, SOUP_STATUS_CONFLICT, m);
      return;
    }
  if (laptop_street != NULL && g_strcmp0 (laptop_street, street_id) != 0)
    {
      g_autofree char *m = g_strdup_printf (_("This database belongs to another street than %s; "
                                              "enrol with a new, empty database"), street_name);
      reply_error (msg, SOUP_STATUS_CONFLICT, m);
      return;
    }

  redeemed = gj_registry_redeem_token (self->registry, token, device_id, name, street_id, &error);
  if (redeemed == NULL)
    {
      reply_error (msg, SOUP_STATUS_FORBIDDEN, error->message);
      return;
    }
  g_message ("%s device %.16s (%s) for %s", again ? "answered again to enrolled" : "enrolled",
             device_id, name ? name : "?", street_name);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "device");
  json_builder_add_string_value (b, device_id);
  json_builder_set_member_name (b, "street_id");
  json_builder_add_string_value (b, street_id);
  json_builder_set_member_name (b, "street_name");
  json_builder_add_string_value (b, street_name);
  json_builder_set_member_name (b, "server");
  json_builder_add_string_value (b, gj_identity_get_device_id (self->identity));
  json_builder_end_object (b);
  reply_json (msg, SOUP_STATUS_OK, b);
}

static void
handle_pull (GjServer          *self,
             SoupServerMessage *msg,
             GjDevice          *device,
             GHashTable        *query)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) gz = gj_exchange_answer_pull (self->store, device->street_id, query, &error);

  if (gz == NULL)
    {
      reply_error (msg, g_error_matches (error, GJ_SYNC_ERROR, GJ_SYNC_ERROR_MALFORMED)
                        ? SOUP_STATUS_BAD_REQUEST : SOUP_STATUS_INTERNAL_SERVER_ERROR,
                   error->message);
      return;
    }
  self->bytes_sent += g_bytes_get_size (gz);
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/x-gongjian-changeset+gzip", SOUP_MEMORY_COPY,
                                    g_bytes_get_data (gz, NULL), g_bytes_get_size (gz));
}

/* What this version understands, asked before pages are exchanged. */
static void
handle_hello (SoupServerMessage *msg)
{
  g_autoptr(GBytes) answer = gj_exchange_answer_hello ();

  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY,
                                    g_bytes_get_data (answer, NULL), g_bytes_get_size (answer));
}

static void
handle_push (GjServer          *self,
             SoupServerMessage *msg,
             GjDevice          *device)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  g_autoptr(GBytes) answer = NULL;
  gboolean applied = FALSE;
  guint status;

  answer = gj_exchange_answer_push (self->store, device->id, device->street_id, body, &applied,
                                    &error);
  if (answer == NULL)
    {
      if (error->domain != GJ_SYNC_ERROR)
        status = SOUP_STATUS_INTERNAL_SERVER_ERROR;
      else if (error->code == GJ_SYNC_ERROR_TOO_LARGE)
        status = SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE;
      else if (error->code == GJ_SYNC_ERROR_SAME_SITE)
        status = SOUP_STATUS_CONFLICT;
      else
        status = SOUP_STATUS_BAD_REQUEST;
      reply_error (msg, status, error->message);
      return;
    }
  if (applied)
    g_signal_emit (self, signals[CHANGES_APPLIED], 0, device->id);
  soup_server_message_set_status (msg, SOUP_STATUS_OK, NULL);
  soup_server_message_set_response (msg, "application/json", SOUP_MEMORY_COPY,
                                    g_bytes_get_data (answer, NULL), g_bytes_get_size (answer));
}

static void
handle_pair (GjServer          *self,
             SoupServerMessage *msg)
{
  g_autoptr(JsonObject) req = parse_json_body (msg);
  g_autoptr(GError) error = NULL;
  g_autoptr(GjDevice) known = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *device_id = peer_device_id (msg);
  g_autofree char *code = NULL;
  g_autofree char *url = NULL;
  const char *own_street = gj_store_get_street (self->store);
  const char *name, *site, *street_id, *street_name;
  gint64 port;
  gboolean paired;

  if (device_id == NULL)
    {
      reply_error (msg, SOUP_STATUS_UNAUTHORIZED,
                   _("This connection has no device certificate; only Gongjian laptops can pair"));
      return;
    }
  if (req == NULL || (site = member_string (req, "site")) == NULL)
    {
      reply_error (msg, SOUP_STATUS_BAD_REQUEST, _("The pairing request is malformed"));
      return;
    }
  name = member_string (req, "name");
  street_id = member_string (req, "street_id");
  street_name = member_string (req, "street_name");
  if (g_str_equal (site, gj_store_get_site_id (self->store)) ||
      g_str_equal (device_id, gj_identity_get_device_id (self->identity)))
    {
      reply_error (msg, SOUP_STATUS_CONFLICT,
                   _("The two laptops hold copies of the same database; a copied database "
                     "cannot pair — start the other laptop with a new one"));
      return;
    }
  /* A laptop without records yet takes this one's street once paired. */
  if (own_street == NULL || (street_id != NULL && !g_str_equal (street_id, own_street)))
    {
      reply_error (msg, SOUP_STATUS_CONFLICT,
                   _("The two laptops keep the records of different streets; only laptops of "
                     "the same street can pair"));
      return;
    }
  {
    JsonNode *n = json_object_get_member (req, "port");

    /* Anything but a whole number means "does not listen". */
    port = n != NULL && JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_INT64
           ? json_node_get_int (n) : 0;
  }
  if (port > 0 && port < 65536)
    {
      const char *host = soup_server_message_get_remote_host (msg);
      url = strchr (host, ':') ? g_strdup_printf ("https://[%s]:%d", host, (int) port)
                               : g_strdup_printf ("https://%s:%d", host, (int) port);
    }
  known = gj_registry_lookup (self->registry, device_id);
  if (!gj_registry_add_pending (self->registry, device_id, name, street_name, url, &error))
    {
      reply_error (msg, SOUP_STATUS_FORBIDDEN, error->message);
      return;
    }
  paired = known != NULL && known->street_id != NULL;
  code = gj_pairing_code (gj_identity_get_device_id (self->identity), device_id);
  if (paired)
    gj_registry_touch (self->registry, device_id);
  else if (known == NULL)
    /* The asker polls until accepted: tell people here once. */
    g_signal_emit (self, signals[PAIR_REQUESTED], 0, device_id, name ? name : "", code);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "status");
  json_builder_add_string_value (b, paired ? "paired" : "pending");
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, gj_device_name ());
  json_builder_set_member_name (b, "device");
  json_builder_add_string_value (b, gj_identity_get_device_id (self->identity));
  if (paired)
    {
      json_builder_set_member_name (b, "street_id");
      json_builder_add_string_value (b, own_street);
    }
  json_builder_end_object (b);
  reply_json (msg, paired ? SOUP_STATUS_OK : SOUP_STATUS_ACCEPTED, b);
}

static void
handle_cb (SoupServer        *server,
           SoupServerMessage *msg,
           const char        *path,
           GHashTable        *query,
           gpointer           user_data)
{
  GjServer *self = user_data;
  const char *method = soup_server_message_get_method (msg);
  g_autoptr(GjDevice) device = NULL;

  if (!self->peer_mode && g_str_equal (path, "/v1/enroll") && g_str_equal (method, "POST"))
    {
      handle_enroll (self, msg);
      return;
    }
  if (self->peer_mode && g_str_equal (path, "/v1/pair") && g_str_equal (method, "POST"))
    {
      handle_pair (self, msg);
      return;
    }
  if (g_str_has_prefix (path, "/v1/files/"))
    {
      if ((device = authorize (self, msg, TRUE)) != NULL)
        _gj_server_handle_files (self, msg, path, query, device);
      return;
    }
  if (!g_str_equal (path, "/v1/changes") && !g_str_equal (path, "/v1/hello"))
    {
      reply_error (msg, SOUP_STATUS_NOT_FOUND, _("No such address on this Gongjian server"));
      return;
    }
  if ((device = authorize (self, msg, TRUE)) == NULL)
    return;
  if (g_str_equal (path, "/v1/hello") && g_str_equal (method, "GET"))
    handle_hello (msg);
  else if (g_str_equal (path, "/v1/hello"))
    reply_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, _("Use GET"));
  else if (g_str_equal (method, "GET"))
    handle_pull (self, msg, device, query);
  else if (g_str_equal (method, "POST"))
    handle_push (self, msg, device);
  else
    reply_error (msg, SOUP_STATUS_METHOD_NOT_ALLOWED, _("Use GET or POST"));
}

static void
refusal_written_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GIOStream) stream = user_data;

  g_output_stream_write_all_finish (G_OUTPUT_STREAM (source), result, NULL, NULL);
  g_io_stream_close_async (stream, G_PRIORITY_DEFAULT, NULL, NULL, NULL);
}

/* Sends the answer set on @msg and closes the connection without reading
 * the request body: libsoup 3.2 would read it first (unless the client
 * asked “Expect: 100-continue”), so the connection is taken over. */
static void
refuse_before_body (SoupServerMessage *msg)
{
  SoupMessageHeaders *h = soup_server_message_get_request_headers (msg);
  g_autoptr(GBytes) body = soup_message_body_flatten (soup_server_message_get_response_body (msg));
  guint status = soup_server_message_get_status (msg);
  g_autoptr(GIOStream) stream = NULL;
  GString *text;

  /* Without a body libsoup's own answer is just as quick. */
  if (soup_message_headers_get_content_length (h) == 0 &&
      soup_message_headers_get_encoding (h) != SOUP_ENCODING_CHUNKED)
    return;
  stream = soup_server_message_steal_connection (msg);
  if (stream == NULL)
    return;
  text = g_string_new (NULL);
  g_string_append_printf (text, "HTTP/1.1 %u %s\r\nContent-Type: application/json\r\n"
                          "Content-Length: %" G_GSIZE_FORMAT "\r\nConnection: close\r\n\r\n",
                          status, soup_status_get_phrase (status), g_bytes_get_size (body));
  g_string_append_len (text, g_bytes_get_data (body, NULL), g_bytes_get_size (body));
  g_output_stream_write_all_async (g_io_stream_get_output_stream (stream), text->str, text->len,
                                   G_PRIORITY_DEFAULT, NULL, refusal_written_cb,
                                   g_object_ref (stream));
  /* The buffer must outlive the write; it goes with the stream. */
  g_object_set_data_full (G_OBJECT (stream), "gj-refusal", g_string_free (text, FALSE), g_free);
}

/* Judges a request from its headers, before its body is read: an
 * oversized body, and a device that may not sync here, are refused at
 * once, so neither makes the server receive and hold megabytes. */
static void
early_cb (SoupServer        *server,
          SoupServerMessage *msg,
          const char        *path,
          GHashTable        *query,
          gpointer           user_data)
{
  GjServer *self = user_data;
  SoupMessageHeaders *h = soup_server_message_get_request_headers (msg);
  goffset len = soup_message_headers_get_content_length (h);
  gboolean json_request = g_str_equal (path, "/v1/enroll") || g_str_equal (path, "/v1/pair");

  /* A chunk of a file is judged by its own limit, and only a device that
   * may sync here gets to send one. */
  if (g_str_has_prefix (path, "/v1/files/"))
    {
      g_autoptr(GjDevice) device = NULL;

      if (_gj_server_files_refuse_early (self, msg) || !(device = authorize (self, msg, FALSE)))
        refuse_before_body (msg);
      return;
    }
  if (len > (json_request ? MAX_JSON_REQUEST : GJ_CHANGESET_MAX_BYTES) ||
      soup_message_headers_get_encoding (h) == SOUP_ENCODING_CHUNKED)
    {
      reply_error (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE,
                   _("The request is too large or of unknown length; "
                     "send at most 16 MB at a time"));
      refuse_before_body (msg);
      return;
    }
  if (g_str_equal (path, "/v1/changes"))
    {
      g_autoptr(GjDevice) device = authorize (self, msg, FALSE);

      if (device == NULL)
        refuse_before_body (msg);
    }
}

GjServer *
gj_server_new (const char  *data_dir,
               GError     **error)
{
  g_autoptr(GjServer) self = g_object_new (GJ_TYPE_SERVER, NULL);
  g_autofree char *store_path = g_build_filename (data_dir, "server.db", NULL);
  g_autofree char *registry_path = g_build_filename (data_dir, "registry.db", NULL);
  g_autofree char *identity_dir = g_build_filename (data_dir, "identity", NULL);
  g_autofree char *files_dir = g_build_filename (data_dir, "files", NULL);

  if (!(self->store = gj_store_open (store_path, error)) ||
      !(self->registry = gj_registry_open (registry_path, error)) ||
      !(self->identity = gj_identity_load_or_create (identity_dir, error)) ||
      !(self->blobs = gj_blob_store_new (files_dir, error)))
    return NULL;
  _gj_server_load_file_limits (self);
  return g_steal_pointer (&self);
}

GjServer *
gj_server_new_for_peer (GjStore     *store,
                        GjIdentity  *identity,
                        GjRegistry  *peers)
{
  GjServer *self = g_object_new (GJ_TYPE_SERVER, NULL);
  g_autoptr(GError) error = NULL;

  self->store = g_object_ref (store);
  self->identity = g_object_ref (identity);
  self->registry = g_object_ref (peers);
  self->peer_mode = TRUE;
  /* A colleague's laptop (or a stolen one) needs only records that name
   * arbitrary hashes to send file after file: a laptop takes a file up to
   * the district's default largest file (it is told the district's own
   * limit nowhere), and every receiver keeps its disk floor. It has no
   * quota: it keeps one street's files and fetches them anyway. A store
   * in memory (tests) keeps no files, and files requests are answered so. */
  self->blobs = gj_blob_store_for_store (store, &error);
  if (self->blobs == NULL)
    g_debug ("serving no files: %s", error->message);
  self->limits = (GjFileLimits) { GJ_FILE_MAX_SIZE_DEFAULT, 0, TRUE };
  return self;
}

GjStore *
gj_server_get_store (GjServer *self)
{
  return self->store;
}

GjRegistry *
gj_server_get_registry (GjServer *self)
{
  return self->registry;
}

GjIdentity *
gj_server_get_identity (GjServer *self)
{
  return self->identity;
}

guint64
gj_server_get_bytes_sent (GjServer *self)
{
  return self->bytes_sent;
}

char *
gj_server_create_token (GjServer    *self,
                        const char  *street_name,
                        GError     **error)
{
  g_autofree char *secret = gj_registry_create_token (self->registry, street_name, 24 * 3600,
                                                      error);

  if (secret == NULL)
    return NULL;
  return g_strdup_printf ("%s-%.16s", secret, gj_identity_get_device_id (self->identity));
}

/* Listens on @address. The TLS handshake is done here rather than by
 * libsoup, which has no handshake timeout and starts every handshake at
 * once; each authenticated connection is then handed to libsoup. */
gboolean
gj_server_listen (GjServer    *self,
                  const char  *address,
                  GError     **error)
{
  g_autoptr(GSocketAddress) addr = NULL;
  g_autoptr(GSocketAddress) effective = NULL;
  g_autoptr(GSocketConnectable) connectable = NULL;
  g_autoptr(GSocketAddressEnumerator) en = NULL;
  g_autoptr(GSocketService) service = NULL;

  g_return_val_if_fail (self->soup == NULL, FALSE);

  connectable = g_network_address_parse (address, 8443, error);
  if (connectable == NULL)
    return FALSE;
  en = g_socket_connectable_enumerate (connectable);
  addr = g_socket_address_enumerator_next (en, NULL, error);
  if (addr == NULL)
    return FALSE;

  service = g_socket_service_new ();
  /* Room for a burst of connections while they are being accepted. */
  g_socket_listener_set_backlog (G_SOCKET_LISTENER (service), 256);
  if (!g_socket_listener_add_address (G_SOCKET_LISTENER (service), addr, G_SOCKET_TYPE_STREAM,
                                      G_SOCKET_PROTOCOL_TCP, NULL, &effective, error))
    return FALSE;

  self->soup = soup_server_new ("server-header",
                                self->peer_mode ? "gongjian/" PACKAGE_VERSION
                                                : "gongjian-server/" PACKAGE_VERSION,
                                NULL);
  g_signal_connect (self->soup, "request-started", G_CALLBACK (request_started_cb), self);
  soup_server_add_early_handler (self->soup, "/v1", early_cb, self, NULL);
  soup_server_add_handler (self->soup, "/v1", handle_cb, self, NULL);

  self->service = g_steal_pointer (&service);
  g_signal_connect (self->service, "incoming", G_CALLBACK (_gj_server_incoming_cb), self);
  g_socket_service_start (self->service);
  self->port = g_inet_socket_address_get_port (G_INET_SOCKET_ADDRESS (effective));
  return TRUE;
}

guint
gj_server_get_port (GjServer *self)
{
  return self->port;
}
