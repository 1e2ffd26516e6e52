/* gj-client.h: a laptop syncing with the district server or a colleague's
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "gj-identity.h"
#include "gj-registry.h"
#include "gj-store.h"

G_BEGIN_DECLS

typedef struct
{
  guint   sent;        /* cells pushed */
  guint   received;    /* cells pulled that changed something here */
  guint   conflicts;   /* conflicts recorded on either side */
  guint64 bytes_in;    /* compressed bytes pulled */
} GjSyncStats;

/* The identity folder that belongs to the database at @db_path. */
char     *gj_client_identity_dir (const char *db_path) G_GNUC_WARN_UNUSED_RESULT;

/* Enrols this device on the server at @url ("https://host:port") with a
 * token from the district administrator, and remembers the server. */
gboolean  gj_client_enroll       (GjStore     *store,
                                  GjIdentity  *identity,
                                  const char  *url,
                                  const char  *token,
                                  GError     **error);

/* Pushes local changes, then pulls the street's changes, a page at a time.
 * Each pulled page is applied with its cursor in one transaction; a push
 * cursor moves only after the server has committed the page. */
gboolean  gj_client_sync         (GjStore      *store,
                                  GjIdentity   *identity,
                                  GjSyncStats  *stats,
                                  GError      **error);

/* The peers registry (gj-pairing.h) that belongs to the database at @db_path. */
char     *gj_client_peers_path   (const char *db_path) G_GNUC_WARN_UNUSED_RESULT;

/* Syncs with a paired laptop, as with the server, with cursors of its own. */
gboolean  gj_client_sync_peer    (GjStore         *store,
                                  GjIdentity      *identity,
                                  const GjDevice  *peer,
                                  GjSyncStats     *stats,
                                  GError         **error);

/* Called once the pairing code is known, to show it to the person. */
typedef void (*GjPairCodeFunc) (const char *code,
                                const char *peer_name,
                                gpointer    user_data);

/* Asks the laptop at @url to pair, shows the code through @code_func and
 * waits (up to five minutes, or until @cancellable) for a person there to
 * accept it; then records the laptop in @peers. @listen_port, if not 0,
 * tells the other laptop where this one listens so it can sync back. */
gboolean  gj_client_pair         (GjStore        *store,
                                  GjIdentity     *identity,
                                  GjRegistry     *peers,
                                  const char     *url,
                                  guint           listen_port,
                                  GjPairCodeFunc  code_func,
                                  gpointer        user_data,
                                  GCancellable   *cancellable,
                                  GError        **error);

G_END_DECLS
