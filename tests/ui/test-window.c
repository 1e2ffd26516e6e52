/* test-window.c: the main window over real stores
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <adwaita.h>

#include "gj-demo.h"
#include "gj-window.h"

static guint
count_rows (GtkWidget *list)
{
  guint n = 0;

  for (GtkWidget *c = gtk_widget_get_first_child (list); c; c = gtk_widget_get_next_sibling (c))
    n++;
  return n;
}

static GtkWidget *
find_listbox (GtkWidget *w)
{
  if (GTK_IS_LIST_BOX (w))
    return w;
  for (GtkWidget *c = gtk_widget_get_first_child (w); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_listbox (c);
      if (found)
        return found;
    }
  return NULL;
}

static GtkStack *
find_stack (GtkWidget *w)
{
  if (GTK_IS_STACK (w))
    return GTK_STACK (w);
  for (GtkWidget *c = gtk_widget_get_first_child (w); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkStack *found = find_stack (c);
      if (found)
        return found;
    }
  return NULL;
}

static void
test_welcome_then_demo (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GjStore) store = gj_store_open (":memory:", &error);
  GjWindow *window;
  GtkStack *stack;

  g_assert_no_error (error);
  window = gj_window_new (NULL, store);
  stack = find_stack (GTK_WIDGET (window));
  g_assert_nonnull (stack);
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "welcome");

  /* The welcome page's button loads the demo data into the store. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.load-demo", NULL));
  g_assert_cmpstr (gtk_stack_get_visible_child_name (stack), ==, "overview");
  g_assert_cmpint (gj_store_count (store, gj_schema_lookup ("organization"), NULL, NULL), >=, 60);
  /* One row per community plus the street total. */
  g_assert_cmpuint (count_rows (find_listbox (GTK_WIDGET (window))), ==,
                    gj_store_count (store, gj_schema_lookup ("community"), NULL, NULL) + 1);
  gtk_window_destroy (GTK_WINDOW (window));
}

int
main (int   argc,
      char *argv[])
{
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_test_init (&argc, &argv, NULL);
      g_test_skip ("no display");
      return 77;
    }
  gtk_test_init (&argc, &argv, NULL);
  adw_init ();
  g_test_add_func ("/ui/window/welcome-then-demo", test_welcome_then_demo);
  return g_test_run ();
}
