/* test-merge.c: the per-cell merge rule on its own (DESIGN.md §5)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "gj-merge.h"

#define A "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"
#define B "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb"

static void
test_order (void)
{
  GjWrite none = { 0, A, 0 };
  GjWrite old = { 10, A, 0 }, newer = { 11, A, 0 }, tie_b = { 10, B, 0 };
  GjMergeOutcome m;

  m = gj_merge_cell (NULL, &old, FALSE, TRUE);
  g_assert_true (m.take && !m.conflict);
  m = gj_merge_cell (&none, &old, FALSE, TRUE);
  g_assert_true (m.take && !m.conflict);
  g_assert_true (gj_merge_cell (&old, &newer, FALSE, FALSE).take);
  g_assert_false (gj_merge_cell (&newer, &old, FALSE, FALSE).take);
  /* Same clock: the site id breaks the tie, the same way on both sides. */
  g_assert_true (gj_merge_cell (&old, &tie_b, FALSE, FALSE).take);
  g_assert_false (gj_merge_cell (&tie_b, &old, FALSE, FALSE).take);
  /* The same write again changes nothing. */
  m = gj_merge_cell (&old, &old, FALSE, TRUE);
  g_assert_true (!m.take && !m.conflict);
}

static void
test_conflicts (void)
{
  GjWrite a = { 10, A, 0 };
  GjWrite b_blind = { 12, B, 0 };    /* B wrote without having seen A's value */
  GjWrite b_seen = { 12, B, 10 };    /* B overwrote A's value knowingly */
  GjWrite a_later = { 13, A, 0 };
  GjMergeOutcome m;

  m = gj_merge_cell (&a, &b_blind, FALSE, TRUE);
  g_assert_true (m.take && m.conflict);
  /* Whichever side holds which, the verdict is the same. */
  m = gj_merge_cell (&b_blind, &a, FALSE, TRUE);
  g_assert_true (!m.take && m.conflict);
  m = gj_merge_cell (&a, &b_seen, FALSE, TRUE);
  g_assert_true (m.take && !m.conflict);
  m = gj_merge_cell (&b_seen, &a, FALSE, TRUE);
  g_assert_true (!m.take && !m.conflict);
  /* Equal values, the same device, or a kind without conflicts: none. */
  g_assert_false (gj_merge_cell (&a, &b_blind, TRUE, TRUE).conflict);
  g_assert_false (gj_merge_cell (&a, &a_later, FALSE, TRUE).conflict);
  g_assert_false (gj_merge_cell (&a, &b_blind, FALSE, FALSE).conflict);
}

/* Applying the same writes in every order ends with the same winner: the
 * rule is a total order, so the merge converges. */
static void
test_converges (void)
{
  GRand *rand = g_rand_new_with_seed (42);

  for (guint round = 0; round < 2000; round++)
    {
      GjWrite w[4];
      const char *sites[] = { A, B };
      const GjWrite *first_winner = NULL;
      guint perm[4] = { 0, 1, 2, 3 };

      for (guint i = 0; i < 4; i++)
        {
          w[i].hlc = 1 + g_rand_int_range (rand, 0, 4);
          w[i].site = sites[g_rand_int_range (rand, 0, 2)];
          w[i].seen = g_rand_int_range (rand, 0, (gint32) w[i].hlc);
        }
      for (guint p = 0; p < 24; p++)
        {
          const GjWrite *held = NULL;

          /* The next permutation, by swapping (enough to visit many orders). */
          guint x = p % 4, y = (p / 4) % 4;
          guint t = perm[x];
          perm[x] = perm[y];
          perm[y] = t;
          for (guint i = 0; i < 4; i++)
            if (gj_merge_cell (held, &w[perm[i]], FALSE, FALSE).take)
              held = &w[perm[i]];
          if (first_winner == NULL)
            first_winner = held;
          g_assert_cmpuint (held->hlc, ==, first_winner->hlc);
          g_assert_cmpstr (held->site, ==, first_winner->site);
        }
    }
  g_rand_free (rand);
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/merge/order", test_order);
  g_test_add_func ("/merge/conflicts", test_conflicts);
  g_test_add_func ("/merge/converges", test_converges);
  return g_test_run ();
}
