/* gj-window.h: the main window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "gj-store.h"

G_BEGIN_DECLS

#define GJ_TYPE_WINDOW (gj_window_get_type ())
G_DECLARE_FINAL_TYPE (GjWindow, gj_window, GJ, WINDOW, AdwApplicationWindow)

GjWindow *gj_window_new (AdwApplication *app,
                         GjStore        *store);

G_END_DECLS
