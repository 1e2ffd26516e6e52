/* gj-import-dialog-jobs.c: the import assistant's work off the main thread
 *
 * Part of GjImportDialog. Reading a sheet, preparing its rows and writing
 * them can each take seconds on a large ledger, so each runs in a GTask's
 * thread on a database connection of its own, opened from the main
 * store's path by the first job that needs it and handed on from job to
 * job (one job at a time, so the connection is never shared). The main
 * thread polls the job's progress for the progress bar rather than being
 * sent a message per step.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-import-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "gj-format.h"
#include "gj-import-dialog-private.h"

/* How often the progress bar follows the job. */
#define PROGRESS_INTERVAL_MS 100
/* Earlier imports listed on the first step, newest first. */
#define MAX_BATCHES 20

/* Kinds an import of a kind writes besides its own: agreements bring
 * their items, volunteers the teams they name. */
static const struct
{
  const char *kind;
  const char *also;
} also_written[] = {
  { "agreement", "agreement_item" },
  { "agreement_item", "agreement" },
  { "volunteer", "volunteer_team" },
};

GjImportJob *
gj_import_job_new (GjImportDialog  *self,
                   JobType          type,
                   GjImportJobDone  done)
{
  GjImportJob *job = g_new0 (GjImportJob, 1);
  GjStore *main_store = gj_session_get_store (self->session);
  const char *path = gj_store_get_path (main_store);

  job->type = type;
  job->done = done;
  if (path != NULL && !g_str_equal (path, ":memory:"))
    job->db_path = g_strdup (path);
  if (self->store != NULL)
    job->store = g_object_ref (self->store);
  else if (job->db_path == NULL)
    job->store = g_object_ref (main_store);
  job->kind = self->kind;
  return job;
}

void
gj_import_job_free (GjImportJob *job)
{
  g_free (job->db_path);
  g_clear_object (&job->store);
  g_free (job->path);
  g_clear_object (&job->workbook);
  g_clear_object (&job->import);
  g_free (job->file_name);
  g_free (job->batch_id);
  g_clear_pointer (&job->kept, g_ptr_array_unref);
  g_free (job);
}

/* In the worker: the reader's or the importer's progress. */
static void
job_progress_cb (double   fraction,
                 gpointer user_data)
{
  GjImportJob *job = user_data;

  g_atomic_int_set (&job->permille, (int) (CLAMP (fraction, 0.0, 1.0) * 1000));
}

/* In the worker (or, for an in-memory database, on the main thread). */
static gboolean
run (GjImportJob   *job,
     GCancellable  *cancellable,
     GError       **error)
{
  if (job->type != JOB_OPEN && job->store == NULL &&
      (job->store = gj_store_open (job->db_path, error)) == NULL)
    return FALSE;

  switch (job->type)
    {
    case JOB_OPEN:
      job->workbook = gj_workbook_open (job->path, error);
      return job->workbook != NULL;

    case JOB_READ:
      {
        g_autoptr(GjSheet) sheet = gj_workbook_read_sheet (job->workbook, job->sheet,
                                                           job_progress_cb, job, cancellable,
                                                           error);

        if (sheet == NULL)
          return FALSE;
        job->import = gj_import_new (job->store, job->kind, sheet, error);
        return job->import != NULL;
      }

    case JOB_PREPARE:
      return gj_import_prepare (job->import, job_progress_cb, job, cancellable, error);

    case JOB_COMMIT:
      return gj_import_commit (job->import, job->file_name, &job->batch_id, error);

    case JOB_UNDO:
      return gj_import_undo (job->store, job->batch_id, &job->kept, &job->n_undone, error);

    default:
      g_assert_not_reached ();
    }
}

static void
thread_cb (GTask        *task,
           gpointer      source_object,
           gpointer      task_data,
           GCancellable *cancellable)
{
  GError *error = NULL;

  if (run (task_data, cancellable, &error))
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

static gboolean
run_on_main_cb (gpointer data)
{
  GTask *task = data;

  thread_cb (task, g_task_get_source_object (task), g_task_get_task_data (task),
             g_task_get_cancellable (task));
  return G_SOURCE_REMOVE;
}

static gboolean
progress_cb (gpointer data)
{
  GjImportDialog *self = data;
  int permille;

  if (self->job == NULL)
    {
      self->progress_source = 0;
      return G_SOURCE_REMOVE;
    }
  /* Work that does not say how far it is still shows that it runs. */
  permille = g_atomic_int_get (&self->job->permille);
  if (permille == 0)
    gtk_progress_bar_pulse (self->progress_bar);
  else
    gtk_progress_bar_set_fraction (self->progress_bar, permille / 1000.0);
  return G_SOURCE_CONTINUE;
}

static void
emit_written (GjImportDialog *self)
{
  gj_session_emit_changed (self->session, self->kind->name);
  for (guint i = 0; i < G_N_ELEMENTS (also_written); i++)
    if (g_str_equal (also_written[i].kind, self->kind->name))
      gj_session_emit_changed (self->session, also_written[i].also);
}

static void
job_ended_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GjImportDialog) self = user_data;
  GjImportJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;

  g_task_propagate_boolean (G_TASK (result), &error);
  if (self->job == job)
    {
      self->job = NULL;
      g_clear_handle_id (&self->progress_source, g_source_remove);
    }
  /* A commit or an undo ends even when the dialog closed meanwhile, and
   * the pages must hear of what it wrote. */
  if (error == NULL && (job->type == JOB_COMMIT || job->type == JOB_UNDO))
    emit_written (self);
  if (self->disposed)
    return;
  if (self->store == NULL && job->store != NULL)
    self->store = g_object_ref (job->store);

  if (error != NULL)
    {
      gj_import_dialog_show_step (self, self->return_step);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        gj_import_dialog_show_error (self, error->message);
      return;
    }
  job->done (self, job);
}

void
gj_import_dialog_run_job (GjImportDialog *self,
                          GjImportJob    *job,
                          const char     *title,
                          gboolean        can_cancel,
                          const char     *return_step)
{
  g_autoptr(GTask) task = NULL;

  g_assert (self->job == NULL);

  g_free (self->return_step);
  self->return_step = g_strdup (return_step ? return_step
                                            : gtk_stack_get_visible_child_name (self->steps));
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  self->job = job;

  adw_status_page_set_title (self->working_page, title);
  gtk_progress_bar_set_fraction (self->progress_bar, 0);
  gtk_widget_set_visible (self->cancel_button, can_cancel);
  gj_import_dialog_show_error (self, NULL);
  gj_import_dialog_show_step (self, "working");
  self->progress_source = g_timeout_add (PROGRESS_INTERVAL_MS, progress_cb, self);

  /* A commit or an undo is one transaction: it is not offered a cancel
   * halfway, and closing the dialog does not stop it. The dialog is the
   * callback's data, not the task's source object: the worker's reference
   * to the task may be the last one dropped, and a dialog closed meanwhile
   * must be let go on the main thread, by the callback. */
  task = g_task_new (NULL, can_cancel ? self->cancellable : NULL, job_ended_cb,
                     g_object_ref (self));
  g_task_set_source_tag (task, gj_import_dialog_run_job);
  g_task_set_task_data (task, job, (GDestroyNotify) gj_import_job_free);
  if (job->db_path == NULL && job->type != JOB_OPEN)
    g_idle_add_full (G_PRIORITY_DEFAULT_IDLE, run_on_main_cb, g_object_ref (task), g_object_unref);
  else
    g_task_run_in_thread (task, thread_cb);
}

/* Earlier imports */

/* In the session's reader. */
static gpointer
read_batches (GjStore       *store,
              gpointer       data,
              GCancellable  *cancellable,
              GError       **error)
{
  return gj_import_log_list (store, error);
}

static char *
batch_subtitle (const GjImportBatch *batch)
{
  g_autofree char *when = gj_format_when (batch->created);
  g_autofree char *counts = NULL;

  if (batch->undone != 0)
    /* TRANSLATORS: an earlier import that was undone: when it was made */
    return g_strdup_printf (_("%s · undone"), when);
  counts = g_strdup_printf (_("%u new"), batch->n_new);
  if (batch->n_updated > 0)
    {
      g_autofree char *updated = g_strdup_printf (_("%u updated"), batch->n_updated);
      g_autofree char *both = g_strdup_printf ("%s, %s", counts, updated);

      g_free (counts);
      counts = g_steal_pointer (&both);
    }
  /* TRANSLATORS: an earlier import: when it was made, then what it wrote */
  return g_strdup_printf (_("%s · %s"), when, counts);
}

static void
batches_read_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) batches = gj_reader_run_finish (GJ_READER (source), result, &error);
  GjImportDialog *self;
  guint shown = 0;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = GJ_IMPORT_DIALOG (user_data);
  for (guint i = 0; i < self->batch_rows->len; i++)
    adw_preferences_group_remove (self->batches_group, g_ptr_array_index (self->batch_rows, i));
  g_ptr_array_set_size (self->batch_rows, 0);
  if (error != NULL)
    {
      g_message ("Could not list the earlier imports: %s", error->message);
      gtk_widget_set_visible (GTK_WIDGET (self->batches_group), FALSE);
      return;
    }

  for (guint i = 0; i < batches->len && shown < MAX_BATCHES; i++)
    {
      GjImportBatch *batch = g_ptr_array_index (batches, i);
      g_autofree char *subtitle = NULL;
      GtkWidget *row;

      if (g_strcmp0 (batch->kind, self->kind->name) != 0)
        continue;
      subtitle = batch_subtitle (batch);
      row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), batch->file_name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      if (batch->undone == 0)
        {
          GtkWidget *undo = gtk_button_new_with_mnemonic (_("_Undo"));

          gtk_widget_set_valign (undo, GTK_ALIGN_CENTER);
          gtk_actionable_set_action_name (GTK_ACTIONABLE (undo), "import.undo-batch");
          gtk_actionable_set_action_target_value (GTK_ACTIONABLE (undo),
                                                  g_variant_new_string (batch->id));
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), undo);
        }
      adw_preferences_group_add (self->batches_group, row);
      g_ptr_array_add (self->batch_rows, row);
      shown++;
    }
  gtk_widget_set_visible (GTK_WIDGET (self->batches_group), shown > 0);
}

void
gj_import_dialog_read_batches (GjImportDialog *self)
{
  g_cancellable_cancel (self->read_cancellable);
  g_clear_object (&self->read_cancellable);
  self->read_cancellable = g_cancellable_new ();
  gj_reader_run_async (gj_session_get_reader (self->session), read_batches, NULL, NULL,
                       (GDestroyNotify) g_ptr_array_unref, self->read_cancellable,
                       batches_read_cb, self);
}
