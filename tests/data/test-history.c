/* test-history.c: the change journal (gj-store-history.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sqlite3.h>

#include "gj-data-error.h"
#include "gj-store-history.h"
#include "gj-store-sync.h"
#include "gj-test-store.h"

static void
set_text (GjStore    *store,
          const char *kind,
          const char *id,
          const char *field,
          const char *value)
{
  g_autoptr(GjRecord) rec = gj_record_new_for (kind);
  g_autoptr(GError) error = NULL;

  rec->id = g_strdup (id);
  gj_record_parse (rec, field, value, &error);
  g_assert_no_error (error);
  g_assert_true (gj_store_update (store, rec, GJ_WRITE_NONE, &error));
  g_assert_no_error (error);
}

static GPtrArray *
history (GjStore    *store,
         const char *kind,
         const char *id,
         guint       limit,
         guint      *n_more)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *entries = gj_store_history (store, gj_schema_lookup (kind), id, limit, n_more,
                                         &error);

  g_assert_no_error (error);
  g_assert_nonnull (entries);
  return entries;
}

/* The first entry of @entries for field @name (NULL: the tombstone). */
static GjHistoryEntry *
find (GPtrArray  *entries,
      const char *kind_name,
      const char *name)
{
  const GjKind *kind = gj_schema_lookup (kind_name);
  guint column = name ? (guint) gj_kind_field_index (kind, name) : kind->n_fields;

  for (guint i = 0; i < entries->len; i++)
    {
      GjHistoryEntry *e = g_ptr_array_index (entries, i);

      if (e->column == column)
        return e;
    }
  return NULL;
}

static char *
add_org (GjStore *store)
{
  return gj_test_add (store, "organization", "name", "甲社", "legal_form", "social_group",
                      "category", "charity", "phone", "13800138000", NULL);
}

/* A local edit keeps the value before and after it, with this device. */
static void
test_local_edit (void)
{
  g_autoptr(GjStore) store = gj_test_store_new ();
  g_autofree char *id = add_org (store);
  g_autoptr(GPtrArray) created = history (store, "organization", id, 0, NULL);
  g_autoptr(GPtrArray) entries = NULL;
  const GjKind *org = gj_schema_lookup ("organization");
  GjHistoryEntry *e;
  g_autofree char *masked = NULL;

  /* Created only: each set field's value alone, nothing before it. */
  e = find (created, "organization", "name");
  g_assert_nonnull (e);
  g_assert_false (e->has_old);
  g_assert_cmpstr (e->new_value.s, ==, "甲社");
  g_assert_null (find (created, "organization", "street_id"));

  set_text (store, "organization", id, "name", "乙社");
  set_text (store, "organization", id, "name", "丙社");
  set_text (store, "organization", id, "phone", "13900139000");
  /* Setting the same value again is no change. */
  set_text (store, "organization", id, "name", "丙社");

  entries = history (store, "organization", id, 0, NULL);
  e = g_ptr_array_index (entries, 0);
  g_assert_cmpuint (e->column, ==, (guint) gj_kind_field_index (org, "phone"));
  g_assert_true (e->has_old);
  g_assert_cmpstr (e->site, ==, gj_store_get_site_id (store));
  masked = gj_history_format_value (store, org, e->column, &e->old_value, TRUE);
  g_assert_cmpstr (masked, ==, "138****8000");

  e = g_ptr_array_index (entries, 1);
  g_assert_cmpuint (e->column, ==, (guint) gj_kind_field_index (org, "name"));
  g_assert_cmpstr (e->old_value.s, ==, "乙社");
  g_assert_cmpstr (e->new_value.s, ==, "丙社");
  e = g_ptr_array_index (entries, 2);
  g_assert_cmpstr (e->old_value.s, ==, "甲社");
  g_assert_cmpstr (e->new_value.s, ==, "乙社");
  g_assert_cmpuint (((GjHistoryEntry *) g_ptr_array_index (entries, 0))->hlc, >, e->hlc);
  /* Name twice and phone once journaled; category and legal form as created. */
  g_assert_cmpuint (entries->len, ==, 5);
}

static void
sync_to (GjStore *from,
         GjStore *to)
{
  g_autoptr(GError) error = NULL;
  GjCursor since = GJ_CURSOR_INIT, next;
  g_autoptr(GPtrArray) cells = gj_store_changes_since (from, &since, G_MAXINT32, &next, &error);
  GjApplyResult r = { 0, };

  g_assert_no_error (error);
  g_assert_true (gj_store_apply (to, cells, &r, &error));
  g_assert_no_error (error);
}

/* A change applied from a peer is journaled with the peer's device and
 * the value it replaced here. */
static void
test_synced_change (void)
{
  g_autoptr(GjStore) a = gj_test_store_new ();
  g_autoptr(GjStore) b = gj_test_store_new ();
  g_autofree char *id = add_org (a);
  g_autoptr(GPtrArray) entries = NULL;
  GjHistoryEntry *e;

  sync_to (a, b);
  set_text (b, "organization", id, "leader", "王芳");
  set_text (b, "organization", id, "name", "乙社");
  sync_to (b, a);

  entries = history (a, "organization", id, 0, NULL);
  e = find (entries, "organization", "name");
  g_assert_true (e->has_old);
  g_assert_cmpstr (e->old_value.s, ==, "甲社");
  g_assert_cmpstr (e->new_value.s, ==, "乙社");
  g_assert_cmpstr (e->site, ==, gj_store_get_site_id (b));
  e = find (entries, "organization", "leader");
  g_assert_true (e->has_old);
  g_assert_true (gj_value_is_null (&e->old_value));
  g_assert_cmpstr (e->new_value.s, ==, "王芳");

  /* Applying the same page again changes nothing and notes nothing. */
  sync_to (b, a);
  {
    g_autoptr(GPtrArray) again = history (a, "organization", id, 0, NULL);

    g_assert_cmpuint (again->len, ==, entries->len);
  }
}

static void
test_delete_restore (void)
{
  g_autoptr(GjStore) store = gj_test_store_new ();
  g_autofree char *id = add_org (store);
  const GjKind *org = gj_schema_lookup ("organization");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  GjHistoryEntry *e;

  g_assert_true (gj_store_delete (store, org, id, &error));
  g_assert_true (gj_store_undelete (store, org, id, &error));
  g_assert_no_error (error);
  entries = history (store, "organization", id, 0, NULL);
  e = g_ptr_array_index (entries, 0);
  g_assert_cmpuint (e->column, ==, org->n_fields);
  g_assert_cmpint (e->old_value.i, ==, 1);
  g_assert_cmpint (e->new_value.i, ==, 0);
  e = g_ptr_array_index (entries, 1);
  g_assert_cmpuint (e->column, ==, org->n_fields);
  g_assert_cmpint (e->old_value.i, ==, 0);
  g_assert_cmpint (e->new_value.i, ==, 1);
}

/* A record keeps its last GJ_HISTORY_KEEP changes; a limit shows fewer
 * and says how many more there are. */
static void
test_pruning (void)
{
  g_autoptr(GjStore) store = gj_test_store_new ();
  g_autofree char *id = add_org (store);
  g_autoptr(GPtrArray) all = NULL;
  g_autoptr(GPtrArray) latest = NULL;
  guint n_more = 0;

  for (guint i = 1; i <= GJ_HISTORY_KEEP + 20; i++)
    {
      g_autofree char *members = g_strdup_printf ("%u", i);

      set_text (store, "organization", id, "members", members);
    }
  all = history (store, "organization", id, 0, &n_more);
  g_assert_cmpuint (n_more, ==, 0);
  /* The kept changes of members, and the other fields as created. */
  g_assert_nonnull (find (all, "organization", "name"));
  g_assert_false (find (all, "organization", "name")->has_old);
  g_assert_cmpuint (all->len, ==, GJ_HISTORY_KEEP + 4);
  g_assert_cmpint (find (all, "organization", "members")->new_value.i, ==, GJ_HISTORY_KEEP + 20);
  g_assert_cmpint (((GjHistoryEntry *) g_ptr_array_index (all, GJ_HISTORY_KEEP - 1))->old_value.i,
                   ==, 20);

  latest = history (store, "organization", id, 50, &n_more);
  g_assert_cmpuint (latest->len, ==, 50);
  g_assert_cmpuint (n_more, ==, GJ_HISTORY_KEEP + 4 - 50);
}

/* A database of the version before the journal opens with an empty one:
 * its records show their cells' last changes, and edits are journaled. */
static void
test_migration (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = gj_test_db_path (&dir);
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  {
    g_autoptr(GjStore) store = gj_store_open (path, &error);

    g_assert_no_error (error);
    id = add_org (store);
    set_text (store, "organization", id, "name", "乙社");
  }
  {
    sqlite3 *db = NULL;

    /* As version 2 left it: no journal. */
    g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db, "DROP TABLE history; PRAGMA user_version = 2;",
                                   NULL, NULL, NULL), ==, SQLITE_OK);
    sqlite3_close (db);
  }
  {
    g_autoptr(GjStore) store = gj_store_open (path, &error);
    g_autoptr(GPtrArray) before = NULL;
    g_autoptr(GPtrArray) after = NULL;

    g_assert_no_error (error);
    before = history (store, "organization", id, 0, NULL);
    g_assert_false (find (before, "organization", "name")->has_old);
    g_assert_cmpstr (find (before, "organization", "name")->new_value.s, ==, "乙社");
    set_text (store, "organization", id, "name", "丙社");
    after = history (store, "organization", id, 0, NULL);
    g_assert_true (find (after, "organization", "name")->has_old);
    g_assert_cmpstr (find (after, "organization", "name")->old_value.s, ==, "乙社");
  }
  gj_test_db_remove (dir, path);
}

static void
test_not_found (void)
{
  g_autoptr(GjStore) store = gj_test_store_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = gj_store_history (store, gj_schema_lookup ("organization"),
                                                   "no-such-id", 0, NULL, &error);

  g_assert_null (entries);
  g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_NOT_FOUND);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/history/local-edit", test_local_edit);
  g_test_add_func ("/history/synced-change", test_synced_change);
  g_test_add_func ("/history/delete-restore", test_delete_restore);
  g_test_add_func ("/history/pruning", test_pruning);
  g_test_add_func ("/history/migration", test_migration);
  g_test_add_func ("/history/not-found", test_not_found);
  return g_test_run ();
}
