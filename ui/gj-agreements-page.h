/* gj-agreements-page.h: the agreements page of the main window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "gj-session.h"

G_BEGIN_DECLS

#define GJ_TYPE_AGREEMENTS_PAGE (gj_agreements_page_get_type ())
G_DECLARE_FINAL_TYPE (GjAgreementsPage, gj_agreements_page, GJ, AGREEMENTS_PAGE, AdwBin)

void gj_agreements_page_set_session (GjAgreementsPage *self,
                               GjSession  *session);

G_END_DECLS
