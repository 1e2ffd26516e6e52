/* gj-json-scan.h: a strict, bounded check of JSON text before it is parsed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* What a body may cost. json-glib builds the whole tree and recurses once per
 * nesting level, so both are bounded here, in one pass that keeps no state
 * per node, before json-glib sees a byte. */
typedef struct
{
  guint max_depth;   /* arrays and objects inside each other */
  guint max_nodes;   /* values of any kind, containers included */
} GjJsonLimits;

/* Checks that @data is one JSON value as RFC 8259 defines it and nothing
 * else: valid UTF-8 throughout, only the standard string escapes (json-glib
 * would also take octal and other GScanner escapes), \u escapes that make
 * whole characters (no lone surrogates) and never U+0000, integers that fit
 * in 64 bits, finite numbers, and no more nesting or nodes than @limits.
 * On failure sets a GJ_SYNC_ERROR_MALFORMED error saying what and where. */
gboolean gj_json_scan (const char         *data,
                       gsize               len,
                       const GjJsonLimits *limits,
                       GError            **error);

/* Small JSON messages (enrolment, pairing, error and push answers): a few
 * members, never deep. */
#define GJ_JSON_MESSAGE_LIMITS { 8, 20000 }

/* gj_json_scan() of @bytes with GJ_JSON_MESSAGE_LIMITS, for a caller that
 * only needs to know whether json-glib may be given them. */
gboolean gj_json_scan_message (GBytes *bytes);

G_END_DECLS
