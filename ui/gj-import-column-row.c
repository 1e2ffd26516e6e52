/* gj-import-column-row.c: one column of a sheet and the field it goes into
 *
 * The drop-down lists "Skip this column" first, then the import's targets
 * in the kind's order, so position 0 is a skipped column and position
 * i + 1 is target i.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-import-column-row"

#include "config.h"

#include <glib/gi18n.h>

#include "gj-import-column-row.h"

/* Values shown under a column's header, and how much of each. */
#define N_SAMPLES   3
#define SAMPLE_CHARS 16

struct _GjImportColumnRow
{
  AdwActionRow  parent_instance;

  GjImport     *import;
  guint         column;
  gboolean      syncing;

  GtkDropDown  *target_dropdown;
};

G_DEFINE_FINAL_TYPE (GjImportColumnRow, gj_import_column_row, ADW_TYPE_ACTION_ROW)

enum
{
  TARGET_CHOSEN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static char *
samples (GjImport *import,
         guint     column)
{
  GjSheet *sheet = gj_import_get_sheet (import);
  guint last = gj_import_get_data_last (import);
  g_autoptr(GString) text = g_string_new (NULL);
  guint n = 0;

  for (guint r = gj_import_get_data_first (import); r <= last && n < N_SAMPLES; r++)
    {
      const char *cell = gj_sheet_get_text (sheet, r, column);

      if (cell[0] == '\0')
        continue;
      if (n++ > 0)
        g_string_append (text, " · ");
      if (g_utf8_strlen (cell, -1) > SAMPLE_CHARS)
        {
          g_string_append_len (text, cell, g_utf8_offset_to_pointer (cell, SAMPLE_CHARS) - cell);
          g_string_append (text, "…");
        }
      else
        g_string_append (text, cell);
    }
  if (n == 0)
    return g_strdup (_("No values in this column"));
  return g_string_free (g_steal_pointer (&text), FALSE);
}

static void
selected_cb (GjImportColumnRow *self)
{
  guint pos = gtk_drop_down_get_selected (self->target_dropdown);
  const char *const *targets = gj_import_get_targets (self->import);
  const char *target;

  if (self->syncing || pos == GTK_INVALID_LIST_POSITION)
    return;
  /* A choice put back after a refusal can be notified only once the
   * refusal's handler has returned: it is no choice of the person's. */
  target = pos == 0 ? NULL : targets[pos - 1];
  if (g_strcmp0 (target, gj_import_get_column_target (self->import, self->column)) == 0)
    return;
  g_signal_emit (self, signals[TARGET_CHOSEN], 0, target);
}

void
gj_import_column_row_sync (GjImportColumnRow *self)
{
  const char *target;
  const char *const *targets;
  guint pos = 0;

  g_return_if_fail (GJ_IS_IMPORT_COLUMN_ROW (self));

  target = gj_import_get_column_target (self->import, self->column);
  targets = gj_import_get_targets (self->import);
  for (guint i = 0; target != NULL && targets[i]; i++)
    if (g_str_equal (targets[i], target))
      pos = i + 1;
  self->syncing = TRUE;
  gtk_drop_down_set_selected (self->target_dropdown, pos);
  self->syncing = FALSE;
  if (pos == 0)
    gtk_widget_add_css_class (GTK_WIDGET (self), "dim-label");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (self), "dim-label");
}

GtkWidget *
gj_import_column_row_new (GjImport *import,
                          guint     column)
{
  GjImportColumnRow *self;
  g_autoptr(GtkStringList) choices = gtk_string_list_new (NULL);
  const char *label;
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;

  g_return_val_if_fail (GJ_IS_IMPORT (import), NULL);
  g_return_val_if_fail (column < gj_import_get_n_columns (import), NULL);

  label = gj_import_get_column_label (import, column);
  if (label == NULL || label[0] == '\0')
    {
      g_autofree char *letters = gj_sheet_column_letters (column);

      /* TRANSLATORS: a column without a header, named by its letters (A, B, …) */
      title = g_strdup_printf (_("Column %s"), letters);
    }
  else
    title = g_strdup (label);
  subtitle = samples (import, column);
  self = g_object_new (GJ_TYPE_IMPORT_COLUMN_ROW, "title", title, "subtitle", subtitle, NULL);
  self->import = g_object_ref (import);
  self->column = column;

  gtk_string_list_append (choices, _("Skip this column"));
  for (const char *const *t = gj_import_get_targets (import); *t; t++)
    {
      g_autofree char *target_label = gj_import_target_label (import, *t);

      gtk_string_list_append (choices, target_label);
    }
  self->syncing = TRUE;
  gtk_drop_down_set_model (self->target_dropdown, G_LIST_MODEL (choices));
  self->syncing = FALSE;
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->target_dropdown),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  gj_import_column_row_sync (self);
  return GTK_WIDGET (self);
}

guint
gj_import_column_row_get_column (GjImportColumnRow *self)
{
  g_return_val_if_fail (GJ_IS_IMPORT_COLUMN_ROW (self), 0);
  return self->column;
}

static void
gj_import_column_row_dispose (GObject *object)
{
  GjImportColumnRow *self = GJ_IMPORT_COLUMN_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (object), GJ_TYPE_IMPORT_COLUMN_ROW);
  g_clear_object (&self->import);
  G_OBJECT_CLASS (gj_import_column_row_parent_class)->dispose (object);
}

static void
gj_import_column_row_class_init (GjImportColumnRowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = gj_import_column_row_dispose;

  /**
   * GjImportColumnRow::target-chosen:
   * @target: (nullable): the target picked, or %NULL to skip the column
   *
   * A person picked another field for the column.
   */
  signals[TARGET_CHOSEN] = g_signal_new ("target-chosen", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                         G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/cn/gongjian/Gongjian/gj-import-column-row.ui");
  gtk_widget_class_bind_template_child (widget_class, GjImportColumnRow, target_dropdown);
  gtk_widget_class_bind_template_callback (widget_class, selected_cb);
}

static void
gj_import_column_row_init (GjImportColumnRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
