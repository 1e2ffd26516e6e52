/* test-report.c: printing and saving reports from the window, in Chinese
 *
 * An agreement shown on its page is saved as PDF through the window's
 * action (with a path, as the file chooser would give it), and the file is
 * read back; the indicator report's dialog is opened; and the print path
 * exports the same report through GtkPrintOperation, to show that it lays
 * out and draws every page.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <cairo-pdf.h>
#include <glib/gstdio.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "gj-data-error.h"
#include "gj-record-table.h"
#include "gj-report-dialog.h"
#include "gj-report-job.h"
#include "gj-report-print.h"
#include "gj-report-render.h"
#include "gj-reports.h"
#include "gj-test-pdf.h"
#include "gj-test-util.h"

typedef struct
{
  char          *path;
  char          *dir;
  GjApplication *app;
  GjWindow      *window;
  GjSession     *session;
  GjStore       *check;   /* a second connection, as another process would see the file */
} Fixture;

static Fixture fixture;

/* @text without white space, so that a title wrapped over two lines
 * still reads as one. */
static char *
squeeze (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p; p++)
    if (!g_ascii_isspace (*p))
      g_string_append_c (out, *p);
  return g_string_free (out, FALSE);
}

static void
assert_has_text (const char *haystack,
                 const char *needle)
{
  g_autofree char *h = squeeze (haystack);
  g_autofree char *n = squeeze (needle);

  if (strstr (h, n) == NULL)
    g_error ("“%s” is not in the PDF's text:\n%s", needle, haystack);
}

static void
fixture_set_up (Fixture *f)
{
  g_autoptr(GError) error = NULL;

  f->path = gj_test_demo_database ();
  f->dir = g_path_get_dirname (f->path);
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
  g_free (f->dir);
  g_free (f->path);
}

static void
test_save_agreement (void)
{
  Fixture *f = &fixture;
  g_autoptr(GjRecord) agreement =
    gj_test_select_first_row (f->window, f->session, "agreements", NULL);
  g_autofree char *pdf = g_build_filename (f->dir, "协议书.pdf", NULL);
  g_autoptr(GjReport) expected = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;

  expected = gj_reports_agreement (f->check, agreement->id, &error);
  g_assert_no_error (error);

  /* The page's menu asks the window; the window asks for a file, which
   * "win.save-report-to" is given instead. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.save-report-to",
                                             "(ssss)", "agreement", agreement->id, "", pdf));
  while (!g_file_test (pdf, G_FILE_TEST_EXISTS) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (g_file_test (pdf, G_FILE_TEST_EXISTS));
  gj_test_settle (f->session, 1000);

  text = gj_test_pdf_text (pdf);
  g_assert_cmpuint (gj_test_pdf_assert_no_blank_page (pdf), >=, 1);
  assert_has_text (text, gj_report_get_title (expected));
  assert_has_text (text, gj_record_get_title (agreement));

  gj_window_dismiss_toasts (f->window);
  gj_test_settle (f->session, 500);
  gj_test_save_screenshot (GTK_WIDGET (f->window), "report-agreement", 0.995);
}

static void
test_refusals (void)
{
  Fixture *f = &fixture;
  g_autoptr(GError) error = NULL;
  g_autoptr(GjReportJob) job = NULL;

  job = gj_report_job_new (f->session, "no-such-report", "", "", &error);
  g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID);
  g_assert_null (job);
  g_clear_error (&error);
  job = gj_report_job_new (f->session, "indicators", "", "2026Q5", &error);
  g_assert_nonnull (error);
  g_assert_null (job);
  g_clear_error (&error);
  job = gj_report_job_new (f->session, "agreement", "", "", &error);
  g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_NOT_FOUND);
  g_clear_error (&error);
  job = gj_report_job_new (f->session, "time-bank", "0123456789", "2026-12-31/2026-01-01", &error);
  g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID);
  g_clear_error (&error);
  job = gj_report_job_new (f->session, "time-bank", "0123456789", "2026-02-30/", &error);
  g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID);
  g_clear_error (&error);
  job = gj_report_job_new (f->session, "volunteer-certificate", "0123456789", "/2026-06-30",
                           &error);
  g_assert_no_error (error);
  g_assert_nonnull (job);
}

static void
test_indicator_dialog (void)
{
  Fixture *f = &fixture;
  GtkWidget *dialog;

  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();
  GtkWidget *reports = NULL;

  /* The Overview's Reports button opens it. */
  gj_window_show_page (f->window, "overview");
  gj_test_settle (f->session, 2000);
  gj_test_collect_descendants (gj_window_get_page (f->window, "overview"), GTK_TYPE_BUTTON,
                               buttons);
  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_actionable_get_action_name (g_ptr_array_index (buttons, i)),
                   "win.indicator-report") == 0)
      reports = g_ptr_array_index (buttons, i);
  g_assert_nonnull (reports);
  g_assert_true (gtk_widget_is_sensitive (reports));
  g_signal_emit_by_name (reports, "clicked");
  dialog = gj_test_find_toplevel (GJ_TYPE_REPORT_DIALOG);
  g_assert_nonnull (dialog);
  gj_test_settle (f->session, 1000);
  gj_test_save_screenshot (dialog, "report-indicator-dialog", 0.995);
  gtk_window_destroy (GTK_WINDOW (dialog));
  gj_test_settle (f->session, 500);
}

static void
test_volunteer_dialog (void)
{
  Fixture *f = &fixture;
  g_autoptr(GPtrArray) volunteers = gj_store_list (f->check, gj_schema_lookup ("volunteer"), NULL,
                                                  NULL);
  g_autoptr(GPtrArray) combos = g_ptr_array_new ();
  g_autoptr(GPtrArray) entries = g_ptr_array_new ();
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  GjRecord *volunteer;
  GtkWidget *dialog;
  GtkWidget *range, *from, *to;
  gboolean error_shown = FALSE;

  g_assert_cmpuint (volunteers->len, >, 0);
  volunteer = g_ptr_array_index (volunteers, 0);
  gj_window_show_page (f->window, "volunteers");
  gj_test_settle (f->session, 2000);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.report-dialog", "(ss)",
                                             "volunteer-certificate", volunteer->id));
  dialog = gj_test_find_toplevel (GJ_TYPE_REPORT_DIALOG);
  g_assert_nonnull (dialog);
  gj_test_collect_descendants (dialog, ADW_TYPE_COMBO_ROW, combos);
  gj_test_collect_descendants (dialog, ADW_TYPE_ENTRY_ROW, entries);
  g_assert_cmpuint (combos->len, ==, 2);
  g_assert_cmpuint (entries->len, ==, 2);
  /* The quarter is the indicator report's; a volunteer's report asks
   * for dates, and shows their rows only once they are chosen. */
  g_assert_false (gtk_widget_get_visible (g_ptr_array_index (combos, 0)));
  range = g_ptr_array_index (combos, 1);
  from = g_ptr_array_index (entries, 0);
  to = g_ptr_array_index (entries, 1);
  g_assert_false (gtk_widget_get_visible (from));
  adw_combo_row_set_selected (ADW_COMBO_ROW (range), 3);
  g_assert_true (gtk_widget_get_visible (from));

  /* A date that is none keeps the dialog open, saying why. */
  gtk_editable_set_text (GTK_EDITABLE (from), "2026-02-30");
  gtk_editable_set_text (GTK_EDITABLE (to), "2026-12-31");
  g_assert_true (gtk_widget_activate_action (dialog, "report.save", NULL));
  g_assert_true (gj_test_find_toplevel (GJ_TYPE_REPORT_DIALOG) == dialog);
  g_assert_true (gtk_widget_has_css_class (from, "error"));
  gj_test_collect_descendants (dialog, GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    {
      GtkWidget *label = g_ptr_array_index (labels, i);

      if (gtk_widget_has_css_class (label, "error") && gtk_widget_get_visible (label))
        error_shown = TRUE;
    }
  g_assert_true (error_shown);
  gj_test_settle (f->session, 500);
  gj_test_save_screenshot (dialog, "report-volunteer-dialog", 0.995);
  gtk_window_destroy (GTK_WINDOW (dialog));
  gj_test_settle (f->session, 500);
}

/* The indicator report as a spreadsheet, through the same action. */
static void
test_save_indicators (void)
{
  Fixture *f = &fixture;
  g_autofree char *xlsx = g_build_filename (f->dir, "指标.xlsx", NULL);
  gint64 deadline = g_get_monotonic_time () + 30 * G_USEC_PER_SEC;
  g_autofree char *contents = NULL;
  gsize length = 0;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.save-report-to",
                                             "(ssss)", "indicators", "", "2026", xlsx));
  while (!g_file_test (xlsx, G_FILE_TEST_EXISTS) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_true (g_file_get_contents (xlsx, &contents, &length, NULL));
  /* An XLSX file is a zip archive. */
  g_assert_cmpuint (length, >, 4);
  g_assert_cmpmem (contents, 2, "PK", 2);
  gj_test_settle (f->session, 500);
}

static void
written_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  GError **error = user_data;

  g_assert_false (gj_report_job_write_finish (GJ_REPORT_JOB (source), result, error));
}

static void
built_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  gboolean *done = user_data;
  g_autoptr(GError) error = NULL;

  g_assert_true (gj_report_job_build_finish (GJ_REPORT_JOB (source), result, &error));
  g_assert_no_error (error);
  *done = TRUE;
}

/* The pages a layout makes for a page of @width × @height points. */
static guint
expected_pages (GjReport *report,
                double    width,
                double    height)
{
  cairo_surface_t *surface = cairo_pdf_surface_create (NULL, width, height);
  cairo_t *cr = cairo_create (surface);
  PangoContext *context = pango_cairo_create_context (cr);
  GjReportLayout *layout = gj_report_layout_new (report, context, width, height);
  guint n = gj_report_layout_get_n_pages (layout);

  gj_report_layout_free (layout);
  g_object_unref (context);
  cairo_destroy (cr);
  cairo_surface_destroy (surface);
  return n;
}

static void
test_print_export (void)
{
  Fixture *f = &fixture;
  g_autoptr(GjRecord) agreement =
    gj_test_select_first_row (f->window, f->session, "agreements", NULL);
  g_autofree char *pdf = g_build_filename (f->dir, "printed.pdf", NULL);
  g_autoptr(GjReportJob) job = NULL;
  g_autoptr(GjReportPrint) print = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;
  GtkPageSetup *setup;
  GtkPrintOperationResult result;
  gboolean done = FALSE;
  int n_pages = 0;

  job = gj_report_job_new (f->session, "agreement", agreement->id, "", &error);
  g_assert_no_error (error);
  gj_report_job_build_async (job, NULL, built_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);

  print = gj_report_print_new (gj_report_job_get_report (job));
  setup = gtk_print_operation_get_default_page_setup (GTK_PRINT_OPERATION (print));
  g_assert_nonnull (setup);
  g_assert_cmpstr (gtk_paper_size_get_name (gtk_page_setup_get_paper_size (setup)), ==,
                   GTK_PAPER_NAME_A4);
  gtk_print_operation_set_export_filename (GTK_PRINT_OPERATION (print), pdf);
  result = gtk_print_operation_run (GTK_PRINT_OPERATION (print),
                                    GTK_PRINT_OPERATION_ACTION_EXPORT,
                                    GTK_WINDOW (f->window), &error);
  g_assert_no_error (error);
  g_assert_cmpint (result, ==, GTK_PRINT_OPERATION_RESULT_APPLY);
  g_object_get (print, "n-pages", &n_pages, NULL);

  /* The whole sheet is drawn on, as in the PDF: the same pages. */
  text = gj_test_pdf_text (pdf);
  g_assert_cmpint (n_pages, >=, 1);
  g_assert_cmpuint (gj_test_pdf_assert_no_blank_page (pdf), ==, (guint) n_pages);
  g_assert_cmpuint (n_pages, ==,
                    expected_pages (gj_report_job_get_report (job),
                                    gtk_page_setup_get_paper_width (setup, GTK_UNIT_POINTS),
                                    gtk_page_setup_get_paper_height (setup, GTK_UNIT_POINTS)));
  assert_has_text (text, gj_report_get_title (gj_report_job_get_report (job)));
  assert_has_text (text, gj_record_get_title (agreement));
}

/* A write cancelled leaves no file; the indicator report prints across
 * the page. */
static void
test_cancel_and_landscape (void)
{
  Fixture *f = &fixture;
  g_autofree char *pdf = g_build_filename (f->dir, "cancelled.pdf", NULL);
  g_autoptr(GjReportJob) job = NULL;
  g_autoptr(GjReportPrint) print = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GFile) file = g_file_new_for_path (pdf);
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  gboolean done = FALSE;

  job = gj_report_job_new (f->session, "indicators", "", "2026Q4", &error);
  g_assert_no_error (error);
  gj_report_job_build_async (job, NULL, built_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
  name = gj_report_job_suggest_name (job, GJ_REPORT_FORMAT_XLSX);
  g_assert_true (g_str_has_suffix (name, ".xlsx"));
  g_assert_null (strchr (name, '/'));

  g_cancellable_cancel (cancellable);
  gj_report_job_write_async (job, GJ_REPORT_FORMAT_PDF, file, cancellable, written_cb, &error);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (g_file_test (pdf, G_FILE_TEST_EXISTS));

  print = gj_report_print_new (gj_report_job_get_report (job));
  g_assert_cmpint (gtk_page_setup_get_orientation (gtk_print_operation_get_default_page_setup (
                     GTK_PRINT_OPERATION (print))), ==, GTK_PAGE_ORIENTATION_LANDSCAPE);
}

/* Ctrl+P on the agreements page brings up GTK's print dialog for the
 * shown agreement; cancelling it ends the run. */
static void
test_print_dialog (void)
{
  Fixture *f = &fixture;
  g_autoptr(GjRecord) agreement =
    gj_test_select_first_row (f->window, f->session, "agreements", NULL);
  gint64 deadline = g_get_monotonic_time () + 20 * G_USEC_PER_SEC;
  GtkWidget *dialog = NULL;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.print", NULL));
  while ((dialog = gj_test_find_toplevel (GTK_TYPE_DIALOG)) == NULL &&
         g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_nonnull (dialog);
  g_assert_cmpstr (G_OBJECT_TYPE_NAME (dialog), ==, "GtkPrintUnixDialog");
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (f->window));
  gj_test_settle (f->session, 1000);
  gj_test_save_screenshot (dialog, "report-print-dialog", 0.995);
  gtk_dialog_response (GTK_DIALOG (dialog), GTK_RESPONSE_CANCEL);
  gj_test_settle (f->session, 1000);
  g_assert_null (gj_test_find_toplevel (GTK_TYPE_DIALOG));
}

int
main (int   argc,
      char *argv[])
{
  int status;

  if (!gj_test_init_gtk (&argc, &argv))
    {
      g_test_add_func ("/ui/report/no-display", gj_test_skip_no_display);
      return g_test_run ();
    }

  fixture_set_up (&fixture);
  g_test_add_func ("/ui/report/save-agreement", test_save_agreement);
  g_test_add_func ("/ui/report/refusals", test_refusals);
  g_test_add_func ("/ui/report/indicator-dialog", test_indicator_dialog);
  g_test_add_func ("/ui/report/volunteer-dialog", test_volunteer_dialog);
  g_test_add_func ("/ui/report/save-indicators", test_save_indicators);
  g_test_add_func ("/ui/report/cancel-and-landscape", test_cancel_and_landscape);
  g_test_add_func ("/ui/report/print-export", test_print_export);
  g_test_add_func ("/ui/report/print-dialog", test_print_dialog);
  status = g_test_run ();
  fixture_tear_down (&fixture);
  return status;
}
