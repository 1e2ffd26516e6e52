/* gj-test-util.h: helpers shared by the UI tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "gj-session.h"

G_BEGIN_DECLS

/* Sets up zh_CN, the build's catalogues and GTK. FALSE (and the test
 * skipped) when there is no display. */
gboolean   gj_test_init_gtk       (int     *argc,
                                   char  ***argv);
/* A test that skips, saying why, for runs without a display. */
void       gj_test_skip_no_display (void);
/* A new directory with a demo database in it; returns the file's path. */
char      *gj_test_demo_database  (void);
/* Runs the main loop until the reader is idle and nothing else is
 * pending for a moment (at most @timeout_ms). */
void       gj_test_settle         (GjSession *session,
                                   guint      timeout_ms);
/* The newest toplevel window of @type, or NULL. */
GtkWidget *gj_test_find_toplevel  (GType      type);
/* Renders @widget as it is on screen. */
GdkTexture *gj_test_render        (GtkWidget *widget);
/* The share of pixels of the most common colour (0–1). */
double     gj_test_dominant_share (GdkTexture *texture);

G_END_DECLS
