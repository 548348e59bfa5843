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
#include <sys/socket.h>
#include <unistd.h>
#include "fd.h"
#include "qq.h"
#include "qqexit.h"
#include "qqframe.h"
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

/* The child's descriptors.  Classic: the message pipe on 0, the
 * envelope pipe on 1, the custom-error pipe on 4 and 6.  Session
 * (qmail-queue -s): /dev/null on 0 and 1, the socket on 3.  The
 * caller's ends are above 6 and close-on-exec, so that the moves onto
 * 0 to 6 cannot collide and nothing else reaches the child. */
struct kid {
  int session;
  int m;      /* classic: message; session: the socket */
  int e;      /* classic: envelope */
  int err;    /* classic: custom error */
};

#ifndef QQ_SPAWN
/* dupabove - move fd above 6, so the dup2s onto 0 to 6 can't collide */
static int dupabove(int fd)
{
  int n = fcntl(fd, F_DUPFD, 7);
  if (n == -1) return -1;
  close(fd);
  return n;
}
#endif

#ifdef QQ_SPAWN
/* spawn - the queue program on k's descriptors; 0, or an exit code of
 * the queue program's kind when it could not start */
static int spawn(pid_t *pid, const char *home, const struct kid *k)
{
  const char *qqprog = qqprogram();
  char *argv[3];
  posix_spawn_file_actions_t fa;
  posix_spawnattr_t at;
  sigset_t def;
  int r;

  /* SECURITY: argv is the program and the fixed -s alone; nothing from
   * the message or the envelope reaches the command line or a shell */
  argv[0] = (char *)(size_t)qqprog;
  argv[1] = k->session ? (char *)(size_t)"-s" : 0;
  argv[2] = 0;
  if (posix_spawn_file_actions_init(&fa)) return QQ_EXECFAIL;
  if (posix_spawnattr_init(&at)) {
    posix_spawn_file_actions_destroy(&fa);
    return QQ_EXECFAIL;
  }
  sigemptyset(&def);
  sigaddset(&def, SIGPIPE);
  if (k->session)
    r = posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0) ||
        posix_spawn_file_actions_addopen(&fa, 1, "/dev/null", O_RDONLY, 0) ||
        posix_spawn_file_actions_adddup2(&fa, k->m, 3);
  else
    r = posix_spawn_file_actions_adddup2(&fa, k->m, 0) ||
        posix_spawn_file_actions_adddup2(&fa, k->e, 1) ||
        posix_spawn_file_actions_adddup2(&fa, k->err, 4) ||
        posix_spawn_file_actions_adddup2(&fa, k->err, 6);
  if (!r)
    r = posix_spawn_file_actions_addchdir_np(&fa, home) ||
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
/* child - after fork: k's descriptors into place, then the program */
static void child(const char *home, const struct kid *k)
{
  const char *qqprog = qqprogram();
  char *argv[3];

  /* SECURITY: argv is the program and the fixed -s alone; nothing from
   * the message or the envelope reaches the command line or a shell */
  argv[0] = (char *)(size_t)qqprog;
  argv[1] = k->session ? (char *)(size_t)"-s" : 0;
  argv[2] = 0;
  if (k->session) {
    int null = open("/dev/null", O_RDONLY);
    if (null == -1 || (null = dupabove(null)) == -1) _exit(QQ_EXECFAIL);
    if (fd_copy(0, null) == -1 || fd_move(1, null) == -1 ||
        fd_move(3, k->m) == -1 || fd_nocloexec(3) == -1)
      _exit(QQ_EXECFAIL);
  } else {
    if (fd_move(0, k->m) == -1) _exit(QQ_EXECFAIL);
    if (fd_move(1, k->e) == -1) _exit(QQ_EXECFAIL);
    if (fd_copy(4, k->err) == -1) _exit(QQ_EXECFAIL);
    if (fd_move(6, k->err) == -1) _exit(QQ_EXECFAIL);
    if (fd_nocloexec(4) == -1 || fd_nocloexec(6) == -1) _exit(QQ_EXECFAIL);
  }
  if (fd_nocloexec(0) == -1 || fd_nocloexec(1) == -1) _exit(QQ_EXECFAIL);
  if (chdir(home) == -1) _exit(QQ_HOME);
  signal(SIGPIPE, SIG_DFL);
  execv(qqprog, argv);
  _exit(QQ_EXECFAIL);
}

/* spawn - the fork path: 0, or -1 with errno when fork failed */
static int spawn(pid_t *pid, const char *home, const struct kid *k)
{
  *pid = fork();
  if (*pid == -1) return -1;
  if (*pid == 0) child(home, k);
  return 0;
}
#endif

/* above - fd moved above 6 and close-on-exec; -1 with fd closed */
static int above(int fd)
{
  int n = fcntl(fd, F_DUPFD_CLOEXEC, 7);
  int e = errno;
  close(fd);
  errno = e;
  return n;
}

/* start - the queue program on k; 0 with q->pid and q->spawncode set,
 * or -1 with errno (nothing started) */
static int start(struct qq *q, const char *home, const struct kid *k)
{
  q->spawncode = 0;
#ifdef QQ_SPAWN
  q->spawncode = spawn(&q->pid, home, k);
  if (q->spawncode) q->pid = -1;
#else
  if (spawn(&q->pid, home, k) == -1) return -1;
#endif
  return 0;
}

int qq_open(struct qq *q, const char *home)
{
  int pm[2];
  int pe[2];
  int perr[2];
  struct kid k;

  q->insession = 0;
  q->framing = 0;
  if (pipe(pm) == -1) return -1;
  if (pipe(pe) == -1) goto close_m;
  if (pipe(perr) == -1) goto close_e;
  k.session = 0;
  k.m = above(pm[0]);
  k.e = above(pe[0]);
  k.err = above(perr[1]);
  if (k.m == -1 || k.e == -1 || k.err == -1 || fd_cloexec(pm[1]) == -1 ||
      fd_cloexec(pe[1]) == -1 || fd_cloexec(perr[0]) == -1 ||
      start(q, home, &k) == -1) {
    int e = errno;
    if (k.m != -1) close(k.m);
    if (k.e != -1) close(k.e);
    if (k.err != -1) close(k.err);
    close(pm[1]);
    close(pe[1]);
    close(perr[0]);
    errno = e;
    return -1;
  }
  close(k.m);
  close(k.e);
  close(k.err);
  q->fdmess = pm[1];
  q->fdenv = pe[1];
  q->fderr = perr[0];
  /* a queue program that never started reads nothing: the writes stop
   * here, and qq_close reports its exit code as the fork path would */
  q->failed = q->spawncode != 0;
  buf_init(&q->out, q->fdmess, q->space, sizeof q->space);
  return 0;

close_e:
  close(pe[0]);
  close(pe[1]);
close_m:
  close(pm[0]);
  close(pm[1]);
  return -1;
}

/* reap - the exit code of the queue program q->pid, or -1 */
static int reap(struct qq *q)
{
  int status;

  if (wait_pid(q->pid, &status) != q->pid) return -1;
  return wait_exitcode(status);
}

/* getbyte - one byte from fd: 1, 0 at end of file, -1 */
static int getbyte(int fd, char *c)
{
  for (;;) {
    ssize_t r = read(fd, c, 1);
    if (r == 1) return 1;
    if (r == 0) return 0;
    if (errno != EINTR) return -1;
  }
}

/* endsession - close the session and collect its exit code (-1 when
 * it cannot be had: no child, or death by a signal) */
static int endsession(struct qq *q)
{
  int code;

  close(q->sock);
  q->live = 0;
  q->insession = 0;
  code = reap(q);
  q->pid = -1;
  return code;
}

/* spawnsession - start qmail-queue -s; 0 when started (its greeting
 * is still to be read), -1 with errno when nothing could start */
static int spawnsession(struct qq *q, const char *home)
{
  int sv[2];
  struct kid k;

  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == -1)
    return -1;
  k.session = 1;
  k.m = above(sv[1]);
  k.e = -1;
  k.err = -1;
  if (k.m == -1 || start(q, home, &k) == -1) {
    int e = errno;
    if (k.m != -1) close(k.m);
    close(sv[0]);
    errno = e;
    return -1;
  }
  close(k.m);
  q->sock = sv[0];
  q->live = 1;
  q->greeted = 0;
  return 0;
}

/* greet - wait for the session's greeting: 1, or 0 when the program
 * gave none (not one that speaks the session, or one that failed at
 * once; classic mode from now on will say which): it is reaped and
 * nosession set */
static int greet(struct qq *q)
{
  char c;

  if (!q->spawncode && getbyte(q->sock, &c) == 1 && c == QQF_HELLO) {
    q->greeted = 1;
    return 1;
  }
  if (q->spawncode) {
    close(q->sock);
    q->live = 0;
  } else
    endsession(q);
  q->nosession = 1;
  return 0;
}

/* sessionwanted - a session is used: QMAILQUEUE is unset, and the
 * queue program has not refused one */
static int sessionwanted(const struct qq *q)
{
  const char *env = getenv("QMAILQUEUE");
  return !q->nosession && !(env && *env);
}

void qq_prestart(struct qq *q, const char *home)
{
  /* a failure here is met again, and reported, by qq_begin */
  if (sessionwanted(q) && !q->live) spawnsession(q, home);
}

int qq_begin(struct qq *q, const char *home)
{
  if (!sessionwanted(q)) return qq_open(q, home);
  if (!q->live && spawnsession(q, home) == -1) return -1;
  if (!q->greeted && !greet(q)) return qq_open(q, home);
  q->insession = 1;
  q->framing = 1;
  q->failed = 0;
  q->spawncode = 0;
  q->clen = 0;
  return 0;
}

void qq_end(struct qq *q)
{
  if (q->live) endsession(q);
}

/* The text of a session's message waits in space after QQF_HEADER bytes
 * of room, so that its "LEN:" can go in front and its "," after, and
 * the whole chunk leaves in one write. */
#define QQ_CHUNKROOM (sizeof ((struct qq *)0)->space - QQF_HEADER - 1)

static void chunkflush(struct qq *q)
{
  char head[QQF_HEADER];
  size_t hlen;
  char *p;

  if (q->failed || q->clen == 0) return;
  hlen = qqframe_header(head, q->clen);
  p = q->space + QQF_HEADER - hlen;
  memcpy(p, head, hlen);
  q->space[QQF_HEADER + q->clen] = ',';
  if (fd_writeall(q->sock, p, hlen + q->clen + 1, 0) == -1) q->failed = 1;
  q->clen = 0;
}

static void chunkput(struct qq *q, const char *p, size_t n)
{
  while (n > 0 && !q->failed) {
    size_t take = QQ_CHUNKROOM - q->clen;
    if (take > n) take = n;
    memcpy(q->space + QQF_HEADER + q->clen, p, take);
    q->clen += take;
    p += take;
    n -= take;
    if (q->clen == QQ_CHUNKROOM) chunkflush(q);
  }
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
  if (q->framing) chunkput(q, p, n);
  else if (!q->failed && !buf_put(&q->out, p, n)) q->failed = 1;
}

void qq_puts(struct qq *q, const char *s)
{
  qq_put(q, s, strlen(s));
}

void qq_from(struct qq *q, const char *sender)
{
  if (q->insession) {
    /* the message ends with the empty chunk; the envelope follows on
     * the same socket.  A message that failed gets no end: the session
     * ends in qq_close, and qmail-queue sees end of file inside it */
    chunkflush(q);
    q->framing = 0;
    buf_init(&q->out, q->sock, q->space, sizeof q->space);
    qq_put(q, "0:,", 3);
  } else {
    /* the message ends here: the queue program reads the envelope only
     * after end of file on fd 0 */
    if (!q->failed && !buf_flush(&q->out)) q->failed = 1;
    close(q->fdmess);
    q->fdmess = -1;
    buf_init(&q->out, q->fdenv, q->space, sizeof q->space);
  }
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

/* closesession - qq_close for a message of a session */
static int closesession(struct qq *q, struct sa *err)
{
  int code;
  char c;

  if (q->framing) {              /* qq_from never called */
    q->failed = 1;
    q->framing = 0;
  }
  qq_put(q, "", 1);
  if (!q->failed && !buf_flush(&q->out)) q->failed = 1;
  if (!q->failed && getbyte(q->sock, &c) == 1 && c == QQF_QUEUED) {
    q->insession = 0;
    err->len = 0;
    return 0;
  }
  /* not queued: the session ends (a failed message was never ended, so
   * qmail-queue sees end of file inside it and removes what it made),
   * and its exit code says why */
  code = endsession(q);
  if (code == -1) return say(err, "Zqq crashed (#4.3.0)", -1);
  return say(err, qqexit_report(code), code ? code : QQ_READ);
}

int qq_close(struct qq *q, struct sa *err)
{
  int status;
  int code;
  struct sa custom = SA_ZERO;

  if (q->insession) return closesession(q, err);
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
