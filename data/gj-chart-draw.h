/* gj-chart-draw.h: the Overview's charts drawn on any cairo context
 *
 * One drawing serves the chart widget on screen and the reports on paper:
 * the widget hands over its pango context and CSS colour, a report its
 * print or PDF context and black. Sizes are in the context's user units
 * (pixels on screen, points on paper).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <pango/pango.h>

#include "gj-report.h"

G_BEGIN_DECLS

/* What a chart shows; the arrays are borrowed for the call. */
typedef struct
{
  GjReportChartKind  kind;
  guint              n;
  const char *const *labels;
  const double      *values;
  const double      *values2;    /* STACKED: the second series, else NULL */
  const char *const *texts;      /* the values as shown (entries may be NULL), or NULL */
  const char        *series[2];  /* STACKED: the legend, or NULL */
} GjChartData;

/* The height the chart needs, whatever its width. */
double      gj_chart_draw_get_height (const GjChartData         *data);
/* Draws with the top left at the origin of @cr, text through @context in
 * @font (NULL: the context's own) and @fg (red, green, blue, alpha). */
void        gj_chart_draw            (cairo_t                   *cr,
                                      PangoContext              *context,
                                      const PangoFontDescription *font,
                                      const GjChartData         *data,
                                      double                     width,
                                      const double               fg[4]);
/* Value @i as shown: its text, else the number (both series of a stack
 * added up) printed into @buf. */
const char *gj_chart_draw_value_text (const GjChartData         *data,
                                      guint                      i,
                                      char                      *buf,
                                      gsize                      len);

G_END_DECLS
