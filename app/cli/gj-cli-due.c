/* gj-cli-due.c: what needs doing, as the Overview lists it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gongjian-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "gj-cli-private.h"
#include "gj-dates.h"
#include "gj-due.h"

static void
add_entries_json (JsonBuilder *b,
                  GjDueList    list,
                  GPtrArray   *entries)
{
  for (guint i = 0; i < entries->len; i++)
    {
      GjDueEntry *e = g_ptr_array_index (entries, i);

      json_builder_begin_object (b);
      gj_cli_add_string_member (b, "list", gj_due_list_name (list));
      gj_cli_add_string_member (b, "kind", e->kind->name);
      gj_cli_add_string_member (b, "id", e->id);
      gj_cli_add_string_member (b, "title", e->title);
      gj_cli_add_string_member (b, "subtitle", e->subtitle);
      gj_cli_add_string_member (b, "date", e->date);
      json_builder_set_member_name (b, "days");
      json_builder_add_int_value (b, e->days);
      json_builder_set_member_name (b, "overdue");
      json_builder_add_boolean_value (b, e->overdue);
      json_builder_end_object (b);
    }
}

static void
print_entries (GjDueList  list,
               GPtrArray *entries)
{
  g_print ("%s\n", gj_due_list_title (list));
  if (entries->len == 0)
    g_print ("  %s\n", gj_due_list_empty (list));
  for (guint i = 0; i < entries->len; i++)
    {
      GjDueEntry *e = g_ptr_array_index (entries, i);

      /* TRANSLATORS: separates facts in a one-line summary of a record */
      g_print ("  %s%s%s%s%s\n", e->title, _(" · "), e->subtitle, _(" · "), e->when);
    }
}

int
gj_cli_due (GjCli *cli)
{
  g_autofree char *today = gj_dates_today ();
  g_autoptr(JsonBuilder) b = cli->json ? json_builder_new () : NULL;

  if (cli->argc != 0)
    return gj_cli_usage_error (_("due takes no arguments"));
  if (b != NULL)
    json_builder_begin_array (b);
  for (GjDueList list = 0; list < GJ_DUE_N_LISTS; list++)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) entries = gj_due_list (cli->store, list, today, &error);

      if (entries == NULL)
        return gj_cli_fail (error);
      if (b != NULL)
        add_entries_json (b, list, entries);
      else
        print_entries (list, entries);
    }
  if (b != NULL)
    {
      json_builder_end_array (b);
      gj_cli_print_json (b);
    }
  return 0;
}
