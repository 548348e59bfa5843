/* spawnd.h - the driver shared by qmail-lspawn and qmail-rspawn
 *
 * spawn_main reads delivery requests from qmail-send on fd 0 (see
 * spawnproto.h), asks the program's spawn_start to begin each one, reaps
 * the children, and writes each result to qmail-send on fd 1.  It
 * returns when qmail-send has closed fd 0 and every delivery is done.
 * Each program supplies spawn_start and spawn_result. */
#ifndef SPAWND_H
#define SPAWND_H

#include <sys/types.h>
#include "buf.h"
#include "sa.h"

struct spawn_req {
  unsigned long slot;
  unsigned long msgnum;
  struct sa sender;        /* NUL-terminated */
  struct sa rcpts;         /* each recipient NUL-terminated */
  unsigned int nrcpts;
};

/* begin a delivery.  Either start a child (return its pid, with *outfd
 * the read end of a pipe on which the child writes its report), or
 * give it to a long-lived worker, a child of this process (return the
 * worker's pid, with *outfd the report pipe as for a child and *statfd
 * the descriptor on which the worker will say the delivery is done;
 * *statfd is -1 for a child), or finish at once (return 0 and put the
 * result records, one K, Z or D per recipient, in *result), or fail
 * (return -1: the driver reports a temporary failure for every
 * recipient). */
pid_t spawn_start(const struct spawn_req *r, int *outfd, int *statfd,
                  struct sa *result);

/* spawn_status - statfd is readable: 1 with *status (as from wait) when
 * the worker says the delivery is done, or when it broke the protocol
 * (a status of a crash); 0 if nothing came after all; -1 if the worker
 * is gone, when its own exit, once reaped, ends the delivery.  After 1
 * or -1 the driver no longer polls statfd (it may be closed). */
int spawn_status(int statfd, int *status);

/* spawn_reaped - pid, a child of this process, has been reaped (each
 * one is, a delivery's or not) */
void spawn_reaped(pid_t pid);

/* spawn_tick - called once in each turn of the loop, at least once a
 * second, e.g. to let idle workers go */
void spawn_tick(void);

/* turn a finished child's exit status and output (capped at LIM_REPORT)
 * into result records, one K, Z or D per recipient, in *result */
void spawn_result(const struct spawn_req *r, int status,
                  const struct sa *output, struct sa *result);

void spawn_main(void);

/* spawn-io.c: spawn_readreq - one whole request from qmail-send: 1, or
 * 0 at end of file (fatal on a malformed one) */
int spawn_readreq(struct buf *in, struct spawn_req *r);
/* spawn_writeresult - the records of one finished delivery to fd 1 */
void spawn_writeresult(unsigned long slot, const struct sa *result);
/* spawn_allfail - a temporary failure with text for every recipient */
void spawn_allfail(const struct spawn_req *r, const char *text,
                   struct sa *result);

#endif
