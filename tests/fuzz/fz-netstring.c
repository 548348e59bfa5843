/* fz-netstring.c - fuzz netstrings: ns_parse on memory, ns_read and
 * ns_readlen/ns_readend on a stream give the same answers, and a
 * netstring accepted is exactly the one ns_put writes back */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "bounds.h"
#include "buf.h"
#include "netstring.h"
#include "sa.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* readsplit - one netstring by ns_readlen, buf_get, ns_readend */
static int readsplit(struct buf *b, struct sa *out, size_t max)
{
  size_t len;
  int r = ns_readlen(b, &len, max);

  out->len = 0;
  if (r <= 0) return r;
  if (!sa_ready(out, len)) return -1;
  while (out->len < len) {
    ssize_t got = buf_get(b, out->s + out->len, len - out->len);
    if (got == -1) return -1;
    if (got == 0) {
      errno = EPROTO;
      return -1;
    }
    out->len += (size_t)got;
  }
  return ns_readend(b);
}

/* same - 1 if a stream answer r (errno e) matches the memory answer */
static int same(int r, int e, int rm, int em, int at_end)
{
  if (rm == 1) return r == 1;
  if (rm == 0) return at_end ? r == 0 : r == -1 && e == EPROTO;
  return r == -1 && e == em;
}

/* walk - every netstring of p[0..n) with the given max, three ways */
static void walk(const char *p, size_t n, size_t max)
{
  struct buf whole;
  struct buf parts;
  struct sa out = SA_ZERO;
  struct sa split = SA_ZERO;
  struct sa again = SA_ZERO;
  size_t pos = 0;

  buf_initmem(&whole, p, n);
  buf_initmem(&parts, p, n);
  for (;;) {
    const char *payload = 0;
    size_t plen = 0;
    size_t used = 0;
    int rm, em, rs, es, rp, ep;

    errno = 0;
    rm = ns_parse(p + pos, n - pos, max, &payload, &plen, &used);
    em = errno;
    errno = 0;
    rs = ns_read(&whole, &out, max);
    es = errno;
    errno = 0;
    rp = readsplit(&parts, &split, max);
    ep = errno;
    if (rm == -1 && em != EPROTO && em != E2BIG) abort();
    if (!same(rs, es, rm, em, pos == n)) abort();
    if (!same(rp, ep, rm, em, pos == n)) abort();
    if (rm != 1) break;
    if (used > n - pos || plen > max || used < plen + 3) abort();
    if (payload != p + pos + used - plen - 1) abort();
    if (p[pos + used - 1] != ',') abort();
    if (out.len != plen || (plen && memcmp(out.s, payload, plen))) abort();
    if (split.len != plen || (plen && memcmp(split.s, payload, plen)))
      abort();
    /* strict means canonical: one way to write each payload */
    again.len = 0;
    if (!ns_put(&again, payload, plen)) abort();
    if (again.len != used || memcmp(again.s, p + pos, used)) abort();
    pos += used;
  }
  sa_free(&out);
  sa_free(&split);
  sa_free(&again);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  static const size_t maxes[] = { 0, 1, 12, 1000, LIM_NETSTRING };
  const char *p = (const char *)data;
  const char *payload;
  size_t plen;
  size_t used;
  size_t i;

  for (i = 0; i < sizeof maxes / sizeof maxes[0]; ++i)
    walk(p, size, maxes[i]);
  /* the widest max: only memory, whose answer needs no allocation */
  if (ns_parse(p, size, SIZE_MAX, &payload, &plen, &used) == 1 &&
      (used > size || payload + plen + 1 != p + used))
    abort();
  return 0;
}
