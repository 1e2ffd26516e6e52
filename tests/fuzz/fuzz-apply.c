/* fuzz-apply.c: a page from a peer, all the way in: decode, the server's
 * scope check, apply into a station's store, and relay of what was
 * applied to the next device, which must be able to read it.
 *
 * One in-memory store with demo data serves the whole process (loading it
 * takes far longer than one run). Each run is applied inside a transaction
 * that is rolled back, so every input meets the same database and a crash
 * reproduces from its input alone; the store is still reopened now and
 * then, so that nothing kept in memory between runs can grow.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fuzz-common.h"
#include "gj-demo.h"
#include "gj-store-sync.h"
#include "gj-store.h"

#define RUNS_PER_STORE 5000

static GjStore *store;
static guint runs;

static GjStore *
demo_store (void)
{
  g_autoptr(GError) error = NULL;
  GDate today;

  if (store != NULL && runs++ < RUNS_PER_STORE)
    return store;
  runs = 0;
  g_clear_object (&store);
  store = gj_store_open (":memory:", &error);
  if (store == NULL)
    fuzz_fail ("cannot open an in-memory store", error);
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 24, G_DATE_NOVEMBER, 2026);
  if (!gj_demo_load (store, 1, &today, &error))
    fuzz_fail ("cannot load the demo data", error);
  return store;
}

/* What this device now sends on: every cell changed by the apply. */
static void
check_relay (GjStore *s,
             gint64   before)
{
  g_autoptr(GjChangeset) relay = gj_changeset_new ();
  g_autoptr(GError) error = NULL;
  GjCursor since = { before, before };

  g_ptr_array_unref (relay->cells);
  relay->cells = gj_store_changes_since (s, &since, G_MAXINT32, &relay->next, &error);
  if (relay->cells == NULL)
    fuzz_fail ("cannot read back the applied cells", error);
  g_strlcpy (relay->site, gj_store_get_site_id (s), sizeof relay->site);
  relay->clock = gj_store_get_clock (s);
  fuzz_check_round_trip (relay);
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) bytes = g_bytes_new_static (data, size);
  g_autoptr(GjChangeset) cs = gj_changeset_decode (bytes, NULL);
  g_autoptr(GError) error = NULL;
  GjApplyResult result = { 0 };
  GjApplyOptions options = { NULL, NULL };
  GjStore *s;
  gint64 before;

  if (cs == NULL)
    return 0;
  s = demo_store ();
  if (!gj_store_begin (s, &error))
    fuzz_fail ("cannot begin a transaction", error);
  before = gj_store_get_version (s);
  /* As the district server judges a laptop's push: row by row, with the
   * device's street; whatever is refused is held, the rest relayed. */
  options.sender = cs->site;
  options.scope_street = gj_store_get_street (s);
  if (gj_store_apply_page (s, cs->cells, &options, &result, NULL, NULL))
    check_relay (s, before);
  gj_store_rollback (s);
  return 0;
}
