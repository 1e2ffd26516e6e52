/* gj-import-dialog.h: the assistant that imports a spreadsheet's records
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "gj-import.h"
#include "gj-session.h"

G_BEGIN_DECLS

#define GJ_TYPE_IMPORT_DIALOG (gj_import_dialog_get_type ())
G_DECLARE_FINAL_TYPE (GjImportDialog, gj_import_dialog, GJ, IMPORT_DIALOG, AdwWindow)

/* An assistant importing records of @kind_name (one of gj_import_kinds())
 * from @file, or from a file it asks for when @file is NULL. Its steps:
 * file, sheet (for a workbook of several), mapping, preview, result;
 * "working" while a step's work runs off the main thread. */
GjImportDialog *gj_import_dialog_new         (GjSession      *session,
                                              const char     *kind_name,
                                              GFile          *file) G_GNUC_WARN_UNUSED_RESULT;
/* Opens the assistant over the window of @widget and presents it. */
void            gj_import_dialog_open        (GtkWidget      *widget,
                                              GjSession      *session,
                                              const char     *kind_name);

/* For tests and callers that follow the assistant: the visible step's
 * name, the error shown (NULL for none), whether work is under way, the
 * import once the sheet is read (NULL before), the preview's rows as
 * shown (GjImportRowItem, after the filter), the counts as the preview
 * states them, and the batch written (NULL before the import and after
 * its undo). */
const char     *gj_import_dialog_get_step     (GjImportDialog *self);
const char     *gj_import_dialog_get_error    (GjImportDialog *self);
gboolean        gj_import_dialog_is_busy      (GjImportDialog *self);
GjImport       *gj_import_dialog_get_import   (GjImportDialog *self);
GListModel     *gj_import_dialog_get_rows     (GjImportDialog *self);
const char     *gj_import_dialog_get_summary  (GjImportDialog *self);
const char     *gj_import_dialog_get_batch_id (GjImportDialog *self);

G_END_DECLS
