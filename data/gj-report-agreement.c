/* gj-report-agreement.c: the co-building agreement (共驻共建协议书) with
 * its item checklist
 *
 * The policy texts ask resident units and communities to sign a
 * co-building agreement that sets out the content, a list of items and
 * who answers for each; the printed agreement is that paper, signed and
 * stamped by both parties.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-reports"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gj-format.h"
#include "gj-reports-private.h"
#include "gj-reports.h"

/* Items by due date, those without one last, then as entered. */
static int
compare_items (gconstpointer a,
               gconstpointer b)
{
  const GjRecord *ra = *(const GjRecord *const *) a;
  const GjRecord *rb = *(const GjRecord *const *) b;
  const char *da = gj_record_get_text (ra, "due_on");
  const char *db = gj_record_get_text (rb, "due_on");

  if ((da == NULL) != (db == NULL))
    return da == NULL ? 1 : -1;
  if (da != NULL && strcmp (da, db) != 0)
    return strcmp (da, db);
  return strcmp (ra->id, rb->id);
}

/* 甲方: the community, for the street's side. */
static void
add_party_a (GjReport   *report,
             const char *community,
             const char *station)
{
  gj_report_add_heading (report, 2, _("Party A (community)"));
  gj_report_add_fact (report, _("Name"), community);
  gj_report_add_fact (report, _("Social-work station"), station);
}

/* 乙方: the resident unit, with what of its contact the record holds. A
 * unit that is gone (deleted or not yet synced) is still named. */
static void
add_party_b (GjReport       *report,
             GjStore        *store,
             const GjRecord *agreement)
{
  const char *unit_id = gj_record_get_text (agreement, "unit_id");
  g_autoptr(GjRecord) unit = NULL;
  static const char *const unit_fields[] = { "type", "party_org", "address", "contact" };

  gj_report_add_heading (report, 2, _("Party B (resident unit)"));
  if (unit_id != NULL)
    unit = gj_store_get (store, gj_schema_lookup ("unit"), unit_id, NULL);
  if (unit == NULL)
    {
      g_autofree char *name = gj_format_ref_title (store, "unit", unit_id);
      gj_report_add_fact (report, _("Name"), name);
      return;
    }
  gj_report_add_fact (report, _("Name"), gj_record_get_text (unit, "name"));
  for (guint i = 0; i < G_N_ELEMENTS (unit_fields); i++)
    gj_reports_add_field (report, store, unit, unit_fields[i]);
  /* The contact's phone is printed whole: the agreement is the paper the
   * two parties reach each other by, not a list shown to others. */
  gj_report_add_fact (report, gj_reports_label ("unit", "phone"),
                      gj_record_get_text (unit, "phone"));
}

static void
add_items (GjReport  *report,
           GPtrArray *items)
{
  static const char *const text_fields[] = { "content", "area", "responsible" };
  guint done = 0;

  gj_report_begin_table (report, _("Item checklist"), NULL);
  /* Seven columns across a portrait page: the day an item was done goes
   * with its status rather than in a column of its own, so that a date,
   * a five-character party and the evidence each keep to one line. */
  gj_report_add_column (report, _("No."), 0.8, TRUE);
  gj_report_add_column (report, gj_reports_label ("agreement_item", "content"), 3, FALSE);
  gj_report_add_column (report, gj_reports_label ("agreement_item", "area"), 1.3, FALSE);
  gj_report_add_column (report, gj_reports_label ("agreement_item", "responsible"), 1.7, FALSE);
  gj_report_add_column (report, gj_reports_label ("agreement_item", "due_on"), 2.2, FALSE);
  gj_report_add_column (report, gj_reports_label ("agreement_item", "status"), 2.2, FALSE);
  gj_report_add_column (report, gj_reports_label ("agreement_item", "evidence"), 1.8, FALSE);
  for (guint i = 0; i < items->len; i++)
    {
      GjRecord *item = g_ptr_array_index (items, i);
      g_autofree char *status = gj_record_format (item, "status", TRUE);
      g_autofree char *evidence = gj_record_format (item, "evidence", TRUE);
      const char *done_on = gj_record_get_text (item, "done_on");

      if (done_on != NULL && *done_on != '\0')
        {
          g_autofree char *day = gj_report_format_date (done_on);
          /* TRANSLATORS: an agreement item's status and the day it was done,
           * in the checklist: "已完成 2026年9月1日" */
          g_autofree char *with_day = g_strdup_printf (_("%1$s %2$s"), status, day);

          g_free (status);
          status = g_steal_pointer (&with_day);
        }
      gj_report_add_row (report, GJ_REPORT_MARK_NONE);
      gj_report_add_integer (report, i + 1);
      for (guint f = 0; f < G_N_ELEMENTS (text_fields); f++)
        {
          g_autofree char *text = gj_record_format (item, text_fields[f], TRUE);
          gj_report_add_text (report, text);
        }
      gj_report_add_date (report, gj_record_get_text (item, "due_on"));
      gj_report_add_text (report, status);
      gj_report_add_text (report, evidence);
      if (g_strcmp0 (gj_record_get_text (item, "status"), "done") == 0)
        done++;
    }
  {
    /* TRANSLATORS: under an agreement's item checklist */
    g_autofree char *summary = g_strdup_printf (_("%u items, %u done."), items->len, done);
    gj_report_add_paragraph (report, summary);
  }
}

static GjReport *
build (GjStore                *store,
       const GjReportSubject  *subject,
       GError                **error)
{
  const char *agreement_id = subject->id;
  g_autoptr(GjRecord) agreement = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GjReport) report = NULL;
  g_autofree char *station = NULL;
  g_autofree char *community = NULL;
  g_autofree char *unit = NULL;
  g_autofree char *term = NULL;
  static const char *const facts[] = { "signed_on", "status", "areas" };

  agreement = gj_reports_load (store, "agreement", agreement_id, error);
  if (agreement == NULL)
    return NULL;
  items = gj_reports_children (store, "agreement_item", "agreement_id", agreement->id,
                               compare_items, error);
  if (items == NULL)
    return NULL;

  station = gj_reports_station_name (store);
  community = gj_reports_field_text (store, agreement, "community_id");
  unit = gj_reports_field_text (store, agreement, "unit_id");
  report = gj_report_new (_("Co-Building Agreement"), station, NULL);

  gj_report_add_heading (report, 1, gj_record_get_text (agreement, "title"));
  add_party_a (report, community, station);
  add_party_b (report, store, agreement);

  gj_report_add_heading (report, 2, _("Terms"));
  term = gj_reports_span_text (gj_record_get_text (agreement, "start_on"),
                               gj_record_get_text (agreement, "end_on"));
  gj_report_add_fact (report, _("Term"), term);
  for (guint i = 0; i < G_N_ELEMENTS (facts); i++)
    gj_reports_add_field (report, store, agreement, facts[i]);
  if (gj_record_get_text (agreement, "renewal_of") != NULL)
    gj_reports_add_field (report, store, agreement, "renewal_of");
  if (gj_record_get_text (agreement, "notes") != NULL)
    {
      gj_report_add_heading (report, 2, gj_reports_label ("agreement", "notes"));
      gj_report_add_paragraph (report, gj_record_get_text (agreement, "notes"));
    }

  if (items->len == 0)
    {
      gj_report_add_heading (report, 2, _("Item checklist"));
      gj_report_add_notice (report, _("This agreement has no items yet; add its items "
                                      "before the parties sign."));
    }
  else
    add_items (report, items);

  gj_report_add_heading (report, 2, _("Signatures"));
  gj_report_add_signature (report, _("Party A (seal)"), community);
  gj_report_add_signature (report, _("Party B (seal)"), unit);
  return g_steal_pointer (&report);
}

GjReport *
gj_reports_agreement (GjStore     *store,
                      const char  *agreement_id,
                      GError     **error)
{
  GjReportSubject subject = { agreement_id, NULL, NULL };

  g_return_val_if_fail (GJ_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return gj_reports_build (store, build, &subject, error);
}
