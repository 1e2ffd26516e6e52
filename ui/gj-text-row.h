/* gj-text-row.h: a field typed as text: words, numbers, codes, phones
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gj-field-row.h"

G_BEGIN_DECLS

#define GJ_TYPE_TEXT_ROW (gj_text_row_get_type ())
G_DECLARE_FINAL_TYPE (GjTextRow, gj_text_row, GJ, TEXT_ROW, AdwEntryRow)

GtkWidget *gj_text_row_new (const GjKind  *kind,
                            const GjField *field) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
