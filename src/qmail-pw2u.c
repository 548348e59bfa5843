/* qmail-pw2u - users/assign lines from a passwd file (qmail-pw2u(8))
 * runs as: the administrator, by hand; writes only to fd 1
 * reads:   a V7 passwd file on fd 0; users/include, users/exclude,
 *          users/mailnames, users/subusers, users/append
 * trusts:  its input and the users/ files (the administrator's)
 * parses:  passwd lines and the users/ files, each line bounded by
 *          LIM_CTL_LINE; malformed passwd lines are skipped with a
 *          warning, never passed on
 *
 * CONTRACT: the output is a users/assign file for qmail-newu, ending
 * with its "." line; qmail-newu checks every line again. */
#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>
#include "auto_qmail.h"
#include "auto_uids.h"
#include "bounds.h"
#include "buf.h"
#include "constmap.h"
#include "ctl.h"
#include "err.h"
#include "exitcode.h"
#include "fd.h"
#include "fmt.h"
#include "open.h"
#include "sa.h"
#include "scan.h"
#include "sig.h"
#include "str.h"

const char *prog = "qmail-pw2u";

#define USAGE "qmail-pw2u [ -/ohHuUC ] [ -c char ]"

enum home_rule {
  HOME_IGNORE,        /* -H: neither existence nor owner */
  HOME_STOP,          /* -h: a missing home is fatal; skip if not owned */
  HOME_SKIP           /* -o: skip if missing or not owned (default) */
};

/* the options and the users/ maps, set once in main */
static struct {
  const char *dash;         /* "-", or "-/" with -/ */
  char brk;                 /* the extension delimiter; 0 with -C */
  int allowupper;           /* -u */
  enum home_rule home;
  int haveincl;
  int haveexcl;
  int havenames;
  struct constmap incl;
  struct constmap excl;
  struct constmap names;    /* user -> "name1:name2..." */
  struct sa allusers;       /* "user:user:uid:gid:home" NUL ... */
} opt;

static struct buf out;

static void put(const char *p, size_t n)
{
  if (!buf_put(&out, p, n)) die_tempsys("unable to write output");
}

static void puts_(const char *s)
{
  put(s, strlen(s));
}

static void options(int argc, char **argv)
{
  int i;

  opt.dash = "-";
  opt.brk = '-';
  opt.home = HOME_SKIP;
  for (i = 1; i < argc && argv[i][0] == '-'; ++i) {
    const char *p = argv[i] + 1;
    if (!strcmp(argv[i], "--")) {
      ++i;
      break;
    }
    if (!*p) die_usage(USAGE);
    for (; *p; ++p) {
      switch (*p) {
      case '/': opt.dash = "-/"; break;
      case 'o': opt.home = HOME_SKIP; break;
      case 'h': opt.home = HOME_STOP; break;
      case 'H': opt.home = HOME_IGNORE; break;
      case 'u': opt.allowupper = 1; break;
      case 'U': opt.allowupper = 0; break;
      case 'C': opt.brk = 0; break;
      case 'c':
        /* -cX or -c X: one byte that can stand in a users/assign line */
        if (p[1]) ++p;
        else if (++i < argc) p = argv[i];
        else die_usage(USAGE);
        if (!p[0] || p[1] || *p == ':' || *p == '\n') die_usage(USAGE);
        opt.brk = *p;
        p += strlen(p) - 1;
        break;
      default:
        die_usage(USAGE);
      }
    }
  }
  if (i != argc) die_usage(USAGE);
}

/* readmap - a users/ list file into m: 1 read, 0 missing */
static int readmap(const char *path, struct sa *list, struct constmap *m,
                   int split)
{
  int r = ctl_readlist(path, list);
  if (r == -1) die_tempsys("unable to read ", path);
  if (r == 0) return 0;
  if (!constmap_init(m, list->s, list->len, split)) temp_nomem();
  return 1;
}

/* field - the next colon-ended field of *p: 1, or 0 if no colon left */
static int field(const char **p, size_t *len, struct sa *f)
{
  size_t n = byte_chr(*p, *len, ':');
  if (n == *len) return 0;
  if (!sa_copyb(f, *p, n)) temp_nomem();
  *p += n + 1;
  *len -= n + 1;
  return 1;
}

static void warn_line(const char *what, unsigned long lineno, const char *why)
{
  char num[FMT_ULONG + 1];
  num[fmt_ulong(num, lineno)] = 0;
  warn_say("skipping ", what, " line ", num, ": ", why);
}

/* unseen - a stat failure that means the home is missing or not
 * visible to us (qmail-pw2u(8) -o), not a failing disk */
static int unseen(int e)
{
  return e == ENOENT || e == ENOTDIR || e == EACCES || e == ELOOP;
}

/* homeok - the home rule of qmail-pw2u(8) for one account */
static int homeok(const char *home, unsigned long uid)
{
  struct stat st;
  if (opt.home == HOME_IGNORE) return 1;
  if (stat(home, &st) == -1) {
    if (!unseen(errno) || opt.home == HOME_STOP)
      die_tempsys("unable to stat ", home);
    return 0;
  }
  return (unsigned long)st.st_uid == uid;
}

/* assignments - the lines that give name, and name + break + anything,
 * to the account described by rest ("user:uid:gid:home") */
static void assignments(const char *name, size_t len, const struct sa *rest)
{
  put("=", 1);
  put(name, len);
  put(":", 1);
  put(rest->s, rest->len);
  puts_(":::\n");
  if (!opt.brk) return;
  put("+", 1);
  put(name, len);
  put(&opt.brk, 1);
  put(":", 1);
  put(rest->s, rest->len);
  put(":", 1);
  puts_(opt.dash);
  puts_("::\n");
}

/* badline - why a line of input is no account: 0 if it is one */
static const char *badline(const struct sa *user, const struct sa *uid,
                           const struct sa *gid, const struct sa *home,
                           size_t *uidnum)
{
  size_t gidnum;
  if (!user->len) return "empty user";
  if (!scan_sizeb(uid->s, uid->len, uidnum, (size_t)(uid_t)-2))
    return "uid is not a number";
  if (!scan_sizeb(gid->s, gid->len, &gidnum, (size_t)(gid_t)-2))
    return "gid is not a number";
  if (!home->len || home->s[0] != '/') return "home is not an absolute path";
  return 0;
}

/* wanted - the rules and option files of qmail-pw2u(8), home aside */
static int wanted(const struct sa *user, size_t uid)
{
  size_t i;
  if (uid == 0) return 0;               /* never deliver as root */
  if (!opt.allowupper)
    for (i = 0; i < user->len; ++i)
      if (user->s[i] >= 'A' && user->s[i] <= 'Z') return 0;
  if (opt.haveincl && !constmap_get(&opt.incl, user->s, user->len, 0))
    return 0;
  if (opt.haveexcl && constmap_get(&opt.excl, user->s, user->len, 0))
    return 0;
  return 1;
}

/* account - one passwd line: skipped, or its assignments printed */
static void account(const char *p, size_t len, unsigned long lineno)
{
  static struct sa user, pass, uid, gid, gecos, home, rest;
  const char *why;
  const char *names;
  size_t nlen;
  size_t uidnum;

  if (len == 0) return;
  if (memchr(p, 0, len)) {
    warn_line("input", lineno, "NUL in line");
    return;
  }
  if (!field(&p, &len, &user) || !field(&p, &len, &pass) ||
      !field(&p, &len, &uid) || !field(&p, &len, &gid) ||
      !field(&p, &len, &gecos) || !field(&p, &len, &home)) {
    warn_line("input", lineno, "fewer than seven fields");
    return;
  }
  why = badline(&user, &uid, &gid, &home, &uidnum);
  if (why) {
    warn_line("input", lineno, why);
    return;
  }
  if (!wanted(&user, uidnum)) return;
  if (!sa_0(&home)) temp_nomem();
  if (!homeok(home.s, (unsigned long)uidnum)) return;
  --home.len;

  /* rest: "user:uid:gid:home", the part every line for user shares */
  if (!sa_copy(&rest, &user) || !sa_cats(&rest, ":") ||
      !sa_cat(&rest, &uid) || !sa_cats(&rest, ":") || !sa_cat(&rest, &gid) ||
      !sa_cats(&rest, ":") || !sa_cat(&rest, &home))
    temp_nomem();
  if (!sa_cat(&opt.allusers, &user) || !sa_cats(&opt.allusers, ":") ||
      !sa_cat(&opt.allusers, &rest) || !sa_0(&opt.allusers))
    temp_nomem();

  names = 0;
  if (opt.havenames) names = constmap_get(&opt.names, user.s, user.len, &nlen);
  if (!names) {
    names = user.s;
    nlen = user.len;
  }
  /* mailnames: "name1:name2:..."; empty names are skipped */
  for (;;) {
    size_t n = byte_chr(names, nlen, ':');
    if (n) assignments(names, n, &rest);
    if (n == nlen) break;
    names += n + 1;
    nlen -= n + 1;
  }
}

/* subuser - one users/subusers line "sub:user:pre:" */
static void subuser(const struct constmap *users, const char *p, size_t len,
                    unsigned long lineno)
{
  static struct sa sub, user, pre;
  const char *rest;
  size_t rlen;

  if (len == 0) return;
  if (memchr(p, 0, len)) {
    warn_line("users/subusers", lineno, "NUL in line");
    return;
  }
  if (!field(&p, &len, &sub) || !field(&p, &len, &user) ||
      !field(&p, &len, &pre)) {
    warn_line("users/subusers", lineno, "fewer than three colons");
    return;
  }
  rest = constmap_get(users, user.s, user.len, &rlen);
  if (!rest) {
    if (!sa_0(&user)) temp_nomem();
    die_perm("unable to find user ", user.s, " for users/subusers");
  }
  put("=", 1);
  put(sub.s, sub.len);
  put(":", 1);
  put(rest, rlen);
  put(":", 1);
  puts_(opt.dash);
  put(":", 1);
  put(pre.s, pre.len);
  puts_(":\n");
  if (!opt.brk) return;
  put("+", 1);
  put(sub.s, sub.len);
  put(&opt.brk, 1);
  put(":", 1);
  put(rest, rlen);
  put(":", 1);
  puts_(opt.dash);
  put(":", 1);
  put(pre.s, pre.len);
  puts_("-:\n");
}

/* eachline - call fn on every line of fd (without its newline), or,
 * with fn null, copy each line to the output with a newline after it */
static void eachline(int fd, const char *what,
                     void (*fn)(const char *, size_t, unsigned long))
{
  static char space[BUF_SIZE];
  struct buf in;
  struct sa line = SA_ZERO;
  unsigned long lineno = 0;

  buf_init(&in, fd, space, sizeof space);
  for (;;) {
    int r = buf_getline(&in, &line, LIM_CTL_LINE);
    size_t len;
    ++lineno;
    if (r == -1 && errno == E2BIG) {
      char num[FMT_ULONG + 1];
      num[fmt_ulong(num, lineno)] = 0;
      die_perm(what, " line ", num, " is longer than 65536 bytes");
    }
    if (r == -1) die_tempsys("unable to read ", what);
    if (r == 0 && line.len == 0) break;
    len = line.len;
    if (r == 1) --len;
    if (fn) fn(line.s, len, lineno);
    else {
      put(line.s, len);
      put("\n", 1);
    }
    if (r == 0) break;
  }
  sa_free(&line);
}

static struct constmap allusers;

static void onsubuser(const char *p, size_t len, unsigned long lineno)
{
  subuser(&allusers, p, len, lineno);
}

/* readfile - eachline over a users/ file, if it exists */
static void readfile(const char *path,
                     void (*fn)(const char *, size_t, unsigned long))
{
  int fd = open_read(path);
  if (fd == -1) {
    if (errno == ENOENT) return;
    die_tempsys("unable to open ", path);
  }
  eachline(fd, path, fn);
  close(fd);
}

/* catchall - "+:alias:uid:gid:home:dash::" from the compiled-in alias
 * role, as qmail-getpw falls back to it */
static void catchall(void)
{
  char num[FMT_ULONG];
  puts_("+:alias:");
  put(num, fmt_ulong(num, (unsigned long)auto_uid_alias));
  put(":", 1);
  put(num, fmt_ulong(num, (unsigned long)auto_gid_nofiles));
  put(":", 1);
  puts_(auto_qmail);
  puts_("/alias:");
  puts_(opt.dash);
  puts_("::\n");
}

int main(int argc, char **argv)
{
  static char space[BUF_SIZE];
  struct sa incl = SA_ZERO;
  struct sa excl = SA_ZERO;
  struct sa names = SA_ZERO;

  if (fd_ensure012() == -1) _exit(EX_TEMP);
  sig_ignore(SIGPIPE);
  options(argc, argv);
  if (chdir(auto_qmail) == -1) die_tempsys("unable to chdir to ", auto_qmail);
  opt.haveincl = readmap("users/include", &incl, &opt.incl, 0);
  opt.haveexcl = readmap("users/exclude", &excl, &opt.excl, 0);
  opt.havenames = readmap("users/mailnames", &names, &opt.names, 1);

  buf_init(&out, 1, space, sizeof space);
  catchall();
  eachline(0, "input", account);
  if (!constmap_init(&allusers, opt.allusers.s, opt.allusers.len, 1))
    temp_nomem();
  readfile("users/subusers", onsubuser);
  readfile("users/append", 0);
  puts_(".\n");
  if (!buf_flush(&out)) die_tempsys("unable to write output");
  return EX_OK;
}
