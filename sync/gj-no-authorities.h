/* gj-no-authorities.h: a certificate database with no authority in it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define GJ_TYPE_NO_AUTHORITIES (gj_no_authorities_get_type ())
G_DECLARE_FINAL_TYPE (GjNoAuthorities, gj_no_authorities, GJ, NO_AUTHORITIES, GTlsDatabase)

/* A database that vouches for no certificate: every one is of an unknown
 * authority, so that the caller's own check (a device's pinned id) is the
 * only one, and glib-networking reads no system authorities for it. */
GTlsDatabase *gj_no_authorities_new (void) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
