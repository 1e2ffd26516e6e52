/* gj-import-log.h: the import batches a database has taken, and their undo
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gj-store.h"

G_BEGIN_DECLS

typedef struct
{
  char   *id;
  char   *kind;        /* kind name */
  char   *file_name;   /* base name of the file, as picked */
  char   *sheet;
  gint64  created;     /* Unix time */
  gint64  undone;      /* Unix time, 0 while not undone */
  guint   n_new;
  guint   n_updated;
  guint   n_duplicate;
  guint   n_problem;
  guint   n_skipped;   /* rows that matched and were left as they were */
} GjImportBatch;

void       gj_import_batch_free   (GjImportBatch *batch);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GjImportBatch, gj_import_batch_free)

/* Every batch, newest first: GjImportBatch*. */
GPtrArray *gj_import_log_list     (GjStore     *store,
                                   GError     **error) G_GNUC_WARN_UNUSED_RESULT;
GjImportBatch *gj_import_log_get  (GjStore     *store,
                                   const char  *batch_id,
                                   GError     **error) G_GNUC_WARN_UNUSED_RESULT;

/* Undoes batch @batch_id in one transaction of ordinary local writes (so
 * the undo syncs too): records it created are deleted, fields it changed
 * get their earlier values back. A record or field edited after the import
 * is kept as it is; *@kept (may be NULL) receives one translated line per
 * record kept that way. A batch already undone is an error. */
gboolean   gj_import_undo         (GjStore     *store,
                                   const char  *batch_id,
                                   GPtrArray  **kept,
                                   guint       *n_undone,
                                   GError     **error);

G_END_DECLS
