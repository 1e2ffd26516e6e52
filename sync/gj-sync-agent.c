/* gj-sync-agent.c: the app's syncing, off the main thread
 *
 * Network work never runs on the main thread: a sync, an enrolment or a
 * pairing is a GTask in a worker thread with its own store connection, and
 * the LAN listener runs a main context of its own in a thread. SQLite's
 * locking and the store's rereading of versions at each transaction make
 * the connections safe to share one file. Results come back to the main
 * thread, which tells the pages to reload.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-sync-agent"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gj-client.h"
#include "gj-identity.h"
#include "gj-pairing.h"
#include "gj-server.h"
#include "gj-sync-agent.h"
#include "gj-sync-error.h"

/* Local edits wait this long for more before they go out. */
#define EDIT_DELAY_SECONDS 30
/* And with nothing happening, a sync now and then brings colleagues' work. */
#define PERIOD_SECONDS (10 * 60)

typedef struct
{
  GjSyncAgent  *agent;        /* owned by the main thread; only read in main */
  GMainContext *context;
  GMainLoop    *loop;
  GThread      *thread;
  char         *db_path;
  char         *address;
  GMutex        lock;
  GCond         started;
  gboolean      done_starting;
  guint         port;
  GError       *error;
} Listener;

struct _GjSyncAgent
{
  GObject          parent_instance;

  GjSession       *session;
  char            *db_path;
  GjIdentity      *identity;
  GjRegistry      *peers;
  GjDiscovery     *discovery;
  GNetworkMonitor *monitor;
  GSettings       *settings;

  gboolean         busy;
  gboolean         again;
  gboolean         applying;
  char            *error;
  guint            last_refused;   /* of the last sync: ours the peer refused */
  gboolean         last_older;     /* of the last sync: a peer waits for an update for some */
  guint            last_held;      /* and the peer's held here */
  guint            edit_timeout;
  guint            period_timeout;

  Listener        *listener;
  GCancellable    *pair_cancel;
};

G_DEFINE_FINAL_TYPE (GjSyncAgent, gj_sync_agent, G_TYPE_OBJECT)

enum { CHANGED, PAIR_CODE, PAIR_FINISHED, PAIR_REQUESTED, N_SIGNALS };
static guint signals[N_SIGNALS];

static void start_sync (GjSyncAgent *self);

static void
emit_changed (GjSyncAgent *self)
{
  g_signal_emit (self, signals[CHANGED], 0);
}

/* Everything may have changed under the pages: reload them. */
static void
reload_pages (GjSyncAgent *self)
{
  self->applying = TRUE;
  for (guint i = 0; i < gj_schema_n_kinds (); i++)
    gj_session_emit_changed (self->session, gj_schema_kind (i)->name);
  self->applying = FALSE;
}

gboolean
gj_sync_agent_has_targets (GjSyncAgent *self)
{
  g_autofree char *server = gj_store_get_meta (gj_session_get_store (self->session), "sync.server");
  g_autoptr(GPtrArray) peers = gj_sync_agent_list_peers (self);

  if (server != NULL)
    return TRUE;
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
  return g_settings_get_boolean (self->settings, "sync-auto") &&
         g_network_monitor_get_network_available (self->monitor) &&
         gj_sync_agent_has_targets (self);
}

/* Worker jobs */

/* A worker's own connections to the session's database and its files. */
static gboolean
open_connections (const char  *db_path,
                  GjStore    **store,
                  GjIdentity **identity,
                  GjRegistry **peers,
                  GError     **error)
{
  return (*store = gj_store_open (db_path, error)) != NULL &&
         (*identity = gj_client_load_identity (db_path, error)) != NULL &&
         (*peers = gj_client_open_peers (db_path, error)) != NULL;
}

typedef struct
{
  char        *db_path;
  char        *url;     /* enrolment only */
  char        *token;
  GjSyncStats  stats;
  GString     *errors;
} Job;

static void
job_free (Job *job)
{
  g_free (job->db_path);
  g_free (job->url);
  g_free (job->token);
  g_string_free (job->errors, TRUE);
  g_free (job);
}

static void
job_note (Job        *job,
          const char *problem)
{
  if (job->errors->len > 0)
    g_string_append_c (job->errors, '\n');
  g_string_append (job->errors, problem);
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

  if (!open_connections (job->db_path, &store, &identity, &peers, &error) ||
      (job->url != NULL && !gj_client_enroll (store, identity, job->url, job->token, &error)))
    {
      job_note (job, error->message);
      g_task_return_boolean (task, TRUE);
      return;
    }
  gj_client_sync_all (store, identity, peers, FALSE, &report);
  job->stats = report.stats;
  for (guint i = 0; i < report.problems->len; i++)
    job_note (job, report.problems->pdata[i]);
  g_task_return_boolean (task, TRUE);
}

static void
sync_done_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GjSyncAgent *self = GJ_SYNC_AGENT (source);
  Job *job = g_task_get_task_data (G_TASK (result));

  self->busy = FALSE;
  g_clear_pointer (&self->error, g_free);
  if (job->errors->len > 0)
    self->error = g_strdup (job->errors->str);
  if (job->url != NULL && self->error == NULL)
    g_settings_set_string (self->settings, "sync-server", job->url);
  self->last_refused = job->stats.refused;
  self->last_held = job->stats.held;
  self->last_older = job->stats.peer_older;
  /* The worker stored the clock offset (gj_client_sync_all()). */
  gj_store_reload_meta (gj_session_get_store (self->session));
  if (job->stats.received > 0 || job->stats.conflicts > 0 || job->url != NULL)
    reload_pages (self);
  emit_changed (self);
  if (self->again)
    {
      self->again = FALSE;
      start_sync (self);
    }
}

static void
run_job (GjSyncAgent *self,
         Job         *job)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, sync_done_cb, NULL);

  self->busy = TRUE;
  emit_changed (self);
  g_task_set_task_data (task, job, (GDestroyNotify) job_free);
  g_task_run_in_thread (task, sync_thread);
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

static Job *
job_new (GjSyncAgent *self)
{
  Job *job = g_new0 (Job, 1);

  job->db_path = g_strdup (self->db_path);
  job->errors = g_string_new (NULL);
  return job;
}

static void
start_sync (GjSyncAgent *self)
{
  if (self->busy)
    {
      self->again = TRUE;
      return;
    }
  run_job (self, job_new (self));
}

void
gj_sync_agent_sync_now (GjSyncAgent *self)
{
  g_return_if_fail (GJ_IS_SYNC_AGENT (self));
  start_sync (self);
}

void
gj_sync_agent_enroll (GjSyncAgent *self,
                      const char  *url,
                      const char  *token)
{
  Job *job;

  g_return_if_fail (GJ_IS_SYNC_AGENT (self));
  if (self->busy)
    return;
  job = job_new (self);
  job->url = full_url (url);
  job->token = g_strstrip (g_strdup (token));
  run_job (self, job);
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
  emit_changed (self);
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

  if (!open_connections (job->db_path, &store, &identity, &peers, &error) ||
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
  g_autoptr(GError) error = NULL;
  gboolean ok = g_task_propagate_boolean (G_TASK (result), &error);

  g_clear_object (&self->pair_cancel);
  if (ok)
    {
      /* A new database may have taken the other laptop's street. */
      gj_store_reload_meta (gj_session_get_store (self->session));
      g_signal_emit (self, signals[PAIR_FINISHED], 0, TRUE, NULL);
      start_sync (self);
    }
  else
    g_signal_emit (self, signals[PAIR_FINISHED], 0, FALSE,
                   g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ? NULL : error->message);
  emit_changed (self);
}

void
gj_sync_agent_pair (GjSyncAgent *self,
                    const char  *url)
{
  g_autoptr(GTask) task = NULL;
  PairJob *job;

  g_return_if_fail (GJ_IS_SYNC_AGENT (self));
  if (self->pair_cancel != NULL)
    return;
  job = g_new0 (PairJob, 1);
  job->db_path = g_strdup (self->db_path);
  job->url = full_url (url);
  job->port = gj_sync_agent_get_port (self);
  self->pair_cancel = g_cancellable_new ();
  task = g_task_new (self, self->pair_cancel, pair_done_cb, NULL);
  g_task_set_task_data (task, job, (GDestroyNotify) pair_job_free);
  g_task_run_in_thread (task, pair_thread);
}

void
gj_sync_agent_cancel_pair (GjSyncAgent *self)
{
  g_return_if_fail (GJ_IS_SYNC_AGENT (self));
  if (self->pair_cancel != NULL)
    g_cancellable_cancel (self->pair_cancel);
}

gboolean
gj_sync_agent_accept (GjSyncAgent  *self,
                      const char   *code,
                      GError      **error)
{
  g_autofree char *id = NULL;

  g_return_val_if_fail (GJ_IS_SYNC_AGENT (self), FALSE);
  id = gj_pairing_accept (self->peers, self->identity, gj_session_get_store (self->session), code, error);
  emit_changed (self);
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
  emit_changed (self);
  return id != NULL;
}

/* The LAN listener */

typedef struct
{
  GjSyncAgent *agent;
  char        *id;
  char        *name;
  char        *code;
} Request;

static gboolean
deliver_request_cb (gpointer data)
{
  Request *r = data;

  if (r->code != NULL)
    g_signal_emit (r->agent, signals[PAIR_REQUESTED], 0, r->id, r->name, r->code);
  else
    reload_pages (r->agent);
  emit_changed (r->agent);
  g_object_unref (r->agent);
  g_free (r->id);
  g_free (r->name);
  g_free (r->code);
  g_free (r);
  return G_SOURCE_REMOVE;
}

static void
listener_pair_requested_cb (GjServer   *server,
                            const char *id,
                            const char *name,
                            const char *code,
                            Listener   *l)
{
  Request *r = g_new0 (Request, 1);

  r->agent = g_object_ref (l->agent);
  r->id = g_strdup (id);
  r->name = g_strdup (name);
  r->code = g_strdup (code);
  g_main_context_invoke (NULL, deliver_request_cb, r);
}

static void
listener_changes_cb (GjServer   *server,
                     const char *id,
                     Listener   *l)
{
  Request *r = g_new0 (Request, 1);

  r->agent = g_object_ref (l->agent);
  g_main_context_invoke (NULL, deliver_request_cb, r);
}

static gpointer
listener_main (gpointer data)
{
  Listener *l = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GjStore) store = NULL;
  g_autoptr(GjIdentity) identity = NULL;
  g_autoptr(GjRegistry) peers = NULL;
  g_autoptr(GjServer) server = NULL;
  gboolean ok;

  g_main_context_push_thread_default (l->context);
  ok = open_connections (l->db_path, &store, &identity, &peers, &error);
  if (ok)
    {
      server = gj_server_new_for_peer (store, identity, peers);
      g_signal_connect (server, "pair-requested", G_CALLBACK (listener_pair_requested_cb), l);
      g_signal_connect (server, "changes-applied", G_CALLBACK (listener_changes_cb), l);
      ok = gj_server_listen (server, l->address, &error);
    }

  g_mutex_lock (&l->lock);
  l->port = ok ? gj_server_get_port (server) : 0;
  l->error = ok ? NULL : g_steal_pointer (&error);
  l->done_starting = TRUE;
  g_cond_signal (&l->started);
  g_mutex_unlock (&l->lock);

  if (ok)
    g_main_loop_run (l->loop);
  g_clear_object (&server);
  g_main_context_pop_thread_default (l->context);
  return NULL;
}

static void
listener_free (Listener *l)
{
  g_main_loop_unref (l->loop);
  g_main_context_unref (l->context);
  g_mutex_clear (&l->lock);
  g_cond_clear (&l->started);
  g_clear_error (&l->error);
  g_free (l->db_path);
  g_free (l->address);
  g_free (l);
}

static gboolean
quit_loop_cb (gpointer loop)
{
  g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

static void
stop_listener (GjSyncAgent *self)
{
  Listener *l = g_steal_pointer (&self->listener);

  if (l == NULL)
    return;
  g_main_context_invoke (l->context, quit_loop_cb, l->loop);
  g_thread_join (l->thread);
  listener_free (l);
  gj_discovery_publish (self->discovery, NULL, 0, NULL);
}

/* The address to listen on: every interface on the settings' port, or
 * GJ_LAN_ADDRESS (tests keep to loopback with "127.0.0.1:0"). */
static char *
listen_address (GjSyncAgent *self)
{
  const char *env = g_getenv ("GJ_LAN_ADDRESS");

  if (env != NULL && *env != '\0')
    return g_strdup (env);
  return g_strdup_printf ("0.0.0.0:%u", g_settings_get_uint (self->settings, "lan-port"));
}

gboolean
gj_sync_agent_set_sharing (GjSyncAgent  *self,
                           gboolean      sharing,
                           GError      **error)
{
  Listener *l;

  g_return_val_if_fail (GJ_IS_SYNC_AGENT (self), FALSE);

  if (!sharing)
    {
      stop_listener (self);
      emit_changed (self);
      return TRUE;
    }
  if (self->listener != NULL)
    return TRUE;
  if (gj_store_get_street (gj_session_get_store (self->session)) == NULL)
    {
      g_set_error (error, GJ_SYNC_ERROR, GJ_SYNC_ERROR_NOT_SET_UP,
                   _("Set up the station first; then colleagues can pair with this laptop"));
      return FALSE;
    }

  l = g_new0 (Listener, 1);
  l->agent = self;
  l->context = g_main_context_new ();
  l->loop = g_main_loop_new (l->context, FALSE);
  l->db_path = g_strdup (self->db_path);
  l->address = listen_address (self);
  g_mutex_init (&l->lock);
  g_cond_init (&l->started);
  l->thread = g_thread_new ("gj-lan-listener", listener_main, l);

  g_mutex_lock (&l->lock);
  while (!l->done_starting)
    g_cond_wait (&l->started, &l->lock);
  g_mutex_unlock (&l->lock);
  if (l->error != NULL)
    {
      g_set_error (error, GJ_SYNC_ERROR, GJ_SYNC_ERROR_PEER,
                   _("Cannot listen for colleagues’ laptops on %s: %s"), l->address, l->error->message);
      g_thread_join (l->thread);
      listener_free (l);
      return FALSE;
    }
  self->listener = l;
  gj_discovery_publish (self->discovery, g_get_host_name (), l->port,
                        gj_store_get_street (gj_session_get_store (self->session)));
  emit_changed (self);
  return TRUE;
}

guint
gj_sync_agent_get_port (GjSyncAgent *self)
{
  g_return_val_if_fail (GJ_IS_SYNC_AGENT (self), 0);
  return self->listener ? self->listener->port : 0;
}

/* Object */

static void
gj_sync_agent_dispose (GObject *object)
{
  GjSyncAgent *self = GJ_SYNC_AGENT (object);

  stop_listener (self);
  if (self->pair_cancel)
    g_cancellable_cancel (self->pair_cancel);
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
  g_clear_object (&self->pair_cancel);
  self->monitor = NULL;
  G_OBJECT_CLASS (gj_sync_agent_parent_class)->dispose (object);
}

static void
gj_sync_agent_finalize (GObject *object)
{
  GjSyncAgent *self = GJ_SYNC_AGENT (object);

  g_free (self->db_path);
  g_free (self->error);
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
                                     0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_STRING, G_TYPE_STRING);
  /* Whether pairing succeeded, and why not (NULL when cancelled). */
  signals[PAIR_FINISHED] = g_signal_new ("pair-finished", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                         0, NULL, NULL, NULL, G_TYPE_NONE, 2, G_TYPE_BOOLEAN, G_TYPE_STRING);
  /* A colleague's laptop asks to pair: its device id, name and code. */
  signals[PAIR_REQUESTED] = g_signal_new ("pair-requested", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                          0, NULL, NULL, NULL, G_TYPE_NONE,
                                          3, G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING);
}

static void
gj_sync_agent_init (GjSyncAgent *self)
{
}

GjSyncAgent *
gj_sync_agent_new (GjSession *session)
{
  g_autoptr(GjSyncAgent) self = g_object_new (GJ_TYPE_SYNC_AGENT, NULL);
  g_autoptr(GError) error = NULL;

  self->session = g_object_ref (session);
  self->settings = g_object_ref (gj_session_get_settings (session));
  self->db_path = g_strdup (gj_store_get_path (gj_session_get_store (session)));
  if (!(self->identity = gj_client_load_identity (self->db_path, &error)) ||
      !(self->peers = gj_client_open_peers (self->db_path, &error)))
    {
      g_message ("sync is off for this database: %s", error->message);
      return NULL;
    }
  self->discovery = gj_discovery_new (gj_identity_get_device_id (self->identity));
  g_signal_connect_swapped (self->discovery, "changed", G_CALLBACK (emit_changed), self);
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

const char *
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

  g_return_val_if_fail (GJ_IS_SYNC_AGENT (self), NULL);
  if (self->last_refused > 0)
    g_string_append_printf (notes,
                            ngettext ("The other device refused %u record from this laptop; open it "
                                      "from the list of records that did not sync and fix it.",
                                      "The other device refused %u records from this laptop; open "
                                      "them from the list of records that did not sync and fix them.",
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
gj_sync_agent_list_peers (GjSyncAgent *self)
{
  GPtrArray *list;

  g_return_val_if_fail (GJ_IS_SYNC_AGENT (self), NULL);
  list = gj_registry_list (self->peers, NULL);
  return list ? list : g_ptr_array_new_with_free_func ((GDestroyNotify) gj_device_free);
}

GjDiscovery *
gj_sync_agent_get_discovery (GjSyncAgent *self)
{
  g_return_val_if_fail (GJ_IS_SYNC_AGENT (self), NULL);
  return self->discovery;
}
