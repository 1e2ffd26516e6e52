/* report-samples.h: reports and files the report tests share
 *
 * Static inline, so that each test program takes what it uses.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "gj-report.h"

#define ROWS 300

/* The reports as a station reads them: in Chinese, from the build's own
 * translations. */
static inline void
report_test_init (int    *argc,
                  char ***argv)
{
  g_setenv ("LANGUAGE", "zh_CN", TRUE);
  g_setenv ("LC_ALL", "zh_CN.UTF-8", TRUE);
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, BUILD_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  g_test_init (argc, argv, NULL);
}

/* Every kind of block but charts, with typed and marked cells. */
static inline GjReport *
small_report (void)
{
  GjReport *report = gj_report_new ("测试报告", "溪山街道社工站", "2026年第四季度");

  gj_report_set_issued_on (report, "2026-12-01");
  gj_report_add_heading (report, 1, "一、基本情况");
  gj_report_add_paragraph (report, "本季度共有社会组织三家。");
  gj_report_add_fact (report, "甲方", "溪山街道社工站");
  gj_report_add_fact (report, "乙方", NULL);
  gj_report_begin_table (report, "项目资金", NULL);
  gj_report_add_column (report, "项目", 2, FALSE);
  gj_report_add_column (report, "金额", 1, TRUE);
  gj_report_add_column (report, "完成率", 1, TRUE);
  gj_report_add_column (report, "日期", 1, FALSE);
  gj_report_add_row (report, GJ_REPORT_MARK_NONE);
  gj_report_add_text (report, "助老");
  gj_report_add_money (report, 1234500);
  gj_report_add_percent (report, 0.7);
  gj_report_add_date (report, "2026-12-01");
  gj_report_add_row (report, GJ_REPORT_MARK_TOTAL);
  gj_report_add_text (report, "合计");
  gj_report_add_money (report, -5);
  gj_report_add_number (report, 1.25, 1);
  gj_report_mark_cell (report, GJ_REPORT_MARK_SHORTFALL);
  gj_report_add_signature (report, "甲方（盖章）", "溪山街道社工站");
  gj_report_add_signature (report, "乙方（盖章）", NULL);
  gj_report_add_notice (report, "本期无数据。");
  return report;
}

/* A table of ROWS rows over several pages. */
static inline GjReport *
long_report (void)
{
  GjReport *report = gj_report_new ("志愿服务记录台账", "溪山街道社工站", "2026年第四季度");

  gj_report_set_issued_on (report, "2026-12-01");
  gj_report_add_heading (report, 1, "服务记录");
  gj_report_add_paragraph (report, "以下为本季度全部服务记录，按日期排列。");
  gj_report_begin_table (report, "服务明细", "明细");
  gj_report_add_column (report, "序号", 0.6, TRUE);
  gj_report_add_column (report, "组织名称", 2, FALSE);
  gj_report_add_column (report, "资金（元）", 1.4, FALSE);
  gj_report_add_column (report, "服务日期", 1.4, FALSE);
  for (guint i = 0; i < ROWS; i++)
    {
      g_autofree char *name = g_strdup_printf ("组织%03u号", i + 1);
      g_autofree char *date = g_strdup_printf ("2026-%02u-%02u", i % 12 + 1, i % 28 + 1);

      gj_report_add_row (report, GJ_REPORT_MARK_NONE);
      gj_report_add_integer (report, i + 1);
      gj_report_add_text (report, name);
      /* From 10.00 to 900,000.00: right-aligned figures of many widths. */
      gj_report_add_money (report, (gint64) (i + 1) * (i + 1) * 1000);
      gj_report_add_date (report, date);
    }
  return report;
}

static inline guint
count_of (const char *haystack,
          const char *needle)
{
  guint n = 0;

  for (const char *at = strstr (haystack, needle); at; at = strstr (at + 1, needle))
    n++;
  return n;
}

/* A file name in a folder of its own, both removed when the test is done
 * (the folder only if nothing else was left in it). */
typedef struct
{
  char *dir;
  char *path;
} TempFile;

static inline TempFile
temp_file (const char *name)
{
  g_autoptr(GError) error = NULL;
  TempFile t;

  t.dir = g_dir_make_tmp ("gj-report-XXXXXX", &error);
  g_assert_no_error (error);
  t.path = g_build_filename (t.dir, name, NULL);
  return t;
}

static inline void
temp_file_clear (TempFile *t)
{
  g_unlink (t->path);
  g_rmdir (t->dir);
  g_free (t->path);
  g_free (t->dir);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (TempFile, temp_file_clear)

static inline guint
n_files (const char *dir)
{
  g_autoptr(GDir) listing = g_dir_open (dir, 0, NULL);
  guint n = 0;

  while (g_dir_read_name (listing))
    n++;
  return n;
}
