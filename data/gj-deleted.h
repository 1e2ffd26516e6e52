/* gj-deleted.h: the records deleted lately, for a "Recently Deleted" list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "gj-store.h"

G_BEGIN_DECLS

/* How far back the list looks, and how long it can get. */
#define GJ_DELETED_MAX_DAYS 30
#define GJ_DELETED_MAX_ITEMS 500

typedef struct
{
  const GjKind *kind;
  char         *id;
  char         *title;       /* the record's name, as lists show it */
  gint64        deleted_at;  /* Unix time in seconds */
  char         *site;        /* the id of the device that deleted it */
  char         *site_name;   /* that device's name (gj-site-names.h); NULL if unknown */
  gboolean      here;        /* deleted on this device */
} GjDeletedItem;

void        gj_deleted_item_free  (GjDeletedItem *item);

/* The records of every kind deleted since @since (Unix seconds), by this
 * device or by one whose changes arrived by sync, newest first and at most
 * @limit (0: GJ_DELETED_MAX_ITEMS) of them: GjDeletedItem*. A delete does
 * not take a record's children with it (an organization's incubations stay
 * as they are), so each deleted row is listed on its own and comes back
 * alone. Time-bank entries are never deleted, and
 * sync conflicts are the sync's own bookkeeping: neither is listed. Reads
 * only; run it in a reader's thread. */
GPtrArray  *gj_store_list_deleted (GjStore  *store,
                                   gint64    since,
                                   guint     limit,
                                   GError  **error) G_GNUC_WARN_UNUSED_RESULT;

/* When and where @item was deleted, as a list's second line says it:
 * "5 minutes ago · on this device". */
char       *gj_deleted_item_describe (const GjDeletedItem *item) G_GNUC_WARN_UNUSED_RESULT;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GjDeletedItem, gj_deleted_item_free)

G_END_DECLS
