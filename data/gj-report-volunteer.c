/* gj-report-volunteer.c: the volunteer service-record certificate
 * (志愿服务记录证明) and the time-bank statement (时间银行积分明细)
 *
 * The national rules for volunteer service records (志愿服务记录与证明
 * 出具办法) have the organization that recorded the service certify it
 * on request: who served (name and identity number), when, what service
 * and for how many hours, who issues the certificate and on which day,
 * under its seal. The hours are the time bank's deposits ("earn"
 * entries): each is one verified service.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-reports"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gj-data-error.h"
#include "gj-format.h"
#include "gj-reports-private.h"
#include "gj-reports.h"
#include "gj-validate.h"

/* The ends of a period as given: each NULL or a date, the first not after
 * the last. */
static gboolean
check_span (const char  *from,
            const char  *to,
            GError     **error)
{
  if ((from && !gj_validate_date (_("First day"), from, error)) ||
      (to && !gj_validate_date (_("Last day"), to, error)))
    return FALSE;
  if (from && to && g_strcmp0 (from, to) > 0)
    {
      gj_data_error_set (error, GJ_DATA_ERROR_INVALID, NULL,
                         _("The period ends (%s) before it starts (%s); swap the two days"),
                         to, from);
      return FALSE;
    }
  return TRUE;
}

static gboolean
in_span (const char *date,
         const char *from,
         const char *to)
{
  return date != NULL && (from == NULL || g_strcmp0 (date, from) >= 0) &&
         (to == NULL || g_strcmp0 (date, to) <= 0);
}

static void
add_volunteer (GjReport       *report,
               GjStore        *store,
               const GjRecord *volunteer)
{
  static const char *const fields[] = {
    "name", "resident_id", "gender", "team_id", "community_id",
  };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    gj_reports_add_field (report, store, volunteer, fields[i]);
}

/* What an entry was for: its activity's title, or its note. */
static char *
entry_service (GjStore        *store,
               const GjRecord *entry)
{
  const char *activity = gj_record_get_text (entry, "activity_id");
  const char *note = gj_record_get_text (entry, "note");
  g_autofree char *title = NULL;

  if (activity == NULL)
    return g_strdup (note ? note : "");
  title = gj_format_ref_title (store, "activity", activity);
  if (note == NULL)
    return g_steal_pointer (&title);
  /* TRANSLATORS: an activity's title and a note on the hours of it */
  return g_strdup_printf (_("%s (%s)"), title, note);
}

/* The volunteer's time-bank entries, live, by date. */
static GPtrArray *
entries_of (GjStore        *store,
            const GjRecord *volunteer,
            GError        **error)
{
  return gj_reports_children (store, "hours", "volunteer_id", volunteer->id,
                              gj_reports_compare_date, error);
}

static gboolean
is_earn (const GjRecord *entry)
{
  return g_strcmp0 (gj_record_get_text (entry, "kind"), "earn") == 0;
}

static void
add_certificate (GjReport       *report,
                 GjStore        *store,
                 const GjRecord *volunteer,
                 GPtrArray      *services,
                 const char     *station,
                 const char     *from,
                 const char     *to)
{
  g_autofree char *id = gj_record_format (volunteer, "resident_id", TRUE);
  g_autofree char *first = NULL;
  g_autofree char *last = NULL;
  g_autofree char *total_text = NULL;
  g_autofree char *text = NULL;
  double total = 0;
  int places = 1;

  for (guint i = 0; i < services->len; i++)
    {
      double h = gj_record_get_real (g_ptr_array_index (services, i), "hours");
      places = MAX (places, gj_reports_places (h));
      total += h;
    }
  places = MAX (places, gj_reports_places (total));

  gj_report_begin_table (report, _("Volunteer service record"), NULL);
  gj_report_add_column (report, gj_reports_label ("hours", "date"), 1.3, FALSE);
  gj_report_add_column (report, _("Service"), 3.5, FALSE);
  gj_report_add_column (report, gj_reports_label ("hours", "hours"), 0.8, TRUE);
  gj_report_add_column (report, gj_reports_label ("hours", "verified_by"), 1.2, FALSE);
  for (guint i = 0; i < services->len; i++)
    {
      GjRecord *e = g_ptr_array_index (services, i);
      g_autofree char *service = entry_service (store, e);

      gj_report_add_row (report, GJ_REPORT_MARK_NONE);
      gj_report_add_date (report, gj_record_get_text (e, "date"));
      gj_report_add_text (report, service);
      gj_report_add_number (report, gj_record_get_real (e, "hours"), places);
      gj_report_add_text (report, gj_record_get_text (e, "verified_by"));
    }
  gj_report_add_row (report, GJ_REPORT_MARK_TOTAL);
  gj_report_add_text (report, _("Total"));
  gj_report_add_text (report, "");
  gj_report_add_number (report, total, places);

  total_text = g_strdup_printf ("%.*f", places, total);
  gj_report_add_fact (report, _("Total hours of service"), total_text);

  /* An open end of the period is the first or last service itself: the
   * certificate names only days it can vouch for. */
  first = gj_report_format_date (from ? from
                                      : gj_record_get_text (g_ptr_array_index (services, 0),
                                                            "date"));
  last = gj_report_format_date (to ? to
                                   : gj_record_get_text (g_ptr_array_index (services,
                                                                            services->len - 1),
                                                         "date"));
  gj_report_add_heading (report, 2, _("Certification"));
  if (id[0] != '\0')
    /* TRANSLATORS: the certificate's wording, as the national rules for
     * volunteer service records have it; zh_CN: 兹证明…特此证明。 The
     * arguments: name, masked identity number, first day, last day,
     * station, hours. */
    text = g_strdup_printf (_("This is to certify that %s (resident ID %s) took part in "
                              "volunteer service from %s to %s, as recorded by %s, with a "
                              "total of %s hours of service. This record is true and valid."),
                            gj_record_get_text (volunteer, "name"), id, first, last, station,
                            total_text);
  else
    /* TRANSLATORS: as above, for a volunteer whose identity number is
     * not recorded: name, first day, last day, station, hours. */
    text = g_strdup_printf (_("This is to certify that %s took part in volunteer service from "
                              "%s to %s, as recorded by %s, with a total of %s hours of "
                              "service. This record is true and valid."),
                            gj_record_get_text (volunteer, "name"), first, last, station,
                            total_text);
  gj_report_add_paragraph (report, text);
}

static GjReport *
build_certificate (GjStore                *store,
                   const GjReportSubject  *subject,
                   GError                **error)
{
  const char *volunteer_id = subject->id;
  const char *from = subject->from;
  const char *to = subject->to;
  g_autoptr(GjRecord) volunteer = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) services = g_ptr_array_new ();
  g_autoptr(GjReport) report = NULL;
  g_autofree char *station = NULL;
  g_autofree char *period = NULL;
  g_autofree char *issued = NULL;

  volunteer = gj_reports_load (store, "volunteer", volunteer_id, error);
  if (volunteer == NULL)
    return NULL;
  entries = entries_of (store, volunteer, error);
  if (entries == NULL)
    return NULL;
  /* Borrowed from @entries, which outlives it. */
  for (guint i = 0; i < entries->len; i++)
    {
      GjRecord *e = g_ptr_array_index (entries, i);

      if (is_earn (e) && in_span (gj_record_get_text (e, "date"), from, to))
        g_ptr_array_add (services, e);
    }

  station = gj_reports_station_name (store);
  if (from || to)
    period = gj_reports_span_text (from, to);
  report = gj_report_new (_("Volunteer Service Record Certificate"), station, period);
  add_volunteer (report, store, volunteer);
  if (services->len == 0)
    {
      /* A certificate of no service would read as proof of something:
       * none is printed, only the reason. */
      g_autofree char *notice =
        g_strdup_printf (_("No volunteer service of %s is recorded in this period, so no "
                           "certificate is issued for it."),
                         gj_record_get_text (volunteer, "name"));
      gj_report_add_notice (report, notice);
      return g_steal_pointer (&report);
    }
  add_certificate (report, store, volunteer, services, station, from, to);
  issued = gj_report_format_date (gj_report_get_issued_on (report));
  gj_report_add_fact (report, _("Issued by"), station);
  gj_report_add_fact (report, _("Date of issue"), issued);
  gj_report_add_signature (report, _("Issuing organization (seal)"), station);
  return g_steal_pointer (&report);
}

GjReport *
gj_reports_volunteer_certificate (GjStore     *store,
                                  const char  *volunteer_id,
                                  const char  *from,
                                  const char  *to,
                                  GError     **error)
{
  GjReportSubject subject = { volunteer_id, from, to };

  g_return_val_if_fail (GJ_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_span (from, to, error))
    return NULL;
  return gj_reports_build (store, build_certificate, &subject, error);
}

/* Time bank */

static char *
hours_text (double hours,
            int    places)
{
  return g_strdup_printf ("%.*f", places, hours);
}

static void
add_statement (GjReport  *report,
               GjStore   *store,
               GPtrArray *listed,
               double     opening,
               int        places)
{
  double balance = opening, earned = 0, redeemed = 0;

  gj_report_begin_table (report, _("Time-bank entries"), NULL);
  gj_report_add_column (report, gj_reports_label ("hours", "date"), 1.3, FALSE);
  gj_report_add_column (report, gj_reports_label ("hours", "kind"), 0.8, FALSE);
  gj_report_add_column (report, _("Service"), 3, FALSE);
  gj_report_add_column (report, _("Earned"), 0.8, TRUE);
  gj_report_add_column (report, _("Redeemed"), 0.8, TRUE);
  gj_report_add_column (report, _("Balance"), 0.8, TRUE);
  gj_report_add_row (report, GJ_REPORT_MARK_NONE);
  gj_report_add_text (report, "");
  gj_report_add_text (report, "");
  gj_report_add_text (report, _("Opening balance"));
  gj_report_add_text (report, "");
  gj_report_add_text (report, "");
  gj_report_add_number (report, opening, places);
  for (guint i = 0; i < listed->len; i++)
    {
      GjRecord *e = g_ptr_array_index (listed, i);
      g_autofree char *kind = gj_record_format (e, "kind", TRUE);
      g_autofree char *service = entry_service (store, e);
      double h = gj_record_get_real (e, "hours");

      gj_report_add_row (report, GJ_REPORT_MARK_NONE);
      gj_report_add_date (report, gj_record_get_text (e, "date"));
      gj_report_add_text (report, kind);
      gj_report_add_text (report, service);
      if (is_earn (e))
        {
          balance += h;
          earned += h;
          gj_report_add_number (report, h, places);
          gj_report_add_text (report, "");
        }
      else
        {
          balance -= h;
          redeemed += h;
          gj_report_add_text (report, "");
          gj_report_add_number (report, h, places);
        }
      gj_report_add_number (report, balance, places);
    }
  gj_report_add_row (report, GJ_REPORT_MARK_TOTAL);
  gj_report_add_text (report, _("Total"));
  gj_report_add_text (report, "");
  gj_report_add_text (report, _("Closing balance"));
  gj_report_add_number (report, earned, places);
  gj_report_add_number (report, redeemed, places);
  gj_report_add_number (report, balance, places);
}

static GjReport *
build_statement (GjStore                *store,
                 const GjReportSubject  *subject,
                 GError                **error)
{
  const char *volunteer_id = subject->id;
  const char *from = subject->from;
  const char *to = subject->to;
  g_autoptr(GjRecord) volunteer = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) listed = g_ptr_array_new ();
  g_autoptr(GjReport) report = NULL;
  g_autofree char *station = NULL;
  g_autofree char *period = NULL;
  g_autofree char *opening_text = NULL;
  g_autofree char *earned_text = NULL;
  g_autofree char *redeemed_text = NULL;
  g_autofree char *closing_text = NULL;
  double opening = 0, earned = 0, redeemed = 0;
  int places = 1;

  volunteer = gj_reports_load (store, "volunteer", volunteer_id, error);
  if (volunteer == NULL)
    return NULL;
  entries = entries_of (store, volunteer, error);
  if (entries == NULL)
    return NULL;
  for (guint i = 0; i < entries->len; i++)
    {
      GjRecord *e = g_ptr_array_index (entries, i);
      const char *date = gj_record_get_text (e, "date");
      double h = gj_record_get_real (e, "hours") * (is_earn (e) ? 1 : -1);

      places = MAX (places, gj_reports_places (h));
      /* Entries before the period make the opening balance; those after
       * it are not part of this statement at all. */
      if (from != NULL && date != NULL && g_strcmp0 (date, from) < 0)
        opening += h;
      else if (in_span (date, from, to))
        {
          g_ptr_array_add (listed, e);
          if (h >= 0)
            earned += h;
          else
            redeemed -= h;
        }
    }
  places = MAX (places, MAX (gj_reports_places (opening),
                             gj_reports_places (opening + earned - redeemed)));

  station = gj_reports_station_name (store);
  if (from || to)
    period = gj_reports_span_text (from, to);
  report = gj_report_new (_("Time-Bank Statement"), station, period);
  add_volunteer (report, store, volunteer);
  opening_text = hours_text (opening, places);
  earned_text = hours_text (earned, places);
  redeemed_text = hours_text (redeemed, places);
  closing_text = hours_text (opening + earned - redeemed, places);
  gj_report_add_fact (report, _("Opening balance"), opening_text);
  gj_report_add_fact (report, _("Earned in the period"), earned_text);
  gj_report_add_fact (report, _("Redeemed in the period"), redeemed_text);
  gj_report_add_fact (report, _("Closing balance"), closing_text);
  if (listed->len == 0)
    gj_report_add_notice (report, _("No time-bank entries are recorded in this period."));
  else
    add_statement (report, store, listed, opening, places);
  return g_steal_pointer (&report);
}

GjReport *
gj_reports_time_bank (GjStore     *store,
                      const char  *volunteer_id,
                      const char  *from,
                      const char  *to,
                      GError     **error)
{
  GjReportSubject subject = { volunteer_id, from, to };

  g_return_val_if_fail (GJ_IS_STORE (store), NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (!check_span (from, to, error))
    return NULL;
  return gj_reports_build (store, build_statement, &subject, error);
}
