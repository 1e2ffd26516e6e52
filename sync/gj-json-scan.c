/* gj-json-scan.c: a strict, bounded check of JSON text before it is parsed
 *
 * The scan is a loop over the bytes with an explicit stack of container
 * kinds, so that hostile nesting costs one byte of stack per level here and
 * never a C stack frame; it allocates nothing. It is deliberately stricter
 * than json-glib 1.6, whose GScanner-based lexer accepts octal escapes and
 * lone surrogates and turns 1e999 into infinity: anything that passes here
 * means the same to every JSON reader, so what one device relays, the next
 * one reads.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#define G_LOG_DOMAIN "gj-json-scan"

#include "config.h"

#include <errno.h>
#include <glib/gi18n-lib.h>
#include <math.h>
#include <string.h>

#include "gj-json-scan.h"
#include "gj-sync-error.h"

/* The longest number text looked at: 64-bit integers have 20 characters,
 * and a double needs no more than 17 significant digits and an exponent. */
#define MAX_NUMBER_LEN 40

typedef enum
{
  EXPECT_VALUE,
  EXPECT_VALUE_OR_CLOSE,   /* just after '[' */
  EXPECT_KEY_OR_CLOSE,     /* just after '{' */
  EXPECT_KEY,              /* after ',' in an object */
  EXPECT_COLON,
  EXPECT_COMMA_OR_CLOSE,
  EXPECT_END,
} State;

typedef struct
{
  const char *start;
  GError    **error;
} Scan;

static gboolean
fail (Scan       *scan,
      const char *at,
      const char *what)
{
  g_set_error (scan->error, GJ_SYNC_ERROR, GJ_SYNC_ERROR_MALFORMED,
               _("The changeset is malformed: %s at byte %lu. Nothing was applied."),
               what, (gulong) (at - scan->start));
  return FALSE;
}

static int
hex4 (const char *p,
      const char *end)
{
  int v = 0;

  if (end - p < 4)
    return -1;
  for (int i = 0; i < 4; i++)
    {
      int d = g_ascii_xdigit_value (p[i]);

      if (d < 0)
        return -1;
      v = v * 16 + d;
    }
  return v;
}

/* @p is just after the opening quote; returns the byte after the closing
 * one, or NULL. */
static const char *
scan_string (Scan       *scan,
             const char *p,
             const char *end)
{
  while (p < end)
    {
      guchar c = (guchar) *p;

      if (c == '"')
        return p + 1;
      if (c < 0x20)
        return fail (scan, p, _("a string holds a control character")), NULL;
      if (c == '\\')
        {
          if (end - p < 2)
            break;
          switch (p[1])
            {
            case '"': case '\\': case '/': case 'b': case 'f': case 'n': case 'r': case 't':
              p += 2;
              continue;
            case 'u':
              {
                int cp = hex4 (p + 2, end);

                if (cp < 0)
                  return fail (scan, p, _("a \\u escape is not four hexadecimal digits")), NULL;
                if (cp == 0)
                  return fail (scan, p, _("a string holds the character U+0000")), NULL;
                if (cp >= 0xDC00 && cp <= 0xDFFF)
                  return fail (scan, p, _("a string holds half of a UTF-16 pair")), NULL;
                if (cp >= 0xD800 && cp <= 0xDBFF)
                  {
                    int low = (end - p >= 12 && p[6] == '\\' && p[7] == 'u') ? hex4 (p + 8, end) : -1;

                    if (low < 0xDC00 || low > 0xDFFF)
                      return fail (scan, p, _("a string holds half of a UTF-16 pair")), NULL;
                    p += 12;
                  }
                else
                  p += 6;
                continue;
              }
            default:
              return fail (scan, p, _("a string has an escape JSON does not define")), NULL;
            }
        }
      if (c < 0x80)
        {
          p++;
          continue;
        }
      if (g_utf8_get_char_validated (p, end - p) >= 0x110000)
        return fail (scan, p, _("a string is not valid UTF-8")), NULL;
      p = g_utf8_next_char (p);
    }
  fail (scan, end, _("a string is not closed"));
  return NULL;
}

static const char *
digits (const char *p,
        const char *end)
{
  while (p < end && g_ascii_isdigit (*p))
    p++;
  return p;
}

static const char *
scan_number (Scan       *scan,
             const char *p,
             const char *end)
{
  const char *start = p;
  gboolean integer = TRUE;
  char buf[MAX_NUMBER_LEN + 1];
  const char *q;

  if (p < end && *p == '-')
    p++;
  if (p < end && *p == '0')
    p++;
  else if (p < end && *p >= '1' && *p <= '9')
    p = digits (p, end);
  else
    return fail (scan, start, _("a number is not written as JSON writes numbers")), NULL;
  if (p < end && *p == '.')
    {
      integer = FALSE;
      q = digits (p + 1, end);
      if (q == p + 1)
        return fail (scan, start, _("a number is not written as JSON writes numbers")), NULL;
      p = q;
    }
  if (p < end && (*p == 'e' || *p == 'E'))
    {
      integer = FALSE;
      p++;
      if (p < end && (*p == '+' || *p == '-'))
        p++;
      q = digits (p, end);
      if (q == p)
        return fail (scan, start, _("a number is not written as JSON writes numbers")), NULL;
      p = q;
    }

  if (p - start > MAX_NUMBER_LEN)
    return fail (scan, start, _("a number is too long")), NULL;
  memcpy (buf, start, p - start);
  buf[p - start] = '\0';
  errno = 0;
  if (integer)
    {
      g_ascii_strtoll (buf, NULL, 10);
      if (errno == ERANGE)
        return fail (scan, start, _("a whole number does not fit in 64 bits")), NULL;
    }
  else if (!isfinite (g_ascii_strtod (buf, NULL)))
    return fail (scan, start, _("a number is infinite")), NULL;
  return p;
}

static const char *
scan_literal (Scan       *scan,
              const char *p,
              const char *end)
{
  static const char *const words[] = { "true", "false", "null" };

  for (guint i = 0; i < G_N_ELEMENTS (words); i++)
    {
      gsize n = strlen (words[i]);

      if ((gsize) (end - p) >= n && memcmp (p, words[i], n) == 0)
        return p + n;
    }
  fail (scan, p, _("there is text that is not JSON"));
  return NULL;
}

gboolean
gj_json_scan (const char         *data,
              gsize               len,
              const GjJsonLimits *limits,
              GError            **error)
{
  Scan scan = { data, error };
  const char *p = data, *end = data + len;
  g_autofree char *stack = NULL;   /* '[' or '{' per open container */
  guint depth = 0, nodes = 0;
  State state = EXPECT_VALUE;

  g_return_val_if_fail (limits != NULL && limits->max_depth > 0, FALSE);
  g_return_val_if_fail (data != NULL || len == 0, FALSE);

  stack = g_malloc (limits->max_depth);
  for (;;)
    {
      while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
        p++;
      if (p == end)
        {
          if (state != EXPECT_END)
            return fail (&scan, p, _("the text ends too early"));
          return TRUE;
        }

      switch (state)
        {
        case EXPECT_END:
          return fail (&scan, p, _("there is more after the end"));

        case EXPECT_COLON:
          if (*p != ':')
            return fail (&scan, p, _("a “:” is missing"));
          p++;
          state = EXPECT_VALUE;
          continue;

        case EXPECT_KEY_OR_CLOSE:
        case EXPECT_KEY:
          if (*p == '}' && state == EXPECT_KEY_OR_CLOSE)
            break;   /* closed below */
          if (*p != '"')
            return fail (&scan, p, _("a member name is missing"));
          if ((p = scan_string (&scan, p + 1, end)) == NULL)
            return FALSE;
          state = EXPECT_COLON;
          continue;

        case EXPECT_COMMA_OR_CLOSE:
          if (*p == ',')
            {
              p++;
              state = stack[depth - 1] == '{' ? EXPECT_KEY : EXPECT_VALUE;
              continue;
            }
          break;   /* closed below */

        case EXPECT_VALUE_OR_CLOSE:
          if (*p == ']')
            break;
          G_GNUC_FALLTHROUGH;
        case EXPECT_VALUE:
        default:
          if (++nodes > limits->max_nodes)
            return fail (&scan, p, _("it has too many values"));
          if (*p == '[' || *p == '{')
            {
              if (depth == limits->max_depth)
                return fail (&scan, p, _("it is nested too deeply"));
              stack[depth++] = *p;
              state = *p == '[' ? EXPECT_VALUE_OR_CLOSE : EXPECT_KEY_OR_CLOSE;
              p++;
              continue;
            }
          if (*p == '"')
            p = scan_string (&scan, p + 1, end);
          else if (*p == '-' || g_ascii_isdigit (*p))
            p = scan_number (&scan, p, end);
          else
            p = scan_literal (&scan, p, end);
          if (p == NULL)
            return FALSE;
          state = depth == 0 ? EXPECT_END : EXPECT_COMMA_OR_CLOSE;
          continue;
        }

      /* A closing bracket, in a state where one may come. */
      if (depth == 0 || (*p == ']' && stack[depth - 1] != '[') ||
          (*p == '}' && stack[depth - 1] != '{') || (*p != ']' && *p != '}'))
        return fail (&scan, p, _("a bracket does not match"));
      depth--;
      p++;
      state = depth == 0 ? EXPECT_END : EXPECT_COMMA_OR_CLOSE;
    }
}

gboolean
gj_json_scan_message (GBytes *bytes)
{
  const GjJsonLimits limits = GJ_JSON_MESSAGE_LIMITS;
  gsize len = 0;
  const char *data = bytes ? g_bytes_get_data (bytes, &len) : NULL;

  return gj_json_scan (data ? data : "", len, &limits, NULL);
}
