/* gj-store-handle.h: the store's SQLite connection, for benchmarks and
 * test tools only
 *
 * The application, the CLI, the server and the tests go through the
 * store's API. Only programs that compare the store with plain SQLite or
 * write test inputs below it (bench/gj-bench-data.c,
 * tests/fuzz/make-corpus.c) reach its connection, never inside one of the
 * store's transactions.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "gj-store.h"

G_BEGIN_DECLS

sqlite3    *gj_store_get_handle     (GjStore *self);

G_END_DECLS
