/* gj-history-section.h: when each field of a record last changed
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "gj-session.h"

G_BEGIN_DECLS

#define GJ_TYPE_HISTORY_SECTION (gj_history_section_get_type ())
G_DECLARE_FINAL_TYPE (GjHistorySection, gj_history_section, GJ, HISTORY_SECTION,
                      AdwPreferencesGroup)

/* The record's fields, newest change first, each with when and on which
 * device it changed; hidden when the store has no such record. */
GtkWidget *gj_history_section_new (GjSession    *session,
                                   const GjKind *kind,
                                   const char   *id) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
