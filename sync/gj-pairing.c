/* gj-pairing.c: pairing two laptops of a street by a code people compare
 *
 * The laptop that asks (gj_client_pair) shows the code computed from its
 * own id and the certificate the other presented; the laptop asked keeps
 * the request without a street in its peers registry and shows the code
 * computed the same way. A person looks at both screens and accepts on the
 * laptop asked: only then does the asker get its street's rows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-pairing"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gj-pairing.h"
#include "gj-sync-error.h"

char *
gj_pairing_code (const char *device_id_a,
                 const char *device_id_b)
{
  g_autoptr(GChecksum) sum = g_checksum_new (G_CHECKSUM_SHA256);
  guint8 digest[32];
  gsize len = sizeof digest;
  guint64 n = 0;

  /* Order-free, so both sides compute it from "mine" and "theirs". */
  if (g_strcmp0 (device_id_a, device_id_b) > 0)
    {
      const char *t = device_id_a;
      device_id_a = device_id_b;
      device_id_b = t;
    }
  g_checksum_update (sum, (const guchar *) "gongjian-pairing-v1\n", -1);
  g_checksum_update (sum, (const guchar *) device_id_a, -1);
  g_checksum_update (sum, (const guchar *) "\n", -1);
  g_checksum_update (sum, (const guchar *) device_id_b, -1);
  g_checksum_get_digest (sum, digest, &len);
  for (guint i = 0; i < 8; i++)
    n = (n << 8) | digest[i];
  n %= 1000000;
  return g_strdup_printf ("%03u %03u", (guint) (n / 1000), (guint) (n % 1000));
}

GPtrArray *
gj_pairing_pending (GjRegistry  *peers,
                    GError     **error)
{
  g_autoptr(GPtrArray) all = gj_registry_list (peers, error);

  if (all == NULL)
    return NULL;
  for (guint i = all->len; i > 0; i--)
    {
      GjDevice *d = g_ptr_array_index (all, i - 1);

      if (d->street_id != NULL || d->revoked)
        g_ptr_array_remove_index (all, i - 1);
    }
  return g_steal_pointer (&all);
}

static char *
digits_only (const char *code)
{
  GString *s = g_string_new (NULL);

  for (const char *p = code; *p; p++)
    if (g_ascii_isdigit (*p))
      g_string_append_c (s, *p);
  return g_string_free (s, FALSE);
}

char *
gj_pairing_accept (GjRegistry  *peers,
                   GjIdentity  *identity,
                   GjStore     *store,
                   const char  *code,
                   GError     **error)
{
  g_autoptr(GPtrArray) pending = NULL;
  g_autofree char *wanted = digits_only (code);
  const char *street = gj_store_get_street (store);

  if (street == NULL)
    {
      g_set_error (error, GJ_SYNC_ERROR, GJ_SYNC_ERROR_NOT_SET_UP,
                   _("This database has no street yet; set up the station before pairing"));
      return NULL;
    }
  if (strlen (wanted) != 6)
    {
      g_set_error (error, GJ_SYNC_ERROR, GJ_SYNC_ERROR_TOKEN,
                   _("Pairing code: “%s” is not a six-digit code"), code);
      return NULL;
    }
  if (!(pending = gj_pairing_pending (peers, error)))
    return NULL;
  for (guint i = 0; i < pending->len; i++)
    {
      GjDevice *d = g_ptr_array_index (pending, i);
      g_autofree char *theirs = gj_pairing_code (gj_identity_get_device_id (identity), d->id);
      g_autofree char *digits = digits_only (theirs);

      if (g_str_equal (digits, wanted))
        {
          if (!gj_registry_set_paired (peers, d->id, d->name, d->street_name, street, d->url, error))
            return NULL;
          return g_strdup (d->id);
        }
    }
  g_set_error (error, GJ_SYNC_ERROR, GJ_SYNC_ERROR_TOKEN,
               _("No laptop is waiting to pair with the code %s; check the code on the other "
                 "laptop, or ask it to pair again"), code);
  return NULL;
}

char *
gj_pairing_remove (GjRegistry  *peers,
                   const char  *id_prefix,
                   GError     **error)
{
  return gj_registry_revoke (peers, id_prefix, error);
}
