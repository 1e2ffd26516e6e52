/* gj-preferences-window.c: indicator targets and other preferences
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-preferences-window"

#include "config.h"

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
  adw_action_row_set_subtitle (self->current_row, database_path);
  return self;
}

static void
gj_preferences_window_dispose (GObject *object)
{
  GjPreferencesWindow *self = GJ_PREFERENCES_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (object), GJ_TYPE_PREFERENCES_WINDOW);
  g_clear_object (&self->settings);
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
  gtk_widget_class_install_action (widget_class, "prefs.reset-targets", NULL, reset_targets_action);
}

static void
gj_preferences_window_init (GjPreferencesWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
