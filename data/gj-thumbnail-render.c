/* gj-thumbnail-render.c: drawing a thumbnail inside this process
 *
 * Attached files come from anyone's laptop and are parsed here by
 * gdk-pixbuf's loaders and by poppler, so every input is hostile: the
 * loader is the one the attachment's type names (never one guessed from
 * the content, which would let a file reach any loader installed), an
 * image larger than MAX_PIXELS is refused before it is decoded, and a PDF
 * page is drawn at the thumbnail's size whatever size it claims. Both
 * parsers report what they cannot read as an error, which becomes ours.
 *
 * What no check here can bound is the time and memory a crafted file
 * costs (a page of millions of drawing operators, a loader's bug): that is
 * why the application never calls this itself but runs it in
 * gongjian-thumbnailer, a process of its own under resource limits
 * (gj-thumbnail.c). The fuzz harness calls it directly.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-thumbnail"

#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <math.h>
#include <poppler.h>
#include <string.h>
#include <unistd.h>

#include "gj-data-error.h"
#include "gj-thumbnail.h"

/* A photo of 100 megapixels is more than any camera a station has;
 * decoding one larger would take gigabytes before it could be scaled. */
#define MAX_PIXELS ((gint64) 100 * 1000 * 1000)
#define READ_CHUNK (64 * 1024)

/* The image types people attach as photos and scans; another image type
 * gets the type's icon rather than an exotic loader. */
static const char *const image_types[] = {
  "image/jpeg", "image/png", "image/gif", "image/webp", "image/bmp", "image/tiff",
};

/* poppler keeps global state that it guards only in part; one document
 * at a time is drawn, which costs nothing for thumbnails. */
static GMutex pdf_lock;

static gboolean
is_image_type (const char *mime_type)
{
  for (guint i = 0; i < G_N_ELEMENTS (image_types); i++)
    if (g_str_equal (mime_type, image_types[i]))
      return TRUE;
  return FALSE;
}

/* Images */

typedef struct
{
  int      size;
  gboolean too_large;
} Prepare;

static void
size_prepared_cb (GdkPixbufLoader *loader,
                  int              width,
                  int              height,
                  Prepare         *prepare)
{
  double scale;

  if (width <= 0 || height <= 0 || (gint64) width * height > MAX_PIXELS)
    {
      /* A size of zero makes the loader stop with an error before it
       * allocates anything. */
      prepare->too_large = width > 0 && height > 0;
      gdk_pixbuf_loader_set_size (loader, 0, 0);
      return;
    }
  scale = MIN (1.0, (double) prepare->size / MAX (width, height));
  gdk_pixbuf_loader_set_size (loader, MAX (1, (int) round (width * scale)),
                              MAX (1, (int) round (height * scale)));
}

static GBytes *
image_thumbnail (const char  *path,
                 const char  *mime_type,
                 int          size,
                 GError     **error)
{
  g_autoptr(GdkPixbufLoader) loader = NULL;
  g_autoptr(GdkPixbuf) oriented = NULL;
  g_autoptr(GError) local = NULL;
  g_autofree guchar *buffer = NULL;
  Prepare prepare = { size, FALSE };
  gboolean ok = TRUE;
  GdkPixbuf *pixbuf;
  gchar *png = NULL;
  gsize png_len = 0;
  int fd;

  loader = gdk_pixbuf_loader_new_with_mime_type (mime_type, &local);
  if (loader == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("Pictures of type %s cannot be shown here: %s"), mime_type,
                   local->message);
      return NULL;
    }
  g_signal_connect (loader, "size-prepared", G_CALLBACK (size_prepared_cb), &prepare);

  fd = g_open (path, O_RDONLY | O_CLOEXEC, 0);
  if (fd < 0)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("The file “%s” cannot be read: %s"), path, g_strerror (saved));
      gdk_pixbuf_loader_close (loader, NULL);
      return NULL;
    }
  buffer = g_malloc (READ_CHUNK);
  for (;;)
    {
      gssize n = read (fd, buffer, READ_CHUNK);

      if (n < 0 && errno == EINTR)
        continue;
      if (n < 0)
        {
          int saved = errno;

          g_set_error (&local, G_IO_ERROR, g_io_error_from_errno (saved), "%s",
                       g_strerror (saved));
          ok = FALSE;
          break;
        }
      if (n == 0)
        break;
      if (!gdk_pixbuf_loader_write (loader, buffer, n, &local))
        {
          ok = FALSE;
          break;
        }
    }
  close (fd);
  /* Closing after a failed write is still needed, and says nothing new. */
  if (!ok)
    gdk_pixbuf_loader_close (loader, NULL);
  else
    ok = gdk_pixbuf_loader_close (loader, &local);

  pixbuf = gdk_pixbuf_loader_get_pixbuf (loader);
  if (prepare.too_large)
    {
      gj_data_error_set (error, GJ_DATA_ERROR_INVALID, NULL,
                         _("The picture is larger than %d megapixels; open it to see it"),
                         (int) (MAX_PIXELS / 1000000));
      return NULL;
    }
  /* A photo cut short is refused too: what the loader had not reached
   * yet is memory it never wrote. */
  if (!ok || pixbuf == NULL)
    {
      gj_data_error_set (error, GJ_DATA_ERROR_INVALID, NULL,
                         _("The picture cannot be read: %s"),
                         local ? local->message : _("it has no image data"));
      return NULL;
    }
  oriented = gdk_pixbuf_apply_embedded_orientation (pixbuf);
  /* Not every loader honours the size asked for (an animation's frames
   * come at their own size): a larger picture is scaled here. */
  if (oriented != NULL
      && (gdk_pixbuf_get_width (oriented) > size || gdk_pixbuf_get_height (oriented) > size))
    {
      int width = gdk_pixbuf_get_width (oriented), height = gdk_pixbuf_get_height (oriented);
      double scale = (double) size / MAX (width, height);
      GdkPixbuf *scaled = gdk_pixbuf_scale_simple (oriented,
                                                   CLAMP ((int) round (width * scale), 1, size),
                                                   CLAMP ((int) round (height * scale), 1, size),
                                                   GDK_INTERP_BILINEAR);

      g_object_unref (oriented);
      oriented = scaled;
    }
  if (oriented == NULL
      || !gdk_pixbuf_save_to_buffer (oriented, &png, &png_len, "png", &local, NULL))
    {
      gj_data_error_set (error, GJ_DATA_ERROR_INVALID, NULL,
                         _("The picture cannot be read: %s"),
                         local ? local->message : _("it has no image data"));
      return NULL;
    }
  return g_bytes_new_take (png, png_len);
}

/* PDF documents */

static cairo_status_t
write_png_cb (void                *closure,
              const unsigned char *data,
              unsigned int         length)
{
  g_byte_array_append (closure, data, length);
  return CAIRO_STATUS_SUCCESS;
}

/* The first page of @document at @size, on white. */
static GBytes *
render_first_page (PopplerDocument  *document,
                   int               size,
                   GError          **error)
{
  g_autoptr(GByteArray) png = g_byte_array_new ();
  PopplerPage *page;
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t status;
  double width = 0, height = 0, scale;
  int w, h;

  if (poppler_document_get_n_pages (document) < 1)
    {
      gj_data_error_set (error, GJ_DATA_ERROR_INVALID, NULL, _("The document has no pages"));
      return NULL;
    }
  page = poppler_document_get_page (document, 0);
  if (page != NULL)
    poppler_page_get_size (page, &width, &height);
  /* A page's size is what the file claims: anything but a plain positive
   * size is refused rather than drawn. */
  if (page == NULL || !isfinite (width) || !isfinite (height) || width < 1 || height < 1)
    {
      g_clear_object (&page);
      gj_data_error_set (error, GJ_DATA_ERROR_INVALID, NULL,
                         _("The document’s first page has no size"));
      return NULL;
    }
  scale = size / MAX (width, height);
  w = CLAMP ((int) round (width * scale), 1, size);
  h = CLAMP ((int) round (height * scale), 1, size);

  surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, w, h);
  cr = cairo_create (surface);
  /* Paper is white; a PDF draws only what is printed on it. */
  cairo_set_source_rgb (cr, 1, 1, 1);
  cairo_paint (cr);
  cairo_scale (cr, (double) w / width, (double) h / height);
  poppler_page_render (page, cr);
  g_object_unref (page);
  status = cairo_status (cr);
  cairo_destroy (cr);
  if (status == CAIRO_STATUS_SUCCESS)
    {
      cairo_surface_flush (surface);
      status = cairo_surface_write_to_png_stream (surface, write_png_cb, png);
    }
  cairo_surface_destroy (surface);
  if (status != CAIRO_STATUS_SUCCESS)
    {
      gj_data_error_set (error, GJ_DATA_ERROR_INVALID, NULL,
                         _("The document’s first page cannot be drawn: %s"),
                         cairo_status_to_string (status));
      return NULL;
    }
  return g_byte_array_free_to_bytes (g_steal_pointer (&png));
}

static GBytes *
pdf_thumbnail (const char  *path,
               int          size,
               GError     **error)
{
  g_autoptr(GFile) file = g_file_new_for_path (path);
  g_autoptr(GError) local = NULL;
  G_GNUC_UNUSED g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&pdf_lock);
  PopplerDocument *document;
  GBytes *png;

  document = poppler_document_new_from_gfile (file, NULL, NULL, &local);
  if (document == NULL)
    {
      if (g_error_matches (local, POPPLER_ERROR, POPPLER_ERROR_ENCRYPTED))
        g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                     _("The document is protected by a password; open it to read it"));
      else
        gj_data_error_set (error, GJ_DATA_ERROR_INVALID, NULL,
                           _("The document cannot be read as a PDF: %s"), local->message);
      return NULL;
    }
  png = render_first_page (document, size, error);
  g_object_unref (document);
  return png;
}

/* Public */

gboolean
gj_thumbnail_type_supported (const char *mime_type)
{
  return mime_type != NULL
         && (is_image_type (mime_type) || g_str_equal (mime_type, "application/pdf"));
}

GBytes *
gj_thumbnail_render (const char  *path,
                     const char  *mime_type,
                     int          size,
                     GError     **error)
{
  g_return_val_if_fail (path != NULL, NULL);
  g_return_val_if_fail (size >= GJ_THUMBNAIL_MIN_SIZE && size <= GJ_THUMBNAIL_MAX_SIZE, NULL);

  if (mime_type != NULL && is_image_type (mime_type))
    return image_thumbnail (path, mime_type, size, error);
  if (g_strcmp0 (mime_type, "application/pdf") == 0)
    return pdf_thumbnail (path, size, error);
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
               _("Files of type %s have no thumbnail"), mime_type ? mime_type : "?");
  return NULL;
}
