/* test-import.c: the import assistant over a real database file
 *
 * A messy ledger as stations keep them (a title row, a 填报 line, full-width
 * and dashed phone numbers, Chinese dates, a record the database has
 * already, a row repeated with a trailing space, rows with problems, a 合计
 * row and a footnote) goes through every step of the assistant: the
 * header it finds, a mapping refused and one changed, the preview and its
 * filters, the import, and its undo.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>

#include "gj-demo.h"
#include "gj-format.h"
#include "gj-import-column-row.h"
#include "gj-import-dialog.h"
#include "gj-import-log.h"
#include "gj-import-row-item.h"
#include "gj-test-sheets.h"
#include "gj-test-util.h"
#include "gj-welcome-page.h"

static GjSession *
open_session (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GjStore) store = gj_store_open (path, &error);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  g_assert_no_error (error);
  return gj_session_new (store, settings);
}

/* Runs the main loop while the assistant works (60 s at most: a loaded
 * machine running the sanitizers is slow). */
static void
wait_for (GjImportDialog *dialog,
          GjSession      *session)
{
  gint64 deadline = g_get_monotonic_time () + 60 * G_USEC_PER_SEC;

  while (gj_import_dialog_is_busy (dialog) && g_get_monotonic_time () < deadline)
    g_main_context_iteration (NULL, TRUE);
  g_assert_false (gj_import_dialog_is_busy (dialog));
  gj_test_settle (session, 300);
}

/* Picks @target (NULL: skip) in the drop-down of @row, as a person would. */
static void
choose_target (GjImport  *import,
               GtkWidget *row,
               const char *target)
{
  GtkDropDown *dropdown = GTK_DROP_DOWN (gj_test_find_descendant (row, GTK_TYPE_DROP_DOWN));
  const char *const *targets = gj_import_get_targets (import);
  guint pos = 0;

  for (guint i = 0; target != NULL && targets[i]; i++)
    if (g_str_equal (targets[i], target))
      pos = i + 1;
  g_assert_true (target == NULL || pos > 0);
  gtk_drop_down_set_selected (dropdown, pos);
}

static guint
dropdown_position (GtkWidget *row)
{
  return gtk_drop_down_get_selected (GTK_DROP_DOWN (gj_test_find_descendant (row,
                                                                             GTK_TYPE_DROP_DOWN)));
}

/* The sheet's row number of the preview's row @position, as shown. */
static guint
row_number (GjImportDialog *dialog,
            guint           position)
{
  g_autoptr(GjImportRowItem) item = g_list_model_get_item (gj_import_dialog_get_rows (dialog),
                                                           position);

  g_assert_nonnull (item);
  return gj_import_row_item_get_sheet_row (item);
}

/* What the preview says of its row @position. */
static char *
row_details (GjImportDialog *dialog,
             guint           position)
{
  g_autoptr(GjImportRowItem) item = g_list_model_get_item (gj_import_dialog_get_rows (dialog),
                                                           position);

  g_assert_nonnull (item);
  return g_strdup (gj_import_row_item_get_details (item));
}

/* The organization of @name as stored, or NULL. */
static GjRecord *
find_organization (GjStore    *store,
                   const char *name)
{
  const GjKind *kind = gj_schema_lookup ("organization");
  GjFilter filter = { "name", name };
  GjQuery q = { &filter, 1, NULL, NULL, FALSE, 0, 0, FALSE };
  g_autoptr(GPtrArray) found = gj_store_list (store, kind, &q, NULL);

  g_assert_nonnull (found);
  g_assert_cmpuint (found->len, <=, 1);
  return found->len == 1 ? gj_record_ref (g_ptr_array_index (found, 0)) : NULL;
}

static void
test_import_organizations (void)
{
  g_autofree char *path = gj_test_demo_database ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *csv_path = g_build_filename (dir, "社会组织台账.csv", NULL);
  g_autoptr(GjSession) session = open_session (path);
  GjStore *store = gj_session_get_store (session);
  const GjKind *kind = gj_schema_lookup ("organization");
  g_autoptr(GPtrArray) orgs = gj_store_list (store, kind, NULL, NULL);
  g_autoptr(GPtrArray) column_rows = g_ptr_array_new ();
  g_autoptr(GPtrArray) communities = NULL;
  GjRecord *first_community;
  const char *category;
  g_autoptr(GFile) file = g_file_new_for_path (csv_path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GjRecord) known = NULL;
  g_autoptr(GjRecord) after = NULL;
  g_autofree char *community = NULL;
  g_autofree char *code = NULL;
  g_autofree char *csv = NULL;
  g_autofree char *old_leader = NULL;
  g_autofree char *details = NULL;
  GtkWidget *units;
  guint leader_pos;
  GjWindow *window = gj_window_new (NULL, session);
  GjImportDialog *dialog;
  GjImport *import;
  GjImportCounts counts;
  gint64 n_before = gj_store_count (store, kind, NULL, NULL);

  /* A record the database has, to be matched by its credit code written
   * in lower case with a space, with another leader; new records go into
   * the first community. */
  for (guint i = 0; i < orgs->len && known == NULL; i++)
    if (gj_record_get_text (g_ptr_array_index (orgs, i), "credit_code") != NULL)
      known = gj_record_ref (g_ptr_array_index (orgs, i));
  g_assert_nonnull (known);
  communities = gj_store_list (store, gj_schema_lookup ("community"), NULL, NULL);
  g_assert_cmpuint (communities->len, >, 0);
  first_community = g_ptr_array_index (communities, 0);
  community = g_strdup (gj_record_get_title (first_community));
  code = g_ascii_strdown (gj_record_get_text (known, "credit_code"), -1);
  category = gj_field_enum_lookup (gj_kind_field (kind, "category"),
                                   gj_record_get_text (known, "category"))->zh;
  old_leader = g_strdup (gj_record_get_text (known, "leader"));
  g_assert_cmpstr (old_leader, !=, "张卫东");

  csv = g_strdup_printf (
    "东湖街道社区社会组织台账（2025年度）,,,,,,\n"
    "填报单位：东湖街道社工站,,,,填报日期：2025年12月1日,,\n"
    "序号,组织名称,统一社会信用代码,所属社区,类别,负责人,联系电话,成立日期\n"
    "1,晨光读书会,,%s,文体娱乐,王芳,１３８００１３８０００,2023年3月21日\n"
    "2,夕阳红合唱团,,%s,养老照护,李明,138-0013-8001,2023.3.21\n"
    "3,%s,%.9s %s,,%s,张卫东,%s,\n"
    "4,晨光读书会 ,,%s,文体娱乐,王芳,13800138000,2023-03-21\n"
    "5,邻里守望队,,并不存在的社区,养老照护,赵六,13800138005,2023年3月\n"
    "6,,,%s,养老照护,钱七,13800138006,2022-01-01\n"
    "合计,,,,,,,\n"
    "注：本表由各社区填报,,,,,,,\n",
    community, community, gj_record_get_text (known, "name"), code, code + 9, category,
    gj_record_get_text (known, "phone"), community, community);
  g_assert_true (g_file_set_contents (csv_path, csv, -1, &error));
  g_assert_no_error (error);

  gtk_window_present (GTK_WINDOW (window));
  gj_test_settle (session, 3000);

  /* The file given: the assistant reads it and stops at the mapping. */
  dialog = gj_import_dialog_new (session, "organization", file);
  gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (window));
  gtk_window_present (GTK_WINDOW (dialog));
  wait_for (dialog, session);
  g_assert_null (gj_import_dialog_get_error (dialog));
  g_assert_cmpstr (gj_import_dialog_get_step (dialog), ==, "mapping");
  import = gj_import_dialog_get_import (dialog);
  g_assert_nonnull (import);
  g_assert_cmpuint (gj_import_get_header_first (import), ==, 2);
  g_assert_cmpuint (gj_import_get_header_last (import), ==, 2);
  g_assert_cmpuint (gj_import_get_data_first (import), ==, 3);
  g_assert_cmpuint (gj_import_get_data_last (import), ==, 8);
  g_assert_false (gj_import_get_mapping_remembered (import));

  /* One row per column, showing the import's mapping. */
  gj_test_collect_descendants (GTK_WIDGET (dialog), GJ_TYPE_IMPORT_COLUMN_ROW,
                               column_rows);
  g_assert_cmpuint (column_rows->len, ==, gj_import_get_n_columns (import));
  g_assert_cmpuint (column_rows->len, ==, 8);
  g_assert_null (gj_import_get_column_target (import, 0));
  g_assert_cmpuint (dropdown_position (g_ptr_array_index (column_rows, 0)), ==, 0);
  g_assert_cmpstr (gj_import_get_column_target (import, 4), ==, "category");
  g_assert_cmpstr (gj_import_get_column_target (import, 5), ==, "leader");
  g_assert_cmpstr (gj_import_get_column_target (import, 7), ==, "founded");
  gj_test_save_screenshot (GTK_WIDGET (dialog), "30-import-mapping", 0.995);

  /* A field another column has is refused, said, and the choice undone. */
  leader_pos = dropdown_position (g_ptr_array_index (column_rows, 5));
  g_assert_cmpuint (leader_pos, >, 0);
  choose_target (import, g_ptr_array_index (column_rows, 5), "phone");
  g_assert_nonnull (gj_import_dialog_get_error (dialog));
  g_assert_cmpstr (gj_import_get_column_target (import, 5), ==, "leader");
  g_assert_cmpuint (dropdown_position (g_ptr_array_index (column_rows, 5)), ==, leader_pos);

  /* Skipping a column, then taking it back. */
  choose_target (import, g_ptr_array_index (column_rows, 7), NULL);
  g_assert_null (gj_import_dialog_get_error (dialog));
  g_assert_null (gj_import_get_column_target (import, 7));
  g_assert_cmpuint (dropdown_position (g_ptr_array_index (column_rows, 7)), ==, 0);
  choose_target (import, g_ptr_array_index (column_rows, 7), "founded");
  g_assert_cmpstr (gj_import_get_column_target (import, 7), ==, "founded");

  /* The preview: every row, with what becomes of it. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "import.next", NULL));
  wait_for (dialog, session);
  g_assert_null (gj_import_dialog_get_error (dialog));
  g_assert_cmpstr (gj_import_dialog_get_step (dialog), ==, "preview");
  gj_import_get_counts (import, &counts);
  g_assert_cmpuint (counts.n_rows, ==, 6);
  g_assert_cmpuint (counts.n_new, ==, 2);
  g_assert_cmpuint (counts.n_match, ==, 1);
  g_assert_cmpuint (counts.n_update, ==, 0);
  g_assert_cmpuint (counts.n_duplicate, ==, 1);
  g_assert_cmpuint (counts.n_problem, ==, 2);
  g_assert_cmpuint (g_list_model_get_n_items (gj_import_dialog_get_rows (dialog)), ==, 6);
  g_assert_nonnull (strstr (gj_import_dialog_get_summary (dialog), "6"));
  g_assert_nonnull (strstr (gj_import_dialog_get_summary (dialog), "2"));

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "import.filter", "s",
                                             "duplicate"));
  g_assert_cmpuint (g_list_model_get_n_items (gj_import_dialog_get_rows (dialog)), ==, 1);
  g_assert_cmpuint (row_number (dialog, 0), ==, 7);
  details = row_details (dialog, 0);
  g_assert_nonnull (strstr (details, "4"));
  g_clear_pointer (&details, g_free);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "import.filter", "s",
                                             "problem"));
  g_assert_cmpuint (g_list_model_get_n_items (gj_import_dialog_get_rows (dialog)), ==, 2);
  g_assert_cmpuint (row_number (dialog, 0), ==, 8);
  details = row_details (dialog, 0);
  g_assert_nonnull (strstr (details, "并不存在的社区"));
  g_clear_pointer (&details, g_free);
  g_assert_cmpuint (row_number (dialog, 1), ==, 9);
  details = row_details (dialog, 1);
  g_assert_cmpstr (details, !=, "");
  g_clear_pointer (&details, g_free);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "import.filter", "s", "match"));
  g_assert_cmpuint (g_list_model_get_n_items (gj_import_dialog_get_rows (dialog)), ==, 1);
  g_assert_cmpuint (row_number (dialog, 0), ==, 6);
  details = row_details (dialog, 0);
  g_assert_nonnull (strstr (details, gj_record_get_text (known, "name")));
  g_clear_pointer (&details, g_free);

  /* Overwriting changes the matched record's leader; the preview says so. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "import.on-match", "s",
                                             "overwrite"));
  gj_import_get_counts (import, &counts);
  g_assert_cmpuint (counts.n_update, ==, 1);
  g_assert_cmpint (gj_import_get_on_match (import), ==, GJ_IMPORT_ON_MATCH_OVERWRITE);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "import.filter", "s", "all"));
  g_assert_cmpuint (g_list_model_get_n_items (gj_import_dialog_get_rows (dialog)), ==, 6);
  gj_test_settle (session, 300);
  gj_test_save_screenshot (GTK_WIDGET (dialog), "31-import-preview", 0.995);

  /* The import: two new records, one updated. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "import.commit", NULL));
  wait_for (dialog, session);
  g_assert_null (gj_import_dialog_get_error (dialog));
  g_assert_cmpstr (gj_import_dialog_get_step (dialog), ==, "result");
  g_assert_nonnull (gj_import_dialog_get_batch_id (dialog));
  g_assert_cmpint (gj_store_count (store, kind, NULL, NULL), ==, n_before + 2);
  after = find_organization (store, "晨光读书会");
  g_assert_nonnull (after);
  g_assert_cmpstr (gj_record_get_text (after, "phone"), ==, "13800138000");
  g_assert_cmpstr (gj_record_get_text (after, "founded"), ==, "2023-03-21");
  g_assert_cmpstr (gj_record_get_text (after, "community_id"), ==, first_community->id);
  g_clear_pointer (&after, gj_record_unref);
  after = find_organization (store, "夕阳红合唱团");
  g_assert_nonnull (after);
  g_assert_cmpstr (gj_record_get_text (after, "phone"), ==, "13800138001");
  g_clear_pointer (&after, gj_record_unref);
  after = gj_store_get (store, kind, known->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gj_record_get_text (after, "leader"), ==, "张卫东");
  g_clear_pointer (&after, gj_record_unref);
  g_assert_null (find_organization (store, "邻里守望队"));
  gj_test_save_screenshot (GTK_WIDGET (dialog), "32-import-result", 0.995);

  /* Undo: the new records go, the leader comes back. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "import.undo", NULL));
  wait_for (dialog, session);
  g_assert_null (gj_import_dialog_get_error (dialog));
  g_assert_cmpstr (gj_import_dialog_get_step (dialog), ==, "result");
  g_assert_null (gj_import_dialog_get_batch_id (dialog));
  g_assert_cmpint (gj_store_count (store, kind, NULL, NULL), ==, n_before);
  g_assert_null (find_organization (store, "晨光读书会"));
  after = gj_store_get (store, kind, known->id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gj_record_get_text (after, "leader"), ==, old_leader);

  /* The result's button brings up the list the records are in. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "import.show-records", NULL));
  gj_test_settle (session, 500);
  g_assert_cmpstr (gj_window_get_page_name (window), ==, "organizations");
  g_assert_null (gj_test_find_toplevel (GJ_TYPE_IMPORT_DIALOG));

  /* A kind listed in one view of a page of several. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.show-kind", "s",
                                             "community"));
  g_assert_cmpstr (gj_window_get_page_name (window), ==, "units");
  units = gj_test_find_descendant (gj_window_get_page (window, "units"), ADW_TYPE_VIEW_STACK);
  g_assert_cmpstr (adw_view_stack_get_visible_child_name (ADW_VIEW_STACK (units)), ==,
                   "communities");

  gtk_window_destroy (GTK_WINDOW (window));
  gj_test_settle (NULL, 100);
  g_clear_object (&session);
  gj_test_remove_database (path);
}

/* A workbook of two sheets asks which one; the ledger's sheet has a
 * merged title, a two-level header ("负责人" over "姓名 | 联系电话"), a
 * phone stored as a number and real Excel dates. */
static void
test_import_xlsx_sheets (void)
{
  g_autofree char *path = gj_test_demo_database ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *xlsx_path = g_build_filename (dir, "台账.xlsx", NULL);
  g_autoptr(GjSession) session = open_session (path);
  GjStore *store = gj_session_get_store (session);
  g_autoptr(GPtrArray) communities = gj_store_list (store, gj_schema_lookup ("community"),
                                                    NULL, NULL);
  const char *community = gj_record_get_title (g_ptr_array_index (communities, 0));
  g_autoptr(GFile) file = g_file_new_for_path (xlsx_path);
  g_autoptr(GError) error = NULL;
  g_autoptr(GjRecord) rec = NULL;
  const char *const notes_1[] = { "填表说明：每个社会组织一行。", NULL };
  const char *const *const notes[] = { notes_1, NULL };
  const char *const title[] = { "东湖街道社区社会组织台账（2025年度）", "", "", "", "", "", "", NULL };
  const char *const filed[] = { "填报单位：东湖街道社工站", NULL };
  const char *const head_1[] = { "序号", "组织名称", "类别", "所属社区", "负责人", "", "成立日期", NULL };
  const char *const head_2[] = { "", "", "", "", "姓名", "联系电话", "", NULL };
  const char *const row_1[] = { "=n:1", "晨光读书会", "文体娱乐", community, "王芳",
                                "=n:13800138000", "=d:2023-03-21", NULL };
  const char *const row_2[] = { "=n:2", "夕阳红合唱团", "养老照护", community, "李明",
                                "138-0013-8001", "=c:2022-05-01", NULL };
  const char *const total[] = { "合计", "", "", "", "", "", "", NULL };
  const char *const *const rows[] = { title, filed, head_1, head_2, row_1, row_2, total, NULL };
  const char *const merges[] = { "A1:G1", "A3:A4", "B3:B4", "C3:C4", "D3:D4", "E3:F3", "G3:G4",
                                 NULL };
  const GjTestSheet sheets[] = { { "说明", notes, NULL }, { "社会组织", rows, merges } };
  GjImportDialog *dialog;
  GjImport *import;

  g_assert_true (gj_test_write_xlsx (xlsx_path, sheets, G_N_ELEMENTS (sheets),
                                     GJ_TEST_XLSX_DEFAULT, &error));
  g_assert_no_error (error);

  dialog = gj_import_dialog_new (session, "organization", file);
  gtk_window_present (GTK_WINDOW (dialog));
  wait_for (dialog, session);
  g_assert_null (gj_import_dialog_get_error (dialog));
  g_assert_cmpstr (gj_import_dialog_get_step (dialog), ==, "sheet");
  g_assert_null (gj_import_dialog_get_import (dialog));
  gj_test_save_screenshot (GTK_WIDGET (dialog), "34-import-sheet", 0.995);

  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "import.select-sheet", "u", 1));
  wait_for (dialog, session);
  g_assert_null (gj_import_dialog_get_error (dialog));
  g_assert_cmpstr (gj_import_dialog_get_step (dialog), ==, "mapping");
  import = gj_import_dialog_get_import (dialog);
  g_assert_cmpuint (gj_import_get_header_first (import), ==, 2);
  g_assert_cmpuint (gj_import_get_header_last (import), ==, 3);
  g_assert_cmpuint (gj_import_get_data_first (import), ==, 4);
  g_assert_cmpuint (gj_import_get_data_last (import), ==, 5);
  g_assert_cmpstr (gj_import_get_column_target (import, 4), ==, "leader");
  g_assert_cmpstr (gj_import_get_column_target (import, 5), ==, "phone");

  /* Back goes to the choice of sheet, which reads the sheet again. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "import.back", NULL));
  g_assert_cmpstr (gj_import_dialog_get_step (dialog), ==, "sheet");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "import.select-sheet", "u", 1));
  wait_for (dialog, session);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "import.next", NULL));
  wait_for (dialog, session);
  g_assert_cmpstr (gj_import_dialog_get_step (dialog), ==, "preview");
  g_assert_cmpuint (g_list_model_get_n_items (gj_import_dialog_get_rows (dialog)), ==, 2);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "import.commit", NULL));
  wait_for (dialog, session);
  g_assert_cmpstr (gj_import_dialog_get_step (dialog), ==, "result");

  rec = find_organization (store, "晨光读书会");
  g_assert_nonnull (rec);
  g_assert_cmpstr (gj_record_get_text (rec, "leader"), ==, "王芳");
  g_assert_cmpstr (gj_record_get_text (rec, "phone"), ==, "13800138000");
  g_assert_cmpstr (gj_record_get_text (rec, "founded"), ==, "2023-03-21");
  g_clear_pointer (&rec, gj_record_unref);
  rec = find_organization (store, "夕阳红合唱团");
  g_assert_nonnull (rec);
  g_assert_cmpstr (gj_record_get_text (rec, "phone"), ==, "13800138001");
  g_assert_cmpstr (gj_record_get_text (rec, "founded"), ==, "2022-05-01");

  gtk_window_destroy (GTK_WINDOW (dialog));
  gj_test_settle (NULL, 100);
  g_clear_object (&session);
  gj_test_remove_database (path);
}

/* A file that is not a spreadsheet is refused on the first step, saying
 * so, and nothing is written; work cancelled or cut short by closing
 * leaves nothing behind either. */
static void
test_import_not_a_spreadsheet (void)
{
  g_autofree char *path = gj_test_demo_database ();
  g_autofree char *dir = g_path_get_dirname (path);
  g_autofree char *png_path = g_build_filename (dir, "照片.xlsx", NULL);
  static const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR nothing more";
  g_autoptr(GjSession) session = open_session (path);
  g_autoptr(GFile) file = g_file_new_for_path (png_path);
  g_autoptr(GError) error = NULL;
  const GjKind *kind = gj_schema_lookup ("community");
  gint64 n_before = gj_store_count (gj_session_get_store (session), kind, NULL, NULL);
  GjImportDialog *dialog;

  g_assert_true (g_file_set_contents (png_path, png, sizeof png - 1, &error));
  g_assert_no_error (error);

  /* Cancel goes back to the step the work started from, saying nothing;
   * closing the dialog while it works cancels too. */
  dialog = gj_import_dialog_new (session, "community", file);
  gtk_window_present (GTK_WINDOW (dialog));
  g_assert_true (gj_import_dialog_is_busy (dialog));
  g_assert_cmpstr (gj_import_dialog_get_step (dialog), ==, "working");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "import.cancel", NULL));
  wait_for (dialog, session);
  g_assert_cmpstr (gj_import_dialog_get_step (dialog), ==, "file");
  g_assert_null (gj_import_dialog_get_error (dialog));
  gtk_window_destroy (GTK_WINDOW (dialog));
  dialog = gj_import_dialog_new (session, "community", file);
  gtk_window_present (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (dialog));
  gj_test_settle (session, 300);

  dialog = gj_import_dialog_new (session, "community", file);
  gtk_window_present (GTK_WINDOW (dialog));
  wait_for (dialog, session);
  g_assert_cmpstr (gj_import_dialog_get_step (dialog), ==, "file");
  g_assert_nonnull (gj_import_dialog_get_error (dialog));
  g_assert_nonnull (strstr (gj_import_dialog_get_error (dialog), "照片.xlsx"));
  g_assert_null (gj_import_dialog_get_import (dialog));
  g_assert_cmpint (gj_store_count (gj_session_get_store (session), kind, NULL, NULL), ==,
                   n_before);

  gtk_window_destroy (GTK_WINDOW (dialog));
  gj_test_settle (NULL, 100);
  g_clear_object (&session);
  gj_test_remove_database (path);
}

static GtkWidget *
find_action_button (GtkWidget  *widget,
                    const char *action)
{
  if (GTK_IS_BUTTON (widget) &&
      g_strcmp0 (gtk_actionable_get_action_name (GTK_ACTIONABLE (widget)), action) == 0)
    return widget;
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_action_button (c, action);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* An in-memory database has no file for a second connection: the work
 * runs on the main thread with the main store. Its import is then listed
 * on the first step of the next assistant, which undoes it. */
static void
test_import_in_memory_and_undo_later (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GjStore) store = gj_store_open (":memory:", &error);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);
  g_autoptr(GjSession) session = NULL;
  g_autoptr(GDate) today = g_date_new_dmy (1, 12, 2026);
  g_autofree char *dir = g_dir_make_tmp ("gj-ui-test-XXXXXX", &error);
  g_autofree char *csv_path = g_build_filename (dir, "社区.csv", NULL);
  g_autoptr(GFile) file = g_file_new_for_path (csv_path);
  g_autoptr(GPtrArray) batches = NULL;
  g_autofree char *batch_id = NULL;
  const GjKind *kind = gj_schema_lookup ("community");
  GjImportDialog *dialog;
  GtkWidget *undo;
  GVariant *target;
  gint64 n_before;

  g_assert_no_error (error);
  g_assert_true (gj_demo_load (store, 2024, today, &error));
  g_assert_no_error (error);
  session = gj_session_new (store, settings);
  n_before = gj_store_count (store, kind, NULL, NULL);
  g_assert_true (g_file_set_contents (csv_path,
                                      "社区名称,社区类型,户数,常住人口\n"
                                      "青石社区,城市社区,1200,3600\n"
                                      "白沙村,农村社区,300,900\n", -1, &error));
  g_assert_no_error (error);

  dialog = gj_import_dialog_new (session, "community", file);
  gtk_window_present (GTK_WINDOW (dialog));
  wait_for (dialog, session);
  g_assert_null (gj_import_dialog_get_error (dialog));
  g_assert_cmpstr (gj_import_dialog_get_step (dialog), ==, "mapping");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "import.next", NULL));
  wait_for (dialog, session);
  g_assert_cmpstr (gj_import_dialog_get_step (dialog), ==, "preview");
  g_assert_cmpuint (g_list_model_get_n_items (gj_import_dialog_get_rows (dialog)), ==, 2);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (dialog), "import.commit", NULL));
  wait_for (dialog, session);
  g_assert_cmpstr (gj_import_dialog_get_step (dialog), ==, "result");
  g_assert_cmpint (gj_store_count (store, kind, NULL, NULL), ==, n_before + 2);
  batch_id = g_strdup (gj_import_dialog_get_batch_id (dialog));
  g_assert_nonnull (batch_id);
  gtk_window_destroy (GTK_WINDOW (dialog));
  gj_test_settle (session, 100);

  /* The next assistant lists the import with its Undo. */
  dialog = gj_import_dialog_new (session, "community", NULL);
  gtk_window_present (GTK_WINDOW (dialog));
  gj_test_settle (session, 500);
  g_assert_cmpstr (gj_import_dialog_get_step (dialog), ==, "file");
  undo = find_action_button (GTK_WIDGET (dialog), "import.undo-batch");
  g_assert_nonnull (undo);
  g_assert_true (gtk_widget_get_visible (undo));
  target = gtk_actionable_get_action_target_value (GTK_ACTIONABLE (undo));
  g_assert_cmpstr (g_variant_get_string (target, NULL), ==, batch_id);
  g_signal_emit_by_name (undo, "clicked");
  wait_for (dialog, session);
  g_assert_null (gj_import_dialog_get_error (dialog));
  g_assert_cmpstr (gj_import_dialog_get_step (dialog), ==, "result");
  g_assert_cmpint (gj_store_count (store, kind, NULL, NULL), ==, n_before);
  batches = gj_import_log_list (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (batches->len, ==, 1);
  g_assert_cmpint (((GjImportBatch *) g_ptr_array_index (batches, 0))->undone, !=, 0);
  /* The list now says it was undone, and offers no Undo. */
  g_assert_null (find_action_button (GTK_WIDGET (dialog), "import.undo-batch"));

  gtk_window_destroy (GTK_WINDOW (dialog));
  gj_test_settle (NULL, 100);
  g_clear_object (&session);
  g_unlink (csv_path);
  g_rmdir (dir);
}

/* The welcome page offers an import once the form names the street: it
 * sets the station up first, then opens the assistant over the window. */
static void
test_import_from_welcome (void)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *dir = g_dir_make_tmp ("gj-ui-test-XXXXXX", &error);
  g_autofree char *path = g_build_filename (dir, "new.db", NULL);
  g_autoptr(GjSession) session = open_session (path);
  GjWindow *window = gj_window_new (NULL, session);
  GjWelcomePage *welcome = GJ_WELCOME_PAGE (gj_window_get_page (window, "welcome"));
  GtkAdjustment *adj;
  GtkWidget *dialog;

  gtk_window_set_default_size (GTK_WINDOW (window), 900, 900);
  gtk_window_present (GTK_WINDOW (window));
  gj_test_settle (session, 2000);
  /* Without a street the action is off. */
  gtk_widget_activate_action (GTK_WIDGET (welcome), "welcome.import", "s", "organization");
  gj_test_settle (session, 300);
  g_assert_null (gj_test_find_toplevel (GJ_TYPE_IMPORT_DIALOG));
  g_assert_null (gj_store_get_street (gj_session_get_store (session)));

  gj_welcome_page_set_station (welcome, "清源区", "溪山街道");
  gj_welcome_page_add_community (welcome, "溪山村", "农村社区", "420", "1300");
  gj_test_settle (session, 300);
  /* The buttons are at the bottom of the form. */
  adj = gtk_scrolled_window_get_vadjustment (
    GTK_SCROLLED_WINDOW (gj_test_find_descendant (GTK_WIDGET (welcome), GTK_TYPE_SCROLLED_WINDOW)));
  gtk_adjustment_set_value (adj, gtk_adjustment_get_upper (adj));
  gj_test_settle (session, 300);
  gj_test_save_screenshot (GTK_WIDGET (window), "33-import-welcome", 0.995);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (welcome), "welcome.import", "s",
                                             "volunteer"));
  gj_test_settle (session, 500);
  g_assert_nonnull (gj_store_get_street (gj_session_get_store (session)));
  g_assert_cmpstr (gj_window_get_page_name (window), ==, "overview");
  dialog = gj_test_find_toplevel (GJ_TYPE_IMPORT_DIALOG);
  g_assert_nonnull (dialog);
  g_assert_true (gtk_window_get_transient_for (GTK_WINDOW (dialog)) == GTK_WINDOW (window));
  g_assert_cmpstr (gj_import_dialog_get_step (GJ_IMPORT_DIALOG (dialog)), ==, "file");

  gtk_window_destroy (GTK_WINDOW (dialog));
  gtk_window_destroy (GTK_WINDOW (window));
  gj_test_settle (NULL, 100);
  g_clear_object (&session);
  gj_test_remove_database (path);
}

int
main (int   argc,
      char *argv[])
{
  if (!gj_test_init_gtk (&argc, &argv))
    {
      g_test_add_func ("/ui/import/no-display", gj_test_skip_no_display);
      return g_test_run ();
    }

  g_test_add_func ("/ui/import/organizations", test_import_organizations);
  g_test_add_func ("/ui/import/xlsx-sheets", test_import_xlsx_sheets);
  g_test_add_func ("/ui/import/not-a-spreadsheet", test_import_not_a_spreadsheet);
  g_test_add_func ("/ui/import/in-memory-undo-later", test_import_in_memory_and_undo_later);
  g_test_add_func ("/ui/import/from-welcome", test_import_from_welcome);
  return g_test_run ();
}
