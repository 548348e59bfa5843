/* fz-qmtp.c - fuzz qmpack_qmtp, the QMTP package reader of qmail-qmtpd:
 * packages read from a stream agree with ns_parse on the same bytes,
 * the message bytes passed on are the message (CR LF made LF when the
 * encoding byte says so), and the recipients kept are bounded */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "bounds.h"
#include "buf.h"
#include "netstring.h"
#include "qmpack.h"
#include "sa.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct sa got;
static size_t announced;
static int started;

static void start(void *ctx, size_t len)
{
  (void)ctx;
  if (started) abort();
  started = 1;
  announced = len;
  got.len = 0;
}

static void put(void *ctx, const char *p, size_t n)
{
  (void)ctx;
  if (!started || !sa_catb(&got, p, n)) abort();
}

/* skiprest - the sender and recipient netstrings after an empty
 * message; where the package ends */
static size_t skiprest(const char *p, size_t n, size_t pos,
                       const struct qmpack *pk)
{
  const char *x;
  size_t xlen, used;

  if (ns_parse(p + pos, n - pos, (size_t)-1, &x, &xlen, &used) != 1) abort();
  pos += used;
  if (ns_parse(p + pos, n - pos, LIM_NETSTRING, &x, &xlen, &used) != 1)
    abort();
  if (pk->nrcpts > pk->maxrcpts) abort();
  return pos + used;
}

/* check - the package at p[0..n) as ns_parse reads it matches pk */
static size_t check(const char *p, size_t n, const struct qmpack *pk)
{
  const char *m, *snd, *list, *r;
  size_t mlen, slen, llen, rlen, used, pos = 0, i, k = 0;

  if (ns_parse(p, n, LIM_NETSTRING, &m, &mlen, &used) != 1) abort();
  pos += used;
  if (mlen == 0) {
    /* no encoding byte: refused, and nothing passed on */
    if (!pk->badencoding || pk->msglen != 0 || got.len != 0) abort();
    return skiprest(p, n, pos, pk);
  }
  if (pk->msglen != mlen - 1) abort();
  if (m[0] == '\n' && (got.len != mlen - 1 ||
      (got.len && memcmp(got.s, m + 1, got.len))))
    abort();
  if ((m[0] == '\n' || m[0] == '\r') == pk->badencoding) abort();
  if (m[0] == '\r' && got.len > mlen - 1) abort();
  if (ns_parse(p + pos, n - pos, (size_t)-1, &snd, &slen, &used) != 1) abort();
  pos += used;
  if ((slen > LIM_ADDR || memchr(snd, 0, slen)) != pk->senderbad) abort();
  if (!pk->senderbad && (pk->sender.len != slen + 1 ||
      (slen && memcmp(pk->sender.s, snd, slen))))
    abort();
  if (ns_parse(p + pos, n - pos, LIM_NETSTRING, &list, &llen, &used) != 1)
    abort();
  pos += used;
  for (i = 0; i < llen; i += used) {
    if (ns_parse(list + i, llen - i, llen, &r, &rlen, &used) != 1) abort();
    if (k < pk->nrcpts) {
      const char *e = pk->rcpts.s;
      size_t j, at = 0;
      for (j = 0; j < k; ++j) at += strlen(e + at) + 1;
      if ((rlen > LIM_ADDR || memchr(r, 0, rlen)) != (e[at] == QMPACK_BAD))
        abort();
      if (e[at] == QMPACK_OK && (strlen(e + at + 1) != rlen ||
          (rlen && memcmp(e + at + 1, r, rlen))))
        abort();
    }
    ++k;
  }
  if (k != pk->nrcpts + pk->extra || pk->nrcpts > pk->maxrcpts) abort();
  return pos;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  struct qmpack pk = QMPACK_ZERO;
  struct buf in;
  size_t pos = 0;
  int r;

  pk.start = start;
  pk.put = put;
  pk.maxrcpts = 3;
  buf_initmem(&in, (const char *)data, size);
  for (;;) {
    started = 0;
    errno = 0;
    r = qmpack_qmtp(&in, &pk);
    if (r != 1) break;
    if (!started || announced != pk.msglen) abort();
    pos += check((const char *)data + pos, size - pos, &pk);
  }
  if (r == 0 && pos != size) abort();
  if (r == -1 && errno != EPROTO && errno != E2BIG) abort();
  qmpack_free(&pk);
  sa_free(&got);
  return 0;
}
