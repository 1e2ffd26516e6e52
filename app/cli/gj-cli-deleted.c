/* gj-cli-deleted.c: the records deleted lately, as the app's Recently
 * Deleted page lists them; "undelete KIND ID" brings one back
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gongjian-cli"

#include "config.h"

#include <glib/gi18n.h>

#include "gj-cli-private.h"
#include "gj-deleted.h"

int
gj_cli_deleted (GjCli *cli)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(JsonBuilder) b = cli->json ? json_builder_new () : NULL;
  gint64 since = g_get_real_time () / G_USEC_PER_SEC - GJ_DELETED_MAX_DAYS * 24 * 3600;
  guint limit = cli->limit ? (guint) g_ascii_strtoull (cli->limit, NULL, 10) : 0;

  if (cli->argc != 0)
    return gj_cli_usage_error (_("deleted takes no arguments"));
  if (!(items = gj_store_list_deleted (cli->store, since, MIN (limit, GJ_DELETED_MAX_ITEMS),
                                       &error)))
    return gj_cli_fail (error);
  if (b != NULL)
    json_builder_begin_array (b);
  for (guint i = 0; i < items->len; i++)
    {
      const GjDeletedItem *item = g_ptr_array_index (items, i);

      if (b == NULL)
        {
          g_autofree char *where = gj_deleted_item_describe (item);

          /* The full id: it is what undelete takes. */
          g_print ("%s  %s  %s  %s\n", item->id, _(item->kind->label), item->title, where);
          continue;
        }
      json_builder_begin_object (b);
      gj_cli_add_string_member (b, "kind", item->kind->name);
      gj_cli_add_string_member (b, "id", item->id);
      gj_cli_add_string_member (b, "title", item->title);
      json_builder_set_member_name (b, "deleted_at");
      json_builder_add_int_value (b, item->deleted_at);
      gj_cli_add_string_member (b, "device", item->site);
      if (item->site_name != NULL)
        gj_cli_add_string_member (b, "device_name", item->site_name);
      json_builder_set_member_name (b, "here");
      json_builder_add_boolean_value (b, item->here);
      json_builder_end_object (b);
    }
  if (b != NULL)
    {
      json_builder_end_array (b);
      gj_cli_print_json (b);
    }
  else if (items->len == 0)
    g_print (_("Nothing deleted in the last %d days.\n"), GJ_DELETED_MAX_DAYS);
  return 0;
}
