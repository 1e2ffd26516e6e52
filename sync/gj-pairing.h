/* gj-pairing.h: pairing two laptops of a street by a code people compare
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "gj-identity.h"
#include "gj-registry.h"
#include "gj-store.h"

G_BEGIN_DECLS

/* The six-digit code two laptops show while pairing, "123 456": the same
 * on both sides only if each sees the other's real certificate, so a
 * person comparing the two screens detects a machine in the middle. */
char      *gj_pairing_code    (const char *device_id_a,
                               const char *device_id_b) G_GNUC_WARN_UNUSED_RESULT;

/* Laptops waiting for a person here to accept them (GjDevice). */
GPtrArray *gj_pairing_pending (GjRegistry  *peers,
                               GError     **error) G_GNUC_WARN_UNUSED_RESULT;

/* Accepts the waiting laptop whose code is @code (spaces ignored): from now
 * on it may sync with this one. Returns its device id. */
char      *gj_pairing_accept  (GjRegistry  *peers,
                               GjIdentity  *identity,
                               GjStore     *store,
                               const char  *code,
                               GError     **error) G_GNUC_WARN_UNUSED_RESULT;

/* Unpairs (or refuses) the laptop whose id starts with @id_prefix; it can
 * no longer sync here nor ask again. Returns its device id. */
char      *gj_pairing_remove  (GjRegistry  *peers,
                               const char  *id_prefix,
                               GError     **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
