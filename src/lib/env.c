/* env.c - environments built fresh for child programs
 *
 * Invariant: vec is null, or holds n entries and a null after them, in
 * cap slots (n < cap).  Entries are malloc'd "name=value" strings that
 * the struct owns; replacing or removing one keeps the others' order. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "env.h"
#include "sz.h"

/* validname - 1 if name[0..len) is non-empty and holds no '=' (every
 * caller takes len from strlen or strchr, so it holds no NUL either) */
static int validname(const char *name, size_t len)
{
  return len > 0 && !memchr(name, '=', len);
}

/* slot - the index of the entry named name[0..len), or e->n */
static size_t slot(const struct env *e, const char *name, size_t len)
{
  size_t i;
  for (i = 0; i < e->n; ++i)
    if (!strncmp(e->vec[i], name, len) && e->vec[i][len] == '=') return i;
  return e->n;
}

/* room - a slot for one more entry and the null after it */
static int room(struct env *e)
{
  size_t want;
  size_t bytes;
  char **p;

  if (e->n >= LIM_ENV) {
    errno = E2BIG;
    return 0;
  }
  if (e->vec && e->n + 2 <= e->cap) return 1;
  if (!sz_add(&want, e->cap, e->cap / 2 + 8) ||
      !sz_mul(&bytes, want, sizeof *p)) {
    errno = ENOMEM;
    return 0;
  }
  p = realloc(e->vec, bytes);
  if (!p) {
    errno = ENOMEM;
    return 0;
  }
  e->vec = p;
  e->cap = want;
  return 1;
}

/* put - add or replace name[0..nlen) with value[0..vlen) */
static int put(struct env *e, const char *name, size_t nlen,
               const char *value, size_t vlen)
{
  size_t total;
  size_t i;
  char *entry;

  if (!validname(name, nlen) || memchr(value, 0, vlen)) {
    errno = EINVAL;
    return 0;
  }
  if (!sz_add3(&total, nlen, vlen, 2)) {      /* '=' and NUL */
    errno = E2BIG;
    return 0;
  }
  i = slot(e, name, nlen);
  if (i == e->n && !room(e)) return 0;        /* before: nothing to undo */
  entry = malloc(total);
  if (!entry) {
    errno = ENOMEM;
    return 0;
  }
  memcpy(entry, name, nlen);
  entry[nlen] = '=';
  memcpy(entry + nlen + 1, value, vlen);
  entry[nlen + 1 + vlen] = 0;
  if (i < e->n) {
    free(e->vec[i]);
  } else {
    ++e->n;
    e->vec[e->n] = 0;
  }
  e->vec[i] = entry;
  return 1;
}

int env_putb(struct env *e, const char *name, const char *value, size_t n)
{
  return put(e, name, strlen(name), value, n);
}

int env_put(struct env *e, const char *name, const char *value)
{
  return put(e, name, strlen(name), value, strlen(value));
}

int env_unset(struct env *e, const char *name)
{
  size_t len = strlen(name);
  size_t i;

  if (!validname(name, len)) {
    errno = EINVAL;
    return 0;
  }
  i = slot(e, name, len);
  if (i == e->n) return 1;
  free(e->vec[i]);
  /* entries i+1..n-1 and the null at n move down one */
  memmove(e->vec + i, e->vec + i + 1, (e->n - i) * sizeof *e->vec);
  --e->n;
  return 1;
}

/* env_copy - entries without '=' or with an empty name cannot be
 * passed on meaningfully and are skipped; a later one of a name
 * replaces an earlier one, so the result has each name once */
int env_copy(struct env *e, char *const *from)
{
  for (; from && *from; ++from) {
    const char *eq = strchr(*from, '=');
    if (!eq || eq == *from) continue;
    if (!put(e, *from, (size_t)(eq - *from), eq + 1, strlen(eq + 1)))
      return 0;
  }
  return 1;
}

const char *env_find(const struct env *e, const char *name)
{
  size_t len = strlen(name);
  size_t i;

  if (!validname(name, len)) return 0;        /* "A=B" names nothing */
  i = slot(e, name, len);
  return i < e->n ? e->vec[i] + len + 1 : 0;
}

/* env_vec - before the first put, and after env_free, a shared static
 * empty list: no allocation, so it cannot fail; callers pass it to
 * execve, which does not write to it */
char **env_vec(struct env *e)
{
  static char *empty[1];
  return e->vec ? e->vec : empty;
}

void env_free(struct env *e)
{
  size_t i;
  for (i = 0; i < e->n; ++i) free(e->vec[i]);
  free(e->vec);
  e->vec = 0;
  e->n = 0;
  e->cap = 0;
}
