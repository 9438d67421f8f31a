/*
 * text.c — UTF-8 validation (RFC 3629, section 4: the well-formed byte sequences).
 */
#include "text.h"

size_t pli_utf8_seq(const char *s) {
  const unsigned char *p = (const unsigned char *)s;
  unsigned c = p[0];
  if (c < 0x80) {
    return 1;
  }
  size_t n;
  unsigned lo = 0x80, hi = 0xBF; /* the allowed range of the second byte */
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    lo = c == 0xE0 ? 0xA0 : 0x80; /* no overlong forms */
    hi = c == 0xED ? 0x9F : 0xBF; /* no surrogates D800..DFFF */
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    lo = c == 0xF0 ? 0x90 : 0x80; /* no overlong forms */
    hi = c == 0xF4 ? 0x8F : 0xBF; /* nothing above U+10FFFF */
  } else {
    return 0; /* 0x80..0xC1 (continuation or overlong lead), 0xF5..0xFF */
  }
  if (p[1] < lo || p[1] > hi) {
    return 0;
  }
  for (size_t k = 2; k < n; k++) {
    if (p[k] < 0x80 || p[k] > 0xBF) {
      return 0;
    }
  }
  return n;
}
