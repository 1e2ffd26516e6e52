/* gj-gtk-compat.h: what newer GTK has, for GTK 4.8 (Debian 12)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

G_BEGIN_DECLS

/* gtk_list_box_remove_all() (GTK 4.12): removes every row and keeps the
 * placeholder. */
static inline void
gj_list_box_remove_all (GtkListBox *list)
{
#if defined (GDK_VERSION_4_12) && GDK_VERSION_MAX_ALLOWED >= GDK_VERSION_4_12
  gtk_list_box_remove_all (list);
#else
  GtkListBoxRow *row;

  while ((row = gtk_list_box_get_row_at_index (list, 0)) != NULL)
    gtk_list_box_remove (list, GTK_WIDGET (row));
#endif
}

G_END_DECLS
