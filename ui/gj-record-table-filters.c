/* gj-record-table-filters.c: the filter menus of a GjRecordTable
 *
 * One drop-down per entry of the table's "filters" property: the values
 * of an enumeration, the last twelve years of a date, or the records a
 * reference may point to. The last are read by the session's reader, off
 * the main thread, and join the menu when they arrive; until then the
 * menu offers only "Any …", which is also what it shows.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-record-table"

#include "config.h"

#include <glib/gi18n.h>

#include "gj-format.h"
#include "gj-record-table-private.h"

/* A reference's menu lists this many records at most. */
#define MAX_CHOICES 500

typedef struct
{
  GjRecordTable *self;
  FilterUi      *fu;
} ChoicesRead;

void
gj_record_table_filter_ui_free (FilterUi *fu)
{
  g_ptr_array_unref (fu->values);
  g_free (fu);
}

static void
filter_changed_cb (GjRecordTable *self)
{
  gj_record_table_filters_changed (self);
}

void
gj_record_table_append_tool (GjRecordTable *self,
                             GtkWidget     *widget)
{
  gtk_flow_box_append (self->filter_box, widget);
  /* The child wrapper would be one more stop for Tab. */
  gtk_widget_set_focusable (gtk_widget_get_parent (widget), FALSE);
  gtk_widget_set_halign (widget, GTK_ALIGN_START);
  gtk_widget_set_visible (GTK_WIDGET (self->filter_box), TRUE);
}

/* In the reader's thread: the records of a kind (GjChoice) by title. */
static gpointer
read_choices (GjStore       *store,
              gpointer       data,
              GCancellable  *cancellable,
              GError       **error)
{
  return gj_format_choices (store, data, NULL, MAX_CHOICES, error);
}

/* A record's title, and where two records share it (two communities
 * named 幸福社区 in different streets) its context too, so that no two
 * entries of the menu read alike. */
static char *
choice_label (const GjChoice *choice,
              GHashTable     *counts)
{
  guint n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, choice->title));

  if (n > 1 && choice->context != NULL && choice->context[0] != '\0')
    /* TRANSLATORS: a record in a filter menu: its title, then where it is */
    return g_strdup_printf (_("%s (%s)"), choice->title, choice->context);
  return g_strdup (choice->title);
}

static void
choices_read_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  ChoicesRead *read = user_data;
  g_autoptr(GjRecordTable) self = read->self;
  FilterUi *fu = read->fu;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) choices = gj_reader_run_finish (GJ_READER (source), result, &error);
  g_autoptr(GHashTable) counts = NULL;
  GtkStringList *strings;

  g_free (read);
  if (choices == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not read the choices of a filter: %s", error->message);
      return;
    }
  counts = g_hash_table_new (g_str_hash, g_str_equal);
  for (guint i = 0; i < choices->len; i++)
    {
      const GjChoice *choice = g_ptr_array_index (choices, i);
      guint n = GPOINTER_TO_UINT (g_hash_table_lookup (counts, choice->title));

      g_hash_table_insert (counts, choice->title, GUINT_TO_POINTER (n + 1));
    }
  strings = GTK_STRING_LIST (gtk_drop_down_get_model (fu->dropdown));
  for (guint i = 0; i < choices->len; i++)
    {
      const GjChoice *choice = g_ptr_array_index (choices, i);
      g_autofree char *label = choice_label (choice, counts);

      g_ptr_array_add (fu->values, g_strdup (choice->id));
      gtk_string_list_append (strings, label);
    }
}

static void
read_reference_choices (GjRecordTable *self,
                        FilterUi      *fu)
{
  const GjKind *target = gj_schema_lookup (fu->field->ref_kind);
  ChoicesRead *read;

  if (target == NULL)
    return;
  read = g_new0 (ChoicesRead, 1);
  read->self = g_object_ref (self);
  read->fu = fu;
  gj_reader_run_async (gj_session_get_reader (self->session), read_choices, (gpointer) target,
                       NULL, (GDestroyNotify) g_ptr_array_unref, self->cancellable,
                       choices_read_cb, read);
}

static void
add_filter (GjRecordTable *self,
            const char    *spec)
{
  gboolean year = g_str_has_prefix (spec, "year:");
  const GjField *field = gj_kind_field (self->kind, year ? spec + 5 : spec);
  g_autoptr(GtkStringList) strings = gtk_string_list_new (NULL);
  g_autofree char *any = NULL;
  GtkWidget *dropdown;
  FilterUi *fu;

  if (field == NULL)
    {
      g_critical ("%s has no field for the filter “%s”", self->kind->name, spec);
      return;
    }
  fu = g_new0 (FilterUi, 1);
  fu->field = field;
  fu->year = year;
  fu->values = g_ptr_array_new_with_free_func (g_free);

  if (year)
    {
      g_autoptr(GDateTime) now = g_date_time_new_now_local ();
      int this_year = g_date_time_get_year (now);

      any = g_strdup (_("Any Year"));
      gtk_string_list_append (strings, any);
      g_ptr_array_add (fu->values, NULL);
      for (int y = this_year; y > this_year - 12; y--)
        {
          g_autofree char *label = g_strdup_printf ("%d", y);

          gtk_string_list_append (strings, label);
          g_ptr_array_add (fu->values, g_strdup_printf ("%04d", y));
        }
    }
  else
    {
      /* TRANSLATORS: the first choice of a filter, e.g. "Any Community" */
      any = g_strdup_printf (_("Any %s"), _(field->label));
      gtk_string_list_append (strings, any);
      g_ptr_array_add (fu->values, NULL);
      if (field->type == GJ_FIELD_ENUM)
        for (const GjEnumValue *v = field->values; v->key; v++)
          {
            gtk_string_list_append (strings, _(v->label));
            g_ptr_array_add (fu->values, g_strdup (v->key));
          }
    }

  dropdown = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&strings)), NULL);
  fu->dropdown = GTK_DROP_DOWN (dropdown);
  /* A reference offers up to MAX_CHOICES records: a person types part of
   * the name rather than scrolls. */
  if (!year && field->type == GJ_FIELD_REF)
    {
      gtk_drop_down_set_expression (fu->dropdown,
                                    gtk_property_expression_new (GTK_TYPE_STRING_OBJECT, NULL,
                                                                 "string"));
      gtk_drop_down_set_enable_search (fu->dropdown, TRUE);
    }
  gtk_widget_set_tooltip_text (dropdown, year ? _(field->label) : any);
  gtk_accessible_update_property (GTK_ACCESSIBLE (dropdown), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _(field->label), -1);
  g_signal_connect_swapped (dropdown, "notify::selected", G_CALLBACK (filter_changed_cb), self);
  gj_record_table_append_tool (self, dropdown);
  g_ptr_array_add (self->filters, fu);
  if (!year && field->type == GJ_FIELD_REF)
    read_reference_choices (self, fu);
}

void
gj_record_table_build_filters (GjRecordTable *self)
{
  g_auto(GStrv) specs = NULL;

  gtk_widget_set_visible (GTK_WIDGET (self->filter_box), FALSE);
  if (self->filters_spec != NULL)
    {
      specs = g_strsplit (self->filters_spec, ",", -1);
      for (guint i = 0; specs[i]; i++)
        if (specs[i][0] != '\0')
          add_filter (self, specs[i]);
    }
  for (guint i = 0; i < self->tools->len; i++)
    gj_record_table_append_tool (self, g_ptr_array_index (self->tools, i));
  g_ptr_array_set_size (self->tools, 0);
}
