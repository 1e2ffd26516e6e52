/* test-undo.c: the undo history (gj-undo.c) and the list of deleted
 * records (gj-deleted.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "gj-data-error.h"
#include "gj-deleted.h"
#include "gj-session.h"
#include "gj-store-sync.h"
#include "gj-test-store.h"
#include "gj-undo.h"

typedef struct
{
  GjSession *session;
  GjStore   *store;
  GjUndo    *undo;
  guint      pushed;       /* serial of the last "pushed" */
  char      *label;        /* its label */
} Fixture;

static void
pushed_cb (GjUndo     *undo,
           guint       serial,
           const char *label,
           Fixture    *f)
{
  f->pushed = serial;
  g_free (f->label);
  f->label = g_strdup (label);
}

static void
fixture_set_up (Fixture       *f,
                gconstpointer  data)
{
  g_autoptr(GjStore) store = gj_test_demo_store (7);
  g_autoptr(GSettings) settings = g_settings_new (APP_ID);

  f->session = gj_session_new (store, settings);
  f->store = gj_session_get_store (f->session);
  f->undo = gj_session_get_undo (f->session);
  g_signal_connect (f->undo, "pushed", G_CALLBACK (pushed_cb), f);
}

static void
fixture_tear_down (Fixture       *f,
                   gconstpointer  data)
{
  g_clear_object (&f->session);
  g_free (f->label);
}

/* The first record of @kind, with @field = @value when @field is given. */
static GjRecord *
first (Fixture    *f,
       const char *kind,
       const char *field,
       const char *value)
{
  GjFilter filter = { field, value, GJ_FILTER_EQ };
  GjQuery q = { &filter, field ? 1 : 0, NULL, NULL, FALSE, 1, 0, FALSE };
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) records = gj_store_list (f->store, gj_schema_lookup (kind), &q, &error);

  g_assert_no_error (error);
  g_assert_cmpuint (records->len, ==, 1);
  return gj_record_ref (g_ptr_array_index (records, 0));
}

static GjRecord *
reread (Fixture  *f,
        GjRecord *rec)
{
  g_autoptr(GError) error = NULL;
  GjRecord *now = gj_store_get (f->store, rec->kind, rec->id, &error);

  g_assert_no_error (error);
  return now;
}

/* Moves incubation @id to @stage through the history. */
static void
move (Fixture    *f,
      const char *id,
      const char *stage)
{
  g_autoptr(GjRecord) changes = gj_record_new_for ("incubation");
  g_autoptr(GError) error = NULL;

  changes->id = g_strdup (id);
  gj_record_set_text (changes, "stage", stage);
  g_assert_true (gj_undo_update (f->undo, changes, GJ_WRITE_NONE, "moved", &error));
  g_assert_no_error (error);
}

static void
test_delete (Fixture       *f,
             gconstpointer  data)
{
  g_autoptr(GjRecord) org = first (f, "organization", NULL, NULL);
  g_autoptr(GjRecord) now = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;
  guint serial;

  g_assert_cmpuint (gj_undo_peek (f->undo), ==, 0);
  g_assert_true (gj_undo_delete (f->undo, org->kind, org->id, &error));
  g_assert_no_error (error);
  serial = gj_undo_peek (f->undo);
  g_assert_cmpuint (serial, !=, 0);
  g_assert_cmpuint (f->pushed, ==, serial);
  g_assert_nonnull (strstr (f->label, gj_record_get_text (org, "name")));
  now = reread (f, org);
  g_assert_true (gj_record_is_deleted (now));
  g_clear_pointer (&now, gj_record_unref);

  /* Deleting what is deleted already is not a second entry. */
  g_assert_false (gj_undo_delete (f->undo, org->kind, org->id, &error));
  g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_NOT_FOUND);
  g_clear_error (&error);
  g_assert_cmpuint (gj_undo_get_n_entries (f->undo), ==, 1);

  g_assert_true (gj_undo_undo (f->undo, 0, &message, &error));
  g_assert_no_error (error);
  g_assert_nonnull (strstr (message, gj_record_get_text (org, "name")));
  now = reread (f, org);
  g_assert_false (gj_record_is_deleted (now));
  g_assert_cmpuint (gj_undo_get_n_entries (f->undo), ==, 0);

  g_assert_false (gj_undo_undo (f->undo, 0, NULL, &error));
  g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_NOT_FOUND);
}

/* A delete restored by someone else meanwhile (the Recently Deleted
 * page, a colleague) is not undone twice. */
static void
test_delete_restored_since (Fixture       *f,
                            gconstpointer  data)
{
  g_autoptr(GjRecord) unit = first (f, "unit", NULL, NULL);
  g_autoptr(GError) error = NULL;

  g_assert_true (gj_undo_delete (f->undo, unit->kind, unit->id, &error));
  g_assert_true (gj_session_undelete (f->session, unit->kind, unit->id, &error));
  g_assert_no_error (error);
  g_assert_false (gj_undo_undo (f->undo, 0, NULL, &error));
  g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_READ_ONLY);
  /* The refused entry is gone: Ctrl+Z goes on to the one before. */
  g_assert_cmpuint (gj_undo_get_n_entries (f->undo), ==, 0);
}

/* A move back the workflow refuses forward (admitted → applied) is what
 * an undo does, and the dates the move stamped go back too. */
static void
test_stage_move (Fixture       *f,
                 gconstpointer  data)
{
  g_autoptr(GjRecord) inc = first (f, "incubation", "stage", "incubating");
  g_autoptr(GjRecord) moved = NULL;
  g_autoptr(GjRecord) back = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *message = NULL;

  move (f, inc->id, "exited");
  g_assert_cmpstr (f->label, ==, "moved");
  moved = reread (f, inc);
  g_assert_cmpstr (gj_record_get_text (moved, "stage"), ==, "exited");
  g_assert_nonnull (gj_record_get_text (moved, "closed_on"));

  g_assert_true (gj_undo_undo (f->undo, 0, &message, &error));
  g_assert_no_error (error);
  /* Out of a terminal stage: only an undo makes this move, and says so. */
  g_assert_nonnull (strstr (message, "only as an undo"));
  back = reread (f, inc);
  for (guint i = 0; i < inc->kind->n_fields; i++)
    if (!(inc->kind->fields[i].flags & GJ_FIELD_FLAG_INTERNAL))
      g_assert_true (gj_value_equal (&back->values[i], &inc->values[i]));
  g_assert_null (gj_record_get_text (back, "closed_on"));
  g_clear_pointer (&message, g_free);

  /* A move the workflow allows both ways (evaluating ↔ incubating) says
   * nothing more. */
  move (f, inc->id, "evaluating");
  g_assert_true (gj_undo_undo (f->undo, 0, &message, &error));
  g_assert_no_error (error);
  g_assert_null (strstr (message, "only as an undo"));
}

static void
test_stage_stamped_dates (Fixture       *f,
                          gconstpointer  data)
{
  g_autoptr(GjRecord) inc = first (f, "incubation", "stage", "incubating");
  g_autoptr(GjRecord) changes = gj_record_new_for ("incubation");
  g_autoptr(GjRecord) back = NULL;
  g_autoptr(GError) error = NULL;

  /* An incubation that has only applied, with its dates as they were. */
  changes->id = g_strdup (inc->id);
  gj_record_set_text (changes, "stage", "applied");
  gj_record_set_text (changes, "applied_on", "2026-01-05");
  gj_record_set_text (changes, "stage_since", "2026-01-05");
  gj_record_set_null (changes, "admitted_on");
  g_assert_true (gj_session_update (f->session, changes, GJ_WRITE_REOPEN, &error));
  g_assert_no_error (error);

  move (f, inc->id, "admitted");
  g_assert_true (gj_undo_undo (f->undo, 0, NULL, &error));
  g_assert_no_error (error);
  back = reread (f, inc);
  g_assert_cmpstr (gj_record_get_text (back, "stage"), ==, "applied");
  g_assert_cmpstr (gj_record_get_text (back, "stage_since"), ==, "2026-01-05");
  g_assert_cmpstr (gj_record_get_text (back, "applied_on"), ==, "2026-01-05");
  g_assert_null (gj_record_get_text (back, "admitted_on"));
}

/* A field the move changed was changed again since (an edit, or a sync
 * applying a colleague's): the undo refuses and leaves the newer value. */
static void
test_changed_since (Fixture       *f,
                    gconstpointer  data)
{
  g_autoptr(GjRecord) inc = first (f, "incubation", "stage", "incubating");
  g_autoptr(GjRecord) changes = gj_record_new_for ("incubation");
  g_autoptr(GjRecord) now = NULL;
  g_autoptr(GError) error = NULL;

  move (f, inc->id, "evaluating");
  changes->id = g_strdup (inc->id);
  gj_record_set_text (changes, "stage_since", "2026-11-30");
  g_assert_true (gj_session_update (f->session, changes, GJ_WRITE_NONE, &error));
  g_assert_no_error (error);

  g_assert_false (gj_undo_undo (f->undo, 0, NULL, &error));
  g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_READ_ONLY);
  g_clear_error (&error);
  now = reread (f, inc);
  g_assert_cmpstr (gj_record_get_text (now, "stage"), ==, "evaluating");
  g_assert_cmpstr (gj_record_get_text (now, "stage_since"), ==, "2026-11-30");
  g_clear_pointer (&now, gj_record_unref);

  /* A change to a field the move left alone does not stand in the way. */
  move (f, inc->id, "incubating");
  g_clear_pointer (&changes, gj_record_unref);
  changes = gj_record_new_for ("incubation");
  changes->id = g_strdup (inc->id);
  gj_record_set_text (changes, "mentor", "A new mentor");
  g_assert_true (gj_session_update (f->session, changes, GJ_WRITE_NONE, &error));
  g_assert_true (gj_undo_undo (f->undo, 0, NULL, &error));
  g_assert_no_error (error);
  now = reread (f, inc);
  g_assert_cmpstr (gj_record_get_text (now, "stage"), ==, "evaluating");
  g_assert_cmpstr (gj_record_get_text (now, "mentor"), ==, "A new mentor");
  g_clear_pointer (&now, gj_record_unref);

  /* Deleted since: nothing is undone. */
  move (f, inc->id, "incubating");
  g_assert_true (gj_session_delete (f->session, inc->kind, inc->id, &error));
  g_assert_false (gj_undo_undo (f->undo, 0, NULL, &error));
  g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_READ_ONLY);
  now = reread (f, inc);
  g_assert_true (gj_record_is_deleted (now));
}

/* A toast's Undo names its own entry, whatever came after it. */
static void
test_serials (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GjRecord) org = first (f, "organization", NULL, NULL);
  g_autoptr(GjRecord) inc = first (f, "incubation", "stage", "incubating");
  g_autoptr(GjRecord) now = NULL;
  g_autoptr(GError) error = NULL;
  g_autoptr(GjRecord) same = gj_record_new_for ("incubation");
  guint deleted, moved;

  g_assert_true (gj_undo_delete (f->undo, org->kind, org->id, &error));
  deleted = f->pushed;
  move (f, inc->id, "evaluating");
  moved = f->pushed;
  g_assert_cmpuint (moved, >, deleted);

  g_assert_true (gj_undo_undo (f->undo, deleted, NULL, &error));
  g_assert_no_error (error);
  now = reread (f, org);
  g_assert_false (gj_record_is_deleted (now));
  g_assert_cmpuint (gj_undo_peek (f->undo), ==, moved);
  g_assert_false (gj_undo_undo (f->undo, deleted, NULL, &error));
  g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_NOT_FOUND);
  g_clear_error (&error);

  /* A write that changes nothing is not an entry. */
  same->id = g_strdup (inc->id);
  gj_record_set_text (same, "stage", "evaluating");
  f->pushed = 0;
  g_assert_true (gj_undo_update (f->undo, same, GJ_WRITE_NONE, "same", &error));
  g_assert_cmpuint (f->pushed, ==, 0);
  g_assert_cmpuint (gj_undo_get_n_entries (f->undo), ==, 1);
}

static void
test_bounded (Fixture       *f,
              gconstpointer  data)
{
  g_autoptr(GjRecord) inc = first (f, "incubation", "stage", "incubating");
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < GJ_UNDO_MAX_ENTRIES + 5; i++)
    move (f, inc->id, i % 2 == 0 ? "evaluating" : "incubating");
  g_assert_cmpuint (gj_undo_get_n_entries (f->undo), ==, GJ_UNDO_MAX_ENTRIES);
  for (guint i = 0; i < GJ_UNDO_MAX_ENTRIES; i++)
    {
      g_assert_true (gj_undo_undo (f->undo, 0, NULL, &error));
      g_assert_no_error (error);
    }
  g_assert_cmpuint (gj_undo_get_n_entries (f->undo), ==, 0);
}

static void
test_deleted_list (Fixture       *f,
                   gconstpointer  data)
{
  g_autoptr(GjRecord) org = first (f, "organization", NULL, NULL);
  g_autoptr(GjRecord) unit = first (f, "unit", NULL, NULL);
  g_autoptr(GjRecord) project = first (f, "project", NULL, NULL);
  gint64 start = g_get_real_time () / G_USEC_PER_SEC - 1;
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  GjDeletedItem *item;
  g_autofree char *where = NULL;

  items = gj_store_list_deleted (f->store, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, 0);
  g_clear_pointer (&items, g_ptr_array_unref);

  g_assert_true (gj_session_delete (f->session, org->kind, org->id, &error));
  g_usleep (2 * G_USEC_PER_SEC);
  g_assert_true (gj_session_delete (f->session, unit->kind, unit->id, &error));
  g_assert_true (gj_session_delete (f->session, project->kind, project->id, &error));
  g_assert_no_error (error);

  items = gj_store_list_deleted (f->store, start, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, 3);
  /* Newest first: the organization went two seconds before the others. */
  item = g_ptr_array_index (items, 2);
  g_assert_true (item->kind == org->kind);
  g_assert_cmpstr (item->id, ==, org->id);
  g_assert_cmpstr (item->title, ==, gj_record_get_text (org, "name"));
  g_assert_true (item->here);
  g_assert_cmpstr (item->site, ==, gj_store_get_site_id (f->store));
  g_assert_cmpint (item->deleted_at, >=, start);
  g_assert_cmpint (item->deleted_at, <=, g_get_real_time () / G_USEC_PER_SEC);
  where = gj_deleted_item_describe (item);
  g_assert_nonnull (strstr (where, "this device"));
  g_assert_cmpint (((GjDeletedItem *) g_ptr_array_index (items, 0))->deleted_at, >,
                   item->deleted_at);
  g_clear_pointer (&items, g_ptr_array_unref);

  /* Bounded by count and by time. */
  items = gj_store_list_deleted (f->store, start, 2, &error);
  g_assert_cmpuint (items->len, ==, 2);
  g_clear_pointer (&items, g_ptr_array_unref);
  items = gj_store_list_deleted (f->store, g_get_real_time () / G_USEC_PER_SEC + 60, 0, &error);
  g_assert_cmpuint (items->len, ==, 0);
  g_clear_pointer (&items, g_ptr_array_unref);

  /* Restored: off the list. */
  g_assert_true (gj_session_undelete (f->session, org->kind, org->id, &error));
  items = gj_store_list_deleted (f->store, start, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, 2);
  for (guint i = 0; i < items->len; i++)
    g_assert_cmpstr (((GjDeletedItem *) g_ptr_array_index (items, i))->id, !=, org->id);
}

/* Copies every change of @from after @cursor into @to, as a sync does. */
static void
exchange (GjStore  *from,
          GjStore  *to,
          GjCursor *cursor)
{
  for (;;)
    {
      g_autoptr(GError) error = NULL;
      g_autoptr(GPtrArray) cells = NULL;
      GjApplyResult r;
      GjCursor next;

      cells = gj_store_changes_since (from, cursor, 500, &next, &error);
      g_assert_no_error (error);
      if (cells->len == 0)
        return;
      g_assert_true (gj_store_apply (to, cells, &r, &error));
      g_assert_no_error (error);
      *cursor = next;
    }
}

/* A colleague's laptop: a copy of the fixture's store by sync. */
static GjStore *
colleague (Fixture  *f,
           GjCursor *to_colleague)
{
  GjStore *other = gj_test_store_new ();

  exchange (f->store, other, to_colleague);
  return other;
}

/* A change that arrived by sync since the move stands too. */
static void
test_changed_by_sync (Fixture       *f,
                      gconstpointer  data)
{
  g_autoptr(GjRecord) inc = first (f, "incubation", "stage", "incubating");
  GjCursor out = GJ_CURSOR_INIT, in = GJ_CURSOR_INIT;
  g_autoptr(GjStore) other = NULL;
  g_autoptr(GjRecord) changes = gj_record_new_for ("incubation");
  g_autoptr(GjRecord) now = NULL;
  g_autoptr(GError) error = NULL;

  move (f, inc->id, "evaluating");
  other = colleague (f, &out);
  changes->id = g_strdup (inc->id);
  gj_record_set_text (changes, "stage", "graduated");
  g_assert_true (gj_store_update (other, changes, GJ_WRITE_NONE, &error));
  g_assert_no_error (error);
  exchange (other, f->store, &in);

  g_assert_false (gj_undo_undo (f->undo, 0, NULL, &error));
  g_assert_error (error, GJ_DATA_ERROR, GJ_DATA_ERROR_READ_ONLY);
  now = reread (f, inc);
  g_assert_cmpstr (gj_record_get_text (now, "stage"), ==, "graduated");
}

/* Deletes made on a colleague's laptop are listed once they arrive, with
 * that device. */
static void
test_deleted_by_colleague (Fixture       *f,
                           gconstpointer  data)
{
  g_autoptr(GjRecord) org = first (f, "organization", NULL, NULL);
  GjCursor out = GJ_CURSOR_INIT, in = GJ_CURSOR_INIT;
  g_autoptr(GjStore) other = colleague (f, &out);
  g_autoptr(GPtrArray) items = NULL;
  g_autoptr(GError) error = NULL;
  g_autofree char *where = NULL;
  g_autofree char *device = NULL;
  GjDeletedItem *item;

  g_assert_true (gj_store_delete (other, org->kind, org->id, &error));
  g_assert_no_error (error);
  exchange (other, f->store, &in);

  items = gj_store_list_deleted (f->store, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (items->len, ==, 1);
  item = g_ptr_array_index (items, 0);
  g_assert_cmpstr (item->id, ==, org->id);
  g_assert_false (item->here);
  g_assert_cmpstr (item->site, ==, gj_store_get_site_id (other));
  where = gj_deleted_item_describe (item);
  device = g_strdup_printf ("device %.8s", gj_store_get_site_id (other));
  g_assert_nonnull (strstr (where, device));
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);

#define ADD(path, func) \
  g_test_add (path, Fixture, NULL, fixture_set_up, func, fixture_tear_down)
  ADD ("/undo/delete", test_delete);
  ADD ("/undo/delete-restored-since", test_delete_restored_since);
  ADD ("/undo/stage-move", test_stage_move);
  ADD ("/undo/stage-stamped-dates", test_stage_stamped_dates);
  ADD ("/undo/changed-since", test_changed_since);
  ADD ("/undo/serials", test_serials);
  ADD ("/undo/bounded", test_bounded);
  ADD ("/undo/changed-by-sync", test_changed_by_sync);
  ADD ("/deleted/list", test_deleted_list);
  ADD ("/deleted/by-colleague", test_deleted_by_colleague);
#undef ADD
  return g_test_run ();
}
