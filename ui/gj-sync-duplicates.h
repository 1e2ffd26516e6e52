/* gj-sync-duplicates.h: possible duplicates, on the Sync page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "gj-session.h"

G_BEGIN_DECLS

#define GJ_TYPE_SYNC_DUPLICATES (gj_sync_duplicates_get_type ())
G_DECLARE_FINAL_TYPE (GjSyncDuplicates, gj_sync_duplicates, GJ, SYNC_DUPLICATES,
                      AdwPreferencesGroup)

void gj_sync_duplicates_set_session (GjSyncDuplicates *self,
                                     GjSession        *session);
/* Looks for duplicates again, in the reader's thread; the group shows
 * only when there are some. */
void gj_sync_duplicates_refresh     (GjSyncDuplicates *self);

G_END_DECLS
