/* test-sync-agent-files.c: the app's sync agent fetching an attached file
 *
 * A district server listens in this process; a laptop enrolled on it has
 * sent it a 9 MB scan and then lost its own copy. The agent fetches it in
 * a worker while the main loop here answers the server's side; its
 * progress arrives on the main thread, and a fetch cancelled before it
 * starts keeps nothing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "gj-attachments.h"
#include "gj-client.h"
#include "gj-server.h"
#include "gj-sync-agent.h"
#include "gj-test-store.h"

#define SCAN_SIZE (9 * 1024 * 1024 + 7)

typedef struct
{
  char        *dir;
  char        *path;
  GjStore     *store;
  GjSession   *session;
  GjServer    *server;
  GjBlobStore *blobs;
  char        *sha256;
} Fixture;

static gboolean
wait_until (gboolean (*done) (gpointer),
            gpointer  data)
{
  gint64 end = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (!done (data))
    {
      if (g_get_monotonic_time () > end)
        return FALSE;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  return TRUE;
}

typedef struct
{
  GjStore    *store;
  GjIdentity *identity;
  const char *url;
  const char *token;
  gboolean    done;
  gboolean    ok;
  GError     *error;
} Setup;

/* Enrols and syncs (records and the file) in a thread, since the server
 * answers from this thread's main loop. */
static gpointer
setup_thread (gpointer data)
{
  Setup *s = data;
  g_auto(GjSyncReport) report = { 0, };

  s->ok = gj_client_enroll (s->store, s->identity, s->url, s->token, &s->error);
  if (s->ok)
    {
      gj_client_sync_all (s->store, s->identity, NULL, TRUE, NULL, &report);
      s->ok = report.error == NULL && report.files.sent == 1;
      if (report.error != NULL)
        s->error = g_error_copy (report.error);
    }
  g_atomic_int_set (&s->done, TRUE);
  return NULL;
}

static gboolean
setup_done (gpointer data)
{
  return g_atomic_int_get (&((Setup *) data)->done);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GDate) today = g_date_new_dmy (1, 12, 2026);
  g_autoptr(GjIdentity) identity = NULL;
  g_autoptr(GjRecord) attachment = NULL;
  g_autoptr(GPtrArray) orgs = NULL;
  g_autofree char *srv_dir = NULL;
  g_autofree char *url = NULL;
  g_autofree char *token = NULL;
  g_autofree char *scan = NULL;
  g_autofree guint8 *bytes = g_malloc (SCAN_SIZE);
  g_autoptr(GjRecord) street = NULL;
  GjQuery q = { .limit = 1 };
  Setup s = { 0, };
  GThread *t;

  f->path = gj_test_db_path (&f->dir);
  f->store = gj_store_open (f->path, &error);
  g_assert_no_error (error);
  g_assert_true (gj_demo_load (f->store, 5, today, &error));
  /* Nothing syncs by itself, and nothing is fetched unasked. */
  g_settings_set_boolean (settings, "sync-auto", FALSE);
  g_assert_true (gj_store_set_meta (f->store, "files.fetch_limit", "0", &error));
  f->session = gj_session_new (f->store, settings);
  f->blobs = gj_blob_store_for_store (f->store, &error);
  g_assert_no_error (error);

  srv_dir = g_build_filename (f->dir, "server", NULL);
  f->server = gj_server_new (srv_dir, &error);
  g_assert_no_error (error);
  g_assert_true (gj_server_listen (f->server, "127.0.0.1:0", &error));
  url = g_strdup_printf ("https://127.0.0.1:%u", gj_server_get_port (f->server));
  street = gj_store_get (f->store, gj_schema_lookup ("street"), gj_store_get_street (f->store),
                         &error);
  g_assert_no_error (error);
  token = gj_server_create_token (f->server, gj_record_get_title (street), &error);
  g_assert_no_error (error);

  /* The scan, attached here and sent to the server. */
  for (gsize i = 0; i < SCAN_SIZE; i++)
    bytes[i] = (guint8) (i * 7 + i / 4096);
  scan = g_build_filename (f->dir, "scan.pdf", NULL);
  g_assert_true (g_file_set_contents (scan, (const char *) bytes, SCAN_SIZE, &error));
  orgs = gj_store_list (f->store, gj_schema_lookup ("organization"), &q, &error);
  g_assert_no_error (error);
  attachment = gj_attachments_add (f->store, f->blobs, gj_schema_lookup ("organization"),
                                   ((GjRecord *) orgs->pdata[0])->id, scan, NULL, GJ_ATTACH_NONE,
                                   &error);
  g_assert_no_error (error);
  f->sha256 = g_strdup (gj_record_get_text (attachment, "sha256"));
  identity = gj_client_load_identity (f->path, &error);
  g_assert_no_error (error);
  s.store = f->store;
  s.identity = identity;
  s.url = url;
  s.token = token;
  t = g_thread_new ("setup", setup_thread, &s);
  g_assert_true (wait_until (setup_done, &s));
  g_thread_join (t);
  g_assert_no_error (s.error);
  g_assert_true (s.ok);

  /* Then this laptop loses its copy. */
  g_assert_true (gj_blob_store_remove (f->blobs, f->sha256, &error));
  g_assert_false (gj_blob_store_has (f->blobs, f->sha256));
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", f->dir);

  g_clear_object (&f->session);
  g_clear_object (&f->blobs);
  g_clear_object (&f->store);
  g_clear_object (&f->server);
  g_assert_cmpint (system (cmd), ==, 0);
  g_free (f->dir);
  g_free (f->path);
  g_free (f->sha256);
}

typedef struct
{
  GThread  *main_thread;
  guint     reports;
  gboolean  off_main;
  gint64    done;
  gint64    total;
  gboolean  finished;
  gboolean  ok;
  GError   *error;
} Fetch;

static void
progress_cb (gint64   done,
             gint64   total,
             gpointer user_data)
{
  Fetch *fetch = user_data;

  fetch->reports++;
  fetch->off_main = fetch->off_main || g_thread_self () != fetch->main_thread;
  g_assert_cmpint (done, >=, fetch->done);
  fetch->done = done;
  fetch->total = total;
}

static void
fetched_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Fetch *fetch = user_data;

  fetch->ok = gj_sync_agent_fetch_file_finish (GJ_SYNC_AGENT (source), result, &fetch->error);
  fetch->finished = TRUE;
}

static gboolean
fetch_finished (gpointer data)
{
  return ((Fetch *) data)->finished;
}

static void
test_fetch (Fixture       *f,
            gconstpointer  data)
{
  g_autoptr(GCancellable) window = g_cancellable_new ();
  g_autoptr(GjSyncAgent) agent = gj_sync_agent_new (f->session, window);
  Fetch fetch = { g_thread_self (), };
  guint reports;

  g_assert_nonnull (agent);
  gj_sync_agent_fetch_file_async (agent, f->sha256, SCAN_SIZE, progress_cb, &fetch, NULL,
                                  fetched_cb, &fetch);
  g_assert_true (wait_until (fetch_finished, &fetch));
  g_assert_no_error (fetch.error);
  g_assert_true (fetch.ok);
  g_assert_true (gj_blob_store_has (f->blobs, f->sha256));
  g_assert_cmpint (gj_blob_store_get_size (f->blobs, f->sha256), ==, SCAN_SIZE);
  /* Reports came on this thread, and no more once the fetch was answered. */
  g_assert_cmpuint (fetch.reports, >, 0);
  g_assert_false (fetch.off_main);
  g_assert_cmpint (fetch.total, ==, SCAN_SIZE);
  reports = fetch.reports;
  for (guint i = 0; i < 50; i++)
    g_main_context_iteration (NULL, FALSE);
  g_assert_cmpuint (fetch.reports, ==, reports);
}

static void
test_fetch_cancelled (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GCancellable) window = g_cancellable_new ();
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GjSyncAgent) agent = gj_sync_agent_new (f->session, window);
  Fetch fetch = { g_thread_self (), };

  g_cancellable_cancel (cancellable);
  gj_sync_agent_fetch_file_async (agent, f->sha256, SCAN_SIZE, progress_cb, &fetch, cancellable,
                                  fetched_cb, &fetch);
  g_assert_true (wait_until (fetch_finished, &fetch));
  g_assert_false (fetch.ok);
  g_assert_error (fetch.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (gj_blob_store_has (f->blobs, f->sha256));
  g_clear_error (&fetch.error);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/sync-agent/fetch-file", Fixture, NULL, fixture_set_up, test_fetch,
              fixture_tear_down);
  g_test_add ("/sync-agent/fetch-file-cancelled", Fixture, NULL, fixture_set_up,
              test_fetch_cancelled, fixture_tear_down);
  return g_test_run ();
}
