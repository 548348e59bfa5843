/* netstring.c - strict netstrings ("12:hello world!,")
 *
 * SECURITY: the length comes from a peer.  It is checked against max
 * digit by digit, so a run of digits stops as soon as its value passes
 * max (leading zeros are refused, so each further digit multiplies the
 * value by ten: at most one digit more than max has is ever read).  A
 * stream payload is stored only as it arrives: a peer that announces
 * 60 MB and stalls has made us allocate what it sent, not what it
 * promised. */
#include <errno.h>
#include "fmt.h"
#include "netstring.h"
#include "sz.h"

/* lendigit - fold byte c, the digit after ndigits others, into *len:
 * 1, or 0 with errno EPROTO (not a digit, leading zero) or E2BIG */
static int lendigit(size_t *len, size_t ndigits, char c, size_t max)
{
  size_t d;

  if (c < '0' || c > '9' || (ndigits == 1 && *len == 0)) {
    errno = EPROTO;
    return 0;
  }
  d = (size_t)(c - '0');
  if (*len > max / 10 || d > max - *len * 10) {
    errno = E2BIG;
    return 0;
  }
  *len = *len * 10 + d;
  return 1;
}

int ns_parse(const char *p, size_t n, size_t max,
             const char **payload, size_t *plen, size_t *used)
{
  size_t i;
  size_t len = 0;
  size_t total;

  for (i = 0; i < n; ++i) {
    if (p[i] == ':' && i > 0) break;
    if (!lendigit(&len, i, p[i], max)) return -1;
  }
  if (i == n) return 0;
  /* digits, ':', payload, ','; past SIZE_MAX it could never be whole */
  if (!sz_add3(&total, i, len, 2)) {
    errno = E2BIG;
    return -1;
  }
  if (n < total) return 0;
  if (p[total - 1] != ',') {
    errno = EPROTO;
    return -1;
  }
  *payload = p + i + 1;
  *plen = len;
  *used = total;
  return 1;
}

int ns_readlen(struct buf *b, size_t *len, size_t max)
{
  size_t ndigits;
  size_t v = 0;

  for (ndigits = 0;; ++ndigits) {
    char c;
    int r = buf_getc(b, &c);
    if (r == -1) return -1;
    if (r == 0) {
      if (ndigits == 0) return 0;
      errno = EPROTO;
      return -1;
    }
    if (c == ':' && ndigits > 0) break;
    if (!lendigit(&v, ndigits, c, max)) return -1;
  }
  *len = v;
  return 1;
}

int ns_readend(struct buf *b)
{
  char c;
  int r = buf_getc(b, &c);

  if (r == -1) return -1;
  if (r == 0 || c != ',') {
    errno = EPROTO;
    return -1;
  }
  return 1;
}

int ns_readlenin(struct buf *b, size_t *left, size_t *len)
{
  size_t ndigits;
  size_t v = 0;

  for (ndigits = 0;; ++ndigits) {
    char c;
    int r;
    if (*left == 0) {
      errno = EPROTO;
      return -1;
    }
    r = buf_getc(b, &c);
    if (r == -1) return -1;
    if (r == 0) {
      errno = EPROTO;
      return -1;
    }
    --*left;
    if (c == ':' && ndigits > 0) break;
    /* the payload and its ',' must fit in what is left */
    if (!lendigit(&v, ndigits, c, *left)) {
      if (errno == E2BIG) errno = EPROTO;
      return -1;
    }
  }
  if (v >= *left) {
    errno = EPROTO;
    return -1;
  }
  *left -= v + 1;
  *len = v;
  return 1;
}

int ns_chunk(struct buf *b, size_t *left, const char **p, size_t *n)
{
  ssize_t got = buf_feed(b);
  size_t take;

  if (got == -1) return -1;
  if (got == 0) {
    errno = EPROTO;
    return -1;
  }
  take = *left < (size_t)got ? *left : (size_t)got;
  *p = buf_peek(b);
  *n = take;
  buf_skip(b, take);
  *left -= take;
  return 1;
}

int ns_skip(struct buf *b, size_t len)
{
  const char *p;
  size_t n;

  while (len > 0)
    if (ns_chunk(b, &len, &p, &n) == -1) return -1;
  return ns_readend(b);
}

/* readpayload - len bytes into out, as they arrive, then the ',' */
static int readpayload(struct buf *b, struct sa *out, size_t len)
{
  const char *p;
  size_t n;

  while (len > 0) {
    if (ns_chunk(b, &len, &p, &n) == -1) return -1;
    /* sa_catb grows by what arrived (and an eighth), never by len */
    if (!sa_catb(out, p, n)) return -1;
  }
  return ns_readend(b);
}

int ns_readin(struct buf *b, size_t *left, struct sa *out, size_t keep)
{
  size_t len;

  out->len = 0;
  if (ns_readlenin(b, left, &len) == -1) return -1;
  if (len > keep || len > sa_limit(out)) return ns_skip(b, len) == 1 ? 2 : -1;
  return readpayload(b, out, len);
}

int ns_read(struct buf *b, struct sa *out, size_t max)
{
  size_t len;
  int r;

  out->len = 0;
  /* a length out cannot hold is refused before any payload is read */
  if (max > sa_limit(out)) max = sa_limit(out);
  r = ns_readlen(b, &len, max);
  if (r <= 0) return r;
  return readpayload(b, out, len);
}

int ns_put(struct sa *out, const char *p, size_t n)
{
  char num[FMT_ULONG];
  size_t digits = fmt_ulong(num, (unsigned long)n);
  size_t total;

  /* whole or nothing: reserve it all, then the appends cannot fail */
  if (!sz_add3(&total, digits, n, 2)) {
    errno = E2BIG;
    return 0;
  }
  if (!sa_ready(out, total)) return 0;
  return sa_catb(out, num, digits) && sa_catb(out, ":", 1) &&
         sa_catb(out, p, n) && sa_catb(out, ",", 1);
}
