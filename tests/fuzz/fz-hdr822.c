/* fz-hdr822.c - fuzz the header and address-list parser: no crash, and
 *   - tokens lie inside the input, in order, without overlap;
 *   - addresses lie inside the tokens, in order;
 *   - a list that parses is always qualified (never refused), gives one
 *     address per address found, and qualifying the result again
 *     changes nothing and finds the same non-empty addresses (a bare
 *     source route "@a" is removed whole, so empty ones may go);
 *   - no address, and nothing hdr822_quote writes, holds CR or LF. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "buf.h"
#include "hdr822.h"
#include "sa.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t count0(const struct sa *x)
{
  size_t i;
  size_t n = 0;
  for (i = 0; i < x->len; ++i)
    if (!x->s[i]) ++n;
  return n;
}

/* dropempty - remove the empty entries of a NUL-separated list */
static void dropempty(struct sa *x)
{
  size_t i;
  size_t j = 0;
  for (i = 0; i < x->len; ++i)
    if (x->s[i] || (j > 0 && x->s[j - 1])) x->s[j++] = x->s[i];
  x->len = j;
}

static void nobreaks(const char *p, size_t n)
{
  if (n == 0) return;
  if (memchr(p, '\n', n) || memchr(p, '\r', n)) abort();
}

static void fields(const char *p, size_t n)
{
  struct buf b;
  struct sa f = SA_ZERO;
  int r;
  size_t rounds = 0;

  buf_initmem(&b, p, n);
  do {
    r = hdr822_getfield(&b, &f, 512);
    if (r == HDR822_FIELD && f.len > 512) abort();
    if (++rounds > n + 2) abort();               /* always progresses */
  } while (r == HDR822_FIELD || r == HDR822_OTHER);
  sa_free(&f);
}

static void tokens(const char *p, size_t n)
{
  struct hdr822_toks ts = HDR822_TOKS_ZERO;
  struct hdr822_alist al = HDR822_ALIST_ZERO;
  struct sa v = SA_ZERO;
  size_t i;
  size_t end = 0;

  if (hdr822_tokenize(p, n, 0, &ts) == 1) {
    for (i = 0; i < ts.n; ++i) {
      if (ts.t[i].pos < end || ts.t[i].len == 0 ||
          ts.t[i].len > n - ts.t[i].pos)
        abort();
      end = ts.t[i].pos + ts.t[i].len;
    }
    if (hdr822_addrlist(&ts, &al) == 1) {
      end = 0;
      for (i = 0; i < al.n; ++i) {
        const struct hdr822_addr *a = al.a + i;
        if (a->first < end || a->end < a->first || a->end > ts.n) abort();
        if (a->comma_before && a->first == 0) abort();
        end = a->end;
        v.len = 0;
        if (!hdr822_value(p, ts.t + a->first, a->end - a->first, &v)) abort();
        nobreaks(v.s, v.len);
      }
    }
  }
  hdr822_toks_free(&ts);
  hdr822_alist_free(&al);
  sa_free(&v);
}

static void qualify(const char *p, size_t n)
{
  static struct hdr822_qual q = HDR822_QUAL_ZERO;
  struct hdr822_toks ts = HDR822_TOKS_ZERO;
  struct hdr822_alist al = HDR822_ALIST_ZERO;
  struct sa once = SA_ZERO;
  struct sa twice = SA_ZERO;
  struct sa a1 = SA_ZERO;
  struct sa a2 = SA_ZERO;
  int parses;
  int r;

  q.defaulthost = "host";
  q.defaultdomain = "dom.example";
  q.plusdomain = "plus.example";
  parses = hdr822_tokenize(p, n, 0, &ts) == 1 && hdr822_addrlist(&ts, &al) == 1;
  r = hdr822_qualify(&q, p, n, 0, &once, &a1);
  if (r == -1) abort();                          /* no cap was set */
  if (r != parses) abort();
  if (!parses && (once.len != n || (n && memcmp(once.s, p, n)))) abort();
  if (parses) {
    if (count0(&a1) != al.n) abort();
    if (hdr822_qualify(&q, once.s, once.len, 0, &twice, &a2) != 1) abort();
    if (twice.len != once.len ||
        (once.len && memcmp(once.s, twice.s, once.len)))
      abort();
    dropempty(&a1);
    dropempty(&a2);
    if (a1.len != a2.len || (a1.len && memcmp(a1.s, a2.s, a1.len))) abort();
    nobreaks(a1.s, a1.len);
  }
  a1.len = 0;
  r = hdr822_qualify1(&q, p, n, &a1);
  if (r == -1) abort();
  if (r == 1) nobreaks(a1.s, a1.len);
  a1.len = 0;
  if (!hdr822_quote(&a1, p, n)) abort();
  nobreaks(a1.s, a1.len);
  hdr822_toks_free(&ts);
  hdr822_alist_free(&al);
  sa_free(&once);
  sa_free(&twice);
  sa_free(&a1);
  sa_free(&a2);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  const char *p = (const char *)data;

  if (size > 65536) return 0;
  fields(p, size);
  tokens(p, size);
  qualify(p, size);
  return 0;
}
