/* gj-set-row.c: a field that holds any number of values of a list
 *
 * One check button per value of the field, in the order the schema
 * declares them; the stored form is their keys, comma-separated.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-set-row"

#include "config.h"

#include <glib/gi18n.h>

#include "gj-set-row.h"

struct _GjSetRow
{
  AdwExpanderRow parent_instance;

  GPtrArray     *checks;  /* GtkCheckButton, one per value of the field */
};

static void field_row_iface_init (GjFieldRowInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GjSetRow, gj_set_row, ADW_TYPE_EXPANDER_ROW,
                               G_IMPLEMENT_INTERFACE (GJ_TYPE_FIELD_ROW, field_row_iface_init))

static char *
get_value (GjFieldRow *row)
{
  GjSetRow *self = GJ_SET_ROW (row);
  const GjField *field = gj_field_row_get_field (row);
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint i = 0; i < self->checks->len; i++)
    if (gtk_check_button_get_active (g_ptr_array_index (self->checks, i)))
      g_string_append_printf (s, "%s%s", s->len ? "," : "", field->values[i].key);
  return g_string_free (g_steal_pointer (&s), FALSE);
}

/* Keys or labels, separated as people separate them in either language. */
static void
set_value (GjFieldRow *row,
           const char *text)
{
  GjSetRow *self = GJ_SET_ROW (row);
  const GjField *field = gj_field_row_get_field (row);
  g_auto(GStrv) parts = g_regex_split_simple ("[,，、;；]", text ? text : "", 0, 0);

  for (guint i = 0; i < self->checks->len; i++)
    gtk_check_button_set_active (g_ptr_array_index (self->checks, i), FALSE);
  for (guint i = 0; parts[i]; i++)
    {
      const GjEnumValue *v = gj_field_enum_lookup (field, g_strstrip (parts[i]));

      if (v != NULL)
        gtk_check_button_set_active (g_ptr_array_index (self->checks, v - field->values), TRUE);
    }
}

static void
field_row_iface_init (GjFieldRowInterface *iface)
{
  iface->get_value = get_value;
  iface->set_value = set_value;
}

GtkWidget *
gj_set_row_new (const GjKind  *kind,
                const GjField *field)
{
  GjSetRow *self;

  g_return_val_if_fail (kind != NULL && field != NULL, NULL);
  g_return_val_if_fail (field->type == GJ_FIELD_ENUM_SET, NULL);

  self = g_object_new (GJ_TYPE_SET_ROW, NULL);
  gj_field_row_setup (GJ_FIELD_ROW (self), kind, field);
  for (const GjEnumValue *v = field->values; v->key; v++)
    {
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(v->label));
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (self), row);
      g_ptr_array_add (self->checks, check);
    }
  return GTK_WIDGET (self);
}

static void
gj_set_row_dispose (GObject *object)
{
  GjSetRow *self = GJ_SET_ROW (object);

  g_ptr_array_set_size (self->checks, 0);
  gtk_widget_dispose_template (GTK_WIDGET (object), GJ_TYPE_SET_ROW);
  G_OBJECT_CLASS (gj_set_row_parent_class)->dispose (object);
}

static void
gj_set_row_finalize (GObject *object)
{
  g_ptr_array_unref (GJ_SET_ROW (object)->checks);
  G_OBJECT_CLASS (gj_set_row_parent_class)->finalize (object);
}

static void
gj_set_row_class_init (GjSetRowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = gj_set_row_dispose;
  G_OBJECT_CLASS (klass)->finalize = gj_set_row_finalize;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/cn/gongjian/Gongjian/gj-set-row.ui");
}

static void
gj_set_row_init (GjSetRow *self)
{
  self->checks = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}
