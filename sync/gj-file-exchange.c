/* gj-file-exchange.c: attached files between two devices, in chunks
 *
 * Records travel in changesets (gj-exchange.c); the bytes of an attached
 * file travel apart, named by their SHA-256 (64 lowercase hexadecimal
 * digits), in chunks of GJ_BLOB_CHUNK_SIZE (4 MB; the last one shorter),
 * under /v1/files/ on the district server and on a laptop that listens:
 *
 *   GET  /v1/files/SHA/sums              the file's size and the SHA-256 of
 *                                        each chunk, in order:
 *                                        {"size": N, "chunk_size": 4194304,
 *                                         "sums": ["…", …]}
 *   GET  /v1/files/SHA?offset=N          the chunk at N (a multiple of the
 *                                        chunk size), as bytes
 *   POST /v1/files/SHA/upload?size=N     asks to send the file of N bytes,
 *                                        with no body; judged before any
 *                                        byte is sent: {"received": R,
 *                                        "complete": false} (go on at R)
 *                                        or {"received": N, "complete": true}
 *   PUT  /v1/files/SHA?offset=N&size=N&sum=CHUNKSHA
 *                                        the chunk at N of the file of
 *                                        N bytes, whose own SHA-256 is
 *                                        CHUNKSHA; answered as the POST
 *
 * Every request comes from a device authorized as for records, and names
 * a file that a live attachment of the device's street refers to (else
 * 403); a file of another street's records is neither sent nor taken. An
 * upload is also judged, at the POST and again at every PUT, on the size
 * the records give the file, the largest file the district allows and
 * the street's quota (else 413; a laptop that listens takes at most
 * GJ_FILE_MAX_SIZE_DEFAULT per file and has no quota), and on the room
 * it would leave on the receiver's disk (else 507, gj-file-limits.c;
 * a download is judged so too). A hash, number or path that is not
 * exactly as above is refused with 400 before it names anything on the
 * disk; a file not (yet) here is 404; a chunk at another offset than the
 * one the upload has reached is 409, and the sender asks again with the
 * POST and goes on where the other side says. Refusals are JSON objects
 * {"error": "…"} with a sentence for the sender's user.
 *
 * The asking side keeps at most one chunk in memory. A download checks
 * each chunk against the sums, asks again for one that does not match
 * (a few times), and the blob store checks the whole file's hash before
 * the file takes its name, so a peer that lies about the sums gets
 * nothing kept. An interrupted transfer resumes: the receiver keeps what
 * it has received (gj_blob_store_received()) and both sides start there.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-file-exchange"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <string.h>

#include "gj-attachments.h"
#include "gj-data-error.h"
#include "gj-file-exchange.h"
#include "gj-file-limits.h"
#include "gj-json-scan.h"
#include "gj-sha256.h"
#include "gj-sync-error.h"

#define FILES_PREFIX "/v1/files/"
/* A damaged chunk is asked for this many times before the download stops;
 * an upload that the other side could not take goes on this many times. */
#define MAX_TRIES 3
/* The answer to a POST or a PUT is a couple of members. */
#define MAX_STATE_ANSWER 1024
/* A sum in the sums answer takes 67 bytes with its quotes and comma. */
#define SUM_TEXT_BYTES 80

/* The largest file sent at all, 4 TB, whatever a record says: its chunk
 * count and the length of its sums answer stay well inside their types. */
#define MAX_TRANSFER_SIZE ((gint64) GJ_BLOB_CHUNK_SIZE << 20)

/* For sizes up to MAX_TRANSFER_SIZE. */
static guint
n_chunks (gint64 size)
{
  return (guint) ((size + GJ_BLOB_CHUNK_SIZE - 1) / GJ_BLOB_CHUNK_SIZE);
}

static gsize
chunk_length (gint64 size,
              gint64 offset)
{
  return (gsize) MIN ((gint64) GJ_BLOB_CHUNK_SIZE, size - offset);
}

/* The SHA-256 of a chunk in lowercase hexadecimal. */
static char *
chunk_sum (GBytes *chunk)
{
  gsize len;
  const void *data = g_bytes_get_data (chunk, &len);

  return gj_sha256_of (data, len);
}

/* The asking side. */

static gboolean
set_unreadable (GjExchangeTransport  *transport,
                const char           *sha256,
                GError              **error)
{
  g_set_error (error, GJ_SYNC_ERROR, GJ_SYNC_ERROR_MALFORMED,
               transport->peer_is_laptop
               ? _("The other laptop answered about the file %.12s… in a way that cannot be read; "
                   "nothing of it was changed. Update Gongjian on both laptops")
               : _("The district server answered about the file %.12s… in a way that cannot be "
                   "read; nothing of it was changed. Ask the district administrator to update "
                   "the server"),
               sha256);
  return FALSE;
}

/* The JSON object of an answer, bounded before json-glib sees it. */
static JsonObject *
parse_object (GBytes *bytes,
              gsize   max_len,
              guint   max_nodes)
{
  const GjJsonLimits limits = { 2, max_nodes };
  g_autoptr(JsonParser) parser = json_parser_new ();
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);
  JsonNode *root;

  if (len == 0 || len > max_len || !gj_json_scan (data, len, &limits, NULL) ||
      !json_parser_load_from_data (parser, data, len, NULL) ||
      !(root = json_parser_get_root (parser)) || !JSON_NODE_HOLDS_OBJECT (root))
    return NULL;
  return json_object_ref (json_node_get_object (root));
}

static gboolean
member_int (JsonObject *o,
            const char *name,
            gint64     *value)
{
  JsonNode *n = json_object_get_member (o, name);

  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_INT64)
    return FALSE;
  *value = json_node_get_int (n);
  return TRUE;
}

/* Reads {"received": R, "complete": B}: R must be where a transfer of
 * @size bytes can be, a chunk's start or the end. */
static gboolean
parse_state (GjExchangeTransport  *transport,
             GBytes               *answer,
             const char           *sha256,
             gint64                size,
             gint64               *received,
             gboolean             *complete,
             GError              **error)
{
  g_autoptr(JsonObject) o = parse_object (answer, MAX_STATE_ANSWER, 8);
  JsonNode *n;

  if (o == NULL || !member_int (o, "received", received) ||
      (n = json_object_get_member (o, "complete")) == NULL || !JSON_NODE_HOLDS_VALUE (n) ||
      json_node_get_value_type (n) != G_TYPE_BOOLEAN)
    return set_unreadable (transport, sha256, error);
  *complete = json_node_get_boolean (n);
  if (*received < 0 || *received > size ||
      (*received % GJ_BLOB_CHUNK_SIZE != 0 && *received != size) ||
      (*complete && *received != size))
    return set_unreadable (transport, sha256, error);
  return TRUE;
}

/* Reads the sums answer of a file of @size bytes: exactly one 64-digit
 * hash per chunk, in a body no larger than they need. */
static GStrv
parse_sums (GjExchangeTransport  *transport,
            GBytes               *answer,
            const char           *sha256,
            gint64                size,
            GError              **error)
{
  guint n = n_chunks (size);
  g_autoptr(JsonObject) o = parse_object (answer, (gsize) n * SUM_TEXT_BYTES + 256, n + 16);
  g_autoptr(GStrvBuilder) sums = g_strv_builder_new ();
  JsonNode *node;
  JsonArray *list;
  gint64 said_size, chunk_size;

  if (o == NULL || !member_int (o, "size", &said_size) || said_size != size ||
      !member_int (o, "chunk_size", &chunk_size) || chunk_size != GJ_BLOB_CHUNK_SIZE ||
      (node = json_object_get_member (o, "sums")) == NULL || !JSON_NODE_HOLDS_ARRAY (node) ||
      json_array_get_length (list = json_node_get_array (node)) != n)
    {
      set_unreadable (transport, sha256, error);
      return NULL;
    }
  for (guint i = 0; i < n; i++)
    {
      JsonNode *item = json_array_get_element (list, i);

      if (!JSON_NODE_HOLDS_VALUE (item) || json_node_get_value_type (item) != G_TYPE_STRING ||
          !gj_blob_store_is_hash (json_node_get_string (item)))
        {
          set_unreadable (transport, sha256, error);
          return NULL;
        }
      g_strv_builder_add (sums, json_node_get_string (item));
    }
  return g_strv_builder_end (sums);
}

static void
report (GjFileProgressFunc progress,
        gpointer           user_data,
        gint64             done,
        gint64             total)
{
  if (progress != NULL)
    progress (done, total, user_data);
}

/* Whether a failed request may be asked again: the other side answered,
 * with a refusal that the next question may clear up (a chunk at an
 * offset it no longer expects, or one damaged on the way). Transport
 * failures, refusals of trust and cancelling end the transfer. */
static gboolean
worth_asking_again (const GError *error)
{
  return g_error_matches (error, GJ_SYNC_ERROR, GJ_SYNC_ERROR_PEER);
}

static GBytes *
ask_upload (GjExchangeTransport  *transport,
            const char           *sha256,
            gint64                size,
            GError              **error)
{
  g_autofree char *path = g_strdup_printf (FILES_PREFIX "%s/upload?size=%" G_GINT64_FORMAT,
                                           sha256, size);

  return transport->request (transport, "POST", path, NULL, NULL, error);
}

gboolean
gj_file_exchange_upload (GjExchangeTransport *transport,
                         GjBlobStore         *blobs,
                         const char          *sha256,
                         GjFileProgressFunc   progress,
                         gpointer             user_data,
                         GCancellable        *cancellable,
                         GError             **error)
{
  g_autoptr(GBytes) answer = NULL;
  gint64 size, offset, furthest;
  gboolean complete;
  guint tries = 0;

  g_return_val_if_fail (transport != NULL, FALSE);
  g_return_val_if_fail (GJ_IS_BLOB_STORE (blobs), FALSE);
  g_return_val_if_fail (gj_blob_store_is_hash (sha256), FALSE);

  if ((size = gj_blob_store_get_size (blobs, sha256)) < 0)
    {
      gj_data_error_set (error, GJ_DATA_ERROR_NOT_FOUND, NULL,
                         _("The file %.12s… is not on this device, so it cannot be sent; it "
                           "arrives with the next sync from the device that attached it"),
                         sha256);
      return FALSE;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
      !(answer = ask_upload (transport, sha256, size, error)) ||
      !parse_state (transport, answer, sha256, size, &offset, &complete, error))
    return FALSE;
  report (progress, user_data, offset, size);
  furthest = offset;

  while (!complete)
    {
      gsize len = chunk_length (size, offset);
      g_autoptr(GBytes) chunk = NULL;
      g_autoptr(GError) local = NULL;
      g_autofree char *sum = NULL;
      g_autofree char *path = NULL;
      gint64 received;

      if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
          !(chunk = gj_blob_store_read_chunk (blobs, sha256, offset, len, error)))
        return FALSE;
      sum = chunk_sum (chunk);
      path = g_strdup_printf (FILES_PREFIX "%s?offset=%" G_GINT64_FORMAT "&size=%" G_GINT64_FORMAT
                              "&sum=%s", sha256, offset, size, sum);
      g_clear_pointer (&answer, g_bytes_unref);
      answer = transport->request (transport, "PUT", path, "application/octet-stream", chunk,
                                   &local);
      g_clear_pointer (&chunk, g_bytes_unref);
      if (answer == NULL)
        {
          /* Someone else's upload of the same file moved on, or the chunk
           * was damaged on the way: the other side says where it is. */
          if (!worth_asking_again (local) || ++tries >= MAX_TRIES)
            {
              g_propagate_error (error, g_steal_pointer (&local));
              return FALSE;
            }
          if (!(answer = ask_upload (transport, sha256, size, error)) ||
              !parse_state (transport, answer, sha256, size, &offset, &complete, error))
            return FALSE;
          continue;
        }
      if (!parse_state (transport, answer, sha256, size, &received, &complete, error))
        return FALSE;
      /* An answer that does not move forward must not loop for ever, and
       * neither must one that sends the upload back: the tries start again
       * only past the furthest point reached. (A file here that no longer
       * matches its name is thrown away whole by the other side each time
       * its last chunk arrives.) */
      if (received <= offset && !complete && ++tries >= MAX_TRIES)
        return set_unreadable (transport, sha256, error);
      if (received > furthest)
        {
          furthest = received;
          tries = 0;
        }
      offset = received;
      report (progress, user_data, offset, size);
    }
  report (progress, user_data, size, size);
  return TRUE;
}

gboolean
gj_file_exchange_download (GjExchangeTransport *transport,
                           GjBlobStore         *blobs,
                           const char          *sha256,
                           gint64               size,
                           GjFileProgressFunc   progress,
                           gpointer             user_data,
                           GCancellable        *cancellable,
                           GError             **error)
{
  g_autofree char *sums_path = NULL;
  g_autoptr(GBytes) answer = NULL;
  g_auto(GStrv) sums = NULL;
  gint64 offset;

  g_return_val_if_fail (transport != NULL, FALSE);
  g_return_val_if_fail (GJ_IS_BLOB_STORE (blobs), FALSE);
  g_return_val_if_fail (gj_blob_store_is_hash (sha256), FALSE);
  g_return_val_if_fail (size >= 0, FALSE);

  /* No attachment is empty (gj_attachments_add() refuses them), so a
   * record saying so came from a device that should not be believed. */
  if (size == 0)
    {
      gj_data_error_set (error, GJ_DATA_ERROR_INVALID, "size",
                         _("The records give the file %.12s… no bytes; there is nothing to "
                           "fetch"), sha256);
      return FALSE;
    }
  if (size > MAX_TRANSFER_SIZE)
    {
      gj_data_error_set (error, GJ_DATA_ERROR_INVALID, "size",
                         _("The records give the file %.12s… %lld bytes, more than Gongjian "
                           "sends between devices"), sha256, (long long) size);
      return FALSE;
    }
  if (gj_blob_store_has (blobs, sha256))
    {
      report (progress, user_data, size, size);
      return TRUE;
    }
  /* A colleague's laptop answers to no district limit: a file it offers
   * is taken up to the size a laptop takes from one, as when it sends. A
   * file on the district server was judged by the district's limit. */
  if (transport->peer_is_laptop && size > GJ_FILE_MAX_SIZE_DEFAULT)
    {
      g_autofree char *is = gj_file_format_size (size);
      g_autofree char *most = gj_file_format_size (GJ_FILE_MAX_SIZE_DEFAULT);

      g_set_error (error, GJ_SYNC_ERROR, GJ_SYNC_ERROR_TOO_LARGE,
                   _("The file is %s; a laptop takes at most %s per file from another laptop. "
                     "Fetch it from the district server"), is, most);
      return FALSE;
    }
  /* The sums answer must give the records' size (parse_sums): judged now. */
  offset = gj_blob_store_received (blobs, sha256);
  if (!gj_file_check_room (blobs, size - CLAMP (offset, 0, size), GJ_FILE_RECEIVER_FETCHING,
                           error))
    return FALSE;
  sums_path = g_strdup_printf (FILES_PREFIX "%s/sums", sha256);
  if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
      !(answer = transport->request (transport, "GET", sums_path, NULL, NULL, error)) ||
      !(sums = parse_sums (transport, answer, sha256, size, error)))
    return FALSE;
  g_clear_pointer (&answer, g_bytes_unref);

  /* What an earlier attempt kept is at a chunk's start, or it is thrown
   * away and the file fetched from the beginning. */
  offset = gj_blob_store_received (blobs, sha256);
  if (offset < 0 || offset > size || offset % GJ_BLOB_CHUNK_SIZE != 0)
    {
      gj_blob_store_discard_partial (blobs, sha256);
      offset = 0;
    }
  report (progress, user_data, offset, size);

  while (offset < size)
    {
      gsize len = chunk_length (size, offset);
      const char *expected = sums[offset / GJ_BLOB_CHUNK_SIZE];
      g_autofree char *path = g_strdup_printf (FILES_PREFIX "%s?offset=%" G_GINT64_FORMAT,
                                               sha256, offset);
      g_autoptr(GBytes) chunk = NULL;
      g_autoptr(GError) local = NULL;
      gboolean complete = FALSE;

      for (guint tries = 0; chunk == NULL; tries++)
        {
          g_autofree char *sum = NULL;

          if (tries == MAX_TRIES)
            {
              guint number = (guint) (offset / GJ_BLOB_CHUNK_SIZE) + 1;

              g_set_error (error, GJ_SYNC_ERROR, GJ_SYNC_ERROR_MALFORMED,
                           transport->peer_is_laptop
                           ? _("Chunk %u of %u of the file %.12s… arrived damaged %d times from "
                               "the other laptop and was not kept; try again later")
                           : _("Chunk %u of %u of the file %.12s… arrived damaged %d times from "
                               "the district server and was not kept; try again later"),
                           number, n_chunks (size), sha256, MAX_TRIES);
              return FALSE;
            }
          if (g_cancellable_set_error_if_cancelled (cancellable, error) ||
              !(chunk = transport->request (transport, "GET", path, NULL, NULL, error)))
            return FALSE;
          sum = chunk_sum (chunk);
          if (g_bytes_get_size (chunk) != len || !g_str_equal (sum, expected))
            {
              g_debug ("chunk at %" G_GINT64_FORMAT " of %.12s does not match its sum; "
                       "asking again", offset, sha256);
              g_clear_pointer (&chunk, g_bytes_unref);
            }
        }
      /* Checked above against the sums; the blob store checks the whole
       * file's hash once the last chunk is in. */
      if (!gj_blob_store_write_chunk (blobs, sha256, size, offset, chunk, NULL, &complete, &local))
        {
          if (g_error_matches (local, GJ_DATA_ERROR, GJ_DATA_ERROR_CORRUPT))
            g_set_error (error, GJ_SYNC_ERROR, GJ_SYNC_ERROR_MALFORMED,
                         transport->peer_is_laptop
                         ? _("The file %.12s… from the other laptop does not match its hash; "
                             "nothing of it was kept")
                         : _("The file %.12s… from the district server does not match its "
                             "hash; nothing of it was kept"),
                         sha256);
          else
            g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      offset += len;
      report (progress, user_data, offset, size);
      if (complete)
        break;
    }
  return TRUE;
}

/* The answering side. */

static GBytes *refuse (guint       *status,
                       guint        http_status,
                       gint         code,
                       GError     **error,
                       const char  *format,
                       ...) G_GNUC_PRINTF (5, 6);

/* Sets the refusal @http_status with a sentence for the asking side's
 * user; always NULL, for the caller to return. */
static GBytes *
refuse (guint       *status,
        guint        http_status,
        gint         code,
        GError     **error,
        const char  *format,
        ...)
{
  va_list args;
  g_autofree char *message = NULL;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  *status = http_status;
  g_set_error_literal (error, GJ_SYNC_ERROR, code, message);
  return NULL;
}

/* A store or disk failure here, not the asker's doing. */
static GBytes *
fail_here (guint   *status,
           GError  *local,
           GError **error)
{
  *status = 500;
  g_propagate_error (error, local);
  return NULL;
}

/* A number in the query: decimal digits only, no sign, no spaces, no more
 * than fit in 63 bits. */
static gboolean
query_number (GHashTable *query,
              const char *name,
              gint64     *value)
{
  const char *text = query != NULL ? g_hash_table_lookup (query, name) : NULL;
  gsize len = text != NULL ? strlen (text) : 0;

  if (len == 0 || len > 18)
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isdigit (text[i]))
      return FALSE;
  *value = (gint64) g_ascii_strtoull (text, NULL, 10);
  return TRUE;
}

static GBytes *
refuse_number (guint       *status,
               const char  *name,
               GError     **error)
{
  return refuse (status, 400, GJ_SYNC_ERROR_MALFORMED, error,
                 _("The request's “%s” is not a whole number of bytes; nothing was done"), name);
}

static GBytes *
refuse_access (guint       *status,
               const char  *sha256,
               GError     **error)
{
  return refuse (status, 403, GJ_SYNC_ERROR_OUT_OF_SCOPE, error,
                 _("No record of this street refers to the file %.12s…; a device may send or "
                   "fetch only the files its street's records name"), sha256);
}

static GBytes *
refuse_not_here (guint       *status,
                 const char  *sha256,
                 GError     **error)
{
  /* The code the HTTPS client gives a 404, so that an in-process peer
   * reads the same: a file to ask for again at the next sync. */
  return refuse (status, 404, GJ_SYNC_ERROR_NO_SUCH_ADDRESS, error,
                 _("The file %.12s… is not here yet; it arrives when the device that attached it "
                   "syncs"), sha256);
}

static GBytes *
state_answer (gint64 received,
              gint64 size)
{
  char *text = g_strdup_printf ("{\"received\": %" G_GINT64_FORMAT ", \"complete\": %s}",
                                received, received == size ? "true" : "false");

  return g_bytes_new_take (text, strlen (text));
}

/* Whether the device may send the file @sha256 of @size bytes here: its
 * street's records name the file with that size, it is not larger than
 * the district allows, what is still to come leaves the disk floor free,
 * and, when an upload is @starting, it fits in the street's quota. Judged
 * from the request's first line, before any byte of the file. A file
 * already whole here takes no quota: it is not stored again. An upload
 * under way was judged when it started (a chunk after the first is taken
 * only where one before it was), so its later chunks do not each weigh
 * every file of the street again. */
static gboolean
judge_upload (GjStore             *store,
              GjBlobStore         *blobs,
              const GjFileLimits  *limits,
              const char          *street_id,
              const char          *sha256,
              gint64               size,
              gboolean             starting,
              guint               *status,
              GError             **error)
{
  g_autoptr(GHashTable) named = NULL;
  GError *local = NULL;
  const gint64 *said;

  if (!(named = gj_attachments_live_hashes (store, street_id, &local)))
    {
      fail_here (status, local, error);
      return FALSE;
    }
  if ((said = g_hash_table_lookup (named, sha256)) == NULL)
    {
      refuse_access (status, sha256, error);
      return FALSE;
    }
  if (*said != size)
    {
      refuse (status, 400, GJ_SYNC_ERROR_MALFORMED, error,
              _("The records of this street give the file %.12s… %lld bytes, not %lld; sync "
                "the records, then send the file again"),
              sha256, (long long) *said, (long long) size);
      return FALSE;
    }
  if (size == 0)
    {
      refuse (status, 400, GJ_SYNC_ERROR_MALFORMED, error,
              _("The records give the file %.12s… no bytes; there is nothing to fetch"),
              sha256);
      return FALSE;
    }
  if (size > MAX_TRANSFER_SIZE)
    {
      refuse (status, 413, GJ_SYNC_ERROR_TOO_LARGE, error,
              _("The records give the file %.12s… %lld bytes, more than Gongjian sends between "
                "devices"), sha256, (long long) size);
      return FALSE;
    }
  if (limits != NULL && limits->max_file_size > 0 && size > limits->max_file_size)
    {
      g_autofree char *is = gj_file_format_size (size);
      g_autofree char *most = gj_file_format_size (limits->max_file_size);

      if (limits->laptop)
        refuse (status, 413, GJ_SYNC_ERROR_TOO_LARGE, error,
                _("The file is %s; a laptop takes at most %s per file from another laptop. "
                  "Send it through the district server"), is, most);
      else
        refuse (status, 413, GJ_SYNC_ERROR_TOO_LARGE, error,
                _("The file is %s; the district allows at most %s per file"), is, most);
      return FALSE;
    }
  /* Judged at every chunk, since other uploads and the disk's other
   * users take room meanwhile; nothing is written for a file already
   * whole here. */
  if (!gj_blob_store_has (blobs, sha256) &&
      !gj_file_check_room (blobs, size - gj_blob_store_received (blobs, sha256),
                           limits != NULL && limits->laptop ? GJ_FILE_RECEIVER_LAPTOP
                                                            : GJ_FILE_RECEIVER_SERVER, &local))
    {
      refuse (status, 507, GJ_SYNC_ERROR_TOO_LARGE, error, "%s", local->message);
      g_error_free (local);
      return FALSE;
    }
  if (starting && limits != NULL && limits->street_quota > 0 &&
      !gj_blob_store_has (blobs, sha256))
    {
      gint64 used = gj_attachments_street_bytes (store, blobs, street_id, &local);
      GHashTableIter iter;
      gpointer other;

      if (used < 0)
        {
          fail_here (status, local, error);
          return FALSE;
        }
      /* What other uploads of the street have sent so far counts too, or
       * a device could keep many files one chunk short of complete. */
      g_hash_table_iter_init (&iter, named);
      while (g_hash_table_iter_next (&iter, &other, NULL))
        if (!g_str_equal (other, sha256) && !gj_blob_store_has (blobs, other))
          used += gj_blob_store_received (blobs, other);
      if (used > limits->street_quota - size)
        {
          g_autofree char *is = gj_file_format_size (size);
          g_autofree char *has = gj_file_format_size (used);
          g_autofree char *quota = gj_file_format_size (limits->street_quota);

          refuse (status, 413, GJ_SYNC_ERROR_TOO_LARGE, error,
                  _("This street has used %s of its %s on the district server; the file of %s "
                    "does not fit. Remove attachments no longer needed, or ask the district "
                    "administrator for a larger quota"), has, quota, is);
          return FALSE;
        }
    }
  return TRUE;
}

/* POST SHA/upload?size=N: where an upload of the file starts. */
static GBytes *
answer_ask_upload (GjStore             *store,
                   GjBlobStore         *blobs,
                   const GjFileLimits  *limits,
                   const char          *street_id,
                   const char          *sha256,
                   GHashTable          *query,
                   guint               *status,
                   GError             **error)
{
  gint64 size;

  if (!query_number (query, "size", &size))
    return refuse_number (status, "size", error);
  if (!judge_upload (store, blobs, limits, street_id, sha256, size, TRUE, status, error))
    return NULL;
  *status = 200;
  return state_answer (gj_blob_store_has (blobs, sha256) ? size
                       : gj_blob_store_received (blobs, sha256), size);
}

/* PUT SHA?offset=N&size=N&sum=S: one chunk of an upload. */
static GBytes *
answer_put (GjStore             *store,
            GjBlobStore         *blobs,
            const GjFileLimits  *limits,
            const char          *street_id,
            const char          *sha256,
            GHashTable          *query,
            GBytes              *body,
            guint               *status,
            GError             **error)
{
  const char *sum = query != NULL ? g_hash_table_lookup (query, "sum") : NULL;
  g_autoptr(GError) local = NULL;
  gint64 size, offset, received;
  gsize len = body != NULL ? g_bytes_get_size (body) : 0;
  gboolean complete = FALSE;

  if (!query_number (query, "size", &size))
    return refuse_number (status, "size", error);
  if (!query_number (query, "offset", &offset))
    return refuse_number (status, "offset", error);
  if (!gj_blob_store_is_hash (sum))
    return refuse (status, 400, GJ_SYNC_ERROR_MALFORMED, error,
                   _("The request's “sum” is not the SHA-256 of a chunk; nothing was done"));
  if (!judge_upload (store, blobs, limits, street_id, sha256, size, offset == 0, status, error))
    return NULL;
  if (gj_blob_store_has (blobs, sha256))
    {
      *status = 200;
      return state_answer (size, size);
    }
  if (offset % GJ_BLOB_CHUNK_SIZE != 0 || offset >= size)
    return refuse (status, 400, GJ_SYNC_ERROR_MALFORMED, error,
                   _("The offset %lld is not the start of a chunk of the file %.12s…; nothing "
                     "was done"), (long long) offset, sha256);
  if (len != chunk_length (size, offset))
    return refuse (status, 400, GJ_SYNC_ERROR_MALFORMED, error,
                   _("The chunk at offset %lld of the file %.12s… has %lld bytes, not %lld; "
                     "nothing of it was kept"),
                   (long long) offset, sha256, (long long) len,
                   (long long) chunk_length (size, offset));
  received = gj_blob_store_received (blobs, sha256);
  if (offset != received)
    return refuse (status, 409, GJ_SYNC_ERROR_PEER, error,
                   _("The upload of the file %.12s… has reached %lld bytes, not %lld; go on from "
                     "there"), sha256, (long long) received, (long long) offset);
  /* The chunk's hash is checked here, with the faster SHA-256; the blob
   * store checks the whole file's once the last chunk is in. */
  {
    g_autofree char *got = chunk_sum (body);

    if (!g_str_equal (got, sum))
      return refuse (status, 400, GJ_SYNC_ERROR_PEER, error,
                     _("The chunk at offset %lld of the file %.12s… arrived damaged (its SHA-256 "
                       "does not match); send it again"), (long long) offset, sha256);
  }
  if (!gj_blob_store_write_chunk (blobs, sha256, size, offset, body, NULL, &complete, &local))
    {
      if (!g_error_matches (local, GJ_DATA_ERROR, GJ_DATA_ERROR_CORRUPT))
        return fail_here (status, g_steal_pointer (&local), error);
      return refuse (status, 400, GJ_SYNC_ERROR_PEER, error,
                     _("The chunk at offset %lld of the file %.12s… was not kept: %s"),
                     (long long) offset, sha256, local->message);
    }
  *status = 200;
  return state_answer (complete ? size : offset + (gint64) len, size);
}

/* GET SHA/sums: the hash of each chunk, for the asker to check them. */
static GBytes *
answer_sums (GjBlobStore  *blobs,
             const char   *sha256,
             guint        *status,
             GError      **error)
{
  GError *local = NULL;
  gint64 size = gj_blob_store_get_size (blobs, sha256);
  g_auto(GStrv) sums = NULL;
  GString *text;

  if (size < 0)
    return refuse_not_here (status, sha256, error);
  if (!(sums = gj_blob_store_chunk_sums (blobs, sha256, &local)))
    return fail_here (status, local, error);
  text = g_string_new (NULL);
  g_string_append_printf (text, "{\"size\": %" G_GINT64_FORMAT ", \"chunk_size\": %d, "
                          "\"sums\": [", size, GJ_BLOB_CHUNK_SIZE);
  for (guint i = 0; sums[i] != NULL; i++)
    g_string_append_printf (text, "%s\"%s\"", i > 0 ? ", " : "", sums[i]);
  g_string_append (text, "]}");
  *status = 200;
  return g_string_free_to_bytes (text);
}

/* GET SHA?offset=N: one chunk of a download. */
static GBytes *
answer_chunk (GjBlobStore  *blobs,
              const char   *sha256,
              GHashTable   *query,
              guint        *status,
              GError      **error)
{
  GError *local = NULL;
  gint64 size = gj_blob_store_get_size (blobs, sha256);
  gint64 offset;
  GBytes *chunk;

  if (!query_number (query, "offset", &offset))
    return refuse_number (status, "offset", error);
  if (size < 0)
    return refuse_not_here (status, sha256, error);
  if (offset % GJ_BLOB_CHUNK_SIZE != 0 || offset >= size)
    return refuse (status, 400, GJ_SYNC_ERROR_MALFORMED, error,
                   _("The offset %lld is not the start of a chunk of the file %.12s…; nothing "
                     "was done"), (long long) offset, sha256);
  if (!(chunk = gj_blob_store_read_chunk (blobs, sha256, offset, chunk_length (size, offset),
                                          &local)))
    return fail_here (status, local, error);
  *status = 200;
  return chunk;
}

GBytes *
gj_file_exchange_answer (GjStore             *store,
                         GjBlobStore         *blobs,
                         const GjFileLimits  *limits,
                         const char          *street_id,
                         const char          *method,
                         const char          *path,
                         GHashTable          *query,
                         GBytes              *body,
                         guint               *status,
                         const char         **content_type,
                         GError             **error)
{
  g_autofree char *sha256 = NULL;
  const char *rest, *action;
  GError *local = NULL;
  GBytes *answer;

  g_return_val_if_fail (GJ_IS_STORE (store), NULL);
  g_return_val_if_fail (GJ_IS_BLOB_STORE (blobs), NULL);
  g_return_val_if_fail (street_id != NULL && method != NULL && path != NULL, NULL);
  g_return_val_if_fail (status != NULL && content_type != NULL, NULL);

  *content_type = "application/json";
  if (!g_str_has_prefix (path, FILES_PREFIX))
    return refuse (status, 404, GJ_SYNC_ERROR_NO_SUCH_ADDRESS, error,
                   _("No such address on this Gongjian server"));
  rest = path + strlen (FILES_PREFIX);
  action = strchr (rest, '/');
  sha256 = action != NULL ? g_strndup (rest, action - rest) : g_strdup (rest);
  action = action != NULL ? action + 1 : "";
  /* Checked before anything else: the hash names a file on the disk. */
  if (!gj_blob_store_is_hash (sha256))
    return refuse (status, 400, GJ_SYNC_ERROR_MALFORMED, error,
                   _("The request does not name a file by its SHA-256 (64 lowercase "
                     "hexadecimal digits); nothing was done"));

  if (g_str_equal (action, "upload"))
    {
      if (!g_str_equal (method, "POST"))
        return refuse (status, 405, GJ_SYNC_ERROR_MALFORMED, error, _("Use POST"));
      return answer_ask_upload (store, blobs, limits, street_id, sha256, query, status, error);
    }
  if (g_str_equal (action, "") && g_str_equal (method, "PUT"))
    return answer_put (store, blobs, limits, street_id, sha256, query, body, status, error);
  if (!g_str_equal (action, "") && !g_str_equal (action, "sums"))
    return refuse (status, 404, GJ_SYNC_ERROR_NO_SUCH_ADDRESS, error,
                   _("No such address on this Gongjian server"));
  if (!g_str_equal (method, "GET"))
    return refuse (status, 405, GJ_SYNC_ERROR_MALFORMED, error,
                   g_str_equal (action, "") ? _("Use GET or PUT") : _("Use GET"));

  /* A download: only a device whose street's records name the file. */
  if (!gj_attachments_street_refers (store, street_id, sha256, &local))
    return local != NULL ? fail_here (status, local, error)
                         : refuse_access (status, sha256, error);
  if (g_str_equal (action, "sums"))
    return answer_sums (blobs, sha256, status, error);
  answer = answer_chunk (blobs, sha256, query, status, error);
  if (answer != NULL)
    *content_type = "application/octet-stream";
  return answer;
}
