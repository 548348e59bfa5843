/* fmt.c - numbers to text */
#include "fmt.h"

size_t fmt_ulong(char *s, unsigned long u)
{
  size_t len = 1;
  unsigned long q = u;

  while (q > 9) {
    ++len;
    q /= 10;
  }
  if (s) {
    s += len;
    do {
      *--s = (char)('0' + u % 10);
      u /= 10;
    } while (u);
  }
  return len;
}

size_t fmt_ulong0(char *s, unsigned long u, unsigned int width)
{
  size_t len = fmt_ulong(0, u);
  size_t pad = 0;

  if (width > FMT_ULONG - 1) width = FMT_ULONG - 1;
  while (len + pad < width) {
    if (s) s[pad] = '0';
    ++pad;
  }
  if (s) fmt_ulong(s + pad, u);
  return len + pad;
}

size_t fmt_xlong(char *s, unsigned long u)
{
  size_t len = 1;
  unsigned long q = u;

  while (q > 15) {
    ++len;
    q /= 16;
  }
  if (s) {
    s += len;
    do {
      *--s = "0123456789abcdef"[u % 16];
      u /= 16;
    } while (u);
  }
  return len;
}

size_t fmt_long(char *s, long l)
{
  unsigned long u;

  if (l >= 0) return fmt_ulong(s, (unsigned long)l);
  /* -(l + 1) + 1 avoids overflow at LONG_MIN */
  u = (unsigned long)(-(l + 1)) + 1;
  if (s) *s++ = '-';
  return fmt_ulong(s, u) + 1;
}
