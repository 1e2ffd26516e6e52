/* gj-hours-dialog.c: time-bank hours for many volunteers at once
 *
 * After an activity the station records the same hours for everyone who
 * served; the dialog picks the volunteers and the activity, and
 * gj_hours_batch_write() writes them all or nothing.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-hours-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "gj-choice-row.h"
#include "gj-dates.h"
#include "gj-format.h"
#include "gj-gtk-compat.h"
#include "gj-hours-batch.h"
#include "gj-hours-dialog.h"

#define MAX_SHOWN 200

struct _GjHoursDialog
{
  AdwWindow      parent_instance;

  GjSession     *session;
  GHashTable    *selected;       /* volunteer ids */
  GCancellable  *search_cancellable;

  AdwWindowTitle *window_title;
  GtkRevealer   *error_revealer;
  GtkLabel      *error_label;
  GjChoiceRow   *activity_row;   /* none chosen: a new activity */
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

/* One volunteer as the dialog lists it, read off the main thread. */
typedef struct
{
  char *id;
  char *title;
  char *subtitle;   /* the volunteer's team */
} Choice;

static void
choice_free (Choice *c)
{
  g_free (c->id);
  g_free (c->title);
  g_free (c->subtitle);
  g_free (c);
}

/* In the reader's thread: the volunteers matching @data (the search text). */
static gpointer
read_volunteers (GjStore       *store,
                 gpointer       data,
                 GCancellable  *cancellable,
                 GError       **error)
{
  const GjKind *kind = gj_schema_lookup ("volunteer");
  const GjField *team_field = gj_kind_field (kind, "team_id");
  GjQuery q = { .text = data, .limit = MAX_SHOWN };
  g_autoptr(GPtrArray) records = gj_store_list (store, kind, &q, error);
  g_autoptr(GHashTable) teams = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GPtrArray *choices;

  if (records == NULL)
    return NULL;
  choices = g_ptr_array_new_with_free_func ((GDestroyNotify) choice_free);
  for (guint i = 0; i < records->len; i++)
    {
      GjRecord *rec = g_ptr_array_index (records, i);
      Choice *c = g_new0 (Choice, 1);

      c->id = g_strdup (rec->id);
      c->title = g_strdup (gj_record_get_title (rec));
      c->subtitle = gj_format_field (store, rec, team_field, TRUE, teams);
      g_ptr_array_add (choices, c);
    }
  return choices;
}

static void
volunteers_read_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) choices = gj_reader_run_finish (GJ_READER (source), result, &error);
  GjHoursDialog *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = GJ_HOURS_DIALOG (user_data);
  gj_list_box_remove_all (self->volunteer_list);
  if (error != NULL)
    {
      show_error (self, error->message);
      return;
    }
  for (guint i = 0; i < choices->len; i++)
    {
      Choice *c = g_ptr_array_index (choices, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *check = gtk_check_button_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), c->title);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), c->subtitle);
      gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
      gtk_check_button_set_active (GTK_CHECK_BUTTON (check),
                                   g_hash_table_contains (self->selected, c->id));
      g_object_set_data_full (G_OBJECT (check), "gj-id", g_strdup (c->id), g_free);
      g_signal_connect (check, "toggled", G_CALLBACK (check_toggled_cb), self);
      adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
      gtk_list_box_append (self->volunteer_list, row);
    }
  if (choices->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("No volunteers match"));
      gtk_widget_add_css_class (row, "dim-label");
      gtk_list_box_append (self->volunteer_list, row);
    }
}

/* A new search replaces the one still running, so typing fast never shows
 * the answer to an older text last. */
static void
fill_volunteers (GjHoursDialog *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));

  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  self->search_cancellable = g_cancellable_new ();
  gj_reader_run_async (gj_session_get_reader (self->session), read_volunteers, g_strdup (text),
                       g_free, (GDestroyNotify) g_ptr_array_unref, self->search_cancellable,
                       volunteers_read_cb, self);
}

static void
search_changed_cb (GjHoursDialog *self)
{
  fill_volunteers (self);
}

/* An activity already recorded gives its date; none chosen asks for the
 * new activity's title. */
static void
activity_changed_cb (GjHoursDialog *self)
{
  g_autofree char *id = gj_field_row_get_value (GJ_FIELD_ROW (self->activity_row));
  g_autoptr(GjRecord) activity = NULL;
  const char *date;

  gtk_widget_set_visible (GTK_WIDGET (self->title_row), id == NULL || *id == '\0');
  if (id == NULL || *id == '\0')
    return;
  /* One record by its key: quick enough for the main thread. */
  activity = gj_store_get (gj_session_get_store (self->session), gj_schema_lookup ("activity"),
                           id, NULL);
  date = activity ? gj_record_get_text (activity, "date") : NULL;
  if (date != NULL && *date != '\0')
    gtk_editable_set_text (GTK_EDITABLE (self->date_row), date);
}

static char *
trimmed (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
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
  GjHoursBatch batch = { 0, };
  g_autofree char **volunteer_ids = NULL;
  g_autofree char *activity_id = NULL;
  g_autofree char *title = NULL;
  g_autofree char *date = NULL;
  g_autofree char *hours_text = NULL;
  g_autofree char *verified = NULL;

  g_return_val_if_fail (GJ_IS_HOURS_DIALOG (self), FALSE);

  store = gj_session_get_store (self->session);
  n = g_hash_table_size (self->selected);
  volunteer_ids = (char **) g_hash_table_get_keys_as_array (self->selected, NULL);
  batch.activity_id = activity_id = gj_field_row_get_value (GJ_FIELD_ROW (self->activity_row));
  batch.title = title = trimmed (self->title_row);
  batch.date = date = trimmed (self->date_row);
  batch.hours = hours_text = trimmed (self->hours_row);
  batch.verified_by = verified = trimmed (self->verified_row);
  batch.volunteer_ids = (const char * const *) volunteer_ids;
  gj_hours_batch_write (store, &batch, &hours, &local);
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

  gj_field_row_set_value (GJ_FIELD_ROW (self->activity_row), "");
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

/* The activity is picked like a record field: a time-bank entry's
 * activity, searched among all activities with their dates and places. The
 * picker goes above the title of a new activity, at the top of the group
 * the template gives; a preferences group in libadwaita 1.2 only appends,
 * so the row goes into the group's list directly. */
static void
add_activity_row (GjHoursDialog *self)
{
  const GjKind *kind = gj_schema_lookup ("hours");
  GtkWidget *row = gj_choice_row_new (self->session, kind, gj_kind_field (kind, "activity_id"),
                                      NULL);
  GtkWidget *list = gtk_widget_get_parent (GTK_WIDGET (self->title_row));

  g_return_if_fail (GTK_IS_LIST_BOX (list));
  self->activity_row = GJ_CHOICE_ROW (row);
  gtk_list_box_prepend (GTK_LIST_BOX (list), row);
  g_signal_connect_swapped (row, "notify::value", G_CALLBACK (activity_changed_cb), self);
}

GjHoursDialog *
gj_hours_dialog_open (GtkWidget *from,
                      GjSession *session)
{
  GjHoursDialog *self = gj_hours_dialog_new (session);

  gj_dialog_present_over (GTK_WINDOW (self), from);
  return self;
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
  add_activity_row (self);
  fill_volunteers (self);
  update_count (self);
  return self;
}

static void
gj_hours_dialog_dispose (GObject *object)
{
  GjHoursDialog *self = GJ_HOURS_DIALOG (object);

  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (object), GJ_TYPE_HOURS_DIALOG);
  G_OBJECT_CLASS (gj_hours_dialog_parent_class)->dispose (object);
}

static void
gj_hours_dialog_finalize (GObject *object)
{
  GjHoursDialog *self = GJ_HOURS_DIALOG (object);

  g_hash_table_unref (self->selected);
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
  gtk_widget_class_bind_template_child (widget_class, GjHoursDialog, title_row);
  gtk_widget_class_bind_template_child (widget_class, GjHoursDialog, date_row);
  gtk_widget_class_bind_template_child (widget_class, GjHoursDialog, hours_row);
  gtk_widget_class_bind_template_child (widget_class, GjHoursDialog, verified_row);
  gtk_widget_class_bind_template_child (widget_class, GjHoursDialog, volunteers_group);
  gtk_widget_class_bind_template_child (widget_class, GjHoursDialog, search_entry);
  gtk_widget_class_bind_template_child (widget_class, GjHoursDialog, volunteer_list);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);

  gtk_widget_class_install_action (widget_class, "hours.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "hours.toggle-volunteer", "s", toggle_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
gj_hours_dialog_init (GjHoursDialog *self)
{
  self->selected = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  gtk_widget_init_template (GTK_WIDGET (self));
}
