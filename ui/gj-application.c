/* gj-application.c: the desktop application
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-application"

#include "config.h"

#include <glib/gi18n.h>
#include <locale.h>

#include "gj-application.h"
#include "gj-backup.h"
#include "gj-preferences-window.h"
#include "gj-resources.h"
#include "gj-store.h"
#include "gj-tooltips.h"
#include "gj-window-pages.h"
#include "gj-window.h"

struct _GjApplication
{
  AdwApplication  parent_instance;

  char           *db_path;
  GSettings      *settings;
  GjSession      *session;
};

G_DEFINE_FINAL_TYPE (GjApplication, gj_application, ADW_TYPE_APPLICATION)

void
gj_application_init_i18n (void)
{
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE,
                  g_strcmp0 (g_getenv ("GJ_UNINSTALLED"), "1") == 0 ? BUILD_LOCALEDIR : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
}

gboolean
gj_application_check_schema (char **message)
{
  GSettingsSchemaSource *source = g_settings_schema_source_get_default ();
  g_autoptr(GSettingsSchema) schema =
    source ? g_settings_schema_source_lookup (source, APP_ID, TRUE) : NULL;

  if (schema != NULL)
    return TRUE;
  if (message != NULL)
    *message = g_strdup_printf (_("gongjian: the settings schema %s is not installed (install "
                                  "Gongjian, or run it from the build with "
                                  "GSETTINGS_SCHEMA_DIR=BUILD/app/share)"), APP_ID);
  return FALSE;
}

static char *
database_path (GjApplication *self)
{
  g_autofree char *configured = NULL;

  if (self->db_path != NULL)
    return g_strdup (self->db_path);
  configured = g_settings_get_string (self->settings, "database-path");
  if (configured != NULL && configured[0] != '\0')
    return g_steal_pointer (&configured);
  return gj_store_default_path ();
}

/* After open: the integrity check and the daily backup, on a connection
 * of their own in a worker, since both read the whole file. */
static void
check_thread (GTask        *task,
              gpointer      source,
              gpointer      task_data,
              GCancellable *cancellable)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GjStore) store = gj_store_open (task_data, &error);

  if (store != NULL && gj_store_check (store, &error))
    gj_backup_make_if_due (store, NULL, NULL, &error);
  if (store != NULL && gj_store_is_damaged (store))
    {
      /* The reason for the main connection, then the words for people. */
      char **result = g_new0 (char *, 3);

      result[0] = g_strdup (gj_store_get_damage (store));
      result[1] = g_strdup (error ? error->message : result[0]);
      g_task_return_pointer (task, result, (GDestroyNotify) g_strfreev);
    }
  else
    {
      /* A backup that could not be made is not a reason to stop work. */
      if (error != NULL)
        g_message ("No backup was made today: %s", error->message);
      g_task_return_pointer (task, NULL, NULL);
    }
}

static void
check_done_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  GjApplication *self = GJ_APPLICATION (source);
  g_auto(GStrv) damage = g_task_propagate_pointer (G_TASK (result), NULL);
  GtkWindow *parent;
  GtkWidget *dialog;

  if (damage == NULL || self->session == NULL)
    return;
  /* The main connection refuses writes from now on; its message says what
   * to do, and the dialog says it now rather than at the next edit. */
  gj_store_mark_damaged (gj_session_get_store (self->session), damage[0]);
  parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  dialog = adw_message_dialog_new (parent, _("The Database Is Damaged"), damage[1]);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
start_check (GjApplication *self)
{
  g_autoptr(GTask) task = g_task_new (self, NULL, check_done_cb, NULL);

  g_task_set_source_tag (task, start_check);
  g_task_set_task_data (task, g_strdup (gj_store_get_path (gj_session_get_store (self->session))),
                        g_free);
  g_task_run_in_thread (task, check_thread);
}

/* The sync decides which files come with it from the database's meta
 * "files.fetch_limit", which its worker connections read; Preferences sets
 * the limit in GSettings. Mirrored at start and whenever it changes. */
static void
mirror_fetch_limit (GjApplication *self)
{
  GjStore *store = gj_session_get_store (self->session);
  guint mb = g_settings_get_uint (self->settings, "attachments-fetch-limit-mb");
  g_autofree char *bytes = g_strdup_printf ("%" G_GINT64_FORMAT, (gint64) mb * 1024 * 1024);
  g_autofree char *stored = gj_store_get_meta (store, "files.fetch_limit");
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (stored, bytes) != 0 && !gj_store_set_meta (store, "files.fetch_limit", bytes,
                                                            &error))
    g_message ("The download limit for files is not saved in the database: %s", error->message);
}

static void
gj_application_activate (GApplication *app)
{
  GjApplication *self = GJ_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));

  if (window == NULL)
    {
      if (self->session == NULL)
        {
          g_autofree char *path = database_path (self);
          g_autoptr(GError) error = NULL;
          g_autoptr(GjStore) store = gj_store_open (path, &error);

          if (store == NULL)
            {
              /* The window cannot show records it cannot read; say why in
               * a dialog that the person can act on. */
              GtkWidget *dialog = adw_message_dialog_new (NULL, _("Cannot Open the Database"),
                                                          error->message);

              adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
              gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (app));
              gtk_window_present (GTK_WINDOW (dialog));
              return;
            }
          self->session = gj_session_new (store, self->settings);
          mirror_fetch_limit (self);
          g_signal_connect_object (self->settings, "changed::attachments-fetch-limit-mb",
                                   G_CALLBACK (mirror_fetch_limit), self, G_CONNECT_SWAPPED);
          if (!g_str_equal (path, ":memory:"))
            start_check (self);
        }
      window = GTK_WINDOW (gj_window_new (ADW_APPLICATION (app), self->session));
    }
  gtk_window_present (window);
}

static int
gj_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  GjApplication *self = GJ_APPLICATION (app);
  const char *db = NULL;

  if (g_variant_dict_lookup (options, "db", "^&ay", &db) && db[0] != '\0')
    {
      g_free (self->db_path);
      self->db_path = g_canonicalize_filename (db, NULL);
    }
  return -1;
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *param,
                gpointer       user_data)
{
  GList *windows = gtk_application_get_windows (GTK_APPLICATION (user_data));

  /* Closing lets each window save its size first. */
  for (GList *l = windows; l != NULL;)
    {
      GtkWindow *w = l->data;

      l = l->next;
      gtk_window_close (w);
    }
  g_application_quit (G_APPLICATION (user_data));
}

static void
about_activated (GSimpleAction *action,
                 GVariant      *param,
                 gpointer       user_data)
{
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (user_data));

  adw_show_about_window (parent,
                         "application-name", _("Gongjian"),
                         "application-icon", APP_ID,
                         "version", PACKAGE_VERSION,
                         "comments", _("Records of a street social-work station: social "
                                       "organizations and their incubation, the five-society "
                                       "linkage project library, co-building agreements and "
                                       "volunteers"),
                         "license-type", GTK_LICENSE_GPL_3_0,
                         "developer-name", _("The Gongjian developers"),
                         "translator-credits", _("translator-credits"),
                         NULL);
}

static void
preferences_activated (GSimpleAction *action,
                       GVariant      *param,
                       gpointer       user_data)
{
  GjApplication *self = GJ_APPLICATION (user_data);
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (self));
  g_autofree char *path = self->session
    ? g_strdup (gj_store_get_path (gj_session_get_store (self->session))) : database_path (self);
  GjPreferencesWindow *prefs = gj_preferences_window_new (self->settings, path);

  gtk_window_set_transient_for (GTK_WINDOW (prefs), parent);
  gtk_window_present (GTK_WINDOW (prefs));
}

static void
shortcuts_activated (GSimpleAction *action,
                     GVariant      *param,
                     gpointer       user_data)
{
  GtkWindow *parent = gtk_application_get_active_window (GTK_APPLICATION (user_data));
  g_autoptr(GtkBuilder) builder =
    gtk_builder_new_from_resource ("/cn/gongjian/Gongjian/gj-shortcuts-window.ui");
  GtkWindow *window = GTK_WINDOW (gtk_builder_get_object (builder, "shortcuts_window"));
  GObject *pages_shortcut = gtk_builder_get_object (builder, "pages_shortcut");
  guint n_pages;
  g_autofree char *accelerator = NULL;

  gj_window_pages_get (&n_pages);
  accelerator = g_strdup_printf ("<Alt>1...%u", n_pages);
  g_object_set (pages_shortcut, "accelerator", accelerator, NULL);
  gtk_window_set_transient_for (window, parent);
  gtk_window_present (window);
}

static void
gj_application_startup (GApplication *app)
{
  static const GActionEntry entries[] = {
    { "quit", quit_activated, NULL, NULL, NULL, { 0 } },
    { "about", about_activated, NULL, NULL, NULL, { 0 } },
    { "preferences", preferences_activated, NULL, NULL, NULL, { 0 } },
    { "shortcuts", shortcuts_activated, NULL, NULL, NULL, { 0 } },
  };
  static const struct { const char *action; const char *accels[3]; } accels[] = {
    { "app.quit", { "<Control>q", NULL } },
    { "app.preferences", { "<Control>comma", NULL } },
    { "app.shortcuts", { "<Control>question", NULL } },
  };
  GjApplication *self = GJ_APPLICATION (app);

  G_APPLICATION_CLASS (gj_application_parent_class)->startup (app);

  self->settings = g_settings_new (APP_ID);
  gj_tooltips_init ();
  g_action_map_add_action_entries (G_ACTION_MAP (app), entries, G_N_ELEMENTS (entries), app);
  for (guint i = 0; i < G_N_ELEMENTS (accels); i++)
    gtk_application_set_accels_for_action (GTK_APPLICATION (app), accels[i].action,
                                           accels[i].accels);
}

static void
gj_application_shutdown (GApplication *app)
{
  GjApplication *self = GJ_APPLICATION (app);

  g_clear_object (&self->session);
  G_APPLICATION_CLASS (gj_application_parent_class)->shutdown (app);
}

static void
gj_application_finalize (GObject *object)
{
  GjApplication *self = GJ_APPLICATION (object);

  g_clear_object (&self->session);
  g_clear_object (&self->settings);
  g_free (self->db_path);
  G_OBJECT_CLASS (gj_application_parent_class)->finalize (object);
}

static void
gj_application_class_init (GjApplicationClass *klass)
{
  GApplicationClass *app_class = G_APPLICATION_CLASS (klass);

  G_OBJECT_CLASS (klass)->finalize = gj_application_finalize;
  app_class->activate = gj_application_activate;
  app_class->startup = gj_application_startup;
  app_class->shutdown = gj_application_shutdown;
  app_class->handle_local_options = gj_application_handle_local_options;

  /* Before startup, so that AdwApplication finds style.css in it. */
  gj_register_resource ();
}

static void
gj_application_init (GjApplication *self)
{
  static const GOptionEntry options[] = {
    { "db", 0, 0, G_OPTION_ARG_FILENAME, NULL, N_("Database file (default: the app's own)"), N_("PATH") },
    { NULL }
  };

  g_application_add_main_option_entries (G_APPLICATION (self), options);
}

GjApplication *
gj_application_new (void)
{
  /* NON_UNIQUE: each database path is its own instance, and tests start
   * the app on temporary databases while a user's copy may be running. */
  return g_object_new (GJ_TYPE_APPLICATION,
                       "application-id", APP_ID,
                       "resource-base-path", "/cn/gongjian/Gongjian",
                       "flags", G_APPLICATION_NON_UNIQUE,
                       NULL);
}

void
gj_application_set_db_path (GjApplication *self,
                            const char    *path)
{
  g_return_if_fail (GJ_IS_APPLICATION (self));
  g_free (self->db_path);
  self->db_path = g_strdup (path);
}

GjSession *
gj_application_get_session (GjApplication *self)
{
  g_return_val_if_fail (GJ_IS_APPLICATION (self), NULL);
  return self->session;
}
