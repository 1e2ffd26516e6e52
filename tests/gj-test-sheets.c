/* gj-test-sheets.c: writing small XLSX, XLS and CSV files for tests
 *
 * XLSX comes from libxlsxwriter, the way Excel would write it. No Debian
 * library writes legacy XLS, so the BIFF8 records are written here, as
 * few as libfreexl and Excel need, into an OLE2 container from libgsf.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gsf/gsf.h>
#include <string.h>
#include <xlsxwriter.h>

#include "gj-test-sheets.h"

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsfOutput, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsfOutfile, g_object_unref)

typedef enum
{
  CELL_EMPTY,
  CELL_TEXT,
  CELL_NUMBER,
  CELL_DATE,
  CELL_CJK_DATE,
  CELL_DATETIME,
  CELL_RICH,
} CellKind;

static CellKind
cell_kind (const char  *cell,
           const char **text)
{
  static const struct { const char *prefix; CellKind kind; } prefixes[] = {
    { "=n:", CELL_NUMBER }, { "=d:", CELL_DATE }, { "=c:", CELL_CJK_DATE },
    { "=t:", CELL_DATETIME }, { "=r:", CELL_RICH },
  };

  *text = cell;
  if (cell[0] == '\0')
    return CELL_EMPTY;
  for (guint i = 0; i < G_N_ELEMENTS (prefixes); i++)
    if (g_str_has_prefix (cell, prefixes[i].prefix))
      {
        *text = cell + 3;
        return prefixes[i].kind;
      }
  return CELL_TEXT;
}

static lxw_datetime
parse_datetime (const char *text)
{
  lxw_datetime dt = { 0 };

  if (sscanf (text, "%d-%d-%d %d:%d", &dt.year, &dt.month, &dt.day, &dt.hour, &dt.min) < 3)
    g_error ("gj-test-sheets: “%s” is no date", text);
  return dt;
}

static gboolean
xlsx_failed (lxw_error    err,
             const char  *path,
             GError     **error)
{
  if (err == LXW_NO_ERROR)
    return FALSE;
  g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "libxlsxwriter: %s: %s", path,
               lxw_strerror (err));
  return TRUE;
}

static lxw_error
write_rich (lxw_worksheet *ws,
            guint          row,
            guint          column,
            const char    *text,
            lxw_format    *bold)
{
  g_auto(GStrv) runs = g_strsplit (text, "|", -1);
  guint n = g_strv_length (runs);
  g_autofree lxw_rich_string_tuple *tuples = g_new0 (lxw_rich_string_tuple, n);
  g_autofree lxw_rich_string_tuple **list = g_new0 (lxw_rich_string_tuple *, n + 1);

  for (guint i = 0; i < n; i++)
    {
      tuples[i].format = i % 2 == 0 ? bold : NULL;
      tuples[i].string = runs[i];
      list[i] = &tuples[i];
    }
  return worksheet_write_rich_string (ws, row, column, list, NULL);
}

typedef struct
{
  lxw_format *date;
  lxw_format *cjk_date;
  lxw_format *datetime;
  lxw_format *bold;
} Formats;

static lxw_error
write_cell (lxw_worksheet *ws,
            guint          r,
            guint          c,
            const char    *cell,
            Formats       *f)
{
  const char *text;
  CellKind kind = cell_kind (cell, &text);
  lxw_datetime dt;

  switch (kind)
    {
    case CELL_EMPTY:
      return LXW_NO_ERROR;
    case CELL_TEXT:
      return worksheet_write_string (ws, r, c, text, NULL);
    case CELL_NUMBER:
      return worksheet_write_number (ws, r, c, g_ascii_strtod (text, NULL), NULL);
    case CELL_DATE:
    case CELL_CJK_DATE:
    case CELL_DATETIME:
      dt = parse_datetime (text);
      return worksheet_write_datetime (ws, r, c, &dt,
                                       kind == CELL_DATE ? f->date
                                       : kind == CELL_CJK_DATE ? f->cjk_date : f->datetime);
    case CELL_RICH:
    default:
      return write_rich (ws, r, c, text, f->bold);
    }
}

/* Writes @merge, which starts on row @r, after that row's cells (the only
 * order libxlsxwriter's constant_memory mode takes): the merge writes its
 * top-left value as text, so a number or a date there is written again. */
static lxw_error
write_merge (lxw_worksheet     *ws,
             const char        *merge,
             const char *const *row,
             Formats           *f)
{
  guint r = lxw_name_to_row (merge), c = lxw_name_to_col (merge), n = 0;
  const char *text = "";
  CellKind kind = CELL_EMPTY;
  lxw_error err;

  while (row[n] != NULL)
    n++;
  if (c < n)
    kind = cell_kind (row[c], &text);
  err = worksheet_merge_range (ws, r, c, lxw_name_to_row_2 (merge), lxw_name_to_col_2 (merge),
                               kind == CELL_TEXT ? text : "", NULL);
  if (err == LXW_NO_ERROR && kind != CELL_TEXT && kind != CELL_EMPTY)
    err = write_cell (ws, r, c, row[c], f);
  return err;
}

gboolean
gj_test_write_xlsx (const char         *path,
                    const GjTestSheet  *sheets,
                    guint               n_sheets,
                    GjTestXlsxFlags     flags,
                    GError            **error)
{
  lxw_workbook_options options = { .constant_memory = (flags & GJ_TEST_XLSX_INLINE_STRINGS) != 0 };
  lxw_workbook *wb = workbook_new_opt (path, &options);
  lxw_error err = LXW_NO_ERROR;
  Formats f;

  if (wb == NULL)
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "libxlsxwriter: cannot create %s",
                   path);
      return FALSE;
    }
  f.date = workbook_add_format (wb);
  format_set_num_format (f.date, "yyyy-mm-dd");
  f.cjk_date = workbook_add_format (wb);
  format_set_num_format (f.cjk_date, "yyyy\"年\"m\"月\"d\"日\"");
  f.datetime = workbook_add_format (wb);
  format_set_num_format (f.datetime, "yyyy-mm-dd hh:mm");
  f.bold = workbook_add_format (wb);
  format_set_bold (f.bold);

  for (guint s = 0; s < n_sheets && err == LXW_NO_ERROR; s++)
    {
      lxw_worksheet *ws = workbook_add_worksheet (wb, sheets[s].name);
      const char *const *const *rows = sheets[s].rows;
      const char *const *merges = sheets[s].merges;

      for (guint r = 0; rows[r] != NULL && err == LXW_NO_ERROR; r++)
        {
          for (guint c = 0; rows[r][c] != NULL && err == LXW_NO_ERROR; c++)
            err = write_cell (ws, r, c, rows[r][c], &f);
          for (guint i = 0; merges != NULL && merges[i] != NULL && err == LXW_NO_ERROR; i++)
            if (lxw_name_to_row (merges[i]) == r)
              err = write_merge (ws, merges[i], rows[r], &f);
        }
    }
  if (err != LXW_NO_ERROR)
    {
      workbook_close (wb);
      xlsx_failed (err, path, error);
      return FALSE;
    }
  return !xlsx_failed (workbook_close (wb), path, error);
}

/* BIFF8, as [MS-XLS] describes it. */
enum
{
  BIFF_BOF = 0x0809,
  BIFF_EOF = 0x000A,
  BIFF_CODEPAGE = 0x0042,
  BIFF_DATEMODE = 0x0022,
  BIFF_XF = 0x00E0,
  BIFF_BOUNDSHEET = 0x0085,
  BIFF_SST = 0x00FC,
  BIFF_DIMENSIONS = 0x0200,
  BIFF_LABELSST = 0x00FD,
  BIFF_CONTINUE = 0x003C,
  BIFF_NUMBER = 0x0203,
  BIFF_MAX_RECORD = 8224,
  /* Cell formats after the 15 style formats: general, date, date and time. */
  XF_GENERAL = 15,
  XF_DATE = 16,
  XF_DATETIME = 17,
};

static void
put16 (GByteArray *b,
       guint       v)
{
  guint8 bytes[2] = { v & 0xff, (v >> 8) & 0xff };

  g_byte_array_append (b, bytes, 2);
}

static void
put32 (GByteArray *b,
       guint32     v)
{
  put16 (b, v & 0xffff);
  put16 (b, v >> 16);
}

static void
put_double (GByteArray *b,
            double      v)
{
  guint64 bits;

  memcpy (&bits, &v, 8);
  put32 (b, bits & 0xffffffff);
  put32 (b, bits >> 32);
}

static void
record (GByteArray *b,
        guint       type,
        GByteArray *body)
{
  g_assert (body->len <= BIFF_MAX_RECORD);
  put16 (b, type);
  put16 (b, body->len);
  g_byte_array_append (b, body->data, body->len);
  g_byte_array_set_size (body, 0);
}

/* A string as UTF-16LE with its length in @len_bytes bytes and a flags
 * byte saying "two bytes a character". */
static void
put_unicode (GByteArray *b,
             const char *text,
             guint       len_bytes)
{
  glong n = 0;
  g_autofree gunichar2 *utf16 = g_utf8_to_utf16 (text, -1, NULL, &n, NULL);

  if (len_bytes == 1)
    {
      guint8 cch = MIN (n, 255);

      g_byte_array_append (b, &cch, 1);
      n = cch;
    }
  else
    put16 (b, n);
  g_byte_array_append (b, (const guint8 *) "\x01", 1);
  for (glong i = 0; i < n; i++)
    put16 (b, utf16[i]);
}

static void
bof (GByteArray *b,
     GByteArray *body,
     guint       kind)
{
  put16 (body, 0x0600);
  put16 (body, kind);
  put16 (body, 0x0DBB);
  put16 (body, 0x07CC);
  put32 (body, 0);
  put32 (body, 0x06);
  record (b, BIFF_BOF, body);
}

static double
serial_day (const char *text)
{
  lxw_datetime dt = parse_datetime (text);
  GDate epoch, day;

  g_date_clear (&epoch, 1);
  g_date_clear (&day, 1);
  g_date_set_dmy (&epoch, 30, G_DATE_DECEMBER, 1899);
  g_date_set_dmy (&day, dt.day, dt.month, dt.year);
  return g_date_days_between (&epoch, &day) + (dt.hour * 60 + dt.min) / 1440.0;
}

static GBytes *
biff_workbook (const GjTestSheet *sheets,
               guint              n_sheets)
{
  g_autoptr(GByteArray) globals = g_byte_array_new ();
  g_autoptr(GByteArray) body = g_byte_array_new ();
  g_autoptr(GByteArray) sst = g_byte_array_new ();
  g_autoptr(GArray) sst_ends = g_array_new (FALSE, FALSE, sizeof (guint));
  g_autoptr(GHashTable) strings = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) streams = NULL;
  g_autoptr(GArray) offsets = g_array_new (FALSE, FALSE, sizeof (guint));
  guint n_total = 0, sst_type = BIFF_SST;

  streams = g_ptr_array_new_with_free_func ((GDestroyNotify) g_byte_array_unref);

  /* Every text is a shared string; sst_ends marks where each ends, so
   * that the table can be cut into records between strings. */
  for (guint s = 0; s < n_sheets; s++)
    for (guint r = 0; sheets[s].rows[r] != NULL; r++)
      for (guint c = 0; sheets[s].rows[r][c] != NULL; c++)
        {
          const char *text;
          CellKind kind = cell_kind (sheets[s].rows[r][c], &text);

          if (kind != CELL_TEXT && kind != CELL_RICH)
            continue;
          n_total++;
          if (!g_hash_table_contains (strings, text))
            {
              g_hash_table_insert (strings, (gpointer) text,
                                   GUINT_TO_POINTER (g_hash_table_size (strings)));
              put_unicode (sst, text, 2);
              g_array_append_val (sst_ends, sst->len);
            }
        }

  for (guint s = 0; s < n_sheets; s++)
    {
      GByteArray *b = g_byte_array_new ();
      guint n_rows = 0, n_cols = 0;

      for (guint r = 0; sheets[s].rows[r] != NULL; r++, n_rows++)
        for (guint c = 0; sheets[s].rows[r][c] != NULL; c++)
          n_cols = MAX (n_cols, c + 1);
      bof (b, body, 0x0010);
      put32 (body, 0);
      put32 (body, n_rows);
      put16 (body, 0);
      put16 (body, n_cols);
      put16 (body, 0);
      record (b, BIFF_DIMENSIONS, body);
      for (guint r = 0; r < n_rows; r++)
        for (guint c = 0; sheets[s].rows[r][c] != NULL; c++)
          {
            const char *text;
            CellKind kind = cell_kind (sheets[s].rows[r][c], &text);

            if (kind == CELL_EMPTY)
              continue;
            put16 (body, r);
            put16 (body, c);
            if (kind == CELL_TEXT || kind == CELL_RICH)
              {
                put16 (body, XF_GENERAL);
                put32 (body, GPOINTER_TO_UINT (g_hash_table_lookup (strings, text)));
                record (b, BIFF_LABELSST, body);
                continue;
              }
            put16 (body, kind == CELL_NUMBER ? XF_GENERAL
                         : kind == CELL_DATETIME ? XF_DATETIME : XF_DATE);
            put_double (body, kind == CELL_NUMBER ? g_ascii_strtod (text, NULL)
                                                  : serial_day (text));
            record (b, BIFF_NUMBER, body);
          }
      record (b, BIFF_EOF, body);
      g_ptr_array_add (streams, b);
    }

  bof (globals, body, 0x0005);
  put16 (body, 1200);
  record (globals, BIFF_CODEPAGE, body);
  put16 (body, 0);
  record (globals, BIFF_DATEMODE, body);
  for (guint i = 0; i <= XF_DATETIME; i++)
    {
      put16 (body, 0);
      put16 (body, i == XF_DATE ? 14 : i == XF_DATETIME ? 22 : 0);
      put16 (body, i < XF_GENERAL ? 0xFFF5 : 0x0001);
      for (guint k = 0; k < 14; k++)
        g_byte_array_append (body, (const guint8 *) "", 1);
      record (globals, BIFF_XF, body);
    }
  for (guint s = 0; s < n_sheets; s++)
    {
      guint at = globals->len + 4;

      g_array_append_val (offsets, at);
      put32 (body, 0);
      put16 (body, 0);
      put_unicode (body, sheets[s].name, 1);
      record (globals, BIFF_BOUNDSHEET, body);
    }
  /* The table goes on in CONTINUE records, each starting with a whole
   * string, as Excel cuts it when no string is longer than a record. */
  put32 (body, n_total);
  put32 (body, g_hash_table_size (strings));
  for (guint i = 0, start = 0; i < sst_ends->len; i++)
    {
      guint stop = g_array_index (sst_ends, guint, i);

      if (body->len + (stop - start) > BIFF_MAX_RECORD)
        {
          record (globals, sst_type, body);
          sst_type = BIFF_CONTINUE;
        }
      g_byte_array_append (body, sst->data + start, stop - start);
      start = stop;
    }
  record (globals, sst_type, body);
  record (globals, BIFF_EOF, body);

  /* Each BOUNDSHEET says where its sheet's BOF starts in the stream. */
  for (guint s = 0, pos = globals->len; s < n_sheets; s++)
    {
      GByteArray *b = streams->pdata[s];
      guint at = g_array_index (offsets, guint, s);

      globals->data[at] = pos & 0xff;
      globals->data[at + 1] = (pos >> 8) & 0xff;
      globals->data[at + 2] = (pos >> 16) & 0xff;
      globals->data[at + 3] = (pos >> 24) & 0xff;
      pos += b->len;
    }
  for (guint s = 0; s < n_sheets; s++)
    {
      GByteArray *b = streams->pdata[s];

      g_byte_array_append (globals, b->data, b->len);
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&globals));
}

gboolean
gj_test_write_xls (const char         *path,
                   const GjTestSheet  *sheets,
                   guint               n_sheets,
                   GError            **error)
{
  g_autoptr(GBytes) stream = biff_workbook (sheets, n_sheets);
  g_autoptr(GsfOutput) sink = gsf_output_stdio_new (path, error);
  g_autoptr(GsfOutfile) ole = NULL;
  g_autoptr(GsfOutput) child = NULL;
  gsize len;
  const guint8 *data = g_bytes_get_data (stream, &len);

  if (sink == NULL)
    return FALSE;
  ole = gsf_outfile_msole_new (sink);
  child = gsf_outfile_new_child (ole, "Workbook", FALSE);
  if (!gsf_output_write (child, len, data) || !gsf_output_close (child)
      || !gsf_output_close (GSF_OUTPUT (ole)))
    {
      g_set_error (error, G_FILE_ERROR, G_FILE_ERROR_FAILED, "could not write %s", path);
      return FALSE;
    }
  return TRUE;
}

static void
append_csv_field (GString    *out,
                  const char *text)
{
  if (strpbrk (text, ",\"\r\n") == NULL)
    {
      g_string_append (out, text);
      return;
    }
  g_string_append_c (out, '"');
  for (const char *p = text; *p != '\0'; p++)
    {
      if (*p == '"')
        g_string_append_c (out, '"');
      g_string_append_c (out, *p);
    }
  g_string_append_c (out, '"');
}

gboolean
gj_test_write_csv (const char                *path,
                   const char *const *const  *rows,
                   GjTestCsvEncoding          encoding,
                   GError                   **error)
{
  g_autoptr(GString) out = g_string_new (encoding == GJ_TEST_CSV_UTF8_BOM ? "\xEF\xBB\xBF" : "");
  g_autofree char *converted = NULL;
  gsize len = 0;

  for (guint r = 0; rows[r] != NULL; r++)
    {
      for (guint c = 0; rows[r][c] != NULL; c++)
        {
          const char *text;

          if (c > 0)
            g_string_append_c (out, ',');
          cell_kind (rows[r][c], &text);
          append_csv_field (out, text);
        }
      g_string_append (out, "\r\n");
    }
  if (encoding != GJ_TEST_CSV_GB18030)
    return g_file_set_contents (path, out->str, out->len, error);
  converted = g_convert (out->str, out->len, "GB18030", "UTF-8", NULL, &len, error);
  return converted != NULL && g_file_set_contents (path, converted, len, error);
}
