/* gj-record.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-record"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gj-data-error.h"
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

static gboolean
parse_number (const char *text,
              gboolean    integer,
              double     *out)
{
  char *end = NULL;
  double d;

  if (text[0] == '\0')
    return FALSE;
  d = g_ascii_strtod (text, &end);
  if (end == NULL || *end != '\0' || d != d)
    return FALSE;
  if (integer && d != (double) (gint64) d)
    return FALSE;
  *out = d;
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
      g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_UNKNOWN_FIELD,
                   _("%s has no field “%s”"), _(self->kind->label), field_name);
      return FALSE;
    }
  field = &self->kind->fields[col];
  label = _(field->label);
  stripped = g_strstrip (g_strdup (text ? text : ""));

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
    case GJ_FIELD_REAL:
      {
        double d;

        if (!parse_number (stripped, field->type == GJ_FIELD_INT, &d) || d < 0)
          {
            g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID,
                         field->type == GJ_FIELD_INT
                         ? _("%s: “%s” is not a whole number of zero or more")
                         : _("%s: “%s” is not a number of zero or more"),
                         label, stripped);
            return FALSE;
          }
        if (field->type == GJ_FIELD_INT)
          gj_record_set_int (self, field_name, (gint64) d);
        else
          gj_record_set_real (self, field_name, d);
        return TRUE;
      }

    case GJ_FIELD_MONEY:
      {
        gint64 fen;

        if (!parse_money (stripped, &fen))
          {
            g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID,
                         _("%s: “%s” is not an amount in yuan (for example 12000 or 12000.50)"),
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
            g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID,
                         _("%s: “%s” is not yes or no"), label, stripped);
            return FALSE;
          }
        gj_record_set_bool (self, field_name, b);
        return TRUE;
      }

    case GJ_FIELD_DATE:
      if (!gj_validate_date (label, stripped, error))
        return FALSE;
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
            g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID,
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

        for (guint i = 0; parts[i]; i++)
          {
            const GjEnumValue *v;

            g_strstrip (parts[i]);
            if (parts[i][0] == '\0')
              continue;
            v = gj_field_enum_lookup (field, parts[i]);
            if (v == NULL)
              {
                g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID,
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
          return FALSE;
        gj_record_set_text (self, field_name, up);
        return TRUE;
      }

    case GJ_FIELD_RESIDENT_ID:
      {
        g_autofree char *up = g_ascii_strup (stripped, -1);

        if (!gj_validate_resident_id (label, up, error))
          return FALSE;
        gj_record_set_text (self, field_name, up);
        return TRUE;
      }

    case GJ_FIELD_MOBILE:
      if (!gj_validate_mobile (label, stripped, error))
        return FALSE;
      gj_record_set_text (self, field_name, stripped);
      return TRUE;

    default:
      g_assert_not_reached ();
    }
}

static char *
format_money (gint64 fen)
{
  g_autoptr(GString) s = g_string_new (NULL);
  g_autofree char *digits = g_strdup_printf ("%" G_GINT64_FORMAT, ABS (fen) / 100);
  gsize n = strlen (digits);

  if (fen < 0)
    g_string_append_c (s, '-');
  for (gsize i = 0; i < n; i++)
    {
      if (i > 0 && (n - i) % 3 == 0)
        g_string_append_c (s, ',');
      g_string_append_c (s, digits[i]);
    }
  g_string_append_printf (s, ".%02d", (int) (ABS (fen) % 100));
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
      return format_money (gj_record_get_int (self, field_name));
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
