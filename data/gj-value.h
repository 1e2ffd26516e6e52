/* gj-value.h: one cell value as SQLite stores it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

typedef enum
{
  GJ_VALUE_NULL,
  GJ_VALUE_INT,
  GJ_VALUE_REAL,
  GJ_VALUE_TEXT,
} GjValueType;

/* A plain struct rather than a GVariant: sync applies millions of these and
 * an allocation per cell would dominate the cost. Text is owned. */
typedef struct
{
  GjValueType type;
  union
  {
    gint64 i;
    double r;
    char *s;
  };
} GjValue;

#define GJ_VALUE_INIT { .type = GJ_VALUE_NULL, .i = 0 }

void      gj_value_clear      (GjValue       *value);
void      gj_value_copy       (GjValue       *dest,
                               const GjValue *src);
void      gj_value_set_int    (GjValue       *value,
                               gint64         i);
void      gj_value_set_real   (GjValue       *value,
                               double         r);
void      gj_value_set_text   (GjValue       *value,
                               const char    *s);
void      gj_value_take_text  (GjValue       *value,
                               char          *s);
void      gj_value_set_null   (GjValue       *value);
gboolean  gj_value_equal      (const GjValue *a,
                               const GjValue *b);
gboolean  gj_value_is_null    (const GjValue *value);
char     *gj_value_to_string  (const GjValue *value) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
