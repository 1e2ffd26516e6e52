/* gj-report-render.h: laying a report out on pages with cairo and pango
 *
 * One layout serves the PDF file, GTK's print dialog and its preview: it
 * breaks the report into pages of the size it is given (a table breaks
 * between rows and repeats its header; a heading is never left at the foot
 * of a page), and draws any page on any cairo context. Every page carries
 * the station's name, the report's period and its issue date at the top
 * and "Page n of m" at the foot. Text is set in Noto Sans CJK SC.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <cairo.h>
#include <gio/gio.h>
#include <pango/pango.h>

#include "gj-report.h"

G_BEGIN_DECLS

typedef struct _GjReportLayout GjReportLayout;

/* Called now and then while pages are laid out or written: @done of
 * @total pages (total 0 while it is not known yet). */
typedef void (*GjReportProgress) (guint    done,
                                  guint    total,
                                  gpointer user_data);

/* Paginates @report for pages of @width × @height points, drawn through
 * @context (a print context's, or one made for a PDF surface). */
GjReportLayout *gj_report_layout_new         (GjReport        *report,
                                              PangoContext    *context,
                                              double           width,
                                              double           height) G_GNUC_WARN_UNUSED_RESULT;
guint           gj_report_layout_get_n_pages (GjReportLayout  *self);
/* Draws page @page (from 0) with its origin at the top left of @cr. */
void            gj_report_layout_draw_page   (GjReportLayout  *self,
                                              cairo_t         *cr,
                                              guint            page);
void            gj_report_layout_free        (GjReportLayout  *self);

/* A4 (portrait, or landscape as the report asks) to a PDF file, written
 * to a temporary file and moved into place, so a failure or a cancel
 * leaves no half-written file at @path. */
gboolean        gj_report_write_pdf          (GjReport        *report,
                                              const char      *path,
                                              GCancellable    *cancellable,
                                              GjReportProgress progress,
                                              gpointer         user_data,
                                              GError         **error);

/* Every table of @report as one sheet (named after the table), numbers
 * and dates as values, the header row frozen. Same atomic write. */
gboolean        gj_report_write_xlsx         (GjReport        *report,
                                              const char      *path,
                                              GError         **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GjReportLayout, gj_report_layout_free)

G_END_DECLS
