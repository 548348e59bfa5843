/* t-qmpack.c - QMTP packages and QMQP bodies from a stream */
#include <errno.h>
#include <string.h>
#include <unistd.h>
#include "bounds.h"
#include "buf.h"
#include "qmpack.h"
#include "sa.h"
#include "t.h"

static struct sa msg;
static size_t announced;
static int starts;

static void start(void *ctx, size_t len)
{
  (void)ctx;
  ++starts;
  announced = len;
  msg.len = 0;
}

static void put(void *ctx, const char *p, size_t n)
{
  (void)ctx;
  sa_catb(&msg, p, n);
}

static void init(struct qmpack *p, size_t maxrcpts)
{
  struct qmpack zero = QMPACK_ZERO;

  *p = zero;
  p->start = start;
  p->put = put;
  p->maxrcpts = maxrcpts;
  starts = 0;
}

/* qmtp - qmpack_qmtp on s[0..n); errno cleared first */
static int qmtp(struct buf *b, const char *s, size_t n, struct qmpack *p)
{
  buf_initmem(b, s, n);
  errno = 0;
  return qmpack_qmtp(b, p);
}

static int qmqp(const char *s, struct qmpack *p)
{
  struct buf b;

  buf_initmem(&b, s, strlen(s));
  errno = 0;
  return qmpack_qmqp(&b, p);
}

static void t_qmtp_two(void)
{
  static const char in[] = "6:\nhi\nx\n,3:a@b,12:3:u@c,3:v@d,,"
                           "3:\ny\n,0:,6:3:w@e,,";
  struct qmpack p;
  struct buf b;

  init(&p, 10);
  CHECK(qmtp(&b, in, sizeof in - 1, &p) == 1);
  CHECK(starts == 1 && announced == 5 && p.msglen == 5);
  CHECK(msg.len == 5 && !memcmp(msg.s, "hi\nx\n", 5));
  CHECK(!p.badencoding && !p.senderbad);
  CHECK(p.sender.len == 4 && !strcmp(p.sender.s, "a@b"));
  CHECK(p.nrcpts == 2 && p.extra == 0);
  CHECK(p.rcpts.len == 10 && !memcmp(p.rcpts.s, "Tu@c\0Tv@d\0", 10));
  CHECK(qmpack_qmtp(&b, &p) == 1);
  CHECK(msg.len == 2 && p.sender.len == 1 && p.nrcpts == 1);
  CHECK(qmpack_qmtp(&b, &p) == 0);
  qmpack_free(&p);
}

static void t_qmtp_crlf(void)
{
  static const char in[] = "11:\ra\r\nb\rc\r\nd\r,1:s,4:1:r,,";
  struct qmpack p;
  struct buf b;

  init(&p, 10);
  CHECK(qmtp(&b, in, sizeof in - 1, &p) == 1);
  CHECK(msg.len == 8 && !memcmp(msg.s, "a\nb\rc\nd\r", 8));
  CHECK(p.msglen == 10 && !p.badencoding);
  qmpack_free(&p);
}

/* a CR at the end of one read and its LF at the start of the next:
 * a buf of one byte splits every pair */
static void t_qmtp_bytewise(void)
{
  static const char in[] = "11:\ra\r\nb\rc\r\nd\r,1:s,4:1:r,,";
  struct qmpack p;
  struct buf b;
  char space[1];
  int fds[2];

  CHECK(pipe(fds) == 0);
  CHECK(write(fds[1], in, sizeof in - 1) == (ssize_t)(sizeof in - 1));
  close(fds[1]);
  buf_init(&b, fds[0], space, sizeof space);
  init(&p, 10);
  CHECK(qmpack_qmtp(&b, &p) == 1);
  CHECK(msg.len == 8 && !memcmp(msg.s, "a\nb\rc\nd\r", 8));
  CHECK(p.nrcpts == 1 && !strcmp(p.sender.s, "s"));
  CHECK(qmpack_qmtp(&b, &p) == 0);
  close(fds[0]);
  qmpack_free(&p);
}

static void t_qmtp_marks(void)
{
  struct sa in = SA_ZERO;
  struct sa list = SA_ZERO;
  struct sa addr = SA_ZERO;
  struct qmpack p;
  struct buf b;
  size_t i;

  /* a sender and a recipient over LIM_ADDR; four more past maxrcpts */
  for (i = 0; i <= LIM_ADDR; ++i) sa_append(&addr, 'x');
  sa_cats(&list, "1004:");
  sa_cat(&list, &addr);
  sa_cats(&list, ",1:a,1:b,1:c,1:d,1:e,");
  sa_cats(&in, "2:Xm,1004:");
  sa_cat(&in, &addr);
  sa_cats(&in, ",");
  sa_catulong(&in, list.len);
  sa_cats(&in, ":");
  sa_cat(&in, &list);
  sa_cats(&in, ",");
  init(&p, 2);
  CHECK(qmtp(&b, in.s, in.len, &p) == 1);
  CHECK(p.badencoding && p.senderbad);
  CHECK(p.nrcpts == 2 && p.extra == 4);
  CHECK(p.rcpts.len == 5 && !memcmp(p.rcpts.s, "B\0Ta\0", 5));
  qmpack_free(&p);
  sa_free(&in);
  sa_free(&list);
  sa_free(&addr);
}

static void t_qmtp_bad(void)
{
  static const char *const bad[] = {
    "01:\nx,1:a,3:1:b,,", "2:\nxx", "2:\nx,1:a,3:1:b,", "2:\nx,1:a,4:1:b,",
    "2:\nx,1:a,5:1:b,,,", "2:\nx,1:a,3:01:b,,", "2:\nx,1:a", "2:\nx",
    "x", "2:\nx,1:a,3:1:b;", 0
  };
  struct qmpack p;
  struct buf b;
  size_t i;

  init(&p, 10);
  for (i = 0; bad[i]; ++i)
    CHECK(qmtp(&b, bad[i], strlen(bad[i]), &p) == -1 && errno == EPROTO);
  CHECK(qmtp(&b, "99999999999:", 12, &p) == -1 && errno == E2BIG);
  CHECK(qmtp(&b, "0:,1:a,0:,", 10, &p) == 1 && p.badencoding);
  qmpack_free(&p);
}

/* a NUL would split the NUL-separated envelope: such an address is bad */
static void t_qmtp_nul(void)
{
  static const char in[] = "2:\nm,3:a\0b,12:3:u\0v,3:w@x,,";
  struct qmpack p;
  struct buf b;

  init(&p, 10);
  CHECK(qmtp(&b, in, sizeof in - 1, &p) == 1);
  CHECK(p.senderbad && p.nrcpts == 2);
  CHECK(p.rcpts.len == 7 && !memcmp(p.rcpts.s, "B\0Tw@x\0", 7));
  qmpack_free(&p);
}

static void t_qmqp(void)
{
  struct qmpack p;

  init(&p, 10);
  CHECK(qmqp("24:5:hi\nx\n,3:a@b,3:u@c,1:v,,", &p) == 1);
  CHECK(msg.len == 5 && !memcmp(msg.s, "hi\nx\n", 5));
  CHECK(!strcmp(p.sender.s, "a@b") && p.nrcpts == 2);
  CHECK(p.rcpts.len == 8 && !memcmp(p.rcpts.s, "Tu@c\0Tv\0", 8));
  CHECK(qmqp("10:1:x,3:a@b,,", &p) == 1 && p.nrcpts == 0);
  CHECK(qmqp("10:1:x,1:a,1:b,,", &p) == -1 && errno == EPROTO);
  CHECK(qmqp("12:1:x,1:a,2:b,,", &p) == -1 && errno == EPROTO);
  CHECK(qmqp("11:1:x,1:a,01:b,,", &p) == -1 && errno == EPROTO);
  CHECK(qmqp("11:9:x,1:a,1:b,,", &p) == -1 && errno == EPROTO);
  CHECK(qmqp("11:1:x,1:a,1:b,", &p) == -1 && errno == EPROTO);
  CHECK(qmqp("", &p) == -1 && errno == EPROTO);
  CHECK(qmqp("99999999999:", &p) == -1 && errno == E2BIG);
  qmpack_free(&p);
}

int main(void)
{
  TEST(t_qmtp_two);
  TEST(t_qmtp_crlf);
  TEST(t_qmtp_bytewise);
  TEST(t_qmtp_marks);
  TEST(t_qmtp_bad);
  TEST(t_qmtp_nul);
  TEST(t_qmqp);
  sa_free(&msg);
  return t_done();
}
