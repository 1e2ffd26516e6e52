/* gj-report-project.c: the project sheet (项目信息表)
 *
 * A project is run by the "five parties" of the policy texts (community,
 * social worker, community organization, volunteers, charity resources);
 * the sheet shows them with the money (government funds and the social
 * funds they leveraged), how the project stands and what it did.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-reports"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gj-format.h"
#include "gj-hlc.h"
#include "gj-reports-private.h"
#include "gj-reports.h"

static void
add_parties (GjReport  *report,
             GjStore   *store,
             GPtrArray *parties)
{
  const GjField *role = gj_kind_field (gj_schema_lookup ("project_party"), "role");

  gj_report_begin_table (report, _("The five parties"), NULL);
  gj_report_add_column (report, gj_reports_label ("project_party", "role"), 1.5, FALSE);
  gj_report_add_column (report, gj_reports_label ("project_party", "party_id"), 2.5, FALSE);
  gj_report_add_column (report, gj_reports_label ("project_party", "contribution"), 3, FALSE);
  /* Every role has its row, in the order of the policy texts, so that a
   * party the project still lacks shows as a gap on the sheet. */
  for (const GjEnumValue *v = role->values; v->key != NULL; v++)
    {
      gboolean any = FALSE;

      for (guint i = 0; i < parties->len; i++)
        {
          GjRecord *p = g_ptr_array_index (parties, i);
          const char *kind = gj_format_party_kind (v->key);
          g_autofree char *name = NULL;

          if (g_strcmp0 (gj_record_get_text (p, "role"), v->key) != 0)
            continue;
          name = kind ? gj_format_ref_title (store, kind, gj_record_get_text (p, "party_id"))
                      : g_strdup (gj_record_get_text (p, "party_id"));
          gj_report_add_row (report, GJ_REPORT_MARK_NONE);
          gj_report_add_text (report, _(v->label));
          gj_report_add_text (report, name);
          gj_report_add_text (report, gj_record_get_text (p, "contribution"));
          any = TRUE;
        }
      if (!any)
        {
          gj_report_add_row (report, GJ_REPORT_MARK_NONE);
          gj_report_add_text (report, _(v->label));
          gj_report_add_text (report, _("None yet"));
        }
    }
}

static void
add_money (GjReport       *report,
           const GjRecord *project,
           const char     *field)
{
  if (gj_record_get (project, field)->type == GJ_VALUE_NULL)
    gj_report_add_text (report, "");
  else
    gj_report_add_money (report, gj_record_get_int (project, field));
}

static void
add_funds (GjReport       *report,
           const GjRecord *project)
{
  gint64 gov = gj_record_get_int (project, "gov_funds");
  gint64 social = gj_record_get_int (project, "social_funds");

  gj_report_begin_table (report, _("Funds"), NULL);
  gj_report_add_column (report, gj_reports_label ("project", "budget"), 1, TRUE);
  gj_report_add_column (report, gj_reports_label ("project", "gov_funds"), 1, TRUE);
  gj_report_add_column (report, gj_reports_label ("project", "social_funds"), 1, TRUE);
  gj_report_add_column (report, _("Leverage (social per government yuan)"), 1, TRUE);
  gj_report_add_row (report, GJ_REPORT_MARK_NONE);
  add_money (report, project, "budget");
  add_money (report, project, "gov_funds");
  add_money (report, project, "social_funds");
  /* Without government funds there is nothing leveraged: no ratio. */
  if (gov > 0)
    gj_report_add_number (report, (double) social / (double) gov, 2);
  else
    gj_report_add_text (report, "");
}

typedef struct
{
  const char *date;
  const char *event;
} TimelineRow;

/* The status timeline. The store keeps each field's current value and
 * the clock of the write that set it, not earlier values, so the timeline
 * holds the project's start and end and its current status with the day
 * it was set; nothing here pretends to a fuller history. */
static gboolean
add_timeline (GjReport       *report,
              GjStore        *store,
              const GjRecord *project,
              GError        **error)
{
  g_autoptr(GPtrArray) cells = gj_store_cells (store, project->kind, project->id, error);
  int status_column = gj_kind_field_index (project->kind, "status");
  g_autofree char *status_on = NULL;
  g_autofree char *status = gj_record_format (project, "status", TRUE);
  g_autofree char *status_text = NULL;
  TimelineRow rows[3];
  guint n = 0;

  if (cells == NULL)
    return FALSE;
  for (guint i = 0; i < cells->len; i++)
    {
      GjCell *c = g_ptr_array_index (cells, i);

      if (c->column == status_column)
        {
          g_autoptr(GDateTime) utc =
            g_date_time_new_from_unix_utc (gj_hlc_to_unix_ms (c->hlc) / 1000);
          g_autoptr(GDateTime) local = utc ? g_date_time_to_local (utc) : NULL;

          status_on = local ? g_date_time_format (local, "%Y-%m-%d") : NULL;
        }
    }
  /* TRANSLATORS: an event of a project's timeline; %s is its status */
  status_text = g_strdup_printf (_("Status recorded as “%s”"), status);
  if (gj_record_get_text (project, "start_on"))
    rows[n++] = (TimelineRow) { gj_record_get_text (project, "start_on"),
                                gj_reports_label ("project", "start_on") };
  rows[n++] = (TimelineRow) { status_on, status_text };
  if (gj_record_get_text (project, "end_on"))
    rows[n++] = (TimelineRow) { gj_record_get_text (project, "end_on"),
                                gj_reports_label ("project", "end_on") };
  /* By date; three rows at most, so a plain exchange sort. */
  for (guint i = 0; i < n; i++)
    for (guint j = i + 1; j < n; j++)
      if (g_strcmp0 (rows[j].date, rows[i].date) < 0)
        {
          TimelineRow t = rows[i];
          rows[i] = rows[j];
          rows[j] = t;
        }

  gj_report_begin_table (report, _("Status timeline"), NULL);
  gj_report_add_column (report, _("Date"), 1, FALSE);
  gj_report_add_column (report, _("Event"), 3, FALSE);
  for (guint i = 0; i < n; i++)
    {
      gj_report_add_row (report, GJ_REPORT_MARK_NONE);
      gj_report_add_date (report, rows[i].date);
      gj_report_add_text (report, rows[i].event);
    }
  return TRUE;
}

static void
add_activities (GjReport  *report,
                GPtrArray *activities)
{
  gint64 participants = 0;
  double hours = 0;
  int places = 1;

  if (activities->len == 0)
    {
      gj_report_add_heading (report, 2, _("Activities"));
      gj_report_add_notice (report, _("No activities of this project are recorded."));
      return;
    }
  for (guint i = 0; i < activities->len; i++)
    places = MAX (places, gj_reports_places (
                            gj_record_get_real (g_ptr_array_index (activities, i),
                                                "volunteer_hours")));
  gj_report_begin_table (report, _("Activities"), NULL);
  gj_report_add_column (report, gj_reports_label ("activity", "date"), 1.3, FALSE);
  gj_report_add_column (report, gj_reports_label ("activity", "title"), 2.2, FALSE);
  gj_report_add_column (report, gj_reports_label ("activity", "place"), 1.3, FALSE);
  gj_report_add_column (report, gj_reports_label ("activity", "participants"), 1, TRUE);
  gj_report_add_column (report, gj_reports_label ("activity", "volunteer_hours"), 1, TRUE);
  gj_report_add_column (report, gj_reports_label ("activity", "summary"), 2.2, FALSE);
  for (guint i = 0; i < activities->len; i++)
    {
      GjRecord *a = g_ptr_array_index (activities, i);

      gj_report_add_row (report, GJ_REPORT_MARK_NONE);
      gj_report_add_date (report, gj_record_get_text (a, "date"));
      gj_report_add_text (report, gj_record_get_text (a, "title"));
      gj_report_add_text (report, gj_record_get_text (a, "place"));
      if (gj_record_get (a, "participants")->type != GJ_VALUE_NULL)
        gj_report_add_integer (report, gj_record_get_int (a, "participants"));
      else
        gj_report_add_text (report, "");
      if (gj_record_get (a, "volunteer_hours")->type != GJ_VALUE_NULL)
        gj_report_add_number (report, gj_record_get_real (a, "volunteer_hours"), places);
      else
        gj_report_add_text (report, "");
      gj_report_add_text (report, gj_record_get_text (a, "summary"));
      participants += gj_record_get_int (a, "participants");
      hours += gj_record_get_real (a, "volunteer_hours");
    }
  gj_report_add_row (report, GJ_REPORT_MARK_TOTAL);
  gj_report_add_text (report, _("Total"));
  gj_report_add_text (report, "");
  gj_report_add_text (report, "");
  gj_report_add_integer (report, participants);
  gj_report_add_number (report, hours, places);
}

static GjReport *
build (GjStore                *store,
       const GjReportSubject  *subject,
       GError                **error)
{
  const char *project_id = subject->id;
  static const char *const facts[] = {
    "field", "funding", "status", "community_id", "start_on", "end_on", "beneficiaries",
  };
  g_autoptr(GjRecord) project = NULL;
  g_autoptr(GPtrArray) parties = NULL;
  g_autoptr(GPtrArray) activities = NULL;
  g_autoptr(GjReport) report = NULL;
  g_autofree char *station = NULL;

  project = gj_reports_load (store, "project", project_id, error);
  if (project == NULL)
    return NULL;
  parties = gj_reports_children (store, "project_party", "project_id", project->id, NULL, error);
  if (parties == NULL)
    return NULL;
  activities = gj_reports_children (store, "activity", "project_id", project->id,
                                    gj_reports_compare_date, error);
  if (activities == NULL)
    return NULL;

  station = gj_reports_station_name (store);
  report = gj_report_new (_("Project Information Sheet"), station, NULL);
  gj_report_add_heading (report, 1, gj_record_get_text (project, "name"));
  gj_reports_add_field (report, store, project, "name");
  for (guint i = 0; i < G_N_ELEMENTS (facts); i++)
    gj_reports_add_field (report, store, project, facts[i]);
  if (gj_record_get_text (project, "description") != NULL)
    {
      gj_report_add_heading (report, 2, gj_reports_label ("project", "description"));
      gj_report_add_paragraph (report, gj_record_get_text (project, "description"));
    }
  add_parties (report, store, parties);
  add_funds (report, project);
  if (!add_timeline (report, store, project, error))
    return NULL;
  add_activities (report, activities);
  gj_report_add_heading (report, 2, gj_reports_label ("project", "outcomes"));
  if (gj_record_get_text (project, "outcomes") != NULL)
    gj_report_add_paragraph (report, gj_record_get_text (project, "outcomes"));
  else
    gj_report_add_notice (report, _("No outcomes are recorded for this project yet."));
  return g_steal_pointer (&report);
}

GjReport *
gj_reports_project (GjStore     *store,
                    const char  *project_id,
                    GError     **error)
{
  GjReportSubject subject = { project_id, NULL, NULL };

  g_return_val_if_fail (GJ_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  return gj_reports_build (store, build, &subject, error);
}
