/* gj-test-store.h: stores for the data and sync tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib/gstdio.h>
#include <stdarg.h>

#include "gj-demo.h"
#include "gj-store.h"

G_BEGIN_DECLS

static inline GjStore *
gj_test_store_new (void)
{
  g_autoptr(GError) error = NULL;
  GjStore *store = gj_store_open (":memory:", &error);

  g_assert_no_error (error);
  return store;
}

/* Inserts a record of @kind from field, value pairs (values as people
 * type them) ending with NULL; returns its id. */
static inline G_GNUC_NULL_TERMINATED char *
gj_test_add (GjStore    *store,
             const char *kind,
             ...)
{
  g_autoptr(GjRecord) rec = gj_record_new_for (kind);
  g_autoptr(GError) error = NULL;
  va_list ap;
  const char *field;

  va_start (ap, kind);
  while ((field = va_arg (ap, const char *)))
    {
      const char *value = va_arg (ap, const char *);

      gj_record_parse (rec, field, value, &error);
      g_assert_no_error (error);
    }
  va_end (ap);
  gj_store_insert (store, rec, &error);
  g_assert_no_error (error);
  return g_strdup (rec->id);
}

/* An in-memory store with demo data @seed as of 1 December 2026. */
static inline GjStore *
gj_test_demo_store (guint seed)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDate) today = g_date_new_dmy (1, 12, 2026);
  GjStore *store = gj_test_store_new ();

  g_assert_true (gj_demo_load (store, seed, today, &error));
  g_assert_no_error (error);
  return store;
}

/* The path of a database file not made yet, in a new temporary folder
 * (*@dir), for tests that close and reopen it. */
static inline char *
gj_test_db_path (char **dir)
{
  *dir = g_dir_make_tmp ("gj-test-XXXXXX", NULL);
  g_assert_nonnull (*dir);
  return g_build_filename (*dir, "gongjian.db", NULL);
}

/* Removes the folder @path and everything in it; a symbolic link is
 * removed, never followed. */
static inline void
gj_test_remove_tree (const char *path)
{
  g_autoptr(GDir) dir = g_dir_open (path, 0, NULL);
  const char *name;

  while (dir != NULL && (name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *child = g_build_filename (path, name, NULL);

      if (g_file_test (child, G_FILE_TEST_IS_DIR) && !g_file_test (child, G_FILE_TEST_IS_SYMLINK))
        gj_test_remove_tree (child);
      else
        g_unlink (child);
    }
  g_rmdir (path);
}

/* Removes what gj_test_db_path() made, with what SQLite and the store
 * put beside the file. */
static inline void
gj_test_db_remove (const char *dir,
                   const char *path)
{
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  g_autofree char *shm = g_strconcat (path, "-shm", NULL);
  g_autofree char *backups = g_build_filename (dir, "backups", NULL);

  g_remove (path);
  g_remove (wal);
  g_remove (shm);
  g_rmdir (backups);
  g_rmdir (dir);
}

G_END_DECLS
