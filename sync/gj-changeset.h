/* gj-changeset.h: pages of cells as JSON on the wire
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "gj-store.h"

G_BEGIN_DECLS

#define GJ_PROTOCOL_VERSION 1
/* Bodies larger than this are refused before they are parsed. */
#define GJ_CHANGESET_MAX_BYTES (16 * 1024 * 1024)
/* A peer whose clock is further ahead than this is refused: its edits
 * would win every conflict for as long as the skew lasts. */
#define GJ_MAX_CLOCK_SKEW_MS (10 * 60 * 1000)

/* One page as sent: the sender's identity and clock, the cells, and where
 * the receiver's cursor stands once it has committed them. */
typedef struct
{
  int        protocol;
  int        schema;
  char       site[GJ_SITE_ID_LEN + 1];
  guint64    clock;
  GjCursor   next;
  gboolean   more;
  GPtrArray *cells;   /* GjCell* */
} GjChangeset;

GjChangeset *gj_changeset_new    (void) G_GNUC_WARN_UNUSED_RESULT;
void         gj_changeset_free   (GjChangeset *changeset);

/* JSON text (not compressed). */
GBytes      *gj_changeset_encode (const GjChangeset *changeset) G_GNUC_WARN_UNUSED_RESULT;

/* Parses and checks a page: well-formed JSON, known kinds and fields,
 * values of the right type, a protocol and schema this version reads, and
 * a sender clock not more than GJ_MAX_CLOCK_SKEW_MS ahead of @now_hlc.
 * Refuses the whole page on the first problem. */
GjChangeset *gj_changeset_decode (GBytes   *json,
                                  guint64   now_hlc,
                                  GError  **error) G_GNUC_WARN_UNUSED_RESULT;

/* gzip for the wire; decompression stops at GJ_CHANGESET_MAX_BYTES. */
GBytes      *gj_gzip             (GBytes   *data,
                                  GError  **error) G_GNUC_WARN_UNUSED_RESULT;
GBytes      *gj_gunzip           (GBytes   *data,
                                  GError  **error) G_GNUC_WARN_UNUSED_RESULT;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GjChangeset, gj_changeset_free)

G_END_DECLS
