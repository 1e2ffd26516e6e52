/* gj-file-exchange.h: attached files between two devices, in chunks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "gj-blob-store.h"
#include "gj-exchange.h"
#include "gj-store.h"

G_BEGIN_DECLS

/* What a receiver takes: the district's limits on its server; 0 means no
 * limit. A laptop that listens takes at most GJ_FILE_MAX_SIZE_DEFAULT per
 * file from its colleagues and has no quota (it keeps one street's files,
 * which it fetches anyway); @laptop words its refusals so. */
typedef struct
{
  gint64   max_file_size;  /* bytes of one file */
  gint64   street_quota;   /* bytes of distinct files one street's records refer to */
  gboolean laptop;         /* the receiver is a laptop, not the district server */
} GjFileLimits;

#define GJ_FILE_MAX_SIZE_DEFAULT   ((gint64) 64 * 1024 * 1024)
#define GJ_FILE_STREET_QUOTA_DEFAULT ((gint64) 10 * 1024 * 1024 * 1024)
/* Every receiver, server or laptop, keeps this much of the disk holding
 * its files free whatever it is sent or fetches: 5 % of the disk, at
 * least 1 GB and at most 2 GB. A transfer that would leave less is
 * refused before its first byte. The ceiling is low on purpose: a 256 GB
 * laptop nearly full is still where station work has to happen, and 2 GB
 * is room enough for the database, its journal and the system. */
#define GJ_FILE_DISK_FLOOR_MIN     ((gint64) 1024 * 1024 * 1024)
#define GJ_FILE_DISK_FLOOR_MAX     ((gint64) 2 * 1024 * 1024 * 1024)
#define GJ_FILE_DISK_FLOOR_PERCENT 5
/* Files up to this size are fetched with every sync unless the store's
 * meta "files.fetch_limit" (bytes, set from Preferences) says otherwise;
 * larger ones wait for a person to ask. */
#define GJ_FILE_FETCH_LIMIT_DEFAULT ((gint64) 5 * 1024 * 1024)

/* Called as a transfer goes, from the thread doing it. */
typedef void (*GjFileProgressFunc) (gint64   done,
                                    gint64   total,
                                    gpointer user_data);

typedef struct
{
  guint   sent;          /* files the peer received whole from here */
  guint   received;      /* files received whole from the peer */
  guint64 bytes_sent;
  guint64 bytes_received;
  guint   waiting;       /* files over the fetch limit, left for a person to ask */
  guint   refused;       /* files the peer refused (size, quota, disk), said in problems */
} GjFileStats;

/* The asking side, over any transport (the HTTPS client, or the tests'
 * direct one). Sends the file @sha256 from @blobs to the peer, starting
 * where an interrupted upload left off; the peer first judges its size and
 * its street's quota and refuses before any byte is sent. */
gboolean gj_file_exchange_upload   (GjExchangeTransport *transport,
                                    GjBlobStore         *blobs,
                                    const char          *sha256,
                                    GjFileProgressFunc   progress,
                                    gpointer             user_data,
                                    GCancellable        *cancellable,
                                    GError             **error);
/* Fetches the file @sha256 of @size bytes from the peer into @blobs,
 * resuming after what was received before; each chunk is checked against
 * the peer's chunk hashes, and a chunk that does not match is refused and
 * asked for again (a few times, then an error). Before anything is asked,
 * a file from another laptop over GJ_FILE_MAX_SIZE_DEFAULT is refused
 * (GJ_SYNC_ERROR_TOO_LARGE), and so is a file that would leave less than
 * the disk floor free here (G_IO_ERROR_NO_SPACE). */
gboolean gj_file_exchange_download (GjExchangeTransport *transport,
                                    GjBlobStore         *blobs,
                                    const char          *sha256,
                                    gint64               size,
                                    GjFileProgressFunc   progress,
                                    gpointer             user_data,
                                    GCancellable        *cancellable,
                                    GError             **error);
/* After the records' sync with one peer: uploads every file that a live
 * attachment of this street refers to and the peer has not confirmed
 * (kept per @peer_key so it is not asked again), then fetches the missing
 * ones of at most @fetch_limit bytes. A file the peer refuses, or that
 * fails, is said in @problems (sentences, may be NULL) and the others go
 * on; only a transport failure stops it. */
gboolean gj_file_exchange_sync     (GjStore             *store,
                                    GjBlobStore         *blobs,
                                    GjExchangeTransport *transport,
                                    const char          *peer_key,
                                    gint64               fetch_limit,
                                    GjFileStats         *stats,
                                    GPtrArray           *problems,
                                    GCancellable        *cancellable,
                                    GError             **error);

/* The answering side (the district server, a laptop that listens):
 * answers a request for a path under "/v1/files/" from a device of
 * @street_id, judging access (a live attachment of that street refers to
 * the file), @limits (NULL: none), the disk floor (always) and every
 * number and hash it is sent.
 * Returns the answer's body and sets *@status (an HTTP status) and
 * *@content_type; on a refusal returns NULL with *@status set and @error
 * saying why in words for the other side's user. */
GBytes  *gj_file_exchange_answer   (GjStore             *store,
                                    GjBlobStore         *blobs,
                                    const GjFileLimits  *limits,
                                    const char          *street_id,
                                    const char          *method,
                                    const char          *path,
                                    GHashTable          *query,
                                    GBytes              *body,
                                    guint               *status,
                                    const char         **content_type,
                                    GError             **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
