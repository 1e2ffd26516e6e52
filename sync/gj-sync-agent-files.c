/* gj-sync-agent-files.c: fetching an attached file for the app, off the main thread
 *
 * A person asks for a file that did not come with the sync (it is over
 * the fetch limit, or the sync has not brought it yet). The fetch runs in
 * a worker thread with connections of its own, like a sync, and may run
 * beside one: both only append to a partial file at the offset already
 * received, so a chunk written twice is refused rather than doubled. Its
 * progress reaches the caller's main context coalesced: while one report
 * waits to be delivered, newer numbers replace it instead of queueing more.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-sync-agent"

#include "config.h"

#include "gj-client.h"
#include "gj-sync-agent-private.h"

typedef struct
{
  gatomicrefcount     ref_count;
  char               *db_path;
  char               *sha256;
  gint64              size;
  GjFileProgressFunc  progress;
  gpointer            progress_data;
  GMainContext       *context;
  GCancellable       *cancellable;  /* the worker's: cancelled by the caller's or the window's */
  GCancellable       *outer[2];     /* the caller's and the window's, either may be NULL */
  gulong              handlers[2];

  GMutex              lock;         /* guards done, total and pending */
  gint64              done;
  gint64              total;
  gboolean            pending;      /* a report is queued on the main context */

  gboolean            over;         /* main thread: the caller is answered, no more reports */
} FetchJob;

static FetchJob *
fetch_job_ref (FetchJob *job)
{
  g_atomic_ref_count_inc (&job->ref_count);
  return job;
}

static void
fetch_job_unref (FetchJob *job)
{
  if (!g_atomic_ref_count_dec (&job->ref_count))
    return;
  g_free (job->db_path);
  g_free (job->sha256);
  g_main_context_unref (job->context);
  g_object_unref (job->cancellable);
  for (guint i = 0; i < G_N_ELEMENTS (job->outer); i++)
    g_clear_object (&job->outer[i]);
  g_mutex_clear (&job->lock);
  g_free (job);
}

static gboolean
deliver_progress_cb (gpointer data)
{
  FetchJob *job = data;
  gint64 done, total;

  g_mutex_lock (&job->lock);
  done = job->done;
  total = job->total;
  job->pending = FALSE;
  g_mutex_unlock (&job->lock);
  if (!job->over && job->progress != NULL)
    job->progress (done, total, job->progress_data);
  return G_SOURCE_REMOVE;
}

static void
progress_from_thread (gint64   done,
                      gint64   total,
                      gpointer user_data)
{
  FetchJob *job = user_data;
  gboolean queue;

  g_mutex_lock (&job->lock);
  job->done = done;
  job->total = total;
  queue = !job->pending;
  job->pending = TRUE;
  g_mutex_unlock (&job->lock);
  /* An idle source rather than g_main_context_invoke(), which would run
   * the report in this thread whenever it can acquire the context. */
  if (queue)
    {
      GSource *source = g_idle_source_new ();

      g_source_set_priority (source, G_PRIORITY_DEFAULT);
      g_source_set_callback (source, deliver_progress_cb, fetch_job_ref (job),
                             (GDestroyNotify) fetch_job_unref);
      g_source_attach (source, job->context);
      g_source_unref (source);
    }
}

static void
fetch_thread (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  FetchJob *job = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GjStore) store = NULL;
  g_autoptr(GjIdentity) identity = NULL;
  g_autoptr(GjRegistry) peers = NULL;
  g_autoptr(GjBlobStore) blobs = NULL;

  if (!_gj_sync_agent_open_connections (job->db_path, &store, &identity, &peers, &error) ||
      !(blobs = gj_blob_store_for_store (store, &error)) ||
      !gj_client_fetch_file (store, identity, peers, blobs, job->sha256, job->size,
                             progress_from_thread, job, cancellable, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
cancel_cb (GCancellable *outer,
           gpointer      user_data)
{
  g_cancellable_cancel (user_data);
}

static void
fetch_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) caller = user_data;
  FetchJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  /* A report the worker queued may still arrive; it is dropped. */
  job->over = TRUE;
  for (guint i = 0; i < G_N_ELEMENTS (job->outer); i++)
    if (job->outer[i] != NULL)
      g_cancellable_disconnect (job->outer[i], job->handlers[i]);
  if (!g_task_propagate_boolean (G_TASK (result), &error))
    g_task_return_error (caller, g_steal_pointer (&error));
  else
    g_task_return_boolean (caller, TRUE);
}

void
gj_sync_agent_fetch_file_async (GjSyncAgent         *self,
                                const char          *sha256,
                                gint64               size,
                                GjFileProgressFunc   progress,
                                gpointer             progress_data,
                                GCancellable        *cancellable,
                                GAsyncReadyCallback  callback,
                                gpointer             user_data)
{
  g_autoptr(GTask) caller = NULL;
  g_autoptr(GTask) task = NULL;
  FetchJob *job;

  g_return_if_fail (GJ_IS_SYNC_AGENT (self));
  g_return_if_fail (sha256 != NULL);
  g_return_if_fail (cancellable == NULL || G_IS_CANCELLABLE (cancellable));

  caller = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (caller, gj_sync_agent_fetch_file_async);
  job = g_new0 (FetchJob, 1);
  g_atomic_ref_count_init (&job->ref_count);
  g_mutex_init (&job->lock);
  job->db_path = g_strdup (self->db_path);
  job->sha256 = g_strdup (sha256);
  job->size = size;
  job->progress = progress;
  job->progress_data = progress_data;
  job->context = g_main_context_ref_thread_default ();
  /* The window closing ends a fetch as it ends a sync. */
  job->cancellable = g_cancellable_new ();
  job->outer[0] = cancellable ? g_object_ref (cancellable) : NULL;
  job->outer[1] = g_object_ref (self->cancellable);
  for (guint i = 0; i < G_N_ELEMENTS (job->outer); i++)
    if (job->outer[i] != NULL)
      job->handlers[i] = g_cancellable_connect (job->outer[i], G_CALLBACK (cancel_cb),
                                                job->cancellable, NULL);
  /* The worker's task answers the agent first, which then stops the
   * progress reports before it answers the caller. */
  task = g_task_new (self, job->cancellable, fetch_done_cb, g_steal_pointer (&caller));
  g_task_set_task_data (task, job, (GDestroyNotify) fetch_job_unref);
  g_task_run_in_thread (task, fetch_thread);
}

gboolean
gj_sync_agent_fetch_file_finish (GjSyncAgent   *self,
                                 GAsyncResult  *result,
                                 GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == gj_sync_agent_fetch_file_async,
                        FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}
