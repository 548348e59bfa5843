/* qqframe.h - how messages travel in qmail-queue's session mode
 *
 * CONTRACT (qmail-queue(8), option -s): on the session socket each
 * message is a run of chunks, each "LEN:" then LEN bytes then ",", with
 * LEN in decimal, no leading zero, 1 to QQF_MAX; the empty chunk "0:,"
 * ends the message.  Its envelope follows, in the classic format (it
 * ends itself with an extra 0 byte).  qmail-queue answers QQF_HELLO
 * once when it is ready and QQF_QUEUED after each message it has
 * committed; any failure ends the session, and its exit code says why.
 *
 * The decoder is strict (one way to write each message) and holds no
 * memory of its own: a piece points into the caller's buf. */
#ifndef QQFRAME_H
#define QQFRAME_H

#include <stddef.h>
#include "buf.h"

#define QQF_MAX 65536      /* bytes of one chunk at most */
#define QQF_HEADER 8       /* room for the longest "LEN:" */
#define QQF_HELLO 'S'      /* qmail-queue -s is ready for messages */
#define QQF_QUEUED 'K'     /* one message is queued */

struct qqframe {
  size_t left;     /* bytes of the current chunk not yet returned */
  int inchunk;     /* a chunk's bytes are being read: its ',' is due */
};
#define QQFRAME_ZERO { 0, 0 }

/* qqframe_get - the next piece of the message: 1 with p[0..n) (valid
 * until b is read again), 0 at its end (f is then ready for the next
 * message), -1 with errno: EPROTO for bad framing or end of file
 * inside the message, else the read error */
int qqframe_get(struct buf *b, struct qqframe *f, const char **p, size_t *n);
/* qqframe_header - "LEN:" for a chunk of len bytes, 0 <= len <= QQF_MAX,
 * into s (QQF_HEADER bytes of room); its length */
size_t qqframe_header(char *s, size_t len);

#endif
