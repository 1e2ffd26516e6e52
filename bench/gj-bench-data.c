/* gj-bench-data.c: the data layer against plain SQLite on a synthetic district
 *
 * Builds a district of 24 streets (132,000 organizations, projects and
 * volunteers, over a million cells) and prints a table:
 *  - local writes through the change-capture path (validation, clocks,
 *    row log, search index) against plain INSERTs of the same rows into the
 *    same tables with the same indexes and search index;
 *  - applying every cell of that district to an empty replica against plain
 *    upserts of the same rows;
 *  - full-text search latency for 3-character Chinese queries;
 *  - database size and sync metadata per cell.
 *
 * Usage: gj-bench-data [--streets N] [--dir DIR]
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>

#include "gj-store.h"
#include "gj-validate.h"

#define TX_ROWS 5000

static const char *surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾";
static const char *given = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国文辉玲";
static const char *words[] = { "银龄", "互助", "邻里", "调解", "书画", "志愿", "关爱", "成长",
                               "巾帼", "守望", "和谐", "睦邻", "康养", "助残", "文体", "公益",
                               "慈善", "服务", "协会", "之家", "驿站", "联盟", "先锋", "阳光" };
static const char *cats[] = { "elderly_care", "public_service", "charity", "harmony",
                              "culture_sports", "life_service", "mediation", "other" };
static const char *fields[] = { "social_assistance", "elderly", "children", "governance",
                                "disability", "culture", "other" };
static const char *statuses[] = { "idea", "applied", "approved", "in_progress", "closed",
                                  "evaluated" };

static void
append_utf8_char (GString    *s,
                  const char *pool,
                  GRand      *r)
{
  glong n = g_utf8_strlen (pool, -1);
  const char *p = g_utf8_offset_to_pointer (pool, g_rand_int_range (r, 0, n));

  g_string_append_len (s, p, g_utf8_next_char (p) - p);
}

static char *
person_name (GRand *r)
{
  GString *s = g_string_new (NULL);

  append_utf8_char (s, surnames, r);
  append_utf8_char (s, given, r);
  if (g_rand_boolean (r))
    append_utf8_char (s, given, r);
  return g_string_free (s, FALSE);
}

static char *
org_name (GRand      *r,
          const char *community)
{
  return g_strdup_printf ("%s%s%s%s", community, words[g_rand_int_range (r, 0, G_N_ELEMENTS (words))],
                          words[g_rand_int_range (r, 0, G_N_ELEMENTS (words))],
                          words[g_rand_int_range (r, 0, G_N_ELEMENTS (words))]);
}

static char *
mobile (GRand *r)
{
  return g_strdup_printf ("1%d%09d", g_rand_int_range (r, 3, 10), g_rand_int_range (r, 0, 999999999));
}

static char *
resident_id (GRand *r)
{
  char first17[18];

  g_snprintf (first17, sizeof first17, "350503%04d%02d%02d%03d", g_rand_int_range (r, 1940, 2005),
              g_rand_int_range (r, 1, 13), g_rand_int_range (r, 1, 29), g_rand_int_range (r, 0, 1000));
  return g_strdup_printf ("%s%c", first17, gj_resident_id_check (first17));
}

static char *
credit_code (GRand *r)
{
  static const char *charset = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  char first17[18];

  g_snprintf (first17, 9, "5235%04d", g_rand_int_range (r, 0, 10000));
  for (int i = 8; i < 17; i++)
    first17[i] = charset[g_rand_int_range (r, 0, 31)];
  first17[17] = '\0';
  return g_strdup_printf ("%s%c", first17, gj_credit_code_check (first17));
}

static char *
date (GRand *r)
{
  return g_strdup_printf ("%04d-%02d-%02d", g_rand_int_range (r, 2015, 2026),
                          g_rand_int_range (r, 1, 13), g_rand_int_range (r, 1, 29));
}

/* Every generated record, so that the plain baseline inserts exactly the
 * same rows. */
static GPtrArray *
generate (guint n_streets,
          GRand *r)
{
  GPtrArray *recs = g_ptr_array_new_with_free_func ((GDestroyNotify) gj_record_unref);

  for (guint s = 0; s < n_streets; s++)
    {
      g_autoptr(GjRecord) street = gj_record_new_for ("street");
      g_autofree char *sname = g_strdup_printf ("第%u街道", s + 1);
      GPtrArray *communities = g_ptr_array_new ();

      street->id = g_uuid_string_random ();
      gj_record_set_text (street, "street_id", street->id);
      gj_record_set_text (street, "name", sname);
      g_ptr_array_add (recs, gj_record_ref (street));

      for (guint c = 0; c < 10; c++)
        {
          GjRecord *com = gj_record_new_for ("community");
          g_autofree char *cname = g_strdup_printf ("%s%s社区", words[(s + c) % G_N_ELEMENTS (words)],
                                                    words[(s * 7 + c) % G_N_ELEMENTS (words)]);

          com->id = g_uuid_string_random ();
          gj_record_set_text (com, "street_id", street->id);
          gj_record_set_text (com, "name", cname);
          gj_record_set_text (com, "type", c < 7 ? "urban" : "rural");
          gj_record_set_int (com, "households", g_rand_int_range (r, 800, 4000));
          gj_record_set_int (com, "population", g_rand_int_range (r, 2000, 12000));
          g_ptr_array_add (recs, com);
          g_ptr_array_add (communities, com);
        }

      for (guint i = 0; i < 5500; i++)
        {
          GjRecord *com = g_ptr_array_index (communities, g_rand_int_range (r, 0, 10));
          const char *cname = gj_record_get_title (com);
          GjRecord *rec;

          if (i < 2000)
            {
              g_autofree char *name = org_name (r, cname);
              g_autofree char *leader = person_name (r);
              g_autofree char *phone = mobile (r);
              g_autofree char *founded = date (r);

              rec = gj_record_new_for ("organization");
              gj_record_set_text (rec, "name", name);
              if (i % 3 == 0)
                {
                  g_autofree char *code = credit_code (r);
                  gj_record_set_text (rec, "credit_code", code);
                }
              gj_record_set_text (rec, "legal_form", i % 4 ? "community_filed" : "social_group");
              gj_record_set_text (rec, "category", cats[g_rand_int_range (r, 0, G_N_ELEMENTS (cats))]);
              gj_record_set_text (rec, "founded", founded);
              gj_record_set_text (rec, "leader", leader);
              gj_record_set_text (rec, "phone", phone);
              gj_record_set_int (rec, "members", g_rand_int_range (r, 5, 300));
            }
          else if (i < 3000)
            {
              g_autofree char *name = g_strdup_printf ("%s%s项目", cname,
                                                       words[g_rand_int_range (r, 0, G_N_ELEMENTS (words))]);
              gint64 budget = g_rand_int_range (r, 10, 500) * 100000;

              rec = gj_record_new_for ("project");
              gj_record_set_text (rec, "name", name);
              gj_record_set_text (rec, "field", fields[g_rand_int_range (r, 0, G_N_ELEMENTS (fields))]);
              gj_record_set_text (rec, "status", statuses[g_rand_int_range (r, 0, G_N_ELEMENTS (statuses))]);
              gj_record_set_int (rec, "budget", budget);
              gj_record_set_int (rec, "gov_funds", budget / 2);
              gj_record_set_int (rec, "social_funds", budget / 2);
              gj_record_set_int (rec, "beneficiaries", g_rand_int_range (r, 20, 2000));
            }
          else
            {
              g_autofree char *name = person_name (r);
              g_autofree char *rid = resident_id (r);
              g_autofree char *phone = mobile (r);

              rec = gj_record_new_for ("volunteer");
              gj_record_set_text (rec, "name", name);
              gj_record_set_text (rec, "resident_id", rid);
              gj_record_set_text (rec, "phone", phone);
              gj_record_set_text (rec, "gender", g_rand_boolean (r) ? "female" : "male");
              gj_record_set_bool (rec, "party_member", g_rand_int_range (r, 0, 5) == 0);
            }
          rec->id = g_uuid_string_random ();
          gj_record_set_text (rec, "street_id", street->id);
          gj_record_set_text (rec, "community_id", com->id);
          g_ptr_array_add (recs, rec);
        }
      g_ptr_array_unref (communities);
    }
  return recs;
}

static void
check (gboolean    ok,
       GError     *error,
       const char *what)
{
  if (!ok)
    {
      g_printerr ("gj-bench-data: %s: %s\n", what, error ? error->message : "failed");
      exit (1);
    }
}

static void
exec_sql (sqlite3    *db,
          const char *sql)
{
  char *err = NULL;

  if (sqlite3_exec (db, sql, NULL, NULL, &err) != SQLITE_OK)
    {
      g_printerr ("gj-bench-data: %s: %s\n", sql, err);
      exit (1);
    }
}

/* The same tables as the store, without the sync columns. */
static sqlite3 *
plain_open (const char *path)
{
  sqlite3 *db;
  static const char *indexed[] = { "community_id", NULL };

  g_unlink (path);
  if (sqlite3_open (path, &db) != SQLITE_OK)
    exit (1);
  exec_sql (db, "PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL;"
                "CREATE VIRTUAL TABLE search USING fts5 (body, tokenize = 'trigram');");
  for (guint k = 0; k < gj_schema_n_kinds (); k++)
    {
      const GjKind *kind = gj_schema_kind (k);
      g_autoptr(GString) sql = g_string_new (NULL);

      g_string_append_printf (sql, "CREATE TABLE %s (rid INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE",
                              kind->name);
      for (guint f = 0; f < kind->n_fields; f++)
        g_string_append_printf (sql, ", %s", kind->fields[f].name);
      g_string_append (sql, ", deleted INTEGER NOT NULL DEFAULT 0);");
      for (guint i = 0; indexed[i]; i++)
        if (gj_kind_field (kind, indexed[i]))
          g_string_append_printf (sql, "CREATE INDEX %s_%s ON %s (%s);", kind->name, indexed[i],
                                  kind->name, indexed[i]);
      exec_sql (db, sql->str);
    }
  return db;
}

static void
bind_value (sqlite3_stmt  *stmt,
            int            pos,
            const GjValue *v)
{
  switch (v->type)
    {
    case GJ_VALUE_INT: sqlite3_bind_int64 (stmt, pos, v->i); break;
    case GJ_VALUE_REAL: sqlite3_bind_double (stmt, pos, v->r); break;
    case GJ_VALUE_TEXT: sqlite3_bind_text (stmt, pos, v->s, -1, SQLITE_STATIC); break;
    default: sqlite3_bind_null (stmt, pos); break;
    }
}

static char *
search_text (const GjRecord *rec)
{
  GString *s = g_string_new (NULL);

  for (guint f = 0; f < rec->kind->n_fields; f++)
    if ((rec->kind->fields[f].flags & GJ_FIELD_FLAG_SEARCH) && rec->values[f].type == GJ_VALUE_TEXT)
      {
        if (s->len)
          g_string_append_c (s, ' ');
        g_string_append (s, rec->values[f].s);
      }
  return g_string_free (s, FALSE);
}

static void
finalize_stmt (gpointer stmt)
{
  sqlite3_finalize (stmt);
}

/* Plain INSERT (or upsert) of whole rows plus their search text. */
static double
plain_write (sqlite3   *db,
             GPtrArray *recs,
             gboolean   upsert)
{
  GHashTable *stmts = g_hash_table_new_full (g_direct_hash, g_direct_equal, NULL, finalize_stmt);
  sqlite3_stmt *fts;
  gint64 t0 = g_get_monotonic_time ();

  sqlite3_prepare_v2 (db, "INSERT INTO search (rowid, body) VALUES (?, ?)", -1, &fts, NULL);
  exec_sql (db, "BEGIN");
  for (guint i = 0; i < recs->len; i++)
    {
      GjRecord *rec = g_ptr_array_index (recs, i);
      sqlite3_stmt *stmt = g_hash_table_lookup (stmts, rec->kind);
      g_autofree char *body = NULL;

      if (stmt == NULL)
        {
          g_autoptr(GString) sql = g_string_new (NULL);

          g_string_printf (sql, "INSERT INTO %s (id", rec->kind->name);
          for (guint f = 0; f < rec->kind->n_fields; f++)
            g_string_append_printf (sql, ", %s", rec->kind->fields[f].name);
          g_string_append (sql, ") VALUES (?");
          for (guint f = 0; f < rec->kind->n_fields; f++)
            g_string_append (sql, ", ?");
          g_string_append (sql, ")");
          if (upsert)
            {
              g_string_append (sql, " ON CONFLICT (id) DO UPDATE SET ");
              for (guint f = 0; f < rec->kind->n_fields; f++)
                g_string_append_printf (sql, "%s%s = excluded.%s", f ? ", " : "",
                                        rec->kind->fields[f].name, rec->kind->fields[f].name);
            }
          sqlite3_prepare_v2 (db, sql->str, -1, &stmt, NULL);
          g_hash_table_insert (stmts, (gpointer) rec->kind, stmt);
        }
      sqlite3_bind_text (stmt, 1, rec->id, -1, SQLITE_STATIC);
      for (guint f = 0; f < rec->kind->n_fields; f++)
        bind_value (stmt, f + 2, &rec->values[f]);
      if (sqlite3_step (stmt) != SQLITE_DONE)
        {
          g_printerr ("plain insert: %s\n", sqlite3_errmsg (db));
          exit (1);
        }
      sqlite3_reset (stmt);
      body = search_text (rec);
      if (body[0])
        {
          sqlite3_bind_int64 (fts, 1, ((gint64) rec->kind->index << 40) | sqlite3_last_insert_rowid (db));
          sqlite3_bind_text (fts, 2, body, -1, SQLITE_STATIC);
          sqlite3_step (fts);
          sqlite3_reset (fts);
        }
      if ((i + 1) % TX_ROWS == 0)
        exec_sql (db, "COMMIT; BEGIN");
    }
  exec_sql (db, "COMMIT");
  sqlite3_finalize (fts);
  g_hash_table_unref (stmts);
  return (g_get_monotonic_time () - t0) / 1e6;
}

static gint64
file_size (const char *path)
{
  GStatBuf st;
  g_autofree char *wal = g_strconcat (path, "-wal", NULL);
  gint64 n = 0;

  if (g_stat (path, &st) == 0)
    n += st.st_size;
  if (g_stat (wal, &st) == 0)
    n += st.st_size;
  return n;
}

static gint64
query_int (sqlite3    *db,
           const char *sql)
{
  sqlite3_stmt *stmt;
  gint64 v = 0;

  if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      g_printerr ("%s: %s\n", sql, sqlite3_errmsg (db));
      exit (1);
    }
  if (sqlite3_step (stmt) == SQLITE_ROW)
    v = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return v;
}

/* Bytes of sync metadata: the packed clocks, the row version column, the
 * row log and the device table, over the number of stamped cells. */
static double
metadata_per_cell (GjStore *store,
                   gint64   cells)
{
  sqlite3 *db = gj_store_get_handle (store);
  gint64 bytes = 0;

  for (guint k = 0; k < gj_schema_n_kinds (); k++)
    {
      g_autofree char *sql = g_strdup_printf (
        "SELECT coalesce(sum(length(_clk)), 0) + coalesce(sum(CASE WHEN _ver < 128 THEN 1 "
        "WHEN _ver < 32768 THEN 2 WHEN _ver < 8388608 THEN 3 ELSE 4 END), 0) FROM %s",
        gj_schema_kind (k)->name);
      bytes += query_int (db, sql);
    }
  bytes += query_int (db, "SELECT coalesce(sum(pgsize), 0) FROM dbstat WHERE name IN ('rowlog', 'site', "
                          "'sqlite_autoindex_site_1')");
  return (double) bytes / (double) cells;
}

static int
cmp_double (gconstpointer a,
            gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GjStore) store = NULL;
  g_autoptr(GjStore) replica = NULL;
  g_autoptr(GPtrArray) recs = NULL;
  g_autoptr(GPtrArray) pages = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *plain_path = NULL;
  g_autofree char *replica_path = NULL;
  g_autofree char *plain2_path = NULL;
  GRand *r = g_rand_new_with_seed (7);
  guint n_streets = 24;
  char *opt_dir = NULL;
  double t_local, t_plain, t_apply, t_upsert;
  gint64 n_cells = 0, t0;
  GjCursor cursor = GJ_CURSOR_INIT;
  sqlite3 *plain;
  GOptionEntry entries[] = {
    { "streets", 0, 0, G_OPTION_ARG_INT, &n_streets, "Number of streets (5,500 records each)", "N" },
    { "dir", 0, 0, G_OPTION_ARG_FILENAME, &opt_dir, "Where to put the databases", "DIR" },
    { NULL }
  };
  g_autoptr(GOptionContext) ctx = g_option_context_new (NULL);

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  dir = opt_dir ? opt_dir : g_dir_make_tmp ("gj-bench-XXXXXX", NULL);
  path = g_build_filename (dir, "store.db", NULL);
  plain_path = g_build_filename (dir, "plain.db", NULL);
  replica_path = g_build_filename (dir, "replica.db", NULL);
  plain2_path = g_build_filename (dir, "plain-upsert.db", NULL);
  g_unlink (path);
  g_unlink (replica_path);

  recs = generate (n_streets, r);
  g_print ("Synthetic district: %u streets, %u records\n\n", n_streets, recs->len);

  /* Local writes through the change-capture path. */
  store = gj_store_open (path, &error);
  check (store != NULL, error, "open");
  t0 = g_get_monotonic_time ();
  check (gj_store_begin (store, &error), error, "begin");
  for (guint i = 0; i < recs->len; i++)
    {
      GjRecord *rec = g_ptr_array_index (recs, i);
      check (gj_store_insert (store, rec, &error), error, "insert");
      if ((i + 1) % TX_ROWS == 0)
        {
          check (gj_store_commit (store, &error), error, "commit");
          check (gj_store_begin (store, &error), error, "begin");
        }
    }
  check (gj_store_commit (store, &error), error, "commit");
  t_local = (g_get_monotonic_time () - t0) / 1e6;

  plain = plain_open (plain_path);
  t_plain = plain_write (plain, recs, FALSE);
  sqlite3_close (plain);

  /* Every cell of the district, as a new replica would receive it. */
  pages = g_ptr_array_new_with_free_func ((GDestroyNotify) g_ptr_array_unref);
  for (;;)
    {
      GjCursor next;
      GPtrArray *page = gj_store_changes_since (store, &cursor, 10000, &next, &error);

      check (page != NULL, error, "changes");
      if (page->len == 0)
        {
          g_ptr_array_unref (page);
          break;
        }
      n_cells += page->len;
      g_ptr_array_add (pages, page);
      cursor = next;
    }

  replica = gj_store_open (replica_path, &error);
  check (replica != NULL, error, "open replica");
  t0 = g_get_monotonic_time ();
  for (guint i = 0; i < pages->len; i++)
    check (gj_store_apply (replica, g_ptr_array_index (pages, i), NULL, &error), error, "apply");
  t_apply = (g_get_monotonic_time () - t0) / 1e6;

  plain = plain_open (plain2_path);
  t_upsert = plain_write (plain, recs, TRUE);
  sqlite3_close (plain);

  {
    g_autofree char *a = gj_store_dump (store, NULL);
    g_autofree char *b = gj_store_dump (replica, NULL);
    if (g_strcmp0 (a, b) != 0)
      {
        g_printerr ("gj-bench-data: the replica differs from the source\n");
        return 1;
      }
  }

  /* Search latency for 3-character substrings of real names. */
  {
    g_autoptr(GArray) times = g_array_new (FALSE, FALSE, sizeof (double));
    guint hits = 0;

    for (guint q = 0; q < 400; q++)
      {
        GjRecord *rec = g_ptr_array_index (recs, g_rand_int_range (r, 0, recs->len));
        const char *title = gj_record_get_title (rec);
        glong n = g_utf8_strlen (title, -1);
        const char *start;
        g_autofree char *needle = NULL;
        g_autoptr(GPtrArray) found = NULL;
        double ms;

        if (n < 3)
          continue;
        start = g_utf8_offset_to_pointer (title, g_rand_int_range (r, 0, n - 2));
        needle = g_strndup (start, g_utf8_offset_to_pointer (start, 3) - start);
        t0 = g_get_monotonic_time ();
        found = gj_store_search (store, needle, 20, &error);
        ms = (g_get_monotonic_time () - t0) / 1000.0;
        check (found != NULL, error, "search");
        hits += found->len > 0;
        g_array_append_val (times, ms);
      }
    g_array_sort (times, cmp_double);

    g_print ("| measure | Gongjian | plain SQLite | ratio | target |\n");
    g_print ("|---|---:|---:|---:|---|\n");
    g_print ("| local writes, rows/s (%u rows, %" G_GINT64_FORMAT " cells) | %.0f | %.0f | %.2f× | ≥ 0.5× |\n",
             recs->len, n_cells, recs->len / t_local, recs->len / t_plain, t_plain / t_local);
    g_print ("| remote apply, cells/s (%" G_GINT64_FORMAT " cells) | %.0f | %.0f | %.2f× | ≥ 0.5×, ≥ 200k/s |\n",
             n_cells, n_cells / t_apply, n_cells / t_upsert, t_upsert / t_apply);
    g_print ("| search p50, 3-char Chinese (%u queries, %u with hits) | %.2f ms | | | |\n",
             times->len, hits, g_array_index (times, double, times->len / 2));
    g_print ("| search p95 | %.2f ms | | | ≤ 20 ms |\n",
             g_array_index (times, double, times->len * 95 / 100));
    g_print ("| database size | %.1f MB | %.1f MB | | |\n", file_size (path) / 1e6,
             file_size (plain_path) / 1e6);
    g_print ("| sync metadata per cell | %.1f bytes | | | ≤ 32 bytes |\n",
             metadata_per_cell (store, n_cells));
  }

  if (opt_dir == NULL)
    {
      g_clear_object (&store);
      g_clear_object (&replica);
      for (const char *const *f = (const char *const[]) { "store.db", "plain.db", "replica.db", "plain-upsert.db", NULL }; *f; f++)
        {
          g_autofree char *p = g_build_filename (dir, *f, NULL);
          g_autofree char *w = g_strconcat (p, "-wal", NULL);
          g_autofree char *s = g_strconcat (p, "-shm", NULL);
          g_unlink (p);
          g_unlink (w);
          g_unlink (s);
        }
      g_rmdir (dir);
    }
  g_rand_free (r);
  return 0;
}
