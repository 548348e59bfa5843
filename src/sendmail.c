/* sendmail - the sendmail command line, for mail user agents: runs
 * qmail-inject, or qmail-smtpd (-bs), or qmail-qread (-bp, mailq)
 * runs as: the invoking user, any user; no privilege, writes no files
 * reads:   its arguments and environment
 * trusts:  nothing; the program it runs gets an argv built here (no
 *          shell) and the caller's environment with a few entries set
 * parses:  its command line only; addresses pass to qmail-inject as
 *          they are */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "auto_qmail.h"
#include "env.h"
#include "err.h"
#include "exitcode.h"
#include "fd.h"
#include "sa.h"
#include "str.h"
#include "sz.h"

const char *prog = "sendmail";

extern char **environ;

static struct {
  int headerrcpts;        /* -t */
  const char *sender;     /* -f, -r */
  const char *fullname;   /* -F */
  char mode;              /* -b: 'm' mail, 'p' mailq, 's' SMTP */
  struct env env;
} opt;

static void usage(void)
{
  die_usage("sendmail [ -t ] [ -i ] [ -f sender ] [ -F name ]"
            " [ -bm | -bp | -bs ] [ -o option ] [ recip ... ]");
}

static void newaliases(void)
{
  die_perm("quire has no aliases database to rebuild: aliases live in"
           " ~alias/.qmail-* files (see dot-qmail(5)), or in fastforward's"
           " newaliases");
}

/* takesarg - the letters that take a value, glued (-fme) or next */
static int takesarg(char c)
{
  return c && strchr("BFNORVbefopr", c) != 0;
}

/* mode - -bm mail (the default), -bp mailq, -bs SMTP, -bi refused */
static void mode(const char *value)
{
  if (value[0] && !value[1] && strchr("mps", value[0])) {
    opt.mode = value[0];
    return;
  }
  if (str_equal(value, "i")) newaliases();
  usage();
}

/* option - one letter; value is its argument if takesarg */
static void option(char c, const char *value)
{
  switch (c) {
  case 't': opt.headerrcpts = 1; return;
  case 'f':
  case 'r': opt.sender = value; return;
  case 'F': opt.fullname = value; return;
  case 'b': mode(value); return;
  /* one delivery mode, one error mode, no special lone dot, no
   * aliasing: what these set has no meaning for qmail */
  case 'i': case 'm': case 'n': case 'v': case 'x': case 'U':
  case 'B': case 'N': case 'O': case 'R': case 'V':
  case 'e': case 'o': case 'p':
    return;
  }
  usage();
}

/* options - parse like getopt: stop at the first non-option or "--";
 * returns the index of the first recipient */
static int options(int argc, char **argv)
{
  int i;

  opt.mode = 'm';
  for (i = 1; i < argc; ++i) {
    const char *a = argv[i];
    size_t j;
    if (a[0] != '-' || !a[1]) break;
    if (str_equal(a, "--")) return i + 1;
    for (j = 1; a[j]; ++j) {
      char c = a[j];
      if (c == 'E' || c == 'J') break;   /* NEWS-OS: the rest is its value */
      if (!takesarg(c)) {
        option(c, 0);
        continue;
      }
      if (a[j + 1]) option(c, a + j + 1);
      else if (i + 1 < argc) option(c, argv[++i]);
      else usage();
      break;
    }
  }
  return i;
}

static void put(const char *name, const char *value)
{
  if (!env_put(&opt.env, name, value)) temp_nomem();
}

static void unset(const char *name)
{
  if (!env_unset(&opt.env, name)) temp_nomem();
}

/* fromsender - the From field follows -f, as notqmail's sendmail has
 * it; the caller's own name does not belong to that address */
static void fromsender(const char *s)
{
  struct sa user = SA_ZERO;
  struct sa bare = SA_ZERO;
  size_t n = strlen(s);
  const char *at;

  if (n >= 2 && s[0] == '<' && s[n - 1] == '>') {   /* -f '<a@b>' */
    if (!sa_copyb(&bare, s + 1, n - 2) || !sa_0(&bare)) temp_nomem();
    s = bare.s;
  }
  if (!*s) return;                                   /* the null sender */
  at = strrchr(s, '@');
  if (!opt.fullname) {
    unset("QMAILNAME");
    unset("MAILNAME");
    unset("NAME");
  }
  unset("QMAILHOST");
  unset("MAILHOST");
  if (!at) {
    put("QMAILUSER", s);
  } else {
    if (!sa_copyb(&user, s, (size_t)(at - s)) || !sa_0(&user)) temp_nomem();
    put("QMAILUSER", user.s);
    put("QMAILHOST", at + 1);
  }
  sa_free(&user);
  sa_free(&bare);
}

static void run(const char *path, char **argv)
{
  execve(path, argv, env_vec(&opt.env));
  die_tempsys("unable to run ", path);
}

/* smtp - qmail-smtpd on stdin and stdout, as if from localhost */
static void smtp(void)
{
  static char *argv[] = { (char *)(size_t)"bin/qmail-smtpd", 0 };

  if (chdir(auto_qmail) == -1) die_tempsys("unable to switch to ", auto_qmail);
  if (!getenv("PROTO")) {
    put("RELAYCLIENT", "");
    put("DATABYTES", "0");
    put("PROTO", "TCP");
    put("TCPLOCALIP", "127.0.0.1");
    put("TCPLOCALHOST", "localhost");
    put("TCPREMOTEIP", "127.0.0.1");
    put("TCPREMOTEHOST", "localhost");
    put("TCPREMOTEINFO", "sendmail-bs");
  }
  run(argv[0], argv);
}

static void mailq(void)
{
  static char *argv[] = { (char *)(size_t)"bin/qmail-qread", 0 };

  if (chdir(auto_qmail) == -1) die_tempsys("unable to switch to ", auto_qmail);
  run(argv[0], argv);
}

/* inject - qmail-inject with the recipients after "--", so that none
 * can pass for an option; the caller's working directory is kept */
static void inject(char **rcpts, size_t n)
{
  struct sa path = SA_ZERO;
  char **argv;
  size_t slots;
  size_t bytes;
  size_t i = 0;
  size_t j;

  if (!sz_add(&slots, n, 6) || !sz_mul(&bytes, slots, sizeof *argv))
    temp_nomem();
  argv = malloc(bytes);
  if (!argv) temp_nomem();
  if (!sa_copys(&path, auto_qmail) || !sa_cats(&path, "/bin/qmail-inject") ||
      !sa_0(&path))
    temp_nomem();
  argv[i++] = (char *)(size_t)"qmail-inject";
  argv[i++] = (char *)(size_t)(opt.headerrcpts ? "-H" : "-a");
  if (opt.sender) {
    argv[i++] = (char *)(size_t)"-f";
    argv[i++] = (char *)(size_t)opt.sender;
    fromsender(opt.sender);
  }
  argv[i++] = (char *)(size_t)"--";
  for (j = 0; j < n; ++j) argv[i++] = rcpts[j];
  argv[i] = 0;
  run(path.s, argv);
}

int main(int argc, char **argv)
{
  const char *name;
  int first;

  if (fd_ensure012() == -1) _exit(EX_TEMP);
  name = argc > 0 ? strrchr(argv[0], '/') : 0;
  name = name ? name + 1 : argc > 0 ? argv[0] : "sendmail";
  first = options(argc, argv);
  if (!env_copy(&opt.env, environ)) temp_nomem();
  if (opt.fullname) put("QMAILNAME", opt.fullname);

  if (str_equal(name, "newaliases")) newaliases();
  if (str_equal(name, "mailq") || opt.mode == 'p') mailq();
  if (opt.mode == 's') smtp();
  inject(argv + first, (size_t)(argc - first));
  return EX_TEMP;
}
