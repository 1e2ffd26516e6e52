/* gj-widget-util.h: removing and finding the children of a widget
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* Unparents every child of a widget whose children are its own (a
 * GtkWidget subclass with a layout manager); for dispose. */
void        gj_widget_unparent_children (GtkWidget   *widget);

/* Removes every child of a GtkBox, GtkListBox or GtkFlowBox. */
void        gj_widget_remove_children  (GtkWidget      *container);

/* The first descendant of @widget (or @widget) of @type. */
GtkWidget  *gj_widget_find_descendant  (GtkWidget      *widget,
                                      GType           type);

G_END_DECLS
