/* str.c - small string and byte helpers */
#include <string.h>
#include "str.h"

int str_equal(const char *a, const char *b)
{
  return strcmp(a, b) == 0;
}

int str_start(const char *s, const char *prefix)
{
  return strncmp(s, prefix, strlen(prefix)) == 0;
}

size_t byte_chr(const char *p, size_t n, int c)
{
  const char *q = n ? memchr(p, c, n) : 0;
  return q ? (size_t)(q - p) : n;
}

size_t byte_rchr(const char *p, size_t n, int c)
{
  size_t i = n;
  while (i > 0)
    if (p[--i] == (char)c) return i;
  return n;
}

int case_lower(int c)
{
  return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

void case_lowerb(char *p, size_t n)
{
  size_t i;
  for (i = 0; i < n; ++i) p[i] = (char)case_lower((unsigned char)p[i]);
}

int case_equalb(const char *a, const char *b, size_t n)
{
  size_t i;
  for (i = 0; i < n; ++i)
    if (case_lower((unsigned char)a[i]) != case_lower((unsigned char)b[i]))
      return 0;
  return 1;
}

int case_equals(const char *a, const char *b)
{
  size_t n = strlen(a);
  return strlen(b) == n && case_equalb(a, b, n);
}

int case_startb(const char *p, size_t n, const char *prefix)
{
  size_t k = strlen(prefix);
  return n >= k && case_equalb(p, prefix, k);
}
