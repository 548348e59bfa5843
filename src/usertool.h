/* usertool.h - what the helpers of .qmail files share
 *
 * forward, condredirect, bouncesaying, except, preline, predate,
 * qreceipt, datemail and mailsubj run as the user whose .qmail names
 * them (or who types them), with the message on fd 0 and the
 * qmail-command(8) variables in the environment.  Every function here
 * that fails exits in the class qmail-command(8) reads: 111 try again,
 * 100 never; so each program's main stays a few lines. */
#ifndef USERTOOL_H
#define USERTOOL_H

#include <stddef.h>
#include "sa.h"

/* ut_env - the value of name, or exit 100 saying it is not set */
const char *ut_env(const char *name);

/* ut_run - run argv (found through PATH) with our fd 0, 1 and 2, wait
 * for it: its exit code.  Exits 100 itself if the program does not
 * exist or may not be run, 111 if it could not start or crashed. */
int ut_run(char *const *argv);

/* ut_feed - run argv with a pipe on its fd 0 that carries prefix, then
 * all of our fd 0: the program's exit code (111 if it crashed).  A
 * program that stops reading early is not an error. */
int ut_feed(char *const *argv, const struct sa *prefix);

/* ut_rewind - fd 0 back to its start (qmail-local gives a file) */
void ut_rewind(void);

/* ut_forward - queue fd 0, with $DTLINE on top, from $NEWSENDER to the
 * n addresses of to: the queue program's pid.  Exits 100 or 111, with
 * qmail-queue's own reason, if the message is not queued. */
unsigned long ut_forward(char *const *to, size_t n);

/* ut_qqclose - qq_close, and on failure exit 100 or 111 with the queue
 * program's own reason (qreceipt shares this with ut_forward) */
struct qq;
void ut_qqclose(struct qq *q);

/* ut_qp - "prog: qp N" on fd 1, as qmail's helpers report their queue
 * pid (qmail-local puts it in the delivery's report) */
void ut_qp(unsigned long qp);

#endif
