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
#include "gj-sync-error.h"

/* Cells a page holds at most, each way; pages are bounded in bytes too
 * (GJ_PAGE_VALUE_BYTES). */
#define PAGE_CELLS GJ_CHANGESET_MAX_CELLS
#define CHANGESET_TYPE "application/x-gongjian-changeset+gzip"

static char *
cursor_text (const GjCursor *c)
{
  return g_strdup_printf ("%" G_GINT64_FORMAT ",%" G_GINT64_FORMAT, c->floor, c->pos);
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

      if (kind != NULL)
        g_hash_table_add (sent_rows, g_strconcat (kind->name, " ", c->row, NULL));
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

gboolean
gj_exchange_push (GjStore             *store,
                  GjExchangeTransport *transport,
                  const char          *push_key,
                  GjSyncStats         *stats,
                  GError             **error)
{
  for (;;)
    {
      g_autoptr(GjChangeset) cs = gj_changeset_new ();
      g_autoptr(GBytes) json = NULL;
      g_autoptr(GBytes) gz = NULL;
      g_autoptr(GBytes) reply = NULL;
      g_autofree char *next_text = NULL;
      GjCursor since = gj_exchange_cursor (store, push_key);

      g_ptr_array_unref (cs->cells);
      cs->cells = gj_store_changes_since (store, &since, PAGE_CELLS, &cs->next, error);
      if (cs->cells == NULL)
        return FALSE;
      if (cs->cells->len == 0)
        {
          /* Nothing left: let the floor catch up so later pages stay small. */
          next_text = cursor_text (&cs->next);
          return gj_store_set_meta (store, push_key, next_text, error);
        }
      if (cs->cells->len > 0)
        {
          g_strlcpy (cs->site, gj_store_get_site_id (store), sizeof cs->site);
          cs->clock = gj_store_get_clock (store);
          json = gj_changeset_encode (cs);
          if (!(gz = gj_gzip (json, error)))
            return FALSE;
          if (!(reply = transport->request (transport, "POST", "/v1/changes", CHANGESET_TYPE, gz,
                                            error)))
            return FALSE;
          if (!read_push_reply (store, reply, cs->cells, transport, stats, error))
            return FALSE;
        }

      /* The server has committed the page: only now does the cursor move. */
      next_text = cursor_text (&cs->next);
      if (!gj_store_set_meta (store, push_key, next_text, error))
        return FALSE;
      stats->sent += cs->cells->len;
    }
}

gboolean
gj_exchange_pull (GjStore             *store,
                  GjExchangeTransport *transport,
                  const char          *pull_key,
                  const char          *push_key,
                  GjSyncStats         *stats,
                  GError             **error)
{
  for (;;)
    {
      g_autoptr(GBytes) reply = NULL;
      g_autoptr(GBytes) json = NULL;
      g_autoptr(GjChangeset) cs = NULL;
      g_autofree char *path = NULL;
      g_autofree char *next_text = NULL;
      GjCursor since = gj_exchange_cursor (store, pull_key);
      GjCursor push_cursor = gj_exchange_cursor (store, push_key);
      GjApplyResult result = { 0, };
      GjApplyOptions options = { NULL, NULL };
      gint64 before;

      path = g_strdup_printf ("/v1/changes?floor=%" G_GINT64_FORMAT "&pos=%" G_GINT64_FORMAT
                              "&limit=%d&site=%s", since.floor, since.pos, PAGE_CELLS,
                              gj_store_get_site_id (store));
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
          next_text = cursor_text (&cs->next);
          if (!gj_store_set_meta (store, pull_key, next_text, error))
            return FALSE;
          if (cs->next.pos == since.pos && cs->next.floor == since.floor)
            return TRUE;
          continue;
        }

      /* The page and the cursor after it are one transaction. */
      if (!gj_store_begin (store, error))
        return FALSE;
      before = gj_store_get_version (store);
      next_text = cursor_text (&cs->next);
      options.sender = cs->site;
      if (!gj_store_apply_page (store, cs->cells, &options, &result, NULL, error) ||
          !gj_store_set_meta (store, pull_key, next_text, error))
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
          g_autofree char *skip_text = cursor_text (&skip);

          if (!gj_store_set_meta (store, push_key, skip_text, error))
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

  g_return_val_if_fail (GJ_IS_STORE (store), NULL);
  g_return_val_if_fail (street_id != NULL, NULL);

  if (since.floor < 0 || since.floor > since.pos)
    {
      g_set_error (error, GJ_SYNC_ERROR, GJ_SYNC_ERROR_MALFORMED, _("The sync cursor is invalid"));
      return NULL;
    }
  limit = CLAMP (limit, 1, PAGE_CELLS);

  g_ptr_array_unref (cs->cells);
  cs->cells = gj_store_changes_for_street (store, &since, limit, street_id,
                                           query ? g_hash_table_lookup (query, "site") : NULL,
                                           &cs->next, error);
  if (cs->cells == NULL)
    return NULL;
  cs->more = cs->next.pos != since.pos || cs->next.floor != since.floor;
  g_strlcpy (cs->site, gj_store_get_site_id (store), sizeof cs->site);
  cs->clock = gj_store_get_clock (store);
  cs->time_ms = g_get_real_time () / 1000;
  json = gj_changeset_encode (cs);
  return gj_gzip (json, error);
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
  if (!gj_store_apply_page (store, cs->cells, &options, &result, refused, error))
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
