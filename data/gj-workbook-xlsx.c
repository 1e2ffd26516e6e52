/* gj-workbook-xlsx.c: Office Open XML workbooks, read as a stream
 *
 * The zip container is libgsf's; every XML part is read with libxml2's
 * streaming xmlTextReader straight from the zip member, so a 100,000-row
 * sheet never exists as a tree. What the cells need from the rest of the
 * workbook is read once, on the first sheet read: the shared strings (as
 * one buffer and offsets, like a sheet) and which cell styles are dates.
 *
 * Everything here is untrusted: each part is read through a byte budget
 * (a zip bomb stops at GJ_XML_PART_MAX_BYTES, not at the end of memory), the
 * shared strings are bounded like a sheet's text, and every index a cell
 * gives is checked.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-workbook"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libxml/xmlreader.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gj-data-error.h"
#include "gj-workbook-private.h"

/* Excel's own limit on a cell's text is 32,767 characters. */
#define CELL_MAX_BYTES   (32767 * 4)
#define MAX_SHEETS       4096
#define MAX_STRINGS      (16u * 1024 * 1024)
#define MAX_STYLES       (1u * 1024 * 1024)
/* The last serial day Excel shows as a date: 9999-12-31. */
#define MAX_SERIAL_DAY   2958465.0

struct _GjXlsxState
{
  GPtrArray  *sheet_paths;   /* zip member per sheet */
  gboolean    date1904;
  gboolean    parts_read;    /* shared strings and styles */
  GByteArray *strings;       /* NUL-terminated shared strings */
  GArray     *string_offsets;
  GArray     *style_is_date; /* gboolean per cellXfs index */
};

void
gj_workbook_xlsx_free (GjXlsxState *state)
{
  g_ptr_array_unref (state->sheet_paths);
  g_clear_pointer (&state->strings, g_byte_array_unref);
  g_clear_pointer (&state->string_offsets, g_array_unref);
  g_clear_pointer (&state->style_is_date, g_array_unref);
  g_free (state);
}

/* OOXML escapes characters XML cannot hold as _xHHHH_ (a line break as
 * _x000D_); the cleaner then drops the control characters among them. */
static void
unescape_ooxml (GString *s)
{
  char *p = strstr (s->str, "_x");
  gsize out;

  if (p == NULL)
    return;
  out = p - s->str;
  for (gsize i = out; i < s->len;)
    {
      if (i + 7 <= s->len && s->str[i] == '_' && s->str[i + 1] == 'x' && s->str[i + 6] == '_'
          && g_ascii_isxdigit (s->str[i + 2]) && g_ascii_isxdigit (s->str[i + 3])
          && g_ascii_isxdigit (s->str[i + 4]) && g_ascii_isxdigit (s->str[i + 5]))
        {
          gunichar c = 0;
          char buf[6];
          int n;

          for (int k = 2; k < 6; k++)
            c = c * 16 + g_ascii_xdigit_value (s->str[i + k]);
          if (!g_unichar_validate (c))
            c = 0xFFFD;
          n = g_unichar_to_utf8 (c, buf);
          /* Six bytes of UTF-8 at most replace seven of escape. */
          memcpy (s->str + out, buf, n);
          out += n;
          i += 7;
        }
      else
        s->str[out++] = s->str[i++];
    }
  g_string_truncate (s, out);
}

static gboolean
read_relationships (GjWorkbook  *self,
                    GHashTable  *targets,
                    GError     **error)
{
  g_auto(GjXmlPart) part = { 0 };
  int ret;

  if (!gj_xml_part_open (&part, self, "xl/_rels/workbook.xml.rels", FALSE, error))
    return FALSE;
  while ((ret = gj_xml_part_next (&part, error)) == 1)
    if (gj_xml_is_element (&part, "Relationship"))
      {
        g_autofree char *id = gj_xml_attribute_dup (&part, "Id");
        g_autofree char *target = gj_xml_attribute_dup (&part, "Target");

        if (id == NULL || target == NULL)
          continue;
        /* Targets are relative to xl/ unless absolute in the package. */
        g_hash_table_insert (targets, g_steal_pointer (&id), target[0] == '/'
                             ? g_strdup (target + 1)
                             : g_strconcat ("xl/", target, NULL));
      }
  return ret == 0;
}

gboolean
gj_workbook_xlsx_open (GjWorkbook  *self,
                       GError     **error)
{
  g_autoptr(GHashTable) targets = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autoptr(GsfInput) probe = NULL;
  g_auto(GjXmlPart) part = { 0 };
  int ret;

  probe = gj_xml_open_member (self->zip, "xl/workbook.xml");
  if (probe == NULL)
    {
      gj_workbook_set_not_spreadsheet (self, error,
                                       _("it is a zip archive but not an Excel workbook"));
      return FALSE;
    }
  xmlInitParser ();
  self->xlsx = g_new0 (GjXlsxState, 1);
  self->xlsx->sheet_paths = g_ptr_array_new_with_free_func (g_free);
  if (!read_relationships (self, targets, error)
      || !gj_xml_part_open (&part, self, "xl/workbook.xml", FALSE, error))
    return FALSE;

  while ((ret = gj_xml_part_next (&part, error)) == 1)
    {
      if (gj_xml_is_element (&part, "workbookPr"))
        {
          char buf[GJ_XML_ATTRIBUTE_BUF];
          const char *v = gj_xml_attribute (&part, "date1904", buf, sizeof buf);

          self->xlsx->date1904 = v != NULL && (strcmp (v, "1") == 0 || strcmp (v, "true") == 0);
        }
      else if (gj_xml_is_element (&part, "sheet"))
        {
          g_autofree char *name = gj_xml_attribute_dup (&part, "name");
          g_autofree char *id = gj_xml_attribute_dup (&part, "id");
          g_autofree char *clean = NULL;
          const char *target;

          if (name == NULL)
            name = g_strdup ("");
          clean = gj_workbook_clean_text (name, -1);
          target = id != NULL ? g_hash_table_lookup (targets, id) : NULL;
          if (target == NULL || self->sheet_names->len >= MAX_SHEETS)
            {
              gj_workbook_set_damaged (self, "xl/workbook.xml", error);
              return FALSE;
            }
          g_ptr_array_add (self->sheet_names,
                           clean ? g_steal_pointer (&clean) : g_steal_pointer (&name));
          g_ptr_array_add (self->xlsx->sheet_paths, g_strdup (target));
        }
    }
  if (ret < 0)
    return FALSE;
  return TRUE;
}

/* Whether a number format shows a date: a d, m or y outside quoted text,
 * brackets ([Red], [$-804], [h]) and escaped characters. Minutes ("mm")
 * count too; a value below one day is then kept as a number. */
gboolean
gj_workbook_format_is_date (const char *code)
{
  for (const char *p = code; *p != '\0'; p++)
    {
      switch (*p)
        {
        case '"':
          p = strchr (p + 1, '"');
          if (p == NULL)
            return FALSE;
          break;
        case '[':
          p = strchr (p + 1, ']');
          if (p == NULL)
            return FALSE;
          break;
        case '\\':
        case '_':
        case '*':
          if (p[1] == '\0')
            return FALSE;
          p++;
          break;
        case 'd': case 'D': case 'm': case 'M': case 'y': case 'Y':
          return TRUE;
        default:
          break;
        }
    }
  return FALSE;
}

/* Built-in formats that are dates: 14-22 and 45-47 everywhere, and the
 * ones Chinese Excel writes without defining them (27-36, 50-58, such as
 * 31, yyyy"年"m"月"d"日"). */
static gboolean
builtin_is_date (guint64 id)
{
  return (id >= 14 && id <= 22) || (id >= 45 && id <= 47) || (id >= 27 && id <= 36)
         || (id >= 50 && id <= 58);
}

static gboolean
read_styles (GjWorkbook  *self,
             GError     **error)
{
  g_autoptr(GHashTable) custom = g_hash_table_new (g_direct_hash, g_direct_equal);
  g_auto(GjXmlPart) part = { 0 };
  gboolean in_cell_xfs = FALSE;
  int ret;

  self->xlsx->style_is_date = g_array_new (FALSE, FALSE, sizeof (gboolean));
  if (!gj_xml_part_open (&part, self, "xl/styles.xml", TRUE, error))
    return error == NULL || *error == NULL;
  while ((ret = gj_xml_part_next (&part, error)) == 1)
    {
      char buf[GJ_XML_ATTRIBUTE_BUF];
      guint64 id;

      if (gj_xml_is_element (&part, "numFmt"))
        {
          g_autofree char *code = gj_xml_attribute_dup (&part, "formatCode");
          gboolean is_date = code != NULL && gj_workbook_format_is_date (code);

          if (gj_xml_parse_uint (gj_xml_attribute (&part, "numFmtId", buf, sizeof buf),
                                 G_MAXUINT16, &id))
            g_hash_table_insert (custom, GUINT_TO_POINTER (id + 1), GINT_TO_POINTER (is_date));
        }
      else if (gj_xml_is_element (&part, "cellXfs"))
        in_cell_xfs = !xmlTextReaderIsEmptyElement (part.reader);
      else if (gj_xml_is_end (&part, "cellXfs"))
        in_cell_xfs = FALSE;
      else if (in_cell_xfs && gj_xml_is_element (&part, "xf"))
        {
          gboolean is_date = FALSE;
          gpointer found;

          if (self->xlsx->style_is_date->len >= MAX_STYLES)
            continue;
          if (gj_xml_parse_uint (gj_xml_attribute (&part, "numFmtId", buf, sizeof buf),
                                 G_MAXUINT16, &id))
            {
              if (g_hash_table_lookup_extended (custom, GUINT_TO_POINTER (id + 1), NULL, &found))
                is_date = GPOINTER_TO_INT (found);
              else
                is_date = builtin_is_date (id);
            }
          g_array_append_val (self->xlsx->style_is_date, is_date);
        }
    }
  return ret == 0;
}

static gboolean
too_many_strings (GjWorkbook  *self,
                  GError     **error)
{
  GjXlsxState *x = self->xlsx;

  if (x->strings->len <= GJ_SHEET_MAX_TEXT_BYTES && x->string_offsets->len <= MAX_STRINGS)
    return FALSE;
  gj_data_error_set (error, GJ_DATA_ERROR_INVALID, NULL,
                     _("The workbook “%s” has more shared text than Gongjian reads (%u MB or "
                       "%u strings). Split the ledger into smaller workbooks."),
                     self->display_name, GJ_SHEET_MAX_TEXT_BYTES / (1024 * 1024), MAX_STRINGS);
  return TRUE;
}

/* Each <si> is one string: its <t>, or the <t> of its rich-text runs
 * joined, leaving out the phonetic guides (<rPh>). */
static gboolean
read_shared_strings (GjWorkbook  *self,
                     GError     **error)
{
  GjXlsxState *x = self->xlsx;
  g_autoptr(GString) s = g_string_new (NULL);
  g_auto(GjXmlPart) part = { 0 };
  gboolean in_si = FALSE, in_t = FALSE, in_rph = FALSE;
  int ret;

  x->strings = g_byte_array_new ();
  x->string_offsets = g_array_new (FALSE, FALSE, sizeof (guint32));
  if (!gj_xml_part_open (&part, self, "xl/sharedStrings.xml", TRUE, error))
    return error == NULL || *error == NULL;
  while ((ret = gj_xml_part_next (&part, error)) == 1)
    {
      gboolean empty = xmlTextReaderIsEmptyElement (part.reader);

      if (gj_xml_is_element (&part, "si"))
        {
          g_string_truncate (s, 0);
          in_si = !empty;
          in_t = in_rph = FALSE;
          if (!empty)
            continue;
        }
      else if (in_si && gj_xml_is_element (&part, "t"))
        in_t = !empty;
      else if (in_si && gj_xml_is_element (&part, "rPh"))
        in_rph = !empty;
      else if (gj_xml_is_end (&part, "t"))
        in_t = FALSE;
      else if (gj_xml_is_end (&part, "rPh"))
        in_rph = FALSE;
      else if (in_t && !in_rph && gj_xml_is_text (&part))
        {
          g_string_append (s, (const char *) xmlTextReaderConstValue (part.reader));
          if (s->len > CELL_MAX_BYTES)
            g_string_truncate (s, CELL_MAX_BYTES);
        }
      if (gj_xml_is_element (&part, "si") || gj_xml_is_end (&part, "si"))
        {
          g_autofree char *clean = NULL;
          guint32 offset = x->strings->len;

          unescape_ooxml (s);
          clean = gj_workbook_clean_text (s->str, s->len);
          g_byte_array_append (x->strings, (const guint8 *) (clean ? clean : s->str),
                               strlen (clean ? clean : s->str) + 1);
          g_array_append_val (x->string_offsets, offset);
          in_si = FALSE;
          if (too_many_strings (self, error))
            return FALSE;
        }
    }
  return ret == 0;
}

/* Column and row of a reference such as "AB12", zero-based; a part that
 * is missing is left as it was. FALSE if the text is no reference. */
static gboolean
parse_ref (const char *ref,
           guint      *row,
           guint      *column)
{
  guint64 c = 0, r = 0;
  const char *p = ref;

  for (; g_ascii_isalpha (*p); p++)
    {
      c = c * 26 + (g_ascii_toupper (*p) - 'A' + 1);
      if (c > GJ_SHEET_MAX_COLUMNS + 1)
        c = GJ_SHEET_MAX_COLUMNS + 1;
    }
  for (; g_ascii_isdigit (*p); p++)
    {
      r = r * 10 + (*p - '0');
      if (r > GJ_SHEET_MAX_ROWS + 1)
        r = GJ_SHEET_MAX_ROWS + 1;
    }
  if (*p != '\0' || p == ref)
    return FALSE;
  if (c > 0)
    *column = c - 1;
  if (r > 0)
    *row = r - 1;
  return TRUE;
}

/* The shortest decimal text that reads back as @v: "18865719602", not
 * "1.8865719602e+10"; "2.5"; "0.1". */
void
gj_workbook_format_number (double v,
                           char   buf[G_ASCII_DTOSTR_BUF_SIZE])
{
  if (v == floor (v) && fabs (v) < 1e21)
    {
      g_snprintf (buf, G_ASCII_DTOSTR_BUF_SIZE, "%.0f", v);
      if (strcmp (buf, "-0") == 0)
        strcpy (buf, "0");
      return;
    }
  for (int digits = 15; digits <= 17; digits++)
    {
      char fmt[8];

      g_snprintf (fmt, sizeof fmt, "%%.%dg", digits);
      g_ascii_formatd (buf, G_ASCII_DTOSTR_BUF_SIZE, fmt, v);
      if (g_ascii_strtod (buf, NULL) == v)
        return;
    }
}

/* An Excel serial day as an ISO date. In the 1900 system day 1 is
 * 1900-01-01 and Excel (after Lotus 1-2-3) counts a 29 February 1900 as
 * day 60, so later days are one off from a plain count from 1899-12-31.
 * The time of day is dropped; a time alone (below one day) is no date,
 * in either system (so 1904-01-01 itself reads as the number 0). */
static gboolean
serial_to_iso (double   v,
               gboolean date1904,
               char     buf[16])
{
  GDate date;
  guint days;

  if (!(v >= 1.0 && v <= MAX_SERIAL_DAY))
    return FALSE;
  /* Half a millisecond up, as Excel rounds a time to the millisecond. */
  days = (guint) floor (v + 0.5 / 86400000.0);
  if (!date1904 && days == 60)
    {
      strcpy (buf, "1900-02-29");
      return TRUE;
    }
  g_date_clear (&date, 1);
  if (date1904)
    g_date_set_dmy (&date, 1, G_DATE_JANUARY, 1904);
  else
    {
      g_date_set_dmy (&date, 31, G_DATE_DECEMBER, 1899);
      if (days > 60)
        days--;
    }
  g_date_add_days (&date, days);
  g_snprintf (buf, 16, "%04d-%02d-%02d", g_date_get_year (&date), g_date_get_month (&date),
              g_date_get_day (&date));
  return TRUE;
}

typedef enum
{
  VALUE_NUMBER,
  VALUE_SHARED,
  VALUE_TEXT,
  VALUE_BOOL,
  VALUE_DATE,
} ValueKind;

typedef struct
{
  GjWorkbook *self;
  GjSheet    *sheet;
  guint       row;
  guint       column;
  ValueKind   kind;
  guint64     style;
  GString    *value;
} CellState;

static gboolean
finish_cell (CellState  *c,
             GError    **error)
{
  GjXlsxState *x = c->self->xlsx;
  char buf[G_ASCII_DTOSTR_BUF_SIZE];
  guint64 index;
  char *end;
  double v;

  if (c->value->len == 0 && c->kind != VALUE_SHARED)
    return TRUE;
  switch (c->kind)
    {
    case VALUE_SHARED:
      if (!gj_xml_parse_uint (c->value->str, G_MAXUINT32, &index)
          || index >= x->string_offsets->len)
        {
          gj_workbook_set_damaged (c->self, "xl/sharedStrings.xml", error);
          return FALSE;
        }
      return gj_sheet_set_cell (c->sheet, c->row, c->column, GJ_SHEET_CELL_TEXT,
                                (const char *) x->strings->data
                                + g_array_index (x->string_offsets, guint32, index), error);
    case VALUE_BOOL:
      return gj_sheet_set_cell (c->sheet, c->row, c->column, GJ_SHEET_CELL_BOOL,
                                strcmp (c->value->str, "0") == 0 ? "0" : "1", error);
    case VALUE_DATE:
      /* Strict OOXML's t="d" holds an ISO 8601 date and time. */
      if (c->value->len >= 10 && g_ascii_isdigit (c->value->str[0]) && c->value->str[4] == '-')
        g_string_truncate (c->value, 10);
      return gj_workbook_set_cell (c->sheet, c->row, c->column, GJ_SHEET_CELL_DATE,
                                   c->value->str, -1, error);
    case VALUE_NUMBER:
      v = g_ascii_strtod (c->value->str, &end);
      if (end != c->value->str && *end == '\0' && isfinite (v))
        {
          if (c->style < x->style_is_date->len
              && g_array_index (x->style_is_date, gboolean, c->style)
              && serial_to_iso (v, x->date1904, buf))
            return gj_sheet_set_cell (c->sheet, c->row, c->column, GJ_SHEET_CELL_DATE, buf,
                                      error);
          gj_workbook_format_number (v, buf);
          return gj_sheet_set_cell (c->sheet, c->row, c->column, GJ_SHEET_CELL_NUMBER, buf,
                                    error);
        }
      G_GNUC_FALLTHROUGH;
    case VALUE_TEXT:
    default:
      unescape_ooxml (c->value);
      return gj_workbook_set_cell (c->sheet, c->row, c->column, GJ_SHEET_CELL_TEXT,
                                   c->value->str, -1, error);
    }
}

static ValueKind
value_kind (const char *t)
{
  if (t == NULL || strcmp (t, "n") == 0)
    return VALUE_NUMBER;
  if (strcmp (t, "s") == 0)
    return VALUE_SHARED;
  if (strcmp (t, "b") == 0)
    return VALUE_BOOL;
  if (strcmp (t, "d") == 0)
    return VALUE_DATE;
  /* "str" (a formula's text), "inlineStr" and "e" (an error such as
   * #N/A, kept as text so that the preview shows it). */
  return VALUE_TEXT;
}

static void
add_merge (GjSheet    *sheet,
           const char *ref)
{
  g_auto(GStrv) ends = g_strsplit (ref, ":", 3);
  guint r1 = G_MAXUINT, c1 = G_MAXUINT, r2 = G_MAXUINT, c2 = G_MAXUINT;

  if (g_strv_length (ends) != 2 || !parse_ref (ends[0], &r1, &c1)
      || !parse_ref (ends[1], &r2, &c2))
    return;
  if (r1 >= GJ_SHEET_MAX_ROWS || r2 >= GJ_SHEET_MAX_ROWS || c1 >= GJ_SHEET_MAX_COLUMNS
      || c2 >= GJ_SHEET_MAX_COLUMNS)
    return;
  gj_sheet_add_merge (sheet, r1, c1, r2, c2);
}

GjSheet *
gj_workbook_xlsx_read_sheet (GjWorkbook      *self,
                             guint            index,
                             GjProgressFunc   progress,
                             gpointer         user_data,
                             GCancellable    *cancellable,
                             GError         **error)
{
  GjXlsxState *x = self->xlsx;
  g_autoptr(GjSheet) sheet = gj_sheet_new (self->sheet_names->pdata[index]);
  g_autoptr(GString) value = g_string_new (NULL);
  g_auto(GjXmlPart) part = { 0 };
  CellState c = { self, sheet, 0, 0, VALUE_NUMBER, 0, value };
  gboolean in_cell = FALSE, in_v = FALSE, in_is = FALSE, in_t = FALSE, in_rph = FALSE;
  guint row = 0, next_column = 0, n_rows = 0;
  gboolean first_row = TRUE;
  gsf_off_t size;
  int ret;

  if (!x->parts_read)
    {
      if (!read_styles (self, error) || !read_shared_strings (self, error))
        {
          g_clear_pointer (&x->strings, g_byte_array_unref);
          g_clear_pointer (&x->string_offsets, g_array_unref);
          g_clear_pointer (&x->style_is_date, g_array_unref);
          return NULL;
        }
      x->parts_read = TRUE;
    }
  if (!gj_xml_part_open (&part, self, x->sheet_paths->pdata[index], FALSE, error))
    return NULL;
  size = MAX (gsf_input_size (part.stream.input), 1);

  while ((ret = gj_xml_part_next (&part, error)) == 1)
    {
      int type = xmlTextReaderNodeType (part.reader);

      if (type == XML_READER_TYPE_ELEMENT)
        {
          const char *name = (const char *) xmlTextReaderConstLocalName (part.reader);
          gboolean empty = xmlTextReaderIsEmptyElement (part.reader);
          char buf[GJ_XML_ATTRIBUTE_BUF];
          guint64 r;

          if (strcmp (name, "row") == 0)
            {
              /* A row without r= follows the one before. A row past the
               * limit stays there, so that its first cell says so. */
              if (gj_xml_parse_uint (gj_xml_attribute (&part, "r", buf, sizeof buf), G_MAXUINT32,
                                     &r)
                  && r > 0)
                row = MIN (r - 1, GJ_SHEET_MAX_ROWS);
              else if (!first_row && row < GJ_SHEET_MAX_ROWS)
                row++;
              first_row = FALSE;
              next_column = 0;
              if (++n_rows % GJ_WORKBOOK_CHECK_ROWS == 0)
                {
                  if (g_cancellable_set_error_if_cancelled (cancellable, error))
                    return NULL;
                  if (progress != NULL)
                    progress ((double) gsf_input_tell (part.stream.input) / size, user_data);
                }
            }
          else if (strcmp (name, "c") == 0)
            {
              const char *ref = gj_xml_attribute (&part, "r", buf, sizeof buf);

              c.row = row;
              c.column = next_column;
              if (ref != NULL && !parse_ref (ref, &c.row, &c.column))
                {
                  gj_workbook_set_damaged (self, part.part, error);
                  return NULL;
                }
              next_column = c.column < GJ_SHEET_MAX_COLUMNS ? c.column + 1 : c.column;
              c.kind = value_kind (gj_xml_attribute (&part, "t", buf, sizeof buf));
              if (!gj_xml_parse_uint (gj_xml_attribute (&part, "s", buf, sizeof buf), G_MAXUINT32,
                                      &c.style))
                c.style = 0;
              g_string_truncate (value, 0);
              in_cell = !empty;
              in_v = in_is = in_t = in_rph = FALSE;
            }
          else if (in_cell && strcmp (name, "v") == 0)
            in_v = !empty;
          else if (in_cell && strcmp (name, "is") == 0)
            {
              in_is = !empty;
              c.kind = VALUE_TEXT;
            }
          else if (in_is && strcmp (name, "t") == 0)
            in_t = !empty;
          else if (in_is && strcmp (name, "rPh") == 0)
            in_rph = !empty;
          else if (strcmp (name, "mergeCell") == 0)
            {
              if (gj_xml_attribute (&part, "ref", buf, sizeof buf) != NULL)
                add_merge (sheet, buf);
            }
        }
      else if (type == XML_READER_TYPE_END_ELEMENT)
        {
          const char *name = (const char *) xmlTextReaderConstLocalName (part.reader);

          if (strcmp (name, "v") == 0)
            in_v = FALSE;
          else if (strcmp (name, "t") == 0)
            in_t = FALSE;
          else if (strcmp (name, "rPh") == 0)
            in_rph = FALSE;
          else if (strcmp (name, "is") == 0)
            in_is = FALSE;
          else if (in_cell && strcmp (name, "c") == 0)
            {
              in_cell = FALSE;
              if (!finish_cell (&c, error))
                return NULL;
            }
        }
      else if ((in_v || (in_t && !in_rph)) && gj_xml_is_text (&part))
        {
          g_string_append (value, (const char *) xmlTextReaderConstValue (part.reader));
          if (value->len > CELL_MAX_BYTES)
            {
              gj_data_error_set (error, GJ_DATA_ERROR_INVALID, NULL,
                                 _("The sheet “%s” of “%s” has a cell longer than Excel allows; "
                                   "the file is damaged. Save it again from Excel or WPS."),
                                 gj_sheet_get_name (sheet), self->display_name);
              return NULL;
            }
        }
    }
  if (ret < 0)
    return NULL;
  return g_steal_pointer (&sheet);
}
