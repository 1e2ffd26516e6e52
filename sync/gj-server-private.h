/* gj-server-private.h: what gj-server.c and gj-server-door.c share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

#include "gj-server.h"

G_BEGIN_DECLS

struct _GjServer
{
  GObject         parent_instance;

  GjStore        *store;
  GjRegistry     *registry;
  GjIdentity     *identity;
  SoupServer     *soup;
  GSocketService *service;
  GQueue          unauthenticated;  /* of Incoming, oldest first */
  guint           port;
  guint64         bytes_sent;
  gboolean        peer_mode;
};

/* Takes a new TCP connection in at the door: its TLS handshake, then, once
 * it has authenticated, libsoup (gj-server-door.c). */
gboolean _gj_server_incoming_cb          (GSocketService    *service,
                                          GSocketConnection *tcp,
                                          GObject           *source_object,
                                          gpointer           data);
/* Closes every connection still at the door; the server is going. */
void     _gj_server_drop_unauthenticated (GjServer          *self);

G_END_DECLS
