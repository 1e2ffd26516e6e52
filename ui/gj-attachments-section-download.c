/* gj-attachments-section-download.c: fetching an attached file not here yet
 *
 * Part of GjAttachmentsSection. A file over the fetch limit (Preferences)
 * stays on the district server or a colleague's laptop until someone
 * presses its tile's Download button; the section's sync agent (or the
 * window's) fetches it in a worker, its progress shown on the tile. The
 * tile is looked up by the attachment's id at every step, since the list
 * may be read again meanwhile.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-attachments-section"

#include "config.h"

#include <glib/gi18n.h>

#include "gj-attachments-section-private.h"

typedef struct
{
  GjAttachmentsSection *self;
  char                 *id;
  char                 *name;
  GCancellable         *cancellable;
} Download;

static void
download_free (Download *download)
{
  g_object_unref (download->self);
  g_free (download->id);
  g_free (download->name);
  g_object_unref (download->cancellable);
  g_free (download);
}

/* The agent set by the host, else the one of the window the section is
 * in, or of a window under it (an editor is transient for the main one). */
static GjSyncAgent *
find_agent (GjAttachmentsSection *self)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (self->agent != NULL)
    return g_object_ref (self->agent);
  for (GtkWindow *w = GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL; w != NULL;
       w = gtk_window_get_transient_for (w))
    if (g_object_class_find_property (G_OBJECT_GET_CLASS (w), "sync-agent") != NULL)
      {
        GjSyncAgent *agent = NULL;

        g_object_get (w, "sync-agent", &agent, NULL);
        return agent;
      }
  return NULL;
}

static void
fetch_progress_cb (gint64   done,
                   gint64   total,
                   gpointer user_data)
{
  Download *download = user_data;
  GjAttachmentTile *tile = gj_attachments_section_find_tile (download->self, download->id);

  if (tile != NULL)
    gj_attachment_tile_set_progress (tile, total > 0 ? (double) done / total : 0);
}

static void
fetched_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  Download *download = user_data;
  GjAttachmentsSection *self = download->self;
  GjAttachmentTile *tile = gj_attachments_section_find_tile (self, download->id);
  g_autoptr(GError) error = NULL;

  g_hash_table_remove (self->downloads, download->id);
  if (gj_sync_agent_fetch_file_finish (GJ_SYNC_AGENT (source), result, &error))
    gj_attachments_section_reload (self);
  else
    {
      if (tile != NULL)
        gj_attachment_tile_set_progress (tile, -1);
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        /* TRANSLATORS: %s is an attachment's file name, then why it did not arrive */
        gj_attachments_section_say (self, _("“%s” could not be downloaded: %s"), download->name,
                                    error->message);
    }
  download_free (download);
}

static void
download_action (GtkWidget  *widget,
                 const char *action,
                 GVariant   *param)
{
  GjAttachmentsSection *self = GJ_ATTACHMENTS_SECTION (widget);
  const char *id = g_variant_get_string (param, NULL);
  GjAttachmentTile *tile = gj_attachments_section_find_tile (self, id);
  g_autoptr(GjSyncAgent) agent = NULL;
  GjRecord *attachment;
  const char *sha256;
  Download *download;

  if (tile == NULL || gj_attachment_tile_get_path (tile) != NULL
      || g_hash_table_contains (self->downloads, id))
    return;
  attachment = gj_attachment_tile_get_attachment (tile);
  sha256 = gj_record_get_text (attachment, "sha256");
  if (sha256 == NULL || !gj_blob_store_is_hash (sha256))
    {
      gj_attachments_section_say (self,
                                  _("“%s” cannot be downloaded: its record names no valid file"),
                                  gj_record_get_text (attachment, "name"));
      return;
    }
  agent = find_agent (self);
  if (agent == NULL || !gj_sync_agent_has_targets (agent))
    {
      gj_attachments_section_say (self,
                                  _("“%s” is on the district server or a colleague’s laptop. "
                                    "Set up syncing on the Sync page to download it."),
                                  gj_record_get_text (attachment, "name"));
      return;
    }

  download = g_new0 (Download, 1);
  download->self = g_object_ref (self);
  download->id = g_strdup (id);
  download->name = g_strdup (gj_record_get_text (attachment, "name"));
  download->cancellable = g_cancellable_new ();
  g_hash_table_insert (self->downloads, download->id, download);
  gj_attachment_tile_set_progress (tile, 0);
  gj_sync_agent_fetch_file_async (agent, sha256, gj_record_get_int (attachment, "size"),
                                  fetch_progress_cb, download, download->cancellable, fetched_cb,
                                  download);
}

static void
cancel_download_action (GtkWidget  *widget,
                        const char *action,
                        GVariant   *param)
{
  GjAttachmentsSection *self = GJ_ATTACHMENTS_SECTION (widget);
  Download *download = g_hash_table_lookup (self->downloads, g_variant_get_string (param, NULL));

  if (download != NULL)
    g_cancellable_cancel (download->cancellable);
}

void
gj_attachments_section_cancel_downloads (GjAttachmentsSection *self)
{
  GHashTableIter iter;
  Download *download;

  g_hash_table_iter_init (&iter, self->downloads);
  while (g_hash_table_iter_next (&iter, NULL, (gpointer *) &download))
    g_cancellable_cancel (download->cancellable);
}

void
gj_attachments_section_class_install_download_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "attachments.download", "s", download_action);
  gtk_widget_class_install_action (widget_class, "attachments.cancel-download", "s",
                                   cancel_download_action);
}
