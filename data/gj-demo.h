/* gj-demo.h: realistic Chinese demo data for a new station
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gj-store.h"

G_BEGIN_DECLS

/* Loads one street's demo data into an empty store in one transaction:
 * at least 8 communities, 60 organizations across every category and
 * incubation stage, 20 projects with all five parties, 10 agreements with
 * items (some overdue relative to @today), 100 volunteers in teams with
 * time-bank hours. Deterministic for a given @seed. Refuses a store that
 * already holds records. */
gboolean gj_demo_load (GjStore     *store,
                       guint32      seed,
                       GDate       *today,
                       GError     **error);

G_END_DECLS
