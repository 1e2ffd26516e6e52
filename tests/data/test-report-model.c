/* test-report-model.c: the report model, periods, and tables as XLSX
 *
 * Spreadsheets are read back cell by cell through the import's own
 * reader, as the district would open them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "gj-data-error.h"
#include "gj-report-render.h"
#include "gj-reports.h"
#include "gj-test-pdf.h"
#include "gj-workbook.h"
#include "report-samples.h"

/* The model */

static void
test_model_text (void)
{
  g_autoptr(GjReport) report = small_report ();
  g_autofree char *text = gj_report_to_text (report);

  g_assert_cmpstr (text, ==,
                   "测试报告\n溪山街道社工站\n2026年第四季度\n2026年12月1日\n"
                   "\n一、基本情况\n"
                   "\n本季度共有社会组织三家。\n"
                   "\n甲方: 溪山街道社工站\n乙方: \n"
                   "\n项目资金\n项目\t金额\t完成率\t日期\n助老\t12,345.00\t70%\t2026年12月1日\n"
                   "合计\t-0.05\t1.2\t\n"
                   "\n甲方（盖章） 溪山街道社工站\n乙方（盖章） \n"
                   "\n本期无数据。\n");
}

static void
test_model_cells (void)
{
  g_autoptr(GjReport) report = small_report ();
  const GjReportBlock *table = NULL;
  const GjReportRow *row, *total;
  g_autofree char *money = gj_record_format_money (123456789);
  g_autofree char *date = gj_report_format_date ("2026-01-05");
  g_autofree char *odd = gj_report_format_date ("not a date");

  for (guint i = 0; i < gj_report_get_n_blocks (report); i++)
    if (gj_report_get_block (report, i)->type == GJ_REPORT_TABLE)
      table = gj_report_get_block (report, i);
  g_assert_nonnull (table);
  g_assert_cmpstr (table->sheet, ==, "项目资金");
  g_assert_cmpuint (table->rows->len, ==, 2);
  row = g_ptr_array_index (table->rows, 0);
  g_assert_cmpint (row->cells[1].type, ==, GJ_REPORT_CELL_MONEY);
  g_assert_cmpstr (row->cells[1].text, ==, "12,345.00");
  g_assert_cmpfloat_with_epsilon (row->cells[1].number, 12345.0, 1e-9);
  g_assert_cmpint (row->cells[2].type, ==, GJ_REPORT_CELL_PERCENT);
  g_assert_cmpfloat_with_epsilon (row->cells[2].number, 0.7, 1e-9);
  g_assert_cmpint (row->cells[3].type, ==, GJ_REPORT_CELL_DATE);
  g_assert_cmpstr (row->cells[3].iso, ==, "2026-12-01");
  g_assert_cmpstr (row->cells[3].text, ==, "2026年12月1日");

  total = g_ptr_array_index (table->rows, 1);
  g_assert_cmpint (total->mark, ==, GJ_REPORT_MARK_TOTAL);
  g_assert_cmpint (total->cells[2].type, ==, GJ_REPORT_CELL_NUMBER);
  g_assert_cmpint (total->cells[2].decimals, ==, 1);
  g_assert_cmpint (total->cells[2].mark, ==, GJ_REPORT_MARK_SHORTFALL);
  /* The short row was padded with an empty text cell. */
  g_assert_cmpint (total->cells[3].type, ==, GJ_REPORT_CELL_TEXT);
  g_assert_cmpstr (total->cells[3].text, ==, "");

  g_assert_cmpstr (money, ==, "1,234,567.89");
  {
    g_autoptr(GjReport) chart = gj_report_new ("图", "社工站", NULL);
    const char *labels[] = { "溪山村", "东湖社区" };
    const double gov[] = { 120000, 8 }, leveraged[] = { 30000, 0.5 };
    const GjReportBlock *block;

    /* A stacked bar shows both series together, as the Overview does. */
    gj_report_add_chart (chart, GJ_REPORT_CHART_STACKED, "资金", 2, labels, gov, leveraged, NULL,
                         NULL);
    block = gj_report_get_block (chart, 0);
    g_assert_cmpstr (g_ptr_array_index (block->texts, 0), ==, "150000");
    g_assert_cmpstr (g_ptr_array_index (block->texts, 1), ==, "8.5");
  }
  g_assert_cmpstr (date, ==, "2026年1月5日");
  g_assert_cmpstr (odd, ==, "not a date");
}

/* Periods */

static void
test_period_parse (void)
{
  const struct { const char *text; int year, quarter; } good[] = {
    { "2026Q4", 2026, 4 }, { "2026q1", 2026, 1 }, { "2026-Q2", 2026, 2 }, { "2026-q3", 2026, 3 },
    { "2026", 2026, 0 }, { " 2025Q4 ", 2025, 4 }, { "2026年第3季度", 2026, 3 },
    { "2026年", 2026, 0 }, { "2026年度", 2026, 0 }, { "2000", 2000, 0 }, { "2100Q1", 2100, 1 },
  };
  const char *bad[] = {
    "", "2026Q5", "2026Q0", "2026Q", "1999", "2101", "26Q4", "2026Q4x", "abcd", "20261",
    "2026年第5季度", "2026年第四季度", "Q4 2026", "2026-13",
  };

  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GError) error = NULL;
      GjPeriod period = { 0, 0 };

      g_assert_true (gj_period_parse (good[i].text, &period, &error));
      g_assert_no_error (error);
      g_assert_cmpint (period.year, ==, good[i].year);
      g_assert_cmpint (period.quarter, ==, good[i].quarter);
    }
  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GError) error = NULL;
      GjPeriod period = { 1, 1 };

      g_assert_false (gj_period_parse (bad[i], &period, &error));
      g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID);
      g_assert_nonnull (strstr (error->message, bad[i]));
      g_assert_cmpint (period.year, ==, 1);
    }
  {
    g_autoptr(GError) error = NULL;
    GjPeriod period;

    g_assert_false (gj_period_parse (NULL, &period, &error));
    g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID);
  }
}

static void
test_period_bounds (void)
{
  const char *expect[][2] = {
    { "2026-01-01", "2026-12-31" }, { "2026-01-01", "2026-03-31" },
    { "2026-04-01", "2026-06-30" }, { "2026-07-01", "2026-09-30" },
    { "2026-10-01", "2026-12-31" },
  };
  const char *names[] = { "2026年度", "2026年第一季度", "2026年第二季度", "2026年第三季度",
                          "2026年第四季度" };
  GjPeriod now;

  for (int q = 0; q <= 4; q++)
    {
      GjPeriod period = { 2026, q };
      g_autofree char *first = NULL;
      g_autofree char *last = NULL;
      g_autofree char *name = gj_period_format (&period);

      gj_period_bounds (&period, &first, &last);
      g_assert_cmpstr (first, ==, expect[q][0]);
      g_assert_cmpstr (last, ==, expect[q][1]);
      g_assert_cmpstr (name, ==, names[q]);
    }
  gj_period_current (&now, TRUE);
  g_assert_cmpint (now.quarter, ==, 0);
  g_assert_cmpint (now.year, >=, 2000);
  gj_period_current (&now, FALSE);
  g_assert_cmpint (now.quarter, >=, 1);
  g_assert_cmpint (now.quarter, <=, 4);
}

/* XLSX */

static void
add_small_table (GjReport   *report,
                 const char *title,
                 const char *sheet)
{
  gj_report_begin_table (report, title, sheet);
  gj_report_add_column (report, "名称", 1, FALSE);
  gj_report_add_row (report, GJ_REPORT_MARK_NONE);
  gj_report_add_text (report, title);
}

static GjSheet *
read_sheet (GjWorkbook *workbook,
            guint       index)
{
  g_autoptr(GError) error = NULL;
  GjSheet *sheet = gj_workbook_read_sheet (workbook, index, NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  return sheet;
}

static void
test_xlsx_tables (void)
{
  g_autoptr(GjReport) report = small_report ();
  g_autoptr(GjReport) rows = long_report ();
  g_autoptr(GError) error = NULL;
  g_auto(TempFile) out = temp_file ("指标.xlsx");
  g_autoptr(GjWorkbook) workbook = NULL;
  g_autoptr(GjSheet) funds = NULL;
  g_autoptr(GjSheet) details = NULL;
  const char *names[] = { "项目资金", "明细", "资金_汇总_2026_季度_", "明细 (2)",
                          "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一",
                          "表6" };

  /* The long report's table after the small one's, then names that need
   * mending: forbidden characters, a taken name, one too long, none. */
  gj_report_begin_table (report, "明细", "明细");
  gj_report_add_column (report, "序号", 1, TRUE);
  gj_report_add_column (report, "名称", 1, FALSE);
  gj_report_add_column (report, "金额", 1, TRUE);
  gj_report_add_column (report, "日期", 1, FALSE);
  for (guint r = 0; r < 3; r++)
    {
      const GjReportBlock *block = gj_report_get_block (rows, 2);
      const GjReportRow *row = g_ptr_array_index (block->rows, r);

      gj_report_add_row (report, r == 2 ? GJ_REPORT_MARK_TOTAL : GJ_REPORT_MARK_NONE);
      gj_report_add_integer (report, (gint64) row->cells[0].number);
      gj_report_add_text (report, row->cells[1].text);
      gj_report_add_money (report, (gint64) (row->cells[2].number * 100));
      gj_report_add_date (report, row->cells[3].iso);
    }
  add_small_table (report, "资金:汇总/2026[季度]", NULL);
  add_small_table (report, "又一个", "明细");
  add_small_table (report, "超长", "一二三四五六七八九十一二三四五六七八九十一二三四五六七八九十一二三");
  add_small_table (report, "", "''");

  g_assert_true (gj_report_write_xlsx (report, out.path, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_files (out.dir), ==, 1);

  workbook = gj_workbook_open (out.path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gj_workbook_get_n_sheets (workbook), ==, G_N_ELEMENTS (names));
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    g_assert_cmpstr (gj_workbook_get_sheet_name (workbook, i), ==, names[i]);

  funds = read_sheet (workbook, 0);
  g_assert_cmpuint (gj_sheet_get_n_rows (funds), ==, 3);
  g_assert_cmpstr (gj_sheet_get_text (funds, 0, 0), ==, "项目");
  g_assert_cmpstr (gj_sheet_get_text (funds, 0, 3), ==, "日期");
  g_assert_cmpstr (gj_sheet_get_text (funds, 1, 0), ==, "助老");
  g_assert_cmpint (gj_sheet_get_cell_type (funds, 1, 1), ==, GJ_SHEET_CELL_NUMBER);
  g_assert_cmpstr (gj_sheet_get_text (funds, 1, 1), ==, "12345");
  g_assert_cmpint (gj_sheet_get_cell_type (funds, 1, 2), ==, GJ_SHEET_CELL_NUMBER);
  g_assert_cmpstr (gj_sheet_get_text (funds, 1, 2), ==, "0.7");
  g_assert_cmpint (gj_sheet_get_cell_type (funds, 1, 3), ==, GJ_SHEET_CELL_DATE);
  g_assert_cmpstr (gj_sheet_get_text (funds, 1, 3), ==, "2026-12-01");
  g_assert_cmpstr (gj_sheet_get_text (funds, 2, 1), ==, "-0.05");
  g_assert_cmpstr (gj_sheet_get_text (funds, 2, 2), ==, "1.25");

  details = read_sheet (workbook, 1);
  g_assert_cmpuint (gj_sheet_get_n_rows (details), ==, 4);
  g_assert_cmpstr (gj_sheet_get_text (details, 0, 1), ==, "名称");
  for (guint r = 1; r <= 3; r++)
    {
      g_autofree char *n = g_strdup_printf ("%u", r);
      g_autofree char *name = g_strdup_printf ("组织%03u号", r);
      g_autofree char *money = g_strdup_printf ("%u", r * r * 10);
      g_autofree char *date = g_strdup_printf ("2026-%02u-%02u", r, r);

      g_assert_cmpint (gj_sheet_get_cell_type (details, r, 0), ==, GJ_SHEET_CELL_NUMBER);
      g_assert_cmpstr (gj_sheet_get_text (details, r, 0), ==, n);
      g_assert_cmpint (gj_sheet_get_cell_type (details, r, 1), ==, GJ_SHEET_CELL_TEXT);
      g_assert_cmpstr (gj_sheet_get_text (details, r, 1), ==, name);
      g_assert_cmpstr (gj_sheet_get_text (details, r, 2), ==, money);
      g_assert_cmpint (gj_sheet_get_cell_type (details, r, 3), ==, GJ_SHEET_CELL_DATE);
      g_assert_cmpstr (gj_sheet_get_text (details, r, 3), ==, date);
    }
}

static void
test_xlsx_no_table (void)
{
  g_autoptr(GjReport) report = gj_report_new ("指标报告", "溪山街道社工站", "2026年度");
  g_autoptr(GError) error = NULL;
  g_auto(TempFile) out = temp_file ("空.xlsx");
  g_autofree char *path_pdf = NULL;
  g_autofree char *text = NULL;
  g_autoptr(GString) long_text = g_string_new (NULL);
  g_autoptr(GjWorkbook) workbook = NULL;
  g_autoptr(GjSheet) sheet = NULL;
  const char *cell;

  for (guint i = 0; i < 40000; i++)
    g_string_append (long_text, "长");
  gj_report_add_paragraph (report, "说明");
  gj_report_add_notice (report, "本期无数据。");
  /* Bytes that are not UTF-8 and a text longer than a cell holds still
   * make a file Excel opens. */
  gj_report_add_notice (report, "坏\xff字");
  gj_report_add_notice (report, long_text->str);
  g_assert_true (gj_report_write_xlsx (report, out.path, &error));
  g_assert_no_error (error);
  workbook = gj_workbook_open (out.path, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (gj_workbook_get_n_sheets (workbook), ==, 1);
  g_assert_cmpstr (gj_workbook_get_sheet_name (workbook, 0), ==, "指标报告");
  sheet = read_sheet (workbook, 0);
  g_assert_cmpstr (gj_sheet_get_text (sheet, 0, 0), ==, "指标报告");
  g_assert_cmpstr (gj_sheet_get_text (sheet, 1, 0), ==, "溪山街道社工站");
  g_assert_cmpstr (gj_sheet_get_text (sheet, 2, 0), ==, "2026年度");
  g_assert_cmpstr (gj_sheet_get_text (sheet, 4, 0), ==, "本期无数据。");
  g_assert_cmpstr (gj_sheet_get_text (sheet, 5, 0), ==, "坏\xef\xbf\xbd字");
  cell = gj_sheet_get_text (sheet, 6, 0);
  g_assert_cmpuint (strlen (cell), >, 32760);
  g_assert_cmpuint (strlen (cell), <=, 32767);
  g_assert_true (g_str_has_prefix (long_text->str, cell));

  /* The PDF shows the mended text too. */
  path_pdf = g_build_filename (out.dir, "坏.pdf", NULL);
  g_assert_true (gj_report_write_pdf (report, path_pdf, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  text = gj_test_pdf_text (path_pdf);
  g_assert_nonnull (strstr (text, "坏"));
  g_unlink (path_pdf);
}

int
main (int   argc,
      char *argv[])
{
  report_test_init (&argc, &argv);
  g_test_add_func ("/report/model/text", test_model_text);
  g_test_add_func ("/report/model/cells", test_model_cells);
  g_test_add_func ("/report/period/parse", test_period_parse);
  g_test_add_func ("/report/period/bounds", test_period_bounds);
  g_test_add_func ("/report/xlsx/tables", test_xlsx_tables);
  g_test_add_func ("/report/xlsx/no-table", test_xlsx_no_table);
  return g_test_run ();
}
