/* gj-thumbnail.h: small pictures of attached files, cached
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

/* Makes (or finds in the cache) a PNG thumbnail of at most @size × @size
 * pixels of the file at @path whose content hash is @sha256 and whose
 * type is @mime_type: a photo scaled with its EXIF orientation applied
 * (gdk-pixbuf), a PDF's first page (poppler). The cache is
 * $XDG_CACHE_HOME/gongjian/thumbnails/<sha256>-<size>.png, written
 * atomically. Blocking: call it from a worker thread. Returns the PNG's
 * path, or NULL with an error for a type that has no thumbnail
 * (G_IO_ERROR_NOT_SUPPORTED: the caller shows the type's icon) or a file
 * that cannot be read. */
char *gj_thumbnail_get (const char  *path,
                        const char  *sha256,
                        const char  *mime_type,
                        int          size,
                        GError     **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
