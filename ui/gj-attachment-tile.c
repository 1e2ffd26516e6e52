/* gj-attachment-tile.c: one attached file in an attachments section
 *
 * A card with the file's thumbnail (or its type's icon), its name and its
 * size, and a menu. The tile only shows: what it is asked for goes to the
 * section through the section's actions ("attachments.open" and the
 * others, each with the attachment's id), so a tile rebuilt or dropped
 * while a file is copied or fetched takes no job with it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-attachment-tile"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "gj-attachment-tile.h"

struct _GjAttachmentTile
{
  GtkFlowBoxChild  parent_instance;

  GjRecord        *attachment;
  char            *path;

  GtkStack        *preview;
  GtkImage        *icon;
  GtkImage        *picture;
  GtkLabel        *name_label;
  GtkLabel        *detail_label;
  GtkStack        *download_stack;
  GtkProgressBar  *progress_bar;
  GtkMenuButton   *menu_button;
};

G_DEFINE_FINAL_TYPE (GjAttachmentTile, gj_attachment_tile, GTK_TYPE_FLOW_BOX_CHILD)

static void
forward_action (GtkWidget  *widget,
                const char *action,
                GVariant   *param)
{
  GjAttachmentTile *self = GJ_ATTACHMENT_TILE (widget);
  /* "tile.open" asks for "attachments.open" of this tile's attachment. */
  g_autofree char *name = g_strconcat ("attachments.", action + strlen ("tile."), NULL);

  gtk_widget_activate_action (widget, name, "s", self->attachment->id);
}

static void
show_menu_action (GtkWidget  *widget,
                  const char *action,
                  GVariant   *param)
{
  gtk_menu_button_popup (GJ_ATTACHMENT_TILE (widget)->menu_button);
}

GtkWidget *
gj_attachment_tile_new (GjRecord   *attachment,
                        const char *path,
                        gboolean    loading_thumbnail)
{
  GjAttachmentTile *self;
  const char *name, *mime_type;
  g_autofree char *size = NULL;
  g_autofree char *content_type = NULL;
  g_autofree char *detail = NULL;
  g_autofree char *accessible = NULL;
  g_autoptr(GIcon) icon = NULL;

  g_return_val_if_fail (attachment != NULL, NULL);

  self = g_object_new (GJ_TYPE_ATTACHMENT_TILE, NULL);
  self->attachment = gj_record_ref (attachment);
  self->path = g_strdup (path);

  name = gj_record_get_text (attachment, "name");
  if (name == NULL)
    name = _("Unnamed file");
  mime_type = gj_record_get_text (attachment, "mime_type");
  size = g_format_size (MAX (0, gj_record_get_int (attachment, "size")));
  gtk_label_set_label (self->name_label, name);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->name_label), name);
  /* TRANSLATORS: under an attachment that is on the server only; %s is its size */
  detail = path ? g_strdup (size) : g_strdup_printf (_("Not yet downloaded · %s"), size);
  gtk_label_set_label (self->detail_label, detail);

  content_type = g_content_type_from_mime_type (mime_type ? mime_type : "application/octet-stream");
  icon = g_content_type_get_icon (content_type ? content_type : "application/octet-stream");
  gtk_image_set_from_gicon (self->icon, icon);
  gtk_stack_set_visible_child_name (self->preview, loading_thumbnail ? "loading" : "icon");

  gtk_widget_set_visible (GTK_WIDGET (self->download_stack), path == NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "tile.open", path != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "tile.save-as", path != NULL);
  /* TRANSLATORS: what a screen reader says of an attachment: its name, then its size */
  accessible = g_strdup_printf (_("%s, %s"), name, detail);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible, -1);
  return GTK_WIDGET (self);
}

GjRecord *
gj_attachment_tile_get_attachment (GjAttachmentTile *self)
{
  g_return_val_if_fail (GJ_IS_ATTACHMENT_TILE (self), NULL);
  return self->attachment;
}

const char *
gj_attachment_tile_get_id (GjAttachmentTile *self)
{
  g_return_val_if_fail (GJ_IS_ATTACHMENT_TILE (self), NULL);
  return self->attachment->id;
}

const char *
gj_attachment_tile_get_path (GjAttachmentTile *self)
{
  g_return_val_if_fail (GJ_IS_ATTACHMENT_TILE (self), NULL);
  return self->path;
}

void
gj_attachment_tile_set_thumbnail (GjAttachmentTile *self,
                                  GdkTexture       *thumbnail)
{
  g_return_if_fail (GJ_IS_ATTACHMENT_TILE (self));

  gtk_image_set_from_paintable (self->picture, GDK_PAINTABLE (thumbnail));
  gtk_stack_set_visible_child_name (self->preview, thumbnail ? "picture" : "icon");
}

gboolean
gj_attachment_tile_has_thumbnail (GjAttachmentTile *self)
{
  g_return_val_if_fail (GJ_IS_ATTACHMENT_TILE (self), FALSE);
  return g_strcmp0 (gtk_stack_get_visible_child_name (self->preview), "picture") == 0;
}

void
gj_attachment_tile_set_progress (GjAttachmentTile *self,
                                 double            fraction)
{
  g_return_if_fail (GJ_IS_ATTACHMENT_TILE (self));

  gtk_stack_set_visible_child_name (self->download_stack, fraction < 0 ? "button" : "progress");
  if (fraction >= 0)
    gtk_progress_bar_set_fraction (self->progress_bar, MIN (fraction, 1.0));
}

static void
gj_attachment_tile_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), GJ_TYPE_ATTACHMENT_TILE);
  G_OBJECT_CLASS (gj_attachment_tile_parent_class)->dispose (object);
}

static void
gj_attachment_tile_finalize (GObject *object)
{
  GjAttachmentTile *self = GJ_ATTACHMENT_TILE (object);

  g_clear_pointer (&self->attachment, gj_record_unref);
  g_free (self->path);
  G_OBJECT_CLASS (gj_attachment_tile_parent_class)->finalize (object);
}

static void
gj_attachment_tile_class_init (GjAttachmentTileClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gj_attachment_tile_dispose;
  object_class->finalize = gj_attachment_tile_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/cn/gongjian/Gongjian/gj-attachment-tile.ui");
  gtk_widget_class_bind_template_child (widget_class, GjAttachmentTile, preview);
  gtk_widget_class_bind_template_child (widget_class, GjAttachmentTile, icon);
  gtk_widget_class_bind_template_child (widget_class, GjAttachmentTile, picture);
  gtk_widget_class_bind_template_child (widget_class, GjAttachmentTile, name_label);
  gtk_widget_class_bind_template_child (widget_class, GjAttachmentTile, detail_label);
  gtk_widget_class_bind_template_child (widget_class, GjAttachmentTile, download_stack);
  gtk_widget_class_bind_template_child (widget_class, GjAttachmentTile, progress_bar);
  gtk_widget_class_bind_template_child (widget_class, GjAttachmentTile, menu_button);

  gtk_widget_class_install_action (widget_class, "tile.open", NULL, forward_action);
  gtk_widget_class_install_action (widget_class, "tile.save-as", NULL, forward_action);
  gtk_widget_class_install_action (widget_class, "tile.remove", NULL, forward_action);
  gtk_widget_class_install_action (widget_class, "tile.download", NULL, forward_action);
  gtk_widget_class_install_action (widget_class, "tile.cancel-download", NULL, forward_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "tile.remove", NULL);
  gtk_widget_class_install_action (widget_class, "tile.show-menu", NULL, show_menu_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F10, GDK_SHIFT_MASK,
                                       "tile.show-menu", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Menu, 0, "tile.show-menu", NULL);
}

static void
gj_attachment_tile_init (GjAttachmentTile *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
