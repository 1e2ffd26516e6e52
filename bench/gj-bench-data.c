/* gj-bench-data.c: the data layer against plain SQLite on a synthetic district
 *
 * Builds a district of 24 streets (132,000 organizations, projects and
 * volunteers, over a million cells) and prints a table:
 *  - local writes through the change-capture path (validation, clocks,
 *    row log, search index) against plain INSERTs of the same rows into the
 *    same tables with the same indexes and search index;
 *  - applying every cell of that district to an empty replica against plain
 *    upserts of the same rows;
 *  - full-text search latency for 3-character Chinese queries;
 *  - database size and sync metadata per cell.
 *
 * Usage: gj-bench-data [--streets N] [--dir DIR]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "gj-store-handle.h"
#include "gj-store-sync.h"
#include "gj-store.h"
#include "gj-validate.h"

#define TX_ROWS 5000

#include "gj-bench-common.h"

static gint64
file_size (const char *path)
{
  GStatBuf st;
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  gint64 n = 0;

  if (g_stat (path, &st) == 0)
    n += st.st_size;
  if (g_stat (wal, &st) == 0)
    n += st.st_size;
  return n;
}

static gint64
query_int (sqlite3    *db,
           const char *sql)
{
  sqlite3_stmt *stmt;
  gint64 v = 0;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      g_printerr ("%s: %s\n", sql, sqlite3_errmsg (db));
      exit (1);
    }
  if (sqlite3_step (stmt) == SQLITE_ROW)
    v = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return v;
}

/* Bytes of sync metadata: the packed clocks, the row version column, the
 * row log and the device table, over the number of stamped cells. */
static double
metadata_per_cell (GjStore *store,
                   gint64   cells)
{
  sqlite3 *db = gj_store_get_handle (store);
  gint64 bytes = 0;

  for (guint k = 0; k < gj_schema_n_kinds (); k++)
    {
      g_autofree char *sql = g_strdup_printf (
        "SELECT coalesce(sum(length(_clk)), 0) + coalesce(sum(CASE WHEN _ver < 128 THEN 1 "
        "WHEN _ver < 32768 THEN 2 WHEN _ver < 8388608 THEN 3 ELSE 4 END), 0) FROM %s",
        gj_schema_kind (k)->name);
      bytes += query_int (db, sql);
    }
  bytes += query_int (db, "SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name IN ('rowlog', 'site', "
                          "'sqlite_autoindex_site_1')");
  return (double) bytes / (double) cells;
}

static int
cmp_double (gconstpointer a,
            gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GjStore) store = NULL;
  g_autoptr(GjStore) replica = NULL;
  g_autoptr(GPtrArray) recs = NULL;
  g_autoptr(GPtrArray) pages = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *plain_path = NULL;
  g_autofree char *replica_path = NULL;
  g_autofree char *plain2_path = NULL;
  GRand *r = g_rand_new_with_seed (7);
  guint n_streets = 24;
  char *opt_dir = NULL;
  double t_local, t_plain, t_apply, t_upsert;
  gint64 n_cells = 0, t0;
  GjCursor cursor = GJ_CURSOR_INIT;
  sqlite3 *plain;
  GOptionEntry entries[] = {
    { "streets", 0, 0, G_OPTION_ARG_INT, &n_streets, "Number of streets (5,500 records each)", "N" },
    { "dir", 0, 0, G_OPTION_ARG_FILENAME, &opt_dir, "Where to put the databases", "DIR" },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new (NULL);

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  dir = opt_dir ? opt_dir : g_dir_make_tmp ("gj-bench-XXXXXX", NULL);
  path = g_build_filename (dir, "store.db", NULL);
  plain_path = g_build_filename (dir, "plain.db", NULL);
  replica_path = g_build_filename (dir, "replica.db", NULL);
  plain2_path = g_build_filename (dir, "plain-upsert.db", NULL);
  g_unlink (path);
  g_unlink (replica_path);

  recs = gj_bench_generate (n_streets, r);
  g_print ("Synthetic district: %u streets, %u records\n\n", n_streets, recs->len);

  /* Local writes through the change-capture path. */
  store = gj_store_open (path, &error);
  gj_bench_check (store != NULL, error, "open");
  t0 = g_get_monotonic_time ();
  gj_bench_check (gj_store_begin (store, &error), error, "begin");
  for (guint i = 0; i < recs->len; i++)
    {
      GjRecord *rec = g_ptr_array_index (recs, i);
      gj_bench_check (gj_store_insert (store, rec, &error), error, "insert");
      if ((i + 1) % TX_ROWS == 0)
        {
          gj_bench_check (gj_store_commit (store, &error), error, "commit");
          gj_bench_check (gj_store_begin (store, &error), error, "begin");
        }
    }
  gj_bench_check (gj_store_commit (store, &error), error, "commit");
  t_local = (g_get_monotonic_time () - t0) / 1e6;

  plain = gj_bench_plain_open (plain_path);
  t_plain = gj_bench_plain_write (plain, recs, FALSE);
  sqlite3_close (plain);

  /* Every cell of the district, as a new replica would receive it. */
  pages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  for (;;)
    {
      GjCursor next;
      GPtrArray *page = gj_store_changes_since (store, &cursor, 10000, &next, &error);

      gj_bench_check (page != NULL, error, "changes");
      if (page->len == 0)
        {
          g_ptr_array_unref (page);
          break;
        }
      n_cells += page->len;
      g_ptr_array_add (pages, page);
      cursor = next;
    }

  replica = gj_store_open (replica_path, &error);
  gj_bench_check (replica != NULL, error, "open replica");
  t0 = g_get_monotonic_time ();
  for (guint i = 0; i < pages->len; i++)
    gj_bench_check (gj_store_apply (replica, g_ptr_array_index (pages, i), NULL, &error), error, "apply");
  t_apply = (g_get_monotonic_time () - t0) / 1e6;

  plain = gj_bench_plain_open (plain2_path);
  t_upsert = gj_bench_plain_write (plain, recs, TRUE);
  sqlite3_close (plain);

  {
    g_autofree char *a = gj_store_dump (store, NULL);
    g_autofree char *b = gj_store_dump (replica, NULL);
    if (g_strcmp0 (a, b) != 0)
      {
        g_printerr ("gj-bench-data: the replica differs from the source\n");
        return 1;
      }
  }

  /* Search latency for 3-character substrings of real names. */
  {
    g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
    guint hits = 0;

    for (guint q = 0; q < 400; q++)
      {
        GjRecord *rec = g_ptr_array_index (recs, g_rand_int_range (r, 0, recs->len));
        const char *title = gj_record_get_title (rec);
        glong n = g_utf8_strlen (title, -1);
        const char *start;
        g_autofree char *needle = NULL;
        g_autoptr(GPtrArray) found = NULL;
        double ms;

        if (n < 3)
          continue;
        start = g_utf8_offset_to_pointer (title, g_rand_int_range (r, 0, n - 2));
        needle = g_strndup (start, g_utf8_offset_to_pointer (start, 3) - start);
        t0 = g_get_monotonic_time ();
        found = gj_store_search (store, needle, 20, &error);
        ms = (g_get_monotonic_time () - t0) / 1000.0;
        gj_bench_check (found != NULL, error, "search");
        hits += found->len > 0;
        g_array_append_val (times, ms);
      }
    g_array_sort (times, cmp_double);

    g_print ("| measure | Gongjian | plain SQLite | ratio | target |\n");
    g_print ("|---|---:|---:|---:|---|\n");
    g_print ("| local writes, rows/s (%u rows, %" G_GINT64_FORMAT " cells) | %.0f | %.0f | %.2f× | ≥ 0.5× |\n",
             recs->len, n_cells, recs->len / t_local, recs->len / t_plain, t_plain / t_local);
    g_print ("| remote apply, cells/s (%" G_GINT64_FORMAT " cells) | %.0f | %.0f | %.2f× | ≥ 0.5×, ≥ 200k/s |\n",
             n_cells, n_cells / t_apply, n_cells / t_upsert, t_upsert / t_apply);
    g_print ("| search p50, 3-char Chinese (%u queries, %u with hits) | %.2f ms | | | |\n",
             times->len, hits, g_array_index (times, double, times->len / 2));
    g_print ("| search p95 | %.2f ms | | | ≤ 20 ms |\n",
             g_array_index (times, double, times->len * 95 / 100));
    g_print ("| database size | %.1f MB | %.1f MB | | |\n", file_size (path) / 1e6,
             file_size (plain_path) / 1e6);
    g_print ("| sync metadata per cell | %.1f bytes | | | ≤ 32 bytes |\n",
             metadata_per_cell (store, n_cells));
  }

  if (opt_dir == NULL)
    {
      g_clear_object (&store);
      g_clear_object (&replica);
      for (const char *const *f = (const char *const[]) { "store.db", "plain.db", "replica.db", "plain-upsert.db", NULL }; *f; f++)
        {
          g_autofree char *p = g_build_filename (dir, *f, NULL);
          g_autofree char *w = g_strconcat (p, "-wal", NULL);
          g_autofree char *s = g_strconcat (p, "-shm", NULL);
          g_unlink (p);
          g_unlink (w);
          g_unlink (s);
        }
      g_rmdir (dir);
    }
  g_rand_free (r);
  return 0;
}
