/* gj-store-sync.h: what sync reads from and writes into the store
 *
 * Change capture as the sync protocol sees it: cursors, pages of changed
 * cells, applying a peer's page with quarantine, and the records that did
 * not sync. The record API is in gj-store.h.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gj-store.h"

G_BEGIN_DECLS

typedef struct
{
  guint applied;     /* cells that won and were written */
  guint ignored;     /* cells that lost or were already known */
  guint conflicts;   /* conflicts recorded by this batch */
  guint refused;     /* rows refused and held in quarantine */
} GjApplyResult;

/* Where a page comes from and what its sender may write. */
typedef struct
{
  const char *sender;        /* device id of the sender, kept with what is refused */
  const char *scope_street;  /* the district server: the sending device's street */
} GjApplyOptions;

/* A row of a page that was not applied, and why (translated, naming the
 * field). */
typedef struct
{
  char *kind;
  char *id;
  char *reason;
} GjRefusal;

void        gj_refusal_free         (GjRefusal *refusal);

/* A record that did not sync: refused by a peer this device sent it to
 * (@peer is that peer), or received here and held in quarantine (@peer is
 * the device it came from). */
typedef struct
{
  gboolean  received;   /* TRUE: held here; FALSE: refused by @peer */
  char     *kind;
  char     *id;
  char     *reason;
  char     *peer;
  gint64    time;       /* Unix seconds */
} GjProblem;

void        gj_problem_free         (GjProblem *problem);

/* Cells dated further ahead of this device's clock than this are refused
 * as coming from a clock that is wrong; anything nearer is taken, so that
 * a laptop whose clock was ahead and was put right keeps syncing. */
#define GJ_MAX_FUTURE_MS (G_GINT64_CONSTANT (7) * 24 * 3600 * 1000)
/* A remote clock ahead of ours moves this device's clock at most this
 * far ahead of its own wall clock. */
#define GJ_MAX_CLOCK_DRAG_MS (10 * 60 * 1000)
/* At most this many conflict records come from one page. */
#define GJ_MAX_CONFLICTS_PER_PAGE 1000
/* Pages are filled up to about this many bytes of values as well as
 * @max_cells (a row is never split). */
#define GJ_PAGE_VALUE_BYTES (4 * 1024 * 1024)

/* A sync cursor, kept per peer by the side that receives. The peer already
 * has every cell whose local version is <= @floor, and every row logged in
 * (@floor, @pos] as it was when sent. Rows re-saved while a sync is under
 * way move past @pos, so the cells they carry from before are still sent:
 * only when a page reaches the end does @floor catch up with @pos. */
typedef struct
{
  gint64 floor;
  gint64 pos;
} GjCursor;

#define GJ_CURSOR_INIT { 0, 0 }

/* Changes for sync: the latest value of every cell after @since, in row-log
 * order, about @max_cells at a time (a row is never split). *@next is the
 * cursor to ask from next, to be kept only once the receiver committed the
 * page; it equals *@since when there is nothing more. */
GPtrArray  *gj_store_changes_since  (GjStore         *self,
                                     const GjCursor  *since,
                                     guint            max_cells,
                                     GjCursor        *next,
                                     GError         **error) G_GNUC_WARN_UNUSED_RESULT;

/* What a peer can keep, as agreed with it before pages are sent
 * (gj-exchange.c): a peer that keeps cells it does not know is sent
 * everything; an older one (release 0.2.0) only the kinds and fields of
 * its wire version, and the rest is held back here until it is updated. */
typedef struct
{
  guint    schema;       /* the peer's wire version (GJ_SCHEMA_WIRE_VERSION) */
  gboolean unknown;      /* the peer keeps cells it does not know */
  guint    grown_since;  /* not 0: only what a peer of that version was not sent (a catch-up) */
} GjChangesFilter;

/* Everything, as to a peer of this version. */
#define GJ_CHANGES_ALL { GJ_SCHEMA_WIRE_VERSION, TRUE, 0 }

/* gj_store_changes_since() for a peer that can keep what @filter says;
 * *@held (may be NULL) counts the cells left out for that reason. With a
 * @street_id, only that street's rows plus district reference data, as
 * the district server and a listening laptop send them, and without the
 * cells written by @requester_site (the asking device's own, which it has
 * already). */
GPtrArray  *gj_store_changes_filtered (GjStore               *self,
                                       const GjCursor        *since,
                                       guint                  max_cells,
                                       const char            *street_id,
                                       const char            *requester_site,
                                       const GjChangesFilter *filter,
                                       guint                 *held,
                                       GjCursor              *next,
                                       GError               **error) G_GNUC_WARN_UNUSED_RESULT;

/* How many records changed here after @since: what is still to be sent
 * to a peer whose push cursor that is; -1 when the database cannot be read. */
gint64      gj_store_count_rows_since (GjStore        *self,
                                       const GjCursor *since);

/* Applies remote cells with per-cell last-writer-wins on (clock, site), in
 * one transaction. Merged cells keep their remote clock (no echo) and get a
 * new local version (relay). A losing value that the winner's writer had
 * not seen, and an edit meeting a delete it had not seen, are recorded as
 * conflicts. */
gboolean    gj_store_apply          (GjStore        *self,
                                     GPtrArray      *cells,
                                     GjApplyResult  *result,
                                     GError        **error);

/* The same, for a page from a peer: every row is judged on its own with
 * the checks of a local write (gj_field_check_value(), required fields,
 * the time bank's rules, street scope from the row as stored here when
 * @options names one, a street that never changes, a clock not more than
 * GJ_MAX_FUTURE_MS ahead). A row that fails is not applied but held in
 * quarantine with its reason and the sender, and added to @refused
 * (GjRefusal*, may be NULL); the rest of the page is applied. Cells that
 * arrive later for a held row are merged with it and the row is judged
 * again, so the sender's fix brings it in. Fails only for a page that is
 * malformed as a whole or a database error, applying nothing. */
gboolean    gj_store_apply_page     (GjStore              *self,
                                     GPtrArray            *cells,
                                     const GjApplyOptions *options,
                                     GjApplyResult        *result,
                                     GPtrArray            *refused,
                                     GError              **error);

/* What @peer said it refused of a page this device sent, replacing what it
 * said before about the rows of @sent (GjCell*): a row it took now is no
 * longer a problem. @refused holds GjRefusal*. */
gboolean    gj_store_note_refused   (GjStore     *self,
                                     const char  *peer,
                                     GPtrArray   *sent,
                                     GPtrArray   *refused,
                                     GError     **error);

/* Finds rows stored here that a peer would refuse (values older versions
 * did not check), holds them in quarantine so that they are no longer
 * sent anywhere, and adds each to @found (GjRefusal*, may be NULL). They
 * stay readable here so that a person can fix them; the fix is sent like
 * any edit. It runs once on a database not checked yet before anything is
 * sent from it (gj_store_changes_since() and gj_store_changes_filtered()),
 * in whichever thread syncs. */
gboolean    gj_store_check_stored   (GjStore     *self,
                                     GPtrArray   *found,
                                     GError     **error);

/* Records that did not sync, either way (GjProblem*), newest first. */
GPtrArray  *gj_store_list_problems  (GjStore     *self,
                                     GError     **error) G_GNUC_WARN_UNUSED_RESULT;

/* A stable text of every record with its cell clocks, independent of local
 * versions and row order: two replicas that converged dump the same. */
char       *gj_store_dump           (GjStore  *self,
                                     GError  **error) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
