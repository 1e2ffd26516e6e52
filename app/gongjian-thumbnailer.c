/* gongjian-thumbnailer.c: draws one thumbnail under resource limits
 *
 *   gongjian-thumbnailer MIME-TYPE SIZE PATH
 *
 * writes a PNG of at most SIZE × SIZE pixels of the file at PATH on its
 * standard output, or a one-line message on its standard error with an
 * exit status of GjThumbnailerExit (gj-thumbnail.h). The application
 * starts it for every thumbnail not yet cached (gj-thumbnail.c) and kills
 * it past a wall-clock timeout; it is installed in libexecdir, not for
 * people to run.
 *
 * The file came from anyone's laptop, and the parsers that draw it have
 * no bound of their own on time or memory, so the process puts limits on
 * itself before it opens the file: CPU time, address space, the size of
 * files it may write and no core dump. A file that exceeds one ends the
 * process with a signal, which the application reports as a thumbnail
 * that cannot be drawn.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <sys/resource.h>
#include <unistd.h>

#include "gj-data-error.h"
#include "gj-thumbnail.h"

/* Seconds of CPU time: a thumbnail of the largest photo allowed takes a
 * few; at the soft limit the kernel sends SIGXCPU, at the hard one a
 * second later SIGKILL. */
#define CPU_SECONDS 10
/* Address space: a photo of 100 megapixels (the largest drawn) decodes
 * into 400 MB, and the libraries, fonts and the thumbnail fit in the
 * rest. */
#define ADDRESS_SPACE ((rlim_t) 1024 * 1024 * 1024)
/* The process writes no file; its output is a pipe, which the limit does
 * not count, but a file given as the standard output holds a thumbnail. */
#define FILE_SIZE ((rlim_t) 16 * 1024 * 1024)

#if defined(__SANITIZE_ADDRESS__)
#define UNDER_ADDRESS_SANITIZER 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define UNDER_ADDRESS_SANITIZER 1
#endif
#endif

static gboolean
limit (int    resource,
       rlim_t soft,
       rlim_t hard)
{
  struct rlimit old, wanted;

  /* A limit already lower (set by whoever started the process) stays. */
  if (getrlimit (resource, &old) != 0)
    return FALSE;
  wanted.rlim_cur = old.rlim_cur == RLIM_INFINITY ? soft : MIN (old.rlim_cur, soft);
  wanted.rlim_max = old.rlim_max == RLIM_INFINITY ? hard : MIN (old.rlim_max, hard);
  wanted.rlim_cur = MIN (wanted.rlim_cur, wanted.rlim_max);
  return setrlimit (resource, &wanted) == 0;
}

static gboolean
apply_limits (void)
{
  /* Past the size limit a write fails with EFBIG rather than killing the
   * process, so that the error is said. */
  signal (SIGXFSZ, SIG_IGN);
  if (!limit (RLIMIT_CPU, CPU_SECONDS, CPU_SECONDS + 1)
      || !limit (RLIMIT_FSIZE, FILE_SIZE, FILE_SIZE)
      || !limit (RLIMIT_CORE, 0, 0))
    return FALSE;
#ifndef UNDER_ADDRESS_SANITIZER
  /* AddressSanitizer reserves terabytes of address space for its shadow
   * memory: under it, only the other limits apply. */
  if (!limit (RLIMIT_AS, ADDRESS_SPACE, ADDRESS_SPACE))
    return FALSE;
#endif
  return TRUE;
}

static int
fail (GjThumbnailerExit  status,
      const char        *message)
{
  fprintf (stderr, "%s\n", message);
  return status;
}

static gboolean
write_all (int           fd,
           const guint8 *data,
           gsize         len)
{
  while (len > 0)
    {
      gssize n = write (fd, data, len);

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        return FALSE;
      data += n;
      len -= n;
    }
  return TRUE;
}

int
main (int   argc,
      char *argv[])
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) png = NULL;
  guint64 size;
  int status;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE,
                  g_strcmp0 (g_getenv ("GJ_UNINSTALLED"), "1") == 0 ? BUILD_LOCALEDIR : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  if (!apply_limits ())
    {
      g_autofree char *message = g_strdup_printf (_("The thumbnail program cannot limit its "
                                                    "resources: %s"), g_strerror (errno));
      return fail (GJ_THUMBNAILER_EXIT_USAGE, message);
    }
  if (argc != 4
      || !g_ascii_string_to_unsigned (argv[2], 10, GJ_THUMBNAIL_MIN_SIZE, GJ_THUMBNAIL_MAX_SIZE,
                                      &size, NULL))
    return fail (GJ_THUMBNAILER_EXIT_USAGE,
                 _("Usage: gongjian-thumbnailer MIME-TYPE SIZE PATH (Gongjian starts it itself)"));

  png = gj_thumbnail_render (argv[3], argv[1], (int) size, &error);
  if (png == NULL)
    {
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_NOT_SUPPORTED))
        status = GJ_THUMBNAILER_EXIT_NOT_SUPPORTED;
      else if (g_error_matches (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID))
        status = GJ_THUMBNAILER_EXIT_INVALID;
      else
        status = GJ_THUMBNAILER_EXIT_IO;
      return fail (status, error->message);
    }
  if (!write_all (STDOUT_FILENO, g_bytes_get_data (png, NULL), g_bytes_get_size (png)))
    {
      g_autofree char *message = g_strdup_printf (_("The thumbnail cannot be written: %s"),
                                                  g_strerror (errno));
      return fail (GJ_THUMBNAILER_EXIT_IO, message);
    }
  return 0;
}
