/* gj-units-page.h: the units page of the main window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "gj-session.h"

G_BEGIN_DECLS

#define GJ_TYPE_UNITS_PAGE (gj_units_page_get_type ())
G_DECLARE_FINAL_TYPE (GjUnitsPage, gj_units_page, GJ, UNITS_PAGE, AdwBin)

void gj_units_page_set_session (GjUnitsPage *self,
                               GjSession  *session);

G_END_DECLS
