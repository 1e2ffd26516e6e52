/* gj-import-enum.c: Chinese terms and their variants, as enumeration keys
 *
 * Ledgers name a legal form or a category by the policy texts' term, by a
 * shortening everyone uses (民非, 社团), or by a term with a generic word
 * after it (文体类); each is matched here, and a text that fits two values
 * or none is refused with the terms that are accepted.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-import"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gj-import-normalize-private.h"

/* Terms that ledgers use besides the policy texts' own, per field name.
 * A synonym applies only to a field of that name that has that key, so
 * "status" of agreements, items and projects each take their own. */
static const struct
{
  const char *field;
  const char *key;
  const char *term;
} synonyms[] = {
  { "legal_form", "private_non_enterprise", "民非" },
  { "legal_form", "private_non_enterprise", "民办非企业" },
  { "legal_form", "private_non_enterprise", "社会服务机构" },
  { "legal_form", "social_group", "社团" },
  { "legal_form", "foundation", "基金" },
  { "legal_form", "community_filed", "备案" },
  { "legal_form", "community_filed", "社区备案" },
  { "legal_form", "community_filed", "备案类组织" },
  { "category", "elderly_care", "养老" },
  { "category", "charity", "公益" },
  { "category", "charity", "慈善" },
  { "category", "culture_sports", "文体" },
  { "category", "culture_sports", "文娱" },
  { "category", "mediation", "调解" },
  { "category", "public_service", "为民" },
  { "category", "life_service", "生活" },
  { "gender", "male", "男性" },
  { "gender", "female", "女性" },
  { "status", "signed", "已签" },
  { "status", "signed", "签订" },
  { "status", "in_force", "执行中" },
  { "status", "in_force", "履行" },
  { "status", "done", "完成" },
  { "status", "pending", "未完成" },
  { "status", "pending", "待办" },
  { "status", "in_progress", "进行" },
  { "status", "applied", "申报" },
  { "status", "approved", "立项" },
  { "status", "in_progress", "实施" },
  { "status", "closed", "结项" },
  { "type", "party_government", "机关" },
  { "type", "enterprise", "公司" },
  { "type", "hospital", "医疗" },
  { "type", "school", "小学" },
  { "type", "school", "中学" },
  { "type", "urban", "城市" },
  { "type", "rural", "农村" },
  { "certificate", "assistant", "初级" },
  { "certificate", "assistant", "助理" },
  { "certificate", "social_worker", "中级" },
  { "certificate", "senior", "高级" },
  { "certificate", "none", "无证" },
  { "kind", "earn", "获得" },
  { "kind", "earn", "服务" },
  { "kind", "redeem", "使用" },
};

static const GjEnumValue *
lookup_exact (const GjField *field,
              const char    *text)
{
  const GjEnumValue *v = gj_field_enum_lookup (field, text);
  g_autofree char *key = NULL;

  if (v != NULL)
    return v;
  /* "Social_Group", "social group", "private-non-enterprise". */
  key = g_ascii_strdown (text, -1);
  g_strdelimit (key, " -", '_');
  if ((v = gj_field_enum_by_key (field, key)) != NULL)
    return v;
  for (guint i = 0; i < G_N_ELEMENTS (synonyms); i++)
    if (g_str_equal (synonyms[i].field, field->name) && g_str_equal (synonyms[i].term, text))
      return gj_field_enum_by_key (field, synonyms[i].key);
  return NULL;
}

/* "备案类", "民非型", "文体类组织": a term with a generic word after it. */
static char *
strip_generic (const char *text)
{
  static const char *const tails[] = { "组织", "类", "型", NULL };
  char *out = g_strdup (text);

  for (guint i = 0; tails[i] != NULL; i++)
    if (g_str_has_suffix (out, tails[i]) && strlen (out) > strlen (tails[i]))
      out[strlen (out) - strlen (tails[i])] = '\0';
  return out;
}

/* The value whose term the text holds ("社区备案组织（已备案）"), else the
 * value whose term holds the text ("养老" in 养老照护), when only one
 * fits. A term inside a longer term that also fits gives way to it, so
 * that 助理社会工作师 is not also 社会工作师. The shorter side has at least
 * two characters: one character matches too much. When two values fit,
 * returns NULL with them in @rivals. */
static const GjEnumValue *
lookup_containing (const GjField      *field,
                   const char         *text,
                   const GjEnumValue **rivals)
{
  rivals[0] = rivals[1] = NULL;
  for (int pass = 0; pass < 2; pass++)
    {
      g_autoptr(GPtrArray) hits = g_ptr_array_new ();

      for (const GjEnumValue *v = field->values; v->key != NULL; v++)
        if (pass == 0 ? g_utf8_strlen (v->zh, -1) >= 2 && strstr (text, v->zh) != NULL
                      : g_utf8_strlen (text, -1) >= 2 && strstr (v->zh, text) != NULL)
          g_ptr_array_add (hits, (gpointer) v);
      for (guint i = 0; pass == 0 && i < hits->len; i++)
        for (guint j = 0; j < hits->len; j++)
          if (i != j && strstr (((GjEnumValue *) hits->pdata[j])->zh,
                                ((GjEnumValue *) hits->pdata[i])->zh) != NULL)
            {
              g_ptr_array_remove_index (hits, i--);
              break;
            }
      if (hits->len == 1)
        return hits->pdata[0];
      if (hits->len > 1)
        {
          rivals[0] = hits->pdata[0];
          rivals[1] = hits->pdata[1];
          return NULL;
        }
    }
  return NULL;
}

static char *
accepted_terms (const GjField *field)
{
  g_autoptr(GString) out = g_string_new (NULL);

  for (const GjEnumValue *v = field->values; v->key != NULL; v++)
    {
      /* TRANSLATORS: separator between values of a list in one cell */
      if (out->len > 0)
        g_string_append (out, _(", "));
      g_string_append (out, v->zh);
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

/* One value of an enumeration; @part is the piece of the cell it came
 * from, which the message quotes when it is not the whole cell. */
static const GjEnumValue *
match_enum (const GjImportCell *c,
            const char         *part)
{
  const GjEnumValue *v, *rivals[2];
  g_autofree char *stripped = strip_generic (part);
  g_autofree char *terms = NULL;

  if ((v = lookup_exact (c->field, part)) != NULL ||
      (v = lookup_exact (c->field, stripped)) != NULL ||
      (v = lookup_containing (c->field, stripped, rivals)) != NULL)
    return v;
  terms = accepted_terms (c->field);
  if (rivals[0] != NULL)
    gj_import_cell_fail (c, _("%s: “%s” could be “%s” or “%s”; write one of: %s"), c->label,
                         part, rivals[0]->zh, rivals[1]->zh, terms);
  else if (!g_str_equal (part, c->cell))
    gj_import_cell_fail (c, _("%s: “%s” in the cell “%s” is not one of: %s"), c->label, part,
                         c->cell, terms);
  else
    gj_import_cell_fail (c, _("%s: “%s” is not one of: %s"), c->label, part, terms);
  return NULL;
}

char *
gj_import_normalize_enum (const GjImportCell *c,
                          const char         *text)
{
  const GjEnumValue *v = lookup_exact (c->field, text);

  /* The exact term comes first: 无 is a certificate level of its own. */
  if (v == NULL && gj_import_is_empty_marker (text))
    return NULL;
  if (v == NULL && (v = match_enum (c, text)) == NULL)
    return NULL;
  return g_strdup (v->key);
}

static gboolean
add_enum_part (const GjImportCell *c,
               const char         *part,
               GPtrArray          *keys)
{
  const GjEnumValue *v = match_enum (c, part);

  if (v == NULL)
    return FALSE;
  if (!g_ptr_array_find_with_equal_func (keys, v->key, g_str_equal, NULL))
    g_ptr_array_add (keys, (gpointer) v->key);
  return TRUE;
}

/* Values are separated by commas, 、, semicolons or slashes; a piece that
 * is no value as a whole is split at its spaces, so that an English label
 * with a space ("Party building") still reads as one. */
char *
gj_import_normalize_enum_set (const GjImportCell *c,
                              const char         *text)
{
  g_auto(GStrv) parts = NULL;
  g_autoptr(GPtrArray) keys = g_ptr_array_new ();

  if (gj_import_is_empty_marker (text))
    return NULL;
  /* NFKC has made ，；／ ASCII already; 、 has no ASCII form. */
  parts = g_regex_split_simple ("[,;/、]", text, 0, 0);
  for (guint i = 0; parts != NULL && parts[i] != NULL; i++)
    {
      g_auto(GStrv) words = NULL;

      g_strstrip (parts[i]);
      if (parts[i][0] == '\0')
        continue;
      if (lookup_exact (c->field, parts[i]) != NULL || strchr (parts[i], ' ') == NULL)
        {
          if (!add_enum_part (c, parts[i], keys))
            return NULL;
          continue;
        }
      words = g_strsplit (parts[i], " ", -1);
      for (guint j = 0; words[j] != NULL; j++)
        if (words[j][0] != '\0' && !add_enum_part (c, words[j], keys))
          return NULL;
    }
  if (keys->len == 0)
    return NULL;
  g_ptr_array_add (keys, NULL);
  return g_strjoinv (",", (char **) keys->pdata);
}
