/* gj-record-item.h: one record as a row of a list model
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "gj-record.h"

G_BEGIN_DECLS

#define GJ_TYPE_RECORD_ITEM (gj_record_item_get_type ())
G_DECLARE_FINAL_TYPE (GjRecordItem, gj_record_item, GJ, RECORD_ITEM, GObject)

/* Items are made off the main thread with every text a row shows already
 * formatted (references by title, sensitive values masked), so that
 * binding a row is only setting labels. A placeholder stands for a row
 * whose page is still being read. */
GjRecordItem   *gj_record_item_new             (GjRecord     *record) G_GNUC_WARN_UNUSED_RESULT;
GjRecordItem   *gj_record_item_new_placeholder (void) G_GNUC_WARN_UNUSED_RESULT;

GjRecord       *gj_record_item_get_record      (GjRecordItem *self);
gboolean        gj_record_item_is_placeholder  (GjRecordItem *self);
const char     *gj_record_item_get_id          (GjRecordItem *self);

/* The display text of field @column (or "" for a placeholder). */
const char     *gj_record_item_get_text        (GjRecordItem *self,
                                                guint         column);
void            gj_record_item_take_text       (GjRecordItem *self,
                                                guint         column,
                                                char         *text);
/* One more text that a page computes for its own column (a balance). */
const char     *gj_record_item_get_extra       (GjRecordItem *self);
void            gj_record_item_take_extra      (GjRecordItem *self,
                                                char         *text);
/* Columns to draw as alerts (overdue dates): bit n is field n, and the
 * top bit the extra text. */
#define GJ_RECORD_ITEM_ALERT_EXTRA (G_GUINT64_CONSTANT (1) << 63)

guint64         gj_record_item_get_alerts      (GjRecordItem *self);
void            gj_record_item_set_alerts      (GjRecordItem *self,
                                                guint64       alerts);

G_END_DECLS
