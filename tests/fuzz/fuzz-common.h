/* fuzz-common.h: what the libFuzzer harnesses share
 *
 * Each harness defines LLVMFuzzerTestOneInput() only. Built with
 * -fsanitize=fuzzer it is driven by libFuzzer; built with replay-main.c it
 * runs over the files of its corpus and regressions as a plain test, so
 * every crash ever found stays a test without clang.
 *
 * A harness calls abort() when a property fails: libFuzzer and the replay
 * test both report that as a crash with the input that caused it.
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */
#pragma once

#include <glib.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "gj-changeset.h"
#include "gj-hlc.h"

G_BEGIN_DECLS

int LLVMFuzzerTestOneInput (const uint8_t *data,
                            size_t         size);

/* The receiver's clock: as far ahead as the skew check allows without
 * wrapping, so that every sender clock passes it and the fuzzer reaches
 * the rows. Fixed, so that a crash reproduces on another day. */

static inline void
fuzz_fail (const char *what,
           GError     *error)
{
  fprintf (stderr, "fuzz property failed: %s%s%s\n", what,
           error ? ": " : "", error ? error->message : "");
  abort ();
}

/* Whatever the decoder accepts, the encoder writes back in a form the
 * decoder accepts again, and a second trip changes nothing: a device
 * relays what it took in, and its peers must be able to read it. */
static inline void
fuzz_check_round_trip (const GjChangeset *cs)
{
  g_autoptr(GBytes) once = gj_changeset_encode (cs);
  g_autoptr(GBytes) twice = NULL;
  g_autoptr(GjChangeset) again = NULL;
  g_autoptr(GError) error = NULL;

  again = gj_changeset_decode (once, &error);
  if (again == NULL)
    fuzz_fail ("an encoded changeset does not decode", error);
  if (again->cells->len != cs->cells->len)
    fuzz_fail ("a round trip changes the number of cells", NULL);
  twice = gj_changeset_encode (again);
  if (!g_bytes_equal (once, twice))
    fuzz_fail ("a second round trip changes the changeset", NULL);
}

G_END_DECLS
