/* gj-identity.c: this device's certificate and id
 *
 * Trust follows the Syncthing model (DESIGN.md §5): a device is its key.
 * The certificate is self-signed and nobody validates it against a
 * certificate authority; peers pin its fingerprint at enrolment or pairing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-identity"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>

#include "gj-identity.h"
#include "gj-sync-error.h"

struct _GjIdentity
{
  GObject          parent_instance;
  GTlsCertificate *certificate;
  char            *device_id;
};

G_DEFINE_FINAL_TYPE (GjIdentity, gj_identity, G_TYPE_OBJECT)

static void
gj_identity_finalize (GObject *object)
{
  GjIdentity *self = GJ_IDENTITY (object);

  g_clear_object (&self->certificate);
  g_free (self->device_id);
  G_OBJECT_CLASS (gj_identity_parent_class)->finalize (object);
}

static void
gj_identity_class_init (GjIdentityClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gj_identity_finalize;
}

static void
gj_identity_init (GjIdentity *self)
{
}

static gboolean
tls_failed (int      rc,
            GError **error)
{
  g_set_error (error, GJ_SYNC_ERROR, GJ_SYNC_ERROR_IDENTITY,
               _("Could not create this device's certificate: %s"), gnutls_strerror (rc));
  return FALSE;
}

static gboolean
generate (const char  *cert_path,
          const char  *key_path,
          GError     **error)
{
  gnutls_x509_privkey_t key = NULL;
  gnutls_x509_crt_t crt = NULL;
  gnutls_datum_t key_pem = { NULL, 0 }, crt_pem = { NULL, 0 };
  guint8 serial[16];
  time_t now = time (NULL);
  gboolean ok = FALSE;
  int rc;

  for (guint i = 0; i < sizeof serial; i++)
    serial[i] = (guint8) g_random_int_range (0, 256);
  serial[0] &= 0x7f;

  if ((rc = gnutls_x509_privkey_init (&key)) < 0 ||
      (rc = gnutls_x509_privkey_generate (key, GNUTLS_PK_ECDSA,
                                          GNUTLS_CURVE_TO_BITS (GNUTLS_ECC_CURVE_SECP256R1), 0)) < 0 ||
      (rc = gnutls_x509_crt_init (&crt)) < 0 ||
      (rc = gnutls_x509_crt_set_version (crt, 3)) < 0 ||
      (rc = gnutls_x509_crt_set_serial (crt, serial, sizeof serial)) < 0 ||
      (rc = gnutls_x509_crt_set_activation_time (crt, now - 24 * 3600)) < 0 ||
      (rc = gnutls_x509_crt_set_expiration_time (crt, now + (time_t) 20 * 365 * 24 * 3600)) < 0 ||
      (rc = gnutls_x509_crt_set_dn_by_oid (crt, GNUTLS_OID_X520_COMMON_NAME, 0,
                                           "gongjian-device", 15)) < 0 ||
      (rc = gnutls_x509_crt_set_key (crt, key)) < 0 ||
      (rc = gnutls_x509_crt_set_key_usage (crt, GNUTLS_KEY_DIGITAL_SIGNATURE)) < 0 ||
      (rc = gnutls_x509_crt_set_key_purpose_oid (crt, GNUTLS_KP_TLS_WWW_SERVER, 0)) < 0 ||
      (rc = gnutls_x509_crt_set_key_purpose_oid (crt, GNUTLS_KP_TLS_WWW_CLIENT, 0)) < 0 ||
      (rc = gnutls_x509_crt_sign2 (crt, crt, key, GNUTLS_DIG_SHA256, 0)) < 0 ||
      (rc = gnutls_x509_privkey_export2 (key, GNUTLS_X509_FMT_PEM, &key_pem)) < 0 ||
      (rc = gnutls_x509_crt_export2 (crt, GNUTLS_X509_FMT_PEM, &crt_pem)) < 0)
    {
      tls_failed (rc, error);
      goto out;
    }

  /* The key is written first and only then the certificate, so a half
   * created identity (no certificate) is simply created again. */
  if (!g_file_set_contents_full (key_path, (const char *) key_pem.data, key_pem.size,
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0600, error) ||
      !g_file_set_contents_full (cert_path, (const char *) crt_pem.data, crt_pem.size,
                                 G_FILE_SET_CONTENTS_CONSISTENT, 0600, error))
    goto out;
  ok = TRUE;

out:
  gnutls_free (key_pem.data);
  gnutls_free (crt_pem.data);
  if (crt)
    gnutls_x509_crt_deinit (crt);
  if (key)
    gnutls_x509_privkey_deinit (key);
  return ok;
}

char *
gj_certificate_device_id (GTlsCertificate *certificate)
{
  g_autoptr(GByteArray) der = NULL;

  g_return_val_if_fail (G_IS_TLS_CERTIFICATE (certificate), NULL);

  g_object_get (certificate, "certificate", &der, NULL);
  if (der == NULL)
    return NULL;
  return g_compute_checksum_for_data (G_CHECKSUM_SHA256, der->data, der->len);
}

GjIdentity *
gj_identity_load_or_create (const char  *dir,
                            GError     **error)
{
  g_autoptr(GjIdentity) self = NULL;
  g_autofree char *cert_path = g_build_filename (dir, "cert.pem", NULL);
  g_autofree char *key_path = g_build_filename (dir, "key.pem", NULL);

  g_return_val_if_fail (dir != NULL, NULL);

  if (g_mkdir_with_parents (dir, 0700) != 0)
    {
      int saved = errno;
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not create the folder “%s” for this device's certificate: %s"),
                   dir, g_strerror (saved));
      return NULL;
    }
  g_chmod (dir, 0700);

  if (!g_file_test (cert_path, G_FILE_TEST_EXISTS) && !generate (cert_path, key_path, error))
    return NULL;

  self = g_object_new (GJ_TYPE_IDENTITY, NULL);
  self->certificate = g_tls_certificate_new_from_files (cert_path, key_path, error);
  if (self->certificate == NULL)
    {
      g_prefix_error (error, _("This device's certificate in “%s” cannot be read: "), dir);
      return NULL;
    }
  self->device_id = gj_certificate_device_id (self->certificate);
  return g_steal_pointer (&self);
}

const char *
gj_identity_get_device_id (GjIdentity *self)
{
  g_return_val_if_fail (GJ_IS_IDENTITY (self), NULL);
  return self->device_id;
}

GTlsCertificate *
gj_identity_get_certificate (GjIdentity *self)
{
  g_return_val_if_fail (GJ_IS_IDENTITY (self), NULL);
  return self->certificate;
}
