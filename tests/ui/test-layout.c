/* test-layout.c: small windows, searchable pickers, the five-party and
 * time-bank hours dialogs and the list filters, at 1366×768, 800×600 and
 * 600×600
 *
 * Each check measures what a person would see: allocations within the
 * visible area, a window that keeps the width it was given, no sideways
 * scrolling where none is needed. Screenshots of each are kept.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "gj-choice-row.h"
#include "gj-field-row.h"
#include "gj-format.h"
#include "gj-hours-dialog.h"
#include "gj-party-dialog.h"
#include "gj-project-parties.h"
#include "gj-record-editor.h"
#include "gj-record-table.h"
#include "gj-test-util.h"
#include "gj-window-pages.h"
#include "gj-window.h"

typedef struct
{
  char          *path;
  GjApplication *app;
  GjWindow      *window;
  GjSession     *session;
} Fixture;

static Fixture fixture;

static const struct { int width, height; const char *name; } sizes[] = {
  { 1366, 768, "1366" },
  { 800, 600, "800" },
};

static void
resize (Fixture *f,
        int      width,
        int      height)
{
  gtk_window_set_default_size (GTK_WINDOW (f->window), width, height);
  gj_test_settle (f->session, 1500);
}

static GjRecord *
first_record (const char *kind,
              const char *field,
              const char *value)
{
  GjFilter filter = { field, value, GJ_FILTER_EQ };
  GjQuery q = { .filters = &filter, .n_filters = field ? 1 : 0, .limit = 1 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = gj_store_list (gj_session_get_store (fixture.session),
                                              gj_schema_lookup (kind), &q, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (found->len, >, 0);
  return gj_record_ref (g_ptr_array_index (found, 0));
}

/* Shows a page; a window too narrow for the sidebar and the page side by
 * side (folded) shows the page rather than the sidebar, as a person would
 * get by picking it there. */
static void
show_page (Fixture    *f,
           const char *name)
{
  AdwLeaflet *leaflet = ADW_LEAFLET (gj_test_find_descendant (GTK_WIDGET (f->window),
                                                              ADW_TYPE_LEAFLET));

  gj_window_show_page (f->window, name);
  if (adw_leaflet_get_folded (leaflet))
    adw_leaflet_navigate (leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
  gj_test_settle (f->session, 2000);
}

/* The window's width, without the shadow its default size counts: a
 * window that widened itself is wider than it was given. */
static void
assert_width (Fixture *f,
              int      width)
{
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (f->window)), <=, width);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (f->window)), >=, width - 24);
}

/* Whether @widget lies wholly inside @viewport, as drawn. */
static gboolean
within (GtkWidget *widget,
        GtkWidget *viewport)
{
  graphene_rect_t bounds;

  g_assert_true (gtk_widget_compute_bounds (widget, viewport, &bounds));
  return bounds.origin.x >= -0.5 && bounds.origin.y >= -0.5 &&
         bounds.origin.x + bounds.size.width <= gtk_widget_get_width (viewport) + 0.5;
}

static GtkWidget *
find_with_class (GtkWidget  *root,
                 GType       type,
                 const char *css_class)
{
  g_autoptr(GPtrArray) found = g_ptr_array_new ();

  gj_test_collect_descendants (root, type, found);
  for (guint i = 0; i < found->len; i++)
    if (gtk_widget_has_css_class (found->pdata[i], css_class))
      return found->pdata[i];
  return NULL;
}

/* The indicator table: the community and its status stay in sight, with
 * nothing to scroll sideways to. */
static void
test_indicators (gconstpointer data)
{
  Fixture *f = &fixture;

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      GtkWidget *grid, *scroller;
      GtkAdjustment *h;
      g_autofree char *shot = g_strdup_printf ("layout-indicators-%s", sizes[s].name);

      resize (f, sizes[s].width, sizes[s].height);
      show_page (f, "overview");
      gj_test_settle (f->session, 3000);
      grid = find_with_class (gj_window_get_page (f->window, "overview"), GTK_TYPE_GRID,
                              "gj-indicators");
      g_assert_nonnull (grid);
      scroller = gtk_widget_get_ancestor (grid, GTK_TYPE_SCROLLED_WINDOW);
      assert_width (f, sizes[s].width);
      for (int row = 0; row < 3; row++)
        for (int column = 0; column < 2; column++)
          {
            GtkWidget *cell = gtk_grid_get_child_at (GTK_GRID (grid), column, row);

            g_assert_nonnull (cell);
            g_assert_true (within (cell, scroller));
          }
      h = gtk_scrolled_window_get_hadjustment (GTK_SCROLLED_WINDOW (scroller));
      g_assert_cmpfloat (gtk_adjustment_get_upper (h), <=, gtk_adjustment_get_page_size (h) + 0.5);
      gj_test_save_screenshot (GTK_WIDGET (f->window), shot, 0.95);
    }
}

/* Agreements and Projects fold to one pane instead of widening the
 * window; a record picked in the folded list opens, Back returns. */
static void
test_narrow_pages (gconstpointer data)
{
  Fixture *f = &fixture;
  const int widths[] = { 800, 600 };
  const char *pages[] = { "agreements", "projects" };

  for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
    for (guint p = 0; p < G_N_ELEMENTS (pages); p++)
      {
        g_autofree char *shot = g_strdup_printf ("layout-%s-%d", pages[p], widths[w]);
        g_autoptr(GjRecord) record = NULL;
        GtkWidget *page;

        resize (f, widths[w], 600);
        show_page (f, pages[p]);
        record = gj_test_select_first_row (f->window, f->session, pages[p], &page);
        assert_width (f, widths[w]);
        gj_test_save_screenshot (GTK_WIDGET (f->window), shot, 0.95);
      }

  /* At 600 px the Projects page shows its list; a row picked there opens
   * the project, and Back shows the list again. */
  {
    GtkWidget *page = gj_window_get_page (f->window, "projects");
    AdwLeaflet *leaflet = ADW_LEAFLET (gj_test_find_descendant (page, ADW_TYPE_LEAFLET));
    GtkWidget *view = gj_test_find_descendant (page, GTK_TYPE_COLUMN_VIEW);
    GtkSingleSelection *selection = GTK_SINGLE_SELECTION (
      gtk_column_view_get_model (GTK_COLUMN_VIEW (view)));

    g_assert_true (adw_leaflet_get_folded (leaflet));
    g_assert_cmpstr (adw_leaflet_get_visible_child_name (leaflet), ==, "list");
    gtk_widget_grab_focus (view);
    gtk_single_selection_set_selected (selection, 1);
    gj_test_settle (f->session, 2000);
    g_assert_cmpstr (adw_leaflet_get_visible_child_name (leaflet), ==, "detail");
    assert_width (f, 600);
    gj_test_save_screenshot (GTK_WIDGET (f->window), "layout-projects-600-detail", 0.95);
    g_assert_true (gtk_widget_activate_action (page, "page.back", NULL));
    gj_test_settle (f->session, 1000);
    g_assert_cmpstr (adw_leaflet_get_visible_child_name (leaflet), ==, "list");
  }
}

/* An editor opened over a small window is no larger than it. */
static void
test_editor_size (gconstpointer data)
{
  Fixture *f = &fixture;

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      GjRecordEditor *editor;
      g_autofree char *shot = g_strdup_printf ("layout-editor-%s", sizes[s].name);

      resize (f, sizes[s].width, sizes[s].height);
      show_page (f, "organizations");
      gj_test_settle (f->session, 1000);
      editor = gj_record_editor_open (gj_window_get_page (f->window, "organizations"), f->session,
                                      gj_schema_lookup ("organization"), NULL, NULL);
      gj_test_settle (f->session, 1500);
      g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (editor)), <=, sizes[s].height);
      g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (editor)), <=, sizes[s].width);
      gj_test_save_screenshot (GTK_WIDGET (editor), shot, 0.95);
      gtk_window_destroy (GTK_WINDOW (editor));
      gj_test_settle (f->session, 300);
    }
}

/* The incubation board's six stages share a 1366 px screen. */
static void
test_incubation_board (gconstpointer data)
{
  Fixture *f = &fixture;
  GtkWidget *page, *scroller, *columns;
  GtkAdjustment *h;

  resize (f, 1366, 768);
  show_page (f, "incubation");
  gj_test_settle (f->session, 3000);
  page = gj_window_get_page (f->window, "incubation");
  scroller = gj_test_find_descendant (page, GTK_TYPE_SCROLLED_WINDOW);
  columns = gtk_scrolled_window_get_child (GTK_SCROLLED_WINDOW (scroller));
  h = gtk_scrolled_window_get_hadjustment (GTK_SCROLLED_WINDOW (scroller));
  assert_width (f, 1366);
  g_assert_cmpfloat (gtk_adjustment_get_upper (h), <=, gtk_adjustment_get_page_size (h) + 0.5);
  g_assert_cmpint (gtk_widget_get_width (columns), <=, gtk_widget_get_width (scroller));
  gj_test_save_screenshot (GTK_WIDGET (f->window), "layout-incubation-1366", 0.95);
}

static GtkWidget *
choice_row_for (GtkWidget  *root,
                const char *field_name)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  gj_test_collect_descendants (root, GJ_TYPE_CHOICE_ROW, rows);
  for (guint i = 0; i < rows->len; i++)
    if (g_str_equal (gj_field_row_get_field (rows->pdata[i])->name, field_name))
      return rows->pdata[i];
  return NULL;
}

static gboolean
shows_label (GtkWidget  *root,
             const char *text)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  gj_test_collect_descendants (root, GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    if (gtk_widget_get_mapped (labels->pdata[i]) &&
        g_strcmp0 (gtk_label_get_text (labels->pdata[i]), text) == 0)
      return TRUE;
  return FALSE;
}

/* Opens @row's popover, types @text, and returns the list of matches. */
static GtkWidget *
search_picker (GtkWidget  *row,
               const char *text)
{
  GtkWidget *button = gj_test_find_descendant (row, GTK_TYPE_MENU_BUTTON);
  GtkWidget *popover = GTK_WIDGET (gtk_menu_button_get_popover (GTK_MENU_BUTTON (button)));
  GtkWidget *entry = gj_test_find_descendant (popover, GTK_TYPE_SEARCH_ENTRY);

  /* Under Xvfb no window manager gives the editor the focus, and a popover
   * that hides itself when its window is not focused would close at once. */
  gtk_popover_set_autohide (GTK_POPOVER (popover), FALSE);
  g_assert_true (gtk_widget_activate (row));
  for (int i = 0; i < 30 && !gtk_widget_get_mapped (popover); i++)
    gj_test_settle (fixture.session, 100);
  g_assert_true (gtk_widget_get_mapped (popover));
  g_assert_true (gtk_widget_has_focus (entry) || gtk_widget_is_focus (entry) ||
                 gtk_widget_get_focus_child (entry) != NULL);
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  gj_test_settle (fixture.session, 1500);
  return gj_test_find_descendant (popover, GTK_TYPE_LIST_VIEW);
}

/* What the popover of @list shows: a popover is its own surface, drawn
 * apart from the window, so its content is what a screenshot can take. */
static GtkWidget *
popover_content (GtkWidget *list)
{
  return gtk_popover_get_child (GTK_POPOVER (gtk_widget_get_ancestor (list, GTK_TYPE_POPOVER)));
}

static guint
position_of (GtkWidget  *list,
             const char *key)
{
  GListModel *model = G_LIST_MODEL (gtk_list_view_get_model (GTK_LIST_VIEW (list)));

  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (model, i);

      if (g_str_equal (gtk_string_object_get_string (item), key))
        return i;
    }
  return GTK_INVALID_LIST_POSITION;
}

/* A volunteer whose name, without its first character (*@part), is in
 * the fewest names: its row is then among the first matches shown. */
static GjRecord *
rare_volunteer (GjStore  *store,
                char    **part)
{
  g_autoptr(GError) error = NULL;
  GjQuery q = { .limit = 40 };
  g_autoptr(GPtrArray) all = gj_store_list (store, gj_schema_lookup ("volunteer"), &q, &error);
  GjRecord *best = NULL;
  guint fewest = G_MAXUINT;

  g_assert_no_error (error);
  for (guint i = 0; i < all->len; i++)
    {
      const char *name = gj_record_get_text (all->pdata[i], "name");
      g_autofree char *tail = g_utf8_substring (name, 1, g_utf8_strlen (name, -1));
      g_autoptr(GPtrArray) found = gj_format_choices (store, gj_schema_lookup ("volunteer"), tail,
                                                      100, &error);

      g_assert_no_error (error);
      if (found->len < fewest)
        {
          fewest = found->len;
          best = all->pdata[i];
          g_free (*part);
          *part = g_steal_pointer (&tail);
        }
    }
  g_assert_nonnull (best);
  return gj_record_ref (best);
}

/* A picker finds a record by part of its name and shows its community and
 * team, and it is chosen with the keyboard's Enter or a click. */
static void
test_picker (gconstpointer data)
{
  Fixture *f = &fixture;
  GjStore *store = gj_session_get_store (f->session);
  g_autoptr(GjRecord) volunteer = NULL;
  g_autofree char *part = NULL;
  g_autofree char *context = NULL;
  const char *name;
  GjRecordEditor *editor;
  GtkWidget *row, *list;
  g_autofree char *value = NULL;
  guint position;

  volunteer = rare_volunteer (store, &part);
  name = gj_record_get_text (volunteer, "name");
  context = gj_format_record_context (store, volunteer, NULL);
  g_assert_cmpstr (context, !=, "");
  resize (f, 800, 600);
  editor = gj_record_editor_open (GTK_WIDGET (f->window), f->session, gj_schema_lookup ("hours"),
                                  NULL, NULL);
  gj_test_settle (f->session, 2000);
  row = choice_row_for (GTK_WIDGET (editor), "volunteer_id");
  g_assert_nonnull (row);
  list = search_picker (row, part);
  position = position_of (list, volunteer->id);
  g_assert_cmpuint (position, !=, GTK_INVALID_LIST_POSITION);
  g_assert_true (shows_label (list, name));
  g_assert_true (shows_label (list, context));
  gj_test_save_screenshot (popover_content (list), "layout-picker-800", 0.95);

  g_signal_emit_by_name (list, "activate", position);
  gj_test_settle (f->session, 500);
  value = gj_field_row_get_value (GJ_FIELD_ROW (row));
  g_assert_cmpstr (value, ==, volunteer->id);
  g_assert_cmpstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)), ==, context);
  gj_test_save_screenshot (GTK_WIDGET (editor), "layout-picker-chosen-800", 0.95);
  gtk_window_destroy (GTK_WINDOW (editor));
  gj_test_settle (f->session, 300);
}

/* With more records than the picker lists, what is typed is searched in
 * the store: a volunteer past the first thousand is found. */
static void
test_picker_beyond_list (gconstpointer data)
{
  Fixture *f = &fixture;
  GjStore *store = gj_session_get_store (f->session);
  g_autoptr(GError) error = NULL;
  g_autoptr(GjRecord) last = gj_record_new_for ("volunteer");
  GjRecordEditor *editor;
  GtkWidget *row, *list;

  g_assert_true (gj_store_begin (store, &error));
  for (guint i = 0; i < 1000; i++)
    {
      g_autoptr(GjRecord) rec = gj_record_new_for ("volunteer");
      g_autofree char *name = g_strdup_printf ("测试志愿者%04u", i);

      g_assert_true (gj_record_parse (rec, "name", name, &error));
      g_assert_true (gj_store_insert (store, rec, &error));
    }
  /* Titled to sort after every other. */
  g_assert_true (gj_record_parse (last, "name", "龥天大圣", &error));
  g_assert_true (gj_store_insert (store, last, &error));
  g_assert_true (gj_store_commit (store, &error));
  g_assert_no_error (error);
  gj_session_emit_changed (f->session, "volunteer");
  gj_test_settle (f->session, 2000);

  resize (f, 1366, 768);
  editor = gj_record_editor_open (GTK_WIDGET (f->window), f->session, gj_schema_lookup ("hours"),
                                  NULL, NULL);
  gj_test_settle (f->session, 3000);
  row = choice_row_for (GTK_WIDGET (editor), "volunteer_id");
  list = search_picker (row, "天大圣");
  /* The store is searched off the main thread: on a busy machine the
   * answer can take a while. */
  for (int i = 0; i < 100 && position_of (list, last->id) == GTK_INVALID_LIST_POSITION; i++)
    gj_test_settle (f->session, 100);
  g_assert_cmpuint (position_of (list, last->id), !=, GTK_INVALID_LIST_POSITION);
  g_assert_true (shows_label (list, "龥天大圣"));
  gj_test_save_screenshot (popover_content (list), "layout-picker-search-1366", 0.95);

  /* Enter takes the first match. */
  g_signal_emit_by_name (gj_test_find_descendant (gtk_widget_get_ancestor (list, GTK_TYPE_POPOVER),
                                                  GTK_TYPE_SEARCH_ENTRY), "activate");
  gj_test_settle (f->session, 500);
  {
    g_autofree char *value = gj_field_row_get_value (GJ_FIELD_ROW (row));

    g_assert_cmpstr (value, ==, last->id);
  }
  gtk_window_destroy (GTK_WINDOW (editor));
  gj_test_settle (f->session, 300);
}

/* Every page of the sidebar at 800×600, and at 680×600 where the
 * Volunteers and Units pages once folded the window early, keeps the
 * sidebar beside it; at 600×600 the window folds to the page alone, as an
 * adaptive GNOME app does. None widens the window. */
static void
test_sidebar_pages (gconstpointer data)
{
  Fixture *f = &fixture;
  const int widths[] = { 800, 680, 600 };
  AdwLeaflet *leaflet = ADW_LEAFLET (gj_test_find_descendant (GTK_WIDGET (f->window),
                                                              ADW_TYPE_LEAFLET));
  guint n_pages;
  const GjWindowPageInfo *pages = gj_window_pages_get (&n_pages);

  for (guint w = 0; w < G_N_ELEMENTS (widths); w++)
    for (guint p = 0; p < n_pages; p++)
      {
        g_autofree char *shot = g_strdup_printf ("layout-page-%s-%d", pages[p].name, widths[w]);

        resize (f, widths[w], 600);
        show_page (f, pages[p].name);
        assert_width (f, widths[w]);
        g_assert_cmpint (adw_leaflet_get_folded (leaflet), ==, widths[w] < 650);
        g_assert_true (gtk_widget_get_mapped (gj_window_get_page (f->window, pages[p].name)));
        gj_test_save_screenshot (GTK_WIDGET (f->window), shot, 0.95);
      }
  resize (f, 1366, 768);
}

static AdwEntryRow *
entry_row_titled (GtkWidget  *root,
                  const char *title)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  gj_test_collect_descendants (root, ADW_TYPE_ENTRY_ROW, rows);
  for (guint i = 0; i < rows->len; i++)
    if (g_strcmp0 (adw_preferences_row_get_title (rows->pdata[i]), title) == 0)
      return rows->pdata[i];
  return NULL;
}

/* The time-bank hours dialog over an 800×600 window is no larger than it,
 * and its activity is found by typing part of its title: choosing it fills
 * in its date and asks no title for a new one. */
static void
test_hours_dialog (gconstpointer data)
{
  Fixture *f = &fixture;
  g_autoptr(GjRecord) activity = first_record ("activity", NULL, NULL);
  const char *title = gj_record_get_title (activity);
  g_autofree char *part = g_utf8_substring (title, 1, g_utf8_strlen (title, -1));
  g_autofree char *value = NULL;
  GjHoursDialog *dialog;
  GtkWidget *row, *list;
  AdwEntryRow *title_row, *date_row;

  resize (f, 800, 600);
  show_page (f, "volunteers");
  dialog = gj_hours_dialog_open (gj_window_get_page (f->window, "volunteers"), f->session);
  gj_test_settle (f->session, 2000);
  g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (dialog)), <=, 600);
  g_assert_cmpint (gtk_widget_get_width (GTK_WIDGET (dialog)), <=, 800);
  gj_test_save_screenshot (GTK_WIDGET (dialog), "layout-hours-800", 0.95);

  title_row = entry_row_titled (GTK_WIDGET (dialog), _("Title of the new activity"));
  date_row = entry_row_titled (GTK_WIDGET (dialog), _("Date"));
  g_assert_nonnull (title_row);
  g_assert_nonnull (date_row);
  g_assert_true (gtk_widget_get_visible (GTK_WIDGET (title_row)));
  row = choice_row_for (GTK_WIDGET (dialog), "activity_id");
  g_assert_nonnull (row);
  list = search_picker (row, part);
  for (int i = 0; i < 50 && position_of (list, activity->id) == GTK_INVALID_LIST_POSITION; i++)
    gj_test_settle (f->session, 100);
  g_assert_cmpuint (position_of (list, activity->id), !=, GTK_INVALID_LIST_POSITION);
  gj_test_save_screenshot (popover_content (list), "layout-hours-picker-800", 0.95);
  g_signal_emit_by_name (list, "activate", position_of (list, activity->id));
  gj_test_settle (f->session, 500);
  value = gj_field_row_get_value (GJ_FIELD_ROW (row));
  g_assert_cmpstr (value, ==, activity->id);
  g_assert_false (gtk_widget_get_visible (GTK_WIDGET (title_row)));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (date_row)), ==,
                   gj_record_get_text (activity, "date"));
  gj_test_save_screenshot (GTK_WIDGET (dialog), "layout-hours-chosen-800", 0.95);
  gtk_window_destroy (GTK_WINDOW (dialog));
  gj_test_settle (f->session, 300);
}

/* A filter among records reads each one apart: two communities of one
 * name show their type, no two entries read alike, and typing finds one. */
static void
test_filter_choices (gconstpointer data)
{
  Fixture *f = &fixture;
  GjStore *store = gj_session_get_store (f->session);
  g_autoptr(GjRecord) community = first_record ("community", NULL, NULL);
  g_autoptr(GjRecord) twin = gj_record_new_for ("community");
  g_autoptr(GError) error = NULL;
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  const char *type = g_strcmp0 (gj_record_get_text (community, "type"), "rural") == 0
    ? "urban" : "rural";
  GtkWidget *window = gtk_window_new ();
  GtkWidget *table;
  GtkDropDown *dropdown;
  GListModel *model;
  guint n_named = 0;

  g_assert_true (gj_record_parse (twin, "name", gj_record_get_text (community, "name"), &error));
  g_assert_true (gj_record_parse (twin, "type", type, &error));
  g_assert_true (gj_store_insert (store, twin, &error));
  g_assert_no_error (error);
  gj_session_emit_changed (f->session, "community");

  table = g_object_new (GJ_TYPE_RECORD_TABLE, "kind-name", "volunteer", "columns", "name",
                        "filters", "community_id", NULL);
  gtk_window_set_child (GTK_WINDOW (window), table);
  gj_record_table_set_session (GJ_RECORD_TABLE (table), f->session);
  gtk_window_present (GTK_WINDOW (window));
  gj_test_settle (f->session, 2000);
  dropdown = GTK_DROP_DOWN (gj_test_find_descendant (table, GTK_TYPE_DROP_DOWN));
  g_assert_true (gtk_drop_down_get_enable_search (dropdown));
  model = gtk_drop_down_get_model (dropdown);
  g_assert_cmpuint (g_list_model_get_n_items (model), >, 2);
  for (guint i = 0; i < g_list_model_get_n_items (model); i++)
    {
      g_autoptr(GtkStringObject) item = g_list_model_get_item (model, i);
      const char *label = gtk_string_object_get_string (item);

      g_assert_false (g_hash_table_contains (seen, label));
      g_hash_table_add (seen, (gpointer) label);
      if (g_str_has_prefix (label, gj_record_get_text (community, "name")))
        n_named++;
    }
  g_assert_cmpuint (n_named, >=, 2);
  gtk_window_destroy (GTK_WINDOW (window));
  gj_test_settle (f->session, 300);
}

static guint
count_links (const char *project_id)
{
  GjFilter filter = { "project_id", project_id, GJ_FILTER_EQ };
  GjQuery q = { .filters = &filter, .n_filters = 1 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = gj_store_list (gj_session_get_store (fixture.session),
                                              gj_schema_lookup ("project_party"), &q, &error);

  g_assert_no_error (error);
  return found->len;
}

/* One dialog for the five parties: the project's community is offered as
 * its platform, and five links are saved at once. */
static void
test_party_dialog (gconstpointer data)
{
  Fixture *f = &fixture;
  const char *kinds[] = { "community", "social_worker", "organization", "volunteer_team",
                          "resource" };

  for (guint s = 0; s < G_N_ELEMENTS (sizes); s++)
    {
      g_autoptr(GjRecord) project = NULL;
      g_autoptr(GPtrArray) rows = g_ptr_array_new ();
      g_autoptr(GPtrArray) entries = g_ptr_array_new ();
      g_autoptr(GError) error = NULL;
      g_autofree char *shot = g_strdup_printf ("layout-parties-%s", sizes[s].name);
      g_autofree char *community = NULL;
      GjPartyDialog *dialog;

      resize (f, sizes[s].width, sizes[s].height);
      project = gj_test_select_first_row (f->window, f->session, "projects", NULL);
      g_assert_nonnull (gj_record_get_text (project, "community_id"));
      /* From no parties at all. */
      g_assert_true (gj_project_parties_set (gj_session_get_store (f->session), project->id,
                                             NULL, 0, &error));
      g_assert_no_error (error);

      g_assert_true (gtk_widget_activate_action (gj_window_get_page (f->window, "projects"),
                                                 "page.add-party", "s", project->id));
      gj_test_settle (f->session, 2000);
      dialog = GJ_PARTY_DIALOG (gj_test_find_toplevel (GJ_TYPE_PARTY_DIALOG));
      g_assert_nonnull (dialog);
      g_assert_true (gj_party_dialog_is_ready (dialog));
      g_assert_cmpint (gtk_widget_get_height (GTK_WIDGET (dialog)), <=, sizes[s].height);

      gj_test_collect_descendants (GTK_WIDGET (dialog), GJ_TYPE_CHOICE_ROW, rows);
      gj_test_collect_descendants (GTK_WIDGET (dialog), ADW_TYPE_ENTRY_ROW, entries);
      g_assert_cmpuint (rows->len, ==, 5);
      g_assert_cmpuint (entries->len, ==, 5);
      community = gj_field_row_get_value (rows->pdata[0]);
      g_assert_cmpstr (community, ==, gj_record_get_text (project, "community_id"));
      for (guint i = 1; i < rows->len; i++)
        {
          g_autoptr(GjRecord) party = first_record (kinds[i], NULL, NULL);

          gj_field_row_set_value (rows->pdata[i], party->id);
        }
      gtk_editable_set_text (GTK_EDITABLE (entries->pdata[4]), "资金2万元");
      gj_test_settle (f->session, 500);
      gj_test_save_screenshot (GTK_WIDGET (dialog), shot, 0.95);

      g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "parties.save", NULL));
      gj_test_settle (f->session, 1500);
      g_assert_null (gj_test_find_toplevel (GJ_TYPE_PARTY_DIALOG));
      g_assert_cmpuint (count_links (project->id), ==, 5);
    }
}

int
main (int   argc,
      char *argv[])
{
  int status;

  if (!gj_test_init_gtk (&argc, &argv))
    {
      g_test_add_func ("/ui/layout/no-display", gj_test_skip_no_display);
      return g_test_run ();
    }

  fixture.path = gj_test_demo_database ();
  fixture.window = gj_test_start_app (fixture.path, &fixture.app);
  fixture.session = gj_window_get_session (fixture.window);
  g_test_add_data_func ("/ui/layout/indicators", NULL, test_indicators);
  g_test_add_data_func ("/ui/layout/narrow-pages", NULL, test_narrow_pages);
  g_test_add_data_func ("/ui/layout/editor-size", NULL, test_editor_size);
  g_test_add_data_func ("/ui/layout/incubation-board", NULL, test_incubation_board);
  g_test_add_data_func ("/ui/layout/picker", NULL, test_picker);
  g_test_add_data_func ("/ui/layout/party-dialog", NULL, test_party_dialog);
  g_test_add_data_func ("/ui/layout/picker-beyond-list", NULL, test_picker_beyond_list);
  g_test_add_data_func ("/ui/layout/sidebar-pages", NULL, test_sidebar_pages);
  g_test_add_data_func ("/ui/layout/hours-dialog", NULL, test_hours_dialog);
  g_test_add_data_func ("/ui/layout/filter-choices", NULL, test_filter_choices);
  status = g_test_run ();
  gj_test_stop_app (fixture.app, fixture.window);
  gj_test_remove_database (fixture.path);
  g_free (fixture.path);
  return status;
}
