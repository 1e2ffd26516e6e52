/* gj-field-row.c: what every row of the record editor's form does
 *
 * The rows derive from different libadwaita rows (entry, combo, action,
 * expander), so what they share is an interface; the part that is the
 * same for all of them (the field, the error and its row) is kept here
 * once, on the row object.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-field-row"

#include "config.h"

#include <glib/gi18n.h>

#include "gj-field-error-row.h"
#include "gj-field-row.h"
#include "gj-record.h"

typedef struct
{
  const GjKind  *kind;
  const GjField *field;
  char          *error;
  GtkWidget     *error_row;  /* owned: it lives in the row's group, beside the row */
} FieldRowState;

G_DEFINE_INTERFACE (GjFieldRow, gj_field_row, ADW_TYPE_PREFERENCES_ROW)

static GQuark state_quark;

/* The default, for rows that are a GtkEditable (entry rows): the value is
 * the text as typed. */
static char *
editable_get_value (GjFieldRow *row)
{
  return g_strdup (gtk_editable_get_text (GTK_EDITABLE (row)));
}

static void
editable_set_value (GjFieldRow *row,
                    const char *text)
{
  gtk_editable_set_text (GTK_EDITABLE (row), text ? text : "");
}

static void
gj_field_row_default_init (GjFieldRowInterface *iface)
{
  state_quark = g_quark_from_static_string ("gj-field-row-state");
  iface->get_value = editable_get_value;
  iface->set_value = editable_set_value;
}

static void
state_free (FieldRowState *state)
{
  g_free (state->error);
  g_clear_object (&state->error_row);
  g_free (state);
}

static FieldRowState *
get_state (GjFieldRow *self)
{
  FieldRowState *state = g_object_get_qdata (G_OBJECT (self), state_quark);

  g_assert (state != NULL);
  return state;
}

void
gj_field_row_setup (GjFieldRow    *self,
                    const GjKind  *kind,
                    const GjField *field)
{
  FieldRowState *state;
  GtkWidget *label;

  g_return_if_fail (GJ_IS_FIELD_ROW (self));
  g_return_if_fail (kind != NULL && field != NULL);
  g_return_if_fail (g_object_get_qdata (G_OBJECT (self), state_quark) == NULL);

  state = g_new0 (FieldRowState, 1);
  state->kind = kind;
  state->field = field;
  state->error_row = g_object_ref_sink (gj_field_error_row_new ());
  g_object_set_qdata_full (G_OBJECT (self), state_quark, state, (GDestroyNotify) state_free);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), _(field->label));
  label = gj_field_error_row_get_label (GJ_FIELD_ERROR_ROW (state->error_row));
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY,
                                  label, NULL, -1);
}

const GjKind *
gj_field_row_get_kind (GjFieldRow *self)
{
  g_return_val_if_fail (GJ_IS_FIELD_ROW (self), NULL);
  return get_state (self)->kind;
}

const GjField *
gj_field_row_get_field (GjFieldRow *self)
{
  g_return_val_if_fail (GJ_IS_FIELD_ROW (self), NULL);
  return get_state (self)->field;
}

char *
gj_field_row_get_value (GjFieldRow *self)
{
  g_return_val_if_fail (GJ_IS_FIELD_ROW (self), NULL);
  return GJ_FIELD_ROW_GET_IFACE (self)->get_value (self);
}

void
gj_field_row_set_value (GjFieldRow *self,
                        const char *text)
{
  g_return_if_fail (GJ_IS_FIELD_ROW (self));
  GJ_FIELD_ROW_GET_IFACE (self)->set_value (self, text);
}

void
gj_field_row_set_error (GjFieldRow *self,
                        const char *message)
{
  FieldRowState *state;

  g_return_if_fail (GJ_IS_FIELD_ROW (self));

  state = get_state (self);
  g_free (state->error);
  state->error = g_strdup (message);
  gj_field_error_row_set_message (GJ_FIELD_ERROR_ROW (state->error_row), message);
  if (message != NULL)
    gtk_widget_add_css_class (GTK_WIDGET (self), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "error");
}

const char *
gj_field_row_get_error (GjFieldRow *self)
{
  g_return_val_if_fail (GJ_IS_FIELD_ROW (self), NULL);
  return get_state (self)->error;
}

GtkWidget *
gj_field_row_get_error_row (GjFieldRow *self)
{
  g_return_val_if_fail (GJ_IS_FIELD_ROW (self), NULL);
  return get_state (self)->error_row;
}

void
gj_field_row_check (GjFieldRow *self,
                    const char *text)
{
  FieldRowState *state;
  g_autoptr(GjRecord) scratch = NULL;
  g_autoptr(GError) error = NULL;

  g_return_if_fail (GJ_IS_FIELD_ROW (self));

  state = get_state (self);
  scratch = gj_record_new (state->kind);
  if (!gj_record_parse (scratch, state->field->name, text, &error))
    gj_field_row_set_error (self, error->message);
  else
    gj_field_row_set_error (self, NULL);
}
