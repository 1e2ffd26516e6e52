/* gj-workbook-private.h: what the per-format readers of gj-workbook share
 *
 * gj-workbook.c tells the format and owns the object; gj-workbook-xlsx.c,
 * gj-workbook-xls.c and gj-workbook-csv.c each fill in the sheet list at
 * open and read one sheet on demand.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gsf/gsf.h>
#include <libxml/xmlreader.h>

#include "gj-workbook.h"

G_BEGIN_DECLS

/* libgsf 1.14 declares no g_autoptr cleanups of its own. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsfInput, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GsfInfile, g_object_unref)

/* How often (in rows) a reader checks the cancellable and reports progress. */
#define GJ_WORKBOOK_CHECK_ROWS 1000

typedef struct _GjXlsxState GjXlsxState;

struct _GjWorkbook
{
  GObject           parent_instance;

  GjWorkbookFormat  format;
  char             *display_name;  /* the file's name, for messages */
  GPtrArray        *sheet_names;   /* of char*, UTF-8 */

  /* Bytes given to gj_workbook_open_bytes(), which an XLSX input reads. */
  GBytes           *bytes;

  /* XLSX: the zip and what was read of it at open. */
  GsfInput         *input;
  GsfInfile        *zip;
  GjXlsxState      *xlsx;

  /* XLS: the file libfreexl reads, and whether it is ours to remove. */
  char             *xls_path;
  gboolean          xls_path_is_temporary;

  /* CSV: the whole text, decoded to UTF-8, and its original encoding. */
  char             *csv_text;
  gsize             csv_len;
  const char       *encoding;
};

gboolean  gj_workbook_xlsx_open        (GjWorkbook     *self,
                                        GError        **error);
GjSheet  *gj_workbook_xlsx_read_sheet  (GjWorkbook     *self,
                                        guint           index,
                                        GjProgressFunc  progress,
                                        gpointer        user_data,
                                        GCancellable   *cancellable,
                                        GError        **error);
void      gj_workbook_xlsx_free        (GjXlsxState    *state);

gboolean  gj_workbook_xls_open         (GjWorkbook     *self,
                                        GError        **error);
GjSheet  *gj_workbook_xls_read_sheet   (GjWorkbook     *self,
                                        guint           index,
                                        GjProgressFunc  progress,
                                        gpointer        user_data,
                                        GCancellable   *cancellable,
                                        GError        **error);

/* The "Workbook" (or BIFF5 "Book") stream of an OLE2 compound file, and
 * whether it lives in the file's mini stream, or NULL with *@reason
 * (translated) saying why not (gj-workbook-cfb.c). */
GBytes   *gj_workbook_cfb_workbook_stream (GBytes       *file,
                                           gboolean     *in_mini_stream,
                                           const char  **reason) G_GNUC_WARN_UNUSED_RESULT;

/* Reads the BIFF records of self->xls_path; FALSE with an error for a
 * file libfreexl must not be given (gj-workbook-biff.c). */
gboolean  gj_workbook_biff_check       (GjWorkbook     *self,
                                        GError        **error);

/* Takes @bytes (the whole file); FALSE if they are not text. */
gboolean  gj_workbook_csv_open         (GjWorkbook     *self,
                                        GBytes         *bytes,
                                        GError        **error);
GjSheet  *gj_workbook_csv_read_sheet   (GjWorkbook     *self,
                                        GjProgressFunc  progress,
                                        gpointer        user_data,
                                        GCancellable   *cancellable,
                                        GError        **error);

/* The XLSX reader's XML parts (gj-workbook-xml.c). */

/* Uncompressed bytes read from one zip member at most. */
#define GJ_XML_PART_MAX_BYTES ((guint64) 1 << 30)
/* Room for a short attribute value (a cell reference, a type, a style). */
#define GJ_XML_ATTRIBUTE_BUF  32

typedef struct
{
  GsfInput *input;
  guint64   consumed;
  gboolean  over_budget;
  gboolean  broken;
} GjXmlStream;

typedef struct
{
  GjWorkbook       *workbook;
  const char       *part;
  GjXmlStream       stream;
  xmlTextReaderPtr  reader;
} GjXmlPart;

/* A zip member by path, or NULL. */
GsfInput *gj_xml_open_member       (GsfInfile   *zip,
                                    const char  *path);
/* FALSE if absent (no error when @optional) or unreadable. */
gboolean  gj_xml_part_open         (GjXmlPart   *part,
                                    GjWorkbook  *self,
                                    const char  *path,
                                    gboolean     optional,
                                    GError     **error);
void      gj_xml_part_close        (GjXmlPart   *part);
/* The next node: 1, 0 at the end, or -1 with @error set. */
int       gj_xml_part_next         (GjXmlPart   *part,
                                    GError     **error);
gboolean  gj_xml_is_element        (GjXmlPart   *part,
                                    const char  *local_name);
gboolean  gj_xml_is_end            (GjXmlPart   *part,
                                    const char  *local_name);
gboolean  gj_xml_is_text           (GjXmlPart   *part);
/* The current element's attribute by local name, copied into @buf of
 * @size bytes ("?" if it does not fit) or, with @buf NULL, a new string. */
char     *gj_xml_attribute         (GjXmlPart   *part,
                                    const char  *local_name,
                                    char        *buf,
                                    gsize        size);
char     *gj_xml_attribute_dup     (GjXmlPart   *part,
                                    const char  *local_name) G_GNUC_WARN_UNUSED_RESULT;
/* A decimal without sign of at most @max, and nothing after it. */
gboolean  gj_xml_parse_uint        (const char  *text,
                                    guint64      max,
                                    guint64     *out);

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (GjXmlPart, gj_xml_part_close)

/* "The workbook FILE is damaged: its part PART cannot be read..." */
void      gj_workbook_set_damaged  (GjWorkbook  *self,
                                    const char  *part,
                                    GError     **error);

/* Sets the error every reader gives for bytes that are not what they
 * claim: "FILE is not a spreadsheet Gongjian reads (REASON)...". */
void      gj_workbook_set_not_spreadsheet (GjWorkbook  *self,
                                           GError     **error,
                                           const char  *reason);

/* @text of @len bytes (-1: NUL-terminated) as valid UTF-8 without control
 * characters other than tab and newline; NULL if it was clean already, so
 * that the common case copies nothing. */
char     *gj_workbook_clean_text       (const char     *text,
                                        gssize          len) G_GNUC_WARN_UNUSED_RESULT;

/* The shortest decimal text that reads back as @v ("18865719602", "2.5"). */
void      gj_workbook_format_number    (double          v,
                                        char            buf[G_ASCII_DTOSTR_BUF_SIZE]);

/* Whether an Excel number format shows a date (a d, m or y outside quoted
 * text, brackets and escapes). */
gboolean  gj_workbook_format_is_date   (const char     *code);

/* Sets a cell from text a file gave, cleaning it first. */
gboolean  gj_workbook_set_cell         (GjSheet        *sheet,
                                        guint           row,
                                        guint           column,
                                        GjSheetCellType type,
                                        const char     *text,
                                        gssize          len,
                                        GError        **error);

G_END_DECLS
