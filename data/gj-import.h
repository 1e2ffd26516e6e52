/* gj-import.h: one spreadsheet sheet into records of one kind
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "gj-sheet.h"
#include "gj-store.h"
#include "gj-workbook.h"

G_BEGIN_DECLS

/* What to do with a row that matches a record already in the database. */
typedef enum
{
  GJ_IMPORT_ON_MATCH_SKIP,       /* leave the record as it is */
  GJ_IMPORT_ON_MATCH_FILL,       /* set only the fields the record lacks */
  GJ_IMPORT_ON_MATCH_OVERWRITE,  /* set every field the row gives */
} GjImportOnMatch;

typedef enum
{
  GJ_IMPORT_ROW_NEW,        /* becomes a new record */
  GJ_IMPORT_ROW_MATCH,      /* an existing record (match_id) */
  GJ_IMPORT_ROW_DUPLICATE,  /* repeats an earlier row of the file (duplicate_of) */
  GJ_IMPORT_ROW_PROBLEM,    /* not imported: see problems */
} GjImportOutcome;

typedef struct
{
  char *field;    /* field name, or NULL for the row as a whole */
  char *message;  /* translated; names the field and the reason */
} GjImportProblem;

/* One data row of the sheet and what the import will do with it. */
typedef struct
{
  guint            sheet_row;     /* 1-based, as the spreadsheet shows it */
  GjImportOutcome  outcome;
  GjRecord        *record;        /* the row's values as they will be stored */
  char            *match_id;      /* MATCH: the record it matches */
  char            *match_title;   /* MATCH: that record's title */
  guint            duplicate_of;  /* DUPLICATE: sheet_row of the first one */
  guint            n_changes;     /* MATCH: fields the current choice would change */
  GPtrArray       *problems;      /* GjImportProblem*: PROBLEM rows */
  GPtrArray       *notes;         /* char*: values kept with a remark (a month-only date) */
} GjImportRow;

typedef struct
{
  guint n_rows;
  guint n_new;
  guint n_match;      /* rows that match a record */
  guint n_update;     /* of those, rows the current choice changes */
  guint n_duplicate;
  guint n_problem;
  guint n_items;      /* agreement items the batch adds or changes, whatever row carries them */
} GjImportCounts;

#define GJ_TYPE_IMPORT (gj_import_get_type ())
G_DECLARE_FINAL_TYPE (GjImport, gj_import, GJ, IMPORT, GObject)

/* The kinds a sheet can be imported as, NULL-terminated. */
const char *const *gj_import_kinds          (void);

/* Finds the header of @sheet (under title rows, one or two levels, merged
 * cells) and maps its columns to fields of @kind: from the mapping last
 * used for the same header layout if there is one, else by labels and
 * their synonyms. An empty sheet, or one where no row looks like a header
 * of @kind, is GJ_DATA_ERROR_INVALID with a message that says what was
 * looked for. @sheet's merges are filled. */
GjImport   *gj_import_new                   (GjStore       *store,
                                             const GjKind  *kind,
                                             GjSheet       *sheet,
                                             GError       **error) G_GNUC_WARN_UNUSED_RESULT;

const GjKind *gj_import_get_kind            (GjImport      *self);
GjSheet    *gj_import_get_sheet             (GjImport      *self);
/* 0-based rows of the sheet: the header's first and last row (two for a
 * two-level header) and the data rows, which end before a blank row, a
 * 合计 (total) row or a 注/说明 (footnote) row. */
guint       gj_import_get_header_first      (GjImport      *self);
guint       gj_import_get_header_last       (GjImport      *self);
guint       gj_import_get_data_first        (GjImport      *self);
guint       gj_import_get_data_last         (GjImport      *self);
/* TRUE when the mapping came from an earlier import of the same layout. */
gboolean    gj_import_get_mapping_remembered (GjImport     *self);

/* Columns of the sheet, with the header text a person sees ("负责人 /
 * 联系电话" under a two-level header) and the target each maps to: a field
 * name of the kind, "item.FIELD" for an agreement item's field when
 * importing agreements, or NULL when the column is skipped (序号, or
 * nothing recognized). */
guint       gj_import_get_n_columns         (GjImport      *self);
const char *gj_import_get_column_label      (GjImport      *self,
                                             guint          column);
const char *gj_import_get_column_target     (GjImport      *self,
                                             guint          column);
/* Sets or clears (@target NULL) a column's target. A target that the kind
 * does not have, or that another column already maps to, is an error that
 * names both. Invalidates the preview: call gj_import_prepare() again. */
gboolean    gj_import_set_column_target     (GjImport      *self,
                                             guint          column,
                                             const char    *target,
                                             GError       **error);
/* Every target a column of this kind can map to, NULL-terminated, in the
 * order of the kind's fields; and its label, translated. */
const char *const *gj_import_get_targets    (GjImport      *self);
char       *gj_import_target_label          (GjImport      *self,
                                             const char    *target) G_GNUC_WARN_UNUSED_RESULT;

void        gj_import_set_on_match          (GjImport       *self,
                                             GjImportOnMatch on_match);
GjImportOnMatch gj_import_get_on_match      (GjImport       *self);

/* Normalizes every data row, resolves references by name, and matches each
 * row against the database (credit code, resident ID, then the name within
 * its community) and against the rows before it. Nothing is written. Runs
 * in a worker thread on a store that thread owns; FALSE only when
 * cancelled or on a database error: a bad row is a PROBLEM row, never a
 * failure of the whole. */
gboolean    gj_import_prepare               (GjImport       *self,
                                             GjProgressFunc  progress,
                                             gpointer        user_data,
                                             GCancellable   *cancellable,
                                             GError        **error);
guint       gj_import_get_n_rows            (GjImport      *self);
const GjImportRow *gj_import_get_row        (GjImport      *self,
                                             guint          i);
void        gj_import_get_counts            (GjImport       *self,
                                             GjImportCounts *counts);

/* Writes the prepared rows in one transaction through the store's normal
 * write path (so they sync like any edit), records the batch with
 * @file_name for gj_import_undo(), and remembers the mapping for this
 * header layout. *@batch_id (may be NULL) receives the batch's id. On any
 * error nothing is written. */
gboolean    gj_import_commit                (GjImport      *self,
                                             const char    *file_name,
                                             char         **batch_id,
                                             GError       **error);

G_END_DECLS
