/* gj-chart.c: small charts drawn with cairo
 *
 * Charts read as a list of labelled bars so that they stay legible in a
 * narrow pane and are easy to describe to a screen reader: the accessible
 * description lists every label with its value. The drawing itself is the
 * data layer's (gj-chart-draw.h), which the printed reports share.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-chart"

#include "config.h"

#include <glib/gi18n.h>

#include "gj-chart-draw.h"
#include "gj-chart.h"

struct _GjChart
{
  GtkWidget    parent_instance;

  GjChartKind  kind;
  GPtrArray   *labels;
  GPtrArray   *texts;
  GArray      *values;
  GArray      *values2;
  char        *series[2];
};

G_DEFINE_FINAL_TYPE (GjChart, gj_chart, GTK_TYPE_WIDGET)

/* The widget's CSS foreground colour. GTK 4.10 deprecated style contexts
 * for gtk_widget_get_color, which reads the same colour; GTK 4.8 has only
 * the style context. */
static void
text_color (GtkWidget *widget,
            GdkRGBA   *color)
{
#if GTK_CHECK_VERSION (4, 10, 0)
  gtk_widget_get_color (widget, color);
#else
  gtk_style_context_get_color (gtk_widget_get_style_context (widget), color);
#endif
}

static guint
n_rows (GjChart *self)
{
  return self->labels ? self->labels->len : 0;
}

/* A view of the chart's data for the shared drawing (gj-chart-draw.h). */
static GjChartData
chart_data (GjChart *self)
{
  GjChartData data = {
    .kind = self->kind,
    .n = n_rows (self),
    .labels = self->labels ? (const char *const *) self->labels->pdata : NULL,
    .values = self->values ? (const double *) (gpointer) self->values->data : NULL,
    .values2 = self->values2 ? (const double *) (gpointer) self->values2->data : NULL,
    .texts = self->texts ? (const char *const *) self->texts->pdata : NULL,
    .series = { self->series[0], self->series[1] },
  };

  return data;
}

static void
gj_chart_measure (GtkWidget      *widget,
                  GtkOrientation  orientation,
                  int             for_size,
                  int            *minimum,
                  int            *natural,
                  int            *minimum_baseline,
                  int            *natural_baseline)
{
  GjChart *self = GJ_CHART (widget);

  if (orientation == GTK_ORIENTATION_HORIZONTAL)
    {
      *minimum = 200;
      *natural = 320;
    }
  else
    {
      GjChartData data = chart_data (self);

      *minimum = *natural = (int) gj_chart_draw_get_height (&data);
    }
}

static void
gj_chart_snapshot (GtkWidget   *widget,
                   GtkSnapshot *snapshot)
{
  GjChart *self = GJ_CHART (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  GjChartData data = chart_data (self);
  GdkRGBA fg;
  double rgba[4];
  cairo_t *cr;

  if (n_rows (self) == 0 || width <= 0)
    return;

  text_color (widget, &fg);
  rgba[0] = fg.red;
  rgba[1] = fg.green;
  rgba[2] = fg.blue;
  rgba[3] = fg.alpha;
  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  gj_chart_draw (cr, gtk_widget_get_pango_context (widget), NULL, &data, width, rgba);
  cairo_destroy (cr);
}

static void
update_accessible (GjChart *self)
{
  g_autoptr(GString) s = g_string_new (NULL);
  GjChartData data = chart_data (self);
  char buf[64];

  for (guint i = 0; i < n_rows (self); i++)
    {
      if (s->len)
        g_string_append (s, _(", "));
      /* TRANSLATORS: one bar of a chart read by a screen reader: label, then value */
      g_string_append_printf (s, _("%s: %s"), (char *) g_ptr_array_index (self->labels, i),
                              gj_chart_draw_value_text (&data, i, buf, sizeof buf));
    }
  gtk_accessible_update_property (GTK_ACCESSIBLE (self), GTK_ACCESSIBLE_PROPERTY_DESCRIPTION,
                                  s->str, -1);
}

void
gj_chart_set_data (GjChart           *self,
                   guint              n,
                   const char *const *labels,
                   const double      *values,
                   const double      *values2,
                   const char *const *texts)
{
  g_return_if_fail (GJ_IS_CHART (self));

  g_clear_pointer (&self->labels, g_ptr_array_unref);
  g_clear_pointer (&self->texts, g_ptr_array_unref);
  g_clear_pointer (&self->values, g_array_unref);
  g_clear_pointer (&self->values2, g_array_unref);

  self->labels = g_ptr_array_new_with_free_func (g_free);
  self->values = g_array_new (FALSE, FALSE, sizeof (double));
  if (values2 != NULL)
    self->values2 = g_array_new (FALSE, FALSE, sizeof (double));
  if (texts != NULL)
    self->texts = g_ptr_array_new_with_free_func (g_free);
  for (guint i = 0; i < n; i++)
    {
      g_ptr_array_add (self->labels, g_strdup (labels[i]));
      g_array_append_val (self->values, values[i]);
      if (values2 != NULL)
        g_array_append_val (self->values2, values2[i]);
      if (texts != NULL)
        g_ptr_array_add (self->texts, g_strdup (texts[i]));
    }
  update_accessible (self);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

void
gj_chart_set_series (GjChart    *self,
                     const char *first,
                     const char *second)
{
  g_return_if_fail (GJ_IS_CHART (self));

  g_free (self->series[0]);
  g_free (self->series[1]);
  self->series[0] = g_strdup (first);
  self->series[1] = g_strdup (second);
  gtk_widget_queue_resize (GTK_WIDGET (self));
}

GtkWidget *
gj_chart_new (GjChartKind kind)
{
  GjChart *self = g_object_new (GJ_TYPE_CHART, NULL);

  self->kind = kind;
  return GTK_WIDGET (self);
}

static void
gj_chart_finalize (GObject *object)
{
  GjChart *self = GJ_CHART (object);

  g_clear_pointer (&self->labels, g_ptr_array_unref);
  g_clear_pointer (&self->texts, g_ptr_array_unref);
  g_clear_pointer (&self->values, g_array_unref);
  g_clear_pointer (&self->values2, g_array_unref);
  g_free (self->series[0]);
  g_free (self->series[1]);
  G_OBJECT_CLASS (gj_chart_parent_class)->finalize (object);
}

static void
gj_chart_class_init (GjChartClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = gj_chart_finalize;
  widget_class->measure = gj_chart_measure;
  widget_class->snapshot = gj_chart_snapshot;
  gtk_widget_class_set_accessible_role (widget_class, GTK_ACCESSIBLE_ROLE_IMG);
  gtk_widget_class_set_css_name (widget_class, "chart");
}

static void
gj_chart_init (GjChart *self)
{
}
