/* test-report-render.c: reports laid out on pages and written as PDF
 *
 * The tests read the files back the way a reader would: the PDF's text
 * through pdftotext, its pages as images; and look at the layout's own
 * geometry where pagination rules are checked.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <pango/pangocairo.h>

#include "gj-chart-draw.h"
#include "gj-data-error.h"
#include "gj-record.h"
#include "gj-report-render-private.h"
#include "gj-test-pdf.h"
#include "report-samples.h"

static char *
squeeze (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *c = text; *c; c++)
    if (*c != ' ')
      g_string_append_c (out, *c);
  return g_string_free (out, FALSE);
}

static void
record_progress_cb (guint    done,
                    guint    total,
                    gpointer user_data)
{
  GArray *calls = user_data;

  g_array_append_val (calls, done);
  g_array_append_val (calls, total);
  g_assert_true (total == 0 ? done == 0 : done <= total);
}

static void
test_pdf_long_table (void)
{
  g_autoptr(GjReport) report = long_report ();
  g_autoptr(GError) error = NULL;
  g_auto(TempFile) out = temp_file ("台账.pdf");
  g_autofree char *text = NULL;
  g_autofree char *date = gj_report_format_date ("2026-12-01");
  g_auto(GStrv) pages = NULL;
  g_autoptr(GArray) calls = g_array_new (FALSE, FALSE, sizeof (guint));
  guint n;

  g_assert_no_error (error);
  g_assert_cmpstr (date, ==, "2026年12月1日");
  g_assert_true (gj_report_write_pdf (report, out.path, NULL, record_progress_cb, calls, &error));
  g_assert_no_error (error);

  pages = gj_test_pdf_pages (out.path);
  n = g_strv_length (pages);
  g_assert_cmpuint (n, >=, 4);
  g_assert_cmpuint (gj_test_pdf_assert_no_blank_page (out.path), ==, n);
  /* Progress: nothing done of an unknown total while the layout is made,
   * nothing of n pages, then every page once. */
  g_assert_cmpuint (calls->len, ==, 2 * (n + 2));
  g_assert_cmpuint (g_array_index (calls, guint, 0), ==, 0);
  g_assert_cmpuint (g_array_index (calls, guint, 1), ==, 0);
  for (guint i = 0; i <= n; i++)
    {
      g_assert_cmpuint (g_array_index (calls, guint, 2 * (i + 1)), ==, i);
      g_assert_cmpuint (g_array_index (calls, guint, 2 * (i + 1) + 1), ==, n);
    }

  text = gj_test_pdf_text (out.path);
  g_assert_cmpuint (count_of (text, "志愿服务记录台账"), ==, 1);
  for (guint i = 0; i < ROWS; i++)
    {
      g_autofree char *name = g_strdup_printf ("组织%03u号", i + 1);
      g_autofree char *money = gj_record_format_money ((gint64) (i + 1) * (i + 1) * 1000);

      g_assert_cmpuint (count_of (text, name), ==, 1);
      g_assert_cmpuint (count_of (text, money), >=, 1);
    }
  for (guint p = 0; p < n; p++)
    {
      g_autofree char *footer = g_strdup_printf (_("Page %u of %u"), p + 1, n);
      g_autofree char *bare_footer = squeeze (footer);
      g_autofree char *bare_page = squeeze (pages[p]);

      g_assert_nonnull (strstr (pages[p], "溪山街道社工站"));
      g_assert_nonnull (strstr (pages[p], "2026年第四季度"));
      g_assert_nonnull (strstr (pages[p], date));
      g_assert_cmpuint (count_of (bare_page, bare_footer), ==, 1);
      /* The table runs over every page: its header is on each. */
      g_assert_cmpuint (count_of (pages[p], "组织名称"), ==, 1);
    }
  {
    g_autofree char *first = squeeze (pages[0]);
    g_autofree char *last = squeeze (pages[n - 1]);
    g_autofree char *expect = g_strdup_printf ("第%u页/共%u页", n, n);

    g_assert_nonnull (strstr (first, "第1页/共"));
    g_assert_nonnull (strstr (last, expect));
  }
}

/* The money column is not declared numeric: its cells' type right-aligns
 * them, so every figure ends at the same x whatever its width. */
static void
test_pdf_right_aligned (void)
{
  g_autoptr(GjReport) report = long_report ();
  g_autoptr(GError) error = NULL;
  g_auto(TempFile) out = temp_file ("aligned.pdf");
  g_autoptr(GArray) words = NULL;
  double right = -1, left_min = G_MAXDOUBLE, left_max = 0;
  guint seen = 0;

  g_assert_true (gj_report_write_pdf (report, out.path, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  words = gj_test_pdf_words (out.path);
  for (guint i = 0; i < words->len; i++)
    {
      const GjTestPdfWord *w = &g_array_index (words, GjTestPdfWord, i);

      if (!g_regex_match_simple ("^[0-9,]+\\.[0-9][0-9]$", w->word, 0, 0))
        continue;
      if (right < 0)
        right = w->x_max;
      g_assert_cmpfloat (ABS (w->x_max - right), <, 1.0);
      left_min = MIN (left_min, w->x_min);
      left_max = MAX (left_max, w->x_min);
      seen++;
    }
  g_assert_cmpuint (seen, ==, ROWS);
  g_assert_cmpfloat (left_max - left_min, >, 15);
}

static void
cancel_cb (guint    done,
           guint    total,
           gpointer user_data)
{
  if (done == 1)
    g_cancellable_cancel (user_data);
}

static void
test_pdf_cancel (void)
{
  g_autoptr(GjReport) report = long_report ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_auto(TempFile) out = temp_file ("cancelled.pdf");

  g_assert_false (gj_report_write_pdf (report, out.path, cancellable, cancel_cb, cancellable,
                                       &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (g_file_test (out.path, G_FILE_TEST_EXISTS));
  /* Nor any temporary file beside it. */
  g_assert_cmpuint (n_files (out.dir), ==, 0);
}

static void
test_pdf_unwritable (void)
{
  g_autoptr(GjReport) report = small_report ();
  g_autoptr(GError) error = NULL;
  const char *path = "/nonexistent-gongjian-dir/报告.pdf";

  g_assert_false (gj_report_write_pdf (report, path, NULL, NULL, NULL, &error));
  g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_IO);
  g_assert_nonnull (strstr (error->message, path));
  g_clear_error (&error);
  g_assert_false (gj_report_write_xlsx (report, path, &error));
  g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_IO);
  g_assert_nonnull (strstr (error->message, path));
}

/* A file that cannot be moved into place (here a folder is in the way)
 * fails naming the path and leaves no temporary file behind. */
static void
test_pdf_blocked (void)
{
  g_autoptr(GjReport) report = small_report ();
  g_autoptr(GError) error = NULL;
  g_auto(TempFile) out = temp_file ("报告.pdf");
  g_autofree char *inside = g_build_filename (out.path, "keep", NULL);

  g_assert_cmpint (g_mkdir (out.path, 0700), ==, 0);
  g_assert_true (g_file_set_contents (inside, "", 0, NULL));
  g_assert_false (gj_report_write_pdf (report, out.path, NULL, NULL, NULL, &error));
  g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_IO);
  g_assert_nonnull (strstr (error->message, out.path));
  g_clear_error (&error);
  g_assert_false (gj_report_write_xlsx (report, out.path, &error));
  g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_IO);
  g_assert_nonnull (strstr (error->message, out.path));
  g_assert_cmpuint (n_files (out.dir), ==, 1);
  g_unlink (inside);
  g_rmdir (out.path);
}

/* Every kind of block reaches the page, shortfalls marked in a way that
 * survives black and white printing. */
static void
test_pdf_blocks (void)
{
  g_autoptr(GjReport) report = small_report ();
  g_autoptr(GError) error = NULL;
  g_auto(TempFile) out = temp_file ("blocks.pdf");
  g_autofree char *text = NULL;
  g_autofree char *bare = NULL;
  const char *labels[] = { "溪山村", "东湖社区" };
  const double gov[] = { 120000, 80000 }, leveraged[] = { 30000, 5000 };
  const char *texts[] = { "150,000.00", "85,000.00" };
  const char *series[] = { "政府资金", "撬动社会资金" };
  const char *stages[] = { "意向", "入驻", "出壳" };
  const double counts[] = { 12, 7, 3 };

  gj_report_add_chart (report, GJ_REPORT_CHART_STACKED, "项目资金构成", 2, labels, gov, leveraged,
                       texts, series);
  gj_report_add_chart (report, GJ_REPORT_CHART_FUNNEL, "孵化进度", 3, stages, counts, NULL, NULL,
                       NULL);
  g_assert_true (gj_report_write_pdf (report, out.path, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (gj_test_pdf_assert_no_blank_page (out.path), >=, 1);
  text = gj_test_pdf_text (out.path);
  bare = squeeze (text);
  for (const char *const *want = (const char *const[]) {
         "测试报告", "一、基本情况", "本季度共有社会组织三家。", "甲方：", "乙方：",
         "项目资金", "12,345.00", "70%", "-0.05", "合计", "▼1.2", "甲方（盖章）", "乙方（盖章）",
         "签字：", "日期：", "本期无数据。", "项目资金构成", "政府资金", "撬动社会资金",
         "150,000.00", "孵化进度", "出壳", NULL };
       *want; want++)
    if (strstr (bare, *want) == NULL)
      g_error ("“%s” missing from the PDF's text:\n%s", *want, text);
  g_assert_cmpuint (count_of (bare, "溪山街道社工站"), >=, 3);
}

static PangoContext *
new_context (void)
{
  return pango_font_map_create_context (pango_cairo_font_map_get_default ());
}

/* Draws every page on an image surface, as a print preview would. */
static void
draw_all (GjReportLayout *layout)
{
  cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 595, 842);

  for (guint p = 0; p < gj_report_layout_get_n_pages (layout); p++)
    {
      cairo_t *cr = cairo_create (surface);

      gj_report_layout_draw_page (layout, cr, p);
      g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
      cairo_destroy (cr);
    }
  cairo_surface_destroy (surface);
}

/* Every piece lies between the margins, and every page draws on an image
 * surface, as a print preview would draw it. */
static void
assert_drawn_within_margins (GjReportLayout *layout)
{
  for (guint i = 0; i < layout->placed->len; i++)
    {
      const GjPlaced *placed = &g_array_index (layout->placed, GjPlaced, i);

      g_assert_cmpfloat (placed->y, >=, GJ_REPORT_MARGIN);
      g_assert_cmpfloat (placed->y + placed->height, <=,
                         layout->height - GJ_REPORT_MARGIN + 0.01);
    }
  draw_all (layout);
}

/* Wherever the text before it ends, a heading is never the last thing on
 * a page, nor a table's title or header, nor a paragraph's first line; a
 * page that continues a table starts with its header. */
static void
test_layout_keep (void)
{
  PangoContext *context = new_context ();

  for (guint lines = 0; lines < 70; lines += 3)
    {
      g_autoptr(GjReport) report = gj_report_new ("分页", "社工站", NULL);
      g_autoptr(GjReportLayout) layout = NULL;
      g_autoptr(GString) text = g_string_new (NULL);

      for (guint l = 0; l < lines; l++)
        g_string_append (text, "社区社会组织培育发展情况良好，志愿服务持续开展。");
      if (lines > 0)
        gj_report_add_paragraph (report, text->str);
      gj_report_add_heading (report, 1, "二、项目情况");
      gj_report_add_heading (report, 2, "（一）资金");
      gj_report_begin_table (report, "项目清单", NULL);
      gj_report_add_column (report, "项目", 1, FALSE);
      for (guint r = 0; r < 60; r++)
        {
          gj_report_add_row (report, GJ_REPORT_MARK_NONE);
          gj_report_add_text (report, "助老服务");
        }

      layout = gj_report_layout_new (report, context, 595, 842);
      g_assert_cmpuint (gj_report_layout_get_n_pages (layout), >=, 2);
      for (guint p = 0; p < layout->pages->len; p++)
        {
          guint first = g_array_index (layout->pages, guint, p);
          guint last = p + 1 < layout->pages->len ? g_array_index (layout->pages, guint, p + 1)
                                                  : layout->placed->len;
          const GjPlaced *top = &g_array_index (layout->placed, GjPlaced, first);
          const GjPlaced *end = &g_array_index (layout->placed, GjPlaced, last - 1);
          const GjPiece *top_piece = &g_array_index (layout->pieces, GjPiece, top->piece);

          g_assert_cmpuint (last, >, first);
          g_assert_false (g_array_index (layout->pieces, GjPiece, end->piece).keep);
          g_assert_cmpint (top_piece->kind, !=, PIECE_ROW);
        }
      assert_drawn_within_margins (layout);
    }
  g_object_unref (context);
}

/* However many rows come before it, a total row is never the only row
 * under a repeated header: the row above goes over with it. */
static void
test_layout_total (void)
{
  PangoContext *context = new_context ();

  for (guint rows = 30; rows < 50; rows++)
    {
      g_autoptr(GjReport) report = gj_report_new ("合计", "社工站", NULL);
      g_autoptr(GjReportLayout) layout = NULL;
      guint page = 0;

      gj_report_begin_table (report, NULL, NULL);
      gj_report_add_column (report, "项目", 1, FALSE);
      for (guint r = 0; r <= rows; r++)
        {
          gj_report_add_row (report, r == rows ? GJ_REPORT_MARK_TOTAL : GJ_REPORT_MARK_NONE);
          gj_report_add_text (report, r == rows ? "合计" : "助老服务");
        }
      layout = gj_report_layout_new (report, context, 595, 842);
      for (guint i = 0; i < layout->placed->len; i++)
        {
          const GjPlaced *placed = &g_array_index (layout->placed, GjPlaced, i);
          const GjPiece *piece = &g_array_index (layout->pieces, GjPiece, placed->piece);
          const GjPiece *before;

          while (page + 1 < layout->pages->len &&
                 g_array_index (layout->pages, guint, page + 1) <= i)
            page++;
          if (piece->kind != PIECE_ROW || piece->index != rows)
            continue;
          g_assert_cmpuint (i, >, g_array_index (layout->pages, guint, page));
          before = &g_array_index (layout->pieces, GjPiece,
                                   g_array_index (layout->placed, GjPlaced, i - 1).piece);
          g_assert_cmpint (before->kind, ==, PIECE_ROW);
        }
    }
  g_object_unref (context);
}

/* A row taller than a page is clipped to one page, not pushed on from page
 * to page; the rows after it go on as usual. */
static void
test_layout_tall_row (void)
{
  PangoContext *context = new_context ();
  g_autoptr(GjReport) report = gj_report_new ("超长", "社工站", NULL);
  g_autoptr(GjReportLayout) layout = NULL;
  g_autoptr(GString) text = g_string_new (NULL);

  for (guint i = 0; i < 4000; i++)
    g_string_append (text, "长");
  gj_report_add_paragraph (report, "前言");
  gj_report_begin_table (report, NULL, NULL);
  gj_report_add_column (report, "内容", 1, FALSE);
  gj_report_add_column (report, "备注", 1, FALSE);
  gj_report_add_row (report, GJ_REPORT_MARK_NONE);
  gj_report_add_text (report, text->str);
  gj_report_add_row (report, GJ_REPORT_MARK_SHORTFALL);
  gj_report_add_text (report, "之后");
  gj_report_add_notice (report, text->str);

  layout = gj_report_layout_new (report, context, 595, 842);
  g_assert_cmpuint (gj_report_layout_get_n_pages (layout), <=, 4);
  assert_drawn_within_margins (layout);
  g_object_unref (context);
}

static void
test_landscape (void)
{
  PangoContext *context = new_context ();
  g_autoptr(GjReport) report = long_report ();
  g_autoptr(GjReportLayout) portrait = gj_report_layout_new (report, context, 595, 842);
  g_autoptr(GjReportLayout) landscape = gj_report_layout_new (report, context, 842, 595);

  /* Fewer rows fit on a page across. */
  g_assert_cmpuint (gj_report_layout_get_n_pages (landscape), >,
                    gj_report_layout_get_n_pages (portrait));
  g_object_unref (context);
}

/* The Overview's chart drawing, shared with the reports */

static guint
inked_pixels (cairo_surface_t *surface)
{
  const guchar *data;
  int stride;
  guint n = 0;

  cairo_surface_flush (surface);
  data = cairo_image_surface_get_data (surface);
  stride = cairo_image_surface_get_stride (surface);
  for (int y = 0; y < cairo_image_surface_get_height (surface); y++)
    for (int x = 0; x < cairo_image_surface_get_width (surface); x++)
      n += (((const guint32 *) (gconstpointer) (data + y * stride))[x] & 0xffffff) != 0xffffff;
  return n;
}

static void
test_chart_draw (void)
{
  PangoContext *context = new_context ();
  const char *labels[] = { "溪山村", "东湖社区", "南岭社区" };
  const double values[] = { 3, 0, 1.5 }, values2[] = { 1, 2, 0 };
  const char *texts[] = { "三", NULL, "1.5 万" };
  const double black[4] = { 0, 0, 0, 1 };
  GjChartData data = { GJ_REPORT_CHART_STACKED, 3, labels, values, values2, NULL,
                       { "政府", "社会" } };
  char buf[64];

  /* Three rows of 26 with gaps of 6, and the legend's 24. */
  g_assert_cmpfloat (gj_chart_draw_get_height (&data), ==, 3 * 32 + 24);
  g_assert_cmpstr (gj_chart_draw_value_text (&data, 0, buf, sizeof buf), ==, "4");
  g_assert_cmpstr (gj_chart_draw_value_text (&data, 1, buf, sizeof buf), ==, "2");
  data.texts = texts;
  g_assert_cmpstr (gj_chart_draw_value_text (&data, 0, buf, sizeof buf), ==, "三");
  g_assert_cmpstr (gj_chart_draw_value_text (&data, 1, buf, sizeof buf), ==, "2");
  data.series[0] = NULL;
  g_assert_cmpfloat (gj_chart_draw_get_height (&data), ==, 3 * 32);

  for (GjReportChartKind kind = GJ_REPORT_CHART_BARS; kind <= GJ_REPORT_CHART_STACKED; kind++)
    {
      cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 400, 120);
      cairo_t *cr = cairo_create (surface);

      data.kind = kind;
      data.values2 = kind == GJ_REPORT_CHART_STACKED ? values2 : NULL;
      cairo_set_source_rgb (cr, 1, 1, 1);
      cairo_paint (cr);
      gj_chart_draw (cr, context, NULL, &data, 400, black);
      g_assert_cmpint (cairo_status (cr), ==, CAIRO_STATUS_SUCCESS);
      g_assert_cmpuint (inked_pixels (surface), >, 400);
      cairo_destroy (cr);
      cairo_surface_destroy (surface);
    }
  /* Nothing to draw is drawn as nothing. */
  {
    cairo_surface_t *surface = cairo_image_surface_create (CAIRO_FORMAT_RGB24, 100, 40);
    cairo_t *cr = cairo_create (surface);
    GjChartData none = { GJ_REPORT_CHART_BARS, 0, NULL, NULL, NULL, NULL, { NULL, NULL } };

    cairo_set_source_rgb (cr, 1, 1, 1);
    cairo_paint (cr);
    gj_chart_draw (cr, context, NULL, &none, 100, black);
    g_assert_cmpuint (inked_pixels (surface), ==, 0);
    cairo_destroy (cr);
    cairo_surface_destroy (surface);
  }
  g_object_unref (context);
}

int
main (int   argc,
      char *argv[])
{
  report_test_init (&argc, &argv);
  g_test_add_func ("/report/pdf/long-table", test_pdf_long_table);
  g_test_add_func ("/report/pdf/right-aligned", test_pdf_right_aligned);
  g_test_add_func ("/report/pdf/cancel", test_pdf_cancel);
  g_test_add_func ("/report/pdf/unwritable", test_pdf_unwritable);
  g_test_add_func ("/report/pdf/blocked", test_pdf_blocked);
  g_test_add_func ("/report/pdf/blocks", test_pdf_blocks);
  g_test_add_func ("/report/layout/keep", test_layout_keep);
  g_test_add_func ("/report/layout/total", test_layout_total);
  g_test_add_func ("/report/layout/tall-row", test_layout_tall_row);
  g_test_add_func ("/report/layout/landscape", test_landscape);
  g_test_add_func ("/report/chart/draw", test_chart_draw);
  return g_test_run ();
}
