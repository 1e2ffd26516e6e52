/* gj-stats.c: the indicators of DESIGN.md §2 per community
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-stats"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gj-data-error.h"
#include "gj-stats.h"
#include "gj-store-private.h"

void
gj_targets_init_defaults (GjTargets *t)
{
  t->orgs_per_urban_community = 10;
  t->orgs_per_rural_community = 5;
  t->teams_per_community = 5;
  t->workers_per_community = 1;
  t->certified_per_10k = 16;
  t->full_time_per_10k_urban = 18;
  t->full_time_certified_share = 0.70;
  t->new_orgs_per_year_min = 3;
}

void
gj_community_stats_free (GjCommunityStats *s)
{
  if (s == NULL)
    return;
  g_free (s->community_id);
  g_free (s->name);
  g_free (s->type);
  g_free (s);
}

/* The certificates that count as certified (助理社会工作师 and above). */
#define CERTIFIED "certificate IN ('assistant', 'social_worker', 'senior')"

static double
per_10k (guint n,
         gint64 population)
{
  return population > 0 ? (double) n * 10000.0 / (double) population : 0;
}

void
gj_stats_shortfalls (const GjCommunityStats *s,
                     const GjTargets        *t,
                     gboolean                yearly,
                     GjStatsShortfalls      *out)
{
  g_return_if_fail (s != NULL && t != NULL && out != NULL);

  out->organizations = s->organizations < s->organizations_target;
  out->teams = s->teams < s->teams_target;
  out->workers = s->workers < s->workers_target;
  out->certified_per_10k = s->certified_per_10k < s->certified_target;
  out->full_time_per_10k = s->urban && s->full_time_per_10k < t->full_time_per_10k_urban;
  /* A community without full-time workers already falls short on their
   * number; their certified share of none is not a second shortfall. */
  out->full_time_certified_share = s->urban && s->full_time > 0 &&
                                   s->full_time_certified_share < t->full_time_certified_share;
  /* The target for new organizations is the street's, and a year's. */
  out->new_orgs = yearly && s->community_id == NULL &&
                  s->new_orgs_this_year < t->new_orgs_per_year_min;
}

static void
score (GjCommunityStats *s,
       const GjTargets  *t,
       gboolean          yearly)
{
  GjStatsShortfalls f;

  gj_stats_shortfalls (s, t, yearly, &f);
  s->shortfalls = f.organizations + f.teams + f.workers + f.certified_per_10k +
                  f.full_time_per_10k + f.full_time_certified_share + f.new_orgs;
}

/* What one community's records add up to. */
typedef struct
{
  guint organizations;
  guint new_orgs;
  guint teams;
  guint workers;
  guint certified;
  guint full_time;
  guint full_time_certified;
} Counts;

/* A record that names no community, or one that is not among the
 * street's (deleted, or not synced yet), counts in @unassigned: it is
 * still the street's, and the street's total counts it. */
static Counts *
counts_for (GHashTable *by_community,
            Counts     *unassigned,
            const char *community_id)
{
  Counts *c = community_id ? g_hash_table_lookup (by_community, community_id) : NULL;

  return c ? c : unassigned;
}

/* Each kind is counted in one pass grouped by community, so the cost is
 * one scan of each table however many communities the street has. Counts
 * add up, as several unknown communities share @unassigned. */
static gboolean
count_kinds (GjStore            *self,
             const GjStatsRange *range,
             GHashTable         *by_community,
             Counts             *unassigned,
             GError            **error)
{
  sqlite3_stmt *stmt;
  int rc;

  /* An organization founded after the day counted did not exist yet; one
   * without a founding date is counted, as nothing says it came later. */
  stmt = gj_store_prepare (self, "SELECT community_id, count(*), "
                           "count(CASE WHEN founded BETWEEN ?1 AND ?2 THEN 1 END) "
                           "FROM organization WHERE deleted = 0 AND "
                           "(?3 IS NULL OR founded IS NULL OR founded <= ?3) "
                           "GROUP BY community_id", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, range->first, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, range->last, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, range->as_of, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Counts *c = counts_for (by_community, unassigned,
                              (const char *) sqlite3_column_text (stmt, 0));

      c->organizations += sqlite3_column_int64 (stmt, 1);
      c->new_orgs += sqlite3_column_int64 (stmt, 2);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return gj_store_sql_error (self, rc, error);

  /* Teams likewise, by the day they were founded. */
  stmt = gj_store_prepare (self, "SELECT community_id, count(*) FROM volunteer_team "
                           "WHERE deleted = 0 AND (?1 IS NULL OR founded IS NULL OR "
                           "founded <= ?1) GROUP BY community_id", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, range->as_of, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Counts *c = counts_for (by_community, unassigned,
                              (const char *) sqlite3_column_text (stmt, 0));

      c->teams += sqlite3_column_int64 (stmt, 1);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return gj_store_sql_error (self, rc, error);

  /* A social worker record has no date (not when the person started, nor
   * when the certificate was obtained): social workers are counted as they
   * are stored now, whatever the day. */
  stmt = gj_store_prepare (self, "SELECT community_id, count(*), "
                           "count(CASE WHEN " CERTIFIED " THEN 1 END), "
                           "count(CASE WHEN full_time = 1 THEN 1 END), "
                           "count(CASE WHEN full_time = 1 AND " CERTIFIED " THEN 1 END) "
                           "FROM social_worker WHERE deleted = 0 GROUP BY community_id", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Counts *c = counts_for (by_community, unassigned,
                              (const char *) sqlite3_column_text (stmt, 0));

      c->workers += sqlite3_column_int64 (stmt, 1);
      c->certified += sqlite3_column_int64 (stmt, 2);
      c->full_time += sqlite3_column_int64 (stmt, 3);
      c->full_time_certified += sqlite3_column_int64 (stmt, 4);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return gj_store_sql_error (self, rc, error);
  return TRUE;
}

GPtrArray *
gj_stats_compute_range (GjStore            *self,
                        const GjTargets    *targets,
                        const GjStatsRange *range,
                        GError            **error)
{
  g_autoptr(GPtrArray) result = NULL;
  g_autoptr(GjCommunityStats) total = NULL;
  g_autoptr(GHashTable) by_community = NULL;
  g_autofree Counts *counts = NULL;
  GjTargets defaults;
  sqlite3_stmt *stmt;
  gint64 urban_pop_total = 0;
  guint ft_urban_total = 0, ft_cert_total = 0;
  int rc;

  g_return_val_if_fail (GJ_IS_STORE (self), NULL);
  g_return_val_if_fail (range != NULL && range->first != NULL && range->last != NULL, NULL);

  if (targets == NULL)
    {
      gj_targets_init_defaults (&defaults);
      targets = &defaults;
    }

  result = g_ptr_array_new_with_free_func ((GDestroyNotify) gj_community_stats_free);
  stmt = gj_store_prepare (self, "SELECT id, name, type, coalesce(population, 0), "
                           "coalesce(households, 0) FROM community WHERE deleted = 0 "
                           "ORDER BY name, id", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GjCommunityStats *s = g_new0 (GjCommunityStats, 1);

      s->community_id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      s->name = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      s->type = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      s->urban = g_strcmp0 (s->type, "rural") != 0;
      s->population = sqlite3_column_int64 (stmt, 3);
      s->households = sqlite3_column_int64 (stmt, 4);
      g_ptr_array_add (result, s);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      gj_store_sql_error (self, rc, error);
      return NULL;
    }

  counts = g_new0 (Counts, result->len + 1);
  by_community = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < result->len; i++)
    {
      GjCommunityStats *s = g_ptr_array_index (result, i);

      g_hash_table_insert (by_community, s->community_id, &counts[i]);
    }
  /* The slot past the communities' is for the records of none of them. */
  if (!count_kinds (self, range, by_community, &counts[result->len], error))
    return NULL;

  total = g_new0 (GjCommunityStats, 1);
  total->name = g_strdup (_("Whole street"));

  for (guint i = 0; i < result->len; i++)
    {
      GjCommunityStats *s = g_ptr_array_index (result, i);
      const Counts *c = &counts[i];

      s->organizations = c->organizations;
      s->organizations_target = s->urban ? targets->orgs_per_urban_community
                                         : targets->orgs_per_rural_community;
      s->teams = c->teams;
      s->teams_target = targets->teams_per_community;
      s->workers = c->workers;
      s->workers_target = targets->workers_per_community;
      s->certified = c->certified;
      s->certified_per_10k = per_10k (c->certified, s->population);
      s->certified_target = targets->certified_per_10k;
      s->full_time = c->full_time;
      s->full_time_per_10k = per_10k (c->full_time, s->population);
      s->full_time_certified_share = c->full_time > 0
                                     ? (double) c->full_time_certified / (double) c->full_time
                                     : 0;
      s->new_orgs_this_year = c->new_orgs;
      score (s, targets, range->yearly);

      total->population += s->population;
      total->households += s->households;
      total->organizations += s->organizations;
      total->organizations_target += s->organizations_target;
      total->teams += s->teams;
      total->teams_target += s->teams_target;
      total->workers += s->workers;
      total->workers_target += s->workers_target;
      total->certified += s->certified;
      total->full_time += s->full_time;
      total->new_orgs_this_year += s->new_orgs_this_year;
      if (s->urban)
        {
          urban_pop_total += s->population;
          ft_urban_total += c->full_time;
        }
      ft_cert_total += c->full_time_certified;
    }

  /* The street's records that name none of its communities are in no
   * community's row but in the street's total, so that the total is the
   * number of the street's organizations shown everywhere else. Their
   * full-time workers are in no urban community's rate. */
  {
    const Counts *u = &counts[result->len];

    total->unassigned_organizations = u->organizations;
    total->unassigned_teams = u->teams;
    total->unassigned_workers = u->workers;
    total->organizations += u->organizations;
    total->teams += u->teams;
    total->workers += u->workers;
    total->certified += u->certified;
    total->full_time += u->full_time;
    total->new_orgs_this_year += u->new_orgs;
    ft_cert_total += u->full_time_certified;
  }

  total->urban = urban_pop_total > 0;
  total->certified_per_10k = per_10k (total->certified, total->population);
  total->certified_target = targets->certified_per_10k;
  total->full_time_per_10k = per_10k (ft_urban_total, urban_pop_total);
  total->full_time_certified_share = total->full_time > 0
                                     ? (double) ft_cert_total / (double) total->full_time : 0;
  score (total, targets, range->yearly);
  g_ptr_array_add (result, g_steal_pointer (&total));
  return g_steal_pointer (&result);
}

GPtrArray *
gj_stats_compute (GjStore          *self,
                  const GjTargets  *targets,
                  int               year,
                  GError          **error)
{
  g_autofree char *first = g_strdup_printf ("%04d-01-01", year);
  g_autofree char *last = g_strdup_printf ("%04d-12-31", year);
  GjStatsRange range = { .as_of = NULL, .first = first, .last = last, .yearly = TRUE };

  return gj_stats_compute_range (self, targets, &range, error);
}

char *
gj_stats_unassigned_note (const GjCommunityStats *street)
{
  g_return_val_if_fail (street != NULL, NULL);

  if (street->unassigned_organizations + street->unassigned_teams +
      street->unassigned_workers == 0)
    return NULL;
  return g_strdup_printf (_("The whole street’s total includes records that name no community: "
                            "%u organizations, %u volunteer teams, %u social workers. "
                            "Choose their community to count them in its row."),
                          street->unassigned_organizations, street->unassigned_teams,
                          street->unassigned_workers);
}
