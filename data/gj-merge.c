/* gj-merge.c: the per-cell merge rule, as a pure function
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-merge"

#include "config.h"

#include <string.h>

#include "gj-cell.h"
#include "gj-merge.h"

GjMergeOutcome
gj_merge_cell (const GjWrite *local,
               const GjWrite *incoming,
               gboolean       values_equal,
               gboolean       detect)
{
  GjMergeOutcome out = { FALSE, FALSE };
  int cmp;

  g_return_val_if_fail (incoming != NULL, out);

  if (local == NULL || local->hlc == 0)
    {
      out.take = TRUE;
      return out;
    }
  cmp = gj_cell_clock_compare (incoming->hlc, incoming->site, local->hlc, local->site);
  if (cmp == 0)
    return out;   /* the same write again */
  out.take = cmp > 0;

  if (detect && !values_equal && strcmp (incoming->site, local->site) != 0)
    {
      const GjWrite *winner = out.take ? incoming : local;
      const GjWrite *loser = out.take ? local : incoming;

      /* A winner that had seen the loser overwrote it knowingly. */
      out.conflict = winner->seen < loser->hlc;
    }
  return out;
}
