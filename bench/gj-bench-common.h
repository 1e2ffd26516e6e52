/* gj-bench-common.h: the synthetic district and the plain-SQLite baseline
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "gj-store.h"

G_BEGIN_DECLS

/* 5,500 records a street (10 communities, 2,000 organizations, 1,000
 * projects, 2,500 volunteers) with their street and community ids set. */
GPtrArray *gj_bench_generate     (guint       n_streets,
                                  GRand      *r);
void       gj_bench_check        (gboolean    ok,
                                  GError     *error,
                                  const char *what);
/* The store's tables without the sync columns, same indexes and search. */
sqlite3   *gj_bench_plain_open   (const char *path);
/* Seconds to INSERT (or upsert) @recs with their search text. */
double     gj_bench_plain_write  (sqlite3    *db,
                                  GPtrArray  *recs,
                                  gboolean    upsert);

G_END_DECLS
