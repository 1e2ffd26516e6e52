/* test-overview-figures.c: each figure of the Overview means one thing
 *
 * The tiles, the indicator table and the charts count from two places
 * (gj-overview-figures.c, gj-stats.c); these tests hold them to the same
 * numbers, and to what the records say.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "gj-overview-figures.h"
#include "gj-stats.h"
#include "gj-test-store.h"

static gint64
count (GjStore    *store,
       const char *kind)
{
  g_autoptr(GError) error = NULL;
  GjQuery q = { 0, };
  gint64 n = gj_store_count (store, gj_schema_lookup (kind), &q, &error);

  g_assert_no_error (error);
  return n;
}

static void
compute (GjStore           *store,
         GjOverviewFigures *figures,
         GPtrArray        **stats)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (gj_overview_figures_compute (store, NULL, figures, &error));
  g_assert_no_error (error);
  *stats = gj_stats_compute (store, NULL, 2026, &error);
  g_assert_no_error (error);
  g_assert_nonnull (*stats);
}

/* The organizations of the tile, of the table's total and of its rows
 * plus those that name no community are one number: every organization
 * stored. */
static void
check_organizations (GjStore *store,
                     guint    unassigned)
{
  GjOverviewFigures f;
  g_autoptr(GPtrArray) stats = NULL;
  const GjCommunityStats *street;
  gint64 rows = 0, by_category = 0;

  compute (store, &f, &stats);
  street = g_ptr_array_index (stats, stats->len - 1);
  g_assert_null (street->community_id);
  for (guint i = 0; i + 1 < stats->len; i++)
    rows += ((GjCommunityStats *) g_ptr_array_index (stats, i))->organizations;
  for (guint i = 0; i < f.n_categories; i++)
    by_category += f.by_category[i];

  g_assert_cmpint (f.n_organizations, ==, count (store, "organization"));
  g_assert_cmpint (street->organizations, ==, f.n_organizations);
  g_assert_cmpuint (street->unassigned_organizations, ==, unassigned);
  g_assert_cmpint (rows + street->unassigned_organizations, ==, street->organizations);
  g_assert_cmpint (by_category, ==, f.n_organizations);
}

static void
test_organizations (void)
{
  g_autoptr(GjStore) store = gj_test_demo_store (1);
  g_autoptr(GError) error = NULL;
  g_autofree char *community = gj_test_add (store, "community", "name", "临时社区",
                                            "type", "urban", NULL);
  g_autofree char *org = NULL;

  check_organizations (store, 0);

  /* An organization whose community was deleted belongs to no row of the
   * table, yet is still the street's. */
  org = gj_test_add (store, "organization", "name", "无社区测试社", "category", "charity",
                     "legal_form", "community_filed", "community_id", community, NULL);
  check_organizations (store, 0);
  g_assert_true (gj_store_delete (store, gj_schema_lookup ("community"), community, &error));
  g_assert_no_error (error);
  check_organizations (store, 1);

  /* A deleted organization counts nowhere. */
  g_assert_true (gj_store_delete (store, gj_schema_lookup ("organization"), org, &error));
  g_assert_no_error (error);
  check_organizations (store, 0);
}

/* Teams and social workers of no community count in the street's total
 * too, and no community's row. */
static void
test_teams_workers (void)
{
  g_autoptr(GjStore) store = gj_test_demo_store (1);
  g_autoptr(GError) error = NULL;
  g_autofree char *community = gj_test_add (store, "community", "name", "临时社区",
                                            "type", "urban", NULL);
  g_autofree char *team = gj_test_add (store, "volunteer_team", "name", "测试队",
                                       "community_id", community, NULL);
  g_autofree char *worker = gj_test_add (store, "social_worker", "name", "测试社工",
                                         "certificate", "assistant", "community_id", community,
                                         NULL);
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GPtrArray) after = NULL;
  GjOverviewFigures f;
  const GjCommunityStats *b, *a;

  compute (store, &f, &before);
  g_assert_true (gj_store_delete (store, gj_schema_lookup ("community"), community, &error));
  g_assert_no_error (error);
  compute (store, &f, &after);
  b = g_ptr_array_index (before, before->len - 1);
  a = g_ptr_array_index (after, after->len - 1);

  g_assert_cmpuint (after->len, ==, before->len - 1);
  g_assert_cmpuint (a->teams, ==, b->teams);
  g_assert_cmpuint (a->workers, ==, b->workers);
  g_assert_cmpuint (a->certified, ==, b->certified);
  g_assert_cmpuint (a->unassigned_teams, ==, 1);
  g_assert_cmpuint (a->unassigned_workers, ==, 1);
  g_assert_cmpint (a->workers, ==, count (store, "social_worker"));
  g_assert_cmpint (a->teams, ==, count (store, "volunteer_team"));
}

/* The incubation tile's count is the sum of the funnel's bars of the
 * stages it names, and those are admitted, incubating and evaluating. */
static void
test_incubating (void)
{
  g_autoptr(GjStore) store = gj_test_demo_store (1);
  const GjField *stage = gj_kind_field (gj_schema_lookup ("incubation"), "stage");
  GjOverviewFigures f;
  g_autoptr(GPtrArray) stats = NULL;
  gint64 sum = 0, all = 0;
  guint named = 0;

  compute (store, &f, &stats);
  for (guint i = 0; i < f.n_stages; i++)
    {
      all += f.by_stage[i];
      if (gj_overview_figures_is_incubating (stage->values[i].key))
        {
          sum += f.by_stage[i];
          named++;
        }
    }
  g_assert_cmpuint (named, ==, 3);
  g_assert_true (gj_overview_figures_is_incubating ("admitted"));
  g_assert_true (gj_overview_figures_is_incubating ("incubating"));
  g_assert_true (gj_overview_figures_is_incubating ("evaluating"));
  g_assert_false (gj_overview_figures_is_incubating ("applied"));
  g_assert_false (gj_overview_figures_is_incubating ("graduated"));
  g_assert_false (gj_overview_figures_is_incubating ("exited"));
  g_assert_false (gj_overview_figures_is_incubating (NULL));
  g_assert_cmpint (f.n_incubating, ==, sum);
  g_assert_cmpint (f.n_incubating, >, 0);
  g_assert_cmpint (f.n_incubating, <, all);
  g_assert_cmpint (all, ==, count (store, "incubation"));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/overview-figures/organizations", test_organizations);
  g_test_add_func ("/overview-figures/teams-workers", test_teams_workers);
  g_test_add_func ("/overview-figures/incubating", test_incubating);
  return g_test_run ();
}
