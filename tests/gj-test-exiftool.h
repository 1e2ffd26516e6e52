/* gj-test-exiftool.h: exiftool's reading of a file, for tests
 *
 * exiftool is the tests' independent judge of what a photo still tells.
 * The build requires it (tests/meson.build) and passes its path in
 * $EXIFTOOL, so a check of a photo can never pass by being skipped.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

/* exiftool's output for @path with the options that follow, up to NULL. */
static inline G_GNUC_NULL_TERMINATED char *
gj_test_exiftool (const char *path,
                  ...)
{
  const char *exiftool = g_getenv ("EXIFTOOL");
  g_autoptr(GPtrArray) argv = g_ptr_array_new ();
  g_autoptr(GError) error = NULL;
  const char *option;
  char *out = NULL;
  int status = 0;
  va_list ap;

  g_assert_nonnull (exiftool);
  g_ptr_array_add (argv, (gpointer) exiftool);
  va_start (ap, path);
  while ((option = va_arg (ap, const char *)) != NULL)
    g_ptr_array_add (argv, (gpointer) option);
  va_end (ap);
  g_ptr_array_add (argv, (gpointer) path);
  g_ptr_array_add (argv, NULL);
  g_spawn_sync (NULL, (char **) argv->pdata, NULL, G_SPAWN_STDERR_TO_DEV_NULL, NULL, NULL, &out,
                NULL, &status, &error);
  g_assert_no_error (error);
  g_assert_nonnull (out);
  return out;
}
