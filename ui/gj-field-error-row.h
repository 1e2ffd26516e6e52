/* gj-field-error-row.h: the message under a field of the record editor
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define GJ_TYPE_FIELD_ERROR_ROW (gj_field_error_row_get_type ())
G_DECLARE_FINAL_TYPE (GjFieldErrorRow, gj_field_error_row, GJ, FIELD_ERROR_ROW, AdwPreferencesRow)

GtkWidget *gj_field_error_row_new         (void) G_GNUC_WARN_UNUSED_RESULT;
/* Shows @message, or hides the row for NULL. */
void       gj_field_error_row_set_message (GjFieldErrorRow *self,
                                           const char      *message);
/* The label, which describes the field's row to assistive technologies. */
GtkWidget *gj_field_error_row_get_label   (GjFieldErrorRow *self);

G_END_DECLS
