/* gj-sync-conflicts.h: the conflicts to review, on the Sync page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "gj-session.h"

G_BEGIN_DECLS

#define GJ_TYPE_SYNC_CONFLICTS (gj_sync_conflicts_get_type ())
G_DECLARE_FINAL_TYPE (GjSyncConflicts, gj_sync_conflicts, GJ, SYNC_CONFLICTS, AdwPreferencesGroup)

void gj_sync_conflicts_set_session (GjSyncConflicts *self,
                                    GjSession       *session);
/* Reads the conflicts not reviewed yet in the reader; the rows follow. */
void gj_sync_conflicts_refresh     (GjSyncConflicts *self);

G_END_DECLS
