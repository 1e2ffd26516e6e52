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

#include "gj-attachments.h"
#include "gj-server.h"
#include "gj-store-sync.h"

#define MB ((gint64) 1024 * 1024)
/* The server looks for files to collect this often while it serves. */
#define COLLECT_INTERVAL_S (24 * 3600)

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
                        "serve --listen ADDRESS:PORT | devices | revoke DEVICE | check | "
                        "limits [--max-file-size MB] [--street-quota MB] | usage | collect"));
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

/* Sizes in the MB that `limits` takes (1,048,576 bytes), one decimal. */
static char *
format_mb (gint64 bytes)
{
  return g_strdup_printf ("%.1f MB", (double) bytes / MB);
}

/* Text padded with spaces to @width columns as a terminal shows them: a
 * Chinese character takes two. */
static void
append_padded (GString    *line,
               const char *text,
               guint       width,
               gboolean    right)
{
  guint columns = 0;
  g_autofree char *spaces = NULL;

  for (const char *p = text; *p; p = g_utf8_next_char (p))
    columns += g_unichar_iswide (g_utf8_get_char (p)) ? 2 : 1;
  spaces = g_strnfill (columns < width ? width - columns : 0, ' ');
  if (right)
    g_string_append (line, spaces);
  g_string_append (line, text);
  if (!right)
    g_string_append (line, spaces);
  g_string_append (line, "  ");
}

static void
print_usage_row (const char *street,
                 const char *files,
                 const char *size,
                 const char *missing)
{
  g_autoptr(GString) line = g_string_new (NULL);

  append_padded (line, street, 24, FALSE);
  append_padded (line, files, 8, TRUE);
  append_padded (line, size, 12, TRUE);
  append_padded (line, missing, 12, TRUE);
  g_strchomp (line->str);
  g_print ("%s\n", line->str);
}

/* `usage`: each street's files on this server's disk. */
static int
show_usage (GjServer *server)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) streets = gj_attachments_usage (gj_server_get_store (server),
                                                       gj_server_get_blobs (server), &error);
  guint files = 0, missing = 0;
  gint64 bytes = 0;

  if (streets == NULL)
    return fail (error);
  if (streets->len == 0)
    {
      g_print ("%s\n", _("No record of any street refers to an attached file yet."));
      return 0;
    }
  print_usage_row (_("Street"), _("Files"), _("Size"), _("Not uploaded"));
  for (guint i = 0; i < streets->len; i++)
    {
      GjStreetUsage *u = g_ptr_array_index (streets, i);
      g_autofree char *name = u->street_name ? g_strdup (u->street_name)
                                             : g_strdup_printf ("(%.8s)", u->street_id);
      g_autofree char *n = g_strdup_printf ("%u", u->files);
      g_autofree char *size = format_mb (u->bytes);
      g_autofree char *absent = g_strdup_printf ("%u", u->missing);

      print_usage_row (name, n, size, absent);
      files += u->files;
      bytes += u->bytes;
      missing += u->missing;
    }
  {
    g_autofree char *n = g_strdup_printf ("%u", files);
    g_autofree char *size = format_mb (bytes);
    g_autofree char *absent = g_strdup_printf ("%u", missing);

    print_usage_row (_("All streets"), n, size, absent);
  }
  return 0;
}

/* A number of MB given to `limits`: a whole number above 0. */
static gboolean
parse_mb (const char  *text,
          const char  *option,
          gint64      *bytes,
          GError     **error)
{
  guint64 value;

  if (!g_ascii_isdigit (text[0]) ||
      !g_ascii_string_to_unsigned (text, 10, 1, G_MAXINT64 / MB, &value, NULL))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("%s takes a whole number of megabytes above 0, such as 64; “%s” is not "
                     "one"), option, text);
      return FALSE;
    }
  *bytes = (gint64) value * MB;
  return TRUE;
}

/* `limits`: shows the district's limits on attached files, or sets them
 * in the server's store, where the server reads them when it starts. */
static int
limits (GjServer   *server,
        const char *max_file_size,
        const char *street_quota)
{
  GjStore *store = gj_server_get_store (server);
  g_autoptr(GError) error = NULL;
  const struct { const char *text, *option, *key; } given[] = {
    { max_file_size, "--max-file-size", "files.max_size" },
    { street_quota, "--street-quota", "files.street_quota" },
  };
  gint64 values[G_N_ELEMENTS (given)] = { 0, };
  gint64 max, quota;

  /* Both are checked before either is kept. */
  for (guint i = 0; i < G_N_ELEMENTS (given); i++)
    if (given[i].text != NULL && !parse_mb (given[i].text, given[i].option, &values[i], &error))
      return usage (error->message);
  for (guint i = 0; i < G_N_ELEMENTS (given); i++)
    {
      g_autofree char *text = g_strdup_printf ("%" G_GINT64_FORMAT, values[i]);

      if (given[i].text != NULL && !gj_store_set_meta (store, given[i].key, text, &error))
        return fail (error);
    }
  {
    g_autofree char *text = gj_store_get_meta (store, "files.max_size");

    max = text ? g_ascii_strtoll (text, NULL, 10) : GJ_FILE_MAX_SIZE_DEFAULT;
    g_free (text);
    text = gj_store_get_meta (store, "files.street_quota");
    quota = text ? g_ascii_strtoll (text, NULL, 10) : GJ_FILE_STREET_QUOTA_DEFAULT;
  }
  g_print (_("Largest attached file: %lld MB\n"), (long long) ((max + MB - 1) / MB));
  g_print (_("Quota of each street on this server: %lld MB\n"),
           (long long) ((quota + MB - 1) / MB));
  if (max_file_size != NULL || street_quota != NULL)
    g_print ("%s\n", _("A server that is running applies new limits when it is restarted."));
  return 0;
}

/* Removes the files that no live record has named for 30 days; said on
 * the terminal (@verbose) or in the log. */
static gboolean
collect (GjServer  *server,
         gboolean   verbose,
         GError   **error)
{
  GjBlobStore *blobs = gj_server_get_blobs (server);
  g_autoptr(GPtrArray) before = NULL;
  g_autoptr(GArray) sizes = g_array_new (FALSE, FALSE, sizeof (gint64));
  guint removed = 0;

  /* Only a person at the terminal is told which files went; the serving
   * server's daily look lists and measures nothing beforehand. */
  if (verbose && !(before = gj_blob_store_list (blobs, error)))
    return FALSE;
  for (guint i = 0; before != NULL && i < before->len; i++)
    {
      gint64 size = gj_blob_store_get_size (blobs, g_ptr_array_index (before, i));

      g_array_append_val (sizes, size);
    }
  if (!gj_attachments_collect (gj_server_get_store (server), blobs, GJ_ATTACHMENTS_GRACE,
                               &removed, error))
    return FALSE;
  for (guint i = 0; before != NULL && i < before->len; i++)
    {
      const char *sha256 = g_ptr_array_index (before, i);
      g_autofree char *size = format_mb (g_array_index (sizes, gint64, i));

      if (!gj_blob_store_has (blobs, sha256))
        g_print (_("Removed %s (%s)\n"), sha256, size);
    }
  if (verbose)
    g_print (ngettext ("%u file removed that no record has named for 30 days.\n",
                       "%u files removed that no record has named for 30 days.\n", removed),
             removed);
  else if (removed > 0)
    g_message ("removed %u files no record has named for 30 days", removed);
  return TRUE;
}

static gboolean
collect_cb (gpointer server)
{
  g_autoptr(GError) error = NULL;

  if (!collect (server, FALSE, &error))
    g_warning ("could not remove files no record names: %s", error->message);
  return G_SOURCE_CONTINUE;
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
  g_autofree char *max_file_size = NULL;
  g_autofree char *street_quota = NULL;
  const char *command;
  GOptionEntry entries[] = {
    { "data", 0, 0, G_OPTION_ARG_FILENAME, &data, N_("The server's data folder"), N_("DIR") },
    { "street", 0, 0, G_OPTION_ARG_STRING, &street, N_("Street the token enrols a device for"), N_("NAME") },
    { "listen", 0, 0, G_OPTION_ARG_STRING, &listen, N_("Address and port to listen on"), N_("ADDRESS:PORT") },
    { "max-file-size", 0, 0, G_OPTION_ARG_STRING, &max_file_size,
      N_("Largest attached file the server takes"), N_("MB") },
    { "street-quota", 0, 0, G_OPTION_ARG_STRING, &street_quota,
      N_("Attached files the server keeps for each street"), N_("MB") },
    { NULL }
  };

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, g_getenv ("GJ_UNINSTALLED") ? BUILD_LOCALEDIR : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  ctx = g_option_context_new (_("init | enroll | serve | devices | revoke DEVICE | check | "
                                "limits | usage | collect"));
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
  if ((max_file_size != NULL || street_quota != NULL) && !g_str_equal (command, "limits"))
    return usage (_("--max-file-size and --street-quota go with the command limits"));
  if (g_str_equal (command, "limits"))
    return limits (server, max_file_size, street_quota);
  if (g_str_equal (command, "usage"))
    return show_usage (server);
  if (g_str_equal (command, "collect"))
    return collect (server, TRUE, &error) ? 0 : fail (error);
  if (g_str_equal (command, "serve"))
    {
      g_autoptr(GMainLoop) loop = g_main_loop_new (NULL, FALSE);

      /* Files deleted on every laptop are removed from the disk 30 days
       * later: at start, and once a day while the server runs. */
      collect_cb (server);
      g_timeout_add_seconds (COLLECT_INTERVAL_S, collect_cb, server);

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
