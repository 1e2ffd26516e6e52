/* test-exif-gps.c: a photo's GPS position is erased in place, and nothing else
 *
 * The fixtures were made with ImageMagick and exiftool: a 16×16 JPEG with
 * an orientation, a date and a GPS position, in each byte order.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "gj-exif-gps.h"

typedef struct
{
  gsize    tiff;   /* offset of the TIFF header in the file */
  gsize    len;    /* bytes of the segment from there */
  gsize    sos;    /* offset of the start-of-scan marker */
  gboolean big;
} Layout;

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

/* Where the fixture's Exif segment and image data are, found by a walk
 * of its own so that the test does not trust the code it tests. */
static Layout
layout_of (const guint8 *d,
           gsize         len)
{
  Layout l = { 0, 0, 0, FALSE };
  gsize pos = 2;

  while (pos + 4 <= len && d[pos] == 0xff && d[pos + 1] != 0xda)
    {
      gsize seg = (gsize) d[pos + 2] << 8 | d[pos + 3];

      if (d[pos + 1] == 0xe1 && memcmp (d + pos + 4, "Exif\0\0", 6) == 0)
        {
          l.tiff = pos + 10;
          l.len = seg - 8;
          l.big = d[l.tiff] == 'M';
        }
      pos += 2 + seg;
    }
  g_assert_true (pos + 1 < len && d[pos + 1] == 0xda);
  l.sos = pos;
  g_assert_cmpuint (l.tiff, >, 0);
  return l;
}

static guint32
get (const guint8 *p,
     guint         n,
     gboolean      big)
{
  guint32 v = 0;

  for (guint i = 0; i < n; i++)
    v |= (guint32) p[big ? i : n - 1 - i] << (8 * (n - 1 - i));
  return v;
}

/* The value of IFD0's entry @tag, or -1 when there is none. */
static gint64
ifd0_value (const guint8 *d,
            const Layout *l,
            guint         tag)
{
  const guint8 *t = d + l->tiff;
  guint32 ifd0 = get (t + 4, 4, l->big);
  guint count = get (t + ifd0, 2, l->big);

  for (guint i = 0; i < count; i++)
    {
      const guint8 *e = t + ifd0 + 2 + 12 * i;

      if (get (e, 2, l->big) == tag)
        return get (e, 2, l->big) == 0x0112 ? get (e + 8, 2, l->big) : get (e + 8, 4, l->big);
    }
  return -1;
}

static void
check_erased (const char *name)
{
  g_autoptr(GBytes) bytes = fixture (name);
  gsize len;
  const guint8 *orig = g_bytes_get_data (bytes, &len);
  g_autofree guint8 *d = g_memdup2 (orig, len);
  Layout l = layout_of (orig, len);
  gint64 gps = ifd0_value (orig, &l, 0x8825);
  g_autofree char *exiftool = NULL;
  guint gps_count;

  g_assert_cmpint (gps, >, 0);
  gps_count = get (orig + l.tiff + gps, 2, l.big);
  g_assert_cmpuint (gps_count, >=, 4);

  g_assert_true (gj_exif_gps_erase (d, len));
  /* No pointer to a GPS IFD, and what it pointed to is an empty IFD. */
  g_assert_cmpint (ifd0_value (d, &l, 0x8825), ==, -1);
  g_assert_cmpuint (get (d + l.tiff + gps, 2, l.big), ==, 0);
  for (gsize i = 0; i < 2 + 12 * gps_count; i++)
    g_assert_cmpuint (d[l.tiff + gps + i], ==, 0);
  /* The orientation is kept, and the image data did not move. */
  g_assert_cmpint (ifd0_value (d, &l, 0x0112), ==, 6);
  g_assert_cmpmem (d + l.sos, len - l.sos, orig + l.sos, len - l.sos);
  g_assert_cmpmem (d, l.tiff, orig, l.tiff);
  /* Erasing again finds nothing to erase. */
  g_assert_false (gj_exif_gps_erase (d, len));

  /* exiftool, where it is installed, finds no GPS tag either. */
  exiftool = g_find_program_in_path ("exiftool");
  if (exiftool != NULL)
    {
      g_autofree char *dir = g_dir_make_tmp ("gj-test-exif-XXXXXX", NULL);
      g_autofree char *path = g_build_filename (dir, "photo.jpg", NULL);
      g_autofree char *out = NULL;
      g_autofree char *err = NULL;
      g_autoptr(GError) error = NULL;
      const char *argv[] = { exiftool, "-a", "-G1", "-s", "-GPS:all", "-Orientation#", path,
                             NULL };
      int status;

      g_assert_true (g_file_set_contents (path, (const char *) d, (gssize) len, NULL));
      g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err,
                    &status, &error);
      g_assert_no_error (error);
      g_assert_null (strstr (out, "GPS"));
      g_assert_nonnull (strstr (out, "Orientation"));
      g_remove (path);
      g_rmdir (dir);
    }
}

static void
test_big_endian (void)
{
  check_erased ("photo-gps-mm.jpg");
}

static void
test_little_endian (void)
{
  check_erased ("photo-gps-ii.jpg");
}

static void
test_untouched (void)
{
  static const guint8 png[] = { 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 0 };
  /* SOI, a JFIF APP0, an APP1 that is XMP rather than Exif, SOS, EOI. */
  static const guint8 jfif[] = {
    0xff, 0xd8, 0xff, 0xe0, 0x00, 0x07, 'J', 'F', 'I', 'F', 0x00,
    0xff, 0xe1, 0x00, 0x08, 'h', 't', 't', 'p', ':', '/',
    0xff, 0xda, 0x00, 0x02, 0xff, 0xd9,
  };
  guint8 copy[sizeof jfif];
  guint8 png_copy[sizeof png];

  memcpy (png_copy, png, sizeof png);
  g_assert_false (gj_exif_gps_erase (png_copy, sizeof png));
  g_assert_cmpmem (png_copy, sizeof png, png, sizeof png);
  memcpy (copy, jfif, sizeof jfif);
  g_assert_false (gj_exif_gps_erase (copy, sizeof jfif));
  g_assert_cmpmem (copy, sizeof jfif, jfif, sizeof jfif);
  g_assert_false (gj_exif_gps_erase (copy, 0));
  g_assert_false (gj_exif_gps_erase (copy, 3));

  /* Without a position there is nothing to erase. */
  {
    g_autoptr(GBytes) bytes = fixture ("photo-gps-ii.jpg");
    gsize len;
    const guint8 *orig = g_bytes_get_data (bytes, &len);
    g_autofree guint8 *d = g_memdup2 (orig, len);

    g_assert_true (gj_exif_gps_erase (d, len));
    {
      g_autofree guint8 *again = g_memdup2 (d, len);

      g_assert_false (gj_exif_gps_erase (again, len));
      g_assert_cmpmem (again, len, d, len);
    }
  }
}

/* A damaged segment: the whole Exif payload is blanked, the rest kept. */
static void
check_blanked (const guint8 *orig,
               gsize         len,
               const Layout *l,
               guint8       *d)
{
  g_assert_true (gj_exif_gps_erase (d, len));
  for (gsize i = l->tiff - 6; i < l->tiff + l->len; i++)
    g_assert_cmpuint (d[i], ==, 0);
  g_assert_cmpmem (d + l->sos, len - l->sos, orig + l->sos, len - l->sos);
  g_assert_cmpmem (d, l->tiff - 6, orig, l->tiff - 6);
  g_assert_false (gj_exif_gps_erase (d, len));
}

static void
put32 (guint8   *p,
       guint32   v,
       gboolean  big)
{
  for (guint i = 0; i < 4; i++)
    p[big ? i : 3 - i] = (guint8) (v >> (8 * (3 - i)));
}

static void
test_malformed (void)
{
  g_autoptr(GBytes) bytes = fixture ("photo-gps-mm.jpg");
  gsize len;
  const guint8 *orig = g_bytes_get_data (bytes, &len);
  Layout l = layout_of (orig, len);
  gint64 gps = ifd0_value (orig, &l, 0x8825);
  guint32 ifd0 = get (orig + l.tiff + 4, 4, l.big);
  guint32 offsets[] = { 0xffffffff, 0xfffffff0, (guint32) l.len, (guint32) l.len - 1 };

  g_assert_cmpint (gps, >, 0);

  /* A GPS IFD pointer out of the segment, or one that wraps. */
  for (guint i = 0; i < G_N_ELEMENTS (offsets); i++)
    {
      g_autofree guint8 *d = g_memdup2 (orig, len);
      guint count = get (d + l.tiff + ifd0, 2, l.big);

      for (guint e = 0; e < count; e++)
        {
          guint8 *entry = d + l.tiff + ifd0 + 2 + 12 * e;

          if (get (entry, 2, l.big) == 0x8825)
            put32 (entry + 8, offsets[i], l.big);
        }
      check_blanked (orig, len, &l, d);
    }

  /* A value of a GPS entry out of the segment. */
  {
    g_autofree guint8 *d = g_memdup2 (orig, len);
    guint count = get (d + l.tiff + gps, 2, l.big);

    for (guint e = 0; e < count; e++)
      {
        guint8 *entry = d + l.tiff + gps + 2 + 12 * e;

        if (get (entry, 2, l.big) == 0x0002)
          put32 (entry + 8, 0xfffffff8, l.big);
      }
    check_blanked (orig, len, &l, d);
  }

  /* An unknown byte order, a wrong magic number, IFD0 out of bounds, an
   * entry count that runs past the end. */
  for (guint i = 0; i < 4; i++)
    {
      g_autofree guint8 *d = g_memdup2 (orig, len);

      if (i == 0)
        d[l.tiff] = 'X';
      else if (i == 1)
        d[l.tiff + 3] = 43;
      else if (i == 2)
        put32 (d + l.tiff + 4, 0x7ffffff0, l.big);
      else
        d[l.tiff + ifd0] = d[l.tiff + ifd0 + 1] = 0xff;
      check_blanked (orig, len, &l, d);
    }
}

/* Every prefix of the file, in a buffer of exactly that size, so that a
 * read past its end is seen by the address sanitizer. */
static void
test_truncated (void)
{
  g_autoptr(GBytes) bytes = fixture ("photo-gps-ii.jpg");
  gsize len;
  const guint8 *orig = g_bytes_get_data (bytes, &len);
  Layout l = layout_of (orig, len);

  for (gsize n = 0; n <= len; n++)
    {
      g_autofree guint8 *d = g_memdup2 (orig, n);

      gj_exif_gps_erase (d, n);
      /* Once the whole Exif segment is in, no position may remain. */
      if (n >= l.tiff + l.len)
        g_assert_false (gj_exif_gps_erase (d, n));
    }
}

/* Random damage anywhere in the head of the file: never a crash, never a
 * write past the end, and nothing written but the zeros that erase and
 * the bytes of the neutralised pointer (tag 0xffff, type 7). A damaged
 * length may make a segment reach into the image data: then that is what
 * the segment holds, and may be blanked. */
static void
test_mutations (void)
{
  g_autoptr(GBytes) bytes = fixture ("photo-gps-mm.jpg");
  gsize len;
  const guint8 *orig = g_bytes_get_data (bytes, &len);
  Layout l = layout_of (orig, len);
  GRand *rand = g_rand_new_with_seed (14);

  for (guint round = 0; round < 5000; round++)
    {
      g_autofree guint8 *d = g_memdup2 (orig, len);
      g_autofree guint8 *before = NULL;
      guint flips = g_rand_int_range (rand, 1, 6);

      for (guint i = 0; i < flips; i++)
        d[g_rand_int_range (rand, 2, (gint32) l.sos)] = (guint8) g_rand_int (rand);
      before = g_memdup2 (d, len);
      gj_exif_gps_erase (d, len);
      for (gsize i = 0; i < len; i++)
        if (d[i] != before[i])
          g_assert_true (d[i] == 0 || d[i] == 0xff || d[i] == 7);
    }
  g_rand_free (rand);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/exif-gps/big-endian", test_big_endian);
  g_test_add_func ("/exif-gps/little-endian", test_little_endian);
  g_test_add_func ("/exif-gps/untouched", test_untouched);
  g_test_add_func ("/exif-gps/malformed", test_malformed);
  g_test_add_func ("/exif-gps/truncated", test_truncated);
  g_test_add_func ("/exif-gps/mutations", test_mutations);

  return g_test_run ();
}
