/* gj-fact-row.c: a label and its value as a row
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-fact-row"

#include "config.h"

#include "gj-fact-row.h"

struct _GjFactRow
{
  AdwActionRow  parent_instance;

  GtkLabel     *value_label;
};

G_DEFINE_FINAL_TYPE (GjFactRow, gj_fact_row, ADW_TYPE_ACTION_ROW)

GtkWidget *
gj_fact_row_new (const char *label,
                 const char *value)
{
  GjFactRow *self = g_object_new (GJ_TYPE_FACT_ROW, "title", label, NULL);

  gtk_label_set_label (self->value_label, value);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->value_label), value);
  gtk_widget_set_visible (GTK_WIDGET (self->value_label), TRUE);
  return GTK_WIDGET (self);
}

GtkWidget *
gj_fact_row_new_placeholder (const char *text)
{
  GtkWidget *self = g_object_new (GJ_TYPE_FACT_ROW, "title", text, NULL);

  gtk_widget_add_css_class (self, "dim-label");
  return self;
}

static void
gj_fact_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), GJ_TYPE_FACT_ROW);
  G_OBJECT_CLASS (gj_fact_row_parent_class)->dispose (object);
}

static void
gj_fact_row_class_init (GjFactRowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = gj_fact_row_dispose;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/cn/gongjian/Gongjian/gj-fact-row.ui");
  gtk_widget_class_bind_template_child (widget_class, GjFactRow, value_label);
}

static void
gj_fact_row_init (GjFactRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
