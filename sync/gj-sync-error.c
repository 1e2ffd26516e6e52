/* gj-sync-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "gj-sync-error.h"

G_DEFINE_QUARK (gj-sync-error-quark, gj_sync_error)
