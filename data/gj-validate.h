/* gj-validate.h: checks of Chinese identifiers, numbers and dates
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Each returns TRUE if @text is valid. On failure it sets a GJ_DATA_ERROR_INVALID
 * error whose translatable message starts with @field_label (the field's
 * label, already translated) and says the reason and what to do, e.g.
 * "Unified social credit code: the check character should be X, not Y". */

/* GB 32100-2015: 18 characters from 0-9 and A-Z without I, O, Z, S, V;
 * the last is a check character (weights 3^i mod 31). */
gboolean gj_validate_credit_code (const char  *field_label,
                                  const char  *text,
                                  GError     **error);
/* The check character for the first 17 characters of a credit code. */
char     gj_credit_code_check    (const char  *first17);

/* GB 11643-1999: 18 characters, 17 digits then a digit or X (ISO 7064
 * MOD 11-2), with a real birth date in positions 7-14 not in the future. */
gboolean gj_validate_resident_id (const char  *field_label,
                                  const char  *text,
                                  GError     **error);
char     gj_resident_id_check    (const char  *first17);

/* Mainland mobile number: 11 digits starting 13-19. */
gboolean gj_validate_mobile      (const char  *field_label,
                                  const char  *text,
                                  GError     **error);

/* ISO 8601 calendar date YYYY-MM-DD between 1900-01-01 and 2199-12-31. */
gboolean gj_validate_date        (const char  *field_label,
                                  const char  *text,
                                  GError     **error);

/* Masks the middle of a sensitive value for lists: 110101********1234,
 * 138****5678. */
char    *gj_mask_sensitive       (const char  *text) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
