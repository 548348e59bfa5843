/* qmail-remote - send a message to a remote host by SMTP
 * runs as: qmailr (from qmail-rspawn); writes only queue/lock/tcpto
 * reads:   the message on fd 0, or (-w) the queue/mess files its jobs
 *          name; control/helohost, me, timeoutconnect, timeoutremote,
 *          smtproutes; /etc/resolv.conf; lock/tcpto
 * trusts:  its arguments or jobs (qmail-rspawn), the control files
 * parses:  DNS answers (dnsmsg.c) and SMTP replies (smtpreply.c) from
 *          the network: both strangers' bytes, both bounded; jobs from
 *          qmail-rspawn (rjob.c), whole records only
 *
 * The interface is qmail-remote(8)'s: qmail-remote host sender recip
 * ..., the report on fd 1 (see qmail-remote.h).  A report that says
 * how the delivery went, whatever it says, exits 0; trouble of our own
 * (memory, control files, reading the message) writes a Z report and
 * exits 111; a wrong command line writes a D report and exits 100.
 *
 * qmail-remote -w is a worker of qmail-rspawn's pool: it reads jobs
 * (rjob.h) on fd 0, one at a time, and writes each job's report on fd
 * 1 as the one-shot mode would.  Between jobs it keeps its SMTP
 * session open, and uses it again for a job with the same route (the
 * same host or relay and port from remote_route, and an address the
 * new job may use), after RSET; at most LIM_REMOTE_REUSE_MSGS messages
 * and LIM_REMOTE_REUSE_SECS seconds a session.  A kept session that
 * fails RSET, breaks, or says 421 costs the job nothing: the job goes
 * on as if there had been no session.  Where the one-shot mode would
 * exit 111, the worker writes the report and exits 111 too. */
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include "auto_qmail.h"
#include "constmap.h"
#include "ctl.h"
#include "dns.h"
#include "err.h"
#include "fd.h"
#include "fmt.h"
#include "open.h"
#include "qmail-remote.h"
#include "queue.h"
#include "rjob.h"
#include "sig.h"
#include "sz.h"
#include "tcpto.h"

const char *prog = "qmail-remote";

#define TIMEOUT_MAX 1000000       /* seconds: buf's deadlines are ints */

static struct {
  int loaded;
  struct sa helohost;
  unsigned long timeoutconnect;
  unsigned long timeoutremote;
  struct sa routes;
  struct constmap routemap;
} cfg;

/* the job at hand */
static struct remote_rcpt *rc;
static unsigned char *before;    /* each recipient's status before SMTP */
static size_t nrc;
static struct remote_result res;
static int exitcode;             /* what the one-shot mode would exit */
static struct remote_target target;
static struct remote_addrs addrs;
static struct tcpto tcpto;
static struct sa me;
static int me_loaded;
static struct sa peer;

/* the session, kept between jobs by a worker */
static int worker;
static struct smtp sess;
static struct {
  int open;
  struct sa route;               /* target host, NUL, port */
  struct sa peer;                /* sess.peer points here */
  unsigned char ip[16];
  unsigned long msgs;
  time_t since;
} kept;

/* say - the message report from text pieces, and the exit code; 0, so
 * that a step can end with return say(...) */
static int say(int code_exit, int code, const char *a, const char *b,
               const char *c)
{
  res.code = code;
  res.text.len = 0;
  exitcode = code_exit;
  if (!sa_cats(&res.text, a) || !sa_cats(&res.text, b) ||
      !sa_cats(&res.text, c)) {
    res.text.len = 0;
    sa_cats(&res.text, "Out of memory. (#4.3.0)\n");
    res.code = 'Z';
    exitcode = EX_TEMP;
  }
  return 0;
}

static int nomem(void)
{
  return say(EX_TEMP, 'Z', "Out of memory. (#4.3.0)\n", "", "");
}

static int ctlfail(const char *fn)
{
  return say(EX_TEMP, 'Z', "Unable to read control file ", fn,
             ". (#4.3.0)\n");
}

/* report - the reports of the job on fd 1 */
static void report(void)
{
  static const char oom[] = "ZOut of memory. (#4.3.0)\n";
  struct sa out = SA_ZERO;

  if (remote_report(&out, rc, nrc, &res)) {
    if (!fd_writeall(1, out.s, out.len, 0)) _exit(EX_TEMP);
  } else {
    if (!fd_writeall(1, oom, sizeof oom, 0)) _exit(EX_TEMP); /* its NUL */
    exitcode = EX_TEMP;
  }
  sa_free(&out);
}

static unsigned long clamp(unsigned long t)
{
  if (t < 1) return 1;
  return t > TIMEOUT_MAX ? TIMEOUT_MAX : t;
}

/* controls - qmail-control(5), with qmail's defaults: 1, or 0 with the
 * report made */
static int controls(void)
{
  size_t i;
  int r = ctl_readline("control/helohost", &cfg.helohost, 0);

  if (r == -1) return ctlfail("control/helohost");
  if (r == 0) {
    r = ctl_readline("control/me", &cfg.helohost, 0);
    if (r == -1) return ctlfail("control/me");
    if (r == 0)
      return say(EX_TEMP, 'Z', "Neither control/helohost nor control/me "
                 "exists. (#4.3.0)\n", "", "");
  }
  /* SECURITY: the name goes into a command line */
  for (i = 0; i < cfg.helohost.len; ++i)
    if ((unsigned char)cfg.helohost.s[i] < 0x21 ||
        (unsigned char)cfg.helohost.s[i] > 0x7e)
      break;
  if (!cfg.helohost.len || i < cfg.helohost.len)
    return say(EX_TEMP, 'Z', "control/helohost is not a host name. "
               "(#4.3.0)\n", "", "");
  if (ctl_readulong("control/timeoutconnect", &cfg.timeoutconnect, 60) == -1)
    return ctlfail("control/timeoutconnect");
  if (ctl_readulong("control/timeoutremote", &cfg.timeoutremote, 1200) == -1)
    return ctlfail("control/timeoutremote");
  cfg.timeoutconnect = clamp(cfg.timeoutconnect);
  cfg.timeoutremote = clamp(cfg.timeoutremote);
  if (ctl_readlist("control/smtproutes", &cfg.routes) == -1)
    return ctlfail("control/smtproutes");
  if (!constmap_init(&cfg.routemap, cfg.routes.s, cfg.routes.len, 1))
    return nomem();
  cfg.loaded = 1;
  return 1;
}

/* addresses - check the sender and the recipients before any network:
 * a recipient no SMTP path can hold is refused here, for good.  1, or
 * 0 with the report made */
static int addresses(const char *sender)
{
  struct sa path = SA_ZERO;
  size_t i;
  size_t bad = 0;

  if (!remote_quote(&path, sender)) {
    if (errno != EINVAL) return nomem();
    return say(EX_OK, 'D', "Sorry, no SMTP path can hold the sender "
               "address. (#5.1.7)\n", "", "");
  }
  for (i = 0; i < nrc; ++i) {
    if (remote_quote(&path, rc[i].addr)) continue;
    if (errno != EINVAL) break;
    rc[i].status = 'h';
    if (!sa_cats(&rc[i].text, "Sorry, no SMTP path can hold this "
                 "address. (#5.1.3)\n"))
      break;
    ++bad;
  }
  sa_free(&path);
  if (i < nrc) return nomem();
  if (bad == nrc)
    return say(EX_OK, 'D', "Sorry, no recipient address can be sent. "
               "(#5.1.3)\n", "", "");
  return 1;
}

/* resolve - the addresses to try: 1, or 0 with the report made */
static int resolve(void)
{
  const char *h = target.host.s;

  switch (remote_resolve(&target, &addrs)) {
  case RESOLVE_OK: break;
  case RESOLVE_NOHOST:
    return say(EX_OK, 'D', "Sorry, I couldn't find any host named ", h,
               ". (#5.1.2)\n");
  case RESOLVE_NOADDR:
    return say(EX_OK, 'D', "Sorry, ", h, " has neither a mail exchanger "
               "nor an address. (#5.4.4)\n");
  case RESOLVE_NULLMX:
    return say(EX_OK, 'D', "Sorry, ", h, " says it accepts no mail (null "
               "MX). (#5.1.10)\n");
  case RESOLVE_BADNAME:
    return say(EX_OK, 'D', "Sorry, ", h, " is not a valid host name. "
               "(#5.1.2)\n");
  default:
    return say(EX_OK, 'Z', "Sorry, DNS lookups for ", h, " failed for "
               "now. (#4.4.3)\n");
  }
  if (target.relay) return 1;
  /* an smtproutes relay is the admin's choice; otherwise we must not be
   * the mail exchanger we hand the message to, or a worse one */
  if (!me_loaded && !ipme_load(&me))
    return say(EX_TEMP, 'Z', "Unable to list this host's addresses. "
               "(#4.3.0)\n", "", "");
  me_loaded = 1;
  if (!remote_ipme(&addrs, &me))
    return say(EX_OK, 'D', "Sorry. Although I'm listed as a "
               "best-preference MX or A for ", h, ",\nit isn't in my "
               "control/locals file, so I don't treat it as local. "
               "(#5.4.6)\n");
  return 1;
}

/* dial - a TCP connection to ip:port within the deadline; the socket
 * stays non-blocking, so buf's deadlines hold for writes too */
static int dial(const unsigned char *ip, unsigned long port, int seconds)
{
  static const unsigned char mapped[12] = { 0,0,0,0,0,0,0,0,0,0,0xff,0xff };
  struct sockaddr_storage ss;
  socklen_t len;
  struct pollfd p;
  int err = 0;
  socklen_t elen = sizeof err;
  int one = 1;
  int fd;

  memset(&ss, 0, sizeof ss);
  if (!memcmp(ip, mapped, 12)) {
    struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;
    s4->sin_family = AF_INET;
    s4->sin_port = htons((unsigned short)port);
    memcpy(&s4->sin_addr, ip + 12, 4);
    len = sizeof *s4;
  } else {
    struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;
    s6->sin6_family = AF_INET6;
    s6->sin6_port = htons((unsigned short)port);
    memcpy(&s6->sin6_addr, ip, 16);
    len = sizeof *s6;
  }
  fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
  if (fd == -1) return -1;
  /* buf writes whole commands and batches; Nagle would hold the tail of
   * one behind the peer's delayed ACK, most of all on a kept session
   * (no error: without it the session is only slower) */
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  if (connect(fd, (struct sockaddr *)&ss, len) == 0) return fd;
  if (errno != EINPROGRESS) goto fail;
  p.fd = fd;
  p.events = POLLOUT;
  p.revents = 0;
  for (;;) {
    int r = poll(&p, 1, seconds * 1000);
    if (r == 1) break;
    if (r == 0) {
      errno = ETIMEDOUT;
      goto fail;
    }
    if (errno != EINTR) goto fail;
  }
  if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &elen) == -1) goto fail;
  if (!err) return fd;
  errno = err;
fail:
  err = errno;
  close(fd);
  errno = err;
  return -1;
}

/* recorded - the tcpto table holds a live record for ip */
static int recorded(const unsigned char *ip)
{
  size_t i;
  for (i = 0; i < tcpto.n; ++i)
    if (tcpto.rec[i].count && !memcmp(tcpto.rec[i].ip, ip, 16)) return 1;
  return 0;
}

/* routekey - target's host and port, as the kept session records them */
static int routekey(struct sa *key)
{
  char num[FMT_ULONG];
  key->len = 0;
  return sa_catb(key, target.host.s, target.host.len) && sa_0(key) &&
         sa_catb(key, num, fmt_ulong(num, target.port));
}

/* endsession - QUIT the kept session (unless broken) and close it */
static void endsession(void)
{
  if (!kept.open) return;
  smtp_quit(&sess);
  kept.open = 0;
}

/* keep - after a message on a new session: a worker keeps the session
 * for the next job, unless it is unusable or its limits are reached */
static void keep(const unsigned char *ip)
{
  time_t now = time(0);

  if (!kept.open) {
    if (!worker || sess.broken || !routekey(&kept.route) ||
        !sa_copy(&kept.peer, &peer) || !sa_0(&kept.peer)) {
      smtp_quit(&sess);
      return;
    }
    sess.peer = kept.peer.s;
    memcpy(kept.ip, ip, 16);
    kept.msgs = 0;
    kept.since = now;
    kept.open = 1;
  }
  ++kept.msgs;
  if (sess.broken || kept.msgs >= LIM_REMOTE_REUSE_MSGS ||
      now - kept.since >= LIM_REMOTE_REUSE_SECS || now < kept.since)
    endsession();
}

/* samesession - the kept session goes where this job may go: the same
 * route, and an address this job's resolve allows */
static int samesession(void)
{
  struct sa key = SA_ZERO;
  size_t i;
  int same;

  if (!routekey(&key)) {
    sa_free(&key);
    return 0;
  }
  same = key.len == kept.route.len && !memcmp(key.s, kept.route.s, key.len);
  sa_free(&key);
  if (!same) return 0;
  for (i = 0; i < addrs.n; ++i)
    if (!memcmp(addrs.a[i].ip, kept.ip, 16)) return 1;
  return 0;
}

/* again - the message on the kept session, after RSET: 1 with the
 * report made, or 0 when the session proved dead before the server
 * decided anything (then every recipient is as it was before, and the
 * message at its start, for a new session) */
static int again(struct remote_msg *m, const char *sender)
{
  size_t i;

  if (!smtp_rset(&sess)) {
    endsession();
    return 0;
  }
  for (i = 0; i < nrc; ++i) before[i] = (unsigned char)rc[i].status;
  smtp_send(&sess, m, sender, rc, nrc, &res);
  /* RFC 5321 3.8: a server may close an idle session, or end a busy
   * one with 421; neither is the message's fault */
  if (!sess.died && !(res.code == 'Z' && sess.reply.code == 421)) {
    if (res.local) exitcode = EX_TEMP;
    keep(kept.ip);
    return 1;
  }
  endsession();
  if (lseek(m->fd, 0, SEEK_SET) == -1) {
    say(EX_TEMP, 'Z', "Unable to read message. (#4.3.0)\n", "", "");
    return 1;
  }
  for (i = 0; i < nrc; ++i) rc[i].status = before[i];
  res.code = 0;
  res.text.len = 0;
  res.local = 0;
  return 0;
}

/* deliver - on the kept session if it goes the same way, else each
 * address in turn until one takes the session; the report made */
static void deliver(struct remote_msg *m, const char *sender)
{
  uint64_t now = (uint64_t)time(0);
  uint64_t hold;
  unsigned short jitter = 0;
  const char *lasterr = 0;
  size_t skipped = 0;
  size_t i;

  if (kept.open && !samesession()) endsession();
  if (kept.open && again(m, sender)) return;
  /* qmail-tcpto(8): an hour at least, spread so that the deliveries
   * waiting for a host do not all come back at once */
  dns_random(&jitter, sizeof jitter);
  hold = 3600 + jitter % 1800;
  if (tcpto_read(TCPTO_FILE, &tcpto) == -1) tcpto.n = 0;
  for (i = 0; i < addrs.n; ++i) {
    const unsigned char *ip = addrs.a[i].ip;
    int fd;
    if (tcpto_skip(&tcpto, ip, now, hold)) {
      ++skipped;
      continue;
    }
    if (!tcpto_iptext(&peer, ip)) {
      nomem();
      return;
    }
    fd = dial(ip, target.port, (int)cfg.timeoutconnect);
    if (fd == -1) {
      lasterr = err_str(errno);
      tcpto_update(TCPTO_FILE, ip, errno == ETIMEDOUT, (uint64_t)time(0));
      continue;
    }
    if (recorded(ip)) tcpto_update(TCPTO_FILE, ip, 0, (uint64_t)time(0));
    smtp_init(&sess, fd, (int)cfg.timeoutremote, peer.s);
    if (!smtp_open(&sess, cfg.helohost.s, &res)) {
      /* RFC 5321 5.1: a host that will not talk; the next may */
      smtp_quit(&sess);
      lasterr = 0;
      continue;
    }
    smtp_send(&sess, m, sender, rc, nrc, &res);
    if (res.local) exitcode = EX_TEMP;
    keep(ip);
    return;
  }
  if (res.code) return;                  /* the last host's refusal */
  if (lasterr)
    say(EX_OK, 'Z', "Sorry, I wasn't able to establish an SMTP connection "
        "(last: ", lasterr, "). (#4.4.1)\n");
  else if (skipped)
    say(EX_OK, 'Z', "Sorry, I wasn't able to establish an SMTP connection: "
        "every address timed out recently (see qmail-tcpto). (#4.4.1)\n",
        "", "");
  else
    say(EX_OK, 'Z', "Sorry, I wasn't able to establish an SMTP "
        "connection. (#4.4.1)\n", "", "");
}

/* job - one delivery of the message on msgfd (-1: it could not be
 * opened) from sender to rcpts[0..n); the report written on fd 1.
 * Returns what the one-shot mode exits with. */
static int job(const char *host, const char *sender,
               const char *const *rcpts, size_t n, int msgfd)
{
  struct remote_msg m;
  size_t bytes;
  size_t i;

  res.code = 0;
  res.next = 0;
  res.local = 0;
  res.text.len = 0;
  exitcode = EX_OK;
  nrc = 0;
  if (!sz_mul(&bytes, n, sizeof *rc) || !(rc = malloc(bytes)) ||
      !(before = malloc(n))) {
    nomem();
    goto done;
  }
  nrc = n;
  for (i = 0; i < nrc; ++i) {
    struct sa z = SA_ZERO;
    rc[i].addr = rcpts[i];
    rc[i].status = 0;
    rc[i].text = z;
  }
  if (!cfg.loaded && !controls()) goto done;
  if (!remote_route(&cfg.routemap, host, &target)) {
    if (errno == EINVAL)
      say(EX_TEMP, 'Z', "control/smtproutes has a relay that does not "
          "parse for ", host, ". (#4.3.5)\n");
    else
      nomem();
    goto done;
  }
  if (!addresses(sender)) goto done;
  m.fd = msgfd;
  if (msgfd == -1 || remote_scan(&m) == -1) {
    say(EX_TEMP, 'Z', "Unable to read message. (#4.3.0)\n", "", "");
    goto done;
  }
  if (!resolve()) goto done;
  deliver(&m, sender);
done:
  report();
  for (i = 0; i < nrc; ++i) sa_free(&rc[i].text);
  free(rc);
  free(before);
  rc = 0;
  before = 0;
  nrc = 0;
  return exitcode;
}

/* work - the worker's loop: a job at a time until end of file */
static void work(void)
{
  struct sa in = SA_ZERO;
  struct rjob j = RJOB_ZERO;
  const char **rcpts = 0;

  in.max = LIM_RJOB + 4096;     /* a whole job and one read more */
  for (;;) {
    size_t used = 0;
    int r = rjob_parse(in.s, in.len, &used, &j);
    if (r == -1) {
      if (errno == ENOMEM) temp_nomem();
      die_temp("malformed job from qmail-rspawn");
    }
    if (r == 0) {
      ssize_t got;
      if (!sa_ready(&in, 4096)) temp_nomem();
      got = read(0, in.s + in.len, 4096);
      if (got == -1 && errno == EINTR) continue;
      if (got == -1) die_tempsys("unable to read a job");
      if (got == 0) {
        if (in.len) die_temp("a job cut off by end of file");
        endsession();
        _exit(EX_OK);
      }
      in.len += (size_t)got;
      continue;
    }
    {
      char fn[QUEUE_FN];
      const char *p = j.rcpts.s;
      int fd;
      unsigned int i;
      int code;
      free(rcpts);
      rcpts = malloc(j.nrcpts * sizeof *rcpts);   /* LIM_SPAWN_RCPTS */
      if (!rcpts) temp_nomem();
      for (i = 0; i < j.nrcpts; ++i) {
        rcpts[i] = p;
        p += strlen(p) + 1;
      }
      queue_fn(fn, "queue/mess/", j.msgnum, 1);
      fd = open_read(fn);
      code = job(j.host.s, j.sender.s, rcpts, j.nrcpts, fd);
      if (fd != -1) close(fd);
      if (code != EX_OK) {
        /* trouble of our own: a fresh worker may not have it */
        endsession();
        _exit(code);
      }
    }
    memmove(in.s, in.s + used, in.len - used);
    in.len -= used;
  }
}

int main(int argc, char **argv)
{
  if (fd_ensure012() == -1) _exit(EX_TEMP);
  sig_ignore(SIGPIPE);
  worker = argc == 2 && !strcmp(argv[1], "-w");
  if (!worker && argc < 4) {
    say(EX_PERM, 'D', "qmail-remote was run with the wrong arguments. "
        "(#5.3.5)\n", "", "");
    report();
    _exit(exitcode);
  }
  if (chdir(auto_qmail) == -1) {
    say(EX_TEMP, 'Z', "Unable to switch to home directory. (#4.3.0)\n",
        "", "");
    report();
    _exit(exitcode);
  }
  if (worker) work();
  return job(argv[1], argv[2], (const char *const *)(argv + 3),
             (size_t)argc - 3, 0);
}
