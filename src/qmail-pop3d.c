/* qmail-pop3d - let a user read and delete his mail by POP3
 * runs as: the mail user, set by the checkpassword program, in the
 *          user's home directory; refuses to run as root
 * reads:   POP3 commands on fd 0 (after the login), replies on fd 1;
 *          the Maildir named by its argument
 * writes:  renames new/X to cur/X:2, at start; unlinks deleted
 *          messages at QUIT; unlinks tmp/ files older than 36 hours
 * trusts:  its command line and the uid it runs as; nothing the
 *          client sends
 * parses:  command lines and their numbers (pop3cmd); Maildir file
 *          names (only to skip those unfit for a UIDL)
 *
 * Nothing the client does between login and QUIT changes the Maildir:
 * deletions are marks in memory, applied only by QUIT, so a dropped
 * connection deletes nothing (RFC 1939 6). */
#include <sys/stat.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>     /* rename(2) only: no stdio I/O here */
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "bounds.h"
#include "buf.h"
#include "dur.h"
#include "err.h"
#include "exitcode.h"
#include "fd.h"
#include "fmt.h"
#include "open.h"
#include "pop3cmd.h"
#include "sa.h"
#include "sig.h"
#include "str.h"
#include "sz.h"

const char *prog = "qmail-pop3d";

/* qmail's idle timeout: 20 minutes for each command or reply */
#define TIMEOUT 1200
/* tmp/ files older than this are left from crashed deliveries
 * (maildir(5): 36 hours) */
#define TMPAGE (36 * 60 * 60)
/* RFC 1939 7: a unique-id is 1 to 70 bytes of 0x21-0x7e */
#define UIDLEN 70

struct msg {
  size_t name;          /* offset of the file name in g.names */
  size_t namelen;
  size_t uidlen;        /* the name up to its ':' */
  size_t size;
  time_t mtime;
  int deleted;
};

static struct {
  struct buf in;
  char inspace[BUF_SIZE];
  struct buf out;
  char outspace[BUF_SIZE];
  struct sa line;
  struct sa path;
  struct sa names;      /* every listed file name, back to back */
  struct msg *msgs;
  size_t nmsgs;
  size_t last;          /* highest message number retrieved */
  char filein[BUF_SIZE];
  char fileout[2 * BUF_SIZE + POP3OUT_FINISH];
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

static void outnum(size_t n)
{
  char s[FMT_ULONG];
  outb(s, fmt_ulong(s, n));
}

static void flush(void)
{
  if (!buf_flush(&g.out)) die_write();
}

static void die_nomem(void)
{
  temp_nomem();
}

/* mkpath - g.path = dir/name, NUL-terminated */
static const char *mkpath(const char *dir, const char *name, size_t len)
{
  if (!sa_copys(&g.path, dir) || !sa_cats(&g.path, "/") ||
      !sa_catb(&g.path, name, len) || !sa_0(&g.path))
    die_nomem();
  return g.path.s;
}

/* -- the Maildir, before the first reply */

/* clean - remove what crashed deliveries left in tmp/, as qmail does;
 * a failure here harms nothing, so it is only noted */
static void clean(void)
{
  DIR *d = opendir("tmp");
  struct dirent *e;
  time_t now = time(0);

  if (!d) {
    warn_sys("unable to scan tmp");
    return;
  }
  while ((e = readdir(d))) {
    struct stat st;
    const char *p;
    if (e->d_name[0] == '.') continue;
    p = mkpath("tmp", e->d_name, strlen(e->d_name));
    if (lstat(p, &st) == -1 || !S_ISREG(st.st_mode)) continue;
    if (now - st.st_atime > TMPAGE && unlink(p) == -1)
      warn_sys("unable to remove ", p);
  }
  closedir(d);
}

/* movenew - new/X becomes cur/X:2, (maildir(5): the message has been
 * seen by a reader, no flags set yet) */
static void movenew(void)
{
  DIR *d = opendir("new");
  struct dirent *e;
  struct sa to = SA_ZERO;
  int moved = 0;

  if (!d) die_tempsys("unable to scan new");
  while ((e = readdir(d))) {
    size_t len = strlen(e->d_name);
    if (e->d_name[0] == '.') continue;
    if (!sa_copys(&to, "cur/") || !sa_catb(&to, e->d_name, len) ||
        (!memchr(e->d_name, ':', len) && !sa_cats(&to, ":2,")) ||
        !sa_0(&to))
      die_nomem();
    /* ENOENT: another session moved it first */
    if (rename(mkpath("new", e->d_name, len), to.s) == -1) {
      if (errno != ENOENT) die_tempsys("unable to move ", g.path.s);
      continue;
    }
    moved = 1;
  }
  closedir(d);
  sa_free(&to);
  /* DURABILITY: a lost rename leaves the message in new/, where the
   * next session finds it: nothing is lost either way */
  if (moved && dur_syncdir("cur") == -1) warn_sys("unable to sync cur");
}

/* uidok - the name up to ':' is a unique-id RFC 1939 allows; its length */
static size_t uidok(const char *name, size_t len)
{
  size_t n = byte_chr(name, len, ':');
  size_t i;

  if (n == 0 || n > UIDLEN) return 0;
  for (i = 0; i < n; ++i)
    if ((unsigned char)name[i] < 0x21 || (unsigned char)name[i] > 0x7e)
      return 0;
  return n;
}

static void add(const char *name, const struct stat *st)
{
  size_t len = strlen(name);
  struct msg *m = &g.msgs[g.nmsgs];

  m->uidlen = uidok(name, len);
  if (!m->uidlen) {
    warn_say("skipping a message whose name is no unique-id");
    return;
  }
  m->name = g.names.len;
  m->namelen = len;
  m->size = (size_t)st->st_size;
  m->mtime = st->st_mtime;
  m->deleted = 0;
  if (!sa_catb(&g.names, name, len)) die_nomem();
  ++g.nmsgs;
}

static int bytime(const void *a, const void *b)
{
  const struct msg *x = a;
  const struct msg *y = b;
  size_t n = x->namelen < y->namelen ? x->namelen : y->namelen;
  int c;

  if (x->mtime != y->mtime) return x->mtime < y->mtime ? -1 : 1;
  c = memcmp(g.names.s + x->name, g.names.s + y->name, n);
  if (c) return c;
  return x->namelen < y->namelen ? -1 : x->namelen > y->namelen;
}

/* scan - list cur/, oldest first, at most LIM_POP3_MSGS messages */
static void scan(void)
{
  DIR *d = opendir("cur");
  struct dirent *e;
  size_t more = 0;
  size_t bytes;

  if (!d) die_tempsys("unable to scan cur");
  if (!sz_mul(&bytes, LIM_POP3_MSGS, sizeof *g.msgs)) die_nomem();
  g.msgs = malloc(bytes);
  if (!g.msgs) die_nomem();
  while ((e = readdir(d))) {
    struct stat st;
    if (e->d_name[0] == '.') continue;
    if (g.nmsgs == LIM_POP3_MSGS) {
      ++more;
      continue;
    }
    if (stat(mkpath("cur", e->d_name, strlen(e->d_name)), &st) == -1) {
      if (errno == ENOENT) continue;     /* deleted meanwhile */
      die_tempsys("unable to stat ", g.path.s);
    }
    if (S_ISREG(st.st_mode) && st.st_size >= 0) add(e->d_name, &st);
  }
  closedir(d);
  if (more) {
    char n[FMT_ULONG];
    n[fmt_ulong(n, more)] = 0;
    warn_say(n, " more messages than LIM_POP3_MSGS wait for a later session");
  }
  qsort(g.msgs, g.nmsgs, sizeof *g.msgs, bytime);
}

/* -- the commands */

static void ok(void)
{
  out("+OK \r\n");
}

static void err(const char *s)
{
  out("-ERR ");
  out(s);
  out("\r\n");
}

/* msgnum - the message an argument names: 1, or 0 after an -ERR */
static int msgnum(const char *arg, size_t n, size_t *i)
{
  size_t num;

  if (!pop3cmd_numbers(arg, n, 1, &num, SIZE_MAX)) {
    err("syntax error");
    return 0;
  }
  if (num == 0 || num > g.nmsgs) {
    err("no such message");
    return 0;
  }
  if (g.msgs[num - 1].deleted) {
    err("message deleted");
    return 0;
  }
  *i = num - 1;
  return 1;
}

static void pop_stat(void)
{
  size_t count = 0;
  size_t bytes = 0;
  size_t i;

  for (i = 0; i < g.nmsgs; ++i)
    if (!g.msgs[i].deleted) {
      ++count;
      if (!sz_add(&bytes, bytes, g.msgs[i].size)) bytes = SIZE_MAX;
    }
  out("+OK ");
  outnum(count);
  out(" ");
  outnum(bytes);
  out("\r\n");
}

/* entry - "n size" (LIST) or "n uid" (UIDL) */
static void entry(size_t i, int uidl)
{
  const struct msg *m = &g.msgs[i];

  outnum(i + 1);
  out(" ");
  if (uidl) outb(g.names.s + m->name, m->uidlen);
  else outnum(m->size);
  out("\r\n");
}

static void pop_list(const struct pop3cmd *c, int uidl)
{
  size_t i;

  if (c->hasarg) {
    if (!msgnum(c->arg, c->arglen, &i)) return;
    out("+OK ");
    entry(i, uidl);
    return;
  }
  ok();
  for (i = 0; i < g.nmsgs; ++i)
    if (!g.msgs[i].deleted) entry(i, uidl);
  out(".\r\n");
}

/* transmit - message i, whole or its header and maxlines of its body */
static void transmit(size_t i, size_t maxlines)
{
  const struct msg *m = &g.msgs[i];
  struct pop3out o;
  int fd;

  fd = open_read(mkpath("cur", g.names.s + m->name, m->namelen));
  if (fd == -1) {
    warn_sys("unable to open ", g.path.s);
    err("unable to open that message");
    return;
  }
  ok();
  pop3out_start(&o, maxlines);
  while (!o.done) {
    ssize_t r = read(fd, g.filein, sizeof g.filein);
    size_t used;
    size_t w;
    if (r == -1 && errno == EINTR) continue;
    /* SECURITY: half a message is sent; the client cannot be told so
     * in band, so the connection is dropped rather than ended with "." */
    if (r == -1) die_tempsys("unable to read ", g.path.s);
    if (r == 0) break;
    w = pop3out_encode(&o, g.filein, (size_t)r, &used, g.fileout);
    outb(g.fileout, w);
  }
  close(fd);
  outb(g.fileout, pop3out_finish(&o, g.fileout));
}

static void pop_retr(const struct pop3cmd *c)
{
  size_t i;

  if (!msgnum(c->arg, c->arglen, &i)) return;
  if (i + 1 > g.last) g.last = i + 1;
  transmit(i, POP3OUT_ALL);
}

static void pop_top(const struct pop3cmd *c)
{
  size_t num[2];
  size_t i;

  if (!pop3cmd_numbers(c->arg, c->arglen, 2, num, SIZE_MAX - 1)) {
    err("syntax error");
    return;
  }
  if (!msgnum(c->arg, byte_chr(c->arg, c->arglen, ' '), &i)) return;
  transmit(i, num[1]);
}

static void pop_dele(const struct pop3cmd *c)
{
  size_t i;

  if (!msgnum(c->arg, c->arglen, &i)) return;
  g.msgs[i].deleted = 1;
  ok();
}

static void pop_rset(void)
{
  size_t i;

  for (i = 0; i < g.nmsgs; ++i) g.msgs[i].deleted = 0;
  g.last = 0;
  ok();
}

static void pop_last(void)
{
  out("+OK ");
  outnum(g.last);
  out("\r\n");
}

/* pop_quit - the deletions happen here and only here */
static void pop_quit(void)
{
  size_t i;
  int failed = 0;
  int removed = 0;

  for (i = 0; i < g.nmsgs; ++i) {
    const struct msg *m = &g.msgs[i];
    if (!m->deleted) continue;
    if (unlink(mkpath("cur", g.names.s + m->name, m->namelen)) == -1) {
      if (errno == ENOENT) continue;
      warn_sys("unable to remove ", g.path.s);
      failed = 1;
      continue;
    }
    removed = 1;
  }
  /* DURABILITY: an unlink lost in a crash brings a message back, which
   * the user deletes again; the sync only makes that rarer */
  if (removed && dur_syncdir("cur") == -1) warn_sys("unable to sync cur");
  if (failed) {
    err("unable to remove all deleted messages");
    flush();
    _exit(EX_TEMP);
  }
  ok();
  flush();
  _exit(EX_OK);
}

static void command(void)
{
  struct pop3cmd c;

  switch (pop3cmd_parse(g.line.s, g.line.len, &c)) {
  case POP3CMD_STAT: pop_stat(); break;
  case POP3CMD_LIST: pop_list(&c, 0); break;
  case POP3CMD_UIDL: pop_list(&c, 1); break;
  case POP3CMD_RETR: pop_retr(&c); break;
  case POP3CMD_TOP: pop_top(&c); break;
  case POP3CMD_DELE: pop_dele(&c); break;
  case POP3CMD_RSET: pop_rset(); break;
  case POP3CMD_LAST: pop_last(); break;
  case POP3CMD_NOOP: ok(); break;
  case POP3CMD_QUIT: pop_quit(); break;
  case POP3CMD_BAD: err("NUL byte in command"); break;
  default: err("unimplemented"); break;
  }
}

/* getcmd - the next command line: 1, or 0 at end of file */
static int getcmd(void)
{
  for (;;) {
    size_t n = buf_buffered(&g.in);
    if (n == 0 || !memchr(buf_peek(&g.in), '\n', n)) flush();
    switch (buf_getlinecap(&g.in, &g.line, LIM_POP3_LINE)) {
    case 1: return 1;
    case 0: return 0;
    case BUF_TOOLONG: err("line too long"); break;
    case BUF_TOOLONGEOF: return 0;
    default:
      if (errno == ETIMEDOUT) die_temp("timeout");
      die_write();
    }
  }
}

int main(int argc, char **argv)
{
  prog = "qmail-pop3d";
  if (fd_ensure012() == -1) _exit(EX_TEMP);
  sig_ignore(SIGPIPE);
  if (argc != 2 || !argv[1][0]) die_usage("qmail-pop3d maildirname");
  /* SECURITY: a checkpassword that maps a name to uid 0 (or a broken
   * one that never changes uid) must not give the client root's files */
  if (getuid() == 0 || geteuid() == 0) die_perm("refusing to run as root");
  if (chdir(argv[1]) == -1) die_tempsys("unable to chdir to ", argv[1]);
  g.line.max = LIM_POP3_LINE;
  g.names.max = LIM_POP3_MSGS * 256UL;
  buf_init(&g.in, 0, g.inspace, sizeof g.inspace);
  buf_init(&g.out, 1, g.outspace, sizeof g.outspace);
  g.in.timeout = TIMEOUT;
  g.out.timeout = TIMEOUT;
  clean();
  movenew();
  scan();
  ok();
  while (getcmd()) command();
  /* end of file without QUIT: nothing is deleted (RFC 1939 6) */
  return EX_OK;
}
