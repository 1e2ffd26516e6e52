/* gj-due.h: what falls due soon: reviews, agreement items, agreements
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gj-store.h"

G_BEGIN_DECLS

typedef enum
{
  GJ_DUE_REVIEWS,    /* incubations still open whose next review is within a week */
  GJ_DUE_ITEMS,      /* agreement items neither done nor cancelled due within a week */
  GJ_DUE_EXPIRING,   /* agreements in force ending within 30 days */
  GJ_DUE_N_LISTS,
} GjDueList;

typedef struct
{
  const GjKind *kind;
  char         *id;
  char         *title;
  char         *subtitle;   /* when, and what it belongs to (translated) */
  char         *date;       /* ISO: the review, due or end date */
  gboolean      overdue;    /* the date is before today */
} GjDueEntry;

void        gj_due_entry_free (GjDueEntry *entry);

/* A list's heading, and what to say when it is empty (both translated). */
const char *gj_due_list_title (GjDueList list);
const char *gj_due_list_empty (GjDueList list);
/* A list's name in JSON: "reviews", "items", "expiring". */
const char *gj_due_list_name  (GjDueList list);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GjDueEntry, gj_due_entry_free)

/* The entries of @list as of @today (ISO), everything overdue included,
 * earliest first, at most @limit (0: all); *@total (may be NULL) is how
 * many there are in all. Returns GjDueEntry*. */
GPtrArray  *gj_due_list       (GjStore     *store,
                               GjDueList    list,
                               const char  *today,
                               guint        limit,
                               gint64      *total,
                               GError     **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
