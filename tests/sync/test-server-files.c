/* test-server-files.c: attached files through the server over mutual TLS
 *
 * A GjServer listens on loopback in a thread of its own; laptops of two
 * streets (their certificates enrolled in its registry) send and fetch a
 * file of three chunks over HTTPS, and requests the server must refuse
 * before reading their body are sent by hand.
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

#define STREET "0190c0de-0000-7000-8000-00000000aaaa"
#define OTHER_STREET "0190c0de-0000-7000-8000-00000000bbbb"
#define MB (1024 * 1024)

typedef struct
{
  GjServer     *server;
  GjTestServer *serving;
  char         *dir;
  const char   *url;
  GjIdentity   *laptop;        /* enrolled for STREET */
  GjIdentity   *other;         /* enrolled for OTHER_STREET */
  GjIdentity   *stranger;      /* enrolled nowhere */
  GjBlobStore  *laptop_blobs;
  GjBlobStore  *fetched_blobs;
  char         *sha256;
  gint64        size;
} Setup;

static Setup setup;

/* Requests over HTTPS with a laptop's certificate, refusals turned into
 * errors as gj-client.c turns them. */
typedef struct
{
  GjExchangeTransport parent;
  SoupSession        *session;
  GjIdentity         *identity;
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
  soup_message_set_tls_client_certificate (msg, gj_identity_get_certificate (self->identity));
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
               self->status == 403 ? GJ_SYNC_ERROR_NOT_TRUSTED : GJ_SYNC_ERROR_PEER,
               "The district server refused: %s",
               json_object_get_string_member (json_node_get_object (json_parser_get_root (parser)),
                                              "error"));
  return NULL;
}

static void
transport_init (HttpsTransport *t,
                GjIdentity     *identity)
{
  memset (t, 0, sizeof *t);
  t->parent.request = https_request;
  t->session = soup_session_new_with_options ("timeout", 60, "proxy-resolver", NULL, NULL);
  t->identity = identity;
}

/* A file of three chunks goes up to the server and comes back to another
 * laptop of the street over HTTPS, byte for byte. */
static void
test_round_trip (void)
{
  HttpsTransport t;
  g_autoptr(GError) error = NULL;
  g_autofree char *sent = NULL;
  g_autofree char *fetched = NULL;
  g_autofree char *a = NULL;
  g_autofree char *b = NULL;
  gsize len_a, len_b;

  transport_init (&t, setup.laptop);
  g_assert_true (gj_file_exchange_upload (&t.parent, setup.laptop_blobs, setup.sha256, NULL, NULL,
                                          NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (t.puts, ==, 3);
  g_assert_true (gj_blob_store_has (gj_server_get_blobs (setup.server), setup.sha256));
  g_assert_true (gj_file_exchange_download (&t.parent, setup.fetched_blobs, setup.sha256,
                                            setup.size, NULL, NULL, NULL, &error));
  g_assert_no_error (error);

  sent = gj_blob_store_dup_path (setup.laptop_blobs, setup.sha256);
  fetched = gj_blob_store_dup_path (setup.fetched_blobs, setup.sha256);
  g_assert_true (g_file_get_contents (sent, &a, &len_a, NULL));
  g_assert_true (g_file_get_contents (fetched, &b, &len_b, NULL));
  g_assert_cmpmem (a, len_a, b, len_b);
  g_object_unref (t.session);
}

/* Another street's laptop, and a certificate enrolled nowhere, get
 * nothing. */
static void
test_refused (void)
{
  g_autoptr(GjBlobStore) blobs = NULL;
  g_autofree char *dir = g_build_filename (setup.dir, "refused", NULL);
  g_autoptr(GError) error = NULL;
  HttpsTransport t;

  blobs = gj_blob_store_new (dir, &error);
  g_assert_no_error (error);
  transport_init (&t, setup.other);
  g_assert_false (gj_file_exchange_download (&t.parent, blobs, setup.sha256, setup.size, NULL,
                                             NULL, NULL, &error));
  g_assert_error (error, GJ_SYNC_ERROR, GJ_SYNC_ERROR_NOT_TRUSTED);
  g_assert_nonnull (strstr (error->message, "No record of this street refers to the file"));
  g_assert_cmpuint (t.status, ==, 403);
  g_clear_error (&error);
  g_object_unref (t.session);

  transport_init (&t, setup.stranger);
  g_assert_false (gj_file_exchange_download (&t.parent, blobs, setup.sha256, setup.size, NULL,
                                             NULL, NULL, &error));
  g_assert_error (error, GJ_SYNC_ERROR, GJ_SYNC_ERROR_NOT_TRUSTED);
  g_assert_nonnull (strstr (error->message, "not enrolled"));
  g_assert_false (gj_blob_store_has (blobs, setup.sha256));
  g_object_unref (t.session);
}

static gboolean
accept_any_cb (GTlsConnection       *conn,
               GTlsCertificate      *cert,
               GTlsCertificateFlags  errors,
               gpointer              user_data)
{
  return TRUE;
}

/* Sends a request's head only, as @identity, and returns the first line
 * of the answer: a body the server must refuse unread is never sent. */
static char *
head_only (GjIdentity *identity,
           const char *head)
{
  g_autoptr(GSocketClient) client = g_socket_client_new ();
  g_autoptr(GSocketConnection) tcp = NULL;
  g_autoptr(GIOStream) tls = NULL;
  g_autoptr(GDataInputStream) in = NULL;
  g_autoptr(GError) error = NULL;
  char *line;

  tcp = g_socket_client_connect_to_host (client, "127.0.0.1",
                                         gj_server_get_port (setup.server), NULL, &error);
  g_assert_no_error (error);
  tls = g_tls_client_connection_new (G_IO_STREAM (tcp), NULL, &error);
  g_assert_no_error (error);
  g_tls_connection_set_certificate (G_TLS_CONNECTION (tls), gj_identity_get_certificate (identity));
  g_signal_connect (tls, "accept-certificate", G_CALLBACK (accept_any_cb), NULL);
  g_assert_true (g_tls_connection_handshake (G_TLS_CONNECTION (tls), NULL, &error));
  g_assert_true (g_output_stream_write_all (g_io_stream_get_output_stream (tls), head,
                                            strlen (head), NULL, NULL, &error));
  g_assert_no_error (error);
  in = g_data_input_stream_new (g_io_stream_get_input_stream (tls));
  line = g_data_input_stream_read_line (in, NULL, NULL, &error);
  g_assert_no_error (error);
  g_strchomp (line);
  return line;
}

/* A body over one chunk, or of unknown length, is refused from the
 * request's head, before a byte of it arrives; so is one from a device
 * the server does not know. */
static void
test_refused_before_body (void)
{
  g_autofree char *big = g_strdup_printf ("PUT /v1/files/%s?offset=0&size=%d&sum=%s HTTP/1.1\r\n"
                                          "Host: 127.0.0.1\r\nContent-Length: %d\r\n\r\n",
                                          setup.sha256, 9 * MB, setup.sha256, 8 * MB);
  g_autofree char *chunked = g_strdup_printf ("PUT /v1/files/%s HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                              "Transfer-Encoding: chunked\r\n\r\n", setup.sha256);
  g_autofree char *small = g_strdup_printf ("PUT /v1/files/%s?offset=0&size=%d&sum=%s HTTP/1.1\r\n"
                                            "Host: 127.0.0.1\r\nContent-Length: %d\r\n\r\n",
                                            setup.sha256, 9 * MB, setup.sha256, 4 * MB);
  g_autofree char *a = head_only (setup.laptop, big);
  g_autofree char *b = head_only (setup.laptop, chunked);
  g_autofree char *c = head_only (setup.stranger, small);

  g_assert_true (g_str_has_prefix (a, "HTTP/1.1 413 "));
  g_assert_true (g_str_has_prefix (b, "HTTP/1.1 413 "));
  g_assert_true (g_str_has_prefix (c, "HTTP/1.1 403 "));
}

static GjIdentity *
enroll (GjRegistry *registry,
        const char *name,
        const char *street_id)
{
  g_autofree char *dir = g_build_filename (setup.dir, name, NULL);
  g_autoptr(GError) error = NULL;
  GjIdentity *identity = gj_identity_load_or_create (dir, &error);
  g_autofree char *token = NULL;
  g_autofree char *street = NULL;

  g_assert_no_error (error);
  if (street_id == NULL)
    return identity;
  token = gj_registry_create_token (registry, name, 3600, &error);
  street = gj_registry_redeem_token (registry, token, gj_identity_get_device_id (identity), name,
                                     street_id, &error);
  g_assert_no_error (error);
  return identity;
}

static void
set_up (void)
{
  g_autofree char *srv = NULL;
  g_autofree char *source = NULL;
  g_autofree char *laptop_dir = NULL;
  g_autofree char *fetched_dir = NULL;
  g_autofree guint8 *data = NULL;
  g_autoptr(GjRecord) rec = gj_record_new_for ("attachment");
  g_autoptr(GError) error = NULL;

  setup.dir = g_dir_make_tmp ("gj-server-files-XXXXXX", NULL);
  srv = g_build_filename (setup.dir, "srv", NULL);
  source = g_build_filename (setup.dir, "source", NULL);
  laptop_dir = g_build_filename (setup.dir, "laptop-files", NULL);
  fetched_dir = g_build_filename (setup.dir, "fetched-files", NULL);
  setup.server = gj_server_new (srv, &error);
  g_assert_no_error (error);

  setup.size = 9 * MB;
  data = g_malloc (setup.size);
  for (gint64 i = 0; i < setup.size; i++)
    data[i] = (guint8) (i * 2654435761u >> 13);
  g_assert_true (g_file_set_contents (source, (char *) data, setup.size, &error));
  setup.laptop_blobs = gj_blob_store_new (laptop_dir, &error);
  setup.fetched_blobs = gj_blob_store_new (fetched_dir, &error);
  g_assert_true (gj_blob_store_add_file (setup.laptop_blobs, source, FALSE, &setup.sha256,
                                         &setup.size, &error));
  g_assert_no_error (error);

  gj_record_set_text (rec, "street_id", STREET);
  gj_record_set_text (rec, "name", "scan.pdf");
  gj_record_set_text (rec, "sha256", setup.sha256);
  gj_record_set_int (rec, "size", setup.size);
  gj_record_set_text (rec, "owner_kind", "agreement");
  gj_record_set_text (rec, "owner_id", "0190c0de-0000-7000-8000-0000000000a1");
  g_assert_true (gj_store_insert (gj_server_get_store (setup.server), rec, &error));
  g_assert_no_error (error);

  setup.laptop = enroll (gj_server_get_registry (setup.server), "laptop", STREET);
  setup.other = enroll (gj_server_get_registry (setup.server), "other", OTHER_STREET);
  setup.stranger = enroll (NULL, "stranger", NULL);

  setup.serving = gj_test_server_start (setup.server);
  setup.url = gj_test_server_get_url (setup.serving);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  g_test_init (&argc, &argv, NULL);
  set_up ();
  g_test_add_func ("/server-files/round-trip", test_round_trip);
  g_test_add_func ("/server-files/refused", test_refused);
  g_test_add_func ("/server-files/refused-before-body", test_refused_before_body);
  status = g_test_run ();

  gj_test_server_stop (setup.serving);
  g_clear_object (&setup.server);
  g_clear_object (&setup.laptop);
  g_clear_object (&setup.other);
  g_clear_object (&setup.stranger);
  g_clear_object (&setup.laptop_blobs);
  g_clear_object (&setup.fetched_blobs);
  g_free (setup.sha256);
  {
    const char *argv_rm[] = { "rm", "-rf", setup.dir, NULL };

    g_assert_true (g_spawn_sync (NULL, (char **) argv_rm, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL,
                                 NULL, NULL, NULL, NULL));
  }
  g_free (setup.dir);
  return status;
}
