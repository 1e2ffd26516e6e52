/* test-parsers.c: the value parsers and the clock blob decoder refuse
 * hostile bytes with an error, never with a crash or undefined behaviour
 * (issue 16). The fuzz harnesses in tests/fuzz/ search for more such
 * inputs; these are the ones found, kept as plain tests.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "gj-clock-blob.h"
#include "gj-data-error.h"
#include "gj-record.h"
#include "gj-schema.h"

static void
assert_refused (const char *kind_name,
                const char *field,
                const char *text)
{
  g_autoptr(GjRecord) record = gj_record_new_for (kind_name);
  g_autoptr(GError) error = NULL;
  const GjField *f = gj_kind_field (record->kind, field);

  g_assert_false (gj_record_parse (record, field, text, &error));
  g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID);
  /* The message names the field, so a person knows which cell to fix. */
  g_assert_true (g_str_has_prefix (error->message, f->label));
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
  g_assert_false (gj_record_is_set (record, field));
}

static void
test_int_range (void)
{
  const char *bad[] = {
    "1e300", "1e19", "9223372036854775808", "9.3e18", "99999999999999999999999",
    "-1", "-1e300", "inf", "infinity", "nan", "1.5", "0x10", "1e400",
  };
  struct { const char *text; gint64 value; } good[] = {
    { "0", 0 }, { "-0", 0 }, { "42", 42 }, { "1e3", 1000 }, { "12.0", 12 },
    { "9223372036854775807", G_MAXINT64 }, { "9.2e18", G_GINT64_CONSTANT (9200000000000000000) },
  };

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    assert_refused ("community", "population", bad[i]);
  for (guint i = 0; i < G_N_ELEMENTS (good); i++)
    {
      g_autoptr(GjRecord) record = gj_record_new_for ("community");
      g_autoptr(GError) error = NULL;

      g_assert_true (gj_record_parse (record, "population", good[i].text, &error));
      g_assert_no_error (error);
      g_assert_cmpint (gj_record_get_int (record, "population"), ==, good[i].value);
    }
}

static void
test_int_message (void)
{
  g_autoptr(GjRecord) record = gj_record_new_for ("community");
  g_autoptr(GError) error = NULL;

  g_assert_false (gj_record_parse (record, "population", "1e300", &error));
  /* Says what is expected, not only that the text is wrong. */
  g_assert_nonnull (strstr (error->message, "write a whole number, such as 25"));
}

static void
test_real_finite (void)
{
  const char *bad[] = { "1e400", "-1e400", "inf", "-inf", "INF", "nan", "-2.5" };
  g_autoptr(GjRecord) record = gj_record_new_for ("activity");
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
    assert_refused ("activity", "volunteer_hours", bad[i]);
  g_assert_true (gj_record_parse (record, "volunteer_hours", "2.5", &error));
  g_assert_no_error (error);
  g_assert_cmpfloat (gj_record_get_real (record, "volunteer_hours"), ==, 2.5);
}

/* "areas=$(printf 'a\xce5')" crashed gongjian-cli: GRegex returned NULL
 * for the text and the parts were indexed. */
static void
test_enum_set_not_utf8 (void)
{
  assert_refused ("agreement", "areas", "a\xce\x35");
  assert_refused ("agreement", "areas", "\xff");
  assert_refused ("agreement", "areas", "党建共创,\xe5\x85");
}

/* One check covers every field type, including those whose parser would
 * happily store the bytes (text, references). */
static void
test_every_field_not_utf8 (void)
{
  /* "a\xce5" would read as one hexadecimal escape: 5 is written as \x35. */
  const char *bad[] = { "a\xce\x35", "\xc0\x80", "\xed\xa0\x80", "ok\xf4\x90\x80\x80" };

  for (guint k = 0; k < gj_schema_n_kinds (); k++)
    {
      const GjKind *kind = gj_schema_kind (k);

      for (guint f = 0; f < kind->n_fields; f++)
        for (guint i = 0; i < G_N_ELEMENTS (bad); i++)
          assert_refused (kind->name, kind->fields[f].name, bad[i]);
    }
}

static void
test_unknown_field_not_utf8 (void)
{
  g_autoptr(GjRecord) record = gj_record_new_for ("agreement");
  g_autoptr(GError) error = NULL;

  g_assert_false (gj_record_parse (record, "are\xce", "x", &error));
  g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_UNKNOWN_FIELD);
  g_assert_true (g_utf8_validate (error->message, -1, NULL));
}

static void
test_clock_blob_empty (void)
{
  GjClockEntry entries[3];

  memset (entries, 0xaa, sizeof entries);
  /* SQLite hands over NULL for an empty blob. */
  g_assert_true (gj_clock_blob_decode (NULL, 0, 7, entries, G_N_ELEMENTS (entries)));
  for (guint i = 0; i < G_N_ELEMENTS (entries); i++)
    g_assert_cmpuint (entries[i].hlc, ==, 0);
  g_assert_true (gj_clock_blob_decode (NULL, 0, 0, NULL, 0));
}

static void
fill_entries (GjClockEntry *e)
{
  memset (e, 0, sizeof (GjClockEntry) * 4);
  e[0] = (GjClockEntry) { .hlc = 5000, .seen = 4000, .ver = 9, .site = 1 };
  e[2] = (GjClockEntry) { .hlc = 300, .seen = 0, .ver = 0, .site = G_MAXUINT32 };
  e[3] = (GjClockEntry) { .hlc = G_MAXUINT64, .seen = 1, .ver = 10, .site = 0 };
}

static void
test_clock_blob_round_trip (void)
{
  GjClockEntry in[4], out[4];
  g_autoptr(GByteArray) blob = g_byte_array_new ();

  fill_entries (in);
  gj_clock_blob_encode (in, 4, 10, blob);
  g_assert_true (gj_clock_blob_decode (blob->data, blob->len, 10, out, 4));
  g_assert_cmpmem (in, sizeof in, out, sizeof out);

  /* Each cut inside an entry is refused; a cut between entries reads as
   * the entries before it. Either way, no bytes past the cut are read. */
  for (guint cut = 0; cut < blob->len; cut++)
    {
      g_autofree guint8 *copy = g_memdup2 (blob->data, cut);

      gj_clock_blob_decode (copy, cut, 10, out, 4);
    }
}

static GByteArray *
blob_of (const guint64 *varints,
         guint          n)
{
  GByteArray *out = g_byte_array_new ();

  for (guint i = 0; i < n; i++)
    {
      guint64 v = varints[i];

      do
        {
          guint8 b = (v & 0x7f) | (v >> 7 ? 0x80 : 0);

          g_byte_array_append (out, &b, 1);
          v >>= 7;
        }
      while (v);
    }
  return out;
}

static void
test_clock_blob_damaged (void)
{
  /* column, zigzag hlc delta, site, row_ver - ver, seen delta */
  static const struct { const char *what; gint64 row_ver; guint64 v[10]; guint n; } cases[] = {
    /* row_ver - dver overflowed gint64 before the fix. */
    { "version below zero", 10, { 0, 2, 1, 11, 0 }, 5 },
    { "version far below zero", G_MININT64 + 1, { 0, 2, 1, G_MAXUINT64, 0 }, 5 },
    { "huge version delta", G_MAXINT64, { 0, 2, 1, G_MAXUINT64, 0 }, 5 },
    { "negative row version", -1, { 0, 2, 1, 0, 0 }, 5 },
    { "site past 32 bits", 10, { 0, 2, G_GUINT64_CONSTANT (1) << 32, 0, 0 }, 5 },
    { "clock zero", 10, { 0, 0, 1, 0, 0 }, 5 },
    { "seen after own clock", 10, { 0, 2, 1, 0, 2 }, 5 },
    { "columns out of order", 10, { 1, 2, 1, 0, 0, 0, 2, 1, 0, 0 }, 10 },
    { "column twice", 10, { 1, 2, 1, 0, 0, 1, 2, 1, 0, 0 }, 10 },
    { "column past 64 bits", 10, { G_MAXUINT64, 2, 1, 0, 0 }, 5 },
    { "half an entry", 10, { 0, 2, 1 }, 3 },
  };
  GjClockEntry out[4];

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GByteArray) blob = blob_of (cases[i].v, cases[i].n);

      g_test_message ("%s", cases[i].what);
      g_assert_false (gj_clock_blob_decode (blob->data, blob->len, cases[i].row_ver, out, 4));
    }
}

static void
test_clock_blob_long_varint (void)
{
  /* Eleven bytes of continuation, and a tenth byte holding more than the
   * 64th bit: both would lose bits. */
  static const guint8 eleven[] = { 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01 };
  static const guint8 tenth[] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f };
  GjClockEntry out[1];

  g_assert_false (gj_clock_blob_decode (eleven, sizeof eleven, 10, out, 1));
  g_assert_false (gj_clock_blob_decode (tenth, sizeof tenth, 10, out, 1));
}

/* Random bytes must come back TRUE or FALSE; run under the sanitizer
 * build, this also shows that no byte pattern reaches undefined
 * behaviour. */
static void
test_clock_blob_random (void)
{
  g_autoptr(GRand) rand = g_rand_new_with_seed (16);
  GjClockEntry out[8];
  guint8 buf[64];

  for (guint i = 0; i < 20000; i++)
    {
      guint len = g_rand_int_range (rand, 0, sizeof buf + 1);

      for (guint j = 0; j < len; j++)
        buf[j] = g_rand_int (rand) & (i & 1 ? 0xff : 0x8f);
      gj_clock_blob_decode (buf, len, (gint64) g_rand_int (rand) - 100, out, G_N_ELEMENTS (out));
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

  g_test_add_func ("/parsers/int/range", test_int_range);
  g_test_add_func ("/parsers/int/message", test_int_message);
  g_test_add_func ("/parsers/real/finite", test_real_finite);
  g_test_add_func ("/parsers/enum-set/not-utf8", test_enum_set_not_utf8);
  g_test_add_func ("/parsers/every-field/not-utf8", test_every_field_not_utf8);
  g_test_add_func ("/parsers/unknown-field/not-utf8", test_unknown_field_not_utf8);
  g_test_add_func ("/parsers/clock-blob/empty", test_clock_blob_empty);
  g_test_add_func ("/parsers/clock-blob/round-trip", test_clock_blob_round_trip);
  g_test_add_func ("/parsers/clock-blob/damaged", test_clock_blob_damaged);
  g_test_add_func ("/parsers/clock-blob/long-varint", test_clock_blob_long_varint);
  g_test_add_func ("/parsers/clock-blob/random", test_clock_blob_random);

  return g_test_run ();
}
