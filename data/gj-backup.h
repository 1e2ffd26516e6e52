/* gj-backup.h: rolling daily backups of the database, and restoring one
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gj-store.h"

G_BEGIN_DECLS

/* One backup file: backups/<name>-YYYY-MM-DD.db beside the database, where
 * <name> is the database's file name without ".db". */
typedef struct
{
  char  *path;
  GDate  date;
} GjBackup;

void        gj_backup_free         (GjBackup *backup);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GjBackup, gj_backup_free)

/* "2026-12-01": how messages and the CLI name a backup. */
char       *gj_backup_format_date  (const GjBackup *backup) G_GNUC_WARN_UNUSED_RESULT;

/* The folder of the backups of the database at @db_path. */
char       *gj_backup_dir          (const char *db_path) G_GNUC_WARN_UNUSED_RESULT;

/* Copies @store with SQLite's online backup API into the backup of @today
 * (NULL: the local date), replacing one made earlier that day, then prunes.
 * Runs gj_store_check() first: a damaged database is never backed up, since
 * it would push the last good backup out. Blocking: call it from a worker
 * thread with a store opened there. */
GjBackup   *gj_backup_make         (GjStore      *store,
                                    const GDate  *today,
                                    GError      **error) G_GNUC_WARN_UNUSED_RESULT;

/* As gj_backup_make(), but only if there is no backup of @today yet: the
 * cheap check (one stat) that callers make after every start or write.
 * *@made is the new backup, or NULL when none was due. */
gboolean    gj_backup_make_if_due  (GjStore      *store,
                                    const GDate  *today,
                                    GjBackup    **made,
                                    GError      **error);

/* The backups of the database at @db_path, newest first (GjBackup*). */
GPtrArray  *gj_backup_list         (const char *db_path) G_GNUC_WARN_UNUSED_RESULT;
GjBackup   *gj_backup_latest       (const char *db_path) G_GNUC_WARN_UNUSED_RESULT;

/* Keeps the 7 newest backups and, older than those, the newest of each of
 * the 4 latest weeks that have one; removes the rest. Returns how many it
 * removed. */
guint       gj_backup_prune        (const char *db_path);

/* A backup named by its date ("2026-12-01") or by its file's path. */
GjBackup   *gj_backup_find         (const char  *db_path,
                                    const char  *file_or_date,
                                    GError     **error) G_GNUC_WARN_UNUSED_RESULT;

/* TRUE if @file is a Gongjian database that this version can open and that
 * passes SQLite's integrity check. */
gboolean    gj_backup_verify       (const char  *file,
                                    GError     **error);

/* Puts @backup_file in place of the database at @db_path after verifying
 * it. The current file is not deleted: it is moved aside, beside the
 * database, as <name>-damaged-<time>.db (or <name>-replaced-<time>.db when
 * it was sound), with its write-ahead log; *@moved_to says where (NULL if
 * there was no file). The new file appears under the database's name in
 * one rename. Every connection to the database must be closed first, or
 * closed right after without writing: the app quits. */
gboolean    gj_backup_restore      (const char  *db_path,
                                    const char  *backup_file,
                                    char       **moved_to,
                                    GError     **error);

G_END_DECLS
