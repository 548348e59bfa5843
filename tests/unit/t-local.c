/* t-local.c - qmail-local's pieces: added lines, header scan, mbox
 * quoting, Maildir names and deliveries, program exit classes, the
 * qmail-command(8) environment */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include "buf.h"
#include "env.h"
#include "exitcode.h"
#include "qmail-local.h"
#include "qmesearch.h"
#include "sa.h"
#include "t.h"

const char *prog = "t-local";

static int same(const struct sa *x, const char *s)
{
  return x->len == strlen(s) && !memcmp(x->s, s, x->len);
}

static void t_dtline(void)
{
  struct sa x = SA_ZERO;
  CHECK(local_dtline(&x, "joe-ext", "example.com"));
  CHECK(same(&x, "Delivered-To: joe-ext@example.com\n"));
  CHECK(local_dtline(&x, "a\nb", "c\nd"));
  CHECK(same(&x, "Delivered-To: a_b@c_d\n"));
  CHECK(local_dtline(&x, "", ""));
  CHECK(same(&x, "Delivered-To: @\n"));
  sa_free(&x);
}

static void t_quote2(void)
{
  struct sa x = SA_ZERO;
  CHECK(local_quote2(&x, "") && x.len == 0);
  CHECK(local_quote2(&x, "joe@example.com") && same(&x, "joe@example.com"));
  CHECK(local_quote2(&x, "a.b+c@x") && same(&x, "a.b+c@x"));
  CHECK(local_quote2(&x, "#@[]") && same(&x, "#@[]"));
  CHECK(local_quote2(&x, "a b@c") && same(&x, "\"a b\"@c"));
  CHECK(local_quote2(&x, ".a@c") && same(&x, "\".a\"@c"));
  CHECK(local_quote2(&x, "a.@c") && same(&x, "\"a.\"@c"));
  CHECK(local_quote2(&x, "a..b@c") && same(&x, "\"a..b\"@c"));
  CHECK(local_quote2(&x, "a\"b\\c@d") && same(&x, "\"a\\\"b\\\\c\"@d"));
  CHECK(local_quote2(&x, "x@y@z") && same(&x, "\"x@y\"@z"));
  /* RFC 6532: UTF-8 stands unquoted */
  CHECK(local_quote2(&x, "j\303\266rg@b") && same(&x, "j\303\266rg@b"));
  CHECK(local_quote2(&x, "@z") && same(&x, "\"\"@z"));
  CHECK(local_quote2(&x, "noat") && same(&x, "noat"));
  CHECK(local_quote2(&x, "\xc3\xa9 @z") && same(&x, "\"\xc3\xa9 \"@z"));
  sa_free(&x);
}

static void t_rpline(void)
{
  struct sa x = SA_ZERO;
  CHECK(local_rpline(&x, "") && same(&x, "Return-Path: <>\n"));
  CHECK(local_rpline(&x, "a@b") && same(&x, "Return-Path: <a@b>\n"));
  CHECK(local_rpline(&x, "a b@c") && same(&x, "Return-Path: <\"a b\"@c>\n"));
  /* a newline is quoted and then made harmless */
  CHECK(local_rpline(&x, "a\nb@c"));
  CHECK(same(&x, "Return-Path: <\"a\\_b\"@c>\n"));
  sa_free(&x);
}

static void t_ufline(void)
{
  struct sa x = SA_ZERO;
  CHECK(mbox_ufline(&x, "a@b", 0));
  CHECK(same(&x, "From a@b Thu Jan  1 00:00:00 1970\n"));
  CHECK(mbox_ufline(&x, "", 1000000000));
  CHECK(same(&x, "From MAILER-DAEMON Sun Sep  9 01:46:40 2001\n"));
  CHECK(mbox_ufline(&x, "a b\tc\nd@e", 1700000000));
  CHECK(same(&x, "From a-b-c-d@e Tue Nov 14 22:13:20 2023\n"));
  sa_free(&x);
}

static void t_safeext(void)
{
  struct sa x = SA_ZERO;
  CHECK(qme_safeext(&x, "Foo.Bar-BAZ") && same(&x, "foo:bar-baz"));
  CHECK(qme_safeext(&x, "../../etc") && same(&x, "::/::/etc"));
  CHECK(qme_safeext(&x, "") && x.len == 0);
  sa_free(&x);
}

static void t_extn(void)
{
  CHECK(!strcmp(local_extn("a-b-c-d", 2), "b-c-d"));
  CHECK(!strcmp(local_extn("a-b-c-d", 3), "c-d"));
  CHECK(!strcmp(local_extn("a-b-c-d", 4), "d"));
  CHECK(!strcmp(local_extn("a", 2), ""));
  CHECK(!strcmp(local_extn("a-b", 4), ""));
  CHECK(!strcmp(local_extn("", 2), ""));
  CHECK(!strcmp(local_extn("a--b", 3), "b"));
}

static void t_hostn(void)
{
  CHECK(local_hostn("mx.a.b.example", 2) == 6);     /* mx.a.b */
  CHECK(local_hostn("mx.a.b.example", 3) == 4);     /* mx.a */
  CHECK(local_hostn("mx.a.b.example", 4) == 2);     /* mx */
  CHECK(local_hostn("example", 2) == 7);
  CHECK(local_hostn("a.b", 3) == 1);
  CHECK(local_hostn("a.b", 4) == 1);
  CHECK(local_hostn("", 2) == 0);
}

static void t_newsender(void)
{
  struct sa x = SA_ZERO;
  CHECK(local_newsender(&x, "s@x", "list", "h", 0, 0) && same(&x, "s@x"));
  CHECK(local_newsender(&x, "s@x", "list", "h", 1, 0));
  CHECK(same(&x, "list-owner@h"));
  CHECK(local_newsender(&x, "s@x", "list", "h", 1, 1));
  CHECK(same(&x, "list-owner-@h-@[]"));
  CHECK(local_newsender(&x, "", "list", "h", 1, 1) && x.len == 0);
  CHECK(local_newsender(&x, "#@[]", "list", "h", 1, 1) && same(&x, "#@[]"));
  sa_free(&x);
}

/* scan - the header scan fed s in pieces of step bytes */
static int scan(const char *s, size_t step, size_t maxfield, size_t maxtotal)
{
  static const char dt[] = "Delivered-To: joe@example.com\n";
  struct hdrscan h;
  size_t n = strlen(s);
  size_t i;
  int st = HS_MORE;

  hdrscan_init(&h, dt, sizeof dt - 1, maxfield, maxtotal);
  for (i = 0; i < n && st == HS_MORE; i += step)
    st = hdrscan_feed(&h, s + i, n - i < step ? n - i : step);
  return st == HS_MORE ? hdrscan_eof(&h) : st;
}

static void scanall(const char *s, int want, size_t maxfield,
                    size_t maxtotal)
{
  size_t step;
  for (step = 1; step <= strlen(s) + 1; ++step)
    CHECK(scan(s, step, maxfield, maxtotal) == want);
}

static void t_hdrscan(void)
{
  scanall("Subject: x\n\nDelivered-To: joe@example.com\n", HS_END, 100, 1000);
  scanall("Subject: x\nDelivered-To: joe@example.com\n\n", HS_LOOP, 100,
          1000);
  scanall("Delivered-To: joe@example.com\n", HS_LOOP, 100, 1000);
  scanall("Delivered-To: joe@example.com", HS_END, 100, 1000);
  scanall("Delivered-To: joe@example.com \n", HS_END, 100, 1000);
  scanall("delivered-to: joe@example.com\n", HS_END, 100, 1000);
  scanall("Delivered-To: joe@example.co\n", HS_END, 100, 1000);
  scanall("X: Delivered-To: joe@example.com\n", HS_END, 100, 1000);
  scanall(" Delivered-To: joe@example.com\n", HS_END, 100, 1000);
  scanall("Delivered-To: joe@example.com\r\n", HS_END, 100, 1000);
  scanall("A: b\r\n\r\nDelivered-To: joe@example.com\n", HS_END, 100, 1000);
  scanall("", HS_END, 100, 1000);
  scanall("\n", HS_END, 100, 1000);
  /* a field with its continuations */
  scanall("A: 123456789\n 123456789\n\n", HS_END, 24, 1000);
  scanall("A: 123456789\n 123456789\n\n", HS_LONGFIELD, 23, 1000);
  scanall("A: 123456789\nB: 123456789\n\n", HS_END, 13, 1000);
  scanall("A: 123456789\nB: 123456789\n\n", HS_BIG, 13, 25);
  scanall("A: 123456789\nB: 123456789\n\n", HS_END, 13, 26);
  /* a loop line after a long field still counts */
  scanall("A: 123\n\t456\nDelivered-To: joe@example.com\n", HS_LOOP, 100,
          1000);
}

static void t_hdrscan_huge(void)
{
  /* one 4 MiB line against the 256 KiB field cap, in big pieces */
  static const char dt[] = "Delivered-To: joe@example.com\n";
  size_t n = 4 * 1024 * 1024;
  char *s = malloc(n);
  struct hdrscan h;
  int st = HS_MORE;
  size_t i;

  CHECK(s != 0);
  if (!s) return;
  memset(s, 'a', n);
  hdrscan_init(&h, dt, sizeof dt - 1, LIM_HEADER, LIM_HEADER_TOTAL);
  for (i = 0; i < 64 && st == HS_MORE; ++i) st = hdrscan_feed(&h, s, n);
  CHECK(st == HS_LONGFIELD);
  CHECK(i == 1);
  /* many short fields against the total cap */
  for (i = 0; i < n; i += 64) s[i + 63] = '\n';
  hdrscan_init(&h, dt, sizeof dt - 1, LIM_HEADER, LIM_HEADER_TOTAL);
  for (i = 0; i < 64 && st != HS_BIG; ++i) st = hdrscan_feed(&h, s, n);
  CHECK(st == HS_BIG);
  CHECK(i == 3);
  free(s);
}

/* quote - mbox quoting of s fed in pieces of step bytes */
static char *quote(const char *s, size_t n, size_t step, size_t *outlen)
{
  char tmpl[] = "/tmp/t-local.XXXXXX";
  int fd = mkstemp(tmpl);
  char space[64];            /* small, so the buffer flushes often */
  struct buf out;
  struct fromquote q;
  size_t i;
  off_t len;
  char *r;

  if (fd == -1) return 0;
  unlink(tmpl);
  buf_init(&out, fd, space, sizeof space);
  fromquote_init(&q);
  for (i = 0; i < n; i += step)
    if (!fromquote_put(&q, &out, s + i, n - i < step ? n - i : step))
      return 0;
  if (!fromquote_end(&q, &out) || !buf_flush(&out)) return 0;
  len = lseek(fd, 0, SEEK_END);
  r = malloc((size_t)len + 1);
  if (!r || pread(fd, r, (size_t)len, 0) != len) return 0;
  r[len] = 0;
  close(fd);
  *outlen = (size_t)len;
  return r;
}

static void quoteall(const char *in, const char *want)
{
  size_t step;
  size_t n = strlen(in);
  for (step = 1; step <= n + 1; ++step) {
    size_t len = 0;
    char *got = quote(in, n, step, &len);
    CHECK(got != 0);
    if (!got) return;
    CHECK(len == strlen(want) && !memcmp(got, want, len));
    free(got);
  }
}

static void t_fromquote(void)
{
  quoteall("", "\n");
  quoteall("a\n", "a\n\n");
  quoteall("a", "a\n\n");
  quoteall("From x\n", ">From x\n\n");
  quoteall("From ", ">From \n\n");
  quoteall("From", "From\n\n");
  quoteall(">From x\n", ">>From x\n\n");
  quoteall(">>>From x\n", ">>>>From x\n\n");
  quoteall(">>>", ">>>\n\n");
  quoteall(">>>Fro\n", ">>>Fro\n\n");
  quoteall("X\nFrom y\nFrom\nFromage\n From z\n>Fr>om\n",
           "X\n>From y\nFrom\nFromage\n From z\n>Fr>om\n\n");
  quoteall("from x\nFROM y\n", "from x\nFROM y\n\n");
  quoteall("a\nFrom b", "a\n>From b\n\n");
  quoteall("\n\nFrom \n", "\n\n>From \n\n");
  quoteall("x From y\n", "x From y\n\n");
}

static void t_mdname(void)
{
  struct sa x = SA_ZERO;
  CHECK(local_mdname(&x, 1700000000, 42, 777, 3, 0x0123456789abcdefULL,
                     "mx.example"));
  CHECK(same(&x, "1700000000.M42P777Q3R0123456789abcdef.mx.example"));
  x.len = 0;
  CHECK(local_mdname(&x, 1, 2, 3, 4, 0, "a/b:c"));
  CHECK(same(&x, "1.M2P3Q4R0000000000000000.a\\057b\\072c"));
  x.len = 0;
  CHECK(local_mdname(&x, 1, 2, 3, 4, 0, ""));
  CHECK(same(&x, "1.M2P3Q4R0000000000000000.localhost"));
  sa_free(&x);
}

static int status_of(int code)
{
  pid_t pid = fork();
  int st = 0;
  if (pid == 0) _exit(code);
  waitpid(pid, &st, 0);
  return st;
}

static int status_killed(void)
{
  pid_t pid = fork();
  int st = 0;
  if (pid == 0) {
    pause();
    _exit(0);
  }
  kill(pid, SIGKILL);
  waitpid(pid, &st, 0);
  return st;
}

static void t_progclass(void)
{
  static const int hard[] = { 100, 64, 65, 70, 76, 77, 78, 112 };
  size_t i;
  CHECK(local_progclass(status_of(0)) == EX_OK);
  CHECK(local_progclass(status_of(99)) == EX_SKIP);
  for (i = 0; i < sizeof hard / sizeof hard[0]; ++i)
    CHECK(local_progclass(status_of(hard[i])) == EX_PERM);
  CHECK(local_progclass(status_of(111)) == EX_TEMP);
  CHECK(local_progclass(status_of(1)) == EX_TEMP);
  CHECK(local_progclass(status_of(101)) == EX_TEMP);
  CHECK(local_progclass(status_of(255)) == EX_TEMP);
  CHECK(local_progclass(status_killed()) == -1);
}

static void t_env(void)
{
  static char *inherit[] = { (char *)(size_t)"FOO=bar",
                             (char *)(size_t)"DEFAULT=stale",
                             (char *)(size_t)"USER=old", 0 };
  struct sa rcpt = SA_ZERO, ns = SA_ZERO, dt = SA_ZERO, rp = SA_ZERO;
  struct sa uf = SA_ZERO;
  struct local_vars v;
  struct env e = ENV_ZERO;
  const char *x;

  sa_copys(&rcpt, "joe-a-b@mx.example.com");
  sa_copys(&ns, "joe-a-owner@mx.example.com");
  local_dtline(&dt, "joe-a-b", "mx.example.com");
  local_rpline(&rp, "s@x");
  mbox_ufline(&uf, "s@x", 0);
  v.user = "joe";
  v.homedir = "/home/joe";
  v.local = "joe-a-b";
  v.host = "mx.example.com";
  v.ext = "a-b";
  v.sender = "s@x";
  v.deflt = 0;
  v.recipient = &rcpt;
  v.newsender = &ns;
  v.dtline = &dt;
  v.rpline = &rp;
  v.ufline = &uf;
  CHECK(local_env(&e, inherit, &v, "/q/bin:/bin"));
  CHECK((x = env_find(&e, "FOO")) && !strcmp(x, "bar"));
  CHECK(env_find(&e, "DEFAULT") == 0);
  CHECK((x = env_find(&e, "USER")) && !strcmp(x, "joe"));
  CHECK((x = env_find(&e, "HOME")) && !strcmp(x, "/home/joe"));
  CHECK((x = env_find(&e, "LOCAL")) && !strcmp(x, "joe-a-b"));
  CHECK((x = env_find(&e, "HOST")) && !strcmp(x, "mx.example.com"));
  CHECK((x = env_find(&e, "HOST2")) && !strcmp(x, "mx.example"));
  CHECK((x = env_find(&e, "HOST3")) && !strcmp(x, "mx"));
  CHECK((x = env_find(&e, "HOST4")) && !strcmp(x, "mx"));
  CHECK((x = env_find(&e, "RECIPIENT")) &&
        !strcmp(x, "joe-a-b@mx.example.com"));
  CHECK((x = env_find(&e, "DTLINE")) &&
        !strcmp(x, "Delivered-To: joe-a-b@mx.example.com\n"));
  CHECK((x = env_find(&e, "RPLINE")) && !strcmp(x, "Return-Path: <s@x>\n"));
  CHECK((x = env_find(&e, "UFLINE")) &&
        !strcmp(x, "From s@x Thu Jan  1 00:00:00 1970\n"));
  CHECK((x = env_find(&e, "SENDER")) && !strcmp(x, "s@x"));
  CHECK((x = env_find(&e, "NEWSENDER")) &&
        !strcmp(x, "joe-a-owner@mx.example.com"));
  CHECK((x = env_find(&e, "EXT")) && !strcmp(x, "a-b"));
  CHECK((x = env_find(&e, "EXT2")) && !strcmp(x, "b"));
  CHECK((x = env_find(&e, "EXT3")) && !strcmp(x, ""));
  CHECK((x = env_find(&e, "EXT4")) && !strcmp(x, ""));
  CHECK((x = env_find(&e, "PATH")) && !strcmp(x, "/q/bin:/bin"));
  env_free(&e);
  v.deflt = "b";
  inherit[0] = (char *)(size_t)"PATH=/mine";
  CHECK(local_env(&e, inherit, &v, "/q/bin:/bin"));
  CHECK((x = env_find(&e, "DEFAULT")) && !strcmp(x, "b"));
  CHECK((x = env_find(&e, "PATH")) && !strcmp(x, "/mine"));
  env_free(&e);
  sa_free(&rcpt);
  sa_free(&ns);
  sa_free(&dt);
  sa_free(&rp);
  sa_free(&uf);
}

/* a scratch directory with a message file on a fresh fd */
static char dir[] = "/tmp/t-local-dir.XXXXXX";

static int message(const char *text)
{
  struct sa path = SA_ZERO;
  int fd;
  sa_copys(&path, dir);
  sa_cats(&path, "/msg");
  sa_0(&path);
  fd = open(path.s, O_RDWR | O_CREAT | O_TRUNC, 0600);
  if (fd != -1 && write(fd, text, strlen(text)) != (ssize_t)strlen(text)) {
    close(fd);
    fd = -1;
  }
  sa_free(&path);
  return fd;
}

static size_t countdir(const char *path, char *name, size_t namesize)
{
  DIR *d = opendir(path);
  struct dirent *de;
  size_t n = 0;
  if (!d) return (size_t)-1;
  while ((de = readdir(d)))
    if (de->d_name[0] != '.') {
      ++n;
      if (name) {
        size_t k = strlen(de->d_name);
        if (k >= namesize) k = namesize - 1;
        memcpy(name, de->d_name, k);
        name[k] = 0;
      }
    }
  closedir(d);
  return n;
}

static char *slurp(const char *path)
{
  int fd = open(path, O_RDONLY);
  struct stat st;
  char *r;
  if (fd == -1 || fstat(fd, &st) == -1) return 0;
  r = malloc((size_t)st.st_size + 1);
  if (r && read(fd, r, (size_t)st.st_size) != st.st_size) r = 0;
  if (r) r[st.st_size] = 0;
  close(fd);
  return r;
}

static void t_maildir(void)
{
  struct sa md = SA_ZERO, sub = SA_ZERO, why = SA_ZERO;
  struct sa rp = SA_ZERO, dt = SA_ZERO, path = SA_ZERO;
  char name[256];
  char *got;
  int fd;
  int i;

  local_rpline(&rp, "s@x");
  local_dtline(&dt, "joe", "h");
  sa_copys(&md, dir);
  sa_cats(&md, "/Maildir/");
  sa_0(&md);
  for (i = 0; i < 3; ++i) {
    static const char *const subs[] = { "", "tmp", "new" };
    sa_copys(&sub, md.s);
    sa_cats(&sub, subs[i]);
    sa_0(&sub);
    CHECK(mkdir(sub.s, 0700) == 0);
  }
  fd = message("Subject: t\n\nbody\n");
  CHECK(fd != -1);
  CHECK(local_maildir(md.s, fd, &rp, &dt, &why) == EX_OK);
  CHECK(local_maildir(md.s, fd, &rp, &dt, &why) == EX_OK);
  sa_copys(&sub, md.s);
  sa_cats(&sub, "new");
  sa_0(&sub);
  CHECK(countdir(sub.s, name, sizeof name) == 2);
  sa_copys(&path, sub.s);
  sa_cats(&path, "/");
  sa_cats(&path, name);
  sa_0(&path);
  got = slurp(path.s);
  CHECK(got && !strcmp(got, "Return-Path: <s@x>\nDelivered-To: joe@h\n"
                            "Subject: t\n\nbody\n"));
  free(got);
  sa_copys(&sub, md.s);
  sa_cats(&sub, "tmp");
  sa_0(&sub);
  CHECK(countdir(sub.s, 0, 0) == 0);       /* tmp/ is left empty */
  /* no tmp/: temporary; a file in the way: permanent */
  CHECK(rmdir(sub.s) == 0);
  CHECK(local_maildir(md.s, fd, &rp, &dt, &why) == EX_TEMP);
  CHECK(why.len && why.s[why.len - 1] == ')');
  sa_copys(&sub, dir);
  sa_cats(&sub, "/msg/");
  sa_0(&sub);
  CHECK(local_maildir(sub.s, fd, &rp, &dt, &why) == EX_PERM);
  CHECK(why.len > 8 && memcmp(why.s + why.len - 8, "(#5.2.1)", 8) == 0);
  close(fd);
  sa_free(&md);
  sa_free(&sub);
  sa_free(&why);
  sa_free(&rp);
  sa_free(&dt);
  sa_free(&path);
}

static void t_mbox(void)
{
  struct sa box = SA_ZERO, why = SA_ZERO;
  struct sa uf = SA_ZERO, rp = SA_ZERO, dt = SA_ZERO;
  char *got;
  int fd;

  mbox_ufline(&uf, "s@x", 0);
  local_rpline(&rp, "s@x");
  local_dtline(&dt, "joe", "h");
  sa_copys(&box, dir);
  sa_cats(&box, "/Mailbox");
  sa_0(&box);
  fd = message("Subject: t\n\nFrom here\nend");
  CHECK(fd != -1);
  CHECK(local_mbox(box.s, fd, &uf, &rp, &dt, &why) == EX_OK);
  CHECK(local_mbox(box.s, fd, &uf, &rp, &dt, &why) == EX_OK);
  got = slurp(box.s);
  CHECK(got && !strcmp(got,
        "From s@x Thu Jan  1 00:00:00 1970\nReturn-Path: <s@x>\n"
        "Delivered-To: joe@h\nSubject: t\n\n>From here\nend\n\n"
        "From s@x Thu Jan  1 00:00:00 1970\nReturn-Path: <s@x>\n"
        "Delivered-To: joe@h\nSubject: t\n\n>From here\nend\n\n"));
  free(got);
  /* a directory is not an mbox: temporary */
  CHECK(local_mbox(dir, fd, &uf, &rp, &dt, &why) == EX_TEMP);
  CHECK(why.len > 8 && memcmp(why.s + why.len - 8, "(#4.2.1)", 8) == 0);
  close(fd);
  sa_free(&box);
  sa_free(&why);
  sa_free(&uf);
  sa_free(&rp);
  sa_free(&dt);
}

/* cleanup - remove what the tests made in dir, and dir */
static void cleanup(void)
{
  static const char *const names[] = { "/Maildir/new", "/Maildir/tmp",
                                       "/Maildir", "/msg", "/Mailbox", "" };
  struct sa path = SA_ZERO;
  size_t i;
  DIR *d;
  struct dirent *de;

  for (i = 0; i < sizeof names / sizeof names[0]; ++i) {
    sa_copys(&path, dir);
    sa_cats(&path, names[i]);
    sa_0(&path);
    d = opendir(path.s);
    if (d) {
      size_t base = path.len - 1;
      while ((de = readdir(d)))
        if (de->d_name[0] != '.') {
          path.len = base;
          sa_append(&path, '/');
          sa_cats(&path, de->d_name);
          sa_0(&path);
          unlink(path.s);
        }
      closedir(d);
      path.len = base;
      sa_0(&path);
      rmdir(path.s);
    } else unlink(path.s);
  }
  sa_free(&path);
}

int main(void)
{
  TEST(t_dtline);
  TEST(t_quote2);
  TEST(t_rpline);
  TEST(t_ufline);
  TEST(t_safeext);
  TEST(t_extn);
  TEST(t_hostn);
  TEST(t_newsender);
  TEST(t_hdrscan);
  TEST(t_hdrscan_huge);
  TEST(t_fromquote);
  TEST(t_mdname);
  TEST(t_progclass);
  TEST(t_env);
  if (!mkdtemp(dir)) {
    printf("not ok 0 mkdtemp\n");
    return 1;
  }
  TEST(t_maildir);
  TEST(t_mbox);
  cleanup();
  return t_done();
}
