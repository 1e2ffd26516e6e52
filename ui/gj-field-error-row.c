/* gj-field-error-row.c: the message under a field of the record editor
 *
 * The message is a row of its own right under its field's row, so it is
 * read where the problem is, and hidden while there is none.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-field-error-row"

#include "config.h"

#include "gj-field-error-row.h"

struct _GjFieldErrorRow
{
  AdwPreferencesRow parent_instance;

  GtkLabel         *label;
};

G_DEFINE_FINAL_TYPE (GjFieldErrorRow, gj_field_error_row, ADW_TYPE_PREFERENCES_ROW)

GtkWidget *
gj_field_error_row_new (void)
{
  return g_object_new (GJ_TYPE_FIELD_ERROR_ROW, NULL);
}

void
gj_field_error_row_set_message (GjFieldErrorRow *self,
                                const char      *message)
{
  g_return_if_fail (GJ_IS_FIELD_ERROR_ROW (self));

  gtk_label_set_label (self->label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self), message != NULL);
}

GtkWidget *
gj_field_error_row_get_label (GjFieldErrorRow *self)
{
  g_return_val_if_fail (GJ_IS_FIELD_ERROR_ROW (self), NULL);
  return GTK_WIDGET (self->label);
}

static void
gj_field_error_row_dispose (GObject *object)
{
  /* GtkListBoxRow unparents its child when it is disposed; it lets go of
   * the label first, so that the label is not unparented twice. */
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (object), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), GJ_TYPE_FIELD_ERROR_ROW);
  G_OBJECT_CLASS (gj_field_error_row_parent_class)->dispose (object);
}

static void
gj_field_error_row_class_init (GjFieldErrorRowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = gj_field_error_row_dispose;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/cn/gongjian/Gongjian/gj-field-error-row.ui");
  gtk_widget_class_bind_template_child (widget_class, GjFieldErrorRow, label);
}

static void
gj_field_error_row_init (GjFieldErrorRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
