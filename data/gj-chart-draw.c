/* gj-chart-draw.c: the Overview's charts drawn on any cairo context
 *
 * Charts read as a list of labelled bars so that they stay legible in a
 * narrow pane or on a page printed in black and white: every bar carries
 * its value as text.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-chart-draw"

#include "config.h"

#include <pango/pangocairo.h>

#include "gj-chart-draw.h"

#define ROW_HEIGHT  26
#define ROW_GAP     6
#define LEGEND      24
#define VALUE_WIDTH 80
#define LABEL_WIDTH 0.34   /* share of the width for labels (bars and stacks) */

/* The GNOME palette: blue 3, green 4, and a ramp of blues for funnels. */
static const double series_colors[2][3] = {
  { 0.208, 0.518, 0.894 },
  { 0.180, 0.761, 0.494 },
};

static const double funnel_colors[][3] = {
  { 0.600, 0.757, 0.945 },
  { 0.384, 0.627, 0.918 },
  { 0.208, 0.518, 0.894 },
  { 0.110, 0.443, 0.847 },
  { 0.180, 0.761, 0.494 },
  { 0.604, 0.600, 0.588 },
};

typedef struct
{
  cairo_t                    *cr;
  PangoContext               *context;
  const PangoFontDescription *font;
} Pen;

static gboolean
has_legend (const GjChartData *data)
{
  return data->kind == GJ_REPORT_CHART_STACKED && data->series[0] != NULL;
}

double
gj_chart_draw_get_height (const GjChartData *data)
{
  double h;

  g_return_val_if_fail (data != NULL, 0);

  h = data->n * (ROW_HEIGHT + ROW_GAP);
  if (has_legend (data))
    h += LEGEND;
  return MAX (h, ROW_HEIGHT);
}

const char *
gj_chart_draw_value_text (const GjChartData *data,
                          guint              i,
                          char              *buf,
                          gsize              len)
{
  g_return_val_if_fail (data != NULL && i < data->n, "");

  if (data->texts != NULL && data->texts[i] != NULL)
    return data->texts[i];
  g_snprintf (buf, len, "%g", data->values[i] + (data->values2 ? data->values2[i] : 0));
  return buf;
}

static PangoLayout *
new_layout (const Pen  *pen,
            const char *text)
{
  PangoLayout *layout = pango_layout_new (pen->context);

  if (pen->font != NULL)
    pango_layout_set_font_description (layout, pen->font);
  pango_layout_set_text (layout, text, -1);
  return layout;
}

static void
draw_text (const Pen  *pen,
           const char *text,
           double      x,
           double      y,
           double      max_width,
           gboolean    bold)
{
  PangoLayout *layout = new_layout (pen, text);
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
  cairo_move_to (pen->cr, x, y + (ROW_HEIGHT - h) / 2.0);
  pango_cairo_show_layout (pen->cr, layout);
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

static void
set_rgb (cairo_t      *cr,
         const double  rgb[3])
{
  cairo_set_source_rgb (cr, rgb[0], rgb[1], rgb[2]);
}

static double
draw_legend (const Pen         *pen,
             const GjChartData *data,
             const double       fg[4])
{
  double x = 0;

  for (guint s = 0; s < 2; s++)
    {
      PangoLayout *layout = new_layout (pen, data->series[s] ? data->series[s] : "");
      int w, h;

      pango_layout_get_pixel_size (layout, &w, &h);
      set_rgb (pen->cr, series_colors[s]);
      rounded_rect (pen->cr, x, (LEGEND - 12) / 2.0, 12, 12, 3);
      cairo_fill (pen->cr);
      cairo_set_source_rgba (pen->cr, fg[0], fg[1], fg[2], fg[3]);
      cairo_move_to (pen->cr, x + 18, (LEGEND - h) / 2.0);
      pango_cairo_show_layout (pen->cr, layout);
      x += 18 + w + 18;
      g_object_unref (layout);
    }
  return LEGEND;
}

void
gj_chart_draw (cairo_t                    *cr,
               PangoContext               *context,
               const PangoFontDescription *font,
               const GjChartData          *data,
               double                      width,
               const double                fg[4])
{
  const Pen pen = { cr, context, font };
  double max = 0, y = 0, label_w, bar_x, bar_w;

  g_return_if_fail (cr != NULL && PANGO_IS_CONTEXT (context) && data != NULL && fg != NULL);

  if (data->n == 0 || width <= 0)
    return;

  cairo_save (cr);
  for (guint i = 0; i < data->n; i++)
    max = MAX (max, data->values[i] + (data->values2 ? data->values2[i] : 0));
  if (max <= 0)
    max = 1;

  if (has_legend (data))
    y = draw_legend (&pen, data, fg);

  label_w = data->kind == GJ_REPORT_CHART_FUNNEL ? 0 : MIN (width * LABEL_WIDTH, 180);
  bar_x = label_w + (label_w > 0 ? 8 : 0);
  bar_w = MAX (width - bar_x - VALUE_WIDTH - 8, 10);

  for (guint i = 0; i < data->n; i++, y += ROW_HEIGHT + ROW_GAP)
    {
      const char *label = data->labels[i] ? data->labels[i] : "";
      double v = data->values[i];
      double v2 = data->values2 ? data->values2[i] : 0;
      char buf[64];

      if (data->kind == GJ_REPORT_CHART_FUNNEL)
        {
          double full = width - VALUE_WIDTH - 8;
          double w = MAX (full * v / max, 4);
          double x = (full - w) / 2;

          set_rgb (cr, funnel_colors[MIN (i, G_N_ELEMENTS (funnel_colors) - 1)]);
          rounded_rect (cr, x, y, w, ROW_HEIGHT, 4);
          cairo_fill (cr);
          /* The stage's name on the bar when it fits, beside it when not. */
          cairo_set_source_rgba (cr, fg[0], fg[1], fg[2], fg[3]);
          draw_text (&pen, label, MAX (x + 8, 0), y, MAX (full - 16, 20), FALSE);
          draw_text (&pen, gj_chart_draw_value_text (data, i, buf, sizeof buf), full + 8, y,
                     VALUE_WIDTH, TRUE);
          continue;
        }

      cairo_set_source_rgba (cr, fg[0], fg[1], fg[2], fg[3]);
      draw_text (&pen, label, 0, y, label_w, FALSE);

      /* The track, then the value over it. */
      cairo_set_source_rgba (cr, fg[0], fg[1], fg[2], 0.12);
      rounded_rect (cr, bar_x, y + 4, bar_w, ROW_HEIGHT - 8, 4);
      cairo_fill (cr);

      set_rgb (cr, series_colors[0]);
      rounded_rect (cr, bar_x, y + 4, bar_w * v / max, ROW_HEIGHT - 8, 4);
      cairo_fill (cr);
      if (data->values2 != NULL && v2 > 0)
        {
          set_rgb (cr, series_colors[1]);
          rounded_rect (cr, bar_x + bar_w * v / max, y + 4, bar_w * v2 / max, ROW_HEIGHT - 8, 4);
          cairo_fill (cr);
        }
      cairo_set_source_rgba (cr, fg[0], fg[1], fg[2], fg[3]);
      draw_text (&pen, gj_chart_draw_value_text (data, i, buf, sizeof buf), bar_x + bar_w + 8, y,
                 VALUE_WIDTH, TRUE);
    }
  cairo_restore (cr);
}
