/* gj-workbook-xls.c: legacy Excel 97-2003 workbooks through libfreexl
 *
 * libfreexl reads BIFF8 (and older) from a path and hands out cells as
 * UTF-8 text, numbers and dates it has already told from the cell's
 * format. It has no API for merged cells, so an XLS sheet comes without
 * merges; header detection copes with the blank cells under a merged
 * parent as it does for a CSV file.
 *
 * libfreexl trusts the file, so gj-workbook-biff.c reads its records
 * first and refuses what libfreexl would mishandle.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-workbook"

#include "config.h"

#include <freexl.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "gj-data-error.h"
#include "gj-workbook-private.h"

static void
close_handle (const void *handle)
{
  if (handle != NULL)
    freexl_close (handle);
}

static void
set_unreadable (GjWorkbook  *self,
                int          code,
                GError     **error)
{
  g_autofree char *reason = NULL;

  reason = g_strdup_printf (_("its Excel 97-2003 records are damaged (libfreexl error %d)"),
                            code);

  gj_workbook_set_not_spreadsheet (self, error, reason);
}

gboolean
gj_workbook_xls_open (GjWorkbook  *self,
                      GError     **error)
{
  const void *handle = NULL;
  unsigned int n_sheets = 0;
  int ret;

  self->format = GJ_WORKBOOK_XLS;
  if (!gj_workbook_biff_check (self, error))
    return FALSE;
  /* Only the sheet list is wanted here; freexl_open_info skips the cells. */
  ret = freexl_open_info (self->xls_path, &handle);
  if (ret == FREEXL_OK)
    ret = freexl_get_info (handle, FREEXL_BIFF_SHEET_COUNT, &n_sheets);
  if (ret != FREEXL_OK)
    {
      close_handle (handle);
      set_unreadable (self, ret, error);
      return FALSE;
    }
  for (unsigned int i = 0; i < n_sheets && i <= G_MAXUINT16; i++)
    {
      const char *name = NULL;
      g_autofree char *clean = NULL;

      if (freexl_get_worksheet_name (handle, i, &name) != FREEXL_OK || name == NULL)
        name = "";
      clean = gj_workbook_clean_text (name, -1);
      g_ptr_array_add (self->sheet_names, clean ? g_steal_pointer (&clean) : g_strdup (name));
    }
  close_handle (handle);
  return TRUE;
}

static gboolean
set_value (GjSheet           *sheet,
           guint              row,
           guint              column,
           FreeXL_CellValue  *value,
           GError           **error)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  char date[11];

  switch (value->type)
    {
    case FREEXL_CELL_INT:
      g_snprintf (buf, sizeof buf, "%d", value->value.int_value);
      return gj_sheet_set_cell (sheet, row, column, GJ_SHEET_CELL_NUMBER, buf, error);
    case FREEXL_CELL_DOUBLE:
      gj_workbook_format_number (value->value.double_value, buf);
      return gj_sheet_set_cell (sheet, row, column, GJ_SHEET_CELL_NUMBER, buf, error);
    case FREEXL_CELL_TEXT:
    case FREEXL_CELL_SST_TEXT:
    case FREEXL_CELL_TIME:
      if (value->value.text_value == NULL)
        return TRUE;
      return gj_workbook_set_cell (sheet, row, column, GJ_SHEET_CELL_TEXT,
                                   value->value.text_value, -1, error);
    case FREEXL_CELL_DATE:
    case FREEXL_CELL_DATETIME:
      /* "2023-03-21" or "2023-03-21 08:30:00": the date part. */
      if (value->value.text_value == NULL || strlen (value->value.text_value) < 10)
        return TRUE;
      memcpy (date, value->value.text_value, 10);
      date[10] = '\0';
      return gj_workbook_set_cell (sheet, row, column, GJ_SHEET_CELL_DATE, date, -1, error);
    case FREEXL_CELL_NULL:
    default:
      return TRUE;
    }
}

GjSheet *
gj_workbook_xls_read_sheet (GjWorkbook      *self,
                            guint            index,
                            GjProgressFunc   progress,
                            gpointer         user_data,
                            GCancellable    *cancellable,
                            GError         **error)
{
  g_autoptr(GjSheet) sheet = gj_sheet_new (self->sheet_names->pdata[index]);
  const void *handle = NULL;
  unsigned int n_rows = 0;
  unsigned short n_columns = 0;
  int ret;

  ret = freexl_open (self->xls_path, &handle);
  if (ret == FREEXL_OK)
    ret = freexl_select_active_worksheet (handle, index);
  if (ret == FREEXL_OK)
    ret = freexl_worksheet_dimensions (handle, &n_rows, &n_columns);
  if (ret != FREEXL_OK)
    {
      close_handle (handle);
      set_unreadable (self, ret, error);
      return NULL;
    }

  for (unsigned int row = 0; row < n_rows; row++)
    {
      if (row % GJ_WORKBOOK_CHECK_ROWS == 0 && row > 0)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            {
              close_handle (handle);
              return NULL;
            }
          if (progress != NULL)
            progress ((double) row / n_rows, user_data);
        }
      for (unsigned short column = 0; column < n_columns; column++)
        {
          FreeXL_CellValue value;

          if (freexl_get_cell_value (handle, row, column, &value) != FREEXL_OK)
            continue;
          if (!set_value (sheet, row, column, &value, error))
            {
              close_handle (handle);
              return NULL;
            }
        }
    }
  close_handle (handle);
  return g_steal_pointer (&sheet);
}
