/* gj-field-check.c: the one check of a stored value against its field
 *
 * A local write, the command line, the district server and a laptop
 * applying a peer's page all call gj_field_check_value(), so a value one
 * device stores is a value every other device accepts (DESIGN.md §5,
 * "Trust no peer").
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-field-check"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "gj-data-error.h"
#include "gj-field-check.h"
#include "gj-validate.h"

gboolean
gj_record_id_is_valid (const char *id)
{
  gsize n = 0;

  if (id == NULL)
    return FALSE;
  for (const char *p = id; *p; p++, n++)
    if (n >= GJ_RECORD_ID_MAX ||
        !(g_ascii_isalnum (*p) || *p == '-' || *p == '.' || *p == '_' || *p == ':'))
      return FALSE;
  return n > 0;
}

static gboolean
invalid (GError        **error,
         const GjField  *field,
         const char     *reason)
{
  /* TRANSLATORS: a field's name, then what is wrong with its value. */
  gj_data_error_set (error, GJ_DATA_ERROR_INVALID, field->name, _("%s: %s"), _(field->label),
                     reason);
  return FALSE;
}

static gboolean
check_text (const GjField  *field,
            const char     *s,
            GError        **error)
{
  gsize n = 0;

  if (!g_utf8_validate (s, -1, NULL))
    return invalid (error, field, _("the text contains damaged characters (it is not UTF-8); "
                                    "type it again"));
  /* One pass over the bytes: control characters are single bytes in
   * UTF-8, and every character has exactly one byte that does not
   * continue another. This runs for each text of every synced record. */
  for (const guchar *p = (const guchar *) s; *p; p++)
    {
      if ((*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r') || *p == 0x7f)
        return invalid (error, field, _("the text contains a control character"));
      n += (*p & 0xC0) != 0x80;
    }
  if (n > GJ_TEXT_MAX_CHARS)
    return invalid (error, field, _("is longer than 100,000 characters"));
  return TRUE;
}

static gboolean
check_enum_key (const GjField  *field,
                const char     *key,
                GError        **error)
{
  if (gj_field_enum_by_key (field, key) == NULL)
    {
      gj_data_error_set (error, GJ_DATA_ERROR_INVALID, field->name,
                         _("%s: “%s” is not a known value"), _(field->label), key);
      return FALSE;
    }
  return TRUE;
}

typedef gboolean (*Validator) (const char *field_label, const char *text, GError **error);

/* The label is translated only when the value is wrong: looking it up for
 * every value of every synced record would cost more than the check. */
static gboolean
validate (Validator       fn,
          const GjField  *field,
          const char     *text,
          GError        **error)
{
  if (fn ("", text, NULL))
    return TRUE;
  fn (_(field->label), text, error);
  /* The validators know the label they quote, not the field. */
  if (error != NULL)
    gj_data_error_set_field (*error, field->name);
  return FALSE;
}

gboolean
gj_field_check_value (const GjField  *field,
                      const GjValue  *v,
                      GError        **error)
{
  g_return_val_if_fail (field != NULL && v != NULL, FALSE);

  if (v->type == GJ_VALUE_NULL)
    return TRUE;

  switch (field->type)
    {
    case GJ_FIELD_INT:
    case GJ_FIELD_MONEY:
    case GJ_FIELD_BOOL:
      if (v->type != GJ_VALUE_INT)
        return invalid (error, field, _("must be a whole number"));
      if (v->i < 0)
        return invalid (error, field, _("must not be negative"));
      if (field->type == GJ_FIELD_BOOL && v->i > 1)
        return invalid (error, field, _("must be yes or no"));
      if (field->type == GJ_FIELD_MONEY && v->i > GJ_MONEY_MAX_FEN)
        return invalid (error, field, _("must be at most 1,000,000,000,000 yuan"));
      return TRUE;
    case GJ_FIELD_REAL:
      {
        double d;

        if (v->type != GJ_VALUE_REAL && v->type != GJ_VALUE_INT)
          return invalid (error, field, _("must be a number"));
        d = v->type == GJ_VALUE_REAL ? v->r : (double) v->i;
        if (!isfinite (d))
          return invalid (error, field, _("must be a finite number"));
        if (d < 0)
          return invalid (error, field, _("must not be negative"));
        if (d > GJ_REAL_MAX)
          return invalid (error, field, _("must be at most 1,000,000"));
        return TRUE;
      }
    default:
      break;
    }

  if (v->type != GJ_VALUE_TEXT)
    return invalid (error, field, _("must be text"));
  if (!check_text (field, v->s, error))
    return FALSE;

  switch (field->type)
    {
    case GJ_FIELD_DATE:
      return validate (gj_validate_date, field, v->s, error);
    case GJ_FIELD_CREDIT_CODE:
      return validate (gj_validate_credit_code, field, v->s, error);
    case GJ_FIELD_RESIDENT_ID:
      return validate (gj_validate_resident_id, field, v->s, error);
    case GJ_FIELD_MOBILE:
      return validate (gj_validate_mobile, field, v->s, error);
    case GJ_FIELD_ENUM:
      return check_enum_key (field, v->s, error);
    case GJ_FIELD_ENUM_SET:
      {
        g_auto(GStrv) keys = g_strsplit (v->s, ",", -1);

        for (guint i = 0; keys[i]; i++)
          if (!check_enum_key (field, keys[i], error))
            return FALSE;
        return TRUE;
      }
    case GJ_FIELD_REF:
      if (!gj_record_id_is_valid (v->s))
        {
          gj_data_error_set (error, GJ_DATA_ERROR_INVALID, field->name,
                             _("%s: “%s” is not a record id"), _(field->label), v->s);
          return FALSE;
        }
      return TRUE;
    case GJ_FIELD_TEXT:
    default:
      return TRUE;
    }
}
