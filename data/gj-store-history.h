/* gj-store-history.h: what each change of a record changed, from and to
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gj-store.h"
#include "gj-value.h"

G_BEGIN_DECLS

/* How many changes the journal keeps per record; older ones are dropped
 * as new ones come. */
#define GJ_HISTORY_KEEP 100

/* One change of one cell of a record, as this database took it (written
 * here or applied from a peer). */
typedef struct
{
  guint    column;      /* the field's column; the kind's n_fields: deleted or restored */
  gboolean has_old;     /* FALSE: the journal has no entry for the cell (an older
                         * version wrote it, or it is the value the record was
                         * created with), only its current value is known */
  GjValue  old_value;
  GjValue  new_value;
  guint64  hlc;         /* the change's clock */
  char     site[GJ_SITE_ID_LEN + 1];  /* the device that made it */
  char    *name;        /* that device's name (gj-site-names.h); NULL if unknown */
} GjHistoryEntry;

void gj_history_entry_free (GjHistoryEntry *entry);

/* The changes of record @id of @kind, newest first: every journal entry,
 * and for each cell the journal knows nothing of, its last change as the
 * cell's clock tells it. At most @limit of them (0: all); *@n_more (may
 * be NULL) is set to how many more there are. A record that is not there
 * is GJ_DATA_ERROR_NOT_FOUND. */
GPtrArray *gj_store_history (GjStore       *store,
                             const GjKind  *kind,
                             const char    *id,
                             guint          limit,
                             guint         *n_more,
                             GError       **error) G_GNUC_WARN_UNUSED_RESULT;

/* @value of field @column (not the tombstone) as the editor shows it:
 * references by title, enums by label, sensitive values masked if @mask.
 * "" for no value. */
char      *gj_history_format_value (GjStore       *store,
                                    const GjKind  *kind,
                                    guint          column,
                                    const GjValue *value,
                                    gboolean       mask) G_GNUC_WARN_UNUSED_RESULT;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GjHistoryEntry, gj_history_entry_free)

G_END_DECLS
