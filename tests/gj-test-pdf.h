/* gj-test-pdf.h: reading the PDFs a test wrote, with poppler's tools
 *
 * The tests' environment names the tools: PDFTOTEXT and PDFTOPPM (found
 * by meson, see tests/meson.build).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The text of the PDF at @path as `pdftotext -layout` reads it; pages
 * are separated by a form feed ('\f'). Fails the test if the tool fails. */
char   *gj_test_pdf_text                 (const char *path) G_GNUC_WARN_UNUSED_RESULT;
/* The same text, one string per page. */
char  **gj_test_pdf_pages                (const char *path) G_GNUC_WARN_UNUSED_RESULT;
/* The words of the PDF with their boxes in points, as `pdftotext -bbox`
 * reads them: an array of GjTestPdfWord, page after page. */
typedef struct
{
  guint  page;   /* from 0 */
  double x_min;
  double y_min;
  double x_max;
  double y_max;
  char  *word;
} GjTestPdfWord;
GArray *gj_test_pdf_words                (const char *path) G_GNUC_WARN_UNUSED_RESULT;
/* Renders every page at 50 dpi (`pdftoppm -png -r 50`) and fails the test
 * on a page with nothing drawn on it; returns the number of pages. */
guint   gj_test_pdf_assert_no_blank_page (const char *path);

G_END_DECLS
