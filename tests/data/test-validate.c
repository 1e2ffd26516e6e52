/* test-validate.c: credit codes, resident IDs, mobiles, dates and masking
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "gj-data-error.h"
#include "gj-field-check.h"
#include "gj-record.h"
#include "gj-schema.h"
#include "gj-validate.h"

#define CREDIT_CHARSET "0123456789ABCDEFGHJKLMNPQRTUWXY"

/* The labels are the callers' translated field labels; a Chinese one shows
 * that the message is built around any UTF-8 label. */
#define CREDIT_LABEL "统一社会信用代码"
#define ID_LABEL "Resident ID"
#define MOBILE_LABEL "Mobile"
#define DATE_LABEL "Date of birth"

typedef gboolean (*Validator) (const char *, const char *, GError **);

/* Every failure must be GJ_DATA_ERROR_INVALID with a message that starts
 * with the label, is valid UTF-8 (it goes straight into a GTK label) and
 * contains @fragment, which names the reason. */
static void
assert_invalid (Validator   validate,
                const char *label,
                const char *text,
                const char *fragment)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *prefix = g_strconcat (label, ": ", NULL);
  gboolean ok = validate (label, text, &error);

  if (ok)
    g_error ("“%s” was accepted", text);
  g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  if (!g_str_has_prefix (error->message, prefix))
    g_error ("“%s” does not start with the label", error->message);
  if (fragment != NULL && strstr (error->message, fragment) == NULL)
    g_error ("“%s” does not mention “%s”", error->message, fragment);

  /* Callers that do not want the message may pass no GError. */
  g_assert_false (validate (label, text, NULL));
}

static void
assert_valid (Validator   validate,
              const char *label,
              const char *text)
{
  g_autoptr(GError) error = NULL;

  if (!validate (label, text, &error))
    g_error ("“%s” was rejected: %s", text, error->message);
  g_assert_no_error (error);
  g_assert_true (validate (label, text, NULL));
}

/* Codes built for these tests on the real layout (authority, type, region,
 * GB 11714 body, check); their check characters were worked out by hand
 * with the weights 3^i mod 31, independently of the code under test. The
 * first is the example printed in GB 32100-2015 itself. */
static const char *const valid_credit_codes[] = {
  "91350100M000100Y43", /* company, Fuzhou */
  "51110105MJ0123456R", /* social group (civil affairs), Chaoyang, Beijing */
  "52310115MJ40000019", /* social service organisation, Pudong, Shanghai */
  "53100000500021676K", /* foundation registered by the ministry */
  "12100000400000010X", /* public institution */
  "92110108MA01ABCD1B", /* individual business, Haidian, Beijing */
  "514401000000000270", /* sum ≡ 0 (mod 31): check 31 is written 0 */
  "51440100000000017Y", /* the last character of the set */
};

static void
test_credit_code_check (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (valid_credit_codes); i++)
    {
      g_autofree char *first17 = g_strndup (valid_credit_codes[i], 17);

      g_assert_cmpint (gj_credit_code_check (first17), ==, valid_credit_codes[i][17]);
    }

  /* Anything that is not 17 characters of the set has no check character;
   * a short string must not be read past its end. */
  g_assert_cmpint (gj_credit_code_check ("91350100M000100"), ==, '\0');
  g_assert_cmpint (gj_credit_code_check (""), ==, '\0');
  g_assert_cmpint (gj_credit_code_check ("91350100M000100I4"), ==, '\0');
  g_assert_cmpint (gj_credit_code_check ("91350100m000100y4"), ==, '\0');
}

static void
test_credit_code_valid (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (valid_credit_codes); i++)
    assert_valid (gj_validate_credit_code, CREDIT_LABEL, valid_credit_codes[i]);
}

static void
test_credit_code_wrong_check (void)
{
  g_autoptr(GError) error = NULL;

  /* Every other character of the set in the check position is refused. */
  for (gsize i = 0; i < G_N_ELEMENTS (valid_credit_codes); i++)
    for (const char *c = CREDIT_CHARSET; *c; c++)
      {
        g_autofree char *code = g_strdup (valid_credit_codes[i]);
        g_autofree char *expected = NULL;

        if (*c == code[17])
          continue;
        code[17] = *c;
        expected = g_strdup_printf ("should be “%c”, not “%c”", valid_credit_codes[i][17], *c);
        assert_invalid (gj_validate_credit_code, CREDIT_LABEL, code, expected);
      }

  g_assert_false (gj_validate_credit_code ("Credit code", "91350100M000100Y44", &error));
  g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "Credit code: the check character should be “3”, not “4”; "
                   "the code has a typing mistake");
}

static void
test_credit_code_typos (void)
{
  /* 31 is prime and no weight is 0 mod 31, so every single wrong character
   * and every swap of two different neighbours changes the sum: none of
   * them may slip through. */
  for (gsize i = 0; i < G_N_ELEMENTS (valid_credit_codes); i++)
    for (int pos = 0; pos < 17; pos++)
      {
        for (const char *c = CREDIT_CHARSET; *c; c++)
          {
            g_autofree char *code = g_strdup (valid_credit_codes[i]);

            if (*c == code[pos])
              continue;
            code[pos] = *c;
            g_assert_false (gj_validate_credit_code (CREDIT_LABEL, code, NULL));
          }
        if (valid_credit_codes[i][pos] != valid_credit_codes[i][pos + 1])
          {
            g_autofree char *code = g_strdup (valid_credit_codes[i]);
            char tmp = code[pos];

            code[pos] = code[pos + 1];
            code[pos + 1] = tmp;
            g_assert_false (gj_validate_credit_code (CREDIT_LABEL, code, NULL));
          }
      }
}

static void
test_credit_code_length (void)
{
  assert_invalid (gj_validate_credit_code, CREDIT_LABEL, "", "not 0");
  assert_invalid (gj_validate_credit_code, CREDIT_LABEL, "91350100M000100Y4", "not 17");
  assert_invalid (gj_validate_credit_code, CREDIT_LABEL, "91350100M000100Y433", "not 19");
  /* Nine-character organisation codes from before 2015. */
  assert_invalid (gj_validate_credit_code, CREDIT_LABEL, "M000100Y4", "18 characters");
  /* The length is counted in characters, not bytes: six Chinese characters
   * are 18 bytes but not 18 characters. */
  assert_invalid (gj_validate_credit_code, CREDIT_LABEL, "统一社会信用", "not 6");
}

static void
test_credit_code_forbidden_letters (void)
{
  static const struct { char letter; char meant; } cases[] = {
    { 'I', '1' }, { 'O', '0' }, { 'Z', '2' }, { 'S', '5' }, { 'V', 'U' },
  };

  for (gsize i = 0; i < G_N_ELEMENTS (cases); i++)
    for (int pos = 0; pos < 18; pos++)
      {
        g_autofree char *code = g_strdup (valid_credit_codes[0]);
        g_autofree char *expected = NULL;

        code[pos] = cases[i].letter;
        expected = g_strdup_printf ("letter “%c”; it is probably “%c”",
                                    cases[i].letter, cases[i].meant);
        assert_invalid (gj_validate_credit_code, CREDIT_LABEL, code, expected);
      }

  assert_invalid (gj_validate_credit_code, CREDIT_LABEL, "91350100M000100Y4-", "“-”");
  assert_invalid (gj_validate_credit_code, CREDIT_LABEL, "91350100M 00100Y43", "“ ”");
  assert_invalid (gj_validate_credit_code, CREDIT_LABEL, "91350100M000100Y4码", "“码”");
}

static void
test_credit_code_lowercase (void)
{
  /* The stored form is upper case; lower case is refused here and upper-cased
   * by the record layer before it calls in. */
  for (gsize i = 0; i < G_N_ELEMENTS (valid_credit_codes); i++)
    {
      g_autofree char *lower = g_ascii_strdown (valid_credit_codes[i], -1);
      g_autofree char *upper = NULL;

      if (strcmp (lower, valid_credit_codes[i]) == 0)
        continue;
      assert_invalid (gj_validate_credit_code, CREDIT_LABEL, lower, "capital letters");
      upper = g_ascii_strup (lower, -1);
      assert_valid (gj_validate_credit_code, CREDIT_LABEL, upper);
    }
}

static void
test_credit_code_region (void)
{
  /* A letter among characters 3 to 8 is refused even with the right check
   * character; letters elsewhere are fine. */
  for (int pos = 0; pos < 17; pos++)
    {
      g_autofree char *code = g_strdup (valid_credit_codes[0]);

      code[pos] = 'A';
      code[17] = gj_credit_code_check (code);
      g_assert_cmpint (code[17], !=, '\0');
      if (pos >= 2 && pos < 8)
        assert_invalid (gj_validate_credit_code, CREDIT_LABEL, code, "region code");
      else
        assert_valid (gj_validate_credit_code, CREDIT_LABEL, code);
    }
}

static void
test_credit_code_full_width (void)
{
  assert_invalid (gj_validate_credit_code, CREDIT_LABEL,
                  "９１３５０１００Ｍ０００１００Ｙ４３", "“９” is a full-width character");
  assert_invalid (gj_validate_credit_code, CREDIT_LABEL, "91350100M000100Y4３", "“３”");
}

/* Built like real numbers: region, birth date, sequence (odd for men, even
 * for women), check. The check characters were worked out by hand with
 * ISO 7064 MOD 11-2; the first is the example printed in GB 11643-1999. */
static const char *const valid_resident_ids[] = {
  "11010519491231002X", /* Chaoyang, Beijing */
  "110101199003071233", /* Dongcheng, Beijing */
  "310115200002294567", /* Pudong, Shanghai; born on a leap day */
  "320583198506156782", /* Kunshan, Jiangsu */
  "510107197001018889", /* Wuhou, Chengdu */
  "110101190001010014", /* the earliest birth date allowed */
  "110101198001011021", /* sum ≡ 0 (mod 11): check 1 */
  "110101198001010010", /* sum ≡ 1 (mod 11): check 0 */
  "11010119800101007X",
};

static void
test_resident_id_check (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (valid_resident_ids); i++)
    {
      g_autofree char *first17 = g_strndup (valid_resident_ids[i], 17);

      g_assert_cmpint (gj_resident_id_check (first17), ==, valid_resident_ids[i][17]);
    }
  /* The second example of the standard; its check is right even though the
   * birth year is out of range for validation. */
  g_assert_cmpint (gj_resident_id_check ("44052418800101001"), ==, '4');

  g_assert_cmpint (gj_resident_id_check ("1101051949123100"), ==, '\0');
  g_assert_cmpint (gj_resident_id_check (""), ==, '\0');
  g_assert_cmpint (gj_resident_id_check ("1101051949123100A"), ==, '\0');
}

static void
test_resident_id_valid (void)
{
  for (gsize i = 0; i < G_N_ELEMENTS (valid_resident_ids); i++)
    assert_valid (gj_validate_resident_id, ID_LABEL, valid_resident_ids[i]);
}

static void
test_resident_id_wrong_check (void)
{
  g_autoptr(GError) error = NULL;
  static const char checks[] = "0123456789X";

  for (gsize i = 0; i < G_N_ELEMENTS (valid_resident_ids); i++)
    for (const char *c = checks; *c; c++)
      {
        g_autofree char *id = g_strdup (valid_resident_ids[i]);
        g_autofree char *expected = NULL;

        if (*c == id[17])
          continue;
        id[17] = *c;
        expected = g_strdup_printf ("should be “%c”, not “%c”", valid_resident_ids[i][17], *c);
        assert_invalid (gj_validate_resident_id, ID_LABEL, id, expected);
      }

  g_assert_false (gj_validate_resident_id ("身份证号", "110105194912310021", &error));
  g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID);
  g_assert_cmpstr (error->message, ==,
                   "身份证号: the check character should be “X”, not “1”; "
                   "the number has a typing mistake");
}

static void
test_resident_id_typos (void)
{
  /* MOD 11-2 catches every single wrong digit and every swap of two
   * different neighbours (some also spoil the birth date, which is refused
   * as well). */
  for (gsize i = 0; i < G_N_ELEMENTS (valid_resident_ids); i++)
    for (int pos = 0; pos < 17; pos++)
      {
        for (char c = '0'; c <= '9'; c++)
          {
            g_autofree char *id = g_strdup (valid_resident_ids[i]);

            if (c == id[pos])
              continue;
            id[pos] = c;
            g_assert_false (gj_validate_resident_id (ID_LABEL, id, NULL));
          }
        if (valid_resident_ids[i][pos] != valid_resident_ids[i][pos + 1])
          {
            g_autofree char *id = g_strdup (valid_resident_ids[i]);
            char tmp = id[pos];

            id[pos] = id[pos + 1];
            id[pos + 1] = tmp;
            g_assert_false (gj_validate_resident_id (ID_LABEL, id, NULL));
          }
      }
}

static void
test_resident_id_length (void)
{
  assert_invalid (gj_validate_resident_id, ID_LABEL, "", "not 0");
  assert_invalid (gj_validate_resident_id, ID_LABEL, "11010519491231002", "not 17");
  assert_invalid (gj_validate_resident_id, ID_LABEL, "11010519491231002X1", "not 19");
  /* A first-generation card number gets its own advice. */
  assert_invalid (gj_validate_resident_id, ID_LABEL, "110105491231002", "old 15-digit number");
  assert_invalid (gj_validate_resident_id, ID_LABEL, "11010549123100X", "not 15");
}

static void
test_resident_id_not_digits (void)
{
  assert_invalid (gj_validate_resident_id, ID_LABEL, "1101051949123100AX", "first 17");
  assert_invalid (gj_validate_resident_id, ID_LABEL, "X10105194912310021", "first 17");
  assert_invalid (gj_validate_resident_id, ID_LABEL, "110105 94912310021", "first 17");
  assert_invalid (gj_validate_resident_id, ID_LABEL, "11010519491231002Y", "digit or X");
  /* Eighteen characters, but the last is not ASCII. */
  assert_invalid (gj_validate_resident_id, ID_LABEL, "11010519491231002号", "digit or X");
  assert_invalid (gj_validate_resident_id, ID_LABEL, "11010519491231002Ｘ",
                  "“Ｘ” is a full-width character");
}

static void
test_resident_id_lowercase (void)
{
  /* Decision: a small x is refused, with advice, rather than accepted;
   * stored numbers are upper case so that equal numbers compare equal, and
   * the record layer upper-cases typed input before calling in. */
  assert_invalid (gj_validate_resident_id, ID_LABEL, "11010519491231002x", "capital X");
  assert_invalid (gj_validate_resident_id, ID_LABEL, "11010119800101007x", "capital X");
  assert_valid (gj_validate_resident_id, ID_LABEL, "11010519491231002X");
}

static char *
resident_id_born (const char *yyyymmdd)
{
  g_autofree char *first17 = g_strdup_printf ("110101%s123", yyyymmdd);

  g_assert_cmpuint (strlen (first17), ==, 17);
  return g_strdup_printf ("%s%c", first17, gj_resident_id_check (first17));
}

static void
test_resident_id_birth_date (void)
{
  /* Impossible days, each with a correct check character so that only the
   * date can be the reason. */
  static const char *const bad[] = {
    "19990230", "19990229", "19000229", "19990431", "19991301",
    "19990001", "19990100", "19991232", "00000000", "99999999",
    "18991231", "18800101",
  };
  static const char *const good[] = {
    "19000101", "20000229", "19960229", "19991231", "19490101",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autofree char *id = resident_id_born (bad[i]);
      g_autofree char *expected = g_strdup_printf ("%s is not a real past date", bad[i]);

      assert_invalid (gj_validate_resident_id, ID_LABEL, id, expected);
    }
  for (gsize i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autofree char *id = resident_id_born (good[i]);

      assert_valid (gj_validate_resident_id, ID_LABEL, id);
    }

  /* The standard's own example from 1880 has a correct check character. */
  assert_invalid (gj_validate_resident_id, ID_LABEL, "440524188001010014", "18800101");
}

static void
test_resident_id_future (void)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GDateTime) tomorrow = g_date_time_add_days (now, 1);
  g_autoptr(GDateTime) next_year = g_date_time_add_years (now, 1);
  g_autofree char *born_today = g_date_time_format (now, "%Y%m%d");
  g_autofree char *born_tomorrow = g_date_time_format (tomorrow, "%Y%m%d");
  g_autofree char *born_next_year = g_date_time_format (next_year, "%Y%m%d");
  g_autofree char *id_today = resident_id_born (born_today);
  g_autofree char *id_tomorrow = resident_id_born (born_tomorrow);
  g_autofree char *id_next_year = resident_id_born (born_next_year);

  /* A baby may be registered on the day it is born. */
  assert_valid (gj_validate_resident_id, ID_LABEL, id_today);
  assert_invalid (gj_validate_resident_id, ID_LABEL, id_tomorrow, born_tomorrow);
  assert_invalid (gj_validate_resident_id, ID_LABEL, id_next_year, born_next_year);
}

static void
test_mobile_valid (void)
{
  static const char *const numbers[] = {
    "13800138000", "13912345678", "14512345678", "15012345678",
    "16612345678", "17012345678", "18612345678", "19912345678",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (numbers); i++)
    assert_valid (gj_validate_mobile, MOBILE_LABEL, numbers[i]);
}

static void
test_mobile_length (void)
{
  assert_invalid (gj_validate_mobile, MOBILE_LABEL, "1380013800", "this one has 10");
  assert_invalid (gj_validate_mobile, MOBILE_LABEL, "138001380000", "this one has 12");
  assert_invalid (gj_validate_mobile, MOBILE_LABEL, "", "this one has 0");
  assert_invalid (gj_validate_mobile, MOBILE_LABEL, "8613800138000", "this one has 13");
}

static void
test_mobile_prefix (void)
{
  assert_invalid (gj_validate_mobile, MOBILE_LABEL, "12800138000", "13 to 19");
  assert_invalid (gj_validate_mobile, MOBILE_LABEL, "10086000000", "13 to 19");
  assert_invalid (gj_validate_mobile, MOBILE_LABEL, "11800138000", "13 to 19");
  assert_invalid (gj_validate_mobile, MOBILE_LABEL, "23800138000", "13 to 19");
  /* A Beijing landline with its area code also has 11 digits. */
  assert_invalid (gj_validate_mobile, MOBILE_LABEL, "01062345678", "13 to 19");
}

static void
test_mobile_non_digits (void)
{
  assert_invalid (gj_validate_mobile, MOBILE_LABEL, "138-0013-8000", "“138-0013-8000”");
  assert_invalid (gj_validate_mobile, MOBILE_LABEL, "138 0013 8000", "digits only");
  assert_invalid (gj_validate_mobile, MOBILE_LABEL, "+8613800138000", "digits only");
  assert_invalid (gj_validate_mobile, MOBILE_LABEL, "1380013800a", "digits only");
  assert_invalid (gj_validate_mobile, MOBILE_LABEL, " 13800138000", "digits only");
  assert_invalid (gj_validate_mobile, MOBILE_LABEL, "1380013800号", "digits only");
  assert_invalid (gj_validate_mobile, MOBILE_LABEL, "１３８００１３８０００",
                  "“１” is a full-width character");
  /* The ideographic space a Chinese input method types. */
  assert_invalid (gj_validate_mobile, MOBILE_LABEL, "138\u30000013\u30008000",
                  "“\u3000” is a full-width character");
}

static void
test_date_valid (void)
{
  static const char *const dates[] = {
    "2024-02-29", "2000-02-29", "1900-01-01", "2199-12-31", "2026-03-01", "2023-12-31",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (dates); i++)
    assert_valid (gj_validate_date, DATE_LABEL, dates[i]);
}

static void
test_date_no_such_day (void)
{
  static const char *const dates[] = {
    "2023-02-29", "1900-02-29", "2100-02-29", "2024-04-31", "2024-13-01",
    "2024-00-10", "2024-01-00", "2024-01-32", "2024-99-99",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (dates); i++)
    {
      g_autofree char *expected = g_strdup_printf ("the calendar has no day %s", dates[i]);

      assert_invalid (gj_validate_date, DATE_LABEL, dates[i], expected);
    }
}

static void
test_date_format (void)
{
  static const char *const texts[] = {
    "2024-1-1", "", "2024/01/01", "20240101", "2024-01-01 ", " 2024-01-01",
    "2024-01-01T00:00", "24-01-01", "yyyy-mm-dd", "+024-01-01", "2024-0a-01",
    "2024-01--1", "2024年1月1日", "01-01-2024",
  };

  for (gsize i = 0; i < G_N_ELEMENTS (texts); i++)
    assert_invalid (gj_validate_date, DATE_LABEL, texts[i], "write it as YYYY-MM-DD");
  assert_invalid (gj_validate_date, DATE_LABEL, "２０２４－０１－０１", "full-width");
  /* The last full-width form, a wave dash some people type for ranges. */
  assert_invalid (gj_validate_date, DATE_LABEL, "2024-01-01～", "“～” is a full-width");
}

static void
test_date_range (void)
{
  assert_invalid (gj_validate_date, DATE_LABEL, "1899-12-31", "the year 1899 is out of range");
  assert_invalid (gj_validate_date, DATE_LABEL, "2200-01-01", "the year 2200 is out of range");
  assert_invalid (gj_validate_date, DATE_LABEL, "0000-01-01", "the year 0 is out of range");
  assert_invalid (gj_validate_date, DATE_LABEL, "9999-12-31", "out of range");
}

static void
test_damaged_text (void)
{
  /* Bytes that are not UTF-8 must not reach a message. The first is
   * exactly 18 bytes long, like a valid code. */
  static const char *const texts[] = {
    "91350100M000100Y4\xff", "\xe7\xbb", "1380013800\xc3", "2024-01-0\x80",
  };
  static const Validator validators[] = {
    gj_validate_credit_code, gj_validate_resident_id, gj_validate_mobile, gj_validate_date,
  };

  for (gsize i = 0; i < G_N_ELEMENTS (texts); i++)
    for (gsize j = 0; j < G_N_ELEMENTS (validators); j++)
      assert_invalid (validators[j], "Field", texts[i], "damaged characters");
}

static void
test_preconditions (void)
{
  /* A NULL argument is a programming error, reported as a critical. */
  g_test_expect_message ("gj-validate", G_LOG_LEVEL_CRITICAL, "*text != NULL*");
  g_assert_false (gj_validate_date (DATE_LABEL, NULL, NULL));
  g_test_assert_expected_messages ();

  g_test_expect_message ("gj-validate", G_LOG_LEVEL_CRITICAL, "*field_label != NULL*");
  g_assert_false (gj_validate_resident_id (NULL, "11010519491231002X", NULL));
  g_test_assert_expected_messages ();

  g_test_expect_message ("gj-validate", G_LOG_LEVEL_CRITICAL, "*first17 != NULL*");
  g_assert_cmpint (gj_credit_code_check (NULL), ==, '\0');
  g_test_assert_expected_messages ();
}

static void
assert_mask (const char *text,
             const char *expected)
{
  g_autofree char *masked = gj_mask_sensitive (text);

  g_assert_cmpstr (masked, ==, expected);
  g_assert_true (g_utf8_validate (masked, -1, NULL));
}

static void
test_mask_resident_id (void)
{
  assert_mask ("110101199003071233", "110101********1233");
  assert_mask ("11010519491231002X", "110105********002X");
  assert_mask ("91350100M000100Y43", "913501********0Y43");
}

static void
test_mask_mobile (void)
{
  assert_mask ("13800138000", "138****8000");
  assert_mask ("19912345678", "199****5678");
}

static void
test_mask_other (void)
{
  /* Short strings, and lengths that are neither an ID nor a mobile, show
   * nothing of their content. */
  assert_mask ("", "");
  assert_mask ("1", "*");
  assert_mask ("1234", "****");
  assert_mask ("12345678", "********");
  assert_mask ("1380013800", "**********");
  assert_mask ("138001380000", "************");
  assert_mask ("110105491231002", "***************");
  assert_mask ("110101199003071233456789", "******************");
  assert_mask ("张三", "**");
}

static void
test_mask_utf8 (void)
{
  /* Lengths are counted in characters, so multi-byte text is never cut in
   * the middle of a character. */
  assert_mask ("北京市朝阳区建国路八十八号院十三号楼", "北京市朝阳区********十三号楼");
  assert_mask ("上海市浦东新区世纪大道", "上海市****世纪大道");
  /* Damaged text is masked byte by byte. */
  assert_mask ("\xff\xfe\xfd", "***");
}

static void
assert_refused_field (GjRecord   *rec,
                      const char *field,
                      const char *text,
                      int         code,
                      const char *named)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GError) copy = NULL;

  g_assert_false (gj_record_parse (rec, field, text, &error));
  g_assert_error (error, GJ_DATA_ERROR, code);
  g_assert_cmpstr (gj_data_error_get_field (error), ==, named);
  /* The field travels with the error, as the message does. */
  copy = g_error_copy (error);
  g_assert_cmpstr (gj_data_error_get_field (copy), ==, named);
}

static void
test_error_field (void)
{
  const GjKind *kind = gj_schema_lookup ("organization");
  g_autoptr(GjRecord) rec = gj_record_new (kind);
  g_autoptr(GError) error = NULL;
  GjValue v = { 0, };

  /* A validator's refusal, the record's own parsers, and a field that does
   * not exist all say which field they are about. */
  assert_refused_field (rec, "phone", "1380013800", GJ_DATA_ERROR_INVALID, "phone");
  assert_refused_field (rec, "founded", "2024-02-30", GJ_DATA_ERROR_INVALID, "founded");
  assert_refused_field (rec, "credit_code", "91350100M000100Y4", GJ_DATA_ERROR_INVALID,
                        "credit_code");
  assert_refused_field (rec, "members", "many", GJ_DATA_ERROR_INVALID, "members");
  assert_refused_field (rec, "legal_form", "no such form", GJ_DATA_ERROR_INVALID, "legal_form");
  assert_refused_field (rec, "colour", "red", GJ_DATA_ERROR_UNKNOWN_FIELD, "colour");

  /* The one check of stored values (local writes and peers' pages). */
  gj_value_set_text (&v, "not-a-date");
  g_assert_false (gj_field_check_value (gj_kind_field (kind, "founded"), &v, &error));
  g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID);
  g_assert_cmpstr (gj_data_error_get_field (error), ==, "founded");
  g_clear_error (&error);
  gj_value_set_int (&v, -1);
  g_assert_false (gj_field_check_value (gj_kind_field (kind, "members"), &v, &error));
  g_assert_cmpstr (gj_data_error_get_field (error), ==, "members");
  gj_value_clear (&v);

  /* Other errors name no field. */
  g_clear_error (&error);
  g_set_error_literal (&error, GJ_DATA_ERROR, GJ_DATA_ERROR_NOT_FOUND, "gone");
  g_assert_null (gj_data_error_get_field (error));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/validate/credit-code/check", test_credit_code_check);
  g_test_add_func ("/validate/credit-code/valid", test_credit_code_valid);
  g_test_add_func ("/validate/credit-code/wrong-check", test_credit_code_wrong_check);
  g_test_add_func ("/validate/credit-code/typos", test_credit_code_typos);
  g_test_add_func ("/validate/credit-code/length", test_credit_code_length);
  g_test_add_func ("/validate/credit-code/forbidden-letters", test_credit_code_forbidden_letters);
  g_test_add_func ("/validate/credit-code/lowercase", test_credit_code_lowercase);
  g_test_add_func ("/validate/credit-code/region", test_credit_code_region);
  g_test_add_func ("/validate/credit-code/full-width", test_credit_code_full_width);
  g_test_add_func ("/validate/resident-id/check", test_resident_id_check);
  g_test_add_func ("/validate/resident-id/valid", test_resident_id_valid);
  g_test_add_func ("/validate/resident-id/wrong-check", test_resident_id_wrong_check);
  g_test_add_func ("/validate/resident-id/typos", test_resident_id_typos);
  g_test_add_func ("/validate/resident-id/length", test_resident_id_length);
  g_test_add_func ("/validate/resident-id/not-digits", test_resident_id_not_digits);
  g_test_add_func ("/validate/resident-id/lowercase", test_resident_id_lowercase);
  g_test_add_func ("/validate/resident-id/birth-date", test_resident_id_birth_date);
  g_test_add_func ("/validate/resident-id/future", test_resident_id_future);
  g_test_add_func ("/validate/mobile/valid", test_mobile_valid);
  g_test_add_func ("/validate/mobile/length", test_mobile_length);
  g_test_add_func ("/validate/mobile/prefix", test_mobile_prefix);
  g_test_add_func ("/validate/mobile/non-digits", test_mobile_non_digits);
  g_test_add_func ("/validate/date/valid", test_date_valid);
  g_test_add_func ("/validate/date/no-such-day", test_date_no_such_day);
  g_test_add_func ("/validate/date/format", test_date_format);
  g_test_add_func ("/validate/date/range", test_date_range);
  g_test_add_func ("/validate/damaged-text", test_damaged_text);
  g_test_add_func ("/validate/preconditions", test_preconditions);
  g_test_add_func ("/validate/mask/resident-id", test_mask_resident_id);
  g_test_add_func ("/validate/mask/mobile", test_mask_mobile);
  g_test_add_func ("/validate/mask/other", test_mask_other);
  g_test_add_func ("/validate/mask/utf8", test_mask_utf8);
  g_test_add_func ("/validate/error-field", test_error_field);

  return g_test_run ();
}
