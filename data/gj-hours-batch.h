/* gj-hours-batch.h: time-bank hours for many volunteers in one write
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gj-store.h"

G_BEGIN_DECLS

/* What a station records after an activity: the same hours for everyone
 * who served. Values are as a person typed them. */
typedef struct
{
  const char         *activity_id;   /* NULL or "": a new activity named @title */
  const char         *title;         /* the new activity's title */
  const char         *date;
  const char         *hours;
  const char         *verified_by;
  const char * const *volunteer_ids; /* NULL-terminated */
} GjHoursBatch;

/* Writes an "earn" entry for every volunteer, and the activity when it is
 * new (with its participants and total hours), in one transaction: either
 * every volunteer gets the hours or nobody does. Values that apply to every
 * entry are checked once, so an error names the field rather than the
 * first volunteer. *@hours_out (may be NULL) is the hours per volunteer as
 * stored. */
gboolean    gj_hours_batch_write (GjStore            *store,
                                  const GjHoursBatch *batch,
                                  double             *hours_out,
                                  GError            **error);

G_END_DECLS
