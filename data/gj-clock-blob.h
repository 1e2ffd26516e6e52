/* gj-clock-blob.h: the per-row packed cell clocks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>

G_BEGIN_DECLS

/* The sync metadata of one cell. A row keeps these for all its cells in one
 * BLOB column (_clk) rather than one SQL row per cell: a cell table with its
 * two indexes costs 40+ bytes a cell, the packed form 5-15 (DESIGN.md §4). */
typedef struct
{
  guint64 hlc;    /* 0: this cell was never written */
  guint64 seen;   /* clock of the newest other-device value the writer had */
  gint64  ver;    /* local version of the last change to this cell */
  guint32 site;   /* index into the site table */
} GjClockEntry;

/* Decodes into @entries indexed by column (@n_columns of them, zeroed
 * first). Unknown columns past @n_columns are skipped. Returns FALSE on a
 * malformed blob. */
gboolean  gj_clock_blob_decode (const guint8 *blob,
                                gsize         len,
                                gint64        row_ver,
                                GjClockEntry *entries,
                                guint         n_columns);

/* Encodes the written entries; @row_ver must be the greatest ver among
 * them. Appends to @out (cleared first). */
void      gj_clock_blob_encode (const GjClockEntry *entries,
                                guint               n_columns,
                                gint64              row_ver,
                                GByteArray         *out);

G_END_DECLS
