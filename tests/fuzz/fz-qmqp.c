/* fz-qmqp.c - fuzz qmpack_qmqp, the QMQP reader of qmail-qmqpd: a body
 * accepted is exactly one netstring whose payload is the message, the
 * sender and the recipients as netstrings, nothing more or less */
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
static int started;

static void start(void *ctx, size_t len)
{
  (void)ctx;
  (void)len;
  if (started) abort();
  started = 1;
  got.len = 0;
}

static void put(void *ctx, const char *p, size_t n)
{
  (void)ctx;
  if (!started || !sa_catb(&got, p, n)) abort();
}

/* check - body[0..n) holds the message, the sender, pk's recipients */
static void check(const char *body, size_t n, const struct qmpack *pk)
{
  const char *x;
  size_t xlen, used, pos = 0, k = 0;

  if (ns_parse(body, n, n, &x, &xlen, &used) != 1) abort();
  if (got.len != xlen || (xlen && memcmp(got.s, x, xlen)) ||
      pk->msglen != xlen)
    abort();
  pos += used;
  if (ns_parse(body + pos, n - pos, n, &x, &xlen, &used) != 1) abort();
  if ((xlen > LIM_ADDR || memchr(x, 0, xlen)) != pk->senderbad) abort();
  pos += used;
  while (pos < n) {
    if (ns_parse(body + pos, n - pos, n, &x, &xlen, &used) != 1) abort();
    pos += used;
    ++k;
  }
  if (k != pk->nrcpts + pk->extra) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  struct qmpack pk = QMPACK_ZERO;
  struct buf in;
  const char *body;
  size_t blen;
  size_t used;
  int r;

  pk.start = start;
  pk.put = put;
  pk.maxrcpts = 2;
  started = 0;
  buf_initmem(&in, (const char *)data, size);
  errno = 0;
  r = qmpack_qmqp(&in, &pk);
  if (r == 1) {
    if (ns_parse((const char *)data, size, LIM_NETSTRING, &body, &blen,
                 &used) != 1)
      abort();
    check(body, blen, &pk);
  } else if (errno != EPROTO && errno != E2BIG) {
    abort();
  }
  qmpack_free(&pk);
  sa_free(&got);
  return 0;
}
