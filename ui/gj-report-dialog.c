/* gj-report-dialog.c: the period of a report, then print or save it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-report-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "gj-report-dialog.h"
#include "gj-reports.h"
#include "gj-validate.h"

/* The choices of range_row, in its order. */
enum
{
  RANGE_ALL,
  RANGE_THIS_YEAR,
  RANGE_LAST_YEAR,
  RANGE_DATES,
};

struct _GjReportDialog
{
  AdwWindow       parent_instance;

  char           *name;
  char           *record_id;

  AdwWindowTitle *window_title;
  AdwActionRow   *year_row;
  GtkSpinButton  *year_spin;
  AdwComboRow    *quarter_row;
  AdwComboRow    *range_row;
  AdwEntryRow    *from_row;
  AdwEntryRow    *to_row;
  GtkLabel       *error_label;
  GtkWidget      *spreadsheet_button;
};

G_DEFINE_FINAL_TYPE (GjReportDialog, gj_report_dialog, ADW_TYPE_WINDOW)

static gboolean
is_indicators (GjReportDialog *self)
{
  return g_str_equal (self->name, "indicators");
}

static void
show_error (GjReportDialog *self,
            const char     *message)
{
  gtk_label_set_label (self->error_label, message);
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static void
range_changed_cb (GjReportDialog *self)
{
  gboolean dates = !is_indicators (self) &&
                   adw_combo_row_get_selected (self->range_row) == RANGE_DATES;

  gtk_widget_set_visible (GTK_WIDGET (self->from_row), dates);
  gtk_widget_set_visible (GTK_WIDGET (self->to_row), dates);
  show_error (self, NULL);
}

static void
date_changed_cb (GjReportDialog *self)
{
  gtk_widget_remove_css_class (GTK_WIDGET (self->from_row), "error");
  gtk_widget_remove_css_class (GTK_WIDGET (self->to_row), "error");
  show_error (self, NULL);
}

/* A date typed in @row, "" when left empty, or NULL (and the row marked)
 * when it is not a date. */
static char *
row_date (GjReportDialog *self,
          AdwEntryRow    *row,
          const char     *label)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row))));
  g_autoptr(GError) error = NULL;

  if (text[0] != '\0' && !gj_validate_date (label, text, &error))
    {
      gtk_widget_add_css_class (GTK_WIDGET (row), "error");
      show_error (self, error->message);
      return NULL;
    }
  return g_steal_pointer (&text);
}

/* The period as the report actions take it, or NULL when the dates
 * chosen are not dates (the dialog says why). */
static char *
chosen_period (GjReportDialog *self)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  int year = g_date_time_get_year (now);
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;

  if (is_indicators (self))
    {
      guint quarter = adw_combo_row_get_selected (self->quarter_row);
      int chosen = gtk_spin_button_get_value_as_int (self->year_spin);

      return quarter == 0 || quarter > 4 ? g_strdup_printf ("%d", chosen)
                                         : g_strdup_printf ("%dQ%u", chosen, quarter);
    }
  switch (adw_combo_row_get_selected (self->range_row))
    {
    case RANGE_THIS_YEAR:
      return g_strdup_printf ("%d-01-01/%d-12-31", year, year);
    case RANGE_LAST_YEAR:
      return g_strdup_printf ("%d-01-01/%d-12-31", year - 1, year - 1);
    case RANGE_DATES:
      if ((from = row_date (self, self->from_row, _("From"))) == NULL ||
          (to = row_date (self, self->to_row, _("To"))) == NULL)
        return NULL;
      if (from[0] != '\0' && to[0] != '\0' && g_strcmp0 (from, to) > 0)
        {
          gtk_widget_add_css_class (GTK_WIDGET (self->to_row), "error");
          show_error (self, _("The end date is before the start date."));
          return NULL;
        }
      return from[0] == '\0' && to[0] == '\0' ? g_strdup ("")
                                               : g_strdup_printf ("%s/%s", from, to);
    default:
      return g_strdup ("");
    }
}

/* Hands the report to the window, which builds and prints or saves it
 * while this dialog goes away. */
static void
run_action (GtkWidget  *widget,
            const char *action,
            GVariant   *param)
{
  GjReportDialog *self = GJ_REPORT_DIALOG (widget);
  GtkWindow *parent = gtk_window_get_transient_for (GTK_WINDOW (self));
  g_autofree char *period = chosen_period (self);
  const char *window_action = g_str_equal (action, "report.print") ? "win.print-report"
                            : g_str_equal (action, "report.save") ? "win.save-report"
                            : "win.save-report-spreadsheet";

  if (period == NULL)
    return;
  if (parent != NULL)
    gtk_widget_activate_action (GTK_WIDGET (parent), window_action, "(sss)", self->name,
                                self->record_id, period);
  gtk_window_close (GTK_WINDOW (self));
}

GjReportDialog *
gj_report_dialog_new (const char *name,
                      const char *record_id)
{
  GjReportDialog *self;
  GjPeriod current;
  gboolean indicators;
  const char *title;

  g_return_val_if_fail (name != NULL && record_id != NULL, NULL);

  self = g_object_new (GJ_TYPE_REPORT_DIALOG, NULL);
  self->name = g_strdup (name);
  self->record_id = g_strdup (record_id);
  indicators = is_indicators (self);
  if (indicators)
    title = _("Indicator Report");
  else if (g_str_equal (name, "volunteer-certificate"))
    title = _("Volunteer Service Record Certificate");
  else if (g_str_equal (name, "time-bank"))
    title = _("Time-Bank Statement");
  else
    title = _("Report");
  adw_window_title_set_title (self->window_title, title);
  gtk_window_set_title (GTK_WINDOW (self), title);

  gj_period_current (&current, FALSE);
  gtk_spin_button_set_value (self->year_spin, current.year);
  adw_combo_row_set_selected (self->quarter_row, (guint) current.quarter);
  gtk_widget_set_visible (GTK_WIDGET (self->year_row), indicators);
  gtk_widget_set_visible (GTK_WIDGET (self->quarter_row), indicators);
  gtk_widget_set_visible (GTK_WIDGET (self->range_row), !indicators);
  /* The district pastes the indicator tables into its own template; the
   * other reports are documents to sign, not tables. */
  gtk_widget_set_visible (self->spreadsheet_button, indicators);
  range_changed_cb (self);
  return self;
}

static void
gj_report_dialog_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), GJ_TYPE_REPORT_DIALOG);
  G_OBJECT_CLASS (gj_report_dialog_parent_class)->dispose (object);
}

static void
gj_report_dialog_finalize (GObject *object)
{
  GjReportDialog *self = GJ_REPORT_DIALOG (object);

  g_free (self->name);
  g_free (self->record_id);
  G_OBJECT_CLASS (gj_report_dialog_parent_class)->finalize (object);
}

static void
gj_report_dialog_class_init (GjReportDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gj_report_dialog_dispose;
  object_class->finalize = gj_report_dialog_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/cn/gongjian/Gongjian/gj-report-dialog.ui");
  gtk_widget_class_bind_template_child (widget_class, GjReportDialog, window_title);
  gtk_widget_class_bind_template_child (widget_class, GjReportDialog, year_row);
  gtk_widget_class_bind_template_child (widget_class, GjReportDialog, year_spin);
  gtk_widget_class_bind_template_child (widget_class, GjReportDialog, quarter_row);
  gtk_widget_class_bind_template_child (widget_class, GjReportDialog, range_row);
  gtk_widget_class_bind_template_child (widget_class, GjReportDialog, from_row);
  gtk_widget_class_bind_template_child (widget_class, GjReportDialog, to_row);
  gtk_widget_class_bind_template_child (widget_class, GjReportDialog, error_label);
  gtk_widget_class_bind_template_child (widget_class, GjReportDialog, spreadsheet_button);
  gtk_widget_class_bind_template_callback (widget_class, range_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, date_changed_cb);

  gtk_widget_class_install_action (widget_class, "report.print", NULL, run_action);
  gtk_widget_class_install_action (widget_class, "report.save", NULL, run_action);
  gtk_widget_class_install_action (widget_class, "report.save-spreadsheet", NULL, run_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
gj_report_dialog_init (GjReportDialog *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
