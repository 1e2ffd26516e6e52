/* gj-record-editor.h: a form for one record of any kind
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "gj-session.h"

G_BEGIN_DECLS

#define GJ_TYPE_RECORD_EDITOR (gj_record_editor_get_type ())
G_DECLARE_FINAL_TYPE (GjRecordEditor, gj_record_editor, GJ, RECORD_EDITOR, AdwWindow)

/* The form is generated from the kind's fields: text as entry rows,
 * enumerations and references as combo rows, flags as switches, dates
 * with a calendar. @record NULL makes a new record. */
GjRecordEditor *gj_record_editor_new      (GjSession      *session,
                                           const GjKind   *kind,
                                           GjRecord       *record) G_GNUC_WARN_UNUSED_RESULT;

/* Opens an editor over the window of @from and presents it. @presets are
 * field name / stored value pairs for a new record, NULL-terminated. */
GjRecordEditor *gj_record_editor_open     (GtkWidget      *from,
                                           GjSession      *session,
                                           const GjKind   *kind,
                                           GjRecord       *record,
                                           const char     *first_preset,
                                           ...);

/* Opens over the window of @from the editor of the record @id of @kind as
 * it is stored now. A record that has gone opens nothing; a failed read
 * is shown in the window's toast. */
GjRecordEditor *gj_record_editor_open_stored (GtkWidget    *from,
                                              GjSession    *session,
                                              const GjKind *kind,
                                              const char   *id);

/* Sets a field's widget from its stored form (enum key, id, ISO date,
 * "yes"/"no") or, for text and numbers, what a person would type. */
void            gj_record_editor_set_text (GjRecordEditor *self,
                                           const char     *field,
                                           const char     *text);
/* Validates and writes. On failure the errors are shown on their fields
 * and the first is returned. */
gboolean        gj_record_editor_save     (GjRecordEditor *self,
                                           GError        **error);
/* The record's id once saved (or the edited record's). */
const char     *gj_record_editor_get_id   (GjRecordEditor *self);
/* The message shown under @field, or NULL. */
const char     *gj_record_editor_get_field_error (GjRecordEditor *self,
                                                  const char     *field);

G_END_DECLS
