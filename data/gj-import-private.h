/* gj-import-private.h: what the gj-import*.c files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gj-import.h"

G_BEGIN_DECLS

/* The prefix of an agreement item's fields among an agreement's targets. */
#define GJ_IMPORT_ITEM_PREFIX "item."

/* A column as every row reads it, worked out once per mapping rather
 * than per cell of 100,000 rows. */
typedef struct
{
  const GjField *field;      /* the target's field, or NULL: skipped */
  gboolean       is_item;    /* an agreement item's field */
  gboolean       is_number;  /* the rows' own numbers (序号) */
  double         scale;      /* 10000 for a money column headed 万元, else 1 */
} GjImportColumn;

struct _GjImport
{
  GObject          parent_instance;

  GjStore         *store;
  const GjKind    *kind;
  GjSheet         *sheet;
  guint            header_first;
  guint            header_last;
  guint            data_first;
  guint            data_last;      /* inclusive; below data_first when none */
  GPtrArray       *labels;         /* char*, one per column */
  const char     **column_targets; /* into @targets, or NULL: skipped */
  GjImportColumn  *columns;        /* what the rows need of each column, one per label */
  GStrv            targets;
  char            *layout_key;
  gboolean         remembered;
  GjImportOnMatch  on_match;
  GPtrArray       *rows;           /* GjImportRowPriv*, NULL until prepared */
};

/* A row with what the importer keeps beside what callers see. */
typedef struct
{
  GjImportRow  pub;
  GjRecord    *existing;    /* MATCH: the record as stored */
  GjRecord    *item;        /* agreements: the row's item, or NULL */
  GjRecord    *item_existing;
  char        *new_team;    /* volunteers: a team to create, by name */
} GjImportRowPriv;

/* gj-import.c */

/* TRUE when nothing but the row's number is filled: templates number a
 * hundred rows ahead of the data. */
gboolean    gj_import_row_is_blank   (GjImport     *self,
                                      guint         row);

/* gj-import-labels.c: header labels and the fields they name */

/* A header cell as labels compare: NFKC, no spaces, no "*" marks, no
 * parenthesized remark, no trailing colon, ASCII lower case. */
char       *gj_import_label_key      (const char   *label) G_GNUC_WARN_UNUSED_RESULT;
/* Scores from here up are a label that is exactly a name of the target. */
#define GJ_IMPORT_EXACT_SCORE 1000

/* How well @label_key names @target of @kind: 0 for not at all; an exact
 * synonym scores above any partial one, and a longer partial above a
 * shorter one, so that "负责人联系电话" names the phone, not the leader. */
guint       gj_import_label_score    (const GjKind *kind,
                                      const char   *target,
                                      const char   *label_key);
/* TRUE for a column people number rows with (序号), never a field. */
gboolean    gj_import_label_is_row_number (const char *label_key);
/* The field a target names: the kind's own or an agreement item's. */
const GjField *gj_import_target_field (const GjKind *kind,
                                       const char   *target);

/* gj-import-rows.c: reading, resolving and matching rows */

void        gj_import_row_free       (GjImportRowPriv *row);
gboolean    gj_import_prepare_rows   (GjImport       *self,
                                      GPtrArray      *rows,
                                      GjProgressFunc  progress,
                                      gpointer        user_data,
                                      GCancellable   *cancellable,
                                      GError        **error);
/* How many fields of @rec @on_match would write into @existing; with
 * @changes, sets them there too. */
guint       gj_import_changes        (const GjRecord  *rec,
                                      const GjRecord  *existing,
                                      GjImportOnMatch  on_match,
                                      GjRecord        *changes);

/* gj-import-write.c: a batch's writes, inside the caller's transaction */

gboolean    gj_import_write_rows     (GjImport      *self,
                                      GPtrArray     *rows,
                                      const char    *file_name,
                                      char         **batch_id,
                                      GError       **error);

/* gj-import-log.c: the batch tables, for gj-import-write.c */

gboolean    gj_import_log_begin      (GjStore     *store,
                                      const char  *batch_id,
                                      const char  *kind,
                                      const char  *file_name,
                                      const char  *sheet,
                                      GError     **error);
/* @before: for an update, the fields it changed as they were ("field" →
 * stored text, NULL for unset), as one JSON object; NULL for a new record. */
gboolean    gj_import_log_item       (GjStore     *store,
                                      const char  *batch_id,
                                      const char  *kind,
                                      const char  *record_id,
                                      const char  *before,
                                      GError     **error);
gboolean    gj_import_log_finish     (GjStore              *store,
                                      const char           *batch_id,
                                      const GjImportCounts *counts,
                                      guint64               clock,
                                      GError              **error);

G_END_DECLS
