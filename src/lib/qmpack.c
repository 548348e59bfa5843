/* qmpack.c - reading a QMTP package or a QMQP body from a stream
 *
 * SECURITY: every length here comes from the peer.  Each is checked
 * against its cap and against the container around it before a byte
 * of its payload is read; the message is passed on in pieces no larger
 * than the input buffer, so no length can make us allocate: only
 * addresses (LIM_ADDR each, maxrcpts of them) are kept. */
#include <errno.h>
#include <string.h>
#include "bounds.h"
#include "netstring.h"
#include "qmpack.h"

/* reset - forget the last package, keep the allocations */
static void reset(struct qmpack *p)
{
  p->badencoding = 0;
  p->msglen = 0;
  p->senderbad = 0;
  p->sender.len = 0;
  p->rcpts.len = 0;
  p->nrcpts = 0;
  p->extra = 0;
}

/* crlf - pass p[0..n) on with CR LF made LF; *cr says a CR ended the
 * last piece (it is held back until we see what follows it) */
static void crlf(struct qmpack *p, const char *s, size_t n, int *cr)
{
  size_t i;
  size_t from = 0;

  if (n && *cr && s[0] != '\n') p->put(p->ctx, "\r", 1);
  *cr = 0;
  for (i = 0; i < n; ++i) {
    if (s[i] != '\r') continue;
    if (i + 1 == n) {
      p->put(p->ctx, s + from, i - from);
      *cr = 1;
      return;
    }
    if (s[i + 1] == '\n') {
      p->put(p->ctx, s + from, i - from);
      from = i + 1;
    }
  }
  p->put(p->ctx, s + from, n - from);
}

/* message - len bytes of message text, to put(); with CR LF line ends
 * when dos is set */
static int message(struct buf *in, struct qmpack *p, size_t len, int dos)
{
  int cr = 0;
  const char *s;
  size_t n;

  while (len > 0) {
    if (ns_chunk(in, &len, &s, &n) == -1) return -1;
    if (dos) crlf(p, s, n, &cr);
    else p->put(p->ctx, s, n);
  }
  if (cr) p->put(p->ctx, "\r", 1);
  return 1;
}

/* addr - one address netstring inside *left: kept (NUL-terminated) if
 * it fits LIM_ADDR, else marked bad; so is one that holds a NUL */
static int addr(struct buf *in, size_t *left, struct sa *out, int *bad)
{
  int r = ns_readin(in, left, out, LIM_ADDR);

  if (r == -1) return -1;
  /* SECURITY: the envelope is NUL-separated (here and for qmail-queue):
   * a NUL inside an address would split it into two */
  *bad = r == 2 || (out->len && memchr(out->s, 0, out->len) != 0);
  if (*bad) out->len = 0;
  return sa_0(out) ? 1 : -1;
}

/* recipients - recipient netstrings until *left is used up */
static int recipients(struct buf *in, size_t *left, struct qmpack *p)
{
  struct sa one = SA_ZERO;
  int bad;

  one.max = LIM_ADDR + 1;
  while (*left > 0) {
    if (addr(in, left, &one, &bad) == -1) goto fail;
    if (p->nrcpts >= p->maxrcpts) {
      ++p->extra;
      continue;
    }
    if (!sa_append(&p->rcpts, bad ? QMPACK_BAD : QMPACK_OK) ||
        !sa_cat(&p->rcpts, &one))
      goto fail;
    ++p->nrcpts;
  }
  sa_free(&one);
  return 1;
fail:
  sa_free(&one);
  return -1;
}

/* body - message netstring's payload, after its length */
static int body(struct buf *in, struct qmpack *p, size_t len, int qmtp)
{
  int dos = 0;

  p->msglen = len;
  if (qmtp) {
    char c;
    int r;
    if (len == 0) {
      p->badencoding = 1;
      p->start(p->ctx, 0);
      return ns_readend(in);
    }
    r = buf_getc(in, &c);
    if (r <= 0) {
      if (r == 0) errno = EPROTO;
      return -1;
    }
    --len;
    p->msglen = len;
    if (c == '\r') dos = 1;
    else if (c != '\n') p->badencoding = 1;
  }
  p->start(p->ctx, len);
  if (message(in, p, len, dos) == -1) return -1;
  return ns_readend(in);
}

/* readlen - a netstring's length that must be there: end of file
 * before it is EPROTO */
static int readlen(struct buf *in, size_t *len)
{
  int r = ns_readlen(in, len, LIM_NETSTRING);

  if (r == 0) errno = EPROTO;
  return r == 1 ? 1 : -1;
}

int qmpack_qmtp(struct buf *in, struct qmpack *p)
{
  size_t len;
  size_t left = LIM_NETSTRING;   /* the sender's netstring, whole */
  int r;

  reset(p);
  r = ns_readlen(in, &len, LIM_NETSTRING);
  if (r <= 0) return r;
  if (body(in, p, len, 1) == -1) return -1;
  p->sender.max = LIM_ADDR + 1;
  if (addr(in, &left, &p->sender, &p->senderbad) == -1) return -1;
  if (readlen(in, &left) == -1) return -1;
  if (recipients(in, &left, p) == -1) return -1;
  return ns_readend(in);
}

int qmpack_qmqp(struct buf *in, struct qmpack *p)
{
  size_t left;
  size_t len;

  reset(p);
  if (readlen(in, &left) == -1) return -1;
  if (ns_readlenin(in, &left, &len) == -1) return -1;
  if (body(in, p, len, 0) == -1) return -1;
  p->sender.max = LIM_ADDR + 1;
  if (addr(in, &left, &p->sender, &p->senderbad) == -1) return -1;
  if (recipients(in, &left, p) == -1) return -1;
  return ns_readend(in);
}

void qmpack_free(struct qmpack *p)
{
  sa_free(&p->sender);
  sa_free(&p->rcpts);
}
