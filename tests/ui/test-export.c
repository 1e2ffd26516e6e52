/* test-export.c: the organizations list into a spreadsheet from the app
 *
 * The list is searched and sorted as a person would, Export… is chosen,
 * the file chooser is answered (a name, and the choice to show ID and
 * phone numbers in full), and the file written is read back: the rows
 * the list shows, in its order, phones whole. Then an export through the
 * widget's call, masked, and a long one cancelled from its progress
 * dialog. Screenshots of the chooser, the toast and the progress.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>

#include "gj-record-table.h"
#include "gj-test-util.h"
#include "gj-validate.h"
#include "gj-workbook.h"

static GjSheet *
read_back (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GjWorkbook) book = gj_workbook_open (path, &error);
  GjSheet *sheet;

  g_assert_no_error (error);
  sheet = gj_workbook_read_sheet (book, 0, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  return sheet;
}

/* The column of the sheet headed @label. */
static guint
column_of (GjSheet    *sheet,
           const char *label)
{
  for (guint c = 0; c < gj_sheet_get_n_columns (sheet); c++)
    if (g_str_equal (gj_sheet_get_text (sheet, 0, c), label))
      return c;
  g_error ("no column “%s” in the export", label);
}

/* The sheet holds @records in order: their names and their phones, whole
 * or masked. */
static void
check_rows (GjSheet   *sheet,
            GPtrArray *records,
            gboolean   reveal)
{
  guint name = column_of (sheet, _("Name"));
  guint phone = column_of (sheet, _("Leader's phone"));
  guint n_phones = 0;

  g_assert_cmpuint (gj_sheet_get_n_rows (sheet), ==, records->len + 1);
  for (guint r = 0; r < records->len; r++)
    {
      GjRecord *rec = g_ptr_array_index (records, r);
      const char *want = gj_record_get_text (rec, "phone");
      g_autofree char *masked = want ? gj_mask_sensitive (want) : NULL;

      g_assert_cmpstr (gj_sheet_get_text (sheet, r + 1, name), ==, gj_record_get_title (rec));
      if (want == NULL)
        continue;
      g_assert_cmpstr (gj_sheet_get_text (sheet, r + 1, phone), ==, reveal ? want : masked);
      n_phones++;
    }
  g_assert_cmpuint (n_phones, >, 0);
}

static void
wait_for_file (const char *path,
               GjSession  *session)
{
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

  while (!g_file_test (path, G_FILE_TEST_EXISTS) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (g_file_test (path, G_FILE_TEST_EXISTS));
  gj_test_settle (session, 500);
}

static void
exported_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  gint64 *n = user_data;
  g_autoptr(GError) error = NULL;

  *n = gj_record_table_export_finish (GJ_RECORD_TABLE (source), result, &error);
  g_assert_no_error (error);
}

typedef struct
{
  gboolean done;
  gint64   n;
  GError  *error;
} Outcome;

static void
outcome_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Outcome *o = user_data;

  o->n = gj_record_table_export_finish (GJ_RECORD_TABLE (source), result, &o->error);
  o->done = TRUE;
}

/* Enough organizations that an export takes longer than the progress
 * dialog's delay, written through a connection of the test's own. */
static void
add_many (const char *db,
          guint       n)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GjStore) store = gj_store_open (db, &error);

  GjQuery q = { .limit = 1 };
  g_autoptr(GPtrArray) communities = NULL;

  g_assert_no_error (error);
  communities = gj_store_list (store, gj_schema_lookup ("community"), &q, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (communities->len, ==, 1);
  g_assert_true (gj_store_begin (store, &error));
  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GjRecord) rec = gj_record_new_for ("organization");
      g_autofree char *name = g_strdup_printf ("测试组织%05u", i);

      gj_record_set_text (rec, "name", name);
      gj_record_set_text (rec, "community_id", ((GjRecord *) communities->pdata[0])->id);
      gj_record_set_text (rec, "legal_form", "community_filed");
      gj_record_set_text (rec, "category", "elderly_care");
      gj_record_set_text (rec, "phone", "13812345678");
      g_assert_true (gj_store_insert (store, rec, &error));
    }
  g_assert_true (gj_store_commit (store, &error));
  g_assert_no_error (error);
}

/* A long export shows its progress; Cancel stops it and leaves no file. */
static void
cancel_long_export (GjRecordTable *table,
                    GjSession     *session,
                    const char    *db,
                    const char    *dir)
{
  g_autofree char *path = g_build_filename (dir, "long.xlsx", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (path);
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  Outcome o = { FALSE, 0, NULL };
  GtkWidget *dialog = NULL;

  add_many (db, 40000);
  gtk_editable_set_text (GTK_EDITABLE (gj_test_find_descendant (GTK_WIDGET (table),
                                                                GTK_TYPE_SEARCH_ENTRY)), "");
  gj_test_settle (session, 3000);
  gj_record_table_export_async (table, file, FALSE, NULL, outcome_cb, &o);
  while (!o.done && dialog == NULL && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, TRUE);
      dialog = gj_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
    }
  if (dialog != NULL)
    {
      /* Let the bar move, then cancel as a person would. */
      g_autoptr(GtkWidget) held = g_object_ref (dialog);

      for (int i = 0; i < 5; i++)
        g_main_context_iteration (NULL, FALSE);
      /* On a busy machine the export can end, and take its dialog away,
       * while the screenshot waits for a frame. */
      if (gj_test_save_screenshot_if_shown (dialog, "42-export-progress", 0.999) && !o.done)
        adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
    }
  while (!o.done && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (o.done);
  if (o.error == NULL)
    {
      /* A fast machine wrote it all before the dialog was due, or before
       * the cancel. */
      g_assert_cmpint (o.n, >, 40000);
      g_remove (path);
      g_test_incomplete ("the export ended before it could be cancelled");
      return;
    }
  g_assert_error (o.error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_clear_error (&o.error);
  g_assert_false (g_file_test (path, G_FILE_TEST_EXISTS));
}

static void
test_export_organizations (void)
{
  g_autofree char *db = gj_test_demo_database ();
  g_autofree char *dir = g_dir_make_tmp ("gj-ui-export-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "组织.xlsx", NULL);
  g_autofree char *masked_path = g_build_filename (dir, "masked.xlsx", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) want = NULL;
  g_autoptr(GjSheet) sheet = NULL;
  g_autoptr(GFile) folder = g_file_new_for_path (dir);
  GjApplication *app = NULL;
  GjWindow *window = gj_test_start_app (db, &app);
  GjSession *session = gj_window_get_session (window);
  const GjKind *kind = gj_schema_lookup ("organization");
  const GjQuery q = { .text = "互助", .sort_field = "founded", .descending = TRUE };
  GjRecordTable *table;
  GtkWidget *chooser;
  GtkWidget *button;
  gint64 n = -1;

  gtk_window_set_default_size (GTK_WINDOW (window), 1280, 800);
  gj_window_show_page (window, "organizations");
  gj_test_settle (session, 3000);
  table = GJ_RECORD_TABLE (gj_window_get_page (window, "organizations"));

  /* The list searched and sorted by founding date, newest first. */
  gtk_editable_set_text (GTK_EDITABLE (gj_test_find_descendant (GTK_WIDGET (table),
                                                                GTK_TYPE_SEARCH_ENTRY)), "互助");
  gj_record_table_sort_by (table, "founded", TRUE);
  gj_test_settle (session, 3000);
  want = gj_store_list (gj_session_get_store (session), kind, &q, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (want->len, >, 1);
  g_assert_cmpint (want->len, <, gj_store_count (gj_session_get_store (session), kind, NULL, NULL));
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gj_record_table_get_list (table))),
                    ==, want->len);

  /* Export… in the list's spreadsheet menu. */
  button = gj_test_find_descendant (GTK_WIDGET (table), GTK_TYPE_MENU_BUTTON);
  g_assert_nonnull (button);
  g_assert_true (gtk_widget_get_visible (button));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (table), "table.export", NULL));
  gj_test_settle (session, 500);

  /* Without a portal the native chooser is GTK's own dialog. */
  chooser = gj_test_find_toplevel (GTK_TYPE_FILE_CHOOSER_DIALOG);
  if (chooser == NULL)
    {
      g_autoptr(GFile) file = g_file_new_for_path (path);

      g_test_message ("the chooser went through a portal; exporting through the call");
      gj_record_table_export_async (table, file, TRUE, NULL, exported_cb, &n);
    }
  else
    {
      const char *name = gtk_file_chooser_get_current_name (GTK_FILE_CHOOSER (chooser));

      g_assert_true (g_str_has_prefix (name, _("Social organizations")));
      g_assert_true (g_str_has_suffix (name, ".xlsx"));
      g_assert_cmpstr (gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (chooser), "reveal"), ==,
                       "false");
      gj_test_save_screenshot (chooser, "40-export-chooser", 0.995);
      g_assert_true (gtk_file_chooser_set_current_folder (GTK_FILE_CHOOSER (chooser), folder,
                                                          &error));
      g_assert_no_error (error);
      gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), "组织");
      gtk_file_chooser_set_choice (GTK_FILE_CHOOSER (chooser), "reveal", "true");
      gtk_dialog_response (GTK_DIALOG (chooser), GTK_RESPONSE_ACCEPT);
    }
  /* The name gains .xlsx. */
  wait_for_file (path, session);
  sheet = read_back (path);
  check_rows (sheet, want, TRUE);
  g_clear_pointer (&sheet, gj_sheet_unref);
  gj_test_save_screenshot (GTK_WIDGET (window), "41-export-toast", 0.995);

  /* Through the call, masked by default. */
  {
    g_autoptr(GFile) file = g_file_new_for_path (masked_path);
    gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;

    n = -1;
    gj_record_table_export_async (table, file, FALSE, NULL, exported_cb, &n);
    while (n < 0 && g_get_monotonic_time () < deadline)
      g_main_context_iteration (NULL, TRUE);
    g_assert_cmpint (n, ==, want->len);
  }
  sheet = read_back (masked_path);
  check_rows (sheet, want, FALSE);
  g_remove (path);
  g_remove (masked_path);

  cancel_long_export (table, session, db, dir);
  /* Nothing but what was exported is left in the folder. */
  {
    g_autoptr(GDir) d = g_dir_open (dir, 0, NULL);

    g_assert_null (g_dir_read_name (d));
  }

  gj_test_stop_app (app, window);
  gj_test_remove_database (db);
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  if (!gj_test_init_gtk (&argc, &argv))
    {
      g_test_add_func ("/ui/export/no-display", gj_test_skip_no_display);
      return g_test_run ();
    }

  g_test_add_func ("/ui/export/organizations", test_export_organizations);
  return g_test_run ();
}
