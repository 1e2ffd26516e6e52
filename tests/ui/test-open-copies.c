/* test-open-copies.c: opening an attached file sweeps old opened copies
 *
 * The cache holds, from earlier runs, a copy written two days ago and one
 * written an hour ago. A file of no known type is attached to an
 * agreement item and opened from its tile: its copy is made, named after
 * the attachment, the two-day-old copy and its folder are gone, the
 * hour-old one stays, and the toast says the file could not be opened (no
 * application takes it here, so nothing is started).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <utime.h>

#include "gj-attachment-tile.h"
#include "gj-attachments-section.h"
#include "gj-record-editor.h"
#include "gj-test-util.h"

#define NAME "readings.gjdata"

typedef struct
{
  GtkWidget  *editor;
  const char *copy;
} Wait;

/* Writes @path (its folders made) dated @age seconds ago. */
static void
write_dated (const char *path,
             gint64      age)
{
  g_autofree char *dir = g_path_get_dirname (path);
  gint64 when = g_get_real_time () / G_USEC_PER_SEC - age;
  struct utimbuf times = { (time_t) when, (time_t) when };
  g_autoptr(GError) error = NULL;

  g_assert_cmpint (g_mkdir_with_parents (dir, 0700), ==, 0);
  g_assert_true (g_file_set_contents (path, "an earlier copy", -1, &error));
  g_assert_no_error (error);
  g_assert_cmpint (g_utime (path, &times), ==, 0);
}

/* Whether a toast on screen in @window shows @text anywhere in it. */
static gboolean
toast_mentions (GtkWidget  *window,
                const char *text)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  gj_test_collect_descendants (window, GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    if (gtk_widget_get_ancestor (labels->pdata[i], ADW_TYPE_TOAST_OVERLAY) != NULL
        && strstr (gtk_label_get_text (labels->pdata[i]), text) != NULL)
      return TRUE;
  return FALSE;
}

static GjAttachmentTile *
find_tile (GjAttachmentsSection *section)
{
  g_autoptr(GPtrArray) all = g_ptr_array_new ();

  gj_test_collect_descendants (GTK_WIDGET (section), GJ_TYPE_ATTACHMENT_TILE, all);
  for (guint i = 0; i < all->len; i++)
    if (g_strcmp0 (gj_record_get_text (gj_attachment_tile_get_attachment (all->pdata[i]), "name"),
                   NAME) == 0)
      return all->pdata[i];
  return NULL;
}

static gboolean
tile_shown (gpointer section)
{
  GjAttachmentTile *tile = find_tile (section);

  return tile != NULL && gj_attachment_tile_get_path (tile) != NULL;
}

/* The copy is made, and the launch that followed has ended (its toast). */
static gboolean
opened (gpointer data)
{
  Wait *wait = data;

  return g_file_test (wait->copy, G_FILE_TEST_IS_REGULAR) &&
         toast_mentions (wait->editor, "“" NAME "”");
}

static void
test_open_sweeps (void)
{
  g_autofree char *db = gj_test_demo_database ();
  g_autofree char *dir = g_path_get_dirname (db);
  g_autofree char *source = g_build_filename (dir, NAME, NULL);
  g_autofree char *open = g_build_filename (g_get_user_cache_dir (), "gongjian", "open", NULL);
  g_autofree char *old_dir = g_build_filename (open, "1111", NULL);
  g_autofree char *old = g_build_filename (old_dir, "minutes.pdf", NULL);
  g_autofree char *recent = g_build_filename (open, "2222", "photo.jpg", NULL);
  g_autofree char *copy = NULL;
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  GjQuery q = { .limit = 1 };
  GjApplication *app = NULL;
  GjWindow *window;
  GjSession *session;
  GtkWidget *editor;
  GjAttachmentsSection *section;
  GjAttachmentTile *tile;
  guint8 bytes[4096];
  Wait wait;

  write_dated (old, 2 * 24 * 60 * 60);
  write_dated (recent, 60 * 60);
  /* Bytes of no known type, so that no application is started for them. */
  for (gsize i = 0; i < sizeof bytes; i++)
    bytes[i] = (guint8) (i * 2654435761u >> 7);
  g_assert_true (g_file_set_contents (source, (const char *) bytes, sizeof bytes, &error));
  g_assert_no_error (error);

  window = gj_test_start_app (db, &app);
  session = gj_window_get_session (window);
  gj_test_settle (session, 5000);
  items = gj_store_list (gj_session_get_store (session), gj_schema_lookup ("agreement_item"), &q,
                         &error);
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, 1);
  editor = GTK_WIDGET (gj_record_editor_open (GTK_WIDGET (window), session,
                                              gj_schema_lookup ("agreement_item"),
                                              items->pdata[0], NULL));
  gj_test_settle (session, 2000);
  section = GJ_ATTACHMENTS_SECTION (gj_test_find_descendant (editor,
                                                             GJ_TYPE_ATTACHMENTS_SECTION));
  g_ptr_array_add (files, g_file_new_for_path (source));
  gj_attachments_section_add_files (section, files);
  g_assert_true (gj_test_wait_until (tile_shown, section, 20000));
  gj_test_settle (session, 300);
  gj_test_close_toasts (editor);
  gj_test_settle (session, 300);

  tile = find_tile (section);
  copy = g_build_filename (open, gj_record_get_text (gj_attachment_tile_get_attachment (tile),
                                                     "sha256"), NAME, NULL);
  g_assert_false (g_file_test (copy, G_FILE_TEST_EXISTS));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (section), "attachments.open", "s",
                                             gj_attachment_tile_get_id (tile)));
  wait.editor = editor;
  wait.copy = copy;
  g_assert_true (gj_test_wait_until (opened, &wait, 20000));

  g_assert_false (g_file_test (old, G_FILE_TEST_EXISTS));
  g_assert_false (g_file_test (old_dir, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (recent, G_FILE_TEST_IS_REGULAR));
  {
    g_autofree char *contents = NULL;
    gsize len;

    g_assert_true (g_file_get_contents (copy, &contents, &len, &error));
    g_assert_cmpmem (contents, len, bytes, sizeof bytes);
  }

  gtk_window_destroy (GTK_WINDOW (editor));
  gj_test_settle (session, 300);
  gj_test_stop_app (app, window);
  gj_test_remove_database (db);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *cache = g_dir_make_tmp ("gj-ui-open-copies-XXXXXX", NULL);
  int status;

  /* Opened copies go to a cache of the test's own. */
  g_assert_nonnull (cache);
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  if (!gj_test_init_gtk (&argc, &argv))
    {
      g_test_add_func ("/ui/open-copies/no-display", gj_test_skip_no_display);
      return g_test_run ();
    }
  g_test_add_func ("/ui/open-copies/open-sweeps", test_open_sweeps);
  status = g_test_run ();
  {
    /* The helper removes the folder of the file it is given. */
    g_autofree char *inside = g_build_filename (cache, "cache", NULL);

    gj_test_remove_database (inside);
  }
  return status;
}
