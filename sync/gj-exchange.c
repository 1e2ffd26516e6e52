/* gj-exchange.c: the sync protocol, apart from any transport
 *
 * Both directions are pages of cells (gj-changeset.c) with a cursor the
 * receiving side keeps (gj-store.h, GjCursor). The asking side pushes, then
 * pulls; the answering side applies what is pushed, judging every row, and
 * serves its street's changes. Nothing here knows about HTTP libraries or
 * TLS: gj-client.c and gj-server.c carry these requests over HTTPS, and the
 * tests carry them in-process.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-exchange"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
#include <stdio.h>
#include <string.h>

#include "gj-changeset.h"
#include "gj-exchange.h"
#include "gj-json-scan.h"
#include "gj-store-sync.h"
#include "gj-sync-error.h"

/* Cells a page holds at most, each way; pages are bounded in bytes too
 * (GJ_PAGE_VALUE_BYTES). */
#define PAGE_CELLS GJ_CHANGESET_MAX_CELLS
#define CHANGESET_TYPE "application/x-gongjian-changeset+gzip"

/* Keeps @c in meta @key, where gj_exchange_cursor() reads it. */
static gboolean
set_cursor (GjStore         *store,
            const char      *key,
            const GjCursor  *c,
            GError         **error)
{
  g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT, c->floor,
                                           c->pos);

  return gj_store_set_meta (store, key, text, error);
}

static gboolean
same_cursor (const GjCursor *a,
             const GjCursor *b)
{
  return a->floor == b->floor && a->pos == b->pos;
}

GjCursor
gj_exchange_cursor (GjStore    *store,
                    const char *key)
{
  g_autofree char *text = gj_store_get_meta (store, key);
  GjCursor c = GJ_CURSOR_INIT;

  if (text != NULL && sscanf (text, "%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT, &c.floor, &c.pos) != 2)
    c.floor = c.pos = 0;
  return c;
}

/* Notes when the peer's wall clock differs from ours: the person is told
 * in words, since a wrong clock dates every edit wrongly. */
static void
note_peer_time (GjSyncStats *stats,
                gint64       peer_ms)
{
  if (peer_ms <= 0)
    return;
  stats->have_offset = TRUE;
  stats->offset_ms = peer_ms - g_get_real_time () / 1000;
}

/* The text of member @name of @o, or NULL when it is missing or is not a
 * string: a peer's answer is read without trusting its shape. */
static const char *
member_string (JsonObject *o,
               const char *name)
{
  JsonNode *n = o != NULL ? json_object_get_member (o, name) : NULL;

  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING)
    return NULL;
  return json_node_get_string (n);
}

/* The answer to a pushed page: which of its rows the peer refused, kept so
 * that the person can fix them; rows it took are no longer problems. An
 * older peer answers without the list, which means it refused nothing. */
static gboolean
read_push_reply (GjStore      *store,
                 GBytes       *reply,
                 GPtrArray    *sent,
                 GjExchangeTransport *transport,
                 GjSyncStats  *stats,
                 GError      **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GPtrArray) refused = g_ptr_array_new_with_free_func ((GDestroyNotify) gj_refusal_free);
  const GjJsonLimits limits = { 8, GJ_CHANGESET_MAX_NODES };   /* a refusal per row at most */
  gsize len;
  const char *data = g_bytes_get_data (reply, &len);
  g_autoptr(GHashTable) sent_rows = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  JsonNode *root, *n;
  JsonObject *obj;
  JsonArray *list;

  for (guint i = 0; i < sent->len; i++)
    {
      const GjCell *c = g_ptr_array_index (sent, i);
      const GjKind *kind = gj_schema_kind_by_index (c->kind);
      const char *name = c->kind_name ? c->kind_name : kind ? kind->name : NULL;

      if (name != NULL)
        g_hash_table_add (sent_rows, g_strconcat (name, " ", c->row, NULL));
    }
  if (!gj_json_scan (data ? data : "", len, &limits, error) ||
      !json_parser_load_from_data (parser, data ? data : "", len, NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_clear_error (error);
      g_set_error (error, GJ_SYNC_ERROR, GJ_SYNC_ERROR_PEER,
                   _("The other device's answer to the changes sent cannot be read"));
      return FALSE;
    }
  obj = json_node_get_object (root);
  n = json_object_get_member (obj, "time");
  if (n != NULL && JSON_NODE_HOLDS_VALUE (n) && json_node_get_value_type (n) == G_TYPE_INT64)
    note_peer_time (stats, json_node_get_int (n));
  n = json_object_get_member (obj, "refused");
  list = n != NULL && JSON_NODE_HOLDS_ARRAY (n) ? json_node_get_array (n) : NULL;
  for (guint i = 0; list != NULL && i < json_array_get_length (list); i++)
    {
      JsonNode *item = json_array_get_element (list, i);
      JsonObject *o = JSON_NODE_HOLDS_OBJECT (item) ? json_node_get_object (item) : NULL;
      const char *kind = member_string (o, "kind");
      const char *id = member_string (o, "id");
      const char *reason = member_string (o, "reason");
      g_autofree char *key = NULL;
      GjRefusal *r;

      /* A peer can refuse only what it was sent: anything else in its
       * answer is not filed as this laptop's problem. */
      if (kind == NULL || id == NULL || reason == NULL)
        continue;
      key = g_strconcat (kind, " ", id, NULL);
      if (!g_hash_table_contains (sent_rows, key))
        continue;
      r = g_new0 (GjRefusal, 1);
      r->kind = g_strdup (kind);
      r->id = g_strdup (id);
      r->reason = g_strdup (reason);
      g_ptr_array_add (refused, r);
    }
  stats->refused += refused->len;
  return gj_store_note_refused (store, transport->peer_id ? transport->peer_id : "?",
                                sent, refused, error);
}

/* Fills in the names of the devices whose changes @cs carries, as far as
 * this device knows them: its own, and those its peers told it, so that
 * the server passes on what each laptop said of itself. */
static void
name_sites (GjStore     *store,
            GjChangeset *cs)
{
  g_autoptr(GHashTable) asked = g_hash_table_new (g_str_hash, g_str_equal);

  for (guint i = 0; i < cs->cells->len; i++)
    {
      GjCell *c = g_ptr_array_index (cs->cells, i);
      char *name;

      if (g_hash_table_size (cs->names) >= GJ_CHANGESET_MAX_NAMES)
        return;
      if (!g_hash_table_add (asked, c->site))
        continue;
      if ((name = gj_store_dup_site_name (store, c->site)) != NULL)
        g_hash_table_insert (cs->names, g_strdup (c->site), name);
    }
}

/* Keeps the device names a page told (gj_changeset_decode() has kept only
 * valid ones, of the page's own sites). */
static gboolean
learn_names (GjStore           *store,
             const GjChangeset *cs,
             GError           **error)
{
  GHashTableIter iter;
  gpointer site, name;

  g_hash_table_iter_init (&iter, cs->names);
  while (g_hash_table_iter_next (&iter, &site, &name))
    if (!gj_store_set_site_name (store, site, name, error))
      return FALSE;
  return TRUE;
}

/* Pushes the pages after the cursor in meta @cursor_key that a peer able
 * to keep @filter is sent; *@held counts what it was not. */
static gboolean
push_pages (GjStore               *store,
            GjExchangeTransport   *transport,
            const GjPeerVersion   *peer,
            const char            *cursor_key,
            const GjChangesFilter *filter,
            GjSyncStats           *stats,
            guint                 *held,
            GError               **error)
{
  for (;;)
    {
      g_autoptr(GjChangeset) cs = gj_changeset_new ();
      g_autoptr(GBytes) json = NULL;
      g_autoptr(GBytes) gz = NULL;
      g_autoptr(GBytes) reply = NULL;
      GjCursor since = gj_exchange_cursor (store, cursor_key);
      guint page_held = 0;

      g_ptr_array_unref (cs->cells);
      cs->cells = gj_store_changes_filtered (store, &since, PAGE_CELLS, NULL, NULL, filter,
                                             &page_held, &cs->next, error);
      if (cs->cells == NULL)
        return FALSE;
      *held += page_held;
      if (cs->cells->len == 0)
        {
          /* Nothing to send in this stretch (what there was is held back):
           * the cursor moves on; only an unmoved one means the end. */
          if (!set_cursor (store, cursor_key, &cs->next, error))
            return FALSE;
          if (same_cursor (&cs->next, &since))
            return TRUE;
          continue;
        }

      g_strlcpy (cs->site, gj_store_get_site_id (store), sizeof cs->site);
      cs->clock = gj_store_get_clock (store);
      /* An older peer reads only pages of the version it knows, and only
       * what it knows is in them. */
      cs->schema = MIN (GJ_SCHEMA_WIRE_VERSION, peer->schema);
      name_sites (store, cs);
      json = gj_changeset_encode (cs);
      if (!(gz = gj_gzip (json, error)))
        return FALSE;
      if (!(reply = transport->request (transport, "POST", "/v1/changes", CHANGESET_TYPE, gz,
                                        error)))
        return FALSE;
      if (!read_push_reply (store, reply, cs->cells, transport, stats, error))
        return FALSE;

      /* The server has committed the page: only now does the cursor move. */
      if (!set_cursor (store, cursor_key, &cs->next, error))
        return FALSE;
      stats->sent += cs->cells->len;
    }
}

static gboolean
push_to (GjStore             *store,
         GjExchangeTransport *transport,
         const GjPeerVersion *peer,
         const char          *push_key,
         GjSyncStats         *stats,
         GError             **error)
{
  g_autofree char *held_key = g_strconcat (push_key, ".held", NULL);
  g_autofree char *catchup_key = g_strconcat (push_key, ".catchup", NULL);
  g_autofree char *held_text = gj_store_get_meta (store, held_key);
  guint held_since = held_text ? (guint) g_ascii_strtoull (held_text, NULL, 10) : 0;
  GjChangesFilter filter = { (guint) MAX (peer->schema, 1), peer->unknown, 0 };
  guint held = 0;

  /* The peer was sent only what a version @held_since keeps: now that it
   * keeps more, what it was not sent goes first, from the start of the
   * log with a cursor of its own, so that an interruption resumes it. */
  if (held_since > 0 && (peer->unknown || (guint) peer->schema > held_since))
    {
      GjChangesFilter catchup = filter;
      guint still = 0;

      catchup.grown_since = held_since;
      if (!push_pages (store, transport, peer, catchup_key, &catchup, stats, &still, error))
        return FALSE;
      if (!gj_store_set_meta (store, catchup_key, NULL, error) ||
          !gj_store_set_meta (store, held_key, NULL, error))
        return FALSE;
      held_since = 0;
    }

  if (!push_pages (store, transport, peer, push_key, &filter, stats, &held, error))
    return FALSE;
  if (held > 0)
    {
      g_autofree char *text = g_strdup_printf ("%u", held_since ? MIN (held_since, filter.schema)
                                                                : filter.schema);

      stats->held_back += held;
      if (!gj_store_set_meta (store, held_key, text, error))
        return FALSE;
      held_since = filter.schema;
    }
  stats->peer_older = stats->peer_older || held_since > 0;
  return TRUE;
}

gboolean
gj_exchange_push (GjStore             *store,
                  GjExchangeTransport *transport,
                  const char          *push_key,
                  GjSyncStats         *stats,
                  GError             **error)
{
  const GjPeerVersion current = GJ_PEER_VERSION_CURRENT;

  return push_to (store, transport, &current, push_key, stats, error);
}

/* Pulls every page after the cursor in meta @pull_key, saying what this
 * version keeps; with @grown, only what a device of that wire version
 * was not sent. */
static gboolean
pull_pages (GjStore             *store,
            GjExchangeTransport *transport,
            const char          *pull_key,
            const char          *push_key,
            guint                grown,
            GjSyncStats         *stats,
            GError             **error)
{
  for (;;)
    {
      g_autoptr(GBytes) reply = NULL;
      g_autoptr(GBytes) json = NULL;
      g_autoptr(GjChangeset) cs = NULL;
      g_autofree char *path = NULL;
      GjCursor since = gj_exchange_cursor (store, pull_key);
      GjCursor push_cursor = gj_exchange_cursor (store, push_key);
      GjApplyResult result = { 0, };
      GjApplyOptions options = { NULL, NULL };
      gint64 before;

      path = g_strdup_printf ("/v1/changes?floor=%" G_GINT64_FORMAT "&pos=%" G_GINT64_FORMAT
                              "&limit=%d&site=%s&schema=%d&unknown=1&grown=%u", since.floor,
                              since.pos, PAGE_CELLS, gj_store_get_site_id (store),
                              GJ_SCHEMA_WIRE_VERSION, grown);
      if (!(reply = transport->request (transport, "GET", path, NULL, NULL, error)))
        return FALSE;
      stats->bytes_in += g_bytes_get_size (reply);
      if (!(json = gj_gunzip (reply, error)) ||
          !(cs = gj_changeset_decode (json, error)))
        return FALSE;
      if (g_str_equal (cs->site, gj_store_get_site_id (store)))
        {
          g_set_error (error, GJ_SYNC_ERROR, GJ_SYNC_ERROR_SAME_SITE,
                       transport->peer_is_laptop
                       ? _("The other laptop presents this laptop's own site id; one database is a "
                           "copy of the other and they cannot sync")
                       : _("The district server presents this device's own site id; this database "
                           "is a copy of the server's and cannot sync"));
          return FALSE;
        }
      note_peer_time (stats, cs->time_ms);
      if (cs->cells->len == 0)
        {
          /* A page can be empty but still move the cursor past rows that
           * are this device's own; only an unmoved cursor means the end. */
          if (!set_cursor (store, pull_key, &cs->next, error))
            return FALSE;
          if (same_cursor (&cs->next, &since))
            return TRUE;
          continue;
        }

      /* The page and the cursor after it are one transaction. */
      if (!gj_store_begin (store, error))
        return FALSE;
      before = gj_store_get_version (store);
      options.sender = cs->site;
      if (!gj_store_apply_page (store, cs->cells, &options, &result, NULL, error) ||
          !learn_names (store, cs, error) ||
          !set_cursor (store, pull_key, &cs->next, error))
        {
          gj_store_rollback (store);
          return FALSE;
        }
      /* What was just merged came from the server: if nothing local was
       * waiting to be pushed, the push cursor skips it instead of sending
       * it straight back. */
      if (push_cursor.floor == push_cursor.pos && push_cursor.pos == before)
        {
          GjCursor skip = { gj_store_get_version (store), gj_store_get_version (store) };

          if (!set_cursor (store, push_key, &skip, error))
            {
              gj_store_rollback (store);
              return FALSE;
            }
        }
      if (!gj_store_commit (store, error))
        return FALSE;
      stats->received += result.applied;
      stats->conflicts += result.conflicts;
      stats->held += result.refused;
    }
}

static gboolean
pull_from (GjStore             *store,
           GjExchangeTransport *transport,
           const GjPeerVersion *peer,
           const char          *pull_key,
           const char          *push_key,
           GjSyncStats         *stats,
           GError             **error)
{
  g_autofree char *complete_key = g_strconcat (pull_key, ".complete", NULL);
  g_autofree char *catchup_key = g_strconcat (pull_key, ".catchup", NULL);
  g_autofree char *complete = gj_store_get_meta (store, complete_key);

  /* A cursor without the mark was moved by release 0.2.0, which a newer
   * peer sent only the kinds and fields of wire version 1: what it left
   * out comes now, once. An older peer left nothing out. */
  if (complete == NULL)
    {
      GjCursor since = gj_exchange_cursor (store, pull_key);

      if ((since.pos != 0 || since.floor != 0) && peer->unknown &&
          !pull_pages (store, transport, catchup_key, push_key, 1, stats, error))
        return FALSE;
      if (!gj_store_set_meta (store, catchup_key, NULL, error) ||
          !gj_store_set_meta (store, complete_key, "1", error))
        return FALSE;
    }
  return pull_pages (store, transport, pull_key, push_key, 0, stats, error);
}

gboolean
gj_exchange_pull (GjStore             *store,
                  GjExchangeTransport *transport,
                  const char          *pull_key,
                  const char          *push_key,
                  GjSyncStats         *stats,
                  GError             **error)
{
  const GjPeerVersion current = GJ_PEER_VERSION_CURRENT;

  return pull_from (store, transport, &current, pull_key, push_key, stats, error);
}

/* The answer to a hello: small, but read without trusting it. */
static gboolean
read_hello (GBytes        *reply,
            GjPeerVersion *peer)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  JsonNode *root, *n;
  JsonObject *o;

  if (!gj_json_scan_message (reply) ||
      !json_parser_load_from_data (parser, g_bytes_get_data (reply, NULL), g_bytes_get_size (reply),
                                   NULL) ||
      (root = json_parser_get_root (parser)) == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    return FALSE;
  o = json_node_get_object (root);
  n = json_object_get_member (o, "protocol");
  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_INT64)
    return FALSE;
  peer->protocol = (int) CLAMP (json_node_get_int (n), 0, G_MAXINT);
  n = json_object_get_member (o, "schema");
  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_INT64)
    return FALSE;
  peer->schema = (int) CLAMP (json_node_get_int (n), 0, G_MAXINT);
  n = json_object_get_member (o, "unknown");
  peer->unknown = n != NULL && JSON_NODE_HOLDS_VALUE (n) &&
                  json_node_get_value_type (n) == G_TYPE_BOOLEAN && json_node_get_boolean (n);
  return peer->protocol >= 1 && peer->schema >= 1;
}

gboolean
gj_exchange_hello (GjExchangeTransport *transport,
                   GjPeerVersion       *peer,
                   GError             **error)
{
  const GjPeerVersion old = GJ_PEER_VERSION_0_2;
  g_autoptr(GBytes) reply = NULL;
  g_autoptr(GError) local = NULL;

  reply = transport->request (transport, "GET", "/v1/hello", NULL, NULL, &local);
  if (reply == NULL && g_error_matches (local, GJ_SYNC_ERROR, GJ_SYNC_ERROR_NO_SUCH_ADDRESS))
    {
      *peer = old;
      return TRUE;
    }
  if (reply == NULL)
    {
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  if (!read_hello (reply, peer))
    {
      g_set_error (error, GJ_SYNC_ERROR, GJ_SYNC_ERROR_PEER,
                   _("The other device's answer about its version cannot be read"));
      return FALSE;
    }
  if (peer->protocol < GJ_PROTOCOL_VERSION)
    {
      /* Every version so far speaks protocol 1; one that does not is a
       * peer this one cannot sync with. */
      g_set_error (error, GJ_SYNC_ERROR, GJ_SYNC_ERROR_NEWER_VERSION,
                   _("The other device speaks an older sync protocol (%d) that this version of "
                     "Gongjian cannot use"), peer->protocol);
      return FALSE;
    }
  return TRUE;
}

gboolean
gj_exchange_sync (GjStore             *store,
                  GjExchangeTransport *transport,
                  const char          *push_key,
                  const char          *pull_key,
                  GjSyncStats         *stats,
                  GError             **error)
{
  GjPeerVersion peer;

  return gj_exchange_hello (transport, &peer, error) &&
         push_to (store, transport, &peer, push_key, stats, error) &&
         pull_from (store, transport, &peer, pull_key, push_key, stats, error);
}

/* The answering side */

static gint64
query_int (GHashTable *query,
           const char *name)
{
  const char *v = query ? g_hash_table_lookup (query, name) : NULL;

  return v ? g_ascii_strtoll (v, NULL, 10) : 0;
}

GBytes *
gj_exchange_answer_pull (GjStore     *store,
                         const char  *street_id,
                         GHashTable  *query,
                         GError     **error)
{
  g_autoptr(GjChangeset) cs = gj_changeset_new ();
  g_autoptr(GBytes) json = NULL;
  GjCursor since = { query_int (query, "floor"), query_int (query, "pos") };
  gint64 limit = query_int (query, "limit");
  gint64 schema = query_int (query, "schema");
  /* Release 0.2.0 asks without saying what it keeps: wire version 1,
   * nothing unknown. */
  GjChangesFilter filter = { (guint) CLAMP (schema, 1, G_MAXINT), query_int (query, "unknown") == 1,
                             (guint) CLAMP (query_int (query, "grown"), 0, G_MAXINT) };

  g_return_val_if_fail (GJ_IS_STORE (store), NULL);
  g_return_val_if_fail (street_id != NULL, NULL);

  if (since.floor < 0 || since.floor > since.pos)
    {
      g_set_error (error, GJ_SYNC_ERROR, GJ_SYNC_ERROR_MALFORMED, _("The sync cursor is invalid"));
      return NULL;
    }
  limit = CLAMP (limit, 1, PAGE_CELLS);

  g_ptr_array_unref (cs->cells);
  cs->cells = gj_store_changes_filtered (store, &since, limit, street_id,
                                         query ? g_hash_table_lookup (query, "site") : NULL,
                                         &filter, NULL, &cs->next, error);
  if (cs->cells == NULL)
    return NULL;
  cs->more = !same_cursor (&cs->next, &since);
  cs->schema = (int) MIN ((guint) GJ_SCHEMA_WIRE_VERSION, filter.schema);
  g_strlcpy (cs->site, gj_store_get_site_id (store), sizeof cs->site);
  cs->clock = gj_store_get_clock (store);
  cs->time_ms = g_get_real_time () / 1000;
  name_sites (store, cs);
  json = gj_changeset_encode (cs);
  return gj_gzip (json, error);
}

GBytes *
gj_exchange_answer_hello (void)
{
  char *text = g_strdup_printf ("{\"protocol\":%d,\"schema\":%d,\"unknown\":true,\"version\":\"%s\"}",
                                GJ_PROTOCOL_VERSION, GJ_SCHEMA_WIRE_VERSION, PACKAGE_VERSION);

  return g_bytes_new_take (text, strlen (text));
}

GBytes *
gj_exchange_answer_push (GjStore     *store,
                         const char  *device_id,
                         const char  *street_id,
                         GBytes      *body,
                         gboolean    *applied_any,
                         GError     **error)
{
  g_autoptr(GBytes) json = NULL;
  g_autoptr(GjChangeset) cs = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonGenerator) gen = json_generator_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(GPtrArray) refused = g_ptr_array_new_with_free_func ((GDestroyNotify) gj_refusal_free);
  GjApplyResult result = { 0, };
  GjApplyOptions options = { NULL, NULL };
  char *text;
  gsize len;

  g_return_val_if_fail (GJ_IS_STORE (store), NULL);
  g_return_val_if_fail (device_id != NULL && street_id != NULL, NULL);

  if (applied_any)
    *applied_any = FALSE;
  if (!(json = gj_gunzip (body, error)) ||
      !(cs = gj_changeset_decode (json, error)))
    return NULL;
  if (g_str_equal (cs->site, gj_store_get_site_id (store)))
    {
      g_set_error (error, GJ_SYNC_ERROR, GJ_SYNC_ERROR_SAME_SITE,
                   _("The device presents the district server's own site id; its database is a "
                     "copy of the server's and cannot sync"));
      return NULL;
    }
  /* Scope and every value are judged row by row against the rows as this
   * side holds them: a row outside the device's street, or one that fails
   * a check, is held and named in the answer; the rest of the page is
   * applied. Held rows name the device by its certificate, which it
   * cannot choose, rather than by the site id its page claims. */
  options.sender = device_id;
  options.scope_street = street_id;
  if (!gj_store_apply_page (store, cs->cells, &options, &result, refused, error) ||
      !learn_names (store, cs, error))
    return NULL;
  if (applied_any)
    *applied_any = result.applied > 0;

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "applied");
  json_builder_add_int_value (b, result.applied);
  json_builder_set_member_name (b, "conflicts");
  json_builder_add_int_value (b, result.conflicts);
  json_builder_set_member_name (b, "time");
  json_builder_add_int_value (b, g_get_real_time () / 1000);
  json_builder_set_member_name (b, "refused");
  json_builder_begin_array (b);
  for (guint i = 0; i < refused->len; i++)
    {
      GjRefusal *r = g_ptr_array_index (refused, i);

      json_builder_begin_object (b);
      json_builder_set_member_name (b, "kind");
      json_builder_add_string_value (b, r->kind);
      json_builder_set_member_name (b, "id");
      json_builder_add_string_value (b, r->id);
      json_builder_set_member_name (b, "reason");
      json_builder_add_string_value (b, r->reason);
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);
  json_generator_set_root (gen, root);
  text = json_generator_to_data (gen, &len);
  return g_bytes_new_take (text, len);
}
