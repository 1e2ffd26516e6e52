/* gj-attachments-section.h: the files attached to a record
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "gj-session.h"
#include "gj-sync-agent.h"

G_BEGIN_DECLS

#define GJ_TYPE_ATTACHMENTS_SECTION (gj_attachments_section_get_type ())
G_DECLARE_FINAL_TYPE (GjAttachmentsSection, gj_attachments_section, GJ, ATTACHMENTS_SECTION,
                      AdwPreferencesGroup)

/* A section listing the attachments of one record as tiles, with "Add
 * Files…" and a drop target. Fetching a file not here yet needs a sync
 * agent: the one set with gj_attachments_section_set_agent(), or else the
 * "sync-agent" property of the window the section is in (or of a window
 * it is transient for). */
GtkWidget *gj_attachments_section_new       (GjSession            *session)
                                            G_GNUC_WARN_UNUSED_RESULT;
/* Shows the attachments of the record @id of @kind; the same record
 * again keeps the tiles, their thumbnails and the downloads under way. */
void       gj_attachments_section_set_owner (GjAttachmentsSection *self,
                                             const GjKind         *kind,
                                             const char           *id);
void       gj_attachments_section_set_agent (GjAttachmentsSection *self,
                                             GjSyncAgent          *agent);
/* Attaches @files (GFile) to the record shown, as dropping them does: the
 * files are stored in a worker thread, then the records are saved. */
void       gj_attachments_section_add_files (GjAttachmentsSection *self,
                                             GPtrArray            *files);

G_END_DECLS
