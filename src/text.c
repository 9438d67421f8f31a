/*
 * text.c — UTF-8 validation (RFC 3629, section 4: the well-formed byte sequences).
 */
#include "parley/text.h"

#include <stdio.h>

size_t pl_text_utf8_seq(const char *s) {
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

const char *pl_text_terminal(const char *s, char *buf, size_t n) {
  size_t used = 0;
  if (n == 0) {
    return buf;
  }
  for (const char *p = s; *p != '\0'; p++) {
    unsigned char c = (unsigned char)*p;
    size_t k = c < 0x80 ? 1 : pl_text_utf8_seq(p);
    if (c < 0x20 || c == 0x7F || k == 0) {
      if (used + 4 >= n) {
        break;
      }
      snprintf(buf + used, n - used, "\\x%02X", (unsigned)c);
      used += 4;
    } else {
      if (used + k >= n) {
        break;
      }
      for (size_t b = 0; b < k; b++) {
        buf[used++] = p[b];
      }
      p += k - 1;
    }
  }
  buf[used] = '\0';
  return buf;
}
