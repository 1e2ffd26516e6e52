/* gj-import-rows.c: reading, resolving and matching an import's rows
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-import"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gj-data-error.h"
#include "gj-dates.h"
#include "gj-import-normalize.h"
#include "gj-import-private.h"

/* Marks a name two records share, which therefore names neither. */
static const char ambiguous[] = "";

/* Everything one preparation looks up, built once per run. */
typedef struct
{
  GjImport   *import;
  GHashTable *refs;          /* kind name -> GHashTable (key -> id or ambiguous) */
  GPtrArray  *existing;      /* GjRecord*: the kind's records as stored */
  GHashTable *existing_keys; /* match key -> GjRecord* */
  GHashTable *file_keys;     /* match key -> GjImportRowPriv* first with it */
  GHashTable *items;         /* agreement id + item key -> GjRecord* */
  GHashTable *balances;      /* volunteer id -> double*: hours left after earlier rows */
  GPtrArray  *keep;          /* records the tables above point into */
  char       *today;
} Context;

void
gj_import_row_free (GjImportRowPriv *row)
{
  g_clear_pointer (&row->pub.record, gj_record_unref);
  g_free (row->pub.match_id);
  g_free (row->pub.match_title);
  g_clear_pointer (&row->pub.problems, g_ptr_array_unref);
  g_clear_pointer (&row->pub.notes, g_ptr_array_unref);
  g_clear_pointer (&row->existing, gj_record_unref);
  g_clear_pointer (&row->item, gj_record_unref);
  g_clear_pointer (&row->item_existing, gj_record_unref);
  g_free (row->new_team);
  g_free (row);
}

static void
problem_free (GjImportProblem *p)
{
  g_free (p->field);
  g_free (p->message);
  g_free (p);
}

/* Most rows have no problem and no note: they share one empty array
 * (never added to) instead of two each, 10 MB of 100,000 rows. */
static GPtrArray *
empty_array (void)
{
  static GPtrArray *empty;

  if (g_once_init_enter (&empty))
    g_once_init_leave (&empty, g_ptr_array_new ());
  return g_ptr_array_ref (empty);
}

static GPtrArray *
own_array (GPtrArray      **array,
           GDestroyNotify   free_func)
{
  if ((*array)->len == 0)
    {
      g_ptr_array_unref (*array);
      *array = g_ptr_array_new_with_free_func (free_func);
    }
  return *array;
}

static void
add_note (GjImportRowPriv *row,
          char            *note)
{
  g_ptr_array_add (own_array (&row->pub.notes, g_free), note);
}

static void
add_problem (GjImportRowPriv *row,
             const char      *field,
             const char      *message)
{
  GjImportProblem *p = g_new0 (GjImportProblem, 1);

  p->field = g_strdup (field);
  p->message = g_strdup (message);
  g_ptr_array_add (own_array (&row->pub.problems, (GDestroyNotify) problem_free), p);
  row->pub.outcome = GJ_IMPORT_ROW_PROBLEM;
}

static void
add_error (GjImportRowPriv *row,
           const GjField   *field,
           GError          *error)
{
  const char *name = gj_data_error_get_field (error);

  add_problem (row, name != NULL ? name : field->name, error->message);
}

/* Ref indexes: the records a name in a cell may stand for. */

static void
index_add (GHashTable *index,
           const char *key,
           const char *id)
{
  const char *had;

  if (key == NULL || key[0] == '\0')
    return;
  had = g_hash_table_lookup (index, key);
  if (had == NULL)
    g_hash_table_insert (index, g_strdup (key), g_strdup (id));
  else if (!g_str_equal (had, id))
    g_hash_table_insert (index, g_strdup (key), g_strdup (ambiguous));
}

static GHashTable *
ref_index (Context      *ctx,
           const char   *kind_name,
           GError      **error)
{
  GHashTable *index = g_hash_table_lookup (ctx->refs, kind_name);
  const GjKind *kind = gj_schema_lookup (kind_name);
  g_autoptr(GPtrArray) records = NULL;

  if (index != NULL)
    return index;
  records = gj_store_list (ctx->import->store, kind, NULL, error);
  if (records == NULL)
    return NULL;
  index = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  for (guint i = 0; i < records->len; i++)
    {
      GjRecord *rec = g_ptr_array_index (records, i);
      g_autofree char *key = gj_import_name_key (gj_record_get_title (rec));

      index_add (index, key, rec->id);
      /* People are told apart by their ID number, organizations by their
       * credit code, whichever the cell gives. */
      if (g_str_equal (kind_name, "volunteer"))
        index_add (index, gj_record_get_text (rec, "resident_id"), rec->id);
      if (g_str_equal (kind_name, "organization"))
        index_add (index, gj_record_get_text (rec, "credit_code"), rec->id);
    }
  g_hash_table_insert (ctx->refs, g_strdup (kind_name), index);
  return index;
}

/* Resolves a reference cell to an id, or says why not. */
static char *
resolve_ref (Context        *ctx,
             const GjField  *field,
             const char     *text,
             GError        **error)
{
  const GjKind *ref_kind = gj_schema_lookup (field->ref_kind);
  GHashTable *index = ref_index (ctx, field->ref_kind, error);
  g_autofree char *key = NULL;
  g_autofree char *up = g_ascii_strup (text, -1);
  const char *id;

  if (index == NULL)
    return NULL;
  id = g_hash_table_lookup (index, up);
  if (id == NULL)
    {
      key = gj_import_name_key (text);
      id = g_hash_table_lookup (index, key);
    }
  if (id == NULL)
    {
      gj_data_error_set (error, GJ_DATA_ERROR_NOT_FOUND, field->name,
                         _("%s: there is no %s named “%s”; add it first or correct the cell"),
                         _(field->label), _(ref_kind->label), text);
      return NULL;
    }
  if (id[0] == '\0')
    {
      gj_data_error_set (error, GJ_DATA_ERROR_INVALID, field->name,
                         _("%s: more than one %s is named “%s”; the cell must tell them apart "
                           "(for people, give the resident ID number)"),
                         _(field->label), _(ref_kind->label), text);
      return NULL;
    }
  return g_strdup (id);
}

static const char *
text_or_empty (const GjRecord *rec,
               const char     *field)
{
  const char *text = gj_record_get_text (rec, field);

  return text != NULL ? text : "";
}

/* Match keys, best first: a record and a row match on the first key they
 * both have. */
static GPtrArray *
match_keys (const GjRecord *rec)
{
  GPtrArray *keys = g_ptr_array_new_with_free_func (g_free);
  const char *kind = rec->kind->name;
  g_autofree char *name = gj_import_name_key (gj_record_get_title (rec));
  const char *community = gj_kind_field (rec->kind, "community_id")
                          ? gj_record_get_text (rec, "community_id") : NULL;

  if (community == NULL)
    community = "";
  if (g_str_equal (kind, "organization") && gj_record_get_text (rec, "credit_code"))
    g_ptr_array_add (keys, g_strconcat ("c:", gj_record_get_text (rec, "credit_code"), NULL));
  if (g_str_equal (kind, "volunteer") && gj_record_get_text (rec, "resident_id"))
    g_ptr_array_add (keys, g_strconcat ("r:", gj_record_get_text (rec, "resident_id"), NULL));
  if (g_str_equal (kind, "hours"))
    {
      g_ptr_array_add (keys, g_strdup_printf ("h:%s|%s|%s|%.2f|%s",
                                              text_or_empty (rec, "volunteer_id"),
                                              text_or_empty (rec, "date"),
                                              text_or_empty (rec, "kind"),
                                              gj_record_get_real (rec, "hours"),
                                              text_or_empty (rec, "activity_id")));
      return keys;
    }
  if (g_str_equal (kind, "agreement_item"))
    {
      g_ptr_array_add (keys, g_strdup_printf ("i:%s|%s", text_or_empty (rec, "agreement_id"),
                                              name));
      return keys;
    }
  if (name[0] != '\0')
    g_ptr_array_add (keys, g_strdup_printf ("n:%s@%s", name, community));
  return keys;
}

/* A credit code or an ID number matches whatever else differs (a new
 * phone is an update); but two records with the same name are still two
 * when their numbers differ: two volunteers called 王芳 with different IDs
 * or phones. */
static gboolean
compatible (const GjRecord *a,
            const GjRecord *b,
            const char     *key)
{
  static const char *const ids[] = { "credit_code", "resident_id", "phone", NULL };

  if (!g_str_has_prefix (key, "n:"))
    return TRUE;
  for (guint i = 0; ids[i] != NULL; i++)
    {
      const char *x, *y;

      if (gj_kind_field (a->kind, ids[i]) == NULL)
        continue;
      x = gj_record_get_text (a, ids[i]);
      y = gj_record_get_text (b, ids[i]);
      if (x != NULL && y != NULL && !g_str_equal (x, y))
        return FALSE;
    }
  return TRUE;
}

static gboolean
load_existing (Context  *ctx,
               GError  **error)
{
  const GjKind *kind = ctx->import->kind;

  ctx->existing = gj_store_list (ctx->import->store, kind, NULL, error);
  if (ctx->existing == NULL)
    return FALSE;
  for (guint i = 0; i < ctx->existing->len; i++)
    {
      GjRecord *rec = g_ptr_array_index (ctx->existing, i);
      g_autoptr(GPtrArray) keys = match_keys (rec);

      for (guint k = 0; k < keys->len; k++)
        if (!g_hash_table_contains (ctx->existing_keys, keys->pdata[k]))
          g_hash_table_insert (ctx->existing_keys, g_strdup (keys->pdata[k]), rec);
    }
  return TRUE;
}

/* Values */

static char *
cell_value (Context          *ctx,
            GjImportRowPriv  *row,
            guint             sheet_row,
            guint             column,
            const GjField    *field)
{
  GjImport *self = ctx->import;
  const char *text = gj_sheet_get_text (self->sheet, sheet_row, column);
  GjSheetCellType type = gj_sheet_get_cell_type (self->sheet, sheet_row, column);
  g_autoptr(GError) error = NULL;
  g_autofree char *note = NULL;
  char *value;

  if (type == GJ_SHEET_CELL_EMPTY || text[0] == '\0')
    return NULL;
  value = gj_import_normalize (field, type, text, &note, &error);
  if (error != NULL)
    {
      add_error (row, field, error);
      return NULL;
    }
  if (note != NULL)
    add_note (row, g_steal_pointer (&note));
  if (value != NULL && self->columns[column].scale != 1.0)
    {
      double yuan = g_ascii_strtod (value, NULL) * self->columns[column].scale;
      char buf[G_ASCII_DTOSTR_BUF_SIZE];

      g_free (value);
      value = g_strdup (g_ascii_formatd (buf, sizeof buf, "%.2f", yuan));
    }
  return value;
}

/* Puts one normalized value into @rec, resolving a reference by name. */
static void
set_value (Context         *ctx,
           GjImportRowPriv *row,
           GjRecord        *rec,
           const GjField   *field,
           const char      *value)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  if (field->type == GJ_FIELD_REF)
    {
      id = resolve_ref (ctx, field, value, &error);
      if (id == NULL && g_str_equal (field->ref_kind, "volunteer_team")
          && g_error_matches (error, GJ_DATA_ERROR, GJ_DATA_ERROR_NOT_FOUND))
        {
          /* A volunteer ledger names its teams; a team the station has not
           * entered yet comes with the volunteers rather than failing them. */
          row->new_team = g_strdup (value);
          add_note (row, g_strdup_printf (_("A new volunteer team “%s” will be created"),
                                          value));
          return;
        }
      if (id == NULL)
        {
          add_error (row, field, error);
          return;
        }
      value = id;
    }
  if (!gj_record_parse (rec, field->name, value, &error))
    add_error (row, field, error);
}

static void
set_default (GjImportRowPriv *row,
             GjRecord        *rec,
             const char      *field,
             const char      *key,
             gboolean         say)
{
  const GjEnumValue *v = gj_field_enum_by_key (gj_kind_field (rec->kind, field), key);

  gj_record_set_text (rec, field, key);
  if (say)
    /* TRANSLATORS: "Legal form not given; set to Social group" */
    add_note (row, g_strdup_printf (_("%s not given; set to %s"),
                                    _(gj_kind_field (rec->kind, field)->label), _(v->label)));
}

/* What a ledger leaves out but the record needs and the row tells. */
static void
fill_defaults (Context         *ctx,
               GjImportRowPriv *row,
               GjRecord        *rec)
{
  const char *kind = rec->kind->name;

  if (g_str_equal (kind, "hours") && !gj_record_get_text (rec, "kind"))
    set_default (row, rec, "kind", "earn", FALSE);
  if (g_str_equal (kind, "agreement_item") && !gj_record_get_text (rec, "status"))
    set_default (row, rec, "status", "pending", FALSE);
  if (g_str_equal (kind, "organization") && !gj_record_get_text (rec, "legal_form"))
    {
      const char *code = gj_record_get_text (rec, "credit_code");
      const char *form = "community_filed";

      /* GB 32100: a code of the civil-affairs registry (5) tells the
       * legal form by its second character. */
      if (code != NULL && code[0] == '5')
        form = code[1] == '1' ? "social_group" : code[1] == '2' ? "private_non_enterprise"
               : code[1] == '3' ? "foundation" : NULL;
      if (form != NULL)
        set_default (row, rec, "legal_form", form, TRUE);
    }
  if (g_str_equal (kind, "agreement") && !gj_record_get_text (rec, "status"))
    {
      const char *end = gj_record_get_text (rec, "end_on");
      const char *status = end != NULL && strcmp (end, ctx->today) < 0 ? "expired"
                           : gj_record_get_text (rec, "signed_on") ? "in_force" : "draft";

      set_default (row, rec, "status", status, TRUE);
    }
}

/* @except: a field the import fills in at commit (an item's agreement,
 * a volunteer's new team). */
static void
check_required (GjImportRowPriv *row,
                GjRecord        *rec,
                const char      *except)
{
  for (guint f = 0; f < rec->kind->n_fields; f++)
    {
      const GjField *field = &rec->kind->fields[f];
      g_autofree char *message = NULL;

      if (!(field->flags & GJ_FIELD_FLAG_REQUIRED) || (field->flags & GJ_FIELD_FLAG_INTERNAL)
          || (rec->set[f] && !gj_value_is_null (&rec->values[f]))
          || g_strcmp0 (field->name, except) == 0)
        continue;
      /* Reported once per field, not again when the cell's own check failed. */
      for (guint p = 0; p < row->pub.problems->len; p++)
        if (g_strcmp0 (((GjImportProblem *) row->pub.problems->pdata[p])->field, field->name) == 0)
          goto next;
      message = g_strdup_printf (_("%s is required: fill the cell, or map a column to it"),
                                 _(field->label));
      add_problem (row, field->name, message);
    next:
      ;
    }
}

/* An agreement's repeated rows and a second sheet both name items by
 * their content within one agreement. */
static void
match_item (Context         *ctx,
            GjImportRowPriv *row,
            const char      *agreement_id)
{
  g_autofree char *key = NULL;
  g_autofree char *name = NULL;
  GjRecord *had;

  if (row->item == NULL || agreement_id == NULL)
    return;
  name = gj_import_name_key (gj_record_get_text (row->item, "content"));
  key = g_strdup_printf ("%s|%s", agreement_id, name);
  had = g_hash_table_lookup (ctx->items, key);
  if (had != NULL)
    row->item_existing = gj_record_ref (had);
}

static gboolean
load_items (Context  *ctx,
            GError  **error)
{
  g_autoptr(GPtrArray) items = NULL;

  items = gj_store_list (ctx->import->store, gj_schema_lookup ("agreement_item"), NULL, error);
  if (items == NULL)
    return FALSE;
  for (guint i = 0; i < items->len; i++)
    {
      GjRecord *item = g_ptr_array_index (items, i);
      g_autofree char *name = gj_import_name_key (gj_record_get_text (item, "content"));

      g_hash_table_insert (ctx->items,
                           g_strdup_printf ("%s|%s", text_or_empty (item, "agreement_id"), name),
                           item);
      g_ptr_array_add (ctx->keep, gj_record_ref (item));
    }
  return TRUE;
}

/* A redemption may not take a volunteer below zero, counting the rows of
 * the file before it; the store would refuse the whole batch for it. */
static gboolean
check_balance (Context         *ctx,
               GjImportRowPriv *row,
               GError         **error)
{
  GjRecord *rec = row->pub.record;
  const char *volunteer = gj_record_get_text (rec, "volunteer_id");
  double *balance;
  double hours = gj_record_get_real (rec, "hours");

  if (volunteer == NULL)
    return TRUE;
  balance = g_hash_table_lookup (ctx->balances, volunteer);
  if (balance == NULL)
    {
      g_autoptr(GError) local = NULL;
      double had = gj_store_hours_balance (ctx->import->store, volunteer, &local);

      if (local != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local));
          return FALSE;
        }
      balance = g_new (double, 1);
      *balance = had;
      g_hash_table_insert (ctx->balances, g_strdup (volunteer), balance);
    }
  if (g_strcmp0 (gj_record_get_text (rec, "kind"), "redeem") != 0)
    {
      *balance += hours;
      return TRUE;
    }
  if (hours > *balance + 1e-9)
    {
      g_autofree char *message =
        g_strdup_printf (_("Hours: redeems %.1f hours but the volunteer has only %.1f left"),
                         hours, *balance);

      add_problem (row, "hours", message);
      return TRUE;
    }
  *balance -= hours;
  return TRUE;
}

/* The rules the store applies to the write this row will make (an end
 * before its start, funds above the budget, a credit code another record
 * has…), so that the preview shows the row's problem instead of the
 * store refusing the whole batch at commit. */
static gboolean
check_rules (Context         *ctx,
             GjImportRowPriv *row,
             GError         **error)
{
  g_autoptr(GjRecord) changes = NULL;
  g_autoptr(GError) local = NULL;
  const GjRecord *rec = row->pub.record;

  if (row->existing != NULL)
    {
      changes = gj_record_new (rec->kind);
      if (gj_import_changes (rec, row->existing, ctx->import->on_match, changes) == 0)
        return TRUE;
      g_free (changes->id);
      changes->id = g_strdup (row->existing->id);
      rec = changes;
    }
  if (gj_store_check_rules (ctx->import->store, rec, row->existing, &local))
    return TRUE;
  if (!g_error_matches (local, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID))
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  add_problem (row, gj_data_error_get_field (local), local->message);
  return TRUE;
}

static void
classify (Context         *ctx,
          GjImportRowPriv *row)
{
  g_autoptr(GPtrArray) keys = match_keys (row->pub.record);

  for (guint k = 0; k < keys->len; k++)
    {
      GjImportRowPriv *first = g_hash_table_lookup (ctx->file_keys, keys->pdata[k]);

      if (first != NULL && compatible (first->pub.record, row->pub.record, keys->pdata[k]))
        {
          row->pub.outcome = GJ_IMPORT_ROW_DUPLICATE;
          row->pub.duplicate_of = first->pub.sheet_row;
          /* Repeated agreement rows carry one item each. */
          if (row->item != NULL)
            {
              if (first->pub.match_id != NULL)
                match_item (ctx, row, first->pub.match_id);
              add_note (row, g_strdup_printf (_("Adds the item “%s” to the agreement of row %u"),
                                              gj_record_get_text (row->item, "content"),
                                              first->pub.sheet_row));
            }
          return;
        }
    }
  for (guint k = 0; k < keys->len; k++)
    {
      GjRecord *had = g_hash_table_lookup (ctx->existing_keys, keys->pdata[k]);

      if (had != NULL && compatible (had, row->pub.record, keys->pdata[k]))
        {
          row->pub.outcome = GJ_IMPORT_ROW_MATCH;
          row->existing = gj_record_ref (had);
          row->pub.match_id = g_strdup (had->id);
          row->pub.match_title = g_strdup (gj_record_get_title (had));
          row->pub.n_changes = gj_import_changes (row->pub.record, had, ctx->import->on_match,
                                                  NULL);
          match_item (ctx, row, had->id);
          break;
        }
    }
  for (guint k = 0; k < keys->len; k++)
    if (!g_hash_table_contains (ctx->file_keys, keys->pdata[k]))
      g_hash_table_insert (ctx->file_keys, g_strdup (keys->pdata[k]), row);
}

static GjImportRowPriv *
read_row (Context  *ctx,
          guint     sheet_row)
{
  GjImport *self = ctx->import;
  GjImportRowPriv *row = g_new0 (GjImportRowPriv, 1);
  const GjKind *item_kind = gj_schema_lookup ("agreement_item");
  gboolean has_item = FALSE;

  row->pub.sheet_row = sheet_row + 1;
  row->pub.outcome = GJ_IMPORT_ROW_NEW;
  row->pub.record = gj_record_new (self->kind);
  row->pub.problems = empty_array ();
  row->pub.notes = empty_array ();
  for (guint c = 0; c < self->labels->len; c++)
    {
      const GjField *field = self->columns[c].field;
      gboolean is_item = self->columns[c].is_item;
      g_autofree char *value = NULL;

      if (field == NULL)
        continue;
      value = cell_value (ctx, row, sheet_row, c, field);
      if (value == NULL)
        continue;
      if (is_item && row->item == NULL)
        row->item = gj_record_new (item_kind);
      set_value (ctx, row, is_item ? row->item : row->pub.record, field, value);
      has_item |= is_item && g_str_equal (field->name, "content");
    }
  /* Item columns with no item content (the agreement's own row in a
   * layout that lists items below it) make no item. */
  if (!has_item)
    g_clear_pointer (&row->item, gj_record_unref);
  fill_defaults (ctx, row, row->pub.record);
  check_required (row, row->pub.record, row->new_team != NULL ? "team_id" : NULL);
  if (row->item != NULL)
    {
      fill_defaults (ctx, row, row->item);
      check_required (row, row->item, "agreement_id");
    }
  return row;
}

guint
gj_import_changes (const GjRecord  *rec,
                   const GjRecord  *existing,
                   GjImportOnMatch  on_match,
                   GjRecord        *changes)
{
  guint n = 0;

  if (existing == NULL || on_match == GJ_IMPORT_ON_MATCH_SKIP)
    return 0;
  for (guint f = 0; f < rec->kind->n_fields; f++)
    {
      const GjValue *mine = &rec->values[f];
      const GjValue *had = &existing->values[f];

      if (!rec->set[f] || gj_value_is_null (mine)
          || (rec->kind->fields[f].flags & GJ_FIELD_FLAG_INTERNAL))
        continue;
      if (gj_value_equal (mine, had))
        continue;
      if (on_match == GJ_IMPORT_ON_MATCH_FILL && !gj_value_is_null (had))
        continue;
      if (changes != NULL)
        gj_record_set_value (changes, f, mine);
      n++;
    }
  return n;
}

gboolean
gj_import_prepare_rows (GjImport       *self,
                        GPtrArray      *rows,
                        GjProgressFunc  progress,
                        gpointer        user_data,
                        GCancellable   *cancellable,
                        GError        **error)
{
  Context ctx = { self, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL };
  gboolean ok = FALSE;
  guint n = self->data_last >= self->data_first ? self->data_last - self->data_first + 1 : 0;

  ctx.refs = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                    (GDestroyNotify) g_hash_table_unref);
  ctx.existing_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  ctx.file_keys = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  ctx.items = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  ctx.balances = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  ctx.keep = g_ptr_array_new_with_free_func ((GDestroyNotify) gj_record_unref);
  ctx.today = gj_dates_today ();

  if (!load_existing (&ctx, error))
    goto out;
  if (g_str_equal (self->kind->name, "agreement") && !load_items (&ctx, error))
    goto out;
  for (guint i = 0; i < n; i++)
    {
      guint r = self->data_first + i;
      GjImportRowPriv *row;

      if (i % 1000 == 0)
        {
          if (g_cancellable_set_error_if_cancelled (cancellable, error))
            goto out;
          if (progress != NULL)
            progress ((double) i / n, user_data);
        }
      if (gj_import_row_is_blank (self, r))
        continue;
      row = read_row (&ctx, r);
      g_ptr_array_add (rows, row);
      if (row->pub.outcome == GJ_IMPORT_ROW_NEW)
        classify (&ctx, row);
      if ((row->pub.outcome == GJ_IMPORT_ROW_NEW || row->pub.outcome == GJ_IMPORT_ROW_MATCH) &&
          !check_rules (&ctx, row, error))
        goto out;
      if (row->pub.outcome == GJ_IMPORT_ROW_NEW && g_str_equal (self->kind->name, "hours")
          && !check_balance (&ctx, row, error))
        goto out;
    }
  if (progress != NULL)
    progress (1.0, user_data);
  ok = TRUE;

out:
  g_hash_table_unref (ctx.refs);
  g_hash_table_unref (ctx.existing_keys);
  g_hash_table_unref (ctx.file_keys);
  g_hash_table_unref (ctx.items);
  g_hash_table_unref (ctx.balances);
  g_ptr_array_unref (ctx.keep);
  g_clear_pointer (&ctx.existing, g_ptr_array_unref);
  g_free (ctx.today);
  return ok;
}
