/* gj-choice-row.c: a field chosen from a list: an enumeration's values or
 * another kind's records
 *
 * The row shows the chosen value; activating it opens a popover with a
 * search entry over the choices, each with its context (a person's
 * community, an activity's date…) so that two records of the same name can
 * be told apart. The records of a kind can be many, so the first of them
 * are listed by the session's reader, off the main thread, and fill the
 * list when they come. When there are more than that, what is typed is also
 * searched in the store, so any record can be found. A value set before
 * the list arrives (a record being opened, a preset) is shown with its own
 * title right away and stays chosen when the list arrives.
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
/* An enumeration this short is read at a glance; a search entry would
 * only be in the way. */
#define FEW_CHOICES 8

struct _GjChoiceRow
{
  AdwActionRow    parent_instance;

  GtkMenuButton  *button;
  GtkLabel       *value_label;
  GtkPopover     *popover;
  GtkSearchEntry *search_entry;
  GtkListView    *list_view;
  GtkLabel       *empty_label;

  GtkStringList  *keys;        /* the keys offered, in order; "" for none */
  GHashTable     *choices;     /* key -> GjChoice, of every key offered */
  GHashTable     *matched;     /* keys the store found for the query */
  GHashTable     *folded;      /* key -> its title and context casefolded, once searched */
  GtkFilterListModel *filtered;
  GtkCustomFilter *filter;
  char           *query;       /* casefolded search text, NULL for none */
  char           *selected;    /* the chosen key, "" for none */
  gboolean        complete;    /* every record of the kind is offered */

  GjSession      *session;
  char           *ref_kind;    /* whose records are the choices; NULL for an enumeration */
  char           *exclude_id;
  GCancellable   *cancellable; /* of the records being read */
  GCancellable   *search_cancellable;
};

enum
{
  PROP_0,
  PROP_VALUE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void field_row_iface_init (GjFieldRowInterface *iface);

G_DEFINE_FINAL_TYPE_WITH_CODE (GjChoiceRow, gj_choice_row, ADW_TYPE_ACTION_ROW,
                               G_IMPLEMENT_INTERFACE (GJ_TYPE_FIELD_ROW, field_row_iface_init))

static gboolean
is_required (GjChoiceRow *self)
{
  return gj_field_row_get_field (GJ_FIELD_ROW (self))->flags & GJ_FIELD_FLAG_REQUIRED;
}

static GjChoice *
choice_new (const char *key,
            const char *title,
            const char *context)
{
  GjChoice *choice = g_new0 (GjChoice, 1);

  choice->id = g_strdup (key);
  choice->title = g_strdup (title);
  choice->context = g_strdup (context ? context : "");
  return choice;
}

static void
clear_choices (GjChoiceRow *self)
{
  gtk_string_list_splice (self->keys, 0, g_list_model_get_n_items (G_LIST_MODEL (self->keys)),
                          NULL);
  g_hash_table_remove_all (self->choices);
  g_hash_table_remove_all (self->matched);
  g_hash_table_remove_all (self->folded);
}

/* Offers @choice (taken) unless its key is offered already. */
static void
add_choice (GjChoiceRow *self,
            GjChoice    *choice)
{
  /* The list and the table hold the same keys; the table first, as the
   * list's rows read it as soon as they are added. */
  gboolean offered = g_hash_table_contains (self->choices, choice->id);

  g_hash_table_remove (self->folded, choice->id);
  g_hash_table_replace (self->choices, choice->id, choice);
  if (!offered)
    gtk_string_list_append (self->keys, choice->id);
}

/* Offers the choices of @found (taking them) but the excluded record,
 * each key once, in one change of the list: a thousand records read are
 * one items-changed for the filter and the list view, not a thousand.
 * The keys are also added to @matched when it is not NULL. */
static void
add_found (GjChoiceRow *self,
           GPtrArray   *found,
           GHashTable  *matched)
{
  g_autoptr(GPtrArray) added = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < found->len; i++)
    {
      GjChoice *choice = g_ptr_array_index (found, i);

      if (g_strcmp0 (choice->id, self->exclude_id) == 0)
        continue;
      if (matched != NULL)
        g_hash_table_add (matched, g_strdup (choice->id));
      if (!g_hash_table_contains (self->choices, choice->id))
        g_ptr_array_add (added, g_strdup (choice->id));
      g_hash_table_remove (self->folded, choice->id);
      g_hash_table_replace (self->choices, choice->id, g_steal_pointer (&found->pdata[i]));
    }
  g_ptr_array_add (added, NULL);
  gtk_string_list_splice (self->keys, g_list_model_get_n_items (G_LIST_MODEL (self->keys)), 0,
                          (const char *const *) added->pdata);
}

/* "None" comes first, also when a chosen record was offered before it. */
static void
add_none (GjChoiceRow *self)
{
  const char *keys[] = { "", NULL };
  GjChoice *none;

  if (g_hash_table_contains (self->choices, ""))
    return;
  none = choice_new ("", _("None"), NULL);
  g_hash_table_replace (self->choices, none->id, none);
  gtk_string_list_splice (self->keys, 0, 0, keys);
}

/* Shows the chosen value: its title on the button (shortened in the middle
 * when the row is narrow, whole in the tooltip), its context under the
 * field's name. */
static void
show_selected (GjChoiceRow *self)
{
  GjChoice *choice = g_hash_table_lookup (self->choices, self->selected);
  const char *title = choice ? choice->title : "";
  const char *context = choice ? choice->context : "";
  g_autofree char *tooltip = NULL;

  if (self->selected[0] == '\0' && choice == NULL)
    title = is_required (self) ? _("Choose…") : _("None");
  gtk_label_set_label (self->value_label, title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), context);
  tooltip = context[0] ? g_strdup_printf ("%s\n%s", title, context) : g_strdup (title);
  gtk_widget_set_tooltip_text (GTK_WIDGET (self->button), tooltip);
}

static void
set_selected (GjChoiceRow *self,
              const char  *key)
{
  if (g_strcmp0 (self->selected, key) == 0)
    return;
  g_free (self->selected);
  self->selected = g_strdup (key);
  show_selected (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALUE]);
}

static char *
get_value (GjFieldRow *row)
{
  return g_strdup (GJ_CHOICE_ROW (row)->selected);
}

static void
select_key (GjChoiceRow *self,
            const char  *key)
{
  GjStore *store;
  const GjKind *target;
  g_autoptr(GjRecord) record = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *title = NULL;
  g_autofree char *context = NULL;

  if (key == NULL)
    key = "";
  /* A record beyond the first choices, one made elsewhere since, or one
   * whose list is still being read. */
  if (key[0] != '\0' && self->ref_kind != NULL && !g_hash_table_contains (self->choices, key))
    {
      store = gj_session_get_store (self->session);
      target = gj_schema_lookup (self->ref_kind);
      title = gj_format_ref_title (store, self->ref_kind, key);
      record = target ? gj_store_get (store, target, key, &error) : NULL;
      context = record ? gj_format_record_context (store, record, NULL) : NULL;
      add_choice (self, choice_new (key, title, context));
    }
  set_selected (self, key);
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

/* The list in the popover */

/* @choice's title and context casefolded, folded once for all the
 * searches typed while the popover is open, not once per key pressed. */
static const char *const *
folded_texts (GjChoiceRow *self,
              GjChoice    *choice)
{
  char **texts = g_hash_table_lookup (self->folded, choice->id);

  if (texts == NULL)
    {
      texts = g_new0 (char *, 3);
      texts[0] = g_utf8_casefold (choice->title, -1);
      texts[1] = g_utf8_casefold (choice->context, -1);
      g_hash_table_insert (self->folded, g_strdup (choice->id), texts);
    }
  return (const char *const *) texts;
}

static gboolean
filter_func (gpointer item,
             gpointer user_data)
{
  GjChoiceRow *self = user_data;
  const char *key = gtk_string_object_get_string (item);
  GjChoice *choice = g_hash_table_lookup (self->choices, key);
  const char *const *folded;

  if (self->query == NULL)
    return TRUE;
  if (choice == NULL || key[0] == '\0')
    return FALSE;
  folded = folded_texts (self, choice);
  return strstr (folded[0], self->query) != NULL || strstr (folded[1], self->query) != NULL ||
         g_hash_table_contains (self->matched, key);
}

static void
update_empty (GjChoiceRow *self)
{
  gtk_widget_set_visible (GTK_WIDGET (self->empty_label),
                          g_list_model_get_n_items (G_LIST_MODEL (self->filtered)) == 0);
}

static void
item_setup_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item,
               gpointer                  user_data)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *title = gtk_label_new (NULL);
  GtkWidget *context = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (title), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_xalign (GTK_LABEL (context), 0);
  gtk_label_set_ellipsize (GTK_LABEL (context), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (context, "dim-label");
  gtk_widget_add_css_class (context, "caption");
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), context);
  gtk_widget_set_margin_top (box, 3);
  gtk_widget_set_margin_bottom (box, 3);
  gtk_list_item_set_child (item, box);
}

static void
item_bind_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item,
              gpointer                  user_data)
{
  GjChoiceRow *self = user_data;
  GtkWidget *box = gtk_list_item_get_child (item);
  GtkWidget *title = gtk_widget_get_first_child (box);
  GtkWidget *context = gtk_widget_get_next_sibling (title);
  const char *key = gtk_string_object_get_string (gtk_list_item_get_item (item));
  GjChoice *choice = g_hash_table_lookup (self->choices, key);

  gtk_label_set_label (GTK_LABEL (title), choice ? choice->title : key);
  gtk_label_set_label (GTK_LABEL (context), choice ? choice->context : "");
  gtk_widget_set_visible (context, choice != NULL && choice->context[0] != '\0');
}

static void
choose (GjChoiceRow *self,
        guint        position)
{
  g_autoptr(GtkStringObject) item = g_list_model_get_item (G_LIST_MODEL (self->filtered),
                                                           position);

  if (item == NULL)
    return;
  set_selected (self, gtk_string_object_get_string (item));
  gtk_popover_popdown (self->popover);
}

static void
list_activate_cb (GjChoiceRow *self,
                  guint        position)
{
  choose (self, position);
}

/* Enter in the search entry takes the first match. */
static void
search_activate_cb (GjChoiceRow *self)
{
  choose (self, 0);
}

static void
stop_search_cb (GjChoiceRow *self)
{
  gtk_popover_popdown (self->popover);
}

/* Down from the search entry goes to the matches. */
static gboolean
entry_key_pressed_cb (GtkEventControllerKey *controller,
                      guint                  keyval,
                      guint                  keycode,
                      GdkModifierType        state,
                      GjChoiceRow           *self)
{
  if (keyval != GDK_KEY_Down && keyval != GDK_KEY_KP_Down)
    return GDK_EVENT_PROPAGATE;
  return gtk_widget_child_focus (GTK_WIDGET (self->list_view), GTK_DIR_TAB_FORWARD);
}

static void
popover_show_cb (GjChoiceRow *self)
{
  gboolean searchable = self->ref_kind != NULL ||
                        g_list_model_get_n_items (G_LIST_MODEL (self->keys)) > FEW_CHOICES;

  gtk_editable_set_text (GTK_EDITABLE (self->search_entry), "");
  gtk_widget_set_visible (GTK_WIDGET (self->search_entry), searchable);
  if (searchable)
    gtk_widget_grab_focus (GTK_WIDGET (self->search_entry));
  else
    gtk_widget_child_focus (GTK_WIDGET (self->list_view), GTK_DIR_TAB_FORWARD);
}

/* Searching the store */

typedef struct
{
  const GjKind *kind;
  char         *text;
} SearchData;

static void
search_data_free (SearchData *data)
{
  g_free (data->text);
  g_free (data);
}

/* In the reader's thread: the records of a kind, all or those matching. */
static gpointer
read_choices (GjStore       *store,
              gpointer       data,
              GCancellable  *cancellable,
              GError       **error)
{
  SearchData *search = data;

  return gj_format_choices (store, search->kind, search->text, MAX_CHOICES, error);
}

static void
start_read (GjChoiceRow         *self,
            const char          *text,
            GCancellable        *cancellable,
            GAsyncReadyCallback  callback)
{
  SearchData *data = g_new0 (SearchData, 1);

  data->kind = gj_schema_lookup (self->ref_kind);
  data->text = g_strdup (text);
  gj_reader_run_async (gj_session_get_reader (self->session), read_choices, data,
                       (GDestroyNotify) search_data_free, (GDestroyNotify) g_ptr_array_unref,
                       cancellable, callback, g_object_ref (self));
}

static void
search_read_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GjChoiceRow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = gj_reader_run_finish (GJ_READER (source), result, &error);

  if (found == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not search the choices of %s: %s", self->ref_kind, error->message);
      return;
    }
  add_found (self, found, self->matched);
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_empty (self);
}

static void
search_changed_cb (GjChoiceRow *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->search_entry));
  g_autofree char *stripped = g_strstrip (g_strdup (text));

  g_clear_pointer (&self->query, g_free);
  if (stripped[0] != '\0')
    self->query = g_utf8_casefold (stripped, -1);
  g_hash_table_remove_all (self->matched);
  gtk_filter_changed (GTK_FILTER (self->filter), GTK_FILTER_CHANGE_DIFFERENT);
  update_empty (self);

  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  /* Beyond the records listed, the store is asked. */
  if (self->query == NULL || self->complete || self->ref_kind == NULL || self->session == NULL)
    return;
  self->search_cancellable = g_cancellable_new ();
  start_read (self, stripped, self->search_cancellable, search_read_cb);
}

/* Reading the records */

static void
choices_read_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GjChoiceRow) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = gj_reader_run_finish (GJ_READER (source), result, &error);

  if (found == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not list the choices of %s: %s", self->ref_kind, error->message);
      return;
    }

  /* What was chosen meanwhile stays chosen, and offered, under its own
   * title if the list does not have it. */
  self->complete = found->len < MAX_CHOICES;
  if (!is_required (self))
    add_none (self);
  add_found (self, found, NULL);
  show_selected (self);
  update_empty (self);
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
  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  g_free (self->ref_kind);
  self->ref_kind = g_strdup (ref_kind);
  target = ref_kind ? gj_schema_lookup (ref_kind) : NULL;

  /* The records of another kind: what was chosen is no longer one. */
  clear_choices (self);
  self->complete = FALSE;
  set_selected (self, "");
  if (target == NULL)
    {
      g_clear_pointer (&self->ref_kind, g_free);
      add_none (self);
      show_selected (self);
      return;
    }

  self->cancellable = g_cancellable_new ();
  start_read (self, NULL, self->cancellable, choices_read_cb);
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
      self->complete = TRUE;
      if (!is_required (self))
        add_none (self);
      for (const GjEnumValue *v = field->values; v->key; v++)
        add_choice (self, choice_new (v->key, _(v->label), NULL));
      /* As a drop-down would, a required value starts at the first. */
      if (is_required (self) && field->values[0].key != NULL)
        set_selected (self, field->values[0].key);
    }
  else if (field->type == GJ_FIELD_REF)
    gj_choice_row_load (self, field->ref_kind);
  show_selected (self);
  return GTK_WIDGET (self);
}

static void
gj_choice_row_get_property (GObject    *object,
                            guint       prop_id,
                            GValue     *value,
                            GParamSpec *pspec)
{
  GjChoiceRow *self = GJ_CHOICE_ROW (object);

  switch (prop_id)
    {
    case PROP_VALUE:
      g_value_set_string (value, self->selected);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
gj_choice_row_dispose (GObject *object)
{
  GjChoiceRow *self = GJ_CHOICE_ROW (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_cancellable_cancel (self->search_cancellable);
  g_clear_object (&self->search_cancellable);
  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (object), GJ_TYPE_CHOICE_ROW);
  g_clear_object (&self->filtered);
  g_clear_object (&self->filter);
  g_clear_object (&self->keys);
  G_OBJECT_CLASS (gj_choice_row_parent_class)->dispose (object);
}

static void
gj_choice_row_finalize (GObject *object)
{
  GjChoiceRow *self = GJ_CHOICE_ROW (object);

  g_hash_table_unref (self->choices);
  g_hash_table_unref (self->matched);
  g_hash_table_unref (self->folded);
  g_free (self->query);
  g_free (self->selected);
  g_free (self->ref_kind);
  g_free (self->exclude_id);
  G_OBJECT_CLASS (gj_choice_row_parent_class)->finalize (object);
}

static void
gj_choice_row_class_init (GjChoiceRowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = gj_choice_row_dispose;
  object_class->finalize = gj_choice_row_finalize;
  object_class->get_property = gj_choice_row_get_property;

  /* The chosen key, "" for none. */
  properties[PROP_VALUE] = g_param_spec_string ("value", NULL, NULL, "",
                                                G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/cn/gongjian/Gongjian/gj-choice-row.ui");
  gtk_widget_class_bind_template_child (widget_class, GjChoiceRow, button);
  gtk_widget_class_bind_template_child (widget_class, GjChoiceRow, value_label);
  gtk_widget_class_bind_template_child (widget_class, GjChoiceRow, popover);
  gtk_widget_class_bind_template_child (widget_class, GjChoiceRow, search_entry);
  gtk_widget_class_bind_template_child (widget_class, GjChoiceRow, list_view);
  gtk_widget_class_bind_template_child (widget_class, GjChoiceRow, empty_label);
  gtk_widget_class_bind_template_callback (widget_class, popover_show_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, search_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, list_activate_cb);
}

static void
gj_choice_row_init (GjChoiceRow *self)
{
  GtkListItemFactory *factory = gtk_signal_list_item_factory_new ();
  GtkEventController *keys = gtk_event_controller_key_new ();
  GtkSingleSelection *selection;

  self->selected = g_strdup ("");
  self->choices = g_hash_table_new_full (g_str_hash, g_str_equal, NULL,
                                         (GDestroyNotify) gj_choice_free);
  self->matched = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->folded = g_hash_table_new_full (g_str_hash, g_str_equal, g_free,
                                        (GDestroyNotify) g_strfreev);
  gtk_widget_init_template (GTK_WIDGET (self));

  self->keys = gtk_string_list_new (NULL);
  self->filter = gtk_custom_filter_new (filter_func, self, NULL);
  self->filtered = gtk_filter_list_model_new (G_LIST_MODEL (g_object_ref (self->keys)),
                                              GTK_FILTER (g_object_ref (self->filter)));
  selection = gtk_single_selection_new (G_LIST_MODEL (g_object_ref (self->filtered)));
  gtk_single_selection_set_autoselect (selection, FALSE);
  gtk_single_selection_set_can_unselect (selection, TRUE);
  gtk_list_view_set_model (self->list_view, GTK_SELECTION_MODEL (selection));
  g_object_unref (selection);
  g_signal_connect (factory, "setup", G_CALLBACK (item_setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (item_bind_cb), self);
  gtk_list_view_set_factory (self->list_view, factory);
  g_object_unref (factory);

  g_signal_connect (keys, "key-pressed", G_CALLBACK (entry_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->search_entry), keys);
  gtk_search_entry_set_key_capture_widget (self->search_entry, GTK_WIDGET (self->list_view));
}
