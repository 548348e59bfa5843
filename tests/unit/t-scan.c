/* t-scan.c - strict number scanning */
#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include "scan.h"
#include "t.h"

static void t_size_ok(void)
{
  size_t n = 99;
  CHECK(scan_size("0", &n, 10) && n == 0);
  CHECK(scan_size("1", &n, 1) && n == 1);
  CHECK(scan_size("007", &n, 10) && n == 7);
  CHECK(scan_size("1000", &n, 1000) && n == 1000);       /* max exactly */
  if (sizeof(size_t) == 8)
    CHECK(scan_size("18446744073709551615", &n, SIZE_MAX) && n == SIZE_MAX);
}

static void t_size_bad(void)
{
  size_t n = 99;
  errno = 0;
  CHECK(!scan_size("", &n, 10) && errno == EINVAL);
  errno = 0;
  CHECK(!scan_size("1001", &n, 1000) && errno == ERANGE);   /* one over */
  errno = 0;
  CHECK(!scan_size("-1", &n, 10) && errno == EINVAL);
  CHECK(!scan_size("+1", &n, 10));
  CHECK(!scan_size(" 1", &n, 10));
  CHECK(!scan_size("1 ", &n, 10));
  CHECK(!scan_size("1x", &n, 10));
  CHECK(!scan_size("0x10", &n, 100));
  errno = 0;
  CHECK(!scan_size("18446744073709551616", &n, SIZE_MAX) && errno == ERANGE);
  errno = 0;
  CHECK(!scan_size("99999999999999999999999999999", &n, SIZE_MAX) &&
        errno == ERANGE);
  CHECK(n == 99);                        /* untouched on failure */
  CHECK(!scan_sizeb("12", 0, &n, 100));
  CHECK(scan_sizeb("12x", 2, &n, 100) && n == 12);
}

static void t_ulong_prefix(void)
{
  unsigned long u = 5;
  CHECK(scan_ulong("123abc", &u) == 3 && u == 123);
  u = 5;
  CHECK(scan_ulong("abc", &u) == 0 && u == 5);
  CHECK(scan_ulong("", &u) == 0);
  if (sizeof(unsigned long) == 8) {
    CHECK(scan_ulong("18446744073709551615", &u) == 20 && u == ULONG_MAX);
    CHECK(scan_ulong("18446744073709551616", &u) == 0);
  }
  CHECK(scan_ulongb("4567", 2, &u) == 2 && u == 45);
}

int main(void)
{
  TEST(t_size_ok);
  TEST(t_size_bad);
  TEST(t_ulong_prefix);
  return t_done();
}
