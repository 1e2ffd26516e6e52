/* gj-bench-common.c: the synthetic district and the plain-SQLite baseline
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>

#include "gj-bench-common.h"
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
GPtrArray *
gj_bench_generate (guint n_streets,
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

void
gj_bench_check (gboolean    ok,
                GError     *error,
                const char *what)
{
  if (!ok)
    {
      g_printerr ("%s: %s: %s\n", g_get_prgname () ? g_get_prgname () : "gj-bench", what,
                  error ? error->message : "failed");
      exit (1);
    }
}

double
gj_bench_now (void)
{
  return g_get_monotonic_time () / 1e6;
}

double
gj_bench_cpu_seconds (void)
{
  struct rusage usage;

  getrusage (RUSAGE_SELF, &usage);
  return usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6 +
         usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6;
}

/* A line of /proc/self/status, in MB. */
static double
status_mb (const char *key)
{
  g_autofree char *status = NULL;
  const char *line;

  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL) ||
      (line = strstr (status, key)) == NULL)
    return -1;
  return g_ascii_strtod (line + strlen (key), NULL) / 1024.0;
}

double
gj_bench_rss_mb (void)
{
  return status_mb ("VmRSS:");
}

double
gj_bench_peak_mb (void)
{
  return status_mb ("VmHWM:");
}

gboolean
gj_bench_reset_peak (void)
{
  return g_file_set_contents_full ("/proc/self/clear_refs", "5", 1,
                                   G_FILE_SET_CONTENTS_NONE, 0644, NULL);
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
sqlite3 *
gj_bench_plain_open (const char *path)
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
double
gj_bench_plain_write (sqlite3   *db,
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

