/* gj-reports.c: what the report builders share: periods and the station
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-reports"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <string.h>

#include "gj-data-error.h"
#include "gj-reports.h"

/* Years a station could report on; anything else is a typing slip. */
#define MIN_YEAR 2000
#define MAX_YEAR 2100

gboolean
gj_period_parse (const char *text,
                 GjPeriod   *period,
                 GError    **error)
{
  g_autofree char *s = NULL;
  int year = 0, quarter = 0, used = 0;

  g_return_val_if_fail (period != NULL, FALSE);

  s = g_strstrip (g_strdup (text ? text : ""));
  if (sscanf (s, "%4d%n", &year, &used) == 1 && used == 4)
    {
      const char *rest = s + 4;

      if (*rest == '-')
        rest++;
      if (*rest == '\0')
        quarter = 0;
      else if ((rest[0] == 'Q' || rest[0] == 'q') && rest[1] >= '1' && rest[1] <= '4' &&
               rest[2] == '\0')
        quarter = rest[1] - '0';
      else if (g_str_has_prefix (rest, "年第") && rest[strlen ("年第")] >= '1' &&
               rest[strlen ("年第")] <= '4' &&
               strcmp (rest + strlen ("年第") + 1, "季度") == 0)
        quarter = rest[strlen ("年第")] - '0';
      else if (strcmp (rest, "年") == 0 || strcmp (rest, "年度") == 0)
        quarter = 0;
      else
        year = 0;
    }
  else
    year = 0;

  if (year < MIN_YEAR || year > MAX_YEAR)
    {
      gj_data_error_set (error, GJ_DATA_ERROR_INVALID, "period",
                         _("Period: “%s” is not a quarter or a year; write 2026Q4 for a "
                           "quarter or 2026 for a whole year"), s);
      return FALSE;
    }
  period->year = year;
  period->quarter = quarter;
  return TRUE;
}

void
gj_period_current (GjPeriod *period,
                   gboolean  whole_year)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  g_return_if_fail (period != NULL);
  period->year = g_date_time_get_year (now);
  period->quarter = whole_year ? 0 : (g_date_time_get_month (now) - 1) / 3 + 1;
}

void
gj_period_bounds (const GjPeriod *period,
                  char          **first,
                  char          **last)
{
  static const char *const quarter_last[] = { "12-31", "03-31", "06-30", "09-30", "12-31" };
  static const char *const quarter_first[] = { "01-01", "01-01", "04-01", "07-01", "10-01" };
  int q;

  g_return_if_fail (period != NULL);
  q = CLAMP (period->quarter, 0, 4);
  if (first)
    *first = g_strdup_printf ("%04d-%s", period->year, quarter_first[q]);
  if (last)
    *last = g_strdup_printf ("%04d-%s", period->year, quarter_last[q]);
}

char *
gj_period_format (const GjPeriod *period)
{
  g_return_val_if_fail (period != NULL, NULL);

  switch (period->quarter)
    {
    /* TRANSLATORS: a report's period; zh_CN: 2026年第一季度 */
    case 1: return g_strdup_printf (_("Q1 %d"), period->year);
    /* TRANSLATORS: a report's period; zh_CN: 2026年第二季度 */
    case 2: return g_strdup_printf (_("Q2 %d"), period->year);
    /* TRANSLATORS: a report's period; zh_CN: 2026年第三季度 */
    case 3: return g_strdup_printf (_("Q3 %d"), period->year);
    /* TRANSLATORS: a report's period; zh_CN: 2026年第四季度 */
    case 4: return g_strdup_printf (_("Q4 %d"), period->year);
    /* TRANSLATORS: a report's period, a whole year; zh_CN: 2026年度 */
    default: return g_strdup_printf (_("Year %d"), period->year);
    }
}

char *
gj_reports_station_name (GjStore *store)
{
  const char *street_id;
  g_autoptr(GjRecord) street = NULL;

  g_return_val_if_fail (GJ_IS_STORE (store), NULL);

  street_id = gj_store_get_street (store);
  if (street_id)
    street = gj_store_get (store, gj_schema_lookup ("street"), street_id, NULL);
  if (street)
    {
      const char *station = gj_record_get_text (street, "station");
      const char *name = gj_record_get_text (street, "name");

      if (station && *station)
        return g_strdup (station);
      if (name && *name)
        /* TRANSLATORS: the station of a street that gave no station name */
        return g_strdup_printf (_("%s Social-Work Station"), name);
    }
  return g_strdup (_("Social-Work Station"));
}
