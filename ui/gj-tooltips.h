/* gj-tooltips.h: text tooltips as wide as their text
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Makes every text tooltip of the process wide enough for its text when
 * that text is Chinese. Call once GTK is initialized; more calls do
 * nothing. */
void gj_tooltips_init (void);

G_END_DECLS
