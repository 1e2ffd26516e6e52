/* gj-cli-backup.c: backups, restoring one, and the checks around writes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gongjian-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "gj-backup.h"
#include "gj-cli-private.h"

int
gj_cli_backup (GjCli *cli)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GjBackup) backup = NULL;

  if (cli->argc != 0)
    return gj_cli_usage_error (_("backup takes no arguments"));
  if (!(backup = gj_backup_make (cli->store, NULL, &error)))
    return gj_cli_fail (error);
  g_print ("%s\n", backup->path);
  return 0;
}

int
gj_cli_backups (GjCli *cli)
{
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *dir = gj_backup_dir (cli->db);

  if (cli->argc != 0)
    return gj_cli_usage_error (_("backups takes no arguments"));
  list = gj_backup_list (cli->db);
  for (guint i = 0; i < list->len; i++)
    {
      GjBackup *b = g_ptr_array_index (list, i);
      g_autofree char *date = gj_backup_format_date (b);

      g_print ("%s  %s\n", date, b->path);
    }
  if (list->len == 0)
    g_print (_("No backups in “%s” yet; “gongjian-cli backup” makes one.\n"), dir);
  return 0;
}

int
gj_cli_restore (GjCli *cli)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GjBackup) backup = NULL;
  g_autofree char *moved = NULL;
  g_autofree char *date = NULL;

  if (cli->argc != 1)
    return gj_cli_usage_error (_("restore needs the DATE (YYYY-MM-DD) of a backup or its FILE "
                                 "(see “gongjian-cli backups”)"));
  if (!(backup = gj_backup_find (cli->db, cli->argv[0], &error)) ||
      !gj_backup_restore (cli->db, backup->path, &moved, &error))
    return gj_cli_fail (error);
  date = gj_backup_format_date (backup);
  g_print (_("Restored the backup of %s (“%s”) as “%s”.\n"), date, backup->path, cli->db);
  if (moved != NULL)
    g_print (_("The file it replaced was kept as “%s”.\n"), moved);
  g_print ("%s\n", _("Sync now to get back what others changed since that backup."));
  return 0;
}

/* Before a command that may write: a damaged file is refused before
 * anything is written to it. */
gboolean
gj_cli_check_before_write (GjCli *cli)
{
  g_autoptr(GError) error = NULL;

  if (!gj_store_check (cli->store, &error))
    {
      gj_cli_fail (error);
      return FALSE;
    }
  return TRUE;
}

/* The daily backup, once a command wrote: one stat when today's exists. A
 * backup that fails is said, but the command's own result stands. */
void
gj_cli_backup_after_write (GjCli *cli,
                           int    rc)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GjBackup) made = NULL;

  if (rc != 0)
    return;
  if (!gj_backup_make_if_due (cli->store, NULL, &made, &error))
    g_printerr (_("gongjian-cli: today's backup was not made: %s\n"), error->message);
}
