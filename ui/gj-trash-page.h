/* gj-trash-page.h: Recently Deleted, the records one click brings back
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "gj-session.h"

G_BEGIN_DECLS

#define GJ_TYPE_TRASH_PAGE (gj_trash_page_get_type ())
G_DECLARE_FINAL_TYPE (GjTrashPage, gj_trash_page, GJ, TRASH_PAGE, AdwBin)

void gj_trash_page_set_session (GjTrashPage *self,
                                GjSession   *session);

G_END_DECLS
