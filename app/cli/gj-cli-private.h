/* gj-cli-private.h: what the command line's files share
 *
 * Every command either does all it was asked or, on bad input, prints one
 * line saying why and writes nothing (exit status 1; 2 for usage errors).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <json-glib/json-glib.h>

#include "gj-cli.h"
#include "gj-store.h"

G_BEGIN_DECLS

typedef struct
{
  GjStore    *store;     /* NULL for the commands that do not open the database */
  const char *db;        /* the database file's path */
  gboolean    json;
  int         argc;
  char      **argv;      /* the command's own arguments, options removed */
  GPtrArray  *filters;
  char       *search;
  char       *since;
  char       *seed;
  char       *street;
  char       *district;
  char       *station;
  char       *year;
  char       *limit;
  gboolean    reopen;
  gboolean    all;
  gboolean    keep_other;
  char       *peer;
  char       *listen;
  gboolean    server_only;
  char       *fetch_limit; /* sync: MB fetched with every sync, kept in meta */
  gboolean    reveal;    /* resident IDs and phones in full */
  char       *sheet;     /* import: the sheet's name */
  char      **maps;      /* import: COLUMN=FIELD */
  char       *on_match;  /* import: skip, fill or overwrite */
  gboolean    dry_run;   /* import: preview only */
  char       *output;    /* export, report: the file written (-o), any bytes */
  char       *period;    /* report indicators: 2026Q4 or 2026 */
  char       *from;      /* report volunteer-certificate, time-bank: first day */
  char       *to;        /* and last day */
  char       *name;      /* attach: the attachment's name (default: the file's) */
  gboolean    keep_location; /* attach: keep a photo's GPS position */
} GjCli;

/**
 * GjCliFlags:
 * @GJ_CLI_OPENS_DB: the command works on the open database (cli->store)
 * @GJ_CLI_WRITES: it may write: the integrity check runs before it, the daily backup after it
 * @GJ_CLI_TEXT_ONLY: it prints text only, so --json is refused
 * @GJ_CLI_KIND_FIRST: its first argument is a record KIND
 * @GJ_CLI_KIND_ID: its second argument is a record ID
 * @GJ_CLI_ASSIGNS: the arguments after KIND (and ID) are FIELD=VALUE
 * @GJ_CLI_SEARCH_TEXT: its argument is the text searched for
 * @GJ_CLI_LISTENS: --listen is its own address, which may leave out the port or ask for port 0
 * @GJ_CLI_PATHS: its arguments are file names, which may be any bytes
 *
 * What the dispatch and the argument checks need to know of a command.
 */
typedef enum
{
  GJ_CLI_OPENS_DB    = 1 << 0,
  GJ_CLI_WRITES      = 1 << 1,
  GJ_CLI_TEXT_ONLY   = 1 << 2,
  GJ_CLI_KIND_FIRST  = 1 << 3,
  GJ_CLI_KIND_ID     = 1 << 4,
  GJ_CLI_ASSIGNS     = 1 << 5,
  GJ_CLI_SEARCH_TEXT = 1 << 6,
  GJ_CLI_LISTENS     = 1 << 7,
  GJ_CLI_PATHS       = 1 << 8,
} GjCliFlags;

typedef struct
{
  const char *name;
  const char *synopsis;   /* its arguments and options as the help lists them; NULL: none */
  int       (*run) (GjCli *cli);
  GjCliFlags  flags;
} GjCliCommand;

/* Output and complaints (gj-cli.c). */
void          gj_cli_complain             (const char *message);
int           gj_cli_fail                 (GError     *error);
int           gj_cli_usage_error          (const char *message);
const GjKind *gj_cli_kind_arg             (const char  *name,
                                           GError     **error);
void          gj_cli_add_string           (JsonBuilder    *b,
                                           const char     *text);
/* "name": text, with gj_cli_add_string()'s care for NULL and bad UTF-8. */
void          gj_cli_add_string_member    (JsonBuilder    *b,
                                           const char     *name,
                                           const char     *text);
void          gj_cli_add_double           (JsonBuilder    *b,
                                           double          d);
gboolean      gj_cli_field_is_sensitive   (const GjField  *field);
void          gj_cli_add_value_member     (JsonBuilder    *b,
                                           const GjField  *field,
                                           const GjValue  *v,
                                           gboolean        mask);
void          gj_cli_print_json           (JsonBuilder    *b);
void          gj_cli_print_records_json   (GPtrArray      *records,
                                           gboolean        mask);
char         *gj_cli_cell_text            (GjCli          *cli,
                                           const GjRecord *rec,
                                           guint           f,
                                           gboolean        mask) G_GNUC_WARN_UNUSED_RESULT;
guint         gj_cli_unique_prefix_len    (GjCli          *cli,
                                           const GjKind   *kind,
                                           const char     *id,
                                           guint           min_len);
guint         gj_cli_short_id_width       (GjCli          *cli,
                                           GPtrArray      *records);
void          gj_cli_print_padded         (const char     *text,
                                           int             width);

/* The door: arguments checked before anything is opened (gj-cli-door.c). */
gboolean      gj_cli_check_door           (GjCli               *cli,
                                           const GjCliCommand  *command,
                                           char               **filter_specs,
                                           int                  argc,
                                           char               **argv,
                                           GPtrArray           *owned,
                                           GError             **error);

/* Records (gj-cli-records.c). */
int gj_cli_init      (GjCli *cli);
int gj_cli_demo      (GjCli *cli);
int gj_cli_list      (GjCli *cli);
int gj_cli_show      (GjCli *cli);
int gj_cli_add       (GjCli *cli);
int gj_cli_set       (GjCli *cli);
int gj_cli_delete    (GjCli *cli);
int gj_cli_undelete  (GjCli *cli);
int gj_cli_history   (GjCli *cli);
int gj_cli_search    (GjCli *cli);
int gj_cli_stats     (GjCli *cli);
int gj_cli_due       (GjCli *cli);
int gj_cli_changes   (GjCli *cli);
int gj_cli_kinds     (GjCli *cli);
int gj_cli_fields    (GjCli *cli);
/* The query of --filter, --search and --all on @kind, as list shows it:
 * @filters receives the filters @query points to (their text points into
 * cli->filters, cut at "=", so call it once). 0, or a usage error's exit
 * status after saying what is wrong. */
int gj_cli_build_query (GjCli        *cli,
                        const GjKind *kind,
                        GArray       *filters,
                        GjQuery      *query);

/* The records deleted lately (gj-cli-deleted.c). */
int gj_cli_deleted   (GjCli *cli);

/* A list into a spreadsheet (gj-cli-export.c). */
int gj_cli_export    (GjCli *cli);

/* Sync with the server and other laptops (gj-cli-sync.c). */
int gj_cli_enroll    (GjCli *cli);
int gj_cli_sync      (GjCli *cli);
int gj_cli_serve     (GjCli *cli);
int gj_cli_pair      (GjCli *cli);
int gj_cli_accept    (GjCli *cli);
int gj_cli_peers     (GjCli *cli);
int gj_cli_unpair    (GjCli *cli);
int gj_cli_conflicts (GjCli *cli);
int gj_cli_problems  (GjCli *cli);
int gj_cli_resolve   (GjCli *cli);

/* Spreadsheet import and its batches (gj-cli-import.c). */
int gj_cli_import      (GjCli *cli);
int gj_cli_imports     (GjCli *cli);
int gj_cli_undo_import (GjCli *cli);

/* Reports as PDF and XLSX (gj-cli-report.c). */
int gj_cli_report      (GjCli *cli);

/* Files attached to records (gj-cli-attach.c). */
int gj_cli_attach         (GjCli *cli);
int gj_cli_attachments    (GjCli *cli);
int gj_cli_get_attachment (GjCli *cli);
int gj_cli_detach         (GjCli *cli);

/* Backups and damage (gj-cli-backup.c). */
int      gj_cli_backup              (GjCli *cli);
int      gj_cli_backups             (GjCli *cli);
int      gj_cli_restore             (GjCli *cli);
gboolean gj_cli_check_before_write  (GjCli *cli);
void     gj_cli_backup_after_write  (GjCli *cli,
                                     int    rc);

G_END_DECLS
