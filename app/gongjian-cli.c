/* gongjian-cli.c: the headless command line over the data layer
 *
 * Every command either does all it was asked or, on bad input, prints one
 * line saying why and writes nothing (exit status 1; 2 for usage errors).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gongjian-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <json-glib/json-glib.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "gj-backup.h"
#include "gj-client.h"
#include "gj-data-error.h"
#include "gj-demo.h"
#include "gj-hlc.h"
#include "gj-pairing.h"
#include "gj-server.h"
#include "gj-stats.h"
#include "gj-sync-error.h"
#include "gj-store-sync.h"
#include "gj-store.h"
#include "gj-validate.h"

typedef struct
{
  GjStore   *store;
  gboolean   json;
  int        argc;
  char     **argv;   /* the command's own arguments, options removed */
  GPtrArray *filters;
  char      *search;
  char      *since;
  char      *seed;
  char      *street;
  char      *district;
  char      *station;
  char      *year;
  char      *limit;
  gboolean   reopen;
  gboolean   all;
  gboolean   keep_other;
  char      *peer;
  char      *listen;
  gboolean   server_only;
  gboolean   reveal;   /* resident IDs and phones in full */
} Cli;

/* The option strings GOption filled in; store and filters belong to main(). */
static void
cli_clear (Cli *cli)
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
}

G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Cli, cli_clear)

/* Set once the options are read: under --json, stdout carries JSON only and
 * every complaint stays one line on stderr, so scripts can parse both. */
static gboolean json_mode;

/* Error texts from TLS and HTTP libraries may span lines; the contract of
 * this program is one line per complaint. */
static void
print_complaint (const char *message)
{
  g_autofree char *line = g_strdup (message);

  g_strdelimit (line, "\r\n", ' ');
  g_printerr ("gongjian-cli: %s\n", g_strstrip (line));
}

static int
fail (GError *error)
{
  print_complaint (error->message);
  return 1;
}

static int
usage_error (const char *message)
{
  print_complaint (message);
  if (!json_mode)
    g_printerr (_("Run “gongjian-cli help” for the list of commands.\n"));
  return 2;
}

static void
print_help (void)
{
  g_print ("%s\n", _("Usage: gongjian-cli [--db PATH] COMMAND [ARGUMENTS]"));
  g_print ("\n%s\n", _("Commands:"));
  g_print ("  init --street NAME [--district NAME] [--station NAME]\n");
  g_print ("  demo [--seed N]\n");
  g_print ("  list KIND [--json] [--filter FIELD=VALUE]… [--search TEXT] [--limit N] [--all] [--reveal]\n");
  g_print ("  show KIND ID [--json] [--reveal]\n");
  g_print ("  add KIND FIELD=VALUE…\n");
  g_print ("  set KIND ID FIELD=VALUE… [--reopen]\n");
  g_print ("  delete KIND ID\n");
  g_print ("  undelete KIND ID\n");
  g_print ("  history KIND ID [--json]\n");
  g_print ("  search TEXT [--json] [--limit N] [--reveal]\n");
  g_print ("  stats [--json] [--year YYYY]\n");
  g_print ("  changes [--since VERSION] [--limit N] [--json] [--reveal]\n");
  g_print ("  kinds\n");
  g_print ("  fields KIND\n");
  g_print ("  enroll https://HOST:PORT TOKEN\n");
  g_print ("  sync [--server | --peer ID]\n");
  g_print ("  serve --listen ADDR:PORT\n");
  g_print ("  pair https://HOST:PORT [--listen PORT]\n");
  g_print ("  accept CODE\n");
  g_print ("  peers [--json]\n");
  g_print ("  unpair ID\n");
  g_print ("  conflicts [--json] [--all] [--reveal]\n");
  g_print ("  problems [--json]\n");
  g_print ("  resolve CONFLICT [--keep-other]\n");
  g_print ("  backup\n");
  g_print ("  backups\n");
  g_print ("  restore DATE|FILE\n");
  g_print ("\n%s\n", _("KIND is one of:"));
  for (guint i = 0; i < gj_schema_n_kinds (); i++)
    g_print ("  %-20s %s\n", gj_schema_kind (i)->name, _(gj_schema_kind (i)->label));
  g_print ("\n%s\n", _("Enumerations accept their English keys and their Chinese names."));
  g_print ("%s\n", _("An ID may be shortened to any part of its start that names one record, "
                      "as lists print it. Resident ID numbers and phone numbers are masked "
                      "unless --reveal is given."));
}

static const GjKind *
kind_arg (const char  *name,
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
static void
add_string (JsonBuilder *b,
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

/* JSON has no infinity or NaN; the generator would print them as bare
 * words that no parser accepts. */
static void
add_double (JsonBuilder *b,
            double       d)
{
  if (isfinite (d))
    json_builder_add_double_value (b, d);
  else
    json_builder_add_null_value (b);
}

static gboolean
field_is_sensitive (const GjField *field)
{
  return field != NULL && ((field->flags & GJ_FIELD_FLAG_SENSITIVE) ||
                           field->type == GJ_FIELD_RESIDENT_ID || field->type == GJ_FIELD_MOBILE);
}

/* JSON output: stored values, except money in yuan; sensitive ones masked
 * unless @mask is FALSE. */
static void
add_value_member (JsonBuilder   *b,
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
        add_double (b, (double) v->i / 100.0);
      else if (field && field->type == GJ_FIELD_BOOL)
        json_builder_add_boolean_value (b, v->i != 0);
      else
        json_builder_add_int_value (b, v->i);
      break;
    case GJ_VALUE_REAL:
      add_double (b, v->r);
      break;
    case GJ_VALUE_TEXT:
      if (mask && field_is_sensitive (field))
        {
          g_autofree char *masked = gj_mask_sensitive (v->s);
          add_string (b, masked);
        }
      else
        add_string (b, v->s);
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
  json_builder_set_member_name (b, "id");
  add_string (b, rec->id);
  for (guint f = 0; f < kind->n_fields; f++)
    {
      json_builder_set_member_name (b, kind->fields[f].name);
      add_value_member (b, &kind->fields[f], &rec->values[f], mask);
    }
  json_builder_end_object (b);
}

static void
print_json (JsonBuilder *b)
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

static void
print_records_json (GPtrArray *records,
                    gboolean   mask)
{
  g_autoptr(JsonBuilder) b = json_builder_new ();

  json_builder_begin_array (b);
  for (guint i = 0; i < records->len; i++)
    add_record_object (b, g_ptr_array_index (records, i), mask);
  json_builder_end_array (b);
  print_json (b);
}

/* The title of a referenced record, for people reading a table. */
static char *
ref_title (Cli           *cli,
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

static char *
cell_text (Cli            *cli,
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
static guint
unique_prefix_len (Cli          *cli,
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
static guint
short_id_width (Cli       *cli,
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
      width = MAX (width, unique_prefix_len (cli, rec->kind, rec->id, lower));
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
static void
print_padded (const char *text,
              int         width)
{
  int w = 0;

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    w += g_unichar_iswide (g_utf8_get_char (p)) ? 2 : 1;
  g_print ("%s", text);
  for (; w < width; w++)
    g_print (" ");
}

static void
print_records_table (Cli       *cli,
                     GPtrArray *records)
{
  guint shown[5];
  guint n_shown = 0;
  guint id_width;
  const GjKind *kind;

  if (records->len == 0)
    {
      g_print ("%s\n", _("No records."));
      return;
    }
  id_width = short_id_width (cli, records);
  kind = ((GjRecord *) g_ptr_array_index (records, 0))->kind;
  shown[n_shown++] = kind->title_field;
  for (guint f = 0; f < kind->n_fields && n_shown < G_N_ELEMENTS (shown); f++)
    if (f != kind->title_field && !(kind->fields[f].flags & GJ_FIELD_FLAG_INTERNAL) &&
        kind->fields[f].type != GJ_FIELD_TEXT)
      shown[n_shown++] = f;

  print_padded (_("ID"), id_width + 2);
  for (guint i = 0; i < n_shown; i++)
    print_padded (_(kind->fields[shown[i]].label), i == 0 ? 34 : 20);
  g_print ("\n");
  for (guint r = 0; r < records->len; r++)
    {
      GjRecord *rec = g_ptr_array_index (records, r);
      g_autofree char *short_id = g_strndup (rec->id, id_width);

      print_padded (short_id, id_width + 2);
      for (guint i = 0; i < n_shown; i++)
        {
          g_autofree char *t = cell_text (cli, rec, shown[i], !cli->reveal);
          print_padded (t, i == 0 ? 34 : 20);
        }
      g_print ("\n");
    }
  g_print (ngettext ("%u record\n", "%u records\n", records->len), records->len);
}

static gboolean
parse_assignments (GjRecord  *rec,
                   int        argc,
                   char     **argv,
                   GError   **error)
{
  for (int i = 0; i < argc; i++)
    {
      const char *eq = strchr (argv[i], '=');
      g_autofree char *name = NULL;

      if (eq == NULL || eq == argv[i])
        {
          g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID,
                       _("“%s” is not of the form field=value"), argv[i]);
          return FALSE;
        }
      name = g_strndup (argv[i], eq - argv[i]);
      if (g_str_equal (name, "street_id") || g_str_equal (name, "deleted") ||
          g_str_equal (name, "id"))
        {
          g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID,
                       _("%s: this field is set by Gongjian, not by hand"), name);
          return FALSE;
        }
      if (!gj_record_parse (rec, name, eq + 1, error))
        return FALSE;
    }
  return TRUE;
}

/* Reference fields accept an id prefix, as people copy them from lists. */
static gboolean
resolve_refs (Cli       *cli,
              GjRecord  *rec,
              GError   **error)
{
  for (guint f = 0; f < rec->kind->n_fields; f++)
    {
      const GjField *field = &rec->kind->fields[f];
      const GjKind *target;
      char *full;

      if (!rec->set[f] || field->type != GJ_FIELD_REF || rec->values[f].type != GJ_VALUE_TEXT)
        continue;
      target = gj_schema_lookup (field->ref_kind);
      if (target == NULL || strlen (rec->values[f].s) >= 36)
        continue;
      full = gj_store_resolve_id (cli->store, target, rec->values[f].s, NULL);
      if (full == NULL)
        {
          g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID,
                       _("%s: there is no %s with the id “%s”"), _(field->label),
                       _(target->label), rec->values[f].s);
          return FALSE;
        }
      gj_value_take_text (&rec->values[f], full);
    }
  return TRUE;
}

static int
cmd_init (Cli *cli)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GjRecord) district = NULL;
  g_autoptr(GjRecord) street = NULL;

  if (cli->street == NULL)
    return usage_error (_("init needs --street NAME"));
  if (gj_store_get_street (cli->store) != NULL)
    {
      g_printerr ("gongjian-cli: %s\n",
                  _("This database is already set up for a street; use a new --db file"));
      return 1;
    }

  if (!gj_store_begin (cli->store, &error))
    return fail (error);
  district = gj_record_new_for ("district");
  street = gj_record_new_for ("street");
  if (!gj_record_parse (district, "name", cli->district ? cli->district : _("District"), &error) ||
      !gj_store_insert (cli->store, district, &error) ||
      !gj_record_parse (street, "name", cli->street, &error) ||
      !gj_record_parse (street, "district_id", district->id, &error) ||
      (cli->station && !gj_record_parse (street, "station", cli->station, &error)) ||
      !gj_store_insert (cli->store, street, &error) ||
      !gj_store_set_meta (cli->store, "district", district->id, &error) ||
      !gj_store_set_meta (cli->store, "street", street->id, &error))
    {
      gj_store_rollback (cli->store);
      return fail (error);
    }
  if (!gj_store_commit (cli->store, &error))
    return fail (error);
  g_print (_("Set up %s (%s) in %s\n"), cli->street, street->id, gj_store_get_path (cli->store));
  return 0;
}

static int
cmd_demo (Cli *cli)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  GDate today;
  guint32 seed = cli->seed ? (guint32) g_ascii_strtoull (cli->seed, NULL, 10) : 2024;

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
  if (!gj_demo_load (cli->store, seed, &today, &error))
    return fail (error);
  g_print (_("Loaded the demo data into %s\n"), gj_store_get_path (cli->store));
  return 0;
}

/* The operator a --filter VALUE starts with ("<=", ">=", "!=", "<", ">"),
 * moving *@value past it. */
static GjFilterOp
filter_op (const char **value)
{
  static const struct { const char *prefix; GjFilterOp op; } ops[] = {
    { "<=", GJ_FILTER_LE }, { ">=", GJ_FILTER_GE }, { "!=", GJ_FILTER_NE },
    { "<", GJ_FILTER_LT }, { ">", GJ_FILTER_GT },
  };

  for (guint i = 0; i < G_N_ELEMENTS (ops); i++)
    if (g_str_has_prefix (*value, ops[i].prefix))
      {
        *value += strlen (ops[i].prefix);
        return ops[i].op;
      }
  return GJ_FILTER_EQ;
}

static int
cmd_list (Cli *cli)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GArray) filters = g_array_new (FALSE, FALSE, sizeof (GjFilter));
  GjQuery q = { 0, };
  const GjKind *kind;

  if (cli->argc != 1)
    return usage_error (_("list needs exactly one KIND"));
  if (!(kind = kind_arg (cli->argv[0], &error)))
    return fail (error);

  for (guint i = 0; i < cli->filters->len; i++)
    {
      char *spec = g_ptr_array_index (cli->filters, i);
      char *eq = strchr (spec, '=');
      GjFilter f;

      if (eq == NULL)
        return usage_error (_("--filter takes FIELD=VALUE"));
      *eq = '\0';
      f.field = spec;
      f.value = eq + 1;
      f.op = filter_op (&f.value);
      /* Filters on enumerations take Chinese names too. */
      {
        const GjField *field = gj_kind_field (kind, spec);
        const GjEnumValue *ev = field ? gj_field_enum_lookup (field, f.value) : NULL;
        if (ev != NULL)
          f.value = ev->key;
      }
      g_array_append_val (filters, f);
    }
  q.filters = (const GjFilter *) filters->data;
  q.n_filters = filters->len;
  q.text = cli->search;
  q.include_deleted = cli->all;
  q.limit = cli->limit ? (guint) g_ascii_strtoull (cli->limit, NULL, 10) : 0;

  records = gj_store_list (cli->store, kind, &q, &error);
  if (records == NULL)
    return fail (error);
  if (cli->json)
    print_records_json (records, !cli->reveal);
  else
    print_records_table (cli, records);
  return 0;
}

static GjRecord *
get_record (Cli         *cli,
            const char  *kind_name,
            const char  *id,
            GError     **error)
{
  const GjKind *kind = kind_arg (kind_name, error);
  g_autofree char *full = NULL;

  if (kind == NULL)
    return NULL;
  full = gj_store_resolve_id (cli->store, kind, id, error);
  if (full == NULL)
    return NULL;
  return gj_store_get (cli->store, kind, full, error);
}

static int
cmd_show (Cli *cli)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GjRecord) rec = NULL;

  if (cli->argc != 2)
    return usage_error (_("show needs KIND and ID"));
  if (!(rec = get_record (cli, cli->argv[0], cli->argv[1], &error)))
    return fail (error);

  if (cli->json)
    {
      g_autoptr(GPtrArray) one = g_ptr_array_new ();
      g_ptr_array_add (one, rec);
      print_records_json (one, !cli->reveal);
      return 0;
    }

  g_print ("%s %s%s\n", _(rec->kind->label), rec->id,
           gj_record_is_deleted (rec) ? _(" (deleted)") : "");
  for (guint f = 0; f < rec->kind->n_fields; f++)
    {
      g_autofree char *t = cell_text (cli, rec, f, !cli->reveal);

      print_padded (_(rec->kind->fields[f].label), 30);
      g_print ("%s\n", t);
    }
  if (g_str_equal (rec->kind->name, "volunteer"))
    {
      double balance = gj_store_hours_balance (cli->store, rec->id, NULL);
      print_padded (_("Time-bank balance"), 30);
      g_print (_("%g hours\n"), balance);
    }
  return 0;
}

static int
cmd_add (Cli *cli)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GjRecord) rec = NULL;
  const GjKind *kind;

  if (cli->argc < 1)
    return usage_error (_("add needs KIND and FIELD=VALUE arguments"));
  if (!(kind = kind_arg (cli->argv[0], &error)))
    return fail (error);
  rec = gj_record_new (kind);
  if (!parse_assignments (rec, cli->argc - 1, cli->argv + 1, &error) ||
      !resolve_refs (cli, rec, &error) ||
      !gj_store_insert (cli->store, rec, &error))
    return fail (error);
  g_print ("%s\n", rec->id);
  return 0;
}

static int
cmd_set (Cli *cli)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GjRecord) current = NULL;
  g_autoptr(GjRecord) changes = NULL;

  if (cli->argc < 3)
    return usage_error (_("set needs KIND, ID and FIELD=VALUE arguments"));
  if (!(current = get_record (cli, cli->argv[0], cli->argv[1], &error)))
    return fail (error);
  changes = gj_record_new (current->kind);
  changes->id = g_strdup (current->id);
  if (!parse_assignments (changes, cli->argc - 2, cli->argv + 2, &error) ||
      !resolve_refs (cli, changes, &error) ||
      !gj_store_update (cli->store, changes, cli->reopen ? GJ_WRITE_REOPEN : GJ_WRITE_NONE,
                        &error))
    return fail (error);
  g_print ("%s\n", current->id);
  return 0;
}

static int
cmd_delete (Cli      *cli,
            gboolean  deleted)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GjRecord) rec = NULL;
  gboolean ok;

  if (cli->argc != 2)
    return usage_error (deleted ? _("delete needs KIND and ID") : _("undelete needs KIND and ID"));
  if (!(rec = get_record (cli, cli->argv[0], cli->argv[1], &error)))
    return fail (error);
  ok = deleted ? gj_store_delete (cli->store, rec->kind, rec->id, &error)
               : gj_store_undelete (cli->store, rec->kind, rec->id, &error);
  if (!ok)
    return fail (error);
  g_print ("%s\n", rec->id);
  return 0;
}

static int
cmd_history (Cli *cli)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GjRecord) rec = NULL;
  g_autoptr(GPtrArray) cells = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();

  if (cli->argc != 2)
    return usage_error (_("history needs KIND and ID"));
  if (!(rec = get_record (cli, cli->argv[0], cli->argv[1], &error)))
    return fail (error);
  if (!(cells = gj_store_cells (cli->store, rec->kind, rec->id, &error)))
    return fail (error);

  json_builder_begin_array (b);
  for (guint i = 0; i < cells->len; i++)
    {
      GjCell *c = g_ptr_array_index (cells, i);
      const char *name = c->column < rec->kind->n_fields
                         ? rec->kind->fields[c->column].name : GJ_DELETED_FIELD_NAME;
      g_autofree char *when = gj_hlc_format (c->hlc);
      gboolean mine = g_str_equal (c->site, gj_store_get_site_id (cli->store));

      if (cli->json)
        {
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "field");
          add_string (b, name);
          json_builder_set_member_name (b, "clock");
          json_builder_add_int_value (b, (gint64) c->hlc);
          json_builder_set_member_name (b, "time_ms");
          json_builder_add_int_value (b, gj_hlc_to_unix_ms (c->hlc));
          json_builder_set_member_name (b, "device");
          add_string (b, c->site);
          json_builder_end_object (b);
        }
      else
        {
          print_padded (c->column < rec->kind->n_fields
                        ? _(rec->kind->fields[c->column].label) : _("Deleted"), 30);
          g_print ("%s  %s %.8s\n", when, mine ? _("this device") : _("device"), c->site);
        }
    }
  json_builder_end_array (b);
  if (cli->json)
    print_json (b);
  return 0;
}

static int
cmd_search (Cli *cli)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  guint id_width;

  if (cli->argc != 1)
    return usage_error (_("search needs one TEXT argument (quote it if it has spaces)"));
  hits = gj_store_search (cli->store, cli->argv[0],
                          cli->limit ? (guint) g_ascii_strtoull (cli->limit, NULL, 10) : 50,
                          &error);
  if (hits == NULL)
    return fail (error);
  if (cli->json)
    {
      print_records_json (hits, !cli->reveal);
      return 0;
    }
  id_width = short_id_width (cli, hits);
  for (guint i = 0; i < hits->len; i++)
    {
      GjRecord *rec = g_ptr_array_index (hits, i);
      g_autofree char *short_id = g_strndup (rec->id, id_width);
      g_autofree char *title = cell_text (cli, rec, rec->kind->title_field, !cli->reveal);

      print_padded (short_id, id_width + 2);
      print_padded (_(rec->kind->label), 18);
      g_print ("%s\n", title);
    }
  if (hits->len == 0)
    g_print ("%s\n", _("Nothing found."));
  return 0;
}

static int
cmd_stats (Cli *cli)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) stats = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  int year = cli->year ? atoi (cli->year) : g_date_time_get_year (now);

  stats = gj_stats_compute (cli->store, NULL, year, &error);
  if (stats == NULL)
    return fail (error);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_array (b);
      for (guint i = 0; i < stats->len; i++)
        {
          GjCommunityStats *s = g_ptr_array_index (stats, i);

#define INT_MEMBER(n, v) json_builder_set_member_name (b, n); json_builder_add_int_value (b, v)
#define DBL_MEMBER(n, v) json_builder_set_member_name (b, n); add_double (b, v)
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "community_id");
          add_string (b, s->community_id);
          json_builder_set_member_name (b, "name");
          add_string (b, s->name);
          json_builder_set_member_name (b, "type");
          add_string (b, s->type);
          INT_MEMBER ("population", s->population);
          INT_MEMBER ("households", s->households);
          INT_MEMBER ("organizations", s->organizations);
          INT_MEMBER ("organizations_target", s->organizations_target);
          INT_MEMBER ("volunteer_teams", s->teams);
          INT_MEMBER ("volunteer_teams_target", s->teams_target);
          INT_MEMBER ("social_workers", s->workers);
          INT_MEMBER ("social_workers_target", s->workers_target);
          INT_MEMBER ("certified_social_workers", s->certified);
          DBL_MEMBER ("certified_per_10k", s->certified_per_10k);
          DBL_MEMBER ("certified_per_10k_target", s->certified_target);
          INT_MEMBER ("full_time_workers", s->full_time);
          DBL_MEMBER ("full_time_per_10k", s->full_time_per_10k);
          DBL_MEMBER ("full_time_certified_share", s->full_time_certified_share);
          INT_MEMBER ("new_organizations_this_year", s->new_orgs_this_year);
          INT_MEMBER ("shortfalls", s->shortfalls);
          json_builder_end_object (b);
#undef INT_MEMBER
#undef DBL_MEMBER
        }
      json_builder_end_array (b);
      print_json (b);
      return 0;
    }

  print_padded (_("Community"), 18);
  print_padded (_("Population"), 12);
  print_padded (_("Organizations"), 16);
  print_padded (_("Teams"), 10);
  print_padded (_("Workers"), 10);
  print_padded (_("Certified/10k"), 16);
  g_print ("%s\n", _("Shortfalls"));
  for (guint i = 0; i < stats->len; i++)
    {
      GjCommunityStats *s = g_ptr_array_index (stats, i);
      g_autofree char *pop = g_strdup_printf ("%" G_GINT64_FORMAT, s->population);
      g_autofree char *orgs = g_strdup_printf ("%u/%u%s", s->organizations,
                                               s->organizations_target,
                                               s->organizations < s->organizations_target ? " !" : "");
      g_autofree char *teams = g_strdup_printf ("%u/%u%s", s->teams, s->teams_target,
                                                s->teams < s->teams_target ? " !" : "");
      g_autofree char *workers = g_strdup_printf ("%u/%u%s", s->workers, s->workers_target,
                                                  s->workers < s->workers_target ? " !" : "");
      g_autofree char *cert = g_strdup_printf ("%.1f/%.0f%s", s->certified_per_10k,
                                               s->certified_target,
                                               s->certified_per_10k < s->certified_target ? " !" : "");

      print_padded (s->name, 18);
      print_padded (pop, 12);
      print_padded (orgs, 16);
      print_padded (teams, 10);
      print_padded (workers, 10);
      print_padded (cert, 16);
      g_print ("%u\n", s->shortfalls);
    }
  g_print ("%s\n", _("“!” marks an indicator below its target."));
  return 0;
}

static int
cmd_changes (Cli *cli)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cells = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  gint64 since_ver = cli->since ? g_ascii_strtoll (cli->since, NULL, 10) : 0;
  guint limit = cli->limit ? (guint) g_ascii_strtoull (cli->limit, NULL, 10) : 1000;
  GjCursor since = { since_ver, since_ver }, next = since;
  g_autoptr(GHashTable) widths = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (since_ver < 0)
    return usage_error (_("--since takes a local version of 0 or more"));
  cells = gj_store_changes_since (cli->store, &since, MAX (limit, 1), &next, &error);
  if (cells == NULL)
    return fail (error);

  json_builder_begin_array (b);
  for (guint i = 0; i < cells->len; i++)
    {
      GjCell *c = g_ptr_array_index (cells, i);
      const GjKind *kind = gj_schema_kind_by_index (c->kind);
      gboolean unknown = gj_cell_is_unknown (c);
      const GjField *field = !unknown && c->column < kind->n_fields ? &kind->fields[c->column] : NULL;
      /* A newer version's cell is shown as it came; whether it is a
       * resident's ID or phone is not known here, so its text is masked
       * like one unless --reveal is given. */
      const char *kind_name = unknown ? c->kind_name : kind->name;
      const char *field_name = unknown ? c->field_name
                               : field ? field->name : GJ_DELETED_FIELD_NAME;
      gboolean mask = !cli->reveal && (unknown || field_is_sensitive (field));

      if (cli->json)
        {
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "kind");
          json_builder_add_string_value (b, kind_name);
          json_builder_set_member_name (b, "id");
          add_string (b, c->row);
          json_builder_set_member_name (b, "field");
          add_string (b, field_name);
          json_builder_set_member_name (b, "value");
          if (unknown && mask && c->value.type == GJ_VALUE_TEXT)
            {
              g_autofree char *masked = gj_mask_sensitive (c->value.s);
              add_string (b, masked);
            }
          else
            add_value_member (b, field, &c->value, !cli->reveal);
          if (unknown)
            {
              json_builder_set_member_name (b, "unknown");
              json_builder_add_boolean_value (b, TRUE);
            }
          json_builder_set_member_name (b, "clock");
          json_builder_add_int_value (b, (gint64) c->hlc);
          json_builder_set_member_name (b, "site");
          add_string (b, c->site);
          json_builder_end_object (b);
        }
      else
        {
          g_autofree char *v = NULL;

          if (mask && c->value.type == GJ_VALUE_TEXT)
            v = gj_mask_sensitive (c->value.s);
          else
            v = gj_value_to_string (&c->value);
          gpointer width = g_hash_table_lookup (widths, c->row);

          /* A row has many cells; ask the store about its id once. */
          if (width == NULL)
            {
              width = GUINT_TO_POINTER (unknown && kind == NULL ? (guint) strlen (c->row)
                                        : unique_prefix_len (cli, kind, c->row, 8));
              g_hash_table_insert (widths, g_strdup (c->row), width);
            }
          g_print ("%s %.*s %s=%s @%" G_GUINT64_FORMAT " %.8s%s\n", kind_name,
                   (int) GPOINTER_TO_UINT (width), c->row, field_name, v ? v : "NULL", c->hlc,
                   c->site, unknown ? _(" (from a newer version)") : "");
        }
    }
  json_builder_end_array (b);
  if (cli->json)
    print_json (b);
  else
    g_print (_("%u changes up to version %lld (local version %lld)\n"),
             cells->len, (long long) next.pos, (long long) gj_store_get_version (cli->store));
  return 0;
}

static int
cmd_fields (Cli *cli)
{
  g_autoptr(GError) error = NULL;
  const GjKind *kind;

  if (cli->argc != 1)
    return usage_error (_("fields needs one KIND"));
  if (!(kind = kind_arg (cli->argv[0], &error)))
    return fail (error);
  for (guint f = 0; f < kind->n_fields; f++)
    {
      const GjField *field = &kind->fields[f];

      if (field->flags & GJ_FIELD_FLAG_INTERNAL)
        continue;
      print_padded (field->name, 20);
      print_padded (gj_field_type_name (field->type), 14);
      g_print ("%s%s", _(field->label),
               (field->flags & GJ_FIELD_FLAG_REQUIRED) ? _(" (required)") : "");
      if (field->values)
        {
          g_print (":");
          for (const GjEnumValue *v = field->values; v->key; v++)
            g_print (" %s=%s", v->key, v->zh);
        }
      g_print ("\n");
    }
  return 0;
}

static GjIdentity *
load_identity (Cli     *cli,
               GError **error)
{
  return gj_client_load_identity (gj_store_get_path (cli->store), error);
}

static int
cmd_enroll (Cli *cli)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GjIdentity) identity = NULL;

  if (cli->argc != 2)
    return usage_error (_("enroll needs the server address (https://HOST:PORT) and a TOKEN"));
  if (!(identity = load_identity (cli, &error)) ||
      !gj_client_enroll (cli->store, identity, cli->argv[0], cli->argv[1], &error))
    return fail (error);
  g_print (_("Enrolled this device (%.16s) on %s\n"), gj_identity_get_device_id (identity),
           cli->argv[0]);
  return 0;
}

static GjRegistry *
open_peers (Cli     *cli,
            GError **error)
{
  return gj_client_open_peers (gj_store_get_path (cli->store), error);
}

/* The paired laptop whose id starts with @prefix, or whose address is @prefix. */
static GjDevice *
find_peer (GPtrArray  *peers,
           const char *prefix)
{
  GjDevice *found = NULL;

  for (guint i = 0; i < peers->len; i++)
    {
      GjDevice *d = g_ptr_array_index (peers, i);

      if (d->street_id == NULL || d->revoked)
        continue;
      if ((strlen (prefix) >= 8 && g_str_has_prefix (d->id, prefix)) || g_strcmp0 (d->url, prefix) == 0)
        {
          if (found != NULL)
            return NULL;
          found = d;
        }
    }
  return found;
}

/* What a sync adds to its counts: records refused either way, and a clock
 * that is wrong. */
static void
print_sync_notes (const GjSyncStats *stats)
{
  g_autofree char *clock = stats->have_offset ? gj_client_clock_warning (stats->offset_ms) : NULL;

  if (stats->refused > 0)
    g_print (ngettext ("%u record was refused by the other device; see “gongjian-cli problems”\n",
                          "%u records were refused by the other device; see “gongjian-cli problems”\n",
                          stats->refused), stats->refused);
  if (stats->held > 0)
    g_print (ngettext ("%u record received failed a check and is held; see “gongjian-cli problems”\n",
                          "%u records received failed a check and are held; see “gongjian-cli problems”\n",
                          stats->held), stats->held);
  /* Nothing is lost and nobody needs to act: said so that no one worries. */
  if (stats->peer_older)
    g_print (_("Some changes are kept here until the other device runs a newer Gongjian: "
               "it does not know all their fields yet. They are sent by themselves once it is "
               "updated.\n"));
  if (clock != NULL)
    g_printerr ("gongjian-cli: %s\n", clock);
}

static int
cmd_sync (Cli *cli)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GjIdentity) identity = NULL;
  g_autoptr(GjRegistry) registry = NULL;
  g_autoptr(GPtrArray) peers = NULL;
  g_auto(GjSyncReport) report = { 0, };
  GjSyncStats total = { 0, };

  if (!(identity = load_identity (cli, &error)) ||
      !(registry = open_peers (cli, &error)) ||
      !(peers = gj_registry_list (registry, &error)))
    return fail (error);

  if (cli->peer != NULL)
    {
      GjDevice *peer = find_peer (peers, cli->peer);

      if (peer == NULL)
        {
          g_printerr (_("gongjian-cli: no single paired laptop has the id or address “%s”; "
                        "see “gongjian-cli peers”\n"), cli->peer);
          return 1;
        }
      if (!gj_client_sync_peer (cli->store, identity, peer, &total, &error))
        return fail (error);
      g_print (_("Synced: %u sent, %u received, %u conflicts\n"), total.sent, total.received,
               total.conflicts);
      print_sync_notes (&total);
      return 0;
    }

  gj_client_sync_all (cli->store, identity, registry, cli->server_only, &report);
  for (guint i = 0; i < report.skipped->len; i++)
    g_printerr (_("gongjian-cli: skipped: %s\n"), (const char *) report.skipped->pdata[i]);
  for (guint i = 0; i < report.problems->len; i++)
    {
      g_autofree char *line = g_strdup_printf (_("failed: %s"),
                                               (const char *) report.problems->pdata[i]);
      print_complaint (line);
    }
  /* Counts of zero after a failure would read as "nothing to do"; each
   * failure, naming the server or laptop, is all there is to say. */
  if (report.reached == 0 && report.problems->len > 0)
    return 1;
  if (report.reached == 0)
    {
      g_printerr (report.skipped->len > 0
                  ? _("gongjian-cli: no paired laptop could be reached and no district server is set up\n")
                  : _("gongjian-cli: this device is neither enrolled on a district server nor paired "
                      "with a laptop that listens; use “enroll” or “pair” first\n"));
      return 1;
    }
  if (report.problems->len > 0)
    {
      g_print (_("Partly synced: %u sent, %u received, %u conflicts with %u of %u; "
                 "the ones that failed are named above\n"),
               report.stats.sent, report.stats.received, report.stats.conflicts, report.reached,
               report.reached + report.problems->len);
      print_sync_notes (&report.stats);
      return 1;
    }
  g_print (_("Synced: %u sent, %u received, %u conflicts\n"), report.stats.sent,
           report.stats.received, report.stats.conflicts);
  print_sync_notes (&report.stats);
  return 0;
}

static void
pair_requested_cb (GjServer   *server,
                   const char *device_id,
                   const char *name,
                   const char *code,
                   gpointer    user_data)
{
  g_print (_("Laptop “%s” (%.16s) asks to pair; its code is %s.\n"
             "If the other laptop shows the same code, accept with: gongjian-cli --db %s accept %s\n"),
           name, device_id, code, (const char *) user_data, code);
  fflush (stdout);
}

static gboolean
quit_cb (gpointer loop)
{
  g_main_loop_quit (loop);
  return G_SOURCE_CONTINUE;
}

static int
cmd_serve (Cli *cli)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GjIdentity) identity = NULL;
  g_autoptr(GjRegistry) registry = NULL;
  g_autoptr(GjServer) server = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autofree char *quoted = NULL;

  if (cli->listen == NULL)
    return usage_error (_("serve needs --listen ADDRESS:PORT, for example --listen 0.0.0.0:8444"));
  if (gj_store_get_street (cli->store) == NULL)
    {
      g_printerr (_("gongjian-cli: this database has no street yet; set up the station first\n"));
      return 1;
    }
  if (!(identity = load_identity (cli, &error)) ||
      !(registry = open_peers (cli, &error)))
    return fail (error);
  server = gj_server_new_for_peer (cli->store, identity, registry);
  quoted = g_shell_quote (gj_store_get_path (cli->store));
  g_signal_connect (server, "pair-requested", G_CALLBACK (pair_requested_cb), quoted);
  if (!gj_server_listen (server, cli->listen, &error))
    return fail (error);
  g_print (_("Serving this laptop's records to paired laptops on port %u (device %.16s)\n"),
           gj_server_get_port (server), gj_identity_get_device_id (identity));
  fflush (stdout);
  g_unix_signal_add (SIGINT, quit_cb, loop);
  g_unix_signal_add (SIGTERM, quit_cb, loop);
  g_main_loop_run (loop);
  return 0;
}

static void
show_code_cb (const char *code,
              const char *peer_name,
              gpointer    user_data)
{
  g_print (_("Pairing code: %s\n"
             "Check that the laptop “%s” shows the same code and accept there; waiting…\n"),
           code, peer_name);
  fflush (stdout);
}

static int
cmd_pair (Cli *cli)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GjIdentity) identity = NULL;
  g_autoptr(GjRegistry) registry = NULL;
  const char *colon;
  guint port = 0;

  if (cli->argc != 1)
    return usage_error (_("pair needs the other laptop's address, https://HOST:PORT"));
  if (cli->listen != NULL)
    {
      colon = strrchr (cli->listen, ':');
      port = (guint) g_ascii_strtoull (colon ? colon + 1 : cli->listen, NULL, 10);
    }
  if (!(identity = load_identity (cli, &error)) ||
      !(registry = open_peers (cli, &error)) ||
      !gj_client_pair (cli->store, identity, registry, cli->argv[0], port, show_code_cb, NULL, NULL,
                       &error))
    return fail (error);
  g_print (_("Paired with %s; sync with “gongjian-cli sync”\n"), cli->argv[0]);
  return 0;
}

static int
cmd_accept (Cli *cli)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GjIdentity) identity = NULL;
  g_autoptr(GjRegistry) registry = NULL;
  g_autofree char *id = NULL;

  if (cli->argc < 1)
    return usage_error (_("accept needs the six-digit pairing CODE"));
  {
    g_autofree char *code = g_strjoinv ("", cli->argv);

    if (!(identity = load_identity (cli, &error)) ||
        !(registry = open_peers (cli, &error)) ||
        !(id = gj_pairing_accept (registry, identity, cli->store, code, &error)))
      return fail (error);
  }
  g_print (_("Paired with the laptop %.16s\n"), id);
  return 0;
}

static int
cmd_peers (Cli *cli)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GjRegistry) registry = NULL;
  g_autoptr(GPtrArray) peers = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *path = gj_client_peers_path (gj_store_get_path (cli->store));

  /* Listing is reading: a laptop that never paired has no registry yet,
   * and asking must not create one. */
  if (!g_file_test (path, G_FILE_TEST_EXISTS))
    peers = g_ptr_array_new ();
  else if (!(registry = open_peers (cli, &error)) ||
           !(peers = gj_registry_list (registry, &error)))
    return fail (error);
  json_builder_begin_array (b);
  for (guint i = 0; i < peers->len; i++)
    {
      GjDevice *d = g_ptr_array_index (peers, i);
      const char *state = d->revoked ? "unpaired" : d->street_id ? "paired" : "waiting";

      if (cli->json)
        {
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "id");
          add_string (b, d->id);
          json_builder_set_member_name (b, "name");
          add_string (b, d->name);
          json_builder_set_member_name (b, "state");
          add_string (b, state);
          json_builder_set_member_name (b, "url");
          add_string (b, d->url);
          json_builder_set_member_name (b, "last_seen");
          json_builder_add_int_value (b, d->last_seen);
          json_builder_end_object (b);
        }
      else
        {
          g_autofree char *seen = NULL;

          if (d->last_seen > 0)
            {
              g_autoptr(GDateTime) t = g_date_time_new_from_unix_local (d->last_seen);
              seen = g_date_time_format (t, "%Y-%m-%d %H:%M");
            }
          g_print ("%.16s  %-10s %-20s %s  %s\n", d->id,
                   d->revoked ? _("unpaired") : d->street_id ? _("paired") : _("waiting"),
                   d->name ? d->name : "", d->url ? d->url : "-", seen ? seen : _("never seen"));
        }
    }
  json_builder_end_array (b);
  if (cli->json)
    print_json (b);
  else if (peers->len == 0)
    g_print ("%s\n", _("No paired laptops."));
  return 0;
}

static int
cmd_unpair (Cli *cli)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GjRegistry) registry = NULL;
  g_autofree char *id = NULL;

  if (cli->argc != 1)
    return usage_error (_("unpair needs the laptop's ID (see “gongjian-cli peers”)"));
  if (!(registry = open_peers (cli, &error)) ||
      !(id = gj_pairing_remove (registry, cli->argv[0], &error)))
    return fail (error);
  g_print (_("Unpaired the laptop %.16s; it can no longer sync with this one\n"), id);
  return 0;
}

/* Records that did not sync: what a peer refused of ours, and what we hold
 * of a peer's, each with the reason and how to open the record. */
static int
cmd_problems (Cli *cli)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = gj_store_list_problems (cli->store, &error);

  if (list == NULL)
    return fail (error);
  if (cli->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_array (b);
      for (guint i = 0; i < list->len; i++)
        {
          GjProblem *p = g_ptr_array_index (list, i);

          json_builder_begin_object (b);
          json_builder_set_member_name (b, "direction");
          json_builder_add_string_value (b, p->received ? "held-here" : "refused-by-peer");
          json_builder_set_member_name (b, "kind");
          add_string (b, p->kind);
          json_builder_set_member_name (b, "id");
          add_string (b, p->id);
          json_builder_set_member_name (b, "reason");
          add_string (b, p->reason);
          json_builder_set_member_name (b, "peer");
          add_string (b, p->peer);
          json_builder_set_member_name (b, "time");
          json_builder_add_int_value (b, p->time);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      print_json (b);
      return 0;
    }
  for (guint i = 0; i < list->len; i++)
    {
      GjProblem *p = g_ptr_array_index (list, i);
      const GjKind *kind = gj_schema_lookup (p->kind);

      if (p->received)
        g_print (_("Held here: %s %s from device %.8s: %s\n"), kind ? _(kind->label) : p->kind, p->id,
                 p->peer, p->reason);
      else
        g_print (_("Refused by device %.8s: %s %s: %s. Fix it with: gongjian-cli set %s %.13s …\n"),
                 p->peer, kind ? _(kind->label) : p->kind, p->id, p->reason, p->kind, p->id);
    }
  if (list->len == 0)
    g_print ("%s\n", _("Every record synced; none was refused."));
  return 0;
}

static int
cmd_conflicts (Cli *cli)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  GjFilter f = { "resolved", "1", GJ_FILTER_NE };
  GjQuery q = { .filters = &f, .n_filters = cli->all ? 0 : 1, .sort_field = "lost_clock" };
  guint id_width;

  list = gj_store_list (cli->store, gj_schema_lookup ("conflict"), &q, &error);
  if (list == NULL)
    return fail (error);
  /* Both values of a conflict on a resident ID or phone are as sensitive
   * as the field itself. */
  for (guint i = 0; i < list->len && !cli->reveal; i++)
    {
      GjRecord *c = g_ptr_array_index (list, i);
      const GjKind *kind = gj_schema_lookup (gj_record_get_text (c, "record_kind") ?: "");
      const GjField *field = kind ? gj_kind_field (kind, gj_record_get_text (c, "field") ?: "") : NULL;
      const char *const value_fields[] = { "kept_value", "lost_value" };

      for (guint v = 0; v < G_N_ELEMENTS (value_fields) && field_is_sensitive (field); v++)
        if (gj_record_get_text (c, value_fields[v]) != NULL)
          {
            g_autofree char *masked = gj_mask_sensitive (gj_record_get_text (c, value_fields[v]));
            gj_record_set_text (c, value_fields[v], masked);
          }
    }
  if (cli->json)
    {
      print_records_json (list, !cli->reveal);
      return 0;
    }
  id_width = short_id_width (cli, list);
  for (guint i = 0; i < list->len; i++)
    {
      GjRecord *c = g_ptr_array_index (list, i);
      const GjKind *kind = gj_schema_lookup (gj_record_get_text (c, "record_kind"));
      const GjField *field = kind ? gj_kind_field (kind, gj_record_get_text (c, "field")) : NULL;
      g_autofree char *when = gj_hlc_format ((guint64) gj_record_get_int (c, "lost_clock"));
      g_autofree char *reason = gj_record_format (c, "reason", FALSE);
      const char *record_id = gj_record_get_text (c, "record_id") ?: "";
      int record_width = kind ? (int) unique_prefix_len (cli, kind, record_id, 8) : 8;

      g_print ("%.*s  %s %.*s %s: %s “%s” ≠ “%s” (%s %.8s, %s)\n", (int) id_width, c->id,
               kind ? _(kind->label) : gj_record_get_text (c, "record_kind"),
               record_width, record_id,
               field ? _(field->label) : gj_record_get_text (c, "field"), reason,
               gj_record_get_text (c, "kept_value") ?: "", gj_record_get_text (c, "lost_value") ?: "",
               _("device"), gj_record_get_text (c, "lost_site"), when);
    }
  if (list->len == 0)
    g_print ("%s\n", _("No conflicts to review."));
  return 0;
}

static int
cmd_resolve (Cli *cli)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  if (cli->argc != 1)
    return usage_error (_("resolve needs a CONFLICT id"));
  if (!(id = gj_store_resolve_id (cli->store, gj_schema_lookup ("conflict"), cli->argv[0], &error)) ||
      !gj_store_resolve_conflict (cli->store, id, cli->keep_other, &error))
    return fail (error);
  g_print (cli->keep_other ? _("Kept the other value; the conflict is reviewed\n")
                           : _("The conflict is reviewed\n"));
  return 0;
}

/* The door: what every argument must be before anything is opened for
 * writing. Text that is not UTF-8 would otherwise reach the database and
 * stop every later sync of this laptop, so it is refused here with the
 * option or field named. A terminal set to a legacy locale (GB18030) sends
 * its own bytes; those are converted, as GOption would, when they are not
 * already UTF-8. */
static gboolean
door_text (const char  *what,
           char       **text,
           GError     **error)
{
  char *converted;

  if (*text == NULL || g_utf8_validate (*text, -1, NULL))
    return TRUE;
  if (!g_get_charset (NULL) &&
      (converted = g_locale_to_utf8 (*text, -1, NULL, NULL, NULL)) != NULL)
    {
      g_free (*text);
      *text = converted;
      return TRUE;
    }
  g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID,
               _("%s: the text is not UTF-8 (perhaps GBK from another program); "
                 "convert it to UTF-8 and try again"), what);
  return FALSE;
}

/* Tab and newline belong in a description; other control characters are
 * invisible on screen, break tables and exports, and are never typed on
 * purpose. */
static gboolean
door_no_control (const char  *what,
                 const char  *text,
                 GError     **error)
{
  for (const char *p = text; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c != '\t' && c != '\n' && g_unichar_iscntrl (c))
        {
          g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID,
                       _("%s: the text contains an invisible control character (U+%04X); "
                         "remove it and try again"), what, c);
          return FALSE;
        }
    }
  return TRUE;
}

/* A whole number within [min, max]: no sign, no spaces, nothing after it. */
static gboolean
door_number (const char  *option,
             const char  *text,
             guint64      min,
             guint64      max,
             guint64     *value,
             GError     **error)
{
  if (!g_ascii_string_to_unsigned (text, 10, min, max, value, NULL))
    {
      g_autofree char *shown = g_utf8_make_valid (text, -1);
      /* Formatted apart: xgettext cannot read a msgid around G_GUINT64_FORMAT. */
      g_autofree char *lo = g_strdup_printf ("%" G_GUINT64_FORMAT, min);
      g_autofree char *hi = g_strdup_printf ("%" G_GUINT64_FORMAT, max);

      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("%s: “%s” is not a whole number from %s to %s"), option, shown, lo, hi);
      return FALSE;
    }
  return TRUE;
}

/* The port of a --listen value: all of PORT, or what follows ADDR: or
 * [IPV6]:, or NULL when only an address is given. */
static const char *
listen_port_text (const char *listen)
{
  const char *colon = strrchr (listen, ':');

  if (listen[0] == '[')
    {
      const char *close = strchr (listen, ']');
      return close != NULL && close[1] == ':' ? close + 2 : NULL;
    }
  if (colon == NULL)
    return g_ascii_isdigit (listen[0]) && strchr (listen, '.') == NULL ? listen : NULL;
  return strchr (listen, ':') == colon ? colon + 1 : NULL;
}

static const char *const kind_first_commands[] = {
  "list", "show", "add", "set", "delete", "undelete", "history", "fields", NULL
};
static const char *const kind_id_commands[] = {
  "show", "set", "delete", "undelete", "history", NULL
};
/* Their arguments are file names, which may be any bytes. */
static const char *const path_commands[] = { "backup", "restore", NULL };
/* Commands known to print text only; --json with them would leave a script
 * parsing prose. Commands not named here decide for themselves. */
static const char *const text_only_commands[] = {
  "init", "demo", "add", "set", "delete", "undelete", "kinds", "fields", "enroll", "sync",
  "serve", "pair", "accept", "unpair", "resolve", "backup", "backups", "restore", NULL
};

/* Checks and converts the options and the command's arguments in place;
 * argv strings replaced by converted copies are kept in @owned. */
static gboolean
check_door (Cli         *cli,
            const char  *command,
            char       **filter_specs,
            int          argc,
            char       **argv,
            GPtrArray   *owned,
            GError     **error)
{
  struct { const char *name; char **value; gboolean is_name; } texts[] = {
    { "--search", &cli->search, FALSE },
    { "--limit", &cli->limit, FALSE },
    { "--since", &cli->since, FALSE },
    { "--seed", &cli->seed, FALSE },
    { "--street", &cli->street, TRUE },
    { "--district", &cli->district, TRUE },
    { "--station", &cli->station, TRUE },
    { "--year", &cli->year, FALSE },
    { "--peer", &cli->peer, FALSE },
    { "--listen", &cli->listen, FALSE },
  };
  const GjKind *kind = NULL;
  guint64 n;

  if (cli->json && g_strv_contains (text_only_commands, command))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("%s does not print JSON; leave out --json"), command);
      return FALSE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autofree char *stripped = NULL;

      if (*texts[i].value == NULL)
        continue;
      if (!door_text (texts[i].name, texts[i].value, error))
        return FALSE;
      /* An empty value is a slip of the shell (an unset variable), never a
       * name or a number anyone meant. */
      stripped = g_strstrip (g_strdup (*texts[i].value));
      if (stripped[0] == '\0' && !g_str_equal (texts[i].name, "--search"))
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("%s is empty; give it a value or leave it out"), texts[i].name);
          return FALSE;
        }
      if (texts[i].is_name && !door_no_control (texts[i].name, *texts[i].value, error))
        return FALSE;
    }
  for (guint i = 0; filter_specs != NULL && filter_specs[i] != NULL; i++)
    if (!door_text ("--filter", &filter_specs[i], error))
      return FALSE;

  if ((cli->limit && !door_number ("--limit", cli->limit, 0, G_MAXUINT, &n, error)) ||
      (cli->since && !door_number ("--since", cli->since, 0, G_MAXINT64, &n, error)) ||
      (cli->seed && !door_number ("--seed", cli->seed, 0, G_MAXUINT32, &n, error)) ||
      (cli->year && !door_number ("--year", cli->year, 1000, 9999, &n, error)))
    return FALSE;
  if (cli->listen != NULL)
    {
      const char *port = listen_port_text (cli->listen);

      if (port == NULL && !g_str_equal (command, "serve"))
        port = "";
      /* Port 0 asks the system for a free port, which only a listener may. */
      if (port != NULL &&
          !door_number ("--listen", port, g_str_equal (command, "serve") ? 0 : 1, 65535, &n, error))
        return FALSE;
    }

  if (g_strv_contains (path_commands, command))
    return TRUE;
  if (argc > 0 && g_strv_contains (kind_first_commands, command))
    kind = gj_schema_lookup (argv[0]);
  for (int i = 0; i < argc; i++)
    {
      const char *eq = strchr (argv[i], '=');
      gboolean assignment = (g_str_equal (command, "add") && i >= 1) ||
                            (g_str_equal (command, "set") && i >= 2);
      g_autofree char *what = NULL;
      char *text = argv[i];

      if (assignment && eq != NULL && eq != argv[i])
        {
          g_autofree char *name = g_utf8_make_valid (argv[i], eq - argv[i]);
          const GjField *field = kind ? gj_kind_field (kind, name) : NULL;

          what = g_strdup (field ? _(field->label) : name);
        }
      else if (i == 0 && g_strv_contains (kind_first_commands, command))
        what = g_strdup ("KIND");
      else if (i == 1 && g_strv_contains (kind_id_commands, command))
        what = g_strdup ("ID");
      else if (g_str_equal (command, "search"))
        what = g_strdup (_("search text"));
      else
        /* TRANSLATORS: %d counts the command's arguments from 1 */
        what = g_strdup_printf (_("argument %d"), i + 1);

      text = g_strdup (argv[i]);
      if (!door_text (what, &text, error))
        {
          g_free (text);
          return FALSE;
        }
      g_ptr_array_add (owned, text);
      argv[i] = text;
      if (assignment && !door_no_control (what, strchr (text, '=') ? strchr (text, '=') + 1 : text,
                                          error))
        return FALSE;
    }
  return TRUE;
}

/* Backups and damage (issue 9). "backups" and "restore" run without
 * opening the database: a damaged file may not open at all, and restore
 * replaces it. */

/* Commands that may write the database: the integrity check runs before them
 * (a damaged file is refused before anything is written to it), the daily
 * backup after them. */
static const char *const writing_commands[] = {
  "init", "demo", "add", "set", "delete", "undelete", "enroll", "sync", "resolve", "serve",
  "accept", NULL
};

static int
cmd_backup (Cli *cli)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GjBackup) backup = NULL;

  if (cli->argc != 0)
    return usage_error (_("backup takes no arguments"));
  if (!(backup = gj_backup_make (cli->store, NULL, &error)))
    return fail (error);
  g_print ("%s\n", backup->path);
  return 0;
}

static int
cmd_backups (const char *db,
             int         argc)
{
  g_autoptr(GPtrArray) list = NULL;
  g_autofree char *dir = gj_backup_dir (db);

  if (argc != 0)
    return usage_error (_("backups takes no arguments"));
  list = gj_backup_list (db);
  for (guint i = 0; i < list->len; i++)
    {
      GjBackup *b = g_ptr_array_index (list, i);
      g_autofree char *date = gj_backup_format_date (b);

      g_print ("%s  %s\n", date, b->path);
    }
  if (list->len == 0)
    g_print (_("No backups in “%s” yet; “gongjian-cli backup” makes one.\n"), dir);
  return 0;
}

static int
cmd_restore (const char  *db,
             int          argc,
             char       **argv)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GjBackup) backup = NULL;
  g_autofree char *moved = NULL;
  g_autofree char *date = NULL;

  if (argc != 1)
    return usage_error (_("restore needs the DATE (YYYY-MM-DD) of a backup or its FILE "
                          "(see “gongjian-cli backups”)"));
  if (!(backup = gj_backup_find (db, argv[0], &error)) ||
      !gj_backup_restore (db, backup->path, &moved, &error))
    return fail (error);
  date = gj_backup_format_date (backup);
  g_print (_("Restored the backup of %s (“%s”) as “%s”.\n"), date, backup->path, db);
  if (moved != NULL)
    g_print (_("The file it replaced was kept as “%s”.\n"), moved);
  g_print ("%s\n", _("Sync now to get back what others changed since that backup."));
  return 0;
}

static gboolean
check_before_write (Cli        *cli,
                    const char *command)
{
  g_autoptr(GError) error = NULL;

  if (!g_strv_contains (writing_commands, command))
    return TRUE;
  if (!gj_store_check (cli->store, &error))
    {
      fail (error);
      return FALSE;
    }
  return TRUE;
}

/* The daily backup, once a command wrote: one stat when today's exists. A
 * backup that fails is said, but the command's own result stands. */
static void
backup_after_write (Cli        *cli,
                    const char *command,
                    int         rc)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GjBackup) made = NULL;

  if (rc != 0 || !g_strv_contains (writing_commands, command))
    return;
  if (!gj_backup_make_if_due (cli->store, NULL, &made, &error))
    g_printerr (_("gongjian-cli: today's backup was not made: %s\n"), error->message);
}

static const char *const commands[] = {
  "init", "demo", "list", "show", "add", "set", "delete", "undelete", "history", "search",
  "stats", "changes", "kinds", "fields", "enroll", "sync", "conflicts", "problems", "resolve", "serve", "pair", "accept", "peers", "unpair", "help",
  "backup", "backups", "restore", NULL
};

int
main (int   argc,
      char *argv[])
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
  g_auto(Cli) cli = { 0, };
  const char *command;
  int rc;

  GOptionEntry entries[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, &db, N_("Database file (default: the app's own)"), N_("PATH") },
    { "json", 0, 0, G_OPTION_ARG_NONE, &cli.json, N_("Print JSON"), NULL },
    { "filter", 0, 0, G_OPTION_ARG_FILENAME_ARRAY, &filter_specs, N_("Only records with FIELD=VALUE"), N_("FIELD=VALUE") },
    { "search", 0, 0, G_OPTION_ARG_FILENAME, &cli.search, N_("Only records matching TEXT"), N_("TEXT") },
    { "limit", 0, 0, G_OPTION_ARG_FILENAME, &cli.limit, N_("At most N records"), "N" },
    { "all", 0, 0, G_OPTION_ARG_NONE, &cli.all, N_("Include deleted records"), NULL },
    { "since", 0, 0, G_OPTION_ARG_FILENAME, &cli.since, N_("Changes after this local version"), N_("VERSION") },
    { "seed", 0, 0, G_OPTION_ARG_FILENAME, &cli.seed, N_("Seed of the demo data"), "N" },
    { "street", 0, 0, G_OPTION_ARG_FILENAME, &cli.street, N_("Name of the street"), N_("NAME") },
    { "district", 0, 0, G_OPTION_ARG_FILENAME, &cli.district, N_("Name of the district"), N_("NAME") },
    { "station", 0, 0, G_OPTION_ARG_FILENAME, &cli.station, N_("Name of the social-work station"), N_("NAME") },
    { "year", 0, 0, G_OPTION_ARG_FILENAME, &cli.year, N_("Year counted for new organizations"), N_("YYYY") },
    { "reopen", 0, 0, G_OPTION_ARG_NONE, &cli.reopen, N_("Allow moving a closed record back"), NULL },
    { "keep-other", 0, 0, G_OPTION_ARG_NONE, &cli.keep_other, N_("Resolve a conflict by keeping the value that lost"), NULL },
    { "peer", 0, 0, G_OPTION_ARG_FILENAME, &cli.peer, N_("Sync only with this paired laptop (id or address)"), N_("ID") },
    { "server", 0, 0, G_OPTION_ARG_NONE, &cli.server_only, N_("Sync only with the district server"), NULL },
    { "listen", 0, 0, G_OPTION_ARG_FILENAME, &cli.listen, N_("Address and port to listen on"), N_("ADDR:PORT") },
    { "reveal", 0, 0, G_OPTION_ARG_NONE, &cli.reveal, N_("Show resident ID numbers and phone numbers in full"), NULL },
    { NULL }
  };

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE,
                  g_getenv ("GJ_UNINSTALLED") ? BUILD_LOCALEDIR : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  ctx = g_option_context_new (_("COMMAND [ARGUMENTS]"));
  g_option_context_set_translation_domain (ctx, GETTEXT_PACKAGE);
  g_option_context_add_main_entries (ctx, entries, GETTEXT_PACKAGE);
  g_option_context_set_summary (ctx, _("Gongjian records from the command line. "
                                       "Run “gongjian-cli help” for the commands."));
  /* Text options are read as raw bytes (FILENAME) and judged by
   * check_door(), which names the option; GOption's own conversion would
   * refuse Chinese under LC_ALL=C and say only "Invalid byte sequence". */
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    return usage_error (error->message);
  json_mode = cli.json;

  if (argc < 2 || g_str_equal (argv[1], "help"))
    {
      print_help ();
      return argc < 2 ? 2 : 0;
    }
  command = argv[1];
  if (!g_strv_contains (commands, command))
    {
      g_autofree char *shown = g_utf8_make_valid (command, -1);
      g_autofree char *msg = g_strdup_printf (_("unknown command “%s”"), shown);
      return usage_error (msg);
    }
  if (!check_door (&cli, command, filter_specs, argc - 2, argv + 2, owned_args, &error))
    return error->domain == G_OPTION_ERROR ? usage_error (error->message) : fail (error);
  if (g_str_equal (command, "kinds"))
    {
      for (guint i = 0; i < gj_schema_n_kinds (); i++)
        g_print ("%-20s %s\n", gj_schema_kind (i)->name, _(gj_schema_kind (i)->label));
      return 0;
    }

  if (db == NULL)
    db = g_strdup (g_getenv ("GONGJIAN_DB"));
  if (db == NULL)
    db = gj_store_default_path ();
  if (g_str_equal (command, "backups"))
    return cmd_backups (db, argc - 2);
  if (g_str_equal (command, "restore"))
    return cmd_restore (db, argc - 2, argv + 2);
  store = gj_store_open (db, &error);
  if (store == NULL)
    return fail (error);

  for (guint i = 0; filter_specs && filter_specs[i]; i++)
    g_ptr_array_add (filters, filter_specs[i]);

  cli.store = store;
  cli.argc = argc - 2;
  cli.argv = argv + 2;
  cli.filters = filters;

  if (!check_before_write (&cli, command))
    return 1;
  if (g_str_equal (command, "init"))
    rc = cmd_init (&cli);
  else if (g_str_equal (command, "demo"))
    rc = cmd_demo (&cli);
  else if (g_str_equal (command, "list"))
    rc = cmd_list (&cli);
  else if (g_str_equal (command, "show"))
    rc = cmd_show (&cli);
  else if (g_str_equal (command, "add"))
    rc = cmd_add (&cli);
  else if (g_str_equal (command, "set"))
    rc = cmd_set (&cli);
  else if (g_str_equal (command, "delete"))
    rc = cmd_delete (&cli, TRUE);
  else if (g_str_equal (command, "undelete"))
    rc = cmd_delete (&cli, FALSE);
  else if (g_str_equal (command, "history"))
    rc = cmd_history (&cli);
  else if (g_str_equal (command, "search"))
    rc = cmd_search (&cli);
  else if (g_str_equal (command, "stats"))
    rc = cmd_stats (&cli);
  else if (g_str_equal (command, "changes"))
    rc = cmd_changes (&cli);
  else if (g_str_equal (command, "fields"))
    rc = cmd_fields (&cli);
  else if (g_str_equal (command, "enroll"))
    rc = cmd_enroll (&cli);
  else if (g_str_equal (command, "sync"))
    rc = cmd_sync (&cli);
  else if (g_str_equal (command, "conflicts"))
    rc = cmd_conflicts (&cli);
  else if (g_str_equal (command, "problems"))
    rc = cmd_problems (&cli);
  else if (g_str_equal (command, "resolve"))
    rc = cmd_resolve (&cli);
  else if (g_str_equal (command, "serve"))
    rc = cmd_serve (&cli);
  else if (g_str_equal (command, "pair"))
    rc = cmd_pair (&cli);
  else if (g_str_equal (command, "accept"))
    rc = cmd_accept (&cli);
  else if (g_str_equal (command, "peers"))
    rc = cmd_peers (&cli);
  else if (g_str_equal (command, "unpair"))
    rc = cmd_unpair (&cli);
  else if (g_str_equal (command, "backup"))
    rc = cmd_backup (&cli);
  else
    g_assert_not_reached ();
  backup_after_write (&cli, command, rc);
  return rc;
}
