/* utf8.c - well-formed UTF-8, by the table of RFC 3629 section 4
 *
 * The lead byte names how many continuation bytes follow and the range
 * the first of them must lie in; the others are 80-BF.  The narrowed
 * first ranges are what refuse overlongs, surrogates and code points
 * past U+10FFFF, so no decoded value is ever computed. */
#include "utf8.h"

int utf8_valid(const char *s, size_t n)
{
  size_t i = 0;

  while (i < n) {
    unsigned char c = (unsigned char)s[i];
    unsigned char lo = 0x80;
    unsigned char hi = 0xbf;
    size_t more;
    size_t k;

    if (c < 0x80) {
      ++i;
      continue;
    }
    if (c >= 0xc2 && c <= 0xdf) more = 1;
    else if (c >= 0xe0 && c <= 0xef) more = 2;
    else if (c >= 0xf0 && c <= 0xf4) more = 3;
    else return 0;                      /* 80-C1, F5-FF: never a lead */
    if (c == 0xe0) lo = 0xa0;           /* overlong under U+0800 */
    if (c == 0xed) hi = 0x9f;           /* the surrogates D800-DFFF */
    if (c == 0xf0) lo = 0x90;           /* overlong under U+10000 */
    if (c == 0xf4) hi = 0x8f;           /* past U+10FFFF */
    if (n - i <= more) return 0;        /* cut off */
    for (k = 1; k <= more; ++k) {
      unsigned char d = (unsigned char)s[i + k];
      if (d < lo || d > hi) return 0;
      lo = 0x80;
      hi = 0xbf;
    }
    i += more + 1;
  }
  return 1;
}

int utf8_ascii(const char *s, size_t n)
{
  size_t i;

  for (i = 0; i < n; ++i)
    if ((unsigned char)s[i] >= 0x80) return 0;
  return 1;
}
