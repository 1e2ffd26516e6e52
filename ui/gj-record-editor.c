/* gj-record-editor.c: a form for one record of any kind
 *
 * The fields, their labels and their choices are data (GjKind), so one
 * editor serves every kind. It also shows what links to the record (an
 * incubation's service log and evaluations, an agreement's items, a
 * project's parties) and the record's history from change capture.
 *
 * Values are checked as they are typed with the data layer's own parser;
 * a write's error names its field, and is shown under that field.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-record-editor"

#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>
#include <string.h>

#include "gj-data-error.h"
#include "gj-format.h"
#include "gj-hlc.h"
#include "gj-record-editor.h"

#define MAX_CHOICES 1000
#define MAX_RELATED 50

typedef struct
{
  const GjField *field;
  GtkWidget     *row;
  GtkWidget     *error_row;
  GtkLabel      *error_label;
  GtkWidget     *control;   /* GtkSwitch of a flag, GtkCalendar of a date */
  GtkStringList *strings;   /* choices of a combo row */
  GPtrArray     *keys;      /* stored value of each choice; "" for none */
  GPtrArray     *checks;    /* GtkCheckButton per value of a set */
  char          *error;
} FieldUi;

struct _GjRecordEditor
{
  AdwWindow            parent_instance;

  GjSession           *session;
  const GjKind        *kind;
  GjRecord            *record;   /* the record edited; NULL for a new one */
  char                *saved_id;
  GPtrArray           *fields;   /* FieldUi */
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

static void
field_ui_free (FieldUi *fu)
{
  g_clear_pointer (&fu->keys, g_ptr_array_unref);
  g_clear_pointer (&fu->checks, g_ptr_array_unref);
  g_clear_object (&fu->strings);
  g_free (fu->error);
  g_free (fu);
}

static FieldUi *
find_field (GjRecordEditor *self,
            const char     *name)
{
  for (guint i = 0; i < self->fields->len; i++)
    {
      FieldUi *fu = g_ptr_array_index (self->fields, i);

      if (g_str_equal (fu->field->name, name))
        return fu;
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

/* Errors shown on fields */

static void
show_field_error (FieldUi    *fu,
                  const char *message)
{
  g_free (fu->error);
  fu->error = g_strdup (message);
  gtk_label_set_label (fu->error_label, message ? message : "");
  gtk_widget_set_visible (fu->error_row, message != NULL);
  if (message != NULL)
    gtk_widget_add_css_class (fu->row, "error");
  else
    gtk_widget_remove_css_class (fu->row, "error");
}

static void
show_banner (GjRecordEditor *self,
             const char     *message)
{
  if (message != NULL)
    gtk_label_set_label (self->error_label, message);
  gtk_revealer_set_reveal_child (self->error_revealer, message != NULL);
}

/* The error messages of the data layer start with the field's label. */
static FieldUi *
field_of_error (GjRecordEditor *self,
                const char     *message)
{
  for (guint i = 0; i < self->fields->len; i++)
    {
      FieldUi *fu = g_ptr_array_index (self->fields, i);
      const char *label = _(fu->field->label);
      gsize n = strlen (label);

      if (strncmp (message, label, n) == 0 && (message[n] == ':' || g_str_has_prefix (message + n, "：")))
        return fu;
    }
  return NULL;
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

static char *
field_text (FieldUi *fu)
{
  switch (fu->field->type)
    {
    case GJ_FIELD_ENUM:
    case GJ_FIELD_REF:
      {
        guint i = adw_combo_row_get_selected (ADW_COMBO_ROW (fu->row));

        if (i == GTK_INVALID_LIST_POSITION || i >= fu->keys->len)
          return g_strdup ("");
        return g_strdup (g_ptr_array_index (fu->keys, i));
      }
    case GJ_FIELD_BOOL:
      return g_strdup (gtk_switch_get_active (GTK_SWITCH (fu->control)) ? "yes" : "no");
    case GJ_FIELD_ENUM_SET:
      {
        g_autoptr(GString) s = g_string_new (NULL);

        for (guint i = 0; i < fu->checks->len; i++)
          if (gtk_check_button_get_active (g_ptr_array_index (fu->checks, i)))
            g_string_append_printf (s, "%s%s", s->len ? "," : "", fu->field->values[i].key);
        return g_string_free (g_steal_pointer (&s), FALSE);
      }
    default:
      if (ADW_IS_COMBO_ROW (fu->row))  /* a dynamic reference */
        {
          guint i = adw_combo_row_get_selected (ADW_COMBO_ROW (fu->row));

          if (i == GTK_INVALID_LIST_POSITION || i >= fu->keys->len)
            return g_strdup ("");
          return g_strdup (g_ptr_array_index (fu->keys, i));
        }
      return g_strdup (gtk_editable_get_text (GTK_EDITABLE (fu->row)));
    }
}

static void
add_choice (FieldUi    *fu,
            const char *key,
            const char *label)
{
  g_ptr_array_add (fu->keys, g_strdup (key));
  gtk_string_list_append (fu->strings, label);
}

static void
select_key (GjRecordEditor *self,
            FieldUi        *fu,
            const char     *key)
{
  for (guint i = 0; i < fu->keys->len; i++)
    if (g_str_equal (g_ptr_array_index (fu->keys, i), key ? key : ""))
      {
        adw_combo_row_set_selected (ADW_COMBO_ROW (fu->row), i);
        return;
      }
  /* A record beyond the first choices, or one made elsewhere since. */
  if (key != NULL && key[0] != '\0' && fu->field->type != GJ_FIELD_ENUM)
    {
      const char *kind = fu->field->ref_kind;
      g_autofree char *title = NULL;

      if (is_dynamic_ref (self, fu->field))
        {
          FieldUi *role = find_field (self, "role");
          g_autofree char *r = role ? field_text (role) : NULL;

          kind = gj_format_party_kind (r);
        }
      title = kind ? gj_format_ref_title (gj_session_get_store (self->session), kind, key)
                   : g_strdup (key);
      add_choice (fu, key, title);
      adw_combo_row_set_selected (ADW_COMBO_ROW (fu->row), fu->keys->len - 1);
    }
}

static void
set_field_text (GjRecordEditor *self,
                FieldUi        *fu,
                const char     *text)
{
  switch (fu->field->type)
    {
    case GJ_FIELD_ENUM:
      {
        const GjEnumValue *v = gj_field_enum_lookup (fu->field, text);

        select_key (self, fu, v ? v->key : "");
      }
      break;
    case GJ_FIELD_REF:
      select_key (self, fu, text);
      break;
    case GJ_FIELD_BOOL:
      {
        g_autoptr(GjRecord) scratch = gj_record_new (self->kind);

        gtk_switch_set_active (GTK_SWITCH (fu->control),
                               gj_record_parse (scratch, fu->field->name, text, NULL) &&
                               gj_record_get_bool (scratch, fu->field->name));
      }
      break;
    case GJ_FIELD_ENUM_SET:
      {
        g_auto(GStrv) parts = g_regex_split_simple ("[,，、;；]", text ? text : "", 0, 0);

        for (guint i = 0; i < fu->checks->len; i++)
          gtk_check_button_set_active (g_ptr_array_index (fu->checks, i), FALSE);
        for (guint i = 0; parts[i]; i++)
          {
            const GjEnumValue *v = gj_field_enum_lookup (fu->field, g_strstrip (parts[i]));

            if (v != NULL)
              gtk_check_button_set_active (g_ptr_array_index (fu->checks, v - fu->field->values),
                                           TRUE);
          }
      }
      break;
    default:
      if (ADW_IS_COMBO_ROW (fu->row))
        select_key (self, fu, text);
      else
        gtk_editable_set_text (GTK_EDITABLE (fu->row), text ? text : "");
      break;
    }
}

/* Choices of references */

static void
fill_ref_choices (GjRecordEditor *self,
                  FieldUi        *fu,
                  const char     *kind_name)
{
  GjStore *store = gj_session_get_store (self->session);
  const GjKind *target = kind_name ? gj_schema_lookup (kind_name) : NULL;
  g_autoptr(GPtrArray) records = NULL;
  GjQuery q = { 0, };

  g_ptr_array_set_size (fu->keys, 0);
  gtk_string_list_splice (fu->strings, 0, g_list_model_get_n_items (G_LIST_MODEL (fu->strings)),
                          NULL);
  if (!(fu->field->flags & GJ_FIELD_FLAG_REQUIRED) || target == NULL)
    add_choice (fu, "", _("None"));
  if (target == NULL)
    return;

  q.limit = MAX_CHOICES;
  records = gj_store_list (store, target, &q, NULL);
  for (guint i = 0; records && i < records->len; i++)
    {
      GjRecord *rec = g_ptr_array_index (records, i);
      g_autofree char *title = gj_format_record_title (store, rec);

      /* A record may not refer to itself (an agreement renewing itself). */
      if (self->record && g_str_equal (rec->id, self->record->id))
        continue;
      add_choice (fu, rec->id, title);
    }
}

static void
role_changed_cb (AdwComboRow    *row,
                 GParamSpec     *pspec,
                 GjRecordEditor *self)
{
  FieldUi *role = find_field (self, "role");
  FieldUi *party = find_field (self, "party_id");
  g_autofree char *r = NULL;

  if (role == NULL || party == NULL)
    return;
  r = field_text (role);
  fill_ref_choices (self, party, gj_format_party_kind (r));
}

/* Validation as people type */

static void
entry_changed_cb (GtkEditable    *editable,
                  GjRecordEditor *self)
{
  FieldUi *fu = g_object_get_data (G_OBJECT (editable), "gj-field-ui");
  g_autoptr(GjRecord) scratch = gj_record_new (self->kind);
  g_autoptr(GError) error = NULL;

  if (!gj_record_parse (scratch, fu->field->name, gtk_editable_get_text (editable), &error))
    show_field_error (fu, error->message);
  else
    show_field_error (fu, NULL);
}

/* Dates */

static void
calendar_day_selected_cb (GtkCalendar *calendar,
                          FieldUi     *fu)
{
  g_autoptr(GDateTime) dt = gtk_calendar_get_date (calendar);
  g_autofree char *iso = g_date_time_format (dt, "%Y-%m-%d");
  GtkWidget *popover = gtk_widget_get_ancestor (GTK_WIDGET (calendar), GTK_TYPE_POPOVER);

  gtk_editable_set_text (GTK_EDITABLE (fu->row), iso);
  if (popover != NULL)
    gtk_popover_popdown (GTK_POPOVER (popover));
}

static void
calendar_popover_show_cb (GtkPopover *popover,
                          FieldUi    *fu)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (fu->row));
  int y, m, d;

  if (sscanf (text, "%d-%d-%d", &y, &m, &d) == 3 && g_date_valid_dmy (d, m, y))
    {
      g_autoptr(GDateTime) dt = g_date_time_new_local (y, m, d, 0, 0, 0);

      g_signal_handlers_block_by_func (fu->control, calendar_day_selected_cb, fu);
      gtk_calendar_select_day (GTK_CALENDAR (fu->control), dt);
      g_signal_handlers_unblock_by_func (fu->control, calendar_day_selected_cb, fu);
    }
}

/* Building the form */

static FieldUi *
add_field (GjRecordEditor *self,
           const GjField  *field)
{
  FieldUi *fu = g_new0 (FieldUi, 1);
  const char *label = _(field->label);

  fu->field = field;
  switch (field->type)
    {
    case GJ_FIELD_ENUM:
    case GJ_FIELD_REF:
      fu->row = adw_combo_row_new ();
      fu->strings = gtk_string_list_new (NULL);
      fu->keys = g_ptr_array_new_with_free_func (g_free);
      if (field->type == GJ_FIELD_ENUM)
        {
          if (!(field->flags & GJ_FIELD_FLAG_REQUIRED))
            add_choice (fu, "", _("None"));
          for (const GjEnumValue *v = field->values; v->key; v++)
            add_choice (fu, v->key, _(v->label));
        }
      else
        fill_ref_choices (self, fu, field->ref_kind);
      adw_combo_row_set_model (ADW_COMBO_ROW (fu->row), G_LIST_MODEL (fu->strings));
      break;

    case GJ_FIELD_BOOL:
      fu->row = adw_action_row_new ();
      fu->control = gtk_switch_new ();
      gtk_widget_set_valign (fu->control, GTK_ALIGN_CENTER);
      adw_action_row_add_suffix (ADW_ACTION_ROW (fu->row), fu->control);
      adw_action_row_set_activatable_widget (ADW_ACTION_ROW (fu->row), fu->control);
      break;

    case GJ_FIELD_ENUM_SET:
      fu->row = adw_expander_row_new ();
      fu->checks = g_ptr_array_new ();
      for (const GjEnumValue *v = field->values; v->key; v++)
        {
          GtkWidget *row = adw_action_row_new ();
          GtkWidget *check = gtk_check_button_new ();

          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _(v->label));
          gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
          adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
          adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
          adw_expander_row_add_row (ADW_EXPANDER_ROW (fu->row), row);
          g_ptr_array_add (fu->checks, check);
        }
      break;

    case GJ_FIELD_TEXT:
    case GJ_FIELD_INT:
    case GJ_FIELD_REAL:
    case GJ_FIELD_MONEY:
    case GJ_FIELD_DATE:
    case GJ_FIELD_CREDIT_CODE:
    case GJ_FIELD_RESIDENT_ID:
    case GJ_FIELD_MOBILE:
    default:
      if (is_dynamic_ref (self, field))
        {
          fu->row = adw_combo_row_new ();
          fu->strings = gtk_string_list_new (NULL);
          fu->keys = g_ptr_array_new_with_free_func (g_free);
          adw_combo_row_set_model (ADW_COMBO_ROW (fu->row), G_LIST_MODEL (fu->strings));
          break;
        }
      fu->row = adw_entry_row_new ();
      if (field->type == GJ_FIELD_INT || field->type == GJ_FIELD_REAL ||
          field->type == GJ_FIELD_MONEY)
        adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (fu->row), GTK_INPUT_PURPOSE_NUMBER);
      else if (field->type == GJ_FIELD_MOBILE)
        adw_entry_row_set_input_purpose (ADW_ENTRY_ROW (fu->row), GTK_INPUT_PURPOSE_PHONE);
      if (field->type == GJ_FIELD_DATE)
        {
          GtkWidget *button = gtk_menu_button_new ();
          GtkWidget *popover = gtk_popover_new ();

          fu->control = gtk_calendar_new ();
          gtk_popover_set_child (GTK_POPOVER (popover), fu->control);
          gtk_menu_button_set_popover (GTK_MENU_BUTTON (button), popover);
          gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "x-office-calendar-symbolic");
          gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
          gtk_widget_add_css_class (button, "flat");
          gtk_widget_set_tooltip_text (button, _("Choose a Date"));
          gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                          _("Choose a Date"), -1);
          adw_entry_row_add_suffix (ADW_ENTRY_ROW (fu->row), button);
          g_signal_connect (fu->control, "day-selected", G_CALLBACK (calendar_day_selected_cb), fu);
          g_signal_connect (popover, "show", G_CALLBACK (calendar_popover_show_cb), fu);
        }
      g_object_set_data (G_OBJECT (fu->row), "gj-field-ui", fu);
      g_signal_connect (fu->row, "changed", G_CALLBACK (entry_changed_cb), self);
      break;
    }

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (fu->row), label);
  gtk_widget_set_sensitive (fu->row, !self->read_only);
  adw_preferences_group_add (self->fields_group, fu->row);

  /* The error row sits right under its field, so the message is read
   * where the problem is. */
  fu->error_row = adw_preferences_row_new ();
  fu->error_label = GTK_LABEL (gtk_label_new (NULL));
  gtk_label_set_wrap (fu->error_label, TRUE);
  gtk_label_set_xalign (fu->error_label, 0);
  gtk_widget_add_css_class (GTK_WIDGET (fu->error_label), "error");
  gtk_widget_add_css_class (GTK_WIDGET (fu->error_label), "caption");
  gtk_widget_set_margin_start (GTK_WIDGET (fu->error_label), 12);
  gtk_widget_set_margin_end (GTK_WIDGET (fu->error_label), 12);
  gtk_widget_set_margin_top (GTK_WIDGET (fu->error_label), 6);
  gtk_widget_set_margin_bottom (GTK_WIDGET (fu->error_label), 6);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (fu->error_row), GTK_WIDGET (fu->error_label));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (fu->error_row), FALSE);
  gtk_widget_set_visible (fu->error_row, FALSE);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (fu->row), GTK_ACCESSIBLE_RELATION_DESCRIBED_BY,
                                  fu->error_label, NULL, -1);
  adw_preferences_group_add (self->fields_group, fu->error_row);

  g_ptr_array_add (self->fields, fu);
  return fu;
}

/* History and related records */

static void
open_related_cb (AdwActionRow   *row,
                 GjRecordEditor *self)
{
  GjRecord *rec = g_object_get_data (G_OBJECT (row), "gj-record");

  gj_record_editor_open (GTK_WIDGET (self), self->session, rec->kind, rec, NULL);
}

static void
add_related_cb (GtkButton      *button,
                GjRecordEditor *self)
{
  const GjKind *kind = g_object_get_data (G_OBJECT (button), "gj-kind");
  const char *field = g_object_get_data (G_OBJECT (button), "gj-field");

  gj_record_editor_open (GTK_WIDGET (self), self->session, kind, NULL,
                         field, self->record->id, NULL);
}

static void
add_extra_group (GjRecordEditor      *self,
                 AdwPreferencesGroup *group)
{
  adw_preferences_page_add (self->page, group);
  g_ptr_array_add (self->extra_groups, group);
}

static GtkWidget *
related_row (GjStore  *store,
             GjRecord *rec)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;

  gj_format_record_summary (store, rec, &title, &subtitle);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "gj-record", gj_record_ref (rec),
                          (GDestroyNotify) gj_record_unref);
  return row;
}

static void
add_related_group (GjRecordEditor *self,
                   const GjKind   *child,
                   const GjField  *field)
{
  GjStore *store = gj_session_get_store (self->session);
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  GjFilter filter = { field->name, self->record->id };
  GjQuery q = { &filter, 1, NULL, NULL, TRUE, MAX_RELATED, 0, FALSE };
  g_autoptr(GPtrArray) records = NULL;
  gint64 total;
  GtkWidget *add;

  /* Newest first for logs (they sort by their date), by name otherwise. */
  if (gj_kind_field_index (child, "date") >= 0)
    q.sort_field = "date";
  else
    q.descending = FALSE;

  total = gj_store_count (store, child, &q, NULL);
  records = gj_store_list (store, child, &q, NULL);

  adw_preferences_group_set_title (group, _(child->label_plural));
  add = gtk_button_new_from_icon_name ("list-add-symbolic");
  gtk_widget_add_css_class (add, "flat");
  gtk_widget_set_valign (add, GTK_ALIGN_CENTER);
  {
    g_autofree char *tip = g_strdup_printf (_("Add %s"), _(child->label));

    gtk_widget_set_tooltip_text (add, tip);
    gtk_accessible_update_property (GTK_ACCESSIBLE (add), GTK_ACCESSIBLE_PROPERTY_LABEL, tip, -1);
  }
  g_object_set_data (G_OBJECT (add), "gj-kind", (gpointer) child);
  g_object_set_data (G_OBJECT (add), "gj-field", (gpointer) field->name);
  g_signal_connect (add, "clicked", G_CALLBACK (add_related_cb), self);
  adw_preferences_group_set_header_suffix (group, add);

  if (records == NULL || records->len == 0)
    {
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), _("None yet"));
      gtk_widget_add_css_class (row, "dim-label");
      adw_preferences_group_add (group, row);
    }
  for (guint i = 0; records && i < records->len; i++)
    {
      GtkWidget *row = related_row (store, g_ptr_array_index (records, i));

      g_signal_connect (row, "activated", G_CALLBACK (open_related_cb), self);
      adw_preferences_group_add (group, row);
    }
  if (total > MAX_RELATED)
    {
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *more = g_strdup_printf (_("And %lld more"), (long long) (total - MAX_RELATED));

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), more);
      gtk_widget_add_css_class (row, "dim-label");
      adw_preferences_group_add (group, row);
    }
  add_extra_group (self, group);
}

/* The projects a community, worker, organization, team or resource takes
 * part in, through the project's five parties. */
static void
add_projects_group (GjRecordEditor *self)
{
  GjStore *store = gj_session_get_store (self->session);
  const GjKind *party_kind = gj_schema_lookup ("project_party");
  const GjKind *project_kind = gj_schema_lookup ("project");
  GjFilter filter = { "party_id", self->record->id };
  GjQuery q = { &filter, 1, NULL, NULL, FALSE, MAX_RELATED, 0, FALSE };
  g_autoptr(GPtrArray) parties = gj_store_list (store, party_kind, &q, NULL);
  AdwPreferencesGroup *group;

  if (parties == NULL || parties->len == 0)
    return;
  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("Takes Part in Projects"));
  for (guint i = 0; i < parties->len; i++)
    {
      GjRecord *party = g_ptr_array_index (parties, i);
      g_autoptr(GjRecord) project = gj_store_get (store, project_kind,
                                                  gj_record_get_text (party, "project_id"), NULL);
      GtkWidget *row;
      g_autofree char *role = NULL;

      if (project == NULL || gj_record_is_deleted (project))
        continue;
      row = related_row (store, project);
      role = gj_record_format (party, "role", FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), role);
      g_signal_connect (row, "activated", G_CALLBACK (open_related_cb), self);
      adw_preferences_group_add (group, row);
    }
  add_extra_group (self, group);
}

static int
compare_cells_newest_first (gconstpointer a,
                            gconstpointer b)
{
  const GjCell *x = *(GjCell **) a, *y = *(GjCell **) b;

  return x->hlc < y->hlc ? 1 : x->hlc > y->hlc ? -1 : 0;
}

static void
add_history_group (GjRecordEditor *self)
{
  GjStore *store = gj_session_get_store (self->session);
  g_autoptr(GPtrArray) cells = gj_store_cells (store, self->kind, self->record->id, NULL);
  g_autoptr(GjRecord) current = gj_store_get (store, self->kind, self->record->id, NULL);
  AdwPreferencesGroup *group;
  GtkWidget *expander;
  const char *own = gj_store_get_site_id (store);
  guint shown = 0;

  if (cells == NULL || current == NULL)
    return;
  g_ptr_array_sort (cells, compare_cells_newest_first);

  group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  adw_preferences_group_set_title (group, _("History"));
  adw_preferences_group_set_description (group, _("When each field last changed, and on which device"));
  expander = adw_expander_row_new ();
  adw_preferences_group_add (group, expander);

  for (guint i = 0; i < cells->len; i++)
    {
      GjCell *cell = g_ptr_array_index (cells, i);
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *when = gj_hlc_format (cell->hlc);
      g_autofree char *device = NULL;
      g_autofree char *subtitle = NULL;
      g_autofree char *value = NULL;
      const char *title;

      if (cell->column < self->kind->n_fields)
        {
          const GjField *field = &self->kind->fields[cell->column];

          if (field->flags & GJ_FIELD_FLAG_INTERNAL)
            continue;
          title = _(field->label);
          value = gj_format_field (store, current, field, TRUE, NULL);
        }
      else
        {
          title = gj_record_is_deleted (current) ? _("Deleted") : _("Restored");
          value = g_strdup ("");
        }

      if (g_strcmp0 (cell->site, own) == 0)
        device = g_strdup (_("this device"));
      else
        device = g_strdup_printf (_("device %.8s"), cell->site);
      /* TRANSLATORS: when a field changed, and on which device */
      subtitle = g_strdup_printf (_("%s, on %s"), when, device);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      if (value[0] != '\0')
        {
          GtkWidget *label = gtk_label_new (value);

          gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
          gtk_label_set_max_width_chars (GTK_LABEL (label), 24);
          gtk_widget_add_css_class (label, "dim-label");
          adw_action_row_add_suffix (ADW_ACTION_ROW (row), label);
        }
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), row);
      if (shown++ == 0)
        {
          g_autofree char *latest = g_strdup_printf (_("Last change: %s"), title);

          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), latest);
          adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), subtitle);
        }
    }
  add_extra_group (self, group);
}

static void
add_delete_group (GjRecordEditor *self)
{
  AdwPreferencesGroup *group = ADW_PREFERENCES_GROUP (adw_preferences_group_new ());
  GtkWidget *button = gtk_button_new_with_mnemonic (_("_Delete…"));

  gtk_widget_add_css_class (button, "destructive-action");
  gtk_widget_set_halign (button, GTK_ALIGN_START);
  gtk_actionable_set_action_name (GTK_ACTIONABLE (button), "editor.delete");
  adw_preferences_group_add (group, button);
  add_extra_group (self, group);
}

static gboolean
is_navigable_child (const GjKind *child)
{
  return !g_str_equal (child->name, "conflict") && !g_str_equal (child->name, "attachment") &&
         !g_str_equal (child->name, "street") && !g_str_equal (child->name, "district");
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
            add_related_group (self, child, field);
        }
    }
  if (g_str_equal (self->kind->name, "community") || g_str_equal (self->kind->name, "social_worker") ||
      g_str_equal (self->kind->name, "organization") ||
      g_str_equal (self->kind->name, "volunteer_team") || g_str_equal (self->kind->name, "resource"))
    add_projects_group (self);

  add_history_group (self);
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
  /* Our own record deleted elsewhere (or from our own Delete button). */
  if (g_str_equal (kind_name, self->kind->name))
    {
      g_autoptr(GjRecord) now = gj_store_get (gj_session_get_store (session), self->kind,
                                              self->record->id, NULL);

      if (now == NULL || gj_record_is_deleted (now))
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

static void
delete_action (GtkWidget  *widget,
               const char *action,
               GVariant   *param)
{
  GjRecordEditor *self = GJ_RECORD_EDITOR (widget);
  GtkWindow *main = GTK_WINDOW (self);

  if (self->record == NULL)
    return;
  /* The toast with Undo belongs to the main window, under all editors. */
  while (gtk_window_get_transient_for (main) != NULL)
    main = gtk_window_get_transient_for (main);
  gtk_widget_activate_action (GTK_WIDGET (main), "win.delete-record", "(ss)", self->kind->name,
                              self->record->id);
}

/* Public */

gboolean
gj_record_editor_save (GjRecordEditor  *self,
                       GError         **error)
{
  g_autoptr(GjRecord) rec = NULL;
  g_autoptr(GError) local = NULL;
  FieldUi *first_bad = NULL;
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
      FieldUi *fu = g_ptr_array_index (self->fields, i);
      g_autofree char *text = field_text (fu);
      g_autoptr(GError) field_error = NULL;

      g_strstrip (text);
      if ((fu->field->flags & GJ_FIELD_FLAG_REQUIRED) && text[0] == '\0')
        {
          g_autofree char *msg = g_strdup_printf (_("%s: this field is required"),
                                                  _(fu->field->label));
          show_field_error (fu, msg);
        }
      else if (!gj_record_parse (rec, fu->field->name, text, &field_error))
        show_field_error (fu, field_error->message);
      else
        show_field_error (fu, NULL);
      if (fu->error != NULL && first_bad == NULL)
        first_bad = fu;
    }
  if (first_bad != NULL)
    {
      gtk_widget_grab_focus (first_bad->row);
      g_set_error_literal (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID, first_bad->error);
      return FALSE;
    }

  if (self->record != NULL)
    ok = gj_session_update (self->session, rec, GJ_WRITE_NONE, &local);
  else
    ok = gj_session_insert (self->session, rec, &local);
  if (!ok)
    {
      FieldUi *fu = field_of_error (self, local->message);

      if (fu != NULL)
        {
          show_field_error (fu, local->message);
          gtk_widget_grab_focus (fu->row);
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
  FieldUi *fu;

  g_return_if_fail (GJ_IS_RECORD_EDITOR (self));

  fu = find_field (self, field);
  g_return_if_fail (fu != NULL);
  set_field_text (self, fu, text);
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
  FieldUi *fu;

  g_return_val_if_fail (GJ_IS_RECORD_EDITOR (self), NULL);
  fu = find_field (self, field);
  return fu ? fu->error : NULL;
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
      FieldUi *fu;

      if (field->flags & GJ_FIELD_FLAG_INTERNAL)
        continue;
      fu = add_field (self, field);
      if (record != NULL)
        {
          g_autofree char *text = stored_text (record, field);

          if (is_dynamic_ref (self, field))
            role_changed_cb (NULL, NULL, self);
          set_field_text (self, fu, text);
          show_field_error (fu, NULL);
        }
    }
  if (find_field (self, "role") && find_field (self, "party_id"))
    {
      FieldUi *role = find_field (self, "role");

      if (record == NULL)
        role_changed_cb (NULL, NULL, self);
      g_signal_connect (role->row, "notify::selected", G_CALLBACK (role_changed_cb), self);
    }

  if (self->read_only)
    {
      gtk_widget_set_visible (self->save_button, FALSE);
      gtk_button_set_label (GTK_BUTTON (self->cancel_button), _("_Close"));
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
  GtkRoot *root = from ? gtk_widget_get_root (from) : NULL;
  const char *field;
  va_list args;

  va_start (args, first_preset);
  for (field = first_preset; field != NULL; field = va_arg (args, const char *))
    {
      const char *value = va_arg (args, const char *);

      if (find_field (self, field) != NULL)
        set_field_text (self, find_field (self, field), value);
    }
  va_end (args);

  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (self), GTK_WINDOW (root));
  gtk_window_present (GTK_WINDOW (self));
  return self;
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
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_s, GDK_CONTROL_MASK, "editor.save", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
gj_record_editor_init (GjRecordEditor *self)
{
  self->fields = g_ptr_array_new_with_free_func ((GDestroyNotify) field_ui_free);
  self->extra_groups = g_ptr_array_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}
