/* gj-workbook-csv.c: comma-separated text, UTF-8 or GB18030
 *
 * Excel on Chinese Windows saves "CSV" in GB18030 (its ANSI code page),
 * WPS and newer Excel in UTF-8 with a byte-order mark, scripts in UTF-8
 * without one. The bytes tell which: valid UTF-8 is UTF-8, anything else
 * must decode as GB18030. Bytes that are neither, or that hold NUL bytes
 * or many control characters, are no text file at all.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-workbook"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gj-workbook-private.h"

/* How much of the start of the text decides binary junk from text, and
 * the share of control characters that a text file never has. */
#define SNIFF_BYTES    65536
#define MAX_CONTROL_PERCENT 1
/* How many lines tell the separator. */
#define SNIFF_LINES    5

static gboolean
looks_binary (const char *text,
              gsize       len)
{
  gsize n = MIN (len, SNIFF_BYTES), control = 0;

  for (gsize i = 0; i < n; i++)
    {
      guchar c = text[i];

      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f')
        control++;
    }
  return control * 100 > n * MAX_CONTROL_PERCENT;
}

gboolean
gj_workbook_csv_open (GjWorkbook  *self,
                      GBytes      *bytes,
                      GError     **error)
{
  static const char bom[] = "\xEF\xBB\xBF";
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);
  g_autofree char *base = NULL;
  char *dot;

  self->format = GJ_WORKBOOK_CSV;
  if (memchr (data, '\0', len) != NULL)
    {
      gj_workbook_set_not_spreadsheet (self, error, _("it holds binary data, not text"));
      return FALSE;
    }
  if (len >= 3 && memcmp (data, bom, 3) == 0)
    {
      data += 3;
      len -= 3;
    }
  if (g_utf8_validate_len (data, len, NULL))
    {
      self->encoding = "UTF-8";
      self->csv_text = g_strndup (data, len);
      self->csv_len = len;
    }
  else
    {
      gsize written = 0;

      self->encoding = "GB18030";
      self->csv_text = g_convert (data, len, "UTF-8", "GB18030", NULL, &written, NULL);
      self->csv_len = written;
      if (self->csv_text == NULL)
        {
          gj_workbook_set_not_spreadsheet (self, error,
                                           _("its bytes are neither UTF-8 nor GB18030 text"));
          return FALSE;
        }
    }
  if (self->csv_len == 0 || looks_binary (self->csv_text, self->csv_len))
    {
      gj_workbook_set_not_spreadsheet (self, error, self->csv_len == 0
                                       ? _("the file is empty")
                                       : _("it holds binary data, not text"));
      return FALSE;
    }

  /* The one sheet is named after the file, as Excel does. */
  base = g_strdup (self->display_name);
  dot = strrchr (base, '.');
  if (dot != NULL && dot != base)
    *dot = '\0';
  g_ptr_array_add (self->sheet_names, g_steal_pointer (&base));
  return TRUE;
}

/* A comma if any of the first lines has one outside quotes; else a tab or
 * a semicolon if it is the only one of the two found there. */
static char
sniff_separator (const char *text,
                 gsize       len)
{
  guint commas = 0, tabs = 0, semicolons = 0, lines = 0;
  gboolean quoted = FALSE;

  for (gsize i = 0; i < len && lines < SNIFF_LINES; i++)
    {
      char c = text[i];

      if (c == '"')
        quoted = !quoted;
      else if (quoted)
        continue;
      else if (c == ',')
        commas++;
      else if (c == '\t')
        tabs++;
      else if (c == ';')
        semicolons++;
      else if (c == '\n')
        lines++;
    }
  if (commas > 0)
    return ',';
  if (tabs > 0 && semicolons == 0)
    return '\t';
  if (semicolons > 0 && tabs == 0)
    return ';';
  return ',';
}

GjSheet *
gj_workbook_csv_read_sheet (GjWorkbook      *self,
                            GjProgressFunc   progress,
                            gpointer         user_data,
                            GCancellable    *cancellable,
                            GError         **error)
{
  g_autoptr(GjSheet) sheet = gj_sheet_new (self->sheet_names->pdata[0]);
  g_autoptr(GString) field = g_string_new (NULL);
  const char *p = self->csv_text, *end = self->csv_text + self->csv_len;
  char sep = sniff_separator (p, self->csv_len);
  guint row = 0, column = 0;

  /* RFC 4180: a field is quoted if it starts with a quote; inside, a
   * doubled quote is one quote and separators and line breaks are text.
   * Text after a closing quote is kept, as Excel does. Lines end at CR,
   * LF or CRLF. */
  while (p < end)
    {
      gboolean end_of_row = FALSE;

      g_string_truncate (field, 0);
      if (*p == '"')
        {
          p++;
          while (p < end)
            {
              const char *q = memchr (p, '"', end - p);

              if (q == NULL)
                {
                  g_string_append_len (field, p, end - p);
                  p = end;
                  break;
                }
              g_string_append_len (field, p, q - p);
              p = q + 1;
              if (p < end && *p == '"')
                {
                  g_string_append_c (field, '"');
                  p++;
                }
              else
                break;
            }
        }
      {
        const char *start = p;

        while (p < end && *p != sep && *p != '\n' && *p != '\r')
          p++;
        g_string_append_len (field, start, p - start);
      }
      if (p < end && *p == sep)
        p++;
      else
        {
          end_of_row = TRUE;
          if (p < end && *p == '\r')
            p++;
          if (p < end && *p == '\n')
            p++;
        }

      if (field->len > 0
          && !gj_workbook_set_cell (sheet, row, column, GJ_SHEET_CELL_TEXT, field->str, -1, error))
        return NULL;
      /* A row as wide as the limit only fails when a cell is set past it. */
      if (column < GJ_SHEET_MAX_COLUMNS)
        column++;
      if (end_of_row)
        {
          row++;
          column = 0;
          if (row % GJ_WORKBOOK_CHECK_ROWS == 0)
            {
              if (g_cancellable_set_error_if_cancelled (cancellable, error))
                return NULL;
              if (progress != NULL)
                progress ((double) (p - self->csv_text) / self->csv_len, user_data);
            }
        }
    }
  return g_steal_pointer (&sheet);
}
