/* t-lwork.c - the jobs qmail-lspawn gives a qmail-local -w worker
 * (lwork.h): a job written by lwork_put splits back into the same
 * fields, a malformed one is refused, a status is taken only whole and
 * for its own job, and a job travels over a socket pair with exactly
 * its two descriptors */
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include "lwork.h"
#include "sa.h"
#include "t.h"

static const char *const ARGS[LWORK_ARGS] = {
  "joe", "/home/joe", "joe-list", "-", "list", "example.org",
  "sender@example.net", "./Maildir/"
};

static void t_roundtrip(void)
{
  struct sa out = SA_ZERO;
  const char *got[LWORK_ARGS];
  unsigned long num = 0;
  size_t n;
  int i;

  CHECK(lwork_put(&out, 4711, ARGS));
  CHECK(lwork_parse(out.s, out.len, &num, got) == 1 && num == 4711);
  for (i = 0; i < LWORK_ARGS; ++i) CHECK(!strcmp(got[i], ARGS[i]));
  /* no proper prefix is a job */
  for (n = 0; n < out.len; ++n) CHECK(lwork_parse(out.s, n, &num, got) == 0);
  /* empty fields are fields (an empty sender, dash and ext) */
  {
    const char *e[LWORK_ARGS] = { "joe", "/h", "joe", "", "", "x", "", "" };
    CHECK(lwork_put(&out, 0, e));
    CHECK(out.len == sizeof "0\0joe\0/h\0joe\0\0\0x\0\0");
    CHECK(lwork_parse(out.s, out.len, &num, got) == 1 && num == 0);
    CHECK(!strcmp(got[5], "x") && !strcmp(got[6], "") && !strcmp(got[7], ""));
  }
  sa_free(&out);
}

static void t_malformed(void)
{
  const char *got[LWORK_ARGS];
  unsigned long num;
#define BAD(lit) CHECK(lwork_parse(lit, sizeof lit - 1, &num, got) == 0)
  BAD("");
  BAD("1\0a\0/h\0c\0d\0e\0f\0g\0h");         /* the last field unended */
  BAD("1\0a\0/h\0c\0d\0e\0f\0g\0");          /* a field short */
  BAD("1\0a\0/h\0c\0d\0e\0f\0g\0h\0i\0");    /* a field over */
  BAD("\0a\0/h\0c\0d\0e\0f\0g\0h\0");        /* no number */
  BAD("1x\0a\0/h\0c\0d\0e\0f\0g\0h\0");      /* not a number */
  BAD("-1\0a\0/h\0c\0d\0e\0f\0g\0h\0");
  BAD("99999999999999999999999\0a\0/h\0c\0d\0e\0f\0g\0h\0");  /* overflow */
  BAD("1\0a\0h\0c\0d\0e\0f\0g\0h\0");        /* a relative home */
  CHECK(lwork_parse("1\0a\0/h\0c\0d\0e\0f\0g\0h\0", 19, &num, got) == 1);
#undef BAD
}

static void t_limits(void)
{
  static char big[LWORK_JOB];
  const char *a[LWORK_ARGS];
  struct sa out = SA_ZERO;
  int i;

  for (i = 0; i < LWORK_ARGS; ++i) a[i] = ARGS[i];
  CHECK(lwork_fits(a));
  memset(big, 'x', sizeof big - 1);
  a[6] = big;                            /* LWORK_JOB - 1 bytes */
  CHECK(!lwork_fits(a));
  errno = 0;
  CHECK(!lwork_put(&out, 1, a) && errno == E2BIG);
  /* what lwork_fits allows, lwork_put takes with any number */
  big[LWORK_JOB - 200] = 0;
  CHECK(lwork_fits(a) && lwork_put(&out, (unsigned long)-1, a));
  CHECK(out.len <= LWORK_JOB);
  a[3] = 0;
  CHECK(!lwork_fits(a));
  errno = 0;
  CHECK(!lwork_put(&out, 1, a) && errno == E2BIG);
  sa_free(&out);
}

static void t_status(void)
{
  unsigned char st[LWORK_STATUS];
  unsigned char bad[LWORK_STATUS + 1];

  lwork_status(st, 258, 0);
  CHECK(!memcmp(st, "\0\0\0\0\0\0\1\2\0", LWORK_STATUS));
  CHECK(lwork_statusparse(st, sizeof st, 258) == 0);
  CHECK(lwork_statusparse(st, sizeof st, 259) == -1);     /* another job */
  CHECK(lwork_statusparse(st, sizeof st - 1, 258) == -1); /* short */
  memcpy(bad, st, sizeof st);
  bad[LWORK_STATUS] = 0;
  CHECK(lwork_statusparse(bad, sizeof bad, 258) == -1);   /* long */
  lwork_status(st, 7, 100);
  CHECK(lwork_statusparse(st, sizeof st, 7) == 100);
  lwork_status(st, 7, 111);
  CHECK(lwork_statusparse(st, sizeof st, 7) == 111);
  lwork_status(st, 7, 1);                                 /* no such code */
  CHECK(lwork_statusparse(st, sizeof st, 7) == -1);
  lwork_status(st, 7, 99);
  CHECK(lwork_statusparse(st, sizeof st, 7) == -1);
}

/* isopen - fd is an open descriptor with the close-on-exec flag */
static int cloexec(int fd)
{
  int f = fcntl(fd, F_GETFD);
  return f != -1 && (f & FD_CLOEXEC);
}

static void t_socket(void)
{
  int sv[2];
  int pi[2];
  int fds[2];
  int nul;
  char buf[LWORK_JOB];
  size_t n = 0;
  char c = 0;

  CHECK(socketpair(AF_UNIX, SOCK_SEQPACKET, 0, sv) == 0);
  CHECK(pipe(pi) == 0);
  nul = open("/dev/null", O_RDONLY);
  CHECK(nul != -1);
  CHECK(lwork_send(sv[0], "job", 3, nul, pi[1]));
  CHECK(lwork_recv(sv[1], buf, sizeof buf, &n, fds) == 1 && n == 3);
  CHECK(!memcmp(buf, "job", 3));
  /* the descriptors came, close-on-exec: a byte through the pipe */
  CHECK(cloexec(fds[0]) && cloexec(fds[1]));
  CHECK(write(fds[1], "z", 1) == 1 && read(pi[0], &c, 1) == 1 && c == 'z');
  close(fds[0]);
  close(fds[1]);
  /* a packet with no descriptors, or too long, is refused */
  CHECK(send(sv[0], "abc", 3, 0) == 3);
  errno = 0;
  CHECK(lwork_recv(sv[1], buf, sizeof buf, &n, fds) == -1 && errno == EPROTO);
  CHECK(lwork_send(sv[0], "abcdef", 6, nul, pi[1]));
  errno = 0;
  CHECK(lwork_recv(sv[1], buf, 3, &n, fds) == -1 && errno == EPROTO);
  /* and end of file is 0 */
  close(sv[0]);
  CHECK(lwork_recv(sv[1], buf, sizeof buf, &n, fds) == 0);
  close(sv[1]);
  close(pi[0]);
  close(pi[1]);
  close(nul);
}

int main(void)
{
  TEST(t_roundtrip);
  TEST(t_malformed);
  TEST(t_limits);
  TEST(t_status);
  TEST(t_socket);
  return t_done();
}
