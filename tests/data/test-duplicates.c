/* test-duplicates.c: two records of one organization, found and merged
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "gj-data-error.h"
#include "gj-demo.h"
#include "gj-duplicates.h"
#include "gj-hlc.h"
#include "gj-store-sync.h"

static GjStore *
demo_store (void)
{
  g_autoptr(GError) error = NULL;
  GjStore *store = gj_store_open (":memory:", &error);
  GDate today;

  g_assert_no_error (error);
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, 25, 11, 2026);
  g_assert_true (gj_demo_load (store, 2024, &today, &error));
  g_assert_no_error (error);
  return store;
}

static GjRecord *
first_with (GjStore    *store,
            const char *kind,
            const char *field)
{
  g_autoptr(GPtrArray) all = gj_store_list (store, gj_schema_lookup (kind), NULL, NULL);

  for (guint i = 0; i < all->len; i++)
    if (gj_record_get_text (all->pdata[i], field) != NULL)
      return gj_record_ref (all->pdata[i]);
  return NULL;
}

/* Gives @rec's @field @text as a sync from another laptop does: a local
 * write refuses an identifier another live record has (gj-store-write.c),
 * which is how the same organization or person comes to be there twice. */
static void
from_other_laptop (GjStore    *store,
                   GjRecord   *rec,
                   const char *field,
                   const char *text)
{
  g_autoptr(GPtrArray) page = g_ptr_array_new_with_free_func ((GDestroyNotify) gj_cell_free);
  g_autoptr(GError) error = NULL;
  GjCell *c = gj_cell_new ();
  GjApplyResult r;

  c->kind = rec->kind->index;
  c->column = gj_kind_field_index (rec->kind, field);
  c->row = g_strdup (rec->id);
  gj_value_set_text (&c->value, text);
  c->hlc = gj_hlc_now_physical () + 1;
  memset (c->site, 'e', GJ_SITE_ID_LEN);
  g_ptr_array_add (page, c);
  g_assert_true (gj_store_apply (store, page, &r, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (r.refused, ==, 0);
}

static void
test_find_and_merge (void)
{
  g_autoptr(GjStore) store = demo_store ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GjRecord) org = first_with (store, "organization", "credit_code");
  g_autoptr(GjRecord) twin = gj_record_new_for ("organization");
  g_autoptr(GjRecord) party = gj_record_new_for ("project_party");
  g_autoptr(GjRecord) blank = gj_record_new_for ("organization");
  g_autoptr(GjRecord) after = NULL;
  g_autoptr(GjRecord) party_after = NULL;
  g_autoptr(GjRecord) twin_after = NULL;
  g_autoptr(GPtrArray) dups = NULL;
  g_autoptr(GPtrArray) projects = gj_store_list (store, gj_schema_lookup ("project"), NULL, NULL);
  GjDuplicate *dup;

  g_assert_nonnull (org);
  dups = gj_store_find_duplicates (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (dups->len, ==, 0);
  g_clear_pointer (&dups, g_ptr_array_unref);

  /* The original lacks a leader; the twin, registered on another laptop,
   * has one and is a project's party. */
  g_free (blank->id);
  blank->id = g_strdup (org->id);
  gj_record_set_null (blank, "leader");
  g_assert_true (gj_store_update (store, blank, 0, &error));
  gj_record_set_text (twin, "name", "东湖书画研习社（另一台电脑）");
  gj_record_set_text (twin, "legal_form", gj_record_get_text (org, "legal_form"));
  gj_record_set_text (twin, "category", gj_record_get_text (org, "category"));
  gj_record_set_text (twin, "community_id", gj_record_get_text (org, "community_id"));
  gj_record_set_text (twin, "leader", "另一位负责人");
  g_assert_true (gj_store_insert (store, twin, &error));
  g_assert_no_error (error);
  from_other_laptop (store, twin, "credit_code", gj_record_get_text (org, "credit_code"));
  {
    /* As a sync would leave it: stored as typed, not re-validated. */
    g_autoptr(GjRecord) raw = gj_record_new_for ("organization");
    g_free (raw->id);
    raw->id = g_strdup (twin->id);
    gj_record_set_text (raw, "name", "东湖书画研习社（另一台电脑）");
    g_assert_true (gj_store_update (store, raw, 0, &error));
  }
  gj_record_set_text (party, "project_id", ((GjRecord *) projects->pdata[0])->id);
  gj_record_set_text (party, "role", "organization");
  gj_record_set_text (party, "party_id", twin->id);
  g_assert_true (gj_store_insert (store, party, &error));
  g_assert_no_error (error);

  dups = gj_store_find_duplicates (store, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (dups->len, ==, 1);
  dup = dups->pdata[0];
  g_assert_cmpstr (dup->kind->name, ==, "organization");
  g_assert_cmpstr (dup->field->name, ==, "credit_code");
  g_assert_cmpuint (dup->ids->len, ==, 2);
  g_assert_cmpstr (dup->ids->pdata[0], ==, org->id);
  g_assert_cmpstr (dup->ids->pdata[1], ==, twin->id);

  /* Merging into itself is refused, with nothing written. */
  g_assert_false (gj_store_merge_records (store, dup->kind, org->id, org->id, &error));
  g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID);
  g_clear_error (&error);

  g_assert_true (gj_store_merge_records (store, dup->kind, org->id, twin->id, &error));
  g_assert_no_error (error);
  after = gj_store_get (store, dup->kind, org->id, &error);
  g_assert_cmpstr (gj_record_get_text (after, "leader"), ==, "另一位负责人");
  g_assert_cmpstr (gj_record_get_text (after, "name"), ==, gj_record_get_text (org, "name"));
  party_after = gj_store_get (store, gj_schema_lookup ("project_party"), party->id, &error);
  g_assert_cmpstr (gj_record_get_text (party_after, "party_id"), ==, org->id);
  twin_after = gj_store_get (store, dup->kind, twin->id, &error);
  g_assert_true (twin_after == NULL || gj_record_is_deleted (twin_after));
  g_clear_error (&error);
  g_clear_pointer (&dups, g_ptr_array_unref);
  dups = gj_store_find_duplicates (store, &error);
  g_assert_cmpuint (dups->len, ==, 0);
}

/* The time bank is append-only: a volunteer with entries cannot be merged
 * away, and the refusal writes nothing. */
static void
test_merge_refused_whole (void)
{
  g_autoptr(GjStore) store = demo_store ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GjRecord) entry = first_with (store, "hours", "volunteer_id");
  g_autoptr(GjRecord) original = NULL;
  g_autoptr(GjRecord) twin = gj_record_new_for ("volunteer");
  g_autoptr(GjRecord) still = NULL;
  g_autoptr(GjRecord) twin_after = NULL;
  g_autoptr(GPtrArray) dups = NULL;
  const GjKind *kind = gj_schema_lookup ("volunteer");

  g_assert_nonnull (entry);
  original = gj_store_get (store, kind, gj_record_get_text (entry, "volunteer_id"), &error);
  g_assert_no_error (error);
  g_assert_nonnull (gj_record_get_text (original, "resident_id"));
  gj_record_set_text (twin, "name", gj_record_get_text (original, "name"));
  g_assert_true (gj_store_insert (store, twin, &error));
  g_assert_no_error (error);
  from_other_laptop (store, twin, "resident_id", gj_record_get_text (original, "resident_id"));
  dups = gj_store_find_duplicates (store, &error);
  g_assert_cmpuint (dups->len, ==, 1);

  g_assert_false (gj_store_merge_records (store, kind, twin->id, original->id, &error));
  g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_READ_ONLY);
  g_clear_error (&error);
  still = gj_store_get (store, kind, original->id, &error);
  g_assert_nonnull (still);
  g_assert_false (gj_record_is_deleted (still));
  twin_after = gj_store_get (store, kind, twin->id, &error);
  g_assert_cmpstr (gj_record_get_text (twin_after, "phone"), ==, NULL);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/data/duplicates/find-and-merge", test_find_and_merge);
  g_test_add_func ("/data/duplicates/merge-refused-whole", test_merge_refused_whole);
  return g_test_run ();
}
