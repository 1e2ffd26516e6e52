/* gj-overview-page.c: the station at a glance
 *
 * Indicators per community against the targets of the preferences, the
 * three charts of DESIGN.md §6 and what falls due this week. Everything is
 * read in one job off the main thread and shown when it arrives.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-overview-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "gj-chart.h"
#include "gj-dates.h"
#include "gj-due.h"
#include "gj-format.h"
#include "gj-overview-figures.h"
#include "gj-overview-page.h"
#include "gj-record-editor.h"

#define DUE_LIMIT 12

typedef struct
{
  GjTargets   targets;
  int         year;
} Request;

typedef struct
{
  GPtrArray         *stats;              /* GjCommunityStats */
  GjOverviewFigures  figures;
  GPtrArray         *due[GJ_DUE_N_LISTS];       /* GjDueEntry */
  gint64             due_total[GJ_DUE_N_LISTS];
} Overview;

struct _GjOverviewPage
{
  AdwBin        parent_instance;

  GjSession    *session;
  GCancellable *cancellable;
  gulong        changed_id;
  gulong        settings_id;
  gboolean      dirty;

  GtkFlowBox   *tiles;
  GtkLabel     *targets_label;
  GtkGrid      *indicators;
  GtkFlowBox   *charts;
  GtkFlowBox   *due;
};

G_DEFINE_FINAL_TYPE (GjOverviewPage, gj_overview_page, ADW_TYPE_BIN)

static void
overview_free (Overview *o)
{
  g_clear_pointer (&o->stats, g_ptr_array_unref);
  for (guint i = 0; i < G_N_ELEMENTS (o->due); i++)
    g_clear_pointer (&o->due[i], g_ptr_array_unref);
  g_free (o);
}

/* In the reader's thread */

static gpointer
read_overview (GjStore       *store,
               gpointer       data,
               GCancellable  *cancellable,
               GError       **error)
{
  Request *req = data;
  Overview *o = g_new0 (Overview, 1);
  g_autofree char *today = gj_dates_today ();

  o->stats = gj_stats_compute (store, &req->targets, req->year, error);
  if (o->stats == NULL || !gj_overview_figures_compute (store, NULL, &o->figures, error))
    {
      overview_free (o);
      return NULL;
    }
  for (guint i = 0; i < GJ_DUE_N_LISTS; i++)
    if ((o->due[i] = gj_due_list (store, i, today, DUE_LIMIT, &o->due_total[i], error)) == NULL)
      {
        overview_free (o);
        return NULL;
      }
  return o;
}

/* Main thread */

static GtkWidget *
tile (const char *number,
      const char *caption,
      const char *page)
{
  GtkWidget *button = gtk_button_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *n = gtk_label_new (number);
  GtkWidget *c = gtk_label_new (caption);

  gtk_widget_add_css_class (n, "title-1");
  gtk_widget_add_css_class (n, "numeric");
  gtk_label_set_xalign (GTK_LABEL (n), 0);
  gtk_widget_add_css_class (c, "dim-label");
  gtk_label_set_xalign (GTK_LABEL (c), 0);
  gtk_label_set_wrap (GTK_LABEL (c), TRUE);
  gtk_box_append (GTK_BOX (box), n);
  gtk_box_append (GTK_BOX (box), c);
  gtk_button_set_child (GTK_BUTTON (button), box);
  gtk_widget_add_css_class (button, "card");
  gtk_widget_add_css_class (button, "gj-tile");
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "win.show-page");
  gtk_actionable_set_action_target (GTK_ACTIONABLE (button), "s", page);
  return button;
}

static void
clear_flow_box (GtkFlowBox *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (box))) != NULL)
    gtk_flow_box_remove (box, child);
}

static void
show_tiles (GjOverviewPage *self,
            Overview       *o)
{
  const GjOverviewFigures *f = &o->figures;
  struct { gint64 n; const char *caption; const char *page; } t[] = {
    { f->n_organizations, N_("Social organizations"), "organizations" },
    { f->n_incubating, N_("In incubation"), "incubation" },
    { f->n_projects, N_("Projects"), "projects" },
    { f->n_in_force, N_("Agreements in force"), "agreements" },
    { f->n_volunteers, N_("Volunteers"), "volunteers" },
  };

  clear_flow_box (self->tiles);
  for (guint i = 0; i < G_N_ELEMENTS (t); i++)
    {
      g_autofree char *n = g_strdup_printf ("%" G_GINT64_FORMAT, t[i].n);

      gtk_flow_box_append (self->tiles, tile (n, _(t[i].caption), t[i].page));
    }
}

static GtkWidget *
cell (const char *text,
      const char *css)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_set_margin_top (label, 8);
  gtk_widget_set_margin_bottom (label, 8);
  if (css != NULL)
    gtk_widget_add_css_class (label, css);
  return label;
}

static GtkWidget *
ratio_cell (guint     have,
            guint     target,
            gboolean  total)
{
  g_autofree char *text = g_strdup_printf (_("%u / %u"), have, target);
  GtkWidget *label = cell (text, "numeric");

  if (have < target && !total)
    {
      gtk_widget_add_css_class (label, "gj-shortfall");
      gtk_widget_set_tooltip_text (label, _("Below target"));
    }
  return label;
}

static GtkWidget *
rate_cell (double    have,
           double    target,
           gboolean  applies,
           gboolean  total)
{
  g_autofree char *text = NULL;
  GtkWidget *label;

  if (!applies)
    return cell ("—", "dim-label");
  text = g_strdup_printf (_("%.1f / %.0f"), have, target);
  label = cell (text, "numeric");
  if (have < target && !total)
    {
      gtk_widget_add_css_class (label, "gj-shortfall");
      gtk_widget_set_tooltip_text (label, _("Below target"));
    }
  return label;
}

static void
show_indicators (GjOverviewPage  *self,
                 Overview        *o,
                 const GjTargets *targets)
{
  const char *headers[] = {
    N_("Community"), N_("Status"), N_("Type"), N_("Organizations"), N_("Volunteer teams"),
    N_("Social workers"), N_("Certified per 10,000"), N_("Full-time per 10,000"),
  };
  GtkWidget *child;
  g_autofree char *targets_text = NULL;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->indicators))) != NULL)
    gtk_grid_remove (self->indicators, child);

  /* The status sits beside the community and long headers wrap, so that
   * both stay in sight in a window of 800 px without scrolling sideways. */
  for (guint c = 0; c < G_N_ELEMENTS (headers); c++)
    {
      GtkWidget *header = cell (_(headers[c]), "gj-column-header");

      gtk_label_set_wrap (GTK_LABEL (header), TRUE);
      gtk_label_set_max_width_chars (GTK_LABEL (header), 10);
      gtk_widget_set_valign (header, GTK_ALIGN_END);
      gtk_grid_attach (self->indicators, header, c, 0, 1, 1);
    }

  for (guint r = 0; r < o->stats->len; r++)
    {
      GjCommunityStats *s = g_ptr_array_index (o->stats, r);
      gboolean total = s->community_id == NULL;
      gboolean urban = g_strcmp0 (s->type, "rural") != 0;
      int row = r + 1;
      GtkWidget *name = cell (s->name, total ? "heading" : NULL);
      GtkWidget *status;
      const char *type = total ? "" : gj_format_enum_label (gj_schema_lookup ("community"), "type",
                                                            s->type);

      gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
      gtk_label_set_width_chars (GTK_LABEL (name), 8);
      gtk_grid_attach (self->indicators, name, 0, row, 1, 1);
      gtk_grid_attach (self->indicators, cell (type, "dim-label"), 2, row, 1, 1);
      gtk_grid_attach (self->indicators, ratio_cell (s->organizations, s->organizations_target, total),
                       3, row, 1, 1);
      gtk_grid_attach (self->indicators, ratio_cell (s->teams, s->teams_target, total), 4, row, 1, 1);
      gtk_grid_attach (self->indicators, ratio_cell (s->workers, s->workers_target, total), 5, row, 1, 1);
      gtk_grid_attach (self->indicators, rate_cell (s->certified_per_10k, s->certified_target, TRUE, total),
                       6, row, 1, 1);
      gtk_grid_attach (self->indicators, rate_cell (s->full_time_per_10k, targets->full_time_per_10k_urban,
                                                    urban && !total, total), 7, row, 1, 1);

      if (s->shortfalls == 0)
        {
          status = cell (_("Meets targets"), "success");
        }
      else
        {
          g_autofree char *text = g_strdup_printf (ngettext ("%u below target", "%u below target",
                                                             s->shortfalls), s->shortfalls);
          status = cell (text, total ? "warning" : "error");
        }
      gtk_grid_attach (self->indicators, status, 1, row, 1, 1);
      if (total)
        for (guint c = 0; c < G_N_ELEMENTS (headers); c++)
          {
            GtkWidget *w = gtk_grid_get_child_at (self->indicators, c, row);

            if (w != NULL)
              gtk_widget_add_css_class (w, "gj-total-row");
          }
    }

  targets_text = g_strdup_printf (_("Targets: %u organizations per urban community (%u rural), "
                                    "%u volunteer teams, %u social worker, %.0f certified "
                                    "social workers per 10,000 residents"),
                                  targets->orgs_per_urban_community,
                                  targets->orgs_per_rural_community, targets->teams_per_community,
                                  targets->workers_per_community, targets->certified_per_10k);
  gtk_label_set_label (self->targets_label, targets_text);
}

static GtkWidget *
chart_card (const char *title,
            GtkWidget  *chart)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *label = gtk_label_new (title);

  gtk_widget_add_css_class (box, "card");
  gtk_widget_add_css_class (box, "gj-chart-card");
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (box), label);
  gtk_box_append (GTK_BOX (box), chart);
  gtk_accessible_update_property (GTK_ACCESSIBLE (chart), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  return box;
}

static void
show_charts (GjOverviewPage *self,
             Overview       *o)
{
  const GjOverviewFigures *f = &o->figures;
  g_autoptr(GPtrArray) categories =
    gj_overview_figures_labels ("organization", "category", f->n_categories);
  g_autoptr(GPtrArray) stages =
    gj_overview_figures_labels ("incubation", "stage", f->n_stages);
  g_autoptr(GPtrArray) fundings =
    gj_overview_figures_labels ("project", "funding", f->n_fundings);
  g_autoptr(GPtrArray) texts = g_ptr_array_new_with_free_func (g_free);
  double values[GJ_FIGURES_MAX_VALUES], values2[GJ_FIGURES_MAX_VALUES];
  GtkWidget *chart;

  clear_flow_box (self->charts);

  for (guint i = 0; i < f->n_categories; i++)
    values[i] = f->by_category[i];
  chart = gj_chart_new (GJ_CHART_BARS);
  gj_chart_set_data (GJ_CHART (chart), f->n_categories, (const char *const *) categories->pdata,
                     values, NULL, NULL);
  gtk_flow_box_append (self->charts, chart_card (_("Organizations by Category"), chart));

  for (guint i = 0; i < f->n_stages; i++)
    values[i] = f->by_stage[i];
  chart = gj_chart_new (GJ_CHART_FUNNEL);
  gj_chart_set_data (GJ_CHART (chart), f->n_stages, (const char *const *) stages->pdata, values,
                     NULL, NULL);
  gtk_flow_box_append (self->charts, chart_card (_("Incubation Funnel"), chart));

  /* Sums are exact in fen; the chart only needs yuan. */
  for (guint i = 0; i < f->n_fundings; i++)
    {
      values[i] = f->gov_by_funding[i] / 100.0;
      values2[i] = f->social_by_funding[i] / 100.0;
      g_ptr_array_add (texts, gj_format_yuan_short (f->gov_by_funding[i] +
                                                    f->social_by_funding[i]));
    }
  chart = gj_chart_new (GJ_CHART_STACKED);
  gj_chart_set_series (GJ_CHART (chart), _("Government"), _("Leveraged social funds"));
  gj_chart_set_data (GJ_CHART (chart), f->n_fundings, (const char *const *) fundings->pdata,
                     values, values2, (const char *const *) texts->pdata);
  gtk_flow_box_append (self->charts, chart_card (_("Project Funds by Source"), chart));
}

static void
due_row_activated_cb (AdwActionRow   *row,
                      GjOverviewPage *self)
{
  gj_record_editor_open_stored (GTK_WIDGET (self), self->session,
                                g_object_get_data (G_OBJECT (row), "gj-kind"),
                                gtk_widget_get_name (GTK_WIDGET (row)));
}

static void
show_due (GjOverviewPage *self,
          Overview       *o)
{
  clear_flow_box (self->due);
  for (GjDueList i = 0; i < GJ_DUE_N_LISTS; i++)
    {
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
      GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *title = gtk_label_new (gj_due_list_title (i));
      g_autofree char *count = g_strdup_printf ("%" G_GINT64_FORMAT, o->due_total[i]);
      GtkWidget *badge = gtk_label_new (count);
      GtkWidget *list = gtk_list_box_new ();

      gtk_widget_set_valign (box, GTK_ALIGN_START);
      gtk_label_set_xalign (GTK_LABEL (title), 0);
      gtk_widget_set_hexpand (title, TRUE);
      gtk_widget_add_css_class (title, "heading");
      gtk_widget_add_css_class (badge, "gj-badge");
      gtk_box_append (GTK_BOX (header), title);
      gtk_box_append (GTK_BOX (header), badge);
      gtk_box_append (GTK_BOX (box), header);

      gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
      gtk_widget_add_css_class (list, "boxed-list");
      gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      gj_due_list_title (i), -1);
      for (guint r = 0; r < o->due[i]->len; r++)
        {
          GjDueEntry *d = g_ptr_array_index (o->due[i], r);
          GtkWidget *row = adw_action_row_new ();

          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), d->title);
          adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
          adw_action_row_set_subtitle (ADW_ACTION_ROW (row), d->subtitle);
          gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
          gtk_widget_set_name (row, d->id);
          g_object_set_data (G_OBJECT (row), "gj-kind", (gpointer) d->kind);
          if (d->overdue)
            {
              GtkWidget *icon = gtk_image_new_from_icon_name ("task-past-due-symbolic");

              gtk_widget_add_css_class (icon, "error");
              gtk_widget_set_tooltip_text (icon, _("Overdue"));
              gtk_accessible_update_property (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                              _("Overdue"), -1);
              adw_action_row_add_suffix (ADW_ACTION_ROW (row), icon);
              gtk_widget_add_css_class (row, "gj-overdue");
            }
          g_signal_connect (row, "activated", G_CALLBACK (due_row_activated_cb), self);
          gtk_list_box_append (GTK_LIST_BOX (list), row);
        }
      if (o->due[i]->len == 0)
        {
          GtkWidget *row = adw_action_row_new ();

          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), gj_due_list_empty (i));
          gtk_widget_add_css_class (row, "dim-label");
          gtk_list_box_append (GTK_LIST_BOX (list), row);
        }
      else if (o->due_total[i] > (gint64) o->due[i]->len)
        {
          GtkWidget *row = adw_action_row_new ();
          g_autofree char *more = g_strdup_printf (_("And %lld more"),
                                                   (long long) (o->due_total[i] - o->due[i]->len));

          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), more);
          gtk_widget_add_css_class (row, "dim-label");
          gtk_list_box_append (GTK_LIST_BOX (list), row);
        }
      gtk_box_append (GTK_BOX (box), list);
      gtk_flow_box_append (self->due, box);
    }
}

static void
overview_read_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GjOverviewPage) self = user_data;
  g_autoptr(GError) error = NULL;
  Overview *o = gj_reader_run_finish (GJ_READER (source), result, &error);
  GjTargets targets;

  if (o == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not read the overview: %s", error->message);
      return;
    }
  gj_session_get_targets (self->session, &targets);
  show_tiles (self, o);
  show_indicators (self, o, &targets);
  show_charts (self, o);
  show_due (self, o);
  overview_free (o);
}

static void
reload (GjOverviewPage *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  Request *req;

  if (self->session == NULL ||
      gj_store_get_street (gj_session_get_store (self->session)) == NULL)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();

  req = g_new0 (Request, 1);
  gj_session_get_targets (self->session, &req->targets);
  req->year = g_date_time_get_year (now);
  gj_reader_run_async (gj_session_get_reader (self->session), read_overview, req, g_free,
                       (GDestroyNotify) overview_free, self->cancellable, overview_read_cb,
                       g_object_ref (self));
}

static void
changed_cb (GjOverviewPage *self)
{
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    reload (self);
  else
    self->dirty = TRUE;
}

static void
gj_overview_page_map (GtkWidget *widget)
{
  GjOverviewPage *self = GJ_OVERVIEW_PAGE (widget);

  GTK_WIDGET_CLASS (gj_overview_page_parent_class)->map (widget);
  if (self->dirty)
    {
      self->dirty = FALSE;
      reload (self);
    }
}

void
gj_overview_page_set_session (GjOverviewPage *self,
                              GjSession      *session)
{
  g_return_if_fail (GJ_IS_OVERVIEW_PAGE (self));
  g_return_if_fail (self->session == NULL);

  self->session = g_object_ref (session);
  self->changed_id = g_signal_connect_swapped (session, "changed", G_CALLBACK (changed_cb), self);
  self->settings_id = g_signal_connect_swapped (gj_session_get_settings (session), "changed",
                                                G_CALLBACK (changed_cb), self);
  reload (self);
}

static void
gj_overview_page_dispose (GObject *object)
{
  GjOverviewPage *self = GJ_OVERVIEW_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->session != NULL)
    {
      g_clear_signal_handler (&self->changed_id, self->session);
      g_clear_signal_handler (&self->settings_id, gj_session_get_settings (self->session));
    }
  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (object), GJ_TYPE_OVERVIEW_PAGE);
  G_OBJECT_CLASS (gj_overview_page_parent_class)->dispose (object);
}

static void
gj_overview_page_class_init (GjOverviewPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = gj_overview_page_dispose;
  widget_class->map = gj_overview_page_map;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/cn/gongjian/Gongjian/gj-overview-page.ui");
  gtk_widget_class_bind_template_child (widget_class, GjOverviewPage, tiles);
  gtk_widget_class_bind_template_child (widget_class, GjOverviewPage, targets_label);
  gtk_widget_class_bind_template_child (widget_class, GjOverviewPage, indicators);
  gtk_widget_class_bind_template_child (widget_class, GjOverviewPage, charts);
  gtk_widget_class_bind_template_child (widget_class, GjOverviewPage, due);
}

static void
gj_overview_page_init (GjOverviewPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
