/* gj-window-reports.c: printing and saving reports from the main window
 *
 * Part of GjWindow. Pages ask for a report through actions with the
 * report's name, the record's id and the period (see gj-report-job.h):
 * "win.print-report", "win.preview-report", "win.save-report" (PDF) and
 * "win.save-report-spreadsheet" (XLSX), each "(sss)"; "win.save-report-to"
 * "(ssss)" writes to the path it is given, without asking, as scripts and
 * tests need; "win.report-dialog" "(ss)" asks for the period first and
 * "win.indicator-report" does so for the indicator report.
 *
 * A report is built and written off the main thread. When that takes a
 * moment a toast says what is under way, with a Cancel button; closing
 * the window cancels every report still running.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-window"

#include "config.h"

#include <glib/gi18n.h>

#include "gj-gtk-compat.h"
#include "gj-report-dialog.h"
#include "gj-report-job.h"
#include "gj-report-print.h"
#include "gj-window-private.h"

/* Quick reports show no progress toast at all. */
#define PROGRESS_DELAY_MS 400
#define PROGRESS_INTERVAL_MS 200

typedef enum
{
  RUN_PRINT,
  RUN_PREVIEW,
  RUN_SAVE,
} RunType;

typedef struct
{
  GjWindow       *self;
  GjReportJob    *job;
  RunType         type;
  GjReportFormat  format;
  GFile          *file;
  GCancellable   *cancellable;
  gulong          window_cancel_id;
  AdwToast       *progress;
  guint           progress_source;
  /* A print's "done" may come before gtk_print_operation_run() returns. */
  gboolean        print_waiting;
  gboolean        print_done;
  GtkPrintOperationResult print_result;
} Run;

static void
run_free (Run *run)
{
  g_clear_handle_id (&run->progress_source, g_source_remove);
  if (run->progress != NULL)
    adw_toast_dismiss (run->progress);
  g_clear_object (&run->progress);
  g_cancellable_disconnect (run->self->cancellable, run->window_cancel_id);
  g_object_unref (run->self);
  g_object_unref (run->job);
  g_clear_object (&run->file);
  g_object_unref (run->cancellable);
  g_free (run);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Run, run_free)

/* A report that ends as the window goes says nothing. */
static void
add_toast (GjWindow *self,
           AdwToast *toast)
{
  if (self->cancellable == NULL || g_cancellable_is_cancelled (self->cancellable))
    {
      g_object_unref (toast);
      return;
    }
  gj_window_add_toast (self, toast);
}

static void
window_cancelled_cb (GCancellable *window_cancellable,
                     GCancellable *cancellable)
{
  g_cancellable_cancel (cancellable);
}

static void
progress_cancel_cb (AdwToast *toast,
                    Run      *run)
{
  g_cancellable_cancel (run->cancellable);
}

static char *
progress_title (Run *run)
{
  GjReport *report = gj_report_job_get_report (run->job);
  double fraction = gj_report_job_get_fraction (run->job);

  if (report == NULL)
    return g_strdup (_("Preparing the report…"));
  if (run->type != RUN_SAVE || run->file == NULL)
    /* TRANSLATORS: %s is a report's title */
    return g_strdup_printf (_("Preparing “%s”…"), gj_report_get_title (report));
  {
    g_autofree char *name = g_file_get_basename (run->file);

    if (fraction < 0)
      /* TRANSLATORS: %s is a file's name */
      return g_strdup_printf (_("Saving “%s”…"), name);
    /* TRANSLATORS: a file's name, then how much of it is written */
    return g_strdup_printf (_("Saving “%s”… %d%%"), name, (int) (fraction * 100));
  }
}

static gboolean
progress_cb (gpointer data)
{
  Run *run = data;
  g_autofree char *title = progress_title (run);
  g_autofree char *markup = NULL;

  if (run->progress == NULL)
    {
      run->progress = gj_toast_new_text (title);
      adw_toast_set_timeout (run->progress, 0);
      adw_toast_set_button_label (run->progress, _("_Cancel"));
      g_signal_connect (run->progress, "button-clicked", G_CALLBACK (progress_cancel_cb), run);
      add_toast (run->self, g_object_ref (run->progress));
      run->progress_source = g_timeout_add (PROGRESS_INTERVAL_MS, progress_cb, run);
      return G_SOURCE_REMOVE;
    }
  /* A title set later is markup too (gj_toast_new_text()). */
  markup = g_markup_escape_text (title, -1);
  adw_toast_set_title (run->progress, markup);
  return G_SOURCE_CONTINUE;
}

/* The progress toast goes while a dialog is up, and comes back after. */
static void
stop_progress (Run *run)
{
  g_clear_handle_id (&run->progress_source, g_source_remove);
  if (run->progress != NULL)
    {
      g_signal_handlers_disconnect_by_data (run->progress, run);
      adw_toast_dismiss (run->progress);
      g_clear_object (&run->progress);
    }
}

static void
start_progress (Run *run)
{
  stop_progress (run);
  run->progress_source = g_timeout_add (PROGRESS_DELAY_MS, progress_cb, run);
}

/* Saving */

static void
open_file_cb (AdwToast *toast,
              GFile    *file)
{
  g_autofree char *uri = g_file_get_uri (file);

  /* GtkFileLauncher needs GTK 4.10; inside the Flatpak GIO goes through
   * the OpenURI portal by itself. */
  g_app_info_launch_default_for_uri_async (uri, NULL, NULL, NULL, NULL);
}

static void
written_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(Run) run = user_data;
  g_autoptr(GError) error = NULL;
  g_autofree char *name = g_file_get_basename (run->file);
  AdwToast *toast;

  stop_progress (run);
  if (!gj_report_job_write_finish (run->job, result, &error))
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      /* TRANSLATORS: a file's name, then why it could not be written */
      toast = gj_toast_new_printf (_("Could not save “%s”: %s"), name, error->message);
      adw_toast_set_timeout (toast, 0);
      add_toast (run->self, toast);
      return;
    }
  /* TRANSLATORS: a toast, %s is a file's name */
  toast = gj_toast_new_printf (_("Saved “%s”"), name);
  adw_toast_set_button_label (toast, _("_Open"));
  g_signal_connect_data (toast, "button-clicked", G_CALLBACK (open_file_cb),
                         g_object_ref (run->file),
                         (GClosureNotify) (void (*) (void)) g_object_unref,
                         0);
  add_toast (run->self, toast);
}

static void
write_report (Run *run)
{
  start_progress (run);
  gj_report_job_write_async (run->job, run->format, run->file, run->cancellable, written_cb, run);
}

static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     Run             *run)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  gtk_native_dialog_destroy (chooser);
  g_object_unref (chooser);
  if (file == NULL)
    {
      run_free (run);
      return;
    }
  run->file = g_steal_pointer (&file);
  write_report (run);
}

static void
choose_file (Run *run)
{
  GtkFileChooserNative *chooser;
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autofree char *name = gj_report_job_suggest_name (run->job, run->format);
  gboolean pdf = run->format == GJ_REPORT_FORMAT_PDF;

  /* GtkFileDialog needs GTK 4.10; the native chooser goes through the
   * portal inside the Flatpak. */
  chooser = gtk_file_chooser_native_new (pdf ? _("Save as PDF") : _("Save as Spreadsheet"),
                                         GTK_WINDOW (run->self), GTK_FILE_CHOOSER_ACTION_SAVE,
                                         _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_filter_set_name (filter, pdf ? _("PDF documents") : _("Spreadsheets (XLSX)"));
  gtk_file_filter_add_mime_type (filter, pdf ? "application/pdf"
                                             : "application/vnd.openxmlformats-officedocument."
                                               "spreadsheetml.sheet");
  gtk_file_filter_add_suffix (filter, pdf ? "pdf" : "xlsx");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (chooser), filter);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), name);
  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response_cb), run);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (chooser));
}

/* Printing */

static void
print_finished (Run                     *run,
                GtkPrintOperation       *operation,
                GtkPrintOperationResult  result)
{
  if (result == GTK_PRINT_OPERATION_RESULT_APPLY)
    g_set_object (&run->self->print_settings, gtk_print_operation_get_print_settings (operation));
  else if (result == GTK_PRINT_OPERATION_RESULT_ERROR)
    {
      g_autoptr(GError) error = NULL;
      GjReport *report = gj_report_job_get_report (run->job);

      gtk_print_operation_get_error (operation, &error);
      /* TRANSLATORS: a report's title, then why it could not be printed */
      add_toast (run->self,
                           gj_toast_new_printf (_("Could not print “%s”: %s"),
                                                 gj_report_get_title (report),
                                                 error ? error->message : _("unknown error")));
    }
  g_object_unref (operation);
  run_free (run);
}

static void
print_done_cb (GtkPrintOperation       *operation,
               GtkPrintOperationResult  result,
               Run                     *run)
{
  if (run->print_waiting)
    {
      print_finished (run, operation, result);
      return;
    }
  run->print_done = TRUE;
  run->print_result = result;
}

static void
print_report (Run *run)
{
  GtkPrintOperation *operation;
  GtkPrintOperationResult result;

  operation = GTK_PRINT_OPERATION (gj_report_print_new (gj_report_job_get_report (run->job)));
  if (run->self->print_settings != NULL)
    gtk_print_operation_set_print_settings (operation, run->self->print_settings);
  gtk_print_operation_set_allow_async (operation, TRUE);
  g_signal_connect (operation, "done", G_CALLBACK (print_done_cb), run);
  result = gtk_print_operation_run (operation,
                                    run->type == RUN_PREVIEW
                                    ? GTK_PRINT_OPERATION_ACTION_PREVIEW
                                    : GTK_PRINT_OPERATION_ACTION_PRINT_DIALOG,
                                    GTK_WINDOW (run->self), NULL);
  /* Where the platform cannot print asynchronously the run has ended
   * here, with or without "done"; else "done" says when it ends. */
  if (result == GTK_PRINT_OPERATION_RESULT_IN_PROGRESS && !run->print_done)
    {
      run->print_waiting = TRUE;
      return;
    }
  g_signal_handlers_disconnect_by_func (operation, print_done_cb, run);
  print_finished (run, operation,
                  result == GTK_PRINT_OPERATION_RESULT_IN_PROGRESS ? run->print_result : result);
}

/* Starting */

static void
built_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  Run *run = user_data;
  g_autoptr(GError) error = NULL;

  stop_progress (run);
  if (!gj_report_job_build_finish (run->job, result, &error))
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        /* TRANSLATORS: why a report could not be made */
        add_toast (run->self, gj_toast_new_printf (_("Could not make the report: %s"),
                                                              error->message));
      run_free (run);
      return;
    }
  if (run->type != RUN_SAVE)
    print_report (run);
  else if (run->file != NULL)
    write_report (run);
  else
    choose_file (run);
}

static void
start_run (GjWindow       *self,
           GVariant       *param,
           RunType         type,
           GjReportFormat  format)
{
  const char *name, *id, *period, *path = NULL;
  g_autoptr(GError) error = NULL;
  GjReportJob *job;
  Run *run;

  if (g_variant_is_of_type (param, G_VARIANT_TYPE ("(ssss)")))
    g_variant_get (param, "(&s&s&s&s)", &name, &id, &period, &path);
  else
    g_variant_get (param, "(&s&s&s)", &name, &id, &period);
  job = gj_report_job_new (self->session, name, id, period, &error);
  if (job == NULL)
    {
      add_toast (self, gj_toast_new_text (error->message));
      return;
    }

  run = g_new0 (Run, 1);
  run->self = g_object_ref (self);
  run->job = job;
  run->type = type;
  run->format = format;
  if (path != NULL)
    {
      run->file = g_file_new_for_path (path);
      run->format = g_str_has_suffix (path, ".xlsx") ? GJ_REPORT_FORMAT_XLSX : GJ_REPORT_FORMAT_PDF;
    }
  run->cancellable = g_cancellable_new ();
  run->window_cancel_id = g_cancellable_connect (self->cancellable,
                                                 G_CALLBACK (window_cancelled_cb),
                                                 run->cancellable, NULL);
  start_progress (run);
  gj_report_job_build_async (job, run->cancellable, built_cb, run);
}

/* The actions that build a report, and what each does with it;
 * "win.save-report-to" takes its format from the path it is given. */
static const struct
{
  const char     *name;
  const char     *param_type;
  RunType         type;
  GjReportFormat  format;
} run_actions[] = {
  { "win.print-report", "(sss)", RUN_PRINT, GJ_REPORT_FORMAT_PDF },
  { "win.preview-report", "(sss)", RUN_PREVIEW, GJ_REPORT_FORMAT_PDF },
  { "win.save-report", "(sss)", RUN_SAVE, GJ_REPORT_FORMAT_PDF },
  { "win.save-report-spreadsheet", "(sss)", RUN_SAVE, GJ_REPORT_FORMAT_XLSX },
  { "win.save-report-to", "(ssss)", RUN_SAVE, GJ_REPORT_FORMAT_PDF },
};

static void
run_action (GtkWidget  *widget,
            const char *action,
            GVariant   *param)
{
  for (guint i = 0; i < G_N_ELEMENTS (run_actions); i++)
    if (g_str_equal (run_actions[i].name, action))
      {
        start_run (GJ_WINDOW (widget), param, run_actions[i].type, run_actions[i].format);
        return;
      }
  g_assert_not_reached ();
}

static void
report_dialog_action (GtkWidget  *widget,
                      const char *action,
                      GVariant   *param)
{
  const char *name = "indicators", *id = "";
  GjReportDialog *dialog;

  if (param != NULL)
    g_variant_get (param, "(&s&s)", &name, &id);
  dialog = gj_report_dialog_new (name, id);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (widget));
  gtk_window_present (GTK_WINDOW (dialog));
}

void
gj_window_class_install_report_actions (GtkWidgetClass *widget_class)
{
  for (guint i = 0; i < G_N_ELEMENTS (run_actions); i++)
    gtk_widget_class_install_action (widget_class, run_actions[i].name, run_actions[i].param_type,
                                     run_action);
  gtk_widget_class_install_action (widget_class, "win.report-dialog", "(ss)",
                                   report_dialog_action);
  gtk_widget_class_install_action (widget_class, "win.indicator-report", NULL,
                                   report_dialog_action);
}
