/* gj-import-column-row.h: one column of a sheet and the field it goes into
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "gj-import.h"

G_BEGIN_DECLS

#define GJ_TYPE_IMPORT_COLUMN_ROW (gj_import_column_row_get_type ())
G_DECLARE_FINAL_TYPE (GjImportColumnRow, gj_import_column_row, GJ, IMPORT_COLUMN_ROW, AdwActionRow)

/* A row for @column of @import: its header text, its first values and a
 * choice of the fields it can go into, or none. A person's choice is the
 * signal "target-chosen" (the target, or NULL to skip the column); the
 * row does not change the import itself. */
GtkWidget  *gj_import_column_row_new        (GjImport          *import,
                                             guint              column);
guint       gj_import_column_row_get_column (GjImportColumnRow *self);
/* Shows the column's target as the import has it now, without signalling. */
void        gj_import_column_row_sync       (GjImportColumnRow *self);

G_END_DECLS
