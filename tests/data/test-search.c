/* test-search.c: text search through references (a time-bank entry by
 * its volunteer, checker and community), phone and ID numbers in the
 * index, and the migration that puts them into an existing database
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <sqlite3.h>
#include <string.h>

#include "gj-store.h"
#include "gj-test-store.h"

#define PHONE "18865719602"
#define RESIDENT_ID "330102198805124037"

typedef struct
{
  GjStore *store;
  char    *community;
  char    *team;
  char    *feng;      /* the volunteer searched for */
  char    *wang;      /* another volunteer, elsewhere */
  char    *activity;
} Fixture;

static char *
add_hours (GjStore    *store,
           const char *volunteer,
           const char *kind,
           const char *hours,
           const char *verified_by,
           const char *note)
{
  return gj_test_add (store, "hours", "volunteer_id", volunteer, "kind", kind, "hours", hours,
                      "date", "2026-11-02", "verified_by", verified_by, "note", note, NULL);
}

static void
fixture_fill (Fixture *fx,
              GjStore *store)
{
  g_autofree char *other = NULL;

  fx->store = store;
  fx->community = gj_test_add (store, "community", "name", "东湖社区", "type", "urban", NULL);
  other = gj_test_add (store, "community", "name", "西岭社区", "type", "urban", NULL);
  fx->team = gj_test_add (store, "volunteer_team", "name", "银龄先锋队", "community_id",
                          fx->community, NULL);
  fx->feng = gj_test_add (store, "volunteer", "name", "冯晓梅", "phone", PHONE,
                          "resident_id", RESIDENT_ID, "community_id", fx->community,
                          "team_id", fx->team, NULL);
  fx->wang = gj_test_add (store, "volunteer", "name", "王芳", "phone", "13911112222",
                          "community_id", other, NULL);
  fx->activity = gj_test_add (store, "activity", "title", "重阳节敬老义诊", "date", "2026-10-29",
                              "community_id", other, NULL);
  /* Three entries of each; one of 王芳's is for the activity. */
  g_free (add_hours (store, fx->feng, "earn", "2", "李建国", "敬老院陪护"));
  g_free (add_hours (store, fx->feng, "earn", "3", "李建国", "社区巡逻"));
  g_free (add_hours (store, fx->feng, "redeem", "1", "张敏", "兑换理发"));
  g_free (add_hours (store, fx->wang, "earn", "4", "张敏", "图书整理"));
  g_free (add_hours (store, fx->wang, "earn", "2", "赵强", "义诊引导"));
  g_free (gj_test_add (store, "hours", "volunteer_id", fx->wang, "kind", "earn", "hours", "1.5",
                       "date", "2026-10-29", "activity_id", fx->activity, NULL));
}

static void
fixture_setup (Fixture       *fx,
               gconstpointer  data)
{
  fixture_fill (fx, gj_test_store_new ());
}

static void
fixture_teardown (Fixture       *fx,
                  gconstpointer  data)
{
  g_clear_object (&fx->store);
  g_free (fx->community);
  g_free (fx->team);
  g_free (fx->feng);
  g_free (fx->wang);
  g_free (fx->activity);
}

/* The entries a search of the time bank lists; with @filter_kind, only
 * those of that kind (earned or redeemed). */
static GPtrArray *
list_hours (GjStore    *store,
            const char *text,
            const char *filter_kind)
{
  g_autoptr(GError) error = NULL;
  GjFilter filter = { "kind", filter_kind, GJ_FILTER_EQ };
  GjQuery q = { .text = text, .filters = &filter, .n_filters = filter_kind ? 1 : 0 };
  GPtrArray *records = gj_store_list (store, gj_schema_lookup ("hours"), &q, &error);
  gint64 n = gj_store_count (store, gj_schema_lookup ("hours"), &q, &error);

  g_assert_no_error (error);
  g_assert_nonnull (records);
  /* The count a page shows and the rows it lists agree. */
  g_assert_cmpint (n, ==, records->len);
  return records;
}

/* How many of @records point to @volunteer. */
static guint
n_of (GPtrArray  *records,
      const char *volunteer)
{
  guint n = 0;

  for (guint i = 0; i < records->len; i++)
    n += g_strcmp0 (gj_record_get_text (records->pdata[i], "volunteer_id"), volunteer) == 0;
  return n;
}

static void
assert_hours (Fixture    *fx,
              const char *text,
              guint       n_feng,
              guint       n_wang)
{
  g_autoptr(GPtrArray) records = list_hours (fx->store, text, NULL);

  if (n_of (records, fx->feng) != n_feng || n_of (records, fx->wang) != n_wang ||
      records->len != n_feng + n_wang)
    g_error ("time bank searched for “%s”: %u rows, %u of 冯晓梅 and %u of 王芳; "
             "expected %u and %u", text, records->len, n_of (records, fx->feng),
             n_of (records, fx->wang), n_feng, n_wang);
}

static void
test_hours_by_volunteer (Fixture       *fx,
                         gconstpointer  data)
{
  /* Full name (trigram index), surname and two characters (LIKE). */
  assert_hours (fx, "冯晓梅", 3, 0);
  assert_hours (fx, "冯", 3, 0);
  assert_hours (fx, "晓梅", 3, 0);
  assert_hours (fx, "王芳", 0, 3);
  /* The volunteer's phone, whole, its last four digits, and two of them. */
  assert_hours (fx, PHONE, 3, 0);
  assert_hours (fx, "9602", 3, 0);
  assert_hours (fx, "02", 3, 0);
  /* Nobody is called that. */
  assert_hours (fx, "冯晓兰", 0, 0);
  assert_hours (fx, "%", 0, 0);
}

static void
test_hours_by_checker_and_note (Fixture       *fx,
                                gconstpointer  data)
{
  assert_hours (fx, "李建国", 2, 0);
  assert_hours (fx, "张敏", 1, 1);
  assert_hours (fx, "敬老院", 1, 0);
  assert_hours (fx, "巡逻", 1, 0);
}

static void
test_hours_by_community_and_team (Fixture       *fx,
                                  gconstpointer  data)
{
  /* Two hops: entry → volunteer → community, or → team. */
  assert_hours (fx, "东湖社区", 3, 0);
  assert_hours (fx, "东湖", 3, 0);
  assert_hours (fx, "银龄先锋", 3, 0);
  /* 王芳's community, and the community of the activity one of her
   * entries is for (entry → activity → community). */
  assert_hours (fx, "西岭社区", 0, 3);
  /* The activity itself: only the entry recorded for it. */
  assert_hours (fx, "敬老义诊", 0, 1);
  /* A filter and a text together. */
  {
    g_autoptr(GPtrArray) records = list_hours (fx->store, "冯晓梅", "earn");

    g_assert_cmpuint (records->len, ==, 2);
  }
}

static void
rename_volunteer (GjStore    *store,
                  const char *id,
                  const char *name)
{
  g_autoptr(GjRecord) rec = gj_record_new_for ("volunteer");
  g_autoptr(GError) error = NULL;

  rec->id = g_strdup (id);
  gj_record_parse (rec, "name", name, &error);
  g_assert_no_error (error);
  g_assert_true (gj_store_update (store, rec, GJ_WRITE_NONE, &error));
  g_assert_no_error (error);
}

static void
test_hours_after_rename (Fixture       *fx,
                         gconstpointer  data)
{
  g_autoptr(GError) error = NULL;

  rename_volunteer (fx->store, fx->feng, "冯晓兰");
  assert_hours (fx, "冯晓兰", 3, 0);
  assert_hours (fx, "晓兰", 3, 0);
  assert_hours (fx, "冯晓梅", 0, 0);
  assert_hours (fx, "晓梅", 0, 0);

  /* A renamed community too, two hops away. */
  {
    g_autoptr(GjRecord) rec = gj_record_new_for ("community");

    rec->id = g_strdup (fx->community);
    gj_record_parse (rec, "name", "东湖新村社区", &error);
    g_assert_true (gj_store_update (fx->store, rec, GJ_WRITE_NONE, &error));
    g_assert_no_error (error);
  }
  assert_hours (fx, "东湖新村", 3, 0);

  /* A deleted volunteer's entries stay, but are not found by a team or
   * community through a record that is gone. */
  g_assert_true (gj_store_delete (fx->store, gj_schema_lookup ("volunteer"), fx->feng, &error));
  g_assert_no_error (error);
  assert_hours (fx, "东湖新村", 0, 0);
  assert_hours (fx, "李建国", 2, 0);
}

/* Whether @text, searched for in the whole database, finds @id. */
static gboolean
search_finds (GjStore    *store,
              const char *text,
              const char *id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = gj_store_search (store, text, 50, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < hits->len; i++)
    if (g_str_equal (((GjRecord *) hits->pdata[i])->id, id))
      return TRUE;
  return FALSE;
}

static gint64
count_kind (GjStore    *store,
            const char *kind,
            const char *text)
{
  g_autoptr(GError) error = NULL;
  GjQuery q = { .text = text };
  gint64 n = gj_store_count (store, gj_schema_lookup (kind), &q, &error);

  g_assert_no_error (error);
  return n;
}

static void
test_phones (Fixture       *fx,
             gconstpointer  data)
{
  g_autofree char *org = NULL, *worker = NULL, *unit = NULL, *community = NULL;

  org = gj_test_add (fx->store, "organization", "name", "东湖书画研习社", "legal_form", "社会团体",
                     "category", "其他", "community_id", fx->community, "leader", "周德明",
                     "phone", "13912345678", NULL);
  worker = gj_test_add (fx->store, "social_worker", "name", "陈静", "certificate", "assistant",
                        "phone", "15067781234", NULL);
  unit = gj_test_add (fx->store, "unit", "name", "东湖小学", "type", "学校", "contact", "刘洋",
                      "phone", "17755503311", NULL);
  community = gj_test_add (fx->store, "community", "name", "南苑社区", "type", "urban",
                           "phone", "13600009876", NULL);

  /* In the whole database: every phone whole and by its last four. */
  g_assert_true (search_finds (fx->store, PHONE, fx->feng));
  g_assert_true (search_finds (fx->store, "9602", fx->feng));
  g_assert_true (search_finds (fx->store, "13912345678", org));
  g_assert_true (search_finds (fx->store, "5678", org));
  g_assert_true (search_finds (fx->store, "15067781234", worker));
  g_assert_true (search_finds (fx->store, "1234", worker));
  g_assert_true (search_finds (fx->store, "17755503311", unit));
  g_assert_true (search_finds (fx->store, "3311", unit));
  g_assert_true (search_finds (fx->store, "13600009876", community));
  g_assert_true (search_finds (fx->store, "9876", community));
  /* The resident ID number, whole and its last four. */
  g_assert_true (search_finds (fx->store, RESIDENT_ID, fx->feng));
  g_assert_true (search_finds (fx->store, "4037", fx->feng));
  /* Fewer than three characters go the LIKE way. */
  g_assert_true (search_finds (fx->store, "02", fx->feng));
  g_assert_false (search_finds (fx->store, "9603", fx->feng));

  /* Within a kind, as a page's search box asks. */
  g_assert_cmpint (count_kind (fx->store, "volunteer", "9602"), ==, 1);
  g_assert_cmpint (count_kind (fx->store, "volunteer", PHONE), ==, 1);
  g_assert_cmpint (count_kind (fx->store, "volunteer", "2222"), ==, 1);
  g_assert_cmpint (count_kind (fx->store, "organization", "5678"), ==, 1);
  g_assert_cmpint (count_kind (fx->store, "social_worker", "1234"), ==, 1);
  g_assert_cmpint (count_kind (fx->store, "unit", "3311"), ==, 1);

  /* A changed number is found by the new one only. */
  {
    g_autoptr(GjRecord) rec = gj_record_new_for ("volunteer");
    g_autoptr(GError) error = NULL;

    rec->id = g_strdup (fx->feng);
    gj_record_parse (rec, "phone", "18865710000", &error);
    g_assert_true (gj_store_update (fx->store, rec, GJ_WRITE_NONE, &error));
    g_assert_no_error (error);
  }
  g_assert_false (search_finds (fx->store, "9602", fx->feng));
  g_assert_true (search_finds (fx->store, "0000", fx->feng));
}

/* A person searched for by name in the whole database comes before the
 * time-bank entries that name them as the checker. */
static void
test_people_before_entries (Fixture       *fx,
                            gconstpointer  data)
{
  g_autofree char *worker = gj_test_add (fx->store, "social_worker", "name", "李建国",
                                         "certificate", "assistant", "phone", "15067781234",
                                         NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = NULL;

  for (guint i = 0; i < 2; i++)
    {
      hits = gj_store_search (fx->store, i == 0 ? "李建国" : "建国", 1, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (hits->len, ==, 1);
      g_assert_cmpstr (((GjRecord *) hits->pdata[0])->id, ==, worker);
      g_clear_pointer (&hits, g_ptr_array_unref);
    }
  /* The entries are there after it. */
  hits = gj_store_search (fx->store, "李建国", 10, &error);
  g_assert_cmpuint (hits->len, ==, 3);
  g_assert_cmpstr (((GjRecord *) hits->pdata[1])->kind->name, ==, "hours");
}

/* Every row of the search table of the database at @path, as "rowid
 * body" lines, and its migration version; then runs @sql on it (when not
 * NULL). */
static char *
dump_search (const char *path,
             const char *sql)
{
  GString *out = g_string_new (NULL);
  sqlite3_stmt *stmt;
  sqlite3 *db;
  char *msg = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT rowid, body FROM search ORDER BY rowid", -1,
                                       &stmt, NULL), ==, SQLITE_OK);
  while (sqlite3_step (stmt) == SQLITE_ROW)
    g_string_append_printf (out, "%" G_GINT64_FORMAT " %s\n",
                            (gint64) sqlite3_column_int64 (stmt, 0),
                            (const char *) sqlite3_column_text (stmt, 1));
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA user_version", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  g_string_append_printf (out, "user_version %d\n", sqlite3_column_int (stmt, 0));
  sqlite3_finalize (stmt);
  if (sql != NULL && sqlite3_exec (db, sql, NULL, NULL, &msg) != SQLITE_OK)
    g_error ("%s: %s", sql, msg);
  sqlite3_close (db);
  return g_string_free (out, FALSE);
}

/* A database as version 2 left it: numbers, checkers and notes not in
 * the search table. Opening it rebuilds the table, to the very text the
 * write path gives each row. */
static void
test_migration (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = gj_test_db_path (&dir);
  g_autofree char *expected = NULL;
  g_autofree char *rebuilt = NULL;
  g_autoptr(GError) error = NULL;
  Fixture fx = { 0, };

  fixture_fill (&fx, gj_store_open (path, &error));
  g_assert_no_error (error);
  /* A deleted record has no search text, before and after. */
  g_assert_true (gj_store_delete (fx.store, gj_schema_lookup ("activity"), fx.activity, &error));
  g_clear_object (&fx.store);
  expected = dump_search (path, "BEGIN; DELETE FROM search;"
                          "INSERT INTO search (rowid, body) SELECT (9 << 40) | rid, name "
                          "FROM volunteer;"
                          "PRAGMA user_version = 2; COMMIT;");
  g_assert_nonnull (strstr (expected, PHONE));
  g_assert_nonnull (strstr (expected, "李建国"));
  g_assert_null (strstr (expected, "重阳节"));
  g_assert_nonnull (strstr (expected, "user_version " G_STRINGIFY (GJ_STORE_MIGRATION_VERSION)));

  fx.store = gj_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (search_finds (fx.store, "9602", fx.feng));
  assert_hours (&fx, "李建国", 2, 0);
  assert_hours (&fx, "冯晓梅", 3, 0);
  fixture_teardown (&fx, NULL);
  rebuilt = dump_search (path, NULL);
  g_assert_cmpstr (rebuilt, ==, expected);
  gj_test_remove_tree (dir);
}

/* On the demo street: every volunteer's entries are found by the
 * volunteer's full name (others may share a name or part of one). */
static void
test_demo (void)
{
  g_autoptr(GjStore) store = gj_test_demo_store (1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) volunteers = gj_store_list (store, gj_schema_lookup ("volunteer"), NULL,
                                                   &error);
  guint checked = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < volunteers->len && checked < 12; i++)
    {
      GjRecord *v = volunteers->pdata[i];
      GjFilter filter = { "volunteer_id", v->id, GJ_FILTER_EQ };
      GjQuery by_id = { .filters = &filter, .n_filters = 1 };
      g_autoptr(GPtrArray) own = gj_store_list (store, gj_schema_lookup ("hours"), &by_id,
                                                &error);
      g_autoptr(GPtrArray) found = NULL;

      if (own->len == 0)
        continue;
      found = list_hours (store, gj_record_get_title (v), NULL);
      g_assert_cmpuint (n_of (found, v->id), ==, own->len);
      checked++;
    }
  g_assert_cmpuint (checked, >, 0);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) g_test_add (path, Fixture, NULL, fixture_setup, fn, fixture_teardown)
  ADD ("/search/hours-by-volunteer", test_hours_by_volunteer);
  ADD ("/search/hours-by-checker-and-note", test_hours_by_checker_and_note);
  ADD ("/search/hours-by-community-and-team", test_hours_by_community_and_team);
  ADD ("/search/hours-after-rename", test_hours_after_rename);
  ADD ("/search/phones", test_phones);
  ADD ("/search/people-before-entries", test_people_before_entries);
#undef ADD
  g_test_add_func ("/search/migration", test_migration);
  g_test_add_func ("/search/demo", test_demo);
  return g_test_run ();
}
