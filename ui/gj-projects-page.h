/* gj-projects-page.h: the projects page of the main window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "gj-session.h"

G_BEGIN_DECLS

#define GJ_TYPE_PROJECTS_PAGE (gj_projects_page_get_type ())
G_DECLARE_FINAL_TYPE (GjProjectsPage, gj_projects_page, GJ, PROJECTS_PAGE, AdwBin)

void gj_projects_page_set_session (GjProjectsPage *self,
                               GjSession  *session);

G_END_DECLS
