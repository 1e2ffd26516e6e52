/* test-sync-property.c: random edits on three replicas always converge
 *
 * Each case runs a random sequence of creates, updates, deletes and
 * restores on three in-memory replicas, interleaved with exchanges of
 * random pages between random pairs, in random order, with pages sent
 * again (duplicates) and cursors rewound. After a final exchange every
 * replica must hold the same records with the same cell clocks, and the
 * same set of conflicts.
 *
 * GJ_PROPERTY_CASES overrides the number of cases (default 1000);
 * GJ_PROPERTY_SEED the first seed.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <string.h>

#include "gj-store.h"

#define N_REPLICAS 3

typedef struct
{
  GjStore   *store[N_REPLICAS];
  GjCursor   cursor[N_REPLICAS][N_REPLICAS];
  GPtrArray *ids;   /* ids of organizations created anywhere */
  GRand     *rand;
} World;

static const char *names[] = { "银龄互助会", "邻里调解队", "广场舞协会", "书画社", "助残服务队",
                               "青少年成长营", "巾帼志愿队", "老年大学" };
static const char *categories[] = { "elderly_care", "public_service", "charity", "harmony",
                                    "culture_sports", "life_service", "mediation", "other" };
static const char *leaders[] = { "张伟", "王芳", "李娜", "刘洋", "陈静", "杨磊" };

static guint total_conflicts;
static guint total_deleted_conflicts;

static void
op_create (World *w,
           guint  r)
{
  g_autoptr(GjRecord) rec = gj_record_new_for ("organization");
  g_autoptr(GError) error = NULL;

  gj_record_set_text (rec, "name", names[g_rand_int_range (w->rand, 0, G_N_ELEMENTS (names))]);
  gj_record_set_text (rec, "category",
                      categories[g_rand_int_range (w->rand, 0, G_N_ELEMENTS (categories))]);
  gj_record_set_text (rec, "legal_form", "community_filed");
  gj_record_set_int (rec, "members", g_rand_int_range (w->rand, 1, 200));
  g_assert_true (gj_store_insert (w->store[r], rec, &error));
  g_assert_no_error (error);
  g_ptr_array_add (w->ids, g_strdup (rec->id));
}

static void
op_update (World *w,
           guint  r)
{
  g_autoptr(GjRecord) rec = gj_record_new_for ("organization");
  g_autoptr(GError) error = NULL;
  const char *id = g_ptr_array_index (w->ids, g_rand_int_range (w->rand, 0, w->ids->len));
  g_autoptr(GjRecord) current = gj_store_get (w->store[r], rec->kind, id, NULL);

  /* A replica can only edit what it has received. */
  if (current == NULL || gj_record_is_deleted (current))
    return;
  rec->id = g_strdup (id);
  switch (g_rand_int_range (w->rand, 0, 4))
    {
    case 0:
      gj_record_set_text (rec, "leader", leaders[g_rand_int_range (w->rand, 0, G_N_ELEMENTS (leaders))]);
      break;
    case 1:
      gj_record_set_int (rec, "members", g_rand_int_range (w->rand, 1, 5));
      break;
    case 2:
      gj_record_set_text (rec, "category",
                          categories[g_rand_int_range (w->rand, 0, G_N_ELEMENTS (categories))]);
      break;
    default:
      gj_record_set_bool (rec, "brand", g_rand_boolean (w->rand));
      break;
    }
  g_assert_true (gj_store_update (w->store[r], rec, GJ_WRITE_NONE, &error));
  g_assert_no_error (error);
}

static void
op_delete (World    *w,
           guint     r,
           gboolean  deleted)
{
  g_autoptr(GError) error = NULL;
  const GjKind *kind = gj_schema_lookup ("organization");
  const char *id = g_ptr_array_index (w->ids, g_rand_int_range (w->rand, 0, w->ids->len));
  g_autoptr(GjRecord) current = gj_store_get (w->store[r], kind, id, NULL);

  if (current == NULL)
    return;
  if (deleted)
    g_assert_true (gj_store_delete (w->store[r], kind, id, &error));
  else
    g_assert_true (gj_store_undelete (w->store[r], kind, id, &error));
  g_assert_no_error (error);
}

/* Sends one page from @a to @b. Sometimes the page is applied twice, and
 * sometimes the cursor is not advanced, as if the acknowledgement was lost. */
static gboolean
send_page (World *w,
           guint  a,
           guint  b,
           guint  page)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cells = NULL;
  GjCursor next;

  cells = gj_store_changes_since (w->store[a], &w->cursor[a][b], page, &next, &error);
  g_assert_no_error (error);
  if (cells->len == 0)
    return FALSE;
  g_assert_true (gj_store_apply (w->store[b], cells, NULL, &error));
  g_assert_no_error (error);
  if (g_rand_int_range (w->rand, 0, 8) == 0)
    {
      g_assert_true (gj_store_apply (w->store[b], cells, NULL, &error));
      g_assert_no_error (error);
    }
  if (g_rand_int_range (w->rand, 0, 6) != 0)
    w->cursor[a][b] = next;
  return TRUE;
}

static void
settle (World *w)
{
  /* Exchange between all pairs until a whole round moves nothing: conflict
   * records created while merging need rounds of their own to spread. */
  for (guint round = 0; round < 20; round++)
    {
      gint64 before[N_REPLICAS];
      gboolean moved = FALSE;

      for (guint r = 0; r < N_REPLICAS; r++)
        before[r] = gj_store_get_version (w->store[r]);
      for (guint a = 0; a < N_REPLICAS; a++)
        for (guint b = 0; b < N_REPLICAS; b++)
          if (a != b)
            {
              while (send_page (w, a, b, 64))
                ;
            }
      for (guint r = 0; r < N_REPLICAS; r++)
        moved |= before[r] != gj_store_get_version (w->store[r]);
      if (!moved)
        return;
    }
  g_assert_not_reached ();
}

static char *
conflict_set (GjStore *store)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) list = NULL;
  GString *out = g_string_new (NULL);
  GjQuery q = { .sort_field = "id", .include_deleted = TRUE };

  list = gj_store_list (store, gj_schema_lookup ("conflict"), &q, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < list->len; i++)
    {
      GjRecord *c = list->pdata[i];

      g_string_append_printf (out, "%s %s %s %s lost=%s@%" G_GINT64_FORMAT "\n", c->id,
                              gj_record_get_text (c, "record_id"), gj_record_get_text (c, "field"),
                              gj_record_get_text (c, "reason"),
                              gj_record_get_text (c, "lost_value") ?: "NULL",
                              gj_record_get_int (c, "lost_clock"));
      total_conflicts++;
      if (g_strcmp0 (gj_record_get_text (c, "reason"), "deleted") == 0)
        total_deleted_conflicts++;
    }
  return g_string_free (out, FALSE);
}

static void
run_case (guint32 seed)
{
  World w = { 0, };
  g_autofree char *dump0 = NULL;
  g_autofree char *conf0 = NULL;
  guint n_ops;

  w.rand = g_rand_new_with_seed (seed);
  w.ids = g_ptr_array_new_with_free_func (g_free);
  for (guint r = 0; r < N_REPLICAS; r++)
    {
      g_autoptr(GError) error = NULL;
      w.store[r] = gj_store_open (":memory:", &error);
      g_assert_no_error (error);
    }

  n_ops = g_rand_int_range (w.rand, 5, 40);
  for (guint i = 0; i < n_ops; i++)
    {
      guint r = g_rand_int_range (w.rand, 0, N_REPLICAS);
      guint what = g_rand_int_range (w.rand, 0, 100);

      if (w.ids->len == 0 || what < 20)
        op_create (&w, r);
      else if (what < 60)
        op_update (&w, r);
      else if (what < 68)
        op_delete (&w, r, TRUE);
      else if (what < 72)
        op_delete (&w, r, FALSE);
      else
        {
          guint a = g_rand_int_range (w.rand, 0, N_REPLICAS);
          guint b = (a + g_rand_int_range (w.rand, 1, N_REPLICAS)) % N_REPLICAS;

          send_page (&w, a, b, g_rand_int_range (w.rand, 1, 12));
          /* Rewind as if the receiver had lost its last saved cursor. */
          if (g_rand_int_range (w.rand, 0, 10) == 0)
            {
              GjCursor *c = &w.cursor[a][b];
              c->floor = g_rand_int_range (w.rand, 0, c->floor + 1);
              c->pos = c->floor;
            }
        }
    }

  settle (&w);

  for (guint r = 0; r < N_REPLICAS; r++)
    {
      g_autoptr(GError) error = NULL;
      g_autofree char *dump = gj_store_dump (w.store[r], &error);
      g_autofree char *conf = conflict_set (w.store[r]);

      g_assert_no_error (error);
      if (r == 0)
        {
          dump0 = g_steal_pointer (&dump);
          conf0 = g_steal_pointer (&conf);
          continue;
        }
      if (g_strcmp0 (dump0, dump) != 0 || g_strcmp0 (conf0, conf) != 0)
        {
          g_test_message ("seed %u: replica %u differs from replica 0", seed, r);
          g_assert_cmpstr (dump0, ==, dump);
          g_assert_cmpstr (conf0, ==, conf);
        }
    }

  for (guint r = 0; r < N_REPLICAS; r++)
    g_object_unref (w.store[r]);
  g_ptr_array_unref (w.ids);
  g_rand_free (w.rand);
}

static void
test_converge (void)
{
  const char *env_cases = g_getenv ("GJ_PROPERTY_CASES");
  const char *env_seed = g_getenv ("GJ_PROPERTY_SEED");
  guint cases = env_cases ? (guint) g_ascii_strtoull (env_cases, NULL, 10) : 1000;
  guint32 first = env_seed ? (guint32) g_ascii_strtoull (env_seed, NULL, 10) : 1;

  for (guint i = 0; i < cases; i++)
    run_case (first + i);

  /* The generator must actually produce conflicts of both kinds, or the
   * test would say nothing about them. */
  g_test_message ("%u cases, %u conflict records compared (%u edit-after-delete)", cases,
                  total_conflicts, total_deleted_conflicts);
  if (cases >= 100)
    {
      g_assert_cmpuint (total_conflicts, >, 0);
      g_assert_cmpuint (total_deleted_conflicts, >, 0);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/sync/property/converge", test_converge);
  return g_test_run ();
}
