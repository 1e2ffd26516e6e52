/* gj-window.h: the main window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "gj-session.h"

G_BEGIN_DECLS

/* Pages and dialogs never see this type: they activate its actions
 * "win.toast" (s: the text) and "win.delete-record" ((ss): a kind's name
 * and a record's id; it asks, deletes and offers Undo in a toast). A write
 * made through the session's undo history (gj_undo_update()) gets its
 * toast with Undo from the window too; "win.undo" (Ctrl+Z) undoes the
 * newest. */
#define GJ_TYPE_WINDOW (gj_window_get_type ())
G_DECLARE_FINAL_TYPE (GjWindow, gj_window, GJ, WINDOW, AdwApplicationWindow)

GjWindow   *gj_window_new           (AdwApplication *app,
                                     GjSession      *session);
GjSession  *gj_window_get_session   (GjWindow       *self);

/* The pages: "welcome" before the station is set up, then those of
 * gj_window_pages_get(). */
void        gj_window_show_page     (GjWindow       *self,
                                     const char     *name);
const char *gj_window_get_page_name (GjWindow       *self);
GtkWidget  *gj_window_get_page      (GjWindow       *self,
                                     const char     *name);

/* Takes every toast off the screen (before a screenshot). */
void        gj_window_dismiss_toasts (GjWindow      *self);

G_END_DECLS
