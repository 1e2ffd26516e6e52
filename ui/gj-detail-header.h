/* gj-detail-header.h: the title of a detail pane with a line under it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

#define GJ_TYPE_DETAIL_HEADER (gj_detail_header_get_type ())
G_DECLARE_FINAL_TYPE (GjDetailHeader, gj_detail_header, GJ, DETAIL_HEADER, GtkBox)

/* @title as a heading, with @subtitle dimmed under it unless it is empty. */
GtkWidget *gj_detail_header_new (const char *title,
                                 const char *subtitle);

G_END_DECLS
