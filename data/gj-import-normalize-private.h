/* gj-import-normalize-private.h: what the parts of gj_import_normalize() share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gj-import-normalize.h"

G_BEGIN_DECLS

/* One cell being normalized, and where its results go. */
typedef struct
{
  const GjField    *field;
  const char       *label;  /* translated */
  const char       *cell;   /* as typed, trimmed and shortened: for messages */
  GjSheetCellType   type;
  char            **note;
  GError          **error;
} GjImportCell;

/* Sets the error of @c (GJ_DATA_ERROR_INVALID, naming its field) and
 * returns NULL, for `return gj_import_cell_fail (...)`. */
char     *gj_import_cell_fail        (const GjImportCell *c,
                                      const char         *format,
                                      ...) G_GNUC_PRINTF (2, 3);

/* TRUE for the ways ledgers say "nothing here" (无, 暂无, /, —, N/A…),
 * compared after NFKC and ignoring ASCII case. */
gboolean  gj_import_is_empty_marker  (const char *text);

/* @text is the cell after NFKC, trimmed. They return the key (keys joined
 * by commas) or NULL, with an error when the text is not empty. */
char     *gj_import_normalize_enum     (const GjImportCell *c,
                                        const char         *text) G_GNUC_WARN_UNUSED_RESULT;
char     *gj_import_normalize_enum_set (const GjImportCell *c,
                                        const char         *text) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
