/* gj-cli-attach.c: files attached to records (attach, attachments,
 * get-attachment, detach)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gongjian-cli"

#include "config.h"

#include <glib/gi18n.h>
#include <unistd.h>

#include "gj-attachments.h"
#include "gj-cli-private.h"
#include "gj-client.h"
#include "gj-data-error.h"

/* The full id of the live record of @kind that @given names (a unique
 * prefix is enough), or NULL with an error. */
static char *
resolve_live (GjCli         *cli,
              const GjKind  *kind,
              const char    *given,
              GjRecord     **out,
              GError       **error)
{
  g_autofree char *id = gj_store_resolve_id (cli->store, kind, given, error);
  g_autoptr(GjRecord) rec = NULL;

  if (id == NULL || (rec = gj_store_get (cli->store, kind, id, error)) == NULL)
    return NULL;
  if (gj_record_is_deleted (rec))
    {
      g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_NOT_FOUND,
                   _("The %s %s was deleted"), _(kind->label), id);
      return NULL;
    }
  if (out != NULL)
    *out = g_steal_pointer (&rec);
  return g_steal_pointer (&id);
}

/* A kind named on the command line that takes attachments. */
static const GjKind *
owner_kind_arg (const char  *name,
                GError     **error)
{
  g_autofree char *shown = g_utf8_make_valid (name, -1);
  const GjKind *kind = gj_cli_kind_arg (shown, error);

  if (kind == NULL || !gj_attachments_check_owner_kind (kind, error))
    return NULL;
  return kind;
}

int
gj_cli_attach (GjCli *cli)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GjBlobStore) blobs = NULL;
  g_autoptr(GjRecord) rec = NULL;
  g_autofree char *owner_id = NULL;
  const GjKind *kind;

  if (cli->argc != 3)
    return gj_cli_usage_error (_("attach needs KIND, ID and FILE"));
  if ((kind = owner_kind_arg (cli->argv[0], &error)) == NULL ||
      (owner_id = resolve_live (cli, kind, cli->argv[1], NULL, &error)) == NULL ||
      (blobs = gj_blob_store_for_store (cli->store, &error)) == NULL)
    return gj_cli_fail (error);
  rec = gj_attachments_add (cli->store, blobs, kind, owner_id, cli->argv[2], cli->name,
                            cli->keep_location ? GJ_ATTACH_KEEP_LOCATION : GJ_ATTACH_NONE,
                            &error);
  if (rec == NULL)
    return gj_cli_fail (error);
  g_print ("%s\n", rec->id);
  return 0;
}

/* A size as people read it: bytes up to a kilobyte, then one decimal. */
static char *
format_size (gint64 bytes)
{
  if (bytes < 1024)
    return g_strdup_printf (ngettext ("%d byte", "%d bytes", (gulong) bytes), (int) bytes);
  if (bytes < 1024 * 1024)
    return g_strdup_printf (_("%.1f KB"), bytes / 1024.0);
  if (bytes < G_GINT64_CONSTANT (1024) * 1024 * 1024)
    return g_strdup_printf (_("%.1f MB"), bytes / (1024.0 * 1024.0));
  return g_strdup_printf (_("%.1f GB"), bytes / (1024.0 * 1024.0 * 1024.0));
}

int
gj_cli_attachments (GjCli *cli)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GjBlobStore) blobs = NULL;
  g_autoptr(GPtrArray) list = NULL;
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autofree char *owner_id = NULL;
  const GjKind *kind;
  guint width;

  if (cli->argc != 2)
    return gj_cli_usage_error (_("attachments needs KIND and ID"));
  if ((kind = owner_kind_arg (cli->argv[0], &error)) == NULL ||
      (owner_id = resolve_live (cli, kind, cli->argv[1], NULL, &error)) == NULL ||
      (blobs = gj_blob_store_for_store (cli->store, &error)) == NULL ||
      (list = gj_attachments_list (cli->store, kind, owner_id, &error)) == NULL)
    return gj_cli_fail (error);

  width = gj_cli_short_id_width (cli, list);
  if (!cli->json && list->len > 0)
    {
      gj_cli_print_padded ("ID", (int) width + 2);
      gj_cli_print_padded (_("File name"), 30);
      gj_cli_print_padded (_("Type"), 26);
      gj_cli_print_padded (_("Size"), 12);
      g_print ("%s\n", _("On this device"));
    }
  json_builder_begin_array (b);
  for (guint i = 0; i < list->len; i++)
    {
      GjRecord *rec = g_ptr_array_index (list, i);
      const char *sha = gj_record_get_text (rec, "sha256");
      gint64 size = gj_record_get_int (rec, "size");
      gboolean here = gj_blob_store_has (blobs, sha);

      if (cli->json)
        {
          json_builder_begin_object (b);
          gj_cli_add_string_member (b, "id", rec->id);
          gj_cli_add_string_member (b, "name", gj_record_get_text (rec, "name"));
          gj_cli_add_string_member (b, "mime_type", gj_record_get_text (rec, "mime_type"));
          json_builder_set_member_name (b, "size");
          json_builder_add_int_value (b, size);
          gj_cli_add_string_member (b, "sha256", sha);
          json_builder_set_member_name (b, "downloaded");
          json_builder_add_boolean_value (b, here);
          json_builder_end_object (b);
        }
      else
        {
          g_autofree char *name = g_utf8_make_valid (gj_record_get_text (rec, "name"), -1);
          g_autofree char *type = g_utf8_make_valid (gj_record_get_text (rec, "mime_type"), -1);
          g_autofree char *human = format_size (size);

          g_print ("%.*s  ", (int) width, rec->id);
          gj_cli_print_padded (name, 28);
          g_print ("  ");
          gj_cli_print_padded (type, 24);
          g_print ("  ");
          gj_cli_print_padded (human, 10);
          g_print ("  %s\n", here ? _("downloaded") : _("not yet downloaded"));
        }
    }
  json_builder_end_array (b);
  if (cli->json)
    gj_cli_print_json (b);
  else if (list->len == 0)
    g_print ("%s\n", _("No attachments"));
  return 0;
}

/* Progress of a download, on the terminal only: a script reads stdout. */
static void
progress_cb (gint64   done,
             gint64   total,
             gpointer user_data)
{
  if (total > 0)
    g_printerr ("\r%s %3d%%", _("Downloading…"), (int) (done * 100 / total));
}

static gboolean
fetch (GjCli        *cli,
       GjBlobStore  *blobs,
       const char   *sha256,
       gint64        size,
       GError      **error)
{
  g_autoptr(GjIdentity) identity = NULL;
  g_autoptr(GjRegistry) peers = NULL;
  gboolean tty = isatty (STDERR_FILENO);
  gboolean ok;

  if ((identity = gj_client_load_identity (gj_store_get_path (cli->store), error)) == NULL ||
      (peers = gj_client_open_peers (gj_store_get_path (cli->store), error)) == NULL)
    return FALSE;
  ok = gj_client_fetch_file (cli->store, identity, peers, blobs, sha256, size,
                             tty ? progress_cb : NULL, NULL, NULL, error);
  if (tty)
    g_printerr ("\n");
  return ok;
}

int
gj_cli_get_attachment (GjCli *cli)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GjBlobStore) blobs = NULL;
  g_autoptr(GjRecord) rec = NULL;
  g_autoptr(GFile) source = NULL;
  g_autoptr(GFile) dest = NULL;
  g_autoptr(GFileInputStream) in = NULL;
  g_autoptr(GFileOutputStream) out = NULL;
  g_autofree char *id = NULL;
  g_autofree char *stored = NULL;
  g_autofree char *shown = NULL;
  const char *sha;

  if (cli->argc != 1)
    return gj_cli_usage_error (_("get-attachment needs the attachment's ID"));
  if (cli->output == NULL)
    return gj_cli_usage_error (_("get-attachment needs -o FILE, the file to write"));
  if ((id = resolve_live (cli, gj_schema_lookup ("attachment"), cli->argv[0], &rec,
                          &error)) == NULL ||
      (blobs = gj_blob_store_for_store (cli->store, &error)) == NULL)
    return gj_cli_fail (error);
  sha = gj_record_get_text (rec, "sha256");
  if (!gj_blob_store_has (blobs, sha) &&
      !fetch (cli, blobs, sha, gj_record_get_int (rec, "size"), &error))
    return gj_cli_fail (error);
  if ((stored = gj_blob_store_dup_path (blobs, sha)) == NULL)
    {
      g_set_error (&error, GJ_DATA_ERROR, GJ_DATA_ERROR_NOT_FOUND,
                   _("The file of attachment %s is not on this device; sync, then try again"),
                   id);
      return gj_cli_fail (error);
    }

  /* Written beside the destination and renamed over it when complete, so
   * that an interrupted copy never leaves half a file under its name. */
  source = g_file_new_for_path (stored);
  dest = g_file_new_for_path (cli->output);
  shown = g_filename_display_name (cli->output);
  if ((in = g_file_read (source, NULL, &error)) == NULL ||
      (out = g_file_replace (dest, NULL, FALSE, G_FILE_CREATE_REPLACE_DESTINATION, NULL,
                             &error)) == NULL ||
      g_output_stream_splice (G_OUTPUT_STREAM (out), G_INPUT_STREAM (in),
                              G_OUTPUT_STREAM_SPLICE_CLOSE_SOURCE |
                              G_OUTPUT_STREAM_SPLICE_CLOSE_TARGET, NULL, &error) < 0)
    {
      g_autofree char *message = g_strdup_printf (_("Could not write “%s”: %s"), shown,
                                                  error->message);

      gj_cli_complain (message);
      return 1;
    }
  g_print (_("Wrote %s\n"), shown);
  return 0;
}

int
gj_cli_detach (GjCli *cli)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GjBlobStore) blobs = NULL;
  g_autofree char *id = NULL;

  if (cli->argc != 1)
    return gj_cli_usage_error (_("detach needs the attachment's ID"));
  if ((id = resolve_live (cli, gj_schema_lookup ("attachment"), cli->argv[0], NULL,
                          &error)) == NULL ||
      (blobs = gj_blob_store_for_store (cli->store, &error)) == NULL ||
      !gj_attachments_remove (cli->store, blobs, id, &error))
    return gj_cli_fail (error);
  g_print ("%s\n", id);
  return 0;
}
