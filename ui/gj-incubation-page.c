/* gj-incubation-page.c: the incubation board, one column per stage
 *
 * An organization's stay in the incubation base moves applied → admitted
 * → incubating → evaluating → graduated (or exits at any point). The board
 * is read off the main thread; a move is one update on the main thread,
 * which the store checks against the allowed transitions and dates, and
 * which the session's undo history can take back.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-incubation-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "gj-data-error.h"
#include "gj-dates.h"
#include "gj-format.h"
#include "gj-incubation-page.h"
#include "gj-record-editor.h"

/* A column shows the longest-waiting; search finds the others. */
#define MAX_CARDS 30

typedef struct
{
  char *id;
  char *organization;
  char *mentor;
  char *since;        /* ISO date the stay began */
  char *until;        /* ISO date it closed, or NULL */
  char *next_review;  /* ISO date or NULL */
} Card;

typedef struct
{
  GPtrArray *cards[6];   /* Card, per stage */
  guint      counts[6];
} Board;

struct _GjIncubationPage
{
  AdwBin          parent_instance;

  GjSession      *session;
  GCancellable   *cancellable;
  gulong          changed_id;
  gboolean        dirty;

  GtkSearchEntry *search_entry;
  GtkLabel       *count_label;
  GtkBox         *columns_box;
};

G_DEFINE_FINAL_TYPE (GjIncubationPage, gj_incubation_page, ADW_TYPE_BIN)

static const GjField *
stage_field (void)
{
  return gj_kind_field (gj_schema_lookup ("incubation"), "stage");
}

static void
card_free (Card *c)
{
  g_free (c->id);
  g_free (c->organization);
  g_free (c->mentor);
  g_free (c->since);
  g_free (c->until);
  g_free (c->next_review);
  g_free (c);
}

static void
board_free (Board *b)
{
  for (guint i = 0; i < G_N_ELEMENTS (b->cards); i++)
    g_clear_pointer (&b->cards[i], g_ptr_array_unref);
  g_free (b);
}

/* In the reader's thread */

static gpointer
read_board (GjStore       *store,
            gpointer       data,
            GCancellable  *cancellable,
            GError       **error)
{
  const char *needle = data;
  const GjKind *kind = gj_schema_lookup ("incubation");
  const GjField *field = stage_field ();
  g_autoptr(GHashTable) names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  Board *board = g_new0 (Board, 1);
  guint i = 0;

  for (const GjEnumValue *v = field->values; v->key && i < G_N_ELEMENTS (board->cards); v++, i++)
    {
      GjFilter filter = { "stage", v->key };
      /* The store's text search, as every list has it: the organization's
       * name, leader, phone or community, the mentor and the notes. */
      GjQuery q = { &filter, 1, needle, "stage_since", TRUE, 0, 0, FALSE };
      g_autoptr(GPtrArray) records = gj_store_list (store, kind, &q, error);

      if (records == NULL)
        {
          board_free (board);
          return NULL;
        }
      board->cards[i] = g_ptr_array_new_with_free_func ((GDestroyNotify) card_free);
      for (guint r = 0; r < records->len; r++)
        {
          GjRecord *rec = g_ptr_array_index (records, r);
          const GjField *org = gj_kind_field (kind, "organization_id");
          g_autofree char *name = gj_format_field (store, rec, org, FALSE, names);
          const char *mentor = gj_record_get_text (rec, "mentor");
          Card *c;

          board->counts[i]++;
          if (board->cards[i]->len >= MAX_CARDS)
            continue;
          c = g_new0 (Card, 1);
          c->id = g_strdup (rec->id);
          c->organization = g_steal_pointer (&name);
          c->mentor = g_strdup (mentor);
          c->since = g_strdup (gj_record_get_text (rec, "admitted_on")
                               ? gj_record_get_text (rec, "admitted_on")
                               : gj_record_get_text (rec, "applied_on"));
          c->until = g_strdup (gj_record_get_text (rec, "closed_on"));
          c->next_review = g_strdup (gj_record_get_text (rec, "next_review"));
          g_ptr_array_add (board->cards[i], c);
        }
    }
  return board;
}

/* Main thread */

static GtkWidget *
card_line (const char *text,
           const char *css)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_widget_add_css_class (label, "caption");
  if (css != NULL)
    gtk_widget_add_css_class (label, css);
  return label;
}

/* The card's evaluation form: printed or saved by the window. */
static GtkWidget *
report_button (const char *id)
{
  g_autoptr(GMenu) menu = g_menu_new ();
  g_autoptr(GMenuItem) print = g_menu_item_new (_("_Print Evaluation Form…"), NULL);
  g_autoptr(GMenuItem) save = g_menu_item_new (_("Save Evaluation Form as _PDF…"), NULL);
  GtkWidget *button = gtk_menu_button_new ();

  g_menu_item_set_action_and_target (print, "win.print-report", "(sss)", "evaluation", id, "");
  g_menu_item_set_action_and_target (save, "win.save-report", "(sss)", "evaluation", id, "");
  g_menu_append_item (menu, print);
  g_menu_append_item (menu, save);
  gtk_menu_button_set_menu_model (GTK_MENU_BUTTON (button), G_MENU_MODEL (menu));
  gtk_menu_button_set_icon_name (GTK_MENU_BUTTON (button), "document-print-symbolic");
  gtk_widget_add_css_class (button, "flat");
  gtk_widget_add_css_class (button, "gj-small-button");
  gtk_widget_set_tooltip_text (button, _("Print or Save the Evaluation Form"));
  gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Print or Save the Evaluation Form"), -1);
  return button;
}

static GtkWidget *
make_card (Card          *c,
           guint          stage,
           const GjField *field)
{
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *title = gtk_label_new (c->organization);
  GtkWidget *buttons = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
  GtkWidget *report;
  const GjEnumValue *next = NULL;
  gboolean closed = c->until != NULL;

  gtk_widget_add_css_class (row, "card");
  gtk_widget_add_css_class (row, "gj-card");
  gtk_widget_set_name (row, c->id);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_label_set_wrap (GTK_LABEL (title), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (title), PANGO_WRAP_WORD_CHAR);
  gtk_widget_add_css_class (title, "heading");
  gtk_box_append (GTK_BOX (box), title);

  if (c->mentor != NULL)
    {
      g_autofree char *text = g_strdup_printf (_("Mentor: %s"), c->mentor);
      gtk_box_append (GTK_BOX (box), card_line (text, "dim-label"));
    }
  if (c->since != NULL)
    {
      int months = gj_dates_months_since (c->since);
      g_autofree char *text = NULL;

      if (closed)
        {
          int total = months - gj_dates_months_since (c->until);
          text = g_strdup_printf (ngettext ("%d month in incubation", "%d months in incubation",
                                            MAX (total, 0)), MAX (total, 0));
        }
      else
        text = g_strdup_printf (ngettext ("%d month in incubation", "%d months in incubation",
                                          months), months);
      gtk_box_append (GTK_BOX (box), card_line (text, "dim-label"));
    }
  if (c->next_review != NULL && !closed)
    {
      int days = gj_dates_days_until (c->next_review);
      g_autoptr(GjRecord) tmp = gj_record_new_for ("incubation");
      g_autofree char *date = NULL;
      g_autofree char *text = NULL;

      gj_record_set_text (tmp, "next_review", c->next_review);
      date = gj_record_format (tmp, "next_review", FALSE);
      if (days < 0)
        text = g_strdup_printf (_("Review overdue since %s"), date);
      else
        text = g_strdup_printf (_("Next review: %s"), date);
      gtk_box_append (GTK_BOX (box), card_line (text, days < 0 ? "error" : days <= 7 ? "warning" : NULL));
    }

  if (stage < 4)
    next = &field->values[stage + 1];
  if (next != NULL)
    {
      GtkWidget *advance = gtk_button_new ();
      GtkWidget *exit_button = gtk_button_new_from_icon_name ("application-exit-symbolic");
      /* TRANSLATORS: a button that moves an organization to the next stage */
      g_autofree char *label = g_strdup_printf (_("Move to %s"), _(next->label));
      GtkWidget *text = gtk_label_new (label);

      /* The label gives way in a narrow column (six share 1366 px) and
       * shows whole in its tooltip. */
      gtk_label_set_ellipsize (GTK_LABEL (text), PANGO_ELLIPSIZE_END);
      gtk_button_set_child (GTK_BUTTON (advance), text);
      gtk_widget_set_tooltip_text (advance, label);
      gtk_actionable_set_action_name (GTK_ACTIONABLE (advance), "board.advance");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (advance), "s", c->id);
      gtk_widget_add_css_class (advance, "flat");
      gtk_widget_add_css_class (advance, "gj-small-button");
      gtk_widget_set_hexpand (advance, TRUE);
      gtk_widget_set_halign (advance, GTK_ALIGN_START);

      gtk_actionable_set_action_name (GTK_ACTIONABLE (exit_button), "board.exit");
      gtk_actionable_set_action_target (GTK_ACTIONABLE (exit_button), "s", c->id);
      gtk_widget_add_css_class (exit_button, "flat");
      gtk_widget_add_css_class (exit_button, "gj-small-button");
      gtk_widget_set_tooltip_text (exit_button, _("Exit Incubation"));
      gtk_accessible_update_property (GTK_ACCESSIBLE (exit_button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _("Exit Incubation"), -1);

      /* The move has a line of its own, so that its label is read whole
       * in a column a sixth of the screen wide; exit and print go below. */
      gtk_widget_set_margin_top (advance, 4);
      gtk_box_append (GTK_BOX (box), advance);
      gtk_box_append (GTK_BOX (buttons), exit_button);
    }
  report = report_button (c->id);
  gtk_widget_set_hexpand (report, TRUE);
  gtk_widget_set_halign (report, GTK_ALIGN_END);
  gtk_box_append (GTK_BOX (buttons), report);
  gtk_widget_set_margin_top (buttons, 4);
  gtk_box_append (GTK_BOX (box), buttons);

  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 8);
  gtk_widget_set_margin_top (box, 10);
  gtk_widget_set_margin_bottom (box, 8);
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  return row;
}

static void
card_activated_cb (GtkListBox       *list,
                   GtkListBoxRow    *row,
                   GjIncubationPage *self)
{
  gj_record_editor_open_stored (GTK_WIDGET (self), self->session, gj_schema_lookup ("incubation"),
                                gtk_widget_get_name (GTK_WIDGET (row)));
}

static void
show_board (GjIncubationPage *self,
            Board            *board)
{
  const GjField *field = stage_field ();
  guint total = 0, i = 0;
  g_autofree char *count = NULL;
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->columns_box))) != NULL)
    gtk_box_remove (self->columns_box, child);
  for (const GjEnumValue *v = field->values; v->key && i < G_N_ELEMENTS (board->cards); v++, i++)
    {
      GtkWidget *column = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
      GtkWidget *header = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 6);
      GtkWidget *name = gtk_label_new (_(v->label));
      g_autofree char *n = g_strdup_printf ("%u", board->counts[i]);
      GtkWidget *badge = gtk_label_new (n);
      GtkWidget *list = gtk_list_box_new ();
      g_autofree char *stage_class = g_strconcat ("gj-stage-", v->key, NULL);

      gtk_widget_add_css_class (column, "gj-board-column");
      gtk_widget_add_css_class (column, stage_class);
      /* Narrow enough for the six stages to share a 1366 px screen beside
       * the sidebar without scrolling sideways; titles wrap. */
      gtk_widget_set_size_request (column, 150, -1);
      gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
      gtk_widget_set_tooltip_text (name, _(v->label));
      gtk_widget_add_css_class (name, "heading");
      gtk_label_set_xalign (GTK_LABEL (name), 0);
      gtk_widget_set_hexpand (name, TRUE);
      gtk_widget_add_css_class (badge, "gj-badge");
      gtk_box_append (GTK_BOX (header), name);
      gtk_box_append (GTK_BOX (header), badge);
      gtk_widget_set_margin_start (header, 6);
      gtk_widget_set_margin_end (header, 6);
      gtk_box_append (GTK_BOX (column), header);

      gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
      gtk_widget_add_css_class (list, "gj-board-list");
      gtk_accessible_update_property (GTK_ACCESSIBLE (list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      _(v->label), -1);
      g_signal_connect (list, "row-activated", G_CALLBACK (card_activated_cb), self);
      for (guint c = 0; c < board->cards[i]->len; c++)
        gtk_list_box_append (GTK_LIST_BOX (list), make_card (g_ptr_array_index (board->cards[i], c), i, field));
      if (board->counts[i] > board->cards[i]->len)
        {
          g_autofree char *more = g_strdup_printf (_("And %u more"), board->counts[i] - board->cards[i]->len);
          GtkWidget *label = gtk_label_new (more);

          gtk_widget_add_css_class (label, "dim-label");
          gtk_list_box_append (GTK_LIST_BOX (list), label);
        }
      if (board->counts[i] == 0)
        {
          GtkWidget *label = gtk_label_new (_("None"));

          gtk_widget_add_css_class (label, "dim-label");
          gtk_widget_set_margin_top (label, 12);
          gtk_list_box_append (GTK_LIST_BOX (list), label);
          gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (gtk_widget_get_parent (label)), FALSE);
        }
      gtk_box_append (GTK_BOX (column), list);
      gtk_box_append (self->columns_box, column);
      total += board->counts[i];
    }
  count = g_strdup_printf (ngettext ("%u incubation", "%u incubations", total), total);
  gtk_label_set_label (self->count_label, count);
}

static void
board_read_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GjIncubationPage) self = user_data;
  g_autoptr(GError) error = NULL;
  Board *board = gj_reader_run_finish (GJ_READER (source), result, &error);

  if (board == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        g_warning ("Could not read the incubation board: %s", error->message);
      return;
    }
  show_board (self, board);
  board_free (board);
}

static void
reload (GjIncubationPage *self)
{
  if (self->session == NULL)
    return;
  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  self->cancellable = g_cancellable_new ();
  gj_reader_run_async (gj_session_get_reader (self->session), read_board,
                       g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->search_entry))), g_free,
                       (GDestroyNotify) board_free, self->cancellable, board_read_cb,
                       g_object_ref (self));
}

static void
search_changed_cb (GjIncubationPage *self)
{
  reload (self);
}

static void
session_changed_cb (GjSession        *session,
                    const char       *kind_name,
                    GjIncubationPage *self)
{
  if (gtk_widget_get_mapped (GTK_WIDGET (self)))
    reload (self);
  else
    self->dirty = TRUE;
}

static void
gj_incubation_page_map (GtkWidget *widget)
{
  GjIncubationPage *self = GJ_INCUBATION_PAGE (widget);

  GTK_WIDGET_CLASS (gj_incubation_page_parent_class)->map (widget);
  if (self->dirty)
    {
      self->dirty = FALSE;
      reload (self);
    }
}

/* Actions */

/* A move goes through the undo history, whose toast offers Undo (and
 * Ctrl+Z takes it back): the dates it records go back with it. */
static void
move_to (GjIncubationPage *self,
         const char       *id,
         const char       *stage)
{
  const GjKind *kind = gj_schema_lookup ("incubation");
  g_autoptr(GjRecord) changes = gj_record_new (kind);
  g_autoptr(GError) error = NULL;
  g_autofree char *today = gj_dates_today ();
  g_autofree char *name = gj_format_ref_title (gj_session_get_store (self->session),
                                               "incubation", id);
  /* TRANSLATORS: a toast: an organization, then the stage it moved to */
  g_autofree char *label = g_strdup_printf (_("“%s” moved to %s"), name,
                                            gj_format_enum_label (kind, "stage", stage));

  changes->id = g_strdup (id);
  gj_record_set_text (changes, "stage", stage);
  gj_record_set_text (changes, "stage_since", today);
  if (!gj_undo_update (gj_session_get_undo (self->session), changes, GJ_WRITE_NONE, label,
                       &error))
    gtk_widget_activate_action (GTK_WIDGET (self), "win.toast", "s", error->message);
}

static void
advance_action (GtkWidget  *widget,
                const char *action,
                GVariant   *param)
{
  GjIncubationPage *self = GJ_INCUBATION_PAGE (widget);
  const char *id = g_variant_get_string (param, NULL);
  const GjField *field = stage_field ();
  g_autoptr(GError) error = NULL;
  g_autoptr(GjRecord) rec = gj_store_get (gj_session_get_store (self->session),
                                          gj_schema_lookup ("incubation"), id, &error);
  const char *stage = rec ? gj_record_get_text (rec, "stage") : NULL;

  if (rec == NULL && !g_error_matches (error, GJ_DATA_ERROR, GJ_DATA_ERROR_NOT_FOUND))
    {
      gtk_widget_activate_action (widget, "win.toast", "s", error->message);
      return;
    }

  for (guint i = 0; stage && field->values[i].key && i < 4; i++)
    if (g_str_equal (field->values[i].key, stage))
      {
        move_to (self, id, field->values[i + 1].key);
        return;
      }
}

typedef struct
{
  GjIncubationPage *self;
  char             *id;
} ExitData;

static void
exit_data_free (ExitData *d)
{
  g_object_unref (d->self);
  g_free (d->id);
  g_free (d);
}

static void
exit_response_cb (AdwMessageDialog *dialog,
                  const char       *response,
                  ExitData         *d)
{
  if (g_strcmp0 (response, "exit") == 0)
    move_to (d->self, d->id, "exited");
}

/* Exit ends the stay from any stage, and its button sits beside the one
 * that moves forward: a slip is asked about first (and can still be
 * undone after). */
static void
exit_action (GtkWidget  *widget,
             const char *action,
             GVariant   *param)
{
  GjIncubationPage *self = GJ_INCUBATION_PAGE (widget);
  const char *id = g_variant_get_string (param, NULL);
  g_autofree char *name = gj_format_ref_title (gj_session_get_store (self->session),
                                               "incubation", id);
  GtkWidget *dialog = adw_message_dialog_new (GTK_WINDOW (gtk_widget_get_root (widget)),
                                              NULL, NULL);
  ExitData *d = g_new0 (ExitData, 1);

  d->self = g_object_ref (self);
  d->id = g_strdup (id);
  /* TRANSLATORS: %s is an organization in the incubation base */
  adw_message_dialog_format_heading (ADW_MESSAGE_DIALOG (dialog), _("End the Incubation of “%s”?"),
                                     name);
  adw_message_dialog_set_body (ADW_MESSAGE_DIALOG (dialog),
                               _("It leaves the board as exited today. Undo right after, or "
                                 "Ctrl+Z, puts it back in its stage."));
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Cancel"),
                                    "exit", _("_Exit Incubation"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "exit",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_signal_connect_data (dialog, "response", G_CALLBACK (exit_response_cb), d,
                         (GClosureNotify) (void (*) (void)) exit_data_free, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static void
new_action (GtkWidget  *widget,
            const char *action,
            GVariant   *param)
{
  GjIncubationPage *self = GJ_INCUBATION_PAGE (widget);
  g_autofree char *today = gj_dates_today ();

  gj_record_editor_open (widget, self->session, gj_schema_lookup ("incubation"), NULL,
                         "stage", "applied", "applied_on", today, NULL);
}

static void
search_action (GtkWidget  *widget,
               const char *action,
               GVariant   *param)
{
  gtk_widget_grab_focus (GTK_WIDGET (GJ_INCUBATION_PAGE (widget)->search_entry));
}

/* Public */

void
gj_incubation_page_set_session (GjIncubationPage *self,
                                GjSession        *session)
{
  g_return_if_fail (GJ_IS_INCUBATION_PAGE (self));
  g_return_if_fail (self->session == NULL);

  self->session = g_object_ref (session);
  self->changed_id = g_signal_connect (session, "changed", G_CALLBACK (session_changed_cb), self);
  reload (self);
}

static void
gj_incubation_page_dispose (GObject *object)
{
  GjIncubationPage *self = GJ_INCUBATION_PAGE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->session != NULL)
    g_clear_signal_handler (&self->changed_id, self->session);
  g_clear_object (&self->session);
  gtk_widget_dispose_template (GTK_WIDGET (object), GJ_TYPE_INCUBATION_PAGE);
  G_OBJECT_CLASS (gj_incubation_page_parent_class)->dispose (object);
}

static void
gj_incubation_page_class_init (GjIncubationPageClass *klass)
{
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  G_OBJECT_CLASS (klass)->dispose = gj_incubation_page_dispose;
  widget_class->map = gj_incubation_page_map;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/cn/gongjian/Gongjian/gj-incubation-page.ui");
  gtk_widget_class_bind_template_child (widget_class, GjIncubationPage, search_entry);
  gtk_widget_class_bind_template_child (widget_class, GjIncubationPage, count_label);
  gtk_widget_class_bind_template_child (widget_class, GjIncubationPage, columns_box);
  gtk_widget_class_bind_template_callback (widget_class, search_changed_cb);

  gtk_widget_class_install_action (widget_class, "board.advance", "s", advance_action);
  gtk_widget_class_install_action (widget_class, "board.exit", "s", exit_action);
  gtk_widget_class_install_action (widget_class, "page.new", NULL, new_action);
  gtk_widget_class_install_action (widget_class, "page.search", NULL, search_action);
}

static void
gj_incubation_page_init (GjIncubationPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}
