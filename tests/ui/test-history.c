/* test-history.c: a record's history shows what each change changed
 *
 * An organization of the demo database is edited twice in its editor, as
 * a person would; opened again, the editor's history lists the changes
 * newest first, each with the value before and after it, when, and on
 * which device. A change a colleague's laptop made, which came by sync,
 * names that laptop as it told its name (gj-site-names.h). At 1366×768 and
 * at 800×600, with screenshots.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "gj-history-section.h"
#include "gj-record-editor.h"
#include "gj-site-names.h"
#include "gj-store-sync.h"
#include "gj-test-util.h"

typedef struct
{
  char          *path;
  GjApplication *app;
  GjWindow      *window;
  GjSession     *session;
  GjRecord      *org;
} Fixture;

static Fixture fixture;

static void
edit_and_save (Fixture    *f,
               const char *field,
               const char *value)
{
  g_autoptr(GError) error = NULL;
  GjRecordEditor *editor = gj_record_editor_open_stored (GTK_WIDGET (f->window), f->session,
                                                         f->org->kind, f->org->id);

  g_assert_nonnull (editor);
  gj_test_settle (f->session, 2000);
  gj_record_editor_set_text (editor, field, value);
  g_object_ref (editor);
  g_assert_true (gj_record_editor_save (editor, &error));
  g_assert_no_error (error);
  if (gtk_widget_get_visible (GTK_WIDGET (editor)))
    gtk_window_destroy (GTK_WINDOW (editor));
  g_object_unref (editor);
  gj_test_settle (f->session, 2000);
}

/* The subtitles of the history's change rows, in the order shown. */
static GPtrArray *
change_rows (GtkWidget *section)
{
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  GPtrArray *subtitles = g_ptr_array_new_with_free_func (g_free);

  gj_test_collect_descendants (section, ADW_TYPE_ACTION_ROW, rows);
  for (guint i = 0; i < rows->len; i++)
    {
      const char *subtitle = adw_action_row_get_subtitle (rows->pdata[i]);

      /* The expander's own header is a row too; its rows are in its revealer. */
      if (subtitle != NULL && gtk_widget_get_ancestor (rows->pdata[i], GTK_TYPE_REVEALER))
        g_ptr_array_add (subtitles, g_strdup_printf ("%s|%s",
                                                     adw_preferences_row_get_title (rows->pdata[i]),
                                                     subtitle));
    }
  return subtitles;
}

/* The editor @data shows the history's rows, read off the main thread. */
static gboolean
history_shown (gpointer data)
{
  GtkWidget *section = gj_test_find_descendant (data, GJ_TYPE_HISTORY_SECTION);
  g_autoptr(GPtrArray) rows = section ? change_rows (section) : NULL;

  return rows != NULL && rows->len >= 3;
}

/* Scrolls the editor's page so that @widget is at the top of its view. */
static void
scroll_to (GtkWidget *widget)
{
  GtkWidget *scrolled = gtk_widget_get_ancestor (widget, GTK_TYPE_SCROLLED_WINDOW);
  GtkAdjustment *adj;
  graphene_point_t at;

  g_assert_nonnull (scrolled);
  g_assert_true (gtk_widget_compute_point (widget, gtk_scrolled_window_get_child (
                                             GTK_SCROLLED_WINDOW (scrolled)),
                                           &GRAPHENE_POINT_INIT (0, 0), &at));
  adj = gtk_scrolled_window_get_vadjustment (GTK_SCROLLED_WINDOW (scrolled));
  gtk_adjustment_set_value (adj, at.y - 12);
}

static void
show_history (Fixture    *f,
              int         width,
              int         height,
              const char *screenshot)
{
  GjRecordEditor *editor;
  GtkWidget *section, *expander;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *name_label = g_strdup (_("Name"));
  g_autofree char *first = NULL;
  g_autofree char *second = NULL;

  gtk_window_set_default_size (GTK_WINDOW (f->window), width, height);
  gj_test_settle (f->session, 1000);
  editor = gj_record_editor_open_stored (GTK_WIDGET (f->window), f->session, f->org->kind,
                                         f->org->id);
  gtk_window_set_default_size (GTK_WINDOW (editor), MIN (640, width - 80), height - 60);
  gj_test_settle (f->session, 2000);
  g_assert_true (gj_test_wait_until (history_shown, editor, 20000));

  section = gj_test_find_descendant (GTK_WIDGET (editor), GJ_TYPE_HISTORY_SECTION);
  g_assert_nonnull (section);
  g_assert_true (gtk_widget_get_visible (section));
  rows = change_rows (section);

  /* Newest first: the second edit, then the first, each old → new on
   * this device. */
  first = g_strdup_printf ("%s|%s → %s\n", name_label, "测试社·二", "测试社·三");
  second = g_strdup_printf ("%s|%s → %s\n", name_label, gj_record_get_text (f->org, "name"),
                            "测试社·二");
  g_assert_cmpuint (rows->len, >=, 3);
  g_assert_true (g_str_has_prefix (rows->pdata[0], first));
  g_assert_true (g_str_has_prefix (rows->pdata[1], second));
  g_assert_nonnull (strstr (rows->pdata[0], _("this device")));
  /* The leader's phone is masked as in the editor. */
  for (guint i = 0; i < rows->len; i++)
    g_assert_null (strstr (rows->pdata[i], "13912345678"));

  expander = gj_test_find_descendant (section, ADW_TYPE_EXPANDER_ROW);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (expander), TRUE);
  gj_test_settle (f->session, 500);
  scroll_to (section);
  gj_test_settle (f->session, 1000);
  gj_test_save_screenshot (GTK_WIDGET (editor), screenshot, 0.995);
  gtk_window_destroy (GTK_WINDOW (editor));
  gj_test_settle (f->session, 500);
}

static void
test_old_new (void)
{
  Fixture *f = &fixture;

  edit_and_save (f, "phone", "13912345678");
  edit_and_save (f, "name", "测试社·二");
  edit_and_save (f, "name", "测试社·三");
  show_history (f, 1366, 768, "history-1366x768");
  show_history (f, 800, 600, "history-800x600");
}

/* Every change @from holds, applied to @to as a peer's pages would be. */
static void
copy_changes (GjStore *from,
              GjStore *to)
{
  g_autoptr(GError) error = NULL;
  GjCursor since = GJ_CURSOR_INIT;

  for (;;)
    {
      g_autoptr(GPtrArray) cells = NULL;
      GjCursor next;

      cells = gj_store_changes_since (from, &since, 5000, &next, &error);
      g_assert_no_error (error);
      if (cells->len == 0 && next.floor == since.floor && next.pos == since.pos)
        return;
      g_assert_true (gj_store_apply (to, cells, NULL, &error));
      g_assert_no_error (error);
      since = next;
    }
}

static void
show_named_device (Fixture    *f,
                   const char *short_id,
                   int         width,
                   int         height,
                   const char *screenshot)
{
  GjRecordEditor *editor;
  GtkWidget *section, *expander;
  g_autoptr(GPtrArray) rows = NULL;
  g_autofree char *first = NULL;

  gtk_window_set_default_size (GTK_WINDOW (f->window), width, height);
  gj_test_settle (f->session, 1000);
  editor = gj_record_editor_open_stored (GTK_WIDGET (f->window), f->session, f->org->kind,
                                         f->org->id);
  gtk_window_set_default_size (GTK_WINDOW (editor), MIN (640, width - 80), height - 60);
  gj_test_settle (f->session, 2000);
  section = gj_test_find_descendant (GTK_WIDGET (editor), GJ_TYPE_HISTORY_SECTION);
  rows = change_rows (section);

  /* The colleague's change is the newest: by its laptop's name, and no
   * short site id anywhere once the name is known. */
  first = g_strdup_printf ("%s|%s → %s\n", _("Name"), "测试社·三", "测试社·四");
  g_assert_cmpuint (rows->len, >=, 1);
  g_assert_true (g_str_has_prefix (rows->pdata[0], first));
  g_assert_true (g_str_has_suffix (rows->pdata[0], "王芳的笔记本"));
  for (guint i = 0; i < rows->len; i++)
    g_assert_null (strstr (rows->pdata[i], short_id));

  expander = gj_test_find_descendant (section, ADW_TYPE_EXPANDER_ROW);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (expander), TRUE);
  gj_test_settle (f->session, 500);
  scroll_to (section);
  gj_test_settle (f->session, 1000);
  gj_test_save_screenshot (GTK_WIDGET (editor), screenshot, 0.995);
  gtk_window_destroy (GTK_WINDOW (editor));
  gj_test_settle (f->session, 500);
}

/* A colleague's laptop renames the organization; its change comes by
 * sync with the laptop's name. */
static void
test_named_device (void)
{
  Fixture *f = &fixture;
  GjStore *store = gj_session_get_store (f->session);
  g_autoptr(GjStore) other = NULL;
  g_autoptr(GjRecord) rec = gj_record_new_for ("organization");
  g_autoptr(GError) error = NULL;
  g_autofree char *short_id = NULL;

  other = gj_store_open (":memory:", &error);
  g_assert_no_error (error);
  copy_changes (store, other);
  rec->id = g_strdup (f->org->id);
  gj_record_parse (rec, "name", "测试社·四", &error);
  g_assert_no_error (error);
  g_assert_true (gj_store_update (other, rec, GJ_WRITE_NONE, &error));
  g_assert_no_error (error);
  copy_changes (other, store);
  g_assert_true (gj_store_set_site_name (store, gj_store_get_site_id (other), "王芳的笔记本",
                                         &error));
  g_assert_no_error (error);
  short_id = g_strndup (gj_store_get_site_id (other), 8);
  show_named_device (f, short_id, 1366, 768, "history-device-name-1366x768");
  show_named_device (f, short_id, 800, 600, "history-device-name-800x600");
}

static void
fixture_set_up (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) orgs = NULL;
  GjQuery q = { NULL, 0, NULL, NULL, FALSE, 1, 0, FALSE };

  f->path = gj_test_demo_database ();
  f->window = gj_test_start_app (f->path, &f->app);
  f->session = gj_window_get_session (f->window);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1366, 768);
  gj_test_settle (f->session, 5000);
  orgs = gj_store_list (gj_session_get_store (f->session), gj_schema_lookup ("organization"),
                        &q, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (orgs->len, ==, 1);
  f->org = gj_record_ref (orgs->pdata[0]);
}

static void
fixture_tear_down (Fixture *f)
{
  g_clear_pointer (&f->org, gj_record_unref);
  gj_test_stop_app (f->app, f->window);
  gj_test_remove_database (f->path);
  g_free (f->path);
}

int
main (int   argc,
      char *argv[])
{
  int status;

  if (!gj_test_init_gtk (&argc, &argv))
    {
      g_test_add_func ("/ui/history/no-display", gj_test_skip_no_display);
      return g_test_run ();
    }
  fixture_set_up (&fixture);
  g_test_add_func ("/ui/history/old-new", test_old_new);
  g_test_add_func ("/ui/history/named-device", test_named_device);
  status = g_test_run ();
  fixture_tear_down (&fixture);
  return status;
}
