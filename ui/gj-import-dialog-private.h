/* gj-import-dialog-private.h: what the import assistant and its jobs share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gj-import-dialog.h"
#include "gj-import-log.h"
#include "gj-import-row-list.h"
#include "gj-workbook.h"

G_BEGIN_DECLS

typedef enum
{
  JOB_OPEN,     /* lists the workbook's sheets */
  JOB_READ,     /* reads a sheet and finds its header and mapping */
  JOB_PREPARE,  /* normalizes and matches every row */
  JOB_COMMIT,   /* writes the batch */
  JOB_UNDO,     /* undoes a batch */
} JobType;

typedef struct _GjImportJob GjImportJob;

/* On the main thread when the job has succeeded. A job that failed or was
 * cancelled returns the dialog to the step it started from, with its
 * error shown, instead. */
typedef void (*GjImportJobDone) (GjImportDialog *self,
                                 GjImportJob    *job);

struct _GjImportJob
{
  JobType          type;
  GjImportJobDone  done;
  /* The database file the worker opens its own connection to, or NULL for
   * an in-memory database, which no second connection can see: its jobs
   * run on the main thread, with the main store, one idle at a time. */
  char            *db_path;
  GjStore         *store;       /* the worker's store, opened by the first job that needs it */
  char            *path;        /* OPEN */
  GjWorkbook      *workbook;    /* OPEN: out; READ: in */
  guint            sheet;       /* READ */
  const GjKind    *kind;        /* READ */
  GjImport        *import;      /* READ: out; PREPARE, COMMIT: in */
  char            *file_name;   /* COMMIT */
  char            *batch_id;    /* COMMIT: out; UNDO: in */
  GPtrArray       *kept;        /* UNDO: out */
  guint            n_undone;    /* UNDO: out */
  int              permille;    /* progress, written by the worker (atomic) */
};

struct _GjImportDialog
{
  AdwWindow            parent_instance;

  GjSession           *session;
  const GjKind        *kind;
  GFile               *file;
  char                *file_name;
  GjWorkbook          *workbook;
  GjStore             *store;        /* the workers' connection; the main one in memory */
  GjImport            *import;
  GjImportRowList     *rows;
  GPtrArray           *column_rows;  /* GjImportColumnRow in columns_group */
  GPtrArray           *sheet_rows;   /* rows of sheets_group */
  GPtrArray           *batch_rows;   /* rows of batches_group */
  GtkFileChooserNative *chooser;
  char                *batch_id;
  char                *filter;       /* property "filter": all, new, match, duplicate, problem */
  char                *on_match;     /* property "on-match": skip, fill, overwrite */
  GCancellable        *cancellable;  /* the running job's; cancelled when the dialog closes */
  GCancellable        *read_cancellable;  /* the earlier imports' read */
  GjImportJob         *job;          /* the running job, or NULL */
  char                *return_step;  /* the step a cancelled or failed job goes back to */
  guint                progress_source;
  gboolean             disposed;

  AdwWindowTitle      *window_title;
  GtkWidget           *back_button;
  GtkWidget           *next_button;
  GtkWidget           *import_button;
  GtkWidget           *done_button;
  GtkRevealer         *error_revealer;
  GtkLabel            *error_label;
  GtkStack            *steps;
  AdwStatusPage       *file_page;
  AdwPreferencesGroup *batches_group;
  AdwPreferencesGroup *sheets_group;
  AdwActionRow        *header_row;
  AdwActionRow        *data_row;
  GtkWidget           *remembered_row;
  AdwPreferencesGroup *columns_group;
  GtkLabel            *summary_label;
  GtkButton           *filter_all;
  GtkButton           *filter_new;
  GtkButton           *filter_match;
  GtkButton           *filter_duplicate;
  GtkButton           *filter_problem;
  GtkColumnView       *preview_view;
  GtkNoSelection      *preview_selection;
  AdwStatusPage       *working_page;
  GtkProgressBar      *progress_bar;
  GtkWidget           *cancel_button;
  AdwStatusPage       *result_page;
  GtkWidget           *show_button;
  GtkWidget           *undo_button;
  GtkLabel            *kept_label;
};

/* gj-import-dialog-jobs.c */
GjImportJob *gj_import_job_new          (GjImportDialog  *self,
                                         JobType          type,
                                         GjImportJobDone  done);
void         gj_import_job_free         (GjImportJob     *job);
/* Shows the "working" step titled @title and runs @job (taking it) off the
 * main thread; a job that can be cancelled gets the Cancel button. A job
 * that fails goes back to @return_step (NULL: the step shown now). */
void         gj_import_dialog_run_job   (GjImportDialog  *self,
                                         GjImportJob     *job,
                                         const char      *title,
                                         gboolean         can_cancel,
                                         const char      *return_step);
/* Reads the earlier imports into batches_group, in the session's reader. */
void         gj_import_dialog_read_batches (GjImportDialog *self);

/* gj-import-dialog.c */
void         gj_import_dialog_show_error (GjImportDialog *self,
                                          const char     *message);
void         gj_import_dialog_show_step  (GjImportDialog *self,
                                          const char     *step);

G_END_DECLS
