/* gj-sync-agent-lan.c: LAN sharing of a GjSyncAgent
 *
 * While sharing is on, a GjServer in peer mode serves the database to the
 * paired laptops (and takes pairing requests) from a thread running a main
 * context of its own; what it hears comes back to the main thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-sync-agent"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gj-server.h"
#include "gj-site-names.h"
#include "gj-sync-agent-private.h"
#include "gj-sync-error.h"

struct _Listener
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
};

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
    _gj_sync_agent_pair_requested (r->agent, r->id, r->name, r->code);
  else
    _gj_sync_agent_reload_pages (r->agent);
  _gj_sync_agent_emit_changed (r->agent);
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
  ok = _gj_sync_agent_open_connections (l->db_path, &store, &identity, &peers, &error);
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

void
_gj_sync_agent_stop_listener (GjSyncAgent *self)
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
      _gj_sync_agent_stop_listener (self);
      _gj_sync_agent_emit_changed (self);
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
                   _("Cannot listen for colleagues’ laptops on %s: %s"), l->address,
                   l->error->message);
      g_thread_join (l->thread);
      listener_free (l);
      return FALSE;
    }
  self->listener = l;
  gj_discovery_publish (self->discovery, gj_device_name (), l->port,
                        gj_store_get_street (gj_session_get_store (self->session)));
  _gj_sync_agent_emit_changed (self);
  return TRUE;
}

guint
gj_sync_agent_get_port (GjSyncAgent *self)
{
  g_return_val_if_fail (GJ_IS_SYNC_AGENT (self), 0);
  return self->listener ? self->listener->port : 0;
}
