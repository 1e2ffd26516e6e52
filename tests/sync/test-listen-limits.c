/* test-listen-limits.c: what a laptop takes of its colleagues' files
 *
 * A laptop listens for a paired colleague (gj_server_new_for_peer(), over
 * mutual TLS on loopback, in a thread of its own). Its records name a
 * file just over the largest a laptop takes and a small one; the
 * colleague's upload of the large one is refused before any chunk, and
 * so is the small one while the disk would be left under its floor. The
 * disk's free space comes from GJ_FILES_FREE_SPACE_FOR_TEST (heeded as
 * the test runs uninstalled, GJ_UNINSTALLED=1), set only while no
 * request is under way. Fetching is judged the same way, before
 * anything is asked of the other side.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <json-glib/json-glib.h>
#include <libsoup/soup.h>
#include <string.h>

#include "gj-file-exchange.h"
#include "gj-identity.h"
#include "gj-server.h"
#include "gj-sync-error.h"
#include "gj-test-server.h"
#include "gj-test-store.h"

#define MB ((gint64) 1024 * 1024)
#define GB (1024 * MB)
#define FREE_SPACE "GJ_FILES_FREE_SPACE_FOR_TEST"

typedef struct
{
  GjServer     *server;
  GjStore      *store;         /* the listening laptop's */
  GjTestServer *serving;
  char         *dir;
  const char   *url;
  GjIdentity   *colleague;     /* paired with the listening laptop */
  GjBlobStore  *colleague_blobs;
  char         *big;           /* 64 MB and one byte */
  char         *small;         /* 5 MB */
} Setup;

static Setup setup;

/* Requests over HTTPS as the colleague, refusals turned into errors as
 * gj-client-https.c turns them. */
typedef struct
{
  GjExchangeTransport parent;
  SoupSession        *session;
  guint               status;
  guint               puts;
} HttpsTransport;

static gboolean
accept_cb (SoupMessage          *msg,
           GTlsCertificate      *cert,
           GTlsCertificateFlags  errors,
           gpointer              user_data)
{
  return TRUE;
}

static GBytes *
https_request (GjExchangeTransport *transport,
               const char          *method,
               const char          *path_and_query,
               const char          *content_type,
               GBytes              *body,
               GError             **error)
{
  HttpsTransport *self = (HttpsTransport *) transport;
  g_autofree char *uri = g_strconcat (setup.url, path_and_query, NULL);
  g_autoptr(SoupMessage) msg = soup_message_new (method, uri);
  g_autoptr(GBytes) answer = NULL;
  g_autoptr(JsonParser) parser = json_parser_new ();

  if (body != NULL)
    soup_message_set_request_body_from_bytes (msg, content_type, body);
  if (g_str_equal (method, "PUT"))
    self->puts++;
  soup_message_set_tls_client_certificate (msg, gj_identity_get_certificate (setup.colleague));
  g_signal_connect (msg, "accept-certificate", G_CALLBACK (accept_cb), NULL);
  answer = soup_session_send_and_read (self->session, msg, NULL, error);
  if (answer == NULL)
    return NULL;
  self->status = soup_message_get_status (msg);
  if (self->status == SOUP_STATUS_OK)
    return g_steal_pointer (&answer);
  g_assert_true (json_parser_load_from_data (parser, g_bytes_get_data (answer, NULL),
                                             g_bytes_get_size (answer), NULL));
  g_set_error (error, GJ_SYNC_ERROR,
               self->status == 413 ? GJ_SYNC_ERROR_TOO_LARGE : GJ_SYNC_ERROR_PEER,
               "The laptop “listener” refused: %s",
               json_object_get_string_member (json_node_get_object (json_parser_get_root (parser)),
                                              "error"));
  return NULL;
}

static void
transport_init (HttpsTransport *t)
{
  memset (t, 0, sizeof *t);
  t->parent.request = https_request;
  t->parent.peer_is_laptop = TRUE;
  t->session = soup_session_new_with_options ("timeout", 60, "proxy-resolver", NULL, NULL);
}

/* The file just over 64 MB is refused from the upload's first request,
 * with both sizes named; nothing of it is sent or kept. */
static void
test_too_large (void)
{
  g_autoptr(GError) error = NULL;
  HttpsTransport t;

  transport_init (&t);
  g_assert_false (gj_file_exchange_upload (&t.parent, setup.colleague_blobs, setup.big, NULL,
                                           NULL, NULL, &error));
  g_assert_error (error, GJ_SYNC_ERROR, GJ_SYNC_ERROR_TOO_LARGE);
  g_assert_cmpuint (t.status, ==, 413);
  g_assert_cmpuint (t.puts, ==, 0);
  g_assert_nonnull (strstr (error->message, "The file is 64.1 MB; a laptop takes at most 64 MB "
                                            "per file from another laptop"));
  g_assert_cmpint (gj_blob_store_received (gj_server_get_blobs (setup.server), setup.big), ==, 0);
  g_object_unref (t.session);
}

/* A disk of 40 GB keeps 2 GB free (5 %): with 2 GB and a little free, the
 * 5 MB file is refused (507) before any chunk; with 3 GB free it goes. A
 * disk of 1 TB keeps no more than 2 GB free: 3 GB free is room. */
static void
test_disk_floor (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *nearly_full = g_strdup_printf ("%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT,
                                                  2 * GB + 2 * MB, 40 * GB);
  g_autofree char *roomy = g_strdup_printf ("%" G_GINT64_FORMAT ":%" G_GINT64_FORMAT,
                                            3 * GB, 40 * GB);
  HttpsTransport t;

  transport_init (&t);
  g_setenv (FREE_SPACE, nearly_full, TRUE);
  g_assert_false (gj_file_exchange_upload (&t.parent, setup.colleague_blobs, setup.small, NULL,
                                           NULL, NULL, &error));
  g_unsetenv (FREE_SPACE);
  g_assert_error (error, GJ_SYNC_ERROR, GJ_SYNC_ERROR_PEER);
  g_assert_cmpuint (t.status, ==, 507);
  g_assert_cmpuint (t.puts, ==, 0);
  g_assert_nonnull (strstr (error->message, "The receiving laptop's disk has 2.1 GB free; "
                                            "receiving 5 MB more would leave less than the 2 GB "
                                            "it keeps free"));
  g_clear_error (&error);

  g_setenv (FREE_SPACE, roomy, TRUE);
  g_assert_true (gj_file_exchange_upload (&t.parent, setup.colleague_blobs, setup.small, NULL,
                                          NULL, NULL, &error));
  g_unsetenv (FREE_SPACE);
  g_assert_no_error (error);
  g_assert_cmpuint (t.puts, ==, 2);
  g_assert_true (gj_blob_store_has (gj_server_get_blobs (setup.server), setup.small));
  g_object_unref (t.session);
}

/* A transport that must not be asked anything. */
static GBytes *
never_request (GjExchangeTransport *transport,
               const char          *method,
               const char          *path_and_query,
               const char          *content_type,
               GBytes              *body,
               GError             **error)
{
  g_assert_not_reached ();
  return NULL;
}

/* Fetching: a file over 64 MB from another laptop, and a file that would
 * leave the disk under its floor from anyone, are refused before the
 * first request; the district server's large file is not judged by a
 * laptop's largest. */
static void
test_fetch_refused (void)
{
  g_autofree char *dir = g_build_filename (setup.dir, "fetching", NULL);
  g_autoptr(GjBlobStore) blobs = gj_blob_store_new (dir, NULL);
  GjExchangeTransport t = { never_request, NULL, TRUE };
  g_autoptr(GError) error = NULL;

  g_assert_false (gj_file_exchange_download (&t, blobs, setup.big, 64 * MB + 1, NULL, NULL, NULL,
                                             &error));
  g_assert_error (error, GJ_SYNC_ERROR, GJ_SYNC_ERROR_TOO_LARGE);
  g_assert_nonnull (strstr (error->message, "The file is 64.1 MB; a laptop takes at most 64 MB"));
  g_clear_error (&error);

  t.peer_is_laptop = FALSE;
  g_setenv (FREE_SPACE, "1100000000:10000000000", TRUE);
  g_assert_false (gj_file_exchange_download (&t, blobs, setup.big, 64 * MB + 1, NULL, NULL, NULL,
                                             &error));
  g_unsetenv (FREE_SPACE);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_NO_SPACE);
  g_assert_cmpstr (error->message, ==, "This laptop's disk has 1.1 GB free; fetching 64.1 MB "
                                       "more would leave less than the 1 GB it keeps free. Free "
                                       "some space, then fetch the file again");
  g_assert_cmpint (gj_blob_store_received (blobs, setup.big), ==, 0);
}

/* In a sync, the first file that does not fit is said by its name, and
 * the larger ones after it are not asked for. */
static void
test_sync_floor (void)
{
  g_autofree char *dir = g_build_filename (setup.dir, "syncing", NULL);
  g_autoptr(GjBlobStore) blobs = gj_blob_store_new (dir, NULL);
  g_autoptr(GPtrArray) problems = g_ptr_array_new_with_free_func (g_free);
  GjExchangeTransport t = { never_request, NULL, TRUE };
  GjFileStats stats = { 0, };
  g_autoptr(GError) error = NULL;

  g_setenv (FREE_SPACE, "1048576:2097152", TRUE);
  g_assert_true (gj_file_exchange_sync (setup.store, blobs, &t, "peer.test", 100 * MB, &stats,
                                        problems, NULL, &error));
  g_unsetenv (FREE_SPACE);
  g_assert_no_error (error);
  g_assert_cmpuint (problems->len, ==, 1);
  g_assert_true (g_str_has_prefix (problems->pdata[0], "The file “notes.pdf” was not received: "
                                                       "This laptop's disk has 1 MB free; "
                                                       "fetching 5 MB more"));
  g_assert_cmpuint (stats.received, ==, 0);
}

static void
attach (const char *sha256,
        gint64      size,
        const char *name)
{
  g_autoptr(GjRecord) rec = gj_record_new_for ("attachment");
  g_autoptr(GError) error = NULL;

  gj_record_set_text (rec, "street_id", gj_store_get_street (setup.store));
  gj_record_set_text (rec, "name", name);
  gj_record_set_text (rec, "sha256", sha256);
  gj_record_set_int (rec, "size", size);
  gj_record_set_text (rec, "owner_kind", "agreement");
  gj_record_set_text (rec, "owner_id", "0190c0de-0000-7000-8000-0000000000a1");
  g_assert_true (gj_store_insert (setup.store, rec, &error));
  g_assert_no_error (error);
}

/* A file of @size bytes in the colleague's folder; returns its hash. */
static char *
colleague_file (const char *name,
                gint64      size)
{
  g_autofree char *path = g_build_filename (setup.dir, name, NULL);
  g_autoptr(GError) error = NULL;
  char *sha256 = NULL;
  FILE *f = fopen (path, "wb");

  g_assert_nonnull (f);
  /* Sparse but for its first bytes, which tell the files apart. */
  g_assert_cmpint (fputs (name, f), >=, 0);
  g_assert_cmpint (fseek (f, size - 1, SEEK_SET), ==, 0);
  g_assert_cmpint (fputc ('.', f), ==, '.');
  g_assert_cmpint (fclose (f), ==, 0);
  g_assert_true (gj_blob_store_add_file (setup.colleague_blobs, path, FALSE, &sha256, &size,
                                         &error));
  g_assert_no_error (error);
  return sha256;
}

static void
set_up (void)
{
  g_autofree char *db = gj_test_db_path (&setup.dir);
  g_autofree char *id_dir = NULL;
  g_autofree char *colleague_dir = NULL;
  g_autofree char *peers = NULL;
  g_autofree char *files = NULL;
  g_autofree char *token = NULL;
  g_autofree char *street = NULL;
  g_autoptr(GjIdentity) identity = NULL;
  g_autoptr(GjRegistry) registry = NULL;
  g_autoptr(GDate) today = g_date_new_dmy (1, 12, 2026);
  g_autoptr(GError) error = NULL;

  id_dir = g_build_filename (setup.dir, "identity", NULL);
  colleague_dir = g_build_filename (setup.dir, "colleague", NULL);
  peers = g_build_filename (setup.dir, "peers.db", NULL);
  files = g_build_filename (setup.dir, "colleague.files", NULL);

  setup.store = gj_store_open (db, &error);
  g_assert_no_error (error);
  g_assert_true (gj_demo_load (setup.store, 3, today, &error));
  g_assert_no_error (error);
  identity = gj_identity_load_or_create (id_dir, &error);
  g_assert_no_error (error);
  registry = gj_registry_open (peers, &error);
  g_assert_no_error (error);
  setup.colleague = gj_identity_load_or_create (colleague_dir, &error);
  g_assert_no_error (error);
  token = gj_registry_create_token (registry, "colleague", 3600, &error);
  street = gj_registry_redeem_token (registry, token, gj_identity_get_device_id (setup.colleague),
                                     "colleague", gj_store_get_street (setup.store), &error);
  g_assert_no_error (error);

  setup.colleague_blobs = gj_blob_store_new (files, &error);
  g_assert_no_error (error);
  setup.big = colleague_file ("big.bin", 64 * MB + 1);
  setup.small = colleague_file ("notes.pdf", 5 * MB);
  attach (setup.big, 64 * MB + 1, "big.bin");
  attach (setup.small, 5 * MB, "notes.pdf");

  setup.server = gj_server_new_for_peer (setup.store, identity, registry);
  setup.serving = gj_test_server_start (setup.server);
  setup.url = gj_test_server_get_url (setup.serving);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  g_setenv ("GJ_UNINSTALLED", "1", TRUE);
  g_unsetenv (FREE_SPACE);
  set_up ();
  g_test_add_func ("/listen-limits/too-large", test_too_large);
  g_test_add_func ("/listen-limits/disk-floor", test_disk_floor);
  g_test_add_func ("/listen-limits/fetch-refused", test_fetch_refused);
  g_test_add_func ("/listen-limits/sync-floor", test_sync_floor);
  status = g_test_run ();

  gj_test_server_stop (setup.serving);
  g_clear_object (&setup.server);
  g_clear_object (&setup.store);
  g_clear_object (&setup.colleague);
  g_clear_object (&setup.colleague_blobs);
  g_free (setup.big);
  g_free (setup.small);
  gj_test_remove_tree (setup.dir);
  g_free (setup.dir);
  return status;
}
