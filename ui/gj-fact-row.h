/* gj-fact-row.h: a label and its value as a row
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define GJ_TYPE_FACT_ROW (gj_fact_row_get_type ())
G_DECLARE_FINAL_TYPE (GjFactRow, gj_fact_row, GJ, FACT_ROW, AdwActionRow)

/* A row titled @label with @value after it, selectable and ellipsized
 * (its tooltip shows all of it). */
GtkWidget *gj_fact_row_new             (const char *label,
                                        const char *value);
/* A dimmed row with @text alone, saying that a list is empty or has
 * more than it shows. */
GtkWidget *gj_fact_row_new_placeholder (const char *text);

G_END_DECLS
