/*
 * parley/text.h — bytes of text from a scenario file, made safe for where they go.
 *
 * Scenario strings (titles, labels, units) are bytes as the file holds them. Before they reach a
 * program (JSON, TSV) they must be valid UTF-8; before they reach a terminal they must carry no
 * control characters. These functions decide, byte by byte, what is valid.
 */
#ifndef PARLEY_TEXT_H
#define PARLEY_TEXT_H

#include <stddef.h>

/* The length (1 to 4) of the valid UTF-8 sequence that starts at s, or 0 when the bytes at s are
 * not one (a stray continuation byte, a truncated sequence, an overlong form, a surrogate, or a
 * code point above U+10FFFF; RFC 3629). s[0] must not be NUL; the sequence never reads past a NUL.
 */
size_t pl_text_utf8_seq(const char *s);

/* s made safe for a terminal, in buf (at most n - 1 bytes and a NUL; a sequence that does not fit
 * whole is left out): valid UTF-8 as it is, control characters and invalid bytes as "\xNN", so that
 * a title cannot move the cursor, recolour or retitle the terminal. Returns buf. */
const char *pl_text_terminal(const char *s, char *buf, size_t n);

/* "\xEF\xBF\xBD": U+FFFD REPLACEMENT CHARACTER, written in place of each invalid byte. */
#define PL_TEXT_REPLACEMENT "\xEF\xBF\xBD"

#endif /* PARLEY_TEXT_H */
