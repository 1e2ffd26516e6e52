/* gj-import-normalize.c: what people type in ledgers, as Gongjian stores it
 *
 * Every function here turns a cell into text for gj_record_parse() and
 * never stores anything: the record layer stays the one parser and
 * validator of values. Identifiers, dates and mobiles are checked here
 * too, with the same validators, only so that the message can quote the
 * cell a person has to fix.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-import"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "gj-data-error.h"
#include "gj-field-check.h"
#include "gj-import-normalize-private.h"
#include "gj-validate.h"

/* A cell of a field that is not free text is a short value; anything
 * longer is refused before NFKC, whose output can be several times its
 * input, and before the linear scans below. */
#define VALUE_MAX_BYTES 1024

/* How much of a cell a message quotes, in characters. */
#define QUOTE_MAX_CHARS 40

/* Characters that take no room on screen and that copy and paste from web
 * pages and chat programs leave in cells: zero-width spaces and joiners,
 * the byte order mark, bidirectional marks. */
static gboolean
is_invisible (gunichar c)
{
  return g_unichar_type (c) == G_UNICODE_FORMAT;
}

static gboolean
is_blank (gunichar c)
{
  /* Zs includes U+00A0 (no-break space) and U+3000 (ideographic space). */
  return g_unichar_isspace (c) || is_invisible (c);
}

static char *
trim (const char *text)
{
  const char *start = text;
  const char *end = text + strlen (text);

  while (*start != '\0' && is_blank (g_utf8_get_char (start)))
    start = g_utf8_next_char (start);
  while (end > start)
    {
      const char *prev = g_utf8_find_prev_char (start, end);

      if (!is_blank (g_utf8_get_char (prev)))
        break;
      end = prev;
    }
  return g_strndup (start, end - start);
}

/* Trims, drops invisible characters and turns every run of white space,
 * line breaks included, into one ASCII space. */
static char *
collapse (const char *text)
{
  g_autoptr(GString) out = g_string_new (NULL);
  gboolean space = FALSE;

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_invisible (c))
        continue;
      if (g_unichar_isspace (c))
        {
          space = TRUE;
          continue;
        }
      if (space && out->len > 0)
        g_string_append_c (out, ' ');
      space = FALSE;
      g_string_append_unichar (out, c);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* NFKC turns full-width digits, letters and punctuation, and the
 * ideographic space, into their ASCII forms. */
static char *
clean_value (const char *text)
{
  g_autofree char *nfkc = g_utf8_normalize (text, -1, G_NORMALIZE_ALL);

  return collapse (nfkc != NULL ? nfkc : "");
}

/* Drops every white space and invisible character and every ASCII
 * character in @drop. */
static char *
squeeze (const char *text,
         const char *drop)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_blank (c) || (c < 0x80 && strchr (drop, (char) c) != NULL))
        continue;
      g_string_append_unichar (out, c);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

static char *
quote_cell (const char *text)
{
  g_autofree char *valid = g_utf8_make_valid (text, -1);
  g_autofree char *trimmed = trim (valid);

  g_autofree char *head = NULL;

  if (g_utf8_strlen (trimmed, -1) <= QUOTE_MAX_CHARS)
    return g_steal_pointer (&trimmed);
  head = g_utf8_substring (trimmed, 0, QUOTE_MAX_CHARS - 1);
  return g_strconcat (head, "…", NULL);
}

char *
gj_import_cell_fail (const GjImportCell *c,
                     const char         *format,
                     ...)
{
  g_autofree char *message = NULL;
  va_list args;

  va_start (args, format);
  message = g_strdup_vprintf (format, args);
  va_end (args);
  gj_data_error_set (c->error, GJ_DATA_ERROR_INVALID, c->field->name, "%s", message);
  return NULL;
}

static void set_note (const GjImportCell *c, const char *format, ...) G_GNUC_PRINTF (2, 3);

static void
set_note (const GjImportCell *c,
          const char         *format,
          ...)
{
  va_list args;

  if (c->note == NULL)
    return;
  g_free (*c->note);
  va_start (args, format);
  *c->note = g_strdup_vprintf (format, args);
  va_end (args);
}

/* Messages that several forms of a value share. */
static char *
not_a_date (const GjImportCell *c)
{
  return gj_import_cell_fail (c, _("%s: “%s”: write a date as YYYY-MM-DD, 2026/3/5 or "
                                   "2026年3月5日"), c->label, c->cell);
}

static char *
not_whole (const GjImportCell *c)
{
  return gj_import_cell_fail (c, _("%s: “%s”: write a whole number, such as 25"), c->label,
                              c->cell);
}

static char *
not_real (const GjImportCell *c)
{
  return gj_import_cell_fail (c, _("%s: “%s”: write a number, such as 2.5"), c->label, c->cell);
}

static char *
not_money (const GjImportCell *c)
{
  return gj_import_cell_fail (c, _("%s: “%s”: write an amount in yuan, such as 12000, 1,200.50 "
                                   "or 20万"), c->label, c->cell);
}

typedef gboolean (*Validator) (const char *, const char *, GError **);

/* Runs the record layer's own check on @value (owned), so that what is
 * returned is what gj_record_parse() accepts; a refusal keeps the
 * validator's reason and adds the cell when the reason does not quote it. */
static char *
checked (const GjImportCell *c,
         char               *value,
         Validator           validate)
{
  g_autoptr(GError) local = NULL;
  g_autofree char *quoted = NULL;

  if (validate (c->label, value, &local))
    return value;
  g_free (value);
  quoted = g_strdup_printf ("“%s”", c->cell);
  if (strstr (local->message, quoted) != NULL)
    return gj_import_cell_fail (c, "%s", local->message);
  /* TRANSLATORS: the first %s is a complete message about a field, the
   * second what was given: a spreadsheet's cell or what a person typed. */
  return gj_import_cell_fail (c, _("%s (given as “%s”)"), local->message, c->cell);
}

static gboolean
is_dash_or_slash (gunichar c)
{
  return c == '/' || c == '\\' || g_unichar_type (c) == G_UNICODE_DASH_PUNCTUATION;
}

gboolean
gj_import_is_empty_marker (const char *text)
{
  static const char *const words[] = {
    "无", "暂无", "没有", "空", "n/a", "na", "null", "none", "nil", NULL,
  };

  for (guint i = 0; words[i] != NULL; i++)
    if (g_ascii_strcasecmp (text, words[i]) == 0)
      return TRUE;
  /* "/", "\", "-", "--", "—", "——" and the like. */
  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    if (!is_dash_or_slash (g_utf8_get_char (p)))
      return FALSE;
  return text[0] != '\0';
}

static gboolean
is_digits (const char *text,
           gsize       n)
{
  return strlen (text) == n && strspn (text, "0123456789") == n;
}

/* A number as a spreadsheet stored it: finite, and the shortest decimal
 * form or scientific notation ("1.8865719602E+10"). */
static gboolean
read_double (const char *text,
             double     *out)
{
  char *end = NULL;

  if (text[0] == '\0' || strspn (text, "0123456789.eE+-") != strlen (text))
    return FALSE;
  *out = g_ascii_strtod (text, &end);
  return end != NULL && *end == '\0' && isfinite (*out);
}

/* A whole number of zero or more that a double holds exactly. */
static gboolean
read_whole_double (const char  *text,
                   char       **out)
{
  double d;

  if (!read_double (text, &d) || d < 0 || d > 0x1p53 || d != floor (d))
    return FALSE;
  *out = g_strdup_printf ("%.0f", d);
  return TRUE;
}

/* Dates */

static char *
make_date (const GjImportCell *c,
           guint               year,
           guint               month,
           guint               day)
{
  return checked (c, g_strdup_printf ("%04u-%02u-%02u", year, month, day), gj_validate_date);
}

/* Excel's 1900 date system counts 1900-01-01 as day 1 and, to agree with
 * Lotus 1-2-3, treats 1900 as a leap year: day 60 is a 29 February that
 * never was, and every later day is one more than the true count. */
static char *
date_from_serial (const GjImportCell *c,
                  double              serial)
{
  GDate date;

  if (serial < 1 || serial >= 2958466)
    return not_a_date (c);
  if ((guint) serial == 60)
    return gj_import_cell_fail (c, _("%s: “%s” is Excel’s 29 February 1900, a day that never "
                                     "was; type the real date"), c->label, c->cell);
  g_date_clear (&date, 1);
  g_date_set_dmy (&date, (guint) serial < 60 ? 31 : 30, G_DATE_DECEMBER, 1899);
  g_date_add_days (&date, (guint) serial);
  return make_date (c, g_date_get_year (&date), g_date_get_month (&date),
                    g_date_get_day (&date));
}

/* After a full date, a time of day as spreadsheets and databases write
 * it ("10:00:00", "T10:00:00.000+08:00") is dropped. */
static gboolean
is_time_tail (const char *p,
              gboolean    after_space)
{
  if (*p == 'T')
    p++;
  else if (!after_space)
    return FALSE;
  return g_ascii_isdigit (*p) && strchr (p, ':') != NULL &&
         strspn (p, "0123456789:.+-Z ") == strlen (p);
}

static const char *
skip_spaces (const char *p,
             gboolean   *skipped)
{
  *skipped = FALSE;
  while (*p == ' ')
    p++, *skipped = TRUE;
  return p;
}

static char *
normalize_date_text (const GjImportCell *c,
                     const char         *text)
{
  static const char *const separators[] = { "-", "/", ".", "\\", "年", "月", NULL };
  guint values[3] = { 0, 0, 0 };
  gsize lens[3] = { 0, 0, 0 };
  guint n = 0;
  const char *p = text;
  gboolean spaced = FALSE;

  if (is_digits (text, 5))
    return date_from_serial (c, g_ascii_strtod (text, NULL));
  if (is_digits (text, 8))
    return make_date (c, (text[0] - '0') * 1000 + (text[1] - '0') * 100 + (text[2] - '0') * 10 +
                      (text[3] - '0'), (text[4] - '0') * 10 + (text[5] - '0'),
                      (text[6] - '0') * 10 + (text[7] - '0'));

  while (n < 3 && g_ascii_isdigit (*p))
    {
      gboolean separated;

      for (lens[n] = 0; g_ascii_isdigit (*p) && lens[n] < 5; p++, lens[n]++)
        values[n] = values[n] * 10 + (*p - '0');
      n++;
      if (n == 3)
        break;
      p = skip_spaces (p, &separated);
      for (guint i = 0; separators[i] != NULL; i++)
        if (g_str_has_prefix (p, separators[i]))
          {
            p += strlen (separators[i]);
            separated = TRUE;
            break;
          }
      if (!separated)
        break;
      p = skip_spaces (p, &separated);
    }
  p = skip_spaces (p, &spaced);
  if (n == 3 && (g_str_has_prefix (p, "日") || g_str_has_prefix (p, "号")))
    p = skip_spaces (p + strlen ("日"), &spaced);

  if (n >= 2 && lens[0] == 2 && lens[1] <= 2 && (n == 2 || lens[2] <= 2))
    return gj_import_cell_fail (c, _("%s: “%s” has a two-digit year; write the year in full, "
                                     "for example 2023-03-21"), c->label, c->cell);
  if (lens[0] != 4 || lens[1] < 1 || lens[1] > 2 || (n == 3 && (lens[2] < 1 || lens[2] > 2)))
    return not_a_date (c);
  if (n == 3 && (*p == '\0' || is_time_tail (p, spaced)))
    return make_date (c, values[0], values[1], values[2]);
  if (n == 2 && *p == '\0')
    {
      char *date = make_date (c, values[0], values[1], 1);

      if (date != NULL)
        set_note (c, _("Only the month was given (%s); kept as its first day."), c->cell);
      return date;
    }
  return not_a_date (c);
}

static char *
normalize_date (const GjImportCell *c,
                const char         *text)
{
  double serial;

  /* A number cell of eight digits is 20230321 typed into a number
   * column, not a serial of the year 57,000. */
  if (c->type == GJ_SHEET_CELL_NUMBER && !is_digits (text, 8))
    {
      if (!read_double (text, &serial))
        return not_a_date (c);
      /* The fraction is the time of day. */
      return date_from_serial (c, floor (serial));
    }
  return normalize_date_text (c, text);
}

/* Mobiles */

static char *
normalize_mobile (const GjImportCell *c,
                  const char         *text)
{
  g_autofree char *digits = NULL;
  const char *p;

  /* A number cell, or one saved to CSV as "1.8865719602E+10". */
  if (c->type == GJ_SHEET_CELL_NUMBER || strpbrk (text, "eE") != NULL)
    {
      if (!read_whole_double (text, &digits))
        return gj_import_cell_fail (c, _("%s: “%s” is not a mobile number"), c->label, c->cell);
      return checked (c, g_steal_pointer (&digits), gj_validate_mobile);
    }
  /* Spaces, dashes, dots and brackets group digits as people read them; a
   * leading apostrophe is how Excel is told to keep digits as text. */
  digits = squeeze (text, "-.()'");
  p = digits;
  if (g_str_has_prefix (p, "+86"))
    p += 3;
  else if (g_str_has_prefix (p, "0086") && strlen (p) == 15)
    p += 4;
  else if (g_str_has_prefix (p, "86") && strlen (p) == 13)
    p += 2;
  return checked (c, g_strdup (p), gj_validate_mobile);
}

/* Numbers with units: "25人", "约30", "1.2万", "¥1,200.00", "2.5小时" */

typedef struct
{
  char *prefix;  /* what came before the number, or NULL */
  char *number;  /* ASCII digits with at most one dot, no grouping */
  char *unit;    /* what came after it, or NULL */
} Amount;

static void
amount_clear (Amount *a)
{
  g_clear_pointer (&a->prefix, g_free);
  g_clear_pointer (&a->number, g_free);
  g_clear_pointer (&a->unit, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Amount, amount_clear)

/* Splits @text into words, one number and words. Grouping commas must
 * group by three ("1,200", not "1,2"): a comma anywhere else may be a
 * decimal comma or two numbers, and guessing would change the value. */
static gboolean
split_amount (const char *text,
              Amount     *a)
{
  const char *start = text;
  const char *p;
  g_autoptr(GString) number = g_string_new (NULL);
  gsize group = 0;
  gboolean grouped = FALSE, dot = FALSE;

  while (*start != '\0' && !g_ascii_isdigit (*start))
    start = g_utf8_next_char (start);
  if (*start == '\0')
    return FALSE;
  for (p = start; g_ascii_isdigit (*p) || *p == ',' || (*p == '.' && !dot); p++)
    {
      if (*p == ',')
        {
          if (dot || (grouped ? group != 3 : group > 3) || group == 0)
            return FALSE;
          grouped = TRUE;
          group = 0;
          continue;
        }
      if (*p == '.')
        {
          if (grouped && group != 3)
            return FALSE;
          dot = TRUE;
        }
      else if (!dot)
        group++;
      g_string_append_c (number, *p);
    }
  if ((grouped && !dot && group != 3) || number->str[number->len - 1] == '.' ||
      number->len > 40)
    return FALSE;
  a->prefix = start > text ? g_strstrip (g_strndup (text, start - text)) : NULL;
  a->number = g_string_free (g_steal_pointer (&number), FALSE);
  a->unit = *p != '\0' ? g_strstrip (g_strdup (p)) : NULL;
  return TRUE;
}

/* Moves the decimal point of @number (digits, at most one dot) @shift
 * places right, exactly, and drops leading zeros and a fraction of zeros:
 * 1.5万 is 15000, not 14999.999… */
static char *
shift_decimal (const char *number,
               guint       shift)
{
  const char *dot = strchr (number, '.');
  g_autoptr(GString) whole = g_string_new_len (number, dot ? dot - number : -1);
  const char *frac = dot ? dot + 1 : "";
  gsize n_frac = strlen (frac);

  for (guint i = 0; i < shift; i++)
    g_string_append_c (whole, i < n_frac ? frac[i] : '0');
  while (whole->len > 1 && whole->str[0] == '0')
    g_string_erase (whole, 0, 1);
  if (shift < n_frac)
    {
      g_autofree char *rest = g_strdup (frac + shift);
      gsize n = strlen (rest);

      while (n > 0 && rest[n - 1] == '0')
        rest[--n] = '\0';
      if (n > 0)
        g_string_append_printf (whole, ".%s", rest);
    }
  return g_string_free (g_steal_pointer (&whole), FALSE);
}

static gboolean
is_approximation (const char *word)
{
  return word == NULL || g_str_equal (word, "约") || g_str_equal (word, "大约") ||
         g_str_equal (word, "约计") || g_str_equal (word, "共") || g_str_equal (word, "共计");
}

/* Words after a count or an amount of hours, such as 人, 户, 个, 人次 or
 * 小时: letters only, and short. */
static gboolean
is_unit_word (const char *word)
{
  if (word == NULL)
    return TRUE;
  if (g_utf8_strlen (word, -1) > 6)
    return FALSE;
  for (const char *p = word; *p != '\0'; p = g_utf8_next_char (p))
    if (!g_unichar_isalpha (g_utf8_get_char (p)))
      return FALSE;
  return TRUE;
}

/* Takes 百, 千, 万 or 亿 off the front of @unit: the power of ten it
 * stands for. */
static guint
take_multiplier (char **unit)
{
  static const struct { const char *word; guint power; } multipliers[] = {
    { "百", 2 }, { "千", 3 }, { "万", 4 }, { "亿", 8 },
  };

  for (guint i = 0; *unit != NULL && i < G_N_ELEMENTS (multipliers); i++)
    if (g_str_has_prefix (*unit, multipliers[i].word))
      {
        char *rest = g_strdup (*unit + strlen (multipliers[i].word));

        g_free (*unit);
        *unit = rest[0] != '\0' ? rest : (g_free (rest), NULL);
        return multipliers[i].power;
      }
  return 0;
}

static void
note_dropped (const GjImportCell *c,
              const Amount       *a,
              const char         *value)
{
  if (a->prefix != NULL && a->unit != NULL)
    set_note (c, _("Read “%s” as %s, leaving out “%s” and “%s”."), c->cell, value, a->prefix,
              a->unit);
  else if (a->prefix != NULL || a->unit != NULL)
    set_note (c, _("Read “%s” as %s, leaving out “%s”."), c->cell, value,
              a->prefix ? a->prefix : a->unit);
}

static char *
normalize_int (const GjImportCell *c,
               const char         *text)
{
  g_auto(Amount) a = { NULL, NULL, NULL };
  g_autofree char *value = NULL;
  guint power;

  if (c->type == GJ_SHEET_CELL_NUMBER || c->type == GJ_SHEET_CELL_BOOL)
    {
      if (!read_whole_double (text, &value))
        return not_whole (c);
      return g_steal_pointer (&value);
    }
  if (!split_amount (text, &a) || !is_approximation (a.prefix))
    return not_whole (c);
  power = take_multiplier (&a.unit);
  value = shift_decimal (a.number, power);
  /* "3百万" is refused rather than read as 300 with “万” left out. */
  if (strchr (value, '.') != NULL || !is_unit_word (a.unit) || take_multiplier (&a.unit) != 0)
    return not_whole (c);
  if (strlen (value) > 18)
    return gj_import_cell_fail (c, _("%s: “%s” is too large a number"), c->label, c->cell);
  note_dropped (c, &a, value);
  return g_steal_pointer (&value);
}

/* Units of time that are not hours: dropping them would store minutes or
 * days as hours. */
static gboolean
is_other_time_unit (const char *word)
{
  static const char *const words[] = {
    "分", "分钟", "min", "mins", "minute", "minutes", "秒", "天", "日", "d", "day", "days",
    "周", "星期", "月", "年", NULL,
  };

  for (guint i = 0; word != NULL && words[i] != NULL; i++)
    if (g_ascii_strcasecmp (word, words[i]) == 0)
      return TRUE;
  return FALSE;
}

static char *
normalize_real (const GjImportCell *c,
                const char         *text)
{
  g_auto(Amount) a = { NULL, NULL, NULL };
  g_autofree char *value = NULL;
  double d;

  if (c->type == GJ_SHEET_CELL_NUMBER || c->type == GJ_SHEET_CELL_BOOL)
    {
      if (!read_double (text, &d) || d < 0)
        return not_real (c);
      /* Readers give the shortest decimal form, kept as it is; "2.5E-3"
       * goes through the double, and -0 becomes 0. */
      if (strspn (text, "0123456789.") == strlen (text))
        return shift_decimal (text, 0);
      return g_strdup_printf ("%.15g", d + 0.0);
    }
  if (!split_amount (text, &a) || !is_approximation (a.prefix) || !is_unit_word (a.unit) ||
      take_multiplier (&a.unit) != 0)
    return not_real (c);
  if (strstr (c->field->name, "hours") != NULL && is_other_time_unit (a.unit))
    return gj_import_cell_fail (c, _("%s: “%s”: write the number of hours, such as 1.5"),
                                c->label, c->cell);
  value = shift_decimal (a.number, 0);
  note_dropped (c, &a, value);
  return g_steal_pointer (&value);
}

static gboolean
is_currency_word (const char *word,
                  gboolean    after)
{
  static const char *const before[] = { "¥", "RMB", "CNY", "人民币", NULL };
  static const char *const behind[] = { "元", "圆", "块", "元整", "RMB", "CNY", NULL };
  const char *const *words = after ? behind : before;

  for (guint i = 0; words[i] != NULL; i++)
    if (g_ascii_strcasecmp (word, words[i]) == 0)
      return TRUE;
  return FALSE;
}

static char *
normalize_money (const GjImportCell *c,
                 const char         *text)
{
  g_auto(Amount) a = { NULL, NULL, NULL };
  g_autofree char *yuan = NULL;
  const char *dot;
  gboolean approximate;
  guint power;
  guint64 whole;

  if (c->type == GJ_SHEET_CELL_NUMBER || c->type == GJ_SHEET_CELL_BOOL)
    {
      double d;

      /* A computed cell can hold 0.30000000000000004: rounding to the fen
       * is what the spreadsheet shows, but an amount truly finer than a
       * fen is refused, as typed text would be. */
      if (!read_double (text, &d) || d < 0 || d * 100 > (double) GJ_MONEY_MAX_FEN)
        return not_money (c);
      if (fabs (d * 100 - round (d * 100)) > 1e-9 * MAX (1.0, d * 100))
        return gj_import_cell_fail (c, _("%s: “%s” has parts of a fen; round it to two decimals"),
                                    c->label, c->cell);
      return g_strdup_printf ("%.2f", round (d * 100) / 100);
    }
  if (!split_amount (text, &a))
    return not_money (c);
  approximate = a.prefix != NULL && is_approximation (a.prefix);
  if (a.prefix != NULL && !approximate && !is_currency_word (a.prefix, FALSE))
    return not_money (c);
  power = take_multiplier (&a.unit);
  if (a.unit != NULL && !is_currency_word (a.unit, TRUE))
    return not_money (c);
  yuan = shift_decimal (a.number, power);
  dot = strchr (yuan, '.');
  if (dot != NULL && strlen (dot + 1) > 2)
    return gj_import_cell_fail (c, _("%s: “%s” has parts of a fen; round it to two decimals"),
                                c->label, c->cell);
  /* The whole yuan, read up to the dot; shift_decimal() left no leading
   * zeros, so more than 13 digits is past the limit for certain. */
  whole = (dot ? (gsize) (dot - yuan) : strlen (yuan)) > 13 ? G_MAXUINT64
                                                             : g_ascii_strtoull (yuan, NULL, 10);
  if (whole > (guint64) (GJ_MONEY_MAX_FEN / 100) ||
      (whole == (guint64) (GJ_MONEY_MAX_FEN / 100) && dot != NULL))
    return gj_import_cell_fail (c, _("%s: “%s” is more than any amount Gongjian keeps"),
                                c->label, c->cell);
  if (approximate)
    {
      g_clear_pointer (&a.unit, g_free);
      note_dropped (c, &a, yuan);
    }
  return g_steal_pointer (&yuan);
}

/* Flags */

static char *
normalize_bool (const GjImportCell *c,
                const char         *text)
{
  static const char *const yes[] = {
    "是", "有", "对", "√", "✓", "✔", "☑", "y", "yes", "true", "1", NULL,
  };
  static const char *const no[] = {
    "否", "无", "没有", "不是", "×", "✗", "✘", "☐", "n", "no", "false", "0", NULL,
  };

  for (guint i = 0; yes[i] != NULL; i++)
    if (g_ascii_strcasecmp (text, yes[i]) == 0)
      return g_strdup ("1");
  for (guint i = 0; no[i] != NULL; i++)
    if (g_ascii_strcasecmp (text, no[i]) == 0)
      return g_strdup ("0");
  if (c->type == GJ_SHEET_CELL_NUMBER && (g_str_equal (text, "1.0") || g_str_equal (text, "0.0")))
    return g_strdup (text[0] == '1' ? "1" : "0");
  if (gj_import_is_empty_marker (text))
    return NULL;
  return gj_import_cell_fail (c, _("%s: “%s”: write 是 or 否 (yes or no)"), c->label, c->cell);
}

/* Identifiers */

static char *
normalize_code (const GjImportCell *c,
                const char         *text)
{
  g_autofree char *squeezed = NULL;
  double d;

  /* Excel keeps 15 significant digits of a number: an 18-digit ID or
   * credit code typed into a number cell has lost its last digits before
   * the file was saved, and nothing here can bring them back. */
  if (c->type == GJ_SHEET_CELL_NUMBER ||
      (strpbrk (text, "eE") != NULL && read_double (text, &d)))
    return gj_import_cell_fail (c, _("%s: “%s” was stored as a number, and the spreadsheet has "
                                     "already lost its last digits; format the column as text "
                                     "in the spreadsheet, type the numbers again and import "
                                     "the file again"), c->label, c->cell);
  squeezed = squeeze (text, "-'");
  return checked (c, g_ascii_strup (squeezed, -1),
                  c->field->type == GJ_FIELD_CREDIT_CODE ? gj_validate_credit_code
                                                         : gj_validate_resident_id);
}

/* Free text keeps what was typed, full-width punctuation included, but
 * not the spaces around it; a title is one line, so runs of white space
 * inside it become one space. */
static char *
normalize_text (const GjField *field,
                const char    *text)
{
  char *out = field->flags & GJ_FIELD_FLAG_TITLE ? collapse (text) : trim (text);

  if (out[0] == '\0')
    g_clear_pointer (&out, g_free);
  return out;
}

char *
gj_import_normalize (const GjField    *field,
                     GjSheetCellType   type,
                     const char       *text,
                     char            **note,
                     GError          **error)
{
  g_autofree char *clean = NULL;
  g_autofree char *shown = NULL;
  GjImportCell c;
  gboolean valid;

  g_return_val_if_fail (field != NULL, NULL);
  g_return_val_if_fail (error == NULL || *error == NULL, NULL);

  if (note != NULL)
    *note = NULL;
  if (text == NULL || type == GJ_SHEET_CELL_EMPTY)
    return NULL;

  /* Free text, most of a ledger's cells and the longest, is quoted in no
   * message once it is valid: it skips the copies quote_cell() makes. */
  valid = g_utf8_validate (text, -1, NULL);
  if (valid && field->type == GJ_FIELD_TEXT)
    return normalize_text (field, text);
  shown = quote_cell (text);
  c = (GjImportCell) { field, _(field->label), shown, type, note, error };
  if (!valid)
    return gj_import_cell_fail (&c, _("%s: the cell “%s” is not valid text; save the file "
                                      "again and import it again"), c.label, c.cell);
  if (strlen (text) > VALUE_MAX_BYTES)
    return gj_import_cell_fail (&c, _("%s: the cell “%s” is far too long for this field"),
                                c.label, c.cell);

  clean = clean_value (text);
  if (clean[0] == '\0')
    return NULL;

  switch (field->type)
    {
    case GJ_FIELD_BOOL:
      return normalize_bool (&c, clean);
    case GJ_FIELD_ENUM:
      return gj_import_normalize_enum (&c, clean);
    case GJ_FIELD_ENUM_SET:
      return gj_import_normalize_enum_set (&c, clean);
    default:
      break;
    }

  if (gj_import_is_empty_marker (clean))
    return NULL;

  switch (field->type)
    {
    case GJ_FIELD_INT:
      return normalize_int (&c, clean);
    case GJ_FIELD_REAL:
      return normalize_real (&c, clean);
    case GJ_FIELD_MONEY:
      return normalize_money (&c, clean);
    case GJ_FIELD_DATE:
      return normalize_date (&c, clean);
    case GJ_FIELD_MOBILE:
      return normalize_mobile (&c, clean);
    case GJ_FIELD_CREDIT_CODE:
    case GJ_FIELD_RESIDENT_ID:
      return normalize_code (&c, clean);
    case GJ_FIELD_REF:
      return g_steal_pointer (&clean);
    case GJ_FIELD_TEXT:
    case GJ_FIELD_BOOL:
    case GJ_FIELD_ENUM:
    case GJ_FIELD_ENUM_SET:
    default:
      g_assert_not_reached ();
    }
}

char *
gj_import_name_key (const char *name)
{
  g_autofree char *valid = NULL;
  g_autofree char *nfkc = NULL;
  g_autoptr(GString) out = g_string_new (NULL);

  g_return_val_if_fail (name != NULL, NULL);

  valid = g_utf8_make_valid (name, -1);
  nfkc = g_utf8_normalize (valid, -1, G_NORMALIZE_ALL);
  for (const char *p = nfkc; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (is_blank (c) || g_unichar_iscntrl (c))
        continue;
      g_string_append_unichar (out, c < 0x80 ? (gunichar) g_ascii_tolower ((char) c) : c);
    }
  /* "东湖志愿队。" and "东湖志愿队" are one name. */
  while (g_str_has_suffix (out->str, ".") || g_str_has_suffix (out->str, "。"))
    g_string_truncate (out, out->len - (out->str[out->len - 1] == '.' ? 1 : strlen ("。")));
  return g_string_free (g_steal_pointer (&out), FALSE);
}
