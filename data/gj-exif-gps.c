/* gj-exif-gps.c: erasing the GPS position a photo carries
 *
 * Written by hand rather than with a metadata library: it only ever
 * overwrites bytes in place, never rebuilds a file, so the walk needs to
 * understand little: JPEG segments up to the start of the image data, and
 * in an APP1 "Exif" segment the TIFF header, IFD0 and the GPS IFD that
 * tag 0x8825 points to. Every byte is untrusted: each offset is checked
 * against the segment in 64-bit arithmetic before it is used, so that a
 * 32-bit offset plus a count can never wrap into bounds.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-exif-gps"

#include "config.h"

#include <string.h>

#include "gj-exif-gps.h"

#define TAG_GPS_IFD   0x8825
#define ENTRY_SIZE    12
#define EXIF_HEADER   "Exif\0\0"
#define EXIF_HEADER_LEN 6

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

/* The Exif segment's payload (from "Exif") @payload of @len bytes. */
static gboolean
erase_in_exif (guint8 *payload,
               gsize   len)
{
  Tiff t = { payload + EXIF_HEADER_LEN, len - EXIF_HEADER_LEN, FALSE };
  gboolean changed = FALSE;

  if (erase_in_tiff (&t, &changed))
    return changed;
  /* Unreadable: no position may survive in it, whatever else goes. The
   * segment keeps its marker and length, so the image still opens. */
  memset (payload, 0, len);
  return TRUE;
}

gboolean
gj_exif_gps_erase (guint8 *data,
                   gsize   len)
{
  gboolean changed = FALSE;
  gsize pos = 2;

  g_return_val_if_fail (data != NULL || len == 0, FALSE);

  if (len < 4 || data[0] != 0xff || data[1] != 0xd8)
    return FALSE;

  while (pos + 2 <= len)
    {
      guint marker;
      gsize seg_len, payload_len;

      if (data[pos] != 0xff)
        break;
      marker = data[pos + 1];
      if (marker == 0xff)
        {
          /* Fill bytes before a marker. */
          pos++;
          continue;
        }
      /* The image data follows the start of scan; the end of image ends all. */
      if (marker == 0xda || marker == 0xd9)
        break;
      if (marker == 0x01 || (marker >= 0xd0 && marker <= 0xd7))
        {
          pos += 2;
          continue;
        }
      if (pos + 4 > len)
        break;
      seg_len = (gsize) data[pos + 2] << 8 | data[pos + 3];
      if (seg_len < 2)
        break;
      /* A segment cut off by the end of @data is looked at as far as it
       * goes: a file that short ends there anyway. */
      payload_len = MIN (seg_len - 2, len - (pos + 4));
      if (marker == 0xe1 && payload_len >= EXIF_HEADER_LEN &&
          memcmp (data + pos + 4, EXIF_HEADER, EXIF_HEADER_LEN) == 0)
        changed |= erase_in_exif (data + pos + 4, payload_len);
      pos += 2 + seg_len;
    }
  return changed;
}
