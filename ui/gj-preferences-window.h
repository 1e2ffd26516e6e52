/* gj-preferences-window.h: indicator targets and other preferences
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define GJ_TYPE_PREFERENCES_WINDOW (gj_preferences_window_get_type ())
G_DECLARE_FINAL_TYPE (GjPreferencesWindow, gj_preferences_window, GJ, PREFERENCES_WINDOW,
                      AdwPreferencesWindow)

GjPreferencesWindow *gj_preferences_window_new (GSettings *settings,
                                                const char *database_path) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
