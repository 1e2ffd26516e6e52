/* gj-cli-door.c: what every argument must be before anything is opened
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gongjian-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <string.h>

#include "gj-cli-private.h"
#include "gj-data-error.h"

/* The door: what every argument must be before anything is opened for
 * writing. Text that is not UTF-8 would otherwise reach the database and
 * stop every later sync of this laptop, so it is refused here with the
 * option or field named. A terminal set to a legacy locale (GB18030) sends
 * its own bytes; those are converted, as GOption would, when they are not
 * already UTF-8. */
static gboolean
door_text (const char  *what,
           char       **text,
           GError     **error)
{
  char *converted;

  if (*text == NULL || g_utf8_validate (*text, -1, NULL))
    return TRUE;
  if (!g_get_charset (NULL) &&
      (converted = g_locale_to_utf8 (*text, -1, NULL, NULL, NULL)) != NULL)
    {
      g_free (*text);
      *text = converted;
      return TRUE;
    }
  g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID,
               _("%s: the text is not UTF-8 (perhaps GBK from another program); "
                 "convert it to UTF-8 and try again"), what);
  return FALSE;
}

/* Tab and newline belong in a description; other control characters are
 * invisible on screen, break tables and exports, and are never typed on
 * purpose. */
static gboolean
door_no_control (const char  *what,
                 const char  *text,
                 GError     **error)
{
  for (const char *p = text; p != NULL && *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c != '\t' && c != '\n' && g_unichar_iscntrl (c))
        {
          g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID,
                       _("%s: the text contains an invisible control character (U+%04X); "
                         "remove it and try again"), what, c);
          return FALSE;
        }
    }
  return TRUE;
}

/* A whole number within [min, max]: no sign, no spaces, nothing after it. */
static gboolean
door_number (const char  *option,
             const char  *text,
             guint64      min,
             guint64      max,
             guint64     *value,
             GError     **error)
{
  if (!g_ascii_string_to_unsigned (text, 10, min, max, value, NULL))
    {
      g_autofree char *shown = g_utf8_make_valid (text, -1);
      /* Formatted apart: xgettext cannot read a msgid around G_GUINT64_FORMAT. */
      g_autofree char *lo = g_strdup_printf ("%" G_GUINT64_FORMAT, min);
      g_autofree char *hi = g_strdup_printf ("%" G_GUINT64_FORMAT, max);

      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("%s: “%s” is not a whole number from %s to %s"), option, shown, lo, hi);
      return FALSE;
    }
  return TRUE;
}

/* The port of a --listen value: all of PORT, or what follows ADDR: or
 * [IPV6]:, or NULL when only an address is given. */
static const char *
listen_port_text (const char *listen)
{
  const char *colon = strrchr (listen, ':');

  if (listen[0] == '[')
    {
      const char *close = strchr (listen, ']');
      return close != NULL && close[1] == ':' ? close + 2 : NULL;
    }
  if (colon == NULL)
    return g_ascii_isdigit (listen[0]) && strchr (listen, '.') == NULL ? listen : NULL;
  return strchr (listen, ':') == colon ? colon + 1 : NULL;
}

/* Checks and converts the options and the command's arguments in place;
 * argv strings replaced by converted copies are kept in @owned. */
gboolean
gj_cli_check_door (GjCli               *cli,
                   const GjCliCommand  *command,
                   char               **filter_specs,
                   int                  argc,
                   char               **argv,
                   GPtrArray           *owned,
                   GError             **error)
{
  struct { const char *name; char **value; gboolean is_name; } texts[] = {
    { "--search", &cli->search, FALSE },
    { "--limit", &cli->limit, FALSE },
    { "--since", &cli->since, FALSE },
    { "--seed", &cli->seed, FALSE },
    { "--street", &cli->street, TRUE },
    { "--district", &cli->district, TRUE },
    { "--station", &cli->station, TRUE },
    { "--year", &cli->year, FALSE },
    { "--peer", &cli->peer, FALSE },
    { "--listen", &cli->listen, FALSE },
    { "--sheet", &cli->sheet, FALSE },
    { "--on-match", &cli->on_match, FALSE },
    { "--period", &cli->period, FALSE },
    { "--from", &cli->from, FALSE },
    { "--to", &cli->to, FALSE },
    { "--fetch-limit", &cli->fetch_limit, FALSE },
    { "--name", &cli->name, TRUE },
  };
  gboolean kind_first = (command->flags & GJ_CLI_KIND_FIRST) != 0;
  gboolean listens = (command->flags & GJ_CLI_LISTENS) != 0;
  /* FIELD=VALUE follows KIND, or KIND and ID. */
  int first_assignment = (command->flags & GJ_CLI_KIND_ID) ? 2 : 1;
  const GjKind *kind = NULL;
  guint64 n;

  /* Commands known to print text only: --json with them would leave a
   * script parsing prose. The others decide for themselves. */
  if (cli->json && (command->flags & GJ_CLI_TEXT_ONLY))
    {
      g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                   _("%s does not print JSON; leave out --json"), command->name);
      return FALSE;
    }

  for (guint i = 0; i < G_N_ELEMENTS (texts); i++)
    {
      g_autofree char *stripped = NULL;

      if (*texts[i].value == NULL)
        continue;
      if (!door_text (texts[i].name, texts[i].value, error))
        return FALSE;
      /* An empty value is a slip of the shell (an unset variable), never a
       * name or a number anyone meant. */
      stripped = g_strstrip (g_strdup (*texts[i].value));
      if (stripped[0] == '\0' && !g_str_equal (texts[i].name, "--search"))
        {
          g_set_error (error, G_OPTION_ERROR, G_OPTION_ERROR_BAD_VALUE,
                       _("%s is empty; give it a value or leave it out"), texts[i].name);
          return FALSE;
        }
      if (texts[i].is_name && !door_no_control (texts[i].name, *texts[i].value, error))
        return FALSE;
    }
  for (guint i = 0; filter_specs != NULL && filter_specs[i] != NULL; i++)
    if (!door_text ("--filter", &filter_specs[i], error))
      return FALSE;
  for (guint i = 0; cli->maps != NULL && cli->maps[i] != NULL; i++)
    if (!door_text ("--map", &cli->maps[i], error))
      return FALSE;

  if ((cli->limit && !door_number ("--limit", cli->limit, 0, G_MAXUINT, &n, error)) ||
      (cli->since && !door_number ("--since", cli->since, 0, G_MAXINT64, &n, error)) ||
      (cli->seed && !door_number ("--seed", cli->seed, 0, G_MAXUINT32, &n, error)) ||
      (cli->year && !door_number ("--year", cli->year, 1000, 9999, &n, error)))
    return FALSE;
  if (cli->listen != NULL)
    {
      const char *port = listen_port_text (cli->listen);

      if (port == NULL && !listens)
        port = "";
      /* Port 0 asks the system for a free port, which only a listener may. */
      if (port != NULL && !door_number ("--listen", port, listens ? 0 : 1, 65535, &n, error))
        return FALSE;
    }

  if (command->flags & GJ_CLI_PATHS)
    return TRUE;
  if (argc > 0 && kind_first)
    kind = gj_schema_lookup (argv[0]);
  for (int i = 0; i < argc; i++)
    {
      const char *eq = strchr (argv[i], '=');
      gboolean assignment = (command->flags & GJ_CLI_ASSIGNS) && i >= first_assignment;
      g_autofree char *what = NULL;
      char *text = argv[i];

      if (assignment && eq != NULL && eq != argv[i])
        {
          g_autofree char *name = g_utf8_make_valid (argv[i], eq - argv[i]);
          const GjField *field = kind ? gj_kind_field (kind, name) : NULL;

          what = g_strdup (field ? _(field->label) : name);
        }
      else if (i == 0 && kind_first)
        what = g_strdup ("KIND");
      else if (i == 1 && (command->flags & GJ_CLI_KIND_ID))
        what = g_strdup ("ID");
      else if (command->flags & GJ_CLI_SEARCH_TEXT)
        what = g_strdup (_("search text"));
      else
        /* TRANSLATORS: %d counts the command's arguments from 1 */
        what = g_strdup_printf (_("argument %d"), i + 1);

      text = g_strdup (argv[i]);
      if (!door_text (what, &text, error))
        {
          g_free (text);
          return FALSE;
        }
      g_ptr_array_add (owned, text);
      argv[i] = text;
      if (assignment && !door_no_control (what, strchr (text, '=') ? strchr (text, '=') + 1 : text,
                                          error))
        return FALSE;
    }
  return TRUE;
}
