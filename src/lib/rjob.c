/* rjob.c - the jobs qmail-rspawn gives a qmail-remote worker (rjob.h)
 *
 * SECURITY: both ends run as qmailr, yet the worker still decodes a job
 * as rec.c decodes everything: each record against its cap, nothing
 * repeated that must be single, a whole job or nothing. */
#include <errno.h>
#include <string.h>
#include "rec.h"
#include "rjob.h"
#include "fmt.h"
#include "scan.h"
#include "str.h"

static const struct rec_rule job_rules[] = {
  { REC_RJOB_MSG, LIM_SPAWN_NUM, 0 },
  { REC_RJOB_HOST, LIM_QADDR, 0 },
  { REC_RJOB_FROM, LIM_SPAWN_FROM, 0 },
  { REC_RJOB_TO, LIM_QADDR, 0 },
  { REC_END, 0, 0 },
};

int rjob_put(struct sa *out, unsigned long msgnum, const char *host,
             const char *sender, const char *rcpts, unsigned int nrcpts)
{
  char num[FMT_ULONG];
  unsigned int i;

  if (!rec_put(out, REC_RJOB_MSG, num, fmt_ulong(num, msgnum)) ||
      !rec_put(out, REC_RJOB_HOST, host, strlen(host)) ||
      !rec_put(out, REC_RJOB_FROM, sender, strlen(sender)))
    return 0;
  for (i = 0; i < nrcpts; ++i) {
    size_t len = strlen(rcpts);
    if (!rec_put(out, REC_RJOB_TO, rcpts, len)) return 0;
    rcpts += len + 1;
  }
  return rec_putend(out);
}

/* known - t is a type the rules take */
static int known(int t)
{
  size_t i;
  for (i = 0; i < sizeof job_rules / sizeof job_rules[0]; ++i)
    if (job_rules[i].type == t) return 1;
  return 0;
}

/* keep - a payload appended to x, NUL-terminated */
static int keep(struct sa *x, const char *p, size_t len)
{
  return sa_catb(x, p, len) && sa_0(x);
}

int rjob_parse(const char *p, size_t n, size_t *used, struct rjob *j)
{
  size_t pos = 0;
  int seen = 0;         /* records M, H, F as bits 1, 2, 4 */

  j->host.len = j->sender.len = j->rcpts.len = 0;
  j->nrcpts = 0;
  j->msgnum = 0;
  for (;;) {
    const char *payload;
    size_t len;
    size_t num;
    int type;
    if (pos == n) return 0;
    /* a record without its NUL yet is the start of one, unless it is
     * already more than any record may be */
    if (!memchr(p + pos, 0, n - pos)) {
      if (rec_next(p, n, &pos, REC_RULES(job_rules), &type, &payload,
                   &len) == -1 && errno == E2BIG)
        return -1;
      if (known((unsigned char)p[pos])) return 0;
      errno = EPROTO;
      return -1;
    }
    if (rec_next(p, n, &pos, REC_RULES(job_rules), &type, &payload,
                 &len) != 1)
      return -1;
    switch (type) {
    case REC_RJOB_MSG:
      if (seen & 1 || !scan_sizeb(payload, len, &num, (unsigned long)-1))
        goto proto;
      j->msgnum = (unsigned long)num;
      seen |= 1;
      break;
    case REC_RJOB_HOST:
      if (seen & 2) goto proto;
      if (!keep(&j->host, payload, len)) return -1;
      seen |= 2;
      break;
    case REC_RJOB_FROM:
      if (seen & 4) goto proto;
      if (!keep(&j->sender, payload, len)) return -1;
      seen |= 4;
      break;
    case REC_RJOB_TO:
      if (j->nrcpts >= LIM_SPAWN_RCPTS) goto proto;
      if (!keep(&j->rcpts, payload, len)) return -1;
      ++j->nrcpts;
      break;
    default:    /* REC_END */
      if (seen != 7 || !j->nrcpts) goto proto;
      *used = pos;
      return 1;
    }
  }
proto:
  errno = EPROTO;
  return -1;
}

int rjob_report(const char *p, size_t n, size_t *len)
{
  size_t pos = 0;

  while (pos < n) {
    size_t end = byte_chr(p + pos, n - pos, 0);
    int type = (unsigned char)p[pos];
    if (byte_chr("rhsKZD", 6, type) == 6) {
      errno = EPROTO;
      return -1;
    }
    if (pos + end == n) return 0;     /* its NUL is yet to come */
    pos += end + 1;
    if (byte_chr("KZD", 3, type) < 3) {
      *len = pos;
      return 1;
    }
  }
  return 0;
}

void rjob_free(struct rjob *j)
{
  sa_free(&j->host);
  sa_free(&j->sender);
  sa_free(&j->rcpts);
}
