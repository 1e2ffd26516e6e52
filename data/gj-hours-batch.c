/* gj-hours-batch.c: time-bank hours for many volunteers in one write
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-hours-batch"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gj-data-error.h"
#include "gj-hours-batch.h"

static const char *
or_empty (const char *text)
{
  return text != NULL ? text : "";
}

/* A new activity for the batch, with its participants and their hours. */
static GjRecord *
insert_activity (GjStore            *store,
                 const GjHoursBatch *batch,
                 double              hours,
                 guint               n,
                 GError            **error)
{
  g_autoptr(GjRecord) activity = NULL;
  g_autofree char *total = g_strdup_printf ("%g", hours * n);
  g_autofree char *participants = g_strdup_printf ("%u", n);
  const char *title = or_empty (batch->title);

  if (title[0] == '\0')
    {
      g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_REQUIRED,
                   _("Title: give the new activity a title"));
      return NULL;
    }
  activity = gj_record_new_for ("activity");
  if (!gj_record_parse (activity, "title", title, error) ||
      !gj_record_parse (activity, "date", batch->date, error) ||
      !gj_record_parse (activity, "participants", participants, error) ||
      !gj_record_parse (activity, "volunteer_hours", total, error) ||
      !gj_store_insert (store, activity, error))
    return NULL;
  return g_steal_pointer (&activity);
}

static gboolean
write_entries (GjStore            *store,
               const GjHoursBatch *batch,
               double             *hours_out,
               GError            **error)
{
  const char *hours = or_empty (batch->hours);
  const char *date = or_empty (batch->date);
  const char *activity_id = or_empty (batch->activity_id);
  g_autoptr(GjRecord) activity = NULL;
  g_autoptr(GjRecord) probe = gj_record_new_for ("hours");
  guint n = g_strv_length ((char **) batch->volunteer_ids);

  if (!gj_record_parse (probe, "hours", hours, error) ||
      !gj_record_parse (probe, "date", date, error))
    return FALSE;
  if (hours[0] == '\0' || gj_record_get_real (probe, "hours") <= 0)
    {
      g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID,
                   _("Hours: enter the hours each volunteer served, for example 2 or 1.5"));
      return FALSE;
    }
  if (date[0] == '\0')
    {
      g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_REQUIRED, _("Date: this field is required"));
      return FALSE;
    }
  *hours_out = gj_record_get_real (probe, "hours");

  if (activity_id[0] == '\0')
    {
      if ((activity = insert_activity (store, batch, *hours_out, n, error)) == NULL)
        return FALSE;
      activity_id = activity->id;
    }

  for (guint i = 0; i < n; i++)
    {
      g_autoptr(GjRecord) entry = gj_record_new_for ("hours");

      if (!gj_record_parse (entry, "volunteer_id", batch->volunteer_ids[i], error) ||
          !gj_record_parse (entry, "kind", "earn", error) ||
          !gj_record_parse (entry, "hours", hours, error) ||
          !gj_record_parse (entry, "date", date, error) ||
          !gj_record_parse (entry, "activity_id", activity_id, error) ||
          !gj_record_parse (entry, "verified_by", or_empty (batch->verified_by), error) ||
          !gj_store_insert (store, entry, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
gj_hours_batch_write (GjStore            *store,
                      const GjHoursBatch *batch,
                      double             *hours_out,
                      GError            **error)
{
  double hours = 0;

  g_return_val_if_fail (GJ_IS_STORE (store), FALSE);
  g_return_val_if_fail (batch != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (batch->volunteer_ids == NULL || batch->volunteer_ids[0] == NULL)
    {
      g_set_error_literal (error, GJ_DATA_ERROR, GJ_DATA_ERROR_REQUIRED,
                           _("Select the volunteers who served"));
      return FALSE;
    }
  if (!gj_store_begin (store, error))
    return FALSE;
  if (!write_entries (store, batch, &hours, error))
    {
      gj_store_rollback (store);
      return FALSE;
    }
  /* A commit that fails has rolled back already. */
  if (!gj_store_commit (store, error))
    return FALSE;
  if (hours_out != NULL)
    *hours_out = hours;
  return TRUE;
}
