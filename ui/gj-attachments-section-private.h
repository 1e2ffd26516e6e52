/* gj-attachments-section-private.h: what the attachments section's files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gj-attachment-tile.h"
#include "gj-attachments-section.h"
#include "gj-blob-store.h"

G_BEGIN_DECLS

struct _GjAttachmentsSection
{
  AdwPreferencesGroup   parent_instance;

  GjSession            *session;
  GjBlobStore          *blobs;         /* NULL for a database in memory */
  GjSyncAgent          *agent;         /* set by the host; else the window's */
  const GjKind         *kind;
  char                 *owner_id;
  gulong                changed_id;
  guint                 reload_source;
  GCancellable         *cancellable;   /* of the owner's list and thumbnails */
  GHashTable           *downloads;     /* attachment id → Download */
  GtkNativeDialog      *chooser;       /* the file chooser while it is open */

  GtkFlowBox           *flow;
  GtkWidget            *empty_label;
};

/* gj-attachments-section.c */
GjAttachmentTile *gj_attachments_section_find_tile (GjAttachmentsSection *self,
                                                    const char           *id);
/* Shows a toast of the text @format makes, as plain text (not markup). */
void              gj_attachments_section_say       (GjAttachmentsSection *self,
                                                    const char           *format,
                                                    ...) G_GNUC_PRINTF (2, 3);
void              gj_attachments_section_reload    (GjAttachmentsSection *self);

/* gj-attachments-section-files.c: opening files and saving copies */
void gj_attachments_section_class_install_file_actions (GtkWidgetClass *widget_class);

/* gj-attachments-section-download.c: fetching files not here yet */
void gj_attachments_section_class_install_download_actions (GtkWidgetClass *widget_class);
/* Cancels every download under way (another record is shown, or the
 * section is going). */
void gj_attachments_section_cancel_downloads (GjAttachmentsSection *self);

/* gj-attachments-section-thumbnails.c: thumbnails drawn in the background */
/* Has the thumbnail of the file at @path drawn and shown on @tile, or the
 * type's icon when it has none; the section's cancellable stops it. */
void gj_attachments_section_start_thumbnail (GjAttachmentsSection *self,
                                             GjAttachmentTile     *tile,
                                             const char           *path,
                                             const char           *sha256,
                                             const char           *mime_type);

G_END_DECLS
