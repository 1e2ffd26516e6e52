/* gj-report.h: a printable document as a list of blocks
 *
 * A report is built in the data layer (gj-report-*.c build one per kind of
 * document) and knows nothing of pages: gj-report-render.h lays it out on
 * A4 with cairo and pango, for a PDF file, GTK's print dialog and its
 * preview alike, and gj-report-xlsx.h writes its tables as spreadsheet
 * sheets. Every cell carries its display text (formatted the Chinese way
 * under zh_CN) and, for numbers and dates, its value, so that a spreadsheet
 * gets real numbers and dates, not text.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib-object.h>

G_BEGIN_DECLS

typedef enum
{
  GJ_REPORT_HEADING,     /* a section title */
  GJ_REPORT_PARAGRAPH,   /* running text, wrapped */
  GJ_REPORT_FACTS,       /* label: value pairs, two per line where they fit */
  GJ_REPORT_TABLE,       /* breaks across pages, its header repeated */
  GJ_REPORT_CHART,       /* one of the Overview's charts */
  GJ_REPORT_SIGNATURES,  /* a signature and stamp block per party */
  GJ_REPORT_NOTICE,      /* a framed note, such as "no data in this period" */
} GjReportBlockType;

typedef enum
{
  GJ_REPORT_CELL_TEXT,
  GJ_REPORT_CELL_INTEGER,
  GJ_REPORT_CELL_NUMBER,   /* with `decimals` places */
  GJ_REPORT_CELL_MONEY,    /* `number` in yuan, shown with two places */
  GJ_REPORT_CELL_PERCENT,  /* `number` as a fraction (0.7 is 70%) */
  GJ_REPORT_CELL_DATE,     /* `iso` is YYYY-MM-DD */
} GjReportCellType;

typedef enum
{
  GJ_REPORT_MARK_NONE      = 0,
  GJ_REPORT_MARK_SHORTFALL = 1 << 0,  /* below its target: drawn marked, not by colour alone */
  GJ_REPORT_MARK_TOTAL     = 1 << 1,  /* a total row: bold, ruled above */
} GjReportMark;

/* The same kinds as the Overview's chart widget. */
typedef enum
{
  GJ_REPORT_CHART_BARS,     /* one horizontal bar per label */
  GJ_REPORT_CHART_FUNNEL,   /* centred bars, widest first */
  GJ_REPORT_CHART_STACKED,  /* two series per label in one bar */
} GjReportChartKind;

typedef struct
{
  GjReportCellType type;
  char            *text;      /* as shown; never NULL */
  double           number;    /* INTEGER, NUMBER, MONEY, PERCENT */
  int              decimals;  /* NUMBER */
  char            *iso;       /* DATE */
  GjReportMark     mark;
} GjReportCell;

typedef struct
{
  char         *header;     /* column title */
  double        width;      /* relative share of the table's width */
  gboolean      numeric;    /* right-aligned (numbers, money, dates stay left) */
} GjReportColumn;

typedef struct
{
  GjReportCell *cells;
  guint         n_cells;    /* the table's number of columns */
  GjReportMark  mark;       /* the whole row */
} GjReportRow;

typedef struct
{
  char      *label;
  char      *value;
} GjReportFact;

typedef struct
{
  char      *party;         /* "甲方（盖章）" and the like */
  char      *name;          /* the party's name printed under it, or NULL */
} GjReportSignature;

typedef struct
{
  GjReportBlockType   type;
  char               *text;       /* HEADING, PARAGRAPH, NOTICE; TABLE and CHART: their title */
  int                 level;      /* HEADING: 1 or 2 */
  GArray             *facts;      /* GjReportFact */
  GArray             *columns;    /* GjReportColumn */
  GPtrArray          *rows;       /* GjReportRow* */
  char               *sheet;      /* TABLE: its sheet's name in a spreadsheet */
  GjReportChartKind   chart;
  GPtrArray          *labels;     /* CHART: char* */
  GArray             *values;     /* CHART: double */
  GArray             *values2;    /* CHART STACKED: double, else NULL */
  GPtrArray          *texts;      /* CHART: value as shown, char* */
  char               *series[2];  /* CHART STACKED: legend */
  GArray             *signatures; /* GjReportSignature */
} GjReportBlock;

#define GJ_TYPE_REPORT (gj_report_get_type ())
G_DECLARE_FINAL_TYPE (GjReport, gj_report, GJ, REPORT, GObject)

/* @title is the document's title (共驻共建协议书); @station the issuing
 * station as it heads every page; @period what the report covers, shown in
 * the page header, or NULL; the issue date is today unless set. */
GjReport          *gj_report_new            (const char   *title,
                                             const char   *station,
                                             const char   *period) G_GNUC_WARN_UNUSED_RESULT;
const char        *gj_report_get_title      (GjReport     *self);
const char        *gj_report_get_station    (GjReport     *self);
const char        *gj_report_get_period     (GjReport     *self);
/* YYYY-MM-DD; the page header shows it as 2026年12月1日 under zh_CN. */
const char        *gj_report_get_issued_on  (GjReport     *self);
void               gj_report_set_issued_on  (GjReport     *self,
                                             const char   *iso);
/* Wide tables (the indicator report) read better across the page. */
gboolean           gj_report_get_landscape  (GjReport     *self);
void               gj_report_set_landscape  (GjReport     *self,
                                             gboolean      landscape);

guint                gj_report_get_n_blocks (GjReport     *self);
const GjReportBlock *gj_report_get_block    (GjReport     *self,
                                             guint         index);

void               gj_report_add_heading    (GjReport     *self,
                                             int           level,
                                             const char   *text);
void               gj_report_add_paragraph  (GjReport     *self,
                                             const char   *text);
void               gj_report_add_notice     (GjReport     *self,
                                             const char   *text);
/* Facts come in pairs; an empty or NULL value is printed as a blank to
 * fill in by hand, as paper forms do. */
void               gj_report_add_fact       (GjReport     *self,
                                             const char   *label,
                                             const char   *value);
void               gj_report_add_signature  (GjReport     *self,
                                             const char   *party,
                                             const char   *name);

/* Starts a table; the columns and rows that follow belong to it. @sheet
 * names its sheet in a spreadsheet (at most 31 characters, none of
 * []:*?/\), or NULL for the title. */
void               gj_report_begin_table    (GjReport     *self,
                                             const char   *title,
                                             const char   *sheet);
void               gj_report_add_column     (GjReport     *self,
                                             const char   *header,
                                             double        width,
                                             gboolean      numeric);
/* Starts a row of the current table; the cells that follow fill it left
 * to right. A row left short is padded with empty cells. */
void               gj_report_add_row        (GjReport     *self,
                                             GjReportMark  mark);
void               gj_report_add_text       (GjReport     *self,
                                             const char   *text);
void               gj_report_add_integer    (GjReport     *self,
                                             gint64        value);
void               gj_report_add_number     (GjReport     *self,
                                             double        value,
                                             int           decimals);
void               gj_report_add_money      (GjReport     *self,
                                             gint64        fen);
void               gj_report_add_percent    (GjReport     *self,
                                             double        fraction);
/* NULL or empty: an empty cell. */
void               gj_report_add_date       (GjReport     *self,
                                             const char   *iso);
/* Marks the row's last cell, such as a figure below its target. */
void               gj_report_mark_cell      (GjReport     *self,
                                             GjReportMark  mark);

/* @values2 and @series are for GJ_REPORT_CHART_STACKED only (else NULL);
 * @texts are the values as shown, or NULL for the numbers. */
void               gj_report_add_chart      (GjReport           *self,
                                             GjReportChartKind   kind,
                                             const char         *title,
                                             guint               n,
                                             const char *const  *labels,
                                             const double       *values,
                                             const double       *values2,
                                             const char *const  *texts,
                                             const char *const  *series);

/* The report as plain text, one block after another, for tests and for
 * the CLI's --dry-run; tables as tab-separated lines. */
char              *gj_report_to_text        (GjReport     *self) G_GNUC_WARN_UNUSED_RESULT;

/* A date as the reports show it: 2026年12月1日 under zh_CN. Amounts are
 * shown as gj_record_format_money() gives them. */
char              *gj_report_format_date    (const char   *iso) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
