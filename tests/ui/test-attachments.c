/* test-attachments.c: attaching files to an agreement item, in Chinese
 *
 * An agreement item's editor is opened from the running app; a photo
 * (a real JPEG of one distinctive colour) is attached through the same
 * function a drop calls, and its tile must show the photo's thumbnail, not
 * the type's icon. Removing it offers Undo, which brings it back; closing
 * the window then lets go of the file of an attachment removed for good.
 * A PDF shows its first page; a file recorded here but not yet fetched
 * shows a Download button, which says what to do on a laptop that does
 * not sync yet.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <cairo-pdf.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <string.h>
#include <utime.h>

#include "gj-attachment-tile.h"
#include "gj-attachments-section.h"
#include "gj-attachments.h"
#include "gj-blob-store.h"
#include "gj-client.h"
#include "gj-file-exchange.h"
#include "gj-preferences-window.h"
#include "gj-record-editor.h"
#include "gj-record-table.h"
#include "gj-server.h"
#include "gj-test-util.h"

#define WAIT_SECONDS 20

typedef struct
{
  char          *path;
  char          *dir;
  GjApplication *app;
  GjWindow      *window;
  GjSession     *session;
  GjBlobStore   *blobs;
  GjRecord      *item;     /* the agreement item files are attached to */
} Fixture;

static Fixture fixture;

/* The photo's colour: no theme draws it, so a thumbnail of it is the photo. */
static const guchar PHOTO_RGB[3] = { 0xd0, 0x30, 0x90 };
static const guchar PAGE_RGB[3] = { 0x20, 0x60, 0xc0 };

static GjAttachmentsSection *
open_editor (Fixture         *f,
             GjRecordEditor **editor)
{
  GtkWidget *section;

  *editor = gj_record_editor_open (GTK_WIDGET (f->window), f->session, f->item->kind, f->item,
                                   NULL);
  gtk_window_set_default_size (GTK_WINDOW (*editor), 640, 760);
  gj_test_settle (f->session, 2000);
  section = gj_test_find_descendant (GTK_WIDGET (*editor), GJ_TYPE_ATTACHMENTS_SECTION);
  g_assert_nonnull (section);
  return GJ_ATTACHMENTS_SECTION (section);
}

static GPtrArray *
tiles (GjAttachmentsSection *section)
{
  GPtrArray *found = g_ptr_array_new ();

  gj_test_collect_descendants (GTK_WIDGET (section), GJ_TYPE_ATTACHMENT_TILE, found);
  return found;
}

static GjAttachmentTile *
find_tile (GjAttachmentsSection *section,
           const char           *name)
{
  g_autoptr(GPtrArray) all = tiles (section);

  for (guint i = 0; i < all->len; i++)
    {
      GjRecord *attachment = gj_attachment_tile_get_attachment (all->pdata[i]);

      if (g_strcmp0 (gj_record_get_text (attachment, "name"), name) == 0)
        return all->pdata[i];
    }
  return NULL;
}

/* Runs the main loop until the section shows a tile named @name, or none
 * when @present is FALSE. */
static void
wait_for_tile (GjAttachmentsSection *section,
               const char           *name,
               gboolean              present)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_SECONDS * G_USEC_PER_SEC;

  while ((find_tile (section, name) != NULL) != present && g_get_monotonic_time () < deadline)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10000);
    }
  g_assert_true ((find_tile (section, name) != NULL) == present);
}

/* Runs the main loop until the tile named @name shows a thumbnail. */
static GjAttachmentTile *
wait_for_thumbnail (Fixture              *f,
                    GjAttachmentsSection *section,
                    const char           *name)
{
  gint64 deadline = g_get_monotonic_time () + WAIT_SECONDS * G_USEC_PER_SEC;
  GjAttachmentTile *tile = NULL;

  while (g_get_monotonic_time () < deadline)
    {
      tile = find_tile (section, name);
      if (tile != NULL && gj_attachment_tile_has_thumbnail (tile))
        break;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10000);
    }
  g_assert_nonnull (tile);
  g_assert_true (gj_attachment_tile_has_thumbnail (tile));
  gj_test_settle (f->session, 300);
  return tile;
}

/* The thumbnail the tile shows: the one image on screen in it that
 * shows a picture rather than an icon. */
static GdkTexture *
shown_thumbnail (GjAttachmentTile *tile)
{
  g_autoptr(GPtrArray) images = g_ptr_array_new ();
  GdkTexture *found = NULL;

  gj_test_collect_descendants (GTK_WIDGET (tile), GTK_TYPE_IMAGE, images);
  for (guint i = 0; i < images->len; i++)
    {
      GtkImage *image = images->pdata[i];

      if (!gtk_widget_get_mapped (GTK_WIDGET (image))
          || gtk_image_get_storage_type (image) != GTK_IMAGE_PAINTABLE)
        continue;
      g_assert_null (found);
      g_assert_true (GDK_IS_TEXTURE (gtk_image_get_paintable (image)));
      found = GDK_TEXTURE (gtk_image_get_paintable (image));
    }
  g_assert_nonnull (found);
  return found;
}

/* The tile's thumbnail is of @rgb in its middle. */
static void
assert_thumbnail_colour (GjAttachmentTile *tile,
                         const guchar      rgb[3])
{
  GdkTexture *texture = shown_thumbnail (tile);
  int width = gdk_texture_get_width (texture);
  int height = gdk_texture_get_height (texture);
  g_autofree guchar *data = NULL;
  const guchar *p;

  g_assert_cmpint (MAX (width, height), <=, 256);
  g_assert_cmpint (MAX (width, height), >=, 100);
  data = g_malloc ((gsize) width * height * 4);
  gdk_texture_download (texture, data, (gsize) width * 4);
  /* Cairo's ARGB32 in memory on little-endian machines: B, G, R, A. */
  p = data + ((gsize) (height / 2) * width + width / 2) * 4;
  g_assert_cmpint (ABS ((int) p[2] - rgb[0]), <, 24);
  g_assert_cmpint (ABS ((int) p[1] - rgb[1]), <, 24);
  g_assert_cmpint (ABS ((int) p[0] - rgb[2]), <, 24);
}

/* Scrolls the editor so that the section is at the top of its page. */
static void
scroll_to (GtkWidget *section)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (section, GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adjustment = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  graphene_point_t point;

  g_assert_true (gtk_widget_compute_point (section, gtk_scrolled_window_get_child (
                                             GTK_SCROLLED_WINDOW (scrolled)),
                                           &GRAPHENE_POINT_INIT (0, 0), &point));
  gtk_adjustment_set_value (adjustment, point.y - 24);
}

static void
save_screenshot (Fixture              *f,
                 GjRecordEditor       *editor,
                 GjAttachmentsSection *section,
                 const char           *name)
{
  gj_test_close_toasts (GTK_WIDGET (editor));
  gj_test_settle (f->session, 300);
  scroll_to (GTK_WIDGET (section));
  gj_test_settle (f->session, 300);
  gj_test_save_screenshot (GTK_WIDGET (editor), name, 0.9);
}

static char *
write_photo (Fixture *f)
{
  g_autoptr(GdkPixbuf) pixbuf = gdk_pixbuf_new (GDK_COLORSPACE_RGB, FALSE, 8, 1200, 900);
  char *path = g_build_filename (f->dir, "社区花园活动.jpg", NULL);
  g_autoptr(GError) error = NULL;

  gdk_pixbuf_fill (pixbuf, (guint32) PHOTO_RGB[0] << 24 | (guint32) PHOTO_RGB[1] << 16
                           | (guint32) PHOTO_RGB[2] << 8 | 0xff);
  gdk_pixbuf_save (pixbuf, path, "jpeg", &error, "quality", "90", NULL);
  g_assert_no_error (error);
  return path;
}

static char *
write_pdf (Fixture *f)
{
  char *path = g_build_filename (f->dir, "共驻共建协议扫描件.pdf", NULL);
  cairo_surface_t *surface = cairo_pdf_surface_create (path, 595, 842);
  cairo_t *cr = cairo_create (surface);

  /* A page with a wide coloured block in the middle, on white paper. */
  cairo_set_source_rgb (cr, PAGE_RGB[0] / 255.0, PAGE_RGB[1] / 255.0, PAGE_RGB[2] / 255.0);
  cairo_rectangle (cr, 60, 200, 475, 440);
  cairo_fill (cr);
  cairo_show_page (cr);
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  g_assert_cmpint (cairo_surface_status (surface), ==, CAIRO_STATUS_SUCCESS);
  cairo_surface_destroy (surface);
  return path;
}

static void
attach (GjAttachmentsSection *section,
        const char           *path)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);

  g_ptr_array_add (files, g_file_new_for_path (path));
  gj_attachments_section_add_files (section, files);
}

/* The button of the toast on screen whose label is @label, or NULL. */
static GtkWidget *
find_button (GtkWidget  *widget,
             const char *label)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  gj_test_collect_descendants (widget, GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_button_get_label (buttons->pdata[i]), label) == 0
        && gtk_widget_is_drawable (buttons->pdata[i]))
      return buttons->pdata[i];
  return NULL;
}

/* Whether a toast on screen in @window says something that starts with
 * @start. */
static gboolean
has_toast (GtkWidget  *window,
           const char *start)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  gj_test_collect_descendants (window, GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    if (gtk_widget_get_ancestor (labels->pdata[i], ADW_TYPE_TOAST_OVERLAY) != NULL
        && gtk_widget_get_ancestor (labels->pdata[i], ADW_TYPE_PREFERENCES_PAGE) == NULL
        && g_str_has_prefix (gtk_label_get_label (labels->pdata[i]), start))
      return TRUE;
  return FALSE;
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
        && gtk_widget_get_ancestor (labels->pdata[i], ADW_TYPE_PREFERENCES_PAGE) == NULL
        && strstr (gtk_label_get_text (labels->pdata[i]), text) != NULL)
      return TRUE;
  return FALSE;
}

static GPtrArray *
stored_attachments (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  GPtrArray *list = gj_attachments_list (gj_session_get_store (f->session), f->item->kind,
                                         f->item->id, &error);

  g_assert_no_error (error);
  return list;
}

static void
test_photo (void)
{
  Fixture *f = &fixture;
  GjRecordEditor *editor = NULL;
  GjAttachmentsSection *section = open_editor (f, &editor);
  g_autofree char *photo = write_photo (f);
  g_autoptr(GPtrArray) list = NULL;
  GjAttachmentTile *tile;
  const char *sha256;

  attach (section, photo);
  tile = wait_for_thumbnail (f, section, "社区花园活动.jpg");
  assert_thumbnail_colour (tile, PHOTO_RGB);

  list = stored_attachments (f);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (gj_record_get_text (list->pdata[0], "mime_type"), ==, "image/jpeg");
  sha256 = gj_record_get_text (list->pdata[0], "sha256");
  g_assert_true (gj_blob_store_has (f->blobs, sha256));
  g_assert_nonnull (gj_attachment_tile_get_path (tile));

  save_screenshot (f, editor, section, "attachments-thumbnail");
  /* As a drag over the section shows it. */
  gtk_widget_set_state_flags (GTK_WIDGET (section), GTK_STATE_FLAG_DROP_ACTIVE, FALSE);
  gj_test_settle (f->session, 300);
  gj_test_save_screenshot (GTK_WIDGET (editor), "attachments-drop", 0.9);
  gtk_widget_unset_state_flags (GTK_WIDGET (section), GTK_STATE_FLAG_DROP_ACTIVE);
  gtk_window_destroy (GTK_WINDOW (editor));
  gj_test_settle (f->session, 300);
}

static void
test_remove_undo (void)
{
  Fixture *f = &fixture;
  GjRecordEditor *editor = NULL;
  GjAttachmentsSection *section = open_editor (f, &editor);
  GjAttachmentTile *tile = wait_for_thumbnail (f, section, "社区花园活动.jpg");
  g_autofree char *id = g_strdup (gj_attachment_tile_get_id (tile));
  g_autofree char *sha256 = g_strdup (gj_record_get_text (gj_attachment_tile_get_attachment (tile),
                                                          "sha256"));
  g_autoptr(GPtrArray) after_remove = NULL;
  g_autoptr(GPtrArray) after_undo = NULL;
  g_autoptr(GPtrArray) at_end = NULL;
  GtkWidget *undo;

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (section), "attachments.remove", "s",
                                             id));
  wait_for_tile (section, "社区花园活动.jpg", FALSE);
  after_remove = stored_attachments (f);
  g_assert_cmpuint (after_remove->len, ==, 0);
  /* Undo must find the file still here. */
  g_assert_true (gj_blob_store_has (f->blobs, sha256));

  undo = find_button (GTK_WIDGET (editor), _("_Undo"));
  g_assert_nonnull (undo);
  g_signal_emit_by_name (undo, "clicked");
  tile = wait_for_thumbnail (f, section, "社区花园活动.jpg");
  assert_thumbnail_colour (tile, PHOTO_RGB);
  after_undo = stored_attachments (f);
  g_assert_cmpuint (after_undo->len, ==, 1);

  /* Removed for good: once its toast goes with the window, so does the
   * file, stored (as the test pretends) longer ago than a file that may be
   * about to be named by a record being saved (GJ_ATTACHMENTS_FRESH), and
   * held by the district server (as a sync records it), which keeps it for
   * Recently Deleted; a file only this laptop has stays (data tests). */
  {
    g_autofree char *path = gj_blob_store_dup_path (f->blobs, sha256);
    g_autoptr(GError) error = NULL;
    struct utimbuf times;

    times.actime = times.modtime = g_get_real_time () / G_USEC_PER_SEC - 2 * GJ_ATTACHMENTS_FRESH;
    g_assert_cmpint (g_utime (path, &times), ==, 0);
    g_assert_true (gj_store_set_meta (gj_session_get_store (f->session),
                                      GJ_ATTACHMENTS_SERVER_HOLDS_KEY, sha256, &error));
    g_assert_no_error (error);
  }
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (section), "attachments.remove", "s",
                                             id));
  gj_test_settle (f->session, 300);
  gtk_window_destroy (GTK_WINDOW (editor));
  for (gint64 deadline = g_get_monotonic_time () + WAIT_SECONDS * G_USEC_PER_SEC;
       gj_blob_store_has (f->blobs, sha256) && g_get_monotonic_time () < deadline;)
    gj_test_settle (f->session, 100);
  g_assert_false (gj_blob_store_has (f->blobs, sha256));
  at_end = stored_attachments (f);
  g_assert_cmpuint (at_end->len, ==, 0);
}

static void
test_pdf (void)
{
  Fixture *f = &fixture;
  GjRecordEditor *editor = NULL;
  GjAttachmentsSection *section = open_editor (f, &editor);
  g_autofree char *pdf = write_pdf (f);
  g_autofree char *photo = write_photo (f);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  GjAttachmentTile *tile;
  GdkTexture *texture;

  /* Two files in one drop. */
  g_ptr_array_add (files, g_file_new_for_path (pdf));
  g_ptr_array_add (files, g_file_new_for_path (photo));
  gj_attachments_section_add_files (section, files);
  tile = wait_for_thumbnail (f, section, "共驻共建协议扫描件.pdf");
  assert_thumbnail_colour (tile, PAGE_RGB);
  texture = shown_thumbnail (tile);
  /* An A4 page stands upright. */
  g_assert_cmpint (gdk_texture_get_height (texture), >, gdk_texture_get_width (texture));
  wait_for_thumbnail (f, section, "社区花园活动.jpg");
  gtk_window_destroy (GTK_WINDOW (editor));
  gj_test_settle (f->session, 300);
}

/* A file's name is shown as it is in toasts, which libadwaita reads as
 * markup: an ampersand or a bracket in it must neither empty the toast
 * nor warn (fatal here). */
static void
test_markup_name (void)
{
  Fixture *f = &fixture;
  GjRecordEditor *editor = NULL;
  GjAttachmentsSection *section = open_editor (f, &editor);
  const char *name = "发票&收据 <1>.txt";
  g_autofree char *path = g_build_filename (f->dir, name, NULL);
  g_autofree char *attached = g_strdup_printf ("“%s”", name);
  g_autoptr(GError) error = NULL;
  GjAttachmentTile *tile;

  g_file_set_contents (path, "receipt\n", -1, &error);
  g_assert_no_error (error);
  attach (section, path);
  wait_for_tile (section, name, TRUE);
  gj_test_settle (f->session, 300);
  g_assert_true (toast_mentions (GTK_WIDGET (editor), attached));

  gj_test_close_toasts (GTK_WIDGET (editor));
  gj_test_settle (f->session, 300);
  tile = find_tile (section, name);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (section), "attachments.remove", "s",
                                             gj_attachment_tile_get_id (tile)));
  wait_for_tile (section, name, FALSE);
  gj_test_settle (f->session, 300);
  g_assert_true (toast_mentions (GTK_WIDGET (editor), attached));
  gtk_window_destroy (GTK_WINDOW (editor));
  gj_test_settle (f->session, 300);
}

static void
test_not_downloaded (void)
{
  Fixture *f = &fixture;
  const char *sha256 = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
  g_autoptr(GjRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  GjRecordEditor *editor = NULL;
  GjAttachmentsSection *section;
  GjAttachmentTile *tile;
  GtkWidget *download;

  record = gj_attachments_new_record (gj_session_get_store (f->session), f->item->kind,
                                      f->item->id, sha256, 12 * 1024 * 1024, "项目验收照片.jpg",
                                      "image/jpeg", &error);
  g_assert_no_error (error);
  g_assert_true (gj_session_insert (f->session, record, &error));
  g_assert_no_error (error);

  section = open_editor (f, &editor);
  wait_for_tile (section, "项目验收照片.jpg", TRUE);
  tile = find_tile (section, "项目验收照片.jpg");
  g_assert_null (gj_attachment_tile_get_path (tile));
  g_assert_false (gj_attachment_tile_has_thumbnail (tile));
  download = find_button (GTK_WIDGET (tile), _("_Download"));
  g_assert_nonnull (download);
  g_assert_true (gtk_widget_is_sensitive (download));
  /* The list read again keeps the tile, and its button works. */
  gj_session_emit_changed (f->session, "attachment");
  gj_test_settle (f->session, 500);
  g_assert_true (find_tile (section, "项目验收照片.jpg") == tile);
  g_assert_true (gtk_widget_is_sensitive (download));

  save_screenshot (f, editor, section, "attachments-download");
  /* A download under way, as its progress shows it. */
  gj_attachment_tile_set_progress (tile, 0.4);
  gj_test_settle (f->session, 300);
  g_assert_false (gtk_widget_is_drawable (download));
  gj_test_save_screenshot (GTK_WIDGET (editor), "attachments-progress", 0.9);
  gj_attachment_tile_set_progress (tile, -1);
  g_assert_true (gtk_widget_is_drawable (download));

  /* This laptop is enrolled nowhere: pressing Download says so, naming
   * the file, and the tile still offers it. */
  g_signal_emit_by_name (download, "clicked");
  gj_test_settle (f->session, 300);
  g_assert_true (has_toast (GTK_WIDGET (editor), "“项目验收照片.jpg”"));
  g_assert_nonnull (find_button (GTK_WIDGET (tile), _("_Download")));
  gtk_window_destroy (GTK_WINDOW (editor));
  gj_test_settle (f->session, 300);
}

/* The agreements page's pane keeps its section as the pane is rebuilt. */
static void
test_agreement_pane (void)
{
  Fixture *f = &fixture;
  GtkWidget *page, *section;
  g_autofree char *pdf = write_pdf (f);
  g_autofree char *photo = write_photo (f);
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);
  g_autoptr(GjRecord) agreement = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;

  agreement = gj_test_select_first_row (f->window, f->session, "agreements", &page);
  section = gj_test_find_descendant (page, GJ_TYPE_ATTACHMENTS_SECTION);
  g_assert_nonnull (section);

  g_ptr_array_add (files, g_file_new_for_path (photo));
  g_ptr_array_add (files, g_file_new_for_path (pdf));
  gj_attachments_section_add_files (GJ_ATTACHMENTS_SECTION (section), files);
  wait_for_thumbnail (f, GJ_ATTACHMENTS_SECTION (section), "社区花园活动.jpg");
  wait_for_thumbnail (f, GJ_ATTACHMENTS_SECTION (section), "共驻共建协议扫描件.pdf");
  /* The same section, still in the rebuilt pane. */
  g_assert_true (gj_test_find_descendant (page, GJ_TYPE_ATTACHMENTS_SECTION) == section);
  list = gj_attachments_list (gj_session_get_store (f->session), agreement->kind, agreement->id,
                              &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 2);

  gj_window_dismiss_toasts (f->window);
  gj_test_close_toasts (GTK_WIDGET (f->window));
  gj_test_settle (f->session, 300);
  scroll_to (section);
  gj_test_settle (f->session, 300);
  /* Moved with the pane's rebuilds, its button still works. */
  g_assert_true (gtk_widget_is_sensitive (
    adw_preferences_group_get_header_suffix (ADW_PREFERENCES_GROUP (section))));
  gj_test_save_screenshot (GTK_WIDGET (f->window), "attachments-agreement", 0.9);
}

/* The sync reads the fetch limit from the database; Preferences sets it. */
static void
test_fetch_limit (void)
{
  Fixture *f = &fixture;
  GjStore *store = gj_session_get_store (f->session);
  GSettings *settings = gj_session_get_settings (f->session);
  g_autofree char *at_start = gj_store_get_meta (store, "files.fetch_limit");
  g_autofree char *changed = NULL;
  g_autofree char *expected = g_strdup_printf ("%" G_GINT64_FORMAT, GJ_FILE_FETCH_LIMIT_DEFAULT);

  g_assert_cmpstr (at_start, ==, expected);
  g_settings_set_uint (settings, "attachments-fetch-limit-mb", 12);
  changed = gj_store_get_meta (store, "files.fetch_limit");
  g_assert_cmpstr (changed, ==, "12582912");
  g_settings_reset (settings, "attachments-fetch-limit-mb");
}

/* Preferences show and set both keys. */
static void
test_preferences (void)
{
  Fixture *f = &fixture;
  GSettings *settings = gj_session_get_settings (f->session);
  GjPreferencesWindow *prefs = gj_preferences_window_new (settings, f->path);
  g_autoptr(GPtrArray) switches = g_ptr_array_new ();
  g_autoptr(GPtrArray) spins = g_ptr_array_new ();
  GtkSpinButton *limit = NULL;

  gtk_window_present (GTK_WINDOW (prefs));
  gj_test_settle (f->session, 300);
  gj_test_collect_descendants (GTK_WIDGET (prefs), GTK_TYPE_SWITCH, switches);
  g_assert_cmpuint (switches->len, ==, 1);
  g_assert_true (gtk_switch_get_active (switches->pdata[0]));
  gtk_switch_set_active (switches->pdata[0], FALSE);
  g_assert_false (g_settings_get_boolean (settings, "attachments-strip-location"));
  g_settings_reset (settings, "attachments-strip-location");

  gj_test_collect_descendants (GTK_WIDGET (prefs), GTK_TYPE_SPIN_BUTTON, spins);
  for (guint i = 0; i < spins->len; i++)
    if (gtk_adjustment_get_upper (gtk_spin_button_get_adjustment (spins->pdata[i])) == 1024)
      limit = spins->pdata[i];
  g_assert_nonnull (limit);
  g_assert_cmpfloat (gtk_spin_button_get_value (limit), ==, 5);
  gtk_spin_button_set_value (limit, 20);
  g_assert_cmpuint (g_settings_get_uint (settings, "attachments-fetch-limit-mb"), ==, 20);
  g_settings_reset (settings, "attachments-fetch-limit-mb");
  gtk_window_destroy (GTK_WINDOW (prefs));
  gj_test_settle (f->session, 200);
}

/* Fetching a file for real: a district server listens in this process,
 * the laptop enrols, sends it a scan and loses its own copy; Download
 * brings it back and the tile shows its first page. */
typedef struct
{
  GjStore    *store;
  GjIdentity *identity;
  const char *url;
  const char *token;
  gboolean    done;
  GError     *error;
} Setup;

/* In a thread: the server answers from this thread's main loop. */
static gpointer
setup_thread (gpointer data)
{
  Setup *s = data;
  g_auto(GjSyncReport) report = { 0, };

  if (gj_client_enroll (s->store, s->identity, s->url, s->token, &s->error))
    {
      gj_client_sync_all (s->store, s->identity, NULL, TRUE, NULL, &report);
      if (report.error != NULL)
        s->error = g_error_copy (report.error);
      else if (report.files.sent < 1)
        s->error = g_error_new (G_IO_ERROR, G_IO_ERROR_FAILED, "the scan was not sent");
    }
  g_atomic_int_set (&s->done, TRUE);
  return NULL;
}

static void
test_download (void)
{
  Fixture *f = &fixture;
  GjStore *store = gj_session_get_store (f->session);
  g_autofree char *server_dir = g_build_filename (f->dir, "server", NULL);
  g_autofree char *pdf = write_pdf (f);
  g_autofree char *url = NULL;
  g_autofree char *token = NULL;
  g_autoptr(GjServer) server = NULL;
  g_autoptr(GjIdentity) identity = NULL;
  g_autoptr(GjRecord) street = NULL;
  g_autoptr(GjRecord) attachment = NULL;
  g_autoptr(GCancellable) window = g_cancellable_new ();
  g_autoptr(GjSyncAgent) agent = NULL;
  g_autoptr(GError) error = NULL;
  GjRecordEditor *editor = NULL;
  GjAttachmentsSection *section;
  GjAttachmentTile *tile;
  const char *sha256;
  Setup setup = { 0, };
  GThread *thread;
  gint64 deadline;

  g_settings_set_boolean (gj_session_get_settings (f->session), "sync-auto", FALSE);
  server = gj_server_new (server_dir, &error);
  g_assert_no_error (error);
  g_assert_true (gj_server_listen (server, "127.0.0.1:0", &error));
  url = g_strdup_printf ("https://127.0.0.1:%u", gj_server_get_port (server));
  street = gj_store_get (store, gj_schema_lookup ("street"), gj_store_get_street (store), &error);
  g_assert_no_error (error);
  token = gj_server_create_token (server, gj_record_get_title (street), &error);
  g_assert_no_error (error);

  attachment = gj_attachments_add (store, f->blobs, f->item->kind, f->item->id, pdf,
                                   "协议签字页.pdf", GJ_ATTACH_NONE, &error);
  g_assert_no_error (error);
  sha256 = gj_record_get_text (attachment, "sha256");
  identity = gj_client_load_identity (f->path, &error);
  g_assert_no_error (error);
  setup = (Setup) { store, identity, url, token, FALSE, NULL };
  thread = g_thread_new ("setup", setup_thread, &setup);
  deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;
  while (!g_atomic_int_get (&setup.done) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, FALSE);
  g_thread_join (thread);
  g_assert_no_error (setup.error);
  g_assert_true (gj_blob_store_remove (f->blobs, sha256, &error));
  g_assert_no_error (error);

  section = open_editor (f, &editor);
  wait_for_tile (section, "协议签字页.pdf", TRUE);
  tile = find_tile (section, "协议签字页.pdf");
  g_assert_null (gj_attachment_tile_get_path (tile));
  agent = gj_sync_agent_new (f->session, window);
  g_assert_true (gj_sync_agent_has_targets (agent));
  gj_attachments_section_set_agent (section, agent);
  g_signal_emit_by_name (find_button (GTK_WIDGET (tile), _("_Download")), "clicked");

  tile = wait_for_thumbnail (f, section, "协议签字页.pdf");
  assert_thumbnail_colour (tile, PAGE_RGB);
  g_assert_true (gj_blob_store_has (f->blobs, sha256));
  gtk_window_destroy (GTK_WINDOW (editor));
  gj_test_settle (f->session, 300);
}

static void
fixture_set_up (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = NULL;
  GjQuery q = { NULL, 0, NULL, NULL, FALSE, 1, 0, FALSE };

  f->path = gj_test_demo_database ();
  f->dir = g_path_get_dirname (f->path);
  f->window = gj_test_start_app (f->path, &f->app);
  f->session = gj_window_get_session (f->window);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1280, 800);
  gj_test_settle (f->session, 5000);
  f->blobs = gj_blob_store_for_store (gj_session_get_store (f->session), &error);
  g_assert_no_error (error);
  items = gj_store_list (gj_session_get_store (f->session), gj_schema_lookup ("agreement_item"),
                         &q, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, 1);
  f->item = gj_record_ref (items->pdata[0]);
}

static void
fixture_tear_down (Fixture *f)
{
  g_clear_pointer (&f->item, gj_record_unref);
  g_clear_object (&f->blobs);
  gj_test_stop_app (f->app, f->window);
  gj_test_remove_database (f->path);
  g_free (f->dir);
  g_free (f->path);
}

int
main (int   argc,
      char *argv[])
{
  g_autofree char *cache = g_dir_make_tmp ("gj-ui-cache-XXXXXX", NULL);
  int status;

  /* Thumbnails and opened copies go to a cache of the test's own. */
  g_assert_nonnull (cache);
  g_setenv ("XDG_CACHE_HOME", cache, TRUE);
  if (!gj_test_init_gtk (&argc, &argv))
    {
      g_test_add_func ("/ui/attachments/no-display", gj_test_skip_no_display);
      return g_test_run ();
    }

  fixture_set_up (&fixture);
  g_test_add_func ("/ui/attachments/photo", test_photo);
  g_test_add_func ("/ui/attachments/remove-undo", test_remove_undo);
  g_test_add_func ("/ui/attachments/pdf", test_pdf);
  g_test_add_func ("/ui/attachments/markup-name", test_markup_name);
  g_test_add_func ("/ui/attachments/not-downloaded", test_not_downloaded);
  g_test_add_func ("/ui/attachments/agreement-pane", test_agreement_pane);
  g_test_add_func ("/ui/attachments/fetch-limit", test_fetch_limit);
  g_test_add_func ("/ui/attachments/preferences", test_preferences);
  /* Last: it enrols the laptop on a server. */
  g_test_add_func ("/ui/attachments/download", test_download);
  status = g_test_run ();
  fixture_tear_down (&fixture);
  {
    /* The helper removes the folder of the file it is given. */
    g_autofree char *inside = g_build_filename (cache, "cache", NULL);

    gj_test_remove_database (inside);
  }
  return status;
}
