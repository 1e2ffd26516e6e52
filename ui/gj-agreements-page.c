/* gj-agreements-page.c: co-building agreements and their item checklists
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-agreements-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "gj-agreements-page.h"
#include "gj-attachments-section.h"
#include "gj-dates.h"
#include "gj-detail-group.h"
#include "gj-detail-header.h"
#include "gj-fact-row.h"
#include "gj-format.h"
#include "gj-reader.h"
#include "gj-record-editor.h"
#include "gj-record-row.h"
#include "gj-record-table.h"
#include "gj-timeline.h"

#define DUE_DAYS 30

struct _GjAgreementsPage
{
  AdwBin         parent_instance;

  GjSession     *session;
  GtkWidget     *attachments;  /* kept across the pane's rebuilds */
  gulong         changed_id;
  GtkWidget     *due_toggle;

  GjRecordTable *table;
  AdwLeaflet    *leaflet;
  GtkStack      *detail_stack;
  GtkBox        *detail_box;
  GMenuModel    *report_menu;
  GCancellable  *detail_cancellable;  /* of the selected agreement's pane */
};

/* The selected agreement's pane as the reader reads it: the parties' and
 * items' titles name other records. A failed read of the items is kept
 * to be said where they would be. */
typedef struct
{
  GjRecord  *agreement;
  char      *parties;
  GPtrArray *items;        /* GjRecordSummary; NULL when they could not be read */
  GError    *items_error;
} Detail;

static void
detail_free (Detail *detail)
{
  gj_record_unref (detail->agreement);
  g_free (detail->parties);
  g_clear_pointer (&detail->items, g_ptr_array_unref);
  g_clear_error (&detail->items_error);
  g_free (detail);
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (Detail, detail_free)

G_DEFINE_FINAL_TYPE (GjAgreementsPage, gj_agreements_page, ADW_TYPE_BIN)

static gboolean
item_open (GjRecord *item)
{
  const char *status = gj_record_get_text (item, "status");

  return g_strcmp0 (status, "done") != 0 && g_strcmp0 (status, "cancelled") != 0;
}

/* In the reader's thread: "3 of 5 done", flagged when an item is overdue. */
static gboolean
decorate_items (GjStore       *store,
                GjRecordItem  *item,
                gpointer       user_data,
                GError       **error)
{
  GjFilter filter = { "agreement_id", gj_record_item_get_id (item) };
  GjQuery q = { &filter, 1, NULL, NULL, FALSE, 0, 0, FALSE };
  g_autoptr(GPtrArray) items = gj_store_list (store, gj_schema_lookup ("agreement_item"), &q,
                                              error);
  g_autofree char *today = NULL;
  guint done = 0, overdue = 0;

  if (items == NULL)
    return FALSE;
  today = gj_dates_today ();
  for (guint i = 0; i < items->len; i++)
    {
      GjRecord *it = g_ptr_array_index (items, i);
      const char *due = gj_record_get_text (it, "due_on");

      if (g_strcmp0 (gj_record_get_text (it, "status"), "done") == 0)
        done++;
      else if (item_open (it) && due != NULL && strcmp (due, today) < 0)
        overdue++;
    }
  if (overdue > 0)
    gj_record_item_set_alerts (item, GJ_RECORD_ITEM_ALERT_EXTRA);
  gj_record_item_take_extra (item, overdue > 0
                             ? g_strdup_printf (ngettext ("%u/%u done, %u overdue",
                                                          "%u/%u done, %u overdue", overdue),
                                                done, items->len, overdue)
                             : g_strdup_printf (_("%u/%u done"), done, items->len));
  return TRUE;
}

/* In the reader's thread: agreements with an open item due within 30 days
 * (or overdue), for the toolbar's toggle. */
static GPtrArray *
load_due (GjStore       *store,
          const GjKind  *kind,
          const GjQuery *query,
          gpointer       user_data,
          GError       **error)
{
  g_autofree char *until = gj_dates_from_today (DUE_DAYS);
  GjFilter filters[] = {
    { "due_on", until, GJ_FILTER_LE },
    { "status", "done", GJ_FILTER_NE },
    { "status", "cancelled", GJ_FILTER_NE },
  };
  GjQuery iq = { filters, G_N_ELEMENTS (filters), NULL, NULL, FALSE, 0, 0, FALSE };
  g_autoptr(GPtrArray) items = gj_store_list (store, gj_schema_lookup ("agreement_item"), &iq, error);
  g_autoptr(GHashTable) ids = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) all = NULL;
  GPtrArray *result;
  GjQuery aq;

  if (items == NULL)
    return NULL;
  for (guint i = 0; i < items->len; i++)
    {
      const char *id = gj_record_get_text (g_ptr_array_index (items, i), "agreement_id");

      if (id != NULL)
        g_hash_table_add (ids, (gpointer) id);
    }
  aq = *query;
  aq.limit = 0;
  aq.offset = 0;
  all = gj_store_list (store, kind, &aq, error);
  if (all == NULL)
    return NULL;
  result = g_ptr_array_new_with_free_func ((GDestroyNotify) gj_record_unref);
  for (guint i = 0; i < all->len; i++)
    {
      GjRecord *rec = g_ptr_array_index (all, i);

      if (g_hash_table_contains (ids, rec->id))
        g_ptr_array_add (result, gj_record_ref (rec));
    }
  return result;
}

static void
due_toggled_cb (GtkToggleButton  *button,
                GjAgreementsPage *self)
{
  gj_record_table_set_loader (self->table, gtk_toggle_button_get_active (button) ? load_due : NULL,
                              NULL);
}

/* The detail pane */

static gboolean
tick_idle_cb (gpointer user_data)
{
  GtkWidget *check = user_data;
  GtkWidget *page = gtk_widget_get_ancestor (check, GJ_TYPE_AGREEMENTS_PAGE);

  /* The pane is rebuilt by the write; by then the button is gone. */
  if (page != NULL)
    gtk_widget_activate_action (page, gtk_check_button_get_active (GTK_CHECK_BUTTON (check))
                                      ? "page.tick-item" : "page.untick-item",
                                "s", g_object_get_data (G_OBJECT (check), "gj-id"));
  return G_SOURCE_REMOVE;
}

static void
check_toggled_cb (GtkCheckButton   *check,
                  GjAgreementsPage *self)
{
  /* Written from an idle: the write rebuilds the pane that holds this
   * button, which must not happen inside its own signal. */
  g_idle_add_full (G_PRIORITY_DEFAULT, tick_idle_cb, g_object_ref (check), g_object_unref);
}

static GtkWidget *
item_row (GjAgreementsPage      *self,
          const GjRecordSummary *summary)
{
  GjRecord *item = summary->record;
  GtkWidget *row = gj_record_row_new_from_summary (self->session, summary);
  GtkWidget *check = gtk_check_button_new ();
  const char *due = gj_record_get_text (item, "due_on");
  gboolean done = g_strcmp0 (gj_record_get_text (item, "status"), "done") == 0;
  int days = due ? gj_dates_days_until (due) : G_MAXINT;
  g_autoptr(GString) subtitle = g_string_new (NULL);
  g_autofree char *responsible = gj_record_format (item, "responsible", FALSE);
  g_autofree char *due_text = gj_record_format (item, "due_on", FALSE);
  g_autofree char *status = gj_record_format (item, "status", FALSE);
  const char *title = summary->title;

  if (responsible[0])
    g_string_append (subtitle, responsible);
  if (due_text[0])
    {
      if (subtitle->len)
        g_string_append (subtitle, _(" · "));
      if (!done && item_open (item) && days < 0)
        g_string_append_printf (subtitle, ngettext ("overdue by %d day (due %s)",
                                                    "overdue by %d days (due %s)", -days),
                                -days, due_text);
      else
        g_string_append_printf (subtitle, _("due %s"), due_text);
    }
  if (subtitle->len)
    g_string_append (subtitle, _(" · "));
  g_string_append (subtitle, status);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle->str);

  if (!done && item_open (item) && days < 0)
    gtk_widget_add_css_class (row, "gj-overdue");
  else if (!done && item_open (item) && days <= DUE_DAYS)
    gtk_widget_add_css_class (row, "gj-due-soon");
  if (done)
    gtk_widget_add_css_class (row, "gj-done");

  gtk_check_button_set_active (GTK_CHECK_BUTTON (check), done);
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  gtk_widget_set_sensitive (check, g_strcmp0 (gj_record_get_text (item, "status"), "cancelled") != 0);
  /* Not an actionable: a check button with an action shows the action's
   * state, and these actions are stateless. */
  g_object_set_data_full (G_OBJECT (check), "gj-id", g_strdup (item->id), g_free);
  g_signal_connect (check, "toggled", G_CALLBACK (check_toggled_cb), self);
  {
    /* TRANSLATORS: accessible name of an item's check box */
    g_autofree char *label = g_strdup_printf (_("Done: %s"), title);
    gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL, label, -1);
  }
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  return row;
}

/* In the reader's thread: what the pane of @data (the agreement) names. */
static gpointer
read_detail (GjStore       *store,
             gpointer       data,
             GCancellable  *cancellable,
             GError       **error)
{
  GjRecord *agreement = data;
  GjFilter filter = { "agreement_id", agreement->id };
  GjQuery q = { &filter, 1, NULL, "due_on", FALSE, 200, 0, FALSE };
  g_autofree char *unit = gj_format_ref_title (store, "unit",
                                               gj_record_get_text (agreement, "unit_id"));
  g_autofree char *community = gj_format_ref_title (store, "community",
                                                    gj_record_get_text (agreement, "community_id"));
  g_autoptr(GPtrArray) items = NULL;
  Detail *detail = g_new0 (Detail, 1);

  detail->agreement = gj_record_ref (agreement);
  /* TRANSLATORS: the two parties of an agreement: a resident unit and a community */
  detail->parties = g_strdup_printf (_("%s with %s"), unit, community);
  items = gj_store_list (store, gj_schema_lookup ("agreement_item"), &q, &detail->items_error);
  if (items == NULL)
    return detail;
  /* An item's row is titled by the item alone; its subtitle is made
   * with the row. */
  detail->items = g_ptr_array_new_with_free_func ((GDestroyNotify) gj_record_summary_free);
  for (guint i = 0; i < items->len; i++)
    {
      GjRecordSummary *summary = g_new0 (GjRecordSummary, 1);

      summary->record = gj_record_ref (g_ptr_array_index (items, i));
      summary->title = gj_format_record_title (store, summary->record);
      summary->subtitle = g_strdup ("");
      g_ptr_array_add (detail->items, summary);
    }
  return detail;
}

static void
clear_detail (GjAgreementsPage *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->detail_box))) != NULL)
    gtk_box_remove (self->detail_box, child);
}

static void
build_detail (GjAgreementsPage *self,
              Detail           *detail)
{
  GjRecord *agreement = detail->agreement;
  GPtrArray *items = detail->items;
  AdwPreferencesGroup *group;
  GtkWidget *add_group;
  GtkWidget *header, *edit;
  guint overdue = 0, done = 0;

  clear_detail (self);
  header = gj_detail_header_new (gj_record_get_title (agreement), detail->parties);
  gj_detail_header_add_menu (GJ_DETAIL_HEADER (header), self->report_menu,
                             "document-print-symbolic", _("Print or Save as PDF"));
  gtk_box_append (self->detail_box, header);
  gtk_box_append (self->detail_box, gj_timeline_new (gj_kind_field (agreement->kind, "status"),
                                                     gj_record_get_text (agreement, "status")));

  group = ADW_PREFERENCES_GROUP (gj_detail_group_new (_("Agreement")));
  {
    g_autofree char *start = gj_record_format (agreement, "start_on", FALSE);
    g_autofree char *end = gj_record_format (agreement, "end_on", FALSE);
    g_autofree char *signed_on = gj_record_format (agreement, "signed_on", FALSE);
    g_autofree char *areas = gj_record_format (agreement, "areas", FALSE);
    /* TRANSLATORS: a term from one date to another */
    g_autofree char *term = g_strdup_printf (_("%s to %s"), start[0] ? start : "…", end[0] ? end : "…");
    const char *end_iso = gj_record_get_text (agreement, "end_on");
    GtkWidget *term_row = gj_fact_row_new (_("Term"), term);

    if (end_iso != NULL && g_strcmp0 (gj_record_get_text (agreement, "status"), "in_force") == 0)
      {
        int days = gj_dates_days_until (end_iso);

        if (days >= 0 && days <= 60)
          {
            g_autofree char *soon = g_strdup_printf (ngettext ("Expires in %d day",
                                                               "Expires in %d days", days), days);
            adw_action_row_set_subtitle (ADW_ACTION_ROW (term_row), soon);
            gtk_widget_add_css_class (term_row, "gj-due-soon");
          }
      }
    adw_preferences_group_add (group, term_row);
    adw_preferences_group_add (group,
                               gj_fact_row_new (_("Signed on"), signed_on[0] ? signed_on : "—"));
    adw_preferences_group_add (group, gj_fact_row_new (_("Content areas"), areas[0] ? areas : "—"));
  }
  gtk_box_append (self->detail_box, GTK_WIDGET (group));

  add_group = gj_detail_group_new_with_add (_("Items"), _("Add Item"), "page.add-item",
                                            g_variant_new_string (agreement->id));
  group = ADW_PREFERENCES_GROUP (add_group);
  for (guint i = 0; items && i < items->len; i++)
    {
      GjRecordSummary *summary = g_ptr_array_index (items, i);
      GjRecord *item = summary->record;
      const char *due = gj_record_get_text (item, "due_on");

      if (g_strcmp0 (gj_record_get_text (item, "status"), "done") == 0)
        done++;
      else if (item_open (item) && due && gj_dates_days_until (due) < 0)
        overdue++;
      adw_preferences_group_add (group, item_row (self, summary));
    }
  /* A failed read says so where the items would be, not "No items yet". */
  if (items == NULL)
    adw_preferences_group_add (group, gj_fact_row_new_placeholder (detail->items_error->message));
  else if (items->len == 0)
    adw_preferences_group_add (group, gj_fact_row_new_placeholder (_("No items yet")));
  else
    {
      g_autofree char *text = overdue
        ? g_strdup_printf (ngettext ("%u of %u done; %u overdue", "%u of %u done; %u overdue",
                                     overdue), done, items->len, overdue)
        : g_strdup_printf (_("%u of %u done"), done, items->len);
      adw_preferences_group_set_description (group, text);
    }
  gtk_box_append (self->detail_box, GTK_WIDGET (group));

  gj_attachments_section_set_owner (GJ_ATTACHMENTS_SECTION (self->attachments),
                                    agreement->kind, agreement->id);
  gtk_box_append (self->detail_box, self->attachments);

  edit = gtk_button_new_with_mnemonic (_("_Edit Agreement…"));
  gtk_actionable_set_action_name (GTK_ACTIONABLE (edit), "page.edit");
  gtk_widget_set_halign (edit, GTK_ALIGN_START);
  gtk_box_append (self->detail_box, edit);
  gtk_stack_set_visible_child_name (self->detail_stack, "detail");
}

static void
detail_read_cb (GObject      *source,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(GjAgreementsPage) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(Detail) detail = gj_reader_run_finish (GJ_READER (source), result, &error);

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (detail == NULL)
    {
      /* The reader could not open the database: the pane says so. */
      clear_detail (self);
      gtk_box_append (self->detail_box, gj_fact_row_new_placeholder (error->message));
      gtk_stack_set_visible_child_name (self->detail_stack, "detail");
      return;
    }
  build_detail (self, detail);
}

/* The pane is built when its records are read; until then it shows the
 * agreement selected before. */
static void
show_detail (GjAgreementsPage *self)
{
  g_autoptr(GjRecord) agreement = gj_record_table_get_selected (self->table);

  g_cancellable_cancel (self->detail_cancellable);
  g_clear_object (&self->detail_cancellable);
  if (agreement == NULL)
    {
      clear_detail (self);
      gtk_stack_set_visible_child_name (self->detail_stack, "none");
      return;
    }
  self->detail_cancellable = g_cancellable_new ();
  gj_reader_run_async (gj_session_get_reader (self->session), read_detail,
                       g_steal_pointer (&agreement), (GDestroyNotify) gj_record_unref,
                       (GDestroyNotify) detail_free, self->detail_cancellable, detail_read_cb,
                       g_object_ref (self));
}

static void
selection_changed_cb (GjAgreementsPage *self)
{
  show_detail (self);
  /* A folded page shows one pane: a record picked in the list opens. */
  if (adw_leaflet_get_folded (self->leaflet) && gj_record_table_picked_in_list (self->table))
    adw_leaflet_set_visible_child_name (self->leaflet, "detail");
}

static void
session_changed_cb (GjSession        *session,
                    const char       *kind_name,
                    GjAgreementsPage *self)
{
  /* The attachments section reads its own list again; the rest of the
   * pane shows nothing of attachments, so it is not rebuilt for them. */
  if (g_str_equal (kind_name, "attachment"))
    return;
  show_detail (self);
}

/* Actions */

static void
set_item_done (GjAgreementsPage *self,
               const char       *id,
               gboolean          done)
{
  const GjKind *kind = gj_schema_lookup ("agreement_item");
  g_autoptr(GjRecord) changes = gj_record_new (kind);
  g_autoptr(GError) error = NULL;

  changes->id = g_strdup (id);
  if (done)
    {
      g_autofree char *today = gj_dates_today ();

      gj_record_set_text (changes, "status", "done");
      gj_record_set_text (changes, "done_on", today);
    }
  else
    {
      gj_record_set_text (changes, "status", "in_progress");
      gj_record_set_null (changes, "done_on");
    }
  if (!gj_session_update (self->session, changes, GJ_WRITE_NONE, &error))
    gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", error->message);
}

static void
tick_action (GtkWidget  *widget,
             const char *action,
             GVariant   *param)
{
  set_item_done (GJ_AGREEMENTS_PAGE (widget), g_variant_get_string (param, NULL), TRUE);
}

static void
untick_action (GtkWidget  *widget,
               const char *action,
               GVariant   *param)
{
  set_item_done (GJ_AGREEMENTS_PAGE (widget), g_variant_get_string (param, NULL), FALSE);
}

static void
add_item_action (GtkWidget  *widget,
                 const char *action,
                 GVariant   *param)
{
  GjAgreementsPage *self = GJ_AGREEMENTS_PAGE (widget);

  gj_record_editor_open (widget, self->session, gj_schema_lookup ("agreement_item"), NULL,
                         "agreement_id", g_variant_get_string (param, NULL),
                         "status", "pending", NULL);
}

static void
edit_action (GtkWidget  *widget,
             const char *action,
             GVariant   *param)
{
  gtk_widget_activate_action (GTK_WIDGET (GJ_AGREEMENTS_PAGE (widget)->table), "table.edit", NULL);
}

/* The shown agreement's report; Ctrl+P reaches it through "win.print". */
static void
report_action (GtkWidget  *widget,
               const char *action,
               GVariant   *param)
{
  GjAgreementsPage *self = GJ_AGREEMENTS_PAGE (widget);
  g_autoptr(GjRecord) record = gj_record_table_get_selected (self->table);

  if (record == NULL)
    return;
  gtk_widget_activate_action (widget, g_str_equal (action, "page.print-report")
                                      ? "win.print-report" : "win.save-report",
                              "(sss)", "agreement", record->id, "");
}

static void
back_action (GtkWidget  *widget,
             const char *action,
             GVariant   *param)
{
  adw_leaflet_set_visible_child_name (GJ_AGREEMENTS_PAGE (widget)->leaflet, "list");
}

static void
new_action (GtkWidget  *widget,
            const char *action,
            GVariant   *param)
{
  GjAgreementsPage *self = GJ_AGREEMENTS_PAGE (widget);

  gj_record_editor_open (widget, self->session, gj_schema_lookup ("agreement"), NULL,
                         "status", "draft", NULL);
}

static void
search_action (GtkWidget  *widget,
               const char *action,
               GVariant   *param)
{
  gj_record_table_focus_search (GJ_AGREEMENTS_PAGE (widget)->table);
}

static void
due_filter_action (GtkWidget  *widget,
                   const char *action,
                   GVariant   *param)
{
  GjAgreementsPage *self = GJ_AGREEMENTS_PAGE (widget);

  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (self->due_toggle), g_variant_get_boolean (param));
}

void
gj_agreements_page_set_session (GjAgreementsPage *self,
                                GjSession        *session)
{
  g_return_if_fail (GJ_IS_AGREEMENTS_PAGE (self));
  g_return_if_fail (self->session == NULL);

  self->session = g_object_ref (session);
  self->attachments = g_object_ref_sink (gj_attachments_section_new (session));
  gj_record_table_set_extra_column (self->table, _("Items"), decorate_items, NULL);
  gj_record_table_set_session (self->table, session);
  self->changed_id = g_signal_connect (session, "changed", G_CALLBACK (session_changed_cb), self);
}

static void
gj_agreements_page_dispose (GObject *object)
{
  GjAgreementsPage *self = GJ_AGREEMENTS_PAGE (object);

  g_cancellable_cancel (self->detail_cancellable);
  g_clear_object (&self->detail_cancellable);
  if (self->session != NULL)
    g_clear_signal_handler (&self->changed_id, self->session);
  /* The leaflet is both the bin's child and a template child: the bin lets
   * go of it first, or the template would unparent it behind the bin. */
  adw_bin_set_child (ADW_BIN (object), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (object), GJ_TYPE_AGREEMENTS_PAGE);
  g_clear_object (&self->attachments);
  g_clear_object (&self->session);
  G_OBJECT_CLASS (gj_agreements_page_parent_class)->dispose (object);
}

static void
gj_agreements_page_class_init (GjAgreementsPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = gj_agreements_page_dispose;

  g_type_ensure (GJ_TYPE_RECORD_TABLE);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/cn/gongjian/Gongjian/gj-agreements-page.ui");
  gtk_widget_class_bind_template_child (widget_class, GjAgreementsPage, table);
  gtk_widget_class_bind_template_child (widget_class, GjAgreementsPage, leaflet);
  gtk_widget_class_bind_template_child (widget_class, GjAgreementsPage, detail_stack);
  gtk_widget_class_bind_template_child (widget_class, GjAgreementsPage, detail_box);
  gtk_widget_class_bind_template_child (widget_class, GjAgreementsPage, report_menu);
  gtk_widget_class_bind_template_callback (widget_class, selection_changed_cb);

  gtk_widget_class_install_action (widget_class, "page.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "page.back", NULL, back_action);
  gtk_widget_class_install_action (widget_class, "page.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "page.edit", NULL, edit_action);
  gtk_widget_class_install_action (widget_class, "page.print-report", NULL, report_action);
  gtk_widget_class_install_action (widget_class, "page.save-report", NULL, report_action);
  gtk_widget_class_install_action (widget_class, "page.tick-item", "s", tick_action);
  gtk_widget_class_install_action (widget_class, "page.untick-item", "s", untick_action);
  gtk_widget_class_install_action (widget_class, "page.add-item", "s", add_item_action);
  gtk_widget_class_install_action (widget_class, "page.due-filter", "b", due_filter_action);
}

static void
gj_agreements_page_init (GjAgreementsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));

  self->due_toggle = gtk_toggle_button_new ();
  gtk_button_set_child (GTK_BUTTON (self->due_toggle),
                        g_object_new (ADW_TYPE_BUTTON_CONTENT, "icon-name", "task-due-symbolic",
                                      "label", _("Items Due in 30 Days"), NULL));
  gtk_widget_set_tooltip_text (self->due_toggle,
                               _("Only agreements with an open item due within 30 days or overdue"));
  g_signal_connect (self->due_toggle, "toggled", G_CALLBACK (due_toggled_cb), self);
  gj_record_table_add_tool (self->table, self->due_toggle);
}
