/* gj-store.c: the store object, damage, SQLite errors and the statement
 * cache, settings, transactions and the site table
 *
 * The store is split by what it does: gj-store-open.c (files, tables,
 * migrations), gj-store-rows.c (rows as stored), gj-store-write.c (the local
 * write path), gj-store-stage.c (workflows), gj-store-query.c (reads), and
 * for sync gj-store-changes.c, gj-store-sync.c, gj-store-quarantine.c and
 * gj-store-unknown.c. They share gj-store-private.h.
 *
 * Invariants every one of them keeps:
 *  - Every change to a record goes through gj_store_save_row(), which writes
 *    the row, its packed cell clocks, its row-log entry, its search text and
 *    its change-journal entries together. Nothing else writes record tables.
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

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gj-backup.h"
#include "gj-data-error.h"
#include "gj-hlc.h"
#include "gj-store-handle.h"
#include "gj-store-private.h"

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

gboolean
gj_store_pragma_int (GjStore     *self,
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

  if (!gj_store_pragma_int (self, "SELECT max(ver) FROM rowlog", version, error))
    return FALSE;
  if (!gj_store_read_meta (self, "version_floor", &floor, error))
    return FALSE;
  if (floor != NULL)
    *version = MAX (*version, g_ascii_strtoll (floor, NULL, 10));
  return TRUE;
}

gboolean
gj_store_load_state (GjStore  *self,
                     GError  **error)
{
  g_autofree char *site = NULL;
  g_autofree char *hlc = NULL;
  gint64 max_ver = 0;

  if (!gj_store_read_meta (self, "site_id", &site, error))
    return FALSE;
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

  if (!gj_store_read_meta (self, "hlc", &hlc, error))
    return FALSE;
  self->hlc = self->saved_hlc = hlc ? g_ascii_strtoull (hlc, NULL, 10) : 0;

  g_clear_pointer (&self->street, g_free);
  return gj_store_read_meta (self, "street", &self->street, error);
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

gboolean
gj_store_read_meta (GjStore     *self,
                    const char  *key,
                    char       **value,
                    GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  *value = NULL;
  stmt = gj_store_prepare (self, "SELECT value FROM meta WHERE key = ?", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, key, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    *value = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  return rc == SQLITE_ROW || rc == SQLITE_DONE || gj_store_sql_error (self, rc, error);
}

char *
gj_store_get_meta (GjStore    *self,
                   const char *key)
{
  char *value;

  g_return_val_if_fail (GJ_IS_STORE (self), NULL);

  /* A setting that cannot be read reads as unset; a damaged page is still
   * noted (gj_store_sql_error()), so that writes are refused. */
  gj_store_read_meta (self, key, &value, NULL);
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
      if (!load_sites (self, error) || !gj_store_read_meta (self, "hlc", &hlc, error))
        {
          sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
          return FALSE;
        }
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

gboolean
gj_store_begin_read (GjStore  *self,
                     gboolean *began,
                     GError  **error)
{
  g_return_val_if_fail (GJ_IS_STORE (self), FALSE);
  g_return_val_if_fail (began != NULL, FALSE);

  *began = sqlite3_get_autocommit (self->db) != 0;
  if (*began && !gj_store_exec (self, "BEGIN DEFERRED", error))
    {
      *began = FALSE;
      return FALSE;
    }
  return TRUE;
}

void
gj_store_end_read (GjStore  *self,
                   gboolean  began)
{
  g_return_if_fail (GJ_IS_STORE (self));

  /* Nothing was written: ending it cannot lose anything, and a failure
   * to end it cleanly only means SQLite already ended it. */
  if (began)
    sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL);
}

static void
after_rollback (GjStore *self)
{
  gint64 max_ver = 0;

  /* Versions handed out inside the rolled-back transaction were never
   * committed; reuse starts from what the database holds. Should it not
   * be readable, the version stays where it was: skipping versions is
   * harmless, handing one out twice is not. Site indexes interned inside
   * the transaction are gone too. */
  if (read_version (self, &max_ver, NULL))
    self->version = max_ver;
  gj_store_load_state (self, NULL);
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

GjRowState *
gj_store_row_state (GjStore      *self,
                    const GjKind *kind)
{
  if (self->scratch[kind->index] == NULL)
    self->scratch[kind->index] = row_state_new (kind);
  return self->scratch[kind->index];
}

