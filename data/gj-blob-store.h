/* gj-blob-store.h: attached files kept by their SHA-256 beside the database
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "gj-store.h"

G_BEGIN_DECLS

#define GJ_TYPE_BLOB_STORE (gj_blob_store_get_type ())
G_DECLARE_FINAL_TYPE (GjBlobStore, gj_blob_store, GJ, BLOB_STORE, GObject)

/* Files travel in chunks of at most this many bytes; the last may be shorter. */
#define GJ_BLOB_CHUNK_SIZE (4 * 1024 * 1024)

/* Whether @text is a SHA-256 as stored: 64 lowercase hexadecimal digits.
 * Every hash that arrives from a peer or a person is checked with this
 * before it names a file. */
gboolean     gj_blob_store_is_hash        (const char *text);

/* The folder of the files that belong to the database at @db_path
 * ("…/gongjian.db" → "…/gongjian.db.files"), NULL for ":memory:". */
char        *gj_blob_store_dir_for_db     (const char *db_path) G_GNUC_WARN_UNUSED_RESULT;

/* Opens the folder @dir, creating it (and its "partial" folder for files
 * being received) on first use. */
GjBlobStore *gj_blob_store_new            (const char  *dir,
                                           GError     **error) G_GNUC_WARN_UNUSED_RESULT;
/* The files of @store's database; an in-memory database has none and
 * gets an error saying so. */
GjBlobStore *gj_blob_store_for_store      (GjStore     *store,
                                           GError     **error) G_GNUC_WARN_UNUSED_RESULT;
const char  *gj_blob_store_get_dir        (GjBlobStore *self);

/* Copies the file at @path in, hashing it as it is read, into a temporary
 * file renamed to its hash once complete (so a crash leaves no half
 * file); a file already here is kept and the copy dropped. With
 * @strip_location, a photo's GPS position is erased: a JPEG's in EXIF and
 * XMP in every segment before its image data, on the way in
 * (gj-exif-gps.h), a PNG's or WebP's in its metadata chunks anywhere, in
 * the copy (gj-chunk-gps.h); a photo with more metadata than
 * GJ_EXIF_GPS_HEADER_MAX before its JPEG image data or in one chunk is
 * refused.
 * Gives the stored content's SHA-256 and size. */
gboolean     gj_blob_store_add_file       (GjBlobStore  *self,
                                           const char   *path,
                                           gboolean      strip_location,
                                           char        **sha256,
                                           gint64       *size,
                                           GError      **error);
/* Whether the whole file @sha256 is here. */
gboolean     gj_blob_store_has            (GjBlobStore *self,
                                           const char  *sha256);
/* The path of the whole file @sha256, or NULL when it is not here. */
char        *gj_blob_store_dup_path       (GjBlobStore *self,
                                           const char  *sha256) G_GNUC_WARN_UNUSED_RESULT;
/* The size of the whole file @sha256, or -1 when it is not here. */
gint64       gj_blob_store_get_size       (GjBlobStore *self,
                                           const char  *sha256);
/* Removes the file @sha256 (and what was received of it); absent is fine. */
gboolean     gj_blob_store_remove         (GjBlobStore  *self,
                                           const char   *sha256,
                                           GError      **error);
/* The hashes of every whole file here (char *), in no order. */
GPtrArray   *gj_blob_store_list           (GjBlobStore  *self,
                                           GError      **error) G_GNUC_WARN_UNUSED_RESULT;

/* Sending: @length bytes (at most GJ_BLOB_CHUNK_SIZE) at @offset of the
 * whole file @sha256. */
GBytes      *gj_blob_store_read_chunk     (GjBlobStore  *self,
                                           const char   *sha256,
                                           gint64        offset,
                                           gsize         length,
                                           GError      **error) G_GNUC_WARN_UNUSED_RESULT;
/* The SHA-256 of each GJ_BLOB_CHUNK_SIZE chunk of the whole file @sha256,
 * in order (a NULL-terminated array), computed once and kept beside it. */
GStrv        gj_blob_store_chunk_sums     (GjBlobStore  *self,
                                           const char   *sha256,
                                           GError      **error) G_GNUC_WARN_UNUSED_RESULT;

/* Receiving: how many bytes of @sha256 have been received and kept, so
 * that an interrupted transfer resumes there (0 when none; always a
 * multiple of GJ_BLOB_CHUNK_SIZE, or the whole size once complete). */
gint64       gj_blob_store_received       (GjBlobStore *self,
                                           const char  *sha256);
/* Appends @chunk at @offset, which must equal gj_blob_store_received(),
 * to the file @sha256 of @total_size bytes. A @chunk_sha256 (may be NULL)
 * that does not match is refused and nothing is kept of the chunk. Once
 * @total_size bytes are in, the whole file's hash is checked: a match is
 * renamed into place and *@complete set; a mismatch throws the partial
 * file away with an error (GJ_DATA_ERROR_CORRUPT). */
gboolean     gj_blob_store_write_chunk    (GjBlobStore  *self,
                                           const char   *sha256,
                                           gint64        total_size,
                                           gint64        offset,
                                           GBytes       *chunk,
                                           const char   *chunk_sha256,
                                           gboolean     *complete,
                                           GError      **error);
/* The bytes free to an ordinary user on the disk that holds the folder,
 * and that disk's size, as statvfs() reports them; FALSE (with errno's
 * words) when the system cannot say. In a program run uninstalled
 * (GJ_UNINSTALLED=1), the environment variable GJ_FILES_FREE_SPACE_FOR_TEST
 * ("FREE:SIZE" in bytes) stands in for the disk, so that tests can judge
 * a full disk without filling one. */
gboolean     gj_blob_store_disk_space     (GjBlobStore  *self,
                                           gint64       *free_bytes,
                                           gint64       *disk_bytes,
                                           GError      **error);
/* Throws away what was received of @sha256. */
void         gj_blob_store_discard_partial (GjBlobStore *self,
                                            const char  *sha256);

G_END_DECLS
