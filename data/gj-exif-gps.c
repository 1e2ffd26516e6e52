/* gj-exif-gps.c: erasing the GPS position a photo carries
 *
 * Written by hand rather than with a metadata library: it only ever
 * overwrites bytes in place, never rebuilds a file, so the walk needs to
 * understand little: JPEG segments up to the start of the image data, and
 * in an APP1 "Exif" segment the TIFF header, IFD0 and the GPS IFD that
 * tag 0x8825 points to (and an XMP packet IFD0 may hold). Every byte is
 * untrusted: each offset is checked against the segment in 64-bit
 * arithmetic before it is used, so that a 32-bit offset plus a count can
 * never wrap into bounds. The other APP1 segments are XMP, whose
 * positions gj-xmp-gps.c erases.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-exif-gps"

#include "config.h"

#include <string.h>

#include "gj-exif-gps.h"
#include "gj-xmp-gps.h"

#define TAG_GPS_IFD   0x8825
#define TAG_XMP       0x02bc
#define ENTRY_SIZE    12
#define EXIF_HEADER_LEN 6
#define XMP_HEADER "http://ns.adobe.com/xap/1.0/"  /* and its NUL */
#define XMP_HEADER_LEN 29
#define XMP_EXT_HEADER "http://ns.adobe.com/xmp/extension/"
#define XMP_EXT_HEADER_LEN 35
#define XMP_GUID_LEN 32
#define XMP_EXT_CHUNK_HEADER 75

typedef struct
{
  guint8   *base;  /* the TIFF header */
  guint64   len;   /* bytes of the segment from base */
  gboolean  big;   /* "MM" byte order */
} Tiff;

static guint
get16 (const Tiff *t,
       guint64     off)
{
  const guint8 *p = t->base + off;

  return t->big ? (guint) (p[0] << 8 | p[1]) : (guint) (p[1] << 8 | p[0]);
}

static guint32
get32 (const Tiff *t,
       guint64     off)
{
  const guint8 *p = t->base + off;

  return t->big ? (guint32) p[0] << 24 | (guint32) p[1] << 16 | (guint32) p[2] << 8 | p[3]
                : (guint32) p[3] << 24 | (guint32) p[2] << 16 | (guint32) p[1] << 8 | p[0];
}

static gboolean
in_bounds (const Tiff *t,
           guint64     off,
           guint64     n)
{
  return off <= t->len && n <= t->len - off;
}

/* Bytes of one value of TIFF type @type, 0 for a type TIFF does not
 * define (its values' size cannot be known). */
static guint
type_size (guint type)
{
  switch (type)
    {
    case 1: case 2: case 6: case 7:
      return 1;
    case 3: case 8:
      return 2;
    case 4: case 9: case 11: case 13:
      return 4;
    case 5: case 10: case 12:
      return 8;
    default:
      return 0;
    }
}

/* Zeroes the GPS IFD at @off, the values its entries point to, its
 * entry count and its link to a next IFD: what is left is an empty IFD.
 * FALSE when any of it lies outside the segment. */
static gboolean
erase_gps_ifd (Tiff    *t,
               guint64  off)
{
  guint64 count, entries_len;

  if (!in_bounds (t, off, 2))
    return FALSE;
  count = get16 (t, off);
  entries_len = count * ENTRY_SIZE;
  if (!in_bounds (t, off + 2, entries_len))
    return FALSE;
  for (guint64 i = 0; i < count; i++)
    {
      guint64 e = off + 2 + i * ENTRY_SIZE;
      guint size = type_size (get16 (t, e + 2));
      guint64 bytes = (guint64) size * get32 (t, e + 4);

      if (size == 0)
        return FALSE;
      if (bytes > 4)
        {
          guint64 value = get32 (t, e + 8);

          if (!in_bounds (t, value, bytes))
            return FALSE;
          memset (t->base + value, 0, bytes);
        }
    }
  memset (t->base + off, 0, 2 + entries_len);
  /* The link to a next IFD, where there is room for it. */
  if (in_bounds (t, off + 2 + entries_len, 4))
    memset (t->base + off + 2 + entries_len, 0, 4);
  return TRUE;
}

/* IFD0's entry @e is an XMP packet (ExifTool writes one there as
 * ApplicationNotes and reads it back as XMP): its position goes as in any
 * packet. FALSE when the packet lies outside the segment. */
static gboolean
erase_xmp_entry (Tiff     *t,
                 guint64   e,
                 gboolean *changed)
{
  guint size = type_size (get16 (t, e + 2));
  guint64 bytes = (guint64) size * get32 (t, e + 4);
  guint64 value = bytes > 4 ? get32 (t, e + 8) : e + 8;

  if (size == 0 || !in_bounds (t, value, bytes))
    return FALSE;
  *changed |= gj_xmp_gps_erase (t->base + value, bytes);
  return TRUE;
}

/* Erases the GPS data of the TIFF structure in an Exif segment. Sets
 * *@changed; FALSE when the structure cannot be read safely. */
static gboolean
erase_in_tiff (Tiff     *t,
               gboolean *changed)
{
  guint64 ifd0, count;

  if (t->len < 8)
    return FALSE;
  if (t->base[0] == 'M' && t->base[1] == 'M')
    t->big = TRUE;
  else if (t->base[0] == 'I' && t->base[1] == 'I')
    t->big = FALSE;
  else
    return FALSE;
  if (get16 (t, 2) != 42)
    return FALSE;
  ifd0 = get32 (t, 4);
  if (!in_bounds (t, ifd0, 2))
    return FALSE;
  count = get16 (t, ifd0);
  if (!in_bounds (t, ifd0 + 2, count * ENTRY_SIZE))
    return FALSE;

  for (guint64 i = 0; i < count; i++)
    {
      guint64 e = ifd0 + 2 + i * ENTRY_SIZE;

      if (get16 (t, e) == TAG_XMP && !erase_xmp_entry (t, e, changed))
        return FALSE;
      if (get16 (t, e) != TAG_GPS_IFD)
        continue;
      if (!erase_gps_ifd (t, get32 (t, e + 8)))
        return FALSE;
      /* The pointer becomes an entry no reader knows, of no values: a
       * reader that skips unknown tags, as all do, finds no GPS IFD, and
       * IFD0 keeps its entry count, so nothing after it moves. */
      memset (t->base + e, 0, ENTRY_SIZE);
      t->base[e] = 0xff;
      t->base[e + 1] = 0xff;
      t->base[e + (t->big ? 3 : 2)] = 7;  /* UNDEFINED, count 0 */
      *changed = TRUE;
    }
  return TRUE;
}

/* Where the TIFF header starts in an APP1 payload @p of @len bytes that
 * readers take for EXIF, or 0 for none. ExifTool accepts "Exif\0" in any
 * case after up to four other bytes (some cameras write garbage there),
 * then one byte more; others want "Exif\0\0" first. The wider rule is
 * the one that matters, since a position any reader finds is one too many. */
static gsize
exif_tiff_offset (const guint8 *p,
                  gsize         len)
{
  for (gsize k = 0; k <= 4 && k + 5 <= len; k++)
    if (g_ascii_strncasecmp ((const char *) p + k, "exif", 4) == 0 && p[k + 4] == '\0')
      return k + EXIF_HEADER_LEN;
  return 0;
}

/* The Exif segment's payload @payload of @len bytes, its TIFF header at
 * @tiff (which may lie past the end of a cut-off segment). */
static gboolean
erase_in_exif (guint8 *payload,
               gsize   len,
               gsize   tiff)
{
  Tiff t = { payload + MIN (tiff, len), len - MIN (tiff, len), FALSE };
  gboolean changed = FALSE;

  if (erase_in_tiff (&t, &changed))
    return changed;
  /* Unreadable: no position may survive in it, whatever else goes. The
   * segment keeps its marker and length, so the image still opens. */
  memset (payload, 0, len);
  return TRUE;
}

gboolean
gj_exif_gps_erase_block (guint8 *data,
                         gsize   len)
{
  g_return_val_if_fail (data != NULL || len == 0, FALSE);

  return erase_in_exif (data, len, exif_tiff_offset (data, len));
}

typedef struct
{
  guint8 *payload;  /* after the marker and the length */
  gsize   len;      /* bytes of it in the data: a segment may be cut off */
  guint   marker;
} Segment;

/* Steps from *@pos to the next segment that has a payload. FALSE at the
 * end of the walk, *@pos then being where the header ends (the start of
 * scan, or whatever stops the walk) or, beyond @len, how many bytes the
 * walk needs to go on. */
static gboolean
next_segment (guint8  *data,
              gsize    len,
              gsize   *pos,
              Segment *seg)
{
  gsize p = *pos;

  for (;;)
    {
      guint marker;
      gsize seg_len;

      if (p + 2 > len)
        {
          *pos = p + 2;
          return FALSE;
        }
      if (data[p] != 0xff)
        break;
      marker = data[p + 1];
      if (marker == 0xff)
        {
          /* Fill bytes before a marker. */
          p++;
          continue;
        }
      /* The image data follows the start of scan; the end of image ends all. */
      if (marker == 0xda || marker == 0xd9)
        break;
      if (marker == 0x01 || (marker >= 0xd0 && marker <= 0xd7))
        {
          p += 2;
          continue;
        }
      if (p + 4 > len)
        {
          *pos = p + 4;
          return FALSE;
        }
      seg_len = (gsize) data[p + 2] << 8 | data[p + 3];
      if (seg_len < 2)
        break;
      seg->marker = marker;
      seg->payload = data + p + 4;
      /* A segment cut off by the end of @data is looked at as far as it
       * goes: a file that short ends there anyway. */
      seg->len = MIN (seg_len - 2, len - (p + 4));
      *pos = p + 2 + seg_len;
      return TRUE;
    }
  *pos = p;
  return FALSE;
}

gsize
gj_exif_gps_header_len (const guint8 *data,
                        gsize         len)
{
  Segment seg;
  gsize pos = 2;

  g_return_val_if_fail (data != NULL || len == 0, 0);

  if (len < 2)
    return 2;
  if (data[0] != 0xff || data[1] != 0xd8)
    return 0;
  /* The walk only reads; the cast serves erase's use of it. */
  while (next_segment ((guint8 *) data, len, &pos, &seg))
    ;
  return pos;
}

static gboolean
is_extended_xmp (const Segment *seg)
{
  return seg->marker == 0xe1 && seg->len >= XMP_EXT_HEADER_LEN &&
         memcmp (seg->payload, XMP_EXT_HEADER, XMP_EXT_HEADER_LEN) == 0;
}

/* Extended XMP is one XML text cut into APP1 segments, each a 75-byte
 * header (the signature, the GUID of the text, its full length, this
 * piece's offset in it) and a piece, which readers join by offset. A
 * piece alone is no XML to edit, and a property's name may be split
 * between two, so the rule is the blunt one: if the pieces, read in the
 * order they come, name a position anywhere (across the joins too), or if
 * they do not come in order (a GUID's first piece at offset 0, each next
 * piece where the one before it ended), so that the order a reader joins
 * them in cannot be checked, every piece becomes spaces. Readers then
 * find no XML there and drop it; the image and the main packet stay. */
static gboolean
erase_extended_xmp (guint8 *data,
                    gsize   len)
{
  GjXmpGpsScan scan = { { 0 } };
  const guint8 *guid = NULL;
  guint64 expected = 0;
  gboolean blank = FALSE, changed = FALSE;
  Segment seg;
  gsize pos = 2;

  while (!blank && next_segment (data, len, &pos, &seg))
    {
      const guint8 *p = seg.payload;
      guint64 offset;

      if (!is_extended_xmp (&seg) || seg.len < XMP_EXT_CHUNK_HEADER)
        continue;
      offset = (guint64) p[71] << 24 | (guint64) p[72] << 16 | (guint64) p[73] << 8 | p[74];
      if (guid == NULL || memcmp (guid, p + XMP_EXT_HEADER_LEN, XMP_GUID_LEN) != 0)
        {
          memset (&scan, 0, sizeof scan);
          expected = 0;
          guid = p + XMP_EXT_HEADER_LEN;
        }
      blank = offset != expected ||
              gj_xmp_gps_scan (&scan, p + XMP_EXT_CHUNK_HEADER, seg.len - XMP_EXT_CHUNK_HEADER);
      expected = offset + (seg.len - XMP_EXT_CHUNK_HEADER);
    }
  if (!blank)
    return FALSE;
  for (pos = 2; next_segment (data, len, &pos, &seg);)
    if (is_extended_xmp (&seg) && seg.len > XMP_EXT_CHUNK_HEADER)
      changed |= gj_xmp_gps_blank (seg.payload + XMP_EXT_CHUNK_HEADER,
                                   seg.len - XMP_EXT_CHUNK_HEADER);
  return changed;
}

gboolean
gj_exif_gps_erase (guint8 *data,
                   gsize   len)
{
  gboolean changed = FALSE;
  Segment seg;
  gsize pos = 2;

  g_return_val_if_fail (data != NULL || len == 0, FALSE);

  if (len < 4 || data[0] != 0xff || data[1] != 0xd8)
    return FALSE;

  while (next_segment (data, len, &pos, &seg))
    {
      gsize tiff;

      if (seg.marker != 0xe1 || is_extended_xmp (&seg))
        continue;
      tiff = exif_tiff_offset (seg.payload, seg.len);
      if (tiff > 0)
        changed |= erase_in_exif (seg.payload, seg.len, tiff);
      else if (seg.len >= XMP_HEADER_LEN && memcmp (seg.payload, XMP_HEADER, XMP_HEADER_LEN) == 0)
        changed |= gj_xmp_gps_erase (seg.payload + XMP_HEADER_LEN, seg.len - XMP_HEADER_LEN);
      else
        /* Any other APP1 is read as XMP whole: ExifTool reads one that
         * starts "XMP\0" or merely holds "<exif:" as XMP, and a segment
         * that is not XML only loses bytes if it names a position. */
        changed |= gj_xmp_gps_erase (seg.payload, seg.len);
    }
  changed |= erase_extended_xmp (data, len);
  return changed;
}
