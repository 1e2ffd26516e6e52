/* gj-stats.h: the station's indicators against their targets
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gj-store.h"

G_BEGIN_DECLS

/* Defaults from the policy texts (DESIGN.md §2); the app keeps its own in
 * GSettings and passes them in. */
typedef struct
{
  guint  orgs_per_urban_community;        /* 10 */
  guint  orgs_per_rural_community;        /* 5 */
  guint  teams_per_community;             /* 5 */
  guint  workers_per_community;           /* 1 */
  double certified_per_10k;               /* 16 */
  double full_time_per_10k_urban;         /* 18 */
  double full_time_certified_share;       /* 0.70 */
  guint  new_orgs_per_year_min;           /* 3 */
} GjTargets;

void gj_targets_init_defaults (GjTargets *targets);

typedef struct
{
  char   *community_id;   /* NULL for the street's total row */
  char   *name;
  char   *type;           /* urban / rural */
  /* The urban indicators (full-time workers) apply: an urban community, or
   * a street with urban residents for the total. */
  gboolean urban;
  gint64  population;
  gint64  households;
  guint   organizations;
  guint   organizations_target;
  guint   teams;
  guint   teams_target;
  guint   workers;
  guint   workers_target;
  guint   certified;
  double  certified_per_10k;
  double  certified_target;
  guint   full_time;
  double  full_time_per_10k;      /* only meaningful for urban communities */
  double  full_time_certified_share;
  /* Founded within the year of gj_stats_compute(), or within the range of
   * gj_stats_compute_range(). */
  guint   new_orgs_this_year;
  guint   shortfalls;             /* how many indicators miss their target */
  /* In the street's total only: how many of its organizations, teams and
   * social workers name no community of the street (no community's row
   * counts them). */
  guint   unassigned_organizations;
  guint   unassigned_teams;
  guint   unassigned_workers;
} GjCommunityStats;

void       gj_community_stats_free (GjCommunityStats *stats);

/* One entry per community ordered by name, then one street total
 * (community_id NULL). @year is the year counted for new organizations. */
GPtrArray *gj_stats_compute (GjStore         *store,
                             const GjTargets *targets,
                             int              year,
                             GError         **error) G_GNUC_WARN_UNUSED_RESULT;

/* What gj_stats_compute_range() counts. */
typedef struct
{
  /* Counts what existed on this day (YYYY-MM-DD): a record dated after it
   * (an organization or a volunteer team founded later) is left out. NULL
   * counts everything stored, whatever its date. */
  const char *as_of;
  /* New organizations are those founded from @first to @last (YYYY-MM-DD,
   * both included). */
  const char *first;
  const char *last;
  /* The range is a whole year, so the street's yearly target for new
   * organizations applies to its total. */
  gboolean    yearly;
} GjStatsRange;

/* As gj_stats_compute(), over @range. */
GPtrArray *gj_stats_compute_range (GjStore            *store,
                                   const GjTargets    *targets,
                                   const GjStatsRange *range,
                                   GError            **error) G_GNUC_WARN_UNUSED_RESULT;

/* Whether each indicator of @stats misses its target, for the reports
 * that mark them; the same judgement as GjCommunityStats.shortfalls. */
typedef struct
{
  gboolean organizations;
  gboolean teams;
  gboolean workers;
  gboolean certified_per_10k;
  gboolean full_time_per_10k;
  gboolean full_time_certified_share;
  gboolean new_orgs;
} GjStatsShortfalls;

void       gj_stats_shortfalls    (const GjCommunityStats *stats,
                                   const GjTargets        *targets,
                                   gboolean                yearly,
                                   GjStatsShortfalls      *out);

/* What to say under a table of @street, the street's total row, when its
 * total counts records that name no community (translated), or NULL. */
char      *gj_stats_unassigned_note (const GjCommunityStats *street) G_GNUC_WARN_UNUSED_RESULT;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GjCommunityStats, gj_community_stats_free)

G_END_DECLS
