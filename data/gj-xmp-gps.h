/* gj-xmp-gps.h: erasing the GPS position an XMP packet carries
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The longest word that names a position ("longtitude", as DJI spells it). */
#define GJ_XMP_GPS_WINDOW 10

/* A search for the words that name a position ("gps", "latitude",
 * "longitude", "longtitude", in any case, NUL bytes skipped so that UTF-16
 * text is found too) over a text that may come in pieces: a word split
 * between two pieces is still found. Start it with all zeros. */
typedef struct
{
  char window[GJ_XMP_GPS_WINDOW];
} GjXmpGpsScan;

/* Feeds @len bytes of @data to @scan; TRUE once a word naming a position
 * has been seen (in these bytes or with the tail of the ones before). */
gboolean gj_xmp_gps_scan  (GjXmpGpsScan *scan,
                           const guint8 *data,
                           gsize         len);

/* Overwrites @len bytes of @data with spaces; TRUE if any byte changed. */
gboolean gj_xmp_gps_blank (guint8       *data,
                           gsize         len);

/* Erases, in place and keeping its length, every property of the XMP
 * packet @packet (@len bytes, the packet alone, without the JPEG segment's
 * header) whose name names a position (exif:GPSLatitude, any prefix,
 * drone-dji:GpsLongitude, …): each such attribute or element, from its
 * name to its end, becomes spaces, which XML and RDF read as nothing, so
 * the rest of the packet (dates, ratings) stays readable. When the packet
 * is not XML this can follow, or a word naming a position is left anywhere
 * after that edit, the whole packet becomes spaces instead. A packet that
 * never names a position is not touched. Returns TRUE if anything was
 * changed. */
gboolean gj_xmp_gps_erase (guint8       *packet,
                           gsize         len);

G_END_DECLS
