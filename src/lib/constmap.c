/* constmap.c - constant maps for locals, rcpthosts, virtualdomains ...
 *
 * A chained hash table over the entries of a list: heads[hash & (nheads
 * - 1)] starts a chain through entries[].next.  nheads is the smallest
 * power of two at least n (at least 1), so chains stay short.  The hash
 * is cdb's (h * 33 ^ c from 5381) over the bytes lowercased, so keys
 * that differ only in ASCII case meet in one chain; bytes above 0x7f
 * compare exactly.
 *
 * What the header leaves open, decided here:
 * - len is authoritative: the list is entries each ended by a NUL, and
 *   a last entry without its NUL is taken as it is.  An empty entry
 *   (two NULs in a row) is the empty key; with split, so is ":value"
 *   (virtualdomains' catch-all), found by a lookup of length 0.
 * - A later duplicate is not stored at all, so n counts distinct keys.
 * - Without split, every value is "" (a static string), vlen 0.  With
 *   split, a value is NUL-terminated when its entry was; callers should
 *   use vlen.
 * - On failure (ENOMEM, or a size that would overflow) m is left as
 *   CONSTMAP_ZERO, so constmap_free on it is harmless. */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "constmap.h"
#include "str.h"
#include "sz.h"

static const struct constmap zero = CONSTMAP_ZERO;

static uint32_t hash(const char *key, size_t klen)
{
  uint32_t h = 5381;
  size_t i;

  for (i = 0; i < klen; ++i)
    h = ((h << 5) + h) ^ (uint32_t)case_lower((unsigned char)key[i]);
  return h;
}

/* find - the entry for key, or null */
static const struct constmap_entry *find(const struct constmap *m,
                                         const char *key, size_t klen,
                                         uint32_t h)
{
  size_t i;

  if (!m->heads) return 0;
  for (i = m->heads[h & (m->nheads - 1)]; i; i = m->entries[i - 1].next) {
    const struct constmap_entry *e = &m->entries[i - 1];
    if (e->hash == h && e->klen == klen && case_equalb(e->key, key, klen))
      return e;
  }
  return 0;
}

/* count - how many entries the list holds at most */
static size_t count(const char *list, size_t len)
{
  size_t n = 0;
  size_t i;

  for (i = 0; i < len; ++i)
    if (list[i] == 0) ++n;
  if (len > 0 && list[len - 1] != 0) ++n;   /* a last one without NUL */
  return n;
}

/* alloc - room for n entries and their heads; 1, or 0 with ENOMEM */
static int alloc(struct constmap *m, size_t n)
{
  size_t nheads = 1;
  size_t bytes;

  while (nheads < n) {
    if (nheads > SIZE_MAX / 2) {
      errno = ENOMEM;
      return 0;
    }
    nheads *= 2;
  }
  if (!sz_mul(&bytes, nheads, sizeof *m->heads)) {
    errno = ENOMEM;
    return 0;
  }
  m->heads = calloc(1, bytes);
  if (!m->heads) {
    errno = ENOMEM;
    return 0;
  }
  m->nheads = nheads;
  if (n == 0) return 1;
  if (!sz_mul(&bytes, n, sizeof *m->entries)) {
    errno = ENOMEM;
    return 0;
  }
  m->entries = malloc(bytes);
  if (!m->entries) {
    errno = ENOMEM;
    return 0;
  }
  return 1;
}

/* add - one entry from the list, unless split finds no colon or the
 * key is already there */
static void add(struct constmap *m, const char *p, size_t len, int split)
{
  static const char empty[] = "";
  struct constmap_entry *e;
  size_t klen = len;
  uint32_t h;

  if (split) {
    klen = byte_chr(p, len, ':');
    if (klen == len) return;
  }
  h = hash(p, klen);
  if (find(m, p, klen, h)) return;          /* the first one wins */
  e = &m->entries[m->n];
  e->key = p;
  e->klen = klen;
  e->value = split ? p + klen + 1 : empty;
  e->vlen = split ? len - klen - 1 : 0;
  e->hash = h;
  e->next = m->heads[h & (m->nheads - 1)];
  m->heads[h & (m->nheads - 1)] = ++m->n;
}

int constmap_init(struct constmap *m, const char *list, size_t len,
                  int split)
{
  size_t pos = 0;

  *m = zero;
  if (!alloc(m, count(list, len))) {
    constmap_free(m);
    return 0;
  }
  while (pos < len) {
    size_t end = pos + byte_chr(list + pos, len - pos, 0);
    add(m, list + pos, end - pos, split);
    if (end == len) break;                  /* a last entry without NUL */
    pos = end + 1;
  }
  return 1;
}

void constmap_free(struct constmap *m)
{
  free(m->entries);
  free(m->heads);
  *m = zero;
}

const char *constmap_get(const struct constmap *m, const char *key,
                         size_t klen, size_t *vlen)
{
  const struct constmap_entry *e = find(m, key, klen, hash(key, klen));

  if (!e) return 0;
  if (vlen) *vlen = e->vlen;
  return e->value;
}

const char *constmap_domain(const struct constmap *m, const char *host,
                            size_t len, size_t *vlen)
{
  const char *v = constmap_get(m, host, len, vlen);
  size_t i;

  for (i = 0; !v && i < len; ++i)
    if (host[i] == '.') v = constmap_get(m, host + i, len - i, vlen);
  return v;
}
