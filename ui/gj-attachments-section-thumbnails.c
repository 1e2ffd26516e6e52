/* gj-attachments-section-thumbnails.c: thumbnails of the attached files
 *
 * A tile that may have a thumbnail asks for it when it is made. The data
 * layer draws it in gongjian-thumbnailer, a process of its own under
 * resource limits, with at most two at once however many tiles ask
 * (gj_thumbnail_get_async()); the PNG it leaves in the cache is then read
 * into a texture in a worker. Cancelling the section's cancellable (another
 * record shown, the section gone) drops the queued requests and kills a
 * process drawing for one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-attachments-section"

#include "config.h"

#include "gj-attachments-section-private.h"
#include "gj-thumbnail.h"

/* Drawn at up to 128 × 128 logical pixels: twice that for HiDPI screens. */
#define THUMBNAIL_SIZE 256

typedef struct
{
  GjAttachmentTile *tile;
  GCancellable     *cancellable;
} Request;

static void
request_free (Request *request)
{
  g_object_unref (request->tile);
  g_clear_object (&request->cancellable);
  g_free (request);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Request, request_free)

/* Shows @texture on @tile, or the type's icon when there is none. */
static void
show (GjAttachmentTile *tile,
      GdkTexture       *texture,
      GError           *error)
{
  /* A file with no picture shows its type's icon, which says enough; a
   * damaged one is said when it is opened. */
  if (texture == NULL && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED))
    g_debug ("No thumbnail: %s", error->message);
  gj_attachment_tile_set_thumbnail (tile, texture);
}

static void
texture_thread (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GError *error = NULL;
  GdkTexture *texture = gdk_texture_new_from_filename (task_data, &error);

  if (texture == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, texture, g_object_unref);
}

static void
texture_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GjAttachmentTile) tile = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GdkTexture) texture = g_task_propagate_pointer (G_TASK (result), &error);

  if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    show (tile, texture, error);
}

static void
thumbnail_ready_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(Request) request = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GTask) task = NULL;
  char *png = gj_thumbnail_get_finish (result, &error);

  if (png == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        show (request->tile, NULL, error);
      return;
    }
  task = g_task_new (NULL, request->cancellable, texture_done_cb, g_object_ref (request->tile));
  g_task_set_source_tag (task, thumbnail_ready_cb);
  g_task_set_task_data (task, png, g_free);
  g_task_run_in_thread (task, texture_thread);
}

void
gj_attachments_section_start_thumbnail (GjAttachmentsSection *self,
                                        GjAttachmentTile     *tile,
                                        const char           *path,
                                        const char           *sha256,
                                        const char           *mime_type)
{
  Request *request = g_new0 (Request, 1);

  request->tile = g_object_ref (tile);
  request->cancellable = self->cancellable ? g_object_ref (self->cancellable) : NULL;
  gj_thumbnail_get_async (path, sha256, mime_type, THUMBNAIL_SIZE, self->cancellable,
                          thumbnail_ready_cb, request);
}
