/* gj-report.c: a printable document as a list of blocks
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-report"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <stdio.h>

#include "gj-dates.h"
#include "gj-record.h"
#include "gj-report.h"

struct _GjReport
{
  GObject    parent_instance;

  char      *title;
  char      *station;
  char      *period;
  char      *issued_on;
  gboolean   landscape;
  GPtrArray *blocks;     /* GjReportBlock* */
  guint      next_cell;  /* of the current table's last row */
};

G_DEFINE_FINAL_TYPE (GjReport, gj_report, G_TYPE_OBJECT)

static void
block_free (gpointer data)
{
  GjReportBlock *block = data;

  g_free (block->text);
  g_free (block->sheet);
  g_clear_pointer (&block->facts, g_array_unref);
  g_clear_pointer (&block->columns, g_array_unref);
  g_clear_pointer (&block->rows, g_ptr_array_unref);
  g_clear_pointer (&block->labels, g_ptr_array_unref);
  g_clear_pointer (&block->values, g_array_unref);
  g_clear_pointer (&block->values2, g_array_unref);
  g_clear_pointer (&block->texts, g_ptr_array_unref);
  g_free (block->series[0]);
  g_free (block->series[1]);
  g_clear_pointer (&block->signatures, g_array_unref);
  g_free (block);
}

static void
gj_report_finalize (GObject *object)
{
  GjReport *self = GJ_REPORT (object);

  g_free (self->title);
  g_free (self->station);
  g_free (self->period);
  g_free (self->issued_on);
  g_ptr_array_unref (self->blocks);

  G_OBJECT_CLASS (gj_report_parent_class)->finalize (object);
}

static void
gj_report_class_init (GjReportClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = gj_report_finalize;
}

static void
gj_report_init (GjReport *self)
{
  self->blocks = g_ptr_array_new_with_free_func (block_free);
  self->issued_on = gj_dates_today ();
}

GjReport *
gj_report_new (const char *title,
               const char *station,
               const char *period)
{
  GjReport *self = g_object_new (GJ_TYPE_REPORT, NULL);

  g_return_val_if_fail (title != NULL, NULL);

  self->title = g_strdup (title);
  self->station = g_strdup (station ? station : "");
  self->period = g_strdup (period);
  return self;
}

const char *
gj_report_get_title (GjReport *self)
{
  g_return_val_if_fail (GJ_IS_REPORT (self), NULL);
  return self->title;
}

const char *
gj_report_get_station (GjReport *self)
{
  g_return_val_if_fail (GJ_IS_REPORT (self), NULL);
  return self->station;
}

const char *
gj_report_get_period (GjReport *self)
{
  g_return_val_if_fail (GJ_IS_REPORT (self), NULL);
  return self->period;
}

const char *
gj_report_get_issued_on (GjReport *self)
{
  g_return_val_if_fail (GJ_IS_REPORT (self), NULL);
  return self->issued_on;
}

void
gj_report_set_issued_on (GjReport   *self,
                         const char *iso)
{
  g_return_if_fail (GJ_IS_REPORT (self));
  g_return_if_fail (iso != NULL);
  g_free (self->issued_on);
  self->issued_on = g_strdup (iso);
}

gboolean
gj_report_get_landscape (GjReport *self)
{
  g_return_val_if_fail (GJ_IS_REPORT (self), FALSE);
  return self->landscape;
}

void
gj_report_set_landscape (GjReport *self,
                         gboolean  landscape)
{
  g_return_if_fail (GJ_IS_REPORT (self));
  self->landscape = !!landscape;
}

guint
gj_report_get_n_blocks (GjReport *self)
{
  g_return_val_if_fail (GJ_IS_REPORT (self), 0);
  return self->blocks->len;
}

const GjReportBlock *
gj_report_get_block (GjReport *self,
                     guint     index)
{
  g_return_val_if_fail (GJ_IS_REPORT (self), NULL);
  g_return_val_if_fail (index < self->blocks->len, NULL);
  return g_ptr_array_index (self->blocks, index);
}

static GjReportBlock *
add_block (GjReport          *self,
           GjReportBlockType  type,
           const char        *text)
{
  GjReportBlock *block = g_new0 (GjReportBlock, 1);

  block->type = type;
  block->text = g_strdup (text);
  g_ptr_array_add (self->blocks, block);
  return block;
}

static GjReportBlock *
last_block (GjReport          *self,
            GjReportBlockType  type)
{
  GjReportBlock *block;

  if (self->blocks->len == 0)
    return NULL;
  block = g_ptr_array_index (self->blocks, self->blocks->len - 1);
  return block->type == type ? block : NULL;
}

void
gj_report_add_heading (GjReport   *self,
                       int         level,
                       const char *text)
{
  g_return_if_fail (GJ_IS_REPORT (self));
  g_return_if_fail (text != NULL);
  add_block (self, GJ_REPORT_HEADING, text)->level = CLAMP (level, 1, 2);
}

void
gj_report_add_paragraph (GjReport   *self,
                         const char *text)
{
  g_return_if_fail (GJ_IS_REPORT (self));
  g_return_if_fail (text != NULL);
  add_block (self, GJ_REPORT_PARAGRAPH, text);
}

void
gj_report_add_notice (GjReport   *self,
                      const char *text)
{
  g_return_if_fail (GJ_IS_REPORT (self));
  g_return_if_fail (text != NULL);
  add_block (self, GJ_REPORT_NOTICE, text);
}

static void
fact_clear (gpointer data)
{
  GjReportFact *fact = data;

  g_free (fact->label);
  g_free (fact->value);
}

void
gj_report_add_fact (GjReport   *self,
                    const char *label,
                    const char *value)
{
  GjReportBlock *block;
  GjReportFact fact;

  g_return_if_fail (GJ_IS_REPORT (self));
  g_return_if_fail (label != NULL);

  block = last_block (self, GJ_REPORT_FACTS);
  if (block == NULL)
    {
      block = add_block (self, GJ_REPORT_FACTS, NULL);
      block->facts = g_array_new (FALSE, FALSE, sizeof (GjReportFact));
      g_array_set_clear_func (block->facts, fact_clear);
    }
  fact.label = g_strdup (label);
  fact.value = g_strdup (value ? value : "");
  g_array_append_val (block->facts, fact);
}

static void
signature_clear (gpointer data)
{
  GjReportSignature *signature = data;

  g_free (signature->party);
  g_free (signature->name);
}

void
gj_report_add_signature (GjReport   *self,
                         const char *party,
                         const char *name)
{
  GjReportBlock *block;
  GjReportSignature signature;

  g_return_if_fail (GJ_IS_REPORT (self));
  g_return_if_fail (party != NULL);

  block = last_block (self, GJ_REPORT_SIGNATURES);
  if (block == NULL)
    {
      block = add_block (self, GJ_REPORT_SIGNATURES, NULL);
      block->signatures = g_array_new (FALSE, FALSE, sizeof (GjReportSignature));
      g_array_set_clear_func (block->signatures, signature_clear);
    }
  signature.party = g_strdup (party);
  signature.name = g_strdup (name);
  g_array_append_val (block->signatures, signature);
}

static void
column_clear (gpointer data)
{
  g_free (((GjReportColumn *) data)->header);
}

static void
table_row_free (gpointer data)
{
  GjReportRow *row = data;

  for (guint i = 0; i < row->n_cells; i++)
    {
      g_free (row->cells[i].text);
      g_free (row->cells[i].iso);
    }
  g_free (row->cells);
  g_free (row);
}

void
gj_report_begin_table (GjReport   *self,
                       const char *title,
                       const char *sheet)
{
  GjReportBlock *block;

  g_return_if_fail (GJ_IS_REPORT (self));

  block = add_block (self, GJ_REPORT_TABLE, title);
  block->sheet = g_strdup (sheet ? sheet : title);
  block->columns = g_array_new (FALSE, FALSE, sizeof (GjReportColumn));
  g_array_set_clear_func (block->columns, column_clear);
  block->rows = g_ptr_array_new_with_free_func (table_row_free);
}

static GjReportBlock *
current_table (GjReport *self)
{
  GjReportBlock *block = last_block (self, GJ_REPORT_TABLE);

  g_return_val_if_fail (block != NULL, NULL);
  return block;
}

void
gj_report_add_column (GjReport   *self,
                      const char *header,
                      double      width,
                      gboolean    numeric)
{
  GjReportBlock *block;
  GjReportColumn column;

  g_return_if_fail (GJ_IS_REPORT (self));
  g_return_if_fail (header != NULL);
  block = current_table (self);
  g_return_if_fail (block != NULL && block->rows->len == 0);

  column.header = g_strdup (header);
  column.width = width > 0 ? width : 1;
  column.numeric = !!numeric;
  g_array_append_val (block->columns, column);
}

void
gj_report_add_row (GjReport     *self,
                   GjReportMark  mark)
{
  GjReportBlock *block;
  GjReportRow *row;

  g_return_if_fail (GJ_IS_REPORT (self));
  block = current_table (self);
  g_return_if_fail (block != NULL && block->columns->len > 0);

  row = g_new0 (GjReportRow, 1);
  row->n_cells = block->columns->len;
  row->cells = g_new0 (GjReportCell, row->n_cells);
  for (guint i = 0; i < row->n_cells; i++)
    row->cells[i].text = g_strdup ("");
  row->mark = mark;
  g_ptr_array_add (block->rows, row);
  self->next_cell = 0;
}

/* The next cell of the current row, or NULL (with a critical) when the
 * row is full or there is none: a builder's bug, not the data's. */
static GjReportCell *
next_cell (GjReport *self)
{
  GjReportBlock *block = current_table (self);
  GjReportRow *row;

  g_return_val_if_fail (block != NULL && block->rows->len > 0, NULL);
  row = g_ptr_array_index (block->rows, block->rows->len - 1);
  g_return_val_if_fail (self->next_cell < row->n_cells, NULL);
  return &row->cells[self->next_cell++];
}

static void
set_cell (GjReport         *self,
          GjReportCellType  type,
          char             *text,
          double            number)
{
  GjReportCell *cell = next_cell (self);

  if (cell == NULL)
    {
      g_free (text);
      return;
    }
  cell->type = type;
  g_free (cell->text);
  cell->text = text;
  cell->number = number;
}

void
gj_report_add_text (GjReport   *self,
                    const char *text)
{
  g_return_if_fail (GJ_IS_REPORT (self));
  set_cell (self, GJ_REPORT_CELL_TEXT, g_strdup (text ? text : ""), 0);
}

void
gj_report_add_integer (GjReport *self,
                       gint64    value)
{
  g_return_if_fail (GJ_IS_REPORT (self));
  set_cell (self, GJ_REPORT_CELL_INTEGER, g_strdup_printf ("%" G_GINT64_FORMAT, value),
            (double) value);
}

void
gj_report_add_number (GjReport *self,
                      double    value,
                      int       decimals)
{
  GjReportBlock *block;
  GjReportRow *row;

  g_return_if_fail (GJ_IS_REPORT (self));
  decimals = CLAMP (decimals, 0, 6);
  set_cell (self, GJ_REPORT_CELL_NUMBER, g_strdup_printf ("%.*f", decimals, value), value);
  block = current_table (self);
  row = g_ptr_array_index (block->rows, block->rows->len - 1);
  if (self->next_cell > 0)
    row->cells[self->next_cell - 1].decimals = decimals;
}

void
gj_report_add_money (GjReport *self,
                     gint64    fen)
{
  g_return_if_fail (GJ_IS_REPORT (self));
  set_cell (self, GJ_REPORT_CELL_MONEY, gj_record_format_money (fen), fen / 100.0);
}

void
gj_report_add_percent (GjReport *self,
                       double    fraction)
{
  g_return_if_fail (GJ_IS_REPORT (self));
  set_cell (self, GJ_REPORT_CELL_PERCENT, g_strdup_printf ("%.0f%%", fraction * 100), fraction);
}

void
gj_report_add_date (GjReport   *self,
                    const char *iso)
{
  GjReportCell *cell;

  g_return_if_fail (GJ_IS_REPORT (self));
  cell = next_cell (self);
  if (cell == NULL)
    return;
  cell->type = iso && *iso ? GJ_REPORT_CELL_DATE : GJ_REPORT_CELL_TEXT;
  if (iso && *iso)
    {
      g_free (cell->text);
      cell->text = gj_report_format_date (iso);
      cell->iso = g_strdup (iso);
    }
}

void
gj_report_mark_cell (GjReport     *self,
                     GjReportMark  mark)
{
  GjReportBlock *block;
  GjReportRow *row;

  g_return_if_fail (GJ_IS_REPORT (self));
  block = current_table (self);
  g_return_if_fail (block != NULL && block->rows->len > 0 && self->next_cell > 0);
  row = g_ptr_array_index (block->rows, block->rows->len - 1);
  row->cells[self->next_cell - 1].mark |= mark;
}

static GPtrArray *
strv_array (guint              n,
            const char *const *strings)
{
  GPtrArray *array = g_ptr_array_new_full (n, g_free);

  for (guint i = 0; i < n; i++)
    g_ptr_array_add (array, g_strdup (strings && strings[i] ? strings[i] : ""));
  return array;
}

static GArray *
double_array (guint         n,
              const double *values)
{
  GArray *array = g_array_sized_new (FALSE, TRUE, sizeof (double), n);

  if (values)
    g_array_append_vals (array, values, n);
  else
    g_array_set_size (array, n);
  return array;
}

void
gj_report_add_chart (GjReport          *self,
                     GjReportChartKind  kind,
                     const char        *title,
                     guint              n,
                     const char *const *labels,
                     const double      *values,
                     const double      *values2,
                     const char *const *texts,
                     const char *const *series)
{
  GjReportBlock *block;

  g_return_if_fail (GJ_IS_REPORT (self));
  g_return_if_fail (n == 0 || (labels != NULL && values != NULL));

  block = add_block (self, GJ_REPORT_CHART, title);
  block->chart = kind;
  block->labels = strv_array (n, labels);
  block->values = double_array (n, values);
  if (kind == GJ_REPORT_CHART_STACKED)
    block->values2 = double_array (n, values2);
  block->texts = g_ptr_array_new_full (n, g_free);
  /* A stacked bar's value is its two series together, as the Overview
   * shows it. */
  for (guint i = 0; i < n; i++)
    g_ptr_array_add (block->texts,
                     texts && texts[i] ? g_strdup (texts[i])
                                       : g_strdup_printf ("%g", values[i] +
                                                          (block->values2 && values2
                                                             ? values2[i] : 0)));
  if (series)
    {
      block->series[0] = g_strdup (series[0]);
      block->series[1] = g_strdup (series[1]);
    }
}

static void
append_table_text (GString             *out,
                   const GjReportBlock *block)
{
  if (block->text)
    g_string_append_printf (out, "%s\n", block->text);
  for (guint c = 0; c < block->columns->len; c++)
    g_string_append_printf (out, "%s%s", c ? "\t" : "",
                            g_array_index (block->columns, GjReportColumn, c).header);
  g_string_append_c (out, '\n');
  for (guint r = 0; r < block->rows->len; r++)
    {
      const GjReportRow *row = g_ptr_array_index (block->rows, r);

      for (guint c = 0; c < row->n_cells; c++)
        g_string_append_printf (out, "%s%s", c ? "\t" : "", row->cells[c].text);
      g_string_append_c (out, '\n');
    }
}

char *
gj_report_to_text (GjReport *self)
{
  g_autoptr(GString) out = g_string_new (NULL);
  g_autofree char *issued = NULL;

  g_return_val_if_fail (GJ_IS_REPORT (self), NULL);

  issued = gj_report_format_date (self->issued_on);
  g_string_append_printf (out, "%s\n%s\n", self->title, self->station);
  if (self->period)
    g_string_append_printf (out, "%s\n", self->period);
  g_string_append_printf (out, "%s\n", issued);

  for (guint i = 0; i < self->blocks->len; i++)
    {
      const GjReportBlock *block = g_ptr_array_index (self->blocks, i);

      g_string_append_c (out, '\n');
      switch (block->type)
        {
        case GJ_REPORT_HEADING:
        case GJ_REPORT_PARAGRAPH:
        case GJ_REPORT_NOTICE:
          g_string_append_printf (out, "%s\n", block->text);
          break;
        case GJ_REPORT_FACTS:
          for (guint f = 0; f < block->facts->len; f++)
            {
              const GjReportFact *fact = &g_array_index (block->facts, GjReportFact, f);
              g_string_append_printf (out, "%s: %s\n", fact->label, fact->value);
            }
          break;
        case GJ_REPORT_TABLE:
          append_table_text (out, block);
          break;
        case GJ_REPORT_CHART:
          if (block->text)
            g_string_append_printf (out, "%s\n", block->text);
          for (guint l = 0; l < block->labels->len; l++)
            g_string_append_printf (out, "%s\t%s\n", (char *) g_ptr_array_index (block->labels, l),
                                    (char *) g_ptr_array_index (block->texts, l));
          break;
        case GJ_REPORT_SIGNATURES:
          for (guint g = 0; g < block->signatures->len; g++)
            {
              const GjReportSignature *s = &g_array_index (block->signatures, GjReportSignature, g);
              g_string_append_printf (out, "%s %s\n", s->party, s->name ? s->name : "");
            }
          break;
        default:
          g_assert_not_reached ();
        }
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

char *
gj_report_format_date (const char *iso)
{
  int y, m, d;
  g_autoptr(GDateTime) dt = NULL;

  g_return_val_if_fail (iso != NULL, NULL);

  if (sscanf (iso, "%4d-%2d-%2d", &y, &m, &d) != 3)
    return g_strdup (iso);
  dt = g_date_time_new_utc (y, m, d, 0, 0, 0);
  if (dt == NULL)
    return g_strdup (iso);
  /* TRANSLATORS: a date in a printed report; zh_CN writes 2026年12月1日
   * (%-m and %-d: the month and day without a leading zero) */
  return g_date_time_format (dt, _("%-d %B %Y"));
}
