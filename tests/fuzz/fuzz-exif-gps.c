/* fuzz-exif-gps.c: a photo's head, as a person or a peer may hand it over,
 * with its GPS position erased in place from EXIF and XMP. Nothing may be
 * read or written outside the buffer; what is written is only the zeros of
 * the EXIF erase, the neutralised GPS pointer (tag 0xffff, type 7) and the
 * spaces of the XMP erase; what is not a JPEG is left as it is. The erase
 * never moves a segment, so the header the blob store reads (up to the
 * start of scan) is as long after it as before, and erasing that header
 * alone, as the blob store does, gives the same bytes as erasing the whole
 * input. Input that is not a JPEG is also erased as an XMP packet, after
 * which no word naming a position may be left in it. A PNG or WebP goes
 * through the chunk walk in a file of its own (a memfd), which may refuse
 * only a metadata chunk too large, and never changes the file's length.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
/* For memfd_create(). */
#define _GNU_SOURCE

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz-common.h"
#include "gj-chunk-gps.h"
#include "gj-exif-gps.h"
#include "gj-xmp-gps.h"

static gboolean
written_ok (guint8 c)
{
  return c == 0 || c == 0xff || c == 7 || c == ' ';
}

static void
check_jpeg (const uint8_t *data,
            size_t         size)
{
  g_autofree guint8 *copy = g_memdup2 (data, size);
  gsize header = gj_exif_gps_header_len (data, size);
  gboolean changed = gj_exif_gps_erase (copy, size);
  gboolean jpeg = size >= 2 && data[0] == 0xff && data[1] == 0xd8;

  if (changed && !jpeg)
    fuzz_fail ("something that is not a JPEG was changed", NULL);
  if (!changed && memcmp (copy, data, size) != 0)
    fuzz_fail ("the data changed but the erase says it did not", NULL);
  for (size_t i = 0; i < size; i++)
    if (copy[i] != data[i] && !written_ok (copy[i]))
      fuzz_fail ("the erase wrote something other than zeros and spaces", NULL);
  if (gj_exif_gps_header_len (copy, size) != header)
    fuzz_fail ("the erase moved the end of the header", NULL);
  if (header <= size)
    {
      g_autofree guint8 *head = g_memdup2 (data, header);

      if (header > 0 && memcmp (copy + header, data + header, size - header) != 0)
        fuzz_fail ("the erase wrote past the header", NULL);
      /* Where the header ends is told by at most the four bytes after it
       * (a marker and a length that stop the walk). */
      if (gj_exif_gps_header_len (data, MIN (size, header + 4)) != header)
        fuzz_fail ("the bytes of the header do not say where it ends", NULL);
      /* The blob store's way: the header alone, in a buffer of its size. */
      if (header > 0)
        {
          gj_exif_gps_erase (head, header);
          if (memcmp (head, copy, header) != 0)
            fuzz_fail ("erasing the header alone differs from erasing the whole", NULL);
        }
    }
  else if (header > size + 0x10003)
    fuzz_fail ("the header asks for more than one segment past the data", NULL);
}

static void
check_packet (const uint8_t *data,
              size_t         size)
{
  g_autofree guint8 *copy = g_memdup2 (data, size);
  GjXmpGpsScan scan = { { 0 } };
  gboolean changed = gj_xmp_gps_erase (copy, size);

  if (!changed && memcmp (copy, data, size) != 0)
    fuzz_fail ("the packet changed but the erase says it did not", NULL);
  for (size_t i = 0; i < size; i++)
    if (copy[i] != data[i] && copy[i] != ' ')
      fuzz_fail ("the XMP erase wrote something other than spaces", NULL);
  if (gj_xmp_gps_scan (&scan, copy, size))
    fuzz_fail ("a word naming a position is left in the packet", NULL);
  if (gj_xmp_gps_erase (copy, size))
    fuzz_fail ("a second XMP erase still found something", NULL);
}

static void
check_chunks (const uint8_t *data,
              size_t         size)
{
  int fd = memfd_create ("fuzz-chunk-gps", MFD_CLOEXEC);
  gboolean changed = FALSE;
  struct stat st;
  int err;

  if (fd < 0 || write (fd, data, size) != (ssize_t) size)
    fuzz_fail ("the memfd could not be written", NULL);
  err = gj_chunk_gps_erase_fd (fd, &changed);
  if (err != 0 && err != EFBIG)
    fuzz_fail ("the chunk walk failed to read or write", NULL);
  if (fstat (fd, &st) != 0 || (size_t) st.st_size != size)
    fuzz_fail ("the chunk walk changed the file's length", NULL);
  close (fd);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  /* libFuzzer hands over an empty input as a null pointer. */
  if (size == 0)
    return 0;
  check_jpeg (data, size);
  if (gj_chunk_gps_is_chunked (data, size))
    check_chunks (data, size);
  else if (data[0] != 0xff)
    check_packet (data, size);
  return 0;
}
