/* gj-welcome-page.h: first run, setting up the station
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "gj-session.h"

G_BEGIN_DECLS

#define GJ_TYPE_WELCOME_PAGE (gj_welcome_page_get_type ())
G_DECLARE_FINAL_TYPE (GjWelcomePage, gj_welcome_page, GJ, WELCOME_PAGE, AdwBin)

void     gj_welcome_page_set_session    (GjWelcomePage *self,
                                         GjSession     *session);

/* Fills the form, for tests: a station of @street in @district. */
void     gj_welcome_page_set_station    (GjWelcomePage *self,
                                         const char    *district,
                                         const char    *street);
/* Adds a community row filled with these values. */
void     gj_welcome_page_add_community  (GjWelcomePage *self,
                                         const char    *name,
                                         const char    *type,
                                         const char    *households,
                                         const char    *population);
/* Writes the station and its communities in one transaction. */
gboolean gj_welcome_page_create         (GjWelcomePage *self,
                                         GError       **error);
/* Loads the demo data dated today. */
gboolean gj_welcome_page_load_demo      (GjWelcomePage *self,
                                         GError       **error);

G_END_DECLS
