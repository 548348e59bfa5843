/* rjob.h - the jobs qmail-rspawn gives a qmail-remote worker
 *
 * CONTRACT: qmail-rspawn writes, qmail-remote -w reads (qmail-rspawn(8),
 * qmail-remote(8)).  Internal to quire, like spawnproto.h.  One job is
 * a run of rec.h's records on the worker's fd 0:
 *   "M" msgnum     decimal; the worker opens queue/mess/<split>/msgnum
 *   "H" host       what qmail-remote's first argument would be
 *   "F" sender     what its second would be (may be empty)
 *   "T" recipient  one or more, at most LIM_SPAWN_RCPTS
 *   end marker
 * The worker answers each job on its fd 1 with qmail-remote's report
 * exactly (qmail-remote.h): it ends with the record whose type is K, Z
 * or D.  A worker takes one job at a time; it reads end of file when
 * qmail-rspawn wants it gone, QUITs any session it holds and exits. */
#ifndef RJOB_H
#define RJOB_H

#include <stddef.h>
#include "sa.h"
#include "spawnproto.h"

#define REC_RJOB_MSG 'M'
#define REC_RJOB_HOST 'H'
#define REC_RJOB_FROM 'F'
#define REC_RJOB_TO 'T'

/* the bytes of one whole job at most: every record at its cap */
#define LIM_RJOB (3 * (LIM_SPAWN_FROM + 2) + \
                  LIM_SPAWN_RCPTS * (LIM_QADDR + 2) + 1)

struct rjob {
  unsigned long msgnum;
  struct sa host;       /* NUL-terminated */
  struct sa sender;     /* NUL-terminated */
  struct sa rcpts;      /* each recipient NUL-terminated */
  unsigned int nrcpts;
};
#define RJOB_ZERO { 0, SA_ZERO, SA_ZERO, SA_ZERO, 0 }

/* rjob_put - append one job; rcpts holds nrcpts NUL-terminated
 * addresses.  1, or 0 with errno (ENOMEM, EINVAL) */
int rjob_put(struct sa *out, unsigned long msgnum, const char *host,
             const char *sender, const char *rcpts, unsigned int nrcpts);

/* rjob_parse - one job from p[0..n): 1 with *used its length and j
 * filled; 0 when p holds only the start of a job; -1 with errno
 * (EPROTO malformed: an unknown, repeated or missing record, a bad
 * number, a recipient too many; E2BIG a record over its cap; ENOMEM) */
int rjob_parse(const char *p, size_t n, size_t *used, struct rjob *j);

/* rjob_report - whether p[0..n) starts with a whole qmail-remote
 * report: 1 with *len its length (through the NUL of the K, Z or D
 * record), 0 not yet, -1 a record no report has (EPROTO) */
int rjob_report(const char *p, size_t n, size_t *len);

void rjob_free(struct rjob *j);

#endif
