/* gj-import-log.c: the import batches a database has taken, and their undo
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-import"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gj-data-error.h"
#include "gj-import-log.h"
#include "gj-import-private.h"
#include "gj-store-private.h"

/* Both tables are this device's own: a batch is undone where it was
 * imported, and the undo then syncs as ordinary writes. */
static const char tables_sql[] =
  "CREATE TABLE IF NOT EXISTS import_batch ("
  " id TEXT PRIMARY KEY, kind TEXT NOT NULL, file_name TEXT NOT NULL, sheet TEXT,"
  " created INTEGER NOT NULL, undone INTEGER NOT NULL DEFAULT 0, clock INTEGER NOT NULL DEFAULT 0,"
  " n_new INTEGER NOT NULL DEFAULT 0, n_updated INTEGER NOT NULL DEFAULT 0,"
  " n_duplicate INTEGER NOT NULL DEFAULT 0, n_problem INTEGER NOT NULL DEFAULT 0,"
  " n_skipped INTEGER NOT NULL DEFAULT 0);"
  "CREATE TABLE IF NOT EXISTS import_item ("
  " seq INTEGER PRIMARY KEY, batch_id TEXT NOT NULL, kind TEXT NOT NULL,"
  " record_id TEXT NOT NULL, before TEXT);"
  "CREATE INDEX IF NOT EXISTS import_item_batch ON import_item (batch_id, seq);";

/* Made by the first import, on the connection that writes it. Not
 * remembered per connection: a rolled-back first import takes its
 * CREATE TABLE with it. */
static gboolean
ensure_tables (GjStore  *store,
               GError  **error)
{
  return gj_store_exec (store, tables_sql, error);
}

/* Reads never create the tables: they run on read-only connections too
 * (the app's reader, a store found damaged, which writes nothing), and
 * a database that never imported anything simply has no batches. */
static gboolean
has_tables (GjStore  *store,
            gboolean *found,
            GError  **error)
{
  sqlite3_stmt *stmt = gj_store_prepare (store, "SELECT 1 FROM sqlite_master WHERE type = 'table'"
                                         " AND name = 'import_batch'", error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return gj_store_sql_error (store, rc, error);
  *found = rc == SQLITE_ROW;
  return TRUE;
}

gboolean
gj_import_log_begin (GjStore     *store,
                     const char  *batch_id,
                     const char  *kind,
                     const char  *file_name,
                     const char  *sheet,
                     GError     **error)
{
  sqlite3_stmt *stmt;

  if (!ensure_tables (store, error))
    return FALSE;
  stmt = gj_store_prepare (store, "INSERT INTO import_batch (id, kind, file_name, sheet, created)"
                           " VALUES (?, ?, ?, ?, ?)", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, batch_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, kind, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, file_name, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, sheet, -1, SQLITE_TRANSIENT);
  sqlite3_bind_int64 (stmt, 5, g_get_real_time () / G_USEC_PER_SEC);
  return gj_store_step_done (store, stmt, error);
}

gboolean
gj_import_log_item (GjStore     *store,
                    const char  *batch_id,
                    const char  *kind,
                    const char  *record_id,
                    const char  *before,
                    GError     **error)
{
  sqlite3_stmt *stmt = gj_store_prepare (store, "INSERT INTO import_item (batch_id, kind, "
                                         "record_id, before) VALUES (?, ?, ?, ?)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, batch_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 2, kind, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 3, record_id, -1, SQLITE_TRANSIENT);
  sqlite3_bind_text (stmt, 4, before, -1, SQLITE_TRANSIENT);
  return gj_store_step_done (store, stmt, error);
}

gboolean
gj_import_log_finish (GjStore              *store,
                      const char           *batch_id,
                      const GjImportCounts *counts,
                      guint64               clock,
                      GError              **error)
{
  sqlite3_stmt *stmt = gj_store_prepare (store, "UPDATE import_batch SET clock = ?, n_new = ?,"
                                         " n_updated = ?, n_duplicate = ?, n_problem = ?,"
                                         " n_skipped = ? WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_int64 (stmt, 1, (gint64) clock);
  sqlite3_bind_int (stmt, 2, counts->n_new);
  sqlite3_bind_int (stmt, 3, counts->n_update);
  sqlite3_bind_int (stmt, 4, counts->n_duplicate);
  sqlite3_bind_int (stmt, 5, counts->n_problem);
  sqlite3_bind_int (stmt, 6, counts->n_match - counts->n_update);
  sqlite3_bind_text (stmt, 7, batch_id, -1, SQLITE_TRANSIENT);
  return gj_store_step_done (store, stmt, error);
}

void
gj_import_batch_free (GjImportBatch *batch)
{
  if (batch == NULL)
    return;
  g_free (batch->id);
  g_free (batch->kind);
  g_free (batch->file_name);
  g_free (batch->sheet);
  g_free (batch);
}

static char *
column_text (sqlite3_stmt *stmt,
             int           col)
{
  return g_strdup ((const char *) sqlite3_column_text (stmt, col));
}

#define BATCH_COLUMNS \
  "id, kind, file_name, sheet, created, undone, n_new, n_updated, n_duplicate, n_problem," \
  " n_skipped, clock"

static GjImportBatch *
batch_from_row (sqlite3_stmt *stmt,
                guint64      *clock)
{
  GjImportBatch *b = g_new0 (GjImportBatch, 1);

  b->id = column_text (stmt, 0);
  b->kind = column_text (stmt, 1);
  b->file_name = column_text (stmt, 2);
  b->sheet = column_text (stmt, 3);
  b->created = sqlite3_column_int64 (stmt, 4);
  b->undone = sqlite3_column_int64 (stmt, 5);
  b->n_new = sqlite3_column_int (stmt, 6);
  b->n_updated = sqlite3_column_int (stmt, 7);
  b->n_duplicate = sqlite3_column_int (stmt, 8);
  b->n_problem = sqlite3_column_int (stmt, 9);
  b->n_skipped = sqlite3_column_int (stmt, 10);
  if (clock != NULL)
    *clock = (guint64) sqlite3_column_int64 (stmt, 11);
  return b;
}

GPtrArray *
gj_import_log_list (GjStore  *store,
                    GError  **error)
{
  g_autoptr(GPtrArray) out = g_ptr_array_new_with_free_func ((GDestroyNotify) gj_import_batch_free);
  sqlite3_stmt *stmt;
  gboolean found;
  int rc;

  g_return_val_if_fail (GJ_IS_STORE (store), NULL);

  if (!has_tables (store, &found, error))
    return NULL;
  if (!found)
    return g_steal_pointer (&out);
  stmt = gj_store_prepare (store, "SELECT " BATCH_COLUMNS " FROM import_batch"
                           " ORDER BY created DESC, rowid DESC", error);
  if (stmt == NULL)
    return NULL;
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (out, batch_from_row (stmt, NULL));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      gj_store_sql_error (store, rc, error);
      return NULL;
    }
  return g_steal_pointer (&out);
}

static GjImportBatch *
get_batch (GjStore     *store,
           const char  *batch_id,
           guint64     *clock,
           GError     **error)
{
  sqlite3_stmt *stmt;
  GjImportBatch *b = NULL;
  gboolean found;
  int rc;

  if (!has_tables (store, &found, error))
    return NULL;
  if (!found)
    {
      gj_data_error_set (error, GJ_DATA_ERROR_NOT_FOUND, NULL,
                         _("There is no import “%s”; the list of imports shows their ids"),
                         batch_id);
      return NULL;
    }
  stmt = gj_store_prepare (store, "SELECT " BATCH_COLUMNS " FROM import_batch WHERE id = ?"
                           " OR (length (?1) >= 8 AND id LIKE ?1 || '%')", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, batch_id, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    b = batch_from_row (stmt, clock);
  if (rc == SQLITE_ROW && sqlite3_step (stmt) == SQLITE_ROW)
    {
      g_clear_pointer (&b, gj_import_batch_free);
      gj_data_error_set (error, GJ_DATA_ERROR_NOT_FOUND, NULL,
                         _("“%s” is the start of more than one import's id: give more of it"),
                         batch_id);
    }
  else if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    gj_store_sql_error (store, rc, error);
  else if (b == NULL)
    gj_data_error_set (error, GJ_DATA_ERROR_NOT_FOUND, NULL,
                       _("There is no import “%s”; the list of imports shows their ids"),
                       batch_id);
  sqlite3_reset (stmt);
  return b;
}

GjImportBatch *
gj_import_log_get (GjStore     *store,
                   const char  *batch_id,
                   GError     **error)
{
  g_return_val_if_fail (GJ_IS_STORE (store), NULL);
  g_return_val_if_fail (batch_id != NULL, NULL);
  return get_batch (store, batch_id, NULL, error);
}

typedef struct
{
  char *kind;
  char *record_id;
  char *before;
} Item;

static void
item_clear (gpointer data)
{
  Item *item = data;

  g_free (item->kind);
  g_free (item->record_id);
  g_free (item->before);
}

static GArray *
batch_items (GjStore     *store,
             const char  *batch_id,
             GError     **error)
{
  g_autoptr(GArray) items = g_array_new (FALSE, TRUE, sizeof (Item));
  sqlite3_stmt *stmt;
  int rc;

  g_array_set_clear_func (items, item_clear);
  stmt = gj_store_prepare (store, "SELECT kind, record_id, before FROM import_item"
                           " WHERE batch_id = ? ORDER BY seq DESC", error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, batch_id, -1, SQLITE_TRANSIENT);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    {
      Item item = { column_text (stmt, 0), column_text (stmt, 1), column_text (stmt, 2) };

      g_array_append_val (items, item);
    }
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      gj_store_sql_error (store, rc, error);
      return NULL;
    }
  return g_steal_pointer (&items);
}

static guint64
cell_clock (GPtrArray *cells,
            int        column)
{
  for (guint i = 0; i < cells->len; i++)
    {
      GjCell *cell = g_ptr_array_index (cells, i);

      if (column < 0 || cell->column == column)
        return cell->hlc;
    }
  return 0;
}

static guint64
newest_clock (GPtrArray *cells)
{
  guint64 newest = 0;

  for (guint i = 0; i < cells->len; i++)
    newest = MAX (newest, ((GjCell *) g_ptr_array_index (cells, i))->hlc);
  return newest;
}

static void
set_before (GjRecord   *changes,
            const char *field,
            GVariant   *value)
{
  if (value == NULL)
    gj_record_set_null (changes, field);
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_INT64))
    gj_record_set_int (changes, field, g_variant_get_int64 (value));
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_DOUBLE))
    gj_record_set_real (changes, field, g_variant_get_double (value));
  else if (g_variant_is_of_type (value, G_VARIANT_TYPE_STRING))
    gj_record_set_text (changes, field, g_variant_get_string (value, NULL));
}

/* Puts back what one update of the batch changed, field by field. */
static gboolean
undo_update (GjStore     *store,
             GjRecord    *rec,
             GPtrArray   *cells,
             const char  *before,
             guint64      clock,
             GPtrArray   *kept,
             guint       *n_undone,
             GError     **error)
{
  g_autoptr(GVariant) fields = g_variant_parse (G_VARIANT_TYPE ("a{smv}"), before, NULL, NULL,
                                                NULL);
  g_autoptr(GjRecord) changes = gj_record_new (rec->kind);
  GVariantIter iter;
  const char *name;
  GVariant *value;
  gboolean any = FALSE;

  if (fields == NULL)
    return TRUE;
  changes->id = g_strdup (rec->id);
  g_variant_iter_init (&iter, fields);
  while (g_variant_iter_next (&iter, "{&sm@v}", &name, &value))
    {
      g_autoptr(GVariant) boxed = value;
      g_autoptr(GVariant) inner = boxed != NULL ? g_variant_get_variant (boxed) : NULL;
      int col = gj_kind_field_index (rec->kind, name);

      if (col < 0)
        continue;
      if (cell_clock (cells, col) > clock)
        {
          g_ptr_array_add (kept, g_strdup_printf (_("%s “%s”: %s was changed after the import "
                                                    "and keeps its value"),
                                                  _(rec->kind->label), gj_record_get_title (rec),
                                                  _(rec->kind->fields[col].label)));
          continue;
        }
      set_before (changes, name, inner);
      any = TRUE;
    }
  if (!any)
    return TRUE;
  if (!gj_store_update (store, changes, GJ_WRITE_REOPEN, error))
    return FALSE;
  (*n_undone)++;
  return TRUE;
}

static gboolean
undo_item (GjStore     *store,
           const Item  *item,
           guint64      clock,
           GPtrArray   *kept,
           guint       *n_undone,
           GError     **error)
{
  const GjKind *kind = gj_schema_lookup (item->kind);
  g_autoptr(GjRecord) rec = NULL;
  g_autoptr(GPtrArray) cells = NULL;
  g_autoptr(GError) local = NULL;

  if (kind == NULL)
    return TRUE;
  rec = gj_store_get (store, kind, item->record_id, &local);
  if (rec == NULL && g_error_matches (local, GJ_DATA_ERROR, GJ_DATA_ERROR_NOT_FOUND))
    return TRUE;
  if (rec == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  cells = gj_store_cells (store, kind, rec->id, error);
  if (cells == NULL)
    return FALSE;
  if (item->before != NULL)
    return undo_update (store, rec, cells, item->before, clock, kept, n_undone, error);
  if (gj_record_is_deleted (rec))
    return TRUE;
  if (newest_clock (cells) > clock)
    {
      g_ptr_array_add (kept, g_strdup_printf (_("%s “%s” was edited after the import and is kept"),
                                              _(kind->label), gj_record_get_title (rec)));
      return TRUE;
    }
  if (!gj_store_delete (store, kind, rec->id, error))
    return FALSE;
  (*n_undone)++;
  return TRUE;
}

gboolean
gj_import_undo (GjStore     *store,
                const char  *batch_id,
                GPtrArray  **kept,
                guint       *n_undone,
                GError     **error)
{
  g_autoptr(GjImportBatch) batch = NULL;
  g_autoptr(GPtrArray) kept_lines = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GArray) items = NULL;
  sqlite3_stmt *stmt;
  guint64 clock = 0;
  guint undone = 0;

  g_return_val_if_fail (GJ_IS_STORE (store), FALSE);
  g_return_val_if_fail (batch_id != NULL, FALSE);

  if (!gj_store_begin (store, error))
    return FALSE;
  batch = get_batch (store, batch_id, &clock, error);
  if (batch == NULL)
    goto fail;
  if (batch->undone != 0)
    {
      g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (batch->undone);
      g_autofree char *shown = g_date_time_format (when, "%x %X");

      gj_data_error_set (error, GJ_DATA_ERROR_INVALID, NULL,
                         _("The import of “%s” was already undone on %s"),
                         batch->file_name, shown);
      goto fail;
    }
  items = batch_items (store, batch->id, error);
  if (items == NULL)
    goto fail;
  for (guint i = 0; i < items->len; i++)
    if (!undo_item (store, &g_array_index (items, Item, i), clock, kept_lines, &undone, error))
      goto fail;
  stmt = gj_store_prepare (store, "UPDATE import_batch SET undone = ? WHERE id = ?", error);
  if (stmt == NULL)
    goto fail;
  sqlite3_bind_int64 (stmt, 1, g_get_real_time () / G_USEC_PER_SEC);
  sqlite3_bind_text (stmt, 2, batch->id, -1, SQLITE_TRANSIENT);
  if (!gj_store_step_done (store, stmt, error))
    goto fail;
  /* A failed commit has rolled back already. */
  if (!gj_store_commit (store, error))
    return FALSE;
  if (kept != NULL)
    *kept = g_steal_pointer (&kept_lines);
  if (n_undone != NULL)
    *n_undone = undone;
  return TRUE;

fail:
  gj_store_rollback (store);
  return FALSE;
}
