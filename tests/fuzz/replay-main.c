/* replay-main.c: runs a fuzz harness over files, without libFuzzer
 *
 * Each argument is a file or a directory of files (the corpus, the
 * regressions). Every input is one TAP line; the line naming an input is
 * printed before it runs, so a crash's log says which one it was.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <stdio.h>
#include <string.h>
#include <sys/resource.h>

#include "fuzz-common.h"

#define REPLAY_MAX_BYTES ((rlim_t) 1 << 30)

static guint n_run;

static void
run_file (const char *path)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *contents = NULL;
  g_autofree guint8 *exact = NULL;
  gsize len = 0;

  printf ("# %s\n", path);
  fflush (stdout);
  if (!g_file_get_contents (path, &contents, &len, &error))
    {
      printf ("not ok %u - %s: %s\n", ++n_run, path, error->message);
      return;
    }
  /* A buffer of exactly the input's size, as libFuzzer gives, so that
   * a sanitizer build sees any read past the end. */
  exact = g_memdup2 (contents, len);
  LLVMFuzzerTestOneInput (exact, len);
  printf ("ok %u - %s\n", ++n_run, path);
}

static int
compare_strings (gconstpointer a,
                 gconstpointer b)
{
  return strcmp (*(char *const *) a, *(char *const *) b);
}

static void
run_path (const char *path)
{
  g_autoptr(GDir) dir = NULL;
  g_autoptr(GPtrArray) names = NULL;
  const char *name;

  if (!g_file_test (path, G_FILE_TEST_IS_DIR))
    {
      /* A harness may have no regressions yet. */
      if (g_file_test (path, G_FILE_TEST_EXISTS))
        run_file (path);
      return;
    }
  dir = g_dir_open (path, 0, NULL);
  if (dir == NULL)
    return;
  names = g_ptr_array_new_with_free_func (g_free);
  while ((name = g_dir_read_name (dir)) != NULL)
    if (name[0] != '.')
      g_ptr_array_add (names, g_build_filename (path, name, NULL));
  g_ptr_array_sort (names, compare_strings);
  for (guint i = 0; i < names->len; i++)
    run_path (names->pdata[i]);
}

/* A small body must not cost gigabytes (issue 16: 16 KB of gzip took
 * 1.6 GB). libFuzzer checks this with -rss_limit_mb; the replay bounds
 * its address space instead, so such an input fails here as an abort in
 * g_malloc. AddressSanitizer reserves terabytes of address space, so its
 * builds go without. */
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define REPLAY_UNDER_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define REPLAY_UNDER_ASAN 1
#endif

static void
limit_memory (void)
{
#ifndef REPLAY_UNDER_ASAN
  struct rlimit limit = { REPLAY_MAX_BYTES, REPLAY_MAX_BYTES };

  setrlimit (RLIMIT_AS, &limit);
#endif
}

int
main (int   argc,
      char *argv[])
{
  limit_memory ();
  for (int i = 1; i < argc; i++)
    run_path (argv[i]);
  if (n_run == 0)
    printf ("1..0 # SKIP no inputs\n");
  else
    printf ("1..%u\n", n_run);
  return 0;
}
