/* gj-sync-agent.c: the app's syncing, off the main thread
 *
 * Network work never runs on the main thread: a sync, an enrolment or a
 * pairing is a GTask in a worker thread with its own store connection, and
 * the LAN listener runs a main context of its own in a thread
 * (gj-sync-agent-lan.c). SQLite's locking and the store's rereading of
 * versions at each transaction make the connections safe to share one
 * file. Results come back to the main thread, which tells the pages to
 * reload.
 *
 * Syncs and enrolments run one at a time, in the order asked for. Every
 * one ends with the window's cancellable: a worker still talking to a peer
 * when the window closes is left to finish alone, and since it commits
 * each page with its cursor, the database stays whole wherever it stops.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-sync-agent"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gj-client.h"
#include "gj-pairing.h"
#include "gj-sync-agent-private.h"
#include "gj-sync-error.h"

/* Local edits wait this long for more before they go out. */
#define EDIT_DELAY_SECONDS 30
/* And with nothing happening, a sync now and then brings colleagues' work. */
#define PERIOD_SECONDS (10 * 60)

G_DEFINE_FINAL_TYPE (GjSyncAgent, gj_sync_agent, G_TYPE_OBJECT)

enum { CHANGED, PAIR_CODE, PAIR_REQUESTED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void start_sync (GjSyncAgent *self);

void
_gj_sync_agent_emit_changed (GjSyncAgent *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

void
_gj_sync_agent_reload_pages (GjSyncAgent *self)
{
  self->applying = TRUE;
  for (guint i = 0; i < gj_schema_n_kinds (); i++)
    gj_session_emit_changed (self->session, gj_schema_kind (i)->name);
  self->applying = FALSE;
}

void
_gj_sync_agent_pair_requested (GjSyncAgent *self,
                               const char  *id,
                               const char  *name,
                               const char  *code)
{
  g_signal_emit (self, signals[PAIR_REQUESTED], 0, id, name, code);
}

gboolean
gj_sync_agent_has_targets (GjSyncAgent *self)
{
  g_autofree char *server = gj_store_get_meta (gj_session_get_store (self->session), "sync.server");
  g_autoptr(GPtrArray) peers = NULL;
  g_autoptr(GError) error = NULL;

  if (server != NULL)
    return TRUE;
  if (!(peers = gj_registry_list (self->peers, &error)))
    {
      g_warning ("paired laptops: %s", error->message);
      return FALSE;
    }
  for (guint i = 0; i < peers->len; i++)
    {
      GjDevice *d = g_ptr_array_index (peers, i);
      if (d->street_id != NULL && !d->revoked && d->url != NULL)
        return TRUE;
    }
  return FALSE;
}

static gboolean
auto_sync_allowed (GjSyncAgent *self)
{
  return !g_cancellable_is_cancelled (self->cancellable) &&
         g_settings_get_boolean (self->settings, "sync-auto") &&
         g_network_monitor_get_network_available (self->monitor) &&
         gj_sync_agent_has_targets (self);
}

gboolean
_gj_sync_agent_open_connections (const char  *db_path,
                                 GjStore    **store,
                                 GjIdentity **identity,
                                 GjRegistry **peers,
                                 GError     **error)
{
  return (*store = gj_store_open (db_path, error)) != NULL &&
         (*identity = gj_client_load_identity (db_path, error)) != NULL &&
         (*peers = gj_client_open_peers (db_path, error)) != NULL;
}

/* Syncs and enrolments */

typedef struct
{
  char        *db_path;
  char        *url;      /* enrolment only */
  char        *token;
  GjSyncStats  stats;    /* the worker's until it returns */
  GjFileStats  files;
  GPtrArray   *callers;  /* main thread only: the GTasks answered when it ends */
} Job;

static void
job_free (Job *job)
{
  g_free (job->db_path);
  g_free (job->url);
  g_free (job->token);
  g_clear_pointer (&job->callers, g_ptr_array_unref);
  g_free (job);
}

static void
sync_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  Job *job = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GjStore) store = NULL;
  g_autoptr(GjIdentity) identity = NULL;
  g_autoptr(GjRegistry) peers = NULL;
  g_auto(GjSyncReport) report = { 0, };
  g_autoptr(GString) problems = NULL;

  if (!_gj_sync_agent_open_connections (job->db_path, &store, &identity, &peers, &error) ||
      (job->url != NULL && !gj_client_enroll (store, identity, job->url, job->token, &error)))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  gj_client_sync_all (store, identity, peers, FALSE, cancellable, &report);
  job->stats = report.stats;
  job->files = report.files;
  if (report.error == NULL)
    {
      g_task_return_boolean (task, TRUE);
      return;
    }
  /* Every problem is said, one a line, under the code of the first. */
  problems = g_string_new (NULL);
  for (guint i = 0; i < report.problems->len; i++)
    g_string_append_printf (problems, "%s%s", i > 0 ? "\n" : "",
                            (const char *) report.problems->pdata[i]);
  g_task_return_new_error (task, report.error->domain, report.error->code, "%s", problems->str);
}

static void
answer (GPtrArray    *callers,
        const GError *error)
{
  for (guint i = 0; callers != NULL && i < callers->len; i++)
    {
      GTask *task = g_ptr_array_index (callers, i);

      if (error != NULL)
        g_task_return_error (task, g_error_copy (error));
      else
        g_task_return_boolean (task, TRUE);
    }
}

static void run_next (GjSyncAgent *self);

static void
run_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  GjSyncAgent *self = GJ_SYNC_AGENT (source);
  Job *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GPtrArray) callers = g_steal_pointer (&job->callers);
  g_autoptr(GError) error = NULL;

  self->busy = FALSE;
  if (!g_task_propagate_boolean (G_TASK (result), &error) &&
      g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      /* The window is closing: the worker may still be running, the job
       * is its own until it returns, and nobody is left to show an error
       * to. What was asked for meanwhile is cancelled too. */
      Job *next;

      answer (callers, error);
      while ((next = g_queue_pop_head (&self->queue)) != NULL)
        {
          answer (next->callers, error);
          job_free (next);
        }
      return;
    }

  g_clear_error (&self->error);
  self->error = error ? g_error_copy (error) : NULL;
  if (job->url != NULL && error == NULL)
    g_settings_set_string (self->settings, "sync-server", job->url);
  self->last_refused = job->stats.refused;
  self->last_held = job->stats.held;
  self->last_older = job->stats.peer_older;
  self->last_files = job->files;
  /* The worker stored the clock offset (gj_client_sync_all()). */
  gj_store_reload_meta (gj_session_get_store (self->session));
  /* Files received show as thumbnails where there was a placeholder. */
  if (job->stats.received > 0 || job->stats.conflicts > 0 || job->files.received > 0 ||
      job->url != NULL)
    _gj_sync_agent_reload_pages (self);
  _gj_sync_agent_emit_changed (self);
  answer (callers, error);
  run_next (self);
}

static void
run_next (GjSyncAgent *self)
{
  g_autoptr(GTask) task = NULL;
  Job *job = g_queue_pop_head (&self->queue);

  if (job == NULL)
    return;
  task = g_task_new (self, self->cancellable, run_done_cb, NULL);
  g_task_set_source_tag (task, run_next);
  /* Cancelled, the task answers at once; the worker is not waited for. */
  g_task_set_return_on_cancel (task, TRUE);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  self->busy = TRUE;
  _gj_sync_agent_emit_changed (self);
  g_task_run_in_thread (task, sync_thread);
}

/* A sync asked for while another runs joins the next sync queued, which
 * brings whatever changed meanwhile; an enrolment waits its turn. */
static void
queue_job (GjSyncAgent *self,
           const char  *url,
           const char  *token,
           GTask       *caller)
{
  Job *job = g_queue_peek_tail (&self->queue);

  if (url != NULL || job == NULL || job->url != NULL)
    {
      job = g_new0 (Job, 1);
      job->db_path = g_strdup (self->db_path);
      job->url = g_strdup (url);
      job->token = g_strdup (token);
      job->callers = g_ptr_array_new_with_free_func (g_object_unref);
      g_queue_push_tail (&self->queue, job);
    }
  if (caller != NULL)
    g_ptr_array_add (job->callers, caller);
  if (!self->busy)
    run_next (self);
}

/* "host:port" is what people copy; the scheme is implied. */
static char *
full_url (const char *address)
{
  g_autofree char *stripped = g_strstrip (g_strdup (address));

  if (g_str_has_prefix (stripped, "https://"))
    return g_steal_pointer (&stripped);
  return g_strconcat ("https://", stripped, NULL);
}

/* The agent's own syncs: nobody waits for their answer but the pages. */
static void
start_sync (GjSyncAgent *self)
{
  queue_job (self, NULL, NULL, NULL);
}

void
gj_sync_agent_sync_async (GjSyncAgent         *self,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (GJ_IS_SYNC_AGENT (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gj_sync_agent_sync_async);
  queue_job (self, NULL, NULL, task);
}

gboolean
gj_sync_agent_sync_finish (GjSyncAgent   *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == gj_sync_agent_sync_async, FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

void
gj_sync_agent_enroll_async (GjSyncAgent         *self,
                            const char          *url,
                            const char          *token,
                            GCancellable        *cancellable,
                            GAsyncReadyCallback  callback,
                            gpointer             user_data)
{
  GTask *task;
  g_autofree char *full = NULL;
  g_autofree char *stripped = NULL;

  g_return_if_fail (GJ_IS_SYNC_AGENT (self));
  g_return_if_fail (url != NULL && token != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gj_sync_agent_enroll_async);
  full = full_url (url);
  stripped = g_strstrip (g_strdup (token));
  queue_job (self, full, stripped, task);
}

gboolean
gj_sync_agent_enroll_finish (GjSyncAgent   *self,
                             GAsyncResult  *result,
                             GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == gj_sync_agent_enroll_async,
                        FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

/* Background triggers */

static gboolean
edit_timeout_cb (gpointer user_data)
{
  GjSyncAgent *self = user_data;

  self->edit_timeout = 0;
  if (auto_sync_allowed (self))
    start_sync (self);
  return G_SOURCE_REMOVE;
}

static void
session_changed_cb (GjSession  *session,
                    const char *kind,
                    gpointer    user_data)
{
  GjSyncAgent *self = user_data;

  if (self->applying)
    return;
  /* The Sync page follows the session itself; only the timer is ours. */
  if (self->edit_timeout == 0)
    self->edit_timeout = g_timeout_add_seconds (EDIT_DELAY_SECONDS, edit_timeout_cb, self);
}

static gboolean
period_cb (gpointer user_data)
{
  GjSyncAgent *self = user_data;

  if (auto_sync_allowed (self))
    start_sync (self);
  return G_SOURCE_CONTINUE;
}

static void
network_changed_cb (GNetworkMonitor *monitor,
                    gboolean         available,
                    gpointer         user_data)
{
  GjSyncAgent *self = user_data;

  if (available && auto_sync_allowed (self))
    start_sync (self);
  _gj_sync_agent_emit_changed (self);
}

/* Pairing from here */

typedef struct
{
  GjSyncAgent *agent;
  char        *code;
  char        *name;
} CodeNote;

static gboolean
deliver_code_cb (gpointer data)
{
  CodeNote *n = data;

  g_signal_emit (n->agent, signals[PAIR_CODE], 0, n->code, n->name);
  g_object_unref (n->agent);
  g_free (n->code);
  g_free (n->name);
  g_free (n);
  return G_SOURCE_REMOVE;
}

static void
code_from_thread (const char *code,
                  const char *peer_name,
                  gpointer    user_data)
{
  CodeNote *n = g_new0 (CodeNote, 1);

  n->agent = g_object_ref (user_data);
  n->code = g_strdup (code);
  n->name = g_strdup (peer_name);
  g_main_context_invoke (NULL, deliver_code_cb, n);
}

typedef struct
{
  char  *db_path;
  char  *url;
  guint  port;
} PairJob;

static void
pair_job_free (PairJob *job)
{
  g_free (job->db_path);
  g_free (job->url);
  g_free (job);
}

static void
pair_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  PairJob *job = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GjStore) store = NULL;
  g_autoptr(GjIdentity) identity = NULL;
  g_autoptr(GjRegistry) peers = NULL;

  if (!_gj_sync_agent_open_connections (job->db_path, &store, &identity, &peers, &error) ||
      !gj_client_pair (store, identity, peers, job->url, job->port, code_from_thread, source,
                       cancellable, &error))
    {
      g_task_return_error (task, g_steal_pointer (&error));
      return;
    }
  g_task_return_boolean (task, TRUE);
}

static void
pair_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GjSyncAgent *self = GJ_SYNC_AGENT (source);
  g_autoptr(GTask) caller = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      _gj_sync_agent_emit_changed (self);
      g_task_return_error (caller, g_steal_pointer (&error));
      return;
    }
  /* A new database may have taken the other laptop's street. */
  gj_store_reload_meta (gj_session_get_store (self->session));
  start_sync (self);
  _gj_sync_agent_emit_changed (self);
  g_task_return_boolean (caller, TRUE);
}

void
gj_sync_agent_pair_async (GjSyncAgent         *self,
                          const char          *url,
                          GCancellable        *cancellable,
                          GAsyncReadyCallback  callback,
                          gpointer             user_data)
{
  g_autoptr(GTask) caller = NULL;
  g_autoptr(GTask) task = NULL;
  PairJob *job;

  g_return_if_fail (GJ_IS_SYNC_AGENT (self));
  g_return_if_fail (url != NULL);

  caller = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (caller, gj_sync_agent_pair_async);
  job = g_new0 (PairJob, 1);
  job->db_path = g_strdup (self->db_path);
  job->url = full_url (url);
  job->port = gj_sync_agent_get_port (self);
  /* The worker's task reports to the agent first, which then answers the
   * caller: a new pairing also reloads the street and starts a sync. */
  task = g_task_new (self, cancellable, pair_done_cb, g_steal_pointer (&caller));
  g_task_set_task_data (task, job, (GDestroyNotify) pair_job_free);
  g_task_run_in_thread (task, pair_thread);
}

gboolean
gj_sync_agent_pair_finish (GjSyncAgent   *self,
                           GAsyncResult  *result,
                           GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  g_return_val_if_fail (g_task_get_source_tag (G_TASK (result)) == gj_sync_agent_pair_async, FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

gboolean
gj_sync_agent_accept (GjSyncAgent  *self,
                      const char   *code,
                      GError      **error)
{
  g_autofree char *id = NULL;

  g_return_val_if_fail (GJ_IS_SYNC_AGENT (self), FALSE);
  id = gj_pairing_accept (self->peers, self->identity, gj_session_get_store (self->session), code,
                          error);
  _gj_sync_agent_emit_changed (self);
  return id != NULL;
}

gboolean
gj_sync_agent_unpair (GjSyncAgent  *self,
                      const char   *device_id,
                      GError      **error)
{
  g_autofree char *id = NULL;

  g_return_val_if_fail (GJ_IS_SYNC_AGENT (self), FALSE);
  id = gj_pairing_remove (self->peers, device_id, error);
  _gj_sync_agent_emit_changed (self);
  return id != NULL;
}

/* Object */

static void
gj_sync_agent_dispose (GObject *object)
{
  GjSyncAgent *self = GJ_SYNC_AGENT (object);

  /* A running job holds the agent, and starts the next queued when it ends. */
  g_assert (g_queue_is_empty (&self->queue));
  _gj_sync_agent_stop_listener (self);
  g_clear_handle_id (&self->edit_timeout, g_source_remove);
  g_clear_handle_id (&self->period_timeout, g_source_remove);
  if (self->monitor)
    g_signal_handlers_disconnect_by_data (self->monitor, self);
  if (self->session)
    g_signal_handlers_disconnect_by_data (self->session, self);
  g_clear_object (&self->session);
  g_clear_object (&self->identity);
  g_clear_object (&self->peers);
  g_clear_object (&self->discovery);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);
  self->monitor = NULL;
  G_OBJECT_CLASS (gj_sync_agent_parent_class)->dispose (object);
}

static void
gj_sync_agent_finalize (GObject *object)
{
  GjSyncAgent *self = GJ_SYNC_AGENT (object);

  g_free (self->db_path);
  g_clear_error (&self->error);
  G_OBJECT_CLASS (gj_sync_agent_parent_class)->finalize (object);
}

static void
gj_sync_agent_class_init (GjSyncAgentClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gj_sync_agent_dispose;
  object_class->finalize = gj_sync_agent_finalize;

  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                   0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* The code to show while waiting for the other laptop, and its name. */
  signals[PAIR_CODE] = g_signal_new ("pair-code", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                     0, NULL, NULL, NULL, G_TYPE_NONE,
                                     2, G_TYPE_STRING, G_TYPE_STRING);
  /* A colleague's laptop asks to pair: its device id, name and code. */
  signals[PAIR_REQUESTED] = g_signal_new ("pair-requested", G_TYPE_FROM_CLASS (klass),
                                          G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL, G_TYPE_NONE,
                                          3, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING);
}

static void
gj_sync_agent_init (GjSyncAgent *self)
{
  g_queue_init (&self->queue);
}

GjSyncAgent *
gj_sync_agent_new (GjSession    *session,
                   GCancellable *cancellable)
{
  g_autoptr(GjSyncAgent) self = g_object_new (GJ_TYPE_SYNC_AGENT, NULL);
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (GJ_IS_SESSION (session), NULL);
  g_return_val_if_fail (G_IS_CANCELLABLE (cancellable), NULL);

  self->session = g_object_ref (session);
  self->cancellable = g_object_ref (cancellable);
  self->settings = g_object_ref (gj_session_get_settings (session));
  self->db_path = g_strdup (gj_store_get_path (gj_session_get_store (session)));
  if (!(self->identity = gj_client_load_identity (self->db_path, &error)) ||
      !(self->peers = gj_client_open_peers (self->db_path, &error)))
    {
      g_message ("sync is off for this database: %s", error->message);
      return NULL;
    }
  self->discovery = gj_discovery_new (gj_identity_get_device_id (self->identity));
  g_signal_connect_swapped (self->discovery, "changed", G_CALLBACK (_gj_sync_agent_emit_changed),
                            self);
  self->monitor = g_network_monitor_get_default ();
  g_signal_connect (self->monitor, "network-changed", G_CALLBACK (network_changed_cb), self);
  g_signal_connect (session, "changed", G_CALLBACK (session_changed_cb), self);
  self->period_timeout = g_timeout_add_seconds (PERIOD_SECONDS, period_cb, self);
  /* Opening the app is when colleagues' work should show up. */
  self->edit_timeout = g_timeout_add_seconds (2, edit_timeout_cb, self);
  return g_steal_pointer (&self);
}

const char *
gj_sync_agent_get_device_id (GjSyncAgent *self)
{
  g_return_val_if_fail (GJ_IS_SYNC_AGENT (self), NULL);
  return gj_identity_get_device_id (self->identity);
}

gboolean
gj_sync_agent_is_busy (GjSyncAgent *self)
{
  g_return_val_if_fail (GJ_IS_SYNC_AGENT (self), FALSE);
  return self->busy;
}

char *
gj_sync_agent_dup_server_url (GjSyncAgent *self)
{
  g_autofree char *server = NULL;

  g_return_val_if_fail (GJ_IS_SYNC_AGENT (self), NULL);
  server = gj_store_get_meta (gj_session_get_store (self->session), "sync.server");
  return server ? gj_store_get_meta (gj_session_get_store (self->session), "sync.url") : NULL;
}

gint64
gj_sync_agent_get_last_sync (GjSyncAgent *self)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (GJ_IS_SYNC_AGENT (self), 0);
  text = gj_store_get_meta (gj_session_get_store (self->session), "sync.last");
  return text ? g_ascii_strtoll (text, NULL, 10) : 0;
}

const GError *
gj_sync_agent_get_error (GjSyncAgent *self)
{
  g_return_val_if_fail (GJ_IS_SYNC_AGENT (self), NULL);
  return self->error;
}

char *
gj_sync_agent_dup_clock_warning (GjSyncAgent *self)
{
  g_autofree char *text = NULL;

  g_return_val_if_fail (GJ_IS_SYNC_AGENT (self), NULL);
  text = gj_store_get_meta (gj_session_get_store (self->session), "sync.clock_offset");
  return text ? gj_client_clock_warning (g_ascii_strtoll (text, NULL, 10)) : NULL;
}

char *
gj_sync_agent_dup_notes (GjSyncAgent *self)
{
  g_autoptr(GString) notes = g_string_new (NULL);
  g_autofree char *clock = NULL;
  g_autofree char *files = NULL;

  g_return_val_if_fail (GJ_IS_SYNC_AGENT (self), NULL);
  if (self->last_refused > 0)
    g_string_append_printf (notes,
                            ngettext ("The other device refused %u record from this laptop; "
                                      "open it from the list of records that did not sync and "
                                      "fix it.",
                                      "The other device refused %u records from this laptop; "
                                      "open them from the list of records that did not sync "
                                      "and fix them.",
                                      self->last_refused),
                            self->last_refused);
  if (self->last_held > 0)
    {
      if (notes->len > 0)
        g_string_append_c (notes, '\n');
      g_string_append_printf (notes,
                              ngettext ("%u record received failed a check and is held on this "
                                        "laptop; the list of records that did not sync says why.",
                                        "%u records received failed a check and are held on this "
                                        "laptop; the list of records that did not sync says why.",
                                        self->last_held),
                              self->last_held);
    }
  if ((files = gj_client_describe_files (&self->last_files)) != NULL)
    {
      if (notes->len > 0)
        g_string_append_c (notes, '\n');
      g_string_append (notes, files);
    }
  if (self->last_older)
    {
      if (notes->len > 0)
        g_string_append_c (notes, '\n');
      g_string_append (notes, _("Some changes are kept on this laptop until the district server or "
                                "a paired laptop runs a newer Gongjian, since it does not know all "
                                "their fields yet. They are sent by themselves once it is updated; "
                                "nothing is lost."));
    }
  if ((clock = gj_sync_agent_dup_clock_warning (self)) != NULL)
    {
      if (notes->len > 0)
        g_string_append_c (notes, '\n');
      g_string_append (notes, clock);
    }
  return notes->len > 0 ? g_string_free (g_steal_pointer (&notes), FALSE) : NULL;
}

gboolean
gj_sync_agent_only_waits_for_update (GjSyncAgent *self)
{
  g_return_val_if_fail (GJ_IS_SYNC_AGENT (self), FALSE);
  return self->last_older && self->last_refused == 0 && self->last_held == 0;
}

gint64
gj_sync_agent_count_waiting (GjSyncAgent *self)
{
  g_return_val_if_fail (GJ_IS_SYNC_AGENT (self), 0);
  return gj_client_count_waiting (gj_session_get_store (self->session));
}

GPtrArray *
gj_sync_agent_list_peers (GjSyncAgent  *self,
                          GError      **error)
{
  g_return_val_if_fail (GJ_IS_SYNC_AGENT (self), NULL);
  return gj_registry_list (self->peers, error);
}

GjDiscovery *
gj_sync_agent_get_discovery (GjSyncAgent *self)
{
  g_return_val_if_fail (GJ_IS_SYNC_AGENT (self), NULL);
  return self->discovery;
}
