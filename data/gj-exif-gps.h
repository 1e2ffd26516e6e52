/* gj-exif-gps.h: erasing the GPS position a photo carries
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The most of a JPEG's head, before its image data, that is read to
 * erase a position: far more than any camera or editor writes (ICC
 * profiles, Extended XMP and all come to a few MB). */
#define GJ_EXIF_GPS_HEADER_MAX (16 * 1024 * 1024)

/* How many bytes at the start of the JPEG whose first @len bytes are
 * @data its segments before the image data take (up to the start of scan),
 * as far as @data tells. When the answer is more than @len, those bytes do
 * not hold the whole header: the caller reads at least that many, if the
 * file has them, and asks again. 0 for what is not a JPEG. Reads nothing
 * outside @data. */
gsize    gj_exif_gps_header_len (const guint8 *data,
                                 gsize         len);

/* Erases, in place, the GPS position of the JPEG whose first @len bytes
 * are @data (the caller passes the whole header that
 * gj_exif_gps_header_len() asks for; a segment cut off by the end of @data
 * is looked at as far as it goes). In an EXIF segment the GPS IFD's
 * entries and the values they point to are overwritten with zeros and
 * IFD0's GPS pointer tag is neutralised, without moving anything, so the
 * rest of the file (orientation, date, the image) stays byte for byte and
 * the file keeps its length; an EXIF segment that cannot be read safely
 * is blanked whole (its "Exif" header and payload zeroed) rather than left
 * with a position in it. In XMP packets (gj-xmp-gps.h) the properties
 * naming a position become spaces; Extended XMP that names one becomes
 * spaces whole. Anything that is not a JPEG, or has none of these, is
 * left untouched; nothing outside @data is ever read or written. Returns
 * TRUE if anything was changed. */
gboolean gj_exif_gps_erase      (guint8       *data,
                                 gsize         len);

/* Erases, in place, the GPS position of an EXIF block as PNG's eXIf and
 * WebP's EXIF chunks hold it: a TIFF structure, after an "Exif\0\0"
 * header some writers put first; one that cannot be read safely is zeroed
 * whole. Returns TRUE if anything was changed. */
gboolean gj_exif_gps_erase_block (guint8      *data,
                                  gsize        len);

G_END_DECLS
