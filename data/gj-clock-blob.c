/* gj-clock-blob.c
 *
 * Layout: for each written column in increasing order, five LEB128
 * varints: column, zigzag(hlc - previous entry's hlc), site, row_ver - ver,
 * and seen as (hlc - seen + 1), 0 meaning none. Cells written together
 * share their clock and version, so all but the first entry of a fresh row
 * take five bytes.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-clock-blob"

#include "config.h"

#include <string.h>

#include "gj-clock-blob.h"

static void
put_varint (GByteArray *out,
            guint64     v)
{
  guint8 buf[10];
  guint n = 0;

  do
    {
      guint8 b = v & 0x7f;
      v >>= 7;
      buf[n++] = b | (v ? 0x80 : 0);
    }
  while (v);
  g_byte_array_append (out, buf, n);
}

static gboolean
get_varint (const guint8 **p,
            const guint8  *end,
            guint64       *v)
{
  guint64 r = 0;
  guint shift = 0;

  while (*p < end && shift < 64)
    {
      guint8 b = *(*p)++;

      /* The tenth byte holds the 64th bit only; more would be lost. */
      if (shift == 63 && b > 1)
        return FALSE;
      r |= (guint64) (b & 0x7f) << shift;
      if (!(b & 0x80))
        {
          *v = r;
          return TRUE;
        }
      shift += 7;
    }
  return FALSE;
}

/* Every check below holds for all that gj_clock_blob_encode() writes, so a
 * blob that fails one is damaged. The decoder refuses it rather than hand
 * the store clocks it would compare and re-encode wrongly, and does so
 * with checked arithmetic only: the bytes may be anything. */
gboolean
gj_clock_blob_decode (const guint8 *blob,
                      gsize         len,
                      gint64        row_ver,
                      GjClockEntry *entries,
                      guint         n_columns)
{
  const guint8 *p, *end;
  guint64 prev_hlc = 0;
  guint64 next_col = 0;

  g_return_val_if_fail (blob != NULL || len == 0, FALSE);
  g_return_val_if_fail (entries != NULL || n_columns == 0, FALSE);

  if (n_columns > 0)
    memset (entries, 0, sizeof (GjClockEntry) * n_columns);
  /* SQLite gives NULL for an empty blob, and NULL + 0 is undefined. */
  if (len == 0)
    return TRUE;
  /* Versions count up from 0, so a row's own is never negative. */
  if (row_ver < 0)
    return FALSE;

  p = blob;
  end = blob + len;
  while (p < end)
    {
      guint64 col, zz, site, dver, dseen, hlc;

      if (!get_varint (&p, end, &col) || !get_varint (&p, end, &zz) ||
          !get_varint (&p, end, &site) || !get_varint (&p, end, &dver) ||
          !get_varint (&p, end, &dseen))
        return FALSE;
      /* Columns are written once each, in increasing order. */
      if (col < next_col || col == G_MAXUINT64)
        return FALSE;
      next_col = col + 1;
      /* Unsigned arithmetic wraps without undefined behaviour, and the
       * encoder's signed difference wraps the same way back. */
      hlc = prev_hlc + ((zz >> 1) ^ (0 - (zz & 1)));
      prev_hlc = hlc;
      /* A never-written cell (clock 0) is not written at all; a cell's
       * version is at most its row's and at least 0; what it had seen is
       * at most its own clock. */
      if (hlc == 0 || site > G_MAXUINT32 || dver > (guint64) row_ver || dseen > hlc)
        return FALSE;
      if (col < n_columns)
        {
          entries[col].hlc = hlc;
          entries[col].site = (guint32) site;
          entries[col].ver = row_ver - (gint64) dver;
          entries[col].seen = dseen ? hlc - (dseen - 1) : 0;
        }
    }
  return TRUE;
}

void
gj_clock_blob_encode (const GjClockEntry *entries,
                      guint               n_columns,
                      gint64              row_ver,
                      GByteArray         *out)
{
  guint64 prev_hlc = 0;

  g_byte_array_set_size (out, 0);
  for (guint c = 0; c < n_columns; c++)
    {
      const GjClockEntry *e = &entries[c];
      gint64 d;

      if (e->hlc == 0)
        continue;
      d = (gint64) (e->hlc - prev_hlc);
      prev_hlc = e->hlc;
      put_varint (out, c);
      put_varint (out, ((guint64) d << 1) ^ (guint64) (d >> 63));
      put_varint (out, e->site);
      g_assert (e->ver <= row_ver);
      put_varint (out, (guint64) (row_ver - e->ver));
      put_varint (out, (e->seen && e->seen <= e->hlc) ? e->hlc - e->seen + 1 : 0);
    }
}
