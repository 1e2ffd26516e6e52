/* gj-attachments.h: files attached to records, as a user works with them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "gj-blob-store.h"
#include "gj-deleted.h"
#include "gj-store.h"

G_BEGIN_DECLS

typedef enum
{
  GJ_ATTACH_NONE          = 0,
  /* Keeps a photo's EXIF GPS position; by default it is erased, since
   * photos of residents are personal data. */
  GJ_ATTACH_KEEP_LOCATION = 1 << 0,
} GjAttachFlags;

/* Whether files may be attached to records of @kind: organizations,
 * incubations, their services and evaluations, agreements and their
 * items, projects, activities. */
gboolean    gj_attachments_owner_allowed (const GjKind *kind);
/* The same, with an error that says to which kinds files can be attached. */
gboolean    gj_attachments_check_owner_kind (const GjKind  *kind,
                                             GError       **error);

/* Stores the file at @path in @blobs and records an attachment to the
 * record @owner_id of @owner_kind, in @owner's street, named @name (NULL:
 * the file's base name), with its type guessed from its name and content.
 * Refuses a kind that takes no attachments, a missing or deleted owner, a
 * file that cannot be read or is empty, naming which and why. */
GjRecord   *gj_attachments_add           (GjStore       *store,
                                          GjBlobStore   *blobs,
                                          const GjKind  *owner_kind,
                                          const char    *owner_id,
                                          const char    *path,
                                          const char    *name,
                                          GjAttachFlags  flags,
                                          GError       **error) G_GNUC_WARN_UNUSED_RESULT;
/* The record gj_attachments_add() inserts, for a file already stored in
 * a GjBlobStore, built and checked (owner, hash, size) but not saved: the
 * app stores the file in a worker thread and saves the record through its
 * session. A NULL @mime_type is guessed from @name. */
GjRecord   *gj_attachments_new_record    (GjStore       *store,
                                          const GjKind  *owner_kind,
                                          const char    *owner_id,
                                          const char    *sha256,
                                          gint64         size,
                                          const char    *name,
                                          const char    *mime_type,
                                          GError       **error) G_GNUC_WARN_UNUSED_RESULT;
/* The live attachments (GjRecord) of one record, oldest first. */
GPtrArray  *gj_attachments_list          (GjStore       *store,
                                          const GjKind  *owner_kind,
                                          const char    *owner_id,
                                          GError       **error) G_GNUC_WARN_UNUSED_RESULT;
/* A file stored less than this many seconds ago is never removed as
 * unused: the app stores a file in a worker thread before its record is
 * saved, so a file no record names yet may be one about to be named. */
#define GJ_ATTACHMENTS_FRESH (3600)

/* How long a file whose last attachment was deleted may still be needed:
 * as long as Recently Deleted (gj-deleted.h) offers the attachment back.
 * The district server keeps such a file this long for laptops that have
 * not synced the delete yet; a laptop keeps it this long unless the
 * district server holds it. */
#define GJ_ATTACHMENTS_GRACE (GJ_DELETED_MAX_DAYS * 24 * 3600)

/* The meta key in which the sync keeps the hashes the district server has
 * confirmed it holds, one a line (sync/gj-file-sync.c, for the server's
 * peer key "sync"). A file listed there can be fetched back for
 * GJ_ATTACHMENTS_GRACE after a delete, so a laptop need not keep it; one
 * not listed may exist on this laptop only. */
#define GJ_ATTACHMENTS_SERVER_HOLDS_KEY "sync.files"

/* Deletes the attachment @attachment_id (a tombstone that syncs like any
 * delete), then removes its file from @blobs (may be NULL) as
 * gj_attachments_drop_unused() does. */
gboolean    gj_attachments_remove        (GjStore       *store,
                                          GjBlobStore   *blobs,
                                          const char    *attachment_id,
                                          GError       **error);
/* Removes the file @sha256 from @blobs (may be NULL) unless a live
 * attachment refers to it, it was stored in the last GJ_ATTACHMENTS_FRESH
 * seconds, or the district server does not hold it
 * (GJ_ATTACHMENTS_SERVER_HOLDS_KEY): restoring the attachment from
 * Recently Deleted must find its file here or on the server. The
 * collector removes what this keeps once it may. */
gboolean    gj_attachments_drop_unused   (GjStore       *store,
                                          GjBlobStore   *blobs,
                                          const char    *sha256,
                                          GError       **error);
/* The hashes (char * → size as gint64 *) that live attachments of
 * @street_id (NULL: every street) refer to. */
GHashTable *gj_attachments_live_hashes   (GjStore       *store,
                                          const char    *street_id,
                                          GError       **error) G_GNUC_WARN_UNUSED_RESULT;
/* Whether a live attachment of @street_id refers to @sha256: the one
 * condition under which a device of that street may fetch the file. */
gboolean    gj_attachments_street_refers (GjStore       *store,
                                          const char    *street_id,
                                          const char    *sha256,
                                          GError       **error);
/* Bytes of distinct files that live attachments of @street_id refer to
 * and that are in @blobs: what the street uses of its quota. */
gint64      gj_attachments_street_bytes  (GjStore       *store,
                                          GjBlobStore   *blobs,
                                          const char    *street_id,
                                          GError       **error);

/* Removes from @blobs every file that no live attachment refers to, that
 * was not stored in the last GJ_ATTACHMENTS_FRESH seconds, and whose last
 * referring attachment was deleted more than @grace_seconds ago (a file no
 * record ever named counts from its modification time) or that the
 * district server holds (GJ_ATTACHMENTS_SERVER_HOLDS_KEY; never the case
 * in the server's own database). Laptops and the district server collect
 * with GJ_ATTACHMENTS_GRACE. */
gboolean    gj_attachments_collect       (GjStore       *store,
                                          GjBlobStore   *blobs,
                                          gint64         grace_seconds,
                                          guint         *removed,
                                          GError       **error);

/* A street's use of the server's disk, for `gongjian-server usage`. */
typedef struct
{
  char   *street_id;
  char   *street_name;  /* NULL when no street record has arrived */
  guint   files;        /* distinct files its live attachments refer to */
  gint64  bytes;        /* their size on the disk */
  guint   missing;      /* of those, files not (yet) uploaded */
} GjStreetUsage;

void        gj_street_usage_free         (GjStreetUsage *usage);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GjStreetUsage, gj_street_usage_free)

/* Every street's use (GjStreetUsage), by street name. */
GPtrArray  *gj_attachments_usage         (GjStore       *store,
                                          GjBlobStore   *blobs,
                                          GError       **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
