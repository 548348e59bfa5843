/* sa.c - growable byte strings with a hard cap */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "sa.h"
#include "sz.h"
#include "fmt.h"
#include "bounds.h"

size_t sa_limit(const struct sa *x)
{
  return x->max ? x->max : LIM_SA_DEFAULT;
}

int sa_ready(struct sa *x, size_t extra)
{
  size_t need;
  size_t want;
  size_t lim = sa_limit(x);
  char *p;

  if (!sz_add(&need, x->len, extra) || need > lim) {
    errno = E2BIG;
    return 0;
  }
  if (need <= x->cap && x->s) return 1;
  /* grow by an eighth and a little, never past the ceiling */
  if (!sz_add3(&want, need, need / 8, 32) || want > lim) want = lim;
  if (want < need) want = need;
  if (want == 0) want = 1;
  p = realloc(x->s, want);
  if (!p) {
    errno = ENOMEM;
    return 0;
  }
  x->s = p;
  x->cap = want;
  return 1;
}

/* inside - offset of p in x's storage, or -1: a source inside x must
 * be found again after realloc moves it */
static long inside(const struct sa *x, const char *p)
{
  uintptr_t a = (uintptr_t)p;
  uintptr_t b = (uintptr_t)x->s;
  if (!x->s || a < b || a >= b + x->cap) return -1;
  return (long)(a - b);
}

int sa_catb(struct sa *x, const char *p, size_t n)
{
  long off = inside(x, p);
  if (!sa_ready(x, n)) return 0;
  if (off >= 0) p = x->s + off;
  if (n) memmove(x->s + x->len, p, n);
  x->len += n;
  return 1;
}

int sa_cats(struct sa *x, const char *s)
{
  return sa_catb(x, s, strlen(s));
}

int sa_cat(struct sa *x, const struct sa *y)
{
  return sa_catb(x, y->s, y->len);
}

int sa_copyb(struct sa *x, const char *p, size_t n)
{
  long off;
  if (n > sa_limit(x)) {
    errno = E2BIG;
    return 0;
  }
  off = inside(x, p);
  if (n > x->cap || !x->s) {
    /* realloc keeps the bytes, so p may still point into them */
    size_t keep = x->len;
    x->len = 0;
    if (!sa_ready(x, n)) {
      x->len = keep;
      return 0;
    }
  }
  if (off >= 0) p = x->s + off;
  if (n) memmove(x->s, p, n);
  x->len = n;
  return 1;
}

int sa_copys(struct sa *x, const char *s)
{
  return sa_copyb(x, s, strlen(s));
}

int sa_copy(struct sa *x, const struct sa *y)
{
  return sa_copyb(x, y->s, y->len);
}

int sa_0(struct sa *x)
{
  return sa_catb(x, "", 1);
}

int sa_append(struct sa *x, char c)
{
  return sa_catb(x, &c, 1);
}

int sa_catulong(struct sa *x, unsigned long u)
{
  char num[FMT_ULONG];
  return sa_catb(x, num, fmt_ulong(num, u));
}

int sa_catulong0(struct sa *x, unsigned long u, unsigned int width)
{
  char num[FMT_ULONG];
  size_t n = fmt_ulong(num, u);
  while (n < width) {
    if (!sa_append(x, '0')) return 0;
    --width;
  }
  return sa_catb(x, num, n);
}

int sa_starts(const struct sa *x, const char *prefix)
{
  size_t n = strlen(prefix);
  return x->len >= n && memcmp(x->s, prefix, n) == 0;
}

int sa_equals(const struct sa *x, const char *s)
{
  size_t n = strlen(s);
  return x->len == n && memcmp(x->s, s, n) == 0;
}

void sa_free(struct sa *x)
{
  free(x->s);
  x->s = 0;
  x->len = 0;
  x->cap = 0;
}
