/* gj-import-row-list.h: the rows of a prepared import as a list model
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "gj-import.h"

G_BEGIN_DECLS

/* Every outcome: the filter that shows all rows. */
#define GJ_IMPORT_ROW_LIST_ALL (-1)

#define GJ_TYPE_IMPORT_ROW_LIST (gj_import_row_list_get_type ())
G_DECLARE_FINAL_TYPE (GjImportRowList, gj_import_row_list, GJ, IMPORT_ROW_LIST, GObject)

/* A GListModel of GjImportRowItem. @store (the main thread's) names the
 * records that the rows match or refer to. */
GjImportRowList *gj_import_row_list_new        (GjStore         *store)
                                               G_GNUC_WARN_UNUSED_RESULT;
/* Shows the rows of @import, which must be prepared and must not be
 * prepared again (in a worker) while it is set: set NULL first. */
void             gj_import_row_list_set_import (GjImportRowList *self,
                                                GjImport        *import);
/* Shows only rows of one GjImportOutcome, or GJ_IMPORT_ROW_LIST_ALL. */
void             gj_import_row_list_set_filter (GjImportRowList *self,
                                                int              outcome);

G_END_DECLS
