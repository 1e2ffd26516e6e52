/* gj-store-write.c: the one local write path (insert, update, delete,
 * undelete) and the checks a local write passes
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-store"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gj-attachments.h"
#include "gj-data-error.h"
#include "gj-field-check.h"
#include "gj-record.h"
#include "gj-store-private.h"
#include "gj-validate.h"

/* Validation of local writes */

/* The checks every door shares (gj_field_check_value()), then what only a
 * local write can ask: that a referenced record exists here. A peer's
 * page may name a record that has not arrived yet ("Not yet synced"). */
static gboolean
check_value_type (GjStore        *self,
                  const GjField  *field,
                  const GjValue  *v,
                  GError        **error)
{
  const GjKind *target;
  GjRowState *rs;

  if (!gj_field_check_value (field, v, error))
    return FALSE;
  if (field->type != GJ_FIELD_REF || v->type != GJ_VALUE_TEXT ||
      (target = gj_schema_lookup (field->ref_kind)) == NULL)
    return TRUE;

  rs = gj_store_row_state (self, target);
  if (!gj_store_load_row (self, rs, v->s, error))
    return FALSE;
  if (!rs->exists || (rs->values[target->n_fields].type == GJ_VALUE_INT &&
                      rs->values[target->n_fields].i != 0))
    {
      gj_data_error_set (error, GJ_DATA_ERROR_INVALID, field->name,
                         _("%s: there is no %s with the id “%s”"), _(field->label),
                         _(target->label), v->s);
      return FALSE;
    }
  return TRUE;
}

/* Identifiers that name one organization or one person: a second live
 * record with the same one is a duplicate typed in by mistake. */
static const struct
{
  const char *kind;
  const char *field;
} unique_fields[] = {
  { "organization", "credit_code" },
  { "volunteer", "resident_id" },
};

/* Refuses a local write that gives @rec an identifier another live record
 * of its kind already has, naming that record. Only local writes ask: two
 * laptops may register one organization apart, and the sync keeps both
 * for the duplicate review (gj-duplicates.c) to merge. A write that leaves
 * the identifier as stored is let through, so that such a pair can still
 * be edited and merged. @stored: the record's values as stored, one per
 * field, or NULL for a new record. */
static gboolean
check_unique (GjStore           *self,
              const GjRecord    *rec,
              const GjValue     *stored,
              GError           **error)
{
  const GjKind *kind = rec->kind;

  for (guint i = 0; i < G_N_ELEMENTS (unique_fields); i++)
    {
      g_autofree char *sql = NULL;
      g_autofree char *shown = NULL;
      const GjField *field;
      const GjValue *v;
      sqlite3_stmt *stmt;
      int col, rc;

      if (!g_str_equal (kind->name, unique_fields[i].kind))
        continue;
      col = gj_kind_field_index (kind, unique_fields[i].field);
      g_assert (col >= 0);
      field = &kind->fields[col];
      v = &rec->values[col];
      if (!rec->set[col] || v->type != GJ_VALUE_TEXT ||
          (stored != NULL && gj_value_equal (v, &stored[col])))
        continue;

      /* Names from the schema, never from what was typed. */
      sql = g_strdup_printf ("SELECT %s FROM %s WHERE %s = ? AND deleted = 0 AND id <> ? LIMIT 1",
                             kind->fields[kind->title_field].name, kind->name, field->name);
      if ((stmt = gj_store_prepare (self, sql, error)) == NULL)
        return FALSE;
      sqlite3_bind_text (stmt, 1, v->s, -1, SQLITE_TRANSIENT);
      sqlite3_bind_text (stmt, 2, rec->id != NULL ? rec->id : "", -1, SQLITE_TRANSIENT);
      rc = sqlite3_step (stmt);
      if (rc == SQLITE_ROW)
        {
          const char *title = (const char *) sqlite3_column_text (stmt, 0);
          g_autofree char *other = g_strdup (title != NULL ? title : "");

          sqlite3_reset (stmt);
          shown = field->flags & GJ_FIELD_FLAG_SENSITIVE ? gj_mask_sensitive (v->s)
                                                         : g_strdup (v->s);
          /* TRANSLATORS: a field's name, its value, then the title of the
           * record that already has that value. */
          gj_data_error_set (error, GJ_DATA_ERROR_INVALID, field->name,
                             _("%s: %s is already used by “%s”; check the number, or open that "
                               "record instead of adding it again"),
                             _(field->label), shown, other);
          return FALSE;
        }
      sqlite3_reset (stmt);
      if (rc != SQLITE_DONE)
        return gj_store_sql_error (self, rc, error);
    }
  return TRUE;
}

static gboolean
check_record (GjStore       *self,
              GjRecord      *rec,
              GjRowState    *current,  /* NULL on insert */
              GjWriteFlags   flags,
              GError       **error)
{
  const GjKind *kind = rec->kind;

  for (guint f = 0; f < kind->n_fields; f++)
    {
      const GjField *field = &kind->fields[f];
      const GjValue *v = &rec->values[f];
      gboolean given = rec->set[f];

      if (given && v->type == GJ_VALUE_TEXT && v->s[0] == '\0')
        gj_value_set_null (&rec->values[f]);

      if ((field->flags & GJ_FIELD_FLAG_REQUIRED) &&
          ((current == NULL && (!given || gj_value_is_null (v))) ||
           (current != NULL && given && gj_value_is_null (v))))
        {
          gj_data_error_set (error, GJ_DATA_ERROR_REQUIRED, field->name,
                             _("%s: this field is required"), _(field->label));
          return FALSE;
        }
      if (given && !(field->flags & GJ_FIELD_FLAG_INTERNAL) &&
          !check_value_type (self, field, v, error))
        return FALSE;
    }

  if (!gj_store_check_stage (rec, current, flags, error) ||
      !check_unique (self, rec, current != NULL ? current->values : NULL, error))
    return FALSE;

  {
    /* The record as it will be: what the write gives over what is stored. */
    const GjValue **values = g_newa (const GjValue *, kind->n_fields);

    for (guint f = 0; f < kind->n_fields; f++)
      values[f] = rec->set[f] || current == NULL ? &rec->values[f] : &current->values[f];
    return gj_store_check_kind_rules (self, kind, values, current == NULL, error) &&
           gj_store_check_cross_rules (self, kind, values, error);
  }
}

/* An attachment names its file by hash, and the hash becomes a path on
 * every device and the server: it must be a hash and nothing else. Its
 * owner is a kind that takes attachments; a kind this version does not
 * know may be one a newer version added (DESIGN.md §5), so only its name's
 * form is checked. */
static gboolean
check_attachment (const GjKind   *kind,
                  const GjValue **values,
                  GError        **error)
{
  const GjValue *sha = values[gj_kind_field_index (kind, "sha256")];
  const GjValue *owner_kind = values[gj_kind_field_index (kind, "owner_kind")];
  const GjValue *owner_id = values[gj_kind_field_index (kind, "owner_id")];

  if (sha->type == GJ_VALUE_TEXT && !gj_blob_store_is_hash (sha->s))
    {
      gj_data_error_set (error, GJ_DATA_ERROR_INVALID, "sha256",
                         _("%s: “%s” is not a SHA-256 (64 hexadecimal digits in lower case)"),
                         _("Content hash"), sha->s);
      return FALSE;
    }
  if (owner_kind->type == GJ_VALUE_TEXT)
    {
      const GjKind *owner = gj_schema_lookup (owner_kind->s);

      if (owner != NULL ? !gj_attachments_owner_allowed (owner)
                        : !gj_schema_name_is_valid (owner_kind->s))
        {
          gj_data_error_set (error, GJ_DATA_ERROR_INVALID, "owner_kind",
                             _("%s: files cannot be attached to “%s”"),
                             _("Attached to (kind)"), owner_kind->s);
          return FALSE;
        }
    }
  if (owner_id->type == GJ_VALUE_TEXT && !gj_record_id_is_valid (owner_id->s))
    {
      gj_data_error_set (error, GJ_DATA_ERROR_INVALID, "owner_id",
                         _("%s: “%s” is not a record id"), _("Attached to"), owner_id->s);
      return FALSE;
    }
  return TRUE;
}

static double
number_of (const GjValue *v)
{
  return v->type == GJ_VALUE_REAL ? v->r : v->type == GJ_VALUE_INT ? (double) v->i : 0;
}

gboolean
gj_store_check_kind_rules (GjStore        *self,
                           const GjKind   *kind,
                           const GjValue **values,
                           gboolean        is_new,
                           GError        **error)
{
  if (g_str_equal (kind->name, "hours") && is_new)
    {
      const GjValue *what = values[gj_kind_field_index (kind, "kind")];
      const GjValue *who = values[gj_kind_field_index (kind, "volunteer_id")];
      double want = number_of (values[gj_kind_field_index (kind, "hours")]);
      double balance;
      g_autoptr(GError) local_error = NULL;

      if (what->type != GJ_VALUE_TEXT || !g_str_equal (what->s, "redeem") ||
          who->type != GJ_VALUE_TEXT)
        return TRUE;
      balance = gj_store_hours_balance (self, who->s, &local_error);
      if (local_error != NULL)
        {
          g_propagate_error (error, g_steal_pointer (&local_error));
          return FALSE;
        }
      if (want > balance + 1e-9)
        {
          gj_data_error_set (error, GJ_DATA_ERROR_BALANCE, "hours",
                             _("Hours: cannot redeem %g hours, the volunteer's balance is %g "
                               "hours"),
                             want, balance);
          return FALSE;
        }
    }
  if (g_str_equal (kind->name, "attachment") && !check_attachment (kind, values, error))
    return FALSE;
  if (g_str_equal (kind->name, "evaluation") &&
      number_of (values[gj_kind_field_index (kind, "score")]) > 100)
    {
      gj_data_error_set (error, GJ_DATA_ERROR_INVALID, "score",
                         _("%s: must be between 0 and 100"), _("Score"));
      return FALSE;
    }
  return TRUE;
}

/* Pairs of dates of which the second cannot come before the first. */
static const struct
{
  const char *kind;
  const char *first;
  const char *second;
} date_pairs[] = {
  { "project", "start_on", "end_on" },
  { "agreement", "start_on", "end_on" },
  { "incubation", "applied_on", "admitted_on" },
};

static const GjValue *
value_of (const GjKind    *kind,
          const GjValue  **values,
          const char      *name)
{
  int col = gj_kind_field_index (kind, name);

  g_assert (col >= 0 && (guint) col < kind->n_fields);
  return values[col];
}

static gboolean
check_funds (const GjKind    *kind,
             const GjValue  **values,
             GError         **error)
{
  const GjValue *budget = value_of (kind, values, "budget");
  const GjValue *gov = value_of (kind, values, "gov_funds");
  const GjValue *social = value_of (kind, values, "social_funds");
  gint64 g = gov->type == GJ_VALUE_INT ? gov->i : 0;
  gint64 s = social->type == GJ_VALUE_INT ? social->i : 0;
  g_autofree char *sum_text = NULL;
  g_autofree char *budget_text = NULL;
  const GjField *at;

  /* Each amount is at most GJ_MONEY_MAX_FEN, so the sum cannot overflow. */
  if (budget->type != GJ_VALUE_INT || g + s <= budget->i)
    return TRUE;
  sum_text = gj_record_format_money (g + s);
  budget_text = gj_record_format_money (budget->i);
  /* The error sits on the last of the funds given, in the editor's order. */
  at = gj_kind_field (kind, social->type == GJ_VALUE_INT ? "social_funds" : "gov_funds");
  gj_data_error_set (error, GJ_DATA_ERROR_INVALID, at->name,
                     _("%s: government funds and leveraged social funds add up to %s yuan, "
                       "more than the budget of %s yuan; correct the amounts or the budget"),
                     _(at->label), sum_text, budget_text);
  return FALSE;
}

/* Sets *@any to whether the street @street (NULL: any street) has a live
 * community on this device. */
static gboolean
street_has_communities (GjStore        *self,
                        const GjValue  *street,
                        gboolean       *any,
                        GError        **error)
{
  gboolean by_street = street->type == GJ_VALUE_TEXT;
  sqlite3_stmt *stmt = gj_store_prepare (self, by_street
                                         ? "SELECT 1 FROM community WHERE deleted = 0 AND "
                                           "street_id = ? LIMIT 1"
                                         : "SELECT 1 FROM community WHERE deleted = 0 LIMIT 1",
                                         error);
  int rc;

  if (stmt == NULL)
    return FALSE;
  if (by_street)
    sqlite3_bind_text (stmt, 1, street->s, -1, SQLITE_TRANSIENT);
  rc = sqlite3_step (stmt);
  sqlite3_reset (stmt);
  if (rc != SQLITE_ROW && rc != SQLITE_DONE)
    return gj_store_sql_error (self, rc, error);
  *any = rc == SQLITE_ROW;
  return TRUE;
}

gboolean
gj_store_check_cross_rules (GjStore         *self,
                            const GjKind    *kind,
                            const GjValue  **values,
                            GError         **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (date_pairs); i++)
    {
      const GjValue *first, *second;

      if (!g_str_equal (kind->name, date_pairs[i].kind))
        continue;
      first = value_of (kind, values, date_pairs[i].first);
      second = value_of (kind, values, date_pairs[i].second);
      /* Stored dates are YYYY-MM-DD, so they compare as strings. */
      if (first->type == GJ_VALUE_TEXT && second->type == GJ_VALUE_TEXT &&
          strcmp (second->s, first->s) < 0)
        {
          const GjField *f1 = gj_kind_field (kind, date_pairs[i].first);
          const GjField *f2 = gj_kind_field (kind, date_pairs[i].second);

          /* TRANSLATORS: "Ends: 2026-01-01 is before “Starts” (2026-03-01)…" */
          gj_data_error_set (error, GJ_DATA_ERROR_INVALID, f2->name,
                             _("%s: %s is before “%s” (%s); check both dates"),
                             _(f2->label), second->s, _(f1->label), first->s);
          return FALSE;
        }
    }
  if (g_str_equal (kind->name, "project") && !check_funds (kind, values, error))
    return FALSE;
  if (g_str_equal (kind->name, "organization") &&
      gj_value_is_null (value_of (kind, values, "community_id")))
    {
      gboolean any = FALSE;

      /* A station that has recorded no community of its street yet (a new
       * database, a street set up without them) has none to choose from. */
      if (!street_has_communities (self, value_of (kind, values, "street_id"), &any, error))
        return FALSE;
      if (!any)
        return TRUE;
      gj_data_error_set (error, GJ_DATA_ERROR_INVALID, "community_id",
                         _("%s: choose the community the organization belongs to; every "
                           "organization needs one"), _("Community"));
      return FALSE;
    }
  return TRUE;
}

gboolean
gj_store_check_rules (GjStore         *self,
                      const GjRecord  *record,
                      const GjRecord  *existing,
                      GError         **error)
{
  const GjKind *kind;
  const GjValue **values;

  g_return_val_if_fail (GJ_IS_STORE (self), FALSE);
  g_return_val_if_fail (record != NULL, FALSE);
  g_return_val_if_fail (existing == NULL || existing->kind == record->kind, FALSE);

  kind = record->kind;
  values = g_newa (const GjValue *, kind->n_fields);
  for (guint f = 0; f < kind->n_fields; f++)
    values[f] = record->set[f] || existing == NULL ? &record->values[f] : &existing->values[f];
  return check_unique (self, record, existing != NULL ? existing->values : NULL, error) &&
         gj_store_check_cross_rules (self, kind, values, error);
}

static char *
new_uuid (void)
{
  guint8 b[16];
  gint64 ms = g_get_real_time () / 1000;

  for (guint i = 0; i < 6; i++)
    b[i] = (guint8) (ms >> (40 - 8 * i));
  for (guint i = 6; i < 16; i++)
    b[i] = (guint8) g_random_int_range (0, 256);
  b[6] = 0x70 | (b[6] & 0x0f);
  b[8] = 0x80 | (b[8] & 0x3f);
  return g_strdup_printf ("%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
                          "%02x%02x%02x%02x%02x%02x",
                          b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9],
                          b[10], b[11], b[12], b[13], b[14], b[15]);
}

static void
stamp_local (GjStore    *self,
             GjRowState *rs,
             guint       col,
             guint64     hlc,
             guint64     seen)
{
  /* A value from a peer whose clock was ahead may carry a clock later than
   * ours; the edit that replaces it must still win everywhere, without
   * dragging this device's own clock ahead with it. */
  rs->clk[col].hlc = rs->clk[col].hlc >= hlc ? rs->clk[col].hlc + 1 : hlc;
  rs->clk[col].site = GJ_LOCAL_SITE;
  rs->clk[col].ver = self->version + 1;
  rs->clk[col].seen = seen;
  rs->changed[col] = TRUE;
  if (col < rs->kind->n_fields && (rs->kind->fields[col].flags & GJ_FIELD_FLAG_SEARCH))
    rs->search_changed = TRUE;
}

/* What the writer of a new value for @col had seen of other devices: the
 * clock of the current value if it came from elsewhere, else what the
 * current value's own writer had seen. */
static guint64
seen_for (GjRowState *rs,
          guint       col)
{
  if (rs->clk[col].hlc == 0)
    return 0;
  return rs->clk[col].site != GJ_LOCAL_SITE ? rs->clk[col].hlc : rs->clk[col].seen;
}

static gboolean
finish_write (GjStore  *self,
              gboolean  ok,
              GError  **error)
{
  if (!ok)
    {
      gj_store_rollback (self);
      return FALSE;
    }
  return gj_store_commit (self, error);
}

gboolean
gj_store_insert (GjStore   *self,
                 GjRecord  *record,
                 GError   **error)
{
  const GjKind *kind;
  GjRowState *rs;
  guint64 hlc;
  int street_col;
  gboolean ok;

  g_return_val_if_fail (GJ_IS_STORE (self), FALSE);
  g_return_val_if_fail (record != NULL, FALSE);

  kind = record->kind;
  if (record->id == NULL)
    record->id = new_uuid ();

  street_col = gj_kind_field_index (kind, "street_id");
  if (street_col >= 0 && !record->set[street_col])
    {
      if (g_str_equal (kind->name, "street"))
        gj_record_set_text (record, "street_id", record->id);
      else if (self->street != NULL)
        gj_record_set_text (record, "street_id", self->street);
    }

  if (!gj_store_begin (self, error))
    return FALSE;

  if (!check_record (self, record, NULL, GJ_WRITE_NONE, error))
    return finish_write (self, FALSE, error);

  rs = gj_store_row_state (self, kind);
  if (!gj_store_load_row (self, rs, record->id, error))
    return finish_write (self, FALSE, error);
  if (rs->exists)
    {
      g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID,
                   _("A %s with the id “%s” already exists"), _(kind->label), record->id);
      return finish_write (self, FALSE, error);
    }

  hlc = gj_store_tick (self);
  for (guint f = 0; f < kind->n_fields; f++)
    if (record->set[f] && !gj_value_is_null (&record->values[f]))
      {
        gj_value_copy (&rs->values[f], &record->values[f]);
        stamp_local (self, rs, f, hlc, 0);
      }

  ok = gj_store_save_row (self, rs, error);
  if (ok)
    gj_value_set_int (&record->values[kind->n_fields], 0);
  return finish_write (self, ok, error);
}

gboolean
gj_store_load_existing (GjStore       *self,
                        const GjKind  *kind,
                        const char    *id,
                        GjRowState   **out,
                        GError       **error)
{
  GjRowState *rs = gj_store_row_state (self, kind);

  if (!gj_store_load_row (self, rs, id, error))
    return FALSE;
  if (!rs->exists)
    {
      g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_NOT_FOUND,
                   _("There is no %s with the id “%s”"), _(kind->label), id);
      return FALSE;
    }
  *out = rs;
  return TRUE;
}

gboolean
gj_store_update (GjStore      *self,
                 GjRecord     *changes,
                 GjWriteFlags  flags,
                 GError      **error)
{
  const GjKind *kind;
  GjRowState *rs = NULL;
  guint64 hlc = 0;
  gboolean any = FALSE;

  g_return_val_if_fail (GJ_IS_STORE (self), FALSE);
  g_return_val_if_fail (changes != NULL && changes->id != NULL, FALSE);

  kind = changes->kind;
  if (kind->flags & GJ_KIND_FLAG_APPEND_ONLY)
    {
      g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_READ_ONLY,
                   _("%s entries cannot be changed once recorded; add a correcting entry "
                     "instead"), _(kind->label));
      return FALSE;
    }

  if (!gj_store_begin (self, error))
    return FALSE;
  if (!gj_store_load_existing (self, kind, changes->id, &rs, error))
    return finish_write (self, FALSE, error);
  if (gj_row_state_is_deleted (rs))
    {
      g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_READ_ONLY,
                   _("This %s was deleted; restore it before changing it"), _(kind->label));
      return finish_write (self, FALSE, error);
    }
  if (!check_record (self, changes, rs, flags, error))
    return finish_write (self, FALSE, error);

  /* check_record() may have loaded referenced rows into other scratch
   * states, never into this kind's unless the kind refers to itself
   * (agreement renewals), so reload to be safe. */
  if (!gj_store_load_existing (self, kind, changes->id, &rs, error))
    return finish_write (self, FALSE, error);

  for (guint f = 0; f < kind->n_fields; f++)
    {
      if (!changes->set[f] || gj_value_equal (&rs->values[f], &changes->values[f]))
        continue;
      if (kind->fields[f].flags & GJ_FIELD_FLAG_INTERNAL)
        continue;
      if (hlc == 0)
        hlc = gj_store_tick (self);
      stamp_local (self, rs, f, hlc, seen_for (rs, f));
      gj_value_copy (&rs->values[f], &changes->values[f]);
      any = TRUE;
    }
  if (!any)
    return finish_write (self, TRUE, error);
  return finish_write (self, gj_store_save_row (self, rs, error) &&
                       gj_store_quarantine_forget_fixed (self, rs, error), error);
}

static gboolean
set_deleted (GjStore       *self,
             const GjKind  *kind,
             const char    *id,
             gboolean       deleted,
             GError       **error)
{
  GjRowState *rs = NULL;
  guint d = kind->n_fields;
  guint64 seen = 0;

  if (kind->flags & GJ_KIND_FLAG_APPEND_ONLY)
    {
      g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_READ_ONLY,
                   _("%s entries cannot be deleted; add a correcting entry instead"),
                   _(kind->label));
      return FALSE;
    }
  if (!gj_store_begin (self, error))
    return FALSE;
  if (!gj_store_load_existing (self, kind, id, &rs, error))
    return finish_write (self, FALSE, error);
  if (gj_row_state_is_deleted (rs) == deleted)
    return finish_write (self, TRUE, error);

  /* A tombstone records the newest clock of any cell its writer had, so a
   * receiver can tell an edit the deleter knew about from one it did not. */
  if (deleted)
    {
      for (guint c = 0; c <= d; c++)
        seen = MAX (seen, rs->clk[c].hlc);
    }
  else
    seen = seen_for (rs, d);
  stamp_local (self, rs, d, gj_store_tick (self), seen);
  gj_value_set_int (&rs->values[d], deleted ? 1 : 0);
  rs->search_changed = TRUE;
  return finish_write (self, gj_store_save_row (self, rs, error), error);
}

gboolean
gj_store_delete (GjStore       *self,
                 const GjKind  *kind,
                 const char    *id,
                 GError       **error)
{
  g_return_val_if_fail (GJ_IS_STORE (self), FALSE);
  g_return_val_if_fail (kind != NULL && id != NULL, FALSE);
  return set_deleted (self, kind, id, TRUE, error);
}

gboolean
gj_store_undelete (GjStore       *self,
                   const GjKind  *kind,
                   const char    *id,
                   GError       **error)
{
  g_return_val_if_fail (GJ_IS_STORE (self), FALSE);
  g_return_val_if_fail (kind != NULL && id != NULL, FALSE);
  return set_deleted (self, kind, id, FALSE, error);
}

