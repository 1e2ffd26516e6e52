/* gj-detail-group.h: a titled list in a detail pane, maybe with an add button
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

G_BEGIN_DECLS

#define GJ_TYPE_DETAIL_GROUP (gj_detail_group_get_type ())
G_DECLARE_FINAL_TYPE (GjDetailGroup, gj_detail_group, GJ, DETAIL_GROUP, AdwPreferencesGroup)

/* A group titled @title. */
GtkWidget *gj_detail_group_new          (const char *title);
/* A group titled @title with a button in its header, labelled @add_label
 * for its tooltip and screen readers, that activates @action_name with
 * @target (a floating reference is consumed). */
GtkWidget *gj_detail_group_new_with_add (const char *title,
                                         const char *add_label,
                                         const char *action_name,
                                         GVariant   *target);

G_END_DECLS
