/* gj-due.c: what falls due soon: reviews, agreement items, agreements
 *
 * The Overview shows these lists; the horizons are the station's working
 * rhythm (a week for what a worker does, a month's notice for an agreement
 * to renew), and overdue entries stay until they are dealt with.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-due"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gj-dates.h"
#include "gj-due.h"
#include "gj-format.h"

void
gj_due_entry_free (GjDueEntry *entry)
{
  if (entry == NULL)
    return;
  g_free (entry->id);
  g_free (entry->title);
  g_free (entry->subtitle);
  g_free (entry->date);
  g_free (entry);
}

static const struct
{
  const char *name;
  const char *title;
  const char *empty;
} lists[GJ_DUE_N_LISTS] = {
  { "reviews", N_("Reviews Due"), N_("No incubation reviews this week") },
  { "items", N_("Agreement Items Due"), N_("No items due this week") },
  { "expiring", N_("Agreements Expiring in 30 Days"), N_("No agreements expiring soon") },
};

const char *
gj_due_list_title (GjDueList list)
{
  g_return_val_if_fail (list < GJ_DUE_N_LISTS, NULL);
  return _(lists[list].title);
}

const char *
gj_due_list_empty (GjDueList list)
{
  g_return_val_if_fail (list < GJ_DUE_N_LISTS, NULL);
  return _(lists[list].empty);
}

const char *
gj_due_list_name (GjDueList list)
{
  g_return_val_if_fail (list < GJ_DUE_N_LISTS, NULL);
  return lists[list].name;
}

static char *
subtitle (GjStore        *store,
          GjDueList       list,
          const GjRecord *rec,
          const char     *when)
{
  g_autofree char *owner = NULL;

  switch (list)
    {
    case GJ_DUE_REVIEWS:
      {
        const char *mentor = gj_record_get_text (rec, "mentor");

        return mentor ? g_strdup_printf (_("Review %s · mentor %s"), when, mentor)
                      : g_strdup_printf (_("Review %s"), when);
      }
    case GJ_DUE_ITEMS:
      owner = gj_format_ref_title (store, "agreement", gj_record_get_text (rec, "agreement_id"));
      return g_strdup_printf (_("Due %s · %s"), when, owner);
    case GJ_DUE_EXPIRING:
      owner = gj_format_ref_title (store, "unit", gj_record_get_text (rec, "unit_id"));
      return g_strdup_printf (_("Ends %s · %s"), when, owner);
    case GJ_DUE_N_LISTS:
    default:
      g_assert_not_reached ();
    }
}

GPtrArray *
gj_due_list (GjStore     *store,
             GjDueList    list,
             const char  *today,
             guint        limit,
             gint64      *total,
             GError     **error)
{
  g_autofree char *week = gj_dates_add_days (today, 7);
  g_autofree char *month = gj_dates_add_days (today, 30);
  GjFilter reviews[3], items[3], expiring[2];
  const GjKind *kind;
  const char *date_field;
  GjQuery q = { 0, };
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  gint64 n;

  g_return_val_if_fail (GJ_IS_STORE (store), NULL);
  g_return_val_if_fail (list < GJ_DUE_N_LISTS, NULL);
  g_return_val_if_fail (week != NULL, NULL);

  switch (list)
    {
    case GJ_DUE_REVIEWS:
      reviews[0] = (GjFilter) { .field = "next_review", .value = week, .op = GJ_FILTER_LE };
      reviews[1] = (GjFilter) { .field = "stage", .value = "graduated", .op = GJ_FILTER_NE };
      reviews[2] = (GjFilter) { .field = "stage", .value = "exited", .op = GJ_FILTER_NE };
      kind = gj_schema_lookup ("incubation");
      date_field = "next_review";
      q.filters = reviews;
      q.n_filters = G_N_ELEMENTS (reviews);
      break;
    case GJ_DUE_ITEMS:
      items[0] = (GjFilter) { .field = "due_on", .value = week, .op = GJ_FILTER_LE };
      items[1] = (GjFilter) { .field = "status", .value = "done", .op = GJ_FILTER_NE };
      items[2] = (GjFilter) { .field = "status", .value = "cancelled", .op = GJ_FILTER_NE };
      kind = gj_schema_lookup ("agreement_item");
      date_field = "due_on";
      q.filters = items;
      q.n_filters = G_N_ELEMENTS (items);
      break;
    case GJ_DUE_EXPIRING:
    case GJ_DUE_N_LISTS:
    default:
      expiring[0] = (GjFilter) { .field = "end_on", .value = month, .op = GJ_FILTER_LE };
      expiring[1] = (GjFilter) { .field = "status", .value = "in_force" };
      kind = gj_schema_lookup ("agreement");
      date_field = "end_on";
      q.filters = expiring;
      q.n_filters = G_N_ELEMENTS (expiring);
      break;
    }
  q.sort_field = date_field;
  q.limit = limit;

  if ((n = gj_store_count (store, kind, &q, error)) < 0 ||
      (records = gj_store_list (store, kind, &q, error)) == NULL)
    return NULL;

  entries = g_ptr_array_new_with_free_func ((GDestroyNotify) gj_due_entry_free);
  for (guint i = 0; i < records->len; i++)
    {
      GjRecord *rec = g_ptr_array_index (records, i);
      GjDueEntry *entry = g_new0 (GjDueEntry, 1);
      const char *date = gj_record_get_text (rec, date_field);
      g_autofree char *when = gj_record_format (rec, date_field, FALSE);

      entry->kind = kind;
      entry->id = g_strdup (rec->id);
      entry->title = gj_format_record_title (store, rec);
      entry->subtitle = subtitle (store, list, rec, when);
      entry->date = g_strdup (date);
      entry->overdue = date != NULL && strcmp (date, today) < 0;
      g_ptr_array_add (entries, entry);
    }
  if (total != NULL)
    *total = n;
  return g_steal_pointer (&entries);
}
