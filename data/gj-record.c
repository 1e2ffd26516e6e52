/* gj-record.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-record"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gj-data-error.h"
#include "gj-import-normalize.h"
#include "gj-record.h"
#include "gj-validate.h"

G_DEFINE_BOXED_TYPE (GjRecord, gj_record, gj_record_ref, gj_record_unref)

GjRecord *
gj_record_new (const GjKind *kind)
{
  GjRecord *self;

  g_return_val_if_fail (kind != NULL, NULL);

  self = g_new0 (GjRecord, 1);
  self->ref_count = 1;
  self->kind = kind;
  self->values = g_new0 (GjValue, kind->n_fields + 1);
  self->set = g_new0 (guint8, kind->n_fields + 1);
  return self;
}

GjRecord *
gj_record_new_for (const char *kind_name)
{
  const GjKind *kind = gj_schema_lookup (kind_name);

  g_return_val_if_fail (kind != NULL, NULL);
  return gj_record_new (kind);
}

GjRecord *
gj_record_ref (GjRecord *self)
{
  g_return_val_if_fail (self != NULL, NULL);
  g_atomic_int_inc (&self->ref_count);
  return self;
}

void
gj_record_unref (GjRecord *self)
{
  if (self == NULL || !g_atomic_int_dec_and_test (&self->ref_count))
    return;
  for (guint i = 0; i <= self->kind->n_fields; i++)
    gj_value_clear (&self->values[i]);
  g_free (self->values);
  g_free (self->set);
  g_free (self->id);
  g_free (self);
}

GjRecord *
gj_record_copy (const GjRecord *self)
{
  GjRecord *copy = gj_record_new (self->kind);

  copy->id = g_strdup (self->id);
  for (guint i = 0; i <= self->kind->n_fields; i++)
    {
      gj_value_copy (&copy->values[i], &self->values[i]);
      copy->set[i] = self->set[i];
    }
  return copy;
}

static int
column_of (const GjRecord *self,
           const char     *field)
{
  int col = gj_kind_field_index (self->kind, field);

  if (col < 0)
    g_critical ("Kind %s has no field %s", self->kind->name, field);
  return col;
}

const GjValue *
gj_record_get (const GjRecord *self,
               const char     *field)
{
  int col = column_of (self, field);

  return col < 0 ? NULL : &self->values[col];
}

const char *
gj_record_get_text (const GjRecord *self,
                    const char     *field)
{
  const GjValue *v = gj_record_get (self, field);

  return v != NULL && v->type == GJ_VALUE_TEXT ? v->s : NULL;
}

gint64
gj_record_get_int (const GjRecord *self,
                   const char     *field)
{
  const GjValue *v = gj_record_get (self, field);

  if (v == NULL)
    return 0;
  if (v->type == GJ_VALUE_INT)
    return v->i;
  if (v->type == GJ_VALUE_REAL)
    return (gint64) v->r;
  return 0;
}

double
gj_record_get_real (const GjRecord *self,
                    const char     *field)
{
  const GjValue *v = gj_record_get (self, field);

  if (v == NULL)
    return 0;
  if (v->type == GJ_VALUE_REAL)
    return v->r;
  if (v->type == GJ_VALUE_INT)
    return (double) v->i;
  return 0;
}

gboolean
gj_record_get_bool (const GjRecord *self,
                    const char     *field)
{
  return gj_record_get_int (self, field) != 0;
}

const char *
gj_record_get_title (const GjRecord *self)
{
  const GjValue *v = &self->values[self->kind->title_field];

  return v->type == GJ_VALUE_TEXT ? v->s : "";
}

gboolean
gj_record_is_deleted (const GjRecord *self)
{
  const GjValue *v = &self->values[self->kind->n_fields];

  return v->type == GJ_VALUE_INT && v->i != 0;
}

gboolean
gj_record_is_set (const GjRecord *self,
                  const char     *field)
{
  int col = column_of (self, field);

  return col >= 0 && self->set[col];
}

void
gj_record_set_value (GjRecord      *self,
                     guint          column,
                     const GjValue *value)
{
  g_return_if_fail (column <= self->kind->n_fields);
  gj_value_copy (&self->values[column], value);
  self->set[column] = TRUE;
}

void
gj_record_set_text (GjRecord   *self,
                    const char *field,
                    const char *text)
{
  int col = column_of (self, field);

  if (col < 0)
    return;
  gj_value_set_text (&self->values[col], text);
  self->set[col] = TRUE;
}

void
gj_record_set_int (GjRecord   *self,
                   const char *field,
                   gint64      value)
{
  int col = column_of (self, field);

  if (col < 0)
    return;
  gj_value_set_int (&self->values[col], value);
  self->set[col] = TRUE;
}

void
gj_record_set_real (GjRecord   *self,
                    const char *field,
                    double      value)
{
  int col = column_of (self, field);

  if (col < 0)
    return;
  gj_value_set_real (&self->values[col], value);
  self->set[col] = TRUE;
}

void
gj_record_set_bool (GjRecord   *self,
                    const char *field,
                    gboolean    value)
{
  gj_record_set_int (self, field, value ? 1 : 0);
}

void
gj_record_set_null (GjRecord   *self,
                    const char *field)
{
  int col = column_of (self, field);

  if (col < 0)
    return;
  gj_value_set_null (&self->values[col]);
  self->set[col] = TRUE;
}

/* Only decimal notation: strtod would also read hexadecimal ("0x10"),
 * "inf" and "nan", none of which a person means as a count or hours. */
static gboolean
is_decimal_text (const char *text)
{
  for (const char *p = text; *p; p++)
    if (!g_ascii_isdigit (*p) && !strchr (".eE+-", *p))
      return FALSE;
  return text[0] != '\0';
}

/* A decimal number of zero or more. Infinity, NaN and values past the
 * range of a double ("1e400") are refused: they would be stored, then
 * written to the wire as text no JSON reader accepts. */
static gboolean
parse_real (const char *text,
            double     *out)
{
  char *end = NULL;
  double d;

  if (!is_decimal_text (text))
    return FALSE;
  d = g_ascii_strtod (text, &end);
  if (end == NULL || *end != '\0' || !isfinite (d) || d < 0)
    return FALSE;
  *out = d;
  return TRUE;
}

/* A whole number from 0 to G_MAXINT64. Plain digits are read exactly;
 * other spellings of a whole number ("1e3", "12.0", as spreadsheets write
 * them) go through a double, which is checked to be below 2^63 before the
 * conversion: casting a larger double to gint64 is undefined behaviour. */
static gboolean
parse_int (const char *text,
           gint64     *out)
{
  guint64 u;
  char *end = NULL;
  double d;

  if (!is_decimal_text (text))
    return FALSE;
  if (g_ascii_isdigit (text[0]))
    {
      if (g_ascii_string_to_unsigned (text, 10, 0, G_MAXINT64, &u, NULL))
        {
          *out = (gint64) u;
          return TRUE;
        }
    }
  d = g_ascii_strtod (text, &end);
  if (end == NULL || *end != '\0' || !isfinite (d) || d < 0 || d >= 0x1p63 || d != floor (d))
    return FALSE;
  *out = (gint64) d;
  return TRUE;
}

static gboolean
parse_bool (const char *text,
            gboolean   *out)
{
  static const char *yes[] = { "1", "true", "yes", "y", "是", "有", NULL };
  static const char *no[] = { "0", "false", "no", "n", "否", "无", NULL };

  for (guint i = 0; yes[i]; i++)
    if (g_ascii_strcasecmp (text, yes[i]) == 0)
      return *out = TRUE, TRUE;
  for (guint i = 0; no[i]; i++)
    if (g_ascii_strcasecmp (text, no[i]) == 0)
      return *out = FALSE, TRUE;
  return FALSE;
}

/* Money is typed in yuan with at most two decimals and kept as fen, so that
 * sums over thousands of projects are exact. */
static gboolean
parse_money (const char *text,
             gint64     *fen)
{
  g_autofree char *clean = g_strdup (text);
  char *dot;
  gint64 yuan = 0, cents = 0;
  guint n_dec = 0;
  char *p;

  g_strdelimit (clean, ",", ' ');
  g_strstrip (clean);
  /* Drop grouping spaces left by the delimiter replacement. */
  for (p = clean; *p; p++)
    if (*p == ' ')
      memmove (p, p + 1, strlen (p));
  if (g_str_has_suffix (clean, "元"))
    clean[strlen (clean) - strlen ("元")] = '\0';
  if (clean[0] == '\0')
    return FALSE;
  dot = strchr (clean, '.');
  for (p = clean; *p && p != dot; p++)
    {
      if (!g_ascii_isdigit (*p) || yuan > G_GINT64_CONSTANT (90000000000000))
        return FALSE;
      yuan = yuan * 10 + (*p - '0');
    }
  if (dot != NULL)
    for (p = dot + 1; *p; p++)
      {
        if (!g_ascii_isdigit (*p) || ++n_dec > 2)
          return FALSE;
        cents = cents * 10 + (*p - '0');
      }
  if (n_dec == 1)
    cents *= 10;
  *fen = yuan * 100 + cents;
  return TRUE;
}

/* What a person typed, by the rules of a ledger's cell (2026/3/5,
 * 2027年1月15日, 20万, ¥300, 1,200.50, 25人…): the import's normalizer is the
 * one parser of these forms, so the app, the command line and the import
 * take the same ones, including those the app itself shows. Returns the
 * stored form of the value, or NULL: with an error, or for an empty value
 * ("无", "/"). A month without its day is refused here rather than kept as
 * its first day with a note, as the import's preview does: a person typing
 * into one field means a day. */
static char *
normalize_typed (const GjField  *field,
                 const char     *text,
                 GError        **error)
{
  g_autofree char *note = NULL;
  g_autofree char *value = NULL;
  g_autoptr(GError) local = NULL;

  value = gj_import_normalize (field, GJ_SHEET_CELL_TEXT, text, &note, &local);
  if (local != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return NULL;
    }
  if (field->type == GJ_FIELD_DATE && note != NULL)
    {
      gj_data_error_set (error, GJ_DATA_ERROR_INVALID, field->name,
                         _("%s: “%s”: write the day as well, such as 2026年3月5日"),
                         _(field->label), text);
      return NULL;
    }
  return g_steal_pointer (&value);
}

/* TRUE if @text of a number, money or date field is already in a form the
 * parsers below read exactly; other fields take their text as it is here. */
static gboolean
is_stored_form (const GjField *field,
                const char    *text)
{
  gint64 i;
  double d;

  switch (field->type)
    {
    case GJ_FIELD_INT:
      return parse_int (text, &i);
    case GJ_FIELD_REAL:
      return parse_real (text, &d);
    case GJ_FIELD_MONEY:
      /* Grouping commas go through the normalizer, which refuses "1,2"
       * (a decimal comma, or two numbers) instead of reading 12. */
      return strspn (text, "0123456789.") == strlen (text) && parse_money (text, &i);
    case GJ_FIELD_DATE:
      return gj_validate_date ("", text, NULL);
    default:
      return TRUE;
    }
}

/* The validators quote the label they are given; the error also names the
 * field, for forms that show it there. */
static gboolean
field_failed (GError        **error,
              const GjField  *field)
{
  if (error != NULL)
    gj_data_error_set_field (*error, field->name);
  return FALSE;
}

gboolean
gj_record_parse (GjRecord    *self,
                 const char  *field_name,
                 const char  *text,
                 GError     **error)
{
  const GjField *field;
  const char *label;
  int col;
  g_autofree char *stripped = NULL;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (field_name != NULL, FALSE);

  col = gj_kind_field_index (self->kind, field_name);
  if (col < 0 || (guint) col == self->kind->n_fields)
    {
      /* The name may come from a command line or a spreadsheet header;
       * an error message must stay UTF-8 whatever it quotes. */
      g_autofree char *shown = g_utf8_make_valid (field_name, -1);

      gj_data_error_set (error, GJ_DATA_ERROR_UNKNOWN_FIELD, shown,
                         _("%s has no field “%s”"), _(self->kind->label), shown);
      return FALSE;
    }
  field = &self->kind->fields[col];
  label = _(field->label);

  /* Checked once here for every field type: the parsers below (and GRegex,
   * which returns NULL on invalid UTF-8) assume valid text, and nothing
   * that is not UTF-8 may be stored or sent to other devices. @text is a
   * C string, so it cannot carry a NUL; callers reading bytes with a
   * length (files, the wire) refuse embedded NULs themselves. */
  if (text != NULL && !g_utf8_validate (text, -1, NULL))
    {
      gj_data_error_set (error, GJ_DATA_ERROR_INVALID, field->name,
                         _("%s: the text is not valid UTF-8; retype it, or save the file as UTF-8 "
                           "and import it again"),
                         label);
      return FALSE;
    }

  stripped = g_strstrip (g_strdup (text ? text : ""));

  if (stripped[0] != '\0' && !is_stored_form (field, stripped))
    {
      g_autoptr(GError) local = NULL;
      char *value = normalize_typed (field, stripped, &local);

      if (local != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      g_free (stripped);
      stripped = value != NULL ? value : g_strdup ("");
    }

  if (stripped[0] == '\0')
    {
      gj_record_set_null (self, field_name);
      return TRUE;
    }

  switch (field->type)
    {
    case GJ_FIELD_TEXT:
    case GJ_FIELD_REF:
      gj_record_set_text (self, field_name, stripped);
      return TRUE;

    case GJ_FIELD_INT:
      {
        gint64 i;

        if (!parse_int (stripped, &i))
          {
            /* Formatted apart: xgettext cannot read a format macro. */
            g_autofree char *max = g_strdup_printf ("%" G_GINT64_FORMAT, G_MAXINT64);

            gj_data_error_set (error, GJ_DATA_ERROR_INVALID, field->name,
                               _("%s: “%s” must be a whole number between 0 and %s"),
                               label, stripped, max);
            return FALSE;
          }
        gj_record_set_int (self, field_name, i);
        return TRUE;
      }

    case GJ_FIELD_REAL:
      {
        double d;

        if (!parse_real (stripped, &d))
          {
            gj_data_error_set (error, GJ_DATA_ERROR_INVALID, field->name,
                               _("%s: “%s” must be a finite number of zero or more, "
                                 "such as 2.5"),
                               label, stripped);
            return FALSE;
          }
        gj_record_set_real (self, field_name, d);
        return TRUE;
      }

    case GJ_FIELD_MONEY:
      {
        gint64 fen;

        if (!parse_money (stripped, &fen))
          {
            gj_data_error_set (error, GJ_DATA_ERROR_INVALID, field->name,
                               _("%s: “%s” is not an amount in yuan "
                                 "(for example 12000 or 12000.50)"),
                               label, stripped);
            return FALSE;
          }
        gj_record_set_int (self, field_name, fen);
        return TRUE;
      }

    case GJ_FIELD_BOOL:
      {
        gboolean b;

        if (!parse_bool (stripped, &b))
          {
            gj_data_error_set (error, GJ_DATA_ERROR_INVALID, field->name,
                               _("%s: “%s” is not yes or no"), label, stripped);
            return FALSE;
          }
        gj_record_set_bool (self, field_name, b);
        return TRUE;
      }

    case GJ_FIELD_DATE:
      if (!gj_validate_date (label, stripped, error))
        return field_failed (error, field);
      gj_record_set_text (self, field_name, stripped);
      return TRUE;

    case GJ_FIELD_ENUM:
      {
        const GjEnumValue *v = gj_field_enum_lookup (field, stripped);

        if (v == NULL)
          {
            g_autoptr(GString) allowed = g_string_new (NULL);

            for (const GjEnumValue *e = field->values; e->key; e++)
              g_string_append_printf (allowed, "%s%s (%s)", allowed->len ? ", " : "",
                                      e->key, e->zh);
            gj_data_error_set (error, GJ_DATA_ERROR_INVALID, field->name,
                               _("%s: “%s” is not one of %s"), label, stripped, allowed->str);
            return FALSE;
          }
        gj_record_set_text (self, field_name, v->key);
        return TRUE;
      }

    case GJ_FIELD_ENUM_SET:
      {
        g_auto(GStrv) parts = g_regex_split_simple ("[,，、;；]", stripped, 0, 0);
        g_autoptr(GString) keys = g_string_new (NULL);

        /* The text was checked to be UTF-8 above, the only reason GRegex
         * gives for returning NULL here. */
        g_assert (parts != NULL);
        for (guint i = 0; parts[i]; i++)
          {
            const GjEnumValue *v;

            g_strstrip (parts[i]);
            if (parts[i][0] == '\0')
              continue;
            v = gj_field_enum_lookup (field, parts[i]);
            if (v == NULL)
              {
                gj_data_error_set (error, GJ_DATA_ERROR_INVALID, field->name,
                                   _("%s: “%s” is not a known value"), label, parts[i]);
                return FALSE;
              }
            if (!strstr (keys->str, v->key))
              g_string_append_printf (keys, "%s%s", keys->len ? "," : "", v->key);
          }
        gj_record_set_text (self, field_name, keys->str);
        return TRUE;
      }

    case GJ_FIELD_CREDIT_CODE:
      {
        g_autofree char *up = g_ascii_strup (stripped, -1);

        if (!gj_validate_credit_code (label, up, error))
          return field_failed (error, field);
        gj_record_set_text (self, field_name, up);
        return TRUE;
      }

    case GJ_FIELD_RESIDENT_ID:
      {
        g_autofree char *up = g_ascii_strup (stripped, -1);

        if (!gj_validate_resident_id (label, up, error))
          return field_failed (error, field);
        gj_record_set_text (self, field_name, up);
        return TRUE;
      }

    case GJ_FIELD_MOBILE:
      if (!gj_validate_mobile (label, stripped, error))
        return field_failed (error, field);
      gj_record_set_text (self, field_name, stripped);
      return TRUE;

    default:
      g_assert_not_reached ();
    }
}

char *
gj_record_format_money (gint64 fen)
{
  g_autoptr(GString) s = g_string_new (NULL);
  /* Divided before the sign is dropped: -G_MAXINT64 - 1 has no absolute
   * value in a gint64, its hundredth does. */
  g_autofree char *digits = g_strdup_printf ("%" G_GINT64_FORMAT, ABS (fen / 100));
  gsize n = strlen (digits);

  if (fen < 0)
    g_string_append_c (s, '-');
  /* Thousands grouped by three, as Chinese financial forms write amounts. */
  for (gsize i = 0; i < n; i++)
    {
      if (i > 0 && (n - i) % 3 == 0)
        g_string_append_c (s, ',');
      g_string_append_c (s, digits[i]);
    }
  g_string_append_printf (s, ".%02d", (int) ABS (fen % 100));
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static char *
format_date (const char *iso)
{
  int y, m, d;
  g_autoptr(GDateTime) dt = NULL;

  if (sscanf (iso, "%d-%d-%d", &y, &m, &d) != 3)
    return g_strdup (iso);
  dt = g_date_time_new_local (y, m, d, 0, 0, 0);
  if (dt == NULL)
    return g_strdup (iso);
  /* TRANSLATORS: a date in lists; zh_CN uses 2026年11月24日 */
  return g_date_time_format (dt, _("%Y-%m-%d"));
}

char *
gj_record_format (const GjRecord *self,
                  const char     *field_name,
                  gboolean        mask)
{
  int col = gj_kind_field_index (self->kind, field_name);
  const GjField *field;
  const GjValue *v;

  if (col < 0)
    return g_strdup ("");
  v = &self->values[col];
  if ((guint) col == self->kind->n_fields)
    return g_strdup (gj_record_is_deleted (self) ? _("Yes") : _("No"));
  if (v->type == GJ_VALUE_NULL)
    return g_strdup ("");
  field = &self->kind->fields[col];

  switch (field->type)
    {
    case GJ_FIELD_BOOL:
      return g_strdup (gj_record_get_bool (self, field_name) ? _("Yes") : _("No"));
    case GJ_FIELD_MONEY:
      return gj_record_format_money (gj_record_get_int (self, field_name));
    case GJ_FIELD_DATE:
      return v->type == GJ_VALUE_TEXT ? format_date (v->s) : gj_value_to_string (v);
    case GJ_FIELD_ENUM:
      {
        const GjEnumValue *e = gj_field_enum_by_key (field, v->type == GJ_VALUE_TEXT ? v->s : "");
        return e ? g_strdup (_(e->label)) : gj_value_to_string (v);
      }
    case GJ_FIELD_ENUM_SET:
      {
        g_auto(GStrv) keys = g_strsplit (v->type == GJ_VALUE_TEXT ? v->s : "", ",", -1);
        g_autoptr(GString) out = g_string_new (NULL);

        for (guint i = 0; keys[i]; i++)
          {
            const GjEnumValue *e = gj_field_enum_by_key (field, keys[i]);
            /* TRANSLATORS: separator between values of a list in one cell */
            if (out->len)
              g_string_append (out, _(", "));
            g_string_append (out, e ? _(e->label) : keys[i]);
          }
        return g_string_free (g_steal_pointer (&out), FALSE);
      }
    case GJ_FIELD_RESIDENT_ID:
    case GJ_FIELD_MOBILE:
      if (mask && v->type == GJ_VALUE_TEXT)
        return gj_mask_sensitive (v->s);
      return gj_value_to_string (v);
    case GJ_FIELD_REAL:
      if (v->type == GJ_VALUE_REAL)
        return g_strdup_printf ("%g", v->r);
      return gj_value_to_string (v);
    case GJ_FIELD_TEXT:
    case GJ_FIELD_INT:
    case GJ_FIELD_REF:
    case GJ_FIELD_CREDIT_CODE:
    default:
      if (mask && (field->flags & GJ_FIELD_FLAG_SENSITIVE) && v->type == GJ_VALUE_TEXT)
        return gj_mask_sensitive (v->s);
      return gj_value_to_string (v);
    }
}
