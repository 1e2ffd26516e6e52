/* test-workbook.c: the spreadsheet readers on files the tests write
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <gsf/gsf.h>
#include <string.h>

#include "gj-data-error.h"
#include "gj-test-sheets.h"
#include "gj-workbook.h"

/* A ledger as stations keep them: a merged title, a filing line, a
 * two-level header ("负责人" over "姓名 | 联系电话", "序号" down two rows),
 * data with numbers, dates and rich text, a blank row and a footnote. */
static const char *const title[] = { "东湖街道社区社会组织台账（2025年度）", "", "", "", "", "", "",
                                     "", NULL };
static const char *const filing[] = { "填报单位：东湖街道", "", "", "", "", "", "填报日期：",
                                      "=d:2025-01-06", NULL };
static const char *const head1[] = { "序号", "组织名称", "统一社会信用代码", "负责人", "",
                                     "成立日期", "登记时间", "备注", NULL };
static const char *const head2[] = { "", "", "", "姓名", "联系电话", "", "", "", NULL };
static const char *const data1[] = { "=n:1", "东湖社区志愿者协会", "52330100MJ0000000X", "张三",
                                     "=n:18865719602", "=d:2023-03-21", "=t:2023-03-21 08:30",
                                     "=r:重点|培育", NULL };
static const char *const data2[] = { "=n:2", "ＡＢＣ读书会１２３", "无", "李四", "0571-8888 6666",
                                     "=c:1900-03-01", "=d:1900-02-28", "=n:2.5", NULL };
static const char *const blank[] = { NULL };
static const char *const note[] = { "注：本表由社区填报。", NULL };
static const char *const *const ledger[] = { title, filing, head1, head2, data1, data2, blank,
                                             note, NULL };
static const char *const ledger_merges[] = { "A1:H1", "A3:A4", "B3:B4", "D3:E3", NULL };

static const GjTestSheet ledger_sheet = { "组织台账", ledger, ledger_merges };

static char *dir;

static char *
tmp_path (const char *name)
{
  if (dir == NULL)
    dir = g_dir_make_tmp ("gj-test-workbook-XXXXXX", NULL);
  g_assert_nonnull (dir);
  return g_build_filename (dir, name, NULL);
}

static void
assert_cell (GjSheet         *sheet,
             guint            row,
             guint            column,
             GjSheetCellType  type,
             const char      *text)
{
  g_assert_cmpstr (gj_sheet_get_text (sheet, row, column), ==, text);
  g_assert_cmpint (gj_sheet_get_cell_type (sheet, row, column), ==, type);
}

static void
assert_merge (GjSheet *sheet,
              guint    i,
              guint    r1,
              guint    c1,
              guint    r2,
              guint    c2)
{
  guint a, b, c, d;

  gj_sheet_get_merge (sheet, i, &a, &b, &c, &d);
  g_assert_cmpuint (a, ==, r1);
  g_assert_cmpuint (b, ==, c1);
  g_assert_cmpuint (c, ==, r2);
  g_assert_cmpuint (d, ==, c2);
}

static void
check_ledger_xlsx (GjTestXlsxFlags flags)
{
  g_autofree char *path = tmp_path (flags ? "ledger-inline.xlsx" : "ledger.xlsx");
  g_autoptr(GError) error = NULL;
  g_autoptr(GjWorkbook) wb = NULL;
  g_autoptr(GjSheet) sheet = NULL;

  g_assert_true (gj_test_write_xlsx (path, &ledger_sheet, 1, flags, &error));
  g_assert_no_error (error);
  wb = gj_workbook_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gj_workbook_get_format (wb), ==, GJ_WORKBOOK_XLSX);
  g_assert_null (gj_workbook_get_encoding (wb));
  g_assert_cmpuint (gj_workbook_get_n_sheets (wb), ==, 1);
  g_assert_cmpstr (gj_workbook_get_sheet_name (wb, 0), ==, "组织台账");
  sheet = gj_workbook_read_sheet (wb, 0, NULL, NULL, NULL, &error);
  g_assert_no_error (error);

  g_assert_cmpstr (gj_sheet_get_name (sheet), ==, "组织台账");
  g_assert_cmpuint (gj_sheet_get_n_rows (sheet), ==, 8);
  g_assert_cmpuint (gj_sheet_get_n_columns (sheet), ==, 8);
  assert_cell (sheet, 0, 0, GJ_SHEET_CELL_TEXT, "东湖街道社区社会组织台账（2025年度）");
  assert_cell (sheet, 0, 1, GJ_SHEET_CELL_EMPTY, "");
  assert_cell (sheet, 1, 0, GJ_SHEET_CELL_TEXT, "填报单位：东湖街道");
  assert_cell (sheet, 1, 7, GJ_SHEET_CELL_DATE, "2025-01-06");
  assert_cell (sheet, 2, 3, GJ_SHEET_CELL_TEXT, "负责人");
  assert_cell (sheet, 2, 4, GJ_SHEET_CELL_EMPTY, "");
  assert_cell (sheet, 3, 3, GJ_SHEET_CELL_TEXT, "姓名");
  assert_cell (sheet, 3, 4, GJ_SHEET_CELL_TEXT, "联系电话");
  assert_cell (sheet, 4, 0, GJ_SHEET_CELL_NUMBER, "1");
  assert_cell (sheet, 4, 1, GJ_SHEET_CELL_TEXT, "东湖社区志愿者协会");
  assert_cell (sheet, 4, 2, GJ_SHEET_CELL_TEXT, "52330100MJ0000000X");
  assert_cell (sheet, 4, 4, GJ_SHEET_CELL_NUMBER, "18865719602");
  assert_cell (sheet, 4, 5, GJ_SHEET_CELL_DATE, "2023-03-21");
  assert_cell (sheet, 4, 6, GJ_SHEET_CELL_DATE, "2023-03-21");
  assert_cell (sheet, 4, 7, GJ_SHEET_CELL_TEXT, "重点培育");
  assert_cell (sheet, 5, 1, GJ_SHEET_CELL_TEXT, "ＡＢＣ读书会１２３");
  assert_cell (sheet, 5, 2, GJ_SHEET_CELL_TEXT, "无");
  assert_cell (sheet, 5, 4, GJ_SHEET_CELL_TEXT, "0571-8888 6666");
  /* Day 61 and day 59, on either side of Excel's 29 February 1900. */
  assert_cell (sheet, 5, 5, GJ_SHEET_CELL_DATE, "1900-03-01");
  assert_cell (sheet, 5, 6, GJ_SHEET_CELL_DATE, "1900-02-28");
  assert_cell (sheet, 5, 7, GJ_SHEET_CELL_NUMBER, "2.5");
  g_assert_true (gj_sheet_row_is_empty (sheet, 6));
  g_assert_false (gj_sheet_row_is_empty (sheet, 5));
  assert_cell (sheet, 7, 0, GJ_SHEET_CELL_TEXT, "注：本表由社区填报。");

  g_assert_cmpuint (gj_sheet_get_n_merges (sheet), ==, 4);
  assert_merge (sheet, 0, 0, 0, 0, 7);
  assert_merge (sheet, 1, 2, 0, 3, 0);
  assert_merge (sheet, 2, 2, 1, 3, 1);
  assert_merge (sheet, 3, 2, 3, 2, 4);
  g_assert_false (gj_sheet_is_merged_tail (sheet, 0, 0));
  g_assert_true (gj_sheet_is_merged_tail (sheet, 0, 7));
  g_assert_true (gj_sheet_is_merged_tail (sheet, 3, 0));
  g_assert_true (gj_sheet_is_merged_tail (sheet, 2, 4));
  g_assert_false (gj_sheet_is_merged_tail (sheet, 3, 4));

  gj_sheet_fill_merges (sheet);
  assert_cell (sheet, 0, 7, GJ_SHEET_CELL_TEXT, "东湖街道社区社会组织台账（2025年度）");
  assert_cell (sheet, 3, 0, GJ_SHEET_CELL_TEXT, "序号");
  assert_cell (sheet, 2, 4, GJ_SHEET_CELL_TEXT, "负责人");
  assert_cell (sheet, 3, 4, GJ_SHEET_CELL_TEXT, "联系电话");
}

static void
test_xlsx_shared_strings (void)
{
  check_ledger_xlsx (GJ_TEST_XLSX_DEFAULT);
}

static void
test_xlsx_inline_strings (void)
{
  check_ledger_xlsx (GJ_TEST_XLSX_INLINE_STRINGS);
}

/* Writes a zip of @parts (name, content, name, content, …, NULL), making
 * the folders of each name. */
static void
write_zip (const char        *path,
           const char *const *parts)
{
  GsfOutput *sink = gsf_output_stdio_new (path, NULL);
  GsfOutfile *zip = gsf_outfile_zip_new (sink, NULL);
  g_autoptr(GHashTable) dirs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                                      g_object_unref);

  for (guint i = 0; parts[i] != NULL; i += 2)
    {
      g_auto(GStrv) names = g_strsplit (parts[i], "/", -1);
      GsfOutfile *dir = zip;
      g_autoptr(GString) prefix = g_string_new (NULL);
      GsfOutput *member;
      guint n = g_strv_length (names);

      for (guint k = 0; k + 1 < n; k++)
        {
          GsfOutfile *sub;

          g_string_append_printf (prefix, "%s/", names[k]);
          sub = g_hash_table_lookup (dirs, prefix->str);
          if (sub == NULL)
            {
              sub = GSF_OUTFILE (gsf_outfile_new_child (dir, names[k], TRUE));
              g_hash_table_insert (dirs, g_strdup (prefix->str), sub);
            }
          dir = sub;
        }
      member = gsf_outfile_new_child (dir, names[n - 1], FALSE);
      gsf_output_puts (member, parts[i + 1]);
      gsf_output_close (member);
      g_object_unref (member);
    }
  /* Folders close before the zip that holds them, the deepest first. */
  {
    g_autoptr(GList) keys = g_hash_table_get_keys (dirs);

    keys = g_list_sort (keys, (GCompareFunc) strcmp);
    for (GList *l = g_list_last (keys); l != NULL; l = l->prev)
      gsf_output_close (g_hash_table_lookup (dirs, l->data));
  }
  gsf_output_close (GSF_OUTPUT (zip));
  g_object_unref (zip);
  g_object_unref (sink);
}

/* What libxlsxwriter never writes but other programs do: the 1904 date
 * system, cells and rows without r=, phonetic guides, booleans, errors,
 * formula text, _x000D_ escapes, numbers that need 17 digits, a merge
 * given as a lone cell, and part names in another case. */
static void
test_xlsx_by_hand (void)
{
  static const char *const parts[] = {
    "xl/workbook.xml",
    "<workbook xmlns='http://schemas.openxmlformats.org/spreadsheetml/2006/main' "
    "xmlns:r='http://schemas.openxmlformats.org/officeDocument/2006/relationships'>"
    "<workbookPr date1904='1'/><sheets><sheet name='手写' sheetId='1' r:id='rId7'/>"
    "</sheets></workbook>",
    "xl/_rels/workbook.xml.rels",
    "<Relationships xmlns='http://schemas.openxmlformats.org/package/2006/relationships'>"
    "<Relationship Id='rId7' Target='/xl/Worksheets/Sheet1.xml'/></Relationships>",
    "xl/styles.xml",
    "<styleSheet><numFmts><numFmt numFmtId='164' formatCode='[Red]0.00;\\-0.00'/>"
    "<numFmt numFmtId='165' formatCode='yyyy&quot;年&quot;m&quot;月&quot;'/></numFmts>"
    "<cellStyleXfs><xf numFmtId='14'/></cellStyleXfs>"
    "<cellXfs><xf numFmtId='0'/><xf numFmtId='14'/><xf numFmtId='164'/><xf numFmtId='165'/>"
    "<xf numFmtId='31'/></cellXfs></styleSheet>",
    "xl/sharedStrings.xml",
    "<sst><si><t>东湖</t><rPh><t>とうこ</t></rPh></si><si/>"
    "<si><r><t xml:space='preserve'>两 </t></r><r><t>行_x000D_</t></r></si></sst>",
    "xl/worksheets/sheet1.xml",
    "<x:worksheet xmlns:x='http://schemas.openxmlformats.org/spreadsheetml/2006/main'>"
    "<x:sheetData><x:row><x:c t='s'><x:v>0</x:v></x:c><x:c t='s'><x:v>2</x:v></x:c>"
    "<x:c t='b'><x:v>1</x:v></x:c><x:c t='e'><x:v>#N/A</x:v></x:c>"
    "<x:c t='str'><x:f>A1&amp;B1</x:f><x:v>东湖两 行</x:v></x:c></x:row>"
    "<x:row><x:c s='1'><x:v>45000</x:v></x:c><x:c s='2'><x:v>45000</x:v></x:c>"
    "<x:c s='3'><x:v>1</x:v></x:c><x:c s='4'><x:v>0.5</x:v></x:c>"
    "<x:c><x:v>0.30000000000000004</x:v></x:c><x:c><x:v>1E+20</x:v></x:c>"
    "<x:c t='inlineStr'><x:is><x:t>内</x:t><x:r><x:t>联</x:t></x:r></x:is></x:c></x:row>"
    "<x:row r='5'><x:c r='C5' t='s'><x:v>1</x:v></x:c><x:c><x:v>-0</x:v></x:c></x:row>"
    "</x:sheetData><x:mergeCells><x:mergeCell ref='A7'/><x:mergeCell ref='A1:B1'/>"
    "</x:mergeCells></x:worksheet>",
    NULL
  };
  g_autofree char *path = tmp_path ("by-hand.xlsx");
  g_autoptr(GError) error = NULL;
  g_autoptr(GjWorkbook) wb = NULL;
  g_autoptr(GjSheet) sheet = NULL;

  write_zip (path, parts);
  wb = gj_workbook_open (path, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gj_workbook_get_sheet_name (wb, 0), ==, "手写");
  sheet = gj_workbook_read_sheet (wb, 0, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  assert_cell (sheet, 0, 0, GJ_SHEET_CELL_TEXT, "东湖");
  assert_cell (sheet, 0, 1, GJ_SHEET_CELL_TEXT, "两 行");
  assert_cell (sheet, 0, 2, GJ_SHEET_CELL_BOOL, "1");
  assert_cell (sheet, 0, 3, GJ_SHEET_CELL_TEXT, "#N/A");
  assert_cell (sheet, 0, 4, GJ_SHEET_CELL_TEXT, "东湖两 行");
  assert_cell (sheet, 1, 0, GJ_SHEET_CELL_DATE, "2027-03-16");
  assert_cell (sheet, 1, 1, GJ_SHEET_CELL_NUMBER, "45000");
  assert_cell (sheet, 1, 2, GJ_SHEET_CELL_DATE, "1904-01-02");
  /* A time alone in a date format is no date. */
  assert_cell (sheet, 1, 3, GJ_SHEET_CELL_NUMBER, "0.5");
  assert_cell (sheet, 1, 4, GJ_SHEET_CELL_NUMBER, "0.30000000000000004");
  assert_cell (sheet, 1, 5, GJ_SHEET_CELL_NUMBER, "100000000000000000000");
  assert_cell (sheet, 1, 6, GJ_SHEET_CELL_TEXT, "内联");
  g_assert_true (gj_sheet_row_is_empty (sheet, 2));
  assert_cell (sheet, 4, 2, GJ_SHEET_CELL_EMPTY, "");
  assert_cell (sheet, 4, 3, GJ_SHEET_CELL_NUMBER, "0");
  g_assert_cmpuint (gj_sheet_get_n_rows (sheet), ==, 5);
  g_assert_cmpuint (gj_sheet_get_n_merges (sheet), ==, 1);
  assert_merge (sheet, 0, 0, 0, 0, 1);
}

static void
test_xlsx_sheets (void)
{
  static const char *const item[] = { "事项", "=n:3", NULL };
  static const char *const *const items[] = { item, NULL };
  const GjTestSheet sheets[] = { ledger_sheet, { "协议事项", items, NULL } };
  g_autofree char *path = tmp_path ("two.xlsx");
  g_autoptr(GError) error = NULL;
  g_autoptr(GjWorkbook) wb = NULL;
  g_autoptr(GjSheet) sheet = NULL;
  g_autoptr(GBytes) bytes = NULL;
  char *contents;
  gsize len;

  g_assert_true (gj_test_write_xlsx (path, sheets, 2, 0, &error));
  g_assert_true (g_file_get_contents (path, &contents, &len, &error));
  bytes = g_bytes_new_take (contents, len);
  wb = gj_workbook_open_bytes (bytes, "two.xlsx", &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gj_workbook_get_n_sheets (wb), ==, 2);
  g_assert_cmpstr (gj_workbook_get_sheet_name (wb, 1), ==, "协议事项");
  sheet = gj_workbook_read_sheet (wb, 1, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  assert_cell (sheet, 0, 0, GJ_SHEET_CELL_TEXT, "事项");
  assert_cell (sheet, 0, 1, GJ_SHEET_CELL_NUMBER, "3");
  g_clear_pointer (&sheet, gj_sheet_unref);
  g_assert_null (gj_workbook_read_sheet (wb, 2, NULL, NULL, NULL, &error));
  g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_NOT_FOUND);
}

static void
test_csv_encodings (void)
{
  static const char *const r1[] = { "序号", "组织名称", "备注", NULL };
  static const char *const r2[] = { "1", "东湖, \"读书\"会", "两行\n说明", NULL };
  static const char *const r3[] = { "2", "", "全角１２３", NULL };
  static const char *const *const rows[] = { r1, r2, blank, r3, NULL };
  const GjTestCsvEncoding encodings[] = { GJ_TEST_CSV_UTF8, GJ_TEST_CSV_UTF8_BOM,
                                          GJ_TEST_CSV_GB18030 };
  const char *names[] = { "UTF-8", "UTF-8", "GB18030" };

  for (guint i = 0; i < G_N_ELEMENTS (encodings); i++)
    {
      g_autofree char *file = g_strdup_printf ("台账-%u.csv", i);
      g_autofree char *path = tmp_path (file);
      g_autoptr(GError) error = NULL;
      g_autoptr(GjWorkbook) wb = NULL;
      g_autoptr(GjSheet) sheet = NULL;
      g_autofree char *sheet_name = g_strdup_printf ("台账-%u", i);

      g_assert_true (gj_test_write_csv (path, rows, encodings[i], &error));
      wb = gj_workbook_open (path, &error);
      g_assert_no_error (error);
      g_assert_cmpint (gj_workbook_get_format (wb), ==, GJ_WORKBOOK_CSV);
      g_assert_cmpstr (gj_workbook_get_encoding (wb), ==, names[i]);
      g_assert_cmpstr (gj_workbook_get_sheet_name (wb, 0), ==, sheet_name);
      sheet = gj_workbook_read_sheet (wb, 0, NULL, NULL, NULL, &error);
      g_assert_no_error (error);
      g_assert_cmpuint (gj_sheet_get_n_rows (sheet), ==, 4);
      g_assert_cmpuint (gj_sheet_get_n_columns (sheet), ==, 3);
      assert_cell (sheet, 0, 0, GJ_SHEET_CELL_TEXT, "序号");
      assert_cell (sheet, 1, 1, GJ_SHEET_CELL_TEXT, "东湖, \"读书\"会");
      assert_cell (sheet, 1, 2, GJ_SHEET_CELL_TEXT, "两行\n说明");
      g_assert_true (gj_sheet_row_is_empty (sheet, 2));
      assert_cell (sheet, 3, 0, GJ_SHEET_CELL_TEXT, "2");
      assert_cell (sheet, 3, 1, GJ_SHEET_CELL_EMPTY, "");
      assert_cell (sheet, 3, 2, GJ_SHEET_CELL_TEXT, "全角１２３");
    }
}

static GjSheet *
read_csv_bytes (const char *text)
{
  g_autoptr(GBytes) bytes = g_bytes_new (text, strlen (text));
  g_autoptr(GError) error = NULL;
  g_autoptr(GjWorkbook) wb = gj_workbook_open_bytes (bytes, "x.csv", &error);
  GjSheet *sheet;

  g_assert_no_error (error);
  sheet = gj_workbook_read_sheet (wb, 0, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  return sheet;
}

static void
test_csv_separators (void)
{
  g_autoptr(GjSheet) tabs = read_csv_bytes ("名称\t电话\r东湖\t123\r");
  g_autoptr(GjSheet) semis = read_csv_bytes ("名称;电话\nA;\"x;y\"\n");
  /* One stray control character in a text file is dropped; many make
   * the file binary (see test_not_spreadsheets). */
  g_autofree char *long_line = g_strnfill (200, 'x');
  g_autofree char *text = g_strconcat ("a\x01" "b,", long_line, "\n", NULL);
  g_autoptr(GjSheet) control = read_csv_bytes (text);

  assert_cell (tabs, 1, 1, GJ_SHEET_CELL_TEXT, "123");
  g_assert_cmpuint (gj_sheet_get_n_rows (tabs), ==, 2);
  assert_cell (semis, 1, 1, GJ_SHEET_CELL_TEXT, "x;y");
  assert_cell (control, 0, 0, GJ_SHEET_CELL_TEXT, "ab");
}

static void
test_xls (void)
{
  static const char *const r1[] = { "组织名称", "联系电话", "成立日期", "登记时间", "金额", NULL };
  static const char *const r2[] = { "东湖社区志愿者协会", "=n:18865719602", "=d:2023-03-21",
                                    "=t:2023-03-21 08:30", "=n:2.5", NULL };
  static const char *const *const rows[] = { r1, blank, r2, NULL };
  static const char *const *const other[] = { r1, NULL };
  const GjTestSheet sheets[] = { { "组织", rows, NULL }, { "第二页", other, NULL } };
  g_autofree char *path = tmp_path ("ledger.xls");
  g_autoptr(GError) error = NULL;
  g_autoptr(GjWorkbook) wb = NULL;
  g_autoptr(GjSheet) sheet = NULL;
  g_autoptr(GBytes) bytes = NULL;
  char *contents;
  gsize len;

  g_assert_true (gj_test_write_xls (path, sheets, 2, &error));
  g_assert_no_error (error);
  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  bytes = g_bytes_new_take (contents, len);
  wb = gj_workbook_open_bytes (bytes, "ledger.xls", &error);
  g_assert_no_error (error);
  g_assert_cmpint (gj_workbook_get_format (wb), ==, GJ_WORKBOOK_XLS);
  g_assert_cmpuint (gj_workbook_get_n_sheets (wb), ==, 2);
  g_assert_cmpstr (gj_workbook_get_sheet_name (wb, 0), ==, "组织");
  g_assert_cmpstr (gj_workbook_get_sheet_name (wb, 1), ==, "第二页");
  sheet = gj_workbook_read_sheet (wb, 0, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gj_sheet_get_n_rows (sheet), ==, 3);
  assert_cell (sheet, 0, 0, GJ_SHEET_CELL_TEXT, "组织名称");
  g_assert_true (gj_sheet_row_is_empty (sheet, 1));
  assert_cell (sheet, 2, 0, GJ_SHEET_CELL_TEXT, "东湖社区志愿者协会");
  assert_cell (sheet, 2, 1, GJ_SHEET_CELL_NUMBER, "18865719602");
  assert_cell (sheet, 2, 2, GJ_SHEET_CELL_DATE, "2023-03-21");
  assert_cell (sheet, 2, 3, GJ_SHEET_CELL_DATE, "2023-03-21");
  assert_cell (sheet, 2, 4, GJ_SHEET_CELL_NUMBER, "2.5");
  g_clear_pointer (&sheet, gj_sheet_unref);
  sheet = gj_workbook_read_sheet (wb, 1, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  assert_cell (sheet, 0, 4, GJ_SHEET_CELL_TEXT, "金额");
}

/* A sheet whose strings overflow one SST record (the table goes on in
 * CONTINUE records) and whose stream is past the 4 KB of the mini stream. */
static void
test_xls_long (void)
{
  g_autofree const char *const **rows = g_new0 (const char *const *, 401);
  g_autoptr(GPtrArray) keep = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *path = tmp_path ("long.xls");
  g_autoptr(GError) error = NULL;
  g_autoptr(GjWorkbook) wb = NULL;
  g_autoptr(GjSheet) sheet = NULL;
  GjTestSheet long_sheet = { "长表", NULL, NULL };

  for (guint i = 0; i < 400; i++)
    {
      const char **row = g_new0 (const char *, 3);

      row[0] = g_strdup_printf ("东湖社区第%u读书会", i);
      row[1] = g_strdup_printf ("=n:%u", i);
      g_ptr_array_add (keep, (gpointer) row[0]);
      g_ptr_array_add (keep, (gpointer) row[1]);
      g_ptr_array_add (keep, row);
      rows[i] = row;
    }
  long_sheet.rows = rows;
  g_assert_true (gj_test_write_xls (path, &long_sheet, 1, &error));
  wb = gj_workbook_open (path, &error);
  g_assert_no_error (error);
  sheet = gj_workbook_read_sheet (wb, 0, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gj_sheet_get_n_rows (sheet), ==, 400);
  assert_cell (sheet, 0, 0, GJ_SHEET_CELL_TEXT, "东湖社区第0读书会");
  assert_cell (sheet, 399, 0, GJ_SHEET_CELL_TEXT, "东湖社区第399读书会");
  assert_cell (sheet, 399, 1, GJ_SHEET_CELL_NUMBER, "399");
}

static void
assert_refused (GBytes     *bytes,
                const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GjWorkbook) wb = gj_workbook_open_bytes (bytes, name, &error);

  g_assert_null (wb);
  g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, name));
}

/* Finds @pattern in @data and overwrites the @len bytes after it. */
static void
patch_after (guint8        *data,
             gsize          size,
             const char    *pattern,
             gsize          pattern_len,
             gconstpointer  value,
             gsize          len)
{
  guint8 *at = NULL;

  for (gsize i = 0; at == NULL && i + pattern_len <= size; i++)
    if (memcmp (data + i, pattern, pattern_len) == 0)
      at = data + i;
  g_assert_nonnull (at);
  g_assert_cmpuint (at - data + pattern_len + len, <=, size);
  memcpy (at + pattern_len, value, len);
}

/* libfreexl would allocate what DIMENSIONS claims and count days up to a
 * date one at a time; both are refused before it sees the file. */
static void
test_xls_hostile (void)
{
  static const char *const r1[] = { "名称", "=d:2023-03-21", NULL };
  static const char *const *const rows[] = { r1, NULL };
  const GjTestSheet sheet = { "组织", rows, NULL };
  g_autofree char *path = tmp_path ("hostile.xls");
  /* DIMENSIONS: type 0x0200, length 14, first row 0, then the row count. */
  static const char dimensions[] = "\x00\x02\x0e\x00\x00\x00\x00\x00";
  static const guint8 many_rows[] = { 0x00, 0x00, 0x10, 0x00 };
  /* NUMBER: type 0x0203, length 14, row 0, column 1, XF 16 (a date). */
  static const char date_cell[] = "\x03\x02\x0e\x00\x00\x00\x01\x00\x10\x00";
  /* BOF: type 0x0809, length 16, then the version. */
  static const char biff8_bof[] = "\x09\x08\x10\x00";
  static const guint8 biff5[] = { 0x00, 0x05 };
  double far = 1e9;
  char *contents;
  gsize len;

  g_assert_true (gj_test_write_xls (path, &sheet, 1, NULL));
  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  {
    g_autoptr(GBytes) ok = g_bytes_new (contents, len);
    g_autoptr(GError) error = NULL;
    g_autoptr(GjWorkbook) wb = gj_workbook_open_bytes (ok, "ok.xls", &error);

    g_assert_no_error (error);
  }
  patch_after ((guint8 *) contents, len, dimensions, sizeof dimensions - 1, many_rows,
               sizeof many_rows);
  {
    g_autoptr(GBytes) huge = g_bytes_new (contents, len);

    assert_refused (huge, "huge.xls");
  }
  g_free (contents);

  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  patch_after ((guint8 *) contents, len, date_cell, sizeof date_cell - 1, &far, sizeof far);
  {
    g_autoptr(GBytes) far_date = g_bytes_new_take (contents, len);

    assert_refused (far_date, "far.xls");
  }

  /* The globals' BOF saying BIFF5 (Excel 5.0/95). */
  g_assert_true (g_file_get_contents (path, &contents, &len, NULL));
  patch_after ((guint8 *) contents, len, biff8_bof, sizeof biff8_bof - 1, biff5, sizeof biff5);
  {
    g_autoptr(GBytes) old = g_bytes_new_take (contents, len);

    assert_refused (old, "excel95.xls");
  }
}

static void
test_not_spreadsheets (void)
{
  static const guint8 png[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13,
                                'I', 'H', 'D', 'R', 0, 0, 1, 0, 0, 0, 1, 0, 8, 6, 0, 0, 0 };
  g_autoptr(GBytes) png_bytes = g_bytes_new_static (png, sizeof png);
  g_autoptr(GBytes) empty = g_bytes_new_static ("", 0);
  g_autoptr(GRand) rand = g_rand_new_with_seed (12);
  g_autofree guint8 *noise = g_new (guint8, 4096);
  g_autoptr(GBytes) noise_bytes = NULL;
  g_autofree char *zip_path = tmp_path ("document.docx");
  g_autofree char *xlsx_path = tmp_path ("whole.xlsx");
  g_autofree char *empty_path = tmp_path ("empty.csv");
  g_autoptr(GError) error = NULL;
  g_autoptr(GjWorkbook) wb = NULL;
  char *contents;
  gsize len;

  for (guint i = 0; i < 4096; i++)
    noise[i] = g_rand_int_range (rand, 0, 256);
  noise_bytes = g_bytes_new_static (noise, 4096);
  assert_refused (png_bytes, "photo.png");
  assert_refused (noise_bytes, "noise.xlsx");
  assert_refused (empty, "empty.csv");

  g_assert_true (g_file_set_contents (empty_path, "", 0, NULL));
  wb = gj_workbook_open (empty_path, &error);
  g_assert_null (wb);
  g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID);
  g_clear_error (&error);

  /* A zip that is a Word document. */
  {
    GsfOutput *sink = gsf_output_stdio_new (zip_path, NULL);
    GsfOutfile *zip = gsf_outfile_zip_new (sink, NULL);
    GsfOutfile *dir = GSF_OUTFILE (gsf_outfile_new_child (zip, "word", TRUE));
    GsfOutput *doc = gsf_outfile_new_child (dir, "document.xml", FALSE);

    gsf_output_puts (doc, "<document/>");
    gsf_output_close (doc);
    gsf_output_close (GSF_OUTPUT (dir));
    gsf_output_close (GSF_OUTPUT (zip));
    g_object_unref (doc);
    g_object_unref (dir);
    g_object_unref (zip);
    g_object_unref (sink);
  }
  g_assert_true (g_file_get_contents (zip_path, &contents, &len, NULL));
  {
    g_autoptr(GBytes) docx = g_bytes_new_take (contents, len);

    assert_refused (docx, "document.docx");
  }

  /* A workbook cut short, as an interrupted download leaves it. */
  g_assert_true (gj_test_write_xlsx (xlsx_path, &ledger_sheet, 1, 0, NULL));
  g_assert_true (g_file_get_contents (xlsx_path, &contents, &len, NULL));
  {
    g_autoptr(GBytes) whole = g_bytes_new_take (contents, len);
    g_autoptr(GBytes) cut = g_bytes_new_from_bytes (whole, 0, len / 2);
    g_autoptr(GjWorkbook) truncated = gj_workbook_open_bytes (cut, "cut.xlsx", &error);

    if (truncated != NULL)
      {
        g_autoptr(GjSheet) sheet = gj_workbook_read_sheet (truncated, 0, NULL, NULL, NULL,
                                                           &error);
        g_assert_null (sheet);
      }
    g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID);
    g_assert_nonnull (strstr (error->message, "cut.xlsx"));
  }
}

static void
cancel_cb (double   fraction,
           gpointer user_data)
{
  g_assert_cmpfloat (fraction, >=, 0.0);
  g_assert_cmpfloat (fraction, <=, 1.0);
  g_cancellable_cancel (user_data);
}

static void
test_cancel (void)
{
  g_autofree const char *const **rows = g_new0 (const char *const *, 5001);
  g_autofree char *path = tmp_path ("long.xlsx");
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GjWorkbook) wb = NULL;
  g_autoptr(GjSheet) sheet = NULL;
  static const char *const row[] = { "名称", "=n:1", NULL };
  GjTestSheet long_sheet = { "长表", NULL, NULL };

  for (guint i = 0; i < 5000; i++)
    rows[i] = row;
  long_sheet.rows = rows;
  g_assert_true (gj_test_write_xlsx (path, &long_sheet, 1, 0, &error));
  wb = gj_workbook_open (path, &error);
  g_assert_no_error (error);

  sheet = gj_workbook_read_sheet (wb, 0, cancel_cb, cancellable, cancellable, &error);
  g_assert_null (sheet);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&error);

  /* The same workbook reads whole once nobody cancels. */
  sheet = gj_workbook_read_sheet (wb, 0, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gj_sheet_get_n_rows (sheet), ==, 5000);
}

static void
test_sheet_limits (void)
{
  g_autoptr(GjSheet) sheet = gj_sheet_new ("名册");
  g_autoptr(GError) error = NULL;

  g_assert_true (gj_sheet_set_cell (sheet, 3, 2, GJ_SHEET_CELL_TEXT, "b", NULL));
  g_assert_true (gj_sheet_set_cell (sheet, 3, 0, GJ_SHEET_CELL_TEXT, "a", NULL));
  g_assert_true (gj_sheet_set_cell (sheet, 3, 2, GJ_SHEET_CELL_NUMBER, "7", NULL));
  assert_cell (sheet, 3, 0, GJ_SHEET_CELL_TEXT, "a");
  assert_cell (sheet, 3, 2, GJ_SHEET_CELL_NUMBER, "7");
  assert_cell (sheet, 99, 99, GJ_SHEET_CELL_EMPTY, "");
  g_assert_cmpuint (gj_sheet_get_n_rows (sheet), ==, 4);
  g_assert_cmpuint (gj_sheet_get_n_columns (sheet), ==, 3);
  g_assert_true (gj_sheet_set_cell (sheet, 3, 0, GJ_SHEET_CELL_EMPTY, "", NULL));
  g_assert_true (gj_sheet_set_cell (sheet, 3, 2, GJ_SHEET_CELL_TEXT, "", NULL));
  g_assert_cmpuint (gj_sheet_get_n_rows (sheet), ==, 0);

  g_assert_false (gj_sheet_set_cell (sheet, GJ_SHEET_MAX_ROWS, 0, GJ_SHEET_CELL_TEXT, "x",
                                     &error));
  g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "名册"));
  g_clear_error (&error);
  g_assert_false (gj_sheet_set_cell (sheet, 0, GJ_SHEET_MAX_COLUMNS, GJ_SHEET_CELL_TEXT, "x",
                                     &error));
  g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "名册"));
}

/* The letters a person reads above a column, which messages and --map use. */
static void
test_column_letters (void)
{
  const struct { guint column; const char *letters; } cases[] = {
    { 0, "A" }, { 25, "Z" }, { 26, "AA" }, { 51, "AZ" }, { 52, "BA" }, { 701, "ZZ" },
    { 702, "AAA" }, { 16383, "XFD" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *letters = gj_sheet_column_letters (cases[i].column);

      g_assert_cmpstr (letters, ==, cases[i].letters);
    }
}

int
main (int   argc,
      char *argv[])
{
  int ret;

  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/workbook/column-letters", test_column_letters);
  g_test_add_func ("/workbook/xlsx/shared-strings", test_xlsx_shared_strings);
  g_test_add_func ("/workbook/xlsx/inline-strings", test_xlsx_inline_strings);
  g_test_add_func ("/workbook/xlsx/sheets", test_xlsx_sheets);
  g_test_add_func ("/workbook/xlsx/by-hand", test_xlsx_by_hand);
  g_test_add_func ("/workbook/csv/encodings", test_csv_encodings);
  g_test_add_func ("/workbook/csv/separators", test_csv_separators);
  g_test_add_func ("/workbook/xls", test_xls);
  g_test_add_func ("/workbook/xls/hostile", test_xls_hostile);
  g_test_add_func ("/workbook/xls/long", test_xls_long);
  g_test_add_func ("/workbook/not-spreadsheets", test_not_spreadsheets);
  g_test_add_func ("/workbook/cancel", test_cancel);
  g_test_add_func ("/sheet/limits", test_sheet_limits);
  ret = g_test_run ();

  if (dir != NULL)
    {
      g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);
      const char *name;

      while (d != NULL && (name = g_dir_read_name (d)) != NULL)
        {
          g_autofree char *path = g_build_filename (dir, name, NULL);

          g_unlink (path);
        }
      g_rmdir (dir);
      g_free (dir);
    }
  return ret;
}
