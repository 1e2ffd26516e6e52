/* gj-import-normalize.h: what people type in ledgers, as Gongjian stores it
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include "gj-schema.h"
#include "gj-sheet.h"

G_BEGIN_DECLS

/* Turns one spreadsheet cell into the text gj_record_parse() accepts for
 * @field, so that the one parser and validator of typed values still has
 * the last word:
 *
 * - full-width digits, letters and punctuation become half-width (NFKC),
 *   spaces around and, for codes and phones, inside are removed;
 * - "无", "/", "-", "—", "——", "暂无", "N/A" and the like mean empty
 *   (returns NULL, no error) in any field that is not text;
 * - dates: Excel dates and serial numbers, 2023年3月21日, 2023.3.21,
 *   2023/03/21, 2023-3-21, 20230321, 2023年3月 and 2023.3 (the month's
 *   first day, with a note that says so);
 * - mobiles: +86 / 0086 prefixes, dashes, spaces, numbers stored as numbers;
 * - money: "20万", "1.5万元", "¥1,200.00", "1200元";
 * - whole numbers: "25人", "1,200" (a note says what was dropped);
 * - flags: 是/否/有/无/√/×/Y/N;
 * - enumerations: the key, the English label, the Chinese term of the
 *   policy texts, and near variants (民非 for 民办非企业单位, 社团, 备案
 *   组织, a term with 类 or 型 after it, one term containing the other when
 *   only one value fits);
 * - credit codes and resident IDs: upper case, no spaces;
 * - references: the text cleaned; resolving a name to a record is the
 *   importer's job (gj-import.c).
 *
 * Returns the text for gj_record_parse(), NULL for an empty cell, or NULL
 * with an error (GJ_DATA_ERROR_INVALID, field set) that names the field and
 * quotes the cell. *@note, if not NULL, receives a translated remark when
 * the value was kept with a change the person should know of (a month-only
 * date), else NULL. */
char *gj_import_normalize (const GjField    *field,
                           GjSheetCellType   type,
                           const char       *text,
                           char            **note,
                           GError          **error) G_GNUC_WARN_UNUSED_RESULT;

/* A name as two ledgers spell it alike: NFKC, no spaces or invisible
 * characters, ASCII lower case, no trailing full stop. Used to match
 * records and to find duplicates inside a file. */
char *gj_import_name_key  (const char *name) G_GNUC_WARN_UNUSED_RESULT;

G_END_DECLS
