/* test-exif-gps.c: a photo's GPS position is erased in place, and nothing else
 *
 * The fixtures were made with ImageMagick and exiftool: a 16×16 JPEG with
 * an orientation, a date and a GPS position, in each byte order; the same
 * big-endian photo with a second position in XMP, written by exiftool as
 * elements (photo-xmp-gps.jpg) and as attributes (-api XMPShorthand=1,
 * photo-xmp-gps-short.jpg), beside an XMP date and rating, and that
 * packet inside the EXIF segment, as IFD0's ApplicationNotes
 * (photo-exif-xmp-gps.jpg). Photos whose
 * metadata lies past the first block, and Extended XMP, are built here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>
#include <string.h>

#include "gj-blob-store.h"
#include "gj-data-error.h"
#include "gj-exif-gps.h"
#include "gj-test-exiftool.h"
#include "gj-test-store.h"
#include "gj-xmp-gps.h"

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

  /* exiftool finds no GPS tag either. */
  {
    g_autofree char *dir = g_dir_make_tmp ("gj-test-exif-XXXXXX", NULL);
    g_autofree char *path = g_build_filename (dir, "photo.jpg", NULL);
    g_autofree char *out = NULL;

    g_assert_true (g_file_set_contents (path, (const char *) d, (gssize) len, NULL));
    out = gj_test_exiftool (path, "-a", "-G1", "-s", "-GPS:all", "-Orientation#", NULL);
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

/* Each packet with what the erase must leave of it: the same text with
 * the spans named blanked, or NULL for a packet blanked whole. */
typedef struct
{
  const char *packet;
  const char *gone[3];
  gboolean    whole;
} PacketCase;

static void
test_xmp_packets (void)
{
  static const PacketCase cases[] = {
    /* Attributes, in both quotes, beside one that stays. */
    { "<rdf:Description rdf:about='' xmlns:exif='http://ns.adobe.com/exif/1.0/'\n"
      "  exif:GPSLatitude='39,54.0N' exif:DateTimeOriginal=\"2024-05-01\"\n"
      "  exif:GPSLongitude=\"116,24.0E\"/>",
      { "exif:GPSLatitude='39,54.0N'", "exif:GPSLongitude=\"116,24.0E\"" }, FALSE },
    /* Elements, one of them a structure, under another prefix bound to
     * the EXIF namespace, and DJI's spelling with a space before '='. */
    { "<rdf:Description xmlns:e='http://ns.adobe.com/exif/1.0/'>"
      "<e:GPSAltitude>50/1</e:GPSAltitude><xmp:Rating>3</xmp:Rating>"
      "<e:GPSVersionID><rdf:Seq><rdf:li>2</rdf:li><!-- c --></rdf:Seq></e:GPSVersionID>"
      "<e:GPSTimeStamp/><rdf:li drone-dji:GpsLongtitude = \"116.4\" a='&lt;b>'/>"
      "</rdf:Description>",
      { "<e:GPSAltitude>50/1</e:GPSAltitude>",
        "<e:GPSVersionID><rdf:Seq><rdf:li>2</rdf:li><!-- c --></rdf:Seq></e:GPSVersionID>"
        "<e:GPSTimeStamp/>",
        "drone-dji:GpsLongtitude = \"116.4\"" }, FALSE },
    /* Nested elements of the same name end where they should. */
    { "<a><e:GPSDest><e:GPSDest>1</e:GPSDest></e:GPSDest><b>x</b></a>",
      { "<e:GPSDest><e:GPSDest>1</e:GPSDest></e:GPSDest>" }, FALSE },
    /* No position: not a byte changes, whatever the XML. */
    { "<?xpacket begin='' id='W5M0MpCehiHzreSzNTczkc9d'?><x:xmpmeta><rdf:RDF>"
      "<rdf:Description xmlns:geo='urn:x' xmp:Rating='3'/></rdf:RDF></x:xmpmeta>"
      "<?xpacket end='w'?>", { NULL }, FALSE },
    { "<a b='unclosed", { NULL }, FALSE },
    /* A word naming a position left where no property is: whole. */
    { "<a><!-- <exif:GPSLatitude>39,54.0N</exif:GPSLatitude> --></a>", { NULL }, TRUE },
    { "<a xmlns:gps='urn:x' gps:Lat='39.9'/>", { NULL }, TRUE },
    { "<a><![CDATA[exif:GPSLatitude='39,54.0N']]></a>", { NULL }, TRUE },
    /* Not XML the walk can follow: whole. */
    { "<!DOCTYPE a [<!ENTITY g 'GPS'>]><a/>", { NULL }, TRUE },
    { "<a exif:GPSLatitude='39,54.0N'", { NULL }, TRUE },
    { "<a><exif:GPSLatitude>39,54.0N</exif:GPSLongitude></a>", { NULL }, TRUE },
    { "<a><exif:GPSLatitude>39,54.0N</a>", { NULL }, TRUE },
    { "<a b='1'exif:GPSLatitude='2'/>", { NULL }, TRUE },
    { "<a exif:GPSLatitude='<'/>", { NULL }, TRUE },
    { "<a><!-- exif:GPSLatitude", { NULL }, TRUE },
  };
  /* UTF-16: the words are found between the NUL bytes. */
  static const guint8 utf16[] = { '<', 0, 'a', 0, ' ', 0, 'G', 0, 'P', 0, 'S', 0, '=', 0,
                                  '\'', 0, '1', 0, '\'', 0, '/', 0, '>', 0 };
  guint8 copy[sizeof utf16];

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      const PacketCase *c = &cases[i];
      gsize len = strlen (c->packet);
      g_autofree char *got = g_strdup (c->packet);
      g_autofree char *want = g_strdup (c->packet);
      gboolean changed = c->whole;

      if (c->whole)
        memset (want, ' ', len);
      for (guint g = 0; g < G_N_ELEMENTS (c->gone) && c->gone[g] != NULL; g++)
        {
          char *at = strstr (want, c->gone[g]);

          g_assert_nonnull (at);
          memset (at, ' ', strlen (c->gone[g]));
          changed = TRUE;
        }
      g_test_message ("packet %u: %s", i, c->packet);
      g_assert_cmpint (gj_xmp_gps_erase ((guint8 *) got, len), ==, changed);
      g_assert_cmpstr (got, ==, want);
      /* Once erased, there is nothing more to erase. */
      g_assert_false (gj_xmp_gps_erase ((guint8 *) got, len));
    }

  memcpy (copy, utf16, sizeof utf16);
  g_assert_true (gj_xmp_gps_erase (copy, sizeof copy));
  for (gsize i = 0; i < sizeof copy; i++)
    g_assert_cmpuint (copy[i], ==, ' ');
}

static void
test_xmp_scan (void)
{
  GjXmpGpsScan scan = { { 0 } };

  /* A word split between pieces is found where it ends, in any case. */
  g_assert_false (gj_xmp_gps_scan (&scan, (const guint8 *) "<exif:g", 7));
  g_assert_false (gj_xmp_gps_scan (&scan, (const guint8 *) "P", 1));
  g_assert_true (gj_xmp_gps_scan (&scan, (const guint8 *) "sAltitude>", 10));
  memset (&scan, 0, sizeof scan);
  g_assert_false (gj_xmp_gps_scan (&scan, (const guint8 *) "LongT", 5));
  g_assert_true (gj_xmp_gps_scan (&scan, (const guint8 *) "itude", 5));
  memset (&scan, 0, sizeof scan);
  g_assert_false (gj_xmp_gps_scan (&scan, (const guint8 *) "latitud", 7));
  g_assert_false (gj_xmp_gps_scan (&scan, (const guint8 *) "x latitud", 9));
  g_assert_false (gj_xmp_gps_scan (&scan, NULL, 0));
}

/* What exiftool reads of @path's GPS and XMP tags (every group, all
 * Extended XMP). */
static char *
exiftool_tags (const char *path)
{
  return gj_test_exiftool (path, "-a", "-G1", "-s", "-api", "ExtendedXMP=2", "-GPS:all",
                           "-XMP:all", "-Orientation#", "-DateTimeOriginal", NULL);
}

static gboolean
contains (const guint8 *data,
          gsize         len,
          const void   *what,
          gsize         what_len)
{
  for (gsize i = 0; what_len <= len && i <= len - what_len; i++)
    if (memcmp (data + i, what, what_len) == 0)
      return TRUE;
  return FALSE;
}

static gboolean
contains_text (const guint8 *data,
               gsize         len,
               const char   *text)
{
  return contains (data, len, text, strlen (text));
}

/* The EXIF latitude of the fixtures, 31/1 13/1 in big-endian rationals. */
static const guint8 exif_latitude[] = { 0, 0, 0, 31, 0, 0, 0, 1, 0, 0, 0, 13, 0, 0, 0, 1 };

/* Checks the photo @d of @len bytes, once erased: no position in EXIF or
 * XMP, byte for byte and for exiftool, with the orientation, the EXIF and
 * XMP dates and the rating kept, and the picture still a 16×16 image. */
static void
check_no_position (const guint8 *d,
                   gsize         len,
                   gboolean      xmp_kept)
{
  g_autofree char *dir = g_dir_make_tmp ("gj-test-xmp-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "photo.jpg", NULL);
  g_autofree char *tags = NULL;
  g_autoptr(GdkPixbuf) pixbuf = NULL;
  g_autoptr(GError) error = NULL;

  g_assert_false (contains (d, len, exif_latitude, sizeof exif_latitude));
  g_assert_false (contains_text (d, len, "GPSLatitude"));
  g_assert_false (contains_text (d, len, "39,54"));
  g_assert_false (contains_text (d, len, "GPSAltitude"));
  g_assert_true (contains_text (d, len, "2024:05:01 10:00:00"));
  if (xmp_kept)
    g_assert_true (contains_text (d, len, "<xmp:Rating>3</xmp:Rating>") ||
                   contains_text (d, len, "xmp:Rating='3'"));

  g_assert_true (g_file_set_contents (path, (const char *) d, (gssize) len, NULL));
  pixbuf = gdk_pixbuf_new_from_file (path, &error);
  g_assert_no_error (error);
  g_assert_cmpint (gdk_pixbuf_get_width (pixbuf), ==, 16);
  g_assert_cmpint (gdk_pixbuf_get_height (pixbuf), ==, 16);

  tags = exiftool_tags (path);
    {
      g_test_message ("exiftool:\n%s", tags);
      g_assert_null (strstr (tags, "GPS"));
      g_assert_nonnull (strstr (tags, "Orientation                     : 6"));
      g_assert_nonnull (strstr (tags, "DateTimeOriginal                : 2024:05:01 10:00:00"));
      if (xmp_kept)
        {
          g_assert_nonnull (strstr (tags, "[XMP-xmp]       Rating                          : 3"));
          g_assert_nonnull (strstr (tags, "[XMP-xmp]       CreateDate"));
        }
    }
  g_remove (path);
  g_rmdir (dir);
}

/* The fixture's positions are there to begin with, for exiftool too, so
 * that a check of their absence means something. */
static void
check_has_positions (const guint8 *d,
                     gsize         len,
                     const char   *xmp_tag)
{
  g_autofree char *dir = g_dir_make_tmp ("gj-test-xmp-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "photo.jpg", NULL);
  g_autofree char *tags = NULL;

  g_assert_true (contains (d, len, exif_latitude, sizeof exif_latitude));
  g_assert_true (g_file_set_contents (path, (const char *) d, (gssize) len, NULL));
  tags = exiftool_tags (path);
    {
      g_assert_nonnull (strstr (tags, "[GPS]           GPSLatitude"));
      g_assert_nonnull (strstr (tags, xmp_tag));
    }
  g_remove (path);
  g_rmdir (dir);
}

static void
test_xmp_photos (void)
{
  const char *names[] = { "photo-xmp-gps.jpg", "photo-xmp-gps-short.jpg",
                          "photo-exif-xmp-gps.jpg" };

  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(GBytes) bytes = fixture (names[i]);
      gsize len;
      const guint8 *orig = g_bytes_get_data (bytes, &len);
      g_autofree guint8 *d = g_memdup2 (orig, len);
      Layout l = layout_of (orig, len);

      check_has_positions (orig, len, "[XMP-exif]      GPSLatitude");
      g_assert_cmpuint (gj_exif_gps_header_len (orig, len), ==, l.sos);
      g_assert_true (gj_exif_gps_erase (d, len));
      g_assert_cmpmem (d + l.sos, len - l.sos, orig + l.sos, len - l.sos);
      check_no_position (d, len, TRUE);
      g_assert_false (gj_exif_gps_erase (d, len));
    }
}

static void
append_segment (GByteArray   *out,
                guint8        marker,
                const guint8 *payload,
                gsize         len)
{
  guint8 head[4] = { 0xff, marker, (guint8) ((len + 2) >> 8), (guint8) (len + 2) };

  g_assert_cmpuint (len + 2, <=, 0xffff);
  g_byte_array_append (out, head, 4);
  g_byte_array_append (out, payload, (guint) len);
}

/* One piece of Extended XMP: its header, then bytes @from to @to of @xml. */
static void
append_extended (GByteArray *out,
                 const char *xml,
                 gsize       from,
                 gsize       to)
{
  g_autoptr(GByteArray) seg = g_byte_array_new ();
  guint32 total = (guint32) strlen (xml);
  guint8 sizes[8] = { total >> 24, total >> 16, total >> 8, total,
                      from >> 24, from >> 16, from >> 8, from };

  g_byte_array_append (seg, (const guint8 *) "http://ns.adobe.com/xmp/extension/", 35);
  g_byte_array_append (seg, (const guint8 *) "0123456789ABCDEF0123456789ABCDEF", 32);
  g_byte_array_append (seg, sizes, 8);
  g_byte_array_append (seg, (const guint8 *) xml + from, (guint) (to - from));
  append_segment (out, 0xe1, seg->data, seg->len);
}

/* An Extended XMP text whose only position, GPSAltitude, names no word
 * alone but "gps", and the cut that splits that word between two pieces. */
static const char extended_xml[] =
  "<x:xmpmeta xmlns:x='adobe:ns:meta/'><rdf:RDF "
  "xmlns:rdf='http://www.w3.org/1999/02/22-rdf-syntax-ns#'><rdf:Description rdf:about='' "
  "xmlns:exif='http://ns.adobe.com/exif/1.0/' exif:GPSAltitude='77/1'/></rdf:RDF>"
  "</x:xmpmeta>";

static gsize
extended_cut (void)
{
  return (gsize) (strstr (extended_xml, "GPSAltitude") - extended_xml) + 1;
}

/* The fixture @name with, after its start of image, @padding bytes of
 * APP2 segments and the Extended XMP text in two pieces (@in_order or
 * not), the rest of the file after them. */
static GByteArray *
build_photo (const char *name,
             gsize       padding,
             gboolean    in_order)
{
  g_autoptr(GBytes) bytes = fixture (name);
  gsize len, cut = extended_cut (), total = strlen (extended_xml);
  const guint8 *orig = g_bytes_get_data (bytes, &len);
  GByteArray *out = g_byte_array_new ();
  g_autofree guint8 *filler = g_malloc (60000);

  memset (filler, 'G', 60000);
  memcpy (filler, "GJ-TEST\0", 8);
  g_byte_array_append (out, orig, 2);
  for (gsize done = 0; done < padding; done += 60000)
    append_segment (out, 0xe2, filler, MIN (60000, padding - done));
  if (in_order)
    {
      append_extended (out, extended_xml, 0, cut);
      append_extended (out, extended_xml, cut, total);
    }
  else
    {
      append_extended (out, extended_xml, cut, total);
      append_extended (out, extended_xml, 0, cut);
    }
  g_byte_array_append (out, orig + 2, (guint) (len - 2));
  return out;
}

static void
test_extended_xmp (void)
{
  for (guint order = 0; order < 2; order++)
    {
      g_autoptr(GByteArray) photo = build_photo ("photo-xmp-gps.jpg", 0, order == 0);
      g_autoptr(GBytes) base = fixture ("photo-xmp-gps.jpg");
      g_autofree guint8 *orig = g_memdup2 (photo->data, photo->len);
      gsize cut = extended_cut ();

      check_has_positions (photo->data, photo->len, "[XMP-exif]      GPSAltitude");
      /* Neither piece names a position alone. */
      g_assert_false (g_strstr_len (extended_xml, (gssize) cut, "GPS"));
      g_assert_false (strstr (extended_xml + cut, "GPS"));
      g_assert_true (gj_exif_gps_erase (photo->data, photo->len));
      check_no_position (photo->data, photo->len, TRUE);
      g_assert_false (contains_text (photo->data, photo->len, "77/1"));
      g_assert_true (contains_text (photo->data, photo->len, "0123456789ABCDEF"));
      g_assert_false (gj_exif_gps_erase (photo->data, photo->len));
      g_assert_cmpuint (photo->len, ==, g_bytes_get_size (base) +
                                        2 * (4 + 75) + strlen (extended_xml));
      for (gsize i = 0; i < photo->len; i++)
        if (photo->data[i] != orig[i])
          g_assert_true (photo->data[i] == 0 || photo->data[i] == ' ' ||
                         photo->data[i] == 0xff || photo->data[i] == 7);
    }
}

/* Adds @path to a new store in @dir with the location erased; gives the
 * stored copy's bytes. */
static GBytes *
add_stripped (const char *dir,
              const char *path)
{
  g_autofree char *files = g_build_filename (dir, "db.files", NULL);
  g_autoptr(GjBlobStore) blobs = gj_blob_store_new (files, NULL);
  g_autoptr(GError) error = NULL;
  g_autofree char *sha = NULL;
  g_autofree char *stored = NULL;
  char *content = NULL;
  gsize len;
  gint64 size;

  g_assert_nonnull (blobs);
  g_assert_true (gj_blob_store_add_file (blobs, path, TRUE, &sha, &size, &error));
  g_assert_no_error (error);
  stored = gj_blob_store_dup_path (blobs, sha);
  g_assert_true (g_file_get_contents (stored, &content, &len, NULL));
  g_assert_cmpint (size, ==, (gint64) len);
  return g_bytes_new_take (content, len);
}

/* EXIF, XMP and Extended XMP past the first 256 KB of the file, behind
 * big APP2 segments, as an ICC profile puts them. */
static void
test_far_header (void)
{
  g_autoptr(GByteArray) photo = build_photo ("photo-xmp-gps.jpg", 300000, TRUE);
  g_autofree char *dir = g_dir_make_tmp ("gj-test-far-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "photo.jpg", NULL);
  g_autoptr(GBytes) stored = NULL;
  gsize len, exif_at;
  const guint8 *d;
  Layout l;

  l = layout_of (photo->data, photo->len);
  exif_at = l.tiff;
  g_assert_cmpuint (exif_at, >, 256 * 1024);
  check_has_positions (photo->data, photo->len, "[XMP-exif]      GPSLatitude");
  /* The first block alone does not hold the header, and says how much
   * more it needs; the whole file does. */
  g_assert_cmpuint (gj_exif_gps_header_len (photo->data, 256 * 1024), >, 256 * 1024);
  g_assert_cmpuint (gj_exif_gps_header_len (photo->data, photo->len), ==, l.sos);

  g_assert_true (g_file_set_contents (path, (const char *) photo->data, photo->len, NULL));
  stored = add_stripped (dir, path);
  d = g_bytes_get_data (stored, &len);
  g_assert_cmpuint (len, ==, photo->len);
  check_no_position (d, len, TRUE);
  g_assert_cmpmem (d + l.sos, len - l.sos, photo->data + l.sos, len - l.sos);
  /* The person's own file is not changed. */
  {
    g_autofree char *after = NULL;
    gsize after_len;

    g_assert_true (g_file_get_contents (path, &after, &after_len, NULL));
    g_assert_cmpmem (after, after_len, photo->data, photo->len);
  }
  gj_test_remove_tree (dir);
}

/* A header past GJ_EXIF_GPS_HEADER_MAX is refused, unless the location
 * is kept; one just under it is read whole. */
static void
test_header_too_big (void)
{
  g_autofree char *dir = g_dir_make_tmp ("gj-test-big-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "huge.jpg", NULL);
  g_autofree char *files = g_build_filename (dir, "db.files", NULL);
  g_autoptr(GjBlobStore) blobs = gj_blob_store_new (files, NULL);

  for (guint big = 0; big < 2; big++)
    {
      gsize padding = GJ_EXIF_GPS_HEADER_MAX - (big ? 0 : 300000);
      g_autoptr(GByteArray) photo = build_photo ("photo-gps-mm.jpg", padding, TRUE);
      g_autoptr(GError) error = NULL;
      g_autofree char *sha = NULL;
      gint64 size = 0;

      g_assert_true (g_file_set_contents (path, (const char *) photo->data, photo->len, NULL));
      if (big)
        {
          g_assert_false (gj_blob_store_add_file (blobs, path, TRUE, &sha, &size, &error));
          g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID);
          g_assert_nonnull (strstr (error->message, path));
          g_assert_nonnull (strstr (error->message, "16 MB"));
          g_assert_null (sha);
          g_clear_error (&error);
          g_assert_true (gj_blob_store_add_file (blobs, path, FALSE, &sha, &size, &error));
          g_assert_no_error (error);
        }
      else
        {
          g_autoptr(GBytes) stored = add_stripped (dir, path);
          gsize len;
          const guint8 *d = g_bytes_get_data (stored, &len);

          g_assert_cmpuint (len, ==, photo->len);
          g_assert_false (contains (d, len, exif_latitude, sizeof exif_latitude));
          g_assert_false (contains_text (d, len, "77/1"));
        }
    }
  gj_test_remove_tree (dir);
}

/* ExifTool reads EXIF whose "Exif" is in another case, or after a few
 * bytes of garbage (some cameras write that): so does the erase. */
static void
test_exif_header_variants (void)
{
  g_autoptr(GBytes) bytes = fixture ("photo-gps-mm.jpg");
  gsize len;
  const guint8 *orig = g_bytes_get_data (bytes, &len);
  Layout l = layout_of (orig, len);

  for (guint garbage = 0; garbage <= 2; garbage += 2)
    {
      g_autoptr(GByteArray) d = g_byte_array_new ();
      gsize exif = l.tiff - 6;
      guint8 seg_len[2];

      /* The segment grows by the garbage before "eXIF\0\0". */
      g_byte_array_append (d, orig, (guint) exif - 2);
      seg_len[0] = (guint8) ((l.len + 8 + garbage) >> 8);
      seg_len[1] = (guint8) (l.len + 8 + garbage);
      g_byte_array_append (d, seg_len, 2);
      g_byte_array_append (d, (const guint8 *) "ab", garbage);
      g_byte_array_append (d, (const guint8 *) "eXIF\0\0", 6);
      g_byte_array_append (d, orig + l.tiff, (guint) (len - l.tiff));
      check_has_positions (d->data, d->len, "[GPS]           GPSLongitude");
      g_assert_true (gj_exif_gps_erase (d->data, d->len));
      g_assert_false (contains (d->data, d->len, exif_latitude, sizeof exif_latitude));
      g_assert_true (contains_text (d->data, d->len, "eXIF"));
    }
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
  g_test_add_func ("/exif-gps/header-variants", test_exif_header_variants);
  g_test_add_func ("/exif-gps/xmp-packets", test_xmp_packets);
  g_test_add_func ("/exif-gps/xmp-scan", test_xmp_scan);
  g_test_add_func ("/exif-gps/xmp-photos", test_xmp_photos);
  g_test_add_func ("/exif-gps/extended-xmp", test_extended_xmp);
  g_test_add_func ("/exif-gps/far-header", test_far_header);
  g_test_add_func ("/exif-gps/header-too-big", test_header_too_big);

  return g_test_run ();
}
