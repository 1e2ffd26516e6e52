/* test-reports.c: the record documents hold every name, figure and item
 * of their data, and nothing outside it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "gj-data-error.h"
#include "gj-dates.h"
#include "gj-report-render.h"
#include "gj-reports.h"
#include "gj-test-pdf.h"
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

      gj_record_parse (rec, field, eq + 1, &error);
      g_assert_no_error (error);
    }
  va_end (ap);
  gj_store_insert (store, rec, &error);
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

static char *
squeeze (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *c = text; *c; c++)
    if (*c != ' ' && *c != '\n')
      g_string_append_c (out, *c);
  return g_string_free (out, FALSE);
}

/* Writes @report as a PDF and reads it back: each of @names is in its
 * text (compared without spaces, which the layout puts between a
 * table's columns) and no page is blank. */
static void
assert_pdf_has (GjReport          *report,
                const char *const *names,
                guint              n_names)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("gj-test-reports-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "report.pdf", NULL);
  g_autofree char *text = NULL;
  g_autofree char *bare = NULL;

  g_assert_no_error (error);
  gj_report_write_pdf (report, path, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  text = gj_test_pdf_text (path);
  bare = squeeze (text);
  for (guint i = 0; i < n_names; i++)
    {
      g_autofree char *name = squeeze (names[i]);

      if (strstr (bare, name) == NULL)
        g_error ("“%s” is not in the PDF:\n%s", names[i], text);
    }
  g_assert_cmpuint (gj_test_pdf_assert_no_blank_page (path), >=, 1);
  g_remove (path);
  g_rmdir (dir);
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

  gj_store_delete (store, gj_schema_lookup (kind), id, &error);
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
  assert_pdf_has (report, expect, G_N_ELEMENTS (expect));
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
  /* The day it was done goes with its status. */
  {
    g_autofree char *done_on = gj_report_format_date ("2026-09-01");

    g_assert_nonnull (strstr (cell (table, 1, 5)->text, done_on));
  }
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
  /* A UUIDv7 begins with its millisecond: records made in the same one
   * share 13 characters, so the prefix reaches into the random part. */
  prefix = g_strndup (a.empty, 23);
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

/* Evaluation */

static char *
ref (const char *field,
     const char *id)
{
  return g_strconcat (field, "=", id, NULL);
}

/* The organization, its stage dates, each service with the exact total
 * of hours, every evaluation with the latest highlighted, and both
 * signatures; a deleted service is left out. */
static void
test_evaluation (void)
{
  g_autoptr(GjStore) store = gj_test_store_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GjReport) report = NULL;
  g_autofree char *community = insert (store, "community", "name=金山社区", "type=urban", NULL);
  g_autofree char *c = ref ("community_id", community);
  g_autofree char *org = insert (store, "organization", "name=金山邻里互助会",
                                 "credit_code=51350503MJD1234560", "legal_form=social_group",
                                 "category=elderly_care", c, "leader=王秀兰", NULL);
  g_autofree char *o = ref ("organization_id", org);
  g_autofree char *inc = insert (store, "incubation", o, "stage=evaluating",
                                 "applied_on=2026-01-05", "admitted_on=2026-02-01",
                                 "stage_since=2026-10-01", "mentor=陈志强", NULL);
  g_autofree char *i = ref ("incubation_id", inc);
  g_autofree char *gone = NULL;
  g_autofree char *text = NULL;
  const GjReportBlock *services, *stages, *evaluations;
  const GjReportRow *total;
  const char *expect[] = {
    "金山邻里互助会", "51350503MJD1234560", "金山社区", "王秀兰", "陈志强",
    "制定章程", "社工站督导", "场地支持", "林社工", "初评", "区评估组", "终评意见：运作规范",
  };

  g_free (insert (store, "incubation_service", i, "type=operation", "date=2026-02-10",
                  "hours=1.5", "content=制定章程", "provider=社工站督导", NULL));
  g_free (insert (store, "incubation_service", i, "type=venue", "date=2026-03-10",
                  "hours=2.25", "content=场地支持", "provider=林社工", NULL));
  gone = insert (store, "incubation_service", i, "type=training", "date=2026-04-10",
                 "hours=100", "content=作废的培训", NULL);
  delete (store, "incubation_service", gone);
  g_free (insert (store, "evaluation", i, "date=2026-11-20", "score=88.5", "result=pass",
                  "evaluator=区评估组", "comments=终评意见：运作规范", NULL));
  g_free (insert (store, "evaluation", i, "date=2026-06-20", "score=62", "result=improve",
                  "evaluator=区评估组", "comments=初评", NULL));

  report = gj_reports_evaluation (store, inc, &error);
  g_assert_no_error (error);
  text = text_of (report);
  for (guint k = 0; k < G_N_ELEMENTS (expect); k++)
    assert_has (text, expect[k]);
  assert_pdf_has (report, expect, G_N_ELEMENTS (expect));
  assert_lacks (text, "作废的培训");

  stages = find_table (report, "Stage history");
  g_assert_nonnull (stages);
  g_assert_cmpuint (stages->rows->len, ==, 3);
  g_assert_cmpstr (cell (stages, 0, 1)->iso, ==, "2026-01-05");
  g_assert_cmpstr (cell (stages, 2, 1)->iso, ==, "2026-10-01");

  services = find_table (report, "Services received");
  g_assert_nonnull (services);
  g_assert_cmpuint (services->rows->len, ==, 3);
  total = g_ptr_array_index (services->rows, 2);
  g_assert_true (total->mark & GJ_REPORT_MARK_TOTAL);
  g_assert_cmpfloat_with_epsilon (total->cells[4].number, 3.75, 1e-9);
  g_assert_cmpstr (total->cells[4].text, ==, "3.75");

  evaluations = find_table (report, "Evaluations");
  g_assert_cmpuint (evaluations->rows->len, ==, 2);
  /* By date: the June one first; the November one is the latest. */
  g_assert_cmpstr (cell (evaluations, 0, 0)->iso, ==, "2026-06-20");
  g_assert_cmpstr (fact (report, "Score"), ==, "88.5");
  g_assert_cmpstr (fact (report, "Conclusion"), ==, "Passed");
  g_assert_cmpuint (count_blocks (report, GJ_REPORT_SIGNATURES), ==, 1);
  g_assert_cmpuint (count_blocks (report, GJ_REPORT_NOTICE), ==, 0);
}

/* Without services and evaluations: notices, no empty tables. */
static void
test_evaluation_empty (void)
{
  g_autoptr(GjStore) store = gj_test_store_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GjReport) report = NULL;
  g_autofree char *org = insert (store, "organization", "name=新芽读书会",
                                 "legal_form=community_filed", "category=culture_sports", NULL);
  g_autofree char *o = ref ("organization_id", org);
  g_autofree char *inc = insert (store, "incubation", o, "stage=applied", NULL);

  report = gj_reports_evaluation (store, inc, &error);
  g_assert_no_error (error);
  /* Applying fills in the day it was applied for, and no more. */
  g_assert_cmpuint (find_table (report, "Stage history")->rows->len, ==, 1);
  g_assert_null (find_table (report, "Services received"));
  g_assert_null (find_table (report, "Evaluations"));
  g_assert_cmpuint (count_blocks (report, GJ_REPORT_NOTICE), ==, 2);
}

/* Project */

static void
test_project (void)
{
  g_autoptr(GjStore) store = gj_test_store_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GjReport) report = NULL;
  g_autofree char *community = insert (store, "community", "name=东海社区", "type=urban", NULL);
  g_autofree char *c = ref ("community_id", community);
  g_autofree char *worker = insert (store, "social_worker", "name=李晓红",
                                    "certificate=social_worker", NULL);
  g_autofree char *org = insert (store, "organization", "name=东海乐龄服务社",
                                 "legal_form=private_non_enterprise", "category=elderly_care", c,
                                 NULL);
  g_autofree char *project = insert (store, "project", "name=银龄守护计划", "field=elderly",
                                     "funding=street_venture", "status=in_progress", c,
                                     "budget=80000", "gov_funds=50000", "social_funds=20000",
                                     "beneficiaries=320", "start_on=2026-03-01",
                                     "end_on=2027-02-28", "description=为独居老人提供探访",
                                     "outcomes=建立探访档案120份", NULL);
  g_autofree char *p = ref ("project_id", project);
  g_autofree char *w = ref ("party_id", worker);
  g_autofree char *og = ref ("party_id", org);
  g_autofree char *cm = ref ("party_id", community);
  g_autofree char *gone = NULL;
  g_autofree char *text = NULL;
  const GjReportBlock *parties, *funds, *timeline, *activities;
  g_autofree char *today = gj_dates_today ();
  const GjReportRow *total;
  const char *expect[] = {
    "银龄守护计划", "东海社区", "李晓红", "东海乐龄服务社", "为独居老人提供探访",
    "建立探访档案120份", "320", "80,000.00", "50,000.00", "20,000.00", "重阳敬老宴",
    "社区食堂", "长者生日会", "老人们很开心", "负责个案",
  };

  g_free (insert (store, "project_party", p, "role=social_worker", w, "contribution=负责个案",
                  NULL));
  g_free (insert (store, "project_party", p, "role=organization", og, NULL));
  g_free (insert (store, "project_party", p, "role=community", cm, NULL));
  g_free (insert (store, "activity", p, "title=重阳敬老宴", "date=2026-10-29",
                  "place=社区食堂", "participants=85", "volunteer_hours=24.5", NULL));
  g_free (insert (store, "activity", p, "title=长者生日会", "date=2026-05-20",
                  "participants=40", "volunteer_hours=6", "summary=老人们很开心", NULL));
  gone = insert (store, "activity", p, "title=取消的活动", "date=2026-06-01",
                 "participants=999", NULL);
  delete (store, "activity", gone);

  report = gj_reports_project (store, project, &error);
  g_assert_no_error (error);
  text = text_of (report);
  for (guint k = 0; k < G_N_ELEMENTS (expect); k++)
    assert_has (text, expect[k]);
  assert_pdf_has (report, expect, G_N_ELEMENTS (expect));
  assert_lacks (text, "取消的活动");

  /* All five roles, the two without a party marked as such. */
  parties = find_table (report, "The five parties");
  g_assert_cmpuint (parties->rows->len, ==, 5);
  g_assert_cmpstr (cell (parties, 0, 1)->text, ==, "东海社区");
  g_assert_cmpstr (cell (parties, 1, 1)->text, ==, "李晓红");
  g_assert_cmpstr (cell (parties, 2, 1)->text, ==, "东海乐龄服务社");
  g_assert_cmpstr (cell (parties, 3, 1)->text, ==, "None yet");

  funds = find_table (report, "Funds");
  g_assert_cmpint (cell (funds, 0, 1)->type, ==, GJ_REPORT_CELL_MONEY);
  g_assert_cmpfloat (cell (funds, 0, 1)->number, ==, 50000);
  g_assert_cmpfloat (cell (funds, 0, 2)->number, ==, 20000);
  g_assert_cmpfloat_with_epsilon (cell (funds, 0, 3)->number, 0.4, 1e-9);

  timeline = find_table (report, "Status timeline");
  /* The start, the end and the status with the day it was set (today),
   * by date. */
  g_assert_cmpuint (timeline->rows->len, ==, 3);
  for (guint r = 0; r < 3; r++)
    {
      const char *iso = cell (timeline, r, 0)->iso;

      if (r > 0)
        g_assert_cmpstr (cell (timeline, r - 1, 0)->iso, <=, iso);
      if (strstr (cell (timeline, r, 1)->text, "Being implemented"))
        g_assert_cmpstr (iso, ==, today);
      else
        g_assert_true (g_str_equal (iso, "2026-03-01") || g_str_equal (iso, "2027-02-28"));
    }

  activities = find_table (report, "Activities");
  g_assert_cmpuint (activities->rows->len, ==, 3);
  g_assert_cmpstr (cell (activities, 0, 1)->text, ==, "长者生日会");
  total = g_ptr_array_index (activities->rows, 2);
  g_assert_true (total->mark & GJ_REPORT_MARK_TOTAL);
  g_assert_cmpfloat (total->cells[3].number, ==, 125);
  g_assert_cmpfloat_with_epsilon (total->cells[4].number, 30.5, 1e-9);
}

/* Each demo project lists its parties and activities. */
static void
test_project_demo (void)
{
  g_autoptr(GjStore) store = gj_test_demo_store (5);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) projects = gj_store_list (store, gj_schema_lookup ("project"), NULL,
                                                  &error);

  g_assert_no_error (error);
  g_assert_cmpuint (projects->len, >=, 20);
  for (guint i = 0; i < projects->len; i++)
    {
      GjRecord *pr = g_ptr_array_index (projects, i);
      GjFilter f = { "project_id", pr->id, GJ_FILTER_EQ };
      GjQuery q = { .filters = &f, .n_filters = 1 };
      g_autoptr(GPtrArray) acts = gj_store_list (store, gj_schema_lookup ("activity"), &q,
                                                 &error);
      g_autoptr(GjReport) report = gj_reports_project (store, pr->id, &error);
      g_autofree char *text = NULL;

      g_assert_no_error (error);
      text = text_of (report);
      assert_has (text, gj_record_get_text (pr, "name"));
      for (guint j = 0; j < acts->len; j++)
        assert_has (text, gj_record_get_text (g_ptr_array_index (acts, j), "title"));
      g_assert_cmpuint (find_table (report, "The five parties")->rows->len, >=, 5);
    }
}

/* Volunteer */

typedef struct
{
  GjStore *store;
  char    *volunteer;
  char    *idle;
} Volunteer;

static void
volunteer_setup (Volunteer *v)
{
  g_autofree char *team = NULL, *t = NULL, *vol = NULL, *act = NULL, *a = NULL;

  v->store = gj_test_store_new ();
  team = insert (v->store, "volunteer_team", "name=红马甲志愿服务队", NULL);
  t = ref ("team_id", team);
  v->volunteer = insert (v->store, "volunteer", "name=陈美玲", "resident_id=350503199003151224",
                         "gender=female", t, NULL);
  v->idle = insert (v->store, "volunteer", "name=张闲", NULL);
  act = insert (v->store, "activity", "title=社区义诊", "date=2026-04-02", NULL);
  a = ref ("activity_id", act);
  vol = ref ("volunteer_id", v->volunteer);
  g_free (insert (v->store, "hours", vol, "kind=earn", "hours=3", "date=2025-12-31",
                  "note=年末慰问", NULL));
  g_free (insert (v->store, "hours", vol, "kind=earn", "hours=2.5", "date=2026-01-01", a,
                  "verified_by=王站长", NULL));
  g_free (insert (v->store, "hours", vol, "kind=redeem", "hours=1", "date=2026-03-01",
                  "note=兑换理发", NULL));
  g_free (insert (v->store, "hours", vol, "kind=earn", "hours=4.25", "date=2026-06-30",
                  "note=防汛值守", "verified_by=林社工", NULL));
  g_free (insert (v->store, "hours", vol, "kind=earn", "hours=6", "date=2026-07-01",
                  "note=暑期托管", NULL));
}

static void
volunteer_teardown (Volunteer *v)
{
  g_object_unref (v->store);
  g_free (v->volunteer);
  g_free (v->idle);
}

/* The first half of 2026: the two services inside it, not the days just
 * outside, not the redemption; the ID masked. (Time-bank entries are
 * never deleted: a mistake is corrected by a new entry.) */
static void
test_certificate (void)
{
  Volunteer v;
  g_autoptr(GError) error = NULL;
  g_autoptr(GjReport) report = NULL;
  g_autofree char *text = NULL;
  const GjReportBlock *table;
  const GjReportRow *total;

  volunteer_setup (&v);
  report = gj_reports_volunteer_certificate (v.store, v.volunteer, "2026-01-01", "2026-06-30",
                                             &error);
  g_assert_no_error (error);
  text = text_of (report);
  assert_has (text, "陈美玲");
  assert_has (text, "350503********1224");
  assert_lacks (text, "350503199003151224");
  assert_has (text, "红马甲志愿服务队");
  assert_has (text, "社区义诊");
  assert_has (text, "王站长");
  assert_has (text, "防汛值守");
  assert_lacks (text, "年末慰问");
  assert_lacks (text, "暑期托管");
  assert_lacks (text, "兑换理发");
  assert_has (text, "6.75");
  assert_has (text, "This is to certify that 陈美玲");

  table = find_table (report, NULL);
  g_assert_cmpuint (table->rows->len, ==, 3);
  total = g_ptr_array_index (table->rows, 2);
  g_assert_true (total->mark & GJ_REPORT_MARK_TOTAL);
  g_assert_cmpfloat_with_epsilon (total->cells[2].number, 6.75, 1e-9);
  g_assert_cmpstr (fact (report, "Total hours of service"), ==, "6.75");
  g_assert_cmpuint (count_blocks (report, GJ_REPORT_SIGNATURES), ==, 1);
  g_assert_nonnull (gj_report_get_period (report));
  {
    const char *pdf[] = { "陈美玲", "350503********1224", "红马甲志愿服务队", "社区义诊", "王站长",
                          "防汛值守", "6.75" };
    assert_pdf_has (report, pdf, G_N_ELEMENTS (pdf));
  }
  volunteer_teardown (&v);
}

/* Open ends take every service on that side; an empty period or a
 * volunteer without service gives a notice and nothing to sign. */
static void
test_certificate_open_and_empty (void)
{
  Volunteer v;
  g_autoptr(GError) error = NULL;
  g_autoptr(GjReport) all = NULL;
  g_autoptr(GjReport) none = NULL;
  g_autoptr(GjReport) idle = NULL;
  g_autoptr(GjReport) bad = NULL;

  volunteer_setup (&v);
  all = gj_reports_volunteer_certificate (v.store, v.volunteer, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (fact (all, "Total hours of service"), ==, "15.75");
  g_assert_null (gj_report_get_period (all));

  none = gj_reports_volunteer_certificate (v.store, v.volunteer, "2026-07-02", NULL, &error);
  g_assert_no_error (error);
  idle = gj_reports_volunteer_certificate (v.store, v.idle, NULL, NULL, &error);
  g_assert_no_error (error);
  for (GjReport **r = (GjReport *[]) { none, idle, NULL }; *r; r++)
    {
      g_autofree char *text = text_of (*r);

      g_assert_cmpuint (count_blocks (*r, GJ_REPORT_NOTICE), ==, 1);
      g_assert_null (find_table (*r, NULL));
      g_assert_cmpuint (count_blocks (*r, GJ_REPORT_SIGNATURES), ==, 0);
      assert_lacks (text, "This is to certify");
    }
  {
    const char *pdf[] = { "张闲" };
    assert_pdf_has (idle, pdf, G_N_ELEMENTS (pdf));
  }

  bad = gj_reports_volunteer_certificate (v.store, v.volunteer, "2026-07-01", "2026-06-30",
                                          &error);
  g_assert_null (bad);
  g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID);
  volunteer_teardown (&v);
}

/* Every entry of the period with its running balance; the opening
 * balance counts what came before, the entry after the period is out. */
static void
test_time_bank (void)
{
  Volunteer v;
  g_autoptr(GError) error = NULL;
  g_autoptr(GjReport) report = NULL;
  g_autoptr(GjReport) empty = NULL;
  g_autofree char *text = NULL;
  const GjReportBlock *table;
  const GjReportRow *total;

  volunteer_setup (&v);
  report = gj_reports_time_bank (v.store, v.volunteer, "2026-01-01", "2026-06-30", &error);
  g_assert_no_error (error);
  text = text_of (report);
  assert_has (text, "兑换理发");
  assert_lacks (text, "暑期托管");
  g_assert_cmpstr (fact (report, "Opening balance"), ==, "3.00");
  g_assert_cmpstr (fact (report, "Earned in the period"), ==, "6.75");
  g_assert_cmpstr (fact (report, "Redeemed in the period"), ==, "1.00");
  g_assert_cmpstr (fact (report, "Closing balance"), ==, "8.75");

  table = find_table (report, NULL);
  /* Opening row, three entries, total row. */
  g_assert_cmpuint (table->rows->len, ==, 5);
  g_assert_cmpfloat (cell (table, 0, 5)->number, ==, 3);
  g_assert_cmpfloat (cell (table, 1, 5)->number, ==, 5.5);
  g_assert_cmpfloat (cell (table, 2, 5)->number, ==, 4.5);
  g_assert_cmpstr (cell (table, 2, 4)->text, ==, "1.00");
  g_assert_cmpfloat (cell (table, 3, 5)->number, ==, 8.75);
  total = g_ptr_array_index (table->rows, 4);
  g_assert_true (total->mark & GJ_REPORT_MARK_TOTAL);
  g_assert_cmpfloat (total->cells[5].number, ==, 8.75);
  {
    const char *pdf[] = { "陈美玲", "社区义诊", "兑换理发", "防汛值守", "3.00", "8.75" };
    assert_pdf_has (report, pdf, G_N_ELEMENTS (pdf));
  }

  empty = gj_reports_time_bank (v.store, v.idle, "2026-01-01", NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (count_blocks (empty, GJ_REPORT_NOTICE), ==, 1);
  g_assert_null (find_table (empty, NULL));
  g_assert_cmpstr (fact (empty, "Closing balance"), ==, "0.0");
  volunteer_teardown (&v);
}

/* Each demo volunteer's certificate totals exactly what the time bank
 * earned, and the statement's closing balance is the store's balance. */
static void
test_volunteer_demo (void)
{
  g_autoptr(GjStore) store = gj_test_demo_store (7);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) volunteers = gj_store_list (store, gj_schema_lookup ("volunteer"), NULL,
                                                    &error);
  guint certified = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < volunteers->len; i++)
    {
      GjRecord *vol = g_ptr_array_index (volunteers, i);
      GjFilter f[] = { { "volunteer_id", vol->id, GJ_FILTER_EQ },
                       { "kind", "earn", GJ_FILTER_EQ } };
      GjQuery q = { .filters = f, .n_filters = 2 };
      g_autoptr(GPtrArray) earned = gj_store_list (store, gj_schema_lookup ("hours"), &q,
                                                   &error);
      g_autoptr(GjReport) cert = gj_reports_volunteer_certificate (store, vol->id, NULL, NULL,
                                                                   &error);
      g_autoptr(GjReport) bank = gj_reports_time_bank (store, vol->id, NULL, NULL, &error);
      double sum = 0, balance = gj_store_hours_balance (store, vol->id, &error);
      const GjReportBlock *table;

      g_assert_no_error (error);
      for (guint j = 0; j < earned->len; j++)
        sum += gj_record_get_real (g_ptr_array_index (earned, j), "hours");
      table = find_table (cert, NULL);
      g_assert_cmpuint (table ? table->rows->len - 1 : 0, ==, earned->len);
      if (table != NULL)
        {
          const GjReportRow *total = g_ptr_array_index (table->rows, table->rows->len - 1);
          g_assert_cmpfloat_with_epsilon (total->cells[2].number, sum, 1e-9);
          certified++;
        }
      table = find_table (bank, NULL);
      if (table != NULL)
        {
          const GjReportRow *total = g_ptr_array_index (table->rows, table->rows->len - 1);
          g_assert_cmpfloat_with_epsilon (total->cells[5].number, balance, 1e-9);
        }
    }
  g_assert_cmpuint (certified, >, 0);
}

/* Each builder refuses an id of no record, naming the kind and the id. */
static void
test_not_found_each (void)
{
  g_autoptr(GjStore) store = gj_test_store_new ();
  const char *id = "0190aaaa-0000-7000-8000-000000000000";

  for (guint k = 0; k < 5; k++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GjReport) report = NULL;
      const char *kind = NULL;

      switch (k)
        {
        case 0: report = gj_reports_evaluation (store, id, &error); kind = "Incubation"; break;
        case 1: report = gj_reports_project (store, id, &error); kind = "Project"; break;
        case 2:
          report = gj_reports_volunteer_certificate (store, id, NULL, NULL, &error);
          kind = "Volunteer";
          break;
        case 3:
          report = gj_reports_time_bank (store, id, NULL, NULL, &error);
          kind = "Volunteer";
          break;
        default: report = gj_reports_agreement (store, id, &error); kind = "agreement"; break;
        }
      g_assert_null (report);
      g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_NOT_FOUND);
      g_assert_nonnull (strstr (error->message, id));
      if (strstr (error->message, kind) == NULL)
        g_error ("%s", error->message);
    }
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
  g_test_add_func ("/reports/not-found-each", test_not_found_each);
  g_test_add_func ("/reports/evaluation", test_evaluation);
  g_test_add_func ("/reports/evaluation-empty", test_evaluation_empty);
  g_test_add_func ("/reports/project", test_project);
  g_test_add_func ("/reports/project-demo", test_project_demo);
  g_test_add_func ("/reports/certificate", test_certificate);
  g_test_add_func ("/reports/certificate-open-and-empty", test_certificate_open_and_empty);
  g_test_add_func ("/reports/time-bank", test_time_bank);
  g_test_add_func ("/reports/volunteer-demo", test_volunteer_demo);
  return g_test_run ();
}
