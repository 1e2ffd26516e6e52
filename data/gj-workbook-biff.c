/* gj-workbook-biff.c: the BIFF records of an .xls, read before libfreexl
 *
 * libfreexl trusts the file: it allocates and fills rows x columns cells
 * for each sheet as its DIMENSIONS record claims (the product wraps around
 * in 32 bits), counts a date's days one at a time, copies records and
 * strings into fixed buffers with the lengths they state, and leaks or
 * mixes up cells when records repeat or are missing. So every record is
 * read here first, following libfreexl's own reading, and a file that it
 * would mishandle is refused with a message; the compound file around
 * the records is read by gj-workbook-cfb.c for the same reason.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-workbook"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gj-data-error.h"
#include "gj-workbook-private.h"

/* What an Excel 97-2003 sheet can hold, and what all sheets of one file
 * may claim together (libfreexl spends about 24 bytes on each). */
#define BIFF_MAX_ROWS      65536u
#define BIFF_MAX_COLUMNS   256u
#define BIFF_MAX_CELLS     (16u * 1024 * 1024)
/* Days libfreexl may count for all date cells together: three date
 * columns of 65,536 rows of this century's dates fit. */
#define BIFF_MAX_DATE_DAYS 1e10
#define BIFF_MAX_SERIAL    2958465.0
/* Sheets of one workbook, far above any ledger; sheets are matched to
 * their records pairwise. */
#define BIFF_MAX_SHEETS    1024
#define BIFF_MAX_XF        8192

enum
{
  BIFF_BOF = 0x0809,
  BIFF_BOUNDSHEET = 0x0085,
  BIFF_EOF = 0x000A,
  BIFF_XF = 0x00E0,
  BIFF_FORMAT = 0x041E,
  BIFF_DIMENSIONS = 0x0200,
  BIFF_NUMBER = 0x0203,
  BIFF_RK = 0x027E,
  BIFF_MULRK = 0x00BD,
  BIFF_LABEL = 0x0204,
  BIFF_LABELSST = 0x00FD,
  BIFF_BOOLERR = 0x0205,
  BIFF_SST = 0x00FC,
  BIFF_CONTINUE = 0x003C,
  /* The longest record BIFF8 has; libfreexl copies each into a buffer
   * of this size. */
  BIFF_MAX_RECORD = 8224,
};

typedef struct
{
  GArray   *xf_formats;    /* guint16 format index per XF */
  guint8    date_format[65536 / 8];
  guint64   cells;
  double    date_days;
  gboolean  dimensions_since_bof;
  gboolean  in_substream;  /* between a BOF that starts one and its EOF */
  gboolean  seen_globals;
  gint64    bof;           /* stream offset of the sheet's BOF; -1 in the globals */
  GArray   *sheet_offsets; /* guint32 per BOUNDSHEET: where its BOF is */
  GArray   *dimensioned;   /* guint32 offsets of BOFs followed by DIMENSIONS */
  guint8   *cells_seen;    /* a bit per cell of the current sheet */
  guint32   rows;
  guint32   columns;
  gboolean  seen_sst;
} BiffScan;

/* The shared string table and the CONTINUE records after it, walked as
 * one stream whose pieces each start a new record. */
typedef struct
{
  const guint8 *piece;     /* the current record's body */
  guint         len;
  guint         at;
  const guint8 *next;      /* the header of the record after it */
  const guint8 *end;       /* of the workbook stream */
} SstWalk;

static guint
le16 (const guint8 *p)
{
  return p[0] | (p[1] << 8);
}

static guint32
le32 (const guint8 *p)
{
  return le16 (p) | ((guint32) le16 (p + 2) << 16);
}

static double
rk_value (const guint8 *p)
{
  guint32 rk = le32 (p);
  double v;

  if (rk & 2)
    v = (double) ((gint32) rk >> 2);
  else
    {
      guint64 bits = (guint64) (rk & 0xFFFFFFFC) << 32;

      memcpy (&v, &bits, sizeof v);
    }
  return (rk & 1) ? v / 100 : v;
}

static gboolean
xf_is_date (BiffScan *scan,
            guint     xf)
{
  guint format;

  if (xf >= scan->xf_formats->len)
    return FALSE;
  format = g_array_index (scan->xf_formats, guint16, xf);
  return (format >= 14 && format <= 22) || (format >= 45 && format <= 47)
         || (scan->date_format[format / 8] & (1 << (format % 8)));
}

/* A FORMAT record's code, its non-ASCII characters as '?': enough to
 * tell a date format. */
static void
scan_format (BiffScan     *scan,
             const guint8 *body,
             guint         len)
{
  g_autoptr(GString) code = g_string_new (NULL);
  guint format, n, at = 5;
  gboolean wide;

  if (len < 5)
    return;
  format = le16 (body);
  n = le16 (body + 2);
  wide = body[4] & 1;
  for (guint i = 0; i < n && at + (wide ? 2 : 1) <= len; i++, at += wide ? 2 : 1)
    {
      guint c = wide ? le16 (body + at) : body[at];

      g_string_append_c (code, c > 0 && c < 0x80 ? (char) c : '?');
    }
  if (gj_workbook_format_is_date (code->str))
    scan->date_format[format / 8] |= 1 << (format % 8);
}

static gboolean
scan_value (GjWorkbook  *self,
            BiffScan    *scan,
            guint        xf,
            double       v,
            GError     **error)
{
  if (!xf_is_date (scan, xf) || !(v > 0))
    return TRUE;
  scan->date_days += v;
  if (v <= BIFF_MAX_SERIAL && scan->date_days <= BIFF_MAX_DATE_DAYS)
    return TRUE;
  gj_data_error_set (error, GJ_DATA_ERROR_INVALID, NULL,
                     v > BIFF_MAX_SERIAL
                     ? _("The workbook “%s” has a date after the year 9999; it is damaged. Open it "
                         "in Excel or WPS, save it as XLSX and choose the saved file.")
                     : _("The workbook “%s” has more dates than Gongjian reads from an Excel "
                         "97-2003 file. Open it in Excel or WPS, save it as XLSX and choose the "
                         "saved file."),
                     self->display_name);
  return FALSE;
}

/* libfreexl gives a sheet without a DIMENSIONS record the cells of the
 * sheet read last (losing that sheet's own), so such a workbook is not
 * handed to it: a chart sheet has none, and a damaged file may lack it. */
static void
set_unreadable_sheets (GjWorkbook  *self,
                       GError     **error)
{
  gj_workbook_set_not_spreadsheet (self, error,
                                   _("it has a sheet that Gongjian cannot read in the Excel "
                                     "97-2003 format, such as a chart or damaged records; "
                                     "save it as XLSX"));
}

/* Every sheet has its own offset and exactly one DIMENSIONS record. */
static gboolean
all_sheets_dimensioned (BiffScan *scan)
{
  for (guint i = 0; i < scan->sheet_offsets->len; i++)
    {
      guint32 at = g_array_index (scan->sheet_offsets, guint32, i);
      guint n_found = 0;

      for (guint k = 0; k < i; k++)
        if (g_array_index (scan->sheet_offsets, guint32, k) == at)
          return FALSE;
      for (guint k = 0; k < scan->dimensioned->len; k++)
        n_found += g_array_index (scan->dimensioned, guint32, k) == at;
      if (n_found != 1)
        return FALSE;
    }
  return TRUE;
}

static void
set_damaged_records (GjWorkbook  *self,
                     GError     **error)
{
  gj_workbook_set_not_spreadsheet (self, error, _("its Excel 97-2003 records are damaged"));
}

/* libfreexl keeps the text of a cell set twice and loses the first; Excel
 * never writes a cell twice, so a file that does is refused. */
static gboolean
scan_cell (GjWorkbook  *self,
           BiffScan    *scan,
           guint        row,
           guint        column,
           GError     **error)
{
  guint64 bit;

  if (scan->cells_seen == NULL || row >= scan->rows || column >= scan->columns)
    return TRUE;
  bit = (guint64) row * scan->columns + column;
  if (scan->cells_seen[bit / 8] & (1 << (bit % 8)))
    {
      set_damaged_records (self, error);
      return FALSE;
    }
  scan->cells_seen[bit / 8] |= 1 << (bit % 8);
  return TRUE;
}

/* Whether a string whose characters start at @at in a record of @len
 * bytes fits in it: in BIFF8 a flags byte comes first (characters of two
 * bytes when bit 0 is set; a run count and an extension size before them
 * when bits 3 and 2 are). libfreexl reads as many characters as @cch
 * says, wherever the record ends. */
static gboolean
string_fits (const guint8 *body,
             guint         at,
             guint         cch,
             guint         len)
{
  guint flags;

  if (at >= len)
    return FALSE;
  flags = body[at];
  return (guint64) at + 1 + ((flags & 8) ? 2 : 0) + ((flags & 4) ? 4 : 0)
         + (guint64) cch * ((flags & 1) ? 2 : 1) <= len;
}

/* A BOUNDSHEET's name: its length at 6, then a byte that libfreexl reads
 * as "two bytes a character" unless 0, then the name. */
static gboolean
sheet_name_fits (const guint8 *body,
                 guint         len)
{
  return 8u + body[6] * (body[7] != 0 ? 2u : 1u) <= len;
}

/* Moves to the next CONTINUE record; FALSE if there is none. */
static gboolean
sst_next_piece (SstWalk *w)
{
  guint n;

  if (w->end - w->next < 4 || le16 (w->next) != BIFF_CONTINUE)
    return FALSE;
  n = le16 (w->next + 2);
  if ((gsize) (w->end - w->next - 4) < n)
    return FALSE;
  w->piece = w->next + 4;
  w->len = n;
  w->at = 0;
  w->next += 4 + n;
  return TRUE;
}

/* Takes @n bytes that may run into the next records (formatting runs). */
static gboolean
sst_skip (SstWalk *w,
          guint64  n)
{
  while (n > 0)
    {
      guint here = MIN (n, (guint64) (w->len - w->at));

      w->at += here;
      n -= here;
      if (n > 0 && !sst_next_piece (w))
        return FALSE;
    }
  return TRUE;
}

/* Walks every string of the table as [MS-XLS] lays it out: a header (its
 * length, flags, run count and extension size) within one record, its
 * characters going on in CONTINUE records that each start with a new
 * flags byte. libfreexl allocates what the counts say and reads the
 * strings without checking where the records end, so a table that does
 * not hold what it claims is refused. */
static gboolean
sst_fits (const guint8 *body,
          guint         len,
          const guint8 *next,
          const guint8 *end)
{
  SstWalk w = { body, len, 8, next, end };
  guint32 n_unique;
  guint64 room = len;

  if (len < 8)
    return FALSE;
  n_unique = le32 (body + 4);
  /* A string takes three bytes at least. */
  for (const guint8 *r = next; end - r >= 4 && le16 (r) == BIFF_CONTINUE; r += 4 + le16 (r + 2))
    {
      if ((gsize) (end - r - 4) < le16 (r + 2))
        return FALSE;
      room += le16 (r + 2);
    }
  if ((guint64) n_unique * 3 > room)
    return FALSE;

  for (guint32 i = 0; i < n_unique; i++)
    {
      guint cch, flags, runs = 0;
      guint32 ext = 0;

      if (w.at == w.len && !sst_next_piece (&w))
        return FALSE;
      if (w.len - w.at < 3)
        return FALSE;
      cch = le16 (w.piece + w.at);
      flags = w.piece[w.at + 2];
      w.at += 3;
      if (flags & 8)
        {
          if (w.len - w.at < 2)
            return FALSE;
          runs = le16 (w.piece + w.at);
          w.at += 2;
        }
      if (flags & 4)
        {
          if (w.len - w.at < 4)
            return FALSE;
          ext = le32 (w.piece + w.at);
          w.at += 4;
        }
      while (cch > 0)
        {
          guint width = (flags & 1) ? 2 : 1;
          guint here = MIN (cch, (w.len - w.at) / width);

          w.at += here * width;
          cch -= here;
          if (cch == 0)
            break;
          /* The characters go on in the next record, after its own flags. */
          if (!sst_next_piece (&w) || w.len < 1)
            return FALSE;
          flags = (flags & ~1u) | (w.piece[0] & 1);
          w.at = 1;
        }
      if (!sst_skip (&w, (guint64) runs * 4 + ext))
        return FALSE;
    }
  return TRUE;
}

/* Follows libfreexl's reading of substreams: the first BOF opens the
 * globals, a BOF after an EOF opens the sheet whose BOUNDSHEET names its
 * offset, and a BOF inside a substream is just a record to it. */
static gboolean
scan_bof (GjWorkbook    *self,
          BiffScan      *scan,
          const guint8  *body,
          guint          len,
          guint32        offset,
          GError       **error)
{
  if (scan->in_substream)
    return TRUE;
  scan->in_substream = TRUE;
  scan->dimensions_since_bof = FALSE;
  g_clear_pointer (&scan->cells_seen, g_free);
  if (!scan->seen_globals)
    {
      scan->seen_globals = TRUE;
      scan->bof = -1;
      /* Excel 5.0/95 (BIFF5) takes other code paths of libfreexl, with
       * strings in the file's code page; Excel 97 and later, and WPS,
       * write BIFF8. */
      if (len < 2 || le16 (body) != 0x0600)
        {
          gj_workbook_set_not_spreadsheet (self, error,
                                           _("it is an Excel 5.0/95 workbook, older than "
                                             "Gongjian reads; save it as XLSX"));
          return FALSE;
        }
      return TRUE;
    }
  scan->bof = offset;
  for (guint i = 0; i < scan->sheet_offsets->len; i++)
    if (g_array_index (scan->sheet_offsets, guint32, i) == offset)
      return TRUE;
  set_unreadable_sheets (self, error);
  return FALSE;
}

static gboolean
scan_dimensions (GjWorkbook    *self,
                 BiffScan      *scan,
                 const guint8  *body,
                 guint          len,
                 GError       **error)
{
  guint64 rows, columns;

  if (len >= 12)
    {
      rows = le32 (body + 4);
      columns = le16 (body + 10);
    }
  else
    {
      /* libfreexl would read the missing bytes from the record before. */
      set_unreadable_sheets (self, error);
      return FALSE;
    }
  /* libfreexl ignores DIMENSIONS in the globals, and in a sheet allocates
   * its cells at each one, losing those of an earlier one. */
  if (!scan->in_substream || scan->bof < 0)
    return TRUE;
  if (scan->dimensions_since_bof)
    {
      set_unreadable_sheets (self, error);
      return FALSE;
    }
  scan->dimensions_since_bof = TRUE;
  {
    guint32 at = scan->bof;

    g_array_append_val (scan->dimensioned, at);
  }
  scan->cells += rows * columns;
  if (rows <= BIFF_MAX_ROWS && columns <= BIFF_MAX_COLUMNS && scan->cells <= BIFF_MAX_CELLS)
    {
      g_free (scan->cells_seen);
      scan->cells_seen = g_malloc0 ((rows * columns + 7) / 8);
      scan->rows = rows;
      scan->columns = columns;
      return TRUE;
    }
  gj_data_error_set (error, GJ_DATA_ERROR_INVALID, NULL,
                     _("The workbook “%s” claims sheets larger than an Excel 97-2003 file can "
                       "hold; it is damaged. Open it in Excel or WPS, save it as XLSX and choose "
                       "the saved file."), self->display_name);
  return FALSE;
}

/* The bytes of a record that libfreexl reads without looking at its
 * length: row, column, format and value of a cell, and so on. */
static guint
min_length (guint type)
{
  switch (type)
    {
    case BIFF_BOF:
    case BIFF_XF:
    case BIFF_FORMAT:
      return 4;
    case BIFF_MULRK:
      return 6;
    case BIFF_BOOLERR:
      return 7;
    case BIFF_BOUNDSHEET:
    case BIFF_LABEL:
      return 8;
    case BIFF_LABELSST:
    case BIFF_RK:
      return 10;
    case BIFF_DIMENSIONS:
      return 12;
    case BIFF_NUMBER:
      return 14;
    default:
      return 0;
    }
}

static void
biff_scan_free (BiffScan *scan)
{
  g_free (scan->cells_seen);
  g_free (scan);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BiffScan, biff_scan_free)

/* Reads every BIFF record of the workbook stream once. FALSE with an error
 * for a file libfreexl must not be given. */
gboolean
gj_workbook_biff_check (GjWorkbook  *self,
                        GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autoptr(GArray) xf_formats = g_array_new (FALSE, FALSE, sizeof (guint16));
  g_autoptr(GArray) sheet_offsets = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr(GArray) dimensioned = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr(BiffScan) scan = g_new0 (BiffScan, 1);
  g_autoptr(GBytes) file = NULL;
  g_autoptr(GBytes) stream = NULL;
  g_autofree char *contents = NULL;
  const char *reason = NULL;
  gboolean in_mini_stream = FALSE;
  const guint8 *start, *p, *end;
  gsize len;

  if (!g_file_get_contents (self->xls_path, &contents, &len, &local_error))
    {
      gj_data_error_set (error, GJ_DATA_ERROR_IO, NULL,
                         _("Could not read “%s”: %s. Check that the file can be read."),
                         self->display_name, local_error->message);
      return FALSE;
    }
  file = g_bytes_new_take (g_steal_pointer (&contents), len);
  stream = gj_workbook_cfb_workbook_stream (file, &in_mini_stream, &reason);
  if (stream == NULL)
    {
      gj_workbook_set_not_spreadsheet (self, error, reason);
      return FALSE;
    }
  start = p = g_bytes_get_data (stream, &len);
  if (p == NULL || len < 4)
    {
      set_damaged_records (self, error);
      return FALSE;
    }
  end = p + len;
  scan->xf_formats = xf_formats;
  scan->sheet_offsets = sheet_offsets;
  scan->dimensioned = dimensioned;
  scan->bof = -1;
  while (end - p >= 4)
    {
      guint type = le16 (p), n = le16 (p + 2);
      const guint8 *body = p + 4;
      guint32 offset = p - start;
      gboolean ok = TRUE;

      /* libfreexl copies a record into a buffer of the longest size BIFF8
       * allows, and in a small file copies it whole even past the stream. */
      if (n > BIFF_MAX_RECORD || (gsize) (end - p - 4) < n)
        {
          set_damaged_records (self, error);
          return FALSE;
        }
      p += 4 + n;
      /* libfreexl reads these fields whatever the record's length, from
       * the bytes the record before left in its buffer. */
      if (n < min_length (type))
        {
          set_damaged_records (self, error);
          return FALSE;
        }
      /* In a stream of full sectors libfreexl takes an empty record of
       * type 0 for the end; the records after it are never read. */
      if (type == 0 && n == 0 && !in_mini_stream)
        break;
      switch (type)
        {
        case BIFF_BOF:
          ok = scan_bof (self, scan, body, n, offset, error);
          break;
        case BIFF_EOF:
          scan->in_substream = FALSE;
          break;
        case BIFF_BOUNDSHEET:
          if (n < 8 || sheet_offsets->len >= BIFF_MAX_SHEETS || !sheet_name_fits (body, n))
            {
              set_unreadable_sheets (self, error);
              ok = FALSE;
            }
          else
            {
              guint32 at = le32 (body);

              g_array_append_val (sheet_offsets, at);
            }
          break;
        case BIFF_XF:
          /* libfreexl keeps 8192 and reads past them for a later index. */
          if (n < 4 || xf_formats->len >= BIFF_MAX_XF)
            {
              set_damaged_records (self, error);
              return FALSE;
            }
          {
            guint16 format = le16 (body + 2);

            g_array_append_val (xf_formats, format);
          }
          break;
        case BIFF_FORMAT:
          if (n < 4 || !string_fits (body, 4, le16 (body + 2), n))
            {
              set_damaged_records (self, error);
              return FALSE;
            }
          scan_format (scan, body, n);
          break;
        case BIFF_SST:
          /* One table, in the globals: libfreexl reads each it meets. */
          if (scan->seen_sst || !scan->in_substream || scan->bof >= 0
              || !sst_fits (body, n, p, end))
            {
              set_damaged_records (self, error);
              return FALSE;
            }
          scan->seen_sst = TRUE;
          break;
        case BIFF_LABEL:
          if (n < 8 || !string_fits (body, 8, le16 (body + 6), n))
            {
              set_damaged_records (self, error);
              return FALSE;
            }
          ok = scan_cell (self, scan, le16 (body), le16 (body + 2), error);
          break;
        case BIFF_LABELSST:
        case BIFF_BOOLERR:
          ok = scan_cell (self, scan, le16 (body), le16 (body + 2), error);
          break;
        case BIFF_DIMENSIONS:
          ok = scan_dimensions (self, scan, body, n, error);
          break;
        case BIFF_NUMBER:
          {
            double v;

            memcpy (&v, body + 6, sizeof v);
            ok = scan_value (self, scan, le16 (body + 4), v, error)
                 && scan_cell (self, scan, le16 (body), le16 (body + 2), error);
          }
          break;
        case BIFF_RK:
          ok = scan_value (self, scan, le16 (body + 4), rk_value (body + 6), error)
               && scan_cell (self, scan, le16 (body), le16 (body + 2), error);
          break;
        case BIFF_MULRK:
          /* As libfreexl reads it: a cell per six bytes while more follow. */
          for (guint at = 4, column = le16 (body + 2); ok && at + 6 < n;
               at += 6, column = (column + 1) & 0xFFFF)
            ok = scan_value (self, scan, le16 (body + at), rk_value (body + at + 2), error)
                 && scan_cell (self, scan, le16 (body), column, error);
          break;
        default:
          break;
        }
      if (!ok)
        return FALSE;
    }
  if (!all_sheets_dimensioned (scan))
    {
      set_unreadable_sheets (self, error);
      return FALSE;
    }
  return TRUE;
}
