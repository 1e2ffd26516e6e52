/* gj-session.h: the open database as the windows share it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "gj-reader.h"
#include "gj-stats.h"
#include "gj-store.h"
#include "gj-undo.h"

G_BEGIN_DECLS

#define GJ_TYPE_SESSION (gj_session_get_type ())
G_DECLARE_FINAL_TYPE (GjSession, gj_session, GJ, SESSION, GObject)

/* Owns the main thread's store and the reader. Every write of the UI goes
 * through here so that "changed" (detailed with the kind name) reaches
 * every page that shows records of that kind. */
GjSession  *gj_session_new          (GjStore      *store,
                                     GSettings    *settings) G_GNUC_WARN_UNUSED_RESULT;
GjStore    *gj_session_get_store    (GjSession    *self);
GjReader   *gj_session_get_reader   (GjSession    *self);
GSettings  *gj_session_get_settings (GjSession    *self);
/* The undo history of the window that shows this session: the writes
 * made through it (gj_undo_delete(), gj_undo_update()) can be undone. */
GjUndo     *gj_session_get_undo     (GjSession    *self);

gboolean    gj_session_insert       (GjSession    *self,
                                     GjRecord     *record,
                                     GError      **error);
gboolean    gj_session_update       (GjSession    *self,
                                     GjRecord     *changes,
                                     GjWriteFlags  flags,
                                     GError      **error);
gboolean    gj_session_delete       (GjSession    *self,
                                     const GjKind *kind,
                                     const char   *id,
                                     GError      **error);
gboolean    gj_session_undelete     (GjSession    *self,
                                     const GjKind *kind,
                                     const char   *id,
                                     GError      **error);

/* For writes made directly on the store (multi-row transactions). */
void        gj_session_emit_changed (GjSession    *self,
                                     const char   *kind_name);

/* The indicator targets of the preferences. */
void        gj_session_get_targets  (GjSession    *self,
                                     GjTargets    *targets);

G_END_DECLS
