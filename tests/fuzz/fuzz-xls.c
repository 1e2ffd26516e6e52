/* fuzz-xls.c: the XLS reader (libfreexl through a temporary file) on
 * bytes that start as an OLE2 compound file.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fuzz-sheets.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  static const guint8 ole2[] = { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 };

  fuzz_read_workbook (data, size, "fuzz.xls", ole2, sizeof ole2);
  return 0;
}
