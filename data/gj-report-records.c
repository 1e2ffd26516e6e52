/* gj-report-records.c: records as the printed documents read them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-reports"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "gj-data-error.h"
#include "gj-format.h"
#include "gj-reports-private.h"

GjRecord *
gj_reports_load (GjStore     *store,
                 const char  *kind_name,
                 const char  *id,
                 GError     **error)
{
  const GjKind *kind = gj_schema_lookup (kind_name);
  g_autofree char *full = NULL;
  g_autoptr(GjRecord) record = NULL;

  g_return_val_if_fail (kind != NULL, NULL);

  if (id == NULL || *id == '\0')
    {
      gj_data_error_set (error, GJ_DATA_ERROR_NOT_FOUND, NULL,
                         _("No %s was given; give the id of one"), _(kind->label));
      return NULL;
    }
  full = gj_store_resolve_id (store, kind, id, error);
  if (full == NULL)
    return NULL;
  record = gj_store_get (store, kind, full, error);
  if (record == NULL)
    return NULL;
  /* A deleted record keeps its id (it may be restored) but is no longer
   * what the station vouches for: its document is not printed. */
  if (gj_record_is_deleted (record))
    {
      gj_data_error_set (error, GJ_DATA_ERROR_NOT_FOUND, NULL,
                         _("The %s with the id “%s” was deleted; restore it to print its "
                           "document"), _(kind->label), id);
      return NULL;
    }
  return g_steal_pointer (&record);
}

GPtrArray *
gj_reports_children (GjStore      *store,
                     const char   *kind_name,
                     const char   *field,
                     const char   *id,
                     GCompareFunc  compare,
                     GError      **error)
{
  GjFilter filter = { .field = field, .value = id, .op = GJ_FILTER_EQ };
  GjQuery query = { .filters = &filter, .n_filters = 1 };
  GPtrArray *records;

  records = gj_store_list (store, gj_schema_lookup (kind_name), &query, error);
  if (records != NULL && compare != NULL)
    g_ptr_array_sort (records, compare);
  return records;
}

int
gj_reports_compare_date (gconstpointer a,
                         gconstpointer b)
{
  const GjRecord *ra = *(const GjRecord *const *) a;
  const GjRecord *rb = *(const GjRecord *const *) b;
  const char *da = gj_record_get_text (ra, "date");
  const char *db = gj_record_get_text (rb, "date");

  if ((da == NULL) != (db == NULL))
    return da == NULL ? 1 : -1;
  if (da != NULL && strcmp (da, db) != 0)
    return strcmp (da, db);
  return strcmp (ra->id, rb->id);
}

char *
gj_reports_field_text (GjStore        *store,
                       const GjRecord *record,
                       const char     *field_name)
{
  const GjField *field = gj_kind_field (record->kind, field_name);
  const char *text;

  g_return_val_if_fail (field != NULL, NULL);

  text = gj_record_get_text (record, field_name);
  if (field->type == GJ_FIELD_DATE)
    return text ? gj_report_format_date (text) : g_strdup ("");
  if (field->type == GJ_FIELD_REF)
    return gj_format_ref_title (store, field->ref_kind, text);
  return gj_record_format (record, field_name, TRUE);
}

void
gj_reports_add_field (GjReport       *report,
                      GjStore        *store,
                      const GjRecord *record,
                      const char     *field)
{
  g_autofree char *text = gj_reports_field_text (store, record, field);

  gj_report_add_fact (report, gj_reports_label (record->kind->name, field), text);
}

const char *
gj_reports_label (const char *kind_name,
                  const char *field_name)
{
  const GjField *field = gj_kind_field (gj_schema_lookup (kind_name), field_name);

  g_return_val_if_fail (field != NULL, "");
  return _(field->label);
}

char *
gj_reports_span_text (const char *first,
                      const char *last)
{
  g_autofree char *a = first && *first ? gj_report_format_date (first) : g_strdup ("…");
  g_autofree char *b = last && *last ? gj_report_format_date (last) : g_strdup ("…");

  /* TRANSLATORS: a span of two dates in a document; zh_CN: %s至%s */
  return g_strdup_printf (_("%s to %s"), a, b);
}

int
gj_reports_places (double value)
{
  /* Hours come in tenths, halves and quarters, scores in tenths or
   * halves: two places show any of them exactly, one reads better. */
  return fabs (value * 10 - round (value * 10)) < 1e-6 ? 1 : 2;
}

GjReport *
gj_reports_build (GjStore                *store,
                  GjReportBuildFunc       build,
                  const GjReportSubject  *subject,
                  GError                **error)
{
  GjReport *report;
  gboolean began;

  if (!gj_store_begin_read (store, &began, error))
    return NULL;
  report = build (store, subject, error);
  gj_store_end_read (store, began);
  return report;
}
