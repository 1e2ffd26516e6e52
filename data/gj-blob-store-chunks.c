/* gj-blob-store-chunks.c: files sent and received in chunks, with resume
 *
 * A file being received grows in "partial/<sha256>.part" by whole chunks,
 * each synced before the next is asked for, so that after a crash or a
 * cut connection the transfer resumes at the last whole chunk. Only a
 * complete file whose SHA-256 matches its name is renamed into place.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-blob-store"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "gj-blob-store-private.h"
#include "gj-data-error.h"

/* The size of the whole file @sha256 (checked first, as it comes from a
 * peer), or -1 with an error saying why it cannot be sent. */
static gint64
whole_size (GjBlobStore  *self,
            const char   *sha256,
            GError      **error)
{
  gint64 size;

  if (!gj_blob_store_is_hash (sha256))
    {
      gj_blob_bad_hash (error, sha256);
      return -1;
    }
  size = gj_blob_store_get_size (self, sha256);
  if (size < 0)
    g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_NOT_FOUND,
                 _("The file %s is not on this device; sync again to fetch it."), sha256);
  return size;
}

GBytes *
gj_blob_store_read_chunk (GjBlobStore  *self,
                          const char   *sha256,
                          gint64        offset,
                          gsize         length,
                          GError      **error)
{
  g_autofree char *path = NULL;
  g_autofree guint8 *buf = NULL;
  gint64 size;
  gsize want;
  gssize n;
  int fd;

  g_return_val_if_fail (GJ_IS_BLOB_STORE (self), NULL);

  if ((size = whole_size (self, sha256, error)) < 0)
    return NULL;
  if (offset < 0 || offset > size || length > GJ_BLOB_CHUNK_SIZE)
    {
      gj_data_error_set (error, GJ_DATA_ERROR_INVALID, NULL,
                         _("There is no part of %llu bytes at %lld in the file %s of %lld "
                           "bytes"),
                         (unsigned long long) length, (long long) offset, sha256,
                         (long long) size);
      return NULL;
    }
  want = (gsize) MIN ((gint64) length, size - offset);
  path = gj_blob_whole_path (self, sha256);
  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      gj_blob_io_error (error, errno, path);
      return NULL;
    }
  buf = g_malloc (MAX (want, 1));
  if (lseek (fd, offset, SEEK_SET) < 0 || (n = gj_blob_read_full (fd, buf, want)) < 0)
    {
      int saved = errno;

      close (fd);
      gj_blob_io_error (error, saved, path);
      return NULL;
    }
  close (fd);
  return g_bytes_new_take (g_steal_pointer (&buf), (gsize) n);
}

static guint
n_chunks (gint64 size)
{
  return (guint) ((size + GJ_BLOB_CHUNK_SIZE - 1) / GJ_BLOB_CHUNK_SIZE);
}

/* The kept sums of @sha256, or NULL when they are missing or malformed
 * (a crash cannot leave them half written, but a disk can damage them). */
static GStrv
read_sums (const char *path,
           guint       expected)
{
  g_autofree char *text = NULL;
  g_auto(GStrv) lines = NULL;
  gsize len;
  guint n;

  if (!g_file_get_contents (path, &text, &len, NULL) ||
      len != (gsize) expected * (GJ_SHA256_HEX_LEN + 1))
    return NULL;
  lines = g_strsplit (text, "\n", -1);
  n = g_strv_length (lines);
  /* "a\nb\n" splits into "a", "b" and an empty last piece. */
  if (n != expected + 1 || lines[expected][0] != '\0')
    return NULL;
  for (guint i = 0; i < expected; i++)
    if (!gj_blob_store_is_hash (lines[i]))
      return NULL;
  g_clear_pointer (&lines[expected], g_free);
  return g_steal_pointer (&lines);
}

static GStrv
derive_sums (const char  *path,
             guint        expected,
             GError     **error)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  g_autofree guint8 *buf = g_malloc (GJ_BLOB_BLOCK);
  char hex[GJ_SHA256_HEX_LEN + 1];
  int fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);

  if (fd < 0)
    {
      gj_blob_io_error (error, errno, path);
      return NULL;
    }
  for (guint i = 0; i < expected; i++)
    {
      g_autoptr(GjSha256) sum = gj_sha256_new ();
      gsize left = GJ_BLOB_CHUNK_SIZE;

      while (left > 0)
        {
          gssize n = gj_blob_read_full (fd, buf, MIN (left, GJ_BLOB_BLOCK));

          if (n < 0)
            {
              int saved = errno;

              close (fd);
              gj_blob_io_error (error, saved, path);
              return NULL;
            }
          if (n == 0)
            break;
          gj_sha256_update (sum, buf, (gsize) n);
          left -= (gsize) n;
        }
      gj_sha256_hex (sum, hex);
      g_strv_builder_add (builder, hex);
    }
  close (fd);
  return g_strv_builder_end (builder);
}

GStrv
gj_blob_store_chunk_sums (GjBlobStore  *self,
                          const char   *sha256,
                          GError      **error)
{
  g_autofree char *path = NULL;
  g_autofree char *whole = NULL;
  g_autofree char *tmp = NULL;
  g_autofree char *bucket = NULL;
  g_autoptr(GString) text = NULL;
  g_auto(GStrv) sums = NULL;
  gint64 size;
  guint expected;
  int fd;

  g_return_val_if_fail (GJ_IS_BLOB_STORE (self), NULL);

  if ((size = whole_size (self, sha256, error)) < 0)
    return NULL;
  expected = n_chunks (size);
  path = gj_blob_sums_path (self, sha256);
  sums = read_sums (path, expected);
  if (sums != NULL)
    return g_steal_pointer (&sums);

  whole = gj_blob_whole_path (self, sha256);
  sums = derive_sums (whole, expected, error);
  if (sums == NULL)
    return NULL;

  /* Kept so that sending a large file again does not read it twice; a
   * failure to keep them costs only time, so it is not an error. */
  text = g_string_new (NULL);
  for (guint i = 0; sums[i] != NULL; i++)
    g_string_append_printf (text, "%s\n", sums[i]);
  bucket = gj_blob_bucket (self, sha256);
  fd = gj_blob_open_temp (bucket, &tmp, NULL);
  if (fd >= 0)
    {
      gboolean ok = gj_blob_write_full (fd, (const guint8 *) text->str, text->len);

      if (!ok)
        {
          close (fd);
          g_unlink (tmp);
        }
      else if (gj_blob_finish_temp (fd, tmp, NULL))
        gj_blob_publish (tmp, path, NULL);
    }
  return g_steal_pointer (&sums);
}

/* The size of the partial file at @path, or 0 when there is none. */
static gint64
partial_size (const char *path)
{
  GStatBuf st;

  if (g_stat (path, &st) != 0 || !S_ISREG (st.st_mode))
    return 0;
  return (gint64) st.st_size;
}

gint64
gj_blob_store_received (GjBlobStore *self,
                        const char  *sha256)
{
  g_autofree char *partial = NULL;
  gint64 size;

  g_return_val_if_fail (GJ_IS_BLOB_STORE (self), 0);

  if (!gj_blob_store_is_hash (sha256))
    return 0;
  size = gj_blob_store_get_size (self, sha256);
  if (size >= 0)
    return size;
  partial = gj_blob_partial_path (self, sha256);
  /* A chunk cut short by a crash is written again whole. */
  size = partial_size (partial);
  return size - size % GJ_BLOB_CHUNK_SIZE;
}

void
gj_blob_store_discard_partial (GjBlobStore *self,
                               const char  *sha256)
{
  g_autofree char *partial = NULL;

  g_return_if_fail (GJ_IS_BLOB_STORE (self));

  if (!gj_blob_store_is_hash (sha256))
    return;
  partial = gj_blob_partial_path (self, sha256);
  g_unlink (partial);
}

/* Hashes the whole file at @path, streaming it. */
static gboolean
hash_file (const char  *path,
           char         hex[GJ_SHA256_HEX_LEN + 1],
           gint64      *size,
           GError     **error)
{
  g_autoptr(GjSha256) sum = gj_sha256_new ();
  gboolean ok;
  int fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);

  if (fd < 0)
    return gj_blob_io_error (error, errno, path);
  *size = 0;
  ok = gj_blob_copy_hashing (fd, -1, NULL, 0, sum, size, path, NULL, error);
  close (fd);
  if (ok)
    gj_sha256_hex (sum, hex);
  return ok;
}

/* Appends @data at @offset of the partial file @path, cutting off what
 * lies beyond @offset (the rest of a chunk a crash cut short). Only the
 * last chunk is synced to the disk, with @durable: a process that is
 * killed keeps what it wrote (the kernel holds it), and what a power cut
 * loses of earlier chunks is caught by the whole file's hash, so syncing
 * every chunk would halve the transfer's speed for nothing. */
static gboolean
append_at (const char    *path,
           gint64         offset,
           const guint8  *data,
           gsize          len,
           gboolean       durable,
           GError       **error)
{
  int fd = g_open (path, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
  gboolean ok;
  int saved = 0;

  if (fd < 0)
    return gj_blob_io_error (error, errno, path);
  ok = ftruncate (fd, offset) == 0 && lseek (fd, offset, SEEK_SET) == offset &&
       gj_blob_write_full (fd, data, len) && (!durable || fsync (fd) == 0);
  if (!ok)
    saved = errno;
  if (close (fd) != 0 && ok)
    {
      ok = FALSE;
      saved = errno;
    }
  if (!ok)
    return gj_blob_io_error (error, saved, path);
  return TRUE;
}

gboolean
gj_blob_store_write_chunk (GjBlobStore  *self,
                           const char   *sha256,
                           gint64        total_size,
                           gint64        offset,
                           GBytes       *chunk,
                           const char   *chunk_sha256,
                           gboolean     *complete,
                           GError      **error)
{
  g_autofree char *partial = NULL;
  g_autofree char *bucket = NULL;
  g_autofree char *dest = NULL;
  char hex[GJ_SHA256_HEX_LEN + 1];
  const guint8 *data;
  gint64 received, got_size;
  gsize len;

  g_return_val_if_fail (GJ_IS_BLOB_STORE (self), FALSE);
  g_return_val_if_fail (chunk != NULL, FALSE);

  if (complete != NULL)
    *complete = FALSE;
  if (!gj_blob_store_is_hash (sha256))
    return gj_blob_bad_hash (error, sha256);
  if (chunk_sha256 != NULL && !gj_blob_store_is_hash (chunk_sha256))
    return gj_blob_bad_hash (error, chunk_sha256);
  if (gj_blob_store_has (self, sha256))
    {
      /* Another transfer finished it first: nothing more is needed. */
      if (complete != NULL)
        *complete = TRUE;
      return TRUE;
    }

  data = g_bytes_get_data (chunk, &len);
  partial = gj_blob_partial_path (self, sha256);
  received = gj_blob_store_received (self, sha256);
  if (received > total_size)
    {
      /* What was received belongs to a transfer that announced another
       * size: it cannot be part of this one. */
      g_unlink (partial);
      received = 0;
    }
  if (total_size < 0 || offset != received || len > GJ_BLOB_CHUNK_SIZE ||
      (gint64) len > total_size - offset ||
      (len < GJ_BLOB_CHUNK_SIZE && offset + (gint64) len != total_size))
    {
      gj_data_error_set (error, GJ_DATA_ERROR_INVALID, NULL,
                         _("A part of %llu bytes at %lld does not continue the file %s of %lld "
                           "bytes, of which %lld are here; the transfer resumes from there."),
                         (unsigned long long) len, (long long) offset, sha256,
                         (long long) total_size, (long long) received);
      return FALSE;
    }
  if (chunk_sha256 != NULL)
    {
      g_autofree char *got = gj_sha256_of (data, len);

      if (!g_str_equal (got, chunk_sha256))
        {
          g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_CORRUPT,
                       _("A part of the file %s arrived damaged (its SHA-256 does not "
                         "match); it was not kept and will be fetched again."), sha256);
          return FALSE;
        }
    }
  if (!append_at (partial, offset, data, len, offset + (gint64) len == total_size, error))
    return FALSE;
  if (offset + (gint64) len < total_size)
    return TRUE;

  /* Complete: the whole file must be the one its name promises. */
  if (!hash_file (partial, hex, &got_size, error))
    return FALSE;
  if (got_size != total_size || !g_str_equal (hex, sha256))
    {
      g_unlink (partial);
      g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_CORRUPT,
                   _("The file %s arrived damaged (its SHA-256 does not match); it was "
                     "thrown away and will be fetched again."), sha256);
      return FALSE;
    }
  bucket = gj_blob_bucket (self, sha256);
  dest = gj_blob_whole_path (self, sha256);
  if (!gj_blob_make_dir (bucket, error) || !gj_blob_publish (partial, dest, error))
    return FALSE;
  if (complete != NULL)
    *complete = TRUE;
  return TRUE;
}

gboolean
gj_blob_store_sweep_partial (GjBlobStore  *self,
                             gint64        max_age_seconds,
                             GError      **error)
{
  g_autoptr(GDir) dir = g_dir_open (self->partial_dir, 0, error);
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  const char *name;

  if (dir == NULL)
    return FALSE;
  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (self->partial_dir, name, NULL);
      GStatBuf st;

      if (g_lstat (path, &st) == 0 && S_ISREG (st.st_mode) &&
          now - (gint64) st.st_mtime >= max_age_seconds && g_unlink (path) != 0 &&
          errno != ENOENT)
        return gj_blob_io_error (error, errno, path);
    }
  return TRUE;
}

/* "FREE:SIZE", two whole numbers of bytes, FREE no more than SIZE. */
static gboolean
parse_test_space (const char *text,
                  gint64     *free_bytes,
                  gint64     *disk_bytes)
{
  g_auto(GStrv) parts = g_strsplit (text, ":", 3);
  guint64 f, d;

  if (g_strv_length (parts) != 2 ||
      !g_ascii_string_to_unsigned (parts[0], 10, 0, G_MAXINT64, &f, NULL) ||
      !g_ascii_string_to_unsigned (parts[1], 10, 1, G_MAXINT64, &d, NULL) || f > d)
    return FALSE;
  *free_bytes = (gint64) f;
  *disk_bytes = (gint64) d;
  return TRUE;
}

gboolean
gj_blob_store_disk_space (GjBlobStore  *self,
                          gint64       *free_bytes,
                          gint64       *disk_bytes,
                          GError      **error)
{
  struct statvfs st;

  g_return_val_if_fail (GJ_IS_BLOB_STORE (self), FALSE);
  g_return_val_if_fail (free_bytes != NULL && disk_bytes != NULL, FALSE);

  /* Only a program run uninstalled (the tests) takes the stand-in, as
   * for GJ_THUMBNAILER: set by mistake where Gongjian is installed, it
   * would lift the floor on a disk that is really nearly full. */
  if (g_strcmp0 (g_getenv ("GJ_UNINSTALLED"), "1") == 0)
    {
      const char *test = g_getenv ("GJ_FILES_FREE_SPACE_FOR_TEST");

      if (test != NULL && parse_test_space (test, free_bytes, disk_bytes))
        return TRUE;
    }
  if (statvfs (self->dir, &st) != 0)
    return gj_blob_io_error (error, errno, self->dir);
  /* Blocks free to users other than root: what the files may take. */
  *free_bytes = (gint64) MIN ((guint64) st.f_bavail * st.f_frsize, (guint64) G_MAXINT64);
  *disk_bytes = (gint64) MIN ((guint64) st.f_blocks * st.f_frsize, (guint64) G_MAXINT64);
  return TRUE;
}
