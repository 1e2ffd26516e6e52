/* gj-history-section.c: when each field of a record last changed
 *
 * Change capture keeps one cell per field with the clock of its last
 * write and the device that made it; this lists them, newest first, in
 * an expander whose title is the latest change.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-history-section"

#include "config.h"

#include <glib/gi18n.h>

#include "gj-data-error.h"
#include "gj-format.h"
#include "gj-history-section.h"
#include "gj-hlc.h"
#include "gj-reader.h"

struct _GjHistorySection
{
  AdwPreferencesGroup parent_instance;

  AdwExpanderRow     *expander;
  GCancellable       *cancellable;  /* of the history being read */
};

/* What the reader is asked: which record, and this device's site id. */
typedef struct
{
  const GjKind *kind;
  char         *id;
  char         *own;
} Request;

static void
request_free (Request *request)
{
  g_free (request->id);
  g_free (request->own);
  g_free (request);
}

/* One change as its row says it, made in the reader's thread: a value may
 * name another record. */
typedef struct
{
  char *title;
  char *subtitle;
  char *value;
} Change;

static void
change_free (Change *change)
{
  g_free (change->title);
  g_free (change->subtitle);
  g_free (change->value);
  g_free (change);
}

G_DEFINE_FINAL_TYPE (GjHistorySection, gj_history_section, ADW_TYPE_PREFERENCES_GROUP)

static int
compare_cells_newest_first (gconstpointer a,
                            gconstpointer b)
{
  const GjCell *x = *(GjCell **) a, *y = *(GjCell **) b;

  return x->hlc < y->hlc ? 1 : x->hlc > y->hlc ? -1 : 0;
}

static GtkWidget *
change_row (const char *title,
            const char *subtitle,
            const char *value)
{
  GtkWidget *row = adw_action_row_new ();

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
  return row;
}

static GPtrArray *
describe_changes (GjStore    *store,
                  GPtrArray  *cells,
                  GjRecord   *current,
                  const char *own)
{
  const GjKind *kind = current->kind;
  GPtrArray *changes = g_ptr_array_new_with_free_func ((GDestroyNotify) change_free);

  g_ptr_array_sort (cells, compare_cells_newest_first);
  for (guint i = 0; i < cells->len; i++)
    {
      GjCell *cell = g_ptr_array_index (cells, i);
      g_autofree char *when = gj_hlc_format (cell->hlc);
      g_autofree char *device = NULL;
      Change *change;

      if (cell->column < kind->n_fields
          && kind->fields[cell->column].flags & GJ_FIELD_FLAG_INTERNAL)
        continue;
      change = g_new0 (Change, 1);
      if (cell->column < kind->n_fields)
        {
          const GjField *field = &kind->fields[cell->column];

          change->title = g_strdup (_(field->label));
          change->value = gj_format_field (store, current, field, TRUE, NULL);
        }
      else
        {
          change->title = g_strdup (gj_record_is_deleted (current) ? _("Deleted")
                                                                   : _("Restored"));
          change->value = g_strdup ("");
        }

      if (g_strcmp0 (cell->site, own) == 0)
        device = g_strdup (_("this device"));
      else
        device = g_strdup_printf (_("device %.8s"), cell->site);
      /* TRANSLATORS: when a field changed, and on which device */
      change->subtitle = g_strdup_printf (_("%s, on %s"), when, device);
      g_ptr_array_add (changes, change);
    }
  return changes;
}

/* In the reader's thread: the record's changes, newest first. */
static gpointer
read_history (GjStore       *store,
              gpointer       data,
              GCancellable  *cancellable,
              GError       **error)
{
  Request *request = data;
  g_autoptr(GPtrArray) cells = gj_store_cells (store, request->kind, request->id, error);
  g_autoptr(GjRecord) current = NULL;

  if (cells == NULL)
    return NULL;
  current = gj_store_get (store, request->kind, request->id, error);
  if (current == NULL)
    return NULL;
  return describe_changes (store, cells, current, request->own);
}

static void
history_read_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GjHistorySection) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) changes = gj_reader_run_finish (GJ_READER (source), result, &error);

  if (changes == NULL)
    {
      /* The editor works without its history; a record not stored yet
       * has none. */
      if (!g_error_matches (error, GJ_DATA_ERROR, GJ_DATA_ERROR_NOT_FOUND)
          && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_message ("Could not read the record's history: %s", error->message);
      return;
    }
  for (guint i = 0; i < changes->len; i++)
    {
      Change *change = g_ptr_array_index (changes, i);

      adw_expander_row_add_row (self->expander,
                                change_row (change->title, change->subtitle, change->value));
      if (i == 0)
        {
          g_autofree char *latest = g_strdup_printf (_("Last change: %s"), change->title);

          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->expander), latest);
          adw_expander_row_set_subtitle (self->expander, change->subtitle);
        }
    }
  gtk_widget_set_visible (GTK_WIDGET (self), TRUE);
}

GtkWidget *
gj_history_section_new (GjSession    *session,
                        const GjKind *kind,
                        const char   *id)
{
  GjHistorySection *self;
  Request *request;

  g_return_val_if_fail (GJ_IS_SESSION (session), NULL);
  g_return_val_if_fail (kind != NULL && id != NULL, NULL);

  self = g_object_new (GJ_TYPE_HISTORY_SECTION, NULL);
  /* Hidden until the record is read: one not stored yet has no history. */
  gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
  request = g_new0 (Request, 1);
  request->kind = kind;
  request->id = g_strdup (id);
  request->own = g_strdup (gj_store_get_site_id (gj_session_get_store (session)));
  self->cancellable = g_cancellable_new ();
  gj_reader_run_async (gj_session_get_reader (session), read_history, request,
                       (GDestroyNotify) request_free, (GDestroyNotify) g_ptr_array_unref,
                       self->cancellable, history_read_cb, g_object_ref (self));
  return GTK_WIDGET (self);
}

static void
gj_history_section_dispose (GObject *object)
{
  GjHistorySection *self = GJ_HISTORY_SECTION (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (object), GJ_TYPE_HISTORY_SECTION);
  G_OBJECT_CLASS (gj_history_section_parent_class)->dispose (object);
}

static void
gj_history_section_class_init (GjHistorySectionClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = gj_history_section_dispose;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/cn/gongjian/Gongjian/gj-history-section.ui");
  gtk_widget_class_bind_template_child (widget_class, GjHistorySection, expander);
}

static void
gj_history_section_init (GjHistorySection *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
