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
  guint   new_orgs_this_year;
  guint   shortfalls;             /* how many indicators miss their target */
} GjCommunityStats;

void       gj_community_stats_free (GjCommunityStats *stats);

/* One entry per community ordered by name, then one street total
 * (community_id NULL). @year is the year counted for new organizations. */
GPtrArray *gj_stats_compute (GjStore         *store,
                             const GjTargets *targets,
                             int              year,
                             GError         **error) G_GNUC_WARN_UNUSED_RESULT;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GjCommunityStats, gj_community_stats_free)

G_END_DECLS
