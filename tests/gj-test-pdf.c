/* gj-test-pdf.c: reading the PDFs a test wrote, with poppler's tools
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <cairo.h>
#include <glib/gstdio.h>
#include <string.h>

#include "gj-test-pdf.h"

static const char *
tool (const char *variable)
{
  const char *path = g_getenv (variable);

  if (path == NULL || *path == '\0')
    g_error ("%s is not set: run the test through meson, which finds poppler's tools", variable);
  return path;
}

static char *
run (const char *const *argv)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_autofree char *err = NULL;
  int status = 0;

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, &err, &status,
                &error);
  g_assert_no_error (error);
  if (!g_spawn_check_wait_status (status, &error))
    g_error ("%s failed: %s\n%s", argv[0], error->message, err);
  return g_steal_pointer (&out);
}

char *
gj_test_pdf_text (const char *path)
{
  const char *argv[] = { tool ("PDFTOTEXT"), "-layout", "-enc", "UTF-8", path, "-", NULL };

  return run (argv);
}

char **
gj_test_pdf_pages (const char *path)
{
  g_autofree char *text = gj_test_pdf_text (path);
  char **pages = g_strsplit (text, "\f", -1);
  guint n = g_strv_length (pages);

  /* pdftotext ends the last page with a form feed too. */
  if (n > 0 && *pages[n - 1] == '\0')
    g_clear_pointer (&pages[n - 1], g_free);
  return pages;
}

static void
word_clear (gpointer data)
{
  g_free (((GjTestPdfWord *) data)->word);
}

static double
attribute (const char *line,
           const char *name)
{
  g_autofree char *key = g_strdup_printf (" %s=\"", name);
  const char *at = strstr (line, key);

  g_assert_nonnull (at);
  return g_ascii_strtod (at + strlen (key), NULL);
}

GArray *
gj_test_pdf_words (const char *path)
{
  const char *argv[] = { tool ("PDFTOTEXT"), "-bbox", "-enc", "UTF-8", path, "-", NULL };
  g_autofree char *html = run (argv);
  g_auto(GStrv) lines = g_strsplit (html, "\n", -1);
  GArray *words = g_array_new (FALSE, FALSE, sizeof (GjTestPdfWord));
  int page = -1;

  g_array_set_clear_func (words, word_clear);
  for (guint i = 0; lines[i]; i++)
    {
      const char *line = g_strstrip (lines[i]);
      const char *start, *end;
      GjTestPdfWord word;

      if (g_str_has_prefix (line, "<page "))
        page++;
      if (!g_str_has_prefix (line, "<word ") || (start = strchr (line, '>')) == NULL ||
          (end = strstr (start, "</word>")) == NULL)
        continue;
      word.page = MAX (page, 0);
      word.x_min = attribute (line, "xMin");
      word.y_min = attribute (line, "yMin");
      word.x_max = attribute (line, "xMax");
      word.y_max = attribute (line, "yMax");
      /* The bbox output escapes markup; the tests look for plain words. */
      word.word = g_strndup (start + 1, end - start - 1);
      g_array_append_val (words, word);
    }
  return words;
}

static gboolean
blank (const char *png)
{
  cairo_surface_t *surface = cairo_image_surface_create_from_png (png);
  cairo_surface_t *image;
  cairo_t *cr;
  int width, height, stride;
  const guchar *data;
  gboolean all_white = TRUE;

  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  width = cairo_image_surface_get_width (surface);
  height = cairo_image_surface_get_height (surface);
  /* Whatever format the PNG decodes to, read it as RGB24. */
  image = cairo_image_surface_create (CAIRO_FORMAT_RGB24, width, height);
  cr = cairo_create (image);
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_set_source_surface (cr, surface, 0, 0);
  cairo_paint (cr);
  cairo_destroy (cr);
  cairo_surface_flush (image);
  data = cairo_image_surface_get_data (image);
  stride = cairo_image_surface_get_stride (image);
  for (int y = 0; y < height && all_white; y++)
    for (int x = 0; x < width && all_white; x++)
      all_white = (((const guint32 *) (gconstpointer) (data + y * stride))[x] & 0xffffff) ==
                  0xffffff;
  cairo_surface_destroy (image);
  cairo_surface_destroy (surface);
  return all_white;
}

guint
gj_test_pdf_assert_no_blank_page (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("gj-test-pdf-XXXXXX", &error);
  g_autofree char *prefix = NULL;
  g_autofree char *out = NULL;
  g_autoptr(GPtrArray) names = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GDir) listing = NULL;
  const char *name;

  g_assert_no_error (error);
  prefix = g_build_filename (dir, "page", NULL);
  {
    const char *argv[] = { tool ("PDFTOPPM"), "-png", "-r", "50", path, prefix, NULL };

    out = run (argv);
  }
  listing = g_dir_open (dir, 0, &error);
  g_assert_no_error (error);
  while ((name = g_dir_read_name (listing)) != NULL)
    g_ptr_array_add (names, g_build_filename (dir, name, NULL));
  g_assert_cmpuint (names->len, >, 0);
  for (guint i = 0; i < names->len; i++)
    {
      const char *png = g_ptr_array_index (names, i);

      if (blank (png))
        g_error ("%s: page image %s is blank", path, png);
      g_unlink (png);
    }
  g_rmdir (dir);
  return names->len;
}
