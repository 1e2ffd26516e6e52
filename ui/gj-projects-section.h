/* gj-projects-section.h: the projects a record takes part in
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "gj-session.h"

G_BEGIN_DECLS

#define GJ_TYPE_PROJECTS_SECTION (gj_projects_section_get_type ())
G_DECLARE_FINAL_TYPE (GjProjectsSection, gj_projects_section, GJ, PROJECTS_SECTION,
                      AdwPreferencesGroup)

/* The projects that name @record as one of their five parties, each with
 * its role; hidden when there are none. */
GtkWidget *gj_projects_section_new (GjSession *session,
                                    GjRecord  *record) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
