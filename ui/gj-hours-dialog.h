/* gj-hours-dialog.h: time-bank hours for many volunteers at once
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "gj-session.h"

G_BEGIN_DECLS

#define GJ_TYPE_HOURS_DIALOG (gj_hours_dialog_get_type ())
G_DECLARE_FINAL_TYPE (GjHoursDialog, gj_hours_dialog, GJ, HOURS_DIALOG, AdwWindow)

GjHoursDialog *gj_hours_dialog_new          (GjSession     *session) G_GNUC_WARN_UNUSED_RESULT;
/* Presents a new dialog over @from's window, no larger than that window. */
GjHoursDialog *gj_hours_dialog_open         (GtkWidget     *from,
                                             GjSession     *session);

/* Fills the form for a new activity, for tests and for callers that know
 * the activity. @hours is what a person would type. */
void           gj_hours_dialog_set_activity (GjHoursDialog *self,
                                             const char    *title,
                                             const char    *date,
                                             const char    *hours);
void           gj_hours_dialog_select       (GjHoursDialog *self,
                                             const char    *volunteer_id,
                                             gboolean       selected);
guint          gj_hours_dialog_get_n_selected (GjHoursDialog *self);
/* Records the activity and one time-bank entry per selected volunteer in
 * one transaction. */
gboolean       gj_hours_dialog_save         (GjHoursDialog *self,
                                             GError       **error);

G_END_DECLS
