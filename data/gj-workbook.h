/* gj-workbook.h: a spreadsheet file a person picked (XLSX, XLS or CSV)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "gj-sheet.h"

G_BEGIN_DECLS

typedef enum
{
  GJ_WORKBOOK_XLSX,  /* Office Open XML, as Excel and WPS save by default */
  GJ_WORKBOOK_XLS,   /* legacy BIFF8 (Excel 97-2003) */
  GJ_WORKBOOK_CSV,   /* UTF-8 with or without BOM, or GB18030, detected */
} GjWorkbookFormat;

/* Files larger than this are refused before reading. */
#define GJ_WORKBOOK_MAX_FILE_BYTES (256u * 1024 * 1024)

/* Called now and then while a sheet is read; @fraction is 0..1. */
typedef void (*GjProgressFunc) (double   fraction,
                                gpointer user_data);

#define GJ_TYPE_WORKBOOK (gj_workbook_get_type ())
G_DECLARE_FINAL_TYPE (GjWorkbook, gj_workbook, GJ, WORKBOOK, GObject)

/* Opens @path and lists its sheets without reading their cells. The format
 * is told by the file's bytes, not its name. A file that is not a
 * spreadsheet (an image, a Word document, random bytes, an empty file) is
 * GJ_DATA_ERROR_INVALID with a message that names the file and says which
 * formats are read. */
GjWorkbook      *gj_workbook_open            (const char    *path,
                                              GError       **error) G_GNUC_WARN_UNUSED_RESULT;
/* The same from bytes in memory (tests and fuzzing); @name is only shown
 * in messages. XLS is read through a temporary file (libfreexl reads
 * paths only). */
GjWorkbook      *gj_workbook_open_bytes      (GBytes        *bytes,
                                              const char    *name,
                                              GError       **error) G_GNUC_WARN_UNUSED_RESULT;

GjWorkbookFormat gj_workbook_get_format      (GjWorkbook    *self);
/* For CSV: "UTF-8" or "GB18030"; NULL for the other formats. */
const char      *gj_workbook_get_encoding    (GjWorkbook    *self);
guint            gj_workbook_get_n_sheets    (GjWorkbook    *self);
const char      *gj_workbook_get_sheet_name  (GjWorkbook    *self,
                                              guint          index);

/* Reads sheet @index whole (streaming: the file is never held as a DOM),
 * with merged ranges added but not filled. Safe to call from a worker
 * thread; one call at a time per workbook. */
GjSheet         *gj_workbook_read_sheet      (GjWorkbook    *self,
                                              guint          index,
                                              GjProgressFunc progress,
                                              gpointer       user_data,
                                              GCancellable  *cancellable,
                                              GError       **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
