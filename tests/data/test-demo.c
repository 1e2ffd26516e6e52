/* test-demo.c: the demo data a new user loads
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "gj-data-error.h"
#include "gj-demo.h"

static gint64
count (GjStore    *store,
       const char *kind,
       const char *field,
       const char *value)
{
  GjFilter f = { field, value };
  GjQuery q = { .filters = &f, .n_filters = field ? 1 : 0 };

  return gj_store_count (store, gj_schema_lookup (kind), &q, NULL);
}

static void
test_load (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GjStore) store = gj_store_open (":memory:", &error);
  g_autoptr(GPtrArray) projects = NULL;
  const GjField *category = gj_kind_field (gj_schema_lookup ("organization"), "category");
  const GjField *stage = gj_kind_field (gj_schema_lookup ("incubation"), "stage");
  GDate today;
  gint64 version;

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 24, G_DATE_NOVEMBER, 2026);
  g_assert_true (gj_demo_load (store, 1, &today, &error));
  g_assert_no_error (error);
  g_assert_nonnull (gj_store_get_street (store));

  g_assert_cmpint (count (store, "community", NULL, NULL), >=, 8);
  g_assert_cmpint (count (store, "organization", NULL, NULL), >=, 60);
  g_assert_cmpint (count (store, "project", NULL, NULL), >=, 20);
  g_assert_cmpint (count (store, "agreement", NULL, NULL), >=, 10);
  g_assert_cmpint (count (store, "volunteer", NULL, NULL), >=, 100);
  g_assert_cmpint (count (store, "volunteer_team", NULL, NULL), >=, 10);
  g_assert_cmpint (count (store, "hours", NULL, NULL), >=, 100);
  for (const GjEnumValue *v = category->values; v->key; v++)
    g_assert_cmpint (count (store, "organization", "category", v->key), >, 0);
  for (const GjEnumValue *v = stage->values; v->key; v++)
    g_assert_cmpint (count (store, "incubation", "stage", v->key), >, 0);

  /* Every project has its five parties. */
  projects = gj_store_list (store, gj_schema_lookup ("project"), NULL, &error);
  for (guint i = 0; i < projects->len; i++)
    {
      GjRecord *p = projects->pdata[i];
      const char *roles[] = { "community", "social_worker", "organization", "volunteer_team", "resource" };

      for (guint r = 0; r < G_N_ELEMENTS (roles); r++)
        {
          GjFilter f[] = { { "project_id", p->id }, { "role", roles[r] } };
          GjQuery q = { .filters = f, .n_filters = 2 };
          g_assert_cmpint (gj_store_count (store, gj_schema_lookup ("project_party"), &q, NULL), ==, 1);
        }
    }

  /* Some agreement items are overdue and not done, some are due within 30 days. */
  {
    GjFilter overdue[] = { { "due_on", "2026-11-24", GJ_FILTER_LT },
                           { "status", "done", GJ_FILTER_NE } };
    GjFilter soon[] = { { "due_on", "2026-11-24", GJ_FILTER_GE },
                        { "due_on", "2026-12-24", GJ_FILTER_LE } };
    GjQuery q1 = { .filters = overdue, .n_filters = 2 };
    GjQuery q2 = { .filters = soon, .n_filters = 2 };
    g_assert_cmpint (gj_store_count (store, gj_schema_lookup ("agreement_item"), &q1, NULL), >, 0);
    g_assert_cmpint (gj_store_count (store, gj_schema_lookup ("agreement_item"), &q2, NULL), >, 0);
  }

  /* A second load is refused and writes nothing. */
  version = gj_store_get_version (store);
  g_assert_false (gj_demo_load (store, 2, &today, &error));
  g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID);
  g_assert_cmpint (gj_store_get_version (store), ==, version);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/demo/load", test_load);
  return g_test_run ();
}
