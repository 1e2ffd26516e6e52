/* gj-data-error.c: the error domain of the data layer
 *
 * The domain is an extended one (GLib 2.68) so that an error about a
 * value can name its field: the message is for people and translated,
 * the field name is for the program that shows it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "gj-data-error.h"

typedef struct
{
  char *field;
} GjDataErrorPrivate;

static void
gj_data_error_private_init (GjDataErrorPrivate *priv)
{
  priv->field = NULL;
}

static void
gj_data_error_private_copy (const GjDataErrorPrivate *src,
                            GjDataErrorPrivate       *dest)
{
  dest->field = g_strdup (src->field);
}

static void
gj_data_error_private_clear (GjDataErrorPrivate *priv)
{
  g_clear_pointer (&priv->field, g_free);
}

G_DEFINE_EXTENDED_ERROR (GjDataError, gj_data_error)

void
gj_data_error_set_field (GError     *error,
                         const char *field)
{
  GjDataErrorPrivate *priv = error ? gj_data_error_get_private (error) : NULL;

  if (priv == NULL)
    return;
  g_free (priv->field);
  priv->field = g_strdup (field);
}

const char *
gj_data_error_get_field (const GError *error)
{
  GjDataErrorPrivate *priv;

  g_return_val_if_fail (error != NULL, NULL);

  priv = gj_data_error_get_private (error);
  return priv ? priv->field : NULL;
}

void
gj_data_error_set (GError      **error,
                   GjDataError   code,
                   const char   *field,
                   const char   *format,
                   ...)
{
  GError *new;
  va_list args;

  if (error == NULL)
    return;
  va_start (args, format);
  new = g_error_new_valist (GJ_DATA_ERROR, code, format, args);
  va_end (args);
  gj_data_error_set_field (new, field);
  g_propagate_error (error, new);
}
