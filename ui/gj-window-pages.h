/* gj-window-pages.h: the pages of the main window's sidebar, declared once
 *
 * Part of GjWindow, in a file of its own because the application (for
 * its shortcuts), the UI tests and the UI benchmark read the table too.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "gj-session.h"

G_BEGIN_DECLS

typedef struct
{
  const char         *name;         /* the page's id, e.g. "overview" */
  const char         *title;        /* untranslated (N_) */
  const char         *icon_name;
  /* The header's New button when the page makes records (untranslated),
   * or NULL for a page without one. */
  const char         *new_tooltip;
  GType             (*get_type)    (void);
  /* void set_session (PageType *page, GjSession *session), called once. */
  GCallback           set_session;
  /* Pairs of string properties for a generic page type, NULL-terminated,
   * or NULL. */
  const char *const  *properties;
} GjWindowPageInfo;

/* The sidebar's pages in order; Alt+1 … Alt+N show them. */
const GjWindowPageInfo *gj_window_pages_get        (guint                  *n_pages);
const GjWindowPageInfo *gj_window_pages_lookup     (const char             *name);
/* A new page, without its session yet. */
GtkWidget              *gj_window_page_new         (const GjWindowPageInfo *info);
void                    gj_window_page_set_session (const GjWindowPageInfo *info,
                                                    GtkWidget              *page,
                                                    GjSession              *session);

G_END_DECLS
