/* gj-store-unknown.c: cells of kinds and fields from newer versions
 *
 * A peer that runs a newer release sends fields, or whole kinds, that this
 * version does not know. They are not invalid, they are from the future
 * (DESIGN.md §5): each is kept as it arrived, with its clock, device and
 * "seen" clock, merged with the same last-writer-wins order as every other
 * cell, and passed on to the next peer like any change. Once this device
 * runs a version that knows them, they move into their records
 * (gj_store_promote_unknown()) through the same checks as any remote cell,
 * which also records the conflicts and deletions they meet.
 *
 * Conflicts on them are recorded by the devices that know the field, not
 * here: only such a device can write the field, and the writer of a value
 * that loses always receives the winner in the end (every replica
 * converges) and records the conflict then, as it records an edit meeting
 * a delete it had not seen. Keeping the "seen" clock of every cell as it
 * came is what lets it tell; conflict records are a known kind and reach
 * everyone.
 *
 * They live in two tables of their own: unknown_row (one per record, with
 * the street it belongs to, fixed at its first arrival) and unknown_cell.
 * Each unknown_row has one entry in the row log under the kind number
 * GJ_ROWLOG_UNKNOWN, so they travel with the same cursors.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gj-merge.h"
#include "gj-store-private.h"

/* The meta key of the wire version whose schema last promoted cells. */
#define PROMOTED_KEY "unknown.promoted"

typedef struct
{
  gint64  rid;       /* 0: not stored */
  char   *street;
  gint64  ver;
} UnknownRow;

static void
unknown_row_clear (UnknownRow *row)
{
  g_clear_pointer (&row->street, g_free);
  row->rid = row->ver = 0;
}

static gboolean
load_unknown_row (GjStore     *self,
                  const char  *kind,
                  const char  *id,
                  UnknownRow  *row,
                  GError     **error)
{
  sqlite3_stmt *stmt = gj_store_prepare (self, "SELECT rid, street, ver FROM unknown_row "
                                         "WHERE kind = ? AND id = ?", error);
  int rc;

  unknown_row_clear (row);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, kind, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      row->rid = sqlite3_column_int64 (stmt, 0);
      row->street = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      row->ver = sqlite3_column_int64 (stmt, 2);
    }
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return gj_store_sql_error (self, rc, error);
  return TRUE;
}

/* Gives the row a new local version and moves its row-log entry there,
 * inserting the row if it is new. */
static gboolean
touch_unknown_row (GjStore     *self,
                   const char  *kind,
                   const char  *id,
                   UnknownRow  *row,
                   GError     **error)
{
  sqlite3_stmt *stmt;
  gint64 old_ver = row->ver;

  row->ver = ++self->version;
  if (row->rid == 0)
    {
      stmt = gj_store_prepare (self, "INSERT INTO unknown_row (kind, id, street, ver) "
                               "VALUES (?, ?, ?, ?)", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, kind, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 2, id, -1, SQLITE_STATIC);
      sqlite3_bind_text (stmt, 3, row->street, -1, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, 4, row->ver);
      if (!gj_store_step_done (self, stmt, error))
        return FALSE;
      row->rid = sqlite3_last_insert_rowid (self->db);
    }
  else
    {
      stmt = gj_store_prepare (self, "UPDATE unknown_row SET ver = ? WHERE rid = ?", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, row->ver);
      sqlite3_bind_int64 (stmt, 2, row->rid);
      if (!gj_store_step_done (self, stmt, error))
        return FALSE;
    }
  return gj_store_log_row (self, GJ_ROWLOG_UNKNOWN, row->rid, old_ver, row->ver, error);
}

/* Whether @cell beats the value stored for its field of row @rid. */
static gboolean
cell_wins (GjStore       *self,
           gint64         rid,
           const GjCell  *cell,
           gboolean      *wins,
           GError       **error)
{
  sqlite3_stmt *stmt = gj_store_prepare (self, "SELECT hlc, site FROM unknown_cell "
                                         "WHERE rid = ? AND field = ?", error);
  int rc;

  *wins = TRUE;
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, rid);
  sqlite3_bind_text (stmt, 2, cell->field_name, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      const char *site = gj_store_site_name (self, (guint32) sqlite3_column_int64 (stmt, 1));
      GjWrite mine = { (guint64) sqlite3_column_int64 (stmt, 0), site ? site : "", 0 };
      GjWrite theirs = { cell->hlc, cell->site, cell->seen };

      /* The one merge rule; conflicts are for devices that know the field. */
      *wins = gj_merge_cell (&mine, &theirs, TRUE, FALSE).take;
    }
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return gj_store_sql_error (self, rc, error);
  return TRUE;
}

static gboolean
put_cell (GjStore       *self,
          gint64         rid,
          const GjCell  *cell,
          gint64         ver,
          GError       **error)
{
  sqlite3_stmt *stmt;
  guint32 site = gj_store_intern_site (self, cell->site, error);

  if (site == 0)
    return FALSE;
  stmt = gj_store_prepare (self, "INSERT OR REPLACE INTO unknown_cell "
                           "(rid, field, value, hlc, site, seen, ver) VALUES (?, ?, ?, ?, ?, ?, ?)",
                           error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, rid);
  sqlite3_bind_text (stmt, 2, cell->field_name, -1, SQLITE_STATIC);
  gj_store_bind_value (stmt, 3, &cell->value);
  sqlite3_bind_int64 (stmt, 4, (gint64) cell->hlc);
  sqlite3_bind_int64 (stmt, 5, site);
  sqlite3_bind_int64 (stmt, 6, (gint64) cell->seen);
  sqlite3_bind_int64 (stmt, 7, ver);
  return gj_store_step_done (self, stmt, error);
}

/* The street the row [start, end) of @cells belongs to, as this side holds
 * it: a known record's own, or for a kind not known here the street fixed
 * when the row first arrived, else its "street_id" cell. NULL for none. */
static gboolean
row_street (GjStore       *self,
            const GjKind  *kind,
            UnknownRow    *stored,
            GPtrArray     *cells,
            guint          start,
            guint          end,
            char         **street,
            gboolean      *known_row,
            GError       **error)
{
  *street = NULL;
  *known_row = FALSE;
  if (kind != NULL)
    {
      GjRowState *rs = gj_store_row_state (self, kind);
      int col = gj_kind_field_index (kind, "street_id");
      const GjCell *first = g_ptr_array_index (cells, start);

      if (!gj_store_load_row (self, rs, first->row, error))
        return FALSE;
      *known_row = rs->exists;
      if (rs->exists && col >= 0 && rs->values[col].type == GJ_VALUE_TEXT)
        *street = g_strdup (rs->values[col].s);
      return TRUE;
    }
  if (stored->rid != 0)
    {
      *street = g_strdup (stored->street);
      return TRUE;
    }
  for (guint i = start; i < end; i++)
    {
      const GjCell *c = g_ptr_array_index (cells, i);

      if (g_str_equal (c->field_name, "street_id") && c->value.type == GJ_VALUE_TEXT)
        {
          g_free (*street);
          *street = g_strdup (c->value.s);
        }
    }
  return TRUE;
}

/* Why the row cannot be kept, or NULL. The values themselves are not
 * judged: no rule for them is known here. What is judged is what this
 * side can know: the street, and clocks from the future. */
static char *
judge_unknown_row (const GjKind          *kind,
                   gboolean               known_row,
                   const UnknownRow      *stored,
                   const char            *street,
                   GPtrArray             *cells,
                   guint                  start,
                   guint                  end,
                   const GjApplyOptions  *options,
                   guint64                future_limit)
{
  const char *scope = options ? options->scope_street : NULL;

  for (guint i = start; i < end; i++)
    {
      const GjCell *c = g_ptr_array_index (cells, i);

      if (c->hlc > future_limit)
        return g_strdup (_("The change is dated in the future: the clock of the device that made "
                           "it was wrong"));
      if (kind == NULL && stored->rid != 0 && g_str_equal (c->field_name, "street_id") &&
          (c->value.type != GJ_VALUE_TEXT || g_strcmp0 (c->value.s, stored->street) != 0))
        return g_strdup (_("A record cannot move to another street"));
    }
  if (scope == NULL)
    return NULL;
  /* A field of a known kind belongs to its record, which must be here
   * already (it comes in the same page when it is new). */
  if (kind != NULL && !known_row)
    return g_strdup (_("The record this change belongs to is not here"));
  if (kind != NULL && gj_kind_field_index (kind, "street_id") < 0)
    return g_strdup (_("District records are written by the district only"));
  if (street != NULL && strcmp (street, scope) != 0)
    return g_strdup (_("The record belongs to another street than the sending device's"));
  return NULL;
}

static gboolean
apply_unknown_group (GjStore              *self,
                     GPtrArray            *cells,
                     guint                 start,
                     guint                 end,
                     const GjApplyOptions *options,
                     GHashTable           *refused_rows,
                     guint64               future_limit,
                     guint64               drag_limit,
                     GjApplyResult        *result,
                     GPtrArray            *refused,
                     GError              **error)
{
  const GjCell *first = g_ptr_array_index (cells, start);
  const GjKind *kind = gj_schema_lookup (first->kind_name);
  g_autofree char *key = g_strconcat (first->kind_name, " ", first->row, NULL);
  g_autofree char *street = NULL;
  g_autofree char *reason = NULL;
  UnknownRow stored = { 0, };
  gboolean known_row = FALSE, any = FALSE, ok = FALSE;

  /* The rest of a row refused in this page goes with it. */
  if (g_hash_table_contains (refused_rows, key))
    return TRUE;
  if (!load_unknown_row (self, first->kind_name, first->row, &stored, error) ||
      !row_street (self, kind, &stored, cells, start, end, &street, &known_row, error))
    goto out;
  reason = judge_unknown_row (kind, known_row, &stored, street, cells, start, end, options,
                              future_limit);
  if (reason != NULL)
    {
      result->refused++;
      if (refused != NULL)
        {
          GjRefusal *r = g_new0 (GjRefusal, 1);

          r->kind = g_strdup (first->kind_name);
          r->id = g_strdup (first->row);
          r->reason = g_steal_pointer (&reason);
          g_ptr_array_add (refused, r);
        }
      ok = TRUE;
      goto out;
    }
  if (stored.rid == 0)
    {
      /* A record of an unknown kind with no street, sent by a device of
       * one street, stays that street's. */
      stored.street = street ? g_strdup (street)
                             : g_strdup (options ? options->scope_street : NULL);
    }

  for (guint i = start; i < end; i++)
    {
      const GjCell *c = g_ptr_array_index (cells, i);
      gboolean wins = TRUE;

      if (c->hlc > self->hlc)
        self->hlc = MAX (self->hlc, MIN (c->hlc, drag_limit));
      if (stored.rid != 0 && !cell_wins (self, stored.rid, c, &wins, error))
        goto out;
      if (!wins)
        {
          result->ignored++;
          continue;
        }
      if (!any && !touch_unknown_row (self, first->kind_name, first->row, &stored, error))
        goto out;
      any = TRUE;
      if (!put_cell (self, stored.rid, c, stored.ver, error))
        goto out;
      result->applied++;
    }
  ok = TRUE;

out:
  unknown_row_clear (&stored);
  return ok;
}

gboolean
gj_store_apply_unknown (GjStore              *self,
                        GPtrArray            *cells,
                        const GjApplyOptions *options,
                        GHashTable           *refused_rows,
                        guint64               future_limit,
                        guint64               drag_limit,
                        GjApplyResult        *result,
                        GPtrArray            *refused,
                        GError              **error)
{
  guint i = 0;

  while (i < cells->len)
    {
      const GjCell *first = g_ptr_array_index (cells, i);
      guint j = i + 1;

      while (j < cells->len)
        {
          const GjCell *c = g_ptr_array_index (cells, j);

          if (strcmp (c->kind_name, first->kind_name) != 0 || strcmp (c->row, first->row) != 0)
            break;
          j++;
        }
      if (!apply_unknown_group (self, cells, i, j, options, refused_rows, future_limit, drag_limit,
                                result, refused, error))
        return FALSE;
      i = j;
    }
  return TRUE;
}

gboolean
gj_store_unknown_changes (GjStore     *self,
                          gint64       rid,
                          gint64       floor,
                          const char  *street_id,
                          guint32      skip_site,
                          GPtrArray   *out,
                          gsize       *bytes,
                          GError     **error)
{
  sqlite3_stmt *stmt;
  g_autofree char *kind = NULL;
  g_autofree char *id = NULL;
  g_autofree char *street = NULL;
  const GjKind *known;
  int rc;

  stmt = gj_store_prepare (self, "SELECT kind, id, street FROM unknown_row WHERE rid = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, rid);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    {
      kind = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      id = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
      street = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    return rc == SQLITE_DONE ? TRUE : gj_store_sql_error (self, rc, error);
  if (street_id != NULL && street != NULL && strcmp (street, street_id) != 0)
    return TRUE;
  known = gj_schema_lookup (kind);

  stmt = gj_store_prepare (self, "SELECT field, value, hlc, site, seen FROM unknown_cell "
                           "WHERE rid = ? AND ver > ? ORDER BY field", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, rid);
  sqlite3_bind_int64 (stmt, 2, floor);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      guint32 site = (guint32) sqlite3_column_int64 (stmt, 3);
      const char *site_name = gj_store_site_name (self, site);
      GjCell *c;

      if (site_name == NULL || (skip_site != 0 && site == skip_site))
        continue;
      c = gj_cell_new ();
      /* A known kind's index, so that the page names the kind once. */
      c->kind = (guint16) (known != NULL ? known->index : GJ_CELL_UNKNOWN);
      c->column = GJ_CELL_UNKNOWN;
      c->row = g_strdup (id);
      c->kind_name = g_strdup (kind);
      c->field_name = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      gj_row_state_value_from_column (&c->value, stmt, 1);
      c->hlc = (guint64) sqlite3_column_int64 (stmt, 2);
      c->seen = (guint64) sqlite3_column_int64 (stmt, 4);
      g_strlcpy (c->site, site_name, sizeof c->site);
      *bytes += 64 + strlen (c->field_name) +
                (c->value.type == GJ_VALUE_TEXT ? strlen (c->value.s) : 24);
      g_ptr_array_add (out, c);
    }
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (rc != SQLITE_DONE)
    return gj_store_sql_error (self, rc, error);
  return TRUE;
}

/* Moving cells into their records once this version knows them */

typedef struct
{
  gint64  rid;
  char   *field;
} Promoted;

static void
promoted_clear (gpointer data)
{
  g_free (((Promoted *) data)->field);
}

static gboolean
collect_promotable (GjStore     *self,
                    GPtrArray   *cells,
                    GArray      *done,
                    GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  stmt = gj_store_prepare (self, "SELECT r.rid, r.kind, r.id, c.field, c.value, c.hlc, c.site, c.seen "
                           "FROM unknown_row r JOIN unknown_cell c ON c.rid = r.rid "
                           "ORDER BY r.rid", error);
  if (stmt == NULL)
    return FALSE;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const GjKind *kind = gj_schema_lookup ((const char *) sqlite3_column_text (stmt, 1));
      const char *field = (const char *) sqlite3_column_text (stmt, 3);
      const char *site = gj_store_site_name (self, (guint32) sqlite3_column_int64 (stmt, 6));
      Promoted p;
      GjCell *c;
      int column;

      if (kind == NULL || site == NULL || (column = gj_kind_field_index (kind, field)) < 0)
        continue;
      c = gj_cell_new ();
      c->kind = (guint16) kind->index;
      c->column = (guint16) column;
      c->row = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
      gj_row_state_value_from_column (&c->value, stmt, 4);
      c->hlc = (guint64) sqlite3_column_int64 (stmt, 5);
      c->seen = (guint64) sqlite3_column_int64 (stmt, 7);
      g_strlcpy (c->site, site, sizeof c->site);
      g_ptr_array_add (cells, c);
      p.rid = sqlite3_column_int64 (stmt, 0);
      p.field = g_strdup (field);
      g_array_append_val (done, p);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return gj_store_sql_error (self, rc, error);
  return TRUE;
}

static gboolean
forget_promoted (GjStore     *self,
                 GArray      *done,
                 GError     **error)
{
  sqlite3_stmt *stmt = gj_store_prepare (self, "DELETE FROM unknown_cell WHERE rid = ? AND field = ?",
                                         error);

  if (stmt == NULL)
    return FALSE;
  for (guint i = 0; i < done->len; i++)
    {
      Promoted *p = &g_array_index (done, Promoted, i);

      sqlite3_bind_int64 (stmt, 1, p->rid);
      sqlite3_bind_text (stmt, 2, p->field, -1, SQLITE_STATIC);
      if (!gj_store_step_done (self, stmt, error))
        return FALSE;
    }
  /* Rows with nothing left go, with their row-log entries. */
  return gj_store_exec (self,
                        "DELETE FROM rowlog WHERE kind = " G_STRINGIFY (GJ_ROWLOG_UNKNOWN) " AND rid IN "
                        "(SELECT rid FROM unknown_row WHERE rid NOT IN (SELECT rid FROM unknown_cell));"
                        "DELETE FROM unknown_row WHERE rid NOT IN (SELECT rid FROM unknown_cell);",
                        error);
}

gboolean
gj_store_promote_unknown (GjStore  *self,
                          GError  **error)
{
  g_autofree char *promoted = NULL;
  g_autofree char *now = g_strdup_printf ("%d", GJ_SCHEMA_WIRE_VERSION);
  g_autoptr(GPtrArray) cells = NULL;
  g_autoptr(GArray) done = NULL;
  GjApplyOptions options = { NULL, NULL };

  /* Once per version that knows more. */
  if (!gj_store_read_meta (self, PROMOTED_KEY, &promoted, error))
    return FALSE;
  if (g_strcmp0 (promoted, now) == 0)
    return TRUE;
  cells = g_ptr_array_new_with_free_func ((GDestroyNotify) gj_cell_free);
  done = g_array_new (FALSE, FALSE, sizeof (Promoted));
  g_array_set_clear_func (done, promoted_clear);

  if (!gj_store_begin (self, error))
    return FALSE;
  if (!collect_promotable (self, cells, done, error) ||
      !forget_promoted (self, done, error))
    goto fail;
  /* The checks, conflicts and deletions of any remote cell; a row that
   * fails them is held in quarantine with the others. */
  options.sender = _("changes kept here for a newer version");
  if (cells->len > 0 && !gj_store_apply_page (self, cells, &options, NULL, NULL, error))
    goto fail;
  if (!gj_store_set_meta (self, PROMOTED_KEY, now, error))
    goto fail;
  return gj_store_commit (self, error);

fail:
  gj_store_rollback (self);
  return FALSE;
}
