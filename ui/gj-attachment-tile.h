/* gj-attachment-tile.h: one attached file in an attachments section
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "gj-record.h"

G_BEGIN_DECLS

#define GJ_TYPE_ATTACHMENT_TILE (gj_attachment_tile_get_type ())
G_DECLARE_FINAL_TYPE (GjAttachmentTile, gj_attachment_tile, GJ, ATTACHMENT_TILE, GtkFlowBoxChild)

/* A tile for the attachment record @attachment, whose file is at @path,
 * or not here when @path is NULL. It shows the type's icon, or a spinner
 * when @loading_thumbnail says a thumbnail is on its way. */
GtkWidget   *gj_attachment_tile_new            (GjRecord         *attachment,
                                                const char       *path,
                                                gboolean          loading_thumbnail)
                                                G_GNUC_WARN_UNUSED_RESULT;
GjRecord    *gj_attachment_tile_get_attachment (GjAttachmentTile *self);
const char  *gj_attachment_tile_get_id         (GjAttachmentTile *self);
/* The file's path, NULL while it is not here. */
const char  *gj_attachment_tile_get_path       (GjAttachmentTile *self);
/* Shows @thumbnail; NULL shows the type's icon instead. */
void         gj_attachment_tile_set_thumbnail  (GjAttachmentTile *self,
                                                GdkTexture       *thumbnail);
/* Whether the tile shows a thumbnail (not the icon or the spinner). */
gboolean     gj_attachment_tile_has_thumbnail  (GjAttachmentTile *self);
/* A download under way shows its progress (0–1) and a Cancel button;
 * a negative @fraction ends it and shows the Download button again. */
void         gj_attachment_tile_set_progress   (GjAttachmentTile *self,
                                                double            fraction);

G_END_DECLS
