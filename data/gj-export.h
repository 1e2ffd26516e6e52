/* gj-export.h: the records of one list as an XLSX spreadsheet
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "gj-store.h"

G_BEGIN_DECLS

/* Called after each page of rows is written: @done of @total rows. The
 * total is counted before the first page, so a list that changes while it
 * is exported may end with @done not equal to @total. */
typedef void (*GjExportProgress) (guint64  done,
                                  guint64  total,
                                  gpointer user_data);

/* Writes the records of @kind that @query selects (its filters, text and
 * sort, exactly as gj_store_list() returns them; its limit and offset are
 * ignored) to the XLSX file @path, one row a record under a header of the
 * fields' translated labels. Fields people do not see are left out.
 *
 * Dates are Excel dates, whole numbers, decimals and money (in yuan) are
 * numbers, flags are Yes/No, enumerations their translated labels and
 * references the title of the record they point to, so that a person can
 * read the sheet and gj_import_new() maps and reads it back: an export
 * with @reveal imported into a database of the same station gives the
 * same records. Without @reveal, resident ID numbers and phones are
 * masked as in lists; those cannot be imported back. Text longer than a
 * spreadsheet cell holds (32,767 characters) is cut there.
 *
 * The records are read one at a time (gj_store_list_each()) and written
 * in libxlsxwriter's constant-memory mode, so memory does not grow with
 * the number of rows (but for 8 bytes a row).
 * The file is written under a temporary name beside @path and renamed
 * into place at the end: an error or a cancel leaves no file (and an
 * earlier file at @path as it was).
 *
 * Returns the number of rows written, or -1 with an error that names the
 * file and the reason (GJ_DATA_ERROR_IO for the file, G_IO_ERROR_CANCELLED
 * when cancelled, the store's error for a read). */
gint64  gj_export_xlsx           (GjStore          *store,
                                  const GjKind     *kind,
                                  const GjQuery    *query,
                                  gboolean          reveal,
                                  const char       *path,
                                  GjExportProgress  progress,
                                  gpointer          user_data,
                                  GCancellable     *cancellable,
                                  GError          **error);

/* A file name for an export of @kind made on @date, as people name them:
 * "社会组织-2026年12月1日.xlsx" under zh_CN. */
char   *gj_export_suggest_name   (const GjKind     *kind,
                                  GDate            *date) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
