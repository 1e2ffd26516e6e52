/* gj-sync-agent-private.h: what gj-sync-agent.c and gj-sync-agent-lan.c share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gj-identity.h"
#include "gj-sync-agent.h"

G_BEGIN_DECLS

typedef struct _Listener Listener;

struct _GjSyncAgent
{
  GObject          parent_instance;

  GjSession       *session;
  char            *db_path;
  GjIdentity      *identity;
  GjRegistry      *peers;
  GjDiscovery     *discovery;
  GNetworkMonitor *monitor;
  GSettings       *settings;
  GCancellable    *cancellable;    /* the window's: ends every sync of this agent */

  gboolean         busy;
  GQueue           queue;          /* of Job: syncs and enrolments asked for meanwhile */
  gboolean         applying;
  GError          *error;
  guint            last_refused;   /* of the last sync: ours the peer refused */
  gboolean         last_older;     /* of the last sync: a peer waits for an update for some */
  guint            last_held;      /* and the peer's held here */
  GjFileStats      last_files;     /* of the last sync: attached files moved and waiting */
  guint            edit_timeout;
  guint            period_timeout;

  Listener        *listener;
};

void     _gj_sync_agent_emit_changed     (GjSyncAgent  *self);
/* Everything may have changed under the pages: reload them. */
void     _gj_sync_agent_reload_pages     (GjSyncAgent  *self);
void     _gj_sync_agent_pair_requested   (GjSyncAgent  *self,
                                          const char   *id,
                                          const char   *name,
                                          const char   *code);
/* A worker's own connections to the session's database and its files. */
gboolean _gj_sync_agent_open_connections (const char   *db_path,
                                          GjStore     **store,
                                          GjIdentity  **identity,
                                          GjRegistry  **peers,
                                          GError      **error);
/* Ends LAN sharing, if it is on (gj-sync-agent-lan.c). */
void     _gj_sync_agent_stop_listener    (GjSyncAgent  *self);

G_END_DECLS
