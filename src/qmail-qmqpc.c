/* qmail-qmqpc - give a message to a QMQP server, in place of qmail-queue
 * runs as: the caller (qmail-inject, sendmail, or as $QMAILQUEUE);
 *          no privilege, writes no files
 * reads:   the message on fd 0 and the envelope on fd 1, as
 *          qmail-queue does; control/qmqpservers; the server's response
 * trusts:  the servers in control/qmqpservers, to queue what it sends
 * parses:  the envelope (capped as qmail-queue caps it) and the one
 *          response netstring (capped)
 *
 * The message is held in memory, since its length opens the QMQP
 * netstring; it is capped at LIM_NETSTRING.  The servers are tried in
 * order; any failure to talk to one moves on to the next, and when
 * none answers the exit is temporary, so the caller keeps the message. */
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include "auto_qmail.h"
#include "bounds.h"
#include "buf.h"
#include "ctl.h"
#include "dial.h"
#include "err.h"
#include "fd.h"
#include "fmt.h"
#include "logsafe.h"
#include "netstring.h"
#include "qqexit.h"
#include "sa.h"
#include "scan.h"
#include "sig.h"
#include "str.h"
#include "sz.h"

const char *prog = "qmail-qmqpc";

#define PORT_QMQP 628
/* qmail-qmqpc's deadlines: to connect, and for each read or write */
#define TIMEOUT_CONNECT 10
#define TIMEOUT_DATA 60
/* a whole envelope: a sender and LIM_QM_RCPTS recipients, each with
 * its letter and NUL, and the last NUL */
#define LIM_ENVELOPE ((LIM_ADDR + 2) * (LIM_QM_RCPTS + 1) + 1)

static struct {
  struct sa message;
  struct sa envelope;      /* as read: Fsender NUL (Trecipient NUL)* NUL */
  size_t nrcpts;
  struct sa servers;
  struct sa ip;
  struct buf net;
  char netspace[BUF_SIZE];
  struct sa response;
  struct sa safe;          /* the response's text, for the log */
  int failure;             /* errno of the last server that failed */
} g;

static void die(int code, const char *text)
{
  err_die(code, 0, ERR_V(text));
}

static void die_nomem(void)
{
  die(QQ_NOMEM, "out of memory");
}

/* -- the message and the envelope */

/* slurp - all of fd into x (whose max is set); 1, or 0 with errno */
static int slurp(int fd, struct sa *x)
{
  char chunk[BUF_SIZE];
  ssize_t r;

  for (;;) {
    r = read(fd, chunk, sizeof chunk);
    if (r == -1 && errno == EINTR) continue;
    if (r == -1) return 0;
    if (r == 0) return 1;
    if (!sa_catb(x, chunk, (size_t)r)) return 0;
  }
}

static void getmessage(void)
{
  g.message.max = LIM_NETSTRING;
  if (slurp(0, &g.message)) return;
  if (errno == ENOMEM) die_nomem();
  if (errno == E2BIG) die(QQ_REFUSED, "message too big for QMQP");
  err_die(QQ_READ, 1, ERR_V("unable to read the message"));
}

/* getenvelope - the envelope from fd 1, checked as qmail-queue checks
 * it: an F record, T records, an empty record, nothing after */
static void getenvelope(void)
{
  size_t i = 0;
  size_t n;
  int first = 1;

  g.envelope.max = LIM_ENVELOPE;
  if (!slurp(1, &g.envelope)) {
    if (errno == ENOMEM) die_nomem();
    if (errno == E2BIG) die(QQ_ADDR_TOOLONG, "envelope too big");
    err_die(QQ_READ, 1, ERR_V("unable to read the envelope"));
  }
  for (;;) {
    if (i == g.envelope.len) die(QQ_INTERNAL, "envelope format error");
    n = strnlen(g.envelope.s + i, g.envelope.len - i);
    if (i + n == g.envelope.len) die(QQ_INTERNAL, "envelope format error");
    if (n == 0) break;
    if (g.envelope.s[i] != (first ? 'F' : 'T'))
      die(QQ_INTERNAL, "envelope format error");
    if (n - 1 > LIM_ADDR) die(QQ_ADDR_TOOLONG, "address too long");
    if (!first && ++g.nrcpts > LIM_QM_RCPTS)
      die(QQ_REFUSED, "too many recipients");
    first = 0;
    i += n + 1;
  }
  if (i + 1 != g.envelope.len || first || g.nrcpts == 0)
    die(QQ_INTERNAL, "envelope format error");
}

/* -- the QMQP body */

/* nslen - bytes of the netstring of n bytes, added to *total */
static int nslen(size_t *total, size_t n)
{
  char num[FMT_ULONG];
  return sz_add3(total, *total, fmt_ulong(num, (unsigned long)n), n) &&
         sz_add(total, *total, 2);
}

static int putlen(size_t n)
{
  char num[FMT_ULONG];
  return buf_put(&g.net, num, fmt_ulong(num, (unsigned long)n)) &&
         buf_put(&g.net, ":", 1);
}

static int putns(const char *p, size_t n)
{
  return putlen(n) && buf_put(&g.net, p, n) && buf_put(&g.net, ",", 1);
}

/* bodylen - the length of the one netstring's payload */
static size_t bodylen(void)
{
  size_t total = 0;
  size_t i;
  size_t n;

  if (!nslen(&total, g.message.len)) die(QQ_REFUSED, "message too big");
  for (i = 0; (n = strlen(g.envelope.s + i)) > 0; i += n + 1)
    if (!nslen(&total, n - 1)) die(QQ_REFUSED, "message too big");
  if (total > LIM_NETSTRING) die(QQ_REFUSED, "message too big for QMQP");
  return total;
}

/* send - the body to the server; 1, or 0 with errno */
static int sendbody(size_t total)
{
  size_t i;
  size_t n;

  if (!putlen(total) || !putns(g.message.s, g.message.len)) return 0;
  for (i = 0; (n = strlen(g.envelope.s + i)) > 0; i += n + 1)
    if (!putns(g.envelope.s + i + 1, n - 1)) return 0;
  return buf_put(&g.net, ",", 1) && buf_flush(&g.net);
}

/* -- the servers */

/* server - a line of qmqpservers: "ip", "ip:port" (IPv4), or
 * "[ip]:port"; an IPv6 address alone has more than one ':' */
static int server(const char *line, unsigned long *port)
{
  size_t len = strlen(line);
  size_t colon = byte_rchr(line, len, ':');
  size_t iplen = len;
  size_t p = PORT_QMQP;

  if (line[0] == '[') {
    size_t end = byte_chr(line, len, ']');
    if (end == len) return 0;
    if (end + 1 < len && (line[end + 1] != ':' ||
        !scan_size(line + end + 2, &p, 65535)))
      return 0;
    line += 1;
    iplen = end - 1;
  } else if (colon < len && byte_chr(line, len, ':') == colon) {
    if (!scan_size(line + colon + 1, &p, 65535)) return 0;
    iplen = colon;
  }
  *port = p;
  return sa_copyb(&g.ip, line, iplen) && sa_0(&g.ip);
}

/* try - one server: the exit code its answer calls for, or -1 */
static int try(const char *line, size_t total)
{
  unsigned long port;
  int fd;
  int r;

  if (!server(line, &port)) {
    g.failure = EINVAL;
    warn_say("bad line in control/qmqpservers: ", line);
    return -1;
  }
  fd = dial_tcp(g.ip.s, port, TIMEOUT_CONNECT);
  if (fd == -1) {
    g.failure = errno;
    warn_sys("unable to connect to ", line);
    return -1;
  }
  buf_init(&g.net, fd, g.netspace, sizeof g.netspace);
  g.net.timeout = TIMEOUT_DATA;
  r = sendbody(total);
  if (r) {
    buf_init(&g.net, fd, g.netspace, sizeof g.netspace);
    g.net.timeout = TIMEOUT_DATA;
    r = ns_read(&g.net, &g.response, LIM_QQ_TEXT);
  }
  close(fd);
  if (r != 1 || g.response.len == 0 || (g.response.s[0] != 'K' &&
      g.response.s[0] != 'Z' && g.response.s[0] != 'D')) {
    if (r == 1 || r == 0) errno = EPROTO;
    g.failure = errno;
    warn_sys("no valid response from ", line);
    return -1;
  }
  if (g.response.s[0] == 'K') return QQ_OK;
  /* SECURITY: the server's text goes to the caller's log: one line */
  g.safe.len = 0;
  if (!log_safe(&g.safe, g.response.s + 1, g.response.len - 1) ||
      !sa_0(&g.safe))
    die_nomem();
  warn_say(line, " says: ", g.safe.s);
  return g.response.s[0] == 'D' ? QQ_REFUSED : QQ_TEMP;
}

int main(void)
{
  size_t total;
  size_t i;
  int r;

  prog = "qmail-qmqpc";
  if (fd_ensure012() == -1) _exit(QQ_READ);
  sig_ignore(SIGPIPE);
  if (chdir(auto_qmail) == -1) _exit(QQ_HOME);
  r = ctl_readlist("control/qmqpservers", &g.servers);
  if (r == -1)
    err_die(QQ_CONFIG, 1, ERR_V("unable to read control/qmqpservers"));
  if (g.servers.len == 0) die(QQ_CONFIG, "no servers in control/qmqpservers");
  getmessage();
  getenvelope();
  total = bodylen();
  g.response.max = LIM_QQ_TEXT;
  for (i = 0; i < g.servers.len; i += strlen(g.servers.s + i) + 1) {
    r = try(g.servers.s + i, total);
    if (r != -1) _exit(r);
  }
  if (g.failure == ETIMEDOUT) _exit(QQ_CONNTIMEOUT);
  if (g.failure == ECONNREFUSED) _exit(QQ_CONNREFUSED);
  _exit(QQ_CONNFAIL);
}
