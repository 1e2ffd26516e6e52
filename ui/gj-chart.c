/* gj-chart.c: small charts drawn with cairo
 *
 * Charts read as a list of labelled bars so that they stay legible in a
 * narrow pane and are easy to describe to a screen reader: the accessible
 * description lists every label with its value.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-chart"

#include "config.h"

#include <glib/gi18n.h>

#include "gj-chart.h"

#define ROW_HEIGHT  26
#define ROW_GAP     6
#define LEGEND      24
#define LABEL_WIDTH 0.34   /* share of the width for labels (bars and stacks) */

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

/* The GNOME palette: blue 3, green 4, and a ramp of blues for funnels. */
static const GdkRGBA series_colors[2] = {
  { 0.208, 0.518, 0.894, 1 },
  { 0.180, 0.761, 0.494, 1 },
};

static const GdkRGBA funnel_colors[] = {
  { 0.600, 0.757, 0.945, 1 },
  { 0.384, 0.627, 0.918, 1 },
  { 0.208, 0.518, 0.894, 1 },
  { 0.110, 0.443, 0.847, 1 },
  { 0.180, 0.761, 0.494, 1 },
  { 0.604, 0.600, 0.588, 1 },
};

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

static int
content_height (GjChart *self)
{
  int h = n_rows (self) * (ROW_HEIGHT + ROW_GAP);

  if (self->kind == GJ_CHART_STACKED && self->series[0] != NULL)
    h += LEGEND;
  return MAX (h, ROW_HEIGHT);
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
    *minimum = *natural = content_height (self);
}

static void
draw_text (GtkWidget  *widget,
           cairo_t    *cr,
           const char *text,
           double      x,
           double      y,
           double      max_width,
           gboolean    right,
           gboolean    bold)
{
  PangoLayout *layout = gtk_widget_create_pango_layout (widget, text);
  int w, h;

  if (bold)
    {
      PangoAttrList *attrs = pango_attr_list_new ();

      pango_attr_list_insert (attrs, pango_attr_weight_new (PANGO_WEIGHT_BOLD));
      pango_layout_set_attributes (layout, attrs);
      pango_attr_list_unref (attrs);
    }
  pango_layout_set_width (layout, (int) (max_width * PANGO_SCALE));
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_get_pixel_size (layout, &w, &h);
  cairo_move_to (cr, right ? x + max_width - w : x, y + (ROW_HEIGHT - h) / 2.0);
  pango_cairo_show_layout (cr, layout);
  g_object_unref (layout);
}

static void
rounded_rect (cairo_t *cr,
              double   x,
              double   y,
              double   w,
              double   h,
              double   r)
{
  r = MIN (r, MIN (w, h) / 2);
  if (w <= 0)
    return;
  cairo_new_sub_path (cr);
  cairo_arc (cr, x + w - r, y + r, r, -G_PI / 2, 0);
  cairo_arc (cr, x + w - r, y + h - r, r, 0, G_PI / 2);
  cairo_arc (cr, x + r, y + h - r, r, G_PI / 2, G_PI);
  cairo_arc (cr, x + r, y + r, r, G_PI, 3 * G_PI / 2);
  cairo_close_path (cr);
}

static const char *
value_text (GjChart *self,
            guint    i,
            char    *buf,
            gsize    len)
{
  if (self->texts != NULL && g_ptr_array_index (self->texts, i) != NULL)
    return g_ptr_array_index (self->texts, i);
  g_snprintf (buf, len, "%g", g_array_index (self->values, double, i) +
              (self->values2 ? g_array_index (self->values2, double, i) : 0));
  return buf;
}

static void
gj_chart_snapshot (GtkWidget   *widget,
                   GtkSnapshot *snapshot)
{
  GjChart *self = GJ_CHART (widget);
  int width = gtk_widget_get_width (widget);
  int height = gtk_widget_get_height (widget);
  double max = 0, y = 0, label_w, value_w = 80, bar_x, bar_w;
  GdkRGBA fg;
  cairo_t *cr;

  if (n_rows (self) == 0 || width <= 0)
    return;

  cr = gtk_snapshot_append_cairo (snapshot, &GRAPHENE_RECT_INIT (0, 0, width, height));
  text_color (widget, &fg);

  for (guint i = 0; i < n_rows (self); i++)
    {
      double v = g_array_index (self->values, double, i) +
                 (self->values2 ? g_array_index (self->values2, double, i) : 0);
      max = MAX (max, v);
    }
  if (max <= 0)
    max = 1;

  if (self->kind == GJ_CHART_STACKED && self->series[0] != NULL)
    {
      double x = 0;

      for (guint s = 0; s < 2; s++)
        {
          PangoLayout *layout = gtk_widget_create_pango_layout (widget, self->series[s]);
          int w, h;

          pango_layout_get_pixel_size (layout, &w, &h);
          gdk_cairo_set_source_rgba (cr, &series_colors[s]);
          rounded_rect (cr, x, (LEGEND - 12) / 2.0, 12, 12, 3);
          cairo_fill (cr);
          gdk_cairo_set_source_rgba (cr, &fg);
          cairo_move_to (cr, x + 18, (LEGEND - h) / 2.0);
          pango_cairo_show_layout (cr, layout);
          x += 18 + w + 18;
          g_object_unref (layout);
        }
      y = LEGEND;
    }

  label_w = self->kind == GJ_CHART_FUNNEL ? 0 : MIN (width * LABEL_WIDTH, 180);
  bar_x = label_w + (label_w > 0 ? 8 : 0);
  bar_w = MAX (width - bar_x - value_w - 8, 10);

  for (guint i = 0; i < n_rows (self); i++, y += ROW_HEIGHT + ROW_GAP)
    {
      const char *label = g_ptr_array_index (self->labels, i);
      double v = g_array_index (self->values, double, i);
      double v2 = self->values2 ? g_array_index (self->values2, double, i) : 0;
      char buf[64];
      GdkRGBA dim = fg;

      dim.alpha *= 0.6;
      if (self->kind == GJ_CHART_FUNNEL)
        {
          double full = width - value_w - 8;
          double w = MAX (full * v / max, 4);
          double x = (full - w) / 2;
          GdkRGBA color = funnel_colors[MIN (i, G_N_ELEMENTS (funnel_colors) - 1)];

          gdk_cairo_set_source_rgba (cr, &color);
          rounded_rect (cr, x, y, w, ROW_HEIGHT, 4);
          cairo_fill (cr);
          /* The stage's name on the bar when it fits, beside it when not. */
          gdk_cairo_set_source_rgba (cr, &fg);
          draw_text (widget, cr, label, MAX (x + 8, 0), y, MAX (full - 16, 20), FALSE, FALSE);
          draw_text (widget, cr, value_text (self, i, buf, sizeof buf), full + 8, y, value_w, FALSE,
                     TRUE);
          continue;
        }

      gdk_cairo_set_source_rgba (cr, &fg);
      draw_text (widget, cr, label, 0, y, label_w, FALSE, FALSE);

      /* The track, then the value over it. */
      gdk_cairo_set_source_rgba (cr, &dim);
      cairo_save (cr);
      cairo_set_source_rgba (cr, dim.red, dim.green, dim.blue, 0.12);
      rounded_rect (cr, bar_x, y + 4, bar_w, ROW_HEIGHT - 8, 4);
      cairo_fill (cr);
      cairo_restore (cr);

      gdk_cairo_set_source_rgba (cr, &series_colors[0]);
      rounded_rect (cr, bar_x, y + 4, bar_w * v / max, ROW_HEIGHT - 8, 4);
      cairo_fill (cr);
      if (self->values2 != NULL && v2 > 0)
        {
          gdk_cairo_set_source_rgba (cr, &series_colors[1]);
          rounded_rect (cr, bar_x + bar_w * v / max, y + 4, bar_w * v2 / max, ROW_HEIGHT - 8, 4);
          cairo_fill (cr);
        }
      gdk_cairo_set_source_rgba (cr, &fg);
      draw_text (widget, cr, value_text (self, i, buf, sizeof buf), bar_x + bar_w + 8, y, value_w,
                 FALSE, TRUE);
    }
  cairo_destroy (cr);
}

static void
update_accessible (GjChart *self)
{
  g_autoptr(GString) s = g_string_new (NULL);
  char buf[64];

  for (guint i = 0; i < n_rows (self); i++)
    {
      if (s->len)
        g_string_append (s, _(", "));
      /* TRANSLATORS: one bar of a chart read by a screen reader: label, then value */
      g_string_append_printf (s, _("%s: %s"), (char *) g_ptr_array_index (self->labels, i),
                              value_text (self, i, buf, sizeof buf));
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
