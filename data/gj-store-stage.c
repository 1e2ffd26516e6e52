/* gj-store-stage.c: the workflows of records with stages (GjWorkflow in
 * the schema): which moves a local write may make, and the dates a move
 * records by itself
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-store"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gj-data-error.h"
#include "gj-store-private.h"

static int
enum_position (const GjField *field,
               const char    *key)
{
  int i = 0;

  for (const GjEnumValue *v = field->values; v->key; v++, i++)
    if (g_strcmp0 (v->key, key) == 0)
      return i;
  return -1;
}

static const char *
enum_label (const GjField *field,
            const char    *key)
{
  const GjEnumValue *v = gj_field_enum_by_key (field, key);

  return v ? _(v->label) : key;
}

static gboolean
stage_in (const char *stage,
          const char *const *stages)
{
  return stages != NULL && g_strv_contains ((const char *const *) stages, stage);
}

static gboolean
move_in (const char        *from,
         const char        *to,
         const GjStageMove *moves)
{
  for (const GjStageMove *m = moves; m != NULL && m->to != NULL; m++)
    if ((m->from == NULL || g_str_equal (m->from, from)) && g_str_equal (m->to, to))
      return TRUE;
  return FALSE;
}

/* Whether the kind's workflow (GjWorkflow) allows a move from @from to
 * @to; a move out of a terminal stage or against the order needs
 * GJ_WRITE_REOPEN. */
static gboolean
check_transition (const GjWorkflow *flow,
                  const GjField    *field,
                  const char       *from,
                  const char       *to,
                  GjWriteFlags      flags,
                  GError          **error)
{
  int a = enum_position (field, from), b = enum_position (field, to);
  gboolean ok;

  if (a < 0 || b < 0 || a == b)
    return TRUE;

  switch (flow->order)
    {
    case GJ_STAGES_ONE_FORWARD:
      ok = b == a + 1;
      break;
    case GJ_STAGES_FORWARD:
      ok = b > a;
      break;
    case GJ_STAGES_ANY_ORDER:
    default:
      ok = TRUE;
      break;
    }
  ok = (ok && !move_in (from, to, flow->refused)) || move_in (from, to, flow->allowed);

  if (stage_in (from, flow->terminal) && !(flags & GJ_WRITE_REOPEN))
    {
      gj_data_error_set (error, GJ_DATA_ERROR_TRANSITION, field->name,
                         _("%s: the record is closed as “%s”; reopen it explicitly to change it "
                           "to “%s”"),
                         _(field->label), enum_label (field, from), enum_label (field, to));
      return FALSE;
    }
  if (!ok && !(flags & GJ_WRITE_REOPEN))
    {
      gj_data_error_set (error, GJ_DATA_ERROR_TRANSITION, field->name,
                         _("%s: cannot go from “%s” to “%s”"),
                         _(field->label), enum_label (field, from), enum_label (field, to));
      return FALSE;
    }
  return TRUE;
}

static void
today_iso (char buf[11])
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  g_snprintf (buf, 11, "%04d-%02d-%02d", g_date_time_get_year (now),
              g_date_time_get_month (now), g_date_time_get_day_of_month (now));
}

/* Dates the workflow records by itself when a stage changes and the caller
 * did not give them. */
static void
stamp_stage_dates (GjRecord         *rec,
                   const GjWorkflow *flow,
                   const char       *to)
{
  char today[11];

  today_iso (today);
  for (const GjStageDate *d = flow->dates; d != NULL && d->field != NULL; d++)
    if ((d->stage == NULL || g_str_equal (d->stage, to)) && !gj_record_is_set (rec, d->field))
      gj_record_set_text (rec, d->field, today);
}

gboolean
gj_store_check_stage (GjRecord          *rec,
                      const GjRowState  *current,
                      GjWriteFlags       flags,
                      GError           **error)
{
  const GjKind *kind = rec->kind;
  const GjWorkflow *flow = kind->workflow;
  const char *from = NULL, *to;
  int col;

  if (flow == NULL || !gj_record_is_set (rec, flow->field))
    return TRUE;
  to = gj_record_get_text (rec, flow->field);
  col = gj_kind_field_index (kind, flow->field);
  if (current != NULL && current->values[col].type == GJ_VALUE_TEXT)
    from = current->values[col].s;

  if (from != NULL && to != NULL && !g_str_equal (from, to))
    {
      if (!check_transition (flow, &kind->fields[col], from, to, flags, error))
        return FALSE;
      stamp_stage_dates (rec, flow, to);
    }
  else if (from == NULL && to != NULL)
    stamp_stage_dates (rec, flow, to);
  return TRUE;
}

