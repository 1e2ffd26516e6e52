/* test-search.c: a page's search box finds the time bank by volunteer and
 * people by phone (issue 15)
 *
 * On the demo street, at 1366×768 and at 800×600: a volunteer's name
 * typed into Volunteers → Time Bank lists that volunteer's entries, and
 * the last four digits of a phone typed into the volunteers list find
 * the volunteer, the phone still masked in the row; on the incubation
 * board, those of a leader's phone find the organization's card.
 * Screenshots of each.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "gj-record-item.h"
#include "gj-record-table.h"
#include "gj-test-util.h"
#include "gj-validate.h"

typedef struct
{
  GjWindow      *window;
  GjSession     *session;
  GtkWidget     *page;
  AdwViewStack  *views;
  GjRecordTable *hours;
  GjRecordTable *volunteers;
} Ui;

/* The record table of @kind on the volunteers page. */
static GjRecordTable *
table_of (GtkWidget  *page,
          const char *kind)
{
  g_autoptr(GPtrArray) tables = g_ptr_array_new ();

  gj_test_collect_descendants (page, GJ_TYPE_RECORD_TABLE, tables);
  for (guint i = 0; i < tables->len; i++)
    if (g_str_equal (gj_record_table_get_kind (tables->pdata[i])->name, kind))
      return tables->pdata[i];
  g_error ("the volunteers page has no list of %s", kind);
}

static gboolean
elapsed_cb (gpointer user_data)
{
  *(gboolean *) user_data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Types @text into @entry and waits for what it asks: a search entry
 * says "search-changed" only after a pause in typing (150 ms), which can
 * be longer than the quiet gj_test_settle() waits for. */
static void
type_into (Ui         *ui,
           GtkWidget  *entry,
           const char *text)
{
  gboolean elapsed = FALSE;

  g_assert_nonnull (entry);
  gtk_widget_grab_focus (entry);
  gtk_editable_set_text (GTK_EDITABLE (entry), text);
  g_timeout_add (2 * gtk_search_entry_get_search_delay (GTK_SEARCH_ENTRY (entry)), elapsed_cb,
                 &elapsed);
  while (!elapsed)
    g_main_context_iteration (NULL, TRUE);
  gj_test_settle (ui->session, 5000);
}

static void
type_search (Ui            *ui,
             GjRecordTable *table,
             const char    *text)
{
  type_into (ui, gj_test_find_descendant (GTK_WIDGET (table), GTK_TYPE_SEARCH_ENTRY), text);
}

/* The items @table lists, every one read (none a placeholder). */
static GPtrArray *
listed (Ui            *ui,
        GjRecordTable *table)
{
  GListModel *model = G_LIST_MODEL (gj_record_table_get_list (table));
  GPtrArray *items = g_ptr_array_new_with_free_func (g_object_unref);
  guint n = g_list_model_get_n_items (model);

  for (guint i = 0; i < n; i++)
    {
      GjRecordItem *item = g_list_model_get_item (model, i);
      gint64 deadline = g_get_monotonic_time () + 10 * G_USEC_PER_SEC;

      while (gj_record_item_is_placeholder (item) && g_get_monotonic_time () < deadline)
        {
          g_object_unref (item);
          g_main_context_iteration (NULL, TRUE);
          item = g_list_model_get_item (model, i);
        }
      g_assert_false (gj_record_item_is_placeholder (item));
      g_ptr_array_add (items, item);
    }
  return items;
}

static void
resize (Ui  *ui,
        int  width,
        int  height)
{
  gtk_window_set_default_size (GTK_WINDOW (ui->window), width, height);
  gj_test_settle (ui->session, 3000);
}

/* A volunteer of the demo street with entries in the time bank and a
 * phone, and how many entries are theirs. */
static GjRecord *
volunteer_with_hours (GjStore *store,
                      guint   *n_entries)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) entries = gj_store_list (store, gj_schema_lookup ("hours"), NULL, &error);

  g_assert_no_error (error);
  for (guint i = 0; i < entries->len; i++)
    {
      const char *id = gj_record_get_text (entries->pdata[i], "volunteer_id");
      g_autoptr(GjRecord) v = gj_store_get (store, gj_schema_lookup ("volunteer"), id, NULL);

      if (v != NULL && gj_record_get_text (v, "phone") != NULL &&
          g_utf8_strlen (gj_record_get_title (v), -1) >= 2)
        {
          *n_entries = 0;
          for (guint j = 0; j < entries->len; j++)
            *n_entries += g_strcmp0 (gj_record_get_text (entries->pdata[j], "volunteer_id"),
                                     id) == 0;
          return g_steal_pointer (&v);
        }
    }
  g_error ("no volunteer with hours and a phone on the demo street");
}

static void
search_time_bank (Ui         *ui,
                  GjRecord   *volunteer,
                  guint       n_entries,
                  const char *size)
{
  GjStore *store = gj_session_get_store (ui->session);
  const char *name = gj_record_get_title (volunteer);
  const GjQuery q = { .text = name };
  g_autoptr(GPtrArray) items = NULL;
  g_autofree char *shot = g_strdup_printf ("search-timebank-%s", size);
  guint col = (guint) gj_kind_field_index (gj_schema_lookup ("hours"), "volunteer_id");
  guint theirs = 0;

  adw_view_stack_set_visible_child_name (ui->views, "timebank");
  gj_test_settle (ui->session, 3000);
  type_search (ui, ui->hours, name);
  items = listed (ui, ui->hours);
  /* What the store finds, and among it every entry of the volunteer,
   * shown under the volunteer's name. */
  g_assert_cmpuint (items->len, ==,
                    gj_store_count (store, gj_schema_lookup ("hours"), &q, NULL));
  for (guint i = 0; i < items->len; i++)
    {
      GjRecord *rec = gj_record_item_get_record (items->pdata[i]);

      if (g_str_equal (gj_record_get_text (rec, "volunteer_id"), volunteer->id))
        {
          g_assert_cmpstr (gj_record_item_get_text (items->pdata[i], col), ==, name);
          theirs++;
        }
    }
  g_assert_cmpuint (theirs, ==, n_entries);
  g_test_message ("%s: “%s” lists %u entries, %u of them the volunteer's", size, name,
                  items->len, theirs);
  gj_test_save_screenshot (GTK_WIDGET (ui->window), shot, 0.97);

  /* A name nobody has: the empty state, not stale rows. */
  type_search (ui, ui->hours, "查无此人的名字");
  g_assert_cmpuint (g_list_model_get_n_items (G_LIST_MODEL (gj_record_table_get_list (ui->hours))),
                    ==, 0);
  type_search (ui, ui->hours, name);
}

static void
search_phone (Ui         *ui,
              GjRecord   *volunteer,
              const char *size)
{
  const char *phone = gj_record_get_text (volunteer, "phone");
  const char *last4 = phone + strlen (phone) - 4;
  g_autofree char *masked = gj_mask_sensitive (phone);
  g_autofree char *shot = g_strdup_printf ("search-phone-%s", size);
  g_autoptr(GPtrArray) items = NULL;
  guint col = (guint) gj_kind_field_index (gj_schema_lookup ("volunteer"), "phone");
  gboolean found = FALSE;

  adw_view_stack_set_visible_child_name (ui->views, "volunteers");
  gj_test_settle (ui->session, 3000);
  type_search (ui, ui->volunteers, last4);
  items = listed (ui, ui->volunteers);
  g_assert_cmpuint (items->len, >=, 1);
  for (guint i = 0; i < items->len; i++)
    {
      const char *shown = gj_record_item_get_text (items->pdata[i], col);

      /* Masked in the row, whole nowhere. */
      g_assert_null (strstr (shown, phone));
      if (g_str_equal (gj_record_item_get_id (items->pdata[i]), volunteer->id))
        {
          g_assert_cmpstr (shown, ==, masked);
          found = TRUE;
        }
    }
  g_assert_true (found);
  /* The whole number finds the volunteer too. */
  gj_test_save_screenshot (GTK_WIDGET (ui->window), shot, 0.97);
  type_search (ui, ui->volunteers, phone);
  g_clear_pointer (&items, g_ptr_array_unref);
  items = listed (ui, ui->volunteers);
  g_assert_cmpuint (items->len, >=, 1);
  g_assert_cmpstr (gj_record_item_get_id (items->pdata[0]), ==, volunteer->id);
  type_search (ui, ui->volunteers, "");
}

/* An incubated organization of the demo street whose leader has a phone. */
static GjRecord *
incubated_with_phone (GjStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) incubations = gj_store_list (store, gj_schema_lookup ("incubation"), NULL,
                                                    &error);

  g_assert_no_error (error);
  for (guint i = 0; i < incubations->len; i++)
    {
      const char *id = gj_record_get_text (incubations->pdata[i], "organization_id");
      g_autoptr(GjRecord) org = gj_store_get (store, gj_schema_lookup ("organization"), id, NULL);

      if (org != NULL && gj_record_get_text (org, "phone") != NULL)
        return g_steal_pointer (&org);
    }
  g_error ("no incubated organization with a leader's phone on the demo street");
}

/* The incubation board searched by the last four digits of the leader's
 * phone shows the organization's card, and only the cards the store finds
 * for them. */
static void
search_board (Ui         *ui,
              GjRecord   *org,
              const char *size)
{
  const char *phone = gj_record_get_text (org, "phone");
  g_autofree char *shot = g_strdup_printf ("search-incubation-%s", size);
  const GjQuery q = { .text = phone + strlen (phone) - 4 };
  GjStore *store = gj_session_get_store (ui->session);
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();
  g_autoptr(GPtrArray) incubations = NULL;
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  g_autoptr(GError) error = NULL;
  GtkWidget *page;
  guint cards = 0, own = 0;
  gint64 want;

  /* Every incubated organization's name, to tell cards from other labels. */
  incubations = gj_store_list (store, gj_schema_lookup ("incubation"), NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < incubations->len; i++)
    {
      const char *id = gj_record_get_text (incubations->pdata[i], "organization_id");
      g_autoptr(GjRecord) o = gj_store_get (store, gj_schema_lookup ("organization"), id, NULL);

      if (o != NULL)
        g_hash_table_add (names, g_strdup (gj_record_get_title (o)));
    }
  want = gj_store_count (store, gj_schema_lookup ("incubation"), &q, &error);
  g_assert_no_error (error);
  g_assert_cmpint (want, >=, 1);
  g_assert_cmpint (want, <, incubations->len);

  gj_window_show_page (ui->window, "incubation");
  page = gj_window_get_page (ui->window, "incubation");
  type_into (ui, gj_test_find_descendant (page, GTK_TYPE_SEARCH_ENTRY), q.text);
  gj_test_collect_descendants (page, GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    {
      const char *text = gtk_label_get_label (labels->pdata[i]);

      own += g_str_equal (text, gj_record_get_title (org));
      cards += g_hash_table_contains (names, text);
    }
  /* The organization's card, among as many as the store finds. */
  g_assert_cmpuint (own, >=, 1);
  g_assert_cmpuint (cards, ==, want);
  gj_test_save_screenshot (GTK_WIDGET (ui->window), shot, 0.97);
  type_into (ui, gj_test_find_descendant (page, GTK_TYPE_SEARCH_ENTRY), "");
  gj_window_show_page (ui->window, "volunteers");
  gj_test_settle (ui->session, 3000);
}

static void
test_search (void)
{
  g_autofree char *db = gj_test_demo_database ();
  g_autoptr(GjRecord) volunteer = NULL;
  g_autoptr(GjRecord) org = NULL;
  GjApplication *app = NULL;
  Ui ui = { 0, };
  guint n_entries = 0;

  ui.window = gj_test_start_app (db, &app);
  ui.session = gj_window_get_session (ui.window);
  volunteer = volunteer_with_hours (gj_session_get_store (ui.session), &n_entries);
  org = incubated_with_phone (gj_session_get_store (ui.session));
  gj_window_show_page (ui.window, "volunteers");
  ui.page = gj_window_get_page (ui.window, "volunteers");
  ui.views = ADW_VIEW_STACK (gj_test_find_descendant (ui.page, ADW_TYPE_VIEW_STACK));
  ui.hours = table_of (ui.page, "hours");
  ui.volunteers = table_of (ui.page, "volunteer");

  resize (&ui, 1366, 768);
  search_time_bank (&ui, volunteer, n_entries, "1366x768");
  search_phone (&ui, volunteer, "1366x768");
  search_board (&ui, org, "1366x768");
  resize (&ui, 800, 600);
  search_time_bank (&ui, volunteer, n_entries, "800x600");
  search_phone (&ui, volunteer, "800x600");
  search_board (&ui, org, "800x600");

  gj_test_stop_app (app, ui.window);
  gj_test_remove_database (db);
}

int
main (int   argc,
      char *argv[])
{
  if (!gj_test_init_gtk (&argc, &argv))
    {
      g_test_add_func ("/ui/search/no-display", gj_test_skip_no_display);
      return g_test_run ();
    }

  g_test_add_func ("/ui/search/time-bank-and-phone", test_search);
  return g_test_run ();
}
