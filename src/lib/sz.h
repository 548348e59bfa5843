/* sz.h - checked size arithmetic
 *
 * Every size that outside data can influence is computed with these.
 * Each returns 1 with *r set, or 0 (and *r untouched) on overflow. */
#ifndef SZ_H
#define SZ_H

#include <stddef.h>
#include <stdint.h>

static inline int sz_add(size_t *r, size_t a, size_t b)
{
  if (a > SIZE_MAX - b) return 0;
  *r = a + b;
  return 1;
}

static inline int sz_add3(size_t *r, size_t a, size_t b, size_t c)
{
  size_t t;
  if (!sz_add(&t, a, b)) return 0;
  return sz_add(r, t, c);
}

static inline int sz_mul(size_t *r, size_t a, size_t b)
{
  if (b != 0 && a > SIZE_MAX / b) return 0;
  *r = a * b;
  return 1;
}

#endif
