/* gj-import.c: one spreadsheet sheet into records of one kind
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-import"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gj-data-error.h"
#include "gj-import-private.h"

/* Title rows, a "填报单位" line and a two-level header fit well within
 * this; a header further down is not a ledger's. */
#define HEADER_SCAN_ROWS 30

#define MAP_META_PREFIX "import.map."

G_DEFINE_FINAL_TYPE (GjImport, gj_import, G_TYPE_OBJECT)

static const char *const import_kinds[] = {
  "organization", "community", "volunteer", "volunteer_team", "hours", "social_worker",
  "unit", "agreement", "agreement_item", "project", NULL,
};

const char *const *
gj_import_kinds (void)
{
  return import_kinds;
}

static void
gj_import_finalize (GObject *object)
{
  GjImport *self = GJ_IMPORT (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->sheet, gj_sheet_unref);
  g_clear_pointer (&self->labels, g_ptr_array_unref);
  g_clear_pointer (&self->column_targets, g_free);
  g_clear_pointer (&self->columns, g_free);
  g_clear_pointer (&self->targets, g_strfreev);
  g_clear_pointer (&self->layout_key, g_free);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  G_OBJECT_CLASS (gj_import_parent_class)->finalize (object);
}

static void
gj_import_class_init (GjImportClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gj_import_finalize;
}

static void
gj_import_init (GjImport *self)
{
  self->on_match = GJ_IMPORT_ON_MATCH_SKIP;
}

static GStrv
targets_of (const GjKind *kind)
{
  g_autoptr(GStrvBuilder) b = g_strv_builder_new ();

  for (guint f = 0; f < kind->n_fields; f++)
    if (!(kind->fields[f].flags & GJ_FIELD_FLAG_INTERNAL))
      g_strv_builder_add (b, kind->fields[f].name);
  if (g_str_equal (kind->name, "agreement"))
    {
      const GjKind *item = gj_schema_lookup ("agreement_item");

      for (guint f = 0; f < item->n_fields; f++)
        if (!(item->fields[f].flags & GJ_FIELD_FLAG_INTERNAL)
            && !g_str_equal (item->fields[f].name, "agreement_id"))
          {
            g_autofree char *t = g_strconcat (GJ_IMPORT_ITEM_PREFIX, item->fields[f].name, NULL);

            g_strv_builder_add (b, t);
          }
    }
  return g_strv_builder_end (b);
}

static char *
cell_text (GjSheet *sheet,
           guint    row,
           guint    column)
{
  return g_strstrip (g_strdup (gj_sheet_get_text (sheet, row, column)));
}

/* The labels of @n_columns columns read as a header at @row, over two rows
 * when @two_level: the parent's text over the child's, as a person reads a
 * merged "负责人" above "姓名" and "联系电话". Files without merged ranges
 * (XLS through libfreexl) leave a parent blank after its first column, so a
 * blank parent above a labelled child takes the parent to its left. */
static GPtrArray *
header_labels (GjSheet  *sheet,
               guint     row,
               gboolean  two_level,
               guint     n_columns)
{
  GPtrArray *labels = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *parent_left = NULL;

  for (guint c = 0; c < n_columns; c++)
    {
      g_autofree char *parent = cell_text (sheet, row, c);
      g_autofree char *child = NULL;

      if (!two_level)
        {
          g_ptr_array_add (labels, g_steal_pointer (&parent));
          continue;
        }
      child = cell_text (sheet, row + 1, c);
      if (parent[0] == '\0' && child[0] != '\0' && parent_left != NULL)
        {
          g_free (parent);
          parent = g_strdup (parent_left);
        }
      else if (parent[0] != '\0')
        {
          g_free (parent_left);
          parent_left = g_strdup (parent);
        }
      else
        g_clear_pointer (&parent_left, g_free);

      if (child[0] == '\0' || g_str_equal (parent, child))
        g_ptr_array_add (labels, g_steal_pointer (&parent));
      else if (parent[0] == '\0')
        g_ptr_array_add (labels, g_steal_pointer (&child));
      else
        g_ptr_array_add (labels, g_strdup_printf ("%s / %s", parent, child));
    }
  return labels;
}

typedef struct
{
  guint score;
  guint column;
  guint target;
} Candidate;

static int
candidate_compare (gconstpointer a,
                   gconstpointer b)
{
  const Candidate *x = a, *y = b;

  if (x->score != y->score)
    return x->score > y->score ? -1 : 1;
  if (x->column != y->column)
    return x->column < y->column ? -1 : 1;
  return x->target < y->target ? -1 : (x->target > y->target);
}

/* Maps each column to the target its label names best, each target at
 * most once, best pairs first. Returns how many columns got a target and
 * adds their scores to *@total. @out may be NULL. */
static guint
assign_targets (const GjKind *kind,
                GStrv         targets,
                GPtrArray    *labels,
                const char  **out,
                guint        *total)
{
  g_autoptr(GArray) cands = g_array_new (FALSE, FALSE, sizeof (Candidate));
  guint n_targets = g_strv_length (targets);
  g_autofree gboolean *used_target = g_new0 (gboolean, n_targets + 1);
  g_autofree gboolean *used_column = g_new0 (gboolean, labels->len + 1);
  guint n = 0;

  for (guint c = 0; c < labels->len; c++)
    {
      g_autofree char *key = gj_import_label_key (g_ptr_array_index (labels, c));

      for (guint t = 0; t < n_targets; t++)
        {
          Candidate cand = { gj_import_label_score (kind, targets[t], key), c, t };

          if (cand.score > 0)
            g_array_append_val (cands, cand);
        }
    }
  g_array_sort (cands, candidate_compare);
  for (guint i = 0; i < cands->len; i++)
    {
      Candidate *cand = &g_array_index (cands, Candidate, i);

      if (used_target[cand->target] || used_column[cand->column])
        continue;
      used_target[cand->target] = used_column[cand->column] = TRUE;
      if (out != NULL)
        out[cand->column] = targets[cand->target];
      if (total != NULL)
        *total += cand->score;
      n++;
    }
  return n;
}

/* A second header row holds labels only and sits under a parent row that
 * spans it: a merged range across columns, or a blank parent cell. */
static gboolean
may_be_two_level (GjSheet *sheet,
                  guint    row,
                  guint    n_columns)
{
  gboolean spans = FALSE, child_text = FALSE;

  if (row + 1 >= gj_sheet_get_n_rows (sheet))
    return FALSE;
  for (guint c = 0; c < n_columns; c++)
    {
      GjSheetCellType t = gj_sheet_get_cell_type (sheet, row + 1, c);

      if (t == GJ_SHEET_CELL_NUMBER || t == GJ_SHEET_CELL_DATE)
        return FALSE;
      if (t == GJ_SHEET_CELL_TEXT)
        child_text = TRUE;
      if (gj_sheet_is_merged_tail (sheet, row, c) && !gj_sheet_is_merged_tail (sheet, row + 1, c))
        spans = TRUE;
      if (gj_sheet_get_text (sheet, row, c)[0] == '\0' && t == GJ_SHEET_CELL_TEXT)
        spans = TRUE;
    }
  return spans && child_text;
}

static gboolean
is_end_row (GjSheet *sheet,
            guint    row,
            guint    n_columns)
{
  /* Compared after NFKC, which has made a full-width colon ASCII. */
  static const char *const prefixes[] = {
    "合计", "总计", "小计", "共计", "注:", "说明:", "备注:",
    "填表人", "填报人", "制表人", "审核人", "负责人签字", NULL,
  };

  for (guint c = 0; c < n_columns; c++)
    {
      g_autofree char *text = cell_text (sheet, row, c);
      g_autofree char *nfkc = NULL;

      if (text[0] == '\0')
        continue;
      nfkc = g_utf8_normalize (text, -1, G_NORMALIZE_ALL_COMPOSE);
      if (nfkc == NULL)
        return FALSE;
      for (guint i = 0; prefixes[i] != NULL; i++)
        if (g_str_has_prefix (nfkc, prefixes[i]))
          return TRUE;
      return g_str_equal (nfkc, "注") || g_str_equal (nfkc, "说明");
    }
  return FALSE;
}

gboolean
gj_import_row_is_blank (GjImport *self,
                        guint     row)
{
  guint n = self->labels->len;

  for (guint c = 0; c < n; c++)
    if (gj_sheet_get_text (self->sheet, row, c)[0] != '\0' && !self->columns[c].is_number)
      return FALSE;
  return TRUE;
}

static void
find_data_rows (GjImport *self)
{
  guint n_rows = gj_sheet_get_n_rows (self->sheet);

  self->data_first = self->header_last + 1;
  self->data_last = self->header_last;
  for (guint r = self->data_first; r < n_rows; r++)
    {
      if (is_end_row (self->sheet, r, self->labels->len))
        break;
      if (!gj_import_row_is_blank (self, r))
        self->data_last = r;
    }
}

static char *
example_labels (const GjKind *kind)
{
  g_autoptr(GString) s = g_string_new (NULL);
  guint n = 0;

  for (guint f = 0; f < kind->n_fields && n < 3; f++)
    if (!(kind->fields[f].flags & GJ_FIELD_FLAG_INTERNAL))
      {
        g_string_append_printf (s, "%s%s", n ? _(", ") : "", _(kind->fields[f].label));
        n++;
      }
  return g_string_free (g_steal_pointer (&s), FALSE);
}

static gboolean
find_header (GjImport  *self,
             GError   **error)
{
  guint n_rows = gj_sheet_get_n_rows (self->sheet);
  guint n_columns = gj_sheet_get_n_columns (self->sheet);
  guint best_n = 0, best_total = 0, best_row = 0;
  gboolean best_two = FALSE;
  g_autofree char *examples = NULL;

  if (n_rows == 0 || n_columns == 0)
    {
      gj_data_error_set (error, GJ_DATA_ERROR_INVALID, NULL,
                         _("The sheet “%s” is empty: choose the sheet that holds the records"),
                         gj_sheet_get_name (self->sheet));
      return FALSE;
    }
  for (guint r = 0; r < MIN (n_rows, HEADER_SCAN_ROWS); r++)
    for (guint two = 0; two < 2; two++)
      {
        g_autoptr(GPtrArray) labels = NULL;
        guint total = 0, n, filled = 0;

        if (two && !may_be_two_level (self->sheet, r, n_columns))
          continue;
        labels = header_labels (self->sheet, r, two, n_columns);
        for (guint c = 0; c < labels->len; c++)
          filled += ((char *) g_ptr_array_index (labels, c))[0] != '\0';
        n = assign_targets (self->kind, self->targets, labels, NULL, &total);
        /* A title row names one thing ("…社会组织台账"); a header names at
         * least two columns, or is exactly a column name in a sheet of
         * hardly more. */
        if (n < 2 && !(n == 1 && filled <= 2 && total >= GJ_IMPORT_EXACT_SCORE))
          continue;
        if (n > best_n || (n == best_n && total > best_total))
          {
            best_n = n;
            best_total = total;
            best_row = r;
            best_two = two;
          }
      }
  if (best_n == 0)
    {
      examples = example_labels (self->kind);
      gj_data_error_set (error, GJ_DATA_ERROR_INVALID, NULL,
                         _("No row among the first %u of the sheet “%s” looks like a header of "
                           "%s: look for a row of column names such as %s, or choose another "
                           "sheet or kind"),
                         (guint) HEADER_SCAN_ROWS, gj_sheet_get_name (self->sheet),
                         _(self->kind->label_plural), examples);
      return FALSE;
    }
  self->header_first = best_row;
  self->header_last = best_row + (best_two ? 1 : 0);
  self->labels = header_labels (self->sheet, best_row, best_two, n_columns);
  return TRUE;
}

static char *
layout_key (GjImport *self)
{
  g_autoptr(GString) s = g_string_new (self->kind->name);
  g_autofree char *sum = NULL;

  for (guint c = 0; c < self->labels->len; c++)
    {
      g_autofree char *key = gj_import_label_key (g_ptr_array_index (self->labels, c));

      g_string_append_printf (s, "\x1f%s", key);
    }
  sum = g_compute_checksum_for_string (G_CHECKSUM_SHA256, s->str, -1);
  return g_strconcat (MAP_META_PREFIX, sum, NULL);
}

static const char *
lookup_target (GjImport   *self,
               const char *target)
{
  for (guint t = 0; self->targets[t] != NULL; t++)
    if (g_str_equal (self->targets[t], target))
      return self->targets[t];
  return NULL;
}

/* The mapping a person confirmed for this layout last time, if it still
 * fits the kind's fields. */
static gboolean
apply_remembered (GjImport *self)
{
  g_autofree char *saved = gj_store_get_meta (self->store, self->layout_key);
  g_auto(GStrv) parts = NULL;

  if (saved == NULL)
    return FALSE;
  parts = g_strsplit (saved, "|", -1);
  if (g_strv_length (parts) != self->labels->len)
    return FALSE;
  for (guint c = 0; parts[c] != NULL; c++)
    if (parts[c][0] != '\0' && lookup_target (self, parts[c]) == NULL)
      return FALSE;
  for (guint c = 0; parts[c] != NULL; c++)
    self->column_targets[c] = parts[c][0] ? lookup_target (self, parts[c]) : NULL;
  return TRUE;
}

static void
update_columns (GjImport *self)
{
  for (guint c = 0; c < self->labels->len; c++)
    {
      GjImportColumn *col = &self->columns[c];
      const char *label = g_ptr_array_index (self->labels, c);
      const char *target = self->column_targets[c];
      g_autofree char *key = gj_import_label_key (label);

      col->field = target != NULL ? gj_import_target_field (self->kind, target) : NULL;
      col->is_item = target != NULL && col->field != gj_kind_field (self->kind, target);
      col->is_number = gj_import_label_is_row_number (key);
      /* "预算（万元）": the cells count ten thousands of yuan. */
      col->scale = col->field != NULL && col->field->type == GJ_FIELD_MONEY
                   && strstr (label, "万元") != NULL ? 10000.0 : 1.0;
    }
}

GjImport *
gj_import_new (GjStore       *store,
               const GjKind  *kind,
               GjSheet       *sheet,
               GError       **error)
{
  g_autoptr(GjImport) self = NULL;

  g_return_val_if_fail (GJ_IS_STORE (store), NULL);
  g_return_val_if_fail (kind != NULL, NULL);
  g_return_val_if_fail (sheet != NULL, NULL);

  if (!g_strv_contains (import_kinds, kind->name))
    {
      gj_data_error_set (error, GJ_DATA_ERROR_INVALID, NULL,
                         _("%s cannot be imported from a spreadsheet"), _(kind->label_plural));
      return NULL;
    }
  self = g_object_new (GJ_TYPE_IMPORT, NULL);
  self->store = g_object_ref (store);
  self->kind = kind;
  self->sheet = gj_sheet_ref (sheet);
  self->targets = targets_of (kind);
  gj_sheet_fill_merges (sheet);
  if (!find_header (self, error))
    return NULL;
  self->column_targets = g_new0 (const char *, self->labels->len + 1);
  self->columns = g_new0 (GjImportColumn, self->labels->len + 1);
  self->layout_key = layout_key (self);
  self->remembered = apply_remembered (self);
  if (!self->remembered)
    assign_targets (kind, self->targets, self->labels, self->column_targets, NULL);
  update_columns (self);
  find_data_rows (self);
  return g_steal_pointer (&self);
}

const GjKind *
gj_import_get_kind (GjImport *self)
{
  g_return_val_if_fail (GJ_IS_IMPORT (self), NULL);
  return self->kind;
}

GjSheet *
gj_import_get_sheet (GjImport *self)
{
  g_return_val_if_fail (GJ_IS_IMPORT (self), NULL);
  return self->sheet;
}

guint
gj_import_get_header_first (GjImport *self)
{
  g_return_val_if_fail (GJ_IS_IMPORT (self), 0);
  return self->header_first;
}

guint
gj_import_get_header_last (GjImport *self)
{
  g_return_val_if_fail (GJ_IS_IMPORT (self), 0);
  return self->header_last;
}

guint
gj_import_get_data_first (GjImport *self)
{
  g_return_val_if_fail (GJ_IS_IMPORT (self), 0);
  return self->data_first;
}

guint
gj_import_get_data_last (GjImport *self)
{
  g_return_val_if_fail (GJ_IS_IMPORT (self), 0);
  return self->data_last;
}

gboolean
gj_import_get_mapping_remembered (GjImport *self)
{
  g_return_val_if_fail (GJ_IS_IMPORT (self), FALSE);
  return self->remembered;
}

guint
gj_import_get_n_columns (GjImport *self)
{
  g_return_val_if_fail (GJ_IS_IMPORT (self), 0);
  return self->labels->len;
}

const char *
gj_import_get_column_label (GjImport *self,
                            guint     column)
{
  g_return_val_if_fail (GJ_IS_IMPORT (self), NULL);
  g_return_val_if_fail (column < self->labels->len, NULL);
  return g_ptr_array_index (self->labels, column);
}

const char *
gj_import_get_column_target (GjImport *self,
                             guint     column)
{
  g_return_val_if_fail (GJ_IS_IMPORT (self), NULL);
  g_return_val_if_fail (column < self->labels->len, NULL);
  return self->column_targets[column];
}

static char *
column_name (GjImport *self,
             guint     column)
{
  const char *label = g_ptr_array_index (self->labels, column);
  g_autofree char *letters = gj_sheet_column_letters (column);

  return label[0] ? g_strdup_printf ("%s (%s)", letters, label) : g_strdup (letters);
}

gboolean
gj_import_set_column_target (GjImport    *self,
                             guint        column,
                             const char  *target,
                             GError     **error)
{
  const char *known = NULL;

  g_return_val_if_fail (GJ_IS_IMPORT (self), FALSE);
  g_return_val_if_fail (column < self->labels->len, FALSE);

  if (target != NULL && target[0] != '\0')
    {
      known = lookup_target (self, target);
      if (known == NULL)
        {
          g_autofree char *shown = g_utf8_make_valid (target, -1);

          gj_data_error_set (error, GJ_DATA_ERROR_UNKNOWN_FIELD, shown,
                             _("%s has no field “%s”"), _(self->kind->label), shown);
          return FALSE;
        }
      for (guint c = 0; c < self->labels->len; c++)
        if (c != column && self->column_targets[c] == known)
          {
            g_autofree char *label = gj_import_target_label (self, known);
            g_autofree char *other = column_name (self, c);
            g_autofree char *this = column_name (self, column);

            gj_data_error_set (error, GJ_DATA_ERROR_INVALID, known,
                               _("Column %s already goes to “%s”; skip it first to take "
                                 "“%s” from column %s"),
                               other, label, label, this);
            return FALSE;
          }
    }
  self->column_targets[column] = known;
  update_columns (self);
  g_clear_pointer (&self->rows, g_ptr_array_unref);
  return TRUE;
}

const char *const *
gj_import_get_targets (GjImport *self)
{
  g_return_val_if_fail (GJ_IS_IMPORT (self), NULL);
  return (const char *const *) self->targets;
}

char *
gj_import_target_label (GjImport   *self,
                        const char *target)
{
  const GjField *field;

  g_return_val_if_fail (GJ_IS_IMPORT (self), NULL);
  g_return_val_if_fail (target != NULL, NULL);

  field = gj_import_target_field (self->kind, target);
  if (field == NULL)
    return g_strdup (target);
  if (field != gj_kind_field (self->kind, target))
    /* TRANSLATORS: an agreement item's field among an agreement's columns */
    return g_strdup_printf (_("Item: %s"), _(field->label));
  return g_strdup (_(field->label));
}

void
gj_import_set_on_match (GjImport        *self,
                        GjImportOnMatch  on_match)
{
  g_return_if_fail (GJ_IS_IMPORT (self));

  self->on_match = on_match;
  for (guint i = 0; self->rows != NULL && i < self->rows->len; i++)
    {
      GjImportRowPriv *row = g_ptr_array_index (self->rows, i);

      if (row->pub.outcome == GJ_IMPORT_ROW_MATCH)
        row->pub.n_changes = gj_import_changes (row->pub.record, row->existing, on_match, NULL);
    }
}

GjImportOnMatch
gj_import_get_on_match (GjImport *self)
{
  g_return_val_if_fail (GJ_IS_IMPORT (self), GJ_IMPORT_ON_MATCH_SKIP);
  return self->on_match;
}

gboolean
gj_import_prepare (GjImport       *self,
                   GjProgressFunc  progress,
                   gpointer        user_data,
                   GCancellable   *cancellable,
                   GError        **error)
{
  g_autoptr(GPtrArray) rows = NULL;

  g_return_val_if_fail (GJ_IS_IMPORT (self), FALSE);

  g_clear_pointer (&self->rows, g_ptr_array_unref);
  rows = g_ptr_array_new_with_free_func ((GDestroyNotify) gj_import_row_free);
  if (!gj_import_prepare_rows (self, rows, progress, user_data, cancellable, error))
    return FALSE;
  self->rows = g_steal_pointer (&rows);
  return TRUE;
}

guint
gj_import_get_n_rows (GjImport *self)
{
  g_return_val_if_fail (GJ_IS_IMPORT (self), 0);
  return self->rows != NULL ? self->rows->len : 0;
}

const GjImportRow *
gj_import_get_row (GjImport *self,
                   guint     i)
{
  g_return_val_if_fail (GJ_IS_IMPORT (self), NULL);
  g_return_val_if_fail (self->rows != NULL && i < self->rows->len, NULL);
  return &((GjImportRowPriv *) g_ptr_array_index (self->rows, i))->pub;
}

void
gj_import_get_counts (GjImport       *self,
                      GjImportCounts *counts)
{
  g_return_if_fail (GJ_IS_IMPORT (self));
  g_return_if_fail (counts != NULL);

  memset (counts, 0, sizeof *counts);
  for (guint i = 0; self->rows != NULL && i < self->rows->len; i++)
    {
      GjImportRowPriv *priv = g_ptr_array_index (self->rows, i);
      const GjImportRow *row = &priv->pub;

      counts->n_rows++;
      /* A repeated agreement row, or one matching an agreement as it
       * is, still brings its item. */
      if (priv->item != NULL && row->outcome != GJ_IMPORT_ROW_PROBLEM)
        counts->n_items += priv->item_existing == NULL
                           || gj_import_changes (priv->item, priv->item_existing,
                                                 self->on_match, NULL) > 0;
      switch (row->outcome)
        {
        case GJ_IMPORT_ROW_NEW:
          counts->n_new++;
          break;
        case GJ_IMPORT_ROW_MATCH:
          counts->n_match++;
          counts->n_update += row->n_changes > 0;
          break;
        case GJ_IMPORT_ROW_DUPLICATE:
          counts->n_duplicate++;
          break;
        case GJ_IMPORT_ROW_PROBLEM:
          counts->n_problem++;
          break;
        default:
          g_assert_not_reached ();
        }
    }
}

static char *
mapping_text (GjImport *self)
{
  g_autoptr(GString) s = g_string_new (NULL);

  for (guint c = 0; c < self->labels->len; c++)
    g_string_append_printf (s, "%s%s", c ? "|" : "",
                            self->column_targets[c] ? self->column_targets[c] : "");
  return g_string_free (g_steal_pointer (&s), FALSE);
}

gboolean
gj_import_commit (GjImport    *self,
                  const char  *file_name,
                  char       **batch_id,
                  GError     **error)
{
  g_autofree char *mapping = NULL;
  g_autofree char *id = NULL;

  g_return_val_if_fail (GJ_IS_IMPORT (self), FALSE);
  g_return_val_if_fail (file_name != NULL, FALSE);

  if (self->rows == NULL)
    {
      gj_data_error_set (error, GJ_DATA_ERROR_INVALID, NULL,
                         _("The import has no preview since its columns last changed: "
                           "preview it again before importing"));
      return FALSE;
    }
  mapping = mapping_text (self);
  if (!gj_store_begin (self->store, error))
    return FALSE;
  if (!gj_import_write_rows (self, self->rows, file_name, &id, error)
      || !gj_store_set_meta (self->store, self->layout_key, mapping, error))
    {
      gj_store_rollback (self->store);
      return FALSE;
    }
  if (!gj_store_commit (self->store, error))
    return FALSE;
  if (batch_id != NULL)
    *batch_id = g_steal_pointer (&id);
  return TRUE;
}
