/* queue.h - names in the queue directory (qmail's layout, DESIGN.md 2)
 *
 * CONTRACT: qmail-queue, qmail-send, qmail-clean, qmail-lspawn,
 * qmail-rspawn, qmail-qread and qmail-qstat all name queue files with
 * these, relative to HOME/queue: mess/, info/, local/, remote/ are
 * split into QUEUE_SPLIT subdirectories by message number modulo
 * QUEUE_SPLIT; pid/, intd/, todo/ and bounce/ are flat. */
#ifndef QUEUE_H
#define QUEUE_H

#include <stddef.h>

#define QUEUE_SPLIT 23
#define QUEUE_FN 64           /* room for any queue file name and a NUL */

/* write "dir" + [split "/"] + id + NUL into s (QUEUE_FN bytes); returns
 * the length without the NUL.  dir ends in '/', e.g. "mess/". */
size_t queue_fn(char *s, const char *dir, unsigned long id, int split);

/* lock/trigger, a named pipe qmail-send reads: qmail-queue writes one
 * byte, without blocking, to wake it.  Errors are ignored on purpose:
 * qmail-send also scans todo/ on its own every so often. */
void queue_trigger_pull(void);

#endif
