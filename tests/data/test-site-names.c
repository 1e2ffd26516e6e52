/* test-site-names.c: devices' names in histories (gj-site-names.c)
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>

#include "gj-deleted.h"
#include "gj-site-names.h"
#include "gj-store-history.h"
#include "gj-store-sync.h"
#include "gj-test-store.h"

/* Everything @from holds, applied to @to as a peer's page would be. */
static void
copy_changes (GjStore *from,
              GjStore *to)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) cells = NULL;
  GjCursor zero = GJ_CURSOR_INIT, next;

  cells = gj_store_changes_since (from, &zero, 10000, &next, &error);
  g_assert_no_error (error);
  g_assert_true (gj_store_apply (to, cells, NULL, &error));
  g_assert_no_error (error);
}

static void
test_valid (void)
{
  g_assert_true (gj_site_name_is_valid ("wang-laptop"));
  g_assert_true (gj_site_name_is_valid ("王芳的笔记本"));
  g_assert_true (gj_site_name_is_valid ("a b"));
  g_assert_false (gj_site_name_is_valid (NULL));
  g_assert_false (gj_site_name_is_valid (""));
  g_assert_false (gj_site_name_is_valid ("  "));
  g_assert_false (gj_site_name_is_valid ("a\tb"));
  g_assert_false (gj_site_name_is_valid ("a\x7f" "b"));
  g_assert_false (gj_site_name_is_valid ("a\xc2\x85" "b"));     /* NEL */
  g_assert_false (gj_site_name_is_valid ("a\xe2\x80\xae" "b")); /* right-to-left override */
  g_assert_false (gj_site_name_is_valid ("a\xe2\x80\xa8" "b")); /* line separator */
  g_assert_false (gj_site_name_is_valid ("\xff\xfe"));
  /* 64 characters of 3 bytes each are a name; 65 are not. */
  {
    g_autoptr(GString) s = g_string_new (NULL);

    for (int i = 0; i < GJ_SITE_NAME_MAX_CHARS; i++)
      g_string_append (s, "笔");
    g_assert_true (gj_site_name_is_valid (s->str));
    g_string_append (s, "笔");
    g_assert_false (gj_site_name_is_valid (s->str));
  }
}

/* A colleague's change and delete show its device's name once one is
 * known, the short id before; the name outlives the store being closed;
 * this device is never renamed by a peer. */
static void
test_history_names (void)
{
  g_autofree char *dir = NULL;
  g_autofree char *path = gj_test_db_path (&dir);
  g_autoptr(GError) error = NULL;
  g_autoptr(GjStore) a = gj_test_store_new ();
  g_autoptr(GjStore) b = gj_store_open (path, &error);
  g_autoptr(GPtrArray) entries = NULL;
  g_autoptr(GPtrArray) deleted = NULL;
  g_autofree char *id = NULL;
  g_autofree char *own = NULL;
  g_autofree char *text = NULL;
  const GjKind *org = gj_schema_lookup ("organization");
  char site_a[GJ_SITE_ID_LEN + 1];

  g_assert_no_error (error);
  g_strlcpy (site_a, gj_store_get_site_id (a), sizeof site_a);
  id = gj_test_add (a, "organization", "name", "甲社", "legal_form", "social_group",
                    "category", "charity", NULL);
  copy_changes (a, b);

  entries = gj_store_history (b, org, id, 0, NULL, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (entries->len, >, 0);
  for (guint i = 0; i < entries->len; i++)
    {
      GjHistoryEntry *e = g_ptr_array_index (entries, i);

      g_assert_cmpstr (e->site, ==, site_a);
      g_assert_null (e->name);
    }
  g_clear_pointer (&entries, g_ptr_array_unref);

  /* Bad names change nothing, and are not errors. */
  g_assert_true (gj_store_set_site_name (b, site_a, "bad\nname", &error));
  g_assert_true (gj_store_set_site_name (b, "not-a-site", "name", &error));
  g_assert_true (gj_store_set_site_name (b, gj_store_get_site_id (b), "someone else", &error));
  g_assert_no_error (error);
  g_assert_null (gj_store_dup_site_name (b, site_a));

  g_assert_true (gj_store_set_site_name (b, site_a, "旧名字", &error));
  g_assert_true (gj_store_set_site_name (b, site_a, "王芳的笔记本", &error));
  g_assert_no_error (error);
  entries = gj_store_history (b, org, id, 0, NULL, &error);
  g_assert_no_error (error);
  for (guint i = 0; i < entries->len; i++)
    g_assert_cmpstr (((GjHistoryEntry *) g_ptr_array_index (entries, i))->name, ==,
                     "王芳的笔记本");
  g_clear_pointer (&entries, g_ptr_array_unref);

  /* This device goes by GJ_DEVICE_NAME, read in one place. */
  g_setenv ("GJ_DEVICE_NAME", "李娜-laptop", TRUE);
  own = gj_store_dup_site_name (b, gj_store_get_site_id (b));
  g_assert_cmpstr (own, ==, "李娜-laptop");
  g_assert_cmpstr (gj_device_name (), ==, "李娜-laptop");
  g_setenv ("GJ_DEVICE_NAME", "bad\x01", TRUE);
  g_assert_cmpstr (gj_device_name (), ==, g_get_host_name ());
  g_unsetenv ("GJ_DEVICE_NAME");

  /* Deleted on A: B's list of deleted records names A. */
  g_assert_true (gj_store_delete (a, org, id, &error));
  g_assert_no_error (error);
  copy_changes (a, b);
  g_clear_object (&b);
  b = gj_store_open (path, &error);
  g_assert_no_error (error);
  deleted = gj_store_list_deleted (b, 0, 0, &error);
  g_assert_no_error (error);
  g_assert_cmpuint (deleted->len, ==, 1);
  g_assert_cmpstr (((GjDeletedItem *) g_ptr_array_index (deleted, 0))->site_name, ==,
                   "王芳的笔记本");
  text = gj_deleted_item_describe (g_ptr_array_index (deleted, 0));
  g_assert_nonnull (strstr (text, "王芳的笔记本"));

  g_clear_object (&b);
  gj_test_db_remove (dir, path);
}

static void
test_describe (void)
{
  g_autofree char *here = gj_site_describe (TRUE, "0123456789abcdef0123456789abcdef", "x");
  g_autofree char *named = gj_site_describe (FALSE, "0123456789abcdef0123456789abcdef", "x");
  g_autofree char *unnamed = gj_site_describe (FALSE, "0123456789abcdef0123456789abcdef", NULL);

  g_assert_cmpstr (here, ==, "this device");
  g_assert_cmpstr (named, ==, "x");
  g_assert_cmpstr (unnamed, ==, "device 01234567");
}

int
main (int   argc,
      char *argv[])
{
  g_setenv ("LANGUAGE", "C", TRUE);
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/site-names/valid", test_valid);
  g_test_add_func ("/site-names/history", test_history_names);
  g_test_add_func ("/site-names/describe", test_describe);
  return g_test_run ();
}
