/* gj-file-sync.c: the attached files' step of every sync with one peer
 *
 * After the records, the files they name travel: first the files here
 * that the peer has not confirmed, then the peer's files that are missing
 * here and small enough to fetch unasked. Smaller files go first, so that
 * a sync cut short has moved as many files as it could.
 *
 * What a peer confirmed is kept in the meta key "<peer_key>.files": the
 * hashes of the street's live files the peer is known to hold, one a line.
 * It is read once and written once a sync, and pruned each time to the
 * files live attachments refer to or still here, so it never outgrows the
 * street's own list and this laptop's files (10,000 files: 650 kB), a file
 * deleted, removed and attached again is offered again, and the
 * collector (gj_attachments_collect()) can tell a deleted file the
 * district server holds, which may go at once, from one that may be
 * nowhere else. A peer that lost a file it confirmed (a server restored
 * from an old backup) is not asked again by this device; the server's
 * `usage` counts such files as missing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-file-sync"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gj-attachments.h"
#include "gj-file-exchange.h"
#include "gj-sync-error.h"

/* Files refused or failed are named one a sentence up to this many, then
 * counted in one more: a street whose every file is refused (a district
 * limit lowered) is told so without a thousand lines. */
#define MAX_NAMED_PROBLEMS 5

typedef struct
{
  const char *sha256;
  gint64      size;
} FileRef;

static int
compare_refs (gconstpointer a,
              gconstpointer b)
{
  const FileRef *x = a;
  const FileRef *y = b;

  if (x->size != y->size)
    return x->size < y->size ? -1 : 1;
  return strcmp (x->sha256, y->sha256);
}

/* Counts the file bytes that leave: every request body that is not JSON
 * is a chunk of a file. Whether an upload sent anything, or found the
 * file already there, is then known without asking the protocol. */
typedef struct
{
  GjExchangeTransport  parent;
  GjExchangeTransport *inner;
  guint64              chunk_bytes;
} CountingTransport;

static GBytes *
counting_request (GjExchangeTransport *transport,
                  const char          *method,
                  const char          *path_and_query,
                  const char          *content_type,
                  GBytes              *body,
                  GError             **error)
{
  CountingTransport *self = (CountingTransport *) transport;
  GBytes *reply;

  reply = self->inner->request (self->inner, method, path_and_query, content_type, body, error);
  transport->peer_id = self->inner->peer_id;
  if (reply != NULL && body != NULL && g_strcmp0 (content_type, "application/json") != 0)
    self->chunk_bytes += g_bytes_get_size (body);
  return reply;
}

typedef struct
{
  GjStore     *store;
  GPtrArray   *problems;
  guint        unnamed;   /* problems beyond MAX_NAMED_PROBLEMS */
  GHashTable  *confirmed; /* hashes the peer holds (char *, owned) */
  gboolean     changed;   /* confirmed differs from what meta holds */
} Step;

/* The confirmed hashes kept in meta @key that are still live or here. */
static GHashTable *
load_confirmed (GjStore     *store,
                GjBlobStore *blobs,
                const char  *key,
                GHashTable  *live,
                gboolean    *pruned)
{
  g_autofree char *text = gj_store_get_meta (store, key);
  GHashTable *set = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_auto(GStrv) lines = NULL;

  *pruned = FALSE;
  if (text == NULL || *text == '\0')
    return set;
  lines = g_strsplit (text, "\n", -1);
  for (guint i = 0; lines[i] != NULL; i++)
    {
      if (gj_blob_store_is_hash (lines[i]) &&
          (g_hash_table_contains (live, lines[i]) || gj_blob_store_has (blobs, lines[i])))
        g_hash_table_add (set, g_steal_pointer (&lines[i]));
      else
        *pruned = TRUE;
    }
  return set;
}

static gboolean
save_confirmed (GjStore     *store,
                const char  *key,
                GHashTable  *set,
                GError     **error)
{
  g_autoptr(GString) text = g_string_sized_new (g_hash_table_size (set) * 65);
  GHashTableIter iter;
  gpointer hash;

  g_hash_table_iter_init (&iter, set);
  while (g_hash_table_iter_next (&iter, &hash, NULL))
    g_string_append_printf (text, "%s%s", text->len > 0 ? "\n" : "", (const char *) hash);
  return gj_store_set_meta (store, key, text->str, error);
}

/* The name a person gave the file, for sentences. */
static char *
file_name (GjStore    *store,
           const char *sha256)
{
  GjFilter f = { "sha256", sha256, GJ_FILTER_EQ };
  GjQuery q = { .filters = &f, .n_filters = 1, .limit = 1 };
  g_autoptr(GPtrArray) list = gj_store_list (store, gj_schema_lookup ("attachment"), &q, NULL);
  const char *name = NULL;

  if (list != NULL && list->len > 0)
    name = gj_record_get_text (g_ptr_array_index (list, 0), "name");
  return name != NULL ? g_strdup (name) : g_strdup_printf ("%.12s…", sha256);
}

static void
add_problem (Step         *step,
             gboolean      sending,
             const char   *sha256,
             const GError *error)
{
  g_autofree char *name = NULL;

  if (step->problems == NULL)
    return;
  if (step->problems->len >= MAX_NAMED_PROBLEMS)
    {
      step->unnamed++;
      return;
    }
  name = file_name (step->store, sha256);
  /* TRANSLATORS: the first %s is a file's name, the second why it did not travel. */
  g_ptr_array_add (step->problems,
                   sending ? g_strdup_printf (_("The file “%s” was not sent: %s"), name,
                                              error->message)
                           : g_strdup_printf (_("The file “%s” was not received: %s"), name,
                                              error->message));
}

/* What ends the whole step rather than one file: the peer out of reach,
 * a cancellation. (A full disk here, or one a download would leave under
 * its floor, ends only the downloads, download_all(): sending reads.) */
static gboolean
stops_the_step (const GError *error)
{
  return g_error_matches (error, GJ_SYNC_ERROR, GJ_SYNC_ERROR_UNREACHABLE) ||
         g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
}

static gboolean
upload_all (Step                *step,
            CountingTransport   *counting,
            GjBlobStore         *blobs,
            GArray              *files,
            GjFileStats         *stats,
            GCancellable        *cancellable,
            GError             **error)
{
  for (guint i = 0; i < files->len; i++)
    {
      const FileRef *f = &g_array_index (files, FileRef, i);
      g_autoptr(GError) local = NULL;
      guint64 before = counting->chunk_bytes;

      if (g_hash_table_contains (step->confirmed, f->sha256) ||
          !gj_blob_store_has (blobs, f->sha256))
        continue;
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      if (gj_file_exchange_upload (&counting->parent, blobs, f->sha256, NULL, NULL, cancellable,
                                   &local))
        {
          if (counting->chunk_bytes > before)
            stats->sent++;
          stats->bytes_sent += counting->chunk_bytes - before;
          g_hash_table_add (step->confirmed, g_strdup (f->sha256));
          step->changed = TRUE;
          continue;
        }
      if (stops_the_step (local))
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      /* A peer that knows no files at all runs an older version: said
       * once, and nothing more is asked of it. */
      if (g_error_matches (local, GJ_SYNC_ERROR, GJ_SYNC_ERROR_NO_SUCH_ADDRESS))
        {
          if (step->problems != NULL)
            g_ptr_array_add (step->problems,
                             g_strdup (counting->parent.peer_is_laptop
                                       ? _("The other laptop runs an older Gongjian that takes no "
                                           "attached files; they stay here until it is updated")
                                       : _("The district server runs an older Gongjian that takes "
                                           "no attached files; they stay here until it is "
                                           "updated")));
          return TRUE;
        }
      stats->refused++;
      add_problem (step, TRUE, f->sha256, local);
    }
  return TRUE;
}

static gboolean
download_all (Step                *step,
              CountingTransport   *counting,
              GjBlobStore         *blobs,
              GArray              *files,
              gint64               fetch_limit,
              GjFileStats         *stats,
              GCancellable        *cancellable,
              GError             **error)
{
  for (guint i = 0; i < files->len; i++)
    {
      const FileRef *f = &g_array_index (files, FileRef, i);
      g_autoptr(GError) local = NULL;
      gint64 had;

      if (gj_blob_store_has (blobs, f->sha256))
        continue;
      if (f->size > fetch_limit)
        {
          stats->waiting++;
          continue;
        }
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        return FALSE;
      had = gj_blob_store_received (blobs, f->sha256);
      if (gj_file_exchange_download (&counting->parent, blobs, f->sha256, f->size, NULL, NULL,
                                     cancellable, &local))
        {
          stats->received++;
          stats->bytes_received += f->size - had;
          g_hash_table_add (step->confirmed, g_strdup (f->sha256));
          step->changed = TRUE;
          continue;
        }
      /* A file that would leave too little of the disk free is said, and
       * the larger ones after it are not asked for: they would not fit. */
      if (g_error_matches (local, G_IO_ERROR, G_IO_ERROR_NO_SPACE))
        {
          add_problem (step, FALSE, f->sha256, local);
          return TRUE;
        }
      if (stops_the_step (local))
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      /* The peer does not have it (yet): the laptop it was attached on
       * has not synced since, and the next sync brings it. */
      if (g_error_matches (local, GJ_SYNC_ERROR, GJ_SYNC_ERROR_NO_SUCH_ADDRESS))
        continue;
      add_problem (step, FALSE, f->sha256, local);
    }
  return TRUE;
}

gboolean
gj_file_exchange_sync (GjStore             *store,
                       GjBlobStore         *blobs,
                       GjExchangeTransport *transport,
                       const char          *peer_key,
                       gint64               fetch_limit,
                       GjFileStats         *stats,
                       GPtrArray           *problems,
                       GCancellable        *cancellable,
                       GError             **error)
{
  g_autoptr(GHashTable) live = NULL;
  g_autoptr(GHashTable) confirmed = NULL;
  g_autoptr(GArray) files = NULL;
  g_autofree char *key = NULL;
  g_autoptr(GError) local = NULL;
  CountingTransport counting = { { counting_request, NULL, FALSE }, transport, 0 };
  const char *street = gj_store_get_street (store);
  GjFileStats ignored = { 0, };
  GHashTableIter iter;
  gpointer hash, size;
  gboolean ok;
  Step step = { store, problems, 0, NULL, FALSE };

  g_return_val_if_fail (GJ_IS_STORE (store), FALSE);
  g_return_val_if_fail (GJ_IS_BLOB_STORE (blobs), FALSE);
  g_return_val_if_fail (transport != NULL && peer_key != NULL, FALSE);

  if (stats == NULL)
    stats = &ignored;
  /* A database without a street has no records to attach files to. */
  if (street == NULL)
    return TRUE;
  if (!(live = gj_attachments_live_hashes (store, street, error)))
    return FALSE;
  files = g_array_sized_new (FALSE, FALSE, sizeof (FileRef), g_hash_table_size (live));
  g_hash_table_iter_init (&iter, live);
  while (g_hash_table_iter_next (&iter, &hash, &size))
    {
      FileRef ref = { hash, *(gint64 *) size };
      g_array_append_val (files, ref);
    }
  g_array_sort (files, compare_refs);

  key = g_strconcat (peer_key, ".files", NULL);
  confirmed = load_confirmed (store, blobs, key, live, &step.changed);
  step.confirmed = confirmed;
  counting.parent.peer_is_laptop = transport->peer_is_laptop;
  counting.parent.peer_id = transport->peer_id;

  ok = upload_all (&step, &counting, blobs, files, stats, cancellable, &local) &&
       download_all (&step, &counting, blobs, files, fetch_limit, stats, cancellable, &local);
  if (problems != NULL && step.unnamed > 0)
    g_ptr_array_add (problems,
                     g_strdup_printf (ngettext ("%u more file was not sent or received for the "
                                                "same kind of reason",
                                                "%u more files were not sent or received for the "
                                                "same kind of reason", step.unnamed),
                                      step.unnamed));
  /* What the peer confirmed before a failure stays confirmed. */
  if (step.changed && !save_confirmed (store, key, confirmed, ok ? &local : NULL))
    ok = FALSE;
  if (!ok)
    g_propagate_error (error, g_steal_pointer (&local));
  return ok;
}
