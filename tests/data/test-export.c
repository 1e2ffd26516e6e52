/* test-export.c: lists to XLSX, read back cell by cell and imported again
 *
 * The tests run under zh_CN with the build's catalogues, as a station
 * uses Gongjian, so that the headers and labels written are the Chinese
 * ones the importer must map back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <locale.h>
#include <math.h>
#include <string.h>
#include <sys/stat.h>

#include "gj-data-error.h"
#include "gj-export.h"
#include "gj-format.h"
#include "gj-import.h"
#include "gj-station.h"
#include "gj-test-store.h"
#include "gj-validate.h"
#include "gj-workbook.h"

typedef struct
{
  char *dir;
  char *path;
} Tmp;

static void
tmp_init (Tmp *t)
{
  t->dir = g_dir_make_tmp ("gj-export-XXXXXX", NULL);
  g_assert_nonnull (t->dir);
  t->path = g_build_filename (t->dir, "export.xlsx", NULL);
}

/* Also checks that nothing but the export was left in the folder. */
static void
tmp_clear (Tmp *t)
{
  g_autoptr(GDir) dir = g_dir_open (t->dir, 0, NULL);
  const char *name;

  while ((name = g_dir_read_name (dir)) != NULL)
    {
      g_autofree char *path = g_build_filename (t->dir, name, NULL);

      g_assert_cmpstr (name, ==, "export.xlsx");
      g_remove (path);
    }
  g_rmdir (t->dir);
  g_free (t->dir);
  g_free (t->path);
}

static GjSheet *
read_back (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GjWorkbook) book = gj_workbook_open (path, &error);
  GjSheet *sheet;

  g_assert_no_error (error);
  g_assert_cmpint (gj_workbook_get_format (book), ==, GJ_WORKBOOK_XLSX);
  g_assert_cmpuint (gj_workbook_get_n_sheets (book), ==, 1);
  sheet = gj_workbook_read_sheet (book, 0, NULL, NULL, NULL, &error);
  g_assert_no_error (error);
  return sheet;
}

static gint64
export (GjStore       *store,
        const char    *kind_name,
        const GjQuery *query,
        gboolean       reveal,
        const char    *path)
{
  g_autoptr(GError) error = NULL;
  gint64 n = gj_export_xlsx (store, gj_schema_lookup (kind_name), query, reveal, path,
                             NULL, NULL, NULL, &error);

  g_assert_no_error (error);
  g_assert_cmpint (n, >=, 0);
  return n;
}

static GPtrArray *
visible_fields (const GjKind *kind)
{
  GPtrArray *fields = g_ptr_array_new ();

  for (guint f = 0; f < kind->n_fields; f++)
    if (!(kind->fields[f].flags & GJ_FIELD_FLAG_INTERNAL))
      g_ptr_array_add (fields, (gpointer) &kind->fields[f]);
  return fields;
}

/* One cell against the record it came from. */
static void
check_cell (GjStore        *store,
            GjSheet        *sheet,
            guint           row,
            guint           col,
            const GjRecord *rec,
            const GjField  *field,
            gboolean        reveal)
{
  const GjValue *v = gj_record_get (rec, field->name);
  GjSheetCellType type = gj_sheet_get_cell_type (sheet, row, col);
  const char *text = gj_sheet_get_text (sheet, row, col);
  g_autofree char *want = NULL;

  if (v->type == GJ_VALUE_NULL)
    {
      g_assert_cmpint (type, ==, GJ_SHEET_CELL_EMPTY);
      return;
    }
  switch (field->type)
    {
    case GJ_FIELD_DATE:
      g_assert_cmpint (type, ==, GJ_SHEET_CELL_DATE);
      g_assert_cmpstr (text, ==, v->s);
      return;
    case GJ_FIELD_MONEY:
      g_assert_cmpint (type, ==, GJ_SHEET_CELL_NUMBER);
      g_assert_cmpint ((gint64) llround (g_ascii_strtod (text, NULL) * 100), ==, v->i);
      return;
    case GJ_FIELD_INT:
      g_assert_cmpint (type, ==, GJ_SHEET_CELL_NUMBER);
      g_assert_cmpint (g_ascii_strtoll (text, NULL, 10), ==, v->i);
      return;
    case GJ_FIELD_REAL:
      g_assert_cmpint (type, ==, GJ_SHEET_CELL_NUMBER);
      g_assert_cmpfloat_with_epsilon (g_ascii_strtod (text, NULL), gj_record_get_real (rec,
                                                                                  field->name),
                                      1e-9);
      return;
    case GJ_FIELD_REF:
      want = gj_format_ref_title (store, field->ref_kind, v->s);
      break;
    default:
      want = gj_record_format (rec, field->name, !reveal);
      break;
    }
  g_assert_cmpint (type, ==, GJ_SHEET_CELL_TEXT);
  g_assert_cmpstr (text, ==, want);
}

/* The sheet at @path holds @records in order, under the kind's labels. */
static void
check_sheet (GjStore      *store,
             const GjKind *kind,
             GPtrArray    *records,
             gboolean      reveal,
             const char   *path)
{
  g_autoptr(GjSheet) sheet = read_back (path);
  g_autoptr(GPtrArray) fields = visible_fields (kind);

  g_assert_cmpuint (gj_sheet_get_n_columns (sheet), ==, fields->len);
  g_assert_cmpuint (gj_sheet_get_n_rows (sheet), ==, records->len + 1);
  for (guint c = 0; c < fields->len; c++)
    {
      const GjField *field = g_ptr_array_index (fields, c);

      g_assert_cmpint (gj_sheet_get_cell_type (sheet, 0, c), ==, GJ_SHEET_CELL_TEXT);
      g_assert_cmpstr (gj_sheet_get_text (sheet, 0, c), ==, _(field->label));
    }
  for (guint r = 0; r < records->len; r++)
    for (guint c = 0; c < fields->len; c++)
      check_cell (store, sheet, r + 1, c, g_ptr_array_index (records, r),
                  g_ptr_array_index (fields, c), reveal);
}

/* Every kind, every cell, masked and revealed. */
static void
test_every_kind (void)
{
  g_autoptr(GjStore) store = gj_test_demo_store (7);

  for (guint k = 0; k < gj_schema_n_kinds (); k++)
    for (int reveal = 0; reveal <= 1; reveal++)
      {
        const GjKind *kind = gj_schema_kind (k);
        g_autoptr(GError) error = NULL;
        g_autoptr(GPtrArray) records = gj_store_list (store, kind, NULL, &error);
        Tmp t;

        g_assert_no_error (error);
        tmp_init (&t);
        g_assert_cmpint (export (store, kind->name, NULL, reveal, t.path), ==, records->len);
        check_sheet (store, kind, records, reveal, t.path);
        tmp_clear (&t);
      }
}

/* The cells a person looks at: a real date, money as a number, an ID
 * number masked unless revealed, Chinese labels. */
static void
test_cells (void)
{
  g_autoptr(GjStore) store = gj_test_demo_store (7);
  g_autoptr(GError) error = NULL;
  const GjFilter with_id[] = { { "resident_id", NULL, GJ_FILTER_NE } };
  GjQuery q = { .filters = with_id, .n_filters = 1, .sort_field = "name" };
  g_autoptr(GPtrArray) volunteers = gj_store_list (store, gj_schema_lookup ("volunteer"), &q,
                                                   &error);
  GjRecord *first;
  const char *id;
  Tmp t;

  g_assert_no_error (error);
  g_assert_cmpuint (volunteers->len, >, 0);
  first = g_ptr_array_index (volunteers, 0);
  id = gj_record_get_text (first, "resident_id");
  g_assert_cmpuint (strlen (id), ==, 18);

  tmp_init (&t);
  export (store, "volunteer", &q, FALSE, t.path);
  {
    g_autoptr(GjSheet) sheet = read_back (t.path);
    g_autofree char *masked = gj_mask_sensitive (id);

    g_assert_cmpstr (gj_sheet_get_text (sheet, 0, 0), ==, "名称");
    g_assert_cmpstr (gj_sheet_get_text (sheet, 0, 1), ==, _("Resident ID number"));
    g_assert_cmpstr (gj_sheet_get_text (sheet, 1, 0), ==, gj_record_get_title (first));
    g_assert_cmpstr (gj_sheet_get_text (sheet, 1, 1), ==, masked);
    g_assert_cmpstr (gj_sheet_get_text (sheet, 1, 1), !=, id);
    g_assert_null (strstr (gj_sheet_get_text (sheet, 1, 1), id + 6));
  }
  export (store, "volunteer", &q, TRUE, t.path);
  {
    g_autoptr(GjSheet) sheet = read_back (t.path);

    g_assert_cmpstr (gj_sheet_get_text (sheet, 1, 1), ==, id);
    g_assert_cmpint (gj_sheet_get_cell_type (sheet, 1, 1), ==, GJ_SHEET_CELL_TEXT);
  }

  /* Project budgets are money, their start a date. */
  export (store, "project", NULL, FALSE, t.path);
  {
    g_autoptr(GjSheet) sheet = read_back (t.path);
    g_autoptr(GPtrArray) fields = visible_fields (gj_schema_lookup ("project"));
    gboolean seen_money = FALSE, seen_date = FALSE;

    for (guint c = 0; c < fields->len; c++)
      {
        const GjField *field = g_ptr_array_index (fields, c);

        for (guint r = 1; r < gj_sheet_get_n_rows (sheet); r++)
          {
            if (gj_sheet_get_cell_type (sheet, r, c) == GJ_SHEET_CELL_EMPTY)
              continue;
            if (field->type == GJ_FIELD_MONEY)
              {
                g_assert_cmpint (gj_sheet_get_cell_type (sheet, r, c), ==, GJ_SHEET_CELL_NUMBER);
                seen_money = TRUE;
              }
            if (field->type == GJ_FIELD_DATE)
              {
                g_assert_cmpint (gj_sheet_get_cell_type (sheet, r, c), ==, GJ_SHEET_CELL_DATE);
                seen_date = TRUE;
              }
          }
      }
    g_assert_true (seen_money);
    g_assert_true (seen_date);
    g_assert_cmpstr (gj_sheet_get_text (sheet, 0, 0), ==, "名称");
  }
  tmp_clear (&t);
}

/* A filter, a search and a sort give the rows gj_store_list() gives, in
 * its order. */
static void
test_query (void)
{
  g_autoptr(GjStore) store = gj_test_demo_store (7);
  const GjKind *kind = gj_schema_lookup ("organization");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = gj_store_list (store, kind, NULL, &error);
  const GjFilter filters[] = { { "legal_form", "social_group", GJ_FILTER_NE } };
  GjQuery q = { .filters = filters, .n_filters = 1, .text = "社区", .sort_field = "founded",
                .descending = TRUE, .limit = 3, .offset = 2 };
  GjQuery unpaged = q;
  g_autoptr(GPtrArray) want = NULL;
  Tmp t;

  g_assert_no_error (error);
  unpaged.limit = 0;
  unpaged.offset = 0;
  want = gj_store_list (store, kind, &unpaged, &error);
  g_assert_no_error (error);
  /* The query must select some rows but not all of them. */
  g_assert_cmpuint (want->len, >, 3);
  g_assert_cmpuint (want->len, <, all->len);

  tmp_init (&t);
  g_assert_cmpint (export (store, "organization", &q, TRUE, t.path), ==, want->len);
  check_sheet (store, kind, want, TRUE, t.path);
  tmp_clear (&t);
}

static void
import_file (GjStore        *store,
             const char     *kind_name,
             const char     *path,
             GjImportCounts *counts)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GjSheet) sheet = read_back (path);
  g_autoptr(GjImport) import = gj_import_new (store, gj_schema_lookup (kind_name), sheet, &error);

  g_assert_no_error (error);
  g_assert_true (gj_import_prepare (import, NULL, NULL, NULL, &error));
  g_assert_no_error (error);
  gj_import_get_counts (import, counts);
  for (guint i = 0; i < gj_import_get_n_rows (import); i++)
    {
      const GjImportRow *row = gj_import_get_row (import, i);

      if (row->outcome == GJ_IMPORT_ROW_PROBLEM)
        g_error ("%s row %u: %s", kind_name, row->sheet_row,
                 ((GjImportProblem *) g_ptr_array_index (row->problems, 0))->message);
    }
  g_assert_true (gj_import_commit (import, path, NULL, &error));
  g_assert_no_error (error);
}

static void
assert_same_file (const char *a,
                  const char *b)
{
  g_autoptr(GjSheet) sa = read_back (a);
  g_autoptr(GjSheet) sb = read_back (b);

  g_assert_cmpuint (gj_sheet_get_n_rows (sa), ==, gj_sheet_get_n_rows (sb));
  g_assert_cmpuint (gj_sheet_get_n_columns (sa), ==, gj_sheet_get_n_columns (sb));
  for (guint r = 0; r < gj_sheet_get_n_rows (sa); r++)
    for (guint c = 0; c < gj_sheet_get_n_columns (sa); c++)
      {
        if (gj_sheet_get_cell_type (sa, r, c) != gj_sheet_get_cell_type (sb, r, c) ||
            !g_str_equal (gj_sheet_get_text (sa, r, c), gj_sheet_get_text (sb, r, c)))
          g_test_message ("%s differs at row %u, column %s: “%s” and “%s”", a, r,
                          gj_sheet_get_text (sa, 0, c), gj_sheet_get_text (sa, r, c),
                          gj_sheet_get_text (sb, r, c));
        g_assert_cmpint (gj_sheet_get_cell_type (sa, r, c), ==, gj_sheet_get_cell_type (sb, r, c));
        g_assert_cmpstr (gj_sheet_get_text (sa, r, c), ==, gj_sheet_get_text (sb, r, c));
      }
}

/* The importer tells records apart by name (a team by its name within its
 * community), as ledgers do; the demo plants a second team of the same
 * name for the duplicates view. Renaming it makes the names tell the
 * teams apart, as a station would before it exchanged ledgers. */
static void
rename_duplicate_teams (GjStore *store)
{
  const GjKind *kind = gj_schema_lookup ("volunteer_team");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) teams = gj_store_list (store, kind, NULL, &error);
  g_autoptr(GHashTable) seen = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  guint renamed = 0;

  g_assert_no_error (error);
  for (guint i = 0; i < teams->len; i++)
    {
      GjRecord *team = g_ptr_array_index (teams, i);
      char *key = g_strdup_printf ("%s@%s", gj_record_get_title (team),
                                   gj_record_get_text (team, "community_id"));

      if (g_hash_table_add (seen, key))
        continue;
      {
        g_autoptr(GjRecord) changes = gj_record_new (kind);
        g_autofree char *name = g_strdup_printf ("%s二队", gj_record_get_title (team));

        changes->id = g_strdup (team->id);
        gj_record_set_text (changes, "name", name);
        g_assert_true (gj_store_update (store, changes, GJ_WRITE_NONE, &error));
        g_assert_no_error (error);
        renamed++;
      }
    }
  g_assert_cmpuint (renamed, >, 0);
}

/* An export with the IDs revealed imports into a new database of the
 * same station as the same records (its own export is the same file,
 * cell by cell), and into the database it came from as matches only. */
static void
test_round_trip (void)
{
  /* In an order where what a kind refers to is there before it. */
  static const char *const kinds[] = {
    "community", "unit", "volunteer_team", "organization", "social_worker", "volunteer",
    "project", "agreement", "agreement_item",
  };
  g_autoptr(GjStore) source = gj_test_demo_store (8);
  g_autoptr(GjStore) fresh = gj_test_store_new ();
  g_autoptr(GError) error = NULL;
  const GjStationSetup setup = { .district = "示范区", .street = "东湖街道" };

  rename_duplicate_teams (source);
  g_assert_true (gj_station_setup (fresh, &setup, &error));
  g_assert_no_error (error);
  for (guint k = 0; k < G_N_ELEMENTS (kinds); k++)
    {
      g_autofree char *again = NULL;
      GjImportCounts counts;
      gint64 n;
      Tmp t;

      tmp_init (&t);
      again = g_build_filename (t.dir, "again.xlsx", NULL);
      n = export (source, kinds[k], NULL, TRUE, t.path);
      g_assert_cmpint (n, >, 0);

      /* The new database: as many new records, exported the same. The
       * communities set up with the station are matched, not repeated. */
      import_file (fresh, kinds[k], t.path, &counts);
      g_test_message ("%s: %u rows, %u new, %u match, %u duplicate", kinds[k], counts.n_rows,
                      counts.n_new, counts.n_match, counts.n_duplicate);
      g_assert_cmpuint (counts.n_rows, ==, n);
      g_assert_cmpuint (counts.n_duplicate, ==, 0);
      g_assert_cmpuint (counts.n_problem, ==, 0);
      g_assert_cmpint (export (fresh, kinds[k], NULL, TRUE, again), ==, n);
      assert_same_file (t.path, again);
      g_remove (again);

      /* The database it came from: every row matches, nothing changes. */
      import_file (source, kinds[k], t.path, &counts);
      g_assert_cmpuint (counts.n_new, ==, 0);
      g_assert_cmpuint (counts.n_match, ==, n);
      g_assert_cmpuint (counts.n_update, ==, 0);
      tmp_clear (&t);
    }
}

/* Time-bank entries name their volunteer and activity: they come back
 * into their own database as matches. */
static void
test_round_trip_hours (void)
{
  g_autoptr(GjStore) store = gj_test_demo_store (8);
  GjImportCounts counts;
  gint64 n;
  Tmp t;

  tmp_init (&t);
  n = export (store, "hours", NULL, TRUE, t.path);
  g_assert_cmpint (n, >, 0);
  import_file (store, "hours", t.path, &counts);
  g_assert_cmpuint (counts.n_new, ==, 0);
  g_assert_cmpuint (counts.n_match, ==, n);
  tmp_clear (&t);
}

static void
cancel_cb (guint64  done,
           guint64  total,
           gpointer user_data)
{
  g_cancellable_cancel (user_data);
}

/* A cancel leaves no file, nor a temporary one, and an earlier export
 * at the same path as it was. */
static void
test_cancel (void)
{
  g_autoptr(GjStore) store = gj_test_demo_store (7);
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *before = NULL;
  g_autofree char *after = NULL;
  gsize len_before, len_after;
  Tmp t;

  tmp_init (&t);
  g_assert_cmpint (gj_export_xlsx (store, gj_schema_lookup ("organization"), NULL, FALSE, t.path,
                                   cancel_cb, cancellable, cancellable, &error), ==, -1);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (g_file_test (t.path, G_FILE_TEST_EXISTS));
  g_clear_error (&error);

  export (store, "community", NULL, FALSE, t.path);
  g_assert_true (g_file_get_contents (t.path, &before, &len_before, NULL));
  g_cancellable_reset (cancellable);
  g_assert_cmpint (gj_export_xlsx (store, gj_schema_lookup ("organization"), NULL, FALSE, t.path,
                                   cancel_cb, cancellable, cancellable, &error), ==, -1);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_true (g_file_get_contents (t.path, &after, &len_after, NULL));
  g_assert_cmpmem (before, len_before, after, len_after);
  tmp_clear (&t);
}

/* Awkward text: control characters, invalid UTF-8, a formula's "=", more
 * than a cell holds. What the store takes comes back as it was (a formula
 * stays text), cut at the cell's limit; the file stays readable. */
static void
test_awkward_text (void)
{
  g_autoptr(GjStore) store = gj_test_demo_store (7);
  const GjKind *kind = gj_schema_lookup ("organization");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = gj_store_list (store, kind, NULL, &error);
  g_autoptr(GString) longer = g_string_new (NULL);
  const char *texts[] = { "铃\x07声\t和\n换行", "=1+1", "a\xff\xfe" "b", NULL };
  GjRecord *rec = g_ptr_array_index (all, 0);
  guint col = 0;
  guint n_exported = 0;
  Tmp t;

  g_assert_no_error (error);
  while (g_utf8_strlen (longer->str, -1) < 40000)
    g_string_append (longer, "长文本");
  {
    g_autoptr(GPtrArray) fields = visible_fields (kind);

    while (!g_str_equal (((GjField *) g_ptr_array_index (fields, col))->name, "description"))
      col++;
  }
  tmp_init (&t);
  for (guint i = 0; i <= G_N_ELEMENTS (texts) - 1; i++)
    {
      const char *text = texts[i] != NULL ? texts[i] : longer->str;
      const GjFilter only[] = { { "name", gj_record_get_title (rec) } };
      GjQuery q = { .filters = only, .n_filters = 1 };
      g_autoptr(GjSheet) sheet = NULL;
      g_autofree char *valid = g_utf8_make_valid (text, -1);

      gj_value_set_text (&rec->values[gj_kind_field_index (kind, "description")], text);
      rec->set[gj_kind_field_index (kind, "description")] = TRUE;
      g_assert_true (gj_store_update (store, rec, GJ_WRITE_NONE, &error) || error != NULL);
      if (error != NULL)
        {
          /* The store refuses it, so no export meets it. */
          g_test_message ("the store refuses “%s”: %s", valid, error->message);
          g_clear_error (&error);
          continue;
        }
      g_assert_cmpint (export (store, "organization", &q, FALSE, t.path), ==, 1);
      sheet = read_back (t.path);
      if (texts[i] == NULL)
        g_assert_cmpint (g_utf8_strlen (gj_sheet_get_text (sheet, 1, col), -1), ==, 32767);
      else
        g_assert_cmpstr (gj_sheet_get_text (sheet, 1, col), ==, valid);
      n_exported++;
    }
  /* The store refuses control characters and invalid UTF-8; the formula
   * and the text longer than a cell it takes, and those at least must
   * have come through the export. */
  g_assert_cmpuint (n_exported, >=, 2);
  tmp_clear (&t);
}

/* A folder that is not there is an error that names the file. */
static void
test_unwritable (void)
{
  g_autoptr(GjStore) store = gj_test_demo_store (7);
  g_autoptr(GError) error = NULL;
  const char *path = "/nonexistent-gongjian-folder/社会组织.xlsx";

  g_assert_cmpint (gj_export_xlsx (store, gj_schema_lookup ("organization"), NULL, FALSE, path,
                                   NULL, NULL, NULL, &error), ==, -1);
  g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_IO);
  g_assert_nonnull (strstr (error->message, path));
}

static void
progress_cb (guint64  done,
             guint64  total,
             gpointer user_data)
{
  GArray *calls = user_data;

  g_assert_cmpuint (done, <=, total);
  g_array_append_val (calls, done);
}

static void
test_progress_and_name (void)
{
  g_autoptr(GjStore) store = gj_test_demo_store (7);
  g_autoptr(GArray) calls = g_array_new (FALSE, FALSE, sizeof (guint64));
  g_autoptr(GError) error = NULL;
  g_autoptr(GDate) date = g_date_new_dmy (1, 12, 2026);
  g_autofree char *name = gj_export_suggest_name (gj_schema_lookup ("organization"), date);
  gint64 n;
  Tmp t;

  tmp_init (&t);
  n = gj_export_xlsx (store, gj_schema_lookup ("volunteer"), NULL, FALSE, t.path, progress_cb,
                      calls, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (calls->len, >=, 2);
  g_assert_cmpuint (g_array_index (calls, guint64, 0), ==, 0);
  g_assert_cmpuint (g_array_index (calls, guint64, calls->len - 1), ==, n);
  /* The file has the mode any new file gets, not a temporary file's. */
  {
    mode_t mask = umask (022);
    GStatBuf st;

    umask (mask);
    g_assert_cmpint (g_stat (t.path, &st), ==, 0);
    g_assert_cmpint (st.st_mode & 0777, ==, 0666 & ~mask);
  }
  tmp_clear (&t);

  g_assert_true (g_str_has_prefix (name, "社区社会组织-2026"));
  g_assert_true (g_str_has_suffix (name, ".xlsx"));
  g_assert_null (strchr (name, '/'));
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "zh_CN", TRUE);
  g_setenv ("LANG", "zh_CN.UTF-8", TRUE);
  g_unsetenv ("LC_ALL");
  g_unsetenv ("LC_MESSAGES");
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, BUILD_LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");

  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/export/every-kind", test_every_kind);
  g_test_add_func ("/export/cells", test_cells);
  g_test_add_func ("/export/query", test_query);
  g_test_add_func ("/export/round-trip", test_round_trip);
  g_test_add_func ("/export/round-trip-hours", test_round_trip_hours);
  g_test_add_func ("/export/cancel", test_cancel);
  g_test_add_func ("/export/awkward-text", test_awkward_text);
  g_test_add_func ("/export/unwritable", test_unwritable);
  g_test_add_func ("/export/progress-and-name", test_progress_and_name);
  return g_test_run ();
}
