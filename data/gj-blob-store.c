/* gj-blob-store.c: attached files kept by their SHA-256 beside the database
 *
 * Layout under the store's folder: "ab/abcd…" for the whole file whose
 * hash starts "ab", "ab/abcd….chunks" beside it for the SHA-256 of each
 * GJ_BLOB_CHUNK_SIZE chunk (text, one per line), and "partial/abcd….part"
 * for a file being received. A whole file only ever appears under its
 * name by a rename of a complete, synced, verified copy, so a name is a
 * promise about the content: readers never check it again. Every hash
 * that names a file is checked with gj_blob_store_is_hash() first, since
 * hashes arrive from peers and must never become a path like "../x".
 *
 * Files are streamed in GJ_BLOB_BLOCK-sized reads, never read whole: a
 * 40 MB scan costs the process one block of memory.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-blob-store"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utime.h>

#include "gj-blob-store-private.h"
#include "gj-chunk-gps.h"
#include "gj-data-error.h"
#include "gj-exif-gps.h"

G_DEFINE_FINAL_TYPE (GjBlobStore, gj_blob_store, G_TYPE_OBJECT)

static void
gj_blob_store_finalize (GObject *object)
{
  GjBlobStore *self = GJ_BLOB_STORE (object);

  g_free (self->dir);
  g_free (self->partial_dir);
  G_OBJECT_CLASS (gj_blob_store_parent_class)->finalize (object);
}

static void
gj_blob_store_class_init (GjBlobStoreClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gj_blob_store_finalize;
}

static void
gj_blob_store_init (GjBlobStore *self)
{
}

gboolean
gj_blob_store_is_hash (const char *text)
{
  gsize n = 0;

  if (text == NULL)
    return FALSE;
  for (; text[n] != '\0'; n++)
    if (n >= GJ_SHA256_HEX_LEN || !((text[n] >= '0' && text[n] <= '9') ||
                                 (text[n] >= 'a' && text[n] <= 'f')))
      return FALSE;
  return n == GJ_SHA256_HEX_LEN;
}

char *
gj_blob_store_dir_for_db (const char *db_path)
{
  if (db_path == NULL || g_str_equal (db_path, ":memory:"))
    return NULL;
  return g_strconcat (db_path, ".files", NULL);
}

gboolean
gj_blob_io_error (GError     **error,
                  int          saved_errno,
                  const char  *path)
{
  g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_IO,
               _("The attached file “%s” could not be read or written: %s. Check that the "
                 "disk is not full and that the folder may be written."),
               path, g_strerror (saved_errno));
  return FALSE;
}

gboolean
gj_blob_bad_hash (GError     **error,
                  const char  *text)
{
  gj_data_error_set (error, GJ_DATA_ERROR_INVALID, "sha256",
                     _("“%s” is not a file's SHA-256 (64 hexadecimal digits in lower case)"),
                     text != NULL ? text : "");
  return FALSE;
}

gboolean
gj_blob_make_dir (const char  *path,
                  GError     **error)
{
  if (g_mkdir_with_parents (path, 0700) != 0)
    return gj_blob_io_error (error, errno, path);
  return TRUE;
}

GjBlobStore *
gj_blob_store_new (const char  *dir,
                   GError     **error)
{
  g_autoptr(GjBlobStore) self = NULL;

  g_return_val_if_fail (dir != NULL, NULL);

  self = g_object_new (GJ_TYPE_BLOB_STORE, NULL);
  self->dir = g_strdup (dir);
  self->partial_dir = g_build_filename (dir, "partial", NULL);
  if (!gj_blob_make_dir (self->dir, error) || !gj_blob_make_dir (self->partial_dir, error))
    return NULL;
  return g_steal_pointer (&self);
}

GjBlobStore *
gj_blob_store_for_store (GjStore  *store,
                         GError  **error)
{
  g_autofree char *dir = NULL;

  g_return_val_if_fail (GJ_IS_STORE (store), NULL);

  dir = gj_blob_store_dir_for_db (gj_store_get_path (store));
  if (dir == NULL)
    {
      g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_IO,
                   _("A database kept in memory has no folder for attached files; open a "
                     "database file to attach files."));
      return NULL;
    }
  return gj_blob_store_new (dir, error);
}

const char *
gj_blob_store_get_dir (GjBlobStore *self)
{
  g_return_val_if_fail (GJ_IS_BLOB_STORE (self), NULL);
  return self->dir;
}

/* The folder of the files whose hash starts like @sha256 (checked). */
char *
gj_blob_bucket (GjBlobStore *self,
                const char  *sha256)
{
  char prefix[3] = { sha256[0], sha256[1], '\0' };

  return g_build_filename (self->dir, prefix, NULL);
}

char *
gj_blob_whole_path (GjBlobStore *self,
                    const char  *sha256)
{
  g_autofree char *bucket = gj_blob_bucket (self, sha256);

  return g_build_filename (bucket, sha256, NULL);
}

char *
gj_blob_sums_path (GjBlobStore *self,
                   const char  *sha256)
{
  g_autofree char *whole = gj_blob_whole_path (self, sha256);

  return g_strconcat (whole, ".chunks", NULL);
}

char *
gj_blob_partial_path (GjBlobStore *self,
                      const char  *sha256)
{
  g_autofree char *name = g_strconcat (sha256, ".part", NULL);

  return g_build_filename (self->partial_dir, name, NULL);
}

gssize
gj_blob_read_full (int     fd,
                   guint8 *buf,
                   gsize   len)
{
  gsize done = 0;

  while (done < len)
    {
      gssize n = read (fd, buf + done, len - done);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return -1;
      if (n == 0)
        break;
      done += (gsize) n;
    }
  return (gssize) done;
}

gboolean
gj_blob_write_full (int           fd,
                    const guint8 *buf,
                    gsize         len)
{
  while (len > 0)
    {
      gssize n = write (fd, buf, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return FALSE;
      buf += n;
      len -= (gsize) n;
    }
  return TRUE;
}

/* Makes a rename into @dir survive a power cut. */
static gboolean
sync_dir (const char  *dir,
          GError     **error)
{
  int fd = g_open (dir, O_RDONLY | O_DIRECTORY, 0);
  gboolean ok;

  if (fd < 0)
    return gj_blob_io_error (error, errno, dir);
  ok = fsync (fd) == 0;
  if (!ok)
    gj_blob_io_error (error, errno, dir);
  close (fd);
  return ok;
}

gboolean
gj_blob_publish (const char  *tmp,
                 const char  *dest,
                 GError     **error)
{
  g_autofree char *dir = g_path_get_dirname (dest);

  if (g_rename (tmp, dest) != 0)
    {
      int saved = errno;

      g_unlink (tmp);
      return gj_blob_io_error (error, saved, dest);
    }
  return sync_dir (dir, error);
}

gboolean
gj_blob_copy_hashing (int           in,
                      int           out,
                      const guint8 *head,
                      gsize         head_len,
                      GjSha256     *sum,
                      gint64       *size,
                      const char   *in_path,
                      const char   *out_path,
                      GError      **error)
{
  g_autofree guint8 *buf = NULL;

  if (head_len > 0)
    {
      gj_sha256_update (sum, head, head_len);
      if (out >= 0 && !gj_blob_write_full (out, head, head_len))
        return gj_blob_io_error (error, errno, out_path);
      *size += (gint64) head_len;
    }
  if (in < 0)
    return TRUE;
  buf = g_malloc (GJ_BLOB_BLOCK);
  for (;;)
    {
      gssize n = gj_blob_read_full (in, buf, GJ_BLOB_BLOCK);

      if (n < 0)
        return gj_blob_io_error (error, errno, in_path);
      if (n == 0)
        return TRUE;
      gj_sha256_update (sum, buf, (gsize) n);
      if (out >= 0 && !gj_blob_write_full (out, buf, (gsize) n))
        return gj_blob_io_error (error, errno, out_path);
      *size += n;
    }
}

int
gj_blob_open_temp (const char  *dir,
                   char       **tmp_path,
                   GError     **error)
{
  g_autofree char *path = g_build_filename (dir, ".tmp-XXXXXX", NULL);
  int fd = g_mkstemp_full (path, O_WRONLY | O_CLOEXEC, 0600);

  if (fd < 0)
    {
      gj_blob_io_error (error, errno, dir);
      return -1;
    }
  *tmp_path = g_steal_pointer (&path);
  return fd;
}

gboolean
gj_blob_finish_temp (int          fd,
                     const char  *tmp,
                     GError     **error)
{
  gboolean ok = fsync (fd) == 0;
  int saved = errno;

  if (close (fd) != 0 && ok)
    {
      ok = FALSE;
      saved = errno;
    }
  if (!ok)
    {
      g_unlink (tmp);
      return gj_blob_io_error (error, saved, tmp);
    }
  return TRUE;
}

static gboolean
too_much_metadata (GError     **error,
                   const char  *path)
{
  gj_data_error_set (error, GJ_DATA_ERROR_INVALID, "file",
                     _("The photo “%s” carries more than %d MB of information besides "
                       "its picture, too much to check for the place where it was "
                       "taken. Save it again from a photo editor, or attach it with "
                       "its location kept."),
                     path, GJ_EXIF_GPS_HEADER_MAX / (1024 * 1024));
  return FALSE;
}

/* PNG and WebP may keep their metadata after the image data, anywhere in
 * the file: the position is erased in the stored copy @tmp, through a
 * second fd, and the copy is then hashed again into a new *@sum. A
 * metadata chunk past GJ_EXIF_GPS_HEADER_MAX is refused as a JPEG header
 * is. */
static gboolean
erase_in_copy (const char  *tmp,
               const char  *path,
               GjSha256   **sum,
               gint64      *total,
               GError     **error)
{
  gboolean changed = FALSE, ok = TRUE;
  int fd = g_open (tmp, O_RDWR | O_CLOEXEC, 0);
  int err;

  if (fd < 0)
    return gj_blob_io_error (error, errno, tmp);
  err = gj_chunk_gps_erase_fd (fd, &changed);
  if (err == EFBIG)
    ok = too_much_metadata (error, path);
  else if (err != 0)
    ok = gj_blob_io_error (error, err, tmp);
  else if (changed)
    {
      gj_sha256_free (*sum);
      *sum = gj_sha256_new ();
      *total = 0;
      ok = gj_blob_copy_hashing (fd, -1, NULL, 0, *sum, total, tmp, tmp, error);
    }
  close (fd);
  return ok;
}

/* Reads the head of the file @in (@path) into *@head, *@head_len bytes,
 * and erases the location a JPEG carries in it. That is the first block,
 * or, for a JPEG whose segments before the image data reach further (big
 * ICC profiles, Extended XMP before the EXIF segment), all of those
 * segments, read as far as they go. A header past
 * GJ_EXIF_GPS_HEADER_MAX is refused rather than attached with what lies
 * beyond unchecked: no camera writes one, and holding it whole is what
 * lets the erase see every segment at once, which Extended XMP needs. */
static gboolean
read_photo_head (int          in,
                 const char  *path,
                 guint8     **head,
                 gsize       *head_len,
                 GError     **error)
{
  gsize size = GJ_BLOB_BLOCK;
  g_autofree guint8 *buf = g_malloc (size);
  gsize len = 0;

  for (;;)
    {
      gssize n = gj_blob_read_full (in, buf + len, size - len);
      gsize needed;

      if (n < 0)
        return gj_blob_io_error (error, errno, path);
      len += (gsize) n;
      needed = gj_exif_gps_header_len (buf, len);
      /* At the end of the file, or with the whole header in. */
      if (len < size || needed <= len)
        break;
      if (needed > GJ_EXIF_GPS_HEADER_MAX)
        return too_much_metadata (error, path);
      size = MIN (MAX (needed, 2 * size), (gsize) GJ_EXIF_GPS_HEADER_MAX);
      buf = g_realloc (buf, size);
    }
  gj_exif_gps_erase (buf, len);
  *head = g_steal_pointer (&buf);
  *head_len = len;
  return TRUE;
}

gboolean
gj_blob_store_add_file (GjBlobStore  *self,
                        const char   *path,
                        gboolean      strip_location,
                        char        **sha256,
                        gint64       *size,
                        GError      **error)
{
  g_autoptr(GjSha256) sum = gj_sha256_new ();
  g_autofree guint8 *head = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *bucket = NULL;
  g_autofree char *dest = NULL;
  char hex[GJ_SHA256_HEX_LEN + 1];
  gsize head_len = 0;
  gint64 total = 0;
  gboolean ok;
  int in, out;

  g_return_val_if_fail (GJ_IS_BLOB_STORE (self), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  in = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (in < 0)
    return gj_blob_io_error (error, errno, path);

  /* The position is erased in memory on the way in, so the file the
   * person chose is never changed. */
  if (strip_location && !read_photo_head (in, path, &head, &head_len, error))
    {
      close (in);
      return FALSE;
    }

  out = gj_blob_open_temp (self->partial_dir, &tmp, error);
  if (out < 0)
    {
      close (in);
      return FALSE;
    }
  ok = gj_blob_copy_hashing (in, out, head, head_len, sum, &total, path, tmp, error);
  close (in);
  if (ok && strip_location && gj_chunk_gps_is_chunked (head, head_len))
    ok = erase_in_copy (tmp, path, &sum, &total, error);
  if (!ok)
    {
      close (out);
      g_unlink (tmp);
      return FALSE;
    }
  if (!gj_blob_finish_temp (out, tmp, error))
    return FALSE;

  gj_sha256_hex (sum, hex);
  bucket = gj_blob_bucket (self, hex);
  dest = gj_blob_whole_path (self, hex);
  if (gj_blob_store_has (self, hex))
    {
      /* The same content is here already: attachments share it. Its
       * time is renewed, so that collecting files no record names yet
       * (gj_attachments_collect()) counts from this copy, not the first. */
      g_unlink (tmp);
      g_utime (dest, NULL);
    }
  else if (!gj_blob_make_dir (bucket, error) || !gj_blob_publish (tmp, dest, error))
    {
      g_unlink (tmp);
      return FALSE;
    }

  if (sha256 != NULL)
    *sha256 = g_strdup (hex);
  if (size != NULL)
    *size = total;
  return TRUE;
}

/* The status of the whole file @sha256 into @st; FALSE when not here. */
static gboolean
stat_whole (GjBlobStore *self,
            const char  *sha256,
            GStatBuf    *st)
{
  g_autofree char *path = NULL;

  if (!gj_blob_store_is_hash (sha256))
    return FALSE;
  path = gj_blob_whole_path (self, sha256);
  return g_stat (path, st) == 0 && S_ISREG (st->st_mode);
}

gboolean
gj_blob_store_has (GjBlobStore *self,
                   const char  *sha256)
{
  GStatBuf st;

  g_return_val_if_fail (GJ_IS_BLOB_STORE (self), FALSE);
  return stat_whole (self, sha256, &st);
}

char *
gj_blob_store_dup_path (GjBlobStore *self,
                        const char  *sha256)
{
  g_return_val_if_fail (GJ_IS_BLOB_STORE (self), NULL);

  if (!gj_blob_store_has (self, sha256))
    return NULL;
  return gj_blob_whole_path (self, sha256);
}

gint64
gj_blob_store_get_size (GjBlobStore *self,
                        const char  *sha256)
{
  GStatBuf st;

  g_return_val_if_fail (GJ_IS_BLOB_STORE (self), -1);
  if (!stat_whole (self, sha256, &st))
    return -1;
  return (gint64) st.st_size;
}

static gboolean
unlink_if_there (const char  *path,
                 GError     **error)
{
  if (g_unlink (path) != 0 && errno != ENOENT)
    return gj_blob_io_error (error, errno, path);
  return TRUE;
}

gboolean
gj_blob_store_remove (GjBlobStore  *self,
                      const char   *sha256,
                      GError      **error)
{
  g_autofree char *whole = NULL;
  g_autofree char *sums = NULL;
  g_autofree char *partial = NULL;

  g_return_val_if_fail (GJ_IS_BLOB_STORE (self), FALSE);

  if (!gj_blob_store_is_hash (sha256))
    return gj_blob_bad_hash (error, sha256);
  whole = gj_blob_whole_path (self, sha256);
  sums = gj_blob_sums_path (self, sha256);
  partial = gj_blob_partial_path (self, sha256);
  return unlink_if_there (whole, error) && unlink_if_there (sums, error) &&
         unlink_if_there (partial, error);
}

static gboolean
is_bucket_name (const char *name)
{
  return g_ascii_isxdigit (name[0]) && !g_ascii_isupper (name[0]) &&
         g_ascii_isxdigit (name[1]) && !g_ascii_isupper (name[1]) && name[2] == '\0';
}

GPtrArray *
gj_blob_store_list (GjBlobStore  *self,
                    GError      **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) top = NULL;
  const char *name;

  g_return_val_if_fail (GJ_IS_BLOB_STORE (self), NULL);

  top = g_dir_open (self->dir, 0, error);
  if (top == NULL)
    return NULL;
  while ((name = g_dir_read_name (top)) != NULL)
    {
      g_autofree char *bucket = NULL;
      g_autoptr(GDir) sub = NULL;
      const char *file;

      if (!is_bucket_name (name))
        continue;
      bucket = g_build_filename (self->dir, name, NULL);
      sub = g_dir_open (bucket, 0, NULL);
      if (sub == NULL)
        continue;
      while ((file = g_dir_read_name (sub)) != NULL)
        if (gj_blob_store_is_hash (file) && strncmp (file, name, 2) == 0 &&
            gj_blob_store_has (self, file))
          g_ptr_array_add (out, g_strdup (file));
    }
  return g_steal_pointer (&out);
}
