/* gj-incubation-page.h: the incubation page of the main window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "gj-session.h"

G_BEGIN_DECLS

#define GJ_TYPE_INCUBATION_PAGE (gj_incubation_page_get_type ())
G_DECLARE_FINAL_TYPE (GjIncubationPage, gj_incubation_page, GJ, INCUBATION_PAGE, AdwBin)

void gj_incubation_page_set_session (GjIncubationPage *self,
                               GjSession  *session);

G_END_DECLS
