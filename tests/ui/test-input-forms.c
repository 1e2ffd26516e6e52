/* test-input-forms.c: dates and money typed as the app shows them, the
 * date picker on the field's day, and a rule between fields shown on its
 * row, in a project's editor at 1366×768 and at 800×600 (issue 15, items
 * 3-4)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "gj-data-error.h"
#include "gj-date-row.h"
#include "gj-field-row.h"
#include "gj-record-editor.h"
#include "gj-test-util.h"
#include "gj-window.h"

typedef struct
{
  char          *path;
  GjApplication *app;
  GjWindow      *window;
  GjSession     *session;
  GjStore       *check;   /* a second connection, as another process would see the file */
} Fixture;

/* One application for the whole program: a GApplication registers once
 * per process. */
static Fixture fixture;

typedef struct
{
  const char *name;
  int         width, height;
} Size;

static const Size sizes[] = {
  { "1366x768", 1366, 768 },
  { "800x600", 800, 600 },
};

static GjRecord *
first_project (GjStore *store)
{
  GjQuery q = { .limit = 1 };
  g_autoptr(GPtrArray) records = gj_store_list (store, gj_schema_lookup ("project"), &q, NULL);

  g_assert_nonnull (records);
  g_assert_cmpuint (records->len, >, 0);
  return gj_record_ref (g_ptr_array_index (records, 0));
}

/* The editor's row of @field. */
static GtkWidget *
row_of (GtkWidget  *editor,
        const char *field)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();

  gj_test_collect_descendants (editor, GJ_TYPE_FIELD_ROW, rows);
  for (guint i = 0; i < rows->len; i++)
    if (g_str_equal (gj_field_row_get_field (rows->pdata[i])->name, field))
      return rows->pdata[i];
  g_error ("the editor has no row for %s", field);
}

/* Types @text into the row of @field as a person does: into its entry. */
static void
type_into (GtkWidget  *editor,
           const char *field,
           const char *text)
{
  GtkWidget *row = row_of (editor, field);

  g_assert_true (GTK_IS_EDITABLE (row));
  gtk_editable_set_text (GTK_EDITABLE (row), text);
}

static GtkWidget *
open_editor (Fixture        *f,
             const Size     *size,
             GjRecord       *rec)
{
  GtkWidget *editor = GTK_WIDGET (gj_record_editor_open (GTK_WIDGET (f->window), f->session,
                                                         rec->kind, rec, NULL));

  /* An editor as tall as it can be over the window, as on a small screen. */
  gtk_window_set_default_size (GTK_WINDOW (editor), MIN (640, size->width - 40),
                               size->height - 40);
  gj_test_settle (f->session, 2000);
  return editor;
}

static void
test_forms (gconstpointer data)
{
  const Size *size = data;
  Fixture *f = &fixture;
  g_autoptr(GjRecord) project = first_project (f->check);
  g_autoptr(GjRecord) stored = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *shot = NULL;
  GtkWidget *editor, *date_row, *button, *calendar;
  const char *message;
  int month = -1, year = -1;

  gtk_window_set_default_size (GTK_WINDOW (f->window), size->width, size->height);
  gj_test_settle (f->session, 1000);

  /* The forms the app itself shows are taken, and stored as data. */
  editor = open_editor (f, size, project);
  type_into (editor, "start_on", "2026/3/5");
  type_into (editor, "end_on", "2027年1月15日");
  type_into (editor, "budget", "20万");
  type_into (editor, "gov_funds", "1.5万");
  type_into (editor, "social_funds", "¥300");
  g_assert_null (gj_field_row_get_error (GJ_FIELD_ROW (row_of (editor, "end_on"))));
  g_assert_null (gj_field_row_get_error (GJ_FIELD_ROW (row_of (editor, "budget"))));
  /* The dates in view on a small screen, as the person typing sees them. */
  gtk_widget_grab_focus (row_of (editor, "end_on"));
  gj_test_settle (f->session, 2000);
  shot = g_strdup_printf ("input-forms-%s-typed", size->name);
  gj_test_save_screenshot (editor, shot, 0.995);
  g_assert_true (gj_record_editor_save (GJ_RECORD_EDITOR (editor), &error));
  g_assert_no_error (error);
  gtk_window_destroy (GTK_WINDOW (editor));
  gj_test_settle (f->session, 2000);

  stored = gj_store_get (f->check, project->kind, project->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gj_record_get_text (stored, "start_on"), ==, "2026-03-05");
  g_assert_cmpstr (gj_record_get_text (stored, "end_on"), ==, "2027-01-15");
  g_assert_cmpint (gj_record_get_int (stored, "budget"), ==, 20000000);
  g_assert_cmpint (gj_record_get_int (stored, "gov_funds"), ==, 1500000);
  g_assert_cmpint (gj_record_get_int (stored, "social_funds"), ==, 30000);

  /* The picker opens on the field's month, not on today's. */
  editor = open_editor (f, size, stored);
  date_row = row_of (editor, "end_on");
  g_assert_true (GJ_IS_DATE_ROW (date_row));
  button = gj_test_find_descendant (date_row, GTK_TYPE_MENU_BUTTON);
  g_assert_nonnull (button);
  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  gj_test_settle (f->session, 1000);
  calendar = gj_test_find_descendant (GTK_WIDGET (gtk_menu_button_get_popover
                                                  (GTK_MENU_BUTTON (button))),
                                      GTK_TYPE_CALENDAR);
  g_assert_nonnull (calendar);
  g_object_get (calendar, "month", &month, "year", &year, NULL);
  g_assert_cmpint (year, ==, 2027);
  g_assert_cmpint (month, ==, 0);  /* January */
  g_free (shot);
  shot = g_strdup_printf ("input-forms-%s-picker", size->name);
  gj_test_save_screenshot (calendar, shot, 0.995);
  gtk_menu_button_popdown (GTK_MENU_BUTTON (button));

  /* A date typed in the app's display form moves the picker there too. */
  type_into (editor, "end_on", "2026年12月1日");
  gtk_menu_button_popup (GTK_MENU_BUTTON (button));
  gj_test_settle (f->session, 500);
  g_object_get (calendar, "month", &month, "year", &year, NULL);
  g_assert_cmpint (year, ==, 2026);
  g_assert_cmpint (month, ==, 11);
  gtk_menu_button_popdown (GTK_MENU_BUTTON (button));

  /* Rules between fields: each shown on the row to correct. */
  type_into (editor, "end_on", "2026.3.4");
  g_assert_false (gj_record_editor_save (GJ_RECORD_EDITOR (editor), &error));
  g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID);
  g_clear_error (&error);
  message = gj_record_editor_get_field_error (GJ_RECORD_EDITOR (editor), "end_on");
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (message, "2026-03-05"));
  g_assert_null (gj_record_editor_get_field_error (GJ_RECORD_EDITOR (editor), "start_on"));

  type_into (editor, "end_on", "2027年1月15日");
  type_into (editor, "social_funds", "19万");
  g_assert_false (gj_record_editor_save (GJ_RECORD_EDITOR (editor), &error));
  g_clear_error (&error);
  g_assert_null (gj_record_editor_get_field_error (GJ_RECORD_EDITOR (editor), "end_on"));
  message = gj_record_editor_get_field_error (GJ_RECORD_EDITOR (editor), "social_funds");
  g_assert_nonnull (message);
  g_assert_nonnull (strstr (message, "205,000.00"));
  gtk_widget_grab_focus (row_of (editor, "social_funds"));
  gj_test_settle (f->session, 1000);
  g_free (shot);
  shot = g_strdup_printf ("input-forms-%s-funds-error", size->name);
  gj_test_save_screenshot (editor, shot, 0.995);
  gtk_window_destroy (GTK_WINDOW (editor));
  gj_test_settle (f->session, 1000);

  /* Nothing of the refused saves was written. */
  g_clear_pointer (&stored, gj_record_unref);
  stored = gj_store_get (f->check, project->kind, project->id, &error);
  g_assert_cmpstr (gj_record_get_text (stored, "end_on"), ==, "2027-01-15");
  g_assert_cmpint (gj_record_get_int (stored, "social_funds"), ==, 30000);
}

int
main (int   argc,
      char *argv[])
{
  int status;
  g_autoptr(GError) error = NULL;

  if (!gj_test_init_gtk (&argc, &argv))
    {
      g_test_add_func ("/ui/input-forms/no-display", gj_test_skip_no_display);
      return g_test_run ();
    }

  fixture.path = gj_test_demo_database ();
  fixture.window = gj_test_start_app (fixture.path, &fixture.app);
  fixture.session = gj_window_get_session (fixture.window);
  gj_test_settle (fixture.session, 5000);
  fixture.check = gj_store_open (fixture.path, &error);
  g_assert_no_error (error);

  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autofree char *path = g_strdup_printf ("/ui/input-forms/%s", sizes[i].name);

      g_test_add_data_func (path, &sizes[i], test_forms);
    }
  status = g_test_run ();

  g_clear_object (&fixture.check);
  gj_test_stop_app (fixture.app, fixture.window);
  gj_test_remove_database (fixture.path);
  g_free (fixture.path);
  return status;
}
