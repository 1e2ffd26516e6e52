/* gj-timeline.h: the steps of a workflow, done ones ticked
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "gj-schema.h"

G_BEGIN_DECLS

#define GJ_TYPE_TIMELINE (gj_timeline_get_type ())
G_DECLARE_FINAL_TYPE (GjTimeline, gj_timeline, GJ, TIMELINE, GtkBox)

/* The values of the enumeration @field as steps in a row: those before
 * @current ticked, @current highlighted. */
GtkWidget *gj_timeline_new (const GjField *field,
                            const char    *current);

G_END_DECLS
