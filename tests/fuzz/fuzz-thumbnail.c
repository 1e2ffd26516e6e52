/* fuzz-thumbnail.c: the thumbnailer on any bytes, as a JPEG, a PNG and a
 * PDF: gdk-pixbuf's loaders and poppler parse files that came from anyone's
 * laptop, and must end with a thumbnail or an error. The application
 * draws in gongjian-thumbnailer under resource limits; the harness calls
 * the drawing itself, gj_thumbnail_render(), so that the fuzzer sees
 * inside it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <glib/gstdio.h>

#include "fuzz-common.h"
#include "gj-thumbnail.h"

#define SIZE 64

static const char *const types[] = { "image/jpeg", "image/png", "application/pdf" };

static char *work_dir;

static void
remove_work_dir (void)
{
  g_rmdir (work_dir);
  g_clear_pointer (&work_dir, g_free);
}

/* The input is written to a folder of the harness's own, removed at exit. */
static void
set_up (void)
{
  if (work_dir != NULL)
    return;
  work_dir = g_dir_make_tmp ("fuzz-thumbnail-XXXXXX", NULL);
  if (work_dir == NULL)
    fuzz_fail ("no temporary folder", NULL);
  atexit (remove_work_dir);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *input = NULL;
  g_autoptr(GError) error = NULL;

  set_up ();
  input = g_build_filename (work_dir, "input", NULL);
  if (!g_file_set_contents (input, (const char *) data, size, &error))
    fuzz_fail ("the input cannot be written", error);
  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      g_autoptr(GBytes) png = gj_thumbnail_render (input, types[i], SIZE, &error);

      if ((png == NULL) == (error == NULL))
        fuzz_fail ("neither a thumbnail nor an error", NULL);
      if (png != NULL)
        {
          g_autoptr(GdkPixbufLoader) loader = gdk_pixbuf_loader_new_with_type ("png", NULL);
          GdkPixbuf *check = NULL;

          if (loader != NULL
              && gdk_pixbuf_loader_write_bytes (loader, png, NULL)
              && gdk_pixbuf_loader_close (loader, NULL))
            check = gdk_pixbuf_loader_get_pixbuf (loader);
          if (check == NULL || gdk_pixbuf_get_width (check) > SIZE
              || gdk_pixbuf_get_height (check) > SIZE)
            fuzz_fail ("a thumbnail is not a PNG within its size", NULL);
        }
      g_clear_error (&error);
    }
  g_unlink (input);
  return 0;
}
