/* gj-record.h: one record of any kind, as a bag of typed cells
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

#include "gj-schema.h"
#include "gj-value.h"

G_BEGIN_DECLS

#define GJ_TYPE_RECORD (gj_record_get_type ())

/* A record is a reference-counted boxed struct rather than a GObject: lists
 * of 100k of them are built off the main thread and a GObject per row would
 * cost more than the data. The UI wraps them where it needs GObjects. */
typedef struct _GjRecord GjRecord;

struct _GjRecord
{
  const GjKind *kind;
  char         *id;
  GjValue      *values;  /* kind->n_fields + 1: the last one is "deleted" */
  guint8       *set;     /* which values were given, for partial updates */
  /*< private >*/
  gint          ref_count;
};

GType       gj_record_get_type    (void) G_GNUC_CONST;
GjRecord   *gj_record_new         (const GjKind *kind) G_GNUC_WARN_UNUSED_RESULT;
GjRecord   *gj_record_new_for     (const char   *kind_name) G_GNUC_WARN_UNUSED_RESULT;
GjRecord   *gj_record_ref         (GjRecord     *self);
void        gj_record_unref       (GjRecord     *self);
GjRecord   *gj_record_copy        (const GjRecord *self) G_GNUC_WARN_UNUSED_RESULT;

const GjValue *gj_record_get      (const GjRecord *self,
                                   const char     *field);
const char *gj_record_get_text    (const GjRecord *self,
                                   const char     *field);
gint64      gj_record_get_int     (const GjRecord *self,
                                   const char     *field);
double      gj_record_get_real    (const GjRecord *self,
                                   const char     *field);
gboolean    gj_record_get_bool    (const GjRecord *self,
                                   const char     *field);
const char *gj_record_get_title   (const GjRecord *self);
gboolean    gj_record_is_deleted  (const GjRecord *self);
gboolean    gj_record_is_set      (const GjRecord *self,
                                   const char     *field);

/* Setters take values as stored (enum keys, ISO dates, fen); they do not
 * validate: gj_store_insert() and gj_store_update() do. */
void        gj_record_set_value   (GjRecord      *self,
                                   guint          column,
                                   const GjValue *value);
void        gj_record_set_text    (GjRecord   *self,
                                   const char *field,
                                   const char *text);
void        gj_record_set_int     (GjRecord   *self,
                                   const char *field,
                                   gint64      value);
void        gj_record_set_real    (GjRecord   *self,
                                   const char *field,
                                   double      value);
void        gj_record_set_bool    (GjRecord   *self,
                                   const char *field,
                                   gboolean    value);
void        gj_record_set_null    (GjRecord   *self,
                                   const char *field);

/* Parses what a person typed (English key or Chinese label for enumerations,
 * "是/否/yes/no" for flags, yuan for money) and validates it. The error names
 * the field and the reason. */
gboolean    gj_record_parse       (GjRecord    *self,
                                   const char  *field,
                                   const char  *text,
                                   GError     **error);

/* Display text under the current locale; masks sensitive fields if @mask. */
char       *gj_record_format      (const GjRecord *self,
                                   const char     *field,
                                   gboolean        mask) G_GNUC_WARN_UNUSED_RESULT;
/* An amount in fen as yuan with two places and thousands grouped by
 * commas: 1,234,567.89, as lists and printed reports show it. */
char       *gj_record_format_money (gint64        fen) G_GNUC_WARN_UNUSED_RESULT;

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GjRecord, gj_record_unref)

G_END_DECLS
