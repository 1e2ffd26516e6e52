/* fuzz-clock-blob.c: the packed cell clocks of a row, as read from a
 * database file that may be damaged. The first 8 bytes are the row's
 * version, the rest the blob. What decodes must encode and decode back to
 * the same clocks.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "fuzz-common.h"
#include "gj-clock-blob.h"

#define N_COLUMNS 48

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  GjClockEntry entries[N_COLUMNS], again[N_COLUMNS];
  g_autoptr(GByteArray) blob = g_byte_array_new ();
  gint64 row_ver = 0;

  if (size >= sizeof row_ver)
    {
      memcpy (&row_ver, data, sizeof row_ver);
      data += sizeof row_ver;
      size -= sizeof row_ver;
    }
  /* An empty blob comes from SQLite as NULL. */
  if (!gj_clock_blob_decode (size ? data : NULL, size, row_ver, entries, N_COLUMNS))
    return 0;

  gj_clock_blob_encode (entries, N_COLUMNS, row_ver, blob);
  if (!gj_clock_blob_decode (blob->len ? blob->data : NULL, blob->len, row_ver, again, N_COLUMNS))
    fuzz_fail ("an encoded clock blob does not decode", NULL);
  if (memcmp (entries, again, sizeof entries) != 0)
    fuzz_fail ("a clock blob round trip changes the clocks", NULL);
  return 0;
}
