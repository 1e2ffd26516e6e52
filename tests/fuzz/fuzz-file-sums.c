/* fuzz-file-sums.c: the answers about a file, as a peer sends them
 *
 * The asking side of the file protocol reads two kinds of JSON from the
 * other device: the chunk hashes of a file it fetches, and how far an
 * upload has got. Each input is given as the answer to both, over a
 * transport that then drops the connection, so whatever the input says,
 * no chunk is written: a download must fail and keep nothing, and an
 * upload may end only where the input says the file is complete.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "fuzz-common.h"
#include "gj-file-exchange.h"
#include "gj-sync-error.h"

/* The file fetched: three chunks, as the seeds' sums say. */
#define FETCHED "b0a8fe3bece62aa29e2dd56f831409d05ecc086e4ca6c706eb6ca5219cb19f97"
#define FETCHED_SIZE ((gint64) 9 * 1024 * 1024)
/* The file sent: one short chunk, in the harness's own folder. */
#define SENT_TEXT "an attached file"

typedef struct
{
  GjExchangeTransport parent;
  GBytes             *input;
} FuzzTransport;

static GBytes *
fuzz_request (GjExchangeTransport *transport,
              const char          *method,
              const char          *path_and_query,
              const char          *content_type,
              GBytes              *body,
              GError             **error)
{
  FuzzTransport *self = (FuzzTransport *) transport;

  if (g_str_equal (method, "POST") || g_str_has_suffix (path_and_query, "/sums"))
    return g_bytes_ref (self->input);
  g_set_error (error, GJ_SYNC_ERROR, GJ_SYNC_ERROR_UNREACHABLE, "dropped");
  return NULL;
}

static char *dir;

static void
remove_dir (void)
{
  const char *argv[] = { "rm", "-rf", dir, NULL };

  g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_SEARCH_PATH, NULL, NULL, NULL, NULL, NULL,
                NULL);
}

static GjBlobStore *
harness_blobs (char **sent)
{
  static GjBlobStore *blobs;
  static char *sent_sha256;
  g_autoptr(GError) error = NULL;

  if (blobs == NULL)
    {
      g_autofree char *path = NULL;
      g_autofree char *files = NULL;
      gint64 size;

      dir = g_dir_make_tmp ("gj-fuzz-files-XXXXXX", &error);
      if (dir == NULL)
        fuzz_fail ("no temporary folder", error);
      atexit (remove_dir);
      path = g_build_filename (dir, "source", NULL);
      files = g_build_filename (dir, "files", NULL);
      if (!g_file_set_contents (path, SENT_TEXT, -1, &error) ||
          !(blobs = gj_blob_store_new (files, &error)) ||
          !gj_blob_store_add_file (blobs, path, FALSE, &sent_sha256, &size, &error))
        fuzz_fail ("the harness's file cannot be stored", error);
    }
  *sent = sent_sha256;
  return blobs;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autoptr(GBytes) input = g_bytes_new_static (data, size);
  FuzzTransport t = { { fuzz_request, NULL, FALSE }, input };
  const gint64 sizes[] = { FETCHED_SIZE, 0, 1, G_MAXINT64, (gint64) 1 << 54,
                           (gint64) 4 * 1024 * 1024 * 1024 * 1024 };
  g_autoptr(GError) error = NULL;
  char *sent;
  GjBlobStore *blobs = harness_blobs (&sent);

  /* The size is the records' word, as untrusted as the answer: the
   * seeds' own, and sizes at the edges. */
  for (guint i = 0; i < G_N_ELEMENTS (sizes); i++)
    {
      if (gj_file_exchange_download (&t.parent, blobs, FETCHED, sizes[i], NULL, NULL, NULL,
                                     &error))
        fuzz_fail ("a download succeeded without a chunk", NULL);
      if (error == NULL)
        fuzz_fail ("a download failed without saying why", NULL);
      if (gj_blob_store_has (blobs, FETCHED) || gj_blob_store_received (blobs, FETCHED) != 0)
        fuzz_fail ("a download kept something without a chunk", NULL);
      g_clear_error (&error);
    }

  if (!gj_file_exchange_upload (&t.parent, blobs, sent, NULL, NULL, NULL, &error) &&
      error == NULL)
    fuzz_fail ("an upload failed without saying why", NULL);
  return 0;
}
