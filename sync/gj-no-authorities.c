/* gj-no-authorities.c: a certificate database with no authority in it
 *
 * The other side of a sync is pinned by its device id, never judged by an
 * authority. glib-networking, when it creates a connection, reads every
 * authority of the default database, which is the system's: for each
 * connection (the server answers one request a connection, a 4 MB chunk
 * of a file), a quarter of a transfer's processor time.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "gj-no-authorities.h"

struct _GjNoAuthorities
{
  GTlsDatabase parent_instance;
};

G_DEFINE_FINAL_TYPE (GjNoAuthorities, gj_no_authorities, G_TYPE_TLS_DATABASE)

static GTlsCertificateFlags
gj_no_authorities_verify_chain (GTlsDatabase             *database,
                                GTlsCertificate          *chain,
                                const char               *purpose,
                                GSocketConnectable       *identity,
                                GTlsInteraction          *interaction,
                                GTlsDatabaseVerifyFlags   flags,
                                GCancellable             *cancellable,
                                GError                  **error)
{
  return G_TLS_CERTIFICATE_UNKNOWN_CA;
}

static void
gj_no_authorities_class_init (GjNoAuthoritiesClass *klass)
{
  G_TLS_DATABASE_CLASS (klass)->verify_chain = gj_no_authorities_verify_chain;
}

static void
gj_no_authorities_init (GjNoAuthorities *self)
{
}

GTlsDatabase *
gj_no_authorities_new (void)
{
  return g_object_new (GJ_TYPE_NO_AUTHORITIES, NULL);
}
