/* gj-overview-page.h: the overview page of the main window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "gj-session.h"

G_BEGIN_DECLS

#define GJ_TYPE_OVERVIEW_PAGE (gj_overview_page_get_type ())
G_DECLARE_FINAL_TYPE (GjOverviewPage, gj_overview_page, GJ, OVERVIEW_PAGE, AdwBin)

void gj_overview_page_set_session (GjOverviewPage *self,
                               GjSession  *session);

G_END_DECLS
