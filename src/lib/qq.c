/* qq.c - handing a message to qmail-queue (or to $QMAILQUEUE)
 *
 * Where the C library can change directory in posix_spawn (glibc 2.29
 * and later: posix_spawn_file_actions_addchdir_np), the queue program
 * is started with posix_spawn, which glibc runs as a vfork-like clone:
 * no copy of the caller's page tables and no copy-on-write faults.
 * This is one fork per message in qmail-smtpd and qmail-inject, and it
 * was about a tenth of the CPU quire spent per message received over
 * SMTP (tests/bench/README).  Elsewhere it forks, as qmail does; both
 * give the child the same descriptors, directory and signals. */
#if defined(__linux__) && !defined(_GNU_SOURCE)
#define _GNU_SOURCE 1   /* glibc declares the addchdir action only then */
#endif
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "fd.h"
#include "qq.h"
#include "qqexit.h"
#include "wait.h"

extern char **environ;

#define QQ_EXECFAIL 120   /* the child could not run the queue program */

#if defined(__GLIBC__) && \
    (__GLIBC__ > 2 || (__GLIBC__ == 2 && __GLIBC_MINOR__ >= 29))
#define QQ_SPAWN 1
#endif

static const char *qqprogram(void)
{
  const char *qqprog = getenv("QMAILQUEUE");
  if (!qqprog || !*qqprog) qqprog = "bin/qmail-queue";
  return qqprog;
}

#ifndef QQ_SPAWN
/* dupabove - move fd above 6, so the dup2s onto 0, 1, 4, 6 can't collide */
static int dupabove(int fd)
{
  int n = fcntl(fd, F_DUPFD, 7);
  if (n == -1) return -1;
  close(fd);
  return n;
}
#endif

#ifdef QQ_SPAWN
/* spawn - the queue program on m, e and err (all above 6, all
 * close-on-exec, so only the copies made here reach it); 0, or an
 * exit code of the queue program's kind when it could not start */
static int spawn(pid_t *pid, const char *home, int m, int e, int err)
{
  const char *qqprog = qqprogram();
  char *argv[2];
  posix_spawn_file_actions_t fa;
  posix_spawnattr_t at;
  sigset_t def;
  int r;

  /* SECURITY: argv is the program alone; nothing from the message or
   * the envelope reaches the command line or a shell */
  argv[0] = (char *)(size_t)qqprog;
  argv[1] = 0;
  if (posix_spawn_file_actions_init(&fa)) return QQ_EXECFAIL;
  if (posix_spawnattr_init(&at)) {
    posix_spawn_file_actions_destroy(&fa);
    return QQ_EXECFAIL;
  }
  sigemptyset(&def);
  sigaddset(&def, SIGPIPE);
  r = posix_spawn_file_actions_adddup2(&fa, m, 0) ||
      posix_spawn_file_actions_adddup2(&fa, e, 1) ||
      posix_spawn_file_actions_adddup2(&fa, err, 4) ||
      posix_spawn_file_actions_adddup2(&fa, err, 6) ||
      posix_spawn_file_actions_addchdir_np(&fa, home) ||
      posix_spawnattr_setsigdefault(&at, &def) ||
      posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSIGDEF);
  if (!r) r = posix_spawn(pid, qqprog, &fa, &at, argv, environ);
  posix_spawn_file_actions_destroy(&fa);
  posix_spawnattr_destroy(&at);
  if (!r) return 0;
  /* the child has gone (posix_spawn reaped it); tell a home directory
   * that cannot be entered from a program that cannot be run, as the
   * exit codes of the fork path do */
  if (r != ENOMEM && r != EAGAIN && access(home, X_OK) == -1) return QQ_HOME;
  return QQ_EXECFAIL;
}
#else
static void child(const char *home, int m, int e, int err)
{
  const char *qqprog = qqprogram();
  char *argv[2];

  /* SECURITY: argv is the program alone; nothing from the message or
   * the envelope reaches the command line or a shell */
  argv[0] = (char *)(size_t)qqprog;
  argv[1] = 0;
  if (fd_move(0, m) == -1) _exit(QQ_EXECFAIL);
  if (fd_move(1, e) == -1) _exit(QQ_EXECFAIL);
  if (fd_copy(4, err) == -1) _exit(QQ_EXECFAIL);
  if (fd_move(6, err) == -1) _exit(QQ_EXECFAIL);
  if (fd_nocloexec(0) == -1 || fd_nocloexec(1) == -1 ||
      fd_nocloexec(4) == -1 || fd_nocloexec(6) == -1)
    _exit(QQ_EXECFAIL);
  if (chdir(home) == -1) _exit(QQ_HOME);
  signal(SIGPIPE, SIG_DFL);
  execv(qqprog, argv);
  _exit(QQ_EXECFAIL);
}
#endif

int qq_open(struct qq *q, const char *home)
{
  int pm[2];
  int pe[2];
  int perr[2];

  if (pipe(pm) == -1) return -1;
  if (pipe(pe) == -1) goto close_m;
  if (pipe(perr) == -1) goto close_e;
  q->spawncode = 0;
#ifdef QQ_SPAWN
  /* the child's ends above 6 and close-on-exec, so that the dup2s onto
   * 0, 1, 4 and 6 cannot collide and nothing else leaks to the child */
  {
    int m = fcntl(pm[0], F_DUPFD_CLOEXEC, 7);
    int e = m == -1 ? -1 : fcntl(pe[0], F_DUPFD_CLOEXEC, 7);
    int x = e == -1 ? -1 : fcntl(perr[1], F_DUPFD_CLOEXEC, 7);
    if (x == -1) {
      if (m != -1) close(m);
      if (e != -1) close(e);
      goto close_err;
    }
    close(pm[0]);
    close(pe[0]);
    close(perr[1]);
    if (fd_cloexec(pm[1]) == -1 || fd_cloexec(pe[1]) == -1 ||
        fd_cloexec(perr[0]) == -1) {
      close(m);
      close(e);
      close(x);
      close(pm[1]);
      close(pe[1]);
      close(perr[0]);
      return -1;
    }
    q->spawncode = spawn(&q->pid, home, m, e, x);
    close(m);
    close(e);
    close(x);
    if (q->spawncode) q->pid = -1;
  }
#else
  q->pid = fork();
  if (q->pid == -1) goto close_err;
  if (q->pid == 0) {
    close(pm[1]);
    close(pe[1]);
    close(perr[0]);
    pm[0] = dupabove(pm[0]);
    pe[0] = dupabove(pe[0]);
    perr[1] = dupabove(perr[1]);
    if (pm[0] == -1 || pe[0] == -1 || perr[1] == -1) _exit(QQ_EXECFAIL);
    child(home, pm[0], pe[0], perr[1]);
  }
  close(pm[0]);
  close(pe[0]);
  close(perr[1]);
  fd_cloexec(pm[1]);
  fd_cloexec(pe[1]);
  fd_cloexec(perr[0]);
#endif
  q->fdmess = pm[1];
  q->fdenv = pe[1];
  q->fderr = perr[0];
  /* a queue program that never started reads nothing: the writes stop
   * here, and qq_close reports its exit code as the fork path would */
  q->failed = q->spawncode != 0;
  buf_init(&q->out, q->fdmess, q->space, sizeof q->space);
  return 0;

close_err:
  close(perr[0]);
  close(perr[1]);
close_e:
  close(pe[0]);
  close(pe[1]);
close_m:
  close(pm[0]);
  close(pm[1]);
  return -1;
}

unsigned long qq_qp(const struct qq *q)
{
  return q->pid == -1 ? 0 : (unsigned long)q->pid;
}

void qq_fail(struct qq *q)
{
  q->failed = 1;
}

void qq_abandon(struct qq *q)
{
  struct sa err = SA_ZERO;

  qq_fail(q);
  qq_close(q, &err);
  sa_free(&err);
}

void qq_put(struct qq *q, const char *p, size_t n)
{
  if (!q->failed && !buf_put(&q->out, p, n)) q->failed = 1;
}

void qq_puts(struct qq *q, const char *s)
{
  qq_put(q, s, strlen(s));
}

void qq_from(struct qq *q, const char *sender)
{
  /* the message ends here: the queue program reads the envelope only
   * after end of file on fd 0 */
  if (!q->failed && !buf_flush(&q->out)) q->failed = 1;
  close(q->fdmess);
  q->fdmess = -1;
  buf_init(&q->out, q->fdenv, q->space, sizeof q->space);
  qq_put(q, "F", 1);
  qq_puts(q, sender);
  qq_put(q, "", 1);
}

void qq_to(struct qq *q, const char *recipient)
{
  qq_put(q, "T", 1);
  qq_puts(q, recipient);
  qq_put(q, "", 1);
}

/* readcustom - the filter's own text, at most LIM_QQ_CUSTOM bytes; read
 * to end of file so that a chatty filter cannot block on a full pipe */
static void readcustom(int fd, struct sa *text)
{
  char chunk[512];
  ssize_t r;

  text->len = 0;
  for (;;) {
    r = read(fd, chunk, sizeof chunk);
    if (r == -1 && errno == EINTR) continue;
    if (r <= 0) break;
    if (text->len < LIM_QQ_CUSTOM) {
      size_t take = (size_t)r;
      if (take > LIM_QQ_CUSTOM - text->len) take = LIM_QQ_CUSTOM - text->len;
      if (!sa_catb(text, chunk, take)) break;
    }
  }
}

static int say(struct sa *err, const char *text, int code)
{
  if (!sa_copys(err, text)) err->len = 0;
  return code;
}

int qq_close(struct qq *q, struct sa *err)
{
  int status;
  int code;
  struct sa custom = SA_ZERO;

  if (q->fdmess != -1) {          /* qq_from never called */
    q->failed = 1;
    close(q->fdmess);
  }
  qq_put(q, "", 1);
  if (!q->failed && !buf_flush(&q->out)) q->failed = 1;
  close(q->fdenv);
  readcustom(q->fderr, &custom);
  close(q->fderr);
  if (q->spawncode) {             /* it never ran: nothing to reap */
    sa_free(&custom);
    return say(err, qqexit_report(q->spawncode), q->spawncode);
  }
  if (wait_pid(q->pid, &status) != q->pid) {
    sa_free(&custom);
    return say(err, "Zqq waitpid surprise (#4.3.0)", -1);
  }
  code = wait_exitcode(status);
  if (code == -1) {
    sa_free(&custom);
    return say(err, "Zqq crashed (#4.3.0)", -1);
  }
  if (code == QQ_CUSTOM && custom.len > 1 &&
      (custom.s[0] == 'D' || custom.s[0] == 'Z')) {
    size_t i;
    /* SECURITY: the text goes into SMTP replies and logs: one line,
     * printable bytes only */
    for (i = 1; i < custom.len; ++i)
      if ((unsigned char)custom.s[i] < 32 || (unsigned char)custom.s[i] > 126)
        custom.s[i] = custom.s[i] == '\n' && i == custom.len - 1 ? 0 : '_';
    while (custom.len > 1 && custom.s[custom.len - 1] == 0) --custom.len;
    if (!sa_copy(err, &custom)) err->len = 0;
    sa_free(&custom);
    return code;
  }
  sa_free(&custom);
  if (code == 0 && !q->failed) {
    err->len = 0;
    return 0;
  }
  return say(err, qqexit_report(code), code ? code : QQ_READ);
}
