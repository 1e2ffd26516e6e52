/* gj-changeset.h: pages of cells as JSON on the wire
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "gj-site-names.h"
#include "gj-store-sync.h"

G_BEGIN_DECLS

#define GJ_PROTOCOL_VERSION 1
/* Bodies larger than this are refused before they are parsed. Senders
 * fill pages up to GJ_CHANGESET_PAGE_BYTES, so that a page of valid records
 * is always well under the limit: one record's largest possible text plus
 * a full page stays below it. */
#define GJ_CHANGESET_MAX_BYTES (16 * 1024 * 1024)
#define GJ_CHANGESET_PAGE_BYTES (4 * 1024 * 1024)
/* A page is [kind, id, [cells]] rows of [field, value, clock, device, seen]
 * cells inside one object: five levels. The node limit allows a full page
 * of single-cell rows (GJ_CHANGESET_MAX_CELLS) and keeps json-glib's tree,
 * about 200 bytes a node, near 60 MB however the body is made. */
#define GJ_CHANGESET_MAX_DEPTH 8
#define GJ_CHANGESET_MAX_CELLS 20000
#define GJ_CHANGESET_MAX_NODES (GJ_CHANGESET_MAX_CELLS * 12 + 1024)
/* A page names at most this many devices ("names"), each name at most
 * GJ_SITE_NAME_MAX_CHARS characters of at most 4 bytes, with no character
 * that needs an escape: the member adds under 24 kB to a page, well inside
 * the room GJ_CHANGESET_MAX_BYTES leaves above GJ_CHANGESET_PAGE_BYTES,
 * and 2 nodes a device inside the node limit's spare 1024. */
#define GJ_CHANGESET_MAX_NAMES 64
#define GJ_CHANGESET_NAMES_MAX_BYTES \
  (GJ_CHANGESET_MAX_NAMES * (GJ_SITE_ID_LEN + 4 * GJ_SITE_NAME_MAX_CHARS + 8) + 16)
G_STATIC_ASSERT (GJ_CHANGESET_PAGE_BYTES + GJ_CHANGESET_NAMES_MAX_BYTES + 1024 * 1024 <
                 GJ_CHANGESET_MAX_BYTES);
G_STATIC_ASSERT (GJ_CHANGESET_MAX_NAMES * 2 < 1024);

/* One page as sent: the sender's identity and clock, the cells, and where
 * the receiver's cursor stands once it has committed them. */
typedef struct
{
  int        protocol;
  int        schema;
  char       site[GJ_SITE_ID_LEN + 1];
  guint64    clock;
  gint64     time_ms;  /* sender's wall clock, Unix ms; 0 if not sent */
  GjCursor   next;
  gboolean   more;
  GPtrArray *cells;   /* GjCell* */
  /* Site id -> name of the devices whose changes are in the page, as far
   * as the sender knows them (gj-site-names.h). Decoding keeps only valid
   * names of the page's own sites and drops the others without a word:
   * they are only ever shown, and release 0.2.0 neither sends nor reads
   * them. */
  GHashTable *names;
} GjChangeset;

GjChangeset *gj_changeset_new    (void) G_GNUC_WARN_UNUSED_RESULT;
void         gj_changeset_free   (GjChangeset *changeset);

/* JSON text (not compressed). */
GBytes      *gj_changeset_encode (const GjChangeset *changeset) G_GNUC_WARN_UNUSED_RESULT;

/* Parses and checks a page: strict JSON within GJ_CHANGESET_MAX_DEPTH and
 * GJ_CHANGESET_MAX_NODES (checked before anything is built), known kinds
 * and fields, record ids of the form gj_record_id_is_valid() accepts,
 * plain values (never arrays or objects), a protocol and schema this
 * version reads. Refuses the whole page on the first problem. Whether each
 * value suits its field, and cells dated in the future, are judged row by
 * row when the page is applied (gj_store_apply()), so one bad record never
 * costs the others; clocks are not judged here either, since a device
 * whose clock was ahead must keep syncing (DESIGN.md §5). */
GjChangeset *gj_changeset_decode (GBytes   *json,
                                  GError  **error) G_GNUC_WARN_UNUSED_RESULT;

/* gzip for the wire; decompression stops at GJ_CHANGESET_MAX_BYTES. */
GBytes      *gj_gzip             (GBytes   *data,
                                  GError  **error) G_GNUC_WARN_UNUSED_RESULT;
GBytes      *gj_gunzip           (GBytes   *data,
                                  GError  **error) G_GNUC_WARN_UNUSED_RESULT;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GjChangeset, gj_changeset_free)

G_END_DECLS
