/* gj-attachments-section.c: the files attached to a record
 *
 * A group of tiles, one per attachment, under the record's other facts;
 * files come in through "Add Files…" (the file chooser portal inside the
 * Flatpak) or by dropping them anywhere on the section. Nothing slow runs
 * on the main thread: the list is read by the session's reader, a file is
 * copied into the blob store and hashed in a worker, and thumbnails are
 * drawn in a process of their own. Only the attachment record is written
 * on the main thread, through the session, so that every page hears of it.
 *
 * Opening a file and saving a copy are in gj-attachments-section-files.c,
 * fetching one not here yet in gj-attachments-section-download.c,
 * thumbnails in gj-attachments-section-thumbnails.c.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-attachments-section"

#include "config.h"

#include <glib/gi18n.h>

#include "gj-attachments.h"
#include "gj-attachments-section-private.h"
#include "gj-data-error.h"
#include "gj-gtk-compat.h"
#include "gj-reader.h"
#include "gj-thumbnail.h"

G_DEFINE_FINAL_TYPE (GjAttachmentsSection, gj_attachments_section, ADW_TYPE_PREFERENCES_GROUP)

/* Toasts */

/* Shows @toast over the section's window; FALSE (and the toast dropped)
 * when the section is in no window with a toast overlay. */
static gboolean
show_toast (GjAttachmentsSection *self,
            AdwToast             *toast)
{
  GtkWidget *overlay = gtk_widget_get_ancestor (GTK_WIDGET (self), ADW_TYPE_TOAST_OVERLAY);

  if (overlay != NULL)
    {
      adw_toast_overlay_add_toast (ADW_TOAST_OVERLAY (overlay), toast);
      return TRUE;
    }
  g_object_unref (toast);
  return FALSE;
}

/* What the section says holds file names that came from people and
 * peers, so it goes as plain text (gj_toast_new_text()). A host without
 * an overlay of its own may still have the window's toast action, which
 * takes plain text too; an Undo button cannot go that way. */
static void
toast_text (GjAttachmentsSection *self,
            const char           *text)
{
  if (!show_toast (self, gj_toast_new_text (text)))
    gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", text);
}

void
gj_attachments_section_say (GjAttachmentsSection *self,
                            const char           *format,
                            ...)
{
  g_autofree char *text = NULL;
  va_list args;

  va_start (args, format);
  text = g_strdup_vprintf (format, args);
  va_end (args);
  toast_text (self, text);
}

/* The list */

typedef struct
{
  const GjKind *kind;
  char         *owner_id;
  GjBlobStore  *blobs;
} ListRequest;

static void
list_request_free (ListRequest *request)
{
  g_free (request->owner_id);
  g_clear_object (&request->blobs);
  g_free (request);
}

/* An attachment and where its file is, NULL when it is not here. */
typedef struct
{
  GjRecord *attachment;
  char     *path;
} Item;

static void
item_free (Item *item)
{
  gj_record_unref (item->attachment);
  g_free (item->path);
  g_free (item);
}

/* In the reader's thread: the owner's attachments, and which files are here. */
static gpointer
read_list (GjStore       *store,
           gpointer       data,
           GCancellable  *cancellable,
           GError       **error)
{
  ListRequest *request = data;
  g_autoptr(GPtrArray) records = gj_attachments_list (store, request->kind, request->owner_id,
                                                      error);
  GPtrArray *items;

  if (records == NULL)
    return NULL;
  items = g_ptr_array_new_with_free_func ((GDestroyNotify) item_free);
  for (guint i = 0; i < records->len; i++)
    {
      GjRecord *attachment = g_ptr_array_index (records, i);
      const char *sha256 = gj_record_get_text (attachment, "sha256");
      Item *item = g_new0 (Item, 1);

      item->attachment = gj_record_ref (attachment);
      if (request->blobs != NULL && sha256 != NULL && gj_blob_store_is_hash (sha256))
        item->path = gj_blob_store_dup_path (request->blobs, sha256);
      g_ptr_array_add (items, item);
    }
  return items;
}

static GtkWidget *
new_tile (GjAttachmentsSection *self,
          Item                 *item)
{
  const char *sha256 = gj_record_get_text (item->attachment, "sha256");
  const char *mime_type = gj_record_get_text (item->attachment, "mime_type");
  gboolean thumbnail = item->path != NULL && gj_thumbnail_type_supported (mime_type);
  GtkWidget *tile = gj_attachment_tile_new (item->attachment, item->path, thumbnail);

  if (thumbnail)
    gj_attachments_section_start_thumbnail (self, GJ_ATTACHMENT_TILE (tile), item->path, sha256,
                                            mime_type);
  return tile;
}

/* Whether @tile shows @item as it is now: the same file, here or not. */
static gboolean
tile_is_current (GjAttachmentTile *tile,
                 Item             *item)
{
  GjRecord *shown = gj_attachment_tile_get_attachment (tile);

  return (gj_attachment_tile_get_path (tile) != NULL) == (item->path != NULL)
         && g_strcmp0 (gj_record_get_text (shown, "sha256"),
                       gj_record_get_text (item->attachment, "sha256")) == 0
         && g_strcmp0 (gj_record_get_text (shown, "name"),
                       gj_record_get_text (item->attachment, "name")) == 0;
}

static Item *
find_item (GPtrArray  *items,
           const char *id)
{
  for (guint i = 0; i < items->len; i++)
    {
      Item *item = g_ptr_array_index (items, i);

      if (g_strcmp0 (item->attachment->id, id) == 0)
        return item;
    }
  return NULL;
}

/* Tiles that still show their attachment stay where they are, with their
 * thumbnail and the download they show; the others are made anew, in the
 * list's order. A tile is never moved to another place: GTK 4.8 leaves
 * its buttons insensitive after a move. */
static void
show_items (GjAttachmentsSection *self,
            GPtrArray            *items)
{
  GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->flow));

  while (child != NULL)
    {
      GtkWidget *next = gtk_widget_get_next_sibling (child);
      GjAttachmentTile *tile = GJ_ATTACHMENT_TILE (child);
      Item *item = find_item (items, gj_attachment_tile_get_id (tile));

      if (item == NULL || !tile_is_current (tile, item))
        gtk_flow_box_remove (self->flow, child);
      child = next;
    }
  for (guint i = 0; i < items->len; i++)
    {
      Item *item = g_ptr_array_index (items, i);
      GtkFlowBoxChild *at = gtk_flow_box_get_child_at_index (self->flow, (int) i);

      if (at != NULL && g_strcmp0 (gj_attachment_tile_get_id (GJ_ATTACHMENT_TILE (at)),
                                   item->attachment->id) == 0)
        continue;
      /* Kept further on: the list's order changed, which only a renamed
       * or restored attachment does; it is made again here. */
      if (gj_attachments_section_find_tile (self, item->attachment->id) != NULL)
        gtk_flow_box_remove (self->flow, GTK_WIDGET (gj_attachments_section_find_tile (
          self, item->attachment->id)));
      gtk_flow_box_insert (self->flow, new_tile (self, item), (int) i);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->flow), items->len > 0);
  gtk_widget_set_visible (self->empty_label, items->len == 0);
}

static void
list_read_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GjAttachmentsSection) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = gj_reader_run_finish (GJ_READER (source), result, &error);

  if (items != NULL)
    show_items (self, items);
  else if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      gtk_label_set_label (GTK_LABEL (self->empty_label), error->message);
      gtk_widget_set_visible (self->empty_label, TRUE);
    }
}

void
gj_attachments_section_reload (GjAttachmentsSection *self)
{
  ListRequest *request;

  g_clear_handle_id (&self->reload_source, g_source_remove);
  if (self->session == NULL || self->owner_id == NULL)
    return;
  request = g_new0 (ListRequest, 1);
  request->kind = self->kind;
  request->owner_id = g_strdup (self->owner_id);
  request->blobs = self->blobs ? g_object_ref (self->blobs) : NULL;
  gj_reader_run_async (gj_session_get_reader (self->session), read_list, request,
                       (GDestroyNotify) list_request_free, (GDestroyNotify) g_ptr_array_unref,
                       self->cancellable, list_read_cb, g_object_ref (self));
}

static gboolean
reload_idle_cb (gpointer user_data)
{
  GjAttachmentsSection *self = user_data;

  self->reload_source = 0;
  gj_attachments_section_reload (self);
  return G_SOURCE_REMOVE;
}

/* A batch of attachments saved says "changed" once per record: read the
 * list once after them. */
static void
session_changed_cb (GjSession            *session,
                    const char           *kind_name,
                    GjAttachmentsSection *self)
{
  if (self->reload_source == 0)
    self->reload_source = g_idle_add (reload_idle_cb, self);
}

GjAttachmentTile *
gj_attachments_section_find_tile (GjAttachmentsSection *self,
                                  const char           *id)
{
  /* A job that ends after the section was disposed finds no tile. */
  if (self->flow == NULL)
    return NULL;
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->flow)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (g_strcmp0 (gj_attachment_tile_get_id (GJ_ATTACHMENT_TILE (child)), id) == 0)
      return GJ_ATTACHMENT_TILE (child);
  return NULL;
}

static void
child_activated_cb (GjAttachmentsSection *self,
                    GtkFlowBoxChild      *child)
{
  GjAttachmentTile *tile = GJ_ATTACHMENT_TILE (child);

  gtk_widget_activate_action (GTK_WIDGET (self), gj_attachment_tile_get_path (tile)
                                                 ? "attachments.open" : "attachments.download",
                              "s", gj_attachment_tile_get_id (tile));
}

/* Adding files */

typedef struct
{
  char   *name;
  char   *sha256;
  char   *mime_type;
  gint64  size;
  GError *error;
} Stored;

static void
stored_free (Stored *stored)
{
  g_free (stored->name);
  g_free (stored->sha256);
  g_free (stored->mime_type);
  g_clear_error (&stored->error);
  g_free (stored);
}

/* The files of one drop or one choice, and the record they go to, which
 * stays theirs if the section shows another record meanwhile. */
typedef struct
{
  GjSession    *session;
  GjBlobStore  *blobs;
  const GjKind *kind;
  char         *owner_id;
  GPtrArray    *files;     /* GFile */
  gboolean      strip_location;
} AddJob;

static void
add_job_free (AddJob *job)
{
  g_object_unref (job->session);
  g_object_unref (job->blobs);
  g_free (job->owner_id);
  g_ptr_array_unref (job->files);
  g_free (job);
}

static Stored *
store_file (AddJob *job,
            GFile  *file)
{
  g_autoptr(GFileInfo) info = NULL;
  g_autofree char *path = g_file_get_path (file);
  Stored *stored = g_new0 (Stored, 1);
  GError *error = NULL;

  info = g_file_query_info (file, G_FILE_ATTRIBUTE_STANDARD_DISPLAY_NAME ","
                                  G_FILE_ATTRIBUTE_STANDARD_CONTENT_TYPE ","
                                  G_FILE_ATTRIBUTE_STANDARD_TYPE,
                            G_FILE_QUERY_INFO_NONE, NULL, &error);
  stored->name = info ? g_strdup (g_file_info_get_display_name (info)) : g_file_get_basename (file);
  if (info == NULL)
    {
      stored->error = error;
      return stored;
    }
  if (g_file_info_get_file_type (info) == G_FILE_TYPE_DIRECTORY)
    {
      g_set_error (&stored->error, G_IO_ERROR, G_IO_ERROR_IS_DIRECTORY,
                   _("it is a folder; attach the files in it instead"));
      return stored;
    }
  if (path == NULL)
    {
      g_set_error (&stored->error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED,
                   _("it is not on this computer; save it to a folder first"));
      return stored;
    }
  if (g_file_info_get_content_type (info) != NULL)
    stored->mime_type = g_content_type_get_mime_type (g_file_info_get_content_type (info));
  gj_blob_store_add_file (job->blobs, path, job->strip_location, &stored->sha256, &stored->size,
                          &stored->error);
  return stored;
}

static void
add_thread (GTask        *task,
            gpointer      source,
            gpointer      task_data,
            GCancellable *cancellable)
{
  AddJob *job = task_data;
  GPtrArray *stored = g_ptr_array_new_with_free_func ((GDestroyNotify) stored_free);

  for (guint i = 0; i < job->files->len; i++)
    g_ptr_array_add (stored, store_file (job, g_ptr_array_index (job->files, i)));
  g_task_return_pointer (task, stored, (GDestroyNotify) g_ptr_array_unref);
}

static gboolean
save_record (AddJob  *job,
             Stored  *stored,
             GError **error)
{
  GjStore *store = gj_session_get_store (job->session);
  g_autoptr(GjRecord) record = NULL;

  if (stored->error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&stored->error));
      return FALSE;
    }
  record = gj_attachments_new_record (store, job->kind, job->owner_id, stored->sha256,
                                      stored->size, stored->name, stored->mime_type, error);
  return record != NULL && gj_session_insert (job->session, record, error);
}

static void
add_done_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GjAttachmentsSection) self = user_data;
  AddJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GPtrArray) stored = g_task_propagate_pointer (G_TASK (result), NULL);
  g_autoptr(GString) problems = g_string_new (NULL);
  const char *first = NULL;
  guint added = 0;

  /* The files are in the store by now: their records are saved even if
   * the section has gone, or they would be files no record names. */
  for (guint i = 0; i < stored->len; i++)
    {
      Stored *s = g_ptr_array_index (stored, i);
      g_autoptr(GError) error = NULL;

      if (save_record (job, s, &error))
        {
          first = first ? first : s->name;
          added++;
          continue;
        }
      if (problems->len > 0)
        g_string_append_c (problems, '\n');
      /* TRANSLATORS: a file that could not be attached, and why */
      g_string_append_printf (problems, _("“%s” was not attached: %s"), s->name, error->message);
    }
  if (added == 1)
    {
      g_autofree char *text = g_strdup_printf (_("“%s” attached"), first);
      toast_text (self, text);
    }
  else if (added > 1)
    {
      g_autofree char *text = g_strdup_printf (ngettext ("%u file attached", "%u files attached",
                                                         added), added);
      toast_text (self, text);
    }
  if (problems->len > 0)
    toast_text (self, problems->str);
}

void
gj_attachments_section_add_files (GjAttachmentsSection *self,
                                  GPtrArray            *files)
{
  g_autoptr(GTask) task = NULL;
  AddJob *job;

  g_return_if_fail (GJ_IS_ATTACHMENTS_SECTION (self));
  g_return_if_fail (files != NULL);

  if (self->owner_id == NULL || files->len == 0)
    return;
  if (self->blobs == NULL)
    {
      toast_text (self, _("Files cannot be attached to a database kept only in memory"));
      return;
    }
  job = g_new0 (AddJob, 1);
  job->session = g_object_ref (self->session);
  job->blobs = g_object_ref (self->blobs);
  job->kind = self->kind;
  job->owner_id = g_strdup (self->owner_id);
  job->files = g_ptr_array_ref (files);
  job->strip_location = g_settings_get_boolean (gj_session_get_settings (self->session),
                                                "attachments-strip-location");
  /* The section is the callback's data, not the task's source object: the
   * worker's reference to the task may be the last one dropped, and a
   * section closed meanwhile must be let go on the main thread. */
  task = g_task_new (NULL, NULL, add_done_cb, g_object_ref (self));
  g_task_set_source_tag (task, gj_attachments_section_add_files);
  g_task_set_task_data (task, job, (GDestroyNotify) add_job_free);
  g_task_run_in_thread (task, add_thread);
}

static gboolean
drop_cb (GtkDropTarget        *target,
         const GValue         *value,
         double                x,
         double                y,
         GjAttachmentsSection *self)
{
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);

  if (G_VALUE_HOLDS (value, GDK_TYPE_FILE_LIST))
    {
      for (GSList *l = gdk_file_list_get_files (g_value_get_boxed (value)); l; l = l->next)
        g_ptr_array_add (files, g_object_ref (l->data));
    }
  else if (G_VALUE_HOLDS (value, G_TYPE_FILE))
    g_ptr_array_add (files, g_value_dup_object (value));
  if (files->len == 0)
    return FALSE;
  gj_attachments_section_add_files (self, files);
  return TRUE;
}

static void
chooser_response_cb (GtkNativeDialog      *chooser,
                     int                   response,
                     GjAttachmentsSection *self)
{
  g_autoptr(GListModel) chosen = NULL;
  g_autoptr(GPtrArray) files = g_ptr_array_new_with_free_func (g_object_unref);

  if (response == GTK_RESPONSE_ACCEPT)
    {
      chosen = gtk_file_chooser_get_files (GTK_FILE_CHOOSER (chooser));
      for (guint i = 0; i < g_list_model_get_n_items (chosen); i++)
        g_ptr_array_add (files, g_list_model_get_item (chosen, i));
      gj_attachments_section_add_files (self, files);
    }
  g_clear_object (&self->chooser);
}

static void
add_action (GtkWidget  *widget,
            const char *action,
            GVariant   *param)
{
  GjAttachmentsSection *self = GJ_ATTACHMENTS_SECTION (widget);
  GtkRoot *root = gtk_widget_get_root (widget);
  GtkFileChooserNative *chooser;

  if (self->chooser != NULL)
    return;
  chooser = gtk_file_chooser_native_new (_("Attach Files"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_OPEN, _("_Attach"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  gtk_file_chooser_set_select_multiple (GTK_FILE_CHOOSER (chooser), TRUE);
  g_signal_connect (chooser, "response", G_CALLBACK (chooser_response_cb), self);
  self->chooser = GTK_NATIVE_DIALOG (chooser);
  gtk_native_dialog_show (self->chooser);
}

/* Not an actionable: GTK 4.8 leaves a button insensitive after its
 * section moves from one parent to another (the panes rebuild around it),
 * when the action lives on the section itself. */
static void
add_clicked_cb (GjAttachmentsSection *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "attachments.add", NULL);
}

/* Removing, with Undo */

/* The file stays until the toast is gone, so that Undo brings back an
 * attachment whose file is still here. */
typedef struct
{
  GjSession   *session;
  GjBlobStore *blobs;
  char        *id;
  char        *sha256;
  gboolean     undone;
  GWeakRef     section;  /* to say so if Undo fails; the toast may outlive it */
} Removal;

static void
removal_free (Removal *removal)
{
  g_object_unref (removal->session);
  g_clear_object (&removal->blobs);
  g_free (removal->id);
  g_free (removal->sha256);
  g_weak_ref_clear (&removal->section);
  g_free (removal);
}

/* A removed attachment's file, and the store it may go from. */
typedef struct
{
  GjBlobStore *blobs;
  char        *sha256;
} Drop;

static void
drop_free (Drop *drop)
{
  g_object_unref (drop->blobs);
  g_free (drop->sha256);
  g_free (drop);
}

/* In the reader's thread: removes the file unless a live attachment (of
 * any street) still names it or it was stored moments ago for a record
 * about to be saved (gj_attachments_drop_unused()). */
static gpointer
drop_if_unused (GjStore       *store,
                gpointer       data,
                GCancellable  *cancellable,
                GError       **error)
{
  Drop *drop = data;

  if (!gj_attachments_drop_unused (store, drop->blobs, drop->sha256, error))
    return NULL;
  return GINT_TO_POINTER (TRUE);
}

static void
dropped_cb (GObject      *source,
            GAsyncResult *result,
            gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  if (gj_reader_run_finish (GJ_READER (source), result, &error) == NULL)
    g_message ("The removed attachment's file is kept: %s", error->message);
}

/* Removes the file once no live attachment names it. */
static void
removal_finish (Removal *removal)
{
  Drop *drop;

  if (removal->undone || removal->blobs == NULL || removal->sha256 == NULL)
    return;
  drop = g_new0 (Drop, 1);
  drop->blobs = g_object_ref (removal->blobs);
  drop->sha256 = g_strdup (removal->sha256);
  gj_reader_run_async (gj_session_get_reader (removal->session), drop_if_unused, drop,
                       (GDestroyNotify) drop_free, NULL, NULL, dropped_cb, NULL);
}

static void
undo_clicked_cb (AdwToast *toast,
                 Removal  *removal)
{
  g_autoptr(GError) error = NULL;

  g_autoptr(GjAttachmentsSection) section = NULL;

  removal->undone = TRUE;
  if (gj_session_undelete (removal->session, gj_schema_lookup ("attachment"), removal->id,
                           &error))
    return;
  /* It stays removed, so its file goes as it would have without Undo. */
  removal->undone = FALSE;
  section = g_weak_ref_get (&removal->section);
  if (section != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("The attachment could not be brought back: %s"),
                                               error->message);
      toast_text (section, text);
    }
  else
    g_warning ("The attachment could not be brought back: %s", error->message);
}

static void
toast_dismissed_cb (AdwToast *toast,
                    Removal  *removal)
{
  removal_finish (removal);
}

static void
remove_action (GtkWidget  *widget,
               const char *action,
               GVariant   *param)
{
  GjAttachmentsSection *self = GJ_ATTACHMENTS_SECTION (widget);
  GjAttachmentTile *tile = gj_attachments_section_find_tile (self,
                                                             g_variant_get_string (param, NULL));
  g_autoptr(GError) error = NULL;
  g_autofree char *name = NULL;
  g_autofree char *text = NULL;
  GjRecord *attachment;
  Removal *removal;
  AdwToast *toast;

  if (tile == NULL)
    return;
  attachment = gj_attachment_tile_get_attachment (tile);
  /* A delete like any other; the file stays for Undo until the toast goes
   * (removal_finish). */
  if (!gj_session_delete (self->session, attachment->kind, attachment->id, &error))
    {
      toast_text (self, error->message);
      return;
    }

  removal = g_new0 (Removal, 1);
  removal->session = g_object_ref (self->session);
  removal->blobs = self->blobs ? g_object_ref (self->blobs) : NULL;
  removal->id = g_strdup (attachment->id);
  removal->sha256 = g_strdup (gj_record_get_text (attachment, "sha256"));
  g_weak_ref_init (&removal->section, self);
  name = g_strdup (gj_record_get_text (attachment, "name")
                   ? gj_record_get_text (attachment, "name") : _("Unnamed file"));
  /* TRANSLATORS: a toast after removing an attachment, %s is its file name */
  text = g_strdup_printf (_("“%s” removed"), name);
  toast = gj_toast_new_text (text);
  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  g_object_set_data_full (G_OBJECT (toast), "gj-removal", removal, (GDestroyNotify) removal_free);
  g_signal_connect (toast, "button-clicked", G_CALLBACK (undo_clicked_cb), removal);
  g_signal_connect (toast, "dismissed", G_CALLBACK (toast_dismissed_cb), removal);
  if (!show_toast (self, g_object_ref (toast)))
    {
      gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", text);
      removal_finish (removal);
    }
  g_object_unref (toast);
}

/* Public */

GtkWidget *
gj_attachments_section_new (GjSession *session)
{
  GjAttachmentsSection *self;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (GJ_IS_SESSION (session), NULL);

  self = g_object_new (GJ_TYPE_ATTACHMENTS_SECTION, NULL);
  self->session = g_object_ref (session);
  self->blobs = gj_blob_store_for_store (gj_session_get_store (session), &error);
  /* A database in memory (the tests' and the demo's) keeps no files; the
   * section still lists what is recorded, and says so when asked to add. */
  if (self->blobs == NULL)
    g_debug ("No files: %s", error->message);
  self->changed_id = g_signal_connect (session, "changed::attachment",
                                      G_CALLBACK (session_changed_cb), self);
  return GTK_WIDGET (self);
}

void
gj_attachments_section_set_owner (GjAttachmentsSection *self,
                                  const GjKind         *kind,
                                  const char           *id)
{
  g_return_if_fail (GJ_IS_ATTACHMENTS_SECTION (self));
  g_return_if_fail (kind != NULL && id != NULL);

  if (self->kind == kind && g_strcmp0 (self->owner_id, id) == 0)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  gj_attachments_section_cancel_downloads (self);
  while (gtk_widget_get_first_child (GTK_WIDGET (self->flow)) != NULL)
    gtk_flow_box_remove (self->flow, gtk_widget_get_first_child (GTK_WIDGET (self->flow)));
  gtk_widget_set_visible (GTK_WIDGET (self->flow), FALSE);
  gtk_widget_set_visible (self->empty_label, FALSE);
  self->kind = kind;
  g_free (self->owner_id);
  self->owner_id = g_strdup (id);
  gj_attachments_section_reload (self);
}

void
gj_attachments_section_set_agent (GjAttachmentsSection *self,
                                  GjSyncAgent          *agent)
{
  g_return_if_fail (GJ_IS_ATTACHMENTS_SECTION (self));
  g_return_if_fail (agent == NULL || GJ_IS_SYNC_AGENT (agent));

  g_set_object (&self->agent, agent);
}

static void
gj_attachments_section_dispose (GObject *object)
{
  GjAttachmentsSection *self = GJ_ATTACHMENTS_SECTION (object);

  g_cancellable_cancel (self->cancellable);
  gj_attachments_section_cancel_downloads (self);
  g_clear_handle_id (&self->reload_source, g_source_remove);
  if (self->session != NULL)
    g_clear_signal_handler (&self->changed_id, self->session);
  if (self->chooser != NULL)
    gtk_native_dialog_destroy (self->chooser);
  g_clear_object (&self->chooser);
  gtk_widget_dispose_template (GTK_WIDGET (object), GJ_TYPE_ATTACHMENTS_SECTION);
  g_clear_object (&self->session);
  g_clear_object (&self->blobs);
  g_clear_object (&self->agent);
  g_clear_object (&self->cancellable);
  G_OBJECT_CLASS (gj_attachments_section_parent_class)->dispose (object);
}

static void
gj_attachments_section_finalize (GObject *object)
{
  GjAttachmentsSection *self = GJ_ATTACHMENTS_SECTION (object);

  g_hash_table_unref (self->downloads);
  g_free (self->owner_id);
  G_OBJECT_CLASS (gj_attachments_section_parent_class)->finalize (object);
}

static void
gj_attachments_section_class_init (GjAttachmentsSectionClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gj_attachments_section_dispose;
  object_class->finalize = gj_attachments_section_finalize;

  g_type_ensure (GJ_TYPE_ATTACHMENT_TILE);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/cn/gongjian/Gongjian/gj-attachments-section.ui");
  gtk_widget_class_bind_template_child (widget_class, GjAttachmentsSection, flow);
  gtk_widget_class_bind_template_child (widget_class, GjAttachmentsSection, empty_label);
  gtk_widget_class_bind_template_callback (widget_class, child_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, add_clicked_cb);

  gtk_widget_class_install_action (widget_class, "attachments.add", NULL, add_action);
  gtk_widget_class_install_action (widget_class, "attachments.remove", "s", remove_action);
  gj_attachments_section_class_install_file_actions (widget_class);
  gj_attachments_section_class_install_download_actions (widget_class);
}

static void
gj_attachments_section_init (GjAttachmentsSection *self)
{
  GtkDropTarget *target;

  self->downloads = g_hash_table_new (g_str_hash, g_str_equal);
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));

  /* The whole section takes a drop; GTK marks it :drop(active) meanwhile,
   * which style.css highlights. */
  target = gtk_drop_target_new (G_TYPE_INVALID, GDK_ACTION_COPY);
  gtk_drop_target_set_gtypes (target, (GType[2]) { GDK_TYPE_FILE_LIST, G_TYPE_FILE }, 2);
  g_signal_connect (target, "drop", G_CALLBACK (drop_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self), GTK_EVENT_CONTROLLER (target));
}
