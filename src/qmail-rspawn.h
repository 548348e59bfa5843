/* qmail-rspawn.h - the parts of qmail-rspawn the unit tests call
 *
 * CONTRACT: qmail-remote's report (qmail-remote.h, qmail-remote(8)) in,
 * spawnproto.h's result records out. */
#ifndef QMAIL_RSPAWN_H
#define QMAIL_RSPAWN_H

#include <stddef.h>
#include "sa.h"
#include "spawnd.h"

/* rspawn_report - one K, Z or D record per recipient (nrcpts of them)
 * appended to result, from qmail-remote's exit code (-1: it crashed)
 * and its output p[0..n).  1, or 0 when memory runs out. */
int rspawn_report(unsigned int nrcpts, int exitcode, const char *p,
                  size_t n, struct sa *result);

#endif
