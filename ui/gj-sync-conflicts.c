/* gj-sync-conflicts.c: the conflicts to review, on the Sync page
 *
 * Two people changed the same field before their laptops synced: the later
 * change won everywhere and the other value was kept as a conflict. Each
 * row says both values, who made them and when, with the one click that
 * keeps the other value and the one that marks the conflict reviewed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-sync-conflicts"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gj-format.h"
#include "gj-gtk-compat.h"
#include "gj-hlc.h"
#include "gj-reader.h"
#include "gj-sync-conflicts.h"
#include "gj-validate.h"

struct _GjSyncConflicts
{
  AdwPreferencesGroup  parent_instance;

  GjSession           *session;

  GtkListBox          *conflicts_list;
  GtkLabel            *placeholder;
  GCancellable        *cancellable;  /* of the conflicts being read */
};

/* A conflict as its row says it, made in the reader's thread: its values
 * may name other records. */
typedef struct
{
  char *id;
  char *record_kind;
  char *title;
  char *subtitle;
} Conflict;

static void
conflict_free (Conflict *c)
{
  g_free (c->id);
  g_free (c->record_kind);
  g_free (c->title);
  g_free (c->subtitle);
  g_free (c);
}

G_DEFINE_FINAL_TYPE (GjSyncConflicts, gj_sync_conflicts, ADW_TYPE_PREFERENCES_GROUP)

static void
toast (GjSyncConflicts *self,
       const char      *text)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", text);
}

static char *
conflict_value (GjStore       *store,
                const GjKind  *kind,
                const GjField *field,
                const char    *value)
{
  if (value == NULL || *value == '\0')
    return g_strdup (_("(empty)"));
  if (field == NULL)
    return g_strdup (value);
  switch (field->type)
    {
    case GJ_FIELD_ENUM:
      return g_strdup (gj_format_enum_label (kind, field->name, value));
    case GJ_FIELD_REF:
      return gj_format_ref_title (store, field->ref_kind, value);
    case GJ_FIELD_BOOL:
      return g_strdup (g_str_equal (value, "1") || g_str_equal (value, "true") ? _("Yes")
                                                                               : _("No"));
    default:
      if (field->flags & GJ_FIELD_FLAG_SENSITIVE)
        return gj_mask_sensitive (value);
      return g_strdup (value);
    }
}

static void
keep_other_cb (GtkButton       *button,
               GjSyncConflicts *self)
{
  const char *id = g_object_get_data (G_OBJECT (button), "conflict-id");
  const char *kind = g_object_get_data (G_OBJECT (button), "record-kind");
  gboolean keep_other = GPOINTER_TO_INT (g_object_get_data (G_OBJECT (button), "keep-other"));
  g_autoptr(GError) error = NULL;

  if (!gj_store_resolve_conflict (gj_session_get_store (self->session), id, keep_other, &error))
    {
      toast (self, error->message);
      return;
    }
  if (kind != NULL && gj_schema_lookup (kind) != NULL)
    gj_session_emit_changed (self->session, kind);
  gj_session_emit_changed (self->session, "conflict");
  toast (self, keep_other ? _("Kept the other value; it reaches colleagues with the next sync")
                          : _("Marked as reviewed"));
}

/* In the reader's thread: the words of one conflict's row. */
static Conflict *
describe_conflict (GjStore        *store,
                   const GjRecord *c,
                   const char     *own)
{
  const char *kind_name = gj_record_get_text (c, "record_kind");
  const GjKind *kind = gj_schema_lookup (kind_name);
  const GjField *field = kind ? gj_kind_field (kind, gj_record_get_text (c, "field")) : NULL;
  const char *record_id = gj_record_get_text (c, "record_id");
  g_autofree char *record = kind ? gj_format_ref_title (store, kind_name, record_id)
                                 : g_strdup (record_id);
  g_autofree char *kept = conflict_value (store, kind, field, gj_record_get_text (c, "kept_value"));
  g_autofree char *lost = conflict_value (store, kind, field, gj_record_get_text (c, "lost_value"));
  g_autofree char *kept_when = gj_hlc_format ((guint64) gj_record_get_int (c, "kept_clock"));
  g_autofree char *lost_when = gj_hlc_format ((guint64) gj_record_get_int (c, "lost_clock"));
  const char *lost_site = gj_record_get_text (c, "lost_site");
  const char *kept_site = gj_record_get_text (c, "kept_site");
  g_autofree char *lost_by = g_strcmp0 (lost_site, own) == 0 ? g_strdup (_("this laptop"))
                             : g_strdup_printf (_("device %.8s"), lost_site ? lost_site : "");
  g_autofree char *kept_by = g_strcmp0 (kept_site, own) == 0 ? g_strdup (_("this laptop"))
                             : g_strdup_printf (_("device %.8s"), kept_site ? kept_site : "");
  Conflict *conflict = g_new0 (Conflict, 1);

  conflict->id = g_strdup (c->id);
  conflict->record_kind = g_strdup (kind_name);
  conflict->title = g_strdup_printf ("%s · %s · %s", kind ? _(kind->label) : kind_name, record,
                                     field ? _(field->label) : gj_record_get_text (c, "field"));
  if (g_strcmp0 (gj_record_get_text (c, "reason"), "deleted") == 0)
    conflict->subtitle = g_strdup_printf (_("Deleted (%s, %s); edited meanwhile to “%s” (%s, %s)"),
                                          kept_by, kept_when, lost, lost_by, lost_when);
  else
    conflict->subtitle = g_strdup_printf (_("Kept “%s” (%s, %s); other value “%s” (%s, %s)"),
                                          kept, kept_by, kept_when, lost, lost_by, lost_when);
  return conflict;
}

/* In the reader's thread: the conflicts not reviewed yet, oldest first.
 * @data is this laptop's site id. */
static gpointer
read_conflicts (GjStore       *store,
                gpointer       data,
                GCancellable  *cancellable,
                GError       **error)
{
  GjFilter f = { "resolved", "1", GJ_FILTER_NE };
  GjQuery q = { .filters = &f, .n_filters = 1, .sort_field = "lost_clock" };
  g_autoptr(GPtrArray) list = gj_store_list (store, gj_schema_lookup ("conflict"), &q, error);
  GPtrArray *conflicts;

  if (list == NULL)
    return NULL;
  conflicts = g_ptr_array_new_with_free_func ((GDestroyNotify) conflict_free);
  for (guint i = 0; i < list->len; i++)
    g_ptr_array_add (conflicts, describe_conflict (store, g_ptr_array_index (list, i), data));
  return conflicts;
}

static GtkWidget *
conflict_row (GjSyncConflicts *self,
              const Conflict  *c)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *keep = gtk_button_new_with_mnemonic (_("_Keep Other Value"));
  GtkWidget *done = gtk_button_new_from_icon_name ("object-select-symbolic");

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), c->title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), c->subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);

  gtk_widget_set_valign (keep, GTK_ALIGN_CENTER);
  g_object_set_data_full (G_OBJECT (keep), "conflict-id", g_strdup (c->id), g_free);
  g_object_set_data_full (G_OBJECT (keep), "record-kind", g_strdup (c->record_kind), g_free);
  g_object_set_data (G_OBJECT (keep), "keep-other", GINT_TO_POINTER (TRUE));
  g_signal_connect (keep, "clicked", G_CALLBACK (keep_other_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), keep);

  gtk_widget_set_valign (done, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (done, "flat");
  gtk_widget_set_tooltip_text (done, _("The kept value is right: mark as reviewed"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (done), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Mark as reviewed"), -1);
  g_object_set_data_full (G_OBJECT (done), "conflict-id", g_strdup (c->id), g_free);
  g_object_set_data_full (G_OBJECT (done), "record-kind", g_strdup (c->record_kind), g_free);
  g_signal_connect (done, "clicked", G_CALLBACK (keep_other_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), done);
  return row;
}

static void
conflicts_read_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(GjSyncConflicts) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) conflicts = gj_reader_run_finish (GJ_READER (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  gj_list_box_remove_all (self->conflicts_list);
  /* A list that cannot be read must not look empty: it says why instead. */
  if (conflicts == NULL)
    {
      g_message ("conflicts: %s", error->message);
      gtk_label_set_label (self->placeholder, error->message);
      return;
    }
  gtk_label_set_label (self->placeholder, _("No conflicts to review"));
  for (guint i = 0; i < conflicts->len; i++)
    gtk_list_box_append (self->conflicts_list,
                         conflict_row (self, g_ptr_array_index (conflicts, i)));
}

void
gj_sync_conflicts_refresh (GjSyncConflicts *self)
{
  g_return_if_fail (GJ_IS_SYNC_CONFLICTS (self));

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  gj_reader_run_async (gj_session_get_reader (self->session), read_conflicts,
                       g_strdup (gj_store_get_site_id (gj_session_get_store (self->session))),
                       g_free, (GDestroyNotify) g_ptr_array_unref, self->cancellable,
                       conflicts_read_cb, g_object_ref (self));
}

void
gj_sync_conflicts_set_session (GjSyncConflicts *self,
                               GjSession       *session)
{
  g_return_if_fail (GJ_IS_SYNC_CONFLICTS (self));
  g_return_if_fail (GJ_IS_SESSION (session));

  g_set_object (&self->session, session);
}

static void
gj_sync_conflicts_dispose (GObject *object)
{
  GjSyncConflicts *self = GJ_SYNC_CONFLICTS (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (self), GJ_TYPE_SYNC_CONFLICTS);
  G_OBJECT_CLASS (gj_sync_conflicts_parent_class)->dispose (object);
}

static void
gj_sync_conflicts_class_init (GjSyncConflictsClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = gj_sync_conflicts_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/cn/gongjian/Gongjian/gj-sync-conflicts.ui");
  gtk_widget_class_bind_template_child (widget_class, GjSyncConflicts, conflicts_list);
  gtk_widget_class_bind_template_child (widget_class, GjSyncConflicts, placeholder);
}

static void
gj_sync_conflicts_init (GjSyncConflicts *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
