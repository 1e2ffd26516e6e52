/* gj-due.c: what needs doing: what is overdue, due this week, ending soon
 *
 * The Overview shows these lists at its top and the CLI prints them. Three
 * sources feed them: incubation reviews, agreement items and agreements in
 * force. Whatever is past its date is overdue, whichever source it comes
 * from, and stays so until it is dealt with; the rest is due within the
 * horizon of its source (a week for a worker's tasks, a month's notice for
 * an agreement to renew), so no entry is in two lists.
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
  g_free (entry->when);
  g_free (entry->date);
  g_free (entry);
}

static const struct
{
  const char *name;
  const char *title;
  const char *empty;
} lists[GJ_DUE_N_LISTS] = {
  { "overdue", N_("Overdue"), N_("Nothing is overdue") },
  { "week", N_("Due in the Next 7 Days"), N_("Nothing falls due in the next 7 days") },
  { "ending", N_("Agreements Ending in 30 Days"),
    N_("No agreement in force ends in the next 30 days") },
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

typedef enum
{
  SOURCE_REVIEWS,
  SOURCE_ITEMS,
  SOURCE_AGREEMENTS,
  N_SOURCES,
} Source;

/* Which records a source holds, whatever their date. */
static const struct
{
  const char *kind;
  const char *date_field;
  GjFilter    open[2];
  guint       n_open;
} sources[N_SOURCES] = {
  /* Incubations still open. */
  { "incubation", "next_review",
    { { "stage", "graduated", GJ_FILTER_NE }, { "stage", "exited", GJ_FILTER_NE } }, 2 },
  /* Agreement items neither done nor cancelled. */
  { "agreement_item", "due_on",
    { { "status", "done", GJ_FILTER_NE }, { "status", "cancelled", GJ_FILTER_NE } }, 2 },
  /* Agreements in force. */
  { "agreement", "end_on", { { "status", "in_force", GJ_FILTER_EQ } }, 1 },
};

static char *
subtitle (GjStore        *store,
          Source          source,
          const GjRecord *rec,
          const char     *date)
{
  g_autofree char *owner = NULL;

  switch (source)
    {
    case SOURCE_REVIEWS:
      {
        const char *mentor = gj_record_get_text (rec, "mentor");

        return mentor ? g_strdup_printf (_("Incubation review %s · mentor %s"), date, mentor)
                      : g_strdup_printf (_("Incubation review %s"), date);
      }
    case SOURCE_ITEMS:
      owner = gj_format_ref_title (store, "agreement", gj_record_get_text (rec, "agreement_id"));
      return g_strdup_printf (_("Agreement item due %s · %s"), date, owner);
    case SOURCE_AGREEMENTS:
      owner = gj_format_ref_title (store, "unit", gj_record_get_text (rec, "unit_id"));
      return g_strdup_printf (_("Agreement ends %s · %s"), date, owner);
    case N_SOURCES:
    default:
      g_assert_not_reached ();
    }
}

static char *
when (int days)
{
  if (days == G_MININT)
    return g_strdup ("");
  if (days < 0)
    return g_strdup_printf (ngettext ("%d day overdue", "%d days overdue", -days), -days);
  if (days == 0)
    return g_strdup (_("Today"));
  if (days == 1)
    return g_strdup (_("Tomorrow"));
  return g_strdup_printf (ngettext ("In %d day", "In %d days", days), days);
}

/* Adds to @entries the records of @source dated from @first to @last
 * (either NULL: unbounded, @last_exclusive: before @last), earliest first. */
static gboolean
read_source (GjStore     *store,
             Source       source,
             const char  *today,
             const char  *first,
             const char  *last,
             gboolean     last_exclusive,
             GPtrArray   *entries,
             GError     **error)
{
  const GjKind *kind = gj_schema_lookup (sources[source].kind);
  const char *date_field = sources[source].date_field;
  GjFilter filters[4];
  guint n = 0;
  GjQuery q = { 0, };
  g_autoptr(GPtrArray) records = NULL;

  for (guint i = 0; i < sources[source].n_open; i++)
    filters[n++] = sources[source].open[i];
  if (first != NULL)
    filters[n++] = (GjFilter) { date_field, first, GJ_FILTER_GE };
  if (last != NULL)
    filters[n++] = (GjFilter) { date_field, last, last_exclusive ? GJ_FILTER_LT : GJ_FILTER_LE };
  q.filters = filters;
  q.n_filters = n;
  q.sort_field = date_field;

  if ((records = gj_store_list (store, kind, &q, error)) == NULL)
    return FALSE;
  for (guint i = 0; i < records->len; i++)
    {
      GjRecord *rec = g_ptr_array_index (records, i);
      GjDueEntry *entry = g_new0 (GjDueEntry, 1);
      g_autofree char *date = gj_record_format (rec, date_field, FALSE);

      entry->kind = kind;
      entry->id = g_strdup (rec->id);
      entry->title = gj_format_record_title (store, rec);
      entry->subtitle = subtitle (store, source, rec, date);
      entry->date = g_strdup (gj_record_get_text (rec, date_field));
      entry->days = gj_dates_days_between (today, entry->date);
      entry->when = when (entry->days);
      entry->overdue = entry->date != NULL && strcmp (entry->date, today) < 0;
      g_ptr_array_add (entries, entry);
    }
  return TRUE;
}

static int
compare_entries (gconstpointer a,
                 gconstpointer b)
{
  const GjDueEntry *x = *(const GjDueEntry *const *) a;
  const GjDueEntry *y = *(const GjDueEntry *const *) b;
  int by_date = g_strcmp0 (x->date, y->date);

  return by_date != 0 ? by_date : g_strcmp0 (x->title, y->title);
}

GPtrArray *
gj_due_list (GjStore     *store,
             GjDueList    list,
             const char  *today,
             GError     **error)
{
  g_autofree char *week = NULL;
  g_autofree char *month = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  gboolean ok = TRUE;

  g_return_val_if_fail (GJ_IS_STORE (store), NULL);
  g_return_val_if_fail (list < GJ_DUE_N_LISTS, NULL);
  g_return_val_if_fail (today != NULL, NULL);

  week = gj_dates_add_days (today, GJ_DUE_WEEK_DAYS);
  month = gj_dates_add_days (today, GJ_DUE_ENDING_DAYS);
  g_return_val_if_fail (week != NULL && month != NULL, NULL);

  entries = g_ptr_array_new_with_free_func ((GDestroyNotify) gj_due_entry_free);
  switch (list)
    {
    case GJ_DUE_OVERDUE:
      for (Source s = 0; s < N_SOURCES && ok; s++)
        ok = read_source (store, s, today, NULL, today, TRUE, entries, error);
      break;
    case GJ_DUE_WEEK:
      ok = read_source (store, SOURCE_REVIEWS, today, today, week, FALSE, entries, error) &&
           read_source (store, SOURCE_ITEMS, today, today, week, FALSE, entries, error);
      break;
    case GJ_DUE_ENDING:
    case GJ_DUE_N_LISTS:
    default:
      ok = read_source (store, SOURCE_AGREEMENTS, today, today, month, FALSE, entries, error);
      break;
    }
  if (!ok)
    return NULL;

  g_ptr_array_sort (entries, compare_entries);
  return g_steal_pointer (&entries);
}
