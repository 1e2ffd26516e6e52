/* test-attachments.c: attaching files to records, sharing, deleting, collecting
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <string.h>
#include <utime.h>

#include "gj-attachments.h"
#include "gj-data-error.h"
#include "gj-hlc.h"
#include "gj-store-handle.h"
#include "gj-store-sync.h"
#include "gj-test-store.h"

#define DAY_MS (G_GINT64_CONSTANT (24) * 3600 * 1000)
#define PEER_SITE "0123456789abcdef0123456789abcdef"

typedef struct
{
  GjStore     *store;
  GjBlobStore *blobs;
  char        *dir;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *files = NULL;

  f->store = gj_test_demo_store (1);
  f->dir = g_dir_make_tmp ("gj-test-attach-XXXXXX", NULL);
  g_assert_nonnull (f->dir);
  files = g_build_filename (f->dir, "gongjian.db.files", NULL);
  f->blobs = gj_blob_store_new (files, &error);
  g_assert_no_error (error);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->blobs);
  g_clear_object (&f->store);
  gj_test_remove_tree (f->dir);
  g_free (f->dir);
}

static char *
write_file (Fixture    *f,
            const char *name,
            const char *content)
{
  char *path = g_build_filename (f->dir, name, NULL);

  g_assert_true (g_file_set_contents (path, content, -1, NULL));
  return path;
}

static void
age_file (const char *path,
          int         days)
{
  struct utimbuf times;

  times.actime = times.modtime = g_get_real_time () / G_USEC_PER_SEC - days * 24 * 3600;
  g_assert_cmpint (utime (path, &times), ==, 0);
}

/* Ages the stored file @sha256 by @days, as if stored that long ago. */
static void
age_stored (Fixture    *f,
            const char *sha256,
            int         days)
{
  g_autofree char *path = gj_blob_store_dup_path (f->blobs, sha256);

  g_assert_nonnull (path);
  age_file (path, days);
}

/* The id of the first live record of @kind in the demo data. */
static char *
first_id (Fixture    *f,
          const char *kind)
{
  g_autoptr(GError) error = NULL;
  GjQuery query = { .limit = 1 };
  g_autoptr(GPtrArray) list = gj_store_list (f->store, gj_schema_lookup (kind), &query, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  return g_strdup (((GjRecord *) g_ptr_array_index (list, 0))->id);
}

static guint
n_files (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = gj_blob_store_list (f->blobs, &error);

  g_assert_no_error (error);
  return list->len;
}

static GjRecord *
attach (Fixture    *f,
        const char *kind,
        const char *id,
        const char *path,
        const char *name)
{
  g_autoptr(GError) error = NULL;
  GjRecord *rec = gj_attachments_add (f->store, f->blobs, gj_schema_lookup (kind), id, path,
                                      name, GJ_ATTACH_NONE, &error);

  g_assert_no_error (error);
  g_assert_nonnull (rec);
  return rec;
}

static void
test_add_list_remove (Fixture       *f,
                      gconstpointer  data)
{
  g_autofree char *item = first_id (f, "agreement_item");
  g_autofree char *org = first_id (f, "organization");
  g_autofree char *pdf = write_file (f, "协议扫描件.pdf", "%PDF-1.4\n% a scanned agreement\n");
  g_autofree char *copy = write_file (f, "copy.bin", "%PDF-1.4\n% a scanned agreement\n");
  g_autofree char *want = g_compute_checksum_for_string (G_CHECKSUM_SHA256,
                                                         "%PDF-1.4\n% a scanned agreement\n",
                                                         -1);
  g_autoptr(GjRecord) a = attach (f, "agreement_item", item, pdf, NULL);
  g_autoptr(GjRecord) b = attach (f, "organization", org, copy, "章程.pdf");
  g_autoptr(GjRecord) owner = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(GError) error = NULL;

  owner = gj_store_get (f->store, gj_schema_lookup ("agreement_item"), item, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gj_record_get_text (a, "name"), ==, "协议扫描件.pdf");
  g_assert_cmpstr (gj_record_get_text (a, "sha256"), ==, want);
  g_assert_cmpstr (gj_record_get_text (a, "mime_type"), ==, "application/pdf");
  g_assert_cmpint (gj_record_get_int (a, "size"), ==, 31);
  g_assert_cmpstr (gj_record_get_text (a, "owner_kind"), ==, "agreement_item");
  g_assert_cmpstr (gj_record_get_text (a, "owner_id"), ==, item);
  g_assert_cmpstr (gj_record_get_text (a, "street_id"), ==,
                   gj_record_get_text (owner, "street_id"));
  g_assert_cmpstr (gj_record_get_text (b, "name"), ==, "章程.pdf");
  g_assert_cmpstr (gj_record_get_text (b, "sha256"), ==, want);

  /* Two attachments of one content share one file. */
  g_assert_cmpuint (n_files (f), ==, 1);

  list = gj_attachments_list (f->store, gj_schema_lookup ("agreement_item"), item, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 1);
  g_assert_cmpstr (((GjRecord *) g_ptr_array_index (list, 0))->id, ==, a->id);
  g_clear_pointer (&list, g_ptr_array_unref);

  /* The shared file stays while one attachment still refers to it. */
  g_assert_true (gj_attachments_remove (f->store, f->blobs, a->id, &error));
  g_assert_no_error (error);
  g_assert_true (gj_blob_store_has (f->blobs, want));
  list = gj_attachments_list (f->store, gj_schema_lookup ("agreement_item"), item, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (list->len, ==, 0);
  /* Stored a while ago (a file stored just now is kept: see test_fresh()),
   * and never sent to the district server: this laptop may hold the only
   * copy, so it stays for Recently Deleted to bring its attachment back. */
  age_stored (f, want, 1);
  g_assert_true (gj_attachments_remove (f->store, f->blobs, b->id, &error));
  g_assert_no_error (error);
  g_assert_true (gj_blob_store_has (f->blobs, want));
  g_assert_true (gj_store_undelete (f->store, gj_schema_lookup ("attachment"), b->id, &error));
  g_assert_no_error (error);
  g_assert_true (gj_blob_store_has (f->blobs, want));

  /* Once the district server holds it, a removal takes it at once. */
  g_assert_true (gj_store_set_meta (f->store, GJ_ATTACHMENTS_SERVER_HOLDS_KEY, want, &error));
  g_assert_no_error (error);
  g_assert_true (gj_attachments_remove (f->store, f->blobs, b->id, &error));
  g_assert_no_error (error);
  g_assert_false (gj_blob_store_has (f->blobs, want));
  g_assert_cmpuint (n_files (f), ==, 0);
}

/* A file only this laptop has outlives its deleted attachment for as long
 * as Recently Deleted lists it; one the district server holds does not. */
static void
test_kept_for_recently_deleted (Fixture       *f,
                                gconstpointer  data)
{
  g_autofree char *org = first_id (f, "organization");
  g_autofree char *mine = write_file (f, "mine.pdf", "%PDF-1.4\n% only here\n");
  g_autofree char *sent = write_file (f, "sent.pdf", "%PDF-1.4\n% on the server\n");
  g_autoptr(GjRecord) a = attach (f, "organization", org, mine, NULL);
  g_autoptr(GjRecord) b = attach (f, "organization", org, sent, NULL);
  const char *mine_sha = gj_record_get_text (a, "sha256");
  const char *sent_sha = gj_record_get_text (b, "sha256");
  g_autoptr(GError) error = NULL;
  guint removed = 99;

  g_assert_true (gj_store_set_meta (f->store, GJ_ATTACHMENTS_SERVER_HOLDS_KEY, sent_sha, &error));
  g_assert_no_error (error);
  g_assert_true (gj_attachments_remove (f->store, NULL, a->id, &error));
  g_assert_true (gj_attachments_remove (f->store, NULL, b->id, &error));
  g_assert_no_error (error);
  age_stored (f, mine_sha, 2);
  age_stored (f, sent_sha, 2);

  /* A laptop's collection after a sync: the server's copy goes, the only
   * copy stays. */
  g_assert_true (gj_attachments_collect (f->store, f->blobs, GJ_ATTACHMENTS_GRACE, &removed,
                                         &error));
  g_assert_no_error (error);
  g_assert_cmpuint (removed, ==, 1);
  g_assert_false (gj_blob_store_has (f->blobs, sent_sha));
  g_assert_true (gj_blob_store_has (f->blobs, mine_sha));

  /* Past the grace (a collection with none stands for 30 days later). */
  g_assert_true (gj_attachments_collect (f->store, f->blobs, 0, &removed, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (removed, ==, 1);
  g_assert_false (gj_blob_store_has (f->blobs, mine_sha));
}

/* The app stores a file in a worker and saves its record afterwards: a
 * removal or a collection in between must not take the file from under
 * the record about to name it. */
static void
test_fresh (Fixture       *f,
            gconstpointer  data)
{
  g_autofree char *org = first_id (f, "organization");
  g_autofree char *path = write_file (f, "scan.pdf", "%PDF-1.4\n% stored again\n");
  g_autoptr(GjRecord) old = attach (f, "organization", org, path, NULL);
  g_autoptr(GjRecord) again = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *sha = NULL;
  gint64 size = 0;
  guint removed = 99;

  age_stored (f, gj_record_get_text (old, "sha256"), 2);
  /* The worker stores the same content again; its record is not saved yet. */
  g_assert_true (gj_blob_store_add_file (f->blobs, path, FALSE, &sha, &size, &error));
  g_assert_no_error (error);
  g_assert_cmpstr (sha, ==, gj_record_get_text (old, "sha256"));

  g_assert_true (gj_attachments_remove (f->store, f->blobs, old->id, &error));
  g_assert_no_error (error);
  g_assert_true (gj_blob_store_has (f->blobs, sha));
  g_assert_true (gj_attachments_collect (f->store, f->blobs, 0, &removed, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (removed, ==, 0);
  g_assert_true (gj_blob_store_has (f->blobs, sha));

  again = gj_attachments_new_record (f->store, gj_schema_lookup ("organization"), org, sha, size,
                                     "scan.pdf", NULL, &error);
  g_assert_no_error (error);
  g_assert_true (gj_store_insert (f->store, again, &error));
  g_assert_no_error (error);
  g_assert_true (gj_blob_store_has (f->blobs, sha));

  /* Once it is no longer fresh, a file nobody names goes. */
  g_assert_true (gj_store_delete (f->store, gj_schema_lookup ("attachment"), again->id, &error));
  g_assert_no_error (error);
  age_stored (f, sha, 1);
  g_assert_true (gj_attachments_collect (f->store, f->blobs, 0, &removed, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (removed, ==, 1);
  g_assert_false (gj_blob_store_has (f->blobs, sha));
}

static void
test_refused (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *org = first_id (f, "organization");
  g_autofree char *volunteer = first_id (f, "volunteer");
  g_autofree char *doc = write_file (f, "doc.txt", "minutes of the meeting\n");
  g_autofree char *empty = write_file (f, "empty.txt", "");
  g_autoptr(GError) error = NULL;
  const GjKind *orgs = gj_schema_lookup ("organization");
  GjRecord *rec;

  rec = gj_attachments_add (f->store, f->blobs, gj_schema_lookup ("volunteer"), volunteer, doc,
                            NULL, GJ_ATTACH_NONE, &error);
  g_assert_null (rec);
  g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID);
  g_assert_cmpstr (gj_data_error_get_field (error), ==, "owner_kind");
  g_clear_error (&error);

  rec = gj_attachments_add (f->store, f->blobs, orgs, "no-such-record", doc, NULL,
                            GJ_ATTACH_NONE, &error);
  g_assert_null (rec);
  g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_NOT_FOUND);
  g_clear_error (&error);

  rec = gj_attachments_add (f->store, f->blobs, orgs, org, "/no/such/file.pdf", NULL,
                            GJ_ATTACH_NONE, &error);
  g_assert_null (rec);
  g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_IO);
  g_assert_nonnull (strstr (error->message, "/no/such/file.pdf"));
  g_clear_error (&error);

  rec = gj_attachments_add (f->store, f->blobs, orgs, org, empty, NULL, GJ_ATTACH_NONE, &error);
  g_assert_null (rec);
  g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID);
  g_clear_error (&error);

  rec = gj_attachments_add (f->store, f->blobs, orgs, org, f->dir, NULL, GJ_ATTACH_NONE, &error);
  g_assert_null (rec);
  g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_IO);
  g_clear_error (&error);

  g_assert_true (gj_store_delete (f->store, orgs, org, &error));
  g_assert_no_error (error);
  rec = gj_attachments_add (f->store, f->blobs, orgs, org, doc, NULL, GJ_ATTACH_NONE, &error);
  g_assert_null (rec);
  g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_cmpuint (n_files (f), ==, 0);
}

static GjRecord *
attachment_with (const char *sha256,
                 const char *owner_kind,
                 const char *owner_id)
{
  GjRecord *rec = gj_record_new_for ("attachment");

  gj_record_set_text (rec, "name", "x.pdf");
  gj_record_set_text (rec, "sha256", sha256);
  gj_record_set_text (rec, "owner_kind", owner_kind);
  gj_record_set_text (rec, "owner_id", owner_id);
  return rec;
}

#define GOOD_SHA "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

static void
add_cell (GPtrArray  *cells,
          const char *row,
          const char *field,
          const char *text,
          gint64      number,
          gint64      unix_ms)
{
  const GjKind *kind = gj_schema_lookup ("attachment");
  GjCell *c = gj_cell_new ();

  c->kind = (guint16) kind->index;
  c->column = field != NULL ? (guint16) gj_kind_field_index (kind, field)
                            : (guint16) gj_kind_deleted_column (kind);
  c->row = g_strdup (row);
  if (text != NULL)
    gj_value_set_text (&c->value, text);
  else
    gj_value_set_int (&c->value, number);
  c->hlc = gj_hlc_from_unix_ms (unix_ms);
  g_strlcpy (c->site, PEER_SITE, sizeof c->site);
  g_ptr_array_add (cells, c);
}

/* An attachment row as a peer sends it, made @made_days ago and, unless
 * @deleted_days is negative, deleted @deleted_days ago. */
static GPtrArray *
peer_row (const char *row,
          const char *street,
          const char *sha256,
          const char *owner_id,
          int         made_days,
          int         deleted_days)
{
  GPtrArray *cells = g_ptr_array_new_with_free_func ((GDestroyNotify) gj_cell_free);
  gint64 now = g_get_real_time () / 1000;
  gint64 made = now - made_days * DAY_MS;

  add_cell (cells, row, "street_id", street, 0, made);
  add_cell (cells, row, "name", "photo.jpg", 0, made);
  add_cell (cells, row, "sha256", sha256, 0, made);
  add_cell (cells, row, "size", NULL, 5, made);
  add_cell (cells, row, "owner_kind", "organization", 0, made);
  add_cell (cells, row, "owner_id", owner_id, 0, made);
  add_cell (cells, row, NULL, NULL, deleted_days >= 0 ? 1 : 0,
            deleted_days >= 0 ? now - deleted_days * DAY_MS : made);
  return cells;
}

static guint
apply (Fixture   *f,
       GPtrArray *cells)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) refused = g_ptr_array_new_with_free_func ((GDestroyNotify) gj_refusal_free);
  GjApplyResult result = { 0 };

  g_assert_true (gj_store_apply_page (f->store, cells, NULL, &result, refused, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (result.refused, ==, refused->len);
  return refused->len;
}

static void
test_validation (Fixture       *f,
                 gconstpointer  data)
{
  g_autofree char *org = first_id (f, "organization");
  g_autoptr(GError) error = NULL;
  struct { const char *sha, *kind, *id, *field; } bad[] = {
    { "../../etc/passwd", "organization", org, "sha256" },
    { "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855", "organization", org,
      "sha256" },
    { GOOD_SHA, "volunteer", org, "owner_kind" },
    { GOOD_SHA, "no such kind!", org, "owner_kind" },
    { GOOD_SHA, "organization", "../x", "owner_id" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GjRecord) rec = attachment_with (bad[i].sha, bad[i].kind, bad[i].id);
      g_autoptr(GPtrArray) cells = peer_row ("0190a0a0-0000-7000-8000-00000000000a",
                                             gj_store_get_street (f->store), bad[i].sha, bad[i].id,
                                             1, -1);

      g_assert_false (gj_store_insert (f->store, rec, &error));
      g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID);
      g_assert_cmpstr (gj_data_error_get_field (error), ==, bad[i].field);
      g_clear_error (&error);

      /* The same row from a peer is refused too (owner_kind aside, which
       * peer_row always sends as an organization). */
      if (!g_str_equal (bad[i].field, "owner_kind"))
        g_assert_cmpuint (apply (f, cells), ==, 1);
    }

  /* A size below zero, here or from a peer. */
  {
    g_autoptr(GjRecord) rec = attachment_with (GOOD_SHA, "organization", org);
    g_autoptr(GPtrArray) cells = peer_row ("0190a0a0-0000-7000-8000-00000000000c",
                                           gj_store_get_street (f->store), GOOD_SHA, org, 1, -1);
    guint size_column = (guint) gj_kind_field_index (gj_schema_lookup ("attachment"), "size");

    gj_record_set_int (rec, "size", -1);
    g_assert_false (gj_store_insert (f->store, rec, &error));
    g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID);
    g_assert_cmpstr (gj_data_error_get_field (error), ==, "size");
    g_clear_error (&error);

    for (guint i = 0; i < cells->len; i++)
      {
        GjCell *c = g_ptr_array_index (cells, i);

        if (c->column == size_column)
          gj_value_set_int (&c->value, -5);
      }
    g_assert_cmpuint (apply (f, cells), ==, 1);
  }

  /* A kind a newer version may have added is taken as it is. */
  {
    g_autoptr(GjRecord) rec = attachment_with (GOOD_SHA, "neighbourhood_watch", org);

    g_assert_true (gj_store_insert (f->store, rec, &error));
    g_assert_no_error (error);
  }
  {
    g_autoptr(GPtrArray) cells = peer_row ("0190a0a0-0000-7000-8000-00000000000b",
                                           gj_store_get_street (f->store), GOOD_SHA, org, 1, -1);

    g_assert_cmpuint (apply (f, cells), ==, 0);
  }
}

static char *
store_content (Fixture    *f,
               const char *content)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = write_file (f, "in.bin", content);
  char *sha = NULL;

  g_assert_true (gj_blob_store_add_file (f->blobs, path, FALSE, &sha, NULL, &error));
  g_assert_no_error (error);
  return sha;
}

static void
test_collect (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *org = first_id (f, "organization");
  const char *street = gj_store_get_street (f->store);
  g_autofree char *live_path = write_file (f, "live.txt", "still attached");
  g_autofree char *gone_path = write_file (f, "gone.txt", "deleted just now");
  g_autoptr(GjRecord) live = attach (f, "organization", org, live_path, NULL);
  g_autoptr(GjRecord) gone = attach (f, "organization", org, gone_path, NULL);
  g_autofree char *old_sha = store_content (f, "deleted 35 days ago");
  g_autofree char *recent_sha = store_content (f, "deleted 10 days ago");
  g_autofree char *orphan_sha = store_content (f, "never named, 40 days old");
  g_autofree char *new_orphan_sha = store_content (f, "never named, new");
  g_autoptr(GPtrArray) old_row = peer_row ("0190a0a0-0000-7000-8000-000000000001", street,
                                           old_sha, org, 40, 35);
  g_autoptr(GPtrArray) recent_row = peer_row ("0190a0a0-0000-7000-8000-000000000002", street,
                                              recent_sha, org, 40, 10);
  g_autofree char *abandoned = NULL;
  g_autofree char *under_way = NULL;
  g_autoptr(GError) error = NULL;
  const char *gone_sha = gj_record_get_text (gone, "sha256");
  guint removed = 99;

  g_assert_cmpuint (apply (f, old_row), ==, 0);
  g_assert_cmpuint (apply (f, recent_row), ==, 0);
  /* Stored when their rows were made, not just now. */
  age_stored (f, orphan_sha, 40);
  age_stored (f, old_sha, 40);
  age_stored (f, recent_sha, 40);
  /* Deleted here without touching the files, as a delete that arrived by
   * sync leaves them. */
  g_assert_true (gj_attachments_remove (f->store, NULL, gone->id, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (n_files (f), ==, 6);

  /* A transfer abandoned a week ago, and one under way. */
  abandoned = g_build_filename (gj_blob_store_get_dir (f->blobs), "partial", GOOD_SHA ".part",
                                NULL);
  under_way = g_build_filename (gj_blob_store_get_dir (f->blobs), "partial", ".tmp-123456",
                                NULL);
  g_assert_true (g_file_set_contents (abandoned, "half", -1, NULL));
  g_assert_true (g_file_set_contents (under_way, "half", -1, NULL));
  age_file (abandoned, 8);

  /* The server's grace keeps what was deleted lately. */
  g_assert_true (gj_attachments_collect (f->store, f->blobs, GJ_ATTACHMENTS_GRACE,
                                         &removed, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (removed, ==, 2);
  g_assert_false (gj_blob_store_has (f->blobs, old_sha));
  g_assert_false (gj_blob_store_has (f->blobs, orphan_sha));
  g_assert_true (gj_blob_store_has (f->blobs, recent_sha));
  g_assert_true (gj_blob_store_has (f->blobs, gone_sha));
  g_assert_true (gj_blob_store_has (f->blobs, new_orphan_sha));
  g_assert_false (g_file_test (abandoned, G_FILE_TEST_EXISTS));
  g_assert_true (g_file_test (under_way, G_FILE_TEST_EXISTS));
  g_unlink (under_way);

  /* A laptop keeps only what a live attachment names, once no record
   * may be about to name it (test_fresh()). */
  age_stored (f, gone_sha, 1);
  age_stored (f, new_orphan_sha, 1);
  g_assert_true (gj_attachments_collect (f->store, f->blobs, 0, &removed, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (removed, ==, 3);
  g_assert_cmpuint (n_files (f), ==, 1);
  g_assert_true (gj_blob_store_has (f->blobs, gj_record_get_text (live, "sha256")));
}

static void
test_streets (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *org = first_id (f, "organization");
  const char *home = gj_store_get_street (f->store);
  g_autoptr(GjRecord) other = gj_record_new_for ("street");
  g_autoptr(GjRecord) other_org = gj_record_new_for ("organization");
  g_autofree char *a_path = write_file (f, "a.txt", "twelve bytes");
  g_autofree char *b_path = write_file (f, "b.txt", "five!");
  g_autoptr(GjRecord) a = NULL;
  g_autoptr(GjRecord) b = NULL;
  g_autoptr(GjRecord) a_again = NULL;
  g_autoptr(GHashTable) hashes = NULL;
  g_autoptr(GPtrArray) usage = NULL;
  g_autoptr(GPtrArray) missing_row = NULL;
  g_autoptr(GError) error = NULL;
  const char *a_sha, *b_sha;

  gj_record_set_text (other, "name", "西湖街道");
  g_assert_true (gj_store_insert (f->store, other, &error));
  g_assert_no_error (error);
  gj_record_set_text (other_org, "name", "西湖社区志愿者协会");
  gj_record_set_text (other_org, "street_id", other->id);
  gj_record_set_text (other_org, "legal_form", "social_group");
  gj_record_set_text (other_org, "category", "charity");
  g_assert_true (gj_store_insert (f->store, other_org, &error));
  g_assert_no_error (error);

  a = attach (f, "organization", org, a_path, NULL);
  a_again = attach (f, "organization", org, a_path, "again.txt");
  b = attach (f, "organization", other_org->id, b_path, NULL);
  a_sha = gj_record_get_text (a, "sha256");
  b_sha = gj_record_get_text (b, "sha256");
  g_assert_cmpstr (gj_record_get_text (b, "street_id"), ==, other->id);

  hashes = gj_attachments_live_hashes (f->store, home, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (hashes), ==, 1);
  g_assert_cmpint (*(gint64 *) g_hash_table_lookup (hashes, a_sha), ==, 12);
  g_clear_pointer (&hashes, g_hash_table_unref);
  hashes = gj_attachments_live_hashes (f->store, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (hashes), ==, 2);

  g_assert_true (gj_attachments_street_refers (f->store, home, a_sha, &error));
  g_assert_false (gj_attachments_street_refers (f->store, home, b_sha, &error));
  g_assert_true (gj_attachments_street_refers (f->store, other->id, b_sha, &error));
  g_assert_false (gj_attachments_street_refers (f->store, home, "../../etc/passwd", &error));
  g_assert_no_error (error);

  g_assert_cmpint (gj_attachments_street_bytes (f->store, f->blobs, home, &error), ==, 12);
  g_assert_cmpint (gj_attachments_street_bytes (f->store, f->blobs, other->id, &error), ==, 5);
  g_assert_no_error (error);

  /* A file its record names but that has not arrived yet. */
  missing_row = peer_row ("0190a0a0-0000-7000-8000-000000000003", other->id, GOOD_SHA,
                          other_org->id, 1, -1);
  g_assert_cmpuint (apply (f, missing_row), ==, 0);
  usage = gj_attachments_usage (f->store, f->blobs, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (usage->len, ==, 2);
  for (guint i = 0; i < usage->len; i++)
    {
      GjStreetUsage *u = g_ptr_array_index (usage, i);

      if (g_str_equal (u->street_id, home))
        {
          g_assert_cmpuint (u->files, ==, 1);
          g_assert_cmpint (u->bytes, ==, 12);
          g_assert_cmpuint (u->missing, ==, 0);
        }
      else
        {
          g_assert_cmpstr (u->street_name, ==, "西湖街道");
          g_assert_cmpuint (u->files, ==, 2);
          g_assert_cmpint (u->bytes, ==, 5);
          g_assert_cmpuint (u->missing, ==, 1);
        }
    }

  /* Deleted, the attachments no longer let anyone fetch the file. */
  g_assert_true (gj_attachments_remove (f->store, f->blobs, a->id, &error));
  g_assert_true (gj_attachments_street_refers (f->store, home, a_sha, &error));
  g_assert_true (gj_attachments_remove (f->store, f->blobs, a_again->id, &error));
  g_assert_false (gj_attachments_street_refers (f->store, home, a_sha, &error));
  g_assert_no_error (error);
  g_assert_cmpint (gj_attachments_street_bytes (f->store, f->blobs, home, &error), ==, 0);
}

static void
test_strip_location (Fixture       *f,
                     gconstpointer  data)
{
  g_autofree char *org = first_id (f, "organization");
  g_autofree char *photo = g_test_build_filename (G_TEST_DIST, "data", "files",
                                                  "photo-gps-ii.jpg", NULL);
  g_autofree char *original = NULL;
  g_autofree char *orig_sha = NULL;
  g_autoptr(GjRecord) stripped = attach (f, "organization", org, photo, "site visit.jpg");
  g_autoptr(GjRecord) kept = NULL;
  g_autoptr(GError) error = NULL;
  gsize len;

  g_assert_true (g_file_get_contents (photo, &original, &len, NULL));
  orig_sha = g_compute_checksum_for_data (G_CHECKSUM_SHA256, (const guchar *) original, len);
  g_assert_cmpstr (gj_record_get_text (stripped, "mime_type"), ==, "image/jpeg");
  g_assert_cmpstr (gj_record_get_text (stripped, "sha256"), !=, orig_sha);

  kept = gj_attachments_add (f->store, f->blobs, gj_schema_lookup ("organization"), org, photo,
                             NULL, GJ_ATTACH_KEEP_LOCATION, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gj_record_get_text (kept, "sha256"), ==, orig_sha);
}

static gint64
count_indexes (GjStore *store)
{
  sqlite3_stmt *stmt = NULL;
  gint64 n;

  g_assert_cmpint (sqlite3_prepare_v2 (gj_store_get_handle (store),
                                       "SELECT count(*) FROM sqlite_master WHERE type = 'index' "
                                       "AND name IN ('attachment_sha256', 'attachment_owner_id')",
                                       -1, &stmt, NULL), ==, SQLITE_OK);
  g_assert_cmpint (sqlite3_step (stmt), ==, SQLITE_ROW);
  n = sqlite3_column_int64 (stmt, 0);
  sqlite3_finalize (stmt);
  return n;
}

/* The lookups by hash and by owner have their indexes, also in a database
 * made before they were declared. */
static void
test_indexes (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = gj_test_db_path (&dir);
  g_autoptr(GError) error = NULL;

  {
    g_autoptr(GjStore) store = gj_store_open (path, &error);

    g_assert_no_error (error);
    g_assert_cmpint (count_indexes (store), ==, 2);
    g_assert_cmpint (sqlite3_exec (gj_store_get_handle (store),
                                   "DROP INDEX attachment_sha256; DROP INDEX attachment_owner_id",
                                   NULL, NULL, NULL), ==, SQLITE_OK);
    g_assert_cmpint (count_indexes (store), ==, 0);
  }
  {
    g_autoptr(GjStore) store = gj_store_open (path, &error);

    g_assert_no_error (error);
    g_assert_cmpint (count_indexes (store), ==, 2);
  }
  gj_test_db_remove (dir, path);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, fn) \
  g_test_add ("/attachments/" path, Fixture, NULL, fixture_set_up, fn, fixture_tear_down)
  ADD ("add-list-remove", test_add_list_remove);
  ADD ("fresh", test_fresh);
  ADD ("kept-for-recently-deleted", test_kept_for_recently_deleted);
  ADD ("refused", test_refused);
  ADD ("validation", test_validation);
  ADD ("collect", test_collect);
  ADD ("streets", test_streets);
  ADD ("strip-location", test_strip_location);
#undef ADD
  g_test_add_func ("/attachments/indexes", test_indexes);

  return g_test_run ();
}
