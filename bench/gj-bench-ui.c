/* gj-bench-ui.c: the desktop app's start and memory on a large database
 *
 * Builds one station's database of 100,000 records — the demo street, into
 * which the synthetic organizations, projects and volunteers of
 * gj-bench-data are moved, plus incubations, resident units, agreements
 * with items and charity resources so that every page has a long list —
 * and starts the app on it several times. Each start is a fresh process
 * (this program run again with --child), because a GApplication can be
 * registered only once per process and a second start in the same process
 * would find GTK, fonts and the schema already loaded. Each run:
 *  - times from just before the process is spawned to the end of the first
 *    frame painted by the main window (the frame clock's "after-paint");
 *  - reads VmRSS after that frame, then opens every sidebar page in turn,
 *    waiting each time until the page's reader jobs are done and nothing
 *    new was asked for 100 ms, and reads VmRSS again.
 * The table also splits the start into its phases. With the environment
 * variable GJ_BENCH_UI_VERBOSE set, each run prints how many widgets every
 * page holds at the first frame and at the end.
 *
 * Usage: gj-bench-ui [--runs N] [--records N] [--dir DIR]
 * Needs a display: xvfb-run -a -s "-screen 0 1280x800x24" build/bench/gj-bench-ui
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include <glib/gstdio.h>
#include <gio/gio.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gj-application.h"
#include "gj-bench-common.h"
#include "gj-demo.h"
#include "gj-store.h"
#include "gj-window-pages.h"
#include "gj-window.h"

#define START_TARGET_MS 500.0
#define RSS_TARGET_MB   200.0
/* A page counts as loaded once its reader has been idle this long: pages
 * ask for rows only after they are laid out, a frame or two later. */
#define QUIET_US        (100 * G_TIME_SPAN_MILLISECOND)
#define POLL_MS         10
#define CHILD_TIMEOUT_S 180

static void
check (gboolean    ok,
       GError     *error,
       const char *what)
{
  if (!ok)
    {
      g_printerr ("gj-bench-ui: %s: %s\n", what, error ? error->message : "failed");
      exit (1);
    }
}

/* Resident and peak resident memory in bytes, from /proc/self/status. */
static void
read_rss (gint64 *rss,
          gint64 *hwm)
{
  g_autofree char *status = NULL;
  g_auto(GStrv) lines = NULL;

  *rss = *hwm = -1;
  if (!g_file_get_contents ("/proc/self/status", &status, NULL, NULL))
    return;
  lines = g_strsplit (status, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      if (g_str_has_prefix (lines[i], "VmRSS:"))
        *rss = g_ascii_strtoll (lines[i] + 6, NULL, 10) * 1024;
      else if (g_str_has_prefix (lines[i], "VmHWM:"))
        *hwm = g_ascii_strtoll (lines[i] + 6, NULL, 10) * 1024;
    }
}

/* The child: the app as gongjian-main.c starts it, watched from inside */

typedef struct
{
  GApplication *app;
  GtkWidget    *window;
  gint64        t_main;
  gint64        t_gtk_init;
  gint64        t_startup;
  gint64        t_window;
  gint64        t_realize;
  gint64        t_first_frame;
  gint64        t_overview_loaded;
  gint64        rss_first_frame;
  gint64        rss_pages;
  gint64        hwm;
  char         *renderer;
  int           page;           /* -1: the overview as it opened */
  gint64        page_shown;
  gint64        quiet_since;
  gint64        slowest_page_us;
  const char   *slowest_page;
  gboolean      done;
} Child;

static guint
count_widgets (GtkWidget *widget)
{
  guint n = 1;

  for (GtkWidget *child = gtk_widget_get_first_child (widget); child;
       child = gtk_widget_get_next_sibling (child))
    n += count_widgets (child);
  return n;
}

/* With GJ_BENCH_UI_VERBOSE set: how many widgets each page holds, which
 * is what the first frame's layout has to measure. */
static void
print_widget_counts (Child      *c,
                     const char *when)
{
  guint n_pages;
  const GjWindowPageInfo *pages = gj_window_pages_get (&n_pages);

  if (g_getenv ("GJ_BENCH_UI_VERBOSE") == NULL)
    return;
  g_printerr ("widgets %s: window %u;", when, count_widgets (c->window));
  for (guint i = 0; i < n_pages; i++)
    g_printerr (" %s %u", pages[i].name,
                count_widgets (gj_window_get_page (GJ_WINDOW (c->window), pages[i].name)));
  g_printerr ("\n");
}

static gboolean
poll_cb (gpointer user_data)
{
  Child *c = user_data;
  GjSession *session = gj_window_get_session (GJ_WINDOW (c->window));
  gint64 now = g_get_monotonic_time ();
  guint n_pages;
  const GjWindowPageInfo *pages = gj_window_pages_get (&n_pages);

  if (gj_reader_get_pending (gj_session_get_reader (session)) > 0)
    {
      c->quiet_since = 0;
      return G_SOURCE_CONTINUE;
    }
  if (c->quiet_since == 0)
    c->quiet_since = now;
  if (now - c->quiet_since < QUIET_US)
    return G_SOURCE_CONTINUE;

  /* Loaded when the reader last fell idle, not when the quiet ended. */
  if (c->page < 0)
    c->t_overview_loaded = c->quiet_since;
  else if (c->quiet_since - c->page_shown > c->slowest_page_us)
    {
      c->slowest_page_us = c->quiet_since - c->page_shown;
      c->slowest_page = pages[c->page].name;
    }

  if (g_getenv ("GJ_BENCH_UI_VERBOSE") != NULL)
    {
      gint64 rss, hwm;

      read_rss (&rss, &hwm);
      g_printerr ("RSS with %s loaded: %.1f MB\n",
                  c->page < 0 ? "overview" : pages[c->page].name, rss / 1e6);
    }
  if (++c->page < (int) n_pages)
    {
      c->page_shown = g_get_monotonic_time ();
      c->quiet_since = 0;
      gj_window_show_page (GJ_WINDOW (c->window), pages[c->page].name);
      return G_SOURCE_CONTINUE;
    }

  read_rss (&c->rss_pages, &c->hwm);
  print_widget_counts (c, "after every page");
  c->done = TRUE;
  /* The app's own Quit: closing the window saves its size, as for a user. */
  g_action_group_activate_action (G_ACTION_GROUP (c->app), "quit", NULL);
  return G_SOURCE_REMOVE;
}

static void
after_paint_cb (GdkFrameClock *clock,
                Child         *c)
{
  gint64 unused;

  c->t_first_frame = g_get_monotonic_time ();
  read_rss (&c->rss_first_frame, &unused);
  c->renderer = g_strdup (G_OBJECT_TYPE_NAME (gtk_native_get_renderer (GTK_NATIVE (c->window))));
  g_signal_handlers_disconnect_by_func (clock, after_paint_cb, c);

  if (g_strcmp0 (gj_window_get_page_name (GJ_WINDOW (c->window)), "welcome") == 0)
    {
      g_printerr ("gj-bench-ui: the app opened the welcome page, not the station\n");
      exit (1);
    }
  print_widget_counts (c, "at first frame");
  c->page = -1;
  g_timeout_add (POLL_MS, poll_cb, c);
}

static void
window_realize_cb (GtkWidget *window,
                   Child     *c)
{
  c->t_realize = g_get_monotonic_time ();
  g_signal_connect (gtk_widget_get_frame_clock (window), "after-paint",
                    G_CALLBACK (after_paint_cb), c);
}

static void
window_added_cb (GtkApplication *app,
                 GtkWindow      *window,
                 Child          *c)
{
  if (!GJ_IS_WINDOW (window) || c->window != NULL)
    return;
  c->window = GTK_WIDGET (window);
  c->t_window = g_get_monotonic_time ();
  g_signal_connect_after (window, "realize", G_CALLBACK (window_realize_cb), c);
}

static void
startup_cb (GApplication *app,
            Child        *c)
{
  c->t_startup = g_get_monotonic_time ();
}

static gboolean
give_up_cb (gpointer user_data)
{
  g_printerr ("gj-bench-ui: the app did not finish within %d s\n", CHILD_TIMEOUT_S);
  exit (1);
}

static int
child_main (const char *db,
            gint64      t_main)
{
  g_autoptr(GjApplication) app = NULL;
  g_autofree char *message = NULL;
  char *args[] = { (char *) "gongjian", (char *) "--db", (char *) db, NULL };
  Child c = { 0 };
  int status;

  c.t_main = t_main;
  gj_application_init_i18n ();
  if (!gtk_init_check ())
    {
      g_printerr ("gj-bench-ui: no graphical display\n");
      return 1;
    }
  c.t_gtk_init = g_get_monotonic_time ();
  if (!gj_application_check_schema (&message))
    {
      g_printerr ("%s\n", message);
      return 1;
    }

  app = gj_application_new ();
  c.app = G_APPLICATION (app);
  g_signal_connect (app, "window-added", G_CALLBACK (window_added_cb), &c);
  g_signal_connect_after (app, "startup", G_CALLBACK (startup_cb), &c);
  g_timeout_add_seconds (CHILD_TIMEOUT_S, give_up_cb, NULL);
  status = g_application_run (G_APPLICATION (app), G_N_ELEMENTS (args) - 1, args);
  if (status != 0 || !c.done)
    {
      g_printerr ("gj-bench-ui: the app quit early (status %d)\n", status);
      return 1;
    }

  g_print ("main %" G_GINT64_FORMAT "\n", c.t_main);
  g_print ("gtk_init %" G_GINT64_FORMAT "\n", c.t_gtk_init);
  g_print ("startup %" G_GINT64_FORMAT "\n", c.t_startup);
  g_print ("window %" G_GINT64_FORMAT "\n", c.t_window);
  g_print ("realize %" G_GINT64_FORMAT "\n", c.t_realize);
  g_print ("first_frame %" G_GINT64_FORMAT "\n", c.t_first_frame);
  g_print ("overview_loaded %" G_GINT64_FORMAT "\n", c.t_overview_loaded);
  g_print ("rss_first_frame %" G_GINT64_FORMAT "\n", c.rss_first_frame);
  g_print ("rss_pages %" G_GINT64_FORMAT "\n", c.rss_pages);
  g_print ("hwm %" G_GINT64_FORMAT "\n", c.hwm);
  g_print ("slowest_page_us %" G_GINT64_FORMAT "\n", c.slowest_page_us);
  g_print ("slowest_page %s\n", c.slowest_page);
  g_print ("renderer %s\n", c.renderer);
  g_free (c.renderer);
  return 0;
}

/* The database */

static const char *words[] = { "银龄", "互助", "邻里", "和谐", "睦邻", "康养", "阳光", "先锋",
                               "红色", "同心", "共建", "幸福", "温馨", "家园", "暖心", "启航" };
static const char *unit_kinds[] = { "enterprise", "public_institution", "school", "hospital",
                                    "party_government", "mass_organization", "other" };
static const char *unit_suffix[] = { "有限公司", "中心", "学校", "医院", "办事处", "协会", "合作社" };
static const char *stages[] = { "applied", "admitted", "incubating", "evaluating", "graduated",
                                "exited" };
static const char *agreement_statuses[] = { "draft", "signed", "in_force", "expired" };
static const char *item_statuses[] = { "pending", "in_progress", "done", "cancelled" };
static const char *areas[] = { "party_building", "project", "resource_sharing", "service" };
static const char *resource_types[] = { "community_foundation", "named_fund", "money", "in_kind",
                                        "service" };

#define PICK(r, a) ((a)[g_rand_int_range ((r), 0, G_N_ELEMENTS (a))])

static char *
random_date (GRand *r,
             int    from_year,
             int    to_year)
{
  return g_strdup_printf ("%04d-%02d-%02d", g_rand_int_range (r, from_year, to_year + 1),
                          g_rand_int_range (r, 1, 13), g_rand_int_range (r, 1, 29));
}

static char *
random_mobile (GRand *r)
{
  return g_strdup_printf ("1%d%09d", g_rand_int_range (r, 3, 10), g_rand_int_range (r, 0, 999999999));
}

static GjRecord *
new_record (const char *kind,
            const char *street,
            const char *community)
{
  GjRecord *rec = gj_record_new_for (kind);

  rec->id = g_uuid_string_random ();
  gj_record_set_text (rec, "street_id", street);
  if (community != NULL)
    gj_record_set_text (rec, "community_id", community);
  return rec;
}

static void
insert (GjStore  *store,
        GjRecord *rec,
        guint    *n)
{
  g_autoptr(GError) error = NULL;

  check (gj_store_insert (store, rec, &error), error, "insert");
  (*n)++;
}

static gint64
count_records (GjStore *store)
{
  GjQuery all = { 0 };
  gint64 n = 0;

  for (guint k = 0; k < gj_schema_n_kinds (); k++)
    n += gj_store_count (store, gj_schema_kind (k), &all, NULL);
  return n;
}

/* One street's records, @n_records in all, written in one transaction.
 * Returns the seconds it took. */
static double
build_database (const char *path,
                guint       n_records,
                GRand      *r)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GjStore) store = gj_store_open (path, &error);
  g_autoptr(GPtrArray) communities = NULL;
  g_autoptr(GPtrArray) generated = NULL;
  g_autoptr(GPtrArray) org_ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GPtrArray) unit_ids = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GHashTable) community_of = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  GjQuery all = { 0 };
  const char *street;
  GDate today;
  guint n, rest, n_incubations, n_units, n_agreements, n_resources, n_bulk, n_streets;
  gint64 t0 = g_get_monotonic_time ();

  check (store != NULL, error, "open");
  check (gj_store_begin (store, &error), error, "begin");
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
  /* The demo gives the street, its communities and a few records of every
   * kind; the rest are spread over its communities. */
  check (gj_demo_load (store, 2024, &today, &error), error, "demo");
  street = gj_store_get_street (store);
  communities = gj_store_list (store, gj_schema_lookup ("community"), &all, &error);
  check (communities != NULL && communities->len > 0, error, "communities");
  n = count_records (store);
  check (n < n_records, NULL, "the demo alone has more records than asked for");

  /* About 94% organizations, projects and volunteers as gj-bench-data
   * makes them; the rest fill the incubation, agreement and unit pages. */
  rest = n_records - n;
  n_incubations = rest * 3 / 100;
  n_units = rest / 100;
  n_agreements = rest * 6 / 1000;
  n_resources = rest * 5 / 1000;
  n_bulk = rest - n_incubations - n_units - n_agreements * 3 - n_resources;
  n_streets = (n_bulk + 5499) / 5500;

  generated = gj_bench_generate (n_streets, r);
  for (guint i = 0, c = 0; i < generated->len; i++)
    {
      GjRecord *rec = g_ptr_array_index (generated, i);

      if (g_str_equal (rec->kind->name, "community"))
        {
          GjRecord *home = g_ptr_array_index (communities, c++ % communities->len);
          g_hash_table_insert (community_of, rec->id, home->id);
        }
    }
  for (guint i = 0, left = n_bulk; i < generated->len && left > 0; i++)
    {
      GjRecord *rec = g_ptr_array_index (generated, i);
      const char *community;

      if (g_str_equal (rec->kind->name, "street") || g_str_equal (rec->kind->name, "community"))
        continue;
      community = g_hash_table_lookup (community_of, gj_record_get_text (rec, "community_id"));
      gj_record_set_text (rec, "street_id", street);
      gj_record_set_text (rec, "community_id", community);
      if (g_str_equal (rec->kind->name, "organization") && org_ids->len < n_incubations)
        g_ptr_array_add (org_ids, g_strdup (rec->id));
      insert (store, rec, &n);
      left--;
    }

  for (guint i = 0; i < n_incubations && i < org_ids->len; i++)
    {
      g_autoptr(GjRecord) rec = new_record ("incubation", street, NULL);
      g_autofree char *applied = random_date (r, 2019, 2025);
      g_autofree char *review = random_date (r, 2026, 2027);

      gj_record_set_text (rec, "organization_id", g_ptr_array_index (org_ids, i));
      gj_record_set_text (rec, "stage", PICK (r, stages));
      gj_record_set_text (rec, "mentor", PICK (r, words));
      gj_record_set_text (rec, "applied_on", applied);
      gj_record_set_text (rec, "stage_since", applied);
      gj_record_set_text (rec, "next_review", review);
      insert (store, rec, &n);
    }

  for (guint i = 0; i < n_units; i++)
    {
      GjRecord *home = g_ptr_array_index (communities, i % communities->len);
      g_autoptr(GjRecord) rec = new_record ("unit", street, home->id);
      g_autofree char *name = g_strdup_printf ("%s%s%s%u", PICK (r, words), PICK (r, words),
                                               PICK (r, unit_suffix), i + 1);
      g_autofree char *phone = random_mobile (r);
      g_autofree char *address = g_strdup_printf ("%s路%u号", PICK (r, words), i % 400 + 1);

      gj_record_set_text (rec, "name", name);
      gj_record_set_text (rec, "type", PICK (r, unit_kinds));
      gj_record_set_text (rec, "contact", PICK (r, words));
      gj_record_set_text (rec, "phone", phone);
      gj_record_set_text (rec, "address", address);
      g_ptr_array_add (unit_ids, g_strdup (rec->id));
      insert (store, rec, &n);
    }

  for (guint i = 0; i < n_agreements; i++)
    {
      GjRecord *home = g_ptr_array_index (communities, i % communities->len);
      g_autoptr(GjRecord) rec = new_record ("agreement", street, home->id);
      g_autofree char *title = g_strdup_printf ("%s共驻共建协议（第%u号）", PICK (r, words), i + 1);
      int year = g_rand_int_range (r, 2021, 2026);
      g_autofree char *start = g_strdup_printf ("%04d-01-01", year);
      g_autofree char *end = g_strdup_printf ("%04d-12-31", year + 1);

      gj_record_set_text (rec, "title", title);
      gj_record_set_text (rec, "unit_id", g_ptr_array_index (unit_ids, i % unit_ids->len));
      gj_record_set_text (rec, "status", PICK (r, agreement_statuses));
      gj_record_set_text (rec, "signed_on", start);
      gj_record_set_text (rec, "start_on", start);
      gj_record_set_text (rec, "end_on", end);
      insert (store, rec, &n);

      for (guint k = 0; k < 2; k++)
        {
          g_autoptr(GjRecord) item = new_record ("agreement_item", street, NULL);
          g_autofree char *content = g_strdup_printf ("%s%s服务（%u）", PICK (r, words),
                                                      PICK (r, words), k + 1);
          g_autofree char *due = random_date (r, year, year + 1);

          gj_record_set_text (item, "agreement_id", rec->id);
          gj_record_set_text (item, "content", content);
          gj_record_set_text (item, "area", PICK (r, areas));
          gj_record_set_text (item, "status", PICK (r, item_statuses));
          gj_record_set_text (item, "due_on", due);
          insert (store, item, &n);
        }
    }

  for (guint i = 0; n < n_records; i++)
    {
      GjRecord *home = g_ptr_array_index (communities, i % communities->len);
      g_autoptr(GjRecord) rec = new_record ("resource", street, home->id);
      g_autofree char *name = g_strdup_printf ("%s%s公益基金（%u）", PICK (r, words), PICK (r, words), i + 1);
      g_autofree char *date = random_date (r, 2020, 2025);

      gj_record_set_text (rec, "name", name);
      gj_record_set_text (rec, "type", PICK (r, resource_types));
      gj_record_set_text (rec, "donor", PICK (r, words));
      gj_record_set_int (rec, "amount", g_rand_int_range (r, 1, 500) * 1000);
      gj_record_set_text (rec, "date", date);
      insert (store, rec, &n);
    }

  check (gj_store_commit (store, &error), error, "commit");
  check (count_records (store) == n_records, NULL, "record count");
  return (g_get_monotonic_time () - t0) / 1e6;
}

/* The parent: builds, spawns, tabulates */

typedef struct
{
  double start_ms;          /* spawn to first frame */
  double exec_ms;           /* spawn to main() */
  double gtk_init_ms;       /* main() to GTK initialized */
  double startup_ms;        /* GTK initialized to the app's startup done */
  double window_ms;         /* startup done to the window constructed (store, templates) */
  double realize_ms;        /* window constructed to realized (pages get the session) */
  double paint_ms;          /* realized to the first frame's end */
  double overview_ms;       /* spawn to the overview's figures loaded */
  double rss_first_mb;
  double rss_pages_mb;
  double hwm_mb;
  double slowest_page_ms;
  char  *slowest_page;
  char  *renderer;
} Run;

static void
run_clear (Run *run)
{
  g_free (run->slowest_page);
  g_free (run->renderer);
}

static gint64
number (GHashTable *values,
        const char *key)
{
  const char *s = g_hash_table_lookup (values, key);

  return s ? g_ascii_strtoll (s, NULL, 10) : 0;
}

static gboolean
run_child (const char *self,
           const char *db,
           Run        *run)
{
  const char *argv[] = { self, "--child", db, NULL };
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;
  g_auto(GStrv) lines = NULL;
  g_autoptr(GHashTable) v = g_hash_table_new (g_str_hash, g_str_equal);
  gint64 t0;
  int status;

  t0 = g_get_monotonic_time ();
  if (!g_spawn_sync (NULL, (char **) argv, NULL, G_SPAWN_DEFAULT, NULL, NULL, &out, NULL,
                     &status, &error))
    check (FALSE, error, "spawn");
  if (!g_spawn_check_wait_status (status, &error))
    {
      g_printerr ("gj-bench-ui: run failed: %s\n", error->message);
      return FALSE;
    }

  lines = g_strsplit (out, "\n", -1);
  for (guint i = 0; lines[i]; i++)
    {
      char *sp = strchr (lines[i], ' ');

      if (sp != NULL)
        {
          *sp = '\0';
          g_hash_table_insert (v, lines[i], sp + 1);
        }
    }
#define NUM(key) number (v, key)
  run->start_ms = (NUM ("first_frame") - t0) / 1e3;
  run->exec_ms = (NUM ("main") - t0) / 1e3;
  run->gtk_init_ms = (NUM ("gtk_init") - NUM ("main")) / 1e3;
  run->startup_ms = (NUM ("startup") - NUM ("gtk_init")) / 1e3;
  run->window_ms = (NUM ("window") - NUM ("startup")) / 1e3;
  run->realize_ms = (NUM ("realize") - NUM ("window")) / 1e3;
  run->paint_ms = (NUM ("first_frame") - NUM ("realize")) / 1e3;
  run->overview_ms = (NUM ("overview_loaded") - t0) / 1e3;
  run->rss_first_mb = NUM ("rss_first_frame") / 1e6;
  run->rss_pages_mb = NUM ("rss_pages") / 1e6;
  run->hwm_mb = NUM ("hwm") / 1e6;
  run->slowest_page_ms = NUM ("slowest_page_us") / 1e3;
#undef NUM
  run->slowest_page = g_strdup (g_hash_table_lookup (v, "slowest_page"));
  run->renderer = g_strdup (g_hash_table_lookup (v, "renderer"));
  return run->start_ms > 0;
}

static int
cmp_double (gconstpointer a,
            gconstpointer b)
{
  double x = *(const double *) a, y = *(const double *) b;
  return x < y ? -1 : x > y;
}

/* Median and maximum of one field of every run. */
static void
stats (GArray *runs,
       gsize   offset,
       double *median,
       double *max)
{
  g_autoptr(GArray) xs = g_array_new (FALSE, FALSE, sizeof (double));
  guint n = runs->len;

  for (guint i = 0; i < n; i++)
    g_array_append_val (xs, G_STRUCT_MEMBER (double, &g_array_index (runs, Run, i), offset));
  g_array_sort (xs, cmp_double);
  *median = n % 2 ? g_array_index (xs, double, n / 2)
                  : (g_array_index (xs, double, n / 2 - 1) + g_array_index (xs, double, n / 2)) / 2;
  *max = g_array_index (xs, double, n - 1);
}

static const char *
verdict (double value,
         double target)
{
  return value <= target ? "ok" : "over";
}

static void
remove_database (const char *path)
{
  for (const char *const *suffix = (const char *const[]) { "", "-wal", "-shm", "-journal", NULL };
       *suffix; suffix++)
    {
      g_autofree char *p = g_strconcat (path, *suffix, NULL);
      g_unlink (p);
    }
}

int
main (int   argc,
      char *argv[])
{
  gint64 t_main = g_get_monotonic_time ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GOptionContext) ctx = NULL;
  g_autoptr(GArray) runs = NULL;
  g_autoptr(GTestDBus) bus = NULL;
  g_autofree char *self = NULL;
  g_autofree char *dir = NULL;
  g_autofree char *path = NULL;
  g_autofree char *display = NULL;
  g_autofree char *runtime_dir = NULL;
  GRand *r;
  int n_runs = 5, n_records = 100000;
  g_autofree char *opt_dir = NULL;
  double build_s, med, max, med2, max2;
  GStatBuf st;
  GOptionEntry entries[] = {
    { "runs", 0, 0, G_OPTION_ARG_INT, &n_runs, "Starts of the app to time (default 5)", "N" },
    { "records", 0, 0, G_OPTION_ARG_INT, &n_records, "Records in the database (default 100000)", "N" },
    { "dir", 0, 0, G_OPTION_ARG_FILENAME, &opt_dir, "Where to put the database (kept)", "DIR" },
    { NULL }
  };

  if (argc == 3 && g_str_equal (argv[1], "--child"))
    return child_main (argv[2], t_main);

  ctx = g_option_context_new (NULL);
  g_option_context_add_main_entries (ctx, entries, NULL);
  if (!g_option_context_parse (ctx, &argc, &argv, &error))
    {
      g_printerr ("%s\n", error->message);
      return 2;
    }
  if (n_runs < 1 || n_records < 5000)
    {
      g_printerr ("gj-bench-ui: --runs must be at least 1 and --records at least 5000\n");
      return 2;
    }
  if (g_getenv ("DISPLAY") == NULL && g_getenv ("WAYLAND_DISPLAY") == NULL)
    {
      g_printerr ("gj-bench-ui: needs a display; run it under "
                  "xvfb-run -a -s \"-screen 0 1280x800x24\"\n");
      return 77;
    }

  /* The children inherit this: the uninstalled build's schema and
   * catalogues, settings that do not touch the user's, and the app in
   * Chinese as a station's staff run it (CJK text costs more to lay out). */
  if (g_getenv ("GSETTINGS_SCHEMA_DIR") == NULL)
    g_setenv ("GSETTINGS_SCHEMA_DIR", GJ_BENCH_BUILD_ROOT "/app/share", TRUE);
  if (g_getenv ("GSETTINGS_BACKEND") == NULL)
    g_setenv ("GSETTINGS_BACKEND", "memory", TRUE);
  g_setenv ("GJ_UNINSTALLED", "1", TRUE);
  g_setenv ("LANGUAGE", "zh_CN", TRUE);
  g_setenv ("LANG", "zh_CN.UTF-8", TRUE);
  g_unsetenv ("LC_ALL");
  g_unsetenv ("LC_MESSAGES");
  /* For the table's "≤" on a terminal that would otherwise be ASCII. */
  setlocale (LC_ALL, "");

  /* A desktop session has its bus running before the app starts; without
   * one GLib would autolaunch a bus inside every timed start. */
  if (g_getenv ("DBUS_SESSION_BUS_ADDRESS") == NULL)
    {
      display = g_strdup (g_getenv ("DISPLAY"));
      runtime_dir = g_strdup (g_getenv ("XDG_RUNTIME_DIR"));
      bus = g_test_dbus_new (G_TEST_DBUS_NONE);
      g_test_dbus_up (bus);
      /* GTestDBus clears these for headless tests; the app needs them. */
      if (display != NULL)
        g_setenv ("DISPLAY", display, TRUE);
      if (runtime_dir != NULL)
        g_setenv ("XDG_RUNTIME_DIR", runtime_dir, TRUE);
    }

  self = g_file_read_link ("/proc/self/exe", &error);
  check (self != NULL, error, "/proc/self/exe");
  dir = opt_dir ? g_strdup (opt_dir) : g_dir_make_tmp ("gj-bench-ui-XXXXXX", &error);
  check (dir != NULL, error, "temporary directory");
  g_mkdir_with_parents (dir, 0700);
  path = g_build_filename (dir, "station.db", NULL);
  remove_database (path);

  r = g_rand_new_with_seed (11);
  build_s = build_database (path, n_records, r);
  g_rand_free (r);
  if (g_stat (path, &st) != 0)
    st.st_size = 0;
  g_print ("Station database: %d records, %.1f MB, written in one transaction in %.1f s\n",
           n_records, st.st_size / 1e6, build_s);

  runs = g_array_new (FALSE, TRUE, sizeof (Run));
  g_array_set_clear_func (runs, (GDestroyNotify) run_clear);
  for (int i = 0; i < n_runs; i++)
    {
      Run run = { 0 };

      if (!run_child (self, path, &run))
        return 1;
      g_array_append_val (runs, run);
      g_printerr ("run %d: first frame %.0f ms, %.1f MB after every page\n", i + 1, run.start_ms,
                  run.rss_pages_mb);
    }

  g_print ("Desktop app on that database, %d starts, each a new process; renderer %s\n\n",
           n_runs, g_array_index (runs, Run, 0).renderer);
  g_print ("| measure | value | target | ok/over |\n");
  g_print ("|---|---:|---|---|\n");
  stats (runs, G_STRUCT_OFFSET (Run, start_ms), &med, &max);
  g_print ("| start to first frame, median | %.0f ms | ≤ %.0f ms | %s |\n", med, START_TARGET_MS,
           verdict (med, START_TARGET_MS));
  g_print ("| start to first frame, max | %.0f ms | ≤ %.0f ms | %s |\n", max, START_TARGET_MS,
           verdict (max, START_TARGET_MS));
  {
    static const struct { const char *what; gsize offset; } parts[] = {
      { "process start (spawn to main())", G_STRUCT_OFFSET (Run, exec_ms) },
      { "GTK and libadwaita initialized", G_STRUCT_OFFSET (Run, gtk_init_ms) },
      { "app startup (settings, actions)", G_STRUCT_OFFSET (Run, startup_ms) },
      { "database opened, window built", G_STRUCT_OFFSET (Run, window_ms) },
      { "pages given the database, window realized", G_STRUCT_OFFSET (Run, realize_ms) },
      { "first frame laid out and painted", G_STRUCT_OFFSET (Run, paint_ms) },
    };

    for (guint i = 0; i < G_N_ELEMENTS (parts); i++)
      {
        stats (runs, parts[i].offset, &med, &max);
        g_print ("| · %s, median | %.0f ms | | |\n", parts[i].what, med);
      }
  }
  stats (runs, G_STRUCT_OFFSET (Run, overview_ms), &med, &max);
  g_print ("| start to overview figures loaded, median (max) | %.0f ms (%.0f) | | |\n", med, max);
  stats (runs, G_STRUCT_OFFSET (Run, slowest_page_ms), &med, &max);
  g_print ("| slowest page switch to list loaded, median (max) | %.0f ms (%.0f) | | |\n", med, max);
  stats (runs, G_STRUCT_OFFSET (Run, rss_first_mb), &med, &max);
  g_print ("| RSS after first frame, median (max) | %.1f MB (%.1f) | | |\n", med, max);
  stats (runs, G_STRUCT_OFFSET (Run, rss_pages_mb), &med, &max);
  stats (runs, G_STRUCT_OFFSET (Run, hwm_mb), &med2, &max2);
  g_print ("| RSS after opening all 8 pages, median | %.1f MB | ≤ %.0f MB | %s |\n", med,
           RSS_TARGET_MB, verdict (med, RSS_TARGET_MB));
  g_print ("| RSS after opening all 8 pages, max | %.1f MB | ≤ %.0f MB | %s |\n", max,
           RSS_TARGET_MB, verdict (max, RSS_TARGET_MB));
  g_print ("| peak RSS (VmHWM), max | %.1f MB | | |\n", max2);
  g_print ("\nMB = 10^6 bytes. Slowest page in the last run: %s.\n",
           g_array_index (runs, Run, runs->len - 1).slowest_page);

  if (opt_dir == NULL)
    {
      remove_database (path);
      g_rmdir (dir);
    }
  if (bus != NULL)
    g_test_dbus_down (bus);
  return 0;
}
