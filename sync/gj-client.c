/* gj-client.c: a laptop syncing with the district server or a colleague's
 *
 * The server is pinned by its device id: at enrolment the token carries
 * the first 16 hex digits of it, afterwards the whole id is kept in the
 * store's meta table with the sync cursors. A paired laptop is pinned by
 * its id in the peers registry; its cursors are kept per peer, so relaying
 * what one peer sent to another works like any local change.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-client"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "gj-attachments.h"
#include "gj-client-private.h"
#include "gj-exchange.h"
#include "gj-json-scan.h"
#include "gj-pairing.h"
#include "gj-site-names.h"
#include "gj-store-sync.h"
#include "gj-sync-error.h"

char *
gj_client_identity_dir (const char *db_path)
{
  if (g_str_equal (db_path, ":memory:"))
    return NULL;
  return g_strconcat (db_path, ".identity", NULL);
}

/* Where a sync goes, the meta keys of its cursors, and the key the files
 * that peer confirmed are kept under (gj_file_exchange_sync()). */
typedef struct
{
  const char *url;
  const char *push_key;
  const char *pull_key;
  const char *files_key;
} Target;

/* What one peer's sync brought: its records' counts, and its files'. */
typedef struct
{
  GjSyncStats  stats;
  GjFileStats  files;
  GPtrArray   *file_problems;  /* sentences; NULL when only records are synced */
  GError      *file_error;     /* what stopped the files step midway */
} Outcome;

static void
outcome_clear (Outcome *outcome)
{
  g_clear_pointer (&outcome->file_problems, g_ptr_array_unref);
  g_clear_error (&outcome->file_error);
}
G_DEFINE_AUTO_CLEANUP_CLEAR_FUNC (Outcome, outcome_clear)

/* Opens the JSON object enrolment and pairing both send: who this device
 * is and which street it keeps, if any. The caller adds its own members
 * and ends the object. */
static JsonBuilder *
describe_device (GjStore *store)
{
  JsonBuilder *b = json_builder_new ();
  const char *street_id = gj_store_get_street (store);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, gj_device_name ());
  json_builder_set_member_name (b, "site");
  json_builder_add_string_value (b, gj_store_get_site_id (store));
  if (street_id != NULL)
    {
      g_autoptr(GjRecord) street = gj_store_get (store, gj_schema_lookup ("street"), street_id, NULL);

      json_builder_set_member_name (b, "street_id");
      json_builder_add_string_value (b, street_id);
      json_builder_set_member_name (b, "street_name");
      json_builder_add_string_value (b, street ? gj_record_get_title (street) : "");
    }
  return b;
}

/* POSTs the object built in @b to @endpoint and returns the object the
 * other side answered, or NULL with an error (@malformed if the answer is
 * not a JSON object). */
static JsonObject *
post_json (SoupSession  *session,
           const char   *endpoint,
           GjIdentity   *identity,
           Pin          *pin,
           JsonBuilder  *b,
           const char   *malformed,
           GError      **error)
{
  g_autoptr(SoupMessage) msg = soup_message_new ("POST", endpoint);
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = json_builder_get_root (b);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GBytes) body = NULL;
  g_autoptr(GBytes) reply = NULL;
  JsonNode *answer;
  char *text;
  gsize len;

  if (msg == NULL)
    {
      g_set_error (error, GJ_SYNC_ERROR, GJ_SYNC_ERROR_PEER, _("“%s” is not a valid address"), endpoint);
      return NULL;
    }
  json_generator_set_root (gen, root);
  text = json_generator_to_data (gen, &len);
  body = g_bytes_new_take (text, len);
  soup_message_set_request_body_from_bytes (msg, "application/json", body);
  if (!(reply = _gj_client_send (session, msg, identity, pin, error)))
    return NULL;
  if (!gj_json_scan_message (reply) ||
      !json_parser_load_from_data (parser, g_bytes_get_data (reply, NULL), g_bytes_get_size (reply), NULL) ||
      !(answer = json_parser_get_root (parser)) || !JSON_NODE_HOLDS_OBJECT (answer))
    {
      g_set_error_literal (error, GJ_SYNC_ERROR, GJ_SYNC_ERROR_PEER, malformed);
      return NULL;
    }
  return json_object_ref (json_node_get_object (answer));
}

gboolean
gj_client_enroll (GjStore     *store,
                  GjIdentity  *identity,
                  const char  *url,
                  const char  *token,
                  GError     **error)
{
  g_autoptr(SoupSession) session = _gj_client_new_session ();
  g_autoptr(JsonBuilder) b = NULL;
  g_autoptr(JsonObject) obj = NULL;
  g_autofree char *endpoint = NULL;
  g_autofree char *secret = NULL;
  const char *dash = strrchr (token, '-');
  const char *server_id, *street_id;
  Pin pin = { NULL, NULL, NULL, FALSE };

  if (dash == NULL || strlen (dash + 1) != 16)
    {
      g_set_error (error, GJ_SYNC_ERROR, GJ_SYNC_ERROR_TOKEN,
                   _("“%s” is not an enrolment token; copy the whole last line that "
                     "“gongjian-server enroll” printed"), token);
      return FALSE;
    }
  pin.expected = dash + 1;
  secret = g_strndup (token, dash - token);
  if (!g_str_has_prefix (url, "https://"))
    {
      g_set_error (error, GJ_SYNC_ERROR, GJ_SYNC_ERROR_PEER,
                   _("The server address must start with https://"));
      return FALSE;
    }

  b = describe_device (store);
  json_builder_set_member_name (b, "token");
  json_builder_add_string_value (b, secret);
  json_builder_end_object (b);
  endpoint = g_strconcat (url, "/v1/enroll", NULL);
  obj = post_json (session, endpoint, identity, &pin, b, _("The district server's answer is malformed"),
                   error);
  g_clear_pointer (&pin.seen, g_free);
  if (obj == NULL)
    return FALSE;
  server_id = json_object_get_string_member_with_default (obj, "server", NULL);
  street_id = json_object_get_string_member_with_default (obj, "street_id", NULL);
  if (server_id == NULL || street_id == NULL || !g_str_has_prefix (server_id, pin.expected))
    {
      g_set_error (error, GJ_SYNC_ERROR, GJ_SYNC_ERROR_PEER, _("The district server's answer is malformed"));
      return FALSE;
    }

  /* Nothing is written before the whole answer is here, and then all of it
   * in one transaction: a laptop stopped earlier is simply not enrolled,
   * and enrolling again with the same token gets the same answer (the
   * server remembers which device redeemed it). */
  if (!gj_store_begin (store, error))
    return FALSE;
  if (!gj_store_set_meta (store, "sync.url", url, error) ||
      !gj_store_set_meta (store, "sync.server", server_id, error) ||
      !gj_store_set_meta (store, "sync.push", "0,0", error) ||
      !gj_store_set_meta (store, "sync.pull", "0,0", error) ||
      /* A new server has none of this device's files yet. */
      !gj_store_set_meta (store, GJ_ATTACHMENTS_SERVER_HOLDS_KEY, "", error) ||
      (gj_store_get_street (store) == NULL && !gj_store_set_meta (store, "street", street_id, error)))
    {
      gj_store_rollback (store);
      return FALSE;
    }
  return gj_store_commit (store, error);
}

/* Syncs the records with one peer, then, if @outcome asks for them, the
 * files. Only a failure of the records (or a cancellation) fails it: the
 * records synced whatever then happens to the files, which is told in
 * @outcome. */
static gboolean
sync_target (GjStore      *store,
             GjIdentity   *identity,
             const Target *target,
             Pin          *pin,
             Outcome      *outcome,
             GError      **error)
{
  g_autoptr(SoupSession) session = _gj_client_new_session ();
  HttpsTransport https;
  GjSyncStats *stats = &outcome->stats;
  gboolean ok;

  _gj_client_https_init (&https, session, identity, pin, target->url);
  memset (stats, 0, sizeof *stats);
  memset (&outcome->files, 0, sizeof outcome->files);
  ok = gj_exchange_sync (store, &https.parent, target->push_key, target->pull_key, stats, error);
  if (stats->have_offset)
    {
      g_autofree char *offset = g_strdup_printf ("%" G_GINT64_FORMAT, stats->offset_ms);
      gj_store_set_meta (store, "sync.clock_offset", offset, NULL);
    }
  if (ok)
    {
      /* For people: when this device last exchanged changes with anyone. */
      g_autofree char *now = g_strdup_printf ("%" G_GINT64_FORMAT, g_get_real_time () / G_USEC_PER_SEC);
      gj_store_set_meta (store, "sync.last", now, NULL);
    }
  if (ok && outcome->file_problems != NULL &&
      !_gj_client_sync_files (store, &https.parent, target->files_key, pin->cancellable,
                              &outcome->files, outcome->file_problems, &outcome->file_error) &&
      g_error_matches (outcome->file_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    {
      g_propagate_error (error, g_steal_pointer (&outcome->file_error));
      ok = FALSE;
    }
  g_clear_pointer (&pin->seen, g_free);
  return ok;
}

static gboolean
sync_server (GjStore       *store,
             GjIdentity    *identity,
             GCancellable  *cancellable,
             Outcome       *outcome,
             GError       **error)
{
  g_autofree char *url = gj_store_get_meta (store, "sync.url");
  g_autofree char *server = gj_store_get_meta (store, "sync.server");
  /* Its files key makes the meta key "sync.files",
   * GJ_ATTACHMENTS_SERVER_HOLDS_KEY, which the collector reads. */
  Target target = { url, "sync.push", "sync.pull", "sync" };
  Pin pin = { server, NULL, NULL, FALSE, cancellable };

  if (url == NULL || server == NULL)
    {
      g_set_error (error, GJ_SYNC_ERROR, GJ_SYNC_ERROR_NOT_SET_UP,
                   _("This device is not enrolled on a district server yet; enrol it first with "
                     "the server's address and a token from the district administrator"));
      return FALSE;
    }
  return sync_target (store, identity, &target, &pin, outcome, error);
}

gboolean
gj_client_sync (GjStore      *store,
                GjIdentity   *identity,
                GjSyncStats  *stats,
                GError      **error)
{
  g_auto(Outcome) outcome = { { 0, }, };
  gboolean ok = sync_server (store, identity, NULL, &outcome, error);

  if (stats != NULL)
    *stats = outcome.stats;
  return ok;
}

char *
gj_client_peers_path (const char *db_path)
{
  g_autofree char *dir = gj_client_identity_dir (db_path);

  return dir ? g_build_filename (dir, "peers.db", NULL) : NULL;
}

static GError *
no_file_error (void)
{
  return g_error_new (GJ_SYNC_ERROR, GJ_SYNC_ERROR_NOT_SET_UP,
                      _("An in-memory database cannot sync; give a file with --db"));
}

GjIdentity *
gj_client_load_identity (const char  *db_path,
                         GError     **error)
{
  g_autofree char *dir = gj_client_identity_dir (db_path);

  if (dir == NULL)
    {
      g_propagate_error (error, no_file_error ());
      return NULL;
    }
  return gj_identity_load_or_create (dir, error);
}

GjRegistry *
gj_client_open_peers (const char  *db_path,
                      GError     **error)
{
  g_autofree char *path = gj_client_peers_path (db_path);

  if (path == NULL)
    {
      g_propagate_error (error, no_file_error ());
      return NULL;
    }
  return gj_registry_open (path, error);
}

gint64
gj_client_count_waiting (GjStore *store)
{
  GjCursor push = gj_exchange_cursor (store, "sync.push");

  return gj_store_count_rows_since (store, &push);
}

char *
gj_client_clock_warning (gint64 offset_ms)
{
  gint64 off = ABS (offset_ms) / 1000;
  g_autoptr(GDateTime) now = NULL;
  g_autoptr(GDateTime) right = NULL;
  g_autofree char *when = NULL;
  g_autofree char *amount = NULL;

  if (off <= GJ_CLOCK_WARN_MS / 1000)
    return NULL;
  if (off >= 2 * 86400)
    amount = g_strdup_printf (ngettext ("%d day", "%d days", off / 86400),
                              (int) (off / 86400));
  else if (off >= 2 * 3600)
    amount = g_strdup_printf (ngettext ("%d hour", "%d hours", off / 3600),
                              (int) (off / 3600));
  else
    amount = g_strdup_printf (ngettext ("%d minute", "%d minutes", off / 60),
                              (int) (off / 60));
  now = g_date_time_new_now_local ();
  right = g_date_time_add_seconds (now, offset_ms / 1000.0);
  /* %x follows the locale: 2026年12月01日 under zh_CN. */
  when = g_date_time_format (right, "%x %H:%M");
  return g_strdup_printf (offset_ms > 0
                          ? _("This device's clock is %s behind the other device's. Set its date "
                              "and time to %s.")
                          : _("This device's clock is %s ahead of the other device's. Set its date "
                              "and time to %s."),
                          amount, when);
}

void
gj_sync_report_clear (GjSyncReport *report)
{
  g_clear_pointer (&report->problems, g_ptr_array_unref);
  g_clear_pointer (&report->skipped, g_ptr_array_unref);
  g_clear_error (&report->error);
  memset (report, 0, sizeof *report);
}

static void
add_problem (GjSyncReport *report,
             const GError *error)
{
  g_ptr_array_add (report->problems, g_strdup (error->message));
  if (report->error == NULL)
    report->error = g_error_copy (error);
}

static void
add_files (GjFileStats       *sum,
           const GjFileStats *one)
{
  sum->sent += one->sent;
  sum->received += one->received;
  sum->bytes_sent += one->bytes_sent;
  sum->bytes_received += one->bytes_received;
  sum->waiting += one->waiting;
  sum->refused += one->refused;
}

/* Adds one peer's outcome. A laptop out of reach is skipped, unless it
 * was @asked for by name; the district server out of reach is a problem
 * to show. */
static void
report_one (GjSyncReport  *report,
            gboolean       ok,
            const Outcome *outcome,
            const GError  *error,
            gboolean       is_laptop,
            gboolean       asked)
{
  const GjSyncStats *one = &outcome->stats;

  if (ok)
    {
      report->reached++;
      report->stats.sent += one->sent;
      report->stats.received += one->received;
      report->stats.conflicts += one->conflicts;
      report->stats.bytes_in += one->bytes_in;
      report->stats.refused += one->refused;
      report->stats.held += one->held;
      report->stats.held_back += one->held_back;
      report->stats.peer_older = report->stats.peer_older || one->peer_older;
      /* The district server's clock is the reference; a laptop's when
       * there is no server. */
      if (one->have_offset && (!report->stats.have_offset || !is_laptop))
        {
          report->stats.have_offset = TRUE;
          report->stats.offset_ms = one->offset_ms;
        }
      add_files (&report->files, &outcome->files);
      for (guint i = 0; outcome->file_problems != NULL && i < outcome->file_problems->len; i++)
        g_ptr_array_add (report->problems, g_strdup (outcome->file_problems->pdata[i]));
      if (outcome->file_error != NULL)
        add_problem (report, outcome->file_error);
      /* A file refused is said under the code of a peer's refusal. */
      if (report->error == NULL && report->problems->len > 0)
        report->error = g_error_new_literal (GJ_SYNC_ERROR, GJ_SYNC_ERROR_PEER,
                                             report->problems->pdata[0]);
      return;
    }
  if (is_laptop && !asked && g_error_matches (error, GJ_SYNC_ERROR, GJ_SYNC_ERROR_UNREACHABLE))
    {
      g_ptr_array_add (report->skipped, g_strdup (error->message));
      return;
    }
  report->failed++;
  add_problem (report, error);
}

static gboolean
sync_peer (GjStore         *store,
           GjIdentity      *identity,
           const GjDevice  *peer,
           GCancellable    *cancellable,
           Outcome         *outcome,
           GError         **error)
{
  g_autofree char *files_key = g_strconcat ("peer.", peer->id, NULL);
  g_autofree char *push_key = g_strconcat (files_key, ".push", NULL);
  g_autofree char *pull_key = g_strconcat (files_key, ".pull", NULL);
  Target target = { peer->url, push_key, pull_key, files_key };
  Pin pin = { peer->id, peer->name ? peer->name : "", NULL, FALSE, cancellable };

  if (peer->revoked || peer->street_id == NULL)
    {
      g_set_error (error, GJ_SYNC_ERROR, GJ_SYNC_ERROR_NOT_TRUSTED,
                   _("The laptop “%s” is not paired with this one"), pin.peer_name);
      return FALSE;
    }
  if (peer->url == NULL)
    {
      g_set_error (error, GJ_SYNC_ERROR, GJ_SYNC_ERROR_NOT_SET_UP,
                   _("The laptop “%s” has not said where it listens; sync from that laptop "
                     "instead, or pair again from here"), pin.peer_name);
      return FALSE;
    }
  return sync_target (store, identity, &target, &pin, outcome, error);
}

gboolean
gj_client_sync_peer (GjStore         *store,
                     GjIdentity      *identity,
                     const GjDevice  *peer,
                     GjSyncStats     *stats,
                     GError         **error)
{
  g_auto(Outcome) outcome = { { 0, }, };
  gboolean ok = sync_peer (store, identity, peer, NULL, &outcome, error);

  if (stats != NULL)
    *stats = outcome.stats;
  return ok;
}

static void
report_init (GjSyncReport *report)
{
  memset (report, 0, sizeof *report);
  report->problems = g_ptr_array_new_with_free_func (g_free);
  report->skipped = g_ptr_array_new_with_free_func (g_free);
}

/* One peer's records and files into @report: the paired laptop @peer, or
 * the district server when @peer is NULL. */
static void
sync_into_report (GjStore        *store,
                  GjIdentity     *identity,
                  const GjDevice *peer,
                  gboolean        asked,
                  GCancellable   *cancellable,
                  GjSyncReport   *report)
{
  g_auto(Outcome) outcome = { { 0, }, };
  g_autoptr(GError) error = NULL;
  gboolean ok;

  outcome.file_problems = g_ptr_array_new_with_free_func (g_free);
  if (peer == NULL)
    ok = sync_server (store, identity, cancellable, &outcome, &error);
  else
    ok = sync_peer (store, identity, peer, cancellable, &outcome, &error);
  report_one (report, ok, &outcome, error, peer != NULL, asked);
}

void
gj_client_sync_with (GjStore        *store,
                     GjIdentity     *identity,
                     const GjDevice *peer,
                     GCancellable   *cancellable,
                     GjSyncReport   *report)
{
  report_init (report);
  sync_into_report (store, identity, peer, TRUE, cancellable, report);
}

void
gj_client_sync_all (GjStore       *store,
                    GjIdentity    *identity,
                    GjRegistry    *peers,
                    gboolean       server_only,
                    GCancellable  *cancellable,
                    GjSyncReport  *report)
{
  g_autofree char *server = gj_store_get_meta (store, "sync.server");
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;

  report_init (report);
  if (server != NULL || server_only)
    sync_into_report (store, identity, NULL, server_only, cancellable, report);
  if (!server_only && !g_cancellable_is_cancelled (cancellable) &&
      !(list = gj_registry_list (peers, &error)))
    add_problem (report, error);
  for (guint i = 0; list != NULL && i < list->len; i++)
    {
      GjDevice *d = g_ptr_array_index (list, i);

      if (d->street_id == NULL || d->revoked || d->url == NULL)
        continue;
      if (g_cancellable_set_error_if_cancelled (cancellable, &error))
        {
          report->failed++;
          add_problem (report, error);
          break;
        }
      sync_into_report (store, identity, d, FALSE, cancellable, report);
    }
  /* Each peer reached stored its own offset; what is shown until the next
   * sync is the reference the report chose: the district server's. */
  if (report->stats.have_offset)
    {
      g_autofree char *offset = g_strdup_printf ("%" G_GINT64_FORMAT, report->stats.offset_ms);
      gj_store_set_meta (store, "sync.clock_offset", offset, NULL);
    }
}

/* One pairing request; TRUE with *paired set, or FALSE on a refusal. */
static gboolean
ask_to_pair (SoupSession  *session,
             GjStore      *store,
             GjIdentity   *identity,
             const char   *endpoint,
             guint         listen_port,
             Pin          *pin,
             gboolean     *paired,
             char        **peer_name,
             char        **street_id,
             GError      **error)
{
  g_autoptr(JsonBuilder) b = describe_device (store);
  g_autoptr(JsonObject) obj = NULL;
  const char *status, *device;

  if (listen_port > 0)
    {
      json_builder_set_member_name (b, "port");
      json_builder_add_int_value (b, listen_port);
    }
  json_builder_end_object (b);
  obj = post_json (session, endpoint, identity, pin, b, _("The other laptop's answer is malformed"), error);
  if (obj == NULL)
    return FALSE;
  status = json_object_get_string_member_with_default (obj, "status", "");
  device = json_object_get_string_member_with_default (obj, "device", "");
  if (pin->seen == NULL || !g_str_equal (device, pin->seen))
    {
      g_set_error (error, GJ_SYNC_ERROR, GJ_SYNC_ERROR_NOT_TRUSTED,
                   _("The other laptop's answer does not match its certificate; nothing was paired"));
      return FALSE;
    }
  g_free (*peer_name);
  *peer_name = g_strdup (json_object_get_string_member_with_default (obj, "name", ""));
  *paired = g_str_equal (status, "paired");
  g_free (*street_id);
  *street_id = g_strdup (json_object_get_string_member_with_default (obj, "street_id", NULL));
  if (*paired && *street_id == NULL)
    {
      g_set_error (error, GJ_SYNC_ERROR, GJ_SYNC_ERROR_PEER, _("The other laptop's answer is malformed"));
      return FALSE;
    }
  return TRUE;
}

gboolean
gj_client_pair (GjStore        *store,
                GjIdentity     *identity,
                GjRegistry     *peers,
                const char     *url,
                guint           listen_port,
                GjPairCodeFunc  code_func,
                gpointer        user_data,
                GCancellable   *cancellable,
                GError        **error)
{
  g_autoptr(SoupSession) session = _gj_client_new_session ();
  g_autofree char *endpoint = NULL;
  g_autofree char *peer_name = NULL;
  g_autofree char *peer_id = NULL;
  g_autofree char *street_id = NULL;
  g_autoptr(GjRecord) street = NULL;
  Pin pin = { NULL, NULL, NULL, FALSE, cancellable };
  gboolean paired = FALSE;
  gint64 deadline = g_get_monotonic_time () + 5 * 60 * G_USEC_PER_SEC;

  if (!g_str_has_prefix (url, "https://"))
    {
      g_set_error (error, GJ_SYNC_ERROR, GJ_SYNC_ERROR_PEER,
                   _("The other laptop's address must start with https://"));
      return FALSE;
    }
  endpoint = g_strconcat (url, "/v1/pair", NULL);
  pin.peer_name = url;
  if (!ask_to_pair (session, store, identity, endpoint, listen_port, &pin, &paired, &peer_name, &street_id, error))
    goto out;
  /* From here on only the laptop first seen is talked to. */
  peer_id = g_strdup (pin.seen);
  pin.expected = peer_id;
  if (code_func != NULL)
    {
      g_autofree char *code = gj_pairing_code (gj_identity_get_device_id (identity), peer_id);
      code_func (code, peer_name, user_data);
    }
  while (!paired)
    {
      if (g_get_monotonic_time () > deadline)
        {
          g_set_error (error, GJ_SYNC_ERROR, GJ_SYNC_ERROR_NOT_TRUSTED,
                       _("The other laptop did not accept the pairing within five minutes"));
          goto out;
        }
      if (g_cancellable_set_error_if_cancelled (cancellable, error))
        goto out;
      g_usleep (G_USEC_PER_SEC / 2);
      if (!ask_to_pair (session, store, identity, endpoint, listen_port, &pin, &paired, &peer_name, &street_id, error))
        goto out;
    }
  /* A new, empty database takes the street of the laptop it paired with,
   * as it would at enrolment; its records arrive with the first sync. */
  if (gj_store_get_street (store) == NULL &&
      !gj_store_set_meta (store, "street", street_id, error))
    goto out;
  if (!g_str_equal (gj_store_get_street (store), street_id))
    {
      g_set_error (error, GJ_SYNC_ERROR, GJ_SYNC_ERROR_OUT_OF_SCOPE,
                   _("The two laptops keep the records of different streets; only laptops of "
                     "the same street can pair"));
      goto out;
    }
  street = gj_store_get (store, gj_schema_lookup ("street"), street_id, NULL);
  if (!gj_registry_set_paired (peers, peer_id, peer_name, street ? gj_record_get_title (street) : "",
                               street_id, url, error))
    goto out;
  g_clear_pointer (&pin.seen, g_free);
  return TRUE;

out:
  g_clear_pointer (&pin.seen, g_free);
  return FALSE;
}
