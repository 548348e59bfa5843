/* usertool.c - what the helpers of .qmail files share (usertool.h) */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <unistd.h>
#include "auto_qmail.h"
#include "buf.h"
#include "err.h"
#include "fd.h"
#include "fmt.h"
#include "qq.h"
#include "sa.h"
#include "sig.h"
#include "usertool.h"
#include "wait.h"

const char *ut_env(const char *name)
{
  const char *v = getenv(name);
  if (!v) die_perm(name, " not set");
  return v;
}

/* permanent - may exec's errno be cured by waiting? (a program that is
 * not there, or not runnable, stays so until its owner acts) */
static int permanent(int e)
{
  return e == ENOENT || e == EACCES || e == ENOEXEC || e == ENOTDIR ||
         e == ELOOP || e == ENAMETOOLONG || e == EISDIR;
}

/* child - exec argv; if that fails, tell the parent the errno through
 * report (close-on-exec, so a successful exec closes it unwritten) */
static void child(char *const *argv, int report)
{
  int e;

  sig_default(SIGPIPE);
  /* SECURITY: argv is the .qmail owner's own command line, passed as
   * it is: no shell sees it again */
  execvp(argv[0], argv);
  e = errno;
  if (write(report, &e, sizeof e) < 0) _exit(EX_TEMP);
  _exit(EX_TEMP);
}

/* start - fork and exec argv, with fd 0 from in (-1: ours); the pid.
 * A program that cannot be run is our failure, not its exit code:
 * except and bouncesaying would turn that code upside down. */
static pid_t start(char *const *argv, int in, int closeme)
{
  int report[2];
  int e;
  ssize_t r;
  pid_t pid;

  if (pipe(report) == -1) die_tempsys("unable to create a pipe");
  fd_cloexec(report[0]);
  fd_cloexec(report[1]);
  pid = fork();
  if (pid == -1) die_tempsys("unable to fork");
  if (pid == 0) {
    close(report[0]);
    if (closeme != -1) close(closeme);
    if (in != -1 && fd_move(0, in) == -1) _exit(EX_TEMP);
    child(argv, report[1]);
  }
  close(report[1]);
  do r = read(report[0], &e, sizeof e);
  while (r == -1 && errno == EINTR);
  close(report[0]);
  if (r == (ssize_t)sizeof e) {
    int status;
    wait_pid(pid, &status);
    errno = e;
    err_die(permanent(e) ? EX_PERM : EX_TEMP, 1,
            ERR_V("unable to run ", argv[0]));
  }
  return pid;
}

static int reap(pid_t pid)
{
  int status;
  if (wait_pid(pid, &status) == -1) die_tempsys("unable to wait for child");
  if (wait_crashed(status)) die_temp("child crashed");
  return wait_exitcode(status);
}

int ut_run(char *const *argv)
{
  return reap(start(argv, -1, -1));
}

/* copyto - fd 0 to out until end of file: 0, -1 read error, -2 the
 * reader went away or another write error (errno says which) */
static int copyto(struct buf *out)
{
  char chunk[BUF_SIZE];
  for (;;) {
    ssize_t r = read(0, chunk, sizeof chunk);
    if (r == -1 && errno == EINTR) continue;
    if (r == -1) return -1;
    if (r == 0) return buf_flush(out) ? 0 : -2;
    if (!buf_put(out, chunk, (size_t)r)) return -2;
  }
}

int ut_feed(char *const *argv, const struct sa *prefix)
{
  char space[BUF_SIZE];
  struct buf out;
  int pi[2];
  pid_t pid;
  int r = -2;
  int code;

  sig_ignore(SIGPIPE);
  if (pipe(pi) == -1) die_tempsys("unable to create a pipe");
  pid = start(argv, pi[0], pi[1]);
  close(pi[0]);
  buf_init(&out, pi[1], space, sizeof space);
  if (buf_putsa(&out, prefix)) r = copyto(&out);
  close(pi[1]);
  code = reap(pid);
  /* a program may decide on a message without reading all of it; its
   * exit code is the answer, but a message we could not read is not */
  if (r == -1) die_tempsys("unable to read message");
  return code;
}

void ut_rewind(void)
{
  if (lseek(0, 0, SEEK_SET) == -1) die_tempsys("unable to rewind message");
}

unsigned long ut_forward(char *const *to, size_t n)
{
  const char *sender = ut_env("NEWSENDER");
  const char *dtline = ut_env("DTLINE");
  char chunk[BUF_SIZE];
  struct qq q;
  unsigned long qp;
  size_t i;

  sig_ignore(SIGPIPE);
  if (qq_open(&q, auto_qmail) == -1) die_tempsys("unable to fork");
  qp = qq_qp(&q);
  /* dot-qmail(5): the Delivered-To line goes with the copy, so that a
   * loop comes back to this address and stops here */
  qq_puts(&q, dtline);
  for (;;) {
    ssize_t r = read(0, chunk, sizeof chunk);
    if (r == -1 && errno == EINTR) continue;
    if (r == -1) qq_fail(&q);
    if (r <= 0) break;
    qq_put(&q, chunk, (size_t)r);
  }
  qq_from(&q, sender);
  for (i = 0; i < n; ++i) qq_to(&q, to[i]);
  ut_qqclose(&q);
  return qp;
}

void ut_qqclose(struct qq *q)
{
  struct sa why = SA_ZERO;

  if (qq_close(q, &why) == 0) {
    sa_free(&why);
    return;
  }
  /* qq.h: 'D' permanent or 'Z' temporary, then the text */
  if (!sa_0(&why) || why.len < 2) die_temp("qq failed");
  err_die(why.s[0] == 'D' ? EX_PERM : EX_TEMP, 0, ERR_V(why.s + 1));
}

void ut_qp(unsigned long qp)
{
  char num[FMT_ULONG];
  struct buf out;
  char space[128];

  num[fmt_ulong(num, qp)] = 0;
  buf_init(&out, 1, space, sizeof space);
  if (!buf_puts(&out, prog) || !buf_puts(&out, ": qp ") ||
      !buf_puts(&out, num) || !buf_putsflush(&out, "\n"))
    return;     /* a report line lost is not a failed delivery */
}
