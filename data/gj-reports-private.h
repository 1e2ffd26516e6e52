/* gj-reports-private.h: what the record documents' builders share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gj-report.h"
#include "gj-store.h"

G_BEGIN_DECLS

/* The live record of @kind_name that @id (or a unique prefix of at least
 * 8 characters) names. A missing or deleted record is GJ_DATA_ERROR_NOT_FOUND
 * naming the kind and the id as given. */
GjRecord  *gj_reports_load          (GjStore        *store,
                                     const char     *kind_name,
                                     const char     *id,
                                     GError        **error) G_GNUC_WARN_UNUSED_RESULT;
/* The live records of @kind_name whose reference @field is @id, in the
 * order @compare gives (NULL: the store's order by title). */
GPtrArray *gj_reports_children      (GjStore        *store,
                                     const char     *kind_name,
                                     const char     *field,
                                     const char     *id,
                                     GCompareFunc    compare,
                                     GError        **error) G_GNUC_WARN_UNUSED_RESULT;
/* Compares two GjRecord** by their "date" field, then by id, records
 * without a date last; a GCompareFunc for g_ptr_array_sort(). */
int        gj_reports_compare_date  (gconstpointer  a,
                                     gconstpointer  b);

/* A field as a document shows it: dates as 2026年12月1日, references by
 * their record's title, sensitive numbers masked, the rest as
 * gj_record_format() gives it. */
char      *gj_reports_field_text    (GjStore        *store,
                                     const GjRecord *record,
                                     const char     *field) G_GNUC_WARN_UNUSED_RESULT;
/* The field's label (translated) and text as one fact of @report. */
void       gj_reports_add_field     (GjReport       *report,
                                     GjStore        *store,
                                     const GjRecord *record,
                                     const char     *field);
/* The translated label of @field of @kind_name, for a column header. */
const char *gj_reports_label        (const char     *kind_name,
                                     const char     *field);
/* 2026年1月1日至2026年12月31日; an open end reads "…" on its side. */
char      *gj_reports_span_text     (const char     *first,
                                     const char     *last) G_GNUC_WARN_UNUSED_RESULT;
/* The decimal places hours and scores are shown with: one, two where a
 * quarter hour needs them. */
int        gj_reports_places        (double          value);

/* What a record's document is about: the record's id and, for a
 * volunteer's documents, the period (a NULL end is open). */
typedef struct
{
  const char *id;
  const char *from;
  const char *to;
} GjReportSubject;

typedef GjReport *(*GjReportBuildFunc) (GjStore               *store,
                                        const GjReportSubject *subject,
                                        GError               **error);

/* Builds @subject's document with @build in one read snapshot
 * (gj_store_begin_read), so that all its parts see one state of the
 * database even while the sync worker writes. */
GjReport  *gj_reports_build         (GjStore                *store,
                                     GjReportBuildFunc       build,
                                     const GjReportSubject  *subject,
                                     GError                **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
