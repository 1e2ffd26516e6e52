/* test-rules.c: rules between the fields of a record, and the forms of
 * dates and money a person types (issue 15, items 3 and 4)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "gj-data-error.h"
#include "gj-duplicates.h"
#include "gj-hlc.h"
#include "gj-store-sync.h"
#include "gj-store.h"
#include "gj-test-store.h"
#include "gj-validate.h"

#define PEER "eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee"
#define CODE_A "91350100M000100Y43"

/* Fixtures */

static GjRecord *
record_of (const char *kind,
           ...) G_GNUC_NULL_TERMINATED;

/* A record of @kind from field, typed value pairs ending with NULL. */
static GjRecord *
record_of (const char *kind,
           ...)
{
  g_autoptr(GjRecord) rec = gj_record_new_for (kind);
  g_autoptr(GError) error = NULL;
  const char *field;
  va_list ap;

  va_start (ap, kind);
  while ((field = va_arg (ap, const char *)))
    {
      gj_record_parse (rec, field, va_arg (ap, const char *), &error);
      g_assert_no_error (error);
    }
  va_end (ap);
  return g_steal_pointer (&rec);
}

static gboolean
exists (GjStore    *store,
        const char *kind,
        const char *id)
{
  g_autoptr(GjRecord) rec = id != NULL ? gj_store_get (store, gj_schema_lookup (kind), id, NULL)
                                       : NULL;

  return rec != NULL;
}

/* Asserts that writing @rec (insert, or update when it has an id) is
 * refused naming @field with a message containing @words. */
static void
assert_refused (GjStore    *store,
                GjRecord   *rec,
                const char *field,
                const char *words)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = exists (store, rec->kind->name, rec->id)
                  ? gj_store_update (store, rec, GJ_WRITE_NONE, &error)
                  : gj_store_insert (store, rec, &error);

  g_assert_false (ok);
  g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID);
  g_test_message ("%s", error->message);
  g_assert_cmpstr (gj_data_error_get_field (error), ==, field);
  g_assert_nonnull (strstr (error->message, words));
}

static void
assert_written (GjStore  *store,
                GjRecord *rec)
{
  g_autoptr(GError) error = NULL;
  gboolean ok = exists (store, rec->kind->name, rec->id)
                  ? gj_store_update (store, rec, GJ_WRITE_NONE, &error)
                  : gj_store_insert (store, rec, &error);

  g_assert_no_error (error);
  g_assert_true (ok);
}

static char *
add_community (GjStore *store)
{
  return gj_test_add (store, "community", "name", "东湖社区", "type", "urban", NULL);
}

static char *
add_org (GjStore    *store,
         const char *community,
         const char *name,
         const char *code)
{
  return gj_test_add (store, "organization", "name", name, "credit_code", code,
                      "legal_form", "social_group", "category", "elderly_care",
                      "community_id", community, NULL);
}

/* Unique identifiers on one laptop */

static void
test_unique_credit_code (void)
{
  g_autoptr(GjStore) store = gj_test_store_new ();
  g_autofree char *com = add_community (store);
  g_autofree char *first = add_org (store, com, "东湖社区银龄互助会", CODE_A);
  g_autofree char *other = add_org (store, com, "东湖社区邻里帮", NULL);
  g_autoptr(GjRecord) dup = record_of ("organization", "name", "东湖银龄会",
                                       "credit_code", "91350100m000100y43",
                                       "legal_form", "social_group", "category", "elderly_care",
                                       "community_id", com, NULL);
  g_autoptr(GjRecord) change = record_of ("organization", "credit_code", CODE_A, NULL);
  g_autoptr(GjRecord) same = record_of ("organization", "credit_code", CODE_A,
                                        "leader", "林晓红", NULL);
  g_autoptr(GError) error = NULL;

  /* A second organization with the code, typed in small letters. */
  assert_refused (store, dup, "credit_code", "“东湖社区银龄互助会”");
  /* An existing one given the code. */
  change->id = g_strdup (other);
  assert_refused (store, change, "credit_code", CODE_A);
  /* The owner of the code may still be edited, the code given again. */
  same->id = g_strdup (first);
  assert_written (store, same);
  /* Once the first is deleted, the code is free. */
  g_assert_true (gj_store_delete (store, gj_schema_lookup ("organization"), first, &error));
  g_assert_no_error (error);
  g_clear_pointer (&dup->id, g_free);
  assert_written (store, dup);
}

/* A resident ID born on @birth (YYYYMMDD) with its check character. */
static char *
resident_id (const char *birth,
             const char *serial)
{
  g_autofree char *first17 = g_strdup_printf ("110105%s%s", birth, serial);

  return g_strdup_printf ("%s%c", first17, gj_resident_id_check (first17));
}

static void
test_unique_resident_id (void)
{
  g_autoptr(GjStore) store = gj_test_store_new ();
  g_autofree char *number = resident_id ("19491231", "002");
  g_autofree char *masked = g_strdup_printf ("110105********%s", number + 14);
  g_autofree char *other_number = resident_id ("20000101", "123");
  g_autofree char *id = gj_test_add (store, "volunteer", "name", "冯建国",
                                     "resident_id", number, NULL);
  g_autoptr(GjRecord) dup = record_of ("volunteer", "name", "冯建囯",
                                       "resident_id", number, NULL);
  g_autoptr(GjRecord) other = record_of ("volunteer", "name", "王芳",
                                         "resident_id", other_number, NULL);

  /* The number is masked in the message, as in lists; the name is not. */
  assert_refused (store, dup, "resident_id", "“冯建国”");
  assert_refused (store, dup, "resident_id", masked);
  assert_written (store, other);
}

/* Records made apart on two laptops meet through the sync: both are kept
 * for the duplicate review, which merges them. */
static GjCell *
peer_cell (const char *kind,
           const char *row,
           const char *field,
           const char *text)
{
  static guint64 clock;
  const GjKind *k = gj_schema_lookup (kind);
  GjCell *c = gj_cell_new ();

  c->kind = k->index;
  c->column = g_str_equal (field, "deleted") ? gj_kind_deleted_column (k)
                                              : (guint) gj_kind_field_index (k, field);
  c->row = g_strdup (row);
  if (g_str_equal (field, "deleted"))
    gj_value_set_int (&c->value, 1);
  else if (text != NULL)
    gj_value_set_text (&c->value, text);
  clock = MAX (clock, gj_hlc_now_physical ());
  c->hlc = ++clock;
  memcpy (c->site, PEER, GJ_SITE_ID_LEN);
  return c;
}

static void
peer_org (GPtrArray  *page,
          const char *id,
          const char *street,
          const char *community,
          const char *code)
{
  g_ptr_array_add (page, peer_cell ("organization", id, "street_id", street));
  g_ptr_array_add (page, peer_cell ("organization", id, "name", "东湖银龄会"));
  g_ptr_array_add (page, peer_cell ("organization", id, "category", "elderly_care"));
  g_ptr_array_add (page, peer_cell ("organization", id, "legal_form", "social_group"));
  g_ptr_array_add (page, peer_cell ("organization", id, "credit_code", code));
  g_ptr_array_add (page, peer_cell ("organization", id, "community_id", community));
}

static guint
apply (GjStore   *store,
       GPtrArray *page,
       GPtrArray *refused)
{
  g_autoptr(GError) error = NULL;
  GjApplyOptions opts = { PEER, NULL };
  GjApplyResult r;

  g_assert_true (gj_store_apply_page (store, page, &opts, &r, refused, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < refused->len; i++)
    g_test_message ("refused: %s", ((GjRefusal *) g_ptr_array_index (refused, i))->reason);
  return r.refused;
}

static void
test_unique_not_on_sync (void)
{
  g_autoptr(GjStore) store = gj_test_store_new ();
  g_autofree char *street = gj_test_add (store, "street", "name", "清源街道", NULL);
  g_autofree char *com = add_community (store);
  g_autofree char *mine = add_org (store, com, "东湖社区银龄互助会", CODE_A);
  g_autoptr(GPtrArray) page = g_ptr_array_new_with_free_func ((GDestroyNotify) gj_cell_free);
  g_autoptr(GPtrArray) refused = g_ptr_array_new_with_free_func ((GDestroyNotify) gj_refusal_free);
  g_autoptr(GPtrArray) dups = NULL;
  g_autoptr(GError) error = NULL;
  const char *theirs = "0190c0de-0000-7000-8000-000000000001";

  peer_org (page, theirs, street, com, CODE_A);
  g_assert_cmpuint (apply (store, page, refused), ==, 0);
  dups = gj_store_find_duplicates (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (dups->len, ==, 1);
  /* The pair can still be edited, and a preview given the code as it is
   * stored says so as the write does. */
  {
    g_autoptr(GjRecord) stored = gj_store_get (store, gj_schema_lookup ("organization"), mine,
                                               &error);
    g_autoptr(GjRecord) whole = NULL;

    g_assert_no_error (error);
    whole = gj_record_copy (stored);
    g_assert_true (gj_record_parse (whole, "leader", "林晓红", &error));
    g_assert_true (gj_record_parse (whole, "credit_code", CODE_A, &error));
    g_assert_true (gj_store_check_rules (store, whole, stored, &error));
    g_assert_no_error (error);
    g_assert_true (gj_store_update (store, whole, GJ_WRITE_NONE, &error));
    g_assert_no_error (error);
  }
  g_assert_true (gj_store_merge_records (store, gj_schema_lookup ("organization"), mine, theirs,
                                         &error));
  g_assert_no_error (error);
}

/* Dates in order */

static void
test_date_pairs (void)
{
  g_autoptr(GjStore) store = gj_test_store_new ();
  g_autofree char *com = add_community (store);
  g_autofree char *unit = gj_test_add (store, "unit", "name", "清源供电所", "type", "enterprise",
                                       NULL);
  g_autofree char *org = add_org (store, com, "东湖社区银龄互助会", NULL);
  g_autoptr(GjRecord) project = record_of ("project", "name", "银龄助餐", "field", "elderly",
                                           "status", "in_progress", "start_on", "2026-03-05",
                                           "end_on", "2026-03-04", NULL);
  g_autoptr(GjRecord) agreement = record_of ("agreement", "title", "共驻共建协议",
                                             "unit_id", unit, "community_id", com,
                                             "status", "in_force", "start_on", "2026-01-01",
                                             "end_on", "2025-12-31", NULL);
  g_autoptr(GjRecord) incubation = record_of ("incubation", "organization_id", org,
                                              "stage", "applied", "applied_on", "2026-05-01",
                                              "admitted_on", "2026-04-30", NULL);
  g_autoptr(GjRecord) later = record_of ("project", "end_on", "2026-01-01", NULL);

  assert_refused (store, project, "end_on", "“Starts” (2026-03-05)");
  assert_refused (store, agreement, "end_on", "2025-12-31");
  assert_refused (store, incubation, "admitted_on", "“Applied on”");
  /* The same day is a term of one day. */
  gj_record_parse (project, "end_on", "2026-03-05", NULL);
  assert_written (store, project);
  /* An edit of one of the pair is judged against the other as stored. */
  later->id = g_strdup (project->id);
  assert_refused (store, later, "end_on", "2026-01-01");
  /* Either date alone is fine. */
  gj_record_parse (agreement, "start_on", "", NULL);
  assert_written (store, agreement);
}

/* Funds within the budget */

static void
test_funds (void)
{
  g_autoptr(GjStore) store = gj_test_store_new ();
  g_autoptr(GjRecord) over = record_of ("project", "name", "银龄助餐", "field", "elderly",
                                        "status", "in_progress", "budget", "20万",
                                        "gov_funds", "15万", "social_funds", "5.5万", NULL);
  g_autoptr(GjRecord) no_budget = record_of ("project", "name", "邻里节", "field", "elderly",
                                             "status", "in_progress", "gov_funds", "15万", NULL);
  g_autoptr(GjRecord) cut = record_of ("project", "budget", "10万", NULL);

  assert_refused (store, over, "social_funds", "205,000.00");
  assert_refused (store, over, "social_funds", "200,000.00");
  gj_record_parse (over, "social_funds", "5万", NULL);
  assert_written (store, over);
  assert_written (store, no_budget);
  /* Lowering the budget under the funds is refused too. */
  cut->id = g_strdup (over->id);
  assert_refused (store, cut, "social_funds", "100,000.00");
  gj_record_parse (cut, "social_funds", "", NULL);
  assert_refused (store, cut, "gov_funds", "150,000.00");
}

/* Every organization has a community */

static void
test_community (void)
{
  g_autofree char *dir = g_dir_make_tmp ("gj-rules-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "gongjian.db", NULL);
  g_autoptr(GjStore) store = gj_store_open (path, NULL);
  g_autofree char *com = add_community (store);
  g_autofree char *old = add_org (store, com, "东湖社区银龄互助会", NULL);
  g_autoptr(GjRecord) none = record_of ("organization", "name", "邻里帮", "legal_form",
                                        "community_filed", "category", "elderly_care", NULL);
  g_autoptr(GjRecord) phone = record_of ("organization", "phone", "13812345678", NULL);
  g_autoptr(GError) error = NULL;
  sqlite3 *db;

  assert_refused (store, none, "community_id", "choose the community");
  /* Where no community is recorded yet, there is none to choose. */
  {
    g_autoptr(GjStore) fresh = gj_test_store_new ();

    g_clear_pointer (&none->id, g_free);
    assert_written (fresh, none);
  }

  /* An organization saved before the rule, without a community: an edit
   * of another field says what to add; deleting it needs nothing. */
  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, "UPDATE organization SET community_id = NULL", NULL, NULL,
                                 NULL), ==, SQLITE_OK);
  sqlite3_close (db);
  phone->id = g_strdup (old);
  assert_refused (store, phone, "community_id", "choose the community");
  gj_record_parse (phone, "community_id", com, NULL);
  assert_written (store, phone);
  g_assert_true (gj_store_delete (store, gj_schema_lookup ("organization"), old, &error));
  g_assert_no_error (error);

  g_clear_object (&store);
  g_remove (path);
  g_rmdir (dir);
}

/* A peer's row that breaks a rule is held, the rest of the page applied;
 * a peer deleting an old record that breaks one is not refused. */
static void
test_sync (void)
{
  g_autoptr(GjStore) store = gj_test_store_new ();
  g_autofree char *street = gj_test_add (store, "street", "name", "清源街道", NULL);
  g_autofree char *com = gj_test_add (store, "community", "name", "东湖社区", "type", "urban",
                                      "street_id", street, NULL);
  g_autoptr(GPtrArray) page = g_ptr_array_new_with_free_func ((GDestroyNotify) gj_cell_free);
  g_autoptr(GPtrArray) refused = g_ptr_array_new_with_free_func ((GDestroyNotify) gj_refusal_free);
  const char *good = "0190c0de-0000-7000-8000-000000000001";
  const char *no_com = "0190c0de-0000-7000-8000-000000000002";
  const char *dates = "0190c0de-0000-7000-8000-000000000003";
  const char *funds = "0190c0de-0000-7000-8000-000000000004";
  const char *gone = "0190c0de-0000-7000-8000-000000000005";
  GjValue v = GJ_VALUE_INIT;
  GjCell *c;

  peer_org (page, good, street, com, NULL);
  peer_org (page, no_com, street, NULL, NULL);
  peer_org (page, gone, street, NULL, NULL);
  g_ptr_array_add (page, peer_cell ("organization", gone, "deleted", NULL));
  g_ptr_array_add (page, peer_cell ("project", dates, "street_id", street));
  g_ptr_array_add (page, peer_cell ("project", dates, "name", "银龄助餐"));
  g_ptr_array_add (page, peer_cell ("project", dates, "field", "elderly"));
  g_ptr_array_add (page, peer_cell ("project", dates, "status", "in_progress"));
  g_ptr_array_add (page, peer_cell ("project", dates, "start_on", "2026-03-05"));
  g_ptr_array_add (page, peer_cell ("project", dates, "end_on", "2026-03-01"));
  g_ptr_array_add (page, peer_cell ("project", funds, "street_id", street));
  g_ptr_array_add (page, peer_cell ("project", funds, "name", "邻里节"));
  g_ptr_array_add (page, peer_cell ("project", funds, "field", "elderly"));
  g_ptr_array_add (page, peer_cell ("project", funds, "status", "in_progress"));
  c = peer_cell ("project", funds, "budget", NULL);
  gj_value_set_int (&v, 100);
  gj_value_copy (&c->value, &v);
  g_ptr_array_add (page, c);
  c = peer_cell ("project", funds, "gov_funds", NULL);
  gj_value_set_int (&v, 101);
  gj_value_copy (&c->value, &v);
  g_ptr_array_add (page, c);

  g_assert_cmpuint (apply (store, page, refused), ==, 3);
  g_assert_true (exists (store, "organization", good));
  g_assert_false (exists (store, "organization", no_com));
  g_assert_false (exists (store, "project", dates));
  g_assert_false (exists (store, "project", funds));
  for (guint i = 0; i < refused->len; i++)
    {
      GjRefusal *r = g_ptr_array_index (refused, i);

      g_assert_true (g_str_equal (r->id, no_com) || g_str_equal (r->id, dates) ||
                     g_str_equal (r->id, funds));
    }
}

/* A preview (the import's) asks the same without writing. */
static void
test_check_without_writing (void)
{
  g_autoptr(GjStore) store = gj_test_store_new ();
  g_autofree char *com = add_community (store);
  g_autofree char *org = add_org (store, com, "东湖社区银龄互助会", CODE_A);
  g_autoptr(GjRecord) existing = gj_store_get (store, gj_schema_lookup ("organization"), org,
                                               NULL);
  g_autoptr(GjRecord) twin = record_of ("organization", "name", "东湖银龄会",
                                        "credit_code", CODE_A, "legal_form", "social_group",
                                        "category", "elderly_care", "community_id", com, NULL);
  g_autoptr(GjRecord) project = record_of ("project", "name", "银龄助餐", "field", "elderly",
                                           "status", "in_progress", "start_on", "2026-03-05",
                                           "end_on", "2026-03-04", NULL);
  g_autoptr(GjRecord) no_community = record_of ("organization", "community_id", "", NULL);
  g_autoptr(GjRecord) leader = record_of ("organization", "leader", "林晓红", NULL);
  g_autoptr(GError) error = NULL;
  gint64 version = gj_store_get_version (store);

  g_assert_false (gj_store_check_rules (store, twin, NULL, &error));
  g_assert_cmpstr (gj_data_error_get_field (error), ==, "credit_code");
  g_clear_error (&error);
  g_assert_false (gj_store_check_rules (store, project, NULL, &error));
  g_assert_cmpstr (gj_data_error_get_field (error), ==, "end_on");
  g_clear_error (&error);
  /* Changes to a stored record are judged over it. */
  no_community->id = g_strdup (org);
  g_assert_false (gj_store_check_rules (store, no_community, existing, &error));
  g_assert_cmpstr (gj_data_error_get_field (error), ==, "community_id");
  g_clear_error (&error);
  leader->id = g_strdup (org);
  g_assert_true (gj_store_check_rules (store, leader, existing, &error));
  g_assert_no_error (error);
  g_assert_cmpint (gj_store_get_version (store), ==, version);
}

/* Forms people type */

static void
assert_parsed (const char *kind,
               const char *field,
               const char *text,
               const char *stored)
{
  g_autoptr(GjRecord) rec = gj_record_new_for (kind);
  g_autoptr(GError) error = NULL;
  const GjValue *v;

  g_assert_true (gj_record_parse (rec, field, text, &error));
  g_assert_no_error (error);
  v = gj_record_get (rec, field);
  if (v->type == GJ_VALUE_INT)
    {
      g_autofree char *i = g_strdup_printf ("%" G_GINT64_FORMAT, v->i);

      g_assert_cmpstr (i, ==, stored);
    }
  else if (v->type == GJ_VALUE_TEXT)
    g_assert_cmpstr (v->s, ==, stored);
  else if (v->type == GJ_VALUE_REAL)
    {
      g_autofree char *r = g_strdup_printf ("%g", v->r);

      g_assert_cmpstr (r, ==, stored);
    }
  else
    g_assert_null (stored);
}

static void
assert_unparsed (const char *kind,
                 const char *field,
                 const char *text,
                 const char *words)
{
  g_autoptr(GjRecord) rec = gj_record_new_for (kind);
  g_autoptr(GError) error = NULL;

  g_assert_false (gj_record_parse (rec, field, text, &error));
  g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID);
  g_test_message ("%s", error->message);
  g_assert_cmpstr (gj_data_error_get_field (error), ==, field);
  g_assert_nonnull (strstr (error->message, words));
  /* Say what is expected, not what it is not. */
  g_assert_null (strstr (error->message, " not "));
}

static void
test_date_forms (void)
{
  assert_parsed ("project", "start_on", "2026-3-5", "2026-03-05");
  assert_parsed ("project", "start_on", "2026/3/5", "2026-03-05");
  assert_parsed ("project", "start_on", "2026.3.5", "2026-03-05");
  assert_parsed ("project", "start_on", "2027年1月15日", "2027-01-15");
  assert_parsed ("project", "start_on", "2026年12月1日", "2026-12-01");
  assert_parsed ("project", "start_on", " 2026-03-05 ", "2026-03-05");
  assert_parsed ("project", "start_on", "２０２６年３月５日", "2026-03-05");
  assert_parsed ("project", "start_on", "20260305", "2026-03-05");

  assert_unparsed ("project", "start_on", "2026年3月", "write the day as well");
  assert_unparsed ("project", "start_on", "3/5/2026", "YYYY-MM-DD");
  assert_unparsed ("project", "start_on", "去年春天", "2026年3月5日");
  assert_unparsed ("project", "start_on", "2026-02-30", "2026-02-30");
  assert_unparsed ("project", "start_on", "26-3-5", "year in full");
}

static void
test_money_forms (void)
{
  assert_parsed ("project", "budget", "20万", "20000000");
  assert_parsed ("project", "budget", "1.5万", "1500000");
  assert_parsed ("project", "budget", "1,200.50", "120050");
  assert_parsed ("project", "budget", "¥300", "30000");
  assert_parsed ("project", "budget", "300元", "30000");
  assert_parsed ("project", "budget", "1.5万元", "1500000");
  assert_parsed ("project", "budget", "12000", "1200000");
  assert_parsed ("project", "budget", "无", NULL);

  assert_unparsed ("project", "budget", "二十万", "such as 12000");
  assert_unparsed ("project", "budget", "-300", "20万");
  assert_unparsed ("project", "budget", "1.234", "two decimals");
  assert_unparsed ("project", "budget", "1,2", "20万");
  assert_unparsed ("project", "budget", "300美元", "amount in yuan");
}

static void
test_number_forms (void)
{
  /* A count with its unit is the count: “25人” is 25 people. */
  assert_parsed ("organization", "members", "25人", "25");
  assert_parsed ("organization", "members", "1,200", "1200");
  assert_parsed ("organization", "members", "25", "25");
  assert_parsed ("organization", "members", "1e3", "1000");
  assert_unparsed ("organization", "members", "二十五", "write a whole number, such as 25");
  assert_unparsed ("organization", "members", "2.5人", "such as 25");
  assert_unparsed ("organization", "members", "-3", "such as 25");
  assert_parsed ("hours", "hours", "2.5小时", "2.5");
  assert_unparsed ("hours", "hours", "30分钟", "hours");
  assert_unparsed ("hours", "hours", "很多", "such as 2.5");
}

int
main (int    argc,
      char **argv)
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/rules/unique/credit-code", test_unique_credit_code);
  g_test_add_func ("/rules/unique/resident-id", test_unique_resident_id);
  g_test_add_func ("/rules/unique/not-on-sync", test_unique_not_on_sync);
  g_test_add_func ("/rules/dates", test_date_pairs);
  g_test_add_func ("/rules/funds", test_funds);
  g_test_add_func ("/rules/community", test_community);
  g_test_add_func ("/rules/sync", test_sync);
  g_test_add_func ("/rules/check-without-writing", test_check_without_writing);
  g_test_add_func ("/rules/forms/dates", test_date_forms);
  g_test_add_func ("/rules/forms/money", test_money_forms);
  g_test_add_func ("/rules/forms/numbers", test_number_forms);
  return g_test_run ();
}
