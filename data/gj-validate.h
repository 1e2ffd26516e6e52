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
 * "Unified social credit code: the check character should be X, not Y".
 *
 * The checks accept only the stored form and never change @text: no
 * surrounding spaces, and letters in upper case (a small x at the end of a
 * resident ID, or small letters in a credit code, are rejected). A caller
 * taking what a person typed strips and upper-cases it first, as
 * gj_record_parse() does, and stores that. Full-width characters
 * (１３８…) and text that is not UTF-8 are rejected with their own message. */

/* GB 32100-2015: 18 characters from 0-9 and A-Z without I, O, Z, S, V;
 * the last is a check character (weights 3^i mod 31). */
gboolean gj_validate_credit_code (const char  *field_label,
                                  const char  *text,
                                  GError     **error);
/* The check character for the first 17 characters of a credit code, or '\0'
 * if they are not 17 characters of the set. */
char     gj_credit_code_check    (const char  *first17);

/* GB 11643-1999: 18 characters, 17 digits then a digit or X (ISO 7064
 * MOD 11-2), with a real birth date in positions 7-14 from 1900-01-01 up to
 * today (local time). Old 15-digit numbers are rejected. */
gboolean gj_validate_resident_id (const char  *field_label,
                                  const char  *text,
                                  GError     **error);
/* The check character (a digit or X) for the first 17 digits of a resident
 * ID, or '\0' if they are not 17 digits. */
char     gj_resident_id_check    (const char  *first17);

/* Mainland mobile number: 11 digits starting 13-19. */
gboolean gj_validate_mobile      (const char  *field_label,
                                  const char  *text,
                                  GError     **error);

/* ISO 8601 calendar date YYYY-MM-DD between 1900-01-01 and 2199-12-31. */
gboolean gj_validate_date        (const char  *field_label,
                                  const char  *text,
                                  GError     **error);

/* Masks the middle of a sensitive value for lists. Text of 18 characters
 * keeps the first 6 and last 4 (110101********1234), text of 11 keeps the
 * first 3 and last 4 (138****5678); anything else becomes one * per
 * character, at most 18. Counts are in characters, so UTF-8 is never cut. */
char    *gj_mask_sensitive       (const char  *text) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
