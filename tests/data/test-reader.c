/* test-reader.c: the reader thread, its results, errors and shutdown
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "gj-data-error.h"
#include "gj-reader.h"
#include "gj-test-store.h"

typedef struct
{
  GMainLoop *loop;
  gint64     count;
  GError    *error;
  guint      done;
} Answer;

static gpointer
count_organizations (GjStore       *store,
                     gpointer       data,
                     GCancellable  *cancellable,
                     GError       **error)
{
  gint64 n;

  /* Slow enough that the reader is still in it when a test shuts it down. */
  g_usleep (GPOINTER_TO_UINT (data) * 1000);
  n = gj_store_count (store, gj_schema_lookup ("organization"), NULL, error);
  return n < 0 ? NULL : g_memdup2 (&n, sizeof n);
}

static gpointer
fail (GjStore       *store,
      gpointer       data,
      GCancellable  *cancellable,
      GError       **error)
{
  g_autoptr(GjRecord) rec = gj_store_get (store, gj_schema_lookup ("organization"), "no-such-id", error);

  g_assert_null (rec);
  return NULL;
}

static void
answered_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  Answer *a = user_data;
  g_autofree gint64 *n = gj_reader_run_finish (GJ_READER (source), result, &a->error);

  a->count = n ? *n : -1;
  a->done++;
  g_main_loop_quit (a->loop);
}

static GjStore *
file_store (char **dir,
            char **path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDate) today = g_date_new_dmy (1, 12, 2026);
  GjStore *store;

  *path = gj_test_db_path (dir);
  store = gj_store_open (*path, &error);
  g_assert_no_error (error);
  g_assert_true (gj_demo_load (store, 1, today, &error));
  return store;
}

/* A job runs on the reader's own connection and its result, or its error,
 * arrives in the main thread. */
static void
test_results (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GjStore) store = file_store (&dir, &path);
  g_autoptr(GjReader) reader = gj_reader_new (store);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  Answer a = { loop, 0, NULL, 0 };
  gint64 expected = gj_store_count (store, gj_schema_lookup ("organization"), NULL, NULL);

  gj_reader_run_async (reader, count_organizations, GUINT_TO_POINTER (0), NULL, g_free, NULL,
                       answered_cb, &a);
  g_main_loop_run (loop);
  g_assert_no_error (a.error);
  g_assert_cmpint (a.count, ==, expected);

  gj_reader_run_async (reader, fail, NULL, NULL, g_free, NULL, answered_cb, &a);
  g_main_loop_run (loop);
  g_assert_error (a.error, GJ_DATA_ERROR, GJ_DATA_ERROR_NOT_FOUND);
  g_clear_error (&a.error);
  g_assert_cmpuint (gj_reader_get_pending (reader), ==, 0);

  gj_reader_shutdown (reader);
  g_clear_object (&reader);
  g_clear_object (&store);
  gj_test_db_remove (dir, path);
}

/* Shutting down while a job still runs waits for it, without the job
 * seeing a reader half taken apart. */
static void
test_shutdown_while_running (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autoptr(GjStore) store = file_store (&dir, &path);
  g_autoptr(GjReader) reader = gj_reader_new (store);
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  Answer a = { loop, 0, NULL, 0 };

  for (guint i = 0; i < 3; i++)
    gj_reader_run_async (reader, count_organizations, GUINT_TO_POINTER (50), NULL, g_free, NULL,
                         answered_cb, &a);
  g_usleep (20 * 1000);
  gj_reader_shutdown (reader);
  while (a.done < 3)
    g_main_context_iteration (NULL, TRUE);
  g_assert_no_error (a.error);
  g_assert_cmpint (a.count, >, 0);
  g_clear_object (&reader);
  g_clear_object (&store);
  gj_test_db_remove (dir, path);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/reader/results", test_results);
  g_test_add_func ("/reader/shutdown-while-running", test_shutdown_while_running);
  return g_test_run ();
}
