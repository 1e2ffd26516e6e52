/* gj-report-job.c: one report built and written off the main thread
 *
 * A report reads the store for up to a few seconds on a large street and
 * a long PDF takes as long to lay out and write, so neither runs on the
 * main thread: the build runs in the session's reader, a worker with a
 * database connection of its own, and the write in a GTask's thread with
 * nothing but the built report. The main thread polls the write's
 * progress rather than being sent a message per page.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-report-job"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "gj-data-error.h"
#include "gj-format.h"
#include "gj-report-job.h"
#include "gj-report-render.h"
#include "gj-reports.h"
#include "gj-validate.h"

struct _GjReportJob
{
  GObject    parent_instance;

  GjSession *session;
  /* Set when the job is made and never changed after, so the reader's
   * thread reads them without a lock. */
  char      *name;
  char      *record_id;
  const char *kind;        /* of the record, NULL for the indicators */
  GjTargets  targets;
  GjPeriod   period;
  char      *from;
  char      *to;

  GjReport  *report;
  char      *subject;      /* the record's title or the period, for a file name */
  int        done;         /* pages written, atomic */
  int        total;        /* atomic; 0 while not known */
};

G_DEFINE_FINAL_TYPE (GjReportJob, gj_report_job, G_TYPE_OBJECT)

static const struct
{
  const char *name;
  const char *kind;
} reports[] = {
  { "indicators", NULL },
  { "agreement", "agreement" },
  { "evaluation", "incubation" },
  { "project", "project" },
  { "volunteer-certificate", "volunteer" },
  { "time-bank", "volunteer" },
};

/* What the reader hands back. */
typedef struct
{
  GjReport *report;
  char     *subject;
} Built;

static void
built_free (Built *built)
{
  g_clear_object (&built->report);
  g_free (built->subject);
  g_free (built);
}

/* FROM/TO as the volunteer reports take it. */
static gboolean
parse_range (GjReportJob  *self,
             const char   *period,
             GError      **error)
{
  const char *slash = strchr (period, '/');
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;

  if (period[0] == '\0')
    return TRUE;
  if (slash == NULL || strchr (slash + 1, '/') != NULL)
    {
      gj_data_error_set (error, GJ_DATA_ERROR_INVALID, NULL,
                         _("The period “%s” is not two dates FROM/TO (such as "
                           "2026-01-01/2026-12-31); leave one out for no limit on that side."),
                         period);
      return FALSE;
    }
  from = g_strndup (period, slash - period);
  to = g_strdup (slash + 1);
  if ((from[0] != '\0' && !gj_validate_date (_("From"), from, error)) ||
      (to[0] != '\0' && !gj_validate_date (_("To"), to, error)))
    return FALSE;
  if (from[0] != '\0' && to[0] != '\0' && strcmp (from, to) > 0)
    {
      gj_data_error_set (error, GJ_DATA_ERROR_INVALID, NULL,
                         _("The period starts on %s, after it ends on %s; swap the dates."),
                         from, to);
      return FALSE;
    }
  self->from = from[0] != '\0' ? g_steal_pointer (&from) : NULL;
  self->to = to[0] != '\0' ? g_steal_pointer (&to) : NULL;
  return TRUE;
}

GjReportJob *
gj_report_job_new (GjSession   *session,
                   const char  *name,
                   const char  *record_id,
                   const char  *period,
                   GError     **error)
{
  g_autoptr(GjReportJob) self = NULL;
  guint i;

  g_return_val_if_fail (GJ_IS_SESSION (session), NULL);
  g_return_val_if_fail (name != NULL && record_id != NULL && period != NULL, NULL);

  for (i = 0; i < G_N_ELEMENTS (reports); i++)
    if (g_str_equal (reports[i].name, name))
      break;
  if (i == G_N_ELEMENTS (reports))
    {
      gj_data_error_set (error, GJ_DATA_ERROR_INVALID, NULL,
                         _("There is no report “%s”."), name);
      return NULL;
    }

  self = g_object_new (GJ_TYPE_REPORT_JOB, NULL);
  self->session = g_object_ref (session);
  self->name = g_strdup (name);
  self->record_id = g_strdup (record_id);
  self->kind = reports[i].kind;
  if (self->kind == NULL)
    {
      gj_session_get_targets (session, &self->targets);
      if (period[0] == '\0')
        gj_period_current (&self->period, FALSE);
      else if (!gj_period_parse (period, &self->period, error))
        return NULL;
    }
  else if (record_id[0] == '\0')
    {
      gj_data_error_set (error, GJ_DATA_ERROR_NOT_FOUND, NULL,
                         _("The report “%s” is of one record; choose the record first."), name);
      return NULL;
    }
  else if (g_str_equal (self->kind, "volunteer") && !parse_range (self, period, error))
    return NULL;
  return g_steal_pointer (&self);
}

/* Building */

/* In the reader's thread. */
static gpointer
build (GjStore       *store,
       gpointer       data,
       GCancellable  *cancellable,
       GError       **error)
{
  GjReportJob *self = data;
  const GjKind *kind;
  g_autofree char *id = NULL;
  g_autoptr(GjRecord) record = NULL;
  Built *built;

  if (self->kind == NULL)
    {
      GjReport *report = gj_reports_indicators (store, &self->targets, &self->period, error);

      if (report == NULL)
        return NULL;
      built = g_new0 (Built, 1);
      built->report = report;
      built->subject = gj_period_format (&self->period);
      return built;
    }

  kind = gj_schema_lookup (self->kind);
  if ((id = gj_store_resolve_id (store, kind, self->record_id, error)) == NULL ||
      (record = gj_store_get (store, kind, id, error)) == NULL)
    return NULL;
  built = g_new0 (Built, 1);
  built->subject = gj_format_record_title (store, record);
  if (g_str_equal (self->name, "agreement"))
    built->report = gj_reports_agreement (store, id, error);
  else if (g_str_equal (self->name, "evaluation"))
    built->report = gj_reports_evaluation (store, id, error);
  else if (g_str_equal (self->name, "project"))
    built->report = gj_reports_project (store, id, error);
  else if (g_str_equal (self->name, "volunteer-certificate"))
    built->report = gj_reports_volunteer_certificate (store, id, self->from, self->to, error);
  else
    built->report = gj_reports_time_bank (store, id, self->from, self->to, error);
  if (built->report == NULL)
    g_clear_pointer (&built, built_free);
  return built;
}

static void
built_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GjReportJob *self = g_task_get_source_object (task);
  GError *error = NULL;
  Built *built = gj_reader_run_finish (GJ_READER (source), result, &error);

  if (built == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  g_set_object (&self->report, built->report);
  g_free (self->subject);
  self->subject = g_steal_pointer (&built->subject);
  built_free (built);
  g_task_return_boolean (task, TRUE);
}

void
gj_report_job_build_async (GjReportJob         *self,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  GTask *task;

  g_return_if_fail (GJ_IS_REPORT_JOB (self));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gj_report_job_build_async);
  gj_reader_run_async (gj_session_get_reader (self->session), build, g_object_ref (self),
                       g_object_unref, (GDestroyNotify) built_free, cancellable, built_cb, task);
}

gboolean
gj_report_job_build_finish (GjReportJob   *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

GjReport *
gj_report_job_get_report (GjReportJob *self)
{
  g_return_val_if_fail (GJ_IS_REPORT_JOB (self), NULL);
  return self->report;
}

char *
gj_report_job_suggest_name (GjReportJob    *self,
                            GjReportFormat  format)
{
  g_autoptr(GString) name = NULL;

  g_return_val_if_fail (GJ_IS_REPORT_JOB (self), NULL);
  g_return_val_if_fail (self->report != NULL, NULL);

  name = g_string_new (gj_report_get_title (self->report));
  if (self->subject != NULL && self->subject[0] != '\0')
    g_string_append_printf (name, "-%s", self->subject);
  /* What Windows and the portals refuse, since the file may be carried
   * to a colleague's machine on a USB stick. */
  for (char *p = name->str; *p; p++)
    if (strchr ("/\\:*?\"<>|", *p) != NULL || (guchar) *p < 0x20)
      *p = '_';
  g_string_append (name, format == GJ_REPORT_FORMAT_PDF ? ".pdf" : ".xlsx");
  return g_string_free (g_steal_pointer (&name), FALSE);
}

/* Writing */

typedef struct
{
  GjReport       *report;
  GjReportFormat  format;
  char           *path;
} WriteData;

static void
write_data_free (WriteData *d)
{
  g_object_unref (d->report);
  g_free (d->path);
  g_free (d);
}

/* In the worker. */
static void
progress_cb (guint    done,
             guint    total,
             gpointer user_data)
{
  GjReportJob *self = user_data;

  g_atomic_int_set (&self->total, (int) MIN (total, G_MAXINT));
  g_atomic_int_set (&self->done, (int) MIN (done, G_MAXINT));
}

static void
write_thread_cb (GTask        *task,
                 gpointer      source_object,
                 gpointer      task_data,
                 GCancellable *cancellable)
{
  GjReportJob *self = source_object;
  WriteData *d = task_data;
  GError *error = NULL;
  gboolean ok;

  if (d->format == GJ_REPORT_FORMAT_PDF)
    ok = gj_report_write_pdf (d->report, d->path, cancellable, progress_cb, self, &error);
  else
    ok = !g_cancellable_set_error_if_cancelled (cancellable, &error) &&
         gj_report_write_xlsx (d->report, d->path, &error);
  if (ok)
    g_task_return_boolean (task, TRUE);
  else
    g_task_return_error (task, error);
}

void
gj_report_job_write_async (GjReportJob         *self,
                           GjReportFormat       format,
                           GFile               *file,
                           GCancellable        *cancellable,
                           GAsyncReadyCallback  callback,
                           gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *path = NULL;
  WriteData *d;

  g_return_if_fail (GJ_IS_REPORT_JOB (self));
  g_return_if_fail (self->report != NULL);
  g_return_if_fail (G_IS_FILE (file));

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, gj_report_job_write_async);
  /* The worker's own outcome counts: a cancel that comes after the file
   * was renamed into place must not be reported as "not saved". */
  g_task_set_check_cancellable (task, FALSE);
  path = g_file_get_path (file);
  if (path == NULL)
    {
      g_autofree char *uri = g_file_get_uri (file);

      g_task_return_new_error (task, GJ_DATA_ERROR, GJ_DATA_ERROR_IO,
                               _("Cannot save to “%s”: only folders on this computer are "
                                 "supported; choose another folder."), uri);
      return;
    }
  g_atomic_int_set (&self->done, 0);
  g_atomic_int_set (&self->total, 0);
  d = g_new0 (WriteData, 1);
  d->report = g_object_ref (self->report);
  d->format = format;
  d->path = g_steal_pointer (&path);
  g_task_set_task_data (task, d, (GDestroyNotify) write_data_free);
  g_task_run_in_thread (task, write_thread_cb);
}

gboolean
gj_report_job_write_finish (GjReportJob   *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

double
gj_report_job_get_fraction (GjReportJob *self)
{
  int total;

  g_return_val_if_fail (GJ_IS_REPORT_JOB (self), -1);

  total = g_atomic_int_get (&self->total);
  return total > 0 ? (double) g_atomic_int_get (&self->done) / total : -1;
}

/* GObject */

static void
gj_report_job_finalize (GObject *object)
{
  GjReportJob *self = GJ_REPORT_JOB (object);

  g_clear_object (&self->session);
  g_free (self->name);
  g_free (self->record_id);
  g_free (self->from);
  g_free (self->to);
  g_clear_object (&self->report);
  g_free (self->subject);
  G_OBJECT_CLASS (gj_report_job_parent_class)->finalize (object);
}

static void
gj_report_job_class_init (GjReportJobClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gj_report_job_finalize;
}

static void
gj_report_job_init (GjReportJob *self)
{
}
