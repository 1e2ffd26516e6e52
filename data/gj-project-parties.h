/* gj-project-parties.h: the five parties of a project, written at once
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gj-store.h"

G_BEGIN_DECLS

/* One party of a project as a person chose it: a role of project_party
 * ("community", "social_worker"…), the id of a record of the kind that role
 * names (gj_format_party_kind()), and what it contributes (may be NULL). */
typedef struct
{
  const char *role;
  const char *party_id;
  const char *contribution;
} GjProjectParty;

/* Makes the parties of project @project_id exactly @parties (@n_parties of
 * them), in one transaction: links that stay are kept (their contribution
 * updated), links no longer listed are deleted, new ones inserted. Either
 * every link is written or none. A party named twice in one role, an
 * unknown role or a party that does not exist is refused with an error
 * naming it. */
gboolean    gj_project_parties_set  (GjStore              *store,
                                     const char           *project_id,
                                     const GjProjectParty *parties,
                                     guint                 n_parties,
                                     GError              **error);

G_END_DECLS
