/* qmail-remote - send a message to a remote host by SMTP
 * runs as: qmailr (from qmail-rspawn); writes only queue/lock/tcpto
 * reads:   the message on fd 0; control/helohost, me, timeoutconnect,
 *          timeoutremote, smtproutes; /etc/resolv.conf; lock/tcpto
 * trusts:  its arguments (qmail-rspawn), the control files
 * parses:  DNS answers (dnsmsg.c) and SMTP replies (smtpreply.c) from
 *          the network: both strangers' bytes, both bounded
 *
 * The interface is qmail-remote(8)'s: qmail-remote host sender recip
 * ..., the report on fd 1 (see qmail-remote.h).  A report that says
 * how the delivery went, whatever it says, exits 0; trouble of our own
 * (memory, control files, reading the message) writes a Z report and
 * exits 111; a wrong command line writes a D report and exits 100. */
#include <errno.h>
#include <netinet/in.h>
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
#include "qmail-remote.h"
#include "sig.h"
#include "sz.h"
#include "tcpto.h"

const char *prog = "qmail-remote";

#define TIMEOUT_MAX 1000000       /* seconds: buf's deadlines are ints */

static struct {
  struct sa helohost;
  unsigned long timeoutconnect;
  unsigned long timeoutremote;
  struct sa routes;
  struct constmap routemap;
} cfg;

static struct remote_rcpt *rc;
static size_t nrc;
static struct remote_result res;
static struct remote_target target;
static struct remote_addrs addrs;
static struct tcpto tcpto;
static struct sa me;
static struct sa peer;

/* done - write the reports and exit with code */
static void done(int code) __attribute__((noreturn));
static void done(int code)
{
  static const char nomem[] = "ZOut of memory. (#4.3.0)\n";
  struct sa out = SA_ZERO;

  if (remote_report(&out, rc, nrc, &res)) fd_writeall(1, out.s, out.len, 0);
  else fd_writeall(1, nomem, sizeof nomem, 0);      /* its NUL included */
  _exit(code);
}

/* say - the message report from text pieces, then exit */
static void say(int exitcode, int code, const char *a, const char *b,
                const char *c) __attribute__((noreturn));
static void say(int exitcode, int code, const char *a, const char *b,
                const char *c)
{
  res.code = code;
  res.text.len = 0;
  if (!sa_cats(&res.text, a) || !sa_cats(&res.text, b) ||
      !sa_cats(&res.text, c)) {
    res.text.len = 0;
    sa_cats(&res.text, "Out of memory. (#4.3.0)\n");
    res.code = 'Z';
    exitcode = EX_TEMP;
  }
  done(exitcode);
}

static void nomem(void) __attribute__((noreturn));
static void nomem(void)
{
  say(EX_TEMP, 'Z', "Out of memory. (#4.3.0)\n", "", "");
}

static void ctlfail(const char *fn) __attribute__((noreturn));
static void ctlfail(const char *fn)
{
  say(EX_TEMP, 'Z', "Unable to read control file ", fn, ". (#4.3.0)\n");
}

static unsigned long clamp(unsigned long t)
{
  if (t < 1) return 1;
  return t > TIMEOUT_MAX ? TIMEOUT_MAX : t;
}

/* controls - qmail-control(5), with qmail's defaults */
static void controls(void)
{
  size_t i;
  int r = ctl_readline("control/helohost", &cfg.helohost, 0);

  if (r == -1) ctlfail("control/helohost");
  if (r == 0) {
    r = ctl_readline("control/me", &cfg.helohost, 0);
    if (r == -1) ctlfail("control/me");
    if (r == 0)
      say(EX_TEMP, 'Z', "Neither control/helohost nor control/me "
          "exists. (#4.3.0)\n", "", "");
  }
  /* SECURITY: the name goes into a command line */
  for (i = 0; i < cfg.helohost.len; ++i)
    if ((unsigned char)cfg.helohost.s[i] < 0x21 ||
        (unsigned char)cfg.helohost.s[i] > 0x7e)
      break;
  if (!cfg.helohost.len || i < cfg.helohost.len)
    say(EX_TEMP, 'Z', "control/helohost is not a host name. (#4.3.0)\n",
        "", "");
  if (ctl_readulong("control/timeoutconnect", &cfg.timeoutconnect, 60) == -1)
    ctlfail("control/timeoutconnect");
  if (ctl_readulong("control/timeoutremote", &cfg.timeoutremote, 1200) == -1)
    ctlfail("control/timeoutremote");
  cfg.timeoutconnect = clamp(cfg.timeoutconnect);
  cfg.timeoutremote = clamp(cfg.timeoutremote);
  if (ctl_readlist("control/smtproutes", &cfg.routes) == -1)
    ctlfail("control/smtproutes");
  if (!constmap_init(&cfg.routemap, cfg.routes.s, cfg.routes.len, 1))
    nomem();
}

/* addresses - check the sender and the recipients before any network:
 * a recipient no SMTP path can hold is refused here, for good */
static void addresses(const char *sender)
{
  struct sa path = SA_ZERO;
  size_t i;
  size_t bad = 0;

  if (!remote_quote(&path, sender)) {
    if (errno != EINVAL) nomem();
    say(EX_OK, 'D', "Sorry, no SMTP path can hold the sender address. "
        "(#5.1.7)\n", "", "");
  }
  for (i = 0; i < nrc; ++i) {
    if (remote_quote(&path, rc[i].addr)) continue;
    if (errno != EINVAL) nomem();
    rc[i].status = 'h';
    if (!sa_cats(&rc[i].text, "Sorry, no SMTP path can hold this "
                 "address. (#5.1.3)\n"))
      nomem();
    ++bad;
  }
  sa_free(&path);
  if (bad == nrc)
    say(EX_OK, 'D', "Sorry, no recipient address can be sent. (#5.1.3)\n",
        "", "");
}

/* resolve - the addresses to try, or a report */
static void resolve(void)
{
  const char *h = target.host.s;

  switch (remote_resolve(&target, &addrs)) {
  case RESOLVE_OK: break;
  case RESOLVE_NOHOST:
    say(EX_OK, 'D', "Sorry, I couldn't find any host named ", h, ". (#5.1.2)\n");
  case RESOLVE_NOADDR:
    say(EX_OK, 'D', "Sorry, ", h, " has neither a mail exchanger nor an "
        "address. (#5.4.4)\n");
  case RESOLVE_NULLMX:
    say(EX_OK, 'D', "Sorry, ", h, " says it accepts no mail (null MX). "
        "(#5.1.10)\n");
  case RESOLVE_BADNAME:
    say(EX_OK, 'D', "Sorry, ", h, " is not a valid host name. (#5.1.2)\n");
  default:
    say(EX_OK, 'Z', "Sorry, DNS lookups for ", h, " failed for now. "
        "(#4.4.3)\n");
  }
  if (target.relay) return;
  /* an smtproutes relay is the admin's choice; otherwise we must not be
   * the mail exchanger we hand the message to, or a worse one */
  if (!ipme_load(&me))
    say(EX_TEMP, 'Z', "Unable to list this host's addresses. (#4.3.0)\n",
        "", "");
  if (!remote_ipme(&addrs, &me))
    say(EX_OK, 'D', "Sorry. Although I'm listed as a best-preference MX "
        "or A for ", h, ",\nit isn't in my control/locals file, so I "
        "don't treat it as local. (#5.4.6)\n");
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

/* deliver - each address in turn until one takes the session */
static void deliver(struct remote_msg *m, const char *sender)
{
  struct smtp s;
  uint64_t now = (uint64_t)time(0);
  uint64_t hold;
  unsigned short jitter = 0;
  const char *lasterr = 0;
  size_t skipped = 0;
  size_t i;

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
    if (!tcpto_iptext(&peer, ip)) nomem();
    fd = dial(ip, target.port, (int)cfg.timeoutconnect);
    if (fd == -1) {
      lasterr = err_str(errno);
      tcpto_update(TCPTO_FILE, ip, errno == ETIMEDOUT, (uint64_t)time(0));
      continue;
    }
    if (recorded(ip)) tcpto_update(TCPTO_FILE, ip, 0, (uint64_t)time(0));
    smtp_init(&s, fd, (int)cfg.timeoutremote, peer.s);
    if (!smtp_open(&s, cfg.helohost.s, &res)) {
      /* RFC 5321 5.1: a host that will not talk; the next may */
      smtp_quit(&s);
      lasterr = 0;
      continue;
    }
    smtp_send(&s, m, sender, rc, nrc, &res);
    smtp_quit(&s);
    done(res.local ? EX_TEMP : EX_OK);
  }
  if (res.code) done(EX_OK);             /* the last host's refusal */
  if (lasterr)
    say(EX_OK, 'Z', "Sorry, I wasn't able to establish an SMTP connection "
        "(last: ", lasterr, "). (#4.4.1)\n");
  if (skipped)
    say(EX_OK, 'Z', "Sorry, I wasn't able to establish an SMTP connection: "
        "every address timed out recently (see qmail-tcpto). (#4.4.1)\n",
        "", "");
  say(EX_OK, 'Z', "Sorry, I wasn't able to establish an SMTP connection. "
      "(#4.4.1)\n", "", "");
}

int main(int argc, char **argv)
{
  struct remote_msg m;
  size_t bytes;
  size_t i;

  if (fd_ensure012() == -1) _exit(EX_TEMP);
  sig_ignore(SIGPIPE);
  if (argc < 4)
    say(EX_PERM, 'D', "qmail-remote was run with the wrong arguments. "
        "(#5.3.5)\n", "", "");
  nrc = (size_t)argc - 3;
  if (!sz_mul(&bytes, nrc, sizeof *rc) || !(rc = malloc(bytes))) {
    nrc = 0;
    nomem();
  }
  for (i = 0; i < nrc; ++i) {
    struct sa z = SA_ZERO;
    rc[i].addr = argv[3 + i];
    rc[i].status = 0;
    rc[i].text = z;
  }
  if (chdir(auto_qmail) == -1)
    say(EX_TEMP, 'Z', "Unable to switch to home directory. (#4.3.0)\n",
        "", "");
  controls();
  if (!remote_route(&cfg.routemap, argv[1], &target)) {
    if (errno == EINVAL)
      say(EX_TEMP, 'Z', "control/smtproutes has a relay that does not "
          "parse for ", argv[1], ". (#4.3.5)\n");
    nomem();
  }
  addresses(argv[2]);
  m.fd = 0;
  if (remote_scan(&m) == -1)
    say(EX_TEMP, 'Z', "Unable to read message. (#4.3.0)\n", "", "");
  resolve();
  deliver(&m, argv[2]);
  return EX_OK;
}
