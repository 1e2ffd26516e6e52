/* gj-report-xlsx.c: a report's tables as spreadsheet sheets
 *
 * One sheet per table, for the district to paste into its own template:
 * the header in the first row, frozen and bold, numbers and dates as
 * values with their formats, totals bold, figures short of their target
 * bold on a red fill. Written like the PDF: to a temporary file beside the
 * target, then moved into place.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-report-render"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <stdio.h>
#include <string.h>
#include <xlsxwriter.h>

#include "gj-data-error.h"
#include "gj-report-render-private.h"

#define SHEET_NAME_MAX 31     /* characters, Excel's limit */
#define CELL_TEXT_MAX  32767  /* bytes of text in a cell, as libxlsxwriter counts */
#define WIDTH_MIN      8.0
#define WIDTH_MAX      60.0
#define SHORTFALL_FILL 0xFFC7CE
#define SHORTFALL_TEXT 0x9C0006

typedef struct
{
  lxw_workbook *workbook;
  GHashTable   *formats;  /* style key → lxw_format*, owned by the workbook */
  GHashTable   *names;    /* case-folded sheet names taken */
} Writer;

/* The format of a cell: its type (and places) with bold and shortfall. */
static lxw_format *
cell_format (Writer             *w,
             const GjReportCell *cell,
             gboolean            bold,
             gboolean            shortfall)
{
  GjReportCellType type = cell ? cell->type : GJ_REPORT_CELL_TEXT;
  int decimals = type == GJ_REPORT_CELL_NUMBER ? CLAMP (cell->decimals, 0, 6) : 0;
  guint key = ((type * 8 + decimals) * 2 + !!bold) * 2 + !!shortfall + 1;
  lxw_format *format = g_hash_table_lookup (w->formats, GUINT_TO_POINTER (key));

  if (format != NULL)
    return format;
  format = workbook_add_format (w->workbook);
  switch (type)
    {
    case GJ_REPORT_CELL_INTEGER:
      format_set_num_format (format, "0");
      break;
    case GJ_REPORT_CELL_NUMBER:
      {
        char code[16] = "0.";

        if (decimals == 0)
          code[1] = '\0';
        memset (code + 2, '0', decimals);
        format_set_num_format (format, code);
      }
      break;
    case GJ_REPORT_CELL_MONEY:
      format_set_num_format (format, "#,##0.00");
      break;
    case GJ_REPORT_CELL_PERCENT:
      format_set_num_format (format, "0%");
      break;
    case GJ_REPORT_CELL_DATE:
      format_set_num_format (format, "yyyy\"年\"m\"月\"d\"日\"");
      break;
    case GJ_REPORT_CELL_TEXT:
    default:
      break;
    }
  if (bold || shortfall)
    format_set_bold (format);
  if (shortfall)
    {
      format_set_font_color (format, SHORTFALL_TEXT);
      format_set_bg_color (format, SHORTFALL_FILL);
      format_set_pattern (format, LXW_PATTERN_SOLID);
    }
  g_hash_table_insert (w->formats, GUINT_TO_POINTER (key), format);
  return format;
}

/* Spaces and apostrophes at the ends go, in any order. */
static void
trim (GString *s)
{
  while (s->len > 0 && (s->str[0] == '\'' || g_ascii_isspace (s->str[0])))
    g_string_erase (s, 0, 1);
  while (s->len > 0 && (s->str[s->len - 1] == '\'' || g_ascii_isspace (s->str[s->len - 1])))
    g_string_truncate (s, s->len - 1);
}

/* A sheet name Excel takes: none of []:*?/\, no apostrophe at either end,
 * at most 31 characters, unique regardless of case. */
static char *
sheet_name (Writer     *w,
            const char *wanted,
            guint       index)
{
  g_autofree char *valid = g_utf8_make_valid (wanted ? wanted : "", -1);
  g_autoptr(GString) base = g_string_new (NULL);
  char *name = NULL;

  for (const char *c = valid; *c; c = g_utf8_next_char (c))
    {
      gunichar ch = g_utf8_get_char (c);

      if (strchr ("[]:*?/\\", (int) ch) != NULL && ch < 0x80)
        g_string_append_c (base, '_');
      else if (!g_unichar_iscntrl (ch))
        g_string_append_unichar (base, ch);
    }
  trim (base);
  if (base->len == 0)
    /* TRANSLATORS: a spreadsheet sheet for a table that has no title */
    g_string_printf (base, _("Table %u"), index + 1);

  for (guint n = 1; name == NULL; n++)
    {
      g_autofree char *suffix = n == 1 ? g_strdup ("") : g_strdup_printf (" (%u)", n);
      glong keep = MIN ((glong) g_utf8_strlen (base->str, -1),
                        SHEET_NAME_MAX - (glong) strlen (suffix));
      g_autofree char *head = g_utf8_substring (base->str, 0, keep);
      g_autoptr(GString) cut = g_string_new (head);
      g_autofree char *candidate = NULL;
      g_autofree char *folded = NULL;

      trim (cut);
      candidate = g_strconcat (cut->str, suffix, NULL);
      folded = g_utf8_casefold (candidate, -1);

      if (!g_hash_table_contains (w->names, folded))
        {
          g_hash_table_add (w->names, g_steal_pointer (&folded));
          name = g_steal_pointer (&candidate);
        }
    }
  return name;
}

/* Text as a sheet can hold it: libxlsxwriter copies bytes into the XML,
 * where invalid UTF-8 would spoil the whole file, and leaves out a text
 * longer than a cell takes (Excel's 32,767 characters, which this
 * libxlsxwriter counts as bytes). */
static void
write_string (lxw_worksheet *sheet,
              guint          r,
              guint          c,
              const char    *text,
              lxw_format    *format)
{
  g_autofree char *valid = g_utf8_validate (text, -1, NULL) ? NULL : g_utf8_make_valid (text, -1);
  g_autofree char *cut = NULL;

  if (valid)
    text = valid;
  if (strlen (text) > CELL_TEXT_MAX)
    {
      const char *end = text + CELL_TEXT_MAX;

      /* Cut before the character that would not fit whole. */
      while (end > text && (*end & 0xc0) == 0x80)
        end--;
      text = cut = g_strndup (text, end - text);
    }
  worksheet_write_string (sheet, r, c, text, format);
}

/* Spreadsheet columns count Chinese characters twice as wide as Latin. */
static double
display_width (const char *text)
{
  double width = 0, line = 0;

  for (const char *c = text; *c; c = g_utf8_next_char (c))
    {
      gunichar ch = g_utf8_get_char (c);

      if (ch == '\n')
        {
          width = MAX (width, line);
          line = 0;
        }
      else
        line += g_unichar_iswide (ch) || g_unichar_iswide_cjk (ch) ? 2 : 1;
    }
  return MAX (width, line);
}

static void
write_cell (lxw_worksheet      *sheet,
            guint               r,
            guint               c,
            const GjReportCell *cell,
            lxw_format         *format)
{
  int y, m, d;

  switch (cell->type)
    {
    case GJ_REPORT_CELL_INTEGER:
    case GJ_REPORT_CELL_NUMBER:
    case GJ_REPORT_CELL_MONEY:
    case GJ_REPORT_CELL_PERCENT:
      worksheet_write_number (sheet, r, c, cell->number, format);
      return;
    case GJ_REPORT_CELL_DATE:
      if (cell->iso && sscanf (cell->iso, "%4d-%2d-%2d", &y, &m, &d) == 3 &&
          g_date_valid_dmy (d, m, y) && y >= 1900)
        {
          lxw_datetime dt = { y, m, d, 0, 0, 0 };

          worksheet_write_datetime (sheet, r, c, &dt, format);
          return;
        }
      break;
    case GJ_REPORT_CELL_TEXT:
    default:
      break;
    }
  if (*cell->text != '\0')
    write_string (sheet, r, c, cell->text, format);
  else if (format != NULL)
    worksheet_write_blank (sheet, r, c, format);
}

static gboolean
write_table (Writer              *w,
             const GjReportBlock *block,
             guint                index)
{
  g_autofree char *name = sheet_name (w, block->sheet ? block->sheet : block->text, index);
  lxw_worksheet *sheet = workbook_add_worksheet (w->workbook, name);
  g_autofree double *widths = NULL;
  guint n = block->columns->len;

  if (sheet == NULL)
    return FALSE;
  widths = g_new0 (double, MAX (n, 1));
  for (guint c = 0; c < n; c++)
    {
      const GjReportColumn *column = &g_array_index (block->columns, GjReportColumn, c);

      write_string (sheet, 0, c, column->header, cell_format (w, NULL, TRUE, FALSE));
      widths[c] = display_width (column->header);
    }
  for (guint r = 0; r < block->rows->len; r++)
    {
      const GjReportRow *row = g_ptr_array_index (block->rows, r);

      for (guint c = 0; c < MIN (row->n_cells, n); c++)
        {
          const GjReportCell *cell = &row->cells[c];
          gboolean shortfall = ((row->mark | cell->mark) & GJ_REPORT_MARK_SHORTFALL) != 0;
          gboolean bold = (row->mark & GJ_REPORT_MARK_TOTAL) != 0;
          lxw_format *format = NULL;

          if (cell->type != GJ_REPORT_CELL_TEXT || bold || shortfall)
            format = cell_format (w, cell, bold, shortfall);
          write_cell (sheet, r + 1, c, cell, format);
          widths[c] = MAX (widths[c], display_width (cell->text));
        }
    }
  for (guint c = 0; c < n; c++)
    worksheet_set_column (sheet, c, c, CLAMP (widths[c] + 2, WIDTH_MIN, WIDTH_MAX), NULL);
  worksheet_freeze_panes (sheet, 1, 0);
  return TRUE;
}

/* A report without tables still makes a file: its title and what its
 * notices say, such as that the period has no data. */
static gboolean
write_summary (Writer   *w,
               GjReport *report)
{
  g_autofree char *name = sheet_name (w, gj_report_get_title (report), 0);
  lxw_worksheet *sheet = workbook_add_worksheet (w->workbook, name);
  const char *period = gj_report_get_period (report);
  guint r = 0;
  double width = display_width (gj_report_get_title (report));

  if (sheet == NULL)
    return FALSE;
  write_string (sheet, r++, 0, gj_report_get_title (report),
                          cell_format (w, NULL, TRUE, FALSE));
  write_string (sheet, r++, 0, gj_report_get_station (report), NULL);
  if (period && *period)
    write_string (sheet, r++, 0, period, NULL);
  for (guint b = 0; b < gj_report_get_n_blocks (report); b++)
    {
      const GjReportBlock *block = gj_report_get_block (report, b);

      if (block->type != GJ_REPORT_NOTICE)
        continue;
      write_string (sheet, ++r, 0, block->text, NULL);
      width = MAX (width, display_width (block->text));
    }
  worksheet_set_column (sheet, 0, 0, CLAMP (width + 2, WIDTH_MIN, WIDTH_MAX), NULL);
  return TRUE;
}

gboolean
gj_report_write_xlsx (GjReport   *report,
                      const char *path,
                      GError    **error)
{
  g_autofree char *temp = NULL;
  Writer w = { NULL, NULL, NULL };
  gboolean ok = TRUE;
  guint tables = 0;
  lxw_error status;

  g_return_val_if_fail (GJ_IS_REPORT (report), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  temp = gj_report_temp_file (path, error);
  if (temp == NULL)
    return FALSE;
  w.workbook = workbook_new (temp);
  if (w.workbook == NULL)
    {
      g_unlink (temp);
      gj_data_error_set (error, GJ_DATA_ERROR_IO, NULL,
                         _("Cannot write “%s”: %s. Check that the disk has room and try again."),
                         path, g_strerror (ENOMEM));
      return FALSE;
    }
  w.formats = g_hash_table_new (NULL, NULL);
  w.names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  for (guint b = 0; b < gj_report_get_n_blocks (report) && ok; b++)
    {
      const GjReportBlock *block = gj_report_get_block (report, b);

      if (block->type == GJ_REPORT_TABLE && block->columns->len > 0)
        ok = write_table (&w, block, tables++);
    }
  if (ok && tables == 0)
    ok = write_summary (&w, report);

  status = workbook_close (w.workbook);
  g_hash_table_unref (w.formats);
  g_hash_table_unref (w.names);
  if (!ok || status != LXW_NO_ERROR)
    {
      g_unlink (temp);
      gj_data_error_set (error, GJ_DATA_ERROR_IO, NULL,
                         _("Cannot write “%s”: %s. Check that the disk has room and try again."),
                         path, ok ? lxw_strerror (status) : _("a sheet could not be added"));
      return FALSE;
    }
  return gj_report_commit_file (temp, path, error);
}
