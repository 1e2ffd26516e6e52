/* gj-switch-row.h: a yes-or-no field
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gj-field-row.h"

G_BEGIN_DECLS

#define GJ_TYPE_SWITCH_ROW (gj_switch_row_get_type ())
G_DECLARE_FINAL_TYPE (GjSwitchRow, gj_switch_row, GJ, SWITCH_ROW, AdwActionRow)

GtkWidget *gj_switch_row_new (const GjKind  *kind,
                              const GjField *field) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
