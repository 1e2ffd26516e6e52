/* test-file-exchange.c: attached files between two devices, in-process
 *
 * The chunk protocol the laptops run over HTTPS, carried by a transport
 * that calls the answering side directly and turns its refusals into the
 * errors the HTTPS client gives: a file of three chunks there and back,
 * transfers cut off and resumed, chunks damaged on the way, a device of
 * another street, the district's limits, and requests no device should
 * send.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "gj-attachments.h"
#include "gj-file-exchange.h"
#include "gj-sync-error.h"
#include "gj-test-store.h"

#define STREET "0190c0de-0000-7000-8000-00000000aaaa"
#define OTHER_STREET "0190c0de-0000-7000-8000-00000000bbbb"
#define MB (1024 * 1024)

typedef struct
{
  GjExchangeTransport parent;
  GjStore            *store;       /* the answering side's */
  GjBlobStore        *blobs;
  const GjFileLimits *limits;
  const char         *street;      /* the asking device's street */
  guint               requests;
  guint               fail_after;  /* the connection drops after this many requests; 0: never */
  guint               puts;
  guint64             put_bytes;
  guint               chunk_gets;
  guint64             got_bytes;
  guint               damage;      /* chunks to damage on the way, one byte each */
  gboolean            damage_all;
  GjBlobStore        *racer;       /* another upload sends chunk 1 from here before the first PUT */
  gboolean            saw_conflict;
  guint               status;      /* of the last answer */
} LoopTransport;

static GBytes *
loop_request (GjExchangeTransport *transport,
              const char          *method,
              const char          *path_and_query,
              const char          *content_type,
              GBytes              *body,
              GError             **error)
{
  LoopTransport *self = (LoopTransport *) transport;
  const char *q = strchr (path_and_query, '?');
  g_autofree char *path = q ? g_strndup (path_and_query, q - path_and_query)
                            : g_strdup (path_and_query);
  g_autoptr(GHashTable) query = g_uri_parse_params (q ? q + 1 : "", -1, "&", G_URI_PARAMS_NONE,
                                                    NULL);
  g_autoptr(GError) local = NULL;
  const char *type = NULL;
  GBytes *answer;

  if (self->fail_after > 0 && self->requests >= self->fail_after)
    {
      g_set_error (error, GJ_SYNC_ERROR, GJ_SYNC_ERROR_UNREACHABLE, "The connection dropped");
      return NULL;
    }
  self->requests++;
  if (g_str_equal (method, "PUT") && self->racer != NULL)
    {
      const char *sha256 = path + strlen ("/v1/files/");
      gint64 size = gj_blob_store_get_size (self->racer, sha256);
      g_autoptr(GBytes) first = gj_blob_store_read_chunk (self->racer, sha256, 0,
                                                         GJ_BLOB_CHUNK_SIZE, NULL);
      gboolean complete;

      g_assert_true (gj_blob_store_write_chunk (self->blobs, sha256, size, 0, first, NULL,
                                                &complete, NULL));
      self->racer = NULL;
    }
  if (g_str_equal (method, "PUT"))
    {
      self->puts++;
      self->put_bytes += g_bytes_get_size (body);
    }
  answer = gj_file_exchange_answer (self->store, self->blobs, self->limits, self->street, method,
                                    path, query, body, &self->status, &type, &local);
  if (answer == NULL)
    {
      self->saw_conflict |= self->status == 409;
      /* As the HTTPS client says it (gj-client.c). */
      g_set_error (error, GJ_SYNC_ERROR,
                   self->status == 403 ? GJ_SYNC_ERROR_NOT_TRUSTED
                   : self->status == 404 ? GJ_SYNC_ERROR_NO_SUCH_ADDRESS : GJ_SYNC_ERROR_PEER,
                   "The district server refused: %s", local->message);
      return NULL;
    }
  g_assert_cmpuint (self->status, ==, 200);
  if (g_str_equal (type, "application/octet-stream"))
    {
      self->chunk_gets++;
      self->got_bytes += g_bytes_get_size (answer);
      if (self->damage_all || self->damage > 0)
        {
          gsize len;
          guint8 *data = g_bytes_unref_to_data (answer, &len);

          data[len / 2] ^= 0x20;
          answer = g_bytes_new_take (data, len);
          if (self->damage > 0)
            self->damage--;
        }
    }
  return answer;
}

typedef struct
{
  char        *dir;
  GjStore     *server;
  GjBlobStore *server_blobs;
  GjBlobStore *laptop_blobs;
  GjBlobStore *other_blobs;
  char        *sha256;
  gint64       size;
  GjFileLimits limits;
  LoopTransport t;
} Fixture;

/* A file of @size bytes that compresses to nothing and repeats nowhere. */
static char *
add_file (Fixture    *fx,
          GjBlobStore *blobs,
          gint64      size,
          guint32     seed)
{
  g_autofree char *path = g_build_filename (fx->dir, "source", NULL);
  g_autofree guint32 *data = g_new (guint32, size / 4 + 1);
  g_autoptr(GRand) rand = g_rand_new_with_seed (seed);
  g_autoptr(GError) error = NULL;
  char *sha256 = NULL;
  gint64 stored;

  for (gint64 i = 0; i < size / 4 + 1; i++)
    data[i] = g_rand_int (rand);
  g_assert_true (g_file_set_contents (path, (char *) data, size, &error));
  g_assert_true (gj_blob_store_add_file (blobs, path, FALSE, &sha256, &stored, &error));
  g_assert_no_error (error);
  g_assert_cmpint (stored, ==, size);
  g_remove (path);
  return sha256;
}

/* The attachment record that makes @sha256 a file of @street. */
static void
attach (GjStore    *store,
        const char *street,
        const char *sha256,
        gint64      size)
{
  g_autoptr(GjRecord) rec = gj_record_new_for ("attachment");
  g_autoptr(GError) error = NULL;

  gj_record_set_text (rec, "street_id", street);
  gj_record_set_text (rec, "name", "scan.pdf");
  gj_record_set_text (rec, "sha256", sha256);
  gj_record_set_int (rec, "size", size);
  gj_record_set_text (rec, "owner_kind", "agreement");
  gj_record_set_text (rec, "owner_id", "0190c0de-0000-7000-8000-0000000000a1");
  g_assert_true (gj_store_insert (store, rec, &error));
  g_assert_no_error (error);
}

static GjBlobStore *
new_blobs (Fixture    *fx,
           const char *name)
{
  g_autofree char *dir = g_build_filename (fx->dir, name, NULL);
  g_autoptr(GError) error = NULL;
  GjBlobStore *blobs = gj_blob_store_new (dir, &error);

  g_assert_no_error (error);
  return blobs;
}

static void
fixture_set_up (Fixture       *fx,
                gconstpointer  data)
{
  fx->dir = g_dir_make_tmp ("gj-file-exchange-XXXXXX", NULL);
  fx->server = gj_test_store_new ();
  fx->server_blobs = new_blobs (fx, "server");
  fx->laptop_blobs = new_blobs (fx, "laptop");
  fx->other_blobs = new_blobs (fx, "other");
  fx->size = 9 * MB;
  fx->sha256 = add_file (fx, fx->laptop_blobs, fx->size, 14);
  attach (fx->server, STREET, fx->sha256, fx->size);
  fx->limits.max_file_size = GJ_FILE_MAX_SIZE_DEFAULT;
  fx->limits.street_quota = GJ_FILE_STREET_QUOTA_DEFAULT;
  fx->t.parent.request = loop_request;
  fx->t.store = fx->server;
  fx->t.blobs = fx->server_blobs;
  fx->t.limits = &fx->limits;
  fx->t.street = STREET;
}

static void
fixture_tear_down (Fixture       *fx,
                   gconstpointer  data)
{
  g_autofree char *argv0 = g_find_program_in_path ("rm");
  const char *argv[] = { argv0, "-rf", fx->dir, NULL };

  g_assert_true (g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, NULL,
                               NULL, NULL, NULL));
  g_clear_object (&fx->server);
  g_clear_object (&fx->server_blobs);
  g_clear_object (&fx->laptop_blobs);
  g_clear_object (&fx->other_blobs);
  g_free (fx->sha256);
  g_free (fx->dir);
}

static void
reset_counts (Fixture *fx)
{
  fx->t.requests = fx->t.fail_after = fx->t.puts = fx->t.chunk_gets = 0;
  fx->t.put_bytes = fx->t.got_bytes = 0;
}

static gboolean
upload (Fixture  *fx,
        GError  **error)
{
  return gj_file_exchange_upload (&fx->t.parent, fx->laptop_blobs, fx->sha256, NULL, NULL, NULL,
                                  error);
}

static gboolean
download (Fixture  *fx,
          GError  **error)
{
  return gj_file_exchange_download (&fx->t.parent, fx->other_blobs, fx->sha256, fx->size, NULL,
                                    NULL, NULL, error);
}

static void
assert_same_file (GjBlobStore *a,
                  GjBlobStore *b,
                  const char  *sha256)
{
  g_autofree char *path_a = gj_blob_store_dup_path (a, sha256);
  g_autofree char *path_b = gj_blob_store_dup_path (b, sha256);
  g_autofree char *data_a = NULL;
  g_autofree char *data_b = NULL;
  gsize len_a, len_b;

  g_assert_nonnull (path_a);
  g_assert_nonnull (path_b);
  g_assert_true (g_file_get_contents (path_a, &data_a, &len_a, NULL));
  g_assert_true (g_file_get_contents (path_b, &data_b, &len_b, NULL));
  g_assert_cmpmem (data_a, len_a, data_b, len_b);
}

static void
progress_cb (gint64   done,
             gint64   total,
             gpointer user_data)
{
  GArray *seen = user_data;

  g_assert_cmpint (done, <=, total);
  if (seen->len > 0)
    g_assert_cmpint (done, >=, g_array_index (seen, gint64, seen->len - 1));
  g_array_append_val (seen, done);
}

/* A file of three chunks goes up to the server and down to another
 * laptop of the street byte for byte, chunk by chunk; sending it again
 * costs one question and no chunk. */
static void
test_round_trip (Fixture       *fx,
                 gconstpointer  data)
{
  g_autoptr(GArray) seen = g_array_new (FALSE, FALSE, sizeof (gint64));
  g_autoptr(GError) error = NULL;

  g_assert_true (gj_file_exchange_upload (&fx->t.parent, fx->laptop_blobs, fx->sha256,
                                          progress_cb, seen, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fx->t.puts, ==, 3);
  g_assert_cmpuint (fx->t.put_bytes, ==, fx->size);
  g_assert_cmpint (g_array_index (seen, gint64, seen->len - 1), ==, fx->size);
  assert_same_file (fx->laptop_blobs, fx->server_blobs, fx->sha256);

  g_array_set_size (seen, 0);
  g_assert_true (gj_file_exchange_download (&fx->t.parent, fx->other_blobs, fx->sha256, fx->size,
                                            progress_cb, seen, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fx->t.chunk_gets, ==, 3);
  g_assert_cmpint (g_array_index (seen, gint64, seen->len - 1), ==, fx->size);
  assert_same_file (fx->laptop_blobs, fx->other_blobs, fx->sha256);

  reset_counts (fx);
  g_assert_true (upload (fx, &error));
  g_assert_cmpuint (fx->t.requests, ==, 1);
  g_assert_cmpuint (fx->t.puts, ==, 0);
}

/* An upload cut off after its first chunk goes on from the second. */
static void
test_resume_upload (Fixture       *fx,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fx->t.fail_after = 2;
  g_assert_false (upload (fx, &error));
  g_assert_error (error, GJ_SYNC_ERROR, GJ_SYNC_ERROR_UNREACHABLE);
  g_clear_error (&error);
  g_assert_false (gj_blob_store_has (fx->server_blobs, fx->sha256));
  g_assert_cmpint (gj_blob_store_received (fx->server_blobs, fx->sha256), ==, GJ_BLOB_CHUNK_SIZE);

  reset_counts (fx);
  g_assert_true (upload (fx, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fx->t.put_bytes, ==, fx->size - GJ_BLOB_CHUNK_SIZE);
  assert_same_file (fx->laptop_blobs, fx->server_blobs, fx->sha256);
}

/* Another upload of the same file sends its first chunk meanwhile: the
 * chunk sent at the same offset is refused (409), and the upload asks
 * where the file is and goes on from there. */
static void
test_offset_moved (Fixture       *fx,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fx->t.racer = fx->laptop_blobs;
  g_assert_true (upload (fx, &error));
  g_assert_no_error (error);
  g_assert_true (fx->t.saw_conflict);
  g_assert_cmpuint (fx->t.puts, ==, 3);
  assert_same_file (fx->laptop_blobs, fx->server_blobs, fx->sha256);
}

/* A download cut off after its first chunk goes on from the second. */
static void
test_resume_download (Fixture       *fx,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (upload (fx, &error));
  reset_counts (fx);
  fx->t.fail_after = 2;
  g_assert_false (download (fx, &error));
  g_assert_error (error, GJ_SYNC_ERROR, GJ_SYNC_ERROR_UNREACHABLE);
  g_clear_error (&error);
  g_assert_false (gj_blob_store_has (fx->other_blobs, fx->sha256));
  g_assert_cmpint (gj_blob_store_received (fx->other_blobs, fx->sha256), ==, GJ_BLOB_CHUNK_SIZE);

  reset_counts (fx);
  g_assert_true (download (fx, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fx->t.got_bytes, ==, fx->size - GJ_BLOB_CHUNK_SIZE);
  assert_same_file (fx->laptop_blobs, fx->other_blobs, fx->sha256);
}

/* A chunk damaged once on the way is refused and asked for again. */
static void
test_damaged_chunk (Fixture       *fx,
                    gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (upload (fx, &error));
  reset_counts (fx);
  fx->t.damage = 1;
  g_assert_true (download (fx, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (fx->t.chunk_gets, ==, 4);
  assert_same_file (fx->laptop_blobs, fx->other_blobs, fx->sha256);
}

/* Chunks that arrive damaged every time: the download stops in words
 * after a few tries and keeps nothing. */
static void
test_always_damaged (Fixture       *fx,
                     gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (upload (fx, &error));
  reset_counts (fx);
  fx->t.damage_all = TRUE;
  g_assert_false (download (fx, &error));
  g_assert_error (error, GJ_SYNC_ERROR, GJ_SYNC_ERROR_MALFORMED);
  g_assert_nonnull (strstr (error->message, "damaged 3 times"));
  g_assert_cmpuint (fx->t.chunk_gets, ==, 3);
  g_assert_false (gj_blob_store_has (fx->other_blobs, fx->sha256));
  g_assert_cmpint (gj_blob_store_received (fx->other_blobs, fx->sha256), ==, 0);
}

/* The file here no longer matches its name (changed on this disk): the
 * other side refuses it whole each time its last chunk arrives, and the
 * upload stops after a few tries instead of sending it for ever. */
static void
test_damaged_here (Fixture       *fx,
                   gconstpointer  data)
{
  g_autofree char *path = gj_blob_store_dup_path (fx->laptop_blobs, fx->sha256);
  g_autofree char *bytes = NULL;
  g_autoptr(GError) error = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (path, &bytes, &len, &error));
  bytes[len / 2] ^= 0x20;
  g_assert_true (g_file_set_contents (path, bytes, len, &error));
  /* A bound for the test only, should the upload go round for ever. */
  fx->t.fail_after = 100;
  g_assert_false (upload (fx, &error));
  g_assert_error (error, GJ_SYNC_ERROR, GJ_SYNC_ERROR_PEER);
  g_assert_nonnull (strstr (error->message, "was not kept"));
  /* Three tries of the file's three chunks. */
  g_assert_cmpuint (fx->t.puts, ==, 3 * 3);
  g_assert_false (gj_blob_store_has (fx->server_blobs, fx->sha256));
}

/* A device of another street may neither send nor fetch the file. */
static void
test_other_street (Fixture       *fx,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fx->t.street = OTHER_STREET;
  g_assert_false (upload (fx, &error));
  g_assert_error (error, GJ_SYNC_ERROR, GJ_SYNC_ERROR_NOT_TRUSTED);
  g_assert_nonnull (strstr (error->message, "No record of this street refers to the file"));
  g_assert_cmpuint (fx->t.status, ==, 403);
  g_assert_cmpuint (fx->t.puts, ==, 0);
  g_clear_error (&error);

  fx->t.street = STREET;
  g_assert_true (upload (fx, &error));
  fx->t.street = OTHER_STREET;
  g_assert_false (download (fx, &error));
  g_assert_error (error, GJ_SYNC_ERROR, GJ_SYNC_ERROR_NOT_TRUSTED);
  g_assert_cmpuint (fx->t.status, ==, 403);
  g_assert_cmpuint (fx->t.chunk_gets, ==, 0);
  g_assert_false (gj_blob_store_has (fx->other_blobs, fx->sha256));
}

/* A file over the district's largest is refused before a chunk is sent,
 * with both sizes in the sentence. */
static void
test_too_large (Fixture       *fx,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fx->limits.max_file_size = 8 * MB;
  g_assert_false (upload (fx, &error));
  g_assert_error (error, GJ_SYNC_ERROR, GJ_SYNC_ERROR_PEER);
  g_assert_cmpuint (fx->t.status, ==, 413);
  g_assert_nonnull (strstr (error->message, "The file is 9 MB; the district allows at most 8 MB "
                                            "per file"));
  g_assert_cmpuint (fx->t.puts, ==, 0);
  g_assert_cmpint (gj_blob_store_received (fx->server_blobs, fx->sha256), ==, 0);
}

/* A file that does not fit in what is left of the street's quota is
 * refused before a chunk is sent; one that fits goes. */
static void
test_over_quota (Fixture       *fx,
                 gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *small = add_file (fx, fx->laptop_blobs, 4 * MB, 15);

  attach (fx->server, STREET, small, 4 * MB);
  fx->limits.street_quota = 12 * MB;
  g_assert_true (gj_file_exchange_upload (&fx->t.parent, fx->laptop_blobs, small, NULL, NULL,
                                          NULL, &error));
  g_assert_no_error (error);

  reset_counts (fx);
  g_assert_false (upload (fx, &error));
  g_assert_cmpuint (fx->t.status, ==, 413);
  g_assert_nonnull (strstr (error->message, "This street has used 4 MB of its 12 MB"));
  g_assert_cmpuint (fx->t.puts, ==, 0);
  g_clear_error (&error);

  fx->limits.street_quota = 13 * MB;
  g_assert_true (upload (fx, &error));
  g_assert_no_error (error);
}

/* What unfinished uploads of the street's other files have sent counts
 * against its quota: files one chunk short of complete cannot fill the
 * disk. */
static void
test_quota_counts_partial (Fixture       *fx,
                           gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *second = add_file (fx, fx->laptop_blobs, 9 * MB, 16);

  attach (fx->server, STREET, second, 9 * MB);
  fx->limits.street_quota = 12 * MB;
  fx->t.fail_after = 2;
  g_assert_false (upload (fx, &error));
  g_assert_error (error, GJ_SYNC_ERROR, GJ_SYNC_ERROR_UNREACHABLE);
  g_clear_error (&error);

  reset_counts (fx);
  g_assert_false (gj_file_exchange_upload (&fx->t.parent, fx->laptop_blobs, second, NULL, NULL,
                                           NULL, &error));
  g_assert_cmpuint (fx->t.status, ==, 413);
  g_assert_nonnull (strstr (error->message, "This street has used 4 MB of its 12 MB"));
  g_assert_cmpuint (fx->t.puts, ==, 0);
  g_clear_error (&error);

  /* The first goes on: what it sent is not counted twice. */
  g_assert_true (upload (fx, &error));
  g_assert_no_error (error);
}

typedef struct
{
  const char *method;
  const char *path;
  const char *query;
  gsize       body;
  guint       status;
} BadRequest;

/* Requests no device of this version sends are refused for what they
 * are, and nothing is written. */
static void
test_bad_requests (Fixture       *fx,
                   gconstpointer  data)
{
  g_autofree char *file = g_strconcat ("/v1/files/", fx->sha256, NULL);
  g_autofree char *upper_hash = g_ascii_strup (fx->sha256, -1);
  g_autofree char *upper = g_strconcat ("/v1/files/", upper_hash, NULL);
  g_autofree char *upload_path = g_strconcat (file, "/upload", NULL);
  g_autofree char *sums_path = g_strconcat (file, "/sums", NULL);
  g_autofree char *escape = g_strconcat (file, "/../../x", NULL);
  g_autofree char *sum = g_compute_checksum_for_string (G_CHECKSUM_SHA256, "", 0);
  g_autofree char *ok = g_strdup_printf ("offset=0&size=%" G_GINT64_FORMAT "&sum=%s", fx->size,
                                         sum);
  g_autofree char *at_one = g_strdup_printf ("offset=1&size=%" G_GINT64_FORMAT "&sum=%s", fx->size,
                                             sum);
  g_autofree char *at_two = g_strdup_printf ("offset=4194304&size=%" G_GINT64_FORMAT "&sum=%s",
                                             fx->size, sum);
  g_autofree char *past = g_strdup_printf ("offset=12582912&size=%" G_GINT64_FORMAT "&sum=%s",
                                           fx->size, sum);
  g_autofree char *wrong_size = g_strdup_printf ("offset=0&size=%" G_GINT64_FORMAT "&sum=%s",
                                                 fx->size + 1, sum);
  g_autofree char *bad_sum = g_strdup_printf ("offset=0&size=%" G_GINT64_FORMAT "&sum=../x",
                                              fx->size);
  g_autofree char *signed_offset = g_strdup_printf ("offset=-0&size=%" G_GINT64_FORMAT "&sum=%s",
                                                    fx->size, sum);
  const BadRequest cases[] = {
    { "GET", "/v1/files/../x", "offset=0", 0, 400 },
    { "PUT", "/v1/files/../x", NULL, 0, 400 },
    { "GET", "/v1/files/", NULL, 0, 400 },
    { "GET", "/v1/files/abc", NULL, 0, 400 },
    { "GET", upper, "offset=0", 0, 400 },
    { "GET", escape, NULL, 0, 404 },
    { "GET", "/v1/other", NULL, 0, 404 },
    { "DELETE", file, NULL, 0, 405 },
    { "PUT", sums_path, NULL, 0, 405 },
    { "GET", upload_path, "size=1", 0, 405 },
    { "POST", upload_path, NULL, 0, 400 },
    { "POST", upload_path, "size=", 0, 400 },
    { "POST", upload_path, "size=+9437184", 0, 400 },
    { "POST", upload_path, "size= 9437184", 0, 400 },
    { "POST", upload_path, "size=99999999999999999999", 0, 400 },
    { "POST", upload_path, "size=9437185", 0, 400 },
    { "PUT", file, "offset=0&size=9437184", GJ_BLOB_CHUNK_SIZE, 400 },
    { "PUT", file, bad_sum, GJ_BLOB_CHUNK_SIZE, 400 },
    { "PUT", file, signed_offset, GJ_BLOB_CHUNK_SIZE, 400 },
    { "PUT", file, at_one, GJ_BLOB_CHUNK_SIZE, 400 },
    { "PUT", file, past, GJ_BLOB_CHUNK_SIZE, 400 },
    { "PUT", file, wrong_size, GJ_BLOB_CHUNK_SIZE, 400 },
    { "PUT", file, ok, GJ_BLOB_CHUNK_SIZE - 1, 400 },
    { "PUT", file, ok, GJ_BLOB_CHUNK_SIZE + 1, 400 },
    { "PUT", file, ok, GJ_BLOB_CHUNK_SIZE, 400 },   /* its sum is the empty string's */
    { "PUT", file, at_two, GJ_BLOB_CHUNK_SIZE, 409 },
    { "GET", file, "offset=0", 0, 404 },
    { "GET", sums_path, NULL, 0, 404 },
  };
  g_autofree char *zeros = g_malloc0 (GJ_BLOB_CHUNK_SIZE + 1);
  g_autoptr(GPtrArray) kept = NULL;

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GHashTable) query = g_uri_parse_params (cases[i].query ? cases[i].query : "", -1,
                                                        "&", G_URI_PARAMS_NONE, NULL);
      g_autoptr(GBytes) body = g_bytes_new_static (zeros, cases[i].body);
      g_autoptr(GBytes) answer = NULL;
      g_autoptr(GError) error = NULL;
      const char *type = NULL;
      guint status = 0;

      answer = gj_file_exchange_answer (fx->server, fx->server_blobs, &fx->limits, STREET,
                                        cases[i].method, cases[i].path, query, body, &status,
                                        &type, &error);
      g_test_message ("%s %s?%s → %u %s", cases[i].method, cases[i].path,
                      cases[i].query ? cases[i].query : "", status, error ? error->message : "");
      g_assert_null (answer);
      g_assert_nonnull (error);
      g_assert_cmpuint (status, ==, cases[i].status);
      /* In-process, a 404 reads as it does through the HTTPS client. */
      if (status == 404)
        g_assert_error (error, GJ_SYNC_ERROR, GJ_SYNC_ERROR_NO_SUCH_ADDRESS);
    }
  kept = gj_blob_store_list (fx->server_blobs, NULL);
  g_assert_cmpuint (kept->len, ==, 0);
  g_assert_cmpint (gj_blob_store_received (fx->server_blobs, fx->sha256), ==, 0);
}

/* Answers a peer has no business giving are refused by the asking side,
 * which keeps nothing of them. */
static GBytes *
lying_request (GjExchangeTransport *transport,
               const char          *method,
               const char          *path_and_query,
               const char          *content_type,
               GBytes              *body,
               GError             **error)
{
  LoopTransport *self = (LoopTransport *) transport;
  static const char *const answers[] = {
    "{\"received\": 4194303, \"complete\": false}",
    "{\"received\": -4194304, \"complete\": false}",
    "{\"received\": 0, \"complete\": true}",
    "{\"received\": 0}",
    "{\"size\": 9437184, \"chunk_size\": 4194304, \"sums\": []}",
    "{\"size\": 9437184, \"chunk_size\": 1024, \"sums\": [\"a\", \"b\", \"c\"]}",
    "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
    "{\"received\": 0, \"complete\": false, \"complete\": false, \"x\": [1, 2, 3, 4, 5, 6]}",
  };

  const char *answer = answers[self->requests++ % G_N_ELEMENTS (answers)];

  return g_bytes_new_static (answer, strlen (answer));
}

static void
test_lying_peer (Fixture       *fx,
                 gconstpointer  data)
{
  fx->t.parent.request = lying_request;
  for (guint i = 0; i < 8; i++)
    {
      g_autoptr(GError) error = NULL;
      gboolean up = i < 4 || i == 7;

      fx->t.requests = i;
      g_assert_false (up ? upload (fx, &error) : download (fx, &error));
      g_assert_error (error, GJ_SYNC_ERROR, GJ_SYNC_ERROR_MALFORMED);
    }
  g_assert_cmpint (gj_blob_store_received (fx->other_blobs, fx->sha256), ==, 0);
}

/* A peer that takes each first chunk and then sends the upload back to
 * the start. */
static GBytes *
back_and_forth_request (GjExchangeTransport *transport,
                        const char          *method,
                        const char          *path_and_query,
                        const char          *content_type,
                        GBytes              *body,
                        GError             **error)
{
  LoopTransport *self = (LoopTransport *) transport;
  const char *answer = g_str_equal (method, "PUT") && strstr (path_and_query, "?offset=0&")
                       ? "{\"received\": 4194304, \"complete\": false}"
                       : "{\"received\": 0, \"complete\": false}";

  if (self->requests++ >= 100)
    {
      g_set_error (error, GJ_SYNC_ERROR, GJ_SYNC_ERROR_UNREACHABLE, "The test gave up");
      return NULL;
    }
  return g_bytes_new_static (answer, strlen (answer));
}

/* An upload sent back again and again stops after a few tries. */
static void
test_sent_back (Fixture       *fx,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  fx->t.parent.request = back_and_forth_request;
  g_assert_false (upload (fx, &error));
  g_assert_error (error, GJ_SYNC_ERROR, GJ_SYNC_ERROR_MALFORMED);
  g_assert_cmpuint (fx->t.requests, <, 10);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
#define ADD(name, func) \
  g_test_add ("/file-exchange/" name, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("round-trip", test_round_trip);
  ADD ("resume-upload", test_resume_upload);
  ADD ("resume-download", test_resume_download);
  ADD ("offset-moved", test_offset_moved);
  ADD ("damaged-chunk", test_damaged_chunk);
  ADD ("always-damaged", test_always_damaged);
  ADD ("damaged-here", test_damaged_here);
  ADD ("other-street", test_other_street);
  ADD ("too-large", test_too_large);
  ADD ("over-quota", test_over_quota);
  ADD ("quota-counts-partial", test_quota_counts_partial);
  ADD ("bad-requests", test_bad_requests);
  ADD ("lying-peer", test_lying_peer);
  ADD ("sent-back", test_sent_back);
#undef ADD
  return g_test_run ();
}
