/* test-backup.c: damaged files are found and refused; backups and restore
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "gj-backup.h"
#include "gj-data-error.h"
#include "gj-demo.h"
#include "gj-store-sync.h"
#include "gj-store.h"

static char *test_dir;

/* A fresh folder per case: backups are found by the folder's contents. */
static char *
case_dir (const char *name)
{
  char *dir = g_build_filename (test_dir, name, NULL);

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  return dir;
}

static void
remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR))
        remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

static GDate *
date (guint y, guint m, guint d)
{
  return g_date_new_dmy (d, m, y);
}

static GjStore *
open_demo (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDate) today = date (2026, 12, 1);
  GjStore *store = gj_store_open (path, &error);

  g_assert_no_error (error);
  gj_demo_load (store, 7, today, &error);
  g_assert_no_error (error);
  return store;
}

static gboolean
add_district (GjStore  *store,
              GError  **error)
{
  g_autoptr(GjRecord) rec = gj_record_new_for ("district");

  if (!gj_record_parse (rec, "name", "清源区", error))
    return FALSE;
  return gj_store_insert (store, rec, error);
}

/* Flips the bytes of a b-tree page header of @table's root page, as a bad
 * sector or a cut copy would: SQLite opens the file without reading it. */
static void
flip_table_page (const char *path,
                 const char *table)
{
  g_autofree char *sql = g_strdup_printf ("SELECT rootpage FROM sqlite_schema WHERE name = '%s'",
                                          table);
  g_autofree char *bytes = NULL;
  sqlite3 *db;
  sqlite3_stmt *stmt;
  gint64 root, page_size;
  gsize len;
  GError *error = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_prepare_v2 (db, "PRAGMA page_size", -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  page_size = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  g_assert_cmpint (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  root = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  /* Everything out of the write-ahead log, so that the file holds it. */
  sqlite3_exec (db, "PRAGMA wal_checkpoint(TRUNCATE)", NULL, NULL, NULL);
  sqlite3_close (db);

  g_file_get_contents (path, &bytes, &len, &error);
  g_assert_no_error (error);
  g_assert_cmpint ((gint64) len, >=, root * page_size);
  for (guint i = 1; i <= 6; i++)
    bytes[(root - 1) * page_size + i] ^= 0x5a;
  g_file_set_contents (path, bytes, len, &error);
  g_assert_no_error (error);
}

static gint64
count (GjStore    *store,
       const char *kind)
{
  g_autoptr(GError) error = NULL;
  gint64 n = gj_store_count (store, gj_schema_lookup (kind), NULL, &error);

  g_assert_no_error (error);
  return n;
}

static void
test_damage_refused (void)
{
  g_autofree char *dir = case_dir ("damage");
  g_autofree char *path = g_build_filename (dir, "gongjian.db", NULL);
  g_autoptr(GDate) day = date (2026, 12, 1);
  g_autoptr(GError) error = NULL;
  g_autoptr(GjBackup) backup = NULL;
  g_autofree char *moved = NULL;
  GjStore *store;
  gint64 volunteers;

  /* Without a backup, the message sends the person to the server. */
  store = open_demo (path);
  volunteers = count (store, "volunteer");
  g_object_unref (store);
  flip_table_page (path, "volunteer");

  store = gj_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_false (gj_store_is_damaged (store));
  g_assert_false (gj_store_check (store, &error));
  g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_DAMAGED);
  g_assert_nonnull (strstr (error->message, "no backup"));
  g_assert_nonnull (strstr (error->message, "district server"));
  g_clear_error (&error);
  g_assert_true (gj_store_is_damaged (store));

  g_assert_false (add_district (store, &error));
  g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_DAMAGED);
  g_clear_error (&error);
  g_assert_false (gj_store_set_meta (store, "street", "x", &error));
  g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_DAMAGED);
  g_clear_error (&error);

  /* Another connection, as the app's reader or the next CLI run, is told
   * by the marker, without a check of its own. */
  {
    g_autoptr(GjStore) other = gj_store_open (path, &error);

    g_assert_no_error (error);
    g_assert_true (gj_store_is_damaged (other));
    g_assert_false (add_district (other, &error));
    g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_DAMAGED);
    g_clear_error (&error);
  }

  /* A damaged file is never backed up. */
  g_assert_null (gj_backup_make (store, day, &error));
  g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_DAMAGED);
  g_clear_error (&error);
  g_assert_null (gj_backup_latest (path));
  g_object_unref (store);

  /* With a backup, the message names its date, and it restores. */
  g_unlink (path);
  {
    g_autofree char *marker = g_strconcat (path, "-damaged", NULL);

    g_unlink (marker);
  }
  store = open_demo (path);
  backup = gj_backup_make (store, day, &error);
  g_assert_no_error (error);
  g_assert_true (g_str_has_suffix (backup->path, "gongjian-2026-12-01.db"));
  g_object_unref (store);
  flip_table_page (path, "volunteer");

  store = gj_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_false (gj_store_check (store, &error));
  g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_DAMAGED);
  g_assert_nonnull (strstr (error->message, "2026-12-01"));
  g_clear_error (&error);
  g_object_unref (store);

  g_assert_true (gj_backup_restore (path, backup->path, &moved, &error));
  g_assert_no_error (error);
  g_assert_nonnull (moved);
  g_assert_nonnull (strstr (moved, "gongjian-damaged-"));
  g_assert_true (g_file_test (moved, G_FILE_TEST_IS_REGULAR));

  store = gj_store_open (path, &error);
  g_assert_no_error (error);
  g_assert_false (gj_store_is_damaged (store));
  g_assert_true (gj_store_check (store, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (store, "volunteer"), ==, volunteers);
  g_assert_true (add_district (store, &error));
  g_assert_no_error (error);
  g_object_unref (store);
}

/* Any damaged page met by a read marks the store, not only the check. */
static void
test_damage_on_read (void)
{
  g_autofree char *dir = case_dir ("read");
  g_autofree char *path = g_build_filename (dir, "gongjian.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GjStore) store = open_demo (path);
  g_autoptr(GPtrArray) list = NULL;

  g_clear_object (&store);
  flip_table_page (path, "volunteer");
  store = gj_store_open (path, &error);
  g_assert_no_error (error);
  list = gj_store_list (store, gj_schema_lookup ("volunteer"), NULL, &error);
  g_assert_null (list);
  g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_DAMAGED);
  g_clear_error (&error);
  g_assert_true (gj_store_is_damaged (store));
  g_assert_false (add_district (store, &error));
  g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_DAMAGED);
}

static void
test_zero_length (void)
{
  g_autofree char *dir = case_dir ("empty");
  g_autofree char *path = g_build_filename (dir, "gongjian.db", NULL);
  g_autofree char *missing = g_build_filename (dir, "new.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GjStore) store = NULL;
  GStatBuf st;

  g_assert_true (g_file_set_contents (path, "", 0, NULL));
  store = gj_store_open (path, &error);
  g_assert_null (store);
  g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_NOT_DATABASE);
  g_assert_nonnull (strstr (error->message, "empty"));
  g_clear_error (&error);
  g_assert_cmpint (g_stat (path, &st), ==, 0);
  g_assert_cmpint (st.st_size, ==, 0);

  /* Only a path with nothing there becomes a new database. */
  store = gj_store_open (missing, &error);
  g_assert_no_error (error);
  g_assert_nonnull (store);
}

static void
test_make_list_prune (void)
{
  g_autofree char *dir = case_dir ("prune");
  g_autofree char *path = g_build_filename (dir, "station.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GjStore) store = gj_store_open (path, &error);
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GDate) day = date (2026, 10, 1);
  GjBackup *made = NULL;

  g_assert_no_error (error);
  g_assert_true (add_district (store, &error));
  g_assert_no_error (error);

  /* Sixty days of daily use, one backup a day however often asked. */
  for (guint i = 0; i < 60; i++)
    {
      g_assert_true (gj_backup_make_if_due (store, day, &made, &error));
      g_assert_no_error (error);
      g_assert_nonnull (made);
      gj_backup_free (made);
      g_assert_true (gj_backup_make_if_due (store, day, &made, &error));
      g_assert_null (made);
      g_date_add_days (day, 1);
    }

  /* The last day is 29 November 2026, a Sunday. Kept: the 7 days from
   * the 23rd to the 29th, then the newest of each of four earlier weeks:
   * the Sundays 22, 15, 8 and 1 November. */
  list = gj_backup_list (path);
  g_assert_cmpuint (list->len, ==, 11);
  {
    static const char *expected[] = {
      "2026-11-29", "2026-11-28", "2026-11-27", "2026-11-26", "2026-11-25", "2026-11-24",
      "2026-11-23", "2026-11-22", "2026-11-15", "2026-11-08", "2026-11-01",
    };

    for (guint i = 0; i < list->len; i++)
      {
        g_autofree char *d = gj_backup_format_date (g_ptr_array_index (list, i));

        g_assert_cmpstr (d, ==, expected[i]);
      }
  }
  {
    g_autoptr(GjBackup) latest = gj_backup_latest (path);
    g_autoptr(GjBackup) found = gj_backup_find (path, "2026-11-15", &error);

    g_assert_no_error (error);
    g_assert_true (g_str_has_suffix (latest->path, "backups/station-2026-11-29.db"));
    g_assert_true (g_str_has_suffix (found->path, "station-2026-11-15.db"));
    g_assert_true (gj_backup_verify (found->path, &error));
    g_assert_no_error (error);
    g_assert_null (gj_backup_find (path, "2026-11-16", &error));
    g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_NOT_FOUND);
    g_clear_error (&error);
  }
}

static void
test_restore_round_trip (void)
{
  g_autofree char *dir = case_dir ("round");
  g_autofree char *path = g_build_filename (dir, "gongjian.db", NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GjStore) store = open_demo (path);
  g_autoptr(GjBackup) backup = NULL;
  g_autofree char *dump = NULL;
  g_autofree char *moved = NULL;
  g_autofree char *site = g_strdup (gj_store_get_site_id (store));
  gint64 before_restore;

  backup = gj_backup_make (store, NULL, &error);
  g_assert_no_error (error);
  dump = gj_store_dump (store, &error);
  g_assert_no_error (error);
  /* A change after the backup, still in the write-ahead log. */
  g_assert_true (add_district (store, &error));
  before_restore = gj_store_get_version (store);
  g_clear_object (&store);

  g_assert_true (gj_backup_restore (path, backup->path, &moved, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (moved, "gongjian-replaced-"));

  store = gj_store_open (path, &error);
  g_assert_no_error (error);
  {
    g_autofree char *again = gj_store_dump (store, &error);

    g_assert_cmpstr (again, ==, dump);
  }
  g_assert_cmpstr (gj_store_get_site_id (store), ==, site);
  /* Peers have read this device up to the replaced file's last version:
   * an edit after the restore is numbered above it, or they would never
   * ask for it. */
  g_assert_cmpint (gj_store_get_version (store), >=, before_restore);
  g_assert_true (add_district (store, &error));
  g_assert_cmpint (gj_store_get_version (store), >, before_restore);
  g_clear_object (&store);

  /* The file moved aside still has the change made after the backup. */
  store = gj_store_open (moved, &error);
  g_assert_no_error (error);
  g_assert_cmpint (count (store, "district"), ==, 2);
}

static void
test_restore_refuses (void)
{
  g_autofree char *dir = case_dir ("refuse");
  g_autofree char *path = g_build_filename (dir, "gongjian.db", NULL);
  g_autofree char *text = g_build_filename (dir, "notes.db", NULL);
  g_autofree char *empty = g_build_filename (dir, "empty.db", NULL);
  g_autofree char *other = g_build_filename (dir, "other.db", NULL);
  const char *bad[] = { text, empty, other };
  g_autoptr(GError) error = NULL;
  g_autoptr(GjStore) store = open_demo (path);
  g_autofree char *dump = gj_store_dump (store, &error);
  sqlite3 *db;

  g_clear_object (&store);
  g_file_set_contents (text, "Not a database, but long enough to be taken for one by a hasty "
                       "reader of file names.", -1, NULL);
  g_file_set_contents (empty, "", 0, NULL);
  g_assert_cmpint (sqlite3_open (other, &db), ==, SQLITE_OK);
  sqlite3_exec (db, "CREATE TABLE x (a); INSERT INTO x VALUES (1);", NULL, NULL, NULL);
  sqlite3_close (db);

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *moved = NULL;

      g_assert_false (gj_backup_restore (path, bad[i], &moved, &error));
      g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_NOT_DATABASE);
      g_assert_nonnull (strstr (error->message, "not a Gongjian backup"));
      g_clear_error (&error);
      g_assert_null (moved);
    }
  store = gj_store_open (path, &error);
  g_assert_no_error (error);
  {
    g_autofree char *again = gj_store_dump (store, &error);

    g_assert_cmpstr (again, ==, dump);
  }
}

int
main (int   argc,
      char *argv[])
{
  int rc;

  g_test_init (&argc, &argv, NULL);
  test_dir = g_dir_make_tmp ("gj-test-backup-XXXXXX", NULL);
  g_assert_nonnull (test_dir);

  g_test_add_func ("/backup/damage-refused", test_damage_refused);
  g_test_add_func ("/backup/damage-on-read", test_damage_on_read);
  g_test_add_func ("/backup/zero-length", test_zero_length);
  g_test_add_func ("/backup/make-list-prune", test_make_list_prune);
  g_test_add_func ("/backup/restore-round-trip", test_restore_round_trip);
  g_test_add_func ("/backup/restore-refuses", test_restore_refuses);

  rc = g_test_run ();
  remove_tree (test_dir);
  g_free (test_dir);
  return rc;
}
