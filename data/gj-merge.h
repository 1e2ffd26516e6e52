/* gj-merge.h: the per-cell merge rule, as a pure function
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* One write of a cell as the merge sees it: its clock, the device that made
 * it, and the newest value from another device its writer had seen. */
typedef struct
{
  guint64     hlc;
  const char *site;
  guint64     seen;
} GjWrite;

typedef struct
{
  gboolean take;      /* the incoming write replaces the local one */
  gboolean conflict;  /* the loser was concurrent: keep it for a person */
} GjMergeOutcome;

/* DESIGN.md §5: the incoming write wins iff its (clock, site) is greater
 * than the local one's (any write wins over none). The losing value is a
 * conflict when it came from another device, differed (@values_equal is
 * FALSE), and the winner's writer had not seen it. With @detect FALSE
 * (kinds that never record conflicts) only @take is decided. Depends on
 * nothing but its arguments, so the same writes give the same state in
 * any order on every device. */
GjMergeOutcome gj_merge_cell (const GjWrite *local,
                              const GjWrite *incoming,
                              gboolean       values_equal,
                              gboolean       detect);

G_END_DECLS
