/* gj-record-editor.c: a form for one record of any kind
 *
 * The fields, their labels and their choices are data (GjKind), so one
 * editor serves every kind: each field gets the row of its value type
 * (GjFieldRow). It also shows the files attached to the record, what
 * links to it (an incubation's service log and evaluations, an agreement's
 * items, a project's parties) and its history from change capture, as
 * sections of their own.
 *
 * Values are checked as they are typed with the data layer's own parser;
 * a write's error names its field, and is shown under that field.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-record-editor"

#include "config.h"

#include <glib/gi18n.h>

#include "gj-attachments.h"
#include "gj-attachments-section.h"
#include "gj-choice-row.h"
#include "gj-data-error.h"
#include "gj-date-row.h"
#include "gj-format.h"
#include "gj-gtk-compat.h"
#include "gj-history-section.h"
#include "gj-projects-section.h"
#include "gj-record-editor.h"
#include "gj-related-section.h"
#include "gj-set-row.h"
#include "gj-switch-row.h"
#include "gj-text-row.h"

struct _GjRecordEditor
{
  AdwWindow            parent_instance;

  GjSession           *session;
  const GjKind        *kind;
  GjRecord            *record;   /* the record edited; NULL for a new one */
  char                *saved_id;
  GPtrArray           *fields;   /* GjFieldRow, in the kind's order */
  GPtrArray           *extra_groups;
  gulong               changed_id;
  gboolean             read_only;

  AdwWindowTitle      *window_title;
  GtkWidget           *cancel_button;
  GtkWidget           *save_button;
  GtkRevealer         *error_revealer;
  GtkLabel            *error_label;
  AdwPreferencesPage  *page;
  AdwPreferencesGroup *fields_group;
};

G_DEFINE_FINAL_TYPE (GjRecordEditor, gj_record_editor, ADW_TYPE_WINDOW)

enum
{
  SAVED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static GjFieldRow *
find_field (GjRecordEditor *self,
            const char     *name)
{
  for (guint i = 0; name != NULL && i < self->fields->len; i++)
    {
      GjFieldRow *row = g_ptr_array_index (self->fields, i);

      if (g_str_equal (gj_field_row_get_field (row)->name, name))
        return row;
    }
  return NULL;
}

/* A project party names a record whose kind depends on its role, so its
 * "party" is a choice among the records of that kind. */
static gboolean
is_dynamic_ref (GjRecordEditor *self,
                const GjField  *field)
{
  return g_str_equal (self->kind->name, "project_party") && g_str_equal (field->name, "party_id");
}

static void
show_banner (GjRecordEditor *self,
             const char     *message)
{
  if (message != NULL)
    gtk_label_set_label (self->error_label, message);
  gtk_revealer_set_reveal_child (self->error_revealer, message != NULL);
}

/* Values as text */

static char *
stored_text (const GjRecord *rec,
             const GjField  *field)
{
  const GjValue *v = gj_record_get (rec, field->name);

  if (v == NULL || v->type == GJ_VALUE_NULL)
    return g_strdup ("");
  switch (field->type)
    {
    case GJ_FIELD_MONEY:
      if (v->i % 100 == 0)
        return g_strdup_printf ("%" G_GINT64_FORMAT, v->i / 100);
      return g_strdup_printf ("%" G_GINT64_FORMAT ".%02d", v->i / 100, (int) (v->i % 100));
    case GJ_FIELD_BOOL:
      return g_strdup (v->i ? "yes" : "no");
    case GJ_FIELD_REAL:
      {
        char buf[G_ASCII_DTOSTR_BUF_SIZE];

        return g_strdup (g_ascii_formatd (buf, sizeof buf, "%g",
                                          v->type == GJ_VALUE_REAL ? v->r : (double) v->i));
      }
    default:
      return gj_value_to_string (v);
    }
}

/* The party's choices follow the role. */
static void
role_changed_cb (GjRecordEditor *self)
{
  GjFieldRow *role = find_field (self, "role");
  GjFieldRow *party = find_field (self, "party_id");
  g_autofree char *r = NULL;

  if (role == NULL || party == NULL)
    return;
  r = gj_field_row_get_value (role);
  gj_choice_row_load (GJ_CHOICE_ROW (party), gj_format_party_kind (r));
}

/* Building the form */

static GtkWidget *
field_row_new (GjRecordEditor *self,
               const GjField  *field)
{
  const char *exclude = self->record ? self->record->id : NULL;

  if (is_dynamic_ref (self, field))
    return gj_choice_row_new (self->session, self->kind, field, exclude);
  switch (field->type)
    {
    case GJ_FIELD_ENUM:
    case GJ_FIELD_REF:
      return gj_choice_row_new (self->session, self->kind, field, exclude);
    case GJ_FIELD_BOOL:
      return gj_switch_row_new (self->kind, field);
    case GJ_FIELD_ENUM_SET:
      return gj_set_row_new (self->kind, field);
    case GJ_FIELD_DATE:
      return gj_date_row_new (self->kind, field);
    case GJ_FIELD_TEXT:
    case GJ_FIELD_INT:
    case GJ_FIELD_REAL:
    case GJ_FIELD_MONEY:
    case GJ_FIELD_CREDIT_CODE:
    case GJ_FIELD_RESIDENT_ID:
    case GJ_FIELD_MOBILE:
    default:
      return gj_text_row_new (self->kind, field);
    }
}

static GjFieldRow *
add_field (GjRecordEditor *self,
           const GjField  *field)
{
  GtkWidget *row = field_row_new (self, field);

  gtk_widget_set_sensitive (row, !self->read_only);
  adw_preferences_group_add (self->fields_group, row);
  /* The error row sits right under its field, so the message is read
   * where the problem is. */
  adw_preferences_group_add (self->fields_group,
                             gj_field_row_get_error_row (GJ_FIELD_ROW (row)));
  g_ptr_array_add (self->fields, row);
  return GJ_FIELD_ROW (row);
}

/* History and related records */

static void
add_extra_group (GjRecordEditor *self,
                 GtkWidget      *group)
{
  adw_preferences_page_add (self->page, ADW_PREFERENCES_GROUP (group));
  g_ptr_array_add (self->extra_groups, group);
}

static void
add_delete_group (GjRecordEditor *self)
{
  GtkWidget *group = adw_preferences_group_new ();
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_Delete…"));

  gtk_widget_add_css_class (button, "destructive-action");
  gtk_widget_set_halign (button, GTK_ALIGN_START);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "editor.delete");
  adw_preferences_group_add (ADW_PREFERENCES_GROUP (group), button);
  add_extra_group (self, group);
}

static gboolean
is_navigable_child (const GjKind *child)
{
  return !g_str_equal (child->name, "conflict") && !g_str_equal (child->name, "attachment") &&
         !g_str_equal (child->name, "street") && !g_str_equal (child->name, "district");
}

/* The kinds a project names as its five parties. */
static gboolean
is_party_kind (const GjKind *kind)
{
  return g_str_equal (kind->name, "community") || g_str_equal (kind->name, "social_worker") ||
         g_str_equal (kind->name, "organization") || g_str_equal (kind->name, "volunteer_team") ||
         g_str_equal (kind->name, "resource");
}

static void
rebuild_extras (GjRecordEditor *self)
{
  for (guint i = 0; i < self->extra_groups->len; i++)
    adw_preferences_page_remove (self->page, g_ptr_array_index (self->extra_groups, i));
  g_ptr_array_set_size (self->extra_groups, 0);

  if (self->record == NULL)
    return;

  for (guint k = 0; k < gj_schema_n_kinds (); k++)
    {
      const GjKind *child = gj_schema_kind (k);

      if (child == self->kind || !is_navigable_child (child))
        continue;
      for (guint f = 0; f < child->n_fields; f++)
        {
          const GjField *field = &child->fields[f];

          if (field->type == GJ_FIELD_REF && !(field->flags & GJ_FIELD_FLAG_INTERNAL) &&
              g_strcmp0 (field->ref_kind, self->kind->name) == 0)
            add_extra_group (self, gj_related_section_new (self->session, child, field,
                                                           self->record));
        }
    }
  if (is_party_kind (self->kind))
    add_extra_group (self, gj_projects_section_new (self->session, self->record));

  add_extra_group (self, gj_history_section_new (self->session, self->kind, self->record->id));
  if (!self->read_only)
    add_delete_group (self);
}

static void
session_changed_cb (GjSession      *session,
                    const char     *kind_name,
                    GjRecordEditor *self)
{
  if (self->record == NULL)
    return;
  /* The attachments section follows its own kind, and keeps its tiles,
   * thumbnails and downloads across other changes. */
  if (g_str_equal (kind_name, "attachment"))
    return;
  /* Our own record deleted elsewhere (or from our own Delete button). */
  if (g_str_equal (kind_name, self->kind->name))
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GjRecord) now = gj_store_get (gj_session_get_store (session), self->kind,
                                              self->record->id, &error);

      /* A failed read closes nothing: the form keeps what was typed. */
      if (now == NULL && !g_error_matches (error, GJ_DATA_ERROR, GJ_DATA_ERROR_NOT_FOUND))
        g_message ("Could not re-read the edited record: %s", error->message);
      else if (now == NULL || gj_record_is_deleted (now))
        {
          gtk_window_destroy (GTK_WINDOW (self));
          return;
        }
    }
  rebuild_extras (self);
}

/* Actions */

static void
save_action (GtkWidget  *widget,
             const char *action,
             GVariant   *param)
{
  GjRecordEditor *self = GJ_RECORD_EDITOR (widget);
  g_autoptr(GError) error = NULL;

  if (gj_record_editor_save (self, &error))
    gtk_window_destroy (GTK_WINDOW (self));
}

/* The main window asks, deletes and offers Undo in its toast, under all
 * editors; it is the end of the chain of windows this one is over. */
static void
delete_action (GtkWidget  *widget,
               const char *action,
               GVariant   *param)
{
  GjRecordEditor *self = GJ_RECORD_EDITOR (widget);
  GtkWindow *main = GTK_WINDOW (self);

  if (self->record == NULL)
    return;
  while (gtk_window_get_transient_for (main) != NULL)
    main = gtk_window_get_transient_for (main);
  if (main != GTK_WINDOW (self))
    gtk_widget_activate_action (GTK_WIDGET (main), "win.delete-record", "(ss)",
                                self->kind->name, self->record->id);
}

/* Public */

gboolean
gj_record_editor_save (GjRecordEditor  *self,
                       GError         **error)
{
  g_autoptr(GjRecord) rec = NULL;
  g_autoptr(GError) local = NULL;
  GjFieldRow *first_bad = NULL;
  GjFieldRow *bad;
  gboolean ok;

  g_return_val_if_fail (GJ_IS_RECORD_EDITOR (self), FALSE);

  if (self->read_only)
    {
      g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_READ_ONLY,
                   _("%s entries cannot be changed once recorded"), _(self->kind->label));
      return FALSE;
    }

  show_banner (self, NULL);
  rec = gj_record_new (self->kind);
  if (self->record != NULL)
    rec->id = g_strdup (self->record->id);

  for (guint i = 0; i < self->fields->len; i++)
    {
      GjFieldRow *row = g_ptr_array_index (self->fields, i);
      const GjField *field = gj_field_row_get_field (row);
      g_autofree char *text = gj_field_row_get_value (row);
      g_autoptr(GError) field_error = NULL;

      g_strstrip (text);
      if ((field->flags & GJ_FIELD_FLAG_REQUIRED) && text[0] == '\0')
        {
          g_autofree char *msg = g_strdup_printf (_("%s: this field is required"),
                                                  _(field->label));
          gj_field_row_set_error (row, msg);
        }
      else if (!gj_record_parse (rec, field->name, text, &field_error))
        gj_field_row_set_error (row, field_error->message);
      else
        gj_field_row_set_error (row, NULL);
      if (gj_field_row_get_error (row) != NULL && first_bad == NULL)
        first_bad = row;
    }
  if (first_bad != NULL)
    {
      gtk_widget_grab_focus (GTK_WIDGET (first_bad));
      gj_data_error_set (error, GJ_DATA_ERROR_INVALID,
                         gj_field_row_get_field (first_bad)->name, "%s",
                         gj_field_row_get_error (first_bad));
      return FALSE;
    }

  if (self->record != NULL)
    ok = gj_session_update (self->session, rec, GJ_WRITE_NONE, &local);
  else
    ok = gj_session_insert (self->session, rec, &local);
  if (!ok)
    {
      bad = find_field (self, gj_data_error_get_field (local));
      if (bad != NULL)
        {
          gj_field_row_set_error (bad, local->message);
          gtk_widget_grab_focus (GTK_WIDGET (bad));
        }
      else
        show_banner (self, local->message);
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }

  g_free (self->saved_id);
  self->saved_id = g_strdup (rec->id);
  g_signal_emit (self, signals[SAVED], 0, rec->id);
  return TRUE;
}

void
gj_record_editor_set_text (GjRecordEditor *self,
                           const char     *field,
                           const char     *text)
{
  GjFieldRow *row;

  g_return_if_fail (GJ_IS_RECORD_EDITOR (self));

  row = find_field (self, field);
  g_return_if_fail (row != NULL);
  gj_field_row_set_value (row, text);
}

const char *
gj_record_editor_get_id (GjRecordEditor *self)
{
  g_return_val_if_fail (GJ_IS_RECORD_EDITOR (self), NULL);
  if (self->saved_id != NULL)
    return self->saved_id;
  return self->record ? self->record->id : NULL;
}

const char *
gj_record_editor_get_field_error (GjRecordEditor *self,
                                  const char     *field)
{
  GjFieldRow *row;

  g_return_val_if_fail (GJ_IS_RECORD_EDITOR (self), NULL);
  row = find_field (self, field);
  return row ? gj_field_row_get_error (row) : NULL;
}

GjRecordEditor *
gj_record_editor_new (GjSession    *session,
                      const GjKind *kind,
                      GjRecord     *record)
{
  GjRecordEditor *self;
  g_autofree char *title = NULL;

  g_return_val_if_fail (GJ_IS_SESSION (session), NULL);
  g_return_val_if_fail (kind != NULL, NULL);

  self = g_object_new (GJ_TYPE_RECORD_EDITOR, NULL);
  self->session = g_object_ref (session);
  self->kind = kind;
  self->read_only = record != NULL && (kind->flags & GJ_KIND_FLAG_APPEND_ONLY);
  if (record != NULL)
    self->record = gj_record_ref (record);

  if (record == NULL)
    /* TRANSLATORS: window title, %s is a kind of record */
    title = g_strdup_printf (_("New %s"), _(kind->label));
  else
    title = gj_format_record_title (gj_session_get_store (session), record);
  adw_window_title_set_title (self->window_title, title);
  adw_window_title_set_subtitle (self->window_title, record ? _(kind->label) : NULL);
  gtk_window_set_title (GTK_WINDOW (self), title);

  for (guint f = 0; f < kind->n_fields; f++)
    {
      const GjField *field = &kind->fields[f];
      GjFieldRow *row;

      if (field->flags & GJ_FIELD_FLAG_INTERNAL)
        continue;
      row = add_field (self, field);
      if (record != NULL)
        {
          g_autofree char *text = stored_text (record, field);

          if (is_dynamic_ref (self, field))
            role_changed_cb (self);
          gj_field_row_set_value (row, text);
          gj_field_row_set_error (row, NULL);
        }
    }
  if (find_field (self, "role") && find_field (self, "party_id"))
    {
      if (record == NULL)
        role_changed_cb (self);
      g_signal_connect_swapped (find_field (self, "role"), "notify::value",
                                G_CALLBACK (role_changed_cb), self);
    }

  if (self->read_only)
    {
      gtk_widget_set_visible (self->save_button, FALSE);
      gtk_button_set_label (GTK_BUTTON (self->cancel_button), _("_Close"));
    }

  /* Files are attached to a record once it is stored: a new one has
   * nothing to attach them to yet. */
  if (record != NULL && gj_attachments_owner_allowed (kind))
    {
      GtkWidget *attachments = gj_attachments_section_new (session);

      gj_attachments_section_set_owner (GJ_ATTACHMENTS_SECTION (attachments), kind, record->id);
      adw_preferences_page_add (self->page, ADW_PREFERENCES_GROUP (attachments));
    }
  rebuild_extras (self);
  self->changed_id = g_signal_connect (session, "changed", G_CALLBACK (session_changed_cb), self);
  return self;
}

GjRecordEditor *
gj_record_editor_open (GtkWidget    *from,
                       GjSession    *session,
                       const GjKind *kind,
                       GjRecord     *record,
                       const char   *first_preset,
                       ...)
{
  GjRecordEditor *self = gj_record_editor_new (session, kind, record);
  const char *field;
  va_list args;

  va_start (args, first_preset);
  for (field = first_preset; field != NULL; field = va_arg (args, const char *))
    {
      const char *value = va_arg (args, const char *);

      if (find_field (self, field) != NULL)
        gj_field_row_set_value (find_field (self, field), value);
    }
  va_end (args);

  gj_dialog_present_over (GTK_WINDOW (self), from);
  return self;
}

GjRecordEditor *
gj_record_editor_open_stored (GtkWidget    *from,
                              GjSession    *session,
                              const GjKind *kind,
                              const char   *id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GjRecord) record = NULL;

  g_return_val_if_fail (GTK_IS_WIDGET (from), NULL);
  g_return_val_if_fail (GJ_IS_SESSION (session), NULL);
  g_return_val_if_fail (kind != NULL && id != NULL, NULL);

  record = gj_store_get (gj_session_get_store (session), kind, id, &error);
  if (record == NULL)
    {
      if (!g_error_matches (error, GJ_DATA_ERROR, GJ_DATA_ERROR_NOT_FOUND))
        gtk_widget_activate_action (from, "win.toast", "s", error->message);
      return NULL;
    }
  return gj_record_editor_open (from, session, kind, record, NULL);
}

static void
gj_record_editor_dispose (GObject *object)
{
  GjRecordEditor *self = GJ_RECORD_EDITOR (object);

  g_clear_signal_handler (&self->changed_id, self->session);
  gtk_widget_dispose_template (GTK_WIDGET (self), GJ_TYPE_RECORD_EDITOR);
  G_OBJECT_CLASS (gj_record_editor_parent_class)->dispose (object);
}

static void
gj_record_editor_finalize (GObject *object)
{
  GjRecordEditor *self = GJ_RECORD_EDITOR (object);

  g_ptr_array_unref (self->fields);
  g_ptr_array_unref (self->extra_groups);
  g_clear_pointer (&self->record, gj_record_unref);
  g_free (self->saved_id);
  g_clear_object (&self->session);
  G_OBJECT_CLASS (gj_record_editor_parent_class)->finalize (object);
}

static void
gj_record_editor_class_init (GjRecordEditorClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gj_record_editor_dispose;
  object_class->finalize = gj_record_editor_finalize;

  /**
   * GjRecordEditor::saved:
   * @id: the id of the record written
   */
  signals[SAVED] = g_signal_new ("saved", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                 0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/cn/gongjian/Gongjian/gj-record-editor.ui");
  gtk_widget_class_bind_template_child (widget_class, GjRecordEditor, window_title);
  gtk_widget_class_bind_template_child (widget_class, GjRecordEditor, cancel_button);
  gtk_widget_class_bind_template_child (widget_class, GjRecordEditor, save_button);
  gtk_widget_class_bind_template_child (widget_class, GjRecordEditor, error_revealer);
  gtk_widget_class_bind_template_child (widget_class, GjRecordEditor, error_label);
  gtk_widget_class_bind_template_child (widget_class, GjRecordEditor, page);
  gtk_widget_class_bind_template_child (widget_class, GjRecordEditor, fields_group);

  gtk_widget_class_install_action (widget_class, "editor.save", NULL, save_action);
  gtk_widget_class_install_action (widget_class, "editor.delete", NULL, delete_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK,
                                       "editor.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
gj_record_editor_init (GjRecordEditor *self)
{
  self->fields = g_ptr_array_new ();
  self->extra_groups = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}
