/* gj-project-parties.c: the five parties of a project, written at once
 *
 * The five-party dialog edits every link of a project together; writing
 * them one by one would leave a project half-linked when one of them is
 * refused. So the whole set is compared with the stored links and the
 * difference written in one transaction.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-project-parties"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gj-data-error.h"
#include "gj-format.h"
#include "gj-project-parties.h"

static const char *
or_empty (const char *text)
{
  return text != NULL ? text : "";
}

/* Each party is known by role and exists; none is named twice in a role. */
static gboolean
check_parties (GjStore              *store,
               const GjProjectParty *parties,
               guint                 n_parties,
               GError              **error)
{
  const GjKind *links = gj_schema_lookup ("project_party");

  for (guint i = 0; i < n_parties; i++)
    {
      const GjProjectParty *p = &parties[i];
      const char *kind_name = gj_format_party_kind (p->role);
      g_autoptr(GjRecord) party = NULL;
      g_autoptr(GError) get_error = NULL;

      if (kind_name == NULL)
        {
          gj_data_error_set (error, GJ_DATA_ERROR_INVALID, "role",
                             _("Role: “%s” is not one of the five parties"), or_empty (p->role));
          return FALSE;
        }
      if (p->party_id == NULL || p->party_id[0] == '\0')
        {
          gj_data_error_set (error, GJ_DATA_ERROR_REQUIRED, "party_id",
                             _("%s: choose a party or remove the empty line"),
                             gj_format_enum_label (links, "role", p->role));
          return FALSE;
        }
      party = gj_store_get (store, gj_schema_lookup (kind_name), p->party_id, &get_error);
      if (party == NULL)
        {
          if (g_error_matches (get_error, GJ_DATA_ERROR, GJ_DATA_ERROR_NOT_FOUND))
            gj_data_error_set (error, GJ_DATA_ERROR_NOT_FOUND, "party_id",
                               _("%s: the chosen party no longer exists; choose another"),
                               gj_format_enum_label (links, "role", p->role));
          else
            g_propagate_error (error, g_steal_pointer (&get_error));
          return FALSE;
        }
      for (guint j = 0; j < i; j++)
        if (g_strcmp0 (parties[j].role, p->role) == 0 &&
            g_strcmp0 (parties[j].party_id, p->party_id) == 0)
          {
            g_autofree char *title = gj_format_record_title (store, party);

            gj_data_error_set (error, GJ_DATA_ERROR_INVALID, "party_id",
                               _("%s: “%s” is listed twice; remove one of them"),
                               gj_format_enum_label (links, "role", p->role), title);
            return FALSE;
          }
    }
  return TRUE;
}

static gboolean
write_parties (GjStore              *store,
               const char           *project_id,
               const GjProjectParty *parties,
               guint                 n_parties,
               GError              **error)
{
  const GjKind *kind = gj_schema_lookup ("project_party");
  GjFilter filter = { "project_id", project_id, GJ_FILTER_EQ };
  GjQuery q = { .filters = &filter, .n_filters = 1 };
  g_autoptr(GPtrArray) stored = gj_store_list (store, kind, &q, error);
  g_autofree gboolean *kept = g_new0 (gboolean, n_parties + 1);

  if (stored == NULL)
    return FALSE;
  for (guint i = 0; i < stored->len; i++)
    {
      GjRecord *link = g_ptr_array_index (stored, i);
      const char *role = gj_record_get_text (link, "role");
      const char *party_id = gj_record_get_text (link, "party_id");
      guint j;

      for (j = 0; j < n_parties; j++)
        if (!kept[j] && g_strcmp0 (parties[j].role, role) == 0 &&
            g_strcmp0 (parties[j].party_id, party_id) == 0)
          break;
      if (j == n_parties)
        {
          if (!gj_store_delete (store, kind, link->id, error))
            return FALSE;
          continue;
        }
      kept[j] = TRUE;
      if (g_strcmp0 (or_empty (gj_record_get_text (link, "contribution")),
                     or_empty (parties[j].contribution)) != 0)
        {
          g_autoptr(GjRecord) changes = gj_record_copy (link);

          if (!gj_record_parse (changes, "contribution", or_empty (parties[j].contribution),
                                error) ||
              !gj_store_update (store, changes, GJ_WRITE_NONE, error))
            return FALSE;
        }
    }
  for (guint j = 0; j < n_parties; j++)
    {
      g_autoptr(GjRecord) link = NULL;

      if (kept[j])
        continue;
      link = gj_record_new (kind);
      if (!gj_record_parse (link, "project_id", project_id, error) ||
          !gj_record_parse (link, "role", parties[j].role, error) ||
          !gj_record_parse (link, "party_id", parties[j].party_id, error) ||
          !gj_record_parse (link, "contribution", or_empty (parties[j].contribution), error) ||
          !gj_store_insert (store, link, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
gj_project_parties_set (GjStore              *store,
                        const char           *project_id,
                        const GjProjectParty *parties,
                        guint                 n_parties,
                        GError              **error)
{
  g_autoptr(GjRecord) project = NULL;

  g_return_val_if_fail (GJ_IS_STORE (store), FALSE);
  g_return_val_if_fail (project_id != NULL, FALSE);
  g_return_val_if_fail (parties != NULL || n_parties == 0, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  project = gj_store_get (store, gj_schema_lookup ("project"), project_id, error);
  if (project == NULL || !check_parties (store, parties, n_parties, error))
    return FALSE;
  if (!gj_store_begin (store, error))
    return FALSE;
  if (!write_parties (store, project_id, parties, n_parties, error))
    {
      gj_store_rollback (store);
      return FALSE;
    }
  /* A commit that fails has rolled back already. */
  return gj_store_commit (store, error);
}
