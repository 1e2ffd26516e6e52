/* gj-sync-page.h: the Sync page of the main window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "gj-session.h"
#include "gj-sync-agent.h"

G_BEGIN_DECLS

#define GJ_TYPE_SYNC_PAGE (gj_sync_page_get_type ())
G_DECLARE_FINAL_TYPE (GjSyncPage, gj_sync_page, GJ, SYNC_PAGE, AdwBin)

void         gj_sync_page_set_session (GjSyncPage *self,
                                       GjSession  *session);
GjSyncAgent *gj_sync_page_get_agent   (GjSyncPage *self);

G_END_DECLS
