/* spawn.c - the driver shared by qmail-lspawn and qmail-rspawn
 *
 * One loop: poll fd 0 for requests and each child's report pipe; on
 * SIGCHLD (a flag) reap.  A delivery is finished when its child has
 * exited and its pipe is at end of file; then the result goes to fd 1.
 * A delivery given to a worker ends instead when the worker says so on
 * its status descriptor (spawn_status) and its pipe is at end of file,
 * or, should the worker die first, when it has been reaped.  The
 * records themselves are read and written by spawn-io.c. */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "buf.h"
#include "err.h"
#include "fd.h"
#include "fmt.h"
#include "rec.h"
#include "scan.h"
#include "sig.h"
#include "spawnd.h"
#include "spawnproto.h"
#include "wait.h"

struct slot {
  int used;
  pid_t pid;           /* 0 once reaped (or never forked) */
  int fd;              /* the child's report pipe, -1 at end of file */
  int wfd;             /* a worker's status descriptor, or -1 */
  int worker;          /* the delivery went to a worker */
  int status;
  struct spawn_req req;
  struct sa output;
};

static struct slot *slots;
static size_t nslots;
static size_t active;
static volatile sig_atomic_t childflag;
static char inspace[BUF_SIZE];
static struct buf in;
static int ineof;

static void sigchld(int sig)
{
  (void)sig;
  childflag = 1;
}

static void nomem(void)
{
  temp_nomem();
}

static void finish(struct slot *s)
{
  struct sa result = SA_ZERO;
  spawn_result(&s->req, s->status, &s->output, &result);
  spawn_writeresult(s->req.slot, &result);
  sa_free(&result);
  s->used = 0;
  s->output.len = 0;
  --active;
}

static struct slot *newslot(void)
{
  size_t i;
  for (i = 0; i < nslots; ++i)
    if (!slots[i].used) return &slots[i];
  if (nslots >= LIM_SPAWN_SLOTS) return 0;
  {
    struct slot *p = realloc(slots, (nslots + 1) * sizeof *slots);
    if (!p) nomem();
    slots = p;
    memset(&slots[nslots], 0, sizeof *slots);
    return &slots[nslots++];
  }
}

static void startone(void)
{
  struct slot *s = newslot();
  struct sa result = SA_ZERO;
  pid_t pid;
  int fd = -1;
  int wfd = -1;

  if (!s) die_temp("too many deliveries at once");
  if (!spawn_readreq(&in, &s->req)) {
    ineof = 1;
    return;
  }
  s->used = 1;
  s->output.len = 0;
  s->output.max = LIM_REPORT;
  ++active;
  pid = spawn_start(&s->req, &fd, &wfd, &result);
  if (pid > 0) {
    s->pid = pid;
    s->fd = fd;
    s->wfd = wfd;
    s->worker = wfd != -1;
    fd_nonblock(fd);
    sa_free(&result);
    return;
  }
  if (pid == -1) {
    result.len = 0;
    spawn_allfail(&s->req, "Unable to start the delivery; will try again. (#4.3.0)",
            &result);
  }
  spawn_writeresult(s->req.slot, &result);
  sa_free(&result);
  s->used = 0;
  --active;
}

static void reap(void)
{
  for (;;) {
    int status;
    size_t i;
    pid_t pid = wait_nohang(&status);
    if (pid <= 0) return;
    spawn_reaped(pid);
    for (i = 0; i < nslots; ++i)
      if (slots[i].used && slots[i].pid == pid) {
        slots[i].pid = 0;
        slots[i].status = status;
        /* a worker that says nothing and exits 0 has not delivered:
         * only its status descriptor says a delivery is done */
        if (slots[i].worker && wait_exitcode(status) == 0)
          slots[i].status = wait_status(-1);
        if (slots[i].fd == -1 && slots[i].wfd == -1) finish(&slots[i]);
        break;
      }
  }
}

/* drain - read what a child wrote; keep at most LIM_REPORT bytes */
static void drain(struct slot *s)
{
  char chunk[4096];
  for (;;) {
    ssize_t r = read(s->fd, chunk, sizeof chunk);
    if (r == -1 && errno == EINTR) continue;
    if (r == -1 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
    if (r <= 0) break;
    if (s->output.len < LIM_REPORT) {
      size_t take = (size_t)r;
      if (take > LIM_REPORT - s->output.len) take = LIM_REPORT - s->output.len;
      if (!sa_catb(&s->output, chunk, take)) nomem();
    }
  }
  close(s->fd);
  s->fd = -1;
  if (s->pid == 0 && s->wfd == -1) finish(s);
}

/* status - a worker's status descriptor is readable: its word on the
 * delivery (which may come before or after the worker's exit is
 * reaped, and then stands), or its end */
static void status(struct slot *s)
{
  int st;
  int r = spawn_status(s->wfd, &st);

  if (r == 0) return;
  s->wfd = -1;
  if (r == 1) {
    s->status = st;
    s->pid = 0;
  }
  if (s->pid == 0 && s->fd == -1) finish(s);
}

void spawn_main(void)
{
  struct pollfd *pfd = 0;
  size_t *which = 0;

  buf_init(&in, 0, inspace, sizeof inspace);
  sig_ignore(SIGPIPE);
  sig_catch(SIGCHLD, sigchld);
  for (;;) {
    size_t n = 0;
    size_t i;
    int r;

    if (childflag) {
      childflag = 0;
      reap();
    }
    spawn_tick();
    if (ineof && active == 0) break;
    /* whole requests already buffered need no poll */
    if (!ineof && buf_buffered(&in) > 0) {
      startone();
      continue;
    }
    pfd = realloc(pfd, (2 * nslots + 1) * sizeof *pfd);
    which = realloc(which, (2 * nslots + 1) * sizeof *which);
    if (!pfd || !which) nomem();
    if (!ineof) {
      pfd[n].fd = 0;
      pfd[n].events = POLLIN;
      which[n++] = (size_t)-1;
    }
    /* which: the slot's index twice, plus 1 for a status descriptor */
    for (i = 0; i < nslots; ++i) {
      if (slots[i].used && slots[i].fd != -1) {
        pfd[n].fd = slots[i].fd;
        pfd[n].events = POLLIN;
        which[n++] = 2 * i;
      }
      if (slots[i].used && slots[i].wfd != -1) {
        pfd[n].fd = slots[i].wfd;
        pfd[n].events = POLLIN;
        which[n++] = 2 * i + 1;
      }
    }
    /* a reaped child with an open pipe (a grandchild holds it) still
     * has a report coming; a live child with no pipe needs SIGCHLD: the
     * timeout bounds the wait if the signal came between the check and
     * poll */
    r = poll(pfd, n, 1000);
    if (r == -1) {
      if (errno == EINTR) continue;
      die_tempsys("unable to poll");
    }
    /* a slot handled earlier in this turn may be finished, its
     * descriptors closed: each entry is checked against its slot */
    for (i = 0; i < n; ++i) {
      struct slot *s;
      if (!pfd[i].revents) continue;
      if (which[i] == (size_t)-1) {
        startone();
        continue;
      }
      s = &slots[which[i] / 2];
      if (!s->used) continue;
      if (which[i] % 2 == 0 && s->fd == pfd[i].fd) drain(s);
      else if (which[i] % 2 == 1 && s->wfd == pfd[i].fd) status(s);
    }
  }
  free(pfd);
  free(which);
}
