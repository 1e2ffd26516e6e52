/* gj-report-evaluation.c: the incubation evaluation form (孵化评估表)
 *
 * The incubation base serves a young community organization (operation,
 * venue, training, cultivation, project management, as the policy texts
 * list them) and evaluates it before it graduates; the form puts the
 * organization, its stages, the services it received and the evaluations
 * on one paper for the evaluator and the station to sign.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-reports"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gj-format.h"
#include "gj-reports-private.h"
#include "gj-reports.h"

static void
add_organization (GjReport       *report,
                  GjStore        *store,
                  const GjRecord *incubation)
{
  static const char *const fields[] = {
    "credit_code", "legal_form", "category", "community_id", "leader",
  };
  const char *org_id = gj_record_get_text (incubation, "organization_id");
  g_autoptr(GjRecord) org = NULL;

  gj_report_add_heading (report, 2, _("Organization"));
  if (org_id != NULL)
    org = gj_store_get (store, gj_schema_lookup ("organization"), org_id, NULL);
  if (org == NULL)
    {
      /* Not synced yet or gone: the form still names what it can. */
      g_autofree char *name = gj_format_ref_title (store, "organization", org_id);
      gj_report_add_fact (report, gj_reports_label ("organization", "name"), name);
    }
  else
    {
      gj_report_add_fact (report, gj_reports_label ("organization", "name"),
                          gj_record_get_text (org, "name"));
      for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
        gj_reports_add_field (report, store, org, fields[i]);
    }
  gj_reports_add_field (report, store, incubation, "stage");
  gj_reports_add_field (report, store, incubation, "mentor");
}

/* The stages as the incubation's date fields record them: each move
 * fills its date in (GjWorkflow.dates), so the dates are the history. */
static void
add_stages (GjReport       *report,
            const GjRecord *incubation)
{
  const char *stage = gj_record_get_text (incubation, "stage");
  const GjKind *kind = incubation->kind;
  struct { const char *field; const char *label; } rows[] = {
    { "applied_on", gj_format_enum_label (kind, "stage", "applied") },
    { "admitted_on", gj_format_enum_label (kind, "stage", "admitted") },
    { "stage_since", NULL },
    { "closed_on", NULL },
  };
  /* TRANSLATORS: a row of an incubation's stage history; %s is its stage now */
  g_autofree char *current = g_strdup_printf (_("%s (current stage)"),
                                              gj_format_enum_label (kind, "stage", stage));
  gboolean closed = g_strcmp0 (stage, "graduated") == 0 || g_strcmp0 (stage, "exited") == 0;
  gboolean any = FALSE;

  rows[2].label = current;
  rows[3].label = closed ? gj_format_enum_label (kind, "stage", stage)
                         : gj_reports_label ("incubation", "closed_on");
  /* A closed incubation's stage date is its closing date, and one just
   * applied or admitted entered its stage on that stage's own date: one
   * row each. */
  if (closed ||
      (g_strcmp0 (stage, "applied") == 0 &&
       g_strcmp0 (gj_record_get_text (incubation, "stage_since"),
                  gj_record_get_text (incubation, "applied_on")) == 0) ||
      (g_strcmp0 (stage, "admitted") == 0 &&
       g_strcmp0 (gj_record_get_text (incubation, "stage_since"),
                  gj_record_get_text (incubation, "admitted_on")) == 0))
    rows[2].field = NULL;
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    any |= rows[i].field != NULL && gj_record_get_text (incubation, rows[i].field) != NULL;
  if (!any)
    {
      gj_report_add_heading (report, 2, _("Stage history"));
      gj_report_add_notice (report, _("No stage dates are recorded for this incubation."));
      return;
    }
  gj_report_begin_table (report, _("Stage history"), NULL);
  gj_report_add_column (report, _("Stage"), 2, FALSE);
  gj_report_add_column (report, _("Date"), 1.5, FALSE);
  for (guint i = 0; i < G_N_ELEMENTS (rows); i++)
    {
      const char *date = rows[i].field ? gj_record_get_text (incubation, rows[i].field) : NULL;

      if (date == NULL)
        continue;
      gj_report_add_row (report, GJ_REPORT_MARK_NONE);
      gj_report_add_text (report, rows[i].label);
      gj_report_add_date (report, date);
    }
}

static void
add_services (GjReport  *report,
              GPtrArray *services)
{
  double total = 0;
  int places = 1;

  if (services->len == 0)
    {
      gj_report_add_heading (report, 2, _("Services received"));
      gj_report_add_notice (report, _("No services to this organization are recorded."));
      return;
    }
  for (guint i = 0; i < services->len; i++)
    {
      GjRecord *s = g_ptr_array_index (services, i);
      places = MAX (places, gj_reports_places (gj_record_get_real (s, "hours")));
    }
  gj_report_begin_table (report, _("Services received"), NULL);
  gj_report_add_column (report, gj_reports_label ("incubation_service", "date"), 1.4, FALSE);
  gj_report_add_column (report, gj_reports_label ("incubation_service", "type"), 1.2, FALSE);
  gj_report_add_column (report, gj_reports_label ("incubation_service", "content"), 3, FALSE);
  gj_report_add_column (report, gj_reports_label ("incubation_service", "provider"), 1.5, FALSE);
  gj_report_add_column (report, gj_reports_label ("incubation_service", "hours"), 0.8, TRUE);
  for (guint i = 0; i < services->len; i++)
    {
      GjRecord *s = g_ptr_array_index (services, i);
      g_autofree char *type = gj_record_format (s, "type", TRUE);
      double hours = gj_record_get_real (s, "hours");

      gj_report_add_row (report, GJ_REPORT_MARK_NONE);
      gj_report_add_date (report, gj_record_get_text (s, "date"));
      gj_report_add_text (report, type);
      gj_report_add_text (report, gj_record_get_text (s, "content"));
      gj_report_add_text (report, gj_record_get_text (s, "provider"));
      if (gj_record_get (s, "hours")->type != GJ_VALUE_NULL)
        gj_report_add_number (report, hours, places);
      else
        gj_report_add_text (report, "");
      total += hours;
    }
  gj_report_add_row (report, GJ_REPORT_MARK_TOTAL);
  gj_report_add_text (report, _("Total"));
  gj_report_add_text (report, "");
  gj_report_add_text (report, "");
  gj_report_add_text (report, "");
  gj_report_add_number (report, total, places);
}

static void
add_evaluations (GjReport  *report,
                 GPtrArray *evaluations)
{
  GjRecord *latest;
  g_autofree char *score = NULL;
  g_autofree char *result = NULL;
  g_autofree char *date = NULL;

  if (evaluations->len == 0)
    {
      gj_report_add_heading (report, 2, _("Evaluations"));
      gj_report_add_notice (report, _("This incubation has not been evaluated yet."));
      return;
    }
  gj_report_begin_table (report, _("Evaluations"), NULL);
  gj_report_add_column (report, gj_reports_label ("evaluation", "date"), 1.4, FALSE);
  gj_report_add_column (report, gj_reports_label ("evaluation", "score"), 0.8, TRUE);
  gj_report_add_column (report, gj_reports_label ("evaluation", "result"), 1, FALSE);
  gj_report_add_column (report, gj_reports_label ("evaluation", "evaluator"), 1.2, FALSE);
  gj_report_add_column (report, gj_reports_label ("evaluation", "comments"), 3.5, FALSE);
  for (guint i = 0; i < evaluations->len; i++)
    {
      GjRecord *e = g_ptr_array_index (evaluations, i);
      g_autofree char *res = gj_record_format (e, "result", TRUE);

      gj_report_add_row (report, GJ_REPORT_MARK_NONE);
      gj_report_add_date (report, gj_record_get_text (e, "date"));
      gj_report_add_number (report, gj_record_get_real (e, "score"),
                            gj_reports_places (gj_record_get_real (e, "score")));
      gj_report_add_text (report, res);
      gj_report_add_text (report, gj_record_get_text (e, "evaluator"));
      gj_report_add_text (report, gj_record_get_text (e, "comments"));
    }

  /* Evaluations come sorted by date: the last is the one that counts. */
  latest = g_ptr_array_index (evaluations, evaluations->len - 1);
  score = g_strdup_printf ("%.*f", gj_reports_places (gj_record_get_real (latest, "score")),
                           gj_record_get_real (latest, "score"));
  result = gj_record_format (latest, "result", TRUE);
  date = gj_report_format_date (gj_record_get_text (latest, "date"));
  gj_report_add_heading (report, 2, _("Conclusion"));
  gj_report_add_fact (report, _("Latest evaluation"), date);
  gj_report_add_fact (report, _("Score"), score);
  gj_report_add_fact (report, _("Conclusion"), result);
  if (gj_record_get_text (latest, "comments") != NULL)
    gj_report_add_paragraph (report, gj_record_get_text (latest, "comments"));
}

static GjReport *
build (GjStore                *store,
       const GjReportSubject  *subject,
       GError                **error)
{
  const char *incubation_id = subject->id;
  g_autoptr(GjRecord) incubation = NULL;
  g_autoptr(GPtrArray) services = NULL;
  g_autoptr(GPtrArray) evaluations = NULL;
  g_autoptr(GjReport) report = NULL;
  g_autofree char *station = NULL;
  g_autofree char *title = NULL;
  const char *evaluator = NULL;

  incubation = gj_reports_load (store, "incubation", incubation_id, error);
  if (incubation == NULL)
    return NULL;
  services = gj_reports_children (store, "incubation_service", "incubation_id", incubation->id,
                                  gj_reports_compare_date, error);
  if (services == NULL)
    return NULL;
  evaluations = gj_reports_children (store, "evaluation", "incubation_id", incubation->id,
                                     gj_reports_compare_date, error);
  if (evaluations == NULL)
    return NULL;

  station = gj_reports_station_name (store);
  title = gj_format_record_title (store, incubation);
  report = gj_report_new (_("Incubation Evaluation Form"), station, NULL);
  gj_report_add_heading (report, 1, title);
  add_organization (report, store, incubation);
  add_stages (report, incubation);
  add_services (report, services);
  add_evaluations (report, evaluations);
  if (gj_record_get_text (incubation, "notes") != NULL)
    {
      gj_report_add_heading (report, 2, gj_reports_label ("incubation", "notes"));
      gj_report_add_paragraph (report, gj_record_get_text (incubation, "notes"));
    }

  if (evaluations->len > 0)
    evaluator = gj_record_get_text (g_ptr_array_index (evaluations, evaluations->len - 1),
                                    "evaluator");
  gj_report_add_heading (report, 2, _("Signatures"));
  gj_report_add_signature (report, _("Evaluator (signature)"), evaluator);
  gj_report_add_signature (report, _("Social-work station (seal)"), station);
  return g_steal_pointer (&report);
}

GjReport *
gj_reports_evaluation (GjStore     *store,
                       const char  *incubation_id,
                       GError     **error)
{
  GjReportSubject subject = { incubation_id, NULL, NULL };

  g_return_val_if_fail (GJ_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return gj_reports_build (store, build, &subject, error);
}
