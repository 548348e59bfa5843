/* fz-rjob.c - fuzz the worker's job decoder: rjob_parse takes a whole
 * job or nothing; what it takes, written again by rjob_put, parses to
 * the same job; no prefix of a job is an error; rjob_report's length
 * stays inside its input and ends with a K, Z or D record */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "rjob.h"
#include "sa.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int same(const struct sa *a, const struct sa *b)
{
  return a->len == b->len && (!a->len || !memcmp(a->s, b->s, a->len));
}

static void job(const char *p, size_t size)
{
  struct rjob j = RJOB_ZERO;
  struct rjob k = RJOB_ZERO;
  struct sa out = SA_ZERO;
  size_t used = 0;
  size_t u = 0;
  size_t i;

  if (rjob_parse(p, size, &used, &j) == 1) {
    if (used == 0 || used > size) abort();
    if (!rjob_put(&out, j.msgnum, j.host.s, j.sender.s, j.rcpts.s,
                  j.nrcpts))
      abort();
    if (rjob_parse(out.s, out.len, &u, &k) != 1 || u != out.len) abort();
    if (k.msgnum != j.msgnum || k.nrcpts != j.nrcpts || !same(&k.host, &j.host) ||
        !same(&k.sender, &j.sender) || !same(&k.rcpts, &j.rcpts))
      abort();
    for (i = 0; i < used; i += 1 + used / 64)
      if (rjob_parse(p, i, &u, &k) != 0) abort();
  }
  rjob_free(&j);
  rjob_free(&k);
  sa_free(&out);
}

static void report(const char *p, size_t size)
{
  size_t len = 0;
  size_t start;

  if (rjob_report(p, size, &len) != 1) return;
  if (len == 0 || len > size || p[len - 1] != 0) abort();
  start = len - 1;
  while (start > 0 && p[start - 1] != 0) --start;
  if (!memchr("KZD", p[start], 3) || p[start] == 0) abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  job((const char *)data, size);
  report((const char *)data, size);
  return 0;
}
