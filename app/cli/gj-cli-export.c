/* gj-cli-export.c: a list of records into an XLSX spreadsheet
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gongjian-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "gj-cli-private.h"
#include "gj-export.h"

int
gj_cli_export (GjCli *cli)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GArray) filters = g_array_new (FALSE, FALSE, sizeof (GjFilter));
  g_autofree char *shown = NULL;
  GjQuery q;
  const GjKind *kind;
  gint64 n;
  int rc;

  if (cli->argc != 1)
    return gj_cli_usage_error (_("export needs exactly one KIND"));
  if (cli->output == NULL)
    return gj_cli_usage_error (_("export needs -o FILE.xlsx, the spreadsheet to write"));
  shown = g_filename_display_name (cli->output);
  /* The file is always XLSX; another name would open as the wrong kind
   * of file, or not at all. */
  if (!g_str_has_suffix (cli->output, ".xlsx") && !g_str_has_suffix (cli->output, ".XLSX"))
    {
      g_autofree char *message =
        g_strdup_printf (_("“%s” does not end in .xlsx; export writes XLSX spreadsheets, so "
                           "name the file FILE.xlsx"), shown);

      return gj_cli_usage_error (message);
    }
  if (!(kind = gj_cli_kind_arg (cli->argv[0], &error)))
    return gj_cli_fail (error);
  if ((rc = gj_cli_build_query (cli, kind, filters, &q)) != 0)
    return rc;

  n = gj_export_xlsx (cli->store, kind, &q, cli->reveal, cli->output, NULL, NULL, NULL, &error);
  if (n < 0)
    return gj_cli_fail (error);
  g_print (ngettext ("Exported %u record to %s\n", "Exported %u records to %s\n", (gulong) n),
           (guint) n, shown);
  return 0;
}
