/* gj-store-changes.c: what changed since a cursor, page by page, for a
 * peer (its street, what its version can keep), and the dump that
 * replicas compare
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-store"

#include "config.h"

#include <string.h>

#include "gj-store-private.h"

static gboolean
row_in_street (GjRowState *rs,
               const char *street_id)
{
  int col;

  if (street_id == NULL || (rs->kind->flags & GJ_KIND_FLAG_DISTRICT))
    return TRUE;
  col = gj_kind_field_index (rs->kind, "street_id");
  return col >= 0 && rs->values[col].type == GJ_VALUE_TEXT &&
         strcmp (rs->values[col].s, street_id) == 0;
}

/* Whether a peer that can keep what @filter says is sent @column of @kind. */
static gboolean
column_wanted (const GjKind          *kind,
               guint                  column,
               const GjChangesFilter *filter)
{
  guint since = gj_kind_column_since (kind, column);

  if (!filter->unknown && since > filter->schema)
    return FALSE;
  return filter->grown_since == 0 || since > filter->grown_since;
}

static GPtrArray *
changes (GjStore               *self,
         const GjCursor        *since,
         guint                  max_cells,
         const char            *street_id,
         const char            *skip_site,
         const GjChangesFilter *filter,
         guint                 *held,
         GjCursor              *next,
         GError               **error)
{
  guint32 skip = 0;

  g_autoptr(GPtrArray) cells = NULL;
  g_autoptr(GArray) rows = NULL;
  sqlite3_stmt *stmt;
  GjCursor out;
  guint done = 0, held_cells = 0;
  gsize bytes = 0;
  int rc;

  typedef struct { gint64 ver; guint kind; gint64 rid; } LogEntry;

  g_return_val_if_fail (GJ_IS_STORE (self), NULL);
  g_return_val_if_fail (since != NULL && since->floor <= since->pos, NULL);
  g_return_val_if_fail (max_cells > 0, NULL);

  /* Nothing an older version stored unchecked is sent before it has been
   * looked through, once per database: here, on the way out, rather than
   * when the database opens, which in the app is on the main thread. And
   * another process (the server's "check") may have held rows since. */
  if (!gj_store_check_stored_once (self, error) || !gj_store_count_quarantined (self, error))
    return NULL;
  out = *since;
  if (skip_site != NULL)
    {
      gpointer idx;
      if (g_hash_table_lookup_extended (self->site_index, skip_site, NULL, &idx))
        skip = GPOINTER_TO_UINT (idx);
    }
  cells = g_ptr_array_new_with_free_func ((GDestroyNotify) gj_cell_free);
  rows = g_array_new (FALSE, FALSE, sizeof (LogEntry));

  /* Every row has at least one cell newer than @floor (its own log entry is
   * newer), so max_cells rows always fill a page; one more tells whether
   * this page reaches the end. */
  stmt = gj_store_prepare (self, "SELECT ver, kind, rid FROM rowlog WHERE ver > ? "
                           "ORDER BY ver LIMIT ?", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_int64 (stmt, 1, since->pos);
  sqlite3_bind_int64 (stmt, 2, (gint64) max_cells + 1);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      LogEntry e = { sqlite3_column_int64 (stmt, 0), (guint) sqlite3_column_int64 (stmt, 1),
                     sqlite3_column_int64 (stmt, 2) };
      g_array_append_val (rows, e);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      gj_store_sql_error (self, rc, error);
      return NULL;
    }

  /* Pages are bounded in bytes too: a page of long texts must stay well
   * below what the receiver accepts (GJ_CHANGESET_MAX_BYTES), or a set of
   * valid records could never be sent. A row is never split, so a page
   * ends after the row that passes the budget. */
  for (; done < rows->len && cells->len < max_cells && bytes < GJ_PAGE_VALUE_BYTES; done++)
    {
      LogEntry *e = &g_array_index (rows, LogEntry, done);
      const GjKind *kind = gj_schema_kind_by_index (e->kind);
      GjRowState *rs;
      gboolean servable;

      out.pos = e->ver;
      if (e->kind == GJ_ROWLOG_UNKNOWN)
        {
          guint before = cells->len;

          if (!gj_store_unknown_changes (self, e->rid, since->floor, street_id, skip, cells, &bytes,
                                         error))
            return NULL;
          /* A peer that does not keep them gets them once it is updated. */
          if (!filter->unknown)
            {
              held_cells += cells->len - before;
              g_ptr_array_set_size (cells, before);
            }
          continue;
        }
      if (kind == NULL)
        continue;
      rs = gj_store_row_state (self, kind);
      if (!gj_store_load_row_rid (self, rs, e->rid, error))
        return NULL;
      if (!rs->exists || !row_in_street (rs, street_id))
        continue;
      if (!gj_store_row_servable (self, rs, &servable, error))
        return NULL;
      if (!servable)
        continue;
      for (guint c = 0; c <= kind->n_fields; c++)
        {
          const GjClockEntry *k = &rs->clk[c];

          if (k->hlc == 0 || k->ver <= since->floor || (skip != 0 && k->site == skip))
            continue;
          if (!column_wanted (kind, c, filter))
            {
              /* In a catch-up, what is left out was sent before. */
              held_cells += filter->grown_since == 0;
              continue;
            }
          g_ptr_array_add (cells, gj_row_state_cell (self, rs, c));
          /* Field name, clocks and punctuation, then the value; text
           * may grow when escaped, which the limit's margin covers. */
          bytes += 64 + (rs->values[c].type == GJ_VALUE_TEXT ? strlen (rs->values[c].s) : 24);
        }
    }

  if (done == rows->len)
    out.floor = out.pos;
  if (next)
    *next = out;
  if (held)
    *held = held_cells;
  return g_steal_pointer (&cells);
}

GPtrArray *
gj_store_changes_since (GjStore         *self,
                        const GjCursor  *since,
                        guint            max_cells,
                        GjCursor        *next,
                        GError         **error)
{
  const GjChangesFilter all = GJ_CHANGES_ALL;

  return changes (self, since, max_cells, NULL, NULL, &all, NULL, next, error);
}

GPtrArray *
gj_store_changes_filtered (GjStore               *self,
                           const GjCursor        *since,
                           guint                  max_cells,
                           const char            *street_id,
                           const char            *requester_site,
                           const GjChangesFilter *filter,
                           guint                 *held,
                           GjCursor              *next,
                           GError               **error)
{
  g_return_val_if_fail (filter != NULL, NULL);
  return changes (self, since, max_cells, street_id, requester_site, filter, held, next, error);
}

char *
gj_store_dump (GjStore  *self,
               GError  **error)
{
  g_autoptr(GString) out = g_string_new (NULL);

  g_return_val_if_fail (GJ_IS_STORE (self), NULL);

  for (guint k = 0; k < gj_schema_n_kinds (); k++)
    {
      const GjKind *kind = gj_schema_kind (k);
      g_autofree char *sql = g_strdup_printf ("SELECT rid FROM %s ORDER BY id", kind->name);
      g_autoptr(GArray) rids = g_array_new (FALSE, FALSE, sizeof (gint64));
      sqlite3_stmt *stmt = gj_store_prepare (self, sql, error);
      GjRowState *rs;

      if (stmt == NULL || !gj_store_collect_ids (self, stmt, rids, error))
        return NULL;
      rs = gj_store_row_state (self, kind);
      for (guint i = 0; i < rids->len; i++)
        {
          if (!gj_store_load_row_rid (self, rs, g_array_index (rids, gint64, i), error))
            return NULL;
          g_string_append_printf (out, "%s %s\n", kind->name, rs->id);
          for (guint c = 0; c <= kind->n_fields; c++)
            {
              g_autofree char *v = NULL;

              if (rs->clk[c].hlc == 0)
                continue;
              v = gj_value_to_string (&rs->values[c]);
              g_string_append_printf (out, "  %s=%s%s @%" G_GUINT64_FORMAT ":%s\n",
                                      c < kind->n_fields ? kind->fields[c].name : "deleted",
                                      v ? "" : "NULL", v ? v : "", rs->clk[c].hlc,
                                      gj_store_site_name (self, rs->clk[c].site));
            }
        }
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

gint64
gj_store_count_rows_since (GjStore        *self,
                           const GjCursor *since)
{
  sqlite3_stmt *stmt = gj_store_prepare (self, "SELECT count(*) FROM rowlog WHERE ver > ?", NULL);
  gint64 n = -1;
  int rc;

  if (stmt == NULL)
    return -1;
  sqlite3_bind_int64 (stmt, 1, since->floor);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  else
    /* Damage is noted; the caller has -1 rather than "nothing to send". */
    gj_store_sql_error (self, rc, NULL);
  sqlite3_reset (stmt);
  return n;
}
