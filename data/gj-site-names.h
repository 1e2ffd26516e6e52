/* gj-site-names.h: the names of the devices behind site ids
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gj-store.h"

G_BEGIN_DECLS

/* The longest name kept for a device, in characters. Host names are far
 * shorter; the bound keeps a peer from filling lists with text. */
#define GJ_SITE_NAME_MAX_CHARS 64

/* This device's name as it tells its peers: the environment variable
 * GJ_DEVICE_NAME when it is set to a valid name (tests run several
 * devices on one host, and a shared machine may want a clearer one),
 * otherwise the host name. The one place that reads GJ_DEVICE_NAME. */
const char *gj_device_name         (void);

/* Whether @name may be shown as a device's name: UTF-8, 1 to
 * GJ_SITE_NAME_MAX_CHARS characters, no control or format characters
 * (which could hide or reorder the text around it), not only spaces. */
gboolean    gj_site_name_is_valid  (const char *name);

/* The name of the device with site id @site: this device's own
 * (gj_device_name()) or the last one a peer told; NULL if none is known. */
char       *gj_store_dup_site_name (GjStore    *store,
                                    const char *site) G_GNUC_WARN_UNUSED_RESULT;

/* Keeps @name for @site, as a peer told it. An invalid name or site id,
 * or this device's own site, changes nothing and is not an error: names
 * are only ever shown. Errors are the database's. */
gboolean    gj_store_set_site_name (GjStore     *store,
                                    const char  *site,
                                    const char  *name,
                                    GError     **error);

/* How a change's device is shown: "this device" if @here, else its
 * @name, or "device 1a2b3c4d" when no name is known (@name NULL). */
char       *gj_site_describe       (gboolean    here,
                                    const char *site,
                                    const char *name) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
