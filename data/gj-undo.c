/* gj-undo.c: the undo history of a session's window
 *
 * An entry keeps what it needs to reverse its write and to tell whether
 * that is still safe: a delete keeps the record's kind and id; an update
 * keeps the record before and after the write, so that undoing puts back
 * the fields the write changed, and only while each still holds the value
 * the write left. A sync or an edit that changed one of them since means
 * someone else's work would be overwritten: the undo refuses instead.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-undo"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gj-data-error.h"
#include "gj-format.h"
#include "gj-session.h"
#include "gj-undo.h"

typedef enum
{
  ENTRY_DELETE,
  ENTRY_UPDATE,
} EntryType;

typedef struct
{
  EntryType     type;
  guint         serial;
  const GjKind *kind;
  char         *id;
  char         *title;   /* the record's name when the entry was made */
  GjRecord     *before;  /* UPDATE: the whole record before the write */
  GjRecord     *after;   /* UPDATE: the whole record after it */
} Entry;

struct _GjUndo
{
  GObject    parent_instance;

  GjSession *session;  /* unowned: the session owns this history */
  GQueue     entries;  /* Entry, newest at the head */
  guint      last_serial;
};

G_DEFINE_FINAL_TYPE (GjUndo, gj_undo, G_TYPE_OBJECT)

enum
{
  PUSHED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
entry_free (Entry *entry)
{
  g_free (entry->id);
  g_free (entry->title);
  g_clear_pointer (&entry->before, gj_record_unref);
  g_clear_pointer (&entry->after, gj_record_unref);
  g_free (entry);
}

static void
push (GjUndo     *self,
      Entry      *entry,
      const char *label)
{
  /* Serials only grow, skipping 0, so a stale toast never names a newer
   * entry. */
  if (++self->last_serial == 0)
    self->last_serial = 1;
  entry->serial = self->last_serial;
  g_queue_push_head (&self->entries, entry);
  while (g_queue_get_length (&self->entries) > GJ_UNDO_MAX_ENTRIES)
    entry_free (g_queue_pop_tail (&self->entries));
  g_signal_emit (self, signals[PUSHED], 0, entry->serial, label);
}

GjUndo *
gj_undo_new (GjSession *session)
{
  GjUndo *self;

  g_return_val_if_fail (GJ_IS_SESSION (session), NULL);

  self = g_object_new (GJ_TYPE_UNDO, NULL);
  self->session = session;
  return self;
}

gboolean
gj_undo_delete (GjUndo        *self,
                const GjKind  *kind,
                const char    *id,
                GError       **error)
{
  GjStore *store;
  g_autoptr(GjRecord) rec = NULL;
  g_autofree char *label = NULL;
  Entry *entry;

  g_return_val_if_fail (GJ_IS_UNDO (self), FALSE);
  g_return_val_if_fail (kind != NULL && id != NULL, FALSE);

  store = gj_session_get_store (self->session);
  if ((rec = gj_store_get (store, kind, id, error)) == NULL)
    return FALSE;
  if (gj_record_is_deleted (rec))
    {
      g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_NOT_FOUND,
                   _("This %s was deleted already"), _(kind->label));
      return FALSE;
    }
  if (!gj_session_delete (self->session, kind, id, error))
    return FALSE;

  entry = g_new0 (Entry, 1);
  entry->type = ENTRY_DELETE;
  entry->kind = kind;
  entry->id = g_strdup (id);
  entry->title = gj_format_record_title (store, rec);
  /* TRANSLATORS: a toast after deleting, %s is the record's name */
  label = g_strdup_printf (_("“%s” deleted"), entry->title);
  push (self, entry, label);
  return TRUE;
}

/* Whether @a and @b hold the same value in column @f. */
static gboolean
same_value (const GjRecord *a,
            const GjRecord *b,
            guint           f)
{
  return gj_value_equal (&a->values[f], &b->values[f]);
}

gboolean
gj_undo_update (GjUndo        *self,
                GjRecord      *changes,
                GjWriteFlags   flags,
                const char    *label,
                GError       **error)
{
  GjStore *store;
  const GjKind *kind;
  g_autoptr(GjRecord) before = NULL;
  g_autoptr(GjRecord) after = NULL;
  gboolean any = FALSE;
  Entry *entry;

  g_return_val_if_fail (GJ_IS_UNDO (self), FALSE);
  g_return_val_if_fail (changes != NULL && changes->id != NULL, FALSE);
  g_return_val_if_fail (label != NULL, FALSE);

  store = gj_session_get_store (self->session);
  kind = changes->kind;
  if ((before = gj_store_get (store, kind, changes->id, error)) == NULL ||
      !gj_session_update (self->session, changes, flags, error))
    return FALSE;
  /* Read back rather than guessed: the store fills in dates by itself. */
  if ((after = gj_store_get (store, kind, changes->id, error)) == NULL)
    return FALSE;
  for (guint f = 0; f < kind->n_fields && !any; f++)
    any = !same_value (before, after, f);
  if (!any)
    return TRUE;

  entry = g_new0 (Entry, 1);
  entry->type = ENTRY_UPDATE;
  entry->kind = kind;
  entry->id = g_strdup (changes->id);
  entry->title = gj_format_record_title (store, before);
  entry->before = g_steal_pointer (&before);
  entry->after = g_steal_pointer (&after);
  push (self, entry, label);
  return TRUE;
}

guint
gj_undo_get_n_entries (GjUndo *self)
{
  g_return_val_if_fail (GJ_IS_UNDO (self), 0);
  return g_queue_get_length (&self->entries);
}

guint
gj_undo_peek (GjUndo *self)
{
  Entry *entry;

  g_return_val_if_fail (GJ_IS_UNDO (self), 0);

  entry = g_queue_peek_head (&self->entries);
  return entry != NULL ? entry->serial : 0;
}

static gboolean
undo_delete (GjUndo  *self,
             Entry   *entry,
             char   **message,
             GError **error)
{
  GjStore *store = gj_session_get_store (self->session);
  g_autoptr(GjRecord) now = gj_store_get (store, entry->kind, entry->id, error);

  if (now == NULL)
    return FALSE;
  if (!gj_record_is_deleted (now))
    {
      g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_READ_ONLY,
                   _("“%s” was restored already; nothing was undone"), entry->title);
      return FALSE;
    }
  if (!gj_session_undelete (self->session, entry->kind, entry->id, error))
    return FALSE;
  /* TRANSLATORS: a toast after undoing a delete, %s is the record's name */
  *message = g_strdup_printf (_("“%s” restored"), entry->title);
  return TRUE;
}

static gboolean
undo_update (GjUndo  *self,
             Entry   *entry,
             char   **message,
             GError **error)
{
  GjStore *store = gj_session_get_store (self->session);
  const GjKind *kind = entry->kind;
  const GjWorkflow *flow = kind->workflow;
  g_autoptr(GjRecord) now = gj_store_get (store, kind, entry->id, error);
  g_autoptr(GjRecord) changes = NULL;
  g_autoptr(GError) local_error = NULL;
  gboolean reopened = FALSE;

  if (now == NULL)
    return FALSE;
  if (gj_record_is_deleted (now))
    {
      g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_READ_ONLY,
                   _("“%s” was deleted since; nothing was undone"), entry->title);
      return FALSE;
    }

  changes = gj_record_new (kind);
  changes->id = g_strdup (entry->id);
  for (guint f = 0; f < kind->n_fields; f++)
    {
      if (same_value (entry->before, entry->after, f))
        continue;
      if (!same_value (now, entry->after, f))
        {
          g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_READ_ONLY,
                       _("“%s” was changed since (%s); nothing was undone, so that the "
                         "newer change is kept"), entry->title, _(kind->fields[f].label));
          return FALSE;
        }
      gj_record_set_value (changes, f, &entry->before->values[f]);
    }
  /* A move fills in the dates of the stage it goes to when the write does
   * not give them; the dates the undone write left alone are given as
   * they are now, so that going back stamps none of them. */
  for (const GjStageDate *d = flow ? flow->dates : NULL; d != NULL && d->field != NULL; d++)
    if (!gj_record_is_set (changes, d->field))
      gj_record_set_value (changes, gj_kind_field_index (kind, d->field),
                           gj_record_get (now, d->field));

  /* Going back is often a move the workflow refuses forward (out of
   * "exited", or a stage back): an undo restores the record as it was,
   * and says so. */
  if (!gj_session_update (self->session, changes, GJ_WRITE_NONE, &local_error))
    {
      if (!g_error_matches (local_error, GJ_DATA_ERROR, GJ_DATA_ERROR_TRANSITION))
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (!gj_session_update (self->session, changes, GJ_WRITE_REOPEN, error))
        return FALSE;
      reopened = TRUE;
    }

  if (flow != NULL && !same_value (entry->before, entry->after,
                                   gj_kind_field_index (kind, flow->field)))
    {
      const char *stage = gj_format_enum_label (kind, flow->field,
                                                gj_record_get_text (entry->before, flow->field));

      if (reopened)
        /* TRANSLATORS: a toast after undoing a stage move: a record, then
         * the stage it is back in */
        *message = g_strdup_printf (_("“%s” is back in “%s”; the workflow allows this move "
                                      "only as an undo"), entry->title, stage);
      else
        /* TRANSLATORS: a toast after undoing a stage move */
        *message = g_strdup_printf (_("“%s” is back in “%s”"), entry->title, stage);
    }
  else
    /* TRANSLATORS: a toast after undoing a change, %s is the record's name */
    *message = g_strdup_printf (_("The change to “%s” was undone"), entry->title);
  return TRUE;
}

gboolean
gj_undo_undo (GjUndo  *self,
              guint    serial,
              char   **message,
              GError **error)
{
  g_autofree char *text = NULL;
  GList *link = NULL;
  Entry *entry;
  gboolean ok;

  g_return_val_if_fail (GJ_IS_UNDO (self), FALSE);

  for (GList *l = self->entries.head; l != NULL && link == NULL; l = l->next)
    if (serial == 0 || ((Entry *) l->data)->serial == serial)
      link = l;
  if (link == NULL)
    {
      g_set_error_literal (error, GJ_DATA_ERROR, GJ_DATA_ERROR_NOT_FOUND,
                           serial == 0 ? _("There is nothing to undo")
                                       : _("This can no longer be undone"));
      return FALSE;
    }

  /* Off the history first: whether it works or is refused, trying it
   * again would give the same answer, and Ctrl+Z should go on to the
   * next entry. */
  entry = link->data;
  g_queue_delete_link (&self->entries, link);
  ok = entry->type == ENTRY_DELETE ? undo_delete (self, entry, &text, error)
                                   : undo_update (self, entry, &text, error);
  entry_free (entry);
  if (ok && message != NULL)
    *message = g_steal_pointer (&text);
  return ok;
}

static void
gj_undo_finalize (GObject *object)
{
  GjUndo *self = GJ_UNDO (object);

  g_queue_clear_full (&self->entries, (GDestroyNotify) entry_free);
  G_OBJECT_CLASS (gj_undo_parent_class)->finalize (object);
}

static void
gj_undo_class_init (GjUndoClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gj_undo_finalize;

  /**
   * GjUndo::pushed:
   * @serial: the new entry's serial, for gj_undo_undo()
   * @label: what happened, for a toast with an Undo button
   *
   * Emitted after a write that can be undone.
   */
  signals[PUSHED] = g_signal_new ("pushed", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                  0, NULL, NULL, NULL,
                                  G_TYPE_NONE, 2, G_TYPE_UINT, G_TYPE_STRING);
}

static void
gj_undo_init (GjUndo *self)
{
  g_queue_init (&self->entries);
}
