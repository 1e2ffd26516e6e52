/* gj-workbook.c: a spreadsheet file a person picked, told by its bytes
 *
 * The format comes from the first bytes, never the name: a zip is XLSX,
 * an OLE2 compound file is XLS, and anything else is CSV only if it
 * decodes as text. The per-format readers live in gj-workbook-xlsx.c,
 * gj-workbook-xls.c and gj-workbook-csv.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-workbook"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "gj-data-error.h"
#include "gj-workbook-private.h"

G_DEFINE_FINAL_TYPE (GjWorkbook, gj_workbook, G_TYPE_OBJECT)

static const guint8 zip_magic[] = { 'P', 'K', 3, 4 };
static const guint8 ole2_magic[] = { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 };

static void
gj_workbook_finalize (GObject *object)
{
  GjWorkbook *self = GJ_WORKBOOK (object);

  g_clear_pointer (&self->xlsx, gj_workbook_xlsx_free);
  g_clear_object (&self->zip);
  g_clear_object (&self->input);
  g_clear_pointer (&self->bytes, g_bytes_unref);
  if (self->xls_path_is_temporary && self->xls_path != NULL)
    g_unlink (self->xls_path);
  g_free (self->xls_path);
  g_free (self->csv_text);
  g_ptr_array_unref (self->sheet_names);
  g_free (self->display_name);

  G_OBJECT_CLASS (gj_workbook_parent_class)->finalize (object);
}

static void
gj_workbook_class_init (GjWorkbookClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gj_workbook_finalize;
}

static void
gj_workbook_init (GjWorkbook *self)
{
  self->sheet_names = g_ptr_array_new_with_free_func (g_free);
}

void
gj_workbook_set_not_spreadsheet (GjWorkbook  *self,
                                 GError     **error,
                                 const char  *reason)
{
  gj_data_error_set (error, GJ_DATA_ERROR_INVALID, NULL,
                     _("“%s” is not a spreadsheet that Gongjian can read (%s). Gongjian reads "
                       "Excel and WPS workbooks (XLSX, XLS) and CSV text; save the ledger in one "
                       "of these formats and choose it again."),
                     self->display_name, reason);
}

static GjWorkbook *
workbook_new (const char *name)
{
  GjWorkbook *self = g_object_new (GJ_TYPE_WORKBOOK, NULL);
  g_autofree char *base = g_path_get_basename (name != NULL && name[0] != '\0' ? name : "?");

  self->display_name = g_filename_display_name (base);
  return self;
}

static gboolean
has_magic (const guint8 *data,
           gsize         len,
           const guint8 *magic,
           gsize         magic_len)
{
  return len >= magic_len && memcmp (data, magic, magic_len) == 0;
}

static gboolean
check_size (GjWorkbook  *self,
            guint64      size,
            GError     **error)
{
  if (size == 0)
    {
      gj_workbook_set_not_spreadsheet (self, error, _("the file is empty"));
      return FALSE;
    }
  if (size > GJ_WORKBOOK_MAX_FILE_BYTES)
    {
      gj_data_error_set (error, GJ_DATA_ERROR_INVALID, NULL,
                         _("“%s” is larger than %u MB, more than Gongjian reads in one import. "
                           "Split the ledger into smaller files."),
                         self->display_name, GJ_WORKBOOK_MAX_FILE_BYTES / (1024 * 1024));
      return FALSE;
    }
  return TRUE;
}

/* Both workbook formats list their sheets; a CSV file is one. */
static gboolean
has_sheets (GjWorkbook  *self,
            GError     **error)
{
  if (self->sheet_names->len == 0)
    {
      gj_data_error_set (error, GJ_DATA_ERROR_INVALID, NULL,
                         _("The workbook “%s” has no sheets. Choose a workbook that holds the "
                           "ledger."), self->display_name);
      return FALSE;
    }
  return TRUE;
}

static gboolean
open_xls (GjWorkbook  *self,
          GError     **error)
{
  return gj_workbook_xls_open (self, error) && has_sheets (self, error);
}

static gboolean
open_zip (GjWorkbook  *self,
          GError     **error)
{
  g_autoptr(GError) local_error = NULL;

  self->format = GJ_WORKBOOK_XLSX;
  self->zip = gsf_infile_zip_new (self->input, &local_error);
  if (self->zip == NULL)
    {
      gj_workbook_set_not_spreadsheet (self, error, _("the zip archive is damaged"));
      return FALSE;
    }
  return gj_workbook_xlsx_open (self, error) && has_sheets (self, error);
}

GjWorkbook *
gj_workbook_open (const char  *path,
                  GError     **error)
{
  g_autoptr(GjWorkbook) self = NULL;
  g_autoptr(GError) local_error = NULL;
  guint8 head[8] = { 0 };
  gssize head_len;
  GStatBuf st;
  FILE *f;

  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = workbook_new (path);
  f = g_fopen (path, "rb");
  if (f == NULL || fstat (fileno (f), &st) != 0)
    {
      int saved = errno;

      if (f != NULL)
        fclose (f);
      gj_data_error_set (error, GJ_DATA_ERROR_IO, NULL,
                         _("Could not open “%s”: %s. Check that the file exists and can be read."),
                         self->display_name, g_strerror (saved));
      return NULL;
    }
  if (!S_ISREG (st.st_mode))
    {
      fclose (f);
      gj_workbook_set_not_spreadsheet (self, error, _("it is not a regular file"));
      return NULL;
    }
  head_len = fread (head, 1, sizeof head, f);
  fclose (f);
  if (!check_size (self, st.st_size, error))
    return NULL;

  if (has_magic (head, head_len, zip_magic, sizeof zip_magic))
    {
      self->input = gsf_input_stdio_new (path, &local_error);
      if (self->input == NULL)
        {
          gj_data_error_set (error, GJ_DATA_ERROR_IO, NULL,
                             _("Could not open “%s”: %s. Check that the file can be read."),
                             self->display_name, local_error->message);
          return NULL;
        }
      return open_zip (self, error) ? g_steal_pointer (&self) : NULL;
    }
  if (has_magic (head, head_len, ole2_magic, sizeof ole2_magic))
    {
      self->xls_path = g_strdup (path);
      return open_xls (self, error) ? g_steal_pointer (&self) : NULL;
    }

  {
    g_autofree char *contents = NULL;
    gsize len = 0;

    if (!g_file_get_contents (path, &contents, &len, &local_error))
      {
        gj_data_error_set (error, GJ_DATA_ERROR_IO, NULL,
                           _("Could not read “%s”: %s. Check that the file can be read."),
                           self->display_name, local_error->message);
        return NULL;
      }
    g_autoptr(GBytes) bytes = g_bytes_new_take (g_steal_pointer (&contents), len);

    return gj_workbook_csv_open (self, bytes, error) ? g_steal_pointer (&self) : NULL;
  }
}

/* libfreexl reads files only, so XLS bytes go to a private temporary file
 * that the workbook removes when it is finalized. */
static gboolean
write_temporary (GjWorkbook  *self,
                 GBytes      *bytes,
                 GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  g_autofree char *tmp = NULL;
  gsize len;
  const char *data = g_bytes_get_data (bytes, &len);
  int fd = g_file_open_tmp ("gongjian-XXXXXX.xls", &tmp, &local_error);

  if (fd >= 0)
    {
      self->xls_path = g_strdup (tmp);
      self->xls_path_is_temporary = TRUE;
      g_close (fd, NULL);
    }
  if (fd < 0 || !g_file_set_contents_full (tmp, data, len, G_FILE_SET_CONTENTS_NONE, 0600,
                                           &local_error))
    {
      gj_data_error_set (error, GJ_DATA_ERROR_IO, NULL,
                         _("Could not write a temporary copy of “%s”: %s. Check the free space "
                           "in the temporary folder."),
                         self->display_name, local_error->message);
      return FALSE;
    }
  return TRUE;
}

GjWorkbook *
gj_workbook_open_bytes (GBytes      *bytes,
                        const char  *name,
                        GError     **error)
{
  g_autoptr(GjWorkbook) self = NULL;
  gsize len;
  const guint8 *data;

  g_return_val_if_fail (bytes != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  self = workbook_new (name);
  data = g_bytes_get_data (bytes, &len);
  if (!check_size (self, len, error))
    return NULL;

  if (has_magic (data, len, zip_magic, sizeof zip_magic))
    {
      self->bytes = g_bytes_ref (bytes);
      self->input = gsf_input_memory_new (data, len, FALSE);
      return open_zip (self, error) ? g_steal_pointer (&self) : NULL;
    }
  if (has_magic (data, len, ole2_magic, sizeof ole2_magic))
    {
      if (!write_temporary (self, bytes, error) || !open_xls (self, error))
        return NULL;
      return g_steal_pointer (&self);
    }
  return gj_workbook_csv_open (self, bytes, error) ? g_steal_pointer (&self) : NULL;
}

GjWorkbookFormat
gj_workbook_get_format (GjWorkbook *self)
{
  g_return_val_if_fail (GJ_IS_WORKBOOK (self), GJ_WORKBOOK_CSV);

  return self->format;
}

const char *
gj_workbook_get_encoding (GjWorkbook *self)
{
  g_return_val_if_fail (GJ_IS_WORKBOOK (self), NULL);

  return self->format == GJ_WORKBOOK_CSV ? self->encoding : NULL;
}

guint
gj_workbook_get_n_sheets (GjWorkbook *self)
{
  g_return_val_if_fail (GJ_IS_WORKBOOK (self), 0);

  return self->sheet_names->len;
}

const char *
gj_workbook_get_sheet_name (GjWorkbook *self,
                            guint       index)
{
  g_return_val_if_fail (GJ_IS_WORKBOOK (self), NULL);
  g_return_val_if_fail (index < self->sheet_names->len, NULL);

  return self->sheet_names->pdata[index];
}

GjSheet *
gj_workbook_read_sheet (GjWorkbook      *self,
                        guint            index,
                        GjProgressFunc   progress,
                        gpointer         user_data,
                        GCancellable    *cancellable,
                        GError         **error)
{
  GjSheet *sheet = NULL;

  g_return_val_if_fail (GJ_IS_WORKBOOK (self), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (index >= self->sheet_names->len)
    {
      gj_data_error_set (error, GJ_DATA_ERROR_NOT_FOUND, NULL,
                         _("“%s” has no sheet number %u; it has %u. Choose one of its sheets."),
                         self->display_name, index + 1, self->sheet_names->len);
      return NULL;
    }
  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return NULL;

  switch (self->format)
    {
    case GJ_WORKBOOK_XLSX:
      sheet = gj_workbook_xlsx_read_sheet (self, index, progress, user_data, cancellable, error);
      break;
    case GJ_WORKBOOK_XLS:
      sheet = gj_workbook_xls_read_sheet (self, index, progress, user_data, cancellable, error);
      break;
    case GJ_WORKBOOK_CSV:
    default:
      sheet = gj_workbook_csv_read_sheet (self, progress, user_data, cancellable, error);
      break;
    }
  if (sheet != NULL && progress != NULL)
    progress (1.0, user_data);
  return sheet;
}

static gboolean
is_control (guchar c)
{
  return (c < 0x20 && c != '\t' && c != '\n') || c == 0x7f;
}

char *
gj_workbook_clean_text (const char *text,
                        gssize      len)
{
  g_autofree char *valid = NULL;
  const char *p;
  gsize n = len < 0 ? strlen (text) : (gsize) len;
  gboolean dirty = !g_utf8_validate_len (text, n, NULL);
  GString *out;

  for (gsize i = 0; i < n && !dirty; i++)
    dirty = is_control (text[i]);
  if (!dirty)
    return NULL;

  /* A file that claims UTF-8 but lies gets U+FFFD where it lied, so that
   * everything after the bad bytes is still read. */
  valid = g_utf8_make_valid (text, n);
  out = g_string_sized_new (n);
  for (p = valid; *p != '\0'; p++)
    if (!is_control (*p))
      g_string_append_c (out, *p);
  return g_string_free (out, FALSE);
}

gboolean
gj_workbook_set_cell (GjSheet          *sheet,
                      guint             row,
                      guint             column,
                      GjSheetCellType   type,
                      const char       *text,
                      gssize            len,
                      GError          **error)
{
  g_autofree char *clean = gj_workbook_clean_text (text, len);
  g_autofree char *copy = NULL;

  if (clean != NULL)
    text = clean;
  else if (len >= 0)
    text = copy = g_strndup (text, len);
  return gj_sheet_set_cell (sheet, row, column, type, text, error);
}
