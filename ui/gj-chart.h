/* gj-chart.h: small charts drawn with cairo
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "gj-report.h"

G_BEGIN_DECLS

/* The reports' chart kinds (gj-report.h), so that a printed report draws
 * the same charts as the Overview. */
typedef GjReportChartKind GjChartKind;

#define GJ_CHART_BARS    GJ_REPORT_CHART_BARS     /* one horizontal bar per label */
#define GJ_CHART_FUNNEL  GJ_REPORT_CHART_FUNNEL   /* centred bars, widest first: stages */
#define GJ_CHART_STACKED GJ_REPORT_CHART_STACKED  /* two values per label in one bar */

#define GJ_TYPE_CHART (gj_chart_get_type ())
G_DECLARE_FINAL_TYPE (GjChart, gj_chart, GJ, CHART, GtkWidget)

GtkWidget *gj_chart_new         (GjChartKind         kind);
/* @values2 is the second series of a stacked chart (else NULL); @texts
 * are the values as shown (else NULL: the numbers). */
void       gj_chart_set_data    (GjChart            *self,
                                 guint               n,
                                 const char *const  *labels,
                                 const double       *values,
                                 const double       *values2,
                                 const char *const  *texts);
/* Names of the two series of a stacked chart, shown as a legend. */
void       gj_chart_set_series  (GjChart            *self,
                                 const char         *first,
                                 const char         *second);

G_END_DECLS
