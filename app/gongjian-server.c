/* gongjian-server.c: the district server, the same data and sync code run headless
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gongjian-server"

#include "config.h"

#include <glib-unix.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <stdio.h>

#include "gj-server.h"
#include "gj-store-sync.h"

static int
fail (GError *error)
{
  g_printerr ("gongjian-server: %s\n", error->message);
  return 1;
}

static int
usage (const char *message)
{
  g_printerr ("gongjian-server: %s\n", message);
  g_printerr ("%s\n", _("Usage: gongjian-server --data DIR init | enroll --street NAME | "
                        "serve --listen ADDRESS:PORT | devices | revoke DEVICE | check"));
  return 2;
}

static gboolean
quit_cb (gpointer loop)
{
  g_message ("stopping");
  g_main_loop_quit (loop);
  return G_SOURCE_REMOVE;
}

static char *
format_time (gint64 unix_seconds)
{
  g_autoptr(GDateTime) dt = NULL;

  if (unix_seconds == 0)
    return g_strdup (_("never"));
  dt = g_date_time_new_from_unix_local (unix_seconds);
  return g_date_time_format (dt, "%Y-%m-%d %H:%M");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GOptionContext) ctx = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GjServer) server = NULL;
  g_autofree char *data = NULL;
  g_autofree char *street = NULL;
  g_autofree char *listen = NULL;
  const char *command;
  GOptionEntry entries[] = {
    { "data", 0, 0, G_OPTION_ARG_FILENAME, &data, N_("The server's data folder"), N_("DIR") },
    { "street", 0, 0, G_OPTION_ARG_STRING, &street, N_("Street the token enrols a device for"), N_("NAME") },
    { "listen", 0, 0, G_OPTION_ARG_STRING, &listen, N_("Address and port to listen on"), N_("ADDRESS:PORT") },
    { NULL }
  };

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("GJ_UNINSTALLED") ? BUILD_LOCALEDIR : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  ctx = g_option_context_new (_("init | enroll | serve | devices | revoke DEVICE | check"));
  g_option_context_add_main_entries (ctx, entries, GETTEXT_PACKAGE);
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    return usage (error->message);
  if (argc < 2)
    return usage (_("a command is needed"));
  if (data == NULL)
    return usage (_("--data DIR is needed"));
  command = argv[1];

  if (g_mkdir_with_parents (data, 0700) != 0)
    {
      g_printerr ("gongjian-server: %s: %s\n", data, g_strerror (errno));
      return 1;
    }
  /* Only init makes the server's identity. Any other command finding none,
   * or half of one, stops here: a new key would lock out every enrolled
   * laptop, which pinned the old certificate. */
  if (!g_str_equal (command, "init"))
    {
      g_autofree char *identity_dir = g_build_filename (data, "identity", NULL);
      g_autoptr(GjIdentity) identity = gj_identity_load (identity_dir, &error);

      if (identity == NULL)
        return fail (error);
    }
  server = gj_server_new (data, &error);
  if (server == NULL)
    return fail (error);

  if (g_str_equal (command, "init"))
    {
      g_print (_("District server data in %s\n"), data);
      g_print (_("Server device id: %s\n"), gj_identity_get_device_id (gj_server_get_identity (server)));
      return 0;
    }
  if (g_str_equal (command, "enroll"))
    {
      g_autofree char *token = NULL;

      g_autofree char *stripped = street ? g_strstrip (g_strdup (street)) : NULL;

      if (street == NULL)
        return usage (_("enroll needs --street NAME"));
      /* A token for an empty name would enrol a laptop into a street that
       * holds no rows, and it would sync nothing without saying why. */
      if (stripped[0] == '\0')
        return usage (_("enroll --street is empty; give the name of the street the laptop "
                        "belongs to"));
      token = gj_server_create_token (server, street, &error);
      if (token == NULL)
        return fail (error);
      g_print (_("One-time enrolment token for %s, valid for 24 hours:\n"), street);
      g_print ("%s\n", token);
      return 0;
    }
  if (g_str_equal (command, "devices"))
    {
      g_autoptr(GPtrArray) devices = gj_registry_list (gj_server_get_registry (server), &error);

      if (devices == NULL)
        return fail (error);
      for (guint i = 0; i < devices->len; i++)
        {
          GjDevice *d = g_ptr_array_index (devices, i);
          g_autofree char *enrolled = format_time (d->enrolled);
          g_autofree char *seen = format_time (d->last_seen);

          g_print ("%.16s  %-20s %-12s %s: %s  %s: %s%s\n", d->id, d->name ? d->name : "",
                   d->street_name, _("enrolled"), enrolled, _("last seen"), seen,
                   d->revoked ? _("  (revoked)") : "");
        }
      if (devices->len == 0)
        g_print ("%s\n", _("No devices are enrolled."));
      return 0;
    }
  if (g_str_equal (command, "check"))
    {
      /* Values an older version stored without checking them would stop
       * every laptop that pulls them: they are held and no longer sent. */
      g_autoptr(GPtrArray) found = g_ptr_array_new_with_free_func ((GDestroyNotify) gj_refusal_free);
      g_autoptr(GPtrArray) held = NULL;

      if (!gj_store_check_stored (gj_server_get_store (server), found, &error) ||
          !(held = gj_store_list_problems (gj_server_get_store (server), &error)))
        return fail (error);
      for (guint i = 0; i < held->len; i++)
        {
          GjProblem *p = g_ptr_array_index (held, i);

          if (p->received)
            g_print ("%s %s: %s\n", p->kind, p->id, p->reason);
        }
      g_print (ngettext ("%u record found invalid now; every record held is listed above and is sent "
                         "to no laptop until a laptop sends a fix.\n",
                         "%u records found invalid now; every record held is listed above and is "
                         "sent to no laptop until a laptop sends a fix.\n", found->len), found->len);
      return 0;
    }
  if (g_str_equal (command, "revoke"))
    {
      g_autofree char *id = NULL;

      if (argc != 3)
        return usage (_("revoke needs a DEVICE id"));
      id = gj_registry_revoke (gj_server_get_registry (server), argv[2], &error);
      if (id == NULL)
        return fail (error);
      g_print (_("Revoked %s\n"), id);
      return 0;
    }
  if (g_str_equal (command, "serve"))
    {
      g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);

      if (!gj_server_listen (server, listen ? listen : "0.0.0.0:8443", &error))
        return fail (error);
      g_message ("listening on port %u, device id %s", gj_server_get_port (server),
                 gj_identity_get_device_id (gj_server_get_identity (server)));
      g_unix_signal_add (SIGTERM, quit_cb, loop);
      g_unix_signal_add (SIGINT, quit_cb, loop);
      g_main_loop_run (loop);
      return 0;
    }
  {
    g_autofree char *msg = g_strdup_printf (_("unknown command “%s”"), command);
    return usage (msg);
  }
}
