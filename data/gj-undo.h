/* gj-undo.h: the undo history of a session's window
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "gj-store.h"

G_BEGIN_DECLS

typedef struct _GjSession GjSession;

#define GJ_UNDO_MAX_ENTRIES 20

#define GJ_TYPE_UNDO (gj_undo_get_type ())
G_DECLARE_FINAL_TYPE (GjUndo, gj_undo, GJ, UNDO, GObject)

/* A small stack of the writes a person can take back (a delete, a stage
 * move), each entry knowing how to reverse itself through @session, which
 * owns the history and must outlive it. The oldest entry falls off past
 * GJ_UNDO_MAX_ENTRIES. Every entry has a serial number, unique in the
 * history, that a toast's Undo button names. */
GjUndo     *gj_undo_new           (GjSession    *session) G_GNUC_WARN_UNUSED_RESULT;

/* Deletes record @id of @kind through the session and remembers it. */
gboolean    gj_undo_delete        (GjUndo       *self,
                                   const GjKind *kind,
                                   const char   *id,
                                   GError      **error);
/* Writes @changes through the session and remembers the values of every
 * field the write changed, those the store filled in by itself (the dates
 * a stage move records) too. @label is what the toast says, as "“X” moved
 * to Y". A write that changed nothing is not remembered. */
gboolean    gj_undo_update        (GjUndo       *self,
                                   GjRecord     *changes,
                                   GjWriteFlags  flags,
                                   const char   *label,
                                   GError      **error);

guint       gj_undo_get_n_entries (GjUndo       *self);
/* The serial of the newest entry, 0 when there is none. */
guint       gj_undo_peek          (GjUndo       *self);

/* Reverses entry @serial (0: the newest) and takes it off the history.
 * A record changed since (by the person or a sync) in a field the write
 * changed, or deleted, or already restored, is left as it is and the
 * entry dropped: GJ_DATA_ERROR_CONFLICT says so. An entry no longer there
 * is GJ_DATA_ERROR_NOT_FOUND. On success *@message (may be NULL) says what
 * was done, for a toast. */
gboolean    gj_undo_undo          (GjUndo       *self,
                                   guint         serial,
                                   char        **message,
                                   GError      **error);

G_END_DECLS
