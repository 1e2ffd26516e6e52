/* gj-value.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-value"

#include "config.h"

#include <string.h>

#include "gj-value.h"

void
gj_value_clear (GjValue *value)
{
  if (value->type == GJ_VALUE_TEXT)
    g_free (value->s);
  value->type = GJ_VALUE_NULL;
  value->i = 0;
}

void
gj_value_copy (GjValue       *dest,
               const GjValue *src)
{
  if (dest == src)
    return;
  gj_value_clear (dest);
  dest->type = src->type;
  if (src->type == GJ_VALUE_TEXT)
    dest->s = g_strdup (src->s);
  else if (src->type == GJ_VALUE_REAL)
    dest->r = src->r;
  else
    dest->i = src->i;
}

void
gj_value_set_int (GjValue *value,
                  gint64   i)
{
  gj_value_clear (value);
  value->type = GJ_VALUE_INT;
  value->i = i;
}

void
gj_value_set_real (GjValue *value,
                   double   r)
{
  gj_value_clear (value);
  value->type = GJ_VALUE_REAL;
  value->r = r;
}

void
gj_value_set_text (GjValue    *value,
                   const char *s)
{
  gj_value_take_text (value, g_strdup (s));
}

void
gj_value_take_text (GjValue *value,
                    char    *s)
{
  gj_value_clear (value);
  if (s == NULL)
    return;
  value->type = GJ_VALUE_TEXT;
  value->s = s;
}

void
gj_value_set_null (GjValue *value)
{
  gj_value_clear (value);
}

gboolean
gj_value_is_null (const GjValue *value)
{
  return value->type == GJ_VALUE_NULL;
}

gboolean
gj_value_equal (const GjValue *a,
                const GjValue *b)
{
  if (a->type != b->type)
    return FALSE;
  switch (a->type)
    {
    case GJ_VALUE_NULL:
      return TRUE;
    case GJ_VALUE_INT:
      return a->i == b->i;
    case GJ_VALUE_REAL:
      return a->r == b->r;
    case GJ_VALUE_TEXT:
      return strcmp (a->s, b->s) == 0;
    default:
      g_assert_not_reached ();
    }
}

char *
gj_value_to_string (const GjValue *value)
{
  switch (value->type)
    {
    case GJ_VALUE_NULL:
      return NULL;
    case GJ_VALUE_INT:
      return g_strdup_printf ("%" G_GINT64_FORMAT, value->i);
    case GJ_VALUE_REAL:
      {
        char buf[G_ASCII_DTOSTR_BUF_SIZE];
        return g_strdup (g_ascii_dtostr (buf, sizeof buf, value->r));
      }
    case GJ_VALUE_TEXT:
      return g_strdup (value->s);
    default:
      g_assert_not_reached ();
    }
}
