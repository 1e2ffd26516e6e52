/* gj-exchange.h: the sync protocol, apart from any transport
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "gj-changeset.h"
#include "gj-store-sync.h"

G_BEGIN_DECLS

typedef struct
{
  guint   sent;        /* cells pushed */
  guint   received;    /* cells pulled that changed something here */
  guint   conflicts;   /* conflicts recorded on either side */
  guint64 bytes_in;    /* compressed bytes pulled */
  guint   refused;     /* rows sent that the peer refused (gj_store_list_problems()) */
  guint   held;        /* rows received that failed a check and are held here */
  gboolean have_offset;
  gint64  offset_ms;   /* the peer's wall clock minus this device's, when it said */
  guint   held_back;   /* cells kept here because the peer's version cannot keep them yet */
  gboolean peer_older; /* the peer runs an older version that is waiting for some of them */
} GjSyncStats;

/* What a peer understands, as it says before pages are exchanged. */
typedef struct
{
  int      protocol;   /* GJ_PROTOCOL_VERSION it reads */
  int      schema;     /* GJ_SCHEMA_WIRE_VERSION it knows */
  gboolean unknown;    /* it keeps and passes on what it does not know */
} GjPeerVersion;

/* This version. */
#define GJ_PEER_VERSION_CURRENT { GJ_PROTOCOL_VERSION, GJ_SCHEMA_WIRE_VERSION, TRUE }
/* Release 0.2.0, which answers no hello: it refuses pages with kinds or
 * fields it does not know, and pulls without saying what it knows. */
#define GJ_PEER_VERSION_0_2 { 1, 1, FALSE }

/* What the protocol needs of a connection to one peer: a request and its
 * answer. The HTTPS client is one such transport; tests use one that
 * calls the answering side directly. */
typedef struct _GjExchangeTransport GjExchangeTransport;

struct _GjExchangeTransport
{
  /* Sends @body (NULL for a GET) to @path_and_query and returns the body
   * of a successful answer, or sets an error that already says in words
   * which peer failed and why. */
  GBytes     *(*request) (GjExchangeTransport *transport,
                          const char          *method,
                          const char          *path_and_query,
                          const char          *content_type,
                          GBytes              *body,
                          GError             **error);
  /* The other side's device id once it is known, to file its refusals
   * under; NULL before the first answer. */
  const char  *peer_id;
  /* For messages: a colleague's laptop rather than the district server. */
  gboolean     peer_is_laptop;
};

/* Asks the peer what it understands (GET /v1/hello). A peer that does
 * not know the question is release 0.2.0. */
gboolean gj_exchange_hello (GjExchangeTransport *transport,
                            GjPeerVersion       *peer,
                            GError             **error);

/* One side's whole sync with one peer: hello, push, pull, with the
 * cursors in meta @push_key and @pull_key. To an older peer it sends what
 * that peer can keep and holds the rest here (counted in stats->held_back)
 * until the peer is updated; then the held cells are sent (a catch-up)
 * without anyone doing anything. Likewise a device that pulled as release
 * 0.2.0 fetches, once updated, what it was not sent then. */
gboolean gj_exchange_sync (GjStore             *store,
                           GjExchangeTransport *transport,
                           const char          *push_key,
                           const char          *pull_key,
                           GjSyncStats         *stats,
                           GError             **error);

/* The cursor kept in meta @key ("floor,pos"), or the start. */
GjCursor gj_exchange_cursor (GjStore    *store,
                             const char *key);

/* One side's sync with one peer: pushes every page after the push cursor
 * kept in meta @push_key, then pulls every page after the pull cursor
 * @pull_key. A pushed page's cursor moves only once the peer answered; a
 * pulled page and its cursor are committed together. Rows the peer
 * refused are filed (gj_store_note_refused()); rows pulled that fail a
 * check are held here (gj_store_apply_page()). */
gboolean gj_exchange_push (GjStore             *store,
                           GjExchangeTransport *transport,
                           const char          *push_key,
                           GjSyncStats         *stats,
                           GError             **error);
gboolean gj_exchange_pull (GjStore             *store,
                           GjExchangeTransport *transport,
                           const char          *pull_key,
                           const char          *push_key,
                           GjSyncStats         *stats,
                           GError             **error);

/* The answering side (the district server, a laptop that listens). */

/* This side's GjPeerVersion as JSON, the answer to a hello. */
GBytes  *gj_exchange_answer_hello (void) G_GNUC_WARN_UNUSED_RESULT;

/* A page of @street_id's changes after the cursor in @query ("floor",
 * "pos", "limit", "site": the asking device's own site id, whose cells it
 * has; "schema" and "unknown": what it can keep, release 0.2.0 when they
 * are missing; "grown": a catch-up of what a device of that wire version
 * was not sent), gzip'd. An invalid cursor is GJ_SYNC_ERROR_MALFORMED. */
GBytes  *gj_exchange_answer_pull (GjStore     *store,
                                  const char  *street_id,
                                  GHashTable  *query,
                                  GError     **error) G_GNUC_WARN_UNUSED_RESULT;

/* Applies a gzip'd page pushed by @device_id, a device of @street_id,
 * judging every row (gj_store_apply_page()), and returns the JSON answer:
 * cells applied, conflicts, this side's time and the rows refused with
 * their reasons. A page that cannot be read at all is refused whole with
 * a GJ_SYNC_ERROR. *@applied_any tells whether anything changed here. */
GBytes  *gj_exchange_answer_push (GjStore     *store,
                                  const char  *device_id,
                                  const char  *street_id,
                                  GBytes      *body,
                                  gboolean    *applied_any,
                                  GError     **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
