/* gj-store-sync.c: applying a peer's page by merging its cells, and conflicts
 *
 * The merge rule (DESIGN.md §5): a remote cell replaces the local one iff
 * its (clock, site id) is greater. Because the comparison is a total order
 * and a row's cells are merged independently, applying any set of cells in
 * any order, any number of times, ends in the same state.
 *
 * A merged cell keeps the remote clock and site (so it does not come back to
 * its sender as a new edit) but gets a new local version (so it is passed on
 * to the next peer).
 *
 * Conflicts are detected with the cell's "seen" clock: the newest value
 * from another device that the writer had when it wrote. When a value
 * loses to a value from another device whose writer had not seen it, the
 * losing value is recorded. Conflict records are themselves synced rows
 * whose id is derived from the losing write, so every replica ends with the
 * same set no matter which of them noticed a conflict first.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gj-data-error.h"
#include "gj-field-check.h"
#include "gj-hlc.h"
#include "gj-merge.h"
#include "gj-store-private.h"

/* A conflict's id is a function of the losing write alone, formatted like a
 * UUID, so two replicas that notice the same lost value create one record. */
static char *
conflict_id (const GjKind *kind,
             const char   *row,
             guint         column,
             guint64       lost_hlc,
             const char   *lost_site)
{
  /* By slot, which never moves (gj_kind_clock_slot()): replicas of any
   * version derive the same id. */
  g_autofree char *key = g_strdup_printf ("%u|%s|%u|%" G_GUINT64_FORMAT "|%s", kind->index, row,
                                          gj_kind_clock_slot (kind, column), lost_hlc, lost_site);
  g_autofree char *hex = g_compute_checksum_for_string (G_CHECKSUM_SHA256, key, -1);

  return g_strdup_printf ("%.8s-%.4s-8%.3s-%.4s-%.12s", hex, hex + 8, hex + 13, hex + 16,
                          hex + 20);
}

gboolean
gj_store_record_conflict (GjStore       *self,
                          GjRowState    *rs,
                          guint          column,
                          const char    *reason,
                          const GjValue *kept_value,
                          guint64        kept_hlc,
                          const char    *kept_site,
                          const GjValue *lost_value,
                          guint64        lost_hlc,
                          const char    *lost_site,
                          GError       **error)
{
  static const GjKind *conflict_kind;
  g_autoptr(GjRecord) rec = NULL;
  g_autofree char *id = NULL;
  g_autofree char *kept = NULL;
  g_autofree char *lost = NULL;
  GjRowState *crs;
  int street_col;

  if (conflict_kind == NULL)
    conflict_kind = gj_schema_lookup ("conflict");
  g_assert (rs->kind != conflict_kind);

  id = conflict_id (rs->kind, rs->id, column, lost_hlc, lost_site);
  crs = gj_store_row_state (self, conflict_kind);
  if (!gj_store_load_row (self, crs, id, error))
    return FALSE;
  if (crs->exists)
    return TRUE;

  kept = gj_value_to_string (kept_value);
  lost = gj_value_to_string (lost_value);
  rec = gj_record_new (conflict_kind);
  rec->id = g_steal_pointer (&id);
  street_col = gj_kind_field_index (rs->kind, "street_id");
  if (street_col >= 0 && rs->values[street_col].type == GJ_VALUE_TEXT)
    gj_record_set_text (rec, "street_id", rs->values[street_col].s);
  gj_record_set_text (rec, "record_kind", rs->kind->name);
  gj_record_set_text (rec, "record_id", rs->id);
  gj_record_set_text (rec, "field", column < rs->kind->n_fields
                      ? rs->kind->fields[column].name : GJ_DELETED_FIELD_NAME);
  gj_record_set_text (rec, "reason", reason);
  gj_record_set_text (rec, "kept_value", kept);
  gj_record_set_int (rec, "kept_clock", (gint64) kept_hlc);
  gj_record_set_text (rec, "kept_site", kept_site);
  gj_record_set_text (rec, "lost_value", lost);
  gj_record_set_int (rec, "lost_clock", (gint64) lost_hlc);
  gj_record_set_text (rec, "lost_site", lost_site);
  return gj_store_insert (self, rec, error);
}

typedef struct
{
  GjValue  value;
  guint64  hlc;
  char     site[GJ_SITE_ID_LEN + 1];
} LostCell;

/* Merges @cells (@n_cells of them, at most one per column) into the row
 * @rs, which the caller has loaded, and saves it if anything won. */
static gboolean
apply_row (GjStore        *self,
           GjRowState     *rs,
           GjCell * const *cells,
           guint           n_cells,
           guint64         drag_limit,
           GjApplyResult  *result,
           GError        **error)
{
  const GjKind *kind = rs->kind;
  gboolean detect = !(kind->flags & GJ_KIND_FLAG_NO_CONFLICT);
  guint d = kind->n_fields;
  gboolean any = FALSE;
  g_autoptr(GArray) pending = NULL;   /* conflicts found while merging */

  typedef struct { guint column; const char *reason; GjValue kept; guint64 kept_hlc;
                   char kept_site[GJ_SITE_ID_LEN + 1]; LostCell lost; } Pending;

  for (guint i = 0; i < n_cells; i++)
    {
      const GjCell *cell = cells[i];
      GjClockEntry *local = &rs->clk[cell->column];
      const char *local_site = gj_store_site_name (self, local->site);
      guint32 site_idx;
      GjWrite mine, theirs;
      GjMergeOutcome m;

      /* Keep causality with what arrived, but never follow a peer's wrong
       * clock far ahead: the edits made here next would all be dated there. */
      if (cell->hlc > self->hlc)
        self->hlc = MAX (self->hlc, MIN (cell->hlc, drag_limit));

      mine.hlc = local->hlc;
      mine.site = local_site;
      mine.seen = local->seen;
      theirs.hlc = cell->hlc;
      theirs.site = cell->site;
      theirs.seen = cell->seen;
      /* Comparing values costs; only a possible conflict needs it. */
      m = gj_merge_cell (&mine, &theirs,
                         local->hlc == 0 || !detect ||
                         gj_value_equal (&cell->value, &rs->values[cell->column]),
                         detect);

      if (m.conflict)
        {
          gboolean incoming_wins = m.take;
          Pending p = { 0, };

          if (pending == NULL)
            pending = g_array_new (FALSE, TRUE, sizeof (Pending));
          p.column = cell->column;
          p.reason = "concurrent";
          if (incoming_wins)
            {
              gj_value_copy (&p.kept, &cell->value);
              p.kept_hlc = cell->hlc;
              g_strlcpy (p.kept_site, cell->site, sizeof p.kept_site);
              gj_value_copy (&p.lost.value, &rs->values[cell->column]);
              p.lost.hlc = local->hlc;
              g_strlcpy (p.lost.site, local_site, sizeof p.lost.site);
            }
          else
            {
              gj_value_copy (&p.kept, &rs->values[cell->column]);
              p.kept_hlc = local->hlc;
              g_strlcpy (p.kept_site, local_site, sizeof p.kept_site);
              gj_value_copy (&p.lost.value, &cell->value);
              p.lost.hlc = cell->hlc;
              g_strlcpy (p.lost.site, cell->site, sizeof p.lost.site);
            }
          g_array_append_val (pending, p);
        }

      if (!m.take)
        {
          result->ignored++;
          continue;
        }

      site_idx = gj_store_intern_site (self, cell->site, error);
      if (site_idx == 0)
        return FALSE;
      gj_value_copy (&rs->values[cell->column], &cell->value);
      local->hlc = cell->hlc;
      local->site = site_idx;
      local->seen = cell->seen;
      local->ver = self->version + 1;
      rs->changed[cell->column] = TRUE;
      if (cell->column < d && (kind->fields[cell->column].flags & GJ_FIELD_FLAG_SEARCH))
        rs->search_changed = TRUE;
      result->applied++;
      any = TRUE;
    }

  /* An edit meets a delete its writer had not seen: the row stays deleted
   * (the tombstone is just another cell and wins on its own), and the edit
   * is kept as a conflict so that a person can restore the record. */
  if (detect && any && rs->values[d].type == GJ_VALUE_INT && rs->values[d].i != 0)
    {
      const GjClockEntry *del = &rs->clk[d];
      const char *del_site = gj_store_site_name (self, del->site);

      for (guint c = 0; c < d; c++)
        {
          const GjClockEntry *e = &rs->clk[c];
          Pending p = { 0, };

          if (e->hlc == 0 || e->hlc <= del->seen || e->site == del->site ||
              (!rs->changed[c] && !rs->changed[d]))
            continue;
          if (pending == NULL)
            pending = g_array_new (FALSE, TRUE, sizeof (Pending));
          p.column = c;
          p.reason = "deleted";
          gj_value_set_int (&p.kept, 1);
          p.kept_hlc = del->hlc;
          g_strlcpy (p.kept_site, del_site, sizeof p.kept_site);
          gj_value_copy (&p.lost.value, &rs->values[c]);
          p.lost.hlc = e->hlc;
          g_strlcpy (p.lost.site, gj_store_site_name (self, e->site), sizeof p.lost.site);
          g_array_append_val (pending, p);
        }
    }

  if (any && !gj_store_save_row (self, rs, error))
    return FALSE;

  if (pending != NULL)
    {
      gboolean ok = TRUE;

      for (guint i = 0; i < pending->len; i++)
        {
          Pending *p = &g_array_index (pending, Pending, i);

          /* A hostile page could otherwise make conflicts without end; the
           * values themselves are merged whatever happens here. */
          if (ok && result->conflicts < GJ_MAX_CONFLICTS_PER_PAGE)
            {
              ok = gj_store_record_conflict (self, rs, p->column, p->reason, &p->kept,
                                             p->kept_hlc, p->kept_site, &p->lost.value,
                                             p->lost.hlc, p->lost.site, error);
              if (ok)
                result->conflicts++;
            }
          gj_value_clear (&p->kept);
          gj_value_clear (&p->lost.value);
        }
      if (!ok)
        return FALSE;
    }
  return TRUE;
}

/* What every cell needs, known or not: a record id, a clock, a device. */
static gboolean
check_clock (const GjCell  *cell,
             const char    *kind_name,
             GError       **error)
{
  if (cell->row == NULL || cell->row[0] == '\0' || strlen (cell->row) > 64)
    {
      g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID,
                   _("A change of %s has no valid record id"), kind_name);
      return FALSE;
    }
  if (strlen (cell->site) != GJ_SITE_ID_LEN || cell->hlc == 0 || cell->seen > cell->hlc)
    {
      g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_CLOCK,
                   _("A change of %s has an invalid clock or device id"), kind_name);
      return FALSE;
    }
  return TRUE;
}

static gboolean
check_cell (const GjCell  *cell,
            GError       **error)
{
  const GjKind *kind = gj_schema_kind_by_index (cell->kind);

  if (kind == NULL)
    {
      g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_UNKNOWN_KIND,
                   _("A change names an unknown record kind (%u)"), cell->kind);
      return FALSE;
    }
  if (cell->column > kind->n_fields)
    {
      g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_UNKNOWN_FIELD,
                   _("A change names an unknown field (%u) of %s"), cell->column, kind->name);
      return FALSE;
    }
  return check_clock (cell, kind->name, error);
}

/* Judging one row of a page */

static const GjValue *
effective (GjRowState  *rs,
           GjCell     **winners,
           guint        column)
{
  return winners[column] != NULL ? &winners[column]->value : &rs->values[column];
}

static char *
refuse_reason (const char *fmt,
               ...) G_GNUC_PRINTF (1, 2);

static char *
refuse_reason (const char *fmt,
               ...)
{
  va_list ap;
  char *text;

  va_start (ap, fmt);
  text = g_strdup_vprintf (fmt, ap);
  va_end (ap);
  return text;
}

/* Why the row would be wrong once @winners (the newest incoming cell per
 * column that beats what is stored, or NULL) were merged into @rs, or NULL
 * if it would be right. The same rules as a local write, less those about
 * how a person moves a record through its stages: two devices may move it
 * concurrently, and the merge decides. */
static char *
judge_row (GjStore               *self,
           GjRowState            *rs,
           GjCell               **winners,
           const GjApplyOptions  *options,
           guint64                future_limit,
           GError               **error)
{
  const GjKind *kind = rs->kind;
  guint d = kind->n_fields;
  int street_col = gj_kind_field_index (kind, "street_id");
  gboolean any = FALSE;

  for (guint c = 0; c <= d; c++)
    {
      g_autoptr(GError) local = NULL;
      GjCell *w = winners[c];

      if (w == NULL)
        continue;
      any = TRUE;
      if (w->hlc > future_limit)
        {
          g_autofree char *when = gj_hlc_format (w->hlc);
          return refuse_reason (_("The change is dated %s, in the future: the clock of the device "
                                  "that made it was wrong"), when);
        }
      if (c < d && !gj_field_check_value (&kind->fields[c], &w->value, &local))
        return g_strdup (local->message);
      if (c == d && (w->value.type != GJ_VALUE_INT || (w->value.i != 0 && w->value.i != 1)))
        return g_strdup (_("The deletion mark is not yes or no"));
    }
  if (!any)
    return NULL;

  if (rs->exists && (kind->flags & GJ_KIND_FLAG_APPEND_ONLY))
    for (guint c = 0; c <= d; c++)
      if (winners[c] != NULL && !gj_value_equal (&winners[c]->value, &rs->values[c]))
        return refuse_reason (_("%s: entries cannot be changed or deleted once made"),
                              _(kind->label_plural));

  for (guint c = 0; c < d; c++)
    if ((kind->fields[c].flags & GJ_FIELD_FLAG_REQUIRED) &&
        gj_value_is_null (effective (rs, winners, c)))
      return refuse_reason (_("%s: this field is required"), _(kind->fields[c].label));

  if (street_col >= 0)
    {
      const GjValue *street = effective (rs, winners, street_col);

      if (rs->exists && winners[street_col] != NULL &&
          !gj_value_equal (&winners[street_col]->value, &rs->values[street_col]))
        return g_strdup (_("A record cannot move to another street"));
      if (options != NULL && options->scope_street != NULL &&
          (street->type != GJ_VALUE_TEXT || strcmp (street->s, options->scope_street) != 0))
        return g_strdup (_("The record belongs to another street than the sending device's"));
    }
  else if (options != NULL && options->scope_street != NULL &&
           (!(kind->flags & GJ_KIND_FLAG_DISTRICT) || rs->exists))
    /* A laptop set up with its district's name brings that record to the
     * server once, so that every laptop enrolled later finds the district
     * its street points to; changing it afterwards is the district's. */
    return g_strdup (_("District records are written by the district only"));

  {
    const GjValue **values = g_newa (const GjValue *, d);
    g_autoptr(GError) rule_error = NULL;

    const GjValue *deleted = effective (rs, winners, d);

    for (guint c = 0; c < d; c++)
      values[c] = effective (rs, winners, c);
    /* Identifiers shared by two records are left to the duplicate review:
     * gj_store_check_cross_rules() does not ask about them. */
    if (!gj_store_check_kind_rules (self, kind, values, !rs->exists, &rule_error) ||
        (!(deleted->type == GJ_VALUE_INT && deleted->i != 0) &&
         !gj_store_check_cross_rules (self, kind, values, &rule_error)))
      {
        if (g_error_matches (rule_error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID) ||
            g_error_matches (rule_error, GJ_DATA_ERROR, GJ_DATA_ERROR_BALANCE))
          return g_strdup (rule_error->message);
        g_propagate_error (error, g_steal_pointer (&rule_error));
      }
  }
  return NULL;
}

/* Sorts what arrived for the row @rs (loaded): the newest cell per column
 * of @held (may be NULL) and of @cells [start, end) into @newest, since a
 * page (or a hostile sender) may repeat a column and only its last word
 * counts, which also bounds the conflicts a row can make to one per
 * column; those that beat what is stored into @winners; all of the newest,
 * in column order, into @todo. Returns how many are in @todo. */
static guint
pick_cells (GjStore     *self,
            GjRowState  *rs,
            GPtrArray   *held,
            GPtrArray   *cells,
            guint        start,
            guint        end,
            GjCell     **newest,
            GjCell     **winners,
            GjCell     **todo)
{
  guint n_held = held ? held->len : 0, n_todo = 0;

  for (guint i = 0; i < n_held + (end - start); i++)
    {
      GjCell *c = i < n_held ? g_ptr_array_index (held, i)
                             : g_ptr_array_index (cells, start + i - n_held);
      GjCell *n = newest[c->column];

      if (n == NULL || gj_cell_clock_compare (c->hlc, c->site, n->hlc, n->site) > 0)
        newest[c->column] = c;
    }
  for (guint c = 0; c <= rs->kind->n_fields; c++)
    {
      GjCell *n = newest[c];

      if (n == NULL)
        continue;
      todo[n_todo++] = n;
      if (rs->clk[c].hlc == 0 ||
          gj_cell_clock_compare (n->hlc, n->site, rs->clk[c].hlc,
                                 gj_store_site_name (self, rs->clk[c].site)) > 0)
        winners[c] = n;
    }
  return n_todo;
}

/* Applies one row's cells [start, end) of @cells, with what quarantine
 * held for it, or holds them all. */
static gboolean
apply_group (GjStore              *self,
             GPtrArray            *cells,
             guint                 start,
             guint                 end,
             const GjApplyOptions *options,
             guint64               future_limit,
             guint64               drag_limit,
             GjApplyResult        *result,
             GPtrArray            *refused,
             GError              **error)
{
  const GjCell *first = g_ptr_array_index (cells, start);
  const GjKind *kind = gj_schema_kind_by_index (first->kind);
  g_autoptr(GPtrArray) held = NULL;
  /* A few pointers per column: on the stack, since this runs once a row
   * on the path of every initial sync. */
  GjCell **todo = g_newa0 (GjCell *, kind->n_fields + 1);
  GjCell **newest = g_newa0 (GjCell *, kind->n_fields + 1);
  GjCell **winners = g_newa0 (GjCell *, kind->n_fields + 1);
  g_autofree char *reason = NULL;
  g_autoptr(GError) judge_error = NULL;
  guint n_todo = 0, n_held = 0;
  GjRowState *rs;

  if (self->n_quarantined > 0)
    {
      held = g_ptr_array_new_with_free_func ((GDestroyNotify) gj_cell_free);
      if (!gj_store_quarantine_load (self, kind->index, first->row, held, error))
        return FALSE;
      n_held = held->len;
    }

  rs = gj_store_row_state (self, kind);
  if (!gj_store_load_row (self, rs, first->row, error))
    return FALSE;
  n_todo = pick_cells (self, rs, held, cells, start, end, newest, winners, todo);

  /* Held cells only complete a row that is not stored yet (a sender may
   * have split it across pages). Those held for a stored row were refused
   * on their own and are never judged again with a later page: that page
   * may come from another device, whose street would then let them in. */
  if (n_held == 0 || !rs->exists)
    reason = judge_row (self, rs, winners, options, future_limit, &judge_error);
  if (judge_error != NULL)
    {
      g_propagate_error (error, g_steal_pointer (&judge_error));
      return FALSE;
    }
  if (n_held > 0 && (reason != NULL || rs->exists))
    {
      /* What is held for this row came earlier, perhaps from another
       * device: it must not cost this page its own valid change, or one
       * hostile cell held for a row would refuse every later edit of it.
       * The page's cells are judged on their own, and the held ones stay
       * held (merged with this page's if it is refused too). */
      GjCell **own = g_newa0 (GjCell *, kind->n_fields + 1);
      GjCell **own_winners = g_newa0 (GjCell *, kind->n_fields + 1);
      GjCell **own_todo = g_newa0 (GjCell *, kind->n_fields + 1);
      guint n_own = pick_cells (self, rs, NULL, cells, start, end, own, own_winners, own_todo);
      g_autofree char *own_reason = NULL;

      own_reason = judge_row (self, rs, own_winners, options, future_limit, &judge_error);
      if (judge_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&judge_error));
          return FALSE;
        }
      if (own_reason == NULL)
        return apply_row (self, rs, own_todo, n_own, drag_limit, result, error) &&
               gj_store_quarantine_forget_fixed (self, rs, error);
      if (reason == NULL)
        reason = g_steal_pointer (&own_reason);
    }
  if (reason != NULL)
    {
      result->refused++;
      if (refused != NULL)
        {
          GjRefusal *r = g_new0 (GjRefusal, 1);

          r->kind = g_strdup (kind->name);
          r->id = g_strdup (first->row);
          r->reason = g_strdup (reason);
          g_ptr_array_add (refused, r);
        }
      return gj_store_quarantine_put (self, kind->index, first->row, newest, kind->n_fields + 1,
                                      reason, options ? options->sender : NULL, error);
    }

  /* A row held before it was ever stored comes in whole now. One that was
   * found invalid where it is stored stays held until every one of its
   * values is right, not only the ones this page brings. */
  if (n_held > 0 && !rs->exists &&
      !gj_store_quarantine_drop (self, kind->index, first->row, error))
    return FALSE;
  if (!apply_row (self, rs, todo, n_todo, drag_limit, result, error))
    return FALSE;
  return n_held == 0 || gj_store_quarantine_forget_fixed (self, rs, error);
}

gboolean
gj_store_apply_page (GjStore              *self,
                     GPtrArray            *cells,
                     const GjApplyOptions *options,
                     GjApplyResult        *result,
                     GPtrArray            *refused,
                     GError              **error)
{
  GjApplyResult local_result = { 0, };
  guint64 now = gj_hlc_now_physical ();
  guint64 future_limit = now + ((guint64) GJ_MAX_FUTURE_MS << GJ_HLC_SHIFT);
  guint64 drag_limit = now + ((guint64) GJ_MAX_CLOCK_DRAG_MS << GJ_HLC_SHIFT);
  guint n_refused = refused ? refused->len : 0;
  g_autoptr(GPtrArray) known = NULL;
  g_autoptr(GPtrArray) unknown = NULL;
  g_autoptr(GPtrArray) own = NULL;
  GPtrArray *list = refused;
  guint i = 0;

  g_return_val_if_fail (GJ_IS_STORE (self), FALSE);
  g_return_val_if_fail (cells != NULL, FALSE);

  if (result == NULL)
    result = &local_result;
  memset (result, 0, sizeof *result);

  /* Cells of kinds and fields a newer version sent are kept apart, after
   * the rows they belong to. */
  known = g_ptr_array_sized_new (cells->len);
  unknown = g_ptr_array_new ();
  for (guint j = 0; j < cells->len; j++)
    {
      GjCell *c = g_ptr_array_index (cells, j);

      if (gj_cell_is_unknown (c))
        {
          if (c->kind_name == NULL || c->field_name == NULL ||
              !check_clock (c, c->kind_name, error))
            {
              if (error && !*error)
                g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_UNKNOWN_FIELD,
                             _("A change of a newer version names no kind or field"));
              return FALSE;
            }
          g_ptr_array_add (unknown, c);
        }
      else if (!check_cell (c, error))
        return FALSE;
      else
        g_ptr_array_add (known, c);
    }

  if (list == NULL)
    list = own = g_ptr_array_new_with_free_func ((GDestroyNotify) gj_refusal_free);

  if (!gj_store_begin (self, error))
    return FALSE;
  if (!gj_store_count_quarantined (self, error))
    {
      gj_store_rollback (self);
      return FALSE;
    }

  while (i < known->len)
    {
      const GjCell *first = g_ptr_array_index (known, i);
      guint j = i + 1;

      /* Cells arrive grouped by row from gj_store_changes_since(); a row
       * split across groups is merged twice, which is harmless. */
      while (j < known->len)
        {
          const GjCell *c = g_ptr_array_index (known, j);
          if (c->kind != first->kind || strcmp (c->row, first->row) != 0)
            break;
          j++;
        }
      if (!apply_group (self, known, i, j, options, future_limit, drag_limit, result, list, error))
        goto fail;
      i = j;
    }
  if (unknown->len > 0)
    {
      g_autoptr(GHashTable) refused_rows = g_hash_table_new_full (g_str_hash, g_str_equal,
                                                                  g_free, NULL);

      /* Unknown cells of a row refused here go with it. */
      for (guint j = refused ? n_refused : 0; j < list->len; j++)
        {
          GjRefusal *r = g_ptr_array_index (list, j);
          g_hash_table_add (refused_rows, g_strconcat (r->kind, " ", r->id, NULL));
        }
      if (!gj_store_apply_unknown (self, unknown, options, refused_rows, future_limit, drag_limit,
                                   result, refused, error))
        goto fail;
    }
  return gj_store_commit (self, error);

fail:
  gj_store_rollback (self);
  memset (result, 0, sizeof *result);
  if (refused != NULL)
    g_ptr_array_set_size (refused, n_refused);
  return FALSE;
}

gboolean
gj_store_apply (GjStore        *self,
                GPtrArray      *cells,
                GjApplyResult  *result,
                GError        **error)
{
  return gj_store_apply_page (self, cells, NULL, result, NULL, error);
}

static gboolean
restore_lost_value (GjStore   *self,
                    GjRecord  *conflict,
                    GError   **error)
{
  const GjKind *kind = gj_schema_lookup (gj_record_get_text (conflict, "record_kind") ?: "");
  const char *record_id = gj_record_get_text (conflict, "record_id");
  const char *field_name = gj_record_get_text (conflict, "field");
  const char *lost = gj_record_get_text (conflict, "lost_value");
  g_autoptr(GjRecord) change = NULL;
  const GjField *field;
  int col;

  if (kind == NULL || record_id == NULL || field_name == NULL)
    {
      g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_CORRUPT,
                   _("This conflict record is incomplete and cannot be applied"));
      return FALSE;
    }
  if (g_strcmp0 (gj_record_get_text (conflict, "reason"), "deleted") == 0)
    return gj_store_undelete (self, kind, record_id, error);

  col = gj_kind_field_index (kind, field_name);
  if (col < 0 || (guint) col >= kind->n_fields)
    return gj_store_undelete (self, kind, record_id, error);
  field = &kind->fields[col];
  change = gj_record_new (kind);
  change->id = g_strdup (record_id);
  /* Conflicts keep values as text; give the field back its own type. */
  if (lost == NULL)
    gj_record_set_null (change, field_name);
  else if (field->type == GJ_FIELD_INT || field->type == GJ_FIELD_MONEY ||
           field->type == GJ_FIELD_BOOL)
    gj_record_set_int (change, field_name, g_ascii_strtoll (lost, NULL, 10));
  else if (field->type == GJ_FIELD_REAL)
    gj_record_set_real (change, field_name, g_ascii_strtod (lost, NULL));
  else
    gj_record_set_text (change, field_name, lost);
  return gj_store_update (self, change, GJ_WRITE_REOPEN, error);
}

gboolean
gj_store_resolve_conflict (GjStore     *self,
                           const char  *conflict_id,
                           gboolean     keep_other,
                           GError     **error)
{
  const GjKind *kind = gj_schema_lookup ("conflict");
  g_autoptr(GjRecord) conflict = NULL;
  g_autoptr(GjRecord) done = NULL;

  g_return_val_if_fail (GJ_IS_STORE (self), FALSE);

  if (!(conflict = gj_store_get (self, kind, conflict_id, error)))
    return FALSE;
  if (!gj_store_begin (self, error))
    return FALSE;
  if (keep_other && !restore_lost_value (self, conflict, error))
    {
      gj_store_rollback (self);
      return FALSE;
    }
  done = gj_record_new (kind);
  done->id = g_strdup (conflict_id);
  gj_record_set_bool (done, "resolved", TRUE);
  if (!gj_store_update (self, done, GJ_WRITE_NONE, error))
    {
      gj_store_rollback (self);
      return FALSE;
    }
  return gj_store_commit (self, error);
}

