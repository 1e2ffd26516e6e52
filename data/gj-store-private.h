/* gj-store-private.h: what the gj-store*.c files share
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <sqlite3.h>

#include "gj-clock-blob.h"
#include "gj-store-sync.h"
#include "gj-store.h"

G_BEGIN_DECLS

#define GJ_LOCAL_SITE 1          /* index of this device in the site table */
#define GJ_FTS_KIND_SHIFT 40     /* search rowid = kind index << 40 | row rid */
#define GJ_STORE_APPLICATION_ID 0x476a6a6e  /* "Gjjn" in the SQLite header */

/* The state of one row while a write is merged into it. */
typedef struct
{
  const GjKind *kind;
  char         *id;
  gboolean      exists;
  gint64        rid;
  gint64        ver;
  GjValue      *values;   /* n_fields + 1 */
  GjClockEntry *clk;      /* n_fields + 1 */
  guint8       *changed;  /* n_fields + 1 */
  gboolean      search_changed;
} GjRowState;

typedef struct
{
  sqlite3_stmt *select_by_id;
  sqlite3_stmt *select_by_rid;
  sqlite3_stmt *insert;
  sqlite3_stmt *update;
} GjKindStmts;

struct _GjStore
{
  GObject       parent_instance;

  sqlite3      *db;
  char         *path;
  char          site_id[GJ_SITE_ID_LEN + 1];
  char         *street;

  gint64        version;
  guint64       hlc;
  guint64       saved_hlc;

  guint         tx_depth;
  gboolean      tx_failed;

  GPtrArray    *sites;      /* site index -> hex id; [0] unused */
  GHashTable   *site_index; /* hex id -> GUINT_TO_POINTER (index) */

  GjKindStmts  *stmts;      /* by GjKind.index */
  GHashTable   *stmt_cache; /* SQL text -> sqlite3_stmt */
  GjRowState  **scratch;    /* by GjKind.index, reused across writes */
  gint64        n_quarantined; /* rows held in quarantine; 0 spares the lookups */
  GByteArray   *blob;

  gboolean      opened;        /* gj_store_open() finished: errors now mean damage */
  char         *damage;        /* why the file is damaged, or NULL */
};

/* gj-store.c: the object, SQL, settings, sites */

sqlite3_stmt *gj_store_prepare       (GjStore     *self,
                                      const char  *sql,
                                      GError     **error);
/* How many prepared statements the cache holds: it must stay bounded. */
guint         gj_store_n_cached_statements (GjStore *self);
/* A setting of the meta table into *@value (NULL: unset). Unlike
 * gj_store_get_meta(), a database error is an error, not "unset". */
gboolean      gj_store_read_meta     (GjStore     *self,
                                      const char  *key,
                                      char       **value,
                                      GError     **error);
gboolean      gj_store_sql_error     (GjStore     *self,
                                      int          rc,
                                      GError     **error);
/* Runs a one-value statement (a PRAGMA, a count) into *@out; 0 for none. */
gboolean      gj_store_pragma_int    (GjStore     *self,
                                      const char  *sql,
                                      gint64      *out,
                                      GError     **error);
/* Reads this device's site id, the site table, the local version and the
 * clock from the database into @self (creating the site id once). */
gboolean      gj_store_load_state    (GjStore  *self,
                                      GError  **error);
gboolean      gj_store_exec          (GjStore     *self,
                                      const char  *sql,
                                      GError     **error);
GjRowState   *gj_store_row_state     (GjStore      *self,
                                      const GjKind *kind);
guint32       gj_store_intern_site   (GjStore     *self,
                                      const char  *site,
                                      GError     **error);
const char   *gj_store_site_name     (GjStore *self,
                                      guint32  index);
guint64       gj_store_tick          (GjStore *self);
/* The words said when a damaged file is refused: what happened and what to
 * do, naming the latest backup only if there is one (gj-backup.c). */
char         *gj_store_damage_message (const char *path,
                                       const char *reason) G_GNUC_WARN_UNUSED_RESULT;
/* The file that tells every connection and process that @path is damaged. */
char         *gj_store_damage_marker  (const char *path) G_GNUC_WARN_UNUSED_RESULT;

/* gj-store-rows.c: rows as stored */

gboolean      gj_row_state_is_deleted (GjRowState *rs);
gboolean      gj_store_step_done     (GjStore       *self,
                                      sqlite3_stmt  *stmt,
                                      GError       **error);
gboolean      gj_store_load_row      (GjStore      *self,
                                      GjRowState   *rs,
                                      const char   *id,
                                      GError      **error);
gboolean      gj_store_load_row_rid  (GjStore      *self,
                                      GjRowState   *rs,
                                      gint64        rid,
                                      GError      **error);
/* Moves row @rid (of GjKind.index or GJ_ROWLOG_UNKNOWN @kind) in the row
 * log from @old_ver (0: a new row) to @new_ver. */
gboolean      gj_store_log_row       (GjStore      *self,
                                      guint         kind,
                                      gint64        rid,
                                      gint64        old_ver,
                                      gint64        new_ver,
                                      GError      **error);
gboolean      gj_store_save_row      (GjStore      *self,
                                      GjRowState   *rs,
                                      GError      **error);
GjCell       *gj_row_state_cell      (GjStore      *self,
                                      GjRowState   *rs,
                                      guint         column) G_GNUC_WARN_UNUSED_RESULT;
gboolean      gj_store_collect_ids   (GjStore      *self,
                                      sqlite3_stmt *stmt,
                                      GArray       *out,
                                      GError      **error);
void          gj_store_bind_value    (sqlite3_stmt  *stmt,
                                      int            pos,
                                      const GjValue *value);
void          gj_row_state_value_from_column (GjValue      *value,
                                              sqlite3_stmt *stmt,
                                              int           col);

/* gj-store-history.c: the change journal */

/* Notes the cells of existing row @rs that gj_store_save_row() is about to
 * change (rs->changed) with the old values still stored, read through
 * @select_by_rid (the kind's statement selecting a row by rid). */
gboolean      gj_store_history_note  (GjStore       *self,
                                      GjRowState    *rs,
                                      sqlite3_stmt  *select_by_rid,
                                      GError       **error);

/* gj-store-write.c: the local write path */

/* The rules of a kind beyond each field's own check, on the values a row
 * will have (@values: one per field): an evaluation's score is at most 100,
 * a new time-bank redemption at most the volunteer's balance. Local writes
 * and rows from peers share them. GJ_DATA_ERROR_INVALID or _BALANCE when a
 * rule fails; any other error is the database's. */
gboolean      gj_store_check_kind_rules (GjStore        *self,
                                         const GjKind   *kind,
                                         const GjValue **values,
                                         gboolean        is_new,
                                         GError        **error);
/* Loads row @id of @kind into the kind's scratch state (*@out); a row
 * that is not there is GJ_DATA_ERROR_NOT_FOUND. */
gboolean      gj_store_load_existing (GjStore       *self,
                                      const GjKind  *kind,
                                      const char    *id,
                                      GjRowState   **out,
                                      GError       **error);

/* gj-store-stage.c: workflows */

/* Checks the move of a write that sets its kind's stage field (from
 * @current, NULL for a new record) against the kind's workflow, and sets
 * the dates the move records that @rec does not give. */
gboolean      gj_store_check_stage   (GjRecord          *rec,
                                      const GjRowState  *current,
                                      GjWriteFlags       flags,
                                      GError           **error);

/* gj-store-sync.c: applying pages */

gboolean      gj_store_record_conflict (GjStore       *self,
                                        GjRowState    *rs,
                                        guint          column,
                                        const char    *reason,
                                        const GjValue *kept_value,
                                        guint64        kept_hlc,
                                        const char    *kept_site,
                                        const GjValue *lost_value,
                                        guint64        lost_hlc,
                                        const char    *lost_site,
                                        GError       **error);

/* gj-store-quarantine.c: held rows */

gboolean      gj_store_quarantine_setup (GjStore  *self,
                                         GError  **error);
/* Reads how many rows are held (GjStore.n_quarantined): another process
 * may have held some since. */
gboolean      gj_store_count_quarantined (GjStore  *self,
                                          GError  **error);
/* Appends the cells held for one row to @out (owned GjCell*). */
gboolean      gj_store_quarantine_load (GjStore     *self,
                                        guint        kind,
                                        const char  *row,
                                        GPtrArray   *out,
                                        GError     **error);
gboolean      gj_store_quarantine_drop (GjStore     *self,
                                        guint        kind,
                                        const char  *row,
                                        GError     **error);
/* Replaces what is held for one row with @cells (one per column). */
gboolean      gj_store_quarantine_put (GjStore     *self,
                                       guint        kind,
                                       const char  *row,
                                       GjCell     **cells,
                                       guint        n_cells,
                                       const char  *reason,
                                       const char  *sender,
                                       GError     **error);
/* Sets *@servable to whether changes may be sent from row @rs: not when
 * it was found invalid where it is stored and not fixed since. */
gboolean      gj_store_row_servable  (GjStore     *self,
                                      GjRowState  *rs,
                                      gboolean    *servable,
                                      GError     **error);
/* Runs gj_store_check_stored() on a database not checked since values
 * are checked at every door. */
gboolean      gj_store_check_stored_once (GjStore  *self,
                                          GError  **error);
/* Drops a row from quarantine once a local edit made it valid. */
gboolean      gj_store_quarantine_forget_fixed (GjStore     *self,
                                                GjRowState  *rs,
                                                GError     **error);

/* gj-store-unknown.c: cells of kinds and fields from newer versions */

/* Unknown rows are in the row log under this kind number. */
#define GJ_ROWLOG_UNKNOWN 65535
/* Keeps @cells (all unknown, grouped by row) as they arrived, except rows
 * named in @refused_rows ("kind id") and rows this side must refuse
 * (street, future clocks), which are added to @refused. */
gboolean      gj_store_apply_unknown (GjStore              *self,
                                      GPtrArray            *cells,
                                      const GjApplyOptions *options,
                                      GHashTable           *refused_rows,
                                      guint64               future_limit,
                                      guint64               drag_limit,
                                      GjApplyResult        *result,
                                      GPtrArray            *refused,
                                      GError              **error);
/* Appends the cells of unknown row @rid changed after @floor, unless the
 * row is of another street than @street_id (NULL: any) or the cell was
 * written by @skip_site (0: none); adds their size to *@bytes. */
gboolean      gj_store_unknown_changes (GjStore     *self,
                                        gint64       rid,
                                        gint64       floor,
                                        const char  *street_id,
                                        guint32      skip_site,
                                        GPtrArray   *out,
                                        gsize       *bytes,
                                        GError     **error);
/* Once per version: moves the cells this version now knows into their
 * records, through the checks of any remote cell. */
gboolean      gj_store_promote_unknown (GjStore  *self,
                                        GError  **error);

G_END_DECLS
