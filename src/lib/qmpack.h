/* qmpack.h - reading a QMTP package or a QMQP body from a stream
 *
 * QMTP (cr.yp.to/proto/qmtp.txt), one package:
 *   netstring(encoding byte, message)  netstring(sender)
 *   netstring(netstring(recipient) ...)
 * The encoding byte is LF (the message has LF line ends) or, from
 * clients of the first draft, CR (CR LF line ends, turned into LF).
 * QMQP (cr.yp.to/proto/qmqp.html), the one netstring of a session:
 *   netstring(netstring(message) netstring(sender)
 *             netstring(recipient) ...)
 *
 * The message is never held: its bytes go to put() as they arrive,
 * after start() has been told its length (the caller opens qmail-queue
 * there; start decides what to do with a message over databytes).
 * A message, or a QMQP body, over LIM_NETSTRING is E2BIG.  The sender
 * and recipients are kept, each capped at LIM_ADDR; a longer one, or
 * one that holds a NUL byte, is read past and marked bad.  At most
 * maxrcpts recipients are kept; the rest are only counted.  Every length is checked before
 * anything is read or kept, every netstring must be exactly as long as
 * it says, and a nested one must end exactly where its container does.
 *
 * qmpack_qmtp returns 1 for a whole package, 0 at end of file before
 * its first byte, -1 with errno (EPROTO: not the protocol, or end of
 * file inside; E2BIG: over a cap; ETIMEDOUT; ENOMEM ...); after -1 the
 * stream is out of step and the caller must close.  qmpack_qmqp is the
 * same for the one body (end of file before it is EPROTO). */
#ifndef QMPACK_H
#define QMPACK_H

#include <stddef.h>
#include "buf.h"
#include "sa.h"

#define QMPACK_OK 'T'        /* a recipient kept, as it was sent */
#define QMPACK_BAD 'B'       /* a recipient over LIM_ADDR or with a NUL */

struct qmpack {
  /* set by the caller */
  void (*start)(void *ctx, size_t msglen);
  void (*put)(void *ctx, const char *p, size_t n);
  void *ctx;
  size_t maxrcpts;     /* recipients kept; the rest counted in extra */
  /* the result */
  int badencoding;     /* QMTP: neither LF nor CR first */
  size_t msglen;       /* bytes of the message as sent */
  int senderbad;       /* over LIM_ADDR, or holds a NUL */
  struct sa sender;    /* NUL-terminated */
  struct sa rcpts;     /* each: QMPACK_OK or _TOOLONG, address, NUL */
  size_t nrcpts;       /* entries in rcpts */
  size_t extra;        /* recipients past maxrcpts */
};
#define QMPACK_ZERO { 0, 0, 0, 0, 0, 0, 0, SA_ZERO, SA_ZERO, 0, 0 }

int qmpack_qmtp(struct buf *in, struct qmpack *p);
int qmpack_qmqp(struct buf *in, struct qmpack *p);
void qmpack_free(struct qmpack *p);

#endif
