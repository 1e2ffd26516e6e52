/* gj-attachments.c: files attached to records, as a user works with them
 *
 * An attachment is an ordinary record (kind "attachment") that names its
 * file by SHA-256; it syncs, conflicts and is deleted like any record.
 * The file itself lives in a GjBlobStore, shared by every attachment
 * with the same content. The questions asked of many rows at once (which
 * files are live, which were deleted when, a street's use of the disk)
 * are single queries over the attachment table, so that a district
 * server with 100,000 attachments answers them in one pass.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-attachments"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gj-attachments.h"
#include "gj-blob-store-private.h"
#include "gj-data-error.h"
#include "gj-hlc.h"
#include "gj-store-private.h"

/* Bytes of a file's head that its type is guessed from. */
#define SNIFF_BYTES 4096
/* A transfer that has not moved for this long is abandoned; a laptop
 * that comes back after it starts the file again. */
#define PARTIAL_MAX_AGE (7 * 24 * 3600)

static const char *const owner_kinds[] = {
  "organization", "incubation", "incubation_service", "evaluation", "agreement",
  "agreement_item", "project", "activity", NULL,
};

static const GjKind *
attachment_kind (void)
{
  const GjKind *kind = gj_schema_lookup ("attachment");

  g_assert (kind != NULL);
  return kind;
}

gboolean
gj_attachments_owner_allowed (const GjKind *kind)
{
  g_return_val_if_fail (kind != NULL, FALSE);
  return g_strv_contains (owner_kinds, kind->name);
}

gboolean
gj_attachments_check_owner_kind (const GjKind  *kind,
                                 GError       **error)
{
  g_return_val_if_fail (kind != NULL, FALSE);

  if (gj_attachments_owner_allowed (kind))
    return TRUE;
  gj_data_error_set (error, GJ_DATA_ERROR_INVALID, "owner_kind",
                     _("Files cannot be attached to %s; attach them to an organization, "
                       "an incubation, an agreement, a project or an activity"),
                     _(kind->label_plural));
  return FALSE;
}

/* The live owner record, or NULL with an error that names it. */
static GjRecord *
get_owner (GjStore       *store,
           const GjKind  *owner_kind,
           const char    *owner_id,
           GError       **error)
{
  g_autoptr(GjRecord) owner = NULL;

  if (!gj_attachments_check_owner_kind (owner_kind, error))
    return NULL;
  owner = gj_store_get (store, owner_kind, owner_id, error);
  if (owner == NULL)
    return NULL;
  if (gj_record_is_deleted (owner))
    {
      gj_data_error_set (error, GJ_DATA_ERROR_NOT_FOUND, "owner_id",
                         _("The %s “%s” was deleted; restore it before attaching files to it"),
                         _(owner_kind->label), owner_id);
      return NULL;
    }
  return g_steal_pointer (&owner);
}

static char *
guess_mime (const char   *name,
            const guint8 *head,
            gsize         head_len)
{
  g_autofree char *type = g_content_type_guess (name, head, head_len, NULL);
  char *mime = g_content_type_get_mime_type (type);

  return mime != NULL ? mime : g_strdup ("application/octet-stream");
}

GjRecord *
gj_attachments_new_record (GjStore       *store,
                           const GjKind  *owner_kind,
                           const char    *owner_id,
                           const char    *sha256,
                           gint64         size,
                           const char    *name,
                           const char    *mime_type,
                           GError       **error)
{
  g_autoptr(GjRecord) owner = NULL;
  g_autoptr(GjRecord) rec = NULL;
  g_autofree char *guessed = NULL;
  const char *street;

  g_return_val_if_fail (GJ_IS_STORE (store), NULL);
  g_return_val_if_fail (owner_kind != NULL && owner_id != NULL && name != NULL, NULL);

  owner = get_owner (store, owner_kind, owner_id, error);
  if (owner == NULL)
    return NULL;
  if (!gj_blob_store_is_hash (sha256))
    {
      gj_data_error_set (error, GJ_DATA_ERROR_INVALID, "sha256",
                         _("%s: “%s” is not a SHA-256 (64 hexadecimal digits in lower case)"),
                         _("Content hash"), sha256 != NULL ? sha256 : "");
      return NULL;
    }
  if (size < 0)
    {
      gj_data_error_set (error, GJ_DATA_ERROR_INVALID, "size", _("%s: must not be negative"),
                         _("Size (bytes)"));
      return NULL;
    }
  if (mime_type == NULL)
    mime_type = guessed = guess_mime (name, NULL, 0);

  rec = gj_record_new (attachment_kind ());
  street = gj_kind_field (owner_kind, "street_id") != NULL
             ? gj_record_get_text (owner, "street_id") : NULL;
  if (street != NULL)
    gj_record_set_text (rec, "street_id", street);
  gj_record_set_text (rec, "name", name);
  gj_record_set_text (rec, "sha256", sha256);
  gj_record_set_text (rec, "mime_type", mime_type);
  gj_record_set_int (rec, "size", size);
  gj_record_set_text (rec, "owner_kind", owner_kind->name);
  gj_record_set_text (rec, "owner_id", owner->id);
  return g_steal_pointer (&rec);
}

/* Whether a live attachment of any street refers to @sha256. */
static gboolean
hash_is_live (GjStore     *store,
              const char  *sha256,
              gboolean    *live,
              GError     **error)
{
  sqlite3_stmt *stmt = gj_store_prepare (store, "SELECT 1 FROM attachment "
                                         "WHERE sha256 = ? AND deleted = 0 LIMIT 1", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, sha256, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  *live = rc == SQLITE_ROW;
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  return rc == SQLITE_ROW || rc == SQLITE_DONE || gj_store_sql_error (store, rc, error);
}

/* When the whole file @sha256 was last stored (Unix ms): written, received
 * or stored again (gj_blob_store_add_file() renews the time of a file it
 * finds here); -1 when it is not here. */
static gint64
stored_at (GjBlobStore *blobs,
           const char  *sha256)
{
  g_autofree char *path = gj_blob_store_dup_path (blobs, sha256);
  GStatBuf st;

  if (path == NULL || g_stat (path, &st) != 0)
    return -1;
  return (gint64) st.st_mtime * 1000;
}

/* Whether a file stored at @stored (Unix ms) may still be waiting for the
 * record that will name it. */
static gboolean
is_fresh (gint64 stored,
          gint64 now)
{
  return now - stored < (gint64) GJ_ATTACHMENTS_FRESH * 1000;
}

/* The hashes the district server has confirmed it holds: a set of
 * char *, empty on the server itself and on a laptop never enrolled. */
static GHashTable *
server_holds (GjStore *store)
{
  g_autofree char *text = gj_store_get_meta (store, GJ_ATTACHMENTS_SERVER_HOLDS_KEY);
  GHashTable *set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_auto(GStrv) lines = NULL;

  if (text == NULL)
    return set;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    if (gj_blob_store_is_hash (lines[i]))
      g_hash_table_add (set, g_steal_pointer (&lines[i]));
  return set;
}

gboolean
gj_attachments_drop_unused (GjStore      *store,
                            GjBlobStore  *blobs,
                            const char   *sha256,
                            GError      **error)
{
  g_autoptr(GHashTable) held = NULL;
  gboolean live;
  gint64 stored;

  g_return_val_if_fail (GJ_IS_STORE (store), FALSE);

  if (blobs == NULL || !gj_blob_store_is_hash (sha256))
    return TRUE;
  if (!hash_is_live (store, sha256, &live, error))
    return FALSE;
  if (live)
    return TRUE;
  /* Another thread or process may have stored this content for an
   * attachment whose record it has not saved yet. */
  stored = stored_at (blobs, sha256);
  if (stored >= 0 && is_fresh (stored, g_get_real_time () / 1000))
    return TRUE;
  /* A file not sent to the district server may be nowhere else, and
   * Recently Deleted offers its attachment back for weeks. */
  held = server_holds (store);
  if (!g_hash_table_contains (held, sha256))
    return TRUE;
  return gj_blob_store_remove (blobs, sha256, error);
}

/* Checks that @path is a regular file with something in it, naming it. */
static gboolean
check_input (const char  *path,
             GError     **error)
{
  GStatBuf st;

  if (g_stat (path, &st) != 0)
    {
      int saved = errno;

      g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_IO,
                   _("The file “%s” cannot be attached: %s"), path, g_strerror (saved));
      return FALSE;
    }
  if (!S_ISREG (st.st_mode))
    {
      g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_IO,
                   _("“%s” is not a file; choose a file to attach"), path);
      return FALSE;
    }
  if (st.st_size == 0)
    {
      g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID,
                   _("The file “%s” is empty; there is nothing to attach"), path);
      return FALSE;
    }
  return TRUE;
}

/* The type of the stored file @stored (NULL when it is gone already),
 * from its name and first bytes. */
static char *
sniff_mime (const char *name,
            const char *stored)
{
  guint8 head[SNIFF_BYTES];
  gssize n = -1;
  int fd = stored != NULL ? g_open (stored, O_RDONLY | O_CLOEXEC, 0) : -1;

  if (fd >= 0)
    {
      n = read (fd, head, sizeof head);
      close (fd);
    }
  return guess_mime (name, n > 0 ? head : NULL, n > 0 ? (gsize) n : 0);
}

GjRecord *
gj_attachments_add (GjStore       *store,
                    GjBlobStore   *blobs,
                    const GjKind  *owner_kind,
                    const char    *owner_id,
                    const char    *path,
                    const char    *name,
                    GjAttachFlags  flags,
                    GError       **error)
{
  g_autoptr(GjRecord) owner = NULL;
  g_autoptr(GjRecord) rec = NULL;
  g_autofree char *base = NULL;
  g_autofree char *sha256 = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *mime = NULL;
  gint64 size = 0;

  g_return_val_if_fail (GJ_IS_STORE (store), NULL);
  g_return_val_if_fail (GJ_IS_BLOB_STORE (blobs), NULL);
  g_return_val_if_fail (owner_kind != NULL && owner_id != NULL && path != NULL, NULL);

  /* Everything that can be refused is refused before the file is copied. */
  owner = get_owner (store, owner_kind, owner_id, error);
  if (owner == NULL || !check_input (path, error))
    return NULL;
  if (name == NULL || name[0] == '\0')
    name = base = g_path_get_basename (path);

  if (!gj_blob_store_add_file (blobs, path, !(flags & GJ_ATTACH_KEEP_LOCATION), &sha256, &size,
                               error))
    return NULL;
  /* On a refusal from here on, the copy just stored stays: another
   * thread or process may be about to name the same content, so only
   * gj_attachments_collect() removes it, once it is no longer fresh. */
  if (size == 0)
    {
      /* The file was read as empty after all (it shrank). */
      g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID,
                   _("The file “%s” is empty; there is nothing to attach"), path);
      return NULL;
    }
  stored = gj_blob_store_dup_path (blobs, sha256);
  mime = sniff_mime (name, stored);
  rec = gj_attachments_new_record (store, owner_kind, owner->id, sha256, size, name, mime, error);
  if (rec == NULL || !gj_store_insert (store, rec, error))
    return NULL;
  return g_steal_pointer (&rec);
}

GPtrArray *
gj_attachments_list (GjStore       *store,
                     const GjKind  *owner_kind,
                     const char    *owner_id,
                     GError       **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) gj_record_unref);
  g_autoptr(GPtrArray) ids = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (GJ_IS_STORE (store), NULL);
  g_return_val_if_fail (owner_kind != NULL && owner_id != NULL, NULL);

  /* Oldest first is the order they were stored in here: rowids only grow. */
  stmt = gj_store_prepare (store, "SELECT id FROM attachment WHERE owner_id = ? "
                           "AND owner_kind = ? AND deleted = 0 ORDER BY rid", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, owner_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, owner_kind->name, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (ids, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (rc != SQLITE_DONE)
    {
      gj_store_sql_error (store, rc, error);
      return NULL;
    }
  for (guint i = 0; i < ids->len; i++)
    {
      GjRecord *rec = gj_store_get (store, attachment_kind (), g_ptr_array_index (ids, i),
                                    error);

      if (rec == NULL)
        return NULL;
      g_ptr_array_add (out, rec);
    }
  return g_steal_pointer (&out);
}

gboolean
gj_attachments_remove (GjStore      *store,
                       GjBlobStore  *blobs,
                       const char   *attachment_id,
                       GError      **error)
{
  g_autoptr(GjRecord) rec = NULL;
  g_autofree char *sha256 = NULL;

  g_return_val_if_fail (GJ_IS_STORE (store), FALSE);
  g_return_val_if_fail (attachment_id != NULL, FALSE);

  rec = gj_store_get (store, attachment_kind (), attachment_id, error);
  if (rec == NULL)
    return FALSE;
  sha256 = g_strdup (gj_record_get_text (rec, "sha256"));
  if (!gj_store_delete (store, attachment_kind (), attachment_id, error))
    return FALSE;
  return gj_attachments_drop_unused (store, blobs, sha256, error);
}

GHashTable *
gj_attachments_live_hashes (GjStore     *store,
                            const char  *street_id,
                            GError     **error)
{
  g_autoptr(GHashTable) out = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (GJ_IS_STORE (store), NULL);

  stmt = gj_store_prepare (store, "SELECT sha256, size FROM attachment WHERE deleted = 0 "
                           "AND (?1 IS NULL OR street_id = ?1)", error);
  if (stmt == NULL)
    return NULL;
  if (street_id != NULL)
    sqlite3_bind_text (stmt, 1, street_id, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *sha = (const char *) sqlite3_column_text (stmt, 0);
      gint64 *size;

      /* A malformed hash (kept from an older version) names no file. */
      if (!gj_blob_store_is_hash (sha))
        continue;
      size = g_new (gint64, 1);
      *size = MAX (sqlite3_column_int64 (stmt, 1), 0);
      g_hash_table_replace (out, g_strdup (sha), size);
    }
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (rc != SQLITE_DONE)
    {
      gj_store_sql_error (store, rc, error);
      return NULL;
    }
  return g_steal_pointer (&out);
}

gboolean
gj_attachments_street_refers (GjStore     *store,
                              const char  *street_id,
                              const char  *sha256,
                              GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (GJ_IS_STORE (store), FALSE);

  /* What is not a hash names no file that anyone may fetch. */
  if (street_id == NULL || !gj_blob_store_is_hash (sha256))
    return FALSE;
  stmt = gj_store_prepare (store, "SELECT 1 FROM attachment WHERE sha256 = ? AND street_id = ? "
                           "AND deleted = 0 LIMIT 1", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, sha256, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, street_id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (rc == SQLITE_ROW)
    return TRUE;
  if (rc != SQLITE_DONE)
    gj_store_sql_error (store, rc, error);
  return FALSE;
}

gint64
gj_attachments_street_bytes (GjStore      *store,
                             GjBlobStore  *blobs,
                             const char   *street_id,
                             GError      **error)
{
  g_autoptr(GHashTable) live = NULL;
  GHashTableIter iter;
  gpointer key;
  gint64 total = 0;

  g_return_val_if_fail (GJ_IS_STORE (store), -1);
  g_return_val_if_fail (GJ_IS_BLOB_STORE (blobs), -1);
  g_return_val_if_fail (street_id != NULL, -1);

  live = gj_attachments_live_hashes (store, street_id, error);
  if (live == NULL)
    return -1;
  g_hash_table_iter_init (&iter, live);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    total += MAX (gj_blob_store_get_size (blobs, key), 0);
  return total;
}

/* For every hash an attachment names: G_MAXINT64 when a live one does,
 * else the time (Unix ms) of the newest tombstone of those that did. */
static GHashTable *
last_references (GjStore  *store,
                 GError  **error)
{
  const GjKind *kind = attachment_kind ();
  g_autoptr(GHashTable) out = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  g_autofree GjClockEntry *clk = g_new0 (GjClockEntry, kind->n_fields + 1);
  guint slot = gj_kind_clock_slot (kind, gj_kind_deleted_column (kind));
  sqlite3_stmt *stmt;
  int rc;

  stmt = gj_store_prepare (store, "SELECT sha256, deleted, _ver, _clk FROM attachment", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *sha = (const char *) sqlite3_column_text (stmt, 0);
      gint64 *last, when = G_MAXINT64;

      if (!gj_blob_store_is_hash (sha))
        continue;
      if (sqlite3_column_int64 (stmt, 1) != 0)
        {
          /* A row whose clocks cannot be read counts as deleted now, so
           * that damage delays a removal rather than hastens it. */
          if (gj_clock_blob_decode (sqlite3_column_blob (stmt, 3), sqlite3_column_bytes (stmt, 3),
                                    sqlite3_column_int64 (stmt, 2), clk, kind->n_fields + 1) &&
              clk[slot].hlc != 0)
            when = gj_hlc_to_unix_ms (clk[slot].hlc);
          else
            when = g_get_real_time () / 1000;
        }
      last = g_hash_table_lookup (out, sha);
      if (last == NULL)
        {
          last = g_new (gint64, 1);
          *last = when;
          g_hash_table_insert (out, g_strdup (sha), last);
        }
      else
        *last = MAX (*last, when);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      gj_store_sql_error (store, rc, error);
      return NULL;
    }
  return g_steal_pointer (&out);
}

gboolean
gj_attachments_collect (GjStore      *store,
                        GjBlobStore  *blobs,
                        gint64        grace_seconds,
                        guint        *removed,
                        GError      **error)
{
  g_autoptr(GHashTable) last = NULL;
  g_autoptr(GHashTable) held = NULL;
  g_autoptr(GPtrArray) files = NULL;
  gint64 now = g_get_real_time () / 1000;
  guint n = 0;

  g_return_val_if_fail (GJ_IS_STORE (store), FALSE);
  g_return_val_if_fail (GJ_IS_BLOB_STORE (blobs), FALSE);
  g_return_val_if_fail (grace_seconds >= 0, FALSE);

  if (removed != NULL)
    *removed = 0;
  files = gj_blob_store_list (blobs, error);
  if (files == NULL || (last = last_references (store, error)) == NULL)
    return FALSE;
  held = server_holds (store);
  for (guint i = 0; i < files->len; i++)
    {
      const char *sha = g_ptr_array_index (files, i);
      gint64 *when = g_hash_table_lookup (last, sha);
      gint64 stored;

      if (when != NULL && *when == G_MAXINT64)
        continue;
      stored = stored_at (blobs, sha);
      if (stored < 0 || is_fresh (stored, now))
        continue;
      if (now - (when != NULL ? *when : stored) < grace_seconds * 1000 &&
          !g_hash_table_contains (held, sha))
        continue;
      if (!gj_blob_store_remove (blobs, sha, error))
        return FALSE;
      n++;
    }
  if (removed != NULL)
    *removed = n;
  return gj_blob_store_sweep_partial (blobs, PARTIAL_MAX_AGE, error);
}

void
gj_street_usage_free (GjStreetUsage *usage)
{
  if (usage == NULL)
    return;
  g_free (usage->street_id);
  g_free (usage->street_name);
  g_free (usage);
}

static int
compare_usage (gconstpointer a,
               gconstpointer b)
{
  const GjStreetUsage *x = *(GjStreetUsage *const *) a;
  const GjStreetUsage *y = *(GjStreetUsage *const *) b;
  int by_name;

  /* Streets without a name yet come last, by id. */
  if ((x->street_name == NULL) != (y->street_name == NULL))
    return x->street_name == NULL ? 1 : -1;
  by_name = g_strcmp0 (x->street_name, y->street_name);
  return by_name != 0 ? by_name : g_strcmp0 (x->street_id, y->street_id);
}

GPtrArray *
gj_attachments_usage (GjStore      *store,
                      GjBlobStore  *blobs,
                      GError      **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) gj_street_usage_free);
  g_autoptr(GHashTable) by_street = g_hash_table_new (g_str_hash, g_str_equal);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (GJ_IS_STORE (store), NULL);
  g_return_val_if_fail (GJ_IS_BLOB_STORE (blobs), NULL);

  /* Each street's distinct live files once, with the street's name. */
  stmt = gj_store_prepare (store,
                           "SELECT DISTINCT a.street_id, a.sha256, s.name FROM attachment a "
                           "LEFT JOIN street s ON s.id = a.street_id "
                           "WHERE a.deleted = 0 AND a.street_id IS NOT NULL", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      const char *street = (const char *) sqlite3_column_text (stmt, 0);
      const char *sha = (const char *) sqlite3_column_text (stmt, 1);
      const char *name = (const char *) sqlite3_column_text (stmt, 2);
      GjStreetUsage *usage = g_hash_table_lookup (by_street, street);
      gint64 size;

      if (!gj_blob_store_is_hash (sha))
        continue;
      if (usage == NULL)
        {
          usage = g_new0 (GjStreetUsage, 1);
          usage->street_id = g_strdup (street);
          usage->street_name = g_strdup (name);
          g_ptr_array_add (out, usage);
          g_hash_table_insert (by_street, usage->street_id, usage);
        }
      size = gj_blob_store_get_size (blobs, sha);
      usage->files++;
      if (size < 0)
        usage->missing++;
      else
        usage->bytes += size;
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      gj_store_sql_error (store, rc, error);
      return NULL;
    }
  g_ptr_array_sort (out, compare_usage);
  return g_steal_pointer (&out);
}
