/* rec.c - the record codec of quire's internal protocols
 *
 * SECURITY: the decoders trust nothing in the bytes: a type byte must
 * be in the rules (looked up as an unsigned value, 0-255), a payload
 * is scanned for its NUL only up to its rule's max plus one byte, and
 * a stream payload never holds more than max bytes.  rec_dispatch
 * checks all of its input before the first handler runs, so a handler
 * never acts on a list whose end turns out to be malformed. */
#include <errno.h>
#include <string.h>
#include "rec.h"
#include "sz.h"

/* rule_of - the rule for type byte t, or null */
static const struct rec_rule *rule_of(const struct rec_rule *rules,
                                      size_t nrules, int t)
{
  size_t i;
  for (i = 0; i < nrules; ++i)
    if (rules[i].type == t) return &rules[i];
  return 0;
}

int rec_next(const char *p, size_t n, size_t *pos,
             const struct rec_rule *rules, size_t nrules,
             int *type, const char **payload, size_t *len)
{
  const struct rec_rule *rule;
  const char *start;
  const char *nul;
  size_t rest;
  size_t scan;
  int t;

  if (*pos > n) {
    errno = EINVAL;
    return -1;
  }
  if (*pos == n) return 0;
  t = (unsigned char)p[*pos];
  rule = rule_of(rules, nrules, t);
  if (!rule) {
    errno = EPROTO;
    return -1;
  }
  if (t == REC_END) {
    /* the lone NUL: its payload is the empty string at that NUL */
    *type = t;
    *payload = p + *pos;
    *len = 0;
    ++*pos;
    return 1;
  }
  start = p + *pos + 1;
  rest = n - *pos - 1;
  scan = rest > rule->max ? rule->max + 1 : rest;
  nul = scan ? memchr(start, 0, scan) : 0;
  if (!nul) {
    errno = scan > rule->max ? E2BIG : EPROTO;
    return -1;
  }
  *type = t;
  *payload = start;
  *len = (size_t)(nul - start);
  *pos += *len + 2;
  return 1;
}

/* getpayload - bytes up to a NUL into payload, which holds at most max:
 * 1, or -1 with errno (EPROTO at end of file, E2BIG past max) */
static int getpayload(struct buf *b, struct sa *payload, size_t max)
{
  for (;;) {
    ssize_t got = buf_feed(b);
    size_t room = max - payload->len;
    size_t scan;
    const char *p;
    const char *nul;
    if (got == -1) return -1;
    if (got == 0) {
      errno = EPROTO;
      return -1;
    }
    p = buf_peek(b);
    scan = (size_t)got > room ? room + 1 : (size_t)got;
    nul = scan ? memchr(p, 0, scan) : 0;
    if (nul) {
      size_t k = (size_t)(nul - p);
      if (!sa_catb(payload, p, k)) return -1;
      buf_skip(b, k + 1);
      return 1;
    }
    if (scan > room) {
      errno = E2BIG;
      return -1;
    }
    if (!sa_catb(payload, p, scan)) return -1;
    buf_skip(b, scan);
  }
}

int rec_get(struct buf *b, const struct rec_rule *rules, size_t nrules,
            int *type, struct sa *payload)
{
  const struct rec_rule *rule;
  char c;
  int t;
  int r;

  payload->len = 0;
  r = buf_getc(b, &c);
  if (r <= 0) return r;
  t = (unsigned char)c;
  rule = rule_of(rules, nrules, t);
  if (!rule) {
    errno = EPROTO;
    return -1;
  }
  if (t != REC_END && getpayload(b, payload, rule->max) == -1) return -1;
  *type = t;
  return 1;
}

/* check - 1 if p[0..n) is whole records, nothing after REC_END; or -1 */
static int check(const char *p, size_t n,
                 const struct rec_rule *rules, size_t nrules)
{
  size_t pos = 0;
  int type;
  const char *payload;
  size_t len;
  int r;

  while ((r = rec_next(p, n, &pos, rules, nrules,
                       &type, &payload, &len)) == 1) {
    if (type == REC_END && pos != n) {
      errno = EPROTO;
      return -1;
    }
  }
  return r == 0 ? 1 : -1;
}

int rec_dispatch(const char *p, size_t n,
                 const struct rec_rule *rules, size_t nrules, void *ctx)
{
  size_t pos = 0;
  int type;
  const char *payload;
  size_t len;

  if (check(p, n, rules, nrules) == -1) return -1;
  while (rec_next(p, n, &pos, rules, nrules, &type, &payload, &len) == 1) {
    const struct rec_rule *rule = rule_of(rules, nrules, type);
    if (rule->handle && !rule->handle(ctx, payload, len)) return -1;
  }
  return 1;
}

int rec_put(struct sa *out, int type, const char *payload, size_t len)
{
  size_t total;

  if (type < 1 || type > 255 || (len && memchr(payload, 0, len))) {
    errno = EINVAL;
    return 0;
  }
  /* whole or nothing: reserve it all, then the appends cannot fail */
  if (!sz_add(&total, len, 2)) {
    errno = E2BIG;
    return 0;
  }
  if (!sa_ready(out, total)) return 0;
  return sa_append(out, (char)type) && sa_catb(out, payload, len) &&
         sa_append(out, 0);
}

int rec_putend(struct sa *out)
{
  return sa_append(out, 0);
}
