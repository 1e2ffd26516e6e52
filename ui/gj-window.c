/* gj-window.c: the main window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-window"

#include "config.h"

#include <glib/gi18n.h>

#include "gj-demo.h"
#include "gj-resources.h"
#include "gj-stats.h"
#include "gj-window.h"

struct _GjWindow
{
  AdwApplicationWindow  parent_instance;

  GjStore              *store;

  AdwWindowTitle       *title;
  AdwToastOverlay      *toasts;
  GtkStack             *stack;
  GtkLabel             *summary;
  GtkListBox           *communities;
};

G_DEFINE_FINAL_TYPE (GjWindow, gj_window, ADW_TYPE_APPLICATION_WINDOW)

static char *
shortfall_text (const GjCommunityStats *s,
                const GjTargets        *targets)
{
  GString *out = g_string_new (NULL);

  if (s->organizations < s->organizations_target)
    g_string_append_printf (out, _("%u of %u organizations"), s->organizations, s->organizations_target);
  if (s->teams < s->teams_target)
    {
      if (out->len)
        g_string_append (out, _(", "));
      g_string_append_printf (out, _("%u of %u volunteer teams"), s->teams, s->teams_target);
    }
  if (s->workers < s->workers_target)
    {
      if (out->len)
        g_string_append (out, _(", "));
      g_string_append_printf (out, _("%u of %u social workers"), s->workers, s->workers_target);
    }
  if (s->certified_per_10k < s->certified_target)
    {
      if (out->len)
        g_string_append (out, _(", "));
      g_string_append_printf (out, _("%.1f of %.0f certified social workers per 10,000 residents"),
                              s->certified_per_10k, s->certified_target);
    }
  if (g_strcmp0 (s->type, "rural") != 0 && s->full_time_per_10k < targets->full_time_per_10k_urban)
    {
      if (out->len)
        g_string_append (out, _(", "));
      g_string_append_printf (out, _("%.1f of %.0f full-time community workers per 10,000 residents"),
                              s->full_time_per_10k, targets->full_time_per_10k_urban);
    }
  if (g_strcmp0 (s->type, "rural") != 0 && s->full_time > 0 &&
      s->full_time_certified_share < targets->full_time_certified_share)
    {
      if (out->len)
        g_string_append (out, _(", "));
      g_string_append_printf (out, _("%.0f%% of full-time workers certified (target %.0f%%)"),
                              s->full_time_certified_share * 100,
                              targets->full_time_certified_share * 100);
    }
  if (s->community_id == NULL && s->new_orgs_this_year < targets->new_orgs_per_year_min)
    {
      if (out->len)
        g_string_append (out, _(", "));
      g_string_append_printf (out, _("%u new organizations this year (target %u)"),
                              s->new_orgs_this_year, targets->new_orgs_per_year_min);
    }
  return g_string_free (out, FALSE);
}

static void
refresh (GjWindow *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) stats = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GjRecord) street = NULL;
  g_autofree char *summary = NULL;
  GtkWidget *child;
  GjTargets targets;
  gint64 n_orgs, n_projects, n_agreements;

  if (gj_store_get_street (self->store) == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "welcome");
      return;
    }

  street = gj_store_get (self->store, gj_schema_lookup ("street"), gj_store_get_street (self->store), NULL);
  if (street != NULL)
    adw_window_title_set_subtitle (self->title, gj_record_get_title (street));

  n_orgs = gj_store_count (self->store, gj_schema_lookup ("organization"), NULL, NULL);
  n_projects = gj_store_count (self->store, gj_schema_lookup ("project"), NULL, NULL);
  n_agreements = gj_store_count (self->store, gj_schema_lookup ("agreement"), NULL, NULL);
  summary = g_strdup_printf (_("%lld social organizations, %lld projects, %lld co-building agreements"),
                             (long long) n_orgs, (long long) n_projects, (long long) n_agreements);
  gtk_label_set_label (self->summary, summary);

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->communities))))
    gtk_list_box_remove (self->communities, child);

  gj_targets_init_defaults (&targets);
  stats = gj_stats_compute (self->store, &targets, g_date_time_get_year (now), &error);
  if (stats == NULL)
    {
      adw_toast_overlay_add_toast (self->toasts, adw_toast_new (error->message));
      return;
    }
  for (guint i = 0; i < stats->len; i++)
    {
      GjCommunityStats *s = g_ptr_array_index (stats, i);
      g_autofree char *missing = shortfall_text (s, &targets);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *badge;

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), s->name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   missing[0] ? missing : _("All indicators meet their targets"));
      badge = gtk_image_new_from_icon_name (s->shortfalls ? "dialog-warning-symbolic"
                                                          : "emblem-ok-symbolic");
      gtk_widget_add_css_class (badge, s->shortfalls ? "warning" : "success");
      gtk_accessible_update_property (GTK_ACCESSIBLE (badge), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      s->shortfalls ? _("Below target") : _("Meets targets"), -1);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), badge);
      gtk_list_box_append (self->communities, row);
    }
  gtk_stack_set_visible_child_name (self->stack, "overview");
}

static void
load_demo (GtkWidget  *widget,
           const char *action,
           GVariant   *param)
{
  GjWindow *self = GJ_WINDOW (widget);
  g_autoptr(GError) error = NULL;
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  GDate today;

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
  if (!gj_demo_load (self->store, 2024, &today, &error))
    {
      adw_toast_overlay_add_toast (self->toasts, adw_toast_new (error->message));
      return;
    }
  refresh (self);
}

static void
gj_window_dispose (GObject *object)
{
  GjWindow *self = GJ_WINDOW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), GJ_TYPE_WINDOW);
  g_clear_object (&self->store);
  G_OBJECT_CLASS (gj_window_parent_class)->dispose (object);
}

static void
gj_window_class_init (GjWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gj_window_dispose;

  /* The resource lives in a static library, where a constructor that
   * registered it on load would be dropped by the linker. */
  gj_register_resource ();

  gtk_widget_class_set_template_from_resource (widget_class, "/cn/gongjian/Gongjian/gj-window.ui");
  gtk_widget_class_bind_template_child (widget_class, GjWindow, title);
  gtk_widget_class_bind_template_child (widget_class, GjWindow, toasts);
  gtk_widget_class_bind_template_child (widget_class, GjWindow, stack);
  gtk_widget_class_bind_template_child (widget_class, GjWindow, summary);
  gtk_widget_class_bind_template_child (widget_class, GjWindow, communities);
  gtk_widget_class_install_action (widget_class, "win.load-demo", NULL, load_demo);
}

static void
gj_window_init (GjWindow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GjWindow *
gj_window_new (AdwApplication *app,
               GjStore        *store)
{
  GjWindow *self = g_object_new (GJ_TYPE_WINDOW, "application", app, NULL);

  self->store = g_object_ref (store);
  refresh (self);
  return self;
}
