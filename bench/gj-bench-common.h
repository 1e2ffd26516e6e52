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
/* Seconds on the monotonic clock. */
double     gj_bench_now          (void);
/* Seconds of processor time this process has used, user and system: on
 * a shared machine, the work's own cost beside its wall time. */
double     gj_bench_cpu_seconds  (void);
/* Resident memory now, and its peak since the process began or since the
 * last gj_bench_reset_peak(), in MB (VmRSS and VmHWM); -1 if unknown. */
double     gj_bench_rss_mb       (void);
double     gj_bench_peak_mb      (void);
/* Linux resets the peak to the current resident size when 5 is written to
 * /proc/self/clear_refs; FALSE where it cannot (the peak then counts from
 * the process's start). */
gboolean   gj_bench_reset_peak   (void);
/* The store's tables without the sync columns, same indexes and search. */
sqlite3   *gj_bench_plain_open   (const char *path);
/* Seconds to INSERT (or upsert) @recs with their search text. */
double     gj_bench_plain_write  (sqlite3    *db,
                                  GPtrArray  *recs,
                                  gboolean    upsert);

G_END_DECLS
