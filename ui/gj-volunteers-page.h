/* gj-volunteers-page.h: the volunteers page of the main window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "gj-session.h"

G_BEGIN_DECLS

#define GJ_TYPE_VOLUNTEERS_PAGE (gj_volunteers_page_get_type ())
G_DECLARE_FINAL_TYPE (GjVolunteersPage, gj_volunteers_page, GJ, VOLUNTEERS_PAGE, AdwBin)

void gj_volunteers_page_set_session (GjVolunteersPage *self,
                               GjSession  *session);

G_END_DECLS
