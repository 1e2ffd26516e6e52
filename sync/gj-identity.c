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
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <gnutls/gnutls.h>
#include <gnutls/x509.h>
#include <string.h>
#include <unistd.h>

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

/* Writes @path only if it does not exist yet: to a temporary file first,
 * then linked into place, which fails rather than replace a file that
 * appeared meanwhile, so a half-written file is never seen under @path. */
static gboolean
write_new_file (const char            *path,
                const gnutls_datum_t  *data,
                GError               **error)
{
  g_autofree char *tmp = g_strconcat (path, ".XXXXXX", NULL);
  int fd = g_mkstemp_full (tmp, O_WRONLY, 0600);
  int saved = 0;
  gsize done = 0;

  if (fd < 0)
    saved = errno;
  while (fd >= 0 && saved == 0 && done < data->size)
    {
      gssize n = write (fd, data->data + done, data->size - done);

      if (n < 0 && errno != EINTR)
        saved = errno;
      else if (n > 0)
        done += n;
    }
  if (fd >= 0 && saved == 0 && fsync (fd) != 0)
    saved = errno;
  if (fd >= 0 && close (fd) != 0 && saved == 0)
    saved = errno;
  if (saved == 0 && link (tmp, path) != 0)
    saved = errno;
  if (fd >= 0)
    g_unlink (tmp);
  if (saved != 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   _("Could not write “%s”: %s"), path, g_strerror (saved));
      return FALSE;
    }
  return TRUE;
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

  /* Neither file is ever replaced: an existing key is a device's identity,
   * and overwriting it would make every peer refuse this device for good.
   * The certificate goes last, so a device stopped in between finds a key
   * without a certificate and is told so rather than given a new key. */
  if (!write_new_file (key_path, &key_pem, error) || !write_new_file (cert_path, &crt_pem, error))
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

/* The key id of @cert_path's public key equals that of @key_path's private
 * key, or an error naming both files. GTlsCertificate loads a pair that
 * does not belong together without complaint, and a server presenting it
 * could not finish one handshake. */
static gboolean
check_pair (const char  *cert_path,
            const char  *key_path,
            GError     **error)
{
  g_autofree char *cert_pem = NULL;
  g_autofree char *key_pem = NULL;
  gnutls_x509_crt_t crt = NULL;
  gnutls_x509_privkey_t key = NULL;
  guchar crt_id[64], key_id[64];
  size_t crt_len = sizeof crt_id, key_len = sizeof key_id;
  gnutls_datum_t d;
  gsize len;
  gboolean ok = FALSE;

  if (!g_file_get_contents (cert_path, &cert_pem, &len, error))
    return FALSE;
  d.data = (guchar *) cert_pem;
  d.size = len;
  if (gnutls_x509_crt_init (&crt) < 0 || gnutls_x509_crt_import (crt, &d, GNUTLS_X509_FMT_PEM) < 0 ||
      gnutls_x509_crt_get_key_id (crt, 0, crt_id, &crt_len) < 0)
    {
      g_set_error (error, GJ_SYNC_ERROR, GJ_SYNC_ERROR_IDENTITY,
                   _("“%s” cannot be read as a certificate; put it back from a backup of that "
                     "folder"), cert_path);
      goto done;
    }
  if (!g_file_get_contents (key_path, &key_pem, &len, error))
    goto done;
  d.data = (guchar *) key_pem;
  d.size = len;
  if (gnutls_x509_privkey_init (&key) < 0 || gnutls_x509_privkey_import (key, &d, GNUTLS_X509_FMT_PEM) < 0 ||
      gnutls_x509_privkey_get_key_id (key, 0, key_id, &key_len) < 0)
    {
      g_set_error (error, GJ_SYNC_ERROR, GJ_SYNC_ERROR_IDENTITY,
                   _("“%s” cannot be read as a private key; put it back from a backup of that "
                     "folder"), key_path);
      goto done;
    }
  ok = crt_len == key_len && memcmp (crt_id, key_id, crt_len) == 0;
  if (!ok)
    g_set_error (error, GJ_SYNC_ERROR, GJ_SYNC_ERROR_IDENTITY,
                 _("The certificate “%s” does not belong to the key “%s”; put back the pair that "
                   "was made together (from a backup of that folder)"), cert_path, key_path);

done:
  if (crt)
    gnutls_x509_crt_deinit (crt);
  if (key)
    gnutls_x509_privkey_deinit (key);
  return ok;
}

static GjIdentity *
load (const char  *dir,
      gboolean     create,
      GError     **error)
{
  g_autoptr(GjIdentity) self = NULL;
  g_autofree char *cert_path = g_build_filename (dir, "cert.pem", NULL);
  g_autofree char *key_path = g_build_filename (dir, "key.pem", NULL);
  gboolean have_cert = g_file_test (cert_path, G_FILE_TEST_EXISTS);
  gboolean have_key = g_file_test (key_path, G_FILE_TEST_EXISTS);

  if (create && !have_cert && !have_key)
    {
      if (g_mkdir_with_parents (dir, 0700) != 0)
        {
          int saved = errno;
          g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                       _("Could not create the folder “%s” for this device's certificate: %s"),
                       dir, g_strerror (saved));
          return NULL;
        }
      g_chmod (dir, 0700);
      if (!generate (cert_path, key_path, error))
        return NULL;
    }
  else if (!have_cert || !have_key)
    {
      /* Half an identity is never completed with a new key: the device id
       * peers know is the certificate, and only its own key can prove it. */
      if (have_cert || have_key)
        g_set_error (error, GJ_SYNC_ERROR, GJ_SYNC_ERROR_IDENTITY,
                     _("“%s” is missing while “%s” is there; put the missing file back from a "
                       "backup of that folder. Nothing was changed."),
                     have_cert ? key_path : cert_path, have_cert ? cert_path : key_path);
      else
        g_set_error (error, GJ_SYNC_ERROR, GJ_SYNC_ERROR_IDENTITY,
                     _("The certificate “%s” is missing; put it back from a backup, or, for a new "
                       "server, run “gongjian-server init” first"), cert_path);
      return NULL;
    }

  if (!check_pair (cert_path, key_path, error))
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

GjIdentity *
gj_identity_load_or_create (const char  *dir,
                            GError     **error)
{
  g_return_val_if_fail (dir != NULL, NULL);
  return load (dir, TRUE, error);
}

GjIdentity *
gj_identity_load (const char  *dir,
                  GError     **error)
{
  g_return_val_if_fail (dir != NULL, NULL);
  return load (dir, FALSE, error);
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
