/* gj-record-item.c: one record as a row of a list model
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-record-item"

#include "config.h"

#include "gj-record-item.h"

struct _GjRecordItem
{
  GObject    parent_instance;

  GjRecord  *record;   /* NULL for a placeholder */
  char     **texts;    /* record->kind->n_fields entries, each may be NULL */
  char      *extra;
  guint64    alerts;
};

G_DEFINE_FINAL_TYPE (GjRecordItem, gj_record_item, G_TYPE_OBJECT)

GjRecordItem *
gj_record_item_new (GjRecord *record)
{
  GjRecordItem *self;

  g_return_val_if_fail (record != NULL, NULL);

  self = g_object_new (GJ_TYPE_RECORD_ITEM, NULL);
  self->record = gj_record_ref (record);
  self->texts = g_new0 (char *, record->kind->n_fields + 1);
  return self;
}

GjRecordItem *
gj_record_item_new_placeholder (void)
{
  return g_object_new (GJ_TYPE_RECORD_ITEM, NULL);
}

GjRecord *
gj_record_item_get_record (GjRecordItem *self)
{
  g_return_val_if_fail (GJ_IS_RECORD_ITEM (self), NULL);
  return self->record;
}

gboolean
gj_record_item_is_placeholder (GjRecordItem *self)
{
  g_return_val_if_fail (GJ_IS_RECORD_ITEM (self), TRUE);
  return self->record == NULL;
}

const char *
gj_record_item_get_id (GjRecordItem *self)
{
  g_return_val_if_fail (GJ_IS_RECORD_ITEM (self), NULL);
  return self->record ? self->record->id : NULL;
}

const char *
gj_record_item_get_text (GjRecordItem *self,
                         guint         column)
{
  g_return_val_if_fail (GJ_IS_RECORD_ITEM (self), "");

  if (self->record == NULL || column >= self->record->kind->n_fields ||
      self->texts[column] == NULL)
    return "";
  return self->texts[column];
}

void
gj_record_item_take_text (GjRecordItem *self,
                          guint         column,
                          char         *text)
{
  g_return_if_fail (GJ_IS_RECORD_ITEM (self));
  g_return_if_fail (self->record != NULL && column < self->record->kind->n_fields);

  g_free (self->texts[column]);
  self->texts[column] = text;
}

const char *
gj_record_item_get_extra (GjRecordItem *self)
{
  g_return_val_if_fail (GJ_IS_RECORD_ITEM (self), "");
  return self->extra ? self->extra : "";
}

void
gj_record_item_take_extra (GjRecordItem *self,
                           char         *text)
{
  g_return_if_fail (GJ_IS_RECORD_ITEM (self));
  g_free (self->extra);
  self->extra = text;
}

guint64
gj_record_item_get_alerts (GjRecordItem *self)
{
  g_return_val_if_fail (GJ_IS_RECORD_ITEM (self), 0);
  return self->alerts;
}

void
gj_record_item_set_alerts (GjRecordItem *self,
                           guint64       alerts)
{
  g_return_if_fail (GJ_IS_RECORD_ITEM (self));
  self->alerts = alerts;
}

static void
gj_record_item_finalize (GObject *object)
{
  GjRecordItem *self = GJ_RECORD_ITEM (object);

  if (self->texts != NULL)
    for (guint i = 0; i < self->record->kind->n_fields; i++)
      g_free (self->texts[i]);
  g_free (self->texts);
  g_free (self->extra);
  g_clear_pointer (&self->record, gj_record_unref);
  G_OBJECT_CLASS (gj_record_item_parent_class)->finalize (object);
}

static void
gj_record_item_class_init (GjRecordItemClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gj_record_item_finalize;
}

static void
gj_record_item_init (GjRecordItem *self)
{
}
