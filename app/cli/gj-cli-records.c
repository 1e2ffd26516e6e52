/* gj-cli-records.c: the commands that set up the station and read and
 * write its records
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gongjian-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "gj-cli-private.h"
#include "gj-data-error.h"
#include "gj-demo.h"
#include "gj-hlc.h"
#include "gj-station.h"
#include "gj-stats.h"
#include "gj-store-history.h"
#include "gj-store-sync.h"
#include "gj-validate.h"

static void
print_records_table (GjCli     *cli,
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
  id_width = gj_cli_short_id_width (cli, records);
  kind = ((GjRecord *) g_ptr_array_index (records, 0))->kind;
  shown[n_shown++] = kind->title_field;
  for (guint f = 0; f < kind->n_fields && n_shown < G_N_ELEMENTS (shown); f++)
    if (f != kind->title_field && !(kind->fields[f].flags & GJ_FIELD_FLAG_INTERNAL) &&
        kind->fields[f].type != GJ_FIELD_TEXT)
      shown[n_shown++] = f;

  gj_cli_print_padded (_("ID"), id_width + 2);
  for (guint i = 0; i < n_shown; i++)
    gj_cli_print_padded (_(kind->fields[shown[i]].label), i == 0 ? 34 : 20);
  g_print ("\n");
  for (guint r = 0; r < records->len; r++)
    {
      GjRecord *rec = g_ptr_array_index (records, r);
      g_autofree char *short_id = g_strndup (rec->id, id_width);

      gj_cli_print_padded (short_id, id_width + 2);
      for (guint i = 0; i < n_shown; i++)
        {
          g_autofree char *t = gj_cli_cell_text (cli, rec, shown[i], !cli->reveal);
          gj_cli_print_padded (t, i == 0 ? 34 : 20);
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
resolve_refs (GjCli     *cli,
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

int
gj_cli_init (GjCli *cli)
{
  g_autoptr(GError) error = NULL;
  const GjStationSetup setup = {
    .district = cli->district, .street = cli->street, .station = cli->station,
  };

  if (cli->street == NULL)
    return gj_cli_usage_error (_("init needs --street NAME"));
  /* gj_station_setup() refuses a second street too; this says what to do
   * about it on a command line. */
  if (gj_store_get_street (cli->store) != NULL)
    {
      g_printerr ("gongjian-cli: %s\n",
                  _("This database is already set up for a street; use a new --db file"));
      return 1;
    }
  if (!gj_station_setup (cli->store, &setup, &error))
    return gj_cli_fail (error);
  g_print (_("Set up %s (%s) in %s\n"), cli->street, gj_store_get_street (cli->store),
           gj_store_get_path (cli->store));
  return 0;
}

int
gj_cli_demo (GjCli *cli)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  GDate today;
  guint32 seed = cli->seed ? (guint32) g_ascii_strtoull (cli->seed, NULL, 10) : 2024;

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
  if (!gj_demo_load (cli->store, seed, &today, &error))
    return gj_cli_fail (error);
  g_print (_("Loaded the demo data into %s\n"), gj_store_get_path (cli->store));
  return 0;
}

/* A --filter's FIELD=VALUE as a filter on @kind. @spec is cut at its "="
 * in place and @filter points into it; FALSE when there is no "=". */
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

static gboolean
parse_filter (const GjKind *kind,
              char         *spec,
              GjFilter     *filter)
{
  char *eq = strchr (spec, '=');
  const GjField *field;
  const GjEnumValue *ev;

  if (eq == NULL)
    return FALSE;
  *eq = '\0';
  *filter = (GjFilter) { .field = spec, .value = eq + 1 };
  filter->op = filter_op (&filter->value);
  /* Filters on enumerations take Chinese names too. */
  field = gj_kind_field (kind, spec);
  ev = field != NULL ? gj_field_enum_lookup (field, filter->value) : NULL;
  if (ev != NULL)
    filter->value = ev->key;
  return TRUE;
}

int
gj_cli_build_query (GjCli        *cli,
                    const GjKind *kind,
                    GArray       *filters,
                    GjQuery      *query)
{
  for (guint i = 0; i < cli->filters->len; i++)
    {
      GjFilter f;

      if (!parse_filter (kind, g_ptr_array_index (cli->filters, i), &f))
        return gj_cli_usage_error (_("--filter takes FIELD=VALUE"));
      g_array_append_val (filters, f);
    }
  *query = (GjQuery) { 0, };
  query->filters = (const GjFilter *) filters->data;
  query->n_filters = filters->len;
  query->text = cli->search;
  query->include_deleted = cli->all;
  return 0;
}

int
gj_cli_list (GjCli *cli)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GArray) filters = g_array_new (FALSE, FALSE, sizeof (GjFilter));
  GjQuery q;
  const GjKind *kind;
  int rc;

  if (cli->argc != 1)
    return gj_cli_usage_error (_("list needs exactly one KIND"));
  if (!(kind = gj_cli_kind_arg (cli->argv[0], &error)))
    return gj_cli_fail (error);
  if ((rc = gj_cli_build_query (cli, kind, filters, &q)) != 0)
    return rc;
  q.limit = cli->limit ? (guint) g_ascii_strtoull (cli->limit, NULL, 10) : 0;

  records = gj_store_list (cli->store, kind, &q, &error);
  if (records == NULL)
    return gj_cli_fail (error);
  if (cli->json)
    gj_cli_print_records_json (records, !cli->reveal);
  else
    print_records_table (cli, records);
  return 0;
}

static GjRecord *
get_record (GjCli       *cli,
            const char  *kind_name,
            const char  *id,
            GError     **error)
{
  const GjKind *kind = gj_cli_kind_arg (kind_name, error);
  g_autofree char *full = NULL;

  if (kind == NULL)
    return NULL;
  full = gj_store_resolve_id (cli->store, kind, id, error);
  if (full == NULL)
    return NULL;
  return gj_store_get (cli->store, kind, full, error);
}

int
gj_cli_show (GjCli *cli)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GjRecord) rec = NULL;

  if (cli->argc != 2)
    return gj_cli_usage_error (_("show needs KIND and ID"));
  if (!(rec = get_record (cli, cli->argv[0], cli->argv[1], &error)))
    return gj_cli_fail (error);

  if (cli->json)
    {
      g_autoptr(GPtrArray) one = g_ptr_array_new ();
      g_ptr_array_add (one, rec);
      gj_cli_print_records_json (one, !cli->reveal);
      return 0;
    }

  g_print ("%s %s%s\n", _(rec->kind->label), rec->id,
           gj_record_is_deleted (rec) ? _(" (deleted)") : "");
  for (guint f = 0; f < rec->kind->n_fields; f++)
    {
      g_autofree char *t = gj_cli_cell_text (cli, rec, f, !cli->reveal);

      gj_cli_print_padded (_(rec->kind->fields[f].label), 30);
      g_print ("%s\n", t);
    }
  if (g_str_equal (rec->kind->name, "volunteer"))
    {
      double balance = gj_store_hours_balance (cli->store, rec->id, NULL);
      gj_cli_print_padded (_("Time-bank balance"), 30);
      g_print (_("%g hours\n"), balance);
    }
  return 0;
}

int
gj_cli_add (GjCli *cli)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GjRecord) rec = NULL;
  const GjKind *kind;

  if (cli->argc < 1)
    return gj_cli_usage_error (_("add needs KIND and FIELD=VALUE arguments"));
  if (!(kind = gj_cli_kind_arg (cli->argv[0], &error)))
    return gj_cli_fail (error);
  rec = gj_record_new (kind);
  if (!parse_assignments (rec, cli->argc - 1, cli->argv + 1, &error) ||
      !resolve_refs (cli, rec, &error) ||
      !gj_store_insert (cli->store, rec, &error))
    return gj_cli_fail (error);
  g_print ("%s\n", rec->id);
  return 0;
}

int
gj_cli_set (GjCli *cli)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GjRecord) current = NULL;
  g_autoptr(GjRecord) changes = NULL;

  if (cli->argc < 3)
    return gj_cli_usage_error (_("set needs KIND, ID and FIELD=VALUE arguments"));
  if (!(current = get_record (cli, cli->argv[0], cli->argv[1], &error)))
    return gj_cli_fail (error);
  changes = gj_record_new (current->kind);
  changes->id = g_strdup (current->id);
  if (!parse_assignments (changes, cli->argc - 2, cli->argv + 2, &error) ||
      !resolve_refs (cli, changes, &error) ||
      !gj_store_update (cli->store, changes, cli->reopen ? GJ_WRITE_REOPEN : GJ_WRITE_NONE,
                        &error))
    return gj_cli_fail (error);
  g_print ("%s\n", current->id);
  return 0;
}

static int
set_deleted (GjCli    *cli,
             gboolean  deleted)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GjRecord) rec = NULL;
  gboolean ok;

  if (cli->argc != 2)
    return gj_cli_usage_error (deleted ? _("delete needs KIND and ID")
                                       : _("undelete needs KIND and ID"));
  if (!(rec = get_record (cli, cli->argv[0], cli->argv[1], &error)))
    return gj_cli_fail (error);
  ok = deleted ? gj_store_delete (cli->store, rec->kind, rec->id, &error)
               : gj_store_undelete (cli->store, rec->kind, rec->id, &error);
  if (!ok)
    return gj_cli_fail (error);
  g_print ("%s\n", rec->id);
  return 0;
}

int
gj_cli_delete (GjCli *cli)
{
  return set_deleted (cli, TRUE);
}

int
gj_cli_undelete (GjCli *cli)
{
  return set_deleted (cli, FALSE);
}

/* "old → new" of a history entry as the editor shows values; a cell the
 * journal knows nothing of shows its value alone. */
static char *
history_change_text (GjCli                *cli,
                     const GjKind         *kind,
                     const GjHistoryEntry *e)
{
  g_autofree char *old = NULL;
  g_autofree char *now = NULL;

  if (e->column >= kind->n_fields)
    return g_strdup ("");
  now = gj_history_format_value (cli->store, kind, e->column, &e->new_value, !cli->reveal);
  if (!e->has_old)
    return g_steal_pointer (&now);
  old = gj_history_format_value (cli->store, kind, e->column, &e->old_value, !cli->reveal);
  /* TRANSLATORS: a field's value before and after a change */
  return g_strdup_printf (_("%s → %s"), old[0] ? old : _("(empty)"), now[0] ? now : _("(empty)"));
}

int
gj_cli_history (GjCli *cli)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GjRecord) rec = NULL;
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  guint limit = cli->limit ? (guint) g_ascii_strtoull (cli->limit, NULL, 10) : 0;
  guint n_more = 0;

  if (cli->argc != 2)
    return gj_cli_usage_error (_("history needs KIND and ID"));
  if (!(rec = get_record (cli, cli->argv[0], cli->argv[1], &error)))
    return gj_cli_fail (error);
  entries = gj_store_history (cli->store, rec->kind, rec->id, limit, &n_more, &error);
  if (entries == NULL)
    return gj_cli_fail (error);

  json_builder_begin_array (b);
  for (guint i = 0; i < entries->len; i++)
    {
      GjHistoryEntry *e = g_ptr_array_index (entries, i);
      const GjKind *kind = rec->kind;
      const GjField *field = e->column < kind->n_fields ? &kind->fields[e->column] : NULL;
      gboolean mine = g_str_equal (e->site, gj_store_get_site_id (cli->store));

      if (cli->json)
        {
          json_builder_begin_object (b);
          gj_cli_add_string_member (b, "field", field ? field->name : GJ_DELETED_FIELD_NAME);
          if (e->has_old)
            {
              json_builder_set_member_name (b, "old");
              gj_cli_add_value_member (b, field, &e->old_value, !cli->reveal);
            }
          json_builder_set_member_name (b, "new");
          gj_cli_add_value_member (b, field, &e->new_value, !cli->reveal);
          json_builder_set_member_name (b, "clock");
          json_builder_add_int_value (b, (gint64) e->hlc);
          json_builder_set_member_name (b, "time_ms");
          json_builder_add_int_value (b, gj_hlc_to_unix_ms (e->hlc));
          gj_cli_add_string_member (b, "device", e->site);
          if (e->name != NULL)
            gj_cli_add_string_member (b, "device_name", e->name);
          json_builder_end_object (b);
        }
      else
        {
          g_autofree char *when = gj_hlc_format (e->hlc);
          g_autofree char *change = history_change_text (cli, kind, e);
          const char *what = field != NULL ? _(field->label)
                             : e->new_value.type == GJ_VALUE_INT && e->new_value.i != 0
                             ? _("Deleted") : _("Restored");

          gj_cli_print_padded (what, 24);
          if (mine)
            g_print ("%s  %-12s  %s\n", when, _("this device"), change);
          else if (e->name != NULL)
            g_print ("%s  %s %s  %s\n", when, _("device"), e->name, change);
          else
            g_print ("%s  %s %.8s  %s\n", when, _("device"), e->site, change);
        }
    }
  json_builder_end_array (b);
  if (cli->json)
    gj_cli_print_json (b);
  else if (n_more > 0)
    g_print (ngettext ("(%u older change not shown)", "(%u older changes not shown)",
                          n_more), n_more);
  return 0;
}

int
gj_cli_search (GjCli *cli)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) hits = NULL;
  guint id_width;

  if (cli->argc != 1)
    return gj_cli_usage_error (_("search needs one TEXT argument (quote it if it has spaces)"));
  hits = gj_store_search (cli->store, cli->argv[0],
                          cli->limit ? (guint) g_ascii_strtoull (cli->limit, NULL, 10) : 50,
                          &error);
  if (hits == NULL)
    return gj_cli_fail (error);
  if (cli->json)
    {
      gj_cli_print_records_json (hits, !cli->reveal);
      return 0;
    }
  id_width = gj_cli_short_id_width (cli, hits);
  for (guint i = 0; i < hits->len; i++)
    {
      GjRecord *rec = g_ptr_array_index (hits, i);
      g_autofree char *short_id = g_strndup (rec->id, id_width);
      g_autofree char *title = gj_cli_cell_text (cli, rec, rec->kind->title_field, !cli->reveal);

      gj_cli_print_padded (short_id, id_width + 2);
      gj_cli_print_padded (_(rec->kind->label), 18);
      g_print ("%s\n", title);
    }
  if (hits->len == 0)
    g_print ("%s\n", _("Nothing found."));
  return 0;
}

int
gj_cli_stats (GjCli *cli)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) stats = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  int year = cli->year ? atoi (cli->year) : g_date_time_get_year (now);

  stats = gj_stats_compute (cli->store, NULL, year, &error);
  if (stats == NULL)
    return gj_cli_fail (error);

  if (cli->json)
    {
      g_autoptr(JsonBuilder) b = json_builder_new ();

      json_builder_begin_array (b);
      for (guint i = 0; i < stats->len; i++)
        {
          GjCommunityStats *s = g_ptr_array_index (stats, i);

#define INT_MEMBER(n, v) json_builder_set_member_name (b, n); json_builder_add_int_value (b, v)
#define DBL_MEMBER(n, v) json_builder_set_member_name (b, n); gj_cli_add_double (b, v)
          json_builder_begin_object (b);
          gj_cli_add_string_member (b, "community_id", s->community_id);
          gj_cli_add_string_member (b, "name", s->name);
          gj_cli_add_string_member (b, "type", s->type);
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
          if (s->community_id == NULL)
            {
              INT_MEMBER ("unassigned_organizations", s->unassigned_organizations);
              INT_MEMBER ("unassigned_volunteer_teams", s->unassigned_teams);
              INT_MEMBER ("unassigned_social_workers", s->unassigned_workers);
            }
          json_builder_end_object (b);
#undef INT_MEMBER
#undef DBL_MEMBER
        }
      json_builder_end_array (b);
      gj_cli_print_json (b);
      return 0;
    }

  gj_cli_print_padded (_("Community"), 18);
  gj_cli_print_padded (_("Population"), 12);
  gj_cli_print_padded (_("Organizations"), 16);
  gj_cli_print_padded (_("Teams"), 10);
  gj_cli_print_padded (_("Workers"), 10);
  gj_cli_print_padded (_("Certified/10k"), 16);
  g_print ("%s\n", _("Shortfalls"));
  for (guint i = 0; i < stats->len; i++)
    {
      GjCommunityStats *s = g_ptr_array_index (stats, i);
      g_autofree char *pop = g_strdup_printf ("%" G_GINT64_FORMAT, s->population);
      g_autofree char *orgs = g_strdup_printf ("%u/%u%s", s->organizations,
                                               s->organizations_target,
                                               s->organizations < s->organizations_target
                                               ? " !" : "");
      g_autofree char *teams = g_strdup_printf ("%u/%u%s", s->teams, s->teams_target,
                                                s->teams < s->teams_target ? " !" : "");
      g_autofree char *workers = g_strdup_printf ("%u/%u%s", s->workers, s->workers_target,
                                                  s->workers < s->workers_target ? " !" : "");
      g_autofree char *cert = g_strdup_printf ("%.1f/%.0f%s", s->certified_per_10k,
                                               s->certified_target,
                                               s->certified_per_10k < s->certified_target
                                               ? " !" : "");

      gj_cli_print_padded (s->name, 18);
      gj_cli_print_padded (pop, 12);
      gj_cli_print_padded (orgs, 16);
      gj_cli_print_padded (teams, 10);
      gj_cli_print_padded (workers, 10);
      gj_cli_print_padded (cert, 16);
      g_print ("%u\n", s->shortfalls);
    }
  g_print ("%s\n", _("“!” marks an indicator below its target."));
  {
    g_autofree char *note = gj_stats_unassigned_note (g_ptr_array_index (stats,
                                                                          stats->len - 1));

    if (note != NULL)
      g_print ("%s\n", note);
  }
  return 0;
}

int
gj_cli_changes (GjCli *cli)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cells = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  gint64 since_ver = cli->since ? g_ascii_strtoll (cli->since, NULL, 10) : 0;
  guint limit = cli->limit ? (guint) g_ascii_strtoull (cli->limit, NULL, 10) : 1000;
  GjCursor since = { since_ver, since_ver }, next = since;
  g_autoptr(GHashTable) widths = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);

  if (since_ver < 0)
    return gj_cli_usage_error (_("--since takes a local version of 0 or more"));
  cells = gj_store_changes_since (cli->store, &since, MAX (limit, 1), &next, &error);
  if (cells == NULL)
    return gj_cli_fail (error);

  json_builder_begin_array (b);
  for (guint i = 0; i < cells->len; i++)
    {
      GjCell *c = g_ptr_array_index (cells, i);
      const GjKind *kind = gj_schema_kind_by_index (c->kind);
      gboolean unknown = gj_cell_is_unknown (c);
      const GjField *field = !unknown && c->column < kind->n_fields
                             ? &kind->fields[c->column] : NULL;
      /* A newer version's cell is shown as it came; whether it is a
       * resident's ID or phone is not known here, so its text is masked
       * like one unless --reveal is given. */
      const char *kind_name = unknown ? c->kind_name : kind->name;
      const char *field_name = unknown ? c->field_name
                               : field ? field->name : GJ_DELETED_FIELD_NAME;
      gboolean mask = !cli->reveal && (unknown || gj_cli_field_is_sensitive (field));

      if (cli->json)
        {
          json_builder_begin_object (b);
          json_builder_set_member_name (b, "kind");
          json_builder_add_string_value (b, kind_name);
          gj_cli_add_string_member (b, "id", c->row);
          gj_cli_add_string_member (b, "field", field_name);
          json_builder_set_member_name (b, "value");
          if (unknown && mask && c->value.type == GJ_VALUE_TEXT)
            {
              g_autofree char *masked = gj_mask_sensitive (c->value.s);
              gj_cli_add_string (b, masked);
            }
          else
            gj_cli_add_value_member (b, field, &c->value, !cli->reveal);
          if (unknown)
            {
              json_builder_set_member_name (b, "unknown");
              json_builder_add_boolean_value (b, TRUE);
            }
          json_builder_set_member_name (b, "clock");
          json_builder_add_int_value (b, (gint64) c->hlc);
          gj_cli_add_string_member (b, "site", c->site);
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
                                        : gj_cli_unique_prefix_len (cli, kind, c->row, 8));
              g_hash_table_insert (widths, g_strdup (c->row), width);
            }
          g_print ("%s %.*s %s=%s @%" G_GUINT64_FORMAT " %.8s%s\n", kind_name,
                   (int) GPOINTER_TO_UINT (width), c->row, field_name, v ? v : "NULL", c->hlc,
                   c->site, unknown ? _(" (from a newer version)") : "");
        }
    }
  json_builder_end_array (b);
  if (cli->json)
    gj_cli_print_json (b);
  else
    g_print (_("%u changes up to version %lld (local version %lld)\n"),
             cells->len, (long long) next.pos, (long long) gj_store_get_version (cli->store));
  return 0;
}

int
gj_cli_kinds (GjCli *cli)
{
  for (guint i = 0; i < gj_schema_n_kinds (); i++)
    g_print ("%-20s %s\n", gj_schema_kind (i)->name, _(gj_schema_kind (i)->label));
  return 0;
}

int
gj_cli_fields (GjCli *cli)
{
  g_autoptr(GError) error = NULL;
  const GjKind *kind;

  if (cli->argc != 1)
    return gj_cli_usage_error (_("fields needs one KIND"));
  if (!(kind = gj_cli_kind_arg (cli->argv[0], &error)))
    return gj_cli_fail (error);
  for (guint f = 0; f < kind->n_fields; f++)
    {
      const GjField *field = &kind->fields[f];

      if (field->flags & GJ_FIELD_FLAG_INTERNAL)
        continue;
      gj_cli_print_padded (field->name, 20);
      gj_cli_print_padded (gj_field_type_name (field->type), 14);
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
