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

struct _GjHistorySection
{
  AdwPreferencesGroup parent_instance;

  AdwExpanderRow     *expander;
};

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

static void
fill (GjHistorySection *self,
      GjStore          *store,
      GPtrArray        *cells,
      GjRecord         *current)
{
  const GjKind *kind = current->kind;
  const char *own = gj_store_get_site_id (store);
  guint shown = 0;

  g_ptr_array_sort (cells, compare_cells_newest_first);
  for (guint i = 0; i < cells->len; i++)
    {
      GjCell *cell = g_ptr_array_index (cells, i);
      g_autofree char *when = gj_hlc_format (cell->hlc);
      g_autofree char *device = NULL;
      g_autofree char *subtitle = NULL;
      g_autofree char *value = NULL;
      const char *title;

      if (cell->column < kind->n_fields)
        {
          const GjField *field = &kind->fields[cell->column];

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

      adw_expander_row_add_row (self->expander, change_row (title, subtitle, value));
      if (shown++ == 0)
        {
          g_autofree char *latest = g_strdup_printf (_("Last change: %s"), title);

          adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->expander), latest);
          adw_expander_row_set_subtitle (self->expander, subtitle);
        }
    }
}

GtkWidget *
gj_history_section_new (GjSession    *session,
                        const GjKind *kind,
                        const char   *id)
{
  GjHistorySection *self;
  GjStore *store;
  g_autoptr(GPtrArray) cells = NULL;
  g_autoptr(GjRecord) current = NULL;
  g_autoptr(GError) error = NULL;

  g_return_val_if_fail (GJ_IS_SESSION (session), NULL);
  g_return_val_if_fail (kind != NULL && id != NULL, NULL);

  self = g_object_new (GJ_TYPE_HISTORY_SECTION, NULL);
  store = gj_session_get_store (session);
  cells = gj_store_cells (store, kind, id, &error);
  if (cells != NULL)
    current = gj_store_get (store, kind, id, &error);
  if (current != NULL)
    fill (self, store, cells, current);
  else
    {
      /* The editor works without its history; a record not stored yet
       * has none. */
      if (!g_error_matches (error, GJ_DATA_ERROR, GJ_DATA_ERROR_NOT_FOUND))
        g_message ("Could not read the record's history: %s", error->message);
      gtk_widget_set_visible (GTK_WIDGET (self), FALSE);
    }
  return GTK_WIDGET (self);
}

static void
gj_history_section_dispose (GObject *object)
{
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
