/* gj-cli.c: the command table, the options, the dispatch and the output
 * every command shares
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gongjian-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "gj-cli-private.h"
#include "gj-data-error.h"
#include "gj-validate.h"

/* The one list of commands: the help prints it and the dispatch runs it. */
static const GjCliCommand commands[] = {
  { "init", "--street NAME [--district NAME] [--station NAME]", gj_cli_init,
    GJ_CLI_OPENS_DB | GJ_CLI_WRITES | GJ_CLI_TEXT_ONLY },
  { "demo", "[--seed N]", gj_cli_demo, GJ_CLI_OPENS_DB | GJ_CLI_WRITES | GJ_CLI_TEXT_ONLY },
  { "list", "KIND [--json] [--filter FIELD=VALUE]… [--search TEXT] [--limit N] [--all] [--reveal]",
    gj_cli_list, GJ_CLI_OPENS_DB | GJ_CLI_KIND_FIRST },
  { "show", "KIND ID [--json] [--reveal]", gj_cli_show,
    GJ_CLI_OPENS_DB | GJ_CLI_KIND_FIRST | GJ_CLI_KIND_ID },
  { "add", "KIND FIELD=VALUE…", gj_cli_add,
    GJ_CLI_OPENS_DB | GJ_CLI_WRITES | GJ_CLI_TEXT_ONLY | GJ_CLI_KIND_FIRST | GJ_CLI_ASSIGNS },
  { "set", "KIND ID FIELD=VALUE… [--reopen]", gj_cli_set,
    GJ_CLI_OPENS_DB | GJ_CLI_WRITES | GJ_CLI_TEXT_ONLY | GJ_CLI_KIND_FIRST | GJ_CLI_KIND_ID |
    GJ_CLI_ASSIGNS },
  { "delete", "KIND ID", gj_cli_delete,
    GJ_CLI_OPENS_DB | GJ_CLI_WRITES | GJ_CLI_TEXT_ONLY | GJ_CLI_KIND_FIRST | GJ_CLI_KIND_ID },
  { "undelete", "KIND ID", gj_cli_undelete,
    GJ_CLI_OPENS_DB | GJ_CLI_WRITES | GJ_CLI_TEXT_ONLY | GJ_CLI_KIND_FIRST | GJ_CLI_KIND_ID },
  { "deleted", "[--json] [--limit N]", gj_cli_deleted, GJ_CLI_OPENS_DB },
  { "history", "KIND ID [--json] [--limit N] [--reveal]", gj_cli_history,
    GJ_CLI_OPENS_DB | GJ_CLI_KIND_FIRST | GJ_CLI_KIND_ID },
  { "search", "TEXT [--json] [--limit N] [--reveal]", gj_cli_search,
    GJ_CLI_OPENS_DB | GJ_CLI_SEARCH_TEXT },
  { "stats", "[--json] [--year YYYY]", gj_cli_stats, GJ_CLI_OPENS_DB },
  { "due", "[--json]", gj_cli_due, GJ_CLI_OPENS_DB },
  { "changes", "[--since VERSION] [--limit N] [--json] [--reveal]", gj_cli_changes,
    GJ_CLI_OPENS_DB },
  { "kinds", NULL, gj_cli_kinds, GJ_CLI_TEXT_ONLY },
  { "fields", "KIND", gj_cli_fields, GJ_CLI_OPENS_DB | GJ_CLI_TEXT_ONLY | GJ_CLI_KIND_FIRST },
  { "enroll", "https://HOST:PORT TOKEN", gj_cli_enroll,
    GJ_CLI_OPENS_DB | GJ_CLI_WRITES | GJ_CLI_TEXT_ONLY },
  { "sync", "[--server | --peer ID] [--fetch-limit MB]", gj_cli_sync,
    GJ_CLI_OPENS_DB | GJ_CLI_WRITES | GJ_CLI_TEXT_ONLY },
  { "serve", "--listen ADDR:PORT", gj_cli_serve,
    GJ_CLI_OPENS_DB | GJ_CLI_WRITES | GJ_CLI_TEXT_ONLY | GJ_CLI_LISTENS },
  { "pair", "https://HOST:PORT [--listen PORT]", gj_cli_pair, GJ_CLI_OPENS_DB | GJ_CLI_TEXT_ONLY },
  { "accept", "CODE", gj_cli_accept, GJ_CLI_OPENS_DB | GJ_CLI_WRITES | GJ_CLI_TEXT_ONLY },
  { "peers", "[--json]", gj_cli_peers, GJ_CLI_OPENS_DB },
  { "unpair", "ID", gj_cli_unpair, GJ_CLI_OPENS_DB | GJ_CLI_TEXT_ONLY },
  { "conflicts", "[--json] [--all] [--reveal]", gj_cli_conflicts, GJ_CLI_OPENS_DB },
  { "problems", "[--json]", gj_cli_problems, GJ_CLI_OPENS_DB },
  { "resolve", "CONFLICT [--keep-other]", gj_cli_resolve,
    GJ_CLI_OPENS_DB | GJ_CLI_WRITES | GJ_CLI_TEXT_ONLY },
  /* The file may be any bytes; the importer checks the KIND itself. */
  { "import", "KIND FILE [--sheet NAME] [--map COLUMN=FIELD]… [--on-match skip|fill|overwrite] "
    "[--dry-run] [--json]", gj_cli_import,
    GJ_CLI_OPENS_DB | GJ_CLI_WRITES | GJ_CLI_KIND_FIRST | GJ_CLI_PATHS },
  { "imports", "[--json]", gj_cli_imports, GJ_CLI_OPENS_DB },
  { "export", "KIND -o FILE.xlsx [--filter FIELD=VALUE]… [--search TEXT] [--all] [--reveal]",
    gj_cli_export, GJ_CLI_OPENS_DB | GJ_CLI_TEXT_ONLY | GJ_CLI_KIND_FIRST },
  { "undo-import", "ID", gj_cli_undo_import, GJ_CLI_OPENS_DB | GJ_CLI_WRITES | GJ_CLI_TEXT_ONLY },
  { "report", "indicators [--period 2026Q4|2026] -o FILE.pdf|FILE.xlsx\n"
    "         | agreement|evaluation|project ID -o FILE.pdf\n"
    "         | volunteer-certificate|time-bank ID [--from DATE] [--to DATE] -o FILE.pdf",
    gj_cli_report, GJ_CLI_OPENS_DB | GJ_CLI_TEXT_ONLY },
  /* The FILE may be any bytes; the command checks KIND and ID itself. */
  { "attach", "KIND ID FILE [--name NAME] [--keep-location]", gj_cli_attach,
    GJ_CLI_OPENS_DB | GJ_CLI_WRITES | GJ_CLI_TEXT_ONLY | GJ_CLI_KIND_FIRST | GJ_CLI_PATHS },
  { "attachments", "KIND ID [--json]", gj_cli_attachments,
    GJ_CLI_OPENS_DB | GJ_CLI_KIND_FIRST | GJ_CLI_KIND_ID },
  { "get-attachment", "ID -o FILE", gj_cli_get_attachment, GJ_CLI_OPENS_DB | GJ_CLI_TEXT_ONLY },
  { "detach", "ID", gj_cli_detach, GJ_CLI_OPENS_DB | GJ_CLI_WRITES | GJ_CLI_TEXT_ONLY },
  { "backup", NULL, gj_cli_backup, GJ_CLI_OPENS_DB | GJ_CLI_TEXT_ONLY | GJ_CLI_PATHS },
  /* A damaged file may not open at all, and restore replaces it: these two
   * are given the path only. */
  { "backups", NULL, gj_cli_backups, GJ_CLI_TEXT_ONLY },
  { "restore", "DATE|FILE", gj_cli_restore, GJ_CLI_TEXT_ONLY | GJ_CLI_PATHS },
};

/* The option strings GOption filled in; store and filters belong to gj_cli_run(). */
static void
cli_clear (GjCli *cli)
{
  g_clear_pointer (&cli->search, g_free);
  g_clear_pointer (&cli->limit, g_free);
  g_clear_pointer (&cli->since, g_free);
  g_clear_pointer (&cli->seed, g_free);
  g_clear_pointer (&cli->street, g_free);
  g_clear_pointer (&cli->district, g_free);
  g_clear_pointer (&cli->station, g_free);
  g_clear_pointer (&cli->year, g_free);
  g_clear_pointer (&cli->peer, g_free);
  g_clear_pointer (&cli->listen, g_free);
  g_clear_pointer (&cli->sheet, g_free);
  g_clear_pointer (&cli->maps, g_strfreev);
  g_clear_pointer (&cli->on_match, g_free);
  g_clear_pointer (&cli->output, g_free);
  g_clear_pointer (&cli->period, g_free);
  g_clear_pointer (&cli->from, g_free);
  g_clear_pointer (&cli->to, g_free);
  g_clear_pointer (&cli->fetch_limit, g_free);
  g_clear_pointer (&cli->name, g_free);
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (GjCli, cli_clear)

/* Set once the options are read: under --json, stdout carries JSON only and
 * every complaint stays one line on stderr, so scripts can parse both. */
static gboolean json_mode;

/* Error texts from TLS and HTTP libraries may span lines; the contract of
 * this program is one line per complaint. */
void
gj_cli_complain (const char *message)
{
  g_autofree char *line = g_strdup (message);

  g_strdelimit (line, "\r\n", ' ');
  g_printerr ("gongjian-cli: %s\n", g_strstrip (line));
}

int
gj_cli_fail (GError *error)
{
  gj_cli_complain (error->message);
  return 1;
}

int
gj_cli_usage_error (const char *message)
{
  gj_cli_complain (message);
  if (!json_mode)
    g_printerr (_("Run “gongjian-cli help” for the list of commands.\n"));
  return 2;
}

static void
print_help (void)
{
  g_print ("%s\n", _("Usage: gongjian-cli [--db PATH] COMMAND [ARGUMENTS]"));
  g_print ("\n%s\n", _("Commands:"));
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    g_print ("  %s%s%s\n", commands[i].name, commands[i].synopsis ? " " : "",
             commands[i].synopsis ? commands[i].synopsis : "");
  g_print ("\n%s\n", _("KIND is one of:"));
  for (guint i = 0; i < gj_schema_n_kinds (); i++)
    g_print ("  %-20s %s\n", gj_schema_kind (i)->name, _(gj_schema_kind (i)->label));
  g_print ("\n%s\n", _("Enumerations accept their English keys and their Chinese names."));
  g_print ("%s\n", _("An ID may be shortened to any part of its start that names one record, "
                      "as lists print it. Resident ID numbers and phone numbers are masked "
                      "unless --reveal is given."));
}

static const GjCliCommand *
lookup_command (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (commands); i++)
    if (g_str_equal (commands[i].name, name))
      return &commands[i];
  return NULL;
}

const GjKind *
gj_cli_kind_arg (const char  *name,
                 GError     **error)
{
  const GjKind *kind = gj_schema_lookup (name);

  if (kind == NULL)
    g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_UNKNOWN_KIND,
                 _("“%s” is not a record kind; run “gongjian-cli kinds” for the list"), name);
  return kind;
}

/* Stored text may predate validation or arrive from an older peer; JSON
 * must be UTF-8, so damaged bytes become U+FFFD instead of breaking the
 * whole document. */
void
gj_cli_add_string (JsonBuilder *b,
                   const char  *text)
{
  if (text == NULL)
    json_builder_add_null_value (b);
  else if (g_utf8_validate (text, -1, NULL))
    json_builder_add_string_value (b, text);
  else
    {
      g_autofree char *valid = g_utf8_make_valid (text, -1);
      json_builder_add_string_value (b, valid);
    }
}

void
gj_cli_add_string_member (JsonBuilder *b,
                          const char  *name,
                          const char  *text)
{
  json_builder_set_member_name (b, name);
  gj_cli_add_string (b, text);
}

/* JSON has no infinity or NaN; the generator would print them as bare
 * words that no parser accepts. */
void
gj_cli_add_double (JsonBuilder *b,
                   double       d)
{
  if (isfinite (d))
    json_builder_add_double_value (b, d);
  else
    json_builder_add_null_value (b);
}

gboolean
gj_cli_field_is_sensitive (const GjField *field)
{
  return field != NULL && ((field->flags & GJ_FIELD_FLAG_SENSITIVE) ||
                           field->type == GJ_FIELD_RESIDENT_ID || field->type == GJ_FIELD_MOBILE);
}

/* JSON output: stored values, except money in yuan; sensitive ones masked
 * unless @mask is FALSE. */
void
gj_cli_add_value_member (JsonBuilder   *b,
                         const GjField *field,
                         const GjValue *v,
                         gboolean       mask)
{
  switch (v->type)
    {
    case GJ_VALUE_NULL:
      json_builder_add_null_value (b);
      break;
    case GJ_VALUE_INT:
      if (field && field->type == GJ_FIELD_MONEY)
        gj_cli_add_double (b, (double) v->i / 100.0);
      else if (field && field->type == GJ_FIELD_BOOL)
        json_builder_add_boolean_value (b, v->i != 0);
      else
        json_builder_add_int_value (b, v->i);
      break;
    case GJ_VALUE_REAL:
      gj_cli_add_double (b, v->r);
      break;
    case GJ_VALUE_TEXT:
      if (mask && gj_cli_field_is_sensitive (field))
        {
          g_autofree char *masked = gj_mask_sensitive (v->s);
          gj_cli_add_string (b, masked);
        }
      else
        gj_cli_add_string (b, v->s);
      break;
    default:
      g_assert_not_reached ();
    }
}

static void
add_record_object (JsonBuilder    *b,
                   const GjRecord *rec,
                   gboolean        mask)
{
  const GjKind *kind = rec->kind;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "kind");
  json_builder_add_string_value (b, kind->name);
  gj_cli_add_string_member (b, "id", rec->id);
  for (guint f = 0; f < kind->n_fields; f++)
    {
      json_builder_set_member_name (b, kind->fields[f].name);
      gj_cli_add_value_member (b, &kind->fields[f], &rec->values[f], mask);
    }
  json_builder_end_object (b);
}

void
gj_cli_print_json (JsonBuilder *b)
{
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (b);
  g_autofree char *text = NULL;
  gsize len = 0;

  json_generator_set_pretty (gen, TRUE);
  json_generator_set_root (gen, root);
  text = json_generator_to_data (gen, &len);
  /* Not g_print: it converts to the locale's charset, and JSON is UTF-8
   * whatever the terminal speaks. */
  fwrite (text, 1, len, stdout);
  fputc ('\n', stdout);
}

void
gj_cli_print_records_json (GPtrArray *records,
                           gboolean   mask)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_array (b);
  for (guint i = 0; i < records->len; i++)
    add_record_object (b, g_ptr_array_index (records, i), mask);
  json_builder_end_array (b);
  gj_cli_print_json (b);
}

/* The title of a referenced record, for people reading a table. */
static char *
ref_title (GjCli         *cli,
           const GjField *field,
           const char    *id)
{
  const GjKind *target = field->ref_kind ? gj_schema_lookup (field->ref_kind) : NULL;
  g_autoptr(GjRecord) rec = NULL;

  if (target == NULL)
    return g_strdup (id);
  rec = gj_store_get (cli->store, target, id, NULL);
  if (rec == NULL)
    return g_strdup_printf (_("%s (not yet synced)"), id);
  if (target->fields[target->title_field].type == GJ_FIELD_REF)
    return ref_title (cli, &target->fields[target->title_field], gj_record_get_title (rec));
  return g_strdup (gj_record_get_title (rec));
}

char *
gj_cli_cell_text (GjCli          *cli,
                  const GjRecord *rec,
                  guint           f,
                  gboolean        mask)
{
  const GjField *field = &rec->kind->fields[f];
  const GjValue *v = &rec->values[f];

  if (field->type == GJ_FIELD_REF && v->type == GJ_VALUE_TEXT)
    return ref_title (cli, field, v->s);
  return gj_record_format (rec, field->name, mask);
}

/* The shortest prefix of @id, at least @min_len characters long, that
 * gj_store_resolve_id() takes back to @id and to nothing else. UUIDv7 puts
 * the creation time first, so records made in the same minute share eight
 * characters and those of the same millisecond share thirteen or more; a
 * fixed-width cut would print the same id for different records. Asking
 * the store itself keeps "what is printed resolves" true by construction,
 * deleted rows included. */
guint
gj_cli_unique_prefix_len (GjCli        *cli,
                          const GjKind *kind,
                          const char   *id,
                          guint         min_len)
{
  guint len = strlen (id);

  for (guint n = MAX (min_len, 8); n < len; n++)
    {
      g_autofree char *prefix = g_strndup (id, n);
      g_autofree char *found = NULL;

      if (id[n - 1] == '-')
        continue;
      found = gj_store_resolve_id (cli->store, kind, prefix, NULL);
      if (found != NULL && g_str_equal (found, id))
        return n;
    }
  return len;
}

static guint
common_prefix_len (const char *a,
                   const char *b)
{
  guint n = 0;

  while (a[n] != '\0' && a[n] == b[n])
    n++;
  return n;
}

static int
compare_ids (gconstpointer a,
             gconstpointer b)
{
  const GjRecord *ra = *(const GjRecord *const *) a;
  const GjRecord *rb = *(const GjRecord *const *) b;

  return strcmp (ra->id, rb->id);
}

static int
compare_records (gconstpointer a,
                 gconstpointer b)
{
  const GjRecord *ra = *(const GjRecord *const *) a;
  const GjRecord *rb = *(const GjRecord *const *) b;

  return ra->kind != rb->kind ? strcmp (ra->kind->name, rb->kind->name) : strcmp (ra->id, rb->id);
}

/* One width of short id for a whole listing, so that the column lines up:
 * the longest of the records' shortest unique prefixes. Neighbours of the
 * same kind in the sorted listing give a lower bound for free; rows not
 * listed (filtered out, deleted) can still collide, so the store is asked
 * once a record, starting from the width found so far. */
guint
gj_cli_short_id_width (GjCli     *cli,
                       GPtrArray *records)
{
  g_autoptr(GPtrArray) sorted = g_ptr_array_sized_new (records->len);
  guint width = 8;

  /* Borrowed pointers: a copy would take over the listing's free function. */
  for (guint i = 0; i < records->len; i++)
    g_ptr_array_add (sorted, g_ptr_array_index (records, i));
  g_ptr_array_sort (sorted, compare_records);
  for (guint i = 0; i < sorted->len; i++)
    {
      GjRecord *rec = g_ptr_array_index (sorted, i);
      guint lower = width;

      for (int d = -1; d <= 1; d += 2)
        {
          GjRecord *other;

          if ((d < 0 && i == 0) || (d > 0 && i + 1 >= sorted->len))
            continue;
          other = g_ptr_array_index (sorted, i + d);
          if (other->kind == rec->kind)
            lower = MAX (lower, common_prefix_len (rec->id, other->id) + 1);
        }
      width = MAX (width, gj_cli_unique_prefix_len (cli, rec->kind, rec->id, lower));
    }
  /* A listing of several kinds (search) must not print one short id twice
   * either: records of two kinds made in the same millisecond share their
   * time prefix. */
  g_ptr_array_sort (sorted, compare_ids);
  for (guint i = 0; i + 1 < sorted->len; i++)
    {
      const GjRecord *a = g_ptr_array_index (sorted, i), *b = g_ptr_array_index (sorted, i + 1);

      width = MAX (width, common_prefix_len (a->id, b->id) + 1);
    }
  return width;
}

/* Pads by display width so that Chinese text (two columns a character)
 * lines up in a terminal. */
void
gj_cli_print_padded (const char *text,
                     int         width)
{
  int w = 0;

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    w += g_unichar_iswide (g_utf8_get_char (p)) ? 2 : 1;
  g_print ("%s", text);
  for (; w < width; w++)
    g_print (" ");
}

int
gj_cli_run (int    argc,
            char **argv)
{
  g_autoptr(GOptionContext) ctx = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GjStore) store = NULL;
  g_autofree char *db = NULL;
  g_autoptr(GPtrArray) filters = g_ptr_array_new ();
  g_auto(GStrv) filter_specs = NULL;
  g_autoptr(GPtrArray) owned_args = g_ptr_array_new_with_free_func (g_free);
  /* Every early return (a refused option, an unknown command) frees the
   * options too. */
  g_auto(GjCli) cli = { 0, };
  const GjCliCommand *command;
  int rc;

  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db,
      N_("Database file (default: the app's own)"), N_("PATH") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &cli.json, N_("Print JSON"), NULL },
    { "filter", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &filter_specs,
      N_("Only records with FIELD=VALUE"), N_("FIELD=VALUE") },
    { "search", 0, 0, G_OPTION_ARG_FILENAME, &cli.search,
      N_("Only records matching TEXT"), N_("TEXT") },
    { "limit", 0, 0, G_OPTION_ARG_FILENAME, &cli.limit, N_("At most N records"), "N" },
    { "all", 0, 0, G_OPTION_ARG_NONE, &cli.all, N_("Include deleted records"), NULL },
    { "since", 0, 0, G_OPTION_ARG_FILENAME, &cli.since,
      N_("Changes after this local version"), N_("VERSION") },
    { "seed", 0, 0, G_OPTION_ARG_FILENAME, &cli.seed, N_("Seed of the demo data"), "N" },
    { "street", 0, 0, G_OPTION_ARG_FILENAME, &cli.street, N_("Name of the street"), N_("NAME") },
    { "district", 0, 0, G_OPTION_ARG_FILENAME, &cli.district,
      N_("Name of the district"), N_("NAME") },
    { "station", 0, 0, G_OPTION_ARG_FILENAME, &cli.station,
      N_("Name of the social-work station"), N_("NAME") },
    { "year", 0, 0, G_OPTION_ARG_FILENAME, &cli.year,
      N_("Year counted for new organizations"), N_("YYYY") },
    { "reopen", 0, 0, G_OPTION_ARG_NONE, &cli.reopen,
      N_("Allow moving a closed record back"), NULL },
    { "keep-other", 0, 0, G_OPTION_ARG_NONE, &cli.keep_other,
      N_("Resolve a conflict by keeping the value that lost"), NULL },
    { "peer", 0, 0, G_OPTION_ARG_FILENAME, &cli.peer,
      N_("Sync only with this paired laptop (id or address)"), N_("ID") },
    { "server", 0, 0, G_OPTION_ARG_NONE, &cli.server_only,
      N_("Sync only with the district server"), NULL },
    { "fetch-limit", 0, 0, G_OPTION_ARG_FILENAME, &cli.fetch_limit,
      N_("Attached files up to this size come with every sync (kept for the next ones)"),
      N_("MB") },
    { "listen", 0, 0, G_OPTION_ARG_FILENAME, &cli.listen,
      N_("Address and port to listen on"), N_("ADDR:PORT") },
    { "reveal", 0, 0, G_OPTION_ARG_NONE, &cli.reveal,
      N_("Show resident ID numbers and phone numbers in full"), NULL },
    { "sheet", 0, 0, G_OPTION_ARG_FILENAME, &cli.sheet,
      N_("Import this sheet of the workbook (default: the first)"), N_("NAME") },
    { "map", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &cli.maps,
      N_("Import this column (header or letter) as FIELD, or skip it with -"),
      N_("COLUMN=FIELD") },
    { "on-match", 0, 0, G_OPTION_ARG_FILENAME, &cli.on_match,
      N_("What to do with a row that matches a record: skip, fill or overwrite"), N_("ACTION") },
    { "dry-run", 0, 0, G_OPTION_ARG_NONE, &cli.dry_run,
      N_("Show what an import would do and write nothing"), NULL },
    { "output", 'o', 0, G_OPTION_ARG_FILENAME, &cli.output,
      N_("Write the export or report to FILE"), N_("FILE") },
    { "period", 0, 0, G_OPTION_ARG_FILENAME, &cli.period,
      N_("Quarter or year a report covers: 2026Q4 or 2026"), N_("PERIOD") },
    { "from", 0, 0, G_OPTION_ARG_FILENAME, &cli.from,
      N_("First day a report covers"), N_("DATE") },
    { "to", 0, 0, G_OPTION_ARG_FILENAME, &cli.to, N_("Last day a report covers"), N_("DATE") },
    { "name", 0, 0, G_OPTION_ARG_FILENAME, &cli.name,
      N_("Name of the attachment (default: the file's name)"), N_("NAME") },
    { "keep-location", 0, 0, G_OPTION_ARG_NONE, &cli.keep_location,
      N_("Keep a photo's GPS position (it is erased by default)"), NULL },
    { NULL }
  };

  ctx = g_option_context_new (_("COMMAND [ARGUMENTS]"));
  g_option_context_set_translation_domain (ctx, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (ctx, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (ctx, _("Gongjian records from the command line. "
                                       "Run “gongjian-cli help” for the commands."));
  /* Text options are read as raw bytes (FILENAME) and judged by
   * gj_cli_check_door(), which names the option; GOption's own conversion would
   * refuse Chinese under LC_ALL=C and say only "Invalid byte sequence". */
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    return gj_cli_usage_error (error->message);
  json_mode = cli.json;

  if (argc < 2 || g_str_equal (argv[1], "help"))
    {
      print_help ();
      return argc < 2 ? 2 : 0;
    }
  command = lookup_command (argv[1]);
  if (command == NULL)
    {
      g_autofree char *shown = g_utf8_make_valid (argv[1], -1);
      g_autofree char *msg = g_strdup_printf (_("unknown command “%s”"), shown);
      return gj_cli_usage_error (msg);
    }
  if (!gj_cli_check_door (&cli, command, filter_specs, argc - 2, argv + 2, owned_args, &error))
    return error->domain == G_OPTION_ERROR ? gj_cli_usage_error (error->message)
                                           : gj_cli_fail (error);

  if (db == NULL)
    db = g_strdup (g_getenv ("GONGJIAN_DB"));
  if (db == NULL)
    db = gj_store_default_path ();
  cli.db = db;
  cli.argc = argc - 2;
  cli.argv = argv + 2;
  if (!(command->flags & GJ_CLI_OPENS_DB))
    return command->run (&cli);

  store = gj_store_open (db, &error);
  if (store == NULL)
    return gj_cli_fail (error);
  for (guint i = 0; filter_specs && filter_specs[i]; i++)
    g_ptr_array_add (filters, filter_specs[i]);
  cli.store = store;
  cli.filters = filters;

  if ((command->flags & GJ_CLI_WRITES) && !gj_cli_check_before_write (&cli))
    return 1;
  rc = command->run (&cli);
  if (command->flags & GJ_CLI_WRITES)
    gj_cli_backup_after_write (&cli, rc);
  return rc;
}
