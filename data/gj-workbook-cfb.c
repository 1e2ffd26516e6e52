/* gj-workbook-cfb.c: the workbook stream of an OLE2 compound file
 *
 * An .xls file is a compound file (a small FAT file system in one file)
 * holding a "Workbook" stream of BIFF records. libfreexl reads the
 * container itself and trusts it: it converts each directory entry's
 * name with the length the entry states, past the 64 bytes the name has.
 * So the container is read here first, every index and chain checked,
 * and the stream handed to the BIFF scan of gj-workbook-xls.c; a file
 * that fails here never reaches libfreexl.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-workbook"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gj-workbook-private.h"

#define CFB_HEADER       512
#define CFB_DIFAT_HEAD   109
#define CFB_END_OF_CHAIN 0xFFFFFFFEu
#define CFB_DIRENT       128
#define CFB_NAME_BYTES   64

typedef struct
{
  const guint8 *data;
  gsize         len;
  guint         shift;       /* sector size is 1 << shift */
  guint32       n_sectors;   /* sectors the file holds after its header */
  GArray       *fat;         /* guint32 next sector per sector, owned by the caller */
} Cfb;

static guint32
le32 (const guint8 *p)
{
  return p[0] | (p[1] << 8) | (p[2] << 16) | ((guint32) p[3] << 24);
}

static const guint8 *
sector (Cfb     *cfb,
        guint32  n)
{
  return n < cfb->n_sectors ? cfb->data + ((gsize) (n + 1) << cfb->shift) : NULL;
}

/* The sectors of a chain from @start, in order; NULL if it leaves the
 * file, loops, or runs longer than the file has sectors. */
static GArray *
chain (Cfb     *cfb,
       GArray  *fat,
       guint32  start,
       guint32  limit)
{
  g_autoptr(GArray) sectors = g_array_new (FALSE, FALSE, sizeof (guint32));

  for (guint32 n = start; n != CFB_END_OF_CHAIN; n = g_array_index (fat, guint32, n))
    {
      if (n >= fat->len || n >= limit || sectors->len >= limit)
        return NULL;
      g_array_append_val (sectors, n);
    }
  return g_steal_pointer (&sectors);
}

/* The FAT: the sectors the header's DIFAT and the DIFAT chain name. */
static GArray *
read_fat (Cfb *cfb)
{
  gsize per_sector = ((gsize) 1 << cfb->shift) / 4;
  guint32 n_fat = le32 (cfb->data + 0x2C), next = le32 (cfb->data + 0x44);
  guint32 n_difat = le32 (cfb->data + 0x48);
  g_autoptr(GArray) fat_sectors = g_array_new (FALSE, FALSE, sizeof (guint32));
  g_autoptr(GArray) fat = NULL;

  if (n_fat > cfb->n_sectors || n_difat > cfb->n_sectors)
    return NULL;
  for (guint i = 0; i < CFB_DIFAT_HEAD && fat_sectors->len < n_fat; i++)
    {
      guint32 s = le32 (cfb->data + 0x4C + 4 * i);

      g_array_append_val (fat_sectors, s);
    }
  for (guint32 k = 0; k < n_difat && fat_sectors->len < n_fat; k++)
    {
      const guint8 *d = sector (cfb, next);

      if (d == NULL)
        return NULL;
      for (gsize i = 0; i + 1 < per_sector && fat_sectors->len < n_fat; i++)
        {
          guint32 s = le32 (d + 4 * i);

          g_array_append_val (fat_sectors, s);
        }
      next = le32 (d + 4 * (per_sector - 1));
    }
  if (fat_sectors->len < n_fat)
    return NULL;

  fat = g_array_sized_new (FALSE, FALSE, sizeof (guint32), n_fat * per_sector);
  for (guint i = 0; i < fat_sectors->len; i++)
    {
      const guint8 *f = sector (cfb, g_array_index (fat_sectors, guint32, i));

      if (f == NULL)
        return NULL;
      for (gsize k = 0; k < per_sector; k++)
        {
          guint32 v = le32 (f + 4 * k);

          g_array_append_val (fat, v);
        }
    }
  return g_steal_pointer (&fat);
}

/* Copies @size bytes of the stream in @sectors of (1 << @shift) bytes,
 * from the file or, when @mini_stream is given, from it, into a new
 * buffer; NULL if they do not add up. */
static GBytes *
gather (Cfb          *cfb,
        GArray       *sectors,
        guint         shift,
        const guint8 *mini_stream,
        gsize         mini_len,
        guint64       size)
{
  gsize unit = (gsize) 1 << shift;
  g_autoptr(GByteArray) out = NULL;

  if (size > (guint64) sectors->len * unit)
    return NULL;
  out = g_byte_array_sized_new (size);
  for (guint i = 0; i < sectors->len && out->len < size; i++)
    {
      guint32 n = g_array_index (sectors, guint32, i);
      gsize take = MIN (unit, size - out->len);
      const guint8 *from;

      if (mini_stream != NULL)
        from = ((gsize) n + 1) * unit <= mini_len ? mini_stream + (gsize) n * unit : NULL;
      else
        from = sector (cfb, n);
      if (from == NULL)
        return NULL;
      g_byte_array_append (out, from, take);
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

static gboolean
name_is (const guint8 *entry,
         const char   *ascii)
{
  guint name_len = entry[0x40] | (entry[0x41] << 8);
  gsize n = strlen (ascii);

  if (name_len != (n + 1) * 2)
    return FALSE;
  for (gsize i = 0; i < n; i++)
    if (entry[2 * i] != (guint8) ascii[i] || entry[2 * i + 1] != 0)
      return FALSE;
  return TRUE;
}

GBytes *
gj_workbook_cfb_workbook_stream (GBytes      *file,
                                 gboolean    *in_mini_stream,
                                 const char **reason)
{
  Cfb cfb = { 0 };
  g_autoptr(GArray) dir = NULL;
  g_autoptr(GArray) minifat = NULL;
  g_autoptr(GBytes) mini_stream = NULL;
  g_autoptr(GArray) fat = NULL;
  const guint8 *root = NULL, *found = NULL;
  guint32 cutoff;
  guint64 size;
  guint shift;

  *reason = _("its Office container is damaged");
  cfb.data = g_bytes_get_data (file, &cfb.len);
  if (cfb.len < CFB_HEADER)
    return NULL;
  shift = cfb.data[0x1E] | (cfb.data[0x1F] << 8);
  if ((shift != 9 && shift != 12) || (cfb.data[0x20] | (cfb.data[0x21] << 8)) != 6)
    return NULL;
  cfb.shift = shift;
  /* The header takes the place of sector -1; a file is at most 256 MB,
   * so the count fits. */
  if (cfb.len < ((gsize) 1 << shift) * 2)
    return NULL;
  cfb.n_sectors = (cfb.len >> shift) - 1;
  fat = read_fat (&cfb);
  if (fat == NULL)
    return NULL;
  cfb.fat = fat;

  /* Every directory entry is checked as libfreexl will read it: a name
   * of at most 64 bytes. */
  dir = chain (&cfb, cfb.fat, le32 (cfb.data + 0x30), cfb.n_sectors);
  if (dir == NULL || dir->len == 0)
    return NULL;
  for (guint i = 0; i < dir->len; i++)
    {
      const guint8 *s = sector (&cfb, g_array_index (dir, guint32, i));

      for (gsize at = 0; at + CFB_DIRENT <= ((gsize) 1 << shift); at += CFB_DIRENT)
        {
          const guint8 *entry = s + at;
          guint name_len = entry[0x40] | (entry[0x41] << 8);

          if (name_len > CFB_NAME_BYTES)
            return NULL;
          if (i == 0 && at == 0)
            root = entry;
          else if (found == NULL && entry[0x42] == 2
                   && (name_is (entry, "Workbook") || name_is (entry, "Book")))
            found = entry;
        }
    }
  if (found == NULL)
    {
      *reason = _("it is an Office file but not an Excel workbook");
      return NULL;
    }

  cutoff = le32 (cfb.data + 0x38);
  size = le32 (found + 0x78);
  *in_mini_stream = size < cutoff;
  if (size >= cutoff)
    {
      g_autoptr(GArray) sectors = chain (&cfb, cfb.fat, le32 (found + 0x74), cfb.n_sectors);

      return sectors ? gather (&cfb, sectors, shift, NULL, 0, size) : NULL;
    }

  /* A small stream lives in the mini stream, itself the root entry's
   * stream, in 64-byte sectors chained by the mini FAT. */
  {
    g_autoptr(GArray) root_sectors = chain (&cfb, cfb.fat, le32 (root + 0x74), cfb.n_sectors);
    g_autoptr(GArray) minifat_sectors = chain (&cfb, cfb.fat, le32 (cfb.data + 0x3C),
                                               cfb.n_sectors);
    g_autoptr(GBytes) minifat_bytes = NULL;
    g_autoptr(GArray) mini_sectors = NULL;
    gsize n_mini, mini_len;
    const guint8 *m;

    if (root_sectors == NULL || minifat_sectors == NULL)
      return NULL;
    mini_stream = gather (&cfb, root_sectors, shift, NULL, 0, le32 (root + 0x78));
    minifat_bytes = gather (&cfb, minifat_sectors, shift, NULL, 0,
                            (guint64) minifat_sectors->len << shift);
    if (mini_stream == NULL || minifat_bytes == NULL)
      return NULL;
    m = g_bytes_get_data (minifat_bytes, &n_mini);
    minifat = g_array_sized_new (FALSE, FALSE, sizeof (guint32), n_mini / 4);
    for (gsize i = 0; i + 4 <= n_mini; i += 4)
      {
        guint32 v = le32 (m + i);

        g_array_append_val (minifat, v);
      }
    mini_sectors = chain (&cfb, minifat, le32 (found + 0x74), minifat->len);
    if (mini_sectors == NULL)
      return NULL;
    m = g_bytes_get_data (mini_stream, &mini_len);
    return gather (&cfb, mini_sectors, 6, m, mini_len, size);
  }
}
