/* gj-record-table.c: a searchable, sortable, filtered table of one kind
 *
 * The table is a GtkColumnView over a GjRecordList: nothing is sorted or
 * filtered in memory. A click on a column header, a filter or the search
 * text becomes a new query, read off the main thread. Each column sorts
 * with a GjFieldSorter, which tells the query the field and direction.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-record-table"

#include "config.h"

#include <glib/gi18n.h>

#include "gj-data-error.h"
#include "gj-field-sorter.h"
#include "gj-import-dialog.h"
#include "gj-record-editor.h"
#include "gj-record-table-private.h"

G_DEFINE_FINAL_TYPE (GjRecordTable, gj_record_table, ADW_TYPE_BIN)

enum
{
  PROP_0,
  PROP_KIND_NAME,
  PROP_COLUMNS,
  PROP_FILTERS,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

enum
{
  SELECTION_CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

#define EXTRA_COLUMN G_MAXUINT

/* Queries */

void
gj_record_table_build_query (GjRecordTable *self,
                             GArray        *filters,
                             GPtrArray     *strings,
                             GjQuery       *q)
{
  for (guint i = 0; i < self->filters->len; i++)
    {
      FilterUi *fu = g_ptr_array_index (self->filters, i);
      guint pos = gtk_drop_down_get_selected (fu->dropdown);
      const char *value;

      if (pos == GTK_INVALID_LIST_POSITION || pos >= fu->values->len ||
          (value = g_ptr_array_index (fu->values, pos)) == NULL)
        continue;
      if (fu->year)
        {
          char *from = g_strdup_printf ("%s-01-01", value);
          char *to = g_strdup_printf ("%s-12-31", value);
          GjFilter a = { fu->field->name, from, GJ_FILTER_GE };
          GjFilter b = { fu->field->name, to, GJ_FILTER_LE };

          g_ptr_array_add (strings, from);
          g_ptr_array_add (strings, to);
          g_array_append_val (filters, a);
          g_array_append_val (filters, b);
        }
      else
        {
          GjFilter f = { fu->field->name, value };
          g_array_append_val (filters, f);
        }
    }
  *q = (GjQuery) { 0, };
  q->filters = (const GjFilter *) filters->data;
  q->n_filters = filters->len;
  q->text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  q->sort_field = self->sort_field;
  q->descending = self->sort_descending;
}

static void
update_query (GjRecordTable *self)
{
  g_autoptr(GArray) filters = g_array_new (FALSE, FALSE, sizeof (GjFilter));
  g_autoptr(GPtrArray) strings = g_ptr_array_new_with_free_func (g_free);
  GjQuery q;

  if (self->list == NULL)
    return;
  gj_record_table_build_query (self, filters, strings, &q);
  gj_record_list_set_query (self->list, &q);
}

static gboolean
has_criteria (GjRecordTable *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  if (text != NULL && text[0] != '\0')
    return TRUE;
  for (guint i = 0; i < self->filters->len; i++)
    {
      FilterUi *fu = g_ptr_array_index (self->filters, i);

      if (gtk_drop_down_get_selected (fu->dropdown) > 0)
        return TRUE;
    }
  return FALSE;
}

static void
update_state (GjRecordTable *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->list));
  const GError *error = gj_record_list_get_error (self->list);
  g_autofree char *count = NULL;

  count = g_strdup_printf (ngettext ("%u record", "%u records", n), n);
  gtk_label_set_label (self->count_label, count);

  if (n > 0 || gj_record_list_get_loading (self->list))
    {
      gtk_stack_set_visible_child_name (self->stack, "list");
      return;
    }

  if (error != NULL)
    {
      adw_status_page_set_icon_name (self->empty_page, "dialog-error-symbolic");
      adw_status_page_set_title (self->empty_page, _("Could Not Read the Records"));
      adw_status_page_set_description (self->empty_page, error->message);
      gtk_widget_set_visible (self->empty_button, FALSE);
    }
  else if (has_criteria (self))
    {
      adw_status_page_set_icon_name (self->empty_page, "edit-find-symbolic");
      adw_status_page_set_title (self->empty_page, _("No Results Found"));
      adw_status_page_set_description (self->empty_page,
                                       _("Try a different search or other filters"));
      gtk_widget_set_visible (self->empty_button, FALSE);
    }
  else
    {
      g_autofree char *title = g_strdup_printf (_("No %s Yet"), _(self->kind->label_plural));
      g_autofree char *button = g_strdup_printf (_("_Add %s"), _(self->kind->label));

      adw_status_page_set_icon_name (self->empty_page, "list-add-symbolic");
      adw_status_page_set_title (self->empty_page, title);
      adw_status_page_set_description (self->empty_page, NULL);
      gtk_button_set_label (GTK_BUTTON (self->empty_button), button);
      gtk_widget_set_visible (self->empty_button, TRUE);
    }
  gtk_stack_set_visible_child_name (self->stack, "empty");
}

/* Selection */

static void
check_selection (GjRecordTable *self)
{
  GjRecordItem *item = gtk_single_selection_get_selected_item (self->selection);
  const char *id = item ? gj_record_item_get_id (item) : NULL;

  if (g_strcmp0 (id, self->selected_id) == 0)
    return;
  /* A placeholder is only the row before it is read. */
  if (item != NULL && gj_record_item_is_placeholder (item))
    return;
  g_free (self->selected_id);
  self->selected_id = g_strdup (id);
  g_signal_emit (self, signals[SELECTION_CHANGED], 0);
}

static void
selected_item_cb (GjRecordTable *self)
{
  check_selection (self);
}

static void
items_changed_cb (GjRecordTable *self,
                  guint          position,
                  guint          removed,
                  guint          added,
                  GListModel    *model)
{
  update_state (self);
  check_selection (self);
}

static void
loading_cb (GjRecordTable *self)
{
  update_state (self);
}

/* Cells */

static void
cell_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_list_item_set_child (item, label);
}

static void
cell_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  GjRecordItem *ri = gtk_list_item_get_item (item);
  GtkWidget *label = gtk_list_item_get_child (item);
  guint column = GPOINTER_TO_UINT (user_data);
  gboolean alert;

  if (column == EXTRA_COLUMN)
    {
      gtk_label_set_label (GTK_LABEL (label), gj_record_item_get_extra (ri));
      alert = (gj_record_item_get_alerts (ri) & GJ_RECORD_ITEM_ALERT_EXTRA) != 0;
    }
  else
    {
      gtk_label_set_label (GTK_LABEL (label), gj_record_item_get_text (ri, column));
      alert = column < 63 && (gj_record_item_get_alerts (ri) & (G_GUINT64_CONSTANT (1) << column));
    }
  if (alert)
    gtk_widget_add_css_class (label, "error");
  else
    gtk_widget_remove_css_class (label, "error");
}

static int
column_width (const GjField *field)
{
  switch (field->type)
    {
    case GJ_FIELD_DATE:
      return 120;
    case GJ_FIELD_BOOL:
    case GJ_FIELD_INT:
    case GJ_FIELD_REAL:
      return 90;
    case GJ_FIELD_MONEY:
      return 120;
    case GJ_FIELD_ENUM:
      return 130;
    case GJ_FIELD_MOBILE:
      return 130;
    case GJ_FIELD_RESIDENT_ID:
    case GJ_FIELD_CREDIT_CODE:
      return 190;
    case GJ_FIELD_REF:
    case GJ_FIELD_TEXT:
    case GJ_FIELD_ENUM_SET:
    default:
      return 150;
    }
}

static GtkColumnViewColumn *
make_column (GjRecordTable *self,
             const char    *title,
             guint          column,
             GtkSorter     *sorter,
             int            width,
             gboolean       expand)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkColumnViewColumn *col;

  g_signal_connect (factory, "setup", G_CALLBACK (cell_setup_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (cell_bind_cb), GUINT_TO_POINTER (column));
  col = gtk_column_view_column_new (title, factory);
  gtk_column_view_column_set_resizable (col, TRUE);
  gtk_column_view_column_set_expand (col, expand);
  if (!expand)
    gtk_column_view_column_set_fixed_width (col, width);
  if (sorter != NULL)
    {
      gtk_column_view_column_set_sorter (col, sorter);
      g_object_unref (sorter);
    }
  return col;
}

static gboolean
default_column (const GjField *field)
{
  if (field->flags & GJ_FIELD_FLAG_INTERNAL)
    return FALSE;
  /* Long free text reads better in the editor than in a cell. */
  return field->type != GJ_FIELD_TEXT || (field->flags & GJ_FIELD_FLAG_TITLE) ||
         !(field->flags & GJ_FIELD_FLAG_SEARCH) || g_str_equal (field->name, "leader") ||
         g_str_equal (field->name, "mentor") || g_str_equal (field->name, "responsible") ||
         g_str_equal (field->name, "contact") || g_str_equal (field->name, "donor");
}

static void
view_sorter_changed_cb (GtkSorter       *sorter,
                        GtkSorterChange  change,
                        GjRecordTable   *self)
{
  gboolean descending;
  const char *field = gj_field_sorter_probe (sorter, &descending);

  /* Kept for an export, which shows the list in the same order. */
  g_free (self->sort_field);
  self->sort_field = g_strdup (field);
  self->sort_descending = descending;
  gj_record_list_set_sort (self->list, field, descending);
}

static void
add_field_column (GjRecordTable *self,
                  guint          f)
{
  const GjField *field = &self->kind->fields[f];
  gboolean is_title = f == self->kind->title_field;
  GtkColumnViewColumn *col;

  col = make_column (self, _(field->label), f, gj_field_sorter_new (field->name),
                     column_width (field), is_title);
  if (is_title)
    gtk_column_view_column_set_fixed_width (col, 220);
  gtk_column_view_append_column (self->column_view, col);
  g_object_unref (col);
}

static void
build_columns (GjRecordTable *self)
{
  if (self->columns_spec != NULL)
    {
      /* In the order the page asked for. */
      g_auto(GStrv) names = g_strsplit (self->columns_spec, ",", -1);

      for (guint i = 0; names[i]; i++)
        {
          int f = gj_kind_field_index (self->kind, g_strstrip (names[i]));

          if (f < 0 || (guint) f >= self->kind->n_fields)
            g_critical ("%s has no field “%s” for a column", self->kind->name, names[i]);
          else
            add_field_column (self, f);
        }
    }
  else
    {
      guint n_cols = 0;

      for (guint f = 0; f < self->kind->n_fields && n_cols < 8; f++)
        if (default_column (&self->kind->fields[f]))
          {
            add_field_column (self, f);
            n_cols++;
          }
    }
  if (self->extra_title != NULL)
    {
      GtkColumnViewColumn *col = make_column (self, self->extra_title, EXTRA_COLUMN, NULL, 130, FALSE);

      gtk_column_view_append_column (self->column_view, col);
      g_object_unref (col);
    }
  g_signal_connect (gtk_column_view_get_sorter (self->column_view), "changed",
                    G_CALLBACK (view_sorter_changed_cb), self);
}

/* Filters (the menus are built in gj-record-table-filters.c) */

void
gj_record_table_filters_changed (GjRecordTable *self)
{
  update_query (self);
}

/* Search */

static gboolean
search_timeout_cb (gpointer user_data)
{
  GjRecordTable *self = user_data;

  self->search_source = 0;
  update_query (self);
  return G_SOURCE_REMOVE;
}

static void
search_changed_cb (GjRecordTable *self)
{
  /* GtkSearchEntry already waits for a pause in typing. */
  g_clear_handle_id (&self->search_source, g_source_remove);
  self->search_source = g_idle_add (search_timeout_cb, self);
}

static void
search_activate_cb (GjRecordTable *self)
{
  gtk_widget_grab_focus (GTK_WIDGET (self->column_view));
}

/* Opening and deleting */

/* The item's record as stored now, or NULL: gone since the page was
 * read, or unreadable (then said in a toast). */
static GjRecord *
fresh_record (GjRecordTable *self,
              GjRecordItem  *item)
{
  g_autoptr(GError) error = NULL;
  GjRecord *record;

  if (item == NULL || gj_record_item_is_placeholder (item))
    return NULL;
  record = gj_store_get (gj_session_get_store (self->session), self->kind,
                         gj_record_item_get_id (item), &error);
  if (record == NULL && !g_error_matches (error, GJ_DATA_ERROR, GJ_DATA_ERROR_NOT_FOUND))
    gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", error->message);
  return record;
}

static void
column_view_activate_cb (GjRecordTable *self,
                         guint          position)
{
  g_autoptr(GjRecordItem) item = g_list_model_get_item (G_LIST_MODEL (self->selection), position);
  g_autoptr(GjRecord) rec = fresh_record (self, item);

  if (rec != NULL)
    gj_record_editor_open (GTK_WIDGET (self), self->session, self->kind, rec, NULL);
}

static void
new_action (GtkWidget  *widget,
            const char *action,
            GVariant   *param)
{
  gj_record_table_new_record (GJ_RECORD_TABLE (widget));
}

static void
edit_action (GtkWidget  *widget,
             const char *action,
             GVariant   *param)
{
  GjRecordTable *self = GJ_RECORD_TABLE (widget);
  g_autoptr(GjRecord) rec = gj_record_table_get_selected (self);

  if (rec != NULL)
    gj_record_editor_open (widget, self->session, self->kind, rec, NULL);
}

static void
delete_action (GtkWidget  *widget,
               const char *action,
               GVariant   *param)
{
  GjRecordTable *self = GJ_RECORD_TABLE (widget);
  g_autoptr(GjRecord) rec = gj_record_table_get_selected (self);

  if (rec != NULL && !(self->kind->flags & GJ_KIND_FLAG_APPEND_ONLY))
    gtk_widget_activate_action (widget, "win.delete-record", "(ss)", self->kind->name, rec->id);
}

static void
search_action (GtkWidget  *widget,
               const char *action,
               GVariant   *param)
{
  gj_record_table_focus_search (GJ_RECORD_TABLE (widget));
}

static void
import_action (GtkWidget  *widget,
               const char *action,
               GVariant   *param)
{
  GjRecordTable *self = GJ_RECORD_TABLE (widget);

  if (self->session != NULL && g_strv_contains (gj_import_kinds (), self->kind->name))
    gj_import_dialog_open (widget, self->session, self->kind->name);
}

/* Session */

static void
session_changed_cb (GjSession     *session,
                    const char    *kind_name,
                    GjRecordTable *self)
{
  /* References are shown by title, so a change of any kind may change
   * what this table shows; a hidden table reads again when shown. */
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    gj_record_list_refresh (self->list);
  else
    self->dirty = TRUE;
}

static gboolean
restore_scroll_cb (gpointer data)
{
  GjRecordTable *self = data;
  GtkAdjustment *adj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->column_view));

  gtk_adjustment_set_value (adj, self->scroll_value);
  g_object_unref (self);
  return G_SOURCE_REMOVE;
}

/* Rows exist only while the table is on screen: a hidden page of a
 * 100,000-record database would otherwise keep a few thousand widgets
 * alive (and lay them out at start) for nothing. The model, the selection
 * and the scroll position stay. */
static void
gj_record_table_map (GtkWidget *widget)
{
  GjRecordTable *self = GJ_RECORD_TABLE (widget);

  GTK_WIDGET_CLASS (gj_record_table_parent_class)->map (widget);
  if (self->selection != NULL &&
      gtk_column_view_get_model (self->column_view) != GTK_SELECTION_MODEL (self->selection))
    {
      gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));
      if (self->scroll_value > 0)
        g_idle_add (restore_scroll_cb, g_object_ref (self));
    }
  if (self->dirty && self->list != NULL)
    {
      self->dirty = FALSE;
      gj_record_list_refresh (self->list);
    }
}

static void
gj_record_table_unmap (GtkWidget *widget)
{
  GjRecordTable *self = GJ_RECORD_TABLE (widget);
  GtkAdjustment *adj = gtk_scrollable_get_vadjustment (GTK_SCROLLABLE (self->column_view));

  self->scroll_value = adj ? gtk_adjustment_get_value (adj) : 0;
  gtk_column_view_set_model (self->column_view, NULL);
  GTK_WIDGET_CLASS (gj_record_table_parent_class)->unmap (widget);
}

/* Public */

void
gj_record_table_set_session (GjRecordTable *self,
                             GjSession     *session)
{
  g_return_if_fail (GJ_IS_RECORD_TABLE (self));
  g_return_if_fail (GJ_IS_SESSION (session));
  g_return_if_fail (self->session == NULL);

  self->kind = gj_schema_lookup (self->kind_name ? self->kind_name : "");
  g_return_if_fail (self->kind != NULL);

  self->session = g_object_ref (session);
  self->list = gj_record_list_new (gj_session_get_reader (session), self->kind);
  if (self->decorate != NULL)
    gj_record_list_set_decorate (self->list, self->decorate, self->decorate_data);
  if (self->loader != NULL)
    gj_record_list_set_loader (self->list, self->loader, self->loader_data);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->list)));
  g_signal_connect_swapped (self->selection, "notify::selected-item",
                            G_CALLBACK (selected_item_cb), self);
  g_signal_connect_swapped (self->list, "items-changed", G_CALLBACK (items_changed_cb), self);
  g_signal_connect_swapped (self->list, "notify::loading", G_CALLBACK (loading_cb), self);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    gtk_column_view_set_model (self->column_view, GTK_SELECTION_MODEL (self->selection));

  {
    g_autofree char *placeholder = g_strdup_printf (_("Search %s"), _(self->kind->label_plural));

    g_object_set (self->search_entry, "placeholder-text", placeholder, NULL);
    gtk_accessible_update_property (GTK_ACCESSIBLE (self->search_entry),
                                    GTK_ACCESSIBLE_PROPERTY_LABEL, placeholder, -1);
  }

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "table.import",
                                 g_strv_contains (gj_import_kinds (), self->kind->name));
  gj_record_table_update_export (self);
  build_columns (self);
  gj_record_table_build_filters (self);
  self->changed_id = g_signal_connect (session, "changed", G_CALLBACK (session_changed_cb), self);
  update_query (self);
}

const GjKind *
gj_record_table_get_kind (GjRecordTable *self)
{
  g_return_val_if_fail (GJ_IS_RECORD_TABLE (self), NULL);
  return self->kind ? self->kind : gj_schema_lookup (self->kind_name ? self->kind_name : "");
}

GjRecordList *
gj_record_table_get_list (GjRecordTable *self)
{
  g_return_val_if_fail (GJ_IS_RECORD_TABLE (self), NULL);
  return self->list;
}

void
gj_record_table_set_extra_column (GjRecordTable        *self,
                                  const char           *title,
                                  GjRecordListDecorate  decorate,
                                  gpointer              user_data)
{
  g_return_if_fail (GJ_IS_RECORD_TABLE (self));
  g_return_if_fail (self->session == NULL);

  g_free (self->extra_title);
  self->extra_title = g_strdup (title);
  self->decorate = decorate;
  self->decorate_data = user_data;
}

void
gj_record_table_set_loader (GjRecordTable      *self,
                            GjRecordListLoader  loader,
                            gpointer            user_data)
{
  g_return_if_fail (GJ_IS_RECORD_TABLE (self));

  self->loader = loader;
  self->loader_data = user_data;
  if (self->list != NULL)
    gj_record_list_set_loader (self->list, loader, user_data);
  gj_record_table_update_export (self);
}

void
gj_record_table_add_tool (GjRecordTable *self,
                          GtkWidget     *widget)
{
  g_return_if_fail (GJ_IS_RECORD_TABLE (self));

  /* After the filters, which exist once the session is set. */
  if (self->session != NULL)
    gj_record_table_append_tool (self, widget);
  else
    g_ptr_array_add (self->tools, g_object_ref_sink (widget));
}

GjRecord *
gj_record_table_get_selected (GjRecordTable *self)
{
  GjRecordItem *item;

  g_return_val_if_fail (GJ_IS_RECORD_TABLE (self), NULL);
  if (self->selection == NULL)
    return NULL;
  item = gtk_single_selection_get_selected_item (self->selection);
  return fresh_record (self, item);
}

void
gj_record_table_refresh (GjRecordTable *self)
{
  g_return_if_fail (GJ_IS_RECORD_TABLE (self));
  if (self->list != NULL)
    gj_record_list_refresh (self->list);
}

void
gj_record_table_focus_search (GjRecordTable *self)
{
  g_return_if_fail (GJ_IS_RECORD_TABLE (self));
  gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
}

gboolean
gj_record_table_picked_in_list (GjRecordTable *self)
{
  GtkRoot *root;
  GtkWidget *focus;

  g_return_val_if_fail (GJ_IS_RECORD_TABLE (self), FALSE);

  root = gtk_widget_get_root (GTK_WIDGET (self));
  focus = root ? gtk_root_get_focus (root) : NULL;
  return focus != NULL && !GTK_IS_EDITABLE (focus)
         && gtk_widget_is_ancestor (focus, GTK_WIDGET (self));
}

void
gj_record_table_new_record (GjRecordTable *self)
{
  g_return_if_fail (GJ_IS_RECORD_TABLE (self));
  if (self->session != NULL)
    gj_record_editor_open (GTK_WIDGET (self), self->session, self->kind, NULL, NULL);
}

void
gj_record_table_sort_by (GjRecordTable *self,
                         const char    *field,
                         gboolean       descending)
{
  GListModel *columns;

  g_return_if_fail (GJ_IS_RECORD_TABLE (self));

  columns = gtk_column_view_get_columns (self->column_view);
  for (guint i = 0; i < g_list_model_get_n_items (columns); i++)
    {
      g_autoptr(GtkColumnViewColumn) col = g_list_model_get_item (columns, i);
      GtkSorter *sorter = gtk_column_view_column_get_sorter (col);

      if (GJ_IS_FIELD_SORTER (sorter) &&
          g_strcmp0 (gj_field_sorter_get_field (GJ_FIELD_SORTER (sorter)), field) == 0)
        {
          gtk_column_view_sort_by_column (self->column_view, col,
                                          descending ? GTK_SORT_DESCENDING : GTK_SORT_ASCENDING);
          return;
        }
    }
}

/* GObject */

static void
gj_record_table_dispose (GObject *object)
{
  GjRecordTable *self = GJ_RECORD_TABLE (object);

  g_clear_handle_id (&self->search_source, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  gj_record_table_dispose_export (self);
  if (self->session != NULL)
    g_clear_signal_handler (&self->changed_id, self->session);
  if (self->list != NULL)
    g_signal_handlers_disconnect_by_data (self->list, self);
  if (self->selection != NULL)
    g_signal_handlers_disconnect_by_data (self->selection, self);
  /* The column view goes with the bin's child, after the list. */
  if (self->column_view != NULL)
    g_signal_handlers_disconnect_by_data (gtk_column_view_get_sorter (self->column_view), self);
  gtk_widget_dispose_template (GTK_WIDGET (self), GJ_TYPE_RECORD_TABLE);
  g_clear_object (&self->selection);
  g_clear_object (&self->list);
  g_clear_object (&self->session);
  G_OBJECT_CLASS (gj_record_table_parent_class)->dispose (object);
}

static void
gj_record_table_finalize (GObject *object)
{
  GjRecordTable *self = GJ_RECORD_TABLE (object);

  g_ptr_array_unref (self->filters);
  g_clear_object (&self->cancellable);
  g_ptr_array_unref (self->tools);
  g_free (self->kind_name);
  g_free (self->columns_spec);
  g_free (self->filters_spec);
  g_free (self->extra_title);
  g_free (self->selected_id);
  g_free (self->sort_field);
  G_OBJECT_CLASS (gj_record_table_parent_class)->finalize (object);
}

static void
gj_record_table_get_property (GObject    *object,
                              guint       prop_id,
                              GValue     *value,
                              GParamSpec *pspec)
{
  GjRecordTable *self = GJ_RECORD_TABLE (object);

  switch (prop_id)
    {
    case PROP_KIND_NAME:
      g_value_set_string (value, self->kind_name);
      break;
    case PROP_COLUMNS:
      g_value_set_string (value, self->columns_spec);
      break;
    case PROP_FILTERS:
      g_value_set_string (value, self->filters_spec);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gj_record_table_set_property (GObject      *object,
                              guint         prop_id,
                              const GValue *value,
                              GParamSpec   *pspec)
{
  GjRecordTable *self = GJ_RECORD_TABLE (object);

  switch (prop_id)
    {
    case PROP_KIND_NAME:
      g_free (self->kind_name);
      self->kind_name = g_value_dup_string (value);
      break;
    case PROP_COLUMNS:
      g_free (self->columns_spec);
      self->columns_spec = g_value_dup_string (value);
      break;
    case PROP_FILTERS:
      g_free (self->filters_spec);
      self->filters_spec = g_value_dup_string (value);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gj_record_table_class_init (GjRecordTableClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gj_record_table_dispose;
  object_class->finalize = gj_record_table_finalize;
  object_class->get_property = gj_record_table_get_property;
  object_class->set_property = gj_record_table_set_property;
  widget_class->map = gj_record_table_map;
  widget_class->unmap = gj_record_table_unmap;

  properties[PROP_KIND_NAME] =
    g_param_spec_string ("kind-name", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COLUMNS] =
    g_param_spec_string ("columns", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  properties[PROP_FILTERS] =
    g_param_spec_string ("filters", NULL, NULL, NULL,
                         G_PARAM_READWRITE | G_PARAM_CONSTRUCT_ONLY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /**
   * GjRecordTable::selection-changed:
   *
   * The selected record is another one (or none).
   */
  signals[SELECTION_CHANGED] = g_signal_new ("selection-changed", G_TYPE_FROM_CLASS (klass),
                                             G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                             G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/cn/gongjian/Gongjian/gj-record-table.ui");
  gtk_widget_class_bind_template_child (widget_class, GjRecordTable, toolbar);
  gtk_widget_class_bind_template_child (widget_class, GjRecordTable, search_entry);
  gtk_widget_class_bind_template_child (widget_class, GjRecordTable, filter_box);
  gtk_widget_class_bind_template_child (widget_class, GjRecordTable, count_label);
  gtk_widget_class_bind_template_child (widget_class, GjRecordTable, sheet_button);
  gtk_widget_class_bind_template_child (widget_class, GjRecordTable, stack);
  gtk_widget_class_bind_template_child (widget_class, GjRecordTable, column_view);
  gtk_widget_class_bind_template_child (widget_class, GjRecordTable, empty_page);
  gtk_widget_class_bind_template_child (widget_class, GjRecordTable, empty_button);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, column_view_activate_cb);

  gtk_widget_class_install_action (widget_class, "table.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "table.edit", NULL, edit_action);
  gtk_widget_class_install_action (widget_class, "table.delete", NULL, delete_action);
  gtk_widget_class_install_action (widget_class, "table.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "table.import", NULL, import_action);
  gtk_widget_class_install_action (widget_class, "table.export", NULL,
                                   gj_record_table_export_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Delete, 0, "table.delete", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Delete, 0, "table.delete", NULL);
}

static void
gj_record_table_init (GjRecordTable *self)
{
  self->filters = g_ptr_array_new_with_free_func ((GDestroyNotify) gj_record_table_filter_ui_free);
  self->cancellable = g_cancellable_new ();
  self->tools = g_ptr_array_new_with_free_func (g_object_unref);
  gtk_widget_init_template (GTK_WIDGET (self));
}
