/* gj-cli-sync.c: enrolment, pairing, sync, and what sync leaves to review
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gongjian-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <glib-unix.h>
#include <stdio.h>
#include <string.h>

#include "gj-cli-private.h"
#include "gj-client.h"
#include "gj-data-error.h"
#include "gj-hlc.h"
#include "gj-pairing.h"
#include "gj-server.h"
#include "gj-validate.h"

static GjIdentity *
load_identity (GjCli   *cli,
               GError **error)
{
  return gj_client_load_identity (gj_store_get_path (cli->store), error);
}

int
gj_cli_enroll (GjCli *cli)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GjIdentity) identity = NULL;

  if (cli->argc != 2)
    return gj_cli_usage_error (_("enroll needs the server address (https://HOST:PORT) "
                                 "and a TOKEN"));
  if (!(identity = load_identity (cli, &error)) ||
      !gj_client_enroll (cli->store, identity, cli->argv[0], cli->argv[1], &error))
    return gj_cli_fail (error);
  g_print (_("Enrolled this device (%.16s) on %s\n"), gj_identity_get_device_id (identity),
           cli->argv[0]);
  return 0;
}

static GjRegistry *
open_peers (GjCli   *cli,
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
      if ((strlen (prefix) >= 8 && g_str_has_prefix (d->id, prefix)) ||
          g_strcmp0 (d->url, prefix) == 0)
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
    g_print (ngettext ("%u record was refused by the other device; "
                       "see “gongjian-cli problems”\n",
                       "%u records were refused by the other device; "
                       "see “gongjian-cli problems”\n",
                       stats->refused), stats->refused);
  if (stats->held > 0)
    g_print (ngettext ("%u record received failed a check and is held; "
                       "see “gongjian-cli problems”\n",
                       "%u records received failed a check and are held; "
                       "see “gongjian-cli problems”\n",
                       stats->held), stats->held);
  /* Nothing is lost and nobody needs to act: said so that no one worries. */
  if (stats->peer_older)
    g_print (_("Some changes are kept here until the other device runs a newer Gongjian: "
               "it does not know all their fields yet. They are sent by themselves once it is "
               "updated.\n"));
  if (clock != NULL)
    g_printerr ("gongjian-cli: %s\n", clock);
}

/* `--fetch-limit MB` keeps the size up to which files come with every
 * sync, as Preferences does in the app. */
static gboolean
set_fetch_limit (GjCli   *cli,
                 GError **error)
{
  g_autofree char *bytes = NULL;
  char *end = NULL;
  double mb = g_ascii_strtod (cli->fetch_limit, &end);

  if (end == cli->fetch_limit || *end != '\0' || !(mb >= 0 && mb <= 1024 * 1024))
    {
      g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID,
                   _("--fetch-limit takes a size in MB, such as 5 or 0.5, not “%s”"),
                   cli->fetch_limit);
      return FALSE;
    }
  bytes = g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) (mb * 1024 * 1024));
  return gj_store_set_meta (cli->store, "files.fetch_limit", bytes, error);
}

int
gj_cli_sync (GjCli *cli)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GjIdentity) identity = NULL;
  g_autoptr(GjRegistry) registry = NULL;
  g_autoptr(GPtrArray) peers = NULL;
  g_autofree char *files = NULL;
  g_auto(GjSyncReport) report = { 0, };

  if (cli->fetch_limit != NULL && !set_fetch_limit (cli, &error))
    return gj_cli_usage_error (error->message);
  if (!(identity = load_identity (cli, &error)) ||
      !(registry = open_peers (cli, &error)) ||
      !(peers = gj_registry_list (registry, &error)))
    return gj_cli_fail (error);

  if (cli->peer != NULL)
    {
      GjDevice *peer = find_peer (peers, cli->peer);

      if (peer == NULL)
        {
          g_printerr (_("gongjian-cli: no single paired laptop has the id or address “%s”; "
                        "see “gongjian-cli peers”\n"), cli->peer);
          return 1;
        }
      gj_client_sync_with (cli->store, identity, peer, NULL, &report);
    }
  else
    gj_client_sync_all (cli->store, identity, registry, cli->server_only, NULL, &report);
  for (guint i = 0; i < report.skipped->len; i++)
    g_printerr (_("gongjian-cli: skipped: %s\n"), (const char *) report.skipped->pdata[i]);
  for (guint i = 0; i < report.problems->len; i++)
    {
      g_autofree char *line = g_strdup_printf (_("failed: %s"),
                                               (const char *) report.problems->pdata[i]);
      gj_cli_complain (line);
    }
  /* Counts of zero after a failure would read as "nothing to do"; each
   * failure, naming the server or laptop, is all there is to say. */
  if (report.reached == 0 && report.problems->len > 0)
    return 1;
  if (report.reached == 0)
    {
      g_printerr (report.skipped->len > 0
                  ? _("gongjian-cli: no paired laptop could be reached and no district server "
                      "is set up\n")
                  : _("gongjian-cli: this device is neither enrolled on a district server nor "
                      "paired with a laptop that listens; use “enroll” or “pair” first\n"));
      return 1;
    }
  if (report.failed > 0)
    g_print (_("Partly synced: %u sent, %u received, %u conflicts with %u of %u; "
               "the ones that failed are named above\n"),
             report.stats.sent, report.stats.received, report.stats.conflicts, report.reached,
             report.reached + report.failed);
  else
    g_print (_("Synced: %u sent, %u received, %u conflicts\n"), report.stats.sent,
             report.stats.received, report.stats.conflicts);
  if ((files = gj_client_describe_files (&report.files)) != NULL)
    g_print ("%s\n", files);
  if (report.files.waiting > 0)
    g_print ("%s\n", _("Fetch a large file with “gongjian-cli get-attachment ID -o FILE”, or "
                        "raise the size fetched with every sync with --fetch-limit MB"));
  print_sync_notes (&report.stats);
  /* A file refused or failed is also a sync that did not do everything. */
  return report.problems->len > 0 ? 1 : 0;
}

static void
pair_requested_cb (GjServer   *server,
                   const char *device_id,
                   const char *name,
                   const char *code,
                   gpointer    user_data)
{
  g_print (_("Laptop “%s” (%.16s) asks to pair; its code is %s.\n"
             "If the other laptop shows the same code, accept with: "
             "gongjian-cli --db %s accept %s\n"),
           name, device_id, code, (const char *) user_data, code);
  fflush (stdout);
}

static gboolean
quit_cb (gpointer loop)
{
  g_main_loop_quit (loop);
  return G_SOURCE_CONTINUE;
}

int
gj_cli_serve (GjCli *cli)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GjIdentity) identity = NULL;
  g_autoptr(GjRegistry) registry = NULL;
  g_autoptr(GjServer) server = NULL;
  g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);
  g_autofree char *quoted = NULL;

  if (cli->listen == NULL)
    return gj_cli_usage_error (_("serve needs --listen ADDRESS:PORT, "
                                 "for example --listen 0.0.0.0:8444"));
  if (gj_store_get_street (cli->store) == NULL)
    {
      g_printerr (_("gongjian-cli: this database has no street yet; set up the station first\n"));
      return 1;
    }
  if (!(identity = load_identity (cli, &error)) ||
      !(registry = open_peers (cli, &error)))
    return gj_cli_fail (error);
  server = gj_server_new_for_peer (cli->store, identity, registry);
  quoted = g_shell_quote (gj_store_get_path (cli->store));
  g_signal_connect (server, "pair-requested", G_CALLBACK (pair_requested_cb), quoted);
  if (!gj_server_listen (server, cli->listen, &error))
    return gj_cli_fail (error);
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

int
gj_cli_pair (GjCli *cli)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GjIdentity) identity = NULL;
  g_autoptr(GjRegistry) registry = NULL;
  const char *colon;
  guint port = 0;

  if (cli->argc != 1)
    return gj_cli_usage_error (_("pair needs the other laptop's address, https://HOST:PORT"));
  if (cli->listen != NULL)
    {
      colon = strrchr (cli->listen, ':');
      port = (guint) g_ascii_strtoull (colon ? colon + 1 : cli->listen, NULL, 10);
    }
  if (!(identity = load_identity (cli, &error)) ||
      !(registry = open_peers (cli, &error)) ||
      !gj_client_pair (cli->store, identity, registry, cli->argv[0], port, show_code_cb, NULL, NULL,
                       &error))
    return gj_cli_fail (error);
  g_print (_("Paired with %s; sync with “gongjian-cli sync”\n"), cli->argv[0]);
  return 0;
}

int
gj_cli_accept (GjCli *cli)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GjIdentity) identity = NULL;
  g_autoptr(GjRegistry) registry = NULL;
  g_autofree char *id = NULL;

  if (cli->argc < 1)
    return gj_cli_usage_error (_("accept needs the six-digit pairing CODE"));
  {
    g_autofree char *code = g_strjoinv ("", cli->argv);

    if (!(identity = load_identity (cli, &error)) ||
        !(registry = open_peers (cli, &error)) ||
        !(id = gj_pairing_accept (registry, identity, cli->store, code, &error)))
      return gj_cli_fail (error);
  }
  g_print (_("Paired with the laptop %.16s\n"), id);
  return 0;
}

int
gj_cli_peers (GjCli *cli)
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
    return gj_cli_fail (error);
  json_builder_begin_array (b);
  for (guint i = 0; i < peers->len; i++)
    {
      GjDevice *d = g_ptr_array_index (peers, i);
      const char *state = d->revoked ? "unpaired" : d->street_id ? "paired" : "waiting";

      if (cli->json)
        {
          json_builder_begin_object (b);
          gj_cli_add_string_member (b, "id", d->id);
          gj_cli_add_string_member (b, "name", d->name);
          gj_cli_add_string_member (b, "state", state);
          gj_cli_add_string_member (b, "url", d->url);
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
    gj_cli_print_json (b);
  else if (peers->len == 0)
    g_print ("%s\n", _("No paired laptops."));
  return 0;
}

int
gj_cli_unpair (GjCli *cli)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GjRegistry) registry = NULL;
  g_autofree char *id = NULL;

  if (cli->argc != 1)
    return gj_cli_usage_error (_("unpair needs the laptop's ID (see “gongjian-cli peers”)"));
  if (!(registry = open_peers (cli, &error)) ||
      !(id = gj_pairing_remove (registry, cli->argv[0], &error)))
    return gj_cli_fail (error);
  g_print (_("Unpaired the laptop %.16s; it can no longer sync with this one\n"), id);
  return 0;
}

/* Records that did not sync: what a peer refused of ours, and what we hold
 * of a peer's, each with the reason and how to open the record. */
int
gj_cli_problems (GjCli *cli)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = gj_store_list_problems (cli->store, &error);

  if (list == NULL)
    return gj_cli_fail (error);
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
          gj_cli_add_string_member (b, "kind", p->kind);
          gj_cli_add_string_member (b, "id", p->id);
          gj_cli_add_string_member (b, "reason", p->reason);
          gj_cli_add_string_member (b, "peer", p->peer);
          json_builder_set_member_name (b, "time");
          json_builder_add_int_value (b, p->time);
          json_builder_end_object (b);
        }
      json_builder_end_array (b);
      gj_cli_print_json (b);
      return 0;
    }
  for (guint i = 0; i < list->len; i++)
    {
      GjProblem *p = g_ptr_array_index (list, i);
      const GjKind *kind = gj_schema_lookup (p->kind);

      if (p->received)
        g_print (_("Held here: %s %s from device %.8s: %s\n"), kind ? _(kind->label) : p->kind,
                 p->id, p->peer, p->reason);
      else
        g_print (_("Refused by device %.8s: %s %s: %s. Fix it with: gongjian-cli set %s %.13s …\n"),
                 p->peer, kind ? _(kind->label) : p->kind, p->id, p->reason, p->kind, p->id);
    }
  if (list->len == 0)
    g_print ("%s\n", _("Every record synced; none was refused."));
  return 0;
}

int
gj_cli_conflicts (GjCli *cli)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  GjFilter f = { "resolved", "1", GJ_FILTER_NE };
  GjQuery q = { .filters = &f, .n_filters = cli->all ? 0 : 1, .sort_field = "lost_clock" };
  guint id_width;

  list = gj_store_list (cli->store, gj_schema_lookup ("conflict"), &q, &error);
  if (list == NULL)
    return gj_cli_fail (error);
  /* Both values of a conflict on a resident ID or phone are as sensitive
   * as the field itself. */
  for (guint i = 0; i < list->len && !cli->reveal; i++)
    {
      GjRecord *c = g_ptr_array_index (list, i);
      const GjKind *kind = gj_schema_lookup (gj_record_get_text (c, "record_kind") ?: "");
      const GjField *field = kind ? gj_kind_field (kind, gj_record_get_text (c, "field") ?: "")
                                  : NULL;
      const char *const value_fields[] = { "kept_value", "lost_value" };

      for (guint v = 0; v < G_N_ELEMENTS (value_fields) && gj_cli_field_is_sensitive (field); v++)
        if (gj_record_get_text (c, value_fields[v]) != NULL)
          {
            g_autofree char *masked = gj_mask_sensitive (gj_record_get_text (c, value_fields[v]));
            gj_record_set_text (c, value_fields[v], masked);
          }
    }
  if (cli->json)
    {
      gj_cli_print_records_json (list, !cli->reveal);
      return 0;
    }
  id_width = gj_cli_short_id_width (cli, list);
  for (guint i = 0; i < list->len; i++)
    {
      GjRecord *c = g_ptr_array_index (list, i);
      const GjKind *kind = gj_schema_lookup (gj_record_get_text (c, "record_kind"));
      const GjField *field = kind ? gj_kind_field (kind, gj_record_get_text (c, "field")) : NULL;
      g_autofree char *when = gj_hlc_format ((guint64) gj_record_get_int (c, "lost_clock"));
      g_autofree char *reason = gj_record_format (c, "reason", FALSE);
      const char *record_id = gj_record_get_text (c, "record_id") ?: "";
      int record_width = kind ? (int) gj_cli_unique_prefix_len (cli, kind, record_id, 8) : 8;

      g_print ("%.*s  %s %.*s %s: %s “%s” ≠ “%s” (%s %.8s, %s)\n", (int) id_width, c->id,
               kind ? _(kind->label) : gj_record_get_text (c, "record_kind"),
               record_width, record_id,
               field ? _(field->label) : gj_record_get_text (c, "field"), reason,
               gj_record_get_text (c, "kept_value") ?: "",
               gj_record_get_text (c, "lost_value") ?: "",
               _("device"), gj_record_get_text (c, "lost_site"), when);
    }
  if (list->len == 0)
    g_print ("%s\n", _("No conflicts to review."));
  return 0;
}

int
gj_cli_resolve (GjCli *cli)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;

  if (cli->argc != 1)
    return gj_cli_usage_error (_("resolve needs a CONFLICT id"));
  if (!(id = gj_store_resolve_id (cli->store, gj_schema_lookup ("conflict"), cli->argv[0],
                                  &error)) ||
      !gj_store_resolve_conflict (cli->store, id, cli->keep_other, &error))
    return gj_cli_fail (error);
  g_print (cli->keep_other ? _("Kept the other value; the conflict is reviewed\n")
                           : _("The conflict is reviewed\n"));
  return 0;
}
