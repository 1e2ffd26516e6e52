/* gj-switch-row.c: a yes-or-no field
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-switch-row"

#include "config.h"

#include "gj-record.h"
#include "gj-switch-row.h"

struct _GjSwitchRow
{
  AdwActionRow parent_instance;

  GtkSwitch   *toggle;
};

static void field_row_iface_init (GjFieldRowInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GjSwitchRow, gj_switch_row, ADW_TYPE_ACTION_ROW,
                               G_IMPLEMENT_INTERFACE (GJ_TYPE_FIELD_ROW, field_row_iface_init))

static char *
get_value (GjFieldRow *row)
{
  return g_strdup (gtk_switch_get_active (GJ_SWITCH_ROW (row)->toggle) ? "yes" : "no");
}

/* Anything the data layer reads as yes (是, true, 1…) turns it on. */
static void
set_value (GjFieldRow *row,
           const char *text)
{
  const GjField *field = gj_field_row_get_field (row);
  g_autoptr(GjRecord) scratch = gj_record_new (gj_field_row_get_kind (row));

  gtk_switch_set_active (GJ_SWITCH_ROW (row)->toggle,
                         gj_record_parse (scratch, field->name, text, NULL) &&
                         gj_record_get_bool (scratch, field->name));
}

static void
field_row_iface_init (GjFieldRowInterface *iface)
{
  iface->get_value = get_value;
  iface->set_value = set_value;
}

GtkWidget *
gj_switch_row_new (const GjKind  *kind,
                   const GjField *field)
{
  GjSwitchRow *self;

  g_return_val_if_fail (kind != NULL && field != NULL, NULL);

  self = g_object_new (GJ_TYPE_SWITCH_ROW, NULL);
  gj_field_row_setup (GJ_FIELD_ROW (self), kind, field);
  return GTK_WIDGET (self);
}

static void
gj_switch_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), GJ_TYPE_SWITCH_ROW);
  G_OBJECT_CLASS (gj_switch_row_parent_class)->dispose (object);
}

static void
gj_switch_row_class_init (GjSwitchRowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = gj_switch_row_dispose;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/cn/gongjian/Gongjian/gj-switch-row.ui");
  gtk_widget_class_bind_template_child (widget_class, GjSwitchRow, toggle);
}

static void
gj_switch_row_init (GjSwitchRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
