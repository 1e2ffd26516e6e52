/* gj-party-dialog.c: the five parties of a project in one dialog
 *
 * A project's parties are its community (the platform), social workers,
 * social organizations, volunteer teams and charity resources. Adding them
 * one link at a time took five dialogs; here every role is shown at once,
 * each with its searchable pickers and what each party contributes, and
 * the whole set is saved in one transaction (gj_project_parties_set()).
 * A project without a community party is offered its own community.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-party-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "gj-choice-row.h"
#include "gj-field-row.h"
#include "gj-format.h"
#include "gj-gtk-compat.h"
#include "gj-party-dialog.h"
#include "gj-project-parties.h"
#include "gj-reader.h"
#include "gj-record-editor.h"

/* One party being chosen: a picker and its contribution. */
typedef struct
{
  GjPartyDialog       *self;
  const char          *role;          /* a key of the schema's roles */
  AdwPreferencesGroup *group;
  GtkWidget           *choice;
  GtkWidget           *contribution;
} Line;

struct _GjPartyDialog
{
  AdwWindow            parent_instance;

  AdwWindowTitle      *window_title;
  AdwPreferencesPage  *page;
  GtkWidget           *save_button;
  GtkRevealer         *error_revealer;
  GtkLabel            *error_label;

  GjSession           *session;
  GjRecord            *project;
  GPtrArray           *lines;         /* Line */
  AdwPreferencesGroup *groups[8];     /* by role, in the schema's order */
  GCancellable        *cancellable;
  gboolean             ready;
};

G_DEFINE_FINAL_TYPE (GjPartyDialog, gj_party_dialog, ADW_TYPE_WINDOW)

static const GjField *
roles_field (void)
{
  return gj_kind_field (gj_schema_lookup ("project_party"), "role");
}

static void
remove_line (Line *line)
{
  GjPartyDialog *self = line->self;

  adw_preferences_group_remove (line->group, line->choice);
  adw_preferences_group_remove (line->group, line->contribution);
  g_ptr_array_remove (self->lines, line);
}

static void
remove_clicked_cb (GtkButton *button,
                   Line      *line)
{
  remove_line (line);
}

static Line *
add_line (GjPartyDialog *self,
          guint          role_index,
          const char    *party_id,
          const char    *contribution)
{
  const GjKind *kind = gj_schema_lookup ("project_party");
  const GjEnumValue *role = &roles_field ()->values[role_index];
  Line *line = g_new0 (Line, 1);
  GtkWidget *remove;

  line->self = self;
  line->role = role->key;
  line->group = self->groups[role_index];
  line->choice = gj_choice_row_new (self->session, kind, gj_kind_field (kind, "party_id"), NULL);
  gj_choice_row_load (GJ_CHOICE_ROW (line->choice), gj_format_party_kind (role->key));
  if (party_id != NULL)
    gj_field_row_set_value (GJ_FIELD_ROW (line->choice), party_id);

  remove = gtk_button_new_from_icon_name ("list-remove-symbolic");
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, _("Remove This Party"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Remove This Party"), -1);
  g_signal_connect (remove, "clicked", G_CALLBACK (remove_clicked_cb), line);
  adw_action_row_add_suffix (ADW_ACTION_ROW (line->choice), remove);

  line->contribution = adw_entry_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (line->contribution), _("Contribution"));
  gtk_editable_set_text (GTK_EDITABLE (line->contribution), contribution ? contribution : "");

  adw_preferences_group_add (line->group, line->choice);
  adw_preferences_group_add (line->group, line->contribution);
  g_ptr_array_add (self->lines, line);
  return line;
}

static void
add_clicked_cb (GtkButton     *button,
                GjPartyDialog *self)
{
  guint role_index = GPOINTER_TO_UINT (g_object_get_data (G_OBJECT (button), "role-index"));
  Line *line = add_line (self, role_index, NULL, NULL);

  gtk_widget_grab_focus (line->choice);
}

static void
build_groups (GjPartyDialog *self)
{
  guint i = 0;

  for (const GjEnumValue *role = roles_field ()->values; role->key; role++, i++)
    {
      GtkWidget *group = adw_preferences_group_new ();
      GtkWidget *add = gtk_button_new_from_icon_name ("list-add-symbolic");
      /* TRANSLATORS: a button's tooltip; %s is a role such as "Volunteer team (auxiliary)" */
      g_autofree char *tip = g_strdup_printf (_("Add Another: %s"), _(role->label));

      g_assert (i < G_N_ELEMENTS (self->groups));
      adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (group), _(role->label));
      gtk_widget_add_css_class (add, "flat");
      gtk_widget_set_valign (add, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (add, tip);
      gtk_accessible_update_property (GTK_ACCESSIBLE (add), GTK_ACCESSIBLE_PROPERTY_LABEL, tip, -1);
      g_object_set_data (G_OBJECT (add), "role-index", GUINT_TO_POINTER (i));
      g_signal_connect (add, "clicked", G_CALLBACK (add_clicked_cb), self);
      adw_preferences_group_set_header_suffix (ADW_PREFERENCES_GROUP (group), add);
      adw_preferences_page_add (self->page, ADW_PREFERENCES_GROUP (group));
      self->groups[i] = ADW_PREFERENCES_GROUP (group);
    }
}

/* Reading the links */

/* In the reader's thread: the project's links. */
static gpointer
read_links (GjStore       *store,
            gpointer       data,
            GCancellable  *cancellable,
            GError       **error)
{
  GjFilter filter = { "project_id", data, GJ_FILTER_EQ };
  GjQuery q = { .filters = &filter, .n_filters = 1, .sort_field = "role" };

  return gj_store_list (store, gj_schema_lookup ("project_party"), &q, error);
}

static void
links_read_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GjPartyDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) links = gj_reader_run_finish (GJ_READER (source), result, &error);
  const GjField *roles = roles_field ();
  guint i = 0;

  if (links == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      gtk_label_set_label (self->error_label, error->message);
      gtk_revealer_set_reveal_child (self->error_revealer, TRUE);
      return;
    }
  for (const GjEnumValue *role = roles->values; role->key; role++, i++)
    {
      guint n = 0;

      for (guint l = 0; l < links->len; l++)
        {
          GjRecord *link = g_ptr_array_index (links, l);

          if (g_strcmp0 (gj_record_get_text (link, "role"), role->key) != 0)
            continue;
          add_line (self, i, gj_record_get_text (link, "party_id"),
                    gj_record_get_text (link, "contribution"));
          n++;
        }
      /* Every role shows a picker; the community's starts at the
       * project's own community, which is nearly always the platform. */
      if (n == 0)
        add_line (self, i, g_str_equal (role->key, "community")
                           ? gj_record_get_text (self->project, "community_id") : NULL, NULL);
    }
  self->ready = TRUE;
  gtk_widget_set_sensitive (self->save_button, TRUE);
}

/* Saving */

gboolean
gj_party_dialog_save (GjPartyDialog  *self,
                      GError        **error)
{
  g_autofree GjProjectParty *parties = NULL;
  g_autoptr(GPtrArray) values = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GError) local_error = NULL;
  guint n = 0;

  g_return_val_if_fail (GJ_IS_PARTY_DIALOG (self), FALSE);
  g_return_val_if_fail (self->ready, FALSE);

  parties = g_new0 (GjProjectParty, self->lines->len + 1);
  for (guint i = 0; i < self->lines->len; i++)
    {
      Line *line = g_ptr_array_index (self->lines, i);
      char *id = gj_field_row_get_value (GJ_FIELD_ROW (line->choice));

      g_ptr_array_add (values, id);
      /* A picker left empty is a role the project does not have yet. */
      if (id[0] == '\0')
        continue;
      parties[n].role = line->role;
      parties[n].party_id = id;
      parties[n].contribution = gtk_editable_get_text (GTK_EDITABLE (line->contribution));
      n++;
    }
  if (!gj_project_parties_set (gj_session_get_store (self->session), self->project->id, parties,
                               n, &local_error))
    {
      gtk_label_set_label (self->error_label, local_error->message);
      gtk_revealer_set_reveal_child (self->error_revealer, TRUE);
      g_propagate_error (error, g_steal_pointer (&local_error));
      return FALSE;
    }
  gtk_revealer_set_reveal_child (self->error_revealer, FALSE);
  gj_session_emit_changed (self->session, "project_party");
  return TRUE;
}

static void
save_action (GtkWidget  *widget,
             const char *action,
             GVariant   *param)
{
  GjPartyDialog *self = GJ_PARTY_DIALOG (widget);

  if (self->ready && gj_party_dialog_save (self, NULL))
    gtk_window_close (GTK_WINDOW (self));
}

/* Public */

gboolean
gj_party_dialog_is_ready (GjPartyDialog *self)
{
  g_return_val_if_fail (GJ_IS_PARTY_DIALOG (self), FALSE);
  return self->ready;
}

GjPartyDialog *
gj_party_dialog_new (GjSession *session,
                     GjRecord  *project)
{
  GjPartyDialog *self;
  g_autofree char *title = NULL;

  g_return_val_if_fail (GJ_IS_SESSION (session), NULL);
  g_return_val_if_fail (project != NULL, NULL);

  self = g_object_new (GJ_TYPE_PARTY_DIALOG, NULL);
  self->session = g_object_ref (session);
  self->project = gj_record_ref (project);
  title = gj_format_record_title (gj_session_get_store (session), project);
  gtk_window_set_title (GTK_WINDOW (self), title);
  adw_window_title_set_subtitle (self->window_title, title);
  build_groups (self);
  self->cancellable = g_cancellable_new ();
  gj_reader_run_async (gj_session_get_reader (session), read_links, g_strdup (project->id),
                       g_free, (GDestroyNotify) g_ptr_array_unref, self->cancellable,
                       links_read_cb, g_object_ref (self));
  return self;
}

GjPartyDialog *
gj_party_dialog_open (GtkWidget *from,
                      GjSession *session,
                      GjRecord  *project)
{
  GjPartyDialog *self = gj_party_dialog_new (session, project);

  /* No larger than the window it opens over: the page scrolls. */
  gj_dialog_present_over (GTK_WINDOW (self), from);
  return self;
}

static void
gj_party_dialog_dispose (GObject *object)
{
  GjPartyDialog *self = GJ_PARTY_DIALOG (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (object), GJ_TYPE_PARTY_DIALOG);
  g_clear_pointer (&self->lines, g_ptr_array_unref);
  g_clear_pointer (&self->project, gj_record_unref);
  g_clear_object (&self->session);
  G_OBJECT_CLASS (gj_party_dialog_parent_class)->dispose (object);
}

static void
gj_party_dialog_class_init (GjPartyDialogClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = gj_party_dialog_dispose;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/cn/gongjian/Gongjian/gj-party-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, GjPartyDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, GjPartyDialog, page);
  gtk_widget_class_bind_template_child (widget_class, GjPartyDialog, save_button);
  gtk_widget_class_bind_template_child (widget_class, GjPartyDialog, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, GjPartyDialog, error_label);
  gtk_widget_class_install_action (widget_class, "parties.save", NULL, save_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "parties.save",
                                       NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
gj_party_dialog_init (GjPartyDialog *self)
{
  self->lines = g_ptr_array_new_with_free_func (g_free);
  gtk_widget_init_template (GTK_WIDGET (self));
}
