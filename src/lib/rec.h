/* rec.h - the record codec of quire's internal protocols
 *
 * A record is a type byte, a payload with no NUL in it, and a NUL:
 * "Fsender\0", "Trecipient\0".  A lone NUL where a type byte is due is
 * the end marker of a list (the envelope's extra 0 byte): it is type
 * REC_END and is accepted only where the rules list it.
 *
 * Decoders check every record against a table of rules: an unknown
 * type, a payload over the rule's max, or a missing NUL is EPROTO (or
 * E2BIG for the length); they never guess (OpenSMTPD's m_end rule).
 * Functions return 1 for a record, 0 at a clean end of input (between
 * records), -1 with errno. */
#ifndef REC_H
#define REC_H

#include <stddef.h>
#include "buf.h"
#include "sa.h"

#define REC_END 0

struct rec_rule {
  int type;            /* a byte 1-255, or REC_END */
  size_t max;          /* longest payload accepted */
  int (*handle)(void *ctx, const char *payload, size_t len);  /* or null */
};
#define REC_RULES(r) (r), (sizeof (r) / sizeof (r)[0])

/* one record from memory at *pos; *pos moves past it */
int rec_next(const char *p, size_t n, size_t *pos,
             const struct rec_rule *rules, size_t nrules,
             int *type, const char **payload, size_t *len);
/* one record from a stream; payload is replaced, without its NUL */
int rec_get(struct buf *b, const struct rec_rule *rules, size_t nrules,
            int *type, struct sa *payload);
/* all of p[0..n) as whole records, each passed to its rule's handler;
 * a handler returning 0 stops with its errno; trailing bytes after the
 * last whole record, or after REC_END, are EPROTO.  1 or -1.  Input
 * that simply stops before REC_END is accepted: a caller that requires
 * the end marker must record in its REC_END handler that it came. */
int rec_dispatch(const char *p, size_t n,
                 const struct rec_rule *rules, size_t nrules, void *ctx);
/* append one record; EINVAL if type is not 1-255 or payload has a NUL.
 * rec_putend appends the end marker.  1, or 0 with errno. */
int rec_put(struct sa *out, int type, const char *payload, size_t len);
int rec_putend(struct sa *out);

#endif
