/* gj-report-print.h: a report through GTK's print dialog
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "gj-report.h"

G_BEGIN_DECLS

#define GJ_TYPE_REPORT_PRINT (gj_report_print_get_type ())
G_DECLARE_FINAL_TYPE (GjReportPrint, gj_report_print, GJ, REPORT_PRINT, GtkPrintOperation)

/* A print operation of @report's pages as its PDF has them: A4 unless the
 * person picks another paper, across the page when the report asks,
 * named after the report's title, with a preview. */
GjReportPrint *gj_report_print_new (GjReport *report) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
