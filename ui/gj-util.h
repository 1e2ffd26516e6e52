/* gj-util.h: small helpers shared by the pages
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <gtk/gtk.h>

#include "gj-store.h"

G_BEGIN_DECLS

/* Today as stored, YYYY-MM-DD. */
char       *gj_util_today_iso        (void) G_GNUC_WARN_UNUSED_RESULT;
/* @days after today (negative: before), YYYY-MM-DD. */
char       *gj_util_iso_from_today   (int            days) G_GNUC_WARN_UNUSED_RESULT;
/* Days from today to an ISO date (negative: in the past); G_MININT if @iso
 * is not a date. */
int         gj_util_days_until       (const char    *iso);
/* Whole months between an ISO date and today, 0 if not a date. */
int         gj_util_months_since     (const char    *iso);

/* A record's name for people. Where the title is a reference (an
 * incubation is named by its organization) the referenced record's title
 * is looked up. */
char       *gj_util_record_title     (GjStore        *store,
                                      const GjRecord *record) G_GNUC_WARN_UNUSED_RESULT;
/* The title of the record @id of kind @kind_name, or a short id if there is
 * none. */
char       *gj_util_ref_title        (GjStore        *store,
                                      const char     *kind_name,
                                      const char     *id) G_GNUC_WARN_UNUSED_RESULT;
/* A field's text for display: like gj_record_format() but with references
 * shown by title. @cache maps ids to titles across calls; may be NULL. */
char       *gj_util_format_field     (GjStore        *store,
                                      const GjRecord *record,
                                      const GjField  *field,
                                      gboolean        mask,
                                      GHashTable     *cache) G_GNUC_WARN_UNUSED_RESULT;
/* Two lines describing a record in a list of related records. */
void        gj_util_record_summary   (GjStore        *store,
                                      const GjRecord *record,
                                      char          **title,
                                      char          **subtitle);

/* The kind a project party of @role refers to. */
const char *gj_util_party_kind       (const char     *role);

const char *gj_util_enum_label       (const GjKind   *kind,
                                      const char     *field,
                                      const char     *key);

/* Fen as a short amount of yuan for charts and cards: 1.2万, 350. */
char       *gj_util_format_yuan_short (gint64        fen) G_GNUC_WARN_UNUSED_RESULT;

/* Unparents every child of a widget whose children are its own (a
 * GtkWidget subclass with a layout manager); for dispose. */
void        gj_util_unparent_children (GtkWidget   *widget);

/* Removes every child of a GtkBox, GtkListBox or GtkFlowBox. */
void        gj_util_remove_children  (GtkWidget      *container);

/* The first descendant of @widget (or @widget) of @type. */
GtkWidget  *gj_util_find_descendant  (GtkWidget      *widget,
                                      GType           type);

G_END_DECLS
