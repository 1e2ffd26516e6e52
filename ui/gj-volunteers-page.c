/* gj-volunteers-page.c: volunteers, their teams and the time bank
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-volunteers-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "gj-hours-dialog.h"
#include "gj-record-table.h"
#include "gj-volunteers-page.h"

struct _GjVolunteersPage
{
  AdwBin         parent_instance;

  GjSession     *session;

  AdwViewStack  *views;
  GjRecordTable *volunteers_table;
  GjRecordTable *teams_table;
  GjRecordTable *hours_table;
  GMenuModel    *report_menu;
};

G_DEFINE_FINAL_TYPE (GjVolunteersPage, gj_volunteers_page, ADW_TYPE_BIN)

/* In the reader's thread: each volunteer's time-bank balance. */
static gboolean
decorate_balance (GjStore       *store,
                  GjRecordItem  *item,
                  gpointer       user_data,
                  GError       **error)
{
  GError *local = NULL;
  double balance = gj_store_hours_balance (store, gj_record_item_get_id (item), &local);

  if (local != NULL)
    {
      g_propagate_error (error, local);
      return FALSE;
    }
  gj_record_item_take_extra (item, g_strdup_printf (_("%g h"), MAX (balance, 0)));
  return TRUE;
}

/* In the reader's thread: how many volunteers a team has. */
static gboolean
decorate_members (GjStore       *store,
                  GjRecordItem  *item,
                  gpointer       user_data,
                  GError       **error)
{
  GjFilter filter = { "team_id", gj_record_item_get_id (item) };
  GjQuery q = { &filter, 1, NULL, NULL, FALSE, 0, 0, FALSE };
  gint64 n = gj_store_count (store, gj_schema_lookup ("volunteer"), &q, error);

  if (n < 0)
    return FALSE;
  gj_record_item_take_extra (item, g_strdup_printf ("%" G_GINT64_FORMAT, n));
  return TRUE;
}

static GjRecordTable *
visible_table (GjVolunteersPage *self)
{
  return GJ_RECORD_TABLE (adw_view_stack_get_visible_child (self->views));
}

static void
new_action (GtkWidget  *widget,
            const char *action,
            GVariant   *param)
{
  GjVolunteersPage *self = GJ_VOLUNTEERS_PAGE (widget);

  /* Hours are recorded per activity; a single entry (a redemption) is
   * still possible from the editor. */
  gj_record_table_new_record (visible_table (self));
}

static void
search_action (GtkWidget  *widget,
               const char *action,
               GVariant   *param)
{
  gj_record_table_focus_search (visible_table (GJ_VOLUNTEERS_PAGE (widget)));
}

static void
record_hours_action (GtkWidget  *widget,
                     const char *action,
                     GVariant   *param)
{
  GjVolunteersPage *self = GJ_VOLUNTEERS_PAGE (widget);
  gj_hours_dialog_open (widget, self->session);
}

/* The selected volunteer's certificate or time-bank statement, over a
 * period the window's report dialog asks for. */
static void
volunteer_report_action (GtkWidget  *widget,
                         const char *action,
                         GVariant   *param)
{
  GjVolunteersPage *self = GJ_VOLUNTEERS_PAGE (widget);
  g_autoptr(GjRecord) volunteer = gj_record_table_get_selected (self->volunteers_table);

  if (volunteer == NULL)
    {
      gtk_widget_activate_action (widget, "win.toast", "s",
                                  _("Select a volunteer first, then print their report"));
      return;
    }
  gtk_widget_activate_action (widget, "win.report-dialog", "(ss)",
                              param != NULL ? g_variant_get_string (param, NULL)
                                            : "volunteer-certificate",
                              volunteer->id);
}

void
gj_volunteers_page_set_session (GjVolunteersPage *self,
                                GjSession        *session)
{
  g_return_if_fail (GJ_IS_VOLUNTEERS_PAGE (self));

  g_set_object (&self->session, session);
  gj_record_table_set_extra_column (self->volunteers_table, _("Time bank"), decorate_balance, NULL);
  gj_record_table_set_extra_column (self->teams_table, _("Members"), decorate_members, NULL);
  gj_record_table_set_session (self->volunteers_table, session);
  gj_record_table_set_session (self->teams_table, session);
  gj_record_table_set_session (self->hours_table, session);
  gj_record_table_sort_by (self->hours_table, "date", TRUE);
}

static void
gj_volunteers_page_dispose (GObject *object)
{
  GjVolunteersPage *self = GJ_VOLUNTEERS_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (object), GJ_TYPE_VOLUNTEERS_PAGE);
  g_clear_object (&self->session);
  G_OBJECT_CLASS (gj_volunteers_page_parent_class)->dispose (object);
}

static void
gj_volunteers_page_class_init (GjVolunteersPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = gj_volunteers_page_dispose;

  g_type_ensure (GJ_TYPE_RECORD_TABLE);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/cn/gongjian/Gongjian/gj-volunteers-page.ui");
  gtk_widget_class_bind_template_child (widget_class, GjVolunteersPage, views);
  gtk_widget_class_bind_template_child (widget_class, GjVolunteersPage, volunteers_table);
  gtk_widget_class_bind_template_child (widget_class, GjVolunteersPage, teams_table);
  gtk_widget_class_bind_template_child (widget_class, GjVolunteersPage, hours_table);
  gtk_widget_class_bind_template_child (widget_class, GjVolunteersPage, report_menu);

  gtk_widget_class_install_action (widget_class, "page.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "page.search", NULL, search_action);
  gtk_widget_class_install_action (widget_class, "page.record-hours", NULL, record_hours_action);
  gtk_widget_class_install_action (widget_class, "page.volunteer-report", "s",
                                  volunteer_report_action);
  /* Ctrl+P ("win.print") opens the selected volunteer's certificate. */
  gtk_widget_class_install_action (widget_class, "page.print-report", NULL,
                                   volunteer_report_action);
}

static void
gj_volunteers_page_init (GjVolunteersPage *self)
{
  GtkWidget *reports;

  gtk_widget_init_template (GTK_WIDGET (self));

  reports = gtk_menu_button_new ();
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (reports), self->report_menu);
  gtk_menu_button_set_child (GTK_MENU_BUTTON (reports),
                             g_object_new (ADW_TYPE_BUTTON_CONTENT,
                                           "icon-name", "document-print-symbolic",
                                           "label", _("_Reports"), "use-underline", TRUE, NULL));
  gtk_widget_set_tooltip_text (reports, _("Print or Save the Selected Volunteer’s Reports"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (reports), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Print or Save the Selected Volunteer’s Reports"), -1);
  gj_record_table_add_tool (self->volunteers_table, reports);
}
