/* gj-sync-problems.h: the records that did not sync, on the Sync page
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "gj-session.h"
#include "gj-sync-agent.h"

G_BEGIN_DECLS

#define GJ_TYPE_SYNC_PROBLEMS (gj_sync_problems_get_type ())
G_DECLARE_FINAL_TYPE (GjSyncProblems, gj_sync_problems, GJ, SYNC_PROBLEMS, AdwPreferencesGroup)

/* The session to read, and the agent that names the paired laptops. */
void gj_sync_problems_set_agent (GjSyncProblems *self,
                                 GjSession      *session,
                                 GjSyncAgent    *agent);
/* Reads the list again, in the reader's thread. */
void gj_sync_problems_refresh   (GjSyncProblems *self);

G_END_DECLS
