/* test-store.c: the store, its validation and its change capture
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "gj-data-error.h"
#include "gj-stats.h"
#include "gj-store-private.h"
#include "gj-store-sync.h"
#include "gj-store.h"
#include "gj-test-store.h"

static gboolean
set_field (GjStore      *store,
           const char   *kind,
           const char   *id,
           const char   *field,
           const char   *value,
           GjWriteFlags  flags,
           GError      **error)
{
  g_autoptr(GjRecord) rec = gj_record_new_for (kind);

  rec->id = g_strdup (id);
  if (!gj_record_parse (rec, field, value, error))
    return FALSE;
  return gj_store_update (store, rec, flags, error);
}

static char *test_dir;

static char *
tmp_path (const char *name)
{
  return g_build_filename (test_dir, name, NULL);
}

static void
remove_test_dir (void)
{
  GDir *dir = g_dir_open (test_dir, 0, NULL);
  const char *name;

  while (dir && (name = g_dir_read_name (dir)))
    {
      g_autofree char *path = g_build_filename (test_dir, name, NULL);
      g_unlink (path);
    }
  if (dir)
    g_dir_close (dir);
  g_rmdir (test_dir);
  g_free (test_dir);
}

static void
test_open_errors (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *junk = tmp_path ("junk.db");
  g_autofree char *other = tmp_path ("other.db");
  g_autofree char *newer = tmp_path ("newer.db");
  g_autofree char *good = tmp_path ("good.db");
  GjStore *store;
  sqlite3 *db;

  /* A file of random bytes. */
  g_file_set_contents (junk, "This is not a database at all, just some text that is long enough "
                       "to fill more than the one hundred bytes of an SQLite header...........",
                       -1, NULL);
  store = gj_store_open (junk, &error);
  g_assert_null (store);
  g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_NOT_DATABASE);
  g_assert_nonnull (strstr (error->message, junk));
  g_clear_error (&error);

  /* An SQLite file of another program. */
  g_assert_cmpint (sqlite3_open (other, &db), ==, SQLITE_OK);
  sqlite3_exec (db, "CREATE TABLE x (a); INSERT INTO x VALUES (1);", NULL, NULL, NULL);
  sqlite3_close (db);
  store = gj_store_open (other, &error);
  g_assert_null (store);
  g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_NOT_DATABASE);
  g_clear_error (&error);

  /* A Gongjian database from a newer version. */
  store = gj_store_open (newer, &error);
  g_assert_no_error (error);
  g_object_unref (store);
  g_assert_cmpint (sqlite3_open (newer, &db), ==, SQLITE_OK);
  sqlite3_exec (db, "PRAGMA user_version = 99", NULL, NULL, NULL);
  sqlite3_close (db);
  store = gj_store_open (newer, &error);
  g_assert_null (store);
  g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_NEWER_SCHEMA);
  g_assert_nonnull (strstr (error->message, "99"));
  g_clear_error (&error);

  /* A good one reopens with its site id and version, and is private. */
  {
    g_autofree char *site = NULL;
    gint64 version;
    GStatBuf st;

    store = gj_store_open (good, &error);
    g_assert_no_error (error);
    g_free (gj_test_add (store, "district", "name", "清源区", NULL));
    site = g_strdup (gj_store_get_site_id (store));
    version = gj_store_get_version (store);
    g_assert_cmpint (version, >, 0);
    g_object_unref (store);

    store = gj_store_open (good, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (gj_store_get_site_id (store), ==, site);
    g_assert_cmpint (gj_store_get_version (store), ==, version);
    g_object_unref (store);
    g_assert_cmpint (g_stat (good, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0777, ==, 0600);
  }

  /* A damaged one: overwrite pages in the middle of the file. */
  {
    g_autofree char *contents = NULL;
    gsize len = 0;
    g_autofree char *broken = tmp_path ("broken.db");

    store = gj_store_open (good, &error);
    g_assert_no_error (error);
    for (int i = 0; i < 200; i++)
      g_free (gj_test_add (store, "district", "name", "一个很长的区名用来填满数据库页面", NULL));
    g_object_unref (store);
    g_assert_true (g_file_get_contents (good, &contents, &len, NULL));
    g_assert_cmpuint (len, >, 8192);
    memset (contents + 4096, 0xA5, len - 4096);
    g_file_set_contents (broken, contents, len, NULL);
    store = gj_store_open (broken, &error);
    if (store != NULL)
      {
        /* Opening may succeed when the schema page survived; reading must then fail cleanly. */
        g_autoptr(GPtrArray) all = gj_store_list (store, gj_schema_lookup ("district"), NULL,
        &error);
        g_assert_null (all);
        g_object_unref (store);
      }
    g_assert_nonnull (error);
    g_assert_true (error->code == GJ_DATA_ERROR_CORRUPT || error->code == GJ_DATA_ERROR_NOT_DATABASE);
    g_clear_error (&error);
  }
}

static void
test_validation (void)
{
  g_autoptr(GjStore) store = gj_test_store_new ();
  g_autoptr(GjRecord) org = gj_record_new_for ("organization");
  g_autoptr(GError) error = NULL;
  gint64 before;

  /* Enumerations take English keys and Chinese names alike. */
  g_assert_true (gj_record_parse (org, "category", "养老照护", &error));
  g_assert_cmpstr (gj_record_get_text (org, "category"), ==, "elderly_care");
  g_assert_true (gj_record_parse (org, "legal_form", "social_group", &error));
  g_assert_false (gj_record_parse (org, "category", "养老", &error));
  g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Category"));
  g_clear_error (&error);

  g_assert_false (gj_record_parse (org, "credit_code", "91350100M000100Y40", &error));
  g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "credit code"));
  g_clear_error (&error);

  g_assert_false (gj_record_parse (org, "phone", "1380013800", &error));
  g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_false (gj_record_parse (org, "founded", "2023-02-29", &error));
  g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_false (gj_record_parse (org, "members", "-3", &error));
  g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_false (gj_record_parse (org, "colour", "red", &error));
  g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_UNKNOWN_FIELD);
  g_clear_error (&error);

  /* A required field missing: nothing is written. */
  before = gj_store_get_version (store);
  g_assert_false (gj_store_insert (store, org, &error));
  g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_REQUIRED);
  g_assert_nonnull (strstr (error->message, "Name"));
  g_assert_cmpstr (gj_data_error_get_field (error), ==, "name");
  g_clear_error (&error);
  g_assert_cmpint (gj_store_get_version (store), ==, before);
  g_assert_cmpint (gj_store_count (store, org->kind, NULL, NULL), ==, 0);

  /* A reference to a record that does not exist. */
  g_assert_true (gj_record_parse (org, "name", "银龄互助会", &error));
  g_assert_true (gj_record_parse (org, "community_id", "0000-no-such", &error));
  g_assert_false (gj_store_insert (store, org, &error));
  g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "Community"));
  g_assert_cmpstr (gj_data_error_get_field (error), ==, "community_id");
  g_clear_error (&error);

  /* Money in yuan is kept in fen. */
  {
    g_autoptr(GjRecord) p = gj_record_new_for ("project");
    g_autofree char *shown = NULL;

    g_assert_true (gj_record_parse (p, "budget", "12,345.6", &error));
    g_assert_cmpint (gj_record_get_int (p, "budget"), ==, 1234560);
    shown = gj_record_format (p, "budget", FALSE);
    g_assert_cmpstr (shown, ==, "12,345.60");
    g_assert_false (gj_record_parse (p, "budget", "12.345", &error));
    g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID);
    g_clear_error (&error);
  }
}

static void
test_transitions (void)
{
  g_autoptr(GjStore) store = gj_test_store_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *org = gj_test_add (store, "organization", "name", "桂花社区邻里调解队",
                                     "category", "专业调处", "legal_form", "社区备案组织", NULL);
  g_autofree char *inc = gj_test_add (store, "incubation", "organization_id", org, "stage",
                                      "applied",
                                     "mentor", "李老师", NULL);
  g_autoptr(GjRecord) rec = NULL;

  g_assert_false (set_field (store, "incubation", inc, "stage", "graduated", 0, &error));
  g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_TRANSITION);
  g_assert_nonnull (strstr (error->message, "Stage"));
  g_assert_cmpstr (gj_data_error_get_field (error), ==, "stage");
  g_clear_error (&error);

  g_assert_true (set_field (store, "incubation", inc, "stage", "admitted", 0, &error));
  g_assert_no_error (error);
  rec = gj_store_get (store, gj_schema_lookup ("incubation"), inc, &error);
  g_assert_nonnull (gj_record_get_text (rec, "admitted_on"));
  g_assert_nonnull (gj_record_get_text (rec, "stage_since"));
  g_assert_true (set_field (store, "incubation", inc, "stage", "孵化中", 0, &error));
  g_assert_true (set_field (store, "incubation", inc, "stage", "evaluating", 0, &error));
  g_assert_true (set_field (store, "incubation", inc, "stage", "graduated", 0, &error));
  g_assert_no_error (error);

  /* Back to applied only with an explicit reopen. */
  g_assert_false (set_field (store, "incubation", inc, "stage", "applied", 0, &error));
  g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_TRANSITION);
  g_clear_error (&error);
  g_assert_true (set_field (store, "incubation", inc, "stage", "applied", GJ_WRITE_REOPEN, &error));
  g_assert_no_error (error);
}

/* The other workflows the schema describes (GjWorkflow). */
static void
test_workflows (void)
{
  g_autoptr(GjStore) store = gj_test_store_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *org = gj_test_add (store, "organization", "name", "夕阳红互助会", "category",
                                      "elderly_care",
                                     "legal_form", "foundation", NULL);
  g_autofree char *inc = gj_test_add (store, "incubation", "organization_id", org, "stage",
                                      "admitted",
                                     NULL);
  g_autofree char *com = gj_test_add (store, "community", "name", "桂花社区", "type", "urban", NULL);
  g_autofree char *unit = gj_test_add (store, "unit", "name", "区第一医院", "type", "hospital", NULL);
  g_autofree char *agr = gj_test_add (store, "agreement", "title", "共建协议", "unit_id", unit,
                                     "community_id", com, "status", "draft", NULL);
  g_autofree char *item = gj_test_add (store, "agreement_item", "agreement_id", agr, "content",
                                       "义诊",
                                      "status", "pending", NULL);
  g_autofree char *proj = gj_test_add (store, "project", "name", "长者饭堂", "field", "elderly",
                                      "status", "idea", NULL);
  g_autoptr(GjRecord) rec = NULL;

  /* An incubation exits from any stage, and evaluation goes back to incubating. */
  g_assert_true (set_field (store, "incubation", inc, "stage", "incubating", 0, &error));
  g_assert_true (set_field (store, "incubation", inc, "stage", "evaluating", 0, &error));
  g_assert_true (set_field (store, "incubation", inc, "stage", "incubating", 0, &error));
  g_assert_false (set_field (store, "incubation", inc, "stage", "admitted", 0, &error));
  g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_TRANSITION);
  g_clear_error (&error);
  g_assert_true (set_field (store, "incubation", inc, "stage", "exited", 0, &error));
  rec = gj_store_get (store, gj_schema_lookup ("incubation"), inc, &error);
  g_assert_nonnull (gj_record_get_text (rec, "closed_on"));
  g_clear_pointer (&rec, gj_record_unref);

  /* A draft agreement is signed before it is in force; an expired one is closed. */
  g_assert_false (set_field (store, "agreement", agr, "status", "in_force", 0, &error));
  g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_TRANSITION);
  g_clear_error (&error);
  g_assert_true (set_field (store, "agreement", agr, "status", "signed", 0, &error));
  g_assert_true (set_field (store, "agreement", agr, "status", "expired", 0, &error));
  g_assert_false (set_field (store, "agreement", agr, "status", "terminated", 0, &error));
  g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_TRANSITION);
  g_clear_error (&error);

  /* Items move freely and date their completion. */
  g_assert_true (set_field (store, "agreement_item", item, "status", "done", 0, &error));
  g_assert_true (set_field (store, "agreement_item", item, "status", "pending", 0, &error));
  rec = gj_store_get (store, gj_schema_lookup ("agreement_item"), item, &error);
  g_assert_nonnull (gj_record_get_text (rec, "done_on"));

  /* Projects only go forward, any number of stages at once. */
  g_assert_true (set_field (store, "project", proj, "status", "approved", 0, &error));
  g_assert_false (set_field (store, "project", proj, "status", "applied", 0, &error));
  g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_TRANSITION);
  g_clear_error (&error);
  g_assert_no_error (error);
}

static void
test_time_bank (void)
{
  g_autoptr(GjStore) store = gj_test_store_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *v = gj_test_add (store, "volunteer", "name", "王秀英", NULL);
  g_autofree char *h = gj_test_add (store, "hours", "volunteer_id", v, "kind", "存入", "hours", "6.5",
                                   "date", "2026-03-01", NULL);
  g_autoptr(GjRecord) redeem = gj_record_new_for ("hours");

  g_assert_cmpfloat (gj_store_hours_balance (store, v, NULL), ==, 6.5);
  gj_record_parse (redeem, "volunteer_id", v, NULL);
  gj_record_parse (redeem, "kind", "redeem", NULL);
  gj_record_parse (redeem, "hours", "7", NULL);
  gj_record_parse (redeem, "date", "2026-03-02", NULL);
  g_assert_false (gj_store_insert (store, redeem, &error));
  g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_BALANCE);
  g_assert_cmpstr (gj_data_error_get_field (error), ==, "hours");
  g_clear_error (&error);
  gj_record_parse (redeem, "hours", "2", NULL);
  g_clear_pointer (&redeem->id, g_free);
  g_assert_true (gj_store_insert (store, redeem, &error));
  g_assert_cmpfloat (gj_store_hours_balance (store, v, NULL), ==, 4.5);

  /* The ledger is append-only. */
  g_assert_false (set_field (store, "hours", h, "hours", "10", 0, &error));
  g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_READ_ONLY);
  g_clear_error (&error);
  g_assert_false (gj_store_delete (store, gj_schema_lookup ("hours"), h, &error));
  g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_READ_ONLY);
}

static void
test_transaction_rollback (void)
{
  g_autoptr(GjStore) store = gj_test_store_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GjRecord) good = gj_record_new_for ("district");
  g_autoptr(GjRecord) bad = gj_record_new_for ("organization");
  gint64 before = gj_store_get_version (store);

  g_assert_true (gj_store_begin (store, &error));
  gj_record_parse (good, "name", "甲区", NULL);
  g_assert_true (gj_store_insert (store, good, &error));
  gj_record_parse (bad, "name", "没有类别的组织", NULL);
  g_assert_false (gj_store_insert (store, bad, &error));
  g_clear_error (&error);
  gj_store_rollback (store);

  g_assert_cmpint (gj_store_count (store, good->kind, NULL, NULL), ==, 0);
  g_assert_cmpint (gj_store_get_version (store), ==, before);
}

static void
test_search (void)
{
  g_autoptr(GjStore) store = gj_test_store_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  g_autofree char *a = gj_test_add (store, "organization", "name", "东湖社区银龄互助会", "category", "养老照护",
                                   "legal_form", "社会团体", NULL);
  g_autofree char *b = gj_test_add (store, "project", "name", "银龄守护计划", "field", "elderly",
                                   "status", "idea", NULL);
  g_autofree char *c = gj_test_add (store, "unit", "name", "东湖小学", "type", "学校", NULL);

  hits = gj_store_search (store, "银龄互助", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 1);
  g_assert_cmpstr (((GjRecord *) hits->pdata[0])->id, ==, a);
  g_clear_pointer (&hits, g_ptr_array_unref);

  /* Two characters: LIKE fallback across kinds. */
  hits = gj_store_search (store, "银龄", 10, &error);
  g_assert_cmpuint (hits->len, ==, 2);
  g_clear_pointer (&hits, g_ptr_array_unref);
  hits = gj_store_search (store, "东湖", 10, &error);
  g_assert_cmpuint (hits->len, ==, 2);
  g_clear_pointer (&hits, g_ptr_array_unref);

  /* FTS syntax characters are literal. */
  hits = gj_store_search (store, "\"东湖 OR", 10, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (hits->len, ==, 0);
  g_clear_pointer (&hits, g_ptr_array_unref);

  /* Updates and deletes follow. */
  g_assert_true (set_field (store, "unit", c, "name", "东湖第二小学", 0, &error));
  hits = gj_store_search (store, "第二小学", 10, &error);
  g_assert_cmpuint (hits->len, ==, 1);
  g_clear_pointer (&hits, g_ptr_array_unref);
  g_assert_true (gj_store_delete (store, gj_schema_lookup ("unit"), c, &error));
  hits = gj_store_search (store, "第二小学", 10, &error);
  g_assert_cmpuint (hits->len, ==, 0);
  g_clear_pointer (&hits, g_ptr_array_unref);

  /* Within one kind through a list query. */
  {
    GjQuery q = { .text = "银龄守" };
    g_autoptr(GPtrArray) projects = gj_store_list (store, gj_schema_lookup ("project"), &q, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (projects->len, ==, 1);
    g_assert_cmpstr (((GjRecord *) projects->pdata[0])->id, ==, b);
  }
}

static void
test_list_filters (void)
{
  g_autoptr(GjStore) store = gj_test_store_new ();
  g_autoptr(GError) error = NULL;
  const GjKind *org = gj_schema_lookup ("organization");
  GjFilter f[] = { { "category", "charity" } };
  GjQuery q = { .filters = f, .n_filters = 1 };
  GjFilter f2[] = { { "members", "20", GJ_FILTER_GE } };
  GjQuery q2 = { .filters = f2, .n_filters = 1, .sort_field = "members", .descending = TRUE };
  g_autoptr(GPtrArray) list = NULL;

  for (int i = 0; i < 12; i++)
    {
      g_autofree char *name = g_strdup_printf ("组织%02d", i);
      g_autofree char *members = g_strdup_printf ("%d", i * 5);
      g_free (gj_test_add (store, "organization", "name", name, "category",
                           i % 3 ? "charity" : "other",
                          "legal_form", "foundation", "members", members, NULL));
    }
  g_assert_cmpint (gj_store_count (store, org, &q, &error), ==, 8);
  list = gj_store_list (store, org, &q2, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 8);
  g_assert_cmpint (gj_record_get_int (list->pdata[0], "members"), ==, 55);
  g_clear_pointer (&list, g_ptr_array_unref);

  {
    GjQuery page = { .limit = 5, .offset = 10 };
    list = gj_store_list (store, org, &page, &error);
    g_assert_cmpuint (list->len, ==, 2);
    g_assert_cmpstr (gj_record_get_title (list->pdata[0]), ==, "组织10");
  }
}

/* Pages of a list are bound into one cached statement: paging through a
 * long list must not prepare a statement per offset. */
static void
test_list_pages (void)
{
  g_autoptr(GjStore) store = gj_test_store_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = NULL;
  const GjKind *org = gj_schema_lookup ("organization");
  GjFilter f[] = { { "members", "10", GJ_FILTER_GE } };
  guint cached = 0;

  for (int i = 0; i < 40; i++)
    {
      g_autofree char *name = g_strdup_printf ("组织%02d", i);
      g_autofree char *members = g_strdup_printf ("%d", i);
      g_free (gj_test_add (store, "organization", "name", name, "category", "charity",
                          "legal_form", "foundation", "members", members, NULL));
    }
  all = gj_store_list (store, org, &(GjQuery) { .filters = f, .n_filters = 1 }, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 30);

  for (guint offset = 0; offset < all->len + 3; offset++)
    {
      GjQuery page = { .filters = f, .n_filters = 1, .limit = 4, .offset = offset };
      g_autoptr(GPtrArray) list = gj_store_list (store, org, &page, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (list->len, ==, MIN (4, all->len - MIN (offset, all->len)));
      for (guint i = 0; i < list->len; i++)
        g_assert_cmpstr (((GjRecord *) list->pdata[i])->id, ==,
                         ((GjRecord *) all->pdata[offset + i])->id);
      if (offset == 0)
        cached = gj_store_n_cached_statements (store);
      else
        g_assert_cmpuint (gj_store_n_cached_statements (store), ==, cached);
    }
}

/* Sync primitives between two in-memory replicas. */

static guint
exchange (GjStore  *from,
          GjStore  *to,
          GjCursor *cursor,
          guint     page)
{
  guint total = 0;

  for (;;)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) cells = NULL;
      GjApplyResult r;
      GjCursor next;

      cells = gj_store_changes_since (from, cursor, page, &next, &error);
      g_assert_no_error (error);
      if (cells->len == 0)
        return total;
      g_assert_true (gj_store_apply (to, cells, &r, &error));
      g_assert_no_error (error);
      total += r.conflicts;
      *cursor = next;
    }
}

static void
test_change_capture (void)
{
  g_autoptr(GjStore) a = gj_test_store_new ();
  g_autoptr(GjStore) b = gj_test_store_new ();
  g_autoptr(GjStore) c = gj_test_store_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cells = NULL;
  g_autofree char *id = gj_test_add (a, "organization", "name", "枫林村广场舞协会", "category", "文体娱乐",
                                    "legal_form", "社区备案组织", "members", "30", NULL);
  GjCursor ab = GJ_CURSOR_INIT, ba = GJ_CURSOR_INIT, bc = GJ_CURSOR_INIT;
  GjCursor zero_cursor = GJ_CURSOR_INIT, next;
  gint64 v;
  g_autofree char *dump_a = NULL;
  g_autofree char *dump_b = NULL;
  g_autofree char *dump_c = NULL;

  g_assert_cmpstr (gj_store_get_site_id (a), !=, gj_store_get_site_id (b));

  cells = gj_store_changes_since (a, &zero_cursor, 100, &next, &error);
  g_assert_cmpuint (cells->len, ==, 4);
  for (guint i = 0; i < cells->len; i++)
    g_assert_cmpstr (((GjCell *) cells->pdata[i])->site, ==, gj_store_get_site_id (a));
  g_clear_pointer (&cells, g_ptr_array_unref);

  /* An update changes only the cells it touches. */
  g_assert_true (set_field (a, "organization", id, "members", "31", 0, &error));
  cells = gj_store_changes_since (a, &next, 100, &next, &error);
  g_assert_cmpuint (cells->len, ==, 1);
  g_assert_cmpint (((GjCell *) cells->pdata[0])->value.i, ==, 31);
  g_clear_pointer (&cells, g_ptr_array_unref);

  /* A -> B -> C: relayed with A's clocks, not re-stamped by B. */
  exchange (a, b, &ab, 2);
  exchange (b, c, &bc, 3);
  dump_a = gj_store_dump (a, NULL);
  dump_b = gj_store_dump (b, NULL);
  dump_c = gj_store_dump (c, NULL);
  g_assert_cmpstr (dump_a, ==, dump_b);
  g_assert_cmpstr (dump_a, ==, dump_c);
  g_assert_null (strstr (dump_b, gj_store_get_site_id (b)));

  /* No echo: B sends A's cells back, A ignores them and writes nothing. */
  v = gj_store_get_version (a);
  exchange (b, a, &ba, 10);
  g_assert_cmpint (gj_store_get_version (a), ==, v);

  /* Idempotent: the same page applied twice changes nothing the second time. */
  {
    GjCursor zero = GJ_CURSOR_INIT;
    g_autofree char *before = gj_store_dump (c, NULL);
    g_autofree char *after = NULL;

    exchange (a, c, &zero, 1);
    after = gj_store_dump (c, NULL);
    g_assert_cmpstr (before, ==, after);
  }

  /* A bad page is refused whole. */
  {
    g_autoptr(GPtrArray) bad = g_ptr_array_new_with_free_func ((GDestroyNotify) gj_cell_free);
    GjCell *good_cell = gj_cell_new ();
    GjCell *bad_cell = gj_cell_new ();
    g_autofree char *before = gj_store_dump (c, NULL);
    g_autofree char *after = NULL;

    good_cell->kind = gj_schema_lookup ("district")->index;
    good_cell->column = 0;
    good_cell->row = g_strdup ("0190c0de-0000-7000-8000-000000000001");
    gj_value_set_text (&good_cell->value, "新区");
    good_cell->hlc = 1000;
    memset (good_cell->site, 'e', GJ_SITE_ID_LEN);
    *bad_cell = *good_cell;
    bad_cell->row = g_strdup (good_cell->row);
    bad_cell->value.type = GJ_VALUE_NULL;
    bad_cell->column = 99;
    g_ptr_array_add (bad, good_cell);
    g_ptr_array_add (bad, bad_cell);
    g_assert_false (gj_store_apply (c, bad, NULL, &error));
    g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_UNKNOWN_FIELD);
    after = gj_store_dump (c, NULL);
    g_assert_cmpstr (before, ==, after);
  }
}

static guint
count_conflicts (GjStore *store)
{
  return (guint) gj_store_count (store, gj_schema_lookup ("conflict"), NULL, NULL);
}

static void
test_conflicts (void)
{
  g_autoptr(GjStore) a = gj_test_store_new ();
  g_autoptr(GjStore) b = gj_test_store_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *id = gj_test_add (a, "organization", "name", "东湖社区志愿服务队", "category", "为民服务",
                                    "legal_form", "社区备案组织", "leader", "张三", NULL);
  GjCursor ab = GJ_CURSOR_INIT, ba = GJ_CURSOR_INIT;
  g_autoptr(GPtrArray) list = NULL;

  exchange (a, b, &ab, 100);

  /* Sequential: B edits what it got from A; A takes it silently. */
  g_assert_true (set_field (b, "organization", id, "leader", "李四", 0, &error));
  exchange (b, a, &ba, 100);
  g_assert_cmpuint (count_conflicts (a), ==, 0);

  /* Sequential again, the other way, and B then edits twice more. */
  g_assert_true (set_field (a, "organization", id, "leader", "王五", 0, &error));
  exchange (a, b, &ab, 100);
  g_assert_true (set_field (b, "organization", id, "leader", "赵六", 0, &error));
  g_assert_true (set_field (b, "organization", id, "leader", "钱七", 0, &error));
  exchange (b, a, &ba, 100);
  g_assert_cmpuint (count_conflicts (a), ==, 0);
  exchange (a, b, &ab, 100);
  g_assert_cmpuint (count_conflicts (b), ==, 0);

  /* Concurrent: both edit the same field offline. */
  g_assert_true (set_field (a, "organization", id, "leader", "孙八", 0, &error));
  g_assert_true (set_field (b, "organization", id, "leader", "周九", 0, &error));
  exchange (a, b, &ab, 100);
  exchange (b, a, &ba, 100);
  exchange (a, b, &ab, 100);
  g_assert_cmpuint (count_conflicts (a), ==, 1);
  g_assert_cmpuint (count_conflicts (b), ==, 1);
  list = gj_store_list (a, gj_schema_lookup ("conflict"), NULL, &error);
  {
    GjRecord *c = list->pdata[0];
    const char *kept = gj_record_get_text (c, "kept_value");
    const char *lost = gj_record_get_text (c, "lost_value");
    g_autoptr(GjRecord) org_a = gj_store_get (a, gj_schema_lookup ("organization"), id, NULL);
    g_autoptr(GjRecord) org_b = gj_store_get (b, gj_schema_lookup ("organization"), id, NULL);

    g_assert_cmpstr (gj_record_get_text (c, "field"), ==, "leader");
    g_assert_cmpstr (gj_record_get_text (c, "reason"), ==, "concurrent");
    g_assert_cmpstr (gj_record_get_text (org_a, "leader"), ==, kept);
    g_assert_cmpstr (gj_record_get_text (org_b, "leader"), ==, kept);
    g_assert_true ((g_str_equal (kept, "孙八") && g_str_equal (lost, "周九")) ||
                   (g_str_equal (kept, "周九") && g_str_equal (lost, "孙八")));
  }
  g_clear_pointer (&list, g_ptr_array_unref);

  /* Concurrent edit and delete: the row stays deleted, the edit is kept. */
  g_assert_true (gj_store_delete (a, gj_schema_lookup ("organization"), id, &error));
  g_assert_true (set_field (b, "organization", id, "members", "15", 0, &error));
  exchange (a, b, &ab, 100);
  exchange (b, a, &ba, 100);
  exchange (a, b, &ab, 100);
  {
    GjFilter f[] = { { "reason", "deleted" } };
    GjQuery q = { .filters = f, .n_filters = 1 };
    g_autoptr(GjRecord) org_a = gj_store_get (a, gj_schema_lookup ("organization"), id, NULL);
    g_autoptr(GjRecord) org_b = gj_store_get (b, gj_schema_lookup ("organization"), id, NULL);

    g_assert_true (gj_record_is_deleted (org_a));
    g_assert_true (gj_record_is_deleted (org_b));
    g_assert_cmpint (gj_store_count (a, gj_schema_lookup ("conflict"), &q, NULL), ==, 1);
    g_assert_cmpint (gj_store_count (b, gj_schema_lookup ("conflict"), &q, NULL), ==, 1);
  }

  /* A stale edit arriving late does not undo the delete. */
  {
    g_autoptr(GjRecord) org_a = gj_store_get (a, gj_schema_lookup ("organization"), id, NULL);
    g_assert_true (gj_record_is_deleted (org_a));
  }
}

static void
test_clock_monotonic (void)
{
  g_autoptr(GjStore) a = gj_test_store_new ();
  g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func ((GDestroyNotify) gj_cell_free);
  g_autoptr(GError) error = NULL;
  GjCell *cell = gj_cell_new ();
  guint64 far;
  g_autofree char *id = NULL;
  g_autoptr(GPtrArray) mine = NULL;
  GjCursor one = { 1, 1 }, next;

  /* A remote clock ahead of ours pulls our next local clock past it. */
  far = gj_store_get_clock (a) + ((guint64) 60000 << 8);
  cell->kind = gj_schema_lookup ("district")->index;
  cell->column = 0;
  cell->row = g_strdup ("0190c0de-0000-7000-8000-00000000abcd");
  gj_value_set_text (&cell->value, "远方区");
  cell->hlc = far;
  memset (cell->site, 'f', GJ_SITE_ID_LEN);
  g_ptr_array_add (cells, cell);
  g_assert_true (gj_store_apply (a, cells, NULL, &error));
  id = gj_test_add (a, "district", "name", "本地区", NULL);
  mine = gj_store_changes_since (a, &one, 10, &next, &error);
  g_assert_cmpuint (mine->len, ==, 1);
  g_assert_cmpuint (((GjCell *) mine->pdata[0])->hlc, >, far);
}

static void
test_stats (void)
{
  g_autoptr(GjStore) store = gj_test_store_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) stats = NULL;
  g_autofree char *urban = gj_test_add (store, "community", "name", "东湖社区", "type", "urban",
                                       "population", "10000", NULL);
  g_autofree char *rural = gj_test_add (store, "community", "name", "枫林村", "type", "rural",
                                       "population", "2500", NULL);
  GjCommunityStats *u, *r, *total;

  for (int i = 0; i < 10; i++)
    g_free (gj_test_add (store, "organization", "name", "组织", "category", "charity", "legal_form",
                        "foundation", "community_id", urban, "founded",
                        i < 2 ? "2026-03-01" : "2019-03-01",
                        NULL));
  for (int i = 0; i < 3; i++)
    g_free (gj_test_add (store, "organization", "name", "村组织", "category", "other", "legal_form",
                        "community_filed", "community_id", rural, NULL));
  for (int i = 0; i < 20; i++)
    g_free (gj_test_add (store, "social_worker", "name", "社工", "certificate",
                         i < 16 ? "assistant" : "none",
                        "full_time", "yes", "community_id", urban, NULL));
  g_free (gj_test_add (store, "volunteer_team", "name", "队", "community_id", rural, NULL));

  stats = gj_stats_compute (store, NULL, 2026, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (stats->len, ==, 3);
  u = stats->pdata[0];   /* ordered by name: 东湖社区 before 枫林村 */
  r = stats->pdata[1];
  total = stats->pdata[2];
  g_assert_cmpstr (u->name, ==, "东湖社区");
  g_assert_cmpuint (u->organizations, ==, 10);
  g_assert_cmpuint (u->organizations_target, ==, 10);
  g_assert_cmpfloat_with_epsilon (u->certified_per_10k, 16.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (u->full_time_per_10k, 20.0, 1e-9);
  g_assert_cmpfloat_with_epsilon (u->full_time_certified_share, 0.8, 1e-9);
  /* Only the volunteer teams fall short in the urban community. */
  g_assert_cmpuint (u->teams, ==, 0);
  g_assert_cmpuint (u->shortfalls, ==, 1);
  g_assert_cmpuint (u->new_orgs_this_year, ==, 2);

  g_assert_cmpuint (r->organizations, ==, 3);
  g_assert_cmpuint (r->organizations_target, ==, 5);
  g_assert_cmpuint (r->workers, ==, 0);
  /* Organizations, teams, workers, certified per 10k. */
  g_assert_cmpuint (r->shortfalls, ==, 4);

  g_assert_null (total->community_id);
  g_assert_cmpuint (total->organizations, ==, 13);
  g_assert_cmpint (total->population, ==, 12500);
  /* Fewer than 3 new organizations this year counts at street level. */
  g_assert_cmpuint (total->new_orgs_this_year, ==, 2);
}

int
main (int   argc,
      char *argv[])
{
  int rc;

  g_test_init (&argc, &argv, NULL);
  test_dir = g_dir_make_tmp ("gj-test-store-XXXXXX", NULL);

  g_test_add_func ("/store/open-errors", test_open_errors);
  g_test_add_func ("/store/validation", test_validation);
  g_test_add_func ("/store/transitions", test_transitions);
  g_test_add_func ("/store/workflows", test_workflows);
  g_test_add_func ("/store/time-bank", test_time_bank);
  g_test_add_func ("/store/transaction-rollback", test_transaction_rollback);
  g_test_add_func ("/store/search", test_search);
  g_test_add_func ("/store/list-filters", test_list_filters);
  g_test_add_func ("/store/list-pages", test_list_pages);
  g_test_add_func ("/store/change-capture", test_change_capture);
  g_test_add_func ("/store/conflicts", test_conflicts);
  g_test_add_func ("/store/clock-monotonic", test_clock_monotonic);
  g_test_add_func ("/store/stats", test_stats);

  rc = g_test_run ();
  remove_test_dir ();
  return rc;
}
