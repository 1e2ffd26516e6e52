/* gj-detail-header.c: the title of a detail pane with a line under it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-detail-header"

#include "config.h"

#include "gj-detail-header.h"

struct _GjDetailHeader
{
  GtkBox    parent_instance;

  GtkLabel *title_label;
  GtkLabel *subtitle_label;
};

G_DEFINE_FINAL_TYPE (GjDetailHeader, gj_detail_header, GTK_TYPE_BOX)

GtkWidget *
gj_detail_header_new (const char *title,
                      const char *subtitle)
{
  GjDetailHeader *self = g_object_new (GJ_TYPE_DETAIL_HEADER, NULL);

  gtk_label_set_label (self->title_label, title);
  gtk_label_set_label (self->subtitle_label, subtitle);
  gtk_widget_set_visible (GTK_WIDGET (self->subtitle_label),
                          subtitle != NULL && subtitle[0] != '\0');
  return GTK_WIDGET (self);
}

void
gj_detail_header_add_menu (GjDetailHeader *self,
                           GMenuModel     *menu,
                           const char     *icon_name,
                           const char     *label)
{
  GtkWidget *button;

  g_return_if_fail (GJ_IS_DETAIL_HEADER (self));
  g_return_if_fail (G_IS_MENU_MODEL (menu));

  button = gtk_menu_button_new ();
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (button), menu);
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), icon_name);
  gtk_widget_set_valign (button, GTK_ALIGN_START);
  gtk_widget_set_tooltip_text (button, label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  label, -1);
  gtk_box_append (GTK_BOX (self), button);
}

static void
gj_detail_header_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), GJ_TYPE_DETAIL_HEADER);
  G_OBJECT_CLASS (gj_detail_header_parent_class)->dispose (object);
}

static void
gj_detail_header_class_init (GjDetailHeaderClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = gj_detail_header_dispose;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/cn/gongjian/Gongjian/gj-detail-header.ui");
  gtk_widget_class_bind_template_child (widget_class, GjDetailHeader, title_label);
  gtk_widget_class_bind_template_child (widget_class, GjDetailHeader, subtitle_label);
}

static void
gj_detail_header_init (GjDetailHeader *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
