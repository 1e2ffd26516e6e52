/* gj-related-section.h: the records of one kind that refer to a record
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "gj-session.h"

G_BEGIN_DECLS

#define GJ_TYPE_RELATED_SECTION (gj_related_section_get_type ())
G_DECLARE_FINAL_TYPE (GjRelatedSection, gj_related_section, GJ, RELATED_SECTION,
                      AdwPreferencesGroup)

/* The records of @child whose @field refers to @record (an incubation's
 * service log, an agreement's items), with a button that adds one. */
GtkWidget *gj_related_section_new (GjSession     *session,
                                   const GjKind  *child,
                                   const GjField *field,
                                   GjRecord      *record) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
