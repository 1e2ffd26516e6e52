/* gj-open-copies.c: the copies of attached files made for opening them
 *
 * An attached file is opened from a copy named after the attachment (the
 * store names files by hash, and a viewer that saved over the store's file
 * would make it disagree with its hash). The copies are the user's only
 * while a viewer has them open; they are swept once they are a day old.
 * A copy's time is when it was last written: GIO's copy gives it the
 * time of copying, and a viewer that saved into it made it newer.
 *
 * The sweep works through directory descriptors (openat, fstatat,
 * unlinkat with AT_SYMLINK_NOFOLLOW and O_NOFOLLOW), so that a symbolic
 * link put in the folder, or swapped for a folder while it runs, leads
 * nowhere outside it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-open-copies"

#include "config.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gj-data-error.h"
#include "gj-open-copies.h"

char *
gj_open_copies_dir (void)
{
  return g_build_filename (g_get_user_cache_dir (), "gongjian", "open", NULL);
}

static DIR *
open_dir_at (int         parent,
             const char *name)
{
  int fd = openat (parent, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
  DIR *dir;

  if (fd < 0)
    return NULL;
  if (!(dir = fdopendir (fd)))
    close (fd);
  return dir;
}

/* Removes the old regular files in @dir, and, with @descend, the old ones
 * in its folders and those folders once empty. */
static guint
sweep_dir (DIR      *dir,
           gint64    made_before,
           gboolean  descend)
{
  int fd = dirfd (dir);
  struct dirent *entry;
  guint removed = 0;

  while ((entry = readdir (dir)) != NULL)
    {
      const char *name = entry->d_name;
      struct stat st;

      if (g_str_equal (name, ".") || g_str_equal (name, "..") ||
          fstatat (fd, name, &st, AT_SYMLINK_NOFOLLOW) != 0)
        continue;
      if (S_ISREG (st.st_mode) && (gint64) st.st_mtime < made_before)
        {
          if (unlinkat (fd, name, 0) == 0)
            removed++;
          else
            g_debug ("opened copy %s kept: %s", name, g_strerror (errno));
        }
      else if (S_ISDIR (st.st_mode) && descend)
        {
          DIR *sub = open_dir_at (fd, name);

          if (sub == NULL)
            continue;
          removed += sweep_dir (sub, made_before, FALSE);
          closedir (sub);
          /* Fails, as it should, for a folder that still holds a copy. */
          unlinkat (fd, name, AT_REMOVEDIR);
        }
    }
  return removed;
}

gboolean
gj_open_copies_sweep (const char  *dir,
                      gint64       made_before,
                      guint       *n_removed,
                      GError     **error)
{
  DIR *top;
  guint removed;

  g_return_val_if_fail (dir != NULL, FALSE);

  if (n_removed != NULL)
    *n_removed = 0;
  if (!(top = open_dir_at (AT_FDCWD, dir)))
    {
      int saved = errno;

      if (saved == ENOENT)
        return TRUE;
      gj_data_error_set (error, GJ_DATA_ERROR_IO, NULL,
                         _("The folder of opened attachments “%s” could not be read: %s. Copies "
                           "in it stay until it can be"), dir, g_strerror (saved));
      return FALSE;
    }
  removed = sweep_dir (top, made_before, TRUE);
  closedir (top);
  if (n_removed != NULL)
    *n_removed = removed;
  return TRUE;
}
