/* gj-trash-page.c: Recently Deleted, the records one click brings back
 *
 * Every record deleted in the last GJ_DELETED_MAX_DAYS days, on this
 * laptop or on a colleague's (their deletes arrive by sync), newest first:
 * its kind, its name, when and on which device, and a Restore button. The
 * list is read off the main thread (gj_store_list_deleted()) and again
 * after every write, since a delete anywhere adds a row and a restore
 * takes one away. It is bounded (GJ_DELETED_MAX_ITEMS), so a boxed list of
 * rows is enough.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-trash-page"

#include "config.h"

#include <glib/gi18n.h>

#include "gj-deleted.h"
#include "gj-format.h"
#include "gj-gtk-compat.h"
#include "gj-trash-page.h"

struct _GjTrashPage
{
  AdwBin        parent_instance;

  GjSession    *session;
  GCancellable *cancellable;
  gulong        changed_id;

  GtkStack     *stack;
  GtkLabel     *summary_label;
  GtkListBox   *list;
};

G_DEFINE_FINAL_TYPE (GjTrashPage, gj_trash_page, ADW_TYPE_BIN)

/* In the reader's thread */

static gpointer
read_deleted (GjStore       *store,
              gpointer       data,
              GCancellable  *cancellable,
              GError       **error)
{
  gint64 since = g_get_real_time () / G_USEC_PER_SEC - GJ_DELETED_MAX_DAYS * 24 * 3600;

  return gj_store_list_deleted (store, since, GJ_DELETED_MAX_ITEMS, error);
}

/* Main thread */

static GtkWidget *
make_row (const GjDeletedItem *item)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_Restore"));
  g_autofree char *where = gj_deleted_item_describe (item);
  /* TRANSLATORS: a deleted record's kind, then when and where it was deleted */
  g_autofree char *subtitle = g_strdup_printf (_("%s · deleted %s"), _(item->kind->label), where);
  g_autofree char *tooltip = g_strdup_printf (_("Restore “%s”"), item->title);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), item->title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_name (row, item->id);

  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (button, tooltip);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "trash.restore");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "(ss)", item->kind->name, item->id);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  return row;
}

static void
show_items (GjTrashPage *self,
            GPtrArray   *items)
{
  g_autofree char *summary = NULL;

  gj_list_box_remove_all (self->list);
  for (guint i = 0; i < items->len; i++)
    gtk_list_box_append (self->list, make_row (g_ptr_array_index (items, i)));
  summary = g_strdup_printf (ngettext ("%u record deleted in the last %d days, newest first.",
                                       "%u records deleted in the last %d days, newest first.",
                                       items->len),
                             items->len, GJ_DELETED_MAX_DAYS);
  gtk_label_set_label (self->summary_label, summary);
  gtk_stack_set_visible_child_name (self->stack, items->len > 0 ? "list" : "empty");
}

static void
deleted_read_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GjTrashPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = gj_reader_run_finish (GJ_READER (source), result, &error);

  if (items == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", error->message);
      return;
    }
  show_items (self, items);
}

static void
reload (GjTrashPage *self)
{
  if (self->session == NULL)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  gj_reader_run_async (gj_session_get_reader (self->session), read_deleted, NULL, NULL,
                       (GDestroyNotify) g_ptr_array_unref, self->cancellable, deleted_read_cb,
                       g_object_ref (self));
}

static void
session_changed_cb (GjSession   *session,
                    const char  *kind_name,
                    GjTrashPage *self)
{
  /* Unmapped, it reads again when shown. */
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    reload (self);
}

static void
gj_trash_page_map (GtkWidget *widget)
{
  GjTrashPage *self = GJ_TRASH_PAGE (widget);

  GTK_WIDGET_CLASS (gj_trash_page_parent_class)->map (widget);
  /* Deletes that came by sync say nothing to the session: read again on
   * every visit. */
  reload (self);
}

/* Actions */

static void
restore_action (GtkWidget  *widget,
                const char *action,
                GVariant   *param)
{
  GjTrashPage *self = GJ_TRASH_PAGE (widget);
  const char *kind_name, *id;
  const GjKind *kind;
  g_autoptr(GError) error = NULL;
  g_autoptr(GjRecord) rec = NULL;
  g_autofree char *title = NULL;
  g_autofree char *text = NULL;

  g_variant_get (param, "(&s&s)", &kind_name, &id);
  if ((kind = gj_schema_lookup (kind_name)) == NULL)
    return;
  if ((rec = gj_store_get (gj_session_get_store (self->session), kind, id, &error)) == NULL ||
      !gj_session_undelete (self->session, kind, id, &error))
    {
      gtk_widget_activate_action (widget, "win.toast", "s", error->message);
      return;
    }
  title = gj_format_record_title (gj_session_get_store (self->session), rec);
  /* TRANSLATORS: a toast after restoring a deleted record, %s is its name */
  text = g_strdup_printf (_("“%s” restored"), title);
  gtk_widget_activate_action (widget, "win.toast", "s", text);
}

/* Public */

void
gj_trash_page_set_session (GjTrashPage *self,
                           GjSession   *session)
{
  g_return_if_fail (GJ_IS_TRASH_PAGE (self));
  g_return_if_fail (self->session == NULL);

  self->session = g_object_ref (session);
  self->changed_id = g_signal_connect (session, "changed", G_CALLBACK (session_changed_cb), self);
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    reload (self);
}

static void
gj_trash_page_dispose (GObject *object)
{
  GjTrashPage *self = GJ_TRASH_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->session != NULL)
    g_clear_signal_handler (&self->changed_id, self->session);
  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (object), GJ_TYPE_TRASH_PAGE);
  G_OBJECT_CLASS (gj_trash_page_parent_class)->dispose (object);
}

static void
gj_trash_page_class_init (GjTrashPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = gj_trash_page_dispose;
  widget_class->map = gj_trash_page_map;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/cn/gongjian/Gongjian/gj-trash-page.ui");
  gtk_widget_class_bind_template_child (widget_class, GjTrashPage, stack);
  gtk_widget_class_bind_template_child (widget_class, GjTrashPage, summary_label);
  gtk_widget_class_bind_template_child (widget_class, GjTrashPage, list);

  gtk_widget_class_install_action (widget_class, "trash.restore", "(ss)", restore_action);
}

static void
gj_trash_page_init (GjTrashPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
