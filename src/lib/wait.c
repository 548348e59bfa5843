/* wait.c - reaping children */
#include <errno.h>
#include <signal.h>
#include <sys/wait.h>
#include "wait.h"

pid_t wait_pid(pid_t pid, int *status)
{
  for (;;) {
    pid_t r = waitpid(pid, status, 0);
    if (r != -1 || errno != EINTR) return r;
  }
}

pid_t wait_nohang(int *status)
{
  for (;;) {
    pid_t r = waitpid(-1, status, WNOHANG);
    if (r != -1 || errno != EINTR) return r;
  }
}

int wait_crashed(int status)
{
  return WIFSIGNALED(status);
}

int wait_exitcode(int status)
{
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  return -1;
}

int wait_status(int code)
{
  /* the encoding every Unix's wait uses, checked by tests/unit against
   * the macros: a signal number in the low seven bits, or the exit
   * code in the second byte */
  if (code == -1) return SIGKILL;
  return (code & 0xff) << 8;
}
