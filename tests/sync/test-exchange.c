/* test-exchange.c: the sync protocol in-process, without HTTPS
 *
 * The same push and pull the laptops run over HTTPS, carried by a transport
 * that calls the answering side directly: a laptop syncing with a server
 * store, a device whose every row is out of scope, and a peer answering
 * with a hostile body.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "gj-changeset.h"
#include "gj-demo.h"
#include "gj-exchange.h"
#include "gj-store-sync.h"
#include "gj-sync-error.h"
#include "gj-test-store.h"

#define DEVICE "dddddddddddddddddddddddddddddddd"

typedef struct
{
  GjExchangeTransport parent;
  GjStore            *server;
  const char         *street;     /* the asking device's street, as enrolled */
  GBytes             *hostile;    /* answer every pull with this, if set */
  GBytes             *push_answer;/* answer every push with this, if set */
  guint               requests;
} LoopTransport;

static GBytes *
loop_request (GjExchangeTransport *transport,
              const char          *method,
              const char          *path_and_query,
              const char          *content_type,
              GBytes              *body,
              GError             **error)
{
  LoopTransport *self = (LoopTransport *) transport;

  self->requests++;
  transport->peer_id = gj_store_get_site_id (self->server);
  if (g_str_equal (path_and_query, "/v1/hello"))
    return gj_exchange_answer_hello ();
  if (g_str_equal (method, "POST") && self->push_answer != NULL)
    return g_bytes_ref (self->push_answer);
  if (g_str_equal (method, "POST"))
    return gj_exchange_answer_push (self->server, DEVICE, self->street, body, NULL, error);
  if (self->hostile != NULL)
    return g_bytes_ref (self->hostile);
  {
    const char *q = strchr (path_and_query, '?');
    g_autoptr(GHashTable) query = g_uri_parse_params (q ? q + 1 : "", -1, "&", G_URI_PARAMS_NONE, NULL);

    return gj_exchange_answer_pull (self->server, self->street, query, error);
  }
}

static gint64
count (GjStore    *store,
       const char *kind)
{
  return gj_store_count (store, gj_schema_lookup (kind), NULL, NULL);
}

/* A laptop's records reach the server page by page, and a new laptop of
 * the street gets them all back; a second sync has nothing to do. */
static void
test_round_trip (void)
{
  g_autoptr(GjStore) laptop = gj_test_demo_store (11);
  g_autoptr(GjStore) server = gj_test_store_new ();
  g_autoptr(GjStore) fresh = gj_test_store_new ();
  g_autoptr(GError) error = NULL;
  LoopTransport t = { { loop_request, NULL, FALSE }, server, NULL, NULL, NULL, 0 };
  GjSyncStats stats = { 0, };

  t.street = gj_store_get_street (laptop);
  g_assert_true (gj_exchange_push (laptop, &t.parent, "sync.push", &stats, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.sent, >, 1000);
  g_assert_cmpuint (stats.refused, ==, 0);
  g_assert_cmpint (count (server, "organization"), ==, count (laptop, "organization"));

  memset (&stats, 0, sizeof stats);
  g_assert_true (gj_exchange_pull (fresh, &t.parent, "sync.pull", "sync.push", &stats, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (fresh, "organization"), ==, count (laptop, "organization"));
  g_assert_cmpint (count (fresh, "volunteer"), ==, count (laptop, "volunteer"));
  g_assert_cmpuint (stats.held, ==, 0);
  g_assert_true (stats.have_offset);

  memset (&stats, 0, sizeof stats);
  t.requests = 0;
  g_assert_true (gj_exchange_push (laptop, &t.parent, "sync.push", &stats, &error));
  g_assert_true (gj_exchange_pull (laptop, &t.parent, "sync.pull", "sync.push", &stats, &error));
  g_assert_cmpuint (stats.sent, ==, 0);
  g_assert_cmpuint (stats.received, ==, 0);
}

/* A device enrolled for another street: every row it pushes is refused
 * and filed as a problem on the laptop, and its push cursor still moves,
 * so the next sync does not send them again and again. */
static void
test_refused_rows_filed (void)
{
  g_autoptr(GjStore) laptop = gj_test_demo_store (11);
  g_autoptr(GjStore) server = gj_test_store_new ();
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  LoopTransport t = { { loop_request, NULL, FALSE }, server, "0190c0de-0000-7000-8000-00000000aaaa",
                      NULL, NULL, 0 };
  GjSyncStats stats = { 0, };

  g_assert_true (gj_exchange_push (laptop, &t.parent, "sync.push", &stats, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.refused, >, 100);
  g_assert_cmpint (count (server, "organization"), ==, 0);
  problems = gj_store_list_problems (laptop, &error);
  g_assert_cmpuint (problems->len, ==, stats.refused);
  g_assert_false (((GjProblem *) problems->pdata[0])->received);
  g_assert_cmpstr (((GjProblem *) problems->pdata[0])->peer, ==, gj_store_get_site_id (server));

  memset (&stats, 0, sizeof stats);
  g_assert_true (gj_exchange_push (laptop, &t.parent, "sync.push", &stats, &error));
  g_assert_cmpuint (stats.sent, ==, 0);
}

/* A peer answering a pull with 100,000 nested arrays (8 KB gzip'd): the
 * pull fails in words, nothing is applied and the cursor stays. */
static void
test_hostile_answer (void)
{
  g_autoptr(GjStore) laptop = gj_test_store_new ();
  g_autoptr(GjStore) server = gj_test_demo_store (11);
  g_autoptr(GError) error = NULL;
  g_autofree char *deep = g_malloc (100000);
  g_autoptr(GBytes) plain = NULL;
  g_autoptr(GBytes) gz = NULL;
  g_autofree char *cursor = NULL;
  LoopTransport t = { { loop_request, NULL, TRUE }, server, NULL, NULL, NULL, 0 };
  GjSyncStats stats = { 0, };

  memset (deep, '[', 100000);
  plain = g_bytes_new_take (g_steal_pointer (&deep), 100000);
  gz = gj_gzip (plain, &error);
  t.hostile = gz;
  t.street = gj_store_get_street (server);
  g_assert_false (gj_exchange_pull (laptop, &t.parent, "sync.pull", "sync.push", &stats, &error));
  g_assert_error (error, GJ_SYNC_ERROR, GJ_SYNC_ERROR_MALFORMED);
  g_assert_cmpint (count (laptop, "organization"), ==, 0);
  cursor = gj_store_get_meta (laptop, "sync.pull");
  g_assert_null (cursor);
}

/* A peer's answer to a push is read without trusting it: refusals of rows
 * that were never sent, or with members of the wrong type, are not filed
 * as this laptop's problems. */
static void
test_answer_not_trusted (void)
{
  g_autoptr(GjStore) laptop = gj_test_store_new ();
  g_autoptr(GjStore) server = gj_test_store_new ();
  g_autoptr(GjRecord) rec = gj_record_new_for ("organization");
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *answer = NULL;
  g_autoptr(GBytes) answer_bytes = NULL;
  LoopTransport t = { { loop_request, NULL, FALSE }, server, "street", NULL, NULL, 0 };
  GjSyncStats stats = { 0, };

  gj_record_set_text (rec, "name", "东湖社区银龄互助会");
  gj_record_set_text (rec, "category", "charity");
  gj_record_set_text (rec, "legal_form", "social_group");
  g_assert_true (gj_store_insert (laptop, rec, &error));
  answer = g_strdup_printf ("{\"applied\": 0, \"time\": \"soon\", \"refused\": ["
                            "{\"kind\": \"organization\", \"id\": \"%s\", \"reason\": \"Name: no\"},"
                            "{\"kind\": \"organization\", \"id\": \"never-sent\", \"reason\": \"x\"},"
                            "{\"kind\": 7, \"id\": [1], \"reason\": {}}, 3, null]}", rec->id);
  answer_bytes = g_bytes_new (answer, strlen (answer));
  t.push_answer = answer_bytes;

  g_assert_true (gj_exchange_push (laptop, &t.parent, "sync.push", &stats, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.refused, ==, 1);
  g_assert_false (stats.have_offset);
  problems = gj_store_list_problems (laptop, &error);
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_cmpstr (((GjProblem *) problems->pdata[0])->id, ==, rec->id);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/exchange/round-trip", test_round_trip);
  g_test_add_func ("/exchange/refused-rows-filed", test_refused_rows_filed);
  g_test_add_func ("/exchange/hostile-answer", test_hostile_answer);
  g_test_add_func ("/exchange/answer-not-trusted", test_answer_not_trusted);
  return g_test_run ();
}
