/* gj-attachments-section-files.c: opening attached files and saving copies
 *
 * Part of GjAttachmentsSection. A file is opened from a copy named after
 * the attachment in $XDG_CACHE_HOME/gongjian/open/<hash>/, never from the
 * store itself: the store names files by hash, which would be the name a
 * viewer shows, and an application that saved over the file would make
 * its content disagree with its hash. Inside the Flatpak that cache is the
 * sandbox's own, and the OpenURI portal hands the copy to the host's
 * application. Copies run in worker threads. The copies a run finds made
 * a day before it began are swept (gj-open-copies.c) before its first
 * copy is made, in the same thread, so that no copy of this run, and no
 * folder one is about to be written into, is ever taken for an old one.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-attachments-section"

#include "config.h"

#include <errno.h>
#include <glib/gi18n.h>
#include <string.h>

#include "gj-attachments-section-private.h"
#include "gj-open-copies.h"

/* File names longer than this (in bytes) are cut, as most file systems
 * take 255 at most. */
#define MAX_NAME_BYTES 200
/* Opened copies older than this are swept. */
#define COPY_MAX_AGE (24 * 60 * 60)

/* When the first section class of this run was made, in seconds since
 * 1970: every copy of this run is newer. The lock keeps a sweep and a
 * copy's folder being made from crossing. */
static gint64 run_started;
static GMutex open_lock;
static gboolean swept;

/* The attachment's name as a file name: it came from another laptop, so
 * it may name no folder and no hidden file, and must not be empty. */
static char *
safe_file_name (const char *name)
{
  g_autoptr(GString) safe = g_string_new (NULL);
  const char *end = NULL;

  if (name == NULL || !g_utf8_validate (name, -1, &end))
    return g_strdup (_("attachment"));
  for (const char *p = name; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (c == '/' || c == '\\' || g_unichar_iscntrl (c))
        c = '_';
      if (safe->len + 6 > MAX_NAME_BYTES)
        break;
      g_string_append_unichar (safe, c);
    }
  while (safe->str[0] == '.')
    g_string_erase (safe, 0, 1);
  if (safe->len == 0)
    return g_strdup (_("attachment"));
  return g_string_free (g_steal_pointer (&safe), FALSE);
}

/* Opening */

typedef struct
{
  GjAttachmentsSection *self;
  char                 *source;
  char                 *dir;
  GFile                *copy;
  char                 *name;
} OpenJob;

static void
open_job_free (OpenJob *job)
{
  g_object_unref (job->self);
  g_free (job->source);
  g_free (job->dir);
  g_object_unref (job->copy);
  g_free (job->name);
  g_free (job);
}

static void
launched_cb (GObject      *source,
             GAsyncResult *result,
             gpointer      user_data)
{
  OpenJob *job = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_app_info_launch_default_for_uri_finish (result, &error))
    /* TRANSLATORS: %s is an attachment's file name, then why it did not open */
    gj_attachments_section_say (job->self, _("“%s” could not be opened: %s"), job->name,
                                error->message);
  open_job_free (job);
}

static void
copy_to_open_thread (GTask        *task,
                     gpointer      source_object,
                     gpointer      task_data,
                     GCancellable *cancellable)
{
  OpenJob *job = task_data;
  g_autoptr(GFile) source = g_file_new_for_path (job->source);
  g_autoptr(GMutexLocker) locker = g_mutex_locker_new (&open_lock);
  GError *error = NULL;

  if (!swept)
    {
      g_autofree char *dir = gj_open_copies_dir ();
      g_autoptr(GError) local = NULL;
      guint removed = 0;

      swept = TRUE;
      if (!gj_open_copies_sweep (dir, run_started - COPY_MAX_AGE, &removed, &local))
        g_warning ("%s", local->message);
      else if (removed > 0)
        g_debug ("%u opened copies older than a day removed", removed);
    }
  if (g_mkdir_with_parents (job->dir, 0700) != 0)
    {
      int saved = errno;

      g_task_return_new_error (task, G_IO_ERROR, g_io_error_from_errno (saved),
                               _("The folder “%s” cannot be made: %s"), job->dir,
                               g_strerror (saved));
      return;
    }
  if (!g_file_copy (source, job->copy, G_FILE_COPY_OVERWRITE | G_FILE_COPY_TARGET_DEFAULT_PERMS,
                    cancellable, NULL, NULL, &error))
    g_task_return_error (task, error);
  else
    g_task_return_boolean (task, TRUE);
}

static void
copied_to_open_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  OpenJob *job = g_task_get_task_data (G_TASK (result));
  g_autoptr(GError) error = NULL;
  g_autoptr(GAppLaunchContext) context = NULL;
  g_autofree char *uri = NULL;

  if (!g_task_propagate_boolean (G_TASK (result), &error))
    {
      gj_attachments_section_say (job->self, _("“%s” could not be opened: %s"), job->name,
                                  error->message);
      open_job_free (job);
      return;
    }
  context = G_APP_LAUNCH_CONTEXT (gdk_display_get_app_launch_context (
    gtk_widget_get_display (GTK_WIDGET (job->self))));
  uri = g_file_get_uri (job->copy);
  g_app_info_launch_default_for_uri_async (uri, context, NULL, launched_cb, job);
}

static void
open_action (GtkWidget  *widget,
             const char *action,
             GVariant   *param)
{
  GjAttachmentsSection *self = GJ_ATTACHMENTS_SECTION (widget);
  GjAttachmentTile *tile = gj_attachments_section_find_tile (self,
                                                             g_variant_get_string (param, NULL));
  g_autoptr(GTask) task = NULL;
  g_autofree char *open_dir = NULL;
  g_autofree char *file_name = NULL;
  g_autofree char *copy = NULL;
  GjRecord *attachment;
  OpenJob *job;

  if (tile == NULL || gj_attachment_tile_get_path (tile) == NULL)
    return;
  attachment = gj_attachment_tile_get_attachment (tile);
  open_dir = gj_open_copies_dir ();
  job = g_new0 (OpenJob, 1);
  job->self = g_object_ref (self);
  job->source = g_strdup (gj_attachment_tile_get_path (tile));
  job->dir = g_build_filename (open_dir, gj_record_get_text (attachment, "sha256"), NULL);
  file_name = safe_file_name (gj_record_get_text (attachment, "name"));
  copy = g_build_filename (job->dir, file_name, NULL);
  job->copy = g_file_new_for_path (copy);
  job->name = g_strdup (gj_record_get_text (attachment, "name"));

  task = g_task_new (NULL, NULL, copied_to_open_cb, NULL);
  g_task_set_source_tag (task, open_action);
  /* The job outlives the task when the copy is launched: it is freed by
   * whichever callback comes last. */
  g_task_set_task_data (task, job, NULL);
  g_task_run_in_thread (task, copy_to_open_thread);
}

/* Saving a copy */

static void
saved_cb (GObject      *source,
          GAsyncResult *result,
          gpointer      user_data)
{
  g_autoptr(GjAttachmentsSection) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!g_file_copy_finish (G_FILE (source), result, &error))
    gj_attachments_section_say (self, _("The copy could not be saved: %s"), error->message);
}

static void
save_response_cb (GtkNativeDialog      *chooser,
                  int                   response,
                  GjAttachmentsSection *self)
{
  const char *path = g_object_get_data (G_OBJECT (chooser), "gj-path");

  if (response == GTK_RESPONSE_ACCEPT)
    {
      g_autoptr(GFile) target = gtk_file_chooser_get_file (GTK_FILE_CHOOSER (chooser));
      g_autoptr(GFile) source = g_file_new_for_path (path);

      g_file_copy_async (source, target, G_FILE_COPY_OVERWRITE | G_FILE_COPY_TARGET_DEFAULT_PERMS,
                         G_PRIORITY_DEFAULT, NULL, NULL, NULL, saved_cb, g_object_ref (self));
    }
  g_clear_object (&self->chooser);
}

static void
save_as_action (GtkWidget  *widget,
                const char *action,
                GVariant   *param)
{
  GjAttachmentsSection *self = GJ_ATTACHMENTS_SECTION (widget);
  GjAttachmentTile *tile = gj_attachments_section_find_tile (self,
                                                             g_variant_get_string (param, NULL));
  GtkRoot *root = gtk_widget_get_root (widget);
  g_autofree char *file_name = NULL;
  GtkFileChooserNative *chooser;

  if (tile == NULL || gj_attachment_tile_get_path (tile) == NULL || self->chooser != NULL)
    return;
  chooser = gtk_file_chooser_native_new (_("Save a Copy"),
                                         GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                         GTK_FILE_CHOOSER_ACTION_SAVE, _("_Save"), _("_Cancel"));
  gtk_native_dialog_set_modal (GTK_NATIVE_DIALOG (chooser), TRUE);
  file_name = safe_file_name (gj_record_get_text (gj_attachment_tile_get_attachment (tile),
                                                  "name"));
  gtk_file_chooser_set_current_name (GTK_FILE_CHOOSER (chooser), file_name);
  g_object_set_data_full (G_OBJECT (chooser), "gj-path",
                          g_strdup (gj_attachment_tile_get_path (tile)), g_free);
  g_signal_connect (chooser, "response", G_CALLBACK (save_response_cb), self);
  self->chooser = GTK_NATIVE_DIALOG (chooser);
  gtk_native_dialog_show (self->chooser);
}

void
gj_attachments_section_class_install_file_actions (GtkWidgetClass *widget_class)
{
  run_started = g_get_real_time () / G_USEC_PER_SEC;
  gtk_widget_class_install_action (widget_class, "attachments.open", "s", open_action);
  gtk_widget_class_install_action (widget_class, "attachments.save-as", "s", save_as_action);
}
