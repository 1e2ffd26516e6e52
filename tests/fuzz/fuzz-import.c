/* fuzz-import.c: the importer on any sheet a CSV can hold
 *
 * The first byte picks the kind, the rest is a CSV file. Whatever the
 * cells say, the importer finds a header or says why not, prepares every
 * row without failing as a whole (a bad row is a problem row), commits the
 * batch, and undoing it leaves the database as it was.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fuzz-sheets.h"
#include "gj-import-log.h"
#include "gj-import.h"
#include "gj-station.h"

static GjStore *
station (void)
{
  static const GjCommunitySetup communities[] = {
    { "东湖社区", "urban", NULL, NULL },
    { "西湖社区", "rural", NULL, NULL },
  };
  GjStationSetup setup = { "武昌区", "东湖街道", NULL, communities, 2 };
  g_autoptr(GError) error = NULL;
  g_autoptr(GjStore) store = gj_store_open (":memory:", &error);

  if (store == NULL || !gj_station_setup (store, &setup, &error))
    fuzz_fail ("the station cannot be set up", error);
  return g_steal_pointer (&store);
}

static gint64
total (GjStore *store)
{
  gint64 n = 0;

  for (guint i = 0; i < gj_schema_n_kinds (); i++)
    n += gj_store_count (store, gj_schema_kind (i), NULL, NULL);
  return n;
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const char *const *kinds = gj_import_kinds ();
  g_autoptr(GBytes) bytes = NULL;
  g_autoptr(GjWorkbook) wb = NULL;
  g_autoptr(GjSheet) sheet = NULL;
  g_autoptr(GjStore) store = NULL;
  g_autoptr(GjImport) import = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *batch = NULL;
  GjImportCounts counts;
  guint n_kinds = g_strv_length ((GStrv) kinds);
  gint64 before;

  if (size < 1 || size > 8192)
    return 0;
  bytes = g_bytes_new_static (data + 1, size - 1);
  wb = gj_workbook_open_bytes (bytes, "fuzz.csv", NULL);
  if (wb == NULL || gj_workbook_get_format (wb) != GJ_WORKBOOK_CSV)
    return 0;
  sheet = gj_workbook_read_sheet (wb, 0, NULL, NULL, NULL, NULL);
  if (sheet == NULL)
    return 0;
  store = station ();
  before = total (store);
  import = gj_import_new (store, gj_schema_lookup (kinds[data[0] % n_kinds]), sheet, &error);
  if (import == NULL)
    {
      if (error == NULL || error->domain != GJ_DATA_ERROR)
        fuzz_fail ("a refused sheet has no data error", error);
      return 0;
    }
  gj_import_set_on_match (import, data[0] / n_kinds % 3);
  if (!gj_import_prepare (import, NULL, NULL, NULL, &error))
    fuzz_fail ("preparing rows failed as a whole", error);
  gj_import_get_counts (import, &counts);
  if (counts.n_new + counts.n_match + counts.n_duplicate + counts.n_problem != counts.n_rows
      || counts.n_rows != gj_import_get_n_rows (import))
    fuzz_fail ("the counts do not add up to the rows", NULL);
  for (guint i = 0; i < counts.n_rows; i++)
    {
      const GjImportRow *row = gj_import_get_row (import, i);

      if ((row->outcome == GJ_IMPORT_ROW_PROBLEM) != (row->problems->len > 0))
        fuzz_fail ("a row's problems and its outcome disagree", NULL);
      for (guint p = 0; p < row->problems->len; p++)
        fuzz_check_text (((GjImportProblem *) row->problems->pdata[p])->message);
    }
  if (!gj_import_commit (import, "fuzz.csv", &batch, &error))
    fuzz_fail ("a prepared import was refused at commit", error);
  if (!gj_import_undo (store, batch, NULL, NULL, &error))
    fuzz_fail ("the batch cannot be undone", error);
  if (total (store) != before)
    fuzz_fail ("undo left records behind", NULL);
  return 0;
}
