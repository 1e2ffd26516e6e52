/* gj-report-job.h: one report built and written off the main thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "gj-report.h"
#include "gj-session.h"

G_BEGIN_DECLS

typedef enum
{
  GJ_REPORT_FORMAT_PDF,
  GJ_REPORT_FORMAT_XLSX,
} GjReportFormat;

#define GJ_TYPE_REPORT_JOB (gj_report_job_get_type ())
G_DECLARE_FINAL_TYPE (GjReportJob, gj_report_job, GJ, REPORT_JOB, GObject)

/* The report @name ("indicators", "agreement", "evaluation", "project",
 * "volunteer-certificate" or "time-bank") of the record @record_id (empty
 * for the indicators) over @period: for the indicators a quarter or a year
 * as gj_period_parse() reads it, or empty for the current quarter; for the
 * volunteer reports FROM/TO, two dates YYYY-MM-DD of which either may be
 * empty (open-ended), or empty for all time; unused by the others. A name
 * or period that is none of these is refused with a message saying so. */
GjReportJob *gj_report_job_new            (GjSession      *session,
                                           const char     *name,
                                           const char     *record_id,
                                           const char     *period,
                                           GError        **error) G_GNUC_WARN_UNUSED_RESULT;

/* Builds the report in the session's reader thread, on the reader's own
 * database connection. */
void         gj_report_job_build_async    (GjReportJob         *self,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
gboolean     gj_report_job_build_finish   (GjReportJob         *self,
                                           GAsyncResult        *result,
                                           GError             **error);
/* The report once built, else NULL. */
GjReport    *gj_report_job_get_report     (GjReportJob         *self);
/* A file name for the built report: its title and what it is of
 * (共驻共建协议书-XX社区.pdf), with no character a file system refuses. */
char        *gj_report_job_suggest_name   (GjReportJob         *self,
                                           GjReportFormat       format) G_GNUC_WARN_UNUSED_RESULT;

/* Writes the built report to @file in a worker thread. A cancel or a
 * failure leaves no file behind. */
void         gj_report_job_write_async    (GjReportJob         *self,
                                           GjReportFormat       format,
                                           GFile               *file,
                                           GCancellable        *cancellable,
                                           GAsyncReadyCallback  callback,
                                           gpointer             user_data);
gboolean     gj_report_job_write_finish   (GjReportJob         *self,
                                           GAsyncResult        *result,
                                           GError             **error);
/* How far the write is, 0–1, or -1 while it cannot tell. */
double       gj_report_job_get_fraction   (GjReportJob         *self);

G_END_DECLS
