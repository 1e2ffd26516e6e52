/* gj-bench-server.h: a district server listening in a thread of its own
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gj-server.h"

G_BEGIN_DECLS

typedef struct _GjBenchServer GjBenchServer;

/* Makes @server listen on 127.0.0.1 (a free port) and serve from a thread
 * of its own, so that the benchmark's laptops can sync with it from this
 * one; stops the program if it cannot listen. */
GjBenchServer *gj_bench_server_start   (GjServer      *server);
/* "https://127.0.0.1:PORT". */
const char    *gj_bench_server_get_url (GjBenchServer *self);
/* Stops serving and waits for the thread; @server is left to the caller. */
void           gj_bench_server_stop    (GjBenchServer *self);

G_END_DECLS
