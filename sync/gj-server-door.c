/* gj-server-door.c: connections of a GjServer until they authenticate
 *
 * Every connection passes here between accept and libsoup: the TLS
 * handshake, with a deadline, and a limit on how many connections that
 * have not shown an enrolled (or paired) certificate are kept at once.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-server"

#include "config.h"

#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/ioctl.h>
#include <sys/socket.h>

#include "gj-server-private.h"

/* A connection has this long from being accepted to a finished TLS
 * handshake; a device on the LAN needs a fraction of a second. */
#define HANDSHAKE_TIMEOUT_S 5
/* A connection whose certificate is not enrolled (or paired) here may stay
 * open this long: enough to enrol or ask to pair, not to be kept forever. */
#define UNKNOWN_TIMEOUT_S 30
/* At most this many connections that have not authenticated are kept; a
 * new one pushes out the oldest. Enrolled devices are never counted, so
 * connections that never start TLS cannot keep them out. */
#define MAX_UNAUTHENTICATED 32

/* A connection from accept until it has authenticated: a finished TLS
 * handshake with a certificate enrolled (or paired) here. Until then it
 * counts against MAX_UNAUTHENTICATED and has a deadline. The handshake
 * starts only once the client's whole first TLS record (its ClientHello)
 * has arrived: glib-networking runs each handshake, sync or async, in a
 * thread of GTask's pool, which starts at ten threads and grows slowly, so
 * connections that never speak, or stop half way through their first
 * record, would otherwise hold every thread and queue the handshakes of
 * enrolled laptops behind them. */
typedef struct
{
  GjServer          *server;      /* not owned; it drops every Incoming before it goes */
  GSocketConnection *tcp;
  GSocket           *socket;
  GTlsConnection    *tls;         /* once the client has sent its first bytes */
  GCancellable      *cancellable;
  GSource           *readable;   /* waiting for the first record, or ... */
  GSource           *recheck;    /* ... for the rest of it */
  GSource           *deadline;
  GList             *link;        /* in server->unauthenticated; NULL once out */
  gboolean           handshaking; /* then handshake_cb frees it */
  gboolean           handed_over; /* libsoup owns the TLS connection; weakly referenced */
} Incoming;

static void
clear_source (GSource **source)
{
  if (*source != NULL)
    {
      g_source_destroy (*source);
      g_clear_pointer (source, g_source_unref);
    }
}

static void
incoming_free (Incoming *inc)
{
  clear_source (&inc->readable);
  clear_source (&inc->recheck);
  clear_source (&inc->deadline);
  if (!inc->handed_over)
    g_clear_object (&inc->tls);
  g_clear_object (&inc->tcp);
  g_clear_object (&inc->socket);
  g_clear_object (&inc->cancellable);
  g_free (inc);
}

static void
leave_queue (Incoming *inc)
{
  if (inc->link != NULL)
    {
      g_queue_delete_link (&inc->server->unauthenticated, inc->link);
      inc->link = NULL;
    }
}

static void
tls_gone_cb (gpointer  data,
             GObject  *where_the_object_was)
{
  Incoming *inc = data;

  /* libsoup is done with the connection. */
  leave_queue (inc);
  inc->tls = NULL;
  incoming_free (inc);
}

/* Ends a connection that has not authenticated: out of time, pushed out
 * by a newer one, or the server is going. */
static void
drop_incoming (gpointer data)
{
  Incoming *inc = data;

  leave_queue (inc);
  clear_source (&inc->readable);
  clear_source (&inc->recheck);
  clear_source (&inc->deadline);
  /* Shutting the socket down wakes whoever reads it (the handshake thread,
   * or libsoup) with an error, and each then closes its side as usual. */
  g_socket_shutdown (inc->socket, TRUE, TRUE, NULL);
  if (inc->handshaking)
    {
      g_cancellable_cancel (inc->cancellable);
      return;
    }
  if (inc->handed_over)
    {
      g_object_weak_unref (G_OBJECT (inc->tls), tls_gone_cb, inc);
      inc->tls = NULL;
    }
  else
    g_io_stream_close (G_IO_STREAM (inc->tcp), NULL, NULL);
  incoming_free (inc);
}

static gboolean
deadline_cb (gpointer data)
{
  Incoming *inc = data;

  g_debug ("dropping a connection that did not authenticate in time");
  drop_incoming (inc);
  return G_SOURCE_REMOVE;
}

static void
set_deadline (Incoming *inc,
              guint     seconds)
{
  clear_source (&inc->deadline);
  inc->deadline = g_timeout_source_new_seconds (seconds);
  g_source_set_callback (inc->deadline, deadline_cb, inc, NULL);
  g_source_attach (inc->deadline, g_main_context_get_thread_default ());
}

static gboolean
accept_any_certificate_cb (GTlsConnection       *tls,
                           GTlsCertificate      *cert,
                           GTlsCertificateFlags  errors,
                           gpointer              user_data)
{
  /* Self-signed device certificates are the design; authorization
   * happens against the registry once the handshake is done. */
  return TRUE;
}

static void
handshake_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      data)
{
  Incoming *inc = data;
  GjServer *self = inc->server;
  g_autoptr(GError) error = NULL;
  g_autoptr(GSocketAddress) local = NULL;
  g_autoptr(GSocketAddress) remote = NULL;
  g_autoptr(GjDevice) device = NULL;
  g_autofree char *id = NULL;
  GTlsCertificate *cert;
  gboolean ok, known;

  inc->handshaking = FALSE;
  ok = g_tls_connection_handshake_finish (inc->tls, result, &error);
  if (inc->link == NULL)
    {
      /* Dropped while the handshake ran; the server may be gone. */
      g_io_stream_close (G_IO_STREAM (inc->tcp), NULL, NULL);
      incoming_free (inc);
      return;
    }
  if (!ok)
    {
      g_debug ("TLS handshake failed: %s", error->message);
      drop_incoming (inc);
      return;
    }

  cert = g_tls_connection_get_peer_certificate (inc->tls);
  id = cert ? gj_certificate_device_id (cert) : NULL;
  device = id ? gj_registry_lookup (self->registry, id) : NULL;
  known = device != NULL && !device->revoked && device->street_id != NULL;
  local = g_socket_connection_get_local_address (inc->tcp, NULL);
  remote = g_socket_connection_get_remote_address (inc->tcp, NULL);
  if (local == NULL || remote == NULL)
    {
      drop_incoming (inc);
      return;
    }
  g_object_set_data_full (G_OBJECT (remote), "gj-device-id", g_steal_pointer (&id), g_free);

  if (known)
    {
      leave_queue (inc);
      soup_server_accept_iostream (self->soup, G_IO_STREAM (inc->tls), local, remote, NULL);
      incoming_free (inc);
      return;
    }
  /* An unknown certificate may be enrolling or asking to pair: it gets its
   * requests answered, but stays counted and has a little longer. */
  set_deadline (inc, UNKNOWN_TIMEOUT_S);
  soup_server_accept_iostream (self->soup, G_IO_STREAM (inc->tls), local, remote, NULL);
  g_object_weak_ref (G_OBJECT (inc->tls), tls_gone_cb, inc);
  inc->handed_over = TRUE;
  g_object_unref (inc->tls);
}

static gboolean readable_cb (GSocket      *socket,
                             GIOCondition  condition,
                             gpointer      data);

static void
wait_readable (Incoming *inc)
{
  inc->readable = g_socket_create_source (inc->socket, G_IO_IN | G_IO_HUP | G_IO_ERR, NULL);
  g_source_set_callback (inc->readable, G_SOURCE_FUNC (readable_cb), inc, NULL);
  g_source_attach (inc->readable, g_main_context_get_thread_default ());
}

static gboolean
recheck_cb (gpointer data)
{
  Incoming *inc = data;

  g_clear_pointer (&inc->recheck, g_source_unref);
  wait_readable (inc);
  return G_SOURCE_REMOVE;
}

/* 1 once the first TLS record has wholly arrived, 0 while part of it is
 * missing, -1 for a closed connection or one that does not speak TLS. */
static int
first_record_state (GSocket *socket)
{
  guint8 head[5];
  int available = 0;
  gssize n = recv (g_socket_get_fd (socket), head, sizeof head, MSG_PEEK | MSG_DONTWAIT);

  if (n == 0 || (n < 0 && errno != EAGAIN && errno != EINTR))
    return -1;
  if (n < (gssize) sizeof head)
    return 0;
  if (head[0] != 0x16)  /* a handshake record */
    return -1;
  if (ioctl (g_socket_get_fd (socket), FIONREAD, &available) != 0)
    return -1;
  return available >= (int) sizeof head + (head[3] << 8 | head[4]) ? 1 : 0;
}

static gboolean
readable_cb (GSocket      *socket,
             GIOCondition  condition,
             gpointer      data)
{
  Incoming *inc = data;
  GjServer *self = inc->server;
  g_autoptr(GError) error = NULL;
  const char * const protocols[] = { "http/1.1", NULL };
  GIOStream *tls;
  int state = first_record_state (inc->socket);

  g_clear_pointer (&inc->readable, g_source_unref);
  if (state < 0)
    {
      drop_incoming (inc);
      return G_SOURCE_REMOVE;
    }
  if (state == 0)
    {
      /* Readiness is level-triggered: look again in a moment rather than
       * be woken at once by the bytes already here. */
      inc->recheck = g_timeout_source_new (50);
      g_source_set_callback (inc->recheck, recheck_cb, inc, NULL);
      g_source_attach (inc->recheck, g_main_context_get_thread_default ());
      return G_SOURCE_REMOVE;
    }
  /* No database of authorities: a device is judged by its certificate's
   * fingerprint (handshake_cb), never by an authority, and glib-networking
   * would otherwise read all of the system's for every connection, as it
   * sets the connection up (so "database" must be given here, not set
   * after); that was a quarter of a file transfer's processor time. */
  tls = g_initable_new (g_tls_backend_get_server_connection_type (g_tls_backend_get_default ()),
                        NULL, &error, "base-io-stream", inc->tcp,
                        "certificate", gj_identity_get_certificate (self->identity),
                        "database", NULL, NULL);
  if (tls == NULL)
    {
      g_warning ("Could not start TLS: %s", error->message);
      drop_incoming (inc);
      return G_SOURCE_REMOVE;
    }
  g_object_set (tls, "authentication-mode", G_TLS_AUTHENTICATION_REQUIRED,
                "require-close-notify", FALSE, NULL);
  g_tls_connection_set_advertised_protocols (G_TLS_CONNECTION (tls), protocols);
  g_signal_connect (tls, "accept-certificate", G_CALLBACK (accept_any_certificate_cb), NULL);
  inc->tls = G_TLS_CONNECTION (tls);
  inc->handshaking = TRUE;
  g_tls_connection_handshake_async (inc->tls, G_PRIORITY_DEFAULT, inc->cancellable, handshake_cb,
                                    inc);
  return G_SOURCE_REMOVE;
}

gboolean
_gj_server_incoming_cb (GSocketService    *service,
                        GSocketConnection *tcp,
                        GObject           *source_object,
                        gpointer           data)
{
  GjServer *self = data;
  Incoming *inc;

  while (self->unauthenticated.length >= MAX_UNAUTHENTICATED)
    drop_incoming (g_queue_peek_head (&self->unauthenticated));

  inc = g_new0 (Incoming, 1);
  inc->server = self;
  inc->tcp = g_object_ref (tcp);
  inc->socket = g_object_ref (g_socket_connection_get_socket (tcp));
  inc->cancellable = g_cancellable_new ();
  g_socket_set_option (inc->socket, IPPROTO_TCP, TCP_NODELAY, TRUE, NULL);
  g_queue_push_tail (&self->unauthenticated, inc);
  inc->link = g_queue_peek_tail_link (&self->unauthenticated);

  wait_readable (inc);
  set_deadline (inc, HANDSHAKE_TIMEOUT_S);
  return TRUE;
}

void
_gj_server_drop_unauthenticated (GjServer *self)
{
  while (!g_queue_is_empty (&self->unauthenticated))
    drop_incoming (g_queue_peek_head (&self->unauthenticated));
}
