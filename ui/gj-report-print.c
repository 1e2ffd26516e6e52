/* gj-report-print.c: a report through GTK's print dialog
 *
 * The pages are laid out by the same code as the PDF file
 * (gj-report-render.h), for the page the print context offers once the
 * person has chosen the printer and paper: the whole sheet, since
 * "use-full-page" is on and the renderer's own margins keep clear of any
 * printer's unprintable edge.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-report-print"

#include "config.h"

#include "gj-report-print.h"
#include "gj-report-render.h"

struct _GjReportPrint
{
  GtkPrintOperation  parent_instance;

  GjReport          *report;
  /* From begin-print to end-print; the context lives as long as the
   * layout made with it. */
  PangoContext      *pango;
  GjReportLayout    *layout;
};

G_DEFINE_FINAL_TYPE (GjReportPrint, gj_report_print, GTK_TYPE_PRINT_OPERATION)

GjReportPrint *
gj_report_print_new (GjReport *report)
{
  GjReportPrint *self;
  g_autoptr(GtkPageSetup) setup = gtk_page_setup_new ();
  g_autoptr(GtkPaperSize) a4 = gtk_paper_size_new (GTK_PAPER_NAME_A4);

  g_return_val_if_fail (GJ_IS_REPORT (report), NULL);

  self = g_object_new (GJ_TYPE_REPORT_PRINT,
                       "job-name", gj_report_get_title (report),
                       /* The renderer draws its own 2 cm margins, inside any
                        * printer's unprintable edge: a printed page is then the
                        * PDF's page, broken at the same places. */
                       "use-full-page", TRUE,
                       "unit", GTK_UNIT_POINTS,
                       "embed-page-setup", TRUE,
                       NULL);
  self->report = g_object_ref (report);
  gtk_page_setup_set_paper_size_and_default_margins (setup, a4);
  gtk_page_setup_set_orientation (setup, gj_report_get_landscape (report)
                                         ? GTK_PAGE_ORIENTATION_LANDSCAPE
                                         : GTK_PAGE_ORIENTATION_PORTRAIT);
  gtk_print_operation_set_default_page_setup (GTK_PRINT_OPERATION (self), setup);
  return self;
}

static void
gj_report_print_begin_print (GtkPrintOperation *operation,
                             GtkPrintContext   *context)
{
  GjReportPrint *self = GJ_REPORT_PRINT (operation);
  g_clear_pointer (&self->layout, gj_report_layout_free);
  g_clear_object (&self->pango);
  self->pango = gtk_print_context_create_pango_context (context);
  self->layout = gj_report_layout_new (self->report, self->pango,
                                       gtk_print_context_get_width (context),
                                       gtk_print_context_get_height (context));
  gtk_print_operation_set_n_pages (operation, (int) gj_report_layout_get_n_pages (self->layout));
}

static void
gj_report_print_draw_page (GtkPrintOperation *operation,
                           GtkPrintContext   *context,
                           int                page_nr)
{
  GjReportPrint *self = GJ_REPORT_PRINT (operation);

  g_return_if_fail (self->layout != NULL);
  gj_report_layout_draw_page (self->layout, gtk_print_context_get_cairo_context (context),
                              (guint) page_nr);
}

static void
gj_report_print_end_print (GtkPrintOperation *operation,
                           GtkPrintContext   *context)
{
  GjReportPrint *self = GJ_REPORT_PRINT (operation);

  g_clear_pointer (&self->layout, gj_report_layout_free);
  g_clear_object (&self->pango);
}

static void
gj_report_print_finalize (GObject *object)
{
  GjReportPrint *self = GJ_REPORT_PRINT (object);

  g_clear_pointer (&self->layout, gj_report_layout_free);
  g_clear_object (&self->pango);
  g_clear_object (&self->report);
  G_OBJECT_CLASS (gj_report_print_parent_class)->finalize (object);
}

static void
gj_report_print_class_init (GjReportPrintClass *klass)
{
  GtkPrintOperationClass *print_class = GTK_PRINT_OPERATION_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = gj_report_print_finalize;
  print_class->begin_print = gj_report_print_begin_print;
  print_class->draw_page = gj_report_print_draw_page;
  print_class->end_print = gj_report_print_end_print;
}

static void
gj_report_print_init (GjReportPrint *self)
{
}
