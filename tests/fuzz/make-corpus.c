/* make-corpus.c: writes the seed corpus and the changeset dictionary
 *
 *   ninja -C build-h1 tests/fuzz/make-corpus
 *   build-h1/tests/fuzz/make-corpus tests/fuzz
 *
 * Seeds are small real inputs taken from demo data, so the fuzzers start
 * from pages, texts and clock blobs the program itself writes. Kept small
 * (a few KB) so that the smoke run's -max_len still covers them.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <gsf/gsf.h>
#include <sqlite3.h>
#include <string.h>

#include "gj-changeset.h"
#include "gj-demo.h"
#include "gj-record.h"
#include "gj-schema.h"
#include "gj-store-handle.h"
#include "gj-store.h"
#include "gj-test-sheets.h"

static const char *root;

static void
die_if (gboolean    failed,
        GError     *error)
{
  if (failed)
    g_error ("%s", error ? error->message : "failed");
}

static void
write_seed (const char   *harness,
            const char   *name,
            gconstpointer data,
            gsize         len)
{
  g_autofree char *dir = g_build_filename (root, "corpus", harness, NULL);
  g_autofree char *path = g_build_filename (dir, name, NULL);
  g_autoptr(GError) error = NULL;

  g_mkdir_with_parents (dir, 0755);
  die_if (!g_file_set_contents (path, data, len, &error), error);
}

static GjStore *
demo_store (guint32 seed)
{
  g_autoptr(GError) error = NULL;
  GjStore *store = gj_store_open (":memory:", &error);
  GDate today;

  die_if (store == NULL, error);
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 24, G_DATE_NOVEMBER, 2026);
  die_if (!gj_demo_load (store, seed, &today, &error), error);
  return store;
}

static GBytes *
encode_cells (GjStore   *store,
              GPtrArray *cells)
{
  g_autoptr(GjChangeset) cs = gj_changeset_new ();

  for (guint i = 0; i < cells->len; i++)
    g_ptr_array_add (cs->cells, gj_cell_copy (cells->pdata[i]));
  g_strlcpy (cs->site, gj_store_get_site_id (store), sizeof cs->site);
  cs->clock = gj_store_get_clock (store);
  cs->next.floor = cs->next.pos = gj_store_get_version (store);
  return gj_changeset_encode (cs);
}

static void
write_page (const char *name,
            GBytes     *json)
{
  g_autoptr(GBytes) gz = gj_gzip (json, NULL);
  gsize len;
  gconstpointer data = g_bytes_get_data (json, &len);

  write_seed ("fuzz-changeset", name, data, len);
  write_seed ("fuzz-apply", name, data, len);
  data = g_bytes_get_data (gz, &len);
  write_seed ("fuzz-changeset-gzip", name, data, len);
}

/* One page per kind: the first row of that kind, all its cells. */
static void
pages_per_kind (GjStore *store)
{
  g_autoptr(GError) error = NULL;
  GjCursor since = GJ_CURSOR_INIT, next;
  g_autoptr(GPtrArray) all = gj_store_changes_since (store, &since, G_MAXINT32, &next, &error);
  g_autoptr(GHashTable) done = g_hash_table_new (NULL, NULL);

  die_if (all == NULL, error);
  for (guint i = 0; i < all->len;)
    {
      GjCell *first = all->pdata[i];
      g_autoptr(GPtrArray) row = g_ptr_array_new ();

      for (; i < all->len; i++)
        {
          GjCell *c = all->pdata[i];

          if (c->kind != first->kind || strcmp (c->row, first->row) != 0)
            break;
          g_ptr_array_add (row, c);
        }
      if (!g_hash_table_contains (done, GUINT_TO_POINTER (first->kind)))
        {
          g_autoptr(GBytes) json = encode_cells (store, row);
          g_autofree char *name = g_strdup_printf ("row-%s.json",
                                                   gj_schema_kind_by_index (first->kind)->name);

          g_hash_table_add (done, GUINT_TO_POINTER (first->kind));
          write_page (name, json);
        }
    }
}

/* Two devices edit the same record without seeing each other: the page
 * carries both values of the same cells, so applying it records a
 * conflict; and one deletes a record the other edits. */
static void
page_with_conflicts (GjStore *a)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GjStore) b = gj_store_open (":memory:", &error);
  GjCursor since = GJ_CURSOR_INIT, next;
  g_autoptr(GPtrArray) all = gj_store_changes_since (a, &since, G_MAXINT32, &next, &error);
  g_autoptr(GPtrArray) orgs = NULL;
  g_autoptr(GPtrArray) page = g_ptr_array_new_with_free_func ((GDestroyNotify) gj_cell_free);
  GjApplyResult result;
  gint64 ver_a, ver_b;
  const GjKind *org = gj_schema_lookup ("organization");

  die_if (b == NULL, error);
  die_if (!gj_store_apply (b, all, &result, &error), error);
  ver_a = gj_store_get_version (a);
  ver_b = gj_store_get_version (b);
  orgs = gj_store_list (a, org, NULL, &error);
  die_if (orgs == NULL || orgs->len < 2, error);

  for (guint i = 0; i < 2; i++)
    {
      GjStore *s = i ? b : a;
      g_autoptr(GjRecord) edit = gj_record_new (org);

      edit->id = g_strdup (((GjRecord *) orgs->pdata[0])->id);
      die_if (!gj_record_parse (edit, "members", i ? "41" : "17", &error), error);
      die_if (!gj_store_update (s, edit, GJ_WRITE_NONE, &error), error);
    }
  die_if (!gj_store_delete (a, org, ((GjRecord *) orgs->pdata[1])->id, &error), error);
  {
    g_autoptr(GjRecord) edit = gj_record_new (org);

    edit->id = g_strdup (((GjRecord *) orgs->pdata[1])->id);
    die_if (!gj_record_parse (edit, "members", "9", &error), error);
    die_if (!gj_store_update (b, edit, GJ_WRITE_NONE, &error), error);
  }

  /* The rows as first written, then both devices' edits. */
  for (guint i = 0; i < all->len; i++)
    {
      GjCell *c = all->pdata[i];

      if (c->kind == org->index && (g_str_equal (c->row, ((GjRecord *) orgs->pdata[0])->id) ||
                                    g_str_equal (c->row, ((GjRecord *) orgs->pdata[1])->id)))
        g_ptr_array_add (page, gj_cell_copy (c));
    }
  for (guint i = 0; i < 2; i++)
    {
      GjStore *s = i ? b : a;
      GjCursor after = { i ? ver_b : ver_a, i ? ver_b : ver_a };
      g_autoptr(GPtrArray) edits = gj_store_changes_since (s, &after, G_MAXINT32, &next, &error);

      die_if (edits == NULL, error);
      for (guint j = 0; j < edits->len; j++)
        g_ptr_array_add (page, gj_cell_copy (edits->pdata[j]));
    }
  {
    g_autoptr(GBytes) json = encode_cells (a, page);

    write_page ("conflicts.json", json);
  }
}

static void
empty_page (GjStore *store)
{
  g_autoptr(GPtrArray) none = g_ptr_array_new ();
  g_autoptr(GBytes) json = encode_cells (store, none);

  write_page ("empty.json", json);
}

/* One text per field: its value in the demo data where it has one, or
 * one typed as a person would. */
static void
field_texts (GjStore *store)
{
  static const struct { GjFieldType type; const char *text; } typed[] = {
    { GJ_FIELD_INT, "1e3" }, { GJ_FIELD_REAL, "2.5" }, { GJ_FIELD_MONEY, "12,000.50元" },
    { GJ_FIELD_BOOL, "是" }, { GJ_FIELD_DATE, "2026-11-24" }, { GJ_FIELD_ENUM_SET, "党建共创、项目共建" },
    { GJ_FIELD_MOBILE, "13800138000" }, { GJ_FIELD_TEXT, "社区“老伙伴”互助会" },
  };
  guint index = 0;

  for (guint k = 0; k < gj_schema_n_kinds (); k++)
    {
      const GjKind *kind = gj_schema_kind (k);
      g_autoptr(GPtrArray) records = gj_store_list (store, kind, NULL, NULL);

      for (guint f = 0; f < kind->n_fields; f++, index++)
        {
          const GjField *field = &kind->fields[f];
          g_autofree char *text = NULL;
          g_autoptr(GByteArray) seed = g_byte_array_new ();
          g_autofree char *name = NULL;
          guint8 b = index;

          for (guint r = 0; records && r < records->len && text == NULL; r++)
            {
              GjRecord *rec = records->pdata[r];

              if (!gj_value_is_null (&rec->values[f]))
                text = gj_value_to_string (&rec->values[f]);
            }
          if (text == NULL && field->type == GJ_FIELD_ENUM)
            text = g_strdup (field->values[0].zh);
          for (guint t = 0; t < G_N_ELEMENTS (typed) && text == NULL; t++)
            if (typed[t].type == field->type)
              text = g_strdup (typed[t].text);
          if (text == NULL)
            continue;
          g_byte_array_append (seed, &b, 1);
          g_byte_array_append (seed, (const guint8 *) text, strlen (text));
          name = g_strdup_printf ("%03u-%s-%s", index, kind->name, field->name);
          write_seed ("fuzz-fields", name, seed->data, seed->len);
        }
    }
}

/* The packed clocks of a few rows of each kind, behind their row's
 * version in 8 bytes of host order, as the harness reads them. */
static void
clock_blobs (GjStore *store)
{
  sqlite3 *db = gj_store_get_handle (store);

  for (guint k = 0; k < gj_schema_n_kinds (); k++)
    {
      const GjKind *kind = gj_schema_kind (k);
      g_autofree char *sql = g_strdup_printf ("SELECT _ver, _clk FROM %s LIMIT 2", kind->name);
      sqlite3_stmt *stmt = NULL;

      if (sqlite3_prepare_v2 (db, sql, -1, &stmt, NULL) != SQLITE_OK)
        continue;
      for (guint r = 0; sqlite3_step (stmt) == SQLITE_ROW; r++)
        {
          g_autoptr(GByteArray) seed = g_byte_array_new ();
          gint64 ver = sqlite3_column_int64 (stmt, 0);
          g_autofree char *name = g_strdup_printf ("%s-%u", kind->name, r);

          g_byte_array_append (seed, (const guint8 *) &ver, sizeof ver);
          g_byte_array_append (seed, sqlite3_column_blob (stmt, 1), sqlite3_column_bytes (stmt, 1));
          write_seed ("fuzz-clock-blob", name, seed->data, seed->len);
        }
      sqlite3_finalize (stmt);
    }
}

static void
dictionary (void)
{
  g_autoptr(GString) dict = g_string_new ("# Tokens of the changeset format, for libFuzzer -dict.\n"
                                          "# Written by tests/fuzz/make-corpus.\n");
  g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);
  static const char *tokens[] = {
    "{", "}", "[", "]", ",", ":", "\"", "true", "false", "null", "-0", "1e400", "-1e400",
    "0.5", "9223372036854775807", "18446744073709551615", "\\u0000", "\\ud800", "\\\\",
    "\\305", "\\n", "\"protocol\":", "\"schema\":", "\"site\":", "\"time\":", "\"clock\":",
    "\"next\":", "\"more\":", "\"sites\":", "\"rows\":",
    "\"0123456789abcdef0123456789abcdef\"", "\"deleted\"",
  };
  g_autofree char *path = g_build_filename (root, "changeset.dict", NULL);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (tokens); i++)
    {
      g_autofree char *escaped = g_strescape (tokens[i], NULL);
      g_string_append_printf (dict, "\"%s\"\n", escaped);
    }
  for (guint k = 0; k < gj_schema_n_kinds (); k++)
    {
      const GjKind *kind = gj_schema_kind (k);

      g_string_append_printf (dict, "\"\\\"%s\\\"\"\n", kind->name);
      for (guint f = 0; f < kind->n_fields; f++)
        if (g_hash_table_add (seen, (gpointer) kind->fields[f].name))
          g_string_append_printf (dict, "\"\\\"%s\\\"\"\n", kind->fields[f].name);
    }
  die_if (!g_file_set_contents (path, dict->str, dict->len, &error), error);
}

/* Copies the members of @in into @out uncompressed, so that the fuzzer's
 * mutations reach the XML itself instead of a deflate stream. */
static void
repack_stored (GsfInfile  *in,
               GsfOutfile *out)
{
  for (int i = 0; i < gsf_infile_num_children (in); i++)
    {
      GsfInput *child = gsf_infile_child_by_index (in, i);
      const char *name = gsf_infile_name_by_index (in, i);
      gboolean is_dir = GSF_IS_INFILE (child) && gsf_infile_num_children (GSF_INFILE (child)) >= 0;
      GsfOutput *copy = gsf_outfile_new_child_full (out, name, is_dir, "compression-level",
                                                    GSF_ZIP_STORED, NULL);

      if (is_dir)
        repack_stored (GSF_INFILE (child), GSF_OUTFILE (copy));
      else
        gsf_input_copy (child, copy);
      gsf_output_close (copy);
      g_object_unref (copy);
      g_object_unref (child);
    }
}

static void
file_seed (const char *harness,
           const char *name,
           const char *path,
           gboolean    stored)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  gsize len;

  if (stored)
    {
      g_autofree char *repacked = g_strconcat (path, ".stored", NULL);
      GsfInput *input = gsf_input_stdio_new (path, &error);
      GsfInfile *zip = input ? gsf_infile_zip_new (input, &error) : NULL;
      GsfOutput *sink = zip ? gsf_output_stdio_new (repacked, &error) : NULL;
      GsfOutfile *out = sink ? gsf_outfile_zip_new (sink, &error) : NULL;

      die_if (out == NULL, error);
      repack_stored (zip, out);
      gsf_output_close (GSF_OUTPUT (out));
      g_object_unref (out);
      g_object_unref (sink);
      g_object_unref (zip);
      g_object_unref (input);
      die_if (!g_file_get_contents (repacked, &contents, &len, &error), error);
      g_unlink (repacked);
    }
  else
    die_if (!g_file_get_contents (path, &contents, &len, &error), error);
  write_seed (harness, name, contents, len);
  g_unlink (path);
}

/* Small ledgers as the import reads them: a merged title, a two-level
 * header, numbers, dates, rich and full-width text, a blank row. */
static void
sheet_seeds (void)
{
  static const char *const title[] = { "东湖街道社区社会组织台账", "", "", "", "", NULL };
  static const char *const head1[] = { "序号", "组织名称", "负责人", "", "成立日期", NULL };
  static const char *const head2[] = { "", "", "姓名", "联系电话", "", NULL };
  static const char *const data1[] = { "=n:1", "东湖读书会", "张三", "=n:18865719602",
                                       "=d:2023-03-21", NULL };
  static const char *const data2[] = { "=n:2.5", "=r:重点|培育", "ＡＢＣ", "0571-8888",
                                       "=t:2023-03-21 08:30", NULL };
  static const char *const blank[] = { NULL };
  static const char *const note[] = { "注：\"合计\", 见附表", NULL };
  static const char *const *const rows[] = { title, head1, head2, data1, blank, data2, note,
                                             NULL };
  static const char *const merges[] = { "A1:E1", "A2:A3", "C2:D2", NULL };
  const GjTestSheet sheets[] = { { "台账", rows, merges }, { "Sheet2", rows + 3, NULL } };
  g_autofree char *dir = g_dir_make_tmp ("make-corpus-XXXXXX", NULL);
  g_autofree char *path = g_build_filename (dir, "seed", NULL);
  const struct { GjTestCsvEncoding encoding; const char *name; } csvs[] = {
    { GJ_TEST_CSV_UTF8, "ledger-utf8.csv" }, { GJ_TEST_CSV_UTF8_BOM, "ledger-bom.csv" },
    { GJ_TEST_CSV_GB18030, "ledger-gb18030.csv" },
  };
  static const char tabs[] = "名称\t电话\r\n东湖\t\"1\t2\"\r\n";
  g_autoptr(GError) error = NULL;

  die_if (!gj_test_write_xlsx (path, sheets, 2, GJ_TEST_XLSX_DEFAULT, &error), error);
  file_seed ("fuzz-xlsx", "ledger.xlsx", path, FALSE);
  die_if (!gj_test_write_xlsx (path, sheets, 2, GJ_TEST_XLSX_DEFAULT, &error), error);
  file_seed ("fuzz-xlsx", "ledger-stored.xlsx", path, TRUE);
  die_if (!gj_test_write_xlsx (path, sheets, 1, GJ_TEST_XLSX_INLINE_STRINGS, &error), error);
  file_seed ("fuzz-xlsx", "ledger-inline-stored.xlsx", path, TRUE);
  die_if (!gj_test_write_xls (path, sheets, 2, &error), error);
  file_seed ("fuzz-xls", "ledger.xls", path, FALSE);
  /* Past the 4 KB that the compound file keeps in its mini stream. */
  {
    const char *const *long_rows[201] = { NULL };
    const GjTestSheet long_sheet = { "长表", long_rows, NULL };

    for (guint i = 0; i < 200; i++)
      long_rows[i] = i % 2 ? data1 : data2;
    die_if (!gj_test_write_xls (path, &long_sheet, 1, &error), error);
    file_seed ("fuzz-xls", "ledger-long.xls", path, FALSE);
  }
  for (guint i = 0; i < G_N_ELEMENTS (csvs); i++)
    {
      die_if (!gj_test_write_csv (path, rows, csvs[i].encoding, &error), error);
      file_seed ("fuzz-csv", csvs[i].name, path, FALSE);
    }
  write_seed ("fuzz-csv", "ledger-tabs.csv", tabs, strlen (tabs));
  g_rmdir (dir);
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GjStore) store = NULL;

  if (argc != 2)
    g_error ("usage: make-corpus TESTS-FUZZ-DIR");
  root = argv[1];
  store = demo_store (1);
  pages_per_kind (store);
  empty_page (store);
  page_with_conflicts (store);
  field_texts (store);
  clock_blobs (store);
  dictionary ();
  sheet_seeds ();
  return 0;
}
