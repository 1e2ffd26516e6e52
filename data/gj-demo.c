/* gj-demo.c: one street's worth of realistic demo data
 *
 * Everything goes through the public record API and so through validation
 * and change capture, exactly like records a person enters.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-demo"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gj-data-error.h"
#include "gj-demo.h"
#include "gj-validate.h"

typedef struct
{
  GjStore    *store;
  GRand      *rand;
  GDate       today;
  const char *street;
  GPtrArray  *communities;   /* GjRecord* */
  GPtrArray  *organizations;
  GPtrArray  *workers;
  GPtrArray  *teams;
  GPtrArray  *volunteers;
  GPtrArray  *resources;
  GPtrArray  *units;
  GPtrArray  *items;
  GPtrArray  *projects;
} Demo;

static const struct { const char *name; const char *type; int households; int population; }
community_seeds[] = {
  { "东湖社区", "urban", 3200, 9800 },
  { "桂花社区", "urban", 2600, 7900 },
  { "清源社区", "urban", 3800, 11500 },
  { "丰泽社区", "urban", 2100, 6400 },
  { "圣湖社区", "urban", 1800, 5600 },
  { "源淮社区", "urban", 2900, 8700 },
  { "枫林村", "rural", 900, 2800 },
  { "后埔村", "rural", 1100, 3400 },
  { "溪头村", "rural", 760, 2300 },
};

/* How many organizations each community gets: some below the targets of
 * 10 (urban) and 5 (rural) so that the indicators show shortfalls. */
static const int orgs_per_community[] = { 12, 10, 11, 6, 4, 8, 5, 3, 4 };

static const char *surnames = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾蔡潘";
static const char *given_chars = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国文辉玲志红春梅海燕";

static const struct { const char *suffix; const char *category; const char *legal_form; } org_kinds[] = {
  { "银龄互助会", "elderly_care", "social_group" },
  { "长者食堂服务社", "elderly_care", "private_non_enterprise" },
  { "邻里帮帮团", "public_service", "community_filed" },
  { "便民服务队", "public_service", "community_filed" },
  { "慈善爱心会", "charity", "social_group" },
  { "社区发展基金会", "charity", "foundation" },
  { "和谐促进会", "harmony", "social_group" },
  { "新市民融入服务站", "harmony", "private_non_enterprise" },
  { "广场舞协会", "culture_sports", "community_filed" },
  { "书画研习社", "culture_sports", "community_filed" },
  { "家政服务合作社", "life_service", "private_non_enterprise" },
  { "四点半课堂", "life_service", "community_filed" },
  { "邻里调解队", "mediation", "community_filed" },
  { "法律服务工作室", "mediation", "private_non_enterprise" },
  { "环保志愿联盟", "other", "community_filed" },
  { "青年创益社", "other", "social_group" },
};

static const char *stages[] = { "applied", "admitted", "incubating", "evaluating", "graduated",
                                "exited" };
static const char *service_types[] = { "operation", "venue", "training", "cultivation",
                                       "project_management" };
static const char *service_content[] = { "协助完善组织章程和财务制度", "提供活动室和会议场地",
                                         "参加社会组织负责人能力培训", "一对一督导和发展规划",
                                         "指导编写项目书并申报公益创投" };

static char *
pick_chars (Demo       *d,
            const char *pool,
            int         n)
{
  GString *s = g_string_new (NULL);
  glong len = g_utf8_strlen (pool, -1);

  for (int i = 0; i < n; i++)
    {
      const char *p = g_utf8_offset_to_pointer (pool, g_rand_int_range (d->rand, 0, len));
      g_string_append_len (s, p, g_utf8_next_char (p) - p);
    }
  return g_string_free (s, FALSE);
}

static char *
person (Demo *d)
{
  g_autofree char *family = pick_chars (d, surnames, 1);
  g_autofree char *given = pick_chars (d, given_chars, g_rand_boolean (d->rand) ? 1 : 2);

  return g_strconcat (family, given, NULL);
}

static char *
mobile (Demo *d)
{
  static const char *prefixes[] = { "138", "139", "137", "150", "151", "158", "186", "188", "159", "177" };

  return g_strdup_printf ("%s%08d", prefixes[g_rand_int_range (d->rand, 0, G_N_ELEMENTS (prefixes))],
                          g_rand_int_range (d->rand, 0, 100000000));
}

static char *
resident_id (Demo *d,
             int   birth_year)
{
  char first17[18];

  g_snprintf (first17, sizeof first17, "350503%04d%02d%02d%03d", birth_year,
              g_rand_int_range (d->rand, 1, 13), g_rand_int_range (d->rand, 1, 29),
              g_rand_int_range (d->rand, 0, 1000));
  return g_strdup_printf ("%s%c", first17, gj_resident_id_check (first17));
}

static char *
credit_code (Demo *d,
             char  kind)
{
  static const char *charset = "0123456789ABCDEFGHJKLMNPQRTUWXY";
  char first17[18];

  /* 5 = civil affairs registration; then the organization type, the
   * region code of the district, and a nine-character organization code. */
  first17[0] = '5';
  first17[1] = kind;
  memcpy (first17 + 2, "350503", 6);
  for (int i = 8; i < 17; i++)
    first17[i] = charset[g_rand_int_range (d->rand, 0, 31)];
  first17[17] = '\0';
  return g_strdup_printf ("%s%c", first17, gj_credit_code_check (first17));
}

/* A date @days from today (negative: in the past). */
static char *
date_from_today (Demo *d,
                 int   days)
{
  GDate date = d->today;

  if (days >= 0)
    g_date_add_days (&date, days);
  else
    g_date_subtract_days (&date, -days);
  return g_strdup_printf ("%04d-%02d-%02d", g_date_get_year (&date), g_date_get_month (&date),
                          g_date_get_day (&date));
}

static void *
pick (Demo      *d,
      GPtrArray *from)
{
  return g_ptr_array_index (from, g_rand_int_range (d->rand, 0, from->len));
}

static GjRecord *
new_rec (Demo       *d,
         const char *kind)
{
  GjRecord *rec = gj_record_new_for (kind);

  if (gj_kind_field_index (rec->kind, "street_id") >= 0)
    gj_record_set_text (rec, "street_id", d->street);
  return rec;
}

static gboolean
save (Demo      *d,
      GjRecord  *rec,
      GPtrArray *keep,
      GError   **error)
{
  if (!gj_store_insert (d->store, rec, error))
    {
      g_prefix_error (error, "%s: ", rec->kind->name);
      gj_record_unref (rec);
      return FALSE;
    }
  if (keep)
    g_ptr_array_add (keep, rec);
  else
    gj_record_unref (rec);
  return TRUE;
}

static const char *
community_of (GjRecord *rec)
{
  return gj_record_get_text (rec, "community_id");
}

static gboolean
add_communities (Demo    *d,
                 GError **error)
{
  for (guint i = 0; i < G_N_ELEMENTS (community_seeds); i++)
    {
      GjRecord *c = new_rec (d, "community");
      g_autofree char *secretary = person (d);
      g_autofree char *phone = mobile (d);

      gj_record_set_text (c, "name", community_seeds[i].name);
      gj_record_set_text (c, "type", community_seeds[i].type);
      gj_record_set_int (c, "households", community_seeds[i].households);
      gj_record_set_int (c, "population", community_seeds[i].population);
      gj_record_set_text (c, "secretary", secretary);
      gj_record_set_text (c, "phone", phone);
      if (!save (d, c, d->communities, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
add_organizations (Demo    *d,
                   GError **error)
{
  guint k = 0;

  for (guint c = 0; c < d->communities->len; c++)
    {
      GjRecord *com = g_ptr_array_index (d->communities, c);
      g_autofree char *place = g_strndup (gj_record_get_title (com),
                                          strlen (gj_record_get_title (com)) -
                                          (g_str_has_suffix (gj_record_get_title (com), "社区")
                                           ? strlen ("社区") : 0));

      for (int i = 0; i < orgs_per_community[c]; i++, k++)
        {
          GjRecord *o = new_rec (d, "organization");
          guint kind = k % G_N_ELEMENTS (org_kinds);
          g_autofree char *name = g_strdup_printf ("%s%s", place, org_kinds[kind].suffix);
          g_autofree char *leader = person (d);
          g_autofree char *phone = mobile (d);
          /* Most are old; a few are founded this year for the "new organizations" indicator. */
          g_autofree char *founded = date_from_today (d, k % 9 == 0 ? -g_rand_int_range (d->rand, 10, 200)
                                                                    : -g_rand_int_range (d->rand, 400, 3000));
          g_autofree char *desc = g_strdup_printf ("立足%s，围绕%s开展常态化服务，"
                                                   "由社区党组织引领、社工站孵化支持。",
                                                   gj_record_get_title (com), org_kinds[kind].suffix);

          gj_record_set_text (o, "name", name);
          gj_record_set_text (o, "category", org_kinds[kind].category);
          gj_record_set_text (o, "legal_form", org_kinds[kind].legal_form);
          gj_record_set_text (o, "community_id", com->id);
          gj_record_set_text (o, "founded", founded);
          gj_record_set_text (o, "leader", leader);
          gj_record_set_text (o, "phone", phone);
          gj_record_set_int (o, "members", g_rand_int_range (d->rand, 8, 160));
          gj_record_set_bool (o, "brand", k % 7 == 0);
          gj_record_set_text (o, "description", desc);
          if (!g_str_equal (org_kinds[kind].legal_form, "community_filed"))
            {
              char type = g_str_equal (org_kinds[kind].legal_form, "social_group") ? '1'
                          : g_str_equal (org_kinds[kind].legal_form, "foundation") ? '3' : '2';
              g_autofree char *code = credit_code (d, type);
              gj_record_set_text (o, "credit_code", code);
              /* Registered with the district's civil-affairs bureau, which
               * asks for an annual report each year. */
              gj_record_set_text (o, "registration_authority", "清源区民政局");
              gj_record_set_int (o, "annual_report_year", k % 5 == 4 ? 2024 : 2025);
            }
          if (!save (d, o, d->organizations, error))
            return FALSE;
        }
    }
  return TRUE;
}

static gboolean
add_incubations (Demo    *d,
                 GError **error)
{
  static const char *mentors[] = { "林晓燕（督导）", "陈志强（社工师）", "黄丽娟（高级社工师）",
                                   "郑海涛（公益导师）" };

  for (guint i = 0; i < 36; i++)
    {
      GjRecord *org = g_ptr_array_index (d->organizations, (i * 5) % d->organizations->len);
      const char *stage = stages[i % G_N_ELEMENTS (stages)];
      guint stage_n = i % G_N_ELEMENTS (stages);
      int applied = -g_rand_int_range (d->rand, 60 + 90 * stage_n, 120 + 120 * stage_n);
      g_autoptr(GjRecord) inc = new_rec (d, "incubation");
      g_autofree char *applied_on = date_from_today (d, applied);
      g_autofree char *admitted_on = date_from_today (d, applied + 30);
      g_autofree char *since = date_from_today (d, MIN (-3, applied + 30 + 60 * (int) stage_n));
      /* Reviews due this week for some, later for others. */
      g_autofree char *review = date_from_today (d, i % 4 == 0 ? (int) (i % 7) : 20 + (int) i);

      gj_record_set_text (inc, "organization_id", org->id);
      gj_record_set_text (inc, "stage", stage);
      gj_record_set_text (inc, "mentor", mentors[i % G_N_ELEMENTS (mentors)]);
      gj_record_set_text (inc, "applied_on", applied_on);
      gj_record_set_text (inc, "stage_since", since);
      if (stage_n >= 1)
        gj_record_set_text (inc, "admitted_on", admitted_on);
      if (stage_n >= 4)
        gj_record_set_text (inc, "closed_on", since);
      else
        gj_record_set_text (inc, "next_review", review);
      gj_record_set_text (inc, "notes", stage_n == 5 ? "骨干流失，主动申请退出孵化，转为社区备案管理"
                                                      : "按孵化协议推进，按月报送活动记录");
      if (!gj_store_insert (d->store, inc, error))
        return FALSE;

      for (guint s = 0; s < (stage_n >= 2 ? 5 : stage_n + 1); s++)
        {
          g_autoptr(GjRecord) svc = new_rec (d, "incubation_service");
          g_autofree char *when = date_from_today (d, applied + 35 + 20 * (int) s);

          gj_record_set_text (svc, "incubation_id", inc->id);
          gj_record_set_text (svc, "type", service_types[s]);
          gj_record_set_text (svc, "date", when);
          gj_record_set_real (svc, "hours", 1.5 + s);
          gj_record_set_text (svc, "content", service_content[s]);
          gj_record_set_text (svc, "provider", mentors[(i + s) % G_N_ELEMENTS (mentors)]);
          if (!gj_store_insert (d->store, svc, error))
            return FALSE;
        }
      if (stage_n >= 3)
        {
          g_autoptr(GjRecord) ev = new_rec (d, "evaluation");
          g_autofree char *when = date_from_today (d, -g_rand_int_range (d->rand, 5, 40));
          double score = stage_n == 5 ? 52 : 70 + g_rand_int_range (d->rand, 0, 28);

          gj_record_set_text (ev, "incubation_id", inc->id);
          gj_record_set_text (ev, "date", when);
          gj_record_set_real (ev, "score", score);
          gj_record_set_text (ev, "result", score >= 80 ? "pass" : score >= 60 ? "improve" : "fail");
          gj_record_set_text (ev, "evaluator", "区社会组织服务中心评估组");
          gj_record_set_text (ev, "comments", score >= 80 ? "组织架构健全，活动常态化，具备出壳条件"
                                                         : "制度建设待完善，需加强骨干培养");
          if (!gj_store_insert (d->store, ev, error))
            return FALSE;
        }
    }
  return TRUE;
}

static gboolean
add_workers (Demo    *d,
             GError **error)
{
  static const char *levels[] = { "assistant", "social_worker", "none", "assistant", "senior",
                                  "social_worker", "none" };

  for (guint i = 0; i < 30; i++)
    {
      GjRecord *w = new_rec (d, "social_worker");
      GjRecord *com = g_ptr_array_index (d->communities, i % d->communities->len);
      g_autofree char *name = person (d);
      g_autofree char *phone = mobile (d);

      /* The last rural community has no social worker at all. */
      if (i % d->communities->len == d->communities->len - 1)
        com = g_ptr_array_index (d->communities, 0);
      gj_record_set_text (w, "name", name);
      gj_record_set_text (w, "certificate", levels[i % G_N_ELEMENTS (levels)]);
      gj_record_set_bool (w, "full_time", i % 3 != 2);
      gj_record_set_text (w, "community_id", com->id);
      gj_record_set_text (w, "phone", phone);
      gj_record_set_text (w, "gender", i % 3 ? "female" : "male");
      if (!save (d, w, d->workers, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
add_units (Demo    *d,
           GError **error)
{
  static const struct { const char *name; const char *type; } seeds[] = {
    { "清源区人民法院", "party_government" }, { "东湖街道派出所", "party_government" },
    { "区税务局第二税务所", "party_government" }, { "闽南电力公司东湖供电所", "enterprise" },
    { "泉丰食品有限公司", "enterprise" }, { "兴业银行东湖支行", "enterprise" },
    { "区疾病预防控制中心", "public_institution" }, { "区图书馆", "public_institution" },
    { "东湖实验小学", "school" }, { "清源第二中学", "school" }, { "武警某中队", "military" },
    { "区妇女联合会", "mass_organization" }, { "共青团清源区委", "mass_organization" },
    { "区第一医院", "hospital" }, { "东湖社区卫生服务中心", "hospital" }, { "东湖农贸市场", "other" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (seeds); i++)
    {
      GjRecord *u = new_rec (d, "unit");
      GjRecord *com = g_ptr_array_index (d->communities, i % d->communities->len);
      g_autofree char *contact = person (d);
      g_autofree char *phone = mobile (d);
      g_autofree char *party = g_strdup_printf ("%s党%s", seeds[i].name, i % 3 ? "支部" : "总支");
      g_autofree char *address = g_strdup_printf ("%s%u号", gj_record_get_title (com), 10 + i * 7);

      gj_record_set_text (u, "name", seeds[i].name);
      gj_record_set_text (u, "type", seeds[i].type);
      gj_record_set_text (u, "community_id", com->id);
      gj_record_set_text (u, "contact", contact);
      gj_record_set_text (u, "phone", phone);
      gj_record_set_text (u, "party_org", party);
      gj_record_set_text (u, "address", address);
      if (!save (d, u, d->units, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
add_volunteers (Demo    *d,
                GError **error)
{
  static const char *focus[] = { "助老陪伴", "环境整治", "文明交通劝导", "四点半课堂辅导", "义诊义剪",
                                 "垃圾分类督导", "平安巡逻" };

  for (guint i = 0; i < 14; i++)
    {
      GjRecord *t = new_rec (d, "volunteer_team");
      /* Teams cluster in the first communities so others fall short of 5. */
      GjRecord *com = g_ptr_array_index (d->communities, (i * i) % 5);
      g_autofree char *name = g_strdup_printf ("%s%s志愿服务队", gj_record_get_title (com),
                                               focus[i % G_N_ELEMENTS (focus)]);
      g_autofree char *leader = person (d);
      g_autofree char *founded = date_from_today (d, -g_rand_int_range (d->rand, 200, 2000));

      gj_record_set_text (t, "name", name);
      gj_record_set_text (t, "community_id", com->id);
      if (i % 4 == 3)
        gj_record_set_text (t, "unit_id", ((GjRecord *) pick (d, d->units))->id);
      gj_record_set_text (t, "leader", leader);
      gj_record_set_text (t, "focus", focus[i % G_N_ELEMENTS (focus)]);
      gj_record_set_text (t, "founded", founded);
      if (!save (d, t, d->teams, error))
        return FALSE;
    }

  for (guint i = 0; i < 130; i++)
    {
      GjRecord *v = new_rec (d, "volunteer");
      GjRecord *team = g_ptr_array_index (d->teams, i % d->teams->len);
      g_autofree char *name = person (d);
      g_autofree char *rid = resident_id (d, g_rand_int_range (d->rand, 1950, 2004));
      g_autofree char *phone = mobile (d);
      g_autofree char *joined = date_from_today (d, -g_rand_int_range (d->rand, 30, 1500));
      gboolean party = i % 4 == 0;

      gj_record_set_text (v, "name", name);
      gj_record_set_text (v, "resident_id", rid);
      gj_record_set_text (v, "phone", phone);
      gj_record_set_text (v, "gender", (rid[16] - '0') % 2 ? "male" : "female");
      gj_record_set_text (v, "community_id", community_of (team));
      gj_record_set_text (v, "team_id", team->id);
      gj_record_set_bool (v, "party_member", party);
      if (party)
        gj_record_set_text (v, "work_unit", gj_record_get_title (pick (d, d->units)));
      gj_record_set_text (v, "joined", joined);
      if (!save (d, v, d->volunteers, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
add_resources (Demo    *d,
               GError **error)
{
  static const struct { const char *name; const char *type; const char *donor; gint64 yuan; } seeds[] = {
    { "东湖社区基金会", "community_foundation", "东湖街道及辖区企业", 500000 },
    { "桂花社区微基金", "community_foundation", "桂花社区居民", 86000 },
    { "泉丰爱心助老冠名基金", "named_fund", "泉丰食品有限公司", 200000 },
    { "兴业金融教育冠名基金", "named_fund", "兴业银行东湖支行", 120000 },
    { "重阳节敬老捐款", "money", "辖区爱心人士", 35600 },
    { "助学金", "money", "清源区慈善总会", 80000 },
    { "冬季慰问物资", "in_kind", "东湖农贸市场", 0 },
    { "图书捐赠", "in_kind", "区图书馆", 0 },
    { "义诊服务", "service", "东湖社区卫生服务中心", 0 },
    { "法律咨询服务", "service", "清源区人民法院", 0 },
    { "防疫物资", "in_kind", "区疾病预防控制中心", 0 },
  };

  for (guint i = 0; i < G_N_ELEMENTS (seeds); i++)
    {
      GjRecord *r = new_rec (d, "resource");
      g_autofree char *when = date_from_today (d, -g_rand_int_range (d->rand, 10, 600));

      gj_record_set_text (r, "name", seeds[i].name);
      gj_record_set_text (r, "type", seeds[i].type);
      gj_record_set_text (r, "donor", seeds[i].donor);
      if (seeds[i].yuan > 0)
        gj_record_set_int (r, "amount", seeds[i].yuan * 100);
      else
        gj_record_set_text (r, "items", "大米、食用油、棉被、图书等");
      gj_record_set_text (r, "community_id", ((GjRecord *) g_ptr_array_index (d->communities, i % d->communities->len))->id);
      gj_record_set_text (r, "date", when);
      if (!save (d, r, d->resources, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
add_agreements (Demo    *d,
                GError **error)
{
  static const char *statuses[] = { "in_force", "in_force", "signed", "in_force", "expired",
                                    "draft", "in_force", "signed", "in_force", "terminated",
                                    "in_force", "expired" };
  static const char *areas[] = { "party_building,service", "project,resource_sharing",
                                 "resource_sharing", "party_building,project,service" };
  static const struct { const char *content; const char *area; } items[] = {
    { "联合开展主题党日活动", "party_building" },
    { "开放单位会议室供社区使用", "resource_sharing" },
    { "在职党员到社区报到服务", "party_building" },
    { "共同实施关爱独居老人项目", "project" },
    { "开展义诊、法律咨询进社区", "service" },
    { "捐赠助学物资", "resource_sharing" },
  };

  for (guint i = 0; i < 12; i++)
    {
      GjRecord *unit = g_ptr_array_index (d->units, i % d->units->len);
      g_autoptr(GjRecord) a = new_rec (d, "agreement");
      const char *status = statuses[i];
      int start = -g_rand_int_range (d->rand, 100, 500);
      gboolean expired = g_str_equal (status, "expired");
      g_autofree char *title = g_strdup_printf ("%s与%s共驻共建协议", gj_record_get_title (unit),
                                                gj_record_get_title (g_ptr_array_index (d->communities, i % d->communities->len)));
      g_autofree char *signed_on = date_from_today (d, start - 10);
      g_autofree char *start_on = date_from_today (d, start);
      /* Some terms end within the month, for "agreements expiring". */
      g_autofree char *end_on = date_from_today (d, expired ? -20 : i % 5 == 0 ? 12 + (int) i : 200 + (int) i * 10);
      guint n_items = 3 + i % 4;

      gj_record_set_text (a, "title", title);
      gj_record_set_text (a, "unit_id", unit->id);
      gj_record_set_text (a, "community_id", ((GjRecord *) g_ptr_array_index (d->communities, i % d->communities->len))->id);
      gj_record_set_text (a, "status", status);
      gj_record_set_text (a, "areas", areas[i % G_N_ELEMENTS (areas)]);
      if (!g_str_equal (status, "draft"))
        gj_record_set_text (a, "signed_on", signed_on);
      gj_record_set_text (a, "start_on", start_on);
      gj_record_set_text (a, "end_on", end_on);
      if (!gj_store_insert (d->store, a, error))
        return FALSE;

      for (guint k = 0; k < n_items; k++)
        {
          GjRecord *it = new_rec (d, "agreement_item");
          guint which = (i + k) % G_N_ELEMENTS (items);
          /* A mix: done, overdue and not done, due within 30 days, later. */
          guint mode = (i * 3 + k) % 4;
          int due = mode == 0 ? -g_rand_int_range (d->rand, 10, 90)
                  : mode == 1 ? -g_rand_int_range (d->rand, 1, 40)
                  : mode == 2 ? g_rand_int_range (d->rand, 1, 30)
                              : g_rand_int_range (d->rand, 40, 200);
          g_autofree char *due_on = date_from_today (d, due);
          g_autofree char *done_on = date_from_today (d, due - 3);

          gj_record_set_text (it, "agreement_id", a->id);
          gj_record_set_text (it, "content", items[which].content);
          gj_record_set_text (it, "area", items[which].area);
          gj_record_set_text (it, "responsible", k % 2 ? gj_record_get_title (unit) : "社区党委");
          gj_record_set_text (it, "due_on", due_on);
          if (mode == 0)
            {
              gj_record_set_text (it, "status", "done");
              gj_record_set_text (it, "done_on", done_on);
              gj_record_set_text (it, "evidence", "活动照片、签到表已归档");
              gj_record_set_text (it, "verified_by", "社工站");
              gj_record_set_text (it, "verified_on", done_on);
            }
          else
            gj_record_set_text (it, "status", mode == 1 ? "in_progress" : "pending");
          if (!save (d, it, d->items, error))
            return FALSE;
        }
    }
  return TRUE;
}

static gboolean
add_projects (Demo    *d,
              GError **error)
{
  static const struct { const char *name; const char *field; const char *funding; } seeds[] = {
    { "银龄守护·独居老人关爱计划", "elderly", "district_venture" },
    { "四点半课堂", "children", "street_venture" },
    { "邻里守望互助网络", "governance", "purchase" },
    { "困难家庭精准帮扶", "social_assistance", "charity" },
    { "残疾人康复助行", "disability", "micro" },
    { "书香社区阅读推广", "culture", "community_fund" },
    { "长者食堂", "elderly", "purchase" },
    { "儿童友好空间营造", "children", "district_venture" },
    { "楼道自治议事会", "governance", "micro" },
    { "外来务工人员融入计划", "governance", "street_venture" },
    { "防诈骗宣传进万家", "other", "micro" },
    { "失独家庭心理关怀", "social_assistance", "charity" },
    { "社区微更新", "governance", "community_fund" },
    { "暑期青少年成长营", "children", "street_venture" },
    { "老年人智能手机课堂", "elderly", "micro" },
    { "垃圾分类督导", "other", "purchase" },
    { "困境儿童结对帮扶", "children", "charity" },
    { "社区调解室建设", "governance", "district_venture" },
    { "居家养老上门服务", "elderly", "purchase" },
    { "非遗手工坊", "culture", "community_fund" },
    { "助残就业工坊", "disability", "district_venture" },
    { "平安社区巡防", "governance", "micro" },
  };
  static const char *statuses[] = { "idea", "applied", "approved", "in_progress", "in_progress",
                                    "closed", "evaluated" };

  for (guint i = 0; i < G_N_ELEMENTS (seeds); i++)
    {
      GjRecord *p = new_rec (d, "project");
      GjRecord *com = g_ptr_array_index (d->communities, i % d->communities->len);
      gint64 budget = (gint64) g_rand_int_range (d->rand, 3, 30) * 1000000;  /* fen */
      gint64 social = budget * g_rand_int_range (d->rand, 10, 60) / 100;
      int start = -g_rand_int_range (d->rand, 30, 400);
      g_autofree char *start_on = date_from_today (d, start);
      g_autofree char *end_on = date_from_today (d, start + 365);
      g_autofree char *name = g_strdup_printf ("%s%s", gj_record_get_title (com), seeds[i].name);
      const char *status = statuses[i % G_N_ELEMENTS (statuses)];
      struct { const char *role; GPtrArray *from; } parties[] = {
        { "community", NULL }, { "social_worker", d->workers }, { "organization", d->organizations },
        { "volunteer_team", d->teams }, { "resource", d->resources },
      };

      gj_record_set_text (p, "name", name);
      gj_record_set_text (p, "field", seeds[i].field);
      gj_record_set_text (p, "funding", seeds[i].funding);
      gj_record_set_text (p, "status", status);
      gj_record_set_text (p, "community_id", com->id);
      gj_record_set_int (p, "budget", budget);
      gj_record_set_int (p, "gov_funds", budget - social);
      gj_record_set_int (p, "social_funds", social);
      gj_record_set_int (p, "beneficiaries", g_rand_int_range (d->rand, 30, 1200));
      gj_record_set_text (p, "start_on", start_on);
      gj_record_set_text (p, "end_on", end_on);
      gj_record_set_text (p, "description", "以社区为平台、社会组织为载体、社会工作者为支撑，"
                                            "社区志愿者为辅助、社会慈善资源为补充，回应居民需求。");
      if (g_str_equal (status, "closed") || g_str_equal (status, "evaluated"))
        gj_record_set_text (p, "outcomes", "服务覆盖目标人群，居民满意度九成以上，形成可复制的服务模式");
      if (!save (d, p, d->projects, error))
        return FALSE;

      for (guint k = 0; k < G_N_ELEMENTS (parties); k++)
        {
          g_autoptr(GjRecord) pp = new_rec (d, "project_party");
          GjRecord *party = parties[k].from ? pick (d, parties[k].from) : com;

          gj_record_set_text (pp, "project_id", p->id);
          gj_record_set_text (pp, "role", parties[k].role);
          gj_record_set_text (pp, "party_id", party->id);
          if (!gj_store_insert (d->store, pp, error))
            return FALSE;
        }
    }
  return TRUE;
}

static gboolean
add_activities_and_hours (Demo    *d,
                          GError **error)
{
  static const char *places[] = { "社区党群服务中心", "社区活动室", "小区广场", "社工站多功能厅",
                                  "辖区学校操场" };

  for (guint i = 0; i < 36; i++)
    {
      g_autoptr(GjRecord) act = new_rec (d, "activity");
      GjRecord *project = i % 3 ? g_ptr_array_index (d->projects, i % d->projects->len) : NULL;
      GjRecord *item = project ? NULL : g_ptr_array_index (d->items, i % d->items->len);
      g_autofree char *when = date_from_today (d, -g_rand_int_range (d->rand, 1, 300));
      g_autofree char *title = g_strdup_printf ("%s第%u期活动",
                                                project ? gj_record_get_title (project)
                                                        : gj_record_get_title (item),
                                                i / 3 + 1);
      GjRecord *team = g_ptr_array_index (d->teams, i % d->teams->len);
      double hours = 2 + i % 3;

      gj_record_set_text (act, "title", title);
      gj_record_set_text (act, "date", when);
      gj_record_set_text (act, "place", places[i % G_N_ELEMENTS (places)]);
      gj_record_set_text (act, "community_id", project ? gj_record_get_text (project, "community_id")
                                                       : community_of (team));
      if (project)
        gj_record_set_text (act, "project_id", project->id);
      else
        gj_record_set_text (act, "agreement_item_id", item->id);
      gj_record_set_int (act, "participants", g_rand_int_range (d->rand, 12, 120));
      /* Most activities are run by one of the station's organizations. */
      if (i % 4 != 3)
        gj_record_set_text (act, "organization_id",
                            ((GjRecord *) g_ptr_array_index (d->organizations,
                                                             i % d->organizations->len))->id);
      gj_record_set_real (act, "volunteer_hours", hours * 4);
      gj_record_set_text (act, "summary", "活动有序开展，居民参与积极，志愿者提供现场服务");
      if (!gj_store_insert (d->store, act, error))
        return FALSE;

      /* Four volunteers of the team earn the activity's hours. */
      for (guint v = 0, n = 0; v < d->volunteers->len && n < 4; v++)
        {
          GjRecord *vol = g_ptr_array_index (d->volunteers, (v + i * 7) % d->volunteers->len);
          g_autoptr(GjRecord) h = NULL;

          if (g_strcmp0 (gj_record_get_text (vol, "team_id"), team->id) != 0)
            continue;
          h = new_rec (d, "hours");
          gj_record_set_text (h, "volunteer_id", vol->id);
          gj_record_set_text (h, "kind", "earn");
          gj_record_set_real (h, "hours", hours);
          gj_record_set_text (h, "date", when);
          gj_record_set_text (h, "activity_id", act->id);
          gj_record_set_text (h, "verified_by", gj_record_get_text (team, "leader"));
          if (!gj_store_insert (d->store, h, error))
            return FALSE;
          n++;
        }
    }

  /* Everyone else earns some hours too, and some redeem part of them. */
  for (guint v = 0; v < d->volunteers->len; v++)
    {
      GjRecord *vol = g_ptr_array_index (d->volunteers, v);
      g_autoptr(GjRecord) earn = new_rec (d, "hours");
      g_autofree char *when = date_from_today (d, -g_rand_int_range (d->rand, 5, 200));
      double hours = g_rand_int_range (d->rand, 2, 20);

      gj_record_set_text (earn, "volunteer_id", vol->id);
      gj_record_set_text (earn, "kind", "earn");
      gj_record_set_real (earn, "hours", hours);
      gj_record_set_text (earn, "date", when);
      gj_record_set_text (earn, "verified_by", "社工站");
      gj_record_set_text (earn, "note", "日常志愿服务");
      if (!gj_store_insert (d->store, earn, error))
        return FALSE;
      if (v % 5 == 0)
        {
          g_autoptr(GjRecord) redeem = new_rec (d, "hours");
          g_autofree char *later = date_from_today (d, -2);

          gj_record_set_text (redeem, "volunteer_id", vol->id);
          gj_record_set_text (redeem, "kind", "redeem");
          gj_record_set_real (redeem, "hours", hours / 2);
          gj_record_set_text (redeem, "date", later);
          gj_record_set_text (redeem, "note", "兑换理发、家电维修等服务");
          if (!gj_store_insert (d->store, redeem, error))
            return FALSE;
        }
    }
  return TRUE;
}

static gboolean
ensure_street (Demo    *d,
               GError **error)
{
  g_autoptr(GjRecord) district = NULL;
  g_autoptr(GjRecord) street = NULL;

  if (gj_store_get_street (d->store) != NULL)
    {
      d->street = gj_store_get_street (d->store);
      return TRUE;
    }
  district = gj_record_new_for ("district");
  gj_record_set_text (district, "name", "清源区");
  gj_record_set_text (district, "code", "350503");
  if (!gj_store_insert (d->store, district, error))
    return FALSE;
  street = gj_record_new_for ("street");
  gj_record_set_text (street, "name", "东湖街道");
  gj_record_set_text (street, "district_id", district->id);
  gj_record_set_text (street, "station", "东湖街道社会工作站");
  if (!gj_store_insert (d->store, street, error) ||
      !gj_store_set_meta (d->store, "district", district->id, error) ||
      !gj_store_set_meta (d->store, "street", street->id, error))
    return FALSE;
  d->street = gj_store_get_street (d->store);
  return TRUE;
}

gboolean
gj_demo_load (GjStore  *store,
              guint32   seed,
              GDate    *today,
              GError  **error)
{
  Demo d = { 0, };
  gboolean ok;
  gint64 n;

  g_return_val_if_fail (GJ_IS_STORE (store), FALSE);
  g_return_val_if_fail (today != NULL && g_date_valid (today), FALSE);

  n = gj_store_count (store, gj_schema_lookup ("organization"), NULL, error);
  if (n < 0)
    return FALSE;
  if (n > 0)
    {
      g_set_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID,
                   _("The database already holds records; demo data goes only into a new one"));
      return FALSE;
    }

  d.store = store;
  d.rand = g_rand_new_with_seed (seed);
  d.today = *today;
  d.communities = g_ptr_array_new_with_free_func ((GDestroyNotify) gj_record_unref);
  d.organizations = g_ptr_array_new_with_free_func ((GDestroyNotify) gj_record_unref);
  d.workers = g_ptr_array_new_with_free_func ((GDestroyNotify) gj_record_unref);
  d.teams = g_ptr_array_new_with_free_func ((GDestroyNotify) gj_record_unref);
  d.volunteers = g_ptr_array_new_with_free_func ((GDestroyNotify) gj_record_unref);
  d.resources = g_ptr_array_new_with_free_func ((GDestroyNotify) gj_record_unref);
  d.units = g_ptr_array_new_with_free_func ((GDestroyNotify) gj_record_unref);
  d.items = g_ptr_array_new_with_free_func ((GDestroyNotify) gj_record_unref);
  d.projects = g_ptr_array_new_with_free_func ((GDestroyNotify) gj_record_unref);

  ok = gj_store_begin (store, error);
  if (ok)
    {
      ok = ensure_street (&d, error) && add_communities (&d, error) &&
           add_organizations (&d, error) && add_incubations (&d, error) &&
           add_workers (&d, error) && add_units (&d, error) && add_volunteers (&d, error) &&
           add_resources (&d, error) && add_agreements (&d, error) && add_projects (&d, error) &&
           add_activities_and_hours (&d, error);
      if (ok)
        ok = gj_store_commit (store, error);
      else
        gj_store_rollback (store);
    }

  g_ptr_array_unref (d.communities);
  g_ptr_array_unref (d.organizations);
  g_ptr_array_unref (d.workers);
  g_ptr_array_unref (d.teams);
  g_ptr_array_unref (d.volunteers);
  g_ptr_array_unref (d.resources);
  g_ptr_array_unref (d.units);
  g_ptr_array_unref (d.items);
  g_ptr_array_unref (d.projects);
  g_rand_free (d.rand);
  return ok;
}
