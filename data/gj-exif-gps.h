/* gj-exif-gps.h: erasing the GPS position a photo carries
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Erases, in place, the EXIF GPS data of the JPEG whose first @len bytes
 * are @data (the caller passes the file's head: the EXIF segment lies in
 * its first 64 KB and some markers): the GPS IFD's entries and the values
 * they point to are overwritten with zeros and IFD0's GPS pointer tag is
 * neutralised, without moving anything, so the rest of the file
 * (orientation, date, the image) stays byte for byte and the file keeps
 * its length. An EXIF segment that cannot be read safely is blanked whole
 * (its "Exif" header and payload zeroed) rather than left with a position
 * in it. Anything that is not a JPEG, or has no EXIF, is left untouched;
 * nothing outside @data is ever read or written. Returns TRUE if anything
 * was changed. */
gboolean gj_exif_gps_erase (guint8 *data,
                            gsize   len);

G_END_DECLS
