/* gj-client.h: a laptop syncing with the district server
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "gj-identity.h"
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

G_END_DECLS
