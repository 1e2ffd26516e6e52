/* gj-field-sorter.h: a column's sorter that only says which field was asked
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define GJ_TYPE_FIELD_SORTER (gj_field_sorter_get_type ())
G_DECLARE_FINAL_TYPE (GjFieldSorter, gj_field_sorter, GJ, FIELD_SORTER, GtkSorter)

/* @field must outlive the sorter (a schema's field name). */
GtkSorter  *gj_field_sorter_new       (const char    *field) G_GNUC_WARN_UNUSED_RESULT;
const char *gj_field_sorter_get_field (GjFieldSorter *self);

/* The field a GtkColumnView's sorter sorts by, or NULL, and whether it
 * sorts descending. Main thread only. */
const char *gj_field_sorter_probe     (GtkSorter     *view_sorter,
                                       gboolean      *descending);

G_END_DECLS
