/* gj-duplicates.c: records that should be one, found after a merge
 *
 * Each laptop keeps its own rows valid, but two laptops can each register
 * the same organization before they sync. Refusing the second at sync time
 * would lose a record, so both are kept and listed here for a person, who
 * merges them with every reference following the one kept.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-duplicates"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gj-data-error.h"
#include "gj-duplicates.h"
#include "gj-store-private.h"

/* The fields that identify a record in the real world. */
static const struct
{
  const char *kind;
  const char *field;
} identifying[] = {
  { "organization", "credit_code" },
  { "unit", "credit_code" },
  { "volunteer", "resident_id" },
  { "social_worker", "resident_id" },
};

void
gj_duplicate_free (GjDuplicate *dup)
{
  if (dup == NULL)
    return;
  g_free (dup->value);
  g_clear_pointer (&dup->ids, g_ptr_array_unref);
  g_free (dup);
}

GPtrArray *
gj_store_find_duplicates (GjStore  *store,
                          GError  **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) gj_duplicate_free);

  for (guint i = 0; i < G_N_ELEMENTS (identifying); i++)
    {
      const GjKind *kind = gj_schema_lookup (identifying[i].kind);
      const GjField *field = kind ? gj_kind_field (kind, identifying[i].field) : NULL;
      g_autofree char *sql = NULL;
      sqlite3_stmt *stmt;
      GjDuplicate *current = NULL;
      int rc;

      if (field == NULL)
        continue;
      /* Codes are compared as people mean them: the same letters in any case. */
      sql = g_strdup_printf ("SELECT upper(trim(%s)) AS v, id FROM %s WHERE deleted = 0 AND "
                             "coalesce(trim(%s), '') <> '' AND upper(trim(%s)) IN "
                             "(SELECT upper(trim(%s)) FROM %s WHERE deleted = 0 AND "
                             "coalesce(trim(%s), '') <> '' GROUP BY 1 HAVING count(*) > 1) "
                             "ORDER BY v, rid",
                             field->name, kind->name, field->name, field->name, field->name,
                             kind->name, field->name);
      stmt = gj_store_prepare (store, sql, error);
      if (stmt == NULL)
        return NULL;
      while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
        {
          const char *value = (const char *) sqlite3_column_text (stmt, 0);

          if (current == NULL || g_strcmp0 (current->value, value) != 0)
            {
              current = g_new0 (GjDuplicate, 1);
              current->kind = kind;
              current->field = field;
              current->value = g_strdup (value);
              current->ids = g_ptr_array_new_with_free_func (g_free);
              g_ptr_array_add (out, current);
            }
          g_ptr_array_add (current->ids, g_strdup ((const char *) sqlite3_column_text (stmt, 1)));
        }
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        {
          gj_store_sql_error (store, rc, error);
          return NULL;
        }
    }
  return g_steal_pointer (&out);
}

/* Points every reference to @drop_id at @keep_id. Project parties name
 * their party by id in a text field whose kind depends on the role; ids
 * are unique across kinds, so matching the id is enough. */
static gboolean
repoint (GjStore       *store,
         const GjKind  *kind,
         const char    *keep_id,
         const char    *drop_id,
         GError       **error)
{
  for (guint k = 0; k < gj_schema_n_kinds (); k++)
    {
      const GjKind *other = gj_schema_kind (k);

      for (guint f = 0; f < other->n_fields; f++)
        {
          const GjField *field = &other->fields[f];
          GjFilter filter = { field->name, drop_id };
          GjQuery q = { .filters = &filter, .n_filters = 1 };
          g_autoptr(GPtrArray) found = NULL;

          if (!((field->type == GJ_FIELD_REF && g_strcmp0 (field->ref_kind, kind->name) == 0) ||
                (g_str_equal (other->name, "project_party") && g_str_equal (field->name, "party_id"))))
            continue;
          if (!(found = gj_store_list (store, other, &q, error)))
            return FALSE;
          for (guint r = 0; r < found->len; r++)
            {
              GjRecord *rec = g_ptr_array_index (found, r);
              g_autoptr(GjRecord) change = gj_record_new (other);

              g_free (change->id);
              change->id = g_strdup (rec->id);
              gj_record_set_text (change, field->name, keep_id);
              if (!gj_store_update (store, change, GJ_WRITE_REOPEN, error))
                return FALSE;
            }
        }
    }
  return TRUE;
}

gboolean
gj_store_merge_records (GjStore       *store,
                        const GjKind  *kind,
                        const char    *keep_id,
                        const char    *drop_id,
                        GError       **error)
{
  g_autoptr(GjRecord) keep = NULL;
  g_autoptr(GjRecord) drop = NULL;
  g_autoptr(GjRecord) fill = NULL;
  gboolean filled = FALSE;

  g_return_val_if_fail (kind != NULL && keep_id != NULL && drop_id != NULL, FALSE);

  if (g_str_equal (keep_id, drop_id))
    {
      g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID,
                   _("A record cannot be merged into itself"));
      return FALSE;
    }
  if (!gj_store_begin (store, error))
    return FALSE;
  if (!(keep = gj_store_get (store, kind, keep_id, error)) ||
      !(drop = gj_store_get (store, kind, drop_id, error)))
    goto fail;

  fill = gj_record_new (kind);
  g_free (fill->id);
  fill->id = g_strdup (keep_id);
  for (guint f = 0; f < kind->n_fields; f++)
    {
      const GjValue *kv = &keep->values[f];
      const GjValue *dv = &drop->values[f];

      if (kind->fields[f].flags & GJ_FIELD_FLAG_INTERNAL)
        continue;
      if ((gj_value_is_null (kv) || (kv->type == GJ_VALUE_TEXT && kv->s[0] == '\0')) &&
          !gj_value_is_null (dv))
        {
          gj_record_set_value (fill, f, dv);
          filled = TRUE;
        }
    }
  if ((filled && !gj_store_update (store, fill, GJ_WRITE_REOPEN, error)) ||
      !repoint (store, kind, keep_id, drop_id, error) ||
      !gj_store_delete (store, kind, drop_id, error))
    goto fail;
  return gj_store_commit (store, error);

fail:
  gj_store_rollback (store);
  return FALSE;
}
