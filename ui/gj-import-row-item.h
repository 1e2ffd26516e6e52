/* gj-import-row-item.h: one row of a sheet in the import preview
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "gj-import.h"

G_BEGIN_DECLS

#define GJ_TYPE_IMPORT_ROW_ITEM (gj_import_row_item_get_type ())
G_DECLARE_FINAL_TYPE (GjImportRowItem, gj_import_row_item, GJ, IMPORT_ROW_ITEM, GObject)

/* What the preview shows of a row: its number as the spreadsheet shows
 * it, its outcome, the record's name and what will happen to it (the
 * record it matches, the row it repeats, its problems). */
GjImportRowItem *gj_import_row_item_new           (guint            sheet_row,
                                                   GjImportOutcome  outcome,
                                                   const char      *title,
                                                   const char      *details)
                                                   G_GNUC_WARN_UNUSED_RESULT;
guint            gj_import_row_item_get_sheet_row (GjImportRowItem *self);
GjImportOutcome  gj_import_row_item_get_outcome   (GjImportRowItem *self);
const char      *gj_import_row_item_get_title     (GjImportRowItem *self);
const char      *gj_import_row_item_get_details   (GjImportRowItem *self);

G_END_DECLS
