/* t-ctl.c - control files: qmail's line rules, defaults, errors, caps */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "bounds.h"
#include "ctl.h"
#include "sa.h"
#include "t.h"

static char dir[4096];
static char path[4096];

/* at - a path in the test directory (one at a time) */
static const char *at(const char *name)
{
  int n = snprintf(path, sizeof path, "%s/%s", dir, name);
  CHECK(n > 0 && (size_t)n < sizeof path);
  return path;
}

/* put - write n bytes to name in the test directory; its path */
static const char *put(const char *name, const char *p, size_t n)
{
  FILE *f = fopen(at(name), "wb");
  CHECK(f != 0);
  if (!f) return path;
  if (n && fwrite(p, 1, n, f) != n) CHECK(!"short write");
  CHECK(fclose(f) == 0);
  return path;
}

static const char *puts0(const char *name, const char *s)
{
  return put(name, s, strlen(s));
}

/* islist - list is exactly want (entries with their NULs, wlen bytes) */
static int islist(const struct sa *list, const char *want, size_t wlen)
{
  return list->len == wlen && (wlen == 0 || memcmp(list->s, want, wlen) == 0);
}

/* isline - line is s, with a NUL after it that len does not count */
static int isline(const struct sa *line, const char *s)
{
  return sa_equals(line, s) && line->s[line->len] == 0;
}

static void t_readline(void)
{
  struct sa line = SA_ZERO;

  CHECK(ctl_readline(puts0("me", "mail.example.com\nother\n"), &line, "d")
        == 1 && isline(&line, "mail.example.com"));
  CHECK(ctl_readline(puts0("crlf", "mx.example\r\nsecond\r\n"), &line, 0)
        == 1 && isline(&line, "mx.example"));
  CHECK(ctl_readline(puts0("blanks", "x y \t \r\n"), &line, 0) == 1 &&
        isline(&line, "x y"));
  CHECK(ctl_readline(puts0("lead", "  x\n"), &line, 0) == 1 &&
        isline(&line, "  x"));
  CHECK(ctl_readline(puts0("nonl", "last"), &line, 0) == 1 &&
        isline(&line, "last"));
  CHECK(ctl_readline(puts0("nonlcr", "last \r"), &line, 0) == 1 &&
        isline(&line, "last"));
  sa_free(&line);
}

/* qmail's control_readline takes the first line as it is */
static void t_readline_first_as_is(void)
{
  struct sa line = SA_ZERO;

  CHECK(ctl_readline(puts0("empty1", "\nsecond\n"), &line, "d") == 1 &&
        isline(&line, ""));
  CHECK(ctl_readline(puts0("comment1", "# c\nx\n"), &line, "d") == 1 &&
        isline(&line, "# c"));
  CHECK(ctl_readline(puts0("blank1", " \t\r\nx\n"), &line, "d") == 1 &&
        isline(&line, ""));
  CHECK(ctl_readline(puts0("emptyfile", ""), &line, "d") == 1 &&
        isline(&line, ""));
  sa_free(&line);
}

static void t_readline_missing(void)
{
  struct sa line = SA_ZERO;

  CHECK(sa_copys(&line, "old"));
  CHECK(ctl_readline(at("nosuch"), &line, "dflt") == 0 &&
        isline(&line, "dflt"));
  CHECK(ctl_readline(at("nosuch"), &line, 0) == 0 && isline(&line, ""));
  sa_free(&line);
}

static void t_readline_errors(void)
{
  struct sa line = SA_ZERO;
  unsigned long n = 7;
  char sub[4096];

  /* a path through a regular file: ENOTDIR, not "missing" */
  puts0("plain", "x\n");
  CHECK((size_t)snprintf(sub, sizeof sub, "%s/plain/sub", dir) < sizeof sub);
  errno = 0;
  CHECK(ctl_readline(sub, &line, "dflt") == -1 && errno == ENOTDIR);
  CHECK(line.len == 0);
  errno = 0;
  CHECK(ctl_readulong(sub, &n, 5) == -1 && errno == ENOTDIR && n == 7);
  CHECK(sa_copys(&line, "junk"));
  errno = 0;
  CHECK(ctl_readlist(sub, &line) == -1 && errno == ENOTDIR && line.len == 0);
  /* a directory */
  errno = 0;
  CHECK(ctl_readline(dir, &line, "dflt") == -1 && errno == EISDIR);
  errno = 0;
  CHECK(ctl_readlist(dir, &line) == -1 && errno == EISDIR);
  errno = 0;
  CHECK(ctl_readulong(dir, &n, 5) == -1 && errno == EISDIR && n == 7);
  /* unreadable: only an unprivileged user can be refused */
  if (geteuid() != 0) {
    const char *p = puts0("secret", "x\n");
    CHECK(chmod(p, 0) == 0);
    errno = 0;
    CHECK(ctl_readline(p, &line, "dflt") == -1 && errno == EACCES);
    errno = 0;
    CHECK(ctl_readlist(p, &line) == -1 && errno == EACCES);
    errno = 0;
    CHECK(ctl_readulong(p, &n, 5) == -1 && errno == EACCES && n == 7);
  }
  sa_free(&line);
}

/* num - ctl_readulong on a file holding s; its return, errno in *e */
static int num(const char *s, unsigned long *n, int *e)
{
  int r;

  errno = 0;
  r = ctl_readulong(puts0("num", s), n, 4242);
  *e = errno;
  return r;
}

static void t_readulong(void)
{
  unsigned long n;
  int e;

  CHECK(num("0\n", &n, &e) == 1 && n == 0);
  CHECK(num("123\n", &n, &e) == 1 && n == 123);
  CHECK(num("12 \n", &n, &e) == 1 && n == 12);
  CHECK(num("12\r\n", &n, &e) == 1 && n == 12);
  CHECK(num("12\t", &n, &e) == 1 && n == 12);
  CHECK(num("007\n", &n, &e) == 1 && n == 7);
  CHECK(num("42\nnot a number\n", &n, &e) == 1 && n == 42);
  n = 9;
  CHECK(num(" 12\n", &n, &e) == -1 && e == EINVAL && n == 9);
  CHECK(num("-1\n", &n, &e) == -1 && e == EINVAL);
  CHECK(num("+1\n", &n, &e) == -1 && e == EINVAL);
  CHECK(num("", &n, &e) == -1 && e == EINVAL);
  CHECK(num("\n12\n", &n, &e) == -1 && e == EINVAL);
  CHECK(num("1 2\n", &n, &e) == -1 && e == EINVAL);
  CHECK(num("12x\n", &n, &e) == -1 && e == EINVAL);
  CHECK(num("0x10\n", &n, &e) == -1 && e == EINVAL);
  CHECK(num("99999999999999999999999\n", &n, &e) == -1 && e == ERANGE);
  CHECK(n == 9);
  if (sizeof(unsigned long) == 8) {
    CHECK(num("18446744073709551615\n", &n, &e) == 1 &&
          n == 18446744073709551615UL);
    CHECK(num("18446744073709551616\n", &n, &e) == -1 && e == ERANGE);
  }
  CHECK(ctl_readulong(at("nosuch"), &n, 4242) == 0 && n == 4242);
}

static void t_readlist(void)
{
  struct sa list = SA_ZERO;
  const char in[] = "a.example\r\n\n# comment\n  b \t\r\n\t\n #kept\nlast";
  const char want[] = "a.example\0  b\0 #kept\0last";

  CHECK(ctl_readlist(puts0("list", in), &list) == 1);
  CHECK(islist(&list, want, sizeof want));
  CHECK(ctl_readlist(puts0("list2", "x\ny\n"), &list) == 1 &&
        islist(&list, "x\0y", 4));                  /* replaced */
  CHECK(ctl_readlist(puts0("empty", ""), &list) == 1 && list.len == 0);
  CHECK(ctl_readlist(puts0("comments", "#a\n\n  \n#b"), &list) == 1 &&
        list.len == 0);
  CHECK(sa_copys(&list, "old"));
  CHECK(ctl_readlist(at("nosuch"), &list) == 0 && list.len == 0);
  sa_free(&list);
}

/* the memory forms follow the same rules as the files */
static void t_parse(void)
{
  static const char *const inputs[] = {
    "a\r\nb \n#c\n\nd", "", "\n", "# only", "  lead\n", "x\t\r", "1\r\n2",
    0
  };
  struct sa a = SA_ZERO;
  struct sa b = SA_ZERO;
  size_t i;

  for (i = 0; inputs[i]; ++i) {
    const char *p = puts0("same", inputs[i]);
    size_t n = strlen(inputs[i]);
    CHECK(ctl_readline(p, &a, "d") == 1);
    CHECK(ctl_parsefirst(inputs[i], n, &b) == 1);
    CHECK(a.len == b.len && memcmp(a.s, b.s, a.len + 1) == 0);
    CHECK(ctl_readlist(p, &a) == 1);
    CHECK(ctl_parselist(inputs[i], n, &b) == 1);
    CHECK(islist(&b, a.s, a.len));
  }
  CHECK(ctl_parsefirst(0, 0, &a) == 1 && isline(&a, ""));
  CHECK(ctl_parselist(0, 0, &a) == 1 && a.len == 0);
  sa_free(&a);
  sa_free(&b);
}

/* a NUL would cut a line short or split an entry: refused */
static void t_nul(void)
{
  struct sa x = SA_ZERO;

  errno = 0;
  CHECK(ctl_parsefirst("a\0b\n", 4, &x) == -1 && errno == EILSEQ);
  CHECK(x.len == 0);
  CHECK(ctl_parsefirst("ab\nc\0d\n", 7, &x) == 1 && isline(&x, "ab"));
  errno = 0;
  CHECK(ctl_parselist("ab\nc\0d\n", 7, &x) == -1 && errno == EILSEQ);
  CHECK(x.len == 0);
  errno = 0;
  CHECK(ctl_parselist("ab\n#\0\n", 6, &x) == -1 && errno == EILSEQ);
  errno = 0;
  CHECK(ctl_readlist(put("nul", "ok\nx\0y\n", 7), &x) == -1 &&
        errno == EILSEQ && x.len == 0);
  sa_free(&x);
}

/* the line cap: LIM_CTL_LINE bytes, not counting LF or CRLF */
static void t_line_cap(void)
{
  size_t size = LIM_CTL_LINE + 8;
  char *big = malloc(size);
  struct sa x = SA_ZERO;
  unsigned long n;
  const char *p;

  CHECK(big != 0);
  if (!big) return;
  memset(big, 'a', size);
  big[LIM_CTL_LINE] = '\n';
  CHECK(ctl_parsefirst(big, LIM_CTL_LINE + 1, &x) == 1 &&
        x.len == LIM_CTL_LINE && x.s[x.len] == 0);
  CHECK(ctl_parselist(big, LIM_CTL_LINE + 1, &x) == 1 &&
        x.len == LIM_CTL_LINE + 1);
  CHECK(ctl_parsefirst(big, LIM_CTL_LINE, &x) == 1 &&
        x.len == LIM_CTL_LINE);                     /* no newline */
  p = put("cap", big, LIM_CTL_LINE + 1);
  CHECK(ctl_readline(p, &x, 0) == 1 && x.len == LIM_CTL_LINE);
  CHECK(ctl_readlist(p, &x) == 1 && x.len == LIM_CTL_LINE + 1);
  big[LIM_CTL_LINE] = '\r';
  big[LIM_CTL_LINE + 1] = '\n';
  CHECK(ctl_parsefirst(big, LIM_CTL_LINE + 2, &x) == 1 &&
        x.len == LIM_CTL_LINE);                     /* CRLF not counted */
  big[LIM_CTL_LINE] = ' ';                  /* trailing blanks count */
  errno = 0;
  CHECK(ctl_parsefirst(big, LIM_CTL_LINE + 2, &x) == -1 && errno == E2BIG);
  CHECK(x.len == 0);
  /* one byte more, with a newline, without one, and in a file */
  big[LIM_CTL_LINE] = 'a';
  big[LIM_CTL_LINE + 1] = '\n';
  errno = 0;
  CHECK(ctl_parsefirst(big, LIM_CTL_LINE + 2, &x) == -1 && errno == E2BIG);
  errno = 0;
  CHECK(ctl_parsefirst(big, LIM_CTL_LINE + 1, &x) == -1 && errno == E2BIG);
  errno = 0;
  CHECK(ctl_parselist(big, LIM_CTL_LINE + 2, &x) == -1 && errno == E2BIG);
  CHECK(x.len == 0);
  errno = 0;
  CHECK(ctl_parsefirst(big, size, &x) == -1 && errno == E2BIG);
  p = put("cap", big, LIM_CTL_LINE + 2);
  errno = 0;
  CHECK(ctl_readline(p, &x, "dflt") == -1 && errno == E2BIG);
  errno = 0;
  CHECK(ctl_readlist(p, &x) == -1 && errno == E2BIG);
  big[0] = '1';
  memset(big + 1, '0', LIM_CTL_LINE);
  p = put("cap", big, LIM_CTL_LINE + 2);
  errno = 0;
  CHECK(ctl_readulong(p, &n, 0) == -1 && errno == E2BIG);
  /* a long line later in a list is refused too, comment or not */
  memcpy(big, "ok\n#", 4);
  memset(big + 4, 'z', LIM_CTL_LINE);
  big[LIM_CTL_LINE + 4] = '\n';
  errno = 0;
  CHECK(ctl_parselist(big, LIM_CTL_LINE + 5, &x) == -1 && errno == E2BIG);
  big[LIM_CTL_LINE + 3] = '\n';
  CHECK(ctl_parselist(big, LIM_CTL_LINE + 4, &x) == 1 && islist(&x, "ok", 3));
  sa_free(&x);
  free(big);
}

/* the file cap: LIM_CTL_FILE bytes in all, line ends included */
static void t_file_cap(void)
{
  size_t linelen = 1024;
  size_t lines = LIM_CTL_FILE / 1024;
  char *line = malloc(linelen);
  struct sa x = SA_ZERO;
  FILE *f;
  size_t i;
  int ok = 1;

  /* LIM_CTL_FILE is 64 MiB less one byte: full lines, the last one
   * byte short */
  CHECK((LIM_CTL_FILE + 1) % 1024 == 0 && line != 0);
  lines = (LIM_CTL_FILE + 1) / 1024;
  if (!line) return;
  memset(line, 'h', linelen - 1);
  line[linelen - 1] = '\n';
  f = fopen(at("huge"), "wb");
  CHECK(f != 0);
  if (!f) {
    free(line);
    return;
  }
  for (i = 0; i + 1 < lines; ++i)
    if (fwrite(line, 1, linelen, f) != linelen) ok = 0;
  if (fwrite(line + 1, 1, linelen - 1, f) != linelen - 1) ok = 0;
  CHECK(fclose(f) == 0 && ok);
  CHECK(ctl_readlist(path, &x) == 1 && x.len == LIM_CTL_FILE);
  CHECK(x.len && x.s[x.len - 1] == 0 && x.s[x.len - 2] == 'h');
  CHECK(ctl_readline(path, &x, 0) == 1 && x.len == linelen - 1);
  f = fopen(path, "ab");
  CHECK(f != 0 && fputc('#', f) == '#' && fclose(f) == 0);
  errno = 0;
  CHECK(ctl_readlist(path, &x) == -1 && errno == E2BIG && x.len == 0);
  CHECK(ctl_readline(path, &x, 0) == 1 && x.len == linelen - 1);
  unlink(path);
  sa_free(&x);
  free(line);
}

/* the memory form has the same file cap */
static void t_file_cap_mem(void)
{
  char *p = malloc(LIM_CTL_FILE + 1);
  struct sa x = SA_ZERO;

  CHECK(p != 0);
  if (!p) return;
  memset(p, '\n', LIM_CTL_FILE + 1);
  memcpy(p, "x\n", 2);
  CHECK(ctl_parselist(p, LIM_CTL_FILE, &x) == 1 && islist(&x, "x", 2));
  errno = 0;
  CHECK(ctl_parselist(p, LIM_CTL_FILE + 1, &x) == -1 && errno == E2BIG);
  CHECK(x.len == 0);
  CHECK(ctl_parsefirst(p, LIM_CTL_FILE + 1, &x) == 1 && isline(&x, "x"));
  sa_free(&x);
  free(p);
}

/* a ceiling the caller set on the output is kept */
static void t_caller_max(void)
{
  struct sa x = SA_ZERO;

  x.max = 4;
  CHECK(ctl_parsefirst("abc\n", 4, &x) == 1 && isline(&x, "abc"));
  errno = 0;
  CHECK(ctl_parsefirst("abcd\n", 5, &x) == -1 && errno == E2BIG);
  CHECK(ctl_parselist("a\nb\n", 4, &x) == 1 && islist(&x, "a\0b", 4));
  errno = 0;
  CHECK(ctl_parselist("a\nbc\n", 5, &x) == -1 && errno == E2BIG);
  sa_free(&x);
}

static void cleanup(void)
{
  static const char *const names[] = {
    "me", "crlf", "blanks", "lead", "nonl", "nonlcr", "empty1", "comment1",
    "blank1", "emptyfile", "plain", "secret", "num", "list", "list2",
    "empty", "comments", "same", "nul", "cap", "huge", 0
  };
  size_t i;

  for (i = 0; names[i]; ++i) unlink(at(names[i]));
  CHECK(rmdir(dir) == 0);
}

int main(void)
{
  const char *tmp = getenv("TMPDIR");
  int n = snprintf(dir, sizeof dir, "%s/t-ctl.XXXXXX",
                   tmp && *tmp ? tmp : "/tmp");

  if (n < 0 || (size_t)n >= sizeof dir - 64 || !mkdtemp(dir)) {
    perror("mkdtemp");
    return 1;
  }
  TEST(t_readline);
  TEST(t_readline_first_as_is);
  TEST(t_readline_missing);
  TEST(t_readline_errors);
  TEST(t_readulong);
  TEST(t_readlist);
  TEST(t_parse);
  TEST(t_nul);
  TEST(t_line_cap);
  TEST(t_file_cap);
  TEST(t_file_cap_mem);
  TEST(t_caller_max);
  TEST(cleanup);
  return t_done();
}
