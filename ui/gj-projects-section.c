/* gj-projects-section.c: the projects a record takes part in
 *
 * A community, worker, organization, team or resource is linked to a
 * project through a project party, whose role says how it takes part.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-projects-section"

#include "config.h"

#include "gj-data-error.h"
#include "gj-projects-section.h"
#include "gj-record-row.h"

#define MAX_PARTIES 50

struct _GjProjectsSection
{
  AdwPreferencesGroup parent_instance;
};

G_DEFINE_FINAL_TYPE (GjProjectsSection, gj_projects_section, ADW_TYPE_PREFERENCES_GROUP)

GtkWidget *
gj_projects_section_new (GjSession *session,
                         GjRecord  *record)
{
  GjProjectsSection *self;
  GjStore *store;
  const GjKind *party_kind = gj_schema_lookup ("project_party");
  const GjKind *project_kind = gj_schema_lookup ("project");
  GjFilter filter = { "party_id", NULL };
  GjQuery q = { &filter, 1, NULL, NULL, FALSE, MAX_PARTIES, 0, FALSE };
  g_autoptr(GPtrArray) parties = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (GJ_IS_SESSION (session), NULL);
  g_return_val_if_fail (record != NULL, NULL);

  self = g_object_new (GJ_TYPE_PROJECTS_SECTION, NULL);
  store = gj_session_get_store (session);
  filter.value = record->id;
  parties = gj_store_list (store, party_kind, &q, &error);
  /* The editor works without this section; a failed read hides it. */
  if (parties == NULL)
    g_message ("Could not read the record's projects: %s", error->message);
  gtk_widget_set_visible (GTK_WIDGET (self), parties != NULL && parties->len > 0);
  for (guint i = 0; parties && i < parties->len; i++)
    {
      GjRecord *party = g_ptr_array_index (parties, i);
      g_autoptr(GError) get_error = NULL;
      g_autoptr(GjRecord) project = gj_store_get (store, project_kind,
                                                  gj_record_get_text (party, "project_id"),
                                                  &get_error);
      g_autofree char *role = NULL;
      GtkWidget *row;

      if (project == NULL && !g_error_matches (get_error, GJ_DATA_ERROR, GJ_DATA_ERROR_NOT_FOUND))
        g_message ("Could not read a project: %s", get_error->message);
      if (project == NULL || gj_record_is_deleted (project))
        continue;
      row = gj_record_row_new (session, project);
      role = gj_record_format (party, "role", FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), role);
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), row);
    }
  return GTK_WIDGET (self);
}

static void
gj_projects_section_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), GJ_TYPE_PROJECTS_SECTION);
  G_OBJECT_CLASS (gj_projects_section_parent_class)->dispose (object);
}

static void
gj_projects_section_class_init (GjProjectsSectionClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = gj_projects_section_dispose;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/cn/gongjian/Gongjian/gj-projects-section.ui");
}

static void
gj_projects_section_init (GjProjectsSection *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
