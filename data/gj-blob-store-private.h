/* gj-blob-store-private.h: what gj-blob-store.c and gj-blob-store-chunks.c share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gj-blob-store.h"
#include "gj-sha256.h"

G_BEGIN_DECLS

/* Files are read and written in blocks of this size, never whole. */
#define GJ_BLOB_BLOCK (256 * 1024)

struct _GjBlobStore
{
  GObject  parent_instance;

  char    *dir;
  char    *partial_dir;
};

/* Each sets a GJ_DATA_ERROR and returns FALSE. */
gboolean  gj_blob_io_error      (GError       **error,
                                 int            saved_errno,
                                 const char    *path);
gboolean  gj_blob_bad_hash      (GError       **error,
                                 const char    *text);
gboolean  gj_blob_make_dir      (const char    *path,
                                 GError       **error);

/* Paths of a checked hash: its folder, the whole file, its chunk sums,
 * what was received of it. */
char     *gj_blob_bucket        (GjBlobStore   *self,
                                 const char    *sha256) G_GNUC_WARN_UNUSED_RESULT;
char     *gj_blob_whole_path    (GjBlobStore   *self,
                                 const char    *sha256) G_GNUC_WARN_UNUSED_RESULT;
char     *gj_blob_sums_path     (GjBlobStore   *self,
                                 const char    *sha256) G_GNUC_WARN_UNUSED_RESULT;
char     *gj_blob_partial_path  (GjBlobStore   *self,
                                 const char    *sha256) G_GNUC_WARN_UNUSED_RESULT;

/* Reads up to @len bytes, going on after short reads until end of file;
 * -1 on an error (errno says which). */
gssize    gj_blob_read_full     (int            fd,
                                 guint8        *buf,
                                 gsize          len);
gboolean  gj_blob_write_full    (int            fd,
                                 const guint8  *buf,
                                 gsize          len);
/* A new temporary file in @dir, open for writing, mode 0600; -1 on error. */
int       gj_blob_open_temp     (const char    *dir,
                                 char         **tmp_path,
                                 GError       **error);
/* Syncs and closes @fd, the temporary file @tmp; on failure removes it. */
gboolean  gj_blob_finish_temp   (int            fd,
                                 const char    *tmp,
                                 GError       **error);
/* Renames the synced file @tmp to @dest in the same file system and makes
 * the rename durable. */
gboolean  gj_blob_publish       (const char    *tmp,
                                 const char    *dest,
                                 GError       **error);
/* Copies @in to @out (either may be -1 for none) from where each stands,
 * hashing the bytes into @sum; @head (may be NULL) of @head_len bytes
 * comes first, as if read from @in. Adds the bytes to *@size. */
gboolean  gj_blob_copy_hashing  (int            in,
                                 int            out,
                                 const guint8  *head,
                                 gsize          head_len,
                                 GjSha256      *sum,
                                 gint64        *size,
                                 const char    *in_path,
                                 const char    *out_path,
                                 GError       **error);

/* Removes from the "partial" folder what was left untouched for
 * @max_age_seconds: transfers abandoned and temporary files a crash left. */
gboolean  gj_blob_store_sweep_partial (GjBlobStore  *self,
                                       gint64        max_age_seconds,
                                       GError      **error);

G_END_DECLS
