/* gj-bench-report.c: the indicator report on a street of 100,000 records
 *
 * Writes one street's database through the store's write path: 12
 * communities, 30,000 social organizations founded over thirty years,
 * 1,500 incubations, 600 social workers, 400 volunteer teams, 25,000
 * volunteers with 40,000 time-bank entries, and 2,488 projects. Then it
 * reopens the file and prints a table of the median (and slowest) of
 * several runs of:
 *  - gj_stats_compute, what the CLI's stats and the Overview count;
 *  - gj_overview_figures_compute, the Overview's tiles and charts;
 *  - gj_reports_indicators for a quarter and for a year, and the same
 *    report built and written as PDF (gj_report_write_pdf) and as XLSX
 *    (gj_report_write_xlsx), against the target: the indicator
 *    report of such a street in 2 s.
 *
 * Usage: gj-bench-report [--records N] [--runs N] [--dir DIR] [--keep]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <stdio.h>

#include "gj-bench-common.h"
#include "gj-overview-figures.h"
#include "gj-report-render.h"
#include "gj-reports.h"

#define TX_ROWS 5000
#define TARGET_S 2.0

static const char *const words[] = { "银龄", "互助", "邻里", "调解", "书画", "志愿", "关爱",
                                     "成长", "巾帼", "守望", "和谐", "睦邻", "康养", "助残",
                                     "文体", "公益", "慈善", "驿站" };
static const char *const community_names[] = { "东湖", "桂花", "望江", "新村", "枫林", "长庆",
                                               "紫荆", "明月", "清源", "后埔", "溪头", "丰泽" };
static const char *const categories[] = { "elderly_care", "public_service", "charity", "harmony",
                                          "culture_sports", "life_service", "mediation",
                                          "other" };
static const char *const forms[] = { "social_group", "private_non_enterprise", "foundation",
                                     "community_filed" };
static const char *const certificates[] = { "none", "assistant", "social_worker", "senior" };
static const char *const fundings[] = { "district_venture", "street_venture", "purchase",
                                        "micro", "charity", "community_fund" };
static const char *const project_fields[] = { "social_assistance", "elderly", "children",
                                              "governance", "disability", "culture", "other" };
static const char *const project_statuses[] = { "idea", "applied", "approved", "in_progress",
                                                "closed", "evaluated" };
static const char *const stages[] = { "applied", "admitted", "incubating", "evaluating",
                                      "graduated", "exited" };

#define PICK(r, array) (array[g_rand_int_range ((r), 0, G_N_ELEMENTS (array))])

static char *
date_between (GRand *r,
              int    first_year,
              int    last_year)
{
  return g_strdup_printf ("%04d-%02d-%02d", g_rand_int_range (r, first_year, last_year + 1),
                          g_rand_int_range (r, 1, 13), g_rand_int_range (r, 1, 29));
}

typedef struct
{
  GjStore *store;
  guint    pending;
} Writer;

static void
write_record (Writer   *w,
              GjRecord *rec)
{
  g_autoptr(GError) error = NULL;

  gj_bench_check (gj_store_insert (w->store, rec, &error), error, "insert");
  gj_record_unref (rec);
  if (++w->pending % TX_ROWS == 0)
    {
      gj_bench_check (gj_store_commit (w->store, &error), error, "commit");
      gj_bench_check (gj_store_begin (w->store, &error), error, "begin");
    }
}

static GjRecord *
record (const char *kind)
{
  GjRecord *rec = gj_record_new_for (kind);

  rec->id = g_uuid_string_random ();
  return rec;
}

static void
set_date (GjRecord   *rec,
          const char *field,
          char       *iso)
{
  gj_record_set_text (rec, field, iso);
  g_free (iso);
}

/* @n records in the proportions of the file's comment. */
static void
fill (GjStore *store,
      guint    n,
      GRand   *r)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) communities = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) orgs = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) volunteers = g_ptr_array_new_with_free_func (g_free);
  Writer w = { store, 0 };
  guint n_orgs = n * 30 / 100, n_inc = n * 15 / 1000, n_workers = n * 6 / 1000;
  guint n_teams = n * 4 / 1000, n_volunteers = n / 4, n_hours = n * 40 / 100;
  guint n_projects = n - G_N_ELEMENTS (community_names) - n_orgs - n_inc - n_workers - n_teams -
                     n_volunteers - n_hours;

  gj_bench_check (gj_store_begin (store, &error), error, "begin");
  for (guint i = 0; i < G_N_ELEMENTS (community_names); i++)
    {
      GjRecord *rec = record ("community");
      g_autofree char *name = g_strdup_printf ("%s%s", community_names[i], i < 9 ? "社区" : "村");

      gj_record_set_text (rec, "name", name);
      gj_record_set_text (rec, "type", i < 9 ? "urban" : "rural");
      gj_record_set_int (rec, "population", g_rand_int_range (r, 3000, 15000));
      gj_record_set_int (rec, "households", g_rand_int_range (r, 1000, 5000));
      g_ptr_array_add (communities, g_strdup (rec->id));
      write_record (&w, rec);
    }
#define COMMUNITY() ((const char *) communities->pdata[g_rand_int_range (r, 0, communities->len)])

  for (guint i = 0; i < n_orgs; i++)
    {
      GjRecord *rec = record ("organization");
      g_autofree char *name = g_strdup_printf ("%s%s%s会（%u）", PICK (r, community_names),
                                               PICK (r, words), PICK (r, words), i + 1);

      gj_record_set_text (rec, "name", name);
      gj_record_set_text (rec, "category", PICK (r, categories));
      gj_record_set_text (rec, "legal_form", PICK (r, forms));
      if (i % 50 != 0)
        gj_record_set_text (rec, "community_id", COMMUNITY ());
      if (i % 20 != 0)
        set_date (rec, "founded", date_between (r, 1995, 2026));
      gj_record_set_int (rec, "members", g_rand_int_range (r, 5, 200));
      g_ptr_array_add (orgs, g_strdup (rec->id));
      write_record (&w, rec);
    }

  for (guint i = 0; i < n_inc; i++)
    {
      GjRecord *rec = record ("incubation");
      guint s = g_rand_int_range (r, 0, G_N_ELEMENTS (stages));
      int year = g_rand_int_range (r, 2018, 2026);
      g_autofree char *applied = g_strdup_printf ("%04d-03-%02d", year,
                                                  g_rand_int_range (r, 1, 29));
      g_autofree char *admitted = g_strdup_printf ("%04d-05-%02d", year,
                                                   g_rand_int_range (r, 1, 29));
      g_autofree char *since = g_strdup_printf ("%04d-%02d-%02d", year + 1,
                                                g_rand_int_range (r, 1, 13),
                                                g_rand_int_range (r, 1, 29));

      gj_record_set_text (rec, "organization_id", orgs->pdata[g_rand_int_range (r, 0, orgs->len)]);
      gj_record_set_text (rec, "stage", stages[s]);
      gj_record_set_text (rec, "applied_on", applied);
      if (s > 0)
        gj_record_set_text (rec, "admitted_on", admitted);
      gj_record_set_text (rec, "stage_since", s > 0 ? since : applied);
      if (s >= 4)
        gj_record_set_text (rec, "closed_on", since);
      write_record (&w, rec);
    }

  for (guint i = 0; i < n_workers; i++)
    {
      GjRecord *rec = record ("social_worker");

      gj_record_set_text (rec, "name", "社工");
      gj_record_set_text (rec, "certificate", PICK (r, certificates));
      gj_record_set_bool (rec, "full_time", g_rand_boolean (r));
      gj_record_set_text (rec, "community_id", COMMUNITY ());
      write_record (&w, rec);
    }

  for (guint i = 0; i < n_teams; i++)
    {
      GjRecord *rec = record ("volunteer_team");

      gj_record_set_text (rec, "name", "志愿者服务队");
      gj_record_set_text (rec, "community_id", COMMUNITY ());
      set_date (rec, "founded", date_between (r, 2010, 2026));
      write_record (&w, rec);
    }

  for (guint i = 0; i < n_volunteers; i++)
    {
      GjRecord *rec = record ("volunteer");

      gj_record_set_text (rec, "name", "志愿者");
      gj_record_set_text (rec, "community_id", COMMUNITY ());
      set_date (rec, "joined", date_between (r, 2015, 2026));
      g_ptr_array_add (volunteers, g_strdup (rec->id));
      write_record (&w, rec);
    }

  for (guint i = 0; i < n_hours; i++)
    {
      GjRecord *rec = record ("hours");

      gj_record_set_text (rec, "volunteer_id",
                          volunteers->pdata[g_rand_int_range (r, 0, volunteers->len)]);
      gj_record_set_text (rec, "kind", "earn");
      gj_record_set_real (rec, "hours", g_rand_int_range (r, 1, 9) / 2.0);
      set_date (rec, "date", date_between (r, 2020, 2026));
      write_record (&w, rec);
    }

  for (guint i = 0; i < n_projects; i++)
    {
      GjRecord *rec = record ("project");
      gint64 gov = g_rand_int_range (r, 0, 20000000), social = g_rand_int_range (r, 0, 5000000);
      int year = g_rand_int_range (r, 2018, 2027);
      g_autofree char *start = g_strdup_printf ("%04d-%02d-01", year, g_rand_int_range (r, 1, 13));
      g_autofree char *end = g_strdup_printf ("%04d-12-31", year + g_rand_int_range (r, 0, 3));

      gj_record_set_text (rec, "name", "五社联动项目");
      gj_record_set_text (rec, "field", PICK (r, project_fields));
      gj_record_set_text (rec, "status", PICK (r, project_statuses));
      if (i % 10 != 0)
        gj_record_set_text (rec, "funding", PICK (r, fundings));
      gj_record_set_text (rec, "community_id", COMMUNITY ());
      gj_record_set_int (rec, "budget", gov + social + g_rand_int_range (r, 0, 1000000));
      gj_record_set_int (rec, "gov_funds", gov);
      gj_record_set_int (rec, "social_funds", social);
      gj_record_set_text (rec, "start_on", start);
      gj_record_set_text (rec, "end_on", end);
      write_record (&w, rec);
    }
#undef COMMUNITY
  gj_bench_check (gj_store_commit (store, &error), error, "commit");
}

static int
compare_doubles (gconstpointer a,
                 gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;

  return (x > y) - (x < y);
}

typedef gboolean (*Job) (GjStore *store, gpointer data, guint *rows);

/* Median and slowest of @runs runs of @job, in seconds. */
static void
time_job (GjStore    *store,
          Job         job,
          gpointer    data,
          guint       runs,
          const char *what,
          double      target)
{
  g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
  guint rows = 0;
  double median, slowest;

  for (guint i = 0; i < runs; i++)
    {
      gint64 t0 = g_get_monotonic_time ();
      double s;

      gj_bench_check (job (store, data, &rows), NULL, what);
      s = (g_get_monotonic_time () - t0) / 1e6;
      g_array_append_val (times, s);
    }
  g_array_sort (times, compare_doubles);
  median = g_array_index (times, double, runs / 2);
  slowest = g_array_index (times, double, runs - 1);
  g_print ("| %s | %u | %.0f ms (%.0f) | %s | %s |\n", what, rows, median * 1000, slowest * 1000,
           target > 0 ? "≤ 2 s" : "", target <= 0 ? "" : slowest <= target ? "ok" : "over");
}

static gboolean
stats_job (GjStore  *store,
           gpointer  data,
           guint    *rows)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) stats = gj_stats_compute (store, NULL, 2026, &error);

  if (stats == NULL)
    g_printerr ("stats: %s\n", error->message);
  *rows = stats ? stats->len : 0;
  return stats != NULL;
}

static gboolean
figures_job (GjStore  *store,
             gpointer  data,
             guint    *rows)
{
  g_autoptr(GError) error = NULL;
  GjOverviewFigures figures;
  gboolean ok = gj_overview_figures_compute (store, NULL, &figures, &error);

  if (!ok)
    g_printerr ("figures: %s\n", error->message);
  *rows = figures.n_categories + figures.n_stages + figures.n_fundings;
  return ok;
}

/* Rows: of every table in the report. */
static gboolean
report_job (GjStore  *store,
            gpointer  data,
            guint    *rows)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GjReport) report = gj_reports_indicators (store, NULL, data, &error);

  if (report == NULL)
    {
      g_printerr ("report: %s\n", error->message);
      return FALSE;
    }
  *rows = 0;
  for (guint i = 0; i < gj_report_get_n_blocks (report); i++)
    {
      const GjReportBlock *b = gj_report_get_block (report, i);

      if (b->type == GJ_REPORT_TABLE)
        *rows += b->rows->len;
    }
  return TRUE;
}

typedef struct
{
  GjPeriod   *period;
  const char *path;
  gboolean    xlsx;
  guint       pages;
} WriteJob;

static void
progress_cb (guint    done,
             guint    total,
             gpointer user_data)
{
  WriteJob *job = user_data;

  job->pages = MAX (job->pages, total);
}

/* Rows: the pages of the PDF, or the tables (sheets) of the XLSX. */
static gboolean
write_job (GjStore  *store,
           gpointer  data,
           guint    *rows)
{
  WriteJob *job = data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GjReport) report = gj_reports_indicators (store, NULL, job->period, &error);
  gboolean ok;

  if (report == NULL)
    {
      g_printerr ("report: %s\n", error->message);
      return FALSE;
    }
  if (job->xlsx)
    {
      ok = gj_report_write_xlsx (report, job->path, &error);
      *rows = 0;
      for (guint i = 0; i < gj_report_get_n_blocks (report); i++)
        *rows += gj_report_get_block (report, i)->type == GJ_REPORT_TABLE;
    }
  else
    {
      ok = gj_report_write_pdf (report, job->path, NULL, progress_cb, job, &error);
      *rows = job->pages;
    }
  if (!ok)
    g_printerr ("write: %s\n", error->message);
  return ok;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) context = g_option_context_new ("- time the indicator report");
  g_autoptr(GError) error = NULL;
  g_autoptr(GjStore) store = NULL;
  g_autoptr(GRand) r = g_rand_new_with_seed (13);
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *opt_dir = NULL;
  int n_records = 100000, n_runs = 5;
  gboolean keep = FALSE;
  GjPeriod quarter = { 2026, 4 }, year = { 2026, 0 };
  GOptionEntry entries[] = {
    { "records", 0, 0, G_OPTION_ARG_INT, &n_records, "Records in the street (default 100000)",
      "N" },
    { "runs", 0, 0, G_OPTION_ARG_INT, &n_runs, "Runs of each measure (default 5)", "N" },
    { "dir", 0, 0, G_OPTION_ARG_FILENAME, &opt_dir, "Where to write the database", "DIR" },
    { "keep", 0, 0, G_OPTION_ARG_NONE, &keep, "Keep the database", NULL },
    { NULL }
  };
  gint64 t0;

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (context, entries, NULL);
  if (!g_option_context_parse (context, &argc, &argv, &error))
    {
      g_printerr ("gj-bench-report: %s\n", error->message);
      return 2;
    }
  if (n_records < 1000 || n_runs < 1)
    {
      g_printerr ("gj-bench-report: --records must be at least 1000, --runs at least 1\n");
      return 2;
    }

  dir = opt_dir ? g_strdup (opt_dir) : g_dir_make_tmp ("gj-bench-report-XXXXXX", NULL);
  path = g_build_filename (dir, "street.db", NULL);
  g_unlink (path);
  store = gj_store_open (path, &error);
  gj_bench_check (store != NULL, error, "open");
  t0 = g_get_monotonic_time ();
  fill (store, n_records, r);
  g_print ("Street of %d records written in %.1f s to %s\n\n", n_records,
           (g_get_monotonic_time () - t0) / 1e6, path);
  g_clear_object (&store);

  /* A new connection, as the CLI or the app's reader opens it. */
  store = gj_store_open (path, &error);
  gj_bench_check (store != NULL, error, "reopen");
  g_print ("| measure | table rows | median (slowest) of %d | target | ok/over |\n", n_runs);
  g_print ("|---|---:|---:|---|---|\n");
  time_job (store, stats_job, NULL, n_runs, "gj_stats_compute (CLI stats, Overview)", 0);
  time_job (store, figures_job, NULL, n_runs, "gj_overview_figures_compute (Overview)", 0);
  time_job (store, report_job, &quarter, n_runs, "gj_reports_indicators, 2026Q4", TARGET_S);
  time_job (store, report_job, &year, n_runs, "gj_reports_indicators, 2026", TARGET_S);
  {
    g_autofree char *pdf = g_build_filename (dir, "indicators.pdf", NULL);
    g_autofree char *xlsx = g_build_filename (dir, "indicators.xlsx", NULL);
    WriteJob jobs[] = {
      { &quarter, pdf, FALSE, 0 }, { &year, pdf, FALSE, 0 },
      { &quarter, xlsx, TRUE, 0 }, { &year, xlsx, TRUE, 0 },
    };

    g_print ("\n| measure (report built and written) | pages or sheets | median (slowest) of %d "
             "| target | ok/over |\n", n_runs);
    g_print ("|---|---:|---:|---|---|\n");
    time_job (store, write_job, &jobs[0], n_runs, "PDF, 2026Q4", TARGET_S);
    time_job (store, write_job, &jobs[1], n_runs, "PDF, 2026", TARGET_S);
    time_job (store, write_job, &jobs[2], n_runs, "XLSX, 2026Q4", TARGET_S);
    time_job (store, write_job, &jobs[3], n_runs, "XLSX, 2026", TARGET_S);
    if (!keep)
      {
        g_unlink (pdf);
        g_unlink (xlsx);
      }
  }
  g_clear_object (&store);

  if (!keep)
    {
      g_autofree char *wal = g_strconcat (path, "-wal", NULL);
      g_autofree char *shm = g_strconcat (path, "-shm", NULL);

      g_unlink (path);
      g_unlink (wal);
      g_unlink (shm);
      if (opt_dir == NULL)
        g_rmdir (dir);
    }
  return 0;
}
