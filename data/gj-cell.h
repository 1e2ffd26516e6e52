/* gj-cell.h: one stamped cell, the unit of change capture and sync
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

#include "gj-value.h"

G_BEGIN_DECLS

#define GJ_SITE_ID_LEN 32  /* hex digits of 16 random bytes */

/* A cell is (kind, row, column) with a value and the clock of the write that
 * produced it. @seen is the clock of the newest value from another device
 * that the writer had for this cell when it wrote (0 if none): it lets a
 * receiver tell an overwrite of a value the writer knew from a concurrent
 * edit that the writer never saw (DESIGN.md §5). */
/* A cell of a kind or field this version does not know (from a newer
 * peer) has column GJ_CELL_UNKNOWN and carries the names it arrived with;
 * its kind is GJ_CELL_UNKNOWN too when the kind itself is unknown. */
#define GJ_CELL_UNKNOWN 0xffff

typedef struct
{
  guint16  kind;     /* GjKind.index, or GJ_CELL_UNKNOWN */
  guint16  column;   /* field position; n_fields is the tombstone; or GJ_CELL_UNKNOWN */
  char    *row;      /* record id (UUID) */
  char    *kind_name;   /* unknown cells only */
  char    *field_name;  /* unknown cells only */
  GjValue  value;
  guint64  hlc;
  guint64  seen;
  char     site[GJ_SITE_ID_LEN + 1];
} GjCell;

GjCell *gj_cell_new   (void) G_GNUC_WARN_UNUSED_RESULT;

#define gj_cell_is_unknown(c) ((c)->column == GJ_CELL_UNKNOWN)
GjCell *gj_cell_copy  (const GjCell *cell) G_GNUC_WARN_UNUSED_RESULT;
void    gj_cell_free  (GjCell *cell);

/* Total order of writes: clock first, then site id. */
int     gj_cell_clock_compare (guint64     hlc_a,
                               const char *site_a,
                               guint64     hlc_b,
                               const char *site_b);

/* Whether @s is a site id as devices make them: GJ_SITE_ID_LEN lowercase
 * hex digits. Ids from peers are checked with it before any use. */
gboolean gj_site_id_is_valid  (const char *s);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (GjCell, gj_cell_free)

G_END_DECLS
