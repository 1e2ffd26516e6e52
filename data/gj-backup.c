/* gj-backup.c: rolling daily backups of the database, and restoring one
 *
 * A backup is a plain SQLite file (rollback journal, not WAL) made with the
 * online backup API, so it is a consistent copy even while other
 * connections write, and it can be opened read-only on its own. The date in
 * its name is the whole of its metadata: listing, pruning and "is one due"
 * read only the folder.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-backup"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "gj-backup.h"
#include "gj-data-error.h"
#include "gj-store-private.h"

#define KEEP_DAILY  7
#define KEEP_WEEKLY 4

void
gj_backup_free (GjBackup *backup)
{
  if (backup == NULL)
    return;
  g_free (backup->path);
  g_free (backup);
}

char *
gj_backup_format_date (const GjBackup *backup)
{
  char buf[16];

  g_return_val_if_fail (backup != NULL, NULL);
  g_date_strftime (buf, sizeof buf, "%Y-%m-%d", &backup->date);
  return g_strdup (buf);
}

char *
gj_backup_dir (const char *db_path)
{
  g_autofree char *dir = g_path_get_dirname (db_path);

  return g_build_filename (dir, "backups", NULL);
}

/* "gongjian" for "gongjian.db": what backup names start with. */
static char *
stem_of (const char *db_path)
{
  g_autofree char *base = g_path_get_basename (db_path);

  if (g_str_has_suffix (base, ".db") && strlen (base) > 3)
    base[strlen (base) - 3] = '\0';
  return g_steal_pointer (&base);
}

static char *
backup_path (const char  *db_path,
             const GDate *date)
{
  g_autofree char *dir = gj_backup_dir (db_path);
  g_autofree char *stem = stem_of (db_path);
  char day[16];
  g_autofree char *name = NULL;

  g_date_strftime (day, sizeof day, "%Y-%m-%d", date);
  name = g_strdup_printf ("%s-%s.db", stem, day);
  return g_build_filename (dir, name, NULL);
}

static gboolean
parse_date (const char *text,
            GDate      *out)
{
  guint y, m, d;
  char tail;

  if (strlen (text) != 10 || sscanf (text, "%4u-%2u-%2u%c", &y, &m, &d, &tail) != 3 ||
      !g_date_valid_dmy (d, m, y))
    return FALSE;
  g_date_clear (out, 1);
  g_date_set_dmy (out, d, m, y);
  return TRUE;
}

static void
set_today (GDate       *out,
           const GDate *today)
{
  if (today != NULL && g_date_valid (today))
    *out = *today;
  else
    {
      g_date_clear (out, 1);
      g_date_set_time_t (out, time (NULL));
    }
}

static int
compare_newest_first (gconstpointer a,
                      gconstpointer b)
{
  const GjBackup *x = *(GjBackup **) a;
  const GjBackup *y = *(GjBackup **) b;

  return g_date_compare (&y->date, &x->date);
}

GPtrArray *
gj_backup_list (const char *db_path)
{
  g_autoptr(GPtrArray) list = g_ptr_array_new_with_free_func ((GDestroyNotify) gj_backup_free);
  g_autofree char *dir_path = NULL;
  g_autofree char *stem = NULL;
  g_autofree char *prefix = NULL;
  g_autoptr(GDir) dir = NULL;
  const char *name;

  g_return_val_if_fail (db_path != NULL, NULL);

  dir_path = gj_backup_dir (db_path);
  stem = stem_of (db_path);
  prefix = g_strconcat (stem, "-", NULL);
  dir = g_dir_open (dir_path, 0, NULL);
  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *day = NULL;
      GDate date;
      GjBackup *b;

      if (!g_str_has_prefix (name, prefix) || !g_str_has_suffix (name, ".db") ||
          strlen (name) != strlen (prefix) + 10 + 3)
        continue;
      day = g_strndup (name + strlen (prefix), 10);
      if (!parse_date (day, &date))
        continue;
      b = g_new0 (GjBackup, 1);
      b->path = g_build_filename (dir_path, name, NULL);
      b->date = date;
      g_ptr_array_add (list, b);
    }
  g_ptr_array_sort (list, compare_newest_first);
  return g_steal_pointer (&list);
}

GjBackup *
gj_backup_latest (const char *db_path)
{
  g_autoptr(GPtrArray) list = NULL;

  g_return_val_if_fail (db_path != NULL, NULL);
  if (g_str_equal (db_path, ":memory:"))
    return NULL;
  list = gj_backup_list (db_path);
  return list->len > 0 ? g_ptr_array_steal_index (list, 0) : NULL;
}

/* Weeks start on Monday: Julian day 1 (1 January of year 1) was one. */
static guint
week_of (const GDate *date)
{
  return (g_date_get_julian (date) - 1) / 7;
}

guint
gj_backup_prune (const char *db_path)
{
  g_autoptr(GPtrArray) list = NULL;
  guint weeks_kept = 0, removed = 0;
  guint last_week = G_MAXUINT;

  g_return_val_if_fail (db_path != NULL, 0);

  /* Newest first: the first KEEP_DAILY stay; after them the first backup
   * met in a week is that week's newest. */
  list = gj_backup_list (db_path);
  for (guint i = 0; i < list->len; i++)
    {
      GjBackup *b = g_ptr_array_index (list, i);
      guint week = week_of (&b->date);

      if (i < KEEP_DAILY)
        {
          last_week = week;
          continue;
        }
      if (week != last_week && weeks_kept < KEEP_WEEKLY)
        {
          last_week = week;
          weeks_kept++;
          continue;
        }
      if (g_unlink (b->path) == 0)
        removed++;
      else
        g_warning ("Could not remove the old backup %s: %s", b->path, g_strerror (errno));
    }
  return removed;
}

/* Copies the main database of @src into a new file at @dest_path with the
 * online backup API, leaving it in rollback-journal mode so that it is one
 * self-contained file. */
static gboolean
copy_database (sqlite3     *src,
               const char  *dest_path,
               GError     **error)
{
  sqlite3 *dest = NULL;
  sqlite3_backup *b;
  int rc, busy = 0;

  g_unlink (dest_path);
  rc = sqlite3_open_v2 (dest_path, &dest, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
  if (rc == SQLITE_OK)
    {
      b = sqlite3_backup_init (dest, "main", src, "main");
      if (b == NULL)
        rc = sqlite3_errcode (dest);
      else
        {
          /* In one step: in WAL mode the copy only holds a read snapshot and
           * so never blocks the app's writes. Busy means a writer in
           * rollback mode holds the file; wait for it a little. */
          while ((rc = sqlite3_backup_step (b, -1)) == SQLITE_BUSY || rc == SQLITE_LOCKED)
            {
              if (++busy > 100)
                break;
              g_usleep (50 * 1000);
            }
          sqlite3_backup_finish (b);
          if (rc == SQLITE_DONE)
            rc = sqlite3_exec (dest, "PRAGMA journal_mode = DELETE", NULL, NULL, NULL);
        }
    }
  if (rc != SQLITE_OK)
    {
      g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_IO,
                   _("Could not copy the database to “%s”: %s. Check the disk space and the "
                     "folder's permissions."),
                   dest_path, dest ? sqlite3_errmsg (dest) : sqlite3_errstr (rc));
      sqlite3_close_v2 (dest);
      g_unlink (dest_path);
      return FALSE;
    }
  sqlite3_close_v2 (dest);
  g_chmod (dest_path, 0600);
  return TRUE;
}

static gboolean
make_dir (const char  *dir,
          GError     **error)
{
  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;

      g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_IO,
                   _("Could not create the folder “%s” for backups: %s"), dir,
                   g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

static gboolean
rename_into_place (const char  *from,
                   const char  *to,
                   GError     **error)
{
  if (g_rename (from, to) != 0)
    {
      int saved = errno;

      g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_IO,
                   _("Could not rename “%s” to “%s”: %s"), from, to, g_strerror (saved));
      g_unlink (from);
      return FALSE;
    }
  return TRUE;
}

GjBackup *
gj_backup_make (GjStore      *store,
                const GDate  *today,
                GError      **error)
{
  g_autoptr(GjBackup) backup = g_new0 (GjBackup, 1);
  g_autofree char *dir = NULL;
  g_autofree char *tmp = NULL;
  const char *db_path;

  g_return_val_if_fail (GJ_IS_STORE (store), NULL);
  /* A backup taken inside a transaction would copy its uncommitted half. */
  g_return_val_if_fail (store->tx_depth == 0, NULL);

  db_path = gj_store_get_path (store);
  if (g_str_equal (db_path, ":memory:"))
    {
      g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_IO,
                   _("A database kept in memory has no backups."));
      return NULL;
    }
  if (!gj_store_check (store, error))
    return NULL;

  set_today (&backup->date, today);
  backup->path = backup_path (db_path, &backup->date);
  dir = gj_backup_dir (db_path);
  if (!make_dir (dir, error))
    return NULL;
  /* Written under another name and renamed: a copy cut short never
   * passes for a backup. */
  tmp = g_strconcat (backup->path, ".part", NULL);
  if (!copy_database (store->db, tmp, error) ||
      !rename_into_place (tmp, backup->path, error))
    return NULL;
  gj_backup_prune (db_path);
  return g_steal_pointer (&backup);
}

gboolean
gj_backup_make_if_due (GjStore      *store,
                       const GDate  *today,
                       GjBackup    **made,
                       GError      **error)
{
  g_autofree char *path = NULL;
  GDate date;

  g_return_val_if_fail (GJ_IS_STORE (store), FALSE);

  if (made != NULL)
    *made = NULL;
  if (g_str_equal (gj_store_get_path (store), ":memory:"))
    return TRUE;
  set_today (&date, today);
  path = backup_path (gj_store_get_path (store), &date);
  if (g_file_test (path, G_FILE_TEST_EXISTS))
    return TRUE;
  {
    GjBackup *b = gj_backup_make (store, &date, error);

    if (b == NULL)
      return FALSE;
    if (made != NULL)
      *made = b;
    else
      gj_backup_free (b);
  }
  return TRUE;
}

GjBackup *
gj_backup_find (const char  *db_path,
                const char  *file_or_date,
                GError     **error)
{
  g_autoptr(GPtrArray) list = NULL;
  GDate date;

  g_return_val_if_fail (db_path != NULL, NULL);
  g_return_val_if_fail (file_or_date != NULL, NULL);

  if (parse_date (file_or_date, &date))
    {
      g_autofree char *dir = gj_backup_dir (db_path);

      list = gj_backup_list (db_path);
      for (guint i = 0; i < list->len; i++)
        {
          GjBackup *b = g_ptr_array_index (list, i);

          if (g_date_compare (&b->date, &date) == 0)
            return g_ptr_array_steal_index (list, i);
        }
      g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_NOT_FOUND,
                   _("There is no backup of %s in “%s”. “gongjian-cli backups” lists them."),
                   file_or_date, dir);
      return NULL;
    }
  if (!g_file_test (file_or_date, G_FILE_TEST_IS_REGULAR))
    {
      g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_NOT_FOUND,
                   _("“%s” is neither a backup file nor a date (YYYY-MM-DD) of a backup."),
                   file_or_date);
      return NULL;
    }
  {
    GjBackup *b = g_new0 (GjBackup, 1);
    g_autoptr(GFile) file = g_file_new_for_commandline_arg (file_or_date);
    g_autoptr(GFileInfo) info = g_file_query_info (file, G_FILE_ATTRIBUTE_TIME_MODIFIED,
                                                   G_FILE_QUERY_INFO_NONE, NULL, NULL);

    b->path = g_file_get_path (file);
    g_date_clear (&b->date, 1);
    g_date_set_time_t (&b->date, info ? (time_t) g_file_info_get_attribute_uint64 (
                                          info, G_FILE_ATTRIBUTE_TIME_MODIFIED)
                                      : time (NULL));
    return b;
  }
}

static gboolean
query_int (sqlite3     *db,
           const char  *sql,
           gint64      *out)
{
  sqlite3_stmt *stmt = NULL;
  gboolean ok = FALSE;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    {
      *out = sqlite3_column_int64 (stmt, 0);
      ok = TRUE;
    }
  sqlite3_finalize (stmt);
  return ok;
}

/* The integrity check on a file of its own, read-only. */
static gboolean
file_passes_check (sqlite3 *db)
{
  sqlite3_stmt *stmt = NULL;
  gboolean ok = FALSE;

  if (sqlite3_prepare_v2 (db, "PRAGMA integrity_check(1)", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    ok = g_strcmp0 ((const char *) sqlite3_column_text (stmt, 0), "ok") == 0;
  sqlite3_finalize (stmt);
  return ok;
}

static sqlite3 *
open_read_only (const char *file)
{
  sqlite3 *db = NULL;

  if (sqlite3_open_v2 (file, &db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK)
    {
      sqlite3_close_v2 (db);
      return NULL;
    }
  return db;
}

static gint64
max_version (const char *file)
{
  sqlite3 *db = open_read_only (file);
  sqlite3_stmt *stmt = NULL;
  gint64 v = -1;

  if (db != NULL && sqlite3_prepare_v2 (db, "SELECT max(ver) FROM rowlog", -1, &stmt, NULL) == SQLITE_OK &&
      sqlite3_step (stmt) == SQLITE_ROW)
    v = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  sqlite3_close_v2 (db);
  return v;
}

/* Peers keep how far they have read this device's changes by its local
 * version, which a restored backup would count again from an older
 * number: its next edits would then be below what peers have read and
 * never reach them. The restored file starts above every version the
 * replaced one handed out (or, when that one cannot be read, far above). */
static gboolean
set_version_floor (const char  *restored,
                   const char  *replaced,
                   GError     **error)
{
  gint64 old = g_file_test (replaced, G_FILE_TEST_EXISTS) ? max_version (replaced) : 0;
  gint64 floor;
  sqlite3 *db = NULL;
  sqlite3_stmt *stmt = NULL;
  char text[32];
  int rc;

  floor = old >= 0 ? old : MAX (max_version (restored), 0) + G_GINT64_CONSTANT (1000000000);
  g_snprintf (text, sizeof text, "%" G_GINT64_FORMAT, floor);
  rc = sqlite3_open_v2 (restored, &db, SQLITE_OPEN_READWRITE, NULL);
  if (rc == SQLITE_OK)
    rc = sqlite3_prepare_v2 (db, "INSERT OR REPLACE INTO meta (key, value) VALUES ('version_floor', ?)",
                             -1, &stmt, NULL);
  if (rc == SQLITE_OK)
    {
      sqlite3_bind_text (stmt, 1, text, -1, SQLITE_STATIC);
      rc = sqlite3_step (stmt) == SQLITE_DONE ? SQLITE_OK : sqlite3_errcode (db);
    }
  sqlite3_finalize (stmt);
  sqlite3_close_v2 (db);
  if (rc != SQLITE_OK)
    {
      g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_IO,
                   _("Could not prepare the restored copy “%s”."), restored);
      return FALSE;
    }
  return TRUE;
}

gboolean
gj_backup_verify (const char  *file,
                  GError     **error)
{
  sqlite3 *db;
  gint64 app_id = 0, version = 0;
  gboolean ok;
  GStatBuf st;

  g_return_val_if_fail (file != NULL, FALSE);

  if (g_stat (file, &st) != 0 || !S_ISREG (st.st_mode) || st.st_size == 0 ||
      (db = open_read_only (file)) == NULL)
    {
      g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_NOT_DATABASE,
                   _("“%s” is not a Gongjian backup: it is missing, empty or unreadable."), file);
      return FALSE;
    }
  ok = query_int (db, "PRAGMA application_id", &app_id) &&
       query_int (db, "PRAGMA user_version", &version) &&
       app_id == GJ_STORE_APPLICATION_ID && version >= 1;
  if (!ok)
    {
      sqlite3_close_v2 (db);
      g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_NOT_DATABASE,
                   _("“%s” is not a Gongjian backup: it is not a Gongjian database."), file);
      return FALSE;
    }
  if (version > GJ_STORE_MIGRATION_VERSION)
    {
      sqlite3_close_v2 (db);
      g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_NEWER_SCHEMA,
                   _("The backup “%s” was written by a newer version of Gongjian. Update "
                     "Gongjian to restore it."), file);
      return FALSE;
    }
  ok = file_passes_check (db);
  sqlite3_close_v2 (db);
  if (!ok)
    {
      g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_CORRUPT,
                   _("The backup “%s” is damaged too. Choose an older backup."), file);
      return FALSE;
    }
  return TRUE;
}

/* Makes @to name the file @from names, keeping @from: a hard link where
 * the file system has them, a copy where it does not. */
static gboolean
keep_as (const char  *from,
         const char  *to,
         GError     **error)
{
  g_autoptr(GFile) src = NULL;
  g_autoptr(GFile) dest = NULL;

  if (link (from, to) == 0)
    return TRUE;
  src = g_file_new_for_path (from);
  dest = g_file_new_for_path (to);
  if (!g_file_copy (src, dest, G_FILE_COPY_NONE, NULL, NULL, NULL, error))
    return FALSE;
  return TRUE;
}

/* Whether the database now in place is damaged, to name the file it is
 * moved to: the marker says so, or the integrity check. */
static gboolean
current_is_damaged (const char *db_path)
{
  g_autofree char *marker = gj_store_damage_marker (db_path);
  sqlite3 *db;
  gboolean ok;

  if (g_file_test (marker, G_FILE_TEST_EXISTS))
    return TRUE;
  if ((db = open_read_only (db_path)) == NULL)
    return TRUE;
  ok = file_passes_check (db);
  sqlite3_close_v2 (db);
  return !ok;
}

gboolean
gj_backup_restore (const char  *db_path,
                   const char  *backup_file,
                   char       **moved_to,
                   GError     **error)
{
  g_autofree char *dir = NULL;
  g_autofree char *stem = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *aside = NULL;
  g_autofree char *wal = NULL;
  g_autofree char *shm = NULL;
  g_autofree char *marker = NULL;
  sqlite3 *src;
  gboolean ok;

  g_return_val_if_fail (db_path != NULL, FALSE);
  g_return_val_if_fail (backup_file != NULL, FALSE);

  if (moved_to != NULL)
    *moved_to = NULL;
  if (!gj_backup_verify (backup_file, error))
    return FALSE;

  dir = g_path_get_dirname (db_path);
  stem = stem_of (db_path);
  wal = g_strconcat (db_path, "-wal", NULL);
  shm = g_strconcat (db_path, "-shm", NULL);
  marker = gj_store_damage_marker (db_path);
  if (!make_dir (dir, error))
    return FALSE;

  /* First the copy, beside the database so that the final rename stays
   * on one file system. */
  tmp = g_strconcat (db_path, ".restoring", NULL);
  if ((src = open_read_only (backup_file)) == NULL)
    {
      g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_IO,
                   _("Could not read the backup “%s”."), backup_file);
      return FALSE;
    }
  ok = copy_database (src, tmp, error);
  sqlite3_close_v2 (src);
  if (!ok || !set_version_floor (tmp, db_path, error))
    {
      g_unlink (tmp);
      return FALSE;
    }

  if (g_file_test (db_path, G_FILE_TEST_EXISTS))
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      g_autofree char *stamp = g_date_time_format (now, "%Y%m%d-%H%M%S");
      g_autofree char *name = g_strdup_printf (current_is_damaged (db_path)
                                               ? "%s-damaged-%s.db" : "%s-replaced-%s.db",
                                               stem, stamp);

      aside = g_build_filename (dir, name, NULL);
      /* The old file and its log are kept under the new name before
       * anything is removed, and its log goes before the new file comes:
       * a log left beside the restored file would be replayed into it. */
      if (!keep_as (db_path, aside, error))
        {
          g_unlink (tmp);
          return FALSE;
        }
      if (g_file_test (wal, G_FILE_TEST_EXISTS))
        {
          g_autofree char *aside_wal = g_strconcat (aside, "-wal", NULL);

          if (!keep_as (wal, aside_wal, error))
            {
              g_unlink (tmp);
              g_unlink (aside);
              return FALSE;
            }
          g_unlink (wal);
        }
      g_unlink (shm);
    }
  if (!rename_into_place (tmp, db_path, error))
    return FALSE;
  g_unlink (marker);
  g_chmod (db_path, 0600);
  if (moved_to != NULL)
    *moved_to = g_steal_pointer (&aside);
  return TRUE;
}
