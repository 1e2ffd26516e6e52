/* gj-hours-dialog.c: time-bank hours for many volunteers at once
 *
 * After an activity the station records the same hours for everyone who
 * served. All entries, and the activity when it is new, are written in one
 * transaction: either every volunteer gets the hours or nobody does.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-hours-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "gj-data-error.h"
#include "gj-dates.h"
#include "gj-format.h"
#include "gj-hours-dialog.h"
#include "gj-widget-util.h"

#define MAX_SHOWN 200

struct _GjHoursDialog
{
  AdwWindow      parent_instance;

  GjSession     *session;
  GHashTable    *selected;       /* volunteer ids */
  GPtrArray     *activity_ids;   /* per position of activity_row; "" for a new one */

  AdwWindowTitle *window_title;
  GtkRevealer   *error_revealer;
  GtkLabel      *error_label;
  AdwComboRow   *activity_row;
  AdwEntryRow   *title_row;
  AdwEntryRow   *date_row;
  AdwEntryRow   *hours_row;
  AdwEntryRow   *verified_row;
  AdwPreferencesGroup *volunteers_group;
  GtkSearchEntry *search_entry;
  GtkListBox    *volunteer_list;
};

G_DEFINE_FINAL_TYPE (GjHoursDialog, gj_hours_dialog, ADW_TYPE_WINDOW)

static void
show_error (GjHoursDialog *self,
            const char    *message)
{
  if (message != NULL)
    gtk_label_set_label (self->error_label, message);
  gtk_revealer_set_reveal_child (self->error_revealer, message != NULL);
}

static void
update_count (GjHoursDialog *self)
{
  guint n = g_hash_table_size (self->selected);
  g_autofree char *text = g_strdup_printf (ngettext ("%u volunteer selected",
                                                     "%u volunteers selected", n), n);

  adw_preferences_group_set_description (self->volunteers_group, text);
  adw_window_title_set_subtitle (self->window_title, text);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "hours.save", n > 0);
}

static void
check_toggled_cb (GtkCheckButton *check,
                  GjHoursDialog  *self)
{
  const char *id = g_object_get_data (G_OBJECT (check), "gj-id");

  if (gtk_check_button_get_active (check))
    g_hash_table_add (self->selected, g_strdup (id));
  else
    g_hash_table_remove (self->selected, id);
  update_count (self);
}

static void
fill_volunteers (GjHoursDialog *self)
{
  GjStore *store = gj_session_get_store (self->session);
  const GjKind *kind = gj_schema_lookup ("volunteer");
  GjQuery q = { 0, };
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GHashTable) teams = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  const GjField *team_field = gj_kind_field (kind, "team_id");

  gj_widget_remove_children (GTK_WIDGET (self->volunteer_list));
  q.text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  q.limit = MAX_SHOWN;
  records = gj_store_list (store, kind, &q, NULL);

  for (guint i = 0; records && i < records->len; i++)
    {
      GjRecord *rec = g_ptr_array_index (records, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();
      g_autofree char *team = gj_format_field (store, rec, team_field, TRUE, teams);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), gj_record_get_title (rec));
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), team);
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check),
                                   g_hash_table_contains (self->selected, rec->id));
      g_object_set_data_full (G_OBJECT (check), "gj-id", g_strdup (rec->id), g_free);
      g_signal_connect (check, "toggled", G_CALLBACK (check_toggled_cb), self);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      gtk_list_box_append (self->volunteer_list, row);
    }
  if (records == NULL || records->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No volunteers match"));
      gtk_widget_add_css_class (row, "dim-label");
      gtk_list_box_append (self->volunteer_list, row);
    }
}

static void
search_changed_cb (GjHoursDialog *self)
{
  fill_volunteers (self);
}

static void
activity_changed_cb (GjHoursDialog *self)
{
  guint pos = adw_combo_row_get_selected (self->activity_row);
  const char *id = pos < self->activity_ids->len ? g_ptr_array_index (self->activity_ids, pos) : "";
  gboolean is_new = id[0] == '\0';

  gtk_widget_set_visible (GTK_WIDGET (self->title_row), is_new);
  if (!is_new)
    {
      g_autoptr(GjRecord) act = gj_store_get (gj_session_get_store (self->session),
                                              gj_schema_lookup ("activity"), id, NULL);
      if (act != NULL && gj_record_get_text (act, "date") != NULL)
        gtk_editable_set_text (GTK_EDITABLE (self->date_row), gj_record_get_text (act, "date"));
    }
}

static void
fill_activities (GjHoursDialog *self)
{
  GjStore *store = gj_session_get_store (self->session);
  g_autoptr(GtkStringList) strings = gtk_string_list_new (NULL);
  GjQuery q = { .sort_field = "date", .descending = TRUE, .limit = 200 };
  g_autoptr(GPtrArray) records = gj_store_list (store, gj_schema_lookup ("activity"), &q, NULL);

  gtk_string_list_append (strings, _("New activity"));
  g_ptr_array_add (self->activity_ids, g_strdup (""));
  for (guint i = 0; records && i < records->len; i++)
    {
      GjRecord *rec = g_ptr_array_index (records, i);
      g_autofree char *date = gj_record_format (rec, "date", FALSE);
      /* TRANSLATORS: an activity in a list: its title, then its date */
      g_autofree char *label = g_strdup_printf (_("%s (%s)"), gj_record_get_title (rec), date);

      gtk_string_list_append (strings, label);
      g_ptr_array_add (self->activity_ids, g_strdup (rec->id));
    }
  adw_combo_row_set_model (self->activity_row, G_LIST_MODEL (strings));
}

static char *
trimmed (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

static gboolean
write_entries (GjHoursDialog  *self,
               double         *hours_out,
               GError        **error)
{
  GjStore *store = gj_session_get_store (self->session);
  guint pos = adw_combo_row_get_selected (self->activity_row);
  const char *activity_id = pos < self->activity_ids->len ? g_ptr_array_index (self->activity_ids, pos) : "";
  g_autofree char *title = trimmed (self->title_row);
  g_autofree char *date = trimmed (self->date_row);
  g_autofree char *hours = trimmed (self->hours_row);
  g_autofree char *verified = trimmed (self->verified_row);
  g_autoptr(GjRecord) activity = NULL;
  g_autoptr(GjRecord) probe = gj_record_new_for ("hours");
  guint n = g_hash_table_size (self->selected);
  GHashTableIter iter;
  gpointer key;

  /* Check what applies to every entry once, so the error names the field
   * rather than the first volunteer. */
  if (!gj_record_parse (probe, "hours", hours, error) ||
      !gj_record_parse (probe, "date", date, error))
    return FALSE;
  if (hours[0] == '\0' || gj_record_get_real (probe, "hours") <= 0)
    {
      g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID,
                   _("Hours: enter the hours each volunteer served, for example 2 or 1.5"));
      return FALSE;
    }
  if (date[0] == '\0')
    {
      g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_REQUIRED, _("Date: this field is required"));
      return FALSE;
    }
  *hours_out = gj_record_get_real (probe, "hours");

  if (activity_id[0] == '\0')
    {
      g_autofree char *total = g_strdup_printf ("%g", *hours_out * n);
      g_autofree char *participants = g_strdup_printf ("%u", n);

      if (title[0] == '\0')
        {
          g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_REQUIRED,
                       _("Title: give the new activity a title"));
          return FALSE;
        }
      activity = gj_record_new_for ("activity");
      if (!gj_record_parse (activity, "title", title, error) ||
          !gj_record_parse (activity, "date", date, error) ||
          !gj_record_parse (activity, "participants", participants, error) ||
          !gj_record_parse (activity, "volunteer_hours", total, error) ||
          !gj_store_insert (store, activity, error))
        return FALSE;
      activity_id = activity->id;
    }

  g_hash_table_iter_init (&iter, self->selected);
  while (g_hash_table_iter_next (&iter, &key, NULL))
    {
      g_autoptr(GjRecord) entry = gj_record_new_for ("hours");

      if (!gj_record_parse (entry, "volunteer_id", key, error) ||
          !gj_record_parse (entry, "kind", "earn", error) ||
          !gj_record_parse (entry, "hours", hours, error) ||
          !gj_record_parse (entry, "date", date, error) ||
          !gj_record_parse (entry, "activity_id", activity_id, error) ||
          !gj_record_parse (entry, "verified_by", verified, error) ||
          !gj_store_insert (store, entry, error))
        return FALSE;
    }
  return TRUE;
}

gboolean
gj_hours_dialog_save (GjHoursDialog  *self,
                      GError        **error)
{
  GjStore *store;
  g_autoptr(GError) local = NULL;
  double hours = 0;
  guint n;
  GtkWindow *parent;

  g_return_val_if_fail (GJ_IS_HOURS_DIALOG (self), FALSE);

  store = gj_session_get_store (self->session);
  n = g_hash_table_size (self->selected);
  if (n == 0)
    g_set_error_literal (&local, GJ_DATA_ERROR, GJ_DATA_ERROR_REQUIRED,
                         _("Select the volunteers who served"));
  else if (gj_store_begin (store, &local))
    {
      if (write_entries (self, &hours, &local))
        gj_store_commit (store, &local);
      else
        gj_store_rollback (store);
    }
  if (local != NULL)
    {
      show_error (self, local->message);
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }

  gj_session_emit_changed (self->session, "activity");
  gj_session_emit_changed (self->session, "hours");
  parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  if (parent != NULL)
    {
      g_autofree char *text = g_strdup_printf (ngettext ("Recorded %g hours for %u volunteer",
                                                         "Recorded %g hours for %u volunteers", n),
                                               hours, n);

      gtk_widget_activate_action (GTK_WIDGET (parent), "win.toast", "s", text);
    }
  return TRUE;
}

static void
save_action (GtkWidget  *widget,
             const char *action,
             GVariant   *param)
{
  if (gj_hours_dialog_save (GJ_HOURS_DIALOG (widget), NULL))
    gtk_window_destroy (GTK_WINDOW (widget));
}

static void
toggle_action (GtkWidget  *widget,
               const char *action,
               GVariant   *param)
{
  GjHoursDialog *self = GJ_HOURS_DIALOG (widget);
  const char *id = g_variant_get_string (param, NULL);

  gj_hours_dialog_select (self, id, !g_hash_table_contains (self->selected, id));
}

void
gj_hours_dialog_set_activity (GjHoursDialog *self,
                              const char    *title,
                              const char    *date,
                              const char    *hours)
{
  g_return_if_fail (GJ_IS_HOURS_DIALOG (self));

  adw_combo_row_set_selected (self->activity_row, 0);
  gtk_editable_set_text (GTK_EDITABLE (self->title_row), title ? title : "");
  if (date != NULL)
    gtk_editable_set_text (GTK_EDITABLE (self->date_row), date);
  gtk_editable_set_text (GTK_EDITABLE (self->hours_row), hours ? hours : "");
}

void
gj_hours_dialog_select (GjHoursDialog *self,
                        const char    *volunteer_id,
                        gboolean       selected)
{
  g_return_if_fail (GJ_IS_HOURS_DIALOG (self));

  if (selected)
    g_hash_table_add (self->selected, g_strdup (volunteer_id));
  else
    g_hash_table_remove (self->selected, volunteer_id);
  fill_volunteers (self);
  update_count (self);
}

guint
gj_hours_dialog_get_n_selected (GjHoursDialog *self)
{
  g_return_val_if_fail (GJ_IS_HOURS_DIALOG (self), 0);
  return g_hash_table_size (self->selected);
}

GjHoursDialog *
gj_hours_dialog_new (GjSession *session)
{
  GjHoursDialog *self;
  g_autofree char *today = gj_dates_today ();

  g_return_val_if_fail (GJ_IS_SESSION (session), NULL);

  self = g_object_new (GJ_TYPE_HOURS_DIALOG, NULL);
  self->session = g_object_ref (session);
  gtk_editable_set_text (GTK_EDITABLE (self->date_row), today);
  fill_activities (self);
  fill_volunteers (self);
  update_count (self);
  return self;
}

static void
gj_hours_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), GJ_TYPE_HOURS_DIALOG);
  G_OBJECT_CLASS (gj_hours_dialog_parent_class)->dispose (object);
}

static void
gj_hours_dialog_finalize (GObject *object)
{
  GjHoursDialog *self = GJ_HOURS_DIALOG (object);

  g_hash_table_unref (self->selected);
  g_ptr_array_unref (self->activity_ids);
  g_clear_object (&self->session);
  G_OBJECT_CLASS (gj_hours_dialog_parent_class)->finalize (object);
}

static void
gj_hours_dialog_class_init (GjHoursDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gj_hours_dialog_dispose;
  object_class->finalize = gj_hours_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/cn/gongjian/Gongjian/gj-hours-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, GjHoursDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, GjHoursDialog, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, GjHoursDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, GjHoursDialog, activity_row);
  gtk_widget_class_bind_template_child (widget_class, GjHoursDialog, title_row);
  gtk_widget_class_bind_template_child (widget_class, GjHoursDialog, date_row);
  gtk_widget_class_bind_template_child (widget_class, GjHoursDialog, hours_row);
  gtk_widget_class_bind_template_child (widget_class, GjHoursDialog, verified_row);
  gtk_widget_class_bind_template_child (widget_class, GjHoursDialog, volunteers_group);
  gtk_widget_class_bind_template_child (widget_class, GjHoursDialog, search_entry);
  gtk_widget_class_bind_template_child (widget_class, GjHoursDialog, volunteer_list);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, activity_changed_cb);

  gtk_widget_class_install_action (widget_class, "hours.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "hours.toggle-volunteer", "s", toggle_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
gj_hours_dialog_init (GjHoursDialog *self)
{
  self->selected = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->activity_ids = g_ptr_array_new_with_free_func (g_free);
  gtk_widget_init_template (GTK_WIDGET (self));
}
