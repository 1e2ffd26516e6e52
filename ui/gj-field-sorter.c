/* gj-field-sorter.c: a column's sorter that only says which field was asked
 *
 * GTK 4.8 has no public way to ask a GtkColumnView which column it sorts
 * by. Each column therefore gets its own GjFieldSorter; comparing two
 * items with the view's sorter calls the primary column's sorter first,
 * which records its field, and the sign of the answer gives the direction.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-field-sorter"

#include "config.h"

#include "gj-field-sorter.h"

struct _GjFieldSorter
{
  GtkSorter   parent_instance;
  const char *field;
};

G_DEFINE_FINAL_TYPE (GjFieldSorter, gj_field_sorter, GTK_TYPE_SORTER)

/* Main thread only: written by the probe comparison below. */
static const char *probe_field;

static GtkOrdering
gj_field_sorter_compare (GtkSorter *sorter,
                         gpointer   item1,
                         gpointer   item2)
{
  probe_field = GJ_FIELD_SORTER (sorter)->field;
  return GTK_ORDERING_LARGER;
}

static GtkSorterOrder
gj_field_sorter_get_order (GtkSorter *sorter)
{
  return GTK_SORTER_ORDER_PARTIAL;
}

static void
gj_field_sorter_class_init (GjFieldSorterClass *klass)
{
  GTK_SORTER_CLASS (klass)->compare = gj_field_sorter_compare;
  GTK_SORTER_CLASS (klass)->get_order = gj_field_sorter_get_order;
}

static void
gj_field_sorter_init (GjFieldSorter *self)
{
}

GtkSorter *
gj_field_sorter_new (const char *field)
{
  GjFieldSorter *self = g_object_new (GJ_TYPE_FIELD_SORTER, NULL);

  self->field = field;
  return GTK_SORTER (self);
}

const char *
gj_field_sorter_get_field (GjFieldSorter *self)
{
  g_return_val_if_fail (GJ_IS_FIELD_SORTER (self), NULL);
  return self->field;
}

const char *
gj_field_sorter_probe (GtkSorter *view_sorter,
                       gboolean  *descending)
{
  g_autoptr(GObject) a = g_object_new (G_TYPE_OBJECT, NULL);
  g_autoptr(GObject) b = g_object_new (G_TYPE_OBJECT, NULL);
  GtkOrdering order;
  const char *field;

  g_return_val_if_fail (GTK_IS_SORTER (view_sorter), NULL);

  probe_field = NULL;
  order = gtk_sorter_compare (view_sorter, a, b);
  field = probe_field;
  probe_field = NULL;
  *descending = field != NULL && order == GTK_ORDERING_SMALLER;
  return field;
}
