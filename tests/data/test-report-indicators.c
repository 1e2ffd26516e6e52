/* test-report-indicators.c: the indicator report on a street whose figures
 * are known, on the demo street and on an empty one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <math.h>
#include <stdarg.h>
#include <string.h>

#include "gj-report-render.h"
#include "gj-reports.h"
#include "gj-test-pdf.h"
#include "gj-test-store.h"
#include "gj-workbook.h"

/* Columns of the indicator table. */
enum
{
  COL_NAME,
  COL_TYPE,
  COL_POPULATION,
  COL_ORGS,
  COL_ORG_TARGET,
  COL_TEAMS,
  COL_WORKERS,
  COL_CERTIFIED,
  COL_CERTIFIED_10K,
  COL_FULL_TIME,
  COL_FULL_TIME_10K,
  COL_SHARE,
  COL_NEW,
  COL_SHORTFALLS,
  N_COLS
};

static GjReport *
report_for (GjStore    *store,
            const char *period_text)
{
  g_autoptr(GError) error = NULL;
  GjPeriod period;
  GjReport *report;

  g_assert_true (gj_period_parse (period_text, &period, &error));
  report = gj_reports_indicators (store, NULL, &period, &error);
  g_assert_no_error (error);
  g_assert_nonnull (report);
  return report;
}

static const GjReportBlock *
table (GjReport   *report,
       const char *sheet)
{
  for (guint i = 0; i < gj_report_get_n_blocks (report); i++)
    {
      const GjReportBlock *b = gj_report_get_block (report, i);

      if (b->type == GJ_REPORT_TABLE && g_strcmp0 (b->sheet, sheet) == 0)
        return b;
    }
  return NULL;
}

static const GjReportRow *
row_named (const GjReportBlock *block,
           const char          *name)
{
  g_assert_nonnull (block);
  for (guint r = 0; r < block->rows->len; r++)
    {
      const GjReportRow *row = g_ptr_array_index (block->rows, r);

      if (g_str_equal (row->cells[0].text, name))
        return row;
    }
  g_assert_not_reached ();
}

static gboolean
has_block (GjReport          *report,
           GjReportBlockType  type,
           const char        *text)
{
  for (guint i = 0; i < gj_report_get_n_blocks (report); i++)
    {
      const GjReportBlock *b = gj_report_get_block (report, i);

      if (b->type == type && (text == NULL || g_strcmp0 (b->text, text) == 0))
        return TRUE;
    }
  return FALSE;
}

/* @marked: the columns that must be marked as shortfalls, ended by -1;
 * every other column must not be. */
static void
assert_marks (const GjReportRow *row,
              ...)
{
  gboolean expected[N_COLS] = { FALSE };
  va_list ap;
  int col;

  g_assert_cmpuint (row->n_cells, ==, N_COLS);
  va_start (ap, row);
  while ((col = va_arg (ap, int)) >= 0)
    expected[col] = TRUE;
  va_end (ap);
  for (guint c = 0; c < N_COLS; c++)
    {
      gboolean marked = (row->cells[c].mark & GJ_REPORT_MARK_SHORTFALL) != 0;

      if (marked != expected[c])
        g_error ("%s, column %u (%s): marked %d, expected %d", row->cells[0].text, c,
                 row->cells[c].text, marked, expected[c]);
    }
}

static void
assert_cell (const GjReportRow *row,
             guint              col,
             const char        *text)
{
  g_assert_cmpstr (row->cells[col].text, ==, text);
}

/* 东湖社区 (urban, 10,000 residents) and 枫林村 (rural, 2,500), with
 * records dated so that each period counts something different. */
static GjStore *
known_street (void)
{
  GjStore *store = gj_test_store_new ();
  /* No founding date: nothing says it came later, so it counts. Recorded
   * before the communities were, it names none, as old records may. */
  g_autofree char *org = gj_test_add (store, "organization", "name", "无日期组织", "category",
                                      "harmony", "legal_form", "community_filed", NULL);
  g_autofree char *urban = gj_test_add (store, "community", "name", "东湖社区", "type", "urban",
                                       "population", "10000", NULL);
  g_autofree char *rural = gj_test_add (store, "community", "name", "枫林村", "type", "rural",
                                       "population", "2500", NULL);
  g_autofree char *volunteer = NULL;
  static const char *const urban_founded[] = {
    "2019-03-01", "2019-03-01", "2019-03-01", "2019-03-01", "2019-03-01", "2019-03-01",
    "2026-02-10", "2026-03-31",      /* new in 2026Q1 */
    "2026-05-05",                    /* new in 2026Q2 */
    "2027-01-05",                    /* after 2026: not counted in its reports */
  };

  for (guint i = 0; i < G_N_ELEMENTS (urban_founded); i++)
    g_free (gj_test_add (store, "organization", "name", i == 6 ? "东湖银龄互助会" : "东湖组织",
                        "category", i < 5 ? "charity" : "elderly_care", "legal_form",
                        "social_group",
                        "community_id", urban, "founded", urban_founded[i], NULL));
  for (int i = 0; i < 3; i++)
    g_free (gj_test_add (store, "organization", "name", "枫林组织", "category", "other", "legal_form",
                        "community_filed", "community_id", rural, "founded", "2018-06-01", NULL));

  for (int i = 0; i < 20; i++)
    g_free (gj_test_add (store, "social_worker", "name", "社工", "certificate",
                        i < 16 ? "assistant" : "none", "full_time", "yes", "community_id", urban,
                        NULL));
  for (int i = 0; i < 5; i++)
    g_free (gj_test_add (store, "volunteer_team", "name", "东湖队", "community_id", urban, "founded",
                        "2020-01-01", NULL));
  g_free (gj_test_add (store, "volunteer_team", "name", "新队", "community_id", urban, "founded",
                      "2027-02-01", NULL));
  g_free (gj_test_add (store, "volunteer_team", "name", "枫林队", "community_id", rural, NULL));

  /* Incubations: applied in Q1; admitted in Q1 and incubating since Q2;
   * graduated in November after an evaluation; exited in February. */
  g_free (gj_test_add (store, "incubation", "organization_id", org, "stage", "applied",
                       "applied_on",
                      "2026-01-10", "stage_since", "2026-01-10", NULL));
  g_free (gj_test_add (store, "incubation", "organization_id", org, "stage", "incubating",
                       "applied_on",
                      "2026-01-05", "admitted_on", "2026-02-01", "stage_since", "2026-04-10",
                      NULL));
  g_free (gj_test_add (store, "incubation", "organization_id", org, "stage", "graduated",
                       "applied_on",
                      "2025-01-05", "admitted_on", "2025-03-01", "stage_since", "2026-11-20",
                      "closed_on", "2026-11-20", NULL));
  g_free (gj_test_add (store, "incubation", "organization_id", org, "stage", "exited", "applied_on",
                      "2025-06-01", "admitted_on", "2025-07-01", "stage_since", "2026-02-15",
                      "closed_on", "2026-02-15", NULL));

  /* Projects: two district-venture ones (one undated), a charity one from
   * June, one of no source that ended in 2025. */
  g_free (gj_test_add (store, "project", "name", "银龄关爱", "field", "elderly", "status",
                       "in_progress",
                      "funding", "district_venture", "budget", "10000", "gov_funds", "8000.50",
                      "social_funds", "1999.50", "start_on", "2026-01-01", NULL));
  g_free (gj_test_add (store, "project", "name", "邻里守望", "field", "governance", "status",
                       "approved",
                      "funding", "district_venture", "community_id", urban, "budget", "1234.57",
                      "gov_funds", "1234.56", "social_funds", "0.01", NULL));
  g_free (gj_test_add (store, "project", "name", "儿童之家", "field", "children", "status",
                      "in_progress", "funding", "charity", "community_id", rural, "social_funds",
                      "5000", "start_on", "2026-06-01", NULL));
  g_free (gj_test_add (store, "project", "name", "旧项目", "field", "other", "status", "closed",
                      "gov_funds", "100", "start_on", "2025-01-01", "end_on", "2025-12-31", NULL));

  volunteer = gj_test_add (store, "volunteer", "name", "王芳", "joined", "2025-01-01", NULL);
  g_free (gj_test_add (store, "hours", "volunteer_id", volunteer, "kind", "earn", "hours", "3.5",
                      "date", "2026-02-01", NULL));
  g_free (gj_test_add (store, "hours", "volunteer_id", volunteer, "kind", "earn", "hours", "2",
                      "date", "2027-01-01", NULL));
  return store;
}

static void
test_year (void)
{
  g_autoptr(GjStore) store = known_street ();
  g_autoptr(GjReport) report = report_for (store, "2026");
  g_autofree char *text = gj_report_to_text (report);
  const GjReportBlock *ind = table (report, "Indicators");
  const GjReportRow *u, *r, *total;

  g_test_message ("%s", text);
  g_assert_true (gj_report_get_landscape (report));
  g_assert_cmpstr (gj_report_get_period (report), ==, "Year 2026");
  g_assert_nonnull (strstr (text, "东湖社区"));
  g_assert_nonnull (strstr (text, "枫林村"));

  g_assert_nonnull (ind);
  g_assert_cmpuint (ind->columns->len, ==, N_COLS);
  g_assert_cmpuint (ind->rows->len, ==, 3);
  u = row_named (ind, "东湖社区");
  r = row_named (ind, "枫林村");
  total = g_ptr_array_index (ind->rows, 2);
  g_assert_true (total->mark & GJ_REPORT_MARK_TOTAL);
  g_assert_false (u->mark & GJ_REPORT_MARK_TOTAL);

  /* The organization founded in 2027 and the team founded in 2027 are
   * not counted. */
  assert_cell (u, COL_POPULATION, "10000");
  assert_cell (u, COL_ORGS, "9");
  assert_cell (u, COL_ORG_TARGET, "10");
  assert_cell (u, COL_TEAMS, "5");
  assert_cell (u, COL_WORKERS, "20");
  assert_cell (u, COL_CERTIFIED, "16");
  assert_cell (u, COL_CERTIFIED_10K, "16.0");
  assert_cell (u, COL_FULL_TIME, "20");
  assert_cell (u, COL_FULL_TIME_10K, "20.0");
  assert_cell (u, COL_SHARE, "80%");
  assert_cell (u, COL_NEW, "3");
  assert_cell (u, COL_SHORTFALLS, "1");
  assert_marks (u, COL_ORGS, -1);
  g_assert_cmpint (u->cells[COL_ORGS].type, ==, GJ_REPORT_CELL_INTEGER);
  g_assert_cmpfloat (u->cells[COL_ORGS].number, ==, 9);

  assert_cell (r, COL_ORGS, "3");
  assert_cell (r, COL_ORG_TARGET, "5");
  assert_cell (r, COL_TEAMS, "1");
  assert_cell (r, COL_WORKERS, "0");
  assert_cell (r, COL_CERTIFIED_10K, "0.0");
  assert_cell (r, COL_FULL_TIME_10K, "—");
  assert_cell (r, COL_SHARE, "—");
  assert_cell (r, COL_NEW, "0");
  assert_cell (r, COL_SHORTFALLS, "4");
  assert_marks (r, COL_ORGS, COL_TEAMS, COL_WORKERS, COL_CERTIFIED_10K, -1);

  /* The street: 13 of 15 organizations (the one of no community counts in
   * the street's total as in its summary, and in no community's row), 6 of
   * 10 teams, 12.8 certified per 10,000; 3 new organizations meet the
   * yearly 3. */
  assert_cell (total, COL_POPULATION, "12500");
  assert_cell (total, COL_ORGS, "13");
  g_assert_nonnull (strstr (text, "1 organizations, 0 volunteer teams, 0 social workers"));
  assert_cell (total, COL_ORG_TARGET, "15");
  assert_cell (total, COL_TEAMS, "6");
  assert_cell (total, COL_CERTIFIED_10K, "12.8");
  assert_cell (total, COL_FULL_TIME_10K, "20.0");
  assert_cell (total, COL_NEW, "3");
  assert_cell (total, COL_SHORTFALLS, "3");
  assert_marks (total, COL_ORGS, COL_TEAMS, COL_CERTIFIED_10K, -1);
}

static void
test_quarter (void)
{
  g_autoptr(GjStore) store = known_street ();
  g_autoptr(GjReport) q1 = report_for (store, "2026Q1");
  g_autoptr(GjReport) q2 = report_for (store, "2026Q2");
  g_autoptr(GjReport) q4 = report_for (store, "2026Q4");
  const GjReportRow *u, *total;
  const GjReportBlock *new_orgs;

  u = row_named (table (q1, "Indicators"), "东湖社区");
  total = g_ptr_array_index (table (q1, "Indicators")->rows, 2);
  assert_cell (u, COL_ORGS, "8");
  /* 10 February and 31 March, the quarter's last day. */
  assert_cell (u, COL_NEW, "2");
  /* A quarter has no target of its own for new organizations. */
  assert_cell (total, COL_NEW, "2");
  g_assert_false (total->cells[COL_NEW].mark & GJ_REPORT_MARK_SHORTFALL);

  new_orgs = table (q1, "New organizations");
  g_assert_nonnull (new_orgs);
  g_assert_cmpuint (new_orgs->rows->len, ==, 2);
  row_named (new_orgs, "东湖银龄互助会");
  g_assert_cmpint (((GjReportRow *) new_orgs->rows->pdata[0])->cells[4].type, ==,
                   GJ_REPORT_CELL_DATE);
  g_assert_cmpstr (((GjReportRow *) new_orgs->rows->pdata[0])->cells[4].iso, ==, "2026-02-10");
  g_assert_cmpstr (((GjReportRow *) new_orgs->rows->pdata[0])->cells[1].text, ==, "东湖社区");

  u = row_named (table (q2, "Indicators"), "东湖社区");
  assert_cell (u, COL_ORGS, "9");
  assert_cell (u, COL_NEW, "1");

  /* Nothing founded in the fourth quarter. */
  g_assert_null (table (q4, "New organizations"));
  g_assert_true (has_block (q4, GJ_REPORT_NOTICE, "No new organizations in this period."));
  u = row_named (table (q4, "Indicators"), "东湖社区");
  assert_cell (u, COL_NEW, "0");
}

static void
assert_stages (GjReport   *report,
               const char *applied,
               const char *admitted,
               const char *incubating,
               const char *evaluating,
               const char *graduated,
               const char *exited)
{
  const GjReportBlock *funnel = table (report, "Incubation funnel");

  assert_cell (row_named (funnel, "Applied"), 1, applied);
  assert_cell (row_named (funnel, "Admitted"), 1, admitted);
  assert_cell (row_named (funnel, "Incubating"), 1, incubating);
  assert_cell (row_named (funnel, "Evaluating"), 1, evaluating);
  assert_cell (row_named (funnel, "Graduated"), 1, graduated);
  assert_cell (row_named (funnel, "Exited"), 1, exited);
}

static void
test_incubation (void)
{
  g_autoptr(GjStore) store = known_street ();
  g_autoptr(GjReport) q1 = report_for (store, "2026Q1");
  g_autoptr(GjReport) year = report_for (store, "2026");
  g_autoptr(GjReport) early = report_for (store, "2024");
  const GjReportRow *moves;

  /* At the end of March the incubating one was still only admitted and
   * the one that graduated in November was being evaluated. */
  assert_stages (q1, "1", "1", "0", "1", "0", "1");
  assert_stages (year, "1", "0", "1", "0", "1", "1");
  moves = g_ptr_array_index (table (q1, "Incubation moves")->rows, 0);
  assert_cell (moves, 0, "2");
  assert_cell (moves, 1, "1");
  assert_cell (moves, 2, "0");
  assert_cell (moves, 3, "1");
  moves = g_ptr_array_index (table (year, "Incubation moves")->rows, 0);
  assert_cell (moves, 2, "1");
  assert_cell (moves, 3, "1");

  /* None had applied by the end of 2024. */
  g_assert_null (table (early, "Incubation funnel"));
  g_assert_true (has_block (early, GJ_REPORT_NOTICE, NULL));
}

static gint64
fen (const GjReportCell *cell)
{
  g_assert_cmpint (cell->type, ==, GJ_REPORT_CELL_MONEY);
  return llround (cell->number * 100);
}

static void
test_funds (void)
{
  g_autoptr(GjStore) store = known_street ();
  g_autoptr(GjReport) year = report_for (store, "2026");
  g_autoptr(GjReport) q1 = report_for (store, "2026Q1");
  const GjReportBlock *by_source = table (year, "Funds by source");
  const GjReportBlock *by_community = table (year, "Funds by community");
  const GjReportRow *row;

  g_assert_nonnull (by_source);
  row = row_named (by_source, "District charity venture fund");
  assert_cell (row, 1, "2");
  g_assert_cmpint (fen (&row->cells[2]), ==, 1123457);
  g_assert_cmpint (fen (&row->cells[3]), ==, 923506);
  g_assert_cmpint (fen (&row->cells[4]), ==, 199951);
  g_assert_cmpint (fen (&row->cells[5]), ==, 1123457);
  row = row_named (by_source, "Charity funds");
  g_assert_cmpint (fen (&row->cells[4]), ==, 500000);
  /* The project that ended in 2025 is not in 2026's figures. */
  row = g_ptr_array_index (by_source->rows, by_source->rows->len - 1);
  g_assert_true (row->mark & GJ_REPORT_MARK_TOTAL);
  assert_cell (row, 1, "3");
  g_assert_cmpint (fen (&row->cells[3]), ==, 923506);
  g_assert_cmpint (fen (&row->cells[4]), ==, 699951);
  g_assert_cmpint (fen (&row->cells[5]), ==, 1623457);

  row = row_named (by_community, "东湖社区");
  g_assert_cmpint (fen (&row->cells[3]), ==, 123456);
  row = row_named (by_community, "No community given");
  g_assert_cmpint (fen (&row->cells[3]), ==, 800050);
  row = g_ptr_array_index (by_community->rows, by_community->rows->len - 1);
  g_assert_cmpint (fen (&row->cells[5]), ==, 1623457);

  /* The charity project starts in June. */
  row = g_ptr_array_index (table (q1, "Funds by source")->rows,
                           table (q1, "Funds by source")->rows->len - 1);
  assert_cell (row, 1, "2");
  g_assert_cmpint (fen (&row->cells[4]), ==, 199951);

  /* The Overview's three charts. */
  g_assert_true (has_block (year, GJ_REPORT_CHART, "Organizations by Category"));
  g_assert_true (has_block (year, GJ_REPORT_CHART, "Incubation Funnel"));
  g_assert_true (has_block (year, GJ_REPORT_CHART, "Project Funds by Source"));
}

static void
test_sheets (void)
{
  g_autoptr(GjStore) store = known_street ();
  g_autoptr(GjReport) report = report_for (store, "2026");
  g_autoptr(GHashTable) names = g_hash_table_new (g_str_hash, g_str_equal);

  /* One sheet per table, each with its own name. */
  for (guint i = 0; i < gj_report_get_n_blocks (report); i++)
    {
      const GjReportBlock *b = gj_report_get_block (report, i);

      if (b->type != GJ_REPORT_TABLE)
        continue;
      g_assert_nonnull (b->sheet);
      g_assert_cmpuint (g_utf8_strlen (b->sheet, -1), <=, 31);
      g_assert_null (strpbrk (b->sheet, "[]:*?/\\"));
      g_assert_false (g_hash_table_contains (names, b->sheet));
      g_hash_table_add (names, b->sheet);
    }
  g_assert_cmpuint (g_hash_table_size (names), ==, 6);
}

static void
test_empty (void)
{
  g_autoptr(GjStore) store = gj_test_store_new ();
  g_autoptr(GjReport) report = report_for (store, "2026Q4");
  g_autoptr(GjStore) bare = gj_test_store_new ();
  g_autoptr(GjReport) bare_report = NULL;
  g_autofree char *id = NULL;

  g_assert_cmpuint (gj_report_get_n_blocks (report), ==, 1);
  g_assert_cmpint (gj_report_get_block (report, 0)->type, ==, GJ_REPORT_NOTICE);

  /* Records but no community: the indicator table says why it is not
   * there, the rest is reported. */
  id = gj_test_add (bare, "organization", "name", "组织", "category", "other", "legal_form",
                   "community_filed", "founded", "2026-10-01", NULL);
  bare_report = report_for (bare, "2026Q4");
  g_assert_null (table (bare_report, "Indicators"));
  g_assert_true (has_block (bare_report, GJ_REPORT_NOTICE, NULL));
  g_assert_nonnull (table (bare_report, "New organizations"));
}

static void
test_demo (void)
{
  g_autoptr(GjStore) store = gj_test_demo_store (7);
  g_autoptr(GjReport) report = report_for (store, "2026");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) stats = NULL;
  g_autofree char *text = gj_report_to_text (report);
  const GjReportBlock *ind = table (report, "Indicators");
  GjStatsRange range = { "2026-12-31", "2026-01-01", "2026-12-31", TRUE };
  guint orgs = 0;

  stats = gj_stats_compute_range (store, NULL, &range, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stats->len, >=, 9);
  g_assert_cmpuint (ind->rows->len, ==, stats->len);
  for (guint i = 0; i + 1 < stats->len; i++)
    {
      const GjCommunityStats *s = g_ptr_array_index (stats, i);
      const GjReportRow *row = row_named (ind, s->name);
      g_autofree char *n = g_strdup_printf ("%u", s->organizations);
      g_autofree char *shortfalls = g_strdup_printf ("%u", s->shortfalls);
      guint marked = 0;

      g_assert_nonnull (strstr (text, s->name));
      assert_cell (row, COL_ORGS, n);
      assert_cell (row, COL_SHORTFALLS, shortfalls);
      for (guint c = 0; c < row->n_cells; c++)
        marked += (row->cells[c].mark & GJ_REPORT_MARK_SHORTFALL) != 0;
      /* The last column counts the marks. */
      g_assert_cmpuint (marked, ==, s->shortfalls);
      orgs += s->organizations;
    }
  g_assert_cmpfloat (((GjReportRow *) g_ptr_array_index (ind->rows, ind->rows->len - 1))
                     ->cells[COL_ORGS].number, ==, orgs);
}

/* gj_stats_compute(), which the CLI's stats and the Overview show, still
 * counts everything stored whatever its date. */
static void
test_stats_now (void)
{
  g_autoptr(GjStore) store = known_street ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) stats = gj_stats_compute (store, NULL, 2027, &error);
  const GjCommunityStats *u;

  g_assert_no_error (error);
  u = g_ptr_array_index (stats, 0);
  g_assert_cmpuint (u->organizations, ==, 10);
  g_assert_cmpuint (u->teams, ==, 6);
  g_assert_cmpuint (u->new_orgs_this_year, ==, 1);
}

static char *
temp_file (char      **dir,
           const char *name)
{
  *dir = g_dir_make_tmp ("gj-report-indicators-XXXXXX", NULL);
  g_assert_nonnull (*dir);
  return g_build_filename (*dir, name, NULL);
}

static void
remove_temp (const char *dir,
             const char *path)
{
  g_assert_cmpint (g_remove (path), ==, 0);
  g_assert_cmpint (g_rmdir (dir), ==, 0);
}

/* Whether @word prints @text, a shortfall with the renderer's ▼. */
static gboolean
prints (const char *word,
        const char *text,
        gboolean    shortfall)
{
  g_autofree char *marked = g_strconcat ("▼", text, NULL);

  return g_str_equal (word, shortfall ? marked : text);
}

/* Whether every figure of @row is printed on the line of @name, right of
 * it. */
static gboolean
row_on_line (GArray              *words,
             const GjTestPdfWord *name,
             const GjReportRow   *row)
{
  for (guint c = COL_POPULATION; c < row->n_cells; c++)
    {
      gboolean found = FALSE;

      for (guint i = 0; i < words->len && !found; i++)
        {
          const GjTestPdfWord *w = &g_array_index (words, GjTestPdfWord, i);

          found = w->page == name->page && w->y_min < name->y_max && w->y_max > name->y_min &&
                  w->x_min > name->x_max &&
                  prints (w->word, row->cells[c].text,
                          row->cells[c].mark & GJ_REPORT_MARK_SHORTFALL);
        }
      if (!found)
        return FALSE;
    }
  return TRUE;
}

/* Each figure of each row of the indicator table is printed on the line
 * of its community's name, marked where it falls short. A name of several
 * words is found by its last. */
static void
assert_rows_printed (GArray              *words,
                     const GjReportBlock *ind)
{
  for (guint r = 0; r < ind->rows->len; r++)
    {
      const GjReportRow *row = g_ptr_array_index (ind->rows, r);
      const char *anchor = strrchr (row->cells[0].text, ' ');
      gboolean found = FALSE;

      anchor = anchor ? anchor + 1 : row->cells[0].text;
      for (guint i = 0; i < words->len && !found; i++)
        {
          const GjTestPdfWord *w = &g_array_index (words, GjTestPdfWord, i);

          found = g_str_equal (w->word, anchor) && row_on_line (words, w, row);
        }
      if (!found)
        g_error ("%s: its figures are not on its line in the PDF", row->cells[0].text);
    }
}

static void
test_pdf (void)
{
  g_autoptr(GjStore) store = gj_test_demo_store (3);
  g_autoptr(GjStore) known = known_street ();
  g_autoptr(GjStore) empty = gj_test_store_new ();
  g_autoptr(GjReport) report = report_for (store, "2026");
  g_autoptr(GjReport) known_report = report_for (known, "2026Q1");
  g_autoptr(GjReport) empty_report = report_for (empty, "2026");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = temp_file (&dir, "指标报告.pdf");
  g_autoptr(GArray) words = NULL;
  g_autofree char *text = NULL;

  g_assert_true (gj_report_write_pdf (report, path, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (gj_test_pdf_assert_no_blank_page (path), >=, 2);
  words = gj_test_pdf_words (path);
  assert_rows_printed (words, table (report, "Indicators"));
  g_clear_pointer (&words, g_array_unref);

  /* The hand-made street: its money to the fen and its new organizations. */
  g_assert_true (gj_report_write_pdf (known_report, path, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  gj_test_pdf_assert_no_blank_page (path);
  words = gj_test_pdf_words (path);
  assert_rows_printed (words, table (known_report, "Indicators"));
  text = gj_test_pdf_text (path);
  g_assert_nonnull (strstr (text, "东湖银龄互助会"));
  g_assert_nonnull (strstr (text, "10 February 2026"));
  g_assert_nonnull (strstr (text, "1,999.51"));
  g_assert_nonnull (strstr (text, "9,235.06"));
  g_clear_pointer (&text, g_free);

  /* The empty street: one page with its notice. */
  g_assert_true (gj_report_write_pdf (empty_report, path, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (gj_test_pdf_assert_no_blank_page (path), ==, 1);
  text = gj_test_pdf_text (path);
  g_assert_nonnull (strstr (text, "no indicators to report"));
  remove_temp (dir, path);
}

static GjSheet *
read_sheet (GjWorkbook *workbook,
            guint       index)
{
  g_autoptr(GError) error = NULL;
  GjSheet *sheet = gj_workbook_read_sheet (workbook, index, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  return sheet;
}

/* The row of @sheet whose first cell is @name. */
static guint
sheet_row (GjSheet    *sheet,
           const char *name)
{
  for (guint r = 0; r < gj_sheet_get_n_rows (sheet); r++)
    if (g_strcmp0 (gj_sheet_get_text (sheet, r, 0), name) == 0)
      return r;
  g_error ("no row %s in the sheet", name);
}

static void
test_xlsx (void)
{
  g_autoptr(GjStore) store = known_street ();
  g_autoptr(GjReport) report = report_for (store, "2026");
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = temp_file (&dir, "指标报告.xlsx");
  g_autoptr(GjWorkbook) workbook = NULL;
  g_autoptr(GjSheet) indicators = NULL;
  g_autoptr(GjSheet) funds = NULL;
  g_autoptr(GjSheet) new_orgs = NULL;
  guint n_tables = 0, r;

  g_assert_true (gj_report_write_xlsx (report, path, &error));
  g_assert_no_error (error);
  workbook = gj_workbook_open (path, &error);
  g_assert_no_error (error);

  /* One sheet per table, in order, named as the table says. */
  for (guint i = 0; i < gj_report_get_n_blocks (report); i++)
    {
      const GjReportBlock *b = gj_report_get_block (report, i);

      if (b->type != GJ_REPORT_TABLE)
        continue;
      g_assert_cmpstr (gj_workbook_get_sheet_name (workbook, n_tables), ==, b->sheet);
      n_tables++;
    }
  g_assert_cmpuint (gj_workbook_get_n_sheets (workbook), ==, n_tables);

  indicators = read_sheet (workbook, 0);
  g_assert_cmpuint (gj_sheet_get_n_rows (indicators), ==, 4);
  g_assert_cmpstr (gj_sheet_get_text (indicators, 0, COL_ORGS), ==, "Social organizations");
  r = sheet_row (indicators, "东湖社区");
  g_assert_cmpint (gj_sheet_get_cell_type (indicators, r, COL_ORGS), ==, GJ_SHEET_CELL_NUMBER);
  g_assert_cmpstr (gj_sheet_get_text (indicators, r, COL_ORGS), ==, "9");
  g_assert_cmpint (gj_sheet_get_cell_type (indicators, r, COL_POPULATION), ==,
                   GJ_SHEET_CELL_NUMBER);
  g_assert_cmpstr (gj_sheet_get_text (indicators, r, COL_POPULATION), ==, "10000");
  g_assert_cmpstr (gj_sheet_get_text (indicators, r, COL_SHARE), ==, "0.8");
  r = sheet_row (indicators, "Whole street");
  g_assert_cmpint (gj_sheet_get_cell_type (indicators, r, COL_CERTIFIED_10K), ==,
                   GJ_SHEET_CELL_NUMBER);
  g_assert_cmpstr (gj_sheet_get_text (indicators, r, COL_CERTIFIED_10K), ==, "12.8");

  new_orgs = read_sheet (workbook, 1);
  g_assert_cmpint (gj_sheet_get_cell_type (new_orgs, 1, 4), ==, GJ_SHEET_CELL_DATE);
  g_assert_cmpstr (gj_sheet_get_text (new_orgs, 1, 4), ==, "2026-02-10");

  funds = read_sheet (workbook, 4);
  r = sheet_row (funds, "District charity venture fund");
  g_assert_cmpint (gj_sheet_get_cell_type (funds, r, 3), ==, GJ_SHEET_CELL_NUMBER);
  g_assert_cmpstr (gj_sheet_get_text (funds, r, 3), ==, "9235.06");
  r = sheet_row (funds, "Total");
  g_assert_cmpstr (gj_sheet_get_text (funds, r, 5), ==, "16234.57");
  remove_temp (dir, path);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/report-indicators/year", test_year);
  g_test_add_func ("/report-indicators/quarter", test_quarter);
  g_test_add_func ("/report-indicators/incubation", test_incubation);
  g_test_add_func ("/report-indicators/funds", test_funds);
  g_test_add_func ("/report-indicators/sheets", test_sheets);
  g_test_add_func ("/report-indicators/empty", test_empty);
  g_test_add_func ("/report-indicators/demo", test_demo);
  g_test_add_func ("/report-indicators/stats-now", test_stats_now);
  g_test_add_func ("/report-indicators/pdf", test_pdf);
  g_test_add_func ("/report-indicators/xlsx", test_xlsx);
  return g_test_run ();
}
