/* gj-import-dialog.c: the assistant that imports a spreadsheet's records
 *
 * One window, its steps in a stack: the file (and earlier imports to
 * undo), the sheet, the header and the mapping of columns to fields, the
 * preview of every row, and the result. The work between steps runs off
 * the main thread (gj-import-dialog-jobs.c); the data layer's GjImport
 * does the finding, normalizing, matching and writing, and nothing is
 * written before the person presses Import on the preview.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-import-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "gj-import-column-row.h"
#include "gj-import-dialog-private.h"
#include "gj-import-row-item.h"

G_DEFINE_FINAL_TYPE (GjImportDialog, gj_import_dialog, ADW_TYPE_WINDOW)

enum
{
  PROP_0,
  PROP_FILTER,
  PROP_ON_MATCH,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The preview's filters, as the "filter" property names them. */
static const char *const filter_names[] = { "new", "match", "duplicate", "problem" };
static const char *const on_match_names[] = { "skip", "fill", "overwrite" };

static int
name_index (const char *const *names,
            guint               n_names,
            const char         *name)
{
  for (guint i = 0; i < n_names; i++)
    if (g_strcmp0 (names[i], name) == 0)
      return i;
  return -1;
}

void
gj_import_dialog_show_error (GjImportDialog *self,
                             const char     *message)
{
  if (message != NULL)
    gtk_label_set_label (self->error_label, message);
  gtk_revealer_set_reveal_child (self->error_revealer, message != NULL);
}

void
gj_import_dialog_show_step (GjImportDialog *self,
                            const char     *step)
{
  gtk_stack_set_visible_child_name (self->steps, step);
}

static void
step_changed_cb (GjImportDialog *self)
{
  const char *step = gtk_stack_get_visible_child_name (self->steps);

  gtk_widget_set_visible (self->back_button, g_str_equal (step, "sheet") ||
                                             g_str_equal (step, "mapping") ||
                                             g_str_equal (step, "preview"));
  gtk_widget_set_visible (self->next_button, g_str_equal (step, "mapping"));
  gtk_widget_set_visible (self->import_button, g_str_equal (step, "preview"));
  gtk_widget_set_visible (self->done_button, g_str_equal (step, "result"));
}

/* Reading and preparing */

static void start_read (GjImportDialog *self,
                        guint           sheet);

static void
sheet_rows_clear (GjImportDialog *self)
{
  for (guint i = 0; i < self->sheet_rows->len; i++)
    adw_preferences_group_remove (self->sheets_group, g_ptr_array_index (self->sheet_rows, i));
  g_ptr_array_set_size (self->sheet_rows, 0);
}

static void
open_done (GjImportDialog *self,
           GjImportJob    *job)
{
  guint n_sheets;

  g_set_object (&self->workbook, job->workbook);
  n_sheets = gj_workbook_get_n_sheets (self->workbook);
  if (n_sheets == 1)
    {
      start_read (self, 0);
      return;
    }
  sheet_rows_clear (self);
  for (guint i = 0; i < n_sheets; i++)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     gj_workbook_get_sheet_name (self->workbook, i));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                                 gtk_image_new_from_icon_name ("go-next-symbolic"));
      gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (row), "import.select-sheet");
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (row), g_variant_new_uint32 (i));
      adw_preferences_group_add (self->sheets_group, row);
      g_ptr_array_add (self->sheet_rows, row);
    }
  gj_import_dialog_show_step (self, "sheet");
}

static void
start_open (GjImportDialog *self,
            GFile          *file)
{
  g_autofree char *path = g_file_get_path (file);
  GjImportJob *job;

  if (self->job != NULL)
    return;
  g_set_object (&self->file, file);
  g_free (self->file_name);
  self->file_name = g_file_get_basename (file);
  adw_window_title_set_subtitle (self->window_title, self->file_name);
  if (path == NULL)
    {
      g_autofree char *message = NULL;

      message = g_strdup_printf (_("“%s” is not a file on this computer. Save or download it "
                                   "first, then import it."), self->file_name);

      gj_import_dialog_show_error (self, message);
      return;
    }
  job = gj_import_job_new (self, JOB_OPEN, open_done);
  job->path = g_steal_pointer (&path);
  gj_import_dialog_run_job (self, job, _("Opening the File…"), TRUE, "file");
}

static void
column_rows_clear (GjImportDialog *self)
{
  for (guint i = 0; i < self->column_rows->len; i++)
    adw_preferences_group_remove (self->columns_group, g_ptr_array_index (self->column_rows, i));
  g_ptr_array_set_size (self->column_rows, 0);
}

static void
target_chosen_cb (GjImportColumnRow *row,
                  const char        *target,
                  GjImportDialog    *self)
{
  g_autoptr(GError) error = NULL;

  if (gj_import_set_column_target (self->import, gj_import_column_row_get_column (row), target,
                                   &error))
    gj_import_dialog_show_error (self, NULL);
  else
    gj_import_dialog_show_error (self, error->message);
  /* Refused or not, the row shows what the import has now. */
  gj_import_column_row_sync (row);
}

static void
show_mapping (GjImportDialog *self)
{
  guint header_first = gj_import_get_header_first (self->import);
  guint header_last = gj_import_get_header_last (self->import);
  guint data_first = gj_import_get_data_first (self->import);
  guint data_last = gj_import_get_data_last (self->import);
  g_autofree char *header = NULL;
  g_autofree char *data = NULL;

  /* Rows are counted from 1 here, as the spreadsheet shows them. */
  if (header_first == header_last)
    header = g_strdup_printf (_("Row %u"), header_first + 1);
  else
    /* TRANSLATORS: the rows of a two-level header */
    header = g_strdup_printf (_("Rows %u–%u"), header_first + 1, header_last + 1);
  adw_action_row_set_subtitle (self->header_row, header);
  if (data_last >= data_first)
    data = g_strdup_printf (_("Rows %u–%u are data"), data_first + 1, data_last + 1);
  else
    data = g_strdup (_("No data rows under the header"));
  adw_action_row_set_subtitle (self->data_row, data);
  gtk_widget_set_visible (self->remembered_row, gj_import_get_mapping_remembered (self->import));

  column_rows_clear (self);
  for (guint c = 0; c < gj_import_get_n_columns (self->import); c++)
    {
      GtkWidget *row = gj_import_column_row_new (self->import, c);

      g_signal_connect_object (row, "target-chosen", G_CALLBACK (target_chosen_cb), self, 0);
      adw_preferences_group_add (self->columns_group, row);
      g_ptr_array_add (self->column_rows, row);
    }
  gj_import_dialog_show_step (self, "mapping");
}

static void
read_done (GjImportDialog *self,
           GjImportJob    *job)
{
  g_set_object (&self->import, job->import);
  g_free (self->on_match);
  self->on_match = g_strdup (on_match_names[gj_import_get_on_match (self->import)]);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ON_MATCH]);
  show_mapping (self);
}

static void
start_read (GjImportDialog *self,
            guint           sheet)
{
  GjImportJob *job = gj_import_job_new (self, JOB_READ, read_done);
  const char *back = gj_workbook_get_n_sheets (self->workbook) > 1 ? "sheet" : "file";

  job->workbook = g_object_ref (self->workbook);
  job->sheet = sheet;
  gj_import_row_list_set_import (self->rows, NULL);
  g_clear_object (&self->import);
  gj_import_dialog_run_job (self, job, _("Reading the Sheet…"), TRUE, back);
}

static void
append_count (GString    *text,
              const char *part)
{
  if (text->len > 0)
    g_string_append (text, _(", "));
  g_string_append (text, part);
}

static void
take_label (GtkButton *button,
            char      *label)
{
  gtk_button_set_label (button, label);
  g_free (label);
}

static void
show_preview (GjImportDialog *self)
{
  GjImportCounts c;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *all = NULL;
  g_autofree char *part = NULL;

  gj_import_get_counts (self->import, &c);
  append_count (text, (part = g_strdup_printf (ngettext ("%u new record", "%u new records",
                                                         c.n_new), c.n_new)));
  g_free (part);
  part = g_strdup_printf (ngettext ("%u matching a record (%u will change)",
                                    "%u matching records (%u will change)", c.n_match),
                          c.n_match, c.n_update);
  append_count (text, part);
  g_free (part);
  part = g_strdup_printf (ngettext ("%u duplicate in the file", "%u duplicates in the file",
                                    c.n_duplicate), c.n_duplicate);
  append_count (text, part);
  g_free (part);
  part = g_strdup_printf (ngettext ("%u row with problems", "%u rows with problems",
                                    c.n_problem), c.n_problem);
  append_count (text, part);
  /* TRANSLATORS: the preview's summary: the rows read, then what they become */
  all = g_strdup_printf (ngettext ("%u row: %s", "%u rows: %s", c.n_rows), c.n_rows, text->str);
  gtk_label_set_label (self->summary_label, all);

  take_label (self->filter_all, g_strdup_printf (_("All (%u)"), c.n_rows));
  take_label (self->filter_new, g_strdup_printf (_("New (%u)"), c.n_new));
  take_label (self->filter_match, g_strdup_printf (_("Matches (%u)"), c.n_match));
  take_label (self->filter_duplicate, g_strdup_printf (_("Duplicates (%u)"), c.n_duplicate));
  take_label (self->filter_problem, g_strdup_printf (_("Problems (%u)"), c.n_problem));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "import.commit",
                                 c.n_new + c.n_update + c.n_items > 0);
  gj_import_row_list_set_import (self->rows, self->import);
  gj_import_dialog_show_step (self, "preview");
}

/* Which fields of a matching row change depends on the choice; the
 * importer works it out again from what it read, without reading again.
 * While a job has the import, the choice waits for it to end. */
static void
apply_on_match (GjImportDialog *self)
{
  int mode = name_index (on_match_names, G_N_ELEMENTS (on_match_names), self->on_match);

  if (self->import != NULL && self->job == NULL && mode >= 0)
    gj_import_set_on_match (self->import, mode);
}

static void
prepare_done (GjImportDialog *self,
              GjImportJob    *job)
{
  apply_on_match (self);
  show_preview (self);
}

static void
start_prepare (GjImportDialog *self)
{
  GjImportJob *job = gj_import_job_new (self, JOB_PREPARE, prepare_done);

  job->import = g_object_ref (self->import);
  /* The preview's rows change under the worker: none are shown meanwhile. */
  gj_import_row_list_set_import (self->rows, NULL);
  gj_import_dialog_run_job (self, job, _("Checking Every Row…"), TRUE, "mapping");
}

/* Writing and undoing */

static void
append_line (GString    *text,
             const char *line)
{
  if (text->len > 0)
    g_string_append_c (text, '\n');
  g_string_append (text, line);
}

static void
commit_done (GjImportDialog *self,
             GjImportJob    *job)
{
  GjImportCounts c;
  gboolean skip = gj_import_get_on_match (self->import) == GJ_IMPORT_ON_MATCH_SKIP;
  guint updated;
  g_autoptr(GString) text = g_string_new (NULL);
  g_autofree char *line = NULL;

  gj_import_get_counts (self->import, &c);
  updated = skip ? 0 : c.n_update;
  g_free (self->batch_id);
  self->batch_id = g_steal_pointer (&job->batch_id);

  append_line (text, (line = g_strdup_printf (ngettext ("%u new record", "%u new records",
                                                        c.n_new), c.n_new)));
  g_clear_pointer (&line, g_free);
  if (updated > 0)
    append_line (text, (line = g_strdup_printf (ngettext ("%u record updated",
                                                          "%u records updated", updated),
                                                updated)));
  g_clear_pointer (&line, g_free);
  if (c.n_match > updated)
    append_line (text, (line = g_strdup_printf (ngettext ("%u matching record left as it was",
                                                          "%u matching records left as they were",
                                                          c.n_match - updated),
                                                c.n_match - updated)));
  g_clear_pointer (&line, g_free);
  if (c.n_duplicate > 0)
    append_line (text, (line = g_strdup_printf (ngettext ("%u duplicate row not imported",
                                                          "%u duplicate rows not imported",
                                                          c.n_duplicate), c.n_duplicate)));
  g_clear_pointer (&line, g_free);
  if (c.n_problem > 0)
    append_line (text, (line = g_strdup_printf (ngettext ("%u row with problems not imported",
                                                          "%u rows with problems not imported",
                                                          c.n_problem), c.n_problem)));

  adw_status_page_set_icon_name (self->result_page, "emblem-ok-symbolic");
  adw_status_page_set_title (self->result_page, _("Records Imported"));
  adw_status_page_set_description (self->result_page, text->str);
  gtk_widget_set_visible (self->undo_button, TRUE);
  gtk_widget_set_visible (GTK_WIDGET (self->kept_label), FALSE);
  gj_import_dialog_show_step (self, "result");
}

static void
undo_done (GjImportDialog *self,
           GjImportJob    *job)
{
  g_autofree char *description = NULL;

  if (g_strcmp0 (job->batch_id, self->batch_id) == 0)
    g_clear_pointer (&self->batch_id, g_free);
  description = g_strdup_printf (ngettext ("%u record is back as it was before the import.",
                                           "%u records are back as they were before the import.",
                                           job->n_undone), job->n_undone);
  adw_status_page_set_icon_name (self->result_page, "edit-undo-symbolic");
  adw_status_page_set_title (self->result_page, _("Import Undone"));
  adw_status_page_set_description (self->result_page, description);
  gtk_widget_set_visible (self->undo_button, FALSE);
  if (job->kept != NULL && job->kept->len > 0)
    {
      g_autoptr(GString) text = g_string_new (_("Kept as they are, since they were edited after "
                                                "the import:"));

      for (guint i = 0; i < job->kept->len; i++)
        append_line (text, g_ptr_array_index (job->kept, i));
      gtk_label_set_label (self->kept_label, text->str);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->kept_label), job->kept != NULL && job->kept->len > 0);
  gj_import_dialog_read_batches (self);
  gj_import_dialog_show_step (self, "result");
}

static void
start_undo (GjImportDialog *self,
            const char     *batch_id)
{
  GjImportJob *job = gj_import_job_new (self, JOB_UNDO, undo_done);

  job->batch_id = g_strdup (batch_id);
  gj_import_dialog_run_job (self, job, _("Undoing the Import…"), FALSE, NULL);
}

/* Actions */

static void
chooser_response_cb (GtkNativeDialog *chooser,
                     int              response,
                     GjImportDialog  *self)
{
  g_autoptr(GFile) file = NULL;

  if (response == GTK_RESPONSE_ACCEPT)
    file = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
  g_clear_object (&self->chooser);
  if (file != NULL)
    start_open (self, file);
}

static void
choose_file_action (GtkWidget  *widget,
                    const char *action,
                    GVariant   *param)
{
  GjImportDialog *self = GJ_IMPORT_DIALOG (widget);
  g_autoptr(GtkFileFilter) filter = gtk_file_filter_new ();

  if (self->chooser != NULL)
    return;
  /* A native chooser goes through the portal when sandboxed. */
  self->chooser = gtk_file_chooser_native_new (_("Choose a Spreadsheet"), GTK_WINDOW (self),
                                               GTK_FILE_CHOOSER_ACTION_OPEN, _("_Open"),
                                               _("_Cancel"));
  gtk_file_filter_set_name (filter, _("Spreadsheets (.xlsx, .xls, .csv)"));
  gtk_file_filter_add_mime_type (filter, "application/vnd.openxmlformats-officedocument"
                                         ".spreadsheetml.sheet");
  gtk_file_filter_add_mime_type (filter, "application/vnd.ms-excel");
  gtk_file_filter_add_mime_type (filter, "text/csv");
  gtk_file_filter_add_suffix (filter, "xlsx");
  gtk_file_filter_add_suffix (filter, "xls");
  gtk_file_filter_add_suffix (filter, "csv");
  gtk_file_chooser_add_filter (GTK_FILE_CHOOSER (self->chooser), filter);
  g_signal_connect (self->chooser, "response", G_CALLBACK (chooser_response_cb), self);
  gtk_native_dialog_show (GTK_NATIVE_DIALOG (self->chooser));
}

static void
select_sheet_action (GtkWidget  *widget,
                     const char *action,
                     GVariant   *param)
{
  GjImportDialog *self = GJ_IMPORT_DIALOG (widget);
  guint sheet = g_variant_get_uint32 (param);

  if (self->workbook != NULL && self->job == NULL &&
      sheet < gj_workbook_get_n_sheets (self->workbook))
    start_read (self, sheet);
}

static void
back_action (GtkWidget  *widget,
             const char *action,
             GVariant   *param)
{
  GjImportDialog *self = GJ_IMPORT_DIALOG (widget);
  const char *step = gtk_stack_get_visible_child_name (self->steps);

  gj_import_dialog_show_error (self, NULL);
  if (g_str_equal (step, "preview"))
    gj_import_dialog_show_step (self, "mapping");
  else if (g_str_equal (step, "mapping") && gj_workbook_get_n_sheets (self->workbook) > 1)
    gj_import_dialog_show_step (self, "sheet");
  else if (g_str_equal (step, "mapping") || g_str_equal (step, "sheet"))
    gj_import_dialog_show_step (self, "file");
}

static void
next_action (GtkWidget  *widget,
             const char *action,
             GVariant   *param)
{
  GjImportDialog *self = GJ_IMPORT_DIALOG (widget);

  if (self->import != NULL && self->job == NULL &&
      g_strcmp0 (gtk_stack_get_visible_child_name (self->steps), "mapping") == 0)
    start_prepare (self);
}

static void
commit_action (GtkWidget  *widget,
               const char *action,
               GVariant   *param)
{
  GjImportDialog *self = GJ_IMPORT_DIALOG (widget);
  GjImportJob *job;

  if (self->import == NULL || self->job != NULL ||
      g_strcmp0 (gtk_stack_get_visible_child_name (self->steps), "preview") != 0)
    return;
  job = gj_import_job_new (self, JOB_COMMIT, commit_done);
  job->import = g_object_ref (self->import);
  job->file_name = g_strdup (self->file_name);
  gj_import_row_list_set_import (self->rows, NULL);
  gj_import_dialog_run_job (self, job, _("Importing…"), FALSE, "preview");
}

static void
cancel_action (GtkWidget  *widget,
               const char *action,
               GVariant   *param)
{
  g_cancellable_cancel (GJ_IMPORT_DIALOG (widget)->cancellable);
}

static void
undo_action (GtkWidget  *widget,
             const char *action,
             GVariant   *param)
{
  GjImportDialog *self = GJ_IMPORT_DIALOG (widget);

  if (self->batch_id != NULL && self->job == NULL)
    start_undo (self, self->batch_id);
}

static void
undo_batch_action (GtkWidget  *widget,
                   const char *action,
                   GVariant   *param)
{
  GjImportDialog *self = GJ_IMPORT_DIALOG (widget);

  if (self->job == NULL)
    start_undo (self, g_variant_get_string (param, NULL));
}

static void
show_records_action (GtkWidget  *widget,
                     const char *action,
                     GVariant   *param)
{
  GjImportDialog *self = GJ_IMPORT_DIALOG (widget);
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  /* Agreement items are listed with their agreements. */
  const char *kind = g_str_equal (self->kind->name, "agreement_item") ? "agreement"
                                                                      : self->kind->name;

  if (parent != NULL)
    gtk_widget_activate_action (GTK_WIDGET (parent), "win.show-kind", "s", kind);
  gtk_window_destroy (GTK_WINDOW (self));
}

/* Properties */

static void
set_filter (GjImportDialog *self,
            const char     *filter)
{
  int outcome = name_index (filter_names, G_N_ELEMENTS (filter_names), filter);

  if (g_strcmp0 (filter, self->filter) == 0 || (outcome < 0 && g_strcmp0 (filter, "all") != 0))
    return;
  g_free (self->filter);
  self->filter = g_strdup (filter);
  gj_import_row_list_set_filter (self->rows, outcome < 0 ? GJ_IMPORT_ROW_LIST_ALL : outcome);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_FILTER]);
}

static void
set_on_match (GjImportDialog *self,
              const char     *on_match)
{
  if (name_index (on_match_names, G_N_ELEMENTS (on_match_names), on_match) < 0 ||
      g_strcmp0 (on_match, self->on_match) == 0)
    return;
  g_free (self->on_match);
  self->on_match = g_strdup (on_match);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_ON_MATCH]);
  apply_on_match (self);
  if (self->import != NULL && self->job == NULL &&
      g_strcmp0 (gtk_stack_get_visible_child_name (self->steps), "preview") == 0)
    show_preview (self);
}

/* Public */

GjImportDialog *
gj_import_dialog_new (GjSession  *session,
                      const char *kind_name,
                      GFile      *file)
{
  GjImportDialog *self;
  const GjKind *kind;
  g_autofree char *title = NULL;

  g_return_val_if_fail (GJ_IS_SESSION (session), NULL);
  g_return_val_if_fail (g_strv_contains (gj_import_kinds (), kind_name), NULL);
  g_return_val_if_fail (file == NULL || G_IS_FILE (file), NULL);

  kind = gj_schema_lookup (kind_name);
  self = g_object_new (GJ_TYPE_IMPORT_DIALOG, NULL);
  self->session = g_object_ref (session);
  self->kind = kind;
  self->rows = gj_import_row_list_new (gj_session_get_store (session));
  gtk_no_selection_set_model (self->preview_selection, G_LIST_MODEL (self->rows));

  /* TRANSLATORS: the import assistant's title, %s is a kind of records (plural) */
  title = g_strdup_printf (_("Import %s"), _(kind->label_plural));
  adw_window_title_set_title (self->window_title, title);
  g_free (title);
  /* TRANSLATORS: %s is a kind of records (plural) */
  title = g_strdup_printf (_("Import %s from a Spreadsheet"), _(kind->label_plural));
  adw_status_page_set_title (self->file_page, title);

  gj_import_dialog_read_batches (self);
  if (file != NULL)
    start_open (self, file);
  return self;
}

void
gj_import_dialog_open (GtkWidget  *widget,
                       GjSession  *session,
                       const char *kind_name)
{
  GjImportDialog *dialog;
  GtkRoot *root;

  g_return_if_fail (GTK_IS_WIDGET (widget));

  dialog = gj_import_dialog_new (session, kind_name, NULL);
  root = gtk_widget_get_root (widget);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (root));
  gtk_window_present (GTK_WINDOW (dialog));
}

const char *
gj_import_dialog_get_step (GjImportDialog *self)
{
  g_return_val_if_fail (GJ_IS_IMPORT_DIALOG (self), NULL);
  return gtk_stack_get_visible_child_name (self->steps);
}

const char *
gj_import_dialog_get_error (GjImportDialog *self)
{
  g_return_val_if_fail (GJ_IS_IMPORT_DIALOG (self), NULL);
  if (!gtk_revealer_get_reveal_child (self->error_revealer))
    return NULL;
  return gtk_label_get_label (self->error_label);
}

gboolean
gj_import_dialog_is_busy (GjImportDialog *self)
{
  g_return_val_if_fail (GJ_IS_IMPORT_DIALOG (self), FALSE);
  return self->job != NULL;
}

GjImport *
gj_import_dialog_get_import (GjImportDialog *self)
{
  g_return_val_if_fail (GJ_IS_IMPORT_DIALOG (self), NULL);
  return self->import;
}

GListModel *
gj_import_dialog_get_rows (GjImportDialog *self)
{
  g_return_val_if_fail (GJ_IS_IMPORT_DIALOG (self), NULL);
  return G_LIST_MODEL (self->rows);
}

const char *
gj_import_dialog_get_summary (GjImportDialog *self)
{
  g_return_val_if_fail (GJ_IS_IMPORT_DIALOG (self), NULL);
  return gtk_label_get_label (self->summary_label);
}

const char *
gj_import_dialog_get_batch_id (GjImportDialog *self)
{
  g_return_val_if_fail (GJ_IS_IMPORT_DIALOG (self), NULL);
  return self->batch_id;
}

/* GObject */

static void
gj_import_dialog_dispose (GObject *object)
{
  GjImportDialog *self = GJ_IMPORT_DIALOG (object);

  self->disposed = TRUE;
  g_cancellable_cancel (self->cancellable);
  g_cancellable_cancel (self->read_cancellable);
  g_clear_handle_id (&self->progress_source, g_source_remove);
  if (self->chooser != NULL)
    {
      g_signal_handlers_disconnect_by_data (self->chooser, self);
      gtk_native_dialog_destroy (GTK_NATIVE_DIALOG (self->chooser));
      g_clear_object (&self->chooser);
    }
  gtk_widget_dispose_template (GTK_WIDGET (object), GJ_TYPE_IMPORT_DIALOG);
  g_clear_object (&self->rows);
  g_clear_object (&self->import);
  g_clear_object (&self->workbook);
  g_clear_object (&self->store);
  g_clear_object (&self->file);
  G_OBJECT_CLASS (gj_import_dialog_parent_class)->dispose (object);
}

static void
gj_import_dialog_finalize (GObject *object)
{
  GjImportDialog *self = GJ_IMPORT_DIALOG (object);

  /* Kept to the end: a commit that outlives the dialog still tells the
   * session what it wrote. */
  g_clear_object (&self->session);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->read_cancellable);
  g_ptr_array_unref (self->column_rows);
  g_ptr_array_unref (self->sheet_rows);
  g_ptr_array_unref (self->batch_rows);
  g_free (self->file_name);
  g_free (self->batch_id);
  g_free (self->filter);
  g_free (self->on_match);
  g_free (self->return_step);
  G_OBJECT_CLASS (gj_import_dialog_parent_class)->finalize (object);
}

static void
gj_import_dialog_get_property (GObject    *object,
                               guint       prop_id,
                               GValue     *value,
                               GParamSpec *pspec)
{
  GjImportDialog *self = GJ_IMPORT_DIALOG (object);

  switch (prop_id)
    {
    case PROP_FILTER:
      g_value_set_string (value, self->filter);
      break;
    case PROP_ON_MATCH:
      g_value_set_string (value, self->on_match);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gj_import_dialog_set_property (GObject      *object,
                               guint         prop_id,
                               const GValue *value,
                               GParamSpec   *pspec)
{
  GjImportDialog *self = GJ_IMPORT_DIALOG (object);

  switch (prop_id)
    {
    case PROP_FILTER:
      set_filter (self, g_value_get_string (value));
      break;
    case PROP_ON_MATCH:
      set_on_match (self, g_value_get_string (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gj_import_dialog_class_init (GjImportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gj_import_dialog_dispose;
  object_class->finalize = gj_import_dialog_finalize;
  object_class->get_property = gj_import_dialog_get_property;
  object_class->set_property = gj_import_dialog_set_property;

  /* The preview's rows (all, or of one outcome) and what to do with rows
   * that match a record; both are actions of the same names, which the
   * toggle buttons show. */
  properties[PROP_FILTER] =
    g_param_spec_string ("filter", NULL, NULL, "all",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_ON_MATCH] =
    g_param_spec_string ("on-match", NULL, NULL, "skip",
                         G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The preview's cells are built from the template's factories by type name. */
  g_type_ensure (GJ_TYPE_IMPORT_ROW_ITEM);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/cn/gongjian/Gongjian/gj-import-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, GjImportDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, GjImportDialog, back_button);
  gtk_widget_class_bind_template_child (widget_class, GjImportDialog, next_button);
  gtk_widget_class_bind_template_child (widget_class, GjImportDialog, import_button);
  gtk_widget_class_bind_template_child (widget_class, GjImportDialog, done_button);
  gtk_widget_class_bind_template_child (widget_class, GjImportDialog, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, GjImportDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, GjImportDialog, steps);
  gtk_widget_class_bind_template_child (widget_class, GjImportDialog, file_page);
  gtk_widget_class_bind_template_child (widget_class, GjImportDialog, batches_group);
  gtk_widget_class_bind_template_child (widget_class, GjImportDialog, sheets_group);
  gtk_widget_class_bind_template_child (widget_class, GjImportDialog, header_row);
  gtk_widget_class_bind_template_child (widget_class, GjImportDialog, data_row);
  gtk_widget_class_bind_template_child (widget_class, GjImportDialog, remembered_row);
  gtk_widget_class_bind_template_child (widget_class, GjImportDialog, columns_group);
  gtk_widget_class_bind_template_child (widget_class, GjImportDialog, summary_label);
  gtk_widget_class_bind_template_child (widget_class, GjImportDialog, filter_all);
  gtk_widget_class_bind_template_child (widget_class, GjImportDialog, filter_new);
  gtk_widget_class_bind_template_child (widget_class, GjImportDialog, filter_match);
  gtk_widget_class_bind_template_child (widget_class, GjImportDialog, filter_duplicate);
  gtk_widget_class_bind_template_child (widget_class, GjImportDialog, filter_problem);
  gtk_widget_class_bind_template_child (widget_class, GjImportDialog, preview_view);
  gtk_widget_class_bind_template_child (widget_class, GjImportDialog, preview_selection);
  gtk_widget_class_bind_template_child (widget_class, GjImportDialog, working_page);
  gtk_widget_class_bind_template_child (widget_class, GjImportDialog, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, GjImportDialog, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, GjImportDialog, result_page);
  gtk_widget_class_bind_template_child (widget_class, GjImportDialog, show_button);
  gtk_widget_class_bind_template_child (widget_class, GjImportDialog, undo_button);
  gtk_widget_class_bind_template_child (widget_class, GjImportDialog, kept_label);
  gtk_widget_class_bind_template_callback (widget_class, step_changed_cb);

  gtk_widget_class_install_action (widget_class, "import.choose-file", NULL, choose_file_action);
  gtk_widget_class_install_action (widget_class, "import.select-sheet", "u", select_sheet_action);
  gtk_widget_class_install_action (widget_class, "import.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "import.next", NULL, next_action);
  gtk_widget_class_install_action (widget_class, "import.commit", NULL, commit_action);
  gtk_widget_class_install_action (widget_class, "import.cancel", NULL, cancel_action);
  gtk_widget_class_install_action (widget_class, "import.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "import.undo-batch", "s", undo_batch_action);
  gtk_widget_class_install_action (widget_class, "import.show-records", NULL, show_records_action);
  gtk_widget_class_install_property_action (widget_class, "import.filter", "filter");
  gtk_widget_class_install_property_action (widget_class, "import.on-match", "on-match");
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
gj_import_dialog_init (GjImportDialog *self)
{
  self->column_rows = g_ptr_array_new ();
  self->sheet_rows = g_ptr_array_new ();
  self->batch_rows = g_ptr_array_new ();
  self->filter = g_strdup ("all");
  self->on_match = g_strdup ("skip");
  gtk_widget_init_template (GTK_WIDGET (self));
  step_changed_cb (self);
}
