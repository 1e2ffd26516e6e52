/* gj-record-row.c: a row that shows a record and opens its editor
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-record-row"

#include "config.h"

#include "gj-format.h"
#include "gj-record-editor.h"
#include "gj-record-row.h"

struct _GjRecordRow
{
  AdwActionRow  parent_instance;

  GjSession    *session;
  GjRecord     *record;
};

G_DEFINE_FINAL_TYPE (GjRecordRow, gj_record_row, ADW_TYPE_ACTION_ROW)

/* The row may have been built a while ago: the editor gets the record as
 * stored now, or nothing if it has gone. */
static void
activated_cb (GjRecordRow *self)
{
  gj_record_editor_open_stored (GTK_WIDGET (self), self->session, self->record->kind,
                                self->record->id);
}

GtkWidget *
gj_record_row_new (GjSession *session,
                   GjRecord  *record)
{
  g_autoptr(GjRecordSummary) summary = NULL;

  g_return_val_if_fail (GJ_IS_SESSION (session), NULL);
  g_return_val_if_fail (record != NULL, NULL);

  summary = gj_record_summary_new (gj_session_get_store (session), record);
  return gj_record_row_new_from_summary (session, summary);
}

GtkWidget *
gj_record_row_new_from_summary (GjSession             *session,
                                const GjRecordSummary *summary)
{
  GjRecordRow *self;

  g_return_val_if_fail (GJ_IS_SESSION (session), NULL);
  g_return_val_if_fail (summary != NULL && summary->record != NULL, NULL);

  self = g_object_new (GJ_TYPE_RECORD_ROW, NULL);
  self->session = g_object_ref (session);
  self->record = gj_record_ref (summary->record);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self), summary->title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (self), summary->subtitle);
  return GTK_WIDGET (self);
}

static void
gj_record_row_dispose (GObject *object)
{
  GjRecordRow *self = GJ_RECORD_ROW (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), GJ_TYPE_RECORD_ROW);
  g_clear_object (&self->session);
  g_clear_pointer (&self->record, gj_record_unref);
  G_OBJECT_CLASS (gj_record_row_parent_class)->dispose (object);
}

static void
gj_record_row_class_init (GjRecordRowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = gj_record_row_dispose;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/cn/gongjian/Gongjian/gj-record-row.ui");
  gtk_widget_class_bind_template_callback (widget_class, activated_cb);
}

static void
gj_record_row_init (GjRecordRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
