/* checkpw.c - run a checkpassword program with its input on fd 3 */
#include <fcntl.h>
#include <unistd.h>
#include "buf.h"
#include "checkpw.h"
#include "err.h"
#include "exitcode.h"
#include "fd.h"
#include "sig.h"

/* child - become the checkpassword program; never returns */
static void child(char *const *argv, int fd, int flags)
{
  if (fd_move(3, fd) == -1) {
    warn_sys("unable to set up fd 3");
    _exit(EX_TEMP);
  }
  if (flags & CHECKPW_QUIET) {
    int null = open("/dev/null", O_RDONLY);
    if (null == -1 || fd_move(0, null) == -1 || fd_copy(1, 2) == -1) {
      warn_sys("unable to set up fds 0 and 1");
      _exit(EX_TEMP);
    }
  }
  sig_default(SIGPIPE);       /* ignoring it would be inherited */
  execvp(argv[0], argv);
  warn_sys("unable to run ", argv[0]);
  _exit(EX_TEMP);
}

pid_t checkpw_start(char *const *argv, const char *data, size_t n,
                    int flags)
{
  int pi[2];
  pid_t pid;

  if (pipe(pi) == -1) return -1;
  if (!fd_writeall(pi[1], data, n, 0)) {
    close(pi[0]);
    close(pi[1]);
    return -1;
  }
  if (close(pi[1]) == -1) {
    close(pi[0]);
    return -1;
  }
  pid = fork();
  if (pid == 0) child(argv, pi[0], flags);
  close(pi[0]);
  return pid;
}

void checkpw_wipe(void *p, size_t n)
{
  volatile unsigned char *v = p;

  while (n--) *v++ = 0;
}

void checkpw_wipesa(struct sa *x)
{
  if (x->s) checkpw_wipe(x->s, x->cap);
  x->len = 0;
}
