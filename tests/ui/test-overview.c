/* test-overview.c: the Overview puts what needs doing first, and its
 * figures agree with each other
 *
 * On a demo database, at 1366×768 and at 800×600: the overdue list and the
 * list of what falls due within the week are seen without scrolling, each
 * row opens its record, "And N more" opens the whole list; the tiles'
 * counts are the indicator table's and the funnel's; the shortcuts window
 * shows the keys the application sets.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "gj-dates.h"
#include "gj-due.h"
#include "gj-overview-figures.h"
#include "gj-record-editor.h"
#include "gj-stats.h"
#include "gj-test-util.h"
#include "gj-window.h"

/* GTK's headers (through gj-test-util.h) say whether X11 is built in. */
#ifdef GDK_WINDOWING_X11
#include <gdk/x11/gdkx.h>
#endif

typedef struct
{
  char          *path;
  GjApplication *app;
  GjWindow      *window;
  GjSession     *session;
  GjStore       *check;   /* a second connection, as another process would see the file */
} Fixture;

/* One application for the whole program: a GApplication registers once. */
static Fixture fixture;

static GtkWidget *
overview (Fixture *f)
{
  return gj_window_get_page (f->window, "overview");
}

static void
show_overview (Fixture *f,
               int      width,
               int      height)
{
  gtk_window_unmaximize (GTK_WINDOW (f->window));
  gtk_window_set_default_size (GTK_WINDOW (f->window), width, height);
  gj_window_show_page (f->window, "overview");
  gj_test_settle (f->session, 5000);
}

/* The first descendant of @widget of @type named @name. */
static GtkWidget *
find_named (GtkWidget  *widget,
            GType       type,
            const char *name)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  gj_test_collect_descendants (widget, type, found);
  for (guint i = 0; i < found->len; i++)
    if (g_strcmp0 (gtk_widget_get_name (found->pdata[i]), name) == 0)
      return found->pdata[i];
  return NULL;
}

static GPtrArray *
list_rows (GtkWidget *list)
{
  GPtrArray *rows = g_ptr_array_new ();

  for (GtkWidget *c = gtk_widget_get_first_child (list); c; c = gtk_widget_get_next_sibling (c))
    if (ADW_IS_ACTION_ROW (c))
      g_ptr_array_add (rows, c);
  return rows;
}

static GPtrArray *
due (Fixture   *f,
     GjDueList  list)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *today = gj_dates_today ();
  GPtrArray *entries = gj_due_list (f->check, list, today, &error);

  g_assert_no_error (error);
  return entries;
}

/* The newest window that is neither the main window nor a record's
 * editor: the whole of a due list. */
static GtkWidget *
full_list_window (void)
{
  g_autoptr(GListModel) toplevels = gtk_window_get_toplevels ();
  GtkWidget *found = NULL;

  g_object_ref (toplevels);
  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GObject) w = g_list_model_get_item (toplevels, i);

      if (ADW_IS_WINDOW (w) && !GJ_IS_RECORD_EDITOR (w) && gtk_widget_get_visible (GTK_WIDGET (w)))
        found = GTK_WIDGET (w);
    }
  return found;
}

/* Activates @row as a click or Enter would, and returns the editor that
 * opened, which must show the record the row names. */
static void
activate_opens_record (Fixture   *f,
                       GtkWidget *row)
{
  GjRecordEditor *editor;

  g_assert_null (gj_test_find_toplevel (GJ_TYPE_RECORD_EDITOR));
  gtk_widget_activate (row);
  gj_test_settle (f->session, 3000);
  editor = GJ_RECORD_EDITOR (gj_test_find_toplevel (GJ_TYPE_RECORD_EDITOR));
  g_assert_nonnull (editor);
  g_assert_cmpstr (gj_record_editor_get_id (editor), ==, gtk_widget_get_name (row));
  gtk_window_destroy (GTK_WINDOW (editor));
  gj_test_settle (f->session, 1000);
}

/* @list lies wholly inside the page's viewport, the page not scrolled. */
static void
assert_in_viewport (GtkWidget *page,
                    GtkWidget *list)
{
  GtkWidget *scrolled = gj_test_find_descendant (page, GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *v = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  graphene_rect_t b;

  g_assert_cmpfloat (gtk_adjustment_get_value (v), ==, 0);
  g_assert_true (gtk_widget_get_mapped (list));
  g_assert_true (gtk_widget_compute_bounds (list, scrolled, &b));
  g_test_message ("%s: y %.0f to %.0f of %d", gtk_widget_get_name (list), b.origin.y,
                  b.origin.y + b.size.height, gtk_widget_get_height (scrolled));
  g_assert_cmpfloat (b.origin.y, >=, 0);
  g_assert_cmpfloat (b.origin.y + b.size.height, <=, gtk_widget_get_height (scrolled));
  g_assert_cmpfloat (b.origin.x + b.size.width, <=, gtk_widget_get_width (scrolled));
}

static void
check_due_lists (Fixture    *f,
                 const char *size)
{
  GtkWidget *page = overview (f);
  g_autofree char *shot = g_strdup_printf ("overview-%s", size);
  g_autofree char *full_shot = g_strdup_printf ("overview-all-overdue-%s", size);

  for (GjDueList l = GJ_DUE_OVERDUE; l <= GJ_DUE_WEEK; l++)
    {
      g_autoptr(GPtrArray) entries = due (f, l);
      GtkWidget *list = find_named (page, GTK_TYPE_LIST_BOX, gj_due_list_name (l));
      g_autoptr(GPtrArray) rows = NULL;
      GtkWidget *more;

      g_assert_nonnull (list);
      assert_in_viewport (page, list);
      rows = list_rows (list);
      /* The demo has more overdue items, and more due this week, than
       * the page shows. */
      g_assert_cmpuint (entries->len, >, 3);
      g_assert_cmpuint (rows->len, ==, 4);
      for (guint i = 0; i < 3; i++)
        {
          GjDueEntry *e = g_ptr_array_index (entries, i);

          g_assert_cmpstr (gtk_widget_get_name (rows->pdata[i]), ==, e->id);
          g_assert_cmpstr (adw_preferences_row_get_title (rows->pdata[i]), ==, e->title);
          g_assert_true (e->overdue == (l == GJ_DUE_OVERDUE));
        }
      more = rows->pdata[3];
      g_assert_cmpstr (gtk_widget_get_name (more), ==, "more");
      g_assert_true (gtk_list_box_row_get_activatable (GTK_LIST_BOX_ROW (more)));

      /* A row opens its record. */
      activate_opens_record (f, rows->pdata[l == GJ_DUE_OVERDUE ? 0 : 2]);

      /* "And N more" opens the whole list, every row opening its record. */
      {
        g_autofree char *title = g_strdup_printf (_("And %lld more"),
                                                  (long long) (entries->len - 3));
        GtkWidget *window, *all;
        g_autoptr(GPtrArray) all_rows = NULL;

        g_assert_cmpstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (more)), ==, title);
        g_assert_null (full_list_window ());
        gtk_widget_activate (more);
        gj_test_settle (f->session, 2000);
        window = full_list_window ();
        g_assert_nonnull (window);
        all = find_named (window, GTK_TYPE_LIST_BOX, gj_due_list_name (l));
        g_assert_nonnull (all);
        all_rows = list_rows (all);
        g_assert_cmpuint (all_rows->len, ==, entries->len);
        for (guint i = 0; i < entries->len; i++)
          g_assert_cmpstr (gtk_widget_get_name (all_rows->pdata[i]), ==,
                           ((GjDueEntry *) g_ptr_array_index (entries, i))->id);
        if (l == GJ_DUE_OVERDUE)
          gj_test_save_screenshot (window, full_shot, 0.9);
        activate_opens_record (f, all_rows->pdata[all_rows->len - 1]);
        gtk_window_destroy (GTK_WINDOW (window));
        gj_test_settle (f->session, 1000);
      }
    }
  gj_window_dismiss_toasts (f->window);
  gj_test_save_screenshot (GTK_WIDGET (f->window), shot, 0.9);
}

static void
test_due_1366 (void)
{
  show_overview (&fixture, 1366, 768);
  check_due_lists (&fixture, "1366x768");
}

static void
test_due_800 (void)
{
  show_overview (&fixture, 800, 600);
  check_due_lists (&fixture, "800x600");
}

/* The label of the first GtkLabel in @widget. */
static const char *
first_label (GtkWidget *widget)
{
  GtkWidget *label = gj_test_find_descendant (widget, GTK_TYPE_LABEL);

  g_assert_nonnull (label);
  return gtk_label_get_label (GTK_LABEL (label));
}

/* The label of @widget's that reads @text, or NULL. */
static GtkWidget *
find_label (GtkWidget  *widget,
            const char *text)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  gj_test_collect_descendants (widget, GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    if (g_str_equal (gtk_label_get_label (labels->pdata[i]), text))
      return labels->pdata[i];
  return NULL;
}

/* The tile that shows @page. */
static GtkWidget *
tile (Fixture    *f,
      const char *page)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  gj_test_collect_descendants (overview (f), GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    {
      GVariant *target = gtk_actionable_get_action_target_value (buttons->pdata[i]);

      if (g_strcmp0 (gtk_actionable_get_action_name (buttons->pdata[i]), "win.show-page") == 0 &&
          target != NULL && g_str_equal (g_variant_get_string (target, NULL), page))
        return buttons->pdata[i];
    }
  g_assert_not_reached ();
}

typedef struct
{
  Fixture    *f;
  const char *page;
  const char *text;
} TileWait;

/* The tile of @data's page reads @data's text (the page's read ended). */
static gboolean
tile_reads (gpointer data)
{
  TileWait *w = data;
  GtkWidget *button = tile (w->f, w->page);
  GtkWidget *label = button ? gj_test_find_descendant (button, GTK_TYPE_LABEL) : NULL;

  return label != NULL && g_strcmp0 (gtk_label_get_label (GTK_LABEL (label)), w->text) == 0;
}

/* The incubation tile counts what the funnel shows as its sum; the
 * organizations tile, the table's total and the records agree, also
 * when an organization's community is gone. */
static void
test_counts (void)
{
  Fixture *f = &fixture;
  GtkWidget *page, *caption, *note;
  GjOverviewFigures figures;
  g_autoptr(GError) error = NULL;
  g_autofree char *incubating = NULL;
  g_autofree char *orgs = NULL;
  g_autofree char *total_cell = NULL;
  g_autofree char *unassigned_note = g_strdup_printf (
    _("The whole street’s total includes records that name no community: "
      "%u organizations, %u volunteer teams, %u social workers. "
      "Choose their community to count them in its row."), 1, 0, 0);
  g_autoptr(GjRecord) community = gj_record_new_for ("community");
  g_autoptr(GjRecord) org = gj_record_new_for ("organization");
  GjStore *store = gj_session_get_store (f->session);
  GjQuery all = { 0, };
  gint64 n_orgs;
  g_autoptr(GPtrArray) stats = NULL;

  show_overview (f, 1366, 768);
  page = overview (f);
  g_assert_true (gj_overview_figures_compute (f->check, NULL, &figures, &error));
  g_assert_no_error (error);
  incubating = g_strdup_printf ("%" G_GINT64_FORMAT, figures.n_incubating);
  g_assert_cmpstr (first_label (tile (f, "incubation")), ==, incubating);
  /* The funnel's card says the same number and which stages make it. */
  caption = find_named (page, GTK_TYPE_LABEL, "caption");
  g_assert_nonnull (caption);
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (caption)), incubating));
  g_assert_nonnull (strstr (gtk_label_get_label (GTK_LABEL (caption)), _("Evaluating")));

  /* An organization whose community is deleted. */
  g_assert_true (gj_record_parse (community, "name", "临时社区", &error));
  g_assert_true (gj_record_parse (community, "type", "urban", &error));
  g_assert_true (gj_store_insert (store, community, &error));
  g_assert_true (gj_record_parse (org, "name", "无社区测试社", &error));
  g_assert_true (gj_record_parse (org, "category", "charity", &error));
  g_assert_true (gj_record_parse (org, "legal_form", "community_filed", &error));
  g_assert_true (gj_record_parse (org, "community_id", community->id, &error));
  g_assert_true (gj_store_insert (store, org, &error));
  g_assert_true (gj_store_delete (store, community->kind, community->id, &error));
  g_assert_no_error (error);
  gj_window_show_page (f->window, "organizations");
  gj_test_settle (f->session, 3000);
  show_overview (f, 1366, 768);

  n_orgs = gj_store_count (f->check, gj_schema_lookup ("organization"), &all, &error);
  g_assert_no_error (error);
  stats = gj_stats_compute (f->check, NULL, 2026, &error);
  g_assert_no_error (error);
  orgs = g_strdup_printf ("%" G_GINT64_FORMAT, n_orgs);
  gj_test_wait_until (tile_reads, &(TileWait) { f, "organizations", orgs }, 20000);
  g_assert_cmpstr (first_label (tile (f, "organizations")), ==, orgs);
  g_assert_cmpuint (((GjCommunityStats *) g_ptr_array_index (stats, stats->len - 1))
                    ->organizations, ==, n_orgs);
  /* The table's total row shows it, and a note says why its rows add up
   * to one less. */
  total_cell = g_strdup_printf (_("%u / %u"), (guint) n_orgs,
                                ((GjCommunityStats *) g_ptr_array_index (stats, stats->len - 1))
                                ->organizations_target);
  {
    g_autoptr(GPtrArray) labels = g_ptr_array_new ();
    gboolean seen = FALSE;

    gj_test_collect_descendants (page, GTK_TYPE_LABEL, labels);
    for (guint i = 0; i < labels->len; i++)
      seen |= g_str_equal (gtk_label_get_label (labels->pdata[i]), total_cell) &&
              gtk_widget_has_css_class (labels->pdata[i], "gj-total-row");
    g_assert_true (seen);
  }
  note = find_label (page, unassigned_note);
  g_assert_nonnull (note);
  g_assert_true (gtk_widget_get_visible (note));

  /* Scrolled to the table, for the screenshot. */
  {
    GtkWidget *scrolled = gj_test_find_descendant (page, GTK_TYPE_SCROLLED_WINDOW);
    GtkAdjustment *v = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
    graphene_rect_t b;

    g_assert_true (gtk_widget_compute_bounds (note, scrolled, &b));
    gtk_adjustment_set_value (v, b.origin.y - gtk_widget_get_height (scrolled) / 2.0);
    gj_test_settle (f->session, 1000);
    gj_window_dismiss_toasts (f->window);
    gj_test_save_screenshot (GTK_WIDGET (f->window), "overview-counts-1366x768", 0.9);
    gtk_adjustment_set_value (v, 0);
  }
}

/* Every shortcut of the shortcuts window shows keys, and those of an
 * action are the keys the application sets for it. */
static void
test_shortcuts (void)
{
  Fixture *f = &fixture;
  GtkWidget *window, *section;
  g_autoptr(GPtrArray) shortcuts = g_ptr_array_new ();
  guint with_action = 0;

  g_action_group_activate_action (G_ACTION_GROUP (f->app), "shortcuts", NULL);
  gj_test_settle (f->session, 2000);
  window = gj_test_find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW);
  g_assert_nonnull (window);
  /* The sections' shortcuts, not the copies GTK makes for its search
   * when the window is built. */
  section = gj_test_find_descendant (window, GTK_TYPE_SHORTCUTS_SECTION);
  g_assert_nonnull (section);
  gj_test_collect_descendants (section, GTK_TYPE_SHORTCUTS_SHORTCUT, shortcuts);
  g_assert_cmpuint (shortcuts->len, >, 0);
  for (guint i = 0; i < shortcuts->len; i++)
    {
      g_autofree char *accelerator = NULL;
      g_autofree char *action = NULL;
      g_autofree char *title = NULL;

      g_object_get (shortcuts->pdata[i], "accelerator", &accelerator, "action-name", &action,
                    "title", &title, NULL);
      g_test_message ("%s: %s (%s)", title, accelerator, action);
      g_assert_nonnull (accelerator);
      g_assert_cmpstr (accelerator, !=, "");
      if (action != NULL)
        {
          g_auto(GStrv) accels = gtk_application_get_accels_for_action (GTK_APPLICATION (f->app),
                                                                        action);
          guint key = 0, app_key = 0;
          GdkModifierType mods = 0, app_mods = 0;

          g_assert_nonnull (accels);
          g_assert_nonnull (accels[0]);
          g_assert_true (gtk_accelerator_parse (accelerator, &key, &mods));
          g_assert_true (gtk_accelerator_parse (accels[0], &app_key, &app_mods));
          g_assert_cmpuint (key, ==, app_key);
          g_assert_cmpuint (mods, ==, app_mods);
          with_action++;
        }
    }
  /* Show keyboard shortcuts, Preferences and Quit. */
  g_assert_cmpuint (with_action, >=, 3);
  gtk_window_set_default_size (GTK_WINDOW (window), 900, 600);
  gj_test_settle (f->session, 1000);
  gj_test_save_screenshot (window, "overview-shortcuts-window", 0.95);
  gtk_window_destroy (GTK_WINDOW (window));
  gj_test_settle (f->session, 500);
}

/* The Agreements page's toggle says it is about items, the Overview's
 * list that it is about agreements ending: two things, two names. */
static void
test_labels (void)
{
  Fixture *f = &fixture;
  GtkWidget *agreements = gj_window_get_page (f->window, "agreements");
  g_autoptr(GPtrArray) toggles = g_ptr_array_new ();
  gboolean found = FALSE;

  gj_test_collect_descendants (agreements, GTK_TYPE_TOGGLE_BUTTON, toggles);
  for (guint i = 0; i < toggles->len; i++)
    {
      GtkWidget *content = gj_test_find_descendant (toggles->pdata[i], ADW_TYPE_BUTTON_CONTENT);

      if (content != NULL &&
          g_strcmp0 (adw_button_content_get_label (ADW_BUTTON_CONTENT (content)),
                     _("Items Due in 30 Days")) == 0)
        found = TRUE;
    }
  g_assert_true (found);
  g_assert_cmpstr (_("Items Due in 30 Days"), !=, gj_due_list_title (GJ_DUE_ENDING));
}


#ifdef GDK_WINDOWING_X11
/* Moves the pointer onto @widget's middle (X11 only: Wayland does not let
 * a client move it) and waits past the tooltip's delay. */
static void
hover (Fixture   *f,
       GtkWidget *widget)
{
  Display *d = gdk_x11_display_get_xdisplay (gtk_widget_get_display (widget));
  GtkNative *native = gtk_widget_get_native (widget);
  graphene_rect_t b;
  double sx, sy;
  int x, y;
  gint64 end;

  g_assert_true (gtk_widget_compute_bounds (widget, GTK_WIDGET (native), &b));
  gtk_native_get_surface_transform (native, &sx, &sy);
  x = b.origin.x + sx + b.size.width / 2;
  y = b.origin.y + sy + b.size.height / 2;
  /* Two moves: GTK starts its tooltip timer on motion. */
  for (int i = 0; i < 2; i++)
    {
      XWarpPointer (d, None, DefaultRootWindow (d), 0, 0, 0, 0, x + i, y + i);
      XFlush (d);
      gj_test_settle (f->session, 300);
    }
  end = g_get_monotonic_time () + 1500 * 1000;
  while (g_get_monotonic_time () < end)
    g_main_context_iteration (NULL, FALSE);
}

/* The label of the tooltip shown over @widget. */
static GtkLabel *
tooltip_label (GtkWidget *widget)
{
  GType type = g_type_from_name ("GtkTooltipWindow");
  GtkWidget *native = GTK_WIDGET (gtk_widget_get_native (widget));

  g_assert_cmpuint (type, !=, 0);
  for (GtkWidget *c = gtk_widget_get_first_child (native); c; c = gtk_widget_get_next_sibling (c))
    if (G_TYPE_CHECK_INSTANCE_TYPE (c, type) && gtk_widget_get_visible (c))
      return GTK_LABEL (gj_test_find_descendant (c, GTK_TYPE_LABEL));
  return NULL;
}
#endif

/* A Chinese tooltip is as wide as its text, not wrapped after every
 * other character; a long one wraps at about 25 characters. */
static void
test_tooltips (void)
{
#ifdef GDK_WINDOWING_X11
  Fixture *f = &fixture;
  GtkWidget *page, *button = NULL, *list;
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();
  GtkLabel *label;

  if (!GDK_IS_X11_DISPLAY (gtk_widget_get_display (GTK_WIDGET (f->window))))
    {
      g_test_skip ("the pointer can be moved on X11 only");
      return;
    }
  show_overview (f, 1366, 768);
  page = overview (f);
  gj_test_collect_descendants (page, GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_actionable_get_action_name (buttons->pdata[i]), "win.indicator-report") == 0)
      button = buttons->pdata[i];
  g_assert_nonnull (button);
  hover (f, button);
  label = tooltip_label (button);
  g_assert_nonnull (label);
  g_assert_cmpstr (gtk_label_get_text (label), ==, gtk_widget_get_tooltip_text (button));
  g_assert_cmpint (pango_layout_get_line_count (gtk_label_get_layout (label)), ==, 1);
  gj_test_save_screenshot (gtk_widget_get_ancestor (GTK_WIDGET (label), GTK_TYPE_NATIVE),
                           "overview-tooltip", 0.97);

  /* A due row's tooltip: its title, then its subtitle, each on one line
   * when it is short enough. */
  list = find_named (page, GTK_TYPE_LIST_BOX, gj_due_list_name (GJ_DUE_WEEK));
  hover (f, gtk_widget_get_first_child (list));
  label = tooltip_label (list);
  g_assert_nonnull (label);
  g_assert_cmpint (pango_layout_get_line_count (gtk_label_get_layout (label)), ==, 2);
  /* Away from the rows, for the tests that follow. */
  hover (f, gj_test_find_descendant (page, GTK_TYPE_FLOW_BOX));
#else
  g_test_skip ("the pointer can be moved on X11 only");
#endif
}

int
main (int   argc,
      char *argv[])
{
  Fixture *f = &fixture;
  int rc;

  if (!gj_test_init_gtk (&argc, &argv))
    {
      g_test_init (&argc, &argv, NULL);
      g_test_add_func ("/overview/skipped", gj_test_skip_no_display);
      return g_test_run ();
    }

  f->path = gj_test_demo_database ();
  f->window = gj_test_start_app (f->path, &f->app);
  f->session = gj_window_get_session (f->window);
  f->check = gj_store_open (f->path, NULL);
  g_assert_nonnull (f->check);
  gj_test_settle (f->session, 5000);

  g_test_add_func ("/overview/tooltips", test_tooltips);
  g_test_add_func ("/overview/due-1366x768", test_due_1366);
  g_test_add_func ("/overview/due-800x600", test_due_800);
  g_test_add_func ("/overview/shortcuts", test_shortcuts);
  g_test_add_func ("/overview/labels", test_labels);
  g_test_add_func ("/overview/counts", test_counts);
  rc = g_test_run ();

  g_clear_object (&f->check);
  gj_test_stop_app (f->app, f->window);
  gj_test_remove_database (f->path);
  g_free (f->path);
  return rc;
}
