/* gj-choice-row.c: a field chosen from a list: an enumeration's values or
 * another kind's records
 *
 * The records of a kind can be many, so they are listed by the session's
 * reader, off the main thread, and fill the list when they come. A value
 * set before then (a record being opened, a preset) is shown with its own
 * title right away and stays selected when the list arrives.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-choice-row"

#include "config.h"

#include <glib/gi18n.h>

#include "gj-choice-row.h"
#include "gj-format.h"
#include "gj-reader.h"

#define MAX_CHOICES 1000

struct _GjChoiceRow
{
  AdwComboRow    parent_instance;

  GtkStringList *strings;      /* the titles shown */
  GPtrArray     *keys;         /* the stored value of each title; "" for none */
  GjSession     *session;
  char          *ref_kind;     /* whose records are the choices; NULL for an enumeration */
  char          *exclude_id;
  GCancellable  *cancellable;  /* of the records being read */
};

static void field_row_iface_init (GjFieldRowInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GjChoiceRow, gj_choice_row, ADW_TYPE_COMBO_ROW,
                               G_IMPLEMENT_INTERFACE (GJ_TYPE_FIELD_ROW, field_row_iface_init))

static void
clear_choices (GjChoiceRow *self)
{
  g_ptr_array_set_size (self->keys, 0);
  gtk_string_list_splice (self->strings, 0,
                          g_list_model_get_n_items (G_LIST_MODEL (self->strings)), NULL);
}

static void
add_choice (GjChoiceRow *self,
            const char  *key,
            const char  *title)
{
  g_ptr_array_add (self->keys, g_strdup (key));
  gtk_string_list_append (self->strings, title);
}

static int
find_key (GjChoiceRow *self,
          const char  *key)
{
  for (guint i = 0; i < self->keys->len; i++)
    if (g_str_equal (g_ptr_array_index (self->keys, i), key))
      return i;
  return -1;
}

static gboolean
is_required (GjChoiceRow *self)
{
  return gj_field_row_get_field (GJ_FIELD_ROW (self))->flags & GJ_FIELD_FLAG_REQUIRED;
}

static char *
get_value (GjFieldRow *row)
{
  GjChoiceRow *self = GJ_CHOICE_ROW (row);
  guint i = adw_combo_row_get_selected (ADW_COMBO_ROW (self));

  if (i == GTK_INVALID_LIST_POSITION || i >= self->keys->len)
    return g_strdup ("");
  return g_strdup (g_ptr_array_index (self->keys, i));
}

static void
select_key (GjChoiceRow *self,
            const char  *key)
{
  int i = find_key (self, key ? key : "");
  g_autofree char *title = NULL;

  if (i >= 0)
    {
      adw_combo_row_set_selected (ADW_COMBO_ROW (self), i);
      return;
    }
  /* A record beyond the first choices, one made elsewhere since, or one
   * whose list is still being read. */
  if (key == NULL || key[0] == '\0' || self->ref_kind == NULL)
    return;
  title = gj_format_ref_title (gj_session_get_store (self->session), self->ref_kind, key);
  add_choice (self, key, title);
  adw_combo_row_set_selected (ADW_COMBO_ROW (self), self->keys->len - 1);
}

/* Keys, or for an enumeration also its labels in either language. */
static void
set_value (GjFieldRow *row,
           const char *text)
{
  GjChoiceRow *self = GJ_CHOICE_ROW (row);
  const GjField *field = gj_field_row_get_field (row);

  if (field->type == GJ_FIELD_ENUM)
    {
      const GjEnumValue *v = gj_field_enum_lookup (field, text);

      select_key (self, v ? v->key : "");
    }
  else
    select_key (self, text);
}

static void
field_row_iface_init (GjFieldRowInterface *iface)
{
  iface->get_value = get_value;
  iface->set_value = set_value;
}

/* Reading the records */

/* In the reader's thread: (id, title) pairs of the records of a kind. */
static gpointer
read_choices (GjStore       *store,
              gpointer       data,
              GCancellable  *cancellable,
              GError       **error)
{
  return gj_format_titles (store, data, MAX_CHOICES, error);
}

static void
choices_read_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GjChoiceRow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = gj_reader_run_finish (GJ_READER (source), result, &error);
  g_autofree char *selected = NULL;
  g_autofree char *selected_title = NULL;
  guint i;

  if (found == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not list the choices of %s: %s", self->ref_kind, error->message);
      return;
    }

  /* What was selected meanwhile stays selected, under its own title if
   * the list does not have it. */
  selected = get_value (GJ_FIELD_ROW (self));
  i = adw_combo_row_get_selected (ADW_COMBO_ROW (self));
  if (i != GTK_INVALID_LIST_POSITION && i < self->keys->len)
    selected_title = g_strdup (gtk_string_list_get_string (self->strings, i));

  clear_choices (self);
  if (!is_required (self))
    add_choice (self, "", _("None"));
  for (i = 0; i + 1 < found->len; i += 2)
    if (g_strcmp0 (found->pdata[i], self->exclude_id) != 0)
      add_choice (self, found->pdata[i], found->pdata[i + 1]);
  if (selected[0] != '\0' && find_key (self, selected) < 0)
    add_choice (self, selected, selected_title);
  if (self->keys->len > 0)
    adw_combo_row_set_selected (ADW_COMBO_ROW (self), MAX (find_key (self, selected), 0));
}

void
gj_choice_row_load (GjChoiceRow *self,
                    const char  *ref_kind)
{
  const GjKind *target;

  g_return_if_fail (GJ_IS_CHOICE_ROW (self));
  g_return_if_fail (self->session != NULL);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_free (self->ref_kind);
  self->ref_kind = g_strdup (ref_kind);
  target = ref_kind ? gj_schema_lookup (ref_kind) : NULL;

  clear_choices (self);
  if (!is_required (self) || target == NULL)
    add_choice (self, "", _("None"));
  if (target == NULL)
    return;

  self->cancellable = g_cancellable_new ();
  gj_reader_run_async (gj_session_get_reader (self->session), read_choices, (gpointer) target,
                       NULL, (GDestroyNotify) g_ptr_array_unref, self->cancellable,
                       choices_read_cb, g_object_ref (self));
}

GtkWidget *
gj_choice_row_new (GjSession     *session,
                   const GjKind  *kind,
                   const GjField *field,
                   const char    *exclude_id)
{
  GjChoiceRow *self;

  g_return_val_if_fail (session == NULL || GJ_IS_SESSION (session), NULL);
  g_return_val_if_fail (kind != NULL && field != NULL, NULL);
  g_return_val_if_fail (field->type == GJ_FIELD_ENUM || session != NULL, NULL);

  self = g_object_new (GJ_TYPE_CHOICE_ROW, NULL);
  gj_field_row_setup (GJ_FIELD_ROW (self), kind, field);
  g_set_object (&self->session, session);
  self->exclude_id = g_strdup (exclude_id);
  if (field->type == GJ_FIELD_ENUM)
    {
      if (!is_required (self))
        add_choice (self, "", _("None"));
      for (const GjEnumValue *v = field->values; v->key; v++)
        add_choice (self, v->key, _(v->label));
    }
  else if (field->type == GJ_FIELD_REF)
    gj_choice_row_load (self, field->ref_kind);
  return GTK_WIDGET (self);
}

static void
gj_choice_row_dispose (GObject *object)
{
  GjChoiceRow *self = GJ_CHOICE_ROW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (object), GJ_TYPE_CHOICE_ROW);
  G_OBJECT_CLASS (gj_choice_row_parent_class)->dispose (object);
}

static void
gj_choice_row_finalize (GObject *object)
{
  GjChoiceRow *self = GJ_CHOICE_ROW (object);

  g_ptr_array_unref (self->keys);
  g_free (self->ref_kind);
  g_free (self->exclude_id);
  G_OBJECT_CLASS (gj_choice_row_parent_class)->finalize (object);
}

static void
gj_choice_row_class_init (GjChoiceRowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = gj_choice_row_dispose;
  G_OBJECT_CLASS (klass)->finalize = gj_choice_row_finalize;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/cn/gongjian/Gongjian/gj-choice-row.ui");
  gtk_widget_class_bind_template_child (widget_class, GjChoiceRow, strings);
}

static void
gj_choice_row_init (GjChoiceRow *self)
{
  self->keys = g_ptr_array_new_with_free_func (g_free);
  gtk_widget_init_template (GTK_WIDGET (self));
}
