/* fuzz-changeset.c: the changeset decoder on raw bytes, as a body arrives
 * from a peer once gunzipped; what decodes must survive a round trip.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fuzz-common.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (data, size);
  g_autoptr(GjChangeset) cs = gj_changeset_decode (bytes, NULL);

  if (cs != NULL)
    fuzz_check_round_trip (cs);
  return 0;
}
