/* gj-bench-sync.c: sync from the district server to a laptop over loopback HTTPS
 *
 * One street's scope of over a million cells sits in the server's store; an
 * empty, enrolled laptop syncs it all (initial sync), then 10,000 cells
 * change on the server and the laptop syncs again (incremental sync). The
 * table gives cells per second and compressed bytes on the wire per cell,
 * next to plain SQLite upserting the same rows on the same machine.
 *
 * Usage: gj-bench-sync [--streets N]   (N streets' worth of records in one street)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "gj-bench-common.h"
#include "gj-bench-server.h"
#include "gj-client.h"
#include "gj-server.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) ctx = g_option_context_new (NULL);
  g_autoptr(GPtrArray) recs = NULL;
  g_autoptr(GjStore) laptop = NULL;
  g_autoptr(GjStore) writer = NULL;
  g_autoptr(GjIdentity) identity = NULL;
  g_autofree char *dir = g_dir_make_tmp ("gj-bench-sync-XXXXXX", NULL);
  g_autofree char *srv_dir = g_build_filename (dir, "srv", NULL);
  g_autofree char *laptop_path = g_build_filename (dir, "laptop.db", NULL);
  g_autofree char *id_dir = g_build_filename (dir, "laptop.identity", NULL);
  g_autofree char *plain_path = g_build_filename (dir, "plain.db", NULL);
  g_autofree char *url = NULL;
  g_autofree char *token = NULL;
  g_autofree char *server_db = NULL;
  GjServer *server = NULL;
  GjBenchServer *serving;
  GRand *r = g_rand_new_with_seed (11);
  const char *street_id = NULL;
  guint n_streets = 24;
  GjSyncStats initial, incremental;
  gint64 t0;
  double t_initial, t_incremental, t_plain;
  sqlite3 *plain;
  GOptionEntry entries[] = {
    { "streets", 0, 0, G_OPTION_ARG_INT, &n_streets, "Streets' worth of records in the one street", "N" },
    { NULL }
  };

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }

  /* Every generated record is moved into the first street: the laptop's
   * scope is then the whole data set. */
  recs = gj_bench_generate (n_streets, r);
  for (guint i = 0; i < recs->len; i++)
    {
      GjRecord *rec = g_ptr_array_index (recs, i);

      if (street_id == NULL && g_str_equal (rec->kind->name, "street"))
        street_id = rec->id;
      if (!g_str_equal (rec->kind->name, "street"))
        gj_record_set_text (rec, "street_id", street_id);
    }

  server = gj_server_new (srv_dir, &error);
  gj_bench_check (server != NULL, error, "server");
  {
    GjStore *s = gj_server_get_store (server);

    gj_bench_check (gj_store_begin (s, &error), error, "begin");
    for (guint i = 0, n = 0; i < recs->len; i++)
      {
        GjRecord *rec = g_ptr_array_index (recs, i);

        if (g_str_equal (rec->kind->name, "street") && rec->id != street_id)
          continue;
        gj_bench_check (gj_store_insert (s, rec, &error), error, "insert");
        if (++n % 5000 == 0)
          {
            gj_bench_check (gj_store_commit (s, &error), error, "commit");
            gj_bench_check (gj_store_begin (s, &error), error, "begin");
          }
      }
    gj_bench_check (gj_store_commit (s, &error), error, "commit");
  }
  token = gj_server_create_token (server, "第1街道", &error);
  gj_bench_check (token != NULL, error, "token");

  serving = gj_bench_server_start (server);
  url = g_strdup (gj_bench_server_get_url (serving));

  laptop = gj_store_open (laptop_path, &error);
  gj_bench_check (laptop != NULL, error, "laptop");
  identity = gj_identity_load_or_create (id_dir, &error);
  gj_bench_check (identity != NULL, error, "identity");
  gj_bench_check (gj_client_enroll (laptop, identity, url, token, &error), error, "enroll");

  t0 = g_get_monotonic_time ();
  gj_bench_check (gj_client_sync (laptop, identity, &initial, &error), error, "initial sync");
  t_initial = (g_get_monotonic_time () - t0) / 1e6;

  /* 10,000 cells change on the server, written through a second
   * connection as pushes from other laptops would be. */
  server_db = g_build_filename (srv_dir, "server.db", NULL);
  writer = gj_store_open (server_db, &error);
  gj_bench_check (writer != NULL, error, "writer");
  {
    GjFilter f = { "street_id", street_id };
    GjQuery q = { .filters = &f, .n_filters = 1, .limit = 10000, .sort_field = "id" };
    g_autoptr(GPtrArray) orgs = gj_store_list (writer, gj_schema_lookup ("organization"), &q, &error);

    gj_bench_check (orgs != NULL, error, "list");
    gj_bench_check (gj_store_begin (writer, &error), error, "begin");
    for (guint i = 0; i < orgs->len; i++)
      {
        g_autoptr(GjRecord) change = gj_record_new_for ("organization");

        change->id = g_strdup (((GjRecord *) orgs->pdata[i])->id);
        gj_record_set_int (change, "members", 1000 + i);
        gj_bench_check (gj_store_update (writer, change, GJ_WRITE_NONE, &error), error, "update");
      }
    gj_bench_check (gj_store_commit (writer, &error), error, "commit");
  }

  t0 = g_get_monotonic_time ();
  gj_bench_check (gj_client_sync (laptop, identity, &incremental, &error), error, "incremental sync");
  t_incremental = (g_get_monotonic_time () - t0) / 1e6;

  plain = gj_bench_plain_open (plain_path);
  t_plain = gj_bench_plain_write (plain, recs, TRUE);
  sqlite3_close (plain);

  g_print ("Loopback HTTPS (mutual TLS), one street's scope of %u records\n\n", recs->len);
  g_print ("| measure | cells | seconds | cells/s | wire bytes/cell (gzip) | vs plain SQLite upsert | target |\n");
  g_print ("|---|---:|---:|---:|---:|---:|---|\n");
  g_print ("| initial sync, server → empty laptop | %u | %.2f | %.0f | %.1f | %.2f× | ≥ 100k cells/s, ≤ 40 B/cell |\n",
           initial.received, t_initial, initial.received / t_initial,
           (double) initial.bytes_in / initial.received,
           (initial.received / t_initial) / (initial.received / t_plain));
  g_print ("| incremental sync, 10,000 changed cells | %u | %.2f | %.0f | %.1f | | |\n",
           incremental.received, t_incremental, incremental.received / t_incremental,
           (double) incremental.bytes_in / MAX (incremental.received, 1));
  g_print ("| plain SQLite upsert of the same rows (no network) | %u | %.2f | %.0f | | 1.00× | |\n",
           initial.received, t_plain, initial.received / t_plain);

  gj_bench_server_stop (serving);
  g_clear_object (&server);
  g_clear_object (&laptop);
  g_clear_object (&writer);
  g_rand_free (r);
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", dir);
    if (system (cmd) != 0)
      g_printerr ("could not remove %s\n", dir);
  }
  return 0;
}
