/* gj-field-check.h: the one check of a stored value against its field
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "gj-schema.h"
#include "gj-value.h"

G_BEGIN_DECLS

/* Limits that every door enforces alike: what a person types, what the
 * CLI is given and what a peer sends. Lengths are in characters. */
#define GJ_TEXT_MAX_CHARS   100000
#define GJ_REAL_MAX         1000000.0            /* hours, scores: far above any real value */
#define GJ_MONEY_MAX_FEN    G_GINT64_CONSTANT (100000000000000)  /* 1 万亿 yuan */
#define GJ_RECORD_ID_MAX    64

/* TRUE if @id can name a record: 1 to GJ_RECORD_ID_MAX ASCII letters,
 * digits or "-._:". Ids are made by Gongjian (UUIDs); anything else came
 * from a damaged or hostile peer. */
gboolean gj_record_id_is_valid  (const char *id);

/* Checks @value as a value of @field, without looking at any other record:
 * its type, an enumeration key, a real calendar date, a whole number, a
 * finite number in range, yes/no, money, checksums of credit codes and
 * resident IDs, mobile numbers, and text that is UTF-8 without control
 * characters (tab and line breaks aside) within GJ_TEXT_MAX_CHARS. NULL is
 * always allowed here (required fields are a property of the record).
 * References are checked for their form only; whether the record exists
 * is the store's question. The error names the field and says the reason. */
gboolean gj_field_check_value   (const GjField  *field,
                                 const GjValue  *value,
                                 GError        **error);

G_END_DECLS
