/* t-buf.c - buffered I/O, line caps and deadlines */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "buf.h"
#include "sa.h"
#include "t.h"

static void t_lines_mem(void)
{
  struct buf b;
  struct sa line = SA_ZERO;
  const char in[] = "one\ntwo\r\n\nlast";
  buf_initmem(&b, in, sizeof in - 1);
  CHECK(buf_getline(&b, &line, 100) == 1 && sa_equals(&line, "one\n"));
  CHECK(buf_getline(&b, &line, 100) == 1 && sa_equals(&line, "two\r\n"));
  CHECK(buf_getline(&b, &line, 100) == 1 && sa_equals(&line, "\n"));
  CHECK(buf_getline(&b, &line, 100) == 0 && sa_equals(&line, "last"));
  CHECK(buf_getline(&b, &line, 100) == 0 && line.len == 0);
  sa_free(&line);
}

static void t_line_cap(void)
{
  struct buf b;
  struct sa line = SA_ZERO;
  const char in[] = "12345\n123456\nx\n";
  buf_initmem(&b, in, sizeof in - 1);
  /* the cap counts the newline: 6 bytes fit exactly */
  CHECK(buf_getline(&b, &line, 6) == 1 && sa_equals(&line, "12345\n"));
  errno = 0;
  CHECK(buf_getline(&b, &line, 6) == -1 && errno == E2BIG);
  CHECK(sa_equals(&line, "123456"));     /* first max bytes, rest unread */
  CHECK(buf_getline(&b, &line, 6) == 1 && sa_equals(&line, "\n"));
  CHECK(buf_getline(&b, &line, 6) == 1 && sa_equals(&line, "x\n"));
  buf_initmem(&b, "ab", 2);
  errno = 0;
  CHECK(buf_getline(&b, &line, 0) == -1 && errno == E2BIG && line.len == 0);
  sa_free(&line);
}

static void t_line_capskip(void)
{
  struct buf b;
  struct sa line = SA_ZERO;
  const char in[] = "12345\n1234567890123\nx\nlonglonglong";
  buf_initmem(&b, in, sizeof in - 1);
  CHECK(buf_getlinecap(&b, &line, 6) == 1 && sa_equals(&line, "12345\n"));
  CHECK(buf_getlinecap(&b, &line, 6) == BUF_TOOLONG && line.len == 0);
  CHECK(buf_getlinecap(&b, &line, 6) == 1 && sa_equals(&line, "x\n"));
  CHECK(buf_getlinecap(&b, &line, 6) == BUF_TOOLONGEOF && line.len == 0);
  CHECK(buf_getlinecap(&b, &line, 6) == 0 && line.len == 0);
  sa_free(&line);
}

static void t_delim_nul(void)
{
  struct buf b;
  struct sa rec = SA_ZERO;
  const char in[] = "Fa@b\0Tc@d\0\0";
  buf_initmem(&b, in, sizeof in - 1);
  CHECK(buf_getdelim(&b, &rec, 0, 100) == 1 && rec.len == 5 &&
        memcmp(rec.s, "Fa@b", 5) == 0);
  CHECK(buf_getdelim(&b, &rec, 0, 100) == 1 && rec.len == 5);
  CHECK(buf_getdelim(&b, &rec, 0, 100) == 1 && rec.len == 1 && rec.s[0] == 0);
  CHECK(buf_getdelim(&b, &rec, 0, 100) == 0);
  sa_free(&rec);
}

/* a line that arrives one byte at a time, across many reads */
static void t_pipe_slow_writer(void)
{
  int p[2];
  pid_t pid;
  struct buf b;
  char space[4];
  struct sa line = SA_ZERO;
  int status;

  CHECK(pipe(p) == 0);
  pid = fork();
  if (pid == 0) {
    const char *msg = "hello, world\nsecond\n";
    close(p[0]);
    for (; *msg; ++msg) {
      struct timespec ts = { 0, 1000000 };
      if (write(p[1], msg, 1) != 1) _exit(1);
      nanosleep(&ts, 0);
    }
    _exit(0);
  }
  close(p[1]);
  buf_init(&b, p[0], space, sizeof space);
  b.timeout = 10;
  CHECK(buf_getline(&b, &line, 100) == 1 && sa_equals(&line, "hello, world\n"));
  CHECK(buf_getline(&b, &line, 100) == 1 && sa_equals(&line, "second\n"));
  CHECK(buf_getline(&b, &line, 100) == 0 && line.len == 0);
  CHECK(waitpid(pid, &status, 0) == pid && status == 0);
  close(p[0]);
  sa_free(&line);
}

static void t_read_deadline(void)
{
  int p[2];
  struct buf b;
  char space[16];
  char c;
  time_t start;

  CHECK(pipe(p) == 0);
  buf_init(&b, p[0], space, sizeof space);
  b.timeout = 1;                         /* a peer that never speaks */
  start = time(0);
  errno = 0;
  CHECK(buf_getc(&b, &c) == -1 && errno == ETIMEDOUT);
  CHECK(time(0) - start <= 3);
  CHECK(write(p[1], "z", 1) == 1);
  CHECK(buf_getc(&b, &c) == 1 && c == 'z');
  close(p[0]);
  close(p[1]);
}

static void t_write_deadline(void)
{
  /* a peer that never reads: the pipe fills and the write times out */
  int p[2];
  struct buf b;
  char space[BUF_SIZE];
  static char junk[1 << 16];
  int i;
  int failed = 0;

  CHECK(pipe(p) == 0);
  CHECK(fcntl(p[1], F_SETFL, O_NONBLOCK) == 0);
  buf_init(&b, p[1], space, sizeof space);
  b.timeout = 1;
  for (i = 0; i < 64 && !failed; ++i)    /* bounded: 4 MB at most */
    if (!buf_put(&b, junk, sizeof junk)) failed = 1;
  CHECK(failed && errno == ETIMEDOUT);
  close(p[0]);
  close(p[1]);
}

static void t_write_and_read_back(void)
{
  int p[2];
  struct buf w;
  struct buf r;
  char wspace[8];
  char rspace[64];
  char got[64];
  ssize_t n;
  size_t total = 0;

  CHECK(pipe(p) == 0);
  buf_init(&w, p[1], wspace, sizeof wspace);
  CHECK(buf_puts(&w, "abc") && buf_putc(&w, 'd') &&
        buf_put(&w, "0123456789abcdef", 16) && buf_putsflush(&w, "!"));
  close(p[1]);
  buf_init(&r, p[0], rspace, sizeof rspace);
  while ((n = buf_get(&r, got + total, sizeof got - total)) > 0)
    total += (size_t)n;
  CHECK(n == 0 && total == 21 && memcmp(got, "abcd0123456789abcdef!", 21) == 0);
  close(p[0]);
}

static void t_write_error(void)
{
  int p[2];
  struct buf w;
  char space[8];
  void (*old)(int) = signal(SIGPIPE, SIG_IGN);
  CHECK(pipe(p) == 0);
  close(p[0]);
  buf_init(&w, p[1], space, sizeof space);
  CHECK(buf_put(&w, "ab", 2) == 1);      /* buffered: no error yet */
  errno = 0;
  CHECK(buf_flush(&w) == 0 && errno == EPIPE);
  close(p[1]);
  signal(SIGPIPE, old);
}

static void t_peek_skip(void)
{
  struct buf b;
  char c;
  buf_initmem(&b, "xyz", 3);
  CHECK(buf_feed(&b) == 3 && buf_buffered(&b) == 3);
  CHECK(*buf_peek(&b) == 'x');
  buf_skip(&b, 2);
  CHECK(buf_getc(&b, &c) == 1 && c == 'z');
  CHECK(buf_getc(&b, &c) == 0);
  CHECK(buf_get(&b, &c, 0) == 0);
}

int main(void)
{
  TEST(t_lines_mem);
  TEST(t_line_cap);
  TEST(t_line_capskip);
  TEST(t_delim_nul);
  TEST(t_pipe_slow_writer);
  TEST(t_read_deadline);
  TEST(t_write_deadline);
  TEST(t_write_and_read_back);
  TEST(t_write_error);
  TEST(t_peek_skip);
  return t_done();
}
