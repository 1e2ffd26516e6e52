/* gj-client.h: a laptop syncing with the district server or a colleague's
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "gj-exchange.h"
#include "gj-file-exchange.h"
#include "gj-identity.h"
#include "gj-registry.h"
#include "gj-store.h"

G_BEGIN_DECLS

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
 * cursor moves only after the server has committed the page. The records
 * only: gj_client_sync_all() and gj_client_sync_with() also carry the
 * attached files. */
gboolean  gj_client_sync         (GjStore      *store,
                                  GjIdentity   *identity,
                                  GjSyncStats  *stats,
                                  GError      **error);

/* The peers registry (gj-pairing.h) that belongs to the database at @db_path. */
char     *gj_client_peers_path   (const char *db_path) G_GNUC_WARN_UNUSED_RESULT;

/* This device's identity and peers registry for the database at @db_path,
 * created on first use; an in-memory database cannot sync and gets an
 * error that says so. */
GjIdentity *gj_client_load_identity (const char  *db_path,
                                     GError     **error) G_GNUC_WARN_UNUSED_RESULT;
GjRegistry *gj_client_open_peers    (const char  *db_path,
                                     GError     **error) G_GNUC_WARN_UNUSED_RESULT;

/* Records changed here that the district server has not received yet. */
gint64    gj_client_count_waiting (GjStore *store);

/* Syncs the records with a paired laptop, as with the server, with cursors
 * of its own. */
gboolean  gj_client_sync_peer    (GjStore         *store,
                                  GjIdentity      *identity,
                                  const GjDevice  *peer,
                                  GjSyncStats     *stats,
                                  GError         **error);

typedef struct
{
  GjSyncStats  stats;     /* summed over every peer reached */
  guint        reached;   /* the server and laptops synced with */
  GPtrArray   *problems;  /* sentences: a peer refused, or failed midway */
  GError      *error;     /* the first problem as raised, for its domain and code */
  GPtrArray   *skipped;   /* sentences: a paired laptop that is off or elsewhere */
  GjFileStats  files;     /* attached files, summed over every peer reached; a file
                           * refused or failed is a sentence in problems */
  guint        failed;    /* the server and laptops whose records did not sync */
} GjSyncReport;

void      gj_sync_report_clear   (GjSyncReport *report);

/* A device whose wall clock is further than this from its peer's is told. */
#define GJ_CLOCK_WARN_MS (2 * 60 * 1000)

/* A sentence telling the person that this device's clock is wrong by
 * @offset_ms (the peer's clock minus this one's) and the time to set, or
 * NULL when it is within GJ_CLOCK_WARN_MS. */
char     *gj_client_clock_warning (gint64 offset_ms) G_GNUC_WARN_UNUSED_RESULT;
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (GjSyncReport, gj_sync_report_clear)

/* Syncs with the district server if this device is enrolled (or always,
 * with @server_only, so that "not enrolled" is said), then, unless
 * @server_only, with every paired laptop that listens. A laptop that
 * cannot be reached is skipped, not a problem: colleagues' laptops are
 * switched off and carried away all day. After the records of each peer
 * reached, its attached files travel (gj_file_exchange_sync()): this
 * device's that the peer lacks, and the peer's up to the size in meta
 * "files.fetch_limit". Once @cancellable (may be NULL) is cancelled, the
 * request under way stops and no further peer is tried; the report's
 * error is then G_IO_ERROR_CANCELLED. */
void      gj_client_sync_all     (GjStore       *store,
                                  GjIdentity    *identity,
                                  GjRegistry    *peers,
                                  gboolean       server_only,
                                  GCancellable  *cancellable,
                                  GjSyncReport  *report);

/* As gj_client_sync_all(), with one peer: the paired laptop @peer, or the
 * district server when @peer is NULL. A laptop out of reach is a problem
 * here, not skipped, since it was asked for by name. */
void      gj_client_sync_with    (GjStore        *store,
                                  GjIdentity     *identity,
                                  const GjDevice *peer,
                                  GCancellable   *cancellable,
                                  GjSyncReport   *report);

/* What a sync did with attached files, for people ("2 files sent, 1 file
 * received, 1 large file not yet downloaded"), or NULL when no file moved
 * and none waits. Files refused are told in the report's problems. */
char     *gj_client_describe_files (const GjFileStats *files) G_GNUC_WARN_UNUSED_RESULT;

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

/* Fetches the file @sha256 of @size bytes into @blobs on demand (a file
 * over the fetch limit, or one a person asks for from the command line):
 * from the district server if enrolled, else from each paired laptop that
 * listens until one has it. Resumes what an earlier attempt received. */
gboolean  gj_client_fetch_file   (GjStore            *store,
                                  GjIdentity         *identity,
                                  GjRegistry         *peers,
                                  GjBlobStore        *blobs,
                                  const char         *sha256,
                                  gint64              size,
                                  GjFileProgressFunc  progress,
                                  gpointer            user_data,
                                  GCancellable       *cancellable,
                                  GError            **error);

G_END_DECLS
