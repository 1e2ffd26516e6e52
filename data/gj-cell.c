/* gj-cell.c
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-cell"

#include "config.h"

#include <string.h>

#include "gj-cell.h"

GjCell *
gj_cell_new (void)
{
  return g_new0 (GjCell, 1);
}

GjCell *
gj_cell_copy (const GjCell *cell)
{
  GjCell *copy = g_new0 (GjCell, 1);

  *copy = *cell;
  copy->row = g_strdup (cell->row);
  copy->kind_name = g_strdup (cell->kind_name);
  copy->field_name = g_strdup (cell->field_name);
  copy->value.type = GJ_VALUE_NULL;
  gj_value_copy (&copy->value, &cell->value);
  return copy;
}

void
gj_cell_free (GjCell *cell)
{
  if (cell == NULL)
    return;
  g_free (cell->row);
  g_free (cell->kind_name);
  g_free (cell->field_name);
  gj_value_clear (&cell->value);
  g_free (cell);
}

int
gj_cell_clock_compare (guint64     hlc_a,
                       const char *site_a,
                       guint64     hlc_b,
                       const char *site_b)
{
  if (hlc_a != hlc_b)
    return hlc_a < hlc_b ? -1 : 1;
  return strcmp (site_a, site_b);
}

gboolean
gj_site_id_is_valid (const char *s)
{
  if (s == NULL || strlen (s) != GJ_SITE_ID_LEN)
    return FALSE;
  for (const char *p = s; *p; p++)
    if (!g_ascii_isxdigit (*p) || g_ascii_isupper (*p))
      return FALSE;
  return TRUE;
}
