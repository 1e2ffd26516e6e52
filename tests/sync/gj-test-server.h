/* gj-test-server.h: a server listening in a thread of its own, for tests
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gj-server.h"

G_BEGIN_DECLS

typedef struct _GjTestServer GjTestServer;

/* Makes @server listen on 127.0.0.1 (a free port) and serve from a thread
 * of its own, so that a test can make requests from this one; fails the
 * test if it cannot listen. */
GjTestServer *gj_test_server_start   (GjServer     *server);
/* "https://127.0.0.1:PORT". */
const char   *gj_test_server_get_url (GjTestServer *self);
/* Stops serving and waits for the thread; @server is left to the caller. */
void          gj_test_server_stop    (GjTestServer *self);

G_END_DECLS
