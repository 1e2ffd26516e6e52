/* gj-test-server.c: a server listening in a thread of its own, for tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "gj-test-server.h"

struct _GjTestServer
{
  GjServer  *server;
  GThread   *thread;
  GMainLoop *loop;
  GMutex     lock;
  GCond      cond;
  gboolean   ready;
  GError    *error;
  char      *url;
};

static gpointer
serve (gpointer data)
{
  GjTestServer *self = data;
  g_autoptr(GMainContext) ctx = g_main_context_new ();

  g_main_context_push_thread_default (ctx);
  self->loop = g_main_loop_new (ctx, FALSE);
  gj_server_listen (self->server, "127.0.0.1:0", &self->error);
  g_mutex_lock (&self->lock);
  self->ready = TRUE;
  g_cond_signal (&self->cond);
  g_mutex_unlock (&self->lock);
  if (self->error == NULL)
    g_main_loop_run (self->loop);
  g_main_context_pop_thread_default (ctx);
  return NULL;
}

GjTestServer *
gj_test_server_start (GjServer *server)
{
  GjTestServer *self = g_new0 (GjTestServer, 1);

  self->server = server;
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  self->thread = g_thread_new ("server", serve, self);
  g_mutex_lock (&self->lock);
  while (!self->ready)
    g_cond_wait (&self->cond, &self->lock);
  g_mutex_unlock (&self->lock);
  g_assert_no_error (self->error);
  self->url = g_strdup_printf ("https://127.0.0.1:%u", gj_server_get_port (server));
  return self;
}

const char *
gj_test_server_get_url (GjTestServer *self)
{
  return self->url;
}

static gboolean
quit_cb (gpointer loop)
{
  g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

void
gj_test_server_stop (GjTestServer *self)
{
  g_main_context_invoke (g_main_loop_get_context (self->loop), quit_cb, self->loop);
  g_thread_join (self->thread);
  g_main_loop_unref (self->loop);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  g_free (self->url);
  g_free (self);
}
