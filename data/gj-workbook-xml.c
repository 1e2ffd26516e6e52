/* gj-workbook-xml.c: streaming the XML parts of an XLSX zip
 *
 * Each part is read straight from its zip member with libxml2's
 * xmlTextReader through a byte budget, so that neither a large sheet nor
 * a zip bomb is ever held whole in memory.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-workbook"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <gsf/gsf-infile-impl.h>
#include <libxml/xmlreader.h>
#include <string.h>

#include "gj-data-error.h"
#include "gj-workbook-private.h"

/* gsf_infile_child_by_index() turns a member it cannot open (a damaged
 * deflate stream) into a g_warning(), which tests make fatal; the class's
 * own function, in libgsf's public header for implementations, gives the
 * error instead, and the caller's message says the part is damaged. */
static GsfInput *
child_by_index (GsfInfile *dir,
                int        i)
{
  g_autoptr(GError) error = NULL;

  return GSF_INFILE_CLASS (G_OBJECT_GET_CLASS (dir))->child_by_index (dir, i, &error);
}

/* A zip member by path. OPC part names compare without case, and some
 * writers differ in it from their own relationships, so each level is
 * matched case-insensitively. ".." and "." are resolved first. */
GsfInput *
gj_xml_open_member (GsfInfile  *zip,
                    const char *path)
{
  g_auto(GStrv) parts = g_strsplit (path, "/", -1);
  g_autoptr(GPtrArray) names = g_ptr_array_new ();
  g_autoptr(GsfInfile) dir = g_object_ref (zip);

  for (guint i = 0; parts[i] != NULL; i++)
    {
      if (parts[i][0] == '\0' || strcmp (parts[i], ".") == 0)
        continue;
      if (strcmp (parts[i], "..") == 0)
        {
          if (names->len > 0)
            g_ptr_array_set_size (names, names->len - 1);
          continue;
        }
      g_ptr_array_add (names, parts[i]);
    }
  for (guint i = 0; i < names->len; i++)
    {
      int n = gsf_infile_num_children (dir), found = -1;
      g_autoptr(GsfInput) child = NULL;

      for (int j = 0; j < n && found < 0; j++)
        {
          const char *name = gsf_infile_name_by_index (dir, j);

          if (name != NULL && g_ascii_strcasecmp (name, names->pdata[i]) == 0)
            found = j;
        }
      if (found < 0)
        return NULL;
      child = child_by_index (dir, found);
      if (child == NULL)
        return NULL;
      if (i + 1 == names->len)
        return g_steal_pointer (&child);
      if (!GSF_IS_INFILE (child))
        return NULL;
      g_clear_object (&dir);
      dir = GSF_INFILE (g_steal_pointer (&child));
    }
  return NULL;
}

static int
part_read_cb (void *ctx,
              char *buffer,
              int   len)
{
  GjXmlStream *ps = ctx;
  gsf_off_t remaining = gsf_input_remaining (ps->input);
  int n = (int) MIN ((gsf_off_t) len, MAX (remaining, 0));

  if (n <= 0)
    return 0;
  if (ps->consumed + n > GJ_XML_PART_MAX_BYTES)
    {
      ps->over_budget = TRUE;
      return -1;
    }
  if (gsf_input_read (ps->input, n, (guint8 *) buffer) == NULL)
    {
      ps->broken = TRUE;
      return -1;
    }
  ps->consumed += n;
  return n;
}

static int
part_close_cb (void *ctx)
{
  return 0;
}

/* libxml2 would print parse errors on stderr; the reader's return value
 * says enough, and the message we give names the file and the part. */
static void
quiet_error_cb (void                    *arg,
                const char              *msg,
                xmlParserSeverities      severity,
                xmlTextReaderLocatorPtr  locator)
{
}

void
gj_xml_part_close (GjXmlPart *part)
{
  g_clear_pointer (&part->reader, xmlFreeTextReader);
  g_clear_object (&part->stream.input);
}

void
gj_workbook_set_damaged (GjWorkbook  *self,
                         const char  *part,
                         GError     **error)
{
  gj_data_error_set (error, GJ_DATA_ERROR_INVALID, NULL,
                     _("The workbook “%s” is damaged: its part “%s” cannot be read. Open it in "
                       "Excel or WPS, save it again and choose the saved file."),
                     self->display_name, part);
}

/* Opens @path for streaming; FALSE with no error if @optional and absent. */
gboolean
gj_xml_part_open (GjXmlPart   *part,
                  GjWorkbook  *self,
                  const char  *path,
                  gboolean     optional,
                  GError     **error)
{
  memset (part, 0, sizeof *part);
  part->workbook = self;
  part->part = path;
  part->stream.input = gj_xml_open_member (self->zip, path);
  if (part->stream.input == NULL)
    {
      if (!optional)
        gj_workbook_set_damaged (self, path, error);
      return FALSE;
    }
  part->reader = xmlReaderForIO (part_read_cb, part_close_cb, &part->stream, path, NULL,
                                 XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING);
  if (part->reader == NULL)
    {
      gj_workbook_set_damaged (self, path, error);
      return FALSE;
    }
  xmlTextReaderSetErrorHandler (part->reader, quiet_error_cb, NULL);
  return TRUE;
}

/* The next node: 1, 0 at the end, or -1 with @error set. OOXML has no
 * DTD; one in a part can only be there to expand entities. */
int
gj_xml_part_next (GjXmlPart  *part,
                  GError    **error)
{
  int ret = xmlTextReaderRead (part->reader);

  if (ret == 1 && xmlTextReaderNodeType (part->reader) == XML_READER_TYPE_DOCUMENT_TYPE)
    ret = -1;
  if (ret >= 0)
    return ret;
  if (part->stream.over_budget)
    gj_data_error_set (error, GJ_DATA_ERROR_INVALID, NULL,
                       _("The workbook “%s” unpacks to more than %u MB in its part “%s”; it "
                         "may be damaged or built to exhaust memory. Save the sheet again "
                         "from Excel or WPS."),
                       part->workbook->display_name, (guint) (GJ_XML_PART_MAX_BYTES >> 20),
                       part->part);
  else
    gj_workbook_set_damaged (part->workbook, part->part, error);
  return -1;
}

gboolean
gj_xml_is_element (GjXmlPart  *part,
                   const char *local_name)
{
  const xmlChar *name;

  if (xmlTextReaderNodeType (part->reader) != XML_READER_TYPE_ELEMENT)
    return FALSE;
  name = xmlTextReaderConstLocalName (part->reader);
  return name != NULL && strcmp ((const char *) name, local_name) == 0;
}

gboolean
gj_xml_is_end (GjXmlPart  *part,
               const char *local_name)
{
  const xmlChar *name;

  if (xmlTextReaderNodeType (part->reader) != XML_READER_TYPE_END_ELEMENT)
    return FALSE;
  name = xmlTextReaderConstLocalName (part->reader);
  return name != NULL && strcmp ((const char *) name, local_name) == 0;
}

gboolean
gj_xml_is_text (GjXmlPart *part)
{
  switch (xmlTextReaderNodeType (part->reader))
    {
    case XML_READER_TYPE_TEXT:
    case XML_READER_TYPE_CDATA:
    case XML_READER_TYPE_WHITESPACE:
    case XML_READER_TYPE_SIGNIFICANT_WHITESPACE:
      return TRUE;
    default:
      return FALSE;
    }
}

/* The current element's attribute with @local_name in any namespace (r:id
 * and the strict schema's id alike), or NULL. The reader may keep an
 * attribute's value in one buffer that the next look-up overwrites, so
 * values are copied: into @buf when it is given (a value that does not fit
 * becomes "?", which no caller accepts), else into a new string. */
char *
gj_xml_attribute (GjXmlPart  *part,
                  const char *local_name,
                  char       *buf,
                  gsize       size)
{
  char *value = NULL;

  if (xmlTextReaderMoveToFirstAttribute (part->reader) != 1)
    return NULL;
  do
    {
      const xmlChar *name = xmlTextReaderConstLocalName (part->reader);

      if (name != NULL && strcmp ((const char *) name, local_name) == 0)
        {
          const char *v = (const char *) xmlTextReaderConstValue (part->reader);

          if (v == NULL)
            break;
          if (buf == NULL)
            value = g_strdup (v);
          else if (g_strlcpy (buf, v, size) < size)
            value = buf;
          else
            value = strcpy (buf, "?");
          break;
        }
    }
  while (xmlTextReaderMoveToNextAttribute (part->reader) == 1);
  xmlTextReaderMoveToElement (part->reader);
  return value;
}

char *
gj_xml_attribute_dup (GjXmlPart  *part,
                      const char *local_name)
{
  return gj_xml_attribute (part, local_name, NULL, 0);
}

gboolean
gj_xml_parse_uint (const char *text,
                   guint64     max,
                   guint64    *out)
{
  guint64 v = 0;

  if (text == NULL || !g_ascii_isdigit (*text))
    return FALSE;
  for (; g_ascii_isdigit (*text); text++)
    {
      v = v * 10 + (*text - '0');
      if (v > max)
        return FALSE;
    }
  *out = v;
  return *text == '\0';
}

