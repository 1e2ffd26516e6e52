/* gj-test-util.c: helpers shared by the UI tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "gj-application.h"
#include "gj-demo.h"
#include "gj-record-table.h"
#include "gj-test-util.h"

gboolean
gj_test_init_gtk (int     *argc,
                  char  ***argv)
{
  /* The app is tested as a station's staff sees it: in Chinese. */
  g_setenv ("LANGUAGE", "zh_CN", TRUE);
  g_setenv ("LANG", "zh_CN.UTF-8", TRUE);
  g_unsetenv ("LC_ALL");
  g_unsetenv ("LC_MESSAGES");
  g_setenv ("GJ_UNINSTALLED", "1", TRUE);
  gj_application_init_i18n ();

  g_test_init (argc, argv, NULL);
  if (!gtk_init_check ())
    return FALSE;
  adw_init ();
  /* A widget in the middle of an animation (a toast leaving, a row
   * revealing) renders as nothing: tests look at finished states. */
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  return TRUE;
}

void
gj_test_skip_no_display (void)
{
  g_test_skip ("no graphical display: the UI tests need X11 or Wayland (run them under xvfb-run)");
}

char *
gj_test_demo_database (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("gj-ui-test-XXXXXX", &error);
  char *path;
  g_autoptr(GjStore) store = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  GDate today;

  g_assert_no_error (error);
  path = g_build_filename (dir, "demo.db", NULL);
  store = gj_store_open (path, &error);
  g_assert_no_error (error);
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
  gj_demo_load (store, 2024, &today, &error);
  g_assert_no_error (error);
  return path;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) d = g_dir_open (path, 0, NULL);
  const char *name;

  while (d && (name = g_dir_read_name (d)) != NULL)
    {
      g_autofree char *file = g_build_filename (path, name, NULL);

      if (g_file_test (file, G_FILE_TEST_IS_DIR) && !g_file_test (file, G_FILE_TEST_IS_SYMLINK))
        remove_tree (file);
      else
        g_unlink (file);
    }
  g_rmdir (path);
}

void
gj_test_remove_database (const char *db_path)
{
  g_autofree char *dir = g_path_get_dirname (db_path);

  remove_tree (dir);
}

GjWindow *
gj_test_start_app (const char     *db_path,
                   GjApplication **app)
{
  g_autoptr(GError) error = NULL;
  GjWindow *window;

  *app = gj_application_new ();
  gj_application_set_db_path (*app, db_path);
  g_application_register (G_APPLICATION (*app), NULL, &error);
  g_assert_no_error (error);
  g_application_activate (G_APPLICATION (*app));
  window = GJ_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (*app)));
  g_assert_nonnull (window);
  gj_test_settle (gj_window_get_session (window), 5000);
  return window;
}

void
gj_test_stop_app (GjApplication *app,
                  GjWindow      *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  gj_test_settle (NULL, 200);
  g_application_quit (G_APPLICATION (app));
  g_object_unref (app);
}

gboolean
gj_test_save_screenshot_if_shown (GtkWidget  *widget,
                                  const char *name,
                                  double      max_share)
{
  const char *builddir = g_getenv ("G_TEST_BUILDDIR");
  g_autofree char *dir = g_build_filename (builddir ? builddir : ".", "ui", "screenshots", NULL);
  g_autofree char *file = g_strdup_printf ("%s/%s.png", dir, name);
  g_autoptr(GdkTexture) shot = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  shot = gj_test_render (widget);
  /* A list whose model changed just before may draw its rows a few frames
   * after the first paint on a loaded machine (the sanitizer build): a
   * picture of one colour is taken again for up to 3 s before it counts
   * as blank. */
  for (int i = 0; shot != NULL && gj_test_dominant_share (shot) >= max_share && i < 30; i++)
    {
      gj_test_settle (NULL, 100);
      g_clear_object (&shot);
      shot = gj_test_render (widget);
    }
  if (shot == NULL)
    return FALSE;
  g_assert_true (gdk_texture_save_to_png (shot, file));
  g_assert_cmpfloat (gj_test_dominant_share (shot), <, max_share);
  g_test_message ("saved %s", file);
  return TRUE;
}

void
gj_test_save_screenshot (GtkWidget  *widget,
                         const char *name,
                         double      max_share)
{
  g_assert_true (gj_test_save_screenshot_if_shown (widget, name, max_share));
}

static gboolean
timeout_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

void
gj_test_settle (GjSession *session,
                guint      timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;
  guint quiet = 0;

  /* Quiet means: the reader has nothing queued and a 30 ms wait brought
   * no new work, three times in a row (pages ask for rows only once they
   * are laid out, which takes a frame or two). */
  while (quiet < 3 && g_get_monotonic_time () < deadline)
    {
      gboolean fired = FALSE;
      guint id = g_timeout_add (30, timeout_cb, &fired);

      while (!fired)
        g_main_context_iteration (NULL, TRUE);
      (void) id;
      while (g_main_context_pending (NULL))
        g_main_context_iteration (NULL, FALSE);
      if (session == NULL || gj_reader_get_pending (gj_session_get_reader (session)) == 0)
        quiet++;
      else
        quiet = 0;
    }
}

gboolean
gj_test_wait_until (gboolean (*done) (gpointer data),
                    gpointer  data,
                    guint     timeout_ms)
{
  gint64 deadline = g_get_monotonic_time () + (gint64) timeout_ms * 1000;

  while (!done (data))
    {
      if (g_get_monotonic_time () > deadline)
        return done (data);
      /* Not blocking: what is awaited may come from another thread
       * without waking this context. */
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  return TRUE;
}

GtkWidget *
gj_test_find_toplevel (GType type)
{
  g_autoptr(GListModel) toplevels = gtk_window_get_toplevels ();
  GtkWidget *found = NULL;

  g_object_ref (toplevels);
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (w, type) && gtk_widget_get_visible (GTK_WIDGET (w)))
        found = GTK_WIDGET (w);
    }
  return found;
}

static void
mark_painted (gboolean *painted)
{
  *painted = TRUE;
}

/* Rows rebuilt just before are laid out only at the next frame, and a
 * snapshot taken earlier is empty: wait for a painted frame (1 s at most). */
static void
wait_for_paint (GtkWidget *widget)
{
  /* Held: a window destroyed while we wait takes its clock with it. */
  g_autoptr(GdkFrameClock) clock = gtk_widget_get_frame_clock (widget);
  gint64 deadline = g_get_monotonic_time () + G_USEC_PER_SEC;
  gboolean painted = FALSE;
  gulong id;

  if (clock == NULL)
    return;
  g_object_ref (clock);
  id = g_signal_connect_swapped (clock, "after-paint", G_CALLBACK (mark_painted), &painted);
  gtk_widget_queue_draw (widget);
  while (!painted && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  /* A clock disposed meanwhile has dropped its handlers already. */
  if (g_signal_handler_is_connected (clock, id))
    g_signal_handler_disconnect (clock, id);
}

GdkTexture *
gj_test_render (GtkWidget *widget)
{
  g_autoptr(GtkWidget) held = g_object_ref (widget);
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  int width, height;
  GtkSnapshot *snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  GskRenderer *renderer;

  wait_for_paint (widget);
  /* A dialog can go while the frame is awaited (the job it showed ended). */
  if (gtk_widget_get_native (widget) == NULL || !gtk_widget_get_mapped (widget))
    return NULL;
  /* Measured once it has been drawn: a dialog just presented has no size
   * until its first frame, which a loaded machine may not have reached. */
  width = gtk_widget_get_width (widget);
  height = gtk_widget_get_height (widget);
  renderer = gtk_native_get_renderer (gtk_widget_get_native (widget));
  snapshot = gtk_snapshot_new ();
  g_assert_cmpint (width, >, 0);
  g_assert_cmpint (height, >, 0);
  /* The window's own background is under every page: draw it first so
   * that a page is judged as it looks, not on transparency. */
  gtk_snapshot_append_color (snapshot, &(GdkRGBA) { 0.98, 0.98, 0.98, 1 },
                             &GRAPHENE_RECT_INIT (0, 0, width, height));
  gdk_paintable_snapshot (paintable, snapshot, width, height);
  node = gtk_snapshot_free_to_node (snapshot);
  g_assert_nonnull (node);
  return gsk_renderer_render_texture (renderer, node, &GRAPHENE_RECT_INIT (0, 0, width, height));
}

double
gj_test_dominant_share (GdkTexture *texture)
{
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);
  gsize stride = (gsize) width * 4;
  g_autofree guchar *data = g_malloc (stride * height);
  g_autoptr(GHashTable) counts = g_hash_table_new (NULL, NULL);
  guint best = 0;

  gdk_texture_download (texture, data, stride);
  for (int y = 0; y < height; y++)
    for (int x = 0; x < width; x++)
      {
        const guchar *p = data + y * stride + x * 4;
        /* Nearby shades count as one colour: anti-aliasing is not content. */
        guint key = ((p[0] >> 3) << 10) | ((p[1] >> 3) << 5) | (p[2] >> 3);
        guint n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, GUINT_TO_POINTER (key + 1))) + 1;

        g_hash_table_insert (counts, GUINT_TO_POINTER (key + 1), GUINT_TO_POINTER (n));
        best = MAX (best, n);
      }
  return (double) best / ((double) width * height);
}

GtkWidget *
gj_test_find_descendant (GtkWidget *widget,
                         GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = gj_test_find_descendant (c, type);

      if (found != NULL)
        return found;
    }
  return NULL;
}

void
gj_test_collect_descendants (GtkWidget *widget,
                             GType      type,
                             GPtrArray *found)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (widget, type))
    g_ptr_array_add (found, widget);
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    gj_test_collect_descendants (c, type, found);
}

void
gj_test_close_toasts (GtkWidget *window)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  gj_test_collect_descendants (window, GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    if (gtk_widget_get_ancestor (buttons->pdata[i], ADW_TYPE_TOAST_OVERLAY) != NULL
        && g_strcmp0 (gtk_button_get_icon_name (buttons->pdata[i]), "window-close-symbolic") == 0)
      g_signal_emit_by_name (buttons->pdata[i], "clicked");
}

GjRecord *
gj_test_select_first_row (GjWindow    *window,
                          GjSession   *session,
                          const char  *page_name,
                          GtkWidget  **page)
{
  GtkWidget *shown, *table;
  GtkColumnView *view;
  GjRecord *record;

  gj_window_show_page (window, page_name);
  gj_test_settle (session, 3000);
  shown = gj_window_get_page (window, page_name);
  table = gj_test_find_descendant (shown, GJ_TYPE_RECORD_TABLE);
  view = GTK_COLUMN_VIEW (gj_test_find_descendant (table, GTK_TYPE_COLUMN_VIEW));
  gtk_single_selection_set_selected (GTK_SINGLE_SELECTION (gtk_column_view_get_model (view)), 0);
  gj_test_settle (session, 3000);
  record = gj_record_table_get_selected (GJ_RECORD_TABLE (table));
  g_assert_nonnull (record);
  if (page != NULL)
    *page = shown;
  return record;
}
