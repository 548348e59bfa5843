/* t-utc.c - utc_tm against the C library's gmtime_r */
#include <limits.h>
#include <stdint.h>
#include <string.h>
#include <time.h>
#include "utc.h"
#include "t.h"

static int same(time_t t)
{
  struct tm a;
  struct tm b;
  int oka;
  int okb;

  memset(&a, 0, sizeof a);
  memset(&b, 0, sizeof b);
  oka = utc_tm(t, &a);
  okb = gmtime_r(&t, &b) != 0;
  if (oka != okb) {
    printf("# %lld: utc_tm %d, gmtime_r %d\n", (long long)t, oka, okb);
    return 0;
  }
  if (!oka) return 1;
  if (a.tm_year != b.tm_year || a.tm_mon != b.tm_mon ||
      a.tm_mday != b.tm_mday || a.tm_hour != b.tm_hour ||
      a.tm_min != b.tm_min || a.tm_sec != b.tm_sec ||
      a.tm_wday != b.tm_wday || a.tm_yday != b.tm_yday || a.tm_isdst) {
    printf("# %lld: utc_tm %d-%d-%d %d:%d:%d w%d y%d, "
           "gmtime_r %d-%d-%d %d:%d:%d w%d y%d\n", (long long)t,
           a.tm_year, a.tm_mon, a.tm_mday, a.tm_hour, a.tm_min, a.tm_sec,
           a.tm_wday, a.tm_yday,
           b.tm_year, b.tm_mon, b.tm_mday, b.tm_hour, b.tm_min, b.tm_sec,
           b.tm_wday, b.tm_yday);
    return 0;
  }
  return 1;
}

static void t_fixed(void)
{
  struct tm tm;
  CHECK(utc_tm(0, &tm) && tm.tm_year == 70 && tm.tm_mon == 0 &&
        tm.tm_mday == 1 && tm.tm_wday == 4 && tm.tm_yday == 0);
  /* Fri, 04 Dec 2026 22:32:14 UTC */
  CHECK(utc_tm((time_t)1796423534LL, &tm) && tm.tm_year == 126 &&
        tm.tm_mon == 11 && tm.tm_mday == 4 && tm.tm_hour == 22 &&
        tm.tm_min == 32 && tm.tm_sec == 14 && tm.tm_wday == 5 &&
        tm.tm_yday == 337);
  /* 29 Feb 2000: a leap day in a year divisible by 400 */
  CHECK(utc_tm(951782400, &tm) && tm.tm_mon == 1 && tm.tm_mday == 29 &&
        tm.tm_yday == 59);
  CHECK(utc_tm(-1, &tm) && tm.tm_year == 69 && tm.tm_mon == 11 &&
        tm.tm_mday == 31 && tm.tm_hour == 23 && tm.tm_sec == 59 &&
        tm.tm_wday == 3 && tm.tm_yday == 364);
}

/* every day from 1600 to 2500, each at a different second of the day,
 * and the seconds on either side of each midnight */
static void t_days(void)
{
  long long day;
  int bad = 0;
  if (sizeof (time_t) < 8) return;
  for (day = -135140; day <= 194303 && bad < 5; ++day) {
    time_t t = (time_t)(day * 86400 + (day * 7919) % 86400);
    if (!same(t)) ++bad;
    if (!same((time_t)(day * 86400)) || !same((time_t)(day * 86400 - 1)))
      ++bad;
  }
  CHECK(bad == 0);
}

/* a pseudo-random spread over the whole range of a 64-bit time_t,
 * including the years no int holds, where both must fail */
static void t_spread(void)
{
  uint64_t x = 88172645463325252ULL;
  int i;
  int bad = 0;
  if (sizeof (time_t) < 8) return;
  for (i = 0; i < 200000 && bad < 5; ++i) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    /* shift by 0..63 so that small and huge values both occur */
    if (!same((time_t)((int64_t)x >> (i % 64)))) ++bad;
  }
  CHECK(bad == 0);
  CHECK(same((time_t)INT64_MAX));
  CHECK(same((time_t)INT64_MIN));
}

/* the edges of the int year, where gmtime_r starts to fail */
static void t_edges(void)
{
  /* the first second of the year INT_MAX + 1900 + 1 and the one before */
  long long lo = 0;
  long long hi = INT64_MAX / 2;
  struct tm tm;
  if (sizeof (time_t) < 8) return;
  while (hi - lo > 1) {           /* gmtime_r's largest: bisection */
    long long mid = lo + (hi - lo) / 2;
    time_t t = (time_t)mid;
    if (gmtime_r(&t, &tm)) lo = mid;
    else hi = mid;
  }
  CHECK(same((time_t)lo));
  CHECK(same((time_t)hi));
  CHECK(utc_tm((time_t)lo, &tm) && tm.tm_year == INT_MAX);
  lo = INT64_MIN / 2;
  hi = 0;
  while (hi - lo > 1) {
    long long mid = lo + (hi - lo) / 2;
    time_t t = (time_t)mid;
    if (gmtime_r(&t, &tm)) hi = mid;
    else lo = mid;
  }
  CHECK(same((time_t)lo));
  CHECK(same((time_t)hi));
}

int main(void)
{
  TEST(t_fixed);
  TEST(t_days);
  TEST(t_spread);
  TEST(t_edges);
  return t_done();
}
