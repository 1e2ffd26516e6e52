/* test-reports.c: the record documents hold every name, figure and item
 * of their data, and nothing outside it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "gj-data-error.h"
#include "gj-reports.h"
#include "gj-test-store.h"

/* A record of @kind from FIELD=VALUE pairs (typed as people type them),
 * inserted; returns its id. */
static char *
insert (GjStore    *store,
        const char *kind,
        ...)
{
  g_autoptr(GjRecord) rec = gj_record_new_for (kind);
  g_autoptr(GError) error = NULL;
  const char *spec;
  va_list ap;

  va_start (ap, kind);
  while ((spec = va_arg (ap, const char *)) != NULL)
    {
      const char *eq = strchr (spec, '=');
      g_autofree char *field = g_strndup (spec, eq - spec);

      g_assert_true (gj_record_parse (rec, field, eq + 1, &error));
      g_assert_no_error (error);
    }
  va_end (ap);
  g_assert_true (gj_store_insert (store, rec, &error));
  g_assert_no_error (error);
  return g_strdup (rec->id);
}

static char *
text_of (GjReport *report)
{
  g_assert_nonnull (report);
  return gj_report_to_text (report);
}

static void
assert_has (const char *text,
            const char *needle)
{
  if (strstr (text, needle) == NULL)
    g_error ("“%s” is not in the document:\n%s", needle, text);
}

static void
assert_lacks (const char *text,
              const char *needle)
{
  if (strstr (text, needle) != NULL)
    g_error ("“%s” should not be in the document:\n%s", needle, text);
}

/* The first table of @report whose title is @title (NULL: the first). */
static const GjReportBlock *
find_table (GjReport   *report,
            const char *title)
{
  for (guint i = 0; i < gj_report_get_n_blocks (report); i++)
    {
      const GjReportBlock *b = gj_report_get_block (report, i);

      if (b->type == GJ_REPORT_TABLE && (title == NULL || g_strcmp0 (b->text, title) == 0))
        return b;
    }
  return NULL;
}

static guint
count_blocks (GjReport          *report,
              GjReportBlockType  type)
{
  guint n = 0;

  for (guint i = 0; i < gj_report_get_n_blocks (report); i++)
    n += gj_report_get_block (report, i)->type == type;
  return n;
}

static const char *
fact (GjReport   *report,
      const char *label)
{
  for (guint i = 0; i < gj_report_get_n_blocks (report); i++)
    {
      const GjReportBlock *b = gj_report_get_block (report, i);

      for (guint f = 0; b->type == GJ_REPORT_FACTS && f < b->facts->len; f++)
        if (g_str_equal (g_array_index (b->facts, GjReportFact, f).label, label))
          return g_array_index (b->facts, GjReportFact, f).value;
    }
  return NULL;
}

static const GjReportCell *
cell (const GjReportBlock *table,
      guint                row,
      guint                column)
{
  g_assert_cmpuint (row, <, table->rows->len);
  g_assert_cmpuint (column, <, ((GjReportRow *) g_ptr_array_index (table->rows, row))->n_cells);
  return &((GjReportRow *) g_ptr_array_index (table->rows, row))->cells[column];
}

static void
delete (GjStore    *store,
        const char *kind,
        const char *id)
{
  g_autoptr(GError) error = NULL;

  g_assert_true (gj_store_delete (store, gj_schema_lookup (kind), id, &error));
  g_assert_no_error (error);
}

/* Agreement */

typedef struct
{
  GjStore *store;
  char    *community;
  char    *unit;
  char    *agreement;
  char    *empty;
  char    *deleted_item;
} Agreement;

static void
agreement_setup (Agreement *a)
{
  g_autofree char *c = NULL, *u = NULL, *ag = NULL, *em = NULL;

  a->store = gj_test_store_new ();
  a->community = insert (a->store, "community", "name=清源社区", "type=urban", NULL);
  c = g_strconcat ("community_id=", a->community, NULL);
  a->unit = insert (a->store, "unit", "name=泉州市第五中学", "type=school", "contact=林老师",
                    "phone=13905951234", "address=丰泽区东海大街88号", "party_org=五中党委", NULL);
  u = g_strconcat ("unit_id=", a->unit, NULL);
  a->agreement = insert (a->store, "agreement", "title=清源社区与五中共驻共建协议", u, c,
                         "status=signed", "areas=party_building,service",
                         "signed_on=2026-01-10", "start_on=2026-01-01", "end_on=2027-12-31",
                         "notes=每季度召开一次联席会议", NULL);
  ag = g_strconcat ("agreement_id=", a->agreement, NULL);
  g_free (insert (a->store, "agreement_item", ag, "content=开放操场供居民晨练", "status=done",
                  "area=resource_sharing", "responsible=五中总务处", "due_on=2026-09-30",
                  "done_on=2026-09-01", "evidence=开放登记表", NULL));
  g_free (insert (a->store, "agreement_item", ag, "content=党员志愿者进社区", "status=pending",
                  "area=party_building", "responsible=五中党委", "due_on=2026-03-31", NULL));
  g_free (insert (a->store, "agreement_item", ag, "content=暑期托管课堂", "status=in_progress",
                  "area=service", NULL));
  a->deleted_item = insert (a->store, "agreement_item", ag, "content=已取消的讲座",
                            "status=pending", "due_on=2026-05-01", NULL);
  delete (a->store, "agreement_item", a->deleted_item);
  a->empty = insert (a->store, "agreement", "title=空白协议", u, c, "status=draft", NULL);
}

static void
agreement_teardown (Agreement *a)
{
  g_object_unref (a->store);
  g_free (a->community);
  g_free (a->unit);
  g_free (a->agreement);
  g_free (a->empty);
  g_free (a->deleted_item);
}

/* Both parties, the term and every live item in due order; the deleted
 * item is not there; both parties sign. */
static void
test_agreement (void)
{
  Agreement a;
  g_autoptr(GError) error = NULL;
  g_autoptr(GjReport) report = NULL;
  g_autofree char *text = NULL;
  const GjReportBlock *table;
  const GjReportBlock *sig = NULL;
  const char *expect[] = {
    "清源社区与五中共驻共建协议", "清源社区", "泉州市第五中学", "林老师", "13905951234",
    "丰泽区东海大街88号", "五中党委", "每季度召开一次联席会议", "开放操场供居民晨练",
    "五中总务处", "开放登记表", "党员志愿者进社区", "暑期托管课堂",
  };

  agreement_setup (&a);
  report = gj_reports_agreement (a.store, a.agreement, &error);
  g_assert_no_error (error);
  text = text_of (report);
  for (guint i = 0; i < G_N_ELEMENTS (expect); i++)
    assert_has (text, expect[i]);
  assert_lacks (text, "已取消的讲座");
  g_assert_nonnull (strstr (fact (report, "Term"), "2027"));

  table = find_table (report, NULL);
  g_assert_nonnull (table);
  g_assert_cmpuint (table->rows->len, ==, 3);
  /* Due first 31 March, then 30 September, then the item without a date. */
  g_assert_cmpstr (cell (table, 0, 1)->text, ==, "党员志愿者进社区");
  g_assert_cmpstr (cell (table, 0, 4)->iso, ==, "2026-03-31");
  g_assert_cmpint (cell (table, 0, 4)->type, ==, GJ_REPORT_CELL_DATE);
  g_assert_cmpstr (cell (table, 1, 1)->text, ==, "开放操场供居民晨练");
  g_assert_cmpstr (cell (table, 1, 6)->iso, ==, "2026-09-01");
  g_assert_cmpstr (cell (table, 2, 1)->text, ==, "暑期托管课堂");
  g_assert_cmpfloat (cell (table, 2, 0)->number, ==, 3);
  g_assert_cmpuint (count_blocks (report, GJ_REPORT_NOTICE), ==, 0);

  for (guint i = 0; i < gj_report_get_n_blocks (report); i++)
    if (gj_report_get_block (report, i)->type == GJ_REPORT_SIGNATURES)
      sig = gj_report_get_block (report, i);
  g_assert_nonnull (sig);
  g_assert_cmpuint (sig->signatures->len, ==, 2);
  g_assert_cmpstr (g_array_index (sig->signatures, GjReportSignature, 0).name, ==, "清源社区");
  g_assert_cmpstr (g_array_index (sig->signatures, GjReportSignature, 1).name, ==,
                   "泉州市第五中学");
  agreement_teardown (&a);
}

/* No items: a notice, no empty table; still signed by both. */
static void
test_agreement_empty (void)
{
  Agreement a;
  g_autoptr(GError) error = NULL;
  g_autoptr(GjReport) report = NULL;
  g_autofree char *prefix = NULL;

  agreement_setup (&a);
  prefix = g_strndup (a.empty, 13);
  report = gj_reports_agreement (a.store, prefix, &error);
  g_assert_no_error (error);
  g_assert_null (find_table (report, NULL));
  g_assert_cmpuint (count_blocks (report, GJ_REPORT_NOTICE), ==, 1);
  g_assert_cmpuint (count_blocks (report, GJ_REPORT_SIGNATURES), ==, 1);
  agreement_teardown (&a);
}

/* Every demo agreement lists each of its live items. */
static void
test_agreement_demo (void)
{
  g_autoptr(GjStore) store = gj_test_demo_store (3);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) agreements = gj_store_list (store, gj_schema_lookup ("agreement"),
                                                    NULL, &error);
  guint n_items = 0;

  g_assert_no_error (error);
  g_assert_cmpuint (agreements->len, >=, 10);
  for (guint i = 0; i < agreements->len; i++)
    {
      GjRecord *ag = g_ptr_array_index (agreements, i);
      GjFilter f = { "agreement_id", ag->id, GJ_FILTER_EQ };
      GjQuery q = { .filters = &f, .n_filters = 1 };
      g_autoptr(GPtrArray) items = gj_store_list (store, gj_schema_lookup ("agreement_item"),
                                                  &q, &error);
      g_autoptr(GjReport) report = gj_reports_agreement (store, ag->id, &error);
      g_autofree char *text = NULL;
      const GjReportBlock *table;

      g_assert_no_error (error);
      text = text_of (report);
      assert_has (text, gj_record_get_text (ag, "title"));
      table = find_table (report, NULL);
      g_assert_cmpuint (table ? table->rows->len : 0, ==, items->len);
      for (guint j = 0; j < items->len; j++)
        assert_has (text, gj_record_get_text (g_ptr_array_index (items, j), "content"));
      n_items += items->len;
    }
  g_assert_cmpuint (n_items, >, 0);
}

/* A wrong, deleted or too short id is NOT_FOUND naming what was asked. */
static void
test_not_found (void)
{
  Agreement a;
  struct { const char *id; } cases[] = { { "01234567-89ab-7def-8123-456789abcdef" },
                                         { "ffffffff" } };

  agreement_setup (&a);
  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GjReport) report = gj_reports_agreement (a.store, cases[i].id, &error);

      g_assert_null (report);
      g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_NOT_FOUND);
      g_assert_nonnull (strstr (error->message, cases[i].id));
    }
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GjReport) report = NULL;

    delete (a.store, "agreement", a.empty);
    report = gj_reports_agreement (a.store, a.empty, &error);
    g_assert_null (report);
    g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_NOT_FOUND);
    g_assert_nonnull (strstr (error->message, a.empty));
  }
  /* The store is usable after a refusal: its transaction was ended. */
  {
    g_autoptr(GError) error = NULL;
    g_autoptr(GjReport) report = gj_reports_agreement (a.store, a.agreement, &error);

    g_assert_no_error (error);
    g_assert_nonnull (report);
  }
  agreement_teardown (&a);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/reports/agreement", test_agreement);
  g_test_add_func ("/reports/agreement-empty", test_agreement_empty);
  g_test_add_func ("/reports/agreement-demo", test_agreement_demo);
  g_test_add_func ("/reports/not-found", test_not_found);
  return g_test_run ();
}
