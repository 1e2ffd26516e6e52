/* gj-store-quarantine.c: rows refused, held here or by a peer; the check
 * of rows stored before values were checked at every door
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gj-field-check.h"
#include "gj-store-private.h"

/* Quarantine
 *
 * A refused row is kept as the newest cell per column that arrived for it,
 * with the reason and the sending device, in two tables of this device's
 * own that never sync. Held rows are not in the record tables, so nothing
 * reads, shows or serves them. */

gboolean
gj_store_count_quarantined (GjStore  *self,
                            GError  **error)
{
  sqlite3_stmt *stmt = gj_store_prepare (self, "SELECT count(*) FROM quarantine", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  if ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    self->n_quarantined = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    return gj_store_sql_error (self, rc, error);
  return TRUE;
}

gboolean
gj_store_quarantine_setup (GjStore  *self,
                           GError  **error)
{
  if (!gj_store_exec (self,
                      "CREATE TABLE IF NOT EXISTS quarantine ("
                      "  kind INTEGER NOT NULL, row TEXT NOT NULL, reason TEXT NOT NULL,"
                      "  sender TEXT, received INTEGER NOT NULL,"
                      "  PRIMARY KEY (kind, row)) WITHOUT ROWID;"
                      "CREATE TABLE IF NOT EXISTS quarantine_cell ("
                      "  kind INTEGER NOT NULL, row TEXT NOT NULL, col INTEGER NOT NULL, value,"
                      "  hlc INTEGER NOT NULL, site TEXT NOT NULL, seen INTEGER NOT NULL,"
                      "  PRIMARY KEY (kind, row, col)) WITHOUT ROWID;"
                      "CREATE TABLE IF NOT EXISTS refused ("
                      "  kind TEXT NOT NULL, row TEXT NOT NULL, peer TEXT NOT NULL,"
                      "  reason TEXT NOT NULL,"
                      "  time INTEGER NOT NULL, PRIMARY KEY (kind, row, peer)) WITHOUT ROWID;",
                      error))
    return FALSE;
  return gj_store_count_quarantined (self, error);
}

/* Appends the cells held for one row to @out (owned GjCell*). */
gboolean
gj_store_quarantine_load (GjStore     *self,
                          guint        kind,
                          const char  *row,
                          GPtrArray   *out,
                          GError     **error)
{
  sqlite3_stmt *stmt = gj_store_prepare (self, "SELECT col, value, hlc, site, seen "
                                         "FROM quarantine_cell WHERE kind = ? AND row = ?", error);
  const GjKind *k = gj_schema_kind_by_index (kind);
  int rc, column;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, (int) kind);
  sqlite3_bind_text (stmt, 2, row, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *site = (const char *) sqlite3_column_text (stmt, 3);
      GjCell *c;

      /* A slot held by a version that knew more fields is not for this one. */
      column = k ? gj_kind_slot_column (k, (guint) sqlite3_column_int (stmt, 0)) : -1;
      if (column < 0)
        continue;
      c = gj_cell_new ();
      c->kind = (guint16) kind;
      c->column = (guint16) column;
      c->row = g_strdup (row);
      gj_row_state_value_from_column (&c->value, stmt, 1);
      c->hlc = (guint64) sqlite3_column_int64 (stmt, 2);
      g_strlcpy (c->site, site ? site : "", sizeof c->site);
      c->seen = (guint64) sqlite3_column_int64 (stmt, 4);
      g_ptr_array_add (out, c);
    }
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (rc != SQLITE_DONE)
    return gj_store_sql_error (self, rc, error);
  return TRUE;
}

gboolean
gj_store_quarantine_drop (GjStore     *self,
                          guint        kind,
                          const char  *row,
                          GError     **error)
{
  sqlite3_stmt *del_row = gj_store_prepare (self, "DELETE FROM quarantine "
                                            "WHERE kind = ? AND row = ?", error);
  sqlite3_stmt *del_cells;

  if (del_row == NULL)
    return FALSE;
  del_cells = gj_store_prepare (self, "DELETE FROM quarantine_cell WHERE kind = ? AND row = ?",
                                error);
  if (del_cells == NULL)
    return FALSE;
  sqlite3_bind_int (del_row, 1, (int) kind);
  sqlite3_bind_text (del_row, 2, row, -1, SQLITE_STATIC);
  if (!gj_store_step_done (self, del_row, error))
    return FALSE;
  if (sqlite3_changes (self->db) > 0)
    self->n_quarantined--;
  sqlite3_bind_int (del_cells, 1, (int) kind);
  sqlite3_bind_text (del_cells, 2, row, -1, SQLITE_STATIC);
  return gj_store_step_done (self, del_cells, error);
}

/* Replaces what is held for one row with @cells (one per column). */
gboolean
gj_store_quarantine_put (GjStore     *self,
                         guint        kind,
                         const char  *row,
                         GjCell     **cells,
                         guint        n_cells,
                         const char  *reason,
                         const char  *sender,
                         GError     **error)
{
  sqlite3_stmt *put_row, *put_cell;

  if (!gj_store_quarantine_drop (self, kind, row, error))
    return FALSE;
  put_row = gj_store_prepare (self, "INSERT INTO quarantine (kind, row, reason, sender, received) "
                              "VALUES (?, ?, ?, ?, ?)", error);
  if (put_row == NULL)
    return FALSE;
  sqlite3_bind_int (put_row, 1, (int) kind);
  sqlite3_bind_text (put_row, 2, row, -1, SQLITE_STATIC);
  sqlite3_bind_text (put_row, 3, reason, -1, SQLITE_STATIC);
  sqlite3_bind_text (put_row, 4, sender, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (put_row, 5, g_get_real_time () / G_USEC_PER_SEC);
  if (!gj_store_step_done (self, put_row, error))
    return FALSE;
  self->n_quarantined++;

  put_cell = gj_store_prepare (self, "INSERT INTO quarantine_cell "
                               "(kind, row, col, value, hlc, site, seen) "
                               "VALUES (?, ?, ?, ?, ?, ?, ?)", error);
  if (put_cell == NULL)
    return FALSE;
  for (guint i = 0; i < n_cells; i++)
    {
      const GjCell *c = cells[i];

      if (c == NULL)
        continue;
      sqlite3_bind_int (put_cell, 1, (int) kind);
      sqlite3_bind_text (put_cell, 2, row, -1, SQLITE_STATIC);
      sqlite3_bind_int (put_cell, 3,
                        (int) gj_kind_clock_slot (gj_schema_kind_by_index (kind), c->column));
      gj_store_bind_value (put_cell, 4, &c->value);
      sqlite3_bind_int64 (put_cell, 5, (gint64) c->hlc);
      sqlite3_bind_text (put_cell, 6, c->site, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (put_cell, 7, (gint64) c->seen);
      if (!gj_store_step_done (self, put_cell, error))
        return FALSE;
    }
  return TRUE;
}

void
gj_refusal_free (GjRefusal *refusal)
{
  if (refusal == NULL)
    return;
  g_free (refusal->kind);
  g_free (refusal->id);
  g_free (refusal->reason);
  g_free (refusal);
}

void
gj_problem_free (GjProblem *problem)
{
  if (problem == NULL)
    return;
  g_free (problem->kind);
  g_free (problem->id);
  g_free (problem->reason);
  g_free (problem->peer);
  g_free (problem);
}

/* Why a row as stored here would be refused by a peer, or NULL: the cell
 * checks and required fields of judge_row(). Older versions stored what
 * they did not check (hours=inf, text that is not UTF-8, unknown keys). */
static char *
stored_row_problem (GjRowState *rs)
{
  const GjKind *kind = rs->kind;
  guint d = kind->n_fields;

  for (guint c = 0; c < d; c++)
    {
      g_autoptr(GError) local = NULL;

      if (rs->clk[c].hlc != 0 && !gj_field_check_value (&kind->fields[c], &rs->values[c], &local))
        return g_strdup (local->message);
    }
  if (rs->values[d].type != GJ_VALUE_INT || (rs->values[d].i != 0 && rs->values[d].i != 1))
    return g_strdup (_("The deletion mark is not yes or no"));
  for (guint c = 0; c < d; c++)
    if ((kind->fields[c].flags & GJ_FIELD_FLAG_REQUIRED) && gj_value_is_null (&rs->values[c]))
      return g_strdup_printf (_("%s: this field is required"), _(kind->fields[c].label));
  return NULL;
}

/* Sets *@found to whether row @row of @kind is held in quarantine. */
static gboolean
in_quarantine (GjStore     *self,
               guint        kind,
               const char  *row,
               gboolean    *found,
               GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  *found = FALSE;
  if (self->n_quarantined == 0)
    return TRUE;
  stmt = gj_store_prepare (self, "SELECT 1 FROM quarantine WHERE kind = ? AND row = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int (stmt, 1, (int) kind);
  sqlite3_bind_text (stmt, 2, row, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  *found = rc == SQLITE_ROW;
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  return rc == SQLITE_ROW || rc == SQLITE_DONE || gj_store_sql_error (self, rc, error);
}

/* Sets *@servable to whether changes() may send this row: not one that
 * was found invalid where it is stored and not fixed since. */
gboolean
gj_store_row_servable (GjStore     *self,
                       GjRowState  *rs,
                       gboolean    *servable,
                       GError     **error)
{
  g_autofree char *problem = NULL;
  gboolean held;

  *servable = TRUE;
  if (!in_quarantine (self, rs->kind->index, rs->id, &held, error))
    return FALSE;
  if (held)
    {
      problem = stored_row_problem (rs);
      *servable = problem == NULL;
    }
  return TRUE;
}

gboolean
gj_store_quarantine_forget_fixed (GjStore     *self,
                                  GjRowState  *rs,
                                  GError     **error)
{
  g_autofree char *problem = NULL;
  gboolean is_held;

  if (!in_quarantine (self, rs->kind->index, rs->id, &is_held, error))
    return FALSE;
  if (!is_held)
    return TRUE;
  problem = stored_row_problem (rs);
  if (problem != NULL)
    return TRUE;
  /* What was held because it arrived and was refused stays held while a
   * held cell would still win over the row as stored: editing the row
   * here does not make that cell right. (What was held because it was
   * stored wrong holds copies of the stored cells, which never win.) */
  {
    g_autoptr(GPtrArray) held = g_ptr_array_new_with_free_func ((GDestroyNotify) gj_cell_free);

    if (!gj_store_quarantine_load (self, rs->kind->index, rs->id, held, error))
      return FALSE;
    for (guint i = 0; i < held->len; i++)
      {
        const GjCell *c = g_ptr_array_index (held, i);
        const GjClockEntry *e = &rs->clk[c->column];

        if (e->hlc == 0 || gj_cell_clock_compare (c->hlc, c->site, e->hlc,
                                                  gj_store_site_name (self, e->site)) > 0)
          return TRUE;
      }
  }
  if (!gj_store_quarantine_drop (self, rs->kind->index, rs->id, error))
    return FALSE;
  /* While it was held, peers' cursors moved past its cells: all of them
   * go out again, not only the one just fixed. */
  for (guint c = 0; c <= rs->kind->n_fields; c++)
    if (rs->clk[c].hlc != 0)
      rs->clk[c].ver = self->version + 1;
  return gj_store_save_row (self, rs, error);
}

gboolean
gj_store_check_stored (GjStore    *self,
                       GPtrArray  *found,
                       GError    **error)
{
  g_return_val_if_fail (GJ_IS_STORE (self), FALSE);

  if (!gj_store_begin (self, error))
    return FALSE;
  for (guint k = 0; k < gj_schema_n_kinds (); k++)
    {
      const GjKind *kind = gj_schema_kind (k);
      g_autofree char *sql = g_strdup_printf ("SELECT rid FROM %s", kind->name);
      g_autoptr(GArray) rids = g_array_new (FALSE, FALSE, sizeof (gint64));
      sqlite3_stmt *stmt = gj_store_prepare (self, sql, error);
      g_autofree GjCell **cells = g_new0 (GjCell *, kind->n_fields + 1);
      GjRowState *rs;

      if (stmt == NULL || !gj_store_collect_ids (self, stmt, rids, error))
        goto fail;
      rs = gj_store_row_state (self, kind);
      for (guint i = 0; i < rids->len; i++)
        {
          g_autofree char *problem = NULL;
          gboolean ok;

          if (!gj_store_load_row_rid (self, rs, g_array_index (rids, gint64, i), error))
            goto fail;
          if ((problem = stored_row_problem (rs)) == NULL)
            continue;
          for (guint c = 0; c <= kind->n_fields; c++)
            cells[c] = rs->clk[c].hlc != 0 ? gj_row_state_cell (self, rs, c) : NULL;
          ok = gj_store_quarantine_put (self, kind->index, rs->id, cells, kind->n_fields + 1,
                                        problem, NULL, error);
          for (guint c = 0; c <= kind->n_fields; c++)
            g_clear_pointer (&cells[c], gj_cell_free);
          if (!ok)
            goto fail;
          if (found != NULL)
            {
              GjRefusal *r = g_new0 (GjRefusal, 1);

              r->kind = g_strdup (kind->name);
              r->id = g_strdup (rs->id);
              r->reason = g_steal_pointer (&problem);
              g_ptr_array_add (found, r);
            }
        }
    }
  return gj_store_commit (self, error);

fail:
  gj_store_rollback (self);
  return FALSE;
}

/* Bumped when a check is added that older versions did not make, so that
 * databases they wrote are looked through again once. */
#define VALUES_CHECKED_VERSION "1"

gboolean
gj_store_check_stored_once (GjStore  *self,
                            GError  **error)
{
  g_autofree char *done = NULL;

  if (!gj_store_read_meta (self, "values_checked", &done, error))
    return FALSE;
  if (g_strcmp0 (done, VALUES_CHECKED_VERSION) == 0)
    return TRUE;
  return gj_store_check_stored (self, NULL, error) &&
         gj_store_set_meta (self, "values_checked", VALUES_CHECKED_VERSION, error);
}

gboolean
gj_store_note_refused (GjStore     *self,
                       const char  *peer,
                       GPtrArray   *sent,
                       GPtrArray   *refused,
                       GError     **error)
{
  sqlite3_stmt *del, *put;
  const GjCell *prev = NULL;

  g_return_val_if_fail (GJ_IS_STORE (self), FALSE);
  g_return_val_if_fail (peer != NULL, FALSE);

  if (!gj_store_begin (self, error))
    return FALSE;
  if ((del = gj_store_prepare (self, "DELETE FROM refused WHERE kind = ? AND row = ? AND peer = ?",
                               error)) == NULL ||
      (put = gj_store_prepare (self, "INSERT OR REPLACE INTO refused "
                               "(kind, row, peer, reason, time) VALUES (?, ?, ?, ?, ?)",
                               error)) == NULL)
    goto fail;
  for (guint i = 0; sent != NULL && i < sent->len; i++)
    {
      const GjCell *c = g_ptr_array_index (sent, i);
      const GjKind *kind = gj_schema_kind_by_index (c->kind);
      const char *name = c->kind_name ? c->kind_name : kind ? kind->name : NULL;

      if (name == NULL ||
          (prev != NULL && prev->kind == c->kind && strcmp (prev->row, c->row) == 0))
        continue;
      prev = c;
      sqlite3_bind_text (del, 1, name, -1, SQLITE_STATIC);
      sqlite3_bind_text (del, 2, c->row, -1, SQLITE_STATIC);
      sqlite3_bind_text (del, 3, peer, -1, SQLITE_STATIC);
      if (!gj_store_step_done (self, del, error))
        goto fail;
    }
  for (guint i = 0; refused != NULL && i < refused->len; i++)
    {
      const GjRefusal *r = g_ptr_array_index (refused, i);

      sqlite3_bind_text (put, 1, r->kind, -1, SQLITE_STATIC);
      sqlite3_bind_text (put, 2, r->id, -1, SQLITE_STATIC);
      sqlite3_bind_text (put, 3, peer, -1, SQLITE_STATIC);
      sqlite3_bind_text (put, 4, r->reason, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (put, 5, g_get_real_time () / G_USEC_PER_SEC);
      if (!gj_store_step_done (self, put, error))
        goto fail;
    }
  return gj_store_commit (self, error);

fail:
  gj_store_rollback (self);
  return FALSE;
}

GPtrArray *
gj_store_list_problems (GjStore  *self,
                        GError  **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) gj_problem_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (GJ_IS_STORE (self), NULL);

  stmt = gj_store_prepare (self,
                           "SELECT 1, kind, row, reason, coalesce (sender, ''), received "
                           "FROM quarantine "
                           "UNION ALL SELECT 0, kind, row, reason, peer, time FROM refused "
                           "ORDER BY 6 DESC, 3", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      GjProblem *p = g_new0 (GjProblem, 1);

      p->received = sqlite3_column_int (stmt, 0) != 0;
      if (p->received)
        {
          const GjKind *kind = gj_schema_kind_by_index ((guint) sqlite3_column_int (stmt, 1));
          p->kind = g_strdup (kind ? kind->name : "?");
        }
      else
        p->kind = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      p->id = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      p->reason = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
      p->peer = g_strdup ((const char *) sqlite3_column_text (stmt, 4));
      p->time = sqlite3_column_int64 (stmt, 5);
      g_ptr_array_add (out, p);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      gj_store_sql_error (self, rc, error);
      return NULL;
    }
  return g_steal_pointer (&out);
}

