/* gj-server-files.c: attached files on the district server and on a laptop
 *
 * The server's side of the file protocol (gj-file-exchange.c) over
 * libsoup: a request under /v1/files/ from an authorized device is
 * answered by gj_file_exchange_answer() for the device's street, with the
 * district's limits on the district server and a laptop's own limits on a
 * laptop that listens (gj_server_new_for_peer()). The
 * district server keeps the files in "files" in its data folder; a laptop
 * keeps them beside its database, where its own attachments are.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-server"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsoup/soup.h>

#include "gj-server-private.h"

/* A request about a file carries one chunk at most; the room over it is
 * for nothing but keeps a slightly different chunking of a later version
 * from being refused outright. */
#define MAX_FILE_REQUEST (GJ_BLOB_CHUNK_SIZE + 64 * 1024)

/* A limit from the store's meta: a whole number of bytes above 0. */
static gint64
meta_limit (GjStore    *store,
            const char *key,
            gint64      fallback)
{
  g_autofree char *text = gj_store_get_meta (store, key);
  guint64 value;

  if (text == NULL)
    return fallback;
  if (!g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64, &value, NULL))
    {
      g_warning ("meta %s is not a number of bytes (“%s”); using %" G_GINT64_FORMAT,
                 key, text, fallback);
      return fallback;
    }
  return (gint64) value;
}

void
_gj_server_load_file_limits (GjServer *self)
{
  self->limits.max_file_size = meta_limit (self->store, "files.max_size",
                                           GJ_FILE_MAX_SIZE_DEFAULT);
  self->limits.street_quota = meta_limit (self->store, "files.street_quota",
                                          GJ_FILE_STREET_QUOTA_DEFAULT);
}

gboolean
_gj_server_files_refuse_early (GjServer          *self,
                               SoupServerMessage *msg)
{
  SoupMessageHeaders *h = soup_server_message_get_request_headers (msg);

  if (soup_message_headers_get_encoding (h) == SOUP_ENCODING_CHUNKED ||
      soup_message_headers_get_content_length (h) > MAX_FILE_REQUEST)
    {
      _gj_server_reply_error (msg, SOUP_STATUS_REQUEST_ENTITY_TOO_LARGE,
                              _("A request about a file may carry at most one chunk of 4 MB, "
                                "of known length; nothing of it was read"));
      return TRUE;
    }
  return FALSE;
}

void
_gj_server_handle_files (GjServer          *self,
                         SoupServerMessage *msg,
                         const char        *path,
                         GHashTable        *query,
                         GjDevice          *device)
{
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(GError) error = NULL;
  const char *content_type = NULL;
  guint status = SOUP_STATUS_INTERNAL_SERVER_ERROR;

  if (self->blobs == NULL)
    {
      _gj_server_reply_error (msg, SOUP_STATUS_NOT_FOUND,
                              _("This laptop keeps no attached files"));
      return;
    }
  body = soup_message_body_flatten (soup_server_message_get_request_body (msg));
  answer = gj_file_exchange_answer (self->store, self->blobs, &self->limits, device->street_id,
                                    soup_server_message_get_method (msg), path, query, body,
                                    &status, &content_type, &error);
  if (answer == NULL)
    {
      _gj_server_reply_error (msg, status, error->message);
      return;
    }
  soup_server_message_set_status (msg, status, NULL);
  soup_message_headers_set_content_type (soup_server_message_get_response_headers (msg),
                                         content_type, NULL);
  soup_message_body_append_bytes (soup_server_message_get_response_body (msg), answer);
}

void
gj_server_set_file_limits (GjServer           *self,
                           const GjFileLimits *limits)
{
  g_return_if_fail (GJ_IS_SERVER (self));
  g_return_if_fail (limits != NULL);

  self->limits = *limits;
}

GjBlobStore *
gj_server_get_blobs (GjServer *self)
{
  g_return_val_if_fail (GJ_IS_SERVER (self), NULL);

  return self->blobs;
}
