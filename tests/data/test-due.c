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
     GjDueList  list)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *entries = gj_due_list (store, list, TODAY, &error);

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

/* Every list holds only what is in its window, the earliest first, with
 * the overdue flagged and the days counted. */
static void
test_horizons (void)
{
  g_autoptr(GjStore) store = gj_test_demo_store (1);
  /* The first and last day of each list's window (NULL: unbounded). */
  const char *first[] = { NULL, TODAY, TODAY };
  const char *last[] = { "2026-11-30", "2026-12-08", "2026-12-31" };
  gint64 seen = 0;

  for (GjDueList l = 0; l < GJ_DUE_N_LISTS; l++)
    {
      g_autoptr(GPtrArray) all = due (store, l);

      for (guint i = 0; i < all->len; i++)
        {
          GjDueEntry *e = g_ptr_array_index (all, i);

          g_assert_cmpstr (e->date, <=, last[l]);
          if (first[l] != NULL)
            g_assert_cmpstr (e->date, >=, first[l]);
          g_assert_true (e->overdue == (l == GJ_DUE_OVERDUE));
          g_assert_true (e->overdue == (e->days < 0));
          g_assert_cmpstr (e->title, !=, "");
          g_assert_cmpstr (e->subtitle, !=, "");
          g_assert_cmpstr (e->when, !=, "");
          if (l != GJ_DUE_ENDING)
            g_assert_cmpint (e->days, <=, 7);
          if (i > 0)
            g_assert_cmpstr (((GjDueEntry *) g_ptr_array_index (all, i - 1))->date, <=, e->date);
        }
      seen += all->len;
    }
  g_assert_cmpint (seen, >, 0);
}

/* The lists do not overlap, and together hold every open review and
 * item due within the week and every agreement in force ending within
 * the month, overdue or not: one count per thing to do. */
static void
test_disjoint (void)
{
  g_autoptr(GjStore) store = gj_test_demo_store (1);
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  GPtrArray *lists[GJ_DUE_N_LISTS];
  gint64 reviews = 0, items = 0, agreements = 0;
  g_autoptr(GError) error = NULL;
  GjFilter r[] = {
    { "next_review", "2026-12-08", GJ_FILTER_LE }, { "stage", "graduated", GJ_FILTER_NE },
    { "stage", "exited", GJ_FILTER_NE },
  };
  GjFilter i[] = {
    { "due_on", "2026-12-08", GJ_FILTER_LE }, { "status", "done", GJ_FILTER_NE },
    { "status", "cancelled", GJ_FILTER_NE },
  };
  GjFilter a[] = { { "end_on", "2026-12-31", GJ_FILTER_LE }, { "status", "in_force" } };
  GjQuery qr = { r, G_N_ELEMENTS (r) }, qi = { i, G_N_ELEMENTS (i) };
  GjQuery qa = { a, G_N_ELEMENTS (a) };
  guint n = 0;

  for (GjDueList l = 0; l < GJ_DUE_N_LISTS; l++)
    {
      lists[l] = due (store, l);
      for (guint k = 0; k < lists[l]->len; k++)
        {
          GjDueEntry *e = g_ptr_array_index (lists[l], k);

          g_assert_false (g_hash_table_contains (ids, e->id));
          g_hash_table_add (ids, e->id);
          n++;
        }
    }
  reviews = gj_store_count (store, gj_schema_lookup ("incubation"), &qr, &error);
  items = gj_store_count (store, gj_schema_lookup ("agreement_item"), &qi, &error);
  agreements = gj_store_count (store, gj_schema_lookup ("agreement"), &qa, &error);
  g_assert_no_error (error);
  g_assert_cmpint (n, ==, reviews + items + agreements);
  g_assert_cmpuint (lists[GJ_DUE_OVERDUE]->len, >, 0);
  g_assert_cmpuint (lists[GJ_DUE_WEEK]->len, >, 0);
  for (GjDueList l = 0; l < GJ_DUE_N_LISTS; l++)
    g_ptr_array_unref (lists[l]);
}

/* How far off an entry is reads in words. */
static void
test_when (void)
{
  g_autoptr(GjStore) store = gj_test_demo_store (1);
  g_autoptr(GPtrArray) week = due (store, GJ_DUE_WEEK);
  g_autoptr(GPtrArray) overdue = due (store, GJ_DUE_OVERDUE);

  for (guint k = 0; k < week->len; k++)
    {
      GjDueEntry *e = g_ptr_array_index (week, k);
      g_autofree char *expected = e->days == 0 ? g_strdup ("Today")
                                  : e->days == 1 ? g_strdup ("Tomorrow")
                                  : g_strdup_printf ("In %d days", e->days);

      g_assert_cmpstr (e->when, ==, expected);
    }
  for (guint k = 0; k < overdue->len; k++)
    {
      GjDueEntry *e = g_ptr_array_index (overdue, k);
      g_autofree char *expected = g_strdup_printf (e->days == -1 ? "%d day overdue"
                                                                : "%d days overdue", -e->days);

      g_assert_cmpstr (e->when, ==, expected);
    }
}

/* An item appears once it is due within the week, is overdue past its
 * date, and leaves when done. */
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
  g_autoptr(GPtrArray) late = NULL;
  g_autoptr(GPtrArray) late_week = NULL;
  g_autoptr(GPtrArray) done = NULL;

  g_assert_no_error (error);
  g_free (change->id);
  change->id = g_strdup (id);
  g_assert_true (gj_record_parse (change, "due_on", "2026-12-03", &error));
  g_assert_true (gj_record_parse (change, "status", "in_progress", &error));
  g_assert_true (gj_store_update (store, change, GJ_WRITE_NONE, &error));
  g_assert_no_error (error);
  soon = due (store, GJ_DUE_WEEK);
  g_assert_true (contains (soon, id));

  g_assert_true (gj_record_parse (change, "due_on", "2026-12-09", &error));
  g_assert_true (gj_store_update (store, change, GJ_WRITE_NONE, &error));
  g_assert_no_error (error);
  later = due (store, GJ_DUE_WEEK);
  g_assert_false (contains (later, id));

  /* Past its date and still open, it is overdue, and only that. */
  g_assert_true (gj_record_parse (change, "due_on", "2026-11-20", &error));
  g_assert_true (gj_store_update (store, change, GJ_WRITE_NONE, &error));
  g_assert_no_error (error);
  late = due (store, GJ_DUE_OVERDUE);
  late_week = due (store, GJ_DUE_WEEK);
  g_assert_true (contains (late, id));
  g_assert_false (contains (late_week, id));

  g_assert_true (gj_record_parse (change, "status", "done", &error));
  g_assert_true (gj_store_update (store, change, GJ_WRITE_NONE, &error));
  g_assert_no_error (error);
  done = due (store, GJ_DUE_OVERDUE);
  g_assert_false (contains (done, id));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/due/horizons", test_horizons);
  g_test_add_func ("/due/disjoint", test_disjoint);
  g_test_add_func ("/due/when", test_when);
  g_test_add_func ("/due/item-done", test_item_done);
  return g_test_run ();
}
