/* qmail-smtpd-auth - SMTP AUTH (RFC 4954) for qmail-smtpd: PLAIN,
 * LOGIN and CRAM-MD5, checked by a checkpassword program
 * runs as: qmaild, inside qmail-smtpd; forks the checkpassword program
 *          named on qmail-smtpd's command line, which runs as qmaild too
 * reads:   the client's AUTH exchange on fd 0; SMTPAUTH
 * trusts:  the checkpassword program's exit code (0 yes, 1 no, other
 *          codes: try later) and nothing else it does; nothing the
 *          client sends
 * parses:  the AUTH argument and the base64 responses (smtpauth.h)
 *
 * SECURITY: the password lives in four places, each wiped once the
 * checkpassword program has its copy: the input buffer's consumed
 * bytes, the response line, the decoded response, and the fd 3 data.
 * It is never logged.  The checkpassword program gets /dev/null as
 * fd 0 and the log as fd 1, so neither it nor its subprogram ever sees
 * the client.  root (any case, with or without a domain) is refused
 * before any program runs. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "base64.h"
#include "bounds.h"
#include "buf.h"
#include "checkpw.h"
#include "err.h"
#include "exitcode.h"
#include "logsafe.h"
#include "qmail-smtpd.h"
#include "sa.h"
#include "smtpauth.h"
#include "wait.h"

/* seconds to wait after a refused login, to slow a password guesser */
#define AUTH_FAILDELAY 2

/* the decoded response: 3 bytes for 4 of a line of LIM_SMTP_LINE */
#define DECODED_MAX (LIM_SMTP_LINE / 4 * 3)

static struct {
  char **checkpw;             /* 0: AUTH is off */
  int mechs;                  /* SMTPAUTH_ mask */
  struct sa offer;            /* "PLAIN LOGIN ..." */
  const char *hostname;
  const char *remoteip;
  int done;                   /* authenticated */
  unsigned fails;
  unsigned long challenges;
  struct buf *in;
  struct buf *out;
  struct sa line;             /* a response */
  struct sa fd3;              /* name NUL secret NUL stamp NUL */
  struct sa challenge;
  char decoded[DECODED_MAX];
  size_t decodedlen;
  char name[DECODED_MAX];     /* LOGIN's name, while the password comes */
} a;

static void out(const char *s)
{
  if (!buf_puts(a.out, s)) _exit(EX_TEMP);  /* the peer is gone */
}

static void flush(void)
{
  if (!buf_flush(a.out)) _exit(EX_TEMP);
}

/* forget - wipe every copy of what the client sent */
static void forget(void)
{
  checkpw_wipe(a.in->x, a.in->p);         /* consumed bytes only */
  checkpw_wipesa(&a.line);
  checkpw_wipesa(&a.fd3);
  checkpw_wipe(a.decoded, sizeof a.decoded);
  checkpw_wipe(a.name, sizeof a.name);
}

static void bye(const char *reply)
{
  forget();
  out(reply);
  flush();
  _exit(EX_TEMP);
}

static void die_nomem(void)
{
  bye("421 4.3.0 out of memory\r\n");
}

int auth_setup(char **argv, struct buf *in, struct buf *outbuf,
               const char *hostname, const char *remoteip)
{
  const char *v = getenv("SMTPAUTH");
  size_t i;
  static const struct { int mech; const char *name; } names[] = {
    { SMTPAUTH_PLAIN, "PLAIN" }, { SMTPAUTH_LOGIN, "LOGIN" },
    { SMTPAUTH_CRAM, "CRAM-MD5" }, { 0, 0 }
  };

  a.in = in;
  a.out = outbuf;
  a.hostname = hostname;
  a.remoteip = remoteip;
  a.line.max = LIM_SMTP_LINE;
  a.fd3.max = LIM_CHECKPW;
  if (!argv[0] || !v) return 1;           /* AUTH off */
  if (!smtpauth_mechs(v, &a.mechs)) return 0;
  for (i = 0; names[i].name; ++i) {
    if (!(a.mechs & names[i].mech)) continue;
    if ((a.offer.len && !sa_cats(&a.offer, " ")) ||
        !sa_cats(&a.offer, names[i].name))
      die_nomem();
  }
  if (!sa_0(&a.offer)) die_nomem();
  a.checkpw = argv;
  return 1;
}

const char *auth_offer(void)
{
  return a.checkpw ? a.offer.s : 0;
}

/* the outcomes of an exchange */
#define AUTH_OK 0
#define AUTH_CANCEL 1      /* the client sent "*" */
#define AUTH_BADB64 2      /* not base64, or a line too long */
#define AUTH_BAD 3         /* base64, but not what the mechanism wants */
#define AUTH_NO 4          /* refused: root, too long, or checkpassword */
#define AUTH_TEMP 5        /* checkpassword could not decide */

/* getresponse - read a response line and decode it into a.decoded */
static int getresponse(void)
{
  int r;

  flush();
  r = buf_getlinecap(a.in, &a.line, LIM_SMTP_LINE);
  if (r == BUF_TOOLONG) return AUTH_BADB64;
  if (r == 1) {
    r = smtpauth_response(a.line.s, a.line.len, a.decoded,
                          sizeof a.decoded, &a.decodedlen);
    return r == SMTPAUTH_OK ? AUTH_OK : r == SMTPAUTH_CANCEL ? AUTH_CANCEL
                                                          : AUTH_BADB64;
  }
  if (r == -1 && errno == ETIMEDOUT) bye("451 4.4.2 timeout\r\n");
  forget();
  _exit(EX_TEMP);                 /* end of file, or the client is gone */
}

/* ask - a 334 challenge (already in base64), and the response */
static int ask(const char *b64, size_t n)
{
  out("334 ");
  if (!buf_put(a.out, b64, n)) _exit(EX_TEMP);
  out("\r\n");
  return getresponse();
}

/* first - the initial response if there is one, else a 334 with an
 * empty challenge's answer */
static int first(const struct smtpauth_cmd *c, const char *b64)
{
  if (!c->hasinitial) return ask(b64, strlen(b64));
  if (!base64_decode(c->initial, c->initiallen, a.decoded,
                     sizeof a.decoded, &a.decodedlen))
    return AUTH_BADB64;
  return AUTH_OK;
}

/* logsay - an info line about the name given; never the secret */
static void logsay(const char *what, const char *mech, const char *name,
                   size_t n)
{
  struct sa safe = SA_ZERO;

  if (n > 100) n = 100;
  if (!log_safe(&safe, name, n) || !sa_0(&safe)) die_nomem();
  info_say("auth ", what, " mech=", mech, " user=", safe.s, " remote=",
           a.remoteip);
  sa_free(&safe);
}

/* verify - ask the checkpassword program about name, secret and stamp
 * (CONTRACT: the checkpassword interface; for CRAM-MD5 the fields are
 * name, challenge, digest, as cmd5checkpw reads them) */
static int verify(const char *mech, const char *name, size_t namelen,
                  const char *f2, size_t f2len, const char *f3,
                  size_t f3len)
{
  pid_t pid;
  int status;
  int code;

  /* SECURITY: root never logs in by SMTP, whatever its password */
  if (smtpauth_isroot(name, namelen) || memchr(name, 0, namelen) ||
      memchr(f2, 0, f2len)) {
    logsay("refused", mech, name, namelen);
    return AUTH_NO;
  }
  a.fd3.len = 0;
  if (!sa_catb(&a.fd3, name, namelen) || !sa_0(&a.fd3) ||
      !sa_catb(&a.fd3, f2, f2len) || !sa_0(&a.fd3) ||
      !sa_catb(&a.fd3, f3, f3len) || !sa_0(&a.fd3)) {
    if (errno != E2BIG) die_nomem();
    logsay("refused", mech, name, namelen);
    return AUTH_NO;
  }
  pid = checkpw_start(a.checkpw, a.fd3.s, a.fd3.len, CHECKPW_QUIET);
  checkpw_wipesa(&a.fd3);
  if (pid == -1) {
    warn_sys("unable to run the checkpassword program");
    return AUTH_TEMP;
  }
  if (wait_pid(pid, &status) == -1) {
    warn_sys("unable to wait for the checkpassword program");
    return AUTH_TEMP;
  }
  code = wait_exitcode(status);
  if (code == 0) {
    logsay("success", mech, name, namelen);
    return AUTH_OK;
  }
  if (code == 1) {
    logsay("failure", mech, name, namelen);
    return AUTH_NO;
  }
  logsay("deferred", mech, name, namelen);
  return AUTH_TEMP;
}

static int plain(const struct smtpauth_cmd *c)
{
  struct smtpauth_creds cr;
  int r = first(c, "");

  if (r != AUTH_OK) return r;
  r = smtpauth_plain(a.decoded, a.decodedlen, &cr);
  if (r == -1) return AUTH_BAD;
  if (r == 0) {
    logsay("refused", "PLAIN", cr.name, cr.namelen);
    return AUTH_NO;
  }
  return verify("PLAIN", cr.name, cr.namelen, cr.secret, cr.secretlen,
                "", 0);
}

static int login(const struct smtpauth_cmd *c)
{
  size_t namelen;
  int r = first(c, "VXNlcm5hbWU6");          /* "Username:" */

  if (r != AUTH_OK) return r;
  if (a.decodedlen == 0) return AUTH_BAD;
  namelen = a.decodedlen;
  memcpy(a.name, a.decoded, namelen);
  r = ask("UGFzc3dvcmQ6", 12);                 /* "Password:" */
  if (r != AUTH_OK) return r;
  if (a.decodedlen == 0) return AUTH_BAD;
  return verify("LOGIN", a.name, namelen, a.decoded, a.decodedlen, "", 0);
}

/* cram - CRAM-MD5 (RFC 2195): the challenge is qmail-popup's kind of
 * timestamp, with a count, so that no two in a session are alike */
static int cram(void)
{
  struct smtpauth_creds cr;
  struct sa enc = SA_ZERO;
  size_t n;
  int r;

  a.challenge.max = LIM_CHECKPW / 2;
  if (!sa_copys(&a.challenge, "<") ||
      !sa_catulong(&a.challenge, (unsigned long)getpid()) ||
      !sa_cats(&a.challenge, ".") ||
      !sa_catulong(&a.challenge, (unsigned long)time(0)) ||
      !sa_cats(&a.challenge, ".") ||
      !sa_catulong(&a.challenge, ++a.challenges) ||
      !sa_cats(&a.challenge, "@") || !sa_cats(&a.challenge, a.hostname) ||
      !sa_cats(&a.challenge, ">")) {
    if (errno != E2BIG) die_nomem();
    warn_say("host name too long for a CRAM-MD5 challenge");
    return AUTH_TEMP;
  }
  if (!base64_enclen(a.challenge.len, &n) || !sa_ready(&enc, n))
    die_nomem();
  enc.len = base64_encode(a.challenge.s, a.challenge.len, enc.s);
  r = ask(enc.s, enc.len);
  sa_free(&enc);
  if (r != AUTH_OK) return r;
  if (!smtpauth_cram(a.decoded, a.decodedlen, &cr)) return AUTH_BAD;
  return verify("CRAM-MD5", cr.name, cr.namelen, a.challenge.s,
                a.challenge.len, cr.secret, cr.secretlen);
}

/* failed - one more failure: its reply, or 421 at the limit */
static void failed(const char *reply, int slow)
{
  forget();
  if (slow) {
    flush();
    sleep(AUTH_FAILDELAY);
  }
  if (++a.fails >= LIM_AUTH_FAILS)
    bye("421 4.7.0 too many failed authentication attempts\r\n");
  out(reply);
}

int auth_command(const char *arg, size_t n)
{
  struct smtpauth_cmd c;
  int r;

  if (a.done) {
    out("503 5.5.1 already authenticated\r\n");
    return 0;
  }
  smtpauth_command(arg, n, &c);
  if (c.mech == SMTPAUTH_SYNTAX) {
    out("501 5.5.4 syntax: AUTH mechanism [initial-response]\r\n");
    return 0;
  }
  if (!(c.mech & a.mechs)) {
    out("504 5.5.4 unrecognized authentication type\r\n");
    return 0;
  }
  if (c.mech == SMTPAUTH_PLAIN) r = plain(&c);
  else if (c.mech == SMTPAUTH_LOGIN) r = login(&c);
  else r = c.hasinitial ? AUTH_BAD : cram();  /* RFC 2195: none */
  forget();
  switch (r) {
  case AUTH_OK:
    a.done = 1;
    out("235 2.7.0 authentication successful\r\n");
    return 1;
  case AUTH_CANCEL: failed("501 5.0.0 AUTH cancelled\r\n", 0); break;
  case AUTH_BADB64: failed("501 5.5.2 malformed base64\r\n", 0); break;
  case AUTH_BAD: failed("501 5.5.2 malformed AUTH response\r\n", 0); break;
  case AUTH_NO:
    failed("535 5.7.8 authentication credentials invalid\r\n", 1);
    break;
  default: out("454 4.7.0 temporary authentication failure\r\n"); break;
  }
  return 0;
}
