/* gj-hlc.h: hybrid logical clock values
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* An HLC is one 64-bit number: milliseconds since 2020-01-01 UTC shifted
 * left by 8 bits, plus a logical counter in the low 8 bits. When more than
 * 256 events fall in one millisecond the counter carries into the
 * millisecond part, so the clock runs slightly ahead instead of repeating.
 * The value then fits a 6-byte SQLite integer until about 2037. */
#define GJ_HLC_EPOCH_MS   G_GINT64_CONSTANT (1577836800000)
#define GJ_HLC_SHIFT      8

guint64 gj_hlc_from_unix_ms  (gint64  unix_ms);
gint64  gj_hlc_to_unix_ms    (guint64 hlc);
guint64 gj_hlc_now_physical  (void);
/* Next local clock: greater than @last and not behind the wall clock. */
guint64 gj_hlc_tick          (guint64 last,
                              guint64 physical);
/* A clock formatted for people, in local time. */
char   *gj_hlc_format        (guint64 hlc) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
