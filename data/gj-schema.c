/* gj-schema.c: the record kinds of DESIGN.md §2
 *
 * A field's position in its array is its cell column number. Fields are
 * only ever appended, each saying by which wire version (.since), a
 * field's name is never reused, and a kind's index is never reused: a
 * retired field stays in its array, so that every database and every page
 * any version wrote still reads the same.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-schema"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <string.h>

#include "gj-schema.h"

#define END_VALUES { NULL, NULL, NULL }
#define STREET_FIELD \
  { "street_id", N_("Street"), GJ_FIELD_REF, GJ_FIELD_FLAG_INTERNAL, NULL, "street" }

static const GjEnumValue community_types[] = {
  { "urban", N_("Urban community"), "城市社区" },
  { "rural", N_("Rural community"), "农村社区" },
  END_VALUES
};

static const GjEnumValue legal_forms[] = {
  { "social_group", N_("Social group"), "社会团体" },
  { "private_non_enterprise", N_("Private non-enterprise unit"), "民办非企业单位" },
  { "foundation", N_("Foundation"), "基金会" },
  { "community_filed", N_("Community-filed organization"), "社区备案组织" },
  END_VALUES
};

static const GjEnumValue org_categories[] = {
  { "elderly_care", N_("Elderly care"), "养老照护" },
  { "public_service", N_("Services for residents"), "为民服务" },
  { "charity", N_("Charity"), "公益慈善" },
  { "harmony", N_("Promoting harmony"), "促进和谐" },
  { "culture_sports", N_("Culture and sports"), "文体娱乐" },
  { "life_service", N_("Daily-life services"), "生活服务" },
  { "mediation", N_("Professional mediation"), "专业调处" },
  { "other", N_("Other"), "其他" },
  END_VALUES
};

static const GjEnumValue incubation_stages[] = {
  { "applied", N_("Applied"), "已申请" },
  { "admitted", N_("Admitted"), "已入驻" },
  { "incubating", N_("Incubating"), "孵化中" },
  { "evaluating", N_("Evaluating"), "评估中" },
  { "graduated", N_("Graduated"), "已出壳" },
  { "exited", N_("Exited"), "已退出" },
  END_VALUES
};

static const GjEnumValue service_types[] = {
  { "operation", N_("Organization operation"), "组织运作" },
  { "venue", N_("Activity venue"), "活动场地" },
  { "training", N_("Training and exchange"), "培训交流" },
  { "cultivation", N_("Incubation and cultivation"), "孵化培育" },
  { "project_management", N_("Project management"), "项目管理" },
  END_VALUES
};

static const GjEnumValue evaluation_results[] = {
  { "pass", N_("Passed"), "通过" },
  { "improve", N_("Needs improvement"), "需改进" },
  { "fail", N_("Failed"), "未通过" },
  END_VALUES
};

static const GjEnumValue certificate_levels[] = {
  { "none", N_("No certificate"), "无" },
  { "assistant", N_("Assistant social worker"), "助理社会工作师" },
  { "social_worker", N_("Intermediate social worker"), "社会工作师" },
  { "senior", N_("Senior social worker"), "高级社会工作师" },
  END_VALUES
};

static const GjEnumValue genders[] = {
  { "female", N_("Female"), "女" },
  { "male", N_("Male"), "男" },
  END_VALUES
};

static const GjEnumValue hours_kinds[] = {
  { "earn", N_("Earned"), "存入" },
  { "redeem", N_("Redeemed"), "兑换" },
  END_VALUES
};

static const GjEnumValue resource_types[] = {
  { "community_foundation", N_("Community foundation"), "社区基金会" },
  { "named_fund", N_("Named fund"), "冠名基金" },
  { "money", N_("Cash donation"), "资金捐赠" },
  { "in_kind", N_("In-kind donation"), "物资捐赠" },
  { "service", N_("Volunteer service"), "志愿服务" },
  END_VALUES
};

static const GjEnumValue unit_types[] = {
  { "party_government", N_("Party or government organ"), "党政机关" },
  { "enterprise", N_("Enterprise"), "企业" },
  { "public_institution", N_("Public institution"), "事业单位" },
  { "school", N_("School"), "学校" },
  { "military", N_("Military unit"), "部队" },
  { "mass_organization", N_("Mass organization"), "群团组织" },
  { "hospital", N_("Hospital"), "医院" },
  { "other", N_("Other"), "其他" },
  END_VALUES
};

static const GjEnumValue agreement_statuses[] = {
  { "draft", N_("Draft"), "草拟" },
  { "signed", N_("Signed"), "已签订" },
  { "in_force", N_("In force"), "履行中" },
  { "expired", N_("Expired"), "已到期" },
  { "terminated", N_("Terminated"), "已终止" },
  END_VALUES
};

static const GjEnumValue agreement_areas[] = {
  { "party_building", N_("Party building"), "党建共创" },
  { "project", N_("Joint projects"), "项目共建" },
  { "resource_sharing", N_("Resource sharing"), "资源共享" },
  { "service", N_("Joint services"), "服务共办" },
  END_VALUES
};

static const GjEnumValue item_statuses[] = {
  { "pending", N_("Not started"), "未开始" },
  { "in_progress", N_("In progress"), "进行中" },
  { "done", N_("Done"), "已完成" },
  { "cancelled", N_("Cancelled"), "已取消" },
  END_VALUES
};

static const GjEnumValue project_fields[] = {
  { "social_assistance", N_("Social assistance"), "社会救助" },
  { "elderly", N_("Elderly services"), "养老服务" },
  { "children", N_("Child care"), "儿童关爱" },
  { "governance", N_("Community governance"), "社区治理" },
  { "disability", N_("Disability services"), "助残服务" },
  { "culture", N_("Culture and education"), "文化教育" },
  { "other", N_("Other"), "其他" },
  END_VALUES
};

static const GjEnumValue project_fundings[] = {
  { "district_venture", N_("District charity venture fund"), "区级公益创投" },
  { "street_venture", N_("Street charity venture fund"), "镇街公益创投" },
  { "purchase", N_("Government purchase of services"), "政府购买服务" },
  { "micro", N_("Livelihood micro-projects"), "民生微实事" },
  { "charity", N_("Charity funds"), "慈善资金" },
  { "community_fund", N_("Community fund"), "社区基金" },
  END_VALUES
};

static const GjEnumValue project_statuses[] = {
  { "idea", N_("Idea"), "构想" },
  { "applied", N_("Applied for funding"), "已申报" },
  { "approved", N_("Approved"), "已立项" },
  { "in_progress", N_("Being implemented"), "实施中" },
  { "closed", N_("Closed"), "已结项" },
  { "evaluated", N_("Evaluated"), "已评估" },
  END_VALUES
};

static const GjEnumValue party_roles[] = {
  { "community", N_("Community (platform)"), "社区" },
  { "social_worker", N_("Social worker (support)"), "社工" },
  { "organization", N_("Social organization (carrier)"), "社区社会组织" },
  { "volunteer_team", N_("Volunteer team (auxiliary)"), "社区志愿者" },
  { "resource", N_("Charity resource (supplement)"), "社会慈善资源" },
  END_VALUES
};

static const GjEnumValue conflict_reasons[] = {
  { "concurrent", N_("Edited on two devices"), "两台设备同时修改" },
  { "deleted", N_("Edited after a delete"), "删除后又被修改" },
  END_VALUES
};

#define F(name, label, type, flags) { name, label, type, flags, NULL, NULL }
#define E(name, label, values, flags) { name, label, GJ_FIELD_ENUM, flags, values, NULL }
#define R(name, label, kind, flags) { name, label, GJ_FIELD_REF, flags, NULL, kind }
/* Fields added after the first release, with the wire version that added them. */
#define F_SINCE(v, name, label, type, flags) { name, label, type, flags, NULL, NULL, v }
#define R_SINCE(v, name, label, kind, flags) { name, label, GJ_FIELD_REF, flags, NULL, kind, v }
#define REQ GJ_FIELD_FLAG_REQUIRED
#define SRCH GJ_FIELD_FLAG_SEARCH
#define TITLE (GJ_FIELD_FLAG_TITLE | GJ_FIELD_FLAG_REQUIRED | GJ_FIELD_FLAG_SEARCH)
/* Sensitive fields are masked in lists but searched all the same (SENS |
 * SRCH): staff look people up by phone, often by its last four digits,
 * and the index lives in this laptop's database like the values. */
#define SENS GJ_FIELD_FLAG_SENSITIVE

static const GjField district_fields[] = {
  F ("name", N_("Name"), GJ_FIELD_TEXT, TITLE),
  F ("code", N_("Division code"), GJ_FIELD_TEXT, 0),
};

static const GjField street_fields[] = {
  STREET_FIELD,
  F ("name", N_("Name"), GJ_FIELD_TEXT, TITLE),
  R ("district_id", N_("District"), "district", 0),
  F ("station", N_("Social-work station"), GJ_FIELD_TEXT, SRCH),
};

static const GjField community_fields[] = {
  STREET_FIELD,
  F ("name", N_("Name"), GJ_FIELD_TEXT, TITLE),
  E ("type", N_("Type"), community_types, REQ),
  F ("households", N_("Households"), GJ_FIELD_INT, 0),
  F ("population", N_("Resident population"), GJ_FIELD_INT, 0),
  F ("secretary", N_("Party secretary"), GJ_FIELD_TEXT, SRCH),
  F ("phone", N_("Phone"), GJ_FIELD_MOBILE, SENS | SRCH),
};

static const GjField organization_fields[] = {
  STREET_FIELD,
  F ("name", N_("Name"), GJ_FIELD_TEXT, TITLE),
  F ("credit_code", N_("Unified social credit code"), GJ_FIELD_CREDIT_CODE, SRCH),
  E ("legal_form", N_("Legal form"), legal_forms, REQ),
  E ("category", N_("Category"), org_categories, REQ),
  R ("community_id", N_("Community"), "community", 0),
  F ("founded", N_("Founded"), GJ_FIELD_DATE, 0),
  F ("leader", N_("Leader"), GJ_FIELD_TEXT, SRCH),
  F ("phone", N_("Leader's phone"), GJ_FIELD_MOBILE, SENS | SRCH),
  F ("members", N_("Members"), GJ_FIELD_INT, 0),
  F ("brand", N_("Brand organization"), GJ_FIELD_BOOL, 0),
  F ("description", N_("Description"), GJ_FIELD_TEXT, SRCH),
  F_SINCE (2, "registration_authority", N_("Registration authority"), GJ_FIELD_TEXT, SRCH),
  F_SINCE (2, "annual_report_year", N_("Latest annual report (year)"), GJ_FIELD_INT, 0),
};

static const GjField incubation_fields[] = {
  STREET_FIELD,
  R ("organization_id", N_("Organization"), "organization", TITLE & ~GJ_FIELD_FLAG_SEARCH),
  E ("stage", N_("Stage"), incubation_stages, REQ),
  F ("mentor", N_("Mentor"), GJ_FIELD_TEXT, SRCH),
  F ("applied_on", N_("Applied on"), GJ_FIELD_DATE, 0),
  F ("admitted_on", N_("Admitted on"), GJ_FIELD_DATE, 0),
  F ("stage_since", N_("In this stage since"), GJ_FIELD_DATE, 0),
  F ("closed_on", N_("Graduated or exited on"), GJ_FIELD_DATE, 0),
  F ("next_review", N_("Next review"), GJ_FIELD_DATE, 0),
  F ("notes", N_("Notes"), GJ_FIELD_TEXT, SRCH),
};

static const GjField incubation_service_fields[] = {
  STREET_FIELD,
  R ("incubation_id", N_("Incubation"), "incubation", REQ),
  E ("type", N_("Service"), service_types, REQ),
  F ("date", N_("Date"), GJ_FIELD_DATE, REQ),
  { "hours", N_("Hours"), GJ_FIELD_REAL, 0, NULL, NULL },
  F ("content", N_("Content"), GJ_FIELD_TEXT, TITLE & ~GJ_FIELD_FLAG_REQUIRED),
  F ("provider", N_("Provided by"), GJ_FIELD_TEXT, 0),
};

static const GjField evaluation_fields[] = {
  STREET_FIELD,
  R ("incubation_id", N_("Incubation"), "incubation", REQ),
  F ("date", N_("Date"), GJ_FIELD_DATE, REQ | GJ_FIELD_FLAG_TITLE),
  { "score", N_("Score"), GJ_FIELD_REAL, REQ, NULL, NULL },
  E ("result", N_("Result"), evaluation_results, 0),
  F ("evaluator", N_("Evaluator"), GJ_FIELD_TEXT, SRCH),
  F ("comments", N_("Comments"), GJ_FIELD_TEXT, SRCH),
};

static const GjField social_worker_fields[] = {
  STREET_FIELD,
  F ("name", N_("Name"), GJ_FIELD_TEXT, TITLE),
  E ("certificate", N_("Certificate"), certificate_levels, REQ),
  F ("full_time", N_("Full-time community worker"), GJ_FIELD_BOOL, 0),
  R ("community_id", N_("Community"), "community", 0),
  F ("phone", N_("Phone"), GJ_FIELD_MOBILE, SENS | SRCH),
  E ("gender", N_("Gender"), genders, 0),
};

static const GjField volunteer_fields[] = {
  STREET_FIELD,
  F ("name", N_("Name"), GJ_FIELD_TEXT, TITLE),
  F ("resident_id", N_("Resident ID number"), GJ_FIELD_RESIDENT_ID, SENS | SRCH),
  F ("phone", N_("Phone"), GJ_FIELD_MOBILE, SENS | SRCH),
  E ("gender", N_("Gender"), genders, 0),
  R ("community_id", N_("Community"), "community", 0),
  R ("team_id", N_("Team"), "volunteer_team", 0),
  F ("party_member", N_("In-service party member"), GJ_FIELD_BOOL, 0),
  F ("work_unit", N_("Work unit"), GJ_FIELD_TEXT, SRCH),
  F ("joined", N_("Joined"), GJ_FIELD_DATE, 0),
};

static const GjField volunteer_team_fields[] = {
  STREET_FIELD,
  F ("name", N_("Name"), GJ_FIELD_TEXT, TITLE),
  R ("community_id", N_("Community"), "community", 0),
  R ("unit_id", N_("Resident unit"), "unit", 0),
  F ("leader", N_("Leader"), GJ_FIELD_TEXT, SRCH),
  F ("focus", N_("Service focus"), GJ_FIELD_TEXT, SRCH),
  F ("founded", N_("Founded"), GJ_FIELD_DATE, 0),
};

static const GjField hours_fields[] = {
  STREET_FIELD,
  R ("volunteer_id", N_("Volunteer"), "volunteer", REQ | GJ_FIELD_FLAG_TITLE),
  E ("kind", N_("Entry"), hours_kinds, REQ),
  { "hours", N_("Hours"), GJ_FIELD_REAL, REQ, NULL, NULL },
  F ("date", N_("Date"), GJ_FIELD_DATE, REQ),
  R ("activity_id", N_("Activity"), "activity", 0),
  F ("verified_by", N_("Verified by"), GJ_FIELD_TEXT, SRCH),
  F ("note", N_("Note"), GJ_FIELD_TEXT, SRCH),
};

static const GjField resource_fields[] = {
  STREET_FIELD,
  F ("name", N_("Name"), GJ_FIELD_TEXT, TITLE),
  E ("type", N_("Type"), resource_types, REQ),
  F ("donor", N_("Donor"), GJ_FIELD_TEXT, SRCH),
  F ("amount", N_("Amount (yuan)"), GJ_FIELD_MONEY, 0),
  F ("items", N_("Items donated"), GJ_FIELD_TEXT, SRCH),
  R ("community_id", N_("Community"), "community", 0),
  F ("date", N_("Date"), GJ_FIELD_DATE, 0),
};

static const GjField unit_fields[] = {
  STREET_FIELD,
  F ("name", N_("Name"), GJ_FIELD_TEXT, TITLE),
  E ("type", N_("Type"), unit_types, REQ),
  R ("community_id", N_("Community"), "community", 0),
  F ("contact", N_("Contact person"), GJ_FIELD_TEXT, SRCH),
  F ("phone", N_("Contact phone"), GJ_FIELD_MOBILE, SENS | SRCH),
  F ("party_org", N_("Party organization"), GJ_FIELD_TEXT, SRCH),
  F ("address", N_("Address"), GJ_FIELD_TEXT, SRCH),
};

static const GjField agreement_fields[] = {
  STREET_FIELD,
  F ("title", N_("Title"), GJ_FIELD_TEXT, TITLE),
  R ("unit_id", N_("Resident unit"), "unit", REQ),
  R ("community_id", N_("Community"), "community", REQ),
  E ("status", N_("Status"), agreement_statuses, REQ),
  { "areas", N_("Content areas"), GJ_FIELD_ENUM_SET, 0, agreement_areas, NULL },
  F ("signed_on", N_("Signed on"), GJ_FIELD_DATE, 0),
  F ("start_on", N_("Term starts"), GJ_FIELD_DATE, 0),
  F ("end_on", N_("Term ends"), GJ_FIELD_DATE, 0),
  R ("renewal_of", N_("Renews"), "agreement", 0),
  F ("notes", N_("Notes"), GJ_FIELD_TEXT, SRCH),
};

static const GjField agreement_item_fields[] = {
  STREET_FIELD,
  R ("agreement_id", N_("Agreement"), "agreement", REQ),
  F ("content", N_("Item"), GJ_FIELD_TEXT, TITLE),
  E ("area", N_("Area"), agreement_areas, 0),
  F ("responsible", N_("Responsible party"), GJ_FIELD_TEXT, SRCH),
  F ("due_on", N_("Due"), GJ_FIELD_DATE, 0),
  E ("status", N_("Status"), item_statuses, REQ),
  F ("done_on", N_("Done on"), GJ_FIELD_DATE, 0),
  F ("evidence", N_("Evidence of fulfilment"), GJ_FIELD_TEXT, SRCH),
  F_SINCE (2, "verified_by", N_("Evidence checked by"), GJ_FIELD_TEXT, SRCH),
  F_SINCE (2, "verified_on", N_("Evidence checked on"), GJ_FIELD_DATE, 0),
};

static const GjField project_fields_[] = {
  STREET_FIELD,
  F ("name", N_("Name"), GJ_FIELD_TEXT, TITLE),
  E ("field", N_("Field"), project_fields, REQ),
  E ("funding", N_("Funding"), project_fundings, 0),
  E ("status", N_("Status"), project_statuses, REQ),
  R ("community_id", N_("Community"), "community", 0),
  F ("budget", N_("Budget (yuan)"), GJ_FIELD_MONEY, 0),
  F ("gov_funds", N_("Government funds (yuan)"), GJ_FIELD_MONEY, 0),
  F ("social_funds", N_("Leveraged social funds (yuan)"), GJ_FIELD_MONEY, 0),
  F ("beneficiaries", N_("Beneficiaries"), GJ_FIELD_INT, 0),
  F ("start_on", N_("Starts"), GJ_FIELD_DATE, 0),
  F ("end_on", N_("Ends"), GJ_FIELD_DATE, 0),
  F ("outcomes", N_("Outcomes"), GJ_FIELD_TEXT, SRCH),
  F ("description", N_("Description"), GJ_FIELD_TEXT, SRCH),
};

static const GjField project_party_fields[] = {
  STREET_FIELD,
  R ("project_id", N_("Project"), "project", REQ | GJ_FIELD_FLAG_TITLE),
  E ("role", N_("Role"), party_roles, REQ),
  F ("party_id", N_("Party"), GJ_FIELD_TEXT, REQ),
  F ("contribution", N_("Contribution"), GJ_FIELD_TEXT, 0),
};

static const GjField activity_fields[] = {
  STREET_FIELD,
  F ("title", N_("Title"), GJ_FIELD_TEXT, TITLE),
  F ("date", N_("Date"), GJ_FIELD_DATE, REQ),
  F ("place", N_("Place"), GJ_FIELD_TEXT, SRCH),
  R ("community_id", N_("Community"), "community", 0),
  R ("project_id", N_("Project"), "project", 0),
  R ("agreement_item_id", N_("Agreement item"), "agreement_item", 0),
  F ("participants", N_("Participants"), GJ_FIELD_INT, 0),
  { "volunteer_hours", N_("Volunteer hours"), GJ_FIELD_REAL, 0, NULL, NULL },
  F ("summary", N_("Summary"), GJ_FIELD_TEXT, SRCH),
  R_SINCE (2, "organization_id", N_("Organized by"), "organization", 0),
};

static const GjField attachment_fields[] = {
  STREET_FIELD,
  F ("name", N_("File name"), GJ_FIELD_TEXT, TITLE),
  F ("sha256", N_("Content hash"), GJ_FIELD_TEXT, REQ),
  F ("mime_type", N_("Type"), GJ_FIELD_TEXT, 0),
  F ("size", N_("Size (bytes)"), GJ_FIELD_INT, 0),
  F ("owner_kind", N_("Attached to (kind)"), GJ_FIELD_TEXT, REQ),
  F ("owner_id", N_("Attached to"), GJ_FIELD_TEXT, REQ),
};

static const GjField conflict_fields[] = {
  STREET_FIELD,
  F ("record_kind", N_("Record kind"), GJ_FIELD_TEXT, REQ),
  F ("record_id", N_("Record"), GJ_FIELD_TEXT, REQ | GJ_FIELD_FLAG_TITLE),
  F ("field", N_("Changed field"), GJ_FIELD_TEXT, REQ),
  E ("reason", N_("Reason"), conflict_reasons, REQ),
  F ("kept_value", N_("Kept value"), GJ_FIELD_TEXT, 0),
  F ("kept_clock", N_("Kept at"), GJ_FIELD_INT, 0),
  F ("kept_site", N_("Kept from device"), GJ_FIELD_TEXT, 0),
  F ("lost_value", N_("Other value"), GJ_FIELD_TEXT, 0),
  F ("lost_clock", N_("Other value at"), GJ_FIELD_INT, 0),
  F ("lost_site", N_("Other value from device"), GJ_FIELD_TEXT, 0),
  F ("resolved", N_("Reviewed"), GJ_FIELD_BOOL, 0),
};

/* Workflows. */

static const char *const incubation_terminal[] = { "graduated", "exited", NULL };
/* Exit from anywhere, and back from evaluation to incubation when an
 * evaluation is not passed. */
static const GjStageMove incubation_allowed[] = {
  { NULL, "exited" },
  { "evaluating", "incubating" },
  { NULL, NULL },
};
static const GjStageDate incubation_dates[] = {
  { NULL, "stage_since" },
  { "applied", "applied_on" },
  { "admitted", "admitted_on" },
  { "graduated", "closed_on" },
  { "exited", "closed_on" },
  { NULL, NULL },
};
static const GjWorkflow incubation_workflow = {
  "stage", GJ_STAGES_ONE_FORWARD, incubation_terminal, incubation_allowed, NULL,
  incubation_dates,
};

static const char *const agreement_terminal[] = { "expired", "terminated", NULL };
/* A draft is signed before it is in force, and what never was in force
 * cannot expire. */
static const GjStageMove agreement_refused[] = {
  { "draft", "in_force" },
  { "draft", "expired" },
  { NULL, NULL },
};
static const GjWorkflow agreement_workflow = {
  "status", GJ_STAGES_FORWARD, agreement_terminal, NULL, agreement_refused, NULL,
};

static const GjStageDate item_dates[] = {
  { "done", "done_on" },
  { NULL, NULL },
};
static const GjWorkflow item_workflow = {
  "status", GJ_STAGES_ANY_ORDER, NULL, NULL, NULL, item_dates,
};

static const char *const project_terminal[] = { "evaluated", NULL };
static const GjWorkflow project_workflow = {
  "status", GJ_STAGES_FORWARD, project_terminal, NULL, NULL, NULL,
};

#define KIND(n, l, lp, i, fl, f) { n, l, lp, i, fl, f, G_N_ELEMENTS (f), 0, 0, 0, NULL }
#define KIND_STAGED(n, l, lp, i, fl, f, w) { n, l, lp, i, fl, f, G_N_ELEMENTS (f), 0, 0, 0, &w }

/* Order matters only for listing; the wire uses .index. */
static GjKind kinds[] = {
  KIND ("district", N_("District"), N_("Districts"), 1, GJ_KIND_FLAG_DISTRICT, district_fields),
  KIND ("street", N_("Street"), N_("Streets"), 2, GJ_KIND_FLAG_NONE, street_fields),
  KIND ("community", N_("Community"), N_("Communities"), 3, GJ_KIND_FLAG_NONE, community_fields),
  KIND ("organization", N_("Social organization"), N_("Social organizations"), 4,
        GJ_KIND_FLAG_NONE, organization_fields),
  KIND_STAGED ("incubation", N_("Incubation"), N_("Incubations"), 5, GJ_KIND_FLAG_NONE,
               incubation_fields, incubation_workflow),
  KIND ("incubation_service", N_("Incubation service"), N_("Incubation services"), 6,
        GJ_KIND_FLAG_NONE, incubation_service_fields),
  KIND ("evaluation", N_("Evaluation"), N_("Evaluations"), 7, GJ_KIND_FLAG_NONE,
        evaluation_fields),
  KIND ("social_worker", N_("Social worker"), N_("Social workers"), 8, GJ_KIND_FLAG_NONE,
        social_worker_fields),
  KIND ("volunteer", N_("Volunteer"), N_("Volunteers"), 9, GJ_KIND_FLAG_NONE, volunteer_fields),
  KIND ("volunteer_team", N_("Volunteer team"), N_("Volunteer teams"), 10, GJ_KIND_FLAG_NONE,
        volunteer_team_fields),
  KIND ("hours", N_("Time-bank entry"), N_("Time-bank entries"), 11, GJ_KIND_FLAG_APPEND_ONLY,
        hours_fields),
  KIND ("resource", N_("Charity resource"), N_("Charity resources"), 12, GJ_KIND_FLAG_NONE,
        resource_fields),
  KIND ("unit", N_("Resident unit"), N_("Resident units"), 13, GJ_KIND_FLAG_NONE, unit_fields),
  KIND_STAGED ("agreement", N_("Co-building agreement"), N_("Co-building agreements"), 14,
               GJ_KIND_FLAG_NONE, agreement_fields, agreement_workflow),
  KIND_STAGED ("agreement_item", N_("Agreement item"), N_("Agreement items"), 15,
               GJ_KIND_FLAG_NONE, agreement_item_fields, item_workflow),
  KIND_STAGED ("project", N_("Project"), N_("Projects"), 16, GJ_KIND_FLAG_NONE,
               project_fields_, project_workflow),
  KIND ("project_party", N_("Project party"), N_("Project parties"), 17, GJ_KIND_FLAG_NONE,
        project_party_fields),
  KIND ("activity", N_("Activity"), N_("Activities"), 18, GJ_KIND_FLAG_NONE, activity_fields),
  KIND ("attachment", N_("Attachment"), N_("Attachments"), 19, GJ_KIND_FLAG_NONE,
        attachment_fields),
  KIND ("conflict", N_("Conflict"), N_("Conflicts"), 20, GJ_KIND_FLAG_NO_CONFLICT,
        conflict_fields),
};

static GjKind *by_index[64];

static gboolean
is_stage (const GjField *stages,
          const char    *key)
{
  return key == NULL || gj_field_enum_by_key (stages, key) != NULL;
}

/* A workflow names only stages of its field and date fields of its kind:
 * a typo here would silently allow or refuse a move. */
static void
check_workflow (const GjKind     *kind,
                const GjWorkflow *flow)
{
  const GjField *stages = gj_kind_field (kind, flow->field);

  g_assert (stages != NULL && stages->type == GJ_FIELD_ENUM);
  for (const char *const *t = flow->terminal; t != NULL && *t != NULL; t++)
    g_assert (is_stage (stages, *t));
  for (const GjStageMove *m = flow->allowed; m != NULL && m->to != NULL; m++)
    g_assert (is_stage (stages, m->from) && is_stage (stages, m->to));
  for (const GjStageMove *m = flow->refused; m != NULL && m->to != NULL; m++)
    g_assert (is_stage (stages, m->from) && is_stage (stages, m->to));
  for (const GjStageDate *d = flow->dates; d != NULL && d->field != NULL; d++)
    {
      const GjField *date = gj_kind_field (kind, d->field);

      g_assert (is_stage (stages, d->stage) && date != NULL && date->type == GJ_FIELD_DATE);
    }
}

static void
ensure_init (void)
{
  static gsize done = 0;

  if (g_once_init_enter (&done))
    {
      for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
        {
          GjKind *k = &kinds[i];

          guint prev = MAX (k->since, 1);

          g_assert (k->index < G_N_ELEMENTS (by_index) && by_index[k->index] == NULL);
          g_assert (prev <= GJ_SCHEMA_WIRE_VERSION && k->n_fields < GJ_SCHEMA_MAX_FIELDS);
          by_index[k->index] = k;
          /* Grown fields come after the ones the kind was added with. */
          k->n_base_fields = 0;
          for (guint f = 0; f < k->n_fields; f++)
            {
              guint since = MAX (k->fields[f].since, 1);

              g_assert (since >= prev && since <= GJ_SCHEMA_WIRE_VERSION);
              prev = since;
              if (since <= MAX (k->since, 1))
                k->n_base_fields = f + 1;
            }
          if (k->workflow != NULL)
            check_workflow (k, k->workflow);
          for (guint f = 0; f < k->n_fields; f++)
            if (k->fields[f].flags & GJ_FIELD_FLAG_TITLE)
              {
                k->title_field = f;
                break;
              }
        }
      g_once_init_leave (&done, 1);
    }
}

guint
gj_schema_n_kinds (void)
{
  return G_N_ELEMENTS (kinds);
}

const GjKind *
gj_schema_kind (guint i)
{
  g_return_val_if_fail (i < G_N_ELEMENTS (kinds), NULL);
  ensure_init ();
  return &kinds[i];
}

const GjKind *
gj_schema_kind_by_index (guint wire_index)
{
  ensure_init ();
  if (wire_index >= G_N_ELEMENTS (by_index))
    return NULL;
  return by_index[wire_index];
}

const GjKind *
gj_schema_lookup (const char *name)
{
  g_return_val_if_fail (name != NULL, NULL);
  ensure_init ();
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (strcmp (kinds[i].name, name) == 0)
      return &kinds[i];
  return NULL;
}

int
gj_kind_field_index (const GjKind *kind,
                     const char   *field_name)
{
  g_return_val_if_fail (kind != NULL && field_name != NULL, -1);
  for (guint f = 0; f < kind->n_fields; f++)
    if (strcmp (kind->fields[f].name, field_name) == 0)
      return (int) f;
  if (strcmp (field_name, GJ_DELETED_FIELD_NAME) == 0)
    return (int) kind->n_fields;
  return -1;
}

const GjField *
gj_kind_field (const GjKind *kind,
               const char   *field_name)
{
  int i = gj_kind_field_index (kind, field_name);

  if (i < 0 || (guint) i >= kind->n_fields)
    return NULL;
  return &kind->fields[i];
}

guint
gj_kind_deleted_column (const GjKind *kind)
{
  return kind->n_fields;
}

/* The wire version that added a column (a field, or the tombstone, which
 * came with its kind). */
guint
gj_kind_column_since (const GjKind *kind,
                      guint         column)
{
  g_return_val_if_fail (column <= kind->n_fields, G_MAXUINT);
  if (column == kind->n_fields)
    return MAX (kind->since, 1);
  return MAX (kind->fields[column].since, 1);
}

/* Where a column's clock is kept in a row's clock blob and in held cells:
 * the tombstone right after the fields the kind was added with, grown
 * fields after it. So a slot never moves when fields are added, and what
 * an older version wrote reads the same in every newer one. */
guint
gj_kind_clock_slot (const GjKind *kind,
                    guint         column)
{
  g_return_val_if_fail (column <= kind->n_fields, 0);
  ensure_init ();
  if (column == kind->n_fields)
    return kind->n_base_fields;
  return column < kind->n_base_fields ? column : column + 1;
}

/* The column of a slot, or -1 for a slot of a field this version lacks. */
int
gj_kind_slot_column (const GjKind *kind,
                     guint         slot)
{
  ensure_init ();
  if (slot == kind->n_base_fields)
    return (int) kind->n_fields;
  if (slot < kind->n_base_fields)
    return (int) slot;
  return slot <= kind->n_fields ? (int) slot - 1 : -1;
}

/* Names of kinds and fields, also of versions not known here: snake_case,
 * as every version declares them. */
gboolean
gj_schema_name_is_valid (const char *name)
{
  gsize n = 0;

  if (name == NULL || !g_ascii_islower (name[0]))
    return FALSE;
  for (const char *p = name; *p; p++, n++)
    if (n >= GJ_SCHEMA_NAME_MAX ||
        !(g_ascii_islower (*p) || g_ascii_isdigit (*p) || *p == '_'))
      return FALSE;
  return TRUE;
}

const GjEnumValue *
gj_field_enum_by_key (const GjField *field,
                      const char    *key)
{
  g_return_val_if_fail (field != NULL, NULL);
  if (field->values == NULL || key == NULL)
    return NULL;
  for (const GjEnumValue *v = field->values; v->key != NULL; v++)
    if (strcmp (v->key, key) == 0)
      return v;
  return NULL;
}

const GjEnumValue *
gj_field_enum_lookup (const GjField *field,
                      const char    *key_or_label)
{
  const GjEnumValue *v;

  g_return_val_if_fail (field != NULL, NULL);
  if (key_or_label == NULL || field->values == NULL)
    return NULL;
  if ((v = gj_field_enum_by_key (field, key_or_label)))
    return v;
  for (v = field->values; v->key != NULL; v++)
    if (strcmp (v->zh, key_or_label) == 0 ||
        g_ascii_strcasecmp (v->label, key_or_label) == 0 ||
        strcmp (g_dgettext (GETTEXT_PACKAGE, v->label), key_or_label) == 0)
      return v;
  return NULL;
}

const char *
gj_field_type_name (GjFieldType type)
{
  switch (type)
    {
    case GJ_FIELD_TEXT: return "text";
    case GJ_FIELD_INT: return "integer";
    case GJ_FIELD_REAL: return "number";
    case GJ_FIELD_MONEY: return "money";
    case GJ_FIELD_BOOL: return "boolean";
    case GJ_FIELD_DATE: return "date";
    case GJ_FIELD_ENUM: return "enum";
    case GJ_FIELD_ENUM_SET: return "enum-set";
    case GJ_FIELD_REF: return "reference";
    case GJ_FIELD_CREDIT_CODE: return "credit-code";
    case GJ_FIELD_RESIDENT_ID: return "resident-id";
    case GJ_FIELD_MOBILE: return "mobile";
    default: g_assert_not_reached ();
    }
}
