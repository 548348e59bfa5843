/* scan.c - text to numbers, strictly */
#include <errno.h>
#include <limits.h>
#include <string.h>
#include "scan.h"

int scan_sizeb(const char *p, size_t len, size_t *n, size_t max)
{
  size_t i;
  size_t v = 0;

  if (len == 0) {
    errno = EINVAL;
    return 0;
  }
  for (i = 0; i < len; ++i) {
    unsigned char c = (unsigned char)p[i];
    if (c < '0' || c > '9') {
      errno = EINVAL;
      return 0;
    }
  }
  for (i = 0; i < len; ++i) {
    size_t d = (size_t)(p[i] - '0');
    if (v > (max - d) / 10) {     /* v * 10 + d > max, without overflow */
      errno = ERANGE;
      return 0;
    }
    v = v * 10 + d;
  }
  *n = v;
  return 1;
}

int scan_size(const char *s, size_t *n, size_t max)
{
  return scan_sizeb(s, strlen(s), n, max);
}

size_t scan_ulongb(const char *p, size_t len, unsigned long *u)
{
  size_t i = 0;
  unsigned long v = 0;

  while (i < len && p[i] >= '0' && p[i] <= '9') {
    unsigned long d = (unsigned long)(p[i] - '0');
    if (v > (ULONG_MAX - d) / 10) return 0;
    v = v * 10 + d;
    ++i;
  }
  if (i) *u = v;
  return i;
}

size_t scan_ulong(const char *s, unsigned long *u)
{
  return scan_ulongb(s, strlen(s), u);
}
