/* test-undo.c: undo in the main window, as a person meets it
 *
 * A delete's toast still offers Undo after the 5 s a default toast lasts,
 * and Ctrl+Z ("win.undo") takes the delete back; an incubation stage move
 * is undone by its toast's button and by Ctrl+Z, exit from incubation is
 * asked first; the Recently Deleted page restores with one click and
 * shows an empty state. At 1366×768 and at 800×600, with screenshots.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>

#include "gj-format.h"
#include "gj-test-util.h"
#include "gj-trash-page.h"
#include "gj-undo.h"

typedef struct
{
  GjApplication *app;
  GjWindow      *window;
  GjSession     *session;
  GjStore       *store;
  char          *path;
} Fixture;

static Fixture fixture;

typedef struct
{
  int         width;
  int         height;
  const char *name;
} Size;

static const Size sizes[] = {
  { 1366, 768, "1366x768" },
  { 800, 600, "800x600" },
};

static void
set_size (const Size *size)
{
  Fixture *f = &fixture;

  gtk_window_set_default_size (GTK_WINDOW (f->window), size->width, size->height);
  gj_window_dismiss_toasts (f->window);
  gj_test_settle (f->session, 1000);
}

static void
screenshot (GtkWidget  *widget,
            const char *what,
            const Size *size)
{
  g_autofree char *name = g_strdup_printf ("undo-%s-%s", what, size->name);

  gj_test_save_screenshot (widget, name, 0.995);
}

static gboolean
wait_cb (gpointer data)
{
  *(gboolean *) data = TRUE;
  return G_SOURCE_REMOVE;
}

/* Runs the main loop for @ms of real time, as a person waits. */
static void
wait_ms (guint ms)
{
  gboolean done = FALSE;

  g_timeout_add (ms, wait_cb, &done);
  while (!done)
    g_main_context_iteration (NULL, TRUE);
}

/* The label showing exactly @text in @widget, or NULL. */
static GtkWidget *
find_label (GtkWidget  *widget,
            const char *text)
{
  g_autoptr(GPtrArray) labels = g_ptr_array_new ();

  gj_test_collect_descendants (widget, GTK_TYPE_LABEL, labels);
  for (guint i = 0; i < labels->len; i++)
    if (g_strcmp0 (gtk_label_get_text (labels->pdata[i]), text) == 0 &&
        gtk_widget_get_mapped (labels->pdata[i]))
      return labels->pdata[i];
  return NULL;
}

/* A toast on screen: its title label. */
static gboolean
toast_shown (const char *text)
{
  return find_label (GTK_WIDGET (fixture.window), text) != NULL;
}

/* The mapped button labelled @label (with its mnemonic) in @widget. */
static GtkWidget *
find_button (GtkWidget  *widget,
             const char *label)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  gj_test_collect_descendants (widget, GTK_TYPE_BUTTON, buttons);
  for (guint i = 0; i < buttons->len; i++)
    if (g_strcmp0 (gtk_button_get_label (buttons->pdata[i]), label) == 0 &&
        gtk_widget_get_mapped (buttons->pdata[i]))
      return buttons->pdata[i];
  return NULL;
}

/* Whether the main menu (the menu button's model) has an item running
 * @action with @target. */
static gboolean
menu_has (GtkWidget  *window,
          const char *action,
          const char *target)
{
  g_autoptr(GPtrArray) buttons = g_ptr_array_new ();

  gj_test_collect_descendants (window, GTK_TYPE_MENU_BUTTON, buttons);
  for (guint b = 0; b < buttons->len; b++)
    {
      GMenuModel *menu = gtk_menu_button_get_menu_model (buttons->pdata[b]);

      for (int s = 0; menu != NULL && s < g_menu_model_get_n_items (menu); s++)
        {
          g_autoptr(GMenuModel) section = g_menu_model_get_item_link (menu, s,
                                                                      G_MENU_LINK_SECTION);

          for (int i = 0; section != NULL && i < g_menu_model_get_n_items (section); i++)
            {
              g_autofree char *a = NULL;
              g_autofree char *t = NULL;

              if (g_menu_model_get_item_attribute (section, i, G_MENU_ATTRIBUTE_ACTION, "s",
                                                   &a) &&
                  g_menu_model_get_item_attribute (section, i, G_MENU_ATTRIBUTE_TARGET, "s",
                                                   &t) &&
                  g_str_equal (a, action) && g_str_equal (t, target))
                return TRUE;
            }
        }
    }
  return FALSE;
}

static GjRecord *
first_record (const char *kind,
              const char *field,
              const char *value)
{
  GjFilter filter = { field, value, GJ_FILTER_EQ };
  GjQuery q = { &filter, field ? 1 : 0, NULL, NULL, FALSE, 1, 0, FALSE };
  g_autoptr(GPtrArray) records = gj_store_list (fixture.store, gj_schema_lookup (kind), &q, NULL);

  g_assert_nonnull (records);
  g_assert_cmpuint (records->len, ==, 1);
  return gj_record_ref (records->pdata[0]);
}

static GjRecord *
reread (GjRecord *rec)
{
  g_autoptr(GError) error = NULL;
  GjRecord *now = gj_store_get (fixture.store, rec->kind, rec->id, &error);

  g_assert_no_error (error);
  return now;
}

static void
test_delete_toast (gconstpointer data)
{
  Fixture *f = &fixture;
  const Size *size = data;
  g_autoptr(GjRecord) org = first_record ("organization", NULL, NULL);
  g_autoptr(GjRecord) now = NULL;
  g_autofree char *deleted = g_strdup_printf (_("“%s” deleted"), gj_record_get_text (org, "name"));
  g_autofree char *restored = g_strdup_printf (_("“%s” restored"),
                                               gj_record_get_text (org, "name"));
  GtkWidget *dialog;
  guint n_before;

  set_size (size);
  n_before = gj_undo_get_n_entries (gj_session_get_undo (f->session));
  gj_window_show_page (f->window, "organizations");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.delete-record", "(ss)",
                                             org->kind->name, org->id));
  dialog = gj_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "delete");
  gj_test_settle (f->session, 1000);
  now = reread (org);
  g_assert_true (gj_record_is_deleted (now));
  g_clear_pointer (&now, gj_record_unref);

  /* Past the 5 s of a default toast, the Undo is still there. */
  wait_ms (6500);
  g_assert_true (toast_shown (deleted));
  g_assert_nonnull (find_button (GTK_WIDGET (f->window), _("_Undo")));
  screenshot (GTK_WIDGET (f->window), "delete-toast", size);

  /* Ctrl+Z. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL));
  gj_test_settle (f->session, 1000);
  now = reread (org);
  g_assert_false (gj_record_is_deleted (now));
  g_assert_true (toast_shown (restored));
  g_assert_false (toast_shown (deleted));
  screenshot (GTK_WIDGET (f->window), "delete-undone", size);

  g_assert_cmpuint (gj_undo_get_n_entries (gj_session_get_undo (f->session)), ==, n_before);
}

static void
test_stage_move (gconstpointer data)
{
  Fixture *f = &fixture;
  const Size *size = data;
  g_autoptr(GjRecord) inc = first_record ("incubation", "stage", "incubating");
  g_autoptr(GjRecord) now = NULL;
  GtkWidget *page, *undo, *dialog;

  set_size (size);
  gj_window_show_page (f->window, "incubation");
  gj_test_settle (f->session, 3000);
  page = gj_window_get_page (f->window, "incubation");

  /* The toast's own Undo button. */
  g_assert_true (gtk_widget_activate_action (page, "board.advance", "s", inc->id));
  gj_test_settle (f->session, 3000);
  now = reread (inc);
  g_assert_cmpstr (gj_record_get_text (now, "stage"), ==, "evaluating");
  g_clear_pointer (&now, gj_record_unref);
  undo = find_button (GTK_WIDGET (f->window), _("_Undo"));
  g_assert_nonnull (undo);
  screenshot (GTK_WIDGET (f->window), "stage-toast", size);
  g_signal_emit_by_name (undo, "clicked");
  gj_test_settle (f->session, 3000);
  now = reread (inc);
  g_assert_cmpstr (gj_record_get_text (now, "stage"), ==, "incubating");
  g_assert_cmpstr (gj_record_get_text (now, "stage_since"), ==,
                   gj_record_get_text (inc, "stage_since"));
  g_clear_pointer (&now, gj_record_unref);

  /* Ctrl+Z. */
  g_assert_true (gtk_widget_activate_action (page, "board.advance", "s", inc->id));
  gj_test_settle (f->session, 3000);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL));
  gj_test_settle (f->session, 3000);
  now = reread (inc);
  g_assert_cmpstr (gj_record_get_text (now, "stage"), ==, "incubating");
  g_clear_pointer (&now, gj_record_unref);

  /* Exit is asked first; cancelling keeps the stay. */
  g_assert_true (gtk_widget_activate_action (page, "board.exit", "s", inc->id));
  dialog = gj_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  g_assert_nonnull (dialog);
  gj_test_settle (f->session, 500);
  screenshot (dialog, "exit-dialog", size);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  gj_test_settle (f->session, 500);
  now = reread (inc);
  g_assert_cmpstr (gj_record_get_text (now, "stage"), ==, "incubating");
  g_clear_pointer (&now, gj_record_unref);

  g_assert_true (gtk_widget_activate_action (page, "board.exit", "s", inc->id));
  dialog = gj_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG);
  adw_message_dialog_response (ADW_MESSAGE_DIALOG (dialog), "exit");
  gj_test_settle (f->session, 3000);
  now = reread (inc);
  g_assert_cmpstr (gj_record_get_text (now, "stage"), ==, "exited");
  g_assert_nonnull (gj_record_get_text (now, "closed_on"));
  g_clear_pointer (&now, gj_record_unref);

  /* Out of "exited" only by a reopen, which an undo is. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL));
  gj_test_settle (f->session, 3000);
  now = reread (inc);
  g_assert_cmpstr (gj_record_get_text (now, "stage"), ==, "incubating");
  g_assert_null (gj_record_get_text (now, "closed_on"));
  screenshot (GTK_WIDGET (f->window), "exit-undone", size);
}

static void
test_recently_deleted (gconstpointer data)
{
  Fixture *f = &fixture;
  const Size *size = data;
  GjUndo *undo = gj_session_get_undo (f->session);
  g_autoptr(GjRecord) unit = first_record ("unit", NULL, NULL);
  g_autoptr(GjRecord) volunteer = first_record ("volunteer", NULL, NULL);
  g_autoptr(GjRecord) now = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *page, *restore, *status;
  g_autoptr(GPtrArray) rows = g_ptr_array_new ();
  g_autofree char *unit_title = gj_format_record_title (f->store, unit);
  g_autofree char *refused = g_strdup_printf (_("“%s” was restored already; nothing was undone"),
                                              unit_title);

  set_size (size);
  /* The main menu's entry, as a click on it runs it. Empty at first: the
   * earlier deletes were undone. */
  g_assert_true (menu_has (GTK_WIDGET (f->window), "win.show-page", "trash"));
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.show-page", "s",
                                             "trash"));
  gj_test_settle (f->session, 3000);
  page = gj_window_get_page (f->window, "trash");
  status = gj_test_find_descendant (page, ADW_TYPE_STATUS_PAGE);
  g_assert_true (gtk_widget_get_mapped (status));
  screenshot (GTK_WIDGET (f->window), "trash-empty", size);

  g_assert_true (gj_undo_delete (undo, volunteer->kind, volunteer->id, &error));
  g_assert_true (gj_undo_delete (undo, unit->kind, unit->id, &error));
  g_assert_no_error (error);
  gj_window_dismiss_toasts (f->window);
  gj_test_settle (f->session, 3000);
  g_assert_false (gtk_widget_get_mapped (status));
  gj_test_collect_descendants (page, ADW_TYPE_ACTION_ROW, rows);
  g_assert_cmpuint (rows->len, ==, 2);
  /* Newest first. */
  g_assert_cmpstr (adw_preferences_row_get_title (rows->pdata[0]), ==, unit_title);
  screenshot (GTK_WIDGET (f->window), "trash-list", size);

  /* One click. */
  restore = find_button (rows->pdata[0], _("_Restore"));
  g_assert_nonnull (restore);
  g_signal_emit_by_name (restore, "clicked");
  gj_test_settle (f->session, 3000);
  now = reread (unit);
  g_assert_false (gj_record_is_deleted (now));
  g_clear_pointer (&now, gj_record_unref);
  g_ptr_array_set_size (rows, 0);
  gj_test_collect_descendants (page, ADW_TYPE_ACTION_ROW, rows);
  g_assert_cmpuint (rows->len, ==, 1);
  screenshot (GTK_WIDGET (f->window), "trash-restored", size);

  restore = find_button (rows->pdata[0], _("_Restore"));
  g_signal_emit_by_name (restore, "clicked");
  gj_test_settle (f->session, 3000);
  now = reread (volunteer);
  g_assert_false (gj_record_is_deleted (now));
  g_clear_pointer (&now, gj_record_unref);
  g_assert_true (gtk_widget_get_mapped (status));

  /* Ctrl+Z on a delete restored meanwhile: it says so and does nothing. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (f->window), "win.undo", NULL));
  gj_test_settle (f->session, 1000);
  now = reread (unit);
  g_assert_false (gj_record_is_deleted (now));
  g_assert_true (toast_shown (refused));
  screenshot (GTK_WIDGET (f->window), "undo-refused", size);
}

static void
fixture_set_up (Fixture *f)
{
  f->path = gj_test_demo_database ();
  f->window = gj_test_start_app (f->path, &f->app);
  f->session = gj_window_get_session (f->window);
  f->store = gj_session_get_store (f->session);
}

static void
fixture_tear_down (Fixture *f)
{
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
      g_test_add_func ("/ui/undo/no-display", gj_test_skip_no_display);
      return g_test_run ();
    }

  fixture_set_up (&fixture);
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      g_autofree char *delete = g_strdup_printf ("/ui/undo/%s/delete-toast", sizes[i].name);
      g_autofree char *stage = g_strdup_printf ("/ui/undo/%s/stage-move", sizes[i].name);
      g_autofree char *trash = g_strdup_printf ("/ui/undo/%s/recently-deleted", sizes[i].name);

      g_test_add_data_func (delete, &sizes[i], test_delete_toast);
      g_test_add_data_func (stage, &sizes[i], test_stage_move);
      g_test_add_data_func (trash, &sizes[i], test_recently_deleted);
    }
  status = g_test_run ();
  fixture_tear_down (&fixture);
  return status;
}
