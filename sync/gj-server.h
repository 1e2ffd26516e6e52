/* gj-server.h: the HTTPS endpoint of the district server or of a laptop
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "gj-file-exchange.h"
#include "gj-identity.h"
#include "gj-registry.h"
#include "gj-store.h"

G_BEGIN_DECLS

#define GJ_TYPE_SERVER (gj_server_get_type ())
G_DECLARE_FINAL_TYPE (GjServer, gj_server, GJ, SERVER, GObject)

/* Opens (creating on first use) the server's data folder: its store
 * (server.db), its device registry (registry.db) and its identity. */
GjServer   *gj_server_new            (const char  *data_dir,
                                      GError     **error) G_GNUC_WARN_UNUSED_RESULT;
/* A laptop serving its own @store to the colleagues' laptops paired in
 * @peers; pairing requests wait there for a person (gj-pairing.h). */
GjServer   *gj_server_new_for_peer   (GjStore     *store,
                                      GjIdentity  *identity,
                                      GjRegistry  *peers) G_GNUC_WARN_UNUSED_RESULT;
GjStore    *gj_server_get_store      (GjServer *self);
GjRegistry *gj_server_get_registry   (GjServer *self);
GjIdentity *gj_server_get_identity   (GjServer *self);

/* A one-time enrolment token for @street_name, valid 24 hours. It carries
 * the start of the server's device id so that a laptop can check, on first
 * contact, that it talks to this server. */
char       *gj_server_create_token   (GjServer    *self,
                                      const char  *street_name,
                                      GError     **error) G_GNUC_WARN_UNUSED_RESULT;

/* Listens with mutual TLS on @address ("127.0.0.1:8443", "[::1]:0",
 * "0.0.0.0:8443"); port 0 picks a free one. */
gboolean    gj_server_listen         (GjServer    *self,
                                      const char  *address,
                                      GError     **error);
guint       gj_server_get_port       (GjServer *self);

/* Bytes of changeset bodies sent and received, for the benchmark. */
guint64     gj_server_get_bytes_sent (GjServer *self);

/* The district's limits on attached files (GjFileLimits); the server reads
 * them at start from its store's meta "files.max_size" and
 * "files.street_quota" (set by `gongjian-server limits`), with the
 * defaults GJ_FILE_MAX_SIZE_DEFAULT and GJ_FILE_STREET_QUOTA_DEFAULT. A
 * laptop that listens takes GJ_FILE_MAX_SIZE_DEFAULT per file and has no
 * quota; every receiver keeps its disk floor (gj-file-exchange.h). */
void        gj_server_set_file_limits (GjServer           *self,
                                       const GjFileLimits *limits);
/* The folder of files this server keeps ("files" in its data folder, or
 * the laptop's own beside its database). */
GjBlobStore *gj_server_get_blobs      (GjServer *self);

G_END_DECLS
