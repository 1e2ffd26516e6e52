/* gj-store.h: the SQLite store and its single change-capture write path
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "gj-cell.h"
#include "gj-record.h"
#include "gj-schema.h"

G_BEGIN_DECLS

#define GJ_TYPE_STORE (gj_store_get_type ())
G_DECLARE_FINAL_TYPE (GjStore, gj_store, GJ, STORE, GObject)

/* The database's migration version (PRAGMA user_version): it grows only
 * for a change to data already stored, with a numbered migration. Kinds
 * and fields added to the schema need none: every open creates the tables
 * and columns a database lacks. Apart from the wire version
 * (GJ_SCHEMA_WIRE_VERSION). */
#define GJ_STORE_MIGRATION_VERSION 5

typedef enum
{
  GJ_WRITE_NONE   = 0,
  /* Allows a move its kind's workflow (GjWorkflow) does not, such as
   * taking a graduated incubation back to an earlier stage. Without it
   * such a move is refused. */
  GJ_WRITE_REOPEN = 1 << 0,
} GjWriteFlags;

/* How a filter compares a field with its value. */
typedef enum
{
  GJ_FILTER_EQ = 0,
  GJ_FILTER_NE,  /* also true where the field is not set */
  GJ_FILTER_LT,
  GJ_FILTER_LE,
  GJ_FILTER_GT,
  GJ_FILTER_GE,
} GjFilterOp;

/* One condition of a query. A NULL or empty value stands for "not set":
 * GJ_FILTER_NE then matches the rows where the field is set, every other
 * operator those where it is not. */
typedef struct
{
  const char *field;  /* field name */
  const char *value;  /* stored form (enum key, ISO date, id) */
  GjFilterOp  op;     /* GJ_FILTER_EQ when left out */
} GjFilter;

/* What gj_store_list() returns. All members are optional. */
typedef struct
{
  const GjFilter *filters;
  guint           n_filters;
  const char     *text;            /* full-text filter within the kind, also matching the
                                    * records its references lead to (two hops) */
  const char     *sort_field;      /* default: the title field */
  gboolean        descending;
  guint           limit;           /* 0: no limit */
  guint           offset;
  gboolean        include_deleted;
} GjQuery;

char       *gj_store_default_path   (void) G_GNUC_WARN_UNUSED_RESULT;

/* Opens (creating if needed) the database at @path, or an in-memory one for
 * ":memory:". Only a path where no file exists becomes a new database: an
 * empty (zero-length) file, a file that is not SQLite, one written by a newer
 * schema version, one of another program, and one whose opening pages are
 * damaged are each refused with a clear error. */
GjStore    *gj_store_open           (const char  *path,
                                     GError     **error) G_GNUC_WARN_UNUSED_RESULT;
const char *gj_store_get_path       (GjStore *self);

/* Damage. A store becomes damaged when SQLite reports a damaged page
 * (SQLITE_CORRUPT, SQLITE_NOTADB) on any read or write, or when
 * gj_store_check() fails. From then on every write, on this
 * connection and on any other one that opens the same file (a marker file
 * beside it says so), is refused with GJ_DATA_ERROR_DAMAGED, whose message
 * says what to do. Opening reads only a few pages, so callers run
 * gj_store_check() after open: the app in a worker thread on its own
 * connection (then gj_store_mark_damaged() on the others), the CLI before it
 * writes. It is SQLite's integrity check, not the quick check: bytes flipped
 * inside a row mostly leave an index entry that no longer matches it, which
 * only the full check sees, and it costs little more (31 ms against 25 ms for
 * one street's 3 MB file). */
gboolean    gj_store_check          (GjStore     *self,
                                     GError     **error);
gboolean    gj_store_is_damaged     (GjStore     *self);
/* Why the file is damaged, in SQLite's words, or NULL. */
const char *gj_store_get_damage     (GjStore     *self);
void        gj_store_mark_damaged   (GjStore     *self,
                                     const char  *reason);
const char *gj_store_get_site_id    (GjStore *self);
gint64      gj_store_get_version    (GjStore *self);
guint64     gj_store_get_clock      (GjStore *self);

/* Station settings kept in the database (home street, district…). */
char       *gj_store_get_meta       (GjStore     *self,
                                     const char  *key) G_GNUC_WARN_UNUSED_RESULT;
/* Rereads what another connection may have set (the street, when a new
 * database enrols or pairs in a worker thread). */
void        gj_store_reload_meta    (GjStore     *self);
gboolean    gj_store_set_meta       (GjStore     *self,
                                     const char  *key,
                                     const char  *value,
                                     GError     **error);
/* The street this database belongs to (NULL before init). */
const char *gj_store_get_street     (GjStore *self);

/* Transactions nest (savepoints inside); a multi-row write is wrapped in
 * one so that a failure leaves nothing half-written. */
gboolean    gj_store_begin          (GjStore  *self,
                                     GError  **error);
gboolean    gj_store_commit         (GjStore  *self,
                                     GError  **error);
void        gj_store_rollback       (GjStore  *self);
/* One state of the database for reads that span several queries (a
 * report), while another connection may write: a deferred transaction,
 * which takes no write lock and works on a damaged store too. Inside a
 * transaction of the caller's the reads already share one, and @began is
 * FALSE. Pass @began to gj_store_end_read(). */
gboolean    gj_store_begin_read     (GjStore  *self,
                                     gboolean *began,
                                     GError  **error);
void        gj_store_end_read       (GjStore  *self,
                                     gboolean  began);

/* The one local write path. Each validates, stamps every changed cell with
 * a new clock and this device's site id, and bumps the local version. */
gboolean    gj_store_insert         (GjStore     *self,
                                     GjRecord    *record,
                                     GError     **error);
gboolean    gj_store_update         (GjStore     *self,
                                     GjRecord    *changes,
                                     GjWriteFlags flags,
                                     GError     **error);
/* Asks, without writing, what the write path asks of the rules between
 * fields and of identifiers already used by another record, about @record
 * (new when @existing is NULL, else the changes it makes to @existing):
 * for a preview, such as the import's, that must not promise a write the
 * store then refuses. GJ_DATA_ERROR_INVALID naming the field when a rule
 * fails; any other error is the database's. */
gboolean    gj_store_check_rules    (GjStore         *self,
                                     const GjRecord  *record,
                                     const GjRecord  *existing,
                                     GError         **error);
gboolean    gj_store_delete         (GjStore      *self,
                                     const GjKind *kind,
                                     const char   *id,
                                     GError      **error);
gboolean    gj_store_undelete       (GjStore      *self,
                                     const GjKind *kind,
                                     const char   *id,
                                     GError      **error);

GjRecord   *gj_store_get            (GjStore      *self,
                                     const GjKind *kind,
                                     const char   *id,
                                     GError      **error) G_GNUC_WARN_UNUSED_RESULT;
/* Accepts a unique id prefix of at least 8 characters, as people type them. */
char       *gj_store_resolve_id     (GjStore      *self,
                                     const GjKind *kind,
                                     const char   *id_or_prefix,
                                     GError      **error) G_GNUC_WARN_UNUSED_RESULT;
GPtrArray  *gj_store_list           (GjStore       *self,
                                     const GjKind  *kind,
                                     const GjQuery *query,
                                     GError       **error) G_GNUC_WARN_UNUSED_RESULT;
/* Called for each record of gj_store_list_each(), which keeps no
 * reference to @record after it returns. FALSE (with @error set) stops
 * the list with that error. It may read the store but not write to it:
 * outside a transaction of the caller's the list is one read transaction. */
typedef gboolean (*GjStoreRecordFunc) (GjRecord  *record,
                                       gpointer   user_data,
                                       GError   **error);
/* The records gj_store_list() returns, one at a time: only their row ids
 * (8 bytes a record) are held, so that an export of 100,000 records runs
 * in flat memory without the sort that paging with an offset repeats. */
gboolean    gj_store_list_each      (GjStore           *self,
                                     const GjKind      *kind,
                                     const GjQuery     *query,
                                     GjStoreRecordFunc  func,
                                     gpointer           user_data,
                                     GError           **error);
gint64      gj_store_count          (GjStore       *self,
                                     const GjKind  *kind,
                                     const GjQuery *query,
                                     GError       **error);

/* Full-text search across kinds: 3+ characters use the trigram index,
 * shorter text falls back to LIKE. Returns GjRecord*, best first, the
 * entries of append-only ledgers (the time bank) after the other records. */
GPtrArray  *gj_store_search         (GjStore     *self,
                                     const char  *text,
                                     guint        limit,
                                     GError     **error) G_GNUC_WARN_UNUSED_RESULT;

/* Time bank: earned minus redeemed hours of one volunteer. */
double      gj_store_hours_balance  (GjStore     *self,
                                     const char  *volunteer_id,
                                     GError     **error);

/* Per-cell clocks of one record, for its history: GjCell* with values. */
GPtrArray  *gj_store_cells          (GjStore      *self,
                                     const GjKind *kind,
                                     const char   *id,
                                     GError      **error) G_GNUC_WARN_UNUSED_RESULT;

/* Marks a conflict as reviewed; with @keep_other, first puts the value
 * that lost back into the record (or restores a record whose edit met a
 * delete). Both are ordinary local writes, so they sync like any other. */
gboolean    gj_store_resolve_conflict (GjStore     *self,
                                       const char  *conflict_id,
                                       gboolean     keep_other,
                                       GError     **error);

G_END_DECLS
