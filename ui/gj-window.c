/* gj-window.c: the main window
 *
 * A sidebar of pages that folds away on narrow windows (AdwLeaflet), one
 * header bar per pane, and the toasts of every page. Before the station
 * exists the window shows the welcome page instead. The pages come from
 * gj-pages.c; they reach the window only through its actions "win.toast"
 * and "win.delete-record" (gj-window-actions.c), and an attachment's
 * Download button finds the sync agent as the window's "sync-agent".
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-window"

#include "config.h"

#ifdef HAVE_MALLOC_TRIM
#include <malloc.h>
#endif

#include <glib/gi18n.h>

#include "gj-format.h"
#include "gj-resources.h"
#include "gj-sync-page.h"
#include "gj-welcome-page.h"
#include "gj-window-pages.h"
#include "gj-window-private.h"

G_DEFINE_FINAL_TYPE (GjWindow, gj_window, ADW_TYPE_APPLICATION_WINDOW)

enum
{
  PROP_0,
  PROP_SYNC_AGENT,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
update_street_title (GjWindow *self)
{
  GjStore *store = gj_session_get_store (self->session);
  const char *street = gj_store_get_street (store);
  g_autofree char *title = street ? gj_format_ref_title (store, "street", street) : NULL;

  adw_window_title_set_subtitle (self->sidebar_title, title);
}

static gboolean
has_action (GtkWidget  *widget,
            const char *action)
{
  GtkWidgetClass *klass = GTK_WIDGET_GET_CLASS (widget);
  const char *name;
  const GVariantType *type;
  const char *property;
  GType owner;

  for (guint i = 0; gtk_widget_class_query_action (klass, i, &owner, &name, &type, &property); i++)
    if (g_str_equal (name, action))
      return TRUE;
  return FALSE;
}

static void
update_page_actions (GjWindow   *self,
                     const char *name)
{
  const GjWindowPageInfo *info = gj_window_pages_lookup (name);
  const char *tooltip = info->new_tooltip ? _(info->new_tooltip) : NULL;
  GtkWidget *page = gtk_stack_get_child_by_name (self->pages, name);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.new-record", tooltip != NULL);
  gtk_widget_set_visible (self->new_button, tooltip != NULL);
  if (tooltip != NULL)
    {
      gtk_widget_set_tooltip_text (self->new_button, tooltip);
      gtk_accessible_update_property (GTK_ACCESSIBLE (self->new_button),
                                      GTK_ACCESSIBLE_PROPERTY_LABEL, tooltip, -1);
    }
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "win.search",
                                 has_action (page, "page.search") ||
                                 has_action (page, "table.search"));
}

static GtkListBoxRow *
sidebar_row (GjWindow   *self,
             const char *name)
{
  for (GtkWidget *row = gtk_widget_get_first_child (GTK_WIDGET (self->sidebar)); row;
       row = gtk_widget_get_next_sibling (row))
    if (g_strcmp0 (gtk_widget_get_name (row), name) == 0)
      return GTK_LIST_BOX_ROW (row);
  return NULL;
}

#ifdef HAVE_MALLOC_TRIM
static gboolean
trim_cb (gpointer data)
{
  GjWindow *self = data;

  self->trim_source = 0;
  /* The page left behind freed its rows; glibc keeps freed blocks unless
   * asked, and a day of switching pages would only grow. */
  malloc_trim (0);
  return G_SOURCE_REMOVE;
}
#endif

static void
sidebar_row_selected_cb (GjWindow      *self,
                         GtkListBoxRow *row)
{
  const char *name;
  GtkStackPage *page;

  if (row == NULL)
    return;
  name = gtk_widget_get_name (GTK_WIDGET (row));
  gtk_stack_set_visible_child_name (self->pages, name);
  page = gtk_stack_get_page (self->pages, gtk_stack_get_visible_child (self->pages));
  adw_window_title_set_title (self->page_title, gtk_stack_page_get_title (page));
  update_page_actions (self, name);
  g_settings_set_string (gj_session_get_settings (self->session), "last-page", name);
#ifdef HAVE_MALLOC_TRIM
  if (self->trim_source == 0)
    self->trim_source = g_timeout_add_seconds_full (G_PRIORITY_LOW, 2, trim_cb, self, NULL);
#endif
}

static void
sidebar_row_activated_cb (GjWindow      *self,
                          GtkListBoxRow *row)
{
  adw_leaflet_navigate (self->leaflet, ADW_NAVIGATION_DIRECTION_FORWARD);
}

static void
add_pages (GjWindow *self)
{
  guint n_pages;
  const GjWindowPageInfo *pages = gj_window_pages_get (&n_pages);

  for (guint i = 0; i < n_pages; i++)
    {
      GtkStackPage *page = gtk_stack_add_titled (self->pages, gj_window_page_new (&pages[i]),
                                                 pages[i].name, _(pages[i].title));
      GtkWidget *row = gtk_list_box_row_new ();
      GtkWidget *box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
      GtkWidget *label = gtk_label_new (_(pages[i].title));

      gtk_stack_page_set_icon_name (page, pages[i].icon_name);
      gtk_label_set_xalign (GTK_LABEL (label), 0);
      gtk_box_append (GTK_BOX (box), gtk_image_new_from_icon_name (pages[i].icon_name));
      gtk_box_append (GTK_BOX (box), label);
      gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
      gtk_widget_set_name (row, pages[i].name);
      gtk_list_box_append (self->sidebar, row);
    }
}

static void
set_sessions (GjWindow *self)
{
  guint n_pages;
  const GjWindowPageInfo *pages = gj_window_pages_get (&n_pages);

  gj_welcome_page_set_session (self->welcome, self->session);
  for (guint i = 0; i < n_pages; i++)
    gj_window_page_set_session (&pages[i], gtk_stack_get_child_by_name (self->pages, pages[i].name),
                         self->session);
}

static void
welcome_done_cb (GjWindow *self)
{
  update_street_title (self);
  gtk_stack_set_visible_child_name (self->main_stack, "main");
  gj_window_show_page (self, "overview");
  gj_window_add_toast (self, adw_toast_new (_("The station is set up")));
}

/* A new laptop joining colleagues: the Sync page enrols or pairs it, and
 * the station's records (its street first) arrive with the first sync. */
static void
welcome_join_cb (GjWindow *self)
{
  gtk_stack_set_visible_child_name (self->main_stack, "main");
  gj_window_show_page (self, "sync");
}

static void
street_changed_cb (GjSession  *session,
                   const char *kind,
                   GjWindow   *self)
{
  update_street_title (self);
}

/* Public */

GjWindow *
gj_window_new (AdwApplication *app,
               GjSession      *session)
{
  GjWindow *self;
  GSettings *settings;

  g_return_val_if_fail (GJ_IS_SESSION (session), NULL);

  self = g_object_new (GJ_TYPE_WINDOW, "application", app, NULL);
  self->session = g_object_ref (session);
  settings = gj_session_get_settings (session);

  gtk_window_set_default_size (GTK_WINDOW (self),
                               g_settings_get_int (settings, "window-width"),
                               g_settings_get_int (settings, "window-height"));
  if (g_settings_get_boolean (settings, "window-maximized"))
    gtk_window_maximize (GTK_WINDOW (self));

  set_sessions (self);
  g_signal_connect_object (session, "changed::street", G_CALLBACK (street_changed_cb), self, 0);
  g_signal_connect_object (gj_session_get_undo (session), "pushed",
                           G_CALLBACK (gj_window_undo_pushed_cb), self, 0);

  if (gj_store_get_street (gj_session_get_store (session)) == NULL)
    gtk_stack_set_visible_child_name (self->main_stack, "welcome");
  else
    {
      gtk_stack_set_visible_child_name (self->main_stack, "main");
      update_street_title (self);
    }

  /* Later runs open to the overview, not the last page: the day starts
   * with what is due. */
  gj_window_show_page (self, "overview");
  return self;
}

GjSession *
gj_window_get_session (GjWindow *self)
{
  g_return_val_if_fail (GJ_IS_WINDOW (self), NULL);
  return self->session;
}

void
gj_window_show_page (GjWindow   *self,
                     const char *name)
{
  GtkListBoxRow *row;

  g_return_if_fail (GJ_IS_WINDOW (self));

  if (g_strcmp0 (name, "welcome") == 0)
    {
      gtk_stack_set_visible_child_name (self->main_stack, "welcome");
      return;
    }
  row = sidebar_row (self, name);
  g_return_if_fail (row != NULL);
  gtk_list_box_select_row (self->sidebar, row);
  sidebar_row_selected_cb (self, row);
}

const char *
gj_window_get_page_name (GjWindow *self)
{
  g_return_val_if_fail (GJ_IS_WINDOW (self), NULL);

  if (g_strcmp0 (gtk_stack_get_visible_child_name (self->main_stack), "welcome") == 0)
    return "welcome";
  return gtk_stack_get_visible_child_name (self->pages);
}

GtkWidget *
gj_window_get_page (GjWindow   *self,
                    const char *name)
{
  g_return_val_if_fail (GJ_IS_WINDOW (self), NULL);

  if (g_strcmp0 (name, "welcome") == 0)
    return GTK_WIDGET (self->welcome);
  return gtk_stack_get_child_by_name (self->pages, name);
}

void
gj_window_dismiss_toasts (GjWindow *self)
{
  g_return_if_fail (GJ_IS_WINDOW (self));

  while (self->toast_list->len > 0)
    adw_toast_dismiss (g_ptr_array_index (self->toast_list, self->toast_list->len - 1));
}

/* GObject */

static void
gj_window_get_property (GObject    *object,
                        guint       prop_id,
                        GValue     *value,
                        GParamSpec *pspec)
{
  GjWindow *self = GJ_WINDOW (object);
  GtkWidget *sync = gtk_stack_get_child_by_name (self->pages, "sync");

  switch (prop_id)
    {
    case PROP_SYNC_AGENT:
      g_value_set_object (value, GJ_IS_SYNC_PAGE (sync)
                                 ? gj_sync_page_get_agent (GJ_SYNC_PAGE (sync)) : NULL);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static gboolean
gj_window_close_request (GtkWindow *window)
{
  GjWindow *self = GJ_WINDOW (window);
  GSettings *settings = gj_session_get_settings (self->session);
  int width, height;

  gtk_window_get_default_size (window, &width, &height);
  g_settings_set_int (settings, "window-width", width);
  g_settings_set_int (settings, "window-height", height);
  g_settings_set_boolean (settings, "window-maximized", gtk_window_is_maximized (window));
  return GTK_WINDOW_CLASS (gj_window_parent_class)->close_request (window);
}

static void
gj_window_dispose (GObject *object)
{
  GjWindow *self = GJ_WINDOW (object);

  g_clear_handle_id (&self->trim_source, g_source_remove);
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->print_settings);
  gtk_widget_dispose_template (GTK_WIDGET (self), GJ_TYPE_WINDOW);
  g_clear_object (&self->session);
  g_clear_pointer (&self->toast_list, g_ptr_array_unref);
  G_OBJECT_CLASS (gj_window_parent_class)->dispose (object);
}

static void
gj_window_class_init (GjWindowClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);
  GtkWindowClass *window_class = GTK_WINDOW_CLASS (klass);
  guint n_pages;
  const GjWindowPageInfo *pages = gj_window_pages_get (&n_pages);

  object_class->dispose = gj_window_dispose;
  object_class->get_property = gj_window_get_property;
  window_class->close_request = gj_window_close_request;

  /* The resource lives in a static library, where a constructor that
   * registered it on load would be dropped by the linker. */
  gj_register_resource ();

  /**
   * GjWindow:sync-agent:
   *
   * The Sync page's agent, for widgets that fetch files on demand (an
   * attachment not here yet) without knowing the window's type.
   */
  properties[PROP_SYNC_AGENT] =
    g_param_spec_object ("sync-agent", NULL, NULL, GJ_TYPE_SYNC_AGENT,
                         G_PARAM_READABLE | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  g_type_ensure (GJ_TYPE_WELCOME_PAGE);
  gtk_widget_class_set_template_from_resource (widget_class, "/cn/gongjian/Gongjian/gj-window.ui");
  gtk_widget_class_bind_template_child (widget_class, GjWindow, toasts);
  gtk_widget_class_bind_template_child (widget_class, GjWindow, main_stack);
  gtk_widget_class_bind_template_child (widget_class, GjWindow, welcome);
  gtk_widget_class_bind_template_child (widget_class, GjWindow, leaflet);
  gtk_widget_class_bind_template_child (widget_class, GjWindow, sidebar_title);
  gtk_widget_class_bind_template_child (widget_class, GjWindow, sidebar);
  gtk_widget_class_bind_template_child (widget_class, GjWindow, page_title);
  gtk_widget_class_bind_template_child (widget_class, GjWindow, new_button);
  gtk_widget_class_bind_template_child (widget_class, GjWindow, pages);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, sidebar_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, welcome_done_cb);
  gtk_widget_class_bind_template_callback (widget_class, welcome_join_cb);

  gj_window_class_install_actions (widget_class);
  gj_window_class_install_report_actions (widget_class);
  for (guint i = 0; i < n_pages && i < 9; i++)
    gtk_widget_class_add_binding_action (widget_class, GDK_KEY_1 + i, GDK_ALT_MASK,
                                         "win.show-page", "s", pages[i].name);
}

static void
gj_window_init (GjWindow *self)
{
  self->toast_list = g_ptr_array_new ();
  self->cancellable = g_cancellable_new ();
  gtk_widget_init_template (GTK_WIDGET (self));
  add_pages (self);
}
