/* gj-site-names.c: the names of the devices behind site ids
 *
 * Changes carry a site id, 32 random hex digits, which tell a person
 * nothing. Each device tells its peers its own name and the names it
 * learnt, in the pages it sends (gj-changeset.c), and each keeps them in
 * the table site_name (migration 5), so that a history can say which
 * colleague's laptop made a change. A name is only ever shown: one that
 * is wrong or missing costs nothing but the short id in its place.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-site-names"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gj-site-names.h"
#include "gj-store-private.h"

const char *
gj_device_name (void)
{
  const char *name = g_getenv ("GJ_DEVICE_NAME");

  return name != NULL && gj_site_name_is_valid (name) ? name : g_get_host_name ();
}

gboolean
gj_site_name_is_valid (const char *name)
{
  glong n = 0;
  gboolean blank = TRUE;

  if (name == NULL || !g_utf8_validate (name, -1, NULL))
    return FALSE;
  for (const char *p = name; *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);
      GUnicodeType type = g_unichar_type (c);

      if (++n > GJ_SITE_NAME_MAX_CHARS || type == G_UNICODE_CONTROL || type == G_UNICODE_FORMAT ||
          type == G_UNICODE_LINE_SEPARATOR || type == G_UNICODE_PARAGRAPH_SEPARATOR ||
          type == G_UNICODE_UNASSIGNED || type == G_UNICODE_SURROGATE)
        return FALSE;
      blank = blank && g_unichar_isspace (c);
    }
  return !blank;
}

char *
gj_store_dup_site_name (GjStore    *self,
                        const char *site)
{
  sqlite3_stmt *stmt;
  char *name = NULL;

  g_return_val_if_fail (GJ_IS_STORE (self), NULL);

  if (site == NULL)
    return NULL;
  if (g_str_equal (site, gj_store_get_site_id (self)))
    return gj_site_name_is_valid (gj_device_name ()) ? g_strdup (gj_device_name ()) : NULL;
  stmt = gj_store_prepare (self, "SELECT name FROM site_name WHERE id = ?", NULL);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, site, -1, SQLITE_STATIC);
  /* The file is trusted no more than a peer: what is shown is checked. */
  if (sqlite3_step (stmt) == SQLITE_ROW &&
      gj_site_name_is_valid ((const char *) sqlite3_column_text (stmt, 0)))
    name = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  return name;
}

gboolean
gj_store_set_site_name (GjStore     *self,
                        const char  *site,
                        const char  *name,
                        GError     **error)
{
  sqlite3_stmt *stmt;
  int rc;

  g_return_val_if_fail (GJ_IS_STORE (self), FALSE);

  if (!gj_site_id_is_valid (site) || !gj_site_name_is_valid (name) ||
      g_str_equal (site, gj_store_get_site_id (self)))
    return TRUE;
  /* A device that was renamed says so in its next page; the last name
   * told wins. Writing only a change keeps the file still when nothing is
   * new, which is every page but the first. */
  stmt = gj_store_prepare (self, "INSERT INTO site_name (id, name) VALUES (?, ?) "
                           "ON CONFLICT (id) DO UPDATE SET name = excluded.name "
                           "WHERE name IS NOT excluded.name", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, site, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, name, -1, SQLITE_STATIC);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  sqlite3_clear_bindings (stmt);
  if (rc != SQLITE_DONE)
    return gj_store_sql_error (self, rc, error);
  return TRUE;
}

char *
gj_site_describe (gboolean    here,
                  const char *site,
                  const char *name)
{
  if (here)
    return g_strdup (_("this device"));
  if (name != NULL)
    return g_strdup (name);
  return g_strdup_printf (_("device %.8s"), site ? site : "");
}
