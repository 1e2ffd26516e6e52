/* gj-report-pdf.c: a report as an A4 PDF file, written atomically
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-report-render"

#include "config.h"

#include <cairo-pdf.h>
#include <errno.h>
#include <fcntl.h>
#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <pango/pangocairo.h>

#include "gj-data-error.h"
#include "gj-report-render-private.h"

/* A4 in points. */
#define A4_SHORT 595.0
#define A4_LONG  842.0

char *
gj_report_temp_file (const char *path,
                     GError    **error)
{
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *base = g_path_get_basename (path);
  g_autofree char *name = g_strdup_printf (".%s.XXXXXX", base);
  g_autofree char *temp = g_build_filename (dir, name, NULL);
  int fd;

  /* 0666 under the umask, as any new file of the user's. */
  fd = g_mkstemp_full (temp, O_WRONLY, 0666);
  if (fd < 0)
    {
      int saved = errno;

      gj_data_error_set (error, GJ_DATA_ERROR_IO, NULL,
                         _("Cannot write “%s”: %s. Choose a folder you may write to."), path,
                         g_strerror (saved));
      return NULL;
    }
  g_close (fd, NULL);
  return g_steal_pointer (&temp);
}

gboolean
gj_report_commit_file (const char *temp,
                       const char *path,
                       GError    **error)
{
  if (g_rename (temp, path) != 0)
    {
      int saved = errno;

      g_unlink (temp);
      gj_data_error_set (error, GJ_DATA_ERROR_IO, NULL,
                         _("Cannot write “%s”: %s. Choose a folder you may write to."), path,
                         g_strerror (saved));
      return FALSE;
    }
  return TRUE;
}

static gboolean
cairo_failed (cairo_status_t status,
              const char    *path,
              GError       **error)
{
  if (status == CAIRO_STATUS_SUCCESS)
    return FALSE;
  gj_data_error_set (error, GJ_DATA_ERROR_IO, NULL,
                     _("Cannot write “%s”: %s. Check that the disk has room and try again."),
                     path, cairo_status_to_string (status));
  return TRUE;
}

gboolean
gj_report_write_pdf (GjReport         *report,
                     const char       *path,
                     GCancellable     *cancellable,
                     GjReportProgress  progress,
                     gpointer          user_data,
                     GError          **error)
{
  g_autofree char *temp = NULL;
  g_autoptr(GjReportLayout) layout = NULL;
  PangoContext *context;
  cairo_font_options_t *options;
  cairo_surface_t *surface;
  cairo_t *cr;
  cairo_status_t status;
  gboolean landscape;
  double width, height;
  guint n;
  gboolean cancelled = FALSE;

  g_return_val_if_fail (GJ_IS_REPORT (report), FALSE);
  g_return_val_if_fail (path != NULL, FALSE);

  if (g_cancellable_set_error_if_cancelled (cancellable, error))
    return FALSE;
  temp = gj_report_temp_file (path, error);
  if (temp == NULL)
    return FALSE;

  landscape = gj_report_get_landscape (report);
  width = landscape ? A4_LONG : A4_SHORT;
  height = landscape ? A4_SHORT : A4_LONG;
  surface = cairo_pdf_surface_create (temp, width, height);
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_TITLE, gj_report_get_title (report));
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_AUTHOR,
                                  gj_report_get_station (report));
  cairo_pdf_surface_set_metadata (surface, CAIRO_PDF_METADATA_CREATOR, "Gongjian");
  cr = cairo_create (surface);

  /* Unhinted metrics, as GTK's print contexts use: text measures the same
   * at any resolution, so a PDF and a printout break at the same places. */
  context = pango_cairo_create_context (cr);
  options = cairo_font_options_create ();
  cairo_font_options_set_hint_metrics (options, CAIRO_HINT_METRICS_OFF);
  cairo_font_options_set_hint_style (options, CAIRO_HINT_STYLE_NONE);
  pango_cairo_context_set_font_options (context, options);
  cairo_font_options_destroy (options);

  if (progress)
    progress (0, 0, user_data);
  layout = gj_report_layout_new (report, context, width, height);
  g_object_unref (context);
  n = gj_report_layout_get_n_pages (layout);
  if (progress)
    progress (0, n, user_data);
  for (guint page = 0; page < n; page++)
    {
      if (g_cancellable_is_cancelled (cancellable))
        {
          cancelled = TRUE;
          break;
        }
      gj_report_layout_draw_page (layout, cr, page);
      cairo_show_page (cr);
      if (progress)
        progress (page + 1, n, user_data);
    }
  cairo_destroy (cr);
  cairo_surface_finish (surface);
  status = cairo_surface_status (surface);
  cairo_surface_destroy (surface);

  if (cancelled)
    {
      g_unlink (temp);
      return !g_cancellable_set_error_if_cancelled (cancellable, error);
    }
  if (cairo_failed (status, path, error))
    {
      g_unlink (temp);
      return FALSE;
    }
  return gj_report_commit_file (temp, path, error);
}
