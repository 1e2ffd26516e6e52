/* test-app.c: the whole application on a demo database, in Chinese
 *
 * Drives the real window through its actions, checks each change in the
 * database through a second connection, and saves a screenshot of every
 * page (failing when a page renders blank).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "gj-application.h"
#include "gj-data-error.h"
#include "gj-dates.h"
#include "gj-hours-dialog.h"
#include "gj-record-editor.h"
#include "gj-test-util.h"
#include "gj-window-pages.h"
#include "gj-window.h"

typedef struct
{
  char          *path;
  GjApplication *app;
  GjWindow      *window;
  GjSession     *session;
  GjStore       *check;   /* a second connection, as another process would see the file */
} Fixture;

/* One application for the whole program: a GApplication exports its
 * object path on the session bus once per process. The tests share the
 * demo database and run in order. */
static Fixture fixture;

static void
fixture_set_up (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  f->path = gj_test_demo_database ();
  f->window = gj_test_start_app (f->path, &f->app);
  f->session = gj_window_get_session (f->window);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1280, 800);
  gj_test_settle (f->session, 5000);

  f->check = gj_store_open (f->path, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture *f)
{
  g_clear_object (&f->check);
  gj_test_stop_app (f->app, f->window);
  gj_test_remove_database (f->path);
  g_free (f->path);
}

static GjRecord *
first_record (GjStore    *store,
              const char *kind,
              const char *field,
              const char *value)
{
  GjFilter filter = { field, value };
  GjQuery q = { &filter, field ? 1 : 0, NULL, NULL, FALSE, 1, 0, FALSE };
  g_autoptr(GPtrArray) records = gj_store_list (store, gj_schema_lookup (kind), &q, NULL);

  if (records == NULL || records->len == 0)
    return NULL;
  return gj_record_ref (g_ptr_array_index (records, 0));
}

static GjRecord *
reread (GjStore        *store,
        const GjRecord *rec)
{
  return gj_store_get (store, rec->kind, rec->id, NULL);
}

static GjRecordEditor *
new_record_editor (Fixture    *f,
                   const char *page)
{
  GjRecordEditor *editor;

  gj_window_show_page (f->window, page);
  gj_test_settle (f->session, 3000);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.new-record", NULL));
  gj_test_settle (f->session, 3000);
  editor = GJ_RECORD_EDITOR (gj_test_find_toplevel (GJ_TYPE_RECORD_EDITOR));
  g_assert_nonnull (editor);
  return editor;
}

static char *
create_organization (Fixture    *f,
                     const char *name)
{
  g_autoptr(GjRecord) community = first_record (f->check, "community", NULL, NULL);
  GjRecordEditor *editor = new_record_editor (f, "organizations");
  g_autoptr(GError) error = NULL;
  char *id;

  gj_record_editor_set_text (editor, "name", name);
  gj_record_editor_set_text (editor, "legal_form", "community_filed");
  gj_record_editor_set_text (editor, "category", "charity");
  gj_record_editor_set_text (editor, "community_id", community->id);
  gj_record_editor_set_text (editor, "founded", "2024-03-01");

  /* A wrong phone number is refused, and the reason is shown on its field. */
  gj_record_editor_set_text (editor, "phone", "1380013800");
  g_assert_false (gj_record_editor_save (editor, &error));
  g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID);
  g_assert_nonnull (gj_record_editor_get_field_error (editor, "phone"));
  g_clear_error (&error);

  gj_record_editor_set_text (editor, "phone", "13800138000");
  g_object_ref (editor);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL));
  g_assert_null (gj_record_editor_get_field_error (editor, "phone"));
  id = g_strdup (gj_record_editor_get_id (editor));
  g_object_unref (editor);
  gj_test_settle (f->session, 3000);
  g_assert_nonnull (id);
  return id;
}

static void
test_create_organization (gconstpointer data)
{
  Fixture *f = &fixture;
  g_autofree char *id = create_organization (f, "东湖测试公益服务社");
  g_autoptr(GjRecord) rec = gj_store_get (f->check, gj_schema_lookup ("organization"), id, NULL);

  g_assert_nonnull (rec);
  g_assert_cmpstr (gj_record_get_text (rec, "name"), ==, "东湖测试公益服务社");
  g_assert_cmpstr (gj_record_get_text (rec, "category"), ==, "charity");
  g_assert_cmpstr (gj_record_get_text (rec, "phone"), ==, "13800138000");
  g_assert_cmpstr (gj_record_get_text (rec, "street_id"), ==, gj_store_get_street (f->check));
}

static void
test_incubation_stages (gconstpointer data)
{
  Fixture *f = &fixture;
  g_autofree char *org = create_organization (f, "枫林测试志愿服务队");
  g_autofree char *today = gj_dates_today ();
  GjRecordEditor *editor = new_record_editor (f, "incubation");
  GtkWidget *page = gj_window_get_page (f->window, "incubation");
  g_autoptr(GjRecord) rec = NULL;
  g_autofree char *id = NULL;

  gj_record_editor_set_text (editor, "organization_id", org);
  gj_record_editor_set_text (editor, "mentor", "李老师");
  g_object_ref (editor);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (editor), "editor.save", NULL));
  id = g_strdup (gj_record_editor_get_id (editor));
  g_object_unref (editor);
  gj_test_settle (f->session, 3000);

  rec = gj_store_get (f->check, gj_schema_lookup ("incubation"), id, NULL);
  g_assert_nonnull (rec);
  g_assert_cmpstr (gj_record_get_text (rec, "stage"), ==, "applied");
  g_clear_pointer (&rec, gj_record_unref);

  /* Two moves on the board: applied → admitted → incubating. */
  g_assert_true (gtk_widget_activate_action (page, "board.advance", "s", id));
  gj_test_settle (f->session, 3000);
  rec = gj_store_get (f->check, gj_schema_lookup ("incubation"), id, NULL);
  g_assert_cmpstr (gj_record_get_text (rec, "stage"), ==, "admitted");
  g_assert_cmpstr (gj_record_get_text (rec, "admitted_on"), ==, today);
  g_clear_pointer (&rec, gj_record_unref);

  g_assert_true (gtk_widget_activate_action (page, "board.advance", "s", id));
  gj_test_settle (f->session, 3000);
  rec = gj_store_get (f->check, gj_schema_lookup ("incubation"), id, NULL);
  g_assert_cmpstr (gj_record_get_text (rec, "stage"), ==, "incubating");
  g_assert_cmpstr (gj_record_get_text (rec, "stage_since"), ==, today);
}

static void
test_tick_agreement_item (gconstpointer data)
{
  Fixture *f = &fixture;
  g_autoptr(GjRecord) item = first_record (f->check, "agreement_item", "status", "pending");
  g_autoptr(GjRecord) after = NULL;
  g_autofree char *today = gj_dates_today ();
  GtkWidget *page;

  g_assert_nonnull (item);
  gj_window_show_page (f->window, "agreements");
  gj_test_settle (f->session, 3000);
  page = gj_window_get_page (f->window, "agreements");
  g_assert_true (gtk_widget_activate_action (page, "page.tick-item", "s", item->id));
  gj_test_settle (f->session, 3000);

  after = reread (f->check, item);
  g_assert_cmpstr (gj_record_get_text (after, "status"), ==, "done");
  g_assert_cmpstr (gj_record_get_text (after, "done_on"), ==, today);
}

static void
test_record_hours (gconstpointer data)
{
  Fixture *f = &fixture;
  const GjKind *volunteer = gj_schema_lookup ("volunteer");
  GjQuery q = { .limit = 2 };
  g_autoptr(GPtrArray) two = gj_store_list (f->check, volunteer, &q, NULL);
  g_autofree char *today = gj_dates_today ();
  double before[2];
  GjHoursDialog *dialog;
  GtkWidget *page;
  gint64 activities;

  g_assert_cmpuint (two->len, ==, 2);
  for (guint i = 0; i < 2; i++)
    before[i] = gj_store_hours_balance (f->check, ((GjRecord *) g_ptr_array_index (two, i))->id, NULL);
  activities = gj_store_count (f->check, gj_schema_lookup ("activity"), NULL, NULL);

  gj_window_show_page (f->window, "volunteers");
  gj_test_settle (f->session, 3000);
  page = gj_window_get_page (f->window, "volunteers");
  g_assert_true (gtk_widget_activate_action (page, "page.record-hours", NULL));
  dialog = GJ_HOURS_DIALOG (gj_test_find_toplevel (GJ_TYPE_HOURS_DIALOG));
  g_assert_nonnull (dialog);

  gj_hours_dialog_set_activity (dialog, "社区环境清洁日", today, "2.5");
  for (guint i = 0; i < 2; i++)
    g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "hours.toggle-volunteer", "s",
                                               ((GjRecord *) g_ptr_array_index (two, i))->id));
  g_assert_cmpuint (gj_hours_dialog_get_n_selected (dialog), ==, 2);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "hours.save", NULL));
  gj_test_settle (f->session, 3000);

  for (guint i = 0; i < 2; i++)
    g_assert_cmpfloat_with_epsilon (gj_store_hours_balance (f->check,
                                                            ((GjRecord *) g_ptr_array_index (two, i))->id,
                                                            NULL),
                                    before[i] + 2.5, 1e-9);
  g_assert_cmpint (gj_store_count (f->check, gj_schema_lookup ("activity"), NULL, NULL), ==,
                   activities + 1);
  g_assert_null (gj_test_find_toplevel (GJ_TYPE_HOURS_DIALOG));
}

static void
test_every_page (gconstpointer data)
{
  Fixture *f = &fixture;
  guint n_pages;
  const GjWindowPageInfo *pages = gj_window_pages_get (&n_pages);
  const char *builddir = g_getenv ("G_TEST_BUILDDIR");
  g_autofree char *dir = g_build_filename (builddir ? builddir : ".", "ui", "screenshots", NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0755), ==, 0);
  /* Chinese, as the test set out to check. */
  g_assert_cmpstr (_("Social organizations"), !=, "Social organizations");

  for (guint i = 0; i < n_pages; i++)
    {
      const char *name = pages[i].name;
      g_autofree char *file = g_strdup_printf ("%s/%02u-%s.png", dir, i + 1, name);
      GtkWidget *page;
      g_autoptr(GdkTexture) shot = NULL;
      g_autoptr(GdkTexture) content = NULL;
      double share;

      gj_window_show_page (f->window, name);
      gj_window_dismiss_toasts (f->window);
      gj_test_settle (f->session, 5000);
      g_assert_cmpstr (gj_window_get_page_name (f->window), ==, name);

      shot = gj_test_render (GTK_WIDGET (f->window));
      g_assert_true (gdk_texture_save_to_png (shot, file));
      g_test_message ("saved %s", file);

      page = gj_window_get_page (f->window, name);
      g_assert_true (gtk_widget_get_mapped (page));
      content = gj_test_render (page);
      /* A sparse page (a status page) still covers a few per cent with
       * text and icons; a page that drew nothing is one colour. */
      share = gj_test_dominant_share (content);
      g_test_message ("%s: the most common colour covers %.1f%% of the page", name, share * 100);
      if (share > 0.995)
        g_test_fail_printf ("the %s page renders blank (%.1f%% one colour)", name, share * 100);
    }
}

static void
test_dialogs (gconstpointer data)
{
  Fixture *f = &fixture;
  GtkWidget *editor, *dialog, *prefs;
  g_autoptr(GjRecord) project = first_record (f->check, "project", NULL, NULL);
  g_autoptr(GjRecord) org = first_record (f->check, "organization", NULL, NULL);

  /* An organization's editor, with its history and related records. */
  editor = GTK_WIDGET (gj_record_editor_open (GTK_WIDGET (f->window), f->session, org->kind, org, NULL));
  gtk_window_set_default_size (GTK_WINDOW (editor), 600, 780);
  gj_test_settle (f->session, 2000);
  gj_test_save_screenshot (editor, "10-organization-editor", 0.995);
  gtk_window_destroy (GTK_WINDOW (editor));

  /* A new project's form, with a wrong amount shown on its field. */
  editor = GTK_WIDGET (gj_record_editor_open (GTK_WIDGET (f->window), f->session, project->kind,
                                              NULL, NULL));
  gtk_window_set_default_size (GTK_WINDOW (editor), 600, 780);
  gj_record_editor_set_text (GJ_RECORD_EDITOR (editor), "name", "测试项目");
  gj_record_editor_set_text (GJ_RECORD_EDITOR (editor), "budget", "十二万");
  g_assert_false (gj_record_editor_save (GJ_RECORD_EDITOR (editor), NULL));
  g_assert_nonnull (gj_record_editor_get_field_error (GJ_RECORD_EDITOR (editor), "budget"));
  gj_test_settle (f->session, 2000);
  gj_test_save_screenshot (editor, "11-project-editor-errors", 0.995);
  gtk_window_destroy (GTK_WINDOW (editor));

  gj_window_show_page (f->window, "volunteers");
  gj_test_settle (f->session, 2000);
  g_assert_true (gtk_widget_activate_action (gj_window_get_page (f->window, "volunteers"),
                                             "page.record-hours", NULL));
  dialog = gj_test_find_toplevel (GJ_TYPE_HOURS_DIALOG);
  gtk_window_set_default_size (GTK_WINDOW (dialog), 560, 780);
  gj_test_settle (f->session, 2000);
  gj_test_save_screenshot (dialog, "12-record-hours", 0.995);
  gtk_window_destroy (GTK_WINDOW (dialog));

  g_action_group_activate_action (G_ACTION_GROUP (f->app), "preferences", NULL);
  prefs = gj_test_find_toplevel (ADW_TYPE_PREFERENCES_WINDOW);
  g_assert_nonnull (prefs);
  gj_test_settle (f->session, 1000);
  gj_test_save_screenshot (prefs, "13-preferences", 0.995);
  gtk_window_destroy (GTK_WINDOW (prefs));

  g_action_group_activate_action (G_ACTION_GROUP (f->app), "shortcuts", NULL);
  dialog = gj_test_find_toplevel (GTK_TYPE_SHORTCUTS_WINDOW);
  g_assert_nonnull (dialog);
  gj_test_settle (f->session, 1000);
  gj_test_save_screenshot (dialog, "14-shortcuts", 0.995);
  gtk_window_destroy (GTK_WINDOW (dialog));
}

static void
test_narrow_window (gconstpointer data)
{
  Fixture *f = &fixture;
  AdwLeaflet *leaflet = ADW_LEAFLET (gj_test_find_descendant (GTK_WIDGET (f->window),
                                                              ADW_TYPE_LEAFLET));

  /* A narrow window folds the sidebar away and shows the page alone. */
  gtk_window_set_default_size (GTK_WINDOW (f->window), 400, 760);
  gj_window_show_page (f->window, "agreements");
  gj_test_settle (f->session, 3000);
  g_assert_true (adw_leaflet_get_folded (leaflet));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.search", NULL));
  gj_test_settle (f->session, 1000);
  gj_test_save_screenshot (GTK_WIDGET (f->window), "15-narrow-agreements", 0.995);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.back", NULL));
  gj_test_settle (f->session, 1000);
  gj_test_save_screenshot (GTK_WIDGET (f->window), "16-narrow-sidebar", 0.995);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1280, 800);
  gj_test_settle (f->session, 1000);
  g_assert_false (adw_leaflet_get_folded (leaflet));
}

/* A toast shows a record's title or a file name as it is: libadwaita 1.2
 * reads a toast's title as markup, where "&" and "<" made an empty toast
 * and a warning. */
static void
test_plain_toast (gconstpointer data)
{
  Fixture *f = &fixture;
  const char *text = "东湖&西湖 <联合会> 已删除";
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  gboolean shown = FALSE;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.toast", "s", text));
  gj_test_settle (f->session, 500);
  gj_test_collect_descendants (GTK_WIDGET (f->window), GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    shown |= g_strcmp0 (gtk_label_get_text (labels->pdata[i]), text) == 0;
  g_assert_true (shown);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  if (!gj_test_init_gtk (&argc, &argv))
    {
      g_test_add_func ("/ui/app/no-display", gj_test_skip_no_display);
      return g_test_run ();
    }

  fixture_set_up (&fixture);
  g_test_add_data_func ("/ui/app/create-organization", NULL, test_create_organization);
  g_test_add_data_func ("/ui/app/incubation-stages", NULL, test_incubation_stages);
  g_test_add_data_func ("/ui/app/tick-agreement-item", NULL, test_tick_agreement_item);
  g_test_add_data_func ("/ui/app/record-hours", NULL, test_record_hours);
  g_test_add_data_func ("/ui/app/every-page", NULL, test_every_page);
  g_test_add_data_func ("/ui/app/dialogs", NULL, test_dialogs);
  g_test_add_data_func ("/ui/app/narrow-window", NULL, test_narrow_window);
  g_test_add_data_func ("/ui/app/plain-toast", NULL, test_plain_toast);
  status = g_test_run ();
  fixture_tear_down (&fixture);
  return status;
}
