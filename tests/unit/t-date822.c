/* t-date822.c - RFC 5322 dates */
#include <limits.h>
#include <string.h>
#include <time.h>
#include "date822.h"
#include "t.h"

static int is(time_t t, const char *want)
{
  char s[DATE822_LEN + 1];
  size_t n = date822_fmt(s, t);
  s[n] = 0;
  if (strcmp(s, want)) printf("# got \"%s\", want \"%s\"\n", s, want);
  return n == strlen(want) && !strcmp(s, want);
}

static void t_fixed(void)
{
  CHECK(is(0, "Thu, 01 Jan 1970 00:00:00 +0000"));
  CHECK(is(951782400, "Tue, 29 Feb 2000 00:00:00 +0000"));     /* leap day */
  CHECK(is(4102444800, "Fri, 01 Jan 2100 00:00:00 +0000"));
  CHECK(is(1795478399, "Mon, 23 Nov 2026 23:59:59 +0000"));
  CHECK(is(-1, "Wed, 31 Dec 1969 23:59:59 +0000"));
  CHECK(is(253402300799, "Fri, 31 Dec 9999 23:59:59 +0000"));
  CHECK(is(253402300800, "Sat, 01 Jan 10000 00:00:00 +0000"));
}

static void t_bounds(void)
{
  /* whatever time_t holds, the output fits DATE822_LEN */
  time_t ts[] = { 0, 1, -1, (time_t)LONG_MAX, (time_t)LONG_MIN,
                  (time_t)LONG_MAX / 2, (time_t)LONG_MIN / 2,
                  (time_t)67767976233316800LL };
  size_t i;
  for (i = 0; i < sizeof ts / sizeof ts[0]; ++i) {
    char s[DATE822_LEN + 8];
    size_t n;
    memset(s, 'Z', sizeof s);
    n = date822_fmt(s, ts[i]);
    CHECK(n <= DATE822_LEN && s[DATE822_LEN] == 'Z');
    CHECK(n >= 31 && !memcmp(s + n - 6, " +0000", 6));
  }
}

int main(void)
{
  TEST(t_fixed);
  TEST(t_bounds);
  return t_done();
}
