/* gj-format.c: records as people read them: titles, summaries, amounts
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-format"

#include "config.h"

#include <glib/gi18n-lib.h>

#include "gj-data-error.h"
#include "gj-format.h"

char *
gj_format_ref_title (GjStore    *store,
                     const char *kind_name,
                     const char *id)
{
  const GjKind *kind = gj_schema_lookup (kind_name);
  g_autoptr(GjRecord) rec = NULL;
  g_autoptr(GError) error = NULL;

  if (id == NULL || id[0] == '\0')
    return g_strdup ("");
  if (kind == NULL)
    return g_strdup_printf (_("Not yet synced (%.8s)"), id);
  rec = gj_store_get (store, kind, id, &error);
  if (rec != NULL)
    return gj_format_record_title (store, rec);
  /* A reference can arrive before its record (a project synced before
   * its organization): say so rather than show nothing. A record that
   * could not be read is not said to be missing; the read is logged. */
  if (g_error_matches (error, GJ_DATA_ERROR, GJ_DATA_ERROR_NOT_FOUND))
    return g_strdup_printf (_("Not yet synced (%.8s)"), id);
  g_message ("Could not read the title of %s %.8s: %s", kind_name, id, error->message);
  return g_strdup (_("(unknown)"));
}

char *
gj_format_record_title (GjStore        *store,
                        const GjRecord *record)
{
  const GjField *field = &record->kind->fields[record->kind->title_field];
  const char *text;

  if (field->type == GJ_FIELD_REF)
    {
      text = gj_record_get_text (record, field->name);
      /* One level only: a title never refers to a record titled by a
       * reference in the schema, and this keeps a damaged row from looping. */
      if (text != NULL)
        {
          const GjKind *target = gj_schema_lookup (field->ref_kind);
          g_autoptr(GError) error = NULL;
          g_autoptr(GjRecord) rec = target ? gj_store_get (store, target, text, &error) : NULL;

          if (rec != NULL)
            return gj_record_format (rec, target->fields[target->title_field].name, TRUE);
          if (error != NULL && !g_error_matches (error, GJ_DATA_ERROR, GJ_DATA_ERROR_NOT_FOUND))
            g_message ("Could not read the title of %s %.8s: %s", field->ref_kind, text,
                       error->message);
        }
      return g_strdup (_("(unknown)"));
    }
  return gj_record_format (record, field->name, TRUE);
}

char *
gj_format_field (GjStore        *store,
                 const GjRecord *record,
                 const GjField  *field,
                 gboolean        mask,
                 GHashTable     *cache)
{
  const char *id;
  char *title;

  if (field->type != GJ_FIELD_REF)
    return gj_record_format (record, field->name, mask);

  id = gj_record_get_text (record, field->name);
  if (id == NULL)
    return g_strdup ("");
  if (cache != NULL && (title = g_hash_table_lookup (cache, id)) != NULL)
    return g_strdup (title);
  title = gj_format_ref_title (store, field->ref_kind, id);
  if (cache != NULL)
    g_hash_table_insert (cache, g_strdup (id), g_strdup (title));
  return title;
}

const char *
gj_format_party_kind (const char *role)
{
  static const struct { const char *role, *kind; } map[] = {
    { "community", "community" },
    { "social_worker", "social_worker" },
    { "organization", "organization" },
    { "volunteer_team", "volunteer_team" },
    { "resource", "resource" },
  };

  for (guint i = 0; role && i < G_N_ELEMENTS (map); i++)
    if (g_str_equal (map[i].role, role))
      return map[i].kind;
  return NULL;
}

const char *
gj_format_enum_label (const GjKind *kind,
                      const char   *field_name,
                      const char   *key)
{
  const GjField *field = gj_kind_field (kind, field_name);
  const GjEnumValue *v = field ? gj_field_enum_by_key (field, key) : NULL;

  return v ? _(v->label) : (key ? key : "");
}

static void
append_part (GString    *s,
             const char *part)
{
  if (part == NULL || part[0] == '\0')
    return;
  if (s->len)
    /* TRANSLATORS: separates facts in a one-line summary of a record */
    g_string_append (s, _(" · "));
  g_string_append (s, part);
}

void
gj_format_record_summary (GjStore        *store,
                          const GjRecord *rec,
                          char          **title,
                          char          **subtitle)
{
  const char *kind = rec->kind->name;
  g_autoptr(GString) sub = g_string_new (NULL);

  if (g_str_equal (kind, "project_party"))
    {
      const char *role = gj_record_get_text (rec, "role");
      const char *party_kind = gj_format_party_kind (role);
      g_autofree char *role_text = gj_record_format (rec, "role", FALSE);
      g_autofree char *contribution = gj_record_format (rec, "contribution", FALSE);

      *title = party_kind ? gj_format_ref_title (store, party_kind,
                                                 gj_record_get_text (rec, "party_id"))
                          : gj_record_format (rec, "party_id", FALSE);
      append_part (sub, role_text);
      append_part (sub, contribution);
    }
  else if (g_str_equal (kind, "hours"))
    {
      double hours = gj_record_get_real (rec, "hours");
      gboolean redeem = g_strcmp0 (gj_record_get_text (rec, "kind"), "redeem") == 0;
      g_autofree char *date = gj_record_format (rec, "date", FALSE);
      g_autofree char *who = gj_format_ref_title (store, "volunteer",
                                                  gj_record_get_text (rec, "volunteer_id"));
      g_autofree char *note = gj_record_format (rec, "note", FALSE);

      *title = redeem ? g_strdup_printf (_("%s: %g hours redeemed"), who, hours)
                      : g_strdup_printf (_("%s: %g hours earned"), who, hours);
      append_part (sub, date);
      append_part (sub, note);
    }
  else if (g_str_equal (kind, "evaluation"))
    {
      g_autofree char *date = gj_record_format (rec, "date", FALSE);
      g_autofree char *result = gj_record_format (rec, "result", FALSE);
      g_autofree char *evaluator = gj_record_format (rec, "evaluator", FALSE);

      *title = g_strdup_printf (_("Score %g"), gj_record_get_real (rec, "score"));
      append_part (sub, date);
      append_part (sub, result);
      append_part (sub, evaluator);
    }
  else if (g_str_equal (kind, "incubation_service"))
    {
      g_autofree char *type = gj_record_format (rec, "type", FALSE);
      g_autofree char *date = gj_record_format (rec, "date", FALSE);
      g_autofree char *content = gj_record_format (rec, "content", FALSE);
      g_autofree char *hours = gj_record_is_set (rec, "hours")
        ? g_strdup_printf (_("%g hours"), gj_record_get_real (rec, "hours")) : NULL;

      *title = content[0] ? g_strdup (content) : g_strdup (type);
      append_part (sub, type);
      append_part (sub, date);
      append_part (sub, hours);
    }
  else
    {
      /* Any other kind: its title, then its first few enumerations and
       * dates, which say most about a record at a glance. */
      guint n = 0;

      *title = gj_format_record_title (store, rec);
      for (guint f = 0; f < rec->kind->n_fields && n < 3; f++)
        {
          const GjField *field = &rec->kind->fields[f];
          g_autofree char *text = NULL;

          if (f == rec->kind->title_field || (field->flags & GJ_FIELD_FLAG_INTERNAL) ||
              (field->type != GJ_FIELD_ENUM && field->type != GJ_FIELD_DATE))
            continue;
          text = gj_record_format (rec, field->name, TRUE);
          if (text[0] != '\0')
            {
              append_part (sub, text);
              n++;
            }
        }
    }
  *subtitle = g_string_free (g_steal_pointer (&sub), FALSE);
}

/* Appends the title of the record @field of @record refers to. */
static void
append_ref (GString        *s,
            GjStore        *store,
            const GjRecord *record,
            const char     *field_name,
            GHashTable     *cache)
{
  const GjField *field = gj_kind_field (record->kind, field_name);
  g_autofree char *text = NULL;

  if (field == NULL)
    return;
  text = gj_format_field (store, record, field, TRUE, cache);
  append_part (s, text);
}

char *
gj_format_record_context (GjStore        *store,
                          const GjRecord *record,
                          GHashTable     *cache)
{
  const char *kind;
  g_autoptr(GString) s = NULL;

  g_return_val_if_fail (record != NULL, NULL);

  kind = record->kind->name;
  s = g_string_new (NULL);

  if (g_str_equal (kind, "activity"))
    {
      g_autofree char *date = gj_record_format (record, "date", FALSE);

      append_part (s, date);
      append_ref (s, store, record, "community_id", cache);
    }
  else if (g_str_equal (kind, "agreement_item"))
    append_ref (s, store, record, "agreement_id", cache);
  else if (g_str_equal (kind, "community"))
    {
      g_autofree char *type = gj_record_format (record, "type", FALSE);

      append_part (s, type);
    }
  else if (g_str_equal (kind, "incubation") || g_str_equal (kind, "evaluation") ||
           g_str_equal (kind, "incubation_service"))
    {
      /* Named by their organization or date already; the stage or the
       * result is what differs. */
      g_autofree char *title = NULL;
      g_autofree char *subtitle = NULL;

      gj_format_record_summary (store, record, &title, &subtitle);
      append_part (s, subtitle);
    }
  else
    {
      append_ref (s, store, record, "community_id", cache);
      if (g_str_equal (kind, "volunteer"))
        append_ref (s, store, record, "team_id", cache);
    }
  return g_string_free (g_steal_pointer (&s), FALSE);
}

void
gj_choice_free (GjChoice *choice)
{
  if (choice == NULL)
    return;
  g_free (choice->id);
  g_free (choice->title);
  g_free (choice->context);
  g_free (choice);
}

GPtrArray *
gj_format_choices (GjStore       *store,
                   const GjKind  *kind,
                   const char    *text,
                   guint          limit,
                   GError       **error)
{
  GjQuery q = { .text = text, .limit = limit };
  g_autoptr(GPtrArray) records = NULL;
  g_autoptr(GHashTable) cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  GPtrArray *choices;

  g_return_val_if_fail (kind != NULL, NULL);

  records = gj_store_list (store, kind, &q, error);
  if (records == NULL)
    return NULL;
  choices = g_ptr_array_new_full (records->len, (GDestroyNotify) gj_choice_free);
  for (guint i = 0; i < records->len; i++)
    {
      GjRecord *rec = g_ptr_array_index (records, i);
      GjChoice *choice = g_new0 (GjChoice, 1);

      choice->id = g_strdup (rec->id);
      choice->title = gj_format_record_title (store, rec);
      choice->context = gj_format_record_context (store, rec, cache);
      g_ptr_array_add (choices, choice);
    }
  return choices;
}

GjRecordSummary *
gj_record_summary_new (GjStore  *store,
                       GjRecord *record)
{
  GjRecordSummary *summary;

  g_return_val_if_fail (record != NULL, NULL);

  summary = g_new0 (GjRecordSummary, 1);
  summary->record = gj_record_ref (record);
  gj_format_record_summary (store, record, &summary->title, &summary->subtitle);
  return summary;
}

void
gj_record_summary_free (GjRecordSummary *summary)
{
  if (summary == NULL)
    return;
  gj_record_unref (summary->record);
  g_free (summary->title);
  g_free (summary->subtitle);
  g_free (summary);
}

char *
gj_format_yuan_short (gint64 fen)
{
  double yuan = fen / 100.0;

  if (yuan >= 10000)
    /* TRANSLATORS: an amount in units of 10,000 yuan; zh_CN writes "%.1f万元" */
    return g_strdup_printf (_("¥%.1f×10k"), yuan / 10000);
  /* TRANSLATORS: an amount of yuan; zh_CN writes "%.0f元" */
  return g_strdup_printf (_("¥%.0f"), yuan);
}

char *
gj_format_when (gint64 unix_seconds)
{
  g_autoptr(GDateTime) t = g_date_time_new_from_unix_local (unix_seconds);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  GTimeSpan ago = g_date_time_difference (now, t);

  if (ago < G_TIME_SPAN_MINUTE)
    return g_strdup (_("Just now"));
  if (ago < G_TIME_SPAN_HOUR)
    {
      int minutes = (int) (ago / G_TIME_SPAN_MINUTE);

      return g_strdup_printf (ngettext ("%d minute ago", "%d minutes ago", minutes), minutes);
    }
  /* Translators: a date and time, https://docs.gtk.org/glib/method.DateTime.format.html */
  return g_date_time_format (t, _("%Y-%m-%d %H:%M"));
}
