/* netstring.h - strict netstrings ("12:hello world!,")
 *
 * The length is a non-empty run of ASCII digits with no leading zero
 * (except "0" itself), at most max; then ':', the payload, ','.  Any
 * other byte is EPROTO; a length over max is E2BIG. */
#ifndef NETSTRING_H
#define NETSTRING_H

#include <stddef.h>
#include "buf.h"
#include "sa.h"

/* from memory: 1 with *payload, *plen and *used set; 0 if p[0..n) is a
 * correct but incomplete start; -1 with errno */
int ns_parse(const char *p, size_t n, size_t max,
             const char **payload, size_t *plen, size_t *used);
/* from a stream: 1 with out holding the payload; 0 at end of file
 * before the first byte; -1 with errno (EPROTO also for end of file
 * inside the netstring) */
int ns_read(struct buf *b, struct sa *out, size_t max);
/* the same in parts, for payloads streamed elsewhere: ns_readlen reads
 * "digits:" (1, 0 at clean end of file, -1); the caller consumes the
 * payload; ns_readend reads the ',' (1, or -1) */
int ns_readlen(struct buf *b, size_t *len, size_t max);
int ns_readend(struct buf *b);
/* netstrings inside a netstring (QMTP's recipient list, QMQP's body):
 * *left is what remains of the enclosing payload, and every byte read
 * counts against it; a netstring that would run past it is EPROTO, as
 * is end of file.  ns_readlenin reads "digits:" and takes the payload
 * and its ',' off *left at once (1, or -1); the caller then reads
 * exactly len bytes and ns_readend.  ns_readin reads a whole one into
 * out when it is at most keep bytes (1), or skips it (2); -1 on error.
 * ns_skip discards len payload bytes and the ',' (1, or -1). */
int ns_readlenin(struct buf *b, size_t *left, size_t *len);
int ns_readin(struct buf *b, size_t *left, struct sa *out, size_t keep);
int ns_skip(struct buf *b, size_t len);
/* ns_chunk - the next piece of a payload of which *left bytes are
 * still unread, as it arrives: 1 with p[0..n) (valid until the next
 * read from b; n <= *left, and *left is reduced by n), or -1 with errno
 * (EPROTO at end of file); *left must not be 0 */
int ns_chunk(struct buf *b, size_t *left, const char **p, size_t *n);
/* append the netstring of p[0..n) to out: 1, or 0 with errno */
int ns_put(struct sa *out, const char *p, size_t n);

#endif
