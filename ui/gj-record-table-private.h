/* gj-record-table-private.h: what gj-record-table.c and its filter menus share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "gj-record-table.h"

G_BEGIN_DECLS

typedef struct
{
  const GjField *field;
  gboolean       year;
  GtkDropDown   *dropdown;
  GPtrArray     *values;   /* stored value per position; NULL for "any" */
} FilterUi;

struct _GjRecordTable
{
  AdwBin                parent_instance;

  char                 *kind_name;
  char                 *columns_spec;
  char                 *filters_spec;
  const GjKind         *kind;
  GjSession            *session;
  GjRecordList         *list;
  GtkSingleSelection   *selection;
  GPtrArray            *filters;       /* FilterUi */
  GPtrArray            *tools;         /* widgets waiting for the filters */
  GCancellable         *cancellable;   /* the filter menus' reads */
  char                 *extra_title;
  GjRecordListDecorate  decorate;
  gpointer              decorate_data;
  GjRecordListLoader    loader;
  gpointer              loader_data;
  char                 *selected_id;
  gulong                changed_id;
  gboolean              dirty;
  double                scroll_value;  /* kept while the rows are gone */
  guint                 search_source;
  char                 *sort_field;    /* NULL: the kind's title */
  gboolean              sort_descending;
  GtkNativeDialog      *export_chooser;
  GCancellable         *export_cancellable;  /* the export under way, or NULL */

  GtkBox               *toolbar;
  GtkSearchEntry       *search_entry;
  GtkFlowBox           *filter_box;
  GtkLabel             *count_label;
  GtkWidget            *sheet_button;
  GtkStack             *stack;
  GtkColumnView        *column_view;
  AdwStatusPage        *empty_page;
  GtkWidget            *empty_button;
};

/* gj-record-table-filters.c: builds the filter menus of the "filters"
 * property, then adds the tools waiting for them; the choices of a
 * reference are read off the main thread. */
void gj_record_table_build_filters   (GjRecordTable *self);
void gj_record_table_append_tool     (GjRecordTable *self,
                                      GtkWidget     *widget);
void gj_record_table_filter_ui_free  (FilterUi      *fu);

/* gj-record-table.c: a filter's choice changed; reads again. */
void gj_record_table_filters_changed (GjRecordTable *self);
/* The query of the list as shown: its filters, search text and sort. The
 * filters go into @filters (of GjFilter), texts made for them into
 * @strings; @q points into both and into the search entry. */
void gj_record_table_build_query     (GjRecordTable *self,
                                      GArray        *filters,
                                      GPtrArray     *strings,
                                      GjQuery       *q);

/* gj-record-table-export.c: the list into a spreadsheet. */
void gj_record_table_export_action   (GtkWidget     *widget,
                                      const char    *action_name,
                                      GVariant      *param);
/* Enables "table.export" where the list is a query (not while a page's
 * loader shows it, nor during an export). */
void gj_record_table_update_export   (GjRecordTable *self);
void gj_record_table_dispose_export  (GjRecordTable *self);

G_END_DECLS
