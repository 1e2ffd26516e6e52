/* gj-report-render.c: laying a report out on pages with cairo and pango
 *
 * The layout cuts every block into pieces that never break across a page
 * (gj-report-blocks.c), then fills pages top to bottom once. A piece that
 * must stay with the next (a heading, a table's title and header) moves
 * to the next page together with it; a table's header is drawn again on
 * every page its rows continue on. Drawing a page afterwards only replays
 * what pagination placed, so the print dialog's preview, the printer and
 * the PDF file show the same pages.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-report-render"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <pango/pangocairo.h>

#include "gj-report-render-private.h"

#define FONT_FAMILY "Noto Sans CJK SC"

/* Where the page's frame sits within the top and bottom margins. */
#define HEADER_Y   26.0
#define RULE_Y     44.0
#define FOOTER_GAP 22.0

static PangoFontDescription *
font_new (double      size,
          PangoWeight weight)
{
  PangoFontDescription *font = pango_font_description_new ();

  pango_font_description_set_family (font, FONT_FAMILY);
  pango_font_description_set_weight (font, weight);
  /* Absolute sizes: points are the user units whatever resolution the
   * context was made with (a print context's or a PDF surface's). */
  pango_font_description_set_absolute_size (font, size * PANGO_SCALE);
  return font;
}

PangoLayout *
gj_report_layout_text (GjReportLayout *self,
                       GjReportFont    font,
                       const char     *text,
                       double          width)
{
  PangoLayout *layout = pango_layout_new (self->context);

  pango_layout_set_font_description (layout, self->fonts[font]);
  /* Chinese has no spaces between words: break anywhere, preferring word
   * boundaries where there are some. */
  pango_layout_set_wrap (layout, PANGO_WRAP_WORD_CHAR);
  if (width > 0)
    pango_layout_set_width (layout, (int) (width * PANGO_SCALE));
  if (text == NULL || g_utf8_validate (text, -1, NULL))
    pango_layout_set_text (layout, text ? text : "", -1);
  else
    {
      /* Pango refuses invalid UTF-8 with a warning and shows nothing. */
      g_autofree char *valid = g_utf8_make_valid (text, -1);

      pango_layout_set_text (layout, valid, -1);
    }
  return layout;
}

/* The height of pieces @i … up to the first that need not stay with the
 * next one: what must fit on a page together. */
static double
chain_height (GjReportLayout *self,
              guint           i)
{
  const GjPiece *piece = &g_array_index (self->pieces, GjPiece, i);
  double need = piece->height;

  while (piece->keep && i + 1 < self->pieces->len)
    {
      piece = &g_array_index (self->pieces, GjPiece, ++i);
      need += piece->space + piece->height;
    }
  return need;
}

/* The per-block caches hold NULL for blocks of other types. */
static void
object_free (gpointer data)
{
  g_clear_object (&data);
}

static void
array_free (gpointer data)
{
  g_clear_pointer (&data, g_array_unref);
}

static void
place (GjReportLayout *self,
       guint           piece,
       double          y,
       double          height)
{
  GjPlaced placed = { piece, y, height };

  g_array_append_val (self->placed, placed);
}

static void
paginate (GjReportLayout *self)
{
  double top = GJ_REPORT_MARGIN, bottom = self->height - GJ_REPORT_MARGIN, y = top;
  guint header = G_MAXUINT;  /* the current table's header piece */
  guint first = 0;
  gboolean kept = FALSE;  /* the piece before must stay with this one */

  g_array_append_val (self->pages, first);
  for (guint i = 0; i < self->pieces->len; i++)
    {
      const GjPiece *piece = &g_array_index (self->pieces, GjPiece, i);
      double space = y > top ? piece->space : 0;
      double height;

      if (piece->kind == PIECE_HEADER)
        header = i;
      else if (piece->kind != PIECE_ROW)
        header = G_MAXUINT;

      /* A new page only when this one holds something already, and not
       * within a chain that was already found too tall for any page and
       * started at the top of this one: a piece taller than a whole page
       * is clipped to one, never pushed on from page to page. */
      if (y > top && !kept && y + space + chain_height (self, i) > bottom)
        {
          first = self->placed->len;
          g_array_append_val (self->pages, first);
          y = top;
          space = 0;
          if (piece->kind == PIECE_ROW && header != G_MAXUINT)
            {
              double h = g_array_index (self->pieces, GjPiece, header).height;

              place (self, header, y, h);
              y += h;
            }
        }
      space = MIN (space, bottom - y);
      height = MAX (MIN (piece->height, bottom - y - space), 0);
      place (self, i, y + space, height);
      y += space + height;
      kept = piece->keep;
    }
}

static void
cut_title (GjReportLayout *self)
{
  g_autoptr(PangoLayout) layout = gj_report_layout_text (self, GJ_REPORT_FONT_TITLE,
                                                         gj_report_get_title (self->report),
                                                         self->content_width);
  GjPiece piece = { PIECE_TITLE, G_MAXUINT, 0, 0, 0, 0, FALSE };
  int h;

  pango_layout_get_size (layout, NULL, &h);
  piece.height = (double) h / PANGO_SCALE + 16;
  g_array_append_val (self->pieces, piece);
}

GjReportLayout *
gj_report_layout_new (GjReport     *report,
                      PangoContext *context,
                      double        width,
                      double        height)
{
  GjReportLayout *self;
  guint n_blocks;

  g_return_val_if_fail (GJ_IS_REPORT (report), NULL);
  g_return_val_if_fail (PANGO_IS_CONTEXT (context), NULL);
  g_return_val_if_fail (width > 2 * GJ_REPORT_MARGIN && height > 2 * GJ_REPORT_MARGIN, NULL);

  n_blocks = gj_report_get_n_blocks (report);
  self = g_new0 (GjReportLayout, 1);
  self->report = g_object_ref (report);
  self->context = g_object_ref (context);
  self->width = width;
  self->height = height;
  self->content_width = width - 2 * GJ_REPORT_MARGIN;
  self->fonts[GJ_REPORT_FONT_BODY] = font_new (10, PANGO_WEIGHT_NORMAL);
  self->fonts[GJ_REPORT_FONT_BOLD] = font_new (10, PANGO_WEIGHT_BOLD);
  self->fonts[GJ_REPORT_FONT_SMALL] = font_new (9, PANGO_WEIGHT_NORMAL);
  self->fonts[GJ_REPORT_FONT_SMALL_BOLD] = font_new (9, PANGO_WEIGHT_BOLD);
  self->fonts[GJ_REPORT_FONT_HEADING1] = font_new (14, PANGO_WEIGHT_BOLD);
  self->fonts[GJ_REPORT_FONT_HEADING2] = font_new (12, PANGO_WEIGHT_BOLD);
  self->fonts[GJ_REPORT_FONT_TITLE] = font_new (18, PANGO_WEIGHT_BOLD);
  self->paragraphs = g_ptr_array_new_full (n_blocks, object_free);
  self->widths = g_ptr_array_new_full (n_blocks, array_free);
  self->label_widths = g_array_sized_new (FALSE, TRUE, sizeof (double), n_blocks);
  g_array_set_size (self->label_widths, n_blocks);
  g_ptr_array_set_size (self->paragraphs, n_blocks);
  g_ptr_array_set_size (self->widths, n_blocks);
  self->pieces = g_array_new (FALSE, FALSE, sizeof (GjPiece));
  self->placed = g_array_new (FALSE, FALSE, sizeof (GjPlaced));
  self->pages = g_array_new (FALSE, FALSE, sizeof (guint));

  cut_title (self);
  for (guint b = 0; b < n_blocks; b++)
    gj_report_layout_cut (self, b);
  paginate (self);
  return self;
}

guint
gj_report_layout_get_n_pages (GjReportLayout *self)
{
  g_return_val_if_fail (self != NULL, 0);
  return self->pages->len;
}

static void
show_text (GjReportLayout *self,
           cairo_t        *cr,
           const char     *text,
           double          x,
           double          y,
           double          width,
           PangoAlignment  alignment)
{
  g_autoptr(PangoLayout) layout = gj_report_layout_text (self, GJ_REPORT_FONT_SMALL, text, width);

  pango_layout_set_alignment (layout, alignment);
  pango_layout_set_ellipsize (layout, PANGO_ELLIPSIZE_END);
  pango_layout_set_height (layout, 0);  /* one line */
  cairo_move_to (cr, x, y);
  pango_cairo_show_layout (cr, layout);
}

/* The station at the left, the period and the issue date at the right,
 * a thin rule under them; "Page n of m" centred at the foot. */
static void
draw_frame (GjReportLayout *self,
            cairo_t        *cr,
            guint           page)
{
  GjReport *report = self->report;
  g_autofree char *issued = gj_report_format_date (gj_report_get_issued_on (report));
  g_autofree char *right = NULL;
  g_autofree char *footer = NULL;
  const char *period = gj_report_get_period (report);
  double half = self->content_width / 2;

  right = period && *period ? g_strdup_printf ("%s　%s", period, issued) : g_strdup (issued);
  cairo_set_source_rgb (cr, 0, 0, 0);
  show_text (self, cr, gj_report_get_station (report), GJ_REPORT_MARGIN, HEADER_Y, half - 6,
             PANGO_ALIGN_LEFT);
  show_text (self, cr, right, GJ_REPORT_MARGIN + half + 6, HEADER_Y, half - 6, PANGO_ALIGN_RIGHT);
  cairo_set_line_width (cr, 0.5);
  cairo_move_to (cr, GJ_REPORT_MARGIN, RULE_Y);
  cairo_line_to (cr, self->width - GJ_REPORT_MARGIN, RULE_Y);
  cairo_stroke (cr);

  /* TRANSLATORS: the foot of every printed page; zh_CN: 第 %u 页 / 共 %u 页 */
  footer = g_strdup_printf (_("Page %u of %u"), page + 1, self->pages->len);
  show_text (self, cr, footer, GJ_REPORT_MARGIN, self->height - GJ_REPORT_MARGIN + FOOTER_GAP,
             self->content_width, PANGO_ALIGN_CENTER);
}

void
gj_report_layout_draw_page (GjReportLayout *self,
                            cairo_t        *cr,
                            guint           page)
{
  guint first, last;

  g_return_if_fail (self != NULL && cr != NULL);
  g_return_if_fail (page < self->pages->len);

  first = g_array_index (self->pages, guint, page);
  last = page + 1 < self->pages->len ? g_array_index (self->pages, guint, page + 1)
                                     : self->placed->len;
  cairo_save (cr);
  draw_frame (self, cr, page);
  for (guint i = first; i < last; i++)
    {
      const GjPlaced *placed = &g_array_index (self->placed, GjPlaced, i);
      const GjPiece *piece = &g_array_index (self->pieces, GjPiece, placed->piece);

      cairo_save (cr);
      cairo_set_source_rgb (cr, 0, 0, 0);
      cairo_set_line_width (cr, 0.5);
      if (placed->height < piece->height)
        {
          cairo_rectangle (cr, 0, placed->y, self->width, placed->height);
          cairo_clip (cr);
        }
      gj_report_layout_piece (self, cr, piece, placed->y);
      cairo_restore (cr);
    }
  cairo_restore (cr);
}

void
gj_report_layout_free (GjReportLayout *self)
{
  if (self == NULL)
    return;
  g_object_unref (self->report);
  g_object_unref (self->context);
  for (guint i = 0; i < GJ_REPORT_N_FONTS; i++)
    pango_font_description_free (self->fonts[i]);
  g_ptr_array_unref (self->paragraphs);
  g_ptr_array_unref (self->widths);
  g_array_unref (self->label_widths);
  g_array_unref (self->pieces);
  g_array_unref (self->placed);
  g_array_unref (self->pages);
  g_free (self);
}
