/* gj-sheet.h: one worksheet's cells as text, whatever file they came from
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

/* What a cell held in its file, so that normalization can tell a phone
 * number stored as a number or a real Excel date from typed text. */
typedef enum
{
  GJ_SHEET_CELL_EMPTY,
  GJ_SHEET_CELL_TEXT,
  GJ_SHEET_CELL_NUMBER,  /* text is the shortest decimal form: "18865719602", "2.5" */
  GJ_SHEET_CELL_DATE,    /* a date-formatted number: text is ISO "2023-03-21" */
  GJ_SHEET_CELL_BOOL,    /* text is "1" or "0" */
} GjSheetCellType;

/* Limits that every reader enforces, so that a hostile or broken file
 * (a zip bomb, a sheet claiming a million columns) gets a clear error
 * instead of exhausting memory. */
#define GJ_SHEET_MAX_ROWS       1048576   /* Excel's own limit */
#define GJ_SHEET_MAX_COLUMNS    1024      /* far above any ledger */
#define GJ_SHEET_MAX_TEXT_BYTES (512u * 1024 * 1024)  /* all cell text of a sheet */

#define GJ_TYPE_SHEET (gj_sheet_get_type ())

/* A sheet is a reference-counted boxed struct: a 100,000-row sheet is held
 * as one string chunk and arrays of offsets, not one object per cell. */
typedef struct _GjSheet GjSheet;

GType            gj_sheet_get_type      (void) G_GNUC_CONST;
GjSheet         *gj_sheet_new           (const char *name) G_GNUC_WARN_UNUSED_RESULT;
GjSheet         *gj_sheet_ref           (GjSheet    *self);
void             gj_sheet_unref         (GjSheet    *self);

const char      *gj_sheet_get_name      (GjSheet    *self);
/* Rows up to the last row that has a cell; columns up to the widest row. */
guint            gj_sheet_get_n_rows    (GjSheet    *self);
guint            gj_sheet_get_n_columns (GjSheet    *self);
/* The cell's text, never NULL ("" when empty). Out of range is empty. */
const char      *gj_sheet_get_text      (GjSheet    *self,
                                         guint       row,
                                         guint       column);
GjSheetCellType  gj_sheet_get_cell_type (GjSheet    *self,
                                         guint       row,
                                         guint       column);
gboolean         gj_sheet_row_is_empty  (GjSheet    *self,
                                         guint       row);
/* A 0-based column as spreadsheets name it: "A" … "Z", "AA" …. */
char            *gj_sheet_column_letters (guint      column) G_GNUC_WARN_UNUSED_RESULT;

/* Builders, for the readers. Cells may come in any order; setting a cell
 * twice keeps the last. Text must be valid UTF-8 (readers convert). FALSE
 * with an error when a limit above is passed. */
gboolean         gj_sheet_set_cell      (GjSheet          *self,
                                         guint             row,
                                         guint             column,
                                         GjSheetCellType   type,
                                         const char       *text,
                                         GError          **error);

/* Merged ranges (inclusive). A merged range's value is in its top-left
 * cell as read; gj_sheet_fill_merges() copies it into every cell of the
 * range, which is what a person sees. Header detection reads the ranges
 * to find two-level headers, so readers add them before filling. */
void             gj_sheet_add_merge     (GjSheet    *self,
                                         guint       first_row,
                                         guint       first_column,
                                         guint       last_row,
                                         guint       last_column);
guint            gj_sheet_get_n_merges  (GjSheet    *self);
void             gj_sheet_get_merge     (GjSheet    *self,
                                         guint       i,
                                         guint      *first_row,
                                         guint      *first_column,
                                         guint      *last_row,
                                         guint      *last_column);
/* TRUE if (@row, @column) lies in a merged range other than its top-left cell. */
gboolean         gj_sheet_is_merged_tail (GjSheet   *self,
                                          guint      row,
                                          guint      column);
void             gj_sheet_fill_merges   (GjSheet    *self);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GjSheet, gj_sheet_unref)

G_END_DECLS
