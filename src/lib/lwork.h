/* lwork.h - the jobs qmail-lspawn gives a qmail-local -w worker
 *
 * CONTRACT: qmail-lspawn writes jobs and reads statuses; qmail-local -w
 * reads jobs and writes statuses (qmail-lspawn(8), qmail-local(8)).
 * Internal to quire, like spawnproto.h.  The two ends of a
 * SOCK_SEQPACKET socket pair, so that each packet is read whole:
 *
 *  job     one packet of at most LWORK_JOB bytes: LWORK_FIELDS fields,
 *          each ended by a NUL: the job's number in decimal, then the
 *          eight arguments of qmail-local (user homedir local dash ext
 *          domain sender defaultdelivery); it carries two descriptors
 *          (SCM_RIGHTS): the message, open for reading, and the
 *          writing end of the job's report pipe
 *  status  one packet of LWORK_STATUS bytes, sent by the worker once
 *          it holds no copy of the report pipe: the job's number in 8
 *          bytes, most significant first, then the code qmail-local
 *          would have exited with (0, 100 or 111)
 *
 * A worker takes one job at a time, and exits when it reads end of
 * file.  The numbers let qmail-lspawn tell a status from a stale or
 * forged one. */
#ifndef LWORK_H
#define LWORK_H

#include <stddef.h>
#include "sa.h"

#define LWORK_JOB 32768
#define LWORK_FIELDS 9
#define LWORK_ARGS (LWORK_FIELDS - 1)
#define LWORK_STATUS 9

/* lwork_put - a job into out (replacing what it held): 1, or 0 with
 * errno (E2BIG: over LWORK_JOB bytes, or an argument that is null) */
int lwork_put(struct sa *out, unsigned long num, const char *const *args);
/* lwork_fits - whether a job of these arguments fits in LWORK_JOB
 * bytes, whatever its number */
int lwork_fits(const char *const *args);
/* lwork_parse - split the job p[0..n) in place: its number and its
 * LWORK_ARGS arguments (pointers into p): 1, or 0 if malformed */
int lwork_parse(const char *p, size_t n, unsigned long *num,
                const char **args);
/* lwork_status - the status packet of job num with exit code code */
void lwork_status(unsigned char *out, unsigned long num, int code);
/* lwork_statusparse - the exit code in the status p[0..n) of job num
 * (0, 100 or 111), or -1 if it is malformed, of another job or another
 * code */
int lwork_statusparse(const unsigned char *p, size_t n, unsigned long num);
/* lwork_send - one packet with two descriptors to the worker: 1, or 0
 * with errno; never raises SIGPIPE and never waits: a worker that left
 * earlier jobs unread, filling the socket, gets EAGAIN, not a stalled
 * qmail-lspawn */
int lwork_send(int sock, const char *p, size_t n, int fd0, int fd1);
/* lwork_recv - one packet into p (max bytes) with exactly two
 * descriptors, both close-on-exec: 1 with *n and fds[], 0 at end of
 * file, -1 on an error or a packet that is too long or carries other
 * than two descriptors (errno EPROTO; what it carried is closed) */
int lwork_recv(int sock, char *p, size_t max, size_t *n, int *fds);

#endif
