/* qmail-qmqpd - receive a message by QMQP and hand it to qmail-queue
 * runs as: qmaild (tcpserver -u); no privilege, writes no files
 * reads:   one QMQP message on fd 0, the response on fd 1; TCPREMOTEIP
 * trusts:  its clients, whom tcprules must choose: QMQP relays
 *          anywhere, and the envelope is taken as it is sent
 * parses:  the netstrings of the message (qmpack), strictly; the text
 *          is streamed to qmail-queue and never held
 *
 * One message per connection, one response, then exit. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "auto_qmail.h"
#include "bounds.h"
#include "buf.h"
#include "date822.h"
#include "err.h"
#include "exitcode.h"
#include "fd.h"
#include "fmt.h"
#include "netstring.h"
#include "qmpack.h"
#include "qq.h"
#include "sa.h"
#include "sig.h"

const char *prog = "qmail-qmqpd";

/* QMQP: "a session should take at most 1 hour"; each read or write
 * gets this long */
#define TIMEOUT 1200

static struct {
  struct buf in;
  char inspace[65536];
  struct buf out;
  char outspace[BUF_SIZE];
  const char *remoteip;
  struct qmpack pack;
  struct qq qq;
  int qqopen;
  struct sa answer;
} g;

/* respond - the one response, then exit */
static void respond(const char *text, int code)
{
  struct sa ns = SA_ZERO;

  if (ns_put(&ns, text, strlen(text)))
    if (buf_putsa(&g.out, &ns)) buf_flush(&g.out);
  _exit(code);
}

static void die_read(void)
{
  if (g.qqopen) qq_abandon(&g.qq);
  if (errno == EPROTO || errno == E2BIG) {
    warn_say("protocol error from ", g.remoteip, ": ",
             errno == E2BIG ? "netstring over its limit" : "bad netstring");
    _exit(EX_PERM);
  }
  if (errno == ENOMEM) respond("Zout of memory (#4.3.0)", EX_TEMP);
  _exit(EX_TEMP);
}

/* start - qmail-queue, and the Received field qmail-qmqpd writes */
static void start(void *ctx, size_t msglen)
{
  char num[FMT_ULONG];
  char date[DATE822_LEN];

  (void)ctx;
  (void)msglen;
  g.qqopen = qq_open(&g.qq, auto_qmail) == 0;
  if (!g.qqopen) return;
  qq_puts(&g.qq, "Received: (qmail ");
  qq_put(&g.qq, num, fmt_ulong(num, qq_qp(&g.qq)));
  qq_puts(&g.qq, " invoked from network); ");
  qq_put(&g.qq, date, date822_fmt(date, time(0)));
  qq_puts(&g.qq, "\n");
}

static void put(void *ctx, const char *p, size_t n)
{
  (void)ctx;
  if (g.qqopen) qq_put(&g.qq, p, n);
}

/* refusal - why the whole message is refused, or 0 */
static const char *refusal(void)
{
  size_t i;

  if (g.pack.senderbad) return "Dsender address too long or holds a NUL (#5.1.7)";
  if (g.pack.nrcpts == 0) return "Dno recipients (#5.1.3)";
  if (g.pack.extra) return "Dtoo many recipients (#5.5.3)";
  for (i = 0; i < g.pack.rcpts.len; i += strlen(g.pack.rcpts.s + i) + 1)
    if (g.pack.rcpts.s[i] != QMPACK_OK)
      return "Drecipient address too long or holds a NUL (#5.1.3)";
  return 0;
}

/* queue - the envelope to qmail-queue; its answer */
static void queue(void)
{
  const char *no = refusal();
  unsigned long qp = qq_qp(&g.qq);
  char num[FMT_ULONG];
  size_t i;

  if (no) qq_fail(&g.qq);
  qq_from(&g.qq, g.pack.sender.s);
  for (i = 0; i < g.pack.rcpts.len; i += strlen(g.pack.rcpts.s + i) + 1)
    qq_to(&g.qq, g.pack.rcpts.s + i + 1);
  g.qqopen = 0;
  if (qq_close(&g.qq, &g.answer) == 0) {
    if (!sa_copys(&g.answer, "Kok ") ||
        !sa_catb(&g.answer, num, fmt_ulong(num, (unsigned long)time(0))) ||
        !sa_cats(&g.answer, " qp ") ||
        !sa_catb(&g.answer, num, fmt_ulong(num, qp)) || !sa_0(&g.answer))
      respond("Zout of memory (#4.3.0)", EX_TEMP);
    respond(g.answer.s, EX_OK);
  }
  if (no) respond(no, EX_PERM);
  if (g.answer.len < 2 || !sa_0(&g.answer))
    respond("Zqq failure (#4.3.0)", EX_TEMP);
  respond(g.answer.s, g.answer.s[0] == 'D' ? EX_PERM : EX_TEMP);
}

int main(void)
{
  prog = "qmail-qmqpd";
  if (fd_ensure012() == -1) _exit(EX_TEMP);
  sig_ignore(SIGPIPE);
  buf_init(&g.in, 0, g.inspace, sizeof g.inspace);
  buf_init(&g.out, 1, g.outspace, sizeof g.outspace);
  g.in.timeout = TIMEOUT;
  g.out.timeout = TIMEOUT;
  g.remoteip = getenv("TCPREMOTEIP");
  if (!g.remoteip) g.remoteip = "unknown";
  if (chdir(auto_qmail) == -1) die_tempsys("unable to chdir to ", auto_qmail);
  g.pack.start = start;
  g.pack.put = put;
  g.pack.maxrcpts = LIM_QM_RCPTS;
  if (qmpack_qmqp(&g.in, &g.pack) == -1) die_read();
  if (!g.qqopen) respond("Zqq failure: unable to start qmail-queue (#4.3.0)",
                         EX_TEMP);
  queue();
  return EX_OK;
}
