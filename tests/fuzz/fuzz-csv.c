/* fuzz-csv.c: telling text from binary, the UTF-8 and GB18030 decoding,
 * the separator guess and the CSV parser, on any bytes that are neither a
 * zip nor an OLE2 file (those go to the other readers).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fuzz-sheets.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  if ((size >= 4 && memcmp (data, "PK\3\4", 4) == 0)
      || (size >= 4 && memcmp (data, "\xD0\xCF\x11\xE0", 4) == 0))
    return 0;
  fuzz_read_workbook (data, size, "fuzz.csv", NULL, 0);
  return 0;
}
