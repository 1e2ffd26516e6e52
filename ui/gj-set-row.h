/* gj-set-row.h: a field that holds any number of values of a list
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gj-field-row.h"

G_BEGIN_DECLS

#define GJ_TYPE_SET_ROW (gj_set_row_get_type ())
G_DECLARE_FINAL_TYPE (GjSetRow, gj_set_row, GJ, SET_ROW, AdwExpanderRow)

GtkWidget *gj_set_row_new (const GjKind  *kind,
                           const GjField *field) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
