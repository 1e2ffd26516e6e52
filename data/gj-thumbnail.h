/* gj-thumbnail.h: small pictures of attached files, cached
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define GJ_THUMBNAIL_MIN_SIZE 16
#define GJ_THUMBNAIL_MAX_SIZE 1024

/* How gongjian-thumbnailer ends: 0 with the PNG on its standard output,
 * else one of these with a one-line message on its standard error. */
typedef enum
{
  GJ_THUMBNAILER_EXIT_USAGE = 1,       /* called with arguments it cannot use */
  GJ_THUMBNAILER_EXIT_NOT_SUPPORTED,   /* the type has no thumbnail */
  GJ_THUMBNAILER_EXIT_INVALID,         /* the file's content cannot be drawn */
  GJ_THUMBNAILER_EXIT_IO,              /* the file or the output cannot be read or written */
} GjThumbnailerExit;

/* Whether files of @mime_type have a thumbnail: the photo and scan types
 * and PDF. Others get their type's icon without a process started. */
gboolean gj_thumbnail_type_supported (const char *mime_type);

/* Draws, inside the calling process, a PNG of at most @size × @size
 * pixels of the file at @path of type @mime_type: a photo scaled with its
 * EXIF orientation applied (gdk-pixbuf), a PDF's first page (poppler).
 * Its time and memory are bounded only by the caller: only
 * gongjian-thumbnailer and the fuzz harness call it. NULL with an error
 * for a type that has no thumbnail (G_IO_ERROR_NOT_SUPPORTED), a file
 * that cannot be read or whose content cannot be drawn. */
GBytes *gj_thumbnail_render (const char  *path,
                             const char  *mime_type,
                             int          size,
                             GError     **error) G_GNUC_WARN_UNUSED_RESULT;

/* Makes (or finds in the cache) a PNG thumbnail of at most @size × @size
 * pixels of the file at @path whose content hash is @sha256 and whose
 * type is @mime_type, drawn by gongjian-thumbnailer, a short-lived process
 * under resource limits, which is killed past a wall-clock timeout (15 s;
 * GJ_THUMBNAIL_TIMEOUT_MS overrides it). At most two such processes run
 * at once in the whole application; a caller beyond that waits its turn.
 * A file whose drawing was killed or timed out is not tried again for the
 * rest of the process's life. The cache is
 * $XDG_CACHE_HOME/gongjian/thumbnails/<sha256>-<size>.png, written
 * atomically. Blocking: call it from a worker thread; cancelling
 * @cancellable kills a process drawing for this call. Returns the PNG's
 * path, or NULL with an error for a type that has no thumbnail
 * (G_IO_ERROR_NOT_SUPPORTED: the caller shows the type's icon), a drawing
 * that did not end in time (G_IO_ERROR_TIMED_OUT) or failed. */
char *gj_thumbnail_get (const char    *path,
                        const char    *sha256,
                        const char    *mime_type,
                        int            size,
                        GCancellable  *cancellable,
                        GError       **error) G_GNUC_WARN_UNUSED_RESULT;

/* gj_thumbnail_get() in a queue of the library's own, served by two
 * threads, so that a record with many photos ties up no more threads than
 * processes may run. A thumbnail already cached, or known not to come, is
 * answered without queueing. A job whose @cancellable is cancelled while
 * queued is dropped when its turn comes, without a process started. */
void  gj_thumbnail_get_async  (const char          *path,
                               const char          *sha256,
                               const char          *mime_type,
                               int                  size,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data);
char *gj_thumbnail_get_finish (GAsyncResult  *result,
                               GError       **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
