/* gj-report-blocks.c: the pieces of a report's blocks, measured and drawn
 *
 * Measuring and drawing go through the same functions here, so that a
 * piece drawn on a page is exactly as tall as pagination thought.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-report-render"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>
#include <string.h>

#include "gj-chart-draw.h"
#include "gj-report-render-private.h"

#define CELL_PAD_X     4.0
#define CELL_PAD_Y     3.0
#define FACT_GAP       16.0   /* between two facts on one line */
#define FACT_LABEL_GAP 6.0
#define FACT_MIN       20.0   /* a blank to fill in by hand needs room for a pen */
#define SIG_STAMP      44.0   /* room for a stamp over the printed name */
#define NOTICE_PAD     12.0
#define SHORTFALL_RGB  0.75, 0.0, 0.0

static const GjReportBlock *
get_block (GjReportLayout *self,
           guint           index)
{
  return gj_report_get_block (self->report, index);
}

static double
text_height (PangoLayout *layout)
{
  int h;

  pango_layout_get_size (layout, NULL, &h);
  return (double) h / PANGO_SCALE;
}

static double
text_width (PangoLayout *layout)
{
  int w;

  pango_layout_get_size (layout, &w, NULL);
  return (double) w / PANGO_SCALE;
}

static void
add_piece (GjReportLayout *self,
           GjPieceKind     kind,
           guint           block,
           guint           index,
           guint           count,
           double          height,
           double          space,
           gboolean        keep)
{
  GjPiece piece = { kind, block, index, count, height, space, keep };

  g_array_append_val (self->pieces, piece);
}

static void
show (cairo_t     *cr,
      PangoLayout *layout,
      double       x,
      double       y)
{
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
}

/* Headings and paragraphs */

static GjReportFont
heading_font (const GjReportBlock *block)
{
  return block->level <= 1 ? GJ_REPORT_FONT_HEADING1 : GJ_REPORT_FONT_HEADING2;
}

static void
cut_heading (GjReportLayout      *self,
             guint                b,
             const GjReportBlock *block)
{
  g_autoptr(PangoLayout) layout = gj_report_layout_text (self, heading_font (block), block->text,
                                                         self->content_width);

  add_piece (self, PIECE_HEADING, b, 0, 0, text_height (layout) + 4,
             block->level <= 1 ? 16 : 10, TRUE);
}

static void
cut_paragraph (GjReportLayout      *self,
               guint                b,
               const GjReportBlock *block)
{
  PangoLayout *layout = gj_report_layout_text (self, GJ_REPORT_FONT_BODY, block->text,
                                               self->content_width);
  int n = pango_layout_get_line_count (layout);

  for (int i = 0; i < n; i++)
    {
      PangoRectangle logical;

      pango_layout_line_get_extents (pango_layout_get_line_readonly (layout, i), NULL, &logical);
      /* No paragraph leaves its first line alone at the foot of a page
       * nor its last alone at the top of the next. */
      add_piece (self, PIECE_LINE, b, i, 0, (double) logical.height / PANGO_SCALE + 3,
                 i == 0 ? 6 : 0, n >= 2 && (i == 0 || i == n - 2));
    }
  g_ptr_array_index (self->paragraphs, b) = layout;
}

static void
draw_line (GjReportLayout *self,
           cairo_t        *cr,
           const GjPiece  *piece,
           double          y)
{
  PangoLayout *layout = g_ptr_array_index (self->paragraphs, piece->block);
  PangoLayoutLine *line = pango_layout_get_line_readonly (layout, piece->index);
  PangoRectangle logical;

  pango_layout_line_get_extents (line, NULL, &logical);
  /* A line is shown from its baseline. */
  cairo_move_to (cr, GJ_REPORT_MARGIN + (double) logical.x / PANGO_SCALE,
                 y - (double) logical.y / PANGO_SCALE);
  pango_cairo_show_layout_line (cr, line);
}

/* Facts */

static char *
fact_label (const char *label)
{
  if (g_str_has_suffix (label, ":") || g_str_has_suffix (label, "："))
    return g_strdup (label);
  /* TRANSLATORS: a label before its value on a printed form; zh_CN: %s： */
  return g_strdup_printf (_("%s:"), label);
}

static double
fact_half (GjReportLayout *self)
{
  return (self->content_width - FACT_GAP) / 2;
}

static double
fact_value_width (GjReportLayout *self,
                  guint           b,
                  guint           count)
{
  double slot = count == 2 ? fact_half (self) : self->content_width;

  return slot - g_array_index (self->label_widths, double, b) - FACT_LABEL_GAP;
}

static double
fact_height (GjReportLayout     *self,
             guint               b,
             const GjReportFact *fact,
             guint               count)
{
  g_autofree char *label = fact_label (fact->label);
  g_autoptr(PangoLayout) l = gj_report_layout_text (self, GJ_REPORT_FONT_BOLD, label,
                                                    g_array_index (self->label_widths, double, b));
  g_autoptr(PangoLayout) v = gj_report_layout_text (self, GJ_REPORT_FONT_BODY, fact->value,
                                                    fact_value_width (self, b, count));

  return MAX (MAX (text_height (l), text_height (v)) + 8, FACT_MIN);
}

static void
cut_facts (GjReportLayout      *self,
           guint                b,
           const GjReportBlock *block)
{
  guint n = block->facts->len;
  double label_w = 0, half = fact_half (self);
  g_autofree gboolean *fits = g_new0 (gboolean, n);

  for (guint i = 0; i < n; i++)
    {
      const GjReportFact *fact = &g_array_index (block->facts, GjReportFact, i);
      g_autofree char *label = fact_label (fact->label);
      g_autoptr(PangoLayout) l = gj_report_layout_text (self, GJ_REPORT_FONT_BOLD, label, -1);

      label_w = MAX (label_w, text_width (l) + 1);
    }
  /* Long labels wrap rather than squeeze the values. */
  label_w = MIN (label_w, half * 0.45);
  g_array_index (self->label_widths, double, b) = label_w;

  for (guint i = 0; i < n; i++)
    {
      const GjReportFact *fact = &g_array_index (block->facts, GjReportFact, i);
      g_autoptr(PangoLayout) v = gj_report_layout_text (self, GJ_REPORT_FONT_BODY, fact->value, -1);

      fits[i] = text_width (v) <= half - label_w - FACT_LABEL_GAP;
    }

  for (guint i = 0; i < n;)
    {
      guint count = i + 1 < n && fits[i] && fits[i + 1] ? 2 : 1;
      double h = 0;

      for (guint k = i; k < i + count; k++)
        h = MAX (h, fact_height (self, b, &g_array_index (block->facts, GjReportFact, k), count));
      add_piece (self, PIECE_FACTS, b, i, count, h, i == 0 ? 8 : 0, FALSE);
      i += count;
    }
}

static void
draw_facts (GjReportLayout *self,
            cairo_t        *cr,
            const GjPiece  *piece,
            double          y)
{
  const GjReportBlock *block = get_block (self, piece->block);
  double label_w = g_array_index (self->label_widths, double, piece->block);
  double slot = piece->count == 2 ? fact_half (self) : self->content_width;

  for (guint k = 0; k < piece->count; k++)
    {
      const GjReportFact *fact = &g_array_index (block->facts, GjReportFact, piece->index + k);
      double x = GJ_REPORT_MARGIN + k * (slot + FACT_GAP);
      double vx = x + label_w + FACT_LABEL_GAP;
      g_autofree char *label = fact_label (fact->label);
      g_autoptr(PangoLayout) l = gj_report_layout_text (self, GJ_REPORT_FONT_BOLD, label, label_w);
      g_autoptr(PangoLayout) v = gj_report_layout_text (self, GJ_REPORT_FONT_BODY, fact->value,
                                                        fact_value_width (self, piece->block,
                                                                          piece->count));

      show (cr, l, x, y + 2);
      show (cr, v, vx, y + 2);
      /* The value sits on a line, as on a paper form; an empty value is
       * that line alone, to fill in by hand. */
      cairo_set_line_width (cr, 0.5);
      cairo_move_to (cr, vx, y + piece->height - 3);
      cairo_line_to (cr, x + slot, y + piece->height - 3);
      cairo_stroke (cr);
    }
}

/* Tables */

static gboolean
is_numeric (const GjReportColumn *column,
            const GjReportCell   *cell)
{
  if (column->numeric)
    return TRUE;
  return cell != NULL && (cell->type == GJ_REPORT_CELL_INTEGER ||
                          cell->type == GJ_REPORT_CELL_NUMBER ||
                          cell->type == GJ_REPORT_CELL_MONEY ||
                          cell->type == GJ_REPORT_CELL_PERCENT);
}

static gboolean
is_shortfall (const GjReportRow *row,
              guint              c)
{
  return ((row->mark | row->cells[c].mark) & GJ_REPORT_MARK_SHORTFALL) != 0;
}

/* A cell of @row, or of the header when @row is NULL. A figure short of
 * its target is bold, red and marked with ▼ (on the row's first cell when
 * the whole row falls short), so that it shows in black and white too. */
static PangoLayout *
cell_layout (GjReportLayout      *self,
             guint                b,
             const GjReportRow   *row,
             guint                c)
{
  const GjReportBlock *block = get_block (self, b);
  const GjReportColumn *column = &g_array_index (block->columns, GjReportColumn, c);
  GArray *widths = g_ptr_array_index (self->widths, b);
  double width = g_array_index (widths, double, c);
  const GjReportCell *cell = row ? &row->cells[c] : NULL;
  g_autofree char *marked = NULL;
  const char *text = cell ? cell->text : column->header;
  gboolean bold = row == NULL;
  PangoLayout *layout;

  if (row != NULL && is_shortfall (row, c))
    {
      bold = TRUE;
      if (cell->mark & GJ_REPORT_MARK_SHORTFALL || c == 0)
        text = marked = g_strconcat ("▼", cell->text, NULL);
    }
  if (row != NULL && row->mark & GJ_REPORT_MARK_TOTAL)
    bold = TRUE;
  layout = gj_report_layout_text (self, bold ? GJ_REPORT_FONT_SMALL_BOLD : GJ_REPORT_FONT_SMALL,
                                  text, MAX (width - 2 * CELL_PAD_X, 1));
  if (is_numeric (column, cell))
    pango_layout_set_alignment (layout, PANGO_ALIGN_RIGHT);
  return layout;
}

static double
row_height (GjReportLayout    *self,
            guint              b,
            const GjReportRow *row)
{
  const GjReportBlock *block = get_block (self, b);
  double h = 0;

  for (guint c = 0; c < block->columns->len; c++)
    {
      g_autoptr(PangoLayout) layout = cell_layout (self, b, row, c);

      h = MAX (h, text_height (layout));
    }
  return h + 2 * CELL_PAD_Y;
}

static void
cut_table (GjReportLayout      *self,
           guint                b,
           const GjReportBlock *block)
{
  GArray *widths = g_array_sized_new (FALSE, TRUE, sizeof (double), block->columns->len);
  double total = 0;
  gboolean caption = block->text != NULL && *block->text != '\0';

  if (block->columns->len == 0)
    {
      g_array_unref (widths);
      return;
    }
  for (guint c = 0; c < block->columns->len; c++)
    total += g_array_index (block->columns, GjReportColumn, c).width;
  for (guint c = 0; c < block->columns->len; c++)
    {
      double w = self->content_width * g_array_index (block->columns, GjReportColumn, c).width /
                 total;

      g_array_append_val (widths, w);
    }
  g_ptr_array_index (self->widths, b) = widths;

  if (caption)
    {
      g_autoptr(PangoLayout) layout = gj_report_layout_text (self, GJ_REPORT_FONT_BOLD, block->text,
                                                             self->content_width);

      add_piece (self, PIECE_CAPTION, b, 0, 0, text_height (layout) + 4, 10, TRUE);
    }
  add_piece (self, PIECE_HEADER, b, 0, 0, row_height (self, b, NULL), caption ? 0 : 10,
             block->rows->len > 0);
  for (guint r = 0; r < block->rows->len; r++)
    {
      const GjReportRow *row = g_ptr_array_index (block->rows, r);

      /* A total goes over with the row above it, never alone under a
       * repeated header. */
      if (row->mark & GJ_REPORT_MARK_TOTAL && r > 0)
        g_array_index (self->pieces, GjPiece, self->pieces->len - 1).keep = TRUE;
      add_piece (self, PIECE_ROW, b, r, 0, row_height (self, b, row), 0, FALSE);
    }
}

static void
draw_row (GjReportLayout *self,
          cairo_t        *cr,
          const GjPiece  *piece,
          double          y)
{
  const GjReportBlock *block = get_block (self, piece->block);
  GArray *widths = g_ptr_array_index (self->widths, piece->block);
  const GjReportRow *row = piece->kind == PIECE_ROW ? g_ptr_array_index (block->rows, piece->index)
                                                    : NULL;
  double x = GJ_REPORT_MARGIN;

  if (row == NULL)
    {
      cairo_set_source_rgb (cr, 0.88, 0.88, 0.88);
      cairo_rectangle (cr, x, y, self->content_width, piece->height);
      cairo_fill (cr);
    }
  for (guint c = 0; c < block->columns->len; c++)
    {
      double w = g_array_index (widths, double, c);
      g_autoptr(PangoLayout) layout = cell_layout (self, piece->block, row, c);

      if (row != NULL && is_shortfall (row, c))
        cairo_set_source_rgb (cr, SHORTFALL_RGB);
      else
        cairo_set_source_rgb (cr, 0, 0, 0);
      show (cr, layout, x + CELL_PAD_X, y + CELL_PAD_Y);
      cairo_set_source_rgb (cr, 0, 0, 0);
      cairo_rectangle (cr, x, y, w, piece->height);
      cairo_stroke (cr);
      x += w;
    }
  if (row != NULL && row->mark & GJ_REPORT_MARK_TOTAL)
    {
      cairo_set_line_width (cr, 1.5);
      cairo_move_to (cr, GJ_REPORT_MARGIN, y);
      cairo_line_to (cr, GJ_REPORT_MARGIN + self->content_width, y);
      cairo_stroke (cr);
    }
}

/* Charts */

static GjChartData
chart_data (const GjReportBlock *block)
{
  GjChartData data = {
    .kind = block->chart,
    .n = block->labels->len,
    .labels = (const char *const *) block->labels->pdata,
    .values = (const double *) (gpointer) block->values->data,
    .values2 = block->values2 ? (const double *) (gpointer) block->values2->data : NULL,
    .texts = (const char *const *) block->texts->pdata,
    .series = { block->series[0], block->series[1] },
  };

  return data;
}

static double
caption_height (GjReportLayout      *self,
                const GjReportBlock *block)
{
  g_autoptr(PangoLayout) layout = NULL;

  if (block->text == NULL || *block->text == '\0')
    return 0;
  layout = gj_report_layout_text (self, GJ_REPORT_FONT_BOLD, block->text, self->content_width);
  return text_height (layout) + 6;
}

static void
cut_chart (GjReportLayout      *self,
           guint                b,
           const GjReportBlock *block)
{
  GjChartData data = chart_data (block);

  add_piece (self, PIECE_CHART, b, 0, 0,
             caption_height (self, block) + gj_chart_draw_get_height (&data), 12, FALSE);
}

static void
draw_chart (GjReportLayout *self,
            cairo_t        *cr,
            const GjPiece  *piece,
            double          y)
{
  const GjReportBlock *block = get_block (self, piece->block);
  GjChartData data = chart_data (block);
  const double black[4] = { 0, 0, 0, 1 };
  double top = caption_height (self, block);

  if (top > 0)
    {
      g_autoptr(PangoLayout) layout = gj_report_layout_text (self, GJ_REPORT_FONT_BOLD,
                                                             block->text, self->content_width);

      show (cr, layout, GJ_REPORT_MARGIN, y);
    }
  cairo_translate (cr, GJ_REPORT_MARGIN, y + top);
  gj_chart_draw (cr, self->context, self->fonts[GJ_REPORT_FONT_SMALL], &data,
                 self->content_width, black);
}

/* Signatures: two parties side by side */

static double
line_height (GjReportLayout *self)
{
  g_autoptr(PangoLayout) layout = gj_report_layout_text (self, GJ_REPORT_FONT_BODY, "国", -1);

  return text_height (layout);
}

static double
signature_height (GjReportLayout *self)
{
  return 5 * line_height (self) + SIG_STAMP + 20;
}

static void
cut_signatures (GjReportLayout      *self,
                guint                b,
                const GjReportBlock *block)
{
  for (guint i = 0; i < block->signatures->len; i += 2)
    add_piece (self, PIECE_SIGNATURES, b, i, MIN (block->signatures->len - i, 2),
               signature_height (self), i == 0 ? 24 : 8, FALSE);
}

static void
draw_signatures (GjReportLayout *self,
                 cairo_t        *cr,
                 const GjPiece  *piece,
                 double          y)
{
  const GjReportBlock *block = get_block (self, piece->block);
  double slot = (self->content_width - FACT_GAP) / 2, lh = line_height (self);

  for (guint k = 0; k < piece->count; k++)
    {
      const GjReportSignature *s = &g_array_index (block->signatures, GjReportSignature,
                                                   piece->index + k);
      double x = GJ_REPORT_MARGIN + k * (slot + FACT_GAP), at = y;
      g_autoptr(PangoLayout) party = gj_report_layout_text (self, GJ_REPORT_FONT_BOLD, s->party,
                                                            slot);
      g_autoptr(PangoLayout) name = gj_report_layout_text (self, GJ_REPORT_FONT_BODY,
                                                           s->name ? s->name : "", slot);
      /* TRANSLATORS: a line to sign on, in a printed agreement; zh_CN: 签字：______________ */
      g_autoptr(PangoLayout) sign = gj_report_layout_text (self, GJ_REPORT_FONT_BODY,
                                                           _("Signature: ______________"), slot);
      /* TRANSLATORS: a date written by hand under a signature; zh_CN: 日期：______年____月____日 */
      g_autoptr(PangoLayout) date = gj_report_layout_text (self, GJ_REPORT_FONT_BODY,
                                                           _("Date: ______________"), slot);

      show (cr, party, x, at);
      at += lh * 1.6;
      show (cr, name, x, at);
      /* The stamp goes over the printed name, in the room left below it. */
      at += lh + SIG_STAMP;
      show (cr, sign, x, at);
      at += lh * 1.8;
      show (cr, date, x, at);
    }
}

/* Notices */

static PangoLayout *
notice_layout (GjReportLayout      *self,
               const GjReportBlock *block)
{
  PangoLayout *layout = gj_report_layout_text (self, GJ_REPORT_FONT_BOLD, block->text,
                                               self->content_width - 2 * NOTICE_PAD);

  pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
  return layout;
}

static void
cut_notice (GjReportLayout      *self,
            guint                b,
            const GjReportBlock *block)
{
  g_autoptr(PangoLayout) layout = notice_layout (self, block);

  add_piece (self, PIECE_NOTICE, b, 0, 0, text_height (layout) + 2 * NOTICE_PAD, 12, FALSE);
}

static void
draw_notice (GjReportLayout *self,
             cairo_t        *cr,
             const GjPiece  *piece,
             double          y)
{
  g_autoptr(PangoLayout) layout = notice_layout (self, get_block (self, piece->block));

  cairo_set_source_rgb (cr, 0.95, 0.95, 0.95);
  cairo_rectangle (cr, GJ_REPORT_MARGIN, y, self->content_width, piece->height);
  cairo_fill_preserve (cr);
  cairo_set_source_rgb (cr, 0, 0, 0);
  cairo_set_line_width (cr, 1.0);
  cairo_stroke (cr);
  show (cr, layout, GJ_REPORT_MARGIN + NOTICE_PAD, y + NOTICE_PAD);
}

void
gj_report_layout_cut (GjReportLayout *self,
                      guint           b)
{
  const GjReportBlock *block = get_block (self, b);

  switch (block->type)
    {
    case GJ_REPORT_HEADING:
      cut_heading (self, b, block);
      break;
    case GJ_REPORT_PARAGRAPH:
      cut_paragraph (self, b, block);
      break;
    case GJ_REPORT_FACTS:
      cut_facts (self, b, block);
      break;
    case GJ_REPORT_TABLE:
      cut_table (self, b, block);
      break;
    case GJ_REPORT_CHART:
      cut_chart (self, b, block);
      break;
    case GJ_REPORT_SIGNATURES:
      cut_signatures (self, b, block);
      break;
    case GJ_REPORT_NOTICE:
      cut_notice (self, b, block);
      break;
    default:
      g_assert_not_reached ();
    }
}

void
gj_report_layout_piece (GjReportLayout *self,
                        cairo_t        *cr,
                        const GjPiece  *piece,
                        double          y)
{
  switch (piece->kind)
    {
    case PIECE_TITLE:
      {
        g_autoptr(PangoLayout) layout = gj_report_layout_text (self, GJ_REPORT_FONT_TITLE,
                                                               gj_report_get_title (self->report),
                                                               self->content_width);

        pango_layout_set_alignment (layout, PANGO_ALIGN_CENTER);
        show (cr, layout, GJ_REPORT_MARGIN, y);
      }
      break;
    case PIECE_HEADING:
    case PIECE_CAPTION:
      {
        const GjReportBlock *block = get_block (self, piece->block);
        g_autoptr(PangoLayout) layout = gj_report_layout_text (
          self, piece->kind == PIECE_HEADING ? heading_font (block) : GJ_REPORT_FONT_BOLD,
          block->text, self->content_width);

        show (cr, layout, GJ_REPORT_MARGIN, y);
      }
      break;
    case PIECE_LINE:
      draw_line (self, cr, piece, y);
      break;
    case PIECE_FACTS:
      draw_facts (self, cr, piece, y);
      break;
    case PIECE_HEADER:
    case PIECE_ROW:
      draw_row (self, cr, piece, y);
      break;
    case PIECE_CHART:
      draw_chart (self, cr, piece, y);
      break;
    case PIECE_SIGNATURES:
      draw_signatures (self, cr, piece, y);
      break;
    case PIECE_NOTICE:
      draw_notice (self, cr, piece, y);
      break;
    default:
      g_assert_not_reached ();
    }
}
