/* gj-format.h: records as people read them: titles, summaries, amounts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "gj-store.h"

G_BEGIN_DECLS

/* A record's name for people. Where the title is a reference (an
 * incubation is named by its organization) the referenced record's title
 * is looked up. */
char       *gj_format_record_title   (GjStore        *store,
                                      const GjRecord *record) G_GNUC_WARN_UNUSED_RESULT;
/* The title of the record @id of kind @kind_name; "Not yet synced" with a
 * short id if there is none, "(unknown)" (and a logged message) if it
 * cannot be read. */
char       *gj_format_ref_title      (GjStore        *store,
                                      const char     *kind_name,
                                      const char     *id) G_GNUC_WARN_UNUSED_RESULT;
/* A field's text for display: like gj_record_format() but with references
 * shown by title. @cache maps ids to titles across calls; may be NULL. */
char       *gj_format_field          (GjStore        *store,
                                      const GjRecord *record,
                                      const GjField  *field,
                                      gboolean        mask,
                                      GHashTable     *cache) G_GNUC_WARN_UNUSED_RESULT;
/* Two lines describing a record in a list of related records. */
void        gj_format_record_summary (GjStore        *store,
                                      const GjRecord *record,
                                      char          **title,
                                      char          **subtitle);

/* A record with its two lines from gj_format_record_summary(), made where
 * the store can be read (a reader's thread) for a row built elsewhere. */
typedef struct
{
  GjRecord *record;
  char     *title;
  char     *subtitle;
} GjRecordSummary;

GjRecordSummary *gj_record_summary_new  (GjStore         *store,
                                         GjRecord        *record) G_GNUC_WARN_UNUSED_RESULT;
void             gj_record_summary_free (GjRecordSummary *summary);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GjRecordSummary, gj_record_summary_free)

/* What tells a record apart from others of the same name when one is
 * chosen: a person's or an organization's community (and a volunteer's
 * team), an activity's date and community, an agreement item's agreement,
 * a community's type. "" when the kind has nothing to add. @cache maps ids
 * to titles across calls; may be NULL. */
char       *gj_format_record_context (GjStore        *store,
                                      const GjRecord *record,
                                      GHashTable     *cache) G_GNUC_WARN_UNUSED_RESULT;

/* One record offered in a choice. */
typedef struct
{
  char *id;
  char *title;
  char *context;   /* gj_format_record_context() */
} GjChoice;

void        gj_choice_free           (GjChoice       *choice);
G_DEFINE_AUTOPTR_CLEANUP_FUNC (GjChoice, gj_choice_free)

/* The first @limit records of @kind by title (GjChoice), those matching
 * @text (searched in the store, as in lists) when it is not NULL or "";
 * made where the store can be read (a reader's thread). */
GPtrArray  *gj_format_choices        (GjStore        *store,
                                      const GjKind   *kind,
                                      const char     *text,
                                      guint           limit,
                                      GError        **error) G_GNUC_WARN_UNUSED_RESULT;

/* The kind a project party of @role refers to. */
const char *gj_format_party_kind     (const char     *role);

const char *gj_format_enum_label     (const GjKind   *kind,
                                      const char     *field,
                                      const char     *key);

/* Fen as a short amount of yuan for charts and cards: 1.2万, 350. */
char       *gj_format_yuan_short     (gint64        fen) G_GNUC_WARN_UNUSED_RESULT;

/* A moment in the past as people say it: "Just now", "5 minutes ago", or
 * the local date and time. */
char       *gj_format_when           (gint64        unix_seconds) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
