/* gj-related-section.c: the records of one kind that refer to a record
 *
 * Only the first ones are listed, newest first for logs (they sort by
 * their date) and by name otherwise; the rest are counted.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-related-section"

#include "config.h"

#include <glib/gi18n.h>

#include "gj-fact-row.h"
#include "gj-format.h"
#include "gj-reader.h"
#include "gj-record-editor.h"
#include "gj-record-row.h"
#include "gj-related-section.h"

#define MAX_RELATED 50

struct _GjRelatedSection
{
  AdwPreferencesGroup parent_instance;

  GtkWidget          *add_button;

  GjSession          *session;
  const GjKind       *child;
  const GjField      *field;
  char               *record_id;
  GCancellable       *cancellable;  /* of the records being read */
};

/* What the reader hands back: how many refer to the record, and the
 * first of them with their lines formatted. */
typedef struct
{
  gint64     total;
  GPtrArray *summaries;
} Related;

static void
related_free (Related *related)
{
  g_ptr_array_unref (related->summaries);
  g_free (related);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Related, related_free)

/* What the reader is asked: the section's own fields, copied, since the
 * section may go while the job runs. */
typedef struct
{
  const GjKind  *child;
  const GjField *field;
  char          *record_id;
} Request;

static void
request_free (Request *request)
{
  g_free (request->record_id);
  g_free (request);
}

G_DEFINE_FINAL_TYPE (GjRelatedSection, gj_related_section, ADW_TYPE_PREFERENCES_GROUP)

static void
add_clicked_cb (GjRelatedSection *self)
{
  gj_record_editor_open (GTK_WIDGET (self), self->session, self->child, NULL,
                         self->field->name, self->record_id, NULL);
}

/* In the reader's thread. */
static gpointer
read_related (GjStore       *store,
              gpointer       data,
              GCancellable  *cancellable,
              GError       **error)
{
  Request *request = data;
  GjFilter filter = { request->field->name, request->record_id };
  GjQuery q = { &filter, 1, NULL, NULL, TRUE, MAX_RELATED, 0, FALSE };
  g_autoptr(GPtrArray) records = NULL;
  Related *related;
  gint64 total;

  if (gj_kind_field_index (request->child, "date") >= 0)
    q.sort_field = "date";
  else
    q.descending = FALSE;

  total = gj_store_count (store, request->child, &q, error);
  if (total < 0)
    return NULL;
  records = gj_store_list (store, request->child, &q, error);
  if (records == NULL)
    return NULL;
  related = g_new0 (Related, 1);
  related->total = total;
  related->summaries = g_ptr_array_new_with_free_func ((GDestroyNotify) gj_record_summary_free);
  for (guint i = 0; i < records->len; i++)
    g_ptr_array_add (related->summaries,
                     gj_record_summary_new (store, g_ptr_array_index (records, i)));
  return related;
}

static void
related_read_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GjRelatedSection) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(Related) related = gj_reader_run_finish (GJ_READER (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  /* A failed read says so where the records would be, not "None yet". */
  if (related == NULL)
    {
      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self),
                                 gj_fact_row_new_placeholder (error->message));
      return;
    }
  if (related->summaries->len == 0)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (self),
                               gj_fact_row_new_placeholder (_("None yet")));
  for (guint i = 0; i < related->summaries->len; i++)
    adw_preferences_group_add (ADW_PREFERENCES_GROUP (self),
                               gj_record_row_new_from_summary (
                                 self->session, g_ptr_array_index (related->summaries, i)));
  if (related->total > MAX_RELATED)
    {
      g_autofree char *more = g_strdup_printf (_("And %lld more"),
                                               (long long) (related->total - MAX_RELATED));

      adw_preferences_group_add (ADW_PREFERENCES_GROUP (self), gj_fact_row_new_placeholder (more));
    }
}

static void
fill (GjRelatedSection *self)
{
  Request *request = g_new0 (Request, 1);

  request->child = self->child;
  request->field = self->field;
  request->record_id = g_strdup (self->record_id);
  self->cancellable = g_cancellable_new ();
  gj_reader_run_async (gj_session_get_reader (self->session), read_related, request,
                       (GDestroyNotify) request_free, (GDestroyNotify) related_free,
                       self->cancellable, related_read_cb, g_object_ref (self));
}

GtkWidget *
gj_related_section_new (GjSession     *session,
                        const GjKind  *child,
                        const GjField *field,
                        GjRecord      *record)
{
  GjRelatedSection *self;
  g_autofree char *tip = NULL;

  g_return_val_if_fail (GJ_IS_SESSION (session), NULL);
  g_return_val_if_fail (child != NULL && field != NULL && record != NULL, NULL);

  self = g_object_new (GJ_TYPE_RELATED_SECTION, NULL);
  self->session = g_object_ref (session);
  self->child = child;
  self->field = field;
  self->record_id = g_strdup (record->id);

  adw_preferences_group_set_title (ADW_PREFERENCES_GROUP (self), _(child->label_plural));
  tip = g_strdup_printf (_("Add %s"), _(child->label));
  gtk_widget_set_tooltip_text (self->add_button, tip);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->add_button),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, tip, -1);
  fill (self);
  return GTK_WIDGET (self);
}

static void
gj_related_section_dispose (GObject *object)
{
  GjRelatedSection *self = GJ_RELATED_SECTION (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (object), GJ_TYPE_RELATED_SECTION);
  G_OBJECT_CLASS (gj_related_section_parent_class)->dispose (object);
}

static void
gj_related_section_finalize (GObject *object)
{
  g_free (GJ_RELATED_SECTION (object)->record_id);
  G_OBJECT_CLASS (gj_related_section_parent_class)->finalize (object);
}

static void
gj_related_section_class_init (GjRelatedSectionClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = gj_related_section_dispose;
  G_OBJECT_CLASS (klass)->finalize = gj_related_section_finalize;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/cn/gongjian/Gongjian/gj-related-section.ui");
  gtk_widget_class_bind_template_child (widget_class, GjRelatedSection, add_button);
  gtk_widget_class_bind_template_callback (widget_class, add_clicked_cb);
}

static void
gj_related_section_init (GjRelatedSection *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
