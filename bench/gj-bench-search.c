/* gj-bench-search.c: a page's search box on a time bank of 100,000 entries
 *
 * Two streets of the synthetic district (5,000 volunteers in 20
 * communities) and 100,000 time-bank entries, each with a checker and a
 * note, a tenth of them for one of 400 activities. Then, as a list page
 * asks when a person types (the count, then the first page of 200):
 *  - the time bank searched by a volunteer's name (two or three
 *    characters), surname, phone (whole and its last four digits), the
 *    volunteer's community and the checker;
 *  - the volunteers searched by a phone's last four digits, and the whole
 *    database by a phone;
 *  - the migration that rebuilds the search table of such a database.
 * Prints a table of p50 and p95 in milliseconds, and the processor time
 * a query took (on a shared machine, its own cost beside the wall time).
 *
 * Usage: gj-bench-search [--entries N] [--dir DIR]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "gj-bench-common.h"
#include "gj-store-handle.h"
#include "gj-store.h"

#define TX_ROWS 5000
#define QUERIES 40
#define PAGE 200

static const char *checkers[] = { "李建国", "张敏", "王秀英", "陈立新", "赵红梅", "刘志强" };
static const char *notes[] = { "敬老院陪护", "社区巡逻", "图书整理", "义诊引导", "垃圾分类宣传",
                               "助餐送餐", "儿童托管", "环境整治" };

static int
cmp_double (gconstpointer a,
            gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

/* The count and the first page of @kind searched for @text, in ms; adds
 * the processor time it took to *@cpu_ms. */
static double
time_page (GjStore    *store,
           const char *kind,
           const char *text,
           gint64     *n,
           double     *cpu_ms)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) page = NULL;
  GjQuery q = { .text = text };
  double t0 = gj_bench_now ();
  double c0 = gj_bench_cpu_seconds ();

  *n = gj_store_count (store, gj_schema_lookup (kind), &q, &error);
  gj_bench_check (*n >= 0, error, "count");
  q.limit = PAGE;
  page = gj_store_list (store, gj_schema_lookup (kind), &q, &error);
  gj_bench_check (page != NULL, error, "list");
  *cpu_ms += (gj_bench_cpu_seconds () - c0) * 1000;
  return (gj_bench_now () - t0) * 1000;
}

typedef const char *(*PickFunc) (GPtrArray *volunteers, GRand *r, char **scratch);

static const char *
pick_name (GPtrArray  *volunteers,
           GRand      *r,
           char      **scratch)
{
  return gj_record_get_text (volunteers->pdata[g_rand_int_range (r, 0, volunteers->len)], "name");
}

static const char *
pick_surname (GPtrArray  *volunteers,
              GRand      *r,
              char      **scratch)
{
  const char *name = pick_name (volunteers, r, scratch);

  *scratch = g_strndup (name, g_utf8_next_char (name) - name);
  return *scratch;
}

static const char *
pick_phone (GPtrArray  *volunteers,
            GRand      *r,
            char      **scratch)
{
  return gj_record_get_text (volunteers->pdata[g_rand_int_range (r, 0, volunteers->len)], "phone");
}

static const char *
pick_last4 (GPtrArray  *volunteers,
            GRand      *r,
            char      **scratch)
{
  return pick_phone (volunteers, r, scratch) + 7;
}

static const char *
pick_checker (GPtrArray  *volunteers,
              GRand      *r,
              char      **scratch)
{
  return checkers[g_rand_int_range (r, 0, G_N_ELEMENTS (checkers))];
}

/* One row of the table: @what, QUERIES queries of @kind. */
static void
measure (GjStore    *store,
         GPtrArray  *volunteers,
         GRand      *r,
         const char *what,
         const char *kind,
         PickFunc    pick)
{
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  gint64 rows = 0;
  double cpu_ms = 0;

  for (guint q = 0; q < QUERIES; q++)
    {
      g_autofree char *scratch = NULL;
      const char *text = pick (volunteers, r, &scratch);
      gint64 n;
      double ms = time_page (store, kind, text, &n, &cpu_ms);

      rows += n;
      g_array_append_val (times, ms);
    }
  g_array_sort (times, cmp_double);
  g_print ("| %s | %.1f | %.1f | %.1f | %.0f |\n", what, g_array_index (times, double, QUERIES / 2),
           g_array_index (times, double, QUERIES * 95 / 100), cpu_ms / QUERIES,
           (double) rows / QUERIES);
}

/* One row of the table: QUERIES searches of the whole database. */
static void
measure_search (GjStore    *store,
                GPtrArray  *pool,
                GRand      *r,
                const char *what,
                PickFunc    pick)
{
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  g_autoptr(GError) error = NULL;
  double cpu_ms = 0;

  for (guint q = 0; q < QUERIES; q++)
    {
      g_autofree char *scratch = NULL;
      const char *text = pick (pool, r, &scratch);
      g_autoptr(GPtrArray) hits = NULL;
      double t0 = gj_bench_now ();
      double c0 = gj_bench_cpu_seconds ();
      double ms;

      hits = gj_store_search (store, text, 50, &error);
      ms = (gj_bench_now () - t0) * 1000;
      cpu_ms += (gj_bench_cpu_seconds () - c0) * 1000;
      gj_bench_check (hits != NULL, error, "search");
      g_array_append_val (times, ms);
    }
  g_array_sort (times, cmp_double);
  g_print ("| %s (at most 50) | %.1f | %.1f | %.1f | |\n", what,
           g_array_index (times, double, QUERIES / 2),
           g_array_index (times, double, QUERIES * 95 / 100), cpu_ms / QUERIES);
}

static const char *
pick_community (GPtrArray  *communities,
                GRand      *r,
                char      **scratch)
{
  return gj_record_get_text (communities->pdata[g_rand_int_range (r, 0, communities->len)],
                             "name");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GjStore) store = NULL;
  g_autoptr(GPtrArray) recs = NULL;
  g_autoptr(GPtrArray) volunteers = g_ptr_array_new ();
  g_autoptr(GPtrArray) communities = g_ptr_array_new ();
  g_autoptr(GPtrArray) activities = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  GRand *r = g_rand_new_with_seed (11);
  int n_entries = 100000;
  char *opt_dir = NULL;
  double t0, t_write, t_migrate;
  guint n_rows = 0;
  gboolean ok;
  GOptionEntry entries[] = {
    { "entries", 0, 0, G_OPTION_ARG_INT, &n_entries, "Time-bank entries", "N" },
    { "dir", 0, 0, G_OPTION_ARG_FILENAME, &opt_dir, "Where to put the database", "DIR" },
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
  path = g_build_filename (dir, "search.db", NULL);
  g_unlink (path);

  recs = gj_bench_generate (2, r);
  store = gj_store_open (path, &error);
  gj_bench_check (store != NULL, error, "open");
  t0 = gj_bench_now ();
  gj_bench_check (gj_store_begin (store, &error), error, "begin");
  for (guint i = 0; i < recs->len; i++)
    {
      GjRecord *rec = g_ptr_array_index (recs, i);

      gj_bench_check (gj_store_insert (store, rec, &error), error, "insert");
      if (g_str_equal (rec->kind->name, "volunteer"))
        g_ptr_array_add (volunteers, rec);
      else if (g_str_equal (rec->kind->name, "community"))
        g_ptr_array_add (communities, rec);
    }
  for (guint i = 0; i < 400; i++)
    {
      g_autoptr(GjRecord) act = gj_record_new_for ("activity");
      GjRecord *com = communities->pdata[i % communities->len];
      g_autofree char *title = g_strdup_printf ("%s第%u次志愿服务", gj_record_get_title (com), i + 1);

      gj_record_set_text (act, "title", title);
      gj_record_set_text (act, "date", "2026-06-01");
      gj_record_set_text (act, "community_id", com->id);
      gj_bench_check (gj_store_insert (store, act, &error), error, "insert activity");
      g_ptr_array_add (activities, g_strdup (act->id));
    }
  for (int i = 0; i < n_entries; i++)
    {
      g_autoptr(GjRecord) h = gj_record_new_for ("hours");
      GjRecord *v = volunteers->pdata[g_rand_int_range (r, 0, volunteers->len)];
      g_autofree char *date = g_strdup_printf ("2026-%02d-%02d", g_rand_int_range (r, 1, 13),
                                               g_rand_int_range (r, 1, 29));

      gj_record_set_text (h, "volunteer_id", v->id);
      /* Earned only: a redemption beyond the balance would be refused. */
      gj_record_set_text (h, "kind", "earn");
      gj_record_set_real (h, "hours", g_rand_int_range (r, 1, 9) / 2.0);
      gj_record_set_text (h, "date", date);
      gj_record_set_text (h, "verified_by",
                          checkers[g_rand_int_range (r, 0, G_N_ELEMENTS (checkers))]);
      gj_record_set_text (h, "note", notes[g_rand_int_range (r, 0, G_N_ELEMENTS (notes))]);
      if (i % 10 == 1)
        gj_record_set_text (h, "activity_id",
                            activities->pdata[g_rand_int_range (r, 0, activities->len)]);
      ok = gj_store_insert (store, h, &error);
      gj_bench_check (ok, error, "insert hours");
      if ((i + 1) % TX_ROWS == 0)
        {
          gj_bench_check (gj_store_commit (store, &error), error, "commit");
          gj_bench_check (gj_store_begin (store, &error), error, "begin");
        }
    }
  gj_bench_check (gj_store_commit (store, &error), error, "commit");
  t_write = gj_bench_now () - t0;
  n_rows = recs->len + activities->len + n_entries;

  g_print ("Time bank: %d entries, %u volunteers, %u communities, %u rows in all "
           "(written in %.1f s)\n\n", n_entries, volunteers->len, communities->len, n_rows,
           t_write);
  g_print ("| search (count + first page of %d) | p50 ms | p95 ms | CPU ms (mean) | "
           "rows found (mean) |\n", PAGE);
  g_print ("|---|---:|---:|---:|---:|\n");
  measure (store, volunteers, r, "time bank by volunteer name", "hours", pick_name);
  measure (store, volunteers, r, "time bank by surname (1 character)", "hours", pick_surname);
  measure (store, volunteers, r, "time bank by phone", "hours", pick_phone);
  measure (store, volunteers, r, "time bank by phone's last 4", "hours", pick_last4);
  measure (store, communities, r, "time bank by community", "hours", pick_community);
  measure (store, volunteers, r, "time bank by checker", "hours", pick_checker);
  measure (store, volunteers, r, "volunteers by phone's last 4", "volunteer", pick_last4);
  measure_search (store, volunteers, r, "whole database by phone's last 4", pick_last4);
  measure_search (store, volunteers, r, "whole database by checker", pick_checker);

  /* The database as version 2 left it, opened by this one. */
  gj_bench_check (sqlite3_exec (gj_store_get_handle (store), "PRAGMA user_version = 2", NULL,
                                NULL, NULL) == SQLITE_OK, NULL, "user_version");
  g_clear_object (&store);
  t0 = gj_bench_now ();
  store = gj_store_open (path, &error);
  gj_bench_check (store != NULL, error, "open");
  t_migrate = gj_bench_now () - t0;
  /* From version 2: migration 3 adds the journal's table (already here,
   * so a no-op), migration 4 rebuilds the search table. */
  g_print ("\nMigration 4 (the search table rebuilt, %u rows): %.2f s\n", n_rows, t_migrate);

  g_clear_object (&store);
  if (opt_dir == NULL)
    {
      for (const char *const *s = (const char *const[]) { "", "-wal", "-shm", NULL }; *s; s++)
        {
          g_autofree char *p = g_strconcat (path, *s, NULL);
          g_unlink (p);
        }
      g_rmdir (dir);
    }
  g_rand_free (r);
  return 0;
}
