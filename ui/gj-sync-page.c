/* gj-sync-page.c: the Sync page of the main window
 *
 * What people need to know about syncing, in their words: whether this
 * laptop talks to the district server, when it last did, what is still
 * waiting to go, what went wrong, whether its clock is wrong; the records
 * that did not sync, each with the record to open and fix; which
 * colleagues' laptops it pairs with; and the conflicts to review, each
 * with the one click that keeps the other value. The records that did not
 * sync, the possible duplicates and the conflicts are groups of their own
 * (gj-sync-problems.c, gj-sync-duplicates.c, gj-sync-conflicts.c).
 *
 * The page owns the agent and the window's cancellable: closing the window
 * disposes the page, which cancels the syncs and the pairing under way.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-sync-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>

#include "gj-format.h"
#include "gj-gtk-compat.h"
#include "gj-site-names.h"
#include "gj-sync-conflicts.h"
#include "gj-sync-duplicates.h"
#include "gj-sync-page.h"
#include "gj-sync-problems.h"

struct _GjSyncPage
{
  AdwBin             parent_instance;

  GjSession         *session;
  GjSyncAgent       *agent;
  GCancellable      *cancellable;       /* the window's: cancelled in dispose */
  GCancellable      *pair_cancellable;  /* the pairing asked for here, while it waits */
  AdwMessageDialog  *code_dialog;
  gboolean           updating;
  guint              refresh_source;

  AdwPreferencesGroup *server_group;
  GtkWidget         *sync_button;
  AdwButtonContent  *sync_button_content;
  AdwEntryRow       *url_row;
  AdwEntryRow       *token_row;
  AdwActionRow      *enroll_row;
  GtkWidget         *enroll_button;
  AdwActionRow      *server_row;
  AdwActionRow      *last_row;
  AdwActionRow      *waiting_row;
  AdwActionRow      *error_row;
  AdwActionRow      *notes_row;
  AdwActionRow      *auto_row;
  GtkSwitch         *auto_switch;
  AdwActionRow      *share_row;
  GtkSwitch         *share_switch;
  AdwEntryRow       *address_row;
  GtkWidget         *pair_button;
  GtkListBox        *peers_list;
  GtkLabel          *peers_placeholder;   /* also ours: it is in the list only when empty */
  AdwPreferencesGroup *nearby_group;
  GtkListBox        *nearby_list;
  GtkLabel          *nearby_placeholder;
  GjSyncProblems    *problems_group;
  GjSyncDuplicates  *duplicates_group;
  GjSyncConflicts   *conflicts_group;
};

G_DEFINE_FINAL_TYPE (GjSyncPage, gj_sync_page, ADW_TYPE_BIN)

/* The window shows it ("win.toast"); the page does not know the window. */
static void
toast (GjSyncPage *self,
       const char *text)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", text);
}

/* What the person typed, without the spaces a copy and paste brings. */
static char *
entry_text (AdwEntryRow *row)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
}

/* Server */

static void
refresh_server (GjSyncPage *self)
{
  g_autofree char *url = gj_sync_agent_dup_server_url (self->agent);
  gboolean enrolled = url != NULL;
  gboolean busy = gj_sync_agent_is_busy (self->agent);
  gint64 last = gj_sync_agent_get_last_sync (self->agent);
  gint64 waiting = gj_sync_agent_count_waiting (self->agent);
  const GError *error = gj_sync_agent_get_error (self->agent);
  g_autofree char *last_text = last > 0 ? gj_format_when (last) : g_strdup (_("Never"));
  g_autofree char *waiting_text = NULL;
  g_autofree char *notes = gj_sync_agent_dup_notes (self->agent);
  g_autofree char *clock = gj_sync_agent_dup_clock_warning (self->agent);

  gtk_widget_set_visible (GTK_WIDGET (self->url_row), !enrolled);
  gtk_widget_set_visible (GTK_WIDGET (self->token_row), !enrolled);
  gtk_widget_set_visible (GTK_WIDGET (self->enroll_row), !enrolled);
  gtk_widget_set_visible (GTK_WIDGET (self->server_row), enrolled);
  /* A count that could not be read (-1) is not shown rather than shown wrong. */
  gtk_widget_set_visible (GTK_WIDGET (self->waiting_row), enrolled && waiting >= 0);
  gtk_widget_set_sensitive (self->enroll_button, !busy);
  adw_action_row_set_subtitle (self->server_row, enrolled ? url : "");
  adw_action_row_set_subtitle (self->last_row, last_text);

  if (waiting == 0)
    waiting_text = g_strdup (_("None; the server has everything"));
  else
    waiting_text = g_strdup_printf (ngettext ("%d record", "%d records", (gulong) waiting),
                                    (int) MIN (waiting, G_MAXINT));
  adw_action_row_set_subtitle (self->waiting_row, waiting_text);

  gtk_widget_set_visible (GTK_WIDGET (self->error_row), error != NULL && !busy);
  adw_action_row_set_subtitle (self->error_row, error ? error->message : "");

  /* A wrong clock is said until a sync finds it right; records refused or
   * held, after the sync that found them (the list below keeps them). */
  gtk_widget_set_visible (GTK_WIDGET (self->notes_row), notes != NULL && !busy);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (self->notes_row),
                                 clock ? _("Check this laptop’s date and time")
                                 : gj_sync_agent_only_waits_for_update (self->agent)
                                 ? _("Some changes wait for an update")
                                 : _("Some records did not sync"));
  adw_action_row_set_subtitle (self->notes_row, notes ? notes : "");

  adw_button_content_set_label (self->sync_button_content, busy ? _("Syncing…") : _("Sync _Now"));
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "sync.now",
                                 !busy && gj_sync_agent_has_targets (self->agent));
  adw_preferences_group_set_description (self->server_group,
    enrolled ? NULL
             : _("Enter the address and the one-time token the district administrator gave you. "
                 "Until then nothing is sent anywhere."));
}

static void
enrolled_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* As after a sync: the server group says what went wrong. */
  if (!gj_sync_agent_enroll_finish (GJ_SYNC_AGENT (source), result, &error))
    g_debug ("enrolment: %s", error->message);
}

static void
enroll_cb (GjSyncPage *self)
{
  g_autofree char *url = entry_text (self->url_row);
  g_autofree char *token = entry_text (self->token_row);

  gtk_widget_remove_css_class (GTK_WIDGET (self->url_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->token_row), "error");
  if (*url == '\0')
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->url_row), "error");
      toast (self, _("Server address: enter the address the district administrator gave you"));
      gtk_widget_grab_focus (GTK_WIDGET (self->url_row));
      return;
    }
  if (*token == '\0')
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->token_row), "error");
      toast (self, _("Enrolment token: enter the token the district administrator gave you"));
      gtk_widget_grab_focus (GTK_WIDGET (self->token_row));
      return;
    }
  gj_sync_agent_enroll_async (self->agent, url, token, self->cancellable, enrolled_cb, NULL);
}

static void
synced_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  g_autoptr(GError) error = NULL;

  /* The server group says the problem, as after the agent's own syncs;
   * nothing is said of a sync cancelled as the window closed. */
  if (!gj_sync_agent_sync_finish (GJ_SYNC_AGENT (source), result, &error))
    g_debug ("sync: %s", error->message);
}

static void
sync_now_action (GtkWidget  *widget,
                 const char *action,
                 GVariant   *param)
{
  GjSyncPage *self = GJ_SYNC_PAGE (widget);

  gj_sync_agent_sync_async (self->agent, self->cancellable, synced_cb, NULL);
}

/* Colleagues' laptops */

static void
unpair_clicked_cb (GtkButton  *button,
                   GjSyncPage *self)
{
  const char *id = g_object_get_data (G_OBJECT (button), "device-id");
  g_autoptr(GError) error = NULL;

  if (!gj_sync_agent_unpair (self->agent, id, &error))
    toast (self, error->message);
}

static GtkWidget *
peer_row (GjSyncPage     *self,
          const GjDevice *d)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *button;
  g_autofree char *subtitle = NULL;
  g_autofree char *seen = d->last_seen > 0 ? gj_format_when (d->last_seen) : NULL;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                 d->name && *d->name ? d->name : _("Unnamed laptop"));
  if (d->street_id == NULL)
    subtitle = g_strdup (_("Waiting for you to accept; compare the code on both screens"));
  else if (seen != NULL)
    subtitle = g_strdup_printf (_("Paired · last synced here %s · %s"), seen,
                                d->url ? d->url : _("does not listen"));
  else
    subtitle = g_strdup_printf (_("Paired · %s"), d->url ? d->url : _("does not listen"));
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);

  button = gtk_button_new_from_icon_name ("user-trash-symbolic");
  gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_set_tooltip_text (button, d->street_id ? _("Unpair") : _("Refuse"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  d->street_id ? _("Unpair") : _("Refuse"), -1);
  g_object_set_data_full (G_OBJECT (button), "device-id", g_strdup (d->id), g_free);
  g_signal_connect (button, "clicked", G_CALLBACK (unpair_clicked_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
  return row;
}

static void
refresh_peers (GjSyncPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) peers = gj_sync_agent_list_peers (self->agent, &error);
  guint port = gj_sync_agent_get_port (self->agent);

  guint shown = 0;

  gj_list_box_remove_all (self->peers_list);
  for (guint i = 0; peers != NULL && i < peers->len; i++)
    {
      GjDevice *d = g_ptr_array_index (peers, i);

      if (d->revoked)
        continue;
      gtk_list_box_append (self->peers_list, peer_row (self, d));
      shown++;
    }
  /* A list that cannot be read must not look empty: it says why instead.
   * The placeholder leaves the list while rows show, so that the last row
   * stays the list's last child, which the boxed list's style rounds. */
  gtk_label_set_label (self->peers_placeholder,
                       peers ? _("No laptop is paired with this one yet") : error->message);
  if ((shown == 0) != (gtk_widget_get_parent (GTK_WIDGET (self->peers_placeholder)) != NULL))
    gtk_list_box_set_placeholder (self->peers_list,
                                  shown == 0 ? GTK_WIDGET (self->peers_placeholder) : NULL);

  if (port > 0)
    {
      g_autofree char *sub = g_strdup_printf (_("Listening as “%s”, port %u"), gj_device_name (),
                                              port);
      adw_action_row_set_subtitle (self->share_row, sub);
    }
  else
    adw_action_row_set_subtitle (self->share_row,
                                 _("Off: colleagues can neither find this laptop nor sync "
                                   "with it"));
  self->updating = TRUE;
  gtk_switch_set_active (self->share_switch, port > 0);
  self->updating = FALSE;
}

static void
paired_cb (GObject      *source,
           GAsyncResult *result,
           gpointer      user_data)
{
  GjSyncPage *self;
  g_autoptr(GError) error = NULL;
  gboolean ok = gj_sync_agent_pair_finish (GJ_SYNC_AGENT (source), result, &error);

  /* Cancelled with the code dialog, which has put the page back, or as
   * the window closed, when @user_data may be gone. */
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = GJ_SYNC_PAGE (user_data);
  g_clear_object (&self->pair_cancellable);
  if (self->code_dialog != NULL)
    {
      AdwMessageDialog *d = g_steal_pointer (&self->code_dialog);
      g_signal_handlers_disconnect_by_data (d, self);
      gtk_window_destroy (GTK_WINDOW (d));
    }
  gtk_widget_set_sensitive (self->pair_button, TRUE);
  if (ok)
    {
      gtk_editable_set_text (GTK_EDITABLE (self->address_row), "");
      toast (self, _("Paired; the two laptops now sync with each other"));
    }
  else
    toast (self, error->message);
}

static void
pair_with (GjSyncPage *self,
           const char *address)
{
  if (self->pair_cancellable != NULL)
    return;
  gtk_widget_set_sensitive (self->pair_button, FALSE);
  self->pair_cancellable = g_cancellable_new ();
  gj_sync_agent_pair_async (self->agent, address, self->pair_cancellable, paired_cb, self);
}

static void
pair_address_cb (GjSyncPage *self)
{
  g_autofree char *address = entry_text (self->address_row);

  if (*address == '\0')
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->address_row), "error");
      toast (self, _("Address: enter the other laptop’s address and port, as its Sync page "
                     "shows it"));
      return;
    }
  gtk_widget_remove_css_class (GTK_WIDGET (self->address_row), "error");
  pair_with (self, address);
}

static void
nearby_pair_cb (GtkButton  *button,
                GjSyncPage *self)
{
  pair_with (self, g_object_get_data (G_OBJECT (button), "address"));
}

static void
refresh_nearby (GjSyncPage *self)
{
  GjDiscovery *discovery = gj_sync_agent_get_discovery (self->agent);
  g_autoptr(GPtrArray) nearby = gj_discovery_list (discovery);
  const char *street = gj_store_get_street (gj_session_get_store (self->session));

  gj_list_box_remove_all (self->nearby_list);
  for (guint i = 0; i < nearby->len; i++)
    {
      GjNearby *n = g_ptr_array_index (nearby, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *button = gtk_button_new_with_mnemonic (_("_Pair"));
      g_autofree char *address = strchr (n->host, ':')
                                 ? g_strdup_printf ("[%s]:%u", n->host, n->port)
                                 : g_strdup_printf ("%s:%u", n->host, n->port);
      gboolean same_street = street == NULL || g_strcmp0 (n->street_id, street) == 0;

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), n->name);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   same_street ? address : _("Keeps another street’s records"));
      gtk_widget_set_valign (button, GTK_ALIGN_CENTER);
      gtk_widget_set_sensitive (button, same_street);
      g_object_set_data_full (G_OBJECT (button), "address", g_steal_pointer (&address), g_free);
      g_signal_connect (button, "clicked", G_CALLBACK (nearby_pair_cb), self);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), button);
      gtk_list_box_append (self->nearby_list, row);
    }
  gtk_label_set_label (self->nearby_placeholder,
    gj_discovery_is_available (discovery)
    ? _("No other Gongjian laptop announces itself on this network; ask a colleague to turn on "
        "sharing, or enter the address above")
    : _("Finding laptops on the network needs the Avahi service, which is not running on this "
        "computer; enter the other laptop’s address above instead"));
}

static void
share_toggled_cb (GjSyncPage *self)
{
  g_autoptr(GError) error = NULL;
  gboolean on = gtk_switch_get_active (self->share_switch);

  if (self->updating || self->agent == NULL)
    return;
  if (!gj_sync_agent_set_sharing (self->agent, on, &error))
    {
      toast (self, error->message);
      on = FALSE;
    }
  g_settings_set_boolean (gj_session_get_settings (self->session), "lan-sharing", on);
  refresh_peers (self);
}

static void
code_dialog_response_cb (AdwMessageDialog *dialog,
                         const char       *response,
                         GjSyncPage       *self)
{
  if (g_strcmp0 (response, "cancel") == 0 && self->pair_cancellable != NULL)
    {
      g_cancellable_cancel (self->pair_cancellable);
      g_clear_object (&self->pair_cancellable);
      gtk_widget_set_sensitive (self->pair_button, TRUE);
    }
  self->code_dialog = NULL;
}

static void
pair_code_cb (GjSyncAgent *agent,
              const char  *code,
              const char  *peer_name,
              GjSyncPage  *self)
{
  GtkWidget *dialog;
  g_autofree char *body = NULL;

  body = g_markup_printf_escaped (_("Check that “%s” shows the same code, and accept the "
                                    "pairing there:\n\n"
                                    "<span size=\"xx-large\" weight=\"bold\">%s</span>"),
                                  peer_name, code);
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                   _("Pairing Code"), NULL);
  adw_message_dialog_set_body_use_markup (ADW_MESSAGE_DIALOG (dialog), TRUE);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog), body);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"));
  g_signal_connect (dialog, "response", G_CALLBACK (code_dialog_response_cb), self);
  self->code_dialog = ADW_MESSAGE_DIALOG (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

typedef struct
{
  GjSyncPage *page;
  char       *id;
  char       *code;
} Incoming;

static void
incoming_free (Incoming *in)
{
  g_object_unref (in->page);
  g_free (in->id);
  g_free (in->code);
  g_free (in);
}

static void
incoming_response_cb (AdwMessageDialog *dialog,
                      const char       *response,
                      Incoming         *in)
{
  g_autoptr(GError) error = NULL;

  if (g_strcmp0 (response, "pair") == 0)
    {
      if (gj_sync_agent_accept (in->page->agent, in->code, &error))
        toast (in->page, _("Paired; the two laptops now sync with each other"));
      else
        toast (in->page, error->message);
    }
  else if (g_strcmp0 (response, "refuse") == 0 &&
           !gj_sync_agent_unpair (in->page->agent, in->id, &error))
    toast (in->page, error->message);
}

static void
pair_requested_cb (GjSyncAgent *agent,
                   const char  *id,
                   const char  *name,
                   const char  *code,
                   GjSyncPage  *self)
{
  GtkWidget *dialog;
  Incoming *in = g_new0 (Incoming, 1);
  g_autofree char *heading = g_strdup_printf (_("Pair With “%s”?"), name);
  g_autofree char *body =
    g_markup_printf_escaped (_("Pair only if the other laptop shows this same code:\n\n"
                               "<span size=\"xx-large\" weight=\"bold\">%s</span>\n\n"
                               "Once paired, it can read and change this street’s records."),
                             code);

  in->page = g_object_ref (self);
  in->id = g_strdup (id);
  in->code = g_strdup (code);
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), heading,
                                   NULL);
  adw_message_dialog_set_body_use_markup (ADW_MESSAGE_DIALOG (dialog), TRUE);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog), body);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "refuse", _("_Refuse"),
                                    "pair", _("_Pair"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "refuse",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "pair",
                                              ADW_RESPONSE_SUGGESTED);
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "later");
  g_signal_connect_data (dialog, "response", G_CALLBACK (incoming_response_cb), in,
                         (GClosureNotify) (void (*) (void)) incoming_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

/* What the page shows is read only while it is on screen. */
static void
refresh (GjSyncPage *self)
{
  if (self->agent == NULL || !gtk_widget_get_mapped (GTK_WIDGET (self)))
    return;
  refresh_server (self);
  refresh_peers (self);
  refresh_nearby (self);
  gj_sync_problems_refresh (self->problems_group);
  gj_sync_conflicts_refresh (self->conflicts_group);
  gj_sync_duplicates_refresh (self->duplicates_group);
}

static gboolean
refresh_idle_cb (gpointer data)
{
  GjSyncPage *self = data;

  self->refresh_source = 0;
  refresh (self);
  return G_SOURCE_REMOVE;
}

/* A sync that brought records, or a merge, says "changed" once per kind:
 * read the page once after all of them. */
static void
session_changed_cb (GjSession  *session,
                    const char *kind,
                    GjSyncPage *self)
{
  if (self->refresh_source == 0 && gtk_widget_get_mapped (GTK_WIDGET (self)))
    self->refresh_source = g_idle_add (refresh_idle_cb, self);
}

void
gj_sync_page_set_session (GjSyncPage *self,
                          GjSession  *session)
{
  g_autoptr(GError) error = NULL;

  g_return_if_fail (GJ_IS_SYNC_PAGE (self));
  g_return_if_fail (self->session == NULL);

  self->session = g_object_ref (session);
  self->agent = gj_sync_agent_new (session, self->cancellable);
  if (self->agent == NULL)
    {
      gtk_widget_set_sensitive (GTK_WIDGET (self), FALSE);
      return;
    }
  g_signal_connect_swapped (self->agent, "changed", G_CALLBACK (refresh), self);
  g_signal_connect (self->agent, "pair-code", G_CALLBACK (pair_code_cb), self);
  g_signal_connect (self->agent, "pair-requested", G_CALLBACK (pair_requested_cb), self);
  g_signal_connect (session, "changed", G_CALLBACK (session_changed_cb), self);
  gj_sync_problems_set_agent (self->problems_group, session, self->agent);
  gj_sync_conflicts_set_session (self->conflicts_group, session);
  gj_sync_duplicates_set_session (self->duplicates_group, session);
  g_settings_bind (gj_session_get_settings (session), "sync-auto", self->auto_switch, "active",
                   G_SETTINGS_BIND_DEFAULT);
  if (g_settings_get_boolean (gj_session_get_settings (session), "lan-sharing") &&
      gj_store_get_street (gj_session_get_store (session)) != NULL &&
      !gj_sync_agent_set_sharing (self->agent, TRUE, &error))
    g_message ("%s", error->message);
  refresh (self);
}

GjSyncAgent *
gj_sync_page_get_agent (GjSyncPage *self)
{
  g_return_val_if_fail (GJ_IS_SYNC_PAGE (self), NULL);
  return self->agent;
}

static void
gj_sync_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (gj_sync_page_parent_class)->map (widget);
  refresh (GJ_SYNC_PAGE (widget));
}

static void
gj_sync_page_dispose (GObject *object)
{
  GjSyncPage *self = GJ_SYNC_PAGE (object);

  /* The window is closing: the syncs and the pairing asked for here end
   * with it, and say nothing. */
  g_cancellable_cancel (self->cancellable);
  if (self->pair_cancellable != NULL)
    g_cancellable_cancel (self->pair_cancellable);
  g_clear_object (&self->pair_cancellable);
  g_clear_handle_id (&self->refresh_source, g_source_remove);
  if (self->session)
    g_signal_handlers_disconnect_by_data (self->session, self);
  if (self->agent)
    g_signal_handlers_disconnect_by_data (self->agent, self);
  g_clear_object (&self->agent);
  g_clear_object (&self->session);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->peers_placeholder);
  gtk_widget_dispose_template (GTK_WIDGET (object), GJ_TYPE_SYNC_PAGE);
  G_OBJECT_CLASS (gj_sync_page_parent_class)->dispose (object);
}

static void
gj_sync_page_class_init (GjSyncPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  g_type_ensure (GJ_TYPE_SYNC_CONFLICTS);
  g_type_ensure (GJ_TYPE_SYNC_DUPLICATES);
  g_type_ensure (GJ_TYPE_SYNC_PROBLEMS);
  G_OBJECT_CLASS (klass)->dispose = gj_sync_page_dispose;
  widget_class->map = gj_sync_page_map;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/cn/gongjian/Gongjian/gj-sync-page.ui");
  gtk_widget_class_bind_template_child (widget_class, GjSyncPage, server_group);
  gtk_widget_class_bind_template_child (widget_class, GjSyncPage, sync_button);
  gtk_widget_class_bind_template_child (widget_class, GjSyncPage, sync_button_content);
  gtk_widget_class_bind_template_child (widget_class, GjSyncPage, url_row);
  gtk_widget_class_bind_template_child (widget_class, GjSyncPage, token_row);
  gtk_widget_class_bind_template_child (widget_class, GjSyncPage, enroll_row);
  gtk_widget_class_bind_template_child (widget_class, GjSyncPage, enroll_button);
  gtk_widget_class_bind_template_child (widget_class, GjSyncPage, server_row);
  gtk_widget_class_bind_template_child (widget_class, GjSyncPage, last_row);
  gtk_widget_class_bind_template_child (widget_class, GjSyncPage, waiting_row);
  gtk_widget_class_bind_template_child (widget_class, GjSyncPage, error_row);
  gtk_widget_class_bind_template_child (widget_class, GjSyncPage, notes_row);
  gtk_widget_class_bind_template_child (widget_class, GjSyncPage, auto_row);
  gtk_widget_class_bind_template_child (widget_class, GjSyncPage, auto_switch);
  gtk_widget_class_bind_template_child (widget_class, GjSyncPage, share_row);
  gtk_widget_class_bind_template_child (widget_class, GjSyncPage, share_switch);
  gtk_widget_class_bind_template_child (widget_class, GjSyncPage, address_row);
  gtk_widget_class_bind_template_child (widget_class, GjSyncPage, pair_button);
  gtk_widget_class_bind_template_child (widget_class, GjSyncPage, peers_list);
  gtk_widget_class_bind_template_child (widget_class, GjSyncPage, peers_placeholder);
  gtk_widget_class_bind_template_child (widget_class, GjSyncPage, nearby_group);
  gtk_widget_class_bind_template_child (widget_class, GjSyncPage, nearby_list);
  gtk_widget_class_bind_template_child (widget_class, GjSyncPage, nearby_placeholder);
  gtk_widget_class_bind_template_child (widget_class, GjSyncPage, problems_group);
  gtk_widget_class_bind_template_child (widget_class, GjSyncPage, duplicates_group);
  gtk_widget_class_bind_template_child (widget_class, GjSyncPage, conflicts_group);
  gtk_widget_class_bind_template_callback (widget_class, enroll_cb);
  gtk_widget_class_bind_template_callback (widget_class, share_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, pair_address_cb);

  gtk_widget_class_install_action (widget_class, "sync.now", NULL, sync_now_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "sync.now", NULL);
}

static void
gj_sync_page_init (GjSyncPage *self)
{
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  g_object_ref (self->peers_placeholder);
}
