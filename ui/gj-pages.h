/* gj-pages.h: the pages of the main window's sidebar, declared once
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
} GjPageInfo;

/* The sidebar's pages in order; Alt+1 … Alt+N show them. */
const GjPageInfo *gj_pages_get    (guint            *n_pages);
const GjPageInfo *gj_pages_lookup (const char       *name);
/* A new page, without its session yet. */
GtkWidget        *gj_page_new     (const GjPageInfo *info);
void              gj_page_set_session (const GjPageInfo *info,
                                       GtkWidget        *page,
                                       GjSession        *session);

G_END_DECLS
