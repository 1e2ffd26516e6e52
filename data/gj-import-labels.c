/* gj-import-labels.c: header labels and the fields they name
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-import"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gj-import-private.h"

/* What ledgers call each field, as found in station ledgers and the
 * policy texts' forms, best name first. The English label and the field
 * name are accepted besides. Kept apart from the translations on purpose:
 * a header in Chinese must map whatever the locale is. */
typedef struct
{
  const char *kind;
  const char *target;
  const char *names;  /* "|"-separated */
} Synonyms;

static const Synonyms synonyms[] = {
  { "community", "name", "社区名称|社区|名称|村(社区)|村社区" },
  { "community", "type", "社区类型|类型|城乡类型" },
  { "community", "households", "户数|总户数|住户数" },
  { "community", "population", "常住人口|人口|居民人数|人口数" },
  { "community", "secretary", "党组织书记|书记|社区书记|党委书记|党支部书记" },
  { "community", "phone", "联系电话|电话|手机" },

  { "organization", "name", "组织名称|社会组织名称|机构名称|名称|社会组织|组织" },
  { "organization", "credit_code", "统一社会信用代码|社会信用代码|信用代码|登记证号|备案编号" },
  { "organization", "legal_form", "组织形式|法人类型|登记类型|组织类型|性质|类型" },
  { "organization", "category", "类别|服务类别|组织类别|分类|服务领域|领域" },
  { "organization", "community_id", "所属社区|所在社区|社区|社区名称|备案社区" },
  { "organization", "founded", "成立时间|成立日期|成立年月|登记日期|备案时间|备案日期" },
  { "organization", "leader", "负责人|负责人姓名|法定代表人|法人代表|负责人/姓名" },
  { "organization", "phone", "联系电话|负责人电话|负责人联系电话|负责人/联系电话|手机|手机号|电话|联系方式" },
  { "organization", "members", "成员数|成员人数|人数|会员数|成员" },
  { "organization", "brand", "品牌组织|品牌社会组织|是否品牌组织|是否品牌" },
  { "organization", "description", "组织简介|简介|主要活动|服务内容|主要服务内容|备注" },
  { "organization", "registration_authority", "登记机关|登记管理机关|备案机关" },
  { "organization", "annual_report_year", "年报年度|最近年报年度|年检年度|最近年报" },

  { "social_worker", "name", "姓名|社工姓名|名字|名称" },
  { "social_worker", "certificate", "职业资格|证书等级|资格等级|持证情况|证书|职业资格等级" },
  { "social_worker", "full_time", "专职社区工作者|是否专职|专职" },
  { "social_worker", "community_id", "所在社区|所属社区|社区|工作社区" },
  { "social_worker", "phone", "联系电话|手机|手机号|电话" },
  { "social_worker", "gender", "性别" },

  { "volunteer", "name", "姓名|志愿者姓名|名字|名称" },
  { "volunteer", "resident_id", "身份证号|身份证号码|公民身份号码|身份证|证件号码" },
  { "volunteer", "phone", "手机|手机号|手机号码|联系电话|电话" },
  { "volunteer", "gender", "性别" },
  { "volunteer", "community_id", "所属社区|所在社区|社区|居住社区" },
  { "volunteer", "team_id", "志愿服务队|所属队伍|队伍|服务队|团队|志愿队伍|所属团队" },
  { "volunteer", "party_member", "在职党员|是否党员|党员|政治面貌" },
  { "volunteer", "work_unit", "工作单位|单位" },
  { "volunteer", "joined", "加入时间|注册时间|入队时间|加入日期|注册日期" },

  { "volunteer_team", "name", "队伍名称|服务队名称|志愿服务队|名称" },
  { "volunteer_team", "community_id", "所属社区|所在社区|社区" },
  { "volunteer_team", "unit_id", "驻区单位|依托单位|所属单位" },
  { "volunteer_team", "leader", "负责人|队长" },
  { "volunteer_team", "focus", "服务领域|服务内容|服务方向" },
  { "volunteer_team", "founded", "成立时间|成立日期" },

  { "hours", "volunteer_id", "身份证号|身份证号码|志愿者|志愿者姓名|姓名" },
  { "hours", "kind", "类型|存入/兑换|收支" },
  { "hours", "hours", "服务时长|时长|小时数|时数|服务小时|工时" },
  { "hours", "date", "服务日期|日期|活动日期|服务时间" },
  { "hours", "activity_id", "活动名称|活动|服务项目" },
  { "hours", "verified_by", "核实人|审核人|确认人|登记人" },
  { "hours", "note", "备注|说明|服务内容" },

  { "unit", "name", "单位名称|驻区单位|名称|单位" },
  { "unit", "type", "单位类型|单位性质|类型|性质" },
  { "unit", "community_id", "所在社区|所属社区|社区" },
  { "unit", "contact", "联系人|负责人" },
  { "unit", "phone", "联系电话|电话|手机" },
  { "unit", "party_org", "党组织名称|党组织" },
  { "unit", "address", "单位地址|地址" },

  { "agreement", "title", "协议名称|协议|标题|名称" },
  { "agreement", "unit_id", "驻区单位|共建单位|单位名称|单位" },
  { "agreement", "community_id", "共建社区|所属社区|社区" },
  { "agreement", "status", "协议状态|状态" },
  { "agreement", "areas", "共建内容|共建领域|内容领域|领域" },
  { "agreement", "signed_on", "签订日期|签订时间|签约日期|签约时间" },
  { "agreement", "start_on", "开始日期|起始日期|生效日期|开始时间|有效期起" },
  { "agreement", "end_on", "结束日期|到期日期|终止日期|结束时间|到期时间|有效期止" },
  { "agreement", "renewal_of", "续签自|续签协议|原协议" },
  { "agreement", "notes", "备注" },
  { "agreement", "item.content", "共建事项|事项|具体事项|项目内容|事项内容|内容" },
  { "agreement", "item.area", "事项领域|事项类别" },
  { "agreement", "item.responsible", "责任方|责任单位|负责方|牵头单位" },
  { "agreement", "item.due_on", "完成时限|截止日期|时限|完成期限" },
  { "agreement", "item.status", "完成情况|事项状态|进展|进展情况" },
  { "agreement", "item.done_on", "完成日期|完成时间" },
  { "agreement", "item.evidence", "佐证材料|佐证|完成依据|履约证明" },

  { "agreement_item", "agreement_id", "协议名称|所属协议|协议" },
  { "agreement_item", "content", "共建事项|事项|具体事项|事项内容|内容" },
  { "agreement_item", "area", "领域|事项领域|类别" },
  { "agreement_item", "responsible", "责任方|责任单位|负责方|牵头单位" },
  { "agreement_item", "due_on", "完成时限|截止日期|时限|完成期限" },
  { "agreement_item", "status", "完成情况|状态|进展|进展情况" },
  { "agreement_item", "done_on", "完成日期|完成时间" },
  { "agreement_item", "evidence", "佐证材料|佐证|完成依据|履约证明|履约佐证" },
  { "agreement_item", "verified_by", "佐证核验人|核验人" },
  { "agreement_item", "verified_on", "佐证核验日期|核验日期" },

  { "project", "name", "项目名称|名称|项目" },
  { "project", "field", "项目领域|服务领域|领域|类别" },
  { "project", "funding", "资金来源|项目来源|来源" },
  { "project", "status", "项目状态|状态|进度" },
  { "project", "community_id", "实施社区|所属社区|社区" },
  { "project", "budget", "项目预算|总预算|预算|预算金额|项目金额" },
  { "project", "gov_funds", "政府资金|财政资金|资助金额|政府投入" },
  { "project", "social_funds", "撬动社会资金|社会资金|撬动资金|配套资金" },
  { "project", "beneficiaries", "受益人数|受益人次|服务人次" },
  { "project", "start_on", "开始日期|开始时间|起始日期" },
  { "project", "end_on", "结束日期|结束时间|结项日期" },
  { "project", "outcomes", "项目成效|成效|效果" },
  { "project", "description", "项目简介|简介|项目内容|内容" },
};

char *
gj_import_label_key (const char *label)
{
  g_autofree char *nfkc = NULL;
  GString *key;
  guint depth = 0;

  if (label == NULL || !g_utf8_validate (label, -1, NULL))
    return g_strdup ("");
  nfkc = g_utf8_normalize (label, -1, G_NORMALIZE_ALL_COMPOSE);
  key = g_string_new (NULL);
  for (const char *p = nfkc; p != NULL && *p; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      /* A remark in parentheses ("预算(元)", "电话(手机)") says a unit or
       * a hint, not another field; the unit is read apart. */
      if (c == '(' || c == '[' || c == 0x3010)
        depth++;
      else if ((c == ')' || c == ']' || c == 0x3011) && depth > 0)
        depth--;
      else if (depth == 0 && !g_unichar_isspace (c) && c != '*' && c != ':' && c != 0x200b)
        g_string_append_unichar (key, g_unichar_tolower (c));
    }
  /* An unclosed parenthesis kept nothing after it; a header of only a
   * remark keeps its text rather than nothing. */
  if (key->len == 0 && depth > 0)
    {
      g_string_free (key, TRUE);
      return g_utf8_strdown (nfkc, -1);
    }
  return g_string_free (key, FALSE);
}

gboolean
gj_import_label_is_row_number (const char *label_key)
{
  static const char *const names[] = { "序号", "编号", "序", "no.", "no", "#", "行号", NULL };

  return g_strv_contains (names, label_key);
}

const GjField *
gj_import_target_field (const GjKind *kind,
                        const char   *target)
{
  if (g_str_equal (kind->name, "agreement") && g_str_has_prefix (target, GJ_IMPORT_ITEM_PREFIX))
    return gj_kind_field (gj_schema_lookup ("agreement_item"),
                          target + strlen (GJ_IMPORT_ITEM_PREFIX));
  return gj_kind_field (kind, target);
}

static void
add_key (GStrvBuilder *b,
         const char   *name)
{
  g_autofree char *key = gj_import_label_key (name);

  g_strv_builder_add (b, key);
}

/* The label keys of everything that names @target of @kind, made once per
 * process: a sheet of nonsense may have a thousand columns to score. */
static const char *const *
names_for (const GjKind  *kind,
           const char    *target,
           const GjField *field)
{
  static GMutex lock;
  static GHashTable *cache;
  g_autofree char *id = g_strconcat (kind->name, "\x1f", target, NULL);
  GStrv names;

  g_mutex_lock (&lock);
  if (cache == NULL)
    cache = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, (GDestroyNotify) g_strfreev);
  names = g_hash_table_lookup (cache, id);
  if (names == NULL)
    {
      g_autoptr(GStrvBuilder) b = g_strv_builder_new ();

      for (guint i = 0; i < G_N_ELEMENTS (synonyms); i++)
        if (g_str_equal (synonyms[i].kind, kind->name) && g_str_equal (synonyms[i].target, target))
          {
            g_auto(GStrv) split = g_strsplit (synonyms[i].names, "|", -1);

            for (guint n = 0; split[n] != NULL; n++)
              add_key (b, split[n]);
          }
      add_key (b, field->label);
      /* What Gongjian's own export writes in this locale (gj-export.h);
       * the Chinese ones are among the synonyms too, for any locale. */
      add_key (b, _(field->label));
      add_key (b, field->name);
      names = g_strv_builder_end (b);
      g_hash_table_insert (cache, g_steal_pointer (&id), names);
    }
  g_mutex_unlock (&lock);
  return (const char *const *) names;
}

/* @rank: the name's place among its target's names, best first. */
static guint
score_name (const char *key,
            guint       rank,
            const char *label_key,
            glong       label_len)
{
  glong len = g_utf8_strlen (key, -1);

  if (len == 0)
    return 0;
  /* Two columns may both be exact names of one field (类别 and 服务领域
   * for a category): the field's usual name wins. */
  if (g_str_equal (key, label_key))
    return GJ_IMPORT_EXACT_SCORE + 1000 - MIN (rank, 90u) * 10 + MIN (len, 9);
  /* A header that says more than a name ("组织负责人姓名") still names it,
   * and a longer name inside it is the better guess. */
  if (len >= 2 && strstr (label_key, key) != NULL)
    return 100 + len;
  if (label_len >= 2 && strstr (key, label_key) != NULL)
    return 50 + label_len;
  return 0;
}

guint
gj_import_label_score (const GjKind *kind,
                       const char   *target,
                       const char   *label_key)
{
  const GjField *field = gj_import_target_field (kind, target);
  const char *const *names;
  glong label_len;
  guint best = 0;

  if (field == NULL || label_key[0] == '\0' || gj_import_label_is_row_number (label_key))
    return 0;
  names = names_for (kind, target, field);
  label_len = g_utf8_strlen (label_key, -1);
  for (guint n = 0; names[n] != NULL; n++)
    best = MAX (best, score_name (names[n], n, label_key, label_len));
  return best;
}
