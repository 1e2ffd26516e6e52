/* gj-field-row.h: what every row of the record editor's form does
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "gj-schema.h"

G_BEGIN_DECLS

#define GJ_TYPE_FIELD_ROW (gj_field_row_get_type ())
G_DECLARE_INTERFACE (GjFieldRow, gj_field_row, GJ, FIELD_ROW, AdwPreferencesRow)

struct _GjFieldRowInterface
{
  GTypeInterface parent_iface;

  /* By default the text of a row that is a GtkEditable. */
  char *(*get_value) (GjFieldRow *self);
  void  (*set_value) (GjFieldRow *self,
                      const char *text);
};

/* Called once by each row's constructor: gives the row its field, its
 * title, and the row that shows its error (gj_field_row_get_error_row()). */
void           gj_field_row_setup         (GjFieldRow    *self,
                                           const GjKind  *kind,
                                           const GjField *field);
const GjKind  *gj_field_row_get_kind      (GjFieldRow    *self);
const GjField *gj_field_row_get_field     (GjFieldRow    *self);

/* The value in its stored text form (enum key, id, "yes"/"no"), or what
 * was typed for text and numbers; "" for none. */
char          *gj_field_row_get_value     (GjFieldRow    *self) G_GNUC_WARN_UNUSED_RESULT;
/* Sets the widget from a stored form or from what a person would type. */
void           gj_field_row_set_value     (GjFieldRow    *self,
                                           const char    *text);

/* The message shown under the row, or NULL to show none. */
void           gj_field_row_set_error     (GjFieldRow    *self,
                                           const char    *message);
const char    *gj_field_row_get_error     (GjFieldRow    *self);
/* The row to place right under this one in the same group. */
GtkWidget     *gj_field_row_get_error_row (GjFieldRow    *self);
/* Shows the data layer's verdict on @text as the row's error. */
void           gj_field_row_check         (GjFieldRow    *self,
                                           const char    *text);

G_END_DECLS
