/* gj-cli-import.c: a spreadsheet ledger into records, its batches, and undo
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gongjian-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "gj-cli-private.h"
#include "gj-data-error.h"
#include "gj-import-log.h"
#include "gj-import-normalize.h"
#include "gj-import.h"
#include "gj-workbook.h"

/* In the order of GjImportOnMatch. */
static const char *const on_match_names[] = { "skip", "fill", "overwrite", NULL };

static const char *
outcome_name (GjImportOutcome outcome)
{
  switch (outcome)
    {
    case GJ_IMPORT_ROW_NEW: return "new";
    case GJ_IMPORT_ROW_MATCH: return "match";
    case GJ_IMPORT_ROW_DUPLICATE: return "duplicate";
    case GJ_IMPORT_ROW_PROBLEM: return "problem";
    default: g_assert_not_reached ();
    }
}

/* The column a --map names: its header text as shown (compared as names
 * are, so spaces and full-width forms do not matter), else its letters. */
static gboolean
find_column (GjImport   *imp,
             const char *name,
             guint      *column)
{
  g_autofree char *key = gj_import_name_key (name);
  guint n = gj_import_get_n_columns (imp);

  for (guint c = 0; c < n; c++)
    {
      g_autofree char *label = gj_import_name_key (gj_import_get_column_label (imp, c));

      if (g_str_equal (label, key))
        return *column = c, TRUE;
    }
  for (guint c = 0; c < n; c++)
    {
      g_autofree char *letters = gj_sheet_column_letters (c);

      if (g_ascii_strcasecmp (letters, name) == 0)
        return *column = c, TRUE;
    }
  return FALSE;
}

static char *
list_columns (GjImport *imp)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (guint c = 0; c < gj_import_get_n_columns (imp); c++)
    {
      g_autofree char *letters = gj_sheet_column_letters (c);

      /* TRANSLATORS: separator between values of a list in one cell */
      g_string_append_printf (out, "%s%s “%s”", out->len ? _(", ") : "", letters,
                              gj_import_get_column_label (imp, c));
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* Applies the --map options in order. A field that the automatic mapping
 * gave to another column moves to the column named, as a person dragging
 * it in the assistant would expect; one that another --map gave is a
 * conflict, which set_column_target() reports. */
static gboolean
apply_maps (GjCli     *cli,
            GjImport  *imp,
            GError   **error)
{
  g_autofree gboolean *mapped = g_new0 (gboolean, gj_import_get_n_columns (imp) + 1);

  for (guint i = 0; cli->maps != NULL && cli->maps[i] != NULL; i++)
    {
      const char *eq = strrchr (cli->maps[i], '=');
      g_autofree char *name = g_strndup (cli->maps[i], eq - cli->maps[i]);
      g_autofree char *field = g_strstrip (g_strdup (eq + 1));
      const char *target = g_str_equal (field, "-") ? NULL : field;
      guint column;

      if (!find_column (imp, g_strstrip (name), &column))
        {
          g_autofree char *columns = list_columns (imp);

          g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID,
                       _("--map: the sheet has no column “%s”; its columns are %s"), name,
                       columns);
          return FALSE;
        }
      for (guint c = 0; target != NULL && c < gj_import_get_n_columns (imp); c++)
        if (c != column && !mapped[c] &&
            g_strcmp0 (gj_import_get_column_target (imp, c), target) == 0 &&
            !gj_import_set_column_target (imp, c, NULL, error))
          return FALSE;
      if (!gj_import_set_column_target (imp, column, target, error))
        {
          if (g_error_matches (*error, GJ_DATA_ERROR, GJ_DATA_ERROR_UNKNOWN_FIELD))
            {
              g_autoptr(GError) unknown = g_steal_pointer (error);
              g_autofree char *targets = g_strjoinv (" ", (char **) gj_import_get_targets (imp));

              g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_UNKNOWN_FIELD,
                           _("--map: %s; the fields are: %s"), unknown->message, targets);
            }
          return FALSE;
        }
      mapped[column] = TRUE;
    }
  return TRUE;
}

/* Checks the options' form before any file is opened: bad ones are usage
 * errors (status 2). */
static gboolean
check_import_options (GjCli            *cli,
                      GjImportOnMatch  *on_match,
                      GError          **error)
{
  for (guint i = 0; cli->maps != NULL && cli->maps[i] != NULL; i++)
    {
      const char *eq = strrchr (cli->maps[i], '=');
      gsize len = eq ? (gsize) (eq - cli->maps[i]) : 0;
      g_autofree char *column = eq ? g_strstrip (g_strndup (cli->maps[i], len)) : NULL;
      g_autofree char *field = eq ? g_strstrip (g_strdup (eq + 1)) : NULL;

      if (eq == NULL || column[0] == '\0' || field[0] == '\0')
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("--map takes COLUMN=FIELD (the column's header or letter, and a "
                         "field name or - to skip it), not “%s”"), cli->maps[i]);
          return FALSE;
        }
    }
  if (cli->on_match == NULL)
    return TRUE;
  for (guint i = 0; on_match_names[i] != NULL; i++)
    if (g_str_equal (cli->on_match, on_match_names[i]))
      return *on_match = (GjImportOnMatch) i, TRUE;
  g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
               _("--on-match takes skip, fill or overwrite, not “%s”"), cli->on_match);
  return FALSE;
}

static GjSheet *
read_sheet (GjCli       *cli,
            GjWorkbook  *book,
            const char  *file_name,
            GError     **error)
{
  guint n = gj_workbook_get_n_sheets (book);
  guint index = 0;

  if (cli->sheet != NULL)
    {
      g_autoptr(GString) names = g_string_new (NULL);

      for (index = 0; index < n; index++)
        if (g_str_equal (gj_workbook_get_sheet_name (book, index), cli->sheet))
          break;
      if (index == n)
        {
          for (guint i = 0; i < n; i++)
            g_string_append_printf (names, "%s“%s”", names->len ? _(", ") : "",
                                    gj_workbook_get_sheet_name (book, i));
          g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID,
                       _("“%s” has no sheet “%s”; its sheets are %s"), file_name, cli->sheet,
                       names->str);
          return NULL;
        }
    }
  else if (n == 0)
    {
      g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID,
                   _("“%s” has no sheets"), file_name);
      return NULL;
    }
  return gj_workbook_read_sheet (book, index, NULL, NULL, NULL, error);
}

/* "24 new, 3 updated, 2 unchanged, 1 duplicate in the file, 2 rows with
 * problems": of a preview, or of a batch in the log. */
static char *
summary_line (guint n_new,
              guint n_updated,
              guint n_unchanged,
              guint n_duplicate,
              guint n_problem)
{
  g_autofree char *news = g_strdup_printf (_("%u new"), n_new);
  g_autofree char *updated = g_strdup_printf (_("%u updated"), n_updated);
  g_autofree char *unchanged = g_strdup_printf (_("%u unchanged"), n_unchanged);
  g_autofree char *duplicates = g_strdup_printf (ngettext ("%u duplicate in the file",
                                                           "%u duplicates in the file",
                                                           n_duplicate), n_duplicate);
  g_autofree char *problems = g_strdup_printf (ngettext ("%u row with problems",
                                                         "%u rows with problems", n_problem),
                                               n_problem);

  return g_strjoin (_(", "), news, updated, unchanged, duplicates, problems, NULL);
}

static void
print_preview (GjImport *imp)
{
  GjSheet *sheet = gj_import_get_sheet (imp);
  guint first = gj_import_get_data_first (imp), last = gj_import_get_data_last (imp);

  if (gj_import_get_n_rows (imp) == 0)
    g_print (_("Sheet “%s”: header on row %u, and no data rows under it.\n"),
             gj_sheet_get_name (sheet), gj_import_get_header_last (imp) + 1);
  else
    g_print (_("Sheet “%s”: header on row %u, data on rows %u to %u.\n"),
             gj_sheet_get_name (sheet), gj_import_get_header_last (imp) + 1, first + 1,
             last + 1);
  if (gj_import_get_mapping_remembered (imp))
    g_print ("%s\n", _("Columns mapped as in the last import of this layout:"));
  for (guint c = 0; c < gj_import_get_n_columns (imp); c++)
    {
      const char *target = gj_import_get_column_target (imp, c);
      g_autofree char *letters = gj_sheet_column_letters (c);
      g_autofree char *label = target ? gj_import_target_label (imp, target) : NULL;

      g_print ("  %-3s ", letters);
      gj_cli_print_padded (gj_import_get_column_label (imp, c), 24);
      if (target != NULL)
        g_print (" → %s (%s)\n", label, target);
      else
        g_print (" → %s\n", _("skipped"));
    }
  for (guint i = 0; i < gj_import_get_n_rows (imp); i++)
    {
      const GjImportRow *row = gj_import_get_row (imp, i);

      for (guint p = 0; row->problems != NULL && p < row->problems->len; p++)
        {
          const GjImportProblem *problem = g_ptr_array_index (row->problems, p);

          g_print (_("Row %u: %s\n"), row->sheet_row, problem->message);
        }
      if (row->outcome == GJ_IMPORT_ROW_DUPLICATE)
        g_print (_("Row %u: the same as row %u; taken once\n"), row->sheet_row,
                 row->duplicate_of);
      for (guint n = 0; row->notes != NULL && n < row->notes->len; n++)
        g_print (_("Row %u, note: %s\n"), row->sheet_row,
                 (const char *) g_ptr_array_index (row->notes, n));
    }
}

static void
add_count (JsonBuilder *b,
           const char  *name,
           guint        n)
{
  json_builder_set_member_name (b, name);
  json_builder_add_int_value (b, n);
}

static void
print_import_json (GjCli                *cli,
                   GjImport             *imp,
                   const GjImportCounts *counts,
                   const char           *batch_id)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_object (b);
  gj_cli_add_string_member (b, "kind", gj_import_get_kind (imp)->name);
  gj_cli_add_string_member (b, "sheet", gj_sheet_get_name (gj_import_get_sheet (imp)));
  gj_cli_add_string_member (b, "on_match", on_match_names[gj_import_get_on_match (imp)]);
  json_builder_set_member_name (b, "dry_run");
  json_builder_add_boolean_value (b, cli->dry_run);
  add_count (b, "header_row", gj_import_get_header_last (imp) + 1);
  json_builder_set_member_name (b, "mapping_remembered");
  json_builder_add_boolean_value (b, gj_import_get_mapping_remembered (imp));
  gj_cli_add_string_member (b, "batch", batch_id);
  json_builder_set_member_name (b, "counts");
  json_builder_begin_object (b);
  add_count (b, "rows", counts->n_rows);
  add_count (b, "new", counts->n_new);
  add_count (b, "matched", counts->n_match);
  add_count (b, "updated", counts->n_update);
  add_count (b, "unchanged", counts->n_match - counts->n_update);
  add_count (b, "duplicates", counts->n_duplicate);
  add_count (b, "problems", counts->n_problem);
  json_builder_end_object (b);
  json_builder_set_member_name (b, "columns");
  json_builder_begin_array (b);
  for (guint c = 0; c < gj_import_get_n_columns (imp); c++)
    {
      g_autofree char *letters = gj_sheet_column_letters (c);

      json_builder_begin_object (b);
      gj_cli_add_string_member (b, "column", letters);
      gj_cli_add_string_member (b, "header", gj_import_get_column_label (imp, c));
      gj_cli_add_string_member (b, "field", gj_import_get_column_target (imp, c));
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_set_member_name (b, "rows");
  json_builder_begin_array (b);
  for (guint i = 0; i < gj_import_get_n_rows (imp); i++)
    {
      const GjImportRow *row = gj_import_get_row (imp, i);

      json_builder_begin_object (b);
      add_count (b, "row", row->sheet_row);
      gj_cli_add_string_member (b, "outcome", outcome_name (row->outcome));
      if (row->outcome == GJ_IMPORT_ROW_MATCH)
        {
          gj_cli_add_string_member (b, "match_id", row->match_id);
          gj_cli_add_string_member (b, "match_title", row->match_title);
          add_count (b, "changes", row->n_changes);
        }
      if (row->outcome == GJ_IMPORT_ROW_DUPLICATE)
        add_count (b, "duplicate_of", row->duplicate_of);
      json_builder_set_member_name (b, "problems");
      json_builder_begin_array (b);
      for (guint p = 0; row->problems != NULL && p < row->problems->len; p++)
        {
          const GjImportProblem *problem = g_ptr_array_index (row->problems, p);

          json_builder_begin_object (b);
          gj_cli_add_string_member (b, "field", problem->field);
          gj_cli_add_string_member (b, "message", problem->message);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      json_builder_set_member_name (b, "notes");
      json_builder_begin_array (b);
      for (guint n = 0; row->notes != NULL && n < row->notes->len; n++)
        gj_cli_add_string (b, g_ptr_array_index (row->notes, n));
      json_builder_end_array (b);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  gj_cli_print_json (b);
}

int
gj_cli_import (GjCli *cli)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GjWorkbook) book = NULL;
  g_autoptr(GjSheet) sheet = NULL;
  g_autoptr(GjImport) imp = NULL;
  g_autofree char *kind_name = NULL;
  g_autofree char *base = NULL;
  g_autofree char *shown = NULL;
  g_autofree char *batch_id = NULL;
  g_autofree char *summary = NULL;
  GjImportOnMatch on_match = GJ_IMPORT_ON_MATCH_SKIP;
  GjImportCounts counts;
  const GjKind *kind;

  if (cli->argc != 2)
    return gj_cli_usage_error (_("import needs a KIND and a FILE"));
  if (!check_import_options (cli, &on_match, &error))
    return gj_cli_usage_error (error->message);
  /* The file name may be any bytes; the kind is compared and shown. */
  kind_name = g_utf8_make_valid (cli->argv[0], -1);
  if (!(kind = gj_cli_kind_arg (kind_name, &error)))
    return gj_cli_fail (error);
  if (!g_strv_contains (gj_import_kinds (), kind->name))
    {
      g_autofree char *kinds = g_strjoinv (" ", (char **) gj_import_kinds ());

      g_autofree char *message = g_strdup_printf (_("%s cannot be imported; KIND is one of: %s"),
                                                  _(kind->label_plural), kinds);

      gj_cli_complain (message);
      return 1;
    }

  base = g_path_get_basename (cli->argv[1]);
  shown = g_filename_display_name (base);
  if (!(book = gj_workbook_open (cli->argv[1], &error)) ||
      !(sheet = read_sheet (cli, book, shown, &error)) ||
      !(imp = gj_import_new (cli->store, kind, sheet, &error)) ||
      !apply_maps (cli, imp, &error))
    return gj_cli_fail (error);
  if (cli->on_match != NULL)
    gj_import_set_on_match (imp, on_match);
  if (!gj_import_prepare (imp, NULL, NULL, NULL, &error))
    return gj_cli_fail (error);
  gj_import_get_counts (imp, &counts);

  /* A batch that would write nothing (a file imported again) is not
   * recorded: it would only crowd the log with batches nobody can undo. */
  if (!cli->dry_run && counts.n_new + counts.n_update + counts.n_items > 0 &&
      !gj_import_commit (imp, shown, &batch_id, &error))
    return gj_cli_fail (error);
  if (cli->json)
    {
      print_import_json (cli, imp, &counts, batch_id);
      return 0;
    }
  print_preview (imp);
  summary = summary_line (counts.n_new, counts.n_update, counts.n_match - counts.n_update,
                          counts.n_duplicate, counts.n_problem);
  g_print ("%s\n", summary);
  if (cli->dry_run)
    g_print ("%s\n", _("Dry run: nothing was written."));
  else if (batch_id == NULL)
    g_print ("%s\n", _("Nothing to write: every row is in the database already or has "
                       "problems."));
  else
    g_print (_("Imported as batch %s; “gongjian-cli undo-import %s” undoes it.\n"), batch_id,
             batch_id);
  return 0;
}

static char *
format_time (gint64 unix_time)
{
  g_autoptr(GDateTime) dt = g_date_time_new_from_unix_local (unix_time);

  /* TRANSLATORS: a date and time in lists; zh_CN uses 2026年11月24日 17:05 */
  return dt ? g_date_time_format (dt, _("%Y-%m-%d %H:%M")) : g_strdup ("?");
}

int
gj_cli_imports (GjCli *cli)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) batches = NULL;
  g_autoptr(JsonBuilder) b = cli->json ? json_builder_new () : NULL;

  if (cli->argc != 0)
    return gj_cli_usage_error (_("imports takes no arguments"));
  if (!(batches = gj_import_log_list (cli->store, &error)))
    return gj_cli_fail (error);
  if (b != NULL)
    json_builder_begin_array (b);
  for (guint i = 0; i < batches->len; i++)
    {
      const GjImportBatch *batch = g_ptr_array_index (batches, i);
      const GjKind *kind = gj_schema_lookup (batch->kind);
      g_autofree char *when = format_time (batch->created);
      g_autofree char *undone = batch->undone ? format_time (batch->undone) : NULL;

      if (b == NULL)
        {
          g_autofree char *summary = summary_line (batch->n_new, batch->n_updated,
                                                   batch->n_skipped, batch->n_duplicate,
                                                   batch->n_problem);

          g_print ("%s  %s  %s  “%s” (%s)\n    %s", batch->id, when,
                   kind ? _(kind->label_plural) : batch->kind, batch->file_name, batch->sheet,
                   summary);
          /* TRANSLATORS: after the counts of an import batch */
          if (undone != NULL)
            g_print (_("; undone %s"), undone);
          g_print ("\n");
          continue;
        }
      json_builder_begin_object (b);
      gj_cli_add_string_member (b, "id", batch->id);
      gj_cli_add_string_member (b, "kind", batch->kind);
      gj_cli_add_string_member (b, "file", batch->file_name);
      gj_cli_add_string_member (b, "sheet", batch->sheet);
      json_builder_set_member_name (b, "created");
      json_builder_add_int_value (b, batch->created);
      json_builder_set_member_name (b, "undone");
      if (batch->undone)
        json_builder_add_int_value (b, batch->undone);
      else
        json_builder_add_null_value (b);
      add_count (b, "new", batch->n_new);
      add_count (b, "updated", batch->n_updated);
      add_count (b, "skipped", batch->n_skipped);
      add_count (b, "duplicates", batch->n_duplicate);
      add_count (b, "problems", batch->n_problem);
      json_builder_end_object (b);
    }
  if (b != NULL)
    {
      json_builder_end_array (b);
      gj_cli_print_json (b);
    }
  else if (batches->len == 0)
    g_print ("%s\n", _("No imports yet; “gongjian-cli import KIND FILE” makes one."));
  return 0;
}

int
gj_cli_undo_import (GjCli *cli)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GjImportBatch) batch = NULL;
  g_autoptr(GPtrArray) kept = NULL;
  guint n_undone = 0;

  if (cli->argc != 1)
    return gj_cli_usage_error (_("undo-import needs the ID of a batch "
                                 "(see “gongjian-cli imports”)"));
  if (!(batch = gj_import_log_get (cli->store, cli->argv[0], &error)) ||
      !gj_import_undo (cli->store, batch->id, &kept, &n_undone, &error))
    return gj_cli_fail (error);
  g_print (ngettext ("Undid the import of “%s”: %u record removed or put back as it was.\n",
                     "Undid the import of “%s”: %u records removed or put back as they were.\n",
                     n_undone),
           batch->file_name, n_undone);
  for (guint i = 0; kept != NULL && i < kept->len; i++)
    g_print ("  %s\n", (const char *) g_ptr_array_index (kept, i));
  return 0;
}
