/* gj-dates.c: today and whole days and months from it, on ISO dates
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-dates"

#include "config.h"

#include <stdio.h>

#include "gj-dates.h"

static GDate *
today_date (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  return g_date_new_dmy (g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                         g_date_time_get_year (now));
}

static char *
date_iso (const GDate *d)
{
  return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (d), g_date_get_month (d),
                          g_date_get_day (d));
}

static gboolean
parse_iso (const char *iso,
           GDate      *out)
{
  int y, m, d;

  if (iso == NULL || sscanf (iso, "%d-%d-%d", &y, &m, &d) != 3)
    return FALSE;
  if (!g_date_valid_dmy (d, m, y))
    return FALSE;
  g_date_clear (out, 1);
  g_date_set_dmy (out, d, m, y);
  return TRUE;
}

char *
gj_dates_add_days (const char *iso,
                   int         days)
{
  GDate d;

  if (!parse_iso (iso, &d))
    return NULL;
  if (days > 0)
    g_date_add_days (&d, days);
  else if (days < 0)
    g_date_subtract_days (&d, -days);
  return date_iso (&d);
}

char *
gj_dates_today (void)
{
  return gj_dates_from_today (0);
}

char *
gj_dates_from_today (int days)
{
  GDate *d = today_date ();
  char *iso;

  if (days > 0)
    g_date_add_days (d, days);
  else if (days < 0)
    g_date_subtract_days (d, -days);
  iso = date_iso (d);
  g_date_free (d);
  return iso;
}

int
gj_dates_days_until (const char *iso)
{
  GDate date;
  GDate *today;
  int n;

  if (!parse_iso (iso, &date))
    return G_MININT;
  today = today_date ();
  n = g_date_days_between (today, &date);
  g_date_free (today);
  return n;
}

int
gj_dates_days_between (const char *from,
                       const char *to)
{
  GDate a, b;

  if (!parse_iso (from, &a) || !parse_iso (to, &b))
    return G_MININT;
  return g_date_days_between (&a, &b);
}

int
gj_dates_months_since (const char *iso)
{
  GDate date;
  GDate *today;
  int n;

  if (!parse_iso (iso, &date))
    return 0;
  today = today_date ();
  n = (g_date_get_year (today) - g_date_get_year (&date)) * 12 +
      ((int) g_date_get_month (today) - (int) g_date_get_month (&date));
  if (g_date_get_day (today) < g_date_get_day (&date))
    n--;
  g_date_free (today);
  return MAX (n, 0);
}
