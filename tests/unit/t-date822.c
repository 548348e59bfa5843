/* t-date822.c - RFC 5322 dates */
#include <stdint.h>
#include <string.h>
#include <time.h>
#include "date822.h"
#include "t.h"

#define EPOCH "Thu, 01 Jan 1970 00:00:00 +0000"

/* fmt - date822_fmt into a buffer of canaries: the length, or 0 if a
 * byte past it (or past DATE822_LEN) was touched */
static size_t fmt(char *s, time_t t)
{
  char buf[DATE822_LEN + 16];
  size_t n;
  size_t i;
  memset(buf, 'Z', sizeof buf);
  n = date822_fmt(buf, t);
  if (n > DATE822_LEN) return 0;
  for (i = n; i < sizeof buf; ++i)
    if (buf[i] != 'Z') return 0;
  memcpy(s, buf, n);
  s[n] = 0;
  return n;
}

static int is(time_t t, const char *want)
{
  char s[DATE822_LEN + 1];
  size_t n = fmt(s, t);
  if (!n || strcmp(s, want)) {
    printf("# %lld: got \"%s\", want \"%s\"\n", (long long)t, s, want);
    return 0;
  }
  return 1;
}

static void t_fixed(void)
{
  CHECK(is(0, EPOCH));
  CHECK(is(951782400, "Tue, 29 Feb 2000 00:00:00 +0000"));     /* leap day */
  CHECK(is(951868800, "Wed, 01 Mar 2000 00:00:00 +0000"));
  CHECK(is(1794213000, "Mon, 09 Nov 2026 08:30:00 +0000"));
  CHECK(is(1795478399, "Mon, 23 Nov 2026 23:59:59 +0000"));
  CHECK(is(1795513800, "Tue, 24 Nov 2026 09:50:00 +0000"));
  CHECK(is(-1, "Wed, 31 Dec 1969 23:59:59 +0000"));
  CHECK(is(-86400, "Wed, 31 Dec 1969 00:00:00 +0000"));
  if (sizeof (time_t) < 8) return;
  CHECK(is((time_t)4102444800LL, "Fri, 01 Jan 2100 00:00:00 +0000"));
  CHECK(is((time_t)253402300799LL, "Fri, 31 Dec 9999 23:59:59 +0000"));
  CHECK(is((time_t)253402300800LL, "Sat, 01 Jan 10000 00:00:00 +0000"));
  /* RFC 5322: "any numeric year 1900 or later"; before that, the epoch */
  CHECK(is((time_t)-2208988800LL, "Mon, 01 Jan 1900 00:00:00 +0000"));
  CHECK(is((time_t)-2208988801LL, EPOCH));
  CHECK(is((time_t)-62135596800LL, EPOCH));                 /* year 1 */
}

/* the largest time_t gmtime_r converts: found by bisection */
static time_t largest(void)
{
  struct tm tm;
  time_t lo = 0;                                 /* converts */
  time_t hi = (time_t)INT64_MAX;                 /* may not */
  if (gmtime_r(&hi, &tm)) return hi;
  while (hi - lo > 1) {                          /* 63 rounds at most */
    time_t mid = lo + (hi - lo) / 2;
    if (gmtime_r(&mid, &tm)) lo = mid;
    else hi = mid;
  }
  return lo;
}

static void t_largest(void)
{
  char s[DATE822_LEN + 1];
  char want[DATE822_LEN + 1];
  struct tm tm;
  time_t t;
  if (sizeof (time_t) < 8) return;
  t = largest();
  CHECK(gmtime_r(&t, &tm) != 0);
  /* the last second of the year tm_year == INT_MAX, on glibc */
  strftime(want, sizeof want, "%a, %d %b", &tm);
  snprintf(want + strlen(want), sizeof want - strlen(want),
           " %lld 23:59:59 +0000", (long long)tm.tm_year + 1900);
  CHECK(fmt(s, t) && !strcmp(s, want));
  CHECK(!strcmp(s + 4, " 31 Dec 2147485547 23:59:59 +0000"));
  printf("# largest %lld: %s\n", (long long)t, s);
  CHECK(t == (time_t)INT64_MAX || is(t + 1, EPOCH));  /* past it: epoch */
}

static void t_against_strftime(void)
{
  /* an independent oracle: strftime in the C locale, every 97 hours and
   * 13 seconds from 1900 to 2200 (about 27000 dates, all weekdays,
   * months and leap days along the way) */
  char s[DATE822_LEN + 1];
  char want[DATE822_LEN + 1];
  struct tm tm;
  long long t;
  int bad = 0;
  long long first = sizeof (time_t) < 8 ? INT32_MIN : -2208988800LL;
  long long last = sizeof (time_t) < 8 ? INT32_MAX : 7258118400LL;
  for (t = first; t < last && bad < 5; t += 97 * 3600 + 13) {
    time_t tt = (time_t)t;
    if (!gmtime_r(&tt, &tm)) {
      ++bad;
      continue;
    }
    strftime(want, sizeof want, "%a, %d %b %Y %H:%M:%S +0000", &tm);
    if (!fmt(s, tt) || strcmp(s, want)) {
      printf("# %lld: got \"%s\", want \"%s\"\n", t, s, want);
      ++bad;
    }
  }
  CHECK(bad == 0);
}

static void t_bounds(void)
{
  /* whatever time_t holds, the output fits DATE822_LEN and is a date */
  time_t ts[] = { 0, 1, -1, (time_t)INT32_MAX, (time_t)INT32_MIN,
                  (time_t)INT64_MAX, (time_t)INT64_MIN,
                  (time_t)INT64_MAX / 2, (time_t)INT64_MIN / 2,
                  (time_t)67767976233316800LL, (time_t)-67768040609740800LL };
  size_t i;
  for (i = 0; i < sizeof ts / sizeof ts[0]; ++i) {
    char s[DATE822_LEN + 1];
    size_t n = fmt(s, ts[i]);
    CHECK(n >= 31 && !memcmp(s + n - 6, " +0000", 6) && s[3] == ',');
    CHECK(s[0] >= 'A' && s[0] <= 'Z' && s[7] == ' ' && s[11] == ' ');
  }
}

int main(void)
{
  TEST(t_fixed);
  TEST(t_largest);
  TEST(t_against_strftime);
  TEST(t_bounds);
  return t_done();
}
