/* test-import.c: messy ledgers into records, matched, undoable
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "gj-data-error.h"
#include "gj-import-log.h"
#include "gj-import.h"
#include "gj-store-private.h"
#include "gj-station.h"
#include "gj-test-sheets.h"
#include "gj-test-store.h"
#include "gj-validate.h"
#include "gj-workbook.h"

/* A sheet from rows of cells: "=n:…" is a number cell, "=d:…" a real
 * date, "" an empty cell, anything else text. Merges are "A1:H1" ranges. */
static GjSheet *
make_sheet (const char *const *const *rows,
            const char *const         *merges)
{
  GjSheet *sheet = gj_sheet_new ("台账");

  for (guint r = 0; rows[r] != NULL; r++)
    for (guint c = 0; rows[r][c] != NULL; c++)
      {
        const char *cell = rows[r][c];
        GjSheetCellType type = GJ_SHEET_CELL_TEXT;
        g_autoptr(GError) error = NULL;

        if (cell[0] == '\0')
          continue;
        if (g_str_has_prefix (cell, "=n:"))
          type = GJ_SHEET_CELL_NUMBER;
        else if (g_str_has_prefix (cell, "=d:"))
          type = GJ_SHEET_CELL_DATE;
        g_assert_true (gj_sheet_set_cell (sheet, r, c, type,
                                          type == GJ_SHEET_CELL_TEXT ? cell : cell + 3, &error));
        g_assert_no_error (error);
      }
  for (guint m = 0; merges != NULL && merges[m] != NULL; m++)
    {
      char c0, c1;
      guint r0, r1;

      g_assert_cmpint (sscanf (merges[m], "%c%u:%c%u", &c0, &r0, &c1, &r1), ==, 4);
      gj_sheet_add_merge (sheet, r0 - 1, c0 - 'A', r1 - 1, c1 - 'A');
    }
  return sheet;
}

/* A valid credit code from its first 17 characters. */
static char *
code (const char *first17)
{
  return g_strdup_printf ("%s%c", first17, gj_credit_code_check (first17));
}

static GjStore *
station_store (void)
{
  static const GjCommunitySetup communities[] = {
    { "东湖社区", "urban", "3200", "8800" },
    { "西湖社区", "urban", "2100", "6100" },
  };
  GjStationSetup setup = { "武昌区", "东湖街道", "东湖街道社工站", communities, 2 };
  g_autoptr(GError) error = NULL;
  GjStore *store = gj_test_store_new ();

  g_assert_true (gj_station_setup (store, &setup, &error));
  g_assert_no_error (error);
  return store;
}

static char *
community_id (GjStore    *store,
              const char *name)
{
  g_autoptr(GError) error = NULL;
  GjFilter f = { "name", name, GJ_FILTER_EQ };
  GjQuery q = { .filters = &f, .n_filters = 1 };
  g_autoptr(GPtrArray) found = gj_store_list (store, gj_schema_lookup ("community"), &q, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  return g_strdup (((GjRecord *) found->pdata[0])->id);
}

static GjRecord *
find (GjStore    *store,
      const char *kind,
      const char *field,
      const char *value)
{
  g_autoptr(GError) error = NULL;
  GjFilter f = { field, value, GJ_FILTER_EQ };
  GjQuery q = { .filters = &f, .n_filters = 1 };
  g_autoptr(GPtrArray) found = gj_store_list (store, gj_schema_lookup (kind), &q, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (found->len, <=, 1);
  return found->len ? gj_record_ref (found->pdata[0]) : NULL;
}

static gboolean
exists (GjStore    *store,
        const char *kind,
        const char *field,
        const char *value)
{
  g_autoptr(GjRecord) rec = find (store, kind, field, value);

  return rec != NULL;
}

static gint64
count (GjStore    *store,
       const char *kind)
{
  g_autoptr(GError) error = NULL;
  gint64 n = gj_store_count (store, gj_schema_lookup (kind), NULL, &error);

  g_assert_no_error (error);
  return n;
}

typedef enum
{
  LEDGER_SHEET,  /* built in memory */
  LEDGER_XLSX,
  LEDGER_XLS,
  LEDGER_CSV_GB18030,
  LEDGER_CSV_UTF8_BOM,
} LedgerFormat;

/* @rows written as a file of @format and read back as a person's file is. */
static GjSheet *
through_file (LedgerFormat              format,
              const char *const *const *rows,
              const char *const        *merges)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("gj-import-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "台账", NULL);
  GjTestSheet sheet = { "社会组织", rows, merges };
  g_autoptr(GjWorkbook) book = NULL;
  GjSheet *read;

  g_assert_no_error (error);
  switch (format)
    {
    case LEDGER_XLSX:
      g_assert_true (gj_test_write_xlsx (path, &sheet, 1, GJ_TEST_XLSX_DEFAULT, &error));
      break;
    case LEDGER_XLS:
      g_assert_true (gj_test_write_xls (path, &sheet, 1, &error));
      break;
    case LEDGER_CSV_GB18030:
      g_assert_true (gj_test_write_csv (path, rows, GJ_TEST_CSV_GB18030, &error));
      break;
    case LEDGER_CSV_UTF8_BOM:
      g_assert_true (gj_test_write_csv (path, rows, GJ_TEST_CSV_UTF8_BOM, &error));
      break;
    case LEDGER_SHEET:
    default:
      g_assert_not_reached ();
    }
  g_assert_no_error (error);
  book = gj_workbook_open (path, &error);
  g_assert_no_error (error);
  if (format == LEDGER_CSV_GB18030)
    g_assert_cmpstr (gj_workbook_get_encoding (book), ==, "GB18030");
  read = gj_workbook_read_sheet (book, 0, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_remove (path);
  g_rmdir (dir);
  return read;
}

/* The ledger of the issue: a merged title, a 填报 line, a two-level
 * header with merged cells, 序号, a blank row, a 合计 row and a note. */
static GjSheet *
org_ledger_as (const char   *phone1,
               LedgerFormat  format)
{
  g_autofree char *c1 = code ("51420106MJ0000012");
  g_autofree char *c5 = code ("52420106MJ0000051");
  g_autofree char *c1_messy = NULL;
  g_autofree char *c1_small = NULL;
  g_autofree char *c6_bad = code ("51420106MJ0000063");
  GjSheet *sheet;

  /* Typed in small letters with a space in the middle. */
  c1_small = g_ascii_strdown (c1, -1);
  c1_messy = g_strdup_printf (" %.*s %s ", 8, c1_small, c1 + 8);
  c6_bad[17] = c6_bad[17] == '0' ? '1' : '0';
  {
    const char *r0[] = { "东湖街道社区社会组织台账（2025年度）", NULL };
    const char *r1[] = { "填报单位：东湖街道社工站", "", "", "", "", "", "填报日期：2025年12月", NULL };
    const char *r2[] = { "序号", "组织名称", "统一社会信用代码", "类别", "所属社区", "负责人", "",
                         "成立时间", NULL };
    const char *r3[] = { "", "", "", "", "", "姓名", "联系电话", "", NULL };
    const char *d1[] = { "=n:1", "东湖社区银龄互助会", c1_messy, "养老", "东湖社区", "张三",
                         phone1, "2023年3月21日", NULL };
    const char *d2[] = { "=n:2", "东湖社区书画协会", "无", "文体娱乐类", "东湖社区", "李四",
                         "=n:18865719603", "=d:2023-03-21", NULL };
    const char *d3[] = { "=n:3", "西湖社区调解队", "", "专业调处", "西湖社区", "王五",
                         "188-6571-9604", "2023.3.21", NULL };
    const char *blank[] = { "", NULL };
    const char *d4[] = { "=n:4", "东湖社区银龄互助会 ", "", "养老", "东湖社区", "张三", "", "",
                         NULL };
    const char *d5[] = { "=n:5", "阳光社工服务中心", c5, "为民服务", "西湖社区", "赵六",
                         "+86 188 6571 9605", "2023年3月", NULL };
    const char *d6[] = { "=n:6", "坏行", c6_bad, "养老", "北湖社区", "", "", "", NULL };
    const char *total[] = { "合计", "6个", NULL };
    const char *note[] = { "注：本表由各社区填报", NULL };
    const char *const *rows[] = { r0, r1, r2, r3, d1, d2, d3, blank, d4, d5, d6, blank, total,
                                  note, NULL };
    const char *merges[] = { "A1:H1", "F3:G3", "A3:A4", "B3:B4", "C3:C4", "D3:D4", "E3:E4",
                             "H3:H4", NULL };

    sheet = format == LEDGER_SHEET ? make_sheet (rows, merges)
                                   : through_file (format, rows, merges);
  }
  return sheet;
}

static GjSheet *
org_ledger (const char *phone1)
{
  return org_ledger_as (phone1, LEDGER_SHEET);
}

static void
dump (GjImport *import)
{
  for (guint i = 0; i < gj_import_get_n_rows (import); i++)
    {
      const GjImportRow *row = gj_import_get_row (import, i);

      g_test_message ("row %u outcome %d", row->sheet_row, row->outcome);
      for (guint p = 0; p < row->problems->len; p++)
        g_test_message ("  problem %s: %s", ((GjImportProblem *) row->problems->pdata[p])->field,
                        ((GjImportProblem *) row->problems->pdata[p])->message);
      for (guint p = 0; p < row->notes->len; p++)
        g_test_message ("  note %s", (char *) row->notes->pdata[p]);
    }
}

static GjImport *
prepared (GjStore        *store,
          const char     *kind,
          GjSheet        *sheet,
          GjImportOnMatch on_match)
{
  g_autoptr(GError) error = NULL;
  GjImport *import = gj_import_new (store, gj_schema_lookup (kind), sheet, &error);

  g_assert_no_error (error);
  gj_import_set_on_match (import, on_match);
  g_assert_true (gj_import_prepare (import, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  dump (import);
  return import;
}

static void
test_messy_ledger (gconstpointer data)
{
  g_autoptr(GjStore) store = station_store ();
  g_autoptr(GjSheet) sheet = org_ledger_as ("１８８６５７１９６０２", GPOINTER_TO_INT (data));
  g_autoptr(GjImport) import = prepared (store, "organization", sheet, GJ_IMPORT_ON_MATCH_SKIP);
  g_autoptr(GError) error = NULL;
  g_autoptr(GjRecord) o1 = NULL, o2 = NULL, o3 = NULL, o5 = NULL;
  g_autofree char *east = community_id (store, "东湖社区");
  g_autofree char *west = community_id (store, "西湖社区");
  g_autofree char *c1 = code ("51420106MJ0000012");
  g_autofree char *batch = NULL;
  const char *expected[] = { NULL, "name", "credit_code", "category", "community_id", "leader",
                             "phone", "founded" };
  const GjImportRow *row;
  GjImportCounts counts;

  g_assert_cmpuint (gj_import_get_header_first (import), ==, 2);
  g_assert_cmpuint (gj_import_get_header_last (import), ==, 3);
  g_assert_cmpuint (gj_import_get_data_first (import), ==, 4);
  g_assert_cmpuint (gj_import_get_data_last (import), ==, 10);
  g_assert_false (gj_import_get_mapping_remembered (import));
  g_assert_cmpuint (gj_import_get_n_columns (import), ==, 8);
  g_assert_cmpstr (gj_import_get_column_label (import, 6), ==, "负责人 / 联系电话");
  for (guint c = 0; c < G_N_ELEMENTS (expected); c++)
    g_assert_cmpstr (gj_import_get_column_target (import, c), ==, expected[c]);

  g_assert_cmpuint (gj_import_get_n_rows (import), ==, 6);
  g_assert_cmpint (gj_import_get_row (import, 0)->outcome, ==, GJ_IMPORT_ROW_NEW);
  g_assert_cmpuint (gj_import_get_row (import, 0)->sheet_row, ==, 5);
  row = gj_import_get_row (import, 3);
  g_assert_cmpint (row->outcome, ==, GJ_IMPORT_ROW_DUPLICATE);
  g_assert_cmpuint (row->sheet_row, ==, 9);
  g_assert_cmpuint (row->duplicate_of, ==, 5);
  row = gj_import_get_row (import, 4);
  g_assert_cmpint (row->outcome, ==, GJ_IMPORT_ROW_NEW);
  g_assert_cmpuint (row->notes->len, ==, 2);  /* the month-only date, the legal form */
  row = gj_import_get_row (import, 5);
  g_assert_cmpint (row->outcome, ==, GJ_IMPORT_ROW_PROBLEM);
  g_assert_cmpuint (row->problems->len, ==, 2);
  g_assert_cmpstr (((GjImportProblem *) row->problems->pdata[0])->field, ==, "credit_code");
  g_assert_cmpstr (((GjImportProblem *) row->problems->pdata[1])->field, ==, "community_id");
  g_assert_nonnull (strstr (((GjImportProblem *) row->problems->pdata[1])->message, "北湖社区"));

  gj_import_get_counts (import, &counts);
  g_assert_cmpuint (counts.n_rows, ==, 6);
  g_assert_cmpuint (counts.n_new, ==, 4);
  g_assert_cmpuint (counts.n_duplicate, ==, 1);
  g_assert_cmpuint (counts.n_problem, ==, 1);

  g_assert_true (gj_import_commit (import, "/home/worker/台账.xlsx", &batch, &error));
  g_assert_no_error (error);
  g_assert_nonnull (batch);
  g_assert_cmpint (count (store, "organization"), ==, 4);

  o1 = find (store, "organization", "name", "东湖社区银龄互助会");
  g_assert_cmpstr (gj_record_get_text (o1, "credit_code"), ==, c1);
  g_assert_cmpstr (gj_record_get_text (o1, "legal_form"), ==, "social_group");
  g_assert_cmpstr (gj_record_get_text (o1, "category"), ==, "elderly_care");
  g_assert_cmpstr (gj_record_get_text (o1, "community_id"), ==, east);
  g_assert_cmpstr (gj_record_get_text (o1, "leader"), ==, "张三");
  g_assert_cmpstr (gj_record_get_text (o1, "phone"), ==, "18865719602");
  g_assert_cmpstr (gj_record_get_text (o1, "founded"), ==, "2023-03-21");
  o2 = find (store, "organization", "name", "东湖社区书画协会");
  g_assert_null (gj_record_get_text (o2, "credit_code"));
  g_assert_cmpstr (gj_record_get_text (o2, "legal_form"), ==, "community_filed");
  g_assert_cmpstr (gj_record_get_text (o2, "category"), ==, "culture_sports");
  g_assert_cmpstr (gj_record_get_text (o2, "phone"), ==, "18865719603");
  g_assert_cmpstr (gj_record_get_text (o2, "founded"), ==, "2023-03-21");
  o3 = find (store, "organization", "name", "西湖社区调解队");
  g_assert_cmpstr (gj_record_get_text (o3, "category"), ==, "mediation");
  g_assert_cmpstr (gj_record_get_text (o3, "community_id"), ==, west);
  g_assert_cmpstr (gj_record_get_text (o3, "phone"), ==, "18865719604");
  g_assert_cmpstr (gj_record_get_text (o3, "founded"), ==, "2023-03-21");
  o5 = find (store, "organization", "name", "阳光社工服务中心");
  g_assert_cmpstr (gj_record_get_text (o5, "legal_form"), ==, "private_non_enterprise");
  g_assert_cmpstr (gj_record_get_text (o5, "category"), ==, "public_service");
  g_assert_cmpstr (gj_record_get_text (o5, "phone"), ==, "18865719605");
  g_assert_cmpstr (gj_record_get_text (o5, "founded"), ==, "2023-03-01");
}

/* The same file twice adds nothing, whatever is chosen for matches. */
static void
test_second_import (void)
{
  g_autoptr(GjStore) store = station_store ();
  g_autoptr(GjSheet) sheet = org_ledger ("18865719602");
  g_autoptr(GError) error = NULL;
  GjImportOnMatch choices[] = { GJ_IMPORT_ON_MATCH_SKIP, GJ_IMPORT_ON_MATCH_FILL,
                                GJ_IMPORT_ON_MATCH_OVERWRITE };
  g_autoptr(GjImport) first = prepared (store, "organization", sheet, GJ_IMPORT_ON_MATCH_SKIP);

  g_assert_true (gj_import_commit (first, "台账.xlsx", NULL, &error));
  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (choices); i++)
    {
      g_autoptr(GjSheet) again = org_ledger ("18865719602");
      g_autoptr(GjImport) import = prepared (store, "organization", again, choices[i]);
      GjImportCounts counts;

      gj_import_get_counts (import, &counts);
      g_assert_cmpuint (counts.n_new, ==, 0);
      g_assert_cmpuint (counts.n_match, ==, 4);
      g_assert_cmpuint (counts.n_update, ==, 0);
      g_assert_cmpuint (counts.n_duplicate, ==, 1);
      g_assert_cmpstr (gj_import_get_row (import, 0)->match_title, ==, "东湖社区银龄互助会");
      g_assert_true (gj_import_commit (import, "台账.xlsx", NULL, &error));
      g_assert_no_error (error);
      g_assert_cmpint (count (store, "organization"), ==, 4);
    }
}

/* A changed phone: skipped, filled only where empty, or overwritten; and
 * undoing the overwrite puts the old phone back. */
static void
test_on_match (void)
{
  g_autoptr(GjStore) store = station_store ();
  g_autoptr(GjSheet) sheet = org_ledger ("18865719602");
  g_autoptr(GjSheet) changed = org_ledger ("13912345678");
  g_autoptr(GjImport) first = prepared (store, "organization", sheet, GJ_IMPORT_ON_MATCH_SKIP);
  g_autoptr(GjImport) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GjRecord) o1 = NULL, back = NULL;
  g_autofree char *batch = NULL;
  GjImportCounts counts;
  guint n_undone = 0;

  g_assert_true (gj_import_commit (first, "台账.xlsx", NULL, &error));
  again = prepared (store, "organization", changed, GJ_IMPORT_ON_MATCH_SKIP);
  gj_import_get_counts (again, &counts);
  g_assert_cmpuint (counts.n_update, ==, 0);
  gj_import_set_on_match (again, GJ_IMPORT_ON_MATCH_FILL);
  gj_import_get_counts (again, &counts);
  g_assert_cmpuint (counts.n_update, ==, 0);
  gj_import_set_on_match (again, GJ_IMPORT_ON_MATCH_OVERWRITE);
  gj_import_get_counts (again, &counts);
  g_assert_cmpuint (counts.n_update, ==, 1);
  g_assert_cmpuint (gj_import_get_row (again, 0)->n_changes, ==, 1);
  g_assert_true (gj_import_commit (again, "台账.xlsx", &batch, &error));
  g_assert_no_error (error);
  o1 = find (store, "organization", "name", "东湖社区银龄互助会");
  g_assert_cmpstr (gj_record_get_text (o1, "phone"), ==, "13912345678");

  g_assert_true (gj_import_undo (store, batch, NULL, &n_undone, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_undone, ==, 1);
  back = find (store, "organization", "name", "东湖社区银龄互助会");
  g_assert_cmpstr (gj_record_get_text (back, "phone"), ==, "18865719602");
  g_assert_cmpint (count (store, "organization"), ==, 4);
}

/* Undo takes away exactly the batch; a record edited since is kept, and
 * the undo says so. */
static void
test_undo (void)
{
  g_autoptr(GjStore) store = station_store ();
  g_autoptr(GjSheet) sheet = org_ledger ("18865719602");
  g_autoptr(GjImport) import = prepared (store, "organization", sheet, GJ_IMPORT_ON_MATCH_SKIP);
  g_autoptr(GjRecord) own = gj_record_new_for ("organization");
  g_autoptr(GjRecord) edit = NULL, o3 = NULL;
  g_autoptr(GPtrArray) kept = NULL;
  g_autoptr(GPtrArray) batches = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *batch = NULL;
  guint n_undone = 0;

  g_autofree char *east = community_id (store, "东湖社区");

  gj_record_set_text (own, "name", "本来就有的协会");
  gj_record_set_text (own, "legal_form", "community_filed");
  gj_record_set_text (own, "category", "other");
  gj_record_set_text (own, "community_id", east);
  g_assert_true (gj_store_insert (store, own, &error));
  g_assert_true (gj_import_commit (import, "/tmp/台账.xlsx", &batch, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (store, "organization"), ==, 5);

  o3 = find (store, "organization", "name", "西湖社区调解队");
  edit = gj_record_new_for ("organization");
  edit->id = g_strdup (o3->id);
  gj_record_set_text (edit, "leader", "王五一");
  g_assert_true (gj_store_update (store, edit, GJ_WRITE_NONE, &error));

  batches = gj_import_log_list (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (batches->len, ==, 1);
  {
    GjImportBatch *b = batches->pdata[0];

    g_assert_cmpstr (b->id, ==, batch);
    g_assert_cmpstr (b->kind, ==, "organization");
    g_assert_cmpstr (b->file_name, ==, "台账.xlsx");
    g_assert_cmpstr (b->sheet, ==, "台账");
    g_assert_cmpuint (b->n_new, ==, 4);
    g_assert_cmpuint (b->n_duplicate, ==, 1);
    g_assert_cmpuint (b->n_problem, ==, 1);
    g_assert_cmpint (b->undone, ==, 0);
  }

  g_assert_true (gj_import_undo (store, batch, &kept, &n_undone, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_undone, ==, 3);
  g_assert_cmpuint (kept->len, ==, 1);
  g_assert_nonnull (strstr (kept->pdata[0], "西湖社区调解队"));
  g_assert_cmpint (count (store, "organization"), ==, 2);
  g_assert_true (exists (store, "organization", "name", "本来就有的协会"));
  g_assert_true (exists (store, "organization", "name", "西湖社区调解队"));

  g_assert_false (gj_import_undo (store, batch, NULL, NULL, &error));
  g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID);
}

/* An undo that fails at its last write leaves no transaction open: the
 * store takes further writes, and the batch is undone on the next try. */
/* Listing the imports of a database that never imported anything reads
 * nothing and creates nothing: it runs on read-only connections too. */
static void
test_log_read_only (void)
{
  g_autoptr(GjStore) store = station_store ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) batches = NULL;
  g_autoptr(GjImportBatch) batch = NULL;

  g_assert_true (gj_store_exec (store, "PRAGMA query_only = 1", &error));
  g_assert_no_error (error);
  batches = gj_import_log_list (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (batches->len, ==, 0);
  batch = gj_import_log_get (store, "0190c0de-4a1b-7c2d", &error);
  g_assert_null (batch);
  g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_NOT_FOUND);
  g_assert_true (gj_store_exec (store, "PRAGMA query_only = 0", NULL));
}

static void
test_undo_fails (void)
{
  g_autoptr(GjStore) store = station_store ();
  g_autoptr(GjSheet) sheet = org_ledger ("18865719602");
  g_autoptr(GjImport) import = prepared (store, "organization", sheet, GJ_IMPORT_ON_MATCH_SKIP);
  g_autoptr(GError) error = NULL;
  g_autofree char *batch = NULL;
  guint n_undone = 0;

  g_assert_true (gj_import_commit (import, "/tmp/台账.xlsx", &batch, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (store, "organization"), ==, 4);
  g_assert_true (gj_store_exec (store, "CREATE TEMP TRIGGER no_undo BEFORE UPDATE OF undone"
                                " ON import_batch BEGIN SELECT RAISE (ABORT, 'refused'); END",
                                &error));
  g_assert_no_error (error);

  g_assert_false (gj_import_undo (store, batch, NULL, &n_undone, &error));
  g_assert_nonnull (error);
  g_clear_error (&error);
  g_assert_cmpuint (store->tx_depth, ==, 0);
  g_assert_cmpint (count (store, "organization"), ==, 4);

  g_assert_true (gj_store_exec (store, "DROP TRIGGER temp.no_undo", &error));
  g_assert_no_error (error);
  g_assert_true (gj_import_undo (store, batch, NULL, &n_undone, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_undone, ==, 4);
  g_assert_cmpint (count (store, "organization"), ==, 0);
}

/* A mapping changed by hand comes back for the next file of that layout. */
static void
test_remembered_mapping (void)
{
  g_autoptr(GjStore) store = station_store ();
  g_autoptr(GjSheet) sheet = org_ledger ("18865719602");
  g_autoptr(GjSheet) next = org_ledger ("18865719602");
  g_autoptr(GError) error = NULL;
  g_autoptr(GjImport) import = gj_import_new (store, gj_schema_lookup ("organization"), sheet,
                                              &error);
  g_autoptr(GjImport) again = NULL;

  g_assert_no_error (error);
  g_assert_false (gj_import_set_column_target (import, 7, "leader", &error));
  g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID);
  g_clear_error (&error);
  g_assert_false (gj_import_set_column_target (import, 7, "no_such_field", &error));
  g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_UNKNOWN_FIELD);
  g_clear_error (&error);
  g_assert_true (gj_import_set_column_target (import, 7, NULL, &error));
  g_assert_true (gj_import_prepare (import, NULL, NULL, NULL, &error));
  g_assert_true (gj_import_commit (import, "台账.xlsx", NULL, &error));
  g_assert_no_error (error);

  again = gj_import_new (store, gj_schema_lookup ("organization"), next, &error);
  g_assert_no_error (error);
  g_assert_true (gj_import_get_mapping_remembered (again));
  g_assert_null (gj_import_get_column_target (again, 7));
  g_assert_cmpstr (gj_import_get_column_target (again, 6), ==, "phone");
}

static void
test_no_header (void)
{
  g_autoptr(GjStore) store = station_store ();
  const char *r0[] = { "今天天气很好", "=n:3", NULL };
  const char *r1[] = { "随便写写", "没有表头", NULL };
  const char *const *rows[] = { r0, r1, NULL };
  const char *const *none[] = { NULL };
  g_autoptr(GjSheet) sheet = make_sheet (rows, NULL);
  g_autoptr(GjSheet) empty = make_sheet (none, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GjImport) import = NULL;

  import = gj_import_new (store, gj_schema_lookup ("organization"), sheet, &error);
  g_assert_null (import);
  g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "台账"));
  g_clear_error (&error);
  import = gj_import_new (store, gj_schema_lookup ("organization"), empty, &error);
  g_assert_null (import);
  g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID);
  g_clear_error (&error);
  import = gj_import_new (store, gj_schema_lookup ("conflict"), sheet, &error);
  g_assert_null (import);
  g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID);
}

static char *
resident_id (const char *first17)
{
  return g_strdup_printf ("%s%c", first17, gj_resident_id_check (first17));
}

static void
commit (GjImport *import)
{
  g_autoptr(GError) error = NULL;

  gj_import_commit (import, "ledger.xlsx", NULL, &error);
  g_assert_no_error (error);
}

/* Volunteers bring their teams; their hours find them by ID number. */
static void
test_volunteers_and_hours (void)
{
  g_autoptr(GjStore) store = station_store ();
  g_autofree char *id1 = resident_id ("42010619800101123");
  g_autofree char *id2 = resident_id ("42010619850202234");
  const char *h[] = { "姓名", "身份证号", "手机", "性别", "所属社区", "服务队", NULL };
  const char *v1[] = { "冯梅", id1, "13800001111", "女", "东湖社区", "银龄服务队", NULL };
  const char *v2[] = { "冯兰", id2, "13800002222", "女性", "东湖社区", "银龄服务队 ", NULL };
  const char *const *vrows[] = { h, v1, v2, NULL };
  const char *hh[] = { "序号", "身份证号", "姓名", "服务日期", "服务时长", "核实人", NULL };
  const char *h1[] = { "1", id1, "冯梅", "2026/11/5", "2.5小时", "刘社工", NULL };
  const char *h2[] = { "2", id2, "冯兰", "2026年11月6日", "=n:3", "刘社工", NULL };
  const char *const *hrows[] = { hh, h1, h2, NULL };
  g_autoptr(GjSheet) vsheet = make_sheet (vrows, NULL);
  g_autoptr(GjSheet) hsheet = make_sheet (hrows, NULL);
  g_autoptr(GjSheet) hsheet2 = make_sheet (hrows, NULL);
  g_autoptr(GjImport) vimport = prepared (store, "volunteer", vsheet, GJ_IMPORT_ON_MATCH_SKIP);
  g_autoptr(GjImport) himport = NULL, again = NULL;
  g_autoptr(GjRecord) f1 = NULL, f2 = NULL, e1 = NULL;
  GjImportCounts counts;

  g_assert_cmpuint (gj_import_get_row (vimport, 0)->notes->len, ==, 1);
  commit (vimport);
  g_assert_cmpint (count (store, "volunteer"), ==, 2);
  g_assert_cmpint (count (store, "volunteer_team"), ==, 1);
  f1 = find (store, "volunteer", "resident_id", id1);
  f2 = find (store, "volunteer", "resident_id", id2);
  g_assert_nonnull (gj_record_get_text (f1, "team_id"));
  g_assert_cmpstr (gj_record_get_text (f1, "team_id"), ==, gj_record_get_text (f2, "team_id"));
  g_assert_cmpstr (gj_record_get_text (f2, "gender"), ==, "female");

  himport = prepared (store, "hours", hsheet, GJ_IMPORT_ON_MATCH_SKIP);
  g_assert_cmpstr (gj_import_get_column_target (himport, 1), ==, "volunteer_id");
  g_assert_null (gj_import_get_column_target (himport, 0));
  gj_import_get_counts (himport, &counts);
  g_assert_cmpuint (counts.n_new, ==, 2);
  commit (himport);
  e1 = find (store, "hours", "volunteer_id", f1->id);
  g_assert_cmpstr (gj_record_get_text (e1, "kind"), ==, "earn");
  g_assert_cmpstr (gj_record_get_text (e1, "date"), ==, "2026-11-05");
  g_assert_cmpfloat (gj_record_get_real (e1, "hours"), ==, 2.5);
  g_assert_cmpstr (gj_record_get_text (e1, "verified_by"), ==, "刘社工");

  again = prepared (store, "hours", hsheet2, GJ_IMPORT_ON_MATCH_SKIP);
  gj_import_get_counts (again, &counts);
  g_assert_cmpuint (counts.n_new, ==, 0);
  g_assert_cmpuint (counts.n_match, ==, 2);
  commit (again);
  g_assert_cmpint (count (store, "hours"), ==, 2);
}

/* An agreement over several rows, one item each, its own cells merged. */
static void
test_agreement_items (void)
{
  g_autoptr(GjStore) store = station_store ();
  g_autoptr(GjRecord) unit = gj_record_new_for ("unit");
  g_autoptr(GjRecord) agreement = NULL;
  g_autoptr(GError) error = NULL;
  const char *h[] = { "协议名称", "驻区单位", "社区", "签订日期", "结束日期", "共建事项", "责任方",
                      "完成时限", NULL };
  const char *a1[] = { "东湖社区与市一医院共建协议", "市第一医院", "东湖社区", "2026-01-10",
                       "2027.1.9", "义诊进社区", "市第一医院", "2026-06-30", NULL };
  const char *a2[] = { "", "", "", "", "", "健康讲座", "东湖社区", "2026年9月30日", NULL };
  const char *const *rows[] = { h, a1, a2, NULL };
  const char *merges[] = { "A2:A3", "B2:B3", "C2:C3", "D2:D3", "E2:E3", NULL };
  const char *ih[] = { "所属协议", "事项", "完成情况", NULL };
  const char *i1[] = { "东湖社区与市一医院共建协议", "共建文明楼栋", "已完成", NULL };
  const char *const *irows[] = { ih, i1, NULL };
  g_autoptr(GjSheet) sheet = make_sheet (rows, merges);
  g_autoptr(GjSheet) items = make_sheet (irows, NULL);
  g_autoptr(GjImport) import = NULL, iimport = NULL;
  GjImportCounts counts;

  gj_record_set_text (unit, "name", "市第一医院");
  gj_record_set_text (unit, "type", "hospital");
  g_assert_true (gj_store_insert (store, unit, &error));
  g_assert_no_error (error);

  import = prepared (store, "agreement", sheet, GJ_IMPORT_ON_MATCH_SKIP);
  g_assert_cmpstr (gj_import_get_column_target (import, 5), ==, "item.content");
  g_assert_cmpstr (gj_import_get_column_target (import, 7), ==, "item.due_on");
  gj_import_get_counts (import, &counts);
  g_assert_cmpuint (counts.n_new, ==, 1);
  g_assert_cmpuint (counts.n_duplicate, ==, 1);
  commit (import);
  g_assert_cmpint (count (store, "agreement"), ==, 1);
  g_assert_cmpint (count (store, "agreement_item"), ==, 2);
  agreement = find (store, "agreement", "title", "东湖社区与市一医院共建协议");
  g_assert_cmpstr (gj_record_get_text (agreement, "unit_id"), ==, unit->id);
  g_assert_cmpstr (gj_record_get_text (agreement, "status"), ==, "in_force");
  g_assert_cmpstr (gj_record_get_text (agreement, "end_on"), ==, "2027-01-09");
  {
    g_autoptr(GjRecord) talk = find (store, "agreement_item", "content", "健康讲座");

    g_assert_cmpstr (gj_record_get_text (talk, "agreement_id"), ==, agreement->id);
    g_assert_cmpstr (gj_record_get_text (talk, "due_on"), ==, "2026-09-30");
    g_assert_cmpstr (gj_record_get_text (talk, "status"), ==, "pending");
  }

  /* The same agreement next quarter with one more item: nothing new but
   * the item, which the counts must show so that it is not passed over. */
  {
    const char *a3[] = { "", "", "", "", "", "义务理发", "市第一医院", "2026-12-20", NULL };
    const char *const *more[] = { h, a1, a2, a3, NULL };
    const char *merges3[] = { "A2:A4", "B2:B4", "C2:C4", "D2:D4", "E2:E4", NULL };
    g_autoptr(GjSheet) next = make_sheet (more, merges3);
    g_autoptr(GjImport) again = prepared (store, "agreement", next, GJ_IMPORT_ON_MATCH_SKIP);

    gj_import_get_counts (again, &counts);
    g_assert_cmpuint (counts.n_new, ==, 0);
    g_assert_cmpuint (counts.n_match, ==, 1);
    g_assert_cmpuint (counts.n_update, ==, 0);
    g_assert_cmpuint (counts.n_items, ==, 1);
    commit (again);
    g_assert_cmpint (count (store, "agreement"), ==, 1);
    g_assert_cmpint (count (store, "agreement_item"), ==, 3);
  }

  iimport = prepared (store, "agreement_item", items, GJ_IMPORT_ON_MATCH_SKIP);
  commit (iimport);
  {
    g_autoptr(GjRecord) third = find (store, "agreement_item", "content", "共建文明楼栋");

    g_assert_cmpstr (gj_record_get_text (third, "agreement_id"), ==, agreement->id);
    g_assert_cmpstr (gj_record_get_text (third, "status"), ==, "done");
  }
}

/* What a person might pick by mistake: each gets a message that names the
 * file or sheet, and nothing is written. */
static void
test_not_a_spreadsheet (void)
{
  g_autoptr(GjStore) store = station_store ();
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("gj-import-XXXXXX", &error);
  g_autofree char *noise = g_build_filename (dir, "扫描件.xlsx", NULL);
  g_autofree char *text = g_build_filename (dir, "说明.csv", NULL);
  gsize n = 50 * 1024 * 1024;
  g_autofree guint8 *bytes = g_malloc (n);
  g_autoptr(GString) prose = g_string_new (NULL);
  g_autoptr(GjWorkbook) book = NULL;
  g_autoptr(GjSheet) sheet = NULL;
  g_autoptr(GjImport) import = NULL;
  GRand *rand = g_rand_new_with_seed (12);

  for (gsize i = 0; i < n; i += 4)
    *(guint32 *) (bytes + i) = g_rand_int (rand);
  g_rand_free (rand);
  g_assert_true (g_file_set_contents (noise, (const char *) bytes, n, &error));
  book = gj_workbook_open (noise, &error);
  g_assert_null (book);
  g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "扫描件.xlsx"));
  g_clear_error (&error);

  /* Text that is no ledger: a CSV of one column and no header. */
  while (prose->len < 4 * 1024 * 1024)
    g_string_append (prose, "社区工作要点，做好服务。\n居民满意度持续提升。\n");
  g_assert_true (g_file_set_contents (text, prose->str, prose->len, &error));
  book = gj_workbook_open (text, &error);
  g_assert_no_error (error);
  sheet = gj_workbook_read_sheet (book, 0, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  import = gj_import_new (store, gj_schema_lookup ("organization"), sheet, &error);
  g_assert_null (import);
  g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID);
  g_assert_cmpint (count (store, "organization"), ==, 0);
  g_remove (noise);
  g_remove (text);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_data_func ("/import/messy-ledger/sheet", GINT_TO_POINTER (LEDGER_SHEET),
                        test_messy_ledger);
  g_test_add_data_func ("/import/messy-ledger/xlsx", GINT_TO_POINTER (LEDGER_XLSX),
                        test_messy_ledger);
  g_test_add_data_func ("/import/messy-ledger/xls", GINT_TO_POINTER (LEDGER_XLS),
                        test_messy_ledger);
  g_test_add_data_func ("/import/messy-ledger/csv-gb18030", GINT_TO_POINTER (LEDGER_CSV_GB18030),
                        test_messy_ledger);
  g_test_add_data_func ("/import/messy-ledger/csv-utf8-bom",
                        GINT_TO_POINTER (LEDGER_CSV_UTF8_BOM), test_messy_ledger);
  g_test_add_func ("/import/second-import", test_second_import);
  g_test_add_func ("/import/on-match", test_on_match);
  g_test_add_func ("/import/undo", test_undo);
  g_test_add_func ("/import/undo-fails", test_undo_fails);
  g_test_add_func ("/import/log-read-only", test_log_read_only);
  g_test_add_func ("/import/remembered-mapping", test_remembered_mapping);
  g_test_add_func ("/import/no-header", test_no_header);
  g_test_add_func ("/import/not-a-spreadsheet", test_not_a_spreadsheet);
  g_test_add_func ("/import/volunteers-and-hours", test_volunteers_and_hours);
  g_test_add_func ("/import/agreement-items", test_agreement_items);
  return g_test_run ();
}
