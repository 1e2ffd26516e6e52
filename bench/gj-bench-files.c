/* gj-bench-files.c: attached files to and from the district server over loopback HTTPS
 *
 * A district server listens on 127.0.0.1 with mutual TLS in a thread of
 * this process. One enrolled laptop attaches a file of 16, 64 and 256 MB
 * to an organization and syncs (the upload, in chunks); a second laptop
 * of the same street fetches it on demand (the download). The table gives
 * seconds and MB/s of each, and the process's peak resident memory during
 * each (server and laptops together), which must not grow with the size.
 *
 * Usage: gj-bench-files [--sizes 16,64,256]   (MB)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <locale.h>
#include <string.h>

#include "gj-attachments.h"
#include "gj-bench-common.h"
#include "gj-bench-server.h"
#include "gj-client.h"
#include "gj-server.h"

/* One laptop: its store, identity and files, enrolled on the server. */
typedef struct
{
  GjStore     *store;
  GjIdentity  *identity;
  GjBlobStore *blobs;
} Laptop;

static void
laptop_open (Laptop     *laptop,
             const char *dir,
             const char *name,
             const char *url,
             const char *token)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *db = g_strdup_printf ("%s/%s.db", dir, name);
  g_autofree char *id_dir = gj_client_identity_dir (db);

  laptop->store = gj_store_open (db, &error);
  gj_bench_check (laptop->store != NULL, error, "laptop");
  laptop->identity = gj_identity_load_or_create (id_dir, &error);
  gj_bench_check (laptop->identity != NULL, error, "identity");
  laptop->blobs = gj_blob_store_for_store (laptop->store, &error);
  gj_bench_check (laptop->blobs != NULL, error, "files");
  gj_bench_check (gj_client_enroll (laptop->store, laptop->identity, url, token, &error), error,
                  "enroll");
}

static void
laptop_close (Laptop *laptop)
{
  g_clear_object (&laptop->store);
  g_clear_object (&laptop->identity);
  g_clear_object (&laptop->blobs);
}

/* A file of @mb MB whose every MB differs, written a MB at a time. */
static void
write_file (const char *path,
            guint       mb,
            GRand      *r)
{
  g_autofree guint32 *block = g_new (guint32, 1024 * 1024 / 4);
  FILE *f = fopen (path, "wb");

  gj_bench_check (f != NULL, NULL, path);
  for (guint i = 0; i < 1024 * 1024 / 4; i++)
    block[i] = g_rand_int (r);
  for (guint m = 0; m < mb; m++)
    {
      block[0] = m;
      gj_bench_check (fwrite (block, 1024 * 1024, 1, f) == 1, NULL, "write");
    }
  gj_bench_check (fclose (f) == 0, NULL, "close");
}

#define TARGET "≥ 50 MB/s, flat memory"

typedef struct
{
  guint  mb;
  double up_s, down_s;
  double up_cpu, down_cpu;
  double up_peak, down_peak;
} Row;

static void
run_size (Row          *row,
          const char   *dir,
          GjServer     *server,
          Laptop       *up,
          Laptop       *down,
          const char   *org_id,
          GRand        *r)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_strdup_printf ("%s/file-%u.bin", dir, row->mb);
  g_autoptr(GjRecord) attachment = NULL;
  g_auto(GjSyncReport) report = { 0, };
  const char *sha256;
  gint64 size;
  double t0, c0;

  write_file (path, row->mb, r);
  attachment = gj_attachments_add (up->store, up->blobs, gj_schema_lookup ("organization"),
                                   org_id, path, NULL, GJ_ATTACH_NONE, &error);
  gj_bench_check (attachment != NULL, error, "attach");
  g_unlink (path);
  sha256 = gj_record_get_text (attachment, "sha256");
  size = gj_record_get_int (attachment, "size");

  /* The upload: the sync sends the one new record and the file. */
  gj_bench_reset_peak ();
  t0 = gj_bench_now ();
  c0 = gj_bench_cpu_seconds ();
  gj_client_sync_all (up->store, up->identity, NULL, TRUE, NULL, &report);
  row->up_s = gj_bench_now () - t0;
  row->up_cpu = gj_bench_cpu_seconds () - c0;
  row->up_peak = gj_bench_peak_mb ();
  gj_bench_check (report.error == NULL, report.error, "upload");
  gj_bench_check (report.files.sent == 1, NULL, "the file was not sent");

  /* The download: the other laptop has the record, and asks for the file. */
  gj_sync_report_clear (&report);
  gj_client_sync_all (down->store, down->identity, NULL, TRUE, NULL, &report);
  gj_bench_check (report.error == NULL, report.error, "records to the second laptop");
  gj_bench_reset_peak ();
  t0 = gj_bench_now ();
  c0 = gj_bench_cpu_seconds ();
  gj_bench_check (gj_client_fetch_file (down->store, down->identity, NULL, down->blobs, sha256,
                                        size, NULL, NULL, NULL, &error), error, "download");
  row->down_s = gj_bench_now () - t0;
  row->down_cpu = gj_bench_cpu_seconds () - c0;
  row->down_peak = gj_bench_peak_mb ();

  /* Three copies of 256 MB need not stay on the disk. */
  gj_bench_check (gj_blob_store_remove (up->blobs, sha256, &error), error, "remove");
  gj_bench_check (gj_blob_store_remove (down->blobs, sha256, &error), error, "remove");
  gj_bench_check (gj_blob_store_remove (gj_server_get_blobs (server), sha256, &error), error,
                  "remove");
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) ctx = g_option_context_new (NULL);
  g_autoptr(GPtrArray) recs = NULL;
  g_autoptr(GPtrArray) orgs = NULL;
  g_autofree char *dir = g_dir_make_tmp ("gj-bench-files-XXXXXX", NULL);
  g_autofree char *srv_dir = g_build_filename (dir, "srv", NULL);
  g_autofree char *url = NULL;
  g_autofree char *token_up = NULL;
  g_autofree char *token_down = NULL;
  g_autofree char *sizes_text = g_strdup ("16,64,256");
  g_auto(GStrv) sizes = NULL;
  g_autoptr(GArray) rows = g_array_new (FALSE, TRUE, sizeof (Row));
  GjFileLimits unlimited = { 0, 0, FALSE };
  GjQuery q = { .limit = 1 };
  GjServer *server = NULL;
  GjBenchServer *serving;
  Laptop up = { 0, }, down = { 0, };
  GRand *r = g_rand_new_with_seed (14);
  const char *street_id = NULL;
  double rss_start;
  GOptionEntry entries[] = {
    { "sizes", 0, 0, G_OPTION_ARG_STRING, &sizes_text, "File sizes in MB", "16,64,256" },
    { NULL }
  };

  setlocale (LC_ALL, "");
  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  sizes = g_strsplit (sizes_text, ",", -1);

  /* One street's records on the server, the organizations to attach to. */
  recs = gj_bench_generate (1, r);
  server = gj_server_new (srv_dir, &error);
  gj_bench_check (server != NULL, error, "server");
  gj_server_set_file_limits (server, &unlimited);
  {
    GjStore *s = gj_server_get_store (server);

    gj_bench_check (gj_store_begin (s, &error), error, "begin");
    for (guint i = 0; i < recs->len; i++)
      {
        GjRecord *rec = g_ptr_array_index (recs, i);

        if (street_id == NULL && g_str_equal (rec->kind->name, "street"))
          street_id = rec->id;
        gj_bench_check (gj_store_insert (s, rec, &error), error, "insert");
      }
    gj_bench_check (gj_store_commit (s, &error), error, "commit");
  }
  token_up = gj_server_create_token (server, "第1街道", &error);
  gj_bench_check (token_up != NULL, error, "token");
  token_down = gj_server_create_token (server, "第1街道", &error);
  gj_bench_check (token_down != NULL, error, "token");

  serving = gj_bench_server_start (server);
  url = g_strdup (gj_bench_server_get_url (serving));

  laptop_open (&up, dir, "up", url, token_up);
  laptop_open (&down, dir, "down", url, token_down);
  /* The second laptop fetches on demand only, as for a large scan. */
  gj_bench_check (gj_store_set_meta (down.store, "files.fetch_limit", "0", &error), error, "meta");
  {
    g_auto(GjSyncReport) report = { 0, };

    gj_client_sync_all (up.store, up.identity, NULL, TRUE, NULL, &report);
    gj_bench_check (report.error == NULL, report.error, "first sync");
  }
  orgs = gj_store_list (up.store, gj_schema_lookup ("organization"), &q, &error);
  gj_bench_check (orgs != NULL && orgs->len == 1, error, "organization");

  rss_start = gj_bench_rss_mb ();
  for (guint i = 0; sizes[i] != NULL; i++)
    {
      Row row = { 0, };

      row.mb = (guint) g_ascii_strtoull (sizes[i], NULL, 10);
      gj_bench_check (row.mb > 0, NULL, "--sizes takes MB, such as 16,64,256");
      run_size (&row, dir, server, &up, &down, ((GjRecord *) orgs->pdata[0])->id, r);
      g_array_append_val (rows, row);
    }

  g_print ("Attached files over loopback HTTPS (mutual TLS), server and laptops in one process; "
           "resident before the transfers: %.0f MB\n\n", rss_start);
  g_print ("| size | direction | seconds | MB/s | CPU s | peak RSS (MB) | target |\n");
  g_print ("|---:|---|---:|---:|---:|---:|---|\n");
  for (guint i = 0; i < rows->len; i++)
    {
      Row *row = &g_array_index (rows, Row, i);

      g_print ("| %u MB | upload (sync) | %.2f | %.0f | %.2f | %.0f | %s |\n",
               row->mb, row->up_s, row->mb / row->up_s, row->up_cpu, row->up_peak, TARGET);
      g_print ("| %u MB | download (on demand) | %.2f | %.0f | %.2f | %.0f | %s |\n",
               row->mb, row->down_s, row->mb / row->down_s, row->down_cpu, row->down_peak, TARGET);
    }

  laptop_close (&up);
  laptop_close (&down);
  gj_bench_server_stop (serving);
  g_clear_object (&server);
  g_rand_free (r);
  {
    g_autofree char *cmd = g_strdup_printf ("rm -rf '%s'", dir);
    if (system (cmd) != 0)
      g_printerr ("could not remove %s\n", dir);
  }
  return 0;
}
