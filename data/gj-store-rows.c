/* gj-store-rows.c: a record's row as stored, its cell clocks, its row-log
 * entry and its full-text search text, loaded and saved together
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gj-data-error.h"
#include "gj-store-private.h"

static GjKindStmts *
kind_stmts (GjStore       *self,
            const GjKind  *kind,
            GError       **error)
{
  GjKindStmts *ks = &self->stmts[kind->index];
  g_autoptr(GString) cols = NULL;
  g_autoptr(GString) sql = NULL;
  int rc;

  if (ks->select_by_id != NULL)
    return ks;

  cols = g_string_new ("rid, _ver, _clk, id");
  for (guint f = 0; f < kind->n_fields; f++)
    g_string_append_printf (cols, ", %s", kind->fields[f].name);
  g_string_append (cols, ", deleted");

  sql = g_string_new (NULL);
  g_string_printf (sql, "SELECT %s FROM %s WHERE id = ?", cols->str, kind->name);
  rc = sqlite3_prepare_v3 (self->db, sql->str, -1, SQLITE_PREPARE_PERSISTENT,
                           &ks->select_by_id, NULL);
  if (rc == SQLITE_OK)
    {
      g_string_printf (sql, "SELECT %s FROM %s WHERE rid = ?", cols->str, kind->name);
      rc = sqlite3_prepare_v3 (self->db, sql->str, -1, SQLITE_PREPARE_PERSISTENT,
                               &ks->select_by_rid, NULL);
    }
  if (rc == SQLITE_OK)
    {
      g_string_printf (sql, "INSERT INTO %s (id", kind->name);
      for (guint f = 0; f < kind->n_fields; f++)
        g_string_append_printf (sql, ", %s", kind->fields[f].name);
      g_string_append (sql, ", deleted, _ver, _clk) VALUES (?");
      for (guint f = 0; f < kind->n_fields + 3; f++)
        g_string_append (sql, ", ?");
      g_string_append (sql, ")");
      rc = sqlite3_prepare_v3 (self->db, sql->str, -1, SQLITE_PREPARE_PERSISTENT,
                               &ks->insert, NULL);
    }
  if (rc == SQLITE_OK)
    {
      g_string_printf (sql, "UPDATE %s SET ", kind->name);
      for (guint f = 0; f < kind->n_fields; f++)
        g_string_append_printf (sql, "%s = ?, ", kind->fields[f].name);
      g_string_append (sql, "deleted = ?, _ver = ?, _clk = ? WHERE rid = ?");
      rc = sqlite3_prepare_v3 (self->db, sql->str, -1, SQLITE_PREPARE_PERSISTENT,
                               &ks->update, NULL);
    }
  if (rc != SQLITE_OK)
    {
      gj_store_sql_error (self, rc, error);
      return NULL;
    }
  return ks;
}

void
gj_row_state_value_from_column (GjValue      *value,
                                sqlite3_stmt *stmt,
                                int           col)
{
  switch (sqlite3_column_type (stmt, col))
    {
    case SQLITE_INTEGER:
      gj_value_set_int (value, sqlite3_column_int64 (stmt, col));
      break;
    case SQLITE_FLOAT:
      gj_value_set_real (value, sqlite3_column_double (stmt, col));
      break;
    case SQLITE_TEXT:
    case SQLITE_BLOB:
      gj_value_set_text (value, (const char *) sqlite3_column_text (stmt, col));
      break;
    case SQLITE_NULL:
    default:
      gj_value_set_null (value);
      break;
    }
}

/* The stamped cell @column of a loaded row, as sync and history see it. */
GjCell *
gj_row_state_cell (GjStore    *self,
                   GjRowState *rs,
                   guint       column)
{
  GjCell *cell = gj_cell_new ();

  cell->kind = rs->kind->index;
  cell->column = column;
  cell->row = g_strdup (rs->id);
  gj_value_copy (&cell->value, &rs->values[column]);
  cell->hlc = rs->clk[column].hlc;
  cell->seen = rs->clk[column].seen;
  g_strlcpy (cell->site, gj_store_site_name (self, rs->clk[column].site), sizeof cell->site);
  return cell;
}

/* Steps @stmt to the end, collecting its first column. Rows are loaded
 * only afterwards because loading reuses statements that must not be
 * interleaved with a running one. */
gboolean
gj_store_collect_ids (GjStore       *self,
                      sqlite3_stmt  *stmt,
                      GArray        *out,
                      GError       **error)
{
  int rc;

  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      gint64 v = sqlite3_column_int64 (stmt, 0);
      g_array_append_val (out, v);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return gj_store_sql_error (self, rc, error);
  return TRUE;
}

/* A row's clocks are kept by slot (gj_kind_clock_slot()): the tombstone's
 * slot does not move when fields are added, so a blob written by an older
 * version reads the same here. In memory they are by column. */
static void
clocks_from_slots (const GjKind *kind,
                   GjClockEntry *clk)
{
  guint n = kind->n_fields, base = kind->n_base_fields;
  GjClockEntry tombstone = clk[base];

  if (base < n)
    {
      memmove (&clk[base], &clk[base + 1], sizeof (GjClockEntry) * (n - base));
      clk[n] = tombstone;
    }
}

static void
clocks_to_slots (const GjKind       *kind,
                 const GjClockEntry *clk,
                 GjClockEntry       *slots)
{
  guint n = kind->n_fields, base = kind->n_base_fields;

  memcpy (slots, clk, sizeof (GjClockEntry) * base);
  slots[base] = clk[n];
  memcpy (&slots[base + 1], &clk[base], sizeof (GjClockEntry) * (n - base));
}

static gboolean
read_row (GjStore       *self,
          GjRowState    *rs,
          sqlite3_stmt  *stmt,
          GError       **error)
{
  const GjKind *kind = rs->kind;
  int rc = sqlite3_step (stmt);

  memset (rs->changed, 0, kind->n_fields + 1);
  rs->search_changed = FALSE;
  if (rc == SQLITE_DONE)
    {
      rs->exists = FALSE;
      rs->rid = 0;
      rs->ver = 0;
      for (guint i = 0; i <= kind->n_fields; i++)
        gj_value_clear (&rs->values[i]);
      gj_value_set_int (&rs->values[kind->n_fields], 0);
      memset (rs->clk, 0, sizeof (GjClockEntry) * (kind->n_fields + 1));
      sqlite3_reset (stmt);
      return TRUE;
    }
  if (rc != SQLITE_ROW)
    {
      sqlite3_reset (stmt);
      return gj_store_sql_error (self, rc, error);
    }

  rs->exists = TRUE;
  rs->rid = sqlite3_column_int64 (stmt, 0);
  rs->ver = sqlite3_column_int64 (stmt, 1);
  if (!gj_clock_blob_decode (sqlite3_column_blob (stmt, 2), sqlite3_column_bytes (stmt, 2),
                             rs->ver, rs->clk, kind->n_fields + 1))
    {
      sqlite3_reset (stmt);
      g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_CORRUPT,
                   _("The database “%s” is damaged (the change record of a %s is unreadable). "
                     "Sync it again from a colleague or the district server."),
                   self->path, kind->name);
      return FALSE;
    }
  clocks_from_slots (kind, rs->clk);
  g_free (rs->id);
  rs->id = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
  for (guint i = 0; i <= kind->n_fields; i++)
    gj_row_state_value_from_column (&rs->values[i], stmt, 4 + i);
  sqlite3_reset (stmt);
  return TRUE;
}

gboolean
gj_store_load_row (GjStore     *self,
                   GjRowState  *rs,
                   const char  *id,
                   GError     **error)
{
  GjKindStmts *ks = kind_stmts (self, rs->kind, error);

  if (ks == NULL)
    return FALSE;
  sqlite3_bind_text (ks->select_by_id, 1, id, -1, SQLITE_TRANSIENT);
  if (!read_row (self, rs, ks->select_by_id, error))
    return FALSE;
  if (!rs->exists)
    {
      g_free (rs->id);
      rs->id = g_strdup (id);
    }
  return TRUE;
}

gboolean
gj_store_load_row_rid (GjStore     *self,
                       GjRowState  *rs,
                       gint64       rid,
                       GError     **error)
{
  GjKindStmts *ks = kind_stmts (self, rs->kind, error);

  if (ks == NULL)
    return FALSE;
  sqlite3_bind_int64 (ks->select_by_rid, 1, rid);
  return read_row (self, rs, ks->select_by_rid, error);
}

void
gj_store_bind_value (sqlite3_stmt  *stmt,
                     int            pos,
                     const GjValue *v)
{
  switch (v->type)
    {
    case GJ_VALUE_INT:
      sqlite3_bind_int64 (stmt, pos, v->i);
      break;
    case GJ_VALUE_REAL:
      sqlite3_bind_double (stmt, pos, v->r);
      break;
    case GJ_VALUE_TEXT:
      sqlite3_bind_text (stmt, pos, v->s, -1, SQLITE_STATIC);
      break;
    case GJ_VALUE_NULL:
    default:
      sqlite3_bind_null (stmt, pos);
      break;
    }
}

/* Runs a statement that returns no rows and readies it for its next use;
 * bindings are cleared so that no text bound SQLITE_STATIC outlives it. */
gboolean
gj_store_step_done (GjStore       *self,
                    sqlite3_stmt  *stmt,
                    GError       **error)
{
  int rc = sqlite3_step (stmt);

  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (rc != SQLITE_DONE)
    return gj_store_sql_error (self, rc, error);
  return TRUE;
}

static char *
search_body (GjRowState *rs)
{
  GString *body = g_string_new (NULL);

  for (guint f = 0; f < rs->kind->n_fields; f++)
    {
      const GjValue *v = &rs->values[f];

      if ((rs->kind->fields[f].flags & GJ_FIELD_FLAG_SEARCH) && v->type == GJ_VALUE_TEXT)
        {
          if (body->len)
            g_string_append_c (body, ' ');
          g_string_append (body, v->s);
        }
    }
  return g_string_free (body, FALSE);
}

static gboolean
update_search (GjStore     *self,
               GjRowState  *rs,
               gboolean     existed,
               GError     **error)
{
  gint64 key = ((gint64) rs->kind->index << GJ_FTS_KIND_SHIFT) | rs->rid;
  gboolean deleted = rs->values[rs->kind->n_fields].type == GJ_VALUE_INT &&
                     rs->values[rs->kind->n_fields].i != 0;
  g_autofree char *body = NULL;
  sqlite3_stmt *stmt;

  if (existed)
    {
      stmt = gj_store_prepare (self, "DELETE FROM search WHERE rowid = ?", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, key);
      if (!gj_store_step_done (self, stmt, error))
        return FALSE;
    }
  if (deleted)
    return TRUE;
  body = search_body (rs);
  if (body[0] == '\0')
    return TRUE;
  stmt = gj_store_prepare (self, "INSERT INTO search (rowid, body) VALUES (?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, key);
  sqlite3_bind_text (stmt, 2, body, -1, SQLITE_STATIC);
  return gj_store_step_done (self, stmt, error);
}

gboolean
gj_store_log_row (GjStore  *self,
                  guint     kind,
                  gint64    rid,
                  gint64    old_ver,
                  gint64    new_ver,
                  GError  **error)
{
  sqlite3_stmt *stmt;

  if (old_ver > 0)
    {
      stmt = gj_store_prepare (self, "DELETE FROM rowlog WHERE ver = ?", error);
      if (stmt == NULL)
        return FALSE;
      sqlite3_bind_int64 (stmt, 1, old_ver);
      if (!gj_store_step_done (self, stmt, error))
        return FALSE;
    }
  stmt = gj_store_prepare (self, "INSERT INTO rowlog (ver, kind, rid) VALUES (?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, new_ver);
  sqlite3_bind_int64 (stmt, 2, kind);
  sqlite3_bind_int64 (stmt, 3, rid);
  return gj_store_step_done (self, stmt, error);
}

/* Writes a row whose cells were merged into @rs: the row itself with a new
 * local version, its row-log entry, its search text and, for a row that
 * was there, what its changed cells were (gj-store-history.c). The caller has set
 * the changed cells' clk.ver to self->version + 1. */
gboolean
gj_store_save_row (GjStore     *self,
                   GjRowState  *rs,
                   GError     **error)
{
  const GjKind *kind = rs->kind;
  GjKindStmts *ks = kind_stmts (self, kind, error);
  gint64 old_ver = rs->ver;
  gboolean existed = rs->exists;
  sqlite3_stmt *stmt;
  guint n = kind->n_fields;
  GjClockEntry slots[GJ_SCHEMA_MAX_FIELDS + 1];

  if (ks == NULL)
    return FALSE;

  rs->ver = ++self->version;
  /* Before the row is overwritten: the journal reads the old values. */
  if (existed && !gj_store_history_note (self, rs, ks->select_by_rid, error))
    return FALSE;
  clocks_to_slots (kind, rs->clk, slots);
  gj_clock_blob_encode (slots, n + 1, rs->ver, self->blob);

  stmt = existed ? ks->update : ks->insert;
  if (existed)
    {
      for (guint f = 0; f < n; f++)
        gj_store_bind_value (stmt, f + 1, &rs->values[f]);
      sqlite3_bind_int64 (stmt, n + 1, gj_value_is_null (&rs->values[n]) ? 0 : rs->values[n].i);
      sqlite3_bind_int64 (stmt, n + 2, rs->ver);
      sqlite3_bind_blob (stmt, n + 3, self->blob->data, self->blob->len, SQLITE_STATIC);
      sqlite3_bind_int64 (stmt, n + 4, rs->rid);
    }
  else
    {
      sqlite3_bind_text (stmt, 1, rs->id, -1, SQLITE_STATIC);
      for (guint f = 0; f < n; f++)
        gj_store_bind_value (stmt, f + 2, &rs->values[f]);
      sqlite3_bind_int64 (stmt, n + 2, gj_value_is_null (&rs->values[n]) ? 0 : rs->values[n].i);
      sqlite3_bind_int64 (stmt, n + 3, rs->ver);
      sqlite3_bind_blob (stmt, n + 4, self->blob->data, self->blob->len, SQLITE_STATIC);
    }
  if (!gj_store_step_done (self, stmt, error))
    return FALSE;
  sqlite3_clear_bindings (stmt);
  if (!existed)
    {
      rs->rid = sqlite3_last_insert_rowid (self->db);
      rs->exists = TRUE;
    }

  if (!gj_store_log_row (self, kind->index, rs->rid, existed ? old_ver : 0, rs->ver, error))
    return FALSE;

  if (rs->search_changed || !existed || rs->changed[n])
    return update_search (self, rs, existed, error);
  return TRUE;
}

gboolean
gj_row_state_is_deleted (GjRowState *rs)
{
  const GjValue *d = &rs->values[rs->kind->n_fields];

  return d->type == GJ_VALUE_INT && d->i != 0;
}

