/* gj-client-private.h: what gj-client.c, gj-client-https.c and gj-client-files.c share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <libsoup/soup.h>

#include "gj-client.h"

G_BEGIN_DECLS

/* Who the other side must be, and who it turned out to be. */
typedef struct
{
  const char *expected;  /* full id, or a prefix at enrolment; NULL: any */
  const char *peer_name; /* NULL for the district server */
  char       *seen;      /* the id the other side presented */
  gboolean    mismatch;
  GCancellable *cancellable; /* stops the requests of a sync nobody waits for */
} Pin;

/* The protocol's requests over HTTPS with this device's certificate, the
 * peer's pinned. */
typedef struct
{
  GjExchangeTransport parent;
  SoupSession        *session;
  GjIdentity         *identity;
  Pin                *pin;
  const char         *url;
} HttpsTransport;

/* A session without content decoding and without proxies. */
SoupSession *_gj_client_new_session   (void) G_GNUC_WARN_UNUSED_RESULT;
/* Sends @msg and returns the body of a 200 or 202 answer; any other
 * answer becomes an error with the other side's own sentence. */
GBytes      *_gj_client_send          (SoupSession   *session,
                                       SoupMessage   *msg,
                                       GjIdentity    *identity,
                                       Pin           *pin,
                                       GError       **error) G_GNUC_WARN_UNUSED_RESULT;
/* Sets up @https to reach @url as @pin says, over @session. */
void         _gj_client_https_init    (HttpsTransport *https,
                                       SoupSession    *session,
                                       GjIdentity     *identity,
                                       Pin            *pin,
                                       const char     *url);

/* The files step after the records' sync with one peer (gj-client-files.c):
 * refusals of single files go to @problems, and what stops the step to
 * @error. An in-memory store has no files and no step. */
gboolean     _gj_client_sync_files    (GjStore             *store,
                                       GjExchangeTransport *transport,
                                       const char          *peer_key,
                                       GCancellable        *cancellable,
                                       GjFileStats         *stats,
                                       GPtrArray           *problems,
                                       GError             **error);

G_END_DECLS
