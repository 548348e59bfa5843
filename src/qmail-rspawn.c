/* qmail-rspawn - run qmail-remote for qmail-send's remote deliveries
 * runs as: qmailr (from qmail-start); writes no files
 * reads:   spawn records on fd 0 from qmail-send (spawnproto.h); the
 *          reports of its qmail-remote workers
 * trusts:  qmail-send's records; qmail-remote's reports (same user)
 * parses:  qmail-remote's reports, bounded by LIM_REPORT, whole records
 *          only (rjob_report, rspawn_report in qmail-rspawn-report.c)
 *
 * A pool of long-lived workers, each a qmail-remote -w with a pipe for
 * jobs (rjob.h) and a pipe for reports.  Each request from qmail-send
 * becomes one job for an idle worker: preferably one whose last job
 * went to the same host (what follows the last '@' of the first
 * recipient), whose SMTP session may still be open; else one that has
 * none; else a new worker, while the pool holds fewer than the busy
 * ones plus RSPAWN_SPARE; else the worker idle longest, which QUITs
 * its session and makes a new one.  A worker's report becomes one K, Z
 * or D per recipient (rspawn_report).  A worker idle for RSPAWN_IDLE
 * seconds, or done with RSPAWN_JOBS jobs, has its job pipe closed: it
 * QUITs its session and exits.  qmail-send's concurrencyremote still
 * bounds the jobs at once, hence the busy workers.
 *
 * Trouble with a worker (it exits or breaks its report) fails only its
 * job, for now ("Z"), as a crashed qmail-remote would. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "auto_qmail.h"
#include "buf.h"
#include "err.h"
#include "fd.h"
#include "qmail-rspawn.h"
#include "rjob.h"
#include "sa.h"
#include "sig.h"
#include "spawnd.h"
#include "spawnproto.h"
#include "wait.h"

const char *prog = "qmail-rspawn";

#define RSPAWN_IDLE 5          /* seconds a worker may wait for a job */
#define RSPAWN_JOBS 1000       /* jobs a worker does before it retires */
#define RSPAWN_SPARE 20        /* idle workers kept beyond the busy ones */
#define RSPAWN_WORKERS (LIM_SPAWN_SLOTS + RSPAWN_SPARE)

struct worker {
  pid_t pid;
  int jobfd;            /* our end of its fd 0 */
  int repfd;            /* our end of its fd 1, non-blocking */
  int busy;
  struct spawn_req req; /* the job it is doing */
  struct sa report;     /* what it has written of the report */
  struct sa host;       /* the host of its last job, NUL-terminated */
  time_t idle;          /* when it last became idle */
  unsigned long jobs;
};

static struct worker **pool;
static size_t nworkers;
static size_t nbusy;
static char inspace[BUF_SIZE];
static struct buf in;
static struct spawn_req req;

static void nomem(void)
{
  temp_nomem();
}

/* retire - close a worker's pipes and forget it: it QUITs and exits on
 * its own (reaped later); kill it too if it is not to be trusted */
static void retire(size_t i, int kill_it)
{
  struct worker *w = pool[i];

  if (kill_it) kill(w->pid, SIGKILL);
  close(w->jobfd);
  close(w->repfd);
  if (w->busy) --nbusy;
  sa_free(&w->req.sender);
  sa_free(&w->req.rcpts);
  sa_free(&w->report);
  sa_free(&w->host);
  free(w);
  pool[i] = pool[--nworkers];
}

/* start - a new worker, or null */
static struct worker *start(void)
{
  static char *const argv[] = { (char *)(size_t)"qmail-remote",
                                (char *)(size_t)"-w", 0 };
  struct worker *w;
  struct sa path = SA_ZERO;
  int job[2];
  int rep[2];

  if (nworkers >= RSPAWN_WORKERS) return 0;
  if (!sa_cats(&path, auto_qmail) || !sa_cats(&path, "/bin/qmail-remote") ||
      !sa_0(&path))
    nomem();
  w = calloc(1, sizeof *w);
  if (!w) nomem();
  if (pipe(job) == -1) goto fail;
  if (pipe(rep) == -1) {
    close(job[0]);
    close(job[1]);
    goto fail;
  }
  /* every end close-on-exec, ours and the worker's alike: fd_move
   * gives the worker its two as 0 and 1 without the flag, and no
   * worker holds a job pipe's writing end, its own or another's, so
   * that closing it is end of file */
  fd_cloexec(job[0]);
  fd_cloexec(job[1]);
  fd_cloexec(rep[0]);
  fd_cloexec(rep[1]);
  w->pid = fork();
  if (w->pid == -1) {
    close(job[0]);
    close(job[1]);
    close(rep[0]);
    close(rep[1]);
    goto fail;
  }
  if (w->pid == 0) {
    if (fd_move(0, job[0]) == -1 || fd_move(1, rep[1]) == -1)
      _exit(EX_TEMP);
    sig_default(SIGPIPE);
    execv(path.s, argv);
    _exit(EX_TEMP);
  }
  close(job[0]);
  close(rep[1]);
  w->jobfd = job[1];
  w->repfd = rep[0];
  fd_nonblock(w->repfd);
  w->report.max = LIM_REPORT;
  sa_free(&path);
  pool[nworkers++] = w;
  return w;
fail:
  free(w);
  sa_free(&path);
  return 0;
}

/* pick - the worker for a job to host (see the banner), or null */
static struct worker *pick(const char *host)
{
  struct worker *fresh = 0;
  struct worker *oldest = 0;
  size_t i;

  for (i = 0; i < nworkers; ++i) {
    struct worker *w = pool[i];
    if (w->busy) continue;
    if (w->host.len && !strcmp(w->host.s, host)) return w;
    if (!w->host.len && !fresh) fresh = w;
    if (!oldest || w->idle < oldest->idle) oldest = w;
  }
  if (fresh) return fresh;
  if (!oldest || nworkers < nbusy + RSPAWN_SPARE) {
    struct worker *w = start();
    if (w) return w;
  }
  return oldest;
}

/* fail - the request's result: every recipient deferred with text */
static void fail(const struct spawn_req *r, const char *text)
{
  struct sa result = SA_ZERO;
  spawn_allfail(r, text, &result);
  spawn_writeresult(r->slot, &result);
  sa_free(&result);
}

/* give - the request in req to a worker; a worker that cannot take it
 * (it died) is retired, and one more is tried */
static void give(void)
{
  const char *at = strrchr(req.rcpts.s, '@');
  const char *host = at ? at + 1 : "";
  struct sa job = SA_ZERO;
  int tries;

  if (!rjob_put(&job, req.msgnum, host, req.sender.s, req.rcpts.s,
                req.nrcpts))
    nomem();
  for (tries = 0; tries < 2; ++tries) {
    struct worker *w = pick(host);
    size_t i;
    if (!w) break;
    if (fd_writeall(w->jobfd, job.s, job.len, 0)) {
      struct spawn_req swap = w->req;
      w->req = req;                /* the buffers change hands */
      req = swap;
      w->busy = 1;
      ++nbusy;
      w->report.len = 0;
      w->host.len = 0;
      if (!sa_cats(&w->host, host) || !sa_0(&w->host)) nomem();
      sa_free(&job);
      return;
    }
    for (i = 0; pool[i] != w; ++i) {}
    retire(i, 1);
  }
  sa_free(&job);
  fail(&req, "Unable to run qmail-remote. (#4.3.0)");
}

/* done - the worker's report is whole (or it is gone): the result */
static void done(size_t i, int whole, size_t len)
{
  struct worker *w = pool[i];
  struct sa result = SA_ZERO;

  if (!rspawn_report(w->req.nrcpts, whole ? EX_OK : -1, w->report.s, len,
                     &result))
    nomem();
  spawn_writeresult(w->req.slot, &result);
  sa_free(&result);
  w->busy = 0;
  --nbusy;
  w->idle = time(0);
  ++w->jobs;
}

/* drain - what worker i wrote: a whole report ends its job; anything
 * else from it (bytes while idle, a malformed or overlong report, end
 * of file) retires it, failing its job for now */
static void drain(size_t i)
{
  struct worker *w = pool[i];
  char chunk[4096];
  size_t len;

  for (;;) {
    ssize_t r = read(w->repfd, chunk, sizeof chunk);
    if (r == -1 && errno == EINTR) continue;
    if (r == -1 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
    if (r <= 0 || !w->busy || !sa_catb(&w->report, chunk, (size_t)r)) break;
    r = rjob_report(w->report.s, w->report.len, &len);
    if (r == -1 || (r == 1 && len != w->report.len)) break;
    if (r == 1) {
      done(i, 1, len);
      if (w->jobs >= RSPAWN_JOBS) retire(i, 0);
      return;
    }
  }
  if (w->busy) done(i, 0, 0);
  retire(i, 1);
}

/* expire - retire the workers idle too long (run at least once a
 * second: poll's timeout) */
static void expire(void)
{
  time_t now = time(0);
  size_t i = 0;

  while (i < nworkers) {
    struct worker *w = pool[i];
    if (!w->busy && (now - w->idle >= RSPAWN_IDLE || now < w->idle)) {
      retire(i, 0);
      continue;
    }
    ++i;
  }
}

static void reap(void)
{
  int status;
  while (wait_nohang(&status) > 0) {}
}

static void run(void)
{
  struct pollfd *pfd;
  int ineof = 0;

  pool = malloc(RSPAWN_WORKERS * sizeof *pool);
  pfd = malloc((RSPAWN_WORKERS + 1) * sizeof *pfd);
  if (!pool || !pfd) nomem();
  buf_init(&in, 0, inspace, sizeof inspace);
  for (;;) {
    size_t n = 0;
    size_t i;
    int r;

    reap();
    expire();
    if (ineof && nbusy == 0) break;
    /* whole requests already buffered need no poll */
    if (!ineof && buf_buffered(&in) > 0) {
      if (spawn_readreq(&in, &req)) give();
      else ineof = 1;
      continue;
    }
    if (!ineof) {
      pfd[n].fd = 0;
      pfd[n++].events = POLLIN;
    }
    for (i = 0; i < nworkers; ++i) {
      pfd[n].fd = pool[i]->repfd;
      pfd[n++].events = POLLIN;
    }
    r = poll(pfd, n, 1000);
    if (r == -1) {
      if (errno == EINTR) continue;
      die_tempsys("unable to poll");
    }
    /* workers first, from the last: retire() moves the last into the
     * place it empties */
    for (i = n; i-- > (ineof ? 0 : 1);) {
      size_t w = i - (ineof ? 0 : 1);
      if (pfd[i].revents && w < nworkers && pool[w]->repfd == pfd[i].fd)
        drain(w);
    }
    if (!ineof && pfd[0].revents) {
      if (spawn_readreq(&in, &req)) give();
      else ineof = 1;
    }
  }
  /* qmail-send is gone: every worker QUITs and exits */
  while (nworkers) retire(nworkers - 1, 0);
  free(pfd);
}

int main(void)
{
  /* identity, sanitize: qmail-start made us qmailr, fds 0 and 1 are
   * qmail-send's pipes */
  if (fd_ensure012() == -1) _exit(EX_TEMP);
  sig_ignore(SIGPIPE);
  if (chdir(auto_qmail) == -1) die_tempsys("unable to chdir to ", auto_qmail);
  run();
  return EX_OK;
}
