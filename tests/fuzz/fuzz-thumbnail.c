/* fuzz-thumbnail.c: the thumbnailer on any bytes, as a JPEG, a PNG and a
 * PDF: gdk-pixbuf's loaders and poppler parse files that came from anyone's
 * laptop, and must end with a thumbnail or an error.
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
  g_autofree char *gongjian = g_build_filename (work_dir, "gongjian", NULL);
  g_autofree char *thumbnails = g_build_filename (gongjian, "thumbnails", NULL);

  g_rmdir (thumbnails);
  g_rmdir (gongjian);
  g_rmdir (work_dir);
  g_clear_pointer (&work_dir, g_free);
}

/* The cache goes to a folder of the harness's own, set before GLib reads
 * the variable for the first time, and removed at exit. */
static void
set_up (void)
{
  if (work_dir != NULL)
    return;
  work_dir = g_dir_make_tmp ("fuzz-thumbnail-XXXXXX", NULL);
  if (work_dir == NULL)
    fuzz_fail ("no temporary folder", NULL);
  g_setenv ("XDG_CACHE_HOME", work_dir, TRUE);
  atexit (remove_work_dir);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *input = NULL;
  g_autofree char *sha256 = g_compute_checksum_for_data (G_CHECKSUM_SHA256, data, size);
  g_autoptr(GError) error = NULL;

  set_up ();
  input = g_build_filename (work_dir, "input", NULL);
  if (!g_file_set_contents (input, (const char *) data, size, &error))
    fuzz_fail ("the input cannot be written", error);
  for (guint i = 0; i < G_N_ELEMENTS (types); i++)
    {
      g_autofree char *thumbnail = gj_thumbnail_get (input, sha256, types[i], SIZE, &error);

      if ((thumbnail == NULL) == (error == NULL))
        fuzz_fail ("neither a thumbnail nor an error", NULL);
      /* The same bytes are tried as the next type: no cached answer. */
      if (thumbnail != NULL)
        {
          g_autoptr(GdkPixbuf) check = gdk_pixbuf_new_from_file (thumbnail, NULL);

          if (check == NULL || gdk_pixbuf_get_width (check) > SIZE
              || gdk_pixbuf_get_height (check) > SIZE)
            fuzz_fail ("a thumbnail is not a PNG within its size", NULL);
          g_unlink (thumbnail);
        }
      g_clear_error (&error);
    }
  g_unlink (input);
  return 0;
}
