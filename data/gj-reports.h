/* gj-reports.h: the documents a station hands upward, built from the store
 *
 * Each builder reads what it needs in one read transaction and returns a
 * GjReport (gj-report.h) to render as PDF, print, or (the indicator report)
 * write as XLSX. A document with nothing to show says so in a notice
 * instead of printing empty tables. An id may be a unique prefix of at
 * least 8 characters, as gj_store_resolve_id() takes it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gj-report.h"
#include "gj-stats.h"
#include "gj-store.h"

G_BEGIN_DECLS

/* A quarter (1–4) or, with quarter 0, a whole year. */
typedef struct
{
  int year;
  int quarter;
} GjPeriod;

/* Reads 2026Q4, 2026q4, 2026-Q4, 2026 and 2026年第4季度; a refusal names
 * the period and the forms it takes. */
gboolean   gj_period_parse      (const char     *text,
                                 GjPeriod       *period,
                                 GError        **error);
/* The quarter or year containing today. */
void       gj_period_current    (GjPeriod       *period,
                                 gboolean        whole_year);
/* First and last day, YYYY-MM-DD. */
void       gj_period_bounds     (const GjPeriod *period,
                                 char          **first,
                                 char          **last);
/* 2026年第四季度 / 2026年度 under zh_CN. */
char      *gj_period_format     (const GjPeriod *period) G_GNUC_WARN_UNUSED_RESULT;

/* The station as a report's header names it: the street's station, else
 * the street's name, else a generic name. */
char      *gj_reports_station_name (GjStore     *store) G_GNUC_WARN_UNUSED_RESULT;

GjReport  *gj_reports_indicators (GjStore         *store,
                                  const GjTargets *targets,
                                  const GjPeriod  *period,
                                  GError         **error) G_GNUC_WARN_UNUSED_RESULT;
/* 共驻共建协议书 for one agreement. */
GjReport  *gj_reports_agreement  (GjStore         *store,
                                  const char      *agreement_id,
                                  GError         **error) G_GNUC_WARN_UNUSED_RESULT;
/* Incubation evaluation form for one incubation. */
GjReport  *gj_reports_evaluation (GjStore         *store,
                                  const char      *incubation_id,
                                  GError         **error) G_GNUC_WARN_UNUSED_RESULT;
GjReport  *gj_reports_project    (GjStore         *store,
                                  const char      *project_id,
                                  GError         **error) G_GNUC_WARN_UNUSED_RESULT;
/* 志愿服务记录证明 over @from … @to (either NULL: open-ended). */
GjReport  *gj_reports_volunteer_certificate (GjStore    *store,
                                             const char *volunteer_id,
                                             const char *from,
                                             const char *to,
                                             GError    **error) G_GNUC_WARN_UNUSED_RESULT;
/* Time-bank statement: every entry with its running balance. */
GjReport  *gj_reports_time_bank  (GjStore         *store,
                                  const char      *volunteer_id,
                                  const char      *from,
                                  const char      *to,
                                  GError         **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
