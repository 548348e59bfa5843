/* fz-rec.c - fuzz the record codec: rec_next on memory and rec_get on a
 * stream give the same records and errors, rec_dispatch agrees with
 * them, and every record accepted is exactly what rec_put writes */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "bounds.h"
#include "buf.h"
#include "rec.h"
#include "sa.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* the handlers re-encode what they see; "fail" makes one fail */
static int encode(void *ctx, int type, size_t max, const char *payload,
                  size_t len)
{
  struct sa *log = ctx;
  if (len > max || payload[len] != 0) abort();
  if (len && memchr(payload, 0, len)) abort();
  if (len == 4 && memcmp(payload, "fail", 4) == 0) {
    errno = ECANCELED;
    return 0;
  }
  if (type == REC_END) return rec_putend(log);
  return rec_put(log, type, payload, len);
}

static int on_f(void *ctx, const char *p, size_t len)
{
  return encode(ctx, 'F', LIM_ADDR, p, len);
}

static int on_t(void *ctx, const char *p, size_t len)
{
  return encode(ctx, 'T', LIM_ADDR, p, len);
}

static int on_s(void *ctx, const char *p, size_t len)
{
  return encode(ctx, 'S', 20, p, len);
}

static int on_z(void *ctx, const char *p, size_t len)
{
  return encode(ctx, 'Z', 0, p, len);
}

static int on_high(void *ctx, const char *p, size_t len)
{
  return encode(ctx, 0xff, 1, p, len);
}

static int on_end(void *ctx, const char *p, size_t len)
{
  return encode(ctx, REC_END, 0, p, len);
}

/* the envelope of qmail-queue, and a table with small limits */
static const struct rec_rule envelope[] = {
  { 'F', LIM_ADDR, on_f },
  { 'T', LIM_ADDR, on_t },
  { REC_END, 0, on_end },
};

static const struct rec_rule tight[] = {
  { 'S', 20, on_s },
  { 'Z', 0, on_z },
  { 0xff, 1, on_high },
  { 'T', LIM_ADDR, on_t },
};

/* walk - p[0..n) by rec_next and rec_get side by side; then check
 * rec_dispatch against what they found */
static void walk(const char *p, size_t n, const struct rec_rule *rules,
                 size_t nrules)
{
  struct buf b;
  struct sa payload = SA_ZERO;
  struct sa log = SA_ZERO;
  size_t pos = 0;
  int rm, em;
  int after_end = 0;
  int failing = 0;
  int want, got, e;

  buf_initmem(&b, p, n);
  for (;;) {
    int type = -1;
    int stype = -1;
    const char *pl = 0;
    size_t len = 0;
    size_t at = pos;
    int rs, es;

    errno = 0;
    rm = rec_next(p, n, &pos, rules, nrules, &type, &pl, &len);
    em = errno;
    errno = 0;
    rs = rec_get(&b, rules, nrules, &stype, &payload);
    es = errno;
    if (rm != rs) abort();
    if (rm == -1 && (em != es || (em != EPROTO && em != E2BIG))) abort();
    if (rm != 1) break;
    if (type != stype || type < 0 || type > 255) abort();
    if (payload.len != len || (len && memcmp(payload.s, pl, len))) abort();
    if (pos - at != (type == REC_END ? 1 : len + 2)) abort();
    if (type == REC_END && pos != n) after_end = 1;
    if (len == 4 && memcmp(pl, "fail", 4) == 0) failing = 1;
    /* canonical: putting the record back gives the same bytes */
    log.len = 0;
    if (!(type == REC_END ? rec_putend(&log) : rec_put(&log, type, pl, len)))
      abort();
    if (log.len != pos - at || memcmp(log.s, p + at, log.len)) abort();
  }

  log.len = 0;
  errno = 0;
  got = rec_dispatch(p, n, rules, nrules, &log);
  e = errno;
  want = rm == 0 && !after_end;
  if (!want) {
    /* refused before any handler ran */
    if (got != -1 || log.len != 0) abort();
    if (e != (after_end ? EPROTO : em)) abort();
  } else if (failing) {
    if (got != -1 || e != ECANCELED) abort();
    if (log.len > n || memcmp(log.s, p, log.len)) abort();
  } else {
    if (got != 1 || log.len != n || (n && memcmp(log.s, p, n))) abort();
  }
  sa_free(&payload);
  sa_free(&log);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  walk((const char *)data, size, REC_RULES(envelope));
  walk((const char *)data, size, REC_RULES(tight));
  return 0;
}
