/* gj-overview-page.c: the station at a glance
 *
 * What needs doing first (what is overdue, what falls due this week and
 * the agreements ending within a month, each row opening its record, the
 * whole of a list one row away), then the station's figures, indicators
 * per community against the targets of the preferences and the three
 * charts of DESIGN.md §6. Everything is read in one job off the main
 * thread and shown when it arrives.
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

/* Rows of a due list shown on the page; the rest are one row away. Two
 * lists of this many fit above the fold of an 800×600 window. */
#define DUE_SHOWN 3
/* The narrowest a due list gets; wider windows fit two of them side by
 * side. */
#define DUE_COLUMN_WIDTH 380

typedef struct
{
  GjTargets   targets;
  int         year;
} Request;

typedef struct
{
  GPtrArray         *stats;              /* GjCommunityStats */
  GjOverviewFigures  figures;
  GPtrArray         *due[GJ_DUE_N_LISTS];       /* GjDueEntry, all of them */
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
  GtkLabel     *unassigned_label;
  GtkFlowBox   *charts;
  GtkFlowBox   *due;

  /* The due lists as last read, for the full list of each. */
  GPtrArray    *due_lists[GJ_DUE_N_LISTS];
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
    if ((o->due[i] = gj_due_list (store, i, today, error)) == NULL)
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
  const GjCommunityStats *street = g_ptr_array_index (o->stats, o->stats->len - 1);
  /* The organizations are the street's total of the indicators below,
   * those that name no community included; the incubations are the
   * funnel's stages from admitted to evaluating. */
  struct { gint64 n; const char *caption; const char *page; } t[] = {
    { street->organizations, N_("Social organizations"), "organizations" },
    { f->n_incubating, N_("Organizations in incubation"), "incubation" },
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

/* Why the street's total is more than its communities' rows add up to. */
static void
show_unassigned (GjOverviewPage         *self,
                 const GjCommunityStats *street)
{
  g_autofree char *note = gj_stats_unassigned_note (street);

  gtk_label_set_label (self->unassigned_label, note ? note : "");
  gtk_widget_set_visible (GTK_WIDGET (self->unassigned_label), note != NULL);
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
      gtk_grid_attach (self->indicators,
                       ratio_cell (s->organizations, s->organizations_target, total),
                       3, row, 1, 1);
      gtk_grid_attach (self->indicators, ratio_cell (s->teams, s->teams_target, total),
                       4, row, 1, 1);
      gtk_grid_attach (self->indicators, ratio_cell (s->workers, s->workers_target, total),
                       5, row, 1, 1);
      gtk_grid_attach (self->indicators,
                       rate_cell (s->certified_per_10k, s->certified_target, TRUE, total),
                       6, row, 1, 1);
      gtk_grid_attach (self->indicators,
                       rate_cell (s->full_time_per_10k, targets->full_time_per_10k_urban,
                                  urban && !total, total),
                       7, row, 1, 1);

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
  show_unassigned (self, g_ptr_array_index (o->stats, o->stats->len - 1));
}

static GtkWidget *
chart_card (const char *title,
            const char *caption,
            GtkWidget  *chart)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 12);
  GtkWidget *label = gtk_label_new (title);

  gtk_widget_add_css_class (box, "card");
  gtk_widget_add_css_class (box, "gj-chart-card");
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (box), label);
  if (caption != NULL)
    {
      GtkWidget *c = gtk_label_new (caption);

      gtk_label_set_xalign (GTK_LABEL (c), 0);
      gtk_label_set_wrap (GTK_LABEL (c), TRUE);
      gtk_widget_set_name (c, "caption");
      gtk_widget_add_css_class (c, "dim-label");
      gtk_widget_add_css_class (c, "caption");
      gtk_box_append (GTK_BOX (box), c);
    }
  gtk_box_append (GTK_BOX (box), chart);
  gtk_accessible_update_property (GTK_ACCESSIBLE (chart), GTK_ACCESSIBLE_PROPERTY_LABEL, title, -1);
  return box;
}

/* The tile's count of organizations in incubation, as the sum of the
 * funnel's bars that make it up. */
static char *
funnel_caption (const GjOverviewFigures *f)
{
  const GjField *stage = gj_kind_field (gj_schema_lookup ("incubation"), "stage");
  g_autoptr(GString) parts = g_string_new (NULL);

  for (guint i = 0; i < f->n_stages; i++)
    if (gj_overview_figures_is_incubating (stage->values[i].key))
      {
        if (parts->len > 0)
          g_string_append (parts, _(", "));
        /* TRANSLATORS: a stage of incubation and how many are in it */
        g_string_append_printf (parts, _("%s %lld"), _(stage->values[i].label),
                                (long long) f->by_stage[i]);
      }
  /* TRANSLATORS: "Organizations in incubation: 18 (admitted 6, incubating 6, evaluating 6)" */
  return g_strdup_printf (_("Organizations in incubation: %lld (%s)"),
                          (long long) f->n_incubating, parts->str);
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
  g_autofree char *caption = NULL;
  double values[GJ_FIGURES_MAX_VALUES], values2[GJ_FIGURES_MAX_VALUES];
  GtkWidget *chart;

  clear_flow_box (self->charts);

  for (guint i = 0; i < f->n_categories; i++)
    values[i] = f->by_category[i];
  chart = gj_chart_new (GJ_CHART_BARS);
  gj_chart_set_data (GJ_CHART (chart), f->n_categories, (const char *const *) categories->pdata,
                     values, NULL, NULL);
  gtk_flow_box_append (self->charts, chart_card (_("Organizations by Category"), NULL, chart));

  for (guint i = 0; i < f->n_stages; i++)
    values[i] = f->by_stage[i];
  chart = gj_chart_new (GJ_CHART_FUNNEL);
  gj_chart_set_data (GJ_CHART (chart), f->n_stages, (const char *const *) stages->pdata, values,
                     NULL, NULL);
  gtk_flow_box_append (self->charts, chart_card (_("Incubation Funnel"),
                                                 caption = funnel_caption (f), chart));

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
  gtk_flow_box_append (self->charts, chart_card (_("Project Funds by Source"), NULL, chart));
}

/* A due row's record, opened in its editor. The session is the page's,
 * or the one the full list's window holds. */
static void
due_row_activated_cb (AdwActionRow *row,
                      GjSession    *session)
{
  gj_record_editor_open_stored (GTK_WIDGET (row), session,
                                g_object_get_data (G_OBJECT (row), "gj-kind"),
                                gtk_widget_get_name (GTK_WIDGET (row)));
}

static GtkWidget *
chevron (void)
{
  GtkWidget *icon = gtk_image_new_from_icon_name ("go-next-symbolic");

  gtk_accessible_update_state (GTK_ACCESSIBLE (icon), GTK_ACCESSIBLE_STATE_HIDDEN, TRUE, -1);
  return icon;
}

static GtkWidget *
due_row (const GjDueEntry *d,
         GjSession        *session)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *when = gtk_label_new (d->when);
  g_autofree char *tip = g_strdup_printf ("%s\n%s", d->title, d->subtitle);

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), d->title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), d->subtitle);
  adw_action_row_set_title_lines (ADW_ACTION_ROW (row), 1);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 1);
  gtk_widget_set_tooltip_text (row, tip);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_widget_set_name (row, d->id);
  g_object_set_data (G_OBJECT (row), "gj-kind", (gpointer) d->kind);
  gtk_widget_add_css_class (when, "numeric");
  gtk_widget_add_css_class (when, d->overdue ? "error" : "dim-label");
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), when);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), chevron ());
  g_signal_connect (row, "activated", G_CALLBACK (due_row_activated_cb), session);
  return row;
}

static GtkWidget *
due_list_box (GjDueList list)
{
  GtkWidget *box = gtk_list_box_new ();

  gtk_list_box_set_selection_mode (GTK_LIST_BOX (box), GTK_SELECTION_NONE);
  gtk_widget_add_css_class (box, "boxed-list");
  gtk_widget_set_name (box, gj_due_list_name (list));
  gtk_accessible_update_property (GTK_ACCESSIBLE (box), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  gj_due_list_title (list), -1);
  return box;
}

static char *
due_heading (GjDueList  list,
             GPtrArray *entries)
{
  /* TRANSLATORS: a due list's heading and how many it holds: "Overdue 15" */
  return g_strdup_printf (_("%s %u"), gj_due_list_title (list), entries->len);
}

/* The whole of a due list in a window of its own, each row opening its
 * record, as long as the list is. */
static void
show_all_due (GjOverviewPage *self,
              GjDueList       list)
{
  GPtrArray *entries = self->due_lists[list];
  GtkWidget *window = adw_window_new ();
  GtkWidget *content = gtk_box_new (GTK_ORIENTATION_VERTICAL, 0);
  GtkWidget *header = adw_header_bar_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();
  GtkWidget *box = due_list_box (list);
  GtkEventController *keys = gtk_shortcut_controller_new ();
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  g_autofree char *title = due_heading (list, entries);

  gtk_window_set_title (GTK_WINDOW (window), title);
  gtk_window_set_modal (GTK_WINDOW (window), TRUE);
  gtk_window_set_default_size (GTK_WINDOW (window), 560, 520);
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (window), GTK_WINDOW (root));
  gtk_window_set_destroy_with_parent (GTK_WINDOW (window), TRUE);
  /* The rows open records after the page may have gone. */
  g_object_set_data_full (G_OBJECT (window), "gj-session", g_object_ref (self->session),
                          g_object_unref);
  gtk_shortcut_controller_add_shortcut (GTK_SHORTCUT_CONTROLLER (keys),
                                        gtk_shortcut_new (gtk_keyval_trigger_new (GDK_KEY_Escape,
                                                                                  0),
                                                          gtk_named_action_new ("window.close")));
  gtk_widget_add_controller (window, keys);

  for (guint i = 0; i < entries->len; i++)
    gtk_list_box_append (GTK_LIST_BOX (box), due_row (g_ptr_array_index (entries, i),
                                                      self->session));
  gtk_widget_set_margin_top (box, 18);
  gtk_widget_set_margin_bottom (box, 18);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  adw_clamp_set_child (ADW_CLAMP (clamp), box);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_widget_set_vexpand (scrolled, TRUE);
  gtk_box_append (GTK_BOX (content), header);
  gtk_box_append (GTK_BOX (content), scrolled);
  adw_window_set_content (ADW_WINDOW (window), content);
  gtk_window_present (GTK_WINDOW (window));
}

static void
more_row_activated_cb (AdwActionRow   *row,
                       GjOverviewPage *self)
{
  show_all_due (self, GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (row), "gj-list")));
}

/* A list's column in the flow box. The flow box fits as many columns on
 * a line as their natural widths allow, and a row's natural width is its
 * whole subtitle: a scrolled window that never scrolls reports its fixed
 * minimum as its natural width, so two columns share a wide window and a
 * narrow one stacks them. */
static GtkWidget *
due_column (GtkWidget *box)
{
  GtkWidget *column = gtk_scrolled_window_new ();

  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (column), GTK_POLICY_NEVER,
                                  GTK_POLICY_NEVER);
  gtk_scrolled_window_set_propagate_natural_height (GTK_SCROLLED_WINDOW (column), TRUE);
  gtk_widget_set_size_request (column, DUE_COLUMN_WIDTH, -1);
  gtk_widget_set_valign (column, GTK_ALIGN_START);
  gtk_widget_set_overflow (column, GTK_OVERFLOW_VISIBLE);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (column), box);
  return column;
}

static void
show_due (GjOverviewPage *self,
          Overview       *o)
{
  clear_flow_box (self->due);
  for (GjDueList i = 0; i < GJ_DUE_N_LISTS; i++)
    {
      GPtrArray *entries = o->due[i];
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
      GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *title = gtk_label_new (gj_due_list_title (i));
      g_autofree char *count = g_strdup_printf ("%u", entries->len);
      GtkWidget *badge = gtk_label_new (count);
      GtkWidget *list = due_list_box (i);

      gtk_widget_set_valign (box, GTK_ALIGN_START);
      gtk_label_set_xalign (GTK_LABEL (title), 0);
      gtk_widget_add_css_class (title, "heading");
      gtk_widget_add_css_class (badge, "gj-badge");
      if (i == GJ_DUE_OVERDUE && entries->len > 0)
        gtk_widget_add_css_class (badge, "gj-badge-error");
      gtk_box_append (GTK_BOX (header), title);
      gtk_box_append (GTK_BOX (header), badge);
      gtk_box_append (GTK_BOX (box), header);

      for (guint r = 0; r < MIN (entries->len, DUE_SHOWN); r++)
        gtk_list_box_append (GTK_LIST_BOX (list), due_row (g_ptr_array_index (entries, r),
                                                           self->session));
      if (entries->len == 0)
        {
          GtkWidget *row = adw_action_row_new ();

          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), gj_due_list_empty (i));
          gtk_widget_add_css_class (row, "dim-label");
          gtk_list_box_append (GTK_LIST_BOX (list), row);
        }
      else if (entries->len > DUE_SHOWN)
        {
          GtkWidget *row = adw_action_row_new ();
          g_autofree char *more = g_strdup_printf (_("And %lld more"),
                                                   (long long) (entries->len - DUE_SHOWN));

          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), more);
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), chevron ());
          gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
          gtk_widget_set_name (row, "more");
          gtk_widget_add_css_class (row, "gj-more-row");
          g_object_set_data (G_OBJECT (row), "gj-list", GUINT_TO_POINTER (i));
          g_signal_connect (row, "activated", G_CALLBACK (more_row_activated_cb), self);
          gtk_list_box_append (GTK_LIST_BOX (list), row);
        }
      /* Room for the list's shadow, which the column would clip. */
      gtk_widget_set_margin_start (list, 1);
      gtk_widget_set_margin_end (list, 1);
      gtk_widget_set_margin_bottom (list, 4);
      gtk_box_append (GTK_BOX (box), list);
      gtk_flow_box_append (self->due, due_column (box));

      g_clear_pointer (&self->due_lists[i], g_ptr_array_unref);
      self->due_lists[i] = g_steal_pointer (&o->due[i]);
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
  for (guint i = 0; i < G_N_ELEMENTS (self->due_lists); i++)
    g_clear_pointer (&self->due_lists[i], g_ptr_array_unref);
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
  gtk_widget_class_bind_template_child (widget_class, GjOverviewPage, unassigned_label);
  gtk_widget_class_bind_template_child (widget_class, GjOverviewPage, charts);
  gtk_widget_class_bind_template_child (widget_class, GjOverviewPage, due);
}

static void
gj_overview_page_init (GjOverviewPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
