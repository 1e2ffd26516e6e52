/* gj-open-copies.h: the copies of attached files made for opening them
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The folder that holds them: $XDG_CACHE_HOME/gongjian/open, one folder
 * per file's hash with the copy, named after the attachment, inside. */
char     *gj_open_copies_dir   (void) G_GNUC_WARN_UNUSED_RESULT;

/* Removes from @dir the copies last written before @made_before (seconds
 * since 1970), and the hash folders they leave empty: the regular files
 * in @dir and in its folders, one level down. Nothing else is touched: a
 * symbolic link is never followed nor removed, nor is anything deeper.
 * A copy that cannot be removed is left for the next time; only a folder
 * @dir that cannot be read is an error (an absent one is not). Sets
 * *@n_removed (may be NULL) to the copies removed. */
gboolean  gj_open_copies_sweep (const char  *dir,
                                gint64       made_before,
                                guint       *n_removed,
                                GError     **error);

G_END_DECLS
