/* t-qqframe.c - the chunks of qmail-queue's session mode: messages in
 * one chunk and in many, from memory and from pipes read a few bytes at
 * a time, every malformation refused with EPROTO, and the headers */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "buf.h"
#include "qqframe.h"
#include "sa.h"
#include "t.h"

/* message - one message from b into out (replacing it): qqframe_get's
 * last answer, 0 or -1 with errno, or -2 for an empty piece (never
 * allowed); *pieces counts the pieces */
static int message(struct buf *b, struct qqframe *f, struct sa *out,
                   size_t *pieces)
{
  out->len = 0;
  *pieces = 0;
  for (;;) {
    const char *p;
    size_t n;
    int r;
    errno = 0;
    r = qqframe_get(b, f, &p, &n);
    if (r != 1) return r;
    if (n == 0 || !sa_catb(out, p, n)) return -2;
    ++*pieces;
  }
}

/* one - the single message of s[0..len) from memory: 1 if it decodes to
 * want[0..wlen) in that many pieces and uses every byte */
static int one(const char *s, size_t len, const char *want, size_t wlen,
               size_t npieces)
{
  struct buf b;
  struct qqframe f = QQFRAME_ZERO;
  struct sa out = SA_ZERO;
  size_t pieces;
  int ok;

  buf_initmem(&b, s, len);
  ok = message(&b, &f, &out, &pieces) == 0 && out.len == wlen &&
       (wlen == 0 || !memcmp(out.s, want, wlen)) && pieces == npieces &&
       buf_buffered(&b) == 0 && f.left == 0 && !f.inchunk;
  sa_free(&out);
  return ok;
}

/* bad - 1 if s fails with EPROTO (any pieces before that are allowed:
 * a chunk's bytes go out before its ',' is seen) */
static int bad(const char *s, size_t len)
{
  struct buf b;
  struct qqframe f = QQFRAME_ZERO;
  struct sa out = SA_ZERO;
  size_t pieces;
  int r;

  buf_initmem(&b, s, len);
  r = message(&b, &f, &out, &pieces);
  sa_free(&out);
  return r == -1 && errno == EPROTO;
}

#define ONE(s, want, npieces) \
  one(s, sizeof s - 1, want, sizeof want - 1, npieces)
#define BAD(s) bad(s, sizeof s - 1)

static void t_one_chunk(void)
{
  CHECK(ONE("5:hello,0:,", "hello", 1));
  CHECK(ONE("1:x,0:,", "x", 1));
  CHECK(ONE("0:,", "", 0));                    /* the empty message */
  /* the bytes are raw: separators, digits and NULs mean nothing */
  CHECK(ONE("6:0:,\0\n,,0:,", "0:,\0\n,", 1));
  CHECK(ONE("3:0:,,0:,", "0:,", 1));
}

static void t_many_chunks(void)
{
  CHECK(ONE("1:a,2:bc,3:def,0:,", "abcdef", 3));
  CHECK(ONE("10:0123456789,1:!,0:,", "0123456789!", 2));
}

/* chunk - "LEN:", p[0..n), "," into s; its length */
static size_t chunk(char *s, const char *p, size_t n)
{
  size_t hlen = qqframe_header(s, n);
  memcpy(s + hlen, p, n);
  s[hlen + n] = ',';
  return hlen + n + 1;
}

/* t_max_chunk - QQF_MAX bytes in one chunk, and two such chunks */
static void t_max_chunk(void)
{
  static char s[2 * (QQF_HEADER + QQF_MAX + 1) + 3];
  static char want[2 * QQF_MAX];
  size_t len;
  int i;

  for (i = 0; i < 2 * QQF_MAX; ++i) want[i] = (char)('a' + i % 26);
  len = chunk(s, want, QQF_MAX);
  CHECK(len == 6 + QQF_MAX + 1 && !memcmp(s, "65536:", 6));
  memcpy(s + len, "0:,", 3);
  CHECK(one(s, len + 3, want, QQF_MAX, 1));
  len += chunk(s + len, want + QQF_MAX, QQF_MAX);
  memcpy(s + len, "0:,", 3);
  CHECK(one(s, len + 3, want, 2 * QQF_MAX, 2));
  /* one byte more, all of it there: refused, not read */
  memcpy(s, "65537:", 6);
  memcpy(s + 6, want, QQF_MAX + 1);
  memcpy(s + 6 + QQF_MAX + 1, ",0:,", 4);
  CHECK(bad(s, 6 + QQF_MAX + 1 + 4));
}

/* t_stream - messages one after another on one buf and one qqframe:
 * each stops at its own "0:," and leaves the next unread */
static void t_stream(void)
{
  static const char s[] = "3:abc,0:,0:,2:de,1:f,0:,";
  struct buf b;
  struct qqframe f = QQFRAME_ZERO;
  struct sa out = SA_ZERO;
  size_t pieces;

  buf_initmem(&b, s, sizeof s - 1);
  CHECK(message(&b, &f, &out, &pieces) == 0);
  CHECK(out.len == 3 && !memcmp(out.s, "abc", 3) && pieces == 1);
  CHECK(buf_buffered(&b) == sizeof s - 1 - 9);
  CHECK(message(&b, &f, &out, &pieces) == 0 && out.len == 0);
  CHECK(message(&b, &f, &out, &pieces) == 0);
  CHECK(out.len == 3 && !memcmp(out.s, "def", 3) && pieces == 2);
  CHECK(buf_buffered(&b) == 0);
  sa_free(&out);
}

/* filled - the read end of a pipe holding s[0..len), write end closed */
static int filled(const char *s, size_t len)
{
  int fds[2];
  if (pipe(fds) == -1) return -1;
  if (write(fds[1], s, len) != (ssize_t)len) {
    close(fds[0]);
    fds[0] = -1;
  }
  close(fds[1]);
  return fds[0];
}

/* t_small_reads - the stream of t_stream read through a buf of a few
 * bytes: a chunk comes in pieces, and the messages are the same */
static void t_small_reads(void)
{
  static const char s[] = "5:hello,3:abc,0:,0:,2:xy,0:,";
  static const size_t sizes[] = { 1, 2, 3, 7, 4096 };
  char space[4096];
  struct sa out = SA_ZERO;
  size_t i;

  for (i = 0; i < sizeof sizes / sizeof sizes[0]; ++i) {
    struct buf b;
    struct qqframe f = QQFRAME_ZERO;
    size_t pieces;
    int fd = filled(s, sizeof s - 1);

    CHECK(fd != -1);
    if (fd == -1) continue;
    buf_init(&b, fd, space, sizes[i]);
    b.timeout = 10;
    CHECK(message(&b, &f, &out, &pieces) == 0);
    CHECK(out.len == 8 && !memcmp(out.s, "helloabc", 8));
    CHECK(sizes[i] != 1 || pieces == 8);     /* one byte per read */
    CHECK(sizes[i] != 4096 || pieces == 2);
    CHECK(message(&b, &f, &out, &pieces) == 0 && out.len == 0);
    CHECK(message(&b, &f, &out, &pieces) == 0);
    CHECK(out.len == 2 && !memcmp(out.s, "xy", 2));
    CHECK(buf_feed(&b) == 0);
    close(fd);
  }
  sa_free(&out);
}

/* badpiped - 1 if s through a pipe and a buf of bufsize bytes fails
 * with EPROTO, as it does from memory */
static int badpiped(const char *s, size_t len, size_t bufsize)
{
  char space[16];
  struct buf b;
  struct qqframe f = QQFRAME_ZERO;
  struct sa out = SA_ZERO;
  size_t pieces;
  int fd = filled(s, len);
  int r;

  if (fd == -1) return 0;
  buf_init(&b, fd, space, bufsize);
  b.timeout = 10;
  r = message(&b, &f, &out, &pieces);
  close(fd);
  sa_free(&out);
  return r == -1 && errno == EPROTO;
}

static void t_malformed(void)
{
  static const char *const cases[] = {
    "05:hello,0:,", "00:,", "0123:", "01:x,0:,",   /* a leading zero */
    "65537:", "65540:x,0:,", "100000:", "99999999999999999999999999:",
    ":x,0:,", ":", ":,",                             /* no digits */
    "x:,", "5x:hello,", "-1:x,", "+1:x,", " 1:x,", "1 :x,", "0x1:x,",
    "\xb1:x,", "1;x,0:,",                            /* a non-digit */
    "5:hello;0:,", "5:hello0:,", "5:hellox,0:,", "0:x", "0::",
    "1:x,0:;",                                       /* no ',' */
    "", "1", "12", "5:hello,0", "5:hello,12",        /* eof in a length */
    "5:", "5:hel", "5:hello",                        /* eof in a chunk */
    "5:hello,", "0:", "5:hello,0:",                  /* eof before "0:," */
    0
  };
  size_t i;

  for (i = 0; cases[i]; ++i) {
    size_t len = strlen(cases[i]);
    int ok = bad(cases[i], len) && badpiped(cases[i], len, 1) &&
             badpiped(cases[i], len, 3);
    CHECK(ok);
    if (!ok) printf("# case %lu\n", (unsigned long)i);
  }
  /* a NUL where a digit, ':' or ',' belongs */
  CHECK(BAD("\0:,"));
  CHECK(BAD("1\0:x,0:,"));
  CHECK(BAD("1:x\0"));
  CHECK(BAD("0:\0"));
}

/* t_read_error - a failing read is passed on with its own errno */
static void t_read_error(void)
{
  int fds[2];
  char space[64];
  struct buf b;
  struct qqframe f = QQFRAME_ZERO;
  const char *p;
  size_t n;

  CHECK(pipe(fds) == 0);
  buf_init(&b, fds[1], space, sizeof space);   /* the write end: EBADF */
  errno = 0;
  CHECK(qqframe_get(&b, &f, &p, &n) == -1 && errno == EBADF);
  close(fds[0]);
  close(fds[1]);
}

/* writer - a child that writes s one byte at a time, 2 ms apart, then
 * waits linger seconds and exits; the read end of its pipe in *fd */
static pid_t writer(const char *s, size_t len, unsigned linger, int *fd)
{
  int fds[2];
  pid_t pid;

  if (pipe(fds) == -1) return -1;
  pid = fork();
  if (pid == 0) {
    struct timespec gap = { 0, 2000000 };
    size_t i;
    close(fds[0]);
    for (i = 0; i < len; ++i) {
      if (write(fds[1], s + i, 1) != 1) _exit(1);
      nanosleep(&gap, 0);
    }
    sleep(linger);
    _exit(0);
  }
  close(fds[1]);
  if (pid == -1) close(fds[0]);
  *fd = fds[0];
  return pid;
}

/* t_slow_writer - small writes far apart: the same message; a writer
 * gone inside a chunk: EPROTO; one silent inside a chunk: the buf's
 * timeout (every wait here is bounded) */
static void t_slow_writer(void)
{
  static const char s[] = "5:hello,12:hello world!,0:,";
  char space[4096];
  struct buf b;
  struct qqframe f = QQFRAME_ZERO;
  struct sa out = SA_ZERO;
  size_t pieces;
  int status;
  int fd;
  pid_t pid;

  pid = writer(s, sizeof s - 1, 0, &fd);
  CHECK(pid > 0);
  if (pid <= 0) return;
  buf_init(&b, fd, space, sizeof space);
  b.timeout = 10;
  CHECK(message(&b, &f, &out, &pieces) == 0);
  CHECK(out.len == 17 && !memcmp(out.s, "hellohello world!", 17));
  CHECK(buf_feed(&b) == 0);
  close(fd);
  CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
        WEXITSTATUS(status) == 0);

  pid = writer("12:hello", 8, 0, &fd);
  CHECK(pid > 0);
  if (pid <= 0) return;
  buf_init(&b, fd, space, sizeof space);
  b.timeout = 10;
  CHECK(message(&b, &f, &out, &pieces) == -1 && errno == EPROTO);
  close(fd);
  CHECK(waitpid(pid, &status, 0) == pid);

  f.left = 0;                  /* after -1, f starts afresh */
  f.inchunk = 0;
  pid = writer("12:hello", 8, 30, &fd);
  CHECK(pid > 0);
  if (pid <= 0) return;
  buf_init(&b, fd, space, sizeof space);
  b.timeout = 1;
  CHECK(message(&b, &f, &out, &pieces) == -1 && errno == ETIMEDOUT);
  close(fd);
  kill(pid, SIGTERM);
  CHECK(waitpid(pid, &status, 0) == pid);
  sa_free(&out);
}

/* header - 1 if qqframe_header(len) writes exactly want and no more */
static int header(size_t len, const char *want)
{
  char s[QQF_HEADER + 1];
  size_t n;

  memset(s, '#', sizeof s);
  n = qqframe_header(s, len);
  return n == strlen(want) && n <= QQF_HEADER && !memcmp(s, want, n) &&
         s[n] == '#';
}

static void t_header(void)
{
  static const size_t lens[] = { 1, 9, 10, QQF_MAX };
  static char s[QQF_HEADER + QQF_MAX + 1 + 3];
  static char text[QQF_MAX];
  size_t i;

  CHECK(header(0, "0:"));
  CHECK(header(1, "1:"));
  CHECK(header(9, "9:"));
  CHECK(header(10, "10:"));
  CHECK(header(99, "99:"));
  CHECK(header(100, "100:"));
  CHECK(header(65535, "65535:"));
  CHECK(header(QQF_MAX, "65536:"));
  /* what it writes is what the decoder takes */
  memset(text, 'q', sizeof text);
  for (i = 0; i < sizeof lens / sizeof lens[0]; ++i) {
    size_t len = chunk(s, text, lens[i]);
    memcpy(s + len, "0:,", 3);
    CHECK(one(s, len + 3, text, lens[i], 1));
  }
}

int main(void)
{
  signal(SIGPIPE, SIG_IGN);
  TEST(t_one_chunk);
  TEST(t_many_chunks);
  TEST(t_max_chunk);
  TEST(t_stream);
  TEST(t_small_reads);
  TEST(t_malformed);
  TEST(t_read_error);
  TEST(t_slow_writer);
  TEST(t_header);
  return t_done();
}
