/* qqframe.c - the chunks of qmail-queue's session mode (qqframe.h)
 *
 * This runs inside setuid qmail-queue, on bytes from any local user:
 * every length is checked against QQF_MAX digit by digit, so it cannot
 * overflow, and nothing is kept beyond the caller's buf. */
#include <errno.h>
#include "fmt.h"
#include "qqframe.h"

static int proto(void)
{
  errno = EPROTO;
  return -1;
}

/* byte - the next byte; end of file is bad framing here */
static int byte(struct buf *b, char *c)
{
  int r = buf_getc(b, c);
  if (r == 1) return 1;
  if (r == 0) return proto();
  return -1;
}

/* readlen - "LEN:" into *len */
static int readlen(struct buf *b, size_t *len)
{
  size_t v = 0;
  size_t ndigits;
  char c;

  for (ndigits = 0;; ++ndigits) {
    if (byte(b, &c) == -1) return -1;
    if (c == ':' && ndigits > 0) break;
    if (c < '0' || c > '9') return proto();
    if (ndigits == 1 && v == 0) return proto();   /* a leading zero */
    v = v * 10 + (size_t)(c - '0');
    if (v > QQF_MAX) return proto();
  }
  *len = v;
  return 1;
}

int qqframe_get(struct buf *b, struct qqframe *f, const char **p, size_t *n)
{
  ssize_t got;
  size_t take;
  char c;

  while (f->left == 0) {
    if (f->inchunk) {
      if (byte(b, &c) == -1) return -1;
      if (c != ',') return proto();
      f->inchunk = 0;
    }
    if (readlen(b, &f->left) == -1) return -1;
    if (f->left == 0) {            /* "0:," ends the message */
      if (byte(b, &c) == -1) return -1;
      if (c != ',') return proto();
      return 0;
    }
    f->inchunk = 1;
  }
  got = buf_feed(b);
  if (got == -1) return -1;
  if (got == 0) return proto();
  take = f->left < (size_t)got ? f->left : (size_t)got;
  *p = buf_peek(b);
  *n = take;
  buf_skip(b, take);
  f->left -= take;
  return 1;
}

size_t qqframe_header(char *s, size_t len)
{
  size_t n = fmt_ulong(s, (unsigned long)len);
  s[n++] = ':';
  return n;
}
