/* gj-validate.c: GB 32100 credit codes, GB 11643 resident IDs, mobiles, dates
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-validate"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdlib.h>
#include <string.h>

#include "gj-data-error.h"
#include "gj-validate.h"

/* GB 32100-2015 uses the digits and the capital letters without I, O, Z,
 * S and V, which are too easily read as 1, 0, 2, 5 and U. */
static const char credit_charset[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

static int
credit_value (char c)
{
  const char *p = c ? strchr (credit_charset, c) : NULL;

  return p ? (int) (p - credit_charset) : -1;
}

char
gj_credit_code_check (const char *first17)
{
  /* Weights are 3^i mod 31 for i = 0…16. */
  static const int weights[17] = { 1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28 };
  int sum = 0;

  g_return_val_if_fail (first17 != NULL, '\0');

  for (int i = 0; i < 17; i++)
    {
      int v = credit_value (first17[i]);

      if (v < 0)
        return '\0';
      sum += v * weights[i];
    }
  return credit_charset[(31 - sum % 31) % 31];
}

gboolean
gj_validate_credit_code (const char  *field_label,
                         const char  *text,
                         GError     **error)
{
  char expected;

  g_return_val_if_fail (text != NULL, FALSE);

  if (strlen (text) != 18)
    {
      g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID,
                   _("%s: must be 18 characters, not %d; copy it from the registration "
                     "certificate"), field_label, (int) g_utf8_strlen (text, -1));
      return FALSE;
    }
  for (int i = 0; i < 18; i++)
    if (credit_value (text[i]) < 0)
      {
        g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID,
                     _("%s: “%c” cannot appear in a credit code (only digits and capital "
                       "letters other than I, O, S, V and Z)"), field_label, text[i]);
        return FALSE;
      }
  for (int i = 2; i < 8; i++)
    if (!g_ascii_isdigit (text[i]))
      {
        g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID,
                     _("%s: characters 3 to 8 are the region code and must be digits"),
                     field_label);
        return FALSE;
      }
  expected = gj_credit_code_check (text);
  if (expected != text[17])
    {
      g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID,
                   _("%s: the check character should be “%c”, not “%c”; the code has a typing "
                     "mistake"), field_label, expected, text[17]);
      return FALSE;
    }
  return TRUE;
}

char
gj_resident_id_check (const char *first17)
{
  static const int weights[17] = { 7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2 };
  static const char checks[] = "10X98765432";
  int sum = 0;

  g_return_val_if_fail (first17 != NULL, '\0');

  for (int i = 0; i < 17; i++)
    {
      if (!g_ascii_isdigit (first17[i]))
        return '\0';
      sum += (first17[i] - '0') * weights[i];
    }
  return checks[sum % 11];
}

gboolean
gj_validate_resident_id (const char  *field_label,
                         const char  *text,
                         GError     **error)
{
  g_autoptr(GDateTime) now = NULL;
  int year, month, day;
  char expected;

  g_return_val_if_fail (text != NULL, FALSE);

  if (strlen (text) != 18)
    {
      g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID,
                   _("%s: must be 18 characters, not %d"), field_label,
                   (int) g_utf8_strlen (text, -1));
      return FALSE;
    }
  for (int i = 0; i < 17; i++)
    if (!g_ascii_isdigit (text[i]))
      {
        g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID,
                     _("%s: the first 17 characters must be digits"), field_label);
        return FALSE;
      }
  if (!g_ascii_isdigit (text[17]) && text[17] != 'X')
    {
      g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID,
                   _("%s: the last character must be a digit or X"), field_label);
      return FALSE;
    }

  year = (text[6] - '0') * 1000 + (text[7] - '0') * 100 + (text[8] - '0') * 10 + (text[9] - '0');
  month = (text[10] - '0') * 10 + (text[11] - '0');
  day = (text[12] - '0') * 10 + (text[13] - '0');
  now = g_date_time_new_now_local ();
  if (year < 1900 || !g_date_valid_dmy (day, month, year) ||
      year * 10000 + month * 100 + day >
      g_date_time_get_year (now) * 10000 + g_date_time_get_month (now) * 100 +
      g_date_time_get_day_of_month (now))
    {
      g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID,
                   _("%s: characters 7 to 14 should be a birth date, but %.8s is not a real "
                     "past date"), field_label, text + 6);
      return FALSE;
    }

  expected = gj_resident_id_check (text);
  if (expected != text[17])
    {
      g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID,
                   _("%s: the check character should be “%c”, not “%c”; the number has a "
                     "typing mistake"), field_label, expected, text[17]);
      return FALSE;
    }
  return TRUE;
}

gboolean
gj_validate_mobile (const char  *field_label,
                    const char  *text,
                    GError     **error)
{
  gsize len;

  g_return_val_if_fail (text != NULL, FALSE);

  len = strlen (text);
  for (gsize i = 0; i < len; i++)
    if (!g_ascii_isdigit (text[i]))
      {
        g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID,
                     _("%s: “%s” must be digits only, without spaces or dashes"),
                     field_label, text);
        return FALSE;
      }
  if (len != 11)
    {
      g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID,
                   _("%s: a mobile number has 11 digits, this one has %d"),
                   field_label, (int) len);
      return FALSE;
    }
  if (text[0] != '1' || text[1] < '3')
    {
      g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID,
                   _("%s: a mobile number starts with 13 to 19"), field_label);
      return FALSE;
    }
  return TRUE;
}

gboolean
gj_validate_date (const char  *field_label,
                  const char  *text,
                  GError     **error)
{
  int y, m, d;

  g_return_val_if_fail (text != NULL, FALSE);

  if (strlen (text) != 10 || text[4] != '-' || text[7] != '-' ||
      !g_ascii_isdigit (text[0]) || !g_ascii_isdigit (text[1]) || !g_ascii_isdigit (text[2]) ||
      !g_ascii_isdigit (text[3]) || !g_ascii_isdigit (text[5]) || !g_ascii_isdigit (text[6]) ||
      !g_ascii_isdigit (text[8]) || !g_ascii_isdigit (text[9]))
    {
      g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID,
                   _("%s: “%s” is not a date; write it as YYYY-MM-DD, for example 2026-03-01"),
                   field_label, text);
      return FALSE;
    }
  y = atoi (text);
  m = atoi (text + 5);
  d = atoi (text + 8);
  if (!g_date_valid_dmy (d, m, y))
    {
      g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID,
                   _("%s: %s is not a day of the calendar"), field_label, text);
      return FALSE;
    }
  if (y < 1900 || y > 2199)
    {
      g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID,
                   _("%s: the year %d is out of range (1900 to 2199)"), field_label, y);
      return FALSE;
    }
  return TRUE;
}

char *
gj_mask_sensitive (const char *text)
{
  gsize len;
  GString *out;

  g_return_val_if_fail (text != NULL, NULL);

  len = strlen (text);
  if (len == 18)
    {
      out = g_string_new_len (text, 6);
      g_string_append (out, "********");
      g_string_append (out, text + 14);
      return g_string_free (out, FALSE);
    }
  if (len == 11)
    {
      out = g_string_new_len (text, 3);
      g_string_append (out, "****");
      g_string_append (out, text + 7);
      return g_string_free (out, FALSE);
    }
  /* Anything else shows only its length, so nothing identifying leaks. */
  out = g_string_new (NULL);
  for (gsize i = 0; i < MIN (len, 18); i++)
    g_string_append_c (out, '*');
  return g_string_free (out, FALSE);
}
