/* gj-due.h: what needs doing: what is overdue, due this week, ending soon
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gj-store.h"

G_BEGIN_DECLS

/* Each entry is in exactly one list, so that a list's count means one
 * thing wherever it is shown. Incubation reviews and agreement items are
 * a worker's tasks (a week's horizon); agreements in force need a month's
 * notice to be renewed. */
typedef enum
{
  GJ_DUE_OVERDUE,    /* reviews, open items and agreements in force whose date is past */
  GJ_DUE_WEEK,       /* reviews and open items due from today to 7 days from today */
  GJ_DUE_ENDING,     /* agreements in force ending from today to 30 days from today */
  GJ_DUE_N_LISTS,
} GjDueList;

#define GJ_DUE_WEEK_DAYS   7
#define GJ_DUE_ENDING_DAYS 30

typedef struct
{
  const GjKind *kind;
  char         *id;
  char         *title;
  char         *subtitle;   /* what it is, when, what it belongs to (translated) */
  char         *when;       /* how far off: "3 days overdue", "Today", "In 5 days" */
  char         *date;       /* ISO: the review, due or end date */
  int           days;       /* from today to @date, negative when overdue */
  gboolean      overdue;    /* the date is before today */
} GjDueEntry;

void        gj_due_entry_free (GjDueEntry *entry);

/* A list's heading, and what to say when it is empty (both translated). */
const char *gj_due_list_title (GjDueList list);
const char *gj_due_list_empty (GjDueList list);
/* A list's name in JSON: "overdue", "week", "ending". */
const char *gj_due_list_name  (GjDueList list);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GjDueEntry, gj_due_entry_free)

/* All the entries of @list as of @today (ISO), the earliest date first
 * (the longest overdue, the soonest due). Returns GjDueEntry*. */
GPtrArray  *gj_due_list       (GjStore     *store,
                               GjDueList    list,
                               const char  *today,
                               GError     **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
