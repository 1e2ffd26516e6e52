/* gj-window-private.h: what gj-window.c and its actions share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gj-welcome-page.h"
#include "gj-window.h"

G_BEGIN_DECLS

struct _GjWindow
{
  AdwApplicationWindow  parent_instance;

  GjSession            *session;
  GPtrArray            *toast_list;   /* weak: toasts still on screen */

  AdwToastOverlay      *toasts;
  GtkStack             *main_stack;
  GjWelcomePage        *welcome;
  AdwLeaflet           *leaflet;
  AdwWindowTitle       *sidebar_title;
  GtkListBox           *sidebar;
  AdwWindowTitle       *page_title;
  GtkWidget            *new_button;
  GtkStack             *pages;
  guint                 trim_source;
  GCancellable         *cancellable;     /* of the reports still running */
  GtkPrintSettings     *print_settings;  /* as the last print left them */
};

/* gj-window-actions.c */
void gj_window_class_install_actions (GtkWidgetClass *widget_class);
/* Shows a toast with Undo for a write the history took (its "pushed"). */
void gj_window_undo_pushed_cb        (GjUndo         *history,
                                      guint           serial,
                                      const char     *label,
                                      GjWindow       *self);
/* gj-window-reports.c */
void gj_window_class_install_report_actions (GtkWidgetClass *widget_class);
/* Shows @toast (taking it) until it is dismissed. */
void gj_window_add_toast             (GjWindow       *self,
                                      AdwToast       *toast);

G_END_DECLS
