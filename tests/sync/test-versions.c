/* test-versions.c: devices of different releases keep syncing (issue 10)
 *
 * The protocol runs in-process. A peer "of release 0.2.0" is this code
 * behind a transport that behaves as 0.2.0 did: it answers no hello, it
 * reads pulls without the version parameters, and it refuses a whole page
 * of a newer schema or with a kind or field it does not know. (tests/compat
 * runs the real 0.2.0 programs.)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "gj-changeset.h"
#include "gj-exchange.h"
#include "gj-hlc.h"
#include "gj-store-sync.h"
#include "gj-sync-error.h"
#include "gj-test-store.h"

#define DEVICE "dddddddddddddddddddddddddddddddd"
#define FUTURE_SITE "fefefefefefefefefefefefefefefefe"

typedef struct
{
  GjExchangeTransport parent;
  GjStore            *server;
  const char         *street;
  gboolean            old_server;  /* the answering side runs 0.2.0 */
  gboolean            old_client;  /* the asking side runs 0.2.0 */
} VersionTransport;

/* 0.2.0 refused a page with a newer schema or anything it did not know. */
static gboolean
old_release_reads (GBytes  *gz,
                   GError **error)
{
  g_autoptr(GBytes) json = gj_gunzip (gz, error);
  g_autoptr(GjChangeset) cs = json ? gj_changeset_decode (json, error) : NULL;

  if (cs == NULL)
    return FALSE;
  if (cs->schema > 1)
    {
      g_set_error (error, GJ_SYNC_ERROR, GJ_SYNC_ERROR_NEWER_VERSION, "format %d", cs->schema);
      return FALSE;
    }
  for (guint i = 0; i < cs->cells->len; i++)
    {
      const GjCell *c = g_ptr_array_index (cs->cells, i);

      if (gj_cell_is_unknown (c) ||
          gj_kind_column_since (gj_schema_kind_by_index (c->kind), c->column) > 1)
        {
          g_set_error (error, GJ_SYNC_ERROR, GJ_SYNC_ERROR_UNKNOWN_FIELD, "unknown field");
          return FALSE;
        }
    }
  return TRUE;
}

static GBytes *
version_request (GjExchangeTransport *transport,
                 const char          *method,
                 const char          *path_and_query,
                 const char          *content_type,
                 GBytes              *body,
                 GError             **error)
{
  VersionTransport *self = (VersionTransport *) transport;
  const char *q = strchr (path_and_query, '?');
  g_autoptr(GHashTable) query = NULL;

  transport->peer_id = gj_store_get_site_id (self->server);
  if (g_str_equal (path_and_query, "/v1/hello"))
    {
      if (self->old_server)
        {
          g_set_error (error, GJ_SYNC_ERROR, GJ_SYNC_ERROR_NO_SUCH_ADDRESS, "404");
          return NULL;
        }
      return gj_exchange_answer_hello ();
    }
  if (g_str_equal (method, "POST"))
    {
      if (self->old_server && !old_release_reads (body, error))
        return NULL;
      return gj_exchange_answer_push (self->server, DEVICE, self->street, body, NULL, error);
    }
  query = g_uri_parse_params (q ? q + 1 : "", -1, "&", G_URI_PARAMS_NONE, NULL);
  /* Neither side of release 0.2.0 knows these. */
  if (self->old_client || self->old_server)
    {
      g_hash_table_remove (query, "schema");
      g_hash_table_remove (query, "unknown");
      g_hash_table_remove (query, "grown");
    }
  return gj_exchange_answer_pull (self->server, self->street, query, error);
}

static const char *
new_org (GjStore    *store,
         const char *name,
         const char *authority)
{
  g_autoptr(GjRecord) rec = gj_record_new_for ("organization");
  g_autoptr(GError) error = NULL;
  static char id[65];

  gj_record_set_text (rec, "street_id", "0190c0de-0000-7000-8000-000000000001");
  gj_record_set_text (rec, "name", name);
  gj_record_set_text (rec, "category", "charity");
  gj_record_set_text (rec, "legal_form", "social_group");
  if (authority != NULL)
    gj_record_set_text (rec, "registration_authority", authority);
  g_assert_true (gj_store_insert (store, rec, &error));
  g_assert_no_error (error);
  g_strlcpy (id, rec->id, sizeof id);
  return id;
}

static char *
field_of (GjStore    *store,
          const char *id,
          const char *field)
{
  g_autoptr(GjRecord) rec = gj_store_get (store, gj_schema_lookup ("organization"), id, NULL);

  return rec ? g_strdup (gj_record_get_text (rec, field)) : NULL;
}

static void
sync_ok (GjStore          *store,
         VersionTransport *t,
         GjSyncStats      *stats)
{
  g_autoptr(GError) error = NULL;

  memset (stats, 0, sizeof *stats);
  g_assert_true (gj_exchange_sync (store, &t->parent, "sync.push", "sync.pull", stats, &error));
  g_assert_no_error (error);
}

/* A new laptop syncing with a 0.2.0 server sends what the server keeps
 * and holds the new field; once the server is updated in place the held
 * value flows, and reaches another new laptop, with nobody doing
 * anything. */
static void
test_hold_back_until_upgrade (void)
{
  g_autoptr(GjStore) a = gj_test_store_new ();
  g_autoptr(GjStore) b = gj_test_store_new ();
  g_autoptr(GjStore) server = gj_test_store_new ();
  VersionTransport t = { { version_request, NULL, FALSE }, server,
                         "0190c0de-0000-7000-8000-000000000001", TRUE, FALSE };
  GjSyncStats stats;
  g_autofree char *id = NULL;
  g_autofree char *v = NULL;
  g_autofree char *held = NULL;

  id = g_strdup (new_org (a, "东湖社区银龄互助会", "东湖区民政局"));
  sync_ok (a, &t, &stats);
  g_assert_cmpuint (stats.sent, >, 0);
  g_assert_cmpuint (stats.held_back, ==, 1);
  g_assert_true (stats.peer_older);
  v = field_of (server, id, "name");
  g_assert_cmpstr (v, ==, "东湖社区银龄互助会");
  g_clear_pointer (&v, g_free);
  v = field_of (server, id, "registration_authority");
  g_assert_null (v);

  /* Edited again while the server is old: the newest value is what waits. */
  {
    g_autoptr(GjRecord) rec = gj_store_get (a, gj_schema_lookup ("organization"), id, NULL);
    g_autoptr(GError) error = NULL;

    gj_record_set_text (rec, "registration_authority", "东湖区行政审批局");
    g_assert_true (gj_store_update (a, rec, GJ_WRITE_NONE, &error));
    g_assert_no_error (error);
  }
  sync_ok (a, &t, &stats);
  g_assert_cmpuint (stats.held_back, ==, 1);
  sync_ok (b, &t, &stats);
  v = field_of (b, id, "name");
  g_assert_cmpstr (v, ==, "东湖社区银龄互助会");
  g_clear_pointer (&v, g_free);

  /* The administrator updates the server in place. */
  t.old_server = FALSE;
  sync_ok (a, &t, &stats);
  g_assert_cmpuint (stats.sent, ==, 1);
  g_assert_cmpuint (stats.held_back, ==, 0);
  g_assert_false (stats.peer_older);
  held = gj_store_get_meta (a, "sync.push.held");
  g_assert_null (held);
  v = field_of (server, id, "registration_authority");
  g_assert_cmpstr (v, ==, "东湖区行政审批局");
  g_clear_pointer (&v, g_free);

  sync_ok (b, &t, &stats);
  v = field_of (b, id, "registration_authority");
  g_assert_cmpstr (v, ==, "东湖区行政审批局");
  g_clear_pointer (&v, g_free);

  /* And then there is nothing left to send. */
  sync_ok (a, &t, &stats);
  g_assert_cmpuint (stats.sent, ==, 0);
}

/* A laptop that pulled as 0.2.0 from a new server was not sent the new
 * field; once the laptop is updated it fetches what it missed. */
static void
test_old_laptop_catches_up (void)
{
  g_autoptr(GjStore) a = gj_test_store_new ();
  g_autoptr(GjStore) old = gj_test_store_new ();
  g_autoptr(GjStore) server = gj_test_store_new ();
  g_autoptr(GError) error = NULL;
  VersionTransport t = { { version_request, NULL, FALSE }, server,
                         "0190c0de-0000-7000-8000-000000000001", FALSE, FALSE };
  GjSyncStats stats;
  g_autofree char *id = NULL;
  g_autofree char *v = NULL;

  id = g_strdup (new_org (a, "东湖社区银龄互助会", "东湖区民政局"));
  new_org (a, "东湖社区书画社", NULL);
  sync_ok (a, &t, &stats);

  /* As 0.2.0: it asks without saying what it keeps, and never marks its
   * cursor as complete. */
  t.old_client = TRUE;
  memset (&stats, 0, sizeof stats);
  g_assert_true (gj_exchange_pull (old, &t.parent, "sync.pull", "sync.push", &stats, &error));
  g_assert_no_error (error);
  g_assert_true (gj_store_set_meta (old, "sync.pull.complete", NULL, &error));
  v = field_of (old, id, "name");
  g_assert_cmpstr (v, ==, "东湖社区银龄互助会");
  g_clear_pointer (&v, g_free);
  v = field_of (old, id, "registration_authority");
  g_assert_null (v);

  t.old_client = FALSE;
  sync_ok (old, &t, &stats);
  g_assert_cmpuint (stats.received, ==, 1);
  v = field_of (old, id, "registration_authority");
  g_assert_cmpstr (v, ==, "东湖区民政局");
  g_clear_pointer (&v, g_free);
  v = gj_store_get_meta (old, "sync.pull.complete");
  g_assert_cmpstr (v, ==, "1");
  g_clear_pointer (&v, g_free);

  /* Once only. */
  sync_ok (old, &t, &stats);
  g_assert_cmpuint (stats.received, ==, 0);
}

/* A page from a device of a newer release than this one, as JSON. */
static GBytes *
future_page (const char *org_id,
             const char *value,
             guint64     clock)
{
  g_autofree char *json = g_strdup_printf (
    "{\"protocol\":1,\"schema\":3,\"site\":\"" FUTURE_SITE "\",\"clock\":%" G_GUINT64_FORMAT ","
    "\"next\":[0,9],\"more\":false,\"sites\":[\"" FUTURE_SITE "\"],\"rows\":["
    "[\"organization\",\"%s\",[[\"colour\",\"%s\",%" G_GUINT64_FORMAT ",0,0]]],"
    "[\"spaceship\",\"ship-1\",[[\"street_id\",\"0190c0de-0000-7000-8000-000000000001\",%"
    G_GUINT64_FORMAT ",0,0],[\"name\",\"%s\",%" G_GUINT64_FORMAT ",0,0],[\"deleted\",0,%"
    G_GUINT64_FORMAT ",0,0]]]]}",
    clock, org_id, value, clock, clock, value, clock, clock);
  g_autoptr(GBytes) plain = g_bytes_new (json, strlen (json));

  return gj_gzip (plain, NULL);
}

static int
compare_lines (gconstpointer a,
               gconstpointer b)
{
  return g_strcmp0 (*(char * const *) a, *(char * const *) b);
}

/* The unknown cells a store would send on, as "kind/id/field=value@clock". */
static char *
unknown_cells (GjStore *store)
{
  GjCursor since = GJ_CURSOR_INIT, next;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cells = gj_store_changes_since (store, &since, 10000, &next, &error);
  g_autoptr(GPtrArray) lines = g_ptr_array_new_with_free_func (g_free);

  g_assert_no_error (error);
  for (guint i = 0; i < cells->len; i++)
    {
      const GjCell *c = g_ptr_array_index (cells, i);
      g_autofree char *value = NULL;

      if (!gj_cell_is_unknown (c))
        continue;
      value = gj_value_to_string (&c->value);
      g_ptr_array_add (lines, g_strdup_printf ("%s/%s/%s=%s@%" G_GUINT64_FORMAT "/%s", c->kind_name,
                                               c->row, c->field_name, value, c->hlc, c->site));
    }
  g_ptr_array_sort (lines, compare_lines);
  g_ptr_array_add (lines, NULL);
  return g_strjoinv ("\n", (char **) lines->pdata);
}

/* A kind and a field from a newer release are kept as they came, ordered
 * by their clocks like any cell, passed on to the next device unchanged,
 * and held back from a 0.2.0 peer. */
static void
test_unknown_kept_and_relayed (void)
{
  g_autoptr(GjStore) a = gj_test_store_new ();
  g_autoptr(GjStore) server = gj_test_store_new ();
  g_autoptr(GjStore) b = gj_test_store_new ();
  g_autoptr(GjStore) old = gj_test_store_new ();
  g_autoptr(GError) error = NULL;
  VersionTransport t = { { version_request, NULL, FALSE }, server,
                         "0190c0de-0000-7000-8000-000000000001", FALSE, FALSE };
  GjSyncStats stats;
  g_autofree char *id = NULL;
  g_autofree char *on_server = NULL;
  g_autofree char *on_b = NULL;
  guint64 t1 = gj_hlc_now_physical () - ((guint64) 60000 << GJ_HLC_SHIFT);
  guint64 t0 = t1 - ((guint64) 60000 << GJ_HLC_SHIFT);

  id = g_strdup (new_org (a, "东湖社区银龄互助会", NULL));
  sync_ok (a, &t, &stats);

  /* The newer device pushes to the server (as its laptop would). */
  {
    g_autoptr(GBytes) page = future_page (id, "红", t1);
    g_autoptr(GBytes) answer = gj_exchange_answer_push (server, DEVICE, t.street, page, NULL, &error);

    g_assert_no_error (error);
    g_assert_nonnull (answer);
    g_assert_null (strstr (g_bytes_get_data (answer, NULL), "\"reason\""));
  }
  /* An older write of the same cells arrives late: it loses. */
  {
    g_autoptr(GBytes) page = future_page (id, "蓝", t0);
    g_autoptr(GBytes) answer = gj_exchange_answer_push (server, DEVICE, t.street, page, NULL, &error);

    g_assert_no_error (error);
    g_assert_nonnull (answer);
  }
  on_server = unknown_cells (server);
  g_assert_nonnull (strstr (on_server, "organization/"));
  g_assert_nonnull (strstr (on_server, "/colour=红@"));
  g_assert_nonnull (strstr (on_server, "spaceship/ship-1/name=红@"));
  g_assert_null (strstr (on_server, "蓝"));

  /* Relayed unchanged to a laptop of the street, which keeps them too. */
  sync_ok (b, &t, &stats);
  on_b = unknown_cells (b);
  g_assert_cmpstr (on_b, ==, on_server);
  /* The known part of the row is untouched. */
  {
    g_autofree char *name = field_of (b, id, "name");
    g_assert_cmpstr (name, ==, "东湖社区银龄互助会");
  }

  /* A 0.2.0 peer of b's is not sent them (it would refuse the page), and
   * b says it holds them. */
  {
    VersionTransport to_old = { { version_request, NULL, TRUE }, old, t.street, TRUE, FALSE };

    memset (&stats, 0, sizeof stats);
    g_assert_true (gj_exchange_sync (b, &to_old.parent, "old.push", "old.pull", &stats, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (stats.held_back, ==, 4);
    g_assert_true (stats.peer_older);
    g_assert_cmpint (gj_store_count (old, gj_schema_lookup ("organization"), NULL, NULL), ==, 1);
  }
}

/* A record of an unknown kind keeps the street it arrived with: one
 * naming another street than the sending device's is refused. */
static void
test_unknown_street_scope (void)
{
  g_autoptr(GjStore) server = gj_test_store_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) page = future_page ("0190c0de-0000-7000-8000-00000000beef", "红",
                                        gj_hlc_now_physical ());
  g_autoptr(GBytes) answer = NULL;
  g_autofree char *cells = NULL;

  answer = gj_exchange_answer_push (server, DEVICE, "0190c0de-0000-7000-8000-0000000000ff", page,
                                    NULL, &error);
  g_assert_no_error (error);
  g_assert_nonnull (strstr (g_bytes_get_data (answer, NULL), "another street"));
  /* Neither the unknown kind (another street) nor the field of a record
   * that is not here is kept. */
  g_assert_nonnull (strstr (g_bytes_get_data (answer, NULL), "not here"));
  cells = unknown_cells (server);
  g_assert_cmpstr (cells, ==, "");
}

/* A database that kept cells of a field it did not know moves them into
 * the record once it opens with a version that knows the field, with the
 * clock they came with. */
static void
test_promoted_once_known (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = gj_test_db_path (&dir);
  g_autoptr(GError) error = NULL;
  g_autofree char *id = NULL;
  g_autofree char *v = NULL;
  guint64 clock = gj_hlc_now_physical () - ((guint64) 1000 << GJ_HLC_SHIFT);

  {
    g_autoptr(GjStore) store = gj_store_open (path, &error);
    g_autoptr(GPtrArray) cells = g_ptr_array_new_with_free_func ((GDestroyNotify) gj_cell_free);
    GjCell *c = gj_cell_new ();

    g_assert_no_error (error);
    id = g_strdup (new_org (store, "东湖社区银龄互助会", NULL));
    /* As a version without the field kept it. */
    c->kind = gj_schema_lookup ("organization")->index;
    c->column = GJ_CELL_UNKNOWN;
    c->kind_name = g_strdup ("organization");
    c->field_name = g_strdup ("registration_authority");
    c->row = g_strdup (id);
    gj_value_set_text (&c->value, "东湖区民政局");
    c->hlc = clock;
    g_strlcpy (c->site, FUTURE_SITE, sizeof c->site);
    g_ptr_array_add (cells, c);
    g_assert_true (gj_store_apply (store, cells, NULL, &error));
    g_assert_no_error (error);
    v = field_of (store, id, "registration_authority");
    g_assert_null (v);
    g_assert_true (gj_store_set_meta (store, "unknown.promoted", "1", &error));
  }
  {
    g_autoptr(GjStore) store = gj_store_open (path, &error);
    g_autofree char *left = NULL;

    g_assert_no_error (error);
    v = field_of (store, id, "registration_authority");
    g_assert_cmpstr (v, ==, "东湖区民政局");
    left = unknown_cells (store);
    g_assert_cmpstr (left, ==, "");
  }
  gj_test_db_remove (dir, path);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/versions/hold-back-until-upgrade", test_hold_back_until_upgrade);
  g_test_add_func ("/versions/old-laptop-catches-up", test_old_laptop_catches_up);
  g_test_add_func ("/versions/unknown-kept-and-relayed", test_unknown_kept_and_relayed);
  g_test_add_func ("/versions/unknown-street-scope", test_unknown_street_scope);
  g_test_add_func ("/versions/promoted-once-known", test_promoted_once_known);
  return g_test_run ();
}
