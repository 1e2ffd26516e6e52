/* gj-session.c: the open database as the windows share it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-session"

#include "config.h"

#include "gj-session.h"

struct _GjSession
{
  GObject    parent_instance;

  GjStore   *store;
  GjReader  *reader;
  GSettings *settings;
  GjUndo    *undo;
};

G_DEFINE_FINAL_TYPE (GjSession, gj_session, G_TYPE_OBJECT)

enum
{
  CHANGED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

GjSession *
gj_session_new (GjStore   *store,
                GSettings *settings)
{
  GjSession *self;

  g_return_val_if_fail (GJ_IS_STORE (store), NULL);
  g_return_val_if_fail (G_IS_SETTINGS (settings), NULL);

  self = g_object_new (GJ_TYPE_SESSION, NULL);
  self->store = g_object_ref (store);
  self->settings = g_object_ref (settings);
  self->reader = gj_reader_new (store);
  self->undo = gj_undo_new (self);
  return self;
}

GjStore *
gj_session_get_store (GjSession *self)
{
  g_return_val_if_fail (GJ_IS_SESSION (self), NULL);
  return self->store;
}

GjReader *
gj_session_get_reader (GjSession *self)
{
  g_return_val_if_fail (GJ_IS_SESSION (self), NULL);
  return self->reader;
}

GSettings *
gj_session_get_settings (GjSession *self)
{
  g_return_val_if_fail (GJ_IS_SESSION (self), NULL);
  return self->settings;
}

GjUndo *
gj_session_get_undo (GjSession *self)
{
  g_return_val_if_fail (GJ_IS_SESSION (self), NULL);
  return self->undo;
}

void
gj_session_emit_changed (GjSession  *self,
                         const char *kind_name)
{
  g_return_if_fail (GJ_IS_SESSION (self));
  g_return_if_fail (kind_name != NULL);

  g_signal_emit (self, signals[CHANGED], g_quark_from_string (kind_name), kind_name);
}

gboolean
gj_session_insert (GjSession  *self,
                   GjRecord   *record,
                   GError    **error)
{
  g_return_val_if_fail (GJ_IS_SESSION (self), FALSE);

  if (!gj_store_insert (self->store, record, error))
    return FALSE;
  gj_session_emit_changed (self, record->kind->name);
  return TRUE;
}

gboolean
gj_session_update (GjSession    *self,
                   GjRecord     *changes,
                   GjWriteFlags  flags,
                   GError      **error)
{
  g_return_val_if_fail (GJ_IS_SESSION (self), FALSE);

  if (!gj_store_update (self->store, changes, flags, error))
    return FALSE;
  gj_session_emit_changed (self, changes->kind->name);
  return TRUE;
}

gboolean
gj_session_delete (GjSession     *self,
                   const GjKind  *kind,
                   const char    *id,
                   GError       **error)
{
  g_return_val_if_fail (GJ_IS_SESSION (self), FALSE);

  if (!gj_store_delete (self->store, kind, id, error))
    return FALSE;
  gj_session_emit_changed (self, kind->name);
  return TRUE;
}

gboolean
gj_session_undelete (GjSession     *self,
                     const GjKind  *kind,
                     const char    *id,
                     GError       **error)
{
  g_return_val_if_fail (GJ_IS_SESSION (self), FALSE);

  if (!gj_store_undelete (self->store, kind, id, error))
    return FALSE;
  gj_session_emit_changed (self, kind->name);
  return TRUE;
}

void
gj_session_get_targets (GjSession *self,
                        GjTargets *t)
{
  g_return_if_fail (GJ_IS_SESSION (self));

  gj_targets_init_defaults (t);
  t->orgs_per_urban_community = g_settings_get_uint (self->settings, "target-orgs-urban");
  t->orgs_per_rural_community = g_settings_get_uint (self->settings, "target-orgs-rural");
  t->teams_per_community = g_settings_get_uint (self->settings, "target-teams");
  t->workers_per_community = g_settings_get_uint (self->settings, "target-workers");
  t->certified_per_10k = g_settings_get_double (self->settings, "target-certified-per-10k");
  t->full_time_per_10k_urban = g_settings_get_double (self->settings, "target-fulltime-per-10k");
  t->full_time_certified_share =
    g_settings_get_double (self->settings, "target-fulltime-certified-share");
  t->new_orgs_per_year_min = g_settings_get_uint (self->settings, "target-new-orgs");
}

static void
gj_session_dispose (GObject *object)
{
  GjSession *self = GJ_SESSION (object);

  if (self->reader != NULL)
    gj_reader_shutdown (self->reader);
  g_clear_object (&self->reader);
  g_clear_object (&self->undo);
  g_clear_object (&self->store);
  g_clear_object (&self->settings);
  G_OBJECT_CLASS (gj_session_parent_class)->dispose (object);
}

static void
gj_session_class_init (GjSessionClass *klass)
{
  G_OBJECT_CLASS (klass)->dispose = gj_session_dispose;

  /**
   * GjSession::changed:
   * @kind_name: the kind whose records changed
   *
   * Emitted after a write, detailed with the kind name.
   */
  signals[CHANGED] = g_signal_new ("changed", G_TYPE_FROM_CLASS (klass),
                                   G_SIGNAL_RUN_LAST | G_SIGNAL_DETAILED,
                                   0, NULL, NULL, NULL,
                                   G_TYPE_NONE, 1, G_TYPE_STRING);
}

static void
gj_session_init (GjSession *self)
{
}
