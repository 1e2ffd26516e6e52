/* gj-data-error.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "gj-data-error.h"

G_DEFINE_QUARK (gj-data-error-quark, gj_data_error)
