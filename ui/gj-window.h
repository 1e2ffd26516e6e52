/* gj-window.h: the main window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "gj-session.h"

G_BEGIN_DECLS

#define GJ_TYPE_WINDOW (gj_window_get_type ())
G_DECLARE_FINAL_TYPE (GjWindow, gj_window, GJ, WINDOW, AdwApplicationWindow)

GjWindow   *gj_window_new           (AdwApplication *app,
                                     GjSession      *session);
GjSession  *gj_window_get_session   (GjWindow       *self);

/* The pages: "welcome" before the station is set up, then "overview",
 * "organizations", "incubation", "projects", "agreements", "volunteers",
 * "units" and "sync". */
void        gj_window_show_page     (GjWindow       *self,
                                     const char     *name);
const char *gj_window_get_page_name (GjWindow       *self);
GtkWidget  *gj_window_get_page      (GjWindow       *self,
                                     const char     *name);

void        gj_window_add_toast     (GjWindow       *self,
                                     AdwToast       *toast);
/* Takes every toast off the screen (before a screenshot). */
void        gj_window_dismiss_toasts (GjWindow      *self);
/* Asks, deletes, and offers Undo in a toast. @parent is the window the
 * question is asked over (the main window or an editor). */
void        gj_window_delete_record (GjWindow       *self,
                                     GtkWindow      *parent,
                                     const GjKind   *kind,
                                     const char     *id);

G_END_DECLS
