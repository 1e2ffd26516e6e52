/* gj-history-section.h: what changed in a record, when and on which device
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

/* The record's latest changes, newest first, each with its old and new
 * value, when and on which device; hidden when the store has no such
 * record. */
GtkWidget *gj_history_section_new (GjSession    *session,
                                   const GjKind *kind,
                                   const char   *id) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
