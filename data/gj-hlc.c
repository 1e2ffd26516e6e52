/* gj-hlc.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-hlc"

#include "config.h"

#include "gj-hlc.h"

guint64
gj_hlc_from_unix_ms (gint64 unix_ms)
{
  if (unix_ms < GJ_HLC_EPOCH_MS)
    return 0;
  return ((guint64) (unix_ms - GJ_HLC_EPOCH_MS)) << GJ_HLC_SHIFT;
}

gint64
gj_hlc_to_unix_ms (guint64 hlc)
{
  return (gint64) (hlc >> GJ_HLC_SHIFT) + GJ_HLC_EPOCH_MS;
}

guint64
gj_hlc_now_physical (void)
{
  return gj_hlc_from_unix_ms (g_get_real_time () / 1000);
}

guint64
gj_hlc_tick (guint64 last,
             guint64 physical)
{
  /* Never behind the last clock handed out or received: if the wall clock
   * stepped back, the logical part keeps counting up from the old value. */
  return physical > last ? physical : last + 1;
}

char *
gj_hlc_format (guint64 hlc)
{
  g_autoptr(GDateTime) utc = g_date_time_new_from_unix_utc (gj_hlc_to_unix_ms (hlc) / 1000);
  g_autoptr(GDateTime) local = NULL;

  if (utc == NULL)
    return g_strdup ("?");
  local = g_date_time_to_local (utc);
  /* %x %X follow the locale: 2026年11月24日 14:05:09 under zh_CN. */
  return g_date_time_format (local, "%x %X");
}
