/* gj-changeset.c: pages of cells as JSON on the wire
 *
 * A page is one JSON object:
 *
 *   { "protocol": 1, "schema": 1, "site": "<sender>", "clock": <sender HLC>,
 *     "next": [floor, pos], "more": false,
 *     "sites": ["<site id>", …],
 *     "rows": [ ["organization", "<id>", [ ["name", "…", <hlc>, <site#>, <seen>], … ]], … ] }
 *
 * Fields travel by name, not position, so that a peer never writes a value
 * into the wrong column of a schema it reads differently. Site ids are
 * listed once per page and referred to by position.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-changeset"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>
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
  cs->schema = GJ_SCHEMA_VERSION;
  cs->cells = g_ptr_array_new_with_free_func ((GDestroyNotify) gj_cell_free);
  return cs;
}

void
gj_changeset_free (GjChangeset *cs)
{
  if (cs == NULL)
    return;
  g_clear_pointer (&cs->cells, g_ptr_array_unref);
  g_free (cs);
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
  g_string_append (out, "],\"rows\":[");
  for (guint i = 0; i < cs->cells->len;)
    {
      GjCell *first = g_ptr_array_index (cs->cells, i);
      const GjKind *kind = gj_schema_kind_by_index (first->kind);
      gboolean first_cell = TRUE;

      g_assert (kind != NULL);
      if (i)
        g_string_append_c (out, ',');
      g_string_append_c (out, '[');
      append_string (out, kind->name);
      g_string_append_c (out, ',');
      append_string (out, first->row);
      g_string_append (out, ",[");
      for (; i < cs->cells->len; i++)
        {
          GjCell *c = g_ptr_array_index (cs->cells, i);

          if (c->kind != first->kind || strcmp (c->row, first->row) != 0)
            break;
          if (!first_cell)
            g_string_append_c (out, ',');
          first_cell = FALSE;
          g_string_append_c (out, '[');
          append_string (out, c->column < kind->n_fields ? kind->fields[c->column].name
                                                         : GJ_DELETED_FIELD_NAME);
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

static gboolean
is_int (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_INT64;
}

static gboolean
is_site_id (const char *s)
{
  if (s == NULL || strlen (s) != GJ_SITE_ID_LEN)
    return FALSE;
  for (const char *p = s; *p; p++)
    if (!g_ascii_isxdigit (*p) || g_ascii_isupper (*p))
      return FALSE;
  return TRUE;
}

/* A value is taken as the JSON type it has; whether that type and value
 * suit the field is the data layer's check (gj_field_check_value()), the
 * same one a local write passes, so that a wrong value costs its row, not
 * the page. Only the tombstone is checked here: it is not a field. */
static gboolean
decode_value (const GjKind  *kind,
              guint          column,
              JsonNode      *node,
              GjValue       *out,
              GError       **error)
{
  GType type;

  if (JSON_NODE_HOLDS_NULL (node))
    {
      if (column >= kind->n_fields)
        goto wrong;
      gj_value_set_null (out);
      return TRUE;
    }
  if (!JSON_NODE_HOLDS_VALUE (node))
    goto wrong;

  type = json_node_get_value_type (node);
  if (column >= kind->n_fields)
    {
      gint64 v;

      if (type != G_TYPE_INT64 || ((v = json_node_get_int (node)) != 0 && v != 1))
        goto wrong;
      gj_value_set_int (out, v);
      return TRUE;
    }

  if (type == G_TYPE_INT64)
    gj_value_set_int (out, json_node_get_int (node));
  else if (type == G_TYPE_DOUBLE)
    gj_value_set_real (out, json_node_get_double (node));
  else if (type == G_TYPE_STRING)
    gj_value_set_text (out, json_node_get_string (node));
  else if (type == G_TYPE_BOOLEAN)
    gj_value_set_int (out, json_node_get_boolean (node) ? 1 : 0);
  else
    goto wrong;
  return TRUE;

wrong:
  g_set_error (error, GJ_SYNC_ERROR, GJ_SYNC_ERROR_WRONG_TYPE,
               _("The changeset has a value of the wrong type for %s.%s. Nothing was applied."),
               kind->name, column < kind->n_fields ? kind->fields[column].name : GJ_DELETED_FIELD_NAME);
  return FALSE;
}

static gboolean
decode_rows (GjChangeset  *cs,
             JsonArray    *rows,
             JsonArray    *sites,
             GError      **error)
{
  guint n_sites = json_array_get_length (sites);

  for (guint s = 0; s < n_sites; s++)
    {
      JsonNode *n = json_array_get_element (sites, s);

      if (!JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_STRING ||
          !is_site_id (json_node_get_string (n)))
        return malformed (error, _("a device id is not 32 hexadecimal digits"));
    }

  for (guint r = 0; r < json_array_get_length (rows); r++)
    {
      JsonNode *row_node = json_array_get_element (rows, r);
      JsonArray *row, *cells;
      const char *kind_name, *id;
      const GjKind *kind;

      if (!JSON_NODE_HOLDS_ARRAY (row_node) ||
          json_array_get_length (row = json_node_get_array (row_node)) != 3 ||
          json_node_get_value_type (json_array_get_element (row, 0)) != G_TYPE_STRING ||
          json_node_get_value_type (json_array_get_element (row, 1)) != G_TYPE_STRING ||
          !JSON_NODE_HOLDS_ARRAY (json_array_get_element (row, 2)))
        return malformed (error, _("a row is not [kind, id, cells]"));
      kind_name = json_array_get_string_element (row, 0);
      id = json_array_get_string_element (row, 1);
      cells = json_array_get_array_element (row, 2);
      if ((kind = gj_schema_lookup (kind_name)) == NULL)
        {
          g_set_error (error, GJ_SYNC_ERROR, GJ_SYNC_ERROR_UNKNOWN_KIND,
                       _("The changeset has records of an unknown kind “%s”; update Gongjian. "
                         "Nothing was applied."), kind_name);
          return FALSE;
        }
      if (!gj_record_id_is_valid (id))
        return malformed (error, _("a record id is not 1 to 64 letters, digits or “-._:”"));

      for (guint c = 0; c < json_array_get_length (cells); c++)
        {
          JsonNode *cell_node = json_array_get_element (cells, c);
          JsonArray *a;
          g_autoptr(GjCell) cell = NULL;
          const char *field;
          int column;
          gint64 hlc, site, seen;

          if (!JSON_NODE_HOLDS_ARRAY (cell_node) ||
              json_array_get_length (a = json_node_get_array (cell_node)) != 5 ||
              json_node_get_value_type (json_array_get_element (a, 0)) != G_TYPE_STRING ||
              !is_int (json_array_get_element (a, 2)) || !is_int (json_array_get_element (a, 3)) ||
              !is_int (json_array_get_element (a, 4)))
            return malformed (error, _("a cell is not [field, value, clock, device, seen]"));
          field = json_array_get_string_element (a, 0);
          column = gj_kind_field_index (kind, field);
          if (column < 0)
            {
              g_set_error (error, GJ_SYNC_ERROR, GJ_SYNC_ERROR_UNKNOWN_FIELD,
                           _("The changeset has an unknown field %s.%s; update Gongjian. "
                             "Nothing was applied."), kind_name, field);
              return FALSE;
            }
          hlc = json_array_get_int_element (a, 2);
          site = json_array_get_int_element (a, 3);
          seen = json_array_get_int_element (a, 4);
          if (hlc <= 0 || seen < 0 || seen > hlc || site < 0 || site >= n_sites)
            return malformed (error, _("a cell has an invalid clock or device"));

          cell = gj_cell_new ();
          cell->kind = kind->index;
          cell->column = column;
          cell->row = g_strdup (id);
          cell->hlc = hlc;
          cell->seen = seen;
          g_strlcpy (cell->site, json_array_get_string_element (sites, site), sizeof cell->site);
          if (!decode_value (kind, column, json_array_get_element (a, 1), &cell->value, error))
            return FALSE;
          g_ptr_array_add (cs->cells, g_steal_pointer (&cell));
        }
    }
  return TRUE;
}

GjChangeset *
gj_changeset_decode (GBytes   *json,
                     guint64   now_hlc,
                     GError  **error)
{
  g_autoptr(JsonParser) parser = json_parser_new_immutable ();
  g_autoptr(GjChangeset) cs = NULL;
  g_autoptr(GError) parse_error = NULL;
  const GjJsonLimits limits = { GJ_CHANGESET_MAX_DEPTH, GJ_CHANGESET_MAX_NODES };
  JsonNode *root;
  JsonObject *obj;
  JsonNode *n;
  JsonArray *next;
  gsize len;
  const char *data = g_bytes_get_data (json, &len);

  if (len > GJ_CHANGESET_MAX_BYTES)
    {
      g_set_error (error, GJ_SYNC_ERROR, GJ_SYNC_ERROR_TOO_LARGE,
                   _("The changeset is larger than %d MB. Nothing was applied."),
                   GJ_CHANGESET_MAX_BYTES / (1024 * 1024));
      return NULL;
    }
  /* json-glib recurses per nesting level and builds every node before we
   * see one: what it is handed has been bounded first. */
  if (!gj_json_scan (data ? data : "", len, &limits, error))
    return NULL;
  if (!json_parser_load_from_data (parser, data ? data : "", len, &parse_error))
    {
      malformed (error, parse_error->message);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      malformed (error, _("it is not a JSON object"));
      return NULL;
    }
  obj = json_node_get_object (root);

  cs = gj_changeset_new ();
  if (!(n = json_object_get_member (obj, "protocol")) || !is_int (n) ||
      !json_object_get_member (obj, "schema") || !is_int (json_object_get_member (obj, "schema")))
    {
      malformed (error, _("the protocol or schema version is missing"));
      return NULL;
    }
  cs->protocol = json_node_get_int (n);
  cs->schema = json_object_get_int_member (obj, "schema");
  if (cs->protocol > GJ_PROTOCOL_VERSION || cs->schema > GJ_SCHEMA_VERSION)
    {
      g_set_error (error, GJ_SYNC_ERROR, GJ_SYNC_ERROR_NEWER_VERSION,
                   _("The other device runs a newer version of Gongjian (protocol %d, format %d; "
                     "this one reads up to %d and %d). Update Gongjian on this device."),
                   cs->protocol, cs->schema, GJ_PROTOCOL_VERSION, GJ_SCHEMA_VERSION);
      return NULL;
    }

  if (!(n = json_object_get_member (obj, "site")) || !JSON_NODE_HOLDS_VALUE (n) ||
      json_node_get_value_type (n) != G_TYPE_STRING || !is_site_id (json_node_get_string (n)))
    {
      malformed (error, _("the sender's device id is missing"));
      return NULL;
    }
  g_strlcpy (cs->site, json_node_get_string (n), sizeof cs->site);

  if (!(n = json_object_get_member (obj, "clock")) || !is_int (n) || json_node_get_int (n) < 0)
    {
      malformed (error, _("the sender's clock is missing"));
      return NULL;
    }
  cs->clock = json_node_get_int (n);
  /* Optional: the sender's wall clock, so that a device can tell its person
   * that its own clock is wrong. Older senders do not send it. */
  if ((n = json_object_get_member (obj, "time")) != NULL && is_int (n))
    cs->time_ms = json_node_get_int (n);

  if (!(n = json_object_get_member (obj, "next")) || !JSON_NODE_HOLDS_ARRAY (n) ||
      json_array_get_length (next = json_node_get_array (n)) != 2 ||
      !is_int (json_array_get_element (next, 0)) || !is_int (json_array_get_element (next, 1)))
    {
      malformed (error, _("the cursor is missing"));
      return NULL;
    }
  cs->next.floor = json_array_get_int_element (next, 0);
  cs->next.pos = json_array_get_int_element (next, 1);
  if (cs->next.floor < 0 || cs->next.floor > cs->next.pos)
    {
      malformed (error, _("the cursor is inconsistent"));
      return NULL;
    }

  n = json_object_get_member (obj, "more");
  if (n == NULL || !JSON_NODE_HOLDS_VALUE (n) || json_node_get_value_type (n) != G_TYPE_BOOLEAN)
    {
      malformed (error, _("the “more” flag is missing"));
      return NULL;
    }
  cs->more = json_node_get_boolean (n);

  if (!json_object_has_member (obj, "sites") || !JSON_NODE_HOLDS_ARRAY (json_object_get_member (obj, "sites")) ||
      !json_object_has_member (obj, "rows") || !JSON_NODE_HOLDS_ARRAY (json_object_get_member (obj, "rows")))
    {
      malformed (error, _("the rows are missing"));
      return NULL;
    }
  if (!decode_rows (cs, json_object_get_array_member (obj, "rows"),
                    json_object_get_array_member (obj, "sites"), error))
    return NULL;
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
