/* gj-record-row.h: a row that shows a record and opens its editor
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "gj-format.h"
#include "gj-session.h"

G_BEGIN_DECLS

#define GJ_TYPE_RECORD_ROW (gj_record_row_get_type ())
G_DECLARE_FINAL_TYPE (GjRecordRow, gj_record_row, GJ, RECORD_ROW, AdwActionRow)

/* A row with @record's title and summary; activating it opens the
 * record's editor on what the store holds then. */
GtkWidget *gj_record_row_new              (GjSession             *session,
                                           GjRecord              *record);
/* The same with the lines formatted beforehand, in the reader's thread:
 * they may look up other records. */
GtkWidget *gj_record_row_new_from_summary (GjSession             *session,
                                           const GjRecordSummary *summary);

G_END_DECLS
