/* gj-identity.h: this device's certificate and id
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define GJ_DEVICE_ID_LEN 64  /* hex SHA-256 of the certificate */

#define GJ_TYPE_IDENTITY (gj_identity_get_type ())
G_DECLARE_FINAL_TYPE (GjIdentity, gj_identity, GJ, IDENTITY, GObject)

/* Loads the certificate and key from @dir, creating them when neither
 * exists: an ECDSA P-256 key and a self-signed certificate, written with
 * 0600 permissions in a 0700 folder. Never replaces an existing file: one
 * of the two missing, or a pair that does not belong together, is an
 * error naming the file. */
GjIdentity      *gj_identity_load_or_create (const char  *dir,
                                             GError     **error) G_GNUC_WARN_UNUSED_RESULT;
/* The same, but never creates: for the district server, whose identity
 * only “gongjian-server init” makes. */
GjIdentity      *gj_identity_load           (const char  *dir,
                                             GError     **error) G_GNUC_WARN_UNUSED_RESULT;
const char      *gj_identity_get_device_id  (GjIdentity *self);
GTlsCertificate *gj_identity_get_certificate (GjIdentity *self);

/* The device id of any certificate: the SHA-256 of its DER form. */
char            *gj_certificate_device_id   (GTlsCertificate *certificate) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
