/* gj-validate.c: GB 32100 credit codes, GB 11643 resident IDs, mobiles, dates
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-validate"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gj-data-error.h"
#include "gj-validate.h"

/* GB 32100-2015 uses the digits and the capital letters without I, O, Z,
 * S and V, which are too easily read as 1, 0, 2, 5 and U. A character's
 * value in the check sum is its index here. */
static const char credit_charset[] = "0123456789ABCDEFGHJKLMNPQRTUWXY";

/* The five letters the standard leaves out, each beside what a person most
 * likely meant by it; both strings must stay the same length. */
static const char credit_forbidden[] = "IOZSV";
static const char credit_meant[] = "1025U";

static int
credit_value (char c)
{
  /* strchr() would also find the terminating NUL, and a byte of a UTF-8
   * sequence must never match, so both are ruled out first. */
  const char *p = (c != '\0' && (guchar) c < 0x80) ? strchr (credit_charset, c) : NULL;

  return p ? (int) (p - credit_charset) : -1;
}

static gboolean
is_full_width (gunichar c)
{
  /* The full-width forms of ASCII and the ideographic space: what a Chinese
   * input method types when it is left in full-width mode. */
  return c == 0x3000 || (c >= 0xFF01 && c <= 0xFF5E);
}

/* Rejects what the checks below cannot reason about: bytes that are not
 * UTF-8, and full-width characters, which look right on screen but are
 * different characters. After this every message may quote @text, and any
 * non-ASCII character left is simply one that is not allowed. */
static gboolean
check_text (const char  *field_label,
            const char  *text,
            GError     **error)
{
  if (!g_utf8_validate (text, -1, NULL))
    {
      g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID,
                   _("%s: the text contains damaged characters; type it again"), field_label);
      return FALSE;
    }
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (is_full_width (g_utf8_get_char (p)))
      {
        g_autofree char *ch = g_strndup (p, g_utf8_next_char (p) - p);

        g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID,
                     _("%s: “%s” is a full-width character; switch the input method to "
                       "half-width and type it again"), field_label, ch);
        return FALSE;
      }
  return TRUE;
}

char
gj_credit_code_check (const char *first17)
{
  /* Weights are 3^i mod 31 for i = 0…16. */
  static const int weights[17] = {
    1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28
  };
  int sum = 0;

  g_return_val_if_fail (first17 != NULL, '\0');

  /* Stops at the first character outside the set, so a short string is
   * never read past its end. */
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
  glong n_chars;
  char expected;

  g_return_val_if_fail (field_label != NULL, FALSE);
  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_text (field_label, text, error))
    return FALSE;

  n_chars = g_utf8_strlen (text, -1);
  if (n_chars != 18)
    {
      g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID,
                   _("%s: must be 18 characters, not %d; copy it from the registration "
                     "certificate"), field_label, (int) n_chars);
      return FALSE;
    }

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      const char *forbidden;
      g_autofree char *ch = NULL;

      if (credit_value (*p) >= 0)
        continue;

      forbidden = strchr (credit_forbidden, *p);
      if (forbidden != NULL)
        {
          g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID,
                       _("%s: credit codes never use the letter “%c”; it is probably “%c”"),
                       field_label, *p, credit_meant[forbidden - credit_forbidden]);
          return FALSE;
        }
      ch = g_strndup (p, g_utf8_next_char (p) - p);
      g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID,
                   _("%s: “%s” cannot appear in a credit code (only digits and capital "
                     "letters other than I, O, S, V and Z)"), field_label, ch);
      return FALSE;
    }

  /* Every character is now one ASCII byte, so the text can be indexed. The
   * registration authority (1st) and organisation type (2nd) are left alone:
   * their code lists grow, and a typing mistake there is caught by the check
   * character anyway. Characters 9 to 17 follow GB 11714, but its own check
   * digit is not tested because some issued codes do not satisfy it. */
  for (int i = 2; i < 8; i++)
    if (!g_ascii_isdigit (text[i]))
      {
        g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID,
                     _("%s: characters 3 to 8 are the region code and must be digits"),
                     field_label);
        return FALSE;
      }

  expected = gj_credit_code_check (text);
  g_assert (expected != '\0');
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
  /* ISO 7064 MOD 11-2: weight i is 2^(17-i) mod 11, and the check value
   * (12 - sum mod 11) mod 11 is written as a digit, or X for 10; the table
   * is that mapping indexed by the sum mod 11. */
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

static int
digits_value (const char *p,
              int         n)
{
  int v = 0;

  for (int i = 0; i < n; i++)
    {
      g_assert (g_ascii_isdigit (p[i]));
      v = v * 10 + (p[i] - '0');
    }
  return v;
}

gboolean
gj_validate_resident_id (const char  *field_label,
                         const char  *text,
                         GError     **error)
{
  g_autoptr(GDateTime) now = NULL;
  glong n_chars;
  int year, month, day, today;
  char expected;

  g_return_val_if_fail (field_label != NULL, FALSE);
  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_text (field_label, text, error))
    return FALSE;

  n_chars = g_utf8_strlen (text, -1);
  if (n_chars == 15 && strspn (text, "0123456789") == 15)
    {
      /* First-generation cards (GB 11643-1989) had 15 digits and a two-digit
       * year; they stopped being valid in 2013, and the 18-digit number
       * cannot be derived without knowing the century for certain. */
      g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID,
                   _("%s: this is an old 15-digit number; ask for the 18-digit number on "
                     "the current ID card"), field_label);
      return FALSE;
    }
  if (n_chars != 18)
    {
      g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID,
                   _("%s: must be 18 characters, not %d"), field_label, (int) n_chars);
      return FALSE;
    }
  if (strspn (text, "0123456789") < 17)
    {
      g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID,
                   _("%s: the first 17 characters must be digits"), field_label);
      return FALSE;
    }

  /* The first 17 characters are single bytes, so text[17] is the first byte
   * of the last character; a multi-byte one fails both tests below. */
  if (text[17] == 'x')
    {
      /* Stored numbers are always upper case so that equal numbers compare
       * equal; the record layer upper-cases what people type before it gets
       * here, so this is only reached by other callers. */
      g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID,
                   _("%s: the last character must be a capital X, not a small x"),
                   field_label);
      return FALSE;
    }
  if (!g_ascii_isdigit (text[17]) && text[17] != 'X')
    {
      g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID,
                   _("%s: the last character must be a digit or X"), field_label);
      return FALSE;
    }

  /* A newborn may be registered on the day of birth, so today is allowed.
   * Nobody born before 1900 is alive to be served, and such a date is far
   * more likely a typing mistake. */
  year = digits_value (text + 6, 4);
  month = digits_value (text + 10, 2);
  day = digits_value (text + 12, 2);
  now = g_date_time_new_now_local ();
  today = g_date_time_get_year (now) * 10000 + g_date_time_get_month (now) * 100 +
          g_date_time_get_day_of_month (now);
  if (year < 1900 || !g_date_valid_dmy (day, month, year) ||
      year * 10000 + month * 100 + day > today)
    {
      g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID,
                   _("%s: characters 7 to 14 should be a birth date, but %.8s is not a real "
                     "past date"), field_label, text + 6);
      return FALSE;
    }

  expected = gj_resident_id_check (text);
  g_assert (expected != '\0');
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

  g_return_val_if_fail (field_label != NULL, FALSE);
  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_text (field_label, text, error))
    return FALSE;

  len = strlen (text);
  if (strspn (text, "0123456789") != len)
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
  /* Only the network prefix is checked: operators keep opening new
   * second and third digits, and a list here would reject real numbers. */
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
  int year, month, day;

  g_return_val_if_fail (field_label != NULL, FALSE);
  g_return_val_if_fail (text != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (!check_text (field_label, text, error))
    return FALSE;

  /* Exactly YYYY-MM-DD, zero-padded: stored dates are compared and sorted
   * as strings, which only works when they all have this one shape. */
  if (strlen (text) != 10 || text[4] != '-' || text[7] != '-' ||
      strspn (text, "0123456789") != 4 || strspn (text + 5, "0123456789") != 2 ||
      strspn (text + 8, "0123456789") != 2)
    {
      g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID,
                   _("%s: “%s”: write it as YYYY-MM-DD, for example 2026-03-01"),
                   field_label, text);
      return FALSE;
    }

  year = digits_value (text, 4);
  month = digits_value (text + 5, 2);
  day = digits_value (text + 8, 2);
  /* The range is tested first so that a year such as 0000, which GDate
   * cannot represent, is reported as out of range rather than as no day. */
  if (year < 1900 || year > 2199)
    {
      g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID,
                   _("%s: the year %d is out of range (1900 to 2199)"), field_label, year);
      return FALSE;
    }
  if (!g_date_valid_dmy (day, month, year))
    {
      g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID,
                   _("%s: the calendar has no day %s; check the month and the day"),
                   field_label, text);
      return FALSE;
    }
  return TRUE;
}

char *
gj_mask_sensitive (const char *text)
{
  g_autoptr(GString) out = NULL;
  gboolean is_utf8;
  glong n_chars;
  int keep_head, n_stars, keep_tail;

  g_return_val_if_fail (text != NULL, NULL);

  /* Damaged text cannot be cut at character boundaries; hiding all of it
   * is the safe answer. */
  is_utf8 = g_utf8_validate (text, -1, NULL);
  n_chars = is_utf8 ? g_utf8_strlen (text, -1) : (glong) strlen (text);

  if (is_utf8 && n_chars == 18)
    {
      /* A resident ID keeps its region code and its last four characters,
       * which is how staff tell two people apart on a list. */
      keep_head = 6;
      n_stars = 8;
      keep_tail = 4;
    }
  else if (is_utf8 && n_chars == 11)
    {
      /* A mobile keeps its network prefix and the last four digits. */
      keep_head = 3;
      n_stars = 4;
      keep_tail = 4;
    }
  else
    {
      /* Anything else shows at most its length, capped so that long text
       * does not stretch the column. */
      keep_head = 0;
      n_stars = MIN (n_chars, 18);
      keep_tail = 0;
    }

  out = g_string_new (NULL);
  if (keep_head > 0)
    g_string_append_len (out, text, g_utf8_offset_to_pointer (text, keep_head) - text);
  for (int i = 0; i < n_stars; i++)
    g_string_append_c (out, '*');
  if (keep_tail > 0)
    g_string_append (out, g_utf8_offset_to_pointer (text, n_chars - keep_tail));
  return g_string_free (g_steal_pointer (&out), FALSE);
}
