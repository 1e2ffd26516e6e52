/* test-station.c: setting up the station, as the welcome page and "init" do
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "gj-data-error.h"
#include "gj-station.h"
#include "gj-test-store.h"

static gint64
count (GjStore    *store,
       const char *kind)
{
  return gj_store_count (store, gj_schema_lookup (kind), NULL, NULL);
}

/* Nothing of a refused setup may remain: no record, no street of its own,
 * no change waiting to sync. */
static void
assert_untouched (GjStore *store,
                  gint64   version)
{
  g_autofree char *district = gj_store_get_meta (store, "district");

  g_assert_null (gj_store_get_street (store));
  g_assert_null (district);
  g_assert_cmpint (count (store, "district"), ==, 0);
  g_assert_cmpint (count (store, "street"), ==, 0);
  g_assert_cmpint (count (store, "community"), ==, 0);
  g_assert_cmpint (gj_store_get_version (store), ==, version);
}

static void
test_setup (void)
{
  g_autoptr(GjStore) store = gj_test_store_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GjRecord) street = NULL;
  g_autoptr(GjRecord) district = NULL;
  g_autoptr(GPtrArray) communities = NULL;
  g_autofree char *district_id = NULL;
  const GjCommunitySetup rows[] = {
    { "溪山村", "农村社区", "420", "1300" },
    { "", "urban", "", "" },   /* an empty row of the form is left out */
    { "东湖社区", "urban", "2100", "" },
  };
  const GjStationSetup setup = {
    .district = "清源区", .street = "溪山街道", .station = "溪山街道社工站",
    .communities = rows, .n_communities = G_N_ELEMENTS (rows),
  };

  g_assert_true (gj_station_setup (store, &setup, &error));
  g_assert_no_error (error);

  street = gj_store_get (store, gj_schema_lookup ("street"), gj_store_get_street (store), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gj_record_get_text (street, "name"), ==, "溪山街道");
  g_assert_cmpstr (gj_record_get_text (street, "station"), ==, "溪山街道社工站");
  district_id = gj_store_get_meta (store, "district");
  g_assert_cmpstr (gj_record_get_text (street, "district_id"), ==, district_id);
  district = gj_store_get (store, gj_schema_lookup ("district"), district_id, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gj_record_get_text (district, "name"), ==, "清源区");

  communities = gj_store_list (store, gj_schema_lookup ("community"), NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (communities->len, ==, 2);
  for (guint i = 0; i < communities->len; i++)
    {
      GjRecord *c = g_ptr_array_index (communities, i);

      /* Each community belongs to the street just set up. */
      g_assert_cmpstr (gj_record_get_text (c, "street_id"), ==, gj_store_get_street (store));
      if (g_str_equal (gj_record_get_text (c, "name"), "溪山村"))
        {
          g_assert_cmpstr (gj_record_get_text (c, "type"), ==, "rural");
          g_assert_cmpint (gj_record_get_int (c, "households"), ==, 420);
          g_assert_cmpint (gj_record_get_int (c, "population"), ==, 1300);
        }
      else
        g_assert_cmpstr (gj_record_get_text (c, "type"), ==, "urban");
    }
}

/* A district left blank is still a record for the street to point at. */
static void
test_default_district (void)
{
  g_autoptr(GjStore) store = gj_test_store_new ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GjRecord) street = NULL;
  g_autoptr(GjRecord) district = NULL;
  const GjStationSetup setup = { .district = "", .street = "东湖街道" };

  g_assert_true (gj_station_setup (store, &setup, &error));
  g_assert_no_error (error);
  street = gj_store_get (store, gj_schema_lookup ("street"), gj_store_get_street (store), &error);
  g_assert_no_error (error);
  g_assert_null (gj_record_get_text (street, "station"));
  district = gj_store_get (store, gj_schema_lookup ("district"),
                           gj_record_get_text (street, "district_id"), &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gj_record_get_text (district, "name"), ==, "District");
  g_assert_cmpint (count (store, "community"), ==, 0);
}

static void
test_refusals (void)
{
  const GjCommunitySetup bad_population[] = {
    { "东湖社区", "urban", "2100", "6300" },
    { "溪山村", "rural", "420", "一千三" },
  };
  const GjCommunitySetup bad_type[] = { { "溪山村", "镇", "420", "1300" } };
  const struct
  {
    GjStationSetup setup;
    int            code;
    const char    *prefix;   /* the field named, and the community it is in */
    const char    *field;    /* the record field the error carries, if any */
  } cases[] = {
    { { .district = "清源区", .street = "  " }, GJ_DATA_ERROR_REQUIRED, "Street: ", NULL },
    { { .district = "清源区" }, GJ_DATA_ERROR_REQUIRED, "Street: ", NULL },
    { { .district = "清源\xce", .street = "溪山街道" }, GJ_DATA_ERROR_INVALID, "Name: ", "name" },
    { { .street = "溪山街道", .station = "社工站\x01" }, GJ_DATA_ERROR_INVALID,
      "Social-work station: ", "station" },
    { { .street = "溪山街道", .communities = bad_population,
        .n_communities = G_N_ELEMENTS (bad_population) },
      GJ_DATA_ERROR_INVALID, "溪山村 — Resident population: ", "population" },
    { { .street = "溪山街道", .communities = bad_type, .n_communities = 1 },
      GJ_DATA_ERROR_INVALID, "溪山村 — Type: ", "type" },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autoptr(GjStore) store = gj_test_store_new ();
      g_autoptr(GError) error = NULL;
      gint64 version = gj_store_get_version (store);

      g_test_message ("case %u", i);
      g_assert_false (gj_station_setup (store, &cases[i].setup, &error));
      g_assert_error (error, GJ_DATA_ERROR, cases[i].code);
      g_assert_true (g_str_has_prefix (error->message, cases[i].prefix));
      g_assert_cmpstr (gj_data_error_get_field (error), ==, cases[i].field);
      assert_untouched (store, version);
    }
}

/* The street is every record's sync scope; a second one is refused and the
 * first stays as it was. */
static void
test_once (void)
{
  g_autoptr(GjStore) store = gj_test_store_new ();
  g_autoptr(GError) error = NULL;
  g_autofree char *street = NULL;
  const GjStationSetup first = { .street = "东湖街道" };
  const GjStationSetup second = { .street = "西湖街道" };
  gint64 version;

  g_assert_true (gj_station_setup (store, &first, &error));
  g_assert_no_error (error);
  street = g_strdup (gj_store_get_street (store));
  version = gj_store_get_version (store);

  g_assert_false (gj_station_setup (store, &second, &error));
  g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_INVALID);
  g_assert_cmpstr (gj_store_get_street (store), ==, street);
  g_assert_cmpint (count (store, "street"), ==, 1);
  g_assert_cmpint (count (store, "district"), ==, 1);
  g_assert_cmpint (gj_store_get_version (store), ==, version);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/station/setup", test_setup);
  g_test_add_func ("/station/default-district", test_default_district);
  g_test_add_func ("/station/refusals", test_refusals);
  g_test_add_func ("/station/once", test_once);
  return g_test_run ();
}
