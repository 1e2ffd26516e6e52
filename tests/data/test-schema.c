/* test-schema.c: the schema only grows, and every database follows it
 *
 * tests/data/schema/wire-N.txt is the set of kinds and fields of wire
 * version N as released, one "kind#index position field type" per line.
 * A release freezes the version it ships by adding its file
 * (GJ_SCHEMA_LIST_PRINT=N prints the list to check in); from then on a
 * field added without a newer .since, renamed, moved, retyped or removed
 * fails here, because older peers and databases depend on every one of
 * them. The version under development (GJ_SCHEMA_WIRE_VERSION without a
 * file) is still free to grow: adding a field touches only the schema.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <sqlite3.h>
#include <string.h>

#include "gj-clock-blob.h"
#include "gj-store.h"
#include "gj-test-store.h"

/* The kinds and fields of wire version @version, as the code declares them. */
static char *
schema_list (guint version)
{
  GString *out = g_string_new (NULL);

  for (guint k = 0; k < gj_schema_n_kinds (); k++)
    {
      const GjKind *kind = gj_schema_kind (k);

      if (MAX (kind->since, 1) > version)
        continue;
      for (guint f = 0; f < kind->n_fields; f++)
        if (MAX (kind->fields[f].since, 1) <= version)
          g_string_append_printf (out, "%s#%u %u %s %s\n", kind->name, kind->index, f,
                                  kind->fields[f].name, gj_field_type_name (kind->fields[f].type));
    }
  return g_string_free (out, FALSE);
}

static void
test_frozen_lists (void)
{
  for (guint v = 1; v <= GJ_SCHEMA_WIRE_VERSION; v++)
    {
      g_autofree char *name = g_strdup_printf ("wire-%u.txt", v);
      g_autofree char *path = g_test_build_filename (G_TEST_DIST, "data", "schema", name, NULL);
      g_autofree char *frozen = NULL;
      g_autofree char *now = schema_list (v);
      g_autoptr(GError) error = NULL;

      if (v == GJ_SCHEMA_WIRE_VERSION && !g_file_test (path, G_FILE_TEST_EXISTS))
        continue;
      if (!g_file_get_contents (path, &frozen, NULL, &error))
        g_error ("wire version %u has no frozen list: %s (run this test with "
                 "GJ_SCHEMA_LIST_PRINT=%u and check its output in as %s)", v, error->message, v, path);
      g_assert_cmpstr (now, ==, frozen);
    }
}

/* A name never returns: no field of any version has the name of another
 * of its kind, and none is "deleted" or a name the wire would refuse. */
static void
test_names (void)
{
  for (guint k = 0; k < gj_schema_n_kinds (); k++)
    {
      const GjKind *kind = gj_schema_kind (k);
      g_autoptr(GHashTable) seen = g_hash_table_new (g_str_hash, g_str_equal);

      g_assert_true (gj_schema_name_is_valid (kind->name));
      for (guint f = 0; f < kind->n_fields; f++)
        {
          const char *n = kind->fields[f].name;

          g_assert_true (gj_schema_name_is_valid (n));
          g_assert_cmpstr (n, !=, GJ_DELETED_FIELD_NAME);
          g_assert_false (g_hash_table_contains (seen, n));
          g_hash_table_add (seen, (gpointer) n);
        }
    }
  g_assert_false (gj_schema_name_is_valid ("Colour"));
  g_assert_false (gj_schema_name_is_valid ("_x"));
  g_assert_false (gj_schema_name_is_valid (""));
  g_assert_false (gj_schema_name_is_valid ("a b"));
}

/* Clock slots: the tombstone stays where the kind's first release put it,
 * and fields added later go after it. */
static void
test_slots (void)
{
  const GjKind *org = gj_schema_lookup ("organization");
  guint base = org->n_base_fields;

  g_assert_cmpuint (base, <, org->n_fields);
  g_assert_cmpuint (gj_kind_clock_slot (org, org->n_fields), ==, base);
  for (guint c = 0; c < base; c++)
    g_assert_cmpuint (gj_kind_clock_slot (org, c), ==, c);
  for (guint c = base; c < org->n_fields; c++)
    g_assert_cmpuint (gj_kind_clock_slot (org, c), ==, c + 1);
  for (guint c = 0; c <= org->n_fields; c++)
    g_assert_cmpint (gj_kind_slot_column (org, gj_kind_clock_slot (org, c)), ==, (int) c);
  g_assert_cmpint (gj_kind_slot_column (org, org->n_fields + 1), ==, -1);
}

static void
exec_sql (const char *path,
          const char *sql)
{
  sqlite3 *db = NULL;

  g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_exec (db, sql, NULL, NULL, NULL), ==, SQLITE_OK);
  sqlite3_close (db);
}

/* A database made before a field or a kind existed (columns and a table
 * removed here, as a version without them left it) gets them on open and
 * keeps every record, readable and writable. */
static void
test_reconcile (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = gj_test_db_path (&dir);
  g_autoptr(GError) error = NULL;
  g_autofree char *org_id = NULL;

  {
    g_autoptr(GjStore) store = gj_store_open (path, &error);
    g_autoptr(GjRecord) rec = gj_record_new_for ("organization");

    g_assert_no_error (error);
    gj_record_set_text (rec, "name", "东湖社区银龄互助会");
    gj_record_set_text (rec, "category", "charity");
    gj_record_set_text (rec, "legal_form", "social_group");
    g_assert_true (gj_store_insert (store, rec, &error));
    org_id = g_strdup (rec->id);
  }
  exec_sql (path, "ALTER TABLE organization DROP COLUMN registration_authority;"
                  "ALTER TABLE organization DROP COLUMN annual_report_year;"
                  "DROP INDEX activity_organization_id;"
                  "ALTER TABLE activity DROP COLUMN organization_id;"
                  "DROP TABLE attachment;");
  {
    g_autoptr(GjStore) store = gj_store_open (path, &error);
    g_autoptr(GjRecord) rec = NULL;
    g_autoptr(GjRecord) att = gj_record_new_for ("attachment");

    g_assert_no_error (error);
    rec = gj_store_get (store, gj_schema_lookup ("organization"), org_id, &error);
    g_assert_no_error (error);
    g_assert_cmpstr (gj_record_get_text (rec, "name"), ==, "东湖社区银龄互助会");
    g_assert_null (gj_record_get_text (rec, "registration_authority"));
    gj_record_set_text (rec, "registration_authority", "东湖区民政局");
    g_assert_true (gj_store_update (store, rec, GJ_WRITE_NONE, &error));
    g_assert_no_error (error);

    gj_record_set_text (att, "name", "协议扫描件.pdf");
    gj_record_set_text (att, "sha256",
                        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    gj_record_set_text (att, "owner_kind", "organization");
    gj_record_set_text (att, "owner_id", org_id);
    g_assert_true (gj_store_insert (store, att, &error));
    g_assert_no_error (error);
  }
  {
    g_autoptr(GjStore) store = gj_store_open (path, &error);
    g_autoptr(GjRecord) rec = gj_store_get (store, gj_schema_lookup ("organization"), org_id, &error);

    g_assert_no_error (error);
    g_assert_cmpstr (gj_record_get_text (rec, "registration_authority"), ==, "东湖区民政局");
    g_assert_cmpint (gj_store_count (store, gj_schema_lookup ("attachment"), NULL, NULL), ==, 1);
  }
  gj_test_db_remove (dir, path);
}

/* The tombstone's clock is read from and written to its own slot, the
 * one release 0.2.0 used, also in a row that has a field added since. */
static void
test_tombstone_slot_on_disk (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = gj_test_db_path (&dir);
  g_autoptr(GError) error = NULL;
  const GjKind *org = gj_schema_lookup ("organization");
  g_autofree char *id = NULL;
  guint64 deleted_hlc = 0, authority_hlc = 0;

  {
    g_autoptr(GjStore) store = gj_store_open (path, &error);
    g_autoptr(GjRecord) rec = gj_record_new_for ("organization");

    gj_record_set_text (rec, "name", "东湖社区银龄互助会");
    gj_record_set_text (rec, "category", "charity");
    gj_record_set_text (rec, "legal_form", "social_group");
    gj_record_set_text (rec, "registration_authority", "东湖区民政局");
    g_assert_true (gj_store_insert (store, rec, &error));
    id = g_strdup (rec->id);
    g_assert_true (gj_store_delete (store, org, id, &error));
    g_assert_no_error (error);
  }
  {
    sqlite3 *db = NULL;
    sqlite3_stmt *stmt = NULL;
    GjClockEntry slots[GJ_SCHEMA_MAX_FIELDS + 1];

    g_assert_cmpint (sqlite3_open (path, &db), ==, SQLITE_OK);
    g_assert_cmpint (sqlite3_prepare_v2 (db, "SELECT _clk, _ver FROM organization WHERE id = ?", -1,
                                         &stmt, NULL), ==, SQLITE_OK);
    sqlite3_bind_text (stmt, 1, id, -1, SQLITE_STATIC);
    g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
    g_assert_true (gj_clock_blob_decode (sqlite3_column_blob (stmt, 0), sqlite3_column_bytes (stmt, 0),
                                         sqlite3_column_int64 (stmt, 1), slots, org->n_fields + 1));
    deleted_hlc = slots[org->n_base_fields].hlc;
    authority_hlc = slots[gj_kind_clock_slot (org, gj_kind_field_index (org, "registration_authority"))].hlc;
    sqlite3_finalize (stmt);
    sqlite3_close (db);
  }
  /* The delete came after the insert: a later clock in the tombstone slot. */
  g_assert_cmpuint (deleted_hlc, >, authority_hlc);
  g_assert_cmpuint (authority_hlc, >, 0);
  {
    g_autoptr(GjStore) store = gj_store_open (path, &error);
    g_autoptr(GjRecord) rec = gj_store_get (store, org, id, &error);

    g_assert_no_error (error);
    g_assert_true (gj_record_is_deleted (rec));
    g_assert_cmpstr (gj_record_get_text (rec, "registration_authority"), ==, "东湖区民政局");
  }
  gj_test_db_remove (dir, path);
}

int
main (int   argc,
      char *argv[])
{
  const char *print = g_getenv ("GJ_SCHEMA_LIST_PRINT");

  if (print != NULL)
    {
      g_autofree char *list = schema_list ((guint) g_ascii_strtoull (print, NULL, 10));
      fputs (list, stdout);
      return 0;
    }
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/schema/frozen-lists", test_frozen_lists);
  g_test_add_func ("/schema/names", test_names);
  g_test_add_func ("/schema/slots", test_slots);
  g_test_add_func ("/schema/reconcile", test_reconcile);
  g_test_add_func ("/schema/tombstone-slot-on-disk", test_tombstone_slot_on_disk);
  return g_test_run ();
}
