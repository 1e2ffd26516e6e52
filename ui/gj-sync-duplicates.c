/* gj-sync-duplicates.c: possible duplicates, on the Sync page
 *
 * The same organization or person registered on two laptops before they
 * synced: each group of records with the same key, with the button that
 * keeps one and merges the others into it. The scan reads every
 * organization and person, so it runs in the reader's thread.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-sync-duplicates"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gj-duplicates.h"
#include "gj-format.h"
#include "gj-gtk-compat.h"
#include "gj-sync-duplicates.h"
#include "gj-validate.h"

struct _GjSyncDuplicates
{
  AdwPreferencesGroup  parent_instance;

  GjSession           *session;
  GCancellable        *cancellable;   /* the reads under way; cancelled in dispose */

  GtkListBox          *duplicates_list;
};

G_DEFINE_FINAL_TYPE (GjSyncDuplicates, gj_sync_duplicates, ADW_TYPE_PREFERENCES_GROUP)

static void
toast (GjSyncDuplicates *self,
       const char       *text)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", text);
}

static void
keep_this_cb (GtkButton        *button,
              GjSyncDuplicates *self)
{
  const GjKind *kind = g_object_get_data (G_OBJECT (button), "kind");
  const char *keep = g_object_get_data (G_OBJECT (button), "keep-id");
  GPtrArray *ids = g_object_get_data (G_OBJECT (button), "ids");
  GjStore *store = gj_session_get_store (self->session);
  g_autoptr(GError) error = NULL;
  gboolean ok = gj_store_begin (store, &error);

  /* All the others into the one kept, or none of them. */
  for (guint i = 0; ok && i < ids->len; i++)
    if (!g_str_equal (ids->pdata[i], keep))
      ok = gj_store_merge_records (store, kind, keep, ids->pdata[i], &error);
  if (ok)
    ok = gj_store_commit (store, &error);
  else
    gj_store_rollback (store);
  if (!ok)
    {
      toast (self, error->message);
      return;
    }
  for (guint k = 0; k < gj_schema_n_kinds (); k++)
    gj_session_emit_changed (self->session, gj_schema_kind (k)->name);
  toast (self, _("Merged; the change reaches colleagues with the next sync"));
}

static GtkWidget *
duplicate_row (GjSyncDuplicates  *self,
               const GjDuplicate *dup)
{
  GjStore *store = gj_session_get_store (self->session);
  GtkWidget *expander = adw_expander_row_new ();
  g_autofree char *value = (dup->field->flags & GJ_FIELD_FLAG_SENSITIVE)
                           ? gj_mask_sensitive (dup->value) : g_strdup (dup->value);
  g_autofree char *title = g_strdup_printf ("%s · %s %s", _(dup->kind->label),
                                            _(dup->field->label), value);
  g_autofree char *subtitle = g_strdup_printf (ngettext ("%u record", "%u records", dup->ids->len),
                                               dup->ids->len);
  GPtrArray *ids = g_ptr_array_new_with_free_func (g_free);

  for (guint i = 0; i < dup->ids->len; i++)
    g_ptr_array_add (ids, g_strdup (dup->ids->pdata[i]));
  g_object_set_data_full (G_OBJECT (expander), "ids", ids, (GDestroyNotify) g_ptr_array_unref);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (expander), title);
  adw_expander_row_set_subtitle (ADW_EXPANDER_ROW (expander), subtitle);
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (expander), TRUE);

  for (guint i = 0; i < dup->ids->len; i++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GjRecord) rec = gj_store_get (store, dup->kind, dup->ids->pdata[i], &error);
      g_autofree char *name = rec ? gj_format_record_title (store, rec)
                                  : g_strdup (dup->ids->pdata[i]);
      g_autofree char *summary_title = NULL;
      g_autofree char *summary = NULL;
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *keep = gtk_button_new_with_mnemonic (_("_Keep This One"));

      if (rec != NULL)
        gj_format_record_summary (store, rec, &summary_title, &summary);
      else
        g_message ("possible duplicate %s: %s", (const char *) dup->ids->pdata[i], error->message);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), summary ? summary : "");
      gtk_widget_set_valign (keep, GTK_ALIGN_CENTER);
      g_object_set_data (G_OBJECT (keep), "kind", (gpointer) dup->kind);
      g_object_set_data_full (G_OBJECT (keep), "keep-id", g_strdup (dup->ids->pdata[i]), g_free);
      g_object_set_data (G_OBJECT (keep), "ids", ids);
      g_signal_connect (keep, "clicked", G_CALLBACK (keep_this_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), keep);
      adw_expander_row_add_row (ADW_EXPANDER_ROW (expander), row);
    }
  return expander;
}

static gpointer
read_duplicates (GjStore       *store,
                 gpointer       data,
                 GCancellable  *cancellable,
                 GError       **error)
{
  return gj_store_find_duplicates (store, error);
}

static void
duplicates_read_cb (GObject      *source,
                    GAsyncResult *result,
                    gpointer      user_data)
{
  GjSyncDuplicates *self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) dups = gj_reader_run_finish (GJ_READER (source), result, &error);

  /* Cancelled as the widget went; @user_data may be gone with it. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = GJ_SYNC_DUPLICATES (user_data);
  if (dups == NULL)
    g_message ("possible duplicates: %s", error->message);
  gj_list_box_remove_all (self->duplicates_list);
  for (guint i = 0; dups != NULL && i < dups->len; i++)
    gtk_list_box_append (self->duplicates_list, duplicate_row (self, g_ptr_array_index (dups, i)));
  /* Shown only when there is something to merge. */
  gtk_widget_set_visible (GTK_WIDGET (self), dups != NULL && dups->len > 0);
}

void
gj_sync_duplicates_refresh (GjSyncDuplicates *self)
{
  g_return_if_fail (GJ_IS_SYNC_DUPLICATES (self));

  gj_reader_run_async (gj_session_get_reader (self->session), read_duplicates, NULL, NULL,
                       (GDestroyNotify) g_ptr_array_unref, self->cancellable, duplicates_read_cb,
                       self);
}

void
gj_sync_duplicates_set_session (GjSyncDuplicates *self,
                                GjSession        *session)
{
  g_return_if_fail (GJ_IS_SYNC_DUPLICATES (self));
  g_return_if_fail (GJ_IS_SESSION (session));

  g_set_object (&self->session, session);
}

static void
gj_sync_duplicates_dispose (GObject *object)
{
  GjSyncDuplicates *self = GJ_SYNC_DUPLICATES (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (self), GJ_TYPE_SYNC_DUPLICATES);
  G_OBJECT_CLASS (gj_sync_duplicates_parent_class)->dispose (object);
}

static void
gj_sync_duplicates_class_init (GjSyncDuplicatesClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = gj_sync_duplicates_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/cn/gongjian/Gongjian/gj-sync-duplicates.ui");
  gtk_widget_class_bind_template_child (widget_class, GjSyncDuplicates, duplicates_list);
}

static void
gj_sync_duplicates_init (GjSyncDuplicates *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}
