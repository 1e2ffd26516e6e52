/* gj-test-sheets.h: writing small XLSX, XLS and CSV files for tests
 *
 * Rows are given as a NULL-terminated array of rows, each a
 * NULL-terminated array of cell strings:
 *
 *   static const char *const title[] = { "东湖街道社区社会组织台账", NULL };
 *   static const char *const blank[] = { NULL };
 *   static const char *const data[] = { "1", "", "=n:18865719602", "=d:2023-03-21", NULL };
 *   static const char *const *const rows[] = { title, blank, data, NULL };
 *   static const char *const merges[] = { "A1:H1", NULL };
 *
 * A cell string is text unless it starts with one of these prefixes:
 *   "=n:12.5"             a number
 *   "=d:2023-03-21"       a real Excel date, formatted yyyy-mm-dd
 *   "=c:2023-03-21"       a real Excel date, formatted yyyy"年"m"月"d"日"
 *   "=t:2023-03-21 08:30" a real Excel date and time, formatted yyyy-mm-dd hh:mm
 *   "=r:粗体|普通"         rich text: runs split at '|', every other run bold
 *                         (XLSX only; XLS and CSV write the text as given)
 * "" is an empty cell. CSV writes the text after any prefix.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef struct
{
  const char               *name;    /* the sheet's name */
  const char *const *const *rows;
  const char *const        *merges;  /* NULL or NULL-terminated "A1:H1" ranges (XLSX only) */
} GjTestSheet;

typedef enum
{
  GJ_TEST_XLSX_DEFAULT        = 0,
  /* libxlsxwriter's constant_memory mode: inline strings, no shared table. */
  GJ_TEST_XLSX_INLINE_STRINGS = 1 << 0,
} GjTestXlsxFlags;

typedef enum
{
  GJ_TEST_CSV_UTF8,
  GJ_TEST_CSV_UTF8_BOM,
  GJ_TEST_CSV_GB18030,
} GjTestCsvEncoding;

/* An XLSX file of @n_sheets sheets, written with libxlsxwriter. A merge's
 * value is its top-left cell's; the other cells of a merge must be "". */
gboolean gj_test_write_xlsx (const char        *path,
                             const GjTestSheet *sheets,
                             guint              n_sheets,
                             GjTestXlsxFlags    flags,
                             GError           **error);

/* An Excel 97-2003 (BIFF8) file: shared strings (the table continued in
 * CONTINUE records past 8 KB), numbers, dates through a date format, in
 * an OLE2 container. No merges (libfreexl cannot read them). */
gboolean gj_test_write_xls  (const char        *path,
                             const GjTestSheet *sheets,
                             guint              n_sheets,
                             GError           **error);

/* A CSV file with CRLF line ends, quoting fields as RFC 4180 says. */
gboolean gj_test_write_csv  (const char                *path,
                             const char *const *const  *rows,
                             GjTestCsvEncoding          encoding,
                             GError                   **error);

G_END_DECLS
