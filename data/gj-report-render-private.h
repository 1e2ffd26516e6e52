/* gj-report-render-private.h: what the renderer's files share
 *
 * gj-report-render.c paginates and draws the page's frame,
 * gj-report-blocks.c measures and draws the pieces of each block,
 * gj-report-pdf.c and gj-report-xlsx.c write files.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gj-report-render.h"

G_BEGIN_DECLS

/* A block is cut into pieces that never break across pages: a heading, a
 * line of a paragraph, a line of facts, a table row, a chart, a row of
 * signatures, a notice. */
typedef enum
{
  PIECE_TITLE,       /* the report's title, on the first page */
  PIECE_HEADING,
  PIECE_LINE,        /* @index: the paragraph's line */
  PIECE_FACTS,       /* @index: first fact, @count: 1 or 2 side by side */
  PIECE_CAPTION,     /* a table's title */
  PIECE_HEADER,      /* a table's header row, repeated on every page */
  PIECE_ROW,         /* @index: the table's row */
  PIECE_CHART,
  PIECE_SIGNATURES,  /* @index: first signature, @count: 1 or 2 */
  PIECE_NOTICE,
} GjPieceKind;

typedef struct
{
  GjPieceKind kind;
  guint       block;
  guint       index;
  guint       count;
  double      height;
  double      space;    /* above it, unless it opens a page */
  gboolean    keep;     /* never the last piece of a page */
} GjPiece;

/* In points (the user units of the context drawn on), as all sizes. */
#define GJ_REPORT_MARGIN 56.0   /* 2 cm */

typedef enum
{
  GJ_REPORT_FONT_BODY,
  GJ_REPORT_FONT_BOLD,
  GJ_REPORT_FONT_SMALL,
  GJ_REPORT_FONT_SMALL_BOLD,
  GJ_REPORT_FONT_HEADING1,
  GJ_REPORT_FONT_HEADING2,
  GJ_REPORT_FONT_TITLE,
  GJ_REPORT_N_FONTS,
} GjReportFont;

struct _GjReportLayout
{
  GjReport             *report;
  PangoContext         *context;
  double                width;
  double                height;
  double                content_width;
  PangoFontDescription *fonts[GJ_REPORT_N_FONTS];
  GPtrArray            *paragraphs;  /* PangoLayout* per block, NULL but for paragraphs */
  GPtrArray            *widths;      /* per block: a TABLE's column widths (GArray of double) */
  GArray               *label_widths;/* per block: a FACTS block's label column (double) */
  GArray               *pieces;      /* GjPiece */
  GArray               *placed;      /* GjPlaced, page after page */
  GArray               *pages;       /* guint: each page's first GjPlaced */
};

typedef struct
{
  guint  piece;
  double y;
  double height;  /* less than the piece's when it is clipped to the page */
} GjPlaced;

/* gj-report-blocks.c */
PangoLayout *gj_report_layout_text   (GjReportLayout *self,
                                      GjReportFont    font,
                                      const char     *text,
                                      double          width) G_GNUC_WARN_UNUSED_RESULT;
void         gj_report_layout_cut    (GjReportLayout *self,
                                      guint           block);
void         gj_report_layout_piece  (GjReportLayout *self,
                                      cairo_t        *cr,
                                      const GjPiece  *piece,
                                      double          y);

/* gj-report-pdf.c: a temporary file beside @path, created empty, to be
 * moved over @path once it is complete; the error names @path. */
char        *gj_report_temp_file     (const char     *path,
                                      GError        **error) G_GNUC_WARN_UNUSED_RESULT;
gboolean     gj_report_commit_file   (const char     *temp,
                                      const char     *path,
                                      GError        **error);

G_END_DECLS
