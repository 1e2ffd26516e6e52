/* gj-report-dialog.h: the period of a report, then print or save it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define GJ_TYPE_REPORT_DIALOG (gj_report_dialog_get_type ())
G_DECLARE_FINAL_TYPE (GjReportDialog, gj_report_dialog, GJ, REPORT_DIALOG, AdwWindow)

/* For the report @name of the record @record_id (see gj-report-job.h):
 * the indicator report asks for a year and a quarter, the volunteer
 * reports for a range of dates or all time. Its buttons activate the
 * "win." report actions of the window it is transient for. */
GjReportDialog *gj_report_dialog_new (const char *name,
                                      const char *record_id) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
