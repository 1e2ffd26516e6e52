/* fuzz-fields.c: every field's parser, as a person types or a spreadsheet
 * cell reads. The first byte picks the field among all kinds' fields, the
 * rest is the text; what parses is formatted back for display.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#include "config.h"

#include "fuzz-common.h"
#include "gj-record.h"
#include "gj-schema.h"

static void
pick_field (guint8         n,
            const GjKind **kind_out,
            const GjField **field_out)
{
  guint total = 0;

  for (guint k = 0; k < gj_schema_n_kinds (); k++)
    total += gj_schema_kind (k)->n_fields;
  n %= total;
  for (guint k = 0; k < gj_schema_n_kinds (); k++)
    {
      const GjKind *kind = gj_schema_kind (k);

      if (n < kind->n_fields)
        {
          *kind_out = kind;
          *field_out = &kind->fields[n];
          return;
        }
      n -= kind->n_fields;
    }
  g_assert_not_reached ();
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  const GjKind *kind;
  const GjField *field;
  g_autoptr(GjRecord) record = NULL;
  g_autofree char *text = NULL;

  if (size == 0)
    return 0;
  pick_field (data[0], &kind, &field);
  /* Every caller hands the parser a C string (command line, entry, CSV
   * cell); like them, the text ends at the first NUL. */
  text = g_strndup ((const char *) data + 1, size - 1);
  record = gj_record_new (kind);
  if (!gj_record_parse (record, field->name, text, NULL))
    {
      if (gj_record_is_set (record, field->name))
        fuzz_fail ("a refused text still set the field", NULL);
      return 0;
    }
  for (int mask = 0; mask <= 1; mask++)
    {
      g_autofree char *shown = gj_record_format (record, field->name, mask);

      if (shown == NULL || !g_utf8_validate (shown, -1, NULL))
        fuzz_fail ("a parsed value formats as text that is not UTF-8", NULL);
    }
  return 0;
}
