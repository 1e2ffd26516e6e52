/* gj-file-limits.h: sizes in words, and the disk floor every receiver keeps
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gj-blob-store.h"

G_BEGIN_DECLS

/* Who would write the bytes, for the sentence of a refusal. */
typedef enum
{
  GJ_FILE_RECEIVER_SERVER,   /* the district server, sent a file */
  GJ_FILE_RECEIVER_LAPTOP,   /* a laptop that listens, sent a file by a colleague */
  GJ_FILE_RECEIVER_FETCHING, /* this laptop, fetching a file */
} GjFileReceiver;

/* A size as people read it, in the units `gongjian-server limits` takes:
 * MB of 1,048,576 bytes, GB from 1,024 MB, rounded up so that a file just
 * over a limit never reads as equal to it. */
char     *gj_file_format_size     (gint64           bytes) G_GNUC_WARN_UNUSED_RESULT;

/* Whether @remaining more bytes of a file may be written into @blobs and
 * still leave the disk floor free; if not, sets @error
 * (G_IO_ERROR_NO_SPACE) with a sentence for @receiver that names the
 * sizes. A disk whose free space cannot be read is not judged. */
gboolean  gj_file_check_room      (GjBlobStore     *blobs,
                                   gint64           remaining,
                                   GjFileReceiver   receiver,
                                   GError         **error);

G_END_DECLS
