/* t-err.c - diagnostics and exit classes, seen from a parent process */
#include <errno.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "err.h"
#include "t.h"

const char *prog = "t-err";

/* run fn in a child with fd 2 on a pipe; return its stderr and status */
static int child(void (*fn)(void), char *out, size_t size, int *status)
{
  int p[2];
  pid_t pid;
  size_t len = 0;
  ssize_t r;

  if (pipe(p) == -1) return 0;
  pid = fork();
  if (pid == -1) return 0;
  if (pid == 0) {
    close(p[0]);
    dup2(p[1], 2);
    fn();
    _exit(0);
  }
  close(p[1]);
  while (len < size - 1 && (r = read(p[0], out + len, size - 1 - len)) > 0)
    len += (size_t)r;
  out[len] = 0;
  close(p[0]);
  return waitpid(pid, status, 0) == pid;
}

static void die_temp_sys(void)
{
  errno = EACCES;
  die_tempsys("unable to open ", "lock/sendmutex");
}

static void die_perm_plain(void) { die_perm("bad address"); }
static void die_usage_plain(void) { die_usage("t-err dir"); }
static void warn_then_exit(void) { errno = ENOENT; warn_sys("cannot see ", "x"); }
static void nomem(void) { temp_nomem(); }

static void long_message(void)
{
  static char big[5000];
  memset(big, 'a', sizeof big - 1);
  die_temp(big);
}

static void t_die_tempsys(void)
{
  char out[2048];
  int status;
  CHECK(child(die_temp_sys, out, sizeof out, &status));
  CHECK(WIFEXITED(status) && WEXITSTATUS(status) == EX_TEMP);
  CHECK(strcmp(out, "t-err: fatal: unable to open lock/sendmutex: "
                    "permission denied\n") == 0);
}

static void t_die_perm(void)
{
  char out[2048];
  int status;
  CHECK(child(die_perm_plain, out, sizeof out, &status));
  CHECK(WIFEXITED(status) && WEXITSTATUS(status) == EX_PERM);
  CHECK(strcmp(out, "t-err: fatal: bad address\n") == 0);
  CHECK(child(die_usage_plain, out, sizeof out, &status));
  CHECK(WIFEXITED(status) && WEXITSTATUS(status) == EX_PERM);
  CHECK(strcmp(out, "t-err: fatal: usage: t-err dir\n") == 0);
}

static void t_warn_and_nomem(void)
{
  char out[2048];
  int status;
  CHECK(child(warn_then_exit, out, sizeof out, &status));
  CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  CHECK(strcmp(out, "t-err: warning: cannot see x: no such file or directory\n") == 0);
  CHECK(child(nomem, out, sizeof out, &status));
  CHECK(WIFEXITED(status) && WEXITSTATUS(status) == EX_TEMP);
  CHECK(strcmp(out, "t-err: fatal: out of memory\n") == 0);
}

static void t_long_message_cut(void)
{
  char out[8192];
  int status;
  size_t n;
  CHECK(child(long_message, out, sizeof out, &status));
  CHECK(WIFEXITED(status) && WEXITSTATUS(status) == EX_TEMP);
  n = strlen(out);
  CHECK(n == 1024);                      /* one write, cut, still a line */
  CHECK(n > 4 && strcmp(out + n - 4, "...\n") == 0);
}

int main(void)
{
  TEST(t_die_tempsys);
  TEST(t_die_perm);
  TEST(t_warn_and_nomem);
  TEST(t_long_message_cut);
  return t_done();
}
