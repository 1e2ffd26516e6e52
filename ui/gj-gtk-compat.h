/* gj-gtk-compat.h: what newer GTK has, for GTK 4.8 (Debian 12)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>
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

/* A toast whose title is @text as it stands (libadwaita 1.5's
 * adw_toast_set_use_markup (FALSE)): in 1.2 a title is always Pango
 * markup, and record titles, file names and error messages hold "&" and
 * "<", which showed as an empty toast and a warning. */
static inline AdwToast *
gj_toast_new_text (const char *text)
{
  g_autofree char *markup = g_markup_escape_text (text, -1);

  return adw_toast_new (markup);
}

/* gj_toast_new_text() of a printf-style @format and its arguments. */
static inline G_GNUC_PRINTF (1, 2) AdwToast *
gj_toast_new_printf (const char *format,
                     ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  return gj_toast_new_text (text);
}

/* Makes @dialog no larger than @parent, the window it opens over: a dialog
 * whose content scrolls then fits a small window rather than hanging off
 * the screen. Call before presenting it. */
static inline void
gj_dialog_fit_to_parent (GtkWindow *dialog,
                         GtkWindow *parent)
{
  int width = gtk_widget_get_width (GTK_WIDGET (parent));
  int height = gtk_widget_get_height (GTK_WIDGET (parent));
  int dialog_width, dialog_height;

  if (width <= 0 || height <= 0)
    gtk_window_get_default_size (parent, &width, &height);
  if (width <= 0 || height <= 0)
    return;
  gtk_window_get_default_size (dialog, &dialog_width, &dialog_height);
  gtk_window_set_default_size (dialog, MIN (dialog_width, width), MIN (dialog_height, height));
}

/* Makes @dialog transient for the window of @from (may be NULL), no larger
 * than that window (its content must scroll), and presents it. */
static inline void
gj_dialog_present_over (GtkWindow *dialog,
                        GtkWidget *from)
{
  GtkRoot *root = from ? gtk_widget_get_root (from) : NULL;

  if (GTK_IS_WINDOW (root))
    {
      gtk_window_set_transient_for (dialog, GTK_WINDOW (root));
      gj_dialog_fit_to_parent (dialog, GTK_WINDOW (root));
    }
  gtk_window_present (dialog);
}

G_END_DECLS
