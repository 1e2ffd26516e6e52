/* gj-cli-report.c: the documents a station hands upward, as PDF (and the
 * indicator report as XLSX) from the command line
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gongjian-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "gj-cli-private.h"
#include "gj-data-error.h"
#include "gj-import-normalize.h"
#include "gj-report-render.h"
#include "gj-reports.h"
#include "gj-validate.h"

typedef enum
{
  DOC_INDICATORS,
  DOC_AGREEMENT,
  DOC_EVALUATION,
  DOC_PROJECT,
  DOC_CERTIFICATE,
  DOC_TIME_BANK,
} DocType;

typedef struct
{
  const char *name;
  DocType     type;
  const char *noun;   /* what "Wrote the …" calls it */
} Doc;

static const Doc docs[] = {
  { "indicators", DOC_INDICATORS, N_("indicator report") },
  { "agreement", DOC_AGREEMENT, N_("agreement") },
  { "evaluation", DOC_EVALUATION, N_("evaluation form") },
  { "project", DOC_PROJECT, N_("project sheet") },
  { "volunteer-certificate", DOC_CERTIFICATE, N_("volunteer service-record certificate") },
  { "time-bank", DOC_TIME_BANK, N_("time-bank statement") },
};

static const Doc *
lookup_doc (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (docs); i++)
    if (g_str_equal (docs[i].name, name))
      return &docs[i];
  return NULL;
}

static gboolean
spans_days (const Doc *doc)
{
  return doc->type == DOC_CERTIFICATE || doc->type == DOC_TIME_BANK;
}

/* Any form of a date the import takes (2026-03-01, 2026年3月1日,
 * 2026/3/1…), as YYYY-MM-DD. A month alone (2026年3月) is refused: the
 * first or last day of a period must be a day. */
static char *
parse_day (const char  *option,
           const char  *text,
           GError     **error)
{
  const GjField *field = gj_kind_field (gj_schema_lookup ("hours"), "date");
  g_autofree char *note = NULL;
  g_autofree char *iso = NULL;
  g_autoptr(GError) local = NULL;

  iso = gj_import_normalize (field, GJ_SHEET_CELL_TEXT, text, &note, &local);
  if (iso == NULL || note != NULL || !gj_validate_date (option, iso, NULL))
    {
      g_autofree char *shown = g_utf8_make_valid (text, -1);

      gj_data_error_set (error, GJ_DATA_ERROR_INVALID, NULL,
                         _("%s: “%s” is not a day; write it as YYYY-MM-DD, for example "
                           "2026-03-01"), option, shown);
      return NULL;
    }
  return g_steal_pointer (&iso);
}

/* The output's format by its extension: PDF always, XLSX for the
 * indicator report only; NULL with the complaint otherwise. */
static const char *
output_format (const Doc   *doc,
               const char  *path,
               GError     **error)
{
  g_autofree char *display = g_filename_display_name (path);
  g_autofree char *base = g_path_get_basename (path);
  const char *dot = strrchr (base, '.');
  g_autofree char *ext = dot && dot[1] ? g_ascii_strdown (dot + 1, -1) : NULL;

  if (ext != NULL && g_str_equal (ext, "pdf"))
    return "pdf";
  if (ext != NULL && g_str_equal (ext, "xlsx"))
    {
      if (doc->type == DOC_INDICATORS)
        return "xlsx";
      gj_data_error_set (error, GJ_DATA_ERROR_INVALID, NULL,
                         _("%s: only the indicator report is written as a spreadsheet; "
                           "write the %s as a .pdf file"), display, _(doc->noun));
      return NULL;
    }
  if (ext == NULL)
    gj_data_error_set (error, GJ_DATA_ERROR_INVALID, NULL,
                       _("%s has no extension; name the file .pdf (or .xlsx for the "
                         "indicator report)"), display);
  else
    {
      g_autofree char *shown = g_utf8_make_valid (ext, -1);
      gj_data_error_set (error, GJ_DATA_ERROR_INVALID, NULL,
                         _("%s: reports are not written as .%s; name the file .pdf (or "
                           ".xlsx for the indicator report)"), display, shown);
    }
  return NULL;
}

static void
count_pages_cb (guint    done,
                guint    total,
                gpointer user_data)
{
  guint *pages = user_data;

  *pages = MAX (*pages, total);
}

static GjReport *
build (GjCli       *cli,
       const Doc   *doc,
       const char  *id,
       GError     **error)
{
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;

  switch (doc->type)
    {
    case DOC_INDICATORS:
      {
        GjTargets targets;
        GjPeriod period;

        if (cli->period != NULL && !gj_period_parse (cli->period, &period, error))
          return NULL;
        if (cli->period == NULL)
          gj_period_current (&period, FALSE);
        gj_targets_init_defaults (&targets);
        return gj_reports_indicators (cli->store, &targets, &period, error);
      }
    case DOC_AGREEMENT:
      return gj_reports_agreement (cli->store, id, error);
    case DOC_EVALUATION:
      return gj_reports_evaluation (cli->store, id, error);
    case DOC_PROJECT:
      return gj_reports_project (cli->store, id, error);
    case DOC_CERTIFICATE:
    case DOC_TIME_BANK:
      if ((cli->from && (from = parse_day ("--from", cli->from, error)) == NULL) ||
          (cli->to && (to = parse_day ("--to", cli->to, error)) == NULL))
        return NULL;
      if (doc->type == DOC_CERTIFICATE)
        return gj_reports_volunteer_certificate (cli->store, id, from, to, error);
      return gj_reports_time_bank (cli->store, id, from, to, error);
    default:
      g_assert_not_reached ();
    }
}

int
gj_cli_report (GjCli *cli)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GjReport) report = NULL;
  g_autofree char *display = NULL;
  const char *format;
  const Doc *doc;
  guint pages = 0;

  if (cli->argc < 1)
    return gj_cli_usage_error (_("report needs a document: indicators, agreement, evaluation, "
                                 "project, volunteer-certificate or time-bank"));
  doc = lookup_doc (cli->argv[0]);
  if (doc == NULL)
    {
      g_autofree char *shown = g_utf8_make_valid (cli->argv[0], -1);
      g_autofree char *msg = g_strdup_printf (_("“%s” is not a report; give indicators, "
                                                "agreement, evaluation, project, "
                                                "volunteer-certificate or time-bank"), shown);
      return gj_cli_usage_error (msg);
    }
  if (doc->type == DOC_INDICATORS ? cli->argc != 1 : cli->argc != 2)
    {
      g_autofree char *msg =
        doc->type == DOC_INDICATORS
          ? g_strdup (_("report indicators takes no ID; give the quarter or year with --period"))
          : g_strdup_printf (_("report %s needs the ID of one record and nothing more"),
                             doc->name);
      return gj_cli_usage_error (msg);
    }
  /* An option the document does not read would be silently ignored; a
   * certificate asked for "--period 2026" would cover every year. */
  if (cli->period != NULL && doc->type != DOC_INDICATORS)
    {
      gj_cli_complain (_("--period is for the indicator report; give the volunteer documents "
                         "--from and --to, the others cover their whole record"));
      return 1;
    }
  if ((cli->from != NULL || cli->to != NULL) && !spans_days (doc))
    {
      gj_cli_complain (_("--from and --to are for volunteer-certificate and time-bank; "
                         "the indicator report takes --period"));
      return 1;
    }
  if (cli->output == NULL)
    {
      gj_cli_complain (_("report needs the file to write: add -o FILE.pdf"));
      return 1;
    }
  format = output_format (doc, cli->output, &error);
  if (format == NULL)
    return gj_cli_fail (error);

  report = build (cli, doc, doc->type == DOC_INDICATORS ? NULL : cli->argv[1], &error);
  if (report == NULL)
    return gj_cli_fail (error);
  display = g_filename_display_name (cli->output);
  if (g_str_equal (format, "xlsx"))
    {
      /* The writer decides the sheets (one per table, or one of the
       * report's notices when it has none); no count here to disagree. */
      if (!gj_report_write_xlsx (report, cli->output, &error))
        return gj_cli_fail (error);
      g_print (_("Wrote the %s to %s\n"), _(doc->noun), display);
      return 0;
    }
  if (!gj_report_write_pdf (report, cli->output, NULL, count_pages_cb, &pages, &error))
    return gj_cli_fail (error);
  if (pages > 0)
    /* TRANSLATORS: the document written, the file, its number of pages */
    g_print (_("Wrote the %s to %s (pages: %u)\n"), _(doc->noun), display, pages);
  else
    g_print (_("Wrote the %s to %s\n"), _(doc->noun), display);
  return 0;
}
