/* checkpw.h - run a checkpassword program, the interface of
 * cr.yp.to/checkpwd/interface.html, for qmail-popup and qmail-smtpd
 *
 * checkpw_start puts data[0..n) (name NUL password NUL timestamp NUL,
 * at most LIM_CHECKPW bytes, less than PIPE_BUF, so writing it never
 * blocks) in a pipe, forks, and in the child moves the pipe's reading
 * end to fd 3, restores SIGPIPE and execs argv (searched in PATH).  With
 * CHECKPW_QUIET the child's fd 0 reads /dev/null and its fd 1 is fd 2:
 * neither the checkpassword program nor the subprogram it runs on
 * success can read from or write to the client.  The parent gets the
 * child's pid, or -1 and errno with nothing left running; it then wipes
 * its copy of the password and waits (wait_pid, wait_exitcode).
 *
 * The child, if it cannot set up its descriptors or exec, says so on
 * fd 2 and exits 111 (temporary): the one place where library code
 * exits, in a process that was never its caller. */
#ifndef CHECKPW_H
#define CHECKPW_H

#include <stddef.h>
#include <sys/types.h>
#include "sa.h"

#define CHECKPW_QUIET 1

pid_t checkpw_start(char *const *argv, const char *data, size_t n,
                    int flags);
/* checkpw_wipe - zero p[0..n) so that the compiler keeps the stores */
void checkpw_wipe(void *p, size_t n);
/* checkpw_wipesa - zero all of x's storage (cap bytes), len 0 */
void checkpw_wipesa(struct sa *x);

#endif
