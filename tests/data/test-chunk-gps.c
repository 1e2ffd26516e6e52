/* test-chunk-gps.c: a PNG's or WebP's GPS position is erased in the stored
 * copy, wherever its metadata chunks lie
 *
 * The fixtures: photo-gps.png, a 16×16 PNG from ImageMagick to which
 * exiftool wrote an orientation, a date and a position in eXIf (before
 * IDAT) and a position beside a rating in XMP (iTXt); photo-gps-after-idat
 * .png, ImageMagick's conversion of photo-gps-mm.jpg, with eXIf and
 * "exif:GPSLatitude"-like text chunks after IDAT; photo-gps.webp, the
 * same as photo-gps.png in WebP, EXIF and XMP chunks after the image.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>
#include <string.h>
#include <unistd.h>

#include "gj-blob-store.h"
#include "gj-chunk-gps.h"
#include "gj-exif-gps.h"
#include "gj-test-exiftool.h"
#include "gj-test-store.h"

static GBytes *
fixture (const char *name)
{
  g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "files", name, NULL);
  g_autoptr(GError) error = NULL;
  char *data = NULL;
  gsize len;

  g_file_get_contents (path, &data, &len, &error);
  g_assert_no_error (error);
  return g_bytes_new_take (data, len);
}

/* exiftool's reading of every tag of @path (with -validate, which checks
 * PNG CRCs). */
static char *
exiftool_all (const char *path)
{
  return gj_test_exiftool (path, "-a", "-G1", "-s", "-validate", "-Orientation#", "-all", NULL);
}

/* The data ranges of the chunks of @d that may hold metadata, by a walk
 * of the test's own: each chunk's [start, end) pairs into @ranges. */
static void
metadata_ranges (const guint8 *d,
                 gsize         len,
                 GArray       *ranges)
{
  gboolean png = d[0] == 0x89;
  gsize pos = png ? 8 : 12;

  while (pos + 8 <= len)
    {
      const guint8 *type = png ? d + pos + 4 : d + pos;
      gsize n = png ? (gsize) d[pos] << 24 | d[pos + 1] << 16 | d[pos + 2] << 8 | d[pos + 3]
                    : (gsize) d[pos + 7] << 24 | d[pos + 6] << 16 | d[pos + 5] << 8 | d[pos + 4];
      gboolean meta = png ? (memcmp (type, "eXIf", 4) == 0 || memcmp (type, "tEXt", 4) == 0 ||
                             memcmp (type, "iTXt", 4) == 0 || memcmp (type, "zTXt", 4) == 0)
                          : (memcmp (type, "EXIF", 4) == 0 || memcmp (type, "XMP ", 4) == 0);

      if (meta)
        {
          /* A PNG chunk's type and CRC change with it. */
          gsize from = png ? pos + 4 : pos + 8, to = png ? pos + 12 + n : pos + 8 + n;

          g_array_append_val (ranges, from);
          g_array_append_val (ranges, to);
        }
      pos += png ? 12 + n : 8 + n + (n & 1);
    }
}

static void
check_photo (const char *name)
{
  g_autoptr(GBytes) bytes = fixture (name);
  gsize len, stored_len;
  const guint8 *orig = g_bytes_get_data (bytes, &len);
  g_autofree char *dir = g_dir_make_tmp ("gj-test-chunk-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autofree char *files = g_build_filename (dir, "db.files", NULL);
  g_autoptr(GjBlobStore) blobs = gj_blob_store_new (files, NULL);
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) ranges = g_array_new (FALSE, FALSE, sizeof (gsize));
  g_autofree char *sha = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *content = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  g_autofree char *orig_sha = g_compute_checksum_for_bytes (G_CHECKSUM_SHA256, bytes);
  const guint8 *d;
  gint64 size;

  g_test_message ("%s", name);
  g_assert_true (g_file_set_contents (path, (const char *) orig, (gssize) len, NULL));
  g_assert_true (gj_blob_store_add_file (blobs, path, TRUE, &sha, &size, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (sha, !=, orig_sha);
  stored = gj_blob_store_dup_path (blobs, sha);
  g_assert_true (g_file_get_contents (stored, &content, &stored_len, NULL));
  d = (const guint8 *) content;
  /* Same length, the name is the hash of what is stored, and only the
   * metadata chunks changed. */
  g_assert_cmpuint (stored_len, ==, len);
  g_assert_cmpint (size, ==, (gint64) len);
  {
    g_autofree char *real = g_compute_checksum_for_data (G_CHECKSUM_SHA256, d, stored_len);

    g_assert_cmpstr (real, ==, sha);
  }
  metadata_ranges (orig, len, ranges);
  for (gsize i = 0, r = 0; i < len; i++)
    {
      while (r < ranges->len && i >= g_array_index (ranges, gsize, r + 1))
        r += 2;
      if (r >= ranges->len || i < g_array_index (ranges, gsize, r))
        g_assert_cmpuint (d[i], ==, orig[i]);
    }

  if (d[0] == 0x89)
    {
      g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new_from_file (stored, &error);

      g_assert_no_error (error);
      g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, 16);
    }

  before = exiftool_all (path);
  after = exiftool_all (stored);
    {
      g_test_message ("exiftool after:\n%s", after);
      g_assert_nonnull (strstr (before, "GPSLatitude"));
      g_assert_null (strstr (after, "GPS"));
      g_assert_null (strstr (after, "CRC"));
      g_assert_nonnull (strstr (after, "Orientation                     : 6"));
      g_assert_nonnull (strstr (after, "DateTimeOriginal                : 2024:05:01 10:00:00"));
      if (strstr (before, "[XMP-xmp]       Rating") != NULL)
        g_assert_nonnull (strstr (after, "[XMP-xmp]       Rating                          : 3"));
    }
  gj_test_remove_tree (dir);
}

static void
test_png (void)
{
  check_photo ("photo-gps.png");
}

static void
test_png_after_idat (void)
{
  check_photo ("photo-gps-after-idat.png");
}

static void
test_webp (void)
{
  check_photo ("photo-gps.webp");
}

static guint32
crc_of (const guint8 *data,
        gsize         len)
{
  static guint32 table[256];
  guint32 crc = 0xffffffff;

  /* A table-driven CRC, apart from the code's bit by bit one. */
  if (table[1] == 0)
    for (guint32 n = 0; n < 256; n++)
      {
        guint32 c = n;

        for (guint k = 0; k < 8; k++)
          c = c & 1 ? 0xedb88320 ^ (c >> 1) : c >> 1;
        table[n] = c;
      }
  for (gsize i = 0; i < len; i++)
    crc = table[(crc ^ data[i]) & 0xff] ^ (crc >> 8);
  return crc ^ 0xffffffff;
}

static void
append_png_chunk (GByteArray *out,
                  const char *type,
                  const void *data,
                  gsize       len)
{
  guint8 be[4] = { len >> 24, len >> 16, len >> 8, len };
  gsize at = out->len + 4;
  guint32 crc;

  g_byte_array_append (out, be, 4);
  g_byte_array_append (out, (const guint8 *) type, 4);
  g_byte_array_append (out, data, (guint) len);
  crc = crc_of (out->data + at, 4 + len);
  be[0] = crc >> 24, be[1] = crc >> 16, be[2] = crc >> 8, be[3] = crc;
  g_byte_array_append (out, be, 4);
}

/* Runs the erase over @in in a file of its own; gives what is left. */
static GByteArray *
erase_file (GByteArray *in,
            int         expect_err,
            gboolean    expect_changed)
{
  g_autofree char *path = NULL;
  int fd = g_file_open_tmp ("gj-test-chunk-XXXXXX", &path, NULL);
  GByteArray *out = g_byte_array_sized_new (in->len);
  gboolean changed = !expect_changed;

  g_assert_cmpint (fd, >=, 0);
  g_assert_cmpint (write (fd, in->data, in->len), ==, (gssize) in->len);
  g_assert_cmpint (gj_chunk_gps_erase_fd (fd, &changed), ==, expect_err);
  if (expect_err == 0)
    g_assert_cmpint (changed, ==, expect_changed);
  g_byte_array_set_size (out, in->len);
  g_assert_cmpint (pread (fd, out->data, in->len, 0), ==, (gssize) in->len);
  close (fd);
  g_remove (path);
  return out;
}

/* Every chunk of the PNG @d has its CRC right. */
static void
check_crcs (const guint8 *d,
            gsize         len)
{
  for (gsize pos = 8; pos + 12 <= len;)
    {
      gsize n = (gsize) d[pos] << 24 | d[pos + 1] << 16 | d[pos + 2] << 8 | d[pos + 3];
      const guint8 *c = d + pos + 8 + n;

      g_assert_cmpuint (pos + 12 + n, <=, len);
      g_assert_cmpuint ((guint32) c[0] << 24 | c[1] << 16 | c[2] << 8 | c[3], ==,
                        crc_of (d + pos + 4, 4 + n));
      pos += 12 + n;
    }
}

/* Text chunks made by hand: each that can hold a position either loses
 * it in place or is blanked and renamed, with its CRC made again. */
static void
test_png_text (void)
{
  static const char raw[] = "Raw profile type exif\0\0\nexif\n  16\n4d4d002a00000008";
  static const char compressed[] = "XML:com.adobe.xmp\0\x01\0\0\0x\x9c garbage";
  static const char ztxt[] = "XML:com.adobe.xmp\0\0x\x9c garbage";
  static const char gps_text[] = "exif:GPSLatitude\0" "31/1, 13/1, 4944/100";
  static const char itxt[] = "XML:com.adobe.xmp\0\0\0en\0Title\0<a exif:GPSLatitude='1'/>";
  static const char other[] = "Comment\0GPS was off";
  static const char bad_exif[] = "XX\0*\0\0\0\x08 not a TIFF";
  g_autoptr(GByteArray) png = g_byte_array_new ();
  g_autoptr(GByteArray) out = NULL;
  g_autoptr(GByteArray) again = NULL;
  gsize at = 8;
  struct { const char *type; const char *data; gsize len; const char *after; } chunks[] = {
    { "tEXt", raw, sizeof raw - 1, "gjXx" },
    { "iTXt", compressed, sizeof compressed - 1, "gjXx" },
    { "zTXt", ztxt, sizeof ztxt - 1, "gjXx" },
    { "tEXt", gps_text, sizeof gps_text - 1, "gjXx" },
    { "iTXt", itxt, sizeof itxt - 1, "iTXt" },
    { "tEXt", other, sizeof other - 1, "tEXt" },
    { "eXIf", bad_exif, sizeof bad_exif - 1, "gjXx" },
  };

  g_byte_array_append (png, (const guint8 *) "\x89PNG\r\n\x1a\n", 8);
  for (guint i = 0; i < G_N_ELEMENTS (chunks); i++)
    append_png_chunk (png, chunks[i].type, chunks[i].data, chunks[i].len);
  append_png_chunk (png, "IEND", "", 0);

  out = erase_file (png, 0, TRUE);
  check_crcs (out->data, out->len);
  for (guint i = 0; i < G_N_ELEMENTS (chunks); i++)
    {
      const guint8 *data = out->data + at + 8;

      g_test_message ("chunk %u", i);
      g_assert_cmpmem (out->data + at + 4, 4, chunks[i].after, 4);
      if (i == 4)
        {
          g_autofree char *want = g_memdup2 (itxt, sizeof itxt);

          memset (want + (sizeof itxt - 1 - strlen ("exif:GPSLatitude='1'/>")), ' ',
                  strlen ("exif:GPSLatitude='1'"));
          g_assert_cmpmem (data, chunks[i].len, want, sizeof itxt - 1);
        }
      else if (i == 5)
        g_assert_cmpmem (data, chunks[i].len, other, sizeof other - 1);
      else
        /* EXIF that cannot be read is zeroed, text blanked with spaces. */
        for (gsize b = 0; b < chunks[i].len; b++)
          g_assert_cmpuint (data[b], ==, i == 6 ? 0 : ' ');
      at += 12 + chunks[i].len;
    }
  /* Nothing is left to erase. */
  again = erase_file (out, 0, FALSE);
  g_assert_cmpmem (again->data, again->len, out->data, out->len);
}

/* Chunks cut off by the end of the file, lengths past it, a metadata
 * chunk larger than GJ_EXIF_GPS_HEADER_MAX, and what is neither PNG nor
 * WebP. */
static void
test_damaged (void)
{
  static const char gps_text[] = "exif:GPSLatitude\0" "31/1, 13/1, 4944/100";
  g_autoptr(GByteArray) png = g_byte_array_new ();
  g_autoptr(GByteArray) out = NULL;
  g_autoptr(GByteArray) webp = g_byte_array_new ();
  g_autoptr(GByteArray) jpeg = g_byte_array_new ();
  g_autofree guint8 *big = NULL;
  guint8 header[8] = { 'X', 'M', 'P', ' ', 0, 0, 0, 0 };

  /* A text chunk cut off: what is there is blanked, with no CRC written. */
  g_byte_array_append (png, (const guint8 *) "\x89PNG\r\n\x1a\n", 8);
  append_png_chunk (png, "tEXt", gps_text, sizeof gps_text - 1);
  g_byte_array_set_size (png, png->len - 10);
  out = erase_file (png, 0, TRUE);
  g_assert_cmpmem (out->data + 12, 4, "gjXx", 4);
  g_assert_null (g_strstr_len ((const char *) out->data, (gssize) out->len, "GPS"));
  g_clear_pointer (&out, g_byte_array_unref);

  /* Lengths that claim more than the file has are not "too big". */
  png->data[8] = 0x7f;
  out = erase_file (png, 0, TRUE);
  g_clear_pointer (&out, g_byte_array_unref);

  /* A WebP XMP chunk of more than 16 MB is refused. */
  g_byte_array_append (webp, (const guint8 *) "RIFF\0\0\0\0WEBP", 12);
  header[4] = 1, header[7] = 1;  /* 16 MB and a byte */
  g_byte_array_append (webp, header, 8);
  big = g_malloc0 (GJ_EXIF_GPS_HEADER_MAX + 1);
  g_byte_array_append (webp, big, GJ_EXIF_GPS_HEADER_MAX + 1);
  out = erase_file (webp, EFBIG, FALSE);
  g_clear_pointer (&out, g_byte_array_unref);

  /* A JPEG is not this code's. */
  g_byte_array_append (jpeg, (const guint8 *) "\xff\xd8\xff\xe1\0\x08Exif\0\0", 12);
  out = erase_file (jpeg, 0, FALSE);
  g_assert_cmpmem (out->data, out->len, jpeg->data, jpeg->len);
  g_assert_false (gj_chunk_gps_is_chunked (jpeg->data, jpeg->len));
  g_assert_true (gj_chunk_gps_is_chunked (webp->data, webp->len));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/chunk-gps/png", test_png);
  g_test_add_func ("/chunk-gps/png-after-idat", test_png_after_idat);
  g_test_add_func ("/chunk-gps/webp", test_webp);
  g_test_add_func ("/chunk-gps/png-text", test_png_text);
  g_test_add_func ("/chunk-gps/damaged", test_damaged);

  return g_test_run ();
}
