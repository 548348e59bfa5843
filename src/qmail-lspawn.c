/* qmail-lspawn - run qmail-local as the recipient, for qmail-send
 * runs as: root (from qmail-start); writes no files
 * reads:   spawn records on fd 0 from qmail-send (spawnproto.h)
 * trusts:  qmail-send's records; users/cdb (root-owned); the output of
 *          qmail-getpw, which it runs as the passwd role
 * parses:  nothing from the network or from users
 *
 * SECURITY: the only program besides qmail-queue that holds privilege
 * after start-up.  The parent never runs user code: it opens the
 * message as root, and each delivery is a child that gives up root for
 * the user's uid and gid (never 0) and execs qmail-local.  When
 * users/cdb names the user, the parent looks it up and the child is a
 * vfork child (quick), which does nothing that can block before its
 * exec; otherwise a forked child does the lookup, which may run
 * qmail-getpw and wait for it, so the parent never waits.  users/cdb is
 * mapped in the parent for the lookup: it is replaced by rename, never
 * rewritten in place, yet an I/O error while it is read would end this
 * process (SIGBUS), and qmail-send with it, to be restarted.
 *
 * Workers: in the common case the child is not a qmail-local for one
 * delivery but a qmail-local -w, started the same way (vfork, the
 * user's ids, exec), that stays to do further deliveries for the same
 * uid and gid, one at a time (lwork.h): each job is a packet on a
 * socket pair carrying the opened message and the report pipe, and its
 * end is a status packet with the job's number.  A worker idle for
 * LSPAWN_IDLE seconds, or done with LSPAWN_JOBS jobs, or one of more
 * than LSPAWN_SPARE idle ones, has its socket closed and exits.  A
 * worker gets only its own uid's and gid's mail.  What it sends is read
 * only as a fixed-size status: a wrong length, number or code, or one
 * sent with the job unread, is a crash, and its socket is closed; the
 * descriptors it might send are never received (recv with no control
 * buffer drops them).  This process never signals a worker: its pid
 * may have been reaped and reused. */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "auto_qmail.h"
#include "buf.h"
#include "err.h"
#include "fd.h"
#include "fmt.h"
#include "lwork.h"
#include "open.h"
#include "prot.h"
#include "queue.h"
#include "rec.h"
#include "sig.h"
#include "spawnd.h"
#include "spawnproto.h"
#include "users.h"
#include "wait.h"

const char *prog = "qmail-lspawn";

#define LSPAWN_IDLE 5         /* seconds a worker may wait for a job */
#define LSPAWN_JOBS 100       /* jobs a worker does before it retires */
#define LSPAWN_SPARE 20       /* idle workers kept at most */
#define LSPAWN_WORKERS (LIM_SPAWN_SLOTS + LSPAWN_SPARE)

struct worker {
  pid_t pid;
  int sock;                   /* our end of its fd 0 */
  uid_t uid;
  gid_t gid;
  int busy;
  unsigned long num;          /* the number of its last job */
  unsigned long jobs;
  time_t idle;                /* when it last became idle */
};

static struct worker *pool;   /* LSPAWN_WORKERS of them at most */
static size_t nworkers;
static size_t nidle;

static const char *defaultdelivery;
static struct sa localpath = SA_ZERO;  /* auto_qmail/bin/qmail-local */

/* say - a child's last words: the report text, then the exit class */
static void say(int code, const char *a, const char *b, const char *c)
  __attribute__((noreturn));
static void say(int code, const char *a, const char *b, const char *c)
{
  char line[1024];
  size_t n = 0;
  const char *parts[3];
  int i;
  parts[0] = a;
  parts[1] = b;
  parts[2] = c;
  for (i = 0; i < 3; ++i)
    if (parts[i])
      while (*parts[i] && n < sizeof line - 1) line[n++] = *parts[i]++;
  line[n++] = '\n';
  fd_writeall(1, line, n, 0);
  _exit(code);
}

/* become - in the child, with fd 0 the message and fd 1 the report
 * pipe: give up root for the user and run qmail-local, which enters
 * the home directory itself (as in qmail: a home on a hung file system
 * then holds up that delivery only, never this process); never returns.
 * SECURITY: this may run in a vfork child (quick), which shares the
 * parent's memory until the exec: it allocates nothing and writes no
 * global but errno, which the parent does not read after the vfork; the
 * parent's signal handlers never run here, because every signal stays
 * blocked until the caught ones are back to their defaults. */
static void become(const struct spawn_req *r, const struct pwinfo *pw,
                   const char *local, const char *domain,
                   const sigset_t *mask) __attribute__((noreturn));
static void become(const struct spawn_req *r, const struct pwinfo *pw,
                   const char *local, const char *domain,
                   const sigset_t *mask)
{
  char *argv[11];

  /* SECURITY: never deliver as root, whatever users/cdb says */
  if (pw->uid == 0)
    say(EX_TEMP, "Refusing to deliver as root. (#4.3.0)", 0, 0);
  if (prot_drop(pw->uid, pw->gid) == -1)
    say(EX_TEMP, "Unable to set the user's ids. (#4.3.0)", 0, 0);
  sig_default(SIGPIPE);
  sig_default(SIGCHLD);
  if (mask && sigprocmask(SIG_SETMASK, mask, 0) == -1) _exit(EX_TEMP);
  argv[0] = (char *)(size_t)"bin/qmail-local";
  if (!r) {
    /* a worker: its jobs bring the arguments */
    argv[1] = (char *)(size_t)"-w";
    argv[2] = 0;
    execv(localpath.s, argv);
    say(EX_TEMP, "Unable to run qmail-local. (#4.3.0)", 0, 0);
  }
  argv[1] = (char *)(size_t)"--";
  argv[2] = pw->user.s;
  argv[3] = pw->home.s;
  argv[4] = (char *)(size_t)local;
  argv[5] = pw->dash.s;
  argv[6] = pw->ext.s;
  argv[7] = (char *)(size_t)domain;
  argv[8] = r->sender.s;
  argv[9] = (char *)(size_t)defaultdelivery;
  argv[10] = 0;
  execv(localpath.s, argv);
  say(EX_TEMP, "Unable to run qmail-local. (#4.3.0)", 0, 0);
}

/* domain - the part of the recipient after its last @, or "" */
static const char *domainof(const char *rcpt)
{
  const char *at = strrchr(rcpt, '@');
  return at ? at + 1 : "";
}

/* localof - the part before it into *local: 1, or 0 out of memory */
static int localof(const char *rcpt, struct sa *local)
{
  const char *at = strrchr(rcpt, '@');
  return sa_copyb(local, rcpt, at ? (size_t)(at - rcpt) : strlen(rcpt)) &&
         sa_0(local);
}

/* child - the general case, in a forked copy: every lookup, every
 * failure reported as the delivery's text */
static void child(const struct spawn_req *r, int messfd, int out)
{
  struct pwinfo pw = PWINFO_ZERO;
  const char *why = 0;
  struct sa local = SA_ZERO;

  if (fd_move(1, out) == -1 || fd_copy(2, 1) == -1 || fd_move(0, messfd) == -1)
    _exit(EX_TEMP);
  if (!localof(r->rcpts.s, &local))
    say(EX_TEMP, "Out of memory. (#4.3.0)", 0, 0);
  /* as qmail: mail for an empty local part ("@host", e.g. an empty
   * doublebounceto) is thrown away, successfully */
  if (!local.s[0]) say(EX_OK, "Discarded: the local part is empty.", 0, 0);
  if (users_lookup(local.s, &pw, &why) != 1)
    say(EX_TEMP, why ? why : "Unable to find the user. ", "(#4.3.0)", 0);
  become(r, &pw, local.s, domainof(r->rcpts.s), 0);
}

/* retire - close worker i's socket and forget it: it reads end of
 * file and exits, and the driver reaps it */
static void retire(size_t i)
{
  if (!pool[i].busy) --nidle;
  close(pool[i].sock);
  pool[i] = pool[--nworkers];
}

/* oldest - the idle worker idle longest, or nworkers if none is */
static size_t oldest(void)
{
  size_t best = nworkers;
  size_t i;
  for (i = 0; i < nworkers; ++i)
    if (!pool[i].busy && (best == nworkers || pool[i].idle < pool[best].idle))
      best = i;
  return best;
}

/* unread - whether the worker on sock has left anything we sent it
 * unread (Linux: the bytes still charged to our end); 1 if unknown */
static int unread(int sock)
{
#ifdef TIOCOUTQ
  int q = 0;
  return ioctl(sock, TIOCOUTQ, &q) == -1 || q != 0;
#else
  (void)sock;
  return 0;
#endif
}

#define HIRE_OK 1
#define HIRE_GONE 0      /* its end is closed: it has exited, or will */
#define HIRE_BAD (-1)    /* anything else */

/* hire - the job to worker i, with the message and the report pipe's
 * writing end; a worker that cannot take it is retired */
static int hire(size_t i, const char *const *args, int messfd, int out)
{
  static struct sa job = SA_ZERO;
  struct worker *w = &pool[i];
  ssize_t r;
  char c;

  if (!lwork_put(&job, w->num + 1, args)) {
    if (errno != E2BIG) temp_nomem();
    retire(i);
    return HIRE_BAD;
  }
  /* an idle worker has nothing to say: if it has, it is not given the
   * job, so that no early word can pass for its status; nor has it
   * left a job unread (the send itself never waits: lwork_send) */
  r = recv(w->sock, &c, 1, MSG_DONTWAIT | MSG_PEEK);
  if (r == 0) {
    retire(i);
    return HIRE_GONE;
  }
  if (r != -1 || (errno != EAGAIN && errno != EWOULDBLOCK) ||
      unread(w->sock)) {
    retire(i);
    return HIRE_BAD;
  }
  if (!lwork_send(w->sock, job.s, job.len, messfd, out)) {
    r = errno == EPIPE || errno == ECONNRESET ? HIRE_GONE : HIRE_BAD;
    retire(i);
    return (int)r;
  }
  ++w->num;
  if (!w->busy) --nidle;
  w->busy = 1;
  return HIRE_OK;
}

/* hirenew - a new worker for the user, started as a child would be,
 * with the report pipe as its fds 1 and 2 for what it says before its
 * first job: its index, nworkers when there is no room, or -1 */
static long hirenew(const struct pwinfo *pw, int out, int in)
{
  struct worker *w;
  sigset_t all;
  sigset_t old;
  pid_t pid;
  int sv[2];

  if (nworkers >= LSPAWN_WORKERS) {
    size_t i = oldest();
    if (i == nworkers) return (long)nworkers;
    retire(i);
  }
  if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv) == -1)
    return -1;
  if (sigfillset(&all) == -1 || sigprocmask(SIG_SETMASK, &all, &old) == -1) {
    close(sv[0]);
    close(sv[1]);
    return -1;
  }
  w = &pool[nworkers];
  pid = vfork();
  if (pid == 0) {
    if (close(in) == -1 || fd_move(0, sv[1]) == -1 || fd_move(1, out) == -1 ||
        fd_copy(2, 1) == -1)
      _exit(EX_TEMP);
    become(0, pw, 0, 0, &old);
  }
  if (sigprocmask(SIG_SETMASK, &old, 0) == -1)
    die_tempsys("unable to restore the signal mask");
  close(sv[1]);
  if (pid == -1) {
    close(sv[0]);
    return -1;
  }
  w->pid = pid;
  w->sock = sv[0];
  w->uid = pw->uid;
  w->gid = pw->gid;
  w->busy = 0;
  w->num = 0;
  w->jobs = 0;
  w->idle = time(0);
  ++nidle;
  return (long)nworkers++;
}

/* toworker - the delivery to a worker of the user's (an idle one, or
 * a new one): its pid with *statfd; 0 when it must go the way of a
 * one-off child instead (a job too big for a worker, or no worker to
 * be had: no room, no descriptors, no process); or -1 */
static pid_t toworker(const struct pwinfo *pw, const char *const *args,
                      int messfd, int out, int in, int *statfd)
{
  size_t i;
  long n;
  pid_t pid;

  if (!lwork_fits(args)) return 0;
  for (i = 0; i < nworkers; ++i)
    if (!pool[i].busy && pool[i].pid && pool[i].uid == pw->uid &&
        pool[i].gid == pw->gid) {
      if (hire(i, args, messfd, out) != HIRE_OK) i = nworkers;
      break;
    }
  if (i == nworkers) {
    n = hirenew(pw, out, in);
    if (n == -1 || n == (long)nworkers) return 0;
    i = (size_t)n;
    pid = pool[i].pid;
    switch (hire(i, args, messfd, out)) {
    case HIRE_OK:
      break;
    case HIRE_GONE:
      /* it ended before its first job, e.g. it could not be run: its
       * exit and its words, on the report pipe it was started with,
       * are the result, as a one-off child's are (it exited by itself,
       * since its socket was open till then, so not with 0 at end of
       * file) */
      return pid;
    default:
      return -1;
    }
  }
  *statfd = pool[i].sock;
  return pool[i].pid;
}

/* quick - the common case without a copy of this process: users/cdb
 * names the user (not root) of a non-empty local part, so the child
 * has nothing left to look up, allocate or report but a failed system
 * call, and vfork suffices (or a worker takes the delivery).  Copying
 * the page tables of a process, and the copy-on-write faults after
 * it, cost more than the exec that follows on a virtual machine.
 * Returns the pid, -1 if vfork failed, or 0 when the general case must
 * be taken. */
static pid_t quick(const struct spawn_req *r, int messfd, int out, int in,
                   int *statfd)
{
  struct pwinfo pw = PWINFO_ZERO;
  struct sa local = SA_ZERO;
  const char *why = 0;
  sigset_t all;
  sigset_t old;
  pid_t pid = 0;
  int found = localof(r->rcpts.s, &local) && local.s[0] &&
              users_cdb(local.s, &pw, &why) == 1 && pw.uid != 0;

  if (found) {
    const char *args[LWORK_ARGS];
    args[0] = pw.user.s;
    args[1] = pw.home.s;
    args[2] = local.s;
    args[3] = pw.dash.s;
    args[4] = pw.ext.s;
    args[5] = domainof(r->rcpts.s);
    args[6] = r->sender.s;
    args[7] = defaultdelivery;
    pid = toworker(&pw, args, messfd, out, in, statfd);
  }
  if (found && pid == 0 && sigfillset(&all) == 0 && sigprocmask(SIG_SETMASK, &all, &old) == 0) {
    pid = vfork();
    if (pid == 0) {
      if (close(in) == -1 || fd_move(1, out) == -1 || fd_copy(2, 1) == -1 ||
          fd_move(0, messfd) == -1)
        _exit(EX_TEMP);
      become(r, &pw, local.s, domainof(r->rcpts.s), &old);
    }
    if (sigprocmask(SIG_SETMASK, &old, 0) == -1)
      die_tempsys("unable to restore the signal mask");
  }
  users_free(&pw);
  sa_free(&local);
  return pid;
}

int spawn_status(int fd, int *status)
{
  unsigned char st[LWORK_STATUS + 1];
  size_t i;
  ssize_t r;
  int code;

  for (i = 0; i < nworkers && pool[i].sock != fd; ++i) {}
  if (i == nworkers) return -1;
  r = recv(fd, st, sizeof st, MSG_DONTWAIT);
  if (r == -1 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR))
    return 0;
  if (r <= 0) {
    /* gone (or an empty packet, as SEQPACKET cannot tell them apart):
     * its exit, reaped, ends the job */
    retire(i);
    return -1;
  }
  /* a status while its job is still unread on the socket is a lie (one
   * that takes the job and then lies cannot be told: it lies about its
   * own user's mail, as a one-off qmail-local could) */
  code = lwork_statusparse(st, (size_t)r, pool[i].num);
  if (code == -1 || !pool[i].busy || unread(fd)) {
    retire(i);
    *status = wait_status(-1);
    return 1;
  }
  pool[i].busy = 0;
  ++nidle;
  pool[i].idle = time(0);
  /* one that has been reaped (pid 0) sent this through another process
   * that holds its socket: believed for its job, never hired again */
  if (++pool[i].jobs >= LSPAWN_JOBS || !pool[i].pid) retire(i);
  *status = wait_status(code);
  return 1;
}

void spawn_reaped(pid_t pid)
{
  size_t i;

  for (i = 0; i < nworkers; ++i)
    if (pool[i].pid == pid) {
      /* its pid may now go to another process: an idle one is retired,
       * a busy one forgets it and is retired at its job's end */
      if (!pool[i].busy) retire(i);
      else pool[i].pid = 0;
      return;
    }
}

void spawn_tick(void)
{
  time_t now;
  size_t i = 0;

  if (!nidle) return;
  now = time(0);
  while (i < nworkers) {
    if (!pool[i].busy &&
        (now - pool[i].idle >= LSPAWN_IDLE || now < pool[i].idle)) {
      retire(i);
      continue;
    }
    ++i;
  }
  while (nidle > LSPAWN_SPARE) retire(oldest());
}

pid_t spawn_start(const struct spawn_req *r, int *outfd, int *statfd,
                  struct sa *result)
{
  char fn[QUEUE_FN];
  int messfd;
  int pi[2];
  pid_t pid;

  (void)result;
  *statfd = -1;
  queue_fn(fn, "queue/mess/", r->msgnum, 1);
  messfd = open_read(fn);
  if (messfd == -1) return -1;
  if (pipe(pi) == -1) {
    close(messfd);
    return -1;
  }
  pid = quick(r, messfd, pi[1], pi[0], statfd);
  if (pid == 0) pid = fork();
  if (pid == -1) {
    close(messfd);
    close(pi[0]);
    close(pi[1]);
    return -1;
  }
  if (pid == 0) {
    close(pi[0]);
    child(r, messfd, pi[1]);
  }
  close(messfd);
  close(pi[1]);
  fd_cloexec(pi[0]);
  *outfd = pi[0];
  return pid;
}

void spawn_result(const struct spawn_req *r, int status,
                  const struct sa *output, struct sa *result)
{
  int code = wait_exitcode(status);
  int type = REC_SPAWN_TEMP;
  const char *text = output->s;
  size_t len = output->len;

  (void)r;
  if (code == EX_OK) type = REC_SPAWN_OK;
  else if (code == EX_PERM) type = REC_SPAWN_PERM;
  if (code == -1) {
    text = "qmail-local crashed. (#4.3.0)";
    len = strlen(text);
  } else if (code != EX_OK && code != EX_PERM && code != EX_TEMP) {
    text = "qmail-local exited unexpectedly. (#4.3.0)";
    len = strlen(text);
  }
  /* a report holds no NUL: the record would end there */
  {
    struct sa clean = SA_ZERO;
    size_t i;
    if (!sa_copyb(&clean, text ? text : "", len)) temp_nomem();
    for (i = 0; i < clean.len; ++i)
      if (!clean.s[i]) clean.s[i] = '_';
    if (!rec_put(result, type, clean.s, clean.len)) temp_nomem();
    sa_free(&clean);
  }
}

int main(int argc, char **argv)
{
  if (fd_ensure012() == -1) _exit(EX_TEMP);
  if (argc != 2) die_usage("qmail-lspawn defaultdelivery");
  defaultdelivery = argv[1];
  if (!sa_cats(&localpath, auto_qmail) ||
      !sa_cats(&localpath, "/bin/qmail-local") || !sa_0(&localpath))
    temp_nomem();
  if (chdir(auto_qmail) == -1) die_tempsys("unable to chdir to ", auto_qmail);
  pool = calloc(LSPAWN_WORKERS, sizeof *pool);
  if (!pool) temp_nomem();
  spawn_main();
  return EX_OK;
}
