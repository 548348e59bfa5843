/* qmail-smtpd - receive mail by SMTP and hand it to qmail-queue
 * runs as: qmaild (tcpserver -u); no privilege, writes no files
 * reads:   SMTP commands and message text on fd 0, replies on fd 1;
 *          control/ badmailfrom databytes localiphost me
 *          morercpthosts.cdb rcpthosts smtpgreeting timeoutsmtpd;
 *          the TCP* variables, RELAYCLIENT, DATABYTES, BARELF and
 *          SMTPAUTH; with RCPTCHECK, users/rcpt.cdb, users/cdb, and the
 *          controls of rewriting (rcptcheck.h)
 * trusts:  the control files and the environment tcpserver set
 *          (tcprules decide RELAYCLIENT and SMTPAUTH); its command line
 *          (the checkpassword program) and that program's exit code
 *          (qmail-smtpd-auth.c); nothing the client sends
 * parses:  every command line, path and parameter (smtpcmd), 8-bit
 *          addresses as UTF-8 (utf8), and the
 *          message text (smtpdata_decode), which is streamed to
 *          qmail-queue and never held
 *
 * One process per connection: the only forks are qmail-queue's and the
 * checkpassword program's.  Replies are buffered and written only when
 * no whole command is waiting, so a pipelining client costs one write
 * per batch (RFC 2920). */
#include <sys/socket.h>
#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "auto_qmail.h"
#include "auto_uids.h"
#include "bounds.h"
#include "buf.h"
#include "checkpw.h"
#include "constmap.h"
#include "ctl.h"
#include "err.h"
#include "exitcode.h"
#include "fd.h"
#include "fmt.h"
#include "logsafe.h"
#include "qmail-smtpd.h"
#include "qq.h"
#include "rcptcheck.h"
#include "rcpthosts.h"
#include "received.h"
#include "sa.h"
#include "scan.h"
#include "sig.h"
#include "smtpcmd.h"
#include "str.h"
#include "utf8.h"

const char *prog = "qmail-smtpd";

/* qmail's MAXHOPS: Received and Delivered-To fields a message may carry
 * before it is refused as looping */
#define MAXHOPS 100

static struct {
  struct buf in;
  char inspace[65536];
  struct buf out;
  char outspace[BUF_SIZE];
  /* who is talking, from tcpserver */
  const char *remoteip;
  const char *remotehost;
  const char *remoteinfo;
  const char *local;
  const char *relayclient;
  int localfamily;              /* AF_INET, AF_INET6 or 0 */
  unsigned char localaddr[16];
  int datamode;                 /* SMTPDATA_STRICT or _NORMALISE */
  /* controls */
  struct sa greeting;
  struct sa localiphost;
  struct rcpthosts rh;
  int rcptcheck;                /* 1 on, 0 off, -1 its facts unreadable */
  struct rcptcheck rc;
  struct sa bmflist;
  struct constmap bmf;
  size_t databytes;             /* 0: no limit */
  unsigned long timeout;
  /* the session and the transaction */
  struct sa helo;
  int esmtp;                    /* the last greeting was EHLO */
  int authenticated;            /* AUTH succeeded: relaying, ESMTPA */
  int seenmail;
  int badsender;                /* the sender is in badmailfrom */
  int utf8;                     /* MAIL said SMTPUTF8 (RFC 6531) */
  struct sa sender;             /* NUL-terminated */
  struct sa rcpts;              /* each recipient followed by a NUL */
  size_t nrcpts;
  struct sa line;
  struct smtppath path;
  struct qq qq;
  char decoded[65536 + SMTPDATA_SLACK];
} g;

static void die_write(void)
{
  _exit(EX_TEMP);          /* the peer is gone: no one to tell */
}

static void out(const char *s)
{
  if (!buf_puts(&g.out, s)) die_write();
}

static void outb(const char *p, size_t n)
{
  if (!buf_put(&g.out, p, n)) die_write();
}

static void flush(void)
{
  if (!buf_flush(&g.out)) die_write();
}

/* quit - say a last reply and leave */
static void quit(const char *reply, int code)
{
  out(reply);
  flush();
  qq_end(&g.qq);
  _exit(code);
}

static void die_nomem(void)
{
  quit("421 4.3.0 out of memory\r\n", EX_TEMP);
}

static void die_control(void)
{
  quit("421 4.3.0 unable to read controls\r\n", EX_TEMP);
}

static void die_timeout(void)
{
  quit("451 4.4.2 timeout\r\n", EX_TEMP);
}

static void die_read(void)
{
  if (errno == ETIMEDOUT) die_timeout();
  _exit(EX_TEMP);
}

/* env - a variable tcpserver (or tcp-env) set, or a default */
static const char *env(const char *name, const char *def)
{
  const char *v = getenv(name);
  return v ? v : def;
}

/* localip - the address the client connected to, for localiphost */
static void localip(void)
{
  const char *ip = getenv("TCPLOCALIP");

  g.localfamily = 0;
  if (!ip) return;
  if (inet_pton(AF_INET, ip, g.localaddr) == 1) {
    g.localfamily = AF_INET;
  } else if (inet_pton(AF_INET6, ip, g.localaddr) == 1) {
    static const unsigned char mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
                                              0xff, 0xff };
    g.localfamily = AF_INET6;
    /* ::ffff:a.b.c.d is the IPv4 address a.b.c.d, for [a.b.c.d] */
    if (memcmp(g.localaddr, mapped, 12) == 0) {
      memmove(g.localaddr, g.localaddr + 12, 4);
      g.localfamily = AF_INET;
    }
  }
}

static void setup_env(void)
{
  const char *mode = getenv("BARELF");

  g.remoteip = env("TCPREMOTEIP", "unknown");
  g.local = env("TCPLOCALHOST", 0);
  if (!g.local) g.local = env("TCPLOCALIP", "unknown");
  g.remotehost = env("TCPREMOTEHOST", "unknown");
  g.remoteinfo = getenv("TCPREMOTEINFO");
  g.relayclient = getenv("RELAYCLIENT");
  g.datamode = SMTPDATA_STRICT;
  if (mode && str_equal(mode, "normalise")) g.datamode = SMTPDATA_NORMALISE;
  localip();
}

/* setup_limits - databytes (DATABYTES wins) and timeoutsmtpd */
static void setup_limits(void)
{
  unsigned long n;
  const char *x;

  if (ctl_readulong("control/databytes", &n, LIM_DATABYTES_DEFAULT) == -1)
    die_control();
  g.databytes = n;
  x = getenv("DATABYTES");
  if (x && !scan_size(x, &g.databytes, (size_t)-1)) die_control();
  if (ctl_readulong("control/timeoutsmtpd", &g.timeout, 1200) == -1)
    die_control();
  if (g.timeout == 0 || g.timeout > 86400) g.timeout = 1200;
}

static void setup_maps(void)
{
  if (rcpthosts_init(&g.rh) == -1) {
    if (errno == ENOMEM) die_nomem();
    die_control();
  }
  if (ctl_readlist("control/badmailfrom", &g.bmflist) == -1) die_control();
  if (!constmap_init(&g.bmf, g.bmflist.s, g.bmflist.len, 0)) die_nomem();
}

/* readdef - a control file's first line, or me's; as in qmail, a
 * missing file with no me to stand for it is an error */
static void readdef(const char *path, struct sa *line, const struct sa *me,
                    int meok)
{
  int r = ctl_readline(path, line, 0);

  if (r == -1) die_control();
  if (r == 0 && !meok) die_control();
  if (r == 0 && (!sa_copy(line, me) || !sa_0(line))) die_nomem();
  if (r == 0) --line->len;
}

/* setup_rcptcheck - RCPTCHECK (not empty) asks for the recipient
 * check; it needs users/rcpt.cdb (qmail-newrcpt(8)): without it there
 * is nothing to check against, and every recipient is accepted */
static void setup_rcptcheck(void)
{
  static struct sa aliashome;
  const char *x = getenv("RCPTCHECK");

  if (!x || !*x) return;
  if (!sa_copys(&aliashome, auto_qmail) || !sa_cats(&aliashome, "/alias") ||
      !sa_0(&aliashome))
    die_nomem();
  g.rcptcheck = rcptcheck_open(&g.rc, aliashome.s,
                               (unsigned long)auto_uid_alias,
                               (unsigned long)auto_gid_nofiles);
  if (g.rcptcheck == -1 && errno == ENOMEM) die_nomem();
}

/* checkrcpt - 1 if the recipient may be taken; else the reply is out.
 * Never 5xx on our own trouble: the facts unreadable say 451 */
static int checkrcpt(void)
{
  int r;

  if (g.rcptcheck == 0) return 1;
  r = g.rcptcheck == 1 ? rcptcheck_addr(&g.rc, g.path.addr) : RCPT_TROUBLE;
  if (r == RCPT_OK) return 1;
  if (r == RCPT_NOMAILBOX)
    out("550 5.1.1 sorry, no mailbox here by that name\r\n");
  else
    out("451 4.3.0 unable to check the recipient; try again later\r\n");
  return 0;
}

static void setup(void)
{
  struct sa me = SA_ZERO;
  int meok;

  if (chdir(auto_qmail) == -1) die_control();
  meok = ctl_readline("control/me", &me, 0);
  if (meok == -1) die_control();
  readdef("control/smtpgreeting", &g.greeting, &me, meok);
  readdef("control/localiphost", &g.localiphost, &me, meok);
  sa_free(&me);
  setup_limits();
  setup_maps();
  setup_rcptcheck();
  if (!sa_copys(&g.helo, g.remotehost)) die_nomem();
  g.in.timeout = (int)g.timeout;
  g.out.timeout = (int)g.timeout;
}

static void greet(const char *code)
{
  out(code);
  outb(g.greeting.s, g.greeting.len);
}

/* -- the commands that need no transaction */

static void reset(void)
{
  g.seenmail = 0;
  g.badsender = 0;
  g.utf8 = 0;
  g.rcpts.len = 0;
  g.nrcpts = 0;
}

static void dohelo(const struct smtpcmd *c)
{
  if (!sa_copyb(&g.helo, c->arg, c->arglen)) die_nomem();
  reset();
}

static void smtp_helo(const struct smtpcmd *c)
{
  dohelo(c);
  g.esmtp = 0;
  greet("250 ");
  out("\r\n");
}

static void smtp_ehlo(const struct smtpcmd *c)
{
  char num[FMT_ULONG];

  dohelo(c);
  g.esmtp = 1;
  greet("250-");
  out("\r\n250-PIPELINING\r\n250-8BITMIME\r\n250-SIZE ");
  outb(num, fmt_ulong(num, (unsigned long)g.databytes));
  out("\r\n");
  out("250-SMTPUTF8\r\n");
  if (auth_offer()) {
    out("250-AUTH ");
    out(auth_offer());
    out("\r\n");
  }
  out("250 ENHANCEDSTATUSCODES\r\n");
}

/* smtp_auth - RFC 4954, where the listener offers it; success grants
 * relaying for the rest of the session, as RELAYCLIENT="" does */
static void smtp_auth(const struct smtpcmd *c)
{
  if (!auth_offer()) {
    out("502 5.5.1 unimplemented\r\n");
    return;
  }
  if (!g.esmtp) {
    out("503 5.5.1 EHLO first\r\n");
    return;
  }
  if (g.seenmail) {
    out("503 5.5.1 no AUTH during a mail transaction\r\n");
    return;
  }
  if (auth_command(c->arg, c->arglen)) {
    g.authenticated = 1;
    if (!g.relayclient) g.relayclient = "";
  }
  checkpw_wipesa(&g.line);            /* an initial response's password */
}

/* -- MAIL and RCPT */

/* eightbit - an address with a byte over 127 may stand only in a
 * transaction that said SMTPUTF8 (RFC 6531 3.4, 3.7.4.1), and must be
 * UTF-8 (RFC 3629): 1 if p's address may be taken, else 0 with the
 * reply made; badsyntax is "5.1.7" (MAIL) or "5.1.3" (RCPT) */
static int eightbit(const struct smtppath *p, int utf8, const char *badsyntax)
{
  if (utf8_ascii(p->addr, p->len)) return 1;
  if (!utf8) {
    out("553 5.6.7 sorry, a non-ASCII address needs SMTPUTF8 on MAIL "
        "(RFC 6531)\r\n");
    return 0;
  }
  if (!utf8_valid(p->addr, p->len)) {
    out("553 ");
    out(badsyntax);
    out(" sorry, that address is not well-formed UTF-8\r\n");
    return 0;
  }
  return 1;
}

/* domain - the bytes after the last '@' of addr (CONTRACT in
 * smtpcmd.h: qmail-send splits there too); 0 if there is no '@' */
static const char *domain(const char *addr, size_t len, size_t *dlen)
{
  size_t at = byte_rchr(addr, len, '@');

  if (at == len) return 0;
  *dlen = len - at - 1;
  return addr + at + 1;
}

/* badmailfrom - the sender, or its "@domain", is listed */
static int badmailfrom(const char *addr, size_t len)
{
  size_t dlen;
  const char *d;

  if (constmap_get(&g.bmf, addr, len, 0)) return 1;
  d = domain(addr, len, &dlen);
  return d && constmap_get(&g.bmf, d - 1, dlen + 1, 0);
}

static void smtp_mail(const struct smtpcmd *c)
{
  int r = smtpcmd_path(c->arg, c->arglen, SMTPCMD_MAIL, &g.path);

  if (r == SMTPPATH_TOOLONG) {
    out("553 5.1.7 sorry, that address is too long\r\n");
    return;
  }
  if (r == SMTPPATH_PARAM) {
    out("555 5.5.4 unrecognized parameter\r\n");
    return;
  }
  if (r != SMTPPATH_OK) {
    out("555 5.5.4 syntax error\r\n");
    return;
  }
  if (g.path.hassize && g.databytes && g.path.size > g.databytes) {
    out("552 5.3.4 sorry, that message size exceeds my databytes limit\r\n");
    return;
  }
  if (!eightbit(&g.path, g.path.smtputf8, "5.1.7")) return;
  reset();
  g.utf8 = g.path.smtputf8;
  if (!sa_copyb(&g.sender, g.path.addr, g.path.len) || !sa_0(&g.sender))
    die_nomem();
  g.badsender = badmailfrom(g.path.addr, g.path.len);
  g.seenmail = 1;
  out("250 2.1.0 ok\r\n");
}

/* literal - the address literal of d ("[...]") names the address the
 * client connected to */
static int literal(const char *d, size_t dlen)
{
  char ip[LIM_ADDR + 1];
  unsigned char bin[16];
  int family = AF_INET;
  size_t skip = 1;

  if (!g.localfamily || dlen < 3 || d[0] != '[' || d[dlen - 1] != ']')
    return 0;
  if (dlen > 6 && case_startb(d + 1, dlen - 2, "ipv6:")) {
    family = AF_INET6;
    skip = 6;
  }
  memcpy(ip, d + skip, dlen - skip - 1);
  ip[dlen - skip - 1] = 0;
  if (family != g.localfamily || inet_pton(family, ip, bin) != 1) return 0;
  return memcmp(bin, g.localaddr, family == AF_INET ? 4 : 16) == 0;
}

/* localiphost - box@[local IP] becomes box@localiphost */
static void localiphost(struct smtppath *p)
{
  size_t dlen;
  const char *d = domain(p->addr, p->len, &dlen);
  size_t at;

  if (!d || !literal(d, dlen)) return;
  at = (size_t)(d - p->addr);
  if (g.localiphost.len > LIM_ADDR - at) return;
  memcpy(p->addr + at, g.localiphost.s, g.localiphost.len);
  p->len = at + g.localiphost.len;
  p->addr[p->len] = 0;
}

static void smtp_rcpt(const struct smtpcmd *c)
{
  int r;

  if (!g.seenmail) {
    out("503 5.5.1 MAIL first\r\n");
    return;
  }
  r = smtpcmd_path(c->arg, c->arglen, SMTPCMD_RCPT, &g.path);
  if (r == SMTPPATH_TOOLONG) {
    out("553 5.1.3 sorry, that address is too long\r\n");
    return;
  }
  if (r == SMTPPATH_PARAM) {
    out("555 5.5.4 unrecognized parameter\r\n");
    return;
  }
  if (r != SMTPPATH_OK || g.path.len == 0) {
    out("555 5.5.4 syntax error\r\n");
    return;
  }
  if (!eightbit(&g.path, g.utf8, "5.1.3")) return;
  if (g.badsender) {
    out("553 5.7.1 sorry, your envelope sender is in my badmailfrom list\r\n");
    return;
  }
  if (g.nrcpts >= LIM_RCPTS) {
    /* RFC 5321 4.5.3.1.10: 452, so the client sends the rest later */
    out("452 4.5.3 sorry, too many recipients\r\n");
    return;
  }
  localiphost(&g.path);
  if (g.relayclient) {
    /* qmail appends RELAYCLIENT to every recipient and checks nothing */
    if (!sa_catb(&g.rcpts, g.path.addr, g.path.len) ||
        !sa_cats(&g.rcpts, g.relayclient) || !sa_0(&g.rcpts))
      die_nomem();
  } else {
    int ok = rcpthosts_allowed(&g.rh, g.path.addr, g.path.len);
    if (ok == -1) die_control();
    if (!ok) {
      out("553 5.7.1 sorry, that domain isn't in my list of allowed "
          "rcpthosts\r\n");
      return;
    }
    if (!checkrcpt()) return;
    if (!sa_catb(&g.rcpts, g.path.addr, g.path.len) || !sa_0(&g.rcpts))
      die_nomem();
  }
  ++g.nrcpts;
  out("250 2.1.5 ok\r\n");
  /* the queue's start-up overlaps the rest of the transaction */
  if (g.nrcpts == 1) qq_prestart(&g.qq, auto_qmail);
}

/* -- DATA */

static void addreceived(void)
{
  struct received r;

  if (!sa_0(&g.helo)) die_nomem();
  --g.helo.len;
  r.protocol = received_protocol(g.esmtp, g.utf8, g.authenticated);
  r.local = g.local;
  r.remoteip = g.remoteip;
  r.remotehost = g.remotehost;
  r.remoteinfo = g.remoteinfo;
  r.helo = g.helo.s;
  received(&g.qq, &r);
}

/* barelf - qmail's answer to a bare LF (and quire's to a bare CR) */
static void barelf(int c)
{
  qq_abandon(&g.qq);
  warn_say(c == '\n' ? "bare LF" : "bare CR", " in message text from ",
           g.remoteip, "; connection closed");
  quit("451 4.5.0 See https://cr.yp.to/docs/smtplf.html.\r\n", EX_PERM);
}

/* blast - the message text into the queue; its byte and hop counts */
static void blast(struct smtpdata *d)
{
  int over = 0;

  smtpdata_start(d, g.datamode);
  while (!d->done) {
    size_t n = buf_buffered(&g.in);
    size_t used;
    size_t w;
    if (n == 0) {
      ssize_t r = buf_feed(&g.in);
      if (r <= 0) {
        qq_abandon(&g.qq);
        if (r == 0) _exit(EX_TEMP);
        die_read();
      }
      n = (size_t)r;
    }
    if (n > sizeof g.decoded - SMTPDATA_SLACK)
      n = sizeof g.decoded - SMTPDATA_SLACK;
    w = smtpdata_decode(d, buf_peek(&g.in), n, &used, g.decoded);
    buf_skip(&g.in, used);
    if (!over && g.databytes && d->bytes > g.databytes) {
      over = 1;
      qq_fail(&g.qq);
    }
    if (!over) qq_put(&g.qq, g.decoded, w);
    if (d->bare) barelf(d->bare);
  }
}

/* enhanced - the enhanced code at the end of a queue text "... (#5.7.1)"
 * if its class is cls, else def */
static void enhanced(const char *t, size_t n, char cls, const char *def,
                     struct sa *code)
{
  size_t open = n;
  size_t i;

  while (open > 0 && t[open - 1] != '(') --open;
  /* t[open..n): "#" class "." digits and dots ")" */
  if (open > 0 && n - open >= 5 && n - open <= 16 && t[open] == '#' &&
      t[open + 1] == cls && t[open + 2] == '.' && t[n - 1] == ')') {
    for (i = open + 3; i < n - 1; ++i)
      if (!(t[i] == '.' || (t[i] >= '0' && t[i] <= '9'))) break;
    if (i == n - 1 && sa_copyb(code, t + open + 1, n - open - 2)) return;
  }
  if (!sa_copys(code, def)) die_nomem();
}

/* qqreply - the reply for qq_close's error text: 'D' 554, 'Z' 451;
 * a QMAILQUEUE filter's own text goes to the client as it is */
static void qqreply(const struct sa *err)
{
  struct sa code = SA_ZERO;
  int perm = err->len && err->s[0] == 'D';
  const char *t = err->len ? err->s + 1 : "qq failure";
  size_t n = err->len ? err->len - 1 : 10;

  enhanced(t, n, perm ? '5' : '4', perm ? "5.3.0" : "4.3.0", &code);
  out(perm ? "554 " : "451 ");
  outb(code.s, code.len);
  out(" ");
  outb(t, n);
  out("\r\n");
  sa_free(&code);
}

static void accepted(unsigned long qp)
{
  char num[FMT_ULONG];

  out("250 2.0.0 ok ");
  outb(num, fmt_ulong(num, (unsigned long)time(0)));
  out(" qp ");
  outb(num, fmt_ulong(num, qp));
  out("\r\n");
}

/* queue - the envelope after the text; the reply for the result */
static void queue(const struct smtpdata *d, unsigned long qp)
{
  struct sa err = SA_ZERO;
  size_t i;
  int toomany = d->hops >= MAXHOPS;
  int toobig = g.databytes && d->bytes > g.databytes;

  if (toomany || toobig) qq_fail(&g.qq);
  qq_from(&g.qq, g.sender.s);
  for (i = 0; i < g.rcpts.len; i += strlen(g.rcpts.s + i) + 1)
    qq_to(&g.qq, g.rcpts.s + i);
  if (qq_close(&g.qq, &err) == 0) accepted(qp);
  else if (toomany)
    out("554 5.4.6 too many hops, this message is looping\r\n");
  else if (toobig)
    out("552 5.3.4 sorry, that message size exceeds my databytes "
        "limit\r\n");
  else
    qqreply(&err);
  sa_free(&err);
}

static void smtp_data(void)
{
  struct smtpdata d;
  unsigned long qp;

  if (!g.seenmail) {
    out("503 5.5.1 MAIL first\r\n");
    return;
  }
  if (!g.nrcpts) {
    out("503 5.5.1 RCPT first\r\n");
    return;
  }
  g.seenmail = 0;
  if (qq_begin(&g.qq, auto_qmail) == -1) {
    out("451 4.3.0 qq failure\r\n");
    return;
  }
  qp = qq_qp(&g.qq);
  out("354 go ahead\r\n");
  flush();
  addreceived();
  blast(&d);
  queue(&d, qp);
  reset();
}

/* -- the command loop */

/* waitline - flush the replies unless a whole command is waiting: a
 * pipelining client gets them in one write */
static void waitline(void)
{
  size_t n = buf_buffered(&g.in);

  if (n == 0 || !memchr(buf_peek(&g.in), '\n', n)) flush();
}

/* getcmd - the next command line: 1, or 0 at end of file; a line over
 * LIM_SMTP_LINE is read to its end and refused */
static int getcmd(void)
{
  int r;

  for (;;) {
    waitline();
    r = buf_getline(&g.in, &g.line, LIM_SMTP_LINE);
    if (r == 1) return 1;
    if (r == 0) return 0;
    if (errno != E2BIG) die_read();
    do {
      r = buf_getline(&g.in, &g.line, LIM_SMTP_LINE);
    } while (r == -1 && errno == E2BIG);
    if (r == -1) die_read();
    out("500 5.5.2 line too long\r\n");
    if (r == 0) return 0;
  }
}

static void command(void)
{
  struct smtpcmd c;

  switch (smtpcmd_parse(g.line.s, g.line.len, &c)) {
  case SMTPCMD_HELO: smtp_helo(&c); break;
  case SMTPCMD_EHLO: smtp_ehlo(&c); break;
  case SMTPCMD_MAIL: smtp_mail(&c); break;
  case SMTPCMD_RCPT: smtp_rcpt(&c); break;
  case SMTPCMD_DATA: smtp_data(); break;
  case SMTPCMD_RSET:
    reset();
    out("250 2.0.0 flushed\r\n");
    break;
  case SMTPCMD_NOOP: out("250 2.0.0 ok\r\n"); break;
  case SMTPCMD_VRFY:
    out("252 2.1.5 send some mail, i'll try my best\r\n");
    break;
  case SMTPCMD_HELP:
    out("214 2.0.0 quire qmail-smtpd: see qmail-smtpd(8)\r\n");
    break;
  case SMTPCMD_AUTH: smtp_auth(&c); break;
  case SMTPCMD_QUIT:
    greet("221 2.0.0 ");
    quit("\r\n", EX_OK);
    break;
  case SMTPCMD_BAD: out("500 5.5.2 NUL byte in command\r\n"); break;
  default: out("502 5.5.1 unimplemented\r\n"); break;
  }
}

int main(int argc, char **argv)
{
  prog = "qmail-smtpd";
  if (fd_ensure012() == -1) _exit(EX_TEMP);
  sig_ignore(SIGPIPE);
  buf_init(&g.in, 0, g.inspace, sizeof g.inspace);
  buf_init(&g.out, 1, g.outspace, sizeof g.outspace);
  g.line.max = LIM_SMTP_LINE;
  setup_env();
  setup();
  /* the rest of the command line is a checkpassword program: AUTH */
  if (!auth_setup(argc > 1 ? argv + 1 : argv + argc, &g.in, &g.out,
                  g.local, g.remoteip)) {
    warn_say("SMTPAUTH names an unknown mechanism");
    die_control();
  }
  greet("220 ");
  out(" ESMTP\r\n");
  while (getcmd()) command();
  flush();
  qq_end(&g.qq);
  return EX_OK;
}
