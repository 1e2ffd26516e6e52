/* gj-projects-page.c: the five-society linkage project library
 *
 * A project is shown with its five parties (五社联动): the community as
 * the platform, social workers as support, social organizations as the
 * carrier, volunteer teams as auxiliaries and charity resources as the
 * supplement; with its funds, the government's against the social funds
 * it leveraged, its status and its activities. The parties and activities
 * of the selected project are read off the main thread; the pane shows the
 * project once they arrive.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-projects-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "gj-chart.h"
#include "gj-data-error.h"
#include "gj-dates.h"
#include "gj-attachments-section.h"
#include "gj-detail-group.h"
#include "gj-detail-header.h"
#include "gj-fact-row.h"
#include "gj-format.h"
#include "gj-party-dialog.h"
#include "gj-projects-page.h"
#include "gj-record-editor.h"
#include "gj-record-row.h"
#include "gj-record-table.h"
#include "gj-timeline.h"

struct _GjProjectsPage
{
  AdwBin         parent_instance;

  GjSession     *session;
  GtkWidget     *attachments;  /* kept across the pane's rebuilds */
  GCancellable  *cancellable;   /* the pane's read */
  gulong         changed_id;

  GjRecordTable *table;
  AdwLeaflet    *leaflet;
  GtkStack      *detail_stack;
  GtkBox        *detail_box;
  GMenuModel    *report_menu;
};

G_DEFINE_FINAL_TYPE (GjProjectsPage, gj_projects_page, ADW_TYPE_BIN)

typedef struct
{
  GjRecord *link;     /* the project_party record */
  GjRecord *target;   /* the party itself (the organization, the team…), or NULL */
} Party;

/* What the pane shows of a project besides its own fields. */
typedef struct
{
  GPtrArray *parties;      /* Party, by role */
  GPtrArray *activities;   /* GjRecord, the latest first */
} Detail;

typedef struct
{
  GjProjectsPage *self;
  GjRecord       *project;
} DetailRead;

static void
party_free (Party *party)
{
  gj_record_unref (party->link);
  g_clear_pointer (&party->target, gj_record_unref);
  g_free (party);
}

static void
detail_free (Detail *detail)
{
  g_ptr_array_unref (detail->parties);
  g_clear_pointer (&detail->activities, g_ptr_array_unref);
  g_free (detail);
}

/* In the reader's thread: the parties and activities of the project
 * whose id is @data. */
static gpointer
read_detail (GjStore       *store,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  const char *id = data;
  Detail *detail;
  g_autoptr(GPtrArray) links = NULL;
  g_autoptr(GPtrArray) parties = NULL;
  g_autoptr(GPtrArray) activities = NULL;

  {
    GjFilter filter = { "project_id", id };
    GjQuery q = { &filter, 1, NULL, "role", FALSE, 200, 0, FALSE };

    links = gj_store_list (store, gj_schema_lookup ("project_party"), &q, error);
    if (links == NULL)
      return NULL;
  }
  parties = g_ptr_array_new_with_free_func ((GDestroyNotify) party_free);
  for (guint i = 0; i < links->len; i++)
    {
      Party *party = g_new0 (Party, 1);
      const char *party_kind;
      g_autoptr(GError) get_error = NULL;

      party->link = gj_record_ref (g_ptr_array_index (links, i));
      g_ptr_array_add (parties, party);
      party_kind = gj_format_party_kind (gj_record_get_text (party->link, "role"));
      if (party_kind == NULL)
        continue;
      /* A party not synced yet is shown by its link; a failed read fails
       * the whole pane. */
      party->target = gj_store_get (store, gj_schema_lookup (party_kind),
                                    gj_record_get_text (party->link, "party_id"), &get_error);
      if (party->target == NULL
          && !g_error_matches (get_error, GJ_DATA_ERROR, GJ_DATA_ERROR_NOT_FOUND))
        {
          g_propagate_error (error, g_steal_pointer (&get_error));
          return NULL;
        }
    }
  {
    GjFilter filter = { "project_id", id };
    GjQuery q = { &filter, 1, NULL, "date", TRUE, 50, 0, FALSE };

    activities = gj_store_list (store, gj_schema_lookup ("activity"), &q, error);
    if (activities == NULL)
      return NULL;
  }
  detail = g_new0 (Detail, 1);
  detail->parties = g_steal_pointer (&parties);
  detail->activities = g_steal_pointer (&activities);
  return detail;
}

static void
clear_detail (GjProjectsPage *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->detail_box))) != NULL)
    gtk_box_remove (self->detail_box, child);
}

static void
add_parties (GjProjectsPage *self,
             GjRecord       *project,
             GPtrArray      *parties)
{
  const GjKind *kind = gj_schema_lookup ("project_party");
  const GjField *roles = gj_kind_field (kind, "role");
  AdwPreferencesGroup *group;
  guint missing = 0;

  group = ADW_PREFERENCES_GROUP (gj_detail_group_new_with_add (_("Five Parties"),
                                                               _("Edit Parties"),
                                                               "page.add-party",
                                                               g_variant_new_string (project->id)));
  for (const GjEnumValue *role = roles->values; role->key; role++)
    {
      GtkWidget *expander = adw_expander_row_new ();
      g_autoptr(GString) names = g_string_new (NULL);
      guint n = 0;

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), _(role->label));
      for (guint i = 0; i < parties->len; i++)
        {
          Party *p = g_ptr_array_index (parties, i);
          GjRecord *party = p->link;
          GtkWidget *row;

          if (g_strcmp0 (gj_record_get_text (party, "role"), role->key) != 0)
            continue;
          n++;
          /* The row opens the party itself (the organization, the team…);
           * the link record is edited from the project. */
          row = gj_record_row_new (self->session, p->target ? p->target : party);
          if (names->len)
            g_string_append (names, _(", "));
          g_string_append (names, adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)));
          if (gj_record_get_text (party, "contribution") != NULL)
            adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                         gj_record_get_text (party, "contribution"));
          adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), row);
        }
      if (n == 0)
        {
          adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), _("Not linked yet"));
          gtk_widget_add_css_class (expander, "gj-missing");
          gtk_widget_set_sensitive (expander, FALSE);
          missing++;
        }
      else
        adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), names->str);
      adw_preferences_group_add (group, expander);
    }
  if (missing > 0)
    {
      g_autofree char *text = g_strdup_printf (ngettext ("%u of the five parties is missing",
                                                         "%u of the five parties are missing",
                                                         missing), missing);
      adw_preferences_group_set_description (group, text);
    }
  else
    adw_preferences_group_set_description (group, _("All five parties take part"));
  gtk_box_append (self->detail_box, GTK_WIDGET (group));
}

static void
add_funds (GjProjectsPage *self,
           GjRecord       *project)
{
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (gj_detail_group_new (_("Funds")));
  gint64 gov = gj_record_get_int (project, "gov_funds");
  gint64 social = gj_record_get_int (project, "social_funds");
  g_autofree char *budget = gj_record_format (project, "budget", FALSE);
  g_autofree char *gov_text = gj_record_format (project, "gov_funds", FALSE);
  g_autofree char *social_text = gj_record_format (project, "social_funds", FALSE);
  GtkWidget *chart = gj_chart_new (GJ_CHART_STACKED);
  const char *labels[] = { _("Funds") };
  double a[] = { gov / 100.0 }, b[] = { social / 100.0 };
  g_autofree char *total = gj_format_yuan_short (gov + social);
  const char *texts[] = { total };

  gj_chart_set_series (GJ_CHART (chart), _("Government"), _("Leveraged social funds"));
  gj_chart_set_data (GJ_CHART (chart), 1, labels, a, b, texts);
  gtk_widget_set_margin_bottom (chart, 6);
  adw_preferences_group_add (group, chart);
  adw_preferences_group_add (group, gj_fact_row_new (_("Budget (yuan)"), budget[0] ? budget : "—"));
  adw_preferences_group_add (group, gj_fact_row_new (_("Government funds (yuan)"),
                                                     gov_text[0] ? gov_text : "—"));
  adw_preferences_group_add (group, gj_fact_row_new (_("Leveraged social funds (yuan)"),
                                                     social_text[0] ? social_text : "—"));
  if (gov > 0 && social > 0)
    {
      /* TRANSLATORS: how many yuan of social funds each yuan of government funds drew in */
      g_autofree char *ratio = g_strdup_printf (_("%.2f yuan per government yuan"),
                                                (double) social / (double) gov);
      adw_preferences_group_add (group, gj_fact_row_new (_("Leverage"), ratio));
    }
  gtk_box_append (self->detail_box, GTK_WIDGET (group));
}

static void
add_activities (GjProjectsPage *self,
                GjRecord       *project,
                GPtrArray      *activities)
{
  GtkWidget *added = gj_detail_group_new_with_add (_("Activities"), _("Add Activity"),
                                                   "page.add-activity",
                                                   g_variant_new_string (project->id));
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (added);

  for (guint i = 0; activities && i < activities->len; i++)
    adw_preferences_group_add (group, gj_record_row_new (self->session,
                                                         g_ptr_array_index (activities, i)));
  if (activities == NULL || activities->len == 0)
    adw_preferences_group_add (group, gj_fact_row_new_placeholder (_("No activities yet")));
  gtk_box_append (self->detail_box, GTK_WIDGET (group));
}

static void
build_detail (GjProjectsPage *self,
              GjRecord       *project,
              Detail         *detail)
{
  GjStore *store = gj_session_get_store (self->session);
  g_autoptr(GString) subtitle = g_string_new (NULL);
  const char *facts[] = { "field", "funding", "community_id", "start_on", "beneficiaries" };
  GtkWidget *header, *edit;

  clear_detail (self);

  for (guint i = 0; i < G_N_ELEMENTS (facts); i++)
    {
      const GjField *field = gj_kind_field (project->kind, facts[i]);
      g_autofree char *text = gj_format_field (store, project, field, TRUE, NULL);

      if (text[0] == '\0')
        continue;
      if (subtitle->len)
        g_string_append (subtitle, _(" · "));
      if (g_str_equal (facts[i], "beneficiaries"))
        g_string_append_printf (subtitle, _("%s beneficiaries"), text);
      else
        g_string_append (subtitle, text);
    }
  header = gj_detail_header_new (gj_record_get_title (project), subtitle->str);
  gj_detail_header_add_menu (GJ_DETAIL_HEADER (header), self->report_menu,
                             "document-print-symbolic", _("Print or Save as PDF"));
  gtk_box_append (self->detail_box, header);
  gtk_box_append (self->detail_box, gj_timeline_new (gj_kind_field (project->kind, "status"),
                                                     gj_record_get_text (project, "status")));
  add_parties (self, project, detail->parties);
  add_funds (self, project);
  add_activities (self, project, detail->activities);

  if (gj_record_get_text (project, "outcomes") != NULL)
    {
      AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (gj_detail_group_new (_("Outcomes")));
      GtkWidget *label = gtk_label_new (gj_record_get_text (project, "outcomes"));

      gtk_label_set_wrap (GTK_LABEL (label), TRUE);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_label_set_selectable (GTK_LABEL (label), TRUE);
      adw_preferences_group_add (group, label);
      gtk_box_append (self->detail_box, GTK_WIDGET (group));
    }

  gj_attachments_section_set_owner (GJ_ATTACHMENTS_SECTION (self->attachments),
                                    project->kind, project->id);
  gtk_box_append (self->detail_box, self->attachments);

  edit = gtk_button_new_with_mnemonic (_("_Edit Project…"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (edit), "page.edit");
  gtk_widget_set_halign (edit, GTK_ALIGN_START);
  gtk_box_append (self->detail_box, edit);
  gtk_stack_set_visible_child_name (self->detail_stack, "detail");
}

static void
detail_read_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  DetailRead *read = user_data;
  g_autoptr(GjProjectsPage) self = read->self;
  g_autoptr(GjRecord) project = read->project;
  g_autoptr(GError) error = NULL;
  Detail *detail = gj_reader_run_finish (GJ_READER (source), result, &error);

  g_free (read);
  if (detail == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", error->message);
      return;
    }
  build_detail (self, project, detail);
  detail_free (detail);
}

/* The pane keeps what it shows until the new project's parties arrive. */
static void
show_detail (GjProjectsPage *self)
{
  g_autoptr(GjRecord) project = gj_record_table_get_selected (self->table);
  DetailRead *read;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (project == NULL)
    {
      clear_detail (self);
      gtk_stack_set_visible_child_name (self->detail_stack, "none");
      return;
    }
  self->cancellable = g_cancellable_new ();
  read = g_new0 (DetailRead, 1);
  read->self = g_object_ref (self);
  read->project = g_steal_pointer (&project);
  gj_reader_run_async (gj_session_get_reader (self->session), read_detail,
                       g_strdup (read->project->id), g_free, (GDestroyNotify) detail_free,
                       self->cancellable, detail_read_cb, read);
}

static void
selection_changed_cb (GjProjectsPage *self)
{
  show_detail (self);
  /* A folded page shows one pane: a record picked in the list opens. */
  if (adw_leaflet_get_folded (self->leaflet) && gj_record_table_picked_in_list (self->table))
    adw_leaflet_set_visible_child_name (self->leaflet, "detail");
}

static void
session_changed_cb (GjSession      *session,
                    const char     *kind_name,
                    GjProjectsPage *self)
{
  /* The attachments section reads its own list again; the rest of the
   * pane shows nothing of attachments, so it is not rebuilt for them. */
  if (g_str_equal (kind_name, "attachment"))
    return;
  /* The table re-reads itself; the pane shows parties and activities
   * too, which change without the project changing. */
  show_detail (self);
}

/* Actions */

static void
add_party_action (GtkWidget  *widget,
                  const char *action,
                  GVariant   *param)
{
  GjProjectsPage *self = GJ_PROJECTS_PAGE (widget);
  g_autoptr(GjRecord) project = NULL;
  g_autoptr(GError) error = NULL;

  project = gj_store_get (gj_session_get_store (self->session), gj_schema_lookup ("project"),
                          g_variant_get_string (param, NULL), &error);
  if (project == NULL)
    {
      gtk_widget_activate_action (widget, "win.toast", "s", error->message);
      return;
    }
  gj_party_dialog_open (widget, self->session, project);
}

static void
add_activity_action (GtkWidget  *widget,
                     const char *action,
                     GVariant   *param)
{
  GjProjectsPage *self = GJ_PROJECTS_PAGE (widget);
  g_autofree char *today = gj_dates_today ();

  gj_record_editor_open (widget, self->session, gj_schema_lookup ("activity"), NULL,
                         "project_id", g_variant_get_string (param, NULL), "date", today, NULL);
}

/* The shown project's report; Ctrl+P reaches it through "win.print". */
static void
report_action (GtkWidget  *widget,
               const char *action,
               GVariant   *param)
{
  GjProjectsPage *self = GJ_PROJECTS_PAGE (widget);
  g_autoptr(GjRecord) record = gj_record_table_get_selected (self->table);

  if (record == NULL)
    return;
  gtk_widget_activate_action (widget, g_str_equal (action, "page.print-report")
                                      ? "win.print-report" : "win.save-report",
                              "(sss)", "project", record->id, "");
}

static void
back_action (GtkWidget  *widget,
             const char *action,
             GVariant   *param)
{
  adw_leaflet_set_visible_child_name (GJ_PROJECTS_PAGE (widget)->leaflet, "list");
}

static void
new_action (GtkWidget  *widget,
            const char *action,
            GVariant   *param)
{
  gj_record_table_new_record (GJ_PROJECTS_PAGE (widget)->table);
}

static void
edit_action (GtkWidget  *widget,
             const char *action,
             GVariant   *param)
{
  gtk_widget_activate_action (GTK_WIDGET (GJ_PROJECTS_PAGE (widget)->table), "table.edit", NULL);
}

static void
search_action (GtkWidget  *widget,
               const char *action,
               GVariant   *param)
{
  gj_record_table_focus_search (GJ_PROJECTS_PAGE (widget)->table);
}

void
gj_projects_page_set_session (GjProjectsPage *self,
                              GjSession      *session)
{
  g_return_if_fail (GJ_IS_PROJECTS_PAGE (self));
  g_return_if_fail (self->session == NULL);

  self->session = g_object_ref (session);
  self->attachments = g_object_ref_sink (gj_attachments_section_new (session));
  gj_record_table_set_session (self->table, session);
  self->changed_id = g_signal_connect (session, "changed", G_CALLBACK (session_changed_cb), self);
}

static void
gj_projects_page_dispose (GObject *object)
{
  GjProjectsPage *self = GJ_PROJECTS_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->session != NULL)
    g_clear_signal_handler (&self->changed_id, self->session);
  /* The leaflet is both the bin's child and a template child: the bin lets
   * go of it first, or the template would unparent it behind the bin. */
  adw_bin_set_child (ADW_BIN (object), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), GJ_TYPE_PROJECTS_PAGE);
  g_clear_object (&self->attachments);
  g_clear_object (&self->session);
  G_OBJECT_CLASS (gj_projects_page_parent_class)->dispose (object);
}

static void
gj_projects_page_class_init (GjProjectsPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = gj_projects_page_dispose;

  g_type_ensure (GJ_TYPE_RECORD_TABLE);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/cn/gongjian/Gongjian/gj-projects-page.ui");
  gtk_widget_class_bind_template_child (widget_class, GjProjectsPage, table);
  gtk_widget_class_bind_template_child (widget_class, GjProjectsPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, GjProjectsPage, detail_stack);
  gtk_widget_class_bind_template_child (widget_class, GjProjectsPage, detail_box);
  gtk_widget_class_bind_template_child (widget_class, GjProjectsPage, report_menu);
  gtk_widget_class_bind_template_callback (widget_class, selection_changed_cb);

  gtk_widget_class_install_action (widget_class, "page.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "page.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "page.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "page.edit", NULL, edit_action);
  gtk_widget_class_install_action (widget_class, "page.print-report", NULL, report_action);
  gtk_widget_class_install_action (widget_class, "page.save-report", NULL, report_action);
  gtk_widget_class_install_action (widget_class, "page.add-party", "s", add_party_action);
  gtk_widget_class_install_action (widget_class, "page.add-activity", "s", add_activity_action);
}

static void
gj_projects_page_init (GjProjectsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
