/* gj-file-limits.c: sizes in words, and the disk floor every receiver keeps
 *
 * A laptop that listens takes files from its paired colleagues, and a
 * colleague's laptop (or a stolen one) needs only records that name
 * arbitrary hashes to send it file after file. The largest file and the
 * street's quota bound what one request and one street take on the
 * district server; the floor bounds what all of them together take of
 * any receiver's disk, so that the database beside the files, and the
 * system, can still write. It is judged on the bytes still to come,
 * before the first of them is taken.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-file-exchange"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gj-file-exchange.h"
#include "gj-file-limits.h"

char *
gj_file_format_size (gint64 bytes)
{
  const gint64 mb = 1024 * 1024;
  gint64 unit = bytes >= 1024 * mb ? 1024 * mb : mb;
  /* Sizes too large to multiply by ten are whole GB to a person anyway. */
  gint64 tenths = bytes > (G_MAXINT64 - unit) / 10 ? bytes / unit * 10
                                                   : (bytes * 10 + unit - 1) / unit;
  if (tenths % 10 == 0)
    return g_strdup_printf (unit == mb ? "%" G_GINT64_FORMAT " MB" : "%" G_GINT64_FORMAT " GB",
                            tenths / 10);
  return g_strdup_printf (unit == mb ? "%" G_GINT64_FORMAT ".%d MB" : "%" G_GINT64_FORMAT ".%d GB",
                          tenths / 10, (int) (tenths % 10));
}

/* What a receiver keeps free on a disk of @disk_bytes (gj-file-exchange.h
 * GJ_FILE_DISK_FLOOR_*). */
static gint64
disk_floor (gint64 disk_bytes)
{
  return CLAMP (disk_bytes / 100 * GJ_FILE_DISK_FLOOR_PERCENT, GJ_FILE_DISK_FLOOR_MIN,
                GJ_FILE_DISK_FLOOR_MAX);
}

gboolean
gj_file_check_room (GjBlobStore     *blobs,
                    gint64           remaining,
                    GjFileReceiver   receiver,
                    GError         **error)
{
  g_autoptr(GError) local = NULL;
  g_autofree char *has = NULL;
  g_autofree char *more = NULL;
  g_autofree char *keeps = NULL;
  gint64 free_bytes, disk_bytes, floor;

  g_return_val_if_fail (GJ_IS_BLOB_STORE (blobs), FALSE);
  g_return_val_if_fail (remaining >= 0, FALSE);

  /* A file system that cannot say how full it is still reports a full
   * disk when a chunk is written; refusing every file would help no one. */
  if (!gj_blob_store_disk_space (blobs, &free_bytes, &disk_bytes, &local))
    {
      g_debug ("free space not judged: %s", local->message);
      return TRUE;
    }
  floor = disk_floor (disk_bytes);
  if (free_bytes - remaining >= floor)
    return TRUE;
  has = gj_file_format_size (free_bytes);
  more = gj_file_format_size (remaining);
  keeps = gj_file_format_size (floor);
  switch (receiver)
    {
    case GJ_FILE_RECEIVER_SERVER:
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                   _("The district server's disk has %s free; receiving %s more would leave less "
                     "than the %s it keeps free. Ask the district administrator to free space; "
                     "the file is sent again at the next sync"), has, more, keeps);
      break;
    case GJ_FILE_RECEIVER_LAPTOP:
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                   _("The receiving laptop's disk has %s free; receiving %s more would leave less "
                     "than the %s it keeps free. Its user should free some space; the file is "
                     "sent again at the next sync"), has, more, keeps);
      break;
    case GJ_FILE_RECEIVER_FETCHING:
    default:
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE,
                   _("This laptop's disk has %s free; fetching %s more would leave less than the "
                     "%s it keeps free. Free some space, then fetch the file again"),
                   has, more, keeps);
      break;
    }
  return FALSE;
}
