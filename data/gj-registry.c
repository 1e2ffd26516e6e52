/* gj-registry.c: devices allowed to sync here, and enrolment tokens
 *
 * Kept in its own SQLite file beside the store (the server's registry.db,
 * a laptop's peers.db in its identity folder): none of it is synced, and a
 * copy of the records must never carry who may connect.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-registry"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "gj-data-error.h"
#include "gj-registry.h"

struct _GjRegistry
{
  GObject  parent_instance;
  sqlite3 *db;
  char    *path;
};

G_DEFINE_FINAL_TYPE (GjRegistry, gj_registry, G_TYPE_OBJECT)

static void
gj_registry_finalize (GObject *object)
{
  GjRegistry *self = GJ_REGISTRY (object);

  if (self->db)
    sqlite3_close_v2 (self->db);
  g_free (self->path);
  G_OBJECT_CLASS (gj_registry_parent_class)->finalize (object);
}

static void
gj_registry_class_init (GjRegistryClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gj_registry_finalize;
}

static void
gj_registry_init (GjRegistry *self)
{
}

void
gj_device_free (GjDevice *d)
{
  if (d == NULL)
    return;
  g_free (d->id);
  g_free (d->name);
  g_free (d->street_name);
  g_free (d->street_id);
  g_free (d->url);
  g_free (d);
}

static gboolean
sql_failed (GjRegistry  *self,
            GError     **error)
{
  g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_IO, _("Device registry “%s”: %s"),
               self->path, sqlite3_errmsg (self->db));
  return FALSE;
}

static sqlite3_stmt *
prepare (GjRegistry  *self,
         const char  *sql,
         GError     **error)
{
  sqlite3_stmt *stmt = NULL;

  if (sqlite3_prepare_v2 (self->db, sql, -1, &stmt, NULL) != SQLITE_OK)
    {
      sql_failed (self, error);
      return NULL;
    }
  return stmt;
}

G_DEFINE_AUTOPTR_CLEANUP_FUNC (sqlite3_stmt, sqlite3_finalize)

GjRegistry *
gj_registry_open (const char  *path,
                  GError     **error)
{
  g_autoptr(GjRegistry) self = g_object_new (GJ_TYPE_REGISTRY, NULL);

  self->path = g_strdup (path);
  if (sqlite3_open_v2 (path, &self->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK)
    {
      sql_failed (self, error);
      return NULL;
    }
  sqlite3_busy_timeout (self->db, 5000);
  if (sqlite3_exec (self->db,
                    "PRAGMA journal_mode = WAL;"
                    "CREATE TABLE IF NOT EXISTS token (hash TEXT PRIMARY KEY, street_name TEXT NOT NULL,"
                    " created INTEGER NOT NULL, expires INTEGER NOT NULL, used_by TEXT);"
                    "CREATE TABLE IF NOT EXISTS device (id TEXT PRIMARY KEY, name TEXT,"
                    " street_name TEXT NOT NULL, street_id TEXT, enrolled INTEGER NOT NULL,"
                    " last_seen INTEGER NOT NULL DEFAULT 0, revoked INTEGER NOT NULL DEFAULT 0,"
                    " url TEXT);",
                    NULL, NULL, NULL) != SQLITE_OK)
    {
      sql_failed (self, error);
      return NULL;
    }
  /* Registries made before laptops could pair have no url column. */
  sqlite3_exec (self->db, "ALTER TABLE device ADD COLUMN url TEXT", NULL, NULL, NULL);
  g_chmod (path, 0600);
  return g_steal_pointer (&self);
}

static char *
hash_token (const char *token)
{
  return g_compute_checksum_for_string (G_CHECKSUM_SHA256, token, -1);
}

char *
gj_registry_create_token (GjRegistry  *self,
                          const char  *street_name,
                          gint64       valid_seconds,
                          GError     **error)
{
  static const char alphabet[] = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  g_autoptr(sqlite3_stmt) stmt = NULL;
  g_autofree char *hash = NULL;
  char secret[21];
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;

  g_return_val_if_fail (GJ_IS_REGISTRY (self), NULL);

  for (guint i = 0; i < 20; i++)
    secret[i] = alphabet[g_random_int_range (0, sizeof alphabet - 1)];
  secret[20] = '\0';
  hash = hash_token (secret);

  stmt = prepare (self, "INSERT INTO token (hash, street_name, created, expires) VALUES (?, ?, ?, ?)",
                  error);
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, hash, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, street_name, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 3, now);
  sqlite3_bind_int64 (stmt, 4, now + valid_seconds);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    {
      sql_failed (self, error);
      return NULL;
    }
  return g_strdup (secret);
}

/* The street of a token that @device_id may redeem: one not used yet and
 * not expired, or one this same device already redeemed. The second case is
 * what makes enrolment idempotent: a laptop whose reply was lost (killed,
 * network gone) asks again with the same token and certificate and gets the
 * same answer, while any other device is still refused. *again tells which. */
static char *
usable_token_street (GjRegistry  *self,
                     const char  *hash,
                     const char  *device_id,
                     gboolean    *again,
                     GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (self, "SELECT street_name, expires, used_by "
                                          "FROM token WHERE hash = ?", error);
  g_autofree char *street = NULL;
  g_autofree char *used_by = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gint64 expires = 0;

  *again = FALSE;
  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, hash, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    {
      street = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
      expires = sqlite3_column_int64 (stmt, 1);
      used_by = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
    }
  /* The device already holds the enrolment; answering it again after the
   * token expired gives nothing away. */
  if (street != NULL && used_by != NULL && device_id != NULL && g_str_equal (used_by, device_id))
    {
      *again = TRUE;
      return g_steal_pointer (&street);
    }
  if (street == NULL || used_by != NULL || expires < now)
    {
      g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_NOT_FOUND, "%s",
                   street == NULL ? _("This enrolment token is not known to the server; check it "
                                      "with the district administrator")
                   : used_by != NULL ? _("This enrolment token was already used; ask the district "
                                         "administrator for a new one")
                                     : _("This enrolment token has expired (tokens are valid for 24 "
                                         "hours); ask the district administrator for a new one"));
      return NULL;
    }
  return g_steal_pointer (&street);
}

char *
gj_registry_token_street (GjRegistry  *self,
                          const char  *token,
                          const char  *device_id,
                          gboolean    *again,
                          GError     **error)
{
  g_autofree char *hash = hash_token (token);
  gboolean dummy;

  g_return_val_if_fail (GJ_IS_REGISTRY (self), NULL);
  return usable_token_street (self, hash, device_id, again ? again : &dummy, error);
}

char *
gj_registry_redeem_token (GjRegistry  *self,
                          const char  *token,
                          const char  *device_id,
                          const char  *device_name,
                          const char  *street_id,
                          GError     **error)
{
  g_autofree char *hash = hash_token (token);
  g_autofree char *street = NULL;
  g_autoptr(GjDevice) existing = NULL;
  gint64 now = g_get_real_time () / G_USEC_PER_SEC;
  gboolean again;

  g_return_val_if_fail (GJ_IS_REGISTRY (self), NULL);
  g_return_val_if_fail (device_id != NULL && street_id != NULL, NULL);

  if (sqlite3_exec (self->db, "BEGIN IMMEDIATE", NULL, NULL, NULL) != SQLITE_OK)
    {
      sql_failed (self, error);
      return NULL;
    }
  street = usable_token_street (self, hash, device_id, &again, error);
  if (street == NULL)
    goto fail;
  existing = gj_registry_lookup (self, device_id);
  if (existing != NULL && existing->revoked)
    {
      g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_READ_ONLY,
                   _("This device was revoked by the district administrator"));
      g_clear_pointer (&street, g_free);
      goto fail;
    }
  /* A repeated redemption answers what the first one recorded: the street
   * id is never changed by asking again. */
  if (again && existing != NULL && existing->street_id != NULL)
    {
      sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
      return g_steal_pointer (&street);
    }
  {
    /* The token, the device and its street are written in one transaction,
     * so a server stopped half way leaves either a usable token or an
     * enrolled device, never a used token without its device. */
    g_autoptr(sqlite3_stmt) use = prepare (self, "UPDATE token SET used_by = ? WHERE hash = ?", error);
    g_autoptr(sqlite3_stmt) add = prepare (self, "INSERT INTO device (id, name, street_name, street_id, "
                                           "enrolled) VALUES (?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE "
                                           "SET name = excluded.name, street_name = excluded.street_name, "
                                           "street_id = excluded.street_id",
                                           error);
    if (use == NULL || add == NULL)
      goto fail;
    sqlite3_bind_text (use, 1, device_id, -1, SQLITE_STATIC);
    sqlite3_bind_text (use, 2, hash, -1, SQLITE_STATIC);
    sqlite3_bind_text (add, 1, device_id, -1, SQLITE_STATIC);
    sqlite3_bind_text (add, 2, device_name, -1, SQLITE_STATIC);
    sqlite3_bind_text (add, 3, street, -1, SQLITE_STATIC);
    sqlite3_bind_text (add, 4, street_id, -1, SQLITE_STATIC);
    sqlite3_bind_int64 (add, 5, now);
    if (sqlite3_step (use) != SQLITE_DONE || sqlite3_step (add) != SQLITE_DONE)
      {
        sql_failed (self, error);
        goto fail;
      }
  }
  if (sqlite3_exec (self->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
    {
      sql_failed (self, error);
      goto fail;
    }
  return g_steal_pointer (&street);

fail:
  sqlite3_exec (self->db, "ROLLBACK", NULL, NULL, NULL);
  g_free (street);
  return NULL;
}

gboolean
gj_registry_set_street_id (GjRegistry  *self,
                           const char  *device_id,
                           const char  *street_id,
                           GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (self, "UPDATE device SET street_id = ? WHERE id = ?", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, street_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, device_id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return sql_failed (self, error);
  return TRUE;
}

char *
gj_registry_street_id_for (GjRegistry *self,
                           const char *street_name)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (self, "SELECT street_id FROM device WHERE street_name = ? "
                                          "AND street_id IS NOT NULL LIMIT 1", NULL);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, street_name, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    return g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  return NULL;
}

static GjDevice *
device_from_row (sqlite3_stmt *stmt)
{
  GjDevice *d = g_new0 (GjDevice, 1);

  d->id = g_strdup ((const char *) sqlite3_column_text (stmt, 0));
  d->name = g_strdup ((const char *) sqlite3_column_text (stmt, 1));
  d->street_name = g_strdup ((const char *) sqlite3_column_text (stmt, 2));
  d->street_id = g_strdup ((const char *) sqlite3_column_text (stmt, 3));
  d->enrolled = sqlite3_column_int64 (stmt, 4);
  d->last_seen = sqlite3_column_int64 (stmt, 5);
  d->revoked = sqlite3_column_int (stmt, 6) != 0;
  d->url = g_strdup ((const char *) sqlite3_column_text (stmt, 7));
  return d;
}

#define DEVICE_COLUMNS "id, name, street_name, street_id, enrolled, last_seen, revoked, url"

GjDevice *
gj_registry_lookup (GjRegistry *self,
                    const char *device_id)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (self, "SELECT " DEVICE_COLUMNS " FROM device WHERE id = ?",
                                          NULL);

  if (stmt == NULL)
    return NULL;
  sqlite3_bind_text (stmt, 1, device_id, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) == SQLITE_ROW)
    return device_from_row (stmt);
  return NULL;
}

void
gj_registry_touch (GjRegistry *self,
                   const char *device_id)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (self, "UPDATE device SET last_seen = ? WHERE id = ?", NULL);

  if (stmt == NULL)
    return;
  sqlite3_bind_int64 (stmt, 1, g_get_real_time () / G_USEC_PER_SEC);
  sqlite3_bind_text (stmt, 2, device_id, -1, SQLITE_STATIC);
  sqlite3_step (stmt);
}

GPtrArray *
gj_registry_list (GjRegistry  *self,
                  GError     **error)
{
  g_autoptr(sqlite3_stmt) stmt = prepare (self, "SELECT " DEVICE_COLUMNS " FROM device "
                                          "ORDER BY street_name, enrolled", error);
  GPtrArray *out;
  int rc;

  if (stmt == NULL)
    return NULL;
  out = g_ptr_array_new_with_free_func ((GDestroyNotify) gj_device_free);
  while ((rc = sqlite3_step (stmt)) == SQLITE_ROW)
    g_ptr_array_add (out, device_from_row (stmt));
  if (rc != SQLITE_DONE)
    {
      g_ptr_array_unref (out);
      sql_failed (self, error);
      return NULL;
    }
  return out;
}

char *
gj_registry_revoke (GjRegistry  *self,
                    const char  *id_prefix,
                    GError     **error)
{
  g_autoptr(GPtrArray) all = NULL;
  char *found = NULL;
  guint n = 0;

  if (strlen (id_prefix) < 8)
    {
      g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_NOT_FOUND,
                   _("Give at least 8 characters of the device id"));
      return NULL;
    }
  if (!(all = gj_registry_list (self, error)))
    return NULL;
  for (guint i = 0; i < all->len; i++)
    {
      GjDevice *d = g_ptr_array_index (all, i);
      if (g_str_has_prefix (d->id, id_prefix))
        {
          n++;
          found = d->id;
        }
    }
  if (n != 1)
    {
      g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_NOT_FOUND,
                   n == 0 ? _("No enrolled device has the id “%s”")
                          : _("“%s” matches more than one device; give more of the id"),
                   id_prefix);
      return NULL;
    }
  {
    g_autoptr(sqlite3_stmt) stmt = prepare (self, "UPDATE device SET revoked = 1 WHERE id = ?", error);
    if (stmt == NULL)
      return NULL;
    sqlite3_bind_text (stmt, 1, found, -1, SQLITE_STATIC);
    if (sqlite3_step (stmt) != SQLITE_DONE)
      {
        sql_failed (self, error);
        return NULL;
      }
  }
  return g_strdup (found);
}

gboolean
gj_registry_add_pending (GjRegistry  *self,
                         const char  *device_id,
                         const char  *device_name,
                         const char  *street_name,
                         const char  *url,
                         GError     **error)
{
  g_autoptr(GjDevice) existing = gj_registry_lookup (self, device_id);
  g_autoptr(sqlite3_stmt) stmt = NULL;

  if (existing != NULL && existing->revoked)
    {
      g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_READ_ONLY,
                   _("This laptop was unpaired here; it cannot pair again"));
      return FALSE;
    }
  if (existing != NULL && existing->street_id != NULL)
    return TRUE;
  stmt = prepare (self, "INSERT INTO device (id, name, street_name, enrolled, url) VALUES (?, ?, ?, ?, ?) "
                  "ON CONFLICT (id) DO UPDATE SET name = excluded.name, "
                  "street_name = excluded.street_name, url = excluded.url", error);
  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, device_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, device_name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, street_name ? street_name : "", -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 4, g_get_real_time () / G_USEC_PER_SEC);
  sqlite3_bind_text (stmt, 5, url, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return sql_failed (self, error);
  return TRUE;
}

gboolean
gj_registry_set_paired (GjRegistry  *self,
                        const char  *device_id,
                        const char  *device_name,
                        const char  *street_name,
                        const char  *street_id,
                        const char  *url,
                        GError     **error)
{
  /* A later address replaces an earlier one; a missing one keeps it. */
  g_autoptr(sqlite3_stmt) stmt = prepare (self, "INSERT INTO device (id, name, street_name, street_id, "
                                          "enrolled, url) VALUES (?, ?, ?, ?, ?, ?) "
                                          "ON CONFLICT (id) DO UPDATE SET "
                                          "name = coalesce (excluded.name, name), "
                                          "street_id = excluded.street_id, revoked = 0, "
                                          "url = coalesce (excluded.url, url)", error);

  if (stmt == NULL)
    return FALSE;
  sqlite3_bind_text (stmt, 1, device_id, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 2, device_name, -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 3, street_name ? street_name : "", -1, SQLITE_STATIC);
  sqlite3_bind_text (stmt, 4, street_id, -1, SQLITE_STATIC);
  sqlite3_bind_int64 (stmt, 5, g_get_real_time () / G_USEC_PER_SEC);
  sqlite3_bind_text (stmt, 6, url, -1, SQLITE_STATIC);
  if (sqlite3_step (stmt) != SQLITE_DONE)
    return sql_failed (self, error);
  return TRUE;
}
