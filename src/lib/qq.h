/* qq.h - handing a message to qmail-queue (or to $QMAILQUEUE)
 *
 * qq_open starts the queue program with the message pipe on its fd 0
 * and the envelope pipe on its fd 1, in home (auto_qmail).  If
 * QMAILQUEUE is set, that program runs instead of bin/qmail-queue
 * (qmail-queue(8)).  A third pipe is open on both fd 4 and fd 6 of the
 * child: a filter that exits 82 may write its own error there, "D"
 * (permanent) or "Z" (temporary) and a text, as the custom-error
 * patches do (fd 4 in the original patch, fd 6 in notqmail).
 *
 * Errors while writing latch: the caller puts everything, then asks
 * qq_close, which always reaps the child.  qq_close returns 0 when the
 * message is queued, else an error in err: its first byte is 'D' for a
 * permanent failure or 'Z' for a temporary one, then a text that ends
 * in an enhanced status code, e.g. "Zqq write error or disk full
 * (#4.3.0)".  The return value is then the exit code, or -1.
 * The caller ignores SIGPIPE, so a queue program that dies early shows
 * as a write error, not as the caller's death.
 *
 * A caller that queues message after message (qmail-smtpd) opens each
 * with qq_begin instead.  When QMAILQUEUE is unset, qq_begin keeps one
 * "qmail-queue -s" for all of them (a session, qmail-queue(8)): each
 * message is sent in chunks and qq_close waits for its own answer, so
 * each is still committed before its qq_close returns 0.  The first
 * failure ends the session, reporting the exit code as above, and the
 * next qq_begin starts another.  A queue program that does not answer
 * the session's greeting (one put in place of bin/qmail-queue) is run
 * once per message from then on.  qq_end closes a session.  The struct
 * must start zeroed (QQ_ZERO) and stay the same between messages.
 * qq_prestart starts the session's qmail-queue ahead of qq_begin (at a
 * transaction's first recipient), so that its start-up overlaps the
 * client's; it reports nothing, and qq_begin meets any failure again. */
#ifndef QQ_H
#define QQ_H

#include <sys/types.h>
#include "buf.h"
#include "sa.h"

#define LIM_QQ_CUSTOM 1000    /* bytes of a filter's own error text */

struct qq {
  pid_t pid;
  int fdmess;     /* message, to the child's fd 0 */
  int fdenv;      /* envelope, to the child's fd 1 */
  int fderr;      /* custom error, from the child's fd 4 and fd 6 */
  int failed;     /* a write failed; the queue program sees a short input */
  int spawncode;  /* nonzero: the queue program never started; its code */
  int live;       /* a session is open: pid is its qmail-queue -s */
  int sock;       /* the session's socket, when live */
  int insession;  /* this message goes through the session */
  int framing;    /* session: the text goes out in chunks (before qq_from) */
  int nosession;  /* the queue program would not start a session */
  int greeted;    /* live, and its greeting has been read */
  size_t clen;    /* session: text bytes held in space after the header */
  struct buf out;
  char space[BUF_SIZE];
};

#define QQ_ZERO { 0 }

int qq_open(struct qq *q, const char *home);   /* 0, or -1 + errno */
int qq_begin(struct qq *q, const char *home);  /* 0, or -1 + errno */
void qq_prestart(struct qq *q, const char *home);
void qq_end(struct qq *q);
unsigned long qq_qp(const struct qq *q);   /* the child's pid */
void qq_put(struct qq *q, const char *p, size_t n);
void qq_puts(struct qq *q, const char *s);
void qq_fail(struct qq *q);                /* make qq_close fail */
void qq_abandon(struct qq *q);   /* qq_fail, then qq_close: nothing queued */
void qq_from(struct qq *q, const char *sender);   /* ends the message */
void qq_to(struct qq *q, const char *recipient);
int qq_close(struct qq *q, struct sa *err);

#endif
