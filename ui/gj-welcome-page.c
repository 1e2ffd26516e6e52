/* gj-welcome-page.c: first run, setting up the station
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-welcome-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "gj-demo.h"
#include "gj-import-dialog.h"
#include "gj-station.h"
#include "gj-welcome-page.h"

typedef struct
{
  GtkWidget   *expander;
  AdwEntryRow *name;
  AdwComboRow *type;
  AdwEntryRow *households;
  AdwEntryRow *population;
} CommunityUi;

struct _GjWelcomePage
{
  AdwBin               parent_instance;

  GjSession           *session;
  GPtrArray           *communities;   /* CommunityUi */

  AdwEntryRow         *district_row;
  AdwEntryRow         *street_row;
  AdwEntryRow         *station_row;
  AdwPreferencesGroup *communities_group;
  GtkLabel            *error_label;
  GtkWidget           *create_button;
  GtkMenuButton       *import_button;
  GtkImage            *logo;
};

G_DEFINE_FINAL_TYPE (GjWelcomePage, gj_welcome_page, ADW_TYPE_BIN)

enum
{
  DONE,
  JOIN,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
show_error (GjWelcomePage *self,
            const char    *message)
{
  gtk_label_set_label (self->error_label, message ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

static gboolean
has_text (GtkEditable *editable)
{
  g_autofree char *text = g_strstrip (g_strdup (gtk_editable_get_text (editable)));

  return text[0] != '\0';
}

static void
form_changed_cb (GjWelcomePage *self)
{
  gboolean ready = has_text (GTK_EDITABLE (self->street_row));

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "welcome.create", ready);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "welcome.import", ready);
  gtk_widget_set_sensitive (GTK_WIDGET (self->import_button), ready);
  show_error (self, NULL);
}

static void
community_name_changed_cb (AdwEntryRow *row,
                           CommunityUi *cu)
{
  const char *name = gtk_editable_get_text (GTK_EDITABLE (row));

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (cu->expander),
                                 name[0] ? name : _("New Community"));
}

static void
remove_community_cb (GtkButton     *button,
                     GjWelcomePage *self)
{
  CommunityUi *cu = g_object_get_data (G_OBJECT (button), "gj-community");

  adw_preferences_group_remove (self->communities_group, cu->expander);
  g_ptr_array_remove (self->communities, cu);
}

static CommunityUi *
add_community_rows (GjWelcomePage *self)
{
  CommunityUi *cu = g_new0 (CommunityUi, 1);
  g_autoptr(GtkStringList) types = gtk_string_list_new (NULL);
  const GjField *type = gj_kind_field (gj_schema_lookup ("community"), "type");
  GtkWidget *remove;

  for (const GjEnumValue *v = type->values; v->key; v++)
    gtk_string_list_append (types, _(v->label));

  cu->expander = adw_expander_row_new ();
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (cu->expander), _("New Community"));
  adw_expander_row_set_expanded (ADW_EXPANDER_ROW (cu->expander), TRUE);

  cu->name = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (cu->name), _("Name"));
  g_signal_connect (cu->name, "changed", G_CALLBACK (community_name_changed_cb), cu);
  cu->type = ADW_COMBO_ROW (adw_combo_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (cu->type), _("Type"));
  adw_combo_row_set_model (cu->type, G_LIST_MODEL (types));
  cu->households = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (cu->households), _("Households"));
  adw_entry_row_set_input_purpose (cu->households, GTK_INPUT_PURPOSE_DIGITS);
  cu->population = ADW_ENTRY_ROW (adw_entry_row_new ());
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (cu->population), _("Resident population"));
  adw_entry_row_set_input_purpose (cu->population, GTK_INPUT_PURPOSE_DIGITS);

  adw_expander_row_add_row (ADW_EXPANDER_ROW (cu->expander), GTK_WIDGET (cu->name));
  adw_expander_row_add_row (ADW_EXPANDER_ROW (cu->expander), GTK_WIDGET (cu->type));
  adw_expander_row_add_row (ADW_EXPANDER_ROW (cu->expander), GTK_WIDGET (cu->households));
  adw_expander_row_add_row (ADW_EXPANDER_ROW (cu->expander), GTK_WIDGET (cu->population));

  remove = gtk_button_new_from_icon_name ("user-trash-symbolic");
  gtk_widget_set_valign (remove, GTK_ALIGN_CENTER);
  gtk_widget_add_css_class (remove, "flat");
  gtk_widget_set_tooltip_text (remove, _("Remove Community"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (remove), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Remove Community"), -1);
  g_object_set_data (G_OBJECT (remove), "gj-community", cu);
  g_signal_connect (remove, "clicked", G_CALLBACK (remove_community_cb), self);
  /* libadwaita 1.4 deprecated add_action for add_suffix, which puts the
   * button in the same place; 1.2 has only add_action. */
#if ADW_CHECK_VERSION (1, 4, 0)
  adw_expander_row_add_suffix (ADW_EXPANDER_ROW (cu->expander), remove);
#else
  adw_expander_row_add_action (ADW_EXPANDER_ROW (cu->expander), remove);
#endif

  adw_preferences_group_add (self->communities_group, cu->expander);
  g_ptr_array_add (self->communities, cu);
  return cu;
}

static void
add_community_action (GtkWidget  *widget,
                      const char *action,
                      GVariant   *param)
{
  CommunityUi *cu = add_community_rows (GJ_WELCOME_PAGE (widget));

  gtk_widget_grab_focus (GTK_WIDGET (cu->name));
}

gboolean
gj_welcome_page_create (GjWelcomePage  *self,
                        GError        **error)
{
  const GjField *type = gj_kind_field (gj_schema_lookup ("community"), "type");
  g_autofree GjCommunitySetup *communities = NULL;
  GjStationSetup setup;
  g_autoptr(GError) local = NULL;

  g_return_val_if_fail (GJ_IS_WELCOME_PAGE (self), FALSE);
  g_return_val_if_fail (self->session != NULL, FALSE);

  /* The form as typed: gj_station_setup() judges it and names what it refuses. */
  communities = g_new0 (GjCommunitySetup, self->communities->len);
  for (guint i = 0; i < self->communities->len; i++)
    {
      CommunityUi *cu = g_ptr_array_index (self->communities, i);
      guint t = adw_combo_row_get_selected (cu->type);

      communities[i] = (GjCommunitySetup) {
        .name = gtk_editable_get_text (GTK_EDITABLE (cu->name)),
        .type = type->values[t == GTK_INVALID_LIST_POSITION ? 0 : t].key,
        .households = gtk_editable_get_text (GTK_EDITABLE (cu->households)),
        .population = gtk_editable_get_text (GTK_EDITABLE (cu->population)),
      };
    }
  setup = (GjStationSetup) {
    .district = gtk_editable_get_text (GTK_EDITABLE (self->district_row)),
    .street = gtk_editable_get_text (GTK_EDITABLE (self->street_row)),
    .station = gtk_editable_get_text (GTK_EDITABLE (self->station_row)),
    .communities = communities,
    .n_communities = self->communities->len,
  };
  if (!gj_station_setup (gj_session_get_store (self->session), &setup, &local))
    {
      show_error (self, local->message);
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  gj_session_emit_changed (self->session, "community");
  g_signal_emit (self, signals[DONE], 0);
  return TRUE;
}

gboolean
gj_welcome_page_load_demo (GjWelcomePage  *self,
                           GError        **error)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  g_autoptr(GError) local = NULL;
  GDate today;

  g_return_val_if_fail (GJ_IS_WELCOME_PAGE (self), FALSE);
  g_return_val_if_fail (self->session != NULL, FALSE);

  g_date_clear (&today, 1);
  g_date_set_dmy (&today, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
  if (!gj_demo_load (gj_session_get_store (self->session), 2024, &today, &local))
    {
      show_error (self, local->message);
      g_propagate_error (error, g_steal_pointer (&local));
      return FALSE;
    }
  gj_session_emit_changed (self->session, "organization");
  g_signal_emit (self, signals[DONE], 0);
  return TRUE;
}

/* The logo is an SVG: loading it brings in the SVG renderer, which a
 * station opened on its Overview never needs. */
static void
gj_welcome_page_map (GtkWidget *widget)
{
  GTK_WIDGET_CLASS (gj_welcome_page_parent_class)->map (widget);
  gtk_image_set_from_icon_name (GJ_WELCOME_PAGE (widget)->logo, APP_ID);
}

static void
join_action (GtkWidget  *widget,
             const char *action,
             GVariant   *param)
{
  g_signal_emit (widget, signals[JOIN], 0);
}

static void
create_action (GtkWidget  *widget,
               const char *action,
               GVariant   *param)
{
  gj_welcome_page_create (GJ_WELCOME_PAGE (widget), NULL);
}

/* Records need their street: the station is set up from the form first,
 * then the import assistant opens over the window. */
static void
import_action (GtkWidget  *widget,
               const char *action,
               GVariant   *param)
{
  GjWelcomePage *self = GJ_WELCOME_PAGE (widget);
  g_autofree char *kind_name = g_variant_dup_string (param, NULL);

  if (gj_store_get_street (gj_session_get_store (self->session)) == NULL &&
      !gj_welcome_page_create (self, NULL))
    return;
  gj_import_dialog_open (widget, self->session, kind_name);
}

static void
load_demo_action (GtkWidget  *widget,
                  const char *action,
                  GVariant   *param)
{
  gj_welcome_page_load_demo (GJ_WELCOME_PAGE (widget), NULL);
}

void
gj_welcome_page_set_session (GjWelcomePage *self,
                             GjSession     *session)
{
  g_return_if_fail (GJ_IS_WELCOME_PAGE (self));
  g_set_object (&self->session, session);
}

void
gj_welcome_page_set_station (GjWelcomePage *self,
                             const char    *district,
                             const char    *street)
{
  g_return_if_fail (GJ_IS_WELCOME_PAGE (self));
  gtk_editable_set_text (GTK_EDITABLE (self->district_row), district ? district : "");
  gtk_editable_set_text (GTK_EDITABLE (self->street_row), street ? street : "");
}

void
gj_welcome_page_add_community (GjWelcomePage *self,
                               const char    *name,
                               const char    *type,
                               const char    *households,
                               const char    *population)
{
  CommunityUi *cu;
  const GjField *field = gj_kind_field (gj_schema_lookup ("community"), "type");
  const GjEnumValue *v = gj_field_enum_lookup (field, type);

  g_return_if_fail (GJ_IS_WELCOME_PAGE (self));

  cu = add_community_rows (self);
  gtk_editable_set_text (GTK_EDITABLE (cu->name), name ? name : "");
  if (v != NULL)
    adw_combo_row_set_selected (cu->type, v - field->values);
  gtk_editable_set_text (GTK_EDITABLE (cu->households), households ? households : "");
  gtk_editable_set_text (GTK_EDITABLE (cu->population), population ? population : "");
}

static void
gj_welcome_page_dispose (GObject *object)
{
  GjWelcomePage *self = GJ_WELCOME_PAGE (object);

  gtk_widget_dispose_template (GTK_WIDGET (self), GJ_TYPE_WELCOME_PAGE);
  g_clear_object (&self->session);
  G_OBJECT_CLASS (gj_welcome_page_parent_class)->dispose (object);
}

static void
gj_welcome_page_finalize (GObject *object)
{
  GjWelcomePage *self = GJ_WELCOME_PAGE (object);

  g_ptr_array_unref (self->communities);
  G_OBJECT_CLASS (gj_welcome_page_parent_class)->finalize (object);
}

static void
gj_welcome_page_class_init (GjWelcomePageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = gj_welcome_page_dispose;
  object_class->finalize = gj_welcome_page_finalize;
  widget_class->map = gj_welcome_page_map;

  /**
   * GjWelcomePage::done:
   *
   * The station exists now (set up or loaded with the demo data).
   */
  signals[DONE] = g_signal_new ("done", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /**
   * GjWelcomePage::join:
   *
   * The user's colleagues keep the station's records already: this laptop
   * is to enrol on the district server or pair with one of theirs.
   */
  signals[JOIN] = g_signal_new ("join", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                                0, NULL, NULL, NULL, G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/cn/gongjian/Gongjian/gj-welcome-page.ui");
  gtk_widget_class_bind_template_child (widget_class, GjWelcomePage, district_row);
  gtk_widget_class_bind_template_child (widget_class, GjWelcomePage, street_row);
  gtk_widget_class_bind_template_child (widget_class, GjWelcomePage, station_row);
  gtk_widget_class_bind_template_child (widget_class, GjWelcomePage, communities_group);
  gtk_widget_class_bind_template_child (widget_class, GjWelcomePage, error_label);
  gtk_widget_class_bind_template_child (widget_class, GjWelcomePage, create_button);
  gtk_widget_class_bind_template_child (widget_class, GjWelcomePage, import_button);
  gtk_widget_class_bind_template_child (widget_class, GjWelcomePage, logo);
  gtk_widget_class_bind_template_callback (widget_class, form_changed_cb);

  gtk_widget_class_install_action (widget_class, "welcome.add-community", NULL, add_community_action);
  gtk_widget_class_install_action (widget_class, "welcome.create", NULL, create_action);
  gtk_widget_class_install_action (widget_class, "welcome.load-demo", NULL, load_demo_action);
  gtk_widget_class_install_action (widget_class, "welcome.join", NULL, join_action);
  gtk_widget_class_install_action (widget_class, "welcome.import", "s", import_action);
}

/* One entry per kind a spreadsheet can be imported as. */
static GMenuModel *
import_menu (void)
{
  GMenu *menu = g_menu_new ();

  for (const char *const *k = gj_import_kinds (); *k; k++)
    {
      const GjKind *kind = gj_schema_lookup (*k);
      g_autoptr(GMenuItem) item = g_menu_item_new (_(kind->label_plural), NULL);

      g_menu_item_set_action_and_target_value (item, "welcome.import", g_variant_new_string (*k));
      g_menu_append_item (menu, item);
    }
  return G_MENU_MODEL (menu);
}

static void
gj_welcome_page_init (GjWelcomePage *self)
{
  g_autoptr(GMenuModel) menu = import_menu ();

  self->communities = g_ptr_array_new_with_free_func (g_free);
  gtk_widget_init_template (GTK_WIDGET (self));
  gtk_menu_button_set_menu_model (self->import_button, menu);
  add_community_rows (self);
  form_changed_cb (self);
}
