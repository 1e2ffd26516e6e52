/* gj-thumbnail.c: small pictures of attached files, drawn apart, cached
 *
 * Attached files come from anyone's laptop, and the parsers that draw
 * them (gdk-pixbuf's loaders, poppler) have no bound on the time or the
 * memory a crafted file costs. So the application never draws one itself:
 * gongjian-thumbnailer, a short-lived process that puts resource limits
 * on itself before it opens the file, draws it (gj-thumbnail-render.c)
 * and writes the PNG on its standard output. This side reads at most
 * MAX_PNG_BYTES of it, kills the process when the wall-clock timeout
 * passes or the caller cancels, and turns a kill, a crash or an error
 * into a GError: the tile shows the type's icon instead.
 *
 * At most MAX_RUNNING processes run at once in the whole application (a
 * counting lock around the spawn), so that a record with sixty photos
 * does not start sixty decoders; the asynchronous calls queue in a thread
 * pool of the same size, so that waiting turns tie up no other threads.
 * Only calls that need a process queue: a thumbnail already cached is
 * answered apart, without waiting behind drawings.
 *
 * A file whose drawing was killed (by the timeout, a resource limit or a
 * crash) is remembered by its content hash for the rest of the process's
 * life and not tried again at every redraw. It is not remembered on disk:
 * a timeout may come from a machine that was busy, and the next start of
 * the application tries once more.
 *
 * The cache is keyed by the content hash, so an entry never goes stale;
 * it is written with g_file_set_contents(), a temporary file renamed into
 * place, so a reader sees a whole PNG or none.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-thumbnail"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "gj-blob-store.h"
#include "gj-data-error.h"
#include "gj-thumbnail.h"

#define MAX_RUNNING 2
/* A photo of 100 megapixels decodes in a few seconds on a station's
 * laptop; fifteen is ample and still short enough that a hostile file
 * holds one of the two turns only briefly. */
#define DEFAULT_TIMEOUT_MS 15000
#define MAX_TIMEOUT_MS (10 * 60 * 1000)
/* A PNG of 1024 × 1024 pixels, the largest size, is 4 MiB uncompressed;
 * a process that sends more than twice that is not sending a thumbnail. */
#define MAX_PNG_BYTES (8 * 1024 * 1024)
#define MAX_MESSAGE_BYTES 1024
#define READ_CHUNK (64 * 1024)

static const guint8 png_signature[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n' };

/* Turns to run a process */

static GMutex slot_lock;
static GCond slot_cond;
static guint slots_busy;

static void
slot_wake_cb (GCancellable *cancellable,
              gpointer      user_data)
{
  /* Taking the lock orders the wake-up after the waiter's check of the
   * cancellable, so that it cannot be missed. */
  g_mutex_lock (&slot_lock);
  g_cond_broadcast (&slot_cond);
  g_mutex_unlock (&slot_lock);
}

/* Waits for one of the MAX_RUNNING turns; FALSE when @cancellable is
 * cancelled first. */
static gboolean
slot_acquire (GCancellable  *cancellable,
              GError       **error)
{
  gulong handler = 0;
  gboolean ok;

  if (cancellable != NULL)
    handler = g_cancellable_connect (cancellable, G_CALLBACK (slot_wake_cb), NULL, NULL);
  g_mutex_lock (&slot_lock);
  while (slots_busy >= MAX_RUNNING && !g_cancellable_is_cancelled (cancellable))
    g_cond_wait (&slot_cond, &slot_lock);
  ok = !g_cancellable_is_cancelled (cancellable);
  if (ok)
    slots_busy++;
  g_mutex_unlock (&slot_lock);
  if (cancellable != NULL)
    g_cancellable_disconnect (cancellable, handler);
  if (!ok)
    g_cancellable_set_error_if_cancelled (cancellable, error);
  return ok;
}

static void
slot_release (void)
{
  g_mutex_lock (&slot_lock);
  g_assert (slots_busy > 0);
  slots_busy--;
  g_cond_broadcast (&slot_cond);
  g_mutex_unlock (&slot_lock);
}

/* Files whose drawing was killed */

static GMutex failed_lock;
static GHashTable *failed;  /* "<sha256>-<size>" → itself */

static gboolean
has_failed (const char *key)
{
  G_GNUC_UNUSED g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&failed_lock);

  return failed != NULL && g_hash_table_contains (failed, key);
}

static void
mark_failed (const char *key)
{
  G_GNUC_UNUSED g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&failed_lock);

  if (failed == NULL)
    failed = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_hash_table_add (failed, g_strdup (key));
}

/* The process */

/* Whether this process's program lies in the build tree. The
 * environment alone does not say it: an installed application must start
 * the installed thumbnailer and nothing else, whatever GJ_UNINSTALLED and
 * GJ_THUMBNAILER say. On a machine with no build tree the answer is no. */
static gboolean
program_in_build_tree (void)
{
  static gsize answer;  /* 1: no, 2: yes */

  if (g_once_init_enter (&answer))
    {
      g_autofree char *program = g_file_read_link ("/proc/self/exe", NULL);
      g_autofree char *root = realpath (BUILD_ROOT, NULL);
      gboolean inside = program != NULL && root != NULL && g_str_has_prefix (program, root)
                        && program[strlen (root)] == G_DIR_SEPARATOR;

      g_once_init_leave (&answer, inside ? 2 : 1);
    }
  return answer == 2;
}

/* The installed program, or the build tree's when the application runs
 * uninstalled (tools/run-app, the tests); only there may GJ_THUMBNAILER
 * name another one, which the tests use for programs that misbehave. */
static const char *
thumbnailer_path (void)
{
  const char *override;

  if (g_strcmp0 (g_getenv ("GJ_UNINSTALLED"), "1") != 0 || !program_in_build_tree ())
    return THUMBNAILER_PATH;
  override = g_getenv ("GJ_THUMBNAILER");
  return override != NULL && *override != '\0' ? override : BUILD_THUMBNAILER;
}

static guint
timeout_ms (void)
{
  const char *text = g_getenv ("GJ_THUMBNAIL_TIMEOUT_MS");
  guint64 value;

  if (text == NULL || !g_ascii_string_to_unsigned (text, 10, 1, MAX_TIMEOUT_MS, &value, NULL))
    return DEFAULT_TIMEOUT_MS;
  return (guint) value;
}

typedef struct
{
  GMainContext *context;     /* the running thread's, where all of it is handled */
  GSubprocess  *process;
  GCancellable *io;          /* stops the reads once the process is killed */
  GByteArray   *out;
  GByteArray   *message;
  guint         pending;     /* reads and the wait not ended yet */
  gboolean      timed_out;
  gboolean      cancelled;
  gboolean      too_large;
  GError       *read_error;
} Run;

typedef struct
{
  Run          *run;
  GInputStream *stream;
  GByteArray   *into;
  gsize         limit;
} Reader;

static void
kill_process (Run *run)
{
  g_subprocess_force_exit (run->process);
  g_cancellable_cancel (run->io);
}

static void
read_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Reader *reader = user_data;
  Run *run = reader->run;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = g_input_stream_read_bytes_finish (reader->stream, result, &error);
  gsize n = bytes != NULL ? g_bytes_get_size (bytes) : 0;

  if (bytes == NULL || n == 0)
    {
      if (error != NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED)
          && run->read_error == NULL)
        run->read_error = g_steal_pointer (&error);
      run->pending--;
      g_free (reader);
      return;
    }
  if (reader->into->len + n > reader->limit)
    {
      if (reader->into == run->out)
        {
          run->too_large = TRUE;
          kill_process (run);
          run->pending--;
          g_free (reader);
          return;
        }
      /* The rest of a long message is read and dropped, so that the
       * process does not block on a full pipe. */
      n = reader->limit - reader->into->len;
    }
  g_byte_array_append (reader->into, g_bytes_get_data (bytes, NULL), n);
  g_input_stream_read_bytes_async (reader->stream, READ_CHUNK, G_PRIORITY_DEFAULT, run->io,
                                   read_cb, reader);
}

static void
start_reading (Run          *run,
               GInputStream *stream,
               GByteArray   *into,
               gsize         limit)
{
  Reader *reader = g_new0 (Reader, 1);

  reader->run = run;
  reader->stream = stream;
  reader->into = into;
  reader->limit = limit;
  run->pending++;
  g_input_stream_read_bytes_async (stream, READ_CHUNK, G_PRIORITY_DEFAULT, run->io, read_cb,
                                   reader);
}

static void
wait_cb (GObject      *source,
         GAsyncResult *result,
         gpointer      user_data)
{
  Run *run = user_data;

  /* Without a cancellable the wait ends only when the process has, and
   * has been reaped. */
  g_subprocess_wait_finish (run->process, result, NULL);
  run->pending--;
}

static gboolean
timeout_cb (gpointer user_data)
{
  Run *run = user_data;

  run->timed_out = TRUE;
  kill_process (run);
  return G_SOURCE_REMOVE;
}

static gboolean
cancelled_cb (gpointer user_data)
{
  Run *run = user_data;

  run->cancelled = TRUE;
  kill_process (run);
  return G_SOURCE_REMOVE;
}

/* In whichever thread cancelled: the process is handled in its runner's
 * context, so the kill is sent there. This stands in for a
 * GCancellableSource: with GLib 2.74, LeakSanitizer found one such source
 * left behind (120 bytes) in most runs of the tests that cancel from
 * another thread as the source is destroyed. A kill still queued when the
 * run ends goes with its context, never dispatched. */
static void
cancel_requested_cb (GCancellable *cancellable,
                     Run          *run)
{
  g_autoptr(GSource) idle = g_idle_source_new ();

  g_source_set_callback (idle, cancelled_cb, run, NULL);
  g_source_attach (idle, run->context);
}

/* What the process said on its standard error, as one line of valid
 * UTF-8, or NULL when it said nothing. */
static char *
process_message (GByteArray *message)
{
  g_autofree char *text = g_utf8_make_valid ((const char *) message->data, message->len);

  g_strstrip (text);
  for (char *p = text; *p != '\0'; p++)
    if (*p == '\n' || *p == '\r')
      *p = ' ';
  return *text != '\0' ? g_steal_pointer (&text) : NULL;
}

/* The error of a process that ended by itself with @status. */
static void
set_exit_error (int          status,
                GByteArray  *message,
                GError     **error)
{
  g_autofree char *said = process_message (message);
  g_autofree char *text = said != NULL ? g_steal_pointer (&said)
    : g_strdup_printf (_("The thumbnail program ended with status %d"), status);

  switch (status)
    {
    case GJ_THUMBNAILER_EXIT_NOT_SUPPORTED:
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED, text);
      break;
    case GJ_THUMBNAILER_EXIT_INVALID:
      g_set_error_literal (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID, text);
      break;
    default:
      g_set_error_literal (error, GJ_DATA_ERROR, GJ_DATA_ERROR_IO, text);
      break;
    }
}

static guint32
read_be32 (const guint8 *p)
{
  return (guint32) p[0] << 24 | (guint32) p[1] << 16 | (guint32) p[2] << 8 | p[3];
}

/* Whether @png starts as a PNG of at most @size × @size pixels: the
 * application decodes it, so a process that misbehaves must not be able
 * to make it decode a picture of any other size. */
static gboolean
is_thumbnail_png (GByteArray *png,
                  int         size)
{
  /* The signature, then the IHDR chunk: length, type, width, height. */
  if (png->len < sizeof png_signature + 16
      || memcmp (png->data, png_signature, sizeof png_signature) != 0
      || memcmp (png->data + 12, "IHDR", 4) != 0)
    return FALSE;
  return read_be32 (png->data + 16) >= 1 && read_be32 (png->data + 16) <= (guint32) size
         && read_be32 (png->data + 20) >= 1 && read_be32 (png->data + 20) <= (guint32) size;
}

/* Runs the thumbnailer on @path and returns the PNG it wrote, or NULL
 * with an error; *@killed says whether the process was stopped by the
 * timeout, a resource limit or a crash (not by the caller). */
static GBytes *
run_thumbnailer (const char    *path,
                 const char    *mime_type,
                 int            size,
                 GCancellable  *cancellable,
                 gboolean      *killed,
                 GError       **error)
{
  g_autoptr(GMainContext) context = g_main_context_new ();
  g_autoptr(GSubprocessLauncher) launcher = NULL;
  g_autoptr(GSource) timeout = NULL;
  g_autoptr(GError) local = NULL;
  gulong cancel = 0;
  g_autofree char *size_text = g_strdup_printf ("%d", size);
  const char *program = thumbnailer_path ();
  const char *argv[] = { program, mime_type, size_text, path, NULL };
  Run run = { context, NULL, };
  GBytes *png = NULL;

  *killed = FALSE;
  launcher = g_subprocess_launcher_new (G_SUBPROCESS_FLAGS_STDOUT_PIPE
                                        | G_SUBPROCESS_FLAGS_STDERR_PIPE);
  g_subprocess_launcher_set_stdin_file_path (launcher, "/dev/null");
  run.process = g_subprocess_launcher_spawnv (launcher, argv, &local);
  if (run.process == NULL)
    {
      gj_data_error_set (error, GJ_DATA_ERROR_IO, NULL,
                         _("The thumbnail program “%s” cannot be started: %s; "
                           "reinstall Gongjian"), program, local->message);
      return NULL;
    }

  /* Everything below is dispatched in this thread's own context, which
   * this function iterates until the process has ended and its pipes have
   * been read or abandoned: the deadline bounds it all. */
  g_main_context_push_thread_default (context);
  run.io = g_cancellable_new ();
  run.out = g_byte_array_new ();
  run.message = g_byte_array_new ();
  start_reading (&run, g_subprocess_get_stdout_pipe (run.process), run.out, MAX_PNG_BYTES);
  start_reading (&run, g_subprocess_get_stderr_pipe (run.process), run.message,
                 MAX_MESSAGE_BYTES);
  run.pending++;
  g_subprocess_wait_async (run.process, NULL, wait_cb, &run);
  timeout = g_timeout_source_new (timeout_ms ());
  g_source_set_callback (timeout, timeout_cb, &run, NULL);
  g_source_attach (timeout, context);
  if (cancellable != NULL)
    cancel = g_cancellable_connect (cancellable, G_CALLBACK (cancel_requested_cb), &run, NULL);
  while (run.pending > 0)
    g_main_context_iteration (context, TRUE);
  g_source_destroy (timeout);
  /* Waits for a handler running in another thread, so none touches @run
   * after this function. */
  g_cancellable_disconnect (cancellable, cancel);
  g_main_context_pop_thread_default (context);

  if (run.cancelled)
    g_cancellable_set_error_if_cancelled (cancellable, error);
  else if (run.timed_out)
    {
      *killed = TRUE;
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_TIMED_OUT,
                   _("The thumbnail of this file could not be drawn in time (%u s); "
                     "open the file to see it"), (timeout_ms () + 999) / 1000);
    }
  else if (run.too_large)
    {
      *killed = TRUE;
      gj_data_error_set (error, GJ_DATA_ERROR_INVALID, NULL,
                         _("The thumbnail of this file came out larger than %d MB, "
                           "which no thumbnail needs; open the file to see it"),
                         MAX_PNG_BYTES / (1024 * 1024));
    }
  else if (g_subprocess_get_if_signaled (run.process))
    {
      /* A resource limit ends the process with SIGXCPU or SIGKILL (time)
       * or SIGSEGV/SIGABRT (memory); a crash the same way. */
      *killed = TRUE;
      gj_data_error_set (error, GJ_DATA_ERROR_INVALID, NULL,
                         _("The thumbnail of this file could not be drawn: the program "
                           "drawing it was stopped (signal %d); the file may be damaged"),
                         g_subprocess_get_term_sig (run.process));
    }
  else if (g_subprocess_get_exit_status (run.process) != 0)
    set_exit_error (g_subprocess_get_exit_status (run.process), run.message, error);
  else if (run.read_error != NULL)
    gj_data_error_set (error, GJ_DATA_ERROR_IO, NULL,
                       _("The thumbnail program’s picture cannot be read: %s"),
                       run.read_error->message);
  else if (!is_thumbnail_png (run.out, size))
    gj_data_error_set (error, GJ_DATA_ERROR_INVALID, NULL,
                       _("The thumbnail program sent no PNG picture; reinstall Gongjian"));
  else
    png = g_byte_array_free_to_bytes (g_steal_pointer (&run.out));

  g_clear_error (&run.read_error);
  g_clear_pointer (&run.out, g_byte_array_unref);
  g_byte_array_unref (run.message);
  g_object_unref (run.io);
  g_object_unref (run.process);
  return png;
}

/* The cache */

/* The cache's file for the thumbnail of @sha256 at @size. */
static char *
cache_file (const char *sha256,
            int         size)
{
  g_autofree char *name = g_strdup_printf ("%s-%d.png", sha256, size);

  return g_build_filename (g_get_user_cache_dir (), "gongjian", "thumbnails", name, NULL);
}

/* What is known without a process: TRUE with *@thumbnail set to the
 * cached file, or TRUE with an error for a type that has no thumbnail or
 * a file whose drawing was killed before; FALSE when it must be drawn. */
static gboolean
answer_known (const char  *sha256,
              const char  *mime_type,
              int          size,
              char       **thumbnail,
              GError     **error)
{
  g_autofree char *cached = NULL;
  g_autofree char *key = NULL;

  *thumbnail = NULL;
  if (!gj_thumbnail_type_supported (mime_type))
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("Files of type %s have no thumbnail"), mime_type ? mime_type : "?");
      return TRUE;
    }
  cached = cache_file (sha256, size);
  if (g_file_test (cached, G_FILE_TEST_IS_REGULAR))
    {
      *thumbnail = g_steal_pointer (&cached);
      return TRUE;
    }
  key = g_strdup_printf ("%s-%d", sha256, size);
  if (has_failed (key))
    {
      gj_data_error_set (error, GJ_DATA_ERROR_INVALID, NULL,
                         _("The thumbnail of this file could not be drawn earlier; it is "
                           "tried again when Gongjian is started anew"));
      return TRUE;
    }
  return FALSE;
}

/* Public */

char *
gj_thumbnail_get (const char    *path,
                  const char    *sha256,
                  const char    *mime_type,
                  int            size,
                  GCancellable  *cancellable,
                  GError       **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *thumbnail = NULL;
  g_autoptr(GBytes) png = NULL;
  gboolean killed = FALSE;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (gj_blob_store_is_hash (sha256), NULL);
  g_return_val_if_fail (size >= GJ_THUMBNAIL_MIN_SIZE && size <= GJ_THUMBNAIL_MAX_SIZE, NULL);

  if (answer_known (sha256, mime_type, size, &thumbnail, error))
    return g_steal_pointer (&thumbnail);

  if (!slot_acquire (cancellable, error))
    return NULL;
  /* Another caller may have drawn it while this one waited its turn. */
  thumbnail = cache_file (sha256, size);
  if (g_file_test (thumbnail, G_FILE_TEST_IS_REGULAR))
    {
      slot_release ();
      return g_steal_pointer (&thumbnail);
    }
  png = run_thumbnailer (path, mime_type, size, cancellable, &killed, error);
  slot_release ();
  if (killed)
    {
      g_autofree char *key = g_strdup_printf ("%s-%d", sha256, size);

      mark_failed (key);
    }
  if (png == NULL)
    return NULL;

  dir = g_path_get_dirname (thumbnail);
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("The thumbnail folder “%s” cannot be made: %s"), dir, g_strerror (saved));
      return NULL;
    }
  if (!g_file_set_contents_full (thumbnail, g_bytes_get_data (png, NULL), g_bytes_get_size (png),
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0600, error))
    return NULL;
  return g_steal_pointer (&thumbnail);
}

/* The queue */

typedef struct
{
  char *path;
  char *sha256;
  char *mime_type;
  int   size;
} Job;

static void
job_free (Job *job)
{
  g_free (job->path);
  g_free (job->sha256);
  g_free (job->mime_type);
  g_free (job);
}

static void
job_run_cb (gpointer data,
            gpointer user_data)
{
  g_autoptr(GTask) task = data;
  Job *job = g_task_get_task_data (task);
  GError *error = NULL;
  char *thumbnail;

  if (g_task_return_error_if_cancelled (task))
    return;
  thumbnail = gj_thumbnail_get (job->path, job->sha256, job->mime_type, job->size,
                                g_task_get_cancellable (task), &error);
  if (thumbnail == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, thumbnail, g_free);
}

/* *@pool, made on first use: a pool shared with GLib's other pools (not
 * exclusive), which cannot fail to be made, of @n_threads running @func. */
static GThreadPool *
pool_once (GThreadPool **pool,
           GFunc         func,
           int           n_threads)
{
  if (g_once_init_enter (pool))
    g_once_init_leave (pool, g_thread_pool_new (func, NULL, n_threads, FALSE, NULL));
  return *pool;
}

static GThreadPool *
job_pool (void)
{
  static GThreadPool *pool;

  return pool_once (&pool, job_run_cb, MAX_RUNNING);
}

/* A job goes to the queue only when it needs a process: a thumbnail
 * already cached is answered here, in threads apart from the queue's,
 * and does not wait behind drawings that may each last until the
 * timeout. */
static void
lookup_run_cb (gpointer data,
               gpointer user_data)
{
  GTask *task = data;
  Job *job = g_task_get_task_data (task);
  GError *error = NULL;
  char *thumbnail;

  /* A cancelled job is dropped in the queue; one answered here after its
   * cancellable was cancelled still finishes with G_IO_ERROR_CANCELLED. */
  if (!answer_known (job->sha256, job->mime_type, job->size, &thumbnail, &error))
    {
      /* The queue takes over the task's reference. */
      g_thread_pool_push (job_pool (), task, NULL);
      return;
    }
  if (thumbnail == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, thumbnail, g_free);
  g_object_unref (task);
}

static GThreadPool *
lookup_pool (void)
{
  static GThreadPool *pool;

  /* Two threads, as a look-up is one stat of a file in the cache. */
  return pool_once (&pool, lookup_run_cb, 2);
}

void
gj_thumbnail_get_async (const char          *path,
                        const char          *sha256,
                        const char          *mime_type,
                        int                  size,
                        GCancellable        *cancellable,
                        GAsyncReadyCallback  callback,
                        gpointer             user_data)
{
  GTask *task;
  Job *job;

  g_return_if_fail (path != NULL);
  g_return_if_fail (gj_blob_store_is_hash (sha256));
  g_return_if_fail (size >= GJ_THUMBNAIL_MIN_SIZE && size <= GJ_THUMBNAIL_MAX_SIZE);

  task = g_task_new (NULL, cancellable, callback, user_data);
  g_task_set_source_tag (task, gj_thumbnail_get_async);
  job = g_new0 (Job, 1);
  job->path = g_strdup (path);
  job->sha256 = g_strdup (sha256);
  job->mime_type = g_strdup (mime_type);
  job->size = size;
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  /* The look-up, then the queue, own the task's reference until a thread
   * has run it. */
  g_thread_pool_push (lookup_pool (), task, NULL);
}

char *
gj_thumbnail_get_finish (GAsyncResult  *result,
                         GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == gj_thumbnail_get_async, NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}
