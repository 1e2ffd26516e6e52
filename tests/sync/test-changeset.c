/* test-changeset.c: changesets on the wire and what is refused
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "gj-changeset.h"
#include "gj-hlc.h"
#include "gj-store-sync.h"
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

  back = gj_changeset_decode (plain, &error);
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
  g_autoptr(GjChangeset) cs = gj_changeset_decode (bytes, &error);

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
  /* Kinds and fields of a newer version are not refused (issue 10), but
   * their names must be names. */
  expect_refused ("{" HEAD "\"sites\":[" SITE "],\"rows\":[[\"Space Ship\",\"id1\",[]]]}",
                  GJ_SYNC_ERROR, GJ_SYNC_ERROR_MALFORMED);
  expect_refused ("{" HEAD "\"sites\":[" SITE "],\"rows\":[[\"organization\",\"id1\",[[\"colour!\",\"red\",5,0,0]]]]}",
                  GJ_SYNC_ERROR, GJ_SYNC_ERROR_MALFORMED);
  expect_refused ("{\"protocol\":1,\"schema\":0,\"site\":" SITE ",\"clock\":1,\"next\":[0,0],\"more\":false,"
                  "\"sites\":[],\"rows\":[]}", GJ_SYNC_ERROR, GJ_SYNC_ERROR_NEWER_VERSION);
  expect_refused ("{" HEAD "\"sites\":[" SITE "],\"rows\":[[\"organization\",\"id1\",[[\"deleted\",7,5,0,0]]]]}",
                  GJ_SYNC_ERROR, GJ_SYNC_ERROR_WRONG_TYPE);
  expect_refused ("{" HEAD "\"sites\":[" SITE "],\"rows\":[[\"organization\",\"id1\",[[\"name\",\"x\",5,3,0]]]]}",
                  GJ_SYNC_ERROR, GJ_SYNC_ERROR_MALFORMED);
  expect_refused ("{" HEAD "\"sites\":[\"nothex\"],\"rows\":[]}", GJ_SYNC_ERROR, GJ_SYNC_ERROR_MALFORMED);

  expect_refused ("{" HEAD "\"sites\":[" SITE "],\"rows\":[[\"organization\",\"id 1\",[]]]}",
                  GJ_SYNC_ERROR, GJ_SYNC_ERROR_MALFORMED);
  expect_refused ("{" HEAD "\"sites\":[" SITE "],\"rows\":[[\"organization\",\"id1\",[[\"name\",[1],5,0,0]]]]}",
                  GJ_SYNC_ERROR, GJ_SYNC_ERROR_WRONG_TYPE);

  /* A wrong value for a field is the row's problem, not the page's:
   * decoding keeps it as sent and gj_store_apply_page() holds the row. */
  {
    g_autoptr(GBytes) b = NULL;
    g_autoptr(GjChangeset) cs = NULL;
    g_autoptr(GError) error = NULL;
    const char *json = "{" HEAD "\"sites\":[" SITE "],\"rows\":[[\"organization\",\"id1\","
                       "[[\"members\",\"many\",5,0,0],[\"name\",42,5,0,0]]]]}";

    b = g_bytes_new_static (json, strlen (json));
    cs = gj_changeset_decode (b, &error);
    g_assert_no_error (error);
    g_assert_cmpuint (cs->cells->len, ==, 2);
  }

  /* A page of a newer schema is read; what this version does not know
   * comes as unknown cells with the names they had. */
  {
    const char *json = "{\"protocol\":1,\"schema\":99,\"site\":" SITE ",\"clock\":9,\"next\":[0,5],"
                       "\"more\":false,\"sites\":[" SITE "],\"rows\":[[\"spaceship\",\"id1\","
                       "[[\"deleted\",\"maybe\",5,0,0]]],[\"organization\",\"id2\",[[\"name\",\"x\",5,0,0],"
                       "[\"colour\",1.5,6,0,5]]]]}";
    g_autoptr(GBytes) b = g_bytes_new_static (json, strlen (json));
    g_autoptr(GError) error = NULL;
    g_autoptr(GjChangeset) cs = gj_changeset_decode (b, &error);
    GjCell *c;

    g_assert_no_error (error);
    g_assert_cmpint (cs->schema, ==, 99);
    g_assert_cmpuint (cs->cells->len, ==, 3);
    c = g_ptr_array_index (cs->cells, 0);
    g_assert_true (gj_cell_is_unknown (c));
    g_assert_cmpuint (c->kind, ==, GJ_CELL_UNKNOWN);
    g_assert_cmpstr (c->kind_name, ==, "spaceship");
    g_assert_cmpstr (c->field_name, ==, "deleted");
    g_assert_cmpstr (c->value.s, ==, "maybe");
    c = g_ptr_array_index (cs->cells, 1);
    g_assert_false (gj_cell_is_unknown (c));
    c = g_ptr_array_index (cs->cells, 2);
    g_assert_true (gj_cell_is_unknown (c));
    g_assert_cmpuint (c->kind, ==, gj_schema_lookup ("organization")->index);
    g_assert_cmpstr (c->field_name, ==, "colour");
    g_assert_cmpfloat (c->value.r, ==, 1.5);
    g_assert_cmpuint (c->seen, ==, 5);

    /* And written again as it came. */
    {
      g_autoptr(GBytes) again = gj_changeset_encode (cs);
      g_autoptr(GjChangeset) cs2 = gj_changeset_decode (again, &error);

      g_assert_no_error (error);
      g_assert_cmpuint (cs2->cells->len, ==, 3);
      c = g_ptr_array_index (cs2->cells, 2);
      g_assert_cmpstr (c->kind_name, ==, "organization");
      g_assert_cmpstr (c->field_name, ==, "colour");
    }
  }

  /* A sender's clock that is ahead no longer stops the page (issue 9). */
  ahead = g_strdup_printf ("{\"protocol\":1,\"schema\":1,\"site\":" SITE ",\"clock\":%" G_GUINT64_FORMAT
                           ",\"next\":[0,0],\"more\":false,\"sites\":[],\"rows\":[]}", future);
  {
    g_autoptr(GBytes) b = g_bytes_new (ahead, strlen (ahead));
    g_autoptr(GError) error = NULL;
    g_autoptr(GjChangeset) cs = gj_changeset_decode (b, &error);

    g_assert_no_error (error);
    g_assert_nonnull (cs);
  }
  cell_ahead = NULL;
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

  bad = gj_changeset_decode (json_cut, &error);
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
  bad = gj_changeset_decode (huge_bytes, &error);
  g_assert_null (bad);
  g_assert_error (error, GJ_SYNC_ERROR, GJ_SYNC_ERROR_TOO_LARGE);
}

/* Bodies that cost more than they weigh, or that json-glib 1.6 would turn
 * into values no other reader takes (issue 16). Each is refused as
 * malformed, before any tree is built. */
static void
test_hostile_bodies (void)
{
  static const char *const values[] = {
    "1e999", "-1e400", "99999999999999999999", "\"\\ud800\"", "\"a\\udc00b\"",
    "\"\\305\"", "\"\\x41\"", "\"a\\u0000b\"", "\"\xce\"", "\"\xed\xa0\x80\"", "0x10",
    "01", "1.", "NaN", "Infinity", "'x'", "\"tab\there\"",
  };

  for (guint i = 0; i < G_N_ELEMENTS (values); i++)
    {
      g_autofree char *json = g_strdup_printf ("{" HEAD "\"sites\":[" SITE "],\"rows\":[[\"organization\","
                                               "\"id1\",[[\"name\",%s,5,0,0]]]]}", values[i]);

      g_autofree char *shown = g_strescape (values[i], NULL);

      g_test_message ("value %s", shown);
      expect_refused (json, GJ_SYNC_ERROR, GJ_SYNC_ERROR_MALFORMED);
    }

  /* 100,000 nested arrays: json-glib would recurse once per level. */
  {
    gsize n = 100000;
    g_autofree char *deep = g_malloc (2 * n + 1);

    memset (deep, '[', n);
    memset (deep + n, ']', n);
    deep[2 * n] = '\0';
    expect_refused (deep, GJ_SYNC_ERROR, GJ_SYNC_ERROR_MALFORMED);
  }

  /* 16 MB of {},{},… inside the rows: millions of nodes from a body that
   * gzip makes 16 KB. */
  {
    GString *many = g_string_new ("{" HEAD "\"sites\":[" SITE "],\"rows\":[");
    g_autoptr(GBytes) bytes = NULL;
    g_autoptr(GBytes) gz = NULL;
    g_autoptr(GBytes) back = NULL;
    g_autoptr(GError) error = NULL;
    g_autoptr(GjChangeset) cs = NULL;

    while (many->len < GJ_CHANGESET_MAX_BYTES - 16)
      g_string_append (many, "{},");
    g_string_append (many, "{}]}");
    bytes = g_string_free_to_bytes (many);
    gz = gj_gzip (bytes, NULL);
    g_assert_cmpuint (g_bytes_get_size (gz), <, 100000);
    back = gj_gunzip (gz, &error);
    g_assert_no_error (error);
    cs = gj_changeset_decode (back, &error);
    g_assert_null (cs);
    g_assert_error (error, GJ_SYNC_ERROR, GJ_SYNC_ERROR_MALFORMED);
    g_assert_nonnull (strstr (error->message, "too many"));
  }
}

/* What one device encodes, the next one decodes: texts of every kind of
 * character, and numbers at their limits. */
static void
test_encode_decodes (void)
{
  static const char *const texts[] = {
    "东湖社区", "a\"b\\c", "line\nbreak\ttab", "😀 emoji", "\x7f", "\x01\x1f", "/slash/",
  };
  g_autoptr(GjChangeset) cs = gj_changeset_new ();
  g_autoptr(GBytes) json = NULL;
  g_autoptr(GjChangeset) back = NULL;
  g_autoptr(GError) error = NULL;
  const GjKind *org = gj_schema_lookup ("organization");
  double reals[] = { 0.0, 1e-300, 123456.789, 1.7976931348623157e308 };

  memset (cs->site, 'a', GJ_SITE_ID_LEN);
  for (guint i = 0; i < G_N_ELEMENTS (texts) + G_N_ELEMENTS (reals) + 2; i++)
    {
      GjCell *c = gj_cell_new ();

      c->kind = org->index;
      c->row = g_strdup_printf ("row-%u", i);
      c->column = gj_kind_field_index (org, "name");
      c->hlc = 5 + i;
      memset (c->site, 'b', GJ_SITE_ID_LEN);
      if (i < G_N_ELEMENTS (texts))
        gj_value_set_text (&c->value, texts[i]);
      else if (i < G_N_ELEMENTS (texts) + G_N_ELEMENTS (reals))
        gj_value_set_real (&c->value, reals[i - G_N_ELEMENTS (texts)]);
      else
        gj_value_set_int (&c->value, i % 2 ? G_MAXINT64 : G_MININT64);
      g_ptr_array_add (cs->cells, c);
    }
  json = gj_changeset_encode (cs);
  back = gj_changeset_decode (json, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (back->cells->len, ==, cs->cells->len);
  for (guint i = 0; i < cs->cells->len; i++)
    {
      GjCell *a = g_ptr_array_index (cs->cells, i), *b = g_ptr_array_index (back->cells, i);

      g_assert_true (gj_value_equal (&a->value, &b->value));
    }
}

/* 180 organizations whose descriptions are each within the field's
 * limit (33,000 Chinese characters, 99 KB) are 18 MB together: every page
 * a sender makes of them stays under what the receiver accepts, and all
 * of them arrive (issue 9, "Pages by size"). */
static void
test_pages_by_size (void)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GjStore) a = gj_store_open (":memory:", &error);
  g_autoptr(GjStore) b = gj_store_open (":memory:", &error);
  GString *text = g_string_new (NULL);
  g_autofree char *description = NULL;
  GjCursor since = GJ_CURSOR_INIT;
  guint pages = 0;
  gsize largest = 0;

  for (guint i = 0; i < 33000; i++)
    g_string_append (text, i % 100 == 99 ? "\n" : "社");
  description = g_string_free (text, FALSE);
  g_assert_true (gj_store_begin (a, &error));
  for (guint i = 0; i < 180; i++)
    {
      g_autoptr(GjRecord) rec = gj_record_new_for ("organization");
      g_autofree char *name = g_strdup_printf ("长文本组织%u", i);

      gj_record_set_text (rec, "name", name);
      gj_record_set_text (rec, "category", "charity");
      gj_record_set_text (rec, "legal_form", "social_group");
      gj_record_set_text (rec, "description", description);
      g_assert_true (gj_store_insert (a, rec, &error));
    }
  g_assert_true (gj_store_commit (a, &error));

  for (;;)
    {
      g_autoptr(GjChangeset) cs = gj_changeset_new ();
      g_autoptr(GjChangeset) back = NULL;
      g_autoptr(GBytes) json = NULL;
      GjApplyResult r;

      g_ptr_array_unref (cs->cells);
      cs->cells = gj_store_changes_since (a, &since, GJ_CHANGESET_MAX_CELLS, &cs->next, &error);
      g_assert_no_error (error);
      if (cs->cells->len == 0)
        break;
      g_strlcpy (cs->site, gj_store_get_site_id (a), sizeof cs->site);
      cs->clock = gj_store_get_clock (a);
      json = gj_changeset_encode (cs);
      largest = MAX (largest, g_bytes_get_size (json));
      g_assert_cmpuint (g_bytes_get_size (json), <, GJ_CHANGESET_MAX_BYTES);
      back = gj_changeset_decode (json, &error);
      g_assert_no_error (error);
      g_assert_true (gj_store_apply (b, back->cells, &r, &error));
      g_assert_cmpuint (r.refused, ==, 0);
      since = cs->next;
      pages++;
    }
  g_test_message ("%u pages, the largest %" G_GSIZE_FORMAT " bytes", pages, largest);
  g_assert_cmpuint (pages, >, 1);
  g_assert_cmpint (gj_store_count (b, gj_schema_lookup ("organization"), NULL, NULL), ==, 180);
}

/* Members in another order than this encoder writes them, members this
 * version does not know (with nesting and escapes), escapes where plain
 * text would do and whitespace everywhere: the same page. */
static void
test_any_member_order (void)
{
  const char *json =
    "{ \"rows\" : [ [ \"organization\" , \"id1\" , [ [ \"name\" , \"\\u4e1c\\u6e56\\\"\\ud83d\\ude00\\n\" , 5 , 0 , 0 ] ,"
    " [\"members\", 12, 6, 1, 5], [\"deleted\", 0, 7, 0, 0] ] ] ],\n"
    "  \"future\": {\"a\": [1, {\"b\": \"]}\\\"\"}], \"c\": null},"
    "  \"sites\": [\"0123456789abcdef0123456789abcdef\", \"fedcba9876543210fedcba9876543210\"],"
    "  \"more\": true, \"next\": [ 3 , 9 ], \"clock\": 99, \"time\": 1764600000000,"
    "  \"site\": \"0123456789abcdef0123456789abcdef\", \"schema\": 1, \"protocol\": 1 }";
  g_autoptr(GBytes) bytes = g_bytes_new_static (json, strlen (json));
  g_autoptr(GError) error = NULL;
  g_autoptr(GjChangeset) cs = gj_changeset_decode (bytes, &error);
  GjCell *c;

  g_assert_no_error (error);
  g_assert_cmpuint (cs->cells->len, ==, 3);
  g_assert_true (cs->more);
  g_assert_cmpint (cs->next.floor, ==, 3);
  g_assert_cmpint (cs->next.pos, ==, 9);
  g_assert_cmpuint (cs->clock, ==, 99);
  g_assert_cmpint (cs->time_ms, ==, G_GINT64_CONSTANT (1764600000000));
  c = g_ptr_array_index (cs->cells, 0);
  g_assert_cmpstr (c->value.s, ==, "东湖\"😀\n");
  g_assert_cmpstr (c->row, ==, "id1");
  c = g_ptr_array_index (cs->cells, 1);
  g_assert_cmpint (c->value.i, ==, 12);
  g_assert_cmpstr (c->site, ==, "fedcba9876543210fedcba9876543210");
  g_assert_cmpuint (c->seen, ==, 5);
  c = g_ptr_array_index (cs->cells, 2);
  g_assert_cmpuint (c->column, ==, gj_kind_deleted_column (gj_schema_lookup ("organization")));
}

/* The sender's names of the page's devices come back as they went; a name
 * for a device the page does not carry is not sent. */
static void
test_names_roundtrip (void)
{
  g_autoptr(GjStore) a = store_with_data ();
  g_autoptr(GjChangeset) cs = page_of (a);
  g_autoptr(GjChangeset) back = NULL;
  g_autoptr(GBytes) json = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *text = NULL;

  g_hash_table_insert (cs->names, g_strdup (cs->site), g_strdup ("王芳的笔记本 \"2\""));
  g_hash_table_insert (cs->names, g_strdup ("fedcba9876543210fedcba9876543210"),
                       g_strdup ("elsewhere"));
  json = gj_changeset_encode (cs);
  text = g_strndup (g_bytes_get_data (json, NULL), g_bytes_get_size (json));
  g_assert_nonnull (strstr (text, "\"names\":{"));
  g_assert_null (strstr (text, "elsewhere"));

  back = gj_changeset_decode (json, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (g_hash_table_size (back->names), ==, 1);
  g_assert_cmpstr (g_hash_table_lookup (back->names, cs->site), ==, "王芳的笔记本 \"2\"");

  /* No names, no member: a page reads as release 0.2.0 wrote it. */
  g_hash_table_remove_all (cs->names);
  g_clear_pointer (&json, g_bytes_unref);
  g_clear_pointer (&text, g_free);
  json = gj_changeset_encode (cs);
  text = g_strndup (g_bytes_get_data (json, NULL), g_bytes_get_size (json));
  g_assert_null (strstr (text, "\"names\""));
}

#define S1 "0123456789abcdef0123456789abcdef"
#define S2 "fedcba9876543210fedcba9876543210"
#define NAMES_PAGE(names) \
  "{" HEAD names "\"sites\":[\"" S1 "\",\"" S2 "\"]," \
  "\"rows\":[[\"organization\",\"id1\",[[\"members\",12,6,0,0],[\"leader\",\"x\",7,1,0]]]]}"
#define LONG_65 "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"

/* Every bad name is dropped and the page still applies: names are only
 * ever shown. The good name beside a bad one is kept. */
static void
test_names_hostile (void)
{
  static const char *bad[] = {
    NAMES_PAGE ("\"names\":{\"" S1 "\":\"" LONG_65 "\"},"),
    NAMES_PAGE ("\"names\":{\"" S1 "\":\"a\\u0007b\"},"),
    NAMES_PAGE ("\"names\":{\"" S1 "\":\"a\\nb\"},"),
    NAMES_PAGE ("\"names\":{\"" S1 "\":\"evil\\u202egnp.exe\"},"),
    NAMES_PAGE ("\"names\":{\"" S1 "\":\"   \"},"),
    NAMES_PAGE ("\"names\":{\"" S1 "\":\"\"},"),
    NAMES_PAGE ("\"names\":{\"" S1 "\":5},"),
    NAMES_PAGE ("\"names\":{\"" S1 "\":null},"),
    NAMES_PAGE ("\"names\":{\"" S1 "\":[\"a\",{\"b\":\"]}\"}]},"),
    NAMES_PAGE ("\"names\":{\"" S1 "\":{\"x\":\"y\"}},"),
    NAMES_PAGE ("\"names\":{\"00000000000000000000000000000000\":\"not in the page\"},"),
    NAMES_PAGE ("\"names\":{\"0123456789ABCDEF0123456789ABCDEF\":\"upper case\"},"),
    NAMES_PAGE ("\"names\":{\"" S1 S1 "\":\"too long an id\"},"),
    NAMES_PAGE ("\"names\":[\"" S1 "\",\"a\"],"),
    NAMES_PAGE ("\"names\":\"" S1 "\","),
    NAMES_PAGE ("\"names\":42,"),
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    {
      g_autoptr(GBytes) bytes = g_bytes_new_static (bad[i], strlen (bad[i]));
      g_autoptr(GError) error = NULL;
      g_autoptr(GjChangeset) cs = gj_changeset_decode (bytes, &error);
      g_autoptr(GjStore) b = gj_store_open (":memory:", &error);

      g_test_message ("page %u: %s", i, bad[i]);
      g_assert_no_error (error);
      g_assert_cmpuint (cs->cells->len, ==, 2);
      g_assert_cmpuint (g_hash_table_size (cs->names), ==, 0);
      g_assert_true (gj_store_apply (b, cs->cells, NULL, &error));
      g_assert_no_error (error);
    }

  {
    /* Before "sites" in the member order, beside a bad one, given twice. */
    const char *json = "{\"names\":{\"" S2 "\":7,\"" S1 "\":\"first\",\"" S1 "\":\"张伟 的电脑\","
                       "\"" S2 "\":\"" LONG_65 "\"}," HEAD "\"sites\":[\"" S1 "\",\"" S2 "\"],"
                       "\"rows\":[[\"organization\",\"id1\",[[\"members\",12,6,1,0]]]]}";
    g_autoptr(GBytes) bytes = g_bytes_new_static (json, strlen (json));
    g_autoptr(GError) error = NULL;
    g_autoptr(GjChangeset) cs = gj_changeset_decode (bytes, &error);

    g_assert_no_error (error);
    g_assert_cmpuint (g_hash_table_size (cs->names), ==, 1);
    g_assert_cmpstr (g_hash_table_lookup (cs->names, S1), ==, "张伟 的电脑");
  }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/changeset/roundtrip", test_roundtrip);
  g_test_add_func ("/changeset/refused", test_refused);
  g_test_add_func ("/changeset/truncated-and-large", test_truncated_and_large);
  g_test_add_func ("/changeset/hostile-bodies", test_hostile_bodies);
  g_test_add_func ("/changeset/encode-decodes", test_encode_decodes);
  g_test_add_func ("/changeset/pages-by-size", test_pages_by_size);
  g_test_add_func ("/changeset/any-member-order", test_any_member_order);
  g_test_add_func ("/changeset/names-roundtrip", test_names_roundtrip);
  g_test_add_func ("/changeset/names-hostile", test_names_hostile);
  return g_test_run ();
}
