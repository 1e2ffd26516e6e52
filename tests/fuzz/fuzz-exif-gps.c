/* fuzz-exif-gps.c: a photo's head, as a person or a peer may hand it over,
 * with its GPS position erased in place. Nothing may be read or written
 * outside the buffer; what is written is only the zeros of the erase and
 * the neutralised GPS pointer (tag 0xffff, type 7); what is not a JPEG is
 * left as it is.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "fuzz-common.h"
#include "gj-exif-gps.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree guint8 *copy = NULL;
  gboolean changed;
  gboolean jpeg;

  /* libFuzzer hands over an empty input as a null pointer. */
  if (size == 0)
    return 0;
  copy = g_memdup2 (data, size);
  changed = gj_exif_gps_erase (copy, size);
  jpeg = size >= 2 && data[0] == 0xff && data[1] == 0xd8;

  if (changed && !jpeg)
    fuzz_fail ("something that is not a JPEG was changed", NULL);
  if (!changed && memcmp (copy, data, size) != 0)
    fuzz_fail ("the data changed but the erase says it did not", NULL);
  for (size_t i = 0; i < size; i++)
    if (copy[i] != data[i] && copy[i] != 0 && copy[i] != 0xff && copy[i] != 7)
      fuzz_fail ("the erase wrote something other than zeros", NULL);
  return 0;
}
