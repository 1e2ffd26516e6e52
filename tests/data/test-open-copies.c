/* test-open-copies.c: the copies made for opening attached files are swept
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <utime.h>

#include "gj-data-error.h"
#include "gj-open-copies.h"
#include "gj-test-store.h"

#define DAY (24 * 60 * 60)

static gint64 now;

/* Writes @path (its folders made) and dates it @age seconds ago. */
static void
write_dated (const char *path,
             gint64      age)
{
  g_autofree char *dir = g_path_get_dirname (path);
  struct utimbuf times = { (time_t) (now - age), (time_t) (now - age) };
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, "copy", -1, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_utime (path, &times), ==, 0);
}

static void
make_link (const char *target,
           const char *path)
{
  g_autoptr(GFile) link = g_file_new_for_path (path);
  g_autoptr(GError) error = NULL;

  g_assert_true (g_file_make_symbolic_link (link, target, NULL, &error));
  g_assert_no_error (error);
}

/* Copies written over a day before the sweep's time go, with the folders
 * they leave empty; newer ones stay, and so does everything a symbolic
 * link leads to, the links themselves and anything outside the folder. */
static void
test_sweep (void)
{
  g_autofree char *root = g_dir_make_tmp ("gj-test-open-copies-XXXXXX", NULL);
  g_autofree char *open = g_build_filename (root, "open", NULL);
  g_autofree char *outside = g_build_filename (root, "outside", NULL);
  g_autofree char *old_only = g_build_filename (open, "aaaa", "report.pdf", NULL);
  g_autofree char *recent = g_build_filename (open, "bbbb", "photo.jpg", NULL);
  g_autofree char *mixed_old = g_build_filename (open, "cccc", "old.txt", NULL);
  g_autofree char *mixed_new = g_build_filename (open, "cccc", "new.txt", NULL);
  g_autofree char *top_old = g_build_filename (open, "stray.txt", NULL);
  g_autofree char *deeper = g_build_filename (open, "dddd", "inner", "deep.txt", NULL);
  g_autofree char *outside_old = g_build_filename (outside, "keep.pdf", NULL);
  g_autofree char *linked_dir = g_build_filename (open, "eeee", NULL);
  g_autofree char *linked_file = g_build_filename (open, "bbbb", "link.pdf", NULL);
  g_autofree char *aaaa = g_path_get_dirname (old_only);
  g_autoptr(GError) error = NULL;
  guint removed = 99;

  now = g_get_real_time () / G_USEC_PER_SEC;
  write_dated (old_only, 2 * DAY);
  write_dated (recent, DAY - 60);
  write_dated (mixed_old, 3 * DAY);
  write_dated (mixed_new, 60);
  write_dated (top_old, 5 * DAY);
  write_dated (deeper, 5 * DAY);
  write_dated (outside_old, 9 * DAY);
  make_link (outside, linked_dir);
  make_link (outside_old, linked_file);

  g_assert_true (gj_open_copies_sweep (open, now - DAY, &removed, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (removed, ==, 3);
  g_assert_false (g_file_test (old_only, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (aaaa, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (mixed_old, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (top_old, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (recent, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (mixed_new, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (deeper, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (outside_old, G_FILE_TEST_IS_REGULAR));
  g_assert_true (g_file_test (linked_dir, G_FILE_TEST_IS_SYMLINK));
  g_assert_true (g_file_test (linked_file, G_FILE_TEST_IS_SYMLINK));

  /* A copy made since the sweep's time, however long ago that is, stays:
   * the caller passes a time before its own run began. */
  g_assert_true (gj_open_copies_sweep (open, now - 10 * DAY, &removed, &error));
  g_assert_cmpuint (removed, ==, 0);
  g_assert_true (g_file_test (recent, G_FILE_TEST_IS_REGULAR));

  gj_test_remove_tree (root);
}

/* No folder yet is nothing to sweep; a folder that is a symbolic link is
 * not followed, and a file where the folder should be is an error. */
static void
test_absent_or_odd (void)
{
  g_autofree char *root = g_dir_make_tmp ("gj-test-open-copies-XXXXXX", NULL);
  g_autofree char *open = g_build_filename (root, "open", NULL);
  g_autofree char *target = g_build_filename (root, "target", NULL);
  g_autofree char *inside = g_build_filename (target, "x", "old.pdf", NULL);
  g_autoptr(GError) error = NULL;
  guint removed = 99;

  now = g_get_real_time () / G_USEC_PER_SEC;
  g_assert_true (gj_open_copies_sweep (open, now, &removed, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (removed, ==, 0);

  write_dated (inside, 5 * DAY);
  make_link (target, open);
  g_assert_false (gj_open_copies_sweep (open, now, &removed, &error));
  g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_IO);
  g_assert_true (g_file_test (inside, G_FILE_TEST_IS_REGULAR));
  g_clear_error (&error);

  g_assert_cmpint (g_unlink (open), ==, 0);
  write_dated (open, 5 * DAY);
  g_assert_false (gj_open_copies_sweep (open, now, &removed, &error));
  g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_IO);
  g_assert_true (g_file_test (open, G_FILE_TEST_IS_REGULAR));

  gj_test_remove_tree (root);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/open-copies/sweep", test_sweep);
  g_test_add_func ("/open-copies/absent-or-odd", test_absent_or_odd);
  return g_test_run ();
}
