/* t-fmt.c - numbers to text */
#include <limits.h>
#include <string.h>
#include "fmt.h"
#include "t.h"

static int is(const char *s, size_t n, const char *want)
{
  return n == strlen(want) && memcmp(s, want, n) == 0;
}

static void t_ulong(void)
{
  char s[FMT_ULONG];
  CHECK(is(s, fmt_ulong(s, 0), "0"));
  CHECK(is(s, fmt_ulong(s, 1), "1"));
  CHECK(is(s, fmt_ulong(s, 10), "10"));
  CHECK(is(s, fmt_ulong(s, 4294967295UL), "4294967295"));
  if (sizeof(unsigned long) == 8)
    CHECK(is(s, fmt_ulong(s, ULONG_MAX), "18446744073709551615"));
  CHECK(fmt_ulong(0, 12345) == 5);       /* counting without writing */
}

static void t_ulong0(void)
{
  char s[FMT_ULONG];
  CHECK(is(s, fmt_ulong0(s, 7, 3), "007"));
  CHECK(is(s, fmt_ulong0(s, 1234, 2), "1234"));
  CHECK(is(s, fmt_ulong0(s, 0, 0), "0"));
  CHECK(fmt_ulong0(s, 5, 1000) == FMT_ULONG - 1);   /* width is capped */
}

static void t_xlong_long(void)
{
  char s[FMT_ULONG];
  CHECK(is(s, fmt_xlong(s, 0), "0"));
  CHECK(is(s, fmt_xlong(s, 255), "ff"));
  CHECK(is(s, fmt_xlong(s, 0xdeadbeefUL), "deadbeef"));
  CHECK(is(s, fmt_long(s, -1), "-1"));
  CHECK(is(s, fmt_long(s, 42), "42"));
  if (sizeof(long) == 8)
    CHECK(is(s, fmt_long(s, LONG_MIN), "-9223372036854775808"));
}

int main(void)
{
  TEST(t_ulong);
  TEST(t_ulong0);
  TEST(t_xlong_long);
  return t_done();
}
