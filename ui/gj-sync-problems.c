/* gj-sync-problems.c: the records that did not sync, on the Sync page
 *
 * A record that failed a check on another device is held there and listed
 * here with the reason, so that it can be fixed here; one from another
 * device that failed here waits on this laptop. Each row says which device
 * and when, with the record to open when it is on this laptop.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-sync-problems"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gj-data-error.h"
#include "gj-format.h"
#include "gj-gtk-compat.h"
#include "gj-record-editor.h"
#include "gj-store-sync.h"
#include "gj-sync-problems.h"

struct _GjSyncProblems
{
  AdwPreferencesGroup  parent_instance;

  GjSession           *session;
  GjSyncAgent         *agent;
  GCancellable        *cancellable;   /* the reads under way; cancelled in dispose */

  GtkListBox          *problems_list;
  GtkWidget           *placeholder;
};

G_DEFINE_FINAL_TYPE (GjSyncProblems, gj_sync_problems, ADW_TYPE_PREFERENCES_GROUP)

static void
toast (GjSyncProblems *self,
       const char     *text)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", text);
}

typedef struct
{
  GjProblem *problem;
  char      *title;   /* the record's title here; NULL when it is not on this laptop */
} ProblemItem;

static void
problem_item_free (ProblemItem *item)
{
  gj_problem_free (item->problem);
  g_free (item->title);
  g_free (item);
}

/* In the reader's thread: the problems with the titles of the records that
 * are here. A row held on arrival may be a new record that is not. */
static gpointer
read_problems (GjStore       *store,
               gpointer       data,
               GCancellable  *cancellable,
               GError       **error)
{
  g_autoptr(GPtrArray) problems = gj_store_list_problems (store, error);
  g_autofree GjProblem **list = NULL;
  GPtrArray *items;
  gsize n = 0;

  if (problems == NULL)
    return NULL;
  list = (GjProblem **) g_ptr_array_steal (problems, &n);
  items = g_ptr_array_new_with_free_func ((GDestroyNotify) problem_item_free);
  for (gsize i = 0; i < n; i++)
    {
      ProblemItem *item = g_new0 (ProblemItem, 1);
      const GjKind *kind = gj_schema_lookup (list[i]->kind);
      g_autoptr(GError) local_error = NULL;
      g_autoptr(GjRecord) rec = kind ? gj_store_get (store, kind, list[i]->id, &local_error) : NULL;

      item->problem = list[i];
      g_ptr_array_add (items, item);
      /* Not found is an answer: the record is not on this laptop. */
      if (local_error != NULL &&
          !g_error_matches (local_error, GJ_DATA_ERROR, GJ_DATA_ERROR_NOT_FOUND))
        {
          for (i++; i < n; i++)
            gj_problem_free (list[i]);
          g_ptr_array_unref (items);
          g_propagate_error (error, g_steal_pointer (&local_error));
          return NULL;
        }
      if (rec != NULL && !gj_record_is_deleted (rec))
        item->title = gj_format_record_title (store, rec);
    }
  return items;
}

/* Who a problem is about, as people know the device: the district server,
 * a paired laptop by its name, or the short device id. */
static char *
device_name (GjSyncProblems *self,
             const char     *device_id)
{
  g_autofree char *server = gj_store_get_meta (gj_session_get_store (self->session), "sync.server");
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) peers = gj_sync_agent_list_peers (self->agent, &error);

  if (g_strcmp0 (device_id, server) == 0)
    return g_strdup (_("the district server"));
  if (peers == NULL)
    g_message ("paired laptops: %s", error->message);
  for (guint i = 0; peers != NULL && i < peers->len; i++)
    {
      GjDevice *d = g_ptr_array_index (peers, i);

      if (g_strcmp0 (d->id, device_id) == 0 && d->name != NULL && *d->name != '\0')
        return g_strdup_printf (_("laptop “%s”"), d->name);
    }
  return g_strdup_printf (_("device %.8s"), device_id);
}

static GtkWidget *
problem_row (GjSyncProblems     *self,
             const ProblemItem *item)
{
  const GjProblem *p = item->problem;
  const GjKind *kind = gj_schema_lookup (p->kind);
  const char *kind_label = kind ? _(kind->label) : p->kind;
  g_autofree char *when = gj_format_when (p->time);
  g_autofree char *device = p->peer && *p->peer ? device_name (self, p->peer) : NULL;
  g_autofree char *title = NULL;
  g_autofree char *where = NULL;
  g_autofree char *subtitle = NULL;
  GtkWidget *row = adw_action_row_new ();

  if (item->title != NULL)
    title = g_strdup_printf ("%s · %s", kind_label, item->title);
  else
    /* Translators: a kind of record and the start of its id, for a record
     * that is not on this laptop */
    title = g_strdup_printf (_("%s · %.8s (not on this laptop)"), kind_label, p->id);

  if (!p->received)
    where = g_strdup_printf (_("Refused by %s · %s · open it, fix it and sync again"),
                             device, when);
  else if (device != NULL)
    where = g_strdup_printf (_("From %s · %s · held on this laptop until it is fixed there and "
                               "synced again"), device, when);
  else
    where = g_strdup_printf (_("Found by a check on this laptop · %s · open it and fix it"),
                             when);
  subtitle = g_strdup_printf ("%s\n%s", p->reason, where);

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row),
                             gtk_image_new_from_icon_name (p->received ? "folder-download-symbolic"
                                                                       : "document-send-symbolic"));

  if (item->title != NULL)
    {
      GtkWidget *open = gtk_button_new_with_mnemonic (_("_Open"));

      gtk_widget_set_valign (open, GTK_ALIGN_CENTER);
      gtk_widget_set_tooltip_text (open, _("Open the record to fix it"));
      gtk_actionable_set_action_name (GTK_ACTIONABLE (open), "sync.open-record");
      gtk_actionable_set_action_target_value (GTK_ACTIONABLE (open),
                                              g_variant_new ("(ss)", p->kind, p->id));
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), open);
    }
  return row;
}

static void
problems_read_cb (GObject      *source,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  GjSyncProblems *self;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = gj_reader_run_finish (GJ_READER (source), result, &error);

  /* Cancelled as the widget went; @user_data may be gone with it. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = GJ_SYNC_PROBLEMS (user_data);
  if (items == NULL)
    {
      g_message ("records that did not sync: %s", error->message);
      return;
    }
  gj_list_box_remove_all (self->problems_list);
  for (guint i = 0; i < items->len; i++)
    gtk_list_box_append (self->problems_list, problem_row (self, g_ptr_array_index (items, i)));
  gtk_widget_set_visible (GTK_WIDGET (self->placeholder), TRUE);
}

void
gj_sync_problems_refresh (GjSyncProblems *self)
{
  g_return_if_fail (GJ_IS_SYNC_PROBLEMS (self));

  gj_reader_run_async (gj_session_get_reader (self->session), read_problems, NULL, NULL,
                       (GDestroyNotify) g_ptr_array_unref, self->cancellable, problems_read_cb,
                       self);
}

/* The Open button of a record that did not sync: its editor, as the other
 * pages open a record. */
static void
open_record_action (GtkWidget  *widget,
                    const char *action,
                    GVariant   *param)
{
  GjSyncProblems *self = GJ_SYNC_PROBLEMS (widget);
  const char *kind_name, *id;
  const GjKind *kind;
  g_autoptr(GError) error = NULL;
  g_autoptr(GjRecord) rec = NULL;

  g_variant_get (param, "(&s&s)", &kind_name, &id);
  if ((kind = gj_schema_lookup (kind_name)) != NULL &&
      (rec = gj_store_get (gj_session_get_store (self->session), kind, id, &error)) == NULL &&
      !g_error_matches (error, GJ_DATA_ERROR, GJ_DATA_ERROR_NOT_FOUND))
    {
      toast (self, error->message);
      return;
    }
  if (rec == NULL || gj_record_is_deleted (rec))
    {
      toast (self, _("This record is not on this laptop"));
      return;
    }
  gj_record_editor_open (widget, self->session, kind, rec, NULL);
}

void
gj_sync_problems_set_agent (GjSyncProblems *self,
                            GjSession      *session,
                            GjSyncAgent    *agent)
{
  g_return_if_fail (GJ_IS_SYNC_PROBLEMS (self));
  g_return_if_fail (GJ_IS_SESSION (session));
  g_return_if_fail (GJ_IS_SYNC_AGENT (agent));

  g_set_object (&self->session, session);
  g_set_object (&self->agent, agent);
}

static void
gj_sync_problems_dispose (GObject *object)
{
  GjSyncProblems *self = GJ_SYNC_PROBLEMS (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->agent);
  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (self), GJ_TYPE_SYNC_PROBLEMS);
  G_OBJECT_CLASS (gj_sync_problems_parent_class)->dispose (object);
}

static void
gj_sync_problems_class_init (GjSyncProblemsClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = gj_sync_problems_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/cn/gongjian/Gongjian/gj-sync-problems.ui");
  gtk_widget_class_bind_template_child (widget_class, GjSyncProblems, problems_list);
  gtk_widget_class_bind_template_child (widget_class, GjSyncProblems, placeholder);

  gtk_widget_class_install_action (widget_class, "sync.open-record", "(ss)", open_record_action);
}

static void
gj_sync_problems_init (GjSyncProblems *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
}
