/* gj-timeline.c: the steps of a workflow, done ones ticked
 *
 * The steps come from the schema, so they are built here rather than
 * declared in a template; the look is in style.css under .gj-timeline.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-timeline"

#include "config.h"

#include <glib/gi18n.h>

#include "gj-timeline.h"

struct _GjTimeline
{
  GtkBox parent_instance;
};

G_DEFINE_FINAL_TYPE (GjTimeline, gj_timeline, GTK_TYPE_BOX)

static GtkWidget *
step_new (const GjEnumValue *value,
          const char        *icon_name,
          const char        *css_class)
{
  GtkWidget *step = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *label = gtk_label_new (_(value->label));

  gtk_widget_set_hexpand (step, TRUE);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_justify (GTK_LABEL (label), GTK_JUSTIFY_CENTER);
  gtk_widget_add_css_class (label, "caption");
  gtk_widget_add_css_class (step, css_class);
  gtk_box_append (GTK_BOX (step), gtk_image_new_from_icon_name (icon_name));
  gtk_box_append (GTK_BOX (step), label);
  return step;
}

GtkWidget *
gj_timeline_new (const GjField *field,
                 const char    *current)
{
  GjTimeline *self;
  int cur = -1, i = 0;

  g_return_val_if_fail (field != NULL && field->values != NULL, NULL);

  self = g_object_new (GJ_TYPE_TIMELINE, NULL);
  for (const GjEnumValue *v = field->values; v->key; v++, i++)
    if (g_strcmp0 (v->key, current) == 0)
      cur = i;

  i = 0;
  for (const GjEnumValue *v = field->values; v->key; v++, i++)
    gtk_box_append (GTK_BOX (self),
                    i < cur ? step_new (v, "emblem-ok-symbolic", "gj-step-done")
                    : i == cur ? step_new (v, "media-record-symbolic", "gj-step-current")
                    : step_new (v, "radio-symbolic", "gj-step-todo"));
  if (cur >= 0)
    {
      /* TRANSLATORS: read by a screen reader for a status timeline */
      g_autofree char *description = g_strdup_printf (_("Status: %s, step %d of %d"),
                                                      _(field->values[cur].label), cur + 1, i);

      gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      description, -1);
    }
  return GTK_WIDGET (self);
}

static void
gj_timeline_class_init (GjTimelineClass *klass)
{
}

static void
gj_timeline_init (GjTimeline *self)
{
  gtk_widget_add_css_class (GTK_WIDGET (self), "gj-timeline");
}
