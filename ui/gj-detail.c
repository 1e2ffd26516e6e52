/* gj-detail.c: building blocks of the detail panes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-detail"

#include "config.h"

#include <glib/gi18n.h>

#include "gj-detail.h"
#include "gj-format.h"
#include "gj-record-editor.h"

GtkWidget *
gj_detail_header (const char *title,
                  const char *subtitle)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *t = gtk_label_new (title);

  gtk_label_set_xalign (GTK_LABEL (t), 0);
  gtk_label_set_wrap (GTK_LABEL (t), TRUE);
  gtk_label_set_selectable (GTK_LABEL (t), TRUE);
  gtk_widget_add_css_class (t, "title-2");
  gtk_accessible_update_property (GTK_ACCESSIBLE (t), GTK_ACCESSIBLE_PROPERTY_LEVEL, 2, -1);
  gtk_box_append (GTK_BOX (box), t);
  if (subtitle != NULL && subtitle[0] != '\0')
    {
      GtkWidget *s = gtk_label_new (subtitle);

      gtk_label_set_xalign (GTK_LABEL (s), 0);
      gtk_label_set_wrap (GTK_LABEL (s), TRUE);
      gtk_widget_add_css_class (s, "dim-label");
      gtk_box_append (GTK_BOX (box), s);
    }
  return box;
}

GtkWidget *
gj_detail_timeline (const GjField *field,
                    const char    *current)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  int cur = -1, i = 0;
  g_autoptr(GString) description = g_string_new (NULL);

  for (const GjEnumValue *v = field->values; v->key; v++, i++)
    if (g_strcmp0 (v->key, current) == 0)
      cur = i;

  gtk_widget_add_css_class (box, "gj-timeline");
  i = 0;
  for (const GjEnumValue *v = field->values; v->key; v++, i++)
    {
      GtkWidget *step = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
      GtkWidget *dot = gtk_image_new_from_icon_name (i < cur ? "emblem-ok-symbolic"
                                                     : i == cur ? "media-record-symbolic"
                                                     : "radio-symbolic");
      GtkWidget *label = gtk_label_new (_(v->label));

      gtk_widget_set_hexpand (step, TRUE);
      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
      gtk_widget_add_css_class (label, "caption");
      gtk_widget_add_css_class (step, i < cur ? "gj-step-done" : i == cur ? "gj-step-current"
                                                               : "gj-step-todo");
      gtk_box_append (GTK_BOX (step), dot);
      gtk_box_append (GTK_BOX (step), label);
      gtk_box_append (GTK_BOX (box), step);
    }
  if (cur >= 0)
    {
      /* TRANSLATORS: read by a screen reader for a status timeline */
      g_string_printf (description, _("Status: %s, step %d of %d"), _(field->values[cur].label),
                       cur + 1, i);
      gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      description->str, -1);
    }
  return box;
}

AdwPreferencesGroup *
gj_detail_group (const char *title,
                 const char *add_label,
                 const char *action_name,
                 GVariant   *target)
{
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());

  adw_preferences_group_set_title (group, title);
  if (add_label != NULL)
    {
      GtkWidget *button = gtk_button_new_from_icon_name ("list-add-symbolic");

      gtk_widget_add_css_class (button, "flat");
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (button, add_label);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      add_label, -1);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (button), action_name);
      if (target != NULL)
        gtk_actionable_set_action_target_value (GTK_ACTIONABLE (button), target);
      adw_preferences_group_set_header_suffix (group, button);
    }
  else if (target != NULL)
    g_variant_unref (g_variant_ref_sink (target));
  return group;
}

static void
record_row_activated_cb (AdwActionRow *row,
                         GjSession    *session)
{
  GjRecord *rec = g_object_get_data (G_OBJECT (row), "gj-record");
  g_autoptr(GjRecord) fresh = gj_store_get (gj_session_get_store (session), rec->kind, rec->id, NULL);

  if (fresh != NULL)
    gj_record_editor_open (GTK_WIDGET (row), session, rec->kind, fresh, NULL);
}

GtkWidget *
gj_detail_record_row (GjSession *session,
                      GjRecord  *record)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;

  gj_format_record_summary (gj_session_get_store (session), record, &title, &subtitle);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "gj-record", gj_record_ref (record),
                          (GDestroyNotify) gj_record_unref);
  g_signal_connect_object (row, "activated", G_CALLBACK (record_row_activated_cb), session, 0);
  return row;
}

GtkWidget *
gj_detail_empty_row (const char *text)
{
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), text);
  gtk_widget_add_css_class (row, "dim-label");
  return row;
}

GtkWidget *
gj_detail_fact_row (const char *label,
                    const char *value)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *v = gtk_label_new (value);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), label);
  gtk_label_set_selectable (GTK_LABEL (v), TRUE);
  gtk_label_set_ellipsize (GTK_LABEL (v), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (v), 1);
  gtk_widget_set_tooltip_text (v, value);
  gtk_widget_add_css_class (v, "dim-label");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), v);
  return row;
}
