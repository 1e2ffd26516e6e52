/* gj-overview-figures.c: the Overview's figures in a few SQL aggregates
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-overview-figures"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gj-overview-figures.h"
#include "gj-store-private.h"

/* The index of enum value @key of @kind's @field, or -1 for a value this
 * version does not know (a newer peer's) or one past the arrays' room. */
static int
enum_index (const char *kind,
            const char *field,
            const char *key)
{
  const GjField *f = gj_kind_field (gj_schema_lookup (kind), field);
  const GjEnumValue *v = key ? gj_field_enum_by_key (f, key) : NULL;

  if (v == NULL || v - f->values >= GJ_FIGURES_MAX_VALUES)
    return -1;
  return v - f->values;
}

static guint
n_values (const char *kind,
          const char *field)
{
  const GjField *f = gj_kind_field (gj_schema_lookup (kind), field);
  guint n = 0;

  while (f->values[n].key != NULL)
    n++;
  return MIN (n, GJ_FIGURES_MAX_VALUES);
}

static gboolean
done (GjStore       *store,
      sqlite3_stmt  *stmt,
      int            rc,
      GError       **error)
{
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return gj_store_sql_error (store, rc, error);
  return TRUE;
}

static gboolean
count_organizations (GjStore              *store,
                     const GjFiguresRange *range,
                     GjOverviewFigures    *out,
                     GError              **error)
{
  sqlite3_stmt *stmt;
  int rc;

  /* As in gj-stats.c: one without a founding date is counted. */
  stmt = gj_store_prepare (store, "SELECT category, count(*) FROM organization "
                           "WHERE deleted = 0 AND (?1 IS NULL OR founded IS NULL OR "
                           "founded <= ?1) GROUP BY category", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, range->as_of, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int i = enum_index ("organization", "category",
                          (const char *) sqlite3_column_text (stmt, 0));
      gint64 n = sqlite3_column_int64 (stmt, 1);

      out->n_organizations += n;
      if (i >= 0)
        out->by_category[i] += n;
    }
  return done (store, stmt, rc, error);
}

/* An incubation records the day of its application, of its admission and
 * of its latest move (stage_since), not every move: on a day before its
 * latest move it was in an earlier stage, which the dates tell only in
 * part. Before its admission it had applied; after it, the stage before
 * the present one is taken, at least "admitted" (graduating follows an
 * evaluation; an exit, which may come from any stage, is taken from
 * incubating). */
static gboolean
count_stages (GjStore              *store,
              const GjFiguresRange *range,
              GjOverviewFigures    *out,
              GError              **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = gj_store_prepare (store, "SELECT CASE "
                           "WHEN ?1 IS NULL OR stage_since IS NULL OR stage_since <= ?1 "
                           "THEN stage "
                           "WHEN admitted_on IS NULL OR admitted_on > ?1 THEN 'applied' "
                           "WHEN stage = 'incubating' THEN 'admitted' "
                           "WHEN stage = 'graduated' THEN 'evaluating' "
                           "ELSE 'incubating' END AS then_stage, count(*) "
                           "FROM incubation WHERE deleted = 0 AND (?1 IS NULL OR "
                           "coalesce(applied_on, admitted_on, stage_since) IS NULL OR "
                           "coalesce(applied_on, admitted_on, stage_since) <= ?1) "
                           "GROUP BY then_stage", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, range->as_of, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *stage = (const char *) sqlite3_column_text (stmt, 0);
      int i = enum_index ("incubation", "stage", stage);
      gint64 n = sqlite3_column_int64 (stmt, 1);

      if (i < 0)
        continue;
      out->by_stage[i] += n;
      if (gj_overview_figures_is_incubating (stage))
        out->n_incubating += n;
    }
  return done (store, stmt, rc, error);
}

static gboolean
sum_projects (GjStore              *store,
              const GjFiguresRange *range,
              GjOverviewFigures    *out,
              GError              **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = gj_store_prepare (store, "SELECT funding, count(*), coalesce(sum(budget), 0), "
                           "coalesce(sum(gov_funds), 0), coalesce(sum(social_funds), 0) "
                           "FROM project WHERE deleted = 0 "
                           "AND (?1 IS NULL OR start_on IS NULL OR start_on <= ?1) "
                           "AND (?2 IS NULL OR end_on IS NULL OR end_on >= ?2) "
                           "GROUP BY funding", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, range->as_of, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, range->since, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      int i = enum_index ("project", "funding", (const char *) sqlite3_column_text (stmt, 0));
      gint64 n = sqlite3_column_int64 (stmt, 1);

      out->n_projects += n;
      if (i >= 0)
        {
          out->projects_by_funding[i] += n;
          out->budget_by_funding[i] += sqlite3_column_int64 (stmt, 2);
          out->gov_by_funding[i] += sqlite3_column_int64 (stmt, 3);
          out->social_by_funding[i] += sqlite3_column_int64 (stmt, 4);
        }
      else
        {
          out->projects_unfunded += n;
          out->budget_unfunded += sqlite3_column_int64 (stmt, 2);
          out->gov_unfunded += sqlite3_column_int64 (stmt, 3);
          out->social_unfunded += sqlite3_column_int64 (stmt, 4);
        }
    }
  return done (store, stmt, rc, error);
}

static gboolean
count_one (GjStore     *store,
           const char  *sql,
           const char  *as_of,
           gint64      *out,
           GError     **error)
{
  sqlite3_stmt *stmt = gj_store_prepare (store, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  if (sqlite3_bind_parameter_count (stmt) > 0)
    sqlite3_bind_text (stmt, 1, as_of, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *out = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    return gj_store_sql_error (store, rc, error);
  return TRUE;
}

gboolean
gj_overview_figures_compute (GjStore              *store,
                             const GjFiguresRange *range,
                             GjOverviewFigures    *out,
                             GError              **error)
{
  static const GjFiguresRange now = { NULL, NULL };

  g_return_val_if_fail (GJ_IS_STORE (store), FALSE);
  g_return_val_if_fail (out != NULL, FALSE);

  if (range == NULL)
    range = &now;
  memset (out, 0, sizeof *out);
  out->n_categories = n_values ("organization", "category");
  out->n_stages = n_values ("incubation", "stage");
  out->n_fundings = n_values ("project", "funding");

  /* An agreement's status has no history: those in force now. */
  return count_organizations (store, range, out, error) &&
         count_stages (store, range, out, error) &&
         sum_projects (store, range, out, error) &&
         count_one (store, "SELECT count(*) FROM agreement WHERE deleted = 0 AND "
                    "status = 'in_force'", NULL, &out->n_in_force, error) &&
         count_one (store, "SELECT count(*) FROM volunteer WHERE deleted = 0 AND "
                    "(?1 IS NULL OR joined IS NULL OR joined <= ?1)", range->as_of,
                    &out->n_volunteers, error);
}

gboolean
gj_overview_figures_is_incubating (const char *stage)
{
  return g_strcmp0 (stage, "admitted") == 0 || g_strcmp0 (stage, "incubating") == 0 ||
         g_strcmp0 (stage, "evaluating") == 0;
}

GPtrArray *
gj_overview_figures_labels (const char *kind,
                            const char *field,
                            guint       n)
{
  const GjField *f = gj_kind_field (gj_schema_lookup (kind), field);
  GPtrArray *labels = g_ptr_array_new ();

  g_return_val_if_fail (f != NULL && f->values != NULL, labels);
  for (guint i = 0; i < n && f->values[i].key != NULL; i++)
    g_ptr_array_add (labels, (gpointer) _(f->values[i].label));
  return labels;
}
