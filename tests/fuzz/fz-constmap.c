/* fz-constmap.c - fuzz constant maps: the first byte picks split, the
 * rest is the list; every lookup agrees with a linear search of the
 * list that follows the rules (first entry wins, ASCII case ignored,
 * rcpthosts suffixes at dots) */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "constmap.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define PROBED 64       /* entries used as probes: keeps a run linear */
#define COUNTED 256     /* up to this many entries, m.n is checked */

struct ent {
  const char *key;
  size_t klen;
  const char *value;
  size_t vlen;
};

static int lower(int c)
{
  return c >= 'A' && c <= 'Z' ? c + 32 : c;
}

static int sameb(const char *a, const char *b, size_t n)
{
  size_t i;
  for (i = 0; i < n; ++i)
    if (lower((unsigned char)a[i]) != lower((unsigned char)b[i])) return 0;
  return 1;
}

/* entries - the list's entries as the header describes them */
static size_t entries(const char *p, size_t len, int split, struct ent *e)
{
  size_t n = 0;
  size_t pos = 0;

  while (pos < len) {
    const char *nul = memchr(p + pos, 0, len - pos);
    size_t end = nul ? (size_t)(nul - p) : len;
    const char *colon = memchr(p + pos, ':', end - pos);
    if (!split) {
      e[n].key = p + pos;
      e[n].klen = end - pos;
      e[n].value = "";
      e[n].vlen = 0;
      ++n;
    } else if (colon) {
      e[n].key = p + pos;
      e[n].klen = (size_t)(colon - (p + pos));
      e[n].value = colon + 1;
      e[n].vlen = end - (size_t)(colon + 1 - p);
      ++n;
    }
    pos = end + 1;
  }
  return n;
}

/* ref - the first entry with this key, or null */
static const struct ent *ref(const struct ent *e, size_t n, const char *key,
                             size_t klen)
{
  size_t i;
  for (i = 0; i < n; ++i)
    if (e[i].klen == klen && sameb(e[i].key, key, klen)) return &e[i];
  return 0;
}

static const struct ent *refdomain(const struct ent *e, size_t n,
                                   const char *host, size_t len)
{
  const struct ent *r = ref(e, n, host, len);
  size_t i;
  for (i = 0; !r && i < len; ++i)
    if (host[i] == '.') r = ref(e, n, host + i, len - i);
  return r;
}

/* agree - a map answer (v, vlen) is the reference answer r */
static void agree(const char *v, size_t vlen, const struct ent *r, int split)
{
  if (!r != !v) abort();
  if (!r) return;
  if (vlen != r->vlen) abort();
  if (split && v != r->value) abort();        /* points into the list */
  if (!split && *v != 0) abort();
}

static void probe(const struct constmap *m, const struct ent *e, size_t n,
                  const char *key, size_t klen, int split)
{
  size_t vlen = (size_t)-1;
  const char *v = constmap_get(m, key, klen, &vlen);

  agree(v, vlen, ref(e, n, key, klen), split);
  vlen = (size_t)-1;
  v = constmap_domain(m, key, klen, &vlen);
  agree(v, vlen, refdomain(e, n, key, klen), split);
}

static void flipcase(char *p, size_t n)
{
  size_t i;
  for (i = 0; i < n; ++i) {
    unsigned char c = (unsigned char)p[i];
    if (c >= 'a' && c <= 'z') p[i] = (char)(c - 32);
    else if (c >= 'A' && c <= 'Z') p[i] = (char)(c + 32);
  }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  struct constmap m = CONSTMAP_ZERO;
  const char *list;
  struct ent *e;
  char *copy;
  size_t len;
  size_t n;
  size_t i;
  int split;

  if (size == 0) return 0;
  split = data[0] & 1;
  list = (const char *)data + 1;
  len = size - 1;
  e = malloc((len + 1) * sizeof *e);
  copy = malloc(len + 2);
  if (!e || !copy) {
    free(e);
    free(copy);
    return 0;
  }
  n = entries(list, len, split, e);
  if (!constmap_init(&m, list, len, split)) abort();
  if (m.nheads == 0 || (m.nheads & (m.nheads - 1)) != 0 || m.nheads < m.n)
    abort();
  if (m.n > n) abort();
  if (n <= COUNTED) {
    size_t distinct = 0;
    for (i = 0; i < n; ++i)
      if (ref(e, n, e[i].key, e[i].klen) == &e[i]) ++distinct;
    if (m.n != distinct) abort();
  }
  for (i = 0; i < n && i < PROBED; ++i) {
    size_t k = e[i].klen;
    probe(&m, e, n, e[i].key, k, split);
    memcpy(copy, e[i].key, k);
    flipcase(copy, k);
    probe(&m, e, n, copy, k, split);
    if (k) probe(&m, e, n, copy, k - 1, split);
    copy[k] = 'x';
    probe(&m, e, n, copy, k + 1, split);
  }
  probe(&m, e, n, list, len, split);          /* the whole list as a key */
  probe(&m, e, n, "", 0, split);
  constmap_free(&m);
  if (m.entries || m.heads || m.n) abort();
  free(e);
  free(copy);
  return 0;
}
