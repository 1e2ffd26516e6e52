/* gj-preferences-window.c: indicator targets and other preferences
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-preferences-window"

#include "config.h"

#include <glib/gi18n.h>

#include "gj-backup.h"
#include "gj-preferences-window.h"

struct _GjPreferencesWindow
{
  AdwPreferencesWindow  parent_instance;

  GSettings            *settings;

  GtkSpinButton        *orgs_urban;
  GtkSpinButton        *orgs_rural;
  GtkSpinButton        *teams;
  GtkSpinButton        *workers;
  GtkSpinButton        *certified;
  GtkSpinButton        *fulltime;
  GtkSpinButton        *share;
  GtkSpinButton        *new_orgs;
  AdwActionRow         *current_row;
  AdwEntryRow          *database_row;
  AdwActionRow         *backup_row;
  GtkSwitch            *strip_location_switch;
  GtkSpinButton        *fetch_limit_spin;

  char                 *database_path;
  GCancellable         *cancellable;
};

G_DEFINE_FINAL_TYPE (GjPreferencesWindow, gj_preferences_window, ADW_TYPE_PREFERENCES_WINDOW)

static const char *target_keys[] = {
  "target-orgs-urban", "target-orgs-rural", "target-teams", "target-workers",
  "target-certified-per-10k", "target-fulltime-per-10k", "target-fulltime-certified-share",
  "target-new-orgs",
};

static void
reset_targets_action (GtkWidget  *widget,
                      const char *action,
                      GVariant   *param)
{
  GjPreferencesWindow *self = GJ_PREFERENCES_WINDOW (widget);

  for (guint i = 0; i < G_N_ELEMENTS (target_keys); i++)
    g_settings_reset (self->settings, target_keys[i]);
}

/* Backups */

static void
show_latest_backup (GjPreferencesWindow *self)
{
  g_autoptr(GjBackup) latest = gj_backup_latest (self->database_path);
  g_autofree char *date = latest ? gj_backup_format_date (latest) : NULL;

  adw_action_row_set_subtitle (self->backup_row, date ? date : _("No backup yet"));
}

static void
say (GjPreferencesWindow *self,
     const char          *heading,
     const char          *body)
{
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (self), heading, body);

  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
backup_thread (GTask        *task,
               gpointer      source,
               gpointer      task_data,
               GCancellable *cancellable)
{
  GError *error = NULL;
  g_autoptr(GjStore) store = gj_store_open (task_data, &error);
  GjBackup *backup = store ? gj_backup_make (store, NULL, &error) : NULL;

  if (backup == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, backup, (GDestroyNotify) gj_backup_free);
}

static void
backup_done_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  GjPreferencesWindow *self = GJ_PREFERENCES_WINDOW (source);
  g_autoptr(GError) error = NULL;
  g_autoptr(GjBackup) backup = g_task_propagate_pointer (G_TASK (result), &error);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "prefs.backup-now", TRUE);
  if (backup == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        say (self, _("No Backup Was Made"), error->message);
      return;
    }
  show_latest_backup (self);
}

static void
backup_now_action (GtkWidget  *widget,
                   const char *action,
                   GVariant   *param)
{
  GjPreferencesWindow *self = GJ_PREFERENCES_WINDOW (widget);
  g_autoptr(GTask) task = g_task_new (self, self->cancellable, backup_done_cb, NULL);

  g_task_set_source_tag (task, backup_now_action);
  g_task_set_task_data (task, g_strdup (self->database_path), g_free);
  gtk_widget_action_set_enabled (widget, "prefs.backup-now", FALSE);
  g_task_run_in_thread (task, backup_thread);
}

static void
quit_response_cb (AdwMessageDialog *dialog,
                  const char       *response,
                  gpointer          user_data)
{
  g_application_quit (g_application_get_default ());
}

static void
restore_thread (GTask        *task,
                gpointer      source,
                gpointer      task_data,
                GCancellable *cancellable)
{
  GjPreferencesWindow *self = source;
  GError *error = NULL;
  char *moved = NULL;

  if (!gj_backup_restore (self->database_path, task_data, &moved, &error))
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, moved ? moved : g_strdup (""), g_free);
}

static void
restore_done_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  GjPreferencesWindow *self = GJ_PREFERENCES_WINDOW (source);
  g_autoptr(GError) error = NULL;
  g_autofree char *moved = g_task_propagate_pointer (G_TASK (result), &error);
  g_autofree char *body = NULL;
  GtkWidget *dialog;

  if (moved == NULL)
    {
      say (self, _("Nothing Was Restored"), error->message);
      return;
    }
  /* The open connections still point at the file that was moved aside:
   * the app must start again to read the restored one, so it closes
   * now, as the dialog says, whichever way the dialog is answered. */
  body = moved[0] != '\0'
    ? g_strdup_printf (_("The backup is now the database. The file it replaced was kept as "
                         "“%s”. Gongjian closes now; start it again to work with the restored "
                         "records, then sync to get back what others changed since."), moved)
    : g_strdup (_("The backup is now the database. Gongjian closes now; start it again to "
                  "work with the restored records, then sync to get back what others changed "
                  "since."));
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Backup Restored"), body);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "quit", _("_Close Gongjian"));
  g_signal_connect (dialog, "response", G_CALLBACK (quit_response_cb), NULL);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
restore_response_cb (AdwMessageDialog *dialog,
                     const char       *response,
                     gpointer          user_data)
{
  GjPreferencesWindow *self = GJ_PREFERENCES_WINDOW (user_data);
  GtkDropDown *choice = GTK_DROP_DOWN (adw_message_dialog_get_extra_child (dialog));
  GPtrArray *list = g_object_get_data (G_OBJECT (dialog), "backups");
  guint pos = gtk_drop_down_get_selected (choice);
  g_autoptr(GTask) task = NULL;
  GjBackup *b;

  if (!g_str_equal (response, "restore") || pos >= list->len)
    return;
  b = g_ptr_array_index (list, pos);
  task = g_task_new (self, NULL, restore_done_cb, NULL);
  g_task_set_source_tag (task, restore_response_cb);
  g_task_set_task_data (task, g_strdup (b->path), g_free);
  g_task_run_in_thread (task, restore_thread);
}

static void
restore_action (GtkWidget  *widget,
                const char *action,
                GVariant   *param)
{
  GjPreferencesWindow *self = GJ_PREFERENCES_WINDOW (widget);
  g_autoptr(GPtrArray) list = gj_backup_list (self->database_path);
  g_autoptr(GtkStringList) dates = gtk_string_list_new (NULL);
  GtkWidget *dialog;
  GtkWidget *choice;

  if (list->len == 0)
    {
      say (self, _("No Backup Yet"),
           _("There is no backup of this database to restore. “Back Up Now” makes one."));
      return;
    }
  for (guint i = 0; i < list->len; i++)
    {
      g_autofree char *date = gj_backup_format_date (g_ptr_array_index (list, i));

      gtk_string_list_append (dates, date);
    }
  dialog = adw_message_dialog_new (GTK_WINDOW (self), _("Restore a Backup?"),
                                   _("The records go back to the day of the backup you "
                                     "choose. The current file is not deleted but kept beside "
                                     "it. Gongjian then closes; start it again and sync to "
                                     "get back what others changed since."));
  choice = gtk_drop_down_new (G_LIST_MODEL (g_steal_pointer (&dates)), NULL);
  adw_message_dialog_set_extra_child (ADW_MESSAGE_DIALOG (dialog), choice);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "restore", _("_Restore"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "restore",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "backups", g_steal_pointer (&list),
                          (GDestroyNotify) g_ptr_array_unref);
  g_signal_connect (dialog, "response", G_CALLBACK (restore_response_cb), self);
  gtk_window_present (GTK_WINDOW (dialog));
}

GjPreferencesWindow *
gj_preferences_window_new (GSettings  *settings,
                           const char *database_path)
{
  GjPreferencesWindow *self;
  GtkSpinButton *spins[G_N_ELEMENTS (target_keys)];

  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (GJ_TYPE_PREFERENCES_WINDOW, NULL);
  self->settings = g_object_ref (settings);

  spins[0] = self->orgs_urban;
  spins[1] = self->orgs_rural;
  spins[2] = self->teams;
  spins[3] = self->workers;
  spins[4] = self->certified;
  spins[5] = self->fulltime;
  spins[6] = self->share;
  spins[7] = self->new_orgs;
  for (guint i = 0; i < G_N_ELEMENTS (target_keys); i++)
    {
      GtkWidget *row = gtk_widget_get_ancestor (GTK_WIDGET (spins[i]), ADW_TYPE_ACTION_ROW);

      g_settings_bind (settings, target_keys[i], spins[i], "value", G_SETTINGS_BIND_DEFAULT);
      if (row != NULL)
        gtk_accessible_update_relation (GTK_ACCESSIBLE (spins[i]), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                        row, NULL, -1);
    }
  g_settings_bind (settings, "database-path", self->database_row, "text", G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "attachments-strip-location", self->strip_location_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  g_settings_bind (settings, "attachments-fetch-limit-mb", self->fetch_limit_spin, "value",
                   G_SETTINGS_BIND_DEFAULT);
  adw_action_row_set_subtitle (self->current_row, database_path);
  self->database_path = g_strdup (database_path);
  show_latest_backup (self);
  return self;
}

static void
gj_preferences_window_dispose (GObject *object)
{
  GjPreferencesWindow *self = GJ_PREFERENCES_WINDOW (object);

  g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (object), GJ_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->database_path, g_free);
  G_OBJECT_CLASS (gj_preferences_window_parent_class)->dispose (object);
}

static void
gj_preferences_window_class_init (GjPreferencesWindowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = gj_preferences_window_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/cn/gongjian/Gongjian/gj-preferences-window.ui");
  gtk_widget_class_bind_template_child (widget_class, GjPreferencesWindow, orgs_urban);
  gtk_widget_class_bind_template_child (widget_class, GjPreferencesWindow, orgs_rural);
  gtk_widget_class_bind_template_child (widget_class, GjPreferencesWindow, teams);
  gtk_widget_class_bind_template_child (widget_class, GjPreferencesWindow, workers);
  gtk_widget_class_bind_template_child (widget_class, GjPreferencesWindow, certified);
  gtk_widget_class_bind_template_child (widget_class, GjPreferencesWindow, fulltime);
  gtk_widget_class_bind_template_child (widget_class, GjPreferencesWindow, share);
  gtk_widget_class_bind_template_child (widget_class, GjPreferencesWindow, new_orgs);
  gtk_widget_class_bind_template_child (widget_class, GjPreferencesWindow, current_row);
  gtk_widget_class_bind_template_child (widget_class, GjPreferencesWindow, database_row);
  gtk_widget_class_bind_template_child (widget_class, GjPreferencesWindow, backup_row);
  gtk_widget_class_bind_template_child (widget_class, GjPreferencesWindow, strip_location_switch);
  gtk_widget_class_bind_template_child (widget_class, GjPreferencesWindow, fetch_limit_spin);
  gtk_widget_class_install_action (widget_class, "prefs.backup-now", NULL, backup_now_action);
  gtk_widget_class_install_action (widget_class, "prefs.restore", NULL, restore_action);
  gtk_widget_class_install_action (widget_class, "prefs.reset-targets", NULL, reset_targets_action);
}

static void
gj_preferences_window_init (GjPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
}
