/* test-quarantine.c: a peer's page is judged row by row (issue 9)
 *
 * Every value that crosses the wire passes the checks of a local write; a
 * row that fails is held in quarantine with its reason while the rest of
 * the page is applied, and comes in once a later change fixes it. The
 * district server judges scope on the row as it holds it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <math.h>
#include <sqlite3.h>
#include <string.h>

#include "gj-data-error.h"
#include "gj-demo.h"
#include "gj-hlc.h"
#include "gj-store-sync.h"
#include "gj-store.h"
#include "gj-test-store.h"

#define PEER "eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee"

static void
copy_all (GjStore *from,
          GjStore *to)
{
  g_autoptr(GError) error = NULL;
  GjCursor since = GJ_CURSOR_INIT, next;

  for (;;)
    {
      g_autoptr(GPtrArray) cells = gj_store_changes_since (from, &since, 5000, &next, &error);
      GjApplyResult r;

      g_assert_no_error (error);
      if (cells->len == 0)
        break;
      g_assert_true (gj_store_apply (to, cells, &r, &error));
      g_assert_no_error (error);
      g_assert_cmpuint (r.refused, ==, 0);
      since = next;
    }
}

static guint64 next_clock;

static GjCell *
cell (const char    *kind,
      const char    *row,
      const char    *field,
      const GjValue *value)
{
  const GjKind *k = gj_schema_lookup (kind);
  GjCell *c = gj_cell_new ();
  int col = g_str_equal (field, "deleted") ? (int) gj_kind_deleted_column (k) : gj_kind_field_index (k, field);

  g_assert_cmpint (col, >=, 0);
  c->kind = k->index;
  c->column = col;
  c->row = g_strdup (row);
  gj_value_copy (&c->value, value);
  /* Newer than anything the demo wrote, and strictly increasing. */
  next_clock = MAX (next_clock, gj_hlc_now_physical ());
  c->hlc = ++next_clock;
  memcpy (c->site, PEER, GJ_SITE_ID_LEN);
  return c;
}

static GjCell *
text_cell (const char *kind,
           const char *row,
           const char *field,
           const char *text)
{
  GjValue v = GJ_VALUE_INIT;
  GjCell *c;

  gj_value_set_text (&v, text);
  c = cell (kind, row, field, &v);
  gj_value_clear (&v);
  return c;
}

static GjCell *
number_cell (const char *kind,
             const char *row,
             const char *field,
             double      real,
             gint64      integer,
             gboolean    is_real)
{
  GjValue v = GJ_VALUE_INIT;

  if (is_real)
    gj_value_set_real (&v, real);
  else
    gj_value_set_int (&v, integer);
  return cell (kind, row, field, &v);
}

static GjRecord *
first_of (GjStore    *store,
          const char *kind)
{
  g_autoptr(GError) error = NULL;
  GjQuery q = { .limit = 1 };
  g_autoptr(GPtrArray) list = gj_store_list (store, gj_schema_lookup (kind), &q, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (list->len, >, 0);
  return gj_record_ref (g_ptr_array_index (list, 0));
}

/* A new organization of @street as a peer would send it, with @bad_field
 * set to @bad (or nothing bad when @bad_field is NULL). */
static void
add_org (GPtrArray  *page,
         const char *id,
         const char *street,
         const char *community,
         GjCell     *bad)
{
  /* Where the street has communities, an organization names one. */
  if (community != NULL)
    g_ptr_array_add (page, text_cell ("organization", id, "community_id", community));
  g_ptr_array_add (page, text_cell ("organization", id, "street_id", street));
  g_ptr_array_add (page, text_cell ("organization", id, "name", "东湖社区银龄互助会"));
  g_ptr_array_add (page, text_cell ("organization", id, "category", "elderly_care"));
  g_ptr_array_add (page, text_cell ("organization", id, "legal_form", "community_filed"));
  if (bad)
    {
      bad->hlc = ++next_clock;   /* made before the cells above: it must be the newest */
      g_ptr_array_add (page, bad);
    }
}

static gboolean
has_org (GjStore    *store,
         const char *id)
{
  g_autoptr(GjRecord) rec = gj_store_get (store, gj_schema_lookup ("organization"), id, NULL);

  return rec != NULL;
}

/* Values the command line refuses are refused over the wire too, each
 * costing its own row only. */
static void
test_invalid_values (void)
{
  g_autoptr(GjStore) source = gj_test_demo_store (7);
  g_autoptr(GjStore) b = gj_test_store_new ();
  g_autoptr(GPtrArray) page = g_ptr_array_new_with_free_func ((GDestroyNotify) gj_cell_free);
  g_autoptr(GPtrArray) refused = g_ptr_array_new_with_free_func ((GDestroyNotify) gj_refusal_free);
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GjRecord) street = NULL;
  g_autoptr(GjRecord) com = NULL;
  GjApplyResult r;
  const char *sid;
  GjValue null_value = GJ_VALUE_INIT;
  guint n_bad = 0;
  GjApplyOptions opts = { PEER, NULL };

  copy_all (source, b);
  street = first_of (b, "street");
  sid = street->id;
  com = first_of (b, "community");

  /* The bad cells, one per row. */
#define BAD(idx, expr) do { const char *id = "0190c0de-0000-7000-8000-0000000000" #idx; \
    add_org (page, id, sid, com->id, expr); n_bad++; } while (0)
  BAD (01, text_cell ("organization", id, "category", "bogus"));
  BAD (02, text_cell ("organization", id, "founded", "2026-02-30"));
  BAD (03, number_cell ("organization", id, "members", 0, -5, FALSE));
  BAD (04, number_cell ("organization", id, "brand", 0, 7, FALSE));
  BAD (05, text_cell ("organization", id, "credit_code", "91110000600037341X"));
  BAD (06, text_cell ("organization", id, "phone", "1234"));
  BAD (07, text_cell ("organization", id, "name", "\xce\xff"));
  BAD (08, cell ("organization", id, "legal_form", &null_value));
  BAD (10, text_cell ("organization", id, "description", "a\x01b"));
  BAD (11, number_cell ("organization", id, "members", 1.5, 0, TRUE));
#undef BAD

  /* And one good row in the middle of them. */
  add_org (page, "0190c0de-0000-7000-8000-000000000099", sid, com->id, NULL);

  g_assert_true (gj_store_apply_page (b, page, &opts, &r, refused, &error));
  g_assert_no_error (error);
  g_assert_true (has_org (b, "0190c0de-0000-7000-8000-000000000099"));
  for (guint i = 0; i < refused->len; i++)
    {
      GjRefusal *f = g_ptr_array_index (refused, i);

      g_test_message ("%s %s: %s", f->kind, f->id, f->reason);
    }
  g_assert_cmpuint (r.refused, ==, n_bad);
  g_assert_cmpuint (refused->len, ==, n_bad);
  for (guint i = 0; i < refused->len; i++)
    {
      GjRefusal *f = g_ptr_array_index (refused, i);

      g_test_message ("%s %s: %s", f->kind, f->id, f->reason);
      g_assert_false (has_org (b, f->id));
      g_assert_cmpstr (f->kind, ==, "organization");
      g_assert_true (strlen (f->reason) > 0);
    }

  problems = gj_store_list_problems (b, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, n_bad);
  for (guint i = 0; i < problems->len; i++)
    {
      GjProblem *p = g_ptr_array_index (problems, i);

      g_assert_true (p->received);
      g_assert_cmpstr (p->peer, ==, PEER);
    }

  /* The sender fixes the category: only that cell travels, and the held
   * row comes in with it. */
  {
    g_autoptr(GPtrArray) fix = g_ptr_array_new_with_free_func ((GDestroyNotify) gj_cell_free);
    g_autoptr(GPtrArray) after = NULL;

    g_ptr_array_add (fix, text_cell ("organization", "0190c0de-0000-7000-8000-000000000001",
                                     "category", "public_service"));
    g_assert_true (gj_store_apply_page (b, fix, &opts, &r, NULL, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (r.refused, ==, 0);
    g_assert_true (has_org (b, "0190c0de-0000-7000-8000-000000000001"));
    after = gj_store_list_problems (b, NULL);
    g_assert_cmpuint (after->len, ==, n_bad - 1);
  }
}

/* Time bank: a redemption above the balance, a change to an entry and
 * infinite hours are all refused; the ledger stays as it was. */
static void
test_time_bank (void)
{
  g_autoptr(GjStore) source = gj_test_demo_store (7);
  g_autoptr(GjStore) b = gj_test_store_new ();
  g_autoptr(GPtrArray) page = g_ptr_array_new_with_free_func ((GDestroyNotify) gj_cell_free);
  g_autoptr(GjRecord) vol = NULL;
  g_autoptr(GjRecord) entry = NULL;
  g_autoptr(GError) error = NULL;
  GjApplyResult r;
  double before;
  const char *ids[] = { "0190c0de-0000-7000-8000-0000000001a1", "0190c0de-0000-7000-8000-0000000001a2" };

  copy_all (source, b);
  vol = first_of (b, "volunteer");
  entry = first_of (b, "hours");
  before = gj_store_hours_balance (b, vol->id, NULL);

  for (guint i = 0; i < G_N_ELEMENTS (ids); i++)
    {
      g_ptr_array_add (page, text_cell ("hours", ids[i], "street_id", gj_record_get_text (vol, "street_id")));
      g_ptr_array_add (page, text_cell ("hours", ids[i], "volunteer_id", vol->id));
      g_ptr_array_add (page, text_cell ("hours", ids[i], "kind", i == 0 ? "redeem" : "earn"));
      g_ptr_array_add (page, number_cell ("hours", ids[i], "hours", i == 0 ? 99999 : INFINITY, 0, TRUE));
      g_ptr_array_add (page, text_cell ("hours", ids[i], "date", "2026-11-30"));
    }
  g_ptr_array_add (page, number_cell ("hours", entry->id, "hours", 1000, 0, TRUE));
  g_ptr_array_add (page, number_cell ("hours", entry->id, "deleted", 0, 1, FALSE));

  g_assert_true (gj_store_apply_page (b, page, NULL, &r, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (r.refused, ==, 3);
  g_assert_cmpfloat_with_epsilon (gj_store_hours_balance (b, vol->id, NULL), before, 1e-9);
}

/* The district server: a device writes only rows of its own street as the
 * server holds them, and never moves a row. */
static void
test_scope (void)
{
  g_autoptr(GjStore) east = gj_test_demo_store (7);
  g_autoptr(GjStore) server = gj_test_store_new ();
  g_autoptr(GPtrArray) setup = g_ptr_array_new_with_free_func ((GDestroyNotify) gj_cell_free);
  g_autoptr(GPtrArray) page = g_ptr_array_new_with_free_func ((GDestroyNotify) gj_cell_free);
  g_autoptr(GPtrArray) refused = g_ptr_array_new_with_free_func ((GDestroyNotify) gj_refusal_free);
  g_autoptr(GjRecord) east_street = NULL;
  g_autoptr(GjRecord) east_org = NULL;
  g_autoptr(GjRecord) east_vol = NULL;
  g_autoptr(GjRecord) after = NULL;
  g_autoptr(GjRecord) district = NULL;
  g_autoptr(GError) error = NULL;
  const char *west = "0190c0de-0000-7000-8000-00000000aaaa";
  GjApplyOptions west_device = { PEER, west };
  GjApplyResult r;
  GjCell *old;

  copy_all (east, server);
  east_street = first_of (server, "street");
  east_org = first_of (server, "organization");
  east_vol = first_of (server, "volunteer");
  district = first_of (server, "district");
  g_ptr_array_add (setup, text_cell ("street", west, "street_id", west));
  g_ptr_array_add (setup, text_cell ("street", west, "name", "西湖街道"));
  g_assert_true (gj_store_apply (server, setup, &r, &error));
  g_assert_cmpuint (r.refused, ==, 0);

  /* An old street cell naming the sender's street, and new values for
   * an east organization and the east street record. */
  old = text_cell ("organization", east_org->id, "street_id", west);
  old->hlc = 1;
  g_ptr_array_add (page, old);
  g_ptr_array_add (page, text_cell ("organization", east_org->id, "name", "改名了"));
  old = text_cell ("street", east_street->id, "street_id", west);
  old->hlc = 1;
  g_ptr_array_add (page, old);
  g_ptr_array_add (page, text_cell ("street", east_street->id, "name", "改名了"));
  /* A newer street cell for an east volunteer. */
  g_ptr_array_add (page, text_cell ("volunteer", east_vol->id, "street_id", west));
  /* District data. */
  g_ptr_array_add (page, text_cell ("district", district->id, "name", "改名了"));
  /* A new row that claims the east street. */
  add_org (page, "0190c0de-0000-7000-8000-0000000000e1", east_street->id, NULL, NULL);
  /* And what the device may do: a new row of its own street. */
  add_org (page, "0190c0de-0000-7000-8000-0000000000f1", west, NULL, NULL);

  g_assert_true (gj_store_apply_page (server, page, &west_device, &r, refused, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < refused->len; i++)
    {
      GjRefusal *f = g_ptr_array_index (refused, i);
      g_test_message ("%s %s: %s", f->kind, f->id, f->reason);
    }
  g_assert_cmpuint (r.refused, ==, 5);
  g_assert_true (has_org (server, "0190c0de-0000-7000-8000-0000000000f1"));
  g_assert_false (has_org (server, "0190c0de-0000-7000-8000-0000000000e1"));
  after = gj_store_get (server, gj_schema_lookup ("organization"), east_org->id, NULL);
  g_assert_cmpstr (gj_record_get_text (after, "name"), ==, gj_record_get_text (east_org, "name"));
  g_assert_cmpstr (gj_record_get_text (after, "street_id"), ==, east_street->id);
  g_clear_pointer (&after, gj_record_unref);
  after = gj_store_get (server, gj_schema_lookup ("volunteer"), east_vol->id, NULL);
  g_assert_cmpstr (gj_record_get_text (after, "street_id"), ==, east_street->id);
}

/* A laptop whose clock was a day ahead keeps syncing, and its clock does
 * not pull the receiver's along; a week and more is refused. An edit here
 * of a value dated ahead still wins. */
static void
test_clocks (void)
{
  g_autoptr(GjStore) source = gj_test_demo_store (7);
  g_autoptr(GjStore) b = gj_test_store_new ();
  g_autoptr(GPtrArray) page = g_ptr_array_new_with_free_func ((GDestroyNotify) gj_cell_free);
  g_autoptr(GjRecord) org = NULL;
  g_autoptr(GjRecord) after = NULL;
  g_autoptr(GjRecord) change = NULL;
  g_autoptr(GError) error = NULL;
  guint64 day = (guint64) 24 * 3600 * 1000 << GJ_HLC_SHIFT;
  guint64 now = gj_hlc_now_physical ();
  GjApplyResult r;
  GjCell *c;

  copy_all (source, b);
  org = first_of (b, "organization");
  c = text_cell ("organization", org->id, "name", "明天的名字");
  c->hlc = now + day;
  g_ptr_array_add (page, c);
  add_org (page, "0190c0de-0000-7000-8000-0000000000c1", gj_record_get_text (org, "street_id"),
           NULL, NULL);
  for (guint i = page->len - 4; i < page->len; i++)
    ((GjCell *) g_ptr_array_index (page, i))->hlc = now + 8 * day;

  g_assert_true (gj_store_apply_page (b, page, NULL, &r, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (r.refused, ==, 1);
  g_assert_false (has_org (b, "0190c0de-0000-7000-8000-0000000000c1"));
  after = gj_store_get (b, gj_schema_lookup ("organization"), org->id, NULL);
  g_assert_cmpstr (gj_record_get_text (after, "name"), ==, "明天的名字");
  g_assert_cmpuint (gj_store_get_clock (b), <, now + day / 24);

  change = gj_record_new_for ("organization");
  change->id = g_strdup (org->id);
  gj_record_set_text (change, "name", "今天的名字");
  g_assert_true (gj_store_update (b, change, 0, &error));
  g_clear_pointer (&after, gj_record_unref);
  after = gj_store_get (b, gj_schema_lookup ("organization"), org->id, NULL);
  g_assert_cmpstr (gj_record_get_text (after, "name"), ==, "今天的名字");
}

/* One row repeating a field that alternates between two devices makes at
 * most one conflict, and the value that is newest wins. */
static void
test_conflicts_bounded (void)
{
  g_autoptr(GjStore) source = gj_test_demo_store (7);
  g_autoptr(GjStore) b = gj_test_store_new ();
  g_autoptr(GPtrArray) page = g_ptr_array_new_with_free_func ((GDestroyNotify) gj_cell_free);
  g_autoptr(GjRecord) org = NULL;
  g_autoptr(GjRecord) after = NULL;
  g_autoptr(GError) error = NULL;
  GjApplyResult r;

  copy_all (source, b);
  org = first_of (b, "organization");
  for (guint i = 0; i < 20000; i++)
    {
      GjCell *c = text_cell ("organization", org->id, "leader", i % 2 ? "甲" : "乙");

      c->site[0] = i % 2 ? 'e' : 'f';
      g_ptr_array_add (page, c);
    }
  g_assert_true (gj_store_apply_page (b, page, NULL, &r, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (r.conflicts, <=, 1);
  after = gj_store_get (b, gj_schema_lookup ("organization"), org->id, NULL);
  g_assert_cmpstr (gj_record_get_text (after, "leader"), ==, "甲");
}

static gboolean
sends_row (GjStore    *store,
           const char *id)
{
  g_autoptr(GError) error = NULL;
  GjCursor since = GJ_CURSOR_INIT, next;
  gboolean found = FALSE;

  for (;;)
    {
      g_autoptr(GPtrArray) cells = gj_store_changes_since (store, &since, 5000, &next, &error);

      g_assert_no_error (error);
      if (cells->len == 0)
        return found;
      for (guint i = 0; i < cells->len; i++)
        found |= g_str_equal (((GjCell *) g_ptr_array_index (cells, i))->row, id);
      since = next;
    }
}

/* Values an older version stored without checking them (hours=inf, text
 * that is not UTF-8) are found when the database is next opened, held so
 * that they are sent nowhere, listed, and sent again once fixed here. */
static void
test_stored_values (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = gj_test_db_path (&dir);
  g_autoptr(GjStore) store = NULL;
  g_autoptr(GjRecord) org = NULL;
  g_autoptr(GjRecord) entry = NULL;
  g_autoptr(GjRecord) fix = NULL;
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GDate) today = g_date_new_dmy (1, 12, 2026);
  g_autofree char *sql = NULL;
  sqlite3 *db;

  store = gj_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_true (gj_demo_load (store, 3, today, &error));
  org = first_of (store, "organization");
  entry = first_of (store, "hours");
  g_assert_true (sends_row (store, org->id));
  g_clear_object (&store);

  /* What an older version could have written. */
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  sql = g_strdup_printf ("UPDATE organization SET leader = CAST(X'61CE35' AS TEXT) WHERE id = '%s';"
                         "UPDATE hours SET hours = 1e999 WHERE id = '%s';"
                         "DELETE FROM meta WHERE key = 'values_checked';", org->id, entry->id);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);

  store = gj_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_false (sends_row (store, org->id));
  g_assert_false (sends_row (store, entry->id));
  problems = gj_store_list_problems (store, &error);
  g_assert_cmpuint (problems->len, ==, 2);

  /* The person fixes the organization; it is sent again. */
  fix = gj_record_new_for ("organization");
  fix->id = g_strdup (org->id);
  gj_record_set_text (fix, "leader", "李四");
  g_assert_true (gj_store_update (store, fix, 0, &error));
  g_assert_no_error (error);
  g_assert_true (sends_row (store, org->id));
  g_clear_pointer (&problems, g_ptr_array_unref);
  problems = gj_store_list_problems (store, &error);
  g_assert_cmpuint (problems->len, ==, 1);

  g_clear_object (&store);
  gj_test_db_remove (dir, path);
}

/* A held row keeps its values as they came: a phone number is digits in
 * text, and stays text, so that the sender's fix of another field brings
 * the whole row in. (Release 0.2.0 held it in a column of numeric affinity
 * and the row came back judged wrong; migration 2 turns such numbers back
 * into their digits.) */
static void
test_held_digits_stay_text (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = gj_test_db_path (&dir);
  g_autoptr(GError) error = NULL;
  const char *id = "0190c0de-0000-7000-8000-00000000d161";
  GjApplyResult r = { 0, };

  {
    g_autoptr(GjStore) store = gj_store_open (path, &error);
    g_autoptr(GPtrArray) page = g_ptr_array_new_with_free_func ((GDestroyNotify) gj_cell_free);

    g_assert_no_error (error);
    add_org (page, id, "0190c0de-0000-7000-8000-000000000001", NULL,
             text_cell ("organization", id, "category", "spaceflight"));
    g_ptr_array_add (page, text_cell ("organization", id, "phone", "13800000001"));
    g_assert_true (gj_store_apply (store, page, &r, &error));
    g_assert_cmpuint (r.refused, ==, 1);
    g_assert_false (has_org (store, id));
  }
  {
    sqlite3 *db = NULL;

    /* As 0.2.0 left it: the column of numeric affinity, the number in it. */
    g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_exec (db,
      "CREATE TABLE q2 (kind INTEGER NOT NULL, row TEXT NOT NULL, col INTEGER NOT NULL, value ANY,"
      " hlc INTEGER NOT NULL, site TEXT NOT NULL, seen INTEGER NOT NULL,"
      " PRIMARY KEY (kind, row, col)) WITHOUT ROWID;"
      "INSERT INTO q2 SELECT * FROM quarantine_cell; DROP TABLE quarantine_cell;"
      "ALTER TABLE q2 RENAME TO quarantine_cell; PRAGMA user_version = 1;", NULL, NULL, NULL),
      ==, SQLITE_OK);
    sqlite3_close (db);
  }
  {
    g_autoptr(GjStore) store = gj_store_open (path, &error);
    g_autoptr(GPtrArray) fix = g_ptr_array_new_with_free_func ((GDestroyNotify) gj_cell_free);
    g_autoptr(GjRecord) rec = NULL;

    g_assert_no_error (error);
    g_ptr_array_add (fix, text_cell ("organization", id, "category", "charity"));
    g_assert_true (gj_store_apply (store, fix, &r, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (r.refused, ==, 0);
    rec = gj_store_get (store, gj_schema_lookup ("organization"), id, &error);
    g_assert_nonnull (rec);
    g_assert_cmpstr (gj_record_get_text (rec, "phone"), ==, "13800000001");
  }
  gj_test_db_remove (dir, path);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/quarantine/invalid-values", test_invalid_values);
  g_test_add_func ("/quarantine/time-bank", test_time_bank);
  g_test_add_func ("/quarantine/scope", test_scope);
  g_test_add_func ("/quarantine/clocks", test_clocks);
  g_test_add_func ("/quarantine/conflicts-bounded", test_conflicts_bounded);
  g_test_add_func ("/quarantine/stored-values", test_stored_values);
  g_test_add_func ("/quarantine/held-digits-stay-text", test_held_digits_stay_text);
  return g_test_run ();
}
