/* gj-chunk-gps.c: erasing the GPS position a PNG or WebP photo carries
 *
 * Both formats are a list of chunks, each with its length before it, and
 * both may put metadata after the image data (ImageMagick writes a PNG's
 * eXIf and its "exif:GPSLatitude" text chunks after IDAT; WebP puts EXIF
 * and XMP last), so the walk goes over the whole file. It works on the
 * stored copy, through an fd, reading chunk headers one by one and only
 * the chunks that may hold a position whole (up to
 * GJ_EXIF_GPS_HEADER_MAX), so memory stays small however large the image.
 * Nothing moves: a chunk is edited in place, keeping its length.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-chunk-gps"

#include "config.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gj-chunk-gps.h"
#include "gj-exif-gps.h"
#include "gj-xmp-gps.h"

#define PNG_SIGNATURE "\x89PNG\r\n\x1a\n"
#define PNG_SIGNATURE_LEN 8
#define XMP_KEYWORD "XML:com.adobe.xmp"
/* A PNG chunk blanked whole is renamed to this: ancillary, private and
 * safe to copy by the case of its letters, so every decoder skips it. */
#define PNG_BLANKED "gjXx"

gboolean
gj_chunk_gps_is_chunked (const guint8 *data,
                         gsize         len)
{
  g_return_val_if_fail (data != NULL || len == 0, FALSE);

  return (len >= PNG_SIGNATURE_LEN && memcmp (data, PNG_SIGNATURE, PNG_SIGNATURE_LEN) == 0) ||
         (len >= 12 && memcmp (data, "RIFF", 4) == 0 && memcmp (data + 8, "WEBP", 4) == 0);
}

/* Reads up to @len bytes at @offset; -1 on an error (errno says which). */
static gssize
read_at (int      fd,
         guint8  *buf,
         gsize    len,
         guint64  offset)
{
  gsize done = 0;

  while (done < len)
    {
      gssize n = pread (fd, buf + done, len - done, (off_t) (offset + done));

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return -1;
      if (n == 0)
        break;
      done += (gsize) n;
    }
  return (gssize) done;
}

static int
write_at (int           fd,
          const guint8 *buf,
          gsize         len,
          guint64       offset)
{
  while (len > 0)
    {
      gssize n = pwrite (fd, buf, len, (off_t) offset);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        return errno;
      buf += n;
      len -= (gsize) n;
      offset += (guint64) n;
    }
  return 0;
}

/* The CRC-32 of PNG (and zlib), bit by bit: it only ever runs over the few
 * metadata chunks that changed. */
static guint32
crc32_of (const guint8 *data,
          gsize         len)
{
  guint32 crc = 0xffffffff;

  for (gsize i = 0; i < len; i++)
    {
      crc ^= data[i];
      for (guint b = 0; b < 8; b++)
        crc = (crc >> 1) ^ (0xedb88320 & (0u - (crc & 1)));
    }
  return crc ^ 0xffffffff;
}

/* The keyword of a PNG text chunk's @data: its length before the NUL, or
 * -1 when there is no NUL in the 80 bytes a keyword may take. */
static gssize
keyword_len (const guint8 *data,
             gsize         len)
{
  for (gsize i = 0; i < len && i < 80; i++)
    if (data[i] == '\0')
      return (gssize) i;
  return -1;
}

static gboolean
keyword_is (const guint8 *data,
            gssize        n,
            const char   *keyword)
{
  return n == (gssize) strlen (keyword) &&
         g_ascii_strncasecmp ((const char *) data, keyword, (gsize) n) == 0;
}

/* Blanks a chunk's data whole, and has it renamed to one decoders skip. */
static gboolean
blank_chunk (guint8   *data,
             gsize     len,
             gboolean *rename)
{
  gj_xmp_gps_blank (data, len);
  *rename = TRUE;
  return TRUE;
}

/* A PNG text chunk (@type tEXt, zTXt or iTXt) of @len bytes at @data.
 * Uncompressed XMP is edited as any packet; a chunk that names a position
 * in its keyword, or is a copy of EXIF or XMP that cannot be edited here
 * (compressed, or hex in ImageMagick's "Raw profile type"), is blanked
 * whole and renamed. A keyword that cannot be read names nothing. */
static gboolean
erase_png_text (const guint8 *type,
                guint8       *data,
                gsize         len,
                gboolean     *rename)
{
  GjXmpGpsScan scan = { { 0 } };
  gssize k = keyword_len (data, len);
  gsize text;

  if (k < 0)
    return FALSE;
  if (gj_xmp_gps_scan (&scan, data, (gsize) k) ||
      keyword_is (data, k, "Raw profile type exif") ||
      keyword_is (data, k, "Raw profile type APP1") ||
      keyword_is (data, k, "Raw profile type xmp"))
    return blank_chunk (data, len, rename);
  if (!keyword_is (data, k, XMP_KEYWORD))
    return FALSE;
  if (memcmp (type, "zTXt", 4) == 0)
    return blank_chunk (data, len, rename);
  text = (gsize) k + 1;
  if (memcmp (type, "iTXt", 4) == 0)
    {
      /* The compression flag and method, then the language and the
       * translated keyword, each ended by a NUL. Compressed, or without
       * them: nothing here can be edited. */
      if (text + 2 > len || data[text] != 0)
        return blank_chunk (data, len, rename);
      text += 2;
      for (guint field = 0; field < 2; field++)
        {
          const guint8 *nul = text < len ? memchr (data + text, 0, len - text) : NULL;

          if (nul == NULL)
            return blank_chunk (data, len, rename);
          text = (gsize) (nul - data) + 1;
        }
    }
  return gj_xmp_gps_erase (data + text, len - text);
}

static guint32
be32 (const guint8 *p)
{
  return (guint32) p[0] << 24 | (guint32) p[1] << 16 | (guint32) p[2] << 8 | p[3];
}

static guint32
le32 (const guint8 *p)
{
  return (guint32) p[3] << 24 | (guint32) p[2] << 16 | (guint32) p[1] << 8 | p[0];
}

/* Erases in a chunk's @data, TRUE if it changed; *@rename for a chunk to
 * be renamed to PNG_BLANKED. */
typedef gboolean (*EraseFunc) (guint8 *type, guint8 *data, gsize len, gboolean *rename);

/* Reads the chunk at @offset, its type first and its @len bytes of data
 * @prefix bytes after it, lets @erase change it and writes it back; a PNG
 * chunk gets its CRC (over the type and the data) again. What is not in
 * the file (a chunk cut off) is not looked at. */
static int
edit_chunk (int        fd,
            guint64    size,
            guint64    offset,
            gsize      prefix,
            guint32    len,
            gboolean   png,
            EraseFunc  erase,
            gboolean  *changed)
{
  g_autofree guint8 *buf = NULL;
  gboolean rename = FALSE;
  gssize n;
  int err;

  /* A length past the end of the file is a chunk cut off, not a big one. */
  if (offset + prefix + len > size)
    len = (guint32) (size - MIN (size, offset + prefix));
  if (len > GJ_EXIF_GPS_HEADER_MAX)
    return EFBIG;
  buf = g_malloc (prefix + len);
  n = read_at (fd, buf, prefix + len, offset);
  if (n < 0)
    return errno;
  if ((gsize) n < prefix || !erase (buf, buf + prefix, (gsize) n - prefix, &rename))
    return 0;
  if (rename)
    memcpy (buf, PNG_BLANKED, 4);
  *changed = TRUE;
  err = write_at (fd, buf, (gsize) n, offset);
  if (err == 0 && png && (gsize) n == prefix + len && offset + prefix + len + 4 <= size)
    {
      guint32 crc = crc32_of (buf, (gsize) n);
      guint8 be[4] = { crc >> 24, crc >> 16, crc >> 8, crc };

      err = write_at (fd, be, 4, offset + prefix + len);
    }
  return err;
}

static gboolean
erase_png_chunk (guint8   *type,
                 guint8   *data,
                 gsize     len,
                 gboolean *rename)
{
  gboolean changed;

  if (memcmp (type, "eXIf", 4) != 0)
    return erase_png_text (type, data, len, rename);
  changed = gj_exif_gps_erase_block (data, len);
  /* A block zeroed whole is no TIFF a decoder would accept. */
  *rename = changed && len > 0 && data[0] == 0;
  return changed;
}

static gboolean
erase_webp_chunk (guint8   *type,
                  guint8   *data,
                  gsize     len,
                  gboolean *rename G_GNUC_UNUSED)
{
  if (memcmp (type, "EXIF", 4) == 0)
    return gj_exif_gps_erase_block (data, len);
  return gj_xmp_gps_erase (data, len);
}

static gboolean
is_png_metadata (const guint8 *type)
{
  return memcmp (type, "eXIf", 4) == 0 || memcmp (type, "tEXt", 4) == 0 ||
         memcmp (type, "zTXt", 4) == 0 || memcmp (type, "iTXt", 4) == 0;
}

int
gj_chunk_gps_erase_fd (int       fd,
                       gboolean *changed)
{
  guint8 head[12];
  struct stat st;
  gboolean png;
  guint64 pos, size;
  gssize n;

  g_return_val_if_fail (fd >= 0, EBADF);
  g_return_val_if_fail (changed != NULL, EINVAL);

  *changed = FALSE;
  if (fstat (fd, &st) != 0)
    return errno;
  size = (guint64) st.st_size;
  n = read_at (fd, head, sizeof head, 0);
  if (n < 0)
    return errno;
  if (!gj_chunk_gps_is_chunked (head, (gsize) n))
    return 0;
  png = head[0] == 0x89;
  pos = png ? PNG_SIGNATURE_LEN : 12;

  /* Each step moves on by at least a chunk header, so the walk ends at
   * the end of the file (or PNG's IEND) whatever the lengths say. */
  for (;;)
    {
      guint8 h[8];
      guint32 len;
      int err = 0;

      n = read_at (fd, h, sizeof h, pos);
      if (n < 0)
        return errno;
      if (n < 8)
        return 0;
      if (png)
        {
          len = be32 (h);
          if (len > G_MAXINT32 || memcmp (h + 4, "IEND", 4) == 0)
            return 0;
          if (is_png_metadata (h + 4))
            err = edit_chunk (fd, size, pos + 4, 4, len, TRUE, erase_png_chunk, changed);
          pos += 12 + (guint64) len;
        }
      else
        {
          len = le32 (h + 4);
          if (memcmp (h, "EXIF", 4) == 0 || memcmp (h, "XMP ", 4) == 0)
            err = edit_chunk (fd, size, pos, 8, len, FALSE, erase_webp_chunk, changed);
          pos += 8 + (guint64) len + (len & 1);
        }
      if (err != 0)
        return err;
    }
}
