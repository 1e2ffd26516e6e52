/* gj-deleted.c: the records deleted lately, for a "Recently Deleted" list
 *
 * A delete keeps the row and sets its tombstone cell, whose clock says
 * when and on which device it was deleted; restoring clears the cell
 * again (gj_store_undelete()). The list reads every kind's tombstones,
 * newest changes first, so it costs one pass over each table's deleted
 * rows (there is no index on "deleted": deleted rows are few, and the
 * pass runs in a reader's thread when the list is opened).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-deleted"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gj-deleted.h"
#include "gj-format.h"
#include "gj-hlc.h"
#include "gj-site-names.h"
#include "gj-store-private.h"

void
gj_deleted_item_free (GjDeletedItem *item)
{
  if (item == NULL)
    return;
  g_free (item->id);
  g_free (item->title);
  g_free (item->site);
  g_free (item->site_name);
  g_free (item);
}

static gint
newest_first (gconstpointer a,
              gconstpointer b)
{
  const GjDeletedItem *x = *(GjDeletedItem *const *) a;
  const GjDeletedItem *y = *(GjDeletedItem *const *) b;

  if (x->deleted_at != y->deleted_at)
    return x->deleted_at > y->deleted_at ? -1 : 1;
  return g_strcmp0 (x->id, y->id);
}

/* Appends @kind's rows deleted since @since to @out: at most @limit of
 * them, those changed last. */
static gboolean
list_kind (GjStore      *store,
           const GjKind *kind,
           gint64        since,
           guint         limit,
           GPtrArray    *out,
           GError      **error)
{
  g_autofree char *sql = g_strdup_printf ("SELECT id, _ver, _clk FROM %s WHERE deleted != 0 "
                                          "ORDER BY _ver DESC LIMIT ?", kind->name);
  g_autofree GjClockEntry *clk = g_new0 (GjClockEntry, kind->n_fields + 1);
  guint slot = gj_kind_clock_slot (kind, kind->n_fields);
  sqlite3_stmt *stmt = gj_store_prepare (store, sql, error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, limit);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *id = (const char *) sqlite3_column_text (stmt, 0);
      GjDeletedItem *item;
      gint64 when;

      /* A clock that cannot be read says nothing of when: the row is
       * left out rather than shown at a made-up time. */
      if (id == NULL ||
          !gj_clock_blob_decode (sqlite3_column_blob (stmt, 2), sqlite3_column_bytes (stmt, 2),
                                 sqlite3_column_int64 (stmt, 1), clk, kind->n_fields + 1) ||
          clk[slot].hlc == 0)
        continue;
      when = gj_hlc_to_unix_ms (clk[slot].hlc) / 1000;
      if (when < since)
        continue;
      item = g_new0 (GjDeletedItem, 1);
      item->kind = kind;
      item->id = g_strdup (id);
      item->deleted_at = when;
      item->here = clk[slot].site == GJ_LOCAL_SITE;
      item->site = g_strdup (gj_store_site_name (store, clk[slot].site));
      item->site_name = gj_store_dup_site_name (store, item->site);
      g_ptr_array_add (out, item);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return gj_store_sql_error (store, rc, error);
  return TRUE;
}

GPtrArray *
gj_store_list_deleted (GjStore  *store,
                       gint64    since,
                       guint     limit,
                       GError  **error)
{
  g_autoptr(GPtrArray) items = g_ptr_array_new_with_free_func ((GDestroyNotify)
                                                               gj_deleted_item_free);
  gboolean began = FALSE;
  gboolean ok = TRUE;

  g_return_val_if_fail (GJ_IS_STORE (store), NULL);

  if (limit == 0)
    limit = GJ_DELETED_MAX_ITEMS;
  /* One state of the database across the kinds, while the main thread
   * may write. */
  if (!gj_store_begin_read (store, &began, error))
    return NULL;
  for (guint k = 0; ok && k < gj_schema_n_kinds (); k++)
    {
      const GjKind *kind = gj_schema_kind (k);

      if ((kind->flags & GJ_KIND_FLAG_APPEND_ONLY) || g_str_equal (kind->name, "conflict"))
        continue;
      ok = list_kind (store, kind, since, limit, items, error);
    }
  if (ok)
    {
      g_ptr_array_sort (items, newest_first);
      if (items->len > limit)
        g_ptr_array_set_size (items, limit);
      for (guint i = 0; ok && i < items->len; i++)
        {
          GjDeletedItem *item = g_ptr_array_index (items, i);
          g_autoptr(GjRecord) rec = gj_store_get (store, item->kind, item->id, error);

          ok = rec != NULL;
          if (ok)
            item->title = gj_format_record_title (store, rec);
        }
    }
  gj_store_end_read (store, began);
  return ok ? g_steal_pointer (&items) : NULL;
}

char *
gj_deleted_item_describe (const GjDeletedItem *item)
{
  g_autofree char *when = NULL;
  g_autofree char *device = NULL;

  g_return_val_if_fail (item != NULL, NULL);

  when = gj_format_when (item->deleted_at);
  device = gj_site_describe (item->here, item->site, item->site_name);
  /* TRANSLATORS: when a record was deleted, and on which device */
  return g_strdup_printf (_("%s, on %s"), when, device);
}
