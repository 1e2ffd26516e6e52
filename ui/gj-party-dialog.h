/* gj-party-dialog.h: the five parties of a project in one dialog
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "gj-session.h"

G_BEGIN_DECLS

#define GJ_TYPE_PARTY_DIALOG (gj_party_dialog_get_type ())
G_DECLARE_FINAL_TYPE (GjPartyDialog, gj_party_dialog, GJ, PARTY_DIALOG, AdwWindow)

/* A dialog for the parties of @project; its links are read off the main
 * thread and the dialog can be saved once they have arrived. */
GjPartyDialog *gj_party_dialog_new      (GjSession     *session,
                                         GjRecord      *project) G_GNUC_WARN_UNUSED_RESULT;
/* Opens the dialog over the window of @from, no larger than it. */
GjPartyDialog *gj_party_dialog_open     (GtkWidget     *from,
                                         GjSession     *session,
                                         GjRecord      *project);
/* Whether the project's links have been read. */
gboolean       gj_party_dialog_is_ready (GjPartyDialog *self);
/* Writes every party shown, in one transaction; on an error nothing is
 * written and the dialog shows the error. */
gboolean       gj_party_dialog_save     (GjPartyDialog *self,
                                         GError       **error);

G_END_DECLS
