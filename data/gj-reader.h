/* gj-reader.h: a worker thread with its own read connection to the store
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gio/gio.h>

#include "gj-store.h"

G_BEGIN_DECLS

#define GJ_TYPE_READER (gj_reader_get_type ())
G_DECLARE_FINAL_TYPE (GjReader, gj_reader, GJ, READER, GObject)

/* Runs in the reader's thread with the reader's own store. Returns the
 * result, owned by the caller, or NULL with @error set. It must not touch
 * widgets or the main thread's store. */
typedef gpointer (*GjReaderFunc) (GjStore       *store,
                                  gpointer       data,
                                  GCancellable  *cancellable,
                                  GError       **error);

/* A reader of the database file of @main_store. An in-memory store has no
 * file a second connection could open; its jobs then run on the main
 * thread, one per idle, with @main_store itself. */
GjReader *gj_reader_new        (GjStore              *main_store) G_GNUC_WARN_UNUSED_RESULT;

void      gj_reader_run_async  (GjReader             *self,
                                GjReaderFunc          func,
                                gpointer              data,
                                GDestroyNotify        data_free,
                                GDestroyNotify        result_free,
                                GCancellable         *cancellable,
                                GAsyncReadyCallback   callback,
                                gpointer              user_data);
gpointer  gj_reader_run_finish (GjReader             *self,
                                GAsyncResult         *result,
                                GError              **error) G_GNUC_WARN_UNUSED_RESULT;

/* Jobs queued or running; tests wait for 0 before looking at the window. */
guint     gj_reader_get_pending (GjReader *self);

/* Finishes the queued jobs, closes the connection and ends the thread. */
void      gj_reader_shutdown   (GjReader             *self);

G_END_DECLS
