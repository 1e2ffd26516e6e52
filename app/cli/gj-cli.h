/* gj-cli.h: the headless command line over the data layer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* Parses the options, runs one command and returns the exit status: 0,
 * 1 when the command refused or failed, 2 for usage errors. */
int gj_cli_run (int    argc,
                char **argv);

G_END_DECLS
