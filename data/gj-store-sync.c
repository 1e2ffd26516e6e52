/* gj-store-sync.c: changes since a version, merging remote cells, conflicts
 *
 * The merge rule (DESIGN.md §5): a remote cell replaces the local one iff
 * its (clock, site id) is greater. Because the comparison is a total order
 * and a row's cells are merged independently, applying any set of cells in
 * any order, any number of times, ends in the same state.
 *
 * A merged cell keeps the remote clock and site (so it does not come back to
 * its sender as a new edit) but gets a new local version (so it is passed on
 * to the next peer).
 *
 * Conflicts are detected with the cell's "seen" clock: the newest value
 * from another device that the writer had when it wrote. When a value
 * loses to a value from another device whose writer had not seen it, the
 * losing value is recorded. Conflict records are themselves synced rows
 * whose id is derived from the losing write, so every replica ends with the
 * same set no matter which of them noticed a conflict first.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gj-data-error.h"
#include "gj-field-check.h"
#include "gj-hlc.h"
#include "gj-merge.h"
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

static gboolean row_servable (GjStore     *self,
                              GjRowState  *rs,
                              gboolean    *servable,
                              GError     **error);
static gboolean count_quarantined (GjStore  *self,
                                   GError  **error);

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
  if (!gj_store_check_stored_once (self, error) || !count_quarantined (self, error))
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
      if (!row_servable (self, rs, &servable, error))
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

/* A conflict's id is a function of the losing write alone, formatted like a
 * UUID, so two replicas that notice the same lost value create one record. */
static char *
conflict_id (const GjKind *kind,
             const char   *row,
             guint         column,
             guint64       lost_hlc,
             const char   *lost_site)
{
  /* By slot, which never moves (gj_kind_clock_slot()): replicas of any
   * version derive the same id. */
  g_autofree char *key = g_strdup_printf ("%u|%s|%u|%" G_GUINT64_FORMAT "|%s", kind->index, row,
                                          gj_kind_clock_slot (kind, column), lost_hlc, lost_site);
  g_autofree char *hex = g_compute_checksum_for_string (G_CHECKSUM_SHA256, key, -1);

  return g_strdup_printf ("%.8s-%.4s-8%.3s-%.4s-%.12s", hex, hex + 8, hex + 13, hex + 16,
                          hex + 20);
}

gboolean
gj_store_record_conflict (GjStore       *self,
                          GjRowState    *rs,
                          guint          column,
                          const char    *reason,
                          const GjValue *kept_value,
                          guint64        kept_hlc,
                          const char    *kept_site,
                          const GjValue *lost_value,
                          guint64        lost_hlc,
                          const char    *lost_site,
                          GError       **error)
{
  static const GjKind *conflict_kind;
  g_autoptr(GjRecord) rec = NULL;
  g_autofree char *id = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *lost = NULL;
  GjRowState *crs;
  int street_col;

  if (conflict_kind == NULL)
    conflict_kind = gj_schema_lookup ("conflict");
  g_assert (rs->kind != conflict_kind);

  id = conflict_id (rs->kind, rs->id, column, lost_hlc, lost_site);
  crs = gj_store_row_state (self, conflict_kind);
  if (!gj_store_load_row (self, crs, id, error))
    return FALSE;
  if (crs->exists)
    return TRUE;

  kept = gj_value_to_string (kept_value);
  lost = gj_value_to_string (lost_value);
  rec = gj_record_new (conflict_kind);
  rec->id = g_steal_pointer (&id);
  street_col = gj_kind_field_index (rs->kind, "street_id");
  if (street_col >= 0 && rs->values[street_col].type == GJ_VALUE_TEXT)
    gj_record_set_text (rec, "street_id", rs->values[street_col].s);
  gj_record_set_text (rec, "record_kind", rs->kind->name);
  gj_record_set_text (rec, "record_id", rs->id);
  gj_record_set_text (rec, "field", column < rs->kind->n_fields
                      ? rs->kind->fields[column].name : GJ_DELETED_FIELD_NAME);
  gj_record_set_text (rec, "reason", reason);
  gj_record_set_text (rec, "kept_value", kept);
  gj_record_set_int (rec, "kept_clock", (gint64) kept_hlc);
  gj_record_set_text (rec, "kept_site", kept_site);
  gj_record_set_text (rec, "lost_value", lost);
  gj_record_set_int (rec, "lost_clock", (gint64) lost_hlc);
  gj_record_set_text (rec, "lost_site", lost_site);
  return gj_store_insert (self, rec, error);
}

typedef struct
{
  GjValue  value;
  guint64  hlc;
  char     site[GJ_SITE_ID_LEN + 1];
} LostCell;

/* Merges @cells (@n_cells of them, at most one per column) into the row
 * @rs, which the caller has loaded, and saves it if anything won. */
static gboolean
apply_row (GjStore        *self,
           GjRowState     *rs,
           GjCell * const *cells,
           guint           n_cells,
           guint64         drag_limit,
           GjApplyResult  *result,
           GError        **error)
{
  const GjKind *kind = rs->kind;
  gboolean detect = !(kind->flags & GJ_KIND_FLAG_NO_CONFLICT);
  guint d = kind->n_fields;
  gboolean any = FALSE;
  g_autoptr(GArray) pending = NULL;   /* conflicts found while merging */

  typedef struct { guint column; const char *reason; GjValue kept; guint64 kept_hlc;
                   char kept_site[GJ_SITE_ID_LEN + 1]; LostCell lost; } Pending;

  for (guint i = 0; i < n_cells; i++)
    {
      const GjCell *cell = cells[i];
      GjClockEntry *local = &rs->clk[cell->column];
      const char *local_site = gj_store_site_name (self, local->site);
      guint32 site_idx;
      GjWrite mine, theirs;
      GjMergeOutcome m;

      /* Keep causality with what arrived, but never follow a peer's wrong
       * clock far ahead: the edits made here next would all be dated there. */
      if (cell->hlc > self->hlc)
        self->hlc = MAX (self->hlc, MIN (cell->hlc, drag_limit));

      mine.hlc = local->hlc;
      mine.site = local_site;
      mine.seen = local->seen;
      theirs.hlc = cell->hlc;
      theirs.site = cell->site;
      theirs.seen = cell->seen;
      /* Comparing values costs; only a possible conflict needs it. */
      m = gj_merge_cell (&mine, &theirs,
                         local->hlc == 0 || !detect ||
                         gj_value_equal (&cell->value, &rs->values[cell->column]),
                         detect);

      if (m.conflict)
        {
          gboolean incoming_wins = m.take;
          Pending p = { 0, };

          if (pending == NULL)
            pending = g_array_new (FALSE, TRUE, sizeof (Pending));
          p.column = cell->column;
          p.reason = "concurrent";
          if (incoming_wins)
            {
              gj_value_copy (&p.kept, &cell->value);
              p.kept_hlc = cell->hlc;
              g_strlcpy (p.kept_site, cell->site, sizeof p.kept_site);
              gj_value_copy (&p.lost.value, &rs->values[cell->column]);
              p.lost.hlc = local->hlc;
              g_strlcpy (p.lost.site, local_site, sizeof p.lost.site);
            }
          else
            {
              gj_value_copy (&p.kept, &rs->values[cell->column]);
              p.kept_hlc = local->hlc;
              g_strlcpy (p.kept_site, local_site, sizeof p.kept_site);
              gj_value_copy (&p.lost.value, &cell->value);
              p.lost.hlc = cell->hlc;
              g_strlcpy (p.lost.site, cell->site, sizeof p.lost.site);
            }
          g_array_append_val (pending, p);
        }

      if (!m.take)
        {
          result->ignored++;
          continue;
        }

      site_idx = gj_store_intern_site (self, cell->site, error);
      if (site_idx == 0)
        return FALSE;
      gj_value_copy (&rs->values[cell->column], &cell->value);
      local->hlc = cell->hlc;
      local->site = site_idx;
      local->seen = cell->seen;
      local->ver = self->version + 1;
      rs->changed[cell->column] = TRUE;
      if (cell->column < d && (kind->fields[cell->column].flags & GJ_FIELD_FLAG_SEARCH))
        rs->search_changed = TRUE;
      result->applied++;
      any = TRUE;
    }

  /* An edit meets a delete its writer had not seen: the row stays deleted
   * (the tombstone is just another cell and wins on its own), and the edit
   * is kept as a conflict so that a person can restore the record. */
  if (detect && any && rs->values[d].type == GJ_VALUE_INT && rs->values[d].i != 0)
    {
      const GjClockEntry *del = &rs->clk[d];
      const char *del_site = gj_store_site_name (self, del->site);

      for (guint c = 0; c < d; c++)
        {
          const GjClockEntry *e = &rs->clk[c];
          Pending p = { 0, };

          if (e->hlc == 0 || e->hlc <= del->seen || e->site == del->site ||
              (!rs->changed[c] && !rs->changed[d]))
            continue;
          if (pending == NULL)
            pending = g_array_new (FALSE, TRUE, sizeof (Pending));
          p.column = c;
          p.reason = "deleted";
          gj_value_set_int (&p.kept, 1);
          p.kept_hlc = del->hlc;
          g_strlcpy (p.kept_site, del_site, sizeof p.kept_site);
          gj_value_copy (&p.lost.value, &rs->values[c]);
          p.lost.hlc = e->hlc;
          g_strlcpy (p.lost.site, gj_store_site_name (self, e->site), sizeof p.lost.site);
          g_array_append_val (pending, p);
        }
    }

  if (any && !gj_store_save_row (self, rs, error))
    return FALSE;

  if (pending != NULL)
    {
      gboolean ok = TRUE;

      for (guint i = 0; i < pending->len; i++)
        {
          Pending *p = &g_array_index (pending, Pending, i);

          /* A hostile page could otherwise make conflicts without end; the
           * values themselves are merged whatever happens here. */
          if (ok && result->conflicts < GJ_MAX_CONFLICTS_PER_PAGE)
            {
              ok = gj_store_record_conflict (self, rs, p->column, p->reason, &p->kept,
                                             p->kept_hlc, p->kept_site, &p->lost.value,
                                             p->lost.hlc, p->lost.site, error);
              if (ok)
                result->conflicts++;
            }
          gj_value_clear (&p->kept);
          gj_value_clear (&p->lost.value);
        }
      if (!ok)
        return FALSE;
    }
  return TRUE;
}

/* What every cell needs, known or not: a record id, a clock, a device. */
static gboolean
check_clock (const GjCell  *cell,
             const char    *kind_name,
             GError       **error)
{
  if (cell->row == NULL || cell->row[0] == '\0' || strlen (cell->row) > 64)
    {
      g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID,
                   _("A change of %s has no valid record id"), kind_name);
      return FALSE;
    }
  if (strlen (cell->site) != GJ_SITE_ID_LEN || cell->hlc == 0 || cell->seen > cell->hlc)
    {
      g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_CLOCK,
                   _("A change of %s has an invalid clock or device id"), kind_name);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_cell (const GjCell  *cell,
            GError       **error)
{
  const GjKind *kind = gj_schema_kind_by_index (cell->kind);

  if (kind == NULL)
    {
      g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_UNKNOWN_KIND,
                   _("A change names an unknown record kind (%u)"), cell->kind);
      return FALSE;
    }
  if (cell->column > kind->n_fields)
    {
      g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_UNKNOWN_FIELD,
                   _("A change names an unknown field (%u) of %s"), cell->column, kind->name);
      return FALSE;
    }
  return check_clock (cell, kind->name, error);
}

/* Quarantine
 *
 * A refused row is kept as the newest cell per column that arrived for it,
 * with the reason and the sending device, in two tables of this device's
 * own that never sync. Held rows are not in the record tables, so nothing
 * reads, shows or serves them. */

static gboolean
count_quarantined (GjStore  *self,
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
                      "  sender TEXT, received INTEGER NOT NULL, PRIMARY KEY (kind, row)) WITHOUT ROWID;"
                      "CREATE TABLE IF NOT EXISTS quarantine_cell ("
                      "  kind INTEGER NOT NULL, row TEXT NOT NULL, col INTEGER NOT NULL, value,"
                      "  hlc INTEGER NOT NULL, site TEXT NOT NULL, seen INTEGER NOT NULL,"
                      "  PRIMARY KEY (kind, row, col)) WITHOUT ROWID;"
                      "CREATE TABLE IF NOT EXISTS refused ("
                      "  kind TEXT NOT NULL, row TEXT NOT NULL, peer TEXT NOT NULL, reason TEXT NOT NULL,"
                      "  time INTEGER NOT NULL, PRIMARY KEY (kind, row, peer)) WITHOUT ROWID;",
                      error))
    return FALSE;
  return count_quarantined (self, error);
}

/* Appends the cells held for one row to @out (owned GjCell*). */
static gboolean
quarantine_load (GjStore     *self,
                 guint        kind,
                 const char  *row,
                 GPtrArray   *out,
                 GError     **error)
{
  sqlite3_stmt *stmt = gj_store_prepare (self, "SELECT col, value, hlc, site, seen FROM quarantine_cell "
                                         "WHERE kind = ? AND row = ?", error);
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

static gboolean
quarantine_drop (GjStore     *self,
                 guint        kind,
                 const char  *row,
                 GError     **error)
{
  sqlite3_stmt *del_row = gj_store_prepare (self, "DELETE FROM quarantine WHERE kind = ? AND row = ?",
                                            error);
  sqlite3_stmt *del_cells;

  if (del_row == NULL)
    return FALSE;
  del_cells = gj_store_prepare (self, "DELETE FROM quarantine_cell WHERE kind = ? AND row = ?", error);
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
static gboolean
quarantine_put (GjStore     *self,
                guint        kind,
                const char  *row,
                GjCell     **cells,
                guint        n_cells,
                const char  *reason,
                const char  *sender,
                GError     **error)
{
  sqlite3_stmt *put_row, *put_cell;

  if (!quarantine_drop (self, kind, row, error))
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

  put_cell = gj_store_prepare (self, "INSERT INTO quarantine_cell (kind, row, col, value, hlc, site, seen) "
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
      sqlite3_bind_int (put_cell, 3, (int) gj_kind_clock_slot (gj_schema_kind_by_index (kind), c->column));
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

/* Judging one row of a page */

static const GjValue *
effective (GjRowState  *rs,
           GjCell     **winners,
           guint        column)
{
  return winners[column] != NULL ? &winners[column]->value : &rs->values[column];
}

static char *
refuse_reason (const char *fmt,
               ...) G_GNUC_PRINTF (1, 2);

static char *
refuse_reason (const char *fmt,
               ...)
{
  va_list ap;
  char *text;

  va_start (ap, fmt);
  text = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  return text;
}

/* Why the row would be wrong once @winners (the newest incoming cell per
 * column that beats what is stored, or NULL) were merged into @rs, or NULL
 * if it would be right. The same rules as a local write, less those about
 * how a person moves a record through its stages: two devices may move it
 * concurrently, and the merge decides. */
static char *
judge_row (GjStore               *self,
           GjRowState            *rs,
           GjCell               **winners,
           const GjApplyOptions  *options,
           guint64                future_limit,
           GError               **error)
{
  const GjKind *kind = rs->kind;
  guint d = kind->n_fields;
  int street_col = gj_kind_field_index (kind, "street_id");
  gboolean any = FALSE;

  for (guint c = 0; c <= d; c++)
    {
      g_autoptr(GError) local = NULL;
      GjCell *w = winners[c];

      if (w == NULL)
        continue;
      any = TRUE;
      if (w->hlc > future_limit)
        {
          g_autofree char *when = gj_hlc_format (w->hlc);
          return refuse_reason (_("The change is dated %s, in the future: the clock of the device "
                                  "that made it was wrong"), when);
        }
      if (c < d && !gj_field_check_value (&kind->fields[c], &w->value, &local))
        return g_strdup (local->message);
      if (c == d && (w->value.type != GJ_VALUE_INT || (w->value.i != 0 && w->value.i != 1)))
        return g_strdup (_("The deletion mark is not yes or no"));
    }
  if (!any)
    return NULL;

  if (rs->exists && (kind->flags & GJ_KIND_FLAG_APPEND_ONLY))
    for (guint c = 0; c <= d; c++)
      if (winners[c] != NULL && !gj_value_equal (&winners[c]->value, &rs->values[c]))
        return refuse_reason (_("%s: entries cannot be changed or deleted once made"),
                              _(kind->label_plural));

  for (guint c = 0; c < d; c++)
    if ((kind->fields[c].flags & GJ_FIELD_FLAG_REQUIRED) && gj_value_is_null (effective (rs, winners, c)))
      return refuse_reason (_("%s: this field is required"), _(kind->fields[c].label));

  if (street_col >= 0)
    {
      const GjValue *street = effective (rs, winners, street_col);

      if (rs->exists && winners[street_col] != NULL &&
          !gj_value_equal (&winners[street_col]->value, &rs->values[street_col]))
        return g_strdup (_("A record cannot move to another street"));
      if (options != NULL && options->scope_street != NULL &&
          (street->type != GJ_VALUE_TEXT || strcmp (street->s, options->scope_street) != 0))
        return g_strdup (_("The record belongs to another street than the sending device's"));
    }
  else if (options != NULL && options->scope_street != NULL &&
           (!(kind->flags & GJ_KIND_FLAG_DISTRICT) || rs->exists))
    /* A laptop set up with its district's name brings that record to the
     * server once, so that every laptop enrolled later finds the district
     * its street points to; changing it afterwards is the district's. */
    return g_strdup (_("District records are written by the district only"));

  {
    const GjValue **values = g_newa (const GjValue *, d);
    g_autoptr(GError) rule_error = NULL;

    for (guint c = 0; c < d; c++)
      values[c] = effective (rs, winners, c);
    if (!gj_store_check_kind_rules (self, kind, values, !rs->exists, &rule_error))
      {
        if (g_error_matches (rule_error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID) ||
            g_error_matches (rule_error, GJ_DATA_ERROR, GJ_DATA_ERROR_BALANCE))
          return g_strdup (rule_error->message);
        g_propagate_error (error, g_steal_pointer (&rule_error));
      }
  }
  return NULL;
}

/* Sorts what arrived for the row @rs (loaded): the newest cell per column
 * of @held (may be NULL) and of @cells [start, end) into @newest, since a
 * page (or a hostile sender) may repeat a column and only its last word
 * counts, which also bounds the conflicts a row can make to one per
 * column; those that beat what is stored into @winners; all of the newest,
 * in column order, into @todo. Returns how many are in @todo. */
static guint
pick_cells (GjStore     *self,
            GjRowState  *rs,
            GPtrArray   *held,
            GPtrArray   *cells,
            guint        start,
            guint        end,
            GjCell     **newest,
            GjCell     **winners,
            GjCell     **todo)
{
  guint n_held = held ? held->len : 0, n_todo = 0;

  for (guint i = 0; i < n_held + (end - start); i++)
    {
      GjCell *c = i < n_held ? g_ptr_array_index (held, i)
                             : g_ptr_array_index (cells, start + i - n_held);
      GjCell *n = newest[c->column];

      if (n == NULL || gj_cell_clock_compare (c->hlc, c->site, n->hlc, n->site) > 0)
        newest[c->column] = c;
    }
  for (guint c = 0; c <= rs->kind->n_fields; c++)
    {
      GjCell *n = newest[c];

      if (n == NULL)
        continue;
      todo[n_todo++] = n;
      if (rs->clk[c].hlc == 0 ||
          gj_cell_clock_compare (n->hlc, n->site, rs->clk[c].hlc,
                                 gj_store_site_name (self, rs->clk[c].site)) > 0)
        winners[c] = n;
    }
  return n_todo;
}

/* Applies one row's cells [start, end) of @cells, with what quarantine
 * held for it, or holds them all. */
static gboolean
apply_group (GjStore              *self,
             GPtrArray            *cells,
             guint                 start,
             guint                 end,
             const GjApplyOptions *options,
             guint64               future_limit,
             guint64               drag_limit,
             GjApplyResult        *result,
             GPtrArray            *refused,
             GError              **error)
{
  const GjCell *first = g_ptr_array_index (cells, start);
  const GjKind *kind = gj_schema_kind_by_index (first->kind);
  g_autoptr(GPtrArray) held = NULL;
  /* A few pointers per column: on the stack, since this runs once a row
   * on the path of every initial sync. */
  GjCell **todo = g_newa0 (GjCell *, kind->n_fields + 1);
  GjCell **newest = g_newa0 (GjCell *, kind->n_fields + 1);
  GjCell **winners = g_newa0 (GjCell *, kind->n_fields + 1);
  g_autofree char *reason = NULL;
  g_autoptr(GError) judge_error = NULL;
  guint n_todo = 0, n_held = 0;
  GjRowState *rs;

  if (self->n_quarantined > 0)
    {
      held = g_ptr_array_new_with_free_func ((GDestroyNotify) gj_cell_free);
      if (!quarantine_load (self, kind->index, first->row, held, error))
        return FALSE;
      n_held = held->len;
    }

  rs = gj_store_row_state (self, kind);
  if (!gj_store_load_row (self, rs, first->row, error))
    return FALSE;
  n_todo = pick_cells (self, rs, held, cells, start, end, newest, winners, todo);

  /* Held cells only complete a row that is not stored yet (a sender may
   * have split it across pages). Those held for a stored row were refused
   * on their own and are never judged again with a later page: that page
   * may come from another device, whose street would then let them in. */
  if (n_held == 0 || !rs->exists)
    reason = judge_row (self, rs, winners, options, future_limit, &judge_error);
  if (judge_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&judge_error));
      return FALSE;
    }
  if (n_held > 0 && (reason != NULL || rs->exists))
    {
      /* What is held for this row came earlier, perhaps from another
       * device: it must not cost this page its own valid change, or one
       * hostile cell held for a row would refuse every later edit of it.
       * The page's cells are judged on their own, and the held ones stay
       * held (merged with this page's if it is refused too). */
      GjCell **own = g_newa0 (GjCell *, kind->n_fields + 1);
      GjCell **own_winners = g_newa0 (GjCell *, kind->n_fields + 1);
      GjCell **own_todo = g_newa0 (GjCell *, kind->n_fields + 1);
      guint n_own = pick_cells (self, rs, NULL, cells, start, end, own, own_winners, own_todo);
      g_autofree char *own_reason = NULL;

      own_reason = judge_row (self, rs, own_winners, options, future_limit, &judge_error);
      if (judge_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&judge_error));
          return FALSE;
        }
      if (own_reason == NULL)
        return apply_row (self, rs, own_todo, n_own, drag_limit, result, error) &&
               gj_store_quarantine_forget_fixed (self, rs, error);
      if (reason == NULL)
        reason = g_steal_pointer (&own_reason);
    }
  if (reason != NULL)
    {
      result->refused++;
      if (refused != NULL)
        {
          GjRefusal *r = g_new0 (GjRefusal, 1);

          r->kind = g_strdup (kind->name);
          r->id = g_strdup (first->row);
          r->reason = g_strdup (reason);
          g_ptr_array_add (refused, r);
        }
      return quarantine_put (self, kind->index, first->row, newest, kind->n_fields + 1, reason,
                             options ? options->sender : NULL, error);
    }

  /* A row held before it was ever stored comes in whole now. One that was
   * found invalid where it is stored stays held until every one of its
   * values is right, not only the ones this page brings. */
  if (n_held > 0 && !rs->exists && !quarantine_drop (self, kind->index, first->row, error))
    return FALSE;
  if (!apply_row (self, rs, todo, n_todo, drag_limit, result, error))
    return FALSE;
  return n_held == 0 || gj_store_quarantine_forget_fixed (self, rs, error);
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
static gboolean
row_servable (GjStore     *self,
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

    if (!quarantine_load (self, rs->kind->index, rs->id, held, error))
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
  if (!quarantine_drop (self, rs->kind->index, rs->id, error))
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
          ok = quarantine_put (self, kind->index, rs->id, cells, kind->n_fields + 1, problem,
                               NULL, error);
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
gj_store_apply_page (GjStore              *self,
                     GPtrArray            *cells,
                     const GjApplyOptions *options,
                     GjApplyResult        *result,
                     GPtrArray            *refused,
                     GError              **error)
{
  GjApplyResult local_result = { 0, };
  guint64 now = gj_hlc_now_physical ();
  guint64 future_limit = now + ((guint64) GJ_MAX_FUTURE_MS << GJ_HLC_SHIFT);
  guint64 drag_limit = now + ((guint64) GJ_MAX_CLOCK_DRAG_MS << GJ_HLC_SHIFT);
  guint n_refused = refused ? refused->len : 0;
  g_autoptr(GPtrArray) known = NULL;
  g_autoptr(GPtrArray) unknown = NULL;
  g_autoptr(GPtrArray) own = NULL;
  GPtrArray *list = refused;
  guint i = 0;

  g_return_val_if_fail (GJ_IS_STORE (self), FALSE);
  g_return_val_if_fail (cells != NULL, FALSE);

  if (result == NULL)
    result = &local_result;
  memset (result, 0, sizeof *result);

  /* Cells of kinds and fields a newer version sent are kept apart, after
   * the rows they belong to. */
  known = g_ptr_array_sized_new (cells->len);
  unknown = g_ptr_array_new ();
  for (guint j = 0; j < cells->len; j++)
    {
      GjCell *c = g_ptr_array_index (cells, j);

      if (gj_cell_is_unknown (c))
        {
          if (c->kind_name == NULL || c->field_name == NULL || !check_clock (c, c->kind_name, error))
            {
              if (error && !*error)
                g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_UNKNOWN_FIELD,
                             _("A change of a newer version names no kind or field"));
              return FALSE;
            }
          g_ptr_array_add (unknown, c);
        }
      else if (!check_cell (c, error))
        return FALSE;
      else
        g_ptr_array_add (known, c);
    }

  if (list == NULL)
    list = own = g_ptr_array_new_with_free_func ((GDestroyNotify) gj_refusal_free);

  if (!gj_store_begin (self, error))
    return FALSE;
  if (!count_quarantined (self, error))
    {
      gj_store_rollback (self);
      return FALSE;
    }

  while (i < known->len)
    {
      const GjCell *first = g_ptr_array_index (known, i);
      guint j = i + 1;

      /* Cells arrive grouped by row from gj_store_changes_since(); a row
       * split across groups is merged twice, which is harmless. */
      while (j < known->len)
        {
          const GjCell *c = g_ptr_array_index (known, j);
          if (c->kind != first->kind || strcmp (c->row, first->row) != 0)
            break;
          j++;
        }
      if (!apply_group (self, known, i, j, options, future_limit, drag_limit, result, list, error))
        goto fail;
      i = j;
    }
  if (unknown->len > 0)
    {
      g_autoptr(GHashTable) refused_rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

      /* Unknown cells of a row refused here go with it. */
      for (guint j = refused ? n_refused : 0; j < list->len; j++)
        {
          GjRefusal *r = g_ptr_array_index (list, j);
          g_hash_table_add (refused_rows, g_strconcat (r->kind, " ", r->id, NULL));
        }
      if (!gj_store_apply_unknown (self, unknown, options, refused_rows, future_limit, drag_limit,
                                   result, refused, error))
        goto fail;
    }
  return gj_store_commit (self, error);

fail:
  gj_store_rollback (self);
  memset (result, 0, sizeof *result);
  if (refused != NULL)
    g_ptr_array_set_size (refused, n_refused);
  return FALSE;
}

gboolean
gj_store_apply (GjStore        *self,
                GPtrArray      *cells,
                GjApplyResult  *result,
                GError        **error)
{
  return gj_store_apply_page (self, cells, NULL, result, NULL, error);
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
      (put = gj_store_prepare (self, "INSERT OR REPLACE INTO refused (kind, row, peer, reason, time) "
                               "VALUES (?, ?, ?, ?, ?)", error)) == NULL)
    goto fail;
  for (guint i = 0; sent != NULL && i < sent->len; i++)
    {
      const GjCell *c = g_ptr_array_index (sent, i);
      const GjKind *kind = gj_schema_kind_by_index (c->kind);
      const char *name = c->kind_name ? c->kind_name : kind ? kind->name : NULL;

      if (name == NULL || (prev != NULL && prev->kind == c->kind && strcmp (prev->row, c->row) == 0))
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
                           "SELECT 1, kind, row, reason, coalesce (sender, ''), received FROM quarantine "
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

static gboolean
restore_lost_value (GjStore   *self,
                    GjRecord  *conflict,
                    GError   **error)
{
  const GjKind *kind = gj_schema_lookup (gj_record_get_text (conflict, "record_kind") ?: "");
  const char *record_id = gj_record_get_text (conflict, "record_id");
  const char *field_name = gj_record_get_text (conflict, "field");
  const char *lost = gj_record_get_text (conflict, "lost_value");
  g_autoptr(GjRecord) change = NULL;
  const GjField *field;
  int col;

  if (kind == NULL || record_id == NULL || field_name == NULL)
    {
      g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_CORRUPT,
                   _("This conflict record is incomplete and cannot be applied"));
      return FALSE;
    }
  if (g_strcmp0 (gj_record_get_text (conflict, "reason"), "deleted") == 0)
    return gj_store_undelete (self, kind, record_id, error);

  col = gj_kind_field_index (kind, field_name);
  if (col < 0 || (guint) col >= kind->n_fields)
    return gj_store_undelete (self, kind, record_id, error);
  field = &kind->fields[col];
  change = gj_record_new (kind);
  change->id = g_strdup (record_id);
  /* Conflicts keep values as text; give the field back its own type. */
  if (lost == NULL)
    gj_record_set_null (change, field_name);
  else if (field->type == GJ_FIELD_INT || field->type == GJ_FIELD_MONEY || field->type == GJ_FIELD_BOOL)
    gj_record_set_int (change, field_name, g_ascii_strtoll (lost, NULL, 10));
  else if (field->type == GJ_FIELD_REAL)
    gj_record_set_real (change, field_name, g_ascii_strtod (lost, NULL));
  else
    gj_record_set_text (change, field_name, lost);
  return gj_store_update (self, change, GJ_WRITE_REOPEN, error);
}

gboolean
gj_store_resolve_conflict (GjStore     *self,
                           const char  *conflict_id,
                           gboolean     keep_other,
                           GError     **error)
{
  const GjKind *kind = gj_schema_lookup ("conflict");
  g_autoptr(GjRecord) conflict = NULL;
  g_autoptr(GjRecord) done = NULL;

  g_return_val_if_fail (GJ_IS_STORE (self), FALSE);

  if (!(conflict = gj_store_get (self, kind, conflict_id, error)))
    return FALSE;
  if (!gj_store_begin (self, error))
    return FALSE;
  if (keep_other && !restore_lost_value (self, conflict, error))
    {
      gj_store_rollback (self);
      return FALSE;
    }
  done = gj_record_new (kind);
  done->id = g_strdup (conflict_id);
  gj_record_set_bool (done, "resolved", TRUE);
  if (!gj_store_update (self, done, GJ_WRITE_NONE, error))
    {
      gj_store_rollback (self);
      return FALSE;
    }
  return gj_store_commit (self, error);
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
