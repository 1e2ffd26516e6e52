/* gj-test-util.h: helpers shared by the UI tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "gj-application.h"
#include "gj-session.h"
#include "gj-window.h"

G_BEGIN_DECLS

/* Sets up zh_CN, the build's catalogues and GTK. FALSE (and the test
 * skipped) when there is no display. */
gboolean   gj_test_init_gtk       (int     *argc,
                                   char  ***argv);
/* A test that skips, saying why, for runs without a display. */
void       gj_test_skip_no_display (void);
/* A new directory with a demo database in it; returns the file's path. */
char      *gj_test_demo_database  (void);
/* Removes the folder of a test database and everything in it (the
 * database's identity folder too). */
void       gj_test_remove_database (const char *db_path);
/* Starts the application on @db_path and returns its window, its first
 * reads done. One per process: a GApplication registers once. */
GjWindow  *gj_test_start_app      (const char      *db_path,
                                   GjApplication  **app);
void       gj_test_stop_app       (GjApplication   *app,
                                   GjWindow        *window);
/* Saves a screenshot of @widget as ui/screenshots/@name.png in the build
 * folder, and fails when its most common colour covers more than
 * @max_share of it (a blank widget is one colour). */
/* As gj_test_save_screenshot(), but FALSE (and nothing saved) when the
 * widget went away before it could be drawn, as a progress dialog does
 * when its job ends. */
gboolean   gj_test_save_screenshot_if_shown (GtkWidget  *widget,
                                             const char *name,
                                             double      max_share);
void       gj_test_save_screenshot (GtkWidget      *widget,
                                    const char     *name,
                                    double          max_share);
/* Runs the main loop until the reader is idle and nothing else is
 * pending for a moment (at most @timeout_ms). */
void       gj_test_settle         (GjSession *session,
                                   guint      timeout_ms);
/* Runs the main loop until @done (@data) is TRUE, or at most @timeout_ms;
 * returns the last answer of @done. For what is shown when a read ends:
 * gj_test_settle() gives up quietly at its timeout, which a loaded machine
 * can reach before the widget is filled. */
gboolean   gj_test_wait_until     (gboolean (*done) (gpointer data),
                                   gpointer  data,
                                   guint     timeout_ms);
/* The first descendant of @widget (or @widget itself) of @type, or NULL. */
GtkWidget *gj_test_find_descendant (GtkWidget *widget,
                                    GType      type);
/* Appends to @found every descendant of @widget (and @widget itself) of
 * @type, in the order the widget tree lists them. */
void       gj_test_collect_descendants (GtkWidget *widget,
                                        GType      type,
                                        GPtrArray *found);
/* The newest toplevel window of @type, or NULL. */
GtkWidget *gj_test_find_toplevel  (GType      type);
/* Closes the toasts shown in @window (with their close buttons), so that
 * a later toast is told apart, or a screenshot shows what is under them. */
void       gj_test_close_toasts   (GtkWidget *window);
/* Shows the page @page_name with the first row of its list selected, and
 * returns that row's record; *@page (may be NULL) is the page. */
GjRecord  *gj_test_select_first_row (GjWindow    *window,
                                     GjSession   *session,
                                     const char  *page_name,
                                     GtkWidget  **page) G_GNUC_WARN_UNUSED_RESULT;
/* Renders @widget as it is on screen, or NULL when it went away (was
 * unmapped) while its frame was awaited. */
GdkTexture *gj_test_render        (GtkWidget *widget);
/* The share of pixels of the most common colour (0–1). */
double     gj_test_dominant_share (GdkTexture *texture);

G_END_DECLS
