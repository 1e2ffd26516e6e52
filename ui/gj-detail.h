/* gj-detail.h: building blocks of the detail panes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "gj-session.h"

G_BEGIN_DECLS

/* A title with a dimmed line under it. */
GtkWidget           *gj_detail_header    (const char    *title,
                                          const char    *subtitle);
/* The steps of a workflow enumeration, done ones ticked and the current
 * one highlighted. */
GtkWidget           *gj_detail_timeline  (const GjField *field,
                                          const char    *current);
/* A titled boxed list; with @add_label, a button in its header that
 * activates @action_name (with @target, which is consumed). */
AdwPreferencesGroup *gj_detail_group     (const char    *title,
                                          const char    *add_label,
                                          const char    *action_name,
                                          GVariant      *target);
/* A row for @record that opens its editor. */
GtkWidget           *gj_detail_record_row (GjSession    *session,
                                           GjRecord     *record);
/* A dimmed row saying the list is empty. */
GtkWidget           *gj_detail_empty_row (const char    *text);
/* A label / value pair as a row. */
GtkWidget           *gj_detail_fact_row  (const char    *label,
                                          const char    *value);

G_END_DECLS
