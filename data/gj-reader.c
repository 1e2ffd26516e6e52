/* gj-reader.c: a worker thread with its own read connection to the store
 *
 * A GjStore is one SQLite connection and must stay on one thread. The UI's
 * queries over large tables therefore run here, on one thread that owns a
 * second connection to the same file: in WAL mode it reads a consistent
 * snapshot while the main thread writes. Jobs run one after another in the
 * order they were queued; results come back to the main context as GTask
 * completions.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-reader"

#include "config.h"

#include "gj-reader.h"

#ifdef HAVE_MALLOC_TRIM
#include <malloc.h>
#endif

struct _GjReader
{
  GObject      parent_instance;

  GjStore     *main_store;   /* main thread only; used when there is no file */
  char        *path;
  GThreadPool *pool;         /* one exclusive thread */
  GjStore     *store;        /* that thread only */
  GError      *open_error;   /* that thread only */
  guint        pending;      /* main thread only */
  gint         queued;       /* atomic: jobs pushed and not started */
};

G_DEFINE_FINAL_TYPE (GjReader, gj_reader, G_TYPE_OBJECT)

typedef struct
{
  GjReaderFunc   func;
  gpointer       data;
  GDestroyNotify data_free;
  GDestroyNotify result_free;
} Job;

static void
job_free (Job *job)
{
  if (job->data_free && job->data)
    job->data_free (job->data);
  g_free (job);
}

static void
run_job (GjReader *self,
         GTask    *task,
         GjStore  *store)
{
  Job *job = g_task_get_task_data (task);
  GCancellable *cancellable = g_task_get_cancellable (task);
  GError *error = NULL;
  gpointer result;

  if (g_cancellable_set_error_if_cancelled (cancellable, &error))
    {
      g_task_return_error (task, error);
      return;
    }
  if (store == NULL)
    {
      g_task_return_error (task, g_error_copy (self->open_error));
      return;
    }
  result = job->func (store, job->data, cancellable, &error);
  if (error != NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, result, job->result_free);
}

static void
thread_func (gpointer task_data,
             gpointer pool_data)
{
  GjReader *self = pool_data;
  g_autoptr(GTask) task = task_data;
  gboolean idle;

  /* A task without a function is the last one: it closes the connection
   * from the thread that opened it. */
  if (g_task_get_task_data (task) == NULL)
    {
      g_clear_object (&self->store);
      g_clear_error (&self->open_error);
      g_task_return_boolean (task, TRUE);
      return;
    }
  if (self->store == NULL && self->open_error == NULL)
    self->store = gj_store_open (self->path, &self->open_error);
  idle = g_atomic_int_dec_and_test (&self->queued);
  run_job (self, task, self->store);
#ifdef HAVE_MALLOC_TRIM
  /* A query over 100,000 records leaves this thread's malloc arena full of
   * freed blocks that glibc keeps; give them back once the queue is empty.
   * The count is our own: the pool may be shutting down by now. */
  if (idle && g_atomic_int_get (&self->queued) == 0)
    malloc_trim (0);
#else
  (void) idle;
#endif
}

static gboolean
run_on_main_cb (gpointer user_data)
{
  GTask *task = user_data;
  GjReader *self = g_task_get_source_object (task);

  run_job (self, task, self->main_store);
  return G_SOURCE_REMOVE;
}

static void
job_done (GjReader *self)
{
  g_assert (self->pending > 0);
  self->pending--;
}

static void
task_completed_cb (GTask      *task,
                   GParamSpec *pspec,
                   gpointer    user_data)
{
  job_done (GJ_READER (g_task_get_source_object (task)));
}

GjReader *
gj_reader_new (GjStore *main_store)
{
  GjReader *self;
  const char *path;

  g_return_val_if_fail (GJ_IS_STORE (main_store), NULL);

  self = g_object_new (GJ_TYPE_READER, NULL);
  self->main_store = g_object_ref (main_store);
  path = gj_store_get_path (main_store);
  if (path != NULL && !g_str_equal (path, ":memory:"))
    {
      self->path = g_strdup (path);
      self->pool = g_thread_pool_new (thread_func, self, 1, TRUE, NULL);
    }
  return self;
}

void
gj_reader_run_async (GjReader            *self,
                     GjReaderFunc         func,
                     gpointer             data,
                     GDestroyNotify       data_free,
                     GDestroyNotify       result_free,
                     GCancellable        *cancellable,
                     GAsyncReadyCallback  callback,
                     gpointer             user_data)
{
  GTask *task;
  Job *job;

  g_return_if_fail (GJ_IS_READER (self));
  g_return_if_fail (func != NULL);

  job = g_new0 (Job, 1);
  job->func = func;
  job->data = data;
  job->data_free = data_free;
  job->result_free = result_free;

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gj_reader_run_async);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_signal_connect (task, "notify::completed", G_CALLBACK (task_completed_cb), NULL);
  self->pending++;

  if (self->pool != NULL)
    {
      g_atomic_int_inc (&self->queued);
      g_thread_pool_push (self->pool, task, NULL);
    }
  else
    g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, run_on_main_cb, task, g_object_unref);
}

gpointer
gj_reader_run_finish (GjReader      *self,
                      GAsyncResult  *result,
                      GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);
  return g_task_propagate_pointer (G_TASK (result), error);
}

guint
gj_reader_get_pending (GjReader *self)
{
  g_return_val_if_fail (GJ_IS_READER (self), 0);
  return self->pending;
}

void
gj_reader_shutdown (GjReader *self)
{
  g_return_if_fail (GJ_IS_READER (self));

  if (self->pool != NULL)
    {
      GTask *last = g_task_new (self, NULL, NULL, NULL);

      g_thread_pool_push (self->pool, last, NULL);
      /* Waits for the queued jobs; their results are delivered later, or
       * dropped with the main context if the application is ending. */
      g_thread_pool_free (g_steal_pointer (&self->pool), FALSE, TRUE);
    }
}

static void
gj_reader_dispose (GObject *object)
{
  GjReader *self = GJ_READER (object);

  gj_reader_shutdown (self);
  g_clear_object (&self->main_store);
  G_OBJECT_CLASS (gj_reader_parent_class)->dispose (object);
}

static void
gj_reader_finalize (GObject *object)
{
  GjReader *self = GJ_READER (object);

  g_free (self->path);
  G_OBJECT_CLASS (gj_reader_parent_class)->finalize (object);
}

static void
gj_reader_class_init (GjReaderClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = gj_reader_dispose;
  G_OBJECT_CLASS (klass)->finalize = gj_reader_finalize;
}

static void
gj_reader_init (GjReader *self)
{
}
