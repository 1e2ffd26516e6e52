/* gj-sha256.h: SHA-256 in lowercase hexadecimal, as files are named
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define GJ_SHA256_HEX_LEN 64

/* A SHA-256 computed as bytes arrive. GnuTLS's is used rather than
 * GChecksum: it uses the processor's SHA instructions where there are
 * some, about six times as fast here, and every attached file is hashed
 * when it is stored, sent and received. */
typedef struct _GjSha256 GjSha256;

GjSha256 *gj_sha256_new    (void);
void      gj_sha256_update (GjSha256   *self,
                            const void *data,
                            gsize       len);
/* Writes the digest of everything given so far; the hash is then spent. */
void      gj_sha256_hex    (GjSha256   *self,
                            char        hex[GJ_SHA256_HEX_LEN + 1]);
void      gj_sha256_free   (GjSha256   *self);

/* The digest of @len bytes at @data. */
char     *gj_sha256_of     (const void *data,
                            gsize       len) G_GNUC_WARN_UNUSED_RESULT;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GjSha256, gj_sha256_free)

G_END_DECLS
