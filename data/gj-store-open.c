/* gj-store-open.c: opening a database file, creating the tables the
 * schema names and running the numbered migrations
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-store"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>

#include "gj-data-error.h"
#include "gj-store-private.h"

/* The number migration 1 writes as text. */
G_STATIC_ASSERT (GJ_STORE_APPLICATION_ID == 1198156398);

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

/* A text search looks rows up by the references it follows, so those are
 * here too (activity_id, agreement_item_id); the two left out, a street's
 * district and the agreement an agreement renews, are on small tables.
 * credit_code and resident_id: every local write of an organization or a
 * volunteer looks for another record with the same one (gj-store-write.c). */
static const char *indexed_columns[] = {
  "community_id", "organization_id", "incubation_id", "agreement_id", "project_id",
  "volunteer_id", "team_id", "unit_id", "record_id", "owner_id", "sha256", "activity_id",
  "agreement_item_id", "credit_code", "resident_id", NULL
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

/* The names of the indexes the database has. */
static GHashTable *
index_names (GjStore  *self,
             GError  **error)
{
  g_autoptr(GHashTable) have = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  sqlite3_stmt *stmt;
  int rc;

  rc = sqlite3_prepare_v2 (self->db, "SELECT name FROM sqlite_master WHERE type = 'index'", -1,
                           &stmt, NULL);
  if (rc != SQLITE_OK)
    {
      gj_store_sql_error (self, rc, error);
      return NULL;
    }
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_hash_table_add (have, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_finalize (stmt);
  if (rc != SQLITE_DONE)
    {
      gj_store_sql_error (self, rc, error);
      return NULL;
    }
  return g_steal_pointer (&have);
}

/* Appends to @sql what @kind's table lacks: all of it, or the columns
 * and indexes (of @indexes, those there are) added since it was made. An
 * index added for a column a table already had is made here too: an
 * older version ignores an index it does not know. */
static gboolean
reconcile_kind (GjStore       *self,
                const GjKind  *kind,
                GHashTable    *indexes,
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
    {
      g_autofree char *name = g_strdup_printf ("%s_%s", kind->name, indexed_columns[i]);

      if (gj_kind_field (kind, indexed_columns[i]) != NULL &&
          !g_hash_table_contains (indexes, name))
        g_string_append_printf (sql, "CREATE INDEX IF NOT EXISTS %s ON %s (%s);",
                                name, kind->name, indexed_columns[i]);
    }
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
  g_autoptr(GHashTable) indexes = NULL;

  if (unknown == NULL || (indexes = index_names (self, error)) == NULL)
    return FALSE;
  if (g_hash_table_size (unknown) == 0)
    g_string_append (sql, unknown_tables);
  for (guint k = 0; k < gj_schema_n_kinds (); k++)
    if (!reconcile_kind (self, gj_schema_kind (k), indexes, sql, error))
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

/* The change journal (gj-store-history.c), one entry per changed cell,
 * kept together by record so that a record's history and its pruning are
 * a range of one index. It starts empty: what was changed before is known
 * only by each cell's last clock. */
static gboolean
migrate_3 (GjStore  *self,
           GError  **error)
{
  return gj_store_exec (self,
                        "CREATE TABLE IF NOT EXISTS history ("
                        "  kind INTEGER NOT NULL, rid INTEGER NOT NULL, ver INTEGER NOT NULL,"
                        "  field TEXT NOT NULL, old, new, hlc INTEGER NOT NULL,"
                        "  site INTEGER NOT NULL,"
                        "  PRIMARY KEY (kind, rid, ver, field)) WITHOUT ROWID", error);
}

/* The search text of every row, made again: phones and resident ID
 * numbers, and the checker and note of a time-bank entry, were left out
 * of it before, so an existing database could not find a person by their
 * number. The text is what search_body() (gj-store-rows.c) writes, the
 * indexed fields' text values joined by spaces, computed here in SQL
 * because the tables may still lack columns that reconcile_schema() adds
 * after the migrations (those are empty anyway). */
static gboolean
migrate_4 (GjStore  *self,
           GError  **error)
{
  if (!gj_store_exec (self, "DELETE FROM search", error))
    return FALSE;
  for (guint k = 0; k < gj_schema_n_kinds (); k++)
    {
      const GjKind *kind = gj_schema_kind (k);
      g_autoptr(GHashTable) have = table_columns (self, kind->name, error);
      g_autoptr(GString) body = g_string_new (NULL);
      g_autofree char *sql = NULL;

      if (have == NULL)
        return FALSE;
      for (guint f = 0; f < kind->n_fields; f++)
        {
          const char *name = kind->fields[f].name;

          if (!(kind->fields[f].flags & GJ_FIELD_FLAG_SEARCH) ||
              !g_hash_table_contains (have, name))
            continue;
          g_string_append_printf (body, "%scoalesce (' ' || CASE WHEN typeof (%s) = 'text' "
                                  "THEN %s END, '')", body->len ? " || " : "", name, name);
        }
      if (body->len == 0)
        continue;
      sql = g_strdup_printf ("INSERT INTO search (rowid, body) "
                             "SELECT (%u << %d) | rid, substr (b, 2) FROM "
                             "(SELECT rid, %s AS b FROM %s WHERE deleted = 0) WHERE b <> ''",
                             kind->index, GJ_FTS_KIND_SHIFT, body->str, kind->name);
      if (!gj_store_exec (self, sql, error))
        return FALSE;
    }
  return TRUE;
}

/* The names peers gave their devices (gj-site-names.c), by site id rather
 * than by the site table's index: a name is kept as it came, whether or
 * not a change of that device has been taken yet. */
static gboolean
migrate_5 (GjStore  *self,
           GError  **error)
{
  return gj_store_exec (self,
                        "CREATE TABLE IF NOT EXISTS site_name ("
                        "  id TEXT PRIMARY KEY, name TEXT NOT NULL) WITHOUT ROWID", error);
}

static const MigrateFunc migrations[] = {
  NULL,
  migrate_1,
  migrate_2,
  migrate_3,
  migrate_4,
  migrate_5,
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

  if (!gj_store_pragma_int (self, "SELECT count(*) FROM sqlite_schema", &n_objects, error) ||
      !gj_store_pragma_int (self, "PRAGMA application_id", &app_id, error) ||
      !gj_store_pragma_int (self, "PRAGMA user_version", &user_version, error))
    return NULL;

  if (n_objects > 0 && app_id != GJ_STORE_APPLICATION_ID)
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
  if (!gj_store_load_state (self, error))
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

