/* gj-store-query.c: reading records (get, list, count, search, ids by
 * prefix, cells, the time bank's balance)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gj-data-error.h"
#include "gj-store-private.h"

static GjRecord *
record_from_state (GjRowState *rs)
{
  GjRecord *rec = gj_record_new (rs->kind);

  rec->id = g_strdup (rs->id);
  for (guint i = 0; i <= rs->kind->n_fields; i++)
    gj_value_copy (&rec->values[i], &rs->values[i]);
  return rec;
}

GjRecord *
gj_store_get (GjStore       *self,
              const GjKind  *kind,
              const char    *id,
              GError       **error)
{
  GjRowState *rs = NULL;

  g_return_val_if_fail (GJ_IS_STORE (self), NULL);
  g_return_val_if_fail (kind != NULL && id != NULL, NULL);

  if (!gj_store_load_existing (self, kind, id, &rs, error))
    return NULL;
  return record_from_state (rs);
}

char *
gj_store_resolve_id (GjStore       *self,
                     const GjKind  *kind,
                     const char    *id_or_prefix,
                     GError       **error)
{
  g_autofree char *sql = NULL;
  g_autofree char *hi = NULL;
  g_autoptr(GPtrArray) matches = g_ptr_array_new_with_free_func (g_free);
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (GJ_IS_STORE (self), NULL);

  if (strlen (id_or_prefix) < 8)
    {
      g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_NOT_FOUND,
                   _("“%s” is too short to name a record; give at least 8 characters of its id"),
                   id_or_prefix);
      return NULL;
    }
  /* Four rows: one says the prefix is unique, the rest show a person which
   * records it could mean. */
  sql = g_strdup_printf ("SELECT id FROM %s WHERE id >= ? AND id < ? ORDER BY id LIMIT 4",
                         kind->name);
  stmt = gj_store_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;
  hi = g_strconcat (id_or_prefix, "\xff", NULL);
  sqlite3_bind_text (stmt, 1, id_or_prefix, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, hi, -1, SQLITE_STATIC);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (matches, g_strdup ((const char *) sqlite3_column_text (stmt, 0)));
  sqlite3_reset (stmt);
  if (rc != SQLITE_DONE)
    {
      gj_store_sql_error (self, rc, error);
      return NULL;
    }
  if (matches->len == 0)
    {
      g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_NOT_FOUND,
                   _("There is no %s with the id “%s”"), _(kind->label), id_or_prefix);
      return NULL;
    }
  if (matches->len > 1 && !g_str_equal (matches->pdata[0], id_or_prefix))
    {
      g_autoptr(GString) some = g_string_new (NULL);

      for (guint i = 0; i < MIN (matches->len, 3); i++)
        {
          /* TRANSLATORS: separator between record ids in a list */
          if (i > 0)
            g_string_append (some, _(", "));
          g_string_append (some, matches->pdata[i]);
        }
      if (matches->len > 3)
        g_string_append (some, _(", …"));
      g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_NOT_FOUND,
                   _("“%s” matches more than one %s (%s); give more of the id"),
                   id_or_prefix, _(kind->label), some->str);
      return NULL;
    }
  return g_strdup (matches->pdata[0]);
}

/* Turns text into an FTS5 phrase: the trigram tokenizer matches it as a
 * substring, and quoting keeps FTS5 syntax characters literal. */
static char *
fts_phrase (const char *text)
{
  GString *q = g_string_new ("\"");

  for (const char *p = text; *p; p++)
    {
      if (*p == '"')
        g_string_append_c (q, '"');
      g_string_append_c (q, *p);
    }
  g_string_append_c (q, '"');
  return g_string_free (q, FALSE);
}

static char *
like_pattern (const char *text)
{
  GString *q = g_string_new ("%");

  for (const char *p = text; *p; p++)
    {
      if (*p == '%' || *p == '_' || *p == '\\')
        g_string_append_c (q, '\\');
      g_string_append_c (q, *p);
    }
  g_string_append_c (q, '%');
  return g_string_free (q, FALSE);
}

static gboolean
use_trigram (const char *text)
{
  return g_utf8_strlen (text, -1) >= 3;
}

typedef struct
{
  GString   *where;
  GPtrArray *binds;  /* char*; NULL binds SQL NULL */
} WhereClause;

/* How far a text search follows references: a time-bank entry is found
 * by its volunteer's name or phone (one hop) and by the volunteer's
 * community (two). Each hop is a lookup by an indexed id column, so the
 * cost grows with the kinds reached, not with the rows listed. */
#define TEXT_REF_HOPS 2

/* Appends to @w a query for the rids of @kind whose own indexed text
 * contains @text, or whose references, followed up to @hops times, lead
 * to a record whose text does. The referenced records are matched when
 * the query runs, so a renamed volunteer is found by the new name and
 * nothing of theirs is copied into the entries that point to them. */
static void
append_text_rids (const GjKind *kind,
                  const char   *text,
                  guint         hops,
                  WhereClause  *w)
{
  gint64 lo = (gint64) kind->index << GJ_FTS_KIND_SHIFT;
  gint64 hi = lo | ((G_GINT64_CONSTANT (1) << GJ_FTS_KIND_SHIFT) - 1);

  if (use_trigram (text))
    {
      g_string_append_printf (w->where, "SELECT rowid - %" G_GINT64_FORMAT " FROM search "
                              "WHERE search MATCH ? AND rowid BETWEEN %" G_GINT64_FORMAT
                              " AND %" G_GINT64_FORMAT, lo, lo, hi);
      g_ptr_array_add (w->binds, fts_phrase (text));
    }
  else
    {
      g_string_append_printf (w->where, "SELECT rowid - %" G_GINT64_FORMAT " FROM search "
                              "WHERE body LIKE ? ESCAPE '\\' AND rowid BETWEEN %"
                              G_GINT64_FORMAT " AND %" G_GINT64_FORMAT, lo, lo, hi);
      g_ptr_array_add (w->binds, like_pattern (text));
    }
  if (hops == 0)
    return;
  for (guint f = 0; f < kind->n_fields; f++)
    {
      const GjField *field = &kind->fields[f];
      const GjKind *target;

      /* The street scope is shared by every record of a street: following
       * it would make the street's name match them all. */
      if (field->type != GJ_FIELD_REF || (field->flags & GJ_FIELD_FLAG_INTERNAL) ||
          (target = gj_schema_lookup (field->ref_kind)) == NULL)
        continue;
      g_string_append_printf (w->where, " UNION SELECT rid FROM %s WHERE %s IN "
                              "(SELECT id FROM %s WHERE deleted = 0 AND rid IN (",
                              kind->name, field->name, target->name);
      append_text_rids (target, text, hops - 1, w);
      g_string_append (w->where, "))");
    }
}

static gboolean
build_where (const GjKind   *kind,
             const GjQuery  *q,
             WhereClause    *w,
             GError        **error)
{
  w->where = g_string_new (q && q->include_deleted ? "1" : "deleted = 0");
  w->binds = g_ptr_array_new_with_free_func (g_free);

  if (q == NULL)
    return TRUE;

  for (guint i = 0; i < q->n_filters; i++)
    {
      const GjFilter *f = &q->filters[i];
      const GjField *field = gj_kind_field (kind, f->field);
      static const char *const sql_ops[] = {
        [GJ_FILTER_EQ] = "=", [GJ_FILTER_NE] = "IS NOT", [GJ_FILTER_LT] = "<",
        [GJ_FILTER_LE] = "<=", [GJ_FILTER_GT] = ">", [GJ_FILTER_GE] = ">=",
      };

      if (gj_kind_field_index (kind, f->field) < 0)
        {
          gj_data_error_set (error, GJ_DATA_ERROR_UNKNOWN_FIELD, f->field,
                             _("%s has no field “%s”"), _(kind->label), f->field);
          return FALSE;
        }
      g_return_val_if_fail ((guint) f->op < G_N_ELEMENTS (sql_ops), FALSE);
      if (f->value == NULL || f->value[0] == '\0')
        g_string_append_printf (w->where, " AND %s %s NULL", f->field,
                                f->op == GJ_FILTER_NE ? "IS NOT" : "IS");
      else
        {
              /* The tombstone ("deleted") has no GjField. */
          gboolean numeric = field && (field->type == GJ_FIELD_INT ||
                                       field->type == GJ_FIELD_MONEY ||
                                       field->type == GJ_FIELD_BOOL ||
                                       field->type == GJ_FIELD_REAL);

          if (numeric)
            g_string_append_printf (w->where, " AND %s %s CAST(? AS REAL)", f->field,
                                    sql_ops[f->op]);
          else
            g_string_append_printf (w->where, " AND %s %s ?", f->field, sql_ops[f->op]);
          g_ptr_array_add (w->binds, g_strdup (f->value));
        }
    }

  if (q->text != NULL && q->text[0] != '\0')
    {
      g_string_append (w->where, " AND rid IN (");
      append_text_rids (kind, q->text, TEXT_REF_HOPS, w);
      g_string_append_c (w->where, ')');
    }
  return TRUE;
}

static void
where_clear (WhereClause *w)
{
  if (w->where)
    g_string_free (w->where, TRUE);
  g_clear_pointer (&w->binds, g_ptr_array_unref);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (WhereClause, where_clear)

/* The rowids @query selects, in its order. */
static GArray *
list_rids (GjStore        *self,
           const GjKind   *kind,
           const GjQuery  *query,
           GError        **error)
{
  g_auto(WhereClause) w = { NULL, NULL };
  g_autoptr(GString) sql = NULL;
  g_autoptr(GArray) rids = NULL;
  const char *sort;
  sqlite3_stmt *stmt;

  if (!build_where (kind, query, &w, error))
    return NULL;
  sort = query && query->sort_field ? query->sort_field : kind->fields[kind->title_field].name;
  if (gj_kind_field_index (kind, sort) < 0 && !g_str_equal (sort, "id"))
    {
      gj_data_error_set (error, GJ_DATA_ERROR_UNKNOWN_FIELD, sort,
                         _("%s has no field “%s”"), _(kind->label), sort);
      return NULL;
    }

  sql = g_string_new (NULL);
  /* The page is bound, not written into the text, so that one cached
   * statement serves every page of a list. */
  g_string_printf (sql, "SELECT rid FROM %s WHERE %s ORDER BY %s %s, rid LIMIT ? OFFSET ?",
                   kind->name, w.where->str, sort,
                   query && query->descending ? "DESC" : "ASC");
  stmt = gj_store_prepare (self, sql->str, error);
  if (stmt == NULL)
    return NULL;
  for (guint i = 0; i < w.binds->len; i++)
    sqlite3_bind_text (stmt, i + 1, g_ptr_array_index (w.binds, i), -1, SQLITE_STATIC);
  /* A negative LIMIT is SQLite's "no limit". */
  sqlite3_bind_int64 (stmt, w.binds->len + 1, query && query->limit ? (gint64) query->limit : -1);
  sqlite3_bind_int64 (stmt, w.binds->len + 2, query ? query->offset : 0);
  rids = g_array_new (FALSE, FALSE, sizeof (gint64));
  if (!gj_store_collect_ids (self, stmt, rids, error))
    return NULL;
  return g_steal_pointer (&rids);
}

GPtrArray *
gj_store_list (GjStore        *self,
               const GjKind   *kind,
               const GjQuery  *query,
               GError        **error)
{
  g_autoptr(GPtrArray) result = NULL;
  g_autoptr(GArray) rids = NULL;
  GjRowState *rs;

  g_return_val_if_fail (GJ_IS_STORE (self), NULL);
  g_return_val_if_fail (kind != NULL, NULL);

  rids = list_rids (self, kind, query, error);
  if (rids == NULL)
    return NULL;
  result = g_ptr_array_new_with_free_func ((GDestroyNotify) gj_record_unref);
  rs = gj_store_row_state (self, kind);
  for (guint i = 0; i < rids->len; i++)
    {
      if (!gj_store_load_row_rid (self, rs, g_array_index (rids, gint64, i), error))
        return NULL;
      if (rs->exists)
        g_ptr_array_add (result, record_from_state (rs));
    }
  return g_steal_pointer (&result);
}

gboolean
gj_store_list_each (GjStore           *self,
                    const GjKind      *kind,
                    const GjQuery     *query,
                    GjStoreRecordFunc  func,
                    gpointer           user_data,
                    GError           **error)
{
  g_autoptr(GArray) rids = NULL;
  gboolean began;
  gboolean ok;
  GjRowState *rs;

  g_return_val_if_fail (GJ_IS_STORE (self), FALSE);
  g_return_val_if_fail (kind != NULL && func != NULL, FALSE);

  /* One read transaction for the whole list: every row is read from the
   * same snapshot, and SQLite takes its shared lock once instead of once
   * a row. */
  if (!gj_store_begin_read (self, &began, error))
    return FALSE;
  rids = list_rids (self, kind, query, error);
  ok = rids != NULL;
  rs = gj_store_row_state (self, kind);
  for (guint i = 0; ok && i < rids->len; i++)
    {
      g_autoptr(GjRecord) rec = NULL;

      if (!gj_store_load_row_rid (self, rs, g_array_index (rids, gint64, i), error))
        ok = FALSE;
      else if (rs->exists)
        {
          rec = record_from_state (rs);
          ok = func (rec, user_data, error);
        }
    }
  gj_store_end_read (self, began);
  return ok;
}

gint64
gj_store_count (GjStore        *self,
                const GjKind   *kind,
                const GjQuery  *query,
                GError        **error)
{
  g_auto(WhereClause) w = { NULL, NULL };
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;
  gint64 n = -1;
  int rc;

  g_return_val_if_fail (GJ_IS_STORE (self), -1);

  if (!build_where (kind, query, &w, error))
    return -1;
  sql = g_strdup_printf ("SELECT count(*) FROM %s WHERE %s", kind->name, w.where->str);
  stmt = gj_store_prepare (self, sql, error);
  if (stmt == NULL)
    return -1;
  for (guint i = 0; i < w.binds->len; i++)
    sqlite3_bind_text (stmt, i + 1, g_ptr_array_index (w.binds, i), -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    n = sqlite3_column_int64 (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    gj_store_sql_error (self, rc, error);
  return n;
}

GPtrArray *
gj_store_search (GjStore     *self,
                 const char  *text,
                 guint        limit,
                 GError     **error)
{
  g_autoptr(GPtrArray) result = NULL;
  g_autoptr(GArray) keys = NULL;
  g_autoptr(GString) ledgers = NULL;
  g_autofree char *pattern = NULL;
  g_autofree char *sql = NULL;
  sqlite3_stmt *stmt;

  g_return_val_if_fail (GJ_IS_STORE (self), NULL);
  g_return_val_if_fail (text != NULL, NULL);

  result = g_ptr_array_new_with_free_func ((GDestroyNotify) gj_record_unref);
  if (text[0] == '\0')
    return g_steal_pointer (&result);

  /* Entries of a ledger (the time bank) repeat their checker's name on
   * line after line: they come after the other records, so that a person
   * searched for by name is not buried under the entries they checked. */
  ledgers = g_string_new (NULL);
  for (guint k = 0; k < gj_schema_n_kinds (); k++)
    if (gj_schema_kind (k)->flags & GJ_KIND_FLAG_APPEND_ONLY)
      g_string_append_printf (ledgers, "%s%u", ledgers->len ? ", " : "", gj_schema_kind (k)->index);
  if (use_trigram (text))
    {
      sql = g_strdup_printf ("SELECT rowid FROM search WHERE search MATCH ? "
                             "ORDER BY (rowid >> %d) IN (%s), rank LIMIT ?",
                             GJ_FTS_KIND_SHIFT, ledgers->str);
      pattern = fts_phrase (text);
    }
  else
    {
      sql = g_strdup_printf ("SELECT rowid FROM search WHERE body LIKE ? ESCAPE '\\' "
                             "ORDER BY (rowid >> %d) IN (%s), rowid LIMIT ?",
                             GJ_FTS_KIND_SHIFT, ledgers->str);
      pattern = like_pattern (text);
    }
  stmt = gj_store_prepare (self, sql, error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, pattern, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 2, limit ? limit : G_MAXINT32);

  keys = g_array_new (FALSE, FALSE, sizeof (gint64));
  if (!gj_store_collect_ids (self, stmt, keys, error))
    return NULL;

  for (guint i = 0; i < keys->len; i++)
    {
      gint64 key = g_array_index (keys, gint64, i);
      const GjKind *kind = gj_schema_kind_by_index ((guint) (key >> GJ_FTS_KIND_SHIFT));
      GjRowState *rs;
      gint64 rid;

      if (kind == NULL)
        continue;
      rs = gj_store_row_state (self, kind);
      rid = key & ((G_GINT64_CONSTANT (1) << GJ_FTS_KIND_SHIFT) - 1);
      if (!gj_store_load_row_rid (self, rs, rid, error))
        return NULL;
      if (rs->exists && !gj_row_state_is_deleted (rs))
        g_ptr_array_add (result, record_from_state (rs));
    }
  return g_steal_pointer (&result);
}

double
gj_store_hours_balance (GjStore     *self,
                        const char  *volunteer_id,
                        GError     **error)
{
  sqlite3_stmt *stmt;
  double balance = 0;
  int rc;

  g_return_val_if_fail (GJ_IS_STORE (self), -1);

  stmt = gj_store_prepare (self,
                           "SELECT coalesce(sum(CASE kind WHEN 'redeem' THEN -hours "
                           "ELSE hours END), 0) "
                           "FROM hours WHERE volunteer_id = ? AND deleted = 0", error);
  if (stmt == NULL)
    return -1;
  sqlite3_bind_text (stmt, 1, volunteer_id, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  if (rc == SQLITE_ROW)
    balance = sqlite3_column_double (stmt, 0);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW)
    {
      gj_store_sql_error (self, rc, error);
      return -1;
    }
  return balance;
}

GPtrArray *
gj_store_cells (GjStore       *self,
                const GjKind  *kind,
                const char    *id,
                GError       **error)
{
  GjRowState *rs = NULL;
  GPtrArray *cells;

  g_return_val_if_fail (GJ_IS_STORE (self), NULL);

  if (!gj_store_load_existing (self, kind, id, &rs, error))
    return NULL;
  cells = g_ptr_array_new_with_free_func ((GDestroyNotify) gj_cell_free);
  for (guint c = 0; c <= kind->n_fields; c++)
    {
      if (rs->clk[c].hlc != 0)
        g_ptr_array_add (cells, gj_row_state_cell (self, rs, c));
    }
  return cells;
}
