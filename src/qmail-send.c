/* qmail-send - deliver the messages in the queue
 * runs as: qmails, started by qmail-start (fd layout below)
 * reads:   queue/todo (via group qmail), queue/info, local, remote,
 *          bounce; control files; results from the spawners
 * writes:  queue/info, local, remote, bounce; asks qmail-clean to
 *          remove the files qmail-queue made; bounces via qmail-queue
 * trusts:  qmail-queue's envelopes (checked record by record), the
 *          spawners' results (checked record by record), control files
 * parses:  envelopes (todo/), recipient lists, spawn and clean records
 *
 * A message goes todo/ -> preprocessed (info/, local/, remote/) ->
 * delivered, recipient by recipient, with checkpoints ('T' becomes 'D'
 * in local/ or remote/) -> bounced if anything failed -> removed.  The
 * states and the rules for crashes are those of qmail's INTERNALS; the
 * log lines are those of qmail-log(5), byte for byte. */
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "auto_qmail.h"
#include "buf.h"
#include "constmap.h"
#include "ctl.h"
#include "err.h"
#include "fd.h"
#include "fmt.h"
#include "lock.h"
#include "open.h"
#include "qmail-send.h"
#include "sig.h"
#include "spawnproto.h"
#include "str.h"

const char *prog = "qmail-send";

const char *const chandir[CHANNELS] = { "local/", "remote/" };
const int chanfdout[CHANNELS] = { 3, 5 };
const int chanfdin[CHANNELS] = { 4, 6 };
const int chanskip[CHANNELS] = { 10, 20 };

volatile sig_atomic_t exitasap;
static volatile sig_atomic_t runasap;
static volatile sig_atomic_t readasap;

time_t recent;
struct send_cfg cfg;

/* ------------------------------------------------------------- log */

/* Lines are collected and written whole: a write of at most PIPE_BUF
 * bytes to a pipe is atomic, so the lines of the other daemons sharing
 * the log pipe can never land inside one of ours.  If memory runs out
 * the line is cut, never the daemon stopped. */
static struct sa logline;

void logs(const char *s)
{
  sa_cats(&logline, s);
}

void lognum(unsigned long n)
{
  sa_catulong(&logline, n);
}

/* logsafe - a peer's text in the log: as qmail does, a space becomes _,
 * a newline /, and any other unprintable byte ? (qmailanalog parses
 * these lines, and nobody can split one) */
void logsafe(const char *s)
{
  for (; *s; ++s) {
    char c = *s;
    if (c == ' ') c = '_';
    else if (c == '\n') c = '/';
    else if ((unsigned char)c < 33 || (unsigned char)c > 126) c = '?';
    sa_append(&logline, c);
  }
}

void logflush(void)
{
  size_t pos = 0;
  while (pos < logline.len) {
    size_t n = logline.len - pos;
    if (n > PIPE_BUF) {
      /* whole lines up to PIPE_BUF; a longer line goes in pieces */
      size_t cut = byte_rchr(logline.s + pos, PIPE_BUF, '\n');
      n = cut < PIPE_BUF ? cut + 1 : PIPE_BUF;
    }
    if (!fd_writeall(FD_LOG, logline.s + pos, n, 0)) break;
    pos += n;
  }
  logline.len = 0;
}

void nomem(void)
{
  logs("alert: out of memory, sleeping...\n");
  logflush();
  sleep(10);
}

/* -------------------------------------------------------- controls */

/* rldef - qmail's rule for a one-line control: the file, or else me
 * (when flagme and me exists), or else def.  1, or 0 on an error. */
static int rldef(const char *fn, struct sa *out, int flagme, const char *def)
{
  int r = ctl_readline(fn, out, 0);
  if (r == -1) return 0;
  if (r == 1) return 1;
  if (flagme && cfg.me.len) return sa_copy(out, &cfg.me);
  return sa_copys(out, def);
}

static int readlists(struct sa *locals, struct sa *vdoms)
{
  return rewrite_readlists(locals, vdoms, &cfg.me);
}

static int getcontrols(void)
{
  struct sa line = SA_ZERO;
  int r;

  r = ctl_readline("control/me", &cfg.me, 0);
  if (r == -1) return 0;
  if (r == 0) cfg.me.len = 0;
  if (ctl_readulong("control/queuelifetime", &cfg.lifetime, 604800) == -1)
    return 0;
  if (ctl_readulong("control/concurrencylocal", &cfg.concurrency[0], 10) == -1)
    return 0;
  if (ctl_readulong("control/concurrencyremote", &cfg.concurrency[1], 20) == -1)
    return 0;
  if (!rldef("control/envnoathost", &cfg.envnoathost, 1, "envnoathost") ||
      !rldef("control/bouncefrom", &cfg.bouncefrom, 0, "MAILER-DAEMON") ||
      !rldef("control/bouncehost", &cfg.bouncehost, 1, "bouncehost") ||
      !rldef("control/doublebounceto", &cfg.doublebounceto, 0, "postmaster") ||
      !rldef("control/doublebouncehost", &line, 1, "doublebouncehost"))
    return 0;
  if (!sa_append(&cfg.doublebounceto, '@') || !sa_cat(&cfg.doublebounceto, &line))
    return 0;
  sa_free(&line);
  if (!sa_0(&cfg.envnoathost) || !sa_0(&cfg.bouncefrom) ||
      !sa_0(&cfg.bouncehost) || !sa_0(&cfg.doublebounceto))
    return 0;
  cfg.maps.envnoathost = cfg.envnoathost.s;
  if (!readlists(&cfg.localslist, &cfg.vdomslist)) return 0;
  if (ctl_readlist("control/percenthack", &cfg.percentlist) == -1) return 0;
  if (cfg.concurrency[0] > LIM_SPAWN_SLOTS) cfg.concurrency[0] = LIM_SPAWN_SLOTS;
  if (cfg.concurrency[1] > LIM_SPAWN_SLOTS) cfg.concurrency[1] = LIM_SPAWN_SLOTS;
  return constmap_init(&cfg.maps.locals, cfg.localslist.s, cfg.localslist.len, 0)
      && constmap_init(&cfg.maps.percenthack, cfg.percentlist.s,
                       cfg.percentlist.len, 0)
      && constmap_init(&cfg.maps.vdoms, cfg.vdomslist.s, cfg.vdomslist.len, 1);
}

/* reread - SIGHUP: locals and virtualdomains, as qmail-send(8) says;
 * on any error the old ones stay */
static void reread(void)
{
  struct sa locals = SA_ZERO;
  struct sa vdoms = SA_ZERO;
  struct constmap ml = CONSTMAP_ZERO;
  struct constmap mv = CONSTMAP_ZERO;

  if (chdir(auto_qmail) == -1) {
    logs("alert: unable to reread controls: unable to switch to home directory\n");
    return;
  }
  if (!readlists(&locals, &vdoms) ||
      !constmap_init(&ml, locals.s, locals.len, 0) ||
      !constmap_init(&mv, vdoms.s, vdoms.len, 1)) {
    logs("alert: unable to reread controls\n");
    constmap_free(&ml);
    sa_free(&locals);
    sa_free(&vdoms);
  } else {
    constmap_free(&cfg.maps.locals);
    constmap_free(&cfg.maps.vdoms);
    sa_free(&cfg.localslist);
    sa_free(&cfg.vdomslist);
    cfg.localslist = locals;
    cfg.vdomslist = vdoms;
    cfg.maps.locals = ml;
    cfg.maps.vdoms = mv;
  }
  while (chdir("queue") == -1) {
    logs("alert: unable to switch back to queue directory; HELP! sleeping...\n");
    logflush();
    sleep(10);
  }
}

/* -------------------------------------------------------------- main */

static void sigterm(int sig) { (void)sig; exitasap = 1; }
static void sigalrm(int sig) { (void)sig; runasap = 1; }
static void sighup(int sig) { (void)sig; readasap = 1; }

static void setup(void)
{
  int fd;
  int c;

  if (chdir(auto_qmail) == -1) {
    logs("alert: cannot start: unable to switch to home directory\n");
    logflush();
    _exit(EX_TEMP);
  }
  if (!getcontrols()) {
    logs("alert: cannot start: unable to read controls\n");
    logflush();
    _exit(EX_TEMP);
  }
  if (chdir("queue") == -1) {
    logs("alert: cannot start: unable to switch to queue directory\n");
    logflush();
    _exit(EX_TEMP);
  }
  sig_ignore(SIGPIPE);
  sig_catch(SIGTERM, sigterm);
  sig_catch(SIGALRM, sigalrm);
  sig_catch(SIGHUP, sighup);
  sig_default(SIGCHLD);
  umask(077);
  fd = open_write("lock/sendmutex");
  if (fd == -1) {
    logs("alert: cannot start: unable to open mutex\n");
    logflush();
    _exit(EX_TEMP);
  }
  if (lock_exnb(fd) == -1) {
    logs("alert: cannot start: qmail-send is already running\n");
    logflush();
    _exit(EX_TEMP);
  }
  /* our pipes must not leak into qmail-queue for bounces */
  for (fd = 3; fd <= FD_FROMCLEAN; ++fd) fd_cloexec(fd);
  for (c = 0; c < CHANNELS; ++c) fd_nonblock(chanfdout[c]);
  clean_init();
  job_init();
}

int main(void)
{
  recent = time(0);
  setup();
  pqstart();
  del_init();
  todo_init();
  cleanup_init();
  logflush();

  while (!exitasap || !del_canexit()) {
    struct pollfd pfd[1 + 2 * CHANNELS];
    int which[1 + 2 * CHANNELS];
    time_t wakeup;
    int n = 0;
    int pulled = 0;
    int c;
    int i;
    int timeout;

    recent = time(0);
    if (runasap) {
      runasap = 0;
      pqrun();
    }
    if (readasap) {
      readasap = 0;
      reread();
    }
    wakeup = recent + SLEEP_FOREVER;
    if (todo_pollfd() != -1) {
      pfd[n].fd = todo_pollfd();
      pfd[n].events = POLLIN;
      which[n++] = -1;
    }
    for (c = 0; c < CHANNELS; ++c) {
      if (!del_alive(c)) continue;
      pfd[n].fd = chanfdin[c];
      pfd[n].events = POLLIN;
      which[n++] = c;
      if (del_pending(c)) {
        pfd[n].fd = chanfdout[c];
        pfd[n].events = POLLOUT;
        which[n++] = CHANNELS + c;
      }
    }
    pass_wakeup(&wakeup);
    todo_wakeup(&wakeup);
    cleanup_wakeup(&wakeup);
    timeout = wakeup <= recent ? 0 : (int)(wakeup - recent + 1) * 1000;
    logflush();
    if (poll(pfd, (nfds_t)n, timeout) == -1) {
      if (errno != EINTR) logs("warning: trouble in select\n");
      continue;
    }
    recent = time(0);
    for (i = 0; i < n; ++i) {
      if (!pfd[i].revents) continue;
      if (which[i] == -1) pulled = 1;
      else if (which[i] < CHANNELS) del_read(which[i]);
      else comm_write(which[i] - CHANNELS);
    }
    todo_do(pulled);
    pass_do();
    cleanup_do();
  }
  pqfinish();
  logs("status: exiting\n");
  logflush();
  return EX_OK;
}

