/* fuzz-sheets.h: what the spreadsheet harnesses share
 *
 * Each harness hands the bytes to gj_workbook_open_bytes() as a person's
 * file would arrive, reads every sheet, fills the merges and checks what
 * every reader promises: text is valid UTF-8 without control characters
 * other than tab and newline, an empty cell has no text and a cell with
 * text has a type, and the sheet stays within its limits.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <string.h>

#include "fuzz-common.h"
#include "gj-data-error.h"
#include "gj-workbook.h"

G_BEGIN_DECLS

/* Sheets read at most, so that one input stays fast. */
#define FUZZ_MAX_SHEETS 4
/* Cells checked at most per sheet. */
#define FUZZ_MAX_CHECKED_ROWS    2000
#define FUZZ_MAX_CHECKED_COLUMNS 64

static inline void
fuzz_check_text (const char *text)
{
  if (!g_utf8_validate (text, -1, NULL))
    fuzz_fail ("a cell's text is not valid UTF-8", NULL);
  for (const char *p = text; *p != '\0'; p++)
    if (((guchar) *p < 0x20 && *p != '\t' && *p != '\n') || *p == 0x7f)
      fuzz_fail ("a cell's text has a control character", NULL);
}

static inline void
fuzz_check_sheet (GjSheet *sheet)
{
  guint n_rows = gj_sheet_get_n_rows (sheet), n_columns = gj_sheet_get_n_columns (sheet);

  if (n_rows > GJ_SHEET_MAX_ROWS || n_columns > GJ_SHEET_MAX_COLUMNS)
    fuzz_fail ("a sheet is larger than the limits", NULL);
  if (n_rows > 0 && gj_sheet_row_is_empty (sheet, n_rows - 1))
    fuzz_fail ("a sheet's last row is empty", NULL);
  fuzz_check_text (gj_sheet_get_name (sheet));
  for (guint r = 0; r < MIN (n_rows, FUZZ_MAX_CHECKED_ROWS); r++)
    for (guint c = 0; c < MIN (n_columns, FUZZ_MAX_CHECKED_COLUMNS); c++)
      {
        const char *text = gj_sheet_get_text (sheet, r, c);
        GjSheetCellType type = gj_sheet_get_cell_type (sheet, r, c);

        fuzz_check_text (text);
        if ((type == GJ_SHEET_CELL_EMPTY) != (text[0] == '\0'))
          fuzz_fail ("a cell's type and text disagree", NULL);
        gj_sheet_is_merged_tail (sheet, r, c);
      }
}

/* Opens @data as a file named @name when it starts with @magic (of
 * @magic_len bytes; 0 for any), and reads every sheet. */
static inline void
fuzz_read_workbook (const uint8_t *data,
                    size_t         size,
                    const char    *name,
                    const void    *magic,
                    size_t         magic_len)
{
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GjWorkbook) wb = NULL;
  g_autoptr(GError) error = NULL;

  if (magic_len > 0 && (size < magic_len || memcmp (data, magic, magic_len) != 0))
    return;
  bytes = g_bytes_new_static (data, size);
  wb = gj_workbook_open_bytes (bytes, name, &error);
  if (wb == NULL)
    {
      if (error == NULL || error->domain != GJ_DATA_ERROR)
        fuzz_fail ("a refused file has no data error", error);
      return;
    }
  for (guint i = 0; i < MIN (gj_workbook_get_n_sheets (wb), FUZZ_MAX_SHEETS); i++)
    {
      g_autoptr(GjSheet) sheet = NULL;

      fuzz_check_text (gj_workbook_get_sheet_name (wb, i));
      sheet = gj_workbook_read_sheet (wb, i, NULL, NULL, NULL, &error);
      if (sheet == NULL)
        {
          if (error == NULL || error->domain != GJ_DATA_ERROR)
            fuzz_fail ("a sheet that cannot be read has no data error", error);
          g_clear_error (&error);
          continue;
        }
      fuzz_check_sheet (sheet);
      gj_sheet_fill_merges (sheet);
      fuzz_check_sheet (sheet);
    }
}

G_END_DECLS
