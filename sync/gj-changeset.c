/* gj-changeset.c: pages of cells as JSON on the wire
 *
 * A page is one JSON object:
 *
 *   { "protocol": 1, "schema": 1, "site": "<sender>", "clock": <sender HLC>,
 *     "next": [floor, pos], "more": false,
 *     "sites": ["<site id>", …], "names": {"<site id>": "<device name>", …},
 *     "rows": [ ["organization", "<id>", [ ["name", "…", <hlc>, <site#>, <seen>], … ]], … ] }
 *
 * Fields travel by name, not position, so that a peer never writes a value
 * into the wrong column of a schema it reads differently. Site ids are
 * listed once per page and referred to by position; "names" (optional,
 * since 0.3) tells what those devices are called, so that a history can
 * show a name instead of a site id.
 *
 * "schema" is the sender's wire version (GJ_SCHEMA_WIRE_VERSION), or the
 * receiver's when that is older and the sender wrote only what it knows.
 * Kinds and fields this version does not know are read as unknown cells
 * (gj-cell.h), which the store keeps and passes on: release 0.2.0 refused
 * a page for them, later ones never do.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-changeset"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "gj-changeset.h"
#include "gj-field-check.h"
#include "gj-hlc.h"
#include "gj-json-scan.h"
#include "gj-sync-error.h"

GjChangeset *
gj_changeset_new (void)
{
  GjChangeset *cs = g_new0 (GjChangeset, 1);

  cs->protocol = GJ_PROTOCOL_VERSION;
  cs->schema = GJ_SCHEMA_WIRE_VERSION;
  cs->cells = g_ptr_array_new_with_free_func ((GDestroyNotify) gj_cell_free);
  cs->names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  return cs;
}

void
gj_changeset_free (GjChangeset *cs)
{
  if (cs == NULL)
    return;
  g_clear_pointer (&cs->cells, g_ptr_array_unref);
  g_clear_pointer (&cs->names, g_hash_table_unref);
  g_free (cs);
}

static const char *
cell_kind_name (const GjCell *c)
{
  const GjKind *kind;

  if (c->kind_name != NULL)
    return c->kind_name;
  kind = gj_schema_kind_by_index (c->kind);
  g_assert (kind != NULL);
  return kind->name;
}

static const char *
cell_field_name (const GjCell *c)
{
  const GjKind *kind;

  if (gj_cell_is_unknown (c))
    return c->field_name;
  kind = gj_schema_kind_by_index (c->kind);
  return c->column < kind->n_fields ? kind->fields[c->column].name : GJ_DELETED_FIELD_NAME;
}

/* JSON text is written directly rather than through a JsonBuilder tree:
 * a page holds thousands of cells and the tree would cost more than the
 * text. Decoding still goes through json-glib's parser, which checks it. */
static void
append_string (GString    *out,
               const char *s)
{
  g_autofree char *valid = NULL;

  /* Stored text is validated on every write; this only keeps a database
   * damaged outside Gongjian from producing a page no one can read. */
  if (!g_utf8_validate (s, -1, NULL))
    s = valid = g_utf8_make_valid (s, -1);
  g_string_append_c (out, '"');
  for (const char *p = s; *p; p++)
    {
      guchar c = (guchar) *p;

      if (c == '"' || c == '\\')
        {
          g_string_append_c (out, '\\');
          g_string_append_c (out, c);
        }
      else if (c < 0x20)
        g_string_append_printf (out, "\\u%04x", c);
      else
        g_string_append_c (out, c);
    }
  g_string_append_c (out, '"');
}

static void
append_value (GString       *out,
              const GjValue *v)
{
  char buf[G_ASCII_DTOSTR_BUF_SIZE];

  switch (v->type)
    {
    case GJ_VALUE_INT:
      g_string_append_printf (out, "%" G_GINT64_FORMAT, v->i);
      break;
    case GJ_VALUE_REAL:
      /* JSON has no infinity; validation keeps it out of the store, and
       * what an older version stored is held back before it gets here. */
      if (!isfinite (v->r))
        {
          g_string_append (out, "null");
          break;
        }
      /* Always with a decimal point or exponent, so it reads back as a double. */
      g_ascii_formatd (buf, sizeof buf, "%.17g", v->r);
      g_string_append (out, buf);
      if (!strpbrk (buf, ".eE"))
        g_string_append (out, ".0");
      break;
    case GJ_VALUE_TEXT:
      append_string (out, v->s);
      break;
    case GJ_VALUE_NULL:
    default:
      g_string_append (out, "null");
      break;
    }
}

/* The names of the page's @sites that @names knows and that are valid,
 * at most GJ_CHANGESET_MAX_NAMES of them; nothing when there are none. */
static void
append_names (GString    *out,
              GHashTable *names,
              GPtrArray  *sites)
{
  guint n = 0;

  for (guint i = 0; i < sites->len && n < GJ_CHANGESET_MAX_NAMES; i++)
    {
      const char *site = g_ptr_array_index (sites, i);
      const char *name = names ? g_hash_table_lookup (names, site) : NULL;

      if (!gj_site_name_is_valid (name))
        continue;
      g_string_append (out, n++ ? "," : ",\"names\":{");
      append_string (out, site);
      g_string_append_c (out, ':');
      append_string (out, name);
    }
  if (n > 0)
    g_string_append_c (out, '}');
}

GBytes *
gj_changeset_encode (const GjChangeset *cs)
{
  g_autoptr(GHashTable) site_index = g_hash_table_new (g_str_hash, g_str_equal);
  g_autoptr(GPtrArray) sites = g_ptr_array_new ();
  GString *out;
  gsize len;

  g_return_val_if_fail (cs != NULL, NULL);

  for (guint i = 0; i < cs->cells->len; i++)
    {
      GjCell *c = g_ptr_array_index (cs->cells, i);

      if (!g_hash_table_contains (site_index, c->site))
        {
          g_hash_table_insert (site_index, c->site, GUINT_TO_POINTER (sites->len));
          g_ptr_array_add (sites, c->site);
        }
    }

  out = g_string_sized_new (64 + cs->cells->len * 48);
  g_string_append_printf (out, "{\"protocol\":%d,\"schema\":%d,\"site\":", cs->protocol, cs->schema);
  append_string (out, cs->site);
  if (cs->time_ms > 0)
    g_string_append_printf (out, ",\"time\":%" G_GINT64_FORMAT, cs->time_ms);
  g_string_append_printf (out, ",\"clock\":%" G_GUINT64_FORMAT ",\"next\":[%" G_GINT64_FORMAT
                          ",%" G_GINT64_FORMAT "],\"more\":%s,\"sites\":[",
                          cs->clock, cs->next.floor, cs->next.pos, cs->more ? "true" : "false");
  for (guint i = 0; i < sites->len; i++)
    {
      if (i)
        g_string_append_c (out, ',');
      append_string (out, g_ptr_array_index (sites, i));
    }
  g_string_append_c (out, ']');
  append_names (out, cs->names, sites);
  g_string_append (out, ",\"rows\":[");
  for (guint i = 0; i < cs->cells->len;)
    {
      GjCell *first = g_ptr_array_index (cs->cells, i);
      const char *kind_name = cell_kind_name (first);
      gboolean first_cell = TRUE;

      if (i)
        g_string_append_c (out, ',');
      g_string_append_c (out, '[');
      append_string (out, kind_name);
      g_string_append_c (out, ',');
      append_string (out, first->row);
      g_string_append (out, ",[");
      for (; i < cs->cells->len; i++)
        {
          GjCell *c = g_ptr_array_index (cs->cells, i);

          if (strcmp (cell_kind_name (c), kind_name) != 0 || strcmp (c->row, first->row) != 0)
            break;
          if (!first_cell)
            g_string_append_c (out, ',');
          first_cell = FALSE;
          g_string_append_c (out, '[');
          append_string (out, cell_field_name (c));
          g_string_append_c (out, ',');
          append_value (out, &c->value);
          g_string_append_printf (out, ",%" G_GUINT64_FORMAT ",%u,%" G_GUINT64_FORMAT "]",
                                  c->hlc, GPOINTER_TO_UINT (g_hash_table_lookup (site_index, c->site)),
                                  c->seen);
        }
      g_string_append (out, "]]");
    }
  g_string_append (out, "]}");
  len = out->len;
  return g_bytes_new_take (g_string_free (out, FALSE), len);
}

static gboolean
malformed (GError    **error,
           const char *what)
{
  g_set_error (error, GJ_SYNC_ERROR, GJ_SYNC_ERROR_MALFORMED,
               _("The changeset is malformed: %s. Nothing was applied."), what);
  return FALSE;
}

/* Decoding
 *
 * gj_json_scan() has checked the whole body before this reads a byte of
 * it: one JSON value within the nesting and size limits, UTF-8 throughout,
 * standard escapes only, whole characters, finite numbers. What is left is
 * the page's shape, read here in one pass that builds nothing but the
 * cells: no tree (json-glib allocates about 200 bytes a node, which was
 * most of the cost of an initial sync) and no recursion. Because the
 * grammar is already known to hold, separators carry no information and
 * are skipped. */

typedef enum
{
  TOK_END,
  TOK_OBJECT,
  TOK_OBJECT_END,
  TOK_ARRAY,
  TOK_ARRAY_END,
  TOK_STRING,
  TOK_INT,
  TOK_DOUBLE,
  TOK_TRUE,
  TOK_FALSE,
  TOK_NULL,
} Token;

typedef struct
{
  const char *p;
  const char *end;
  GString    *text;   /* the last string read, unescaped */
  gint64      i;      /* the last whole number */
  double      d;      /* the last other number */
} Reader;

static int
hex4_value (const char *p)
{
  int v = 0;

  for (int i = 0; i < 4; i++)
    v = v * 16 + g_ascii_xdigit_value (p[i]);
  return v;
}

/* @r->p is just after the opening quote. */
static void
read_string (Reader *r)
{
  const char *p = r->p;

  g_string_truncate (r->text, 0);
  for (;;)
    {
      const char *run = p;

      while (*p != '"' && *p != '\\')
        p++;
      g_string_append_len (r->text, run, p - run);
      if (*p == '"')
        break;
      switch (p[1])
        {
        case 'b': g_string_append_c (r->text, '\b'); p += 2; break;
        case 'f': g_string_append_c (r->text, '\f'); p += 2; break;
        case 'n': g_string_append_c (r->text, '\n'); p += 2; break;
        case 'r': g_string_append_c (r->text, '\r'); p += 2; break;
        case 't': g_string_append_c (r->text, '\t'); p += 2; break;
        case 'u':
          {
            gunichar c = hex4_value (p + 2);

            p += 6;
            /* The scan let only whole pairs through. */
            if (c >= 0xD800 && c <= 0xDBFF)
              {
                c = 0x10000 + ((c - 0xD800) << 10) + (hex4_value (p + 2) - 0xDC00);
                p += 6;
              }
            g_string_append_unichar (r->text, c);
            break;
          }
        default:   /* " \ / */
          g_string_append_c (r->text, p[1]);
          p += 2;
          break;
        }
    }
  r->p = p + 1;
}

static Token
read_number (Reader *r)
{
  const char *start = r->p;
  gboolean integer = TRUE;
  char buf[48];
  gsize n;

  while (r->p < r->end && (g_ascii_isdigit (*r->p) || *r->p == '-' || *r->p == '+' ||
                           *r->p == '.' || *r->p == 'e' || *r->p == 'E'))
    {
      if (*r->p == '.' || *r->p == 'e' || *r->p == 'E')
        integer = FALSE;
      r->p++;
    }
  n = MIN ((gsize) (r->p - start), sizeof buf - 1);
  memcpy (buf, start, n);
  buf[n] = '\0';
  if (integer)
    {
      r->i = g_ascii_strtoll (buf, NULL, 10);
      return TOK_INT;
    }
  r->d = g_ascii_strtod (buf, NULL);
  return TOK_DOUBLE;
}

static Token
next_token (Reader *r)
{
  for (;;)
    {
      if (r->p >= r->end)
        return TOK_END;
      switch (*r->p)
        {
        case ' ': case '\t': case '\n': case '\r': case ',': case ':':
          r->p++;
          continue;
        case '{': r->p++; return TOK_OBJECT;
        case '}': r->p++; return TOK_OBJECT_END;
        case '[': r->p++; return TOK_ARRAY;
        case ']': r->p++; return TOK_ARRAY_END;
        case '"':
          r->p++;
          read_string (r);
          return TOK_STRING;
        case 't': r->p += 4; return TOK_TRUE;
        case 'f': r->p += 5; return TOK_FALSE;
        case 'n': r->p += 4; return TOK_NULL;
        default:
          return read_number (r);
        }
    }
}

/* Skips the rest of a value whose first token was @t. */
static void
skip_value (Reader *r,
            Token   t)
{
  int depth = (t == TOK_OBJECT || t == TOK_ARRAY) ? 1 : 0;

  while (depth > 0)
    {
      if (r->p >= r->end)
        return;
      switch (*r->p)
        {
        case '{': case '[': depth++; r->p++; break;
        case '}': case ']': depth--; r->p++; break;
        case '"':
          /* Only the closing quote matters here, not the text. */
          for (r->p++; *r->p != '"'; r->p++)
            if (*r->p == '\\')
              r->p++;
          r->p++;
          break;
        default:
          r->p++;
          break;
        }
    }
}

/* A value is taken as the JSON type it has; whether that type and value
 * suit the field is the data layer's check (gj_field_check_value()), the
 * same one a local write passes, so that a wrong value costs its row, not
 * the page. Only the tombstone is checked here: it is not a field. */
static gboolean
decode_value (const GjKind  *kind,
              guint          column,
              Token          t,
              Reader        *r,
              GjValue       *out,
              GError       **error)
{
  if (kind != NULL && column == kind->n_fields)
    {
      if (t != TOK_INT || (r->i != 0 && r->i != 1))
        goto wrong;
      gj_value_set_int (out, r->i);
      return TRUE;
    }
  switch (t)
    {
    case TOK_NULL:
      gj_value_set_null (out);
      return TRUE;
    case TOK_INT:
      gj_value_set_int (out, r->i);
      return TRUE;
    case TOK_DOUBLE:
      gj_value_set_real (out, r->d);
      return TRUE;
    case TOK_STRING:
      gj_value_set_text (out, r->text->str);
      return TRUE;
    case TOK_TRUE:
    case TOK_FALSE:
      gj_value_set_int (out, t == TOK_TRUE);
      return TRUE;
    default:
      break;
    }

wrong:
  g_set_error (error, GJ_SYNC_ERROR, GJ_SYNC_ERROR_WRONG_TYPE,
               _("The changeset has a value of the wrong type for %s.%s. Nothing was applied."),
               kind ? kind->name : "?", kind == NULL || column == GJ_CELL_UNKNOWN ? "?"
               : column < kind->n_fields ? kind->fields[column].name : GJ_DELETED_FIELD_NAME);
  return FALSE;
}

/* [field, value, clock, device, seen], its opening bracket read. */
static gboolean
decode_cell (GjChangeset  *cs,
             Reader       *r,
             const GjKind *kind,
             const char   *kind_name,
             const char   *id,
             GPtrArray    *sites,
             GError      **error)
{
  g_autoptr(GjCell) cell = gj_cell_new ();
  gint64 clocks[3];
  int column = -1;
  Token t;

  if (next_token (r) != TOK_STRING)
    return malformed (error, _("a cell is not [field, value, clock, device, seen]"));
  if (kind != NULL)
    column = gj_kind_field_index (kind, r->text->str);
  if (column < 0)
    {
      /* A field of a newer version: kept as it came, passed on. */
      if (!gj_schema_name_is_valid (r->text->str))
        return malformed (error, _("a field name is not 1 to 64 lower-case letters, digits or “_”"));
      column = GJ_CELL_UNKNOWN;
      cell->kind_name = g_strdup (kind_name);
      cell->field_name = g_strdup (r->text->str);
    }
  t = next_token (r);
  if (!decode_value (kind, column, t, r, &cell->value, error))
    return FALSE;
  for (guint i = 0; i < 3; i++)
    {
      if (next_token (r) != TOK_INT)
        return malformed (error, _("a cell is not [field, value, clock, device, seen]"));
      clocks[i] = r->i;
    }
  if (next_token (r) != TOK_ARRAY_END)
    return malformed (error, _("a cell is not [field, value, clock, device, seen]"));
  /* clock, device (a position in the page's list), seen */
  if (clocks[0] <= 0 || clocks[2] < 0 || clocks[2] > clocks[0] || clocks[1] < 0 ||
      clocks[1] >= (gint64) sites->len)
    return malformed (error, _("a cell has an invalid clock or device"));

  cell->kind = kind ? kind->index : GJ_CELL_UNKNOWN;
  cell->column = column;
  cell->row = g_strdup (id);
  cell->hlc = clocks[0];
  cell->seen = clocks[2];
  g_strlcpy (cell->site, g_ptr_array_index (sites, clocks[1]), sizeof cell->site);
  g_ptr_array_add (cs->cells, g_steal_pointer (&cell));
  return TRUE;
}

/* The rows, their opening bracket read. */
static gboolean
decode_rows (GjChangeset  *cs,
             Reader       *r,
             GPtrArray    *sites,
             GError      **error)
{
  for (;;)
    {
      g_autofree char *id = NULL;
      g_autofree char *kind_name = NULL;
      const GjKind *kind;
      Token t = next_token (r);

      if (t == TOK_ARRAY_END)
        return TRUE;
      if (t != TOK_ARRAY || next_token (r) != TOK_STRING)
        return malformed (error, _("a row is not [kind, id, cells]"));
      /* A kind of a newer version: its cells are kept as they came. */
      if ((kind = gj_schema_lookup (r->text->str)) == NULL &&
          !gj_schema_name_is_valid (r->text->str))
        return malformed (error, _("a kind name is not 1 to 64 lower-case letters, digits or “_”"));
      kind_name = g_strdup (r->text->str);
      if (next_token (r) != TOK_STRING)
        return malformed (error, _("a row is not [kind, id, cells]"));
      if (!gj_record_id_is_valid (r->text->str))
        return malformed (error, _("a record id is not 1 to 64 letters, digits or “-._:”"));
      id = g_strdup (r->text->str);
      if (next_token (r) != TOK_ARRAY)
        return malformed (error, _("a row is not [kind, id, cells]"));
      while ((t = next_token (r)) != TOK_ARRAY_END)
        {
          if (t != TOK_ARRAY)
            return malformed (error, _("a cell is not [field, value, clock, device, seen]"));
          if (!decode_cell (cs, r, kind, kind_name, id, sites, error))
            return FALSE;
        }
      if (next_token (r) != TOK_ARRAY_END)
        return malformed (error, _("a row is not [kind, id, cells]"));
    }
}

/* The "names" object, its opening brace read. A name is never a reason to
 * refuse a page: one that is not a valid name (gj_site_name_is_valid()),
 * of a site the page does not list, or past GJ_CHANGESET_MAX_NAMES is
 * dropped. */
static void
decode_names (GjChangeset *cs,
              Reader      *r,
              GPtrArray   *sites)
{
  g_autoptr(GHashTable) listed = g_hash_table_new (g_str_hash, g_str_equal);
  Token t;

  for (guint i = 0; i < sites->len; i++)
    g_hash_table_add (listed, g_ptr_array_index (sites, i));
  while ((t = next_token (r)) == TOK_STRING)
    {
      char site[GJ_SITE_ID_LEN + 1] = "";

      /* The key is copied only when it can be a site id: any other key
       * is skipped whatever its length. */
      if (gj_site_id_is_valid (r->text->str) && g_hash_table_contains (listed, r->text->str))
        g_strlcpy (site, r->text->str, sizeof site);
      t = next_token (r);
      if (t == TOK_STRING && site[0] != '\0' && gj_site_name_is_valid (r->text->str) &&
          (g_hash_table_contains (cs->names, site) ||
           g_hash_table_size (cs->names) < GJ_CHANGESET_MAX_NAMES))
        g_hash_table_insert (cs->names, g_strdup (site), g_strdup (r->text->str));
      else
        skip_value (r, t);
    }
}

GjChangeset *
gj_changeset_decode (GBytes   *json,
                     GError  **error)
{
  g_autoptr(GjChangeset) cs = NULL;
  g_autoptr(GPtrArray) sites = g_ptr_array_new_with_free_func (g_free);
  g_autoptr(GString) text = g_string_new (NULL);
  const GjJsonLimits limits = { GJ_CHANGESET_MAX_DEPTH, GJ_CHANGESET_MAX_NODES };
  gboolean have_protocol = FALSE, have_schema = FALSE, have_clock = FALSE, have_next = FALSE;
  gboolean have_more = FALSE, have_sites = FALSE, sites_ok = TRUE, next_ok = TRUE;
  const char *rows_at = NULL, *names_at = NULL;
  gint64 protocol = 0, schema = 0;
  gsize len;
  const char *data = g_bytes_get_data (json, &len);
  Reader r;
  Token t;

  if (len > GJ_CHANGESET_MAX_BYTES)
    {
      g_set_error (error, GJ_SYNC_ERROR, GJ_SYNC_ERROR_TOO_LARGE,
                   _("The changeset is larger than %d MB. Nothing was applied."),
                   GJ_CHANGESET_MAX_BYTES / (1024 * 1024));
      return NULL;
    }
  if (!gj_json_scan (data ? data : "", len, &limits, error))
    return NULL;

  r.p = data ? data : "";
  r.end = r.p + len;
  r.text = text;
  if (next_token (&r) != TOK_OBJECT)
    {
      malformed (error, _("it is not a JSON object"));
      return NULL;
    }

  cs = gj_changeset_new ();
  cs->site[0] = '\0';
  /* The members in any order; the rows are read last, once the version
   * is known to be one this device reads. A member given twice counts
   * once, its last time, as json-glib reads it. */
  while ((t = next_token (&r)) == TOK_STRING)
    {
      char key[16];

      g_strlcpy (key, text->str, sizeof key);
      t = next_token (&r);
      if (g_str_equal (key, "protocol") && (have_protocol = t == TOK_INT))
        protocol = r.i;
      else if (g_str_equal (key, "schema") && (have_schema = t == TOK_INT))
        schema = r.i;
      else if (g_str_equal (key, "site"))
        {
          cs->site[0] = '\0';
          if (t == TOK_STRING && gj_site_id_is_valid (text->str))
            g_strlcpy (cs->site, text->str, sizeof cs->site);
          else
            skip_value (&r, t);
        }
      else if (g_str_equal (key, "clock") && (have_clock = t == TOK_INT && r.i >= 0))
        cs->clock = r.i;
      else if (g_str_equal (key, "time") && t == TOK_INT)
        cs->time_ms = r.i;
      else if (g_str_equal (key, "more") && (have_more = t == TOK_TRUE || t == TOK_FALSE))
        cs->more = t == TOK_TRUE;
      else if (g_str_equal (key, "next"))
        {
          have_next = TRUE;
          next_ok = t == TOK_ARRAY && next_token (&r) == TOK_INT;
          cs->next.floor = r.i;
          next_ok = next_ok && next_token (&r) == TOK_INT;
          cs->next.pos = r.i;
          next_ok = next_ok && next_token (&r) == TOK_ARRAY_END;
          if (!next_ok)
            {
              malformed (error, _("the cursor is missing"));
              return NULL;
            }
        }
      else if (g_str_equal (key, "sites") && t == TOK_ARRAY)
        {
          have_sites = TRUE;
          sites_ok = TRUE;
          g_ptr_array_set_size (sites, 0);
          while ((t = next_token (&r)) != TOK_ARRAY_END)
            {
              if (t != TOK_STRING || !gj_site_id_is_valid (text->str))
                {
                  sites_ok = FALSE;
                  skip_value (&r, t);
                }
              else
                g_ptr_array_add (sites, g_strdup (text->str));
            }
        }
      else if (g_str_equal (key, "rows") && t == TOK_ARRAY)
        {
          rows_at = r.p;
          skip_value (&r, t);
        }
      else if (g_str_equal (key, "names"))
        {
          /* Read once the page's sites are known; anything but an object
           * names no one. */
          names_at = t == TOK_OBJECT ? r.p : NULL;
          skip_value (&r, t);
        }
      else
        {
          /* "rows" or "sites" that are not arrays count as missing. */
          if (g_str_equal (key, "rows"))
            rows_at = NULL;
          else if (g_str_equal (key, "sites"))
            have_sites = FALSE;
          skip_value (&r, t);
        }
    }

  if (!have_protocol || !have_schema)
    {
      malformed (error, _("the protocol or schema version is missing"));
      return NULL;
    }
  cs->protocol = (int) CLAMP (protocol, G_MININT, G_MAXINT);
  cs->schema = (int) CLAMP (schema, G_MININT, G_MAXINT);
  /* A newer schema is read: what this version does not know is kept as
   * unknown cells. A newer protocol is a page this version cannot read;
   * peers agree on the protocol before they send one (gj-exchange.c). */
  if (protocol > GJ_PROTOCOL_VERSION || protocol < 1 || schema < 1)
    {
      g_set_error (error, GJ_SYNC_ERROR, GJ_SYNC_ERROR_NEWER_VERSION,
                   _("The other device sent changes in a form this version of Gongjian cannot "
                     "read (protocol %d; this one reads up to %d). Update Gongjian on this device."),
                   cs->protocol, GJ_PROTOCOL_VERSION);
      return NULL;
    }
  if (cs->site[0] == '\0')
    {
      malformed (error, _("the sender's device id is missing"));
      return NULL;
    }
  if (!have_clock)
    {
      malformed (error, _("the sender's clock is missing"));
      return NULL;
    }
  if (!have_next)
    {
      malformed (error, _("the cursor is missing"));
      return NULL;
    }
  if (cs->next.floor < 0 || cs->next.floor > cs->next.pos)
    {
      malformed (error, _("the cursor is inconsistent"));
      return NULL;
    }
  if (!have_more)
    {
      malformed (error, _("the “more” flag is missing"));
      return NULL;
    }
  if (!have_sites || rows_at == NULL)
    {
      malformed (error, _("the rows are missing"));
      return NULL;
    }
  if (!sites_ok)
    {
      malformed (error, _("a device id is not 32 hexadecimal digits"));
      return NULL;
    }

  r.p = rows_at;
  if (!decode_rows (cs, &r, sites, error))
    return NULL;
  if (names_at != NULL)
    {
      r.p = names_at;
      decode_names (cs, &r, sites);
    }
  return g_steal_pointer (&cs);
}

static GBytes *
convert (GConverter  *conv,
         GBytes      *in,
         gsize        max_out,
         GError     **error)
{
  g_autoptr(GByteArray) out = g_byte_array_new ();
  gsize in_len;
  const guint8 *in_data = g_bytes_get_data (in, &in_len);
  guint8 buf[65536];
  GConverterResult res;

  do
    {
      gsize read = 0, written = 0;

      res = g_converter_convert (conv, in_data, in_len, buf, sizeof buf,
                                 G_CONVERTER_INPUT_AT_END, &read, &written, error);
      if (res == G_CONVERTER_ERROR)
        return NULL;
      in_data += read;
      in_len -= read;
      g_byte_array_append (out, buf, written);
      if (read == 0 && written == 0 && res != G_CONVERTER_FINISHED)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_PARTIAL_INPUT, _("the data is truncated"));
          return NULL;
        }
      if (out->len > max_out)
        {
          g_set_error (error, GJ_SYNC_ERROR, GJ_SYNC_ERROR_TOO_LARGE,
                       _("The changeset is larger than %d MB. Nothing was applied."),
                       GJ_CHANGESET_MAX_BYTES / (1024 * 1024));
          return NULL;
        }
    }
  while (res != G_CONVERTER_FINISHED);
  return g_byte_array_free_to_bytes (g_steal_pointer (&out));
}

GBytes *
gj_gzip (GBytes  *data,
         GError **error)
{
  g_autoptr(GZlibCompressor) z = g_zlib_compressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP, 6);

  return convert (G_CONVERTER (z), data, G_MAXSIZE, error);
}

GBytes *
gj_gunzip (GBytes  *data,
           GError **error)
{
  g_autoptr(GZlibDecompressor) z = g_zlib_decompressor_new (G_ZLIB_COMPRESSOR_FORMAT_GZIP);
  g_autoptr(GError) local = NULL;
  GBytes *out = convert (G_CONVERTER (z), data, GJ_CHANGESET_MAX_BYTES, &local);

  if (out == NULL)
    {
      if (local->domain == GJ_SYNC_ERROR)
        g_propagate_error (error, g_steal_pointer (&local));
      else
        g_set_error (error, GJ_SYNC_ERROR, GJ_SYNC_ERROR_MALFORMED,
                     _("The changeset is malformed: %s. Nothing was applied."), local->message);
    }
  return out;
}
