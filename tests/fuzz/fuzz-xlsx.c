/* fuzz-xlsx.c: the XLSX reader (libgsf's zip, libxml2's streaming reader
 * and the parts of a workbook) on bytes that start as a zip.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fuzz-sheets.h"

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  fuzz_read_workbook (data, size, "fuzz.xlsx", "PK\3\4", 4);
  return 0;
}
