/* gj-choice-row.h: a field chosen from a list: an enumeration's values or
 * another kind's records
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gj-field-row.h"
#include "gj-session.h"

G_BEGIN_DECLS

#define GJ_TYPE_CHOICE_ROW (gj_choice_row_get_type ())
G_DECLARE_FINAL_TYPE (GjChoiceRow, gj_choice_row, GJ, CHOICE_ROW, AdwActionRow)

/* A row that shows the chosen value and, on activation, a searchable list
 * of the choices with their context; "notify::value" says the chosen key
 * changed. */

/* An enumeration's values, or for a reference the records of the kind it
 * points to, except @exclude_id (a record may not refer to itself). Any
 * other field starts with no choices until gj_choice_row_load(). */
GtkWidget *gj_choice_row_new  (GjSession     *session,
                               const GjKind  *kind,
                               const GjField *field,
                               const char    *exclude_id) G_GNUC_WARN_UNUSED_RESULT;
/* Makes the records of @ref_kind the choices (none for NULL). They are
 * read by the session's reader and arrive later; a value set meanwhile is
 * kept. */
void       gj_choice_row_load (GjChoiceRow   *self,
                               const char    *ref_kind);

G_END_DECLS
