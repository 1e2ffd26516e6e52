/* gj-record-table-export.c: the table's list into an XLSX spreadsheet
 *
 * Part of GjRecordTable. "table.export" asks for a file through the
 * native chooser (the portal when sandboxed), with a choice to show ID
 * numbers and phones in full; the export runs in a GTask's thread on a
 * database connection of its own, opened from the main store's path, so
 * that 100,000 rows never hold up the window. The main thread polls the
 * job's counts for the progress dialog rather than being sent a message
 * per row. The dialog appears only when the export takes a while: most
 * lists are written before a person would read it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-record-table"

#include "config.h"

#include <glib/gi18n.h>

#include "gj-export.h"
#include "gj-gtk-compat.h"
#include "gj-record-table-private.h"

/* How long an export runs before its progress is shown, and how often
 * the progress bar follows it. */
#define PROGRESS_DELAY_MS    400
#define PROGRESS_INTERVAL_MS 100

typedef struct
{
  GjRecordTable *table;      /* owned */
  char          *db_path;    /* NULL: the main store, on the main thread (in-memory) */
  GjStore       *store;      /* the main store when db_path is NULL */
  const GjKind  *kind;
  GArray        *filters;    /* GjFilter, pointing into strings */
  GPtrArray     *strings;
  char          *text;
  char          *sort_field;
  gboolean       descending;
  gboolean       reveal;
  char          *path;
  int            done;       /* rows written and to write, set by the worker */
  int            total;
  GTask         *outer;      /* the caller's task */
  GApplication  *app;        /* held while the export runs */
  AdwMessageDialog *dialog;  /* the progress dialog, once shown */
  GtkProgressBar *bar;
  guint          delay_source;
  guint          poll_source;
} ExportJob;

/* The job's widgets, sources and tasks are let go on the main thread, in
 * export_done_cb: the task data itself may be freed in the worker, when
 * the worker's reference to the task is the last one dropped. */
static void
export_job_release_ui (ExportJob *job)
{
  g_clear_handle_id (&job->delay_source, g_source_remove);
  g_clear_handle_id (&job->poll_source, g_source_remove);
  if (job->dialog != NULL)
    gtk_window_destroy (GTK_WINDOW (g_steal_pointer (&job->dialog)));
  g_clear_object (&job->outer);
  g_clear_object (&job->app);
  g_clear_object (&job->table);
}

static void
export_job_free (ExportJob *job)
{
  g_assert (job->table == NULL && job->outer == NULL && job->dialog == NULL);
  g_free (job->db_path);
  g_clear_object (&job->store);
  g_array_unref (job->filters);
  g_ptr_array_unref (job->strings);
  g_free (job->text);
  g_free (job->sort_field);
  g_free (job->path);
  g_free (job);
}

/* A copy of the table's query that the worker can keep. */
static void
copy_query (ExportJob     *job,
            GjRecordTable *self)
{
  g_autoptr(GArray) filters = g_array_new (FALSE, FALSE, sizeof (GjFilter));
  g_autoptr(GPtrArray) strings = g_ptr_array_new_with_free_func (g_free);
  GjQuery q;

  gj_record_table_build_query (self, filters, strings, &q);
  job->filters = g_array_new (FALSE, FALSE, sizeof (GjFilter));
  job->strings = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < q.n_filters; i++)
    {
      GjFilter f = q.filters[i];

      f.field = g_strdup (f.field);
      f.value = g_strdup (f.value);
      g_ptr_array_add (job->strings, (char *) f.field);
      g_ptr_array_add (job->strings, (char *) f.value);
      g_array_append_val (job->filters, f);
    }
  job->text = g_strdup (q.text);
  job->sort_field = g_strdup (q.sort_field);
  job->descending = q.descending;
}

/* In the worker. */
static void
progress_cb (guint64  done,
             guint64  total,
             gpointer user_data)
{
  ExportJob *job = user_data;

  g_atomic_int_set (&job->total, (int) MIN (total, G_MAXINT));
  g_atomic_int_set (&job->done, (int) MIN (done, G_MAXINT));
}

static void
thread_cb (GTask        *task,
           gpointer      source_object,
           gpointer      task_data,
           GCancellable *cancellable)
{
  ExportJob *job = task_data;
  g_autoptr(GjStore) store = NULL;
  GError *error = NULL;
  GjQuery q = {
    .filters = (const GjFilter *) job->filters->data, .n_filters = job->filters->len,
    .text = job->text, .sort_field = job->sort_field, .descending = job->descending,
  };
  gint64 n;

  store = job->db_path != NULL ? gj_store_open (job->db_path, &error) : g_object_ref (job->store);
  if (store == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  n = gj_export_xlsx (store, job->kind, &q, job->reveal, job->path, progress_cb, job,
                      cancellable, &error);
  if (n < 0)
    g_task_return_error (task, error);
  else
    g_task_return_int (task, n);
}

static gboolean
run_on_main_cb (gpointer data)
{
  GTask *task = data;

  thread_cb (task, g_task_get_source_object (task), g_task_get_task_data (task),
             g_task_get_cancellable (task));
  return G_SOURCE_REMOVE;
}

/* Progress */

static gboolean
poll_cb (gpointer data)
{
  ExportJob *job = data;
  int done = g_atomic_int_get (&job->done);
  int total = g_atomic_int_get (&job->total);
  g_autofree char *body = NULL;

  if (total <= 0)
    {
      gtk_progress_bar_pulse (job->bar);
      return G_SOURCE_CONTINUE;
    }
  gtk_progress_bar_set_fraction (job->bar, (double) done / total);
  /* TRANSLATORS: progress of an export: "1,234 of 100,000 records" */
  body = g_strdup_printf (ngettext ("%'d of %'d record", "%'d of %'d records", total), done,
                          total);
  adw_message_dialog_set_body (job->dialog, body);
  return G_SOURCE_CONTINUE;
}

static void
dialog_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    ExportJob        *job)
{
  GjRecordTable *self = job->table;

  /* The dialog goes with the job, which ends once the worker sees the
   * cancel and has removed its half-written file. */
  if (self->export_cancellable != NULL)
    g_cancellable_cancel (self->export_cancellable);
}

static gboolean
show_progress_cb (gpointer data)
{
  ExportJob *job = data;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (job->table));
  g_autofree char *heading = g_strdup_printf (_("Exporting %s…"),
                                              _(job->kind->label_plural));
  GtkWidget *bar = gtk_progress_bar_new ();

  job->delay_source = 0;
  job->dialog = ADW_MESSAGE_DIALOG (adw_message_dialog_new (GTK_IS_WINDOW (root)
                                                            ? GTK_WINDOW (root) : NULL,
                                                            heading, NULL));
  /* Closing it must not leave it destroyed under the job. */
  gtk_window_set_hide_on_close (GTK_WINDOW (job->dialog), TRUE);
  adw_message_dialog_add_response (job->dialog, "cancel", _("_Cancel"));
  adw_message_dialog_set_close_response (job->dialog, "cancel");
  gtk_widget_set_size_request (bar, 280, -1);
  job->bar = GTK_PROGRESS_BAR (bar);
  adw_message_dialog_set_extra_child (job->dialog, bar);
  g_signal_connect (job->dialog, "response", G_CALLBACK (dialog_response_cb), job);
  poll_cb (job);
  job->poll_source = g_timeout_add (PROGRESS_INTERVAL_MS, poll_cb, job);
  gtk_window_present (GTK_WINDOW (job->dialog));
  return G_SOURCE_REMOVE;
}

/* The end */

static void
launch_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (!g_app_info_launch_default_for_uri_finish (result, &error))
    g_warning ("Could not open the exported file: %s", error->message);
}

static void
open_file_cb (AdwToast   *toast,
              const char *uri)
{
  /* GtkFileLauncher is GTK 4.10; GIO goes through the OpenURI portal
   * when sandboxed. */
  g_app_info_launch_default_for_uri_async (uri, NULL, NULL, launch_done_cb, NULL);
}

static void
show_toast (GjRecordTable *self,
            const char    *path,
            gint64         n)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);
  g_autofree char *title = g_strdup_printf (ngettext ("Exported %'d record",
                                                      "Exported %'d records", (gulong) n),
                                            (int) n);
  g_autofree char *uri = g_filename_to_uri (path, NULL, NULL);
  AdwToast *toast;

  if (overlay == NULL)
    {
      gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", title);
      return;
    }
  toast = gj_toast_new_text (title);
  adw_toast_set_timeout (toast, 8);
  if (uri != NULL)
    {
      adw_toast_set_button_label (toast, _("_Open"));
      g_signal_connect_data (toast, "button-clicked", G_CALLBACK (open_file_cb),
                             g_steal_pointer (&uri), (GClosureNotify) G_CALLBACK (g_free), 0);
    }
  adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
}

static void
show_error (GjRecordTable *self,
            const char    *message)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                              _("Could Not Export"), message);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
export_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  ExportJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GjRecordTable) self = g_object_ref (job->table);
  g_autoptr(GTask) outer = g_object_ref (job->outer);
  g_autoptr(GError) error = NULL;
  gint64 n = g_task_propagate_int (G_TASK (result), &error);

  g_clear_object (&self->export_cancellable);
  gj_record_table_update_export (self);
  if (job->app != NULL)
    g_application_release (job->app);
  export_job_release_ui (job);
  if (error == NULL)
    show_toast (self, job->path, n);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) &&
           gtk_widget_get_root (GTK_WIDGET (self)) != NULL)
    show_error (self, error->message);

  if (error != NULL)
    g_task_return_error (outer, g_steal_pointer (&error));
  else
    g_task_return_int (outer, n);
}

/* Public */

void
gj_record_table_export_async (GjRecordTable       *self,
                              GFile               *file,
                              gboolean             reveal,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  GjStore *main_store;
  const char *db_path;
  ExportJob *job;

  g_return_if_fail (GJ_IS_RECORD_TABLE (self));
  g_return_if_fail (G_IS_FILE (file));

  if (self->session == NULL || self->export_cancellable != NULL || g_file_peek_path (file) == NULL)
    {
      g_task_report_new_error (self, callback, user_data, gj_record_table_export_async,
                               G_IO_ERROR, G_IO_ERROR_BUSY, "%s",
                               _("The list cannot be exported now; wait for the export under "
                                 "way to end, or choose a file on this computer"));
      return;
    }

  job = g_new0 (ExportJob, 1);
  job->table = g_object_ref (self);
  job->kind = self->kind;
  job->reveal = reveal;
  job->path = g_strdup (g_file_peek_path (file));
  copy_query (job, self);
  main_store = gj_session_get_store (self->session);
  db_path = gj_store_get_path (main_store);
  if (db_path != NULL && !g_str_equal (db_path, ":memory:"))
    job->db_path = g_strdup (db_path);
  else
    job->store = g_object_ref (main_store);

  /* Closing the window does not stop the export the person asked for:
   * the application stays until the file is complete, rather than leave
   * its temporary file behind. */
  if (g_application_get_default () != NULL)
    {
      job->app = g_object_ref (g_application_get_default ());
      g_application_hold (job->app);
    }

  self->export_cancellable = cancellable != NULL ? g_object_ref (cancellable)
                                                 : g_cancellable_new ();
  gj_record_table_update_export (self);

  job->outer = g_task_new (self, self->export_cancellable, callback, user_data);
  g_task_set_source_tag (job->outer, gj_record_table_export_async);
  job->delay_source = g_timeout_add (PROGRESS_DELAY_MS, show_progress_cb, job);

  /* No source object: the worker's reference to this task may be the
   * last one dropped, and a table whose window closed meanwhile must not
   * be finalized there. export_done_cb takes the table from the job. */
  task = g_task_new (NULL, self->export_cancellable, export_done_cb, NULL);
  g_task_set_source_tag (task, gj_record_table_export_async);
  /* The worker's own outcome counts: a cancel that comes after the file
   * was renamed into place must not be reported as "not exported". */
  g_task_set_check_cancellable (task, FALSE);
  g_task_set_task_data (task, job, (GDestroyNotify) export_job_free);
  /* The outer task reports; its own result is set by export_done_cb. */
  g_task_set_check_cancellable (job->outer, FALSE);
  if (job->db_path == NULL)
    g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, run_on_main_cb, g_object_ref (task),
                     g_object_unref);
  else
    g_task_run_in_thread (task, thread_cb);
}

gint64
gj_record_table_export_finish (GjRecordTable  *self,
                               GAsyncResult   *result,
                               GError        **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), -1);

  return g_task_propagate_int (G_TASK (result), error);
}

/* The chooser */

static gboolean
has_sensitive (const GjKind *kind)
{
  for (guint f = 0; f < kind->n_fields; f++)
    if (kind->fields[f].flags & GJ_FIELD_FLAG_SENSITIVE ||
        kind->fields[f].type == GJ_FIELD_RESIDENT_ID)
      return TRUE;
  return FALSE;
}

static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     GjRecordTable   *self)
{
  g_autoptr(GFile) file = NULL;
  gboolean reveal;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  reveal = has_sensitive (self->kind) &&
           g_strcmp0 (gtk_file_chooser_get_choice (GTK_FILE_CHOOSER (chooser), "reveal"),
                      "true") == 0;
  g_signal_handlers_disconnect_by_data (chooser, self);
  g_clear_object (&self->export_chooser);
  if (file == NULL)
    return;

  /* The file is XLSX whatever it is called; the name says so too, so
   * that it opens in a spreadsheet. */
  if (g_file_peek_path (file) != NULL && !g_str_has_suffix (g_file_peek_path (file), ".xlsx"))
    {
      g_autofree char *named = g_strconcat (g_file_peek_path (file), ".xlsx", NULL);

      g_object_unref (file);
      file = g_file_new_for_path (named);
    }
  gj_record_table_export_async (self, file, reveal, NULL, NULL, NULL);
}

void
gj_record_table_export_action (GtkWidget  *widget,
                               const char *action_name,
                               GVariant   *param)
{
  GjRecordTable *self = GJ_RECORD_TABLE (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDate) today = g_date_new_dmy (g_date_time_get_day_of_month (now),
                                           g_date_time_get_month (now),
                                           g_date_time_get_year (now));
  g_autofree char *title = NULL;
  g_autofree char *name = NULL;

  if (self->session == NULL || self->export_chooser != NULL || self->export_cancellable != NULL)
    return;

  title = g_strdup_printf (_("Export %s"), _(self->kind->label_plural));
  /* A native chooser goes through the portal when sandboxed. */
  self->export_chooser =
    GTK_NATIVE_DIALOG (gtk_file_chooser_native_new (title, GTK_IS_WINDOW (root)
                                                           ? GTK_WINDOW (root) : NULL,
                                                    GTK_FILE_CHOOSER_ACTION_SAVE,
                                                    _("_Export"), _("_Cancel")));
  gtk_native_dialog_set_modal (self->export_chooser, TRUE);
  name = gj_export_suggest_name (self->kind, today);
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (self->export_chooser), name);
  gtk_file_filter_set_name (filter, _("Excel Spreadsheets"));
  gtk_file_filter_add_suffix (filter, "xlsx");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->export_chooser), filter);
  /* Lists show them masked; a file that leaves the station should too,
   * unless the person asks otherwise. */
  if (has_sensitive (self->kind))
    gtk_file_chooser_add_choice (GTK_FILE_CHOOSER (self->export_chooser), "reveal",
                                 _("Show full ID and phone numbers"), NULL, NULL);
  g_signal_connect (self->export_chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (self->export_chooser);
}

void
gj_record_table_update_export (GjRecordTable *self)
{
  /* A page's loader shows what no query can say (the agreements due), so
   * an export could not give the rows on screen. */
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "table.export",
                                 self->session != NULL && self->loader == NULL &&
                                 self->export_cancellable == NULL);
}

void
gj_record_table_dispose_export (GjRecordTable *self)
{
  if (self->export_chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->export_chooser, self);
      gtk_native_dialog_destroy (self->export_chooser);
      g_clear_object (&self->export_chooser);
    }
  if (self->export_cancellable != NULL)
    g_cancellable_cancel (self->export_cancellable);
}
