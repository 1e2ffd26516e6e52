/* test-blob-store.c: files by SHA-256 beside the database, received in chunks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <utime.h>

#include "gj-blob-store.h"
#include "gj-data-error.h"
#include "gj-exif-gps.h"
#include "gj-test-store.h"

static char *test_dir;

static char *
case_dir (const char *name)
{
  char *dir = g_build_filename (test_dir, name, NULL);

  gj_test_remove_tree (dir);
  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  return dir;
}

static GjBlobStore *
new_blobs (const char *dir,
           const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, name, NULL);
  GjBlobStore *blobs = gj_blob_store_new (path, &error);

  g_assert_no_error (error);
  return blobs;
}

/* @len bytes that differ from chunk to chunk. */
static GBytes *
pattern (gsize  len,
         guint8 seed)
{
  guint8 *data = g_malloc (len);

  for (gsize i = 0; i < len; i++)
    data[i] = (guint8) (i * 31 + (i >> 12) + seed);
  return g_bytes_new_take (data, len);
}

static char *
write_input (const char *dir,
             const char *name,
             GBytes     *bytes)
{
  g_autoptr(GError) error = NULL;
  char *path = g_build_filename (dir, name, NULL);
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);

  g_file_set_contents (path, data, (gssize) len, &error);
  g_assert_no_error (error);
  return path;
}

static char *
sha_of (GBytes *bytes)
{
  return g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
}

/* Every name under @dir other than hashes and their ".chunks": what an
 * interrupted or failed write would leave. */
static guint
count_strays (const char *dir)
{
  g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
  const char *name;
  guint n = 0;

  g_assert_nonnull (d);
  while ((name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *child = g_build_filename (dir, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        n += count_strays (child);
      else if (!gj_blob_store_is_hash (name) && !g_str_has_suffix (name, ".chunks"))
        n++;
    }
  return n;
}

static void
test_is_hash (void)
{
  g_autofree char *upper =
    g_ascii_strup ("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", -1);

  g_assert_true (gj_blob_store_is_hash (
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
  g_assert_false (gj_blob_store_is_hash (upper));
  g_assert_false (gj_blob_store_is_hash (NULL));
  g_assert_false (gj_blob_store_is_hash (""));
  g_assert_false (gj_blob_store_is_hash ("../../etc/passwd"));
  g_assert_false (gj_blob_store_is_hash (
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85"));
  g_assert_false (gj_blob_store_is_hash (
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b8550"));
  g_assert_false (gj_blob_store_is_hash (
    "../b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
}

static void
test_dir_for_db (void)
{
  g_autofree char *dir = gj_blob_store_dir_for_db ("/x/gongjian.db");
  g_autoptr(GjStore) store = gj_test_store_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GjBlobStore) blobs = NULL;

  g_assert_cmpstr (dir, ==, "/x/gongjian.db.files");
  g_assert_null (gj_blob_store_dir_for_db (":memory:"));
  blobs = gj_blob_store_for_store (store, &error);
  g_assert_null (blobs);
  g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_IO);
}

static void
test_add_dedupe (void)
{
  g_autofree char *dir = case_dir ("add");
  g_autoptr(GjBlobStore) blobs = new_blobs (dir, "db.files");
  g_autoptr(GBytes) bytes = pattern (300 * 1024 + 7, 1);
  g_autofree char *a = write_input (dir, "a.bin", bytes);
  g_autofree char *b = write_input (dir, "copy of a.bin", bytes);
  g_autofree char *want = sha_of (bytes);
  g_autofree char *sha1 = NULL;
  g_autofree char *sha2 = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *bucket = NULL;
  g_autofree char *content = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;
  gint64 size = 0;
  gsize len;
  GStatBuf st;

  g_assert_true (gj_blob_store_add_file (blobs, a, FALSE, &sha1, &size, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (sha1, ==, want);
  g_assert_cmpint (size, ==, (gint64) g_bytes_get_size (bytes));
  g_assert_true (gj_blob_store_add_file (blobs, b, TRUE, &sha2, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (sha2, ==, sha1);

  list = gj_blob_store_list (blobs, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (g_ptr_array_index (list, 0), ==, want);
  g_assert_cmpuint (count_strays (gj_blob_store_get_dir (blobs)), ==, 0);

  stored = gj_blob_store_dup_path (blobs, want);
  g_assert_nonnull (stored);
  bucket = g_path_get_dirname (stored);
  g_assert_true (g_str_has_suffix (stored, want));
  g_assert_cmpint (g_stat (stored, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  g_assert_cmpint (g_stat (bucket, &st), ==, 0);
  g_assert_cmpint (st.st_mode & 0777, ==, 0700);
  g_assert_true (g_file_get_contents (stored, &content, &len, NULL));
  g_assert_cmpmem (content, len, g_bytes_get_data (bytes, NULL), g_bytes_get_size (bytes));
  g_assert_cmpint (gj_blob_store_get_size (blobs, want), ==, (gint64) len);

  /* Adding the content again renews an old copy's time, which the
   * collection of files no record names counts from. */
  {
    struct utimbuf old = { 1000000000, 1000000000 };

    g_assert_cmpint (utime (stored, &old), ==, 0);
    g_assert_true (gj_blob_store_add_file (blobs, a, FALSE, NULL, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpint (g_stat (stored, &st), ==, 0);
    g_assert_cmpint (st.st_mtime, >, g_get_real_time () / G_USEC_PER_SEC - 3600);
  }

  g_assert_true (gj_blob_store_remove (blobs, want, &error));
  g_assert_no_error (error);
  g_assert_false (gj_blob_store_has (blobs, want));
  g_assert_true (gj_blob_store_remove (blobs, want, &error));
  g_assert_no_error (error);

  g_assert_false (gj_blob_store_add_file (blobs, "/no/such/file", FALSE, NULL, NULL, &error));
  g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_IO);
  g_assert_cmpuint (count_strays (gj_blob_store_get_dir (blobs)), ==, 0);
}

static void
test_refused_hash (void)
{
  g_autofree char *dir = case_dir ("refused");
  g_autoptr(GjBlobStore) blobs = new_blobs (dir, "db.files");
  g_autoptr(GBytes) chunk = pattern (10, 0);
  g_autoptr(GBytes) read = NULL;
  g_auto(GStrv) sums = NULL;
  g_autofree char *outside = g_build_filename (dir, "passwd", NULL);
  g_autoptr(GError) error = NULL;
  const char *bad = "../passwd";
  gboolean complete = TRUE;

  g_assert_true (g_file_set_contents (outside, "secret", -1, NULL));
  g_assert_false (gj_blob_store_has (blobs, bad));
  g_assert_null (gj_blob_store_dup_path (blobs, bad));
  g_assert_cmpint (gj_blob_store_get_size (blobs, bad), ==, -1);
  g_assert_cmpint (gj_blob_store_received (blobs, bad), ==, 0);
  g_assert_false (gj_blob_store_remove (blobs, "../../etc/passwd", &error));
  g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID);
  g_clear_error (&error);
  read = gj_blob_store_read_chunk (blobs, bad, 0, 6, &error);
  g_assert_null (read);
  g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID);
  g_clear_error (&error);
  sums = gj_blob_store_chunk_sums (blobs, bad, &error);
  g_assert_null (sums);
  g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (gj_blob_store_write_chunk (blobs, "../../x", 10, 0, chunk, NULL, &complete,
                                             &error));
  g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID);
  g_assert_false (complete);
  gj_blob_store_discard_partial (blobs, "../passwd");
  g_assert_true (g_file_test (outside, G_FILE_TEST_EXISTS));
}

/* Sends @bytes from @from's copy (@sha) into @to chunk by chunk, starting
 * where @to stands, as a transfer would. */
static void
send_all (GjBlobStore *from,
          GjBlobStore *to,
          const char  *sha,
          gint64       total)
{
  g_auto(GStrv) sums = NULL;
  g_autoptr(GError) error = NULL;
  gboolean complete = FALSE;

  sums = gj_blob_store_chunk_sums (from, sha, &error);
  g_assert_no_error (error);
  for (gint64 at = gj_blob_store_received (to, sha); !complete; at += GJ_BLOB_CHUNK_SIZE)
    {
      g_autoptr(GBytes) chunk = gj_blob_store_read_chunk (from, sha, at, GJ_BLOB_CHUNK_SIZE,
                                                          &error);

      g_assert_no_error (error);
      g_assert_true (gj_blob_store_write_chunk (to, sha, total, at, chunk,
                                                sums[at / GJ_BLOB_CHUNK_SIZE], &complete,
                                                &error));
      g_assert_no_error (error);
    }
}

static void
test_chunks (void)
{
  g_autofree char *dir = case_dir ("chunks");
  g_autoptr(GjBlobStore) from = new_blobs (dir, "from.files");
  g_autoptr(GjBlobStore) to = new_blobs (dir, "to.files");
  gsize total = 2 * GJ_BLOB_CHUNK_SIZE + 1000;
  g_autoptr(GBytes) bytes = pattern (total, 7);
  g_autofree char *input = write_input (dir, "scan.pdf", bytes);
  g_autofree char *sha = NULL;
  g_autofree char *sums_file = NULL;
  g_autofree char *copy = NULL;
  g_auto(GStrv) sums = NULL;
  g_auto(GStrv) again = NULL;
  g_autoptr(GError) error = NULL;
  gsize len;

  g_assert_true (gj_blob_store_add_file (from, input, FALSE, &sha, NULL, &error));
  g_assert_no_error (error);

  sums = gj_blob_store_chunk_sums (from, sha, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_strv_length (sums), ==, 3);
  for (guint i = 0; i < 3; i++)
    {
      g_autoptr(GBytes) part = g_bytes_new_from_bytes (bytes, i * GJ_BLOB_CHUNK_SIZE,
                                                       MIN (GJ_BLOB_CHUNK_SIZE,
                                                            total - i * GJ_BLOB_CHUNK_SIZE));
      g_autofree char *want = sha_of (part);

      g_assert_cmpstr (sums[i], ==, want);
    }

  /* Kept beside the file; damaged, they are made again. */
  {
    g_autofree char *path = gj_blob_store_dup_path (from, sha);

    sums_file = g_strconcat (path, ".chunks", NULL);
  }
  g_assert_true (g_file_test (sums_file, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_set_contents (sums_file, "../../etc\nnot a sum\n", -1, NULL));
  again = gj_blob_store_chunk_sums (from, sha, &error);
  g_assert_no_error (error);
  g_assert_cmpstrv (again, sums);

  send_all (from, to, sha, (gint64) total);
  g_assert_true (gj_blob_store_has (to, sha));
  g_assert_cmpint (gj_blob_store_received (to, sha), ==, (gint64) total);
  copy = gj_blob_store_dup_path (to, sha);
  {
    g_autofree char *content = NULL;

    g_assert_true (g_file_get_contents (copy, &content, &len, NULL));
    g_assert_cmpmem (content, len, g_bytes_get_data (bytes, NULL), total);
  }
  g_assert_cmpuint (count_strays (gj_blob_store_get_dir (to)), ==, 0);

  /* Reading past the end is refused, reading at it gives nothing. */
  {
    g_autoptr(GBytes) end = gj_blob_store_read_chunk (from, sha, (gint64) total, 10, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (g_bytes_get_size (end), ==, 0);
    g_assert_null (gj_blob_store_read_chunk (from, sha, (gint64) total + 1, 10, &error));
    g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID);
  }
}

static void
test_out_of_order_and_corrupt_chunk (void)
{
  g_autofree char *dir = case_dir ("order");
  g_autoptr(GjBlobStore) to = new_blobs (dir, "to.files");
  gsize total = GJ_BLOB_CHUNK_SIZE + 5;
  g_autoptr(GBytes) bytes = pattern (total, 3);
  g_autoptr(GBytes) first = g_bytes_new_from_bytes (bytes, 0, GJ_BLOB_CHUNK_SIZE);
  g_autoptr(GBytes) last = g_bytes_new_from_bytes (bytes, GJ_BLOB_CHUNK_SIZE, 5);
  g_autofree char *sha = sha_of (bytes);
  g_autofree char *first_sha = sha_of (first);
  g_autofree char *last_sha = sha_of (last);
  g_autoptr(GError) error = NULL;
  gboolean complete = TRUE;

  /* The second chunk before the first. */
  g_assert_false (gj_blob_store_write_chunk (to, sha, (gint64) total, GJ_BLOB_CHUNK_SIZE, last,
                                             last_sha, &complete, &error));
  g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID);
  g_assert_false (complete);
  g_assert_cmpint (gj_blob_store_received (to, sha), ==, 0);
  g_clear_error (&error);

  /* A chunk whose sum does not match keeps nothing. */
  g_assert_false (gj_blob_store_write_chunk (to, sha, (gint64) total, 0, first, last_sha,
                                             &complete, &error));
  g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_CORRUPT);
  g_assert_cmpint (gj_blob_store_received (to, sha), ==, 0);
  g_clear_error (&error);

  /* A short chunk that is not the last is refused. */
  g_assert_false (gj_blob_store_write_chunk (to, sha, (gint64) total, 0, last, NULL,
                                             &complete, &error));
  g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_true (gj_blob_store_write_chunk (to, sha, (gint64) total, 0, first, first_sha,
                                            &complete, &error));
  g_assert_no_error (error);
  g_assert_false (complete);
  g_assert_cmpint (gj_blob_store_received (to, sha), ==, GJ_BLOB_CHUNK_SIZE);

  /* The first again, now that the second is due. */
  g_assert_false (gj_blob_store_write_chunk (to, sha, (gint64) total, 0, first, first_sha,
                                             &complete, &error));
  g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_true (gj_blob_store_write_chunk (to, sha, (gint64) total, GJ_BLOB_CHUNK_SIZE, last,
                                            last_sha, &complete, &error));
  g_assert_no_error (error);
  g_assert_true (complete);
  g_assert_true (gj_blob_store_has (to, sha));
}

static void
test_resume (void)
{
  g_autofree char *dir = case_dir ("resume");
  g_autoptr(GjBlobStore) from = new_blobs (dir, "from.files");
  gsize total = 2 * GJ_BLOB_CHUNK_SIZE + 17;
  g_autoptr(GBytes) bytes = pattern (total, 9);
  g_autoptr(GBytes) first = g_bytes_new_from_bytes (bytes, 0, GJ_BLOB_CHUNK_SIZE);
  g_autofree char *input = write_input (dir, "photo.jpg", bytes);
  g_autofree char *sha = NULL;
  g_autofree char *partial = NULL;
  g_autoptr(GError) error = NULL;
  gboolean complete = FALSE;

  g_assert_true (gj_blob_store_add_file (from, input, FALSE, &sha, NULL, &error));
  g_assert_no_error (error);

  {
    g_autoptr(GjBlobStore) to = new_blobs (dir, "to.files");

    g_assert_true (gj_blob_store_write_chunk (to, sha, (gint64) total, 0, first, NULL,
                                              &complete, &error));
    g_assert_no_error (error);
    partial = g_build_filename (dir, "to.files", "partial", NULL);
  }

  {
    /* A crash in the middle of the second chunk left part of it. */
    g_autofree char *part = g_strconcat (partial, "/", sha, ".part", NULL);
    g_autoptr(GBytes) torn = pattern (GJ_BLOB_CHUNK_SIZE + 4096, 9);
    gsize len;
    const char *data = g_bytes_get_data (torn, &len);
    g_autoptr(GjBlobStore) to = new_blobs (dir, "to.files");

    g_assert_true (g_file_set_contents (part, data, (gssize) len, NULL));
    g_assert_cmpint (gj_blob_store_received (to, sha), ==, GJ_BLOB_CHUNK_SIZE);
    send_all (from, to, sha, (gint64) total);
    g_assert_true (gj_blob_store_has (to, sha));
    g_assert_false (g_file_test (part, G_FILE_TEST_EXISTS));
  }
}

static void
test_corrupt_whole (void)
{
  g_autofree char *dir = case_dir ("corrupt");
  g_autoptr(GjBlobStore) to = new_blobs (dir, "to.files");
  g_autoptr(GBytes) bytes = pattern (1000, 1);
  g_autoptr(GBytes) other = pattern (1000, 2);
  g_autofree char *sha = sha_of (bytes);
  g_autoptr(GError) error = NULL;
  gboolean complete = TRUE;

  g_assert_false (gj_blob_store_write_chunk (to, sha, 1000, 0, other, NULL, &complete, &error));
  g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_CORRUPT);
  g_assert_false (complete);
  g_assert_false (gj_blob_store_has (to, sha));
  g_assert_cmpint (gj_blob_store_received (to, sha), ==, 0);
  g_assert_cmpuint (count_strays (gj_blob_store_get_dir (to)), ==, 0);
  g_clear_error (&error);

  /* A partial file is thrown away on request. */
  {
    g_autoptr(GBytes) big = pattern (GJ_BLOB_CHUNK_SIZE, 4);
    g_autofree char *big_sha = sha_of (big);

    g_assert_true (gj_blob_store_write_chunk (to, sha, 2 * GJ_BLOB_CHUNK_SIZE, 0, big, big_sha,
                                              &complete, &error));
    g_assert_no_error (error);
    g_assert_cmpint (gj_blob_store_received (to, sha), ==, GJ_BLOB_CHUNK_SIZE);
    gj_blob_store_discard_partial (to, sha);
    g_assert_cmpint (gj_blob_store_received (to, sha), ==, 0);
  }
}

static void
test_strip_location (void)
{
  g_autofree char *dir = case_dir ("strip");
  g_autoptr(GjBlobStore) blobs = new_blobs (dir, "db.files");
  g_autofree char *photo = g_test_build_filename (G_TEST_DIST, "data", "files",
                                                  "photo-gps-mm.jpg", NULL);
  g_autofree char *original = NULL;
  g_autofree char *orig_sha = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *stripped = NULL;
  g_autofree char *path = NULL;
  g_autofree char *content = NULL;
  g_autoptr(GError) error = NULL;
  gsize orig_len, len;
  gint64 size;

  g_assert_true (g_file_get_contents (photo, &original, &orig_len, NULL));
  orig_sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) original, orig_len);

  g_assert_true (gj_blob_store_add_file (blobs, photo, FALSE, &kept, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (kept, ==, orig_sha);

  g_assert_true (gj_blob_store_add_file (blobs, photo, TRUE, &stripped, &size, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (stripped, !=, orig_sha);
  g_assert_cmpint (size, ==, (gint64) orig_len);
  path = gj_blob_store_dup_path (blobs, stripped);
  g_assert_true (g_file_get_contents (path, &content, &len, NULL));
  g_assert_cmpuint (len, ==, orig_len);
  /* Nothing left to erase; the file the person chose is unchanged. */
  g_assert_false (gj_exif_gps_erase ((guint8 *) content, len));
  {
    g_autofree char *after = NULL;
    gsize after_len;

    g_assert_true (g_file_get_contents (photo, &after, &after_len, NULL));
    g_assert_cmpmem (after, after_len, original, orig_len);
  }
}

int
main (int   argc,
      char *argv[])
{
  int rc;

  g_test_init (&argc, &argv, NULL);
  test_dir = g_dir_make_tmp ("gj-test-blobs-XXXXXX", NULL);
  g_assert_nonnull (test_dir);

  g_test_add_func ("/blob-store/is-hash", test_is_hash);
  g_test_add_func ("/blob-store/dir-for-db", test_dir_for_db);
  g_test_add_func ("/blob-store/add-dedupe", test_add_dedupe);
  g_test_add_func ("/blob-store/refused-hash", test_refused_hash);
  g_test_add_func ("/blob-store/chunks", test_chunks);
  g_test_add_func ("/blob-store/out-of-order-and-corrupt-chunk",
                   test_out_of_order_and_corrupt_chunk);
  g_test_add_func ("/blob-store/resume", test_resume);
  g_test_add_func ("/blob-store/corrupt-whole", test_corrupt_whole);
  g_test_add_func ("/blob-store/strip-location", test_strip_location);

  rc = g_test_run ();
  gj_test_remove_tree (test_dir);
  g_free (test_dir);
  return rc;
}
