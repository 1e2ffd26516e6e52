/* gj-window-pages.c: the pages of the main window's sidebar, declared once
 *
 * Part of GjWindow. The window, its keyboard shortcuts, the shortcuts
 * window, the UI tests and the UI benchmark all take the pages from this
 * table: a new page is its own files plus its #include and its entry here.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-window-pages"

#include "config.h"

#include <glib/gi18n.h>

#include "gj-agreements-page.h"
#include "gj-incubation-page.h"
#include "gj-overview-page.h"
#include "gj-projects-page.h"
#include "gj-record-table.h"
#include "gj-sync-page.h"
#include "gj-trash-page.h"
#include "gj-units-page.h"
#include "gj-volunteers-page.h"
#include "gj-window-pages.h"

/* A page type's get_type and its session setter, which must be
 * void gj_foo_page_set_session (GjFooPage *, GjSession *): checked here,
 * since the table keeps it as a GCallback. */
#define PAGE(Type, type) \
  gj_##type##_get_type, \
  _Generic ((gj_##type##_set_session), \
            void (*) (Type *, GjSession *): G_CALLBACK (gj_##type##_set_session))

static const GjWindowPageInfo pages[] = {
  { "overview", N_("Overview"), "view-grid-symbolic", NULL,
    PAGE (GjOverviewPage, overview_page), NULL },
  { "organizations", N_("Organizations"), "system-users-symbolic",
    N_("New Organization (Ctrl+N)"), PAGE (GjRecordTable, record_table),
    (const char *const[]) {
      "kind-name", "organization",
      "columns", "name,category,legal_form,community_id,leader,phone,members,founded,brand",
      "filters", "community_id,category,legal_form,year:founded",
      NULL } },
  { "incubation", N_("Incubation"), "view-paged-symbolic", N_("New Incubation (Ctrl+N)"),
    PAGE (GjIncubationPage, incubation_page), NULL },
  { "projects", N_("Projects"), "folder-documents-symbolic", N_("New Project (Ctrl+N)"),
    PAGE (GjProjectsPage, projects_page), NULL },
  { "agreements", N_("Agreements"), "x-office-document-symbolic", N_("New Agreement (Ctrl+N)"),
    PAGE (GjAgreementsPage, agreements_page), NULL },
  { "volunteers", N_("Volunteers"), "emblem-favorite-symbolic", N_("New Record (Ctrl+N)"),
    PAGE (GjVolunteersPage, volunteers_page), NULL },
  { "units", N_("Units & Resources"), "x-office-address-book-symbolic", N_("New Record (Ctrl+N)"),
    PAGE (GjUnitsPage, units_page), NULL },
  { "trash", N_("Recently Deleted"), "user-trash-symbolic", NULL,
    PAGE (GjTrashPage, trash_page), NULL },
  { "sync", N_("Sync"), "emblem-synchronizing-symbolic", NULL,
    PAGE (GjSyncPage, sync_page), NULL },
};

const GjWindowPageInfo *
gj_window_pages_get (guint *n_pages)
{
  *n_pages = G_N_ELEMENTS (pages);
  return pages;
}

const GjWindowPageInfo *
gj_window_pages_lookup (const char *name)
{
  for (guint i = 0; i < G_N_ELEMENTS (pages); i++)
    if (g_strcmp0 (pages[i].name, name) == 0)
      return &pages[i];
  return NULL;
}

GtkWidget *
gj_window_page_new (const GjWindowPageInfo *info)
{
  const char *names[8];
  GValue values[8] = { G_VALUE_INIT, };
  guint n = 0;
  GtkWidget *page;

  g_return_val_if_fail (info != NULL, NULL);

  for (const char *const *p = info->properties; p && p[0]; p += 2)
    {
      g_assert (n < G_N_ELEMENTS (names));
      names[n] = p[0];
      g_value_init (&values[n], G_TYPE_STRING);
      g_value_set_static_string (&values[n], p[1]);
      n++;
    }
  page = GTK_WIDGET (g_object_new_with_properties (info->get_type (), n, names, values));
  for (guint i = 0; i < n; i++)
    g_value_unset (&values[i]);
  return page;
}

void
gj_window_page_set_session (const GjWindowPageInfo *info,
                            GtkWidget              *page,
                            GjSession              *session)
{
  g_return_if_fail (info != NULL);
  g_return_if_fail (G_TYPE_CHECK_INSTANCE_TYPE (page, info->get_type ()));

  /* Every page's setter takes the page's own type, which is @page. */
  ((void (*) (GtkWidget *, GjSession *)) info->set_session) (page, session);
}
