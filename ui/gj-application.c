/* gj-application.c: the desktop application
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-application"

#include "config.h"

#include <glib/gi18n.h>

#include "gj-application.h"
#include "gj-store.h"
#include "gj-window.h"

struct _GjApplication
{
  AdwApplication  parent_instance;

  char           *db_path;
  GjStore        *store;
};

G_DEFINE_FINAL_TYPE (GjApplication, gj_application, ADW_TYPE_APPLICATION)

static void
gj_application_activate (GApplication *app)
{
  GjApplication *self = GJ_APPLICATION (app);
  GtkWindow *window = gtk_application_get_active_window (GTK_APPLICATION (app));
  g_autoptr(GError) error = NULL;

  if (window == NULL)
    {
      if (self->store == NULL)
        {
          g_autofree char *path = self->db_path ? g_strdup (self->db_path) : gj_store_default_path ();

          self->store = gj_store_open (path, &error);
          if (self->store == NULL)
            {
              /* The window cannot show records it cannot read; say why in a
               * dialog that the person can act on. */
              GtkWidget *dialog = adw_message_dialog_new (NULL, _("Cannot Open the Database"),
                                                          error->message);
              adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "close", _("_Close"));
              gtk_window_set_application (GTK_WINDOW (dialog), GTK_APPLICATION (app));
              gtk_window_present (GTK_WINDOW (dialog));
              return;
            }
        }
      window = GTK_WINDOW (gj_window_new (ADW_APPLICATION (app), self->store));
    }
  gtk_window_present (window);
}

static int
gj_application_handle_local_options (GApplication *app,
                                     GVariantDict *options)
{
  GjApplication *self = GJ_APPLICATION (app);
  const char *db = NULL;

  if (g_variant_dict_lookup (options, "db", "^&ay", &db))
    self->db_path = g_strdup (db);
  return -1;
}

static void
quit_activated (GSimpleAction *action,
                GVariant      *param,
                gpointer       user_data)
{
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
                         "comments", _("Records of a street social-work station: organizations, "
                                       "projects and co-building agreements"),
                         "license-type", GTK_LICENSE_GPL_3_0,
                         NULL);
}

static void
gj_application_startup (GApplication *app)
{
  static const GActionEntry entries[] = {
    { "quit", quit_activated, NULL, NULL, NULL, { 0 } },
    { "about", about_activated, NULL, NULL, NULL, { 0 } },
  };
  static const char *quit_accels[] = { "<Control>q", NULL };

  G_APPLICATION_CLASS (gj_application_parent_class)->startup (app);
  g_action_map_add_action_entries (G_ACTION_MAP (app), entries, G_N_ELEMENTS (entries), app);
  gtk_application_set_accels_for_action (GTK_APPLICATION (app), "app.quit", quit_accels);
}

static void
gj_application_finalize (GObject *object)
{
  GjApplication *self = GJ_APPLICATION (object);

  g_clear_object (&self->store);
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
  app_class->handle_local_options = gj_application_handle_local_options;
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
                       "flags", G_APPLICATION_NON_UNIQUE,
                       NULL);
}
