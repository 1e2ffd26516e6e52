/* gj-client-files.c: attached files with every sync, and on demand
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-client"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gj-attachments.h"
#include "gj-client-private.h"
#include "gj-sync-error.h"

/* The size up to which files come with every sync: Preferences (or
 * `gongjian-cli sync --fetch-limit`) keeps it in meta "files.fetch_limit",
 * in bytes. A value that is not a number of bytes reads as the default. */
static gint64
fetch_limit (GjStore *store)
{
  g_autofree char *text = gj_store_get_meta (store, "files.fetch_limit");
  char *end = NULL;
  gint64 limit;

  if (text == NULL)
    return GJ_FILE_FETCH_LIMIT_DEFAULT;
  limit = g_ascii_strtoll (text, &end, 10);
  if (end == text || *end != '\0' || limit < 0)
    return GJ_FILE_FETCH_LIMIT_DEFAULT;
  return limit;
}

gboolean
_gj_client_sync_files (GjStore             *store,
                       GjExchangeTransport *transport,
                       const char          *peer_key,
                       GCancellable        *cancellable,
                       GjFileStats         *stats,
                       GPtrArray           *problems,
                       GError             **error)
{
  g_autofree char *dir = gj_blob_store_dir_for_db (gj_store_get_path (store));
  g_autoptr(GjBlobStore) blobs = NULL;
  g_autoptr(GError) local = NULL;

  if (dir == NULL || gj_store_get_street (store) == NULL)
    return TRUE;
  /* A laptop that never had a file gets no folder for them either. */
  if (!g_file_test (dir, G_FILE_TEST_IS_DIR))
    {
      g_autoptr(GHashTable) live = gj_attachments_live_hashes (store, gj_store_get_street (store),
                                                               error);

      if (live == NULL)
        return FALSE;
      if (g_hash_table_size (live) == 0)
        return TRUE;
    }
  if (!(blobs = gj_blob_store_new (dir, error)))
    return FALSE;
  if (!gj_file_exchange_sync (store, blobs, transport, peer_key, fetch_limit (store), stats,
                              problems, cancellable, error))
    return FALSE;
  /* A delete that arrived with this sync leaves a file no live record
   * names: a laptop keeps it only while Recently Deleted may bring its
   * attachment back and the district server does not hold it (the server
   * keeps such files as long, for laptops that have not synced yet). A
   * file that cannot be removed now is tried again at the next sync; it is
   * no reason to fail this one. */
  if (!gj_attachments_collect (store, blobs, GJ_ATTACHMENTS_GRACE, NULL, &local))
    g_warning ("Files no record names were kept: %s", local->message);
  return TRUE;
}

char *
gj_client_describe_files (const GjFileStats *files)
{
  g_autofree char *text = NULL;
  char *parts[3] = { NULL, };
  guint n = 0;

  g_return_val_if_fail (files != NULL, NULL);

  if (files->sent > 0)
    parts[n++] = g_strdup_printf (ngettext ("%u file sent", "%u files sent", files->sent),
                                  files->sent);
  if (files->received > 0)
    parts[n++] = g_strdup_printf (ngettext ("%u file received", "%u files received",
                                            files->received), files->received);
  if (files->waiting > 0)
    parts[n++] = g_strdup_printf (ngettext ("%u large file not yet downloaded",
                                            "%u large files not yet downloaded", files->waiting),
                                  files->waiting);
  for (guint i = 0; i < n; i++)
    {
      char *joined;

      if (text == NULL)
        {
          text = g_steal_pointer (&parts[i]);
          continue;
        }
      /* TRANSLATORS: joins the parts of "2 files sent, 1 file received". */
      joined = g_strdup_printf (_("%s, %s"), text, parts[i]);
      g_free (text);
      g_free (parts[i]);
      text = joined;
    }
  return g_steal_pointer (&text);
}

/* What no other peer can help with: a cancel, or too little room on this
 * laptop's disk (judged before anything is asked). */
static gboolean
ends_the_fetch (const GError *error)
{
  return g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
}

/* One attempt to fetch the file from one peer. */
static gboolean
fetch_from (GjIdentity          *identity,
            Pin                 *pin,
            const char          *url,
            GjBlobStore         *blobs,
            const char          *sha256,
            gint64               size,
            GjFileProgressFunc   progress,
            gpointer             user_data,
            GError             **error)
{
  g_autoptr(SoupSession) session = _gj_client_new_session ();
  HttpsTransport https;
  gboolean ok;

  _gj_client_https_init (&https, session, identity, pin, url);
  ok = gj_file_exchange_download (&https.parent, blobs, sha256, size, progress, user_data,
                                  pin->cancellable, error);
  g_clear_pointer (&pin->seen, g_free);
  return ok;
}

gboolean
gj_client_fetch_file (GjStore            *store,
                      GjIdentity         *identity,
                      GjRegistry         *peers,
                      GjBlobStore        *blobs,
                      const char         *sha256,
                      gint64              size,
                      GjFileProgressFunc  progress,
                      gpointer            user_data,
                      GCancellable       *cancellable,
                      GError            **error)
{
  g_autofree char *url = NULL;
  g_autofree char *server = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) first = NULL;
  g_autoptr(GError) local = NULL;

  g_return_val_if_fail (GJ_IS_STORE (store), FALSE);
  g_return_val_if_fail (GJ_IS_BLOB_STORE (blobs), FALSE);
  g_return_val_if_fail (sha256 != NULL, FALSE);

  /* The hash comes from a record, which came from a peer. */
  if (!gj_blob_store_is_hash (sha256))
    {
      g_set_error (error, GJ_SYNC_ERROR, GJ_SYNC_ERROR_MALFORMED,
                   _("“%s” is not the content hash of a file; the attachment's record is "
                     "damaged, attach the file again"), sha256);
      return FALSE;
    }
  if (gj_blob_store_has (blobs, sha256))
    return TRUE;

  url = gj_store_get_meta (store, "sync.url");
  server = gj_store_get_meta (store, "sync.server");
  if (url != NULL && server != NULL)
    {
      Pin pin = { server, NULL, NULL, FALSE, cancellable };

      if (fetch_from (identity, &pin, url, blobs, sha256, size, progress, user_data, &local))
        return TRUE;
      if (ends_the_fetch (local))
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      first = g_steal_pointer (&local);
    }

  /* The district server may not have it (yet), or be out of reach: a
   * colleague's laptop of the same street may. */
  if (peers != NULL && !(list = gj_registry_list (peers, &local)))
    {
      g_propagate_error (error, first ? g_steal_pointer (&first) : g_steal_pointer (&local));
      return FALSE;
    }
  for (guint i = 0; list != NULL && i < list->len; i++)
    {
      GjDevice *d = g_ptr_array_index (list, i);
      Pin pin = { d->id, d->name ? d->name : "", NULL, FALSE, cancellable };

      if (d->street_id == NULL || d->revoked || d->url == NULL)
        continue;
      if (fetch_from (identity, &pin, d->url, blobs, sha256, size, progress, user_data, &local))
        return TRUE;
      if (ends_the_fetch (local))
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      if (first == NULL)
        first = g_steal_pointer (&local);
      g_clear_error (&local);
    }

  if (first == NULL)
    g_set_error (&first, GJ_SYNC_ERROR, GJ_SYNC_ERROR_NOT_SET_UP,
                 _("The file cannot be fetched: this device is neither enrolled on a district "
                   "server nor paired with a laptop that listens"));
  g_propagate_error (error, g_steal_pointer (&first));
  return FALSE;
}
