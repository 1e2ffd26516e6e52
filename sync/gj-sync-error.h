/* gj-sync-error.h: the error domain of the sync layer
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

#define GJ_SYNC_ERROR (gj_sync_error_quark ())

/**
 * GjSyncError:
 * @GJ_SYNC_ERROR_MALFORMED: the changeset is not valid JSON of the expected shape
 * @GJ_SYNC_ERROR_UNKNOWN_KIND: no longer raised: kinds of newer versions are kept (gj-cell.h)
 * @GJ_SYNC_ERROR_UNKNOWN_FIELD: no longer raised: fields of newer versions are kept
 * @GJ_SYNC_ERROR_WRONG_TYPE: a value of the wrong type for its field
 * @GJ_SYNC_ERROR_TOO_LARGE: the body is over the size limit
 * @GJ_SYNC_ERROR_NEWER_VERSION: the peer speaks a newer protocol or schema
 * @GJ_SYNC_ERROR_CLOCK_AHEAD: no longer raised: rows dated ahead are judged one by one
 * @GJ_SYNC_ERROR_SAME_SITE: the peer presents this device's own site id
 * @GJ_SYNC_ERROR_OUT_OF_SCOPE: a change outside the device's street
 * @GJ_SYNC_ERROR_IDENTITY: this device's certificate cannot be created or read
 * @GJ_SYNC_ERROR_NOT_TRUSTED: the peer is not enrolled, not paired or revoked
 * @GJ_SYNC_ERROR_TOKEN: the enrolment token is unknown, used or expired
 * @GJ_SYNC_ERROR_PEER: the peer answered with an error
 * @GJ_SYNC_ERROR_NOT_SET_UP: this device is not enrolled anywhere yet
 * @GJ_SYNC_ERROR_UNREACHABLE: no connection to the peer (offline, not listening)
 * @GJ_SYNC_ERROR_NO_SUCH_ADDRESS: the peer has no such request (an older version)
 */
typedef enum
{
  GJ_SYNC_ERROR_MALFORMED,
  GJ_SYNC_ERROR_UNKNOWN_KIND,
  GJ_SYNC_ERROR_UNKNOWN_FIELD,
  GJ_SYNC_ERROR_WRONG_TYPE,
  GJ_SYNC_ERROR_TOO_LARGE,
  GJ_SYNC_ERROR_NEWER_VERSION,
  GJ_SYNC_ERROR_CLOCK_AHEAD,
  GJ_SYNC_ERROR_SAME_SITE,
  GJ_SYNC_ERROR_OUT_OF_SCOPE,
  GJ_SYNC_ERROR_IDENTITY,
  GJ_SYNC_ERROR_NOT_TRUSTED,
  GJ_SYNC_ERROR_TOKEN,
  GJ_SYNC_ERROR_PEER,
  GJ_SYNC_ERROR_NOT_SET_UP,
  GJ_SYNC_ERROR_UNREACHABLE,
  GJ_SYNC_ERROR_NO_SUCH_ADDRESS,
} GjSyncError;

GQuark gj_sync_error_quark (void);

G_END_DECLS
