/* gj-detail-group.c: a titled list in a detail pane, maybe with an add button
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-detail-group"

#include "config.h"

#include "gj-detail-group.h"

struct _GjDetailGroup
{
  AdwPreferencesGroup parent_instance;
};

G_DEFINE_FINAL_TYPE (GjDetailGroup, gj_detail_group, ADW_TYPE_PREFERENCES_GROUP)

GtkWidget *
gj_detail_group_new (const char *title)
{
  return g_object_new (GJ_TYPE_DETAIL_GROUP, "title", title, NULL);
}

GtkWidget *
gj_detail_group_new_with_add (const char *title,
                              const char *add_label,
                              const char *action_name,
                              GVariant   *target)
{
  GtkWidget *self;
  GtkWidget *button;

  g_return_val_if_fail (add_label != NULL && action_name != NULL, NULL);

  self = gj_detail_group_new (title);
  button = gtk_button_new_from_icon_name ("list-add-symbolic");
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, add_label);
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  add_label, -1);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action_name);
  if (target != NULL)
    gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), target);
  adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (self), button);
  return self;
}

static void
gj_detail_group_class_init (GjDetailGroupClass *klass)
{
}

static void
gj_detail_group_init (GjDetailGroup *self)
{
}
