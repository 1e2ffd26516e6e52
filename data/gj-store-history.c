/* gj-store-history.c: the journal of what each change of a record changed
 *
 * A record's cells keep only their last value and clock, which is all the
 * sync needs. People also want to see what a field was before, when it
 * changed and on which device, so gj_store_save_row() notes every cell of
 * an existing row that takes a different value here, whether written on
 * this device or applied from a peer: the old and the new value, the new
 * cell's clock and its device, in the same transaction as the row.
 *
 * What is not noted: the values a record is created with (its cells'
 * clocks already say when and where, and the first entry of a field holds
 * them as its old value), and a cell that takes a newer clock with the
 * same value. So a first sync of many records writes nothing here.
 *
 * The journal is local and never synced; each record keeps its last
 * GJ_HISTORY_KEEP changes, older ones are dropped as new ones come, which
 * bounds the journal by the number of records rather than by time.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-store"

#include "config.h"

#include "gj-data-error.h"
#include "gj-format.h"
#include "gj-site-names.h"
#include "gj-store-history.h"
#include "gj-store-private.h"

void
gj_history_entry_free (GjHistoryEntry *entry)
{
  if (entry == NULL)
    return;
  gj_value_clear (&entry->old_value);
  gj_value_clear (&entry->new_value);
  g_free (entry->name);
  g_free (entry);
}

static const char *
column_name (const GjKind *kind,
             guint         column)
{
  return column < kind->n_fields ? kind->fields[column].name : GJ_DELETED_FIELD_NAME;
}

static gboolean
prune (GjStore       *self,
       GjRowState    *rs,
       GError       **error)
{
  sqlite3_stmt *stmt;

  /* The record's index range is short (at most GJ_HISTORY_KEEP entries
   * and this change's), so this costs a few steps, not a scan. */
  stmt = gj_store_prepare (self,
                           "DELETE FROM history WHERE kind = ?1 AND rid = ?2 AND ver <= "
                           "(SELECT ver FROM history WHERE kind = ?1 AND rid = ?2 "
                           " ORDER BY ver DESC LIMIT 1 OFFSET ?3)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, (int) rs->kind->index);
  sqlite3_bind_int64 (stmt, 2, rs->rid);
  sqlite3_bind_int (stmt, 3, GJ_HISTORY_KEEP);
  return gj_store_step_done (self, stmt, error);
}

gboolean
gj_store_history_note (GjStore       *self,
                       GjRowState    *rs,
                       sqlite3_stmt  *select_by_rid,
                       GError       **error)
{
  const GjKind *kind = rs->kind;
  sqlite3_stmt *insert = NULL;
  GjValue old = { 0, };
  gboolean any = FALSE, noted = FALSE, ok = TRUE;
  int rc;

  for (guint c = 0; c <= kind->n_fields && !any; c++)
    any = rs->changed[c];
  if (!any)
    return TRUE;

  /* The row as stored is still the old one: its page was just read to
   * load the row, so this costs no I/O. */
  sqlite3_bind_int64 (select_by_rid, 1, rs->rid);
  rc = sqlite3_step (select_by_rid);
  if (rc != SQLITE_ROW)
    {
      sqlite3_reset (select_by_rid);
      return rc == SQLITE_DONE || gj_store_sql_error (self, rc, error);
    }
  for (guint c = 0; c <= kind->n_fields && ok; c++)
    {
      if (!rs->changed[c])
        continue;
      /* Columns as kind_stmts() selects them: rid, _ver, _clk, id, then
       * the fields and the tombstone. */
      gj_row_state_value_from_column (&old, select_by_rid, 4 + (int) c);
      if (c == kind->n_fields && gj_value_is_null (&old))
        gj_value_set_int (&old, 0);
      if (gj_value_equal (&old, &rs->values[c]))
        continue;
      if (insert == NULL)
        insert = gj_store_prepare (self,
                                   "INSERT OR REPLACE INTO history "
                                   "(kind, rid, ver, field, old, new, hlc, site) "
                                   "VALUES (?, ?, ?, ?, ?, ?, ?, ?)", error);
      if (insert == NULL)
        {
          ok = FALSE;
          break;
        }
      sqlite3_bind_int (insert, 1, (int) kind->index);
      sqlite3_bind_int64 (insert, 2, rs->rid);
      sqlite3_bind_int64 (insert, 3, rs->ver);
      sqlite3_bind_text (insert, 4, column_name (kind, c), -1, SQLITE_STATIC);
      gj_store_bind_value (insert, 5, &old);
      gj_store_bind_value (insert, 6, &rs->values[c]);
      sqlite3_bind_int64 (insert, 7, (sqlite3_int64) rs->clk[c].hlc);
      sqlite3_bind_int64 (insert, 8, rs->clk[c].site);
      ok = gj_store_step_done (self, insert, error);
      noted = TRUE;
    }
  gj_value_clear (&old);
  sqlite3_reset (select_by_rid);
  if (!ok)
    return FALSE;
  return !noted || prune (self, rs, error);
}

static int
compare_newest_first (gconstpointer a,
                      gconstpointer b)
{
  const GjHistoryEntry *x = *(GjHistoryEntry **) a, *y = *(GjHistoryEntry **) b;

  if (x->hlc != y->hlc)
    return x->hlc < y->hlc ? 1 : -1;
  /* One change of several fields: in the order of the form. */
  return x->column < y->column ? -1 : x->column > y->column ? 1 : 0;
}

static gboolean
shown (const GjKind *kind,
       guint         column)
{
  return column >= kind->n_fields || !(kind->fields[column].flags & GJ_FIELD_FLAG_INTERNAL);
}

GPtrArray *
gj_store_history (GjStore       *self,
                  const GjKind  *kind,
                  const char    *id,
                  guint          limit,
                  guint         *n_more,
                  GError       **error)
{
  g_autoptr(GPtrArray) entries = NULL;
  g_autofree gboolean *journaled = NULL;
  GjRowState *rs = NULL;
  sqlite3_stmt *stmt;
  gint64 rid;
  int rc;

  g_return_val_if_fail (GJ_IS_STORE (self), NULL);
  g_return_val_if_fail (kind != NULL && id != NULL, NULL);

  if (n_more != NULL)
    *n_more = 0;
  if (!gj_store_load_existing (self, kind, id, &rs, error))
    return NULL;
  rid = rs->rid;
  entries = g_ptr_array_new_with_free_func ((GDestroyNotify) gj_history_entry_free);
  journaled = g_new0 (gboolean, kind->n_fields + 1);

  stmt = gj_store_prepare (self,
                           "SELECT field, old, new, hlc, site FROM history "
                           "WHERE kind = ? AND rid = ? ORDER BY ver DESC", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int (stmt, 1, (int) kind->index);
  sqlite3_bind_int64 (stmt, 2, rid);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *name = (const char *) sqlite3_column_text (stmt, 0);
      GjHistoryEntry *entry;
      int column;

      /* Only this version's names can be in the file (a newer version's
       * file does not open here), but a name is text read from disk. */
      if (g_strcmp0 (name, GJ_DELETED_FIELD_NAME) == 0)
        column = (int) kind->n_fields;
      else if (name == NULL || (column = gj_kind_field_index (kind, name)) < 0)
        continue;
      journaled[column] = TRUE;
      if (!shown (kind, (guint) column))
        continue;
      entry = g_new0 (GjHistoryEntry, 1);
      entry->column = (guint) column;
      entry->has_old = TRUE;
      gj_row_state_value_from_column (&entry->old_value, stmt, 1);
      gj_row_state_value_from_column (&entry->new_value, stmt, 2);
      entry->hlc = (guint64) sqlite3_column_int64 (stmt, 3);
      g_strlcpy (entry->site, gj_store_site_name (self, (guint32) sqlite3_column_int64 (stmt, 4)),
                 sizeof entry->site);
      g_ptr_array_add (entries, entry);
    }
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (rc != SQLITE_DONE)
    {
      gj_store_sql_error (self, rc, error);
      return NULL;
    }

  /* Reading the journal did not load another row, so @rs still holds the
   * record's cells. */
  for (guint c = 0; c <= kind->n_fields; c++)
    {
      GjHistoryEntry *entry;

      if (journaled[c] || rs->clk[c].hlc == 0 || !shown (kind, c))
        continue;
      entry = g_new0 (GjHistoryEntry, 1);
      entry->column = c;
      gj_value_copy (&entry->new_value, &rs->values[c]);
      entry->hlc = rs->clk[c].hlc;
      g_strlcpy (entry->site, gj_store_site_name (self, rs->clk[c].site), sizeof entry->site);
      g_ptr_array_add (entries, entry);
    }

  g_ptr_array_sort (entries, compare_newest_first);
  if (limit > 0 && entries->len > limit)
    {
      if (n_more != NULL)
        *n_more = entries->len - limit;
      g_ptr_array_set_size (entries, limit);
    }
  for (guint i = 0; i < entries->len; i++)
    {
      GjHistoryEntry *entry = g_ptr_array_index (entries, i);

      entry->name = gj_store_dup_site_name (self, entry->site);
    }
  return g_steal_pointer (&entries);
}

char *
gj_history_format_value (GjStore       *store,
                         const GjKind  *kind,
                         guint          column,
                         const GjValue *value,
                         gboolean       mask)
{
  g_autoptr(GjRecord) rec = NULL;

  g_return_val_if_fail (kind != NULL && column < kind->n_fields, NULL);

  rec = gj_record_new (kind);
  gj_record_set_value (rec, column, value);
  return gj_format_field (store, rec, &kind->fields[column], mask, NULL);
}
