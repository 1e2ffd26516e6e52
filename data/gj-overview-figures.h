/* gj-overview-figures.h: the figures behind the Overview's tiles and charts
 *
 * Computed once here for the Overview page and the indicator report alike,
 * each with a handful of SQL aggregates, so that neither loads records to
 * count them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gj-store.h"

G_BEGIN_DECLS

/* Room for the values of the enums counted (8 categories, 6 stages, 6
 * sources today). A value past it, or one this version does not know (a
 * newer peer's), counts only in the totals, and a project's funding with
 * the projects that name none. */
#define GJ_FIGURES_MAX_VALUES 16

typedef struct
{
  gint64 n_organizations;
  /* Incubations in a stage gj_overview_figures_is_incubating() names:
   * the sum of those stages' bars in the funnel (by_stage). */
  gint64 n_incubating;
  gint64 n_projects;
  gint64 n_in_force;        /* agreements in force */
  gint64 n_volunteers;

  /* Indexed as the values of the organization's category, the incubation's
   * stage and the project's funding in the schema (n_* of them). */
  guint  n_categories;
  gint64 by_category[GJ_FIGURES_MAX_VALUES];
  guint  n_stages;
  gint64 by_stage[GJ_FIGURES_MAX_VALUES];
  guint  n_fundings;
  gint64 projects_by_funding[GJ_FIGURES_MAX_VALUES];
  /* Sums of money in fen, exact. */
  gint64 budget_by_funding[GJ_FIGURES_MAX_VALUES];
  gint64 gov_by_funding[GJ_FIGURES_MAX_VALUES];
  gint64 social_by_funding[GJ_FIGURES_MAX_VALUES];
  /* Projects that name no funding source, or one this version does not
   * know (the charts leave them out). */
  gint64 projects_unfunded;
  gint64 budget_unfunded;
  gint64 gov_unfunded;
  gint64 social_unfunded;
} GjOverviewFigures;

/* Which records the figures count; all NULL for everything stored now, as
 * the Overview shows it. */
typedef struct
{
  /* The day counted (YYYY-MM-DD): organizations founded, volunteers who
   * joined, and incubations begun after it are left out, and an
   * incubation counts in the stage it was in on that day. */
  const char *as_of;
  /* Projects that ended before this day (YYYY-MM-DD) are left out, with
   * those that start after @as_of: the projects running in a period. */
  const char *since;
} GjFiguresRange;

gboolean gj_overview_figures_compute (GjStore              *store,
                                      const GjFiguresRange *range,
                                      GjOverviewFigures    *out,
                                      GError              **error);

/* Whether an incubation in @stage (the enum's key) is in incubation:
 * admitted, incubating or evaluating; not one that has applied only,
 * graduated or exited. */
gboolean   gj_overview_figures_is_incubating (const char *stage);

/* The translated labels of the first @n values of @kind's enum @field, as
 * the charts name them (the array owns no strings). */
GPtrArray *gj_overview_figures_labels (const char *kind,
                                       const char *field,
                                       guint       n) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
