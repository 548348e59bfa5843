/* qmail-qmtpd - receive mail by QMTP and hand it to qmail-queue
 * runs as: qmaild (tcpserver -u); no privilege, writes no files
 * reads:   QMTP packages on fd 0, responses on fd 1; control/databytes
 *          morercpthosts.cdb rcpthosts; the TCP* variables,
 *          RELAYCLIENT and DATABYTES
 * trusts:  the control files and the environment tcpserver set
 *          (tcprules decide RELAYCLIENT); nothing the client sends
 * parses:  the netstrings of each package (qmpack), strictly; the
 *          message is streamed to qmail-queue and never held
 *
 * One process per connection, any number of packages in it (QMTP
 * pipelines them); each package gets its own qmail-queue.  A package
 * that breaks the netstring framing cannot be answered (the protocol
 * has no place left to answer in): we log it and close. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "auto_qmail.h"
#include "bounds.h"
#include "buf.h"
#include "ctl.h"
#include "err.h"
#include "exitcode.h"
#include "fd.h"
#include "fmt.h"
#include "qmpack.h"
#include "qq.h"
#include "rcpthosts.h"
#include "received.h"
#include "sa.h"
#include "scan.h"
#include "sig.h"

const char *prog = "qmail-qmtpd";

/* seconds a read or write of the client may take (qmail's 1200) */
#define TIMEOUT 1200

/* verdicts on a recipient, in place of qmpack's mark */
#define V_QUEUE 'Q'         /* given to qmail-queue: its answer */
#define V_BAD QMPACK_BAD
#define V_REFUSED 'R'       /* not in rcpthosts */

static struct {
  struct buf in;
  char inspace[65536];
  struct buf out;
  char outspace[BUF_SIZE];
  struct received who;
  const char *relayclient;
  struct rcpthosts rh;
  size_t databytes;               /* 0: no limit */
  /* the package */
  struct qmpack pack;
  struct qq qq;
  int qqopen;                     /* qq_open worked for this package */
  int toobig;                     /* the message is over databytes */
  struct sa addr;
  struct sa answer;               /* qmail-queue's: K, Z or D and text */
} g;

static void die_write(void)
{
  _exit(EX_TEMP);          /* the client is gone: no one to tell */
}

/* die_read - a read failed: the client left, was too slow, or broke
 * the framing; a message begun is never queued */
static void die_read(void)
{
  if (g.qqopen) qq_abandon(&g.qq);
  if (errno == EPROTO || errno == E2BIG) {
    warn_say("protocol error from ", g.who.remoteip, ": ",
             errno == E2BIG ? "netstring over its limit" : "bad netstring",
             "; connection closed");
    _exit(EX_PERM);
  }
  if (errno == ENOMEM) die_temp("out of memory");
  _exit(EX_TEMP);
}

static const char *env(const char *name, const char *def)
{
  const char *v = getenv(name);
  return v ? v : def;
}

/* setup - the environment tcpserver set, then the control files */
static void setup(void)
{
  unsigned long n;
  const char *x;

  g.who.protocol = "QMTP";
  g.who.remoteip = env("TCPREMOTEIP", "unknown");
  g.who.local = env("TCPLOCALHOST", 0);
  if (!g.who.local) g.who.local = env("TCPLOCALIP", "unknown");
  g.who.remotehost = env("TCPREMOTEHOST", "unknown");
  g.who.remoteinfo = getenv("TCPREMOTEINFO");
  g.who.helo = 0;
  g.relayclient = getenv("RELAYCLIENT");
  if (chdir(auto_qmail) == -1) die_tempsys("unable to chdir to ", auto_qmail);
  if (ctl_readulong("control/databytes", &n, LIM_DATABYTES_DEFAULT) == -1)
    die_tempsys("unable to read control/databytes");
  g.databytes = n;
  x = getenv("DATABYTES");
  if (x && !scan_size(x, &g.databytes, (size_t)-1))
    die_temp("DATABYTES is not a number");
  if (rcpthosts_init(&g.rh) == -1)
    die_tempsys("unable to read control/rcpthosts or morercpthosts.cdb");
}

/* -- the message, as qmpack reads it */

static void start(void *ctx, size_t msglen)
{
  (void)ctx;
  g.toobig = g.databytes && msglen > g.databytes;
  g.qqopen = qq_open(&g.qq, auto_qmail) == 0;
  if (!g.qqopen) return;
  if (g.toobig) qq_fail(&g.qq);
  received(&g.qq, &g.who);
}

static void put(void *ctx, const char *p, size_t n)
{
  (void)ctx;
  if (g.qqopen) qq_put(&g.qq, p, n);
}

/* -- the envelope */

/* recipient - give one recipient to qmail-queue, with RELAYCLIENT
 * added, or refuse it; its verdict */
static char recipient(const char *a)
{
  size_t len = strlen(a);

  g.addr.len = 0;
  if (g.relayclient) {
    /* qmail appends RELAYCLIENT to every recipient and checks nothing;
     * the result is held to qmail-queue's limit, as the address was */
    if (!sa_catb(&g.addr, a, len) || !sa_cats(&g.addr, g.relayclient)) {
      if (errno == E2BIG) return V_BAD;
      die_temp("out of memory");
    }
    if (g.addr.len > LIM_ADDR) return V_BAD;
  } else {
    int ok = rcpthosts_allowed(&g.rh, a, len);
    if (ok == -1) die_tempsys("unable to read control/morercpthosts.cdb");
    if (!ok) return V_REFUSED;
    if (!sa_catb(&g.addr, a, len)) die_temp("out of memory");
  }
  if (!sa_0(&g.addr)) die_temp("out of memory");
  qq_to(&g.qq, g.addr.s);
  return V_QUEUE;
}

/* envelope - the sender and each recipient to qmail-queue, each
 * recipient's verdict in place of its mark; the number queued */
static size_t envelope(int refuseall)
{
  size_t i;
  size_t queued = 0;

  qq_from(&g.qq, g.pack.sender.s);
  for (i = 0; i < g.pack.rcpts.len; i += strlen(g.pack.rcpts.s + i) + 1) {
    char *mark = g.pack.rcpts.s + i;
    if (*mark == QMPACK_OK && !refuseall) *mark = recipient(mark + 1);
    if (*mark == V_QUEUE) ++queued;
  }
  return queued;
}

/* -- the responses */

/* respond - one response netstring; written as it comes (the package
 * has ended), so a crowd of recipients costs no memory */
static void respond(const char *text)
{
  char num[FMT_ULONG];
  size_t len = strlen(text);

  if (!buf_put(&g.out, num, fmt_ulong(num, (unsigned long)len)) ||
      !buf_put(&g.out, ":", 1) || !buf_put(&g.out, text, len) ||
      !buf_put(&g.out, ",", 1))
    die_write();
}

/* queued - qmail-queue's answer, as a QMTP response */
static void queued(unsigned long qp)
{
  char num[FMT_ULONG];

  if (!sa_copys(&g.answer, "Kok ") ||
      !sa_catb(&g.answer, num, fmt_ulong(num, (unsigned long)time(0))) ||
      !sa_cats(&g.answer, " qp ") ||
      !sa_catb(&g.answer, num, fmt_ulong(num, qp)))
    die_temp("out of memory");
}

/* whole - the response every recipient gets when the message itself
 * is refused, or 0 */
static const char *whole(void)
{
  if (!g.qqopen) return "Zqq failure: unable to start qmail-queue (#4.3.0)";
  if (g.pack.badencoding) return "Dunknown message encoding (#5.6.0)";
  if (g.toobig)
    return "Dsorry, that message size exceeds my databytes limit (#5.3.4)";
  if (g.pack.senderbad)
    return "Dsorry, that sender address is too long or holds a NUL (#5.1.7)";
  return 0;
}

/* verdicts - one response for each recipient, in the client's order */
static void verdicts(const char *all)
{
  size_t i;

  for (i = 0; i < g.pack.rcpts.len; i += strlen(g.pack.rcpts.s + i) + 1) {
    char mark = g.pack.rcpts.s[i];
    if (all) respond(all);
    else if (mark == V_QUEUE) respond(g.answer.s);
    else if (mark == V_BAD)
      respond("Dsorry, that address is too long or holds a NUL (#5.1.3)");
    else
      respond("Dsorry, that domain isn't in my list of allowed rcpthosts "
              "(#5.7.1)");
  }
  /* RFC 5321's 452 for a crowd: the client sends these again later */
  for (i = 0; i < g.pack.extra; ++i)
    respond("Zsorry, too many recipients in one message (#4.5.3)");
}

/* package - queue what qmpack read; answer every recipient */
static void package(void)
{
  const char *all = whole();
  unsigned long qp;
  size_t n;

  if (g.qqopen) {
    qp = qq_qp(&g.qq);
    n = envelope(all != 0);
    if (n == 0) qq_fail(&g.qq);
    g.answer.len = 0;
    g.qqopen = 0;
    if (qq_close(&g.qq, &g.answer) == 0) queued(qp);
    else if (g.answer.len < 2 && !sa_copys(&g.answer, "Zqq failure (#4.3.0)"))
      die_temp("out of memory");
    if (!sa_0(&g.answer)) die_temp("out of memory");
  }
  verdicts(all);
  if (!buf_flush(&g.out)) die_write();
}

int main(void)
{
  int r;

  prog = "qmail-qmtpd";
  if (fd_ensure012() == -1) _exit(EX_TEMP);
  sig_ignore(SIGPIPE);
  buf_init(&g.in, 0, g.inspace, sizeof g.inspace);
  buf_init(&g.out, 1, g.outspace, sizeof g.outspace);
  g.in.timeout = TIMEOUT;
  g.out.timeout = TIMEOUT;
  setup();
  g.pack.start = start;
  g.pack.put = put;
  g.pack.maxrcpts = LIM_QM_RCPTS;
  g.addr.max = LIM_ADDR + 1;     /* and its NUL */
  while ((r = qmpack_qmtp(&g.in, &g.pack)) == 1) package();
  if (r == -1) die_read();
  return EX_OK;
}
