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
  GjBlobStore    *blobs;            /* NULL for a laptop whose store is in memory */
  GjFileLimits    limits;
};

/* Takes a new TCP connection in at the door: its TLS handshake, then, once
 * it has authenticated, libsoup (gj-server-door.c). */
gboolean _gj_server_incoming_cb          (GSocketService    *service,
                                          GSocketConnection *tcp,
                                          GObject           *source_object,
                                          gpointer           data);
/* Closes every connection still at the door; the server is going. */
void     _gj_server_drop_unauthenticated (GjServer          *self);

/* Answers @msg with the JSON refusal {"error": @message} (gj-server.c). */
void     _gj_server_reply_error          (SoupServerMessage *msg,
                                          guint              status,
                                          const char        *message);

/* Requests under /v1/files/ (gj-server-files.c). The early judgement
 * refuses, before the body is read, a body larger than one chunk; TRUE
 * when it replied. */
gboolean _gj_server_files_refuse_early   (GjServer          *self,
                                          SoupServerMessage *msg);
void     _gj_server_handle_files         (GjServer          *self,
                                          SoupServerMessage *msg,
                                          const char        *path,
                                          GHashTable        *query,
                                          GjDevice          *device);
/* The district's limits as kept in the store's meta, or the defaults. */
void     _gj_server_load_file_limits     (GjServer          *self);

G_END_DECLS
