/* gj-import-row-list.c: the rows of a prepared import as a list model
 *
 * A sheet may have 100,000 rows: the model keeps only the positions of
 * the rows its filter lets through and makes an item, with its text, when
 * the view asks for one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-import-row-list"

#include "config.h"

#include <glib/gi18n.h>

#include "gj-format.h"
#include "gj-import-row-item.h"
#include "gj-import-row-list.h"

struct _GjImportRowList
{
  GObject   parent_instance;

  GjStore  *store;
  GjImport *import;
  int       filter;
  GArray   *shown;   /* guint: indices into the import's rows */
};

static void list_model_init (GListModelInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GjImportRowList, gj_import_row_list, G_TYPE_OBJECT,
                               G_IMPLEMENT_INTERFACE (G_TYPE_LIST_MODEL, list_model_init))

/* What will happen to a row, in words; its notes (a month-only date kept
 * as the month's first day) follow on lines of their own. */
static char *
describe (GjImportRowList   *self,
          const GjImportRow *row)
{
  GString *text = g_string_new (NULL);

  switch (row->outcome)
    {
    case GJ_IMPORT_ROW_NEW:
      break;
    case GJ_IMPORT_ROW_MATCH:
      /* TRANSLATORS: an import row that is a record already in the database, %s its name */
      g_string_append_printf (text, _("Matches “%s”"),
                              row->match_title ? row->match_title : "");
      g_string_append (text, " — ");
      if (gj_import_get_on_match (self->import) == GJ_IMPORT_ON_MATCH_SKIP)
        g_string_append (text, _("left as it is"));
      else if (row->n_changes == 0)
        g_string_append (text, _("nothing to change"));
      else
        g_string_append_printf (text, ngettext ("%u field will change",
                                                "%u fields will change", row->n_changes),
                                row->n_changes);
      break;
    case GJ_IMPORT_ROW_DUPLICATE:
      /* TRANSLATORS: an import row that repeats an earlier row of the sheet */
      g_string_append_printf (text, _("Same as row %u, not imported again"), row->duplicate_of);
      break;
    case GJ_IMPORT_ROW_PROBLEM:
    default:
      for (guint i = 0; row->problems && i < row->problems->len; i++)
        {
          const GjImportProblem *p = g_ptr_array_index (row->problems, i);

          if (text->len > 0)
            g_string_append_c (text, '\n');
          g_string_append (text, p->message);
        }
      if (text->len == 0)
        g_string_append (text, _("Not imported"));
      break;
    }
  for (guint i = 0; row->notes && i < row->notes->len; i++)
    {
      if (text->len > 0)
        g_string_append_c (text, '\n');
      g_string_append (text, g_ptr_array_index (row->notes, i));
    }
  return g_string_free (text, FALSE);
}

static GType
get_item_type (GListModel *model)
{
  return GJ_TYPE_IMPORT_ROW_ITEM;
}

static guint
get_n_items (GListModel *model)
{
  return GJ_IMPORT_ROW_LIST (model)->shown->len;
}

static gpointer
get_item (GListModel *model,
          guint       position)
{
  GjImportRowList *self = GJ_IMPORT_ROW_LIST (model);
  const GjImportRow *row;
  g_autofree char *title = NULL;
  g_autofree char *details = NULL;

  if (position >= self->shown->len)
    return NULL;
  row = gj_import_get_row (self->import, g_array_index (self->shown, guint, position));
  /* A row with problems may lack the very field that names it. */
  if (row->record != NULL)
    {
      const GjKind *kind = row->record->kind;
      const char *text = gj_record_get_text (row->record, kind->fields[kind->title_field].name);

      if (text != NULL && text[0] != '\0')
        title = gj_format_record_title (self->store, row->record);
    }
  details = describe (self, row);
  return gj_import_row_item_new (row->sheet_row, row->outcome, title, details);
}

static void
list_model_init (GListModelInterface *iface)
{
  iface->get_item_type = get_item_type;
  iface->get_n_items = get_n_items;
  iface->get_item = get_item;
}

static void
refill (GjImportRowList *self)
{
  guint removed = self->shown->len;
  guint n = self->import ? gj_import_get_n_rows (self->import) : 0;

  g_array_set_size (self->shown, 0);
  for (guint i = 0; i < n; i++)
    if (self->filter == GJ_IMPORT_ROW_LIST_ALL ||
        (int) gj_import_get_row (self->import, i)->outcome == self->filter)
      g_array_append_val (self->shown, i);
  g_list_model_items_changed (G_LIST_MODEL (self), 0, removed, self->shown->len);
}

GjImportRowList *
gj_import_row_list_new (GjStore *store)
{
  GjImportRowList *self;

  g_return_val_if_fail (GJ_IS_STORE (store), NULL);

  self = g_object_new (GJ_TYPE_IMPORT_ROW_LIST, NULL);
  self->store = g_object_ref (store);
  return self;
}

void
gj_import_row_list_set_import (GjImportRowList *self,
                               GjImport        *import)
{
  g_return_if_fail (GJ_IS_IMPORT_ROW_LIST (self));
  g_return_if_fail (import == NULL || GJ_IS_IMPORT (import));

  g_set_object (&self->import, import);
  refill (self);
}

void
gj_import_row_list_set_filter (GjImportRowList *self,
                               int              outcome)
{
  g_return_if_fail (GJ_IS_IMPORT_ROW_LIST (self));
  g_return_if_fail (outcome >= GJ_IMPORT_ROW_LIST_ALL && outcome <= GJ_IMPORT_ROW_PROBLEM);

  if (self->filter == outcome)
    return;
  self->filter = outcome;
  refill (self);
}

static void
gj_import_row_list_finalize (GObject *object)
{
  GjImportRowList *self = GJ_IMPORT_ROW_LIST (object);

  g_clear_object (&self->store);
  g_clear_object (&self->import);
  g_array_unref (self->shown);
  G_OBJECT_CLASS (gj_import_row_list_parent_class)->finalize (object);
}

static void
gj_import_row_list_class_init (GjImportRowListClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gj_import_row_list_finalize;
}

static void
gj_import_row_list_init (GjImportRowList *self)
{
  self->filter = GJ_IMPORT_ROW_LIST_ALL;
  self->shown = g_array_new (FALSE, FALSE, sizeof (guint));
}
