/* gj-units-page.c: resident units, charity resources and the station's people
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-units-page"

#include "config.h"

#include <adwaita.h>

#include "gj-record-table.h"
#include "gj-units-page.h"

struct _GjUnitsPage
{
  AdwBin         parent_instance;

  AdwViewStack  *views;
  GjRecordTable *units_table;
  GjRecordTable *resources_table;
  GjRecordTable *workers_table;
  GjRecordTable *communities_table;
};

G_DEFINE_FINAL_TYPE (GjUnitsPage, gj_units_page, ADW_TYPE_BIN)

static GjRecordTable *
visible_table (GjUnitsPage *self)
{
  return GJ_RECORD_TABLE (adw_view_stack_get_visible_child (self->views));
}

static void
new_action (GtkWidget  *widget,
            const char *action,
            GVariant   *param)
{
  gj_record_table_new_record (visible_table (GJ_UNITS_PAGE (widget)));
}

static void
search_action (GtkWidget  *widget,
               const char *action,
               GVariant   *param)
{
  gj_record_table_focus_search (visible_table (GJ_UNITS_PAGE (widget)));
}

void
gj_units_page_set_session (GjUnitsPage *self,
                           GjSession   *session)
{
  g_return_if_fail (GJ_IS_UNITS_PAGE (self));

  gj_record_table_set_session (self->units_table, session);
  gj_record_table_set_session (self->resources_table, session);
  gj_record_table_set_session (self->workers_table, session);
  gj_record_table_set_session (self->communities_table, session);
}

static void
gj_units_page_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), GJ_TYPE_UNITS_PAGE);
  G_OBJECT_CLASS (gj_units_page_parent_class)->dispose (object);
}

static void
gj_units_page_class_init (GjUnitsPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = gj_units_page_dispose;

  g_type_ensure (GJ_TYPE_RECORD_TABLE);
  gtk_widget_class_set_template_from_resource (widget_class, "/cn/gongjian/Gongjian/gj-units-page.ui");
  gtk_widget_class_bind_template_child (widget_class, GjUnitsPage, views);
  gtk_widget_class_bind_template_child (widget_class, GjUnitsPage, units_table);
  gtk_widget_class_bind_template_child (widget_class, GjUnitsPage, resources_table);
  gtk_widget_class_bind_template_child (widget_class, GjUnitsPage, workers_table);
  gtk_widget_class_bind_template_child (widget_class, GjUnitsPage, communities_table);

  gtk_widget_class_install_action (widget_class, "page.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "page.search", NULL, search_action);
}

static void
gj_units_page_init (GjUnitsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
