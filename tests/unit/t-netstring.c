/* t-netstring.c - strict netstrings from memory and from streams */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "bounds.h"
#include "buf.h"
#include "fmt.h"
#include "netstring.h"
#include "sa.h"
#include "t.h"

/* parse - ns_parse of a C string; errno is cleared first */
static int parse(const char *s, size_t max, const char **payload,
                 size_t *plen, size_t *used)
{
  errno = 0;
  return ns_parse(s, strlen(s), max, payload, plen, used);
}

/* bad - 1 if s fails ns_parse with errno e */
static int bad(const char *s, size_t max, int e)
{
  const char *payload;
  size_t plen;
  size_t used;
  return parse(s, max, &payload, &plen, &used) == -1 && errno == e;
}

/* partial - 1 if s is a correct but incomplete start */
static int partial(const char *s, size_t max)
{
  const char *payload;
  size_t plen;
  size_t used;
  return parse(s, max, &payload, &plen, &used) == 0;
}

/* readone - ns_read of all of s from a memory buf; errno cleared */
static int readone(const char *s, size_t n, size_t max, struct sa *out)
{
  struct buf b;
  buf_initmem(&b, s, n);
  errno = 0;
  return ns_read(&b, out, max);
}

static void t_parse_good(void)
{
  const char *payload;
  size_t plen;
  size_t used;
  CHECK(parse("0:,", 10, &payload, &plen, &used) == 1);
  CHECK(plen == 0 && used == 3);
  CHECK(parse("1:a,", 10, &payload, &plen, &used) == 1);
  CHECK(plen == 1 && used == 4 && payload[0] == 'a');
  CHECK(parse("12:hello world!,", 100, &payload, &plen, &used) == 1);
  CHECK(plen == 12 && used == 16 && memcmp(payload, "hello world!", 12) == 0);
  /* only the first is taken; the rest is the caller's */
  CHECK(parse("1:a,2:bc,", 10, &payload, &plen, &used) == 1 && used == 4);
  /* the payload is raw bytes: separators inside it mean nothing */
  CHECK(ns_parse("3:\0:,,", 6, 10, &payload, &plen, &used) == 1);
  CHECK(plen == 3 && used == 6 && memcmp(payload, "\0:,", 3) == 0);
}

static void t_parse_bad(void)
{
  CHECK(bad("01:a,", 10, EPROTO));          /* leading zero */
  CHECK(bad("00:,", 10, EPROTO));
  CHECK(bad("00", 10, EPROTO));             /* known bad before ':' */
  CHECK(bad(":a,", 10, EPROTO));            /* empty length */
  CHECK(bad(":", 10, EPROTO));
  CHECK(bad("1:ab", 10, EPROTO));           /* wrong byte for ',' */
  CHECK(bad("1:a;", 10, EPROTO));
  CHECK(bad("1:a:", 10, EPROTO));
  CHECK(bad("0:x", 10, EPROTO));
  CHECK(bad("1,a:", 10, EPROTO));
  CHECK(bad("-1:a,", 10, EPROTO));
  CHECK(bad("+1:a,", 10, EPROTO));
  CHECK(bad(" 1:a,", 10, EPROTO));
  CHECK(bad("1 :a,", 10, EPROTO));
  CHECK(bad("a", 10, EPROTO));
  CHECK(bad("0x1:a,", 10, EPROTO));
  CHECK(bad("\xb1:a,", 10, EPROTO));        /* a high byte is no digit */
}

static void t_parse_max(void)
{
  const char *payload;
  size_t plen;
  size_t used;
  CHECK(parse("5:abcde,", 5, &payload, &plen, &used) == 1 && plen == 5);
  CHECK(bad("6:abcdef,", 5, E2BIG));
  CHECK(bad("6", 5, E2BIG));                /* known before ':' */
  CHECK(bad("10:0123456789,", 5, E2BIG));
  CHECK(parse("0:,", 0, &payload, &plen, &used) == 1);
  CHECK(bad("1:a,", 0, E2BIG));
  CHECK(partial("67108864:", LIM_NETSTRING));
  CHECK(bad("67108865:", LIM_NETSTRING, E2BIG));
  CHECK(bad("99999999999", LIM_NETSTRING, E2BIG));
}

/* a run of 1000 digits is refused after a few, without overflow */
static void t_parse_digit_run(void)
{
  char run[1003];
  struct sa out = SA_ZERO;
  memset(run, '1', 1000);
  memcpy(run + 1000, ":,", 3);
  CHECK(bad(run, SIZE_MAX, E2BIG));
  CHECK(bad(run, LIM_NETSTRING, E2BIG));
  CHECK(readone(run, 1002, SIZE_MAX, &out) == -1 && errno == E2BIG);
  CHECK(out.len == 0);
  memset(run, '9', 1000);
  CHECK(bad(run, SIZE_MAX, E2BIG));
  memset(run, '0', 1000);
  CHECK(bad(run, SIZE_MAX, EPROTO));
  CHECK(readone(run, 1002, SIZE_MAX, &out) == -1 && errno == EPROTO);
  sa_free(&out);
}

/* plus1 - add one to the decimal number in s, which has room for one more
 * digit */
static void plus1(char *s)
{
  size_t n = strlen(s);
  size_t i = n;
  while (i > 0 && s[i - 1] == '9') s[--i] = '0';
  if (i > 0) {
    ++s[i - 1];
    return;
  }
  memmove(s + 1, s, n + 1);
  s[0] = '1';
}

static void t_parse_near_size_max(void)
{
  char num[FMT_ULONG + 8];
  struct sa out = SA_ZERO;
  size_t len;

  /* SIZE_MAX itself, and one less: the whole netstring would pass
   * SIZE_MAX bytes, so it can never be in memory */
  len = fmt_ulong(num, (unsigned long)SIZE_MAX);
  memcpy(num + len, ":", 2);
  CHECK(bad(num, SIZE_MAX, E2BIG));
  CHECK(bad(num, SIZE_MAX - 1, E2BIG));
  CHECK(bad(num, LIM_NETSTRING, E2BIG));
  len = fmt_ulong(num, (unsigned long)(SIZE_MAX - 1));
  memcpy(num + len, ":", 2);
  CHECK(bad(num, SIZE_MAX, E2BIG));
  CHECK(readone(num, len + 1, SIZE_MAX, &out) == -1 && errno == E2BIG);
  /* SIZE_MAX + 1 and beyond: no wrap to a small number */
  len = fmt_ulong(num, (unsigned long)SIZE_MAX);
  num[len] = 0;
  plus1(num);
  CHECK(bad(num, SIZE_MAX, E2BIG));
  len = strlen(num);
  memcpy(num + len, ":a,", 4);
  CHECK(bad(num, SIZE_MAX, E2BIG));
  CHECK(readone(num, len + 3, SIZE_MAX, &out) == -1 && errno == E2BIG);
  sa_free(&out);
}

static void t_parse_partial(void)
{
  const char full[] = "12:hello world!,";
  const char *payload;
  size_t plen;
  size_t used;
  size_t n;
  for (n = 0; n < sizeof full - 1; ++n) {
    errno = 0;
    CHECK(ns_parse(full, n, 100, &payload, &plen, &used) == 0);
  }
  CHECK(ns_parse(full, n, 100, &payload, &plen, &used) == 1 && used == n);
  CHECK(partial("0", 10));
  CHECK(partial("0:", 10));
  CHECK(partial("", 10));
  CHECK(partial("5", 5));
}

static void t_read_eof(void)
{
  const char full[] = "12:hello world!,";
  struct sa out = SA_ZERO;
  size_t n;
  CHECK(readone(full, 0, 100, &out) == 0);
  for (n = 1; n < sizeof full - 1; ++n)
    CHECK(readone(full, n, 100, &out) == -1 && errno == EPROTO);
  CHECK(readone(full, n, 100, &out) == 1 && sa_equals(&out, "hello world!"));
  CHECK(readone("1:ab", 4, 100, &out) == -1 && errno == EPROTO);
  CHECK(readone("01:a,", 5, 100, &out) == -1 && errno == EPROTO);
  CHECK(readone(":a,", 3, 100, &out) == -1 && errno == EPROTO);
  CHECK(readone("6:abcdef,", 9, 5, &out) == -1 && errno == E2BIG);
  CHECK(readone("5:abcde,", 8, 5, &out) == 1 && sa_equals(&out, "abcde"));
  sa_free(&out);
}

static void t_read_back_to_back(void)
{
  const char in[] = "0:,1:a,12:hello world!,3:\0\0\0,";
  struct buf b;
  struct sa out = SA_ZERO;
  buf_initmem(&b, in, sizeof in - 1);
  CHECK(ns_read(&b, &out, 100) == 1 && out.len == 0);
  CHECK(ns_read(&b, &out, 100) == 1 && sa_equals(&out, "a"));
  CHECK(ns_read(&b, &out, 100) == 1 && sa_equals(&out, "hello world!"));
  CHECK(ns_read(&b, &out, 100) == 1 && out.len == 3 &&
        memcmp(out.s, "\0\0\0", 3) == 0);
  CHECK(ns_read(&b, &out, 100) == 0 && out.len == 0);
  CHECK(ns_read(&b, &out, 100) == 0);
  sa_free(&out);
}

/* a peer that announces a large payload and stops: memory follows the
 * bytes that came, not the length promised */
static void t_read_no_prealloc(void)
{
  struct sa out = SA_ZERO;
  CHECK(readone("60000000:abc", 12, LIM_NETSTRING, &out) == -1);
  CHECK(errno == EPROTO && out.len == 3 && out.cap < 4096);
  sa_free(&out);
}

/* the out string's own ceiling is a max too, enforced before reading */
static void t_read_sa_limit(void)
{
  struct sa out = SA_ZERO;
  out.max = 4;
  CHECK(readone("4:abcd,", 7, 100, &out) == 1 && sa_equals(&out, "abcd"));
  CHECK(readone("5:abcde,", 8, 100, &out) == -1 && errno == E2BIG);
  CHECK(out.len == 0);
  sa_free(&out);
}

static void t_readlen_readend(void)
{
  const char in[] = "5:hello,3:abcX";
  struct buf b;
  size_t len = 99;
  char payload[8];
  buf_initmem(&b, in, sizeof in - 1);
  CHECK(ns_readlen(&b, &len, 100) == 1 && len == 5);
  CHECK(buf_get(&b, payload, 5) == 5 && memcmp(payload, "hello", 5) == 0);
  CHECK(ns_readend(&b) == 1);
  CHECK(ns_readlen(&b, &len, 100) == 1 && len == 3);
  CHECK(buf_get(&b, payload, 3) == 3);
  errno = 0;
  CHECK(ns_readend(&b) == -1 && errno == EPROTO);       /* 'X' */
  errno = 0;
  CHECK(ns_readend(&b) == -1 && errno == EPROTO);       /* end of file */
  CHECK(ns_readlen(&b, &len, 100) == 0);
  buf_initmem(&b, "12", 2);
  errno = 0;
  CHECK(ns_readlen(&b, &len, 100) == -1 && errno == EPROTO);
  buf_initmem(&b, "101:", 4);
  errno = 0;
  CHECK(ns_readlen(&b, &len, 100) == -1 && errno == E2BIG);
  buf_initmem(&b, "100:", 4);
  CHECK(ns_readlen(&b, &len, 100) == 1 && len == 100);
}

static void t_read_error(void)
{
  struct buf b;
  char space[16];
  struct sa out = SA_ZERO;
  size_t len;
  int fd = open("/", O_RDONLY);
  CHECK(fd != -1);
  buf_init(&b, fd, space, sizeof space);
  errno = 0;
  CHECK(ns_read(&b, &out, 100) == -1 && errno == EISDIR);
  errno = 0;
  CHECK(ns_readlen(&b, &len, 100) == -1 && errno == EISDIR);
  errno = 0;
  CHECK(ns_readend(&b) == -1 && errno == EISDIR);
  close(fd);
  sa_free(&out);
}

/* writer - a child that writes s to fd a byte at a time, then waits
 * pause_ms; returns its pid */
static pid_t writer(int fd, const char *s, size_t n, long pause_ms)
{
  pid_t pid = fork();
  if (pid == 0) {
    size_t i;
    struct timespec ts = { 0, 200000 };
    struct timespec end;
    end.tv_sec = pause_ms / 1000;
    end.tv_nsec = (pause_ms % 1000) * 1000000;
    alarm(10);                            /* never outlive a stuck test */
    for (i = 0; i < n; ++i) {
      if (write(fd, s + i, 1) != 1) _exit(1);
      nanosleep(&ts, 0);
    }
    nanosleep(&end, 0);
    _exit(0);
  }
  return pid;
}

static void t_pipe_bytewise(void)
{
  const char in[] = "5:hello,0:,12:hello world!,";
  int p[2];
  pid_t pid;
  struct buf b;
  char space[4];
  struct sa out = SA_ZERO;
  int status;

  CHECK(pipe(p) == 0);
  pid = writer(p[1], in, sizeof in - 1, 0);
  CHECK(pid > 0);
  close(p[1]);
  buf_init(&b, p[0], space, sizeof space);
  b.timeout = 5;
  CHECK(ns_read(&b, &out, 100) == 1 && sa_equals(&out, "hello"));
  CHECK(ns_read(&b, &out, 100) == 1 && out.len == 0);
  CHECK(ns_read(&b, &out, 100) == 1 && sa_equals(&out, "hello world!"));
  CHECK(ns_read(&b, &out, 100) == 0);
  close(p[0]);
  CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
        WEXITSTATUS(status) == 0);
  sa_free(&out);
}

/* a peer that stalls inside the payload: buf's deadline ends the read */
static void t_pipe_stall(void)
{
  const char in[] = "5:he";
  int p[2];
  pid_t pid;
  struct buf b;
  char space[16];
  struct sa out = SA_ZERO;
  int status;

  CHECK(pipe(p) == 0);
  pid = writer(p[1], in, sizeof in - 1, 3000);
  CHECK(pid > 0);
  close(p[1]);
  buf_init(&b, p[0], space, sizeof space);
  b.timeout = 1;
  errno = 0;
  CHECK(ns_read(&b, &out, 100) == -1 && errno == ETIMEDOUT);
  close(p[0]);
  kill(pid, SIGTERM);
  CHECK(waitpid(pid, &status, 0) == pid);
  sa_free(&out);
}

static void t_put(void)
{
  struct sa out = SA_ZERO;
  const char *payload;
  size_t plen;
  size_t used;
  CHECK(ns_put(&out, "", 0) == 1 && sa_equals(&out, "0:,"));
  CHECK(ns_put(&out, "a", 1) == 1 && sa_equals(&out, "0:,1:a,"));
  out.len = 0;
  CHECK(ns_put(&out, "hello world!", 12) == 1);
  CHECK(sa_equals(&out, "12:hello world!,"));
  CHECK(ns_parse(out.s, out.len, 12, &payload, &plen, &used) == 1);
  CHECK(used == out.len && plen == 12);
  CHECK(memcmp(payload, "hello world!", 12) == 0);
  sa_free(&out);
}

/* a netstring that does not fit leaves out as it was */
static void t_put_cap(void)
{
  struct sa out = SA_ZERO;
  out.max = 8;
  CHECK(ns_put(&out, "abc", 3) == 1 && out.len == 6);
  errno = 0;
  CHECK(ns_put(&out, "ab", 2) == 0 && errno == E2BIG);
  CHECK(sa_equals(&out, "3:abc,"));
  errno = 0;
  CHECK(ns_put(&out, "x", SIZE_MAX - 1) == 0 && errno == E2BIG);
  CHECK(sa_equals(&out, "3:abc,"));
  sa_free(&out);
}

/* readin - ns_readin of s (a C string) within left bytes */
static int readin(const char *s, size_t *left, struct sa *out, size_t keep,
                  struct buf *b)
{
  buf_initmem(b, s, strlen(s));
  errno = 0;
  return ns_readin(b, left, out, keep);
}

static void t_readin(void)
{
  struct sa out = SA_ZERO;
  struct buf b;
  size_t left;

  /* exactly fills its container; then the next one from the same buf */
  left = 11;
  CHECK(readin("3:abc,2:de,", &left, &out, 10, &b) == 1);
  CHECK(sa_equals(&out, "abc") && left == 5);
  CHECK(ns_readin(&b, &left, &out, 10) == 1);
  CHECK(sa_equals(&out, "de") && left == 0);
  /* over keep: read past, marked, the next one still in step */
  left = 11;
  CHECK(readin("3:abc,2:de,", &left, &out, 2, &b) == 2);
  CHECK(out.len == 0 && left == 5);
  CHECK(ns_readin(&b, &left, &out, 2) == 1 && sa_equals(&out, "de"));
  /* running past the container, in the digits, the payload or the ',' */
  left = 5;
  CHECK(readin("3:abc,", &left, &out, 10, &b) == -1 && errno == EPROTO);
  left = 1;
  CHECK(readin("3:abc,", &left, &out, 10, &b) == -1 && errno == EPROTO);
  left = 3;
  CHECK(readin("10:abcdefghij,", &left, &out, 100, &b) == -1 &&
        errno == EPROTO);
  left = 0;
  CHECK(readin("0:,", &left, &out, 10, &b) == -1 && errno == EPROTO);
  /* the strict rules hold inside too */
  left = 100;
  CHECK(readin("03:abc,", &left, &out, 10, &b) == -1 && errno == EPROTO);
  left = 100;
  CHECK(readin("3:abc;", &left, &out, 10, &b) == -1 && errno == EPROTO);
  left = 100;
  CHECK(readin(":,", &left, &out, 10, &b) == -1 && errno == EPROTO);
  left = 100;
  CHECK(readin("3:ab", &left, &out, 10, &b) == -1 && errno == EPROTO);
  left = 100;
  CHECK(readin("", &left, &out, 10, &b) == -1 && errno == EPROTO);
  /* a length near SIZE_MAX is refused from its digits, not read */
  left = (size_t)-1;
  CHECK(readin("999999999999999999999999:", &left, &out, 10, &b) == -1 &&
        errno == EPROTO);
  left = 3;
  CHECK(readin("0:,", &left, &out, 10, &b) == 1 && out.len == 0 &&
        left == 0);
  sa_free(&out);
}

static void t_skip(void)
{
  struct buf b;
  char c;

  buf_initmem(&b, "abc,x", 5);
  CHECK(ns_skip(&b, 3) == 1);
  CHECK(buf_getc(&b, &c) == 1 && c == 'x');
  buf_initmem(&b, "abc;", 4);
  errno = 0;
  CHECK(ns_skip(&b, 3) == -1 && errno == EPROTO);
  buf_initmem(&b, "ab", 2);
  errno = 0;
  CHECK(ns_skip(&b, 3) == -1 && errno == EPROTO);
}

int main(void)
{
  TEST(t_parse_good);
  TEST(t_parse_bad);
  TEST(t_parse_max);
  TEST(t_parse_digit_run);
  TEST(t_parse_near_size_max);
  TEST(t_parse_partial);
  TEST(t_read_eof);
  TEST(t_read_back_to_back);
  TEST(t_read_no_prealloc);
  TEST(t_read_sa_limit);
  TEST(t_readlen_readend);
  TEST(t_read_error);
  TEST(t_pipe_bytewise);
  TEST(t_pipe_stall);
  TEST(t_put);
  TEST(t_put_cap);
  TEST(t_readin);
  TEST(t_skip);
  return t_done();
}
