/* gj-window-actions.c: the main window's actions and toasts
 *
 * Pages never see the window's type: they activate "win.toast" with a
 * text, and "win.delete-record" with a kind's name and a record's id,
 * which asks, deletes and offers Undo in a toast. A write made through the
 * session's undo history (gj-undo.h), from a page too, gets a toast with
 * Undo here, and Ctrl+Z ("win.undo") undoes the newest one. Dialogs over
 * the window bring up the list of a kind with "win.show-kind". The rest
 * drive the window from its header bar and keyboard shortcuts.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-window"

#include "config.h"

#include <glib/gi18n.h>

#include "gj-data-error.h"
#include "gj-format.h"
#include "gj-gtk-compat.h"
#include "gj-record-table.h"
#include "gj-window-pages.h"
#include "gj-window-private.h"

static void
toast_dismissed_cb (AdwToast *toast,
                    GjWindow *self)
{
  /* The overlay dismisses its toasts as the window goes away. */
  if (self->toast_list != NULL)
    g_ptr_array_remove (self->toast_list, toast);
}

void
gj_window_add_toast (GjWindow *self,
                     AdwToast *toast)
{
  g_ptr_array_add (self->toast_list, toast);
  g_signal_connect_object (toast, "dismissed", G_CALLBACK (toast_dismissed_cb), self, 0);
  adw_toast_overlay_add_toast (self->toasts, toast);
}

/* Actions */

static void
show_page_action (GtkWidget  *widget,
                  const char *action,
                  GVariant   *param)
{
  gj_window_show_page (GJ_WINDOW (widget), g_variant_get_string (param, NULL));
}

/* The table of records of @kind_name in @widget, or NULL. */
static GtkWidget *
find_table (GtkWidget  *widget,
            const char *kind_name)
{
  if (GJ_IS_RECORD_TABLE (widget))
    {
      const GjKind *kind = gj_record_table_get_kind (GJ_RECORD_TABLE (widget));

      return kind != NULL && g_str_equal (kind->name, kind_name) ? widget : NULL;
    }
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_table (c, kind_name);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The page that lists a kind, found by its table rather than declared in
 * the pages table, so that a page's tables stay its own business. */
static void
show_kind_action (GtkWidget  *widget,
                  const char *action,
                  GVariant   *param)
{
  GjWindow *self = GJ_WINDOW (widget);
  const char *kind_name = g_variant_get_string (param, NULL);
  guint n_pages;
  const GjWindowPageInfo *pages = gj_window_pages_get (&n_pages);

  for (guint i = 0; i < n_pages; i++)
    {
      GtkWidget *page = gtk_stack_get_child_by_name (self->pages, pages[i].name);
      GtkWidget *table = find_table (page, kind_name);

      if (table == NULL)
        continue;
      /* A page of several tables shows one at a time in a stack. */
      for (GtkWidget *w = table; w != page; w = gtk_widget_get_parent (w))
        {
          GtkWidget *parent = gtk_widget_get_parent (w);

          if (ADW_IS_VIEW_STACK (parent))
            adw_view_stack_set_visible_child (ADW_VIEW_STACK (parent), w);
          else if (GTK_IS_STACK (parent))
            gtk_stack_set_visible_child (GTK_STACK (parent), w);
        }
      gj_window_show_page (self, pages[i].name);
      return;
    }
}

/* A page's own "page.…" action, or the table's when the page is one. */
static gboolean
activate_on_page (GjWindow   *self,
                  const char *what)
{
  GtkWidget *page = gtk_stack_get_visible_child (self->pages);
  g_autofree char *page_action = g_strconcat ("page.", what, NULL);
  g_autofree char *table_action = g_strconcat ("table.", what, NULL);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "main") != 0)
    return FALSE;
  return gtk_widget_activate_action (page, page_action, NULL) ||
         gtk_widget_activate_action (page, table_action, NULL);
}

static void
new_record_action (GtkWidget  *widget,
                   const char *action,
                   GVariant   *param)
{
  activate_on_page (GJ_WINDOW (widget), "new");
}

static void
search_action (GtkWidget  *widget,
               const char *action,
               GVariant   *param)
{
  GjWindow *self = GJ_WINDOW (widget);

  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
  activate_on_page (self, "search");
}

/* Ctrl+P: the report of the record the page shows. */
static void
print_action (GtkWidget  *widget,
              const char *action,
              GVariant   *param)
{
  activate_on_page (GJ_WINDOW (widget), "print-report");
}

static void
back_action (GtkWidget  *widget,
             const char *action,
             GVariant   *param)
{
  adw_leaflet_navigate (GJ_WINDOW (widget)->leaflet, ADW_NAVIGATION_DIRECTION_BACK);
}

static void
toast_action (GtkWidget  *widget,
              const char *action,
              GVariant   *param)
{
  const char *text = g_variant_get_string (param, NULL);

  gj_window_add_toast (GJ_WINDOW (widget), gj_toast_new_text (text));
}

/* Undo */

/* An undo toast stays long enough to read it, reach for the mouse and
 * click; Ctrl+Z undoes the same write after it is gone. */
#define UNDO_TOAST_SECONDS 15

static void
dismiss_undo_toast (GjWindow *self,
                    guint     serial)
{
  for (guint i = 0; i < self->toast_list->len; i++)
    {
      AdwToast *toast = g_ptr_array_index (self->toast_list, i);

      if (GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (toast), "gj-undo-serial")) == serial)
        {
          adw_toast_dismiss (toast);
          return;
        }
    }
}

/* Undoes entry @serial (0: the newest) and says what came of it. */
static void
undo (GjWindow *self,
      guint     serial)
{
  GjUndo *history = gj_session_get_undo (self->session);
  guint done = serial != 0 ? serial : gj_undo_peek (history);
  g_autofree char *message = NULL;
  g_autoptr(GError) error = NULL;
  AdwToast *toast;

  if (!gj_undo_undo (history, serial, &message, &error))
    message = g_strdup (error->message);
  if (done != 0)
    dismiss_undo_toast (self, done);
  /* The answer to a key press shows now, not after the toasts queued. */
  toast = gj_toast_new_text (message);
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  gj_window_add_toast (self, toast);
}

static void
undo_action (GtkWidget  *widget,
             const char *action,
             GVariant   *param)
{
  undo (GJ_WINDOW (widget), 0);
}

static void
undo_entry_action (GtkWidget  *widget,
                   const char *action,
                   GVariant   *param)
{
  guint serial = g_variant_get_uint32 (param);

  /* Serial 0 would be "the newest", not what a stale toast named. */
  if (serial != 0)
    undo (GJ_WINDOW (widget), serial);
}

void
gj_window_undo_pushed_cb (GjUndo     *history,
                          guint       serial,
                          const char *label,
                          GjWindow   *self)
{
  AdwToast *toast = gj_toast_new_text (label);

  adw_toast_set_button_label (toast, _("_Undo"));
  adw_toast_set_action_name (toast, "win.undo-entry");
  adw_toast_set_action_target_value (toast, g_variant_new_uint32 (serial));
  adw_toast_set_priority (toast, ADW_TOAST_PRIORITY_HIGH);
  adw_toast_set_timeout (toast, UNDO_TOAST_SECONDS);
  g_object_set_data (G_OBJECT (toast), "gj-undo-serial", GUINT_TO_POINTER (serial));
  gj_window_add_toast (self, toast);
}

/* Deleting */

typedef struct
{
  GjWindow     *self;
  const GjKind *kind;
  char         *id;
  char         *title;
} DeleteData;

static void
delete_data_free (DeleteData *d)
{
  g_object_unref (d->self);
  g_free (d->id);
  g_free (d->title);
  g_free (d);
}

/* The toast with Undo comes from the history (gj_window_undo_pushed_cb). */
static void
delete_response_cb (AdwMessageDialog *dialog,
                    const char       *response,
                    DeleteData       *d)
{
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "delete") != 0)
    return;
  if (!gj_undo_delete (gj_session_get_undo (d->self->session), d->kind, d->id, &error))
    gj_window_add_toast (d->self, gj_toast_new_text (error->message));
}

/* The question is asked over the window the person works in: an editor
 * over this window when one is active, else this window. */
static GtkWindow *
asking_window (GjWindow *self)
{
  g_autoptr(GListModel) toplevels = g_object_ref (gtk_window_get_toplevels ());

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (window == GTK_WINDOW (self) || !gtk_window_is_active (window))
        continue;
      for (GtkWindow *w = window; (w = gtk_window_get_transient_for (w)) != NULL;)
        if (w == GTK_WINDOW (self))
          return window;
    }
  return GTK_WINDOW (self);
}

static void
delete_record_action (GtkWidget  *widget,
                      const char *action,
                      GVariant   *param)
{
  GjWindow *self = GJ_WINDOW (widget);
  const char *kind_name, *id;
  const GjKind *kind;
  GjStore *store = gj_session_get_store (self->session);
  g_autoptr(GjRecord) rec = NULL;
  g_autoptr(GError) error = NULL;
  GtkWidget *dialog;
  DeleteData *d;

  g_variant_get (param, "(&s&s)", &kind_name, &id);
  kind = gj_schema_lookup (kind_name);
  if (kind == NULL)
    return;
  rec = gj_store_get (store, kind, id, &error);
  if (rec == NULL)
    {
      /* Gone already: nothing to delete. */
      if (!g_error_matches (error, GJ_DATA_ERROR, GJ_DATA_ERROR_NOT_FOUND))
        gj_window_add_toast (self, gj_toast_new_text (error->message));
      return;
    }

  d = g_new0 (DeleteData, 1);
  d->self = g_object_ref (self);
  d->kind = kind;
  d->id = g_strdup (id);
  d->title = gj_format_record_title (store, rec);

  dialog = adw_message_dialog_new (asking_window (self), NULL, NULL);
  /* TRANSLATORS: %s is a kind of record, then its name */
  adw_message_dialog_format_heading (ADW_MESSAGE_DIALOG (dialog), _("Delete %s “%s”?"),
                                     _(kind->label), d->title);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog),
                               _("It disappears from every list. You can undo this right "
                                 "after, and colleagues’ copies will delete it too when they "
                                 "sync."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "delete", _("_Delete"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "delete",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_data (dialog, "response", G_CALLBACK (delete_response_cb), d,
                         (GClosureNotify) (void (*) (void)) delete_data_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

void
gj_window_class_install_actions (GtkWidgetClass *widget_class)
{
  gtk_widget_class_install_action (widget_class, "win.show-page", "s", show_page_action);
  gtk_widget_class_install_action (widget_class, "win.show-kind", "s", show_kind_action);
  gtk_widget_class_install_action (widget_class, "win.new-record", NULL, new_record_action);
  gtk_widget_class_install_action (widget_class, "win.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "win.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "win.print", NULL, print_action);
  gtk_widget_class_install_action (widget_class, "win.undo", NULL, undo_action);
  gtk_widget_class_install_action (widget_class, "win.undo-entry", "u", undo_entry_action);
  gtk_widget_class_install_action (widget_class, "win.toast", "s", toast_action);
  gtk_widget_class_install_action (widget_class, "win.delete-record", "(ss)", delete_record_action);

  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_n, GDK_CONTROL_MASK,
                                       "win.new-record", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_f, GDK_CONTROL_MASK,
                                       "win.search", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Left, GDK_ALT_MASK, "win.back", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_p, GDK_CONTROL_MASK,
                                       "win.print", NULL);
  /* A text field with the focus takes Ctrl+Z first, for its own text. */
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_z, GDK_CONTROL_MASK,
                                       "win.undo", NULL);
}
