/* test-thumbnail.c: thumbnails drawn in gongjian-thumbnailer, bounded
 *
 * The photos and the PDF are drawn by the real program of the build tree
 * (GJ_UNINSTALLED=1). A PDF whose compressed page expands to millions of
 * drawing operators must be stopped by the wall-clock timeout; programs
 * that misbehave on purpose (GJ_THUMBNAILER, a shell script) show that a
 * killed process gives a clean error, that what it sends is bounded, that
 * no more than two run at once, and that cancelling kills the one running.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>

#include "gj-data-error.h"
#include "gj-test-store.h"
#include "gj-thumbnail.h"

#define SIZE 64
/* Far longer than a small photo takes, far shorter than the hostile PDF. */
#define TIMEOUT_MS 4000

static char *work_dir;

/* Writes @data to a new file in the work folder and returns its path;
 * *@sha256 is its hash, as the blob store names it. */
static char *
write_input (const char  *name,
             const void  *data,
             gsize        len,
             char       **sha256)
{
  char *path = g_build_filename (work_dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, data, len, &error);
  g_assert_no_error (error);
  *sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, len);
  return path;
}

static char *
cached_path (const char *sha256)
{
  g_autofree char *name = g_strdup_printf ("%s-%d.png", sha256, SIZE);

  return g_build_filename (g_get_user_cache_dir (), "gongjian", "thumbnails", name, NULL);
}

/* The program the tests name in GJ_THUMBNAILER, set once before any
 * thread starts: a shell script that runs what the file "mode" in the
 * work folder names, the real program or a script of the test's. */
static void
write_dispatcher (void)
{
  g_autofree char *path = g_build_filename (work_dir, "thumbnailer", NULL);
  g_autofree char *text = g_strdup_printf ("#!/bin/sh\n"
                                           "dir=\"$(dirname \"$0\")\"\n"
                                           "mode=\"$(cat \"$dir/mode\")\"\n"
                                           "if [ \"$mode\" = real ]; then\n"
                                           "  exec '%s' \"$@\"\n"
                                           "fi\n"
                                           "exec /bin/sh \"$dir/$mode.sh\" \"$@\"\n",
                                           BUILD_THUMBNAILER);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, text, -1, &error);
  g_assert_no_error (error);
  g_assert_cmpint (g_chmod (path, 0755), ==, 0);
  g_setenv ("GJ_THUMBNAILER", path, TRUE);
}

static void
set_mode (const char *mode)
{
  g_autofree char *path = g_build_filename (work_dir, "mode", NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, mode, -1, &error);
  g_assert_no_error (error);
}

static void
use_real_program (void)
{
  set_mode ("real");
}

/* Writes the script @name.sh and has it run in place of the program. */
static void
use_script (const char *name,
            const char *body)
{
  g_autofree char *file = g_strconcat (name, ".sh", NULL);
  g_autofree char *path = g_build_filename (work_dir, file, NULL);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, body, -1, &error);
  g_assert_no_error (error);
  set_mode (name);
}

/* A PDF of one page of @width × @height points whose content is @content,
 * compressed, with a cross-reference table of true offsets. */
static GBytes *
make_pdf (int     width,
          int     height,
          GBytes *content)
{
  g_autoptr(GZlibCompressor) zlib = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_ZLIB, 9);
  g_autoptr(GOutputStream) memory = g_memory_output_stream_new_resizable ();
  g_autoptr(GOutputStream) deflate = g_converter_output_stream_new (memory,
                                                                    G_CONVERTER (zlib));
  g_autoptr(GBytes) stream = NULL;
  g_autoptr(GError) error = NULL;
  GString *pdf = g_string_new ("%PDF-1.4\n");
  gsize offsets[4];
  gsize xref;

  g_output_stream_write_all (deflate, g_bytes_get_data (content, NULL),
                             g_bytes_get_size (content), NULL, NULL, &error);
  g_assert_no_error (error);
  g_output_stream_close (deflate, NULL, &error);
  g_assert_no_error (error);
  stream = g_memory_output_stream_steal_as_bytes (G_MEMORY_OUTPUT_STREAM (memory));

  offsets[0] = pdf->len;
  g_string_append (pdf, "1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n");
  offsets[1] = pdf->len;
  g_string_append (pdf, "2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n");
  offsets[2] = pdf->len;
  g_string_append_printf (pdf, "3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] "
                          "/Contents 4 0 R >>\nendobj\n", width, height);
  offsets[3] = pdf->len;
  g_string_append_printf (pdf, "4 0 obj\n<< /Length %" G_GSIZE_FORMAT " /Filter /FlateDecode >>"
                          "\nstream\n", g_bytes_get_size (stream));
  g_string_append_len (pdf, g_bytes_get_data (stream, NULL), g_bytes_get_size (stream));
  g_string_append (pdf, "\nendstream\nendobj\n");
  xref = pdf->len;
  g_string_append (pdf, "xref\n0 5\n0000000000 65535 f \n");
  for (guint i = 0; i < G_N_ELEMENTS (offsets); i++)
    g_string_append_printf (pdf, "%010" G_GSIZE_FORMAT " 00000 n \n", offsets[i]);
  g_string_append_printf (pdf, "trailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n%"
                          G_GSIZE_FORMAT "\n%%%%EOF\n", xref);
  return g_string_free_to_bytes (pdf);
}

/* The thumbnail of @path is a PNG of @width × @height whose middle is
 * about @rgb. */
static void
assert_thumbnail (const char *path,
                  const char *sha256,
                  const char *mime_type,
                  int         width,
                  int         height,
                  guint32     rgb)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *thumbnail = gj_thumbnail_get (path, sha256, mime_type, SIZE, NULL, &error);
  g_autofree char *again = NULL;
  g_autofree char *expected = cached_path (sha256);
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  const guint8 *pixel;

  g_assert_no_error (error);
  g_assert_cmpstr (thumbnail, ==, expected);
  pixbuf = gdk_pixbuf_new_from_file (thumbnail, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, width);
  g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, height);
  pixel = gdk_pixbuf_read_pixels (pixbuf)
          + (gsize) (height / 2) * gdk_pixbuf_get_rowstride (pixbuf)
          + (gsize) (width / 2) * gdk_pixbuf_get_n_channels (pixbuf);
  g_assert_cmpint (ABS (pixel[0] - (int) (rgb >> 16 & 0xff)), <=, 8);
  g_assert_cmpint (ABS (pixel[1] - (int) (rgb >> 8 & 0xff)), <=, 8);
  g_assert_cmpint (ABS (pixel[2] - (int) (rgb & 0xff)), <=, 8);

  /* The second time it comes from the cache. */
  again = gj_thumbnail_get (path, sha256, mime_type, SIZE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (again, ==, thumbnail);
}

static GBytes *
solid_picture (const char *type,
               int         width,
               int         height,
               guint32     rgb)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, width, height);
  g_autoptr(GError) error = NULL;
  gchar *data = NULL;
  gsize len = 0;

  gdk_pixbuf_fill (pixbuf, rgb << 8 | 0xff);
  gdk_pixbuf_save_to_buffer (pixbuf, &data, &len, type, &error, NULL);
  g_assert_no_error (error);
  return g_bytes_new_take (data, len);
}

/* Writes tiny.png, a PNG of 4 × 4 pixels, in the work folder, for the
 * scripts to send. */
static void
write_tiny (void)
{
  g_autofree char *path = g_build_filename (work_dir, "tiny.png", NULL);
  g_autoptr(GBytes) tiny = solid_picture ("png", 4, 4, 0);
  g_autoptr(GError) error = NULL;

  g_file_set_contents (path, g_bytes_get_data (tiny, NULL), g_bytes_get_size (tiny), &error);
  g_assert_no_error (error);
}

static void
test_photos (void)
{
  g_autoptr(GBytes) jpeg = solid_picture ("jpeg", 400, 300, 0x2050c0);
  g_autoptr(GBytes) png = solid_picture ("png", 100, 200, 0x30a040);
  g_autofree char *jpeg_hash = NULL;
  g_autofree char *png_hash = NULL;
  g_autofree char *jpeg_path = write_input ("photo.jpg", g_bytes_get_data (jpeg, NULL),
                                            g_bytes_get_size (jpeg), &jpeg_hash);
  g_autofree char *png_path = write_input ("scan.png", g_bytes_get_data (png, NULL),
                                           g_bytes_get_size (png), &png_hash);

  use_real_program ();
  assert_thumbnail (jpeg_path, jpeg_hash, "image/jpeg", 64, 48, 0x2050c0);
  assert_thumbnail (png_path, png_hash, "image/png", 32, 64, 0x30a040);
}

static void
test_pdf (void)
{
  g_autoptr(GBytes) content = g_bytes_new_static ("1 0 0 rg 0 0 200 100 re f\n", 26);
  g_autoptr(GBytes) pdf = make_pdf (200, 100, content);
  g_autofree char *hash = NULL;
  g_autofree char *path = write_input ("agreement.pdf", g_bytes_get_data (pdf, NULL),
                                       g_bytes_get_size (pdf), &hash);

  use_real_program ();
  assert_thumbnail (path, hash, "application/pdf", 64, 32, 0xff0000);
}

/* A file the program cannot draw gives its message, and no thumbnail. */
static void
test_damaged (void)
{
  static const char garbage[] = "\xff\xd8\xff\xe0 not a photo at all";
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *path = write_input ("damaged.jpg", garbage, sizeof garbage, &hash);
  g_autofree char *thumbnail = NULL;
  g_autofree char *cached = cached_path (hash);

  use_real_program ();
  thumbnail = gj_thumbnail_get (path, hash, "image/jpeg", SIZE, NULL, &error);
  g_assert_null (thumbnail);
  g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "The picture cannot be read"));
  g_assert_false (g_file_test (cached, G_FILE_TEST_EXISTS));
}

/* How many files this process has open. */
static guint
count_fds (void)
{
  g_autoptr(GDir) dir = g_dir_open ("/proc/self/fd", 0, NULL);
  guint n = 0;

  g_assert_nonnull (dir);
  while (g_dir_read_name (dir) != NULL)
    n++;
  return n;
}

/* Every process started has been reaped: none is left running, and none
 * is a zombie; and the pipes to them are closed: no more files are open
 * than the @fds before they started. GLib's worker thread lets go of an
 * ended process (and so of its pipes) a moment after the caller has: the
 * count is given that moment. */
static void
assert_no_child (guint fds)
{
  gint64 deadline = g_get_monotonic_time () + 5 * G_USEC_PER_SEC;

  g_assert_cmpint (waitpid (-1, NULL, WNOHANG), ==, -1);
  g_assert_cmpint (errno, ==, ECHILD);
  while (count_fds () > fds && g_get_monotonic_time () < deadline)
    g_usleep (10000);
  g_assert_cmpuint (count_fds (), <=, fds);
}

static void
test_timeout (void)
{
  const char *line = "0 0 m 200 100 l 50 80 l h f\n";
  gsize line_len = strlen (line);
  /* Two million filled triangles: seconds of drawing whatever the
   * machine, from a file of a few hundred kilobytes. */
  guint lines = 2000000;
  g_autoptr(GByteArray) content = g_byte_array_sized_new (lines * line_len);
  g_autoptr(GBytes) pdf = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *path = NULL;
  g_autofree char *thumbnail = NULL;
  g_autofree char *cached = NULL;
  g_autofree char *started = NULL;
  gint64 start;
  guint fds = count_fds ();

  for (guint i = 0; i < lines; i++)
    g_byte_array_append (content, (const guint8 *) line, line_len);
  pdf = make_pdf (200, 100, g_byte_array_free_to_bytes (g_steal_pointer (&content)));
  g_assert_cmpuint (g_bytes_get_size (pdf), <, 1024 * 1024);
  path = write_input ("hostile.pdf", g_bytes_get_data (pdf, NULL), g_bytes_get_size (pdf), &hash);
  cached = cached_path (hash);

  use_real_program ();
  start = g_get_monotonic_time ();
  thumbnail = gj_thumbnail_get (path, hash, "application/pdf", SIZE, NULL, &error);
  /* Generous: the timeout and the time a killed process takes to go. */
  g_assert_cmpint (g_get_monotonic_time () - start, <,
                   (TIMEOUT_MS + 8000) * G_TIME_SPAN_MILLISECOND);
  g_assert_null (thumbnail);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
  g_assert_false (g_file_test (cached, G_FILE_TEST_EXISTS));
  assert_no_child (fds);

  /* The file is not drawn again in this process's life: no program is
   * started for it. */
  g_clear_error (&error);
  use_script ("started", "touch \"$(dirname \"$0\")/started\"\n");
  thumbnail = gj_thumbnail_get (path, hash, "application/pdf", SIZE, NULL, &error);
  g_assert_null (thumbnail);
  g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID);
  g_assert_false (g_file_test (cached, G_FILE_TEST_EXISTS));
  started = g_build_filename (work_dir, "started", NULL);
  g_assert_false (g_file_test (started, G_FILE_TEST_EXISTS));
}

static void
test_killed (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *path = write_input ("crash.png", "crash", 5, &hash);
  g_autofree char *cached = cached_path (hash);
  g_autofree char *said = g_strdup_printf ("(signal %d)", SIGKILL);
  g_autofree char *thumbnail = NULL;
  guint fds = count_fds ();

  use_script ("crash", "kill -KILL $$\nsleep 5\n");
  thumbnail = gj_thumbnail_get (path, hash, "image/png", SIZE, NULL, &error);
  g_assert_null (thumbnail);
  g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, said));
  g_assert_false (g_file_test (cached, G_FILE_TEST_EXISTS));
  assert_no_child (fds);
}

/* What a program that misbehaves sends is refused: more bytes than any
 * thumbnail, or a PNG larger than the size asked for. Neither is cached. */
static void
test_bad_output (void)
{
  g_autofree char *big_path = g_build_filename (work_dir, "big.png", NULL);
  g_autoptr(GBytes) big = solid_picture ("png", 200, 200, 0);
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *path = write_input ("flood.png", "flood", 5, &hash);
  g_autofree char *cached = cached_path (hash);
  g_autofree char *thumbnail = NULL;
  g_autofree char *oversize_hash = NULL;
  g_autofree char *oversize_path = NULL;
  g_autofree char *oversize_cached = NULL;
  guint fds = count_fds ();

  use_script ("flood", "head -c 20000000 /dev/zero\n");
  thumbnail = gj_thumbnail_get (path, hash, "image/png", SIZE, NULL, &error);
  g_assert_null (thumbnail);
  g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "larger than 8 MB"));
  g_assert_false (g_file_test (cached, G_FILE_TEST_EXISTS));
  assert_no_child (fds);

  g_clear_error (&error);
  g_file_set_contents (big_path, g_bytes_get_data (big, NULL), g_bytes_get_size (big), &error);
  g_assert_no_error (error);
  use_script ("oversize", "cat \"$(dirname \"$0\")/big.png\"\n");
  oversize_path = write_input ("oversize.png", "oversize", 8, &oversize_hash);
  oversize_cached = cached_path (oversize_hash);
  thumbnail = gj_thumbnail_get (oversize_path, oversize_hash, "image/png", SIZE, NULL, &error);
  g_assert_null (thumbnail);
  g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID);
  g_assert_false (g_file_test (oversize_cached, G_FILE_TEST_EXISTS));
}

/* A program that writes megabytes on its standard error neither blocks on
 * the pipe nor makes the application keep them: its picture is taken, or
 * its message is cut short. */
static void
test_noisy (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *path = write_input ("noisy.png", "noisy", 5, &hash);
  g_autofree char *cached = cached_path (hash);
  g_autofree char *thumbnail = NULL;
  g_autofree char *failing_hash = NULL;
  g_autofree char *failing_path = write_input ("noisy-failing.png", "noisy-failing", 13,
                                               &failing_hash);
  guint fds = count_fds ();

  write_tiny ();
  use_script ("noisy", "head -c 20000000 /dev/zero | tr '\\0' x >&2\n"
                       "cat \"$(dirname \"$0\")/tiny.png\"\n");
  thumbnail = gj_thumbnail_get (path, hash, "image/png", SIZE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (thumbnail, ==, cached);
  assert_no_child (fds);

  use_script ("noisy-failing", "head -c 20000000 /dev/zero | tr '\\0' x >&2\n"
                               "exit 3\n");
  g_clear_pointer (&thumbnail, g_free);
  thumbnail = gj_thumbnail_get (failing_path, failing_hash, "image/png", SIZE, NULL, &error);
  g_assert_null (thumbnail);
  g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID);
  g_assert_true (g_str_has_prefix (error->message, "xxxx"));
  g_assert_cmpuint (strlen (error->message), <=, 1024);
  assert_no_child (fds);
}

/* Writes a PNG of its own for every file, after a pause, recording how
 * many copies of it ran at that moment: each holds a file in the folder
 * while it runs. A count can only be as high as the copies running. */
static const char concurrency_script[] =
  "dir=\"$(dirname \"$0\")\"\n"
  "touch \"$dir/running/$$\"\n"
  "ls \"$dir/running\" | wc -l >>\"$dir/counts\"\n"
  "sleep 0.3\n"
  "rm \"$dir/running/$$\"\n"
  "cat \"$dir/tiny.png\"\n";

typedef struct
{
  guint  done;
  guint  failed;
} Results;

static void
got_cb (GObject      *source,
        GAsyncResult *result,
        gpointer      user_data)
{
  Results *results = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *thumbnail = gj_thumbnail_get_finish (result, &error);

  if (thumbnail == NULL)
    results->failed++;
  results->done++;
}

typedef struct
{
  char *path;
  char *hash;
} Input;

static gpointer
get_thread (gpointer data)
{
  Input *input = data;
  g_autoptr(GError) error = NULL;
  g_autofree char *thumbnail = gj_thumbnail_get (input->path, input->hash, "image/png", SIZE,
                                                 NULL, &error);

  g_assert_no_error (error);
  return NULL;
}

static void
test_at_most_two (void)
{
  g_autofree char *running = g_build_filename (work_dir, "running", NULL);
  g_autofree char *counts_path = g_build_filename (work_dir, "counts", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *counts = NULL;
  g_auto(GStrv) lines = NULL;
  Input inputs[8];
  GThread *threads[2];
  Results results = { 0 };
  guint fds = count_fds ();

  use_script ("count", concurrency_script);
  g_assert_cmpint (g_mkdir (running, 0700), ==, 0);
  write_tiny ();
  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_autofree char *name = g_strdup_printf ("photo-%u.png", i);

      inputs[i].path = write_input (name, name, strlen (name), &inputs[i].hash);
    }

  /* Six through the queue and two called directly from threads of their
   * own: all at once, and still no more than two programs at a time. */
  for (guint i = 0; i < 6; i++)
    gj_thumbnail_get_async (inputs[i].path, inputs[i].hash, "image/png", SIZE, NULL, got_cb,
                            &results);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    threads[i] = g_thread_new ("thumbnail", get_thread, &inputs[6 + i]);
  while (results.done < 6)
    g_main_context_iteration (NULL, TRUE);
  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    g_thread_join (threads[i]);
  g_assert_cmpuint (results.failed, ==, 0);

  g_file_get_contents (counts_path, &counts, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (g_strstrip (counts), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, G_N_ELEMENTS (inputs));
  for (guint i = 0; lines[i] != NULL; i++)
    g_assert_cmpint (atoi (lines[i]), <=, 2);
  for (guint i = 0; i < G_N_ELEMENTS (inputs); i++)
    {
      g_free (inputs[i].path);
      g_free (inputs[i].hash);
    }
  assert_no_child (fds);
}

/* Cancelling kills the program drawing and drops the requests waiting. */
static void
test_cancel (void)
{
  g_autofree char *pids_path = g_build_filename (work_dir, "pids", NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *pids = NULL;
  g_auto(GStrv) lines = NULL;
  Results results = { 0 };
  char *paths[5], *hashes[5];
  gint64 start;
  guint fds = count_fds ();

  use_script ("sleep", "echo $$ >>\"$(dirname \"$0\")/pids\"\nexec sleep 60\n");
  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autofree char *name = g_strdup_printf ("slow-%u.pdf", i);

      paths[i] = write_input (name, name, strlen (name), &hashes[i]);
      gj_thumbnail_get_async (paths[i], hashes[i], "application/pdf", SIZE, cancellable, got_cb,
                              &results);
    }
  /* Both turns taken by sleeping programs, three requests waiting. */
  start = g_get_monotonic_time ();
  while (!g_file_get_contents (pids_path, &pids, NULL, NULL) || strlen (pids) < 2
         || strchr (pids, '\n') == strrchr (pids, '\n'))
    {
      g_clear_pointer (&pids, g_free);
      g_assert_cmpint (g_get_monotonic_time () - start, <, 20 * G_USEC_PER_SEC);
      g_usleep (20000);
    }
  g_cancellable_cancel (cancellable);
  while (results.done < G_N_ELEMENTS (paths))
    g_main_context_iteration (NULL, TRUE);
  /* Far less than the minute the programs would have slept. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 30 * G_USEC_PER_SEC);
  g_assert_cmpuint (results.failed, ==, G_N_ELEMENTS (paths));

  g_clear_pointer (&pids, g_free);
  g_file_get_contents (pids_path, &pids, NULL, &error);
  g_assert_no_error (error);
  lines = g_strsplit (g_strstrip (pids), "\n", -1);
  /* The waiting requests started no program. */
  g_assert_cmpuint (g_strv_length (lines), ==, 2);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      g_assert_cmpint (kill (atoi (lines[i]), 0), ==, -1);
      g_assert_cmpint (errno, ==, ESRCH);
    }
  assert_no_child (fds);
  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_free (paths[i]);
      g_free (hashes[i]);
    }
}

typedef struct
{
  Input         input;
  GCancellable *cancellable;
  GError       *error;
} Waiter;

static gpointer
wait_thread (gpointer data)
{
  Waiter *waiter = data;
  g_autofree char *thumbnail = gj_thumbnail_get (waiter->input.path, waiter->input.hash,
                                                 "image/png", SIZE, waiter->cancellable,
                                                 &waiter->error);

  g_assert_null (thumbnail);
  return NULL;
}

/* A caller waiting for a turn, both taken, stops waiting when it is
 * cancelled, starts no program and holds no turn: once the two programs
 * have ended, the next caller draws at once. */
static void
test_cancel_waiting (void)
{
  g_autofree char *pids_path = g_build_filename (work_dir, "waiting-pids", NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *pids = NULL;
  g_auto(GStrv) lines = NULL;
  g_autofree char *thumbnail = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *path = write_input ("after.png", "after", 5, &hash);
  g_autofree char *cached = cached_path (hash);
  Waiter busy[2] = { 0 }, waiter = { 0 };
  GThread *threads[2], *waiting;
  gint64 start;
  guint fds = count_fds ();

  write_tiny ();
  use_script ("waiting", "echo $$ >>\"$(dirname \"$0\")/waiting-pids\"\nexec sleep 60\n");
  for (guint i = 0; i < G_N_ELEMENTS (busy); i++)
    {
      g_autofree char *name = g_strdup_printf ("held-%u.png", i);

      busy[i].input.path = write_input (name, name, strlen (name), &busy[i].input.hash);
      threads[i] = g_thread_new ("busy", wait_thread, &busy[i]);
    }
  start = g_get_monotonic_time ();
  while (!g_file_get_contents (pids_path, &pids, NULL, NULL) || strlen (pids) < 2
         || strchr (pids, '\n') == strrchr (pids, '\n'))
    {
      g_clear_pointer (&pids, g_free);
      g_assert_cmpint (g_get_monotonic_time () - start, <, 20 * G_USEC_PER_SEC);
      g_usleep (20000);
    }

  waiter.input.path = write_input ("waiting.png", "waiting", 7, &waiter.input.hash);
  waiter.cancellable = g_cancellable_new ();
  waiting = g_thread_new ("waiting", wait_thread, &waiter);
  g_usleep (200000);
  start = g_get_monotonic_time ();
  g_cancellable_cancel (waiter.cancellable);
  g_thread_join (waiting);
  /* Long before the programs holding the turns end, at the timeout. */
  g_assert_cmpint (g_get_monotonic_time () - start, <, 2 * G_USEC_PER_SEC);
  g_assert_error (waiter.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);

  for (guint i = 0; i < G_N_ELEMENTS (threads); i++)
    {
      g_thread_join (threads[i]);
      g_assert_error (busy[i].error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT);
    }
  g_clear_pointer (&pids, g_free);
  g_file_get_contents (pids_path, &pids, NULL, &error);
  g_assert_no_error (error);
  /* The waiting caller started no program. */
  lines = g_strsplit (g_strstrip (pids), "\n", -1);
  g_assert_cmpuint (g_strv_length (lines), ==, 2);

  use_script ("tiny", "cat \"$(dirname \"$0\")/tiny.png\"\n");
  thumbnail = gj_thumbnail_get (path, hash, "image/png", SIZE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (thumbnail, ==, cached);
  assert_no_child (fds);

  for (guint i = 0; i < G_N_ELEMENTS (busy); i++)
    {
      g_free (busy[i].input.path);
      g_free (busy[i].input.hash);
      g_clear_error (&busy[i].error);
    }
  g_free (waiter.input.path);
  g_free (waiter.input.hash);
  g_clear_error (&waiter.error);
  g_object_unref (waiter.cancellable);
}

static void
got_path_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  char **thumbnail = user_data;
  g_autoptr(GError) error = NULL;

  *thumbnail = gj_thumbnail_get_finish (result, &error);
  g_assert_no_error (error);
}

/* A thumbnail already cached is answered at once, while both turns are
 * taken by programs that draw until the timeout kills them and another
 * request waits in the queue: before either of them has ended. */
static void
test_cached_not_queued (void)
{
  g_autofree char *sleepers_path = g_build_filename (work_dir, "sleepers", NULL);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = NULL;
  g_autofree char *path = write_input ("drawn.png", "drawn", 5, &hash);
  g_autofree char *cached = cached_path (hash);
  g_autofree char *thumbnail = NULL;
  g_autofree char *sleepers = NULL;
  Results results = { 0 };
  char *paths[3], *hashes[3];
  gint64 start;
  guint fds = count_fds ();

  write_tiny ();
  use_script ("tiny", "cat \"$(dirname \"$0\")/tiny.png\"\n");
  thumbnail = gj_thumbnail_get (path, hash, "image/png", SIZE, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (thumbnail, ==, cached);
  g_clear_pointer (&thumbnail, g_free);

  use_script ("sleepers", "echo $$ >>\"$(dirname \"$0\")/sleepers\"\nexec sleep 60\n");
  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_autofree char *name = g_strdup_printf ("busy-%u.pdf", i);

      paths[i] = write_input (name, name, strlen (name), &hashes[i]);
      gj_thumbnail_get_async (paths[i], hashes[i], "application/pdf", SIZE, cancellable, got_cb,
                              &results);
    }
  start = g_get_monotonic_time ();
  while (!g_file_get_contents (sleepers_path, &sleepers, NULL, NULL) || strlen (sleepers) < 2
         || strchr (sleepers, '\n') == strrchr (sleepers, '\n'))
    {
      g_clear_pointer (&sleepers, g_free);
      g_assert_cmpint (g_get_monotonic_time () - start, <, 20 * G_USEC_PER_SEC);
      g_usleep (20000);
    }

  start = g_get_monotonic_time ();
  gj_thumbnail_get_async (path, hash, "image/png", SIZE, NULL, got_path_cb, &thumbnail);
  while (thumbnail == NULL && g_get_monotonic_time () - start < 10 * G_USEC_PER_SEC)
    if (!g_main_context_iteration (NULL, FALSE))
      g_usleep (10000);
  g_assert_cmpstr (thumbnail, ==, cached);
  g_assert_cmpuint (results.done, ==, 0);

  g_cancellable_cancel (cancellable);
  while (results.done < G_N_ELEMENTS (paths))
    g_main_context_iteration (NULL, TRUE);
  g_assert_cmpuint (results.failed, ==, G_N_ELEMENTS (paths));
  assert_no_child (fds);
  for (guint i = 0; i < G_N_ELEMENTS (paths); i++)
    {
      g_free (paths[i]);
      g_free (hashes[i]);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *cache = NULL;
  int status;

  /* The build tree's program behind a script of the test's, a short
   * timeout and a cache of the test's own: the environment is set before
   * any thread starts, and before GLib reads the cache's variable. */
  g_setenv ("GJ_UNINSTALLED", "1", TRUE);
  g_setenv ("GJ_THUMBNAIL_TIMEOUT_MS", G_STRINGIFY (TIMEOUT_MS), TRUE);
  work_dir = g_dir_make_tmp ("test-thumbnail-XXXXXX", NULL);
  g_assert_nonnull (work_dir);
  cache = g_build_filename (work_dir, "cache", NULL);
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  write_dispatcher ();
  {
    /* GLib opens the files it watches children with at the first child
     * and keeps them: one is started here, so that a test counts only
     * the files its own processes leave open. */
    g_autoptr(GSubprocess) first = g_subprocess_new (G_SUBPROCESS_FLAGS_NONE, NULL, "true", NULL);

    g_assert_nonnull (first);
    g_assert_true (g_subprocess_wait (first, NULL, NULL));
  }

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/thumbnail/photos", test_photos);
  g_test_add_func ("/thumbnail/pdf", test_pdf);
  g_test_add_func ("/thumbnail/damaged", test_damaged);
  g_test_add_func ("/thumbnail/timeout", test_timeout);
  g_test_add_func ("/thumbnail/killed", test_killed);
  g_test_add_func ("/thumbnail/bad-output", test_bad_output);
  g_test_add_func ("/thumbnail/noisy", test_noisy);
  g_test_add_func ("/thumbnail/at-most-two", test_at_most_two);
  g_test_add_func ("/thumbnail/cancel", test_cancel);
  g_test_add_func ("/thumbnail/cancel-waiting", test_cancel_waiting);
  g_test_add_func ("/thumbnail/cached-not-queued", test_cached_not_queued);
  status = g_test_run ();
  gj_test_remove_tree (work_dir);
  g_free (work_dir);
  return status;
}
