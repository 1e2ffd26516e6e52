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
#include "gj-reader.h"
#include "gj-record-row.h"

#define MAX_PARTIES 50

struct _GjProjectsSection
{
  AdwPreferencesGroup parent_instance;

  GjSession          *session;
  GCancellable       *cancellable;  /* of the projects being read */
};

G_DEFINE_FINAL_TYPE (GjProjectsSection, gj_projects_section, ADW_TYPE_PREFERENCES_GROUP)

/* In the reader's thread: the projects the record @data (its id) takes
 * part in, each a summary whose subtitle is the record's role. */
static gpointer
read_projects (GjStore       *store,
               gpointer       data,
               GCancellable  *cancellable,
               GError       **error)
{
  const GjKind *party_kind = gj_schema_lookup ("project_party");
  const GjKind *project_kind = gj_schema_lookup ("project");
  GjFilter filter = { "party_id", data };
  GjQuery q = { &filter, 1, NULL, NULL, FALSE, MAX_PARTIES, 0, FALSE };
  g_autoptr(GPtrArray) parties = gj_store_list (store, party_kind, &q, error);
  GPtrArray *projects;

  if (parties == NULL)
    return NULL;
  projects = g_ptr_array_new_with_free_func ((GDestroyNotify) gj_record_summary_free);
  for (guint i = 0; i < parties->len; i++)
    {
      GjRecord *party = g_ptr_array_index (parties, i);
      g_autoptr(GError) get_error = NULL;
      g_autoptr(GjRecord) project = gj_store_get (store, project_kind,
                                                  gj_record_get_text (party, "project_id"),
                                                  &get_error);
      GjRecordSummary *summary;

      if (project == NULL && !g_error_matches (get_error, GJ_DATA_ERROR, GJ_DATA_ERROR_NOT_FOUND))
        g_message ("Could not read a project: %s", get_error->message);
      if (project == NULL || gj_record_is_deleted (project))
        continue;
      summary = gj_record_summary_new (store, project);
      g_free (summary->subtitle);
      summary->subtitle = gj_record_format (party, "role", FALSE);
      g_ptr_array_add (projects, summary);
    }
  return projects;
}

static void
projects_read_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(GjProjectsSection) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) projects = gj_reader_run_finish (GJ_READER (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  /* The editor works without this section; a failed read hides it. */
  if (projects == NULL)
    g_message ("Could not read the record's projects: %s", error->message);
  for (guint i = 0; projects && i < projects->len; i++)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (self),
                               gj_record_row_new_from_summary (self->session,
                                                               g_ptr_array_index (projects, i)));
  gtk_widget_set_visible (GTK_WIDGET (self), projects != NULL && projects->len > 0);
}

GtkWidget *
gj_projects_section_new (GjSession *session,
                         GjRecord  *record)
{
  GjProjectsSection *self;

  g_return_val_if_fail (GJ_IS_SESSION (session), NULL);
  g_return_val_if_fail (record != NULL, NULL);

  self = g_object_new (GJ_TYPE_PROJECTS_SECTION, NULL);
  self->session = g_object_ref (session);
  /* Hidden until the read says there is something to show. */
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
  self->cancellable = g_cancellable_new ();
  gj_reader_run_async (gj_session_get_reader (session), read_projects, g_strdup (record->id),
                       g_free, (GDestroyNotify) g_ptr_array_unref, self->cancellable,
                       projects_read_cb, g_object_ref (self));
  return GTK_WIDGET (self);
}

static void
gj_projects_section_dispose (GObject *object)
{
  GjProjectsSection *self = GJ_PROJECTS_SECTION (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);
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
