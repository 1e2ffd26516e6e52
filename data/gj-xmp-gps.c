/* gj-xmp-gps.c: erasing the GPS position an XMP packet carries
 *
 * Photo editors and gallery apps write a position into XMP as
 * exif:GPSLatitude and its siblings, as attributes of an rdf:Description
 * or as elements inside one, under whatever prefix the writer bound to the
 * EXIF namespace. No XML library parses these untrusted bytes: the packet
 * only ever loses bytes to spaces, in place, so a small walk over tags
 * that knows quotes, comments, CDATA and processing instructions is
 * enough, and it never allocates.
 *
 * The rule is deliberately blunt where it cannot be sure. A property is
 * recognised by the words in its local name (any case: "gps", "latitude",
 * "longitude", DJI's "longtitude"), not by its namespace, so no prefix
 * trick hides one. After the edit the whole packet is searched once more
 * for those words, NUL bytes skipped (UTF-16 text): if any is left, in a
 * comment, in a name the walk did not take for a property, or because the
 * packet was not XML the walk could follow, the whole packet becomes
 * spaces. That costs the other XMP properties of an odd packet (the EXIF
 * segment with the orientation and date is apart and stays), and in
 * exchange no reader, however lenient, can find a position in what is
 * left.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-xmp-gps"

#include "config.h"

#include <string.h>

#include "gj-xmp-gps.h"

#define BLANK ' '

/* In lower case; each ends in 's' or 'e', which the scan checks first. */
static const char *const keywords[] = { "gps", "latitude", "longitude", "longtitude" };

gboolean
gj_xmp_gps_scan (GjXmpGpsScan *scan,
                 const guint8 *data,
                 gsize         len)
{
  g_return_val_if_fail (scan != NULL, FALSE);
  g_return_val_if_fail (data != NULL || len == 0, FALSE);

  for (gsize i = 0; i < len; i++)
    {
      char c = g_ascii_tolower ((char) data[i]);

      if (c == '\0')
        continue;
      memmove (scan->window, scan->window + 1, GJ_XMP_GPS_WINDOW - 1);
      scan->window[GJ_XMP_GPS_WINDOW - 1] = c;
      if (c != 's' && c != 'e')
        continue;
      for (guint k = 0; k < G_N_ELEMENTS (keywords); k++)
        {
          gsize n = strlen (keywords[k]);

          if (memcmp (scan->window + GJ_XMP_GPS_WINDOW - n, keywords[k], n) == 0)
            return TRUE;
        }
    }
  return FALSE;
}

gboolean
gj_xmp_gps_blank (guint8 *data,
                  gsize   len)
{
  gboolean changed = FALSE;

  for (gsize i = 0; i < len; i++)
    if (data[i] != BLANK)
      {
        data[i] = BLANK;
        changed = TRUE;
      }
  return changed;
}

static gboolean
mentions_position (const guint8 *data,
                   gsize         len)
{
  GjXmpGpsScan scan = { { 0 } };

  return gj_xmp_gps_scan (&scan, data, len);
}

/* Whether the element or attribute @name names a position: its local part
 * (after the prefix) holds one of the words. Namespace declarations are
 * never properties: a prefix named "gps" stays, and the final search
 * blanks the packet if that prefix is used for anything. */
static gboolean
name_is_position (const guint8 *name,
                  gsize         len)
{
  gsize local = 0;

  if (len >= 5 && memcmp (name, "xmlns", 5) == 0 && (len == 5 || name[5] == ':'))
    return FALSE;
  for (gsize i = 0; i < len; i++)
    if (name[i] == ':')
      local = i + 1;
  return mentions_position (name + local, len - local);
}

static gboolean
is_space (guint8 c)
{
  return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

/* Loosely an XML name character: enough to find where a name ends, since
 * a name that is not XML only makes the walk give up. */
static gboolean
is_name_char (guint8 c)
{
  return c > ' ' && c != '<' && c != '>' && c != '/' && c != '=' && c != '"' && c != '\'' &&
         c != 0x7f;
}

static gboolean
starts (const guint8 *p,
        gsize         len,
        gsize         pos,
        const char   *text)
{
  gsize n = strlen (text);

  return pos <= len && n <= len - pos && memcmp (p + pos, text, n) == 0;
}

/* The position just after the first @text at or after @pos, or 0 when
 * there is none (0 is never a valid answer: @text is not empty). */
static gsize
skip_past (const guint8 *p,
           gsize         len,
           gsize         pos,
           const char   *text)
{
  gsize n = strlen (text);

  for (; pos < len && n <= len - pos; pos++)
    if (memcmp (p + pos, text, n) == 0)
      return pos + n;
  return 0;
}

static gsize
skip_spaces (const guint8 *p,
             gsize         len,
             gsize         pos)
{
  while (pos < len && is_space (p[pos]))
    pos++;
  return pos;
}

static gsize
skip_name (const guint8 *p,
           gsize         len,
           gsize         pos)
{
  while (pos < len && is_name_char (p[pos]))
    pos++;
  return pos;
}

/* Walks the attributes of a start tag from *@pos to its '>' (past it on
 * return), blanking those that name a position unless @inside (the tag is
 * within an element that goes whole). Sets *@empty for "/>". FALSE when
 * the tag is not one the walk can follow. */
static gboolean
walk_attributes (guint8   *p,
                 gsize     len,
                 gsize    *pos,
                 gboolean  inside,
                 gboolean *empty)
{
  gsize i = *pos;

  *empty = FALSE;
  for (;;)
    {
      gsize before = i, attr, attr_end;
      guint8 quote;

      i = skip_spaces (p, len, i);
      if (i >= len)
        return FALSE;
      if (p[i] == '>' || p[i] == '/')
        {
          *empty = p[i] == '/';
          if (*empty && (i + 1 >= len || p[++i] != '>'))
            return FALSE;
          *pos = i + 1;
          return TRUE;
        }
      /* Attributes are apart from the name and from each other. */
      if (i == before)
        return FALSE;
      attr = i;
      attr_end = i = skip_name (p, len, i);
      if (attr_end == attr)
        return FALSE;
      i = skip_spaces (p, len, i);
      if (i >= len || p[i] != '=')
        return FALSE;
      i = skip_spaces (p, len, i + 1);
      if (i >= len || (p[i] != '"' && p[i] != '\''))
        return FALSE;
      quote = p[i++];
      while (i < len && p[i] != quote)
        {
          if (p[i] == '<' || p[i] == '\0')
            return FALSE;
          i++;
        }
      if (i >= len)
        return FALSE;
      i++;
      /* The name, its '=' and its quoted value become spaces: what is left
       * is the same tag without that attribute. */
      if (!inside && name_is_position (p + attr, attr_end - attr))
        memset (p + attr, BLANK, i - attr);
    }
}

/* Blanks every property of @p that names a position, as the header
 * says. FALSE when the packet is not XML this walk can follow (what it
 * blanked before giving up stays blanked). */
static gboolean
remove_properties (guint8 *p,
                   gsize   len)
{
  gsize pos = 0;
  gsize gps_start = 0, gps_name = 0, gps_name_len = 0;
  guint depth = 0;  /* above 0 inside an element that names a position */

  for (;;)
    {
      gsize tag, name, name_end;
      gboolean empty;

      for (; pos < len && p[pos] != '<'; pos++)
        if (p[pos] == '\0')
          return FALSE;
      if (pos >= len)
        return depth == 0;
      tag = pos;

      if (starts (p, len, pos, "<!--"))
        pos = skip_past (p, len, pos + 4, "-->");
      else if (starts (p, len, pos, "<![CDATA["))
        pos = skip_past (p, len, pos + 9, "]]>");
      else if (starts (p, len, pos, "<?"))
        pos = skip_past (p, len, pos + 2, "?>");
      else if (starts (p, len, pos, "<!"))
        return FALSE;  /* a DOCTYPE, which could define entities */
      else if (starts (p, len, pos, "</"))
        {
          name = pos + 2;
          name_end = skip_name (p, len, name);
          pos = skip_spaces (p, len, name_end);
          if (name_end == name || pos >= len || p[pos] != '>')
            return FALSE;
          pos++;
          if (depth > 0 && --depth == 0)
            {
              if (name_end - name != gps_name_len ||
                  memcmp (p + name, p + gps_name, gps_name_len) != 0)
                return FALSE;
              /* The whole element, start tag to end tag, goes. */
              memset (p + gps_start, BLANK, pos - gps_start);
            }
          continue;
        }
      else
        {
          name = pos + 1;
          name_end = skip_name (p, len, name);
          pos = name_end;
          if (name_end == name || !walk_attributes (p, len, &pos, depth > 0, &empty))
            return FALSE;
          if (depth > 0)
            depth += empty ? 0 : 1;
          else if (name_is_position (p + name, name_end - name))
            {
              if (empty)
                memset (p + tag, BLANK, pos - tag);
              else
                {
                  depth = 1;
                  gps_start = tag;
                  gps_name = name;
                  gps_name_len = name_end - name;
                }
            }
          continue;
        }
      /* A comment, CDATA or processing instruction that does not end. */
      if (pos == 0)
        return FALSE;
    }
}

gboolean
gj_xmp_gps_erase (guint8 *packet,
                  gsize   len)
{
  g_return_val_if_fail (packet != NULL || len == 0, FALSE);

  if (!mentions_position (packet, len))
    return FALSE;
  if (remove_properties (packet, len) && !mentions_position (packet, len))
    return TRUE;
  gj_xmp_gps_blank (packet, len);
  return TRUE;
}
