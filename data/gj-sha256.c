/* gj-sha256.c: SHA-256 in lowercase hexadecimal, as files are named
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "gj-sha256.h"

#include <gnutls/crypto.h>

struct _GjSha256
{
  gnutls_hash_hd_t hd;
};

GjSha256 *
gj_sha256_new (void)
{
  GjSha256 *self = g_new0 (GjSha256, 1);

  /* It fails only when the library cannot give SHA-256 at all, which no
   * build of GnuTLS that Gongjian links against does. */
  if (gnutls_hash_init (&self->hd, GNUTLS_DIG_SHA256) != 0)
    g_error ("GnuTLS cannot compute a SHA-256");
  return self;
}

void
gj_sha256_update (GjSha256   *self,
                  const void *data,
                  gsize       len)
{
  if (len > 0 && gnutls_hash (self->hd, data, len) != 0)
    g_error ("GnuTLS cannot compute a SHA-256");
}

static void
to_hex (const guint8 digest[32],
        char         hex[GJ_SHA256_HEX_LEN + 1])
{
  static const char digits[] = "0123456789abcdef";

  for (guint i = 0; i < 32; i++)
    {
      hex[2 * i] = digits[digest[i] >> 4];
      hex[2 * i + 1] = digits[digest[i] & 0xf];
    }
  hex[GJ_SHA256_HEX_LEN] = '\0';
}

void
gj_sha256_hex (GjSha256 *self,
               char      hex[GJ_SHA256_HEX_LEN + 1])
{
  guint8 digest[32];

  gnutls_hash_output (self->hd, digest);
  to_hex (digest, hex);
}

void
gj_sha256_free (GjSha256 *self)
{
  if (self == NULL)
    return;
  gnutls_hash_deinit (self->hd, NULL);
  g_free (self);
}

char *
gj_sha256_of (const void *data,
              gsize       len)
{
  guint8 digest[32];
  char *hex = g_malloc (GJ_SHA256_HEX_LEN + 1);

  if (gnutls_hash_fast (GNUTLS_DIG_SHA256, data, len, digest) != 0)
    g_error ("GnuTLS cannot compute a SHA-256");
  to_hex (digest, hex);
  return hex;
}
