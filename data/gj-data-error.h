/* gj-data-error.h: the error domain of the data layer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define GJ_DATA_ERROR (gj_data_error_quark ())

/**
 * GjDataError:
 * @GJ_DATA_ERROR_INVALID: a field value is malformed (message names the field and the reason)
 * @GJ_DATA_ERROR_UNKNOWN_KIND: no such record kind
 * @GJ_DATA_ERROR_UNKNOWN_FIELD: no such field in this kind
 * @GJ_DATA_ERROR_REQUIRED: a required field is missing
 * @GJ_DATA_ERROR_NOT_FOUND: no record with that id
 * @GJ_DATA_ERROR_TRANSITION: a stage or status change that is not allowed
 * @GJ_DATA_ERROR_READ_ONLY: the record cannot be changed (append-only ledger, deleted record)
 * @GJ_DATA_ERROR_BALANCE: a time-bank redemption exceeds the balance
 * @GJ_DATA_ERROR_NEWER_SCHEMA: the database was written by a newer Gongjian
 * @GJ_DATA_ERROR_NOT_DATABASE: the file is not a Gongjian database
 * @GJ_DATA_ERROR_CORRUPT: the database file is damaged
 * @GJ_DATA_ERROR_IO: the file could not be read or written
 * @GJ_DATA_ERROR_NOT_INITIALIZED: the station has not been set up yet
 * @GJ_DATA_ERROR_CLOCK: a clock value is out of range
 * @GJ_DATA_ERROR_DAMAGED: the database was found damaged; nothing more is written to it
 */
typedef enum
{
  GJ_DATA_ERROR_INVALID,
  GJ_DATA_ERROR_UNKNOWN_KIND,
  GJ_DATA_ERROR_UNKNOWN_FIELD,
  GJ_DATA_ERROR_REQUIRED,
  GJ_DATA_ERROR_NOT_FOUND,
  GJ_DATA_ERROR_TRANSITION,
  GJ_DATA_ERROR_READ_ONLY,
  GJ_DATA_ERROR_BALANCE,
  GJ_DATA_ERROR_NEWER_SCHEMA,
  GJ_DATA_ERROR_NOT_DATABASE,
  GJ_DATA_ERROR_CORRUPT,
  GJ_DATA_ERROR_IO,
  GJ_DATA_ERROR_NOT_INITIALIZED,
  GJ_DATA_ERROR_CLOCK,
  GJ_DATA_ERROR_DAMAGED,
} GjDataError;

GQuark      gj_data_error_quark     (void);

/* A GJ_DATA_ERROR about one field's value (INVALID, REQUIRED,
 * UNKNOWN_FIELD, TRANSITION) carries that field's name, so that a form
 * can show it on the field without reading the message. @error may be
 * NULL, or of another domain: then nothing is set. */
void        gj_data_error_set_field (GError       *error,
                                     const char   *field);
/* The name of the field @error is about, or NULL. */
const char *gj_data_error_get_field (const GError *error);

/* Sets @error like g_set_error() in GJ_DATA_ERROR, naming @field. */
void        gj_data_error_set       (GError      **error,
                                     GjDataError   code,
                                     const char   *field,
                                     const char   *format,
                                     ...) G_GNUC_PRINTF (4, 5);

G_END_DECLS
