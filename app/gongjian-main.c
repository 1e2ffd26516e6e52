/* gongjian-main.c: the desktop application's entry point
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <stdio.h>

#include "gj-application.h"

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GjApplication) app = NULL;
  g_autofree char *message = NULL;

  gj_application_init_i18n ();

  /* Without a display GTK would abort; say what to do instead. */
  if (!gtk_init_check ())
    {
      fprintf (stderr, "%s\n", _("gongjian: no graphical display available (set DISPLAY or "
                                 "WAYLAND_DISPLAY, or use gongjian-cli)"));
      return 1;
    }
  if (!gj_application_check_schema (&message))
    {
      fprintf (stderr, "%s\n", message);
      return 1;
    }

  app = gj_application_new ();
  return g_application_run (G_APPLICATION (app), argc, argv);
}
