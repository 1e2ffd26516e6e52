/* gj-station.c: setting up the station a database belongs to
 *
 * The welcome page and the command line's "init" both set up a station;
 * what is written and what is refused is decided here once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-station"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gj-data-error.h"
#include "gj-station.h"

static gboolean
has_text (const char *text)
{
  g_autofree char *stripped = g_strstrip (g_strdup (text != NULL ? text : ""));

  return stripped[0] != '\0';
}

/* A community's values are refused with its name in front: the form may
 * hold several, and "Households: …" alone would not say which. */
static gboolean
parse_field (GjRecord    *rec,
             const char  *field,
             const char  *text,
             const char  *community,
             GError     **error)
{
  g_autoptr(GError) local = NULL;

  if (gj_record_parse (rec, field, text, &local))
    return TRUE;
  if (community != NULL)
    {
      /* TRANSLATORS: a community's name, then what is wrong with it */
      g_set_error (error, local->domain, local->code, _("%s — %s"), community, local->message);
      if (error != NULL)
        gj_data_error_set_field (*error, gj_data_error_get_field (local));
    }
  else
    g_propagate_error (error, g_steal_pointer (&local));
  return FALSE;
}

static gboolean
write_community (GjStore                 *store,
                 const GjCommunitySetup  *setup,
                 GError                 **error)
{
  g_autoptr(GjRecord) community = gj_record_new_for ("community");
  const char *name = setup->name;

  return parse_field (community, "name", name, name, error) &&
         parse_field (community, "type", setup->type, name, error) &&
         parse_field (community, "households", setup->households, name, error) &&
         parse_field (community, "population", setup->population, name, error) &&
         gj_store_insert (store, community, error);
}

static gboolean
write_station (GjStore               *store,
               const GjStationSetup  *setup,
               GError               **error)
{
  g_autoptr(GjRecord) district = gj_record_new_for ("district");
  g_autoptr(GjRecord) street = gj_record_new_for ("street");
  const char *district_name = setup->district != NULL && setup->district[0] != '\0'
                              ? setup->district : _("District");

  if (!parse_field (district, "name", district_name, NULL, error) ||
      !gj_store_insert (store, district, error) ||
      !parse_field (street, "name", setup->street, NULL, error) ||
      !parse_field (street, "district_id", district->id, NULL, error) ||
      (setup->station != NULL && !parse_field (street, "station", setup->station, NULL, error)) ||
      !gj_store_insert (store, street, error) ||
      !gj_store_set_meta (store, "district", district->id, error) ||
      !gj_store_set_meta (store, "street", street->id, error))
    return FALSE;

  for (guint i = 0; i < setup->n_communities; i++)
    {
      const GjCommunitySetup *community = &setup->communities[i];

      if (community->name == NULL || community->name[0] == '\0')
        continue;
      if (!write_community (store, community, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
gj_station_setup (GjStore               *store,
                  const GjStationSetup  *setup,
                  GError               **error)
{
  g_return_val_if_fail (GJ_IS_STORE (store), FALSE);
  g_return_val_if_fail (setup != NULL, FALSE);
  g_return_val_if_fail (setup->n_communities == 0 || setup->communities != NULL, FALSE);

  /* A second street would leave records of the first one without a home:
   * the street is the scope every record syncs in. */
  if (gj_store_get_street (store) != NULL)
    {
      g_set_error_literal (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID,
                           _("The station is already set up; this database keeps one street"));
      return FALSE;
    }
  if (!has_text (setup->street))
    {
      g_set_error_literal (error, GJ_DATA_ERROR, GJ_DATA_ERROR_REQUIRED,
                           _("Street: enter the name of the street the station serves"));
      return FALSE;
    }

  if (!gj_store_begin (store, error))
    return FALSE;
  if (!write_station (store, setup, error))
    {
      gj_store_rollback (store);
      return FALSE;
    }
  return gj_store_commit (store, error);
}
