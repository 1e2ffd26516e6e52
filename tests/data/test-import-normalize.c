/* test-import-normalize.c: what people type in ledgers, turned into what
 * gj_record_parse() accepts, and refusals that name the field and quote
 * the cell
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "gj-data-error.h"
#include "gj-import-normalize.h"
#include "gj-record.h"
#include "gj-schema.h"

#define T GJ_SHEET_CELL_TEXT
#define N GJ_SHEET_CELL_NUMBER
#define D GJ_SHEET_CELL_DATE
#define B GJ_SHEET_CELL_BOOL

/* Resident IDs whose check characters were worked out apart from the code
 * under test (ISO 7064 MOD 11-2 by hand). */
#define ID_X "11010519491231002X"
#define ID_6 "440306199001011236"
/* The example printed in GB 32100-2015. */
#define CREDIT "91350100M000100Y43"

/* What an ID stored as a number is refused with. */
#define LOST_DIGITS "format the column as text"

static const GjField *
field_of (const char *kind_name,
          const char *field_name)
{
  const GjField *field = gj_kind_field (gj_schema_lookup (kind_name), field_name);

  g_assert_nonnull (field);
  return field;
}

/* @text must become @expected (NULL: empty, without an error), with a note
 * containing @note (NULL: no note), and the record layer must take it. */
static void
assert_value (const char      *kind_name,
              const char      *field_name,
              GjSheetCellType  type,
              const char      *text,
              const char      *expected,
              const char      *note)
{
  const GjField *field = field_of (kind_name, field_name);
  g_autoptr(GError) error = NULL;
  g_autofree char *got_note = NULL;
  g_autofree char *got = gj_import_normalize (field, type, text, &got_note, &error);

  if (error != NULL)
    g_error ("%s “%s” was refused: %s", field_name, text, error->message);
  if (g_strcmp0 (got, expected) != 0)
    g_error ("%s “%s” became “%s”, not “%s”", field_name, text, got, expected);
  if (note == NULL && got_note != NULL)
    g_error ("%s “%s” has an unexpected note: %s", field_name, text, got_note);
  if (note != NULL && (got_note == NULL || strstr (got_note, note) == NULL))
    g_error ("%s “%s”: note “%s” does not say “%s”", field_name, text, got_note, note);
  if (got != NULL)
    {
      g_autoptr(GjRecord) record = gj_record_new_for (kind_name);

      if (!gj_record_parse (record, field_name, got, &error))
        g_error ("gj_record_parse refused “%s”: %s", got, error->message);
    }

  /* The note is optional for callers. */
  g_free (got);
  got = gj_import_normalize (field, type, text, NULL, NULL);
  g_assert_cmpstr (got, ==, expected);
}

/* @text must be refused with an error that names the field, starts with
 * its label, quotes the cell as typed (trimmed) and says @fragment. */
static void
assert_refused (const char      *kind_name,
                const char      *field_name,
                GjSheetCellType  type,
                const char      *text,
                const char      *fragment)
{
  const GjField *field = field_of (kind_name, field_name);
  g_autoptr(GError) error = NULL;
  g_autofree char *note = NULL;
  g_autofree char *got = gj_import_normalize (field, type, text, &note, &error);
  g_autofree char *trimmed = g_strstrip (g_strdup (text));
  g_autofree char *quoted = g_strdup_printf ("“%s”", trimmed);
  g_autofree char *prefix = g_strconcat (field->label, ": ", NULL);

  if (got != NULL)
    g_error ("%s “%s” was taken as “%s”", field_name, text, got);
  g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID);
  g_assert_cmpstr (gj_data_error_get_field (error), ==, field_name);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  if (!g_str_has_prefix (error->message, prefix))
    g_error ("“%s” does not start with the label", error->message);
  if (strstr (error->message, quoted) == NULL)
    g_error ("“%s” does not quote the cell %s", error->message, quoted);
  if (fragment != NULL && strstr (error->message, fragment) == NULL)
    g_error ("“%s” does not say “%s”", error->message, fragment);
  g_assert_null (note);

  /* Without a GError the value is still refused. */
  g_assert_null (gj_import_normalize (field, type, text, NULL, NULL));
}

static void
test_empty (void)
{
  static const char *const markers[] = {
    "无", "暂无", "没有", "/", "\\", "-", "—", "——", "--", "N/A", "n/a", "NA", "null", "空",
    "／", "－", "　无　", " - ",
  };
  static const struct { const char *kind, *field; } fields[] = {
    { "organization", "credit_code" }, { "organization", "founded" },
    { "organization", "phone" }, { "organization", "members" },
    { "organization", "legal_form" }, { "organization", "community_id" },
    { "project", "budget" }, { "hours", "hours" }, { "agreement", "areas" },
    { "volunteer", "resident_id" }, { "organization", "brand" },
  };

  for (guint f = 0; f < G_N_ELEMENTS (fields); f++)
    {
      for (guint m = 0; m < G_N_ELEMENTS (markers); m++)
        {
          /* 无 and 没有 are a flag's "no" (see test_bool); the other
           * markers are empty there too. */
          if (g_str_equal (fields[f].field, "brand") &&
              (strstr (markers[m], "无") != NULL || g_str_equal (markers[m], "没有")) &&
              !g_str_equal (markers[m], "暂无"))
            continue;
          assert_value (fields[f].kind, fields[f].field, T, markers[m], NULL, NULL);
        }
      assert_value (fields[f].kind, fields[f].field, T, "  \u3000\u00a0", NULL, NULL);
      assert_value (fields[f].kind, fields[f].field, GJ_SHEET_CELL_EMPTY, "", NULL, NULL);
      assert_value (fields[f].kind, fields[f].field, T, NULL, NULL, NULL);
    }
  /* Text keeps what was typed, even a marker: "无" may be a real answer. */
  assert_value ("organization", "description", T, "无", "无", NULL);
  assert_value ("organization", "description", T, " \u3000 ", NULL, NULL);
}

static void
test_text (void)
{
  assert_value ("organization", "name", T, "\u3000东湖  志愿\n服务队\u00a0", "东湖 志愿 服务队", NULL);
  assert_value ("organization", "name", T, "东湖（社区）志愿队", "东湖（社区）志愿队", NULL);
  assert_value ("organization", "name", T, "\u200b东湖志愿队\ufeff", "东湖志愿队", NULL);
  /* Free text keeps its lines and full-width punctuation. */
  assert_value ("organization", "description", T, "  第一行：服务老人。\n第二行  ",
                "第一行：服务老人。\n第二行", NULL);
  assert_value ("organization", "description", N, "12345", "12345", NULL);
  assert_value ("organization", "leader", T, " 张三 ", "张三", NULL);
}

static void
test_ref (void)
{
  assert_value ("organization", "community_id", T, "\u3000东湖社区 ", "东湖社区", NULL);
  assert_value ("volunteer", "team_id", T, "ＡＢＣ志愿队", "ABC志愿队", NULL);
  assert_value ("volunteer", "team_id", T, "东湖  志愿队", "东湖 志愿队", NULL);
}

static void
test_date (void)
{
  static const char *const forms[] = {
    "2023-03-21", "2023年3月21日", "2023年03月21号", "2023.3.21", "2023/03/21", "2023-3-21",
    "2023 3 21", "20230321", "２０２３年３月２１日", "2023-03-21 10:00:00", "2023-03-21T10:00:00",
    "2023-03-21T10:00:00.000+08:00", "2023年3月21日 8:30", " 2023 年 3 月 21 日 ", "45006",
  };

  for (guint i = 0; i < G_N_ELEMENTS (forms); i++)
    assert_value ("organization", "founded", T, forms[i], "2023-03-21", NULL);
  assert_value ("organization", "founded", D, "2023-03-21", "2023-03-21", NULL);
  assert_value ("organization", "founded", D, "2023-03-21 10:00:00", "2023-03-21", NULL);
  /* Excel serials, with the 1900 leap-year fault, and times of day. */
  assert_value ("organization", "founded", N, "45006", "2023-03-21", NULL);
  assert_value ("organization", "founded", N, "45006.75", "2023-03-21", NULL);
  assert_value ("organization", "founded", N, "44927", "2023-01-01", NULL);
  assert_value ("organization", "founded", N, "1", "1900-01-01", NULL);
  assert_value ("organization", "founded", N, "59", "1900-02-28", NULL);
  assert_value ("organization", "founded", N, "61", "1900-03-01", NULL);
  assert_value ("organization", "founded", N, "20230321", "2023-03-21", NULL);
  /* Only a month: its first day, and a note that says so. */
  assert_value ("organization", "founded", T, "2023年3月", "2023-03-01", "Only the month");
  assert_value ("organization", "founded", T, "2023.3", "2023-03-01", "(2023.3)");
  assert_value ("organization", "founded", T, "2023-03", "2023-03-01", "first day");
  assert_value ("organization", "founded", T, "2023/3", "2023-03-01", "first day");
}

static void
test_date_refused (void)
{
  assert_refused ("organization", "founded", T, "2023-02-30", "the calendar has no day");
  assert_refused ("organization", "founded", T, "2023年13月1日", "the calendar has no day");
  assert_refused ("organization", "founded", T, "23.3.21", "two-digit year");
  assert_refused ("organization", "founded", T, "23年3月", "two-digit year");
  assert_refused ("organization", "founded", T, "3/21/2023", "YYYY-MM-DD");
  assert_refused ("organization", "founded", T, "2023年", "YYYY-MM-DD");
  assert_refused ("organization", "founded", T, "去年春天", "YYYY-MM-DD");
  assert_refused ("organization", "founded", T, "2023-03-21 下午", "YYYY-MM-DD");
  assert_refused ("organization", "founded", T, "1899-12-31", "out of range");
  assert_refused ("organization", "founded", N, "60", "29 February 1900");
  assert_refused ("organization", "founded", N, "0", "YYYY-MM-DD");
  assert_refused ("organization", "founded", N, "-3", "YYYY-MM-DD");
  assert_refused ("organization", "founded", N, "2958466", "YYYY-MM-DD");
  /* The last serial Excel has, 9999-12-31, is past what Gongjian keeps. */
  assert_refused ("organization", "founded", N, "2958465", "out of range");
}

static void
test_mobile (void)
{
  static const char *const forms[] = {
    "18865719602", "188 6571 9602", "188-6571-9602", "+86 188 6571 9602", "+86-18865719602",
    "008618865719602", "8618865719602", "(+86)18865719602", "１８８６５７１９６０２",
    "188.6571.9602", "'18865719602", "1.8865719602E+10",
  };

  for (guint i = 0; i < G_N_ELEMENTS (forms); i++)
    assert_value ("organization", "phone", T, forms[i], "18865719602", NULL);
  assert_value ("organization", "phone", N, "18865719602", "18865719602", NULL);
  assert_value ("organization", "phone", N, "1.8865719602E+10", "18865719602", NULL);
  assert_refused ("organization", "phone", T, "0571-88888888", "11 digits");
  assert_refused ("organization", "phone", T, "1886571960", "11 digits");
  assert_refused ("organization", "phone", T, "12865719602", "13 to 19");
  assert_refused ("organization", "phone", T, "找张老师", "digits only");
  assert_refused ("organization", "phone", N, "1.5", "not a mobile number");
}

static void
test_money (void)
{
  assert_value ("project", "budget", T, "20万", "200000", NULL);
  assert_value ("project", "budget", T, "1.5万元", "15000", NULL);
  assert_value ("project", "budget", T, "¥1,200.00", "1200", NULL);
  assert_value ("project", "budget", T, "￥1,200.50", "1200.5", NULL);
  assert_value ("project", "budget", T, "1200元", "1200", NULL);
  assert_value ("project", "budget", T, "1,200", "1200", NULL);
  assert_value ("project", "budget", T, "0.5亿", "50000000", NULL);
  assert_value ("project", "budget", T, "1.2345万", "12345", NULL);
  assert_value ("project", "budget", T, "1.23456万", "12345.6", NULL);
  assert_value ("project", "budget", T, "人民币 3000 元", "3000", NULL);
  assert_value ("project", "budget", T, "０", "0", NULL);
  assert_value ("project", "budget", T, "约5万", "50000", "leaving out “约”");
  assert_value ("project", "budget", N, "1200.5", "1200.50", NULL);
  assert_value ("project", "budget", N, "0.30000000000000004", "0.30", NULL);
  assert_value ("project", "budget", N, "1.2E+5", "120000.00", NULL);
  assert_refused ("project", "budget", T, "1.234", "parts of a fen");
  assert_refused ("project", "budget", N, "1.005", "parts of a fen");
  assert_refused ("project", "budget", T, "-500", "amount in yuan");
  assert_refused ("project", "budget", T, "20万美元", "amount in yuan");
  assert_refused ("project", "budget", T, "1,20", "amount in yuan");
  assert_refused ("project", "budget", T, "两万", "amount in yuan");
  assert_refused ("project", "budget", T, "20000亿", "more than any amount");
  assert_refused ("project", "budget", T, "3百万", "amount in yuan");
  assert_refused ("project", "budget", T, "99999999999999999999", "more than any amount");
  assert_refused ("project", "budget", N, "1e300", "amount in yuan");
}

static void
test_int (void)
{
  assert_value ("organization", "members", T, "25", "25", NULL);
  assert_value ("organization", "members", T, "25人", "25", "leaving out “人”");
  assert_value ("organization", "members", T, "１，２００", "1200", NULL);
  assert_value ("organization", "members", T, "约30", "30", "leaving out “约”");
  assert_value ("organization", "members", T, "约 30 人", "30", "“约” and “人”");
  assert_value ("organization", "members", T, "1.2万", "12000", NULL);
  assert_value ("community", "population", T, "3千人", "3000", "leaving out “人”");
  assert_refused ("community", "population", T, "3百万人", "a whole number, such as 25");
  assert_value ("organization", "members", T, "25.0", "25", NULL);
  assert_value ("organization", "members", N, "25.0", "25", NULL);
  assert_value ("organization", "members", N, "25", "25", NULL);
  assert_value ("organization", "annual_report_year", T, "2023年", "2023", "leaving out “年”");
  assert_refused ("organization", "members", T, "2.5", "a whole number, such as 25");
  assert_refused ("organization", "members", N, "2.5", "a whole number, such as 25");
  assert_refused ("organization", "members", T, "20-30", "a whole number, such as 25");
  assert_refused ("organization", "members", T, "三十", "a whole number, such as 25");
  assert_refused ("organization", "members", T, "50%", "a whole number, such as 25");
  assert_refused ("organization", "members", T, "1,20", "a whole number, such as 25");
  assert_refused ("organization", "members", N, "-4", "a whole number, such as 25");
  assert_refused ("organization", "members", T, "9999999999999999999999", "too large");
}

static void
test_real (void)
{
  assert_value ("hours", "hours", T, "2.5", "2.5", NULL);
  assert_value ("hours", "hours", T, "2.5小时", "2.5", "leaving out “小时”");
  assert_value ("hours", "hours", T, "2.5h", "2.5", "leaving out “h”");
  assert_value ("hours", "hours", T, "3个小时", "3", "leaving out “个小时”");
  assert_value ("hours", "hours", T, "２.５０", "2.5", NULL);
  assert_value ("hours", "hours", N, "2.5", "2.5", NULL);
  assert_value ("hours", "hours", N, "3", "3", NULL);
  assert_value ("hours", "hours", N, "2.5E-1", "0.25", NULL);
  assert_refused ("hours", "hours", T, "2万小时", "such as 2.5");
  assert_value ("evaluation", "score", T, "85分", "85", "leaving out “分”");
  assert_refused ("hours", "hours", T, "90分钟", "number of hours");
  assert_refused ("hours", "hours", T, "2天", "number of hours");
  assert_refused ("hours", "hours", T, "两小时", "such as 2.5");
  assert_refused ("hours", "hours", N, "-1", "such as 2.5");
  assert_refused ("hours", "hours", T, "2-3", "such as 2.5");
}

static void
test_bool (void)
{
  static const char *const yes[] = { "是", "有", "√", "✓", "Y", "y", "yes", "YES", "true", "1", "对" };
  static const char *const no[] = { "否", "无", "没有", "×", "✗", "N", "no", "false", "0" };

  for (guint i = 0; i < G_N_ELEMENTS (yes); i++)
    assert_value ("organization", "brand", T, yes[i], "1", NULL);
  for (guint i = 0; i < G_N_ELEMENTS (no); i++)
    assert_value ("organization", "brand", T, no[i], "0", NULL);
  assert_value ("organization", "brand", B, "1", "1", NULL);
  assert_value ("organization", "brand", B, "0", "0", NULL);
  assert_value ("organization", "brand", N, "1", "1", NULL);
  assert_value ("organization", "brand", T, "Ｙ", "1", NULL);
  assert_refused ("organization", "brand", T, "也许", "yes or no");
}

static void
test_enum (void)
{
  static const struct { const char *kind, *field, *text, *key; } cases[] = {
    /* Key, English label, Chinese term. */
    { "organization", "legal_form", "social_group", "social_group" },
    { "organization", "legal_form", "Social group", "social_group" },
    { "organization", "legal_form", "PRIVATE NON-ENTERPRISE", "private_non_enterprise" },
    { "organization", "legal_form", "社会团体", "social_group" },
    /* Synonyms, per field. */
    { "organization", "legal_form", "民非", "private_non_enterprise" },
    { "organization", "legal_form", "民办非企业", "private_non_enterprise" },
    { "organization", "legal_form", "社会服务机构", "private_non_enterprise" },
    { "organization", "legal_form", "社团", "social_group" },
    { "organization", "legal_form", "备案", "community_filed" },
    { "organization", "legal_form", "社区备案", "community_filed" },
    { "organization", "legal_form", "备案类组织", "community_filed" },
    { "organization", "legal_form", "基金", "foundation" },
    { "organization", "category", "养老", "elderly_care" },
    { "organization", "category", "公益", "charity" },
    { "organization", "category", "慈善", "charity" },
    { "organization", "category", "文体", "culture_sports" },
    { "organization", "category", "文娱", "culture_sports" },
    { "organization", "category", "调解", "mediation" },
    { "organization", "category", "为民", "public_service" },
    { "organization", "category", "生活", "life_service" },
    { "volunteer", "gender", "男性", "male" },
    { "volunteer", "gender", "女性", "female" },
    { "volunteer", "gender", "女", "female" },
    { "agreement", "status", "已签", "signed" },
    { "agreement", "status", "签订", "signed" },
    { "agreement", "status", "执行中", "in_force" },
    { "agreement", "status", "履行", "in_force" },
    { "agreement_item", "status", "完成", "done" },
    { "agreement_item", "status", "未完成", "pending" },
    { "agreement_item", "status", "待办", "pending" },
    { "agreement_item", "status", "进行", "in_progress" },
    { "project", "status", "申报", "applied" },
    { "project", "status", "立项", "approved" },
    { "project", "status", "实施", "in_progress" },
    { "project", "status", "结项", "closed" },
    { "unit", "type", "机关", "party_government" },
    { "unit", "type", "公司", "enterprise" },
    { "unit", "type", "医疗", "hospital" },
    { "unit", "type", "学校", "school" },
    { "unit", "type", "小学", "school" },
    { "unit", "type", "中学", "school" },
    { "social_worker", "certificate", "初级", "assistant" },
    { "social_worker", "certificate", "助理", "assistant" },
    { "social_worker", "certificate", "中级", "social_worker" },
    { "social_worker", "certificate", "高级", "senior" },
    { "social_worker", "certificate", "无证", "none" },
    /* 无 is a certificate level here, not an empty cell. */
    { "social_worker", "certificate", "无", "none" },
    { "community", "type", "城市", "urban" },
    { "community", "type", "农村", "rural" },
    { "hours", "kind", "存入", "earn" },
    { "hours", "kind", "获得", "earn" },
    { "hours", "kind", "服务", "earn" },
    { "hours", "kind", "兑换", "redeem" },
    { "hours", "kind", "使用", "redeem" },
    /* Generic rules: a trailing 类/型/组织, and one term holding the other. */
    { "organization", "legal_form", "民非类", "private_non_enterprise" },
    { "organization", "category", "文体类组织", "culture_sports" },
    { "organization", "category", "专业调处型", "mediation" },
    { "organization", "category", "养老照护（日间照料）", "elderly_care" },
    { "organization", "category", "促进", "harmony" },
    { "social_worker", "certificate", "助理社会工作师证", "assistant" },
    { "social_worker", "certificate", "高级社会工作师（副高）", "senior" },
    { "project", "funding", "区级公益创投项目", "district_venture" },
    { "organization", "legal_form", "　民非　", "private_non_enterprise" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    assert_value (cases[i].kind, cases[i].field, T, cases[i].text, cases[i].key, NULL);

  /* A synonym of one field is nothing in another: 公益 is a category
   * (charity), but among fundings it fits two terms. */
  assert_refused ("project", "funding", T, "公益", "could be “区级公益创投” or “镇街公益创投”");
  /* Two values fit: both are named, and every accepted term is listed. */
  assert_refused ("project", "field", T, "服务", "could be “养老服务” or “助残服务”");
  assert_refused ("project", "field", T, "服务", "社会救助, 养老服务");
  assert_refused ("organization", "legal_form", T, "公司", "社会团体, 民办非企业单位, 基金会, 社区备案组织");
  assert_refused ("social_worker", "certificate", T, "工作师", "could be");
  /* A single character matches nothing by containment. */
  assert_refused ("organization", "category", T, "养", "养老照护");
}

static void
test_enum_set (void)
{
  assert_value ("agreement", "areas", T, "党建共创", "party_building", NULL);
  assert_value ("agreement", "areas", T, "党建共创、资源共享", "party_building,resource_sharing",
                NULL);
  assert_value ("agreement", "areas", T, "党建共创，项目共建；服务共办",
                "party_building,project,service", NULL);
  assert_value ("agreement", "areas", T, "党建共创/资源共享 服务共办",
                "party_building,resource_sharing,service", NULL);
  assert_value ("agreement", "areas", T, "Party building, Joint projects",
                "party_building,project", NULL);
  assert_value ("agreement", "areas", T, "资源共享、资源共享,", "resource_sharing", NULL);
  assert_value ("agreement", "areas", T, "、，", NULL, NULL);
  assert_refused ("agreement", "areas", T, "党建共创、扶贫", "“扶贫” in the cell");
}

static void
test_codes (void)
{
  g_autofree char *lower = g_ascii_strdown (CREDIT, -1);

  assert_value ("organization", "credit_code", T, CREDIT, CREDIT, NULL);
  assert_value ("organization", "credit_code", T, lower, CREDIT, NULL);
  assert_value ("organization", "credit_code", T, "9135 0100 M000 100Y 43", CREDIT, NULL);
  assert_value ("organization", "credit_code", T, "913501-00M000-100Y43", CREDIT, NULL);
  assert_value ("organization", "credit_code", T, "９１３５０１００Ｍ０００１００Ｙ４３", CREDIT, NULL);
  assert_refused ("organization", "credit_code", T, "91350100M000100Y44", "check character");
  assert_refused ("organization", "credit_code", T, "9135", "18 characters");
  assert_refused ("organization", "credit_code", N, "514401000000000270", LOST_DIGITS);

  assert_value ("volunteer", "resident_id", T, ID_X, ID_X, NULL);
  assert_value ("volunteer", "resident_id", T, "11010519491231002x", ID_X, NULL);
  assert_value ("volunteer", "resident_id", T, "110105 19491231 002X", ID_X, NULL);
  assert_value ("volunteer", "resident_id", T, "'" ID_6, ID_6, NULL);
  assert_refused ("volunteer", "resident_id", N, "440306199001011000", LOST_DIGITS);
  assert_refused ("volunteer", "resident_id", N, "4.40306199001011E+17", LOST_DIGITS);
  assert_refused ("volunteer", "resident_id", T, "4.40306199001011E+17", LOST_DIGITS);
  assert_refused ("volunteer", "resident_id", T, "440306199001011235", "check character");
}

static void
test_name_key (void)
{
  static const struct { const char *name, *key; } cases[] = {
    { "东湖志愿服务队", "东湖志愿服务队" },
    { "东湖志愿服务队 ", "东湖志愿服务队" },
    { "东湖 志愿服务队", "东湖志愿服务队" },
    { "\u3000东湖志愿服务队\u00a0", "东湖志愿服务队" },
    { "东湖\u200b志愿服务队", "东湖志愿服务队" },
    { "东湖（社区）志愿队", "东湖(社区)志愿队" },
    { "东湖(社区)志愿队。", "东湖(社区)志愿队" },
    { "ABC Club.", "abcclub" },
    { "ＡＢＣ　ｃｌｕｂ", "abcclub" },
    { "", "" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *key = gj_import_name_key (cases[i].name);

      g_assert_cmpstr (key, ==, cases[i].key);
    }
}

/* Whatever bytes a cell holds, the answer is a value the record layer
 * takes, an empty cell, or an error naming the field; never a crash. */
static void
test_hostile (void)
{
  static const GjSheetCellType types[] = { T, N, D, B };
  static const char *const pieces[] = {
    "2023", "年", "月", "日", ".", "-", "/", " ", "万", "亿", "元", ",", "1", "0", "9", "e", "E+",
    "约", "人", "小时", "\u3000", "民非", "类", "、", "+86", "x", "T", ":", "无", "\xff", "\xe4\xb8",
  };
  g_autofree char *huge = g_strnfill (100000, '9');
  GRand *rand = g_rand_new_with_seed (12);

  for (guint k = 0; k < gj_schema_n_kinds (); k++)
    {
      const GjKind *kind = gj_schema_kind (k);

      for (guint f = 0; f < kind->n_fields; f++)
        {
          const GjField *field = &kind->fields[f];

          for (guint round = 0; round < 60; round++)
            {
              g_autoptr(GString) text = g_string_new (NULL);
              g_autoptr(GError) error = NULL;
              g_autofree char *note = NULL;
              g_autofree char *value = NULL;
              GjSheetCellType type = types[g_rand_int_range (rand, 0, G_N_ELEMENTS (types))];
              guint n = g_rand_int_range (rand, 1, 7);

              for (guint i = 0; i < n; i++)
                g_string_append (text, pieces[g_rand_int_range (rand, 0, G_N_ELEMENTS (pieces))]);
              value = gj_import_normalize (field, type, text->str, &note, &error);
              if (error != NULL)
                {
                  g_assert_null (value);
                  g_assert_cmpstr (gj_data_error_get_field (error), ==, field->name);
                  g_assert_true (g_utf8_validate (error->message, -1, NULL));
                }
              else if (value != NULL)
                {
                  g_autoptr(GjRecord) record = gj_record_new (kind);

                  if (!gj_record_parse (record, field->name, value, &error))
                    g_error ("“%s” became “%s”, which the record layer refuses: %s",
                             text->str, value, error->message);
                }
            }
        }
    }
  g_rand_free (rand);

  {
    g_autoptr(GError) error = NULL;
    g_autofree char *value = gj_import_normalize (field_of ("organization", "members"), T, huge,
                                                   NULL, &error);

    /* A long cell is quoted shortened, so that the message stays readable. */
    g_assert_null (value);
    g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID);
    g_assert_cmpstr (gj_data_error_get_field (error), ==, "members");
    g_assert_nonnull (strstr (error->message, "far too long"));
    g_assert_nonnull (strstr (error->message, "“999999999"));
    g_assert_cmpuint (strlen (error->message), <, 200);
  }
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *value = gj_import_normalize (field_of ("organization", "name"), T, huge,
                                                   NULL, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (strlen (value), ==, 100000);
  }
  {
    g_autoptr(GError) error = NULL;
    g_autofree char *value = gj_import_normalize (field_of ("organization", "leader"), T,
                                                   "张\xff三", NULL, &error);

    g_assert_null (value);
    g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID);
    g_assert_cmpstr (gj_data_error_get_field (error), ==, "leader");
    g_assert_true (g_utf8_validate (error->message, -1, NULL));
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/import-normalize/empty", test_empty);
  g_test_add_func ("/import-normalize/text", test_text);
  g_test_add_func ("/import-normalize/ref", test_ref);
  g_test_add_func ("/import-normalize/date", test_date);
  g_test_add_func ("/import-normalize/date-refused", test_date_refused);
  g_test_add_func ("/import-normalize/mobile", test_mobile);
  g_test_add_func ("/import-normalize/money", test_money);
  g_test_add_func ("/import-normalize/int", test_int);
  g_test_add_func ("/import-normalize/real", test_real);
  g_test_add_func ("/import-normalize/bool", test_bool);
  g_test_add_func ("/import-normalize/enum", test_enum);
  g_test_add_func ("/import-normalize/enum-set", test_enum_set);
  g_test_add_func ("/import-normalize/codes", test_codes);
  g_test_add_func ("/import-normalize/name-key", test_name_key);
  g_test_add_func ("/import-normalize/hostile", test_hostile);

  return g_test_run ();
}
