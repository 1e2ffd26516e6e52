/* gj-import-write.c: an import's rows written as one batch
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-import"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gj-data-error.h"
#include "gj-import-normalize.h"
#include "gj-import-private.h"

typedef struct
{
  GjImport       *import;
  const char     *batch;
  GHashTable     *teams;      /* name key -> id of a team this batch created */
  GHashTable     *agreements; /* sheet row -> agreement id, for repeated rows */
  GjImportCounts  counts;
} Batch;

/* The fields an update is about to change, as they were, so that undo can
 * put them back: a GVariant a{smv} in text form, "nothing" for unset. */
static char *
before_text (const GjRecord *existing,
             const GjRecord *changes)
{
  g_auto(GVariantBuilder) b = G_VARIANT_BUILDER_INIT (G_VARIANT_TYPE ("a{smv}"));
  g_autoptr(GVariant) v = NULL;

  for (guint f = 0; f < changes->kind->n_fields; f++)
    {
      const GjValue *had = &existing->values[f];
      GVariant *value = NULL;

      if (!changes->set[f])
        continue;
      switch (had->type)
        {
        case GJ_VALUE_INT:
          value = g_variant_new_int64 (had->i);
          break;
        case GJ_VALUE_REAL:
          value = g_variant_new_double (had->r);
          break;
        case GJ_VALUE_TEXT:
          value = g_variant_new_string (had->s);
          break;
        case GJ_VALUE_NULL:
        default:
          break;
        }
      g_variant_builder_add (&b, "{smv}", changes->kind->fields[f].name, value);
    }
  v = g_variant_ref_sink (g_variant_builder_end (&b));
  return g_variant_print (v, TRUE);
}

static gboolean
insert (Batch     *batch,
        GjRecord  *record,
        GError   **error)
{
  return gj_store_insert (batch->import->store, record, error)
         && gj_import_log_item (batch->import->store, batch->batch, record->kind->name,
                                record->id, NULL, error);
}

/* Writes what @on_match takes from @row into @existing; TRUE with
 * *@changed FALSE when nothing differs. */
static gboolean
update (Batch           *batch,
        GjRecord        *mine,
        GjRecord        *existing,
        gboolean        *changed,
        GError         **error)
{
  g_autoptr(GjRecord) changes = gj_record_new (existing->kind);
  g_autofree char *before = NULL;

  changes->id = g_strdup (existing->id);
  *changed = gj_import_changes (mine, existing, batch->import->on_match, changes) > 0;
  if (!*changed)
    return TRUE;
  before = before_text (existing, changes);
  /* The person chose to take the ledger's values: a stage the ledger
   * records is taken even where a hand edit would need a reopen. */
  return gj_store_update (batch->import->store, changes, GJ_WRITE_REOPEN, error)
         && gj_import_log_item (batch->import->store, batch->batch, existing->kind->name,
                                existing->id, before, error);
}

static gboolean
team_for (Batch            *batch,
          GjImportRowPriv  *row,
          GjRecord         *volunteer,
          GError          **error)
{
  g_autofree char *key = gj_import_name_key (row->new_team);
  const char *id = g_hash_table_lookup (batch->teams, key);

  if (id == NULL)
    {
      g_autoptr(GjRecord) team = gj_record_new_for ("volunteer_team");
      const char *community = gj_record_get_text (volunteer, "community_id");

      gj_record_set_text (team, "name", row->new_team);
      if (community != NULL)
        gj_record_set_text (team, "community_id", community);
      if (!insert (batch, team, error))
        return FALSE;
      id = g_strdup (team->id);
      g_hash_table_insert (batch->teams, g_steal_pointer (&key), (char *) id);
      batch->counts.n_new++;
    }
  gj_record_set_text (volunteer, "team_id", id);
  return TRUE;
}

static gboolean
write_item (Batch            *batch,
            GjImportRowPriv  *row,
            const char       *agreement_id,
            GError          **error)
{
  g_autoptr(GjRecord) item = NULL;
  gboolean changed;

  if (row->item == NULL || agreement_id == NULL)
    return TRUE;
  if (row->item_existing != NULL)
    return update (batch, row->item, row->item_existing, &changed, error);
  item = gj_record_copy (row->item);
  gj_record_set_text (item, "agreement_id", agreement_id);
  return insert (batch, item, error);
}

static gboolean
write_row (Batch            *batch,
           GjImportRowPriv  *row,
           GError          **error)
{
  g_autoptr(GjRecord) record = NULL;
  gboolean changed = FALSE;
  const char *id = NULL;

  switch (row->pub.outcome)
    {
    case GJ_IMPORT_ROW_PROBLEM:
      batch->counts.n_problem++;
      return TRUE;

    case GJ_IMPORT_ROW_DUPLICATE:
      batch->counts.n_duplicate++;
      return write_item (batch, row,
                         g_hash_table_lookup (batch->agreements,
                                              GUINT_TO_POINTER (row->pub.duplicate_of)),
                         error);

    case GJ_IMPORT_ROW_NEW:
      /* A copy: a failed commit leaves the preview as it was, ready for
       * another try. */
      record = gj_record_copy (row->pub.record);
      if (row->new_team != NULL && !team_for (batch, row, record, error))
        return FALSE;
      if (!insert (batch, record, error))
        return FALSE;
      batch->counts.n_new++;
      id = record->id;
      break;

    case GJ_IMPORT_ROW_MATCH:
      if (!update (batch, row->pub.record, row->existing, &changed, error))
        return FALSE;
      batch->counts.n_match++;
      batch->counts.n_update += changed;
      id = row->existing->id;
      break;

    default:
      g_assert_not_reached ();
    }
  g_hash_table_insert (batch->agreements, GUINT_TO_POINTER (row->pub.sheet_row), g_strdup (id));
  return write_item (batch, row, id, error);
}

gboolean
gj_import_write_rows (GjImport    *self,
                      GPtrArray   *rows,
                      const char  *file_name,
                      char       **batch_id,
                      GError     **error)
{
  g_autofree char *id = g_uuid_string_random ();
  g_autofree char *base = g_path_get_basename (file_name);
  Batch batch = { self, id, NULL, NULL, { 0 } };
  gboolean ok = FALSE;

  batch.teams = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  batch.agreements = g_hash_table_new_full (NULL, NULL, NULL, g_free);
  if (!gj_import_log_begin (self->store, id, self->kind->name, base,
                            gj_sheet_get_name (self->sheet), error))
    goto out;
  for (guint i = 0; i < rows->len; i++)
    {
      GjImportRowPriv *row = g_ptr_array_index (rows, i);

      batch.counts.n_rows++;
      if (!write_row (&batch, row, error))
        {
          g_prefix_error (error, _("Row %u: "), row->pub.sheet_row);
          goto out;
        }
    }
  ok = gj_import_log_finish (self->store, id, &batch.counts, gj_store_get_clock (self->store),
                             error);

out:
  g_hash_table_unref (batch.teams);
  g_hash_table_unref (batch.agreements);
  if (ok)
    *batch_id = g_steal_pointer (&id);
  return ok;
}
