/* gj-duplicates.h: records that should be one, found after a merge
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gj-store.h"

G_BEGIN_DECLS

typedef struct
{
  const GjKind  *kind;
  const GjField *field;   /* the identifying field they share */
  char          *value;
  GPtrArray     *ids;     /* two or more record ids, oldest first */
} GjDuplicate;

void       gj_duplicate_free       (GjDuplicate *dup);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GjDuplicate, gj_duplicate_free)

/* Live records sharing a credit code (organizations, units) or a resident
 * ID (volunteers, social workers). Each laptop refuses nothing of the kind
 * alone: two laptops registering one organization meet only after a sync,
 * and the sync must not fail on it, so a person merges them. */
GPtrArray *gj_store_find_duplicates (GjStore     *store,
                                     GError     **error) G_GNUC_WARN_UNUSED_RESULT;

/* Merges @drop_id into @keep_id, both of @kind, in one transaction: every
 * reference to @drop_id (an incubation's organization, a project party…)
 * points to @keep_id, fields empty in @keep_id take @drop_id's values, and
 * @drop_id is deleted. Each of these is an ordinary change that syncs. */
gboolean   gj_store_merge_records   (GjStore       *store,
                                     const GjKind  *kind,
                                     const char    *keep_id,
                                     const char    *drop_id,
                                     GError       **error);

G_END_DECLS
