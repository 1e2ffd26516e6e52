/* gj-sync-agent.h: the app's syncing, off the main thread
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "gj-discovery.h"
#include "gj-file-exchange.h"
#include "gj-registry.h"
#include "gj-session.h"

G_BEGIN_DECLS

#define GJ_TYPE_SYNC_AGENT (gj_sync_agent_get_type ())
G_DECLARE_FINAL_TYPE (GjSyncAgent, gj_sync_agent, GJ, SYNC_AGENT, GObject)

/* Syncs the session's database with the district server and the paired
 * laptops, in worker threads with connections of their own; serves it to
 * paired laptops when LAN sharing is on. Emits "changed" whenever what
 * the Sync page shows may have changed. @cancellable is the window's,
 * cancelled when it closes: it ends every sync, the agent's own ones
 * (after edits, every ten minutes) as well as those asked for. */
GjSyncAgent *gj_sync_agent_new             (GjSession    *session,
                                            GCancellable *cancellable) G_GNUC_WARN_UNUSED_RESULT;

const char  *gj_sync_agent_get_device_id   (GjSyncAgent  *self);
/* Enrolled on a server, or paired with a laptop that listens. */
gboolean     gj_sync_agent_has_targets     (GjSyncAgent  *self);
gboolean     gj_sync_agent_is_busy         (GjSyncAgent  *self);
/* The server's address once enrolled, else NULL. */
char        *gj_sync_agent_dup_server_url  (GjSyncAgent  *self) G_GNUC_WARN_UNUSED_RESULT;
/* Unix seconds of the last sync that reached someone, 0 if never. */
gint64       gj_sync_agent_get_last_sync   (GjSyncAgent  *self);
/* The last sync's problem, or NULL: its message says every problem, one a
 * line, and its code is the first one's (GJ_SYNC_ERROR, GJ_DATA_ERROR). */
const GError *gj_sync_agent_get_error      (GjSyncAgent  *self);
/* A sentence saying that this laptop's clock is wrong and the time to set,
 * as the last sync measured it; NULL when the clock is right or no peer
 * has said. */
char        *gj_sync_agent_dup_clock_warning (GjSyncAgent *self) G_GNUC_WARN_UNUSED_RESULT;
/* Whether the last sync's only note is changes held for a peer's update. */
gboolean     gj_sync_agent_only_waits_for_update (GjSyncAgent *self);
/* What the last sync has to tell beyond its error, one sentence a line:
 * records the peer refused, records held here, the attached files sent,
 * received and left to download, a clock that is wrong.
 * NULL when nothing is. */
char        *gj_sync_agent_dup_notes       (GjSyncAgent  *self) G_GNUC_WARN_UNUSED_RESULT;
/* Records changed here that the server has not received yet. */
gint64       gj_sync_agent_count_waiting   (GjSyncAgent  *self);
/* Paired and waiting laptops (GjDevice). */
GPtrArray   *gj_sync_agent_list_peers      (GjSyncAgent  *self,
                                            GError      **error) G_GNUC_WARN_UNUSED_RESULT;
GjDiscovery *gj_sync_agent_get_discovery   (GjSyncAgent  *self);

/* Enrols on the district server at @url ("host:port") with the token of
 * the district administrator, then syncs. Waits for a sync under way. */
void         gj_sync_agent_enroll_async    (GjSyncAgent         *self,
                                            const char          *url,
                                            const char          *token,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean     gj_sync_agent_enroll_finish   (GjSyncAgent         *self,
                                            GAsyncResult        *result,
                                            GError             **error);
/* Syncs with the server and every paired laptop that listens; asked for
 * during a sync, it is answered by the one after, which brings what
 * changed meanwhile. A problem is also kept for gj_sync_agent_get_error(). */
void         gj_sync_agent_sync_async      (GjSyncAgent         *self,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean     gj_sync_agent_sync_finish     (GjSyncAgent         *self,
                                            GAsyncResult        *result,
                                            GError             **error);

/* LAN sharing: listen for paired laptops (and pairing requests). */
gboolean     gj_sync_agent_set_sharing     (GjSyncAgent  *self,
                                            gboolean      sharing,
                                            GError      **error);
/* The port listened on, 0 when not sharing. */
guint        gj_sync_agent_get_port        (GjSyncAgent  *self);

/* Asks the laptop at @url to pair: "pair-code" gives the code to show
 * meanwhile; it ends once a person there accepts, or with @cancellable. */
void         gj_sync_agent_pair_async      (GjSyncAgent         *self,
                                            const char          *url,
                                            GCancellable        *cancellable,
                                            GAsyncReadyCallback  callback,
                                            gpointer             user_data);
gboolean     gj_sync_agent_pair_finish     (GjSyncAgent         *self,
                                            GAsyncResult        *result,
                                            GError             **error);
gboolean     gj_sync_agent_accept          (GjSyncAgent  *self,
                                            const char   *code,
                                            GError      **error);
gboolean     gj_sync_agent_unpair          (GjSyncAgent  *self,
                                            const char   *device_id,
                                            GError      **error);

/* Fetches an attached file that is not here yet (gj_client_fetch_file())
 * in a worker thread; @progress is called on the main thread. */
void         gj_sync_agent_fetch_file_async  (GjSyncAgent         *self,
                                              const char          *sha256,
                                              gint64               size,
                                              GjFileProgressFunc   progress,
                                              gpointer             progress_data,
                                              GCancellable        *cancellable,
                                              GAsyncReadyCallback  callback,
                                              gpointer             user_data);
gboolean     gj_sync_agent_fetch_file_finish (GjSyncAgent         *self,
                                              GAsyncResult        *result,
                                              GError             **error);

G_END_DECLS
