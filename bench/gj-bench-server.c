/* gj-bench-server.c: a district server listening in a thread of its own
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "gj-bench-server.h"

#include "gj-bench-common.h"

struct _GjBenchServer
{
  GjServer  *server;
  GThread   *thread;
  GMutex     lock;
  GCond      cond;
  gboolean   ready;
  GError    *error;
  GMainLoop *loop;
  char      *url;
};

static gpointer
serve (gpointer data)
{
  GjBenchServer *self = data;
  GMainContext *ctx = g_main_context_new ();

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
  g_main_context_unref (ctx);
  return NULL;
}

GjBenchServer *
gj_bench_server_start (GjServer *server)
{
  GjBenchServer *self = g_new0 (GjBenchServer, 1);

  self->server = server;
  g_mutex_init (&self->lock);
  g_cond_init (&self->cond);
  self->thread = g_thread_new ("server", serve, self);
  g_mutex_lock (&self->lock);
  while (!self->ready)
    g_cond_wait (&self->cond, &self->lock);
  g_mutex_unlock (&self->lock);
  gj_bench_check (self->error == NULL, self->error, "listen");
  self->url = g_strdup_printf ("https://127.0.0.1:%u", gj_server_get_port (server));
  return self;
}

const char *
gj_bench_server_get_url (GjBenchServer *self)
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
gj_bench_server_stop (GjBenchServer *self)
{
  g_main_context_invoke (g_main_loop_get_context (self->loop), quit_cb, self->loop);
  g_thread_join (self->thread);
  g_main_loop_unref (self->loop);
  g_mutex_clear (&self->lock);
  g_cond_clear (&self->cond);
  g_free (self->url);
  g_free (self);
}
