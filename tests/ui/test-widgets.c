/* test-widgets.c: the UI's building blocks over real stores
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "gj-record-editor.h"
#include "gj-record-list.h"
#include "gj-record-row.h"
#include "gj-record-table.h"
#include "gj-test-util.h"
#include "gj-timeline.h"
#include "gj-welcome-page.h"
#include "gj-window-pages.h"
#include "gj-window.h"

static GjSession *
open_session (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GjStore) store = gj_store_open (path, &error);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  g_assert_no_error (error);
  return gj_session_new (store, settings);
}

static const char *
item_name (GListModel *model,
           guint       position)
{
  g_autoptr(GjRecordItem) item = g_list_model_get_item (model, position);
  static char buf[256];

  if (gj_record_item_is_placeholder (item))
    return NULL;
  g_strlcpy (buf, gj_record_get_text (gj_record_item_get_record (item), "name"), sizeof buf);
  return buf;
}

/* The list reads a page only when a row of it is asked for, off the main
 * thread, and hands out placeholders until then. */
static void
test_record_list_pages (void)
{
  g_autofree char *path = gj_test_demo_database ();
  g_autoptr(GjSession) session = NULL;
  g_autoptr(GjRecordList) list = NULL;
  g_autoptr(GError) error = NULL;
  const GjKind *kind = gj_schema_lookup ("organization");
  GjStore *store;
  GjQuery q = { 0, };
  guint n;
  g_autofree char *first = NULL;

  {
    g_autoptr(GjStore) writer = gj_store_open (path, &error);
    g_autoptr(GjRecord) community = NULL;
    g_autoptr(GPtrArray) communities = gj_store_list (writer, gj_schema_lookup ("community"), NULL, NULL);

    community = gj_record_ref (g_ptr_array_index (communities, 0));
    g_assert_true (gj_store_begin (writer, &error));
    for (guint i = 0; i < 1000; i++)
      {
        g_autoptr(GjRecord) rec = gj_record_new (kind);
        g_autofree char *name = g_strdup_printf ("测试组织%04u", i);

        gj_record_parse (rec, "name", name, NULL);
        gj_record_parse (rec, "legal_form", "community_filed", NULL);
        gj_record_parse (rec, "category", "other", NULL);
        gj_record_parse (rec, "community_id", community->id, NULL);
        g_assert_true (gj_store_insert (writer, rec, &error));
      }
    g_assert_true (gj_store_commit (writer, &error));
  }

  session = open_session (path);
  store = gj_session_get_store (session);
  list = gj_record_list_new (gj_session_get_reader (session), kind);
  gj_record_list_set_query (list, &q);
  g_assert_true (gj_record_list_get_loading (list));
  gj_test_settle (session, 5000);

  n = g_list_model_get_n_items (G_LIST_MODEL (list));
  g_assert_cmpint (n, ==, gj_store_count (store, kind, NULL, NULL));
  g_assert_cmpuint (n, >=, 1060);

  /* Not read yet: a placeholder, then the real row after one read. */
  g_assert_null (item_name (G_LIST_MODEL (list), n - 1));
  gj_test_settle (session, 5000);
  g_assert_nonnull (item_name (G_LIST_MODEL (list), n - 1));

  /* Sorted by name, descending: the last name first. */
  gj_record_list_set_sort (list, "name", TRUE);
  gj_test_settle (session, 5000);
  (void) item_name (G_LIST_MODEL (list), 0);
  gj_test_settle (session, 5000);
  first = g_strdup (item_name (G_LIST_MODEL (list), 1));
  g_assert_nonnull (first);
  g_assert_cmpint (strcmp (item_name (G_LIST_MODEL (list), 0), first), >=, 0);

  /* Full-text search narrows the count. */
  q.text = "测试组织0999";
  gj_record_list_set_query (list, &q);
  gj_test_settle (session, 5000);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), ==, 1);

  g_clear_object (&list);
  g_clear_object (&session);
  gj_test_remove_database (path);
}

static gboolean
failing_decorate (GjStore       *store,
                  GjRecordItem  *item,
                  gpointer       user_data,
                  GError       **error)
{
  g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "decorator could not read");
  return FALSE;
}

/* A decorator that cannot read what it shows fails the page's read: the
 * list has an error instead of rows with empty cells. */
static void
test_record_list_decorate_fails (void)
{
  g_autofree char *path = gj_test_demo_database ();
  g_autoptr(GjSession) session = open_session (path);
  g_autoptr(GjRecordList) list = NULL;
  GjQuery q = { 0, };

  list = gj_record_list_new (gj_session_get_reader (session), gj_schema_lookup ("organization"));
  gj_record_list_set_decorate (list, failing_decorate, NULL);
  gj_record_list_set_query (list, &q);
  gj_test_settle (session, 5000);
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (list)), >, 0);
  g_assert_null (gj_record_list_get_error (list));

  /* Asking for a row reads its page, which fails. */
  g_assert_null (item_name (G_LIST_MODEL (list), 0));
  gj_test_settle (session, 5000);
  g_assert_nonnull (gj_record_list_get_error (list));
  g_assert_cmpstr (gj_record_list_get_error (list)->message, ==, "decorator could not read");

  g_clear_object (&list);
  g_clear_object (&session);
  gj_test_remove_database (path);
}

static void
test_welcome_creates_station (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("gj-ui-test-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "new.db", NULL);
  g_autoptr(GjSession) session = open_session (path);
  GjStore *store = gj_session_get_store (session);
  GjWindow *window = gj_window_new (NULL, session);
  GjWelcomePage *welcome = GJ_WELCOME_PAGE (gj_window_get_page (window, "welcome"));
  const GjKind *community = gj_schema_lookup ("community");
  g_autoptr(GPtrArray) communities = NULL;

  gtk_window_present (GTK_WINDOW (window));
  gj_test_settle (session, 2000);
  g_assert_cmpstr (gj_window_get_page_name (window), ==, "welcome");

  /* A wrong number is refused, naming the community, and nothing is written. */
  gj_welcome_page_set_station (welcome, "清源区", "溪山街道");
  gj_welcome_page_add_community (welcome, "溪山村", "rural", "420", "一千三");
  g_assert_false (gj_welcome_page_create (welcome, &error));
  g_assert_nonnull (strstr (error->message, "溪山村"));
  g_clear_error (&error);
  g_assert_null (gj_store_get_street (store));
  g_assert_cmpint (gj_store_count (store, community, NULL, NULL), ==, 0);
  gtk_window_destroy (GTK_WINDOW (window));

  window = gj_window_new (NULL, session);
  welcome = GJ_WELCOME_PAGE (gj_window_get_page (window, "welcome"));
  gtk_window_present (GTK_WINDOW (window));
  gj_welcome_page_set_station (welcome, "清源区", "溪山街道");
  gj_welcome_page_add_community (welcome, "溪山村", "农村社区", "420", "1300");
  g_assert_true (gj_welcome_page_create (welcome, &error));
  g_assert_no_error (error);
  gj_test_settle (session, 2000);

  g_assert_nonnull (gj_store_get_street (store));
  g_assert_cmpstr (gj_window_get_page_name (window), ==, "overview");
  communities = gj_store_list (store, community, NULL, NULL);
  g_assert_cmpuint (communities->len, ==, 1);
  g_assert_cmpstr (gj_record_get_text (g_ptr_array_index (communities, 0), "type"), ==, "rural");
  g_assert_cmpint (gj_record_get_int (g_ptr_array_index (communities, 0), "population"), ==, 1300);

  gtk_window_destroy (GTK_WINDOW (window));
  gj_test_settle (NULL, 100);
  g_clear_object (&session);
  gj_test_remove_database (path);
}

static void
test_delete_and_undo (void)
{
  g_autofree char *path = gj_test_demo_database ();
  g_autoptr(GjSession) session = open_session (path);
  GjStore *store = gj_session_get_store (session);
  const GjKind *kind = gj_schema_lookup ("unit");
  g_autoptr(GPtrArray) units = gj_store_list (store, kind, NULL, NULL);
  GjRecord *unit = g_ptr_array_index (units, 0);
  GjWindow *window = gj_window_new (NULL, session);
  GtkWidget *dialog;
  g_autoptr(GjRecord) after = NULL;

  gtk_window_present (GTK_WINDOW (window));
  gj_test_settle (session, 3000);

  /* Delete asks first; cancelling keeps the record. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.delete-record", "(ss)",
                                             kind->name, unit->id));
  dialog = gj_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  gj_test_settle (session, 1000);
  after = gj_store_get (store, kind, unit->id, NULL);
  g_assert_false (gj_record_is_deleted (after));
  g_clear_pointer (&after, gj_record_unref);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.delete-record", "(ss)",
                                             kind->name, unit->id));
  dialog = gj_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "delete");
  gj_test_settle (session, 1000);
  after = gj_store_get (store, kind, unit->id, NULL);
  g_assert_true (gj_record_is_deleted (after));
  g_clear_pointer (&after, gj_record_unref);

  /* Undo (Ctrl+Z). */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.undo", NULL));
  gj_test_settle (session, 1000);
  after = gj_store_get (store, kind, unit->id, NULL);
  g_assert_false (gj_record_is_deleted (after));

  gtk_window_destroy (GTK_WINDOW (window));
  gj_test_settle (NULL, 100);
  g_clear_object (&session);
  gj_test_remove_database (path);
}

static void
test_table_sort_and_filter (void)
{
  g_autofree char *path = gj_test_demo_database ();
  g_autoptr(GjSession) session = open_session (path);
  GjWindow *window = gj_window_new (NULL, session);
  GjRecordTable *table;
  GListModel *list;
  g_autofree char *last = NULL;
  guint n;

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gtk_window_present (GTK_WINDOW (window));
  gj_window_show_page (window, "organizations");
  gj_test_settle (session, 3000);
  table = GJ_RECORD_TABLE (gj_window_get_page (window, "organizations"));
  list = G_LIST_MODEL (gj_record_table_get_list (table));
  n = g_list_model_get_n_items (list);
  g_assert_cmpuint (n, ==, gj_store_count (gj_session_get_store (session),
                                           gj_schema_lookup ("organization"), NULL, NULL));

  /* A click on the "Name" header, twice: descending. */
  gj_record_table_sort_by (table, "name", FALSE);
  gj_test_settle (session, 3000);
  last = g_strdup (item_name (list, n - 1));
  gj_record_table_sort_by (table, "name", TRUE);
  gj_test_settle (session, 3000);
  g_assert_cmpstr (item_name (list, 0), ==, last);

  /* The community menu's choices, read off the main thread: "Any" and
   * every community. */
  {
    GtkWidget *dropdown = gj_test_find_descendant (GTK_WIDGET (table), GTK_TYPE_DROP_DOWN);
    gint64 communities = gj_store_count (gj_session_get_store (session),
                                         gj_schema_lookup ("community"), NULL, NULL);

    g_assert_nonnull (dropdown);
    g_assert_cmpuint (g_list_model_get_n_items (gtk_drop_down_get_model (GTK_DROP_DOWN (dropdown))),
                      ==, communities + 1);
  }

  gtk_window_destroy (GTK_WINDOW (window));
  gj_test_settle (NULL, 100);
  g_clear_object (&session);
  gj_test_remove_database (path);
}

/* A page needs no main window: alone in a plain window with a session,
 * it lists its records, and its toasts go nowhere. */
static void
test_page_alone (gconstpointer data)
{
  const char *name = data;
  const GjWindowPageInfo *info = gj_window_pages_lookup (name);
  g_autofree char *path = gj_test_demo_database ();
  g_autoptr(GjSession) session = open_session (path);
  GtkWidget *window = gtk_window_new ();
  GtkWidget *page = gj_window_page_new (info);
  GjRecordTable *table;
  GListModel *list;
  g_autofree char *shot = g_strdup_printf ("20-alone-%s", name);

  gtk_window_set_child (GTK_WINDOW (window), page);
  gtk_window_set_default_size (GTK_WINDOW (window), 1100, 700);
  gj_window_page_set_session (info, page, session);
  gtk_window_present (GTK_WINDOW (window));
  gj_test_settle (session, 3000);

  table = GJ_IS_RECORD_TABLE (page)
    ? GJ_RECORD_TABLE (page)
    : GJ_RECORD_TABLE (gj_test_find_descendant (page, GJ_TYPE_RECORD_TABLE));
  g_assert_nonnull (table);
  list = G_LIST_MODEL (gj_record_table_get_list (table));
  g_assert_cmpuint (g_list_model_get_n_items (list), >, 0);
  g_assert_cmpuint (g_list_model_get_n_items (list), ==,
                    gj_store_count (gj_session_get_store (session), gj_record_table_get_kind (table),
                                    NULL, NULL));
  g_assert_false (gtk_widget_activate_action (page, "win.toast", "s", "—"));
  gj_test_save_screenshot (window, shot, 0.995);

  gtk_window_destroy (GTK_WINDOW (window));
  gj_test_settle (NULL, 100);
  g_clear_object (&session);
  gj_test_remove_database (path);
}

/* A timeline ticks the steps before the current one and names it for
 * screen readers; a record row opens its record as stored, and nothing
 * for a record that is not there. */
static void
test_detail_widgets (void)
{
  g_autofree char *path = gj_test_demo_database ();
  g_autoptr(GjSession) session = open_session (path);
  const GjKind *kind = gj_schema_lookup ("project");
  const GjField *status = gj_kind_field (kind, "status");
  g_autoptr(GPtrArray) projects = gj_store_list (gj_session_get_store (session), kind, NULL, NULL);
  g_autoptr(GjRecord) gone = gj_record_copy (g_ptr_array_index (projects, 0));
  GtkWidget *timeline = g_object_ref_sink (gj_timeline_new (status, status->values[1].key));
  GtkWidget *step = gtk_widget_get_first_child (timeline);
  GtkWidget *window = gtk_window_new ();
  GtkWidget *list = gtk_list_box_new ();
  GtkWidget *row;
  GtkWidget *editor;

  g_assert_true (gtk_widget_has_css_class (step, "gj-step-done"));
  g_assert_true (gtk_widget_has_css_class (gtk_widget_get_next_sibling (step), "gj-step-current"));
  g_assert_true (gtk_widget_has_css_class (gtk_widget_get_last_child (timeline), "gj-step-todo"));
  g_assert_true (gtk_test_accessible_has_property (GTK_ACCESSIBLE (timeline),
                                                   GTK_ACCESSIBLE_PROPERTY_LABEL));
  g_assert_finalize_object (timeline);

  gtk_window_set_child (GTK_WINDOW (window), list);
  gtk_window_present (GTK_WINDOW (window));
  row = gj_record_row_new (session, g_ptr_array_index (projects, 0));
  gtk_list_box_append (GTK_LIST_BOX (list), row);
  g_signal_emit_by_name (row, "activated");
  editor = gj_test_find_toplevel (GJ_TYPE_RECORD_EDITOR);
  g_assert_nonnull (editor);
  gtk_window_destroy (GTK_WINDOW (editor));
  gj_test_settle (NULL, 100);

  g_free (gone->id);
  gone->id = g_strdup ("00000000-0000-4000-8000-000000000000");
  row = gj_record_row_new (session, gone);
  gtk_list_box_append (GTK_LIST_BOX (list), row);
  g_signal_emit_by_name (row, "activated");
  g_assert_null (gj_test_find_toplevel (GJ_TYPE_RECORD_EDITOR));

  gtk_window_destroy (GTK_WINDOW (window));
  gj_test_settle (NULL, 100);
  g_clear_object (&session);
  gj_test_remove_database (path);
}

int
main (int   argc,
      char *argv[])
{
  if (!gj_test_init_gtk (&argc, &argv))
    {
      g_test_add_func ("/ui/widgets/no-display", gj_test_skip_no_display);
      return g_test_run ();
    }

  g_test_add_func ("/ui/record-list/pages", test_record_list_pages);
  g_test_add_func ("/ui/record-list/decorate-fails", test_record_list_decorate_fails);
  g_test_add_func ("/ui/welcome/creates-station", test_welcome_creates_station);
  g_test_add_func ("/ui/window/delete-and-undo", test_delete_and_undo);
  g_test_add_func ("/ui/table/sort", test_table_sort_and_filter);
  g_test_add_func ("/ui/detail/widgets", test_detail_widgets);
  g_test_add_data_func ("/ui/page/alone/organizations", "organizations", test_page_alone);
  g_test_add_data_func ("/ui/page/alone/projects", "projects", test_page_alone);
  g_test_add_data_func ("/ui/page/alone/units", "units", test_page_alone);
  return g_test_run ();
}
