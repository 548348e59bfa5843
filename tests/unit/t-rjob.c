/* t-rjob.c - the jobs qmail-rspawn gives a qmail-remote worker: what
 * rjob_put writes, rjob_parse takes back whole or not at all, and
 * rjob_report finds the end of a report */
#include <errno.h>
#include <string.h>
#include "rjob.h"
#include "sa.h"
#include "t.h"

#define RCPTS "a@x.example\0b@x.example"

static void t_roundtrip(void)
{
  struct sa out = SA_ZERO;
  struct rjob j = RJOB_ZERO;
  size_t used = 0;
  size_t n;

  CHECK(rjob_put(&out, 4711, "x.example", "joe@y.example", RCPTS, 2));
  CHECK(out.len == sizeof "M4711\0Hx.example\0Fjoe@y.example\0"
        "Ta@x.example\0Tb@x.example\0");
  CHECK(rjob_parse(out.s, out.len, &used, &j) == 1 && used == out.len);
  CHECK(j.msgnum == 4711 && !strcmp(j.host.s, "x.example"));
  CHECK(!strcmp(j.sender.s, "joe@y.example") && j.nrcpts == 2);
  CHECK(j.rcpts.len == sizeof RCPTS && !memcmp(j.rcpts.s, RCPTS, sizeof RCPTS));
  /* every proper prefix is the start of a job, not an error */
  for (n = 0; n < out.len; ++n)
    CHECK(rjob_parse(out.s, n, &used, &j) == 0);
  /* two jobs back to back: the first, and its length */
  CHECK(rjob_put(&out, 1, "z.example", "", "c@z.example", 1));
  CHECK(rjob_parse(out.s, out.len, &used, &j) == 1 && j.msgnum == 4711);
  CHECK(rjob_parse(out.s + used, out.len - used, &n, &j) == 1 &&
        j.msgnum == 1 && j.nrcpts == 1 && !strcmp(j.sender.s, "") &&
        used + n == out.len);
  rjob_free(&j);
  sa_free(&out);
}

#define BAD(s) bad(s, sizeof s - 1)

static int bad(const char *p, size_t n)
{
  struct rjob j = RJOB_ZERO;
  size_t used;
  int r;

  errno = 0;
  r = rjob_parse(p, n, &used, &j);
  rjob_free(&j);
  return r == -1 && errno == EPROTO;
}

static void t_malformed(void)
{
  CHECK(BAD("X1\0"));                                  /* unknown type */
  CHECK(BAD("Mx\0Hh\0Ff\0Tt\0\0"));                    /* not a number */
  CHECK(BAD("M\0Hh\0Ff\0Tt\0\0"));                     /* empty number */
  CHECK(BAD("M1\0M2\0Hh\0Ff\0Tt\0\0"));                /* twice */
  CHECK(BAD("M1\0Hh\0Hh\0Ff\0Tt\0\0"));
  CHECK(BAD("M1\0Hh\0Ff\0Ff\0Tt\0\0"));
  CHECK(BAD("Hh\0Ff\0Tt\0\0"));                        /* no M */
  CHECK(BAD("M1\0Ff\0Tt\0\0"));                        /* no H */
  CHECK(BAD("M1\0Hh\0Tt\0\0"));                        /* no F */
  CHECK(BAD("M1\0Hh\0Ff\0\0"));                        /* no T */
  CHECK(BAD("\0"));
  CHECK(BAD("Z"));              /* a type no job has, even without NUL */
}

static void t_limits(void)
{
  struct sa out = SA_ZERO;
  struct sa rcpts = SA_ZERO;
  struct sa big = SA_ZERO;
  struct rjob j = RJOB_ZERO;
  size_t used;
  unsigned int i;

  for (i = 0; i <= LIM_SPAWN_RCPTS; ++i)
    CHECK(sa_cats(&rcpts, "r@x.example") && sa_0(&rcpts));
  CHECK(rjob_put(&out, 1, "x.example", "", rcpts.s, LIM_SPAWN_RCPTS));
  CHECK(rjob_parse(out.s, out.len, &used, &j) == 1 &&
        j.nrcpts == LIM_SPAWN_RCPTS);
  out.len = 0;
  CHECK(rjob_put(&out, 1, "x.example", "", rcpts.s, LIM_SPAWN_RCPTS + 1));
  errno = 0;
  CHECK(rjob_parse(out.s, out.len, &used, &j) == -1 && errno == EPROTO);
  /* a host over its cap, even before its NUL has come */
  CHECK(sa_cats(&big, "M1") && sa_0(&big) && sa_append(&big, 'H'));
  for (i = 0; i <= LIM_QADDR; ++i) CHECK(sa_append(&big, 'h'));
  errno = 0;
  CHECK(rjob_parse(big.s, big.len, &used, &j) == -1 && errno == E2BIG);
  CHECK(LIM_RJOB > out.len);
  rjob_free(&j);
  sa_free(&out);
  sa_free(&rcpts);
  sa_free(&big);
}

#define REPORT(s) rjob_report(s, sizeof s - 1, &len)

static void t_report(void)
{
  size_t len = 0;

  CHECK(REPORT("Kok\0") == 1 && len == 4);
  CHECK(REPORT("r\0hno\0Zlater\0") == 1 && len == 13);
  CHECK(REPORT("r\0sno\0Dnever\0extra") == 1 && len == 13);
  CHECK(REPORT("") == 0);
  CHECK(REPORT("r\0") == 0);
  CHECK(REPORT("r\0Kok") == 0);                /* its NUL is to come */
  CHECK(REPORT("x\0") == -1);
  CHECK(REPORT("r\0\0") == -1);                /* an empty record */
}

int main(void)
{
  TEST(t_roundtrip);
  TEST(t_malformed);
  TEST(t_limits);
  TEST(t_report);
  return t_done();
}
