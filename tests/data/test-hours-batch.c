/* test-hours-batch.c: hours for many volunteers, all or nothing
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "gj-data-error.h"
#include "gj-hours-batch.h"
#include "gj-store-sync.h"
#include "gj-test-store.h"

static gint64
count (GjStore    *store,
       const char *kind)
{
  g_autoptr(GError) error = NULL;
  gint64 n = gj_store_count (store, gj_schema_lookup (kind), NULL, &error);

  g_assert_no_error (error);
  return n;
}

/* The ids of the first @n volunteers of the demo data, NULL-terminated. */
static GStrv
volunteers (GjStore *store,
            guint    n)
{
  g_autoptr(GError) error = NULL;
  GjQuery q = { .limit = n };
  g_autoptr(GPtrArray) records = gj_store_list (store, gj_schema_lookup ("volunteer"), &q, &error);
  g_autoptr(GStrvBuilder) ids = g_strv_builder_new ();

  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, n);
  for (guint i = 0; i < records->len; i++)
    g_strv_builder_add (ids, ((GjRecord *) g_ptr_array_index (records, i))->id);
  return g_strv_builder_end (ids);
}

static void
test_new_activity (void)
{
  g_autoptr(GjStore) store = gj_test_demo_store (1);
  g_auto(GStrv) ids = volunteers (store, 3);
  g_autoptr(GError) error = NULL;
  gint64 activities = count (store, "activity");
  gint64 entries = count (store, "hours");
  double before = gj_store_hours_balance (store, ids[0], &error);
  GjHoursBatch batch = {
    .title = "社区清洁日", .date = "2026-11-30", .hours = "2.5", .verified_by = "王芳",
    .volunteer_ids = (const char * const *) ids,
  };
  double hours = 0;
  GjQuery q = { .text = "社区清洁日" };
  g_autoptr(GPtrArray) found = NULL;
  GjRecord *activity;

  g_assert_no_error (error);
  g_assert_true (gj_hours_batch_write (store, &batch, &hours, &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (hours, ==, 2.5);
  g_assert_cmpint (count (store, "activity"), ==, activities + 1);
  g_assert_cmpint (count (store, "hours"), ==, entries + 3);
  g_assert_cmpfloat (gj_store_hours_balance (store, ids[0], &error), ==, before + 2.5);

  found = gj_store_list (store, gj_schema_lookup ("activity"), &q, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  activity = g_ptr_array_index (found, 0);
  g_assert_cmpstr (gj_record_get_text (activity, "date"), ==, "2026-11-30");
  g_assert_cmpint (gj_record_get_int (activity, "participants"), ==, 3);
  g_assert_cmpfloat (gj_record_get_real (activity, "volunteer_hours"), ==, 7.5);
}

static void
test_existing_activity (void)
{
  g_autoptr(GjStore) store = gj_test_demo_store (1);
  g_auto(GStrv) ids = volunteers (store, 2);
  g_autoptr(GError) error = NULL;
  GjQuery q = { .limit = 1 };
  g_autoptr(GPtrArray) acts = gj_store_list (store, gj_schema_lookup ("activity"), &q, &error);
  const char *activity_id = ((GjRecord *) g_ptr_array_index (acts, 0))->id;
  gint64 activities = count (store, "activity");
  GjHoursBatch batch = {
    .activity_id = activity_id, .date = "2026-11-29", .hours = "1",
    .volunteer_ids = (const char * const *) ids,
  };
  GjQuery by_activity = { .filters = (GjFilter[]) { { .field = "activity_id", .value = activity_id } }, .n_filters = 1 };
  gint64 linked;

  g_assert_no_error (error);
  linked = gj_store_count (store, gj_schema_lookup ("hours"), &by_activity, &error);
  g_assert_true (gj_hours_batch_write (store, &batch, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (store, "activity"), ==, activities);
  g_assert_cmpint (gj_store_count (store, gj_schema_lookup ("hours"), &by_activity, &error), ==,
                   linked + 2);
}

/* Each refusal names what is wrong and leaves the database as it was. */
static void
test_refused (void)
{
  g_autoptr(GjStore) store = gj_test_demo_store (1);
  g_auto(GStrv) ids = volunteers (store, 2);
  const char *with_empty[] = { ids[0], ids[1], "", NULL };
  const char *none[] = { NULL };
  struct {
    GjHoursBatch batch;
    int          code;
    const char  *says;
  } cases[] = {
    { { .title = "t", .date = "2026-11-30", .hours = "0" }, GJ_DATA_ERROR_INVALID, "Hours" },
    { { .title = "t", .date = "2026-11-30", .hours = "x" }, GJ_DATA_ERROR_INVALID, "Hours" },
    { { .title = "t", .date = "", .hours = "2" }, GJ_DATA_ERROR_REQUIRED, "Date" },
    { { .title = "t", .date = "2026-13-40", .hours = "2" }, GJ_DATA_ERROR_INVALID, "Date" },
    { { .title = "", .date = "2026-11-30", .hours = "2" }, GJ_DATA_ERROR_REQUIRED, "Title" },
    { { .title = "t", .date = "2026-11-30", .hours = "2", .volunteer_ids = none },
      GJ_DATA_ERROR_REQUIRED, "volunteers" },
    /* The third entry fails after the activity and two entries were
     * written: all of them go. */
    { { .title = "t", .date = "2026-11-30", .hours = "2", .volunteer_ids = with_empty },
      GJ_DATA_ERROR_REQUIRED, NULL },
  };
  g_autofree char *before = NULL;
  g_autoptr(GError) error = NULL;

  before = gj_store_dump (store, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) refused = NULL;
      g_autofree char *after = NULL;

      if (cases[i].batch.volunteer_ids == NULL)
        cases[i].batch.volunteer_ids = (const char * const *) ids;
      g_assert_false (gj_hours_batch_write (store, &cases[i].batch, NULL, &refused));
      g_assert_error (refused, GJ_DATA_ERROR, cases[i].code);
      if (cases[i].says != NULL)
        g_assert_nonnull (strstr (refused->message, cases[i].says));
      after = gj_store_dump (store, &error);
      g_assert_no_error (error);
      g_assert_cmpstr (after, ==, before);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/hours-batch/new-activity", test_new_activity);
  g_test_add_func ("/hours-batch/existing-activity", test_existing_activity);
  g_test_add_func ("/hours-batch/refused", test_refused);
  return g_test_run ();
}
