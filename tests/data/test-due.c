/* test-due.c: what falls due soon
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "gj-due.h"
#include "gj-test-store.h"

#define TODAY "2026-12-01"

static GPtrArray *
due (GjStore   *store,
     GjDueList  list,
     guint      limit,
     gint64    *total)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *entries = gj_due_list (store, list, TODAY, limit, total, &error);

  g_assert_no_error (error);
  g_assert_nonnull (entries);
  return entries;
}

static gboolean
contains (GPtrArray  *entries,
          const char *id)
{
  for (guint i = 0; i < entries->len; i++)
    if (g_str_equal (((GjDueEntry *) g_ptr_array_index (entries, i))->id, id))
      return TRUE;
  return FALSE;
}

/* Every list holds only what is due by its horizon, earliest first, with
 * the overdue flagged, and counts what it leaves out. */
static void
test_horizons (void)
{
  g_autoptr(GjStore) store = gj_test_demo_store (1);
  const char *horizon[] = { "2026-12-08", "2026-12-08", "2026-12-31" };
  gint64 seen = 0;

  for (GjDueList l = 0; l < GJ_DUE_N_LISTS; l++)
    {
      gint64 total = -1, limited_total = -1;
      g_autoptr(GPtrArray) all = due (store, l, 0, &total);
      g_autoptr(GPtrArray) some = due (store, l, 2, &limited_total);

      g_assert_cmpint (total, ==, all->len);
      g_assert_cmpint (limited_total, ==, total);
      g_assert_cmpuint (some->len, ==, MIN (2, all->len));
      for (guint i = 0; i < all->len; i++)
        {
          GjDueEntry *e = g_ptr_array_index (all, i);

          g_assert_cmpstr (e->date, <=, horizon[l]);
          g_assert_true (e->overdue == (g_strcmp0 (e->date, TODAY) < 0));
          g_assert_cmpstr (e->title, !=, "");
          g_assert_cmpstr (e->subtitle, !=, "");
          if (i > 0)
            g_assert_cmpstr (((GjDueEntry *) g_ptr_array_index (all, i - 1))->date, <=, e->date);
        }
      seen += total;
    }
  g_assert_cmpint (seen, >, 0);
}

/* An item appears once it is due within the week and leaves when done. */
static void
test_item_done (void)
{
  g_autoptr(GjStore) store = gj_test_demo_store (1);
  g_autoptr(GError) error = NULL;
  GjQuery q = { .limit = 1 };
  g_autoptr(GPtrArray) items = gj_store_list (store, gj_schema_lookup ("agreement_item"), &q, &error);
  const char *id = ((GjRecord *) g_ptr_array_index (items, 0))->id;
  g_autoptr(GjRecord) change = gj_record_new_for ("agreement_item");
  g_autoptr(GPtrArray) soon = NULL;
  g_autoptr(GPtrArray) later = NULL;
  g_autoptr(GPtrArray) done = NULL;

  g_assert_no_error (error);
  g_free (change->id);
  change->id = g_strdup (id);
  g_assert_true (gj_record_parse (change, "due_on", "2026-12-03", &error));
  g_assert_true (gj_record_parse (change, "status", "in_progress", &error));
  g_assert_true (gj_store_update (store, change, GJ_WRITE_NONE, &error));
  g_assert_no_error (error);
  soon = due (store, GJ_DUE_ITEMS, 0, NULL);
  g_assert_true (contains (soon, id));

  g_assert_true (gj_record_parse (change, "due_on", "2026-12-09", &error));
  g_assert_true (gj_store_update (store, change, GJ_WRITE_NONE, &error));
  g_assert_no_error (error);
  later = due (store, GJ_DUE_ITEMS, 0, NULL);
  g_assert_false (contains (later, id));

  g_assert_true (gj_record_parse (change, "due_on", "2026-11-20", &error));
  g_assert_true (gj_record_parse (change, "status", "done", &error));
  g_assert_true (gj_store_update (store, change, GJ_WRITE_NONE, &error));
  g_assert_no_error (error);
  done = due (store, GJ_DUE_ITEMS, 0, NULL);
  g_assert_false (contains (done, id));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/due/horizons", test_horizons);
  g_test_add_func ("/due/item-done", test_item_done);
  return g_test_run ();
}
