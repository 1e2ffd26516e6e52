/* test-project-parties.c: the context that tells same-named records apart,
 * and a project's five parties written in one transaction
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "gj-data-error.h"
#include "gj-format.h"
#include "gj-project-parties.h"
#include "gj-test-store.h"

typedef struct
{
  GjStore *store;
  char    *east;       /* two communities */
  char    *west;
  char    *team;
  char    *fang_east;  /* two volunteers named 王芳 */
  char    *fang_west;
  char    *worker;
  char    *org;
  char    *resource;
  char    *agreement;
  char    *item;
  char    *activity;
  char    *project;
} Fixture;

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autofree char *unit = NULL;

  f->store = gj_test_store_new ();
  f->east = gj_test_add (f->store, "community", "name", "东湖社区", "type", "urban", NULL);
  f->west = gj_test_add (f->store, "community", "name", "西湖社区", "type", "rural", NULL);
  f->team = gj_test_add (f->store, "volunteer_team", "name", "银发志愿队",
                         "community_id", f->east, NULL);
  f->fang_east = gj_test_add (f->store, "volunteer", "name", "王芳", "community_id", f->east,
                              "team_id", f->team, NULL);
  f->fang_west = gj_test_add (f->store, "volunteer", "name", "王芳", "community_id", f->west,
                              NULL);
  f->worker = gj_test_add (f->store, "social_worker", "name", "李静", "certificate", "assistant",
                           "community_id", f->west, NULL);
  f->org = gj_test_add (f->store, "organization", "name", "邻里互助会", "legal_form",
                        "social_group", "category", "elderly_care", "community_id", f->east, NULL);
  f->resource = gj_test_add (f->store, "resource", "name", "东湖社区基金", "type",
                             "community_foundation", NULL);
  unit = gj_test_add (f->store, "unit", "name", "区供电公司", "type", "enterprise", NULL);
  f->agreement = gj_test_add (f->store, "agreement", "title", "2026年共驻共建协议",
                              "unit_id", unit, "community_id", f->east, "status", "signed", NULL);
  f->item = gj_test_add (f->store, "agreement_item", "agreement_id", f->agreement,
                         "content", "义务维修", "status", "pending", NULL);
  f->activity = gj_test_add (f->store, "activity", "title", "重阳节敬老", "date", "2026-10-29",
                             "community_id", f->west, NULL);
  f->project = gj_test_add (f->store, "project", "name", "银龄守护", "field", "elderly",
                            "status", "idea", "community_id", f->east, NULL);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->store);
  g_free (f->east);
  g_free (f->west);
  g_free (f->team);
  g_free (f->fang_east);
  g_free (f->fang_west);
  g_free (f->worker);
  g_free (f->org);
  g_free (f->resource);
  g_free (f->agreement);
  g_free (f->item);
  g_free (f->activity);
  g_free (f->project);
}

static char *
context_of (Fixture    *f,
            const char *kind,
            const char *id)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GjRecord) rec = gj_store_get (f->store, gj_schema_lookup (kind), id, &error);

  g_assert_no_error (error);
  return gj_format_record_context (f->store, rec, NULL);
}

/* Each kind says what tells its records apart, in words a person reads. */
static void
test_context (Fixture       *f,
              gconstpointer  data)
{
  g_autofree char *fang_east = context_of (f, "volunteer", f->fang_east);
  g_autofree char *fang_west = context_of (f, "volunteer", f->fang_west);
  g_autofree char *worker = context_of (f, "social_worker", f->worker);
  g_autofree char *team = context_of (f, "volunteer_team", f->team);
  g_autofree char *org = context_of (f, "organization", f->org);
  g_autofree char *resource = context_of (f, "resource", f->resource);
  g_autofree char *item = context_of (f, "agreement_item", f->item);
  g_autofree char *activity = context_of (f, "activity", f->activity);
  g_autofree char *community = context_of (f, "community", f->west);

  g_assert_cmpstr (fang_east, ==, "东湖社区 · 银发志愿队");
  g_assert_cmpstr (fang_west, ==, "西湖社区");
  g_assert_cmpstr (worker, ==, "西湖社区");
  g_assert_cmpstr (team, ==, "东湖社区");
  g_assert_cmpstr (org, ==, "东湖社区");
  g_assert_cmpstr (resource, ==, "");
  g_assert_cmpstr (item, ==, "2026年共驻共建协议");
  g_assert_true (g_str_has_suffix (activity, " · 西湖社区"));
  g_assert_true (strstr (activity, "2026") != NULL);
  g_assert_cmpstr (community, ==, "Rural community");
}

/* The choices of a kind are its records with their context; a text finds
 * only the matching ones, searched in the store. */
static void
test_choices (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) all = gj_format_choices (f->store, gj_schema_lookup ("volunteer"), NULL,
                                                100, &error);
  g_autoptr(GPtrArray) found = NULL;
  g_autoptr(GPtrArray) limited = NULL;
  gboolean east = FALSE, west = FALSE;

  g_assert_no_error (error);
  g_assert_cmpuint (all->len, ==, 2);
  for (guint i = 0; i < all->len; i++)
    {
      GjChoice *c = g_ptr_array_index (all, i);

      g_assert_cmpstr (c->title, ==, "王芳");
      east |= g_str_equal (c->id, f->fang_east) && g_str_has_prefix (c->context, "东湖社区");
      west |= g_str_equal (c->id, f->fang_west) && g_str_equal (c->context, "西湖社区");
    }
  g_assert_true (east && west);

  found = gj_format_choices (f->store, gj_schema_lookup ("community"), "西湖", 100, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpstr (((GjChoice *) found->pdata[0])->id, ==, f->west);

  limited = gj_format_choices (f->store, gj_schema_lookup ("community"), NULL, 1, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (limited->len, ==, 1);
}

static GPtrArray *
links (Fixture *f)
{
  g_autoptr(GError) error = NULL;
  GjFilter filter = { "project_id", f->project, GJ_FILTER_EQ };
  GjQuery q = { .filters = &filter, .n_filters = 1, .sort_field = "role" };
  GPtrArray *found = gj_store_list (f->store, gj_schema_lookup ("project_party"), &q, &error);

  g_assert_no_error (error);
  return found;
}

static GjRecord *
link_of (GPtrArray  *found,
         const char *role)
{
  for (guint i = 0; i < found->len; i++)
    if (g_strcmp0 (gj_record_get_text (found->pdata[i], "role"), role) == 0)
      return found->pdata[i];
  return NULL;
}

/* All five at once; then a second save keeps what stays (the same link
 * record), updates a contribution, removes one and adds one. */
static void
test_set_parties (Fixture       *f,
                  gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const GjProjectParty five[] = {
    { "community", f->east, "场地" },
    { "social_worker", f->worker, NULL },
    { "organization", f->org, "组织实施" },
    { "volunteer_team", f->team, "入户探访" },
    { "resource", f->resource, "资金2万元" },
  };
  const GjProjectParty changed[] = {
    { "community", f->east, "场地和宣传" },
    { "organization", f->org, "组织实施" },
    { "volunteer_team", f->team, "入户探访" },
    { "resource", f->resource, "资金2万元" },
    { "community", f->west, NULL },
  };
  g_autoptr(GPtrArray) first = NULL;
  g_autoptr(GPtrArray) second = NULL;
  g_autofree char *org_link = NULL;

  g_assert_true (gj_project_parties_set (f->store, f->project, five, G_N_ELEMENTS (five), &error));
  g_assert_no_error (error);
  first = links (f);
  g_assert_cmpuint (first->len, ==, 5);
  g_assert_cmpstr (gj_record_get_text (link_of (first, "resource"), "contribution"), ==,
                   "资金2万元");
  org_link = g_strdup (link_of (first, "organization")->id);

  g_assert_true (gj_project_parties_set (f->store, f->project, changed, G_N_ELEMENTS (changed),
                                         &error));
  g_assert_no_error (error);
  second = links (f);
  g_assert_cmpuint (second->len, ==, 5);
  g_assert_null (link_of (second, "social_worker"));
  g_assert_cmpstr (link_of (second, "organization")->id, ==, org_link);
  for (guint i = 0; i < second->len; i++)
    if (g_strcmp0 (gj_record_get_text (second->pdata[i], "party_id"), f->east) == 0)
      g_assert_cmpstr (gj_record_get_text (second->pdata[i], "contribution"), ==, "场地和宣传");

  /* None is the empty set. */
  g_assert_true (gj_project_parties_set (f->store, f->project, NULL, 0, &error));
  g_assert_no_error (error);
  g_clear_pointer (&second, g_ptr_array_unref);
  second = links (f);
  g_assert_cmpuint (second->len, ==, 0);
}

/* A refused set writes nothing, and says which party is wrong. */
static void
test_refused (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GError) error = NULL;
  const GjProjectParty good[] = { { "community", f->east, NULL } };
  const GjProjectParty missing[] = {
    { "social_worker", f->worker, NULL },
    { "organization", "0123456789abcdef0123456789abcdef", NULL },
  };
  const GjProjectParty twice[] = {
    { "volunteer_team", f->team, NULL },
    { "volunteer_team", f->team, "again" },
  };
  const GjProjectParty wrong_role[] = { { "mayor", f->east, NULL } };
  const GjProjectParty wrong_kind[] = { { "organization", f->team, NULL } };
  const GjProjectParty empty[] = { { "resource", "", NULL } };
  g_autoptr(GPtrArray) found = NULL;

  g_assert_true (gj_project_parties_set (f->store, f->project, good, 1, &error));
  g_assert_no_error (error);

  g_assert_false (gj_project_parties_set (f->store, f->project, missing, 2, &error));
  g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_NOT_FOUND);
  g_assert_cmpstr (gj_data_error_get_field (error), ==, "party_id");
  g_clear_error (&error);

  g_assert_false (gj_project_parties_set (f->store, f->project, twice, 2, &error));
  g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID);
  g_assert_nonnull (strstr (error->message, "银发志愿队"));
  g_clear_error (&error);

  g_assert_false (gj_project_parties_set (f->store, f->project, wrong_role, 1, &error));
  g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_false (gj_project_parties_set (f->store, f->project, wrong_kind, 1, &error));
  g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_NOT_FOUND);
  g_clear_error (&error);

  g_assert_false (gj_project_parties_set (f->store, f->project, empty, 1, &error));
  g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_REQUIRED);
  g_clear_error (&error);

  g_assert_false (gj_project_parties_set (f->store, "0123456789abcdef0123456789abcdef", good, 1,
                                          &error));
  g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* The first set stands, untouched by the refused ones. */
  found = links (f);
  g_assert_cmpuint (found->len, ==, 1);
  g_assert_cmpstr (gj_record_get_text (found->pdata[0], "party_id"), ==, f->east);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add ("/format/context", Fixture, NULL, fixture_set_up, test_context, fixture_tear_down);
  g_test_add ("/format/choices", Fixture, NULL, fixture_set_up, test_choices, fixture_tear_down);
  g_test_add ("/project-parties/set", Fixture, NULL, fixture_set_up, test_set_parties,
              fixture_tear_down);
  g_test_add ("/project-parties/refused", Fixture, NULL, fixture_set_up, test_refused,
              fixture_tear_down);
  return g_test_run ();
}
