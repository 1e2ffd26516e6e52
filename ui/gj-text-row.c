/* gj-text-row.c: a field typed as text: words, numbers, codes, phones
 *
 * What is typed is checked as it is typed, with the data layer's own
 * parser, so the message under the row is the one a save would give.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-text-row"

#include "config.h"

#include "gj-text-row.h"

struct _GjTextRow
{
  AdwEntryRow parent_instance;
};

G_DEFINE_FINAL_TYPE_WITH_CODE (GjTextRow, gj_text_row, ADW_TYPE_ENTRY_ROW,
                               G_IMPLEMENT_INTERFACE (GJ_TYPE_FIELD_ROW, NULL))

static void
changed_cb (GjTextRow *self)
{
  gj_field_row_check (GJ_FIELD_ROW (self), gtk_editable_get_text (GTK_EDITABLE (self)));
}

GtkWidget *
gj_text_row_new (const GjKind  *kind,
                 const GjField *field)
{
  GjTextRow *self;

  g_return_val_if_fail (kind != NULL && field != NULL, NULL);

  self = g_object_new (GJ_TYPE_TEXT_ROW, NULL);
  gj_field_row_setup (GJ_FIELD_ROW (self), kind, field);
  if (field->type == GJ_FIELD_INT || field->type == GJ_FIELD_REAL || field->type == GJ_FIELD_MONEY)
    adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (self), GTK_INPUT_PURPOSE_NUMBER);
  else if (field->type == GJ_FIELD_MOBILE)
    adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (self), GTK_INPUT_PURPOSE_PHONE);
  return GTK_WIDGET (self);
}

static void
gj_text_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), GJ_TYPE_TEXT_ROW);
  G_OBJECT_CLASS (gj_text_row_parent_class)->dispose (object);
}

static void
gj_text_row_class_init (GjTextRowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = gj_text_row_dispose;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/cn/gongjian/Gongjian/gj-text-row.ui");
  gtk_widget_class_bind_template_callback (widget_class, changed_cb);
}

static void
gj_text_row_init (GjTextRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
