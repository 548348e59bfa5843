/* hostname.c - strict host names (hostname.h) */
#include "hostname.h"

#define LABEL_MAX 63        /* RFC 1035 2.3.4 */

static int is_alnum(char c)
{
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
         (c >= '0' && c <= '9');
}

int hostname_check(const char *p, size_t n)
{
  size_t start = 0;
  size_t i;
  int digits_only = 1;

  if (n == 0 || n > HOSTNAME_MAX) return 0;
  for (i = 0; i <= n; ++i) {
    if (i == n || p[i] == '.') {
      size_t len = i - start;
      if (len == 0 || len > LABEL_MAX) return 0;
      if (p[start] == '-' || p[i - 1] == '-') return 0;
      if (i < n) { start = i + 1; digits_only = 1; }
      continue;
    }
    if (p[i] != '-' && !is_alnum(p[i])) return 0;
    if (p[i] < '0' || p[i] > '9') digits_only = 0;
  }
  return !digits_only;
}

/* dots - the number of dots in p[0..n) */
static size_t dots(const char *p, size_t n)
{
  size_t count = 0;
  size_t i;
  for (i = 0; i < n; ++i)
    if (p[i] == '.') ++count;
  return count;
}

size_t hostname_parent(const char *p, size_t n)
{
  size_t i;
  if (dots(p, n) < 2) return 0;
  for (i = 0; p[i] != '.'; ++i) {}
  return i + 1;
}

size_t hostname_last2(const char *p, size_t n)
{
  size_t seen = 0;
  size_t i = n;
  while (i > 0) {
    --i;
    if (p[i] == '.' && ++seen == 2) return i + 1;
  }
  return 0;
}
