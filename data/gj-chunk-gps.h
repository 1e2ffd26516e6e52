/* gj-chunk-gps.h: erasing the GPS position a PNG or WebP photo carries
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Whether the file whose first @len bytes are @data is a PNG or a WebP:
 * formats of chunks whose metadata may come anywhere, after the image
 * data too, so that it is erased in the whole stored copy by
 * gj_chunk_gps_erase_fd() rather than in its head. */
gboolean gj_chunk_gps_is_chunked (const guint8 *data,
                                  gsize         len);

/* Erases, in place, the GPS position of the PNG or WebP file open for
 * reading and writing as @fd, keeping its length: reads only the chunk
 * headers and the chunks that can hold a position. PNG eXIf and WebP
 * EXIF chunks lose their GPS IFD (gj_exif_gps_erase_block()), XMP ones
 * (PNG iTXt/tEXt "XML:com.adobe.xmp", WebP "XMP ") their GPS properties
 * (gj-xmp-gps.h); PNG text chunks that cannot be edited so (compressed
 * XMP, ImageMagick's "Raw profile type" copies of EXIF and XMP, and its
 * "exif:GPSLatitude"-like text chunks) are blanked and renamed to a
 * private chunk every decoder skips, and every PNG chunk changed gets its
 * CRC again. Sets *@changed. Returns 0, an errno value for a failed read
 * or write, or EFBIG for a metadata chunk larger than
 * GJ_EXIF_GPS_HEADER_MAX, which is not checked. */
int      gj_chunk_gps_erase_fd   (int           fd,
                                  gboolean     *changed);

G_END_DECLS
