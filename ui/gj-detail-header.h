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
/* A menu button at the end of the header, such as the record's reports;
 * @label names it for the tooltip and screen readers. */
void       gj_detail_header_add_menu (GjDetailHeader *self,
                                      GMenuModel     *menu,
                                      const char     *icon_name,
                                      const char     *label);

G_END_DECLS
