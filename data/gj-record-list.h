/* gj-record-list.h: a lazy list model of the records of one kind
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "gj-reader.h"
#include "gj-record-item.h"

G_BEGIN_DECLS

#define GJ_TYPE_RECORD_LIST (gj_record_list_get_type ())
G_DECLARE_FINAL_TYPE (GjRecordList, gj_record_list, GJ, RECORD_LIST, GObject)

/* Runs in the reader's thread for every item of a page read, after the
 * field texts are filled in: a page adds its own column or alerts here.
 * A decorator that cannot read what it shows fails the whole read, so no
 * cell is left looking empty or 0. @user_data must not change while the
 * list exists. */
typedef gboolean   (*GjRecordListDecorate) (GjStore       *store,
                                            GjRecordItem  *item,
                                            gpointer       user_data,
                                            GError       **error);

/* Runs in the reader's thread instead of the paged queries and returns
 * every record to show (GjRecord*), for filters the store cannot express
 * as one query. */
typedef GPtrArray *(*GjRecordListLoader)   (GjStore       *store,
                                            const GjKind  *kind,
                                            const GjQuery *query,
                                            gpointer       user_data,
                                            GError       **error);

GjRecordList *gj_record_list_new          (GjReader      *reader,
                                           const GjKind  *kind) G_GNUC_WARN_UNUSED_RESULT;
const GjKind *gj_record_list_get_kind     (GjRecordList  *self);

void          gj_record_list_set_decorate (GjRecordList         *self,
                                           GjRecordListDecorate  func,
                                           gpointer              user_data);
void          gj_record_list_set_loader   (GjRecordList         *self,
                                           GjRecordListLoader    func,
                                           gpointer              user_data);

/* Replaces the query (copied) and reads again. Sort and offset/limit of
 * @query are ignored: see gj_record_list_set_sort(). */
void          gj_record_list_set_query    (GjRecordList  *self,
                                           const GjQuery *query);
void          gj_record_list_set_sort     (GjRecordList  *self,
                                           const char    *field,
                                           gboolean       descending);
/* Reads again after a write, keeping the rows on screen until the new ones
 * are there. */
void          gj_record_list_refresh      (GjRecordList  *self);

gboolean      gj_record_list_get_loading  (GjRecordList  *self);
/* The last read's error, if it failed. */
const GError *gj_record_list_get_error    (GjRecordList  *self);

G_END_DECLS
