/* qmail-inject - preprocess a mail message and queue it
 * runs as: the invoking user, any user; no privilege, writes no files
 * reads:   a message on fd 0; control/me defaulthost defaultdomain
 *          plusdomain idhost; the file $QMAILMFTFILE names
 * trusts:  nothing: the message, the arguments and the environment
 *          are the invoking user's, and all of it stays theirs
 * parses:  the header of the message and addresses on the command line
 *          and in the environment (hdr822); the body is streamed as
 *          it is, never held */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "auto_qmail.h"
#include "bounds.h"
#include "buf.h"
#include "constmap.h"
#include "ctl.h"
#include "err.h"
#include "exitcode.h"
#include "fd.h"
#include "hdr822.h"
#include "logsafe.h"
#include "qmail-inject.h"
#include "qq.h"
#include "sa.h"
#include "sig.h"
#include "str.h"

const char *prog = "qmail-inject";

#define RECIP_DEFAULT 0   /* -A: the arguments, or the header if none */
#define RECIP_ARGS 1      /* -a */
#define RECIP_HEADER 2    /* -h */
#define RECIP_BOTH 3      /* -H */

static struct {
  struct inject x;
  int strategy;
  int queue;              /* 0 with -n: print instead */
  const char *fsender;    /* -f */
  char **args;            /* the arguments after the options */
  struct sa me;
  struct sa ctl[4];       /* defaulthost defaultdomain plusdomain idhost */
  struct sa mftlist;
  struct constmap mft;
  struct buf in;
  char inspace[BUF_SIZE];
  struct buf out;         /* -n */
  char outspace[BUF_SIZE];
  struct qq qq;
  struct sa top;          /* the fields inject_finish adds */
  struct sa sep;          /* what ended the header */
  struct inject_list rcpts;   /* the envelope's */
} g;

static void usage(void)
{
  die_usage("qmail-inject [ -nNaAhH ] [ -fsender ] [ recip ... ]");
}

/* check - die in the class an inject_ function's result says */
static void check(int r)
{
  struct sa safe = SA_ZERO;

  if (r == 1) return;
  if (r == -1) temp_nomem();
  if (g.x.bad && !log_safe(&safe, g.x.bad, g.x.badlen > 200 ? 200
                                                          : g.x.badlen))
    temp_nomem();
  if (!sa_0(&safe)) temp_nomem();
  die_perm(g.x.why, safe.s);
}

static const char *envfirst(const char *const *names)
{
  for (; *names; ++names) {
    const char *v = getenv(*names);
    if (v) return v;
  }
  return 0;
}

/* environment - who the mail is from, and QMAILINJECT's letters */
static void environment(struct inject *x)
{
  static const char *const users[] = { "QMAILUSER", "MAILUSER", "USER",
                                       "LOGNAME", 0 };
  static const char *const hosts[] = { "QMAILHOST", "MAILHOST", 0 };
  static const char *const names[] = { "QMAILNAME", "MAILNAME", "NAME", 0 };
  const char *flags = getenv("QMAILINJECT");
  const char *v;

  for (; flags && *flags; ++flags)
    switch (*flags) {
    case 'c': x->namecomment = 1; break;
    case 's': x->killreturnpath = 1; break;
    case 'f': x->killfrom = 1; break;
    case 'i': x->killmsgid = 1; break;
    case 'r': x->verprecip = 1; break;
    case 'm': x->verpmess = 1; break;
    }
  x->mailhost = envfirst(hosts);
  v = envfirst(users);
  x->mailuser = v ? v : "anonymous";
  x->fullname = envfirst(names);
  v = getenv("QMAILSUSER");
  x->mailruser = v ? v : x->mailuser;
  v = getenv("QMAILSHOST");
  x->mailrhost = v ? v : x->mailhost;
}

static void options(int argc, char **argv)
{
  int i;

  g.strategy = RECIP_DEFAULT;
  g.queue = 1;
  g.fsender = 0;
  for (i = 1; i < argc; ++i) {
    const char *a = argv[i];
    size_t j;
    if (a[0] != '-' || !a[1]) break;
    if (str_equal(a, "--")) {
      ++i;
      break;
    }
    for (j = 1; a[j]; ++j) {
      switch (a[j]) {
      case 'a': g.strategy = RECIP_ARGS; continue;
      case 'A': g.strategy = RECIP_DEFAULT; continue;
      case 'h': g.strategy = RECIP_HEADER; continue;
      case 'H': g.strategy = RECIP_BOTH; continue;
      case 'n': g.queue = 0; continue;
      case 'N': g.queue = 1; continue;
      case 'f':
        if (a[j + 1]) g.fsender = a + j + 1;
        else if (i + 1 < argc) g.fsender = argv[++i];
        else usage();
        break;
      default:
        usage();
      }
      break;                               /* -f took the rest */
    }
  }
  g.args = argv + i;
  if (g.strategy == RECIP_DEFAULT)
    g.strategy = *g.args ? RECIP_ARGS : RECIP_HEADER;
}

/* mft - the mailing lists of $QMAILMFTFILE, read before the chdir so
 * that a relative name means what the user meant */
static void mft(struct inject *x)
{
  const char *fn = getenv("QMAILMFTFILE");
  int r;

  if (!fn) return;
  r = ctl_readlist(fn, &g.mftlist);
  if (r == -1) die_tempsys("unable to read ", fn);
  if (r == 0) return;
  if (!constmap_init(&g.mft, g.mftlist.s, g.mftlist.len, 0)) temp_nomem();
  x->mft = &g.mft;
}

/* control - a control file's first line, else control/me, else the
 * literal default; the environment variable overrides them all */
static const char *control(struct sa *line, const char *file,
                           const char *envname, const char *def)
{
  const char *v;
  int r = ctl_readline(file, line, 0);

  if (r == -1) die_tempsys("unable to read ", file);
  v = getenv(envname);
  if (v) return v;
  if (r == 1) return line->s;
  return g.me.len ? g.me.s : def;
}

static void controls(struct inject *x)
{
  int r = ctl_readline("control/me", &g.me, 0);

  if (r == -1) die_tempsys("unable to read control/me");
  if (r == 0) g.me.len = 0;
  x->q.defaulthost = control(&g.ctl[0], "control/defaulthost",
                             "QMAILDEFAULTHOST", "defaulthost");
  x->q.defaultdomain = control(&g.ctl[1], "control/defaultdomain",
                               "QMAILDEFAULTDOMAIN", "defaultdomain");
  x->q.plusdomain = control(&g.ctl[2], "control/plusdomain",
                            "QMAILPLUSDOMAIN", "plusdomain");
  x->idhost = control(&g.ctl[3], "control/idhost", "QMAILIDHOST", "idhost");
}

static void put(const char *p, size_t n)
{
  if (g.queue) qq_put(&g.qq, p, n);
  else if (!buf_put(&g.out, p, n)) die_tempsys("unable to write output");
}

static void putsa(const struct sa *x)
{
  put(x->s, x->len);
}

/* readheader - every field to inject_field; sep gets what ended the
 * header: the blank line, or a line that starts the body (with the
 * blank line qmail-inject puts before it), or nothing */
static void readheader(struct sa *sep)
{
  struct sa field = SA_ZERO;
  struct sa mbox = SA_ZERO;
  int r;

  for (;;) {
    r = hdr822_getfield(&g.in, &field, LIM_HEADER);
    if (r == -1 && errno == E2BIG) die_perm("header field too long");
    if (r == -1) die_tempsys("unable to read message");
    if (r == HDR822_END) {
      if (!sa_copy(sep, &field)) temp_nomem();
      break;
    }
    if (r == HDR822_OTHER) {
      if (field.len < 5 || memcmp(field.s, "From ", 5)) {
        if (!sa_copys(sep, "\n") || !sa_cat(sep, &field)) temp_nomem();
        break;
      }
      /* an mbox separator is kept, renamed, as qmail-inject does */
      if (!sa_copys(&mbox, "MBOX-Line: ") || !sa_cat(&mbox, &field))
        temp_nomem();
      if (hdr822_getcont(&g.in, &mbox, LIM_HEADER) == -1) {
        if (errno == E2BIG) die_perm("header field too long");
        die_tempsys("unable to read message");
      }
      check(inject_field(&g.x, mbox.s, mbox.len));
      continue;
    }
    check(inject_field(&g.x, field.s, field.len));
  }
  sa_free(&field);
  sa_free(&mbox);
}

/* body - the rest of fd 0, as it is; a last line gets its newline */
static void body(void)
{
  char last = '\n';
  int started = 0;

  for (;;) {
    ssize_t r = buf_feed(&g.in);
    if (r == -1) {
      int e = errno;
      if (g.queue) {
        struct sa err = SA_ZERO;
        qq_fail(&g.qq);
        qq_close(&g.qq, &err);
      }
      errno = e;
      die_tempsys("unable to read message");
    }
    if (r == 0) break;
    put(buf_peek(&g.in), (size_t)r);
    last = buf_peek(&g.in)[r - 1];
    buf_skip(&g.in, (size_t)r);
    started = 1;
  }
  if (started && last != '\n') put("\n", 1);
}

static void queue(const struct sa *top, const struct sa *sep,
                  const struct inject_list *rcpts)
{
  struct sa err = SA_ZERO;
  size_t i;

  if (qq_open(&g.qq, auto_qmail) == -1)
    die_tempsys("unable to run qmail-queue");
  putsa(top);
  putsa(&g.x.saved);
  putsa(sep);
  body();
  if (!sa_0(&g.x.sender)) temp_nomem();
  qq_from(&g.qq, g.x.sender.s);
  for (i = 0; i < rcpts->s.len; i += strlen(rcpts->s.s + i) + 1)
    qq_to(&g.qq, rcpts->s.s + i);
  if (qq_close(&g.qq, &err) == 0) {
    sa_free(&err);
    return;
  }
  /* qq's text, a QMAILQUEUE filter's own one included, is the reason */
  if (!sa_0(&err)) temp_nomem();
  if (err.len > 1 && err.s[0] == 'D') die_perm(err.s + 1);
  die_temp(err.len > 1 ? err.s + 1 : "qq failed");
}

static void print(const struct sa *top, const struct sa *sep)
{
  struct sa rp = SA_ZERO;

  buf_init(&g.out, 1, g.outspace, sizeof g.outspace);
  if (!sa_copys(&rp, "Return-Path: <") ||
      !hdr822_quote(&rp, g.x.sender.s, g.x.sender.len) ||
      !sa_cats(&rp, ">\n"))
    temp_nomem();
  putsa(&rp);
  putsa(top);
  putsa(&g.x.saved);
  putsa(sep);
  body();
  if (!buf_flush(&g.out)) die_tempsys("unable to write output");
  sa_free(&rp);
}

int main(int argc, char **argv)
{
  char **a;

  if (fd_ensure012() == -1) _exit(EX_TEMP);
  /* a queue program that dies early shows as a write error */
  sig_ignore(SIGPIPE);
  inject_init(&g.x);
  g.x.now = time(0);
  g.x.pid = (unsigned long)getpid();
  environment(&g.x);
  options(argc, argv);
  g.x.headerrcpts = g.strategy != RECIP_ARGS;
  mft(&g.x);
  if (chdir(auto_qmail) == -1)
    die_tempsys("unable to switch to ", auto_qmail);
  controls(&g.x);

  if (g.fsender) check(inject_setsender(&g.x, g.fsender));
  if (g.strategy != RECIP_HEADER)
    for (a = g.args; *a; ++a) check(inject_arg(&g.x, *a));
  buf_init(&g.in, 0, g.inspace, sizeof g.inspace);
  readheader(&g.sep);
  check(inject_finish(&g.x, &g.top));
  check(inject_rcpts(&g.x, &g.rcpts));

  if (!g.queue) {
    print(&g.top, &g.sep);
    return EX_OK;
  }
  if (g.rcpts.n == 0)
    die_perm("no recipients: name them as arguments, or in To, Cc or Bcc"
             " (with -t for sendmail)");
  queue(&g.top, &g.sep, &g.rcpts);
  return EX_OK;
}
