/* gj-store.c: opening, migrations, the local write path and queries
 *
 * Invariants every function here keeps:
 *  - Every change to a record goes through gj_store_save_row(), which writes
 *    the row, its packed cell clocks, its row-log entry and its search text
 *    together. Nothing else writes record tables.
 *  - A row's _ver is the greatest local version among its cells and is the
 *    key of its single entry in rowlog, so "changes since V" is a range scan
 *    of rowlog.
 *  - Local versions and clocks only grow; a rolled-back transaction reloads
 *    the version from the database and keeps the clock (a clock value that
 *    was handed out but not committed is simply skipped).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-store"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "gj-backup.h"
#include "gj-data-error.h"
#include "gj-field-check.h"
#include "gj-hlc.h"
#include "gj-store-handle.h"
#include "gj-store-private.h"
#include "gj-validate.h"

#define GJ_APPLICATION_ID GJ_STORE_APPLICATION_ID

G_DEFINE_FINAL_TYPE (GjStore, gj_store, G_TYPE_OBJECT)

static void
row_state_free (GjRowState *rs)
{
  if (rs == NULL)
    return;
  for (guint i = 0; i <= rs->kind->n_fields; i++)
    gj_value_clear (&rs->values[i]);
  g_free (rs->values);
  g_free (rs->clk);
  g_free (rs->changed);
  g_free (rs->id);
  g_free (rs);
}

static GjRowState *
row_state_new (const GjKind *kind)
{
  GjRowState *rs = g_new0 (GjRowState, 1);

  rs->kind = kind;
  rs->values = g_new0 (GjValue, kind->n_fields + 1);
  rs->clk = g_new0 (GjClockEntry, kind->n_fields + 1);
  rs->changed = g_new0 (guint8, kind->n_fields + 1);
  return rs;
}

static void
gj_store_finalize (GObject *object)
{
  GjStore *self = GJ_STORE (object);
  guint n = 0;

  for (guint i = 0; i < gj_schema_n_kinds (); i++)
    n = MAX (n, gj_schema_kind (i)->index + 1);
  if (self->stmts != NULL)
    for (guint i = 0; i < n; i++)
      {
        sqlite3_finalize (self->stmts[i].select_by_id);
        sqlite3_finalize (self->stmts[i].select_by_rid);
        sqlite3_finalize (self->stmts[i].insert);
        sqlite3_finalize (self->stmts[i].update);
      }
  if (self->scratch != NULL)
    for (guint i = 0; i < n; i++)
      row_state_free (self->scratch[i]);
  g_free (self->scratch);
  g_free (self->stmts);
  g_clear_pointer (&self->stmt_cache, g_hash_table_unref);
  g_clear_pointer (&self->sites, g_ptr_array_unref);
  g_clear_pointer (&self->site_index, g_hash_table_unref);
  g_clear_pointer (&self->blob, g_byte_array_unref);
  if (self->db != NULL)
    sqlite3_close_v2 (self->db);
  g_free (self->path);
  g_free (self->street);
  g_free (self->damage);

  G_OBJECT_CLASS (gj_store_parent_class)->finalize (object);
}

static void
gj_store_class_init (GjStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gj_store_finalize;
}

static void
finalize_stmt (gpointer data)
{
  sqlite3_finalize (data);
}

static void
gj_store_init (GjStore *self)
{
  guint n = 0;

  for (guint i = 0; i < gj_schema_n_kinds (); i++)
    n = MAX (n, gj_schema_kind (i)->index + 1);
  self->stmts = g_new0 (GjKindStmts, n);
  self->scratch = g_new0 (GjRowState *, n);
  self->stmt_cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, finalize_stmt);
  self->sites = g_ptr_array_new_with_free_func (g_free);
  g_ptr_array_add (self->sites, NULL);
  self->site_index = g_hash_table_new (g_str_hash, g_str_equal);
  self->blob = g_byte_array_new ();
}

/* Damage */

char *
gj_store_damage_marker (const char *path)
{
  return g_strconcat (path, "-damaged", NULL);
}

char *
gj_store_damage_message (const char *path,
                         const char *reason)
{
  g_autoptr(GjBackup) latest = gj_backup_latest (path);

  if (latest != NULL)
    {
      g_autofree char *date = gj_backup_format_date (latest);

      return g_strdup_printf (_("The database “%s” is damaged (%s), so Gongjian writes nothing "
                                "more to it. Restore the backup of %s (Preferences › Database › "
                                "Backups, or “gongjian-cli restore %s”), then sync to get back "
                                "what others changed since."),
                              path, reason, date, date);
    }
  return g_strdup_printf (_("The database “%s” is damaged (%s), so Gongjian writes nothing more "
                            "to it, and there is no backup of it. Move the file away, start "
                            "Gongjian with a new database and sync it again from the district "
                            "server or a colleague."),
                          path, reason);
}

/* SQLite's reason on one line and of a length a message can carry. */
static char *
short_reason (const char *reason)
{
  g_autofree char *line = NULL;

  /* The check's report starts with a heading line. */
  if (g_str_has_prefix (reason, "*** ") && strchr (reason, '\n') != NULL)
    reason = strchr (reason, '\n') + 1;
  /* It may quote bytes of the damaged file (a name in the schema). */
  line = g_strndup (reason, strcspn (reason, "\n"));
  if (!g_utf8_validate (line, -1, NULL))
    {
      char *valid = g_utf8_make_valid (line, -1);

      g_free (line);
      line = valid;
    }

  if (g_utf8_strlen (line, -1) > 160)
    {
      char *end = g_utf8_offset_to_pointer (line, 160);

      *end = '\0';
      return g_strconcat (line, "…", NULL);
    }
  return g_steal_pointer (&line);
}

void
gj_store_mark_damaged (GjStore    *self,
                       const char *reason)
{
  g_return_if_fail (GJ_IS_STORE (self));

  if (self->damage != NULL)
    return;
  self->damage = short_reason (reason ? reason : "");
  g_message ("The database %s is damaged: %s", self->path, self->damage);
  /* query_only makes SQLite itself refuse writes that do not pass through
   * gj_store_begin(); the marker tells the other connections (the reader,
   * the sync worker) and the next process. A marker that cannot be written
   * (read-only folder) still leaves this connection refusing. */
  if (self->db != NULL)
    sqlite3_exec (self->db, "PRAGMA query_only = ON", NULL, NULL, NULL);
  if (!g_str_equal (self->path, ":memory:"))
    {
      g_autofree char *marker = gj_store_damage_marker (self->path);

      g_file_set_contents (marker, self->damage, -1, NULL);
    }
}

gboolean
gj_store_is_damaged (GjStore *self)
{
  g_return_val_if_fail (GJ_IS_STORE (self), FALSE);
  return self->damage != NULL;
}

const char *
gj_store_get_damage (GjStore *self)
{
  g_return_val_if_fail (GJ_IS_STORE (self), NULL);
  return self->damage;
}

static gboolean
damaged_error (GjStore  *self,
               GError  **error)
{
  g_autofree char *msg = gj_store_damage_message (self->path, self->damage);

  g_set_error_literal (error, GJ_DATA_ERROR, GJ_DATA_ERROR_DAMAGED, msg);
  if (self->tx_depth > 0)
    self->tx_failed = TRUE;
  return FALSE;
}

/* Every write starts here. The marker is looked at each time because
 * another connection may have found the damage since: a stat, cheap next
 * to the transaction it guards. */
static gboolean
check_writable (GjStore  *self,
                GError  **error)
{
  if (self->damage == NULL && self->opened && !g_str_equal (self->path, ":memory:"))
    {
      g_autofree char *marker = gj_store_damage_marker (self->path);
      g_autofree char *reason = NULL;

      if (g_file_test (marker, G_FILE_TEST_EXISTS))
        {
          g_file_get_contents (marker, &reason, NULL, NULL);
          gj_store_mark_damaged (self, reason);
        }
    }
  if (self->damage != NULL)
    return damaged_error (self, error);
  return TRUE;
}

gboolean
gj_store_check (GjStore  *self,
                      GError  **error)
{
  sqlite3_stmt *stmt = NULL;
  g_autofree char *problem = NULL;
  int rc;

  g_return_val_if_fail (GJ_IS_STORE (self), FALSE);

  if (self->damage != NULL)
    return damaged_error (self, error);
  rc = sqlite3_prepare_v2 (self->db, "PRAGMA integrity_check(1)", -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW && g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "ok") != 0)
        problem = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
    }
  sqlite3_finalize (stmt);
  if (problem == NULL && rc != SQLITE_ROW && rc != SQLITE_DONE)
    {
      int code = rc & 0xff;

      if (code != SQLITE_CORRUPT && code != SQLITE_NOTADB)
        return gj_store_sql_error (self, rc, error);
      problem = g_strdup (sqlite3_errmsg (self->db));
    }
  if (problem != NULL)
    {
      gj_store_mark_damaged (self, problem);
      return damaged_error (self, error);
    }
  return TRUE;
}

/* SQLite errors */

gboolean
gj_store_sql_error (GjStore  *self,
                    int       rc,
                    GError  **error)
{
  const char *msg = self->db ? sqlite3_errmsg (self->db) : sqlite3_errstr (rc);

  switch (rc & 0xff)
    {
    case SQLITE_NOTADB:
      /* Once open, the header was read fine: a page that no longer looks
       * like SQLite's is damage, not a wrong file. */
      if (self->opened)
        {
          gj_store_mark_damaged (self, msg);
          return damaged_error (self, error);
        }
      g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_NOT_DATABASE,
                   _("“%s” is not a Gongjian database. Choose another file, or move this one "
                     "away so that a new database can be created."), self->path);
      break;
    case SQLITE_CORRUPT:
      if (self->opened)
        {
          gj_store_mark_damaged (self, msg);
          return damaged_error (self, error);
        }
      else
        {
          g_autofree char *reason = short_reason (msg);
          g_autofree char *text = gj_store_damage_message (self->path, reason);

          g_set_error_literal (error, GJ_DATA_ERROR, GJ_DATA_ERROR_CORRUPT, text);
        }
      break;
    case SQLITE_READONLY:
      /* query_only, set when the damage was found. */
      if (self->damage != NULL)
        return damaged_error (self, error);
      G_GNUC_FALLTHROUGH;
    case SQLITE_FULL:
    case SQLITE_IOERR:
    case SQLITE_CANTOPEN:
    case SQLITE_PERM:
      g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_IO,
                   _("Could not read or write the database “%s”: %s. Check the disk space "
                     "and the file's permissions."), self->path, msg);
      break;
    default:
      g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_IO,
                   _("Database error in “%s”: %s"), self->path, msg);
      break;
    }
  if (self->tx_depth > 0)
    self->tx_failed = TRUE;
  return FALSE;
}

gboolean
gj_store_exec (GjStore     *self,
               const char  *sql,
               GError     **error)
{
  int rc = sqlite3_exec (self->db, sql, NULL, NULL, NULL);

  if (rc != SQLITE_OK)
    return gj_store_sql_error (self, rc, error);
  return TRUE;
}

guint
gj_store_n_cached_statements (GjStore *self)
{
  return g_hash_table_size (self->stmt_cache);
}

/* Statements are cached by their text, which only ever comes from this
 * layer's own code and the schema, never from user input. */
sqlite3_stmt *
gj_store_prepare (GjStore     *self,
                  const char  *sql,
                  GError     **error)
{
  sqlite3_stmt *stmt = g_hash_table_lookup (self->stmt_cache, sql);
  int rc;

  if (stmt != NULL)
    {
      sqlite3_reset (stmt);
      sqlite3_clear_bindings (stmt);
      return stmt;
    }
  rc = sqlite3_prepare_v3 (self->db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      gj_store_sql_error (self, rc, error);
      return NULL;
    }
  g_hash_table_insert (self->stmt_cache, g_strdup (sql), stmt);
  return stmt;
}

static const char *
sql_type (const GjField *field)
{
  switch (field->type)
    {
    case GJ_FIELD_INT:
    case GJ_FIELD_MONEY:
    case GJ_FIELD_BOOL:
      return "INTEGER";
    case GJ_FIELD_REAL:
      return "REAL";
    case GJ_FIELD_TEXT:
    case GJ_FIELD_DATE:
    case GJ_FIELD_ENUM:
    case GJ_FIELD_ENUM_SET:
    case GJ_FIELD_REF:
    case GJ_FIELD_CREDIT_CODE:
    case GJ_FIELD_RESIDENT_ID:
    case GJ_FIELD_MOBILE:
    default:
      return "TEXT";
    }
}

/* Record tables follow the schema arrays, which only grow: on every open
 * the store creates the tables, columns and indexes a database lacks, so
 * a kind or a field added in code reaches every existing database without
 * a migration of its own (and a forgotten one cannot break them). */

static const char *indexed_columns[] = {
  "community_id", "organization_id", "incubation_id", "agreement_id", "project_id",
  "volunteer_id", "team_id", "unit_id", "record_id", NULL
};

/* The columns @table has, as a set of names; empty when there is no such
 * table. */
static GHashTable *
table_columns (GjStore     *self,
               const char  *table,
               GError     **error)
{
  g_autofree char *sql = g_strdup_printf ("PRAGMA table_info(%s)", table);
  g_autoptr(GHashTable) have = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sqlite3_stmt *stmt;
  int rc;

  rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      gj_store_sql_error (self, rc, error);
      return NULL;
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_add (have, g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      gj_store_sql_error (self, rc, error);
      return NULL;
    }
  return g_steal_pointer (&have);
}

/* Appends to @sql what @kind's table lacks: all of it, or the columns
 * and indexes added since it was made. */
static gboolean
reconcile_kind (GjStore       *self,
                const GjKind  *kind,
                GString       *sql,
                GError       **error)
{
  g_autoptr(GHashTable) have = table_columns (self, kind->name, error);

  if (have == NULL)
    return FALSE;
  if (g_hash_table_size (have) == 0)
    {
      g_string_append_printf (sql, "CREATE TABLE %s (rid INTEGER PRIMARY KEY, "
                              "id TEXT NOT NULL UNIQUE", kind->name);
      for (guint f = 0; f < kind->n_fields; f++)
        g_string_append_printf (sql, ", %s %s", kind->fields[f].name,
                                sql_type (&kind->fields[f]));
      g_string_append (sql, ", deleted INTEGER NOT NULL DEFAULT 0, "
                       "_ver INTEGER NOT NULL, _clk BLOB NOT NULL);");
    }
  else
    {
      for (guint f = 0; f < kind->n_fields; f++)
        if (!g_hash_table_contains (have, kind->fields[f].name))
          g_string_append_printf (sql, "ALTER TABLE %s ADD COLUMN %s %s;", kind->name,
                                  kind->fields[f].name, sql_type (&kind->fields[f]));
    }
  for (guint i = 0; indexed_columns[i]; i++)
    if (gj_kind_field (kind, indexed_columns[i]) != NULL &&
        !g_hash_table_contains (have, indexed_columns[i]))
      g_string_append_printf (sql, "CREATE INDEX IF NOT EXISTS %s_%s ON %s (%s);",
                              kind->name, indexed_columns[i], kind->name, indexed_columns[i]);
  return TRUE;
}

/* Cells of kinds and fields this version does not know, from a newer
 * peer: kept as they arrived and passed on (gj-store-unknown.c). */
static const char unknown_tables[] =
  "CREATE TABLE IF NOT EXISTS unknown_row (rid INTEGER PRIMARY KEY, kind TEXT NOT NULL,"
  "  id TEXT NOT NULL, street TEXT, ver INTEGER NOT NULL, UNIQUE (kind, id));"
  "CREATE TABLE IF NOT EXISTS unknown_cell (rid INTEGER NOT NULL, field TEXT NOT NULL,"
  "  value, hlc INTEGER NOT NULL, site INTEGER NOT NULL, seen INTEGER NOT NULL,"
  "  ver INTEGER NOT NULL, PRIMARY KEY (rid, field)) WITHOUT ROWID;";

static gboolean
reconcile_schema (GjStore  *self,
                  GError  **error)
{
  g_autoptr(GString) sql = g_string_new (NULL);
  g_autoptr(GHashTable) unknown = table_columns (self, "unknown_cell", error);

  if (unknown == NULL)
    return FALSE;
  if (g_hash_table_size (unknown) == 0)
    g_string_append (sql, unknown_tables);
  for (guint k = 0; k < gj_schema_n_kinds (); k++)
    if (!reconcile_kind (self, gj_schema_kind (k), sql, error))
      return FALSE;
  if (sql->len == 0)
    return TRUE;

  /* All or nothing, like a migration. */
  if (!gj_store_exec (self, "BEGIN IMMEDIATE", error))
    return FALSE;
  if (!gj_store_exec (self, sql->str, error))
    {
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }
  return gj_store_exec (self, "COMMIT", error);
}

/* Migrations: numbered changes to data already stored, each in its own
 * transaction with the user_version bump. */

static gboolean
migrate_1 (GjStore  *self,
           GError  **error)
{
  static const char *base =
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);"
    "CREATE TABLE site (idx INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE);"
    /* One entry per row: its latest local version. */
    "CREATE TABLE rowlog (ver INTEGER PRIMARY KEY, kind INTEGER NOT NULL, rid INTEGER NOT NULL);"
    "CREATE VIRTUAL TABLE search USING fts5 (body, tokenize = 'trigram');";

  return gj_store_exec (self, base, error);
}

typedef gboolean (*MigrateFunc) (GjStore *self, GError **error);

/* Held cells keep their values as they came. Their column was declared
 * ANY, which outside a STRICT table SQLite reads as numeric affinity: a
 * phone or ID number held as text came back as a number, and its row was
 * then judged wrong. The table is made again with an untyped column, and
 * numbers held for text fields become the digits they were. */
static gboolean
migrate_2 (GjStore  *self,
           GError  **error)
{
  g_autoptr(GHashTable) have = table_columns (self, "quarantine_cell", error);
  sqlite3_stmt *stmt;

  if (have == NULL)
    return FALSE;
  if (g_hash_table_size (have) == 0)
    return TRUE;
  if (!gj_store_exec (self,
                      "CREATE TABLE quarantine_cell_2 ("
                      "  kind INTEGER NOT NULL, row TEXT NOT NULL, col INTEGER NOT NULL, value,"
                      "  hlc INTEGER NOT NULL, site TEXT NOT NULL, seen INTEGER NOT NULL,"
                      "  PRIMARY KEY (kind, row, col)) WITHOUT ROWID;"
                      "INSERT INTO quarantine_cell_2 SELECT kind, row, col, value, hlc, site, seen "
                      "  FROM quarantine_cell;"
                      "DROP TABLE quarantine_cell;"
                      "ALTER TABLE quarantine_cell_2 RENAME TO quarantine_cell;", error))
    return FALSE;
  if (sqlite3_prepare_v2 (self->db, "UPDATE quarantine_cell SET value = CAST (value AS TEXT) "
                          "WHERE kind = ? AND col = ? AND typeof (value) = 'integer'", -1, &stmt,
                          NULL) != SQLITE_OK)
    return gj_store_sql_error (self, sqlite3_errcode (self->db), error);
  for (guint k = 0; k < gj_schema_n_kinds (); k++)
    {
      const GjKind *kind = gj_schema_kind (k);

      for (guint f = 0; f < kind->n_fields; f++)
        {
          int rc;

          if (!g_str_equal (sql_type (&kind->fields[f]), "TEXT"))
            continue;
          sqlite3_bind_int (stmt, 1, (int) kind->index);
          sqlite3_bind_int (stmt, 2, (int) gj_kind_clock_slot (kind, f));
          rc = sqlite3_step (stmt);
          sqlite3_reset (stmt);
          if (rc != SQLITE_DONE)
            {
              sqlite3_finalize (stmt);
              return gj_store_sql_error (self, rc, error);
            }
        }
    }
  sqlite3_finalize (stmt);
  return TRUE;
}

static const MigrateFunc migrations[] = {
  NULL,
  migrate_1,
  migrate_2,
};

G_STATIC_ASSERT (G_N_ELEMENTS (migrations) == GJ_STORE_MIGRATION_VERSION + 1);

static gboolean
run_migrations (GjStore  *self,
                int       from,
                GError  **error)
{
  for (int v = from + 1; v <= GJ_STORE_MIGRATION_VERSION; v++)
    {
      g_autofree char *bump = g_strdup_printf ("PRAGMA user_version = %d", v);

      if (!gj_store_exec (self, "BEGIN IMMEDIATE", error))
        return FALSE;
      if (!migrations[v] (self, error))
        goto fail;
      if (!gj_store_exec (self, bump, error))
        goto fail;
      if (v == 1 && !gj_store_exec (self, "PRAGMA application_id = 1198156398", error))
        goto fail;
      if (!gj_store_exec (self, "COMMIT", error))
        goto fail;
      continue;
    fail:
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      return FALSE;
    }
  return TRUE;
}

G_STATIC_ASSERT (GJ_APPLICATION_ID == 1198156398);

static gboolean
pragma_int (GjStore     *self,
            const char  *sql,
            gint64      *out,
            GError     **error)
{
  sqlite3_stmt *stmt;
  int rc = sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL);

  if (rc != SQLITE_OK)
    return gj_store_sql_error (self, rc, error);
  rc = sqlite3_step (stmt);
  *out = rc == SQLITE_ROW ? sqlite3_column_int64 (stmt, 0) : 0;
  sqlite3_finalize (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return gj_store_sql_error (self, rc, error);
  return TRUE;
}

static void
random_hex (char  *out,
            guint  n_bytes)
{
  for (guint i = 0; i < n_bytes; i++)
    g_snprintf (out + 2 * i, 3, "%02x", g_random_int_range (0, 256));
}

/* Reads the site table from where the cache ends: another connection
 * (the app's sync worker, a CLI run, a laptop serving its colleagues) may
 * have added devices since. */
static gboolean
load_sites (GjStore  *self,
            GError  **error)
{
  sqlite3_stmt *stmt;
  int rc;

  /* Run at every transaction's start: the statement is kept prepared. */
  stmt = gj_store_prepare (self, "SELECT idx, id FROM site WHERE idx >= ? ORDER BY idx", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, self->sites->len);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      guint idx = (guint) sqlite3_column_int64 (stmt, 0);
      char *id = g_strdup ((const char *) sqlite3_column_text (stmt, 1));

      if (self->sites->len <= idx)
        g_ptr_array_set_size (self->sites, idx + 1);
      g_free (g_ptr_array_index (self->sites, idx));
      g_ptr_array_index (self->sites, idx) = id;
      g_hash_table_insert (self->site_index, id, GUINT_TO_POINTER (idx));
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return gj_store_sql_error (self, rc, error);
  return TRUE;
}

/* The last local version handed out: the newest in the row log, or the
 * floor a restore set (gj-backup.c), so that versions the replaced file
 * already handed out to peers are never handed out again. */
static gboolean
read_version (GjStore  *self,
              gint64   *version,
              GError  **error)
{
  g_autofree char *floor = NULL;

  if (!pragma_int (self, "SELECT max(ver) FROM rowlog", version, error))
    return FALSE;
  floor = gj_store_get_meta (self, "version_floor");
  if (floor != NULL)
    *version = MAX (*version, g_ascii_strtoll (floor, NULL, 10));
  return TRUE;
}

static gboolean
load_state (GjStore  *self,
            GError  **error)
{
  g_autofree char *site = NULL;
  g_autofree char *hlc = NULL;
  gint64 max_ver = 0;

  site = gj_store_get_meta (self, "site_id");
  if (site == NULL || strlen (site) != GJ_SITE_ID_LEN)
    {
      /* Generated once, randomly, never derived from anything a copy of the
       * file would share with its original: see DESIGN.md §5. */
      random_hex (self->site_id, GJ_SITE_ID_LEN / 2);
      if (!gj_store_set_meta (self, "site_id", self->site_id, error))
        return FALSE;
    }
  else
    memcpy (self->site_id, site, GJ_SITE_ID_LEN + 1);

  g_ptr_array_set_size (self->sites, 1);
  g_hash_table_remove_all (self->site_index);
  if (!load_sites (self, error))
    return FALSE;

  if (self->sites->len <= GJ_LOCAL_SITE)
    {
      if (gj_store_intern_site (self, self->site_id, error) != GJ_LOCAL_SITE)
        {
          if (error && !*error)
            g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_CORRUPT,
                         _("The database “%s” has an inconsistent device table."), self->path);
          return FALSE;
        }
    }
  else if (g_strcmp0 (g_ptr_array_index (self->sites, GJ_LOCAL_SITE), self->site_id) != 0)
    {
      g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_CORRUPT,
                   _("The database “%s” has an inconsistent device table."), self->path);
      return FALSE;
    }

  if (!read_version (self, &max_ver, error))
    return FALSE;
  self->version = max_ver;

  hlc = gj_store_get_meta (self, "hlc");
  self->hlc = self->saved_hlc = hlc ? g_ascii_strtoull (hlc, NULL, 10) : 0;

  g_free (self->street);
  self->street = gj_store_get_meta (self, "street");
  return TRUE;
}

/* What is at @path before SQLite opens it. Only a path with no file
 * becomes a new database: SQLite would take an empty file for one too, but
 * an empty file where a database was is a copy cut short or a disk that
 * lost it, and writing a new database over it hides that. */
static gboolean
check_file (const char  *path,
            gboolean    *exists,
            GError     **error)
{
  static const char magic[16] = "SQLite format 3";
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GFileInputStream) in = NULL;
  g_autoptr(GError) local = NULL;
  char header[16];
  gsize n = 0;

  in = g_file_read (file, NULL, &local);
  if (in == NULL)
    {
      *exists = !g_error_matches (local, G_IO_ERROR, G_IO_ERROR_NOT_FOUND);
      /* A file that is there but unreadable: SQLite says why. */
      return TRUE;
    }
  *exists = TRUE;
  if (!g_input_stream_read_all (G_INPUT_STREAM (in), header, sizeof header, &n, NULL, &local))
    return TRUE;
  if (n == 0)
    {
      g_autofree char *wal = g_strconcat (path, "-wal", NULL);
      GStatBuf st;

      /* A database whose first pages are still only in its write-ahead log
       * is not empty: SQLite reads it from there. */
      if (g_stat (wal, &st) == 0 && st.st_size > 0)
        return TRUE;
      g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_NOT_DATABASE,
                   _("“%s” is empty (0 bytes), so it is not a Gongjian database any more: a "
                     "copy may have been cut short. Restore a backup (“gongjian-cli restore”), "
                     "or move the file away so that a new database can be created."), path);
      return FALSE;
    }
  if (n < sizeof header || memcmp (header, magic, sizeof magic) != 0)
    {
      g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_NOT_DATABASE,
                   _("“%s” is not a Gongjian database. Choose another file, or move this one "
                     "away so that a new database can be created."), path);
      return FALSE;
    }
  return TRUE;
}

/* A marker left by a connection that found the file damaged. It is judged
 * again with the full integrity check, because the file may have been put
 * right since (a backup copied over it by hand): then the marker goes. */
static void
check_marker (GjStore *self)
{
  g_autofree char *marker = gj_store_damage_marker (self->path);
  g_autofree char *reason = NULL;
  sqlite3_stmt *stmt = NULL;
  gboolean ok = FALSE;

  if (!g_file_get_contents (marker, &reason, NULL, NULL))
    return;
  if (sqlite3_prepare_v2 (self->db, "PRAGMA integrity_check(1)", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    ok = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "ok") == 0;
  sqlite3_finalize (stmt);
  if (ok)
    g_unlink (marker);
  else
    gj_store_mark_damaged (self, reason);
}

char *
gj_store_default_path (void)
{
  return g_build_filename (g_get_user_data_dir (), "gongjian", "gongjian.db", NULL);
}

GjStore *
gj_store_open (const char  *path,
               GError     **error)
{
  g_autoptr(GjStore) self = NULL;
  gint64 app_id = 0, user_version = 0, n_objects = 0;
  gboolean memory, exists = FALSE;
  int rc;

  g_return_val_if_fail (path != NULL, NULL);

  self = g_object_new (GJ_TYPE_STORE, NULL);
  self->path = g_strdup (path);
  memory = g_str_equal (path, ":memory:");

  if (!memory)
    {
      g_autofree char *dir = g_path_get_dirname (path);

      if (g_mkdir_with_parents (dir, 0700) != 0)
        {
          int saved = errno;
          g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_IO,
                       _("Could not create the folder “%s” for the database: %s"),
                       dir, g_strerror (saved));
          return NULL;
        }
      if (g_file_test (path, G_FILE_TEST_IS_DIR))
        {
          g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_NOT_DATABASE,
                       _("“%s” is a folder, not a Gongjian database."), path);
          return NULL;
        }
      if (!check_file (path, &exists, error))
        return NULL;
    }

  /* Without CREATE for a file that was there, so that one removed in the
   * meantime is not replaced by an empty database either. */
  rc = sqlite3_open_v2 (path, &self->db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX |
                        (exists ? 0 : SQLITE_OPEN_CREATE), NULL);
  if (rc != SQLITE_OK)
    {
      gj_store_sql_error (self, rc, error);
      return NULL;
    }
  sqlite3_extended_result_codes (self->db, 0);
  sqlite3_busy_timeout (self->db, 5000);

  if (!pragma_int (self, "SELECT count(*) FROM sqlite_schema", &n_objects, error) ||
      !pragma_int (self, "PRAGMA application_id", &app_id, error) ||
      !pragma_int (self, "PRAGMA user_version", &user_version, error))
    return NULL;

  if (n_objects > 0 && app_id != GJ_APPLICATION_ID)
    {
      g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_NOT_DATABASE,
                   _("“%s” is an SQLite file of another program, not a Gongjian database."),
                   path);
      return NULL;
    }
  if (user_version > GJ_STORE_MIGRATION_VERSION)
    {
      g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_NEWER_SCHEMA,
                   _("The database “%s” was written by a newer version of Gongjian "
                     "(format %d; this version reads up to %d). Update Gongjian to open it."),
                   path, (int) user_version, GJ_STORE_MIGRATION_VERSION);
      return NULL;
    }

  if (!memory && exists)
    check_marker (self);
  if (self->damage != NULL && user_version != GJ_STORE_MIGRATION_VERSION)
    {
      /* An old file would need its migration written into it. */
      g_autofree char *text = gj_store_damage_message (path, self->damage);

      g_set_error_literal (error, GJ_DATA_ERROR, GJ_DATA_ERROR_CORRUPT, text);
      return NULL;
    }

  if (!memory && self->damage == NULL &&
      !gj_store_exec (self, "PRAGMA journal_mode = WAL", error))
    return NULL;
  if (!gj_store_exec (self, "PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = OFF;", error))
    return NULL;

  if (!run_migrations (self, (int) user_version, error))
    return NULL;
  if (self->damage == NULL && !reconcile_schema (self, error))
    return NULL;
  if (!load_state (self, error))
    return NULL;
  if (self->damage == NULL && !gj_store_quarantine_setup (self, error))
    return NULL;
  /* Cells a newer peer sent before this version knew their fields. */
  if (self->damage == NULL && !gj_store_promote_unknown (self, error))
    return NULL;

  if (!memory && self->damage == NULL)
    g_chmod (path, 0600);
  self->opened = TRUE;

  return g_steal_pointer (&self);
}

const char *
gj_store_get_path (GjStore *self)
{
  g_return_val_if_fail (GJ_IS_STORE (self), NULL);
  return self->path;
}

const char *
gj_store_get_site_id (GjStore *self)
{
  g_return_val_if_fail (GJ_IS_STORE (self), NULL);
  return self->site_id;
}

gint64
gj_store_get_version (GjStore *self)
{
  g_return_val_if_fail (GJ_IS_STORE (self), 0);
  return self->version;
}

guint64
gj_store_get_clock (GjStore *self)
{
  g_return_val_if_fail (GJ_IS_STORE (self), 0);
  return self->hlc;
}

sqlite3 *
gj_store_get_handle (GjStore *self)
{
  g_return_val_if_fail (GJ_IS_STORE (self), NULL);
  return self->db;
}

const char *
gj_store_get_street (GjStore *self)
{
  g_return_val_if_fail (GJ_IS_STORE (self), NULL);
  return self->street;
}

char *
gj_store_get_meta (GjStore    *self,
                   const char *key)
{
  sqlite3_stmt *stmt;
  char *value = NULL;

  g_return_val_if_fail (GJ_IS_STORE (self), NULL);

  stmt = gj_store_prepare (self, "SELECT value FROM meta WHERE key = ?", NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return value;
}

void
gj_store_reload_meta (GjStore *self)
{
  g_return_if_fail (GJ_IS_STORE (self));
  g_free (self->street);
  self->street = gj_store_get_meta (self, "street");
}

gboolean
gj_store_set_meta (GjStore     *self,
                   const char  *key,
                   const char  *value,
                   GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (GJ_IS_STORE (self), FALSE);

  if (!check_writable (self, error))
    return FALSE;
  stmt = gj_store_prepare (self, "INSERT INTO meta (key, value) VALUES (?, ?) "
                           "ON CONFLICT (key) DO UPDATE SET value = excluded.value", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, value, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    return gj_store_sql_error (self, rc, error);
  if (g_str_equal (key, "street"))
    {
      g_free (self->street);
      self->street = g_strdup (value);
    }
  return TRUE;
}

/* Transactions */

gboolean
gj_store_begin (GjStore  *self,
                GError  **error)
{
  g_return_val_if_fail (GJ_IS_STORE (self), FALSE);

  if (!check_writable (self, error))
    return FALSE;
  if (self->tx_depth == 0)
    {
      g_autofree char *hlc = NULL;
      gint64 max_ver = 0;

      if (!gj_store_exec (self, "BEGIN IMMEDIATE", error))
        return FALSE;
      self->tx_failed = FALSE;
      /* Another connection (the app's sync worker, a CLI run) may have
       * written since our last transaction: continue from its version and
       * clock, which the write lock now holds still. */
      if (!read_version (self, &max_ver, error))
        {
          sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
          return FALSE;
        }
      self->version = max_ver;
      if (!load_sites (self, error))
        {
          sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
          return FALSE;
        }
      hlc = gj_store_get_meta (self, "hlc");
      if (hlc != NULL)
        {
          guint64 stored = g_ascii_strtoull (hlc, NULL, 10);
          self->saved_hlc = stored;
          self->hlc = MAX (self->hlc, stored);
        }
    }
  self->tx_depth++;
  return TRUE;
}

static void
after_rollback (GjStore *self)
{
  gint64 max_ver = 0;

  /* Versions handed out inside the rolled-back transaction were never
   * committed; reuse starts from what the database holds. Site indexes
   * interned inside it are gone too. */
  read_version (self, &max_ver, NULL);
  self->version = max_ver;
  load_state (self, NULL);
}

gboolean
gj_store_commit (GjStore  *self,
                 GError  **error)
{
  g_return_val_if_fail (GJ_IS_STORE (self), FALSE);
  g_return_val_if_fail (self->tx_depth > 0, FALSE);

  if (--self->tx_depth > 0)
    return TRUE;

  if (self->tx_failed)
    {
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      after_rollback (self);
      g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_IO,
                   _("Nothing was saved because one of the changes failed."));
      return FALSE;
    }
  if (self->hlc != self->saved_hlc)
    {
      char buf[32];

      g_snprintf (buf, sizeof buf, "%" G_GUINT64_FORMAT, self->hlc);
      if (!gj_store_set_meta (self, "hlc", buf, error))
        {
          sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
          after_rollback (self);
          return FALSE;
        }
      self->saved_hlc = self->hlc;
    }
  if (!gj_store_exec (self, "COMMIT", error))
    {
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      after_rollback (self);
      return FALSE;
    }
  return TRUE;
}

void
gj_store_rollback (GjStore *self)
{
  g_return_if_fail (GJ_IS_STORE (self));
  g_return_if_fail (self->tx_depth > 0);

  /* An inner rollback poisons the outer transaction: the caller of the
   * outer one must not commit half of a multi-row write. */
  self->tx_failed = TRUE;
  if (--self->tx_depth > 0)
    return;
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  after_rollback (self);
}

/* Sites */

guint32
gj_store_intern_site (GjStore     *self,
                      const char  *site,
                      GError     **error)
{
  gpointer idx;
  sqlite3_stmt *stmt;
  int rc;

  if (g_hash_table_lookup_extended (self->site_index, site, NULL, &idx))
    return GPOINTER_TO_UINT (idx);

  stmt = gj_store_prepare (self, "INSERT INTO site (idx, id) VALUES (?, ?)", error);
  if (stmt == NULL)
    return 0;
  sqlite3_bind_int64 (stmt, 1, self->sites->len);
  sqlite3_bind_text (stmt, 2, site, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      gj_store_sql_error (self, rc, error);
      return 0;
    }
  g_ptr_array_add (self->sites, g_strdup (site));
  g_hash_table_insert (self->site_index, g_ptr_array_index (self->sites, self->sites->len - 1),
                       GUINT_TO_POINTER (self->sites->len - 1));
  return self->sites->len - 1;
}

const char *
gj_store_site_name (GjStore *self,
                    guint32  index)
{
  if (index >= self->sites->len)
    load_sites (self, NULL);
  if (index == 0 || index >= self->sites->len)
    return "";
  return g_ptr_array_index (self->sites, index);
}

guint64
gj_store_tick (GjStore *self)
{
  self->hlc = gj_hlc_tick (self->hlc, gj_hlc_now_physical ());
  return self->hlc;
}

/* Rows */

GjRowState *
gj_store_row_state (GjStore      *self,
                    const GjKind *kind)
{
  if (self->scratch[kind->index] == NULL)
    self->scratch[kind->index] = row_state_new (kind);
  return self->scratch[kind->index];
}

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
 * local version, its row-log entry and its search text. The caller has set
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

/* Validation of local writes */

/* The checks every door shares (gj_field_check_value()), then what only a
 * local write can ask: that a referenced record exists here. A peer's
 * page may name a record that has not arrived yet ("Not yet synced"). */
static gboolean
check_value_type (GjStore        *self,
                  const GjField  *field,
                  const GjValue  *v,
                  GError        **error)
{
  const GjKind *target;
  GjRowState *rs;

  if (!gj_field_check_value (field, v, error))
    return FALSE;
  if (field->type != GJ_FIELD_REF || v->type != GJ_VALUE_TEXT ||
      (target = gj_schema_lookup (field->ref_kind)) == NULL)
    return TRUE;

  rs = gj_store_row_state (self, target);
  if (!gj_store_load_row (self, rs, v->s, error))
    return FALSE;
  if (!rs->exists || (rs->values[target->n_fields].type == GJ_VALUE_INT &&
                      rs->values[target->n_fields].i != 0))
    {
      g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID,
                   _("%s: there is no %s with the id “%s”"), _(field->label),
                   _(target->label), v->s);
      return FALSE;
    }
  return TRUE;
}

static int
enum_position (const GjField *field,
               const char    *key)
{
  int i = 0;

  for (const GjEnumValue *v = field->values; v->key; v++, i++)
    if (g_strcmp0 (v->key, key) == 0)
      return i;
  return -1;
}

static const char *
enum_label (const GjField *field,
            const char    *key)
{
  const GjEnumValue *v = gj_field_enum_by_key (field, key);

  return v ? _(v->label) : key;
}

static gboolean
stage_in (const char *stage,
          const char *const *stages)
{
  return stages != NULL && g_strv_contains ((const char *const *) stages, stage);
}

static gboolean
move_in (const char        *from,
         const char        *to,
         const GjStageMove *moves)
{
  for (const GjStageMove *m = moves; m != NULL && m->to != NULL; m++)
    if ((m->from == NULL || g_str_equal (m->from, from)) && g_str_equal (m->to, to))
      return TRUE;
  return FALSE;
}

/* Whether the kind's workflow (GjWorkflow) allows a move from @from to
 * @to; a move out of a terminal stage or against the order needs
 * GJ_WRITE_REOPEN. */
static gboolean
check_transition (const GjWorkflow *flow,
                  const GjField    *field,
                  const char       *from,
                  const char       *to,
                  GjWriteFlags      flags,
                  GError          **error)
{
  int a = enum_position (field, from), b = enum_position (field, to);
  gboolean ok;

  if (a < 0 || b < 0 || a == b)
    return TRUE;

  switch (flow->order)
    {
    case GJ_STAGES_ONE_FORWARD:
      ok = b == a + 1;
      break;
    case GJ_STAGES_FORWARD:
      ok = b > a;
      break;
    case GJ_STAGES_ANY_ORDER:
    default:
      ok = TRUE;
      break;
    }
  ok = (ok && !move_in (from, to, flow->refused)) || move_in (from, to, flow->allowed);

  if (stage_in (from, flow->terminal) && !(flags & GJ_WRITE_REOPEN))
    {
      g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_TRANSITION,
                   _("%s: the record is closed as “%s”; reopen it explicitly to change it to “%s”"),
                   _(field->label), enum_label (field, from), enum_label (field, to));
      return FALSE;
    }
  if (!ok && !(flags & GJ_WRITE_REOPEN))
    {
      g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_TRANSITION,
                   _("%s: cannot go from “%s” to “%s”"),
                   _(field->label), enum_label (field, from), enum_label (field, to));
      return FALSE;
    }
  return TRUE;
}

static void
today_iso (char buf[11])
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();

  g_snprintf (buf, 11, "%04d-%02d-%02d", g_date_time_get_year (now),
              g_date_time_get_month (now), g_date_time_get_day_of_month (now));
}

/* Dates the workflow records by itself when a stage changes and the caller
 * did not give them. */
static void
stamp_stage_dates (GjRecord         *rec,
                   const GjWorkflow *flow,
                   const char       *to)
{
  char today[11];

  today_iso (today);
  for (const GjStageDate *d = flow->dates; d != NULL && d->field != NULL; d++)
    if ((d->stage == NULL || g_str_equal (d->stage, to)) && !gj_record_is_set (rec, d->field))
      gj_record_set_text (rec, d->field, today);
}

static gboolean
check_record (GjStore       *self,
              GjRecord      *rec,
              GjRowState    *current,  /* NULL on insert */
              GjWriteFlags   flags,
              GError       **error)
{
  const GjKind *kind = rec->kind;
  const GjWorkflow *flow = kind->workflow;

  for (guint f = 0; f < kind->n_fields; f++)
    {
      const GjField *field = &kind->fields[f];
      const GjValue *v = &rec->values[f];
      gboolean given = rec->set[f];

      if (given && v->type == GJ_VALUE_TEXT && v->s[0] == '\0')
        gj_value_set_null (&rec->values[f]);

      if ((field->flags & GJ_FIELD_FLAG_REQUIRED) &&
          ((current == NULL && (!given || gj_value_is_null (v))) ||
           (current != NULL && given && gj_value_is_null (v))))
        {
          g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_REQUIRED,
                       _("%s: this field is required"), _(field->label));
          return FALSE;
        }
      if (given && !(field->flags & GJ_FIELD_FLAG_INTERNAL) &&
          !check_value_type (self, field, v, error))
        return FALSE;
    }

  if (flow != NULL && gj_record_is_set (rec, flow->field))
    {
      const char *to = gj_record_get_text (rec, flow->field);
      int col = gj_kind_field_index (kind, flow->field);
      const char *from = current ? (current->values[col].type == GJ_VALUE_TEXT
                                    ? current->values[col].s : NULL) : NULL;

      if (from != NULL && to != NULL && !g_str_equal (from, to))
        {
          if (!check_transition (flow, &kind->fields[col], from, to, flags, error))
            return FALSE;
          stamp_stage_dates (rec, flow, to);
        }
      else if (from == NULL && to != NULL)
        stamp_stage_dates (rec, flow, to);
    }

  {
    /* The record as it will be: what the write gives over what is stored. */
    const GjValue **values = g_newa (const GjValue *, kind->n_fields);

    for (guint f = 0; f < kind->n_fields; f++)
      values[f] = rec->set[f] || current == NULL ? &rec->values[f] : &current->values[f];
    return gj_store_check_kind_rules (self, kind, values, current == NULL, error);
  }
}

static double
number_of (const GjValue *v)
{
  return v->type == GJ_VALUE_REAL ? v->r : v->type == GJ_VALUE_INT ? (double) v->i : 0;
}

gboolean
gj_store_check_kind_rules (GjStore        *self,
                           const GjKind   *kind,
                           const GjValue **values,
                           gboolean        is_new,
                           GError        **error)
{
  if (g_str_equal (kind->name, "hours") && is_new)
    {
      const GjValue *what = values[gj_kind_field_index (kind, "kind")];
      const GjValue *who = values[gj_kind_field_index (kind, "volunteer_id")];
      double want = number_of (values[gj_kind_field_index (kind, "hours")]);
      double balance;
      g_autoptr(GError) local_error = NULL;

      if (what->type != GJ_VALUE_TEXT || !g_str_equal (what->s, "redeem") ||
          who->type != GJ_VALUE_TEXT)
        return TRUE;
      balance = gj_store_hours_balance (self, who->s, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (want > balance + 1e-9)
        {
          g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_BALANCE,
                       _("Hours: cannot redeem %g hours, the volunteer's balance is %g hours"),
                       want, balance);
          return FALSE;
        }
    }
  if (g_str_equal (kind->name, "evaluation") &&
      number_of (values[gj_kind_field_index (kind, "score")]) > 100)
    {
      g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID,
                   _("%s: must be between 0 and 100"), _("Score"));
      return FALSE;
    }
  return TRUE;
}

static char *
new_uuid (void)
{
  guint8 b[16];
  gint64 ms = g_get_real_time () / 1000;

  for (guint i = 0; i < 6; i++)
    b[i] = (guint8) (ms >> (40 - 8 * i));
  for (guint i = 6; i < 16; i++)
    b[i] = (guint8) g_random_int_range (0, 256);
  b[6] = 0x70 | (b[6] & 0x0f);
  b[8] = 0x80 | (b[8] & 0x3f);
  return g_strdup_printf ("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
                          "%02x%02x%02x%02x%02x%02x",
                          b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9],
                          b[10], b[11], b[12], b[13], b[14], b[15]);
}

static void
stamp_local (GjStore    *self,
             GjRowState *rs,
             guint       col,
             guint64     hlc,
             guint64     seen)
{
  /* A value from a peer whose clock was ahead may carry a clock later than
   * ours; the edit that replaces it must still win everywhere, without
   * dragging this device's own clock ahead with it. */
  rs->clk[col].hlc = rs->clk[col].hlc >= hlc ? rs->clk[col].hlc + 1 : hlc;
  rs->clk[col].site = GJ_LOCAL_SITE;
  rs->clk[col].ver = self->version + 1;
  rs->clk[col].seen = seen;
  rs->changed[col] = TRUE;
  if (col < rs->kind->n_fields && (rs->kind->fields[col].flags & GJ_FIELD_FLAG_SEARCH))
    rs->search_changed = TRUE;
}

/* What the writer of a new value for @col had seen of other devices: the
 * clock of the current value if it came from elsewhere, else what the
 * current value's own writer had seen. */
static guint64
seen_for (GjRowState *rs,
          guint       col)
{
  if (rs->clk[col].hlc == 0)
    return 0;
  return rs->clk[col].site != GJ_LOCAL_SITE ? rs->clk[col].hlc : rs->clk[col].seen;
}

static gboolean
finish_write (GjStore  *self,
              gboolean  ok,
              GError  **error)
{
  if (!ok)
    {
      gj_store_rollback (self);
      return FALSE;
    }
  return gj_store_commit (self, error);
}

gboolean
gj_store_insert (GjStore   *self,
                 GjRecord  *record,
                 GError   **error)
{
  const GjKind *kind;
  GjRowState *rs;
  guint64 hlc;
  int street_col;
  gboolean ok;

  g_return_val_if_fail (GJ_IS_STORE (self), FALSE);
  g_return_val_if_fail (record != NULL, FALSE);

  kind = record->kind;
  if (record->id == NULL)
    record->id = new_uuid ();

  street_col = gj_kind_field_index (kind, "street_id");
  if (street_col >= 0 && !record->set[street_col])
    {
      if (g_str_equal (kind->name, "street"))
        gj_record_set_text (record, "street_id", record->id);
      else if (self->street != NULL)
        gj_record_set_text (record, "street_id", self->street);
    }

  if (!gj_store_begin (self, error))
    return FALSE;

  if (!check_record (self, record, NULL, GJ_WRITE_NONE, error))
    return finish_write (self, FALSE, error);

  rs = gj_store_row_state (self, kind);
  if (!gj_store_load_row (self, rs, record->id, error))
    return finish_write (self, FALSE, error);
  if (rs->exists)
    {
      g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID,
                   _("A %s with the id “%s” already exists"), _(kind->label), record->id);
      return finish_write (self, FALSE, error);
    }

  hlc = gj_store_tick (self);
  for (guint f = 0; f < kind->n_fields; f++)
    if (record->set[f] && !gj_value_is_null (&record->values[f]))
      {
        gj_value_copy (&rs->values[f], &record->values[f]);
        stamp_local (self, rs, f, hlc, 0);
      }

  ok = gj_store_save_row (self, rs, error);
  if (ok)
    gj_value_set_int (&record->values[kind->n_fields], 0);
  return finish_write (self, ok, error);
}

static gboolean
load_existing (GjStore       *self,
               const GjKind  *kind,
               const char    *id,
               GjRowState   **out,
               GError       **error)
{
  GjRowState *rs = gj_store_row_state (self, kind);

  if (!gj_store_load_row (self, rs, id, error))
    return FALSE;
  if (!rs->exists)
    {
      g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_NOT_FOUND,
                   _("There is no %s with the id “%s”"), _(kind->label), id);
      return FALSE;
    }
  *out = rs;
  return TRUE;
}

static gboolean
row_deleted (GjRowState *rs)
{
  const GjValue *d = &rs->values[rs->kind->n_fields];

  return d->type == GJ_VALUE_INT && d->i != 0;
}

gboolean
gj_store_update (GjStore      *self,
                 GjRecord     *changes,
                 GjWriteFlags  flags,
                 GError      **error)
{
  const GjKind *kind;
  GjRowState *rs = NULL;
  guint64 hlc = 0;
  gboolean any = FALSE;

  g_return_val_if_fail (GJ_IS_STORE (self), FALSE);
  g_return_val_if_fail (changes != NULL && changes->id != NULL, FALSE);

  kind = changes->kind;
  if (kind->flags & GJ_KIND_FLAG_APPEND_ONLY)
    {
      g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_READ_ONLY,
                   _("%s entries cannot be changed once recorded; add a correcting entry "
                     "instead"), _(kind->label));
      return FALSE;
    }

  if (!gj_store_begin (self, error))
    return FALSE;
  if (!load_existing (self, kind, changes->id, &rs, error))
    return finish_write (self, FALSE, error);
  if (row_deleted (rs))
    {
      g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_READ_ONLY,
                   _("This %s was deleted; restore it before changing it"), _(kind->label));
      return finish_write (self, FALSE, error);
    }
  if (!check_record (self, changes, rs, flags, error))
    return finish_write (self, FALSE, error);

  /* check_record() may have loaded referenced rows into other scratch
   * states, never into this kind's unless the kind refers to itself
   * (agreement renewals), so reload to be safe. */
  if (!load_existing (self, kind, changes->id, &rs, error))
    return finish_write (self, FALSE, error);

  for (guint f = 0; f < kind->n_fields; f++)
    {
      if (!changes->set[f] || gj_value_equal (&rs->values[f], &changes->values[f]))
        continue;
      if (kind->fields[f].flags & GJ_FIELD_FLAG_INTERNAL)
        continue;
      if (hlc == 0)
        hlc = gj_store_tick (self);
      stamp_local (self, rs, f, hlc, seen_for (rs, f));
      gj_value_copy (&rs->values[f], &changes->values[f]);
      any = TRUE;
    }
  if (!any)
    return finish_write (self, TRUE, error);
  return finish_write (self, gj_store_save_row (self, rs, error) &&
                       gj_store_quarantine_forget_fixed (self, rs, error), error);
}

static gboolean
set_deleted (GjStore       *self,
             const GjKind  *kind,
             const char    *id,
             gboolean       deleted,
             GError       **error)
{
  GjRowState *rs = NULL;
  guint d = kind->n_fields;
  guint64 seen = 0;

  if (kind->flags & GJ_KIND_FLAG_APPEND_ONLY)
    {
      g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_READ_ONLY,
                   _("%s entries cannot be deleted; add a correcting entry instead"),
                   _(kind->label));
      return FALSE;
    }
  if (!gj_store_begin (self, error))
    return FALSE;
  if (!load_existing (self, kind, id, &rs, error))
    return finish_write (self, FALSE, error);
  if (row_deleted (rs) == deleted)
    return finish_write (self, TRUE, error);

  /* A tombstone records the newest clock of any cell its writer had, so a
   * receiver can tell an edit the deleter knew about from one it did not. */
  if (deleted)
    {
      for (guint c = 0; c <= d; c++)
        seen = MAX (seen, rs->clk[c].hlc);
    }
  else
    seen = seen_for (rs, d);
  stamp_local (self, rs, d, gj_store_tick (self), seen);
  gj_value_set_int (&rs->values[d], deleted ? 1 : 0);
  rs->search_changed = TRUE;
  return finish_write (self, gj_store_save_row (self, rs, error), error);
}

gboolean
gj_store_delete (GjStore       *self,
                 const GjKind  *kind,
                 const char    *id,
                 GError       **error)
{
  g_return_val_if_fail (GJ_IS_STORE (self), FALSE);
  g_return_val_if_fail (kind != NULL && id != NULL, FALSE);
  return set_deleted (self, kind, id, TRUE, error);
}

gboolean
gj_store_undelete (GjStore       *self,
                   const GjKind  *kind,
                   const char    *id,
                   GError       **error)
{
  g_return_val_if_fail (GJ_IS_STORE (self), FALSE);
  g_return_val_if_fail (kind != NULL && id != NULL, FALSE);
  return set_deleted (self, kind, id, FALSE, error);
}

/* Reads */

static GjRecord *
record_from_state (GjRowState *rs)
{
  GjRecord *rec = gj_record_new (rs->kind);

  rec->id = g_strdup (rs->id);
  for (guint i = 0; i <= rs->kind->n_fields; i++)
    gj_value_copy (&rec->values[i], &rs->values[i]);
  return rec;
}

GjRecord *
gj_store_get (GjStore       *self,
              const GjKind  *kind,
              const char    *id,
              GError       **error)
{
  GjRowState *rs = NULL;

  g_return_val_if_fail (GJ_IS_STORE (self), NULL);
  g_return_val_if_fail (kind != NULL && id != NULL, NULL);

  if (!load_existing (self, kind, id, &rs, error))
    return NULL;
  return record_from_state (rs);
}

char *
gj_store_resolve_id (GjStore       *self,
                     const GjKind  *kind,
                     const char    *id_or_prefix,
                     GError       **error)
{
  g_autofree char *sql = NULL;
  g_autofree char *hi = NULL;
  g_autoptr(GPtrArray) matches = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (GJ_IS_STORE (self), NULL);

  if (strlen (id_or_prefix) < 8)
    {
      g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_NOT_FOUND,
                   _("“%s” is too short to name a record; give at least 8 characters of its id"),
                   id_or_prefix);
      return NULL;
    }
  /* Four rows: one says the prefix is unique, the rest show a person which
   * records it could mean. */
  sql = g_strdup_printf ("SELECT id FROM %s WHERE id >= ? AND id < ? ORDER BY id LIMIT 4",
                         kind->name);
  stmt = gj_store_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;
  hi = g_strconcat (id_or_prefix, "\xff", NULL);
  sqlite3_bind_text (stmt, 1, id_or_prefix, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, hi, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (matches, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      gj_store_sql_error (self, rc, error);
      return NULL;
    }
  if (matches->len == 0)
    {
      g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_NOT_FOUND,
                   _("There is no %s with the id “%s”"), _(kind->label), id_or_prefix);
      return NULL;
    }
  if (matches->len > 1 && !g_str_equal (matches->pdata[0], id_or_prefix))
    {
      g_autoptr(GString) some = g_string_new (NULL);

      for (guint i = 0; i < MIN (matches->len, 3); i++)
        {
          /* TRANSLATORS: separator between record ids in a list */
          if (i > 0)
            g_string_append (some, _(", "));
          g_string_append (some, matches->pdata[i]);
        }
      if (matches->len > 3)
        g_string_append (some, _(", …"));
      g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_NOT_FOUND,
                   _("“%s” matches more than one %s (%s); give more of the id"),
                   id_or_prefix, _(kind->label), some->str);
      return NULL;
    }
  return g_strdup (matches->pdata[0]);
}

/* Turns text into an FTS5 phrase: the trigram tokenizer matches it as a
 * substring, and quoting keeps FTS5 syntax characters literal. */
static char *
fts_phrase (const char *text)
{
  GString *q = g_string_new ("\"");

  for (const char *p = text; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (q, '"');
      g_string_append_c (q, *p);
    }
  g_string_append_c (q, '"');
  return g_string_free (q, FALSE);
}

static char *
like_pattern (const char *text)
{
  GString *q = g_string_new ("%");

  for (const char *p = text; *p; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (q, '\\');
      g_string_append_c (q, *p);
    }
  g_string_append_c (q, '%');
  return g_string_free (q, FALSE);
}

static gboolean
use_trigram (const char *text)
{
  return g_utf8_strlen (text, -1) >= 3;
}

typedef struct
{
  GString   *where;
  GPtrArray *binds;  /* char*; NULL binds SQL NULL */
} WhereClause;

static gboolean
build_where (const GjKind   *kind,
             const GjQuery  *q,
             WhereClause    *w,
             GError        **error)
{
  w->where = g_string_new (q && q->include_deleted ? "1" : "deleted = 0");
  w->binds = g_ptr_array_new_with_free_func (g_free);

  if (q == NULL)
    return TRUE;

  for (guint i = 0; i < q->n_filters; i++)
    {
      const GjFilter *f = &q->filters[i];
      const GjField *field = gj_kind_field (kind, f->field);
      static const char *const sql_ops[] = {
        [GJ_FILTER_EQ] = "=", [GJ_FILTER_NE] = "IS NOT", [GJ_FILTER_LT] = "<",
        [GJ_FILTER_LE] = "<=", [GJ_FILTER_GT] = ">", [GJ_FILTER_GE] = ">=",
      };

      if (gj_kind_field_index (kind, f->field) < 0)
        {
          g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_UNKNOWN_FIELD,
                       _("%s has no field “%s”"), _(kind->label), f->field);
          return FALSE;
        }
      g_return_val_if_fail ((guint) f->op < G_N_ELEMENTS (sql_ops), FALSE);
      if (f->value == NULL || f->value[0] == '\0')
        g_string_append_printf (w->where, " AND %s %s NULL", f->field,
                                f->op == GJ_FILTER_NE ? "IS NOT" : "IS");
      else
        {
              /* The tombstone ("deleted") has no GjField. */
          gboolean numeric = field && (field->type == GJ_FIELD_INT ||
                                       field->type == GJ_FIELD_MONEY ||
                                       field->type == GJ_FIELD_BOOL ||
                                       field->type == GJ_FIELD_REAL);

          if (numeric)
            g_string_append_printf (w->where, " AND %s %s CAST(? AS REAL)", f->field,
                                    sql_ops[f->op]);
          else
            g_string_append_printf (w->where, " AND %s %s ?", f->field, sql_ops[f->op]);
          g_ptr_array_add (w->binds, g_strdup (f->value));
        }
    }

  if (q->text != NULL && q->text[0] != '\0')
    {
      gint64 lo = (gint64) kind->index << GJ_FTS_KIND_SHIFT;
      gint64 hi = lo | ((G_GINT64_CONSTANT (1) << GJ_FTS_KIND_SHIFT) - 1);

      if (use_trigram (q->text))
        {
          g_string_append_printf (w->where,
                                  " AND rid IN (SELECT rowid - %" G_GINT64_FORMAT " FROM search "
                                  "WHERE search MATCH ? AND rowid BETWEEN %" G_GINT64_FORMAT
                                  " AND %" G_GINT64_FORMAT ")", lo, lo, hi);
          g_ptr_array_add (w->binds, fts_phrase (q->text));
        }
      else
        {
          g_string_append_printf (w->where,
                                  " AND rid IN (SELECT rowid - %" G_GINT64_FORMAT " FROM search "
                                  "WHERE body LIKE ? ESCAPE '\\' AND rowid BETWEEN %"
                                  G_GINT64_FORMAT " AND %" G_GINT64_FORMAT ")", lo, lo, hi);
          g_ptr_array_add (w->binds, like_pattern (q->text));
        }
    }
  return TRUE;
}

static void
where_clear (WhereClause *w)
{
  if (w->where)
    g_string_free (w->where, TRUE);
  g_clear_pointer (&w->binds, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (WhereClause, where_clear)

GPtrArray *
gj_store_list (GjStore        *self,
               const GjKind   *kind,
               const GjQuery  *query,
               GError        **error)
{
  g_auto(WhereClause) w = { NULL, NULL };
  g_autoptr(GString) sql = NULL;
  g_autoptr(GPtrArray) result = NULL;
  const char *sort;
  sqlite3_stmt *stmt;
  GjRowState *rs;

  g_return_val_if_fail (GJ_IS_STORE (self), NULL);
  g_return_val_if_fail (kind != NULL, NULL);

  if (!build_where (kind, query, &w, error))
    return NULL;

  sort = query && query->sort_field ? query->sort_field : kind->fields[kind->title_field].name;
  if (gj_kind_field_index (kind, sort) < 0 && !g_str_equal (sort, "id"))
    {
      g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_UNKNOWN_FIELD,
                   _("%s has no field “%s”"), _(kind->label), sort);
      return NULL;
    }

  sql = g_string_new (NULL);
  /* The page is bound, not written into the text, so that one cached
   * statement serves every page of a list. */
  g_string_printf (sql, "SELECT rid FROM %s WHERE %s ORDER BY %s %s, rid LIMIT ? OFFSET ?",
                   kind->name, w.where->str, sort,
                   query && query->descending ? "DESC" : "ASC");

  stmt = gj_store_prepare (self, sql->str, error);
  if (stmt == NULL)
    return NULL;
  for (guint i = 0; i < w.binds->len; i++)
    sqlite3_bind_text (stmt, i + 1, g_ptr_array_index (w.binds, i), -1, SQLITE_STATIC);
  /* A negative LIMIT is SQLite's "no limit". */
  sqlite3_bind_int64 (stmt, w.binds->len + 1, query && query->limit ? (gint64) query->limit : -1);
  sqlite3_bind_int64 (stmt, w.binds->len + 2, query ? query->offset : 0);

  result = g_ptr_array_new_with_free_func ((GDestroyNotify) gj_record_unref);
  {
    g_autoptr(GArray) rids = g_array_new (FALSE, FALSE, sizeof (gint64));

    if (!gj_store_collect_ids (self, stmt, rids, error))
      return NULL;
    rs = gj_store_row_state (self, kind);
    for (guint i = 0; i < rids->len; i++)
      {
        if (!gj_store_load_row_rid (self, rs, g_array_index (rids, gint64, i), error))
          return NULL;
        if (rs->exists)
          g_ptr_array_add (result, record_from_state (rs));
      }
  }
  return g_steal_pointer (&result);
}

gint64
gj_store_count (GjStore        *self,
                const GjKind   *kind,
                const GjQuery  *query,
                GError        **error)
{
  g_auto(WhereClause) w = { NULL, NULL };
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;
  gint64 n = -1;
  int rc;

  g_return_val_if_fail (GJ_IS_STORE (self), -1);

  if (!build_where (kind, query, &w, error))
    return -1;
  sql = g_strdup_printf ("SELECT count(*) FROM %s WHERE %s", kind->name, w.where->str);
  stmt = gj_store_prepare (self, sql, error);
  if (stmt == NULL)
    return -1;
  for (guint i = 0; i < w.binds->len; i++)
    sqlite3_bind_text (stmt, i + 1, g_ptr_array_index (w.binds, i), -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    gj_store_sql_error (self, rc, error);
  return n;
}

GPtrArray *
gj_store_search (GjStore     *self,
                 const char  *text,
                 guint        limit,
                 GError     **error)
{
  g_autoptr(GPtrArray) result = NULL;
  g_autoptr(GArray) keys = NULL;
  g_autofree char *pattern = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (GJ_IS_STORE (self), NULL);
  g_return_val_if_fail (text != NULL, NULL);

  result = g_ptr_array_new_with_free_func ((GDestroyNotify) gj_record_unref);
  if (text[0] == '\0')
    return g_steal_pointer (&result);

  if (use_trigram (text))
    {
      stmt = gj_store_prepare (self, "SELECT rowid FROM search WHERE search MATCH ? "
                               "ORDER BY rank LIMIT ?", error);
      pattern = fts_phrase (text);
    }
  else
    {
      stmt = gj_store_prepare (self, "SELECT rowid FROM search WHERE body LIKE ? ESCAPE '\\' "
                               "LIMIT ?", error);
      pattern = like_pattern (text);
    }
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, pattern, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, limit ? limit : G_MAXINT32);

  keys = g_array_new (FALSE, FALSE, sizeof (gint64));
  if (!gj_store_collect_ids (self, stmt, keys, error))
    return NULL;

  for (guint i = 0; i < keys->len; i++)
    {
      gint64 key = g_array_index (keys, gint64, i);
      const GjKind *kind = gj_schema_kind_by_index ((guint) (key >> GJ_FTS_KIND_SHIFT));
      GjRowState *rs;

      if (kind == NULL)
        continue;
      rs = gj_store_row_state (self, kind);
      if (!gj_store_load_row_rid (self, rs, key & ((G_GINT64_CONSTANT (1) << GJ_FTS_KIND_SHIFT) - 1),
                                  error))
        return NULL;
      if (rs->exists && !row_deleted (rs))
        g_ptr_array_add (result, record_from_state (rs));
    }
  return g_steal_pointer (&result);
}

double
gj_store_hours_balance (GjStore     *self,
                        const char  *volunteer_id,
                        GError     **error)
{
  sqlite3_stmt *stmt;
  double balance = 0;
  int rc;

  g_return_val_if_fail (GJ_IS_STORE (self), -1);

  stmt = gj_store_prepare (self,
                           "SELECT coalesce(sum(CASE kind WHEN 'redeem' THEN -hours ELSE hours END), 0) "
                           "FROM hours WHERE volunteer_id = ? AND deleted = 0", error);
  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, volunteer_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    balance = sqlite3_column_double (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    {
      gj_store_sql_error (self, rc, error);
      return -1;
    }
  return balance;
}

GPtrArray *
gj_store_cells (GjStore       *self,
                const GjKind  *kind,
                const char    *id,
                GError       **error)
{
  GjRowState *rs = NULL;
  GPtrArray *cells;

  g_return_val_if_fail (GJ_IS_STORE (self), NULL);

  if (!load_existing (self, kind, id, &rs, error))
    return NULL;
  cells = g_ptr_array_new_with_free_func ((GDestroyNotify) gj_cell_free);
  for (guint c = 0; c <= kind->n_fields; c++)
    {
      if (rs->clk[c].hlc != 0)
        g_ptr_array_add (cells, gj_row_state_cell (self, rs, c));
    }
  return cells;
}
