/* gj-date-row.h: a date field, typed or chosen on a calendar
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gj-field-row.h"

G_BEGIN_DECLS

#define GJ_TYPE_DATE_ROW (gj_date_row_get_type ())
G_DECLARE_FINAL_TYPE (GjDateRow, gj_date_row, GJ, DATE_ROW, AdwEntryRow)

GtkWidget *gj_date_row_new (const GjKind  *kind,
                            const GjField *field) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
