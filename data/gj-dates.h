/* gj-dates.h: today and whole days and months from it, on ISO dates
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Today as stored, YYYY-MM-DD. */
char       *gj_dates_today        (void) G_GNUC_WARN_UNUSED_RESULT;
/* @days after today (negative: before), YYYY-MM-DD. */
char       *gj_dates_from_today   (int            days) G_GNUC_WARN_UNUSED_RESULT;
/* @days after the ISO date @iso (negative: before), or NULL if @iso is not
 * a date. */
char       *gj_dates_add_days     (const char    *iso,
                                   int            days) G_GNUC_WARN_UNUSED_RESULT;
/* Days from today to an ISO date (negative: in the past); G_MININT if @iso
 * is not a date. */
int         gj_dates_days_until   (const char    *iso);
/* Days from the ISO date @from to the ISO date @to (negative: @to is
 * before); G_MININT if either is not a date. */
int         gj_dates_days_between (const char    *from,
                                   const char    *to);
/* Whole months between an ISO date and today, 0 if not a date. */
int         gj_dates_months_since (const char    *iso);

G_END_DECLS
