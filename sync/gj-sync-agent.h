/* gj-sync-agent.h: the app's syncing, off the main thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "gj-discovery.h"
#include "gj-registry.h"
#include "gj-session.h"

G_BEGIN_DECLS

#define GJ_TYPE_SYNC_AGENT (gj_sync_agent_get_type ())
G_DECLARE_FINAL_TYPE (GjSyncAgent, gj_sync_agent, GJ, SYNC_AGENT, GObject)

/* Syncs the session's database with the district server and the paired
 * laptops, in worker threads with connections of their own; serves it to
 * paired laptops when LAN sharing is on. Emits "changed" whenever what
 * the Sync page shows may have changed. */
GjSyncAgent *gj_sync_agent_new             (GjSession    *session) G_GNUC_WARN_UNUSED_RESULT;

const char  *gj_sync_agent_get_device_id   (GjSyncAgent  *self);
/* Enrolled on a server, or paired with a laptop that listens. */
gboolean     gj_sync_agent_has_targets     (GjSyncAgent  *self);
gboolean     gj_sync_agent_is_busy         (GjSyncAgent  *self);
/* The server's address once enrolled, else NULL. */
char        *gj_sync_agent_dup_server_url  (GjSyncAgent  *self) G_GNUC_WARN_UNUSED_RESULT;
/* Unix seconds of the last sync that reached someone, 0 if never. */
gint64       gj_sync_agent_get_last_sync   (GjSyncAgent  *self);
/* The last sync's problem in a sentence, or NULL. */
const char  *gj_sync_agent_get_error       (GjSyncAgent  *self);
/* A sentence saying that this laptop's clock is wrong and the time to set,
 * as the last sync measured it; NULL when the clock is right or no peer
 * has said. */
char        *gj_sync_agent_dup_clock_warning (GjSyncAgent *self) G_GNUC_WARN_UNUSED_RESULT;
/* What the last sync has to tell beyond its error, one sentence a line:
 * records the peer refused, records held here, a clock that is wrong.
 * NULL when nothing is. */
/* Whether the last sync's only note is changes held for a peer's update. */
gboolean     gj_sync_agent_only_waits_for_update (GjSyncAgent *self);
char        *gj_sync_agent_dup_notes       (GjSyncAgent  *self) G_GNUC_WARN_UNUSED_RESULT;
/* Records changed here that the server has not received yet. */
gint64       gj_sync_agent_count_waiting   (GjSyncAgent  *self);
/* Paired and waiting laptops (GjDevice). */
GPtrArray   *gj_sync_agent_list_peers      (GjSyncAgent  *self) G_GNUC_WARN_UNUSED_RESULT;
GjDiscovery *gj_sync_agent_get_discovery   (GjSyncAgent  *self);

void         gj_sync_agent_enroll          (GjSyncAgent  *self,
                                            const char   *url,
                                            const char   *token);
void         gj_sync_agent_sync_now        (GjSyncAgent  *self);

/* LAN sharing: listen for paired laptops (and pairing requests). */
gboolean     gj_sync_agent_set_sharing     (GjSyncAgent  *self,
                                            gboolean      sharing,
                                            GError      **error);
/* The port listened on, 0 when not sharing. */
guint        gj_sync_agent_get_port        (GjSyncAgent  *self);

/* Asks the laptop at @url to pair: "pair-code" gives the code to show,
 * "pair-finished" the outcome. */
void         gj_sync_agent_pair            (GjSyncAgent  *self,
                                            const char   *url);
void         gj_sync_agent_cancel_pair     (GjSyncAgent  *self);
gboolean     gj_sync_agent_accept          (GjSyncAgent  *self,
                                            const char   *code,
                                            GError      **error);
gboolean     gj_sync_agent_unpair          (GjSyncAgent  *self,
                                            const char   *device_id,
                                            GError      **error);

G_END_DECLS
