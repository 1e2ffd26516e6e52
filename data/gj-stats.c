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

static gint64
count_where (GjStore     *self,
             const char  *sql,
             const char  *community_id,
             const char  *extra,
             GError     **error)
{
  sqlite3_stmt *stmt = gj_store_prepare (self, sql, error);
  gint64 n = -1;
  int rc;

  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, community_id, -1, SQLITE_STATIC);
  if (extra != NULL)
    sqlite3_bind_text (stmt, 2, extra, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    gj_store_sql_error (self, rc, error);
  return n;
}

static double
per_10k (guint n,
         gint64 population)
{
  return population > 0 ? (double) n * 10000.0 / (double) population : 0;
}

static void
score (GjCommunityStats *s,
       const GjTargets  *t,
       gboolean          urban)
{
  s->shortfalls = 0;
  s->shortfalls += s->organizations < s->organizations_target;
  s->shortfalls += s->teams < s->teams_target;
  s->shortfalls += s->workers < s->workers_target;
  s->shortfalls += s->certified_per_10k < s->certified_target;
  if (urban)
    {
      s->shortfalls += s->full_time_per_10k < t->full_time_per_10k_urban;
      s->shortfalls += s->full_time > 0 &&
                       s->full_time_certified_share < t->full_time_certified_share;
    }
}

GPtrArray *
gj_stats_compute (GjStore          *self,
                  const GjTargets  *targets,
                  int               year,
                  GError          **error)
{
  g_autoptr(GPtrArray) result = NULL;
  g_autoptr(GjCommunityStats) total = NULL;
  g_autofree char *year_prefix = g_strdup_printf ("%04d-%%", year);
  GjTargets defaults;
  sqlite3_stmt *stmt;
  guint urban_pop_total = 0, ft_urban_total = 0, ft_cert_total = 0;
  int rc;

  g_return_val_if_fail (GJ_IS_STORE (self), NULL);

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

  total = g_new0 (GjCommunityStats, 1);
  total->name = g_strdup (_("Whole street"));

  for (guint i = 0; i < result->len; i++)
    {
      GjCommunityStats *s = g_ptr_array_index (result, i);
      gboolean urban = g_strcmp0 (s->type, "rural") != 0;
      gint64 orgs, teams, workers, cert, ft, ft_cert, new_orgs;

      orgs = count_where (self, "SELECT count(*) FROM organization WHERE deleted = 0 "
                          "AND community_id = ?", s->community_id, NULL, error);
      teams = count_where (self, "SELECT count(*) FROM volunteer_team WHERE deleted = 0 "
                           "AND community_id = ?", s->community_id, NULL, error);
      workers = count_where (self, "SELECT count(*) FROM social_worker WHERE deleted = 0 "
                             "AND community_id = ?", s->community_id, NULL, error);
      cert = count_where (self, "SELECT count(*) FROM social_worker WHERE deleted = 0 "
                          "AND community_id = ? AND certificate IN ('assistant', "
                          "'social_worker', 'senior')", s->community_id, NULL, error);
      ft = count_where (self, "SELECT count(*) FROM social_worker WHERE deleted = 0 "
                        "AND community_id = ? AND full_time = 1", s->community_id, NULL, error);
      ft_cert = count_where (self, "SELECT count(*) FROM social_worker WHERE deleted = 0 "
                             "AND community_id = ? AND full_time = 1 AND certificate IN "
                             "('assistant', 'social_worker', 'senior')", s->community_id,
                             NULL, error);
      new_orgs = count_where (self, "SELECT count(*) FROM organization WHERE deleted = 0 "
                              "AND community_id = ? AND founded LIKE ?", s->community_id,
                              year_prefix, error);
      if (orgs < 0 || teams < 0 || workers < 0 || cert < 0 || ft < 0 || ft_cert < 0 ||
          new_orgs < 0)
        return NULL;

      s->organizations = orgs;
      s->organizations_target = urban ? targets->orgs_per_urban_community
                                      : targets->orgs_per_rural_community;
      s->teams = teams;
      s->teams_target = targets->teams_per_community;
      s->workers = workers;
      s->workers_target = targets->workers_per_community;
      s->certified = cert;
      s->certified_per_10k = per_10k (cert, s->population);
      s->certified_target = targets->certified_per_10k;
      s->full_time = ft;
      s->full_time_per_10k = per_10k (ft, s->population);
      s->full_time_certified_share = ft > 0 ? (double) ft_cert / (double) ft : 0;
      s->new_orgs_this_year = new_orgs;
      score (s, targets, urban);

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
      if (urban)
        {
          urban_pop_total += s->population;
          ft_urban_total += ft;
        }
      ft_cert_total += ft_cert;
    }

  total->certified_per_10k = per_10k (total->certified, total->population);
  total->certified_target = targets->certified_per_10k;
  total->full_time_per_10k = per_10k (ft_urban_total, urban_pop_total);
  total->full_time_certified_share = total->full_time > 0
                                     ? (double) ft_cert_total / (double) total->full_time : 0;
  score (total, targets, urban_pop_total > 0);
  total->shortfalls += total->new_orgs_this_year < targets->new_orgs_per_year_min;
  g_ptr_array_add (result, g_steal_pointer (&total));
  return g_steal_pointer (&result);
}
