/* env.c - environments built fresh for child programs */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include "env.h"
#include "sz.h"

static int validname(const char *name)
{
  return *name && !strchr(name, '=');
}

/* slot - the index of name in e, or e->n */
static size_t slot(const struct env *e, const char *name)
{
  size_t len = strlen(name);
  size_t i;
  for (i = 0; i < e->n; ++i)
    if (!strncmp(e->vec[i], name, len) && e->vec[i][len] == '=') return i;
  return e->n;
}

/* room - space for one more entry and the NULL after it */
static int room(struct env *e)
{
  size_t want;
  size_t bytes;
  char **p;

  if (e->n >= LIM_ENV) {
    errno = E2BIG;
    return 0;
  }
  if (e->n + 2 <= e->cap) return 1;
  if (!sz_add(&want, e->cap, e->cap / 2 + 8) || !sz_mul(&bytes, want, sizeof *p)) {
    errno = ENOMEM;
    return 0;
  }
  p = realloc(e->vec, bytes);
  if (!p) return 0;
  e->vec = p;
  e->cap = want;
  return 1;
}

/* add - take ownership of entry "name=value" (replacing name's) */
static int add(struct env *e, const char *name, char *entry)
{
  size_t i = slot(e, name);
  if (i < e->n) {
    free(e->vec[i]);
    e->vec[i] = entry;
    return 1;
  }
  if (!room(e)) {
    free(entry);
    return 0;
  }
  e->vec[e->n++] = entry;
  e->vec[e->n] = 0;
  return 1;
}

int env_putb(struct env *e, const char *name, const char *value, size_t n)
{
  size_t nlen;
  size_t total;
  char *entry;

  if (!validname(name) || memchr(value, 0, n)) {
    errno = EINVAL;
    return 0;
  }
  nlen = strlen(name);
  if (!sz_add3(&total, nlen, n, 2)) {
    errno = E2BIG;
    return 0;
  }
  entry = malloc(total);
  if (!entry) return 0;
  memcpy(entry, name, nlen);
  entry[nlen] = '=';
  memcpy(entry + nlen + 1, value, n);
  entry[nlen + 1 + n] = 0;
  return add(e, name, entry);
}

int env_put(struct env *e, const char *name, const char *value)
{
  return env_putb(e, name, value, strlen(value));
}

int env_unset(struct env *e, const char *name)
{
  size_t i;
  if (!validname(name)) {
    errno = EINVAL;
    return 0;
  }
  i = slot(e, name);
  if (i == e->n) return 1;
  free(e->vec[i]);
  memmove(e->vec + i, e->vec + i + 1, (e->n - i) * sizeof *e->vec);
  --e->n;
  return 1;
}

int env_copy(struct env *e, char *const *from)
{
  for (; from && *from; ++from) {
    const char *eq = strchr(*from, '=');
    char name[256];
    size_t len;
    if (!eq || eq == *from) continue;       /* malformed: skipped */
    len = (size_t)(eq - *from);
    if (len >= sizeof name) continue;       /* no real name is so long */
    memcpy(name, *from, len);
    name[len] = 0;
    if (!env_put(e, name, eq + 1)) return 0;
  }
  return 1;
}

const char *env_find(const struct env *e, const char *name)
{
  size_t i = slot(e, name);
  return i < e->n ? e->vec[i] + strlen(name) + 1 : 0;
}

char **env_vec(struct env *e)
{
  static char *empty[1];
  if (!e->vec) return empty;    /* never null, even without memory */
  return e->vec;
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
