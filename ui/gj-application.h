/* gj-application.h: the desktop application
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <adwaita.h>

#include "gj-session.h"

G_BEGIN_DECLS

#define GJ_TYPE_APPLICATION (gj_application_get_type ())
G_DECLARE_FINAL_TYPE (GjApplication, gj_application, GJ, APPLICATION, AdwApplication)

/* Binds the text domain: to the build tree's catalogues when the
 * environment variable GJ_UNINSTALLED is 1, else to the installed ones. */
void           gj_application_init_i18n    (void);

/* FALSE, with a message for people, when the GSettings schema is missing
 * (an uninstalled build run without GSETTINGS_SCHEMA_DIR). */
gboolean       gj_application_check_schema (char **message);

GjApplication *gj_application_new          (void) G_GNUC_WARN_UNUSED_RESULT;

/* The database to open instead of the command line's or the settings'
 * choice; for tests, before activation. */
void           gj_application_set_db_path  (GjApplication *self,
                                            const char    *path);
/* The open database, once activated. */
GjSession     *gj_application_get_session  (GjApplication *self);

G_END_DECLS
