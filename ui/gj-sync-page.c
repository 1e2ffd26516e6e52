/* gj-sync-page.c: the Sync page of the main window
 *
 * What people need to know about syncing, in their words: whether this
 * laptop talks to the district server, when it last did, what is still
 * waiting to go, what went wrong, whether its clock is wrong; the records
 * that did not sync, each with the record to open and fix; which
 * colleagues' laptops it pairs with; and the conflicts to review, each
 * with the one click that keeps the other value.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-sync-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n-lib.h>

#include "gj-duplicates.h"
#include "gj-format.h"
#include "gj-hlc.h"
#include "gj-record-editor.h"
#include "gj-store-sync.h"
#include "gj-sync-page.h"
#include "gj-validate.h"
#include "gj-widget-util.h"
#include "gj-window.h"

struct _GjSyncPage
{
  GtkWidget          parent_instance;

  GjSession         *session;
  GjSyncAgent       *agent;
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
  AdwPreferencesGroup *nearby_group;
  GtkListBox        *nearby_list;
  GtkListBox        *conflicts_list;
  GtkWidget         *problems_group;
  GtkListBox        *problems_list;
  GtkWidget         *duplicates_group;
  GtkListBox        *duplicates_list;
};

G_DEFINE_FINAL_TYPE (GjSyncPage, gj_sync_page, GTK_TYPE_WIDGET)

static void
toast (GjSyncPage *self,
       const char *text)
{
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (GJ_IS_WINDOW (root))
    gj_window_add_toast (GJ_WINDOW (root), adw_toast_new (text));
}

static char *
format_when (gint64 unix_seconds)
{
  g_autoptr(GDateTime) t = g_date_time_new_from_unix_local (unix_seconds);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  GTimeSpan ago = g_date_time_difference (now, t);

  if (ago < G_TIME_SPAN_MINUTE)
    return g_strdup (_("Just now"));
  if (ago < G_TIME_SPAN_HOUR)
    return g_strdup_printf (ngettext ("%d minute ago", "%d minutes ago", (int) (ago / G_TIME_SPAN_MINUTE)),
                            (int) (ago / G_TIME_SPAN_MINUTE));
  /* Translators: a date and time, https://docs.gtk.org/glib/method.DateTime.format.html */
  return g_date_time_format (t, _("%Y-%m-%d %H:%M"));
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
  const char *error = gj_sync_agent_get_error (self->agent);
  g_autofree char *last_text = last > 0 ? format_when (last) : g_strdup (_("Never"));
  g_autofree char *waiting_text = NULL;
  g_autofree char *notes = gj_sync_agent_dup_notes (self->agent);
  g_autofree char *clock = gj_sync_agent_dup_clock_warning (self->agent);

  gtk_widget_set_visible (GTK_WIDGET (self->url_row), !enrolled);
  gtk_widget_set_visible (GTK_WIDGET (self->token_row), !enrolled);
  gtk_widget_set_visible (GTK_WIDGET (self->enroll_row), !enrolled);
  gtk_widget_set_visible (GTK_WIDGET (self->server_row), enrolled);
  gtk_widget_set_visible (GTK_WIDGET (self->waiting_row), enrolled);
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
  adw_action_row_set_subtitle (self->error_row, error ? error : "");

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
enroll_cb (GjSyncPage *self)
{
  g_autofree char *url = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->url_row))));
  g_autofree char *token = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->token_row))));

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
  gj_sync_agent_enroll (self->agent, url, token);
}

static void
sync_now_action (GtkWidget  *widget,
                 const char *action,
                 GVariant   *param)
{
  gj_sync_agent_sync_now (GJ_SYNC_PAGE (widget)->agent);
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
  g_autofree char *seen = d->last_seen > 0 ? format_when (d->last_seen) : NULL;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), d->name && *d->name ? d->name : _("Unnamed laptop"));
  if (d->street_id == NULL)
    subtitle = g_strdup (_("Waiting for you to accept; compare the code on both screens"));
  else if (seen != NULL)
    subtitle = g_strdup_printf (_("Paired · last synced here %s · %s"), seen, d->url ? d->url : _("does not listen"));
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

static GtkWidget *
placeholder_row (const char *text)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "dim-label");
  gtk_widget_set_margin_top (label, 12);
  gtk_widget_set_margin_bottom (label, 12);
  gtk_widget_set_margin_start (label, 12);
  gtk_widget_set_margin_end (label, 12);
  return label;
}

static void
refresh_peers (GjSyncPage *self)
{
  g_autoptr(GPtrArray) peers = gj_sync_agent_list_peers (self->agent);
  guint port = gj_sync_agent_get_port (self->agent);
  guint shown = 0;

  gj_widget_remove_children (GTK_WIDGET (self->peers_list));
  for (guint i = 0; i < peers->len; i++)
    {
      GjDevice *d = g_ptr_array_index (peers, i);

      if (d->revoked)
        continue;
      gtk_list_box_append (self->peers_list, peer_row (self, d));
      shown++;
    }
  if (shown == 0)
    gtk_list_box_set_placeholder (self->peers_list, placeholder_row (_("No laptop is paired with this one yet")));

  if (port > 0)
    {
      g_autofree char *sub = g_strdup_printf (_("Listening as “%s”, port %u"), g_get_host_name (), port);
      adw_action_row_set_subtitle (self->share_row, sub);
    }
  else
    adw_action_row_set_subtitle (self->share_row,
                                 _("Off: colleagues can neither find this laptop nor sync with it"));
  self->updating = TRUE;
  gtk_switch_set_active (self->share_switch, port > 0);
  self->updating = FALSE;
}

static void
pair_with (GjSyncPage *self,
           const char *address)
{
  gtk_widget_set_sensitive (self->pair_button, FALSE);
  gj_sync_agent_pair (self->agent, address);
}

static void
pair_address_cb (GjSyncPage *self)
{
  g_autofree char *address = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->address_row))));

  if (*address == '\0')
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->address_row), "error");
      toast (self, _("Address: enter the other laptop’s address and port, as its Sync page shows it"));
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

  gj_widget_remove_children (GTK_WIDGET (self->nearby_list));
  for (guint i = 0; i < nearby->len; i++)
    {
      GjNearby *n = g_ptr_array_index (nearby, i);
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *button = gtk_button_new_with_mnemonic (_("_Pair"));
      g_autofree char *address = strchr (n->host, ':') ? g_strdup_printf ("[%s]:%u", n->host, n->port)
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
  gtk_list_box_set_placeholder (self->nearby_list, placeholder_row (
    gj_discovery_is_available (discovery)
    ? _("No other Gongjian laptop announces itself on this network; ask a colleague to turn on sharing, or enter the address above")
    : _("Finding laptops on the network needs the Avahi service, which is not running on this computer; enter the other laptop’s address above instead")));
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
  if (g_strcmp0 (response, "cancel") == 0)
    gj_sync_agent_cancel_pair (self->agent);
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

  body = g_markup_printf_escaped (_("Check that “%s” shows the same code, and accept the pairing there:\n\n"
                            "<span size=\"xx-large\" weight=\"bold\">%s</span>"), peer_name, code);
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))),
                                   _("Pairing Code"), NULL);
  adw_message_dialog_set_body_use_markup (ADW_MESSAGE_DIALOG (dialog), TRUE);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog), body);
  adw_message_dialog_add_response (ADW_MESSAGE_DIALOG (dialog), "cancel", _("_Cancel"));
  g_signal_connect (dialog, "response", G_CALLBACK (code_dialog_response_cb), self);
  self->code_dialog = ADW_MESSAGE_DIALOG (dialog);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
pair_finished_cb (GjSyncAgent *agent,
                  gboolean     ok,
                  const char  *message,
                  GjSyncPage  *self)
{
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
  else if (message != NULL)
    toast (self, message);
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
  g_autofree char *body = g_markup_printf_escaped (_("Pair only if the other laptop shows this same code:\n\n"
                                             "<span size=\"xx-large\" weight=\"bold\">%s</span>\n\n"
                                             "Once paired, it can read and change this street’s records."),
                                           code);

  in->page = g_object_ref (self);
  in->id = g_strdup (id);
  in->code = g_strdup (code);
  dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (GTK_WIDGET (self))), heading, NULL);
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

/* Conflicts */

static char *
conflict_value (GjSyncPage    *self,
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
      return gj_format_ref_title (gj_session_get_store (self->session), field->ref_kind, value);
    case GJ_FIELD_BOOL:
      return g_strdup (g_str_equal (value, "1") || g_str_equal (value, "true") ? _("Yes") : _("No"));
    default:
      if (field->flags & GJ_FIELD_FLAG_SENSITIVE)
        return gj_mask_sensitive (value);
      return g_strdup (value);
    }
}

static void
keep_other_cb (GtkButton  *button,
               GjSyncPage *self)
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

static GtkWidget *
conflict_row (GjSyncPage     *self,
              const GjRecord *c)
{
  GjStore *store = gj_session_get_store (self->session);
  const char *kind_name = gj_record_get_text (c, "record_kind");
  const GjKind *kind = gj_schema_lookup (kind_name);
  const GjField *field = kind ? gj_kind_field (kind, gj_record_get_text (c, "field")) : NULL;
  g_autofree char *record = kind ? gj_format_ref_title (store, kind_name, gj_record_get_text (c, "record_id"))
                                 : g_strdup (gj_record_get_text (c, "record_id"));
  g_autofree char *kept = conflict_value (self, kind, field, gj_record_get_text (c, "kept_value"));
  g_autofree char *lost = conflict_value (self, kind, field, gj_record_get_text (c, "lost_value"));
  g_autofree char *kept_when = gj_hlc_format ((guint64) gj_record_get_int (c, "kept_clock"));
  g_autofree char *lost_when = gj_hlc_format ((guint64) gj_record_get_int (c, "lost_clock"));
  const char *lost_site = gj_record_get_text (c, "lost_site");
  const char *kept_site = gj_record_get_text (c, "kept_site");
  const char *own = gj_store_get_site_id (store);
  g_autofree char *lost_by = g_strcmp0 (lost_site, own) == 0 ? g_strdup (_("this laptop"))
                             : g_strdup_printf (_("device %.8s"), lost_site ? lost_site : "");
  g_autofree char *kept_by = g_strcmp0 (kept_site, own) == 0 ? g_strdup (_("this laptop"))
                             : g_strdup_printf (_("device %.8s"), kept_site ? kept_site : "");
  g_autofree char *title = g_strdup_printf ("%s · %s · %s", kind ? _(kind->label) : kind_name, record,
                                            field ? _(field->label) : gj_record_get_text (c, "field"));
  g_autofree char *subtitle = NULL;
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *keep = gtk_button_new_with_mnemonic (_("_Keep Other Value"));
  GtkWidget *done = gtk_button_new_from_icon_name ("object-select-symbolic");

  if (g_strcmp0 (gj_record_get_text (c, "reason"), "deleted") == 0)
    subtitle = g_strdup_printf (_("Deleted (%s, %s); edited meanwhile to “%s” (%s, %s)"),
                                kept_by, kept_when, lost, lost_by, lost_when);
  else
    subtitle = g_strdup_printf (_("Kept “%s” (%s, %s); other value “%s” (%s, %s)"),
                                kept, kept_by, kept_when, lost, lost_by, lost_when);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_action_row_set_subtitle_lines (ADW_ACTION_ROW (row), 0);

  gtk_widget_set_valign (keep, GTK_ALIGN_CENTER);
  g_object_set_data_full (G_OBJECT (keep), "conflict-id", g_strdup (c->id), g_free);
  g_object_set_data_full (G_OBJECT (keep), "record-kind", g_strdup (kind_name), g_free);
  g_object_set_data (G_OBJECT (keep), "keep-other", GINT_TO_POINTER (TRUE));
  g_signal_connect (keep, "clicked", G_CALLBACK (keep_other_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), keep);

  gtk_widget_set_valign (done, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (done, "flat");
  gtk_widget_set_tooltip_text (done, _("The kept value is right: mark as reviewed"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (done), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Mark as reviewed"), -1);
  g_object_set_data_full (G_OBJECT (done), "conflict-id", g_strdup (c->id), g_free);
  g_object_set_data_full (G_OBJECT (done), "record-kind", g_strdup (kind_name), g_free);
  g_signal_connect (done, "clicked", G_CALLBACK (keep_other_cb), self);
  adw_action_row_add_suffix (ADW_ACTION_ROW (row), done);
  return row;
}

static void
refresh_conflicts (GjSyncPage *self)
{
  GjFilter f = { "resolved", "1", GJ_FILTER_NE };
  GjQuery q = { .filters = &f, .n_filters = 1, .sort_field = "lost_clock" };
  g_autoptr(GPtrArray) list = gj_store_list (gj_session_get_store (self->session),
                                             gj_schema_lookup ("conflict"), &q, NULL);

  gj_widget_remove_children (GTK_WIDGET (self->conflicts_list));
  for (guint i = 0; list != NULL && i < list->len; i++)
    gtk_list_box_append (self->conflicts_list, conflict_row (self, g_ptr_array_index (list, i)));
  gtk_list_box_set_placeholder (self->conflicts_list, placeholder_row (_("No conflicts to review")));
}

/* Records that did not sync */

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
      g_autoptr(GjRecord) rec = kind ? gj_store_get (store, kind, list[i]->id, NULL) : NULL;

      item->problem = list[i];
      if (rec != NULL && !gj_record_is_deleted (rec))
        item->title = gj_format_record_title (store, rec);
      g_ptr_array_add (items, item);
    }
  return items;
}

/* Who a problem is about, as people know the device: the district server,
 * a paired laptop by its name, or the short device id. */
static char *
device_name (GjSyncPage *self,
             const char *device_id)
{
  g_autofree char *server = gj_store_get_meta (gj_session_get_store (self->session), "sync.server");
  g_autoptr(GPtrArray) peers = gj_sync_agent_list_peers (self->agent);

  if (g_strcmp0 (device_id, server) == 0)
    return g_strdup (_("the district server"));
  for (guint i = 0; i < peers->len; i++)
    {
      GjDevice *d = g_ptr_array_index (peers, i);

      if (g_strcmp0 (d->id, device_id) == 0 && d->name != NULL && *d->name != '\0')
        return g_strdup_printf (_("laptop “%s”"), d->name);
    }
  return g_strdup_printf (_("device %.8s"), device_id);
}

static GtkWidget *
problem_row (GjSyncPage        *self,
             const ProblemItem *item)
{
  const GjProblem *p = item->problem;
  const GjKind *kind = gj_schema_lookup (p->kind);
  const char *kind_label = kind ? _(kind->label) : p->kind;
  g_autofree char *when = format_when (p->time);
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
    where = g_strdup_printf (_("Refused by %s · %s · open it, fix it and sync again"), device, when);
  else if (device != NULL)
    where = g_strdup_printf (_("From %s · %s · held on this laptop until it is fixed there and "
                               "synced again"), device, when);
  else
    where = g_strdup_printf (_("Found by a check on this laptop · %s · open it and fix it"), when);
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
  g_autoptr(GjSyncPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = gj_reader_run_finish (GJ_READER (source), result, &error);

  if (self->session == NULL || self->agent == NULL)
    return;
  if (items == NULL)
    {
      g_message ("records that did not sync: %s", error->message);
      return;
    }
  gj_widget_remove_children (GTK_WIDGET (self->problems_list));
  for (guint i = 0; i < items->len; i++)
    gtk_list_box_append (self->problems_list, problem_row (self, g_ptr_array_index (items, i)));
  gtk_list_box_set_placeholder (self->problems_list,
                                placeholder_row (_("Nothing is wrong: every record synced")));
}

static void
refresh_problems (GjSyncPage *self)
{
  gj_reader_run_async (gj_session_get_reader (self->session), read_problems, NULL, NULL,
                       (GDestroyNotify) g_ptr_array_unref, NULL, problems_read_cb,
                       g_object_ref (self));
}

/* The Open button of a record that did not sync: its editor, as the other
 * pages open a record. */
static void
open_record_action (GtkWidget  *widget,
                    const char *action,
                    GVariant   *param)
{
  GjSyncPage *self = GJ_SYNC_PAGE (widget);
  const char *kind_name, *id;
  const GjKind *kind;
  g_autoptr(GjRecord) rec = NULL;

  g_variant_get (param, "(&s&s)", &kind_name, &id);
  if ((kind = gj_schema_lookup (kind_name)) != NULL)
    rec = gj_store_get (gj_session_get_store (self->session), kind, id, NULL);
  if (rec == NULL || gj_record_is_deleted (rec))
    {
      toast (self, _("This record is not on this laptop"));
      return;
    }
  gj_record_editor_open (widget, self->session, kind, rec, NULL);
}

/* Duplicates */

static void
keep_this_cb (GtkButton  *button,
              GjSyncPage *self)
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
duplicate_row (GjSyncPage        *self,
               const GjDuplicate *dup)
{
  GjStore *store = gj_session_get_store (self->session);
  GtkWidget *expander = adw_expander_row_new ();
  g_autofree char *value = (dup->field->flags & GJ_FIELD_FLAG_SENSITIVE) ? gj_mask_sensitive (dup->value)
                                                                        : g_strdup (dup->value);
  g_autofree char *title = g_strdup_printf ("%s · %s %s", _(dup->kind->label), _(dup->field->label), value);
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
      g_autoptr(GjRecord) rec = gj_store_get (store, dup->kind, dup->ids->pdata[i], NULL);
      g_autofree char *name = rec ? gj_format_record_title (store, rec) : g_strdup (dup->ids->pdata[i]);
      g_autofree char *summary_title = NULL;
      g_autofree char *summary = NULL;
      GtkWidget *row = adw_action_row_new ();
      GtkWidget *keep = gtk_button_new_with_mnemonic (_("_Keep This One"));

      if (rec != NULL)
        gj_format_record_summary (store, rec, &summary_title, &summary);
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
  g_autoptr(GjSyncPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) dups = gj_reader_run_finish (GJ_READER (source), result, &error);

  if (self->session == NULL)
    return;
  gj_widget_remove_children (GTK_WIDGET (self->duplicates_list));
  for (guint i = 0; dups != NULL && i < dups->len; i++)
    gtk_list_box_append (self->duplicates_list, duplicate_row (self, g_ptr_array_index (dups, i)));
  /* Shown only when there is something to merge. */
  gtk_widget_set_visible (self->duplicates_group, dups != NULL && dups->len > 0);
}

/* A scan of every organization and person: in the reader's thread. */
static void
refresh_duplicates (GjSyncPage *self)
{
  gj_reader_run_async (gj_session_get_reader (self->session), read_duplicates, NULL, NULL,
                       (GDestroyNotify) g_ptr_array_unref, NULL, duplicates_read_cb,
                       g_object_ref (self));
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
  refresh_problems (self);
  refresh_conflicts (self);
  refresh_duplicates (self);
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
  self->agent = gj_sync_agent_new (session);
  if (self->agent == NULL)
    {
      gtk_widget_set_sensitive (GTK_WIDGET (self), FALSE);
      return;
    }
  g_signal_connect_swapped (self->agent, "changed", G_CALLBACK (refresh), self);
  g_signal_connect (self->agent, "pair-code", G_CALLBACK (pair_code_cb), self);
  g_signal_connect (self->agent, "pair-finished", G_CALLBACK (pair_finished_cb), self);
  g_signal_connect (self->agent, "pair-requested", G_CALLBACK (pair_requested_cb), self);
  g_signal_connect (session, "changed", G_CALLBACK (session_changed_cb), self);
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

  g_clear_handle_id (&self->refresh_source, g_source_remove);
  if (self->session)
    g_signal_handlers_disconnect_by_data (self->session, self);
  if (self->agent)
    g_signal_handlers_disconnect_by_data (self->agent, self);
  g_clear_object (&self->agent);
  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (object), GJ_TYPE_SYNC_PAGE);
  gj_widget_unparent_children (GTK_WIDGET (object));
  G_OBJECT_CLASS (gj_sync_page_parent_class)->dispose (object);
}

static void
gj_sync_page_class_init (GjSyncPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = gj_sync_page_dispose;
  widget_class->map = gj_sync_page_map;

  gtk_widget_class_set_template_from_resource (widget_class, "/cn/gongjian/Gongjian/gj-sync-page.ui");
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
  gtk_widget_class_bind_template_child (widget_class, GjSyncPage, nearby_group);
  gtk_widget_class_bind_template_child (widget_class, GjSyncPage, nearby_list);
  gtk_widget_class_bind_template_child (widget_class, GjSyncPage, conflicts_list);
  gtk_widget_class_bind_template_child (widget_class, GjSyncPage, problems_group);
  gtk_widget_class_bind_template_child (widget_class, GjSyncPage, problems_list);
  gtk_widget_class_bind_template_child (widget_class, GjSyncPage, duplicates_group);
  gtk_widget_class_bind_template_child (widget_class, GjSyncPage, duplicates_list);
  gtk_widget_class_bind_template_callback (widget_class, enroll_cb);
  gtk_widget_class_bind_template_callback (widget_class, share_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, pair_address_cb);

  gtk_widget_class_install_action (widget_class, "sync.now", NULL, sync_now_action);
  gtk_widget_class_install_action (widget_class, "sync.open-record", "(ss)", open_record_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_F5, 0, "sync.now", NULL);
}

static void
gj_sync_page_init (GjSyncPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
