/* gj-record-table.h: a searchable, sortable, filtered table of one kind
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "gj-record-list.h"
#include "gj-session.h"

G_BEGIN_DECLS

#define GJ_TYPE_RECORD_TABLE (gj_record_table_get_type ())
G_DECLARE_FINAL_TYPE (GjRecordTable, gj_record_table, GJ, RECORD_TABLE, AdwBin)

/* Set in the .ui before the session: the kind ("kind-name"), its columns
 * ("columns", field names separated by commas) and its filters ("filters":
 * field names of enumerations and references, or "year:FIELD" for a
 * year of a date). Setting the session builds the table and reads. */
void          gj_record_table_set_session      (GjRecordTable        *self,
                                                GjSession            *session);
const GjKind *gj_record_table_get_kind         (GjRecordTable        *self);
GjRecordList *gj_record_table_get_list         (GjRecordTable        *self);

/* A last column computed off the main thread by @decorate, which puts its
 * text in the item's extra text. Call before the session is set. */
void          gj_record_table_set_extra_column (GjRecordTable        *self,
                                                const char           *title,
                                                GjRecordListDecorate  decorate,
                                                gpointer              user_data);
void          gj_record_table_set_loader       (GjRecordTable        *self,
                                                GjRecordListLoader    loader,
                                                gpointer              user_data);
/* A widget of the page's own in the table's toolbar (a toggle). */
void          gj_record_table_add_tool         (GjRecordTable        *self,
                                                GtkWidget            *widget);

/* The selected record, or NULL. */
GjRecord     *gj_record_table_get_selected     (GjRecordTable        *self);
void          gj_record_table_refresh          (GjRecordTable        *self);
void          gj_record_table_focus_search     (GjRecordTable        *self);
/* Whether a change of the selection now is the person's, in the list,
 * rather than the list selecting its first row when it was read or by a
 * search typed: the focus is in the table and not in a text field. */
gboolean      gj_record_table_picked_in_list   (GjRecordTable        *self);
/* Opens the editor for a new record of the table's kind. */
void          gj_record_table_new_record       (GjRecordTable        *self);
/* Exports the list as it is shown (its filters, search text and sort) to
 * the XLSX @file with gj_export_xlsx(), in a worker thread on a database
 * connection of its own; a dialog shows its progress, with Cancel, when
 * it takes a while. It ends with a toast that offers to open the file, or
 * a dialog that names the file and what went wrong. @cancellable may be
 * NULL; closing the table cancels the export too. "table.export" asks for
 * the file and calls this. */
void          gj_record_table_export_async     (GjRecordTable        *self,
                                                GFile                *file,
                                                gboolean              reveal,
                                                GCancellable         *cancellable,
                                                GAsyncReadyCallback   callback,
                                                gpointer              user_data);
/* The number of records written, or -1 with the error. */
gint64        gj_record_table_export_finish    (GjRecordTable        *self,
                                                GAsyncResult         *result,
                                                GError              **error);
/* Sorts as a click on the column of @field would. */
void          gj_record_table_sort_by          (GjRecordTable        *self,
                                                const char           *field,
                                                gboolean              descending);

G_END_DECLS
