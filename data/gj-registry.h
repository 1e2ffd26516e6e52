/* gj-registry.h: devices allowed to sync here: the district server's
 * enrolled laptops, or a laptop's paired colleagues
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

#define GJ_TYPE_REGISTRY (gj_registry_get_type ())
G_DECLARE_FINAL_TYPE (GjRegistry, gj_registry, GJ, REGISTRY, GObject)

typedef struct
{
  char    *id;          /* certificate fingerprint */
  char    *name;
  char    *street_name;
  char    *street_id;   /* NULL until the device's street is known, or while
                         * a pairing request waits for a person to accept it */
  char    *url;         /* where a paired laptop listens, if it does */
  gint64   enrolled;    /* unix seconds */
  gint64   last_seen;   /* unix seconds, 0 never */
  gboolean revoked;
} GjDevice;

void        gj_device_free            (GjDevice *device);

GjRegistry *gj_registry_open          (const char  *path,
                                       GError     **error) G_GNUC_WARN_UNUSED_RESULT;

/* A new one-time token for @street_name, valid for @valid_seconds. Only its
 * hash is kept: the returned secret is shown once. */
char       *gj_registry_create_token  (GjRegistry  *self,
                                       const char  *street_name,
                                       gint64       valid_seconds,
                                       GError     **error) G_GNUC_WARN_UNUSED_RESULT;

/* Uses up @token for @device_id and records the device for @street_id, in
 * one transaction. Refuses an unknown, expired or used token and a revoked
 * device; a token already used by this same device is accepted again and
 * leaves the device as the first redemption recorded it, so a device whose
 * answer was lost can ask again. Returns the street name. */
char       *gj_registry_redeem_token  (GjRegistry  *self,
                                       const char  *token,
                                       const char  *device_id,
                                       const char  *device_name,
                                       const char  *street_id,
                                       GError     **error) G_GNUC_WARN_UNUSED_RESULT;

/* The street of a token @device_id may redeem (see above), or NULL with an
 * error; @again (may be NULL) is set when this device already redeemed it. */
char       *gj_registry_token_street  (GjRegistry  *self,
                                       const char  *token,
                                       const char  *device_id,
                                       gboolean    *again,
                                       GError     **error) G_GNUC_WARN_UNUSED_RESULT;

gboolean    gj_registry_set_street_id (GjRegistry  *self,
                                       const char  *device_id,
                                       const char  *street_id,
                                       GError     **error);
/* The street id already bound to @street_name by an earlier device, or NULL. */
char       *gj_registry_street_id_for (GjRegistry  *self,
                                       const char  *street_name) G_GNUC_WARN_UNUSED_RESULT;

GjDevice   *gj_registry_lookup        (GjRegistry  *self,
                                       const char  *device_id) G_GNUC_WARN_UNUSED_RESULT;
void        gj_registry_touch         (GjRegistry  *self,
                                       const char  *device_id);
/* A laptop asking to pair: kept without a street until accepted. Refuses a
 * revoked device; leaves an already paired one as it is. */
gboolean    gj_registry_add_pending   (GjRegistry  *self,
                                       const char  *device_id,
                                       const char  *device_name,
                                       const char  *street_name,
                                       const char  *url,
                                       GError     **error);
/* Pairs @device_id for @street_id, adding it if it is not known yet. */
gboolean    gj_registry_set_paired    (GjRegistry  *self,
                                       const char  *device_id,
                                       const char  *device_name,
                                       const char  *street_name,
                                       const char  *street_id,
                                       const char  *url,
                                       GError     **error);
GPtrArray  *gj_registry_list          (GjRegistry  *self,
                                       GError     **error) G_GNUC_WARN_UNUSED_RESULT;
/* Revokes the device whose id starts with @id_prefix (at least 8 characters). */
char       *gj_registry_revoke        (GjRegistry  *self,
                                       const char  *id_prefix,
                                       GError     **error) G_GNUC_WARN_UNUSED_RESULT;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GjDevice, gj_device_free)

G_END_DECLS
