/* fuzz-changeset-gzip.c: a body as it arrives on the wire, gzip first.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fuzz-common.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) gz = g_bytes_new_static (data, size);
  g_autoptr(GBytes) json = gj_gunzip (gz, NULL);
  g_autoptr(GjChangeset) cs = NULL;

  if (json == NULL)
    return 0;
  cs = gj_changeset_decode (json, NULL);
  if (cs != NULL)
    fuzz_check_round_trip (cs);
  return 0;
}
