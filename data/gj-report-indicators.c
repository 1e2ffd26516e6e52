/* gj-report-indicators.c: the indicator report for a quarter or a year
 *
 * What the street hands the district each quarter and at year end: every
 * community's indicators against the policy texts' targets (DESIGN.md §2),
 * the organizations founded in the period, the incubation funnel and the
 * project funds, with the Overview's charts. Every figure is counted as of
 * the period's last day where the records carry a date (gj-stats.c and
 * gj-overview-figures.c say which do), all of it read in one read
 * transaction with a few SQL aggregates, so that a street of 100,000
 * records takes well under a second.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-reports"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gj-format.h"
#include "gj-overview-figures.h"
#include "gj-reports.h"
#include "gj-store-private.h"

typedef struct
{
  char *name;
  char *community;
  char *category;
  char *legal_form;
  char *founded;
} NewOrg;

typedef struct
{
  char   *community;   /* NULL: projects of no community */
  gint64  projects;
  gint64  budget;
  gint64  gov;
  gint64  social;
} CommunityFunds;

/* Everything the report shows, read before any of it is laid out. */
typedef struct
{
  char              *first;
  char              *last;
  GPtrArray         *stats;     /* GjCommunityStats, the street's total last */
  GjOverviewFigures  figures;
  GPtrArray         *new_orgs;  /* NewOrg */
  GPtrArray         *funds;     /* CommunityFunds */
  gint64             applied;   /* incubations moving in the period */
  gint64             admitted;
  gint64             graduated;
  gint64             exited;
  gint64             n_teams;
  gint64             n_workers;
  double             hours;     /* volunteer hours earned in the period */
} Indicators;

static void
new_org_free (NewOrg *o)
{
  g_free (o->name);
  g_free (o->community);
  g_free (o->category);
  g_free (o->legal_form);
  g_free (o->founded);
  g_free (o);
}

static void
community_funds_free (CommunityFunds *f)
{
  g_free (f->community);
  g_free (f);
}

static void
indicators_clear (Indicators *d)
{
  g_free (d->first);
  g_free (d->last);
  g_clear_pointer (&d->stats, g_ptr_array_unref);
  g_clear_pointer (&d->new_orgs, g_ptr_array_unref);
  g_clear_pointer (&d->funds, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Indicators, indicators_clear)

static char *
column_text (sqlite3_stmt *stmt,
             int           col)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, col));
}

/* @sql prepared with the period's first day bound to ?1 and its last to
 * ?2, as every read below takes them. */
static sqlite3_stmt *
prepare_period (GjStore     *store,
                const char  *sql,
                Indicators  *d,
                GError     **error)
{
  sqlite3_stmt *stmt = gj_store_prepare (store, sql, error);

  if (stmt != NULL)
    {
      sqlite3_bind_text (stmt, 1, d->first, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, d->last, -1, SQLITE_STATIC);
    }
  return stmt;
}

static gboolean
read_new_orgs (GjStore     *store,
               Indicators  *d,
               GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = prepare_period (store, "SELECT o.name, c.name, o.category, o.legal_form, o.founded "
                         "FROM organization o LEFT JOIN community c "
                         "ON c.id = o.community_id AND c.deleted = 0 "
                         "WHERE o.deleted = 0 AND o.founded BETWEEN ?1 AND ?2 "
                         "ORDER BY o.founded, o.name, o.id", d, error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      NewOrg *o = g_new0 (NewOrg, 1);

      o->name = column_text (stmt, 0);
      o->community = column_text (stmt, 1);
      o->category = column_text (stmt, 2);
      o->legal_form = column_text (stmt, 3);
      o->founded = column_text (stmt, 4);
      g_ptr_array_add (d->new_orgs, o);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return gj_store_sql_error (store, rc, error);
  return TRUE;
}

/* The projects running in the period, as gj-overview-figures.c counts
 * them, by community. */
static gboolean
read_funds (GjStore     *store,
            Indicators  *d,
            GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = prepare_period (store, "SELECT c.name, count(*), coalesce(sum(p.budget), 0), "
                         "coalesce(sum(p.gov_funds), 0), coalesce(sum(p.social_funds), 0) "
                         "FROM project p LEFT JOIN community c "
                         "ON c.id = p.community_id AND c.deleted = 0 "
                         "WHERE p.deleted = 0 "
                         "AND (p.start_on IS NULL OR p.start_on <= ?2) "
                         "AND (p.end_on IS NULL OR p.end_on >= ?1) "
                         "GROUP BY c.id ORDER BY c.id IS NULL, c.name, c.id", d, error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      CommunityFunds *f = g_new0 (CommunityFunds, 1);

      f->community = column_text (stmt, 0);
      f->projects = sqlite3_column_int64 (stmt, 1);
      f->budget = sqlite3_column_int64 (stmt, 2);
      f->gov = sqlite3_column_int64 (stmt, 3);
      f->social = sqlite3_column_int64 (stmt, 4);
      g_ptr_array_add (d->funds, f);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return gj_store_sql_error (store, rc, error);
  return TRUE;
}

/* Moves in the period by the dates they record: an application, an
 * admission into the base, a graduation (出壳) or an exit. */
static gboolean
read_incubation_moves (GjStore     *store,
                       Indicators  *d,
                       GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = prepare_period (store, "SELECT "
                         "count(CASE WHEN applied_on BETWEEN ?1 AND ?2 THEN 1 END), "
                         "count(CASE WHEN admitted_on BETWEEN ?1 AND ?2 THEN 1 END), "
                         "count(CASE WHEN stage = 'graduated' AND closed_on BETWEEN ?1 AND ?2 "
                         "THEN 1 END), "
                         "count(CASE WHEN stage = 'exited' AND closed_on BETWEEN ?1 AND ?2 "
                         "THEN 1 END) "
                         "FROM incubation WHERE deleted = 0", d, error);
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      d->applied = sqlite3_column_int64 (stmt, 0);
      d->admitted = sqlite3_column_int64 (stmt, 1);
      d->graduated = sqlite3_column_int64 (stmt, 2);
      d->exited = sqlite3_column_int64 (stmt, 3);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    return gj_store_sql_error (store, rc, error);
  return TRUE;
}

/* What tells an empty street from one with records: the teams founded by
 * the period's end, the social workers (counted as now: they carry no
 * date) and the volunteer hours earned in the period. */
static gboolean
read_street_counts (GjStore     *store,
                   Indicators  *d,
                   GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = prepare_period (store, "SELECT "
                         "(SELECT count(*) FROM volunteer_team WHERE deleted = 0 AND "
                         "(founded IS NULL OR founded <= ?2)), "
                         "(SELECT count(*) FROM social_worker WHERE deleted = 0), "
                         "(SELECT total(hours) FROM hours WHERE deleted = 0 AND kind = 'earn' "
                         "AND date BETWEEN ?1 AND ?2)", d, error);
  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      d->n_teams = sqlite3_column_int64 (stmt, 0);
      d->n_workers = sqlite3_column_int64 (stmt, 1);
      d->hours = sqlite3_column_double (stmt, 2);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    return gj_store_sql_error (store, rc, error);
  return TRUE;
}

static gboolean
read_all (GjStore         *store,
          const GjTargets *targets,
          const GjPeriod  *period,
          Indicators      *d,
          GError         **error)
{
  GjStatsRange range = { 0 };
  GjFiguresRange figures_range = { 0 };

  range.as_of = range.last = d->last;
  range.first = d->first;
  range.yearly = period->quarter == 0;
  figures_range.as_of = d->last;
  figures_range.since = d->first;
  d->stats = gj_stats_compute_range (store, targets, &range, error);
  return d->stats != NULL &&
         gj_overview_figures_compute (store, &figures_range, &d->figures, error) &&
         read_new_orgs (store, d, error) &&
         read_funds (store, d, error) &&
         read_incubation_moves (store, d, error) &&
         read_street_counts (store, d, error);
}

/* All the reads see one state of the database, even while the sync
 * worker writes: a deferred transaction holds its snapshot until its end.
 * Inside a caller's transaction the reads already share one. */
static gboolean
read_in_one_transaction (GjStore         *store,
                         const GjTargets *targets,
                         const GjPeriod  *period,
                         Indicators      *d,
                         GError         **error)
{
  gboolean began;
  gboolean ok;

  if (!gj_store_begin_read (store, &began, error))
    return FALSE;
  ok = read_all (store, targets, period, d, error);
  gj_store_end_read (store, began);
  return ok;
}

/* Layout */

static void
add_targets_text (GjReport        *report,
                  const GjTargets *t,
                  const char      *last)
{
  g_autofree char *day = gj_report_format_date (last);
  g_autofree char *targets = NULL;
  g_autofree char *as_of = NULL;

  /* TRANSLATORS: the targets of the policy texts, above the indicator table */
  targets = g_strdup_printf (_("Targets: at least %u social organizations per urban community and "
                               "%u per rural one, %u volunteer teams and %u social worker per "
                               "community, %.0f certified social workers per 10,000 residents, "
                               "%.0f full-time community workers per 10,000 urban residents of "
                               "whom %.0f%% certified, and %u new organizations a year for the "
                               "street. A figure below its target is marked."),
                             t->orgs_per_urban_community, t->orgs_per_rural_community,
                             t->teams_per_community, t->workers_per_community,
                             t->certified_per_10k, t->full_time_per_10k_urban,
                             t->full_time_certified_share * 100, t->new_orgs_per_year_min);
  gj_report_add_paragraph (report, targets);
  /* TRANSLATORS: %s is the period's last day, 2026年12月31日 */
  as_of = g_strdup_printf (_("Organizations and volunteer teams are counted as of %s, by the "
                             "day they were founded; social workers, whose records carry no "
                             "dates, as they are recorded today."), day);
  gj_report_add_paragraph (report, as_of);
}

static void
add_marked_integer (GjReport *report,
                    gint64    value,
                    gboolean  shortfall)
{
  gj_report_add_integer (report, value);
  if (shortfall)
    gj_report_mark_cell (report, GJ_REPORT_MARK_SHORTFALL);
}

static void
add_marked_number (GjReport *report,
                   double    value,
                   gboolean  shortfall)
{
  gj_report_add_number (report, value, 1);
  if (shortfall)
    gj_report_mark_cell (report, GJ_REPORT_MARK_SHORTFALL);
}

static void
add_indicator_table (GjReport        *report,
                     Indicators      *d,
                     const GjTargets *targets,
                     gboolean         yearly)
{
  static const struct { const char *header; double width; gboolean numeric; } columns[] = {
    { N_("Community"), 1.8, FALSE },
    { N_("Type"), 1.7, FALSE },
    { N_("Resident population"), 1.2, TRUE },
    { N_("Social organizations"), 1.1, TRUE },
    { N_("Organization target"), 1.0, TRUE },
    { N_("Volunteer teams"), 1.0, TRUE },
    { N_("Social workers"), 1.0, TRUE },
    { N_("Certified social workers"), 1.1, TRUE },
    { N_("Certified per 10,000"), 1.1, TRUE },
    { N_("Full-time workers"), 1.0, TRUE },
    { N_("Full-time per 10,000"), 1.1, TRUE },
    { N_("Full-time certified share"), 1.1, TRUE },
    { N_("New organizations"), 1.1, TRUE },
    { N_("Below target"), 0.9, TRUE },
  };
  const GjKind *community = gj_schema_lookup ("community");

  /* The heading above names the table. TRANSLATORS: the sheet names of
   * the report's tables in a spreadsheet: at most 31 characters, none of
   * []:*?/\ */
  gj_report_begin_table (report, NULL, _("Indicators"));
  for (guint c = 0; c < G_N_ELEMENTS (columns); c++)
    gj_report_add_column (report, _(columns[c].header), columns[c].width, columns[c].numeric);

  for (guint r = 0; r < d->stats->len; r++)
    {
      const GjCommunityStats *s = g_ptr_array_index (d->stats, r);
      gboolean total = s->community_id == NULL;
      GjStatsShortfalls f;

      gj_stats_shortfalls (s, targets, yearly, &f);
      gj_report_add_row (report, total ? GJ_REPORT_MARK_TOTAL : GJ_REPORT_MARK_NONE);
      gj_report_add_text (report, s->name);
      gj_report_add_text (report, total ? "" : gj_format_enum_label (community, "type", s->type));
      gj_report_add_integer (report, s->population);
      add_marked_integer (report, s->organizations, f.organizations);
      gj_report_add_integer (report, s->organizations_target);
      add_marked_integer (report, s->teams, f.teams);
      add_marked_integer (report, s->workers, f.workers);
      gj_report_add_integer (report, s->certified);
      add_marked_number (report, s->certified_per_10k, f.certified_per_10k);
      gj_report_add_integer (report, s->full_time);
      /* The full-time target is for urban residents only. */
      if (s->urban)
        add_marked_number (report, s->full_time_per_10k, f.full_time_per_10k);
      else
        gj_report_add_text (report, "—");
      if (s->full_time > 0)
        {
          gj_report_add_percent (report, s->full_time_certified_share);
          if (f.full_time_certified_share)
            gj_report_mark_cell (report, GJ_REPORT_MARK_SHORTFALL);
        }
      else
        gj_report_add_text (report, "—");
      add_marked_integer (report, s->new_orgs_this_year, f.new_orgs);
      gj_report_add_integer (report, s->shortfalls);
    }
}

static void
add_new_orgs (GjReport   *report,
              Indicators *d)
{
  const GjKind *org = gj_schema_lookup ("organization");

  gj_report_add_heading (report, 2, _("New Organizations in the Period"));
  if (d->new_orgs->len == 0)
    {
      gj_report_add_notice (report, _("No new organizations in this period."));
      return;
    }
  gj_report_begin_table (report, NULL, _("New organizations"));
  gj_report_add_column (report, _("Name"), 3, FALSE);
  gj_report_add_column (report, _("Community"), 1.6, FALSE);
  gj_report_add_column (report, _("Category"), 1.4, FALSE);
  gj_report_add_column (report, _("Legal form"), 1.6, FALSE);
  gj_report_add_column (report, _("Founded"), 1.4, FALSE);
  for (guint i = 0; i < d->new_orgs->len; i++)
    {
      const NewOrg *o = g_ptr_array_index (d->new_orgs, i);

      gj_report_add_row (report, GJ_REPORT_MARK_NONE);
      gj_report_add_text (report, o->name);
      gj_report_add_text (report, o->community ? o->community : "");
      gj_report_add_text (report, gj_format_enum_label (org, "category", o->category));
      gj_report_add_text (report, gj_format_enum_label (org, "legal_form", o->legal_form));
      gj_report_add_date (report, o->founded);
    }
}

static void
add_category_chart (GjReport          *report,
                    GjOverviewFigures *fig)
{
  g_autoptr(GPtrArray) labels =
    gj_overview_figures_labels ("organization", "category", fig->n_categories);
  double values[GJ_FIGURES_MAX_VALUES];

  if (fig->n_organizations == 0)
    return;
  for (guint i = 0; i < fig->n_categories; i++)
    values[i] = fig->by_category[i];
  gj_report_add_chart (report, GJ_REPORT_CHART_BARS, _("Organizations by Category"),
                       fig->n_categories, (const char *const *) labels->pdata, values, NULL,
                       NULL, NULL);
}

static void
add_incubation (GjReport   *report,
                Indicators *d)
{
  GjOverviewFigures *fig = &d->figures;
  const GjField *stage = gj_kind_field (gj_schema_lookup ("incubation"), "stage");
  g_autoptr(GPtrArray) labels =
    gj_overview_figures_labels ("incubation", "stage", fig->n_stages);
  double values[GJ_FIGURES_MAX_VALUES];
  gint64 n = 0;

  gj_report_add_heading (report, 2, _("Incubation"));
  for (guint i = 0; i < fig->n_stages; i++)
    n += fig->by_stage[i];
  if (n == 0 && d->applied + d->admitted + d->graduated + d->exited == 0)
    {
      gj_report_add_notice (report, _("No organization had entered the incubation base by the "
                                      "end of this period."));
      return;
    }

  gj_report_begin_table (report, _("Incubations by Stage at the End of the Period"),
                         _("Incubation funnel"));
  gj_report_add_column (report, _("Stage"), 2, FALSE);
  gj_report_add_column (report, _("Incubations"), 1, TRUE);
  for (guint i = 0; i < fig->n_stages; i++)
    {
      gj_report_add_row (report, GJ_REPORT_MARK_NONE);
      gj_report_add_text (report, _(stage->values[i].label));
      gj_report_add_integer (report, fig->by_stage[i]);
      values[i] = fig->by_stage[i];
    }
  gj_report_add_row (report, GJ_REPORT_MARK_TOTAL);
  gj_report_add_text (report, _("Total"));
  gj_report_add_integer (report, n);

  gj_report_begin_table (report, _("Moves in the Period"), _("Incubation moves"));
  gj_report_add_column (report, _("Applied"), 1, TRUE);
  gj_report_add_column (report, _("Admitted into the base"), 1, TRUE);
  gj_report_add_column (report, _("Graduated"), 1, TRUE);
  gj_report_add_column (report, _("Exited"), 1, TRUE);
  gj_report_add_row (report, GJ_REPORT_MARK_NONE);
  gj_report_add_integer (report, d->applied);
  gj_report_add_integer (report, d->admitted);
  gj_report_add_integer (report, d->graduated);
  gj_report_add_integer (report, d->exited);

  if (n > 0)
    gj_report_add_chart (report, GJ_REPORT_CHART_FUNNEL, _("Incubation Funnel"), fig->n_stages,
                         (const char *const *) labels->pdata, values, NULL, NULL, NULL);
}

static void
add_money_row (GjReport     *report,
               GjReportMark  mark,
               const char   *label,
               gint64        projects,
               gint64        budget,
               gint64        gov,
               gint64        social)
{
  gj_report_add_row (report, mark);
  gj_report_add_text (report, label);
  gj_report_add_integer (report, projects);
  gj_report_add_money (report, budget);
  gj_report_add_money (report, gov);
  gj_report_add_money (report, social);
  gj_report_add_money (report, gov + social);
}

static void
begin_money_table (GjReport   *report,
                   const char *title,
                   const char *sheet,
                   const char *first_header)
{
  gj_report_begin_table (report, title, sheet);
  gj_report_add_column (report, first_header, 2.4, FALSE);
  gj_report_add_column (report, _("Projects"), 0.8, TRUE);
  gj_report_add_column (report, _("Budget (yuan)"), 1.3, TRUE);
  gj_report_add_column (report, _("Government funds (yuan)"), 1.3, TRUE);
  gj_report_add_column (report, _("Leveraged social funds (yuan)"), 1.3, TRUE);
  gj_report_add_column (report, _("Funds in all (yuan)"), 1.3, TRUE);
}

static void
add_funds (GjReport   *report,
           Indicators *d)
{
  GjOverviewFigures *fig = &d->figures;
  const GjField *funding = gj_kind_field (gj_schema_lookup ("project"), "funding");
  g_autoptr(GPtrArray) labels =
    gj_overview_figures_labels ("project", "funding", fig->n_fundings);
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  double gov[GJ_FIGURES_MAX_VALUES], social[GJ_FIGURES_MAX_VALUES];
  const char *series[] = { _("Government"), _("Leveraged social funds") };
  gint64 projects = fig->projects_unfunded, budget = fig->budget_unfunded;
  gint64 gov_total = fig->gov_unfunded, social_total = fig->social_unfunded;

  gj_report_add_heading (report, 2, _("Project Funds"));
  if (fig->n_projects == 0)
    {
      gj_report_add_notice (report, _("No project ran in this period."));
      return;
    }

  begin_money_table (report, _("By Funding Source"), _("Funds by source"),
                     _("Funding source"));
  for (guint i = 0; i < fig->n_fundings; i++)
    {
      add_money_row (report, GJ_REPORT_MARK_NONE, _(funding->values[i].label),
                     fig->projects_by_funding[i], fig->budget_by_funding[i],
                     fig->gov_by_funding[i], fig->social_by_funding[i]);
      projects += fig->projects_by_funding[i];
      budget += fig->budget_by_funding[i];
      gov_total += fig->gov_by_funding[i];
      social_total += fig->social_by_funding[i];
    }
  if (fig->projects_unfunded > 0)
    add_money_row (report, GJ_REPORT_MARK_NONE, _("Funding source not given or unknown"),
                   fig->projects_unfunded, fig->budget_unfunded, fig->gov_unfunded,
                   fig->social_unfunded);
  add_money_row (report, GJ_REPORT_MARK_TOTAL, _("Total"), projects, budget, gov_total,
                 social_total);

  begin_money_table (report, _("By Community"), _("Funds by community"),
                     _("Community"));
  for (guint i = 0; i < d->funds->len; i++)
    {
      const CommunityFunds *f = g_ptr_array_index (d->funds, i);

      add_money_row (report, GJ_REPORT_MARK_NONE,
                     f->community ? f->community : _("No community given"), f->projects,
                     f->budget, f->gov, f->social);
    }
  add_money_row (report, GJ_REPORT_MARK_TOTAL, _("Total"), projects, budget, gov_total,
                 social_total);

  /* As the Overview draws it: yuan, the sum written at the bar's end. */
  for (guint i = 0; i < fig->n_fundings; i++)
    {
      gov[i] = fig->gov_by_funding[i] / 100.0;
      social[i] = fig->social_by_funding[i] / 100.0;
      g_ptr_array_add (texts, gj_format_yuan_short (fig->gov_by_funding[i] +
                                                    fig->social_by_funding[i]));
    }
  gj_report_add_chart (report, GJ_REPORT_CHART_STACKED, _("Project Funds by Source"),
                       fig->n_fundings, (const char *const *) labels->pdata, gov, social,
                       (const char *const *) texts->pdata, series);
}

static void
add_summary (GjReport   *report,
             Indicators *d)
{
  const GjCommunityStats *total = g_ptr_array_index (d->stats, d->stats->len - 1);
  g_autofree char *communities = g_strdup_printf ("%u", d->stats->len - 1);
  g_autofree char *population = g_strdup_printf ("%" G_GINT64_FORMAT, total->population);
  g_autofree char *orgs = g_strdup_printf ("%" G_GINT64_FORMAT, d->figures.n_organizations);
  g_autofree char *incubating = g_strdup_printf ("%" G_GINT64_FORMAT, d->figures.n_incubating);
  g_autofree char *projects = g_strdup_printf ("%" G_GINT64_FORMAT, d->figures.n_projects);
  g_autofree char *volunteers = g_strdup_printf ("%" G_GINT64_FORMAT, d->figures.n_volunteers);
  g_autofree char *hours = g_strdup_printf ("%.1f", d->hours);

  gj_report_add_fact (report, _("Communities"), communities);
  gj_report_add_fact (report, _("Resident population"), population);
  gj_report_add_fact (report, _("Social organizations"), orgs);
  gj_report_add_fact (report, _("Organizations in incubation"), incubating);
  gj_report_add_fact (report, _("Projects running in the period"), projects);
  gj_report_add_fact (report, _("Volunteers"), volunteers);
  gj_report_add_fact (report, _("Volunteer hours earned in the period"), hours);
}

/* No community and none of the records the report counts: nothing to
 * tabulate at all. */
static gboolean
street_is_empty (Indicators *d)
{
  return d->stats->len <= 1 &&
         d->figures.n_organizations == 0 && d->figures.n_projects == 0 &&
         d->figures.n_volunteers == 0 && d->n_teams == 0 && d->n_workers == 0 &&
         d->applied + d->admitted + d->graduated + d->exited == 0 && d->hours == 0;
}

GjReport *
gj_reports_indicators (GjStore         *store,
                       const GjTargets *targets,
                       const GjPeriod  *period,
                       GError         **error)
{
  g_auto(Indicators) d = { 0 };
  g_autoptr(GjReport) report = NULL;
  g_autofree char *station = NULL;
  g_autofree char *period_text = NULL;
  GjTargets defaults;
  gboolean yearly;

  g_return_val_if_fail (GJ_IS_STORE (store), NULL);
  g_return_val_if_fail (period != NULL && period->quarter >= 0 && period->quarter <= 4, NULL);

  if (targets == NULL)
    {
      gj_targets_init_defaults (&defaults);
      targets = &defaults;
    }
  yearly = period->quarter == 0;
  gj_period_bounds (period, &d.first, &d.last);
  d.new_orgs = g_ptr_array_new_with_free_func ((GDestroyNotify) new_org_free);
  d.funds = g_ptr_array_new_with_free_func ((GDestroyNotify) community_funds_free);
  if (!read_in_one_transaction (store, targets, period, &d, error))
    return NULL;

  station = gj_reports_station_name (store);
  period_text = gj_period_format (period);
  /* TRANSLATORS: the indicator report's title; zh_CN: 社会组织和社会工作发展指标报告 */
  report = gj_report_new (_("Social Organization and Social Work Development Indicators"),
                          station, period_text);
  gj_report_set_landscape (report, TRUE);

  if (street_is_empty (&d))
    {
      gj_report_add_notice (report, _("This street has no communities and no records yet, so "
                                      "there are no indicators to report. Add its communities "
                                      "and organizations, or import their ledgers, first."));
      return g_steal_pointer (&report);
    }

  add_summary (report, &d);
  gj_report_add_heading (report, 1, _("Indicators by Community"));
  if (d.stats->len <= 1)
    gj_report_add_notice (report, _("This street has no communities yet: the indicators are "
                                    "counted per community. Add its communities first."));
  else
    {
      g_autofree char *note = gj_stats_unassigned_note (g_ptr_array_index (d.stats,
                                                                          d.stats->len - 1));

      add_targets_text (report, targets, d.last);
      add_indicator_table (report, &d, targets, yearly);
      /* Why the street's total is more than its rows add up to. */
      if (note != NULL)
        gj_report_add_paragraph (report, note);
    }
  add_new_orgs (report, &d);
  add_category_chart (report, &d.figures);
  add_incubation (report, &d);
  add_funds (report, &d);
  return g_steal_pointer (&report);
}
