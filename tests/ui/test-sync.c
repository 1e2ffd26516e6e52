/* test-sync.c: the Sync page as people use it, in Chinese
 *
 * A district server runs in this process on 127.0.0.1; the app enrols on
 * it through the page's form, syncs, shows a conflict made by a second
 * laptop and keeps the other value in one click; then a colleague's laptop
 * pairs with it over loopback, the code in the app's dialog matching the
 * colleague's, and syncs directly. Records that did not sync are listed
 * with their reason and open in the editor; a wrong clock is said.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gi18n.h>
#include <glib/gstdio.h>

#include "gj-application.h"
#include "gj-client.h"
#include "gj-duplicates.h"
#include "gj-format.h"
#include "gj-hlc.h"
#include "gj-identity.h"
#include "gj-pairing.h"
#include "gj-record-editor.h"
#include "gj-server.h"
#include "gj-store-sync.h"
#include "gj-sync-conflicts.h"
#include "gj-sync-duplicates.h"
#include "gj-sync-error.h"
#include "gj-sync-page.h"
#include "gj-sync-problems.h"
#include "gj-test-util.h"
#include "gj-window.h"

typedef struct
{
  char          *dir;
  char          *path;
  GjApplication *app;
  GjWindow      *window;
  GjSession     *session;
  GjSyncPage    *page;
  GjServer      *server;
  char          *url;
} Fixture;

static Fixture fixture;

static GtkWidget *
find_widget (GtkWidget *root,
             GType      type)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type))
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_widget (c, type);
      if (found)
        return found;
    }
  return NULL;
}

static GtkWidget *
child (const char *name)
{
  return GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (fixture.page), GJ_TYPE_SYNC_PAGE,
                                                    name));
}

/* A child of one of the page's groups, which are widgets of their own. */
static GtkWidget *
group_child (const char *group,
             GType       group_type,
             const char *name)
{
  return GTK_WIDGET (gtk_widget_get_template_child (child (group), group_type, name));
}

/* Iterates the main loop until @done or @timeout_ms; the in-process
 * server answers the app's worker threads from here. */
static gboolean
agent_idle (gpointer data)
{
  return !gj_sync_agent_is_busy (gj_sync_page_get_agent (fixture.page));
}

static char *
street_name (GjStore *store)
{
  g_autoptr(GjRecord) street = gj_store_get (store, gj_schema_lookup ("street"),
                                             gj_store_get_street (store), NULL);

  return g_strdup (gj_record_get_title (street));
}

static void
fixture_set_up (void)
{
  Fixture *f = &fixture;
  g_autoptr(GError) error = NULL;
  g_autofree char *srv_dir = NULL;

  f->path = gj_test_demo_database ();
  f->dir = g_path_get_dirname (f->path);
  f->window = gj_test_start_app (f->path, &f->app);
  f->session = gj_window_get_session (f->window);
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1100, 900);
  gj_window_show_page (f->window, "sync");
  gj_test_settle (f->session, 5000);
  f->page = GJ_SYNC_PAGE (find_widget (GTK_WIDGET (f->window), GJ_TYPE_SYNC_PAGE));
  g_assert_nonnull (f->page);

  srv_dir = g_build_filename (f->dir, "server", NULL);
  f->server = gj_server_new (srv_dir, &error);
  g_assert_no_error (error);
  gj_server_listen (f->server, "127.0.0.1:0", &error);
  g_assert_no_error (error);
  f->url = g_strdup_printf ("https://127.0.0.1:%u", gj_server_get_port (f->server));
}

static void
fixture_tear_down (void)
{
  Fixture *f = &fixture;

  gj_test_stop_app (f->app, f->window);
  g_clear_object (&f->server);
  gj_test_remove_database (f->path);
  g_free (f->dir);
  g_free (f->path);
  g_free (f->url);
}

static gint64
count (GjStore    *store,
       const char *kind)
{
  g_autoptr(GPtrArray) all = gj_store_list (store, gj_schema_lookup (kind), NULL, NULL);

  return all ? (gint64) all->len : -1;
}

static void
save_shot (const char *name)
{
  gj_window_dismiss_toasts (fixture.window);
  gj_test_settle (fixture.session, 500);
  gj_test_save_screenshot (GTK_WIDGET (fixture.window), name, 0.97);
}

typedef struct
{
  GjStore    *store;
  GjIdentity *identity;
  const char *url;
  const char *token;
  gboolean    done;
  gboolean    ok;
  GError     *error;
} Enrol;

static gpointer
enrol_thread (gpointer data)
{
  Enrol *e = data;

  e->ok = gj_client_enroll (e->store, e->identity, e->url, e->token, &e->error);
  g_atomic_int_set (&e->done, TRUE);
  return NULL;
}

static gboolean
enrol_done (gpointer data)
{
  return g_atomic_int_get (&((Enrol *) data)->done);
}

/* The server answers from this thread's main loop. */
static gboolean
enroll_in_thread (GjStore     *store,
                  GjIdentity  *identity,
                  const char  *url,
                  const char  *token,
                  GError     **error)
{
  Enrol e = { store, identity, url, token, FALSE, FALSE, NULL };
  GThread *t = g_thread_new ("enrol", enrol_thread, &e);

  g_assert_true (gj_test_wait_until (enrol_done, &e, 60000));
  g_thread_join (t);
  if (e.error)
    g_propagate_error (error, e.error);
  return e.ok;
}

static void
test_enrol (void)
{
  Fixture *f = &fixture;
  GjStore *store = gj_session_get_store (f->session);
  g_autoptr(GError) error = NULL;
  g_autofree char *street = street_name (store);
  g_autofree char *token = gj_server_create_token (f->server, street, &error);
  g_autofree char *server_meta = NULL;

  g_assert_no_error (error);
  g_assert_true (gtk_widget_get_visible (child ("enroll_row")));
  g_assert_false (gtk_widget_get_visible (child ("server_row")));

  /* An empty token is refused on the field, and nothing is sent. */
  gtk_editable_set_text (GTK_EDITABLE (child ("url_row")), f->url);
  g_signal_emit_by_name (child ("enroll_button"), "clicked");
  g_assert_true (gtk_widget_has_css_class (child ("token_row"), "error"));
  g_assert_false (gj_sync_agent_is_busy (gj_sync_page_get_agent (f->page)));

  /* The address as people copy it, without https://. */
  gtk_editable_set_text (GTK_EDITABLE (child ("url_row")), f->url + strlen ("https://"));
  gtk_editable_set_text (GTK_EDITABLE (child ("token_row")), token);
  g_signal_emit_by_name (child ("enroll_button"), "clicked");
  g_assert_true (gj_test_wait_until (agent_idle, NULL, 60000));
  g_assert_null (gj_sync_agent_get_error (gj_sync_page_get_agent (f->page)));

  server_meta = gj_store_get_meta (store, "sync.server");
  g_assert_cmpstr (server_meta, ==, gj_identity_get_device_id (gj_server_get_identity (f->server)));
  g_assert_cmpint (count (gj_server_get_store (f->server), "organization"), ==,
                   count (store, "organization"));
  g_assert_true (gtk_widget_get_visible (child ("server_row")));
  g_assert_false (gtk_widget_get_visible (child ("enroll_row")));
  g_assert_cmpint (gj_sync_agent_get_last_sync (gj_sync_page_get_agent (f->page)), >, 0);
  g_assert_cmpint (gj_sync_agent_count_waiting (gj_sync_page_get_agent (f->page)), ==, 0);

  /* The same token a second time is refused, in words. */
  {
    g_autoptr(GjStore) other = NULL;
    g_autoptr(GjIdentity) id = NULL;
    g_autofree char *other_path = g_build_filename (f->dir, "reuse.db", NULL);
    g_autofree char *id_dir = gj_client_identity_dir (other_path);

    other = gj_store_open (other_path, &error);
    g_assert_no_error (error);
    id = gj_identity_load_or_create (id_dir, &error);
    g_assert_no_error (error);
    g_assert_false (enroll_in_thread (other, id, f->url, token, &error));
    g_message ("%s", error->message);
    g_assert_error (error, GJ_SYNC_ERROR, GJ_SYNC_ERROR_NOT_TRUSTED);
  }
}

typedef struct
{
  GjStore    *store;
  GjIdentity *identity;
} Laptop;

static void
laptop_open (Laptop     *l,
             const char *name)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *path = g_build_filename (fixture.dir, name, NULL);
  g_autofree char *id_dir = gj_client_identity_dir (path);

  l->store = gj_store_open (path, &error);
  g_assert_no_error (error);
  l->identity = gj_identity_load_or_create (id_dir, &error);
  g_assert_no_error (error);
}

static void
laptop_close (Laptop *l)
{
  g_clear_object (&l->store);
  g_clear_object (&l->identity);
}

typedef struct
{
  Laptop      *laptop;
  GjRegistry  *peers;
  const char  *url;
  gboolean     done;
  gboolean     ok;
  char        *code;
  char        *error;
} Job;

static gpointer
sync_thread (gpointer data)
{
  Job *job = data;
  g_autoptr(GError) error = NULL;

  job->ok = gj_client_sync (job->laptop->store, job->laptop->identity, NULL, &error);
  job->error = error ? g_strdup (error->message) : NULL;
  g_atomic_int_set (&job->done, TRUE);
  return NULL;
}

static gboolean
job_done (gpointer data)
{
  return g_atomic_int_get (&((Job *) data)->done);
}

/* The server lives in this thread's main loop: a laptop's sync runs in a
 * thread of its own while the loop turns. */
static void
laptop_sync (Laptop *l)
{
  Job job = { l, NULL, NULL, FALSE, FALSE, NULL, NULL };
  GThread *t = g_thread_new ("laptop-sync", sync_thread, &job);

  g_assert_true (gj_test_wait_until (job_done, &job, 60000));
  g_thread_join (t);
  if (!job.ok)
    g_error ("laptop sync: %s", job.error);
  g_free (job.error);
}

static gboolean
list_emptied (gpointer list)
{
  return gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 0) == NULL;
}

static void
test_conflict (void)
{
  Fixture *f = &fixture;
  GjStore *store = gj_session_get_store (f->session);
  g_autoptr(GError) error = NULL;
  g_autofree char *street = street_name (store);
  g_autofree char *token = gj_server_create_token (f->server, street, &error);
  g_autoptr(GPtrArray) orgs = gj_store_list (store, gj_schema_lookup ("organization"), NULL, NULL);
  g_autofree char *org = g_strdup (((GjRecord *) orgs->pdata[0])->id);
  g_autoptr(GjRecord) mine = gj_record_new (gj_schema_lookup ("organization"));
  g_autoptr(GjRecord) after = NULL;
  g_autoptr(GPtrArray) conflicts = NULL;
  g_autofree char *lost = NULL;
  GjFilter unresolved = { "resolved", "1", GJ_FILTER_NE };
  GjQuery q = { .filters = &unresolved, .n_filters = 1 };
  Laptop b = { 0, };
  GtkWidget *list, *row, *keep;

  /* A colleague's laptop enrols and takes the street's records. */
  laptop_open (&b, "b.db");
  enroll_in_thread (b.store, b.identity, f->url, token, &error);
  g_assert_no_error (error);
  laptop_sync (&b);

  /* Both change one organization's leader before syncing. */
  g_free (mine->id);
  mine->id = g_strdup (org);
  gj_record_set_text (mine, "leader", "甲本地");
  g_assert_true (gj_session_update (f->session, mine, 0, &error));
  {
    g_autoptr(GjRecord) theirs = gj_record_new (gj_schema_lookup ("organization"));
    g_free (theirs->id);
    theirs->id = g_strdup (org);
    gj_record_set_text (theirs, "leader", "乙同事");
    g_usleep (2000);
    g_assert_true (gj_store_update (b.store, theirs, 0, &error));
  }
  laptop_sync (&b);

  gtk_widget_activate_action (GTK_WIDGET (f->page), "sync.now", NULL);
  g_assert_true (gj_test_wait_until (agent_idle, NULL, 60000));
  g_assert_null (gj_sync_agent_get_error (gj_sync_page_get_agent (f->page)));

  conflicts = gj_store_list (store, gj_schema_lookup ("conflict"), &q, NULL);
  g_assert_cmpuint (conflicts->len, ==, 1);
  lost = g_strdup (gj_record_get_text (conflicts->pdata[0], "lost_value"));

  /* The page lists it with a button that keeps the other value. */
  save_shot ("17-sync-conflict");
  list = group_child ("conflicts_group", GJ_TYPE_SYNC_CONFLICTS, "conflicts_list");
  row = GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 0));
  g_assert_nonnull (row);
  g_assert_true (ADW_IS_ACTION_ROW (row));
  keep = find_widget (row, GTK_TYPE_BUTTON);
  g_assert_nonnull (keep);
  g_signal_emit_by_name (keep, "clicked");
  gj_test_settle (f->session, 500);

  after = gj_store_get (store, gj_schema_lookup ("organization"), org, &error);
  g_assert_no_error (error);
  g_assert_cmpstr (gj_record_get_text (after, "leader"), ==, lost);
  g_clear_pointer (&conflicts, g_ptr_array_unref);
  conflicts = gj_store_list (store, gj_schema_lookup ("conflict"), &q, NULL);
  g_assert_cmpuint (conflicts->len, ==, 0);
  g_assert_true (gj_test_wait_until (list_emptied, list, 10000));

  /* The kept-other value is a change like any other: it reaches B. */
  gtk_widget_activate_action (GTK_WIDGET (f->page), "sync.now", NULL);
  g_assert_true (gj_test_wait_until (agent_idle, NULL, 60000));
  laptop_sync (&b);
  {
    g_autoptr(GjRecord) on_b = gj_store_get (b.store, gj_schema_lookup ("organization"), org,
                                             &error);
    g_assert_cmpstr (gj_record_get_text (on_b, "leader"), ==, lost);
  }
  laptop_close (&b);
}

/* The first "Keep This One" button under @root (the oldest record). */
static GtkWidget *
find_keep_button (GtkWidget *root)
{
  if (GTK_IS_BUTTON (root) && g_object_get_data (G_OBJECT (root), "keep-id") != NULL)
    return root;
  for (GtkWidget *c = gtk_widget_get_first_child (root); c; c = gtk_widget_get_next_sibling (c))
    {
      GtkWidget *found = find_keep_button (c);
      if (found)
        return found;
    }
  return NULL;
}

static GjCell *remote_cell (const char *kind,
                            const char *row,
                            const char *field,
                            const char *text,
                            gint64      number);

static gboolean
duplicates_shown (gpointer data)
{
  return gtk_widget_get_visible (child ("duplicates_group"));
}

static gboolean
duplicates_hidden (gpointer data)
{
  return !duplicates_shown (data);
}

static void
test_duplicates (void)
{
  Fixture *f = &fixture;
  GjStore *store = gj_session_get_store (f->session);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) orgs = gj_store_list (store, gj_schema_lookup ("organization"), NULL, NULL);
  g_autoptr(GjRecord) twin = gj_record_new_for ("organization");
  g_autoptr(GPtrArray) dups = NULL;
  g_autoptr(GjRecord) gone = NULL;
  GjRecord *org = NULL;
  GtkWidget *duplicates, *expander, *keep;

  g_assert_false (gtk_widget_get_visible (child ("duplicates_group")));
  for (guint i = 0; i < orgs->len && org == NULL; i++)
    if (gj_record_get_text (orgs->pdata[i], "credit_code") != NULL)
      org = orgs->pdata[i];
  g_assert_nonnull (org);

  /* The same organization registered again, as another laptop would have:
   * its code arrives by sync, since this laptop refuses a code another
   * organization has. */
  gj_record_set_text (twin, "name", "重复登记的组织");
  gj_record_set_text (twin, "legal_form", gj_record_get_text (org, "legal_form"));
  gj_record_set_text (twin, "category", gj_record_get_text (org, "category"));
  gj_record_set_text (twin, "community_id", gj_record_get_text (org, "community_id"));
  g_assert_true (gj_session_insert (f->session, twin, &error));
  {
    g_autoptr(GPtrArray) page = g_ptr_array_new_with_free_func ((GDestroyNotify) gj_cell_free);
    GjApplyResult r;

    g_ptr_array_add (page, remote_cell ("organization", twin->id, "credit_code",
                                        gj_record_get_text (org, "credit_code"), 0));
    g_assert_true (gj_store_apply (store, page, &r, &error));
    g_assert_no_error (error);
    g_assert_cmpuint (r.refused, ==, 0);
    gj_session_emit_changed (f->session, "organization");
  }
  /* The page looks for duplicates a while after a change, in the reader:
   * on a loaded machine that is more than a settled moment. */
  g_assert_true (gj_test_wait_until (duplicates_shown, NULL, 10000));
  duplicates = group_child ("duplicates_group", GJ_TYPE_SYNC_DUPLICATES, "duplicates_list");
  gtk_widget_grab_focus (duplicates);
  save_shot ("20-sync-duplicates");

  /* Keep the first: the twin is merged into it. */
  expander = GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (duplicates), 0));
  g_assert_true (ADW_IS_EXPANDER_ROW (expander));
  keep = find_keep_button (expander);
  g_assert_nonnull (keep);
  g_assert_cmpstr (g_object_get_data (G_OBJECT (keep), "keep-id"), ==, org->id);
  g_signal_emit_by_name (keep, "clicked");
  gj_test_settle (f->session, 300);
  dups = gj_store_find_duplicates (store, &error);
  g_assert_cmpuint (dups->len, ==, 0);
  gone = gj_store_get (store, gj_schema_lookup ("organization"), twin->id, NULL);
  g_assert_true (gone == NULL || gj_record_is_deleted (gone));
  g_assert_true (gj_test_wait_until (duplicates_hidden, NULL, 10000));
}

static void
pair_code_cb (const char *code,
              const char *peer_name,
              gpointer    data)
{
  Job *job = data;

  job->code = g_strdup (code);
}

static gpointer
pair_thread (gpointer data)
{
  Job *job = data;
  g_autoptr(GError) error = NULL;

  job->ok = gj_client_pair (job->laptop->store, job->laptop->identity, job->peers, job->url, 0,
                            pair_code_cb, job, NULL, &error);
  job->error = error ? g_strdup (error->message) : NULL;
  g_atomic_int_set (&job->done, TRUE);
  return NULL;
}

static gboolean
dialog_shown (gpointer data)
{
  return gj_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG) != NULL;
}

static void
test_lan_pair (void)
{
  Fixture *f = &fixture;
  GjStore *store = gj_session_get_store (f->session);
  GjSyncAgent *agent = gj_sync_page_get_agent (f->page);
  g_autoptr(GError) error = NULL;
  g_autoptr(GjRegistry) peers = NULL;
  g_autoptr(GPtrArray) paired = NULL;
  g_autofree char *url = NULL;
  g_autofree char *peers_path = NULL;
  g_autofree char *expected = NULL;
  AdwMessageDialog *dialog;
  Laptop c = { 0, };
  Job job = { &c, NULL, NULL, FALSE, FALSE, NULL, NULL };
  GThread *t;

  /* Sharing on: the switch starts the listener (on loopback in tests). */
  gtk_switch_set_active (GTK_SWITCH (child ("share_switch")), TRUE);
  g_assert_cmpuint (gj_sync_agent_get_port (agent), >, 0);
  url = g_strdup_printf ("https://127.0.0.1:%u", gj_sync_agent_get_port (agent));

  /* A new, empty laptop asks to pair; the app asks its user. */
  laptop_open (&c, "c.db");
  peers_path = gj_client_peers_path (gj_store_get_path (c.store));
  peers = gj_registry_open (peers_path, &error);
  g_assert_no_error (error);
  job.peers = peers;
  job.url = url;
  t = g_thread_new ("pair", pair_thread, &job);
  g_assert_true (gj_test_wait_until (dialog_shown, NULL, 30000));
  dialog = ADW_MESSAGE_DIALOG (gj_test_find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
  expected = gj_pairing_code (gj_sync_agent_get_device_id (agent),
                              gj_identity_get_device_id (c.identity));
  g_assert_nonnull (strstr (adw_message_dialog_get_body (dialog), expected));
  save_shot ("18-sync-pair-request");
  adw_message_dialog_response (dialog, "pair");
  g_assert_true (gj_test_wait_until (job_done, &job, 30000));
  g_thread_join (t);
  if (!job.ok)
    g_error ("pairing: %s", job.error);
  g_assert_cmpstr (job.code, ==, expected);

  /* C took the street, and syncs directly with the app's laptop. */
  g_assert_cmpstr (gj_store_get_street (c.store), ==, gj_store_get_street (store));
  paired = gj_registry_list (peers, &error);
  g_assert_cmpuint (paired->len, ==, 1);
  g_assert_true (gj_client_sync_peer (c.store, c.identity, paired->pdata[0], NULL, &error));
  g_assert_no_error (error);
  g_assert_cmpint (count (c.store, "organization"), ==, count (store, "organization"));
  gj_test_settle (f->session, 300);
  g_assert_nonnull (gtk_list_box_get_row_at_index (GTK_LIST_BOX (child ("peers_list")), 0));
  save_shot ("19-sync-paired");

  gtk_switch_set_active (GTK_SWITCH (child ("share_switch")), FALSE);
  g_assert_cmpuint (gj_sync_agent_get_port (agent), ==, 0);
  g_free (job.code);
  g_free (job.error);
  laptop_close (&c);
}

/* A colleague's device, as far as the page is concerned: a device id that
 * pages come from. */
#define OTHER_DEVICE "eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee"

static GjCell *
remote_cell (const char *kind,
             const char *row,
             const char *field,
             const char *text,
             gint64      number)
{
  const GjKind *k = gj_schema_lookup (kind);
  GjCell *c = gj_cell_new ();
  static guint64 clock;

  c->kind = k->index;
  c->column = gj_kind_field_index (k, field);
  c->row = g_strdup (row);
  if (text != NULL)
    gj_value_set_text (&c->value, text);
  else
    gj_value_set_int (&c->value, number);
  clock = MAX (clock, gj_hlc_now_physical ());
  c->hlc = ++clock;
  memcpy (c->site, OTHER_DEVICE, GJ_SITE_ID_LEN);
  return c;
}

/* The row of @list whose title contains @text. */
static GtkWidget *
row_titled (GtkWidget  *list,
            const char *text)
{
  for (int i = 0;; i++)
    {
      GtkListBoxRow *row = gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), i);

      if (row == NULL)
        return NULL;
      if (ADW_IS_PREFERENCES_ROW (row) &&
          strstr (adw_preferences_row_get_title (ADW_PREFERENCES_ROW (row)), text) != NULL)
        return GTK_WIDGET (row);
    }
}

static guint
n_rows (GtkWidget *list)
{
  guint n = 0;

  while (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), (int) n) != NULL)
    n++;
  return n;
}

static void
test_problems (void)
{
  Fixture *f = &fixture;
  GjStore *store = gj_session_get_store (f->session);
  GjSyncAgent *agent = gj_sync_page_get_agent (f->page);
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) orgs = gj_store_list (store, gj_schema_lookup ("organization"), NULL, NULL);
  g_autoptr(GPtrArray) page = g_ptr_array_new_with_free_func ((GDestroyNotify) gj_cell_free);
  g_autoptr(GPtrArray) held = g_ptr_array_new_with_free_func ((GDestroyNotify) gj_refusal_free);
  g_autoptr(GPtrArray) refused = g_ptr_array_new_with_free_func ((GDestroyNotify) gj_refusal_free);
  g_autoptr(GPtrArray) problems = NULL;
  g_autofree char *held_title = NULL;
  g_autofree char *refused_title = NULL;
  g_autofree char *clock = NULL;
  const char *new_id = "0190c0de-0000-7000-8000-0000000000aa";
  GjApplyOptions opts = { OTHER_DEVICE, NULL };
  const char *server_id;
  GjRecord *held_org = orgs->pdata[0];
  GjRecord *refused_org = orgs->pdata[1];
  GjRecordEditor *editor;
  GjApplyResult r;
  GjRefusal *no;
  GtkWidget *list = group_child ("problems_group", GJ_TYPE_SYNC_PROBLEMS, "problems_list");
  GtkWidget *row, *open;

  /* Nothing wrong yet: the group says so. */
  g_assert_true (gtk_widget_get_visible (child ("problems_group")));
  g_assert_null (gtk_list_box_get_row_at_index (GTK_LIST_BOX (list), 0));
  g_assert_false (gtk_widget_get_visible (child ("notes_row")));

  /* A colleague's edit that fails a check is held here; so is a new
   * record of theirs with a category no version knows. */
  g_ptr_array_add (page, remote_cell ("organization", held_org->id, "members", NULL, -5));
  g_ptr_array_add (page, remote_cell ("organization", new_id, "street_id",
                                      gj_store_get_street (store), 0));
  g_ptr_array_add (page, remote_cell ("organization", new_id, "name", "东湖社区银龄互助会", 0));
  g_ptr_array_add (page, remote_cell ("organization", new_id, "legal_form", "community_filed", 0));
  g_ptr_array_add (page, remote_cell ("organization", new_id, "category", "bogus", 0));
  g_assert_true (gj_store_apply_page (store, page, &opts, &r, held, &error));
  g_assert_no_error (error);
  g_assert_cmpuint (held->len, ==, 2);

  /* And the district server refused one of this laptop's records. */
  no = g_new0 (GjRefusal, 1);
  no->kind = g_strdup ("organization");
  no->id = g_strdup (refused_org->id);
  no->reason = g_strdup (((GjRefusal *) held->pdata[0])->reason);
  g_ptr_array_add (refused, no);
  server_id = gj_identity_get_device_id (gj_server_get_identity (f->server));
  g_assert_true (gj_store_note_refused (store, server_id, NULL, refused, &error));
  g_assert_no_error (error);
  problems = gj_store_list_problems (store, &error);
  g_assert_cmpuint (problems->len, ==, 3);

  /* The last sync found this laptop's clock a day ahead of the server's. */
  g_assert_true (gj_store_set_meta (store, "sync.clock_offset", "-86400000", &error));
  clock = gj_sync_agent_dup_clock_warning (agent);
  g_assert_nonnull (clock);

  gj_session_emit_changed (f->session, "organization");
  gj_test_settle (f->session, 1000);

  /* Each listed in words: the record by its title where it is here. */
  g_assert_cmpuint (n_rows (list), ==, 3);
  held_title = gj_format_record_title (store, held_org);
  refused_title = gj_format_record_title (store, refused_org);
  row = row_titled (list, held_title);
  g_assert_nonnull (row);
  g_assert_cmpstr (((GjRefusal *) held->pdata[0])->id, ==, held_org->id);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)),
                            ((GjRefusal *) held->pdata[0])->reason));
  g_assert_nonnull (find_widget (row, GTK_TYPE_BUTTON));
  row = row_titled (list, "0190c0de");
  g_assert_nonnull (row);
  g_assert_null (find_widget (row, GTK_TYPE_BUTTON));   /* not here: nothing to open */
  row = row_titled (list, refused_title);
  g_assert_nonnull (row);
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (row)),
                            _("the district server")));

  /* The clock is said with the time to set. */
  g_assert_true (gtk_widget_get_visible (child ("notes_row")));
  g_assert_nonnull (strstr (adw_action_row_get_subtitle (ADW_ACTION_ROW (child ("notes_row"))),
                            clock));

  /* As on a station's 1366×768 laptop: the warning at the top, then the
   * list. */
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1366, 768);
  gtk_widget_grab_focus (child ("sync_button"));
  save_shot ("21-sync-clock");
  open = find_widget (row, GTK_TYPE_BUTTON);
  g_assert_nonnull (open);
  gtk_widget_grab_focus (open);
  save_shot ("22-sync-problems");

  /* Open brings the record's editor, as the other pages open a record. */
  g_assert_cmpstr (gtk_actionable_get_action_name (GTK_ACTIONABLE (open)), ==, "sync.open-record");
  g_signal_emit_by_name (open, "clicked");
  gj_test_settle (f->session, 500);
  editor = GJ_RECORD_EDITOR (gj_test_find_toplevel (GJ_TYPE_RECORD_EDITOR));
  g_assert_nonnull (editor);
  g_assert_cmpstr (gj_record_editor_get_id (editor), ==, refused_org->id);
  gtk_window_destroy (GTK_WINDOW (editor));
  gj_test_settle (f->session, 300);

  /* A sync refreshes the page: the warning stays only if the server
   * still finds the clock wrong (when it said nothing, the last
   * measurement stands), and the colleague's rows are still held. */
  gtk_widget_activate_action (GTK_WIDGET (f->page), "sync.now", NULL);
  g_assert_true (gj_test_wait_until (agent_idle, NULL, 60000));
  gj_test_settle (f->session, 500);
  g_assert_null (gj_sync_agent_get_error (agent));
  g_clear_pointer (&clock, g_free);
  clock = gj_sync_agent_dup_clock_warning (agent);
  g_assert_cmpint (gtk_widget_get_visible (child ("notes_row")), ==, clock != NULL);
  g_assert_cmpuint (n_rows (list), ==, 3);
  g_assert_nonnull (row_titled (list, held_title));
  gtk_window_set_default_size (GTK_WINDOW (f->window), 1100, 900);
}

static void
cancelled_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  GError **error = user_data;

  g_assert_false (gj_sync_agent_sync_finish (GJ_SYNC_AGENT (source), result, error));
}

static gboolean
is_null (gpointer data)
{
  return *(gpointer *) data == NULL;
}

/* A sync under way as the window closes answers at once, cancelled, with
 * no problem to show; its worker finishes alone, and only then lets the
 * agent go. */
static void
test_cancel (void)
{
  Fixture *f = &fixture;
  g_autoptr(GCancellable) cancellable = g_cancellable_new ();
  GjSyncAgent *agent = gj_sync_agent_new (f->session, cancellable);
  g_autoptr(GError) error = NULL;

  g_assert_nonnull (agent);
  gj_sync_agent_sync_async (agent, cancellable, cancelled_cb, &error);
  g_assert_true (gj_sync_agent_is_busy (agent));
  g_cancellable_cancel (cancellable);
  while (error == NULL)
    g_main_context_iteration (NULL, TRUE);
  g_assert_error (error, G_IO_ERROR, G_IO_ERROR_CANCELLED);
  g_assert_false (gj_sync_agent_is_busy (agent));
  g_assert_null (gj_sync_agent_get_error (agent));

  g_object_add_weak_pointer (G_OBJECT (agent), (gpointer *) &agent);
  g_object_unref (agent);
  g_assert_true (gj_test_wait_until (is_null, &agent, 30000));
}

int
main (int   argc,
      char *argv[])
{
  /* The app's listener stays on loopback in tests. */
  g_setenv ("GJ_LAN_ADDRESS", "127.0.0.1:0", TRUE);
  if (!gj_test_init_gtk (&argc, &argv))
    {
      g_test_add_func ("/ui/sync/no-display", gj_test_skip_no_display);
      return g_test_run ();
    }
  /* One app and server for the program, the tests in order (as in
   * test-app.c: a GApplication registers once per process). */
  {
    int rc;

    fixture_set_up ();
    g_test_add_func ("/ui/sync/enrol", test_enrol);
    g_test_add_func ("/ui/sync/conflict", test_conflict);
    g_test_add_func ("/ui/sync/lan-pair", test_lan_pair);
    g_test_add_func ("/ui/sync/duplicates", test_duplicates);
    g_test_add_func ("/ui/sync/problems", test_problems);
    g_test_add_func ("/ui/sync/cancel", test_cancel);
    rc = g_test_run ();
    fixture_tear_down ();
    return rc;
  }
}
