/* qmail-popup - read a POP3 name and password, then run a checkpassword
 * runs as: whoever tcpserver runs it as (often root, so that the
 *          checkpassword program can become the user); writes no files
 * reads:   POP3 commands on fd 0, replies on fd 1
 * trusts:  its command line; nothing the client sends
 * parses:  command lines before login (pop3cmd): USER, PASS, APOP,
 *          NOOP, QUIT
 *
 * It holds no privilege of its own and uses none: it only reads lines,
 * and hands "name\0password\0timestamp\0" to the checkpassword program
 * on fd 3 (cr.yp.to/checkpwd/interface.html), which decides.  After a
 * successful login the checkpassword program's child (qmail-pop3d)
 * talks to the client; qmail-popup waits and reports only a failure. */
#include <errno.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "bounds.h"
#include "buf.h"
#include "checkpw.h"
#include "err.h"
#include "exitcode.h"
#include "fd.h"
#include "pop3cmd.h"
#include "sa.h"
#include "sig.h"
#include "wait.h"

const char *prog = "qmail-popup";

/* qmail's idle timeout: 20 minutes for each command */
#define TIMEOUT 1200
/* seconds to wait after a failed login, to slow a password guesser */
#define FAILDELAY 5

static struct {
  struct buf in;
  char inspace[BUF_SIZE];
  struct buf out;
  char outspace[BUF_SIZE];
  struct sa line;
  struct sa user;
  struct sa stamp;        /* <pid.time@hostname> */
  struct sa fd3;          /* name NUL password NUL timestamp NUL */
  char *const *subprogram;
} g;

static void out(const char *s)
{
  if (!buf_puts(&g.out, s)) _exit(EX_TEMP);   /* the client is gone */
}

static void flush(void)
{
  if (!buf_flush(&g.out)) _exit(EX_TEMP);
}

static void quit(const char *reply, int code)
{
  out(reply);
  flush();
  _exit(code);
}

static void die_nomem(void)
{
  alert_say("out of memory");
  quit("-ERR [SYS/TEMP] out of memory\r\n", EX_TEMP);
}

static void setup(const char *hostname)
{
  g.line.max = LIM_POP3_LINE;
  g.stamp.max = LIM_CHECKPW;
  if (!sa_copys(&g.stamp, "<") ||
      !sa_catulong(&g.stamp, (unsigned long)getpid()) ||
      !sa_cats(&g.stamp, ".") ||
      !sa_catulong(&g.stamp, (unsigned long)time(0)) ||
      !sa_cats(&g.stamp, "@") || !sa_cats(&g.stamp, hostname) ||
      !sa_cats(&g.stamp, ">")) {
    if (errno == E2BIG) die_usage("qmail-popup hostname subprogram ...");
    die_nomem();
  }
}

/* fill - the checkpassword input; 0 if it would pass LIM_CHECKPW */
static int fill(const char *name, size_t namelen, const char *pass,
                size_t passlen)
{
  g.fd3.len = 0;
  g.fd3.max = LIM_CHECKPW;
  if (sa_catb(&g.fd3, name, namelen) && sa_0(&g.fd3) &&
      sa_catb(&g.fd3, pass, passlen) && sa_0(&g.fd3) &&
      sa_cat(&g.fd3, &g.stamp) && sa_0(&g.fd3))
    return 1;
  if (errno != E2BIG) die_nomem();
  return 0;
}

/* wipe - forget the password before anything else happens */
static void wipe(void)
{
  checkpw_wipesa(&g.fd3);
  checkpw_wipesa(&g.line);
}

/* login - run the checkpassword program on g.fd3 and end with it.
 * CONTRACT: checkpassword exits 1 for a refused login and 111 for a
 * temporary problem; qmail-pop3d exits 0 after QUIT, 100 if it will
 * not serve (run as root) and 111 when it fails.  Once it has said
 * +OK the client has its answers, so a line written after its failure
 * only reaches a session that is over anyway. */
static void login(void)
{
  pid_t pid;
  int status;
  int code;

  flush();
  /* the child keeps fds 0 and 1: qmail-pop3d talks to the client */
  pid = checkpw_start(g.subprogram, g.fd3.s, g.fd3.len, 0);
  wipe();
  if (pid == -1)
    quit("-ERR [SYS/TEMP] unable to run the checkpassword program\r\n",
         EX_TEMP);
  if (wait_pid(pid, &status) == -1)
    quit("-ERR [SYS/TEMP] unable to wait for the child\r\n", EX_TEMP);
  code = wait_exitcode(status);
  if (code == 0) _exit(EX_OK);
  if (code == -1) {
    warn_say("the checkpassword program crashed");
    quit("-ERR [SYS/TEMP] aack, child crashed\r\n", EX_TEMP);
  }
  if (code == EX_TEMP)
    quit("-ERR [SYS/TEMP] temporary failure, try again later\r\n", EX_TEMP);
  sleep(FAILDELAY);
  quit("-ERR [AUTH] authorization failed\r\n", EX_PERM);
}

static void pop_user(const struct pop3cmd *c)
{
  if (!c->arglen) {
    out("-ERR USER needs a name\r\n");
    return;
  }
  g.user.max = LIM_POP3_LINE;
  if (!sa_copyb(&g.user, c->arg, c->arglen)) die_nomem();
  out("+OK \r\n");
}

static void pop_pass(const struct pop3cmd *c)
{
  if (!g.user.len) {
    out("-ERR USER first\r\n");
    return;
  }
  if (!fill(g.user.s, g.user.len, c->arg, c->arglen)) {
    out("-ERR name and password too long\r\n");
    return;
  }
  login();
}

static void pop_apop(const struct pop3cmd *c)
{
  size_t namelen;
  const char *digest;
  size_t digestlen;

  if (!pop3cmd_apop(c->arg, c->arglen, &namelen, &digest, &digestlen)) {
    out("-ERR APOP needs a name and a digest\r\n");
    return;
  }
  if (!fill(c->arg, namelen, digest, digestlen)) {
    out("-ERR name and digest too long\r\n");
    return;
  }
  login();
}

/* getcmd - the next command line: 1, or 0 at end of file */
static int getcmd(void)
{
  for (;;) {
    flush();
    switch (buf_getlinecap(&g.in, &g.line, LIM_POP3_LINE)) {
    case 1: return 1;
    case 0: return 0;
    case BUF_TOOLONG: out("-ERR line too long\r\n"); break;
    case BUF_TOOLONGEOF: quit("-ERR line too long\r\n", EX_OK); break;
    default: _exit(EX_TEMP);                /* timeout or gone */
    }
  }
}

static void command(void)
{
  struct pop3cmd c;

  switch (pop3cmd_parse(g.line.s, g.line.len, &c)) {
  case POP3CMD_USER: pop_user(&c); break;
  case POP3CMD_PASS: pop_pass(&c); break;
  case POP3CMD_APOP: pop_apop(&c); break;
  case POP3CMD_NOOP: out("+OK \r\n"); break;
  case POP3CMD_QUIT: quit("+OK \r\n", EX_OK); break;
  case POP3CMD_BAD: out("-ERR NUL byte in command\r\n"); break;
  default: out("-ERR authorization first\r\n"); break;
  }
}

int main(int argc, char **argv)
{
  prog = "qmail-popup";
  if (fd_ensure012() == -1) _exit(EX_TEMP);
  sig_ignore(SIGPIPE);
  if (argc < 3 || !argv[1][0])
    die_usage("qmail-popup hostname subprogram ...");
  g.subprogram = argv + 2;
  buf_init(&g.in, 0, g.inspace, sizeof g.inspace);
  buf_init(&g.out, 1, g.outspace, sizeof g.outspace);
  g.in.timeout = TIMEOUT;
  g.out.timeout = TIMEOUT;
  setup(argv[1]);
  out("+OK ");
  if (!buf_putsa(&g.out, &g.stamp)) _exit(EX_TEMP);
  out("\r\n");
  while (getcmd()) command();
  return EX_OK;
}
