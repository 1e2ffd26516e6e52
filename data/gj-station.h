/* gj-station.h: setting up the station a database belongs to
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gj-store.h"

G_BEGIN_DECLS

/* A community entered with the station, each value as typed. */
typedef struct
{
  const char *name;         /* empty or NULL: the community is left out */
  const char *type;         /* an enumeration key or its Chinese name */
  const char *households;
  const char *population;
} GjCommunitySetup;

typedef struct
{
  const char             *district;       /* NULL or empty: "District" */
  const char             *street;         /* required */
  const char             *station;        /* NULL: not recorded */
  const GjCommunitySetup *communities;
  guint                   n_communities;
} GjStationSetup;

/* Writes the district, the street with its station and the communities,
 * and makes the street this database's own, in one transaction: a value
 * that is refused (the message names the field, and the community it
 * belongs to) leaves nothing written. A database is set up only once. */
gboolean gj_station_setup (GjStore               *store,
                           const GjStationSetup  *setup,
                           GError               **error);

G_END_DECLS
