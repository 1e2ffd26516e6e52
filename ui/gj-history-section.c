/* gj-history-section.c: what changed in a record, when and on which device
 *
 * The store's change journal (gj-store-history.c) keeps each change of a
 * cell with its old and new value; cells changed before the journal
 * existed show their last change alone. This lists the latest changes,
 * newest first, in an expander whose title is the latest one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-history-section"

#include "config.h"

#include <glib/gi18n.h>

#include "gj-data-error.h"
#include "gj-history-section.h"
#include "gj-hlc.h"
#include "gj-reader.h"
#include "gj-site-names.h"
#include "gj-store-history.h"

/* A record edited every day for months would make a long section; older
 * changes are counted, not shown. */
#define SHOWN_CHANGES 50

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
  char *change;  /* "old → new", or the value alone */
  char *when;    /* when, and on which device */
} Change;

static void
change_free (Change *change)
{
  g_free (change->title);
  g_free (change->change);
  g_free (change->when);
  g_free (change);
}

/* What the reader hands back: the changes shown and how many more. */
typedef struct
{
  GPtrArray *changes;
  guint      n_more;
} History;

static void
history_free (History *history)
{
  g_ptr_array_unref (history->changes);
  g_free (history);
}

G_DEFINE_FINAL_TYPE (GjHistorySection, gj_history_section, ADW_TYPE_PREFERENCES_GROUP)

static GtkWidget *
change_row (const Change *change)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *subtitle = NULL;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), change->title);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  subtitle = change->change[0] != '\0' ? g_strconcat (change->change, "\n", change->when, NULL)
                                       : g_strdup (change->when);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  return row;
}

static char *
value_text (GjStore       *store,
            const GjKind  *kind,
            guint          column,
            const GjValue *value)
{
  char *text = gj_history_format_value (store, kind, column, value, TRUE);

  if (text[0] != '\0')
    return text;
  g_free (text);
  return g_strdup (_("(empty)"));
}

static Change *
describe_change (GjStore              *store,
                 const GjKind         *kind,
                 const GjHistoryEntry *entry,
                 const char           *own)
{
  Change *change = g_new0 (Change, 1);
  g_autofree char *when = gj_hlc_format (entry->hlc);
  g_autofree char *device = NULL;

  if (entry->column < kind->n_fields)
    {
      g_autofree char *now = value_text (store, kind, entry->column, &entry->new_value);

      change->title = g_strdup (_(kind->fields[entry->column].label));
      if (entry->has_old)
        {
          g_autofree char *old = value_text (store, kind, entry->column, &entry->old_value);

          /* TRANSLATORS: a field's value before and after a change */
          change->change = g_strdup_printf (_("%s → %s"), old, now);
        }
      else
        change->change = g_steal_pointer (&now);
    }
  else
    {
      gboolean deleted = entry->new_value.type == GJ_VALUE_INT && entry->new_value.i != 0;

      change->title = g_strdup (deleted ? _("Deleted") : _("Restored"));
      change->change = g_strdup ("");
    }

  device = gj_site_describe (g_strcmp0 (entry->site, own) == 0, entry->site, entry->name);
  /* TRANSLATORS: when a change was made, and on which device */
  change->when = g_strdup_printf (_("%s · %s"), when, device);
  return change;
}

/* In the reader's thread: the record's latest changes, newest first. */
static gpointer
read_history (GjStore       *store,
              gpointer       data,
              GCancellable  *cancellable,
              GError       **error)
{
  Request *request = data;
  g_autoptr(GPtrArray) entries = NULL;
  History *history;
  guint n_more = 0;

  entries = gj_store_history (store, request->kind, request->id, SHOWN_CHANGES, &n_more, error);
  if (entries == NULL)
    return NULL;
  history = g_new0 (History, 1);
  history->changes = g_ptr_array_new_with_free_func ((GDestroyNotify) change_free);
  history->n_more = n_more;
  for (guint i = 0; i < entries->len; i++)
    g_ptr_array_add (history->changes,
                     describe_change (store, request->kind, g_ptr_array_index (entries, i),
                                      request->own));
  return history;
}

static void
history_read_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GjHistorySection) self = user_data;
  g_autoptr(GError) error = NULL;
  History *history = gj_reader_run_finish (GJ_READER (source), result, &error);

  if (history == NULL)
    {
      /* The editor works without its history; a record not stored yet
       * has none. */
      if (!g_error_matches (error, GJ_DATA_ERROR, GJ_DATA_ERROR_NOT_FOUND)
          && !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_message ("Could not read the record's history: %s", error->message);
      return;
    }
  for (guint i = 0; i < history->changes->len; i++)
    {
      Change *change = g_ptr_array_index (history->changes, i);

      adw_expander_row_add_row (self->expander, change_row (change));
      if (i == 0)
        {
          g_autofree char *latest = g_strdup_printf (_("Last change: %s"), change->title);

          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->expander), latest);
          adw_expander_row_set_subtitle (self->expander, change->when);
        }
    }
  if (history->n_more > 0)
    {
      GtkWidget *row = adw_action_row_new ();
      g_autofree char *more = g_strdup_printf (ngettext ("%u older change not shown",
                                                         "%u older changes not shown",
                                                         history->n_more),
                                               history->n_more);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), more);
      gtk_widget_add_css_class (row, "dim-label");
      adw_expander_row_add_row (self->expander, row);
    }
  gtk_widget_set_visible (GTK_WIDGET (self), history->changes->len > 0);
  history_free (history);
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
                       (GDestroyNotify) request_free, (GDestroyNotify) history_free,
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
