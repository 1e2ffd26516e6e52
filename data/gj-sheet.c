/* gj-sheet.c: one worksheet's cells as text, held compactly
 *
 * All cell text of a sheet lives in one growing byte buffer of
 * NUL-terminated strings; each row is a small array of (column, type,
 * offset) sorted by column. A 100,000 x 12 sheet thus costs its text plus
 * eight bytes a cell, instead of an object and an allocation per cell.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-sheet"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gj-data-error.h"
#include "gj-sheet.h"

/* A hostile file can declare merged ranges as large as the whole grid.
 * Filling copies one value per covered cell, so fills are bounded: a range
 * larger than MERGE_FILL_MAX_AREA cells is left unfilled (no person merges
 * that much to repeat a value), and all fills of a sheet together add at
 * most MERGE_FILL_MAX_CELLS cells. Ranges past MAX_MERGES are dropped. */
#define MAX_MERGES           (1u << 20)
#define MERGE_FILL_MAX_AREA  65536u
#define MERGE_FILL_MAX_CELLS (4u * 1024 * 1024)

typedef struct
{
  guint32 offset;   /* into text; 0 is the empty string */
  guint16 column;
  guint8  type;
} Cell;

typedef struct
{
  Cell   *cells;
  guint32 n_cells;
  guint32 n_alloc;
} Row;

typedef struct
{
  guint first_row;
  guint first_column;
  guint last_row;
  guint last_column;
} Merge;

typedef struct
{
  guint first_row;
  guint merge;
} IndexEntry;

struct _GjSheet
{
  gatomicrefcount ref_count;
  char           *name;
  GByteArray     *text;
  Row            *rows;
  guint           n_rows_alloc;
  guint           n_rows;      /* last row with a cell + 1 */
  guint           n_columns;   /* widest row */
  GArray         *merges;      /* of Merge, in the order added */
  /* Merges sorted by first row, built when first asked for and
   * dropped when a merge is added; max_height bounds the backward scan.
   * Building it writes to the sheet, so a sheet is read by one thread at
   * a time, like any other object handed from a worker to its caller. */
  GArray         *merge_index;
  guint           max_height;
};

G_DEFINE_BOXED_TYPE (GjSheet, gj_sheet, gj_sheet_ref, gj_sheet_unref)

GjSheet *
gj_sheet_new (const char *name)
{
  GjSheet *self = g_new0 (GjSheet, 1);

  g_atomic_ref_count_init (&self->ref_count);
  self->name = g_strdup (name != NULL ? name : "");
  self->text = g_byte_array_new ();
  g_byte_array_append (self->text, (const guint8 *) "", 1);
  self->merges = g_array_new (FALSE, FALSE, sizeof (Merge));
  return self;
}

GjSheet *
gj_sheet_ref (GjSheet *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  g_atomic_ref_count_inc (&self->ref_count);
  return self;
}

void
gj_sheet_unref (GjSheet *self)
{
  g_return_if_fail (self != NULL);

  if (!g_atomic_ref_count_dec (&self->ref_count))
    return;
  for (guint i = 0; i < self->n_rows_alloc; i++)
    g_free (self->rows[i].cells);
  g_free (self->rows);
  g_byte_array_unref (self->text);
  g_array_unref (self->merges);
  g_clear_pointer (&self->merge_index, g_array_unref);
  g_free (self->name);
  g_free (self);
}

const char *
gj_sheet_get_name (GjSheet *self)
{
  g_return_val_if_fail (self != NULL, NULL);

  return self->name;
}

guint
gj_sheet_get_n_rows (GjSheet *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_rows;
}

guint
gj_sheet_get_n_columns (GjSheet *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->n_columns;
}

/* The cell at (@row, @column), or NULL; *@pos is where it is or would go. */
static Cell *
find_cell (GjSheet *self,
           guint    row,
           guint    column,
           guint   *pos)
{
  Row *r;
  guint lo = 0, hi;

  if (pos != NULL)
    *pos = 0;
  if (row >= self->n_rows_alloc)
    return NULL;
  r = &self->rows[row];
  hi = r->n_cells;
  /* Readers add cells left to right, so the last one is checked first. */
  if (hi > 0 && r->cells[hi - 1].column < column)
    {
      if (pos != NULL)
        *pos = hi;
      return NULL;
    }
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;

      if (r->cells[mid].column == column)
        {
          if (pos != NULL)
            *pos = mid;
          return &r->cells[mid];
        }
      if (r->cells[mid].column < column)
        lo = mid + 1;
      else
        hi = mid;
    }
  if (pos != NULL)
    *pos = lo;
  return NULL;
}

const char *
gj_sheet_get_text (GjSheet *self,
                   guint    row,
                   guint    column)
{
  Cell *cell;

  g_return_val_if_fail (self != NULL, "");

  cell = find_cell (self, row, column, NULL);
  return cell != NULL ? (const char *) self->text->data + cell->offset : "";
}

GjSheetCellType
gj_sheet_get_cell_type (GjSheet *self,
                        guint    row,
                        guint    column)
{
  Cell *cell;

  g_return_val_if_fail (self != NULL, GJ_SHEET_CELL_EMPTY);

  cell = find_cell (self, row, column, NULL);
  return cell != NULL ? cell->type : GJ_SHEET_CELL_EMPTY;
}

gboolean
gj_sheet_row_is_empty (GjSheet *self,
                       guint    row)
{
  g_return_val_if_fail (self != NULL, TRUE);

  return row >= self->n_rows_alloc || self->rows[row].n_cells == 0;
}

static void
ensure_rows (GjSheet *self,
             guint    row)
{
  guint n;

  if (row < self->n_rows_alloc)
    return;
  n = MAX (self->n_rows_alloc * 2, 64);
  while (n <= row)
    n *= 2;
  n = MIN (n, GJ_SHEET_MAX_ROWS);
  self->rows = g_renew (Row, self->rows, n);
  memset (self->rows + self->n_rows_alloc, 0, (n - self->n_rows_alloc) * sizeof (Row));
  self->n_rows_alloc = n;
}

/* The extent shrinks when a cell is cleared, so that "rows up to the last
 * row that has a cell" stays true. */
static void
update_extent (GjSheet *self)
{
  while (self->n_rows > 0 && self->rows[self->n_rows - 1].n_cells == 0)
    self->n_rows--;
}

static void
remove_cell (GjSheet *self,
             guint    row,
             guint    pos)
{
  Row *r = &self->rows[row];

  memmove (r->cells + pos, r->cells + pos + 1, (r->n_cells - pos - 1) * sizeof (Cell));
  r->n_cells--;
  update_extent (self);
}

/* Stores @text (or reuses @offset when it is not 0) in a new or replaced cell. */
static gboolean
put_cell (GjSheet          *self,
          guint             row,
          guint             column,
          GjSheetCellType   type,
          const char       *text,
          guint32           offset,
          GError          **error)
{
  Cell *cell;
  Row *r;
  guint pos;

  if (offset == 0)
    {
      gsize len = strlen (text) + 1;

      if (self->text->len + len > GJ_SHEET_MAX_TEXT_BYTES)
        {
          gj_data_error_set (error, GJ_DATA_ERROR_INVALID, NULL,
                             _("The sheet “%s” holds more than %u MB of text, more than "
                               "Gongjian reads from one sheet. Split it into smaller sheets."),
                             self->name, GJ_SHEET_MAX_TEXT_BYTES / (1024 * 1024));
          return FALSE;
        }
      offset = self->text->len;
      g_byte_array_append (self->text, (const guint8 *) text, len);
    }

  cell = find_cell (self, row, column, &pos);
  if (cell != NULL)
    {
      cell->offset = offset;
      cell->type = type;
      return TRUE;
    }
  ensure_rows (self, row);
  r = &self->rows[row];
  if (r->n_cells == r->n_alloc)
    {
      r->n_alloc = r->n_alloc == 0 ? 4 : r->n_alloc * 2;
      r->cells = g_renew (Cell, r->cells, r->n_alloc);
    }
  memmove (r->cells + pos + 1, r->cells + pos, (r->n_cells - pos) * sizeof (Cell));
  r->cells[pos] = (Cell) { .offset = offset, .column = column, .type = type };
  r->n_cells++;
  self->n_rows = MAX (self->n_rows, row + 1);
  self->n_columns = MAX (self->n_columns, column + 1);
  return TRUE;
}

gboolean
gj_sheet_set_cell (GjSheet          *self,
                   guint             row,
                   guint             column,
                   GjSheetCellType   type,
                   const char       *text,
                   GError          **error)
{
  guint pos;

  g_return_val_if_fail (self != NULL, FALSE);
  g_return_val_if_fail (error == NULL || *error == NULL, FALSE);

  if (row >= GJ_SHEET_MAX_ROWS)
    {
      gj_data_error_set (error, GJ_DATA_ERROR_INVALID, NULL,
                         _("The sheet “%s” has a cell in row %u, past the %u rows that Gongjian "
                           "reads. Check that the file is not damaged."),
                         self->name, row + 1, GJ_SHEET_MAX_ROWS);
      return FALSE;
    }
  if (column >= GJ_SHEET_MAX_COLUMNS)
    {
      gj_data_error_set (error, GJ_DATA_ERROR_INVALID, NULL,
                         _("The sheet “%s” has a cell in column %u, past the %u columns that "
                           "Gongjian reads. Remove the columns that are not needed."),
                         self->name, column + 1, GJ_SHEET_MAX_COLUMNS);
      return FALSE;
    }

  /* An empty cell is no cell: clearing one keeps the extent honest. */
  if (text == NULL || text[0] == '\0' || type == GJ_SHEET_CELL_EMPTY)
    {
      if (find_cell (self, row, column, &pos) != NULL)
        remove_cell (self, row, pos);
      return TRUE;
    }
  g_return_val_if_fail (g_utf8_validate (text, -1, NULL), FALSE);

  return put_cell (self, row, column, type, text, 0, error);
}

void
gj_sheet_add_merge (GjSheet *self,
                    guint    first_row,
                    guint    first_column,
                    guint    last_row,
                    guint    last_column)
{
  Merge m = { MIN (first_row, last_row), MIN (first_column, last_column),
              MAX (first_row, last_row), MAX (first_column, last_column) };

  g_return_if_fail (self != NULL);

  if (self->merges->len >= MAX_MERGES)
    return;
  /* A single cell is no merge. */
  if (m.first_row == m.last_row && m.first_column == m.last_column)
    return;
  g_array_append_val (self->merges, m);
  g_clear_pointer (&self->merge_index, g_array_unref);
}

guint
gj_sheet_get_n_merges (GjSheet *self)
{
  g_return_val_if_fail (self != NULL, 0);

  return self->merges->len;
}

void
gj_sheet_get_merge (GjSheet *self,
                    guint    i,
                    guint   *first_row,
                    guint   *first_column,
                    guint   *last_row,
                    guint   *last_column)
{
  Merge *m;

  g_return_if_fail (self != NULL);
  g_return_if_fail (i < self->merges->len);

  m = &g_array_index (self->merges, Merge, i);
  if (first_row != NULL)
    *first_row = m->first_row;
  if (first_column != NULL)
    *first_column = m->first_column;
  if (last_row != NULL)
    *last_row = m->last_row;
  if (last_column != NULL)
    *last_column = m->last_column;
}

static int
compare_first_rows (gconstpointer a,
                    gconstpointer b)
{
  const IndexEntry *ea = a, *eb = b;

  return ea->first_row < eb->first_row ? -1 : ea->first_row > eb->first_row;
}

static void
ensure_merge_index (GjSheet *self)
{
  if (self->merge_index != NULL)
    return;
  self->merge_index = g_array_sized_new (FALSE, FALSE, sizeof (IndexEntry), self->merges->len);
  self->max_height = 0;
  for (guint i = 0; i < self->merges->len; i++)
    {
      Merge *m = &g_array_index (self->merges, Merge, i);
      IndexEntry e = { m->first_row, i };

      g_array_append_val (self->merge_index, e);
      self->max_height = MAX (self->max_height, m->last_row - m->first_row);
    }
  g_array_sort (self->merge_index, compare_first_rows);
}

gboolean
gj_sheet_is_merged_tail (GjSheet *self,
                         guint    row,
                         guint    column)
{
  guint lo = 0, hi;

  g_return_val_if_fail (self != NULL, FALSE);

  if (self->merges->len == 0)
    return FALSE;
  ensure_merge_index (self);
  /* Ranges starting after @row cannot hold it; of those starting at or
   * before it, only the ones no more than max_height rows up can reach it. */
  hi = self->merge_index->len;
  while (lo < hi)
    {
      guint mid = lo + (hi - lo) / 2;
      if (g_array_index (self->merge_index, IndexEntry, mid).first_row <= row)
        lo = mid + 1;
      else
        hi = mid;
    }
  while (lo-- > 0)
    {
      guint idx = g_array_index (self->merge_index, IndexEntry, lo).merge;
      Merge *m = &g_array_index (self->merges, Merge, idx);

      if (row - m->first_row > self->max_height)
        break;
      if (row <= m->last_row && column >= m->first_column && column <= m->last_column)
        return row != m->first_row || column != m->first_column;
    }
  return FALSE;
}

void
gj_sheet_fill_merges (GjSheet *self)
{
  guint budget = MERGE_FILL_MAX_CELLS;

  g_return_if_fail (self != NULL);

  for (guint i = 0; i < self->merges->len; i++)
    {
      Merge m = g_array_index (self->merges, Merge, i);
      Cell *top = find_cell (self, m.first_row, m.first_column, NULL);
      guint32 offset;
      guint8 type;
      guint64 area;

      if (top == NULL || m.first_row >= self->n_rows || m.first_column >= self->n_columns)
        continue;
      /* Cells past the sheet's extent are not shown as anything either. */
      m.last_row = MIN (m.last_row, self->n_rows - 1);
      m.last_column = MIN (m.last_column, self->n_columns - 1);
      area = (guint64) (m.last_row - m.first_row + 1) * (m.last_column - m.first_column + 1);
      if (area > MERGE_FILL_MAX_AREA || area > budget)
        continue;
      budget -= area;
      offset = top->offset;
      type = top->type;
      for (guint r = m.first_row; r <= m.last_row; r++)
        for (guint c = m.first_column; c <= m.last_column; c++)
          if (r != m.first_row || c != m.first_column)
            put_cell (self, r, c, type, NULL, offset, NULL);
    }
}

char *
gj_sheet_column_letters (guint column)
{
  char letters[8];
  guint n = 0;

  for (guint c = column + 1; c > 0 && n < sizeof letters - 1; c = (c - 1) / 26)
    letters[n++] = 'A' + (c - 1) % 26;
  letters[n] = '\0';
  return g_strreverse (g_strdup (letters));
}
