/* gj-tooltips.c: text tooltips as wide as their text
 *
 * GTK 4.8 gives a text tooltip's label as many columns as the text has
 * characters (at most 50), and a column is as wide as a Latin letter: a
 * Chinese character takes two, so a short Chinese tooltip gets half the
 * width it needs and wraps after every other character ("全部社区" shows
 * as "全部" over "社区"). The tooltip's label is GTK's own; what can be
 * reached of it is the tooltip window that GTK puts under the window the
 * pointer is in before it asks a widget for its tooltip. Each label found
 * there is given the columns its text takes, wide characters counted
 * twice, with the same cap, so that wrapping starts where GTK meant it to.
 * Nothing else of the tooltip is touched, and a GTK that sizes the label
 * right already, or has no such window, is left as it is (the width is
 * only ever raised).
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-tooltips"

#include "config.h"

#include <gtk/gtk.h>

#include "gj-tooltips.h"

/* GTK's own cap, in columns: longer tooltips wrap. */
#define MAX_COLUMNS 50

static int
columns (const char *text)
{
  int n = 0;

  for (const char *p = text; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      n += g_unichar_iswide (c) ? 2 : g_unichar_iszerowidth (c) ? 0 : 1;
    }
  return n;
}

static void
fit_label_cb (GtkLabel *label)
{
  int want = MIN (columns (gtk_label_get_text (label)), MAX_COLUMNS);

  if (gtk_label_get_max_width_chars (label) < want)
    gtk_label_set_max_width_chars (label, want);
}

static void
watch_labels (GtkWidget *widget)
{
  for (GtkWidget *c = gtk_widget_get_first_child (widget); c; c = gtk_widget_get_next_sibling (c))
    {
      if (GTK_IS_LABEL (c) && g_object_get_data (G_OBJECT (c), "gj-tooltip-fitted") == NULL)
        {
          g_object_set_data (G_OBJECT (c), "gj-tooltip-fitted", GINT_TO_POINTER (TRUE));
          g_signal_connect (c, "notify::label", G_CALLBACK (fit_label_cb), NULL);
          g_signal_connect (c, "notify::max-width-chars", G_CALLBACK (fit_label_cb), NULL);
        }
      watch_labels (c);
    }
}

static gboolean
query_tooltip_hook (GSignalInvocationHint *hint,
                    guint                  n_params,
                    const GValue          *params,
                    gpointer               data)
{
  /* The type is registered with the first tooltip, after the hook. */
  GType tooltip_window = g_type_from_name ("GtkTooltipWindow");
  GtkWidget *widget = n_params > 0 ? g_value_get_object (&params[0]) : NULL;
  GtkNative *native = GTK_IS_WIDGET (widget) ? gtk_widget_get_native (widget) : NULL;

  if (native == NULL || tooltip_window == 0)
    return TRUE;
  for (GtkWidget *c = gtk_widget_get_first_child (GTK_WIDGET (native)); c;
       c = gtk_widget_get_next_sibling (c))
    if (G_TYPE_CHECK_INSTANCE_TYPE (c, tooltip_window))
      watch_labels (c);
  /* Stay installed. */
  return TRUE;
}

void
gj_tooltips_init (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      /* The signal exists once the widget class does, maybe not yet. */
      gpointer klass = g_type_class_ref (GTK_TYPE_WIDGET);

      g_signal_add_emission_hook (g_signal_lookup ("query-tooltip", GTK_TYPE_WIDGET), 0,
                                  query_tooltip_hook, NULL, NULL);
      g_type_class_unref (klass);
      g_once_init_leave (&done, 1);
    }
}
