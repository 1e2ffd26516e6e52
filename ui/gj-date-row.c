/* gj-date-row.c: a date field, typed or chosen on a calendar
 *
 * The text stays the value, checked as it is typed and taken in every form
 * the data layer reads (2026/3/5, 2027年1月15日…); the calendar only writes
 * it (YYYY-MM-DD), and opens on the day it holds.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-date-row"

#include "config.h"

#include <stdio.h>

#include "gj-date-row.h"
#include "gj-record.h"

struct _GjDateRow
{
  AdwEntryRow  parent_instance;

  GtkPopover  *popover;
  GtkCalendar *calendar;
  gboolean     opening;  /* the calendar is moved to the text's day, not chosen */
};

G_DEFINE_FINAL_TYPE_WITH_CODE (GjDateRow, gj_date_row, ADW_TYPE_ENTRY_ROW,
                               G_IMPLEMENT_INTERFACE (GJ_TYPE_FIELD_ROW, NULL))

static void
changed_cb (GjDateRow *self)
{
  gj_field_row_check (GJ_FIELD_ROW (self), gtk_editable_get_text (GTK_EDITABLE (self)));
}

static void
day_selected_cb (GjDateRow *self)
{
  g_autoptr(GDateTime) dt = NULL;
  g_autofree char *iso = NULL;

  if (self->opening)
    return;
  dt = gtk_calendar_get_date (self->calendar);
  iso = g_date_time_format (dt, "%Y-%m-%d");
  gtk_editable_set_text (GTK_EDITABLE (self), iso);
  gtk_popover_popdown (self->popover);
}

/* Opens the calendar on the day the field holds, in any form the data
 * layer takes (2026-03-05, 2026/3/5, 2027年1月15日…), else on today. */
static void
popover_show_cb (GjDateRow *self)
{
  GjFieldRow *row = GJ_FIELD_ROW (self);
  g_autoptr(GjRecord) scratch = gj_record_new (gj_field_row_get_kind (row));
  const char *name = gj_field_row_get_field (row)->name;
  const char *iso;
  int y, m, d;

  if (!gj_record_parse (scratch, name, gtk_editable_get_text (GTK_EDITABLE (self)), NULL) ||
      (iso = gj_record_get_text (scratch, name)) == NULL ||
      sscanf (iso, "%d-%d-%d", &y, &m, &d) != 3 || !g_date_valid_dmy (d, m, y))
    return;

  {
    g_autoptr(GDateTime) dt = g_date_time_new_local (y, m, d, 0, 0, 0);

    self->opening = TRUE;
    /* GTK 4.20 renamed gtk_calendar_select_day, which it deprecated, to
     * gtk_calendar_set_date; both move to the month and select the day. */
#if GTK_CHECK_VERSION (4, 20, 0)
    gtk_calendar_set_date (self->calendar, dt);
#else
    gtk_calendar_select_day (self->calendar, dt);
#endif
    self->opening = FALSE;
  }
}

GtkWidget *
gj_date_row_new (const GjKind  *kind,
                 const GjField *field)
{
  GjDateRow *self;

  g_return_val_if_fail (kind != NULL && field != NULL, NULL);

  self = g_object_new (GJ_TYPE_DATE_ROW, NULL);
  gj_field_row_setup (GJ_FIELD_ROW (self), kind, field);
  return GTK_WIDGET (self);
}

static void
gj_date_row_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), GJ_TYPE_DATE_ROW);
  G_OBJECT_CLASS (gj_date_row_parent_class)->dispose (object);
}

static void
gj_date_row_class_init (GjDateRowClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = gj_date_row_dispose;
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/cn/gongjian/Gongjian/gj-date-row.ui");
  gtk_widget_class_bind_template_child (widget_class, GjDateRow, popover);
  gtk_widget_class_bind_template_child (widget_class, GjDateRow, calendar);
  gtk_widget_class_bind_template_callback (widget_class, changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, day_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, popover_show_cb);
}

static void
gj_date_row_init (GjDateRow *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
