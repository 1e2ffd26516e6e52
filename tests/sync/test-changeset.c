/* test-changeset.c: changesets on the wire and what is refused
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "gj-changeset.h"
#include "gj-hlc.h"
#include "gj-sync-error.h"

static GjStore *
store_with_data (void)
{
  g_autoptr(GError) error = NULL;
  GjStore *store = gj_store_open (":memory:", &error);
  const char *names[] = { "东湖社区银龄互助会", "桂花社区邻里调解队", "枫林村广场舞协会" };

  g_assert_no_error (error);
  for (guint i = 0; i < G_N_ELEMENTS (names); i++)
    {
      g_autoptr(GjRecord) rec = gj_record_new_for ("organization");

      gj_record_set_text (rec, "name", names[i]);
      gj_record_set_text (rec, "category", "charity");
      gj_record_set_text (rec, "legal_form", "social_group");
      gj_record_set_int (rec, "members", 10 + i);
      gj_record_set_bool (rec, "brand", i == 1);
      g_assert_true (gj_store_insert (store, rec, &error));
    }
  return store;
}

static GjChangeset *
page_of (GjStore *store)
{
  g_autoptr(GError) error = NULL;
  GjChangeset *cs = gj_changeset_new ();
  GjCursor zero = GJ_CURSOR_INIT;

  g_ptr_array_unref (cs->cells);
  cs->cells = gj_store_changes_since (store, &zero, 1000, &cs->next, &error);
  g_assert_no_error (error);
  g_strlcpy (cs->site, gj_store_get_site_id (store), sizeof cs->site);
  cs->clock = gj_store_get_clock (store);
  return cs;
}

static void
test_roundtrip (void)
{
  g_autoptr(GjStore) a = store_with_data ();
  g_autoptr(GjStore) b = NULL;
  g_autoptr(GjChangeset) cs = page_of (a);
  g_autoptr(GjChangeset) back = NULL;
  g_autoptr(GBytes) json = gj_changeset_encode (cs);
  g_autoptr(GBytes) gz = NULL;
  g_autoptr(GBytes) plain = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *dump_a = NULL;
  g_autofree char *dump_b = NULL;

  gz = gj_gzip (json, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_bytes_get_size (gz), <, g_bytes_get_size (json));
  plain = gj_gunzip (gz, &error);
  g_assert_no_error (error);
  g_assert_true (g_bytes_equal (plain, json));

  back = gj_changeset_decode (plain, gj_hlc_now_physical (), &error);
  g_assert_no_error (error);
  g_assert_cmpuint (back->cells->len, ==, cs->cells->len);
  g_assert_cmpstr (back->site, ==, cs->site);
  g_assert_cmpint (back->next.pos, ==, cs->next.pos);

  b = gj_store_open (":memory:", &error);
  g_assert_true (gj_store_apply (b, back->cells, NULL, &error));
  g_assert_no_error (error);
  dump_a = gj_store_dump (a, NULL);
  dump_b = gj_store_dump (b, NULL);
  g_assert_cmpstr (dump_a, ==, dump_b);
}

/* Each bad page must be refused with its own error code. */
static void
expect_refused (const char *json,
                GQuark      domain,
                int         code)
{
  g_autoptr(GBytes) bytes = g_bytes_new (json, strlen (json));
  g_autoptr(GError) error = NULL;
  g_autoptr(GjChangeset) cs = gj_changeset_decode (bytes, gj_hlc_now_physical (), &error);

  g_assert_null (cs);
  g_assert_error (error, domain, code);
  g_assert_true (strstr (error->message, "Nothing was applied") != NULL ||
                 error->code == GJ_SYNC_ERROR_CLOCK_AHEAD ||
                 error->code == GJ_SYNC_ERROR_NEWER_VERSION);
}

#define SITE "\"0123456789abcdef0123456789abcdef\""
#define HEAD "\"protocol\":1,\"schema\":1,\"site\":" SITE ",\"clock\":1000,\"next\":[0,5],\"more\":false,"

static void
test_refused (void)
{
  g_autofree char *ahead = NULL;
  g_autofree char *cell_ahead = NULL;
  guint64 future = gj_hlc_now_physical () + ((guint64) 11 * 60 * 1000 << GJ_HLC_SHIFT);

  expect_refused ("{\"protocol\":1,", GJ_SYNC_ERROR, GJ_SYNC_ERROR_MALFORMED);
  expect_refused ("[1,2,3]", GJ_SYNC_ERROR, GJ_SYNC_ERROR_MALFORMED);
  expect_refused ("{" HEAD "\"sites\":[]}", GJ_SYNC_ERROR, GJ_SYNC_ERROR_MALFORMED);
  expect_refused ("{\"protocol\":2,\"schema\":1,\"site\":" SITE ",\"clock\":1,\"next\":[0,0],\"more\":false,"
                  "\"sites\":[],\"rows\":[]}", GJ_SYNC_ERROR, GJ_SYNC_ERROR_NEWER_VERSION);
  expect_refused ("{\"protocol\":1,\"schema\":99,\"site\":" SITE ",\"clock\":1,\"next\":[0,0],\"more\":false,"
                  "\"sites\":[],\"rows\":[]}", GJ_SYNC_ERROR, GJ_SYNC_ERROR_NEWER_VERSION);
  expect_refused ("{" HEAD "\"sites\":[" SITE "],\"rows\":[[\"spaceship\",\"id1\",[]]]}",
                  GJ_SYNC_ERROR, GJ_SYNC_ERROR_UNKNOWN_KIND);
  expect_refused ("{" HEAD "\"sites\":[" SITE "],\"rows\":[[\"organization\",\"id1\",[[\"colour\",\"red\",5,0,0]]]]}",
                  GJ_SYNC_ERROR, GJ_SYNC_ERROR_UNKNOWN_FIELD);
  expect_refused ("{" HEAD "\"sites\":[" SITE "],\"rows\":[[\"organization\",\"id1\",[[\"members\",\"many\",5,0,0]]]]}",
                  GJ_SYNC_ERROR, GJ_SYNC_ERROR_WRONG_TYPE);
  expect_refused ("{" HEAD "\"sites\":[" SITE "],\"rows\":[[\"organization\",\"id1\",[[\"name\",42,5,0,0]]]]}",
                  GJ_SYNC_ERROR, GJ_SYNC_ERROR_WRONG_TYPE);
  expect_refused ("{" HEAD "\"sites\":[" SITE "],\"rows\":[[\"organization\",\"id1\",[[\"deleted\",7,5,0,0]]]]}",
                  GJ_SYNC_ERROR, GJ_SYNC_ERROR_WRONG_TYPE);
  expect_refused ("{" HEAD "\"sites\":[" SITE "],\"rows\":[[\"organization\",\"id1\",[[\"name\",\"x\",5,3,0]]]]}",
                  GJ_SYNC_ERROR, GJ_SYNC_ERROR_MALFORMED);
  expect_refused ("{" HEAD "\"sites\":[\"nothex\"],\"rows\":[]}", GJ_SYNC_ERROR, GJ_SYNC_ERROR_MALFORMED);

  ahead = g_strdup_printf ("{\"protocol\":1,\"schema\":1,\"site\":" SITE ",\"clock\":%" G_GUINT64_FORMAT
                           ",\"next\":[0,0],\"more\":false,\"sites\":[],\"rows\":[]}", future);
  expect_refused (ahead, GJ_SYNC_ERROR, GJ_SYNC_ERROR_CLOCK_AHEAD);
  cell_ahead = g_strdup_printf ("{" HEAD "\"sites\":[" SITE "],\"rows\":[[\"organization\",\"id1\","
                                "[[\"name\",\"x\",%" G_GUINT64_FORMAT ",0,0]]]]}", future);
  expect_refused (cell_ahead, GJ_SYNC_ERROR, GJ_SYNC_ERROR_CLOCK_AHEAD);
}

static void
test_truncated_and_large (void)
{
  g_autoptr(GjStore) a = store_with_data ();
  g_autoptr(GjChangeset) cs = page_of (a);
  g_autoptr(GBytes) json = gj_changeset_encode (cs);
  g_autoptr(GBytes) gz = gj_gzip (json, NULL);
  g_autoptr(GBytes) cut = g_bytes_new_from_bytes (gz, 0, g_bytes_get_size (gz) / 2);
  g_autoptr(GBytes) json_cut = g_bytes_new_from_bytes (json, 0, g_bytes_get_size (json) - 10);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) out = NULL;
  g_autoptr(GjChangeset) bad = NULL;
  g_autofree char *huge = NULL;
  g_autoptr(GBytes) huge_bytes = NULL;
  g_autoptr(GBytes) huge_gz = NULL;

  out = gj_gunzip (cut, &error);
  g_assert_null (out);
  g_assert_error (error, GJ_SYNC_ERROR, GJ_SYNC_ERROR_MALFORMED);
  g_clear_error (&error);

  bad = gj_changeset_decode (json_cut, gj_hlc_now_physical (), &error);
  g_assert_null (bad);
  g_assert_error (error, GJ_SYNC_ERROR, GJ_SYNC_ERROR_MALFORMED);
  g_clear_error (&error);

  /* A small gzip body that inflates past the limit (a zip bomb). */
  huge = g_malloc0 (GJ_CHANGESET_MAX_BYTES + 1024);
  memset (huge, ' ', GJ_CHANGESET_MAX_BYTES + 1023);
  huge_bytes = g_bytes_new_take (g_steal_pointer (&huge), GJ_CHANGESET_MAX_BYTES + 1024);
  huge_gz = gj_gzip (huge_bytes, NULL);
  g_assert_cmpuint (g_bytes_get_size (huge_gz), <, 100000);
  out = gj_gunzip (huge_gz, &error);
  g_assert_null (out);
  g_assert_error (error, GJ_SYNC_ERROR, GJ_SYNC_ERROR_TOO_LARGE);
  g_clear_error (&error);
  bad = gj_changeset_decode (huge_bytes, gj_hlc_now_physical (), &error);
  g_assert_null (bad);
  g_assert_error (error, GJ_SYNC_ERROR, GJ_SYNC_ERROR_TOO_LARGE);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/changeset/roundtrip", test_roundtrip);
  g_test_add_func ("/changeset/refused", test_refused);
  g_test_add_func ("/changeset/truncated-and-large", test_truncated_and_large);
  return g_test_run ();
}
