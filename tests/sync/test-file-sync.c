/* test-file-sync.c: the files' step of a sync, in-process, without HTTPS
 *
 * A laptop and a server store, each with its folder of files, joined by a
 * transport that calls the server's answering side directly: what is sent
 * and received, what the peer confirmed and is not offered again, what
 * waits over the fetch limit, a file the server refuses while the others
 * go on, and a sync cancelled midway.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "gj-attachments.h"
#include "gj-exchange.h"
#include "gj-file-exchange.h"
#include "gj-sync-error.h"
#include "gj-test-store.h"

#define DEVICE "dddddddddddddddddddddddddddddddd"

typedef struct
{
  GjExchangeTransport parent;
  GjStore            *server;
  GjBlobStore        *blobs;
  GjFileLimits        limits;
  const char         *street;
  guint               file_requests;
  GCancellable       *cancel;       /* cancelled once cancel_after files requests are answered */
  guint               cancel_after;
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
  g_autofree char *path = g_strdup (path_and_query);
  g_autoptr(GHashTable) query = NULL;
  g_autoptr(GError) local = NULL;
  const char *type = NULL;
  char *q = strchr (path, '?');
  guint status = 0;
  GBytes *answer;

  transport->peer_id = gj_store_get_site_id (self->server);
  if (q != NULL)
    *q++ = '\0';
  query = g_uri_parse_params (q ? q : "", -1, "&", G_URI_PARAMS_NONE, NULL);
  if (g_str_equal (path, "/v1/hello"))
    return gj_exchange_answer_hello ();
  if (g_str_equal (path, "/v1/changes") && g_str_equal (method, "POST"))
    return gj_exchange_answer_push (self->server, DEVICE, self->street, body, NULL, error);
  if (g_str_equal (path, "/v1/changes"))
    return gj_exchange_answer_pull (self->server, self->street, query, error);
  self->file_requests++;
  answer = gj_file_exchange_answer (self->server, self->blobs, &self->limits, self->street,
                                    method, path, query, body, &status, &type, &local);
  if (self->cancel != NULL && self->file_requests == self->cancel_after)
    g_cancellable_cancel (self->cancel);
  if (answer != NULL)
    return answer;
  /* As the HTTPS client says it: a file the peer does not have is 404. */
  g_set_error_literal (error, GJ_SYNC_ERROR,
                       status == 404 ? GJ_SYNC_ERROR_NO_SUCH_ADDRESS
                       : status == 413 ? GJ_SYNC_ERROR_TOO_LARGE : GJ_SYNC_ERROR_PEER,
                       local->message);
  return NULL;
}

typedef struct
{
  char        *dir;
  GjStore     *laptop;
  GjStore     *server;
  GjBlobStore *laptop_blobs;
  GjBlobStore *server_blobs;
  const char  *org_id;
  GPtrArray   *orgs;
} Fixture;

static GjBlobStore *
blobs_in (const char *dir,
          const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (dir, name, NULL);
  GjBlobStore *blobs = gj_blob_store_new (path, &error);

  g_assert_no_error (error);
  return blobs;
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  GjQuery q = { .limit = 1 };
  g_autoptr(GError) error = NULL;

  f->dir = g_dir_make_tmp ("gj-test-file-sync-XXXXXX", NULL);
  f->laptop = gj_test_demo_store (11);
  f->server = gj_test_store_new ();
  f->laptop_blobs = blobs_in (f->dir, "laptop.files");
  f->server_blobs = blobs_in (f->dir, "server.files");
  f->orgs = gj_store_list (f->laptop, gj_schema_lookup ("organization"), &q, &error);
  g_assert_no_error (error);
  f->org_id = ((GjRecord *) f->orgs->pdata[0])->id;
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", f->dir);

  g_clear_object (&f->laptop_blobs);
  g_clear_object (&f->server_blobs);
  g_clear_object (&f->laptop);
  g_clear_object (&f->server);
  g_clear_pointer (&f->orgs, g_ptr_array_unref);
  g_assert_cmpint (system (cmd), ==, 0);
  g_free (f->dir);
}

/* Attaches @size bytes (different for each @seed) to the fixture's
 * organization; returns the attachment's hash. */
static char *
attach (Fixture    *f,
        const char *name,
        gsize       size,
        guint       seed)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (f->dir, name, NULL);
  g_autofree guint8 *bytes = g_malloc (size);
  g_autoptr(GjRecord) rec = NULL;
  GRand *r = g_rand_new_with_seed (seed);

  for (gsize i = 0; i < size; i++)
    bytes[i] = g_rand_int (r) & 0xff;
  g_rand_free (r);
  g_assert_true (g_file_set_contents (path, (const char *) bytes, size, &error));
  rec = gj_attachments_add (f->laptop, f->laptop_blobs, gj_schema_lookup ("organization"),
                            f->org_id, path, NULL, GJ_ATTACH_NONE, &error);
  g_assert_no_error (error);
  return g_strdup (gj_record_get_text (rec, "sha256"));
}

static void
push_records (GjStore             *store,
              GjExchangeTransport *transport)
{
  g_autoptr(GError) error = NULL;
  GjSyncStats stats = { 0, };

  g_assert_true (gj_exchange_sync (store, transport, "sync.push", "sync.pull", &stats, &error));
  g_assert_no_error (error);
}

/* Both files go up, smaller first; a second sync asks nothing of the
 * server; a new laptop of the street gets the small one with its sync and
 * the large one once its fetch limit allows. */
static void
test_up_and_down (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *small = attach (f, "photo.jpg", 300000, 1);
  g_autofree char *large = attach (f, "scan.pdf", 9 * 1024 * 1024 + 5, 2);
  g_autoptr(GjStore) fresh = gj_test_store_new ();
  g_autoptr(GjBlobStore) fresh_blobs = blobs_in (f->dir, "fresh.files");
  g_autofree char *confirmed = NULL;
  LoopTransport t = { { loop_request, NULL, FALSE }, f->server, f->server_blobs, { 0, 0 },
                      gj_store_get_street (f->laptop), 0 };
  GjFileStats stats = { 0, };

  push_records (f->laptop, &t.parent);
  g_assert_true (gj_file_exchange_sync (f->laptop, f->laptop_blobs, &t.parent, "sync",
                                        GJ_FILE_FETCH_LIMIT_DEFAULT, &stats, problems, NULL,
                                        &error));
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_cmpuint (stats.sent, ==, 2);
  g_assert_cmpuint (stats.bytes_sent, ==, 300000 + 9 * 1024 * 1024 + 5);
  g_assert_true (gj_blob_store_has (f->server_blobs, small));
  g_assert_true (gj_blob_store_has (f->server_blobs, large));
  confirmed = gj_store_get_meta (f->laptop, "sync.files");
  g_assert_nonnull (strstr (confirmed, small));
  g_assert_nonnull (strstr (confirmed, large));

  memset (&stats, 0, sizeof stats);
  t.file_requests = 0;
  g_assert_true (gj_file_exchange_sync (f->laptop, f->laptop_blobs, &t.parent, "sync",
                                        GJ_FILE_FETCH_LIMIT_DEFAULT, &stats, problems, NULL,
                                        &error));
  g_assert_cmpuint (stats.sent, ==, 0);
  g_assert_cmpuint (t.file_requests, ==, 0);

  /* The new laptop of the street: records first, then the files up to 5 MB. */
  g_assert_true (gj_store_set_meta (fresh, "street", gj_store_get_street (f->laptop), &error));
  push_records (fresh, &t.parent);
  memset (&stats, 0, sizeof stats);
  g_assert_true (gj_file_exchange_sync (fresh, fresh_blobs, &t.parent, "sync",
                                        GJ_FILE_FETCH_LIMIT_DEFAULT, &stats, problems, NULL,
                                        &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.received, ==, 1);
  g_assert_cmpuint (stats.bytes_received, ==, 300000);
  g_assert_cmpuint (stats.waiting, ==, 1);
  g_assert_cmpuint (stats.sent, ==, 0);
  g_assert_true (gj_blob_store_has (fresh_blobs, small));
  g_assert_false (gj_blob_store_has (fresh_blobs, large));

  memset (&stats, 0, sizeof stats);
  g_assert_true (gj_file_exchange_sync (fresh, fresh_blobs, &t.parent, "sync", 16 * 1024 * 1024,
                                        &stats, problems, NULL, &error));
  g_assert_cmpuint (stats.received, ==, 1);
  g_assert_cmpuint (stats.waiting, ==, 0);
  g_assert_true (gj_blob_store_has (fresh_blobs, large));
  g_assert_cmpuint (problems->len, ==, 0);
}

/* The district allows 100 kB a file: the large file is refused and named,
 * the small one still goes, and the refused one is asked about again at
 * the next sync (the limit may have been raised), never confirmed. */
static void
test_refused_file (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *large = attach (f, "big.bin", 200000, 3);
  g_autofree char *small = attach (f, "small.txt", 5000, 4);
  g_autofree char *confirmed = NULL;
  LoopTransport t = { { loop_request, NULL, FALSE }, f->server, f->server_blobs,
                      { 100000, 0 }, gj_store_get_street (f->laptop), 0 };
  GjFileStats stats = { 0, };

  push_records (f->laptop, &t.parent);
  g_assert_true (gj_file_exchange_sync (f->laptop, f->laptop_blobs, &t.parent, "sync",
                                        GJ_FILE_FETCH_LIMIT_DEFAULT, &stats, problems, NULL,
                                        &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.sent, ==, 1);
  g_assert_cmpuint (stats.refused, ==, 1);
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_nonnull (strstr (problems->pdata[0], "big.bin"));
  g_assert_true (gj_blob_store_has (f->server_blobs, small));
  g_assert_false (gj_blob_store_has (f->server_blobs, large));
  g_assert_cmpint (gj_blob_store_received (f->server_blobs, large), ==, 0);
  confirmed = gj_store_get_meta (f->laptop, "sync.files");
  g_assert_null (strstr (confirmed, large));

  /* The district raises its limit: the next sync sends it. */
  t.limits.max_file_size = 0;
  memset (&stats, 0, sizeof stats);
  g_assert_true (gj_file_exchange_sync (f->laptop, f->laptop_blobs, &t.parent, "sync",
                                        GJ_FILE_FETCH_LIMIT_DEFAULT, &stats, problems, NULL,
                                        &error));
  g_assert_cmpuint (stats.sent, ==, 1);
  g_assert_true (gj_blob_store_has (f->server_blobs, large));
}

/* A file the server refuses for itself (its records do not name it yet)
 * is named, and the files after it still go. */
static void
test_refusal_goes_on (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autofree char *later = attach (f, "later.txt", 5000, 6);
  g_autofree char *unknown = NULL;
  LoopTransport t = { { loop_request, NULL, FALSE }, f->server, f->server_blobs, { 0, 0 },
                      gj_store_get_street (f->laptop), 0 };
  GjFileStats stats = { 0, };

  push_records (f->laptop, &t.parent);
  /* Attached after the records went: smaller, so it is tried first. */
  unknown = attach (f, "unknown.txt", 1000, 7);
  g_assert_true (gj_file_exchange_sync (f->laptop, f->laptop_blobs, &t.parent, "sync",
                                        GJ_FILE_FETCH_LIMIT_DEFAULT, &stats, problems, NULL,
                                        &error));
  g_assert_no_error (error);
  g_assert_cmpuint (stats.refused, ==, 1);
  g_assert_cmpuint (stats.sent, ==, 1);
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_nonnull (strstr (problems->pdata[0], "unknown.txt"));
  g_assert_false (gj_blob_store_has (f->server_blobs, unknown));
  g_assert_true (gj_blob_store_has (f->server_blobs, later));
}

/* A sync cancelled while a file goes up stops the step there: no later
 * file is asked about, and what the peer confirmed before stays. */
static void
test_cancelled (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autofree char *first = attach (f, "first.txt", 1000, 8);
  g_autofree char *second = attach (f, "second.txt", 2000, 9);
  g_autofree char *third = attach (f, "third.txt", 3000, 10);
  g_autofree char *confirmed = NULL;
  LoopTransport t = { { loop_request, NULL, FALSE }, f->server, f->server_blobs, { 0, 0 },
                      gj_store_get_street (f->laptop), 0, cancellable, 3 };
  GjFileStats stats = { 0, };

  push_records (f->laptop, &t.parent);
  /* The first file's question and chunk, then the second's question. */
  g_assert_false (gj_file_exchange_sync (f->laptop, f->laptop_blobs, &t.parent, "sync",
                                         GJ_FILE_FETCH_LIMIT_DEFAULT, &stats, problems,
                                         cancellable, &error));
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_cmpuint (t.file_requests, ==, 3);
  g_assert_cmpuint (stats.sent, ==, 1);
  g_assert_cmpuint (problems->len, ==, 0);
  g_assert_true (gj_blob_store_has (f->server_blobs, first));
  g_assert_false (gj_blob_store_has (f->server_blobs, second));
  g_assert_false (gj_blob_store_has (f->server_blobs, third));
  confirmed = gj_store_get_meta (f->laptop, "sync.files");
  g_assert_cmpstr (confirmed, ==, first);
}

/* What the peer confirmed stays as long as the street's live files: a
 * file whose attachment is removed leaves it, and one attached again is
 * offered again. */
static void
test_confirmed_pruned (Fixture       *f,
                       gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *hash = attach (f, "note.txt", 7000, 5);
  g_autofree char *confirmed = NULL;
  g_autoptr(GPtrArray) list = NULL;
  LoopTransport t = { { loop_request, NULL, FALSE }, f->server, f->server_blobs, { 0, 0 },
                      gj_store_get_street (f->laptop), 0 };
  GjFileStats stats = { 0, };

  push_records (f->laptop, &t.parent);
  g_assert_true (gj_file_exchange_sync (f->laptop, f->laptop_blobs, &t.parent, "peer.x",
                                        0, &stats, NULL, NULL, &error));
  confirmed = gj_store_get_meta (f->laptop, "peer.x.files");
  g_assert_cmpstr (confirmed, ==, hash);
  g_clear_pointer (&confirmed, g_free);
  /* Another peer's confirmations are its own. */
  g_assert_null (gj_store_get_meta (f->laptop, "sync.files"));

  list = gj_attachments_list (f->laptop, gj_schema_lookup ("organization"), f->org_id, &error);
  g_assert_no_error (error);
  g_assert_true (gj_attachments_remove (f->laptop, f->laptop_blobs,
                                        ((GjRecord *) list->pdata[0])->id, &error));
  g_assert_no_error (error);
  g_assert_true (gj_file_exchange_sync (f->laptop, f->laptop_blobs, &t.parent, "peer.x",
                                        0, &stats, NULL, NULL, &error));
  /* Deleted but still here (Recently Deleted may bring it back), it stays
   * confirmed: the collector asks whether the server holds it. */
  confirmed = gj_store_get_meta (f->laptop, "peer.x.files");
  g_assert_cmpstr (confirmed, ==, hash);
  g_clear_pointer (&confirmed, g_free);
  /* Gone from here too, it is pruned. */
  g_assert_true (gj_blob_store_remove (f->laptop_blobs, hash, &error));
  g_assert_no_error (error);
  g_assert_true (gj_file_exchange_sync (f->laptop, f->laptop_blobs, &t.parent, "peer.x",
                                        0, &stats, NULL, NULL, &error));
  confirmed = gj_store_get_meta (f->laptop, "peer.x.files");
  g_assert_cmpstr (confirmed, ==, "");
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/file-sync/up-and-down", Fixture, NULL, fixture_set_up, test_up_and_down,
              fixture_tear_down);
  g_test_add ("/file-sync/refused-file", Fixture, NULL, fixture_set_up, test_refused_file,
              fixture_tear_down);
  g_test_add ("/file-sync/confirmed-pruned", Fixture, NULL, fixture_set_up,
              test_confirmed_pruned, fixture_tear_down);
  g_test_add ("/file-sync/refusal-goes-on", Fixture, NULL, fixture_set_up,
              test_refusal_goes_on, fixture_tear_down);
  g_test_add ("/file-sync/cancelled", Fixture, NULL, fixture_set_up, test_cancelled,
              fixture_tear_down);
  return g_test_run ();
}
